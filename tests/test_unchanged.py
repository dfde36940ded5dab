"""A build with nothing to redo is known from the stamp the last good build
left: it prints what the full path would print, writes nothing and reads no
programme file. Any change to an input, an output or the command line
takes the full path, which rebuilds what it must."""

from __future__ import annotations

import os
import pickle
import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import MINIMAL, Catalogue
from generator import build as build_module


@pytest.fixture
def three(catalogue: Catalogue) -> Catalogue:
    """A catalogue of three short programmes."""
    for name in ("alpha", "beta", "gamma"):
        catalogue.write(f"{name}.yaml", MINIMAL.replace("A Minimal Programme", name.title()))
    return catalogue


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The programme folders read by each build that took the full path."""
    folders: list[Path] = []
    original = build_module.read_catalogue

    def reading(sheets: Path, *args: object) -> object:
        folders.append(sheets)
        return original(sheets, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "read_catalogue", reading)
    return folders


def output(text: str) -> str:
    return re.sub(r"\(\d+\.\d\d s\)\n$", "(0.00 s)\n", text)


def times(folder: Path) -> dict[Path, int]:
    """The modification time of every file under `folder`."""
    return {path: path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()}


def pdfs(folder: Path) -> dict[Path, int]:
    """The modification time of every PDF under `folder`, as published and
    as drawn in the cache."""
    return {path: time for path, time in times(folder).items() if path.suffix == ".pdf"}


def summary(built: Catalogue, sheets: tuple[int, int], booklet: str, folder: str = "", warnings: str = "") -> str:
    out = built.out / folder if folder else built.out
    return (
        f"{sheets[0]} sheets built, {sheets[1]} reused, 0 failed in {out}/sheets; "
        f"{out}/catalogue.pdf {booklet}{warnings} (0.00 s)\n"
    )


def test_nothing_changed_prints_what_the_full_path_prints_and_touches_nothing(
    three: Catalogue, reads: list[Path]
) -> None:
    budgets = ("--sheet-budget", "0.001", "--catalogue-budget", "0.001")  # a warning for each sheet and the booklet
    first = three.run("build", *budgets)
    assert first.status == 0 and len(reads) == 1
    assert len(re.findall(r"^warning: .* e-mail budget", first.err, re.MULTILINE)) == 4
    before = times(three.root)
    again = three.run("build", *budgets)
    assert len(reads) == 1
    assert times(three.root) == before
    (three.sheets / "beta.yaml").touch()
    full = three.run("build", *budgets)
    assert len(reads) == 2
    expected = summary(three, (0, 3), "unchanged", warnings="; 4 warnings")
    assert (again.status, again.err, output(again.out)) == (0, first.err, expected)
    assert (full.status, full.err, output(full.out)) == (0, first.err, expected)


def test_every_change_takes_the_full_path(three: Catalogue, reads: list[Path]) -> None:
    def build(*args: str) -> str:
        result = three.run("build", *args)
        assert result.status == 0, result.err
        return output(result.out)

    build()
    alpha = three.sheets / "alpha.yaml"
    known = alpha.stat()
    alpha.write_text(alpha.read_text().replace("A first paragraph", "A FIRST paragraph"))
    os.utime(alpha, ns=(known.st_atime_ns, known.st_mtime_ns))  # same size, same time: only its change time says
    assert build() == summary(three, (1, 2), "(8 pages, 1 of 1 chunks drawn)")
    assert "A FIRST paragraph" in PdfReader(three.out / "sheets" / "alpha.pdf").pages[0].extract_text()
    (three.out / "sheets" / "beta.pdf").unlink()
    assert build() == summary(three, (1, 2), "unchanged")
    assert (three.out / "sheets" / "beta.pdf").is_file()
    (three.out / "catalogue.pdf").unlink()
    assert build() == summary(three, (0, 3), "(8 pages, 0 of 1 chunks drawn)")
    three.write("delta.yaml", MINIMAL)
    assert build() == summary(three, (1, 3), "(8 pages, 1 of 1 chunks drawn)")
    french = summary(three, (4, 0), "(8 pages, 1 of 1 chunks drawn)", "fr", "; 4 warnings")  # printed in English
    assert build("--lang", "fr") == french
    assert len(reads) == 6
    assert build() == summary(three, (0, 4), "unchanged")  # the French build's stamp is not this command's
    assert build("--profile", "print") == summary(three, (4, 0), "(8 pages, 1 of 1 chunks drawn)", folder="print")
    assert len(reads) == 8
    assert build() == summary(three, (0, 4), "unchanged")  # print writes elsewhere: the stamp still holds
    assert len(reads) == 8
    brand = three.assets / "brand.yaml"
    brand.write_text(brand.read_text().replace('rgb: "#E07A2E"', 'rgb: "#D0452E"'))
    assert build() == summary(three, (4, 0), "(8 pages, 1 of 1 chunks drawn)")
    assert len(reads) == 9


def test_a_build_that_creates_its_output_folder_on_pythons_path_leaves_a_stamp_that_holds(
    three: Catalogue, reads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m generator build` run in the catalogue's folder puts that
    folder on Python's path, whose status a stamp records; the output
    folder the build creates there is the build's own change, not the
    next build's reason to take the full path. A file added there later is."""
    monkeypatch.syspath_prepend(str(three.root))
    assert not three.out.exists()
    assert three.run("build").status == 0
    assert output(three.run("build").out) == summary(three, (0, 3), "unchanged")
    assert len(reads) == 1
    (three.root / "notes.txt").write_text("to do")
    assert output(three.run("build").out) == summary(three, (0, 3), "unchanged")
    assert len(reads) == 2


