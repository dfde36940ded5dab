"""Output profiles: `screen` (small files for e-mail, RGB, 200 dpi) and
`print` (for a print shop: 3 mm bleed, crop marks, 300 dpi, CMYK).

A page is laid out once, at its trimmed size; for print it is then moved
onto a larger sheet: pictures and colour fields that touch the trimmed edge
run 3 mm past it into the bleed, crop marks are drawn outside the bleed,
and the trim and bleed boxes are recorded so that the press knows where to
cut.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from . import design as d
from .boxes import RGB, Box, Fill, Page, Picture, Rect, Rule, Scrim

REGISTRATION: RGB = (0.0, 0.0, 0.0)  # crop marks: printed on every plate
_EDGE = 0.5  # pt: a box this close to the trimmed edge touches it


@dataclass(frozen=True)
class Profile:
    name: str
    dpi: int
    bleed_pt: float
    slug_pt: float  # beyond the bleed: room for crop marks
    safe_pt: float  # text stays this far inside the trimmed edge
    folder: str  # below the output folder
    sheet_budget_mb: float | None = None  # e-mail size budgets (screen)
    catalogue_budget_mb: float | None = None

    @property
    def margin_pt(self) -> float:
        return self.bleed_pt + self.slug_pt

    @cached_property
    def drawing(self) -> Profile:
        """The profile as the pages see it, for content keys: the e-mail
        budgets only warn, they change no byte drawn. Made once: every
        sheet's key asks for it."""
        return replace(self, sheet_budget_mb=None, catalogue_budget_mb=None)

    @property
    def for_print(self) -> bool:
        """Whether the profile is for a print shop: with a bleed, crop marks
        and the print checks."""
        return self.bleed_pt > 0


SCREEN = Profile("screen", d.SCREEN_DPI, 0.0, 0.0, 0.0, "", sheet_budget_mb=1.0, catalogue_budget_mb=10.0)
PRINT = Profile("print", d.PRINT_DPI, d.BLEED_PT, d.SLUG_PT, d.SAFE_PT, "print")
PROFILES = {profile.name: profile for profile in (SCREEN, PRINT)}


def for_profile(page: Page, profile: Profile) -> Page:
    """The page as the profile prints it (unchanged for screen)."""
    if not profile.for_print:
        return page
    width, height, bleed, margin = page.width_pt, page.height_pt, profile.bleed_pt, profile.margin_pt
    boxes: list[Box] = []
    for box in page.boxes:
        if isinstance(box, Fill | Picture | Scrim):
            box = _into_bleed(box, width, height, bleed)
        elif isinstance(box, Rule) and box.x_pt <= _EDGE and box.x_pt + box.width_pt >= width - _EDGE:
            box = replace(box, x_pt=-bleed, width_pt=box.width_pt + 2 * bleed)
        boxes.append(replace(box, x_pt=box.x_pt + margin, y_pt=box.y_pt + margin))
    boxes.extend(_crop_marks(width, height, bleed, margin))
    trim = Rect(margin, margin, margin + width, margin + height)
    bleed_box = Rect(margin - bleed, margin - bleed, margin + width + bleed, margin + height + bleed)
    return Page(width + 2 * margin, height + 2 * margin, tuple(boxes), trim, bleed_box)


def _into_bleed(box: Fill | Picture | Scrim, width: float, height: float, bleed: float) -> Fill | Picture | Scrim:
    x, y, w, h = box.x_pt, box.y_pt, box.width_pt, box.height_pt
    left, bottom = x <= _EDGE, y <= _EDGE
    right, top = x + w >= width - _EDGE, y + h >= height - _EDGE
    x, w = (x - bleed if left else x), w + bleed * (left + right)
    y, h = (y - bleed if bottom else y), h + bleed * (bottom + top)
    return replace(box, x_pt=x, y_pt=y, width_pt=w, height_pt=h)


def _crop_marks(width: float, height: float, bleed: float, margin: float) -> list[Box]:
    """Two marks at each corner, on the trim lines, starting outside the bleed."""
    marks: list[Box] = []
    length, thick = d.CROP_MARK_PT, d.CROP_MARK_WIDTH_PT
    near = margin - bleed - length
    for x in (margin, margin + width):
        for start in (near, margin + height + bleed):
            marks.append(Fill(x - thick / 2, start, thick, length, REGISTRATION))
    for y in (margin, margin + height):
        for start in (near, margin + width + bleed):
            marks.append(Fill(start, y - thick / 2, length, thick, REGISTRATION))
    return marks
