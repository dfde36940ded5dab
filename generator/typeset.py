"""Text -> lines that fit a width, measured with the real font metrics.

Breaking is greedy, then the last line is mended so that a paragraph of
several lines never ends on a single word (a widow). A word wider than the
column is broken between characters rather than allowed to overflow.
"""

from __future__ import annotations

from dataclasses import dataclass

from .boxes import RGB
from .fonts import Face

_WIDTH_CACHE: dict[tuple[str, float, str], float] = {}
_WIDTH_CACHE_LIMIT = 200_000


@dataclass(frozen=True)
class Style:
    face: Face
    size_pt: float
    leading: float  # line height as a multiple of size
    colour: RGB
    tracking_pt: float = 0.0
    upper: bool = False

    @property
    def line_pt(self) -> float:
        return self.size_pt * self.leading

    def measure(self, text: str) -> float:
        key = (self.face.name, self.size_pt, text)
        width = _WIDTH_CACHE.get(key)
        if width is None:
            if len(_WIDTH_CACHE) > _WIDTH_CACHE_LIMIT:
                _WIDTH_CACHE.clear()
            width = _WIDTH_CACHE[key] = self.face.width(text, self.size_pt)
        return width + self.tracking_pt * max(0, len(text) - 1)

    def prepare(self, text: str) -> str:
        return text.upper() if self.upper else text


@dataclass(frozen=True)
class Line:
    text: str
    width_pt: float


def wrap(text: str, style: Style, width_pt: float) -> list[Line]:
    """Break one paragraph of text (single spaces) into lines of at most
    `width_pt`."""
    text = style.prepare(text)
    space = style.measure(" ")
    rows: list[list[tuple[str, float]]] = []
    row: list[tuple[str, float]] = []
    row_width = 0.0
    for word in text.split(" "):
        if not word:
            continue
        for piece in _pieces(word, style, width_pt):
            piece_width = style.measure(piece)
            needed = piece_width if not row else row_width + space + piece_width
            if row and needed > width_pt:
                rows.append(row)
                row, row_width = [], 0.0
                needed = piece_width
            row.append((piece, piece_width))
            row_width = needed
    if row:
        rows.append(row)
    _mend_widow(rows, space, width_pt)
    return [Line(" ".join(word for word, _ in r), sum(w for _, w in r) + space * (len(r) - 1)) for r in rows]


def _pieces(word: str, style: Style, width_pt: float) -> list[str]:
    """The word, or the word cut between characters where it is wider than
    the column."""
    if style.measure(word) <= width_pt:
        return [word]
    pieces: list[str] = []
    start = 0
    while start < len(word):
        end = start + 1
        while end < len(word) and style.measure(word[start : end + 1]) <= width_pt:
            end += 1
        pieces.append(word[start:end])
        start = end
    return pieces


def _mend_widow(rows: list[list[tuple[str, float]]], space: float, width_pt: float) -> None:
    """Pull a word down from the line before when the last line has one word."""
    if len(rows) < 2 or len(rows[-1]) != 1 or len(rows[-2]) < 3:
        return
    moved = rows[-2][-1]
    if moved[1] + space + rows[-1][0][1] <= width_pt:
        rows[-1].insert(0, rows[-2].pop())
