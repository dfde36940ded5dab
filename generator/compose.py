"""What every page layout shares: the build's environment (brand, faces,
words), the brand's colours (`Palette`) and type styles (`Kit`), and
`Block`, which stacks boxes downwards and places them on a page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from . import design as d
from .boxes import CMYK, RGB, Box, Fill, Rule, TextRun
from .brand import Brand, Colour
from .fonts import Face, FontFamily, load_face
from .model import Listing
from .text import Labels, Texts
from .typeset import Line, Style, fewest_lines, wrap

WHITE: RGB = (1.0, 1.0, 1.0)


@dataclass(frozen=True)
class Env:
    """What every sheet of one build in one language shares: brand, faces,
    the language and its words, the listings of related titles."""

    brand: Brand
    heading: FontFamily  # each face loaded when a style first uses it: a sheet uses five of eight
    body: FontFamily
    labels: Labels
    texts: Texts
    footer: tuple[tuple[str, ...], ...]
    listings: Mapping[str, Listing]
    language: str  # BCP 47: of the labels, and of the text unless a style says otherwise

    @cached_property
    def kit(self) -> Kit:
        """The styles, colours and grid of every page of this environment,
        made once: its palette weighs the contrast of tint after tint."""
        return Kit(self)


def prepare_env(brand: Brand, assets: Path, listings: Mapping[str, Listing], language: str | None = None) -> Env:
    """Load templates once for a whole build in `language` (by default
    the brand's)."""
    language = language or brand.language
    texts = Texts(assets, language, main=language == brand.language)
    return Env(
        brand, brand.heading, brand.body, texts.labels, texts, texts.footer(brand), listings, language
    )  # fmt: skip


def mix(colour: RGB, other: RGB, share_of_other: float) -> RGB:
    r, g, b = (c * (1 - share_of_other) + o * share_of_other for c, o in zip(colour, other))
    return (r, g, b)


def contrast(one: RGB, other: RGB) -> float:
    """The contrast ratio of two colours (WCAG 2): 1 to 21."""
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: RGB) -> float:
    """Relative luminance as WCAG 2 defines it, from sRGB: its numbers are
    the standard's, not design choices."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


class Palette:
    """Every colour a layout uses: the brand's three, and tints of them
    chosen so that text a reader must read keeps a contrast of 4.5:1 with
    what is behind it, whatever the brand's colours. With the CMYK values
    the brand gives, `cmyk` maps each to its print colour (a tint with white
    is the same ink, less of it)."""

    def __init__(self, brand: Brand) -> None:
        self.cmyk: dict[RGB, CMYK] = {WHITE: (0.0, 0.0, 0.0, 0.0)}
        self.primary = self._tint(brand.primary, 0.0)
        self.accent = self._tint(brand.accent, 0.0)
        self.text = self._tint(brand.text, 0.0)
        self.footer = self._tint(brand.primary, 1 - d.FOOTER_TINT)
        self.rule = self._tint(brand.text, d.RULE_TINT)
        self.muted = self._lightest(brand.text, self.footer)  # secondary text, on white and on the footer
        # headings and labels on white: the primary colour where it reads, else the text colour
        self.heading = self.primary if contrast(self.primary, self.footer) >= d.MIN_CONTRAST else self.text
        light_enough = contrast(WHITE, self.primary) >= d.MIN_CONTRAST
        self.on_primary = WHITE if light_enough else self.text  # text on a field of the primary colour
        self.on_primary_soft = self._soft(brand.primary) if light_enough else self.text
        self.pattern = mix(self.primary, self.accent, d.PATTERN_MIX)

    def _tint(self, colour: Colour, white: float) -> RGB:
        rgb = mix(colour.rgb, WHITE, white)
        if colour.cmyk is not None:
            c, m, y, k = (ink * (1 - white) for ink in colour.cmyk)
            self.cmyk[rgb] = (c, m, y, k)
        return rgb

    def _lightest(self, colour: Colour, background: RGB) -> RGB:
        """The lightest tint of `colour` that reads on `background`."""
        white = 0.0
        while (
            white < d.MUTED_MOST_WHITE
            and contrast(mix(colour.rgb, WHITE, white + d.TINT_STEP), background) >= d.MIN_CONTRAST
        ):
            white += d.TINT_STEP
        return self._tint(colour, white)

    def _soft(self, background: Colour) -> RGB:
        """The palest tint of the background's colour that reads on it (for
        secondary text on a colour field)."""
        white = 1.0
        while (
            white > d.SOFT_LEAST_WHITE
            and contrast(mix(background.rgb, WHITE, white - d.TINT_STEP), background.rgb) >= d.MIN_CONTRAST
        ):
            white -= d.TINT_STEP
        return self._tint(background, white)


class Block:
    """Boxes in a block's own frame: x from its left edge, y downwards from
    its top (to the baseline for text, to the top edge for shapes). Text
    starts with the top of its capitals at the cursor and ends with the
    cursor at its lowest descender, so gaps between blocks are what the
    eye sees.

    A block set into another (`append`, `beside`) is held there, not copied:
    its boxes move to their place when the block's boxes are read, so that
    the many arrangements a layout weighs share their blocks at no cost.
    Finish a block before setting it into another."""

    def __init__(self, width_pt: float) -> None:
        self.width = width_pt
        self.height = 0.0
        self._parts: list[Box | _Held] = []
        self._empty = True

    @property
    def boxes(self) -> list[Box]:
        """Every box, in the block's frame."""
        return [replace(box, x_pt=x, y_pt=y) for box, x, y in self._corners()]

    def _corners(self) -> Iterator[tuple[Box, float, float]]:
        """Every box with its corner in the block's frame: where a held block
        sits added to its boxes' own, so that each box is copied once, when
        it is placed, however deep it is held."""
        for part in self._parts:
            if isinstance(part, _Held):
                for box, x, y in part.block._corners():
                    yield box, x + part.x_pt, y + part.y_pt
            else:
                yield part, part.x_pt, part.y_pt

    def add(self, box: Box) -> None:
        """A shape, in the block's frame."""
        self._parts.append(box)
        self._empty = False

    def lines(self, lines: Sequence[Line], style: Style, x: float = 0.0, link: str | None = None) -> None:
        first = self.height + style.cap_pt
        for index, line in enumerate(lines):
            self._parts.append(run(line, style, x, first + index * style.line_pt, link))
        self._below_lines(len(lines), style)

    def _below_lines(self, count: int, style: Style) -> None:
        """Move the cursor from the top of `count` lines set at it to their
        lowest descender."""
        if count:
            self.height = self.height + style.cap_pt + (count - 1) * style.line_pt + style.descent_pt
            self._empty = False

    def text(
        self, text: str, style: Style, width: float | None = None, x: float = 0.0, link: str | None = None
    ) -> list[Line]:
        """Wrap and set a paragraph; its lines, for callers that align to them."""
        lines = wrap(text, style, self.width - x if width is None else width)
        self.lines(lines, style, x, link)
        return lines

    def gap(self, pt: float) -> None:
        """Space below what is here; none at the top of the block."""
        if not self._empty:
            self.height += pt

    def down(self, pt: float) -> None:
        """Move the cursor `pt` down, at the top of the block too."""
        self.height += pt

    def reach(self, y: float) -> None:
        """Move the cursor down to `y` (below shapes set with `add`), never up."""
        self.height = max(self.height, y)

    def append(self, other: Block, x: float = 0.0) -> None:
        """Set `other` below what is here, `x` from the left edge."""
        self._hold(other, x)
        self.height += other.height

    def beside(self, parts: Sequence[tuple[float, Block]]) -> None:
        """Set blocks side by side below what is here, each `x` from the left
        edge; the cursor moves below the tallest."""
        for x, part in parts:
            self._hold(part, x)
        self.height += max((part.height for _, part in parts), default=0.0)

    def _hold(self, other: Block, x: float) -> None:
        if not other._empty:
            self._parts.append(_Held(x, self.height, other))
            self._empty = False

    def place(self, x: float, top: float, page_height: float) -> list[Box]:
        """The boxes in page coordinates, with the block's top at `top` from
        the top of the page."""
        placed: list[Box] = []
        for box, box_x, box_y in self._corners():
            extent = 0.0 if isinstance(box, TextRun | Rule) else box.height_pt
            placed.append(replace(box, x_pt=x + box_x, y_pt=page_height - top - box_y - extent))
        return placed


