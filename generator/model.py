"""Programme files -> validated, frozen `Programme` records, and the checks
that need the whole catalogue (ids, duplicate files, related titles).

Every programme is read and checked before anything is drawn, because a
sheet prints the titles of the programmes it relates to.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OnesheetError, Problem, did_you_mean, shown
from .fields import (
    FieldReader,
    Invalid,
    parse_image,
    parse_integer,
    parse_language,
    parse_record,
    parse_short,
    parse_texts,
)  # fmt: skip
from .images import ImageInfo
from .load import Mapping, Node, Scalar, Sequence, describe, load_mapping

PROGRAMME_FIELDS = (
    "title", "logline", "synopsis", "year", "duration", "episodes", "production", "directors", "versions",
    "country", "genres", "key_art", "related", "original_title", "formats", "status", "awards", "quotes",
    "screener", "credits", "cuts", "rights", "short_synopsis", "url", "trailer", "original_language",
)  # fmt: skip
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SUFFIXES = (".yaml", ".yml")
ID_CHARS = 100  # so that every file named after an id, temporaries too, fits the shortest name limits (143 bytes)
TITLE_CHARS = 120
LOGLINE_CHARS = 300
SYNOPSIS_CHARS = 100_000  # a sanity limit: a page holds about 4,500
SYNOPSIS_TOO_LONG = "many pages' worth; a sheet holds about 600 words: shorten it"


@dataclass(frozen=True)
class Quote:
    text: str
    source: str | None = None


@dataclass(frozen=True)
class Cut:
    duration: int
    episodes: int = 1


@dataclass(frozen=True)
class Credit:
    role: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Award:
    """A festival selection or prize; `laurel` is the festival's badge."""

    text: str
    laurel: ImageInfo | None = None


@dataclass(frozen=True)
class Listing:
    """What another sheet prints about a programme it relates to."""

    id: str
    title: str
    logline: str
    key_art: ImageInfo | None = None  # a thumbnail beside the title, where there is room
    focus: tuple[float, float] | None = None


@dataclass(frozen=True)
class Programme:
    id: str
    path: Path
    title: str
    logline: str
    synopsis: tuple[str, ...]  # paragraphs
    year: int
    duration: int
    episodes: int = 1
    production: str | None = None
    directors: tuple[str, ...] = ()
    versions: tuple[str, ...] = ()
    country: str | None = None
    genres: tuple[str, ...] = ()
    key_art: ImageInfo | None = None
    related: tuple[str, ...] = ()
    original_title: str | None = None
    formats: tuple[str, ...] = ()
    status: str | None = None
    awards: tuple[Award, ...] = ()
    quotes: tuple[Quote, ...] = ()
    screener: str | None = None
    credits: tuple[Credit, ...] = ()
    cuts: tuple[Cut, ...] = ()
    rights: str | None = None
    short_synopsis: tuple[str, ...] = ()  # paragraphs
    url: str | None = None
    trailer: str | None = None
    original_language: str | None = None
    focus: tuple[float, float] | None = None  # the point of the key art any crop keeps in view
    lines: MappingType[str, int] = field(default_factory=dict, compare=False, repr=False)
    digest: str = field(default="", compare=False, repr=False)  # of the file's bytes, for rebuild keys

    def line(self, name: str) -> int | None:
        """The line a field (or `related.N`, its Nth item) was written on."""
        return self.lines.get(name, self.lines.get(name.split(".")[0]))

    @property
    def listing(self) -> Listing:
        return Listing(self.id, self.title, self.logline, self.key_art, self.focus)


@dataclass(frozen=True)
class Reading:
    """What one file yielded: the programme if it is valid, its listing if
    title and logline are, and its related ids with their lines either way
    (so they are checked even in a file with other problems)."""

    path: Path
    programme: Programme | None
    listing: Listing | None
    related: tuple[tuple[str, int], ...]
    problems: list[Problem]


@dataclass(frozen=True)
class Catalogue:
    """Every programme file of a folder: the valid programmes (by id), what
    related lists may print about every readable file, and all problems."""

    programmes: tuple[Programme, ...]
    listings: MappingType[str, Listing]
    problems: tuple[Problem, ...]
    failed: tuple[Path, ...]  # files with at least one problem

    def by_id(self) -> dict[str, Programme]:
        return {programme.id: programme for programme in self.programmes}

    @property
    def ids(self) -> list[str]:
        """The id of every programme file, valid or not."""
        return sorted({p.id for p in self.programmes} | {path.stem for path in self.failed})


def programme_files(sheets: Path) -> list[Path]:
    """Every entry of a folder named as a programme file (.yaml or .yml, in
    any case), sorted by name, whatever it is: a broken link or a folder is
    reported, not skipped. Hidden files are left out, such as the `._x.yaml`
    that macOS writes beside files copied to other disks, or editors' locks."""
    return sorted(
        path for path in sheets.iterdir() if path.suffix.lower() in SUFFIXES and not path.name.startswith(".")
    )


