"""Key art -> its analysis (`art.ArtAnalysis`), made once per picture
(`art.analyse_art`): where the subject is, and how busy and how light each
cell of its grid is. This stage alone uses numpy: a build that finds every
analysis kept (`art.keep_analyses`), such as a rebuild after an edit, never
loads it.

The analysis reads a copy of the picture 256 pixels on its long side, as a
page shows it (`images.decoded`), in GRID_CELLS cells along the long side,
with three measures per cell:

- subject: the share of the cell that is the subject (with a point of
  margin round it), found on points of 4 × 4 pixels in two steps.
  1. Saliency, in CIELAB units (ΔE 1976, D50, as littleCMS converts from
     sRGB): the cost of a point's cheapest path to the picture's sides, the
     geodesic saliency of Wei et al., "Geodesic saliency using background
     priors" (ECCV 2012), in which what the frame's sides reach without
     crossing an edge is background. A point is background when two sides
     reach it cheaply (a subject may touch one: a bust cut by the frame's
     foot, as in the boundary connectivity of Zhu et al., "Saliency
     optimization from robust background detection", CVPR 2014). A step
     costs its change of colour, or its change from the picture's broad
     light (its colours blurred), whichever is smaller, less a little for
     grain: gradients, vignettes and soft light cost nothing, as in Wei et
     al.'s clipping of small weights, and an edge costs what it stands out.
     A path may step over a line or through a gap up to two points thin
     (a streak on water, a gap between buildings). Paths to the top and to
     the sides never go down, and paths to the bottom never up: a figure
     standing on the ground, or cut by the frame's foot, is not joined to
     the background through the ground under it. Transparent points are
     outside the picture: its sides are where it shows (rounded corners, a
     transparent frame, a torn edge, a fade).
  2. The subject among the salient points (`_subject_points`): they make
     parts of like colour, and the heaviest part is the subject, with the
     parts almost as heavy and the small parts beside it (a face above a
     coat). Lines one point thick (a horizon), specks (a star, a lit
     window) and bands from side to side (a treeline, a skyline) are
     never the subject, and lights (a window, a beam, a cluster of lit
     windows) count little: a dark figure against a window is the subject,
     a lamp or the moon only when nothing else stands out. A cut-out on
     transparency where nothing stands out is all subject.
- detail: the standard deviation of lightness L* within the cell, that is
  local contrast at about the size of a title's letters, what makes type set
  over a picture hard to read: 0 on a flat colour, 1 to 3 on a sky, over 10 on
  foliage or a crowd.
- lightness: the cell's mean L*, to choose light or dark type.

The subject's box and centre of interest come from the subject points: the
centre is the middle of the points in the box's top part, half as tall as
the box is wide (HEAD_SHARE) and at most TOP_SHARE of its height, which is
the head of a standing figure, the face of a bust, the heads of a group and
the middle of a wide subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageCms, ImageFilter, ImageStat

from .art import CELL_PX, LSTAR_UNIT, POINT_PX, ArtAnalysis
from .images import ImageInfo, Point, Region, decoded

GRID_CELLS = 32  # cells along the picture's long side
SMOOTH_DELTA_E = 2.0  # a step from point to point costs its change of colour less this (grain)
BROAD_POINTS = 6  # the broad light: the points' colours blurred (twice) over this many points around
REACH = 3  # a path may step this many points at once: over a line or through a gap up to 2 points thin
SWEEPS = 6  # passes of the path search: paths that turn more often than this are not followed
BACKGROUND_SIDES = 2  # a point this many sides reach cheaply is background
NO_BACKGROUND_DELTA_E = 100.0  # saliency of a point no side reaches (a cut-out)
SUBJECT_DELTA_E = 8.0  # saliency from which a point may be the subject
LINK_DELTA_E = 12.0  # neighbouring points of a part differ by at most this
GAP = 1  # ... or are up to this many points apart
LIGHT_LSTAR = 20.0  # a point this much lighter than the background is a light (a window, a beam, a lamp)
LIGHT_WEIGHT = 0.05  # a light counts this share of its saliency
LAMP_SHARE = 0.02  # a light of up to this share of the picture may be the subject (a lamp, the moon)
FAINT_SHARE = 0.5  # beside a larger light, points of this share of SUBJECT_DELTA_E are looked at again ...
FAINT_MIN_SHARE = 0.02  # ... for a subject of at least this share of the picture
KEEP_SHARE = 0.5  # parts of the subject weigh at least this share of its heaviest part
JOIN_SHARE = 0.35  # a part beside the subject and at most this share of its heaviest part's size joins it
JOIN_ASPECT = 2.0  # ... unless it is longer than this many times its width
CUT_OUT_SHARE = 0.5  # a picture with at most this share opaque, where nothing stands out, is a cut-out
SUBJECT_MIN_SHARE = 0.004  # a part or subject of fewer points than this share of the picture is a speck
SUBJECT_TRIM = 0.01  # share of the subject points left outside its box on each side (strays)
HEAD_SHARE = 0.5  # the centre of interest is in the box's top part, this share as tall as the box is wide
TOP_SHARE = 0.15  # ... and at most this share of the box's height (the heads of a group)

Grid = npt.NDArray[np.float64]
Lab = npt.NDArray[np.float32]  # points × CIELAB, or a measure per point worked out from it
Mask = npt.NDArray[np.bool_]


def analyse(info: ImageInfo) -> ArtAnalysis:
    """The analysis of a picture, decoded for it."""
    width, height = info.width_px, info.height_px  # as displayed
    long_side = max(width, height)
    columns = max(1, round(GRID_CELLS * width / long_side))
    rows = max(1, round(GRID_CELLS * height / long_side))
    size = (columns * CELL_PX, rows * CELL_PX)
    # a JPEG at the smallest scale its decoder gives that is still as large (many times faster)
    scale = max(size[0] / width, size[1] / height) if info.format in ("JPEG", "MPO") else 1.0
    working, alpha = _working_copy(decoded(info, scale), *size)
    return _measure(working, alpha, width, height)


def _measure(working: Image.Image, alpha: Image.Image, width: int, height: int) -> ArtAnalysis:
    """The analysis from the working copy (CELL_PX pixels to a cell) of a
    picture `width` × `height` pixels."""
    columns, rows = working.width // CELL_PX, working.height // CELL_PX
    lightness = _lightness(working).reshape(rows, CELL_PX, columns, CELL_PX)
    cells = lightness.swapaxes(1, 2).reshape(rows, columns, -1)
    scale = CELL_PX // POINT_PX
    size = (columns * scale, rows * scale)
    opaque = _fraction(alpha.resize(size, Image.Resampling.BOX)) >= 0.5
    points = working.resize(size, Image.Resampling.BOX)
    lab = _lab(points)
    broad = _lab(points.filter(ImageFilter.BoxBlur(BROAD_POINTS)).filter(ImageFilter.BoxBlur(BROAD_POINTS)))
    subject_points = _subject_points(_saliency(lab, broad, opaque), lab, opaque)
    subject, centre = _subject(subject_points, width / height)
    grids = (
        _pool(_grown(subject_points, 1).astype(np.float64), scale) * 255,  # a point of margin round the subject
        cells.std(axis=2) / LSTAR_UNIT,
        cells.mean(axis=2) / LSTAR_UNIT,
    )
    return ArtAnalysis(width, height, subject, centre, columns, rows, *(_bytes(g) for g in grids))


def _working_copy(picture: Image.Image, width: int, height: int) -> tuple[Image.Image, Image.Image]:
    """The picture as a page shows it (`images.decoded`) at `width` ×
    `height`, and its opacity (mode L); transparent pixels take the mean
    colour of the opaque ones."""
    resampling = Image.Resampling.BOX if picture.width >= width else Image.Resampling.BILINEAR
    small = picture.resize((width, height), resampling)
    if small.mode != "RGBA":
        return small, Image.new("L", small.size, 255)
    opacity = small.getchannel("A")
    mean = ImageStat.Stat(small.convert("RGB"), mask=opacity).mean if opacity.getbbox() else [128.0] * 3
    flat = Image.new("RGB", small.size, tuple(round(v) for v in mean[:3]))
    flat.paste(small, mask=opacity)
    return flat, opacity


def _lab(image: Image.Image) -> Lab:
    """An RGB image in CIELAB: L* 0–100, a* and b* −128–127."""
    lab = np.asarray(_to_lab().apply(image))
    lightness = lab[..., :1].astype(np.float32) * np.float32(100 / 255)
    return np.concatenate([lightness, lab[..., 1:].copy().view(np.int8).astype(np.float32)], axis=-1)


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


# Saliency: how far a point is from the background ------------------------------


def _saliency(lab: Lab, broad: Lab, opaque: Mask) -> Grid:
    """The cost, in ΔE, of each point's cheapest path to the second nearest
    of the picture's sides (NO_BACKGROUND_DELTA_E when none is reached)."""
    distances = _distances(_sides(opaque), _step_costs(lab, broad, opaque))
    background = np.sort(distances, axis=0)[BACKGROUND_SIDES - 1]
    saliency: Grid = np.minimum(background, NO_BACKGROUND_DELTA_E).astype(np.float64) * opaque
    return saliency


