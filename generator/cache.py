"""What earlier builds left in OUT/.cache, so that a build redoes only what
changed: the key every output was made from, the problems found with it,
and the drawn chunks of booklet pages.

A key is a SHA-256 over everything that reaches an output: file contents,
the brand, fonts, templates, images and the generator's version. The cache
is plain JSON and PDF bytes; a cache that cannot be read is ignored, never
trusted, and `--force` ignores it on purpose.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import Problem
from .files import write_atomic

SCHEMA = 2


def digest(*parts: object) -> str:
    """A content key over strings, bytes and nested tuples or lists of them."""
    hasher = hashlib.sha256()
    _feed(hasher, (__version__, SCHEMA, parts))
    return hasher.hexdigest()


def _feed(hasher: Any, part: object) -> None:
    if isinstance(part, bytes):
        hasher.update(b"b%d:" % len(part))
        hasher.update(part)
    elif isinstance(part, tuple | list):
        hasher.update(b"(%d:" % len(part))
        for item in part:
            _feed(hasher, item)
        hasher.update(b")")
    else:
        text = str(part).encode()
        hasher.update(b"s%d:" % len(text))
        hasher.update(text)


@dataclass
class Entry:
    """An output's key, the problems its inputs had (then none was written),
    and for a booklet the keys of the chunks it is made of."""

    key: str
    problems: list[Problem] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


class BuildCache:
    """The cache folder of one output folder."""

    def __init__(self, folder: Path, force: bool = False) -> None:
        self.folder = folder
        self.force = force
        self.entries: dict[str, Entry] = {}
        self.images: dict[str, tuple[Any, ...]] = {}  # inspected images, see images.remember
        if not force:
            self._load()

    @property
    def _manifest(self) -> Path:
        return self.folder / "manifest.json"

    def _load(self) -> None:
        try:
            data = json.loads(self._manifest.read_text(encoding="utf-8"))
            if data.get("schema") != SCHEMA or data.get("generator") != __version__:
                return
            for name, raw in data["entries"].items():
                problems, warnings = (
                    [Problem(Path(p[0]), p[1], p[2], p[3]) for p in raw[k]] for k in ("problems", "warnings")
                )
                self.entries[name] = Entry(raw["key"], problems, list(raw["parts"]), warnings)
            self.images = {path: tuple(info) for path, info in data["images"].items()}
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            self.entries = {}

    def get(self, name: str, key: str) -> Entry | None:
        """The entry for `name` if it was made from `key`."""
        entry = self.entries.get(name)
        return entry if entry is not None and entry.key == key else None

    def put(
        self,
        name: str,
        key: str,
        problems: list[Problem] | None = None,
        parts: list[str] | None = None,
        warnings: list[Problem] | None = None,
    ) -> None:
        self.entries[name] = Entry(key, list(problems or []), list(parts or []), list(warnings or []))

    def forget(self, name: str) -> None:
        self.entries.pop(name, None)

    def save(self) -> None:
        entries = {
            name: {
                "key": e.key,
                "problems": [[str(p.path), p.line, p.field, p.message] for p in e.problems],
                "parts": e.parts,
                "warnings": [[str(p.path), p.line, p.field, p.message] for p in e.warnings],
            }
            for name, e in sorted(self.entries.items())
        }
        data = {"schema": SCHEMA, "generator": __version__, "entries": entries, "images": self.images}
        write_atomic(self._manifest, json.dumps(data, ensure_ascii=False, indent=0).encode())

    # Drawn booklet chunks -------------------------------------------------
    def chunk_pdf(self, key: str) -> Path:
        return self.folder / "chunks" / f"{key}.pdf"

    def chunk_links(self, key: str) -> tuple[list[tuple[float, ...]], list[Problem]] | None:
        """The links between pages of a kept chunk and its preflight
        warnings, or None if it is not kept."""
        if self.force or not self.chunk_pdf(key).is_file():
            return None
        try:
            data = json.loads((self.folder / "chunks" / f"{key}.json").read_text(encoding="utf-8"))
            links = [tuple(link) for link in data["links"]]
            warnings = [Problem(Path(p[0]), p[1], p[2], p[3]) for p in data["warnings"]]
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None
        return links, warnings

    def store_chunk(self, key: str, pdf: bytes, links: list[tuple[float, ...]], warnings: list[Problem]) -> None:
        write_atomic(self.chunk_pdf(key), pdf)
        data = {"links": links, "warnings": [[str(p.path), p.line, p.field, p.message] for p in warnings]}
        write_atomic(self.folder / "chunks" / f"{key}.json", json.dumps(data).encode())

    def prune_chunks(self) -> None:
        """Delete the chunks that no booklet of the manifest uses any more."""
        keep = {part for entry in self.entries.values() for part in entry.parts}
        for path in (self.folder / "chunks").glob("*"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)
