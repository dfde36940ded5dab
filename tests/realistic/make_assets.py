"""Make the realistic catalogue in a folder: its programme files, brand and
every image, as a distributor's office would have them.

    python tests/realistic/make_assets.py DEST [--small]

copies `sheets/` to DEST/sheets (some files with Windows line endings, one
also with the byte-order mark Notepad writes) and `assets/brand.yaml` to
DEST/assets, and paints the key art, laurels and logo into DEST/assets in
the formats productions send: JPEG (RGB, greyscale, CMYK with and without
Adobe's marker, progressive, EXIF-rotated, a camera's MPO), PNG (RGB, RGBA,
LA, palette with a transparent colour, 16-bit), WebP and TIFF. Files that
already exist in DEST are overwritten; nothing else there is touched.

Every picture has a subject a crop must keep (a head and shoulders, a
standing person or a group, drawn as silhouettes) over a textured
background; `Art.figure.head_box` says where its faces are. The same
arguments give the same bytes: every random draw comes from a generator
seeded by the file's name. `--small` paints every image at a quarter of its
width and height, for tests.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent.parent / "generator" / "fonts" / "RobotoCondensed-Bold.ttf"
CRLF = frozenset({"sanctions-inc", "the-marseille-tapes", "the-village-by-the-fjord", "the-sleep-laboratory"})
BOM = frozenset({"the-marseille-tapes"})  # saved by Windows Notepad: CRLF and a byte-order mark
SMALL = 4  # --small divides width and height by this
Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Figure:
    """The subject: `kind` is "bust" (head and shoulders), "standing" or
    "group" (`count` standing people); (x, y) is the centre of the head, or
    of the heads of a group, and `head` the head's height, all as fractions
    of the picture's width and height."""

    kind: str
    x: float
    y: float
    head: float
    count: int = 1

    def heads(self, aspect: float) -> list[tuple[float, float]]:
        """The centre of every head, in fractions of the picture (`aspect`
        is its width / height)."""
        step = self.head * _GROUP_STEP / aspect
        first = self.x - (self.count - 1) * step / 2
        return [(first + i * step, self.y) for i in range(self.count)]

    def head_box(self, aspect: float) -> tuple[float, float, float, float]:
        """Left, top, right, bottom of the region holding the faces, in
        fractions of the picture (`aspect` is its width / height)."""
        half_w = self.head * 0.4 / aspect
        if self.kind == "group":
            half_w += (self.count - 1) * self.head * _GROUP_STEP / 2 / aspect
        return self.x - half_w, self.y - self.head * 0.6, self.x + half_w, self.y + self.head * 0.6


@dataclass(frozen=True)
class Art:
    """One key art file: where it goes under assets/, its size as displayed,
    what it shows and how it is saved. `alpha` shapes the transparency of
    the formats that have one: rounded corners, a transparent frame, a fade
    to nothing at the bottom, a cut-out of the subject, a torn edge."""

    file: str
    size: tuple[int, int]
    scene: str
    palette: tuple[Colour, Colour, Colour, Colour]  # sky top, horizon, ground, subject
    figure: Figure
    encoding: str = "jpeg"
    alpha: str | None = None

    @property
    def aspect(self) -> float:
        return self.size[0] / self.size[1]


_GROUP_STEP = 2.3  # distance between the heads of a group, in head heights

