"""Key art -> where its subject is, which crop keeps it, where a title can sit.

A picture is analysed once (`analyse_art`, remembered by its digest) on a
copy 256 pixels on its long side. The analysis keeps a grid of 32 cells on
the long side with three measures per cell, so that every crop and title
band is judged later without decoding the picture again:

- subject: the share of the cell that stands out. A point stands out when
  its saliency reaches SUBJECT_DELTA_E; saliency is the larger of two cues,
  in CIELAB units (ΔE 1976 and L*, D50, as littleCMS converts from sRGB):
  - the colour distance to the picture's edges: the background prior of Wei
    et al., "Geodesic saliency using background priors" (ECCV 2012) and Zhu
    et al., "Saliency optimization from robust background detection" (CVPR
    2014), in which what looks like the frame's edges is background. So that
    a subject may touch one edge (a figure cut at the waist), a colour counts
    as background only when it runs along two sides or more;
  - lightness edges, which find a subject whose colours also run along the
    edges (a dark coat against dark ground, a greyscale photograph).
  Transparent points are background; a cut-out on transparency is all subject.
- detail: the standard deviation of lightness L* within the cell, that is
  local contrast at about the size of a title's letters, what makes type set
  over a picture hard to read: 0 on a flat colour, 1 to 3 on a sky, over 10 on
  foliage or a crowd.
- lightness: the cell's mean L*, to choose light or dark type.

The subject's box and centre of interest come from the subject points: the
centre is the middle of the points in the box's top part, half as tall as
the box is wide (HEAD_SHARE), which is the head of a standing figure, the
face of a bust, and the middle of a group or of a wide subject.

Everything is placed in fractions of the picture's width and height from the
top left (as the spec's `focus`); crops are given in pixels too.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageCms, ImageOps, ImageStat

from .images import ImageInfo, Point, Region

ANALYSIS_VERSION = 1  # bump when a measure changes: remembered analyses of another version are redone
GRID_CELLS = 32  # cells along the picture's long side
CELL_PX = 8  # working pixels along a cell: the working copy is 256 pixels on its long side
POINT_PX = 4  # saliency is computed on points of 4 × 4 working pixels, 2 × 2 to a cell
LSTAR_UNIT = 0.5  # the detail and lightness grids store L* in half units
SIDE_SHARE = 0.05  # a colour belongs to a side when this share of the side is near it
BACKGROUND_SIDES = 2  # a colour that belongs to this many sides is background
EDGE_WEIGHT = 1.0  # saliency of a lightness edge, per L* of change across a point
NO_BACKGROUND_DELTA_E = 100.0  # saliency where no side holds a background colour (all transparent)
SUBJECT_DELTA_E = 14.0  # saliency from which a point stands out
SUBJECT_MIN_SHARE = 0.004  # fewer subject points than this share of the picture: nothing stands out
SUBJECT_TRIM = 0.01  # share of the subject points left outside its box on each side (strays)
HEAD_SHARE = 0.5  # the centre of interest is in the box's top part, this share as tall as the box is wide
FOCUS_MARGIN = 0.2  # a crop keeps its focus at least this share of its extent from its edges
HEADROOM = 0.06  # space kept above the top of a subject taller than its crop, as a share of the crop
CENTRE_PULL = 0.05  # share of the subject worth giving up to bring the focus a whole crop extent nearer the middle
CALM_DETAIL_LSTAR = 4.0  # a band is calm for a title when its busyness is at most this,
CALM_SUBJECT_SHARE = 0.01  # ... at most this share of it is subject, and it does not hold the focus

Grid = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ArtAnalysis:
    """What a picture shows where; `to_record` makes it JSON. The grids are
    row-major bytes of `columns` × `rows` cells (see `grid` for units)."""

    width_px: int  # as displayed (EXIF orientation applied)
    height_px: int
    subject: Region | None  # None: nothing stands out (a flat, uniform or evenly busy picture)
    centre: Point  # centre of interest; the picture's middle when nothing stands out
    columns: int
    rows: int
    subject_cells: bytes  # share of the cell that is subject, in 255ths
    detail_cells: bytes  # L* standard deviation, in LSTAR_UNIT
    lightness_cells: bytes  # mean L*, in LSTAR_UNIT

    def grid(self, name: Literal["subject", "detail", "lightness"]) -> Grid:
        """`subject` (share 0–1), `detail` or `lightness` (L*) as a rows ×
        columns array."""
        data: bytes = getattr(self, f"{name}_cells")
        unit = 1 / 255 if name == "subject" else LSTAR_UNIT
        return np.frombuffer(data, np.uint8).reshape(self.rows, self.columns).astype(np.float64) * unit

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


def analyse_art(info: ImageInfo) -> ArtAnalysis:
    """The analysis of a picture; made once per digest in a process, or
    taken from the build cache (`remember_analyses`)."""
    known = _ANALYSED.get(info.digest)
    if known is None:
        with Image.open(info.path) as image:
            known = _analyse(image, info.width_px, info.height_px)
        _ANALYSED[info.digest] = known
    return known


def remember_analyses(records: Mapping[str, Mapping[str, object]]) -> None:
    """Seed the analyses from a build cache, by image digest; a record of
    another version or malformed is skipped (its picture is analysed anew)."""
    for digest, record in records.items():
        try:
            _ANALYSED[digest] = ArtAnalysis.from_record(record)
        except ValueError:
            continue


def recall_analyses() -> dict[str, dict[str, object]]:
    """The analyses made or remembered so far, by image digest, for the build cache."""
    return {digest: analysis.to_record() for digest, analysis in sorted(_ANALYSED.items())}


def choose_crop(analysis: ArtAnalysis, frame_aspect: float, focus: Point | None = None) -> Crop:
    """The largest crop of `frame_aspect` (width / height) that keeps
    `focus` (else the centre of interest) FOCUS_MARGIN of the crop from its
    edges, or flush with the picture's edge when the point is nearer to it.
    Of those, when sliding across: the one that keeps most of the subject,
    with the focus as central as that allows; sliding down: the same when
    the subject fits, else the one that keeps the subject's top (a head, a
    summit) with HEADROOM above it."""
    if frame_aspect <= 0:
        raise ValueError(f"a frame's aspect is a positive width / height, not {frame_aspect}")
    width, height = analysis.width_px, analysis.height_px
    target = focus if focus is not None else analysis.centre
    subject = analysis.grid("subject")
    box = analysis.subject
    if width / height > frame_aspect:
        extent = height * frame_aspect / width
        start = _slide(subject.sum(axis=0), extent, target[0])
        region = Region(start, 0.0, start + extent, 1.0)
    else:
        extent = width / frame_aspect / height
        top = box.top if box is not None and box.height > extent else None
        start = _slide(subject.sum(axis=1), extent, target[1], top)
        region = Region(0.0, start, 1.0, start + extent)
    total = float(subject.sum())
    kept = float((subject * _coverage(analysis, region)).sum()) / total if total > 0 else 1.0
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
    subject, detail, lightness = (analysis.grid(name) for name in _GRIDS)
    target = focus if focus is not None else analysis.centre
    outer = crop.region
    readings = []
    for band in bands:
        area = Region(
            outer.left + band.left * outer.width,
            outer.top + band.top * outer.height,
            outer.left + band.right * outer.width,
            outer.top + band.bottom * outer.height,
        )
        cover = _coverage(analysis, area)
        covered = float(cover.sum()) or 1.0
        share, light = (float((grid * cover).sum()) / covered for grid in (subject, lightness))
        busyness = float(np.sqrt((detail**2 * cover).sum() / covered))
        holds = area.contains(target)
        calm = busyness <= CALM_DETAIL_LSTAR and share <= CALM_SUBJECT_SHARE and not holds
        readings.append(BandReading(band, round(busyness, 2), round(share, 3), round(light, 1), holds, calm))
    return tuple(readings)


def calmest(readings: Sequence[BandReading]) -> BandReading | None:
    """The calm band with the least detail (the first of equals), or None:
    then the title goes on a band of its own or below the art."""
    calm = [r for r in readings if r.calm]
    return min(calm, key=lambda r: r.busyness) if calm else None


# The analysis ---------------------------------------------------------------


def _analyse(image: Image.Image, width: int, height: int) -> ArtAnalysis:
    """The analysis of a picture `width` × `height` pixels as displayed."""
    long_side = max(width, height)
    columns = max(1, round(GRID_CELLS * width / long_side))
    rows = max(1, round(GRID_CELLS * height / long_side))
    working, alpha = _working_copy(image, columns * CELL_PX, rows * CELL_PX)
    return _measure(working, alpha, width, height)


def _measure(working: Image.Image, alpha: Image.Image, width: int, height: int) -> ArtAnalysis:
    """The analysis from the working copy (CELL_PX pixels to a cell) of a
    picture `width` × `height` pixels."""
    columns, rows = working.width // CELL_PX, working.height // CELL_PX
    lightness = _lightness(working).reshape(rows, CELL_PX, columns, CELL_PX)
    cells = lightness.swapaxes(1, 2).reshape(rows, columns, -1)
    scale = CELL_PX // POINT_PX
    points_size = (columns * scale, rows * scale)
    saliency = _saliency(
        _lab(working.resize(points_size, Image.Resampling.BOX)),
        _fraction(alpha.resize(points_size, Image.Resampling.BOX)),
    )
    points = (saliency >= SUBJECT_DELTA_E).astype(np.float64)
    subject, centre = _subject(points, width / height)
    grids = (_pool(points, scale) * 255, cells.std(axis=2) / LSTAR_UNIT, cells.mean(axis=2) / LSTAR_UNIT)
    return ArtAnalysis(width, height, subject, centre, columns, rows, *(_bytes(g) for g in grids))


def _working_copy(image: Image.Image, width: int, height: int) -> tuple[Image.Image, Image.Image]:
    """The picture upright at `width` × `height` in RGB, and its opacity
    (mode L). CMYK and palette pictures are read as RGB, 16-bit grey is
    scaled to 8 bits, and transparent pixels take the mean colour of the
    opaque ones, so that they add neither colour nor edges."""
    if image.format == "JPEG":  # decoding at a fraction of the size is many times faster
        image.draft("RGB", (width, height))
    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        wide = np.asarray(upright, dtype=np.float64)
        upright = Image.fromarray(np.clip(wide / 257, 0, 255).astype(np.uint8))
    transparent = upright.has_transparency_data
    rgba = upright.convert("RGBA" if transparent else "RGB")
    small = rgba.resize((width, height), Image.Resampling.BOX if rgba.width >= width else Image.Resampling.BILINEAR)
    if not transparent:
        return small, Image.new("L", small.size, 255)
    opacity = small.getchannel("A")
    mean = ImageStat.Stat(small.convert("RGB"), mask=opacity).mean if opacity.getbbox() else [128.0] * 3
    flat = Image.new("RGB", small.size, tuple(round(v) for v in mean[:3]))
    flat.paste(small, mask=opacity)
    return flat, opacity


def _lab(image: Image.Image) -> Grid:
    """An RGB image in CIELAB: L* 0–100, a* and b* −128–127."""
    lab = np.asarray(_to_lab().apply(image))
    lightness = lab[..., :1].astype(np.float64) * (100 / 255)
    return np.concatenate([lightness, lab[..., 1:].copy().view(np.int8).astype(np.float64)], axis=-1)


def _lightness(image: Image.Image) -> Grid:
    """An RGB image's L*, 0–100."""
    return np.asarray(_to_lab().apply(image).getchannel(0), dtype=np.float64) * (100 / 255)


