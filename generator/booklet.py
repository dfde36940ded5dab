"""Contents (what the booklet holds, in order) -> every page of the booklet,
positioned, with its page number known before anything is drawn.

Every programme takes exactly one page, and the contents and index take a
number of pages that depends only on how many entries they list, so the page
of every title is computed first; the pages are then laid out knowing it:
cover, contents, one page per programme, index, notes pages that round the
count up to a multiple of four for printing, and the back cover.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace

from . import design as d
from .art import analyse_art, choose_crop
from .boxes import Box, Fill, Page, PageLink, Picture, Rule, Scrim
from .catalogue import Contents, initial, sort_key
from .compose import WHITE, Block, Env, Folio, Kit, run
from .direction import for_language
from .footer import logo_size
from .hero import keep_together, pattern
from .images import ImageInfo
from .links import display, link_for, printed, target
from .model import Programme
from .text import Labels, fill
from .typeset import Line, Style, wrap


@dataclass(frozen=True)
class Bookmark:
    title: str
    page: int
    children: tuple[Bookmark, ...] = ()


@dataclass(frozen=True)
class ProgrammePage:
    """A programme's booklet page before layout: what and where."""

    programme: Programme
    folio: Folio


@dataclass(frozen=True)
class ListingPage:
    """A cover, contents, index, notes or back-cover page left unlaid: a
    booklet whose listing pages are kept needs to know only where they are."""

    number: int


PageSpec = Page | ProgrammePage | ListingPage


@dataclass(frozen=True)
class Pagination:
    """The pages the contents and index take, and whether the awards fill
    the first notes page: with the contents, all it takes to place every
    page without laying one out."""

    contents: int
    index: int
    awards: bool


@dataclass(frozen=True)
class BookletPlan:
    title: str
    subject: str
    keywords: tuple[str, ...]
    pages: tuple[PageSpec, ...]
    bookmarks: tuple[Bookmark, ...]
    programme_pages: Mapping[str, int]
    pagination: Pagination


_TITLE_HEIGHT = d.PAGE_TITLE_PT + d.PAGE_TITLE_GAP_PT


@dataclass(frozen=True)
class _Row:
    """One row of a listing (contents or index), measured; `keep` keeps it
    on the same page (or column) as the row after it."""

    block: Block
    keep: bool = False


def plan_booklet(contents: Contents, env: Env) -> BookletPlan:
    """Paginate the booklet and lay out every page but the programme pages,
    which are left as specs: a programme's page is its sheet as drawn,
    with an overlay (`layout.booklet_overlay`)."""
    kit = Kit(env)
    frame_height = kit.page_h - d.PAGE_TOP_PT - _TITLE_HEIGHT - d.LISTING_FOOT_PT - d.LISTING_FRAME_CLEAR_PT
    # The contents and index list page numbers, whose widths decide how the
    # lists wrap, which decides how many pages they take, which decides the
    # numbers: paginate until the numbers no longer change (two rounds,
    # unless a list grows by a page).
    contents_pages, index_pages = 1, 1
    while True:
        first = 2 + contents_pages
        pages_of = {programme.id: first + i for i, programme in enumerate(contents.programmes)}
        index_first = first + len(pages_of)
        contents_frames = min(
            (
                _flow(_contents_rows(kit, contents, pages_of, index_first, pad), frame_height, 1)
                for pad in (d.CONTENTS_ROW_PAD_PT, d.CONTENTS_ROW_PAD_TIGHT_PT)
            ),
            key=len,
        )  # the tight rows only where they save a page (a contents page holding just the index)
        index_frames = _flow(_index_rows(kit, contents, pages_of), frame_height, d.INDEX_COLUMNS)
        if (len(contents_frames), len(index_frames)) == (contents_pages, index_pages):
            break
        contents_pages, index_pages = len(contents_frames), len(index_frames)
    awards = _awards_rows(kit, contents, pages_of)
    awards_frames = _flow(awards, frame_height, 1) if awards else []
    pagination = Pagination(len(contents_frames), len(index_frames), len(awards_frames) == 1)
    notes = _notes_count(contents, pagination)
    listing: list[Page] = [_cover(kit, contents)]
    for number, frames in enumerate(contents_frames, start=2):
        title = env.labels.contents if number == 2 else fill(env.labels.continued_title, title=env.labels.contents)
        listing.append(_listing_page(kit, title, frames, Folio(number, None, pages_of)))
    for number, frames in enumerate(index_frames, start=index_first):
        title = env.labels.index if number == index_first else fill(env.labels.continued_title, title=env.labels.index)
        listing.append(_listing_page(kit, title, frames, Folio(number, None, pages_of)))
    notes_first = index_first + len(index_frames)
    for number in range(notes_first, notes_first + notes):
        folio = Folio(number, None, pages_of)
        if number == notes_first and pagination.awards:
            listing.append(_listing_page(kit, env.labels.awards, awards_frames[0], folio))
        else:
            listing.append(_notes_page(kit, folio))
    listing.append(_back_cover(kit, contents))
    return _plan(contents, env.labels, pagination, [for_language(page, env.language) for page in listing])