# fmt: off
ART = {
    "letters-to-minsk": Art("images/letters-to-minsk.jpg", (2400, 1600), "city",
        ((46, 52, 78), (196, 120, 96), (34, 30, 40), (18, 16, 22)), Figure("bust", 0.66, 0.42, 0.26),
        "jpeg-cmyk-adobe"),
    "the-night-trains-of-ukraine": Art("images/night-trains-ukraine.jpg", (2000, 3000), "night",
        ((10, 16, 40), (60, 70, 120), (24, 24, 30), (8, 8, 12)), Figure("group", 0.5, 0.52, 0.045, 3), "jpeg-exif6"),
    "voices-from-aleppo": Art("images/key-art/voices-from-aleppo-poster.jpg", (2000, 3000), "desert",
        ((92, 120, 150), (232, 196, 150), (150, 110, 80), (40, 28, 24)), Figure("bust", 0.5, 0.24, 0.15),
        "jpeg-progressive"),
    "sanctions-inc": Art("images/sanctions-inc.png", (1920, 1080), "city",
        ((12, 20, 30), (40, 90, 110), (20, 24, 28), (6, 8, 10)), Figure("standing", 0.28, 0.3, 0.075), "png"),
    "jerusalem-after-dark": Art("images/jerusalem-after-dark.png", (1920, 1280), "night",
        ((16, 20, 48), (150, 110, 70), (40, 34, 30), (12, 10, 10)), Figure("group", 0.62, 0.5, 0.06, 2),
        "png-palette", "rounded"),
    "the-arsenic-letters": Art("images/the-arsenic-letters.jpg", (2100, 1400), "interior",
        ((90, 84, 76), (200, 190, 170), (60, 54, 48), (20, 18, 16)), Figure("bust", 0.34, 0.4, 0.28), "jpeg-grey"),
    "the-ferrymans-daughter": Art("images/ferrymans-daughter_16bit.png", (1920, 1080), "sea",
        ((120, 140, 160), (210, 214, 210), (50, 70, 86), (24, 28, 34)), Figure("standing", 0.7, 0.36, 0.07),
        "png16-rgb"),
    "the-marseille-tapes": Art("images/marseille-tapes.tif", (2400, 1350), "city",
        ((20, 40, 60), (230, 140, 70), (30, 26, 24), (10, 10, 12)), Figure("bust", 0.3, 0.45, 0.3), "tiff"),
    "the-cricket-dream": Art("images/posters/cricket-dream-poster.jpg", (1080, 1620), "field",
        ((120, 170, 220), (240, 220, 170), (120, 150, 70), (30, 24, 40)), Figure("standing", 0.5, 0.2, 0.06)),
    "grandmothers-of-the-sea": Art("images/posters/grandmothers-of-the-sea.png", (1600, 2400), "sea",
        ((70, 130, 170), (190, 220, 230), (30, 80, 110), (14, 22, 30)), Figure("group", 0.5, 0.26, 0.05, 3),
        "png-rgba", "frame"),
    "the-last-bathhouses-of-tokyo": Art("images/tokyo-bathhouses.webp", (1920, 1080), "interior",
        ((120, 160, 170), (230, 236, 226), (80, 110, 120), (30, 36, 44)), Figure("bust", 0.7, 0.44, 0.3), "webp"),
    "taipei-night-market": Art("images/taipei-night-market-square.jpg", (2000, 2000), "night",
        ((30, 14, 40), (220, 90, 70), (40, 30, 30), (16, 10, 14)), Figure("group", 0.5, 0.46, 0.08, 4)),
    "the-village-by-the-fjord": Art("images/village-by-the-fjord.png", (1920, 1280), "mountains",
        ((120, 130, 140), (220, 222, 224), (70, 74, 80), (20, 20, 22)), Figure("standing", 0.38, 0.42, 0.065),
        "png16-grey"),
    "born-in-leningrad-35-up": Art("images/born-in-leningrad-35-up_4K.jpg", (3840, 2160), "city",
        ((70, 80, 110), (220, 180, 150), (50, 46, 50), (20, 18, 24)), Figure("group", 0.3, 0.4, 0.07, 2)),
    "the-care-home-diaries": Art("images/care-home-diaries.jpeg", (1920, 1080), "interior",
        ((170, 150, 120), (250, 236, 210), (120, 100, 80), (50, 40, 36)), Figure("group", 0.55, 0.42, 0.1, 2)),
    "caravanserais-of-the-silk-road": Art("images/caravanserais_CMYK.jpg", (3000, 2000), "desert",
        ((40, 90, 160), (240, 200, 140), (190, 140, 90), (50, 30, 20)), Figure("group", 0.72, 0.56, 0.05, 3),
        "jpeg-cmyk"),
    "concrete-and-sand": Art("images/archive/concrete-and-sand.png", (1920, 1280), "sea",
        ((150, 150, 150), (220, 220, 220), (110, 110, 110), (30, 30, 30)), Figure("standing", 0.24, 0.34, 0.08),
        "png-la", "torn"),
    "the-last-elbe-fishermen": Art("images/elbe-fishermen.jpg", (2560, 1440), "river",
        ((150, 170, 180), (230, 220, 200), (70, 90, 80), (22, 26, 24)), Figure("standing", 0.62, 0.38, 0.075)),
    "the-silent-archive": Art("images/silent-archive.png", (2400, 1350), "interior",
        ((60, 50, 44), (200, 170, 120), (40, 34, 30), (14, 12, 10)), Figure("bust", 0.5, 0.42, 0.3),
        "png-rgba", "rounded"),
    "the-qvevri-keepers": Art("images/qvevri-keepers.jpg", (1920, 1080), "field",
        ((150, 170, 200), (240, 210, 160), (110, 80, 50), (40, 24, 20)), Figure("standing", 0.8, 0.4, 0.075)),
    "songs-of-yerevan": Art("images/posters/songs-of-yerevan.png", (1080, 1620), "stage",
        ((20, 10, 30), (200, 120, 60), (40, 20, 30), (12, 6, 10)), Figure("bust", 0.5, 0.27, 0.14),
        "png-rgba", "fade"),
    "the-last-bookshop-on-enghelab-street": Art("images/last-bookshop.jpg", (2400, 1600), "interior",
        ((90, 60, 40), (230, 190, 130), (70, 50, 36), (24, 18, 14)), Figure("bust", 0.36, 0.38, 0.3)),
    "the-forgers-apprentice": Art("images/forgers-apprentice/DSCF0412.JPG", (3000, 2000), "interior",
        ((60, 70, 60), (220, 210, 170), (50, 50, 40), (18, 18, 14)), Figure("bust", 0.62, 0.4, 0.28), "mpo"),
    "fado-nights": Art("images/fado-nights.jpg", (1920, 1280), "stage",
        ((14, 10, 20), (160, 80, 40), (30, 20, 20), (8, 6, 8)), Figure("standing", 0.56, 0.3, 0.08)),
    "ballet-in-exile": Art("images/ballet-in-exile-cutout.png", (1920, 1080), "stage",
        ((30, 30, 60), (200, 170, 220), (50, 40, 60), (20, 14, 24)), Figure("standing", 0.5, 0.2, 0.085),
        "png-rgba", "cutout"),
    "the-sleep-laboratory": Art("images/sleep-laboratory.jpg", (1920, 1080), "interior",
        ((54, 66, 100), (120, 150, 190), (20, 24, 40), (8, 10, 20)), Figure("bust", 0.24, 0.5, 0.3)),
    "desert-astronomers": Art("images/desert-astronomers.jpg", (3840, 2160), "desert",
        ((6, 10, 36), (90, 60, 90), (60, 40, 40), (4, 4, 8)), Figure("group", 0.36, 0.58, 0.06, 2)),
    "voice-of-the-yangtze": Art("images/voice-of-the-yangtze.jpg", (2560, 1440), "river",
        ((170, 180, 180), (236, 230, 210), (80, 100, 90), (24, 30, 30)), Figure("standing", 0.22, 0.4, 0.07)),
    "the-memory-of-water": Art("images/Memory of Water - KEY ART FINAL_v3.jpg", (2400, 1600), "sea",
        ((60, 110, 160), (230, 220, 200), (40, 90, 120), (16, 20, 26)), Figure("bust", 0.72, 0.36, 0.24)),
    "life-on-the-mekong": Art("images/life-on-the-mekong.jpg", (2880, 1620), "river",
        ((200, 150, 100), (250, 220, 160), (100, 90, 50), (30, 24, 16)), Figure("group", 0.6, 0.46, 0.06, 3)),
    "sources-of-the-vistula": Art("images/sources-of-the-vistula.jpg", (1920, 1280), "mountains",
        ((110, 150, 190), (220, 230, 230), (50, 80, 50), (20, 28, 20)), Figure("standing", 0.3, 0.5, 0.06)),
    "kingdom-of-the-snow-leopard": Art("images/snow-leopard.jpg", (1920, 1080), "mountains",
        ((150, 170, 200), (240, 244, 250), (170, 176, 186), (40, 44, 54)), Figure("standing", 0.76, 0.48, 0.06)),
}
# fmt: on
LAURELS = {
    "images/laurels/northern-lights-doc-2025.png": ("OFFICIAL SELECTION", "NORTHERN LIGHTS", "DOC FESTIVAL 2025"),
    "images/laurels/saltwater-film-week-2025.png": ("WINNER", "BEST DOCUMENTARY", "SALTWATER FILM WEEK 2025"),
    "images/laurels/dokfest-havelberg-2024.png": ("GEWINNER", "GOLDENER KRANICH", "DOKFEST HAVELBERG 2024"),
    "images/laurels/festival-des-deux-rives-2025.png": ("GRAND PRIX", "FESTIVAL DES", "DEUX RIVES 2025"),
}
LOGO = "images/halyard-logo.png"
BRAND_PLUM: Colour = (74, 25, 66)
BRAND_TEAL: Colour = (43, 166, 160)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="folder to write sheets/ and assets/ into")
    parser.add_argument("--small", action="store_true", help="paint images at a quarter of their width and height")
    args = parser.parse_args(argv)
    make_catalogue(args.dest, SMALL if args.small else 1)
    return 0