def _fraction(image: Image.Image) -> Grid:
    """A mode L image as 0–1."""
    return np.asarray(image, dtype=np.float64) / 255


@cache
def _to_lab() -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB"), "RGB", "LAB")


def _pool(values: Grid, size: int) -> Grid:
    """Means over `size` × `size` blocks."""
    rows, columns = values.shape[0] // size, values.shape[1] // size
    means: Grid = values.reshape(rows, size, columns, size, *values.shape[2:]).mean(axis=(1, 3))
    return means


def _saliency(lab: Grid, alpha: Grid) -> Grid:
    """In ΔE: the larger of the distance to the nearest background colour
    (a colour is near a side when SIDE_SHARE of the side lies within that
    distance, and background when near BACKGROUND_SIDES sides), measured
    a cell at a time, and EDGE_WEIGHT times the change of L* across the
    point; none where transparent."""
    scale = CELL_PX // POINT_PX
    cells, opacity = _pool(lab, scale).astype(np.float32), _pool(alpha, scale)
    reach = []
    for side, opaque in (
        (cells[0], opacity[0]),
        (cells[-1], opacity[-1]),
        (cells[:, 0], opacity[:, 0]),
        (cells[:, -1], opacity[:, -1]),
    ):
        colours = side[opaque >= 0.5]
        nearest = max(1, round(SIDE_SHARE * len(side)))
        if len(colours) < nearest:  # a transparent side holds no background colour
            reach.append(np.full(cells.shape[:2], NO_BACKGROUND_DELTA_E**2, np.float32))
            continue
        squares = sum((cells[:, :, None, c] - colours[None, None, :, c]) ** 2 for c in range(3))
        reach.append(np.partition(squares, nearest - 1, axis=-1)[..., nearest - 1])
    background = np.sort(np.stack(reach), axis=0)[BACKGROUND_SIDES - 1].astype(np.float64)
    contrast = np.sqrt(np.minimum(background, NO_BACKGROUND_DELTA_E**2)).repeat(scale, axis=0).repeat(scale, axis=1)
    lightness = np.pad(lab[..., 0], 1, mode="edge")
    edges = np.hypot(lightness[1:-1, 2:] - lightness[1:-1, :-2], lightness[2:, 1:-1] - lightness[:-2, 1:-1]) / 2
    return np.maximum(_smooth(contrast), EDGE_WEIGHT * edges) * alpha


