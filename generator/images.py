"""Image files -> checked facts (size, format, transparency) and prepared
copies for a page.

Productions send key art in every form a camera or an editor writes: JPEG in
RGB, greyscale or CMYK (Adobe's inverted CMYK included), progressive or EXIF
rotated; PNG in every colour type and 16 bits; WebP and TIFF. Checking one
reads its header and structure (a JPEG's segments to its end marker, a PNG's
chunks to its end chunk) without decoding it; only a picture that may be
transparent (to know whether it is), WebP and TIFF are decoded then. Its
pixels are decoded where a page needs them, at the smallest scale that is
enough (the subject analysis at 1/8 of a large JPEG, once ever: see
`art.keep_analyses`; a frame at its placed size), and turned into 8-bit RGB(A) by one function; `check` lays out every
sheet, so it decodes what `build` draws.

Key art is cropped to fill its frame (never stretched), composited onto the
colour behind it when it has transparency, and downsampled to the
resolution it is printed at; logos are fitted whole and keep their
transparency. Prepared copies are JPEG or PNG files named by the source's
content and everything that shapes them, so the PDF engine embeds them
without decoding, the same image placed twice is stored once, and a damaged
copy (a build killed mid-write) is noticed and made again.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import warnings
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageCms, ImageOps, UnidentifiedImageError

from .files import write_atomic

MAX_PIXELS = 50_000_000
MAX_FILE_BYTES = 60 * 1024 * 1024
JPEG_QUALITY = 80
# The file name endings each format may have; MPO is what cameras write: a
# JPEG followed by more views, of which the first is the picture.
SUFFIXES = {
    "JPEG": (".jpg", ".jpeg"),
    "MPO": (".jpg", ".jpeg", ".mpo"),
    "PNG": (".png",),
    "WEBP": (".webp",),
    "TIFF": (".tif", ".tiff"),
}
CONTAIN_INCHES = 2.5  # logos and laurels are prepared for a frame this wide, whatever it is
DECODED_CACHE_BYTES = 96 * 1024 * 1024  # decoded pictures kept per process for the next frame cut from them
# A JPEG is decoded once, at the largest of its decoder's reductions that
# leaves it this wide: an A4 page's width at the screen profile's 200 dpi
# (1,654 px), the widest frame a sheet has. Its subject analysis and the
# frames that need less are cut from that copy (see `decoded`).
SOURCE_WIDTH_PX = 1_700
# In prepared copies' names: JPEG quality, baseline (see `_encode`), and the
# width a JPEG is decoded at, whose copy their pixels are cut from: a cache
# made otherwise is not mixed with a fresh build's pictures.
ENCODING = f"q{JPEG_QUALITY}b-d{SOURCE_WIDTH_PX}"
_SRGB = ImageCms.createProfile("sRGB")
# Key art is decoded at 1 to 2 times its frame's size (see `decoded`), and
# bilinear is the fastest good filter over that last step: against Lanczos
# from the whole picture, 0.75 of 255 off on average, at least 0.988 of
# structural similarity, where Lanczos from the same copy is 0.39 off and takes
# 60 % longer (decoding included). Logos keep Lanczos for their edges.
COVER_RESAMPLING = Image.Resampling.BILINEAR


class ImageError(ValueError):
    """An image that cannot be used; the message says why and what to do."""


Stat = tuple[int, int, int, int]  # size, modification time, inode, change time


@dataclass(frozen=True)
class ImageInfo:
    path: Path
    width_px: int
    height_px: int
    format: str
    digest: str
    stat: Stat  # when inspected, to notice a replaced file
    alpha: bool = False  # has transparency

    @property
    def current(self) -> bool:
        """Whether the file on disk is still the one inspected."""
        try:
            return _stat_key(self.path.stat()) == self.stat
        except OSError:
            return False

    @property
    def aspect(self) -> float:
        return self.width_px / self.height_px


def _stat_key(stat: os.stat_result) -> Stat:
    """Size, modification time, inode and change time: a file replaced by
    another of the same size and modification time (a copy that keeps
    times, a restore) still gets a new inode or change time."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)


_KNOWN: dict[tuple[str, Stat], ImageInfo] = {}


def inspect_image(path: Path) -> ImageInfo:
    """Check that `path` is a whole, decodable image of a supported format
    and sane size. An image already inspected (same path and file, in this
    process or a cached earlier build) is not decoded again."""
    try:
        stat = _stat_key(path.stat())
    except OSError as exc:
        raise ImageError(f"the image cannot be read ({exc.strerror}); check the file and its permissions") from None
    known = _KNOWN.get((str(path), stat)) or _recorded(path, stat)
    if known is not None:
        return known
    info = _inspect(path, stat)
    _KNOWN[(str(path), stat)] = info
    return info


