"""A synthetic catalogue of N programmes with the mix of a real one.

Every programme has its own key art (see `pictures.py`). Synopses are mostly
150-400 words, some short, a few long (some too long for one page: the
benchmark shortens those as a user would); 0 to 6 related titles; original
titles in Latin, Cyrillic and Greek scripts; credits, awards, press quotes,
screeners, formats, rights, alternative cuts and status on some. Text is cut
from `corpus.txt` (the sample catalogue's own synopses), so it reads and
wraps like real prose.

Programme number i is the same in every catalogue made with one seed (its
related titles aside, which must exist in the catalogue), so the catalogues
of 50, 300 and 1,000 programmes grow from the same start.
"""

from __future__ import annotations

import copy
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pictures import cached_pictures, flattened, link, plan_picture

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).with_name("corpus.txt")

GENRES = ["Current Affairs", "Politics", "Society", "History", "Nature & Science", "Culture", "Investigation",
          "True Crime", "Arts", "Travel"]  # fmt: skip
ORIGINAL_TITLES = {
    "latin": ["Les derniers glaciers", "Lupii din Carpați", "Łódź, miasto kina", "Íslendingasögur", "Nuits blanches",
              "Die Stille nach dem Sturm", "La memoria del agua", "Vento do Norte", "Żelazna kurtyna"],
    "cyrillic": ["Тайны Севера", "Последний поезд", "Голоса степи", "Повернення додому", "Зимний город"],
    "greek": ["Το τελευταίο νησί", "Φωνές της θάλασσας", "Οι φύλακες της ελιάς", "Ο δρόμος του μεταξιού"],
}  # fmt: skip
NAMES = ["Claire Vasseur", "Jonas Huber", "Ioana Țepeș", "Nikos Papadakis", "Hélène Dubois", "Sofia Lindgren",
         "Marek Nowak", "Aleksandra Petrović", "Tomás Ó Briain", "Ana Beatriz Souza", "Yusuf Demir", "Léa Marchetti",
         "Olga Sørensen", "Pierre-Yves Lefèvre", "Eszter Kovács", "Dmitri Volkov"]  # fmt: skip
COMPANIES = ["Lanterna Productions", "Nord Ouest Films", "Camera Obscura GmbH", "Babel Doc", "Studio Kinetik",
             "Aurora Pictures & Lanterna Docs", "Film Factory Baltic", "Les Films du Réel Ouvert"]  # fmt: skip
COUNTRIES = ["France", "Germany", "France / Germany", "Belgium", "Poland", "Romania", "Greece", "Norway",
             "United Kingdom", "Canada / France", "Mexico / France", "Ukraine"]  # fmt: skip
VERSIONS = ["ENG", "FRA", "DEU", "ESP", "ITA", "POL", "RUS", "UKR", "ELL", "POR"]
FORMATS = [["HD"], ["HD", "Stereo"], ["4K", "5.1"], ["4K HDR", "5.1"], ["HD", "5.1"], ["UHD", "Dolby Atmos"]]
STATUSES = ["New", "In production", "Delivery spring 2027", "Premiere", "Coming soon"]
FESTIVALS = ["Visions du Réel", "CPH:DOX", "Hot Docs", "IDFA", "Sheffield DocFest", "DOK Leipzig", "FIPADOC",
             "Docs Against Gravity", "Thessaloniki Documentary Festival", "Doclisboa"]  # fmt: skip
PRIZES = ["Official Selection", "Best Documentary", "Audience Award", "Special Jury Mention", "Nominee"]
PAPERS = ["The Screen Weekly", "Documentary Quarterly", "La Gazette des Écrans", "Die Filmwoche", "Realscreen"]
ROLES = ["Producer", "Writer", "Narrator", "Music", "Editor", "Director of Photography", "Co-producer"]
RECENT_YEARS = [2018, 2019, 2020, 2021, 2022, 2023, 2023, 2024, 2024, 2025, 2025, 2026]  # and one older, as likely
RIGHTS = ["Worldwide", "Worldwide excluding France", "Worldwide excluding German-speaking territories",
          "All rights, all territories except Benelux", "Europe, North America"]  # fmt: skip

