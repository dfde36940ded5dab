"""The realistic catalogue is what its README promises: files that load,
ids and related titles that hold, the lengths, scripts and pasted
characters listed, and images in every format, each with its subject where
the maker script says."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import make_assets
import pytest
import yaml
from PIL import Image, ImageChops, ImageOps, ImageStat
from pypdf import PdfReader

from generator.brand import read_brand
from generator.load import load_mapping
from generator.model import PROGRAMME, SLUG, programme_files

V2_FIELDS = ("short_synopsis", "url", "trailer", "original_language", "translations")
SCRIPTS = {  # script -> (a character range it uses, the original_language expected)
    "Arabic": ("\u0600-\u06ff", "ar"),
    "Persian": ("\u06a9\u06cc", "fa"),  # keheh and Farsi yeh, which Arabic writes otherwise
    "Hebrew": ("\u0590-\u05ff", "he"),
    "Devanagari": ("\u0900-\u097f", "hi"),
    "Thai": ("\u0e00-\u0e7f", "th"),
    "Georgian": ("\u10a0-\u10ff", "ka"),
    "Armenian": ("\u0530-\u058f", "hy"),
    "Chinese (simplified)": ("长声", "zh-Hans"),
    "Chinese (traditional)": ("臺", "zh-Hant"),
    "Japanese": ("\u3040-\u309f", "ja"),
    "Korean": ("\uac00-\ud7af", "ko"),
    "Greek": ("\u0370-\u03ff", "el"),
    "Cyrillic": ("\u0400-\u04ff", "ru"),
    "Polish": ("ąćęłńóśźż", "pl"),
    "Icelandic": ("þðÞÐ", "is"),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogue as make_assets.py writes it, images at a quarter size."""
    root = tmp_path_factory.mktemp("realistic")
    make_assets.make_catalogue(root, make_assets.SMALL)
    return root


@pytest.fixture(scope="module")
def programmes(made: Path) -> dict[str, dict[str, object]]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8-sig")) for path in sorted((made / "sheets").iterdir())
    }


def key_art_file(programme: dict[str, object]) -> str | None:
    art = programme.get("key_art")
    return art["file"] if isinstance(art, dict) else art  # type: ignore[return-value]


def test_files_load_and_use_only_contract_fields(made: Path) -> None:
    paths = sorted((made / "sheets").iterdir())
    assert len(paths) == 35
    assert sum(path.suffix == ".yml" for path in paths) == 3
    for path in paths:
        problems: list[object] = []
        mapping = load_mapping(path, "programme fields", problems)  # type: ignore[arg-type]
        assert problems == [], path
        assert SLUG.fullmatch(path.stem), path
        unknown = {entry.key for entry in mapping.entries} - {f.name for f in PROGRAMME} - set(V2_FIELDS)
        assert unknown == set(), path


def test_line_endings_are_those_of_their_editors(made: Path) -> None:
    for path in (made / "sheets").iterdir():
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") == (path.stem in make_assets.BOM), path
        crlf = data.count(b"\r\n")
        assert (crlf == data.count(b"\n") > 0) if path.stem in make_assets.CRLF else crlf == 0, path


def test_related_titles_exist(programmes: dict[str, dict[str, object]]) -> None:
    for pid, programme in programmes.items():
        related = programme.get("related", [])
        assert isinstance(related, list)
        assert len(set(related)) == len(related) and pid not in related, pid
        assert set(related) <= set(programmes), pid


def words(text: object) -> int:
    return len(str(text).split())


