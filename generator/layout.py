"""Programme + Brand -> one positioned page (`SheetLayout`).

Layout decides everything: where each line goes, how large the key art is,
which body size the text is set in, and whether the sheet fits at all.
Overflow is found here, before anything is drawn, by the fitting sequence
documented in `design.py`. Render only draws what this module placed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from . import design as d
from .boxes import Box, Fill, Link, Page, PageLink, Picture, QrCode, Rule, Scrim, TextRun
from .compose import WHITE, Block, Env, Folio, Kit
from .direction import for_language
from .errors import OnesheetError, Problem
from .fonts import CJK_INSTALL, CJK_RANGES, cjk_fallbacks
from .links import link_for, target
from .model import Programme
from .qr import QrError, QrMatrix, encode
from .text import running_time
from .typeset import Line, Style, first_units, fonts_tried, missing, text_units, wrap


@dataclass(frozen=True)
class Fit:
    """The settings the fitting sequence chose."""

    key_art_pt: float | None
    body_size_pt: float
    leading: float


@dataclass(frozen=True)
class SheetLayout:
    programme_id: str
    source: Path
    page: Page
    fit: Fit
    title: str
    subject: str
    keywords: tuple[str, ...]


class _Sheet(Kit):
    """The layout of one programme; built once, measured, then placed."""

    def __init__(self, programme: Programme, env: Env, folio: Folio | None) -> None:
        super().__init__(env)
        self.p = programme
        self.place_of = folio
        self.side_w = round(self.content_w * d.SIDE_FRACTION, 1)
        self.main_w = self.content_w - self.side_w - d.GUTTER_PT

    # Blocks -----------------------------------------------------------------
    def title_block(self, width: float) -> Block:
        """Genres, title, original title and the key facts line, in white."""
        block = Block(width)
        p = self.p
        if p.genres:
            kicker = self.heading("bold", d.KICKER_PT, WHITE, tracking_pt=d.KICKER_TRACKING_PT, upper=True)
            block.text("  ·  ".join(p.genres), kicker)
            block.gap(7)
        block.lines(*self.title_lines(width))
        if p.original_title:
            block.gap(5)
            style = self.heading("italic", d.ORIGINAL_TITLE_PT, self.colours.pale, language=p.original_language)
            block.text(p.original_title, style)
        meta = [str(p.year), running_time(p.episodes, p.duration, p.cuts), p.country or ""]
        block.gap(8)
        block.text("  ·  ".join(part for part in meta if part), self.heading("regular", d.META_PT, WHITE))
        return block

    def title_lines(self, width: float) -> tuple[list[Line], Style]:
        """The largest title size that keeps the title to two lines, the
        lines balanced (no long first line over a short second one)."""
        for size in d.TITLE_SIZES_PT:
            style = self.heading("bold", size, WHITE, d.TITLE_LEADING)
            lines = wrap(self.p.title, style, width)
            if len(lines) <= 2:
                return _balanced(self.p.title, style, lines, width), style
        return lines, style

    def synopsis_lines(self, size: float, words: int | None = None) -> list[list[Line]]:
        style = self.body("regular", size, self.colours.text)
        paragraphs = list(self.p.synopsis)
        if words is not None:
            paragraphs = first_units(paragraphs, words)
        return [wrap(paragraph, style, self.main_w) for paragraph in paragraphs]

    def main_block(self, size: float, leading: float, wrapped: list[list[Line]]) -> Block:
        """Logline, synopsis paragraphs and press quotes."""
        block = Block(self.main_w)
        block.text(self.p.logline, self.body("italic", d.LOGLINE_PT, self.colours.primary, d.LOGLINE_LEADING))
        block.height += d.LOGLINE_GAP_PT - (size * leading - size)
        style = self.body("regular", size, self.colours.text, leading)
        for lines in wrapped:
            block.gap(style.line_pt * d.PARAGRAPH_GAP + (style.line_pt - style.size_pt))
            block.lines(lines, style)
        self.add_quotes(block)
        return block

    def add_quotes(self, block: Block) -> None:
        quote_style = self.body("italic", d.QUOTE_PT, self.colours.primary, d.QUOTE_LEADING)
        source_style = self.heading("bold", d.QUOTE_SOURCE_PT, self.colours.muted, tracking_pt=0.8, upper=True)
        mark_style = self.heading("bold", d.QUOTE_MARK_PT, self.colours.accent)
        indent = 16.0
        for index, quote in enumerate(self.p.quotes):
            block.gap(d.QUOTE_GAP_PT if index == 0 else d.QUOTE_GAP_PT * 0.7)
            top = block.height
            block.boxes.append(
                TextRun(
                    0,
                    top + 0.72 * d.QUOTE_MARK_PT,
                    "“",
                    mark_style.face.name,
                    d.QUOTE_MARK_PT,
                    mark_style.colour,
                    mark_style.measure("“"),
                )
            )
            block.text(quote.text, quote_style, x=indent)
            if quote.source:
                block.gap(4)
                block.text(quote.source, source_style, x=indent)

    def side_block(self, with_related: bool) -> Block:
        """Details, credits, awards, related titles (unless they go under the
        synopsis) and the screener."""
        block = Block(self.side_w)
        labels = self.env.labels
        facts = self.env.texts.facts(self.p)
        if facts:
            self.section_label(block, labels.details)
            self.add_rows(block, facts)
        if self.p.credits:
            self.section_label(block, labels.credits)
            self.add_rows(block, tuple((credit.role, ", ".join(credit.names)) for credit in self.p.credits))
        if self.p.awards:
            self.section_label(block, labels.awards)
            style = self.body("bold", d.FACT_PT, self.colours.text, d.FACT_LEADING)
            for award in self.p.awards:
                block.gap(d.FACT_GAP_PT + 1)
                top = block.height
                block.text(award.text, style, x=8)
                block.boxes.append(Fill(0, top, 2.0, block.height - top, self.colours.accent))
        if self.p.related and with_related:
            self.section_label(block, labels.related)
            for index, related in enumerate(self.p.related):
                block.gap(d.RELATED_GAP_PT if index else 2)
                block.append(self.related_entry(related, self.side_w))
        if self.p.screener:
            self.section_label(block, labels.screener)
            block.gap(2)
            top = block.height
            block.boxes.append(QrCode(0, top, d.QR_PT, self.qr(self.p.screener, "screener"), self.colours.primary))
            block.boxes.append(Link(0, top, d.QR_PT, d.QR_PT, target(self.p.screener)))
            x = d.QR_PT + 10
            link_style = self.body("bold", d.FACT_PT, self.colours.accent, d.FACT_LEADING)
            host_style = self.body("regular", d.FACT_LABEL_PT + 0.5, self.colours.muted, 1.3)
            block.height = top + 6
            block.lines(wrap(labels.watch, link_style, self.side_w - x), link_style, x, link=target(self.p.screener))
            block.gap(3)
            block.text(_display_host(self.p.screener), host_style, x=x)
            block.height = max(block.height, top + d.QR_PT)
        return block

    def qr(self, url: str, field: str) -> QrMatrix:
        """The QR code of a link of the programme, or the problem that it
        cannot be printed scannably."""
        try:
            return encode(target(url), d.QR_PT)
        except QrError as exc:
            raise OnesheetError([Problem(self.p.path, self.p.line(field), field, str(exc))]) from None

    def related_entry(self, programme_id: str, width: float) -> Block:
        """Title and logline; in a booklet, also the page that holds the
        title ("p. 14"), and the whole entry links there."""
        listing = self.env.listings[programme_id]
        page = self.place_of.pages.get(programme_id) if self.place_of else None
        block = Block(width)
        title = self.heading("bold", d.RELATED_TITLE_PT, self.colours.primary, 1.15)
        if page is None:
            block.text(listing.title, title)
        else:
            reference = self.heading("bold", d.RELATED_TITLE_PT, self.colours.accent, 1.15)
            marker = wrap(f"{self.env.labels.page}\u00a0{page}", reference, width)[0]
            lines = wrap(listing.title, title, width - marker.width_pt - 6)
            block.lines(lines, title)
            last = block.boxes[-1]
            assert isinstance(last, TextRun)
            block.boxes.append(self.run(marker, reference, last.width_pt + 6, last.y_pt))
        block.gap(2.5)
        block.text(listing.logline, self.body("regular", d.RELATED_LOGLINE_PT, self.colours.text, d.RELATED_LEADING))
        if page is not None:
            block.boxes.append(PageLink(0, 0, width, block.height, page))
        return block

    def related_grid(self) -> Block:
        """Related titles in columns across the main column, for sheets whose
        side column would otherwise run far longer than the synopsis."""
        block = Block(self.main_w)
        self.section_label(block, self.env.labels.related)
        columns = d.RELATED_GRID_COLUMNS
        width = (self.main_w - (columns - 1) * d.RELATED_GRID_GAP_PT) / columns
        ids = self.p.related
        for start in range(0, len(ids), columns):
            block.gap(d.RELATED_GAP_PT if start else 2)
            row = [self.related_entry(pid, width) for pid in ids[start : start + columns]]
            top = block.height
            for index, entry in enumerate(row):
                block.height = top
                block.append(entry, x=index * (width + d.RELATED_GRID_GAP_PT))
            block.height = top + max(entry.height for entry in row)
        return block

    def add_rows(self, block: Block, rows: tuple[tuple[str, str], ...]) -> None:
        label_w = round(self.side_w * d.FACT_LABEL_WIDTH, 1)
        label_style = self.heading("bold", d.FACT_LABEL_PT, self.colours.muted, 1.25, tracking_pt=0.5, upper=True)
        value_style = self.body("regular", d.FACT_PT, self.colours.text, d.FACT_LEADING)
        for label, value in rows:
            block.gap(d.FACT_GAP_PT)
            top = block.height
            label_lines = wrap(label, label_style, label_w - 4)
            value_lines = wrap(value, value_style, self.side_w - label_w)
            block.height = top + (d.FACT_PT - d.FACT_LABEL_PT) * 0.78
            block.lines(label_lines, label_style)
            label_bottom = block.height
            block.height = top
            block.lines(value_lines, value_style, x=label_w)
            block.height = max(block.height, label_bottom)

    def footer_block(self) -> Block:
        """Logo (or the brand name as a wordmark), then the footer columns,
        wrapped onto a second row when they do not fit side by side."""
        block = Block(self.content_w)
        brand = self.env.brand
        x = 0.0
        if brand.logo is not None:
            scale = min(d.LOGO_MAX_WIDTH_PT / brand.logo.width_px, d.LOGO_MAX_HEIGHT_PT / brand.logo.height_px)
            w, h = brand.logo.width_px * scale, brand.logo.height_px * scale
            block.boxes.append(Picture(0, 0, w, h, brand.logo, "contain"))
            block.height = h
            x = w + d.FOOTER_COLUMN_GAP_PT
        else:
            style = self.heading("bold", d.WORDMARK_PT, self.colours.primary, 1.1)
            lines = wrap(brand.name, style, d.LOGO_MAX_WIDTH_PT)
            block.lines(lines, style)
            x = max(line.width_pt for line in lines) + d.FOOTER_COLUMN_GAP_PT
        bold = self.body("bold", d.FOOTER_PT, self.colours.primary, d.FOOTER_LEADING)
        regular = self.body("regular", d.FOOTER_PT, self.colours.text, d.FOOTER_LEADING)
        left, row_top, row_height = x, 0.0, 0.0
        for column in self.env.footer:
            styles = [bold, *[regular] * (len(column) - 1)]
            width = min(max(style.measure(line) for style, line in zip(styles, column)) + 0.5, self.content_w - left)
            if x + width > self.content_w and x > left:
                x, row_top = left, row_top + row_height + 8
                row_height = 0.0
            sub = Block(width)
            for style, line in zip(styles, column):
                for wrapped in wrap(line, style, width):
                    sub.lines([wrapped], style, link=link_for(wrapped.text))
            for box in sub.boxes:
                block.boxes.append(replace(box, x_pt=box.x_pt + x, y_pt=box.y_pt + row_top))
            row_height = max(row_height, sub.height)
            x += width + d.FOOTER_COLUMN_GAP_PT
        block.height = max(block.height, row_top + row_height)
        return block

    # Assembly ---------------------------------------------------------------
    def hero(self, height: float, titles: Block) -> list[Box]:
        boxes: list[Box] = []
        w = self.page_w
        top_of_titles = height - d.HERO_PAD_PT - titles.height
        if self.p.key_art is not None:
            boxes.append(
                Picture(0, self.page_h - height, w, height, self.p.key_art, "cover", background=self.colours.primary)
            )
            shade = min(height, titles.height + d.HERO_PAD_PT + d.SCRIM_EXTRA_PT)
            boxes.append(Scrim(0, self.page_h - height, w, shade, d.SCRIM_ALPHA))
        else:
            boxes.append(Fill(0, self.page_h - height, w, height, self.colours.primary))
        boxes.extend(titles.place(d.MARGIN_PT, top_of_titles, self.page_h))
        if self.p.status:
            style = self.heading("bold", d.BADGE_PT, WHITE, tracking_pt=0.8, upper=True)
            lines = wrap(self.p.status, style, self.content_w / 2)
            badge_w = max(line.width_pt for line in lines) + 2 * d.BADGE_PAD_PT
            badge_h = style.size_pt + (len(lines) - 1) * style.line_pt + 2 * d.BADGE_PAD_PT
            x = self.page_w - d.MARGIN_PT - badge_w
            top = d.MARGIN_PT * 0.6
            boxes.append(Fill(x, self.page_h - top - badge_h, badge_w, badge_h, self.colours.accent, radius_pt=2.0))
            badge = Block(badge_w)
            badge.lines(lines, style)
            boxes.extend(badge.place(x + d.BADGE_PAD_PT, top + d.BADGE_PAD_PT, self.page_h))
        return boxes

    def footer(self, block: Block) -> tuple[float, list[Box]]:
        height = block.height + 2 * d.FOOTER_PAD_PT
        boxes: list[Box] = [
            Fill(0, 0, self.page_w, height, self.colours.footer),
            Rule(0, height, self.page_w, 2.0, self.colours.accent),
        ]
        boxes.extend(block.place(d.MARGIN_PT, self.page_h - height + d.FOOTER_PAD_PT, self.page_h))
        return height, boxes


def layout_sheet(programme: Programme, env: Env, folio: Folio | None = None) -> SheetLayout:
    """Lay out one programme on one page, or raise OnesheetError saying by
    how much it overflows. With a folio it is a booklet page: page number
    instead of the contacts footer, and related titles point to their pages."""
    sheet = _Sheet(programme, env, folio)
    titles = sheet.title_block(sheet.content_w)
    footer_height, footer_boxes = sheet.folio(folio) if folio else sheet.footer(sheet.footer_block())
    fixed = d.COLUMNS_GAP_PT + d.FOOTER_MIN_GAP_PT + footer_height
    hero_min = titles.height + 2 * d.HERO_PAD_PT
    if programme.key_art is not None:
        hero_low, hero_high = max(d.KEY_ART_MIN_PT, hero_min + 40), max(d.KEY_ART_MAX_PT, hero_min + 40)
    else:  # a colour panel takes the same room, so short sheets do not end in a void
        hero_low, hero_high = max(d.PANEL_MIN_PT, hero_min + 10), max(d.PANEL_MAX_PT, hero_min + 10)
    column_room = sheet.page_h - fixed - hero_low
    arrange = _Arrangements(sheet)

    for size, leading in _settings():
        main, side = arrange.best(size, leading)
        columns = max(main.height, side.height)
        room = column_room if size <= d.BODY_SIZES_PT[0] else column_room - (hero_high - hero_low)
        if columns <= room:
            break
    else:
        unplaced = (*titles.boxes, *main.boxes, *side.boxes, *arrange.side_full.boxes, *footer_boxes)
        problems = _glyph_problems(programme, Page(sheet.page_w, sheet.page_h, unplaced), env)
        raise OnesheetError(problems or [_overflow(sheet, arrange, column_room)])

    room = sheet.page_h - fixed - columns
    hero_height = max(hero_low, min(hero_high, room - room % d.KEY_ART_STEP_PT))  # steps, so crops repeat
    boxes: list[Box] = sheet.hero(hero_height, titles)
    top = hero_height + d.COLUMNS_GAP_PT
    boxes.extend(main.place(d.MARGIN_PT, top, sheet.page_h))
    boxes.extend(side.place(d.MARGIN_PT + sheet.main_w + d.GUTTER_PT, top + 2.0, sheet.page_h))
    boxes.extend(footer_boxes)
    fit = Fit(hero_height if programme.key_art is not None else None, size, leading)
    page = for_language(Page(sheet.page_w, sheet.page_h, tuple(boxes)), env.brand.language)
    problems = _glyph_problems(programme, page, env)
    if problems:
        raise OnesheetError(problems)
    return SheetLayout(programme.id, programme.path, page, fit, programme.title, programme.logline, programme.genres)


class _Arrangements:
    """The two ways to share content between the columns: related titles in
    the side column, or in a grid under the synopsis. The shorter wins."""

    def __init__(self, sheet: _Sheet) -> None:
        self.sheet = sheet
        self.side_full = sheet.side_block(with_related=True)
        self.side_short = sheet.side_block(with_related=False) if sheet.p.related else None
        self.grid = sheet.related_grid() if sheet.p.related else None

    def best(self, size: float, leading: float, words: int | None = None) -> tuple[Block, Block]:
        main = self.sheet.main_block(size, leading, self.sheet.synopsis_lines(size, words))
        options = [(max(main.height, self.side_full.height), 0, main, self.side_full)]
        if self.grid is not None and self.side_short is not None:
            with_grid = Block(main.width)
            with_grid.append(main)
            with_grid.gap(d.SECTION_GAP_PT)
            with_grid.append(self.grid)
            options.append(
                (max(with_grid.height, self.side_short.height) + d.GRID_PENALTY_PT, 1, with_grid, self.side_short)
            )
        _, _, main, side = min(options)
        return main, side

    @property
    def shortest_side(self) -> Block:
        return self.side_short or self.side_full


def _balanced(text: str, style: Style, lines: list[Line], width: float) -> list[Line]:
    """The same number of lines at the narrowest width that keeps it."""
    if len(lines) < 2:
        return lines
    low, high = width / len(lines), width
    while high - low > 2:
        middle = (low + high) / 2
        if len(wrap(text, style, middle)) == len(lines):
            high = middle
        else:
            low = middle
    return wrap(text, style, high)


def _settings() -> Iterator[tuple[float, float]]:
    """Body size and leading, most generous first (see design.py)."""
    for size in d.GENEROUS_SIZES_PT:
        yield size, d.BODY_LEADINGS[0]
    first, *smaller = d.BODY_SIZES_PT
    for leading in d.BODY_LEADINGS:
        yield first, leading
    for size in smaller:
        yield size, d.BODY_LEADINGS[-1]


def _overflow(sheet: _Sheet, arrange: _Arrangements, column_room: float) -> Problem:
    """The problem for a sheet that does not fit at the smallest settings,
    saying roughly how many synopsis words are too many."""
    p = sheet.p
    size, leading = d.BODY_SIZES_PT[-1], d.BODY_LEADINGS[-1]
    side = arrange.shortest_side
    if side.height > column_room:
        over = side.height - column_room
        return Problem(
            p.path, None, None,
            f"does not fit on one page: the side column (details, credits, awards, screener) is {over:.0f} pt "
            f"too tall; shorten the credits, awards or other details",
        )  # fmt: skip
    unit, cut = text_units(list(p.synopsis))
    total = sum(len(parts) for parts in cut)

    def fits(words: int) -> bool:
        main, side = arrange.best(size, leading, words)
        return max(main.height, side.height) <= column_room

    low, high = 0, total
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return Problem(
        p.path, p.line("synopsis"), "synopsis",
        f"does not fit on one page: about {total - low} {unit}{'s' if total - low != 1 else ''} too long "
        f"at the smallest type size "
        f"({size:g} pt); shorten the synopsis to about {low} {unit}s, or shorten the logline or quotes",
    )  # fmt: skip


def _display_host(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _glyph_problems(programme: Programme, page: Page, env: Env) -> list[Problem]:
    """A problem for every field with characters that no font could draw on
    the laid-out page (the text engine marks them on the runs), so that no
    box ever reaches paper; characters of no field are the templates'."""
    runs = [box for box in page.boxes if isinstance(box, TextRun) and box.missing]
    if not runs:
        return []
    fields = dict(_field_texts(programme))
    found: dict[str | None, dict[str, str]] = {}  # field -> missing character -> font of its run
    for run in runs:
        line = run.text.removesuffix("-").casefold()
        owners = [name for name, text in fields.items() if line in text.casefold()]
        for char in run.missing:
            names: list[str | None] = [name for name in owners if char in fields[name]]
            names = names or [n for n, t in fields.items() if char in t] or [None]
            for name in names:
                found.setdefault(name, {}).setdefault(char, run.font)
    problems = []
    for name, chars in found.items():
        message = _no_glyph(list(chars), next(iter(chars.values())), env)
        if name is None:
            problems.append(Problem(env.texts.source("facts.j2"), None, None, message))
        else:
            problems.append(Problem(programme.path, programme.line(name), name, message))
    return problems


