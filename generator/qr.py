"""Links -> QR codes: the dark modules of each link's code, encoded once
per link (segno), and the check that a code can be scanned at the size it
is printed.

A code grows with its link: a long link makes modules too fine to scan on
paper, so such a link is refused when the programme is checked, with the
length that would fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .design import MM

FINEST_MODULE_MM = 0.3  # printed modules smaller than this scan badly from paper


@dataclass(frozen=True)
class QrRun:
    """Dark modules side by side in one row: columns `start` to `end` (excluded)."""

    row: int
    start: int
    end: int


@dataclass(frozen=True)
class QrMatrix:
    """A code's size in modules and its dark runs."""

    count: int
    runs: tuple[QrRun, ...]


class QrError(ValueError):
    """A link that no QR code of the printed size can carry; says what fits."""


@lru_cache(maxsize=512)
def encode(url: str, size_pt: float) -> QrMatrix:
    """The QR code (error correction M) of `url`, printed `size_pt` wide."""
    import segno  # loaded for the first code drawn: 0.05 s that a build drawing none does without

    most = max_modules(size_pt)
    try:
        code = segno.make_qr(url, error="m", boost_error=False)
    except segno.DataOverflowError:
        code = None
    if code is None or code.symbol_size(border=0)[0] > most:
        raise QrError(
            f"the link is {len(url)} characters, too long for a QR code that scans at "
            f"{size_pt / MM:.0f} mm (at most {_capacity(size_pt)} characters); use a shorter link, such as the "
            "platform's share link"
        )
    runs: list[QrRun] = []
    for row, modules in enumerate(code.matrix):
        column = 0
        count = len(modules)
        while column < count:
            if not modules[column]:
                column += 1
                continue
            start = column
            while column < count and modules[column]:
                column += 1
            runs.append(QrRun(row, start, column))
    return QrMatrix(len(code.matrix), tuple(runs))


def max_modules(size_pt: float) -> int:
    return int(size_pt / MM / FINEST_MODULE_MM)


@lru_cache(maxsize=8)
def _capacity(size_pt: float) -> int:
    """The longest link (in bytes) a code of `size_pt` carries."""
    import segno

    most = max_modules(size_pt)
    for version in range(40, 0, -1):
        if 17 + 4 * version <= most:
            break
    else:
        return 0
    low, high = 0, 3000
    while low < high:
        middle = (low + high + 1) // 2
        try:
            segno.make_qr("a" * middle, error="m", boost_error=False, version=version, mode="byte")
            low = middle
        except segno.DataOverflowError:
            high = middle - 1
    return low
