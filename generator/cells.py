"""Spreadsheet cells as people type them -> the values of programme files.

A cell is text: running times in every notation of the trade (`52'`,
`4 x 52 min`, `1h30`, `01:30:00`), lists split by new lines, semicolons or
commas, press quotes with their source. Each parser returns the value or an
`Invalid` message that says what was expected; range checks are left to the
programme reader, so a cell and a file get the same message.
"""

from __future__ import annotations

import re

from anyascii import anyascii

from .errors import shown
from .fields import Invalid

RUNNING_TIME = "minutes such as 52 or 4 x 52'"
SLUG_CHARS = 80

_APPROX = re.compile(r"^(?:approx(?:imately|\.)?|ca\.?|c\.|circa|about|~)\s*", re.IGNORECASE)
_PRIMES = str.maketrans({"’": "'", "′": "'", "‘": "'", "´": "'", "`": "'", "″": '"', "”": '"', "“": '"'})
_MINUTES = r"(?:'|min(?:ute)?s?\.?|mn|m)"
_PLAIN = re.compile(rf"(\d+)\s*{_MINUTES}?")
_MIN_SEC = re.compile(r"(\d+)\s*(?:'|min)\s*(\d{1,2})\s*(?:\"|''|s|sec)?")
_HOURS = re.compile(rf"(\d+)\s*(?:h|hr|hrs|hours?)\.?\s*(?:(\d{{1,2}})\s*{_MINUTES}?)?")
_DECIMAL_HOURS = re.compile(r"(\d+)[.,](\d+)\s*(?:h|hr|hrs|hours?)\.?")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_SERIES = re.compile(r"(\d+)\s*(?:episodes?|eps?\.?)?\s*[x×*]\s*(.+)", re.IGNORECASE)
_SERIES_REVERSED = re.compile(r"(.+?)\s*[x×*]\s*(\d+)\s*(?:episodes?|eps?\.?)?", re.IGNORECASE)
_ALTERNATIVES = re.compile(r"\s*(?:;|\n|/|\bor\b)\s*", re.IGNORECASE)
_NAME_JOINERS = re.compile(r"\s+(?:&|and)\s+")
_OPENING = "\"“„«'‘"
_CLOSING = "\"”“»'’"
_ATTRIBUTION = re.compile(r"^(?P<text>.*[\"”“»'’])\s*(?:—|–|--|-)\s*(?P<source>[^—–\"”“»]+)$", re.DOTALL)
_LAUREL = re.compile(r"(?P<text>.*\S)\s*\[(?P<image>[^\[\]]+\.(?:jpe?g|png|webp|tiff?|mpo))\]", re.IGNORECASE)
_DASHED = re.compile(r"^(?P<text>.*\S)\s+—\s+(?P<source>[^—]+)$", re.DOTALL)


def parse_minutes(text: str) -> int | Invalid:
    """One running time in minutes: `52`, `52'`, `52 min`, `52'30"`, `1h30`,
    `1 h 30 min`, `1.5 h`, `1:30` (h:mm), `52:30` (mm:ss from 10 up),
    `01:30:00`. Seconds round to the nearest minute, half up."""
    cleaned = _APPROX.sub("", text.strip().translate(_PRIMES)).strip().lower()  # 52 Min, 1H30
    if match := _PLAIN.fullmatch(cleaned):
        return int(match[1])
    if match := _MIN_SEC.fullmatch(cleaned):
        return int(match[1]) + (int(match[2]) >= 30)
    if match := _HOURS.fullmatch(cleaned):
        return int(match[1]) * 60 + int(match[2] or 0)
    if match := _DECIMAL_HOURS.fullmatch(cleaned):
        return round(float(f"{match[1]}.{match[2]}") * 60)
    if match := _CLOCK.fullmatch(cleaned):
        first, second, third = int(match[1]), int(match[2]), match[3]
        if third is not None:
            return first * 60 + second + (int(third) >= 30)
        return first * 60 + second if first < 10 else first + (second >= 30)
    return Invalid(f"expected {RUNNING_TIME}, got {shown(text)}")


