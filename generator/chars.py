"""What characters mean on the page: the one place that says which are
invisible, which break lines, which hold words together and which are
refused.

Text pasted from web pages and word processors carries characters no editor
shows. The contract keeps them with their meaning: a soft hyphen is a place
where a word may be hyphenated, a zero-width space a place where a line may
break, no-break spaces and the word joiner hold words together, joiners and
direction marks guide shaping. Only the bidirectional embedding, override
and isolate controls are refused: they can make printed text read
differently from the file.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

SOFT_HYPHEN = "\u00ad"
ZERO_WIDTH_SPACE = "\u200b"
HYPHEN = "-"
HYPHENS = "-\u2010"  # hyphen-minus and hyphen: a line may break after them
NO_BREAK_SPACES = "\u00a0\u2007\u202f"  # no-break, figure and narrow no-break space
# U+202A-U+202E (embeddings, overrides, pop) and U+2066-U+2069 (isolates)
REFUSED = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Default-ignorable code points (Unicode's DerivedCoreProperties): kept in the
# text, never drawn as glyphs. Soft hyphens and zero-width spaces are among
# them: line breaking gives them their meaning before they are dropped; the
# joiners, direction marks and variation selectors belong to the character
# before them.
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)  # fmt: skip
INVISIBLE = frozenset(chr(code) for first, last in _IGNORABLE_RANGES for code in range(first, last + 1))
_DROP_INVISIBLE = str.maketrans(dict.fromkeys(map(ord, INVISIBLE)))
# Characters no reader sees in a value that must be typed exactly (a link, an
# e-mail address): controls, format characters, line and paragraph separators.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # category Cc, less tab and line ends
# White space that may break a line; folded into one space. No-break spaces are not among them.
BREAKING_SPACE = re.compile("[ \t\n\r\f\v\x85\u1680\u2000-\u2006\u2008-\u200a\u2028\u205f\u3000]+")
PARAGRAPH = re.compile("\n[ \t\r\u00a0]*\n|\u2029")
BYTE_ORDER_MARK = "\ufeff"


@cache
def one_of(spans: str) -> re.Pattern[str]:
    """A pattern of one character of `spans`: characters and first-last
    ranges, as between the brackets of a class, with no escape and no
    hyphen of their own. re compiles a class in a step for each character
    it holds below U+10000 (9 ms for the 60,000 of segment.COMPLEX, in every
    process), so a large one is compiled as the class of the characters it
    leaves out, which matches the same as fast. Made once, when first asked
    for: a class that only some texts need costs nothing to the others."""
    ranges: list[tuple[int, int]] = []
    index = 0
    while index < len(spans):
        if spans[index + 1 : index + 2] == "-" and index + 2 < len(spans):
            ranges.append((ord(spans[index]), ord(spans[index + 2])))
            index += 3
        else:
            ranges.append((ord(spans[index]), ord(spans[index])))
            index += 1
    left_out: list[tuple[int, int]] = []
    start = 0
    for first, last in sorted(ranges):
        if first > start:
            left_out.append((start, first - 1))
        start = max(start, last + 1)
    if start <= sys.maxunicode:
        left_out.append((start, sys.maxunicode))
    if left_out and _below_astral(left_out) < _below_astral(ranges):
        return re.compile("[^" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in left_out) + "]")
    return re.compile(f"[{spans}]")


def _below_astral(ranges: list[tuple[int, int]]) -> int:
    """How many characters the ranges hold below U+10000."""
    return sum(max(0, min(last, 0xFFFF) - first + 1) for first, last in ranges)


_CONTROL_NAMES = (
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY", "ACKNOWLEDGE",
    "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION", "FORM FEED", "CARRIAGE RETURN",
    "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL",
    "END OF MEDIUM", "SUBSTITUTE", "ESCAPE", "FILE SEPARATOR", "GROUP SEPARATOR", "RECORD SEPARATOR",
    "UNIT SEPARATOR",
)  # fmt: skip


def name(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`, for messages (control characters,
    which Unicode leaves unnamed, by their ASCII names)."""
    code = ord(char)
    fallback = _CONTROL_NAMES[code] if code < 0x20 else "DELETE" if code == 0x7F else "control character"
    return f"U+{code:04X} {unicodedata.name(char, fallback)}"


def clean(text: str) -> str:
    """Text as typed, in composed form (NFC: an accent typed as a separate
    mark becomes one letter), without stray byte-order marks."""
    return unicodedata.normalize("NFC", text.replace(BYTE_ORDER_MARK, ""))


def fold(text: str) -> str:
    """Runs of breaking white space as one space, none at the ends."""
    return BREAKING_SPACE.sub(" ", text).strip(" ")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text (blank lines or U+2029 between them), each folded."""
    return [folded for block in PARAGRAPH.split(text) if (folded := fold(block))]


def visible(text: str) -> str:
    """The text as drawn: default-ignorable characters removed."""
    return text.translate(_DROP_INVISIBLE)


def hidden(char: str) -> bool:
    """Whether `char` is one of the HIDDEN_CATEGORIES."""
    return unicodedata.category(char) in HIDDEN_CATEGORIES