def test_lengths_range_from_short_to_the_largest_a_distributor_publishes(
    programmes: dict[str, dict[str, object]],
) -> None:
    lengths = {pid: words(p["synopsis"]) for pid, p in programmes.items()}
    (largest,) = [programmes[pid] for pid, n in lengths.items() if n == 600]
    assert (len(largest["related"]), len(largest["credits"]), len(largest["awards"]), len(largest["quotes"])) == (  # type: ignore[arg-type]
        6, 6, 4, 2,
    )  # fmt: skip
    assert {"screener", "trailer", "short_synopsis", "url"} <= set(largest)
    long = [programmes[pid] for pid, n in lengths.items() if 475 <= n <= 579]
    assert len(long) == 3
    for programme in long:
        assert 4 <= len(programme["related"]) <= 6 and len(programme["credits"]) == 6  # type: ignore[arg-type]
        assert programme["awards"] and programme["quotes"] and programme["short_synopsis"]
    assert sum(40 <= n <= 80 for n in lengths.values()) == 6
    assert sum(150 <= n <= 400 for n in lengths.values()) == 25
    for programme in programmes.values():
        if "short_synopsis" in programme:
            assert 40 <= words(programme["short_synopsis"]) <= 80
    versions = [v for p in programmes.values() for v in p.get("versions", [])]  # type: ignore[attr-defined]
    assert "Russian/Belarusian original with English subtitles" in versions and max(map(len, versions)) > 50


def test_original_titles_in_every_script(programmes: dict[str, dict[str, object]]) -> None:
    for script, (characters, language) in SCRIPTS.items():
        (title,) = [p["original_title"] for p in programmes.values() if p.get("original_language") == language]
        assert re.search(f"[{characters}]", str(title)), script
    for programme in programmes.values():
        if "original_title" in programme:
            assert "original_language" in programme


def test_text_pasted_from_web_pages(programmes: dict[str, dict[str, object]]) -> None:
    text = yaml.safe_dump(list(programmes.values()), allow_unicode=True)
    for character in '\u00ad\u00a0\u200b\u2060\u200e“”"’–…%&<«»„':
        assert character in text, f"U+{ord(character):04X}"
    assert "Born in Leningrad: 35 Up <Parts 1 & 2>" in text
    assert sum("genres" not in p for p in programmes.values()) == 3
    assert sum("country" not in p for p in programmes.values()) == 4


def upright(path: Path) -> Image.Image:
    """The picture as a viewer shows it, in RGB over white."""
    with Image.open(path) as image:
        if image.mode == "CMYK" and "adobe" not in image.info:  # Pillow assumes Adobe's inverted samples
            image = ImageChops.invert(image)
        image = ImageOps.exif_transpose(image)
        if image.mode == "I;16":
            image = image.point(lambda v: v / 256).convert("L")
        rgba = image.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")


def darkness(picture: Image.Image, art: make_assets.Art) -> list[float]:
    """How much darker each head's core is than the background beside the
    heads (the brighter side), in grey levels: a silhouette stands out."""
    grey = picture.convert("L")

    def mean(x0: float, y0: float, x1: float, y1: float) -> float:
        box = (x0 * grey.width, y0 * grey.height, x1 * grey.width, y1 * grey.height)
        return float(ImageStat.Stat(grey.crop(tuple(round(v) for v in box))).mean[0])

    half_w, half_h = art.figure.head * 0.2 / art.aspect, art.figure.head * 0.25
    left, top, right, bottom = art.figure.head_box(art.aspect)
    side = max(
        mean(left - 3 * half_w, top, left - half_w, bottom), mean(right + half_w, top, right + 3 * half_w, bottom)
    )
    return [side - mean(x - half_w, y - half_h, x + half_w, y + half_h) for x, y in art.figure.heads(art.aspect)]


