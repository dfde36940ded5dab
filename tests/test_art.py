"""Key art analysis: the subject is found, crops keep it, titles go where the
picture is calm. Pictures are drawn here with Pillow, with known geometry,
or painted by the realistic catalogue's maker, which records where every
face is."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from conftest import examples
from generator import art
from generator.art import ArtAnalysis, Region, analyse_art, calmest, choose_crop, read_bands
from generator.images import ImageInfo, inspect_image

SAMPLE_IMAGES = Path(__file__).resolve().parent.parent / "assets" / "images"
REALISTIC = Path(__file__).resolve().parent / "realistic"
TOP, BOTTOM = Region(0.0, 0.0, 1.0, 0.25), Region(0.0, 0.75, 1.0, 1.0)
SKIN, COAT = (224, 172, 140), (40, 40, 52)
Box = tuple[float, float, float, float]  # left, top, right, bottom in pixels
Ink = int | tuple[int, ...]


def sky(width: int, height: int, top: tuple[int, int, int] = (70, 110, 160)) -> Image.Image:
    """A vertical gradient from `top` to a pale horizon."""
    bottom = (205, 212, 220)
    column = Image.new("RGB", (1, height))
    column.putdata([tuple(round(a + (b - a) * y / (height - 1)) for a, b in zip(top, bottom)) for y in range(height)])
    return column.resize((width, height))


def figure(
    draw: ImageDraw.ImageDraw, centre_x: float, top: float, height: float, coat: Ink = COAT, face: Ink = SKIN
) -> Box:
    """A standing figure (head and body) whose head's top is at `top`;
    returns its bounding box."""
    r = height * 0.1
    draw.ellipse((centre_x - r, top, centre_x + r, top + 2 * r), fill=face)
    draw.rounded_rectangle((centre_x - 2.2 * r, top + 2.3 * r, centre_x + 2.2 * r, top + height), radius=r, fill=coat)
    return (centre_x - 2.2 * r, top, centre_x + 2.2 * r, top + height)


def save(image: Image.Image, folder: Path, name: str, **options: object) -> art.ArtAnalysis:
    path = folder / name
    image.save(path, **options)
    return analyse_art(inspect_image(path))


def fractions(box: Box, image: Image.Image | tuple[int, int]) -> Region:
    width, height = image.size if isinstance(image, Image.Image) else image
    return Region(box[0] / width, box[1] / height, box[2] / width, box[3] / height)


def holds(outer: Region, inner: Region, slack: float = 0.0) -> bool:
    return (
        outer.left <= inner.left + slack
        and outer.top <= inner.top + slack
        and inner.right - slack <= outer.right
        and inner.bottom - slack <= outer.bottom
    )


def overlaps(a: Region, b: Region) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def in_picture(crop: art.Crop, band: Region) -> Region:
    """A band given in fractions of a crop, in fractions of the picture."""
    c = crop.region
    return Region(
        c.left + band.left * c.width,
        c.top + band.top * c.height,
        c.left + band.right * c.width,
        c.top + band.bottom * c.height,
    )


def assert_close(found: Region | None, expected: Region, tolerance: float = 0.04) -> None:
    """The default tolerance is about one and a half points of the analysis (1/64 of the long side)."""
    assert found is not None, "no subject found"
    for side in ("left", "top", "right", "bottom"):
        assert abs(getattr(found, side) - getattr(expected, side)) <= tolerance, (side, found, expected)


@pytest.mark.parametrize("where", [0.2, 0.5, 0.8])
def test_a_single_figure_is_found_wherever_it_stands(tmp_path: Path, where: float) -> None:
    image = sky(900, 600)
    drawn = fractions(figure(ImageDraw.Draw(image), where * 900, 200, 400), image)
    analysis = save(image, tmp_path, f"figure-{where}.jpg", quality=90)
    assert_close(analysis.subject, drawn)
    x, y = analysis.centre
    assert abs(x - where) < 0.02
    assert drawn.top < y < drawn.top + drawn.height / 3  # head and shoulders, not the middle of the coat


@pytest.mark.parametrize("where", [0.2, 0.5, 0.8])
@pytest.mark.parametrize("aspect", [1.0, 2 / 3, 0.5])
def test_a_crop_narrower_than_the_picture_keeps_the_whole_figure(tmp_path: Path, where: float, aspect: float) -> None:
    image = sky(900, 600)
    drawn = fractions(figure(ImageDraw.Draw(image), where * 900, 200, 380), image)
    crop = choose_crop(save(image, tmp_path, "figure.jpg", quality=90), aspect)
    assert holds(crop.region, drawn)
    assert crop.subject_kept >= 0.97
    assert abs((crop.right_px - crop.left_px) / (crop.bottom_px - crop.top_px) - aspect) < 1e-9
    assert crop.top_px == 0 and crop.bottom_px == 600


def test_a_portrait_poster_cropped_to_a_landscape_band_keeps_the_head(tmp_path: Path) -> None:
    image = sky(1080, 1620, top=(28, 28, 40))
    draw = ImageDraw.Draw(image)
    figure(draw, 540, 170, 1450, coat=(150, 30, 34))
    head = fractions((540 - 145, 170, 540 + 145, 170 + 290), image)
    analysis = save(image, tmp_path, "poster.jpg", quality=90)
    for aspect in (16 / 9, 3 / 2, 1.0):
        crop = choose_crop(analysis, aspect)
        assert holds(crop.region, head), aspect
        assert head.top - crop.region.top >= 0.02 * crop.region.height, "no room above the head"
    # A centred crop, as before, shows the chest without the head.
    centred = (1 - 1080 / (16 / 9) / 1620) / 2
    assert centred > head.bottom


def test_a_group_is_kept_together_and_the_title_goes_above_their_heads(tmp_path: Path) -> None:
    image = sky(1600, 900, top=(150, 180, 205))
    draw = ImageDraw.Draw(image)
    coats = [(150, 40, 40), (40, 90, 150), (60, 120, 60), (120, 90, 40)]
    boxes = [figure(draw, 560 + i * 160, 420 + (i % 2) * 30, 480, coat) for i, coat in enumerate(coats)]
    group = fractions((boxes[0][0], 420, boxes[-1][2], 900), image)
    analysis = save(image, tmp_path, "group.jpg", quality=90)
    assert_close(analysis.subject, group)
    assert group.left + group.width / 4 < analysis.centre[0] < group.right - group.width / 4
    crop = choose_crop(analysis, 1.0)
    assert holds(crop.region, group) and crop.subject_kept >= 0.97
    top, bottom = read_bands(analysis, crop, (TOP, BOTTOM))
    assert top.calm and top.subject_share == 0
    assert not bottom.calm and bottom.subject_share > 0.3
    assert calmest((top, bottom)) == top
    assert not overlaps(in_picture(crop, TOP), group)


def test_the_calm_band_is_never_over_the_subject(tmp_path: Path) -> None:
    image = sky(900, 600)
    drawn = fractions(figure(ImageDraw.Draw(image), 150, 120, 440), image)
    analysis = save(image, tmp_path, "beside.jpg", quality=90)
    crop = choose_crop(analysis, 3 / 2)
    thirds = [Region(i / 3, 0.0, (i + 1) / 3, 1.0) for i in range(3)]
    readings = read_bands(analysis, crop, thirds)
    assert [r.calm for r in readings] == [False, True, True]
    assert readings[0].holds_focus and readings[0].subject_share > 0.2
    for reading in readings:
        assert reading.calm != overlaps(in_picture(crop, reading.band), drawn)
    assert readings[0].lightness < readings[1].lightness  # the dark figure against the sky


def test_a_cut_out_on_transparency_is_the_subject_and_its_surroundings_are_calm(tmp_path: Path) -> None:
    image = Image.new("RGBA", (800, 1000), (0, 0, 0, 0))
    drawn = fractions(figure(ImageDraw.Draw(image), 260, 150, 800, coat=(20, 60, 120, 255)), image)
    analysis = save(image, tmp_path, "cutout.png")
    assert_close(analysis.subject, drawn)
    crop = choose_crop(analysis, 4 / 5)
    assert crop.region == Region(0.0, 0.0, 1.0, 1.0)
    beside, over = read_bands(analysis, crop, (Region(0.6, 0.1, 1.0, 0.4), Region(0.1, 0.1, 0.5, 0.4)))
    assert beside.calm and beside.busyness == 0 and not over.calm


def test_a_palette_png_with_a_transparent_colour_reads_like_the_same_cut_out_in_rgba(tmp_path: Path) -> None:
    image = Image.new("RGBA", (600, 600), (0, 0, 0, 0))
    figure(ImageDraw.Draw(image), 400, 150, 400, coat=(20, 60, 120, 255))
    rgba = save(image, tmp_path, "rgba.png")
    palette = image.convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
    transparent = palette.getpixel((0, 0))
    assert rgba.subject is not None
    assert_close(save(palette, tmp_path, "palette.png", transparency=transparent).subject, rgba.subject, 0.02)


@pytest.mark.parametrize("mode", ["L", "I;16"])
def test_greyscale_pictures_find_their_subject(tmp_path: Path, mode: str) -> None:
    image = sky(900, 600).convert("L")
    drawn = fractions(figure(ImageDraw.Draw(image), 650, 180, 400, coat=30, face=235), image)
    if mode == "I;16":
        image = Image.fromarray(np.asarray(image, dtype=np.uint16) * 257)
        assert image.mode == "I;16"
    analysis = save(image, tmp_path, f"grey-{mode.replace(';', '')}.png")
    assert_close(analysis.subject, drawn)
    crop = choose_crop(analysis, 2 / 3)
    assert holds(crop.region, drawn)


def test_a_cmyk_jpeg_reads_like_its_rgb_original(tmp_path: Path) -> None:
    image = sky(900, 600)
    drawn = fractions(figure(ImageDraw.Draw(image), 300, 180, 400, coat=(120, 20, 30)), image)
    rgb = save(image, tmp_path, "rgb.jpg", quality=92)
    cmyk = save(image.convert("CMYK"), tmp_path, "cmyk.jpg", quality=92)
    assert_close(rgb.subject, drawn)
    assert_close(cmyk.subject, drawn)
    assert choose_crop(cmyk, 1.0).region.left == pytest.approx(choose_crop(rgb, 1.0).region.left, abs=0.01)


def test_a_flat_graphic_has_its_shape_as_subject(tmp_path: Path) -> None:
    image = Image.new("RGB", (900, 600), (240, 200, 40))
    ImageDraw.Draw(image).polygon([(540, 90), (780, 510), (300, 510)], fill=(20, 20, 20))
    analysis = save(image, tmp_path, "graphic.png")
    assert_close(analysis.subject, Region(300 / 900, 90 / 600, 780 / 900, 510 / 600))
    crop = choose_crop(analysis, 1.0)
    assert crop.subject_kept == 1.0 and crop.region.left < 300 / 900


def test_a_plain_picture_has_no_subject_and_is_calm_everywhere(tmp_path: Path) -> None:
    analysis = save(sky(900, 600), tmp_path, "plain.jpg", quality=90)
    assert analysis.subject is None and analysis.centre == (0.5, 0.5)
    crop = choose_crop(analysis, 1.0)
    assert crop.region.left == pytest.approx(1 / 6) and crop.subject_kept == 1.0
    top, bottom = read_bands(analysis, crop, (TOP, BOTTOM))
    assert top.calm and bottom.calm and top.busyness < 1
    assert top.lightness < bottom.lightness


def test_a_busy_landscape_has_no_calm_band(tmp_path: Path) -> None:
    rng = random.Random(7)
    image = sky(900, 600)
    draw = ImageDraw.Draw(image)
    for _ in range(2500):  # foliage from edge to edge
        x, y, r, g = rng.uniform(0, 900), rng.uniform(0, 600), rng.uniform(3, 14), rng.randint(60, 200)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(g // 2, g, g // 3))
    analysis = save(image, tmp_path, "foliage.jpg", quality=90)
    crop = choose_crop(analysis, 16 / 9)
    readings = read_bands(analysis, crop, (TOP, BOTTOM, Region(0.3, 0.3, 0.7, 0.7)))
    assert calmest(readings) is None
    assert all(r.busyness > 2 * art.CALM_DETAIL_LSTAR for r in readings), readings


def test_the_users_focus_point_stays_in_view(tmp_path: Path) -> None:
    image = sky(1200, 600)
    figure(ImageDraw.Draw(image), 250, 150, 400)
    analysis = save(image, tmp_path, "focus.jpg", quality=90)
    assert choose_crop(analysis, 1.0).region.left == 0  # the figure, by itself
    crop = choose_crop(analysis, 1.0, focus=(0.85, 0.4))
    assert crop.region.left + 0.2 * crop.region.width <= 0.85 <= crop.region.right - 0.2 * crop.region.width
    top, middle = read_bands(analysis, crop, (TOP, Region(0.0, 0.3, 1.0, 0.5)), focus=(0.85, 0.4))
    assert not middle.calm and middle.holds_focus and middle.subject_share == 0
    assert top.calm


def test_a_focus_at_the_edge_puts_the_crop_flush_with_that_edge(tmp_path: Path) -> None:
    analysis = save(sky(1000, 500), tmp_path, "edge.jpg", quality=90)
    assert choose_crop(analysis, 1.0, focus=(0.99, 0.5)).region.right == pytest.approx(1.0)
    assert choose_crop(analysis, 1.0, focus=(0.0, 0.5)).region.left == 0.0
    assert choose_crop(analysis, 4.0, focus=(0.5, 1.0)).region.bottom == pytest.approx(1.0)


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    image = sky(600, 900)
    drawn = fractions(figure(ImageDraw.Draw(image), 180, 300, 500), image)
    stored = image.transpose(Image.Transpose.ROTATE_90)  # as a camera held upright stores it
    exif = Image.Exif()
    exif[0x0112] = 6
    analysis = save(stored, tmp_path, "upright.jpg", quality=90, exif=exif)
    assert (analysis.width_px, analysis.height_px) == (600, 900)
    assert_close(analysis.subject, drawn)


def test_a_record_is_small_json_and_gives_the_same_crops(tmp_path: Path) -> None:
    image = sky(900, 600)
    figure(ImageDraw.Draw(image), 200, 200, 380)
    analysis = save(image, tmp_path, "record.jpg", quality=90)
    text = json.dumps(analysis.to_record())
    assert len(text) < 3000
    again = ArtAnalysis.from_record(json.loads(text))
    assert again == analysis
    assert choose_crop(again, 0.8) == choose_crop(analysis, 0.8)


def test_an_analysis_is_made_once_per_picture_and_kept_by_its_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy of a picture under another name is not analysed again; a new
    process reads the analysis kept in the cache; a kept analysis that is
    damaged or of another version is made and kept again."""
    kept = tmp_path / "cache"
    monkeypatch.setattr(art, "_ANALYSED", {})
    monkeypatch.setattr(art, "_KEPT", None)  # put back after the test
    art.keep_analyses(kept)
    image = sky(900, 600)
    figure(ImageDraw.Draw(image), 700, 200, 380)
    first = save(image, tmp_path, "a.png")
    (tmp_path / "b.png").write_bytes((tmp_path / "a.png").read_bytes())
    assert analyse_art(inspect_image(tmp_path / "b.png")) is first
    [record] = kept.iterdir()
    assert record.name.endswith(f"-analysis-v{art.ANALYSIS_VERSION}.json")
    assert ArtAnalysis.from_record(json.loads(record.read_bytes())) == first
    made: list[Path] = []
    analyse = art._analyse

    def counted(info: ImageInfo) -> ArtAnalysis:
        made.append(info.path)
        return analyse(info)

    monkeypatch.setattr(art, "_analyse", counted)
    for damage in (None, b'{"version": 1', json.dumps({**first.to_record(), "version": 0}).encode(), b"[]"):
        if damage is not None:
            record.write_bytes(damage)
        art._ANALYSED.clear()  # a new process
        assert analyse_art(inspect_image(tmp_path / "a.png")) == first
        assert made == ([] if damage is None else [tmp_path / "a.png"])
        assert ArtAnalysis.from_record(json.loads(record.read_bytes())) == first
        made.clear()


