"""The booklet's content and order: which programmes, in which sections, in
which order, under which title; and selection files, which pick and order a
few programmes for one market or one buyer.

Sections are the programmes' first genres: those the brand lists come first,
in its order, then the others alphabetically, then the programmes without
genres. Within a section, programmes are sorted by title.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .brand import Brand
from .errors import OnesheetError, Problem
from .fields import FieldReader
from .kinds import Field, Ids, Text, read_table
from .load import load_mapping
from .model import Programme, check_references, parse_id
from .text import Labels

SELECTION = (
    Field("title", Text(120, too_long=None), "the booklet's title", "MIPCOM 2026 — Selection", required=True),
    Field("subtitle", Text(), "printed under the title", "Cannes, 19–22 October"),
    Field(
        "programmes", Ids(parse_id), "ids of the programmes, in the booklet's order", ["inside-belarus"], required=True
    ),
)
_LETTERS = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th", "ð": "d"})


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


def sort_key(text: str) -> str:
    """Alphabetical order that files accented letters with their base letter."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def order_catalogue(programmes: tuple[Programme, ...], brand: Brand, labels: Labels) -> Contents:
    """The full catalogue: every programme, filed by its first genre."""
    by_section: dict[str | None, list[Programme]] = {}
    for programme in programmes:
        by_section.setdefault(programme.genres[0] if programme.genres else None, []).append(programme)
    named = [name for name in by_section if name is not None]
    preferred = [name for name in brand.catalogue.sections if name in by_section]
    order: list[str | None] = [*preferred, *sorted((n for n in named if n not in preferred), key=sort_key)]
    if None in by_section:
        order.append(None)
    sections = tuple(
        Section(name or labels.other_programmes, tuple(sorted(by_section[name], key=lambda p: sort_key(p.title))))
        for name in order
    )
    years = [programme.year for programme in programmes]
    title = brand.catalogue.title or " ".join([labels.catalogue, *([str(max(years))] if years else [])])
    return Contents(title, brand.catalogue.subtitle, sections)


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