_RECORDS: dict[str, tuple[object, ...]] = {}  # a build cache's inspected images, by path (see remember)


def remember(records: object) -> None:
    """Seed the inspected images from a build cache (see `recall`); records
    of any other shape (an older or damaged cache) are ignored. A record is
    made into an ImageInfo when its picture is asked for: a build that
    reads a thousand programmes from the cache asks for none."""
    if not isinstance(records, dict):
        return
    for path, record in records.items():
        if isinstance(path, str) and isinstance(record, tuple | list) and len(record) == 9:
            _RECORDS[path] = tuple(record)


def _recorded(path: Path, stat: Stat) -> ImageInfo | None:
    """The cache's record of the picture at `path`, if it was inspected as
    the file is now."""
    record = _RECORDS.get(str(path))
    if record is None:
        return None
    try:
        size, mtime, inode, ctime, width, height, kind, digest, alpha = record
        kept = (int(size), int(mtime), int(inode), int(ctime))  # type: ignore[call-overload]
        info = ImageInfo(path, int(width), int(height), str(kind), str(digest), kept, bool(alpha))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    if kept != stat or kind not in SUFFIXES or info.width_px <= 0 or info.height_px <= 0:
        return None
    _KNOWN[(str(path), stat)] = info
    return info


def recall() -> dict[str, tuple[object, ...]]:
    """The images inspected so far, for the build cache: those this process
    inspected or asked for, and the cache's other records as they came."""
    made = {
        str(info.path): (*info.stat, info.width_px, info.height_px, info.format, info.digest, info.alpha)
        for info in _KNOWN.values()
    }
    return {**{path: record for path, record in _RECORDS.items() if path not in made}, **made}