def test_the_same_picture_gives_the_same_record(tmp_path: Path) -> None:
    image = sky(900, 600)
    figure(ImageDraw.Draw(image), 400, 200, 380)
    first = save(image, tmp_path, "same.jpg", quality=90).to_record()
    art._ANALYSED.clear()
    assert analyse_art(inspect_image(tmp_path / "same.jpg")).to_record() == first


@pytest.mark.parametrize(
    "record",
    [
        {},
        {"version": art.ANALYSIS_VERSION, "size": [1, 1]},
        {"version": art.ANALYSIS_VERSION, "size": "big"},
        {
            "version": art.ANALYSIS_VERSION,
            "size": [3, 2],
            "grid": [1, 1],
            "subject": None,
            "centre": [0.5, 0.5],
            **dict.fromkeys(("subject_cells", "detail_cells", "lightness_cells"), "!!"),
        },
        {
            "version": art.ANALYSIS_VERSION,
            "size": [3, 2],
            "grid": [2, 1],
            "subject": None,
            "centre": [0.5, 0.5],
            **dict.fromkeys(("subject_cells", "detail_cells", "lightness_cells"), "AA=="),
        },
    ],
)
def test_a_malformed_record_is_refused(record: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="malformed" if record else "another version"):
        ArtAnalysis.from_record(record)


