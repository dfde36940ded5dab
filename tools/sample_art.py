"""Draw the sample catalogue's key art and logo (assets/images/) from code.

The pictures are painted procedurally (skies, ridges, silhouettes, light),
so the sample ships no third-party photographs. Run from the repository
root: `python tools/sample_art.py`. The same seed gives the same pictures.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

W, H = 3300, 2200  # 300 dpi across a bled A4 or Letter page, under the tallest hero
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "images"
FONT = ROOT / "generator" / "fonts" / "RobotoCondensed-Bold.ttf"
Colour = tuple[int, int, int]


def gradient(stops: list[tuple[float, Colour]], size: tuple[int, int] = (W, H)) -> Image.Image:
    """A vertical gradient through colour stops (position 0 top, 1 bottom)."""
    w, h = size
    column = Image.new("RGB", (1, h))
    pixels = []
    for y in range(h):
        t = y / (h - 1)
        for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
            if p0 <= t <= p1:
                k = (t - p0) / (p1 - p0 or 1)
                pixels.append(tuple(round(a + (b - a) * k) for a, b in zip(c0, c1)))
                break
        else:
            pixels.append(stops[-1][1])
    column.putdata(pixels)
    return column.resize((w, h))


def ridge(
    rng: random.Random, base: float, amplitude: float, roughness: float = 0.55, steps: int = 9
) -> list[tuple[float, float]]:
    """A mountain line by midpoint displacement, as (x, y) points across W."""
    heights = [rng.uniform(-1, 1), rng.uniform(-1, 1)]
    spread = 1.0
    for _ in range(steps):
        spread *= roughness
        nxt = []
        for a, b in zip(heights, heights[1:]):
            nxt += [a, (a + b) / 2 + rng.uniform(-spread, spread)]
        heights = nxt + [heights[-1]]
    n = len(heights) - 1
    return [(i * W / n, base + h * amplitude) for i, h in enumerate(heights)]


def fill_below(
    image: Image.Image, line: list[tuple[float, float]], colour: Colour, blur: float = 0, alpha: int = 255
) -> None:
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).polygon(line + [(W, H), (0, H)], fill=alpha)
    if blur:
        mask = mask.filter(ImageFilter.GaussianBlur(blur))
    image.paste(Image.new("RGB", image.size, colour), (0, 0), mask)


def glow(image: Image.Image, cx: float, cy: float, radius: float, colour: Colour, strength: float = 1.0) -> Image.Image:
    disc = ImageChops.invert(Image.radial_gradient("L")).resize((int(radius * 2), int(radius * 2)))
    disc = disc.point(lambda v: int(255 * (max(0, v - 12) / 243) ** 2.2 * strength))
    layer = Image.new("RGB", image.size, (0, 0, 0))
    mask = Image.new("L", image.size, 0)
    mask.paste(disc, (int(cx - radius), int(cy - radius)))
    layer.paste(Image.new("RGB", image.size, colour), (0, 0), mask)
    return ImageChops.screen(image, layer)


def bokeh(
    image: Image.Image,
    rng: random.Random,
    count: int,
    colours: list[Colour],
    radius: tuple[int, int],
    area: tuple[float, float, float, float],
    blur: float,
) -> Image.Image:
    layer = Image.new("RGB", image.size, (0, 0, 0))
    draw = ImageDraw.Draw(layer)
    x0, y0, x1, y1 = area
    for _ in range(count):
        r = rng.randint(*radius)
        x, y = rng.uniform(x0, x1) * W, rng.uniform(y0, y1) * H
        c = rng.choice(colours)
        k = rng.uniform(0.35, 1.0)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(int(v * k) for v in c))
    return ImageChops.screen(image, layer.filter(ImageFilter.GaussianBlur(blur)))


def finish(image: Image.Image, rng: random.Random, grain: float = 10, vignette: float = 0.45) -> Image.Image:
    """Film grain and a soft vignette, as a photograph would have."""
    noise = Image.effect_noise(image.size, grain).convert("RGB")
    image = Image.blend(image, ImageChops.overlay(image, noise), 0.18)
    edge = Image.radial_gradient("L").resize(image.size).point(lambda v: int(255 * (1 - vignette * (v / 255) ** 2)))
    return ImageChops.multiply(image, Image.merge("RGB", (edge, edge, edge)))


def pines(
    draw: ImageDraw.ImageDraw, rng: random.Random, base: float, height: tuple[int, int], count: int, colour: Colour
) -> None:
    for _ in range(count):
        x = rng.uniform(-50, W + 50)
        h = rng.randint(*height)
        y = base + rng.uniform(-20, 30)
        for tier in range(7):
            top = y - h + tier * h / 8
            half = (tier + 1) * h / 22
            draw.polygon([(x, top), (x - half, top + h / 4), (x + half, top + h / 4)], fill=colour)
        draw.rectangle((x - h / 60, y - h / 8, x + h / 60, y + 20), fill=colour)


def inside_belarus(rng: random.Random) -> Image.Image:
    img = gradient([(0, (38, 30, 44)), (0.45, (150, 72, 60)), (0.62, (214, 132, 92)), (1, (40, 36, 44))])
    img = glow(img, W * 0.68, H * 0.6, 420, (255, 160, 110), 0.7)
    draw = ImageDraw.Draw(img)
    x = -20
    while x < W:
        bw, bh = rng.randint(120, 260), rng.randint(260, 620)
        top = H * 0.82 - bh
        draw.rectangle((x, top, x + bw, H), fill=(24, 22, 30))
        for wy in range(int(top) + 24, int(H * 0.8), 34):
            for wx in range(x + 14, x + bw - 14, 26):
                if rng.random() < 0.12:
                    draw.rectangle((wx, wy, wx + 12, wy + 16), fill=(255, 196, 120))
        x += bw + rng.randint(4, 40)
    fill_below(img, [(0, H * 0.86), (W, H * 0.84)], (200, 196, 205))
    img = bokeh(img, rng, 260, [(255, 255, 255)], (2, 5), (0, 0, 1, 1), 1.2)
    return finish(img, rng)


def return_to_ukraine(rng: random.Random) -> Image.Image:
    img = gradient([(0, (40, 92, 170)), (0.5, (130, 178, 222)), (0.58, (226, 206, 140)), (1, (176, 128, 40))])
    draw = ImageDraw.Draw(img, "RGBA")
    for _ in range(9000):
        x, y = rng.uniform(0, W), rng.uniform(H * 0.58, H)
        length = 8 + (y - H * 0.58) / 12
        tone = rng.randint(150, 255)
        draw.line((x, y, x + rng.uniform(-3, 3), y - length), fill=(tone, int(tone * 0.78), 40, 150), width=2)
    smoke = Image.new("L", img.size, 0)
    sd = ImageDraw.Draw(smoke)
    for i in range(40):
        cx, cy = W * 0.24 + i * 9 + rng.uniform(-30, 30), H * 0.56 - i * 16
        r = 30 + i * 4
        sd.ellipse((cx - r, cy - r, cx + r, cy + r), fill=110)
    img.paste(Image.new("RGB", img.size, (86, 84, 88)), (0, 0), smoke.filter(ImageFilter.GaussianBlur(26)))
    return finish(img, rng)


def russia_vs_russia(rng: random.Random) -> Image.Image:
    img = gradient([(0, (8, 12, 30)), (0.7, (22, 30, 62)), (1, (10, 10, 20))])
    img = bokeh(img, rng, 90, [(220, 40, 50), (80, 140, 255), (255, 220, 180)], (20, 70), (0, 0.1, 1, 0.9), 14)
    img = bokeh(img, rng, 160, [(255, 230, 200), (120, 170, 255)], (4, 12), (0, 0.2, 1, 0.8), 3)
    draw = ImageDraw.Draw(img)
    for x in range(100, W, 230):
        draw.rectangle((x, H * 0.72, x + 12, H), fill=(6, 8, 16))
        draw.ellipse((x - 20, H * 0.72 - 20, x + 32, H * 0.72 + 10), fill=(6, 8, 16))
    return finish(img, rng, vignette=0.6)


def ordinary_dictatorship(rng: random.Random) -> Image.Image:
    img = gradient([(0, (180, 186, 182)), (0.6, (150, 160, 156)), (1, (70, 80, 76))])
    img = glow(img, W * 0.3, H * 0.32, 260, (240, 236, 220), 0.8)
    for depth, (colour, blur) in enumerate(
        [((128, 138, 134), 8), ((96, 108, 104), 4), ((58, 68, 64), 1.5), ((28, 34, 32), 0)]
    ):
        layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
        pines(
            ImageDraw.Draw(layer),
            rng,
            H * (0.62 + depth * 0.1),
            (220 + depth * 120, 340 + depth * 160),
            26 - depth * 4,
            colour + (255,),
        )
        img.paste(layer.filter(ImageFilter.GaussianBlur(blur)), (0, 0), layer.filter(ImageFilter.GaussianBlur(blur)))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, H * 0.93, W, H * 0.955), fill=(180, 40, 40))
    return finish(img, rng)


def last_glaciers(rng: random.Random) -> Image.Image:
    img = gradient([(0, (30, 60, 110)), (0.45, (240, 170, 160)), (0.6, (250, 214, 190)), (1, (40, 60, 90))])
    img = glow(img, W * 0.7, H * 0.47, 300, (255, 220, 180), 0.9)
    layers = [
        (0.42, 180, (200, 208, 226), 3),
        (0.55, 170, (150, 170, 205), 1),
        (0.7, 140, (70, 96, 140), 0),
        (0.86, 90, (28, 44, 72), 0),
    ]
    for base, amp, colour, blur in layers:
        fill_below(img, ridge(rng, H * base, amp), colour, blur)
    snow = ridge(rng, H * 0.46, 120)
    fill_below(img, snow, (236, 240, 248), 2, alpha=120)
    return finish(img, rng, grain=8)


def olive_trees(rng: random.Random) -> Image.Image:
    img = gradient([(0, (244, 200, 120)), (0.5, (250, 230, 170)), (0.62, (200, 170, 90)), (1, (120, 96, 40))])
    img = glow(img, W * 0.78, H * 0.3, 380, (255, 240, 200), 1.0)
    fill_below(img, ridge(rng, H * 0.55, 70, 0.5), (176, 150, 92), 4)
    fill_below(img, ridge(rng, H * 0.7, 50, 0.5), (132, 118, 62), 1)
    draw = ImageDraw.Draw(img, "RGBA")
    for _ in range(14):
        x, y = rng.uniform(0, W), H * rng.uniform(0.74, 0.9)
        s = rng.uniform(0.6, 1.5)
        draw.line((x, y, x + 10 * s, y - 120 * s), fill=(60, 46, 30, 255), width=int(16 * s))
        for _ in range(16):
            cx, cy = x + rng.uniform(-110, 110) * s, y - 150 * s + rng.uniform(-60, 40) * s
            r = rng.uniform(30, 60) * s
            draw.ellipse((cx - r, cy - r * 0.7, cx + r, cy + r * 0.7), fill=(82, 100, 58, 210))
    return finish(img, rng)


def night_shift(rng: random.Random) -> Image.Image:
    img = gradient([(0, (10, 16, 34)), (1, (26, 36, 60))])
    draw = ImageDraw.Draw(img)
    s = W / 2000
    draw.rectangle((160 * s, 260 * s, W - 160 * s, H), fill=(34, 38, 52))
    for row in range(9):
        for col in range(16):
            x, y = (220 + col * 102) * s, (300 + row * 100) * s
            lit = rng.random() < 0.3
            colour = (255, 214, 150) if lit else (rng.choice([(40, 70, 90), (24, 30, 44)]))
            if lit and rng.random() < 0.3:
                colour = (170, 220, 255)
            draw.rectangle((x, y, x + 62 * s, y + 64 * s), fill=colour)
    img = img.filter(ImageFilter.GaussianBlur(1.5))
    img = glow(img, W * 0.5, H * 1.05, 500, (120, 180, 255), 0.5)
    return finish(img, rng, vignette=0.55)


def trans_siberian(rng: random.Random) -> Image.Image:
    img = gradient([(0, (170, 190, 214)), (0.55, (226, 232, 240)), (1, (236, 240, 246))])
    draw = ImageDraw.Draw(img)
    vx, vy = W * 0.5, H * 0.5
    for side in (-1, 1):
        for offset in (80, 220):
            draw.line((vx + side * 4, vy, vx + side * offset * 6, H), fill=(70, 76, 90), width=9)
    for i in range(40):
        t = (i / 40) ** 2
        y = vy + (H - vy) * t
        half = 10 + (W * 0.85) * t
        draw.line((vx - half, y, vx + half, y), fill=(110, 100, 96), width=max(1, int(12 * t)))
    for _ in range(70):
        x = rng.choice([rng.uniform(0, W * 0.38), rng.uniform(W * 0.62, W)])
        top, width = rng.uniform(-50, H * 0.3), rng.uniform(10, 26)
        draw.rectangle((x, top, x + width, H * 0.62), fill=(232, 230, 224))
        for _ in range(8):
            my = rng.uniform(top, H * 0.6)
            draw.rectangle((x, my, x + width * rng.uniform(0.3, 1), my + rng.uniform(4, 12)), fill=(40, 40, 44))
    img = bokeh(img, rng, 500, [(255, 255, 255)], (2, 6), (0, 0, 1, 1), 1.5)
    return finish(img, rng, grain=6, vignette=0.35)


def mothers(rng: random.Random) -> Image.Image:
    img = gradient([(0, (20, 10, 8)), (1, (50, 24, 14))])
    img = bokeh(img, rng, 70, [(255, 170, 70), (255, 120, 40), (255, 210, 140)], (30, 90), (0, 0, 1, 0.7), 18)
    draw = ImageDraw.Draw(img)
    for i in range(7):
        x = (260 + i * 240 + rng.uniform(-30, 30)) * W / 2000
        top = H * rng.uniform(0.6, 0.72)
        draw.rectangle((x - 18, top, x + 18, H), fill=(236, 226, 206))
        img = glow(img, x, top - 28, 120, (255, 170, 60), 1.0)
        draw = ImageDraw.Draw(img)
        draw.ellipse((x - 8, top - 46, x + 8, top - 8), fill=(255, 236, 180))
    return finish(img, rng, vignette=0.6)


def lodz(rng: random.Random) -> Image.Image:
    img = gradient([(0, (120, 92, 70)), (0.6, (210, 176, 130)), (1, (90, 66, 48))])
    draw = ImageDraw.Draw(img)
    x = 0
    while x < W:
        bw, bh = rng.randint(160, 320), rng.randint(160, 360)
        draw.rectangle((x, H * 0.78 - bh, x + bw, H), fill=(62, 42, 32))
        for px in range(x, x + bw, 60):
            draw.polygon(
                [(px, H * 0.78 - bh), (px + 60, H * 0.78 - bh), (px + 60, H * 0.78 - bh - 40)], fill=(62, 42, 32)
            )
        if rng.random() < 0.5:
            cx = x + bw * 0.6
            draw.polygon(
                [(cx - 26, H * 0.78 - bh), (cx + 26, H * 0.78 - bh), (cx + 14, H * 0.12), (cx - 14, H * 0.12)],
                fill=(56, 38, 30),
            )
        x += bw
    img = img.convert("L").convert("RGB")
    img = ImageChops.multiply(img, Image.new("RGB", img.size, (255, 226, 190)))
    draw = ImageDraw.Draw(img)
    for band in (0, H - 110):
        draw.rectangle((0, band, W, band + 110), fill=(18, 14, 12))
        for hx in range(20, W, 70):
            draw.rounded_rectangle((hx, band + 35, hx + 38, band + 75), 6, fill=(236, 226, 206))
    return finish(img, rng, grain=16)


def wolves(rng: random.Random) -> Image.Image:
    img = gradient([(0, (8, 14, 36)), (0.6, (30, 52, 96)), (1, (10, 16, 30))])
    img = glow(img, W * 0.66, H * 0.3, 420, (150, 180, 230), 0.8)
    draw = ImageDraw.Draw(img)
    draw.ellipse((W * 0.66 - 110, H * 0.3 - 110, W * 0.66 + 110, H * 0.3 + 110), fill=(236, 238, 230))
    img = bokeh(img, rng, 300, [(255, 255, 255)], (1, 3), (0, 0, 1, 0.6), 0.6)
    fill_below(img, ridge(rng, H * 0.64, 120), (22, 34, 60), 2)
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    pines(ImageDraw.Draw(layer), rng, H * 0.96, (400, 700), 18, (6, 10, 20, 255))
    img.paste(layer, (0, 0), layer)
    return finish(img, rng, vignette=0.5)


def sagas(rng: random.Random) -> Image.Image:
    img = gradient([(0, (6, 12, 28)), (0.55, (20, 40, 60)), (0.62, (16, 30, 44)), (1, (6, 10, 18))])
    aurora = Image.new("L", img.size, 0)
    draw = ImageDraw.Draw(aurora)
    for i in range(3):
        points = [(x, H * (0.18 + i * 0.08) + 80 * math.sin(x / 260 + i * 1.7)) for x in range(0, W + 40, 40)]
        for dx in range(0, 90, 6):
            draw.line([(x, y + dx) for x, y in points], fill=max(0, 110 - dx), width=8)
    img.paste(Image.new("RGB", img.size, (80, 240, 160)), (0, 0), aurora.filter(ImageFilter.GaussianBlur(18)))
    img = bokeh(img, rng, 250, [(255, 255, 255)], (1, 3), (0, 0, 1, 0.5), 0.6)
    line = ridge(rng, H * 0.55, 110)
    fill_below(img, line, (10, 16, 24))
    water = img.crop((0, int(H * 0.1), W, int(H * 0.55))).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    water = water.resize((W, H - int(H * 0.66))).filter(ImageFilter.GaussianBlur(4))
    img.paste(Image.blend(water, Image.new("RGB", water.size, (6, 12, 20)), 0.55), (0, int(H * 0.66)))
    draw_img = ImageDraw.Draw(img)
    draw_img.rectangle((0, H * 0.64, W, H * 0.665), fill=(10, 16, 24))
    return finish(img, rng, vignette=0.5)


def figure(draw: ImageDraw.ImageDraw, x: float, base: float, height: float, colour: Colour) -> None:
    """A person standing, seen from afar: head and coat."""
    head = height / 7
    draw.ellipse((x - head / 2, base - height, x + head / 2, base - height + head), fill=colour)
    draw.polygon(
        [(x - head * 0.9, base - height + head * 1.1), (x + head * 0.9, base - height + head * 1.1),
         (x + head * 1.1, base - height * 0.35), (x - head * 1.1, base - height * 0.35)],
        fill=colour,
    )  # fmt: skip
    draw.rectangle((x - head * 0.7, base - height * 0.36, x - head * 0.1, base), fill=colour)
    draw.rectangle((x + head * 0.1, base - height * 0.36, x + head * 0.7, base), fill=colour)


def cedars(rng: random.Random) -> Image.Image:
    img = gradient([(0, (150, 180, 214)), (0.5, (214, 222, 232)), (1, (60, 70, 64))])
    fill_below(img, ridge(rng, H * 0.38, 160), (236, 240, 246), 2)  # snow
    fill_below(img, ridge(rng, H * 0.52, 120), (120, 132, 140), 1)
    fill_below(img, ridge(rng, H * 0.7, 80), (54, 70, 56))
    draw = ImageDraw.Draw(img)
    for _ in range(9):  # cedars: flat tiers of dark green
        x, base = rng.uniform(W * 0.45, W * 0.95), H * rng.uniform(0.78, 0.96)
        height = rng.uniform(500, 900)
        draw.rectangle((x - 14, base - height * 0.4, x + 14, base), fill=(36, 30, 24))
        for tier in range(5):
            y = base - height * (0.3 + tier * 0.15)
            half = height * (0.5 - tier * 0.08)
            draw.ellipse((x - half, y - 40, x + half, y + 40), fill=(26, 52, 34))
    figure(draw, W * 0.3, H * 0.9, 340, (30, 30, 30))
    return finish(img, rng)


def tokyo(rng: random.Random) -> Image.Image:
    """A portrait poster: dawn over towers, a cleaner on an empty platform."""
    w, h = H, W  # the other way round
    img = gradient([(0, (20, 26, 60)), (0.45, (120, 80, 130)), (0.62, (250, 170, 120)), (1, (30, 30, 40))], (w, h))
    draw = ImageDraw.Draw(img)
    x = -20
    while x < w:
        bw, bh = rng.randint(140, 320), rng.randint(700, 1500)
        draw.rectangle((x, h * 0.66 - bh, x + bw, h), fill=(22, 20, 34))
        for wy in range(int(h * 0.66 - bh) + 30, int(h * 0.66), 40):
            for wx in range(x + 16, x + bw - 16, 30):
                if rng.random() < 0.08:
                    draw.rectangle((wx, wy, wx + 12, wy + 18), fill=(255, 210, 140))
        x += bw + rng.randint(10, 60)
    draw.rectangle((0, h * 0.78, w, h), fill=(44, 46, 56))  # the platform
    draw.rectangle((0, h * 0.78, w, h * 0.785), fill=(240, 200, 60))
    figure(draw, w * 0.5, h * 0.95, 900, (14, 14, 20))
    return finish(img, rng)


def long_road(rng: random.Random) -> Image.Image:
    img = gradient([(0, (90, 120, 160)), (0.5, (236, 200, 150)), (0.56, (200, 160, 110)), (1, (90, 70, 50))])
    img = glow(img, W * 0.52, H * 0.5, 380, (255, 220, 170), 0.8)
    fill_below(img, ridge(rng, H * 0.52, 40), (120, 100, 80))
    draw = ImageDraw.Draw(img)
    draw.polygon([(W * 0.5, H * 0.52), (W * 0.53, H * 0.52), (W * 0.78, H), (W * 0.22, H)], fill=(60, 56, 58))
    for step in range(12):  # the centre line, nearer and wider
        y0 = H * (0.53 + step * 0.04)
        draw.rectangle((W * 0.515 - step * 3, y0, W * 0.515 + step * 3, y0 + 14 + step * 4), fill=(230, 220, 200))
    for offset, height in ((0.16, 420), (0.2, 300)):
        figure(draw, W * offset, H * 0.94, height, (34, 30, 30))
    return finish(img, rng)


def seoul(rng: random.Random) -> Image.Image:
    img = gradient([(0, (40, 50, 70)), (0.55, (70, 80, 100)), (1, (20, 24, 34))])
    img = bokeh(img, rng, 160, [(255, 120, 90), (120, 200, 255), (255, 220, 140)], (14, 50), (0, 0.1, 1, 0.6), 10)
    draw = ImageDraw.Draw(img, "RGBA")
    for _ in range(2400):  # rain
        x, y = rng.uniform(0, W), rng.uniform(0, H)
        draw.line((x, y, x - 6, y + 40), fill=(210, 220, 240, 70), width=2)
    for _ in range(60):  # reflections on the street
        x, y = rng.uniform(0, W), rng.uniform(H * 0.7, H)
        draw.rectangle((x, y, x + rng.uniform(10, 30), y + rng.uniform(60, 200)), fill=(255, 180, 120, 60))
    figure(draw, W * 0.68, H * 0.86, 520, (12, 12, 18, 255))
    return finish(img, rng)


def varanasi(rng: random.Random) -> Image.Image:
    img = gradient([(0, (250, 190, 120)), (0.4, (240, 150, 90)), (0.45, (150, 100, 80)), (1, (60, 40, 40))])
    img = glow(img, W * 0.7, H * 0.32, 260, (255, 240, 200), 1.0)
    draw = ImageDraw.Draw(img)
    for step in range(10):  # the ghat's steps
        y = H * (0.45 - step * 0.03)
        draw.rectangle((0, y, W * (0.4 - step * 0.02), y + H * 0.03), fill=(120 + step * 8, 90 + step * 6, 70))
    img = bokeh(img, rng, 70, [(255, 200, 90)], (6, 14), (0.35, 0.55, 1, 0.95), 2)
    draw = ImageDraw.Draw(img)
    for x in (0.5, 0.78):  # boats
        draw.polygon([(W * x - 260, H * 0.7), (W * x + 260, H * 0.7), (W * x + 180, H * 0.76), (W * x - 180, H * 0.76)],
                     fill=(40, 26, 20))  # fmt: skip
    figure(draw, W * 0.5, H * 0.7, 300, (30, 20, 16))
    return finish(img, rng)


def yellow_river(rng: random.Random) -> Image.Image:
    img = gradient([(0, (200, 210, 220)), (0.4, (230, 214, 180)), (1, (150, 110, 70))])
    for base, colour in ((0.35, (200, 170, 120)), (0.45, (180, 140, 90)), (0.55, (160, 120, 76))):
        fill_below(img, ridge(rng, H * base, 110), colour)
    draw = ImageDraw.Draw(img)
    for row in range(14):  # terraces
        y = H * (0.58 + row * 0.012)
        draw.line((0, y, W * 0.5, y - 40), fill=(120, 90, 56), width=5)
    draw.polygon([(W * 0.45, H), (W * 0.62, H * 0.62), (W * 0.7, H * 0.62), (W, H * 0.9), (W, H)], fill=(176, 136, 80))
    figure(draw, W * 0.36, H * 0.93, 380, (50, 36, 26))
    return finish(img, rng)


def laurel(name: str, lines: tuple[str, str]) -> Image.Image:
    """A festival's laurel: two branches of leaves curving up around its
    name, on transparency."""
    width, height = 720, 400
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    gold = (176, 140, 60, 255)
    cx, cy, radius = width / 2, height * 0.52, height * 0.42
    for side in (-1, 1):
        stem = [
            (cx + side * radius * 1.5 * math.cos(math.radians(a)), cy - radius * math.sin(math.radians(a)))
            for a in range(-70, 75, 5)
        ]
        draw.line(stem, fill=gold, width=5)
        for leaf in range(11):
            a = math.radians(-62 + leaf * 13)
            x, y = cx + side * radius * 1.5 * math.cos(a), cy - radius * math.sin(a)
            tangent = math.atan2(-radius * math.cos(a), -side * radius * 1.5 * math.sin(a))
            for tilt in (0.55, -0.55):  # a leaf on each side of the stem, pointing up along it
                direction = tangent + side * tilt
                tip = (x + 34 * math.cos(direction), y + 34 * math.sin(direction))
                normal = direction + math.pi / 2
                middle = (x + 17 * math.cos(direction), y + 17 * math.sin(direction))
                half = 8
                draw.polygon(
                    [
                        (x, y),
                        (middle[0] + half * math.cos(normal), middle[1] + half * math.sin(normal)),
                        tip,
                        (middle[0] - half * math.cos(normal), middle[1] - half * math.sin(normal)),
                    ],
                    fill=gold,
                )
    for number, (line, points) in enumerate(zip(lines, (36, 26))):
        font = ImageFont.truetype(str(FONT), points)
        box = draw.textbbox((0, 0), line, font=font)
        draw.text(((width - box[2]) / 2, height * 0.36 + number * 52), line, font=font, fill=gold)
    return image.crop(image.getbbox())


def logo() -> Image.Image:
    """The sample brand's logo: a lantern mark and the wordmark."""
    scale = 4
    image = Image.new("RGBA", (300 * scale, 80 * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    navy, orange = (31, 58, 77, 255), (224, 122, 46, 255)
    s = scale
    draw.rounded_rectangle((8 * s, 14 * s, 50 * s, 72 * s), 8 * s, fill=navy)
    draw.rectangle((20 * s, 6 * s, 38 * s, 14 * s), fill=navy)
    draw.ellipse((18 * s, 26 * s, 40 * s, 60 * s), fill=orange)
    big = ImageFont.truetype(str(FONT), 34 * s)
    small = ImageFont.truetype(str(FONT), 14 * s)
    draw.text((62 * s, 8 * s), "LANTERNA", font=big, fill=navy)
    draw.text((63 * s, 48 * s), "DOCS INTERNATIONAL", font=small, fill=orange)
    return image.crop(image.getbbox())


SCENES: dict[str, Callable[[random.Random], Image.Image]] = {
    "inside-belarus": inside_belarus,
    "return-to-ukraine": return_to_ukraine,
    "russia-vs-russia": russia_vs_russia,
    "belarus-an-ordinary-dictatorship": ordinary_dictatorship,
    "the-last-glaciers": last_glaciers,
    "keepers-of-the-olive-trees": olive_trees,
    "night-shift-at-sainte-anne": night_shift,
    "trans-siberian-winter": trans_siberian,
    "mothers-of-the-disappeared": mothers,
    "lodz-city-of-cinema": lodz,
    "wolves-of-the-carpathians": wolves,
    "the-sagas-of-iceland": sagas,
    "the-last-cedars-of-lebanon": cedars,
    "tokyo-before-dawn": tokyo,
    "the-long-road-home": long_road,
    "seoul-after-the-rain": seoul,
    "the-ghats-of-varanasi": varanasi,
    "the-yellow-river-families": yellow_river,
}
LAURELS = {
    "docs-on-the-border": ("DOCS ON THE BORDER", "OFFICIAL SELECTION 2025"),
    "mediterranean-screen": ("MEDITERRANEAN SCREEN", "BEST DOCUMENTARY 2025"),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for number, (name, scene) in enumerate(SCENES.items()):
        scene(random.Random(number)).save(OUT / f"{name}.jpg", quality=88, optimize=True, progressive=True)
    logo().save(OUT / "logo.png", optimize=True)
    (OUT / "laurels").mkdir(exist_ok=True)
    for name, lines in LAURELS.items():
        laurel(name, lines).save(OUT / "laurels" / f"{name}.png", optimize=True)


if __name__ == "__main__":
    main()
