"""Programme + Brand -> one positioned page (`SheetLayout`).

Layout decides everything: which density and hero design the programme
takes (design.py), whether the full synopsis or the short one is printed,
how content is shared between the columns, and whether the sheet fits at
all. Overflow is found here, before anything is drawn. Render only draws
what this module placed.

A booklet's page of a programme is its sheet with an overlay: the page
number on the footer's tab and, beside each related title, the page that
holds it (`booklet_overlay`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

from . import design as d
from .boxes import Box, Fill, Page, PageLink, Picture, Rect, TextRun
from .cache import Ref
from .chars import one_of
from .columns import Arrangement, Columns, fullest, shortest
from .compose import WHITE, Env, Folio, Kit, run
from .direction import for_language
from .errors import OnesheetError, Problem
from .fonts import CJK_INSTALL, CJK_RANGES, cjk_fallbacks, label_of
from .footer import layout_footer
from .hero import layout_hero
from .images import ImageInfo
from .model import PROGRAMME, Programme
from .sections import PageRef
from .text import fill
from .textcolumn import TextColumn
from .typeset import Line, fonts_tried, missing, text_units

SIDE_FIELDS = "details, credits, awards, related titles and links"


@dataclass(frozen=True)
class Variant:
    """What the layout chose for a programme."""

    density: str  # design.py: feature, standard or dense
    hero: str  # landscape, portrait or none
    title_on: str  # picture, band or field
    synopsis: str  # full or short
    arrangement: str  # side or grid
    body_pt: float
    art_h: float | None  # the height of the picture, when there is one


@dataclass(frozen=True)
class SheetLayout:
    programme_id: str
    source: Path
    page: Page
    variant: Variant
    title: str
    subject: str
    keywords: tuple[str, ...]
    refs: tuple[PageRef, ...]  # in page coordinates: where a booklet prints related titles' pages
    empty_pt: float  # the room left between the columns and the footer
    title_rect: Rect
    subject_rect: Rect | None
    notes: tuple[Problem, ...] = ()  # warnings: what the sheet prints instead of what was asked


def layout_sheet(programme: Programme, env: Env) -> SheetLayout:
    """Lay out one programme on one page, or raise OnesheetError saying by
    how much it overflows (or which characters no font has). Densities are
    tried in order, the first that fits wins; one whose text column would
    not fit even in the fewest lines its texts could take is passed over
    without being laid out (`TextColumn.sketch`)."""
    kit = env.kit
    footer = layout_footer(kit)
    if footer.problems:
        raise OnesheetError(footer.problems)
    text, columns = TextColumn(programme, kit), Columns(programme, kit)
    for synopsis in ("full", "short"):
        if synopsis == "short" and not programme.short_synopsis:
            break
        paragraphs, more = _text(programme, text, synopsis)
        for density in d.DENSITIES:
            room = kit.grid.columns_bottom - kit.grid.columns_top(density)
            if fullest(columns.arrangements(text.sketch(density, paragraphs, more)), room) is None:
                continue  # not even with the fewest lines its texts could take: no arrangement fits
            main = text.block(density, paragraphs, more)
            arrangement = fullest(columns.arrangements(main), room)
            if arrangement is not None:
                return _placed(programme, kit, density, synopsis, arrangement, room, footer.boxes)
    problems = _glyph_problems(programme, _unplaced(programme, text, columns, kit, footer.boxes), env)
    raise OnesheetError(problems or [_overflow(programme, text, columns, kit)])


def _text(programme: Programme, text: TextColumn, synopsis: str) -> tuple[list[str], str | None]:
    """The paragraphs to print and the link to the full synopsis, if any."""
    if synopsis == "full":
        return text.synopsis(), None
    return list(programme.short_synopsis), programme.url


def _placed(
    programme: Programme, kit: Kit, density: d.Density, synopsis: str, arrangement: Arrangement, room: float,
    footer: tuple[Box, ...],
) -> SheetLayout:  # fmt: skip
    grid = kit.grid
    hero = layout_hero(programme, kit, density)
    top = grid.columns_top(density)
    boxes: list[Box] = [*hero.boxes]
    boxes += arrangement.main.block.place(grid.x(0), top, kit.page_h)
    boxes += arrangement.side.block.place(grid.side_x, top, kit.page_h)
    boxes += footer
    refs = [_on_page(ref, grid.x(0), top, kit) for ref in arrangement.main.refs]
    refs += [_on_page(ref, grid.side_x, top, kit) for ref in arrangement.side.refs]
    page = for_language(Page(kit.page_w, kit.page_h, tuple(boxes)), kit.env.language)
    problems = _glyph_problems(programme, page, kit.env)
    if problems:
        raise OnesheetError(problems)
    notes: list[Problem] = []
    if synopsis == "short" and programme.url is None:
        notes.append(
            Problem(
                programme.path, programme.line("short_synopsis"), "short_synopsis",
                "the full synopsis does not fit on one page, so the short synopsis is printed; add url: (the "
                "programme's page) to link to the full text",
            )
        )  # fmt: skip
    art_h = max((box.height_pt for box in hero.boxes if isinstance(box, Picture)), default=None)
    variant = Variant(density.name, hero.kind, hero.title_on, synopsis, arrangement.name, density.body_pt, art_h)
    return SheetLayout(
        programme.id, programme.path, page, variant, programme.title, programme.logline, programme.genres,
        tuple(refs), room - arrangement.height, hero.title_rect, hero.subject_rect, tuple(notes),
    )  # fmt: skip


def _on_page(ref: PageRef, x: float, top: float, kit: Kit) -> PageRef:
    """A page reference in page coordinates (y upwards from the foot)."""
    y = kit.page_h - top
    return PageRef(ref.programme_id, x + ref.right_pt, y - ref.baseline_pt, y - ref.top_pt, y - ref.bottom_pt)


def booklet_overlay(refs: Sequence[Ref], folio: Folio, env: Env) -> tuple[Box, ...]:
    """What a booklet adds to a programme's sheet: the page number on a tab
    at the right end of the footer's rule, and beside each related title
    the page that holds it ("p. 14"), the whole entry linked there. A title
    outside the booklet (a selection) keeps its entry, without a page."""
    kit = env.kit
    colours = kit.colours
    tab_x = kit.page_w - d.MARGIN_PT - d.FOLIO_TAB_W_PT
    tab_y = kit.grid.footer_h - d.FOLIO_TAB_H_PT / 2
    number_style = kit.heading("bold", d.FOLIO_NUMBER_PT, WHITE)
    digits = str(folio.number)
    width = number_style.measure(digits)
    baseline = tab_y + (d.FOLIO_TAB_H_PT - number_style.cap_pt) / 2
    boxes: list[Box] = [
        Fill(tab_x, tab_y, d.FOLIO_TAB_W_PT, d.FOLIO_TAB_H_PT, colours.accent),
        run(Line(digits, width), number_style, tab_x + (d.FOLIO_TAB_W_PT - width) / 2, baseline),
    ]
    style = kit.heading("bold", d.PAGE_REF_PT, colours.accent)
    for ref in refs:
        page = folio.pages.get(ref.programme_id)
        if page is None:
            continue
        text = fill(env.labels.page_ref, page=page)
        width = style.measure(text)
        boxes.append(run(Line(text, width), style, ref.right_pt - width, ref.baseline_pt))
        entry_x = ref.right_pt - kit.grid.side_w if ref.right_pt > kit.grid.side_x else d.MARGIN_PT
        boxes.append(PageLink(entry_x, ref.bottom_pt, ref.right_pt - entry_x, ref.top_pt - ref.bottom_pt, page))
    overlay = for_language(Page(kit.page_w, kit.page_h, tuple(boxes)), env.language)
    return overlay.boxes


def _unplaced(programme: Programme, text: TextColumn, columns: Columns, kit: Kit, footer: tuple[Box, ...]) -> Page:
    """Every text of the programme as the densest variant sets it, placed
    anywhere: for the glyph check of a sheet that does not fit."""
    main = text.block(d.DENSE, text.synopsis(), None)
    boxes = [*layout_hero(programme, kit, d.DENSE).boxes, *footer]
    for arrangement in columns.arrangements(main):
        boxes += [*arrangement.main.block.boxes, *arrangement.side.block.boxes]
    return Page(kit.page_w, kit.page_h, tuple(boxes))


def _overflow(programme: Programme, text: TextColumn, columns: Columns, kit: Kit) -> Problem:
    """The problem of a sheet that fits in no variant, saying by about how
    much, in the densest one."""
    density = d.DENSE
    room = kit.grid.columns_bottom - kit.grid.columns_top(density)
    shortest_side = min(a.side.block.height for a in columns.arrangements(text.block(density, [], None)))
    if shortest_side > room:
        return Problem(
            programme.path, None, None,
            f"does not fit on one page: the side column ({SIDE_FIELDS}) is {shortest_side - room:.0f} pt too tall "
            "at the smallest type size; shorten the credits, awards or other details",
        )  # fmt: skip
    unit, cut = text_units(list(programme.synopsis))
    total = sum(len(parts) for parts in cut)

    def fits(count: int) -> bool:
        main = text.block(density, text.synopsis(count), None)
        return shortest(columns.arrangements(main)).height <= room

    low, high = 0, total
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    over = total - low
    advice = f"shorten the synopsis to about {low} {unit}s, or the logline or quotes"
    if programme.short_synopsis:
        field, line = "short_synopsis", programme.line("short_synopsis")
        message = (
            f"does not fit on one page: neither the synopsis (about {over} {unit}s too long at "
            f"{density.body_pt:g} pt) nor the short synopsis fits; shorten the short synopsis"
        )
    else:
        field, line = "synopsis", programme.line("synopsis")
        plural = "s" if over != 1 else ""
        message = (
            f"does not fit on one page: about {over} {unit}{plural} too long at the smallest type size "
            f"({density.body_pt:g} pt); {advice}, or add a short_synopsis (printed when the full one does not fit)"
        )
    return Problem(programme.path, line, field, message)


def _glyph_problems(programme: Programme, page: Page, env: Env) -> list[Problem]:
    """A problem for every field with characters that no font could draw on
    the laid-out page (the text engine marks them on the runs), so that no
    box ever reaches paper. A run belongs to the texts it is part of: the
    programme's fields, and the titles and loglines of related programmes
    (reported in their own files); characters of no field are the templates'."""
    runs = [box for box in page.boxes if isinstance(box, TextRun) and box.missing]
    if not runs:
        return []
    sources = _sources(programme, env)
    found: dict[_Source | None, dict[str, str]] = {}  # source -> missing character -> font of its run
    for drawn in runs:
        line = drawn.text.removesuffix("-").casefold()
        owners = [source for source in sources if line in source.text.casefold()]
        for char in drawn.missing:
            named: list[_Source | None] = [source for source in owners if char in source.text]
            named = named or [source for source in sources if char in source.text] or [None]
            for source in named:
                found.setdefault(source, {}).setdefault(char, drawn.font)
    problems = []
    for source, chars in found.items():
        message = _no_glyph(list(chars), next(iter(chars.values())), env)
        if source is None:
            problems.append(Problem(env.texts.source("facts.j2"), None, None, message))
        else:
            problems.append(Problem(source.path, source.line, source.field, message))
    return problems


