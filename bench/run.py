"""The Onesheet benchmark: synthetic catalogues of N programmes, each with
its own key art, built with `onesheet` and, as an anchor, set with typst
from the same data, fonts and pictures; every figure is also a ratio to
typst writing the N sheets in the same run.

    make bench                                   # N = 50, 300, 1000; writes bench/results.md
    .venv/bin/python bench/run.py --sizes 50     # a quick look
    .venv/bin/python bench/run.py --sizes 50,300 --results /tmp/results.md --keep /tmp/bench

Every onesheet figure comes from the command line run in a fresh process,
as a user runs it, so the benchmark keeps working while the code inside
changes. Time is CPU time (user + system, of the process and every worker
it started), which the load of a shared machine disturbs far less than wall
time; wall time is given beside it, with the load average. It measures, it
does not judge: the targets are read against its figures.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from anchor import write_data  # noqa: E402
from floor import DPI, QUALITY, Floor, measure_floor  # noqa: E402
from pictures import paint  # noqa: E402
from stages import profile_build  # noqa: E402
from synthetic import ACCENT, OTHER_ACCENT, ROOT, Synthetic, make_catalogue  # noqa: E402

BENCH = Path(__file__).resolve().parent
PICTURES = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "onesheet-bench" / "pictures"
INVALID = "zz-bench-incomplete.yaml"  # a programme file that stops the catalogue (see `sheets_only`)
MB = 1024 * 1024


@dataclass(frozen=True)
class Run:
    """One process and its workers: CPU and wall seconds, the peak resident
    memory of the largest of them, and of all together (sampled)."""

    cpu_s: float
    wall_s: float
    peak_mb: float
    total_peak_mb: float
    status: int
    errors: str


@dataclass
class Figures:
    count: int
    runs: dict[str, Run] = field(default_factory=dict)
    floor: Floor | None = None
    sizes_kb: list[float] = field(default_factory=list)  # onesheet sheets
    typst_sizes_kb: list[float] = field(default_factory=list)
    typst_pages: int = 0
    load: tuple[float, float] = (0.0, 0.0)  # one-minute load average before and after
    trimmed: int = 0  # synopses shortened to fit a page


# The product as its users run it: from this checkout, with Python's compiled
# modules written and reused (an environment that forbids writing them makes
# every run compile the product again: 0.3-0.5 s of CPU a run).
_ENVIRONMENT = {
    **{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPATH": str(ROOT),
}


def timed(command: list[str], cwd: Path, expect: int | None = 0) -> Run:
    """Run `command` to its end: its CPU time with its children's, from the
    kernel's accounting when it is reaped, and its memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors, env=_ENVIRONMENT)
        sampler = _MemorySampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        sampler.stop.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        text = errors.read().decode(errors="replace")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if expect is not None and process.returncode != expect:
        raise SystemExit(f"{' '.join(command)} in {cwd} ended with status {process.returncode}:\n{text}")
    peak = usage.ru_maxrss / 1024
    return Run(cpu, wall, peak, max(sampler.peak_mb, peak), process.returncode, text)


