"""Sample sheets read back with pypdf: what a buyer's PDF reader sees."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader

from conftest import SAMPLE_ASSETS, SAMPLE_SHEETS, Catalogue
from generator import __version__
from generator.model import read_catalogue
from generator.text import Texts, join_names

A4 = (595.28, 841.89)
IDS = sorted(path.stem for path in SAMPLE_SHEETS.glob("*.yaml"))
ENGLISH = Texts(SAMPLE_ASSETS).labels


def normalise(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def programmes(built_sample: Catalogue) -> dict[str, object]:
    return dict(read_catalogue(built_sample.sheets, built_sample.assets).by_id())


def sheet(built: Catalogue, programme_id: str) -> PdfReader:
    return PdfReader(built.out / "sheets" / f"{programme_id}.pdf")


@pytest.mark.parametrize("programme_id", IDS)
def test_every_field_is_printed_on_one_a4_page(built_sample: Catalogue, programmes: dict, programme_id: str) -> None:
    reader = sheet(built_sample, programme_id)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A4
    text = normalise(reader.pages[0].extract_text())
    p = programmes[programme_id]
    # a synopsis too long for the page gives way to the short one and a link to the whole on the programme's page
    short = bool(p.short_synopsis) and normalise(p.synopsis[0]) not in text
    expected = [p.title, p.logline, *(p.short_synopsis if short else p.synopsis), str(p.year), ENGLISH.duration(p)]
    expected += [f"Full synopsis: {p.url.removeprefix('https://www.')}"] if short and p.url else []
    expected += [join_names(p.directors), ", ".join(p.versions), " · ".join(p.formats)]
    expected += [value for value in (p.production, p.country, p.original_title, p.rights) if value]
    expected += [p.status.upper()] if p.status else []  # a badge, in capitals
    expected += [
        *(award.text for award in p.awards),
        *(q.text for q in p.quotes),
        *(q.source.upper() for q in p.quotes if q.source),
    ]
    expected += [name for credit in p.credits for name in credit.names]
    expected += [credit.role.upper() for credit in p.credits]
    expected += [genre.upper() for genre in p.genres]
    for related in p.related:
        expected += [programmes[related].title, programmes[related].logline]
    compounds = text.replace("- ", "-")  # a line broken after the hyphen of a compound word
    hyphenated = text.replace("- ", "")  # or a word too long for its column, cut with a hyphen
    for value in map(normalise, filter(None, expected)):
        assert value.replace("- ", "-") in compounds or value in hyphenated, f"{programme_id}: {value!r} missing"


def test_unset_fields_leave_no_label(built_sample: Catalogue) -> None:
    text = sheet(built_sample, "inside-belarus").pages[0].extract_text()
    for label in ("RIGHTS", "FORMATS", "CREDITS", "FESTIVALS", "WATCH", "Screener"):
        assert label not in text
    full = sheet(built_sample, "the-last-glaciers").pages[0].extract_text()
    for label in ("RIGHTS", "FORMATS", "CREDITS", "FESTIVALS & AWARDS", "WATCH", "Screener", "NEW"):
        assert label in full
    assert "STATUS" not in full  # the status is a badge, printed once


def test_cyrillic_and_greek_extract_as_real_text(built_sample: Catalogue) -> None:
    assert "Россия против России" in sheet(built_sample, "russia-vs-russia").pages[0].extract_text()
    assert "Οι φύλακες της ελιάς" in sheet(built_sample, "keepers-of-the-olive-trees").pages[0].extract_text()
    assert "Lupii din Carpați" in sheet(built_sample, "wolves-of-the-carpathians").pages[0].extract_text()


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """Base font name -> whether a font file is embedded."""
    fonts = {}
    resources = reader.pages[0]["/Resources"]["/Font"]
    for ref in resources.values():
        font = ref.get_object()
        descendants = font.get("/DescendantFonts")
        target = descendants[0].get_object() if descendants else font
        descriptor = target.get("/FontDescriptor")
        files = ("/FontFile", "/FontFile2", "/FontFile3")
        embedded = bool(descriptor) and any(key in descriptor.get_object() for key in files)
        fonts[str(font["/BaseFont"])] = embedded
    return fonts


def test_fonts_are_embedded_subsets(built_sample: Catalogue) -> None:
    fonts = embedded_fonts(sheet(built_sample, "the-last-glaciers"))
    assert fonts and all(fonts.values())
    assert all(re.fullmatch(r"/[A-Z]{6}\+.+", name) for name in fonts), fonts
    families = {name.split("+")[1] for name in fonts}
    assert {"Lato-Regular", "Lato-Italic", "RobotoCondensed-Bold"} <= families


def links(reader: PdfReader) -> list[str]:
    return [
        annot.get_object()["/A"]["/URI"]
        for annot in reader.pages[0].get("/Annots", [])
        if annot.get_object().get("/Subtype") == "/Link"
    ]


def test_links(built_sample: Catalogue) -> None:
    uris = links(sheet(built_sample, "the-last-glaciers"))
    assert "mailto:elodie@example.com" in uris
    assert "mailto:jonas@example.com" in uris
    assert "https://www.example.com" in uris
    assert uris.count("https://screeners.example.com/the-last-glaciers") == 2  # the QR code and its caption
    assert all(uri.startswith(("https://", "mailto:")) for uri in uris)


def test_metadata(built_sample: Catalogue) -> None:
    info = sheet(built_sample, "inside-belarus").metadata
    assert info.title == "Inside Belarus: Putin’s Puppet Regime"
    assert info.author == "Lanterna Docs International"
    assert info.subject.startswith("They share a common ideology")
    assert info["/Keywords"] == "Current Affairs, Politics"
    assert info.creator == f"Onesheet {__version__}"


def test_same_input_same_bytes(built_sample: Catalogue, tmp_path: Path) -> None:
    other = Catalogue(tmp_path)
    shutil.copytree(built_sample.sheets, other.sheets)
    shutil.copytree(built_sample.assets, other.assets)
    assert other.run("build", "--quiet", "inside-belarus").status == 0
    built = (built_sample.out / "sheets" / "inside-belarus.pdf").read_bytes()
    assert (other.out / "sheets" / "inside-belarus.pdf").read_bytes() == built


def drawn_widths(page: object) -> list[float]:
    """The width (in points) each image of a page is drawn at."""
    widths: list[float] = []

    def visit(operator: bytes, operands: list, cm: list, tm: list) -> None:  # type: ignore[type-arg]
        if operator == b"Do":
            widths.append(float(cm[0]))

    page.extract_text(visitor_operand_before=visit)  # type: ignore[attr-defined]
    return widths


def image_widths(page: PageObject) -> list[int]:
    """The width (in pixels) of each picture of a page, read from its
    dictionary (not decoded)."""
    pictures = [ref.get_object() for ref in page["/Resources"].get("/XObject", {}).values()]
    return [int(picture["/Width"]) for picture in pictures if picture["/Subtype"] == "/Image"]


def test_key_art_is_downsampled_to_about_200_dpi(built_sample: Catalogue) -> None:
    for programme_id in IDS:
        page = sheet(built_sample, programme_id).pages[0]
        frames = drawn_widths(page)
        if "key_art:" not in built_sample.sheets.joinpath(f"{programme_id}.yaml").read_text():
            continue  # only the logo, prepared once for every frame it is shown in
        widest = max(image_widths(page))
        # The key art at 200 dpi of its drawn width (never the 3300 px source), or less if smaller.
        assert widest == pytest.approx(max(frames) / 72 * 200, abs=3), programme_id


def test_sheet_sizes_stay_small_enough_to_email(built_sample: Catalogue) -> None:
    sizes = {path.stem: path.stat().st_size for path in (built_sample.out / "sheets").glob("*.pdf")}
    assert len(sizes) == len(IDS)
    assert max(sizes.values()) < 400_000, sizes


def test_text_is_printed_literally(catalogue: Catalogue) -> None:
    from conftest import MINIMAL

    literal = "Tom & Jerry <b>bold</b> <font color=red>x</font> {{ p.title }} {% if %} %s {0} &amp;"
    catalogue.write("a.yaml", MINIMAL.replace("A first paragraph of the synopsis.", literal))
    assert catalogue.run("build").status == 0
    text = normalise(PdfReader(catalogue.out / "sheets" / "a.pdf").pages[0].extract_text())
    assert literal in text


def test_every_sample_pdf_passes_a_structural_check(built_sample: Catalogue) -> None:
    from conftest import structural_problems

    assert structural_problems(built_sample.out) == {}
    outputs = sorted(str(path.relative_to(built_sample.out)) for path in built_sample.out.rglob("*.pdf"))
    chunks = [name for name in outputs if name.startswith(".cache/chunks/")]
    drawn = [name for name in outputs if name.startswith(".cache/sheets/")]  # the sheets the booklet copies
    assert len(drawn) == len(IDS)
    assert outputs == sorted(["catalogue.pdf", *chunks, *drawn, *(f"sheets/{pid}.pdf" for pid in IDS)])
    assert len(chunks) == 2  # the booklet's 20 pages drawn in chunks of 16


def test_the_structural_check_finds_damaged_pdfs(built_sample: Catalogue, tmp_path: Path) -> None:
    """The check every test ends with (conftest.every_pdf_is_valid) can fail."""
    from conftest import structural_problems

    data = (built_sample.out / "sheets" / "inside-belarus.pdf").read_bytes()
    damaged = {
        "cut.pdf": data[: len(data) // 2],
        "xref.pdf": data[: data.rindex(b"startxref")] + b"startxref\n123\n%%EOF\n",
    }
    for name, content in damaged.items():
        (tmp_path / name).write_bytes(content)
    try:
        found = {Path(path).name: problems for path, problems in structural_problems(tmp_path).items()}
    finally:
        for name in damaged:
            (tmp_path / name).unlink()
    assert found["cut.pdf"] == ["unable to find trailer dictionary while recovering damaged file"]
    assert any("xref not found" in problem for problem in found["xref.pdf"]), found["xref.pdf"]
    assert sorted(found) == sorted(damaged)
