"""Problems a user can act on, and the one root error that carries them.

Every stage reports what is wrong as `Problem` values (file, line, field,
message) and keeps going, so that one run shows every problem at once; only
`cli.main` turns them into an exit status.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, printed as `file:line: field: message`."""

    path: Path
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class OnesheetError(Exception):
    """Root of every error the package raises; carries one or more problems."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


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