def _sides(opaque: Mask) -> Mask:
    """The points of each side, top, left, right and bottom: the opaque
    points at the picture's edge or beside a transparent point that way, so
    that a picture with rounded corners, a transparent frame, a torn edge or
    a fade has its sides where it shows."""
    outside = ~np.pad(opaque, 1)
    ahead = (outside[:-2, 1:-1], outside[1:-1, :-2], outside[1:-1, 2:], outside[2:, 1:-1])
    return np.stack([opaque & beside for beside in ahead])


Steps = tuple[int, Lab, Lab]  # reach, costs of the steps across, costs of the steps down


def _step_costs(lab: Lab, broad: Lab, opaque: Mask) -> list[Steps]:
    """The costs of steps of 1 to REACH points across and down: the change
    of colour, or of its difference from the picture's broad light (`broad`,
    its colours blurred), whichever is smaller, less SMOOTH_DELTA_E; so a
    gradient, a vignette or soft light costs nothing, and an edge what it
    stands out from them. Steps from or to a transparent point cost _FAR."""
    detail = lab - broad
    steps = []
    for reach in range(1, REACH + 1):
        costs = []
        for ahead, behind in (
            ((slice(None), slice(reach, None)), (slice(None), slice(None, -reach))),
            ((slice(reach, None),), (slice(None, -reach),)),
        ):
            change = np.minimum(_difference(lab[ahead], lab[behind]), _difference(detail[ahead], detail[behind]))
            cost = np.maximum(change - SMOOTH_DELTA_E, 0)
            if not opaque.all():
                cost = np.where(opaque[ahead] & opaque[behind], cost, _FAR).astype(cost.dtype)
            costs.append(cost)
        steps.append((reach, costs[0], costs[1]))
    return steps


