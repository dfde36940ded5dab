"""The sections of a sheet beside (or under) the synopsis: details,
credits, awards, related titles, the screener and links. Each is made in
the same type at every density; the side column holds them all, less those
an arrangement (`columns.py`) moves under the synopsis.

A related title keeps room at the right of its first line for the page a
booklet prints there (`PageRef`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from . import design as d
from .boxes import Link, Picture, QrCode
from .compose import Block, Kit
from .errors import OnesheetError, Problem
from .hero import keep_together
from .images import AroundSubject
from .links import display, printed, target
from .model import Programme
from .qr import QrError, QrMatrix, encode
from .text import Fact, fill
from .typeset import wrap


class PageRef(NamedTuple):
    """Where a booklet prints the page of a related title: right-aligned at
    `right_pt` on the baseline `baseline_pt` of the title's first line, and
    the entry `top_pt` to `bottom_pt` links there (block coordinates)."""

    programme_id: str
    right_pt: float
    baseline_pt: float
    top_pt: float
    bottom_pt: float

    def shifted(self, x: float, y: float) -> PageRef:
        """The same reference in a block holding this one at (`x`, `y`)."""
        return PageRef(self.programme_id, self.right_pt + x, self.baseline_pt + y, self.top_pt + y, self.bottom_pt + y)


@dataclass
class Column:
    """A laid-out column and the page references it holds."""

    block: Block
    refs: list[PageRef]


class Sections:
    """The sections of one programme, and the side column made of them."""

    def __init__(self, programme: Programme, kit: Kit) -> None:
        self.programme = programme
        self.kit = kit
        self.main_w = kit.grid.main_w
        self.side_w = kit.grid.side_w
        self.related = Related(kit)
        self._facts = kit.env.texts.facts(programme)  # the details, from the template facts.j2

    def side(self, moved: frozenset[str]) -> Column:
        """Details, credits, awards, related titles, the screener and links,
        less the sections `moved` under the synopsis."""
        kit, programme, labels = self.kit, self.programme, self.kit.env.labels
        block = Block(self.side_w)
        refs: list[PageRef] = []
        if self._facts:
            kit.section_label(block, labels.details)
            self._rows(block, self._facts)
        if programme.credits and "credits" not in moved:
            kit.section_label(block, labels.credits)
            self._rows(block, self._credits())
        if programme.awards and "awards" not in moved:
            kit.section_label(block, labels.awards)
            self._awards(block, self.side_w)
        if programme.related and "related" not in moved:
            kit.section_label(block, labels.related)
            for index, programme_id in enumerate(programme.related):
                block.gap(d.RELATED_GAP_PT if index else 0.0)
                entry, ref = self.related.entry(programme_id, self.side_w)
                refs.append(ref.shifted(0.0, block.height))
                block.append(entry)
        if programme.screener or programme.url or programme.trailer:
            kit.section_label(block, labels.watch)
            _watch(block, programme, kit)
        return Column(block, refs)

    def below(self, section: str) -> Block:
        """Credits or awards set across the text column, the credits in
        BELOW_COLUMNS columns."""
        kit, labels = self.kit, self.kit.env.labels
        block = Block(self.main_w)
        kit.section_label(block, labels.credits if section == "credits" else labels.awards)
        if section == "awards":
            self._awards(block, self.main_w)
            return block
        rows = self._credits()
        columns = d.BELOW_COLUMNS
        width = (self.main_w - (columns - 1) * d.GUTTER_PT) / columns
        per_column = -(-len(rows) // columns)
        parts: list[tuple[float, Block]] = []
        for index in range(columns):
            part = Block(width)
            self._rows(part, rows[index * per_column : (index + 1) * per_column])
            parts.append((index * (width + d.GUTTER_PT), part))
        block.beside(parts)
        return block

    def related_grid(self, pictures: bool) -> Column:
        """Related titles across the text column, under the synopsis."""
        return self.related.grid(self.programme.related, self.main_w, pictures)

    def _credits(self) -> tuple[Fact, ...]:
        labels = self.kit.env.labels
        return tuple(Fact(labels.role(credit.role), ", ".join(credit.names)) for credit in self.programme.credits)

    def _rows(self, block: Block, rows: tuple[Fact, ...]) -> None:
        """Label and value side by side; a label wider than its column stands
        above its value, so that no label is broken inside a word."""
        kit = self.kit
        label = kit.heading(
            "bold", d.FACT_LABEL_PT, kit.colours.muted, tracking_pt=d.FACT_LABEL_TRACKING_PT, upper=True
        )
        value = kit.body("regular", d.FACT_PT, kit.colours.text, d.FACT_LEADING_PT / d.FACT_PT)
        column = d.FACT_LABEL_W_PT
        for row in rows:
            block.gap(d.FACT_GAP_PT)
            label_lines = wrap(row.label, label, column - d.FACT_LABEL_PAD_PT)
            too_wide = any(line.width_pt > column - d.FACT_LABEL_PAD_PT for line in label_lines)
            stacked = too_wide or len(label_lines) > d.FACT_LABEL_MAX_LINES
            shown = printed(row.value)
            if stacked:
                block.text(row.label, label)
                block.gap(d.FACT_STACKED_GAP_PT)
                block.text(shown, value)
                continue
            name_block, value_block = Block(column), Block(self.side_w - column)
            name_block.down(value.cap_pt - label.cap_pt)  # capitals of both on one line
            name_block.lines(label_lines, label)
            value_block.text(shown, value)
            block.beside([(0.0, name_block), (column, value_block)])

    def _awards(self, block: Block, width: float) -> None:
        """Laurels in a row (their badges), then every award as a line with
        an accent bar."""
        kit = self.kit
        laurels = any(award.laurel is not None for award in self.programme.awards)
        if laurels:
            self._laurels(block, width)
        style = kit.body("bold", d.FACT_PT, kit.colours.text, d.FACT_LEADING_PT / d.FACT_PT)
        for index, award in enumerate(self.programme.awards):
            block.gap(d.AWARD_GAP_PT if index or not laurels else d.LAUREL_GAP_PT)
            kit.award(block, award.text, style)

    def _laurels(self, block: Block, width: float) -> None:
        """The festivals' badges in rows, each at LAUREL_H_PT high."""
        badges = [award.laurel for award in self.programme.awards if award.laurel is not None]
        x = 0.0
        row_top = block.height
        for badge in badges:
            badge_w = min(width, d.LAUREL_H_PT * badge.aspect)
            if x and x + badge_w > width:
                x, row_top = 0.0, row_top + d.LAUREL_H_PT + d.LAUREL_GAP_PT
            block.add(Picture(x, row_top, badge_w, d.LAUREL_H_PT, badge, "contain"))
            x += badge_w + d.LAUREL_GAP_PT
        if badges:
            block.reach(row_top + d.LAUREL_H_PT)


