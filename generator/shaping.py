"""A paragraph in any script -> fonts per character, bidirectional levels,
shaped advances; a stretch of it -> the glyph pieces of one line.

This is the text engine between typesetting and drawing, for text that the
fast path (one font, no shaping) cannot set. Each character takes the first
font of its style's chain that has it (the style's own face, the brand's
fallbacks, the bundled ones, then Chinese, Japanese and Korean fonts in the
order the language asks for); marks, punctuation, digits and spaces stay in
the font before them when it has them. Runs of one font and one level are
shaped with HarfBuzz once per paragraph, in font units, so that wrapping at
another size only rescales. A line is then reshaped in its own context (an
Arabic word cut by an emergency break takes its final form) and ordered by
rule L2 of the bidirectional algorithm.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, groupby

import uharfbuzz
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .bidi import base_level, levels, visual_order
from .boxes import Glyphs
from .chars import HYPHEN, INVISIBLE, one_of, visible
from .fonts import BUNDLED_FALLBACKS, SIZE_UNITS, Face, Fallback, cjk_fallbacks, glyph_code, han_language
from .segment import cluster_starts

RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "syr", "ug", "ur", "yi"})
_KANA = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"  # classes of characters: see chars.one_of
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_JOINING = "\u0590-\u08ff\u0900-\u0dff\u1800-\u18af\ufb1d-\ufeff"  # no letter spacing
_FLAGS = uharfbuzz.BufferFlags.REMOVE_DEFAULT_IGNORABLES


def is_rtl(language: str) -> bool:
    """Whether a BCP 47 language is written from right to left."""
    return language.split("-")[0].lower() in RTL_LANGUAGES


@dataclass(frozen=True)
class Chain:
    """The fonts tried, in order, for the characters of one style."""

    primary: Face
    bold: bool
    fallbacks: tuple[Fallback, ...]

    def face_for(self, char: str) -> Face | None:
        return _face_for(self, char)


def chain(primary: Face, bold: bool, brand: tuple[Fallback, ...], language: str, text: str) -> Chain:
    """The chain for a style's text: the brand's fallbacks (those for the
    text's Han forms first), the bundled ones, then the CJK extra's, the
    one for the text's Han forms first (from its language, else kana or
    Hangul in it, else Simplified Chinese)."""
    han = han_language(language)
    if han is None:
        han = "ja" if one_of(_KANA).search(text) else "ko" if one_of(_HANGUL).search(text) else "zh-Hans"
    return _chain(primary, bold, brand, han)


@lru_cache(maxsize=256)
def _chain(primary: Face, bold: bool, brand: tuple[Fallback, ...], han: str) -> Chain:
    def first_for_han(fallbacks: tuple[Fallback, ...]) -> list[Fallback]:
        return sorted(fallbacks, key=lambda f: 0 if f.language == han else 1 if f.language is None else 2)

    ordered = [*first_for_han(brand), *BUNDLED_FALLBACKS, *first_for_han(cjk_fallbacks())]
    return Chain(primary, bold, tuple(ordered))


@lru_cache(maxsize=65536)
def _face_for(chain: Chain, char: str) -> Face | None:
    if char in chain.primary.chars:
        return chain.primary
    for fallback in chain.fallbacks:
        if not fallback.may_have(char):
            continue
        face = fallback.face(chain.bold)
        if char in face.chars:
            return face
    return None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph analysed once: the face and level of every character,
    the prefix sums of its shaped advances (thousandths of an em), the
    grapheme cluster starts, and the characters no font of the chain has."""

    text: str
    chain: Chain
    language: str
    base: int
    faces: tuple[Face, ...]
    levels: tuple[int, ...]
    prefix: tuple[float, ...]
    clusters: tuple[bool, ...]
    missing: tuple[str, ...]

    def advance(self, start: int, end: int) -> float:
        return self.prefix[end] - self.prefix[start]


def analyse(text: str, chain: Chain, language: str) -> Paragraph:
    return _analyse(text, chain, language)


@lru_cache(maxsize=2048)
def _analyse(text: str, chain: Chain, language: str) -> Paragraph:
    faces, missing = _itemize(text, chain)
    base = base_level(text, 1 if is_rtl(language) else 0)
    char_levels = tuple(levels(text, base))
    advances = [0.0] * len(text)
    for start, end in _runs(faces, char_levels, 0, len(text)):
        for glyph in _shape(faces[start], text, start, end - start, char_levels[start] % 2 == 1, language):
            advances[glyph.cluster] += glyph.advance
    prefix = (0.0, *accumulate(advances))
    return Paragraph(
        text, chain, language, base, faces, char_levels, prefix, cluster_starts(text), tuple(dict.fromkeys(missing))
    )