@pytest.fixture(scope="module")
def figure_analysis(tmp_path_factory: pytest.TempPathFactory) -> ArtAnalysis:
    image = sky(1200, 700)
    figure(ImageDraw.Draw(image), 300, 150, 500)
    return save(image, tmp_path_factory.mktemp("art"), "property.jpg", quality=90)


@settings(max_examples=examples(100), deadline=None)
@given(
    aspect=st.floats(0.2, 5.0),
    focus=st.one_of(st.none(), st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 1.0))),
)
def test_a_crop_has_the_frames_shape_inside_the_picture_and_keeps_the_focus(
    figure_analysis: ArtAnalysis, aspect: float, focus: tuple[float, float] | None
) -> None:
    crop = choose_crop(figure_analysis, aspect, focus)
    width, height = crop.right_px - crop.left_px, crop.bottom_px - crop.top_px
    assert width / height == pytest.approx(aspect, rel=1e-9)
    assert -1e-9 <= crop.left_px and crop.right_px <= figure_analysis.width_px + 1e-9
    assert -1e-9 <= crop.top_px and crop.bottom_px <= figure_analysis.height_px + 1e-9
    assert max(width / figure_analysis.width_px, height / figure_analysis.height_px) == pytest.approx(1.0)
    x, y = focus if focus is not None else figure_analysis.centre
    region = crop.region
    for point, low, high, extent in (
        (x, region.left, region.right, region.width),
        (y, region.top, region.bottom, region.height),
    ):
        margin = art.FOCUS_MARGIN * extent - 1e-9
        assert point - low >= margin or low == 0.0
        assert high - point >= margin or high == pytest.approx(1.0)