def outline_booklet(contents: Contents, labels: Labels, pagination: Pagination) -> BookletPlan:
    """The plan of a booklet paginated before (`pagination`) from the same
    listings: every page placed, the listing pages left unlaid."""
    return _plan(contents, labels, pagination, None)


def _notes_count(contents: Contents, pagination: Pagination) -> int:
    """The notes pages that, with the back cover, make the count a multiple
    of BOOKLET_PAGES_MULTIPLE."""
    return -(2 + pagination.contents + len(contents.programmes) + pagination.index) % d.BOOKLET_PAGES_MULTIPLE


def _plan(contents: Contents, labels: Labels, pagination: Pagination, listing: list[Page] | None) -> BookletPlan:
    """Every page in its place: the programmes' pages between the listing
    pages, laid out (`listing`, in order) or not (None)."""
    first = 2 + pagination.contents
    pages_of = {programme.id: first + i for i, programme in enumerate(contents.programmes)}
    index_first = first + len(pages_of)
    count = index_first + pagination.index + _notes_count(contents, pagination)  # the back cover
    laid = iter(listing or [])
    pages: list[PageSpec] = []
    sections = iter((section.name, programme) for section in contents.sections for programme in section.programmes)
    for number in range(1, count + 1):
        if first <= number < index_first:
            section, programme = next(sections)
            pages.append(ProgrammePage(programme, Folio(number, section, pages_of)))
        else:
            pages.append(next(laid) if listing is not None else ListingPage(number))
    marks = tuple(
        Bookmark(section.name, pages_of[section.programmes[0].id], tuple(
            Bookmark(programme.title, pages_of[programme.id]) for programme in section.programmes
        )) if section.name else None
        for section in contents.sections
    )  # fmt: skip
    flat = tuple(Bookmark(p.title, pages_of[p.id]) for s in contents.sections if not s.name for p in s.programmes)
    bookmarks = (
        Bookmark(labels.contents, 2),
        *(b for b in marks if b is not None),
        *flat,
        Bookmark(labels.index, index_first),
        Bookmark(labels.contact, len(pages)),
    )
    subject = contents.subtitle or f"{len(pages_of)} programmes"
    keywords = tuple(section.name for section in contents.sections if section.name)
    return BookletPlan(contents.title, subject, keywords, tuple(pages), bookmarks, pages_of, pagination)


# Pagination --------------------------------------------------------------


def _flow(rows: list[_Row], height: float, columns: int) -> list[list[list[Block]]]:
    """Pour rows into pages of `columns` frames of `height`; a row marked
    `keep` never ends a frame."""
    pages: list[list[list[Block]]] = []
    frame: list[Block] = []
    frames: list[list[Block]] = []
    used = 0.0
    for index, row in enumerate(rows):
        need = row.block.height
        if row.keep and index + 1 < len(rows):
            need += rows[index + 1].block.height
        if frame and used + need > height:
            frames.append(frame)
            frame, used = [], 0.0
            if len(frames) == columns:
                pages.append(frames)
                frames = []
        frame.append(row.block)
        used += row.block.height
    if frame:
        frames.append(frame)
    if frames or not pages:
        pages.append(frames)
    return pages