def parse_running_time(text: str) -> tuple[int | None, int] | Invalid:
    """Episodes (None when the cell does not say) and minutes of one
    episode: `4 x 52'`, `4×52 min`, `4 episodes x 52`, `52' x 4`, or any
    single running time of `parse_minutes`."""
    cleaned = text.strip().translate(_PRIMES)
    if match := _SERIES.fullmatch(cleaned):
        minutes = parse_minutes(match[2])
        if not isinstance(minutes, Invalid):
            return int(match[1]), minutes
    if match := _SERIES_REVERSED.fullmatch(cleaned):
        minutes = parse_minutes(match[1])
        if not isinstance(minutes, Invalid):
            return int(match[2]), minutes
    minutes = parse_minutes(cleaned)
    if isinstance(minutes, Invalid):
        return Invalid(f"expected {RUNNING_TIME}, got {shown(text)}")
    return None, minutes


def parse_cuts(text: str) -> list[tuple[int | None, int]] | Invalid:
    """Alternative cuts: running times separated by semicolons, new lines,
    slashes or `or` (`1 x 90' or 2 x 52'`)."""
    cuts: list[tuple[int | None, int]] = []
    for part in _ALTERNATIVES.split(text.strip()):
        if not part.strip():
            continue
        cut = parse_running_time(part)
        if isinstance(cut, Invalid):
            return Invalid(f"expected cuts such as 1 x 90' or 2 x 52', got {shown(part.strip())}")
        cuts.append(cut)
    return cuts


def show_running_time(episodes: int | None, minutes: int) -> str:
    return f"{episodes} x {minutes}'" if episodes is not None else f"{minutes}'"


def split_list(text: str, commas: bool = True, names: bool = False) -> list[str]:
    """Items of a list cell: one a line if the cell has several lines, else
    split by semicolons if it has any, else (with `commas`) by commas; with
    `names`, also by `&` and `and` (`Pierre Chabert & Emilie Lob`)."""
    if "\n" in text.strip():
        parts = text.split("\n")
    elif ";" in text:
        parts = text.split(";")
    elif commas:
        parts = text.split(",")
    else:
        parts = [text]
    if names:
        parts = [name for part in parts for name in _NAME_JOINERS.split(part)]
    return [fold(part) for part in parts if part.strip()]


def join_list(items: list[str], commas: bool = True) -> str:
    """A list as one cell that `split_list` reads back into the same items."""
    if commas and not any("," in item or ";" in item for item in items):
        return ", ".join(items)
    if not any(";" in item for item in items):
        return "; ".join(items)
    return "\n".join(items)


def fold(text: str) -> str:
    """Runs of ASCII white space as one space; other spaces (no-break,
    thin) are the programme reader's to judge."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def paragraphs(text: str) -> str:
    """Every line of a multi-line cell as a paragraph, blank lines dropped."""
    return "\n\n".join(fold(line) for line in text.splitlines() if line.strip())


def parse_quote(line: str) -> tuple[str, str | None]:
    """A press quote as `“text” — source`, or the text alone; quotation
    marks around the whole text are removed."""
    source = None
    line = line.strip()
    if match := _ATTRIBUTION.match(line) or _DASHED.match(line):
        line, source = match["text"].strip(), fold(match["source"])
    if len(line) > 1 and line[0] in _OPENING and line[-1] in _CLOSING:
        line = line[1:-1].strip()
    return fold(line), source


def parse_laurel(text: str) -> tuple[str, str | None]:
    """An award and its laurel's image: `CPH:DOX 2023 [laurels/cphdox.png]`."""
    match = _LAUREL.fullmatch(text.strip())
    return (fold(match["text"]), match["image"].strip()) if match else (fold(text), None)


def parse_point(text: str) -> tuple[float, float] | Invalid:
    """A focus point `0.5, 0.3`: fractions of the width and height."""
    parts = re.split(r"[,;\s]+", text.strip())
    try:
        x, y = (float(part) for part in parts)
    except ValueError:
        return Invalid(f"expected a focus point such as 0.5, 0.3 after @, got {shown(text.strip())}")
    if not (0 <= x <= 1 and 0 <= y <= 1):
        return Invalid(f"expected a focus point such as 0.5, 0.3 after @, got {shown(text.strip())}")
    return x, y


def show_quote(text: str, source: str | None) -> str:
    return f"“{text}” — {source}" if source else f"“{text}”"


def slugify(text: str) -> str:
    """An id from a title: transliterated to ASCII (Łódź -> lodz, Россия ->
    rossiya), lower case, words joined by single hyphens, at most 80
    characters (cut at a word)."""
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"['`]", "", anyascii(text).lower())).strip("-")
    if len(slug) > SLUG_CHARS:
        slug = slug[: SLUG_CHARS + 1].rsplit("-", 1)[0]
    return slug
