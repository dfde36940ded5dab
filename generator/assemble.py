"""Drawn pages -> the booklet's PDF, with pikepdf.

Each page is drawn once. A programme's page of the booklet is its sheet as
built, copied, with a small overlay on top (its page number, the pages of
its related titles): `compose_chunk` puts sixteen pages together that way,
in a worker, and the booklet is the chunks put end to end (`assemble`),
with what spans chunks added last: links between pages, bookmarks, page
labels, metadata, and one copy of each image and font program that several
pages carry (a sheet's logo, a picture shown twice, subsets that came out
alike). A chunk's resources are fingerprinted once, when it is composed, and
kept with it: putting the booklet together compares fingerprints, and knows
the weight of each picture without reading the booklet again.

Streams are copied as they are, never decoded and compressed again; the
document id is derived from the content, so the same input gives the same
bytes.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf

from . import __version__
from .booklet import BookletPlan, Bookmark
from .boxes import Page, PageLink
from .cache import Link, Resource
from .design import CHUNK_PAGES
from .render import DocumentInfo

_SAVE = {"stream_decode_level": pikepdf.StreamDecodeLevel.none, "compress_streams": False}


def _saved(pdf: Pdf, **options: Any) -> bytes:
    """A document's bytes, the same for the same content. Saved in memory:
    a failed write into a file from within qpdf aborts the process, where
    Python's write raises an OSError that is reported."""
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, **{**_SAVE, **options})
    return buffer.getvalue()


def page_links(index: int, page: Page) -> list[Link]:
    """The links to other pages that page `index` of a booklet carries."""
    return [
        Link(index, (box.x_pt, box.y_pt, box.x_pt + box.width_pt, box.y_pt + box.height_pt), box.page)
        for box in page.boxes
        if isinstance(box, PageLink)
    ]


@dataclass(frozen=True)
class Sheet:
    """A programme's page of the booklet: its drawn sheet (a one-page PDF)."""

    pdf: Path


@dataclass(frozen=True)
class Chunk:
    """Pages of the booklet put together, and their resources."""

    pdf: bytes
    resources: list[Resource]


@dataclass(frozen=True)
class Assembled:
    """What a booklet's assembly knows of it: its size, and each picture
    once, by the index of the first page that shows it, with its bytes."""

    size: int
    pictures: list[tuple[int, int]]


def compose_chunk(sources: Sequence[Sheet | None], drawn: bytes) -> Chunk:
    """Pages of the booklet in one PDF: where `sources` has a sheet, the
    sheet with the page of `drawn` at the same place laid over it;
    elsewhere the page of `drawn` itself (a contents, index or notes page)."""
    layer = Pdf.open(io.BytesIO(drawn))
    out = Pdf.new()
    opened = []
    for index, source in enumerate(sources):
        if source is None:
            out.pages.append(layer.pages[index])
            continue
        sheet = Pdf.open(io.BytesIO(source.pdf.read_bytes()))
        opened.append(sheet)
        out.pages.append(sheet.pages[0])
        _overlay(out, out.pages[-1], layer.pages[index])
    resources = _store_once(out)
    return Chunk(_saved(out), resources)


def _overlay(pdf: Pdf, page: pikepdf.Page, layer: pikepdf.Page) -> None:
    """Draw `layer` (a page of the same size) over `page`, under a fixed
    resource name: pikepdf's add_overlay picks a random one, and the same
    inputs must give the same bytes."""
    form = pdf.copy_foreign(layer.as_form_xobject())
    name = page.add_resource(form, Name.XObject, Name("/OnesheetOverlay"))
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"\nQ\nq " + bytes(name.unparse()) + b" Do Q\n")


def assemble(
    chunks: Sequence[tuple[Path, Sequence[Resource]]],
    links: Sequence[Link],
    plan: BookletPlan,
    info: DocumentInfo,
    out: BinaryIO,
) -> Assembled:
    """The booklet from its chunks (PDF files, in page order, each with its
    resources as `compose_chunk` found them)."""
    pdf = Pdf.new()
    opened = []
    known: list[tuple[int, Resource]] = []  # each with the chunk it comes from
    for number, (chunk, resources) in enumerate(chunks):
        part = Pdf.open(io.BytesIO(chunk.read_bytes()))
        opened.append(part)
        start = len(pdf.pages)
        known += [(number, resource.moved(start)) for resource in resources]
        pdf.pages.extend(part.pages)
    _link_pages(pdf, links)
    _add_bookmarks(pdf, plan.bookmarks)
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))  # viewers show the printed numbers
    pdf.Root.PageMode = Name.UseOutlines
    set_metadata(pdf, info)
    _share(pdf, known)
    data = _saved(pdf)
    out.write(data)
    return Assembled(len(data), pictures_of([resources for _, resources in chunks]))