def _listing_page(kit: Kit, title: str, frames: list[list[Block]], folio: Folio) -> Page:
    boxes = _page_title(kit, title)
    width = _frame_width(kit, len(frames) if len(frames) > 1 else 1)
    top = d.PAGE_TOP_PT + _TITLE_HEIGHT
    for column, blocks in enumerate(frames):
        y = top
        for block in blocks:
            boxes.extend(block.place(d.MARGIN_PT + column * (width + d.GUTTER_PT), y, kit.page_h))
            y += block.height
    boxes.extend(_listing_foot(kit, folio))
    return Page(kit.page_w, kit.page_h, tuple(boxes))


def _listing_foot(kit: Kit, folio: Folio) -> list[Box]:
    """The foot of a contents, index or notes page: the brand over a
    hairline at the left, the page number at the right."""
    baseline = d.SAFE_PT + d.LISTING_FOLIO_RISE_PT
    label = kit.label(d.LISTING_FOLIO_TEXT_PT, kit.colours.heading)
    number = kit.heading("bold", d.LISTING_FOLIO_PT, kit.colours.heading)
    boxes: list[Box] = [Rule(d.MARGIN_PT, d.LISTING_FOOT_PT, kit.content_w, d.LISTING_FOOT_RULE_PT, kit.colours.rule)]
    name = wrap(kit.env.brand.name, label, kit.content_w * d.STRIP_TEXT_SHARE)[0]
    boxes.append(run(name, label, d.MARGIN_PT, baseline))
    digits = str(folio.number)
    width = number.measure(digits)
    boxes.append(run(Line(digits, width), number, kit.page_w - d.MARGIN_PT - width, baseline))
    return boxes


def _frame_width(kit: Kit, columns: int) -> float:
    return (kit.content_w - (columns - 1) * d.GUTTER_PT) / columns


def _page_title(kit: Kit, title: str) -> list[Box]:
    block = Block(kit.content_w)
    block.text(title, kit.heading("bold", d.PAGE_TITLE_PT, kit.colours.heading, d.PAGE_TITLE_LEADING))
    bar_y = block.height + d.PAGE_TITLE_BAR_GAP_PT
    block.add(Fill(0, bar_y, d.PAGE_TITLE_BAR_W_PT, d.PAGE_TITLE_BAR_PT, kit.colours.accent))
    return block.place(d.MARGIN_PT, d.PAGE_TOP_PT, kit.page_h)


def _numbered(kit: Kit, content: Block, first: Style, page: int, meta: str | None = None, pad: float = 0.0) -> Block:
    """A row of a listing: `content` at the left (its first line set in
    `first`), the page number at the right on that line, and `meta` (a
    running time) before it; the whole row links to the page."""
    width = content.width + d.CONTENTS_NUMBER_W_PT + (d.CONTENTS_TIME_W_PT if meta is not None else 0.0)
    row = Block(width)
    row.down(pad)
    number = kit.heading("bold", first.size_pt, kit.colours.heading)
    cells: list[tuple[str, Style, float]] = []
    if meta:  # before the number, in reading order
        cells.append(
            (meta, kit.heading("regular", d.CONTENTS_META_PT, kit.colours.muted), width - d.CONTENTS_NUMBER_W_PT)
        )
    cells.append((str(page), number, width))
    parts: list[tuple[float, Block]] = [(0.0, content)]
    for text, style, right in cells:
        line = wrap(text, style, d.CONTENTS_TIME_W_PT)[0]
        cell = Block(line.width_pt)
        cell.down(first.cap_pt - style.cap_pt)  # on the first line's baseline
        cell.lines([line], style)
        parts.append((right - line.width_pt, cell))
    row.beside(parts)
    row.down(pad)
    row.add(PageLink(0, 0, width, row.height, page))
    return row


# Contents and index --------------------------------------------------------