class Related:
    """Entries for related titles: title and logline, under the programme's
    picture in a grid with room for it."""

    def __init__(self, kit: Kit) -> None:
        self.kit = kit
        widest = fill(kit.env.labels.page_ref, page=d.PAGE_REF_ROOM)
        self.ref_room = kit.heading("bold", d.PAGE_REF_PT, kit.colours.accent).measure(widest) + d.PAGE_REF_PAD_PT

    def entry(self, programme_id: str, width: float, picture: bool = False) -> tuple[Block, PageRef]:
        """Title and logline, under the programme's picture with `picture`;
        room is kept right of the title's first line for the page a booklet
        prints there ("p. 14")."""
        kit = self.kit
        listing = kit.env.listings[programme_id]
        block = Block(width)
        if picture and listing.key_art is not None:
            height = width / d.THUMB_ASPECT
            crop = AroundSubject(listing.focus)  # chosen when drawn: a thumbnail weighed but not kept costs nothing
            block.add(Picture(0, 0, width, height, listing.key_art, "cover", kit.colours.primary, crop))
            block.down(height + d.THUMB_GAP_PT)
        title = kit.heading("bold", d.RELATED_TITLE_PT, kit.colours.heading, d.RELATED_TITLE_LEADING)
        top = block.height
        lines = wrap(keep_together(listing.title), title, width - self.ref_room)
        block.lines(lines, title)
        block.gap(d.RELATED_LOGLINE_GAP_PT)
        block.text(listing.logline, kit.body("regular", d.RELATED_LOGLINE_PT, kit.colours.text, d.RELATED_LEADING))
        return block, PageRef(programme_id, width, top + title.cap_pt, 0.0, block.height)

    def grid(self, ids: tuple[str, ...], width: float, pictures: bool) -> Column:
        """The titles `ids` in RELATED_GRID_COLUMNS columns across `width`,
        under a section label, with their pictures when `pictures`."""
        kit = self.kit
        block = Block(width)
        refs: list[PageRef] = []
        kit.section_label(block, kit.env.labels.related)
        columns = d.RELATED_GRID_COLUMNS
        entry_w = (width - (columns - 1) * d.GUTTER_PT) / columns
        for start in range(0, len(ids), columns):
            block.gap(d.RELATED_GAP_PT if start else 0.0)
            parts: list[tuple[float, Block]] = []
            for index, programme_id in enumerate(ids[start : start + columns]):
                x = index * (entry_w + d.GUTTER_PT)
                entry, ref = self.entry(programme_id, entry_w, pictures)
                refs.append(ref.shifted(x, block.height))
                parts.append((x, entry))
            block.beside(parts)
        return Column(block, refs)


def _watch(block: Block, programme: Programme, kit: Kit) -> None:
    """The screener's QR code (or the programme page's, without a
    screener), beside the links, each printed in full for typing."""
    labels = kit.env.labels
    links = [
        (labels.screener, programme.screener),
        (labels.trailer, programme.trailer),
        (labels.more, programme.url),
    ]
    links = [(label, url) for label, url in links if url]
    coded = programme.screener or programme.url
    assert coded is not None or links
    block.down(d.LINK_TOP_PT)
    top = block.height
    x = 0.0
    if coded is not None:
        field = "screener" if programme.screener else "url"
        block.add(QrCode(0, top, d.QR_PT, _qr(programme, coded, field), kit.colours.heading))
        block.add(Link(0, top, d.QR_PT, d.QR_PT, target(coded)))
        x = d.QR_PT + d.QR_GAP_PT
    texts = Block(block.width - x)
    name = kit.body("bold", d.LINK_PT, kit.colours.heading, d.LINK_LEADING_PT / d.LINK_PT)
    address = kit.body("regular", d.LINK_PT, kit.colours.text, d.LINK_LEADING_PT / d.LINK_PT)
    for index, (label, url) in enumerate(links):
        assert url is not None
        texts.gap(d.LINK_GAP_PT if index else 0.0)
        start = texts.height
        texts.text(label, name)
        texts.text(display(url, d.LINK_DISPLAY_CHARS), address)
        texts.add(Link(0, start, texts.width, texts.height - start, target(url)))
    block.beside([(x, texts)])
    block.reach(top + (d.QR_PT if coded else 0.0))


def _qr(programme: Programme, url: str, field: str) -> QrMatrix:
    """The QR code of a link of the programme, or the problem that it
    cannot be printed so that it scans."""
    try:
        return encode(target(url), d.QR_PT)
    except QrError as exc:
        raise OnesheetError([Problem(programme.path, programme.line(field), field, str(exc))]) from None
