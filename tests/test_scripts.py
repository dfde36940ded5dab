"""The text engine: shaping, direction, line breaks in every script, font
fallback, extraction round trips, right-to-left sheets, and the messages for
characters that no font has."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import io
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from corpus import TRIED
from fontTools.ttLib import TTFont as ToolsFont
from pypdf import PdfReader

from conftest import MINIMAL, SAMPLE_ASSETS, Catalogue, assert_valid_pdf
from generator import fonts, segment, shaping
from generator.bidi import base_level, levels, visual_order
from generator.boxes import Page, TextRun
from generator.brand import read_brand
from generator.chars import one_of
from generator.compose import Block, Env, Kit, prepare_env
from generator.fonts import BUNDLED, DEFAULT_BODY, load_face
from generator.render import DocumentInfo, render_pages
from generator.segment import graphemes
from generator.typeset import Line, Style, wrap

SAMPLES = {
    "arabic": ("ar", "مرحبا بالعالم (٢٠٢٤) من بيروت"),
    "arabic ligatures and marks": ("ar", "لا تزال على التلال حرّاس زُرعت لإبقائها"),
    "persian": ("fa", "می\u200cخواهم کتاب\u200cها را بخوانم"),
    "hebrew": ("he", "שלום עולם [abc] 123 ₪"),
    "hebrew points": ("he", "שָׁלוֹם מְשֻׁלָּם"),
    "devanagari": ("hi", "क्षितिज पर धर्म और संस्कृति"),
    "thai": ("th", "ภาษาไทย ที่ ต้อง ผู้ใหญ่"),
    "georgian": ("ka", "ქართული ენა და კულტურა"),
    "armenian": ("hy", "Հայերեն լեզու և մշակույթ"),
    "japanese": ("ja", "日本語のテキスト「直」です。"),
    "chinese": ("zh-Hans", "中文文本，直接测试。"),
    "korean": ("ko", "한국어 문장입니다 테스트"),
}
NO_START = set("、。，．・：；？！）」』】〕〉》ーぁぃぅぇぉっゃゅょァィゥェォッャュョ")
NO_END = set("（「『【〔〈《")
JAPANESE = (
    "東京の街が眠っている間にも、多くの人々が働いている。このドキュメンタリーは、夜明け前の数時間に市場、"
    "病院、駅で働く人々を追いかける。「ありがとう」という言葉が、彼らにとって何よりの報酬だ。（二〇二三年）"
)
CHINESE = "在黎明之前的几个小时里，城市依然忙碌：市场、医院和车站都有人在工作。“谢谢”这句话，是他们最好的回报。"


@pytest.fixture(scope="module")
def env() -> Env:
    brand = read_brand(SAMPLE_ASSETS / "brand.yaml", SAMPLE_ASSETS)
    return prepare_env(brand, SAMPLE_ASSETS, {})


def body(env: Env, language: str = "en", size: float = 12.0, style: str = "regular") -> Style:
    return Kit(env).body(style, size, (0, 0, 0), language=language)


# Shaping -----------------------------------------------------------------------


def glyph_ids(line: Line) -> list[int]:
    codes = [code for piece in line.pieces for code in piece.codes]
    glyphs = []
    for piece in line.pieces:
        face = shaping.face_cmap(piece.font)
        glyphs += [fonts.pdfmetrics.getFont(piece.font).face.charToGlyph.get(ord(c), face.get(ord(c))) for c in codes]
    return glyphs


def test_arabic_letters_are_joined(env: Env) -> None:
    style = body(env, "ar")
    joined = wrap("سلام", style, 300)[0]
    apart = wrap("\u200c".join("سلام"), style, 300)[0]  # non-joiners keep every letter in its isolated form
    assert [p.text for p in joined.pieces] == ["سلام"]
    assert glyph_ids(joined) != glyph_ids(apart)
    assert joined.width_pt < apart.width_pt


def test_lam_alef_is_one_glyph_that_extracts_as_two_letters(env: Env) -> None:
    (line,) = wrap("لا", body(env, "ar"), 300)
    (piece,) = line.pieces
    nominal = shaping.face_cmap(piece.font)
    drawn = [fonts.pdfmetrics.getFont(piece.font).face.charToGlyph[ord(code)] for code in piece.codes]
    assert drawn[0] not in (nominal[ord("ل")], nominal[ord("ا")])  # the ligature, one glyph for both letters
    assert drawn[1:] == [nominal[ord(" ")]]  # a blank beside it carries the second letter: one letter a code
    assert piece.text == "لا"


def test_devanagari_conjuncts_and_pre_base_vowel_are_shaped(env: Env) -> None:
    line = wrap("क्षि", body(env, "hi"), 300)[0]
    (piece,) = line.pieces
    assert len(piece.codes) < len("क्षि")  # a conjunct glyph, not four characters
    assert piece.text == "क्षि"


# Direction ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # levels of GNU FriBidi and python-bidi on the same strings
        ("abc (עברית) def", [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]),
        ("עברית [abc] 123 ₪", [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 2, 2, 2, 1, 1]),
        ("שלום (world)!", [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 1, 1]),
        ("א (b) c", [1, 1, 1, 2, 1, 1, 2]),
        ("abc שלום 123 def", [0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 0, 0, 0, 0]),
    ],
)
def test_bidi_levels_with_bracket_pairs(text: str, expected: list[int]) -> None:
    assert levels(text, base_level(text)) == expected


def test_visual_order_reverses_right_to_left_runs() -> None:
    text = "abc שלום def"
    order = visual_order(levels(text, 0))
    assert "".join(text[i] for i in order) == "abc םולש def"


def test_a_hebrew_title_in_a_left_to_right_sheet_reads_right_to_left(env: Env) -> None:
    (line,) = wrap("Shalom שלום עולם 2024", body(env), 400)
    logical = [piece.text for piece in line.pieces]
    visual = [piece.text for piece in sorted(line.pieces, key=lambda piece: piece.x_pt)]
    assert logical == ["Shalom ", "שלום עולם ", "2024"]  # written to the PDF in this order
    assert visual == ["Shalom ", "2024", "שלום עולם "]  # the number belongs to the right-to-left stretch
    (hebrew,) = [piece for piece in line.pieces if piece.rtl]
    assert hebrew.text == "שלום עולם "


def test_an_arabic_paragraph_puts_embedded_latin_to_the_left(env: Env) -> None:
    (line,) = wrap("فيلم Cedars جديد", body(env, "ar"), 400)
    by_x = [piece.text for piece in sorted(line.pieces, key=lambda piece: piece.x_pt)]
    assert "".join(piece.text for piece in line.pieces) == "فيلم Cedars جديد"  # logical
    assert by_x == ["جديد", " ", "Cedars", "فيلم "]  # the first word at the right


# Line breaking -----------------------------------------------------------------


@pytest.mark.parametrize("text", [JAPANESE, CHINESE], ids=["japanese", "chinese"])
def test_cjk_breaks_between_characters_by_the_kinsoku_rules(env: Env, text: str) -> None:
    language = "ja" if "の" in text else "zh-Hans"
    style = body(env, language, 9.0)
    breaks = 0
    for width in range(60, 330, 7):
        lines = wrap(text, style, width)
        assert "".join(line.text for line in lines) == text
        assert all(line.width_pt <= width + 0.01 for line in lines)
        for line in lines[1:]:
            assert line.text[0] not in NO_START, (width, line.text)
        for line in lines[:-1]:
            assert line.text[-1] not in NO_END, (width, line.text)
        breaks += len(lines) - 1
    assert breaks > 50


def test_korean_breaks_at_spaces_only(env: Env) -> None:
    text = "한국어 문장입니다 테스트 문장"
    for width in (65, 80, 120):
        for line in wrap(text, body(env, "ko"), width):
            assert line.text in text and all(word in text.split() for word in line.text.split())


def test_thai_title_breaks_at_spaces(env: Env) -> None:
    lines = wrap("ภาษาไทย ที่ ต้อง ผู้ใหญ่", body(env, "th"), 60)
    assert [line.text for line in lines] == ["ภาษาไทย ที่", "ต้อง ผู้ใหญ่"]


def test_soft_hyphen_zero_width_space_no_break_space_and_word_joiner(env: Env) -> None:
    style = body(env)
    assert [line.text for line in wrap("co\u00adop\u00aderation", style, 40)] == ["coop-", "eration"]
    assert [line.text for line in wrap("co\u00adop\u00aderation", style, 200)] == ["cooperation"]
    assert [line.text for line in wrap("long\u200bstreet\u200bname", style, 65)] == ["longstreet", "name"]
    assert [line.text for line in wrap("52\u00a0min and more", style, 40)] == ["52\u00a0min", "and", "more"]
    assert [line.text for line in wrap("A\u2060B C", style, 20)] == ["AB", "C"]


def test_emergency_breaks_never_separate_a_mark_from_its_letter(env: Env) -> None:
    word = "क्षितिजधर्मसंस्कृति" * 2
    for width in (30, 45, 60):
        lines = wrap(word, body(env, "hi"), width)
        assert len(lines) > 1
        assert "".join(line.text.removesuffix("-") for line in lines) == word
        assert all(line.text.endswith("-") for line in lines[:-1])  # never broken without a hyphen
        for line in lines:
            text = line.text.removesuffix("-")
            assert graphemes(text)[0] == graphemes(word[word.index(text) :])[0]
            assert unicodedata.category(line.text[0]) == "Lo"


def test_latin_keeps_the_fast_path(env: Env) -> None:
    lines = wrap("Inside Belarus: Putin’s Puppet Regime — Ωραία Ελλάδα, Łódź", body(env), 200)
    assert lines and all(not line.pieces for line in lines)
    assert all(line.pieces for line in wrap("Inside שלום", body(env), 200))


# Fonts -------------------------------------------------------------------------


def test_original_language_chooses_the_han_glyph_forms(env: Env) -> None:
    kit = Kit(env)
    names = {}
    for language in ("ja", "zh-Hans", "zh-Hant", "ko"):
        (line,) = wrap("直", kit.heading("italic", 13, (0, 0, 0), language=language), 100)
        names[language] = line.pieces[0].font.split("-")[0]
    assert names == {"ja": "NotoSansJP", "zh-Hans": "NotoSansSC", "zh-Hant": "NotoSansTC", "ko": "NotoSansKR"}
    (line,) = wrap("直す", body(env), 100)  # kana: Japanese forms without a language
    assert line.pieces[0].font.startswith("NotoSansJP")


def test_two_fonts_with_one_postscript_name_are_not_merged(tmp_path: Path) -> None:
    font = ToolsFont(BUNDLED / "Lato-Bold.ttf")
    for record in font["name"].names:
        if record.nameID == 6:
            record.string = "Lato-Regular"
    font.save(tmp_path / "Impostor.ttf")
    regular, impostor = load_face(DEFAULT_BODY.regular), load_face(tmp_path / "Impostor.ttf")
    assert impostor.label != regular.label
    page = Page(
        200,
        50,
        (TextRun(5, 30, "Aa", regular.name, 12, (0, 0, 0), 20), TextRun(5, 10, "Aa", impostor.name, 12, (0, 0, 0), 20)),
    )
    pdf = render_pages([page], DocumentInfo("", "", "", ()), {})
    assert_valid_pdf(pdf)
    fonts_used = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    assert len({str(f.get_object()["/BaseFont"]) for f in fonts_used.values()}) == 2


@pytest.fixture
def without_cjk_extra(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As if onesheet[cjk] were not installed."""
    caches = (fonts.cjk_fallbacks, shaping._chain, shaping._face_for, shaping._analyse)
    find_spec = fonts.importlib.util.find_spec
    monkeypatch.setattr(
        fonts.importlib.util, "find_spec", lambda name, *a: None if name == fonts.CJK_PACKAGE else find_spec(name, *a)
    )
    for cache in caches:
        cache.cache_clear()
    yield
    for cache in caches:
        cache.cache_clear()


