"""TrueType files -> fonts registered with reportlab, loaded once per process
(and read once for all processes of a build cache: `kept`); the
fallback fonts tried for characters a brand's fonts lack; glyphs that
shaping reaches without a character of their own.

reportlab embeds TrueType fonts as subsets with a ToUnicode map, so every
script they cover prints with real glyphs and extracts as real text.
Fallback fonts are loaded on the first character that needs them; the
Chinese, Japanese and Korean ones come from the optional `cjk` extra, whose
variable fonts are instanced once per weight into a cache.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import struct
import tempfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary

import reportlab
import uharfbuzz
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from . import kept
from .chars import one_of
from .files import user_cache

BUNDLED = Path(__file__).parent / "fonts"
STYLES = ("regular", "bold", "italic", "bold_italic")
CJK_PACKAGE = "justmytype_intl_cjk"
CJK_INSTALL = "pip install 'onesheet[cjk]'"
T = TypeVar("T")


class FontError(ValueError):
    """A font file that cannot be used; the message says why."""


_TRUNCATED = "is truncated or damaged; copy or export it again"


@dataclass(frozen=True)
class Styles(Generic[T]):
    """One thing per style of a family: its font files, or its loaded faces."""

    regular: T
    bold: T
    italic: T
    bold_italic: T

    def style(self, style: str) -> T:
        value: T = getattr(self, style)
        return value


FontFamily = Styles[Path]


DEFAULT_HEADING = FontFamily(
    *(BUNDLED / f"RobotoCondensed-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic"))
)
DEFAULT_BODY = FontFamily(*(BUNDLED / f"Lato-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")))


@dataclass(frozen=True)
class Face:
    """A registered font: the name reportlab knows it by, its PostScript
    name (`label`), its characters and its file."""

    name: str
    label: str
    codepoints: frozenset[int]
    chars: frozenset[str]
    path: Path
    cap_height: float = 700.0  # in thousandths of the size, from the font's metrics
    descent: float = 250.0  # below the baseline, likewise

    def has_all(self, text: str) -> bool:
        return self.chars.issuperset(text)

    def width(self, text: str, size_pt: float) -> float:
        return float(pdfmetrics.stringWidth(text, self.name, size_pt))


def load_face(path: Path, face_name: str | None = None) -> Face:
    """Register the TrueType font at `path` (once per process and content),
    under its own PostScript name or `face_name`."""
    stat = path.stat()
    return _load(path, stat.st_size, stat.st_mtime_ns, face_name)


_FACE_DIGESTS: dict[bytes, str] = {}  # PostScript name -> digest of the font registered under it
_LABELS: dict[str, str] = {}  # the name reportlab knows a loaded face by -> its PostScript name


def label_of(font_name: str) -> str:
    """The PostScript name, as its user knows it, of the face registered as
    `font_name` (that name if it was not loaded here)."""
    return _LABELS.get(font_name, font_name)


@lru_cache(maxsize=64)
def _load(path: Path, size: int, mtime_ns: int, face_name: str | None) -> Face:
    data = path.read_bytes()
    content = hashlib.sha256(data).hexdigest()  # names the face kept across processes
    digest = content[:8]
    name = f"{path.stem}-{digest}"
    if data[:4] == b"OTTO":
        raise FontError(
            "is an OpenType font with PostScript outlines (CFF), which cannot be embedded; use its .ttf version"
        )
    font = _kept_font(name, path, data, content) or _parsed_font(name, path, data, content)
    if face_name is not None:
        font.face.name = face_name.encode("latin-1")
    if _FACE_DIGESTS.setdefault(font.face.name, digest) != digest:
        # reportlab would draw this font with the glyphs of the other one of that name
        font.face.name += f"-{digest}".encode()
        _FACE_DIGESTS[font.face.name] = digest
    pdfmetrics.registerFont(font)
    label = _LABELS[name] = font.face.name.decode("latin-1")
    codepoints = frozenset(font.face.charToGlyph)
    cap_height = float(font.face.capHeight or font.face.ascent)
    return Face(name, label, codepoints, frozenset(map(chr, codepoints)), path, cap_height, -float(font.face.descent))


def _parsed_font(name: str, path: Path, data: bytes, digest: str) -> TTFont:
    """The font at `path` (whose content is `data`) as reportlab reads it,
    kept in the build cache (see `_kept_font`)."""
    try:
        font = TTFont(name, str(path))
    except (TTFError, OSError, ValueError, KeyError, IndexError) as exc:
        raise FontError(f"cannot be read as a TrueType font ({exc})") from None
    except struct.error:  # a table cut short
        raise FontError(_TRUNCATED) from None
    if any(table["offset"] + table["length"] > len(data) for table in font.face.table.values()):
        raise FontError(_TRUNCATED)
    face = font.face
    names = {key: bytes(value) for key, value in vars(face).items() if isinstance(value, ttfonts.TTFNameBytes)}
    rest = {key: value for key, value in vars(face).items() if key not in names and key not in _UNKEPT}
    kept.remember("fonts", _kept_name(digest), (digest, names, rest))
    return font


SIZE_UNITS = 1000  # font metrics and glyph widths are given in thousandths of the type size, as in PDF


def extent(font_name: str, size_pt: float) -> tuple[float, float]:
    """How far the glyphs of a registered font reach below and above the
    baseline at `size_pt` (its descent, negative, and its ascent), from the
    font's own metrics."""
    face = pdfmetrics.getFont(font_name).face  # type: ignore[attr-defined]
    return face.descent / SIZE_UNITS * size_pt, face.ascent / SIZE_UNITS * size_pt