def reassemble(
    previous: bytes,
    chunks: Sequence[tuple[Path, Sequence[Resource]]],
    changed: Collection[int],
    links: Sequence[Link],
    plan: BookletPlan,
    info: DocumentInfo,
    out: BinaryIO,
) -> Assembled:
    """The booklet from the previous one (`previous`), whose chunks held as
    many pages each: the pages of the `changed` chunks (by their number)
    take the content, resources and links of the new ones, in place, so
    that every link and bookmark to them still holds; bookmarks and
    metadata are set again. What `assemble` makes of the same chunks."""
    pdf = Pdf.open(io.BytesIO(previous))
    pages = list(pdf.pages)
    opened = []
    known: list[tuple[int, Resource]] = []
    for number, (chunk, resources) in enumerate(chunks):
        start = number * CHUNK_PAGES
        known += [(number, resource.moved(start)) for resource in resources]
        if number not in changed:
            continue
        part = Pdf.open(io.BytesIO(chunk.read_bytes()))
        opened.append(part)
        _replace_pages(pdf, [page.obj for page in pages[start : start + len(part.pages)]], part)
    replaced = {number * CHUNK_PAGES + offset for number in changed for offset in range(CHUNK_PAGES)}
    _link_pages(pdf, [link for link in links if link.page in replaced])
    del pdf.Root.Outlines
    _add_bookmarks(pdf, plan.bookmarks)
    set_metadata(pdf, info)
    _share(pdf, known, changed)
    data = _saved(pdf)
    out.write(data)
    return Assembled(len(data), pictures_of([resources for _, resources in chunks]))


def _replace_pages(pdf: Pdf, pages: Sequence[Dictionary], source: Pdf) -> None:
    """Give pages of `pdf` what the pages of `source` hold (content,
    resources, boxes, their own annotations), keeping the page objects
    themselves. Copied in one go: the first copy into a document reads
    every object of it (0.45 s for a booklet of 1,000 pages)."""
    kept = ("/Parent", "/Type")
    copies = source.make_indirect(
        Array([Dictionary({key: value for key, value in page.obj.items() if key not in kept}) for page in source.pages])
    )
    for page, new in zip(pages, pdf.copy_foreign(copies)):
        for key in set(page.keys()) - set(new.keys()) - set(kept):
            del page[key]
        for key, value in new.items():
            page[key] = value


def assemble_pack(
    letter: bytes,
    sheets: Sequence[tuple[str, Path]],
    stamp: bytes,
    info: DocumentInfo,
    letter_title: str,
    out: BinaryIO,
) -> None:
    """A buyer's pack: the letter, then the sheets as built, every page
    with the stamp laid over it, a bookmark per title."""
    pdf = Pdf.new()
    opened = [Pdf.open(io.BytesIO(letter))]
    pdf.pages.append(opened[0].pages[0])
    marks = [Bookmark(letter_title, 1)]
    for title, path in sheets:
        sheet = Pdf.open(io.BytesIO(path.read_bytes()))
        opened.append(sheet)
        marks.append(Bookmark(title, len(pdf.pages) + 1))
        pdf.pages.extend(sheet.pages)
    layer = Pdf.open(io.BytesIO(stamp))
    for page in pdf.pages:
        _overlay(pdf, page, layer.pages[0])
    _add_bookmarks(pdf, marks)
    pdf.Root.PageMode = Name.UseOutlines
    set_metadata(pdf, info)
    out.write(_saved(pdf))


def set_metadata(pdf: Pdf, info: DocumentInfo) -> None:
    """Title, author, subject, keywords, creator and language of a
    document."""
    pdf.docinfo[Name.Title] = info.title
    pdf.docinfo[Name.Author] = info.author
    pdf.docinfo[Name.Subject] = info.subject
    pdf.docinfo[Name.Keywords] = ", ".join(info.keywords)
    pdf.docinfo[Name.Creator] = f"Onesheet {__version__}"
    pdf.docinfo[Name.Producer] = "Onesheet with reportlab and pikepdf"
    if info.language:
        pdf.Root.Lang = pikepdf.String(info.language)