def test_build_keys_hold_the_installed_version_of_the_cjk_fonts() -> None:
    """As importlib.metadata reads it, without importing it."""
    assert fonts.cjk_version() == importlib.metadata.version("justmytype-intl-cjk") != ""


def test_build_keys_hold_no_version_of_cjk_fonts_not_installed(without_cjk_extra: None) -> None:
    assert fonts.cjk_version() == ""


def test_cjk_without_a_font_says_what_to_install(catalogue: Catalogue, without_cjk_extra: None) -> None:
    catalogue.write("a.yaml", MINIMAL.replace("A Minimal Programme", "東京"))
    tried = TRIED.format(first="RobotoCondensed-Bold").removesuffix(
        ", Noto Sans JP, Noto Sans KR, Noto Sans SC, Noto Sans TC"
    )
    assert catalogue.errors() == [
        f"sheets/a.yaml:1: title: no font has a glyph for U+6771 (東), U+4EAC (京); {tried}; install the Chinese, "
        "Japanese and Korean fonts (pip install 'onesheet[cjk]') or add a font that has them to fonts.fallbacks in "
        "brand.yaml"
    ]


def test_brand_fallbacks_come_first_and_are_checked(catalogue: Catalogue) -> None:
    catalogue.write("a.yaml", MINIMAL)
    (catalogue.assets / "fonts").mkdir()
    shutil.copy(BUNDLED / "NotoSansHebrew-Bold.ttf", catalogue.assets / "fonts" / "MyHebrew.ttf")
    catalogue.brand(
        "name: Script Docs\nlanguage: he\nfonts:\n  fallbacks:\n    - fonts/MyHebrew.ttf\n"
        "    - {regular: fonts/Nope.ttf}\n    - {regular: fonts/MyHebrew.ttf, language: klingon language}\n"
    )
    assert catalogue.errors() == [
        "assets/brand.yaml:6: fonts.fallbacks: item 2: regular: no file 'fonts/Nope.ttf' in assets",
        "assets/brand.yaml:7: fonts.fallbacks: item 3: language: expected a language code such as en, fr, pt-BR or "
        "zh-Hant, got 'klingon language'",
    ]
    catalogue.brand("name: Script Docs\nlanguage: hebrew\n")
    assert catalogue.errors() == [
        "assets/brand.yaml:2: language: expected a language code such as en, fr, pt-BR or zh-Hant, got 'hebrew' "
        "(did you mean 'he'?)"
    ]
    catalogue.brand("name: Script Docs\nfonts:\n  fallbacks: [fonts/MyHebrew.ttf]\n")
    brand = read_brand(catalogue.assets / "brand.yaml", catalogue.assets)
    (line,) = wrap("שלום", Kit(prepare_env(brand, catalogue.assets, {})).body("regular", 9, (0, 0, 0)), 100)
    assert line.pieces[0].font.startswith("MyHebrew-")


