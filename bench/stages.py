"""Where the time of a cold build goes: `onesheet build --jobs 1` from
scratch under cProfile, summed into stages and listed by function.

The stages name functions of today's code (and Pillow's, reportlab's and
pypdf's C and Python entry points); a stage whose functions are gone after
a change reads "not found", and the lists of the costliest functions, which
name no function in advance, still say where the time went.

cProfile slows Python code more than C code (decoding, resizing, encoding,
zlib), so the Python stages weigh somewhat more here than in a run without
it; compare profiles with profiles.
"""

from __future__ import annotations

import os
import pstats
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# A stage: (file name ending, function name); file "" matches C built-ins by
# their description, e.g. "<method 'decode' of 'ImagingDecoder' objects>".
Function = tuple[str, str]


@dataclass(frozen=True)
class Stage:
    name: str
    functions: tuple[Function, ...]
    own: bool = False  # own time of C functions, not cumulative time
    less: tuple[Function, ...] = ()  # cumulative time of these, spent inside, taken off


STAGES = (
    Stage("picture preparation (all of it)", (("images.py", "prepare_cover"), ("images.py", "prepare_contain"))),
    Stage("- JPEG/PNG decode", (("", "<method 'decode' of 'ImagingDecoder' objects>"),), own=True),
    Stage(
        "- resize and reduce",
        (("", "<method 'resize' of 'ImagingCore' objects>"), ("", "<method 'reduce' of 'ImagingCore' objects>")),
        own=True,
    ),
    Stage(
        "- JPEG/PNG encode",
        (
            ("", "<method 'encode' of 'ImagingEncoder' objects>"),
            ("", "<method 'encode_to_pyfd' of 'ImagingEncoder' objects>"),
            ("", "<method 'encode_to_file' of 'ImagingEncoder' objects>"),
        ),
        own=True,
    ),
    Stage(
        "- colour conversion and copies",
        (
            ("", "<method 'convert' of 'ImagingCore' objects>"),
            ("", "<method 'copy' of 'ImagingCore' objects>"),
            ("", "<method 'transpose' of 'ImagingCore' objects>"),
        ),
        own=True,
    ),
    Stage("layout (sheets and booklet pages)", (("layout.py", "layout_sheet"),)),
    Stage("booklet plan", (("booklet.py", "plan_booklet"),)),
    Stage(
        "drawing (QR codes included), picture preparation aside",
        (("render.py", "draw_page"),),
        less=(("images.py", "prepare_cover"), ("images.py", "prepare_contain")),
    ),
    Stage("QR codes", (("render.py", "_qr_runs"),)),
    Stage("saving PDFs (reportlab: serialise, subset fonts, compress)", (("canvas.py", "save"),)),
    Stage("- font subsetting", (("ttfonts.py", "makeSubset"),)),
    Stage(
        "- zlib",
        (("", "<built-in method zlib.compress>"), ("", "<method 'compress' of 'zlib.Compress' objects>")),
        own=True,
    ),
    Stage("booklet assembly (pypdf)", (("assemble.py", "assemble_booklet"),)),
    Stage("size budgets (re-reading outputs)", (("preflight.py", "check_budget"),)),
    Stage("reading and checking programme files", (("model.py", "read_catalogue"),)),
    Stage("imports", (("<frozen importlib._bootstrap>", "_find_and_load"),)),
)


def profile_build(catalogue: Path, work: Path) -> str:
    """Profile a cold one-worker build of `catalogue` (its own build folder
    is left alone); the report in Markdown."""
    out = work / "profiled-build"
    shutil.rmtree(out, ignore_errors=True)
    data = work / "build.prof"
    root = Path(__file__).resolve().parent.parent
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cProfile",
            "-o",
            str(data),
            "-m",
            "generator",
            "build",
            "--jobs",
            "1",
            "--quiet",
            "--out",
            str(out),
        ],
        cwd=catalogue,
        check=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    return summarise(pstats.Stats(str(data)))


def summarise(stats: pstats.Stats, top: int = 25) -> str:
    entries = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    lines = [
        f"Profiled CPU time: {total:.1f} s.",
        "",
        "| stage | s | share |",
        "| --- | --- | --- |",
    ]
    for stage in STAGES:
        found = _times(entries, stage.functions)
        if not found:
            lines.append(f"| {stage.name} | not found | |")
            continue
        seconds = sum(own if stage.own else cumulative for own, cumulative in found)
        seconds -= sum(cumulative for _, cumulative in _times(entries, stage.less))
        lines.append(f"| {stage.name} | {seconds:.2f} | {seconds / total:.0%} |")
    lines += [
        "",
        f"The {top} functions with the most time of their own:",
        "",
        "| own s | share | calls | function |",
        "| --- | --- | --- | --- |",
    ]
    ranked = sorted(entries.items(), key=lambda item: -item[1][2])[:top]
    for (file, line, name), (_, calls, own, _, _) in ranked:
        lines.append(f"| {own:.2f} | {own / total:.1%} | {calls} | `{_describe(file, line, name)}` |")
    product = [item for item in entries.items() if "/generator/" in item[0][0]]
    lines += [
        "",
        f"The product's {top} functions with the most cumulative time:",
        "",
        "| cumulative s | share | calls | function |",
        "| --- | --- | --- | --- |",
    ]
    for (file, line, name), (_, calls, _, cumulative, _) in sorted(product, key=lambda item: -item[1][3])[:top]:
        lines.append(f"| {cumulative:.2f} | {cumulative / total:.0%} | {calls} | `{_describe(file, line, name)}` |")
    return "\n".join(lines)


def _times(entries: dict, functions: tuple[Function, ...]) -> list[tuple[float, float]]:  # type: ignore[type-arg]
    """Own and cumulative seconds of every function matching one of `functions`."""
    return [
        (own, cumulative)
        for (file, _, name), (_, _, own, cumulative, _) in entries.items()
        if any(_matches(file, name, pattern) for pattern in functions)
    ]


def _matches(file: str, name: str, pattern: Function) -> bool:
    suffix, function = pattern
    if not suffix:
        return file == "~" and name == function
    return name == function and file.endswith(suffix)


def _describe(file: str, line: int, name: str) -> str:
    if file == "~":
        return name
    parts = Path(file).parts
    for anchor in ("generator", "site-packages"):
        if anchor in parts:
            file = "/".join(parts[parts.index(anchor) + (anchor == "site-packages") :])
            break
    return f"{file}:{line} {name}"


if __name__ == "__main__":
    print(summarise(pstats.Stats(sys.argv[1])))
