"""Text -> the places where a line may break, grapheme clusters, and which
characters need more than one font's simple metrics to print.

One rule set for every script: a line breaks at spaces (a run of spaces
counts as one and disappears at the break), at a zero-width space, at a
soft hyphen (where a hyphen is then drawn), after the hyphen of a compound
word, and between Chinese or Japanese
characters unless the next one may not start a line or the previous one may
not end one (kinsoku shori). Korean, Thai and the scripts written with
spaces break at spaces only. No-break spaces and word joiners hold their
neighbours together. An emergency break inside a word falls between
grapheme clusters, so a mark never leaves its letter.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum
from functools import lru_cache
from typing import NamedTuple

from .chars import HYPHENS, NO_BREAK_SPACES, SOFT_HYPHEN, ZERO_WIDTH_SPACE, one_of

ZWNJ, ZWJ = "\u200c", "\u200d"
_HOLD = frozenset(NO_BREAK_SPACES + "\u2060\ufeff")  # no break on either side: and the word joiners

# Scripts written without spaces between words, broken between characters.
_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\u3100-\u312f\u3190-\u31ff\u3200-\u33ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003ffff"
)
_SPACELESS = f"{_CJK}\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # CJK, Thai, Lao, Myanmar, Khmer
# Characters the fast path (one font, no shaping, breaks at spaces) cannot
# set: combining marks, right-to-left and complex scripts from Hebrew to
# Sinhala, Thai to Mongolian, Hangul and CJK, presentation forms, the
# right-to-left mark, and anything outside the Basic Multilingual Plane.
# The other invisible characters it can: it draws nothing for them.
COMPLEX = one_of(
    "\u0300-\u036f\u0483-\u0489\u0591-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u10ff\u1100-\u11ff"
    "\u1200-\u1dff\u200f\u2028-\u202e\u2061-\u206f\u20d0-\u20ff\u2e80-\ua4ff\ua500-\ufaff"
    "\ufb1d-\ufdff\ufe00-\ufe0f\ufe20-\ufe2f\ufe30-\ufefe\uff00-\uffef\U00010000-\U0010ffff"
)

# Kinsoku shori (JIS X 4051, GB/T 15834): never at the start of a line ...
_NO_START = frozenset(
    ")]}»’”、。，．・：；？！‼⁇⁈⁉）〕］｝〉》」』】〙〗〟｠ゝゞヽヾ々〻ー゠〜～…‥"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    ",.:;?!%‰℃°′″¢％｡､･ｧｨｩｪｫｬｭｮｯｰﾞﾟ"
)
# ... never at the end of one ...
_NO_END = frozenset("([{«‘“（〔［｛〈《「『【〘〖〝｟$£¥#＄￥＃＠")
# ... and never split between two of these (dashes and ellipses in pairs).
_INSEPARABLE = frozenset("—―…‥")


class Glue(Enum):
    """What separates a unit from the one before it."""

    SPACE = " "  # a space, dropped at a break
    NONE = ""  # nothing: between CJK characters, or at a zero-width space
    HYPHEN = SOFT_HYPHEN  # a soft hyphen: nothing, or a hyphen at a break


class Unit(NamedTuple):
    """A stretch of text with no break inside, and what comes before it."""

    start: int
    end: int
    glue: Glue


def normalise(text: str) -> str:
    """Runs of spaces as one space, none at either end (as lines are drawn)."""
    if "  " not in text and not text.startswith(" ") and not text.endswith(" "):
        return text
    return " ".join(part for part in text.split(" ") if part)


def units(text: str) -> tuple[Unit, ...]:
    """The unbreakable stretches of a normalised paragraph, in order."""
    return _units(text)


_SEPARATORS = {" ": Glue.SPACE, SOFT_HYPHEN: Glue.HYPHEN, ZERO_WIDTH_SPACE: Glue.NONE}
_GLUE_RANK = {Glue.NONE: 0, Glue.HYPHEN: 1, Glue.SPACE: 2}  # in a run of separators, a space wins


@lru_cache(maxsize=4096)
def _units(text: str) -> tuple[Unit, ...]:
    found: list[Unit] = []
    start: int | None = None
    glue = Glue.NONE
    inside = {i for match in _BREAKS_INSIDE.finditer(text) for i in match.span()}  # where _breaks_before may
    for index, char in enumerate(text):
        separator = _SEPARATORS.get(char)
        if separator is not None:
            if start is not None:
                found.append(Unit(start, index, glue))
                start, glue = None, separator
            elif _GLUE_RANK[separator] > _GLUE_RANK[glue]:
                glue = separator
            continue
        if start is not None and index in inside and _breaks_before(text, index):
            found.append(Unit(start, index, glue))
            start, glue = None, Glue.NONE
        if start is None:
            start = index
    if start is not None:
        found.append(Unit(start, len(text), glue))
    return tuple(found)


_BREAKS_INSIDE = re.compile(f"[{re.escape(HYPHENS)}{_CJK}]")  # the characters a break comes after or before


def _breaks_before(text: str, index: int) -> bool:
    """Whether a line may break between two characters that are not
    separators: between CJK characters, as kinsoku allows."""
    char, previous = text[index], text[index - 1]
    if char in _HOLD or previous in _HOLD or not cluster_starts(text)[index]:
        return False
    if previous in HYPHENS and index > 1 and text[index - 2].isalpha() and char.isalpha():
        return True  # after the hyphen of a compound word: well-/known
    if not (_is_cjk(char) or _is_cjk(previous)):
        return False
    if char in _NO_START or previous in _NO_END:
        return False
    return not (char == previous and char in _INSEPARABLE)


def _is_cjk(char: str) -> bool:
    """Whether `char` is Chinese, Japanese or Korean: one of _BREAKS_INSIDE
    other than a hyphen."""
    return char not in HYPHENS and _BREAKS_INSIDE.match(char) is not None


def spaceless(text: str) -> bool:
    """Whether `text` is mostly in a script written without spaces (CJK,
    Thai...), so that its length is counted in characters, not words."""
    letters = sum(1 for char in text if char.isalpha())
    return letters > 0 and len(one_of(_SPACELESS).findall(text)) * 2 > letters


def graphemes(text: str) -> list[str]:
    """The grapheme clusters of `text`."""
    starts = cluster_starts(text)
    bounds = [i for i, start in enumerate(starts) if start] + [len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


_MARKS = frozenset({"Mn", "Mc", "Me"})  # every character of a combining class (viramas too) is one
# what else joins a cluster: joiners, variation selectors, skin tones, regional indicators
_CLUSTERING = re.compile("[\u200c\u200d\ufe00-\ufe0f\U000e0100-\U000e01ef\U0001f3fb-\U0001f3ff\U0001f1e6-\U0001f1ff]")


@lru_cache(maxsize=4096)
def cluster_starts(text: str) -> tuple[bool, ...]:
    """For each character, whether a grapheme cluster starts there: marks,
    joiners and variation selectors stay with what they follow, a virama
    with the consonant after it, a regional indicator with its pair."""
    if _MARKS.isdisjoint(map(unicodedata.category, text)) and _CLUSTERING.search(text) is None:
        return (True,) * len(text)  # nothing that joins: a cluster a character
    starts: list[bool] = []
    regional = 0
    for index, char in enumerate(text):
        code = ord(char)
        start = index == 0 or not _extends(char)
        if index > 0 and start:
            previous = text[index - 1]
            if previous == ZWJ:
                start = False
            elif unicodedata.combining(previous) == 9 and unicodedata.category(char) == "Lo":  # conjunct
                start = False
            elif 0x1F1E6 <= code <= 0x1F1FF and regional % 2 == 1:
                start = False
        regional = regional + 1 if 0x1F1E6 <= code <= 0x1F1FF else 0
        starts.append(start)
    return tuple(starts)


def _extends(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Mc", "Me")
        or char in (ZWJ, ZWNJ)
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or 0x1F3FB <= code <= 0x1F3FF
    )