def _link_pages(pdf: Pdf, links: Sequence[Link]) -> None:
    """Contents, index and related titles: each entry opens its page."""
    pages = list(pdf.pages)
    for link in links:
        page = pages[link.page]
        annotation = pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array([round(value, 2) for value in link.rect]),
                Border=Array([0, 0, 0]),
                Dest=Array([pages[link.target - 1].obj, Name.Fit]),
            )
        )
        if Name.Annots not in page.obj:
            page.obj.Annots = Array()
        page.obj.Annots.append(annotation)


def _add_bookmarks(pdf: Pdf, bookmarks: Sequence[Bookmark]) -> None:
    def item(bookmark: Bookmark) -> OutlineItem:
        entry = OutlineItem(bookmark.title, bookmark.page - 1)
        entry.children.extend(item(child) for child in bookmark.children)
        return entry

    with pdf.open_outline() as outline:
        outline.root.extend(item(bookmark) for bookmark in bookmarks)


def _store_once(pdf: Pdf) -> list[Resource]:
    """One copy of each image and font that several pages carry: objects
    compared by their content, streams by their bytes as stored. Returns
    every page's resources, with their fingerprints."""
    seen: dict[tuple[int, int], str] = {}

    def mark(obj: pikepdf.Object) -> tuple[str, int]:
        image = obj.get(Name.Subtype) == Name.Image
        return _fingerprint(obj, seen), len(obj.read_raw_bytes()) if image else 0

    kept: dict[str, pikepdf.Object] = {}
    resources: list[Resource] = []
    for index, page in enumerate(pdf.pages):
        tables = page.obj.get(Name.Resources)
        if tables is None:
            continue
        for kind in ("/XObject", "/Font"):
            table = tables.get(kind)
            if table is None:
                continue
            for name in sorted(table.keys()):  # a set: in the order of its names, the same every run
                reference = table[name]
                if not reference.is_indirect:
                    continue
                fingerprint, weight = mark(reference)
                resources.append(Resource(index, kind, name, fingerprint, weight))
                first = kept.setdefault(fingerprint, reference)
                if first.objgen != reference.objgen:
                    table[name] = first
                elif kind == "/Font":
                    for part, key, stream in _font_files(first):
                        within = f"{name} {part} {key}"
                        fingerprint = _fingerprint(stream, seen)
                        resources.append(Resource(index, "/FontFile", within, fingerprint))
                        kept_file = kept.setdefault(fingerprint, stream)
                        if kept_file.objgen != stream.objgen:  # fonts that differ in their dictionaries (widths,
                            part_descriptor = _descendants(first)[part].FontDescriptor  # names) may embed the
                            part_descriptor[key] = kept_file  # same subset: one copy of the font file itself
    return resources


def pictures_of(chunks: Sequence[Sequence[Resource]]) -> list[tuple[int, int]]:
    """Each picture of a booklet once, from its chunks' resources: (the
    first page that shows it, its bytes)."""
    seen: set[str] = set()
    pictures = []
    for number, resources in enumerate(chunks):
        for resource in resources:
            if resource.weight and resource.fingerprint not in seen:
                pictures.append((number * CHUNK_PAGES + resource.page, resource.weight))
            seen.add(resource.fingerprint)
    return pictures


def _share(pdf: Pdf, known: Sequence[tuple[int, Resource]], changed: Collection[int] | None = None) -> None:
    """What `_store_once` does, for chunks put end to end whose resources
    it found already (`known`, each with its chunk): every resource points
    to the first with its fingerprint, in any chunk, and only a resource
    whose first is in another chunk is touched (within a chunk, they are one
    object already). Given the `changed` chunks of a booklet shared before,
    the others are left as they are, and come first."""
    pages = [page.obj for page in pdf.pages]
    firsts: dict[str, tuple[int, Resource]] = {}
    objects: dict[str, pikepdf.Object] = {}
    shared_fonts: set[tuple[int, str]] = set()  # fonts replaced whole: their font programs go with them
    if changed is not None:
        for chunk, resource in known:
            if chunk not in changed:
                firsts.setdefault(resource.fingerprint, (chunk, resource))
        known = [(chunk, resource) for chunk, resource in known if chunk in changed]

    for chunk, resource in known:
        if resource.kind == "/FontFile" and (resource.page, resource.name.split(" ")[0]) in shared_fonts:
            continue
        first_chunk, first = firsts.setdefault(resource.fingerprint, (chunk, resource))
        if first_chunk == chunk:
            continue
        if resource.fingerprint not in objects:
            holder, key = holding(pages, first)
            objects[resource.fingerprint] = holder[key]
        holder, key = holding(pages, resource)
        holder[key] = objects[resource.fingerprint]
        if resource.kind == "/Font":
            shared_fonts.add((resource.page, resource.name))


