"""Draw what the key art analysis sees, to judge it by eye.

For each picture, one row: the picture with its subject box (red) and
centre of interest (yellow), then its crops to a few frame shapes with the
top and bottom title bands marked calm (green) or not (red), with their
busyness. Run from the repository root:

    .venv/bin/python tools/art_preview.py assets/images/*.jpg --out build/art-preview.png
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from generator.art import Region, analyse_art, choose_crop, read_bands
from generator.images import inspect_image

TILE_PX = 260
ASPECTS = (("16:9", 16 / 9), ("3:2", 3 / 2), ("1:1", 1.0), ("2:3", 2 / 3))
BANDS = (Region(0.0, 0.0, 1.0, 0.3), Region(0.0, 0.7, 1.0, 1.0))


def preview_row(path: Path) -> tuple[Image.Image, float]:
    info = inspect_image(path)
    started = time.perf_counter()
    analysis = analyse_art(info)
    elapsed = time.perf_counter() - started
    with Image.open(path) as image:
        upright = ImageOps.exif_transpose(image).convert("RGBA")
    picture = Image.new("RGB", upright.size, (200, 200, 200))  # transparency shows grey
    picture.paste(upright, mask=upright.getchannel("A"))
    scale = TILE_PX / picture.height
    shown = picture.resize((max(1, round(picture.width * scale)), TILE_PX))
    draw = ImageDraw.Draw(shown)
    if analysis.subject is not None:
        s = analysis.subject
        draw.rectangle(
            (s.left * shown.width, s.top * TILE_PX, s.right * shown.width, s.bottom * TILE_PX), outline="red", width=3
        )
    cx, cy = analysis.centre[0] * shown.width, analysis.centre[1] * TILE_PX
    draw.ellipse((cx - 6, cy - 6, cx + 6, cy + 6), fill="yellow", outline="black")
    tiles = [shown]
    for name, aspect in ASPECTS:
        crop = choose_crop(analysis, aspect)
        tile = picture.resize((round(TILE_PX * aspect), TILE_PX), box=crop.box)
        draw = ImageDraw.Draw(tile)
        for reading in read_bands(analysis, crop, BANDS):
            b = reading.band
            box = (b.left * tile.width + 3, b.top * TILE_PX + 3, b.right * tile.width - 3, b.bottom * TILE_PX - 3)
            draw.rectangle(box, outline="lime" if reading.calm else "red", width=2)
            draw.text(
                (box[0] + 4, box[1] + 3),
                f"{reading.busyness:.1f} {reading.subject_share:.2f}",
                fill="white",
                stroke_width=2,
                stroke_fill="black",
            )
        draw.text(
            (6, TILE_PX - 16), f"{name} kept {crop.subject_kept:.2f}", fill="white", stroke_width=2, stroke_fill="black"
        )
        tiles.append(tile)
    return _join(tiles, across=True), elapsed


def _join(images: list[Image.Image], across: bool, gap: int = 8) -> Image.Image:
    """Images side by side (or one under another), on white."""
    if across:
        size = (sum(i.width + gap for i in images), max(i.height for i in images))
    else:
        size = (max(i.width for i in images), sum(i.height + gap for i in images))
    joined = Image.new("RGB", size, "white")
    offset = 0
    for image in images:
        joined.paste(image, (offset, 0) if across else (0, offset))
        offset += (image.width if across else image.height) + gap
    return joined


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pictures", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("build/art-preview.png"))
    args = parser.parse_args()
    rows = []
    for path in args.pictures:
        row, elapsed = preview_row(path)
        print(f"{path}: analysed in {elapsed * 1000:.1f} ms")
        rows.append(row)
    sheet = _join(rows, across=False)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