def test_every_sample_picture_is_analysed_into_crops_inside_it() -> None:
    for path in sorted(SAMPLE_IMAGES.glob("*.jpg")):
        with Image.open(path) as image:
            size = image.size  # 3300 x 2200, or 2200 x 3300 for a portrait poster
        analysis = analyse_art(inspect_image(path))
        assert (analysis.width_px, analysis.height_px) == size
        for aspect in (16 / 9, 1.0, 2 / 3):
            crop = choose_crop(analysis, aspect)
            assert 0 <= crop.left_px and crop.right_px <= size[0] + 1e-6 and crop.bottom_px <= size[1] + 1e-6


def test_the_samples_moon_is_their_subject_and_the_title_goes_on_the_forest() -> None:
    analysis = analyse_art(inspect_image(SAMPLE_IMAGES / "wolves-of-the-carpathians.jpg"))
    assert analysis.subject is not None and analysis.subject.width < 0.2  # the moon, not the sky
    crop = choose_crop(analysis, 3 / 2)  # the whole picture
    top, bottom = read_bands(analysis, crop, (TOP, BOTTOM))
    assert not top.calm and top.subject_share > 0
    assert calmest((top, bottom)) == bottom and bottom.lightness < 20


# The realistic catalogue's key art -----------------------------------------------