def _smooth(values: Grid) -> Grid:
    """A 3 × 3 mean, edges repeated."""
    padded = np.pad(values, 1, mode="edge")
    rows, columns = values.shape
    total = sum(padded[dy : dy + rows, dx : dx + columns] for dy in range(3) for dx in range(3))
    return np.asarray(total, dtype=np.float64) / 9


def _subject(points: Grid, aspect: float) -> tuple[Region | None, Point]:
    """The box of the subject points but SUBJECT_TRIM of them on each side,
    and the centre of interest: the middle of the points in the box's top
    part, HEAD_SHARE as tall as the box is wide (in the picture's
    proportions)."""
    rows, columns = points.shape
    if points.sum() < SUBJECT_MIN_SHARE * points.size:
        return None, (0.5, 0.5)
    left, right = _trimmed(points.sum(axis=0))
    top, bottom = _trimmed(points.sum(axis=1))
    ys = (np.arange(rows) + 0.5) / rows
    xs = (np.arange(columns) + 0.5) / columns
    head = min(bottom - top, HEAD_SHARE * (right - left) * aspect)
    inside = points * ((ys >= top) & (ys <= top + head))[:, None] * ((xs >= left) & (xs <= right))[None, :]
    if inside.sum() == 0:
        inside = points
    mass = float(inside.sum())
    centre = (float(inside.sum(axis=0) @ xs) / mass, float(inside.sum(axis=1) @ ys) / mass)
    return Region(*(round(v, 4) for v in (left, top, right, bottom))), (round(centre[0], 4), round(centre[1], 4))


