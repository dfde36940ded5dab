"""Shared fixtures: small catalogues written into a temporary folder, and the
command line run in-process."""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest
from PIL import Image, ImageChops

from generator import files
from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SHEETS = ROOT / "sheets"
SAMPLE_ASSETS = ROOT / "assets"

MINIMAL = """\
title: A Minimal Programme
logline: One sentence that says what the film is about.
synopsis: |
  A first paragraph of the synopsis.

  A second paragraph of the synopsis.
year: 2024
duration: 52
"""


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
        return Run(status, out.getvalue(), err.getvalue())

    def errors(self, *args: str) -> list[str]:
        """The error lines of `check`, with the folder prefix removed."""
        result = self.run("check", *args)
        return [line.replace(f"{self.root}/", "") for line in result.err.splitlines()]


@pytest.fixture
def catalogue(tmp_path: Path) -> Catalogue:
    """An empty catalogue with the sample brand and images."""
    (tmp_path / "sheets").mkdir()
    shutil.copytree(SAMPLE_ASSETS, tmp_path / "assets")
    return Catalogue(tmp_path)


def copy_sample(root: Path) -> Catalogue:
    """A copy of the bundled sample catalogue in `root`."""
    shutil.copytree(SAMPLE_SHEETS, root / "sheets")
    shutil.copytree(SAMPLE_ASSETS, root / "assets")
    return Catalogue(root)


@pytest.fixture
def sample(tmp_path: Path) -> Catalogue:
    return copy_sample(tmp_path)


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """The sample catalogue built once for the whole session (read-only)."""
    built = copy_sample(tmp_path_factory.mktemp("sample"))
    result = built.run("build")
    assert result.status == 0, result.err
    return built


def structural_problems(folder: Path) -> dict[str, list[str]]:
    """qpdf's structural check of every PDF under `folder`."""
    found = {}
    for path in sorted(folder.rglob("*.pdf")):
        with pikepdf.open(path) as pdf:
            problems = pdf.check_pdf_syntax()
        if problems:
            found[str(path)] = problems
    return found


@pytest.fixture(autouse=True)
def every_pdf_is_valid(tmp_path: Path) -> Iterator[None]:
    """After each test, every PDF it wrote passes qpdf's structural check."""
    yield
    assert structural_problems(tmp_path) == {}


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

    def fail(self, at: int | None, error: int = errno.ENOSPC) -> None:
        self.at, self.error = at, error
        self.written.clear()

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


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Faults:
    """Fault injection into every file the generator creates (outputs,
    cache, the folder's lock): see `Faults`."""
    state = Faults()
    monkeypatch.setattr(files, "tempfile", SimpleNamespace(mkstemp=state.mkstemp))
    monkeypatch.setattr(files, "os", SimpleNamespace(**{**vars(os), "open": state.open}))
    return state


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
