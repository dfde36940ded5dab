"""Shared fixtures: small catalogues written into a temporary folder, and the
command line run in-process."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest

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
        folders = ["--sheets", str(self.sheets), "--assets", str(self.assets), "--out", str(self.out)]
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
