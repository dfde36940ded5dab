"""Shared fixtures: small catalogues written into a temporary folder, and the
command line run in-process."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest
from hypothesis import settings
from PIL import Image, ImageChops

from generator import files
from generator.cli import main
from generator.design import CHUNK_PAGES

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SHEETS = ROOT / "sheets"
SAMPLE_ASSETS = ROOT / "assets"
SAMPLE_COUNT = len(list(SAMPLE_SHEETS.glob("*.yaml")))  # the sample's programmes: tests derive counts from it

MINIMAL = """\
title: A Minimal Programme
logline: One sentence that says what the film is about.
synopsis: |
  A first paragraph of the synopsis.

  A second paragraph of the synopsis.
year: 2024
duration: 52
"""


# Property tests try the examples each asks for. `make test` passes --hypothesis-profile repeatable: the same
# examples on every run, so that CI fails for a change, not for a draw; `make test-all` passes
# --hypothesis-profile slow, for four times as many drawn afresh each time
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("slow", max_examples=4 * settings.get_profile("default").max_examples)


def examples(count: int) -> int:
    """A property test's number of examples: `count` by default, more in the
    slow profile."""
    return count * settings().max_examples // settings.get_profile("default").max_examples


BUILDING = ("check", "build", "catalogue", "watch", "pack")  # the commands that take --out


@dataclass
class Run:
    status: int
    out: str
    err: str


@dataclass
class Catalogue:
    """A catalogue folder: sheets/, assets/ (sample brand and images), build/."""

    root: Path

    @property
    def sheets(self) -> Path:
        return self.root / "sheets"

    @property
    def assets(self) -> Path:
        return self.root / "assets"

    @property
    def out(self) -> Path:
        return self.root / "build"

    def write(self, name: str, text: str) -> Path:
        path = self.sheets / name
        path.write_text(text, encoding="utf-8")
        return path

    def brand(self, text: str) -> Path:
        path = self.assets / "brand.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    def run(self, *args: str) -> Run:
        out, err = io.StringIO(), io.StringIO()
        folders = ["--sheets", str(self.sheets), "--assets", str(self.assets)]
        if args[0] in BUILDING:
            folders += ["--out", str(self.out)]
        status = main([*args, *folders], stdout=out, stderr=err)
        if args[0] in BUILDING and self.out.is_dir():  # before a later run of the test replaces them
            _assert_valid(structural_problems(self.out), f" (after onesheet {args[0]})")
        return Run(status, out.getvalue(), err.getvalue())

    def errors(self, *args: str) -> list[str]:
        """The error lines of `check`, with the folder prefix removed."""
        result = self.run("check", *args)
        return [line.replace(f"{self.root}/", "") for line in result.err.splitlines()]


def small_picture(catalogue: Catalogue, name: str, width: int = 480) -> str:
    """A sample picture made small, in the catalogue's images, for tests
    where its size does not matter (a large one only takes time to
    prepare); its key_art value."""
    small = catalogue.assets / "images" / f"small-{name}"
    with Image.open(SAMPLE_ASSETS / "images" / name) as image:
        image.draft("RGB", (width, width))
        image.thumbnail((width, width))
        image.save(small, quality=85)
    return f"images/{small.name}"


def booklet_size(path: Path) -> tuple[int, int]:
    """A booklet's pages and the chunks of CHUNK_PAGES they are drawn in."""
    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
    return pages, -(-pages // CHUNK_PAGES)


def empty_catalogue(root: Path) -> Catalogue:
    """An empty catalogue in `root`, with the sample brand and images."""
    (root / "sheets").mkdir()
    shutil.copytree(SAMPLE_ASSETS, root / "assets")
    return Catalogue(root)


@pytest.fixture
def catalogue(tmp_path: Path) -> Catalogue:
    return empty_catalogue(tmp_path)


def copy_sample(root: Path) -> Catalogue:
    """A copy of the bundled sample catalogue in `root`."""
    shutil.copytree(SAMPLE_SHEETS, root / "sheets")
    shutil.copytree(SAMPLE_ASSETS, root / "assets")
    return Catalogue(root)


@pytest.fixture
def sample(tmp_path: Path) -> Catalogue:
    return copy_sample(tmp_path)


def _run_folder(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole run: with pytest-xdist, the one
    that holds every worker's."""
    base = factory.getbasetemp().resolve()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_folder(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder that `make` fills once for the whole run, whichever test
    worker needs it first; the others wait for it, then share it. Tests
    only read it: a test that changes files works on a copy."""
    folder = _run_folder(factory) / name
    with open(folder.with_name(f"{name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".made").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (folder / ".made").touch()
    return folder


def shared_build(
    factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Catalogue], *args: str
) -> tuple[Catalogue, Run]:
    """A catalogue that `make` writes into a folder, then built once for the
    whole run with `args` (see `shared_folder`), and what the build printed."""

    def build(root: Path) -> None:
        result = make(root).run(*args)
        (root / "build.json").write_text(json.dumps(vars(result)), encoding="utf-8")

    built = Catalogue(shared_folder(factory, name, build))
    return built, Run(**json.loads((built.root / "build.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalogue, Run]:
    """The sample catalogue built once for the whole run, and what the
    build printed."""
    return shared_build(tmp_path_factory, "built-sample", copy_sample, "build")


@pytest.fixture(scope="session")
def built_sample(sample_build: tuple[Catalogue, Run]) -> Catalogue:
    """The sample catalogue built (read-only; `built_copy` is a copy to
    change and build again)."""
    built, result = sample_build
    assert result.status == 0, result.err
    return built


def copy_built(built: Catalogue, root: Path) -> Catalogue:
    """A copy of a built catalogue, its outputs and cache with their
    modification times, so that a build there reuses what was built."""
    for folder in (built.sheets, built.assets, built.out):
        shutil.copytree(folder, root / folder.name, symlinks=True)
    return Catalogue(root)


@pytest.fixture
def built_copy(built_sample: Catalogue, tmp_path: Path) -> Catalogue:
    """A copy of the built sample, for a test to change and build again."""
    return copy_built(built_sample, tmp_path)


# Every PDF a test writes passes qpdf's structural check ----------------------

_VERDICTS: dict[object, list[str]] = {}  # by file (path, size, time) and by content digest


def structural_problems(folder: Path) -> dict[str, list[str]]:
    """qpdf's structural check of every PDF under `folder` (each file and
    each content checked once per run)."""
    found = {}
    for path in sorted(folder.rglob("*.pdf")):
        stat = path.stat()
        seen = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)
        if seen not in _VERDICTS:
            _VERDICTS[seen] = _verdict(path.read_bytes())
        if _VERDICTS[seen]:
            found[str(path)] = _VERDICTS[seen]
    return found


def assert_valid_pdf(data: bytes) -> None:
    """qpdf's structural check of a PDF a test made in memory."""
    problems = _verdict(data)
    assert not problems, f"a PDF that fails qpdf's structural check: {'; '.join(problems)}"


def _verdict(data: bytes) -> list[str]:
    digest = hashlib.sha256(data).hexdigest()
    if digest not in _VERDICTS:
        _VERDICTS[digest] = _check_pdf(data)
    return _VERDICTS[digest]


def _check_pdf(data: bytes) -> list[str]:
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            found = list(pdf.check_pdf_syntax())
    except pikepdf.PdfError as exc:
        found = [str(exc)]
    return [re.sub(r"stream <_io.BytesIO object at 0x[0-9a-f]+>:? ?", "", problem) for problem in found]


def _written_folders(request: pytest.FixtureRequest, run_folder: Path) -> set[Path]:
    """The temporary folders of a test: its tmp_path and those of the
    fixtures it used (shared builds, catalogues made once for a module)."""
    folders = set()
    for value in request.node.funcargs.values():
        folder = value.root if isinstance(value, Catalogue) else value if isinstance(value, Path) else None
        if folder is not None and folder.is_dir() and folder.resolve().is_relative_to(run_folder):
            folders.add(folder.resolve())
    return folders


@pytest.fixture(autouse=True)
def every_pdf_is_valid(
    request: pytest.FixtureRequest, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """After each test, every PDF in its tmp_path and in the folders of the
    fixtures it used passes qpdf's structural check."""
    yield
    for folder in sorted(_written_folders(request, _run_folder(tmp_path_factory))):
        _assert_valid(structural_problems(folder), "")


@pytest.fixture(autouse=True, scope="session")
def every_pdf_of_the_run_is_valid(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """At the end of the run, the same check of every PDF in every temporary
    folder, for any a test wrote outside the folders above."""
    yield
    _assert_valid(structural_problems(tmp_path_factory.getbasetemp()), " (found at the end of the run)")


_REPORTED: set[str] = set()


def _assert_valid(problems: dict[str, list[str]], when: str) -> None:
    new = {path: found for path, found in problems.items() if path not in _REPORTED}
    _REPORTED.update(new)
    assert not new, f"PDFs that fail qpdf's structural check{when}:\n" + "\n".join(
        f"{path}: {'; '.join(found)}" for path, found in new.items()
    )


@dataclass
class Faults:
    """Makes the nth file written (counting from 1) fail as a full disk or a
    folder without permission makes it fail: ENOSPC when its bytes are
    written (to /dev/full), EACCES when it is created. Records the files
    written, in order. Counts the files of this process only (build with
    --jobs 1)."""

    at: int | None = None
    error: int = errno.ENOSPC
    written: list[Path] = field(default_factory=list)
    linked: set[Path] = field(default_factory=set)  # of those, the second names given to files (no bytes written)

    def fail(self, at: int | None, error: int = errno.ENOSPC) -> None:
        self.at, self.error = at, error
        self.written.clear()
        self.linked.clear()

    def _create(self, path: Path) -> bool:
        """Count a file about to be created; whether it must fail."""
        self.written.append(path)
        return len(self.written) == self.at

    def mkstemp(self, dir: Path, prefix: str, suffix: str) -> tuple[int, str]:
        failing = self._create(Path(dir) / prefix[1:-1])
        if failing and self.error != errno.ENOSPC:
            raise OSError(self.error, os.strerror(self.error), str(dir))
        handle, name = tempfile.mkstemp(dir=dir, prefix=prefix, suffix=suffix)
        if failing:
            full = os.open("/dev/full", os.O_WRONLY)
            os.dup2(full, handle)
            os.close(full)
        return handle, name

    def open(self, path: str | Path, flags: int, mode: int = 0o777) -> int:
        if self._create(Path(path)):
            raise OSError(self.error, os.strerror(self.error), str(path))
        return os.open(path, flags, mode)

    def link(self, source: str | Path, path: str | Path) -> None:
        """A second name for a file (a sheet drawn in the cache, put in OUT)."""
        temporary = Path(path)  # .NAME.PID.link.tmp, counted as NAME
        name = temporary.with_name(re.sub(r"^\.(.*)\.\d+\.link\.tmp$", r"\1", temporary.name))
        self.linked.add(name)
        if self._create(name):
            raise OSError(self.error, os.strerror(self.error), str(path))
        os.link(source, path)


def inject_faults(monkeypatch: pytest.MonkeyPatch) -> Faults:
    """Fault injection into every file the generator creates (outputs,
    cache, the folder's lock) until `monkeypatch` is undone: see `Faults`."""
    state = Faults()
    monkeypatch.setattr(files, "tempfile", SimpleNamespace(mkstemp=state.mkstemp))
    monkeypatch.setattr(files, "os", SimpleNamespace(**{**vars(os), "open": state.open, "link": state.link}))
    return state


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Faults:
    return inject_faults(monkeypatch)


REFERENCES = Path(__file__).parent / "references"


def rendered(pdf: bytes, folder: Path, dpi: int, grey: bool = False) -> Image.Image:
    """The first page of a PDF as pixels (poppler's pdftoppm), or a skip
    with the reason when poppler is not installed."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    (folder / "page.pdf").write_bytes(pdf)
    options = ["-gray"] if grey else []
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), *options, "-png", "-singlefile", str(folder / "page.pdf"), str(folder / "page")],
        check=True,
    )
    return Image.open(folder / "page.png").convert("L" if grey else "RGB")


def page_texts(pdf: Path, area: tuple[float, float, float, float] | None = None) -> list[str]:
    """Each page's text as poppler's pdftotext reads it (a C reader: a
    tenth of pypdf's time), white space folded; only what lies in `area`
    (x, y from the top left, width, height in points) when given. A skip
    with the reason when poppler is not installed."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    crop = [] if area is None else [f"-{flag}" for flag in "xyWH"]
    options = [item for pair in zip(crop, (str(round(value)) for value in area or ())) for item in pair]
    text = subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def assert_pixels(actual: Image.Image, name: str, folder: Path, share: float = 0.005, tolerance: int = 64) -> None:
    """Compare an image with tests/references/<name>.png: at most `share`
    of its pixels may differ by more than `tolerance` (of 255) in a channel.
    On failure the actual and expected images are written side by side into
    `folder`. `ONESHEET_REGENERATE=1` rewrites the reference (look at it
    before committing)."""
    reference = REFERENCES / f"{name}.png"
    if os.environ.get("ONESHEET_REGENERATE"):
        REFERENCES.mkdir(exist_ok=True)
        actual.save(reference, optimize=True)
    assert reference.is_file(), f"no reference image {reference}; run with ONESHEET_REGENERATE=1 and look at it"
    expected = Image.open(reference).convert(actual.mode)
    differing = 0
    if expected.size == actual.size:
        difference = ImageChops.difference(actual, expected)
        if difference.mode != "L":
            difference = difference.convert("L")
        differing = sum(count for value, count in enumerate(difference.histogram()) if value > tolerance)
    if expected.size != actual.size or differing > share * actual.width * actual.height:
        actual.save(folder / f"{name}-actual.png")
        expected.save(folder / f"{name}-expected.png")
        pytest.fail(
            f"{name}: {differing} pixels differ from {reference} (sizes {actual.size}, {expected.size}); see {folder}"
        )