@dataclass(frozen=True)
class _Source:
    """A text a sheet prints, and the file, line and field it comes from."""

    path: Path
    line: int | None
    field: str
    text: str


def _sources(programme: Programme, env: Env) -> list[_Source]:
    sources = [_Source(programme.path, programme.line(name), name, text) for name, text in _field_texts(programme)]
    for programme_id in programme.related:
        listing = env.listings[programme_id]
        if listing.path is not None:
            sources.append(_Source(listing.path, listing.title_line, "title", listing.title))
            sources.append(_Source(listing.path, listing.logline_line, "logline", listing.logline))
    return sources


def _no_glyph(missing: list[str], font: str, env: Env) -> str:
    shown = ", ".join(f"U+{ord(c):04X} ({c})" if c.isprintable() else f"U+{ord(c):04X}" for c in missing[:5])
    tried = ", ".join(fonts_tried(label_of(font), env.brand.fallbacks))
    brand = env.brand.path.name
    if not cjk_fallbacks() and any(one_of(CJK_RANGES).match(char) for char in missing):
        advice = f"install the Chinese, Japanese and Korean fonts ({CJK_INSTALL}) or add a font that has them"
    else:
        advice = "remove the character or add a font that has it"
    return f"no font has a glyph for {shown}; tried {tried}; {advice} to fonts.fallbacks in {brand}"


