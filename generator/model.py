"""Programme files -> validated, frozen `Programme` records, and the checks
that need the whole catalogue (ids, duplicate files, related titles).

Every programme is read and checked before anything is drawn, because a
sheet prints the titles of the programmes it relates to.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from .errors import OnesheetError, Problem, did_you_mean, shown
from .fields import FieldReader, Invalid, parse_language
from .images import ImageInfo
from .kinds import (
    Awards,
    CellContext,
    Credits,
    Custom,
    Cuts,
    Field,
    Ids,
    Image,
    Integer,
    KeyArt,
    Kind,
    Paragraphs,
    Quotes,
    Raw,
    Schema,
    Text,
    Texts,
    Url,
    read_table,
    table_raw,
    table_schema,
)  # fmt: skip
from .languages import TAG_PATTERN, candidates, language_name, normalise_tag
from .load import Mapping, Node, Scalar, describe, load_mapping

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
    path: Path | None = None  # the programme's file, and the lines of its title and logline: where a
    title_line: int | None = None  # character the sheets listing it cannot print is reported
    logline_line: int | None = None


@dataclass(frozen=True)
class Translation:
    """A programme's text in another language: each translatable field, or
    None where the main text is printed instead; the line of each field
    written, and of the language's entry."""

    language: str  # BCP 47
    title: str | None = None
    logline: str | None = None
    synopsis: tuple[str, ...] | None = None
    country: str | None = None
    genres: tuple[str, ...] | None = None
    status: str | None = None
    awards: tuple[Award, ...] | None = None
    quotes: tuple[Quote, ...] | None = None
    rights: str | None = None
    short_synopsis: tuple[str, ...] | None = None
    line: int | None = field(default=None, compare=False)
    lines: MappingType[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields it translates, in the contract's order."""
        return tuple(name for name in TRANSLATABLE if getattr(self, name) is not None)


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
    translations: tuple[Translation, ...] = ()
    lines: MappingType[str, int] = field(default_factory=dict, compare=False, repr=False)
    digest: str = field(default="", compare=False, repr=False)  # of the file's bytes, for rebuild keys

    def line(self, name: str) -> int | None:
        """The line a field (or `related.N`, its Nth item) was written on."""
        return self.lines.get(name, self.lines.get(name.split(".")[0]))

    @property
    def listing(self) -> Listing:
        return Listing(
            self.id, self.title, self.logline, self.key_art, self.focus, self.path, self.line("title"),
            self.line("logline"),
        )  # fmt: skip

    def translation(self, language: str) -> Translation | None:
        """The translation into `language` (BCP 47), else into its base
        language (`pt` for `pt-BR`), else None."""
        by_language = {translation.language: translation for translation in self.translations}
        return next((by_language[tag] for tag in candidates(language) if tag in by_language), None)


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


Status = tuple[int, int, int, int]  # size, modification time, inode, change time (ns) of a file
# a valid file's status, the assets folder it was read with, its reading, the pictures it shows, and the keys
# of its sheets (see Readings.sheet_key)
Kept = tuple[Status, str, Reading, tuple[ImageInfo, ...], dict[str, str]]


def status_of(path: Path) -> Status | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ino, found.st_ctime_ns


@dataclass
class Readings:
    """Programme files as earlier builds read them: a valid file's reading
    is used again while the file, and every picture it shows, are as they
    were read (size, times, inode), so that a rebuild parses and checks
    only the files that changed. The checks across files run every time."""

    kept: dict[str, Kept] = field(default_factory=dict)
    made: dict[str, Kept] = field(default_factory=dict)  # this run's, to keep for the next
    keys: dict[str, dict[str, str]] = field(default_factory=dict)  # the sheet keys this run used, by file

    @classmethod
    def of(cls, records: object) -> Readings:
        """The readings a build cache kept (`kept` of an earlier run), if
        its records have the fields they have now; any record of another
        shape is left out."""
        shape, found = records if isinstance(records, tuple) and len(records) == 2 else (None, None)
        kept: dict[str, Kept] = {}
        for path, record in found.items() if shape == _SHAPE and isinstance(found, dict) else ():
            if isinstance(path, str) and isinstance(record, tuple) and len(record) == 5:
                status, assets, reading, pictures, keys = record
                numbers = isinstance(status, tuple) and len(status) == 4 and all(type(n) is int for n in status)
                shown = isinstance(pictures, tuple) and all(isinstance(p, ImageInfo) for p in pictures)
                keyed = isinstance(keys, dict) and all(
                    isinstance(k, str) and isinstance(v, str) for k, v in keys.items()
                )
                if numbers and shown and keyed and isinstance(assets, str) and isinstance(reading, Reading):
                    kept[path] = (status, assets, reading, pictures, keys)
        return cls(kept)

    def read(self, path: Path, assets: Path) -> Reading:
        status = status_of(path)
        kept = self.kept.get(str(path))
        if kept is not None and kept[:2] == (status, str(assets)) and all(p.current for p in kept[3]):
            self.made[str(path)] = kept
            return kept[2]
        reading = read_file(path, assets)
        if status is not None:
            self.made[str(path)] = (status, str(assets), reading, tuple(_pictures(reading)), {})
        return reading

    def sheet_key(self, path: Path, context: str, make: Callable[[], str]) -> str:
        """The key of a sheet of the programme read from `path`, given a
        digest of everything else it covers (`context`): kept with the
        reading, and made (`make`, the costly part of a build with little
        to redo) only for a file read anew or in another context."""
        made = self.made.get(str(path))
        known = made[4] if made is not None and made is self.kept.get(str(path)) else {}
        key = known.get(context) or make()
        self.keys.setdefault(str(path), {})[context] = key
        return key

    def keep(self) -> tuple[str, dict[str, Kept]]:
        """This run's readings worth keeping, those of valid files, with the
        sheet keys used, for `of`."""
        return _SHAPE, {
            path: (*kept[:4], self.keys.get(path, {}))
            for path, kept in self.made.items()
            if kept[2].programme and not kept[2].problems
        }


def _pictures(value: object) -> Iterator[ImageInfo]:
    """The pictures a record shows."""
    if isinstance(value, ImageInfo):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            yield from _pictures(getattr(value, item.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _pictures(item)


_RECORDS = (Reading, Programme, Listing, Translation, Award, Quote, Credit, Cut, ImageInfo)
_SHAPE = repr([(kind.__name__, [item.name for item in fields(kind)]) for kind in _RECORDS])  # kept readings of
# records with other fields (another generator's) are not used


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


def read_catalogue(
    sheets: Path, assets: Path, files: list[Path] | None = None, kept: Readings | None = None
) -> Catalogue:
    """Read every programme file (of `files`, listed already; through
    `kept`, which reuses what earlier builds read); a bad file never stops
    the others."""
    readings: dict[str, Reading] = {}
    duplicates: list[Problem] = []
    for path in programme_files(sheets) if files is None else files:
        if path.stem in readings:
            other = readings[path.stem].path
            duplicates.append(
                Problem(path, None, "id", f"'{path.stem}' is also the id of {other}; keep one of the two files")
            )
            continue
        readings[path.stem] = kept.read(path, assets) if kept is not None else read_file(path, assets)
    listings = {pid: r.listing for pid, r in readings.items() if r.listing is not None}
    known = readings.keys()  # in the files' order, as suggestions take them; a set to look in
    for pid, reading in readings.items():
        reading.problems.extend(
            check_references(
                reading.path, "related", reading.related, known, listings,
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
    values = read_table(FieldReader(path, mapping, problems, (f.name for f in PROGRAMME)), PROGRAMME, assets)
    refs: tuple[tuple[str, int], ...] = values.pop("related")  # type: ignore[assignment]
    values["key_art"], values["focus"] = values["key_art"] or (None, None)  # type: ignore[misc]
    title, logline, art, focus = values["title"], values["logline"], values["key_art"], values["focus"]
    lines = {entry.key: entry.line for entry in mapping.entries}
    listing = None
    if isinstance(title, str) and isinstance(logline, str):
        listing = Listing(programme_id, title, logline, art, focus, path, lines.get("title"), lines.get("logline"))  # type: ignore[arg-type]
    if len(problems) > before or any(values[f.name] is None for f in PROGRAMME if f.required):
        return Reading(path, None, listing, refs, problems)
    lines.update((f"related.{i}", line) for i, (_, line) in enumerate(refs))
    values["translations"] = tuple(_keeping_images(t, values) for t in values["translations"])  # type: ignore[attr-defined]
    related = tuple(pid for pid, _ in refs)
    programme = Programme(programme_id, path, **values, related=related, lines=lines, digest=mapping.digest)  # type: ignore[arg-type]
    return Reading(path, programme, listing, refs, problems)


def _keeping_images(translation: Translation, main: MappingType[str, object]) -> Translation:
    """A translated list of awards or quotes as long as the main one keeps
    the laurels and sources its items leave out."""
    awards, quotes = main["awards"], main["quotes"]
    assert isinstance(awards, tuple) and isinstance(quotes, tuple)
    if translation.awards and len(translation.awards) == len(awards):
        kept = tuple(replace(a, laurel=a.laurel or other.laurel) for a, other in zip(translation.awards, awards))
        translation = replace(translation, awards=kept)
    if translation.quotes and len(translation.quotes) == len(quotes):
        sourced = tuple(replace(q, source=q.source or other.source) for q, other in zip(translation.quotes, quotes))
        translation = replace(translation, quotes=sourced)
    return translation


class Translations(Kind):
    """`translations:` language code -> the programme's text in that
    language: any of the translatable fields, each read and checked as the
    main field is, named in messages as `translations.fr.synopsis`."""

    expected = "language codes with the fields in each language, such as fr: {title: ...}"

    def read(self, reader: FieldReader, name: str, required: bool, assets: Path) -> object:
        found: dict[str, Translation] = {}
        for tag, item in reader.by_language(name, required, self.expected):
            field = f"{name}.{tag}"
            if tag in found:
                reader.problem(item.line, field, f"'{item.key}' is written twice (as {tag}); keep one")
                continue
            if not isinstance(item.value, Mapping) or not item.value.entries:
                got = describe(item.value) if not isinstance(item.value, Mapping) else "nothing"
                wanted = f"the fields in {language_name(tag)}, such as title: and synopsis:"
                reader.problem(item.line, field, f"expected {wanted}, got {got}")
                continue
            words = FieldReader(
                reader.path, item.value, reader.problems, (f.name for f in PROGRAMME), prefix=f"{field}."
            )
            for sub in item.value.entries:
                if sub.key in PROGRAMME_NAMES and sub.key not in TRANSLATABLE:
                    words.problem(sub.line, sub.key, "is the same in every language; set it once, outside translations")
            values = {n: v for n, v in read_table(words, TRANSLATED, assets).items() if words.has(n)}
            lines = {sub.key: sub.line for sub in item.value.entries}
            found[tag] = Translation(tag, **values, line=item.line, lines=lines)  # type: ignore[arg-type]
        return tuple(found[tag] for tag in sorted(found))  # in one order, whatever the file's

    def schema(self) -> Schema:
        return {
            "type": "object",
            "propertyNames": {"pattern": TAG_PATTERN},
            "additionalProperties": table_schema(TRANSLATED),
        }

    def raw(self, value: Any, assets: Path) -> Raw:
        return {translation.language: table_raw(TRANSLATED, translation, assets) for translation in value}

    def cell(self, text: str, context: CellContext) -> Raw | Invalid:
        return Invalid("translations are written in programme files, not in spreadsheets")


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


# The contract's fields (programme-format.md), in its order.
QUOTE = (
    Field("text", Text(), "the quote", "Breathtaking and alarming in equal measure.", required=True),
    Field("source", Text(), "who said it", "Documentary Quarterly"),
)
AWARD = (
    Field("text", Text(), "the selection or prize", "CPH:DOX 2023 – DOX:AWARD", required=True),
    Field("laurel", Image(), "the festival's badge, an image in the assets folder", "images/laurels/cphdox.png"),
)
CUT = (
    Field("episodes", Integer(1), "episodes of this cut", 2, default=1),
    Field("duration", Integer(1, 1000, "minutes"), "minutes of one episode", 52, required=True),
)

PROGRAMME = (
    Field(
        "title", Text(TITLE_CHARS, too_long=None), "the programme's title, any script", "The Last Glaciers",
        required=True,
        headers=("Title", "English title", "International title", "Programme", "Program", "Programme title",
                 "Program title", "Film", "Film title", "Name"),
    ),
    Field(
        "logline", Text(LOGLINE_CHARS, too_long=None),
        "one or two sentences; listed wherever another page names the programme",
        "Four Alpine glaciers, four seasons, one question.", required=True,
        headers=("Logline", "Log line", "Tagline", "One-liner", "Pitch", "Hook"),
    ),
    Field(
        "synopsis", Paragraphs(SYNOPSIS_CHARS, too_long=SYNOPSIS_TOO_LONG),
        "the full description; a blank line between paragraphs",
        "Every summer the Alps lose another few metres of ice.", required=True,
        headers=("Synopsis", "Long synopsis", "Full synopsis", "Description", "Long description", "Summary"),
    ),
    Field(
        "year", Integer(1900, 2100), "year of production", 2025, required=True,
        headers=("Year", "Production year", "Year of production", "Prod. year", "Release year", "Completed"),
    ),
    Field(
        "duration", Integer(1, 1000, "minutes"), "running time of one episode, in minutes", 52, required=True,
        headers=("Running time", "Duration", "Length", "Runtime", "Run time", "RT", "TRT", "Minutes", "Mins"),
    ),
    Field(
        "episodes", Integer(1), "a series of this many episodes; default 1", 4, default=1,
        headers=("Episodes", "Number of episodes", "No. of episodes", "Nb of episodes", "Eps", "# episodes"),
    ),
    Field(
        "production", Text(), "production company", "Lanterna Docs & Alpenfilm",
        headers=("Production company", "Production companies", "Production", "Produced by", "Prod. company"),
    ),
    Field(
        "directors", Texts(names=True), "director, or a list of directors", ["Claire Vasseur", "Jonas Huber"],
        headers=("Director", "Directors", "Directed by", "Director(s)"),
    ),
    Field(
        "versions", Texts(), "language versions available", ["ENG", "FRA"],
        headers=("Versions", "Languages", "Language versions", "Language", "Available languages", "Audio"),
    ),
    Field(
        "country", Text(), "country of production", "France",
        headers=("Country", "Countries", "Country of production", "Country of origin", "Origin"),
    ),
    Field(
        "genres", Texts(), "genres; the first is the catalogue's section", ["Nature & Science"],
        headers=("Genres", "Genre", "Genre(s)", "Category", "Categories", "Section"),
    ),
    Field(
        "key_art", KeyArt(), "the main picture in the assets folder, or {file, focus: [x, y]}",
        "images/the-last-glaciers.jpg", getter=lambda p: (p.key_art, p.focus) if p.key_art else None,
        headers=("Key art", "Image", "Picture", "Poster", "Key visual", "Visual", "Still", "Photo", "Artwork"),
    ),
    Field(
        "related", Ids(parse_id), "ids of other programmes of the catalogue, listed on the sheet",
        ["keepers-of-the-olive-trees"],
        headers=("Related titles", "Related", "Related programmes", "Related programs", "See also"),
    ),
    Field(
        "original_title", Text(TITLE_CHARS, too_long=None), "the title in the original language",
        "Les derniers glaciers",
        headers=("Original title", "Title (original)", "Original name", "Native title", "Local title"),
    ),
    Field(
        "formats", Texts(), "picture and sound formats", ["4K HDR", "5.1"],
        headers=("Formats", "Format", "Technical", "Tech specs"),
    ),
    Field(
        "status", Text(), "such as New, In production, Delivery spring 2027", "New",
        headers=("Status", "Availability"),
    ),
    Field(
        "awards", Awards("an award {text, laurel}", AWARD, Award, scalar="text", plural="a list of awards"),
        "festival selections and prizes: text, or {text, laurel}", ["Official Selection, Alpine Film Festival 2025"],
        default=(),
        headers=("Awards", "Festivals", "Festivals & awards", "Awards & festivals", "Selections", "Prizes", "Laurels"),
    ),
    Field(
        "quotes", Quotes("a quote {text, source}", QUOTE, Quote, scalar="text"), "press quotes {text, source}",
        [{"text": "Breathtaking and alarming in equal measure.", "source": "Documentary Quarterly"}],
        headers=("Quotes", "Press quotes", "Press", "Reviews"),
    ),
    Field(
        "screener", Url(), "link to watch, printed with a QR code", "https://screeners.example.com/the-last-glaciers",
        headers=("Screener", "Screener link", "Screening link", "Viewing link", "Vimeo"),
    ),
    Field(
        "credits", Credits(Credit), "further credits, role: name or [names]", {"Producer": "Anne-Sophie Roux"},
        headers=("Credits", "Other credits", "Crew"),
    ),
    Field(
        "cuts", Cuts("a cut {episodes, duration}", CUT, Cut), "alternative cuts {episodes, duration}",
        [{"episodes": 2, "duration": 52}],
        headers=("Cuts", "Other cuts", "Alternative cuts", "Other versions", "Also available as"),
    ),
    Field(
        "rights", Text(), "rights available", "Worldwide excluding France",
        headers=("Rights", "Rights available", "Available rights", "Territories"),
    ),
    Field(
        "short_synopsis", Paragraphs(), "the short synopsis, printed where the full one does not fit",
        "Four glaciers, four seasons, and the people whose lives depend on them.", default=(),
        headers=("Short synopsis", "Short description", "Short"),
    ),
    Field(
        "url", Url(), "the programme's page on your website", "https://www.example.com/the-last-glaciers",
        headers=("Web page", "Webpage", "URL", "Link", "Page", "More info", "Website"),
    ),
    Field(
        "trailer", Url(), "link to the trailer", "https://vimeo.com/123456789",
        headers=("Trailer", "Trailer link"),
    ),
    Field(
        "original_language",
        Custom(parse_language, "a language code such as ja or zh-Hant", {"type": "string", "pattern": r"\S"}),
        "BCP 47 code of the original title's language: picks its fonts and direction", "fr",
        headers=("Original language", "Language of the original title"),
    ),
    Field(
        "translations", Translations(),
        "the text in other languages, by BCP 47 code: title, logline, synopsis, genres, status, awards, quotes...",
        {"fr": {"title": "Les Derniers Glaciers", "genres": ["Nature & sciences"]}}, default=(),
    ),
)  # fmt: skip
PROGRAMME_NAMES = frozenset(f.name for f in PROGRAMME)
_TRANSLATED_HEADER = re.compile(r"(.*\S)\s*[(\[]\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\s*[)\]]")
# The fields a translation may give, in the contract's order; the others are the same in every language.
TRANSLATABLE = (
    "title",
    "logline",
    "synopsis",
    "country",
    "genres",
    "status",
    "awards",
    "quotes",
    "rights",
    "short_synopsis",
)
TRANSLATED = tuple(replace(f, required=False, default=None) for f in PROGRAMME if f.name in TRANSLATABLE)


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


def translated_header(field: Field, language: str) -> str:
    """A spreadsheet's column of a translated field: `Synopsis (fr)`."""
    return f"{field.headers[0]} ({language})"


def translated_column(header: str) -> tuple[str, str] | None:
    """The header and language of a translated field's column (`Title (fr)`,
    `Synopsis [pt-BR]`), or None."""
    match = _TRANSLATED_HEADER.fullmatch(" ".join(header.split()))
    tag = normalise_tag(match[2]) if match else None
    return (match[1], tag) if match and tag else None