def read_catalogue(sheets: Path, assets: Path, files: list[Path] | None = None) -> Catalogue:
    """Read every programme file (of `files`, listed already); a bad file
    never stops the others."""
    readings: dict[str, Reading] = {}
    duplicates: list[Problem] = []
    for path in programme_files(sheets) if files is None else files:
        if path.stem in readings:
            other = readings[path.stem].path
            duplicates.append(
                Problem(path, None, "id", f"'{path.stem}' is also the id of {other}; keep one of the two files")
            )
            continue
        readings[path.stem] = read_file(path, assets)
    listings = {pid: r.listing for pid, r in readings.items() if r.listing is not None}
    for pid, reading in readings.items():
        reading.problems.extend(
            check_references(
                reading.path, "related", reading.related, list(readings), listings,
                "has no valid title and logline to list; fix its file first", itself=pid,
            )
        )  # fmt: skip
    problems = duplicates + [problem for reading in readings.values() for problem in reading.problems]
    failed = [p.path for p in duplicates] + [r.path for r in readings.values() if r.problems or r.programme is None]
    valid = tuple(r.programme for r in readings.values() if r.programme is not None and not r.problems)
    return Catalogue(valid, listings, tuple(problems), tuple(failed))


def read_file(path: Path, assets: Path) -> Reading:
    """Read and check one programme file on its own."""
    problems: list[Problem] = []
    programme_id = path.stem
    suffix = path.suffix.lower()
    if not SLUG.fullmatch(programme_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", programme_id.lower()).strip("-")[:ID_CHARS] or "programme"
        problems.append(
            Problem(
                path, None, "id",
                f"{shown(programme_id)} is not a valid id; rename the file to lower-case letters, digits and "
                f"single hyphens, e.g. '{suggestion}{suffix}'",
            )
        )  # fmt: skip
    elif len(programme_id) > ID_CHARS:
        message = f"the id is {len(programme_id)} characters long; rename the file to at most {ID_CHARS}"
        problems.append(Problem(path, None, "id", f"{message}, so that its sheet's file name fits on every disk"))
    elif path.suffix != suffix:
        problems.append(Problem(path, None, "id", f"rename the file to '{programme_id}{suffix}' (a lower-case suffix)"))
    try:
        mapping = load_mapping(path, "programme fields such as title: ...", problems)
    except OnesheetError as exc:
        return Reading(path, None, None, (), [*problems, *exc.problems])
    return read_programme(programme_id, path, mapping, assets, problems)


def read_programme(programme_id: str, path: Path, mapping: Mapping, assets: Path, problems: list[Problem]) -> Reading:
    """Read every field of one programme."""
    before = len(problems)
    r = FieldReader(path, mapping, problems, PROGRAMME_FIELDS)
    title = r.text("title", required=True, max_chars=TITLE_CHARS, too_long=None)
    logline = r.text("logline", required=True, max_chars=LOGLINE_CHARS, too_long=None)
    synopsis = r.text("synopsis", required=True, paragraphs=True, max_chars=SYNOPSIS_CHARS, too_long=SYNOPSIS_TOO_LONG)
    year = r.integer("year", 1900, 2100, required=True)
    duration = r.integer("duration", 1, 1000, "minutes", required=True)
    refs = r.items("related", parse_id, "a list of programme ids")
    episodes = r.integer("episodes", 1, None) or 1
    production = r.text("production")
    directors = r.texts("directors")
    versions = r.texts("versions")
    country = r.text("country")
    genres = r.texts("genres")
    art = r.read("key_art", lambda node: _parse_art(node, assets), "a path inside the assets folder")
    key_art, focus = art if art is not None else (None, None)
    original_title = r.text("original_title", max_chars=TITLE_CHARS, too_long=None)
    formats = r.texts("formats")
    status = r.text("status")
    awards = r.items("awards", lambda node: _parse_award(node, assets), "a list of awards")
    quotes = r.items("quotes", _parse_quote, "a list of {text, source}")
    screener = r.url("screener")
    credits = r.read("credits", _parse_credits, "a mapping of role: name") or ()
    cuts = r.items("cuts", _parse_cut, "a list of {episodes, duration}")
    rights = r.text("rights")
    short_synopsis = r.text("short_synopsis", paragraphs=True)
    url = r.url("url")
    trailer = r.url("trailer")
    original_language = r.read("original_language", parse_language, "a language code such as ja or zh-Hant")
    listing = Listing(programme_id, title, logline, key_art, focus) if title and logline else None
    if len(problems) > before or not (title and logline and synopsis and year and duration):
        return Reading(path, None, listing, refs, problems)
    lines = {entry.key: entry.line for entry in mapping.entries}
    lines.update((f"related.{i}", line) for i, (_, line) in enumerate(refs))
    programme = Programme(
        programme_id, path, title, logline, tuple(synopsis.split("\n\n")), year, duration, episodes,
        production, directors, versions, country, genres, key_art, tuple(pid for pid, _ in refs),
        original_title, formats, status, awards, quotes, screener, credits, cuts, rights,
        tuple(short_synopsis.split("\n\n")) if short_synopsis else (), url, trailer, original_language, focus,
        lines, mapping.digest,
    )  # fmt: skip
    return Reading(path, programme, listing, refs, problems)


def parse_id(node: Node) -> tuple[str, int] | Invalid:
    """A programme id and its line, as written in related lists and selections."""
    if not isinstance(node, Scalar) or node.is_null:
        return Invalid(f"expected a programme id, got {describe(node)}")
    if not SLUG.fullmatch(node.text):
        invisible = [c for c in node.text if not c.isprintable() or c in "\u200b\u200c\u200d\u2060\ufeff"]
        if invisible:
            return Invalid(f"{shown(node.text)} hides invisible characters; type the id again")
        return Invalid(f"{shown(node.text)} is not a programme id (lower-case letters, digits and single hyphens)")
    return node.text, node.line


def _parse_quote(node: Node) -> Quote | Invalid:
    if isinstance(node, Scalar):
        text = parse_short(node)
        return text if isinstance(text, Invalid) else Quote(text)
    parsers = {"text": parse_short, "source": parse_short}
    values = parse_record(node, "a quote {text, source}", parsers, ("text",))
    return values if isinstance(values, Invalid) else Quote(**values)  # type: ignore[arg-type]


def _parse_art(node: Node, assets: Path) -> tuple[ImageInfo, tuple[float, float] | None] | Invalid:
    """`images/x.jpg`, or {file: images/x.jpg, focus: [x, y]} with the point
    any crop keeps in view as fractions of the width and height."""
    if not isinstance(node, Mapping):
        image = parse_image(node, assets)
        return image if isinstance(image, Invalid) else (image, None)
    parsers = {"file": lambda n: parse_image(n, assets), "focus": _parse_point}
    values = parse_record(node, "key art {file, focus}", parsers, ("file",))
    if isinstance(values, Invalid):
        return values
    return values["file"], values.get("focus")  # type: ignore[return-value]


def _parse_point(node: Node) -> tuple[float, float] | Invalid:
    expected = "expected [x, y]: fractions of the width and height from the top left, such as [0.5, 0.3]"
    if not isinstance(node, Sequence) or len(node.items) != 2:
        return Invalid(f"{expected}, got {describe(node)}")
    point = []
    for item in node.items:
        try:
            value = float(item.text) if isinstance(item, Scalar) else -1.0
        except ValueError:
            value = -1.0
        if not 0 <= value <= 1:
            return Invalid(f"{expected}, got {describe(item)}")
        point.append(value)
    return point[0], point[1]


def _parse_award(node: Node, assets: Path) -> Award | Invalid:
    """A line of text, or {text, laurel: images/laurel.png}."""
    if not isinstance(node, Mapping):
        text = parse_short(node)
        return text if isinstance(text, Invalid) else Award(text)
    parsers = {"text": parse_short, "laurel": lambda n: parse_image(n, assets)}
    values = parse_record(node, "an award {text, laurel}", parsers, ("text",))
    return values if isinstance(values, Invalid) else Award(**values)  # type: ignore[arg-type]


def _parse_cut(node: Node) -> Cut | Invalid:
    parsers = {
        "episodes": lambda n: parse_integer(n, 1, None),
        "duration": lambda n: parse_integer(n, 1, 1000, "minutes"),
    }
    values = parse_record(node, "a cut {episodes, duration}", parsers, ("duration",))
    return values if isinstance(values, Invalid) else Cut(**values)  # type: ignore[arg-type]


def _parse_credits(node: Node) -> tuple[Credit, ...] | Invalid:
    if not isinstance(node, Mapping):
        return Invalid(f"expected a mapping of role: name, got {describe(node)}")
    credits: list[Credit] = []
    for entry in node.entries:
        names = parse_texts(entry.value) if not isinstance(entry.value, Mapping) else None
        if names is None or isinstance(names, Invalid) or not names:
            detail = names.message if isinstance(names, Invalid) else "expected a name or a list of names"
            return Invalid(f"{entry.key}: {detail}")
        role = parse_short(Scalar(entry.key, entry.line, plain=False))
        if isinstance(role, Invalid):
            return Invalid(f"the role {shown(entry.key)}: {role.message}")
        credits.append(Credit(role, names))
    return tuple(credits)


def check_references(
    path: Path,
    field: str,
    references: Iterable[tuple[str, int]],
    known: Collection[str],
    usable: Collection[str],
    unusable: str,
    itself: str | None = None,
) -> list[Problem]:
    """Problems of a list of programme ids with their lines (related titles,
    selections): the programme itself, an id twice, an unknown id (with the
    nearest known one), an id that cannot be used (`unusable` says why)."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for reference, line in references:
        if reference == itself:
            message = f"'{reference}' is this programme itself; remove it"
        elif reference in seen:
            message = f"'{reference}' is listed twice; keep one"
        elif reference not in known:
            message = f"no programme '{reference}'{did_you_mean(reference, known)}"
        elif reference not in usable:
            message = f"'{reference}' {unusable}"
        else:
            seen.add(reference)
            continue
        seen.add(reference)
        problems.append(Problem(path, line, field, message))
    return problems
