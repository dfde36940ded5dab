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

from dataclasses import dataclass

from .boxes import RGB, Glyphs
from .fonts import BUNDLED_FALLBACKS, Face, Fallback, cjk_fallbacks
from .segment import COMPLEX, HYPHEN, Glue, Unit, cluster_starts, graphemes, normalise, spaceless, units, visible
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

    def simple(self, text: str) -> bool:
        """Whether `text` takes the fast path (see the module's docstring)."""
        return COMPLEX.search(text) is None and self.face.has_all(visible(text))

    def measure(self, text: str) -> float:
        if not self.simple(text):
            paragraph = self.paragraph(normalise(text))
            return set_line(paragraph, 0, len(paragraph.text), False, self.size_pt, self.tracking_pt).width_pt
        return self.simple_width(text)

    def simple_width(self, text: str) -> float:
        """The width of text that takes the fast path."""
        text = visible(text)
        key = (self.face.name, self.size_pt, text)
        width = _WIDTH_CACHE.get(key)
        if width is None:
            if len(_WIDTH_CACHE) > _WIDTH_CACHE_LIMIT:
                _WIDTH_CACHE.clear()
            width = _WIDTH_CACHE[key] = self.face.width(text, self.size_pt)
        return width + self.tracking_pt * max(0, len(text) - 1)

    def prepare(self, text: str) -> str:
        return text.upper() if self.upper else text

    def chain(self, text: str) -> Chain:
        return chain(self.face, self.bold, self.fallbacks, self.language, text)

    def paragraph(self, text: str) -> Paragraph:
        return analyse(text, self.chain(text), self.language)


@dataclass(frozen=True)
class Line:
    """One line: its visible text in logical order, its width, and for a
    line set by the text engine its glyph pieces and the characters that
    no font has."""

    text: str
    width_pt: float
    pieces: tuple[Glyphs, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Item:
    """A unit of text (or a piece of one too wide for the column), measured."""

    start: int
    end: int
    width: float
    glue: Glue


def wrap(text: str, style: Style, width_pt: float) -> list[Line]:
    """Break one paragraph of text into lines of at most `width_pt`."""
    text = normalise(style.prepare(text))
    if not text:
        return []
    measurer = _Simple(text, style) if style.simple(text) else _Shaped(text, style)
    items = [piece for unit in units(text) for piece in _fit(unit, measurer, text, width_pt)]
    rows = _break(items, measurer, width_pt, style.measure(HYPHEN))
    _mend_widow(rows, measurer, width_pt)
    return [measurer.line(row, index + 1 < len(rows) and rows[index + 1][0].glue is Glue.HYPHEN)
            for index, row in enumerate(rows)]  # fmt: skip


class _Simple:
    """Widths and lines of the fast path."""

    def __init__(self, text: str, style: Style) -> None:
        self.text = text
        self.style = style
        self.space = style.simple_width(" ")

    def width(self, start: int, end: int) -> float:
        return self.style.simple_width(self.text[start:end])

    def glue(self, glue: Glue, previous_end: int, start: int) -> float:
        return self.space if glue is Glue.SPACE else 0.0

    def line(self, row: list[_Item], hyphen: bool) -> Line:
        parts = [(" " if item.glue is Glue.SPACE and index else "") + self.text[item.start : item.end]
                 for index, item in enumerate(row)]  # fmt: skip
        spaces = sum(1 for item in row[1:] if item.glue is Glue.SPACE)
        width = sum(item.width for item in row) + self.space * spaces + (self.style.measure(HYPHEN) if hyphen else 0)
        return Line(visible("".join(parts)) + (HYPHEN if hyphen else ""), width)


class _Shaped:
    """Widths and lines of the text engine's path."""

    def __init__(self, text: str, style: Style) -> None:
        self.style = style
        self.paragraph = style.paragraph(text)
        self.scale = style.size_pt / 1000

    def width(self, start: int, end: int) -> float:
        tracking = self.style.tracking_pt * max(0, sum(self.paragraph.clusters[start:end]) - 1)
        return self.paragraph.advance(start, end) * self.scale + tracking

    def glue(self, glue: Glue, previous_end: int, start: int) -> float:
        if glue is not Glue.SPACE:
            return 0.0
        return self.paragraph.advance(previous_end, start) * self.scale + self.style.tracking_pt

    def line(self, row: list[_Item], hyphen: bool) -> Line:
        style = self.style
        start, end = row[0].start, row[-1].end
        glyphs = set_line(self.paragraph, start, end, hyphen, style.size_pt, style.tracking_pt)
        missing = tuple(char for char in self.paragraph.missing if char in glyphs.text)
        return Line(glyphs.text, glyphs.width_pt, glyphs.pieces, missing)


_Measurer = _Simple | _Shaped


def _fit(unit: Unit, measurer: _Measurer, text: str, width_pt: float) -> list[_Item]:
    """The unit, or the unit cut between grapheme clusters where it is
    wider than the column."""
    width = measurer.width(unit.start, unit.end)
    if width <= width_pt:
        return [_Item(unit.start, unit.end, width, unit.glue)]
    starts = cluster_starts(text)
    bounds = [i for i in range(unit.start + 1, unit.end) if starts[i]] + [unit.end]
    items: list[_Item] = []
    start = unit.start
    while start < unit.end:
        candidates = [b for b in bounds if b > start]
        end = candidates[0]
        for bound in candidates[1:]:
            if measurer.width(start, bound) > width_pt:
                break
            end = bound
        items.append(_Item(start, end, measurer.width(start, end), unit.glue if start == unit.start else Glue.NONE))
        start = end
    return items


def _break(items: list[_Item], measurer: _Measurer, width_pt: float, hyphen: float) -> list[list[_Item]]:
    """Greedy: as many items on each line as fit; a line that ends at a soft
    hyphen must also have room for the hyphen, or it ends earlier."""
    rows: list[list[_Item]] = []
    first = 0
    while first < len(items):
        end, width = first + 1, items[first].width
        while end < len(items):
            longer = width + measurer.glue(items[end].glue, items[end - 1].end, items[end].start) + items[end].width
            if longer > width_pt:
                break
            end, width = end + 1, longer
        while end < len(items) and items[end].glue is Glue.HYPHEN and end - first > 1 and width + hyphen > width_pt:
            end -= 1
            width = _width(items[first:end], measurer)
        rows.append(items[first:end])
        first = end
    return rows


def _width(row: list[_Item], measurer: _Measurer) -> float:
    width = row[0].width
    for before, item in zip(row, row[1:]):
        width += measurer.glue(item.glue, before.end, item.start) + item.width
    return width


def _mend_widow(rows: list[list[_Item]], measurer: _Measurer, width_pt: float) -> None:
    """Pull a word down from the line before when the last line has one
    word (in scripts written with spaces: a lone CJK character is normal)."""
    if len(rows) < 2 or len(rows[-1]) != 1 or len(rows[-2]) < 3:
        return
    moved, last = rows[-2][-1], rows[-1][0]
    if moved.glue is not Glue.SPACE or last.glue is not Glue.SPACE:
        return
    if moved.width + measurer.glue(Glue.SPACE, moved.end, last.start) + last.width <= width_pt:
        rows[-1].insert(0, rows[-2].pop())


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
