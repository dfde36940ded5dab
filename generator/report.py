"""What a run is given and what it did: the folders it reads and writes,
and its report (counts for the summary line, problems, warnings). Loaded
without the stages, so that a build with nothing to redo is reported
without reading anything (`unchanged.py`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Bug, Problem


@dataclass(frozen=True)
class Paths:
    sheets: Path
    assets: Path
    out: Path

    @property
    def brand(self) -> Path:
        return self.assets / "brand.yaml"

    @property
    def cache(self) -> Path:
        return self.out / ".cache"

    @property
    def previews(self) -> Path:
        return self.out / "png"


@dataclass
class Booklet:
    """A booklet a run wrote (or found unchanged: no pages counted)."""

    path: Path
    pages: int = 0
    chunks: tuple[int, int] = (0, 0)  # drawn, total
    imposed: Path | None = None
    left_out: list[str] = field(default_factory=list)  # ids of invalid programmes it is written without


@dataclass
class Report:
    """What a run did: counts for the summary line, and every problem."""

    programmes: int = 0
    written: list[Path] = field(default_factory=list)
    reused: int = 0
    failed: set[Path] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # preflight and size budgets: never stop a build
    bugs: list[Bug] = field(default_factory=list)  # faults of the tool itself
    sheet_folders: list[Path] = field(default_factory=list)  # one per language
    booklets: list[Booklet] = field(default_factory=list)
    packs: list[Path] = field(default_factory=list)
    previews: int = 0  # sheets whose PNGs were drawn
    notes: list[str] = field(default_factory=list)  # why a booklet was not written
    failed_in: dict[str, set[Path]] = field(default_factory=dict)  # by language; "": in every language
    started: float = field(default_factory=time.perf_counter)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    @property
    def booklet_note(self) -> str | None:
        return "\n".join(self.notes) or None

    def fail(self, problems: Iterable[Problem], programme_paths: Iterable[Path], language: str = "") -> None:
        """Record problems and the programme files they stop (in `language`
        only, or in every language)."""
        paths = set(programme_paths)
        self.problems.extend(problems)
        self.failed.update(paths)
        self.failed_in.setdefault(language, set()).update(paths)

    def failed_for(self, language: str) -> set[Path]:
        """The programme files that stop in `language`."""
        return self.failed_in.get("", set()) | self.failed_in.get(language, set())


class Stopped(Exception):
    """A problem that stops the whole run (brand or templates)."""