class _MemorySampler(threading.Thread):
    """The resident memory of a process and its descendants, summed, every
    50 ms: the peak of a build with workers (rusage gives only the largest
    single process)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.peak_mb = 0.0

    def run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self.stop.wait(0.05):
            total = 0
            for pid in self._tree(self.pid):
                try:
                    total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
                except (OSError, IndexError, ValueError):
                    pass
            self.peak_mb = max(self.peak_mb, total / MB)

    def _tree(self, pid: int) -> list[int]:
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return [pid]
        return [pid, *(p for child in children for p in self._tree(int(child)))]


def onesheet(folder: Path, *args: str, expect: int | None = 0) -> Run:
    return timed([sys.executable, "-m", "generator", *args, "--quiet"], folder, expect)


def supports_alpha(work: Path) -> bool:
    """Whether this onesheet draws key art with transparency (a PNG with an
    alpha channel), tried on a catalogue of one programme."""
    folder = work / "alpha-probe"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "sheets").mkdir(parents=True)
    (folder / "assets" / "images").mkdir(parents=True)
    (folder / "assets" / "brand.yaml").write_text("name: Probe\n", encoding="utf-8")
    image = paint(random.Random(1), 400, 250)
    image.putalpha(200)
    image.save(folder / "assets" / "images" / "probe.png")
    (folder / "sheets" / "probe.yaml").write_text(
        "title: Probe\nlogline: A probe.\nsynopsis: A probe.\nyear: 2024\nduration: 52\nkey_art: images/probe.png\n",
        encoding="utf-8",
    )
    return onesheet(folder, "build", "--jobs", "1", expect=None).status == 0


def fit(synthetic: Synthetic) -> int:
    """Shorten what does not fit on a page, as a user would, until `onesheet
    check` passes; the number of programmes shortened."""
    shortened: set[str] = set()
    for _ in range(8):
        problems = _problems(onesheet(synthetic.folder, "check", "--jobs", "2", expect=None))
        overflowing = [line for line in problems if "does not fit" in line]
        if not problems:
            return len(shortened)
        if len(overflowing) < len(problems):
            raise SystemExit("the synthetic catalogue has problems besides length:\n" + "\n".join(problems))
        for line in overflowing:
            programme_id = Path(line.split(":", 1)[0]).stem
            words = len(synthetic.programmes[programme_id]["synopsis"].split())
            suggested = re.search(r"about (\d+) words", line)
            if "synopsis" in line:
                synthetic.shorten(programme_id, min(int(suggested[1]) if suggested else words, int(words * 0.9)))
            else:
                synthetic.lighten(programme_id)
            shortened.add(programme_id)
    raise SystemExit("the synthetic catalogue still does not fit after 8 rounds of shortening")


def _problems(run: Run) -> list[str]:
    """The problems a run printed (warnings aside)."""
    return [line for line in run.errors.splitlines() if line.strip() and not line.startswith("warning:")]


def sheets_only(folder: Path) -> Run:
    """A build that writes the sheets and no catalogue. The command line has
    no such switch, so one incomplete programme file is added: by contract a
    build then writes every valid sheet and leaves the catalogue alone."""
    shutil.rmtree(folder / "build-sheets-only", ignore_errors=True)
    invalid = folder / "sheets" / INVALID
    invalid.write_text("title: Incomplete\n", encoding="utf-8")
    try:
        run = onesheet(folder, "build", "--jobs", "1", "--out", "build-sheets-only", expect=1)
    finally:
        invalid.unlink()
    others = [line for line in _problems(run) if INVALID not in line and "catalogue not written" not in line]
    if others:
        raise SystemExit("the sheets-only build reported problems besides the incomplete file:\n" + "\n".join(others))
    if (folder / "build-sheets-only" / "catalogue.pdf").exists():
        raise SystemExit("the sheets-only build wrote a catalogue; measure it another way")
    return run


def measure(count: int, work: Path, pictures: Path, alpha: bool, repeat: int = 1, seed: int = 7) -> Figures:
    """Every figure of one catalogue size; each timed `repeat` times (the
    median is kept), edits made back and forth."""
    figures = Figures(count)
    load_before = os.getloadavg()[0]
    synthetic = make_catalogue(work / f"n{count}", count, pictures, seed, alpha)
    folder, out = synthetic.folder, synthetic.folder / "build"
    print(f"N = {count}: fitting the synopses (onesheet check)", flush=True)
    figures.trimmed = fit(synthetic)
    write_data(synthetic)
    anchor = [sys.executable, str(BENCH / "anchor.py"), str(folder), str(folder / "typst-out")]
    record(figures, "typst", median_of(repeat, lambda: timed(anchor, BENCH)))
    typst_sheets = sorted((folder / "typst-out").glob("*.pdf"))
    figures.typst_sizes_kb = [path.stat().st_size / 1024 for path in typst_sheets]
    figures.typst_pages = sum(_pages(path) for path in typst_sheets)
    for jobs in (1, 2):
        record(figures, f"scratch_{jobs}", median_of(repeat, lambda jobs=jobs: _from_scratch(folder, str(jobs))))
    sheets = sorted((out / "sheets").glob("*.pdf"))
    if len(sheets) != count or not (out / "catalogue.pdf").exists():
        raise SystemExit(f"the build of {folder} made {len(sheets)} sheets of {count}, or no catalogue")
    figures.sizes_kb = [path.stat().st_size / 1024 for path in sheets]
    record(figures, "unchanged", median_of(repeat, lambda: onesheet(folder, "build", "--jobs", "2")))
    edited = next(
        (
            pid
            for pid, fields in list(synthetic.programmes.items())[count // 2 :]
            if len(fields["synopsis"].split()) < 300
        ),
        next(iter(synthetic.programmes)),
    )
    original = synthetic.programmes[edited]["synopsis"]

    def edit_synopsis() -> Run:
        fields = synthetic.programmes[edited]
        fields["synopsis"] = "Newly restored, " + original if fields["synopsis"] == original else original
        synthetic.write(edited)
        return onesheet(folder, "build", "--jobs", "2")

    def edit_accent() -> Run:
        colours = synthetic.brand["colors"]["accent"]
        colours["rgb"] = OTHER_ACCENT if colours["rgb"] == ACCENT else ACCENT
        synthetic.write_brand()
        return onesheet(folder, "build", "--jobs", "2")

    record(figures, "synopsis", median_of(repeat, edit_synopsis))
    record(figures, "accent", median_of(repeat, edit_accent))
    record(figures, "sheets", median_of(repeat, lambda: sheets_only(folder)))
    print(f"N = {count}: the floor of the catalogue's pictures", flush=True)
    figures.floor = measure_floor(out / "catalogue.pdf")
    figures.load = (load_before, os.getloadavg()[0])
    return figures


def _from_scratch(folder: Path, jobs: str) -> Run:
    shutil.rmtree(folder / "build", ignore_errors=True)
    return onesheet(folder, "build", "--jobs", jobs)


def median_of(repeat: int, action: Callable[[], Run]) -> Run:
    """`action` run `repeat` times: the median CPU and wall time, the
    highest memory."""
    runs = [action() for _ in range(repeat)]
    return Run(
        statistics.median(run.cpu_s for run in runs),
        statistics.median(run.wall_s for run in runs),
        max(run.peak_mb for run in runs),
        max(run.total_peak_mb for run in runs),
        runs[-1].status,
        runs[-1].errors,
    )


def record(figures: Figures, key: str, run: Run) -> None:
    figures.runs[key] = run
    label = dict(TIMED)[key]
    print(f"N = {figures.count}: {label}: {run.cpu_s:.2f} s CPU, {run.wall_s:.2f} s wall", flush=True)


def _pages(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)


# Report ------------------------------------------------------------------------

TIMED = [
    ("typst", "typst writes the N sheets (anchor)"),
    ("scratch_1", "onesheet build from scratch, 1 worker (sheets + catalogue)"),
    ("scratch_2", "onesheet build from scratch, 2 workers"),
    ("sheets", "sheets only, from scratch, 1 worker"),
    ("synopsis", "rebuild, one synopsis changed (2 workers)"),
    ("accent", "rebuild, brand accent colour changed (2 workers)"),
    ("unchanged", "rebuild, nothing changed (2 workers)"),
]


def _ratio(value: float, anchor: float) -> str:
    return f"{value / anchor:.2f}×" if anchor else "–"


def _cpu(f: Figures, key: str) -> str:
    return f"{f.runs[key].cpu_s:.2f} s · {_ratio(f.runs[key].cpu_s, f.runs['typst'].cpu_s)}"


def _wall(f: Figures, key: str) -> str:
    return f"{f.runs[key].wall_s:.2f} s · {_ratio(f.runs[key].wall_s, f.runs['typst'].wall_s)}"


def _memory(f: Figures, key: str) -> str:
    run = f.runs[key]
    return (
        f"{run.peak_mb:.0f} / {run.total_peak_mb:.0f} MB · {_ratio(run.total_peak_mb, f.runs['typst'].total_peak_mb)}"
    )


def _per_programme(f: Figures) -> str:
    return f"{f.runs['scratch_1'].cpu_s / f.count * 1000:.0f} ms · {f.runs['typst'].cpu_s / f.count * 1000:.0f} ms"


def _floor(f: Figures) -> Floor:
    assert f.floor is not None
    return f.floor


def _catalogue(f: Figures) -> str:
    size = _floor(f).pdf_bytes
    return f"{size / MB:.2f} MB · {_ratio(size, sum(f.typst_sizes_kb) * 1024)}"


def _median_sheet(f: Figures) -> str:
    mine, theirs = statistics.median(f.sizes_kb), statistics.median(f.typst_sizes_kb)
    return f"{mine:.0f} KB · {_ratio(mine, theirs)}"


def _table(results: dict[int, Figures], rows: list[tuple[str, Callable[[Figures], str]]]) -> list[str]:
    sizes = sorted(results)
    lines = ["| | " + " | ".join(f"N = {size}" for size in sizes) + " |", "|" + " --- |" * (len(sizes) + 1)]
    lines += [f"| {label} | " + " | ".join(cell(results[size]) for size in sizes) + " |" for label, cell in rows]
    return lines


def _both(f: Figures, key: str) -> str:
    return f"{f.runs[key].wall_s:.2f} s wall, {f.runs[key].cpu_s:.2f} s CPU"


def _targets(results: dict[int, Figures]) -> list[str]:
    """Issue 17's targets beside today's figures."""
    lines = ["| target | measured |", "| --- | --- |"]
    for size in (300, 1000):
        if size in results:
            f = results[size]
            lines.append(
                f"| cold full build ≤ 1.0× typst's CPU, N = {size} | {_cpu(f, 'scratch_1')} (1 worker), "
                f"{_cpu(f, 'scratch_2')} (2 workers) |"
            )
    largest = results[max(results)]
    n = f"N = {largest.count}"
    lines += [
        f"| one synopsis changed < 1.5 s, 2 workers, N = 1000 | {_both(largest, 'synopsis')} ({n}) |",
        f"| nothing changed < 0.5 s, N = 1000 | {_both(largest, 'unchanged')} ({n}) |",
        f"| catalogue ≤ 1.25× the floor of its pictures, N = 1000 | {_floor(largest).ratio:.2f}× ({n}) |",
    ]
    return lines


def report(results: dict[int, Figures], alpha: bool, profile: str | None, repeat: int = 1, seed: int = 7) -> str:
    cpu = _table(
        results,
        [
            *((label, lambda f, k=key: _cpu(f, k)) for key, label in TIMED),
            ("CPU per programme: build from scratch, 1 worker · typst", _per_programme),
        ],
    )
    wall = _table(
        results,
        [
            *((label, lambda f, k=key: _wall(f, k)) for key, label in TIMED),
            ("load average (1 min), before → after", lambda f: f"{f.load[0]:.2f} → {f.load[1]:.2f}"),
        ],
    )
    sizes = _table(
        results,
        [
            ("peak memory, typst: largest process / all", lambda f: _memory(f, "typst")),
            ("peak memory, build from scratch, 1 worker", lambda f: _memory(f, "scratch_1")),
            ("peak memory, build from scratch, 2 workers", lambda f: _memory(f, "scratch_2")),
            ("catalogue · ratio to typst's N sheets together", _catalogue),
            (
                f"floor of the catalogue's pictures ({DPI} dpi, JPEG quality {QUALITY})",
                lambda f: f"{_floor(f).floor_bytes / MB:.2f} MB ({_floor(f).images} pictures)",
            ),
            ("catalogue / floor", lambda f: f"{_floor(f).ratio:.2f}×"),
            (
                "pictures as stored in the catalogue / floor",
                lambda f: f"{_floor(f).embedded_bytes / _floor(f).floor_bytes:.2f}×",
            ),
            ("median sheet · ratio to typst's", _median_sheet),
            ("largest sheet · typst's largest", lambda f: f"{max(f.sizes_kb):.0f} KB · {max(f.typst_sizes_kb):.0f} KB"),
            ("pages typst wrote (one a sheet is right)", lambda f: str(f.typst_pages)),
            ("synopses shortened to fit a page", lambda f: str(f.trimmed)),
        ],
    )
    notes = [
        f"Measured on {date.today().isoformat()} on {machine()}; {versions()}; catalogues of seed {seed}.",
        "",
        "Each catalogue has one picture a programme (1–4 K pixels; mostly JPEG, some PNG, a fifth portrait, a few "
        "greyscale, CMYK, transparent or EXIF-rotated), synopses mostly of 150–400 words, 0–6 related titles, "
        "credits, awards, quotes and screeners on some (`bench/synthetic.py`, `bench/pictures.py`). typst sets the "
        "same data with the same fonts and pictures in a template of the same design (`bench/sheet.typ`): one "
        "compiler in one process writing one PDF a programme. Every figure is also given as a ratio to typst's "
        "in the same run. Rebuilds follow the 2-worker build from scratch, in this order: nothing changed, one "
        "synopsis changed, accent colour changed.",
        "",
        "CPU time is the user and system time of the process and all its workers. Wall time depends on the load "
        "of the machine, whose cores other work shares: the load average is noted under the wall times. "
        "Python's compiled modules are written and reused, as on a user's machine.",
    ]
    if repeat > 1:
        notes += ["", f"Each figure is the median of {repeat} runs (edits made back and forth)."]
    if not alpha:
        notes += [
            "",
            "This onesheet cannot draw key art with transparency (a build of such a programme fails), "
            "so the transparent PNGs were laid on white for this run.",
        ]
    text = [
        "# Benchmark results",
        "",
        *notes,
        "",
        "## Targets of issue 17",
        "",
        *_targets(results),
        "",
        "## CPU time (× typst)",
        "",
        *cpu,
        "",
        "## Wall time (× typst)",
        "",
        *wall,
        "",
        "## Memory and sizes",
        "",
        *sizes,
        "",
        "Memory: the largest single process / all processes together (sampled every 50 ms); the ratio is of "
        "the latter to typst's. The floor is each distinct picture of the catalogue cropped to what shows, at "
        "its placed size and the product's resolution and JPEG quality (`bench/floor.py`); typst embeds the "
        "pictures as sent, hence its large files.",
    ]
    if profile:
        text += ["", "## Where the time of a cold build goes", "", profile]
    return "\n".join(text) + "\n"


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return f"{model}, {os.cpu_count()} cores, {memory:.0f} GB, {platform.system()} {platform.release()}"


def versions() -> str:
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    packages = ", ".join(
        f"{name} {importlib.metadata.version(name)}" for name in ("typst", "Pillow", "reportlab", "pypdf")
    )
    return f"onesheet at {commit}, Python {platform.python_version()}, {packages}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50,300,1000", help="catalogue sizes, comma separated (default 50,300,1000)")
    parser.add_argument("--results", type=Path, help="also write the report to this Markdown file")
    parser.add_argument("--pictures", type=Path, default=PICTURES, help=f"picture cache (default {PICTURES})")
    parser.add_argument("--seed", type=int, default=7, help="another catalogue of the same mix (default 7)")
    parser.add_argument("--repeat", type=int, default=1, help="time each scenario this many times (the median)")
    parser.add_argument("--keep", type=Path, help="make the catalogues in this folder and keep them")
    parser.add_argument(
        "--profile",
        type=int,
        default=300,
        metavar="N",
        help="profile a cold build of the largest catalogue of at most N programmes (default 300; 0: none)",
    )
    args = parser.parse_args()
    try:
        import pikepdf  # noqa: F401
        import typst  # noqa: F401
    except ImportError:
        raise SystemExit(
            "the benchmark needs the bench extra: .venv/bin/pip install -e '.[bench]' (make bench does)"
        ) from None
    sizes = sorted(int(size) for size in args.sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="onesheet-bench-") as temporary:
        work = args.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        alpha = supports_alpha(work)
        results = {size: measure(size, work, args.pictures, alpha, args.repeat, args.seed) for size in sizes}
        profiled = max((size for size in sizes if size <= args.profile), default=None)
        profile = None
        if profiled is not None:
            print(f"N = {profiled}: profiling a cold build", flush=True)
            profile = f"A build from scratch of the {profiled}-programme catalogue, 1 worker.\n\n"
            profile += profile_build(work / f"n{profiled}", work)
    text = report(results, alpha, profile, args.repeat, args.seed)
    print(text)
    if args.results:
        args.results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
