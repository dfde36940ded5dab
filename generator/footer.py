"""The footer band of every sheet (and of every programme page of the
booklet, which is the sheet): the logo, or the brand's name without one,
then the columns of footer.j2 (contacts, website and address) on the grid.

The band keeps two places free: its last line at the right, where a buyer's
pack stamps "Prepared for ...", and the right end of its top rule, where a
booklet page carries its number on a tab.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import design as d
from .boxes import Box, Fill, Picture
from .compose import Block, Kit, run
from .errors import Problem
from .images import ImageInfo
from .links import link_for, printed
from .typeset import Style, wrap


@dataclass(frozen=True)
class Footer:
    boxes: tuple[Box, ...]
    problems: tuple[Problem, ...]  # what does not fit (of the brand and footer.j2: stops every sheet)


def logo_size(logo: ImageInfo, max_w: float, max_h: float) -> tuple[float, float]:
    """A logo scaled to fit `max_w` × `max_h`, never stretched."""
    scale = min(max_w / logo.width_px, max_h / logo.height_px)
    return logo.width_px * scale, logo.height_px * scale


@lru_cache(maxsize=8)
def layout_footer(kit: Kit) -> Footer:
    """The footer band at the foot of the page: the same on every sheet of
    an environment, so laid out once per kit (one an environment,
    `Env.kit`), not once per sheet (its links alone cost 0.8 ms a sheet)."""
    colours, grid = kit.colours, kit.grid
    band_h = grid.footer_h
    boxes: list[Box] = [
        Fill(0, 0, kit.page_w, band_h, colours.footer),
        Fill(0, band_h - d.FOOTER_RULE_PT, kit.page_w, d.FOOTER_RULE_PT, colours.accent),
    ]
    top = kit.page_h - band_h + d.FOOTER_RULE_PT + d.FOOTER_TOP_PAD_PT  # from the top of the page
    columns = kit.env.footer
    bold = kit.body("bold", d.FOOTER_PT, colours.heading, d.FOOTER_LEADING_PT / d.FOOTER_PT)
    regular = kit.body("regular", d.FOOTER_PT, colours.text, d.FOOTER_LEADING_PT / d.FOOTER_PT)
    # the logo as large as it may be, or in one grid column when the footer's columns need the room
    for mark_w in (d.LOGO_MAX_W_PT, grid.column_w):
        mark, used = _mark(kit, mark_w, top)
        left = grid.x(next(c for c in range(1, d.COLUMNS) if grid.x(c) >= d.MARGIN_PT + used + d.GUTTER_PT))
        widths = _widths(columns, bold, regular, kit.page_w - d.MARGIN_PT - left) if columns else []
        if widths is not None:
            break
    boxes += mark
    if widths is None:
        most = int((kit.page_w - d.MARGIN_PT - left + d.GUTTER_PT) // (d.FOOTER_MIN_COLUMN_PT + d.GUTTER_PT))
        problem = Problem(
            kit.env.texts.source("footer.j2"), None, None,
            f"the footer has {len(columns)} columns (contacts, address); it has room for {most}: list fewer "
            "contacts in the brand file, or join columns in footer.j2",
        )  # fmt: skip
        return Footer(tuple(boxes), (problem,))
    problems: list[Problem] = []
    gap = (kit.page_w - d.MARGIN_PT - left - sum(widths)) / max(1, len(columns) - 1)
    first_baseline = kit.page_h - top - bold.cap_pt
    x = left
    for index, (column, width) in enumerate(zip(columns, widths)):
        lines = 0
        for number, text in enumerate(column):
            style = bold if number == 0 else regular
            link = link_for(text)
            for line in wrap(printed(text), style, width):
                boxes.append(run(line, style, x, first_baseline - lines * d.FOOTER_LEADING_PT, link))
                lines += 1
        if lines > d.FOOTER_MAX_LINES:
            problems.append(
                Problem(
                    kit.env.texts.source("footer.j2"), None, None,
                    f"footer column {index + 1} ('{column[0]}') takes {lines} lines; the footer holds "
                    f"{d.FOOTER_MAX_LINES}: "
                    "shorten its lines, or remove one (a contact's role or phone)",
                )
            )  # fmt: skip
        x += width + gap
    return Footer(tuple(boxes), tuple(problems))


def _mark(kit: Kit, max_w: float, top: float) -> tuple[list[Box], float]:
    """The logo (or, without one, the brand's name) at most `max_w` wide, at
    the left of the footer; its boxes and its width."""
    brand = kit.env.brand
    if brand.logo is not None:
        w, h = logo_size(brand.logo, max_w, d.LOGO_MAX_H_PT)
        return [Picture(d.MARGIN_PT, kit.page_h - top - h, w, h, brand.logo, "contain")], w
    mark = Block(max_w)
    lines = mark.text(brand.name, kit.heading("bold", d.WORDMARK_PT, kit.colours.heading, d.WORDMARK_LEADING))
    return mark.place(d.MARGIN_PT, top, kit.page_h), max(line.width_pt for line in lines)


def _widths(columns: tuple[tuple[str, ...], ...], bold: Style, regular: Style, room: float) -> list[float] | None:
    """Each column as wide as its longest line when they all fit with a
    gutter between them; else each as narrow as keeps it to FOOTER_MAX_LINES, with
    what is left shared out; None when even that does not fit."""
    room -= (len(columns) - 1) * d.GUTTER_PT
    natural = [_lines_width(column, bold, regular, None) for column in columns]
    if sum(natural) <= room:
        return natural
    least = [_lines_width(column, bold, regular, d.FOOTER_MAX_LINES) for column in columns]
    if sum(least) > room:
        return None
    spare = room - sum(least)
    wanted = [max(0.0, n - w) for n, w in zip(natural, least)]
    return [w + spare * want / (sum(wanted) or 1.0) for w, want in zip(least, wanted)]


def _lines_width(column: tuple[str, ...], bold: Style, regular: Style, most: int | None) -> float:
    """The width a footer column needs: its longest line, or (with `most`)
    the narrowest width at which it wraps to at most `most` lines (at least
    FOOTER_MIN_COLUMN_PT)."""
    styled = [(bold if number == 0 else regular, printed(text)) for number, text in enumerate(column)]
    longest = max(style.measure(text) for style, text in styled) + d.FOOTER_COLUMN_SLACK_PT
    if most is None:
        return longest

    def count(width: float) -> int:
        return sum(len(wrap(text, style, width)) for style, text in styled)

    low, high = d.FOOTER_MIN_COLUMN_PT, max(d.FOOTER_MIN_COLUMN_PT, longest)
    if count(high) > most:
        return float("inf")
    while high - low > d.NARROWEST_STEP_PT:
        middle = (low + high) / 2
        low, high = (low, middle) if count(middle) <= most else (middle, high)
    return high
