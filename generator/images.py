"""Image files -> checked facts (size, format) and prepared copies for a page.

Key art is cropped to fill its frame (never stretched) and downsampled to the
resolution it is printed at; logos are fitted whole. Prepared copies are
JPEG or PNG files named by the source's content and the target size, so the
PDF engine embeds them without decoding, and the same image placed twice is
stored once.
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .files import write_atomic

MAX_PIXELS = 50_000_000
MAX_FILE_BYTES = 60 * 1024 * 1024
SUPPORTED_FORMATS = ("JPEG", "PNG")
JPEG_QUALITY = 80


class ImageError(ValueError):
    """An image that cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class ImageInfo:
    path: Path
    width_px: int
    height_px: int
    format: str
    digest: str
    stat: tuple[int, int]  # size and modification time when inspected, to notice a replaced file

    @property
    def current(self) -> bool:
        """Whether the file on disk is still the one inspected."""
        try:
            stat = self.path.stat()
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == self.stat

    @property
    def aspect(self) -> float:
        return self.width_px / self.height_px


_KNOWN: dict[tuple[str, int, int], ImageInfo] = {}


def inspect_image(path: Path) -> ImageInfo:
    """Check that `path` is a whole, decodable JPEG or PNG of sane size.
    An image already inspected (same path, size and modification time, in
    this process or a cached earlier build) is not decoded again."""
    stat = path.stat()
    known = _KNOWN.get((str(path), stat.st_size, stat.st_mtime_ns))
    if known is not None:
        return known
    info = _inspect(path, stat.st_size, stat.st_mtime_ns)
    _KNOWN[(str(path), stat.st_size, stat.st_mtime_ns)] = info
    return info


def remember(records: dict[str, tuple[object, ...]]) -> None:
    """Seed the inspected images from a build cache (see `recall`)."""
    for path, (size, mtime_ns, width, height, kind, digest) in records.items():
        info = ImageInfo(Path(path), int(width), int(height), str(kind), str(digest), (int(size), int(mtime_ns)))  # type: ignore[call-overload]
        _KNOWN[(path, info.stat[0], info.stat[1])] = info


def recall() -> dict[str, tuple[object, ...]]:
    """The images inspected so far, for the build cache."""
    return {
        str(info.path): (*info.stat, info.width_px, info.height_px, info.format, info.digest)
        for info in _KNOWN.values()
    }


def _inspect(path: Path, size: int, mtime_ns: int) -> ImageInfo:
    if size == 0:
        raise ImageError("the image file is empty")
    if size > MAX_FILE_BYTES:
        raise ImageError(f"the image file is {size / 1e6:.0f} MB; use one under {MAX_FILE_BYTES // 1024 // 1024} MB")
    data = path.read_bytes()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        with image:
            kind = image.format or "unknown"
            if kind not in SUPPORTED_FORMATS:
                raise ImageError(f"the file is {kind}, not a JPEG or PNG image; convert it to JPEG")
            width, height = _oriented_size(image)
            if width * height > MAX_PIXELS:
                raise ImageError(
                    f"the image is {width} × {height} pixels; "
                    f"images over {MAX_PIXELS // 1_000_000} megapixels are refused"
                )
            if kind == "JPEG":  # decoding at 1/8 scale still reads every byte
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(f"the image declares more than {MAX_PIXELS // 1_000_000} megapixels; it is refused") from None
    except UnidentifiedImageError:
        raise ImageError("the file is not an image that can be read; export it again as JPEG or PNG") from None
    except (OSError, SyntaxError, ValueError) as exc:
        if "truncated" in str(exc).lower():
            raise ImageError("the image file is truncated; copy or export it again") from None
        raise ImageError(f"the image cannot be read ({exc}); export it again as JPEG or PNG") from None
    suffix = path.suffix.lower()
    if (kind == "JPEG") != (suffix in (".jpg", ".jpeg")) or (kind == "PNG") != (suffix == ".png"):
        raise ImageError(f"the file is named {suffix or 'without extension'} but holds a {kind} image; rename it")
    return ImageInfo(path, width, height, kind, hashlib.sha256(data).hexdigest(), (size, mtime_ns))


