"""Pixel checks on a rendered sheet: the picture is there, nothing touches
the page edges. Needs poppler's pdftoppm; skipped with a reason without it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from conftest import Catalogue
from generator.brand import read_brand
from generator.compose import prepare_env
from generator.layout import layout_sheet
from generator.model import read_catalogue

pytestmark = pytest.mark.slow
DPI = 50


def render(pdf: Path, tmp_path: Path) -> Image.Image:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    return Image.open(tmp_path / "page.png").convert("RGB")


def test_seed_sheet_pixels(built_sample: Catalogue, tmp_path: Path) -> None:
    image = render(built_sample.out / "sheets" / "inside-belarus.pdf", tmp_path)
    catalogue = read_catalogue(built_sample.sheets, built_sample.assets)
    brand = read_brand(built_sample.assets / "brand.yaml", built_sample.assets)
    layout = layout_sheet(
        catalogue.by_id()["inside-belarus"], prepare_env(brand, built_sample.assets, catalogue.listings)
    )
    scale = DPI / 72
    hero_bottom = round((layout.fit.key_art_pt or 0) * scale)
    footer_top = round(image.height - 70 * scale)
    # The key art is drawn: the hero is dark, not paper white.
    hero = image.crop((0, 0, image.width, hero_bottom)).convert("L")
    assert ImageStat.Stat(hero).mean[0] < 120
    # Nothing is printed within 5 mm of the side edges between hero and footer.
    edge = round(5 / 25.4 * DPI)
    for strip in (
        image.crop((0, hero_bottom + 2, edge, footer_top)),
        image.crop((image.width - edge, hero_bottom + 2, image.width, footer_top)),
    ):
        assert ImageStat.Stat(strip.convert("L")).extrema[0][0] >= 250