BRAND = {
    "name": "Lanterna Docs International",
    "logo": "images/logo.png",
    "colors": {
        "primary": {"rgb": "#1F3A4D", "cmyk": [85, 55, 35, 40]},
        "accent": {"rgb": "#E07A2E", "cmyk": [5, 62, 90, 0]},
        "text": {"rgb": "#1A1A1A", "cmyk": [0, 0, 0, 95]},
    },
    "contacts": [
        {"name": "Élodie Marchand", "role": "Head of Sales", "email": "elodie@example.com",
         "phone": "+33 1 99 00 12 34"},
        {"name": "Jonas Weber", "role": "Sales – Germany, Nordics & CEE", "email": "jonas@example.com",
         "phone": "+49 30 9900 1234"},
    ],
    "website": "https://www.example.com",
    "address": "12 passage des Archives\n75003 Paris, France",
    "page_size": "A4",
    "catalogue": {"subtitle": "Documentaries, series and current affairs for broadcasters and platforms",
                  "sections": ["Current Affairs", "Politics", "Society", "History", "Nature & Science", "Culture"]},
}  # fmt: skip
ACCENT = BRAND["colors"]["accent"]["rgb"]  # type: ignore[index]
OTHER_ACCENT = "#C0392B"


@dataclass
class Synthetic:
    """A catalogue folder (sheets/, assets/) and the fields of each
    programme as written, to edit and write again."""

    folder: Path
    programmes: dict[str, dict[str, Any]]
    brand: dict[str, Any]

    @property
    def sheets(self) -> Path:
        return self.folder / "sheets"

    @property
    def assets(self) -> Path:
        return self.folder / "assets"

    def write(self, programme_id: str) -> None:
        text = _dump(self.programmes[programme_id])
        (self.sheets / f"{programme_id}.yaml").write_text(text, encoding="utf-8")

    def write_brand(self) -> None:
        (self.assets / "brand.yaml").write_text(_dump(self.brand), encoding="utf-8")

    def shorten(self, programme_id: str, words: int) -> None:
        """Keep the first `words` words of the synopsis, in its paragraphs."""
        fields = self.programmes[programme_id]
        kept, left = [], max(12, words)
        for paragraph in fields["synopsis"].split("\n\n"):
            parts = paragraph.split()
            if left <= 0:
                break
            kept.append(" ".join(parts[:left]).rstrip(",;:") + ("" if len(parts) <= left else "."))
            left -= len(parts)
        fields["synopsis"] = "\n\n".join(kept) + "\n"
        self.write(programme_id)

    def lighten(self, programme_id: str) -> None:
        """Drop the extras of a side column that is too tall on its own."""
        fields = self.programmes[programme_id]
        for name in ("credits", "awards", "quotes", "cuts", "rights"):
            fields.pop(name, None)
        fields["related"] = fields.get("related", [])[:2]
        if not fields["related"]:
            del fields["related"]
        self.write(programme_id)