# Sheets ------------------------------------------------------------------------


def test_japanese_overflow_counts_characters(catalogue: Catalogue) -> None:
    catalogue.write("long.yaml", MINIMAL.replace("A first paragraph of the synopsis.", JAPANESE * 40))
    (error,) = catalogue.errors()
    assert error.startswith("sheets/long.yaml:3: synopsis: does not fit on one page: about ")
    assert " characters too long at the smallest type size (8.5 pt); shorten the synopsis to about " in error
    allowed = int(error.split("shorten the synopsis to about ")[1].split()[0])
    assert 1000 < allowed < len(JAPANESE) * 40


def test_a_right_to_left_sheet_is_the_mirror_image_of_the_left_to_right_one(catalogue: Catalogue, env: Env) -> None:
    from generator.layout import layout_sheet
    from generator.model import read_catalogue

    catalogue.write(
        "a.yaml", MINIMAL + "original_title: أرز لبنان\ncountry: Lebanon\nscreener: https://example.com/x\n"
    )
    programme = read_catalogue(catalogue.sheets, catalogue.assets).by_id()["a"]
    ltr = layout_sheet(programme, env).page
    rtl = layout_sheet(programme, dataclasses.replace(env, language="ar")).page  # the words kept, the page mirrored
    assert len(ltr.boxes) == len(rtl.boxes)
    for left, right in zip(ltr.boxes, rtl.boxes):
        width = left.size_pt if not hasattr(left, "width_pt") else left.width_pt  # type: ignore[union-attr]
        assert right.x_pt == pytest.approx(ltr.width_pt - left.x_pt - width)
        assert right.y_pt == left.y_pt


