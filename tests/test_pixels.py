"""Reference images of the sheet's designs, each on a sheet built for it:
a calm picture with the title over it, a busy picture with the title on a
band below it, a portrait poster beside the title, and a page without key
art. Each sheet is rendered small with pdftoppm and compared pixel by
pixel with tests/references/ (see conftest.assert_pixels); on a difference
the actual and expected images are written into the test's folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from conftest import MINIMAL, Catalogue, assert_pixels, rendered

DPI = 24


def calm_sky(path: Path) -> None:
    """A plain dusk sky, a figure standing at the right: calm where the title goes."""
    image = Image.linear_gradient("L").resize((1600, 900)).convert("RGB")
    image = Image.merge(
        "RGB", [band.point(lambda v, k=k: 20 + v * k) for band, k in zip(image.split(), (0.5, 0.3, 0.6))]
    )
    draw = ImageDraw.Draw(image)
    draw.ellipse((1430, 250, 1530, 350), fill=(10, 10, 10))
    draw.rectangle((1400, 350, 1560, 800), fill=(10, 10, 10))
    image.save(path, quality=92)


def busy_city(path: Path) -> None:
    """Windows everywhere: no calm place for a title."""
    image = Image.new("RGB", (1600, 900), (30, 30, 40))
    draw = ImageDraw.Draw(image)
    for x in range(0, 1600, 40):
        for y in range(0, 900, 30):
            if (x * 7 + y * 13) % 5 < 3:
                draw.rectangle((x + 8, y + 6, x + 28, y + 20), fill=(240, 200, 90))
    image.save(path, quality=92)


def poster(path: Path) -> None:
    """A portrait poster, its subject's head near the top."""
    image = Image.new("RGB", (1080, 1620), (40, 60, 90))
    draw = ImageDraw.Draw(image)
    draw.ellipse((440, 260, 640, 460), fill=(230, 200, 170))
    draw.rectangle((380, 470, 700, 1300), fill=(200, 60, 40))
    image.save(path, quality=92)


DESIGNS: dict[str, tuple[Callable[[Path], None] | None, str, str, str]] = {
    # name: (art, the hero's design, where the title sits, the key art's focus)
    "design-calm-picture": (calm_sky, "landscape", "picture", "[0.92, 0.33]"),
    "design-band": (busy_city, "landscape", "band", ""),
    "design-poster": (poster, "portrait", "field", ""),
    "design-no-art": (None, "none", "field", ""),
}


def programme(name: str, catalogue: Catalogue) -> str:
    """The programme file of a design's sheet, its picture painted."""
    paint, _, _, focus = DESIGNS[name]
    text = MINIMAL + "genres: [Nature]\ncountry: Norway\n"
    if paint is not None:
        paint(catalogue.assets / "images" / f"{name}.jpg")
        art = f"images/{name}.jpg"
        text += f"key_art: {{file: {art}, focus: {focus}}}\n" if focus else f"key_art: {art}\n"
    return text


@pytest.mark.parametrize("name", sorted(DESIGNS))
def test_each_design_matches_its_reference_image(catalogue: Catalogue, tmp_path: Path, name: str) -> None:
    catalogue.write("film.yaml", programme(name, catalogue))
    assert catalogue.run("build").status == 0
    pdf = (catalogue.out / "sheets" / "film.pdf").read_bytes()
    assert len(PdfReader(catalogue.out / "sheets" / "film.pdf").pages) == 1
    assert_pixels(rendered(pdf, tmp_path, DPI), name, tmp_path)


def test_the_designs_are_the_ones_chosen(catalogue: Catalogue) -> None:
    """The reference sheets above show what they claim: the layout chose
    the design and the title's place each is named for."""
    from generator.brand import read_brand
    from generator.compose import prepare_env
    from generator.layout import layout_sheet
    from generator.model import read_catalogue

    for name in DESIGNS:
        catalogue.write(f"{name}.yaml", programme(name, catalogue))
    programmes = read_catalogue(catalogue.sheets, catalogue.assets)
    env = prepare_env(read_brand(catalogue.assets / "brand.yaml", catalogue.assets), catalogue.assets, {})
    for each in programmes.programmes:
        variant = layout_sheet(each, env).variant
        assert (variant.hero, variant.title_on) == DESIGNS[each.id][1:3], each.id
