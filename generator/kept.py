"""What reportlab makes of a build's files, kept in the build cache for
later processes: plain data (numbers, strings, bytes, lists, tuples,
dictionaries) as a pickle behind a SHA-256 of it, named by the content it
was made from.

Every process that draws pages made these again from the same bytes: the
fonts as reportlab reads them, the logo as reportlab embeds it. A record is
loaded by an unpickler that looks up no class, so that a crafted file can
call no function, and one that is damaged or of another version is
ignored, then made again; whoever reads one checks its shape.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from contextlib import suppress
from pathlib import Path
from typing import Any

from .files import WriteError, write_atomic

_CACHE: tuple[Path, bool] | None = None  # the build cache, and whether this process writes there
_PENDING: dict[tuple[str, str], bytes] = {}  # records made while there was no cache to write them in


def keep_in(cache: Path | None, write: bool = True) -> None:
    """Keep records in the build cache `cache` (None: nowhere); without
    `write` (a check, which writes nothing, or a build still reading its
    inputs) they are only read there, and those made meanwhile are written
    when a later call allows it (the brand's own fonts are read with the
    brand, before the build holds its output folder)."""
    global _CACHE
    _CACHE = None if cache is None else (cache, write)
    if cache is not None and write:
        while _PENDING:
            (folder, name), sealed = _PENDING.popitem()
            if not (cache / folder / name).is_file():
                _write(cache / folder / name, sealed)


def recall(folder: str, name: str) -> object | None:
    """The record kept as `name` in the cache's `folder`, or None if there
    is none, or it is damaged, or not plain data."""
    if _CACHE is None:
        return None
    try:
        sealed = (_CACHE[0] / folder / name).read_bytes()
        if hashlib.sha256(sealed[32:]).digest() != sealed[:32]:
            return None
        value: object = _PlainData(io.BytesIO(sealed[32:])).load()
    except Exception:  # none, unreadable, or not what this module writes
        return None
    return value


def remember(folder: str, name: str, value: object) -> None:
    """Keep `value` as `name` in the cache's `folder`: now if this process
    writes there, else when it may (`keep_in`)."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    sealed = hashlib.sha256(payload).digest() + payload
    if _CACHE is None or not _CACHE[1]:
        _PENDING[folder, name] = sealed
    else:
        _write(_CACHE[0] / folder / name, sealed)


def _write(path: Path, sealed: bytes) -> None:
    with suppress(WriteError):  # a cache that cannot be written: made again next time
        write_atomic(path, sealed)


class _PlainData(pickle.Unpickler):
    """Loads plain data only: no class is ever looked up, whatever the file
    holds."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")
