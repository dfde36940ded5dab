"""Problems a user can act on, and the one root error that carries them.

Every stage reports what is wrong as `Problem` values (file, line, field,
message) and keeps going, so that one run shows every problem at once; only
`cli.main` turns them into an exit status.

A message may quote what a user typed, and file names come from anywhere:
`Problem` prints control and format characters escaped (`\\x1b`), so no
message can clear a terminal or reorder its line, and `shown` quotes a value
cut to a readable length, saying how long it was.
"""

from __future__ import annotations

import errno
import os
import traceback
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

SHOWN_CHARS = 120  # a longer value is cut in messages
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, printed as `file:line: field: message`.

    A `fault` is a fault of the machine (a full disk, a file that could not
    be read or written), not of the user's files: it is reported, but never
    remembered between builds."""

    path: Path
    line: int | None
    field: str | None
    message: str
    fault: bool = False

    def __str__(self) -> str:
        where = printable(str(self.path)) if self.line is None else f"{printable(str(self.path))}:{self.line}"
        if not self.field:
            return f"{where}: {printable(self.message)}"
        field = self.field if len(self.field) <= SHOWN_CHARS else shown(self.field)
        return f"{where}: {printable(field)}: {printable(self.message)}"


def problem_record(problem: Problem, folder: Path | None = None) -> list[object]:
    """A problem as a build keeps it between builds: in the cache, its file
    relative to the cache `folder`, so that a catalogue moved or copied whole
    with its output folder reports its own files; without a folder, its file
    as printed (the stamp of a build, which holds only for the same command
    run in the same place). A fault is never kept."""
    path = str(problem.path) if folder is None else portable(problem.path, folder)
    return [path, problem.line, problem.field, problem.message]


def portable(path: Path, folder: Path) -> str:
    """`path` as seen from a build's cache `folder`: how keys and kept
    problems name files."""
    return os.path.relpath(path.absolute(), folder.absolute())


def problem_from_record(record: object, folder: Path | None = None) -> Problem:
    """The problem `problem_record` kept (with the same `folder`); ValueError
    if `record` is not one (a damaged cache is then ignored, not trusted)."""
    if not isinstance(record, list) or len(record) != 4:
        raise ValueError("not a problem")
    path, line, name, message = record
    if (
        not isinstance(path, str)
        or not (line is None or (type(line) is int and line > 0))
        or not (name is None or isinstance(name, str))
        or not isinstance(message, str)
    ):
        raise ValueError("not a problem")
    return Problem(Path(os.path.normpath(path if folder is None else folder / path)), line, name, message)


def problem_json(problem: Problem) -> dict[str, object]:
    """A problem as `check --json` prints it for scripts."""
    return {"file": str(problem.path), "line": problem.line, "field": problem.field, "message": problem.message}


class OnesheetError(Exception):
    """Root of every error the package raises; carries one or more problems."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[OnesheetError], tuple[tuple[Problem, ...]]]:
        return type(self), (self.problems,)  # from a worker process, with its problems


def printable(text: str) -> str:
    """`text` with control, format and line-separator characters (and the
    undecodable bytes of a file name) written as escapes such as `\\x1b`."""
    if text.isprintable():
        return text
    return "".join(_escape(char) if unicodedata.category(char) in _UNSAFE_CATEGORIES else char for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(value: str) -> str:
    """A value from a user's file as a message quotes it: `'value'`, cut
    after SHOWN_CHARS characters with its length given."""
    return f"'{value}'" if len(value) <= SHOWN_CHARS else f"'{value[:SHOWN_CHARS]}…' ({len(value):,} characters)"


@dataclass(frozen=True)
class Bug:
    """An exception the tool did not expect: a fault in the tool, never a
    problem in the user's files, reported with where it happened."""

    doing: str  # what the tool was doing, e.g. "drawing sheets/x.yaml"
    error: str  # the exception's type and message
    trace: tuple[str, ...]  # the innermost frames, formatted

    @classmethod
    def of(cls, exc: BaseException, doing: str, frames: int = 4) -> Bug:
        summary = traceback.extract_tb(exc.__traceback__)[-frames:]
        trace = tuple(f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}" for frame in summary)
        return cls(doing, f"{type(exc).__name__}: {exc}", trace)

    def __str__(self) -> str:
        return "\n".join(
            [
                f"onesheet: bug while {self.doing}: {self.error}",
                *(f"  at {frame}" for frame in self.trace),
                "This is a fault in onesheet, not in your files; please report it with this message.",
            ]
        )


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the nearest choice, or '' when none is near."""
    match = get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


_ADVICE = {
    errno.ENOENT: "check that it is there",
    errno.ENOSPC: "free some space on the disk",
    errno.EDQUOT: "free some space on the disk",
    errno.EACCES: "check the permissions of the file and its folder",
    errno.EPERM: "check the permissions of the file and its folder",
    errno.EROFS: "pass --out with a folder on a disk you can write to",
    errno.ENAMETOOLONG: "use shorter names",
    errno.EEXIST: "a file stands where a folder is needed; move it away",
    errno.ENOTDIR: "a file stands where a folder is needed; move it away",
}


def fault(path: Path, doing: str, exc: OSError) -> Problem:
    """The problem of an operating-system error (`doing` is "read",
    "write" ...): what failed, why and what to do. A fault, so never
    remembered between builds."""
    reason = exc.strerror or type(exc).__name__
    advice = _ADVICE.get(exc.errno or 0, "check the disk")
    return Problem(path, None, None, f"cannot {doing}: {reason}; {advice}, then run the command again", fault=True)