def _inspect(path: Path, stat: Stat) -> ImageInfo:
    size = stat[0]
    if size == 0:
        raise ImageError("the image file is empty")
    if size > MAX_FILE_BYTES:
        raise ImageError(f"the image file is {size / 1e6:.0f} MB; use one under {MAX_FILE_BYTES // 1024 // 1024} MB")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImageError(f"the image cannot be read ({exc.strerror}); check the file and its permissions") from None
    with _opened(io.BytesIO(data)) as image:
        kind = image.format or "unknown"
        if kind not in SUFFIXES:
            raise ImageError(f"the file is {kind}, not a JPEG, PNG, WebP or TIFF image; export it as JPEG")
        width, height = _oriented_size(image, data)
        if width * height > MAX_PIXELS:
            raise ImageError(
                f"the image is {width} × {height} pixels; images over {MAX_PIXELS // 1_000_000} megapixels "
                "are refused; export it smaller"
            )
        alpha = False
        if kind in ("JPEG", "MPO") or (kind == "PNG" and not _may_be_transparent(image)):
            if not (_jpeg_ends(data) if kind != "PNG" else _png_ends(data)):
                raise ImageError("the image file is truncated; copy or export it again")
        else:  # whether it is transparent, and a WebP's or TIFF's structure, take its pixels
            with _decoding():
                image.load()
                alpha = _normalised(_reduced(image, max(1, min(image.size) // 64))).mode == "RGBA"
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES[kind]:
        named = f"named {suffix}" if suffix else "named without an extension"
        raise ImageError(f"the file is {named} but holds a {kind} image; rename it to {SUFFIXES[kind][0]}")
    return ImageInfo(path, width, height, kind, hashlib.sha256(data).hexdigest(), stat, alpha)


def _may_be_transparent(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


_JPEG_MARKER = re.compile(rb"\xff([^\x00\xff\xd0-\xd7])")  # not 0xFF 0x00, a restart, or a fill byte


def _jpeg_ends(data: bytes) -> bool:
    """Whether the first picture of a JPEG file runs whole to its end
    marker: each segment is as long as it says, and the data of each scan
    (where 0xFF is always followed by 0x00 or a restart) reaches a marker.
    A file cut short fails; the decoder is what would have noticed it."""
    position = 2  # after the start marker
    while (marker := _JPEG_MARKER.search(data, position)) is not None:
        if marker[1] == b"\xd9":
            return True
        start = marker.end()
        position = start + int.from_bytes(data[start : start + 2], "big")  # the segment; then any scan data
        if start + 2 > len(data) or position > len(data):
            return False
    return False


def _png_ends(data: bytes) -> bool:
    """Whether a PNG file's chunks, each as long as it says, run to its
    end chunk."""
    return b"IEND" in _png_chunks(data)


def _png_chunks(data: bytes) -> Iterator[bytes]:
    """The types of a PNG file's chunks, each as long as it says, in order."""
    position = 8  # after the signature
    while position + 12 <= len(data):
        yield data[position + 4 : position + 8]
        position += 12 + int.from_bytes(data[position : position + 4], "big")


_PNG_METADATA = (b"eXIf", b"tEXt", b"zTXt", b"iTXt")  # where a PNG may hold EXIF or XMP (an orientation)


def _metadata_after_pixels(data: bytes) -> bool:
    """Whether a PNG file has chunks that may hold EXIF or XMP after its
    pixels, which Pillow reads only by decoding them."""
    chunks = _png_chunks(data)
    return b"IDAT" in chunks and any(chunk in _PNG_METADATA for chunk in chunks)  # the rest, after the first IDAT


@contextmanager
def _decoding() -> Iterator[None]:
    """Turns the decoder's complaints into ImageErrors that say what to do."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(f"the image declares more than {MAX_PIXELS // 1_000_000} megapixels; it is refused") from None
    except UnidentifiedImageError:
        raise ImageError("the file is not an image that can be read; export it again as JPEG or PNG") from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        if "truncated" in str(exc).lower() or isinstance(exc, EOFError):
            raise ImageError("the image file is truncated; copy or export it again") from None
        raise ImageError(f"the image cannot be read ({exc}); export it again as JPEG or PNG") from None


@contextmanager
def _opened(source: io.BytesIO | Path) -> Iterator[Image.Image]:
    with _decoding():
        image = Image.open(source)
    try:
        yield image
    finally:
        image.close()


def _oriented_size(image: Image.Image, data: bytes) -> tuple[int, int]:
    """Size as displayed: EXIF orientations 5 to 8 swap width and height."""
    turned = _orientation(image, data) in (5, 6, 7, 8)
    return (image.height, image.width) if turned else (image.width, image.height)


def _orientation(image: Image.Image, data: bytes | None = None) -> int:
    """The EXIF orientation. Pillow decodes a PNG to read the metadata that
    may follow its pixels; given its `data`, one with none there is read
    without decoding (Pillow's reading of the chunks before the pixels)."""
    try:
        if data is not None and image.format == "PNG" and not _metadata_after_pixels(data):
            exif = Image.Image.getexif(image)
        else:
            exif = image.getexif()
        value = exif.get(0x0112, 1)
    except (OSError, ValueError, SyntaxError):  # a damaged EXIF block: show the picture as stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _normalised(image: Image.Image) -> Image.Image:
    """The picture upright, in 8-bit RGB, or RGBA when it has transparency:
    the one form every later step works on. CMYK goes through its ICC
    profile when it has one; 16-bit greyscale is scaled, not clipped."""
    if _orientation(image) != 1:
        image = ImageOps.exif_transpose(image)
    mode = image.mode
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        if mode != "I":
            image = image.convert("I")
        low, high = (0, 65535) if mode.startswith("I;16") else image.getextrema()
        scale = 255 / max(1, float(high) - float(low))  # type: ignore[arg-type]
        return image.point(lambda value: (value - low) * scale).convert("L").convert("RGB")
    if mode == "CMYK":
        if image.format in ("JPEG", "MPO") and "adobe" not in image.info:
            # The decoder takes every CMYK JPEG for Adobe's inverted kind;
            # without Adobe's marker the inks are stored as they are.
            image = ImageChops.invert(image)
        profile = image.info.get("icc_profile")
        if profile:
            try:
                source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
                converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
                if converted is not None:
                    return converted
            except (ImageCms.PyCMSError, OSError, ValueError):
                pass  # a broken profile: fall back to the plain conversion
        return image.convert("RGB")
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or (mode in ("P", "L", "RGB", "1") and "transparency" in image.info):
        rgba = image.convert("RGBA")
        lowest, _ = rgba.getchannel("A").getextrema()
        return rgba if isinstance(lowest, int) and lowest < 255 else rgba.convert("RGB")
    return image if mode == "RGB" else image.convert("RGB")


# Preparing pictures for a page --------------------------------------------


Point = tuple[float, float]  # x, y as fractions of a picture's width and height, from the top left


@dataclass(frozen=True)
class Region:
    """A rectangle in fractions of a picture's (or a crop's) width and
    height, from the top left: the part of a picture a frame shows."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def contains(self, point: Point) -> bool:
        x, y = point
        return self.left <= x <= self.right and self.top <= y <= self.bottom


@dataclass(frozen=True)
class AroundSubject:
    """A frame's crop chosen around the picture's subject, or around `focus`
    when given (`art.choose_crop`), when the picture is prepared rather than
    when it is placed: a layout that weighs a frame it may not keep (a
    related title's thumbnail) then analyses no picture for it."""

    focus: Point | None = None


def centred_crop(info: ImageInfo, aspect: float) -> Region:
    """The largest region of `aspect` (width / height) at the centre."""
    if info.aspect > aspect:
        share = aspect / info.aspect
        return Region((1 - share) / 2, 0.0, (1 + share) / 2, 1.0)
    share = info.aspect / aspect
    return Region(0.0, (1 - share) / 2, 1.0, (1 + share) / 2)


def target_pixels(width_pt: float, height_pt: float, dpi: int) -> tuple[int, int]:
    return max(1, math.ceil(width_pt / 72 * dpi)), max(1, math.ceil(height_pt / 72 * dpi))


def prepare_cover(
    info: ImageInfo,
    width_pt: float,
    height_pt: float,
    dpi: int,
    cache: Path,
    background: str,
    crop: Region | None = None,
) -> Path:
    """A JPEG of the picture cropped to the frame (centred unless `crop`
    says which part), flattened onto `background` ("#RRGGBB") where it is
    transparent, and downsampled to `dpi` at the frame's size; never
    upsampled."""
    crop = crop or centred_crop(info, width_pt / height_pt)
    crop_w = (crop.right - crop.left) * info.width_px
    crop_h = (crop.bottom - crop.top) * info.height_px
    want_w, want_h = target_pixels(width_pt, height_pt, dpi)
    out_w, out_h = (want_w, want_h) if want_w < crop_w else (max(1, round(crop_w)), max(1, round(crop_h)))
    shape = f"{crop.left:.4f},{crop.top:.4f},{crop.right:.4f},{crop.bottom:.4f},{background if info.alpha else ''}"
    name = hashlib.sha256(shape.encode()).hexdigest()[:8]
    target = cache / f"{info.digest[:24]}-cover-{out_w}x{out_h}-{name}-{ENCODING}.jpg"
    if not _whole(target):
        image = decoded(info, max(out_w / crop_w, out_h / crop_h))
        box = (crop.left * image.width, crop.top * image.height, crop.right * image.width, crop.bottom * image.height)
        fitted = image.resize((out_w, out_h), COVER_RESAMPLING, box=box)
        if fitted.mode == "RGBA":
            fitted = _flatten(fitted, background)
        write_atomic(target, _encode(fitted, "JPEG"))
    return target


def prepare_contain(info: ImageInfo, dpi: int, cache: Path) -> Path:
    """The whole picture at `dpi` for a frame of at most CONTAIN_INCHES (a
    logo, a laurel), keeping its transparency (PNG), as PNG for a PNG
    source (sharp edges of logos) or else as JPEG; never upsampled. One size
    whatever the frame, so that every page shows the same copy."""
    longest = math.ceil(CONTAIN_INCHES * dpi)
    scale = min(1.0, longest / max(info.width_px, info.height_px))
    out_w, out_h = max(1, round(info.width_px * scale)), max(1, round(info.height_px * scale))
    kind = "PNG" if info.alpha or info.format == "PNG" else "JPEG"
    suffix = "png" if kind == "PNG" else "jpg"
    target = cache / f"{info.digest[:24]}-contain-{out_w}x{out_h}-{ENCODING}.{suffix}"
    if not _whole(target):
        image = decoded(info, scale)
        resized = image.resize((out_w, out_h), Image.Resampling.LANCZOS, reducing_gap=2.0)
        write_atomic(target, _encode(resized, kind))
    return target


def _whole(path: Path) -> bool:
    """Whether a prepared file exists and ends as its format ends: a JPEG
    with its end marker, a PNG with its end chunk. A file cut short by a
    full disk or a killed process is made again."""
    try:
        with path.open("rb") as handle:
            start = handle.read(8)
            handle.seek(max(0, path.stat().st_size - 12))
            end = handle.read()
    except OSError:
        return False
    if start.startswith(b"\xff\xd8"):
        return end.rstrip(b"\x00").endswith(b"\xff\xd9")
    return start == b"\x89PNG\r\n\x1a\n" and end[-8:-4] == b"IEND"


# Decoded pictures by digest and reduction; reduction 0: one decoded whole, as
# stored (a format other than JPEG, whose every reduction is cut from it).
_DECODED: OrderedDict[tuple[str, int], Image.Image] = OrderedDict()


def decoded(info: ImageInfo, scale: float) -> Image.Image:
    """The picture normalised (see `_normalised`) at `scale` of its size or
    more, by the largest of 1/1, 1/2, 1/4, 1/8 that is enough, kept for the
    next use at that reduction (a frame's pixels depend on nothing else, so
    the same picture comes out whatever was drawn before it). A JPEG is
    reduced by the decoder (the cheapest way) to SOURCE_WIDTH_PX, once:
    every smaller reduction, its subject analysis's included, is cut from
    that copy by averaging (a decoder scaling to an eighth still reads the
    whole file, at two thirds of the cost of a half). Other formats are
    decoded whole, kept so, and reduced before any conversion. So the
    analysis and the frames decode a picture once, and they see the same
    pixels whichever asks first; the kept copies stay under
    DECODED_CACHE_BYTES."""
    reduction = max(f for f in (1, 2, 4, 8) if 1 / f >= min(1.0, scale))
    key = (info.digest, reduction)
    picture = _recalled(key)
    jpeg = info.format in ("JPEG", "MPO")
    source = max(f for f in (1, 2, 4, 8) if f == 1 or info.width_px / f >= SOURCE_WIDTH_PX)
    if picture is None and jpeg and reduction > source:
        whole = decoded(info, 1 / source)
        with _decoding():
            picture = _kept(key, whole.reduce(reduction // source))
    elif picture is None:
        if jpeg:
            image = _decode(info, reduction)
        else:
            image = _recalled((info.digest, 0)) or _kept((info.digest, 0), _decode(info, 1))
        decoded_by = math.sqrt(info.width_px * info.height_px / (image.width * image.height))
        with _decoding():
            picture = _kept(key, _normalised(_reduced(image, int(reduction / decoded_by + 0.01))))  # by what is left
    return picture


def _decode(info: ImageInfo, reduction: int) -> Image.Image:
    """The picture as stored, reduced by the decoder when it can (a JPEG)."""
    try:  # read whole: a picture decoded from memory keeps no file open
        data = info.path.read_bytes()
    except OSError as exc:
        raise ImageError(f"the image cannot be read ({exc.strerror}); check the file and its permissions") from None
    with _decoding():
        image = Image.open(io.BytesIO(data))
        if info.format in ("JPEG", "MPO") and reduction > 1:
            image.draft("RGB", (image.width // reduction, image.height // reduction))
        image.load()
    return image


def _recalled(key: tuple[str, int]) -> Image.Image | None:
    kept = _DECODED.get(key)
    if kept is not None:
        _DECODED.move_to_end(key)
    return kept


def _kept(key: tuple[str, int], picture: Image.Image) -> Image.Image:
    """`picture`, kept for the next use; the oldest kept are let go to stay
    under DECODED_CACHE_BYTES (a copy kept twice, as stored and normalised,
    counts once)."""

    def held() -> int:
        distinct = {id(image): image for image in (*_DECODED.values(), picture)}
        return sum(image.width * image.height * len(image.getbands()) for image in distinct.values())

    while _DECODED and held() > DECODED_CACHE_BYTES:
        _DECODED.popitem(last=False)
    if held() <= DECODED_CACHE_BYTES:
        _DECODED[key] = picture
    return picture


def _reduced(image: Image.Image, factor: int) -> Image.Image:
    """The picture `factor` times smaller, reduced before any conversion so
    that memory never holds a second full-size copy (palette pictures are
    converted first: their indices cannot be averaged)."""
    if factor <= 1:
        return image
    if image.mode.startswith("I;16"):  # reduced as 32-bit, kept 16-bit for its scale
        return image.convert("I").reduce(factor).convert("I;16")
    if image.mode not in ("1", "L", "LA", "RGB", "RGBA", "CMYK", "I", "F"):
        image = image.convert("RGBA")
    return image.reduce(factor)


def _flatten(image: Image.Image, background: str) -> Image.Image:
    """A transparent picture laid over the colour that is behind it."""
    base = Image.new("RGB", image.size, background)
    base.paste(image, mask=image.getchannel("A"))
    return base


def _encode(image: Image.Image, kind: str) -> bytes:
    """A JPEG with optimised Huffman tables, baseline: progressive scans make
    it 1.4 % smaller but take 2.8 times as long to encode, and a PDF viewer
    shows a picture only once it is whole anyway."""
    buffer = io.BytesIO()
    if kind == "JPEG":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
