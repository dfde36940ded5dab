"""Drawing pages into PDFs: what is made once per process for every
document that needs it."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import ttfonts

from conftest import MINIMAL, Catalogue
from generator import fonts, kept
from generator.boxes import Page, TextRun
from generator.fonts import DEFAULT_BODY, load_face
from generator.render import DocumentInfo, render_pages


def test_a_font_subset_is_made_once_for_every_sheet_that_embeds_it(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sheets that use the same characters of a font embed the same subset,
    made once in a process."""
    made: list[tuple[int, tuple[int, ...]]] = []
    original = fonts._original_subset

    def counted(face: object, subset: list[int]) -> bytes:
        made.append((id(face), tuple(subset)))
        return original(face, subset)  # type: ignore[arg-type]

    monkeypatch.setattr(fonts, "_original_subset", counted)
    fonts._subset_of.cache_clear()  # a process that has made none yet
    for name in ("one", "two", "three"):
        catalogue.write(f"{name}.yaml", MINIMAL)
    assert catalogue.run("build", "-j", "1").status == 0
    assert made and len(made) == len(set(made))
    streams = {
        name: sorted(
            bytes(font["/FontDescriptor"]["/FontFile2"].get_data())
            for font in (f.get_object() for f in page["/Resources"]["/Font"].values())
            if "/FontDescriptor" in font
        )
        for name in ("one", "two", "three")
        for page in PdfReader(catalogue.out / "sheets" / f"{name}.pdf").pages
    }
    assert streams["one"] == streams["two"] == streams["three"]


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The font files reportlab parses from now on; and every face loaded
    before forgotten, as in a new process."""
    parsed: list[str] = []
    original = ttfonts.TTFontFile.extractInfo

    def counted(face: ttfonts.TTFontFile, *args: object) -> None:
        parsed.append(Path(face.filename).name)
        original(face, *args)

    monkeypatch.setattr(ttfonts.TTFontFile, "extractInfo", counted)
    monkeypatch.setattr(kept, "_CACHE", None)  # put back after the test
    monkeypatch.setattr(kept, "_PENDING", {})
    fonts._load.cache_clear()
    return parsed


def test_a_face_read_by_one_process_is_kept_for_the_next(catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build keeps the faces reportlab read in the build cache; a later
    process draws with them without reading the fonts again, the same bytes."""
    parsed = _count_parses(monkeypatch)
    catalogue.write("film.yaml", MINIMAL)
    assert catalogue.run("build").status == 0
    outputs = (catalogue.out / "sheets" / "film.pdf", catalogue.out / "catalogue.pdf")
    drawn = {path: path.read_bytes() for path in outputs}
    assert len(parsed) == len(set(parsed)) >= 4
    assert len(list((catalogue.out / ".cache" / "fonts").iterdir())) == len(parsed)
    parsed.clear()
    fonts._load.cache_clear()  # a new process
    assert catalogue.run("build", "--force").status == 0
    assert parsed == []
    assert {path: path.read_bytes() for path in drawn} == drawn


def test_fonts_read_before_a_build_may_write_are_kept_once_it_may(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A font read while the build cache may only be read (a check, or a
    build reading its brand before it holds its output folder) is kept
    there once a build may write, and a later process does not read it."""
    parsed = _count_parses(monkeypatch)
    kept.keep_in(tmp_path, write=False)
    load_face(DEFAULT_BODY.bold)
    assert parsed == ["Lato-Bold.ttf"] and not (tmp_path / "fonts").exists()
    kept.keep_in(tmp_path)
    assert len(list((tmp_path / "fonts").iterdir())) == 1
    fonts._load.cache_clear()  # a new process
    load_face(DEFAULT_BODY.bold)
    assert parsed == ["Lato-Bold.ttf"]


class _Call:
    """What a crafted pickle would call on loading: a file touched."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (self.marker,))


def test_a_kept_face_that_is_damaged_or_not_plain_data_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept face cut short, altered, of another font, of the wrong shape
    or holding anything but plain data is never used (nor anything in it
    called): the font is read again, kept again, and draws the same bytes."""
    parsed = _count_parses(monkeypatch)

    def drawn() -> bytes:
        fonts._load.cache_clear()  # a new process
        face = load_face(DEFAULT_BODY.regular)
        page = Page(200, 50, (TextRun(5, 30, "Ångström Жж", face.name, 12, (0, 0, 0), 90),))
        return render_pages([page], DocumentInfo("", "", "", ()), {})

    expected = drawn()  # read as ever: nothing kept
    kept.keep_in(tmp_path)
    assert drawn() == expected
    [record] = (tmp_path / "fonts").iterdir()
    written = record.read_bytes()
    parsed.clear()
    assert drawn() == expected and parsed == []
    content = hashlib.sha256(DEFAULT_BODY.regular.read_bytes()).hexdigest()
    other = hashlib.sha256(DEFAULT_BODY.bold.read_bytes()).hexdigest()

    def sealed(value: object) -> bytes:
        payload = pickle.dumps(value)
        return hashlib.sha256(payload).digest() + payload

    marker = tmp_path / "called"
    damaged = [
        written[: len(written) // 2],
        written[:-9] + bytes([written[-9] ^ 1]) + written[-8:],
        written.replace(content.encode(), other.encode()),
        sealed((other, *pickle.loads(written[32:])[1:])),
        sealed((content, {}, {"unitsPerEm": "2000"})),
        sealed((content, {}, _Call(marker))),
        b"",
    ]
    for damage in damaged:
        record.write_bytes(damage)
        parsed.clear()
        assert drawn() == expected
        assert parsed == ["Lato-Regular.ttf"]
        assert record.read_bytes() == written
    assert not marker.exists()
