"""What earlier builds left in OUT/.cache, so that a build redoes only what
changed: the key every output was made from, the problems found with it,
and the drawn chunks of booklet pages.

A key is a SHA-256 over everything that reaches an output: file contents,
the brand, fonts, templates, images and the generator's version. The cache
also keeps the programme files as read (`model.Readings`), as a pickle that
only records can be loaded from (no function is ever called). The cache is
otherwise plain JSON and PDF bytes, and only a hint: every record is checked before
use (its shape and types, and for an output or a drawn chunk that the file
is still the one written, by size and modification time), and whatever is
damaged is ignored, then made again. `--force` ignores it on purpose. Only
problems in the user's files are remembered, never faults of the machine.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import pickle
import shutil
import sys
from dataclasses import dataclass, field, is_dataclass
from pathlib import Path, PosixPath, PurePosixPath
from typing import Any, NamedTuple

from . import __version__
from .errors import Problem, fault, problem_from_record, problem_record
from .files import WriteError, write_atomic

SCHEMA = 5


def digest(*parts: object) -> str:
    """A content key over strings, numbers, paths, records and nested tuples
    or lists of them: their repr, which tells any two such values apart."""
    return hashlib.sha256(repr((__version__, SCHEMA, parts)).encode("utf-8", "backslashreplace")).hexdigest()


Stat = tuple[int, int]  # size and modification time (ns) of a file as written


# What the cache keeps of drawn pages, as records; each is kept as a JSON
# array (a chunk's resources as columns), made and checked here alone. A booklet of
# 1,000 pages holds about 11,000 resources, 5,000 links and 2,600 references,
# read back in every build that keeps its pages: they are named tuples, made
# in a tenth of the time of a frozen dataclass (whose fields are each set
# through object.__setattr__).


class Link(NamedTuple):
    """A link on page `page` (an index) of a booklet, over `rect` (x0, y0,
    x1, y1), to the page numbered `target`."""

    page: int
    rect: tuple[float, float, float, float]
    target: int

    def record(self) -> list[object]:
        return [self.page, *self.rect, self.target]

    @classmethod
    def of_record(cls, value: object, pages: range, page_count: int) -> Link:
        """A link on one of `pages`, to a page of a booklet of `page_count`
        (checked with plain type tests: a booklet's chunks hold thousands)."""
        if type(value) is not list or len(value) != 6:
            raise ValueError("link")
        page, x0, y0, x1, y1, target = value
        if type(page) is not int or type(target) is not int or page not in pages or not 1 <= target <= page_count:
            raise ValueError("link")
        rect = (x0, y0, x1, y1)
        if not all(type(number) is float or type(number) is int for number in rect):
            raise ValueError("link")
        if not math.isfinite(x0 + y0 + x1 + y1):  # NaN and infinities, which JSON lets through, go into a sum
            raise ValueError("link")
        return cls(page, (float(x0), float(y0), float(x1), float(y1)), target)


class Resource(NamedTuple):
    """A page's image or font: the index of its page (in its chunk, or in
    the booklet), its kind (/XObject, /Font, or /FontFile for a font's
    embedded program, then named "<font> <part> <key>"), its name, a
    fingerprint of its content and, for an image, its bytes as stored."""

    page: int
    kind: str
    name: str
    fingerprint: str
    weight: int = 0

    def moved(self, pages: int) -> Resource:
        """The same resource, its page `pages` further on."""
        return Resource(self.page + pages, self.kind, self.name, self.fingerprint, self.weight)


# A chunk's resources are kept as columns, one JSON array a field, read
# back and checked a column at a time: the 66 chunks of a booklet of 1,000
# pages (11,270 resources) are read back in 42 ms instead of 50.
_COLUMNS = ("pages", "kinds", "names", "fingerprints", "weights")


def _resource_columns(resources: list[Resource]) -> dict[str, list[object]]:
    return {column: [resource[index] for resource in resources] for index, column in enumerate(_COLUMNS)}


def _resources_of(columns: object, pages: int) -> list[Resource]:
    """The resources of a chunk's first `pages` pages, as kept by
    `_resource_columns`; ValueError (or TypeError, KeyError) if they are not."""
    if type(columns) is not dict:
        raise ValueError("resources")
    page, kind, name, fingerprint, weight = (columns[column] for column in _COLUMNS)
    if not all(type(column) is list for column in (page, kind, name, fingerprint, weight)):
        raise ValueError("resources")
    if len({len(page), len(kind), len(name), len(fingerprint), len(weight)}) != 1:
        raise ValueError("resources")
    if not all(type(number) is int and 0 <= number < pages for number in page):
        raise ValueError("resources")
    if not all(type(text) is str for column in (kind, name, fingerprint) for text in column):
        raise ValueError("resources")
    if not all(type(number) is int and number >= 0 for number in weight):
        raise ValueError("resources")
    return list(map(Resource, page, kind, name, fingerprint, weight))


class Ref(NamedTuple):
    """Where a booklet prints the page of a related title on a sheet (see
    sections.PageRef), in page coordinates."""

    programme_id: str
    right_pt: float
    baseline_pt: float
    top_pt: float
    bottom_pt: float

    def record(self) -> list[object]:
        return [self.programme_id, self.right_pt, self.baseline_pt, self.top_pt, self.bottom_pt]

    @classmethod
    def of_record(cls, value: object) -> Ref:
        """A reference as kept (checked with plain type tests, as a link is:
        a manifest holds thousands)."""
        if type(value) is not list or len(value) != 5:
            raise ValueError("ref")
        programme_id, right, baseline, top, bottom = value
        numbers = (right, baseline, top, bottom)
        if type(programme_id) is not str or not all(type(n) is float or type(n) is int for n in numbers):
            raise ValueError("ref")
        if not math.isfinite(right + baseline + top + bottom):
            raise ValueError("ref")
        return cls(programme_id, float(right), float(baseline), float(top), float(bottom))


@dataclass(frozen=True)
class KeptChunk:
    """What the cache keeps of a drawn chunk of booklet pages besides its
    PDF: the links between pages on it, its preflight warnings and its
    pages' resources."""

    links: list[Link]
    warnings: list[Problem]
    resources: list[Resource]


@dataclass
class Entry:
    """An output's key, the problems its inputs had (then none was written),
    for a booklet the keys of the chunks it is made of, and the size and
    time of the file written."""

    key: str
    problems: list[Problem] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    output: Stat | None = None
    drawn: Stat | None = None  # a sheet's drawn PDF in the cache, which the booklet copies
    refs: list[Ref] = field(default_factory=list)  # where the booklet prints a sheet's related titles' pages
    pagination: list[int] = field(default_factory=list)  # a booklet's listings: see booklet.Pagination
    outline: str = ""  # a booklet's: the digest of its bookmarks and metadata
    whole: int = 0  # a booklet's size when last written whole, before updates appended to it (increment.py)


def stat_of(path: Path) -> Stat | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


class BuildCache:
    """The cache folder of one output folder."""

    def __init__(self, folder: Path, force: bool = False) -> None:
        self.folder = folder
        self._sheets = folder / "sheets"  # asked for every programme's sheet: joined once
        self.force = force
        self.entries: dict[str, Entry] = {}
        self.images: dict[str, tuple[Any, ...]] = {}  # inspected images, see images.remember
        self.readings: object = {}  # programme files as read, see model.Readings
        self._saved = b""
        self._saved_readings = b""
        self._made: set[str] = set()  # the entries put by this build, which --force does not ignore
        self._load()
        if force:  # what was made of the programmes a forced build leaves out is kept for later builds
            self.images = {}
            self.readings = {}

    @property
    def manifest(self) -> Path:
        return self.folder / "manifest.json"

    @property
    def _readings(self) -> Path:
        return self.folder / "readings.pickle"

    def _load(self) -> None:
        """Read the manifest, keeping each entry and image record whose
        shape is right; anything else is as if never built."""
        try:
            self._saved = self.manifest.read_bytes()
            data = json.loads(self._saved)
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("schema") != SCHEMA or data.get("generator") != __version__:
            return
        for name, raw in _items(data.get("entries")):
            try:
                self.entries[name] = _entry(raw, self.folder)
            except ValueError:
                continue
        for path, record in _items(data.get("images")):  # each checked by images.remember
            if isinstance(record, list):
                self.images[path] = tuple(record)
        try:
            self._saved_readings = self._readings.read_bytes()
            self.readings = _Records(io.BytesIO(self._saved_readings)).load()
        except Exception:  # any damage at all: read the files again
            self.readings = {}

    def get(self, name: str, key: str) -> Entry | None:
        """The entry for `name` if it was made from `key` (by this build,
        when it is forced)."""
        if self.force and name not in self._made:
            return None
        entry = self.entries.get(name)
        return entry if entry is not None and entry.key == key else None

    def put(
        self,
        name: str,
        key: str,
        problems: list[Problem] | None = None,
        parts: list[str] | None = None,
        warnings: list[Problem] | None = None,
        output: Path | None = None,
        drawn: Path | None = None,
        refs: list[Ref] | None = None,
        pagination: list[int] | None = None,
        outline: str = "",
        whole: int = 0,
    ) -> None:
        """Remember what was made from `key`: the file `output` written (and
        for a sheet its `drawn` PDF in the cache), or the problems found. A
        fault is not remembered: the next build tries again."""
        if any(problem.fault for problem in problems or []):
            self.forget(name)
            return
        written = stat_of(output) if output is not None else None
        kept = stat_of(drawn) if drawn is not None else None
        self._made.add(name)
        self.entries[name] = Entry(
            key, list(problems or []), list(parts or []), list(warnings or []), written, kept, list(refs or []),
            list(pagination or []), outline, whole,
        )  # fmt: skip

    @staticmethod
    def holds(entry: Entry, output: Path) -> bool:
        """Whether `output` is still the file written for `entry`."""
        return entry.output is not None and entry.output == stat_of(output)

    def sheet_pdf(self, key: str) -> Path:
        """Where a sheet drawn from `key` is kept (the booklet copies it)."""
        return self._sheets / f"{key}.pdf"

    def keeps_drawn(self, entry: Entry) -> bool:
        """Whether the sheet drawn for `entry` is still in the cache, whole."""
        return entry.drawn is not None and entry.drawn == stat_of(self.sheet_pdf(entry.key))

    def forget(self, name: str) -> None:
        self.entries.pop(name, None)

    @property
    def folders(self) -> list[Path]:
        """The cache folder and the folders it keeps files in: drawn chunks,
        fonts as read, prepared pictures, drawn sheets."""
        return [self.folder, *(self.folder / name for name in ("chunks", "fonts", "images", "sheets"))]

    def prepare(self) -> None:
        """Clear whatever stands where the cache keeps its folders and
        manifest (a file for a folder, a folder for the manifest); call it
        holding the output folder's lock."""
        for folder in self.folders:
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                _clear(folder)
        if self.manifest.is_dir():
            _clear(self.manifest)

    def save(self) -> None:
        """Write the manifest, unless it holds just what was read."""
        entries = {
            name: {
                "key": e.key,
                "problems": [problem_record(p, self.folder) for p in e.problems],
                "parts": e.parts,
                "warnings": [problem_record(p, self.folder) for p in e.warnings],
                "output": e.output,
                "drawn": e.drawn,
                "refs": [ref.record() for ref in e.refs],
                "pagination": e.pagination,
                "outline": e.outline,
                "whole": e.whole,
            }
            for name, e in sorted(self.entries.items())
        }
        images = dict(sorted(self.images.items()))
        data = {"schema": SCHEMA, "generator": __version__, "entries": entries, "images": images}
        encoded = json.dumps(data, ensure_ascii=False).encode()  # compact: the C encoder
        if encoded != self._saved:
            write_atomic(self.manifest, encoded)
            self._saved = encoded
        readings = pickle.dumps(self.readings, protocol=pickle.HIGHEST_PROTOCOL)
        if readings != self._saved_readings:
            write_atomic(self._readings, readings)
            self._saved_readings = readings

    # Drawn booklet chunks -------------------------------------------------
    def chunk_pdf(self, key: str) -> Path:
        return self.folder / "chunks" / f"{key}.pdf"

    def kept_chunk(self, key: str, pages: range, page_count: int) -> KeptChunk | None:
        """What is kept of a chunk holding `pages` of a booklet of
        `page_count`, or None if it is not kept, or damaged."""
        if self.force:
            return None
        try:
            data = json.loads((self.folder / "chunks" / f"{key}.json").read_bytes())
            pdf = data["pdf"]
            links = [Link.of_record(link, pages, page_count) for link in data["links"]]
            warnings = [problem_from_record(p, self.folder) for p in data["warnings"]]
            resources = _resources_of(data["resources"], len(pages))
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None
        if not isinstance(pdf, list) or tuple(pdf) != stat_of(self.chunk_pdf(key)):
            return None
        return KeptChunk(links, warnings, resources)

    def store_chunk(self, key: str, pdf: bytes, kept: KeptChunk) -> None:
        path = self.chunk_pdf(key)
        if path.is_dir():
            _clear(path)
        write_atomic(path, pdf)
        data = {
            "pdf": stat_of(path),
            "links": [link.record() for link in kept.links],
            "warnings": [problem_record(p, self.folder) for p in kept.warnings],
            "resources": _resource_columns(kept.resources),
        }
        write_atomic(self.folder / "chunks" / f"{key}.json", json.dumps(data).encode())

    def prune(self) -> None:
        """Delete the chunks and drawn sheets that no entry of the manifest
        uses any more."""
        keep = {part for entry in self.entries.values() for part in entry.parts}
        for path in (self.folder / "chunks").glob("*"):
            if path.stem not in keep:
                _clear(path)
        drawn = {entry.key for entry in self.entries.values() if entry.drawn is not None}
        for path in (self.folder / "sheets").glob("*"):
            if path.stem not in drawn:
                _clear(path)


class _Records(pickle.Unpickler):
    """Loads records only: the generator's dataclasses and paths, each made
    from its fields, never a function called, whatever the file holds."""

    def find_class(self, module: str, name: str) -> Any:
        found = getattr(sys.modules.get(module), name, None) if module.startswith(("generator.", "pathlib")) else None
        if found in (PosixPath, PurePosixPath) or (isinstance(found, type) and is_dataclass(found)):
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a record")


def _clear(path: Path) -> None:
    """Remove a file, link or folder of the cache that is in the way."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError as exc:
        raise WriteError([fault(path, "clear the cache", exc)]) from None


# Checking what was read -----------------------------------------------------


def _items(value: object) -> list[tuple[str, object]]:
    return [(k, v) for k, v in value.items() if isinstance(k, str)] if isinstance(value, dict) else []


def _entry(raw: object, folder: Path) -> Entry:
    if not isinstance(raw, dict) or not isinstance(raw.get("key"), str):
        raise ValueError("not an entry")
    parts = raw.get("parts")
    if not isinstance(parts, list) or not all(isinstance(part, str) for part in parts):
        raise ValueError("parts")
    output, drawn = (_stat(raw.get(name)) for name in ("output", "drawn"))
    problems, warnings = ([problem_from_record(p, folder) for p in _list(raw.get(k))] for k in ("problems", "warnings"))
    refs = [Ref.of_record(ref) for ref in _list(raw.get("refs", []))]
    counts = _list(raw.get("pagination", []))
    if not all(_count(count) for count in counts):
        raise ValueError("pagination")
    pagination = [count for count in counts if isinstance(count, int)]
    outline, whole = raw.get("outline", ""), raw.get("whole", 0)
    if not (isinstance(outline, str) and isinstance(whole, int) and _count(whole)):
        raise ValueError("outline")
    return Entry(raw["key"], problems, parts, warnings, output, drawn, refs, pagination, outline, whole)


def _stat(value: object) -> Stat | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(map(_count, value))):
        raise ValueError("stat")
    return value[0], value[1]


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise ValueError("not a list")
    return value


def _count(value: object) -> bool:
    return type(value) is int and value >= 0
