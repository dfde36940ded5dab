"""The scripts benchmark: the CPU time of one sheet whose original title is
in each script the text engine sets, and of whole sheets in Arabic and in
Japanese, against the same sheet in Latin script alone.

    .venv/bin/python bench/scripts.py --results bench/scripts.md
    .venv/bin/python bench/scripts.py --repo /tmp/old --cases latin   # an older checkout, for before/after

Each case is a catalogue of copies of one sample programme (its picture
shared, so that text, not pictures, makes the difference), built sheets only
(`onesheet build ID…`) with one worker in a fresh process, as a user runs it.
The cost of a sheet is the CPU time of building all the copies less that of
building one, over the copies less one: imports, the brand and the fonts
are paid once and left out. `--repo` runs the `generator` package of another
checkout on its own sample, to compare commits.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import ROOT, Run, machine, onesheet, versions  # noqa: E402

# name: (sample programme, original title, its language, the sheet's language)
CASES: dict[str, tuple[str, str | None, str | None, str | None]] = {
    "latin": ("lodz-city-of-cinema", None, None, None),
    "cyrillic title": ("lodz-city-of-cinema", "Россия против России", None, None),
    "greek title": ("lodz-city-of-cinema", "Οι φύλακες της ελιάς", None, None),
    "arabic title": ("lodz-city-of-cinema", "أرز لبنان", "ar", None),
    "persian title": ("lodz-city-of-cinema", "می‌خواهم زندگی کنم", "fa", None),
    "hebrew title": ("lodz-city-of-cinema", "הדרך הארוכה הביתה", "he", None),
    "devanagari title": ("lodz-city-of-cinema", "वाराणसी के घाट", "hi", None),
    "thai title": ("lodz-city-of-cinema", "แม่น้ำโขงที่หายไป", "th", None),
    "georgian title": ("lodz-city-of-cinema", "ქართული ღვინის ისტორია", "ka", None),
    "armenian title": ("lodz-city-of-cinema", "Հայաստանի լեռները", "hy", None),
    "chinese title": ("lodz-city-of-cinema", "黄河人家", "zh-Hans", None),
    "japanese title": ("lodz-city-of-cinema", "夜明け前の東京", "ja", None),
    "korean title": ("lodz-city-of-cinema", "비 온 뒤 서울", "ko", None),
    "whole sheet in arabic": ("keepers-of-the-olive-trees", None, None, "ar"),
    "whole sheet in japanese": ("the-last-glaciers", None, None, "ja"),
}


def catalogue(root: Path, folder: Path, case: str, copies: int) -> list[str]:
    """`copies` programmes made from the case's sample programme, in
    `folder`/sheets; their ids."""
    sample, original_title, original_language, _ = CASES[case]
    programme: dict[str, Any] = yaml.safe_load((root / "sheets" / f"{sample}.yaml").read_text(encoding="utf-8"))
    programme.pop("related", None)
    if original_title is not None:
        programme["original_title"] = original_title
        if original_language is not None:
            programme["original_language"] = original_language
    sheets = folder / "sheets"
    shutil.rmtree(sheets, ignore_errors=True)
    sheets.mkdir(parents=True)
    ids = [f"{sample}-{number:02d}" for number in range(1, copies + 1)]
    for number, programme_id in enumerate(ids, 1):
        copy = dict(programme, title=f"{programme['title']} {number}")
        (sheets / f"{programme_id}.yaml").write_text(yaml.safe_dump(copy, allow_unicode=True), encoding="utf-8")
    return ids


def per_sheet(root: Path, work: Path, case: str, copies: int, repeat: int) -> tuple[float, Run]:
    """CPU seconds of one more sheet, and the run of all copies (the best
    of `repeat`)."""
    ids = catalogue(root, work, case, copies)
    language = CASES[case][3]
    options = ["--sheets", "sheets", "--assets", str(root / "assets"), "--jobs", "1"]
    if language is not None:
        options += ["--lang", language]
    best_one = best_all = None
    for _ in range(repeat):  # each run into an empty folder: nothing prepared earlier is reused
        shutil.rmtree(work / "out", ignore_errors=True)
        one = onesheet(work, "build", ids[0], *options, "--out", "out")
        shutil.rmtree(work / "out")
        every = onesheet(work, "build", *ids, *options, "--out", "out")
        best_one = one if best_one is None or one.cpu_s < best_one.cpu_s else best_one
        best_all = every if best_all is None or every.cpu_s < best_all.cpu_s else best_all
    assert best_one is not None and best_all is not None
    return (best_all.cpu_s - best_one.cpu_s) / (copies - 1), best_all


def commit(root: Path) -> str:
    command = ["git", "-C", str(root), "describe", "--always", "--dirty"]
    described = subprocess.run(command, capture_output=True, text=True, check=False)
    return described.stdout.strip() or str(root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, default=ROOT, help="the checkout whose generator runs (default: this one)")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated cases (default: all)")
    parser.add_argument("--copies", type=int, default=12, help="programmes a case (default: 12)")
    parser.add_argument("--repeat", type=int, default=3, help="runs a case; the fastest counts (default: 3)")
    parser.add_argument("--results", type=Path, help="write the report here too")
    options = parser.parse_args()
    root = options.repo.resolve()
    os.environ["PYTHONPATH"] = str(root)  # `python -m generator` imports the checkout's package
    load = os.getloadavg()[0]
    rows = []
    latin = None
    with tempfile.TemporaryDirectory(prefix="onesheet-scripts-") as work:
        for case in options.cases.split(","):
            seconds, run = per_sheet(root, Path(work), case, options.copies, options.repeat)
            latin = seconds if case == "latin" else latin
            ratio = f"{seconds / latin:.2f}×" if latin else ""
            rows.append(f"| {case} | {seconds * 1000:.0f} ms | {ratio} | {run.cpu_s:.2f} s |")
            print(rows[-1], flush=True)
    report = "\n".join(
        [
            "# Scripts benchmark",
            "",
            f"Measured on {date.today().isoformat()} on {machine()}; {versions()}; the generator of {commit(root)};",
            f"{options.copies} copies a case, best of {options.repeat}; load average {load:.2f} → "
            f"{os.getloadavg()[0]:.2f}.",
            "",
            "| case | CPU a sheet | × latin | CPU of all copies (one process) |",
            "| --- | --- | --- | --- |",
            *rows,
            "",
        ]
    )
    print(report)
    if options.results:
        options.results.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
