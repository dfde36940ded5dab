"""Text -> lines that fit a width, measured with the real font metrics.

Breaking is greedy at the places `segment` allows, then the last line is
mended so that a paragraph of several lines never ends on a single word (a
widow). A word wider than the column is broken between grapheme clusters
rather than allowed to overflow.

Text that the style's own font has whole, in a script that needs neither
shaping nor another direction (Latin, Cyrillic, Greek), takes the fast
path: widths from the font's advance table and lines drawn as plain
strings. Anything else goes through the text engine (`shaping`), and its
lines carry shaped glyph pieces.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from . import design as d
from .boxes import RGB, Glyphs
from .chars import HYPHEN, INVISIBLE, visible
from .fonts import BUNDLED_FALLBACKS, SIZE_UNITS, Face, Fallback, cjk_fallbacks
from .segment import COMPLEX, Glue, Unit, cluster_starts, graphemes, normalise, spaceless, units
from .shaping import Chain, Paragraph, analyse, chain, set_line

_WIDTH_CACHE: dict[tuple[str, float, str], float] = {}
_WIDTH_CACHE_LIMIT = 200_000


@dataclass(frozen=True)
class Style:
    """How a text is set: its face and size, and for characters the face
    lacks, the brand's fallback fonts (`bold` picks their weight) and the
    language (right to left or not, Han glyph forms)."""

    face: Face
    size_pt: float
    leading: float  # line height as a multiple of size
    colour: RGB
    tracking_pt: float = 0.0
    upper: bool = False
    bold: bool = False
    fallbacks: tuple[Fallback, ...] = ()
    language: str = "en"

    @property
    def line_pt(self) -> float:
        return self.size_pt * self.leading

    @property
    def cap_pt(self) -> float:
        """How far capitals rise above the baseline."""
        return self.face.cap_height / SIZE_UNITS * self.size_pt

    @property
    def descent_pt(self) -> float:
        """How far descenders reach below the baseline."""
        return self.face.descent / SIZE_UNITS * self.size_pt

    def simple(self, text: str) -> bool:
        """Whether `text` takes the fast path (see the module's docstring)."""
        if COMPLEX.search(text) is not None:
            return False
        return self.face.has_all(text) or self.face.has_all(visible(text))

    def measure(self, text: str) -> float:
        if not self.simple(text):
            paragraph = self.paragraph(normalise(text))
            return set_line(paragraph, 0, len(paragraph.text), False, self.size_pt, self.tracking_pt).width_pt
        return self.simple_width(visible(text))

    def simple_width(self, text: str) -> float:
        """The width of visible text that takes the fast path."""
        width = _width(self.face, self.size_pt, text)
        return width + self.tracking_pt * (len(text) - 1) if self.tracking_pt and text else width

    def prepare(self, text: str) -> str:
        return text.upper() if self.upper else text

    def chain(self, text: str) -> Chain:
        return chain(self.face, self.bold, self.fallbacks, self.language, text)

    def paragraph(self, text: str) -> Paragraph:
        return analyse(text, self.chain(text), self.language)


def _width(face: Face, size_pt: float, text: str) -> float:
    """The width of visible text in `face`, measured once per size: a
    paragraph's words recur in its other paragraphs, its other sizes' sketches
    and other programmes."""
    key = (face.name, size_pt, text)
    width = _WIDTH_CACHE.get(key)
    if width is None:
        if len(_WIDTH_CACHE) > _WIDTH_CACHE_LIMIT:
            _WIDTH_CACHE.clear()
        width = _WIDTH_CACHE[key] = face.width(text, size_pt)
    return width


@dataclass(frozen=True)
class Line:
    """One line: its visible text in logical order, its width, and for a
    line set by the text engine its glyph pieces and the characters that
    no font has."""

    text: str
    width_pt: float
    pieces: tuple[Glyphs, ...] = ()
    missing: tuple[str, ...] = ()


class _Item(NamedTuple):
    """A unit of text (or a piece of one too wide for the column), measured,
    with what separates it from the item before and that glue's width."""

    start: int
    end: int
    width: float
    glue: Glue
    glue_width: float


def wrap(text: str, style: Style, width_pt: float) -> list[Line]:
    """Break one paragraph of text into lines of at most `width_pt`."""
    return list(_wrap(text, style, width_pt))


@lru_cache(maxsize=8192)
def _wrap(text: str, style: Style, width_pt: float) -> tuple[Line, ...]:
    """(The fitting sequence sets the same paragraphs at the same size and
    width several times, with only the leading changing.)"""
    text = normalise(style.prepare(text))
    if not text:
        return ()
    measurer = _Simple(text, style) if style.simple(text) else _Shaped(text, style)
    items = measurer.items(width_pt)
    rows = _break(items, width_pt, lambda: style.measure(HYPHEN))
    _mend_widow(rows, width_pt)
    return tuple(measurer.line(row, index + 1 < len(rows) and rows[index + 1][0].glue is Glue.HYPHEN)
                 for index, row in enumerate(rows))  # fmt: skip


def fewest_lines(text: str, style: Style, width_pt: float) -> int:
    """At least as many lines as `wrap` breaks a paragraph into, from its
    length alone, at a fraction of the cost: no line is wider than
    `width_pt`, and each break drops at most one space. Text that the text
    engine sets, or that holds a word wider than a line, counts one line."""
    text = normalise(style.prepare(text))
    if not text:
        return 0
    if style.tracking_pt or not style.simple(text):
        return 1
    units_em, widest_em, spaces = _extent(style.face, text)
    space = style.simple_width(" ")
    scale = style.size_pt / SIZE_UNITS
    if widest_em * scale > width_pt:
        return 1
    length = units_em * scale + spaces * space
    return max(1, math.ceil(length / (width_pt + space) * (1 - _ROUNDING)))


_ROUNDING = 1e-9  # far above the rounding error of summing widths in another order


@lru_cache(maxsize=4096)
def _extent(face: Face, text: str) -> tuple[float, float, int]:
    """The units of a paragraph that takes the fast path, at SIZE_UNITS pt: their
    widths together, the widest of them, and the spaces between them."""
    plain = INVISIBLE.isdisjoint(text)
    widths = [
        _width(face, float(SIZE_UNITS), text[start:end] if plain else visible(text[start:end]))
        for start, end, _ in units(text)
    ]
    spaces = sum(1 for unit in units(text) if unit.glue is Glue.SPACE)
    return sum(widths), max(widths), spaces


class _Simple:
    """Widths and lines of the fast path."""

    def __init__(self, text: str, style: Style) -> None:
        self.text = text
        self.style = style
        self.plain = INVISIBLE.isdisjoint(text)
        self.space = style.simple_width(" ")

    def width(self, start: int, end: int) -> float:
        part = self.text[start:end]
        return self.style.simple_width(part if self.plain else visible(part))

    def items(self, width_pt: float) -> list[_Item]:
        items: list[_Item] = []
        text, measure, space, plain = self.text, self.style.simple_width, self.space, self.plain
        for start, end, glue in units(text):
            unit_width = measure(text[start:end] if plain else visible(text[start:end]))
            glue_width = space if glue is Glue.SPACE else 0.0
            if unit_width <= width_pt:
                items.append(_Item(start, end, unit_width, glue, glue_width))
            else:
                items += _cut(Unit(start, end, glue), glue_width, self.width, text, width_pt, self.style)
        return items

    def line(self, row: list[_Item], hyphen: bool) -> Line:
        text = self.text
        parts = [text[row[0].start : row[0].end]]
        width = row[0].width
        spaces = 0
        for item in row[1:]:
            if item.glue is Glue.SPACE:
                spaces += 1
                parts.append(" ")
            parts.append(text[item.start : item.end])
            width += item.width
        width += self.space * spaces + (self.style.measure(HYPHEN) if hyphen else 0.0)
        shown = "".join(parts)
        return Line((shown if self.plain else visible(shown)) + (HYPHEN if hyphen else ""), width)


class _Shaped:
    """Widths and lines of the text engine's path."""

    def __init__(self, text: str, style: Style) -> None:
        self.style = style
        self.paragraph = style.paragraph(text)
        self.scale = style.size_pt / SIZE_UNITS

    def width(self, start: int, end: int) -> float:
        tracking = self.style.tracking_pt * max(0, sum(self.paragraph.clusters[start:end]) - 1)
        return self.paragraph.advance(start, end) * self.scale + tracking

    def items(self, width_pt: float) -> list[_Item]:
        items: list[_Item] = []
        previous_end = 0
        for unit in units(self.paragraph.text):
            glue = 0.0
            if unit.glue is Glue.SPACE:
                glue = self.paragraph.advance(previous_end, unit.start) * self.scale + self.style.tracking_pt
            unit_width = self.width(unit.start, unit.end)
            if unit_width <= width_pt:
                items.append(_Item(unit.start, unit.end, unit_width, unit.glue, glue))
            else:
                items += _cut(unit, glue, self.width, self.paragraph.text, width_pt, self.style)
            previous_end = unit.end
        return items

    def line(self, row: list[_Item], hyphen: bool) -> Line:
        style = self.style
        start, end = row[0].start, row[-1].end
        glyphs = set_line(self.paragraph, start, end, hyphen, style.size_pt, style.tracking_pt)
        missing = tuple(char for char in self.paragraph.missing if char in glyphs.text)
        return Line(glyphs.text, glyphs.width_pt, glyphs.pieces, missing)


def _cut(
    unit: Unit, glue: float, width: Callable[[int, int], float], text: str, width_pt: float, style: Style
) -> list[_Item]:
    """A unit wider than the column, cut between grapheme clusters; in a
    script written with spaces each cut is hyphenated, so that no word is
    ever broken without a hyphen."""
    starts = cluster_starts(text)
    bounds = [i for i in range(unit.start + 1, unit.end) if starts[i]] + [unit.end]
    hyphenate = not spaceless(text[unit.start : unit.end])
    room = width_pt - (style.measure(HYPHEN) if hyphenate else 0.0)
    items: list[_Item] = []
    start = unit.start
    while start < unit.end:
        candidates = [b for b in bounds if b > start]
        end = candidates[0]
        for bound in candidates[1:]:
            if width(start, bound) > (width_pt if bound == unit.end else room):
                break
            end = bound
        left = [b for b in candidates if b > end]  # the clusters that the next lines carry
        short = d.HYPHEN_MIN_TAIL - len(left)  # clusters the cut moves back, when it must
        if hyphenate and 0 < len(left) < d.HYPHEN_MIN_TAIL and candidates.index(end) >= short:
            end = candidates[candidates.index(end) - short]  # never "CINEMATOGRAP-HY"
        if start == unit.start:
            items.append(_Item(start, end, width(start, end), unit.glue, glue))
        else:
            items.append(_Item(start, end, width(start, end), Glue.HYPHEN if hyphenate else Glue.NONE, 0.0))
        start = end
    return items


def _break(items: list[_Item], width_pt: float, hyphen_width: Callable[[], float]) -> list[list[_Item]]:
    """Greedy: as many items on each line as fit; a line that ends at a soft
    hyphen must also have room for the hyphen, or it ends earlier."""
    rows: list[list[_Item]] = []
    first = 0
    count = len(items)
    while first < count:
        end, width = first + 1, items[first].width
        while end < count:
            item = items[end]
            longer = width + item.glue_width + item.width
            if longer > width_pt:
                break
            end, width = end + 1, longer
        while end < count and items[end].glue is Glue.HYPHEN and end - first > 1 and width + hyphen_width() > width_pt:
            end -= 1
            width = items[first].width + sum(item.glue_width + item.width for item in items[first + 1 : end])
        rows.append(items[first:end])
        first = end
    return rows


def _mend_widow(rows: list[list[_Item]], width_pt: float) -> None:
    """Pull the last word of the line before down when the last line holds
    one word (in scripts written with spaces: a lone CJK character is
    normal), provided the line before keeps two words or more."""
    if len(rows) < 2 or rows[-1][0].glue is not Glue.SPACE:
        return
    if any(item.glue is Glue.SPACE for item in rows[-1][1:]):
        return
    before = rows[-2]
    start = len(before) - 1
    while start > 0 and before[start].glue is not Glue.SPACE:  # the whole last word, with its parts
        start -= 1
    if start == 0 or not any(item.glue is Glue.SPACE for item in before[1:start]):
        return  # the line before would keep fewer than two words
    moved = before[start:] + rows[-1]
    width = moved[0].width + sum(item.glue_width + item.width for item in moved[1:])
    if width <= width_pt:
        rows[-1] = [moved[0]._replace(glue=Glue.SPACE)] + moved[1:]
        del before[start:]


def text_units(paragraphs: list[str]) -> tuple[str, list[list[str]]]:
    """The unit a text's length is counted in ("word", or "character" for
    scripts written without spaces) and each paragraph cut into them."""
    if spaceless(" ".join(paragraphs)):
        return "character", [[g for g in graphemes(p) if not g.isspace()] for p in paragraphs]
    return "word", [p.split() for p in paragraphs]


def first_units(paragraphs: list[str], count: int) -> list[str]:
    """The paragraphs cut after their first `count` units (see text_units)."""
    name, cut = text_units(paragraphs)
    joiner = "" if name == "character" else " "
    kept: list[str] = []
    for parts in cut:
        if count <= 0:
            break
        kept.append(joiner.join(parts[:count]))
        count -= len(parts)
    return kept


def missing(text: str, style: Style) -> list[str]:
    """The characters of `text` that no font of the style's chain has."""
    text = normalise(style.prepare(text))
    return [] if style.simple(text) else list(style.paragraph(text).missing)


def fonts_tried(primary: str, brand: tuple[Fallback, ...]) -> list[str]:
    """The names of the fonts a character is looked for in, in order."""
    return [primary, *(f.label for f in (*brand, *BUNDLED_FALLBACKS, *cjk_fallbacks()))]
