"""The footer band of every sheet (and of every programme page of the
booklet, which is the sheet): the logo, or the brand's name without one,
then the columns of footer.j2 (contacts, website and address) on the grid.

The band keeps two places free: its last line at the right, where a buyer's
pack stamps "Prepared for ...", and the right end of its top rule, where a
booklet page carries its number on a tab.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import design as d
from .boxes import Box, Fill, Picture
from .compose import Block, Kit, run
from .errors import Problem
from .images import ImageInfo
from .links import breakable, display, link_for
from .typeset import Style, wrap

MIN_COLUMN_PT = 92.0  # narrower footer columns would break every e-mail address
MAX_LINES = 4


@dataclass(frozen=True)
class Footer:
    boxes: tuple[Box, ...]
    problems: tuple[Problem, ...]  # what does not fit (of the brand and footer.j2: stops every sheet)


def logo_size(logo: ImageInfo, max_w: float, max_h: float) -> tuple[float, float]:
    """A logo scaled to fit `max_w` × `max_h`, never stretched."""
    scale = min(max_w / logo.width_px, max_h / logo.height_px)
    return logo.width_px * scale, logo.height_px * scale


def layout_footer(kit: Kit) -> Footer:
    """The footer band at the foot of the page."""
    brand, colours, grid = kit.env.brand, kit.colours, kit.grid
    band_h = grid.footer_h
    boxes: list[Box] = [
        Fill(0, 0, kit.page_w, band_h, colours.footer),
        Fill(0, band_h - d.FOOTER_RULE_PT, kit.page_w, d.FOOTER_RULE_PT, colours.accent),
    ]
    top = kit.page_h - band_h + d.FOOTER_RULE_PT + d.FOOTER_TOP_PAD_PT  # from the top of the page
    if brand.logo is not None:
        w, h = logo_size(brand.logo, d.LOGO_MAX_W_PT, d.LOGO_MAX_H_PT)
        boxes.append(Picture(d.MARGIN_PT, kit.page_h - top - h, w, h, brand.logo, "contain"))
        used = w
    else:
        mark = Block(d.LOGO_MAX_W_PT)
        style = kit.heading("bold", d.WORDMARK_PT, colours.heading, 1.1)
        wordmark = mark.text(brand.name, style)
        boxes.extend(mark.place(d.MARGIN_PT, top, kit.page_h))
        used = max(line.width_pt for line in wordmark)
    first = next(column for column in range(d.COLUMNS) if grid.x(column) >= d.MARGIN_PT + used + d.GUTTER_PT)
    columns = kit.env.footer
    problems: list[Problem] = []
    if not columns:
        return Footer(tuple(boxes), ())
    left = grid.x(first)
    bold = kit.body("bold", d.FOOTER_PT, colours.heading, d.FOOTER_LEADING_PT / d.FOOTER_PT)
    regular = kit.body("regular", d.FOOTER_PT, colours.text, d.FOOTER_LEADING_PT / d.FOOTER_PT)
    widths = _widths(columns, bold, regular, kit.page_w - d.MARGIN_PT - left)
    if widths is None:
        most = int((kit.page_w - d.MARGIN_PT - left + d.GUTTER_PT) // (MIN_COLUMN_PT + d.GUTTER_PT))
        problems.append(
            Problem(
                kit.env.texts.source("footer.j2"), None, None,
                f"the footer has {len(columns)} columns (contacts, address); it has room for {most}: list fewer "
                "contacts in the brand file, or join columns in footer.j2",
            )
        )  # fmt: skip
        return Footer(tuple(boxes), tuple(problems))
    gap = (kit.page_w - d.MARGIN_PT - left - sum(widths)) / max(1, len(columns) - 1)
    first_baseline = kit.page_h - top - bold.cap_pt
    x = left
    for index, (column, width) in enumerate(zip(columns, widths)):
        lines = 0
        for number, text in enumerate(column):
            style = bold if number == 0 else regular
            link = link_for(text)
            shown = display(text) if text.startswith(("http://", "https://")) else breakable(text) if link else text
            for line in wrap(shown, style, width):
                boxes.append(run(line, style, x, first_baseline - lines * d.FOOTER_LEADING_PT, link))
                lines += 1
        if lines > MAX_LINES:
            problems.append(
                Problem(
                    kit.env.texts.source("footer.j2"), None, None,
                    f"footer column {index + 1} ('{column[0]}') takes {lines} lines; the footer holds {MAX_LINES}: "
                    "shorten its lines, or remove one (a contact's role or phone)",
                )
            )  # fmt: skip
        x += width + gap
    return Footer(tuple(boxes), tuple(problems))


def _widths(columns: tuple[tuple[str, ...], ...], bold: Style, regular: Style, room: float) -> list[float] | None:
    """Each column as wide as its longest line, when they all fit with a
    gutter between them; else the room shared in proportion to those widths,
    none narrower than MIN_COLUMN_PT; None when even that does not fit."""
    natural = [
        max((bold if number == 0 else regular).measure(text) for number, text in enumerate(column)) + 1.0
        for column in columns
    ]
    room -= (len(columns) - 1) * d.GUTTER_PT
    if sum(natural) <= room:
        return natural
    if len(columns) * MIN_COLUMN_PT > room:
        return None
    shares = [max(MIN_COLUMN_PT, room * width / sum(natural)) for width in natural]
    excess = sum(shares) - room
    widest = max(range(len(shares)), key=lambda index: shares[index])
    shares[widest] -= excess
    return shares