def _field_texts(programme: Programme) -> Iterator[tuple[str, str]]:
    """Each field of the programme table with the text it holds: its
    strings, and those of its lists and records (related ids and the
    translations, which are laid out as the programme itself, left out)."""
    for field in PROGRAMME:
        if field.name not in ("related", "translations"):
            text = " ".join(_strings(getattr(programme, field.name)))
            if text:
                yield field.name, text


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item)
    elif is_dataclass(value) and not isinstance(value, ImageInfo):
        for item in fields(value):
            yield from _strings(getattr(value, item.name))


def check_env_glyphs(env: Env) -> list[Problem]:
    """Problems for brand and template text that no font can draw."""
    kit = env.kit
    texts = [env.brand.name, *(line for column in env.footer for line in column), *env.labels.texts()]
    size = d.FACT_PT  # any size: a font has a glyph or not whatever its size
    styles = (
        kit.body("regular", size, WHITE), kit.body("bold", size, WHITE), kit.heading("bold", size, WHITE, upper=True)
    )  # fmt: skip
    problems: list[Problem] = []
    for style in styles:
        chars = list(dict.fromkeys(char for text in texts for char in missing(text, style)))
        if chars:
            problems.append(Problem(env.brand.path, None, None, _no_glyph(chars, style.face.name, env)))
    return problems
