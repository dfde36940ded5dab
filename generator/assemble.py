"""Drawn chunks of booklet pages -> one PDF, with pypdf.

The booklet is drawn in chunks of pages (each its own small PDF) and put
together here; what spans chunks is added afterwards by a list of steps over
the merged document: links between pages, bookmarks, page labels, document
metadata, and storing images that several chunks carry once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.constants import PageLabelStyle
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from . import __version__
from .booklet import BookletPlan, Bookmark
from .boxes import Page, PageLink
from .render import DocumentInfo

Links = list[tuple[float, ...]]


def page_links(index: int, page: Page) -> list[tuple[float, ...]]:
    """The links to other pages that page `index` of a booklet carries:
    (page index, x0, y0, x1, y1, target page number)."""
    return [
        (index, box.x_pt, box.y_pt, box.x_pt + box.width_pt, box.y_pt + box.height_pt, box.page)
        for box in page.boxes
        if isinstance(box, PageLink)
    ]


def assemble_booklet(chunks: list[Path], links: Links, plan: BookletPlan, info: DocumentInfo, out: BinaryIO) -> None:
    """Put the drawn chunks (PDF files, in page order) together into `out`.
    Each chunk is read, copied and let go, so memory holds one at a time."""
    writer = PdfWriter()
    for chunk in chunks:
        for page in PdfReader(chunk).pages:
            writer.add_page(page)
    for step in STEPS:
        step(writer, plan, links, info)
    writer.write(out)


def saddle_order(count: int) -> list[tuple[int, int]]:
    """Page pairs (left, right) of each printer's spread for a saddle-stitched
    booklet of `count` pages: 8 pages give 8-1, 2-7, 6-3, 4-5."""
    pairs = []
    for sheet in range(count // 4):
        pairs.append((count - 2 * sheet, 2 * sheet + 1))  # outside of the folded sheet
        pairs.append((2 * sheet + 2, count - 2 * sheet - 1))  # inside
    return pairs


def impose_saddle(source: Path, out: BinaryIO) -> None:
    """Two trimmed pages side by side on each spread, in saddle order."""
    reader = PdfReader(source)
    trim = reader.pages[0].trimbox
    width, height = float(trim.width), float(trim.height)
    writer = PdfWriter()
    for left, right in saddle_order(len(reader.pages)):
        spread = writer.add_blank_page(2 * width, height)
        for slot, number in enumerate((left, right)):
            page = reader.pages[number - 1]
            page.cropbox = page.trimbox  # merging clips to the crop box: the bleed stays off the spread
            move = Transformation().translate(slot * width - float(page.trimbox.left), -float(page.trimbox.bottom))
            spread.merge_transformed_page(page, move)
    writer.add_metadata(
        {"/Title": f"{reader.metadata.title if reader.metadata else ''} (imposed for saddle stitching)"}
    )
    writer.write(out)


def _add_page_links(writer: PdfWriter, plan: BookletPlan, links: Links, info: DocumentInfo) -> None:
    """Contents, index and related titles: each entry opens its page (link
    annotations written directly: thousands go into a large booklet)."""
    pages = list(writer.pages)
    targets = [page.indirect_reference for page in pages]
    no_border = ArrayObject([NumberObject(0)] * 3)
    for index, x0, y0, x1, y1, target in links:
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([FloatObject(round(v, 2)) for v in (x0, y0, x1, y1)]),
                NameObject("/Border"): no_border,
                NameObject("/Dest"): ArrayObject([targets[int(target) - 1], NameObject("/Fit")]),
            }
        )
        page = pages[int(index)]
        if "/Annots" not in page:
            page[NameObject("/Annots")] = ArrayObject()
        annotations = page["/Annots"].get_object()
        assert isinstance(annotations, ArrayObject)
        annotations.append(writer._add_object(link))


def _add_bookmarks(writer: PdfWriter, plan: BookletPlan, links: Links, info: DocumentInfo) -> None:
    def add(bookmark: Bookmark, parent: IndirectObject | None = None) -> None:
        item = writer.add_outline_item(
            title=bookmark.title, page_number=bookmark.page - 1, parent=parent, is_open=False
        )
        for child in bookmark.children:
            add(child, item)

    for bookmark in plan.bookmarks:
        add(bookmark)
    writer.page_mode = "/UseOutlines"


def _add_page_labels(writer: PdfWriter, plan: BookletPlan, links: Links, info: DocumentInfo) -> None:
    """Viewers show the printed page numbers: the cover is page 1."""
    writer.set_page_label(0, len(plan.pages) - 1, style=PageLabelStyle.DECIMAL, start=1)


def _add_metadata(writer: PdfWriter, plan: BookletPlan, links: Links, info: DocumentInfo) -> None:
    set_metadata(writer, info)


def set_metadata(writer: PdfWriter, info: DocumentInfo) -> None:
    """Title, author, subject, keywords, creator and language of a pypdf
    document."""
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
    if info.language:
        writer.root_object[NameObject("/Lang")] = TextStringObject(info.language)


def _store_shared_images_once(writer: PdfWriter, plan: BookletPlan, links: Links, info: DocumentInfo) -> None:
    """Chunks may carry the same images (the logo, one picture cropped alike
    for several pages, the shade behind titles); keep one copy of each.
    Only images are compared, by their data and their mask's: pypdf's pass
    over every object (compress_identical_objects) costs seconds on a large
    booklet and finds little else, since each chunk subsets its own fonts."""
    first: dict[str, IndirectObject] = {}
    replaced: dict[int, IndirectObject] = {}  # dropped object number -> the copy kept
    for page in writer.pages:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        if xobjects is None:
            continue
        xobjects = xobjects.get_object()
        for name, reference in list(xobjects.items()):
            if reference.idnum in replaced:  # one chunk's image used on several pages
                xobjects[NameObject(name)] = replaced[reference.idnum]
                continue
            image = reference.get_object()
            if image.get("/Subtype") != "/Image":
                continue
            mask = image.get("/SMask")
            fingerprint = hashlib.sha256(image._data)
            fingerprint.update(repr(sorted((k, v) for k, v in image.items() if k != "/SMask")).encode())
            if mask is not None:
                fingerprint.update(mask.get_object()._data)
            kept = first.setdefault(fingerprint.hexdigest(), reference)
            if kept != reference:
                xobjects[NameObject(name)] = replaced[reference.idnum] = kept
                _drop(writer, reference)
                if mask is not None:
                    _drop(writer, mask)


def _drop(writer: PdfWriter, reference: IndirectObject) -> None:
    """Leave an object out of the file (pypdf skips empty object slots)."""
    writer._objects[reference.idnum - 1] = None


STEPS: tuple[Callable[[PdfWriter, BookletPlan, Links, DocumentInfo], None], ...] = (
    _add_page_links,
    _add_bookmarks,
    _add_page_labels,
    _add_metadata,
    _store_shared_images_once,
)
