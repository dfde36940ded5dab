"""Positioned boxes -> PDF bytes with reportlab. Draws; decides nothing.

Canvases are made with `invariant=1`, so the same layout always gives the
same bytes, and with binary (not ASCII85) streams, which are smaller and
faster to write.
"""

from __future__ import annotations

import copy
import hashlib
import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import reportlab
from PIL import Image
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr
from reportlab.pdfgen.canvas import Canvas

from . import __version__, kept
from .boxes import CMYK, RGB, Box, Fill, Glyphs, Link, Page, Picture, QrCode, Rule, Scrim, TextRun
from .design import SCRIM_EASE
from .fonts import extent, subsetting


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    language: str = ""  # BCP 47, declared as the document's /Lang (read aloud, searched, hyphenated by readers)


Pictures = Mapping[Picture, Path]  # the prepared file of each placed picture (pictures.py)


@contextmanager
def _binary_streams() -> Iterator[None]:
    """reportlab's streams without ASCII85 (a global setting, so set only
    while a document is written)."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def render_pages(
    pages: list[Page], info: DocumentInfo, pictures: Pictures, cmyk: Mapping[RGB, CMYK] | None = None
) -> bytes:
    """Draw pages into one PDF document; with a `cmyk` map (print), the
    colours it knows are drawn in CMYK."""
    with _binary_streams(), subsetting():
        return _render(pages, info, pictures, cmyk or {})


def _render(pages: list[Page], info: DocumentInfo, pictures: Pictures, cmyk: Mapping[RGB, CMYK]) -> bytes:
    buffer = io.BytesIO()
    first_font = next((box.font for box in pages[0].boxes if isinstance(box, TextRun)), "Helvetica")
    canvas = Canvas(
        buffer,
        pagesize=(pages[0].width_pt, pages[0].height_pt),
        invariant=1,
        pageCompression=1,
        initialFontName=first_font,  # type: ignore[arg-type]  # else an unembedded Helvetica is listed
        lang=info.language or None,
    )
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author)
    canvas.setSubject(info.subject)
    canvas.setKeywords(", ".join(info.keywords))
    canvas.setCreator(f"Onesheet {__version__}")
    paint = _Paint(canvas, cmyk)
    for page in pages:
        canvas.setPageSize((page.width_pt, page.height_pt))
        if page.trim_box is not None and page.bleed_box is not None:
            canvas.setTrimBox(page.trim_box.corners())
            canvas.setBleedBox(page.bleed_box.corners())
        draw_page(canvas, page, pictures, paint)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class _Paint:
    """Sets fill and stroke colours, in CMYK where the map has the colour."""

    def __init__(self, canvas: Canvas, cmyk: Mapping[RGB, CMYK]) -> None:
        self.canvas = canvas
        self.cmyk = cmyk

    def fill(self, colour: RGB) -> None:
        self._set(colour, stroke=False)

    def stroke(self, colour: RGB) -> None:
        self._set(colour, stroke=True)

    def _set(self, colour: RGB, stroke: bool) -> None:
        canvas = self.canvas
        inks = self.cmyk.get(colour)
        if inks is None:
            (canvas.setStrokeColorRGB if stroke else canvas.setFillColorRGB)(*colour)
        else:
            (canvas.setStrokeColorCMYK if stroke else canvas.setFillColorCMYK)(*inks)


def draw_page(canvas: Canvas, page: Page, pictures: Pictures, paint: _Paint) -> None:
    """Draw boxes in order, setting font and colour only when they change.
    Each text run is its own text object, which keeps text extraction
    faithful (one run never runs into the next)."""
    font: tuple[str, float] | None = None
    colour: tuple[float, float, float] | None = None
    for box in page.boxes:
        if not isinstance(box, TextRun):
            _draw(canvas, box, pictures, paint)
            colour = None
            continue
        if (box.font, box.size_pt) != font:
            canvas.setFont(box.font, box.size_pt)
            font = (box.font, box.size_pt)
        if box.colour != colour:
            paint.fill(box.colour)
            colour = box.colour
        if box.pieces:
            for piece in box.pieces:
                _draw_glyphs(canvas, piece, box.x_pt + piece.x_pt, box.y_pt, box.size_pt)
            font = None
        else:
            canvas.drawString(box.x_pt, box.y_pt, box.text, charSpace=box.tracking_pt)
        if box.link:
            below, above = extent(box.font, box.size_pt)
            rect = (box.x_pt, box.y_pt + below, box.x_pt + box.width_pt, box.y_pt + above)
            canvas.linkURL(box.link, rect, relative=0, thickness=0)


def _draw_glyphs(canvas: Canvas, piece: Glyphs, x: float, y: float, size: float) -> None:
    """Shaped glyphs at their HarfBuzz positions, through reportlab's
    ShapedStr. Pieces are written in logical order (their positions are
    visual), so that text extracts in reading order; a left-to-right piece
    whose glyphs do not spell its text in order (Indic conjuncts, pre-base
    vowels) also carries its text as ActualText."""
    widths = pdfmetrics.getFont(piece.font).face.charWidths  # type: ignore[attr-defined]
    data = [
        ShapeData(0, advance, 0, dx, dy, widths[ord(code)])
        for code, advance, (dx, dy) in zip(piece.codes, piece.advances, piece.offsets)
    ]
    actual = not piece.rtl and piece.codes != piece.text
    if actual:
        canvas.addLiteral(f"/Span <</ActualText <FEFF{piece.text.encode('utf-16-be').hex().upper()}>>> BDC")
    canvas.setFont(piece.font, size)
    canvas.drawString(x, y, ShapedStr(piece.codes, shapeData=data))  # type: ignore[arg-type]  # a list, in fact
    if actual:
        canvas.addLiteral("EMC")


def _draw(canvas: Canvas, box: Box, pictures: Pictures, paint: _Paint) -> None:
    if isinstance(box, Fill):
        paint.fill(box.colour)
        if box.radius_pt:
            canvas.roundRect(box.x_pt, box.y_pt, box.width_pt, box.height_pt, box.radius_pt, stroke=0, fill=1)
        else:
            canvas.rect(box.x_pt, box.y_pt, box.width_pt, box.height_pt, stroke=0, fill=1)
    elif isinstance(box, Rule):
        paint.stroke(box.colour)
        canvas.setLineWidth(box.thickness_pt)
        canvas.line(box.x_pt, box.y_pt, box.x_pt + box.width_pt, box.y_pt)
    elif isinstance(box, Picture):
        path = pictures[box]
        if path.suffix == ".jpg":
            canvas.drawImage(_PreparedJpeg(path), box.x_pt, box.y_pt, box.width_pt, box.height_pt)
        else:
            _draw_png(canvas, _embedded_png(path), box.x_pt, box.y_pt, box.width_pt, box.height_pt)
    elif isinstance(box, Scrim):
        canvas.drawImage(_shade(round(box.alpha * 255)), box.x_pt, box.y_pt, box.width_pt, box.height_pt, mask="auto")
    elif isinstance(box, QrCode):
        paint.fill(box.colour)
        _draw_qr(canvas, box)
    elif isinstance(box, Link):
        rect = (box.x_pt, box.y_pt, box.x_pt + box.width_pt, box.y_pt + box.height_pt)
        canvas.linkURL(box.url, rect, relative=0, thickness=0)
    # A PageLink targets another page of a booklet: added at assembly.


def _draw_qr(canvas: Canvas, box: QrCode) -> None:
    """The code's dark modules as filled rectangles, one per run in a row
    (drawn directly: reportlab's widget renderer would add a Helvetica font)."""
    module = box.size_pt / box.matrix.count
    path = canvas.beginPath()
    for run in box.matrix.runs:
        y = box.y_pt + box.size_pt - (run.row + 1) * module
        path.rect(box.x_pt + run.start * module, y, (run.end - run.start) * module, module)
    canvas.drawPath(path, stroke=0, fill=1)


class _PreparedJpeg(ImageReader):
    """A prepared JPEG that reportlab embeds as it is. reportlab names an
    image by a digest of its decoded pixels; this names it by its bytes
    instead, which is as unique and saves decoding the picture."""

    def __init__(self, path: Path) -> None:
        data = path.read_bytes()
        super().__init__(io.BytesIO(data))
        self._digest = hashlib.sha256(data).digest()
        self._dataA = None  # no alpha channel: drawImage reads this beside getRGBData

    def getRGBData(self) -> bytes:  # what drawImage hashes to name the image
        return self._digest


@dataclass(frozen=True)
class _EmbeddedPng:
    """A prepared PNG (a logo, a laurel: on every page of a brand) as
    reportlab embeds it, its pixels and soft mask compressed once (kept in
    the build cache for later processes: `kept`) instead of once per
    document: the image XObject and its mask, copied into each document
    that draws it, under reportlab's own name for them (a digest of their
    pixels), so the bytes are those drawImage writes."""

    name: str
    image: pdfdoc.PDFImageXObject
    mask: pdfdoc.PDFImageXObject | None


_PNG_FORMAT = 1  # of the records kept of embedded PNGs: a change of their content takes another number


@lru_cache(maxsize=32)
def _embedded_png(path: Path) -> _EmbeddedPng:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    kept_name = f"{digest[:32]}-embedded-reportlab-{reportlab.Version}-v{_PNG_FORMAT}.xobject"
    embedded = _png_of(kept.recall("images", kept_name), digest)
    if embedded is not None:
        return embedded
    reader = ImageReader(str(path))
    pixels = reader.getRGBData()  # type: ignore[no-untyped-call]
    alpha = reader._dataA  # type: ignore[attr-defined]  # set by getRGBData: the alpha channel, if any
    name = hashlib.md5(pixels + (alpha.getRGBData() if alpha else b"auto"), usedforsecurity=False).hexdigest()
    image = pdfdoc.PDFImageXObject(name, reader, mask="auto")
    mask = image.__dict__.pop("_smask", None)
    kept.remember("images", kept_name, (digest, name, vars(image), vars(mask) if mask is not None else None))
    return _EmbeddedPng(name, image, mask)


_XOBJECT_NEEDS: dict[str, type | tuple[type, ...]] = {
    "name": str, "width": int, "height": int, "colorSpace": str, "streamContent": (bytes, str)
}  # fmt: skip


def _png_of(record: object, digest: str) -> _EmbeddedPng | None:
    """The embedded PNG of `digest` from what `_embedded_png` kept of it,
    if `record` is that."""
    if not (isinstance(record, tuple) and len(record) == 4 and record[0] == digest and isinstance(record[1], str)):
        return None
    image, mask = _xobject(record[2]), _xobject(record[3])
    if image is None or (mask is None and record[3] is not None):
        return None
    return _EmbeddedPng(record[1], image, mask)


def _xobject(fields: object) -> pdfdoc.PDFImageXObject | None:
    """An image XObject with the fields kept of one, if they are that."""
    if not isinstance(fields, dict) or not all(isinstance(key, str) for key in fields):
        return None
    if not all(isinstance(fields.get(key), kind) for key, kind in _XOBJECT_NEEDS.items()):
        return None
    xobject = pdfdoc.PDFImageXObject(fields["name"])
    vars(xobject).update(fields)
    return xobject


def _draw_png(canvas: Canvas, png: _EmbeddedPng, x: float, y: float, width: float, height: float) -> None:
    """As `drawImage(..., mask="auto")` draws it: the image registered in
    the document the first time, with its soft mask, then drawn by name."""
    if not canvas.hasForm(png.name):
        document = canvas._doc  # type: ignore[attr-defined]
        image = copy.copy(png.image)
        name = document.getXObjectName(png.name)
        document.Reference(image, name)
        document.addForm(png.name, image)
        if png.mask is not None:
            mask_name = document.getXObjectName(png.mask.name)
            if mask_name in document.idToObject:
                image.smask = pdfdoc.PDFObjectReference(mask_name)  # type: ignore[attr-defined]
            else:
                image.smask = document.Reference(copy.copy(png.mask), mask_name)  # type: ignore[attr-defined]
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas.doForm(png.name)
    canvas.restoreState()


@lru_cache(maxsize=4)
def _shade(alpha: int) -> ImageReader:
    """A 1-pixel-wide black ramp from transparent to `alpha`, stretched over
    the box; eased so the shade has no visible edge."""
    ramp = Image.new("LA", (1, 256))
    ramp.putdata([(0, round(alpha * (row / 255) ** SCRIM_EASE)) for row in range(256)])
    return ImageReader(ramp.convert("RGBA"))