SHEET_ASPECTS = (3.5, 2.6, 1.6, 1.2, 0.67)  # the sheet's frames: landscape with a band, beside the title, poster
ON_FACES_SLACK = 0.05  # the centre may lie this share of the picture's shorter side outside the faces
HEADROOM_SHARE = 0.03  # a crop keeps at least this share of its height above the heads (or meets the picture's top)
ROOMY = 1.5  # a crop is held to this when it is at least this many times as tall as the faces
# The pictures where the analysis misses the faces, by size: two figures as dark as the towers they stand
# before; at full size also a figure that stands out from a night sky by a tenth of its lightness (lit windows
# are taken instead), a bust before bookshelves (the books nearest its head are taken for part of it, so the
# centre rises to them; the crops still keep the head), and three figures under a starry sky (a few stars beside
# the third head are joined to the group, so the centre rises above the faces; the crops still keep the heads).
FACES_MISSED = {
    4: {"born-in-leningrad-35-up"},
    1: {"born-in-leningrad-35-up", "sanctions-inc", "the-last-bathhouses-of-tokyo", "the-night-trains-of-ukraine"},
}
HEADS_CUT = {  # (picture, frame aspect): the crops that cut a head, by size
    4: {("born-in-leningrad-35-up", 0.67)},
    1: {("born-in-leningrad-35-up", 0.67), ("sanctions-inc", 3.5), ("sanctions-inc", 0.67)},
}


