"""The floor of a PDF's pictures: what its pictures would weigh if each
were prepared once, cropped to what shows on the page, at the size it is
placed at, in the product's resolution and JPEG quality.

It is measured on the finished PDF, whatever made it: every image drawn on
a page (directly or inside a form) is located through the content streams
(transformations, rectangular clips, the page's box), cropped to the part
that shows, reduced to the placed size at DPI (never enlarged), and encoded
as the best Pillow can: an optimised progressive JPEG at QUALITY, or PNG for
pictures with transparency. Identical images count once, at the largest size
they are shown. The catalogue's size over this floor is the cost of
everything else: text, fonts, drawing, structure, and pictures stored
larger or more often than they show.

    python bench/floor.py build/catalogue.pdf
"""

from __future__ import annotations

import hashlib
import io
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image

DPI = 200  # the screen profile's resolution
try:  # the product's quality, where it still says so
    from generator.images import JPEG_QUALITY as QUALITY
except ImportError:
    QUALITY = 80

Matrix = tuple[float, float, float, float, float, float]
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class Shown:
    """One image as it shows on a page: the part of it that is visible (in
    fractions of its width and height, from the top left) and that part's
    size on the page in points."""

    image: pikepdf.Object
    crop: Rect
    width_pt: float
    height_pt: float


@dataclass(frozen=True)
class Floor:
    pdf_bytes: int
    images: int  # distinct images shown
    placements: int
    floor_bytes: int
    embedded_bytes: int  # what the PDF's image streams (and masks) weigh as stored

    @property
    def ratio(self) -> float:
        return self.pdf_bytes / self.floor_bytes if self.floor_bytes else math.inf


def measure_floor(path: Path, dpi: int = DPI, quality: int = QUALITY) -> Floor:
    with pikepdf.open(path) as pdf:
        shown: list[Shown] = []
        for page in pdf.pages:
            box = _rect_of(page.mediabox)
            shown.extend(_walk(page.obj, page.Resources, IDENTITY, box, 0))
        largest: dict[str, tuple[Shown, int, int]] = {}
        embedded: dict[tuple[int, int], int] = {}
        for item in shown:
            key = hashlib.sha256(item.image.read_raw_bytes()).hexdigest()
            width, height = _target(item, dpi)
            if key not in largest or width * height > largest[key][1] * largest[key][2]:
                largest[key] = (item, width, height)
            embedded[item.image.objgen] = len(item.image.read_raw_bytes()) + _mask_bytes(item.image)
        total = sum(_prepared_bytes(item, width, height, quality) for item, width, height in largest.values())
        return Floor(path.stat().st_size, len(largest), len(shown), total, sum(embedded.values()))