def _contents_rows(kit: Kit, contents: Contents, pages: Mapping[str, int], index_page: int, pad: float) -> list[_Row]:
    """A labelled group per section; a row per programme: title (and
    original title), running time, page number, each linked to its page;
    then the index."""
    rows: list[_Row] = []
    width = kit.content_w
    title_style = kit.body("bold", d.CONTENTS_TITLE_PT, kit.colours.text, d.CONTENTS_LEADING)
    original_style = kit.body("italic", d.CONTENTS_META_PT, kit.colours.muted, d.CONTENTS_LEADING)
    title_width = width - d.CONTENTS_NUMBER_W_PT - d.CONTENTS_TIME_W_PT
    for section in contents.sections:
        if section.name:
            label = Block(width)
            if rows:
                label.down(d.CONTENTS_SECTION_GAP_PT)
            kit.section_label(label, section.name)
            label.down(d.CONTENTS_LABEL_PAD_PT)
            rows.append(_Row(label, keep=True))
        for programme in section.programmes:
            content = Block(title_width)
            content.text(keep_together(programme.title), title_style)
            if programme.original_title:
                content.gap(d.CONTENTS_ORIGINAL_GAP_PT)
                style = replace(original_style, language=programme.original_language or kit.env.language)
                content.text(programme.original_title, style)
            when = kit.env.labels.duration(programme)
            row = _numbered(kit, content, title_style, pages[programme.id], when, pad)
            row.add(Rule(0, row.height, width, d.LISTING_RULE_PT, kit.colours.rule))
            rows.append(_Row(row))
    label = Block(width)
    label.down(d.CONTENTS_SECTION_GAP_PT)
    kit.section_label(label, kit.env.labels.index)
    label.down(d.CONTENTS_LABEL_PAD_PT)
    content = Block(title_width)
    content.text(kit.env.labels.index, title_style)
    rows.append(_Row(label, keep=True))
    rows.append(_Row(_numbered(kit, content, title_style, index_page, "", pad)))
    return rows


def _index_rows(kit: Kit, contents: Contents, pages: Mapping[str, int]) -> list[_Row]:
    """Titles and original titles in alphabetical order, grouped by script
    (digits under 0–9, Latin, then each other script under its own name),
    under letter headings where the script has letters, each with its page
    number and a link to the page."""
    entries: list[tuple[tuple[int, str, str], str, bool, str]] = []
    languages = {programme.id: programme.original_language or kit.env.language for programme in contents.programmes}
    for programme in contents.programmes:
        titles = [(programme.title, False)]
        if programme.original_title and programme.original_title != programme.title:
            titles.append((programme.original_title, True))
        for text, original in titles:
            entries.append((index_key(text, kit.env.labels.digits, kit.env.language), text, original, programme.id))
    entries.sort(key=lambda entry: (entry[0][0], entry[0][2], entry[1:]))  # by script, then the language's order
    width = _frame_width(kit, d.INDEX_COLUMNS)
    styles = {
        False: kit.body("regular", d.INDEX_PT, kit.colours.text, d.INDEX_LEADING),
        True: kit.body("italic", d.INDEX_PT, kit.colours.muted, d.INDEX_LEADING),
    }
    heading_style = kit.heading("bold", d.INDEX_HEADING_PT, kit.colours.heading)
    rows: list[_Row] = []
    heading = ""
    for (_, group, _), text, original, pid in entries:
        if group != heading:
            heading = group
            block = Block(width)
            if rows:
                block.down(d.INDEX_GROUP_GAP_PT)
            block.text(group, replace(heading_style, language=languages[pid]) if original else heading_style)
            block.add(Rule(0, block.height + d.SECTION_RULE_GAP_PT, width, d.SECTION_RULE_PT, kit.colours.accent))
            block.down(d.INDEX_GROUP_PAD_PT)
            rows.append(_Row(block, keep=True))
        style = replace(styles[original], language=languages[pid]) if original else styles[original]
        content = Block(width - d.CONTENTS_NUMBER_W_PT)
        content.text(text, style)
        rows.append(_Row(_numbered(kit, content, style, pages[pid], pad=d.INDEX_ROW_PAD_PT)))
    return rows


