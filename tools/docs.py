"""Redraw the pictures in docs/ from the code: `make docs`.

- docs/grid.png and docs/grid.md: the sheet's grid with its measures, for A4
  and Letter, drawn from generator/design.py (so the drawing is the design);
- docs/contact-sheet.png: every sheet of the sample catalogue, small, side
  by side, so that all the designs and densities are seen at once;
- docs/inside-belarus.png and docs/catalogue.png: the README's previews;
- docs/languages.png: a sample sheet in English and in French, side by side.

Pages are rendered with PDFium (pypdfium2, a dependency of `build --png`).
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import design as d  # noqa: E402
from generator.brand import PAGE_SIZES_PT  # noqa: E402

DOCS = ROOT / "docs"
COLUMN_TINT = (0.88, 0.92, 0.96)
MEASURE = (0.75, 0.1, 0.1)


def pages(pdf: bytes, scale: float) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    return [document[index].render(scale=scale).to_pil().convert("RGB") for index in range(len(document))]


def bookmarked(path: Path, title: str) -> int:
    """The index of the page a booklet's bookmark `title` leads to (the
    contents may run on, so the first programme's page moves)."""
    document = pypdfium2.PdfDocument(path)
    return next(item.get_dest().get_index() for item in document.get_toc() if item.get_title() == title)


def grid_pdf(page_size: str) -> bytes:
    """The grid of one page size: margins, columns, the hero of each
    density with its title foot, the columns' top, the footer band, the safe
    area; each with its measure in points."""
    width, height = PAGE_SIZES_PT[page_size]
    grid = d.Grid(width, height)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1)
    canvas.setFillColorRGB(*COLUMN_TINT)
    for column in range(d.COLUMNS):
        canvas.rect(grid.x(column), 0, grid.column_w, height, stroke=0, fill=1)
    canvas.setFillColorRGB(0.93, 0.93, 0.93)
    canvas.rect(0, 0, width, grid.footer_h, stroke=0, fill=1)
    canvas.setStrokeColorRGB(*MEASURE)
    canvas.setFillColorRGB(*MEASURE)
    canvas.setDash(2, 2)
    canvas.setLineWidth(0.5)
    canvas.rect(d.SAFE_PT, d.SAFE_PT, width - 2 * d.SAFE_PT, height - 2 * d.SAFE_PT, stroke=1, fill=0)
    canvas.setDash()
    canvas.setFont("Helvetica", 6.5)
    for density in d.DENSITIES:
        y = height - grid.hero_h(density)
        canvas.line(0, y, width, y)
        canvas.drawString(
            grid.side_x + 4, y + 3, f"{density.name}: hero {grid.hero_h(density):g} pt, {density.body_pt:g} pt text"
        )
    canvas.setFont("Helvetica-Bold", 7)
    canvas.drawString(d.MARGIN_PT, height - 20, f"{page_size}: {width:g} × {height:g} pt")
    canvas.setFont("Helvetica", 6.5)
    canvas.drawString(
        d.MARGIN_PT,
        height - 30,
        f"margins {d.MARGIN_PT:g} pt, 6 columns of {grid.column_w:.1f} pt, gutters {d.GUTTER_PT:g} pt",
    )
    canvas.drawString(
        d.MARGIN_PT, height - 40, f"text column {grid.main_w:.1f} pt (4 columns), side column {grid.side_w:.1f} pt (2)"
    )
    canvas.drawString(
        d.MARGIN_PT, grid.footer_h + 4, f"footer band {grid.footer_h:g} pt; columns end {d.FOOTER_GAP_PT:g} pt above it"
    )
    canvas.drawString(d.MARGIN_PT, d.SAFE_PT + 3, f"safe area: {d.SAFE_PT / d.MM:.0f} mm inside the trim")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_grid() -> None:
    drawings = [pages(grid_pdf(size), 1.0)[0] for size in ("A4", "Letter")]
    width = sum(image.width for image in drawings) + 20
    sheet = Image.new("RGB", (width, max(image.height for image in drawings)), "white")
    x = 0
    for image in drawings:
        sheet.paste(image, (x, 0))
        ImageDraw.Draw(sheet).rectangle((x, 0, x + image.width - 1, image.height - 1), outline=(120, 120, 120))
        x += image.width + 20
    sheet.save(DOCS / "grid.png", optimize=True)
    rows = []
    for size in ("A4", "Letter"):
        grid = d.Grid(*PAGE_SIZES_PT[size])
        for density in d.DENSITIES:
            band = f"{density.band_pt:g}" if density.band_pt is not None else "picture beside the title"
            rows.append(
                f"| {size} | {density.name} | {grid.hero_h(density):g} | {band} | {grid.columns_top(density):g} | "
                f"{density.body_pt:g} / {density.body_leading_pt:g} | {density.logline_pt:g} |"
            )
    a4 = d.Grid(*PAGE_SIZES_PT["A4"])
    (DOCS / "grid.md").write_text(
        GRID_MD.format(
            margin=d.MARGIN_PT, column=a4.column_w, gutter=d.GUTTER_PT, main=a4.main_w, side=a4.side_w,
            safe=d.SAFE_PT / d.MM, footer=a4.footer_h, gap=d.FOOTER_GAP_PT, foot=d.TITLE_FOOT_PT,
            columns_gap=d.COLUMNS_GAP_PT, rows="\n".join(rows), kept=d.SUBJECT_KEPT,
        ),
        encoding="utf-8",
    )  # fmt: skip