# Faces kept across processes ---------------------------------------------------

_FACE_FORMAT = 1  # of the records below: a change of their content takes another number
_UNKEPT = ("_ttf_data", "filename", "_pdfScale")  # the file's bytes and path, given again; a function of unitsPerEm


def _kept_name(digest: str) -> str:
    return f"{digest[:32]}-reportlab-{reportlab.Version}-v{_FACE_FORMAT}.face"


def _kept_font(name: str, path: Path, data: bytes, digest: str) -> TTFont | None:
    """The font at `path` (whose content is `data`) from what an earlier
    process kept of reportlab's reading of it in the build cache (its
    names, metrics, character map, widths and glyph offsets: 10 to 15 ms a
    Latin face, a fraction of a second for a Chinese one), or None if there
    is none, or it is damaged or of another font."""
    parts = _face_parts(kept.recall("fonts", _kept_name(digest)), digest)
    if parts is None:
        return None
    names, rest = parts
    face = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
    vars(face).update(rest, _ttf_data=data, filename=str(path), _pdfScale=_pdf_scale(rest["unitsPerEm"]))
    vars(face).update({key: ttfonts.TTFNameBytes(value) for key, value in names.items()})
    font = TTFont.__new__(TTFont)
    vars(font).update(  # what TTFont's constructor sets, with this face
        fontName=name, face=face, encoding=ttfonts.TTEncoding(), state=WeakKeyDictionary(),
        _asciiReadable=rl_config.ttfAsciiReadable,
    )  # fmt: skip
    font.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob or ())
    return font


_FACE_NEEDS = {"unitsPerEm": int, "table": dict, "charToGlyph": dict, "charWidths": dict, "hmetrics": list,
               "glyphPos": list}  # fmt: skip


def _face_parts(record: object, digest: str) -> tuple[dict[str, bytes], dict[str, Any]] | None:
    """The names and the rest of a face, if `record` is what `_parsed_font`
    keeps of the font of `digest`."""
    if not (isinstance(record, tuple) and len(record) == 3 and record[0] == digest):
        return None
    _, names, rest = record
    if not (
        isinstance(names, dict)
        and all(isinstance(key, str) and isinstance(value, bytes) for key, value in names.items())
        and isinstance(rest, dict)
        and all(isinstance(key, str) for key in rest)
        and all(isinstance(rest.get(key), kind) for key, kind in _FACE_NEEDS.items())
    ):
        return None
    return names, rest


def _pdf_scale(units_per_em: int) -> Callable[[float], float]:
    """Font units to thousandths of the size, as reportlab scales them."""
    if units_per_em == SIZE_UNITS:
        return lambda units: units
    factor = SIZE_UNITS / units_per_em
    return lambda units: units * factor


# Fallback fonts --------------------------------------------------------------


