"""Text -> lines that fit a width, measured with the real font metrics.

A paragraph is cut into pieces between its break opportunities: spaces,
zero-width spaces, soft hyphens and the hyphens of compound words (no-break spaces and word joiners hold
words together, see chars.py). Breaking is greedy; a line that ends at a
soft hyphen gets a hyphen, and the soft hyphens a line does not end at stay
invisible. The last line is then mended so that a paragraph of several
lines never ends on a single word (a widow). A word wider than the column
is broken between characters, with a hyphen, rather than allowed to
overflow; never in front of a combining mark.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import chars
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
        """The width of text as drawn (already `prepare`d)."""
        key = (self.face.name, self.size_pt, text)
        width = _WIDTH_CACHE.get(key)
        if width is None:
            if len(_WIDTH_CACHE) > _WIDTH_CACHE_LIMIT:
                _WIDTH_CACHE.clear()
            width = _WIDTH_CACHE[key] = self.face.width(text, self.size_pt)
        return width + self.tracking_pt * max(0, len(text) - 1)

    def prepare(self, text: str) -> str:
        """Text as this style draws it: in capitals if it says so, invisible
        characters dropped, no-break spaces the face lacks drawn as one it has."""
        return self.face.drawable(chars.visible(text.upper() if self.upper else text))


@dataclass(frozen=True)
class Line:
    text: str
    width_pt: float


# How a piece of a paragraph ends: where the line may break after it.
_SPACE, _ZWSP, _SHY, _END = "space", "zwsp", "shy", "end"


@dataclass(frozen=True)
class _Piece:
    text: str  # as drawn
    width: float
    after: str  # _SPACE, _ZWSP, _SHY or _END


def wrap(text: str, style: Style, width_pt: float) -> list[Line]:
    """Break one paragraph of text (single spaces) into lines of at most
    `width_pt`."""
    space = style.measure(" ")
    hyphen = style.measure(chars.HYPHEN)
    rows: list[list[_Piece]] = []
    row: list[_Piece] = []
    for piece in _pieces(text, style, width_pt):
        if row and _width(row + [piece], space, hyphen) > width_pt:
            rows.append(row)
            row = []
        row.append(piece)
    if row:
        rows.append(row)
    _make_room_for_hyphens(rows, space, hyphen, width_pt)
    _mend_widow(rows, space, hyphen, width_pt)
    return [Line(_text(row), _width(row, space, hyphen)) for row in rows]


def _pieces(text: str, style: Style, width_pt: float) -> list[_Piece]:
    """The paragraph cut at every break opportunity, each piece measured;
    a piece wider than the column is cut between characters."""
    pieces: list[_Piece] = []
    words = [word for word in text.split(" ") if word]
    for number, word in enumerate(words):
        start = 0
        for index, char in enumerate(word):
            if char in (chars.SOFT_HYPHEN, chars.ZERO_WIDTH_SPACE):
                if start < index:
                    kind = _SHY if char == chars.SOFT_HYPHEN else _ZWSP
                    pieces.extend(_fitted(word[start:index], kind, style, width_pt))
                start = index + 1
            elif (
                char in chars.HYPHENS
                and 0 < index < len(word) - 1
                and word[index - 1].isalpha()
                and (word[index + 1].isalpha())
            ):  # a line may break after the hyphen of a compound word
                pieces.extend(_fitted(word[start : index + 1], _ZWSP, style, width_pt))
                start = index + 1
        last = word[start:]
        after = _SPACE if number + 1 < len(words) else _END
        if chars.visible(last):
            pieces.extend(_fitted(last, after, style, width_pt))
        elif pieces:
            pieces[-1] = _Piece(pieces[-1].text, pieces[-1].width, after)
    return pieces


def _fitted(text: str, after: str, style: Style, width_pt: float) -> list[_Piece]:
    """The piece, or the piece cut between characters (each part but the
    last ending in a hyphen) where it is wider than the column."""
    drawn = style.prepare(text)
    width = style.measure(drawn)
    if width <= width_pt or len(drawn) < 2:
        return [_Piece(drawn, width, after)]
    parts: list[_Piece] = []
    hyphen = style.measure(chars.HYPHEN)
    start = 0
    while start < len(drawn):
        end = start + 1
        while end < len(drawn) and (
            chars.is_mark(drawn[end]) or style.measure(drawn[start : end + 1]) + hyphen <= width_pt
        ):
            end += 1
        last = end >= len(drawn)
        parts.append(_Piece(drawn[start:end], style.measure(drawn[start:end]), after if last else _SHY))
        start = end
    return parts


def _width(row: list[_Piece], space: float, hyphen: float) -> float:
    width = sum(piece.width for piece in row) + space * sum(piece.after == _SPACE for piece in row[:-1])
    return width + (hyphen if row and row[-1].after == _SHY else 0.0)


def _text(row: list[_Piece]) -> str:
    parts = [piece.text + (" " if piece.after == _SPACE else "") for piece in row[:-1]]
    return "".join(parts) + row[-1].text + (chars.HYPHEN if row[-1].after == _SHY else "")


def _make_room_for_hyphens(rows: list[list[_Piece]], space: float, hyphen: float, width_pt: float) -> None:
    """A line that ends at a soft hyphen with no room left for the hyphen
    gives its last piece to the next line."""
    index = 0
    while index < len(rows):
        row = rows[index]
        if len(row) > 1 and _width(row, space, hyphen) > width_pt:
            moved = row.pop()
            if index + 1 == len(rows):
                rows.append([])
            rows[index + 1].insert(0, moved)
            continue
        index += 1


def _mend_widow(rows: list[list[_Piece]], space: float, hyphen: float, width_pt: float) -> None:
    """Pull a word down from the line before when the last line has one
    word (and that line keeps two or more)."""
    if len(rows) < 2 or any(piece.after == _SPACE for piece in rows[-1]):
        return
    before = rows[-2]
    words_before = sum(piece.after == _SPACE for piece in before[:-1]) + 1
    if words_before < 3 or before[-1].after != _SPACE:
        return
    start = len(before) - 1
    while start > 0 and before[start - 1].after != _SPACE:  # the whole last word, with its parts
        start -= 1
    candidate = before[start:] + rows[-1]
    if _width(candidate, space, hyphen) <= width_pt:
        rows[-1] = candidate
        del before[start:]
