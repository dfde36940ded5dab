"""Drawn chunks of booklet pages -> one PDF, with pypdf.

The booklet is drawn in chunks of pages (each its own small PDF) and put
together here; what spans chunks is added afterwards by a list of steps over
the merged document: links between pages, bookmarks, page labels, document
metadata, and storing identical objects (logo, fonts' shared parts) once.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.constants import PageLabelStyle
from pypdf.generic import Fit, IndirectObject

from . import __version__
from .booklet import BookletLayout, Bookmark
from .boxes import PageLink
from .render import DocumentInfo


def assemble_booklet(chunks: list[bytes], layout: BookletLayout, info: DocumentInfo) -> bytes:
    writer = PdfWriter()
    for chunk in chunks:
        writer.append(PdfReader(io.BytesIO(chunk)), import_outline=False)
    for step in STEPS:
        step(writer, layout, info)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _add_page_links(writer: PdfWriter, layout: BookletLayout, info: DocumentInfo) -> None:
    """Contents, index and related titles: each entry opens its page."""
    for index, page in enumerate(layout.pages):
        for box in page.boxes:
            if isinstance(box, PageLink):
                rect = (box.x_pt, box.y_pt, box.x_pt + box.width_pt, box.y_pt + box.height_pt)
                link = Link(rect=rect, border=[0, 0, 0], target_page_index=box.page - 1, fit=Fit.fit())
                writer.add_annotation(page_number=index, annotation=link)


def _add_bookmarks(writer: PdfWriter, layout: BookletLayout, info: DocumentInfo) -> None:
    def add(bookmark: Bookmark, parent: IndirectObject | None = None) -> None:
        item = writer.add_outline_item(
            title=bookmark.title, page_number=bookmark.page - 1, parent=parent, is_open=False
        )
        for child in bookmark.children:
            add(child, item)

    for bookmark in layout.bookmarks:
        add(bookmark)
    writer.page_mode = "/UseOutlines"


def _add_page_labels(writer: PdfWriter, layout: BookletLayout, info: DocumentInfo) -> None:
    """Viewers show the printed page numbers: the cover is page 1."""
    writer.set_page_label(0, len(layout.pages) - 1, style=PageLabelStyle.DECIMAL, start=1)


def _add_metadata(writer: PdfWriter, layout: BookletLayout, info: DocumentInfo) -> None:
    writer.add_metadata(
        {
            "/Title": info.title,
            "/Author": info.author,
            "/Subject": info.subject,
            "/Keywords": ", ".join(info.keywords),
            "/Creator": f"Onesheet {__version__}",
            "/Producer": "Onesheet with reportlab and pypdf",
        }
    )


def _store_shared_objects_once(writer: PdfWriter, layout: BookletLayout, info: DocumentInfo) -> None:
    """Chunks each carry the logo and other shared images; keep one copy.
    Twice: an image is identical to its twin only once their soft masks
    have been merged by the first pass."""
    writer.compress_identical_objects()
    writer.compress_identical_objects()


STEPS: tuple[Callable[[PdfWriter, BookletLayout, DocumentInfo], None], ...] = (
    _add_page_links,
    _add_bookmarks,
    _add_page_labels,
    _add_metadata,
    _store_shared_objects_once,
)