class Sketch(Block):
    """A block that makes room for each text in the fewest lines it could
    take (`fewest_lines`) and sets none: never taller than the block that
    `Block` makes of the same texts, and far quicker to make, to rule out
    a variant that cannot fit before laying it out."""

    def text(
        self, text: str, style: Style, width: float | None = None, x: float = 0.0, link: str | None = None
    ) -> list[Line]:
        """Make room for a paragraph; no lines."""
        self._below_lines(fewest_lines(text, style, self.width - x if width is None else width), style)
        return []


class _Held(NamedTuple):
    """A block set into another, its top left corner at (`x_pt`, `y_pt`)."""

    x_pt: float
    y_pt: float
    block: Block


def run(line: Line, style: Style, x: float, y: float, link: str | None = None) -> TextRun:
    """One line of text at a baseline."""
    return TextRun(
        x, y, line.text, style.face.name, style.size_pt, style.colour, line.width_pt, style.tracking_pt, link,
        line.pieces, line.missing,
    )  # fmt: skip


@dataclass(frozen=True)
class Folio:
    """Where a page sits in a booklet: its number, its section, and the page
    of every programme the booklet holds (for related titles)."""

    number: int
    section: str | None
    pages: Mapping[str, int]


class Kit:
    """The brand's type styles and colours, and the page's grid."""

    def __init__(self, env: Env) -> None:
        self.env = env
        self.colours = Palette(env.brand)
        self.grid = d.Grid(*env.brand.page_size_pt)
        self.page_w, self.page_h = self.grid.page_w, self.grid.page_h
        self.content_w = self.grid.content_w
        self._faces: dict[Path, Face] = {}  # see _face

    def heading(
        self, style: str, size: float, colour: RGB, leading: float = d.HEADING_LEADING, **extra: object
    ) -> Style:
        return self._style(self.env.heading, style, size, colour, leading, **extra)

    def body(self, style: str, size: float, colour: RGB, leading: float = d.BODY_LEADING, **extra: object) -> Style:
        return self._style(self.env.body, style, size, colour, leading, **extra)

    def _style(self, faces: FontFamily, style: str, size: float, colour: RGB, leading: float, **extra: object) -> Style:
        """A style of the brand's fonts; `extra` may set tracking, capitals or
        the text's language (an original title's)."""
        brand = self.env.brand
        options: dict[str, object] = {"fallbacks": brand.fallbacks, "language": self.env.language, **extra}
        if options["language"] is None:
            options["language"] = self.env.language
        return Style(self._face(faces.style(style)), size, leading, colour, bold=style.startswith("bold"), **options)  # type: ignore[arg-type]

    def _face(self, path: Path) -> Face:
        """The face of a font file, loaded when a style first uses it and kept
        for the kit's environment: `load_face` looks at the file each time it
        is asked, and a sheet asks for a style some forty times."""
        face = self._faces.get(path)
        if face is None:
            face = self._faces[path] = load_face(path)
        return face

    def label(self, size: float = d.SECTION_LABEL_PT, colour: RGB | None = None) -> Style:
        """Small capitals in the heading font, tracked: labels and kickers."""
        return self.heading(
            "bold", size, colour or self.colours.heading, tracking_pt=d.SECTION_LABEL_TRACKING_PT, upper=True
        )

    def award(self, block: Block, text: str, style: Style) -> None:
        """An award: its text indented beside an accent bar as tall as it."""
        top = block.height
        block.text(text, style, x=d.AWARD_INDENT_PT)
        block.add(Fill(0, top, d.AWARD_BAR_PT, block.height - top, self.colours.accent))

    def section_label(self, block: Block, label: str) -> None:
        """A label in capitals over an accent rule, opening a section."""
        block.gap(d.SECTION_GAP_PT)
        block.text(label, self.label())
        block.add(Rule(0, block.height + d.SECTION_RULE_GAP_PT, block.width, d.SECTION_RULE_PT, self.colours.accent))
        block.gap(d.SECTION_LABEL_GAP_PT)