def _difference(a: Lab, b: Lab) -> Lab:
    """ΔE 1976 between colours."""
    step = a - b
    difference: Lab = np.sqrt(np.einsum("ijk,ijk->ij", step, step))
    return difference


_FAR = 1e3  # the cost of a step into transparency: more than any saliency


def _distances(sides: Mask, steps: Sequence[Steps]) -> Lab:
    """The cost of the cheapest path from every point to each side. Paths
    to the top, left and right sides never go down, and paths to the bottom
    never go up: what stands on the ground or is cut by the frame's foot is
    not joined to the background through what lies under it. Each sweep
    follows whole rows and columns at once (the cost from a point j to a
    point i of a row is the difference of the running sums of the steps
    between them), then the steps over lines and gaps."""
    _, across, down = steps[0]
    rows, columns = sides.shape[1:]
    distance: Lab = np.where(sides, 0.0, 10 * _FAR).astype(across.dtype)
    along_rows = np.concatenate([np.zeros((rows, 1), across.dtype), np.cumsum(across, axis=1)], axis=1)
    along_columns = np.concatenate([np.zeros((1, columns), down.dtype), np.cumsum(down, axis=0)], axis=0)
    rising, falling = distance[:3], distance[3:]  # views: the paths that go up, the paths that go down
    for _ in range(SWEEPS):
        np.minimum(distance, along_rows + np.minimum.accumulate(distance - along_rows, axis=2), out=distance)
        leftward = np.minimum.accumulate((distance + along_rows)[:, :, ::-1], axis=2)[:, :, ::-1]
        np.minimum(distance, leftward - along_rows, out=distance)
        np.minimum(rising, along_columns + np.minimum.accumulate(rising - along_columns, axis=1), out=rising)
        upward = np.minimum.accumulate((falling + along_columns)[:, ::-1], axis=1)[:, ::-1]
        np.minimum(falling, upward - along_columns, out=falling)
        for reach, over, under in steps[1:]:
            np.minimum(distance[:, :, reach:], distance[:, :, :-reach] + over, out=distance[:, :, reach:])
            np.minimum(distance[:, :, :-reach], distance[:, :, reach:] + over, out=distance[:, :, :-reach])
            np.minimum(rising[:, reach:], rising[:, :-reach] + under, out=rising[:, reach:])
            np.minimum(falling[:, :-reach], falling[:, reach:] + under, out=falling[:, :-reach])
    return distance


