"""A booklet updated in place: the previous file's bytes as they are, then
an incremental update (ISO 32000-1, 7.5.6) holding only what changed.

When only some chunks of a booklet changed and its pages stay where they
were, the changed pages keep their object numbers and get new versions of
themselves appended: their content, resources, overlays and annotations,
each a new object, except the resources that the booklet already holds
(same fingerprint, see `assemble.Resource`): those are referred to where
they are. A cross-reference section and trailer in the file's own kind (a
table: the booklet is written without object streams) close the update,
pointing back to the previous one (/Prev). Nothing of the previous file is
read but its trailer, page tree and the resources referred to (pikepdf
reads lazily), and nothing of it is written again: one changed synopsis in
a booklet of 1,000 pages appends about a hundred kilobytes instead of
saving 100 MB.

The objects replaced stay in the file, unused; `chunks.py` puts the booklet
together whole again when they weigh too much (`MAX_DEAD_SHARE`).
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import shutil
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from .assemble import Assembled, holding, pictures_of
from .cache import Link, Resource
from .design import CHUNK_PAGES

MAX_DEAD_SHARE = 0.15  # of the booklet as last written whole: beyond, it is written whole again (compacted)
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
ObjGen = tuple[int, int]


def update(
    previous: Path,
    chunks: Sequence[tuple[Path, Sequence[Resource]]],
    changed: Collection[int],
    before: Mapping[int, Sequence[Resource]],
    links: Sequence[Link],
) -> tuple[bytes, Assembled]:
    """The incremental update that turns the booklet `previous` (put
    together from chunks of as many pages) into the one `chunks` make,
    where the `changed` chunks (by number) are new: the bytes to append,
    and what assembly knows of the result. `before`: the resources of the
    changed chunks' previous versions, where known, whose objects can still
    be referred to. Raises ValueError for a previous file it cannot read."""
    size = previous.stat().st_size
    opened: list[Pdf] = []
    try:
        with Pdf.open(previous) as old:
            pages = [page.obj for page in old.pages]
            shared = _SharedObjects(pages, [found for _, found in chunks], changed, before)
            writer = _Update(size, int(old.trailer.Size))
            for number in sorted(changed):
                path, resources = chunks[number]
                part = Pdf.open(io.BytesIO(path.read_bytes()))
                opened.append(part)
                start = number * CHUNK_PAGES
                writer.add(number, part, pages[start : start + len(part.pages)], shared.within(number, part, resources))
            for link in links:
                if link.page // CHUNK_PAGES in changed:
                    writer.link(pages[link.page].objgen, link, pages[link.target - 1].objgen)
            data = writer.finish(old.trailer, _last_xref(previous))
    except pikepdf.PdfError as exc:
        raise ValueError(f"{previous}: {exc}") from None
    finally:
        for part in opened:
            part.close()
    return data, Assembled(size + len(data), pictures_of([found for _, found in chunks]))


def _last_xref(path: Path) -> int:
    """Where the last cross-reference section of a PDF starts."""
    with path.open("rb") as stream:
        stream.seek(max(0, path.stat().st_size - 1024))
        found = _STARTXREF.search(stream.read())
    if found is None:
        raise ValueError(f"{path}: no startxref at its end")
    return int(found[1])


def copy_then(previous: Path, data: bytes, out: BinaryIO) -> None:
    """Write the previous file's bytes to `out`, then the update `data`.
    Copied by the kernel where it can (a quarter of the time of a copy
    through Python's buffers, for 100 MB)."""
    with previous.open("rb") as source:
        out.flush()
        size = left = os.fstat(source.fileno()).st_size
        try:
            while left > 0:
                copied = os.copy_file_range(source.fileno(), out.fileno(), left)
                if copied == 0:
                    break
                left -= copied
        except OSError as exc:  # a file system or kernel without it: through Python then
            if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
                raise
        if left:
            source.seek(size - left)
            shutil.copyfileobj(source, out, 1 << 22)
    out.write(data)


Shared = dict[ObjGen, tuple[int | None, ObjGen]]  # a chunk's object -> (None, the previous file's) or (chunk, its)


class _SharedObjects:
    """Where a changed chunk's resources already are: in the booklet (the
    first object with their fingerprint in an unchanged chunk, else in the
    changed chunk's previous version), or in an earlier changed chunk."""

    def __init__(
        self,
        pages: Sequence[Dictionary],
        chunks: Sequence[Sequence[Resource]],
        changed: Collection[int],
        before: Mapping[int, Sequence[Resource]],
    ) -> None:
        self.pages = pages  # of the previous file
        self.firsts: dict[str, tuple[int, Resource]] = {}  # in the previous file: the page of the booklet, and where
        for number, resources in enumerate(chunks):
            if number not in changed:
                for resource in resources:
                    self.firsts.setdefault(resource.fingerprint, (number * CHUNK_PAGES, resource))
        for number in sorted(changed):
            for resource in before.get(number, ()):
                self.firsts.setdefault(resource.fingerprint, (number * CHUNK_PAGES, resource))
        self.new: dict[str, tuple[int, ObjGen]] = {}  # first in a changed chunk: (chunk, object in it)

    def within(self, number: int, part: Pdf, resources: Sequence[Resource]) -> Shared:
        """The objects of chunk `number` (opened as `part`) that are
        held elsewhere already."""
        pages = [page.obj for page in part.pages]
        found: Shared = {}
        whole: set[tuple[int, str]] = set()  # fonts shared whole: their font programs go with them
        for resource in resources:
            if resource.kind == "/FontFile" and (resource.page, resource.name.split(" ")[0]) in whole:
                continue
            mine = _held(pages, 0, resource).objgen
            first = self.firsts.get(resource.fingerprint)
            if first is not None:
                found[mine] = (None, _held(self.pages, *first).objgen)
            else:
                chunk, theirs = self.new.setdefault(resource.fingerprint, (number, mine))
                if chunk == number:
                    continue  # the first, or within a chunk already one object
                found[mine] = (chunk, theirs)
            if resource.kind == "/Font":
                whole.add((resource.page, resource.name))
        return found


def _held(pages: Sequence[Dictionary], start: int, resource: Resource) -> pikepdf.Object:
    """The object of a resource of the chunk whose first page is `start`."""
    holder, key = holding(pages, resource, start)
    return holder[key]


class _Update:
    """The objects of an incremental update, numbered from `size` (the
    previous trailer's /Size) and written out from `offset` in the file."""

    def __init__(self, offset: int, size: int) -> None:
        self.offset = offset
        self.size = size
        self.body = io.BytesIO()
        self.xref: dict[int, tuple[int, int]] = {}  # object number -> (offset, generation)
        self.parts: dict[int, Pdf] = {}  # the changed chunks, by number
        self.shared: dict[int, Shared] = {}
        self.in_place: dict[int, dict[ObjGen, ObjGen]] = {}  # a chunk's pages -> the pages they replace
        self.numbers: dict[tuple[int, ObjGen], ObjGen] = {}  # (chunk, object in it) -> new object
        self.pending: list[tuple[int, ObjGen]] = []  # (chunk, object in it) numbered, not yet written
        self.annotations: dict[ObjGen, list[bytes]] = {}  # page -> the links to add on it
        self.parents: dict[ObjGen, ObjGen] = {}  # a replaced page -> its node of the page tree

    def add(self, number: int, part: Pdf, pages: Sequence[Dictionary], shared: Shared) -> None:
        """Chunk `number`, whose pages replace `pages` of the previous file."""
        self.parts[number] = part
        self.shared[number] = shared
        self.in_place[number] = {page.obj.objgen: at.objgen for page, at in zip(part.pages, pages)}
        self.parents.update((at.objgen, at.Parent.objgen) for at in pages)

    def link(self, page: ObjGen, link: Link, target: ObjGen) -> None:
        """A link on a changed page to another page of the booklet."""
        rect = b" ".join(_real(round(value, 2)) for value in link.rect)
        self.annotations.setdefault(page, []).append(
            b"<</Type/Annot/Subtype/Link/Rect[" + rect + b"]/Border[0 0 0]/Dest[%d %d R/Fit]>>" % target
        )

    def finish(self, trailer: pikepdf.Object, previous_xref: int) -> bytes:
        """The update: pages, what they refer to, the cross-reference
        section and the trailer."""
        for number, part in self.parts.items():
            for page in part.pages:
                self._page(number, page.obj)
        while self.pending:
            chunk, objgen = self.pending.pop(0)
            self._object(self.numbers[(chunk, objgen)], self.parts[chunk].get_object(objgen), chunk)
        return self._close(trailer, previous_xref)

    def _number(self, chunk: int, objgen: ObjGen) -> ObjGen:
        """The object in the file that an object of a chunk becomes."""
        if objgen in self.in_place[chunk]:
            return self.in_place[chunk][objgen]
        held, theirs = self.shared[chunk].get(objgen, (chunk, objgen))
        if held is None:
            return theirs
        found = self.numbers.get((held, theirs))
        if found is None:
            found = self.numbers[(held, theirs)] = self._allocate()
            self.pending.append((held, theirs))
        return found

    def _allocate(self) -> ObjGen:
        self.size += 1
        return self.size - 1, 0

    def _page(self, chunk: int, page: Dictionary) -> None:
        """A new version of the page a chunk's page replaces: in the
        booklet's page tree, with its own annotations and its links."""
        at = self.in_place[chunk][page.objgen]
        number = partial(self._number, chunk)
        entries = [b"/Parent %d %d R" % self.parents[at]]
        for key in sorted(page.keys()):
            if key not in ("/Parent", "/Annots"):
                entries.append(_name(key) + b" " + _value(page.get(key), number))
        own = page.get(Name.Annots)
        items = [_value(item, number) for item in (own if own is not None else [])]
        for annotation in self.annotations.get(at, []):
            made = self._allocate()
            self._start(made)
            self.body.write(annotation + b"\nendobj\n")
            items.append(b"%d %d R" % made)
        if own is not None or items:
            entries.append(b"/Annots[" + b" ".join(items) + b"]")
        self._start(at)
        self.body.write(b"<<" + b"".join(entries) + b">>\nendobj\n")

    def _object(self, at: ObjGen, obj: pikepdf.Object, chunk: int) -> None:
        number = partial(self._number, chunk)
        self._start(at)
        if not isinstance(obj, pikepdf.Stream):
            self.body.write(_direct(obj, number) + b"\nendobj\n")
            return
        raw = obj.read_raw_bytes()
        found = obj.stream_dict
        entries = [
            _name(key) + b" " + _value(found.get(key), number) for key in sorted(found.keys()) if key != "/Length"
        ]
        self.body.write(b"<<" + b"".join(entries) + b"/Length %d>>\nstream\n" % len(raw))
        self.body.write(raw)
        self.body.write(b"\nendstream\nendobj\n")

    def _start(self, at: ObjGen) -> None:
        self.xref[at[0]] = (self.offset + self.body.tell(), at[1])
        self.body.write(b"%d %d obj\n" % at)

    def _close(self, trailer: pikepdf.Object, previous_xref: int) -> bytes:
        """The cross-reference section (a subsection per run of numbers)
        and the trailer, which points back to the previous section."""
        start = self.offset + self.body.tell()
        section = [b"xref\n0 1\n0000000000 65535 f \n"]  # the free list's head, as in the file's first section
        numbers = sorted(self.xref)
        first = 0
        for index, obj in enumerate(numbers):
            if index + 1 == len(numbers) or numbers[index + 1] != obj + 1:
                run = numbers[first : index + 1]
                section.append(b"%d %d\n" % (run[0], len(run)))
                section.extend(b"%010d %05d n \n" % self.xref[item] for item in run)
                first = index + 1
        body = self.body.getvalue() + b"".join(section)
        original = bytes(trailer.ID[0]) if Name.ID in trailer else hashlib.md5(body).digest()
        this = hashlib.md5(body).digest()  # the same update, the same id
        ending = b"trailer\n<</Size %d/Root %d %d R" % (self.size, *trailer.Root.objgen)
        if Name.Info in trailer:
            ending += b"/Info %d %d R" % trailer.Info.objgen
        ending += b"/ID[<%s><%s>]/Prev %d>>\n" % (original.hex().encode(), this.hex().encode(), previous_xref)
        return body + ending + b"startxref\n%d\n%%%%EOF\n" % start


def _value(value: object, number: Callable[[ObjGen], ObjGen]) -> bytes:
    """A value in PDF syntax; a reference to another object renumbered."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return b"%d %d R" % number(value.objgen)
    return _direct(value, number)


def _direct(value: object, number: Callable[[ObjGen], ObjGen]) -> bytes:
    if isinstance(value, Dictionary):
        return (
            b"<<" + b"".join(_name(key) + b" " + _value(value.get(key), number) for key in sorted(value.keys())) + b">>"
        )
    if isinstance(value, Array):
        return b"[" + b" ".join(_value(item, number) for item in value) + b"]"
    if isinstance(value, pikepdf.Stream):
        raise ValueError("a stream is always an indirect object")
    if isinstance(value, pikepdf.Object):
        return bytes(value.unparse())
    if value is None:
        return b"null"
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, Decimal | float):
        return _real(value)
    raise TypeError(f"cannot write {type(value).__name__} as a PDF value")


def _real(value: Decimal | float) -> bytes:
    """A number written without an exponent, as PDF requires."""
    text = f"{value:.6f}" if isinstance(value, float) else f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return (text if text not in ("", "-", "-0") else "0").encode()


def _name(key: str) -> bytes:
    return bytes(Name(key).unparse())