def _itemize(text: str, chain: Chain) -> tuple[tuple[Face, ...], list[str]]:
    faces: list[Face] = []
    missing: list[str] = []
    previous: Face | None = None
    for char in text:
        face: Face | None
        if previous is not None and (char in INVISIBLE or (_follows(char) and char in previous.chars)):
            face = previous
        else:
            face = chain.face_for(char)
            if face is None:
                if char not in INVISIBLE:
                    missing.append(char)
                face = previous or chain.primary
            elif faces and unicodedata.category(char)[0] == "M" and text[len(faces) - 1] in face.chars:
                faces[-1] = face  # a mark its letter's font lacks: both from a font that has the two
        faces.append(face)
        previous = face
    return tuple(faces), missing


def _follows(char: str) -> bool:
    """Marks, spaces, punctuation, digits and symbols: set in the font of
    the character before when it has them."""
    return unicodedata.category(char)[0] in "MZPNS"


def _runs(faces: tuple[Face, ...], char_levels: tuple[int, ...], start: int, end: int) -> list[tuple[int, int]]:
    """Maximal stretches of one face and one level."""
    runs: list[tuple[int, int]] = []
    first = start
    for index in range(start + 1, end + 1):
        if index == end or faces[index] is not faces[first] or char_levels[index] != char_levels[first]:
            runs.append((first, index))
            first = index
    return runs


@dataclass(frozen=True)
class _Glyph:
    glyph: int
    cluster: int
    advance: float  # thousandths of an em, like every metric below
    x_offset: float
    y_offset: float


def _shape(face: Face, text: str, start: int, length: int, rtl: bool, language: str) -> tuple[_Glyph, ...]:
    return _shape_cached(face.name, text, start, length, rtl, language)


@lru_cache(maxsize=8192)
def _shape_cached(font_name: str, text: str, start: int, length: int, rtl: bool, language: str) -> tuple[_Glyph, ...]:
    """Shape `text[start:start+length]` with the rest of `text` as context."""
    font, scale = _hb_font(font_name)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text, start, length)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.language = language
    buffer.flags = _FLAGS
    uharfbuzz.shape(font, buffer)
    return tuple(
        _Glyph(info.codepoint, info.cluster, pos.x_advance * scale, pos.x_offset * scale, pos.y_offset * scale)
        for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions)
    )


@lru_cache(maxsize=64)
def _hb_font(font_name: str) -> tuple[uharfbuzz.Font, float]:
    font = pdfmetrics.getFont(font_name)
    assert isinstance(font, TTFont)
    hb_font = uharfbuzz.Font(font.hbFace)
    upem = font.face.unitsPerEm
    hb_font.scale = (upem, upem)
    return hb_font, SIZE_UNITS / upem


def _glyph_width(font_name: str, glyph: int) -> float:
    """A glyph's own advance, in thousandths of an em."""
    font, scale = _hb_font(font_name)
    return float(font.get_glyph_h_advance(glyph)) * scale


@dataclass(frozen=True)
class LineGlyphs:
    pieces: tuple[Glyphs, ...]
    width_pt: float
    text: str


def set_line(paragraph: Paragraph, start: int, end: int, hyphen: bool, size: float, tracking: float) -> LineGlyphs:
    """The glyph pieces of `paragraph.text[start:end]` as one line (with a
    hyphen after it when it breaks at a soft hyphen), left to right."""
    text = paragraph.text[start:end] + (HYPHEN if hyphen else "")
    faces = list(paragraph.faces[start:end])
    char_levels = list(paragraph.levels[start:end])
    if hyphen:
        last = faces[-1] if faces else paragraph.chain.primary
        faces.append(last if HYPHEN in last.chars else paragraph.chain.face_for(HYPHEN) or last)
        char_levels.append(char_levels[-1] if char_levels else paragraph.base)
    runs = _runs(tuple(faces), tuple(char_levels), 0, len(text))
    order = visual_order([char_levels[a] for a, _ in runs])
    spacing = tracking * SIZE_UNITS / size
    placed: list[tuple[int, Glyphs]] = []
    x = track = 0.0
    for index in order:
        a, b = runs[index]
        rtl = char_levels[a] % 2 == 1
        glyphs = _shape(faces[a], text, a, b - a, rtl, paragraph.language)
        track = 0.0 if one_of(_JOINING).search(text, a, b) else spacing
        piece = _piece(faces[a], text, a, b, glyphs, rtl, track, x * size / SIZE_UNITS)
        placed.append((a, piece))
        x += sum(piece.advances)
    x -= track  # no letter spacing after the line's last glyph
    pieces = tuple(piece for _, piece in sorted(placed, key=lambda item: item[0]))
    return LineGlyphs(pieces, x * size / SIZE_UNITS, visible(text))


