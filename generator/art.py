"""Key art -> where its subject is, which crop keeps it, where a title can sit.

A picture is analysed once (`analysis.py`, kept by its digest in the build
cache: `keep_analyses`) into a grid of cells, 32 on its long side, with
three measures per cell, so that every crop and title band is judged later
without decoding the picture again:

- subject: the share of the cell that is the subject (with a point of
  margin round it);
- detail: the standard deviation of lightness L* within the cell, that is
  local contrast at about the size of a title's letters, what makes type set
  over a picture hard to read: 0 on a flat colour, 1 to 3 on a sky, over 10 on
  foliage or a crowd;
- lightness: the cell's mean L*, to choose light or dark type;

and the subject's box and its centre of interest (a head, a face, the
middle of a wide subject).

Crops and bands are judged here in plain Python, over the cells' whole
values: each sum is exact or rounded once (`math.fsum`), whatever its order.
numpy, which the analysis needs, is loaded only when a picture is analysed,
never by a build that finds every analysis kept (a rebuild after an edit).

Everything is placed in fractions of the picture's width and height from the
top left (as the spec's `focus`); crops are given in pixels too.
"""

from __future__ import annotations

import base64
import json
import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import mul
from pathlib import Path
from typing import Literal

from .files import write_atomic
from .images import ImageInfo, Point, Region

ANALYSIS_VERSION = 3  # bump when a measure changes: remembered analyses of another version are redone
CELL_PX = 8  # working pixels along a cell: the working copy is 256 pixels on its long side
POINT_PX = 4  # the subject is found on points of 4 × 4 working pixels, 2 × 2 to a cell
LSTAR_UNIT = 0.5  # the detail and lightness grids store L* in half units
FOCUS_MARGIN = 0.2  # a crop keeps its focus at least this share of its extent from its edges
HEADROOM = 0.06  # space kept above the top of a subject taller than its crop, as a share of the crop
CENTRE_PULL = 0.05  # share of the subject worth giving up to bring the focus a whole crop extent nearer the middle
CALM_DETAIL_LSTAR = 4.0  # a band is calm for a title when its busyness is at most this,
CALM_SUBJECT_SHARE = 0.01  # ... at most this share of it is subject, and it does not hold the focus


@dataclass(frozen=True)
class ArtAnalysis:
    """What a picture shows where; `to_record` makes it JSON. The grids are
    row-major bytes of `columns` × `rows` cells."""

    width_px: int  # as displayed (EXIF orientation applied)
    height_px: int
    subject: Region | None  # None: nothing stands out (a flat, uniform or evenly busy picture)
    centre: Point  # centre of interest; the picture's middle when nothing stands out
    columns: int
    rows: int
    subject_cells: bytes  # share of the cell that is subject, in 255ths
    detail_cells: bytes  # L* standard deviation, in LSTAR_UNIT
    lightness_cells: bytes  # mean L*, in LSTAR_UNIT

    def to_record(self) -> dict[str, object]:
        box = self.subject
        return {
            "version": ANALYSIS_VERSION,
            "size": [self.width_px, self.height_px],
            "subject": None if box is None else [box.left, box.top, box.right, box.bottom],
            "centre": list(self.centre),
            "grid": [self.columns, self.rows],
            **{f"{name}_cells": base64.b64encode(getattr(self, f"{name}_cells")).decode() for name in _GRIDS},
        }

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> ArtAnalysis:
        """The analysis a record holds; ValueError if it is of another
        version or malformed."""
        if record.get("version") != ANALYSIS_VERSION:
            raise ValueError("an analysis of another version")
        try:
            width, height = _numbers(record["size"], 2)
            columns, rows = _numbers(record["grid"], 2)
            x, y = _numbers(record["centre"], 2)
            box = record["subject"]
            subject = None if box is None else Region(*_numbers(box, 4))
            grids = [_decoded(record[f"{name}_cells"]) for name in _GRIDS]
        except (KeyError, ValueError) as exc:  # binascii.Error is a ValueError
            raise ValueError(f"a malformed analysis ({exc})") from None
        analysis = cls(int(width), int(height), subject, (x, y), int(columns), int(rows), *grids)
        if any(len(g) != analysis.columns * analysis.rows for g in grids):
            raise ValueError("a malformed analysis (grid size)")
        return analysis


def _numbers(value: object, count: int) -> list[float]:
    if not isinstance(value, list) or len(value) != count or not all(isinstance(v, int | float) for v in value):
        raise ValueError(f"expected {count} numbers, got {value!r}")
    return [float(v) for v in value]


def _decoded(value: object) -> bytes:
    if not isinstance(value, str):
        raise ValueError(f"expected base64 text, got {value!r}")
    return base64.b64decode(value, validate=True)