# The PDF -----------------------------------------------------------------------


def sample_page(env: Env, width: float = 520.0) -> Page:
    block = Block(width)
    for language, text in SAMPLES.values():
        block.text(text, body(env, language, 11.0))
        block.gap(6)
    return Page(width + 40, block.height + 40, tuple(block.place(20, 20, block.height + 40)))


def pdftotext(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return text.translate(dict.fromkeys(range(0x202A, 0x202F)))  # poppler marks embedded directions


def test_text_extracts_in_logical_order_with_the_right_characters(env: Env, tmp_path: Path) -> None:
    pdf = render_pages([sample_page(env)], DocumentInfo("", "", "", ()), {})
    (tmp_path / "scripts.pdf").write_bytes(pdf)
    extracted = {
        "pypdf": PdfReader(io.BytesIO(pdf)).pages[0].extract_text(),
        "pdftotext": pdftotext(tmp_path / "scripts.pdf"),
    }
    for tool, text in extracted.items():
        flat = " ".join(text.split())
        for name, (_, sample) in SAMPLES.items():
            words = [word for word in sample.replace("\u200c", "").split() if not any(c in word for c in "()[]₪٢")]
            if name == "devanagari" and tool == "pypdf":  # pypdf ignores ActualText: pre-base vowels come first
                ratio = SequenceMatcher(None, sample.replace(" ", ""), "".join(flat.split())).find_longest_match()
                assert ratio.size >= 4, (tool, flat)
                continue
            for word in words:
                assert word in flat, (tool, name, word, flat)


def test_fonts_are_embedded_and_subset(env: Env, tmp_path: Path) -> None:
    pdf = render_pages([sample_page(env)], DocumentInfo("", "", "", ()), {})
    assert_valid_pdf(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    names = []
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        names.append(str(font["/BaseFont"]))
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
        assert "/ToUnicode" in font
    assert all(name.lstrip("/")[6] == "+" for name in names)
    assert len(pdf) < 150_000
    for script in ("Arabic", "Hebrew", "Devanagari", "Thai", "Georgian", "Armenian", "JP", "SC", "KR"):
        assert any(f"NotoSans{script}-Regular" in name for name in names), (script, names)


EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))