def make_assets() -> ModuleType:
    """tests/realistic/make_assets.py: it paints the catalogue's key art and
    records where every face is (`Art.figure`)."""
    module = sys.modules.get("make_assets")
    if module is None:
        spec = importlib.util.spec_from_file_location("make_assets", REALISTIC / "make_assets.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_assets"] = module  # its dataclasses look themselves up there
        spec.loader.exec_module(module)
    return module


Painted = list[tuple[str, object, ArtAnalysis]]  # programme, make_assets.Art, analysis


@pytest.fixture(
    scope="module",
    params=[pytest.param(4, id="quarter-size"), pytest.param(1, id="full-size", marks=pytest.mark.slow)],
)
def realistic(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Painted]:
    """Every key art of the realistic catalogue, painted at full size (about
    ten seconds) or a quarter of it, in its file format, and analysed."""
    maker = make_assets()
    folder = tmp_path_factory.mktemp("realistic")
    painted = []
    for programme, picture in maker.ART.items():
        path = folder / picture.file
        maker.save_art(picture, path, request.param)
        painted.append((programme, picture, analyse_art(inspect_image(path))))
    return request.param, painted


def faces(picture: object) -> Region:
    """Where the faces are: each head's box with a tenth of a head all round."""
    return Region(*picture.figure.head_box(picture.aspect))  # type: ignore[attr-defined]


def test_the_centre_of_interest_is_on_the_faces_of_the_realistic_pictures(realistic: tuple[int, Painted]) -> None:
    reduce, painted = realistic
    assert len(painted) == 32
    missed = set()
    for programme, picture, analysis in painted:
        aspect = picture.aspect  # type: ignore[attr-defined]
        slack_x, slack_y = ON_FACES_SLACK * min(1.0, 1 / aspect), ON_FACES_SLACK * min(1.0, aspect)
        box, (x, y) = faces(picture), analysis.centre
        if not (box.left - slack_x <= x <= box.right + slack_x and box.top - slack_y <= y <= box.bottom + slack_y):
            missed.add(programme)
    assert missed == FACES_MISSED[reduce]


def test_the_sheets_crops_of_the_realistic_pictures_keep_the_heads_with_room_above(
    realistic: tuple[int, Painted],
) -> None:
    reduce, painted = realistic
    cut, tried = set(), 0
    for programme, picture, analysis in painted:
        aspect, figure = picture.aspect, picture.figure  # type: ignore[attr-defined]
        box = faces(picture)
        heads_top = figure.y - figure.head / 2
        for frame in SHEET_ASPECTS:
            if min(1.0, aspect / frame) < ROOMY * box.height:
                continue  # a strip too thin for the faces: the sheet shows such a picture beside the title
            tried += 1
            crop = choose_crop(analysis, frame).region
            room = heads_top - crop.top >= HEADROOM_SHARE * crop.height or crop.top == 0
            if not (holds(crop, box) and room):
                cut.add((programme, frame))
    assert tried == 148
    assert cut == HEADS_CUT[reduce]
