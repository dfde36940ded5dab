"""The top of a sheet: the key art and the title block at its foot.

Three designs, chosen by the key art: a landscape picture across the page,
a portrait poster beside a colour field that carries the title, or, without
key art, a typographic page in the brand's colour with its pattern. The
title block's foot is at the same place in all three, TITLE_FOOT_PT above
the hero's foot.

A picture is cropped around its subject (`art.py`: the programme's `focus`,
else the subject found in it), and the title never sits on the subject: it
is set over the picture only where the picture is calm there, else on a
band of the brand's colour below the picture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import design as d
from .art import analyse_art, choose_crop, read_bands
from .boxes import Box, Fill, Picture, Rect, Scrim, TextRun
from .compose import WHITE, Block, Kit, contrast
from .images import ImageInfo, Region
from .model import Programme
from .typeset import Line, Style, wrap

_BRACKETED = re.compile(r"[(\[<{«][^()\[\]<>{}«»]{1," + str(d.KEPT_TOGETHER_CHARS) + r"}[)\]>}»]")


@dataclass(frozen=True)
class Hero:
    """The hero's boxes in page coordinates, its design, and where its title
    block and the picture's subject lie (for the layout's checks)."""

    boxes: tuple[Box, ...]
    kind: str  # "landscape", "portrait" or "none"
    title_on: str  # "picture" (over a calm part of it), "band" or "field"
    title_rect: Rect
    subject_rect: Rect | None


def art_kind(programme: Programme) -> str:
    art = programme.key_art
    if art is None:
        return "none"
    return "portrait" if art.aspect < d.PORTRAIT_BELOW else "landscape"


def layout_hero(programme: Programme, kit: Kit, density: d.Density) -> Hero:
    """The hero of a sheet in `density`."""
    height = kit.grid.hero_h(density)
    kind = art_kind(programme)
    if kind == "none":
        return _typographic(programme, kit, height)
    if kind == "landscape" and density.band_pt is not None:
        return _landscape(programme, kit, height, density.band_pt)
    return _beside(programme, kit, height, kind)


def keep_together(title: str) -> str:
    """A short bracketed part of a title (`<Parts 1 & 2>`) never splits
    across lines: its spaces become no-break spaces."""
    return _BRACKETED.sub(lambda match: match[0].replace(" ", "\u00a0"), title)


def title_lines(
    programme: Programme, kit: Kit, width: float, colour: tuple[float, float, float], sizes: tuple[float, ...]
) -> tuple[list[Line], Style]:
    """The largest of `sizes` that keeps the title to TITLE_MAX_LINES, the
    lines balanced (no long first line over a short second one)."""
    text = keep_together(programme.title)
    for size in sizes:
        style = kit.heading("bold", size, colour, d.TITLE_LEADING)
        lines = wrap(text, style, width)
        if len(lines) <= d.TITLE_MAX_LINES:
            return _balanced(text, style, lines, width), style
    return lines, style


def _balanced(text: str, style: Style, lines: list[Line], width: float) -> list[Line]:
    """The same number of lines at the narrowest width that keeps it."""
    if len(lines) < 2:
        return lines
    low, high = width / len(lines), width
    while high - low > d.NARROWEST_STEP_PT:
        middle = (low + high) / 2
        if len(wrap(text, style, middle)) == len(lines):
            high = middle
        else:
            low = middle
    return wrap(text, style, high)


def _title_block(
    programme: Programme, kit: Kit, width: float, room: float, on_picture: bool,
    sizes: tuple[float, ...] = d.TITLE_SIZES_PT,
) -> Block:  # fmt: skip
    """Genres, title, original title and the key facts line, the title at
    the largest of `sizes` that keeps the block within `room`."""
    for smallest in range(len(sizes)):
        block = _title_block_at(programme, kit, width, on_picture, sizes[smallest:])
        if block.height <= room:
            break
    return block


def _title_block_at(programme: Programme, kit: Kit, width: float, on_picture: bool, sizes: tuple[float, ...]) -> Block:
    colours = kit.colours
    strong = WHITE if on_picture else colours.on_primary
    soft = WHITE if on_picture else colours.on_primary_soft
    block = Block(width)
    if programme.genres:
        kicker = kit.heading("bold", d.KICKER_PT, strong, tracking_pt=d.KICKER_TRACKING_PT, upper=True)
        block.text(d.FACTS_SEPARATOR.join(programme.genres), kicker)
        block.gap(d.KICKER_GAP_PT)
    block.lines(*title_lines(programme, kit, width, strong, sizes))
    if programme.original_title:
        block.gap(d.ORIGINAL_GAP_PT)
        style = kit.heading(
            "italic", d.ORIGINAL_TITLE_PT, soft, d.ORIGINAL_TITLE_LEADING, language=programme.original_language
        )
        block.text(keep_together(programme.original_title), style)
    facts = [str(programme.year), kit.env.labels.duration(programme)]
    facts += [programme.country] if programme.country else []
    block.gap(d.META_GAP_PT)
    block.text(d.FACTS_SEPARATOR.join(facts), kit.heading("regular", d.META_PT, soft))
    return block


def _placed_title(block: Block, kit: Kit, x: float, hero_h: float) -> tuple[list[Box], Rect]:
    """The title block with its foot TITLE_FOOT_PT above the hero's foot."""
    top = hero_h - d.TITLE_FOOT_PT - block.height
    rect = Rect(x, kit.page_h - hero_h + d.TITLE_FOOT_PT, x + block.width, kit.page_h - top)
    return block.place(x, top, kit.page_h), rect


