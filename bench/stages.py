"""Where the time of a cold build goes: `onesheet build --jobs 1` from
scratch, twice.

1. Stage timings: the command runs with a CPU timer (`time.process_time`)
   around a few functions of the product and of Pillow, reportlab and pypdf
   (picture decoding, resizing, encoding, layout, drawing, saving, assembly).
   Few calls are timed, so the timers cost nothing measurable, and CPU time
   is not stretched by the load of a shared machine. A stage counts its
   outermost calls only; sub-stages are part of the stage above them.
2. cProfile, for the functions with the most time: it names no function in
   advance, so it still says where the time went after the stages' functions
   are renamed. Its clock is wall time and it slows Python code more than C
   code: read its shares as a guide, the stage timings as the figures.

A stage whose function is gone after a change reads "not found".

    python bench/stages.py CATALOGUE WORK     # both, as Markdown
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import pstats
import runpy
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

STAGES = [  # (label, "module:qualified.name"); "- " marks work done mostly inside the stage above
    ("reading and checking programme files", "generator.model:read_catalogue"),
    ("picture preparation", "generator.images:prepare_cover"),
    ("picture preparation (logos, fitted whole)", "generator.images:prepare_contain"),
    ("- decoding (Pillow)", "PIL.ImageFile:ImageFile.load"),
    ("- turning upright (EXIF)", "PIL.ImageOps:exif_transpose"),
    ("- colour conversion and copies", "PIL.Image:Image.convert"),
    ("- resizing", "PIL.Image:Image.resize"),
    ("- encoding (Pillow save)", "PIL.Image:Image.save"),
    ("layout (sheets and booklet pages)", "generator.layout:layout_sheet"),
    ("booklet plan", "generator.booklet:plan_booklet"),
    ("drawing pages (picture preparation included)", "generator.render:draw_page"),
    ("- QR codes", "generator.render:_draw_qr"),
    ("saving each PDF (reportlab: serialise, subset fonts, compress)", "reportlab.pdfgen.canvas:Canvas.save"),
    ("- font subsets", "generator.fonts:_original_subset"),  # reportlab's makeSubset, where each is made once
    ("booklet pages composed (sheets and overlays, pikepdf)", "generator.assemble:compose_chunk"),
    ("booklet assembly (pikepdf)", "generator.assemble:assemble"),
    ("size budgets (re-reading outputs)", "generator.preflight:check_budget"),
    ("writing files", "generator.files:write_atomic"),
]


def profile_build(catalogue: Path, work: Path, top: int = 20) -> str:
    """Both profiles of a cold one-worker build of `catalogue` (its own
    build folder is left alone), in Markdown."""
    timings = work / "stages.json"
    _build(catalogue, work, [sys.executable, __file__, "--timings", str(timings)])
    profile = work / "build.prof"
    _build(catalogue, work, [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "generator"])
    return stage_table(json.loads(timings.read_text())) + "\n\n" + top_functions(pstats.Stats(str(profile)), top)


def _build(catalogue: Path, work: Path, command: list[str]) -> None:
    out = work / "profiled-build"
    shutil.rmtree(out, ignore_errors=True)
    build = ["build", "--jobs", "1", "--quiet", "--out", str(out)]
    subprocess.run([*command, *build], cwd=catalogue, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def run_timed(target: Path, argv: list[str]) -> int:
    """Run `onesheet ARGV` in this process with the stage timers; write
    their CPU seconds and calls to `target`."""
    importlib.import_module("generator.cli")  # every module the command uses, so their names can be rebound
    timers = {label: _Timer() for label, _ in STAGES}
    found = {label: _instrument(spec, timers[label]) for label, spec in STAGES}
    sys.argv = ["onesheet", *argv]
    try:
        runpy.run_module("generator", run_name="__main__", alter_sys=True)
        status: Any = 0
    except SystemExit as exit:
        status = exit.code
    total = time.process_time()  # since the process started: imports included
    stages = {
        label: [timers[label].seconds, timers[label].own, timers[label].calls] if found[label] else None
        for label, _ in STAGES
    }
    target.write_text(json.dumps({"total": total, "stages": stages}), encoding="utf-8")
    return int(status or 0)


class _Timer:
    """CPU time in one function: inclusive (outermost calls), and its own
    (less the time of other timed functions it called)."""

    active: list[list[float]] = []  # per timed call in progress: [start, time in timed calls inside]

    def __init__(self) -> None:
        self.seconds = 0.0
        self.own = 0.0
        self.calls = 0
        self.depth = 0

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [time.process_time(), 0.0]
            _Timer.active.append(frame)
            self.depth += 1
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.process_time() - frame[0]
                _Timer.active.pop()
                self.depth -= 1
                self.own += elapsed - frame[1]
                if _Timer.active:
                    _Timer.active[-1][1] += elapsed
                if not self.depth:
                    self.seconds += elapsed
                    self.calls += 1

        return timed


def _instrument(spec: str, timer: _Timer) -> bool:
    """Time the function `spec` names wherever it is reachable: its module,
    its class, and every module of the product that imported it by name."""
    module_name, _, qualified = spec.partition(":")
    try:
        owner: Any = importlib.import_module(module_name)
    except ImportError:
        return False
    *path, name = qualified.split(".")
    for part in path:
        owner = getattr(owner, part, None)
    original = getattr(owner, name, None) if owner is not None else None
    if original is None:
        return False
    wrapped = timer.wrap(original)
    setattr(owner, name, wrapped)
    if not path:
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("generator") and getattr(module, name, None) is original:
                setattr(module, name, wrapped)
    return True


def stage_table(timings: dict[str, Any]) -> str:
    total = timings["total"]
    lines = [
        f"Stage timings: the build took {total:.1f} s of CPU. A stage's own time leaves out the stages it calls "
        "(drawing calls picture preparation, which calls decoding...); the own times and the rest add up to the "
        "whole.",
        "",
        "| stage | CPU s | own CPU s | own share | calls |",
        "| --- | --- | --- | --- | --- |",
    ]
    owned = 0.0
    for label, _ in STAGES:
        value = timings["stages"].get(label)
        if value is None:
            lines.append(f"| {label} | not found | | | |")
        else:
            seconds, own, calls = value
            owned += own
            lines.append(f"| {label} | {seconds:.2f} | {own:.2f} | {own / total:.0%} | {calls} |")
    rest = total - owned
    lines.append(f"| the rest (start-up, imports, checks, keys, cache) | | {rest:.2f} | {rest / total:.0%} | |")
    return "\n".join(lines)


def top_functions(stats: pstats.Stats, top: int) -> str:
    entries = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    lines = [
        f"cProfile (wall clock, {total:.1f} s under the profiler): the {top} functions with the most time of their own",
        "",
        "| own s | share | calls | function |",
        "| --- | --- | --- | --- |",
    ]
    for (file, line, name), (_, calls, own, _, _) in sorted(entries.items(), key=lambda item: -item[1][2])[:top]:
        lines.append(f"| {own:.2f} | {own / total:.1%} | {calls} | `{_describe(file, line, name)}` |")
    product = [item for item in entries.items() if "/generator/" in item[0][0]]
    lines += [
        "",
        f"and the product's {top} functions with the most cumulative time:",
        "",
        "| cumulative s | share | calls | function |",
        "| --- | --- | --- | --- |",
    ]
    for (file, line, name), (_, calls, _, cumulative, _) in sorted(product, key=lambda item: -item[1][3])[:top]:
        lines.append(f"| {cumulative:.2f} | {cumulative / total:.0%} | {calls} | `{_describe(file, line, name)}` |")
    return "\n".join(lines)


def _describe(file: str, line: int, name: str) -> str:
    if file == "~":
        return name
    parts = Path(file).parts
    for anchor in ("generator", "site-packages"):
        if anchor in parts:
            file = "/".join(parts[parts.index(anchor) + (anchor == "site-packages") :])
            break
    else:
        file = Path(file).name
    return f"{file}:{line} {name}"


if __name__ == "__main__":
    if sys.argv[1] == "--timings":
        sys.exit(run_timed(Path(sys.argv[2]), sys.argv[3:]))
    print(profile_build(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()))