def test_key_art_in_every_format_with_its_subject_where_stated(
    made: Path, programmes: dict[str, dict[str, object]]
) -> None:
    kinds: Counter[tuple[str, str]] = Counter()
    for pid, art in make_assets.ART.items():
        assert key_art_file(programmes[pid]) == art.file
        path = made / "assets" / art.file
        with Image.open(path) as image:
            kinds[image.format or "", image.mode] += 1
        picture = upright(path)
        assert picture.size == (art.size[0] // make_assets.SMALL, art.size[1] // make_assets.SMALL), pid
        assert min(darkness(picture, art)) > 25, pid
        left, top, right, bottom = art.figure.head_box(art.aspect)
        focus = programmes[pid]["key_art"]
        if isinstance(focus, dict):
            x, y = focus["focus"]
            assert left <= x <= right and top <= y <= bottom, pid
    assert sum("key_art" in p for p in programmes.values()) == 32
    assert kinds == {
        ("JPEG", "RGB"): 17, ("JPEG", "L"): 1, ("JPEG", "CMYK"): 2, ("MPO", "RGB"): 1,
        ("PNG", "RGB"): 2, ("PNG", "RGBA"): 4, ("PNG", "LA"): 1, ("PNG", "P"): 1, ("PNG", "I;16"): 1,
        ("WEBP", "RGB"): 1, ("TIFF", "RGB"): 1,
    }  # fmt: skip


def open_art(made: Path, pid: str) -> Image.Image:
    return Image.open(made / "assets" / make_assets.ART[pid].file)


def test_format_details_that_trip_readers(made: Path) -> None:
    with open_art(made, "letters-to-minsk") as adobe, open_art(made, "caravanserais-of-the-silk-road") as plain:
        assert adobe.info.get("adobe") and "adobe" not in plain.info
    with open_art(made, "the-night-trains-of-ukraine") as rotated:
        assert rotated.getexif()[0x0112] == 6 and rotated.width > rotated.height  # shown as a portrait
    with open_art(made, "voices-from-aleppo") as progressive:
        assert progressive.info.get("progressive")
    with open_art(made, "the-forgers-apprentice") as camera:
        assert camera.n_frames == 2  # type: ignore[attr-defined]
    for pid in ("the-ferrymans-daughter", "the-village-by-the-fjord"):
        header = (made / "assets" / make_assets.ART[pid].file).read_bytes()[16:26]
        assert header[8] == 16, pid  # bit depth in IHDR
    for pid, art in make_assets.ART.items():
        if art.alpha is None:
            continue
        with open_art(made, pid) as image:
            alpha = image.convert("RGBA").getchannel("A")
        low, high = alpha.getextrema()
        assert low == 0 and high == 255, pid  # some of it truly transparent, the subject opaque
    for path in (made / "assets" / "images" / "laurels").iterdir():
        with Image.open(path) as laurel:
            assert laurel.mode == "RGBA" and laurel.getchannel("A").getextrema() == (0, 255)


def test_brand_and_every_award_laurel(made: Path, programmes: dict[str, dict[str, object]]) -> None:
    brand = read_brand(made / "assets" / "brand.yaml", made / "assets")
    assert brand.name == "Halyard Documentary Sales" and len(brand.contacts) == 3 and brand.logo is not None
    laurels = [a["laurel"] for p in programmes.values() for a in p.get("awards", []) if isinstance(a, dict)]  # type: ignore[attr-defined]
    assert set(laurels) == set(make_assets.LAURELS)
    assert all((made / "assets" / laurel).is_file() for laurel in laurels)


def test_same_arguments_same_bytes(tmp_path: Path) -> None:
    for art in (make_assets.ART["the-village-by-the-fjord"], make_assets.ART["jerusalem-after-dark"]):
        make_assets.save_art(art, tmp_path / "a", make_assets.SMALL)
        make_assets.save_art(art, tmp_path / "b", make_assets.SMALL)
        assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()


@pytest.mark.slow
def test_every_title_of_the_realistic_catalogue_is_checked_valid_and_built(made: Path) -> None:
    """Issue 10's promise: a real catalogue in, every title out, and `check`
    agrees with `build`."""
    from generator.build import build, check
    from generator.report import Paths

    paths = Paths(made / "sheets", made / "assets", made / "build")
    checked = check(paths)
    assert checked.problems == []
    built = build(paths)
    assert built.problems == []
    sheets = sorted(path.stem for path in (made / "build" / "sheets").glob("*.pdf"))
    assert sheets == sorted(path.stem for path in programme_files(made / "sheets")) and len(sheets) == 35
    reader = PdfReader(made / "build" / "catalogue.pdf")
    assert len(reader.pages) % 4 == 0
    marked = [item.title for section in reader.outline if isinstance(section, list) for item in section]
    files = programme_files(made / "sheets")
    titles = [yaml.safe_load(path.read_text(encoding="utf-8-sig"))["title"] for path in files]
    assert sorted(marked) == sorted(" ".join(str(title).split()) for title in titles)  # a bookmark a programme