def _piece(face: Face, text: str, start: int, end: int, glyphs: tuple[_Glyph, ...], rtl: bool, track: float,
           x_pt: float) -> Glyphs:  # fmt: skip
    """The glyphs of `text[start:end]` with the codes they are drawn under,
    and letter spacing `track` after each cluster."""
    bounds = sorted({glyph.cluster for glyph in glyphs} | {end})
    cluster_end = dict(zip(bounds, bounds[1:]))
    drawn = _rtl_codes(face, text, glyphs, cluster_end) if rtl else _ltr_codes(face, text, glyphs, cluster_end)
    advances = [advance for _, advance, _, _ in drawn]
    if track:  # letter spacing after each cluster
        for position, (_, _, _, cluster) in enumerate(drawn):
            if position + 1 == len(drawn) or drawn[position + 1][3] != cluster:
                advances[position] += track
    return Glyphs(
        face.name, x_pt, "".join(chr(code) for code, _, _, _ in drawn), tuple(advances),
        tuple(offset for _, _, offset, _ in drawn), visible(text[start:end]), rtl,
    )  # fmt: skip


_Drawn = tuple[int, float, tuple[float, float], int]  # code, advance, offset, cluster


def _ltr_codes(face: Face, text: str, glyphs: tuple[_Glyph, ...], cluster_end: dict[int, int]) -> list[_Drawn]:
    """A glyph that is the font's glyph for one character of its cluster
    takes that character, the first other glyph of a cluster takes the
    cluster's remaining text (a ligature, a conjunct)."""
    cmap = face_cmap(face.name)
    claimed: dict[int, set[int]] = {}
    codes: list[int | None] = []
    for glyph in glyphs:
        taken = claimed.setdefault(glyph.cluster, set())
        code = None
        for index in range(glyph.cluster, cluster_end[glyph.cluster]):
            if index not in taken and cmap.get(ord(text[index])) == glyph.glyph:
                taken.add(index)
                code = ord(text[index])
                break
        codes.append(code)
    drawn: list[_Drawn] = []
    for glyph, code in zip(glyphs, codes):
        if code is None:
            taken = claimed[glyph.cluster]
            rest = visible("".join(text[i] for i in range(glyph.cluster, cluster_end[glyph.cluster]) if i not in taken))
            taken.update(range(glyph.cluster, cluster_end[glyph.cluster]))
            code = glyph_code(face, glyph.glyph, rest, _glyph_width(face.name, glyph.glyph))
        drawn.append((code, glyph.advance, (glyph.x_offset, glyph.y_offset), glyph.cluster))
    return drawn


def _rtl_codes(face: Face, text: str, glyphs: tuple[_Glyph, ...], cluster_end: dict[int, int]) -> list[_Drawn]:
    """Right-to-left glyphs come in visual order, and readers (poppler,
    pypdf) reverse what they extract from them character by character: a
    code that stands for two characters (lam-alef) comes out backwards, and
    a mark raised or lowered off the baseline splits its word. So each
    cluster's characters go on its widest glyph, one character per code:
    that glyph takes the cluster's last character and as many blank glyphs
    as it has other characters follow it, sharing its advance; its marks are
    drawn under codes that extract as nothing."""
    cmap = face_cmap(face.name)
    blank = cmap.get(0x20)
    drawn: list[_Drawn] = []
    for cluster, members in groupby(glyphs, key=lambda glyph: glyph.cluster):
        group = list(members)
        chars = visible(text[cluster : cluster_end[cluster]])
        widest = max(group, key=lambda glyph: glyph.advance)
        for glyph in group:
            offset = (glyph.x_offset, glyph.y_offset)
            if glyph is not widest:
                drawn.append((glyph_code(face, glyph.glyph, "", _glyph_width(face.name, glyph.glyph)), glyph.advance,
                              offset, cluster))  # fmt: skip
            elif len(chars) > 1 and blank is not None:
                share = glyph.advance / len(chars)
                for index, char in enumerate(reversed(chars)):
                    code = glyph_code(face, blank if index else glyph.glyph, char, share)
                    drawn.append((code, share, (0.0, 0.0) if index else offset, cluster))
            elif len(chars) == 1 and cmap.get(ord(chars)) == glyph.glyph:
                drawn.append((ord(chars), glyph.advance, offset, cluster))
            else:
                code = glyph_code(face, glyph.glyph, chars, _glyph_width(face.name, glyph.glyph))
                drawn.append((code, glyph.advance, offset, cluster))
    return drawn


@lru_cache(maxsize=64)
def face_cmap(font_name: str) -> dict[int, int]:
    font = pdfmetrics.getFont(font_name)
    assert isinstance(font, TTFont)
    return dict(font.face.charToGlyph)