def _walk(content: pikepdf.Object, resources: pikepdf.Object, ctm: Matrix, clip: Rect, depth: int) -> list[Shown]:
    """Every image drawn by a content stream, with where it shows."""
    if depth > 8:
        return []
    found: list[Shown] = []
    stack: list[tuple[Matrix, Rect]] = []
    pending_rects: list[Rect] = []
    pending_clip = False
    xobjects = resources.get("/XObject", {}) if resources is not None else {}
    for instruction in pikepdf.parse_content_stream(content):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue  # small by design (the PDF reference advises 4 KB at most): left out
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            stack.append((ctm, clip))
        elif op == "Q" and stack:
            ctm, clip = stack.pop()
        elif op == "cm":
            ctm = _multiply(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            pending_rects.append(_bounds(ctm, (x, y, x + w, y + h)))
        elif op in ("W", "W*"):
            pending_clip = True
        elif op in ("n", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*"):
            if pending_clip and len(pending_rects) == 1:  # a rectangular clip; others are left unclipped
                clip = _intersect(clip, pending_rects[0])
            pending_rects, pending_clip = [], False
        elif op == "Do":
            xobject = xobjects.get(operands[0])
            if xobject is None:
                continue
            subtype = xobject.get("/Subtype")
            if subtype == "/Image":
                shown = _shown(xobject, ctm, clip)
                if shown is not None:
                    found.append(shown)
            elif subtype == "/Form":
                matrix = tuple(float(v) for v in xobject.get("/Matrix", IDENTITY))
                inner = _multiply(matrix, ctm)  # type: ignore[arg-type]
                bbox = xobject.get("/BBox")
                inner_clip = _intersect(clip, _bounds(inner, _rect_of(bbox))) if bbox is not None else clip
                found.extend(_walk(xobject, xobject.get("/Resources", resources), inner, inner_clip, depth + 1))
    return found


def _shown(image: pikepdf.Object, ctm: Matrix, clip: Rect) -> Shown | None:
    """The visible part of an image drawn in the unit square under `ctm`
    (axis-aligned placements; a rotated one counts its whole bounding box)."""
    drawn = _bounds(ctm, (0.0, 0.0, 1.0, 1.0))
    visible = _intersect(drawn, clip)
    if visible[2] <= visible[0] or visible[3] <= visible[1]:
        return None
    width, height = drawn[2] - drawn[0], drawn[3] - drawn[1]
    crop = (
        (visible[0] - drawn[0]) / width,
        (drawn[3] - visible[3]) / height,
        (visible[2] - drawn[0]) / width,
        (drawn[3] - visible[1]) / height,
    )
    return Shown(image, crop, visible[2] - visible[0], visible[3] - visible[1])


def _target(item: Shown, dpi: int) -> tuple[int, int]:
    """Pixels of the visible part at `dpi`, never more than the image has."""
    pixels_w = int(item.image.Width) * (item.crop[2] - item.crop[0])
    pixels_h = int(item.image.Height) * (item.crop[3] - item.crop[1])
    want_w, want_h = math.ceil(item.width_pt / 72 * dpi), math.ceil(item.height_pt / 72 * dpi)
    scale = min(1.0, want_w / pixels_w, want_h / pixels_h)
    return max(1, round(pixels_w * scale)), max(1, round(pixels_h * scale))


def _prepared_bytes(item: Shown, width: int, height: int, quality: int) -> int:
    image = _decoded(item.image, width, height)
    x0, y0, x1, y1 = item.crop
    box = (x0 * image.width, y0 * image.height, x1 * image.width, y1 * image.height)
    transparent = "/SMask" in item.image or "/Mask" in item.image
    mode = "RGBA" if transparent else ("L" if image.mode in ("L", "1") else "RGB")
    if transparent and image.mode != "RGBA":
        image = image.convert("RGBA")
        image.putalpha(_mask(item.image, image.size))
    prepared = image.convert(mode).resize((width, height), Image.Resampling.LANCZOS, box=box)
    buffer = io.BytesIO()
    if transparent:
        prepared.save(buffer, "PNG", optimize=True)
    else:
        prepared.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return len(buffer.getvalue())


def _decoded(image: pikepdf.Object, width: int, height: int) -> Image.Image:
    """The image's pixels; a JPEG is decoded at the smallest scale that
    still covers the target size (as any careful preparation would)."""
    if image.get("/Filter") == "/DCTDecode":
        decoded = Image.open(io.BytesIO(image.read_raw_bytes()))
        decoded.draft("RGB", (width, height))
        if decoded.mode == "CMYK":
            return decoded.convert("RGB")
        return decoded
    return pikepdf.PdfImage(image).as_pil_image()


def _mask(image: pikepdf.Object, size: tuple[int, int]) -> Image.Image:
    mask = image.get("/SMask")
    if mask is None:
        return Image.new("L", size, 255)
    return pikepdf.PdfImage(mask).as_pil_image().convert("L").resize(size)


def _mask_bytes(image: pikepdf.Object) -> int:
    mask = image.get("/SMask")
    return len(mask.read_raw_bytes()) if mask is not None else 0


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n, PDF's order: m applies first."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _bounds(m: Matrix, rect: Rect) -> Rect:
    x0, y0, x1, y1 = rect
    points = [
        (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))
    ]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _intersect(one: Rect, two: Rect) -> Rect:
    return max(one[0], two[0]), max(one[1], two[1]), min(one[2], two[2]), min(one[3], two[3])


def _rect_of(array: pikepdf.Object) -> Rect:
    x0, y0, x1, y1 = (float(v) for v in array)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


if __name__ == "__main__":
    floor = measure_floor(Path(sys.argv[1]))
    print(
        f"{floor.pdf_bytes / 1e6:.2f} MB; {floor.images} pictures shown {floor.placements} times; "
        f"floor {floor.floor_bytes / 1e6:.2f} MB at {DPI} dpi and JPEG quality {QUALITY}; "
        f"pictures as stored {floor.embedded_bytes / 1e6:.2f} MB; ratio {floor.ratio:.2f}"
    )