_GRIDS: tuple[Literal["subject", "detail", "lightness"], ...] = ("subject", "detail", "lightness")


@dataclass(frozen=True)
class Crop:
    """The part of a picture that fills a frame: the frame's shape, inside
    the picture; in pixels of the picture as displayed, and as `region`."""

    left_px: float
    top_px: float
    right_px: float
    bottom_px: float
    region: Region
    subject_kept: float  # share of the subject inside the crop (1.0 when nothing stands out)

    @property
    def box(self) -> tuple[float, float, float, float]:
        """As Pillow's `resize(box=...)` and `crop` take it."""
        return (self.left_px, self.top_px, self.right_px, self.bottom_px)


@dataclass(frozen=True)
class BandReading:
    """How a title would sit on a band of a crop."""

    band: Region  # in fractions of the crop
    busyness: float  # detail over the band (root mean square, so that a busy strip counts), in L*
    subject_share: float  # share of the band's area over the subject
    lightness: float  # mean L* (0 black, 100 white)
    holds_focus: bool  # the focus (the user's, else the centre of interest) lies in the band
    calm: bool  # a title can sit here: little detail, no subject, not the focus


_ANALYSED: dict[str, ArtAnalysis] = {}
_KEPT: tuple[Path, bool] | None = None  # the folder analyses are kept in, and whether this process writes there
_LOOKED: set[str] = set()  # digests of the analyses looked for in that folder since (and kept there, writing)


def keep_analyses(folder: Path | None, write: bool = True) -> None:
    """Keep each picture's analysis in `folder` (the build cache's), named
    by the picture's content, so that a picture is analysed once ever: by
    whichever process needs it first, for a sheet or a related title's
    thumbnail, and never again in a later build. Without `write` (a check,
    which writes nothing) analyses are only read there. Each build calls
    it: an analysis this process made for an earlier build is still looked
    for in this one's folder, and kept there."""
    global _KEPT
    _KEPT = None if folder is None else (folder, write)
    _LOOKED.clear()


def analyse_art(info: ImageInfo) -> ArtAnalysis:
    """The analysis of a picture; made once per digest in a process, or
    read from the folder `keep_analyses` names (and kept there)."""
    known = _ANALYSED.get(info.digest)
    if known is None or (_KEPT is not None and info.digest not in _LOOKED):
        known = _ANALYSED[info.digest] = _kept(info, known)
    return known


def _kept(info: ImageInfo, known: ArtAnalysis | None) -> ArtAnalysis:
    """The analysis kept for `info` in the folder `keep_analyses` names;
    else `known` or made, and kept there when there is none of this version
    or it is damaged. Processes racing to keep the same one write the same
    bytes, each atomically."""
    if _KEPT is None:
        return known or _analyse(info)
    folder, write = _KEPT
    _LOOKED.add(info.digest)
    path = folder / f"{info.digest[:24]}-analysis-v{ANALYSIS_VERSION}.json"
    try:
        record = json.loads(path.read_bytes())
        kept = ArtAnalysis.from_record(record) if isinstance(record, dict) else None
    except (OSError, ValueError):  # none, unreadable, not JSON, of another version or malformed
        kept = None
    if kept is not None and (kept.width_px, kept.height_px) == (info.width_px, info.height_px):
        return kept
    analysis = known or _analyse(info)
    if write:
        write_atomic(path, json.dumps(analysis.to_record()).encode())
    return analysis


def _analyse(info: ImageInfo) -> ArtAnalysis:
    from .analysis import analyse  # with numpy: only when a picture is analysed

    return analyse(info)


def choose_crop(analysis: ArtAnalysis, frame_aspect: float, focus: Point | None = None) -> Crop:
    """The largest crop of `frame_aspect` (width / height) that keeps
    `focus` (else the centre of interest) FOCUS_MARGIN of the crop from its
    edges, or flush with the picture's edge when the point is nearer to it.
    Of those, when sliding across: the one that keeps most of the subject,
    with the focus as central as that allows; sliding down: the same when
    the subject fits, else the one that keeps the subject's top (a head, a
    summit) with HEADROOM above it, and a point more: the top is known to a
    point of the analysis."""
    if frame_aspect <= 0:
        raise ValueError(f"a frame's aspect is a positive width / height, not {frame_aspect}")
    width, height = analysis.width_px, analysis.height_px
    target = focus if focus is not None else analysis.centre
    subject, columns = analysis.subject_cells, analysis.columns
    box = analysis.subject
    if width / height > frame_aspect:
        extent = height * frame_aspect / width
        start = _slide([sum(subject[column::columns]) for column in range(columns)], extent, target[0])
        region = Region(start, 0.0, start + extent, 1.0)
    else:
        extent = width / frame_aspect / height
        point = POINT_PX / (CELL_PX * analysis.rows)  # the subject's top is known to a point
        top = box.top - point if box is not None and box.height > extent else None
        rows = [sum(subject[row : row + columns]) for row in range(0, len(subject), columns)]
        start = _slide(rows, extent, target[1], top)
        region = Region(0.0, start, 1.0, start + extent)
    total = sum(subject)
    kept = _weighted(subject, _coverage(analysis, region)) / total if total > 0 else 1.0
    return Crop(
        region.left * width, region.top * height, region.right * width, region.bottom * height, region, round(kept, 3)
    )