def _landscape(programme: Programme, kit: Kit, height: float, band_h: float) -> Hero:
    """Key art across the page; the title over it where the picture is calm
    there, else on a band of the brand's colour, `band_h` high, under it."""
    art = programme.key_art
    assert art is not None
    w = kit.page_w
    room = band_h - d.TITLE_FOOT_PT - d.BAND_PAD_PT
    block = _title_block(programme, kit, kit.content_w, room, on_picture=True)
    analysis = analyse_art(art)
    chosen = choose_crop(analysis, w / height, programme.focus)
    extent = max(box.x_pt + box.width_pt for box in block.boxes if isinstance(box, TextRun))
    pad = d.TITLE_AREA_PAD_PT
    title_area = Region(0.0, 1 - (block.height + d.TITLE_FOOT_PT + pad) / height, (d.MARGIN_PT + extent + pad) / w, 1.0)
    if read_bands(analysis, chosen, [title_area], programme.focus)[0].calm:
        title_boxes, rect = _placed_title(block, kit, d.MARGIN_PT, height)
        ink = replace(rect, x1=d.MARGIN_PT + extent)  # where the title's letters are
        frame = Rect(0, kit.page_h - height, w, kit.page_h)
        region, subject = _clear_of(ink, art, chosen.region, frame)
        if subject is None or not ink.meets(subject):
            shade_h = min(height, block.height + d.TITLE_FOOT_PT + d.SCRIM_EXTRA_PT)
            boxes: list[Box] = [
                Picture(0, kit.page_h - height, w, height, art, "cover", kit.colours.primary, region),
                Scrim(0, kit.page_h - height, w, shade_h, d.SCRIM_ALPHA),
            ]
            return Hero((*boxes, *title_boxes, *_badge(programme, kit)), "landscape", "picture", ink, subject)
    art_h = height - band_h
    banded = choose_crop(analysis, w / art_h, programme.focus)
    if banded.subject_kept < d.SUBJECT_KEPT:  # a strip would cut the subject: the picture goes beside the title
        return _beside(programme, kit, height, "landscape")
    crop = banded.region
    block = _title_block(programme, kit, kit.content_w, room, on_picture=False)
    boxes = [
        Picture(0, kit.page_h - art_h, w, art_h, art, "cover", kit.colours.primary, crop),
        Fill(0, kit.page_h - height, w, band_h, kit.colours.primary),
    ]
    title_boxes, rect = _placed_title(block, kit, d.MARGIN_PT, height)
    subject = _subject_rect(art, crop, Rect(0, kit.page_h - art_h, w, kit.page_h))
    return Hero((*boxes, *title_boxes, *_badge(programme, kit)), "landscape", "band", rect, subject)


def _beside(programme: Programme, kit: Kit, height: float, kind: str) -> Hero:
    """The picture at the right, the hero's full height (a portrait poster
    whole or nearly; a landscape picture cropped around its subject), beside
    a field of the brand's colour that carries the title."""
    art = programme.key_art
    assert art is not None
    art_w = min(height * art.aspect, kit.page_w * d.SPLIT_MAX_SHARE)
    x = kit.page_w - art_w
    crop = _crop(art, art_w / height, programme.focus)
    boxes: list[Box] = [
        Fill(0, kit.page_h - height, x, height, kit.colours.primary),
        Picture(x, kit.page_h - height, art_w, height, art, "cover", kit.colours.primary, crop),
    ]
    room = height - d.TITLE_FOOT_PT - d.BAND_PAD_PT
    block = _title_block(programme, kit, x - d.MARGIN_PT - d.GUTTER_PT, room, on_picture=False)
    title_boxes, rect = _placed_title(block, kit, d.MARGIN_PT, height)
    subject = _subject_rect(art, crop, Rect(x, kit.page_h - height, kit.page_w, kit.page_h))
    return Hero((*boxes, *title_boxes, *_badge(programme, kit, x)), kind, "field", rect, subject)


