"""A spreadsheet, one programme a row -> tidy programme files in sheets/.

Columns are matched to fields by name, case-insensitively, with the names
spreadsheets use (each field's `headers` in the contract table), and a
`--map` file maps any other. Each cell is read by its field's kind; the
row is then written as YAML and read back by the programme reader, so an
imported file is accepted by `check` exactly when it is written, and every
problem names the spreadsheet, the row and the column. A bad row never stops
the others; an existing file is replaced only when asked to.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

from anyascii import anyascii

from . import cells
from .dump import dump_fields
from .errors import OnesheetError, Problem, did_you_mean, shown
from .fields import Invalid
from .files import write_all_atomic
from .images import SUFFIXES as IMAGE_FORMATS
from .kinds import Credits, Field, Raw, paragraph_fields
from .load import Scalar, load_mapping
from .model import (
    PROGRAMME,
    TRANSLATABLE,
    check_references,
    programme_files,
    read_catalogue,
    read_file,
    translated_column,
)  # fmt: skip
from .spreadsheet import Row, read_rows

ID_HEADERS = ("ID", "Id", "Slug", "File", "File name")
CREDIT_ROLES = (  # columns named after a role go to `credits`
    "Producer", "Producers", "Executive producer", "Co-producer", "Writer", "Writers", "Narrator", "Music",
    "Composer", "Editor", "Cinematographer", "Director of photography", "Camera", "Sound", "Presenter", "Host",
)  # fmt: skip
SKIP = ("skip", "ignore", "none")
IMAGE_SUFFIXES = tuple(dict.fromkeys(suffix for suffixes in IMAGE_FORMATS.values() for suffix in suffixes))
HEADER_SEARCH_ROWS = 10  # a title or notes may stand above the header row
_FIELDS = {f.name: f for f in PROGRAMME}
_PARAGRAPH_FIELDS = paragraph_fields(PROGRAMME)


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    target: str  # a field name, "id", or "credits.<role>"


@dataclass(frozen=True)
class _Ready:
    """A row that became a valid programme file, not yet written."""

    row: Row
    pid: str
    text: str


@dataclass
class ImportReport:
    rows: int = 0
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    failed_rows: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


def header_key(header: str) -> str:
    """How headers compare: ASCII, lower case, punctuation as spaces,
    `Director(s)` as `director`."""
    key = re.sub(r"[^a-z0-9#]+", " ", anyascii(header).lower()).strip()
    return key[:-2] if key.endswith(" s") else key


def known_headers() -> dict[str, str]:
    """Every header recognised, by its key: field name, id or credit role."""
    known: dict[str, str] = {}
    for f in PROGRAMME:
        for header in (f.name, *f.headers):
            known.setdefault(header_key(header), f.name)
    for header in ID_HEADERS:
        known.setdefault(header_key(header), "id")
    for role in CREDIT_ROLES:
        known.setdefault(header_key(role), f"credits.{role}")
    return known


def import_spreadsheet(
    source: Path, sheets: Path, assets: Path, mapping: Path | None = None, force: bool = False
) -> ImportReport:
    """Write sheets/<id>.yaml for every good row of `source`."""
    report = ImportReport()
    try:
        headers = known_headers() | (_read_map(mapping) if mapping else {})
        rows = read_rows(source)
    except OnesheetError as exc:
        report.problems.extend(exc.problems)
        return report
    if not rows:
        report.problems.append(Problem(source, None, None, "the spreadsheet is empty; expected a header row and rows"))
        return report
    head = _header_row(rows, headers)
    columns = _match_columns(source, head, rows, headers, report.problems)
    missing = [f.name for f in PROGRAMME if f.required and f.name not in {c.target for c in columns}]
    if missing:
        names = ", ".join(f"{name} (e.g. {_FIELDS[name].headers[0]})" for name in missing)
        report.problems.append(
            Problem(source, head.number, None, f"no column for {names}; name the columns or map them with --map")
        )
        return report
    body = [row for row in rows if row.number > head.number]
    report.rows = len(body)
    with tempfile.TemporaryDirectory() as scratch:
        importer = _Importer(source, sheets, assets, columns, body, report, Path(scratch))
        importer.save([ready for row in body if (ready := importer.prepare(row)) is not None], force)
    return report


def _read_map(path: Path) -> dict[str, str]:
    """A --map file: `Header: field` lines; a field of `skip` (or nothing)
    leaves the column out."""
    problems: list[Problem] = []
    node = load_mapping(path, "column names mapped to fields, such as 'Titre: title'", problems)
    targets = {*_FIELDS, "id"}
    mapped: dict[str, str] = {}
    for entry in node.entries:
        value = entry.value
        target = value.text.strip() if isinstance(value, Scalar) and not value.is_null else "skip"
        if not isinstance(value, Scalar):
            problems.append(Problem(path, entry.line, entry.key, "expected the name of a field, such as title"))
        elif target.lower() in SKIP:
            mapped[header_key(entry.key)] = ""
        elif target in targets or re.fullmatch(r"credits\.\S.*", target):
            mapped[header_key(entry.key)] = target
        else:
            hint = did_you_mean(target, sorted(targets))
            problems.append(
                Problem(
                    path, value.line, entry.key, f"no field {shown(target)}{hint}; map to a field, credits.ROLE or skip"
                )
            )
    if problems:
        raise OnesheetError(problems)
    return mapped


def _header_row(rows: list[Row], headers: dict[str, str]) -> Row:
    """The first row naming a title column, else the first row."""
    for row in rows[:HEADER_SEARCH_ROWS]:
        if any(headers.get(header_key(cell)) == "title" for cell in row.cells):
            return row
    return rows[0]


def _match_columns(
    source: Path, head: Row, rows: list[Row], headers: dict[str, str], problems: list[Problem]
) -> list[Column]:
    columns: list[Column] = []
    first: dict[str, str] = {}
    labels = {header_key(h): h for f in PROGRAMME for h in (f.name, *f.headers)} | {
        header_key(h): h for h in (*ID_HEADERS, *CREDIT_ROLES)
    }
    for index, cell in enumerate(head.cells):
        header = " ".join(cell.split())
        used = any(index < len(row.cells) and row.cells[index].strip() for row in rows if row.number > head.number)
        target = headers.get(header_key(header)) if header else None
        translated = translated_column(header) if header and target is None else None
        if translated is not None and headers.get(header_key(translated[0])) in TRANSLATABLE:
            target = f"translations.{translated[1]}.{headers[header_key(translated[0])]}"
        if target == "":
            continue
        if not header:
            if used:
                problems.append(
                    Problem(source, head.number, None, f"column {_letters(index)} has no header; its cells are skipped")
                )
        elif target is None:
            near = get_close_matches(header_key(header), list(labels), n=1, cutoff=0.6)
            hint = f" (did you mean '{labels[near[0]]}'?)" if near else ""
            problems.append(
                Problem(
                    source, head.number, header,
                    f"unknown column{hint}; its cells are skipped: rename it, or map it with --map FILE "
                    f"('{header}: FIELD' or '{header}: skip')",
                )
            )  # fmt: skip
        elif target in first:
            problems.append(
                Problem(
                    source, head.number, header,
                    f"'{first[target]}' is already the column of {target}; keep one, or map one with --map FILE",
                )
            )  # fmt: skip
        else:
            first[target] = header
            columns.append(Column(index, header, target))
    return columns


def _letters(index: int) -> str:
    """A column's letters as spreadsheets show them: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Importer:
    """One import: the ids of every row, what related titles may name, the
    assets' images by file name."""

    def __init__(
        self,
        source: Path,
        sheets: Path,
        assets: Path,
        columns: list[Column],
        body: list[Row],
        report: ImportReport,
        scratch: Path,
    ) -> None:
        self.source = source
        self.scratch = scratch
        self.sheets = sheets
        self.assets = assets
        self.columns = columns
        self.report = report
        self._images: dict[str, list[str]] | None = None
        existing = read_catalogue(sheets, assets) if sheets.is_dir() else None
        self.files = {path.stem: path for path in programme_files(sheets)} if sheets.is_dir() else {}
        self.ids: dict[int, str] = {}
        self.titles: dict[str, str | None] = {}  # title's slug -> id (None: two programmes have that title)
        if existing is not None:
            for pid, listing in existing.listings.items():
                self._title(listing.title, pid)
        self._assign_ids(body)
        self.known = {*self.files, *self.ids.values()}  # the ids related titles may name

    def _title(self, title: str, pid: str) -> None:
        key = cells.slugify(title)
        self.titles[key] = pid if self.titles.get(key, pid) == pid else None

    def _cell(self, row: Row, target: str) -> tuple[Column, str] | None:
        for column in self.columns:
            if column.target == target and column.index < len(row.cells) and row.cells[column.index].strip():
                return column, row.cells[column.index]
        return None

    def _assign_ids(self, body: list[Row]) -> None:
        """Each row's id: its ID cell, else a slug of its title; a title
        slug already taken by an earlier row gets -2, -3..."""
        taken: dict[str, int] = {}
        for row in body:
            given = self._cell(row, "id")
            title = self._cell(row, "title")
            if given is not None:
                pid = cells.slugify(given[1])
                if pid in taken:
                    self._problem(
                        row, given[0].header, f"{shown(pid)} is also the id of row {taken[pid]}; ids are unique"
                    )
                    continue
            elif title is not None:
                base = cells.slugify(title[1]) or "programme"
                pid, number = base, 2
                while pid in taken:
                    pid, number = f"{base}-{number}", number + 1
            else:
                continue
            taken[pid] = row.number
            self.ids[row.number] = pid
            if title is not None:
                self._title(title[1], pid)

    def _problem(self, row: Row, column: str | None, message: str) -> None:
        self.report.problems.append(Problem(self.source, row.number, column, message))
        self.report.failed_rows.add(row.number)

    # What cells may name ------------------------------------------------------
    def image(self, text: str) -> str | Invalid:
        """An image by its path in the assets folder or just its file name
        (with or without its extension); a path from another computer
        (`C:\\Users\\...\\x.jpg`) counts by its file name."""
        text = text.strip()
        if "://" in text:
            return Invalid(f"a link, not a file: save the picture in {self.assets} and give its file name")
        relative = text.replace("\\", "/")
        if not relative.startswith("/") and (self.assets / relative).is_file() and "/" in relative:
            return relative
        name = relative.rsplit("/", 1)[-1].lower()
        images = self._image_index()
        found = images.get(name) or [path for suffix in IMAGE_SUFFIXES for path in images.get(f"{name}{suffix}", [])]
        if len(found) == 1:
            return found[0]
        if found:
            return Invalid(f"{shown(text)} could be {' or '.join(found)}; give the path inside {self.assets}")
        return Invalid(f"no image {shown(text)} in {self.assets}{did_you_mean(name, images)}")

    def _image_index(self) -> dict[str, list[str]]:
        if self._images is None:
            self._images = {}
            root = self.assets.resolve()
            for path in sorted(root.rglob("*")):
                if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file():
                    self._images.setdefault(path.name.lower(), []).append(path.relative_to(root).as_posix())
        return self._images

    def programmes(self, text: str) -> list[str] | Invalid:
        """Programmes named by id or by title, one a line or separated by
        semicolons or commas (a title with a comma in it stays whole)."""
        found: list[str] = []
        for part in cells.split_list(text, commas=False):
            pid = self._programme(part)
            if isinstance(pid, str):
                found.append(pid)
                continue
            pieces = [self._programme(piece) for piece in cells.split_list(part)]
            bad = next((p for p in pieces if isinstance(p, Invalid)), None)
            if bad is not None:
                return pid if len(pieces) == 1 else bad
            found.extend(p for p in pieces if isinstance(p, str))
        return found

    def _programme(self, name: str) -> str | Invalid:
        key = cells.slugify(name)
        if key in self.known:
            return key
        if key in self.titles:
            pid = self.titles[key]
            return pid if pid is not None else Invalid(f"two programmes are titled {shown(name)}; give the id instead")
        choices = {*self.known, *self.titles}
        return Invalid(
            f"no programme {shown(name)} in this spreadsheet or in {self.sheets}{did_you_mean(key, choices)}"
        )

    # A row ------------------------------------------------------------------------
    def prepare(self, row: Row) -> _Ready | None:
        """The file a row becomes, or None after recording its problems."""
        pid = self.ids.get(row.number)
        if pid is None:
            if row.number not in self.report.failed_rows:
                self._problem(row, None, "no title; every row needs one (or an ID)")
            return None
        values, sources = self._values(row)
        if values is None:
            return None
        related = values.get("related", [])
        references = [(str(r), row.number) for r in related] if isinstance(related, list) else []
        problems = check_references(self.source, "related", references, self.known, self.known, "", itself=pid)
        for problem in problems:
            self._problem(row, sources.get("related"), problem.message)
        ordered = {f.name: values[f.name] for f in PROGRAMME if f.name in values}
        text = dump_fields(ordered, _PARAGRAPH_FIELDS)
        for problem in self._check(pid, text):
            self._problem(row, sources.get(problem.field or "", problem.field), problem.message)
        if row.number in self.report.failed_rows:
            return None
        return _Ready(row, pid, text)

    def save(self, rows: list[_Ready], force: bool) -> None:
        """Write the good rows' files, with one disk sync for all. A row
        relating to a row with problems is written too: `check` names the
        missing programme until that row is fixed and imported again."""
        files: dict[Path, bytes] = {}
        for ready in rows:
            target = self.files.get(ready.pid, self.sheets / f"{ready.pid}.yaml")
            data = ready.text.encode("utf-8")
            if target.exists() and target.read_bytes() == data:
                self.report.unchanged.append(target)
            elif target.exists() and not force:
                self._problem(ready.row, None, f"{target} exists and differs; pass --force to replace it")
            else:
                files[target] = data
        write_all_atomic(files)
        self.report.written.extend(files)

    def _values(self, row: Row) -> tuple[dict[str, Raw] | None, dict[str, str]]:
        """The row's fields as written in a file, and the column of each."""
        values: dict[str, Raw] = {}
        sources: dict[str, str] = {}
        credits: dict[str, Raw] = {}
        translations: dict[str, dict[str, Raw]] = {}
        bad = False
        for column in self.columns:
            text = row.cells[column.index] if column.index < len(row.cells) else ""
            if column.target == "id" or not text.strip():
                continue
            if column.target.startswith("credits."):
                found: dict[str, Raw] | Invalid = {"credits": {column.target.partition(".")[2]: Credits.names(text)}}
            else:
                found = _read_cell(_FIELDS[column.target.rpartition(".")[2]], text, self)
            if isinstance(found, Invalid):
                self._problem(row, column.header, found.message)
                bad = True
                continue
            if column.target.startswith("translations."):
                language = column.target.split(".")[1]
                translations.setdefault(language, {}).update(found)
                sources.setdefault(f"translations.{language}", column.header)
                continue
            for name, value in found.items():
                if name == "credits" and isinstance(value, dict):
                    credits.update(value)  # role columns and a credits column, in the order of the columns
                    sources.setdefault(name, column.header)
                    continue
                if name in values and values[name] != value:
                    self._problem(
                        row, column.header, f"says {name} {value}, but {sources[name]} says {values[name]}; keep one"
                    )
                    bad = True
                values[name] = value
                sources.setdefault(name, column.header)
        if credits:
            values["credits"] = credits
        if translations:
            order = [f.name for f in PROGRAMME]
            values["translations"] = {
                language: {name: fields[name] for name in sorted(fields, key=order.index)}
                for language, fields in translations.items()
            }
        return (None if bad else values), sources

    def _check(self, pid: str, text: str) -> Iterable[Problem]:
        """The programme reader's problems with the file a row becomes."""
        path = self.scratch / f"{pid}.yaml"
        path.write_text(text, encoding="utf-8")
        return read_file(path, self.assets).problems


def _read_cell(field: Field, text: str, importer: _Importer) -> dict[str, Raw] | Invalid:
    """A cell as the fields it sets: a running time such as `4 x 52'` sets
    the episodes too."""
    if field.name == "duration":
        running = cells.parse_running_time(text)
        if isinstance(running, Invalid):
            return running
        episodes, minutes = running
        return {"duration": minutes} if episodes is None else {"duration": minutes, "episodes": episodes}
    value = field.kind.cell(text, importer)
    return value if isinstance(value, Invalid) else {field.name: value}