def read_bands(
    analysis: ArtAnalysis, crop: Crop, bands: Sequence[Region], focus: Point | None = None
) -> tuple[BandReading, ...]:
    """How each band (a title's place, in fractions of the crop) reads: its
    busyness, how much of it is subject, and whether it is calm, that is
    with at most CALM_DETAIL_LSTAR of detail and CALM_SUBJECT_SHARE of
    subject, and without the focus (the user's, else the centre of interest)."""
    target = focus if focus is not None else analysis.centre
    outer = crop.region
    detail_squares = [value * value for value in analysis.detail_cells]
    readings = []
    for band in bands:
        area = Region(
            outer.left + band.left * outer.width,
            outer.top + band.top * outer.height,
            outer.left + band.right * outer.width,
            outer.top + band.bottom * outer.height,
        )
        cover = _coverage(analysis, area)
        covered = math.fsum(cover) or 1.0
        subject, lightness, squares = (
            _weighted(cells, cover) / covered
            for cells in (analysis.subject_cells, analysis.lightness_cells, detail_squares)
        )
        share, light, busyness = subject / 255, lightness * LSTAR_UNIT, math.sqrt(squares) * LSTAR_UNIT
        holds = area.contains(target)
        calm = busyness <= CALM_DETAIL_LSTAR and share <= CALM_SUBJECT_SHARE and not holds
        readings.append(BandReading(band, round(busyness, 2), round(share, 3), round(light, 1), holds, calm))
    return tuple(readings)


def calmest(readings: Sequence[BandReading]) -> BandReading | None:
    """The calm band with the least detail (the first of equals), or None:
    then the title goes on a band of its own or below the art."""
    calm = [r for r in readings if r.calm]
    return min(calm, key=lambda r: r.busyness) if calm else None


def _slide(profile: Sequence[int], extent: float, target: float, top: float | None = None) -> float:
    """Where a window `extent` long (a fraction of the axis) starts: with the
    target FOCUS_MARGIN inside it; then HEADROOM above `top` if given, else
    most of the profile (the subject in each cell along the axis) with the
    target as central as that allows (of 8 starts a cell, the first of
    those that score best to 1e-9)."""
    room = 1.0 - extent
    target = min(max(target, 0.0), 1.0)
    low = min(max(target - (1 - FOCUS_MARGIN) * extent, 0.0), room)
    high = min(max(target - FOCUS_MARGIN * extent, 0.0), room)
    if top is not None:
        return min(max(top - HEADROOM * extent, low), high)
    running = list(accumulate(profile, initial=0))
    positions = [index / len(profile) for index in range(len(running))]
    whole = running[-1] or 1
    steps = 8 * len(profile)
    step = (high - low) / steps
    starts = [low + index * step for index in range(steps)] + [high]

    def score(start: float) -> int:
        kept = _interpolated(start + extent, positions, running) - _interpolated(start, positions, running)
        return round((kept / whole - CENTRE_PULL * (abs(start + extent / 2 - target) / extent)) * 1e9)

    return max(starts, key=score)


def _interpolated(x: float, xs: Sequence[float], ys: Sequence[float]) -> float:
    """`ys` at `x`, linearly between the points `xs` (rising), and flat
    beyond them."""
    index = bisect_right(xs, x) - 1
    if index < 0:
        return ys[0]
    if index == len(xs) - 1 or xs[index] == x:
        return ys[index]
    return (ys[index + 1] - ys[index]) / (xs[index + 1] - xs[index]) * (x - xs[index]) + ys[index]


def _coverage(analysis: ArtAnalysis, area: Region) -> list[float]:
    """How much of each cell (0–1) lies in `area`, row by row."""

    def overlap(count: int, low: float, high: float) -> list[float]:
        return [max(min((index + 1) / count, high) - max(index / count, low), 0.0) * count for index in range(count)]

    across = overlap(analysis.columns, area.left, area.right)
    return [down * share for down in overlap(analysis.rows, area.top, area.bottom) for share in across]


def _weighted(cells: Sequence[int], cover: Sequence[float]) -> float:
    """The sum of the cells' values, each times how much of it is covered,
    rounded once."""
    return math.fsum(map(mul, cells, cover))
