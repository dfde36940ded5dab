"""The print profile read back: boxes, bleed, crop marks, image resolution,
CMYK colour, the imposed booklet, preflight warnings; and the screen
profile's e-mail budgets."""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from conftest import MINIMAL, SAMPLE_COUNT, Catalogue, assert_valid_pdf, copy_built, page_texts, shared_build
from generator.assemble import saddle_order
from generator.boxes import Fill, Page, Picture, TextRun
from generator.design import MM
from generator.preflight import check_fonts, check_page
from generator.profiles import PRINT, REGISTRATION, for_profile

A4 = (595.2756, 841.8898)
CMYK_FILL = re.compile(rb"(?:^|\s)[\d.]+ [\d.]+ [\d.]+ [\d.]+ k(?:\s|$)")
RGB_FILL = re.compile(rb"(?:^|\s)[\d.]+ [\d.]+ [\d.]+ rg(?:\s|$)")


@pytest.fixture(scope="session")
def printed(built_sample: Catalogue, tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """The built sample built again for print, imposed, once for the run
    (read-only: copy it to change it)."""
    built, result = shared_build(
        tmp_path_factory, "printed-sample", functools.partial(copy_built, built_sample),
        "build", "--profile", "print", "--impose", "saddle",
    )  # fmt: skip
    assert (result.status, result.err) == (0, ""), result.err
    return built


def box(rectangle: object) -> list[float]:
    return [round(float(v), 2) for v in rectangle]  # type: ignore[attr-defined]


def test_print_sheets_have_trim_and_bleed_boxes(printed: Catalogue) -> None:
    page = PdfReader(printed.out / "print" / "sheets" / "inside-belarus.pdf").pages[0]
    margin, bleed = 10 * MM, 3 * MM
    assert box(page.mediabox) == [0, 0, round(A4[0] + 2 * margin, 2), round(A4[1] + 2 * margin, 2)]
    assert box(page.trimbox) == [round(margin, 2), round(margin, 2), round(margin + A4[0], 2), round(margin + A4[1], 2)]
    assert box(page.bleedbox) == [round(margin - bleed, 2), round(margin - bleed, 2),
                                  round(margin + A4[0] + bleed, 2), round(margin + A4[1] + bleed, 2)]  # fmt: skip
    screen = PdfReader(printed.out / "sheets" / "inside-belarus.pdf").pages[0]
    assert box(screen.mediabox) == [0, 0, round(A4[0], 2), round(A4[1], 2)]
    assert box(screen.trimbox) == box(screen.mediabox)


def test_print_images_reach_300_dpi_and_screen_about_200(printed: Catalogue) -> None:
    from test_sheet_pdf import drawn_widths, image_widths

    def dpi(path: object) -> float:
        """The resolution of the widest picture at the width it is drawn."""
        page = PdfReader(path).pages[0]
        return max(image_widths(page)) / (max(drawn_widths(page)) / 72)

    for programme in ("inside-belarus", "the-last-glaciers"):
        assert dpi(printed.out / "print" / "sheets" / f"{programme}.pdf") >= 299
        assert 197 <= dpi(printed.out / "sheets" / f"{programme}.pdf") <= 201


def test_print_colours_are_cmyk_and_screen_colours_rgb(printed: Catalogue) -> None:
    printed_content = PdfReader(printed.out / "print" / "sheets" / "the-last-glaciers.pdf").pages[0].get_contents()
    screen_content = PdfReader(printed.out / "sheets" / "the-last-glaciers.pdf").pages[0].get_contents()
    assert printed_content is not None and screen_content is not None
    assert CMYK_FILL.search(printed_content.get_data()) and not RGB_FILL.search(printed_content.get_data())
    assert RGB_FILL.search(screen_content.get_data()) and not CMYK_FILL.search(screen_content.get_data())


def test_bleed_and_crop_marks() -> None:
    width, height = A4
    page = Page(width, height, (Picture(0, 500, width, 341.8898, None, "cover"), Fill(0, 0, width, 60, (1, 1, 1))))  # type: ignore[arg-type]
    bled = for_profile(page, PRINT)
    margin, bleed = PRINT.margin_pt, PRINT.bleed_pt
    picture, footer = bled.boxes[0], bled.boxes[1]
    assert isinstance(picture, Picture) and isinstance(footer, Fill)
    assert (picture.x_pt, picture.width_pt) == pytest.approx((margin - bleed, width + 2 * bleed))
    assert picture.y_pt + picture.height_pt == pytest.approx(margin + height + bleed)  # runs off the top edge
    assert footer.y_pt == pytest.approx(margin - bleed)  # and the footer off the bottom one
    marks = [b for b in bled.boxes if isinstance(b, Fill) and b.colour == REGISTRATION]
    assert len(marks) == 8
    x0, y0, x1, y1 = bled.bleed_box.corners() if bled.bleed_box else (0, 0, 0, 0)
    for mark in marks:  # every mark lies outside the bleed
        assert (mark.x_pt + mark.width_pt <= x0 + 0.2 or mark.x_pt >= x1 - 0.2
                or mark.y_pt + mark.height_pt <= y0 + 0.2 or mark.y_pt >= y1 - 0.2)  # fmt: skip


def test_saddle_order() -> None:
    assert saddle_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert sorted(page for pair in saddle_order(20) for page in pair) == list(range(1, 21))


def test_imposed_booklet_pairs_pages_in_saddle_order(printed: Catalogue) -> None:
    single = PdfReader(printed.out / "print" / "catalogue.pdf")
    imposed = PdfReader(printed.out / "print" / "catalogue-saddle.pdf")
    count = len(single.pages)
    assert count % 4 == 0 and len(imposed.pages) == count // 2
    trim = single.pages[0].trimbox
    width, height = float(trim.width), float(trim.height)
    assert box(imposed.pages[0].mediabox) == [0, 0, round(2 * width, 2), round(height, 2)]
    pages = page_texts(printed.out / "print" / "catalogue.pdf")
    assert len(pages) == count and all(pages)  # every page has text to tell it by
    halves = [page_texts(printed.out / "print" / "catalogue-saddle.pdf", (x, 0, width, height)) for x in (0, width)]
    for number, (left, right) in enumerate(saddle_order(count)):  # each half of a spread reads as its page
        assert (halves[0][number], halves[1][number]) == (pages[left - 1], pages[right - 1]), (left, right)


def test_print_output_goes_to_its_own_folder(printed: Catalogue) -> None:
    screen = sorted(p.name for p in (printed.out / "sheets").glob("*.pdf"))
    print_ = sorted(p.name for p in (printed.out / "print" / "sheets").glob("*.pdf"))
    assert screen == print_ and len(screen) == SAMPLE_COUNT
    assert (printed.out / "catalogue.pdf").exists() and (printed.out / "print" / "catalogue.pdf").exists()


def test_preflight_names_low_resolution_images_and_rgb_colours(catalogue: Catalogue) -> None:
    from PIL import Image

    Image.new("RGB", (800, 500), (90, 60, 30)).save(catalogue.assets / "images" / "small.jpg")
    catalogue.write("film.yaml", MINIMAL + "key_art: images/small.jpg\n")
    brand = catalogue.assets / "brand.yaml"
    brand.write_text(brand.read_text().replace('text: {rgb: "#1A1A1A", cmyk: [0, 0, 0, 95]}', 'text: "#1A1A1A"'))
    result = catalogue.run("check", "--profile", "print")
    assert result.status == 0
    lines = [line.replace(f"{catalogue.root}/", "") for line in result.err.splitlines()]
    assert "warning: assets/brand.yaml: colors: text has no CMYK value, so it prints from RGB #1A1A1A" in lines
    assert any(
        re.fullmatch(r"warning: sheets/film.yaml: the image small.jpg is \d+ dpi at its printed size "
                     r"\(800 × 500 px\); print wants 300 dpi", line)
        for line in lines
    ), lines  # fmt: skip
    assert "warning: sheets/film.yaml: text in #1A1A1A prints from RGB: the brand gives no CMYK value for it" in lines
    assert not (catalogue.out / "print").exists()  # check writes nothing


def test_preflight_text_outside_the_safe_area_and_fonts_not_embedded() -> None:
    run = TextRun(8.0, 400.0, "Too close to the edge", "Helvetica", 9.0, (0, 0, 0), 90.0)
    (warning,) = check_page(Page(*A4, (run,)), Path("sheets/x.yaml"), None, PRINT, None)
    assert str(warning) == (
        "sheets/x.yaml: the text 'Too close to the edge' is 2.8 mm from the trimmed edge; print keeps text 5 mm inside"
    )
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(100, 100, "Helvetica is never embedded")
    canvas.save()
    assert_valid_pdf(buffer.getvalue())
    (font,) = check_fonts(buffer.getvalue(), Path("sheets/x.yaml"))
    assert str(font) == "sheets/x.yaml: the font /Helvetica is not embedded"


def test_email_budgets_name_the_heaviest_images(catalogue: Catalogue) -> None:
    for name, title in (("trans-siberian-winter", "Trans-Siberian Winter"), ("return-to-ukraine", "Return to Ukraine")):
        catalogue.write(f"{name}.yaml", MINIMAL.replace("A Minimal Programme", title) + f"key_art: images/{name}.jpg\n")
    result = catalogue.run("build", "--sheet-budget", "0.2", "--catalogue-budget", "0.5")
    assert result.status == 0
    lines = [line.replace(f"{catalogue.root}/", "") for line in result.err.splitlines()]
    assert len(lines) == 3, lines  # the booklet, then each sheet
    assert re.fullmatch(
        r"warning: build/catalogue\.pdf: the catalogue weighs 0\.\d MB, over the 0\.5 MB e-mail budget; heaviest "
        r"images: the picture of 'Trans-Siberian Winter' \(p\. 4\) \(\d+ KB\), the picture of 'Return to Ukraine' "
        r"\(p\. 3\) \(\d+ KB\), the picture on p\. 1 \(\d+ KB\)", lines[0]
    ), lines[0]  # fmt: skip
    for line, name in zip(lines[1:], ("return-to-ukraine", "trans-siberian-winter")):
        assert re.fullmatch(
            rf"warning: sheets/{name}.yaml: the sheet weighs 0\.\d MB, over the 0\.2 MB e-mail budget; "
            rf"heaviest images: {name}\.jpg \(\d+ KB\), logo\.png \(\d+ KB\)", line
        ), line  # fmt: skip


def test_a_print_pack_keeps_the_sheets_trim_and_bleed_and_stamps_inside_the_trim(
    printed: Catalogue, tmp_path: Path
) -> None:
    sample = copy_built(printed, tmp_path)  # the pack reuses the sheets built for print
    result = sample.run("pack", "--profile", "print", "--buyer", "nordisk-tv", "--date", "2026-11-26")
    assert result.status == 0, result.err
    pack = PdfReader(sample.out / "print" / "packs" / "nordisk-tv.pdf")
    sheet = PdfReader(sample.out / "print" / "sheets" / "the-last-glaciers.pdf").pages[0]
    for page in pack.pages:  # the letter too: same sheet size, trim and bleed as the sheets
        assert box(page.mediabox) == box(sheet.mediabox)
        assert box(page.trimbox) == box(sheet.trimbox)
        assert box(page.bleedbox) == box(sheet.bleedbox)
        stamps: list[tuple[float, float]] = []

        def visit(text: str, cm: object, tm: list[float], font: object, size: object) -> None:
            if text.startswith("Prepared for"):
                stamps.append((tm[4], tm[5]))  # noqa: B023

        page.extract_text(visitor_text=visit)
        assert len(stamps) == 1
        x, y = stamps[0]
        left, bottom, right, top = box(page.trimbox)
        assert left + 5 * MM <= x < right and bottom + 5 * MM <= y < top, (x, y, page.trimbox)