@dataclass(frozen=True)
class Fallback:
    """A font tried for characters the brand's heading and body fonts lack:
    upright regular and bold files, the language whose Han forms it draws
    (ja, ko, zh-Hans, zh-Hant), and for bundled fonts the characters worth
    loading it for. `weights` marks a variable font, instanced at those."""

    label: str
    regular: Path
    bold: Path
    language: str | None = None
    covers: str | None = None  # as between the brackets of a class: see chars.one_of
    weights: tuple[int, int] | None = None

    def may_have(self, char: str) -> bool:
        """Whether `char` is worth loading this font for."""
        return self.covers is None or one_of(self.covers).match(char) is not None

    def face(self, bold: bool) -> Face:
        if self.weights is None:
            return load_face(self.bold if bold else self.regular)
        weight = self.weights[1] if bold else self.weights[0]
        style = "Bold" if bold else "Regular"
        return load_face(instance(self.regular, weight), f"{self.regular.name.split('[')[0]}-{style}")


def _bundled(script: str, covers: str) -> Fallback:
    return Fallback(
        f"Noto Sans {script}", BUNDLED / f"NotoSans{script}-Regular.ttf", BUNDLED / f"NotoSans{script}-Bold.ttf",
        covers=covers,
    )  # fmt: skip


BUNDLED_FALLBACKS = (
    _bundled("Arabic", "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff"),
    _bundled("Hebrew", "\u0590-\u05ff\ufb1d-\ufb4f"),
    _bundled("Devanagari", "\u0900-\u097f\ua8e0-\ua8ff\u1cd0-\u1cff\u20b9"),
    _bundled("Thai", "\u0e00-\u0e7f"),
    _bundled("Georgian", "\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f"),
    _bundled("Armenian", "\u0530-\u058f\ufb13-\ufb17"),
)
HAN_LANGUAGES = ("ja", "ko", "zh-Hans", "zh-Hant")
_CJK_FONTS = {"ja": "JP", "ko": "KR", "zh-Hans": "SC", "zh-Hant": "TC"}
CJK_RANGES = (  # as between the brackets of a class: see chars.one_of
    "\u1100-\u11ff\u2e80-\u2fdf\u3000-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)


@lru_cache(maxsize=1)
def cjk_fallbacks() -> tuple[Fallback, ...]:
    """The Chinese, Japanese and Korean fonts of the `cjk` extra, if it is
    installed (variable Noto Sans, instanced at Regular and Bold)."""
    spec = importlib.util.find_spec(CJK_PACKAGE)
    if spec is None or spec.origin is None:
        return ()
    root = Path(spec.origin).parent / "fonts" / "ofl"
    found = []
    for language, region in _CJK_FONTS.items():
        path = root / f"notosans{region.lower()}" / f"NotoSans{region}[wght].ttf"
        if path.is_file():
            found.append(Fallback(f"Noto Sans {region}", path, path, language, CJK_RANGES, (400, 700)))
    return tuple(found)


def cjk_version() -> str:
    """The installed version of the `cjk` extra's fonts ("" without it), for
    the content keys of builds: the Version of its METADATA, read beside the
    package as importlib.metadata would, without the 10 to 15 ms of imports
    (an e-mail parser among them) that no build otherwise needs."""
    spec = importlib.util.find_spec(CJK_PACKAGE)
    if spec is None or spec.origin is None:
        return ""
    for info in Path(spec.origin).parent.parent.glob(f"{CJK_PACKAGE}-*.dist-info"):
        with suppress(OSError):
            for line in (info / "METADATA").read_text(encoding="utf-8").splitlines():
                if line.startswith("Version:"):
                    return line.removeprefix("Version:").strip()
    from importlib import metadata  # installed in another layout

    try:
        return metadata.version(CJK_PACKAGE.replace("_", "-"))
    except metadata.PackageNotFoundError:
        return ""


def han_language(language: str) -> str | None:
    """The Han glyph forms a BCP 47 language code asks for, if any."""
    code = language.lower()
    if code.startswith("ja"):
        return "ja"
    if code.startswith("ko"):
        return "ko"
    if code.startswith("zh"):
        traditional = any(tag in code.split("-") for tag in ("hant", "tw", "hk", "mo"))
        return "zh-Hant" if traditional else "zh-Hans"
    return None


def cache_folder() -> Path:
    """Where prepared fonts are kept between builds."""
    return user_cache() / "fonts"


def instance(path: Path, weight: int) -> Path:
    """A static instance of the variable font at `path` at `weight`, made
    once into the cache (HarfBuzz's instancer takes a fraction of a second).
    reportlab would print a variable font's default instance, which for
    these fonts is Thin."""
    stat = path.stat()
    key = hashlib.sha256(f"{path.name}:{stat.st_size}:{weight}".encode()).hexdigest()[:12]
    for folder in (cache_folder(), Path(tempfile.gettempdir()) / "onesheet-fonts"):
        target = folder / f"{path.name.split('[')[0]}-{weight}-{key}.ttf"
        if target.is_file():
            return target
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temporary = folder / f".{target.name}.{os.getpid()}"
            temporary.write_bytes(_instanced(path, weight))
            os.replace(temporary, target)
            return target
        except OSError:
            continue
    raise FontError(f"cannot prepare {path.name}: no writable cache folder ({cache_folder()})")


def _instanced(path: Path, weight: int) -> bytes:
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path)))
    plan = uharfbuzz.SubsetInput()
    plan.keep_everything()
    plan.pin_axis_location(face, "wght", weight)
    return bytes(uharfbuzz.subset(face, plan).blob.data)