def holding(pages: Sequence[Dictionary], resource: Resource, start: int = 0) -> tuple[pikepdf.Object, str]:
    """The dictionary that holds a resource of the pages from `start` on,
    and its key there."""
    tables = pages[start + resource.page].Resources
    if resource.kind != "/FontFile":
        return tables[resource.kind], resource.name
    font, part, key = resource.name.split(" ")
    return _descendants(tables.Font[font])[int(part)].FontDescriptor, key


def _descendants(font: pikepdf.Object) -> list[pikepdf.Object]:
    return list(font.get(Name.DescendantFonts, [font]))


def _font_files(font: pikepdf.Object) -> list[tuple[int, str, pikepdf.Object]]:
    """The embedded font programs of a font: (part, key in its descriptor, stream)."""
    found = []
    for part, descendant in enumerate(_descendants(font)):
        descriptor = descendant.get(Name.FontDescriptor)
        if descriptor is None:
            continue
        for key in ("/FontFile2", "/FontFile3", "/FontFile"):
            stream = descriptor.get(key)
            if stream is not None and stream.is_indirect:
                found.append((part, key, stream))
    return found


_PLAIN = frozenset({int, Decimal, bool, type(None)})  # how pikepdf gives a PDF's numbers, booleans and null
_REFERENCE = re.compile(rb"\d+ \d+ R")  # an indirect object, as an array refers to it


def _fingerprint(obj: pikepdf.Object, seen: dict[tuple[int, int], str]) -> str:
    """A digest of an object's content and of everything it refers to."""
    if obj.is_indirect and obj.objgen in seen:
        return seen[obj.objgen]
    hasher = hashlib.sha256()
    if isinstance(obj, pikepdf.Stream):
        hasher.update(obj.read_raw_bytes())
        items = [(key, obj.stream_dict[key]) for key in sorted(obj.stream_dict.keys()) if key != "/Length"]
    elif isinstance(obj, Dictionary):
        items = [(key, obj[key]) for key in sorted(obj.keys())]
    elif isinstance(obj, Array):
        written = obj.unparse()
        if _REFERENCE.search(written) is None:  # all its items direct (a font's widths): as written, in one piece
            hasher.update(b"[]" + written)
            items = []
        else:
            items = [(str(number), value) for number, value in enumerate(obj)]
    else:
        hasher.update(obj.unparse())
        items = []
    for key, value in items:
        if type(value) in _PLAIN:  # two values in three (a font's widths): hashed as below, without the type tests
            hasher.update(key.encode() + repr(value).encode())
            continue
        hasher.update(key.encode())
        if isinstance(value, Dictionary | Array | pikepdf.Stream) or getattr(value, "is_indirect", False):
            hasher.update(_fingerprint(value, seen).encode())
        elif isinstance(value, pikepdf.Object):
            hasher.update(value.unparse())
        else:  # numbers and booleans come back as Python's
            hasher.update(repr(value).encode())
    fingerprint = hasher.hexdigest()
    if obj.is_indirect:
        seen[obj.objgen] = fingerprint
    return fingerprint


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
    booklet = Pdf.open(source)
    first = booklet.pages[0]
    trim = [float(value) for value in first.trimbox]
    width, height = trim[2] - trim[0], trim[3] - trim[1]
    spreads = Pdf.new()
    for left, right in saddle_order(len(booklet.pages)):
        spread = spreads.add_blank_page(page_size=(2 * width, height))
        for slot, number in enumerate((left, right)):
            page = booklet.pages[number - 1]
            x0, y0, x1, y1 = (float(value) for value in page.trimbox)
            spread.add_overlay(page, pikepdf.Rectangle(slot * width, 0, slot * width + (x1 - x0), y1 - y0))
    title = str(booklet.docinfo.get(Name.Title, ""))
    spreads.docinfo[Name.Title] = f"{title} (imposed for saddle stitching)"
    out.write(_saved(spreads, compress_streams=True))