# The subject among the salient points ---------------------------------------------


def _subject_points(saliency: Grid, lab: Lab, opaque: Mask) -> Mask:
    """The points of the subject, chosen among those that reach
    SUBJECT_DELTA_E (`_chosen`). Lights (the points LIGHT_LSTAR lighter than
    the background) weigh little: a window, a beam of light is the set; when
    one of more than LAMP_SHARE of the picture is all that stands out, the
    points no lighter than the background that reach FAINT_SHARE of
    SUBJECT_DELTA_E are looked at again, and a subject of FAINT_MIN_SHARE or
    more among them is taken (a dark figure against the light). A lamp or
    the moon may be the subject. When nothing stands out, the opaque part of
    a picture mostly transparent is the subject (a cut-out)."""
    seen = lab[..., 0][(saliency < SUBJECT_DELTA_E) & opaque]
    background = float(seen.mean()) if seen.size else 50.0
    light = lab[..., 0] >= background + LIGHT_LSTAR
    points, of_light = _chosen(saliency >= SUBJECT_DELTA_E, saliency, lab, light)
    if of_light and points.mean() > LAMP_SHARE:
        dark = lab[..., 0] <= background
        faint, of_light = _chosen((saliency >= FAINT_SHARE * SUBJECT_DELTA_E) & dark, saliency, lab, light)
        if not of_light and faint.mean() >= FAINT_MIN_SHARE:
            points = faint
    if not points.any() and opaque.any() and opaque.mean() <= CUT_OUT_SHARE:
        return opaque
    return points


def _chosen(candidates: Mask, saliency: Grid, lab: Lab, light: Mask) -> tuple[Mask, bool]:
    """The subject among `candidates`, and whether it is a light. Lines one
    point thick across (a horizon, a streak) are left out; the rest make
    parts (`_parts`). The subject is the part of the largest summed
    saliency, a light's (half of its points light) counting LIGHT_WEIGHT of
    it, a speck's (under SUBJECT_MIN_SHARE of the picture: a star, a lit
    window) or a band's (from side to side: a treeline, a skyline) nothing;
    with it the parts of KEEP_SHARE of it or more (lights only beside a
    light), and the parts beside them at most JOIN_SHARE of its size and not
    long (a face above a coat, a head above a thin neck)."""
    above = np.pad(candidates, ((1, 1), (0, 0)))
    candidates = candidates & (above[:-2] | above[2:])
    if not candidates.any():
        return candidates, False
    labels, touching = _parts(candidates, lab)
    count = int(labels.max()) + 1
    part = labels[candidates]
    area = np.bincount(part, minlength=count).astype(np.float64)
    score = np.bincount(part, weights=saliency[candidates], minlength=count).astype(np.float64)
    lit = np.bincount(part, weights=light[candidates], minlength=count) >= area / 2
    ys, xs = np.nonzero(candidates)
    spans = []
    for values in (ys, xs):
        low, high = np.full(count, values.max()), np.zeros(count, values.dtype)
        np.minimum.at(low, part, values)
        np.maximum.at(high, part, values)
        spans.append(high - low + 1)
    band = (low == 0) & (high == candidates.shape[1] - 1)
    score[(area < SUBJECT_MIN_SHARE * candidates.size) | band] = 0
    score[lit] *= LIGHT_WEIGHT
    best = int(np.argmax(score))
    if score[best] <= 0:
        return np.zeros_like(candidates), False
    kept = (score >= KEEP_SHARE * score[best]) & (~lit | lit[best])
    joins = (area <= JOIN_SHARE * area[best]) & (np.maximum(*spans) <= JOIN_ASPECT * np.minimum(*spans))
    joined = True
    while joined:  # one after another: a face beside the bits of its outline beside a coat
        joined = False
        for a, b in touching:
            for part_, beside in ((a, b), (b, a)):
                if kept[beside] and not kept[part_] and joins[part_]:
                    kept[part_] = joined = True
    return candidates & kept[labels], bool(lit[best])


