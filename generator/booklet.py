"""Contents (what the booklet holds, in order) -> every page of the booklet,
positioned, with its page number known before anything is drawn.

Every programme takes exactly one page, and the contents and index take a
number of pages that depends only on how many entries they list, so the page
of every title is computed first; the pages are then laid out knowing it:
cover, contents, one page per programme, index, notes pages that round the
count up to a multiple of four for printing, and the back cover.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from . import design as d
from .boxes import Box, Fill, Page, PageLink, Picture, Rule
from .catalogue import Contents, sort_key
from .compose import WHITE, Block, Env, Folio, Kit
from .direction import for_language
from .images import ImageInfo
from .layout import layout_sheet
from .links import link_for, target
from .model import Programme
from .text import running_time
from .typeset import Line, wrap


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


PageSpec = Page | ProgrammePage


@dataclass(frozen=True)
class BookletPlan:
    title: str
    subject: str
    keywords: tuple[str, ...]
    pages: tuple[PageSpec, ...]
    bookmarks: tuple[Bookmark, ...]
    programme_pages: Mapping[str, int]


_TITLE_HEIGHT = d.PAGE_TITLE_PT + d.PAGE_TITLE_GAP_PT


@dataclass(frozen=True)
class _Row:
    """One row of a listing (contents or index), measured; `keep` keeps it
    on the same page (or column) as the row after it."""

    block: Block
    keep: bool = False


def plan_booklet(contents: Contents, env: Env) -> BookletPlan:
    """Paginate the booklet and lay out every page but the programme pages,
    which are left as specs (`realize` lays one out) so that a rebuild lays
    out and draws only the pages that changed."""
    kit = Kit(env)
    frame_height = kit.page_h - d.PAGE_TOP_PT - _TITLE_HEIGHT - d.FOLIO_PT - 24
    # The contents and index list page numbers, whose widths decide how the
    # lists wrap, which decides how many pages they take, which decides the
    # numbers: paginate until the numbers no longer change (two rounds,
    # unless a list grows by a page).
    contents_pages, index_pages = 1, 1
    while True:
        first = 2 + contents_pages
        pages_of = {programme.id: first + i for i, programme in enumerate(contents.programmes)}
        contents_frames = _flow(_contents_rows(kit, contents, pages_of), frame_height, 1)
        index_frames = _flow(_index_rows(kit, contents, pages_of), frame_height, d.INDEX_COLUMNS)
        if (len(contents_frames), len(index_frames)) == (contents_pages, index_pages):
            break
        contents_pages, index_pages = len(contents_frames), len(index_frames)
    index_first = first + len(pages_of)
    notes_first = index_first + len(index_frames)
    notes = -notes_first % 4  # with the back cover, the count becomes a multiple of four

    pages: list[PageSpec] = [_cover(kit, contents)]
    for number, frames in enumerate(contents_frames, start=2):
        title = env.labels.contents if number == 2 else f"{env.labels.contents}, {env.labels.continued}"
        pages.append(_listing_page(kit, title, frames, Folio(number, None, pages_of)))
    for section in contents.sections:
        for programme in section.programmes:
            pages.append(ProgrammePage(programme, Folio(pages_of[programme.id], section.name, pages_of)))
    for number, frames in enumerate(index_frames, start=index_first):
        title = env.labels.index if number == index_first else f"{env.labels.index}, {env.labels.continued}"
        pages.append(_listing_page(kit, title, frames, Folio(number, None, pages_of)))
    awards = _awards_rows(kit, contents, pages_of)
    awards_frames = _flow(awards, frame_height, 1) if awards else []
    for number in range(notes_first, notes_first + notes):
        folio = Folio(number, None, pages_of)
        if number == notes_first and len(awards_frames) == 1:
            pages.append(_listing_page(kit, env.labels.awards, awards_frames[0], folio))
        else:
            pages.append(_notes_page(kit, folio))
    pages.append(_back_cover(kit))

    sections = tuple(
        Bookmark(section.name, pages_of[section.programmes[0].id], tuple(
            Bookmark(programme.title, pages_of[programme.id]) for programme in section.programmes
        )) if section.name else None
        for section in contents.sections
    )  # fmt: skip
    flat = tuple(Bookmark(p.title, pages_of[p.id]) for s in contents.sections if not s.name for p in s.programmes)
    bookmarks = (
        Bookmark(env.labels.contents, 2),
        *(b for b in sections if b is not None),
        *flat,
        Bookmark(env.labels.index, index_first),
        Bookmark(env.labels.contact, len(pages)),
    )
    subject = contents.subtitle or f"{len(pages_of)} programmes"
    keywords = tuple(section.name for section in contents.sections if section.name)
    pages = [for_language(page, env.brand.language) if isinstance(page, Page) else page for page in pages]
    return BookletPlan(contents.title, subject, keywords, tuple(pages), bookmarks, pages_of)


def realize(spec: PageSpec, env: Env) -> Page:
    """The laid-out page of a spec; raises OnesheetError if a programme page
    does not fit."""
    return spec if isinstance(spec, Page) else layout_sheet(spec.programme, env, spec.folio).page


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
    boxes.extend(kit.folio(folio)[1])
    return Page(kit.page_w, kit.page_h, tuple(boxes))


def _frame_width(kit: Kit, columns: int) -> float:
    return (kit.content_w - (columns - 1) * d.GUTTER_PT) / columns


def _page_title(kit: Kit, title: str) -> list[Box]:
    block = Block(kit.content_w)
    block.text(title, kit.heading("bold", d.PAGE_TITLE_PT, kit.colours.primary, 1.1))
    block.boxes.append(Fill(0, block.height + 8, 36, 3, kit.colours.accent))
    return block.place(d.MARGIN_PT, d.PAGE_TOP_PT, kit.page_h)


# Contents and index --------------------------------------------------------


def _contents_rows(kit: Kit, contents: Contents, pages: Mapping[str, int]) -> list[_Row]:
    """A labelled group per section; a row per programme: title (and
    original title), running time, page number; each row links to its page."""
    rows: list[_Row] = []
    width = kit.content_w
    title_style = kit.body("bold", d.CONTENTS_TITLE_PT, kit.colours.text, 1.25)
    original_style = kit.body("italic", d.CONTENTS_META_PT, kit.colours.muted, 1.25)
    time_style = kit.heading("regular", d.CONTENTS_META_PT, kit.colours.muted)
    number_style = kit.heading("bold", d.CONTENTS_TITLE_PT, kit.colours.primary)
    title_width = width - d.CONTENTS_NUMBER_WIDTH_PT - d.CONTENTS_TIME_WIDTH_PT
    for section in contents.sections:
        if section.name:
            label = Block(width)
            label.height = 6.0 if rows else 0.0
            kit.section_label(label, section.name)
            rows.append(_Row(label, keep=True))
        for programme in section.programmes:
            row = Block(width)
            row.height = d.CONTENTS_ROW_PAD_PT
            top = row.height
            row.text(programme.title, title_style, width=title_width)
            if programme.original_title:
                row.gap(1)
                style = replace(original_style, language=programme.original_language or kit.env.brand.language)
                row.text(programme.original_title, style, width=title_width)
            bottom = row.height
            when = running_time(programme.episodes, programme.duration, programme.cuts)
            for text, style, right in (
                (when, time_style, width - d.CONTENTS_NUMBER_WIDTH_PT),
                (str(pages[programme.id]), number_style, width),
            ):
                line = wrap(text, style, d.CONTENTS_TIME_WIDTH_PT)[0]
                row.height = top + (d.CONTENTS_TITLE_PT - style.size_pt) * 0.78
                row.lines([line], style, x=right - line.width_pt)
            row.height = bottom + d.CONTENTS_ROW_PAD_PT
            row.boxes.append(Rule(0, row.height, width, 0.4, kit.colours.rule))
            row.boxes.append(PageLink(0, 0, width, row.height, pages[programme.id]))
            rows.append(_Row(row))
    return rows


def _index_rows(kit: Kit, contents: Contents, pages: Mapping[str, int]) -> list[_Row]:
    """Titles and original titles in alphabetical order under letter
    headings, each with its page number and a link to the page."""
    entries: list[tuple[str, bool, str]] = []
    languages = {
        programme.id: programme.original_language or kit.env.brand.language for programme in contents.programmes
    }
    for programme in contents.programmes:
        entries.append((programme.title, False, programme.id))
        if programme.original_title and programme.original_title != programme.title:
            entries.append((programme.original_title, True, programme.id))
    entries.sort(key=lambda entry: (sort_key(entry[0]), entry[0]))
    width = _frame_width(kit, d.INDEX_COLUMNS)
    styles = {
        False: kit.body("regular", d.INDEX_PT, kit.colours.text, 1.3),
        True: kit.body("italic", d.INDEX_PT, kit.colours.muted, 1.3),
    }
    number_style = kit.heading("bold", d.INDEX_PT, kit.colours.primary)
    letter_style = kit.heading("bold", d.INDEX_LETTER_PT, kit.colours.accent)
    rows: list[_Row] = []
    letter = ""
    for text, original, pid in entries:
        initial = (sort_key(text)[:1] or "#").upper()
        if initial != letter:
            letter = initial
            heading = Block(width)
            heading.height = 8.0 if rows else 0.0
            heading.text(initial, letter_style)
            heading.height += 4.0
            rows.append(_Row(heading, keep=True))
        row = Block(width)
        number = str(pages[pid])
        number_width = number_style.measure(number)
        row.height = 2.0
        top = row.height
        style = replace(styles[original], language=languages[pid]) if original else styles[original]
        row.text(text, style, width=width - number_width - 10)
        bottom = row.height
        row.height = top
        row.lines([Line(number, number_width)], number_style, x=width - number_width)
        row.height = bottom + 2.0
        row.boxes.append(PageLink(0, 0, width, row.height, pages[pid]))
        rows.append(_Row(row))
    return rows


def _awards_rows(kit: Kit, contents: Contents, pages: Mapping[str, int]) -> list[_Row]:
    """The catalogue's festival selections and prizes, by programme: a
    useful page where the booklet needs padding to a multiple of four."""
    width = kit.content_w
    title_style = kit.heading("bold", d.RELATED_TITLE_PT + 1, kit.colours.primary, 1.15)
    award_style = kit.body("regular", d.CONTENTS_META_PT + 0.5, kit.colours.text, 1.35)
    number_style = kit.heading("bold", d.CONTENTS_TITLE_PT, kit.colours.primary)
    rows: list[_Row] = []
    for programme in contents.programmes:
        if not programme.awards:
            continue
        row = Block(width)
        row.height = d.CONTENTS_ROW_PAD_PT
        top = row.height
        row.text(programme.title, title_style, width=width - d.CONTENTS_NUMBER_WIDTH_PT)
        for award in programme.awards:
            row.gap(2)
            top_of_award = row.height
            row.text(award.text, award_style, x=10, width=width - d.CONTENTS_NUMBER_WIDTH_PT - 10)
            row.boxes.append(Fill(0, top_of_award, 2, row.height - top_of_award, kit.colours.accent))
        bottom = row.height
        number = str(pages[programme.id])
        row.height = top
        row.lines([Line(number, number_style.measure(number))], number_style, x=width - number_style.measure(number))
        row.height = bottom + d.CONTENTS_ROW_PAD_PT
        row.boxes.append(Rule(0, row.height, width, 0.4, kit.colours.rule))
        row.boxes.append(PageLink(0, 0, width, row.height, pages[programme.id]))
        rows.append(_Row(row))
    return rows


# Cover, notes, back cover --------------------------------------------------


def _cover(kit: Kit, contents: Contents) -> Page:
    """Key art across the top (the brand's cover image, or a mosaic of the
    programmes' key art), the title on a brand-colour panel, the logo below."""
    w, h = kit.page_w, kit.page_h
    image_h = round(h * d.COVER_IMAGE_SHARE, 1)
    boxes: list[Box] = [Fill(0, 0, w, h, kit.colours.primary)]
    art = [kit.env.brand.catalogue.cover] if kit.env.brand.catalogue.cover else _mosaic_art(contents)
    columns = 3 if len(art) >= 3 else len(art)
    rows = 2 if len(art) >= 6 else 1
    gap = 3.0
    tile_w = (w - (columns - 1) * gap) / max(columns, 1)
    tile_h = (image_h - (rows - 1) * gap) / rows
    for index, image in enumerate(art[: columns * rows]):
        column, row = index % columns, index // columns
        y = h - (row + 1) * tile_h - row * gap
        boxes.append(Picture(column * (tile_w + gap), y, tile_w, tile_h, image, "cover", kit.colours.primary))
    boxes.append(Fill(0, h - image_h - 5, w, 5, kit.colours.accent))

    block = Block(kit.content_w)
    kicker = kit.heading("bold", 9, kit.colours.accent, tracking_pt=1.6, upper=True)
    block.text(kit.env.brand.name, kicker)
    block.gap(14)
    block.text(contents.title, kit.heading("bold", d.COVER_TITLE_PT, WHITE, 1.05))
    if contents.subtitle:
        block.gap(10)
        block.text(contents.subtitle, kit.body("italic", d.COVER_SUBTITLE_PT, kit.colours.pale))
    panel_h = h - image_h - 5 - d.COVER_STRIP_PT
    boxes.extend(block.place(d.MARGIN_PT, image_h + 5 + (panel_h - block.height) / 2, h))

    boxes.append(Fill(0, 0, w, d.COVER_STRIP_PT, WHITE))
    boxes.extend(_brand_strip(kit, d.COVER_STRIP_PT))
    return Page(w, h, tuple(boxes))


def _mosaic_art(contents: Contents) -> list[ImageInfo]:
    """Up to six distinct key art images, spread across the sections."""
    chosen: list[ImageInfo] = []
    queues = [[p.key_art for p in s.programmes if p.key_art is not None] for s in contents.sections]
    while len(chosen) < 6 and any(queues):
        for queue in queues:
            if queue and len(chosen) < 6:
                image = queue.pop(0)
                if image.digest not in {c.digest for c in chosen}:
                    chosen.append(image)
    return chosen if len(chosen) != 4 and len(chosen) != 5 else chosen[:3]


def _brand_strip(kit: Kit, height: float) -> list[Box]:
    """Logo (or wordmark) on the left and the website on the right, centred
    in a strip of `height` at the foot of the page."""
    brand = kit.env.brand
    boxes: list[Box] = []
    if brand.logo is not None:
        scale = min(140 / brand.logo.width_px, 44 / brand.logo.height_px)
        lw, lh = brand.logo.width_px * scale, brand.logo.height_px * scale
        boxes.append(Picture(d.MARGIN_PT, (height - lh) / 2, lw, lh, brand.logo, "contain"))
    else:
        style = kit.heading("bold", 16, kit.colours.primary)
        line = wrap(brand.name, style, kit.content_w / 2)[0]
        boxes.append(kit.run(line, style, d.MARGIN_PT, height / 2 - 5))
    if brand.website:
        style = kit.heading("bold", 10, kit.colours.primary)
        text = brand.website.split("://", 1)[-1].rstrip("/")
        line = wrap(text, style, kit.content_w / 2)[0]
        boxes.append(
            kit.run(line, style, kit.page_w - d.MARGIN_PT - line.width_pt, height / 2 - 3, target(brand.website))
        )
    return boxes


def _notes_page(kit: Kit, folio: Folio) -> Page:
    """A ruled page for a buyer's notes at the market."""
    boxes = _page_title(kit, kit.env.labels.notes)
    y = kit.page_h - d.PAGE_TOP_PT - _TITLE_HEIGHT - d.NOTES_LINE_GAP_PT
    while y > d.FOLIO_PT + d.NOTES_LINE_GAP_PT:
        boxes.append(Rule(d.MARGIN_PT, y, kit.content_w, 0.5, kit.colours.rule))
        y -= d.NOTES_LINE_GAP_PT
    boxes.extend(kit.folio(folio)[1])
    return Page(kit.page_w, kit.page_h, tuple(boxes))


def _back_cover(kit: Kit) -> Page:
    """The sales team: every contact with a clickable e-mail address, then
    the address, logo and website."""
    w, h = kit.page_w, kit.page_h
    brand = kit.env.brand
    boxes: list[Box] = [Fill(0, h - d.BACK_BAND_PT, w, d.BACK_BAND_PT, kit.colours.primary)]
    band = Block(kit.content_w)
    band.text(kit.env.labels.contact, kit.heading("bold", 30, WHITE, 1.1))
    band.gap(8)
    band.text(brand.name, kit.heading("regular", 13, kit.colours.pale))
    boxes.extend(band.place(d.MARGIN_PT, d.BACK_BAND_PT - 40 - band.height, h))

    column_w = _frame_width(kit, 2)
    name_style = kit.heading("bold", d.CONTACT_NAME_PT, kit.colours.primary, 1.2)
    role_style = kit.body("regular", d.CONTACT_PT, kit.colours.muted, 1.35)
    line_style = kit.body("regular", d.CONTACT_PT, kit.colours.text, 1.5)
    cards = Block(kit.content_w)
    for row_start in range(0, len(brand.contacts), 2):
        cards.gap(30)
        height = 0.0
        for column, contact in enumerate(brand.contacts[row_start : row_start + 2]):
            card = Block(column_w)
            card.boxes.append(Fill(0, 0, 28, 3, kit.colours.accent))
            card.height = 14
            card.text(contact.name, name_style)
            for value, style in ((contact.role, role_style), (contact.email, line_style), (contact.phone, line_style)):
                if value:
                    card.gap(4)
                    card.lines(wrap(value, style, column_w), style, link=link_for(value))
            top = cards.height
            cards.append(card, x=column * (column_w + d.GUTTER_PT))
            cards.height = top
            height = max(height, card.height)
        cards.height += height
    cards.gap(36)
    for line in brand.address:
        cards.text(line, kit.body("regular", d.CONTACT_PT, kit.colours.text, 1.5))
    free = h - d.BACK_BAND_PT - d.COVER_STRIP_PT
    boxes.extend(cards.place(d.MARGIN_PT, d.BACK_BAND_PT + max(20.0, (free - cards.height) / 2), h))
    boxes.append(Rule(d.MARGIN_PT, d.COVER_STRIP_PT, kit.content_w, 0.5, kit.colours.rule))
    boxes.extend(_brand_strip(kit, d.COVER_STRIP_PT))
    return Page(w, h, tuple(boxes))
