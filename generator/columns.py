"""The two columns under the hero: the text column (logline, synopsis,
quotes) and the side column (details, credits, awards, related titles, the
screener and links), and the ways to share content between them.

Related titles and laurels may move from the side column to a grid under
the synopsis: of the arrangements, the layout takes the one whose taller
column is shortest, so the two columns end close together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeVar, cast

from . import design as d
from .boxes import Fill, Link, Picture, QrCode
from .compose import Block, Kit, Sketch
from .errors import OnesheetError, Problem
from .hero import keep_together
from .images import AroundSubject
from .links import display, printed, target
from .model import Programme
from .qr import QrError, QrMatrix, encode
from .text import Fact, fill
from .typeset import first_units, wrap

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
_QUOTE_MARKS = re.compile(r"^[\s\"'“”„«»‘’‚‹›「『]+|[\s\"'“”„«»‘’‚‹›」』]+$")  # a quote's own marks and spaces


class PageRef(NamedTuple):
    """Where a booklet prints the page of a related title: right-aligned at
    `right_pt` on the baseline `baseline_pt` of the title's first line, and
    the entry `top_pt` to `bottom_pt` links there (block coordinates)."""

    programme_id: str
    right_pt: float
    baseline_pt: float
    top_pt: float
    bottom_pt: float


@dataclass
class Column:
    """A laid-out column and the page references it holds."""

    block: Block
    refs: list[PageRef]


@dataclass(frozen=True)
class Arrangement:
    name: str  # where related titles go (side, grid, cards), and what else moved under the synopsis
    main: Column
    side: Column

    @property
    def height(self) -> float:
        return max(self.main.block.height, self.side.block.height)


class Columns:
    """The columns of one programme. The side column and the sections that
    move under the synopsis are set in the same type at every density, so
    each is made once and shared by every density the layout tries."""

    def __init__(self, programme: Programme, kit: Kit) -> None:
        self.programme = programme
        self.kit = kit
        self.main_w = kit.grid.main_w
        self.side_w = kit.grid.side_w
        widest = fill(kit.env.labels.page_ref, page=d.PAGE_REF_ROOM)
        self.ref_room = kit.heading("bold", d.PAGE_REF_PT, kit.colours.accent).measure(widest) + d.PAGE_REF_PAD_PT
        self._facts = kit.env.texts.facts(programme)  # the details, from the template facts.j2
        self._made: dict[tuple[str, Hashable], object] = {}  # see _once

    # The text column -------------------------------------------------------------
    def main(self, density: d.Density, paragraphs: Sequence[str], more: str | None) -> Column:
        """Logline, the synopsis (or the short one, with `more`: the link to
        the full text) and press quotes, in the type of `density`."""
        return Column(self._main(Block(self.main_w), density, paragraphs, more), [])

    def sketch(self, density: d.Density, paragraphs: Sequence[str], more: str | None) -> Column:
        """`main`'s column, each text in the fewest lines it could take: no
        taller than `main`'s, and so are the arrangements made with it,
        found at a fraction of the cost (see `Sketch`)."""
        return Column(self._main(Sketch(self.main_w), density, paragraphs, more), [])

    def _main(self, block: Block, density: d.Density, paragraphs: Sequence[str], more: str | None) -> Block:
        kit = self.kit
        logline = kit.body(
            "italic", density.logline_pt, kit.colours.heading, density.logline_leading_pt / density.logline_pt
        )
        block.text(self.programme.logline, logline)
        body = kit.body("regular", density.body_pt, kit.colours.text, density.body_leading_pt / density.body_pt)
        block.gap(d.LOGLINE_GAP_PT)
        paragraph_gap = body.line_pt * (1 + d.PARAGRAPH_GAP) - body.cap_pt - body.descent_pt
        for number, paragraph in enumerate(paragraphs):
            block.gap(paragraph_gap if number else 0.0)
            block.text(paragraph, body)
        if more is not None:
            block.gap(d.MORE_GAP_PT)
            label = kit.body("bold", density.body_pt, kit.colours.heading, body.leading)
            text = f"{kit.env.labels.full_synopsis}{kit.env.labels.colon} {display(more)}"
            block.text(text, label, link=target(more))
        self._quotes(block, density)
        return block

    def synopsis(self, units: int | None = None) -> list[str]:
        """The synopsis, or its first `units` words (characters in scripts
        without spaces)."""
        paragraphs = list(self.programme.synopsis)
        return paragraphs if units is None else first_units(paragraphs, units)

    def _quotes(self, block: Block, density: d.Density) -> None:
        kit = self.kit
        quote = kit.body("italic", density.quote_pt, kit.colours.heading, d.QUOTE_LEADING)
        source = kit.label(d.QUOTE_SOURCE_PT, kit.colours.muted)
        for quoted in self.programme.quotes:
            block.gap(d.QUOTE_GAP_PT)
            top = block.height
            text = _QUOTE_MARKS.sub("", quoted.text.strip())
            block.text(kit.env.labels.quoted(text), quote, x=d.QUOTE_INDENT_PT)
            if quoted.source:
                block.gap(d.QUOTE_SOURCE_GAP_PT)
                block.text(quoted.source, source, x=d.QUOTE_INDENT_PT)
            block.add(Fill(0, top, d.QUOTE_RULE_PT, block.height - top, kit.colours.accent))

    # The side column -------------------------------------------------------------
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
                entry, ref = self._related(programme_id, self.side_w)
                refs.append(_shifted(ref, 0.0, block.height))
                block.append(entry)
        if programme.screener or programme.url or programme.trailer:
            kit.section_label(block, labels.watch)
            self._links(block)
        return Column(block, refs)

    def _credits(self) -> tuple[Fact, ...]:
        labels = self.kit.env.labels
        return tuple(Fact(labels.role(credit.role), ", ".join(credit.names)) for credit in self.programme.credits)

    def below(self, section: str) -> Block:
        """Credits or awards set across the text column, in two columns."""
        kit, labels = self.kit, self.kit.env.labels
        block = Block(self.main_w)
        kit.section_label(block, labels.credits if section == "credits" else labels.awards)
        half = (self.main_w - d.GUTTER_PT) / 2
        if section == "awards":
            self._awards(block, self.main_w)
            return block
        rows = self._credits()
        middle = (len(rows) + 1) // 2
        left, right = Block(half), Block(half)
        self._rows(left, rows[:middle])
        self._rows(right, rows[middle:])
        block.beside([(0.0, left), (half + d.GUTTER_PT, right)])
        return block

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
            stacked = any(line.width_pt > column - d.FACT_LABEL_PAD_PT for line in label_lines) or len(label_lines) > 2
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
        laurels = self.has_laurels()
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

    def has_laurels(self) -> bool:
        return any(award.laurel is not None for award in self.programme.awards)

    def _related(self, programme_id: str, width: float, picture: bool = False) -> tuple[Block, PageRef]:
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

    def related_grid(self, pictures: bool) -> Column:
        """Related titles in two columns across the text column, under the
        synopsis, with their pictures when `pictures`."""
        kit = self.kit
        block = Block(self.main_w)
        refs: list[PageRef] = []
        kit.section_label(block, kit.env.labels.related)
        columns = d.RELATED_GRID_COLUMNS
        width = (self.main_w - (columns - 1) * d.GUTTER_PT) / columns
        ids = self.programme.related
        for start in range(0, len(ids), columns):
            block.gap(d.RELATED_GAP_PT if start else 0.0)
            parts: list[tuple[float, Block]] = []
            for index, programme_id in enumerate(ids[start : start + columns]):
                x = index * (width + d.GUTTER_PT)
                entry, ref = self._related(programme_id, width, pictures)
                refs.append(_shifted(ref, x, block.height))
                parts.append((x, entry))
            block.beside(parts)
        return Column(block, refs)

    def _links(self, block: Block) -> None:
        """The screener's QR code (or the programme page's, without a
        screener), beside the links, each printed in full for typing."""
        kit, programme, labels = self.kit, self.programme, self.kit.env.labels
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
            block.add(QrCode(0, top, d.QR_PT, self._qr(coded, field), kit.colours.heading))
            block.add(Link(0, top, d.QR_PT, d.QR_PT, target(coded)))
            x = d.QR_PT + d.QR_GAP_PT
        texts = Block(self.side_w - x)
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

    def _qr(self, url: str, field: str) -> QrMatrix:
        """The QR code of a link of the programme, or the problem that it
        cannot be printed so that it scans."""
        try:
            return encode(target(url), d.QR_PT)
        except QrError as exc:
            path, line = self.programme.path, self.programme.line(field)
            raise OnesheetError([Problem(path, line, field, str(exc))]) from None

    # Arrangements ----------------------------------------------------------------
    def arrangements(self, main: Column) -> list[Arrangement]:
        """Every way to share the content between the columns: related
        titles in the side column, in a grid under the synopsis, or in a
        grid with their pictures; awards and credits in the side column or
        across the text column under the synopsis."""
        programme = self.programme
        related = ["side"]
        if programme.related:
            related.append("grid")
            if any(self.kit.env.listings[pid].key_art is not None for pid in programme.related):
                related.append("cards")
        movable = [name for name in ("awards", "credits") if getattr(programme, name)]
        found: list[Arrangement] = []
        for related_in in related:
            for count in range(len(movable) + 1):
                moved = frozenset(movable[:count]) | ({"related"} if related_in != "side" else set())
                column = Column(Block(self.main_w), list(main.refs))
                column.block.append(main.block)
                for name in movable[:count]:
                    column.block.gap(d.SECTION_GAP_PT)
                    column.block.append(self._once(self.below, name))
                if related_in != "side":
                    grid = self._once(self.related_grid, related_in == "cards")
                    column.block.gap(d.SECTION_GAP_PT)
                    top = column.block.height
                    column.block.append(grid.block)
                    column.refs += [_shifted(ref, 0.0, top) for ref in grid.refs]
                name = "+".join([related_in, *sorted(movable[:count])])
                found.append(Arrangement(name, column, self._once(self.side, moved)))
        return found

    def _once(self, make: Callable[[K], T], argument: K) -> T:
        """`make(argument)`, made once for this programme."""
        key = (make.__name__, argument)
        if key not in self._made:
            self._made[key] = make(argument)
        return cast(T, self._made[key])


def fullest(arrangements: list[Arrangement], room: float) -> Arrangement | None:
    """Of the arrangements that fit in `room`, the one that leaves least of
    the two columns empty (the page is filled, not stretched); None when
    none fits."""
    fitting = [a for a in arrangements if a.height <= room]
    if not fitting:
        return None
    return max(
        fitting, key=lambda a: a.main.block.height * a.main.block.width + a.side.block.height * a.side.block.width
    )


def shortest(arrangements: list[Arrangement]) -> Arrangement:
    """The arrangement whose taller column is shortest."""
    return min(arrangements, key=lambda a: a.height)


def _shifted(ref: PageRef, x: float, y: float) -> PageRef:
    return PageRef(ref.programme_id, ref.right_pt + x, ref.baseline_pt + y, ref.top_pt + y, ref.bottom_pt + y)
