"""Layout asserted on positioned boxes, without rendering: the grid, the
variants a programme's content chooses, and the invariants every sheet
keeps (no overlapping text, nothing outside the safe area, no word broken
without a hyphen, no title over the picture's subject)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from PIL import Image, ImageDraw

from conftest import SAMPLE_ASSETS, SAMPLE_SHEETS
from generator import design
from generator.boxes import Fill, Picture, TextRun
from generator.brand import read_brand
from generator.columns import Columns, fullest
from generator.compose import Env, Kit, prepare_env
from generator.errors import OnesheetError
from generator.fonts import DEFAULT_BODY, load_face
from generator.images import ImageInfo, inspect_image
from generator.layout import SheetLayout, layout_sheet
from generator.model import Award, Credit, Programme, Quote, read_catalogue
from generator.textcolumn import TextColumn
from generator.typeset import Style, wrap


@pytest.fixture(scope="module")
def poster(tmp_path_factory: pytest.TempPathFactory) -> ImageInfo:
    """A portrait poster (1080 x 1620) with a head near its top."""
    path = tmp_path_factory.mktemp("art") / "poster.jpg"
    image = Image.new("RGB", (1080, 1620), (40, 60, 90))
    draw = ImageDraw.Draw(image)
    draw.ellipse((440, 260, 640, 460), fill=(230, 200, 170))
    draw.rectangle((380, 470, 700, 1300), fill=(200, 60, 40))
    image.save(path, quality=90)
    return inspect_image(path)


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


def the_largest(programme: Programme, programmes: dict[str, Programme]) -> Programme:
    """A programme of the size real distributors publish: 600 words, 6
    related titles, 6 credit roles, 4 awards, 2 quotes, screener, trailer,
    and its short synopsis and page."""
    related = tuple(pid for pid in sorted(programmes) if pid != programme.id)[:6]
    return dataclasses.replace(
        with_words(programme, 600),
        related=related,
        credits=tuple(Credit(role, ("Firstname Lastname",)) for role in (
            "Producer", "Writer", "Cinematography", "Editor", "Music", "With the participation of")),
        awards=tuple(Award(f"Official Selection, Festival number {n} 2024") for n in range(4)),
        quotes=(Quote("A remarkable and necessary film.", "The Critic"), Quote("Gripping from start to finish.")),
        screener="https://screeners.example.com/inside-belarus",
        trailer="https://vimeo.com/123456789",
        url="https://www.example.com/programmes/inside-belarus",
        short_synopsis=("A short synopsis of about forty words: " + "the story in brief " * 8).split("\n\n"),
    )  # fmt: skip


# Invariants -------------------------------------------------------------------------


def text_box(run: TextRun) -> tuple[float, float, float, float]:
    """A run's ink box from its font's metrics: capitals up, descenders down."""
    return (run.x_pt, run.y_pt - 0.25 * run.size_pt, run.x_pt + run.width_pt, run.y_pt + 0.72 * run.size_pt)


def _strings(value: object) -> list[str]:
    """Every text a programme holds (and its related titles' listings)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [text for item in value for text in _strings(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [text for item in dataclasses.fields(value) for text in _strings(getattr(value, item.name))]
    return []


def check_invariants(layout: SheetLayout, programme: Programme, env: Env) -> None:
    page = layout.page
    safe = design.SAFE_PT
    boxes = []
    for run in runs(layout):
        x0, y0, x1, y1 = text_box(run)
        assert x0 >= safe - 0.01 and x1 <= page.width_pt - safe + 0.01, run
        assert y0 >= safe - 0.01 and y1 <= page.height_pt - safe + 0.01, run
        assert run.size_pt >= 7.5 or run.text.startswith("Prepared for"), run  # nothing a reader must read is smaller
        boxes.append((x0, y0, x1, y1, run.text))
    for index, (x0, y0, x1, y1, text) in enumerate(boxes):
        for a0, b0, a1, b1, other in boxes[index + 1 :]:
            overlap = x0 < a1 - 0.5 and a0 < x1 - 0.5 and y0 < b1 - 0.5 and b0 < y1 - 0.5
            assert not overlap, (programme.id, text, other)
    texts = _strings(programme) + _strings([env.listings[pid] for pid in programme.related])
    words = set(re.findall(r"[\w’'-]+", " ".join(texts)))
    for run in runs(layout):
        last = run.text.split(" ")[-1]
        if last and last[-1].isalpha() and last not in words and not last.endswith("-"):
            assert not any(word.startswith(last) and word != last for word in words), (
                f"{programme.id}: '{last}' is a word broken without a hyphen"
            )
    if layout.variant.title_on == "picture" and layout.subject_rect is not None:
        title, subject = layout.title_rect, layout.subject_rect
        overlap = title.x0 < subject.x1 and subject.x0 < title.x1 and title.y0 < subject.y1 and subject.y0 < title.y1
        assert not overlap, (programme.id, title, subject)


@pytest.mark.parametrize(
    "programme_id",
    sorted(p.stem for p in SAMPLE_SHEETS.glob("*.yaml")),
)
def test_every_sample_sheet_keeps_the_invariants(sample: tuple[dict[str, Programme], Env], programme_id: str) -> None:
    programmes, env = sample
    check_invariants(layout_sheet(programmes[programme_id], env), programmes[programme_id], env)


@pytest.mark.parametrize("words", [20, 120, 260, 400, 480])
@pytest.mark.parametrize("art", ["landscape", "portrait", "none"])
def test_edge_cases_keep_the_invariants(
    sample: tuple[dict[str, Programme], Env], poster: ImageInfo, words: int, art: str
) -> None:
    programmes, env = sample
    base = with_words(programmes["inside-belarus"], words)
    if art == "none":
        base = dataclasses.replace(base, key_art=None)
    elif art == "portrait":
        base = dataclasses.replace(base, key_art=poster)
    check_invariants(layout_sheet(base, env), base, env)


# The grid and its variants ---------------------------------------------------------


def test_short_content_takes_a_large_hero_and_large_type(sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    layout = layout_sheet(with_words(programmes["inside-belarus"], 60), env)
    assert layout.variant.density in (design.DENSITIES[0].name, design.DENSITIES[1].name)
    assert layout.variant.body_pt == max(density.body_pt for density in design.DENSITIES)


def test_longer_content_steps_through_the_densities_in_order(sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    order = [density.name for density in design.DENSITIES]
    chosen = [layout_sheet(with_words(programmes["inside-belarus"], n), env).variant for n in (60, 200, 330, 450)]
    ranks = [order.index(variant.density) for variant in chosen]
    assert ranks == sorted(ranks) and ranks[0] < ranks[-1]
    bodies = [variant.body_pt for variant in chosen]
    assert bodies == sorted(bodies, reverse=True)


def test_a_density_is_ruled_out_unlaid_only_when_it_cannot_fit(sample: tuple[dict[str, Programme], Env]) -> None:
    """Before a density is laid out, its text column is sketched with each
    text in the fewest lines it could take; a density is skipped when no
    arrangement of the sketch fits. That is sound only if every arrangement
    of the sketch is as tall as the real one or less."""
    programmes, env = sample
    kit = Kit(env)
    inside = programmes["inside-belarus"]
    cases = [*programmes.values(), *(with_words(inside, n) for n in (60, 200, 330, 450, 600))]
    cases.append(the_largest(inside, programmes))
    ruled_out = 0
    for programme in cases:
        text, columns = TextColumn(programme, kit), Columns(programme, kit)
        for density in design.DENSITIES:
            room = kit.grid.columns_bottom - kit.grid.columns_top(density)
            sketched = columns.arrangements(text.sketch(density, list(programme.synopsis), None))
            real = columns.arrangements(text.block(density, list(programme.synopsis), None))
            assert [a.name for a in sketched] == [a.name for a in real]
            for sketch, arrangement in zip(sketched, real):
                assert sketch.height <= arrangement.height, (programme.id, density.name, arrangement.name)
            ruled_out += fullest(sketched, room) is None
    assert ruled_out >= len(cases) * 2  # and it spares real work: long texts skip the spacious densities


def test_sheets_of_one_density_share_the_title_position(sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    feet: dict[str, set[float]] = {}
    for programme in programmes.values():
        layout = layout_sheet(programme, env)
        feet.setdefault(layout.variant.density, set()).add(round(layout.title_rect.y0, 1))
    assert all(len(positions) == 1 for positions in feet.values()), feet


def test_a_programme_of_real_size_fits_with_its_short_synopsis_at_8_5_pt_or_more(
    sample: tuple[dict[str, Programme], Env],
) -> None:
    programmes, env = sample
    for page_env in (env, letter(env)):
        layout = layout_sheet(the_largest(programmes["inside-belarus"], programmes), page_env)
        assert layout.variant.body_pt >= 8.5
        assert layout.variant.synopsis == "short"
        text = " ".join(run.text for run in runs(layout))
        assert "Full synopsis: example.com/" in text.replace("\u200b", "")


def test_without_a_short_synopsis_the_overflow_says_what_to_do(sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    largest = dataclasses.replace(the_largest(programmes["inside-belarus"], programmes), short_synopsis=())
    with pytest.raises(OnesheetError) as caught:
        layout_sheet(largest, env)
    (problem,) = caught.value.problems
    assert problem.field == "synopsis" and problem.path.name == "inside-belarus.yaml"
    assert re.fullmatch(
        r"does not fit on one page: about \d+ words too long at the smallest type size \(8\.5 pt\); shorten the "
        r"synopsis to about \d+ words, or the logline or quotes, or add a short_synopsis \(printed when the full one "
        r"does not fit\)",
        problem.message,
    ), problem.message


def test_too_much_text_is_an_error_not_a_second_page(sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    with pytest.raises(OnesheetError) as caught:
        layout_sheet(with_words(programmes["inside-belarus"], 900), env)
    (problem,) = caught.value.problems
    assert problem.field == "synopsis"
    assert "does not fit on one page: about " in problem.message


def test_a_portrait_poster_stands_beside_the_title_at_full_height(
    sample: tuple[dict[str, Programme], Env], poster: ImageInfo
) -> None:
    programmes, env = sample
    layout = layout_sheet(dataclasses.replace(programmes["the-last-glaciers"], key_art=poster), env)
    assert layout.variant.hero == "portrait"
    (poster,) = [box for box in layout.page.boxes if isinstance(box, Picture) and box.fit == "cover"]
    assert poster.x_pt + poster.width_pt == pytest.approx(layout.page.width_pt)
    assert poster.y_pt + poster.height_pt == pytest.approx(layout.page.height_pt)
    assert poster.width_pt < poster.height_pt  # not cropped to a landscape band
    assert layout.title_rect.x1 <= poster.x_pt  # the title beside it, not over it


def test_without_key_art_a_designed_field_carries_a_larger_title(sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    layout = layout_sheet(dataclasses.replace(programmes["inside-belarus"], key_art=None), env)
    assert layout.variant.hero == "none"
    assert not [box for box in layout.page.boxes if isinstance(box, Picture) and box.fit == "cover"]
    panel = layout.page.boxes[0]
    assert isinstance(panel, Fill) and panel.colour == env.brand.primary.rgb
    dots = [box for box in layout.page.boxes if isinstance(box, Fill) and box.radius_pt]
    assert len(dots) > 20  # the brand's pattern
    title = next(run for run in runs(layout) if run.text.startswith("Inside Belarus"))
    assert title.size_pt > design.TITLE_SIZES_PT[0]


def test_long_titles_keep_to_two_lines_at_a_smaller_size(sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    title = "The Extraordinary and Very Long Story of the People Who Built the Railways of the North"
    short = with_words(programmes["inside-belarus"], 100)  # a picture across the page, the title under it
    layout = layout_sheet(dataclasses.replace(short, title=title), env)
    title_runs = [run for run in runs(layout) if run.size_pt in design.TITLE_SIZES_PT and run.size_pt > 14]
    assert len(title_runs) == 2
    assert title_runs[0].size_pt < design.TITLE_SIZES_PT[0]
    assert " ".join(run.text for run in title_runs) == title


def test_a_bracketed_part_of_a_title_is_never_split(sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    title = "Born in the USSR: 28 Up <Parts 1 & 2> and Some More Words"
    layout = layout_sheet(dataclasses.replace(programmes["inside-belarus"], title=title), env)
    texts = [run.text for run in runs(layout) if "<" in run.text or ">" in run.text]
    assert texts and all("<Parts\u00a01\u00a0&\u00a02>" in text for text in texts)


def test_brand_page_size_letter(sample: tuple[dict[str, Programme], Env]) -> None:
    programmes, env = sample
    layout = layout_sheet(programmes["the-last-glaciers"], letter(env))
    assert (layout.page.width_pt, layout.page.height_pt) == (612.0, 792.0)
    check_invariants(layout, programmes["the-last-glaciers"], env)


def test_no_paragraph_ends_on_a_single_word() -> None:
    style = Style(load_face(DEFAULT_BODY.regular), 9.0, 1.4, (0, 0, 0))
    text = "one two three four five six seven eight nine ten eleven twelve"
    for width in range(100, 260, 3):  # columns of at least three words a line
        lines = wrap(text, style, width)
        if len(lines) > 1:
            assert len(lines[-1].text.split()) >= 2, (width, lines)
        assert " ".join(line.text for line in lines) == text


def test_words_wider_than_the_column_are_broken_with_a_hyphen() -> None:
    style = Style(load_face(DEFAULT_BODY.regular), 9.0, 1.4, (0, 0, 0))
    lines = wrap("Pneumonoultramicroscopicsilicovolcanoconiosis" * 3, style, 80)
    assert len(lines) > 1
    assert all(line.width_pt <= 80 for line in lines)
    assert all(line.text.endswith("-") for line in lines[:-1])
