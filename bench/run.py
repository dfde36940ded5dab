"""The Onesheet benchmark: build synthetic catalogues of N programmes and
print how long builds and rebuilds take, peak memory and output sizes.

    make bench                      # N = 50, 300, 1000
    .venv/bin/python bench/run.py --sizes 50,300 --results bench/results.md

Each scenario runs `onesheet` in a fresh process, as a user would. Not part
of the tests: it measures, it does not judge.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import ROOT, make_catalogue  # noqa: E402

from generator.build import Paths, check  # noqa: E402


def onesheet(folder: Path, *args: str) -> tuple[float, int, str]:
    """Run onesheet in `folder`: wall seconds, peak RSS (MB) of the process
    and its workers, and its output."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", *args, "--quiet"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    assert process.stderr is not None
    errors = process.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"onesheet {' '.join(args)} failed in {folder}:\n{errors}")
    return seconds, usage.ru_maxrss // 1024, errors


def fit(folder: Path) -> None:
    """Shorten the synopses that do not fit until every sheet does, so
    that the booklet can be built (random extras can overflow a page)."""
    for _ in range(10):
        report = check(Paths(folder / "sheets", folder / "assets", folder / "build"))
        long = {p.path for p in report.problems if "does not fit" in p.message}
        if not report.problems:
            return
        if not long:
            raise SystemExit("\n".join(str(p) for p in report.problems))
        for path in long:
            head, _, tail = path.read_text(encoding="utf-8").partition("synopsis: |\n")
            paragraphs, _, rest = tail.partition("\nyear:")
            kept = paragraphs.strip("\n").split("\n\n")[:-1] or ["  A short synopsis."]
            path.write_text(f"{head}synopsis: |\n" + "\n\n".join(kept) + "\n\nyear:" + rest, encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def measure(count: int, work: Path) -> dict[str, float]:
    folder = make_catalogue(work / f"n{count}", count)
    fit(folder)
    out = folder / "build"
    figures: dict[str, float] = {}
    peaks = []
    for jobs in (1, 2):
        subprocess.run(["rm", "-rf", str(out)], check=True)
        seconds, peak, _ = onesheet(folder, "build", "--jobs", str(jobs))
        figures[f"scratch_{jobs}"] = seconds
        peaks.append(peak)
    seconds, peak, _ = onesheet(folder, "build")
    figures["unchanged"] = seconds
    peaks.append(peak)
    first = sorted((folder / "sheets").glob("*.yaml"))[count // 2]
    edit(first, "synopsis: |\n  ", "synopsis: |\n  Newly restored, ")
    seconds, peak, _ = onesheet(folder, "build")
    figures["synopsis"] = seconds
    peaks.append(peak)
    edit(folder / "assets" / "brand.yaml", 'rgb: "#E07A2E"', 'rgb: "#C0392B"')
    seconds, peak, _ = onesheet(folder, "build")
    figures["accent"] = seconds
    peaks.append(peak)
    sheets = sorted(path.stat().st_size for path in (out / "sheets").glob("*.pdf"))
    figures["ms_per_sheet_1"] = figures["scratch_1"] / count * 1000
    figures["ms_per_sheet_2"] = figures["scratch_2"] / count * 1000
    figures["peak_mb"] = max(peaks)
    figures["median_sheet_kb"] = statistics.median(sheets) / 1024
    figures["largest_sheet_kb"] = sheets[-1] / 1024
    figures["catalogue_mb"] = (out / "catalogue.pdf").stat().st_size / 1024 / 1024
    return figures


def warm_render_ms() -> float:
    """Median time to lay out and draw one of the sample's sheets, warm,
    in one process (fonts loaded, images prepared)."""
    from generator.brand import read_brand
    from generator.compose import prepare_env
    from generator.layout import layout_sheet
    from generator.model import read_catalogue
    from generator.render import DocumentInfo, ImageStore, render_pages

    assets = ROOT / "assets"
    catalogue = read_catalogue(ROOT / "sheets", assets)
    brand = read_brand(assets / "brand.yaml", assets)
    env = prepare_env(brand, assets, catalogue.listings)
    with tempfile.TemporaryDirectory() as cache:
        store = ImageStore(Path(cache), 200)
        times = []
        for round_ in range(4):
            for programme in catalogue.programmes:
                started = time.perf_counter()
                layout = layout_sheet(programme, env)
                info = DocumentInfo(layout.title, brand.name, layout.subject, layout.keywords)
                render_pages([layout.page], info, store)
                if round_:
                    times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


ROWS = [
    ("scratch_1", "full build from scratch, 1 worker (s)", "{:.2f}"),
    ("scratch_2", "full build from scratch, 2 workers (s)", "{:.2f}"),
    ("unchanged", "rebuild, nothing changed (s)", "{:.2f}"),
    ("synopsis", "rebuild, one synopsis changed (s)", "{:.2f}"),
    ("accent", "rebuild, brand accent colour changed (s)", "{:.2f}"),
    ("ms_per_sheet_1", "ms per programme, 1 worker (sheet + booklet page)", "{:.1f}"),
    ("ms_per_sheet_2", "ms per programme, 2 workers", "{:.1f}"),
    ("peak_mb", "peak memory of a process (MB)", "{:.0f}"),
    ("median_sheet_kb", "median sheet (KB)", "{:.0f}"),
    ("largest_sheet_kb", "largest sheet (KB)", "{:.0f}"),
    ("catalogue_mb", "catalogue (MB)", "{:.2f}"),
]


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50,300,1000", help="catalogue sizes, comma separated")
    parser.add_argument("--results", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as work:
        results = {size: measure(size, Path(work)) for size in sizes}
    warm = warm_render_ms()
    header = "| measure | " + " | ".join(f"N = {size}" for size in sizes) + " |"
    lines = [header, "|" + " --- |" * (len(sizes) + 1)]
    for key, label, form in ROWS:
        lines.append(f"| {label} | " + " | ".join(form.format(results[size][key]) for size in sizes) + " |")
    table = "\n".join(lines)
    summary = f"Warm layout and drawing of one sample sheet, one worker: {warm:.1f} ms (median)."
    print(table)
    print()
    print(summary)
    if args.results:
        text = (
            f"# Benchmark results\n\nMeasured on {date.today().isoformat()} with `make bench` on: {machine()}.\n\n"
            f"{table}\n\n{summary}\n"
        )
        args.results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
