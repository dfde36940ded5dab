"""Positioned page content: what layout decides and render draws.

Coordinates are PDF points from the bottom-left corner of the page; a text
run's `y_pt` is its baseline. Colours are RGB triples from 0 to 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from .images import AroundSubject, ImageInfo, Region
from .qr import QrMatrix

RGB = tuple[float, float, float]
CMYK = tuple[float, float, float, float]


@dataclass(frozen=True)
class Glyphs:
    """Shaped glyphs of one font and one direction, a piece of a text run.
    `codes` has one character per glyph, the code reportlab subsets it
    under; advances and offsets are in thousandths of an em; `text` is what
    the piece says, in logical order. Pieces are listed in logical order and
    placed `x_pt` from the run's left edge."""

    font: str
    x_pt: float
    codes: str
    advances: tuple[float, ...]
    offsets: tuple[tuple[float, float], ...]
    text: str
    rtl: bool


@dataclass(frozen=True)
class TextRun:
    """One line of text. A line set by the text engine (other scripts, font
    fallback, right to left) carries its shaped `pieces`, which are drawn
    instead of `text`; `missing` lists characters that no font could draw."""

    x_pt: float
    y_pt: float
    text: str
    font: str
    size_pt: float
    colour: RGB
    width_pt: float
    tracking_pt: float = 0.0
    link: str | None = None
    pieces: tuple[Glyphs, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fill:
    x_pt: float
    y_pt: float
    width_pt: float
    height_pt: float
    colour: RGB
    radius_pt: float = 0.0


@dataclass(frozen=True)
class Rule:
    x_pt: float
    y_pt: float
    width_pt: float
    thickness_pt: float
    colour: RGB


@dataclass(frozen=True)
class Picture:
    """An image in its frame: `cover` fills it, showing `crop` of the image
    (centred by default, or around its subject) over `background` where the
    image is transparent;
    `contain` fits the whole image and keeps its transparency."""

    x_pt: float
    y_pt: float
    width_pt: float
    height_pt: float
    image: ImageInfo
    fit: str
    background: RGB = (1.0, 1.0, 1.0)
    crop: Region | AroundSubject | None = None


@dataclass(frozen=True)
class Scrim:
    """A shade from transparent (top) to `alpha` black (bottom), so that
    white type stays legible over any picture."""

    x_pt: float
    y_pt: float
    width_pt: float
    height_pt: float
    alpha: float


@dataclass(frozen=True)
class QrCode:
    x_pt: float
    y_pt: float
    size_pt: float
    matrix: QrMatrix
    colour: RGB

    @property
    def height_pt(self) -> float:
        return self.size_pt


@dataclass(frozen=True)
class Link:
    x_pt: float
    y_pt: float
    width_pt: float
    height_pt: float
    url: str


@dataclass(frozen=True)
class PageLink:
    """A link to another page of the same booklet (1-based page number).
    Pages are drawn one chunk at a time, so these are added at assembly."""

    x_pt: float
    y_pt: float
    width_pt: float
    height_pt: float
    page: int


Box = TextRun | Fill | Rule | Picture | Scrim | QrCode | Link | PageLink


@dataclass(frozen=True)
class Rect:
    """A rectangle on the page, in points from the bottom left corner."""

    x0: float
    y0: float
    x1: float
    y1: float

    def meets(self, other: Rect) -> bool:
        """Whether the two overlap."""
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def corners(self) -> tuple[float, float, float, float]:
        """x0, y0, x1, y1: what a PDF page box holds."""
        return (self.x0, self.y0, self.x1, self.y1)


@dataclass(frozen=True)
class Page:
    width_pt: float
    height_pt: float
    boxes: tuple[Box, ...]
    trim_box: Rect | None = None  # for print: where the press cuts
    bleed_box: Rect | None = None

    def text(self) -> str:
        """Every text run, in drawing order, one per line (for tests)."""
        return "\n".join(box.text for box in self.boxes if isinstance(box, TextRun))