def _no_glyph(missing: list[str], font: str, env: Env) -> str:
    shown = ", ".join(f"U+{ord(c):04X} ({c})" if c.isprintable() else f"U+{ord(c):04X}" for c in missing[:5])
    faces = [*vars(env.heading).values(), *vars(env.body).values()]
    primary = next((face.label for face in faces if face.name == font), font)
    tried = ", ".join(fonts_tried(primary, env.brand.fallbacks))
    brand = env.brand.path.name
    if not cjk_fallbacks() and any(CJK_RANGES.match(char) for char in missing):
        advice = f"install the Chinese, Japanese and Korean fonts ({CJK_INSTALL}) or add a font that has them"
    else:
        advice = "remove the character or add a font that has it"
    return f"no font has a glyph for {shown}; tried {tried}; {advice} to fonts.fallbacks in {brand}"


def _field_texts(p: Programme) -> Iterator[tuple[str, str]]:
    yield "title", p.title
    yield "logline", p.logline
    yield "synopsis", " ".join(p.synopsis)
    for name in ("production", "country", "original_title", "status", "rights"):
        value = getattr(p, name)
        if value:
            yield name, value
    for name in ("directors", "versions", "genres", "formats"):
        values = getattr(p, name)
        if values:
            yield name, " ".join(values)
    if p.awards:
        yield "awards", " ".join(award.text for award in p.awards)
    if p.quotes:
        yield "quotes", " ".join(f"{q.text} {q.source or ''}" for q in p.quotes)
    if p.credits:
        yield "credits", " ".join(f"{c.role} {' '.join(c.names)}" for c in p.credits)
    if p.screener:
        yield "screener", p.screener


def check_env_glyphs(env: Env) -> list[Problem]:
    """Problems for brand and template text that no font can draw."""
    kit = Kit(env)
    texts = [env.brand.name, *(line for column in env.footer for line in column), *vars(env.labels).values()]
    styles = (kit.body("regular", 9, WHITE), kit.body("bold", 9, WHITE), kit.heading("bold", 9, WHITE, upper=True))
    problems: list[Problem] = []
    for style in styles:
        chars = list(dict.fromkeys(char for text in texts for char in missing(text, style)))
        if chars:
            problems.append(Problem(env.brand.path, None, None, _no_glyph(chars, style.face.name, env)))
    return problems