def _trimmed(profile: Grid) -> tuple[float, float]:
    """Where the subject starts and ends along a profile of its points, as
    fractions of its length: within the points but SUBJECT_TRIM at each end,
    then outwards as long as the points run on without a gap, so that only
    strays apart from the subject are left out."""
    running = np.cumsum(profile) / profile.sum()
    first = int(np.searchsorted(running, SUBJECT_TRIM, side="right"))
    last = int(np.searchsorted(running, 1 - SUBJECT_TRIM))
    while first > 0 and profile[first - 1] > 0:
        first -= 1
    while last < len(profile) - 1 and profile[last + 1] > 0:
        last += 1
    return first / len(profile), (last + 1) / len(profile)


def _bytes(values: Grid) -> bytes:
    return np.clip(np.rint(values), 0, 255).astype(np.uint8).tobytes()


# Crops and bands --------------------------------------------------------------


def _slide(profile: Grid, extent: float, target: float, top: float | None = None) -> float:
    """Where a window `extent` long (a fraction of the axis) starts: with the
    target FOCUS_MARGIN inside it; then HEADROOM above `top` if given, else
    most of the profile with the target as central as that allows."""
    room = 1.0 - extent
    target = min(max(target, 0.0), 1.0)
    low = min(max(target - (1 - FOCUS_MARGIN) * extent, 0.0), room)
    high = min(max(target - FOCUS_MARGIN * extent, 0.0), room)
    if top is not None:
        return min(max(top - HEADROOM * extent, low), high)
    running = np.concatenate([[0.0], np.cumsum(profile)])
    positions = np.arange(len(running)) / len(profile)
    starts = np.linspace(low, high, 1 + 8 * len(profile))
    kept = np.interp(starts + extent, positions, running) - np.interp(starts, positions, running)
    off_centre = np.abs(starts + extent / 2 - target) / extent
    score = kept / (float(running[-1]) or 1.0) - CENTRE_PULL * off_centre
    return float(starts[int(np.argmax(np.round(score, 9)))])


def _coverage(analysis: ArtAnalysis, area: Region) -> Grid:
    """How much of each cell (0–1) lies in `area`."""

    def overlap(count: int, low: float, high: float) -> Grid:
        edges = np.arange(count + 1) / count
        inside: Grid = np.clip(np.minimum(edges[1:], high) - np.maximum(edges[:-1], low), 0, None) * count
        return inside

    cover: Grid = np.outer(
        overlap(analysis.rows, area.top, area.bottom), overlap(analysis.columns, area.left, area.right)
    )
    return cover
