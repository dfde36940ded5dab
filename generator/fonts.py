"""TrueType files -> fonts registered with reportlab, loaded once per process,
and the check that they can draw every character they are given.

reportlab embeds TrueType fonts as subsets with a ToUnicode map, so every
script they cover prints with real glyphs and extracts as real text.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from . import chars

BUNDLED = Path(__file__).parent / "fonts"
STYLES = ("regular", "bold", "italic", "bold_italic")
T = TypeVar("T")


class FontError(ValueError):
    """A font file that cannot be used; the message says why."""


_TRUNCATED = "is truncated or damaged; copy or export it again"


@dataclass(frozen=True)
class Styles(Generic[T]):
    """One thing per style of a family: its font files, or its loaded faces."""

    regular: T
    bold: T
    italic: T
    bold_italic: T

    def style(self, style: str) -> T:
        value: T = getattr(self, style)
        return value


FontFamily = Styles[Path]


DEFAULT_HEADING = FontFamily(
    *(BUNDLED / f"RobotoCondensed-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic"))
)
DEFAULT_BODY = FontFamily(*(BUNDLED / f"Lato-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")))


@dataclass(frozen=True)
class Face:
    """A registered font: the name reportlab knows it by, and its characters."""

    name: str
    label: str
    codepoints: frozenset[int]

    def missing(self, text: str) -> list[str]:
        """Characters of `text` this face cannot draw, in order, once each
        (invisible characters are never drawn, so never missing)."""
        seen: dict[str, None] = {}
        for char in self.drawable(chars.visible(text)):
            if ord(char) not in self.codepoints and char not in "\n\t" and char not in seen:
                seen[char] = None
        return list(seen)

    def drawable(self, text: str) -> str:
        """`text` with the no-break spaces this face lacks (narrow, figure)
        drawn as the plain no-break space, or a space."""
        if not any(char in chars.NO_BREAK_SPACES for char in text):
            return text
        stand_in = "\u00a0" if 0xA0 in self.codepoints else " "
        return "".join(stand_in if char in chars.NO_BREAK_SPACES and ord(char) not in self.codepoints else char
                       for char in text)  # fmt: skip

    def width(self, text: str, size_pt: float) -> float:
        return float(pdfmetrics.stringWidth(text, self.name, size_pt))


def load_face(path: Path) -> Face:
    """Register the TrueType font at `path` (once per process and content)."""
    stat = path.stat()
    return _load(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _load(path: Path, size: int, mtime_ns: int) -> Face:
    data = path.read_bytes()
    name = f"{path.stem}-{hashlib.sha256(data).hexdigest()[:8]}"
    if data[:4] == b"OTTO":
        raise FontError(
            "is an OpenType font with PostScript outlines (CFF), which cannot be embedded; use its .ttf version"
        )
    try:
        font = TTFont(name, str(path))
    except (TTFError, OSError, ValueError, KeyError, IndexError) as exc:
        raise FontError(f"cannot be read as a TrueType font ({exc})") from None
    except struct.error:  # a table cut short
        raise FontError(_TRUNCATED) from None
    if any(table["offset"] + table["length"] > len(data) for table in font.face.table.values()):
        raise FontError(_TRUNCATED)
    pdfmetrics.registerFont(font)
    label = font.face.name.decode("latin-1") if isinstance(font.face.name, bytes) else str(font.face.name)
    return Face(name, label, frozenset(font.face.charToGlyph))


Faces = Styles[Face]


def load_family(family: FontFamily) -> Faces:
    return Styles(*(load_face(family.style(style)) for style in STYLES))
