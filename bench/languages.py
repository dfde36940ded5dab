"""The languages benchmark: the synthetic catalogue of `run.py` with a
French and a German text for every programme, built in one, two and three
languages, then rebuilt with nothing changed and after one French synopsis
changed.

    .venv/bin/python bench/languages.py --sizes 300,1000 --results bench/languages.md

A translation here is the main text with every word spelt backwards: the
same letters, so about the same length on the page, in other words (real
French and German run a fifth longer; a sheet then takes a denser variant).
Each scenario runs `onesheet` in a fresh process with two workers, as a
user would; CPU time is the process's and its workers', as in `run.py`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import PICTURES, Run, fit, machine, onesheet, supports_alpha  # noqa: E402
from synthetic import Synthetic, make_catalogue  # noqa: E402

TRANSLATED = ("fr", "de")
SCENARIOS = [
    ("1", "build from scratch, 1 language", "en", True),
    ("2", "build from scratch, 2 languages", "en,fr", True),
    ("3", "build from scratch, 3 languages", "en,fr,de", True),
    ("unchanged", "rebuild, 3 languages, nothing changed", "en,fr,de", False),
    ("french", "rebuild, 3 languages, one French synopsis changed", "en,fr,de", False),
]


def backwards(text: str) -> str:
    return "\n".join(" ".join(word[::-1] for word in line.split(" ")) for line in text.split("\n"))


def translate(synthetic: Synthetic) -> None:
    """Give every programme a French and a German title, logline and
    synopsis, then shorten a translation that does not fit, as a user would."""
    for programme_id, fields in synthetic.programmes.items():
        text = {name: backwards(fields[name]) for name in ("title", "logline", "synopsis")}
        fields["translations"] = {language: dict(text) for language in TRANSLATED}
        synthetic.write(programme_id)
    for _ in range(4):
        run = onesheet(synthetic.folder, "check", "--lang", ",".join(TRANSLATED), "--jobs", "2", expect=None)
        overflowing = re.findall(r"/([^/:]+)\.yaml:\d+: translations\.(\w+)\.synopsis: does not fit", run.errors)
        if not overflowing:
            return
        for programme_id, language in overflowing:
            translation = synthetic.programmes[programme_id]["translations"][language]
            translation["synopsis"] = "\n\n".join(translation["synopsis"].split("\n\n")[:-1] or ["A sisponys."]) + "\n"
            synthetic.write(programme_id)
    raise SystemExit("the translations still do not fit after 4 rounds of shortening")


def measure(count: int, work: Path, alpha: bool) -> dict[str, Run]:
    synthetic = make_catalogue(work / f"n{count}", count, PICTURES, alpha=alpha)
    print(f"N = {count}: fitting the synopses and their translations (onesheet check)", flush=True)
    fit(synthetic)
    translate(synthetic)
    runs: dict[str, Run] = {}
    for key, _, languages, scratch in SCENARIOS:
        if scratch:
            shutil.rmtree(synthetic.folder / "build", ignore_errors=True)
        if key == "french":
            programme_id = list(synthetic.programmes)[count // 2]
            french = synthetic.programmes[programme_id]["translations"]["fr"]
            french["synopsis"] = "Nouvellement restauré, " + french["synopsis"]
            synthetic.write(programme_id)
        print(f"N = {count}: {key}", flush=True)
        runs[key] = onesheet(synthetic.folder, "build", "--lang", languages, "--jobs", "2")
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="300,1000", help="catalogue sizes, comma separated")
    parser.add_argument("--results", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as work:
        alpha = supports_alpha(Path(work))
        results = {size: measure(size, Path(work), alpha) for size in sizes}
    lines = ["| two workers: CPU s / wall s / peak MB of a process | " + " | ".join(f"N = {n}" for n in sizes) + " |"]
    lines.append("|" + " --- |" * (len(sizes) + 1))
    for key, label, _, _ in SCENARIOS:
        figures = (results[n][key] for n in sizes)
        lines.append(
            f"| {label} | " + " | ".join(f"{r.cpu_s:.1f} / {r.wall_s:.1f} / {r.peak_mb:.0f}" for r in figures) + " |"
        )
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