GRID_MD = """# The sheet's grid

Drawn from `generator/design.py` by `make docs`; every number here is the
code's.

![The grid of an A4 and a Letter sheet, with the hero of each density](grid.png)

- **Margins** {margin:g} pt left and right; all text stays {safe:.0f} mm inside the trimmed
  edge, on screen as in print.
- **Six columns** of {column:.1f} pt (A4) with {gutter:g} pt gutters. The text column
  (logline, synopsis, quotes) takes four: {main:.1f} pt; the side column (details, credits,
  awards, related titles, links) takes two: {side:.1f} pt. Related titles, awards and
  credits may move under the synopsis, across the text column: the layout takes the
  arrangement that fills the columns best without overflowing.
- **The hero** is the top of the page. Its height is fixed by the density; the title
  block's last baseline is always {foot:g} pt above its foot, so every sheet of one density
  has its title in the same place. The columns start {columns_gap:g} pt below it.
- **The footer band**, {footer:g} pt, holds the logo and the contacts; the columns end
  {gap:g} pt above it. In a booklet the page number sits on a tab at the right end of the
  footer's rule, and "p. 14" beside each related title; the sheet keeps room for both.

## Densities

A programme takes the first density its content fits, from the most generous:

| page | density | hero (pt) | title band (pt) | columns start (pt) | text (size / leading, pt) | logline (pt) |
| --- | --- | --- | --- | --- | --- | --- |
{rows}

When the full synopsis does not fit the densest variant, the short synopsis is printed
with a link to the full text; only when neither fits is the sheet refused.

## Designs of the hero

- **Landscape picture across the page**, cropped around its subject (the programme's
  `focus`, else the subject the analysis finds). The title sits over the picture only
  where the picture is calm there (little detail, no subject, not the focus), on a shade;
  else on a band of the brand's colour under the picture, of the height the table gives.
- **Picture beside the title**: a portrait poster (narrower than 1.1 : 1) always, and a
  landscape picture in the compact and dense variants, or when a band would keep less
  than {kept:.0%} of its subject. The picture takes the hero's full height at the right,
  at most half the page wide; the title stands on the brand's colour at the left.
- **No key art**: the brand's colour, its pattern of dots, and a larger title.
"""


def write_sample_pictures() -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "build"
        subprocess.run(
            [sys.executable, "-m", "generator", "build", "--quiet", "--lang", "en,fr", "--sheets", str(ROOT / "sheets"),
             "--assets", str(ROOT / "assets"), "--out", str(out)],
            check=True, cwd=ROOT,
        )  # fmt: skip
        sheets = sorted((out / "sheets").glob("*.pdf"))
        thumbs = [pages(path.read_bytes(), 0.42)[0] for path in sheets]
        columns = 6
        w, h = thumbs[0].size
        rows = (len(thumbs) + columns - 1) // columns
        sheet = Image.new("RGB", (columns * (w + 12) + 12, rows * (h + 12) + 12), (90, 90, 90))
        for index, thumb in enumerate(thumbs):
            sheet.paste(thumb, (12 + (index % columns) * (w + 12), 12 + (index // columns) * (h + 12)))
        sheet.save(DOCS / "contact-sheet.png", optimize=True)
        pages((out / "sheets" / "inside-belarus.pdf").read_bytes(), 1.0)[0].save(
            DOCS / "inside-belarus.png", optimize=True
        )
        booklet = pages((out / "catalogue.pdf").read_bytes(), 0.5)
        pair = [booklet[0], booklet[bookmarked(out / "catalogue.pdf", "Inside Belarus: Putin’s Puppet Regime")]]
        spread = Image.new("RGB", (sum(p.width for p in pair) + 12, pair[0].height), "white")
        spread.paste(pair[0], (0, 0))
        spread.paste(pair[1], (pair[0].width + 12, 0))
        spread.save(DOCS / "catalogue.png", optimize=True)
        languages = [
            pages((folder / "the-last-glaciers.pdf").read_bytes(), 0.83)[0]
            for folder in (out / "sheets", out / "fr" / "sheets")
        ]
        pair = Image.new("RGB", (sum(p.width for p in languages) + 12, languages[0].height), "white")
        pair.paste(languages[0], (0, 0))
        pair.paste(languages[1], (languages[0].width + 12, 0))
        pair.save(DOCS / "languages.png", optimize=True)


if __name__ == "__main__":
    write_grid()
    write_sample_pictures()
    print(f"Wrote {', '.join(sorted(p.name for p in DOCS.glob('*') if p.suffix in ('.png', '.md')))} in {DOCS}")
