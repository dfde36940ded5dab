"""The booklet's content and order: which programmes, in which sections, in
which order, under which title; and selection files, which pick and order a
few programmes for one market or one buyer.

Sections are the programmes' first genres: those the brand lists come first,
in its order, then the others alphabetically, then the programmes without
genres. Within a section, programmes are sorted by title.

Alphabetical order is the language's: accents and ligatures sort with their
letter (German Ä with A, as DIN 5007-1 files it; French Œ as OE), except the
letters a language counts as letters of their own (Spanish Ñ after N,
Swedish Å Ä Ö after Z), which a small table lists. No collation library is
needed for that.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .brand import CatalogueStyle
from .errors import OnesheetError, Problem
from .fields import FieldReader
from .kinds import Field, Ids, Text, read_table
from .load import load_mapping
from .model import Programme, check_references, parse_id
from .text import Labels, fill

SELECTION = (
    Field("title", Text(120, too_long=None), "the booklet's title", "MIPCOM 2026 — Selection", required=True),
    Field("subtitle", Text(), "printed under the title", "Cannes, 19–22 October"),
    Field(
        "programmes", Ids(parse_id), "ids of the programmes, in the booklet's order", ["inside-belarus"], required=True
    ),
)
_LETTERS = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th", "ð": "d"})
# Letters of their own, each after the letter it follows in the alphabet, in order.
_NORDIC = "æ>z ø>z å>z"
_OWN_LETTERS = {
    "es": "ñ>n",
    "sv": "å>z ä>z ö>z", "fi": "å>z ä>z ö>z",
    "da": _NORDIC, "nb": _NORDIC, "nn": _NORDIC, "no": _NORDIC,
    "is": "á>a ð>d é>e í>i ó>o ú>u ý>y þ>z æ>z ö>z",
    "pl": "ą>a ć>c ę>e ł>l ń>n ó>o ś>s ź>z ż>z",
    "cs": "č>c ř>r š>s ž>z", "sk": "ä>a č>c ô>o š>s ž>z",
    "hr": "č>c ć>c đ>d š>s ž>z", "sl": "č>c š>s ž>z",
    "ro": "ă>a â>a î>i ș>s ț>t",
    "tr": "ç>c ğ>g ı>h ö>o ş>s ü>u",
    "hu": "ö>o ő>o ü>u ű>u",
    "et": "š>s ž>z õ>w ä>w ö>w ü>w",
    "lt": "č>c š>s ž>z", "lv": "č>c ģ>g ķ>k ļ>l ņ>n š>s ž>z",
}  # fmt: skip


@dataclass(frozen=True)
class Section:
    name: str | None  # None: a selection, listed without section headings
    programmes: tuple[Programme, ...]


@dataclass(frozen=True)
class Contents:
    """What a booklet holds, in order, before it is paginated."""

    title: str
    subtitle: str | None
    sections: tuple[Section, ...]

    @property
    def programmes(self) -> tuple[Programme, ...]:
        return tuple(programme for section in self.sections for programme in section.programmes)


@dataclass(frozen=True)
class Selection:
    path: Path
    title: str
    subtitle: str | None
    ids: tuple[tuple[str, int], ...]  # with the line of each


def sort_key(text: str, language: str = "en") -> str:
    """Alphabetical order in `language`: accented letters with their base
    letter, letters of their own after the letter they follow, punctuation
    left out (`L’Hiver` as `lhiver`)."""
    folded = text.casefold()
    own = _own_letters(language.split("-")[0])
    if own:
        folded = "".join(own.get(char, char) for char in folded)
    decomposed = unicodedata.normalize("NFKD", folded.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c)[0] != "P")


def initial(text: str, language: str = "en") -> str:
    """The letter an index files a title under: the first of its sort key
    (Ä under A in German, Œ under O), or a letter of the language's own
    (Ñ in Spanish, Å in Swedish)."""
    first = next((char for char in text.casefold() if char.isalnum()), "")
    if first in _own_letters(language.split("-")[0]):
        return first.upper()
    return next((char for char in sort_key(text, language) if char.isalnum()), "").upper()


@lru_cache(maxsize=32)
def _own_letters(language: str) -> dict[str, str]:
    """Each letter of its own -> its sort key: the letter it follows and a
    private-use character that ranks it after every other letter there."""
    own: dict[str, str] = {}
    for rank, pair in enumerate(_OWN_LETTERS.get(language, "").split(), start=1):
        letter, after = pair.split(">")
        own[letter] = after + chr(0xF0000 + rank)
    return own


def order_catalogue(
    programmes: tuple[Programme, ...], style: CatalogueStyle, labels: Labels, language: str = "en"
) -> Contents:
    """The full catalogue in `language` (`style` and the programmes in that
    language): every programme, filed by its first genre."""
    by_section: dict[str | None, list[Programme]] = {}
    for programme in programmes:
        by_section.setdefault(programme.genres[0] if programme.genres else None, []).append(programme)
    named = [name for name in by_section if name is not None]
    preferred = [name for name in style.sections if name in by_section]
    others = sorted((name for name in named if name not in preferred), key=lambda name: sort_key(name, language))
    order: list[str | None] = [*preferred, *others]
    if None in by_section:
        order.append(None)
    sections = tuple(
        Section(
            name or labels.other_programmes,
            tuple(sorted(by_section[name], key=lambda p: sort_key(p.title, language))),
        )
        for name in order
    )
    years = [programme.year for programme in programmes]
    title = style.title or fill(labels.catalogue_title, year=max(years) if years else "").strip()
    return Contents(title, style.subtitle, sections)


def read_selection(path: Path) -> Selection:
    """Read a selection file: title, optional subtitle, ordered programme ids."""
    problems: list[Problem] = []
    mapping = load_mapping(path, "title: and programmes: [id, ...]", problems)
    reader = FieldReader(path, mapping, problems, (f.name for f in SELECTION))
    values = read_table(reader, SELECTION, path.parent)
    title, subtitle, ids = values["title"], values["subtitle"], values["programmes"]
    if not ids and reader.entry("programmes", False, "") is not None:
        reader.problem(reader.line("programmes"), "programmes", "the selection lists no programme")
    if problems or not isinstance(title, str):
        raise OnesheetError(problems)
    return Selection(path, title, subtitle, ids)  # type: ignore[arg-type]


def select(selection: Selection, programmes: dict[str, Programme], known: list[str]) -> Contents:
    """The booklet of a selection, in its order; unknown ids are errors."""
    problems = check_references(
        selection.path,
        "programmes",
        selection.ids,
        known,
        programmes,
        "has errors (see its file); fix them to include it",
    )
    if problems:
        raise OnesheetError(problems)
    chosen = tuple(programmes[pid] for pid, _ in selection.ids)
    return Contents(selection.title, selection.subtitle, (Section(None, chosen),))
