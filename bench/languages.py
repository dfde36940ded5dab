"""The languages benchmark: the synthetic catalogue of `run.py` with a
French and a German text for every programme, built in one, two and three
languages, then rebuilt with nothing changed and after one French synopsis
changed.

    .venv/bin/python bench/languages.py --sizes 300,1000 --results bench/languages.md

A translation here is the main text with every word spelt backwards: the
same letters, so the same length on the page, in other words. Each scenario
runs `onesheet` in a fresh process with two workers, as a user would.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import fit, machine, onesheet  # noqa: E402
from synthetic import make_catalogue  # noqa: E402

LANGUAGES = ("fr", "de")
SCENARIOS = [
    ("1", "build from scratch, 1 language (s)", ("build", "--lang", "en")),
    ("2", "build from scratch, 2 languages (s)", ("build", "--lang", "en,fr")),
    ("3", "build from scratch, 3 languages (s)", ("build", "--lang", "en,fr,de")),
    ("unchanged", "rebuild, 3 languages, nothing changed (s)", ("build", "--lang", "en,fr,de")),
    ("french", "rebuild, 3 languages, one French synopsis changed (s)", ("build", "--lang", "en,fr,de")),
]


def translate(folder: Path) -> None:
    """Give every programme a French and a German title, logline and synopsis."""
    for path in sorted((folder / "sheets").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        title = re.search(r'^title: "(.*)"$', text, re.MULTILINE)
        logline = re.search(r'^logline: "(.*)"$', text, re.MULTILINE)
        synopsis = text.split("synopsis: |\n", 1)[1].split("\nyear:", 1)[0]
        assert title and logline
        lines = ["translations:"]
        for language in LANGUAGES:
            lines += [
                f"  {language}:",
                f'    title: "{backwards(title[1])}"',
                f'    logline: "{backwards(logline[1])}"',
                "    synopsis: |",
                *(f"    {backwards(line)}" if line.strip() else "" for line in synopsis.splitlines()),
            ]
        path.write_text(text + "\n".join(lines) + "\n", encoding="utf-8")


def backwards(text: str) -> str:
    return " ".join(word[::-1] for word in text.split(" "))


def measure(count: int, work: Path) -> dict[str, float]:
    folder = make_catalogue(work / f"n{count}", count)
    fit(folder)
    translate(folder)
    figures: dict[str, float] = {}
    peaks = []
    for key, _, args in SCENARIOS:
        if key in "123":
            subprocess.run(["rm", "-rf", str(folder / "build")], check=True)
        if key == "french":
            first = sorted((folder / "sheets").glob("*.yaml"))[count // 2]
            head, _, french = first.read_text(encoding="utf-8").partition("\n  fr:\n")
            french = french.replace("    synopsis: |\n    ", "    synopsis: |\n    Nouvellement restauré, ", 1)
            first.write_text(f"{head}\n  fr:\n{french}", encoding="utf-8")
        seconds, peak, _ = onesheet(folder, *args, "--jobs", "2")
        figures[key] = seconds
        peaks.append(peak)
    figures["peak_mb"] = max(peaks)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="300,1000", help="catalogue sizes, comma separated")
    parser.add_argument("--results", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as work:
        results = {size: measure(size, Path(work)) for size in sizes}
    rows = [*((key, label) for key, label, _ in SCENARIOS), ("peak_mb", "peak memory of a process (MB)")]
    lines = ["| measure, two workers | " + " | ".join(f"N = {size}" for size in sizes) + " |"]
    lines.append("|" + " --- |" * (len(sizes) + 1))
    for key, label in rows:
        form = "{:.0f}" if key == "peak_mb" else "{:.2f}"
        lines.append(f"| {label} | " + " | ".join(form.format(results[size][key]) for size in sizes) + " |")
    table = "\n".join(lines)
    print(table)
    if args.results:
        text = (
            f"# Languages benchmark\n\nMeasured on {date.today().isoformat()} with `bench/languages.py` on: "
            f"{machine()}.\n\n{table}\n"
        )
        args.results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
