"""A build with nothing to redo, known before anything is read.

A good build (no problem, no fault) records at its end a stamp: the status
of every file it read (the programme files, everything in the assets folder,
the generator's own modules, fonts and templates, the installed libraries'
folders), taken before it read them, and of every file it wrote or kept,
taken after; and the report a build with nothing to redo would give. A later
build given the same command line compares the stamp with the files before
loading anything that reads, checks or draws: when every status is as
recorded, it reports the stamp's report and stops.

A status is the size, the modification and change times (ns) and the inode:
an edit, a touch, a file copied over with its old times, a file added or
removed (its folder's times change) each differ, and the build takes the
full path, which finds what to redo by content keys. Every writing command
deletes the stamp first, under the output folder's lock, so that a build
under way or stopped midway is never taken for a finished one.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from . import __version__
from .errors import problem_from_record, problem_record
from .files import write_atomic
from .report import Booklet, Report

SCHEMA = 1
PACKAGE = Path(__file__).resolve().parent
Status = list[int] | None  # size, modification time, inode, change time; None: no such file


def stamp_path(cache: Path) -> Path:
    """Where the stamp of a build writing into the cache folder `cache` is kept."""
    return cache / "stamp.json"


def command_key(*parts: object) -> str:
    """What of a command line and of the interpreter a build's outputs depend
    on, as one digest."""
    text = json.dumps([__version__, sys.version, [str(part) for part in parts]])
    return hashlib.sha256(text.encode()).hexdigest()


def status(path: Path | str) -> Status:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return [found.st_size, found.st_mtime_ns, found.st_ino, found.st_ctime_ns]


def inputs(sheets: Path, assets: Path) -> dict[str, Status]:
    """The status of every file and folder a build reads from: the programme
    folder and its entries, the assets folder and everything below it, the
    generator's own files, and the folders libraries are installed in."""
    found: dict[str, Status] = {str(sheets): status(sheets)}
    try:
        entries = list(os.scandir(sheets))
    except OSError:
        entries = []
    found.update((entry.path, status(entry.path)) for entry in entries)
    for folder in (assets, PACKAGE):
        found.update(_tree(folder))
    found.update((folder, status(folder)) for folder in sys.path if folder and os.path.isdir(folder))
    return found


def creates_in(out: Path) -> Path | None:
    """The folder a build creates its output folder `out` in (the nearest
    that exists), when `out` does not exist yet."""
    if out.exists():
        return None
    return next((folder for folder in out.absolute().parents if folder.exists()), None)


def with_output_created(read: dict[str, Status], folder: Path | None) -> dict[str, Status]:
    """The status of what a build read (`read`, taken before), where the
    build itself changed `folder` by creating its output folder in it: that
    folder as it is now. It is among what a build reads when it is on
    Python's path (`python -m generator` run in the catalogue's folder),
    and the next build must not take the new folder for a change."""
    if folder is None:
        return read
    now = status(folder)
    same = [path for path in read if os.path.isdir(path) and os.path.samefile(path, folder)]
    return {**read, **dict.fromkeys(same, now)}


def _tree(root: Path) -> dict[str, Status]:
    """Every file and folder under `root`, links followed (each folder once)."""
    found: dict[str, Status] = {str(root): status(root)}
    seen: set[tuple[int, int]] = set()
    pending = [str(root)]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
            info = os.stat(folder)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            found[entry.path] = status(entry.path)
            try:
                if entry.is_dir():
                    pending.append(entry.path)
            except OSError:  # a link that loops, a folder that cannot be read: the build reports it
                continue
    return found


def record(cache: Path, key: str, read: dict[str, Status], outputs: Iterable[Path], report: Report) -> None:
    """Record the stamp of a good build: what it read (`read`, taken before
    reading), the outputs it wrote or kept, and `report`, what a build with
    nothing to redo reports."""
    data = {
        "schema": SCHEMA,
        "command": key,
        "inputs": read,
        "outputs": {str(path): status(path) for path in outputs},
        "report": {
            "programmes": report.programmes,
            "reused": report.reused,
            "sheet_folders": [str(folder) for folder in report.sheet_folders],
            "booklets": [[str(made.path), made.left_out] for made in report.booklets],
            "warnings": [problem_record(warning) for warning in report.warnings],  # their files as printed
        },
    }
    write_atomic(stamp_path(cache), json.dumps(data, ensure_ascii=False).encode())


def unchanged(cache: Path, key: str, read: dict[str, Status]) -> Report | None:
    """The report of a build with nothing to redo, if the stamp in `cache`
    was recorded for the command `key` and every file is as it recorded
    (`read`: the status of its inputs now, see `inputs`); else None (the
    build takes the full path)."""
    try:
        data = json.loads(stamp_path(cache).read_bytes())
        if data["schema"] != SCHEMA or data["command"] != key:
            return None
        if data["inputs"] != read:
            return None
        if any(status(path) != kept for path, kept in data["outputs"].items()):
            return None
        kept = data["report"]
        return Report(
            programmes=kept["programmes"],
            reused=kept["reused"],
            sheet_folders=[Path(folder) for folder in kept["sheet_folders"]],
            booklets=[Booklet(Path(path), left_out=list(left_out)) for path, left_out in kept["booklets"]],
            warnings=[problem_from_record(record) for record in kept["warnings"]],
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