# Scripts in the order an index lists them, each named in its own letters.
_SCRIPTS = (
    ("LATIN", ""), ("GREEK", "Ελληνικά"), ("CYRILLIC", "Кириллица"), ("ARMENIAN", "Հայերեն"),
    ("GEORGIAN", "ქართული"), ("HEBREW", "עברית"), ("ARABIC", "العربية"), ("DEVANAGARI", "देवनागरी"),
    ("THAI", "ไทย"), ("CJK", "漢字"), ("HIRAGANA", "かな"), ("KATAKANA", "かな"), ("HANGUL", "한글"),
)  # fmt: skip
_LETTERED = {"LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "GEORGIAN"}


def index_key(text: str, digits: str, language: str = "en") -> tuple[int, str, str]:
    """Where a title goes in an index in `language`: its group's rank, the
    group's heading (its first letter in lettered scripts, the script's name
    in others, `digits` for titles that start with a digit) and its sort key
    in the language's order."""
    key = sort_key(text, language)
    first = next((char for char in key if char.isalnum()), "")
    if not first:
        return (len(_SCRIPTS) + 1, "#", key)
    if first.isdigit():
        return (-1, digits, key)
    script = unicodedata.name(first, "OTHER").split()[0]
    rank = next((number for number, (name, _) in enumerate(_SCRIPTS) if name == script), len(_SCRIPTS))
    if script in _LETTERED:
        return (rank, initial(text, language), key)
    name = _SCRIPTS[rank][1] if rank < len(_SCRIPTS) else first
    return (rank, name, key)


def _awards_rows(kit: Kit, contents: Contents, pages: Mapping[str, int]) -> list[_Row]:
    """The catalogue's festival selections and prizes, by programme: a
    useful page where the booklet needs padding to a multiple of four."""
    width = kit.content_w
    title_style = kit.heading("bold", d.AWARDS_TITLE_PT, kit.colours.heading, d.AWARDS_TITLE_LEADING)
    award_style = kit.body("regular", d.AWARDS_PT, kit.colours.text, d.AWARDS_LEADING)
    rows: list[_Row] = []
    for programme in contents.programmes:
        if not programme.awards:
            continue
        content = Block(width - d.CONTENTS_NUMBER_W_PT)
        content.text(keep_together(programme.title), title_style)
        for award in programme.awards:
            content.gap(d.AWARD_LINE_GAP_PT)
            kit.award(content, award.text, award_style)
        row = _numbered(kit, content, title_style, pages[programme.id], pad=d.CONTENTS_ROW_PAD_PT)
        row.add(Rule(0, row.height, width, d.LISTING_RULE_PT, kit.colours.rule))
        rows.append(_Row(row))
    return rows


# Cover, notes, back cover --------------------------------------------------


def _cover(kit: Kit, contents: Contents) -> Page:
    """Pictures across the top (the brand's cover image, or a mosaic of the
    programmes' key art, each cropped around its subject and named), the
    title on a panel of the brand's colour, the logo at the foot."""
    w, h = kit.page_w, kit.page_h
    image_h = _snap(h * d.COVER_IMAGE_SHARE)
    boxes: list[Box] = [Fill(0, 0, w, h, kit.colours.primary)]
    cover = kit.env.brand.catalogue.cover
    tiles: list[tuple[ImageInfo, Programme | None]] = [(cover, None)] if cover else mosaic(contents)
    columns = min(d.COVER_MOSAIC_COLUMNS, max(1, len(tiles)))
    rows = d.COVER_MOSAIC_ROWS if len(tiles) >= d.COVER_MOSAIC_COLUMNS * d.COVER_MOSAIC_ROWS else 1
    gap = d.COVER_TILE_GAP_PT
    tile_w = (w - (columns - 1) * gap) / columns
    tile_h = (image_h - (rows - 1) * gap) / rows
    caption = kit.label(d.COVER_CAPTION_PT, WHITE)
    for index, (image, programme) in enumerate(tiles[: columns * rows]):
        column, row = index % columns, index // columns
        x, y = column * (tile_w + gap), h - (row + 1) * tile_h - row * gap
        focus = programme.focus if programme is not None else None
        crop = choose_crop(analyse_art(image), tile_w / tile_h, focus).region
        boxes.append(Picture(x, y, tile_w, tile_h, image, "cover", kit.colours.primary, crop))
        if programme is not None:
            inset = d.SAFE_PT + d.COVER_CAPTION_INSET_PT  # on the page's edge as between tiles
            line = wrap(keep_together(programme.title), caption, tile_w - 2 * inset)[0]
            boxes.append(Scrim(x, y, tile_w, d.COVER_CAPTION_SCRIM_PT, d.COVER_CAPTION_SCRIM_ALPHA))
            boxes.append(run(line, caption, x + inset, y + d.COVER_CAPTION_RISE_PT))
    boxes.append(Fill(0, h - image_h - d.COVER_ACCENT_PT, w, d.COVER_ACCENT_PT, kit.colours.accent))

    block = Block(kit.content_w)
    block.text(kit.env.brand.name, kit.label(d.COVER_BRAND_PT, kit.colours.on_primary_soft))
    block.gap(d.COVER_BRAND_GAP_PT)
    block.text(contents.title, kit.heading("bold", d.COVER_TITLE_PT, kit.colours.on_primary, d.COVER_TITLE_LEADING))
    if contents.subtitle:
        block.gap(d.COVER_SUBTITLE_GAP_PT)
        block.text(
            contents.subtitle,
            kit.body("italic", d.COVER_SUBTITLE_PT, kit.colours.on_primary_soft, d.COVER_SUBTITLE_LEADING),
        )
    panel_h = h - image_h - d.COVER_ACCENT_PT - d.COVER_STRIP_PT
    boxes.extend(block.place(d.MARGIN_PT, image_h + d.COVER_ACCENT_PT + (panel_h - block.height) / 2, h))

    boxes.append(Fill(0, 0, w, d.COVER_STRIP_PT, WHITE))
    boxes.extend(_brand_strip(kit, d.COVER_STRIP_PT))
    return Page(w, h, tuple(boxes))


def _snap(value: float) -> float:
    return value - value % d.BASELINE_PT


def mosaic(contents: Contents) -> list[tuple[ImageInfo, Programme | None]]:
    """Distinct pictures for two full rows of the cover's mosaic, spread
    across the sections, with the programme each one is of (one row when
    there are too few for two)."""
    most = d.COVER_MOSAIC_COLUMNS * d.COVER_MOSAIC_ROWS
    chosen: list[tuple[ImageInfo, Programme | None]] = []
    queues = [[p for p in s.programmes if p.key_art is not None] for s in contents.sections]
    while len(chosen) < most and any(queues):
        for queue in queues:
            if queue and len(chosen) < most:
                programme = queue.pop(0)
                assert programme.key_art is not None
                if programme.key_art.digest not in {image.digest for image, _ in chosen}:
                    chosen.append((programme.key_art, programme))
    one_row = chosen[: d.COVER_MOSAIC_COLUMNS]
    return chosen if len(chosen) == most else one_row


def _brand_strip(kit: Kit, height: float) -> list[Box]:
    """Logo (or wordmark) on the left and the website on the right, centred
    in a strip of `height` at the foot of the page."""
    brand = kit.env.brand
    boxes: list[Box] = []
    if brand.logo is not None:
        lw, lh = logo_size(brand.logo, d.COVER_LOGO_MAX_W_PT, d.COVER_LOGO_MAX_H_PT)
        boxes.append(Picture(d.MARGIN_PT, (height - lh) / 2, lw, lh, brand.logo, "contain"))
    else:
        style = kit.heading("bold", d.STRIP_WORDMARK_PT, kit.colours.heading)
        line = wrap(brand.name, style, kit.content_w * d.STRIP_TEXT_SHARE)[0]
        boxes.append(run(line, style, d.MARGIN_PT, height / 2 - d.STRIP_WORDMARK_DROP_PT))
    if brand.website:
        style = kit.heading("bold", d.STRIP_WEBSITE_PT, kit.colours.heading)
        line = wrap(display(brand.website), style, kit.content_w * d.STRIP_TEXT_SHARE)[0]
        x = kit.page_w - d.MARGIN_PT - line.width_pt
        boxes.append(run(line, style, x, height / 2 - d.STRIP_WEBSITE_DROP_PT, target(brand.website)))
    return boxes


def _notes_page(kit: Kit, folio: Folio) -> Page:
    """A ruled page for a buyer's notes at the market."""
    boxes = _page_title(kit, kit.env.labels.notes)
    y = kit.page_h - d.PAGE_TOP_PT - _TITLE_HEIGHT - d.NOTES_LINE_GAP_PT
    while y > d.LISTING_FOOT_PT + d.NOTES_LINE_GAP_PT:
        boxes.append(Rule(d.MARGIN_PT, y, kit.content_w, d.HAIRLINE_PT, kit.colours.rule))
        y -= d.NOTES_LINE_GAP_PT
    boxes.extend(_listing_foot(kit, folio))
    return Page(kit.page_w, kit.page_h, tuple(boxes))


def _back_cover(kit: Kit, contents: Contents) -> Page:
    """The sales team on the grid: a band of the brand's colour with the
    heading, every contact as a card with a clickable address, then the
    address and website, and the logo at the foot. The band takes what the
    cards leave, so the page is composed whatever the number of contacts."""
    w, h = kit.page_w, kit.page_h
    brand = kit.env.brand
    columns = d.CONTACT_COLUMNS
    column_w = _frame_width(kit, columns)
    name_style = kit.heading("bold", d.CONTACT_NAME_PT, kit.colours.heading, d.CONTACT_NAME_LEADING)
    role_style = kit.body("regular", d.CONTACT_PT, kit.colours.muted, d.CONTACT_ROLE_LEADING)
    line_style = kit.body("regular", d.CONTACT_PT, kit.colours.text, d.CONTACT_LEADING)
    cards = Block(kit.content_w)
    for row_start in range(0, len(brand.contacts), columns):
        cards.gap(d.CONTACT_ROW_GAP_PT)
        parts: list[tuple[float, Block]] = []
        for column, contact in enumerate(brand.contacts[row_start : row_start + columns]):
            card = Block(column_w)
            card.add(Fill(0, 0, d.CONTACT_BAR_W_PT, d.CONTACT_BAR_PT, kit.colours.accent))
            card.down(d.CONTACT_NAME_TOP_PT)
            card.text(contact.name, name_style)
            for value, style in ((contact.role, role_style), (contact.email, line_style), (contact.phone, line_style)):
                if value:
                    card.gap(d.CONTACT_LINE_GAP_PT)
                    link = link_for(value)
                    card.text(printed(value), style, link=link)
            parts.append((column * (column_w + d.GUTTER_PT), card))
        cards.beside(parts)
    if brand.address or brand.website:
        cards.gap(d.BACK_ADDRESS_GAP_PT)
        cards.add(Rule(0, cards.height, kit.content_w, d.HAIRLINE_PT, kit.colours.rule))
        cards.gap(d.BACK_ADDRESS_PAD_PT)
        address = kit.body("regular", d.CONTACT_PT, kit.colours.text, d.CONTACT_LEADING)
        for line in brand.address:
            cards.text(line, address)
        if brand.website:
            cards.gap(d.BACK_WEBSITE_GAP_PT)
            cards.text(display(brand.website), kit.body("bold", d.CONTACT_PT, kit.colours.heading, d.CONTACT_LEADING),
                       link=target(brand.website))  # fmt: skip
    band_h = max(d.BACK_BAND_PT, h - d.COVER_STRIP_PT - cards.height - d.BACK_CARDS_CLEAR_PT)
    boxes: list[Box] = [Fill(0, h - band_h, w, band_h, kit.colours.primary), *pattern(kit, band_h)]
    band = Block(kit.content_w)
    band.text(
        kit.env.labels.contact, kit.heading("bold", d.BACK_HEADING_PT, kit.colours.on_primary, d.BACK_HEADING_LEADING)
    )
    band.gap(d.BACK_HEADING_GAP_PT)
    band.text(
        contents.title,
        kit.heading("regular", d.BACK_SUBHEADING_PT, kit.colours.on_primary_soft, d.BACK_SUBHEADING_LEADING),
    )
    boxes.extend(band.place(d.MARGIN_PT, band_h - d.BACK_HEADING_FOOT_PT - band.height, h))
    boxes.extend(cards.place(d.MARGIN_PT, band_h + d.BACK_CARDS_TOP_PT, h))
    boxes.append(Rule(d.MARGIN_PT, d.COVER_STRIP_PT, kit.content_w, d.HAIRLINE_PT, kit.colours.rule))
    boxes.extend(_brand_strip(kit, d.COVER_STRIP_PT))
    return Page(w, h, tuple(boxes))