def _parts(mask: Mask, lab: Lab) -> tuple[npt.NDArray[np.intp], list[tuple[int, int]]]:
    """A label for every point of `mask` (-1 elsewhere), its part: the points
    joined through neighbours, or through points GAP + 1 apart (over a thin
    gap), whose colours differ by at most LINK_DELTA_E; and the pairs of
    parts with points that near."""
    rows, columns = mask.shape
    index = np.flatnonzero(mask)
    position = np.full((rows, columns), -1)
    position.flat[index] = np.arange(index.size)
    reach = GAP + 1
    padded = np.pad(position, ((0, reach), (reach, reach)), constant_values=-1)
    starts, ends = [], []
    for dy in range(reach + 1):
        for dx in range(-reach, reach + 1):
            if dy > 0 or dx > 0:  # each pair once
                other = padded[dy : dy + rows, reach + dx : reach + dx + columns]
                both = (position >= 0) & (other >= 0)
                starts.append(position[both])
                ends.append(other[both])
    start, end = np.concatenate(starts), np.concatenate(ends)
    colours = lab.reshape(-1, lab.shape[-1])[index]
    linked = np.sqrt(((colours[start] - colours[end]) ** 2).sum(axis=1)) <= LINK_DELTA_E
    tails = np.concatenate([start[linked], end[linked]])  # each link both ways
    heads = np.concatenate([end[linked], start[linked]])
    order = np.argsort(tails, kind="stable")
    tails, heads = tails[order], heads[order]
    first = np.flatnonzero(np.diff(tails, prepend=-1))  # where each point's links start
    linked_points = tails[first]
    label = np.arange(index.size)
    while heads.size:  # every point takes the lowest label beside it, until none is lower
        lowest = np.minimum.reduceat(label[heads], first)
        if (lowest >= label[linked_points]).all():
            break
        label[linked_points] = np.minimum(label[linked_points], lowest)
        label = label[label[label]]  # and its label's label
    _, dense = np.unique(label, return_inverse=True)
    labels = np.full(mask.size, -1)
    labels[index] = dense
    count = int(dense.max()) + 1 if dense.size else 1
    pairs = np.unique(dense[start] * count + dense[end])
    touching = [(int(a), int(b)) for a, b in zip(*np.divmod(pairs, count)) if a != b]
    return labels.reshape(rows, columns), touching


def _grown(mask: Mask, by: int) -> Mask:
    """`mask` and the points within `by` points of it (a square around each)."""
    rows, columns = mask.shape
    padded = np.pad(mask, by)
    grown = np.zeros_like(mask)
    for dy in range(2 * by + 1):
        for dx in range(2 * by + 1):
            grown |= padded[dy : dy + rows, dx : dx + columns]
    return grown


def _subject(mask: Mask, aspect: float) -> tuple[Region | None, Point]:
    """The box of the subject points but SUBJECT_TRIM of them on each side,
    and the centre of interest: the middle of the points in the box's top
    part, HEAD_SHARE as tall as the box is wide (in the picture's
    proportions) and at most TOP_SHARE of its height."""
    points = mask.astype(np.float64)
    rows, columns = points.shape
    if points.sum() < SUBJECT_MIN_SHARE * points.size:
        return None, (0.5, 0.5)
    left, right = _trimmed(points.sum(axis=0))
    top, bottom = _trimmed(points.sum(axis=1))
    ys = (np.arange(rows) + 0.5) / rows
    xs = (np.arange(columns) + 0.5) / columns
    head = min(HEAD_SHARE * (right - left) * aspect, TOP_SHARE * (bottom - top))
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
