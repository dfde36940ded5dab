"""A page laid out left to right -> the same page for a right-to-left
language (Arabic, Persian, Hebrew...).

A generic transform, independent of what a layout places where: every box
is mirrored across the page's vertical axis. Columns swap sides, each line
of text ends up flush with the right edge of its column (the start edge of
the reading direction), pictures, QR codes and the logo move without being
flipped, and the text itself keeps the order the text engine gave it.
"""

from __future__ import annotations

from dataclasses import replace

from .boxes import Box, Page, QrCode
from .shaping import is_rtl


def for_language(page: Page, language: str) -> Page:
    """The page mirrored when `language` is written right to left."""
    if not is_rtl(language):
        return page
    return replace(page, boxes=tuple(_mirrored(box, page.width_pt) for box in page.boxes))


def _mirrored(box: Box, page_width: float) -> Box:
    width = box.size_pt if isinstance(box, QrCode) else box.width_pt
    return replace(box, x_pt=page_width - box.x_pt - width)
