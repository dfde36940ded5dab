"""Sheet PDFs -> PNG previews drawn by PDFium (pypdfium2): the whole page
for an e-mail body or a website, and a 1200 x 630 card (the size link
previews and social posts use) showing the top of the sheet, where the key
art and the title are. Both are written atomically beside each other:
OUT/png/<id>.png and OUT/png/<id>-card.png.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from .files import write_atomic

PAGE_WIDTH_PX = 1240  # an A4 page at 150 dpi: sharp on screens, light in an e-mail
CARD_PX = (1200, 630)


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
    card = Image.new("RGB", CARD_PX, "white")
    card.paste(wide.crop((0, 0, CARD_PX[0], min(CARD_PX[1], wide.height))), (0, 0))
    write_atomic(page_png, _png(full))
    write_atomic(card_png, _png(card))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
