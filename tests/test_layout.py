"""Layout asserted on positioned boxes, without rendering."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import SAMPLE_ASSETS, SAMPLE_SHEETS
from generator import design
from generator.boxes import Fill, Picture, TextRun
from generator.brand import read_brand
from generator.compose import Env, prepare_env
from generator.errors import OnesheetError
from generator.fonts import DEFAULT_BODY, load_face
from generator.layout import SheetLayout, layout_sheet
from generator.model import Programme, read_catalogue
from generator.typeset import Style, wrap


@pytest.fixture(scope="module")
def sample() -> tuple[dict[str, Programme], Env]:
    catalogue = read_catalogue(SAMPLE_SHEETS, SAMPLE_ASSETS)
    brand = read_brand(SAMPLE_ASSETS / "brand.yaml", SAMPLE_ASSETS)
    return catalogue.by_id(), prepare_env(brand, SAMPLE_ASSETS, catalogue.listings)


def with_words(programme: Programme, words: int) -> Programme:
    source = " ".join(programme.synopsis).split()
    text = [(source * 3)[i] for i in range(words)]
    paragraphs = tuple(" ".join(text[i : i + 100]) for i in range(0, words, 100))
    return dataclasses.replace(programme, synopsis=paragraphs)


def letter(env: Env) -> Env:
    return dataclasses.replace(env, brand=dataclasses.replace(env.brand, page_size="Letter"))


def runs(layout: SheetLayout) -> list[TextRun]:
    return [box for box in layout.page.boxes if isinstance(box, TextRun)]


def test_the_seed_programme_fits_at_the_normal_body_size(sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    seed = programmes["inside-belarus"]
    assert sum(len(p.split()) for p in seed.synopsis) == 406
    layout = layout_sheet(seed, env)
    assert layout.fit.body_size_pt >= 9.0
    assert layout.fit.key_art_pt is not None and layout.fit.key_art_pt >= design.KEY_ART_MIN_PT


@pytest.mark.parametrize("page", ["A4", "Letter"])
def test_600_words_with_three_related_titles_fit(sample: tuple[dict[str, Programme], Env], page: str) -> None:
    programmes, env = sample
    if page == "Letter":
        env = letter(env)
    long = with_words(programmes["inside-belarus"], 600)
    assert len(long.related) == 3
    layout = layout_sheet(long, env)
    assert design.BODY_SIZES_PT[-1] <= layout.fit.body_size_pt < 9.0
    assert layout.page.width_pt == (612.0 if page == "Letter" else 595.2756)


def test_the_fitting_sequence_shrinks_art_then_leading_then_size(sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    fits = [layout_sheet(with_words(programmes["inside-belarus"], n), env).fit for n in (150, 450, 520, 600)]
    art = [fit.key_art_pt or 0 for fit in fits]
    assert art[0] == design.KEY_ART_MAX_PT and art[0] > art[1] > art[2]
    assert min(art) >= design.KEY_ART_MIN_PT
    assert fits[1].body_size_pt == 9.0 and fits[1].leading == design.BODY_LEADINGS[0]
    assert fits[2].body_size_pt == 9.0 and fits[2].leading < design.BODY_LEADINGS[0]
    assert fits[3].body_size_pt < 9.0


def test_too_much_text_is_an_error_not_a_second_page(sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    with pytest.raises(OnesheetError) as caught:
        layout_sheet(with_words(programmes["inside-belarus"], 900), env)
    (problem,) = caught.value.problems
    assert problem.field == "synopsis"
    assert problem.path.name == "inside-belarus.yaml"
    assert "does not fit on one page: about " in problem.message


@pytest.mark.parametrize("programme_id", sorted(p.stem for p in SAMPLE_SHEETS.glob("*.yaml")))
def test_text_stays_inside_the_margins_and_never_overlaps(
    sample: tuple[dict[str, Programme], Env], programme_id: str
) -> None:
    programmes, env = sample
    layout = layout_sheet(programmes[programme_id], env)
    width = layout.page.width_pt
    boxes = []
    for run in runs(layout):
        assert run.x_pt >= design.MARGIN_PT - 0.01, run
        assert run.x_pt + run.width_pt <= width - design.MARGIN_PT + 0.01, run
        assert run.size_pt >= 6.5, run
        boxes.append((run.x_pt, run.y_pt - 0.22 * run.size_pt, run.x_pt + run.width_pt, run.y_pt + 0.75 * run.size_pt))
    for index, (x0, y0, x1, y1) in enumerate(boxes):
        for a0, b0, a1, b1 in boxes[index + 1 :]:
            assert not (x0 < a1 - 0.5 and a0 < x1 - 0.5 and y0 < b1 - 0.5 and b0 < y1 - 0.5), (x0, y0, a0, b0)


def test_no_paragraph_ends_on_a_single_word(sample: tuple[dict[str, Programme], Env]) -> None:
    style = Style(load_face(DEFAULT_BODY.regular), 9.0, 1.4, (0, 0, 0))
    text = "one two three four five six seven eight nine ten eleven twelve"
    for width in range(100, 260, 3):  # columns of at least three words a line
        lines = wrap(text, style, width)
        if len(lines) > 1:
            assert len(lines[-1].text.split()) >= 2, (width, lines)
        assert " ".join(line.text for line in lines) == text


def test_words_wider_than_the_column_are_broken_not_overflowing() -> None:
    style = Style(load_face(DEFAULT_BODY.regular), 9.0, 1.4, (0, 0, 0))
    lines = wrap("Pneumonoultramicroscopicsilicovolcanoconiosis" * 3, style, 80)
    assert len(lines) > 1
    assert all(line.width_pt <= 80 for line in lines)


def test_key_art_fills_the_full_width_frame(sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    layout = layout_sheet(programmes["inside-belarus"], env)
    (picture,) = [box for box in layout.page.boxes if isinstance(box, Picture) and box.fit == "cover"]
    assert picture.x_pt == 0 and picture.width_pt == layout.page.width_pt
    assert picture.y_pt + picture.height_pt == pytest.approx(layout.page.height_pt)


def test_without_key_art_a_colour_panel_carries_the_title(sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    layout = layout_sheet(dataclasses.replace(programmes["inside-belarus"], key_art=None), env)
    assert not [box for box in layout.page.boxes if isinstance(box, Picture) and box.fit == "cover"]
    panel = layout.page.boxes[0]
    assert isinstance(panel, Fill) and panel.colour == env.brand.primary.rgb
    assert layout.fit.key_art_pt is None
    title = next(run for run in runs(layout) if run.text.startswith("Inside Belarus"))
    assert panel.y_pt < title.y_pt < panel.y_pt + panel.height_pt


def test_long_titles_keep_to_two_lines_at_a_smaller_size(sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    title = "The Extraordinary and Very Long Story of the People Who Built the Railways of the North"
    layout = layout_sheet(dataclasses.replace(programmes["inside-belarus"], title=title), env)
    title_runs = [run for run in runs(layout) if run.size_pt in design.TITLE_SIZES_PT]
    assert len(title_runs) == 2
    assert title_runs[0].size_pt < design.TITLE_SIZES_PT[0]
    assert " ".join(run.text for run in title_runs) == title


def test_brand_page_size_letter(tmp_path: Path, sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    layout = layout_sheet(programmes["the-last-glaciers"], letter(env))
    assert (layout.page.width_pt, layout.page.height_pt) == (612.0, 792.0)