def _typographic(programme: Programme, kit: Kit, height: float) -> Hero:
    """No key art: the brand's colour, its pattern of dots in the upper
    right, and a large title."""
    w = kit.page_w
    boxes: list[Box] = [Fill(0, kit.page_h - height, w, height, kit.colours.primary)]
    boxes += pattern(kit, height)
    block = _title_block(
        programme, kit, kit.content_w, height - d.TITLE_FOOT_PT - d.BAND_PAD_PT, False, d.POSTER_TITLE_SIZES_PT
    )
    title_boxes, rect = _placed_title(block, kit, d.MARGIN_PT, height)
    boxes.append(Fill(0, kit.page_h - height, w, d.FOOTER_RULE_PT, kit.colours.accent))
    return Hero((*boxes, *title_boxes, *_badge(programme, kit)), "none", "field", rect, None)


def pattern(kit: Kit, height: float) -> list[Box]:
    """A field of dots in a tint of the accent colour, in the upper right of
    a band of the brand's colour `height` high from the top of the page:
    the brand's mark on a page that has no picture."""
    boxes: list[Box] = []
    step, dot = d.PATTERN_STEP_PT, d.PATTERN_DOT_PT
    left = kit.page_w * d.PATTERN_LEFT_SHARE
    rows = int((height * d.PATTERN_HEIGHT_SHARE) // step)
    columns = int((kit.page_w - left - d.MARGIN_PT) // step)
    tint = kit.colours.pattern
    for row in range(rows):
        for column in range(columns):
            if (row + column) % 2 or column < row // 2:
                continue
            x = left + column * step
            y = kit.page_h - d.MARGIN_PT - row * step
            boxes.append(Fill(x, y - dot, dot, dot, tint, radius_pt=dot / 2))
    return boxes


def _badge(programme: Programme, kit: Kit, right: float | None = None) -> list[Box]:
    """The status (`New`, `In production`) in a badge at the top right."""
    if not programme.status:
        return []
    accent = kit.colours.accent
    colour = WHITE if contrast(WHITE, accent) >= contrast(kit.colours.text, accent) else kit.colours.text
    style = kit.heading("bold", d.BADGE_PT, colour, tracking_pt=d.BADGE_TRACKING_PT, upper=True)
    lines = wrap(programme.status, style, kit.content_w * d.BADGE_MAX_SHARE)
    badge_w = max(line.width_pt for line in lines) + 2 * d.BADGE_PAD_PT
    badge = Block(badge_w)
    badge.lines(lines, style, d.BADGE_PAD_PT)
    badge_h = badge.height + 2 * d.BADGE_PAD_PT
    x = (right if right is not None else kit.page_w) - d.MARGIN_PT - badge_w
    top = d.BADGE_TOP_PT
    boxes: list[Box] = [Fill(x, kit.page_h - top - badge_h, badge_w, badge_h, accent, radius_pt=d.BADGE_RADIUS_PT)]
    return boxes + badge.place(x, top + d.BADGE_PAD_PT, kit.page_h)


def _crop(art: ImageInfo, aspect: float, focus: tuple[float, float] | None) -> Region:
    return choose_crop(analyse_art(art), aspect, focus).region


def _clear_of(title: Rect, art: ImageInfo, crop: Region, frame: Rect) -> tuple[Region, Rect | None]:
    """The crop, moved so that the picture rises by as much as the
    subject's foot reaches into the title, when that is a nudge
    (SUBJECT_NUDGE_PT) and the picture has it to spare: a calm area,
    measured coarsely, may still hold an edge of the subject. Returns the
    crop and where the subject then lies on the page."""
    subject = _subject_rect(art, crop, frame)
    if subject is None or not title.meets(subject):
        return crop, subject
    overlap = title.y1 - subject.y0
    lift = overlap / (frame.y1 - frame.y0) * (crop.bottom - crop.top)
    if overlap > d.SUBJECT_NUDGE_PT or crop.bottom + lift > 1.0:
        return crop, subject
    moved = replace(crop, top=crop.top + lift, bottom=crop.bottom + lift)
    return moved, _subject_rect(art, moved, frame)


def _subject_rect(art: ImageInfo, crop: Region, frame: Rect) -> Rect | None:
    """Where the picture's subject lies on the page."""
    subject = analyse_art(art).subject
    if subject is None:
        return None
    w, h = frame.x1 - frame.x0, frame.y1 - frame.y0

    def x(fraction: float) -> float:
        return frame.x0 + min(1.0, max(0.0, (fraction - crop.left) / crop.width)) * w

    def y(fraction: float) -> float:
        return frame.y1 - min(1.0, max(0.0, (fraction - crop.top) / crop.height)) * h

    return Rect(x(subject.left), y(subject.bottom), x(subject.right), y(subject.top))
