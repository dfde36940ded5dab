"""Key art as productions send it, painted with Pillow and cached.

Each programme gets its own picture, decided by its number and the seed
alone, so the first 50 pictures of a 1,000-programme catalogue are those
of the 50-programme one. The mix is that of a distributor's inbox: mostly
JPEG stills of 1-4 K pixels, some PNG, a fifth of them portrait posters, and
a few greyscale, CMYK, transparent or EXIF-rotated files.

Pictures are painted (sky, ridges, skyline, cloud texture, film grain), not
flat colour, so that they weigh what photographs weigh as JPEG (about 1.8
bits a pixel at quality 90) and cost what photographs cost to decode and
resize. Painting 1,000 takes a few minutes, so they are kept in a cache
folder (by default ~/.cache/onesheet-bench) and linked into each catalogue.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PIL import Image, ImageChops, ImageDraw

T = TypeVar("T")

PAINTER_VERSION = 1  # change when the painting changes, so cached pictures are painted again

LANDSCAPE = [  # (width, height), weight
    ((1280, 720), 2), ((1920, 1080), 8), ((2048, 1152), 2), ((2400, 1600), 2), ((2560, 1440), 3),
    ((3000, 2000), 2), ((3840, 2160), 4), ((4096, 2160), 2), ((4000, 2250), 1),
]  # fmt: skip
PORTRAIT = [((1080, 1350), 3), ((1400, 2100), 2), ((2000, 3000), 3), ((2764, 4096), 1), ((1080, 1920), 1)]
KINDS = [  # (kind, weight): what the file holds
    ("jpeg", 78), ("png", 9), ("grey-jpeg", 4), ("cmyk-jpeg", 3), ("rgba-png", 3), ("rotated-jpeg", 3),
]  # fmt: skip
PORTRAIT_SHARE = 0.2


@dataclass(frozen=True)
class Picture:
    number: int
    kind: str
    width: int  # as displayed (a rotated JPEG stores its pixels turned)
    height: int
    quality: int  # of a JPEG file
    seed: int

    @property
    def suffix(self) -> str:
        return ".png" if self.kind.endswith("png") else ".jpg"

    @property
    def name(self) -> str:
        key = f"{PAINTER_VERSION}:{self}".encode()
        return f"key-art-{self.number:04d}-{hashlib.sha256(key).hexdigest()[:10]}{self.suffix}"


def plan_picture(number: int, seed: int) -> Picture:
    """The picture of programme `number`: kind, size and JPEG quality."""
    rng = random.Random(f"{seed}:picture:{number}")
    kind = _weighted(rng, KINDS)
    sizes = PORTRAIT if rng.random() < PORTRAIT_SHARE else LANDSCAPE
    if kind.endswith("png"):  # PNG stills come smaller: a 4 K PNG weighs 20 MB
        sizes = [(size, weight) for size, weight in sizes if size[0] * size[1] <= 4_200_000]
    width, height = _weighted(rng, sizes)
    return Picture(number, kind, width, height, rng.choice([85, 90, 90, 92, 95]), rng.randrange(1 << 30))


def _weighted(rng: random.Random, choices: list[tuple[T, int]]) -> T:
    return rng.choices([value for value, _ in choices], [weight for _, weight in choices])[0]


def cached_pictures(pictures: list[Picture], cache: Path, jobs: int = 2) -> dict[int, Path]:
    """The files of `pictures`, painting (in `jobs` processes) those the
    cache lacks."""
    cache.mkdir(parents=True, exist_ok=True)
    missing = [picture for picture in pictures if not (cache / picture.name).exists()]
    if missing:
        print(f"painting {len(missing)} pictures into {cache} (once; they are kept for later runs)", flush=True)
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_paint_into, missing, [cache] * len(missing), chunksize=4))
    return {picture.number: cache / picture.name for picture in pictures}


def flattened(path: Path) -> Path:
    """A transparent PNG laid on white, for products that cannot draw
    transparency yet; cached beside it."""
    target = path.with_name(f"{path.stem}-flat.png")
    if not target.exists():
        with Image.open(path) as image:
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
        partial = target.with_name(f".{target.name}.partial")
        flat.save(partial, "PNG", compress_level=3)
        partial.replace(target)
    return target


def link(source: Path, target: Path) -> None:
    """A hard link (no copy, same file) where the file system allows."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _paint_into(picture: Picture, cache: Path) -> None:
    rng = random.Random(picture.seed)
    image = paint(rng, picture.width, picture.height)
    target = cache / picture.name
    partial = target.with_name(f".{target.name}.partial")
    if picture.kind == "png":
        image.save(partial, "PNG", compress_level=3)
    elif picture.kind == "rgba-png":
        alpha = Image.linear_gradient("L").rotate(90).resize(image.size).point(lambda v: 255 - v // 3)
        image.putalpha(alpha)  # a vignette fading to one side, as a cut-out title card has
        image.save(partial, "PNG", compress_level=3)
    elif picture.kind == "grey-jpeg":
        image.convert("L").save(partial, "JPEG", quality=picture.quality)
    elif picture.kind == "cmyk-jpeg":
        image.convert("CMYK").save(partial, "JPEG", quality=picture.quality)
    elif picture.kind == "rotated-jpeg":  # a camera still: pixels stored turned, EXIF says how to show them
        exif = Image.Exif()
        exif[0x0112] = 6
        image.transpose(Image.Transpose.ROTATE_90).save(partial, "JPEG", quality=picture.quality, exif=exif)
    else:
        image.save(partial, "JPEG", quality=picture.quality)
    partial.replace(target)


def paint(rng: random.Random, width: int, height: int) -> Image.Image:
    """A landscape at dusk: the scene drawn at a quarter of the size, cloud
    texture laid over at half, then grain at full size."""
    quarter = (max(16, width // 4), max(16, height // 4))
    scene = _scene(rng, *quarter)
    half = (max(1, width // 2), max(1, height // 2))
    image = scene.resize(half, Image.Resampling.BICUBIC)
    texture = _clouds(rng, half)
    image = ImageChops.soft_light(image, Image.merge("RGB", [texture] * 3))
    image = image.resize((width, height), Image.Resampling.BICUBIC)
    grain = _grain(rng, (width, height), 14)
    return ImageChops.add(image, Image.merge("RGB", [grain] * 3), 1.0, -7)


def _scene(rng: random.Random, width: int, height: int) -> Image.Image:
    top = [rng.randrange(10, 140) for _ in range(3)]
    bottom = [rng.randrange(100, 250) for _ in range(3)]
    sky = Image.linear_gradient("L").resize((width, height))
    scene = Image.merge("RGB", [sky.point(lambda v, a=a, b=b: a + (b - a) * v // 255) for a, b in zip(top, bottom)])
    draw = ImageDraw.Draw(scene)
    for _ in range(rng.randint(1, 3)):  # moon, sun, lights
        x, y, r = rng.uniform(0, width), rng.uniform(0, height * 0.5), rng.uniform(width * 0.02, width * 0.08)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(min(255, c + 60) for c in bottom))
    for layer in range(rng.randint(2, 5)):  # ridges, nearer ones darker
        base = height * (0.35 + 0.15 * layer)
        step = max(1, width // rng.randint(10, 60))
        points = [(x, base + rng.uniform(-1, 1) * height * 0.08) for x in range(0, width + step, step)]
        shade = tuple(int(c * (0.85 - 0.17 * layer)) for c in bottom)
        draw.polygon(points + [(width, height), (0, height)], fill=shade)
    for _ in range(rng.randint(0, 25)):  # a skyline
        x, y = rng.uniform(0, width), rng.uniform(height * 0.5, height)
        w, h = rng.uniform(0.5, width * 0.04), rng.uniform(1, height * 0.3)
        grey = rng.randrange(15, 60)
        draw.rectangle((x, y - h, x + w, y), fill=(grey, grey, grey + 5))
    return scene


def _clouds(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Seeded noise at three scales, each enlarged smoothly: soft,
    photographic texture."""
    width, height = size
    texture: Image.Image | None = None
    for divisor in (64, 16, 4):
        small = (max(2, width // divisor), max(2, height // divisor))
        noise = Image.frombytes("L", small, rng.randbytes(small[0] * small[1])).point(lambda v: 64 + v // 2)
        layer = noise.resize(size, Image.Resampling.BICUBIC)
        texture = layer if texture is None else Image.blend(texture, layer, 0.35)
    assert texture is not None
    return texture


def _grain(rng: random.Random, size: tuple[int, int], amplitude: int) -> Image.Image:
    """Film grain: a tile of seeded noise repeated over the picture."""
    tile = Image.frombytes("L", (256, 256), rng.randbytes(256 * 256)).point(lambda v: v * amplitude // 255)
    grain = Image.new("L", size)
    for y in range(0, size[1], 256):
        for x in range(0, size[0], 256):
            grain.paste(tile, (x, y))
    return grain
