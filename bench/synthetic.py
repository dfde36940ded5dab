"""A synthetic catalogue of N programmes with the variety of a real one:
key art of several sizes (and some programmes without), synopses from one
sentence to 550 words, 0 to 6 related titles, Cyrillic and Greek original
titles, awards, quotes, credits and screeners on some. Deterministic for a
given N and seed."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
ART_SIZES = [(800, 500), (1200, 800), (1600, 1000), (2000, 1250), (3000, 2000), (4000, 2500)]
GENRES = ["Current Affairs", "Politics", "Society", "History", "Nature & Science", "Culture", "Investigation"]
CYRILLIC = ["Тайны Севера", "Последний поезд", "Голоса степи", "Повернення додому", "Зимний город"]
GREEK = ["Το τελευταίο νησί", "Φωνές της θάλασσας", "Οι φύλακες της ελιάς", "Ο δρόμος του μεταξιού"]
LATIN = ["Les derniers glaciers", "Lupii din Carpați", "Łódź, miasto kina", "Íslendingasögur", "Nuits blanches"]
NAMES = ["Claire Vasseur", "Jonas Huber", "Ioana Țepeș", "Nikos Papadakis", "Hélène Dubois", "Sofia Lindgren"]


def _vocabulary() -> list[str]:
    words: list[str] = []
    for path in sorted((ROOT / "sheets").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        words.extend(text.split("synopsis: |", 1)[-1].split("\nyear:", 1)[0].split())
    return words


def _text(rng: random.Random, words: list[str], count: int) -> str:
    start = rng.randrange(0, len(words) - 1)
    chosen = [words[(start + i) % len(words)].strip('"\\') for i in range(count)]
    return " ".join(word for word in chosen if word).rstrip(",;:") + "."


def _art(rng: random.Random, size: tuple[int, int], path: Path) -> None:
    """A painted landscape: sky gradient, layered ridges, grain."""
    width, height = size
    top = tuple(rng.randrange(10, 120) for _ in range(3))
    bottom = tuple(rng.randrange(120, 250) for _ in range(3))
    sky = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", [sky.point(lambda v, a=a, b=b: a + (b - a) * v // 255) for a, b in zip(top, bottom)])
    draw = ImageDraw.Draw(image)
    for layer in range(4):
        base = height * (0.45 + 0.13 * layer)
        points = [(x, base + rng.uniform(-1, 1) * height * 0.08) for x in range(0, width + 80, 80)]
        shade = tuple(int(c * (0.8 - 0.18 * layer)) for c in bottom)
        draw.polygon(points + [(width, height), (0, height)], fill=shade)
    noise = Image.effect_noise((width, height), 18).convert("RGB")
    Image.blend(image, noise, 0.08).filter(ImageFilter.SMOOTH).save(path, quality=88)


def make_catalogue(folder: Path, count: int, seed: int = 7) -> Path:
    """Write sheets/, assets/ (brand, logo, key art) for `count` programmes
    into `folder`; returns the folder."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    sheets, assets = folder / "sheets", folder / "assets"
    (assets / "images").mkdir(parents=True)
    sheets.mkdir()
    shutil.copy(ROOT / "assets" / "brand.yaml", assets / "brand.yaml")
    shutil.copy(ROOT / "assets" / "images" / "logo.png", assets / "images" / "logo.png")
    arts = []
    for index in range(12):
        size = ART_SIZES[index % len(ART_SIZES)]
        name = f"art-{index:02d}-{size[0]}x{size[1]}.jpg"
        _art(rng, size, assets / "images" / name)
        arts.append(name)
    words = _vocabulary()
    ids = [f"programme-{number:04d}" for number in range(count)]
    for number, programme_id in enumerate(ids):
        synopsis_words = rng.choice([18, rng.randint(60, 250), rng.randint(250, 420), rng.randint(420, 550)])
        long = synopsis_words > 400
        paragraphs, left = [], synopsis_words
        while left > 0:
            size = min(left, rng.randint(60, 120))
            paragraphs.append(_text(rng, words, size))
            left -= size
        lines = [
            f'title: "{_text(rng, words, rng.randint(2, 6)).rstrip(".").title()} {number}"',
            f'logline: "{_text(rng, words, rng.randint(14, 32))}"',
            "synopsis: |",
            *("  " + p + "\n" for p in paragraphs),
            f"year: {rng.randint(1995, 2026)}",
            f"duration: {rng.choice([26, 52, 52, 52, 90])}",
            f"episodes: {rng.choice([1, 1, 1, 3, 4, 6])}",
            f"directors: [{', '.join(rng.sample(NAMES, rng.randint(1, 3)))}]",
            f"versions: [{', '.join(rng.sample(['ENG', 'FRA', 'DEU', 'ESP', 'RUS', 'ELL'], rng.randint(1, 4)))}]",
            "country: France",
        ]
        if rng.random() < 0.85:
            lines.append(f"genres: [{', '.join(rng.sample(GENRES, rng.randint(1, 2)))}]")
        if rng.random() < 0.85:
            lines.append(f"key_art: images/{arts[number % len(arts)]}")
        roll = rng.random()
        if roll < 0.55:
            original = rng.choice(CYRILLIC if roll < 0.25 else GREEK if roll < 0.4 else LATIN)
            lines.append(f'original_title: "{original}"')
        if not long and rng.random() < 0.3:
            lines.append(f'awards: ["Official Selection, Festival {rng.randint(1, 40)}"]')
            lines.append(f'quotes: [{{text: "{_text(rng, words, 9)}", source: "The Review"}}]')
        if not long and rng.random() < 0.3:
            lines.append(f"screener: https://screeners.example.com/{programme_id}")
            lines.append(f"credits: {{Producer: {rng.choice(NAMES)}}}")
        related = rng.sample([other for other in ids if other != programme_id], rng.randint(0, 3 if long else 6))
        if related:
            lines.append(f"related: [{', '.join(related)}]")
        (sheets / f"{programme_id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