# Glyphs without a character ---------------------------------------------------

_PRIVATE_START = 0xF0000  # plane 15, private use: never a real character of a font
_GLYPH_TEXT: dict[bytes, dict[int, str]] = {}  # PostScript name -> private code -> the text it shows
_GLYPH_CODES: dict[bytes, dict[tuple[int, str, float], int]] = {}  # PostScript name -> (glyph, text, width) -> code


def glyph_code(face: Face, glyph: int, text: str, width: float) -> int:
    """A code under which reportlab can subset and draw `glyph` of `face`
    (shaping reaches ligatures, conjuncts and contextual forms that no
    character maps to), extracted from the PDF as `text`; `width` is the
    glyph's advance in thousandths of an em."""
    font = pdfmetrics.getFont(face.name)
    assert isinstance(font, TTFont)
    texts = _GLYPH_TEXT.setdefault(font.face.name, {})
    codes = _GLYPH_CODES.setdefault(font.face.name, {})
    key = (glyph, text, width)
    code = codes.get(key)
    if code is None:
        code = codes[key] = _PRIVATE_START + len(codes)
        font.face.charToGlyph[code] = glyph
        font.face.charWidths[code] = width
        texts[code] = text
    return code


_original_to_unicode = ttfonts.makeToUnicodeCMap


@contextmanager
def subsetting() -> Iterator[None]:
    """reportlab's font subsetting extended, while a document is written:
    ToUnicode maps that know the text of shaped glyphs, and embedded
    subsets with a short name table, each made, compressed and its widths
    written once per process. reportlab
    reads these hooks from its module, so they are set there and put back
    after."""
    saved = ttfonts.makeToUnicodeCMap, ttfonts.TTFontMaker.add, ttfonts.TTFontFile.makeSubset
    formats, flate = pdfdoc.PDFArray.format, pdfdoc.PDFZCompress
    ttfonts.makeToUnicodeCMap = _to_unicode  # type: ignore[assignment]  # the stub's subset is Any
    ttfonts.TTFontMaker.add = _add_table  # type: ignore[method-assign,assignment]
    ttfonts.TTFontFile.makeSubset = _subset  # type: ignore[method-assign,assignment]
    pdfdoc.PDFArray.format = _format_array  # type: ignore[method-assign,assignment]
    pdfdoc.PDFZCompress = _FLATE
    try:
        yield
    finally:
        ttfonts.makeToUnicodeCMap, ttfonts.TTFontMaker.add, ttfonts.TTFontFile.makeSubset = saved  # type: ignore[method-assign]
        pdfdoc.PDFArray.format = formats  # type: ignore[method-assign]
        pdfdoc.PDFZCompress = flate


def _to_unicode(font_name: str, subset: list[int]) -> str:  # what reportlab calls, by position
    """reportlab's ToUnicode map, extended to private codes (the text of
    their glyphs) and to characters beyond the Basic Multilingual Plane."""
    texts = _GLYPH_TEXT.get(font_name.split("+", 1)[-1].encode("latin-1"), {})
    if not any(code in texts or code > 0xFFFF for code in subset):
        return str(_original_to_unicode(font_name, subset))
    entries = [
        f"<{index:02X}> <{texts.get(code, chr(code)).encode('utf-16-be').hex().upper()}>"
        for index, code in enumerate(subset)
    ]
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({font_name})", f"/Ordering ({font_name})", "/Supplement 0", ">> def",
        f"/CMapName /{font_name} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
    ]  # fmt: skip
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