def make_catalogue(folder: Path, count: int, pictures: Path, seed: int = 7, alpha: bool = True) -> Synthetic:
    """Write sheets/ and assets/ (brand, logo, key art linked from the
    `pictures` cache) for `count` programmes into `folder`; without `alpha`,
    transparent key art is flattened on white."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "sheets").mkdir(parents=True)
    images = folder / "assets" / "images"
    images.mkdir(parents=True)
    logo = ROOT / "assets" / "images" / "logo.png"
    brand = copy.deepcopy(BRAND)
    if logo.exists():
        shutil.copy(logo, images / "logo.png")
    else:
        del brand["logo"]
    plans = [plan_picture(number, seed) for number in range(count)]
    files = cached_pictures(plans, pictures)
    corpus = Corpus(CORPUS.read_text(encoding="utf-8"))
    ids = [f"programme-{number:04d}" for number in range(count)]
    programmes: dict[str, dict[str, Any]] = {}
    for number, programme_id in enumerate(ids):
        plan = plans[number]
        art = f"images/{programme_id}{plan.suffix}"
        source = files[number]
        link(source if alpha or plan.kind != "rgba-png" else flattened(source), folder / "assets" / art)
        rng = random.Random(f"{seed}:programme:{number}")
        programmes[programme_id] = _programme(rng, corpus, art)
        others = [other for other in ids if other != programme_id]
        related = rng.choice([0, 0, 1, 2, 2, 3, 3, 3, 4, 5, 6])
        if related:
            programmes[programme_id]["related"] = random.Random(f"{seed}:related:{number}:{count}").sample(
                others, min(related, len(others))
            )
    synthetic = Synthetic(folder, programmes, brand)
    synthetic.write_brand()
    for programme_id in ids:
        synthetic.write(programme_id)
    return synthetic


def _programme(rng: random.Random, corpus: Corpus, art: str) -> dict[str, Any]:
    """One programme's fields, in the order a distributor writes them."""
    roll = rng.random()
    length = (
        rng.randint(30, 90) if roll < 0.12
        else rng.randint(150, 400) if roll < 0.82
        else rng.randint(400, 520) if roll < 0.95
        else rng.randint(520, 650)
    )  # fmt: skip
    paragraphs, left = [], length
    while left > 0:
        size = min(left, rng.randint(50, 130))
        paragraphs.append(corpus.text(rng, size))
        left -= size
    title = corpus.title(rng, rng.randint(1, 6))
    if rng.random() < 0.2:
        title += ": " + corpus.title(rng, rng.randint(2, 5))
    fields: dict[str, Any] = {
        "title": title[:120],
        "logline": corpus.text(rng, rng.randint(14, 40))[:300],
        "synopsis": "\n\n".join(paragraphs) + "\n",
        "year": rng.choice([*RECENT_YEARS, rng.randint(1995, 2017)]),
        "duration": rng.choice([26, 44, 52, 52, 52, 52, 52, 60, 75, 90, 100]),
    }  # fmt: skip
    if rng.random() < 0.25:
        fields["episodes"] = rng.choice([2, 3, 4, 6, 8, 10, 13])
    if rng.random() < 0.1:
        fields["cuts"] = [{"episodes": 1, "duration": rng.choice([75, 90, 100])}]
    if rng.random() < 0.8:
        fields["production"] = rng.choice(COMPANIES)
    if rng.random() < 0.95:
        fields["directors"] = rng.sample(NAMES, rng.choice([1, 1, 1, 2, 2, 3]))
    if rng.random() < 0.9:
        fields["versions"] = rng.sample(VERSIONS, rng.randint(1, 5))
    if rng.random() < 0.95:
        fields["country"] = rng.choice(COUNTRIES)
    if rng.random() < 0.9:
        fields["genres"] = rng.sample(GENRES, rng.choice([1, 1, 2, 2, 3]))
    fields["key_art"] = art
    if rng.random() < 0.4:
        fields["original_title"] = rng.choice(ORIGINAL_TITLES[rng.choice(["latin", "latin", "cyrillic", "greek"])])
    if rng.random() < 0.5:
        fields["formats"] = rng.choice(FORMATS)
    if rng.random() < 0.15:
        fields["status"] = rng.choice(STATUSES)
    if rng.random() < 0.2:
        fields["awards"] = [
            f"{rng.choice(PRIZES)}, {festival} {rng.randint(2019, 2026)}"
            for festival in rng.sample(FESTIVALS, rng.choice([1, 1, 2, 3, 4]))
        ]
    if rng.random() < 0.15:
        fields["quotes"] = [
            {"text": corpus.text(rng, rng.randint(6, 18)), "source": rng.choice(PAPERS)}
            for _ in range(rng.choice([1, 1, 2]))
        ]
    if rng.random() < 0.3:
        fields["screener"] = f"https://screeners.example.com/{rng.randrange(10**6):06d}?key={rng.randrange(16**8):08x}"
    if rng.random() < 0.35:
        roles = rng.sample(ROLES, rng.randint(1, 4))
        fields["credits"] = {role: rng.choice(NAMES) for role in roles}
    if rng.random() < 0.25:
        fields["rights"] = rng.choice(RIGHTS)
    return fields


class Corpus:
    """Words of real prose, to cut text from."""

    def __init__(self, text: str) -> None:
        self.words = text.split()
        self.starts = [i for i in range(len(self.words)) if i == 0 or self.words[i - 1].endswith(".")]

    def text(self, rng: random.Random, count: int) -> str:
        """`count` consecutive words from the start of a sentence, ended
        with a full stop."""
        start = rng.choice(self.starts)
        chosen = [self.words[(start + i) % len(self.words)] for i in range(count)]
        return " ".join(chosen).rstrip(",;:.—–-") + "."

    def title(self, rng: random.Random, count: int) -> str:
        """`count` consecutive words from anywhere, in title case."""
        start = rng.randrange(len(self.words))
        chosen = [self.words[(start + i) % len(self.words)].strip(',;:.—–-()“”"') for i in range(count)]
        return " ".join(word[:1].upper() + word[1:] for word in chosen if word) or "Untitled"


class _Dumper(yaml.SafeDumper):
    """Multi-line text as a literal block, as people write synopses."""


def _literal(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _literal)


def _dump(fields: dict[str, Any]) -> str:
    return yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
