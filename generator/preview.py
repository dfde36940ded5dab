"""Sheet PDFs -> PNG previews drawn by PDFium (pypdfium2): the whole page
for an e-mail body or a website, and a 1200 x 630 card (the size link
previews and social posts use) of the sheet's head: the key art down to its
lower edge, where the title, the original title and the facts line sit.
Both are written atomically beside each other: OUT/png/<id>.png and
OUT/png/<id>-card.png.

The head's lower edge is found in the pixels (the first white row under the
art), so the card follows whatever the layout decided for this sheet.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageFilter

from .files import write_atomic

PAGE_WIDTH_PX = 1240  # an A4 page at 150 dpi: sharp on screens, light in an e-mail
CARD_PX = (1200, 630)
EDGE_PX = 6  # the rows of a short head stretched to fill the card above it
BLUR = ImageFilter.GaussianBlur(12)
WHITE = 250  # grey level of the page's white, with a little room for anti-aliasing


def preview_paths(folder: Path, programme_id: str) -> tuple[Path, Path]:
    return folder / f"{programme_id}.png", folder / f"{programme_id}-card.png"


def render_previews(sheet: Path, folder: Path) -> None:
    """Draw the first page of `sheet` as its page PNG and its card PNG."""
    import pypdfium2  # loaded only for --png: PDFium is a large library

    page_png, card_png = preview_paths(folder, sheet.stem)
    document = pypdfium2.PdfDocument(sheet)
    try:
        page = document[0]
        width_pt, _ = page.get_size()
        full = page.render(scale=PAGE_WIDTH_PX / width_pt).to_pil().convert("RGB")
        wide = page.render(scale=CARD_PX[0] / width_pt).to_pil().convert("RGB")
    finally:
        document.close()
    write_atomic(page_png, _png(full))
    write_atomic(card_png, _png(_card(wide)))


def _card(page: Image.Image) -> Image.Image:
    """The card: the head of a page drawn 1200 px wide. A head taller than
    the card shows its lower part; a shorter one is extended upwards with
    its own top edge, stretched and blurred, rather than cut into the text
    below it. A page without art shows its top."""
    width, height = CARD_PX
    bottom = _head_bottom(page)
    if bottom == 0:
        return page.crop((0, 0, width, height))
    if bottom >= height:
        return page.crop((0, bottom - height, width, bottom))
    card = Image.new("RGB", CARD_PX)
    card.paste(page.crop((0, 0, width, EDGE_PX)).resize((width, height - bottom)).filter(BLUR), (0, 0))
    card.paste(page.crop((0, 0, width, bottom)), (0, height - bottom))
    return card


def _head_bottom(page: Image.Image) -> int:
    """The first row, in the upper 60 % of the page, that is all white
    (below the key art); 0 when the page starts white (no art)."""
    grey = page.convert("L")
    limit = int(page.height * 0.6)
    strip = grey.crop((0, 0, page.width, limit)).resize((64, limit))
    rows = strip.tobytes()
    for y in range(limit):
        if min(rows[y * 64 : (y + 1) * 64]) >= WHITE:
            return y
    return 0


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
