"""Progress of a long build: a bar on a terminal (tqdm), a few plain lines
when output goes to a file or a pipe, nothing with --quiet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Never, TextIO

if TYPE_CHECKING:
    from tqdm import tqdm


class Progress:
    """Silent: the interface every kind of progress report shares."""

    def start(self, phase: str, total: int) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


class Bar(Progress):
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.bar: tqdm[Never] | None = None

    def start(self, phase: str, total: int) -> None:
        from tqdm import tqdm  # loaded for a bar only: 20 ms a run that draws none saves

        self.finish()
        self.bar = tqdm(total=total, desc=phase, unit="page", file=self.stream, leave=False, dynamic_ncols=True)

    def advance(self, count: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Lines(Progress):
    """A line when a long phase starts and at every quarter of it; short
    phases pass in silence."""

    LONG = 40

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.phase = ""
        self.total = 0
        self.done = 0
        self.next_report = 0

    def start(self, phase: str, total: int) -> None:
        self.phase, self.total, self.done = phase, total, 0
        self.next_report = max(1, total // 4) if total >= self.LONG else total + 1
        if total >= self.LONG:
            print(f"{phase}: {total} to do", file=self.stream, flush=True)

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.done >= self.next_report and self.done < self.total:
            print(f"{self.phase}: {self.done}/{self.total}", file=self.stream, flush=True)
            self.next_report += max(1, self.total // 4)


def progress_for(stream: TextIO, quiet: bool) -> Progress:
    if quiet:
        return Progress()
    return Bar(stream) if stream.isatty() else Lines(stream)
