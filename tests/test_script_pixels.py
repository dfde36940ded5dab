"""Reference images of small pages in each script: the page is drawn,
rendered with pdftoppm and compared pixel by pixel with tests/references/.
On a difference, the actual and expected images are written side by side
into the test's folder. `ONESHEET_REGENERATE=1 pytest tests/test_script_pixels.py`
rewrites the references (look at them before committing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLE_ASSETS, assert_pixels, rendered
from generator.boxes import Page
from generator.brand import read_brand
from generator.compose import Block, Env, Kit, prepare_env
from generator.direction import for_language
from generator.render import DocumentInfo, render_pages

DPI = 100
PAGES = {  # a title in bold and a paragraph that wraps, in each script
    "arabic": ("ar", "أرز لبنان", "رحلة إلى الجبال حيث تعيش أشجار الأرز (منذ ٣٠٠٠ سنة) مع Ana Ruiz."),
    "persian": ("fa", "کتاب‌های من", "می‌خواهم کتاب‌ها را بخوانم، هر روز."),
    "hebrew": ("he", "שלום עולם", "סרט תיעודי [2024] על הים, 52 דקות."),
    "devanagari": ("hi", "क्षितिज", "धर्म और संस्कृति की कहानी, स्कृ और क्षि।"),
    "thai": ("th", "ผู้ใหญ่", "ภาษาไทย ที่ ต้อง ผู้ใหญ่ น้ำ"),
    "georgian": ("ka", "ქართული", "ქართული ენა და კულტურა"),
    "armenian": ("hy", "Հայերեն", "Հայերեն լեզու և մշակույթ"),
    "japanese": ("ja", "東京の夜明け", "夜明け前の東京で働く人々の物語。「ありがとう」"),
    "chinese": ("zh-Hans", "黎明之前", "城市依然忙碌：市场、医院和车站。“谢谢”"),
    "korean": ("ko", "서울의 새벽", "한국어 문장입니다. 새벽의 도시."),
}


@pytest.fixture(scope="module")
def env() -> Env:
    brand = read_brand(SAMPLE_ASSETS / "brand.yaml", SAMPLE_ASSETS)
    return prepare_env(brand, SAMPLE_ASSETS, {})


def small_page(env: Env, language: str, title: str, text: str) -> Page:
    kit = Kit(env)
    block = Block(150)
    block.text(title, kit.heading("bold", 16, kit.colours.primary, language=language))
    block.gap(4)
    block.text(text, kit.body("regular", 9, kit.colours.text, 1.4, language=language))
    page = Page(170, block.height + 20, tuple(block.place(10, 10, block.height + 20)))
    return for_language(page, language)


@pytest.mark.parametrize("script", sorted(PAGES))
def test_script_reference_image(env: Env, tmp_path: Path, script: str) -> None:
    language, title, text = PAGES[script]
    pdf = render_pages([small_page(env, language, title, text)], DocumentInfo("", "", "", ()), {})
    assert_pixels(rendered(pdf, tmp_path, DPI, grey=True), script, tmp_path)