@pytest.mark.parametrize(
    "spans",
    [
        fonts.CJK_RANGES, segment._SPACELESS, shaping._KANA, shaping._HANGUL, shaping._JOINING,
        *(fallback.covers or "" for fallback in fonts.BUNDLED_FALLBACKS),
        "\u0300-\u036f\u0483-\u0489\u0591-\u08ff\u0900-\u0dff\u2e80-\ufaff\U00010000-\U0010ffff",
        "\x00-\U0010ffff", "\x00", "\U0010ffff", "a-fc-kz", "\u2e80-\ufaff\u0300",
    ],
)  # fmt: skip
def test_a_class_of_characters_matches_what_its_spans_name(spans: str) -> None:
    """However it is compiled (from its complement, when that is smaller),
    a class matches exactly the characters it names, each alone."""
    pattern = one_of(spans)
    assert pattern.sub("", EVERY_CHARACTER) == re.sub(f"[{spans}]", "", EVERY_CHARACTER)
    assert all(pattern.fullmatch(char) for char in spans if char != "-")


def test_large_classes_are_compiled_from_what_they_leave_out() -> None:
    assert segment.COMPLEX.pattern.startswith("[^")
    assert one_of(fonts.CJK_RANGES).pattern.startswith("[^")
    assert one_of(shaping._KANA).pattern == f"[{shaping._KANA}]"