def test_any_other_writing_command_forgets_the_stamp(three: Catalogue, reads: list[Path]) -> None:
    assert three.run("build").status == 0
    assert three.run("catalogue").status == 0
    assert output(three.run("build").out) == summary(three, (0, 3), "unchanged")
    assert len(reads) == 3


def test_a_programme_read_before_is_read_again_when_its_picture_changes(three: Catalogue, reads: list[Path]) -> None:
    three.write("delta.yaml", MINIMAL + "key_art: images/inside-belarus.jpg\n")
    assert three.run("build").status == 0
    before = (three.out / "sheets" / "delta.pdf").read_bytes()
    art = three.assets / "images" / "inside-belarus.jpg"
    Image.open(art).transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(art, quality=88)  # the programme file as it was
    assert output(three.run("build").out) == summary(three, (1, 3), "(8 pages, 1 of 1 chunks drawn)")
    assert (three.out / "sheets" / "delta.pdf").read_bytes() != before
    assert len(reads) == 2


class _Removes:
    """Unpickled by a trusting loader, this would delete a file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, ...]:
        return (os.remove, (str(self.path),))


def test_kept_readings_are_records_only_and_damage_is_ignored(three: Catalogue, reads: list[Path]) -> None:
    assert three.run("build").status == 0
    kept = three.out / ".cache" / "readings.pickle"
    precious = three.root / "precious.txt"
    precious.write_text("keep me")
    for damage in (pickle.dumps(_Removes(precious)), kept.read_bytes()[:100], b"not a pickle"):
        kept.write_bytes(damage)
        (three.sheets / "alpha.yaml").touch()
        assert output(three.run("build").out) == summary(three, (0, 3), "unchanged")
        assert precious.read_text() == "keep me"
    assert len(reads) == 4


def test_a_changed_budget_redraws_nothing_it_need_not(three: Catalogue) -> None:
    """The e-mail budgets only warn: raising one keeps every sheet and the
    booklet; a budget a kept file is over remakes it, to name its heaviest
    pictures; lowering the warning away keeps everything again."""
    assert three.run("build").status == 0
    before = pdfs(three.out)
    raised = three.run("build", "--sheet-budget", "2", "--catalogue-budget", "20")
    assert (raised.status, raised.err, output(raised.out)) == (0, "", summary(three, (0, 3), "unchanged"))
    assert pdfs(three.out) == before
    tight = ("--sheet-budget", "0.001", "--catalogue-budget", "0.001")
    over = three.run("build", *tight)
    assert output(over.out) == summary(three, (3, 0), "(8 pages, 0 of 1 chunks drawn)", warnings="; 4 warnings")
    assert len(re.findall(r"^warning: .* over the 0\.001 MB e-mail budget; heaviest ", over.err, re.MULTILINE)) == 4
    (three.sheets / "beta.yaml").touch()  # the full path, not the stamp of the last build
    again = three.run("build", *tight)
    assert (again.err, output(again.out)) == (over.err, summary(three, (0, 3), "unchanged", warnings="; 4 warnings"))
    drawn = pdfs(three.out)
    back = three.run("build")
    assert (back.status, back.err, output(back.out)) == (0, "", summary(three, (0, 3), "unchanged"))
    assert pdfs(three.out) == drawn