def make_catalogue(dest: Path, reduce: int = 1) -> None:
    """Write the programme files, the brand file and every image into `dest`."""
    copy_sheets(dest / "sheets")
    assets = dest / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / "brand.yaml").write_bytes((HERE / "assets" / "brand.yaml").read_bytes())
    for art in ART.values():
        save_art(art, assets / art.file, reduce)
    for file, lines in LAURELS.items():
        _write(assets / file, _png(laurel(lines, 900 // reduce, random.Random(file))))
    _write(assets / LOGO, _png(logo(1200 // reduce)))


def copy_sheets(target: Path) -> None:
    """The programme files, with the line endings and marks of their editors."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted((HERE / "sheets").iterdir()):
        data = path.read_bytes()
        if path.stem in CRLF:
            data = data.replace(b"\n", b"\r\n")
        if path.stem in BOM:
            data = b"\xef\xbb\xbf" + data
        (target / path.name).write_bytes(data)


# Painting --------------------------------------------------------------------


def paint(art: Art, reduce: int) -> tuple[Image.Image, Image.Image]:
    """The picture in RGB at its displayed size (divided by `reduce`), and
    the mask of its subject. The scene is painted small, the subject and the
    light at half size, and only the grain at full size: a photograph's
    detail is in its grain, and this keeps a 4K picture under a second."""
    rng = random.Random(art.file)
    width, height = art.size[0] // reduce, art.size[1] // reduce
    work = (width // 2, height // 2) if width >= 1600 else (width, height)
    sketch = (480, round(480 / art.aspect))
    image = SCENES[art.scene](sketch, art.palette, rng).resize(work, Image.Resampling.BICUBIC)
    mask = Image.new("L", work, 0)
    draw_figure(ImageDraw.Draw(mask), art.figure, work[0], work[1], rng)
    mask = mask.filter(ImageFilter.GaussianBlur(max(0.6, work[0] / 1600)))
    rim = max(1, work[0] // 500)
    light = tuple(min(255, c + 70) for c in art.palette[1])
    image.paste(Image.new("RGB", work, light), (rim, -rim), mask)  # light catching one edge
    image.paste(Image.new("RGB", work, art.palette[3]), (0, 0), mask)
    image = ImageChops.multiply(image, vignette(work))
    return grain(image.resize((width, height), Image.Resampling.BICUBIC), rng), mask.resize((width, height))


def vignette(size: tuple[int, int]) -> Image.Image:
    """A multiplier that darkens the corners, as a lens does."""
    radial = Image.radial_gradient("L").resize(size, Image.Resampling.BILINEAR)
    edge = radial.point(lambda v: round(255 * (1 - 0.45 * (v / 255) ** 2)))
    return Image.merge("RGB", (edge, edge, edge))


def grain(image: Image.Image, rng: random.Random) -> Image.Image:
    """Film grain: every pixel lightened or darkened by up to 12 levels."""
    noise = Image.frombytes("L", image.size, rng.randbytes(image.width * image.height)).point(
        lambda v: 116 + v * 24 // 255
    )
    return ImageChops.add(image, Image.merge("RGB", (noise, noise, noise)), 1.0, -128)


def gradient(size: tuple[int, int], top: Colour, bottom: Colour, horizon: float = 1.0) -> Image.Image:
    """A vertical blend from `top` to `bottom`, reached at `horizon` (a fraction of the height)."""
    width, height = size
    column = Image.new("RGB", (1, height))
    column.putdata(
        [
            tuple(round(a + (b - a) * min(1.0, y / (height * horizon))) for a, b in zip(top, bottom))
            for y in range(height)
        ]
    )
    return column.resize(size)


def ridge(rng: random.Random, width: int, base: float, amplitude: float) -> list[tuple[float, float]]:
    """A hill line by midpoint displacement, as points across `width`."""
    heights = [rng.uniform(-1, 1), rng.uniform(-1, 1)]
    spread = 1.0
    for _ in range(7):
        spread *= 0.55
        heights = [h for a, b in zip(heights, heights[1:]) for h in (a, (a + b) / 2 + rng.uniform(-spread, spread))]
        heights.append(heights[-1])
    step = width / (len(heights) - 1)
    return [(i * step, base + h * amplitude) for i, h in enumerate(heights)]


def _shade(colour: Colour, factor: float) -> Colour:
    return (round(colour[0] * factor), round(colour[1] * factor), round(colour[2] * factor))


def scene_mountains(size: tuple[int, int], palette: tuple[Colour, ...], rng: random.Random) -> Image.Image:
    width, height = size
    image = gradient(size, palette[0], palette[1], 0.6)
    draw = ImageDraw.Draw(image)
    for layer in range(3):
        line = ridge(rng, width, height * (0.45 + layer * 0.12), height * (0.14 - layer * 0.03))
        tone = _shade(palette[2], 1.3 - layer * 0.25)
        draw.polygon([*line, (width, height), (0, height)], fill=tone)
    return image


def scene_sea(size: tuple[int, int], palette: tuple[Colour, ...], rng: random.Random) -> Image.Image:
    width, height = size
    image = gradient(size, palette[0], palette[1], 0.55)
    draw = ImageDraw.Draw(image)
    horizon = height * 0.58
    draw.rectangle((0, horizon, width, height), fill=palette[2])
    for _ in range(160):
        y = rng.uniform(horizon, height)
        x = rng.uniform(0, width)
        length = 4 + (y - horizon) / 4
        draw.line((x, y, x + length, y), fill=_shade(palette[1], rng.uniform(0.7, 1.0)), width=1)
    return image


def scene_city(size: tuple[int, int], palette: tuple[Colour, ...], rng: random.Random) -> Image.Image:
    width, height = size
    image = gradient(size, palette[0], palette[1], 0.75)
    draw = ImageDraw.Draw(image)
    x = -5.0
    while x < width:
        w, h = rng.uniform(20, 50), rng.uniform(0.2, 0.5) * height
        top = height * 0.8 - h
        draw.rectangle((x, top, x + w, height), fill=palette[2])
        for wy in range(int(top) + 4, int(height * 0.78), 7):
            for wx in range(int(x) + 3, int(x + w) - 3, 6):
                if rng.random() < 0.15:
                    draw.rectangle((wx, wy, wx + 2, wy + 3), fill=(255, 200, 130))
        x += w + rng.uniform(1, 8)
    return image


def scene_night(size: tuple[int, int], palette: tuple[Colour, ...], rng: random.Random) -> Image.Image:
    width, height = size
    image = gradient(size, palette[0], palette[1], 0.9)
    draw = ImageDraw.Draw(image)
    for _ in range(90):
        x, y, r = rng.uniform(0, width), rng.uniform(0, height * 0.9), rng.uniform(2, 9)
        warm = _shade((255, 190, 120), rng.uniform(0.3, 0.9))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=warm)
    draw.rectangle((0, height * 0.85, width, height), fill=palette[2])
    return image


def scene_desert(size: tuple[int, int], palette: tuple[Colour, ...], rng: random.Random) -> Image.Image:
    width, height = size
    image = gradient(size, palette[0], palette[1], 0.62)
    draw = ImageDraw.Draw(image)
    for _ in range(120):
        x, y = rng.uniform(0, width), rng.uniform(0, height * 0.4)
        draw.point((x, y), fill=_shade((255, 255, 240), rng.uniform(0.2, 0.8)))
    for layer in range(3):
        base, phase = height * (0.62 + layer * 0.1), rng.uniform(0, math.tau)
        wave = [
            (x, base + math.sin(x / width * math.tau * (1 + layer) + phase) * height * 0.04)
            for x in range(0, width + 8, 8)
        ]
        draw.polygon([*wave, (width, height), (0, height)], fill=_shade(palette[2], 1.15 - layer * 0.2))
    return image


def scene_interior(size: tuple[int, int], palette: tuple[Colour, ...], rng: random.Random) -> Image.Image:
    width, height = size
    image = gradient(size, palette[0], _shade(palette[0], 0.7))
    draw = ImageDraw.Draw(image)
    left = rng.uniform(0.08, 0.3) * width
    draw.rectangle((left, height * 0.12, left + width * 0.22, height * 0.62), fill=palette[1])
    draw.line((left + width * 0.11, height * 0.12, left + width * 0.11, height * 0.62), fill=palette[0], width=3)
    for shelf in range(4):
        y = height * (0.2 + shelf * 0.14)
        x = width * 0.6
        while x < width * 0.97:
            w = rng.uniform(3, 8)
            draw.rectangle((x, y, x + w, y + height * 0.11), fill=_shade(palette[1], rng.uniform(0.3, 0.8)))
            x += w + 1
    draw.rectangle((0, height * 0.78, width, height), fill=palette[2])
    return image


def scene_stage(size: tuple[int, int], palette: tuple[Colour, ...], rng: random.Random) -> Image.Image:
    width, height = size
    image = gradient(size, palette[0], palette[2])
    beam = Image.new("L", size, 0)
    centre = rng.uniform(0.4, 0.6) * width
    ImageDraw.Draw(beam).polygon(
        [
            (centre - width * 0.1, 0),
            (centre + width * 0.1, 0),
            (centre + width * 0.3, height),
            (centre - width * 0.3, height),
        ],
        fill=150,
    )
    image.paste(Image.new("RGB", size, palette[1]), (0, 0), beam.filter(ImageFilter.GaussianBlur(18)))
    return image


def scene_field(size: tuple[int, int], palette: tuple[Colour, ...], rng: random.Random) -> Image.Image:
    width, height = size
    image = gradient(size, palette[0], palette[1], 0.55)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 0.6, width, height), fill=palette[2])
    for row in range(40):
        y = height * 0.6 + row * height * 0.01
        draw.line((0, y, width, y + rng.uniform(-3, 3)), fill=_shade(palette[2], rng.uniform(0.75, 1.2)), width=2)
    return image


def scene_river(size: tuple[int, int], palette: tuple[Colour, ...], rng: random.Random) -> Image.Image:
    width, height = size
    image = scene_mountains(size, palette, rng)
    draw = ImageDraw.Draw(image)
    top = height * 0.7
    draw.rectangle((0, top, width, height), fill=_shade(palette[1], 0.8))
    for _ in range(120):
        y = rng.uniform(top, height)
        x = rng.uniform(0, width)
        draw.line((x, y, x + rng.uniform(6, 30), y), fill=_shade(palette[2], rng.uniform(0.8, 1.3)), width=1)
    return image


SCENES: dict[str, Callable[[tuple[int, int], tuple[Colour, ...], random.Random], Image.Image]] = {
    "mountains": scene_mountains, "sea": scene_sea, "city": scene_city, "night": scene_night,
    "desert": scene_desert, "interior": scene_interior, "stage": scene_stage, "field": scene_field,
    "river": scene_river,
}  # fmt: skip


def draw_figure(draw: ImageDraw.ImageDraw, figure: Figure, width: int, height: int, rng: random.Random) -> None:
    """Fill the subject's silhouette into a mask; people in a group differ a little in height."""
    head = figure.head * height
    for x, y in figure.heads(width / height):
        if figure.kind == "bust":
            bust(draw, x * width, y * height, head, height)
        else:
            stature = rng.uniform(0.88, 1.0) if figure.kind == "group" else 1.0
            standing(draw, x * width, y * height + head * (1 - stature) * 0.6, head * stature)


def _head(draw: ImageDraw.ImageDraw, cx: float, cy: float, head: float) -> None:
    draw.ellipse((cx - head * 0.39, cy - head * 0.5, cx + head * 0.39, cy + head * 0.5), fill=255)


def bust(draw: ImageDraw.ImageDraw, cx: float, cy: float, head: float, bottom: float) -> None:
    """Head and shoulders, down to the picture's bottom edge."""
    _head(draw, cx, cy, head)
    draw.rectangle((cx - head * 0.19, cy + head * 0.3, cx + head * 0.19, cy + head * 0.8), fill=255)
    shoulders = [(-0.3, 0.66), (-1.15, 0.95), (-1.45, 1.4), (-1.55, 99.0)]
    outline = [(cx + dx * head, min(bottom, cy + dy * head)) for dx, dy in shoulders]
    draw.polygon(outline + [(2 * cx - x, y) for x, y in reversed(outline)], fill=255)


def standing(draw: ImageDraw.ImageDraw, cx: float, cy: float, head: float) -> None:
    """A person standing, seven and a half heads tall, head centred at (cx, cy)."""
    _head(draw, cx, cy, head)

    def shape(*points: tuple[float, float]) -> None:
        draw.polygon([(cx + dx * head, cy + dy * head) for dx, dy in points], fill=255)

    shape((-0.15, 0.4), (0.15, 0.4), (0.18, 0.75), (-0.18, 0.75))  # neck
    shape((-0.95, 0.85), (0.95, 0.85), (0.7, 3.7), (-0.7, 3.7))  # coat
    shape((-0.95, 0.85), (-0.7, 0.9), (-0.9, 3.6), (-1.2, 3.5))  # arms
    shape((0.95, 0.85), (0.7, 0.9), (0.9, 3.6), (1.2, 3.5))
    shape((-0.62, 3.6), (-0.05, 3.6), (-0.15, 7.1), (-0.55, 7.1))  # legs
    shape((0.62, 3.6), (0.05, 3.6), (0.15, 7.1), (0.55, 7.1))


# Saving ----------------------------------------------------------------------


def save_art(art: Art, path: Path, reduce: int) -> None:
    image, subject = paint(art, reduce)
    alpha = transparency(art.alpha, subject, random.Random(art.file + "#alpha")) if art.alpha else None
    _write(path, ENCODERS[art.encoding](image, alpha, random.Random(art.file + "#encode")))


def transparency(kind: str, subject: Image.Image, rng: random.Random) -> Image.Image:
    """An alpha channel of the given kind for a picture whose subject is `subject`."""
    width, height = subject.size
    alpha = Image.new("L", subject.size, 0)
    draw = ImageDraw.Draw(alpha)
    if kind == "rounded":
        draw.rounded_rectangle((0, 0, width - 1, height - 1), radius=width // 16, fill=255)
    elif kind == "frame":  # exported with a transparent bleed around the poster
        inset = width // 25
        draw.rectangle((inset, inset, width - inset - 1, height - inset - 1), fill=255)
    elif kind == "fade":
        ramp = Image.linear_gradient("L").resize((width, height)).point(lambda v: min(255, round((255 - v) * 2.4)))
        alpha = ramp
    elif kind == "cutout":  # the subject on a disc, nothing around them
        radius = min(width, height) * 0.42
        draw.ellipse((width / 2 - radius, height / 2 - radius, width / 2 + radius, height / 2 + radius), fill=255)
        grown = subject.filter(ImageFilter.GaussianBlur(max(2, width // 200))).point(lambda v: 255 if v > 8 else 0)
        alpha = ImageChops.lighter(alpha, grown)
    elif kind == "torn":  # an old print with a ragged edge
        inset = width // 30
        noise = Image.frombytes("L", (width // 8, height // 8), rng.randbytes((width // 8) * (height // 8)))
        ragged = noise.resize((width, height), Image.Resampling.BICUBIC)
        draw.rectangle((inset, inset, width - inset - 1, height - inset - 1), fill=255)
        edge = alpha.filter(ImageFilter.GaussianBlur(inset / 2))
        alpha = ImageChops.add(edge, ragged, scale=1.0, offset=-128).point(lambda v: 255 if v > 60 else v * 4)
    else:
        raise ValueError(kind)
    return alpha


Encoder = Callable[[Image.Image, Image.Image | None, random.Random], bytes]


def _saved(image: Image.Image, kind: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def _jpeg(image: Image.Image, alpha: Image.Image | None, rng: random.Random) -> bytes:
    return _saved(image, "JPEG", quality=88)


def _jpeg_grey(image: Image.Image, alpha: Image.Image | None, rng: random.Random) -> bytes:
    return _saved(image.convert("L"), "JPEG", quality=88)


def _jpeg_progressive(image: Image.Image, alpha: Image.Image | None, rng: random.Random) -> bytes:
    return _saved(image, "JPEG", quality=90, progressive=True, optimize=True)


def _jpeg_cmyk_adobe(image: Image.Image, alpha: Image.Image | None, rng: random.Random) -> bytes:
    """As Photoshop writes CMYK: an Adobe APP14 marker and inverted samples
    (Pillow writes both)."""
    return _saved(image.convert("CMYK"), "JPEG", quality=90, dpi=(300, 300))


def _jpeg_cmyk(image: Image.Image, alpha: Image.Image | None, rng: random.Random) -> bytes:
    """Plain CMYK samples (0 = no ink) and no Adobe marker. Pillow stores
    CMYK inverted, as Adobe does, so the picture is inverted first; then the
    marker is cut."""
    data = _saved(ImageChops.invert(image.convert("CMYK")), "JPEG", quality=90)
    return _without_app14(data)


def _without_app14(data: bytes) -> bytes:
    """A JPEG without its Adobe APP14 segment."""
    out, at = bytearray(data[:2]), 2
    while data[at] == 0xFF and data[at + 1] != 0xDA:  # segments up to the start of scan
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        segment = data[at : at + 2 + length]
        if not (data[at + 1] == 0xEE and segment[4:9] == b"Adobe"):
            out += segment
        at += 2 + length
    return bytes(out + data[at:])


def _jpeg_exif6(image: Image.Image, alpha: Image.Image | None, rng: random.Random) -> bytes:
    """As a phone held upright stores a photo: the sensor's landscape
    picture, and EXIF orientation 6 to turn it 90° clockwise into the
    portrait it shows."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F], exif[0x0110] = "Apple", "iPhone 13"
    return _saved(image.transpose(Image.Transpose.ROTATE_90), "JPEG", quality=88, exif=exif)


def _mpo(image: Image.Image, alpha: Image.Image | None, rng: random.Random) -> bytes:
    """A camera's JPEG with a large preview as its second picture (an MPO,
    named .JPG as the camera names it)."""
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "FUJIFILM", "X-T5", 1
    preview = image.resize((image.width // 3, image.height // 3), Image.Resampling.BILINEAR)
    return _saved(image, "MPO", quality=92, save_all=True, append_images=[preview], exif=exif)


def _png(image: Image.Image, alpha: Image.Image | None = None, rng: random.Random | None = None) -> bytes:
    if alpha is not None:
        image = image.convert("RGBA")
        image.putalpha(alpha)
    return _saved(image, "PNG", compress_level=1)


def _png_la(image: Image.Image, alpha: Image.Image | None, rng: random.Random) -> bytes:
    assert alpha is not None
    return _saved(Image.merge("LA", (image.convert("L"), alpha)), "PNG", compress_level=1)


def _png_palette(image: Image.Image, alpha: Image.Image | None, rng: random.Random) -> bytes:
    """255 colours and a 256th, transparent, where `alpha` is under half."""
    assert alpha is not None
    indexed = image.quantize(255, dither=Image.Dither.NONE)
    palette = indexed.getpalette() or []
    indexed.putpalette(palette[: 255 * 3] + [0, 0, 0] * (256 - len(palette[: 255 * 3]) // 3))
    indexed.paste(255, (0, 0), alpha.point(lambda v: 255 if v < 128 else 0))
    return _saved(indexed, "PNG", transparency=255, compress_level=1)


def _png16(image: Image.Image, alpha: Image.Image | None, rng: random.Random, grey: bool) -> bytes:
    """A 16-bit PNG (Pillow cannot write one): the 8-bit picture is the high
    byte of each sample, a fine dither the low byte."""
    source = image.convert("L" if grey else "RGB")
    channels = 1 if grey else 3
    row_bytes = source.width * channels
    high = Image.frombytes("L", (row_bytes, source.height), source.tobytes())
    low = Image.frombytes("L", high.size, rng.randbytes(row_bytes * source.height))
    samples = Image.merge("LA", (high, low)).tobytes()  # high, low, high, low: big-endian 16-bit
    stride = row_bytes * 2
    raw = b"".join(b"\x00" + samples[y * stride : (y + 1) * stride] for y in range(source.height))
    header = struct.pack(">IIBBBBB", source.width, source.height, 16, 0 if grey else 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 1)) + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _webp(image: Image.Image, alpha: Image.Image | None, rng: random.Random) -> bytes:
    return _saved(image, "WEBP", quality=82, method=2)


def _tiff(image: Image.Image, alpha: Image.Image | None, rng: random.Random) -> bytes:
    return _saved(image, "TIFF", compression="tiff_lzw", dpi=(300, 300))


ENCODERS: dict[str, Encoder] = {
    "jpeg": _jpeg, "jpeg-grey": _jpeg_grey, "jpeg-progressive": _jpeg_progressive,
    "jpeg-cmyk": _jpeg_cmyk, "jpeg-cmyk-adobe": _jpeg_cmyk_adobe, "jpeg-exif6": _jpeg_exif6, "mpo": _mpo,
    "png": _png, "png-rgba": _png, "png-la": _png_la, "png-palette": _png_palette,
    "png16-grey": lambda image, alpha, rng: _png16(image, alpha, rng, grey=True),
    "png16-rgb": lambda image, alpha, rng: _png16(image, alpha, rng, grey=False),
    "webp": _webp, "tiff": _tiff,
}  # fmt: skip


# Laurels and logo --------------------------------------------------------------


def laurel(lines: tuple[str, str, str], width: int, rng: random.Random) -> Image.Image:
    """A festival laurel: two branches of leaves around three lines of text, on transparency."""
    height = width * 2 // 3
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    gold = (196, 160, 82, 255)
    cx, cy, rx, ry = width / 2, height * 0.5, width * 0.4, height * 0.42
    leaf = height * 0.12
    for side in (-1, 1):
        stem = []
        for step in range(12):
            theta = math.radians(-72 + step * 12)  # from the bottom up the side
            x, y = cx + side * rx * math.cos(theta), cy - ry * math.sin(theta)
            stem.append((x, y))
            along = math.atan2(ry * math.cos(theta), -side * rx * math.sin(theta))  # the branch's direction
            for spread in (0.55, -0.55):
                angle = along + spread + rng.uniform(-0.1, 0.1)
                draw.polygon(_leaf(x, y, angle, leaf * (0.7 + step / 30)), fill=gold)
        draw.line(stem, fill=gold, width=max(1, height // 120))
    y = height * 0.3
    for text, share in zip(lines, (0.09, 0.14, 0.09)):
        size = max(6, round(height * share))
        font = ImageFont.truetype(str(FONT), size)
        while draw.textlength(text, font=font) > width * 0.5 and size > 6:
            size -= 1
            font = ImageFont.truetype(str(FONT), size)
        draw.text((cx, y), text, font=font, fill=gold, anchor="mt")
        y += size * 1.35
    return image


def _leaf(x: float, y: float, angle: float, length: float) -> list[tuple[float, float]]:
    """A pointed leaf from (x, y) along `angle` (counter-clockwise from the x axis)."""
    outline = ((0, 0), (0.25, 0.28), (0.5, 0.34), (0.75, 0.24), (1, 0), (0.75, -0.24), (0.5, -0.34), (0.25, -0.28))
    cos, sin = math.cos(angle), math.sin(angle)
    return [(x + length * (t * cos - w * sin), y - length * (t * sin + w * cos)) for t, w in outline]


def logo(width: int) -> Image.Image:
    """The distributor's logo: a sail mark and a wordmark, on transparency."""
    height = width * 3 // 10
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    unit = height / 10
    draw.ellipse((unit, unit, 9 * unit, 9 * unit), outline=(*BRAND_TEAL, 255), width=max(1, round(unit * 0.6)))
    draw.polygon([(4.6 * unit, 2.2 * unit), (4.6 * unit, 7 * unit), (7.4 * unit, 7 * unit)], fill=(*BRAND_PLUM, 255))
    draw.polygon([(4.1 * unit, 3.2 * unit), (4.1 * unit, 7 * unit), (2.4 * unit, 7 * unit)], fill=(*BRAND_TEAL, 255))
    big = ImageFont.truetype(str(FONT), max(6, round(unit * 4.6)))
    small = ImageFont.truetype(str(FONT), max(6, round(unit * 1.5)))
    draw.text((10.5 * unit, 0.9 * unit), "HALYARD", font=big, fill=(*BRAND_PLUM, 255))
    draw.text((10.7 * unit, 6.6 * unit), "DOCUMENTARY SALES", font=small, fill=(*BRAND_TEAL, 255))
    return image


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


if __name__ == "__main__":
    raise SystemExit(main())