# Embedded subsets --------------------------------------------------------------

_NAMES_KEPT = 7  # copyright, family, style, unique name, full name, version, PostScript name: fontTools' default


@lru_cache(maxsize=64)
def _embedded_names(table: bytes) -> bytes:
    """A font's name table with the records that name the font, as font
    subsetters keep it: the licence text, descriptions and URLs that make up
    most of it (1.7 KB a font, compressed, in every sheet and again in
    every page of a catalogue) serve no reader of an embedded subset."""
    form, count, storage = struct.unpack(">3H", table[:6])
    if form != 0 or len(table) < 6 + 12 * count:
        return table
    records, strings = [], b""
    for number in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(">6H", table, 6 + 12 * number)
        if name_id < _NAMES_KEPT:
            string = table[storage + offset : storage + offset + length]
            records.append(struct.pack(">6H", platform, encoding, language, name_id, len(string), len(strings)))
            strings += string
    return struct.pack(">3H", 0, len(records), 6 + 12 * len(records)) + b"".join(records) + strings


_original_add = ttfonts.TTFontMaker.add
_original_subset = ttfonts.TTFontFile.makeSubset


def _subset(face: ttfonts.TTFontFile, subset: Sequence[int]) -> bytes:  # what reportlab calls
    return _subset_of(face, tuple(subset))


@lru_cache(maxsize=256)
def _subset_of(face: ttfonts.TTFontFile, codes: tuple[int, ...]) -> bytes:
    """The embedded subset of `codes` (in this order) of a face, made once:
    the sheets of a catalogue share three in four of theirs (the same
    first characters in the same fonts); a face is keyed as the object it
    is, since the glyphs of its private codes are its own (`glyph_code`)."""
    subset: bytes = _original_subset(face, list(codes))
    return subset


def _add_table(maker: ttfonts.TTFontMaker, tag: str, data: bytes) -> None:  # how reportlab writes a subset's table
    _original_add(maker, tag, _embedded_names(data) if tag == "name" else data)


# What every document embeds again: a subset's widths and its compressed program

_original_format_array = pdfdoc.PDFArray.format
_WIDTHS_LEAST = 16  # numbers: a font's widths; shorter arrays (boxes, matrices) take as long to look up as to format


def _format_array(array: pdfdoc.PDFArray, document: object, IND: bytes = b"\n ") -> bytes:  # noqa: N803  # reportlab's
    """An array as reportlab writes it; one of numbers (a font subset's
    widths, the same in every sheet that embeds the subset), formatted
    once per process: a number at a time, they took a quarter of the time
    of writing a sheet."""
    numbers = array.sequence
    if len(numbers) >= _WIDTHS_LEAST and all(type(number) is int or type(number) is float for number in numbers):
        return _formatted(array.multiline, tuple(numbers), IND)
    return bytes(_original_format_array(array, document, IND))


@lru_cache(maxsize=512)
def _formatted(multiline: bool, numbers: tuple[float, ...], IND: bytes) -> bytes:  # noqa: N803
    array = pdfdoc.PDFArray(numbers)
    array.multiline = multiline  # reportlab's one difference between its kinds of array
    return bytes(_original_format_array(array, None, IND))  # numbers are written whatever the document


class _KeptFlate(pdfdoc.PDFStreamFilterZCompress):
    """reportlab's Flate filter, which compresses each font program (a
    TrueType subset, made once per process: `_subset_of`) once per process
    too, and the rest as it comes."""

    def encode(self, text: str | bytes) -> bytes:
        if isinstance(text, bytes) and text[:4] == _TRUETYPE:
            return _compressed(text)
        return bytes(super().encode(text))


_TRUETYPE = b"\x00\x01\x00\x00"  # how a TrueType font program starts
_FLATE = _KeptFlate()


@lru_cache(maxsize=256)
def _compressed(program: bytes) -> bytes:
    return zlib.compress(program)
