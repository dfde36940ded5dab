"""Writing outputs: a crash never leaves a half-written file behind, a write
that fails (a full disk, no permission) leaves the earlier file as it was,
and one build at a time writes into an output folder.

Builds of one folder share its cache: two at once would delete each other's
temporary files, prune chunks the other is assembling and overwrite each
other's manifest. So a build holds a lock on the folder (`LOCK`, an flock
that the system releases when its process ends, however it ends), and a
second build is told who holds it instead of waiting.
"""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import BinaryIO

from .errors import OnesheetError, Problem, fault

LOCK = ".onesheet.lock"


class WriteError(OnesheetError):
    """An output that could not be written; the earlier file is kept."""


class BusyError(OnesheetError):
    """Another build is writing into the same output folder."""


@cache
def _file_mode() -> int:
    """The mode a new file gets: 0o666 less the process's umask. Reading the
    umask means setting it for a moment, so it is read once, at the first
    write, never when the module is imported."""
    mask = os.umask(0o077)
    os.umask(mask)
    return 0o666 & ~mask


def user_cache() -> Path:
    """The user's own cache folder, for what builds of any catalogue reuse
    (fonts instanced, templates compiled): $XDG_CACHE_HOME/onesheet, or
    ~/.cache/onesheet."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "onesheet"


def write_atomic(target: Path, data: bytes | Callable[[BinaryIO], None]) -> None:
    """Write `data` (bytes, or a function that writes to the open file) to a
    temporary file beside `target`, then rename it into place: readers see
    the old file or the new one, never a partial one. An operating-system
    error becomes a WriteError naming the file (the old file stays)."""
    _replace(_temporary(target, data, sync=True), target)


def write_all_atomic(files: Mapping[Path, bytes]) -> None:
    """Write several files with the guarantee of `write_atomic`, but one
    sync for all (an import writes a thousand files): every temporary file
    is written, the disk synced once, then each renamed into place."""
    temporaries: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            temporaries.append((_temporary(target, data, sync=False), target))
        os.sync()
        while temporaries:
            temporary, target = temporaries.pop()
            _replace(temporary, target)
    except BaseException:
        for temporary, _ in temporaries:
            with suppress(OSError):
                temporary.unlink()
        raise


def _temporary(target: Path, data: bytes | Callable[[BinaryIO], None], sync: bool) -> Path:
    """A temporary file beside `target` holding `data`, with the mode a new
    file gets; an operating-system error becomes a WriteError."""
    temporary: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        temporary = Path(name)
        with os.fdopen(handle, "wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                _fill(stream, data)
            if sync:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, _file_mode())
        return temporary
    except BaseException as exc:
        if temporary is not None:
            with suppress(OSError):
                temporary.unlink()
        if not isinstance(exc, OSError):
            raise
        raise WriteError([fault(target, "write", exc)]) from None


def publish(source: Path, target: Path) -> None:
    """Put a file kept in the cache at `target` as well, atomically: as a
    second name for the same file where the file system allows it (no copy
    to write), else as a copy."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.link.tmp")
        temporary.unlink(missing_ok=True)
        os.link(source, temporary)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EMLINK):
            raise WriteError([fault(target, "write", exc)]) from None
        write_atomic(target, source.read_bytes())
        return
    _replace(temporary, target)


def _replace(temporary: Path, target: Path) -> None:
    try:
        os.replace(temporary, target)
    except OSError as exc:
        with suppress(OSError):
            temporary.unlink()
        raise WriteError([fault(target, "write", exc)]) from None


def _fill(stream: BinaryIO, write: Callable[[BinaryIO], None]) -> None:
    """Let `write` fill the file; a source it could not read is named."""
    try:
        write(stream)
    except OSError as exc:
        if exc.filename is None:  # the stream's own write
            raise
        raise WriteError([fault(Path(exc.filename), "read", exc)]) from None


def remove(path: Path) -> None:
    """Delete an output that must not outlive what it belongs to."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise WriteError([fault(path, "remove", exc)]) from None


def remove_stale_temporaries(folder: Path) -> None:
    """Delete the temporary files a killed build left in `folder` (call it
    holding the folder's lock, so that none of them is another build's)."""
    with suppress(OSError):
        for path in folder.glob(".*.tmp"):
            path.unlink(missing_ok=True)


@contextmanager
def hold(folder: Path, command: str) -> Iterator[None]:
    """Hold the lock of an output folder while the block runs (creating the
    folder if needed). Raises BusyError, naming the holder, if another
    process holds it, and WriteError if the folder cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise WriteError([fault(folder, "write in this folder", exc)]) from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(handle, 500, 0).decode("utf-8", "replace").strip() or "another onesheet command"
        os.close(handle)
        message = (
            f"another build is writing into this folder ({holder}); "
            "wait for it to finish, or pass --out with another folder"
        )
        raise BusyError([Problem(folder, None, None, message)]) from None
    try:
        started = time.strftime("%Y-%m-%d %H:%M:%S")
        me = f"onesheet {command}, process {os.getpid()} on {os.uname().nodename}, started {started}"
        with suppress(OSError):  # the description is for messages only; a full disk must not stop the lock
            os.ftruncate(handle, 0)
            os.pwrite(handle, me.encode(), 0)
        yield
    finally:
        with suppress(OSError):
            os.ftruncate(handle, 0)
        os.close(handle)  # releases the lock
