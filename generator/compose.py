"""What every page layout shares: the build's environment (brand, faces,
words), the brand's type styles and colours (`Kit`), and `Block`, which
stacks boxes downwards and places them on a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from . import design as d
from .boxes import CMYK, RGB, Box, Rule, TextRun
from .brand import Brand, Colour
from .fonts import Faces, load_family
from .model import Listing
from .text import Labels, Texts
from .typeset import Line, Style, wrap

WHITE: RGB = (1.0, 1.0, 1.0)


@dataclass(frozen=True)
class Env:
    """What every sheet of one build shares: brand, faces, words, listings."""

    brand: Brand
    heading: Faces
    body: Faces
    labels: Labels
    texts: Texts
    footer: tuple[tuple[str, ...], ...]
    listings: Mapping[str, Listing]


def prepare_env(brand: Brand, assets: Path, listings: Mapping[str, Listing]) -> Env:
    """Load fonts and templates once for a whole build."""
    texts = Texts(assets)
    return Env(
        brand, load_family(brand.heading), load_family(brand.body), texts.labels, texts, texts.footer(brand), listings
    )


def mix(colour: RGB, other: RGB, share_of_other: float) -> RGB:
    r, g, b = (c * (1 - share_of_other) + o * share_of_other for c, o in zip(colour, other))
    return (r, g, b)


class Palette:
    """Every colour a layout uses: the brand's three and tints of them. With
    the CMYK values the brand gives, `cmyk` maps each to its print colour
    (a tint with white is the same ink, less of it)."""

    def __init__(self, brand: Brand) -> None:
        self.cmyk: dict[RGB, CMYK] = {WHITE: (0.0, 0.0, 0.0, 0.0)}
        self.primary = self._tint(brand.primary, 0.0)
        self.accent = self._tint(brand.accent, 0.0)
        self.text = self._tint(brand.text, 0.0)
        self.muted = self._tint(brand.text, d.MUTED_MIX)
        self.rule = self._tint(brand.text, 0.82)
        self.footer = self._tint(brand.primary, 1 - d.FOOTER_TINT)
        self.pale = self._tint(brand.primary, 0.86)  # secondary text on the primary colour

    def _tint(self, colour: Colour, white: float) -> RGB:
        rgb = mix(colour.rgb, WHITE, white)
        if colour.cmyk is not None:
            c, m, y, k = (ink * (1 - white) for ink in colour.cmyk)
            self.cmyk[rgb] = (c, m, y, k)
        return rgb


class Block:
    """Boxes in a block's own frame: x from its left edge, y downwards from
    its top (to the baseline for text, to the top edge for shapes)."""

    def __init__(self, width_pt: float) -> None:
        self.width = width_pt
        self.boxes: list[Box] = []
        self.height = 0.0

    def lines(self, lines: list[Line], style: Style, x: float = 0.0, link: str | None = None) -> None:
        for index, line in enumerate(lines):
            baseline = self.height + 0.78 * style.size_pt + index * style.line_pt
            self.boxes.append(Kit.run(line, style, x, baseline, link))
        if lines:
            self.height += style.size_pt + (len(lines) - 1) * style.line_pt

    def text(self, text: str, style: Style, width: float | None = None, x: float = 0.0) -> None:
        self.lines(wrap(text, style, self.width - x if width is None else width), style, x)

    def gap(self, pt: float) -> None:
        if self.boxes:
            self.height += pt

    def append(self, other: Block, x: float = 0.0) -> None:
        """Set `other` below what is here, `x` from the left edge."""
        self.boxes.extend(replace(box, x_pt=box.x_pt + x, y_pt=box.y_pt + self.height) for box in other.boxes)
        self.height += other.height

    def place(self, x: float, top: float, page_height: float) -> list[Box]:
        """The boxes in page coordinates, with the block's top at `top` from
        the top of the page."""
        placed: list[Box] = []
        for box in self.boxes:
            extent = 0.0 if isinstance(box, TextRun | Rule) else box.height_pt
            placed.append(replace(box, x_pt=x + box.x_pt, y_pt=page_height - top - box.y_pt - extent))
        return placed


@dataclass(frozen=True)
class Folio:
    """Where a page sits in a booklet: its number, its section, and the page
    of every programme the booklet holds (for related titles)."""

    number: int
    section: str | None
    pages: Mapping[str, int]


class Kit:
    """The brand's styles and colours, and the page geometry, for layouts."""

    def __init__(self, env: Env) -> None:
        self.env = env
        self.colours = Palette(env.brand)
        self.page_w, self.page_h = env.brand.page_size_pt
        self.content_w = self.page_w - 2 * d.MARGIN_PT

    def heading(self, style: str, size: float, colour: RGB, leading: float = 1.2, **extra: object) -> Style:
        return self._style(self.env.heading, style, size, colour, leading, **extra)

    def body(self, style: str, size: float, colour: RGB, leading: float = 1.3, **extra: object) -> Style:
        return self._style(self.env.body, style, size, colour, leading, **extra)

    def _style(self, faces: Faces, style: str, size: float, colour: RGB, leading: float, **extra: object) -> Style:
        """A style of the brand's fonts; `extra` may set tracking, capitals or
        the text's language (an original title's)."""
        brand = self.env.brand
        options: dict[str, object] = {"fallbacks": brand.fallbacks, "language": brand.language, **extra}
        if options["language"] is None:
            options["language"] = brand.language
        return Style(faces.style(style), size, leading, colour, bold=style.startswith("bold"), **options)  # type: ignore[arg-type]

    def section_label(self, block: Block, label: str) -> None:
        """An accent-coloured label in capitals over a thin rule."""
        style = self.heading(
            "bold", d.SECTION_LABEL_PT, self.colours.accent, tracking_pt=d.SECTION_LABEL_TRACKING_PT, upper=True
        )
        block.gap(d.SECTION_GAP_PT)
        block.text(label, style)
        block.boxes.append(Rule(0, block.height + 3.0, block.width, 0.6, self.colours.accent))
        block.height += d.SECTION_LABEL_GAP_PT

    def folio(self, folio: Folio) -> tuple[float, list[Box]]:
        """The foot of a booklet page: brand, section and page number over a
        hairline; returns its height and boxes."""
        baseline = d.FOLIO_PT / 2 + 1  # keeps descenders 5 mm above the trimmed edge
        label = self.heading("bold", d.FOLIO_TEXT_PT, self.colours.primary, tracking_pt=0.8, upper=True)
        section = self.heading("regular", d.FOLIO_TEXT_PT, self.colours.muted, tracking_pt=0.8, upper=True)
        number = self.heading("bold", d.FOLIO_NUMBER_PT, self.colours.primary)
        boxes: list[Box] = [Rule(d.MARGIN_PT, d.FOLIO_PT, self.content_w, 0.5, self.colours.rule)]
        name = wrap(self.env.brand.name, label, self.content_w / 3)[0]
        boxes.append(self.run(name, label, d.MARGIN_PT, baseline))
        if folio.section:
            line = wrap(folio.section, section, self.content_w / 3)[0]
            boxes.append(self.run(line, section, (self.page_w - line.width_pt) / 2, baseline))
        digits = str(folio.number)
        width = number.measure(digits)
        boxes.append(self.run(Line(digits, width), number, self.page_w - d.MARGIN_PT - width, baseline))
        return d.FOLIO_PT, boxes

    @staticmethod
    def run(line: Line, style: Style, x: float, y: float, link: str | None = None) -> TextRun:
        """One line of text at a baseline, in page coordinates."""
        return TextRun(
            x, y, line.text, style.face.name, style.size_pt, style.colour, line.width_pt, style.tracking_pt, link,
            line.pieces, line.missing,
        )  # fmt: skip