def _oriented_size(image: Image.Image) -> tuple[int, int]:
    """Size as displayed: EXIF orientations 5 to 8 swap width and height."""
    orientation = image.getexif().get(0x0112, 1) if image.format == "JPEG" else 1
    return (image.height, image.width) if orientation in (5, 6, 7, 8) else (image.width, image.height)


def target_pixels(width_pt: float, height_pt: float, dpi: int) -> tuple[int, int]:
    return max(1, math.ceil(width_pt / 72 * dpi)), max(1, math.ceil(height_pt / 72 * dpi))


def prepare_cover(info: ImageInfo, width_pt: float, height_pt: float, dpi: int, cache: Path) -> Path:
    """A JPEG of the image cropped (centred) to the frame's shape and
    downsampled to `dpi` at the frame's size; never upsampled."""
    want_w, want_h = target_pixels(width_pt, height_pt, dpi)
    frame_aspect = width_pt / height_pt
    crop_w, crop_h = _crop(info.width_px, info.height_px, frame_aspect)
    out_w, out_h = (want_w, want_h) if want_w < crop_w else (round(crop_w), round(crop_h))
    target = cache / f"{info.digest[:24]}-cover-{out_w}x{out_h}-q{JPEG_QUALITY}.jpg"
    if not target.exists():
        image = _decoded(info, _reduction(info, max(out_w / crop_w, out_h / crop_h)))
        w, h = _crop(image.width, image.height, frame_aspect)
        box = ((image.width - w) / 2, (image.height - h) / 2, (image.width + w) / 2, (image.height + h) / 2)
        fitted = image.resize((out_w, out_h), Image.Resampling.LANCZOS, box=box, reducing_gap=2.0)
        write_atomic(target, _encode(fitted, "JPEG"))
    return target


def prepare_contain(info: ImageInfo, width_pt: float, height_pt: float, dpi: int, cache: Path) -> Path:
    """The whole image fitted inside the frame at `dpi`, keeping transparency
    (PNG) or as JPEG; never upsampled."""
    want_w, want_h = target_pixels(width_pt, height_pt, dpi)
    scale = min(1.0, want_w / info.width_px, want_h / info.height_px)
    out_w, out_h = max(1, round(info.width_px * scale)), max(1, round(info.height_px * scale))
    kind = info.format
    target = cache / f"{info.digest[:24]}-contain-{out_w}x{out_h}-q{JPEG_QUALITY}.{'png' if kind == 'PNG' else 'jpg'}"
    if not target.exists():
        image = _decoded(info, _reduction(info, scale))
        resized = image.resize((out_w, out_h), Image.Resampling.LANCZOS, reducing_gap=2.0)
        write_atomic(target, _encode(resized, kind))
    return target


def _crop(width: float, height: float, aspect: float) -> tuple[float, float]:
    """The largest centred region of `aspect` (width / height) in an image."""
    return (height * aspect, height) if width / height > aspect else (width, width / aspect)


def _reduction(info: ImageInfo, scale: float) -> int:
    """The JPEG decoder's reduction (1, 2, 4 or 8) that still leaves at least
    `scale` of the full size: decoding at 1/4 is many times faster."""
    if info.format != "JPEG":
        return 1
    return max((factor for factor in (1, 2, 4, 8) if 1 / factor >= scale), default=1)


@lru_cache(maxsize=3)
def _decoded(info: ImageInfo, reduction: int) -> Image.Image:
    """The image decoded (at 1/`reduction` size), turned as EXIF says, in
    RGB or RGBA; kept for the next frames cut from the same picture."""
    with Image.open(info.path) as image:
        if reduction > 1:
            image.draft("RGB", (image.width // reduction, image.height // reduction))
        upright = ImageOps.exif_transpose(image)
        mode = "RGBA" if info.format == "PNG" and upright.mode in ("RGBA", "LA", "P", "PA") else "RGB"
        return upright.convert(mode)


def _encode(image: Image.Image, kind: str) -> bytes:
    buffer = io.BytesIO()
    if kind == "JPEG":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
