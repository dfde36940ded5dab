"""Typed readers for the fields of a raw mapping, shared by programme, brand
and selection files.

Each reader returns the value, or None after recording a Problem that names
the file, the line and the field: a file is read to the end so that all its
problems are reported at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from collections.abc import Mapping as Table
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from . import chars
from .errors import Problem, did_you_mean, shown
from .images import ImageError, ImageInfo, inspect_image
from .languages import language_problem, normalise_tag
from .links import check_link
from .load import Entry, Mapping, Node, Scalar, Sequence, describe

T = TypeVar("T")


@dataclass(frozen=True)
class Invalid:
    """What a parser returns instead of a value: the error message."""

    message: str


_WHOLE_NUMBER = re.compile(r"[+]?[0-9]+")
_MAX_DIGITS = 18
_SEXAGESIMAL = re.compile(r"([0-9]+):([0-5][0-9])")
# A sanity limit for fields a sheet prints in a few lines: it protects the
# tool, not the page (the page's own limit is the layout's overflow check).
FEW_LINES_CHARS = 1_000
TOO_LONG = "far more than a sheet prints here; shorten it to a few lines"


class FieldReader:
    """Reads the fields of one mapping, collecting problems into `problems`."""

    def __init__(
        self,
        path: Path,
        mapping: Mapping,
        problems: list[Problem],
        known: Iterable[str],
        strict: bool = False,
        prefix: str = "",
    ) -> None:
        """`strict`: a field present but empty is an error, not "not set"
        (a brand file, whose every field changes every sheet). `prefix`
        names a nested mapping's fields in messages (`colors.primary`)."""
        self.path = path
        self.prefix = prefix
        self.mapping = mapping
        self.problems = problems
        self.strict = strict
        self._entries = {entry.key: entry for entry in mapping.entries}
        known = tuple(known)
        for entry in mapping.entries:
            if entry.key not in known:
                self.problem(entry.line, entry.key, "unknown field" + did_you_mean(entry.key, known))

    def problem(self, line: int | None, field: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, self.prefix + field, message))

    def line(self, field: str) -> int:
        entry = self._entries.get(field)
        return entry.line if entry else self.mapping.line

    def has(self, field: str) -> bool:
        """Whether the field is written with a value (not empty)."""
        entry = self._entries.get(field)
        return entry is not None and not (isinstance(entry.value, Scalar) and entry.value.is_null)

    def entry(self, field: str, required: bool, expected: str) -> Entry | None:
        """The field's entry, or None when it is absent or set to nothing."""
        entry = self._entries.get(field)
        if entry is not None and isinstance(entry.value, Scalar) and entry.value.is_null and self.strict:
            self.problem(entry.line, field, f"is empty; expected {expected}{self.empty_hint(entry)}")
            return None
        if entry is None or (isinstance(entry.value, Scalar) and entry.value.is_null):
            if required:
                self.problem(self.line(field), field, f"required field is missing; expected {expected}")
            return None
        return entry

    def empty_hint(self, entry: Entry) -> str:
        """For a value YAML read as a comment (an unquoted `#`), the fix."""
        try:
            line = self.path.read_text(encoding="utf-8-sig").splitlines()[entry.line - 1]
        except (OSError, UnicodeError, IndexError):
            return ""
        _, colon, rest = line.partition(":")
        comment = rest.strip()
        if colon and comment.startswith("#") and len(comment) > 1:
            value = comment.split()[0]
            return f'; YAML reads an unquoted # as the start of a comment: quote it, {entry.key}: "{value}"'
        return ""

    def read(self, field: str, parse: Callable[[Node], T | Invalid], expected: str, required: bool = False) -> T | None:
        """Apply `parse` to the field, recording its Invalid result."""
        entry = self.entry(field, required, expected)
        if entry is None:
            return None
        result = parse(entry.value)
        if isinstance(result, Invalid):
            self.problem(entry.value.line, field, result.message)
            return None
        return result

    def text(
        self,
        field: str,
        required: bool = False,
        paragraphs: bool = False,
        max_chars: int = FEW_LINES_CHARS,
        too_long: str | None = TOO_LONG,
    ) -> str | None:
        """Text (see `parse_text`); `too_long=None` for a limit the contract sets."""
        expected = text_phrase(max_chars, too_long)
        return self.read(field, lambda node: parse_text(node, max_chars, paragraphs, too_long), expected, required)

    def integer(self, field: str, low: int, high: int | None, unit: str = "", required: bool = False) -> int | None:
        expected = whole_number_phrase(low, high, unit)
        return self.read(field, lambda node: parse_integer(node, low, high, unit), expected, required)

    def texts(self, field: str) -> tuple[str, ...]:
        """A list of text, or one text standing for a list of one."""
        return self.read(field, parse_texts, "a list of text") or ()

    def items(self, field: str, parse_item: Callable[[Node], T | Invalid], expected: str) -> tuple[T, ...]:
        """A list whose items are each read by `parse_item`."""
        entry = self.entry(field, False, expected)
        if entry is None:
            return ()
        if not isinstance(entry.value, Sequence):
            self.problem(entry.value.line, field, f"expected {expected}, got {describe(entry.value)}")
            return ()
        values: list[T] = []
        for number, node in enumerate(entry.value.items, start=1):
            result = parse_item(node)
            if isinstance(result, Invalid):
                self.problem(node.line, field, f"item {number}: {result.message}")
            else:
                values.append(result)
        return tuple(values)

    def url(self, field: str, https_only: bool = True) -> str | None:
        return self.read(field, lambda node: parse_url(node, https_only), "an https:// link")

    def asset(self, field: str, assets: Path, required: bool = False) -> Path | None:
        return self.read(field, lambda node: parse_asset(node, assets), "a path inside the assets folder", required)

    def image(self, field: str, assets: Path) -> ImageInfo | None:
        return self.read(field, lambda node: parse_image(node, assets), "a path inside the assets folder")

    def by_language(self, field: str, required: bool, expected: str) -> list[tuple[str, Entry]]:
        """The entries of a mapping keyed by language, such as
        `translations:`, each with its language code (BCP 47); a key that is
        not one is reported."""
        entry = self.entry(field, required, expected)
        if entry is None:
            return []
        if not isinstance(entry.value, Mapping):
            self.problem(entry.value.line, field, f"expected {expected}, got {describe(entry.value)}")
            return []
        tagged: list[tuple[str, Entry]] = []
        for item in entry.value.entries:
            tag = normalise_tag(item.key)
            if tag is None:
                self.problem(item.line, field, language_problem(item.key))
            else:
                tagged.append((tag, item))
        return tagged

    def section(self, field: str, known: Iterable[str], example: str) -> FieldReader | None:
        """A reader for a nested mapping such as `colors:`, or None."""
        entry = self.entry(field, False, example)
        if entry is None:
            return None
        if not isinstance(entry.value, Mapping):
            self.problem(entry.value.line, field, f"expected a mapping such as {example}, got {describe(entry.value)}")
            return None
        return FieldReader(self.path, entry.value, self.problems, known, self.strict, f"{self.prefix}{field}.")


def parse_record(
    node: Node, shape: str, parsers: Table[str, Callable[[Node], object]], required: tuple[str, ...]
) -> dict[str, object] | Invalid:
    """A small mapping such as a quote {text, source}: each key read by its
    parser, unknown keys refused with a suggestion, required keys present."""
    if not isinstance(node, Mapping):
        return Invalid(f"expected {shape}, got {describe(node)}")
    values: dict[str, object] = {}
    for entry in node.entries:
        parse = parsers.get(entry.key)
        if parse is None:
            return Invalid(f"unknown field {shown(entry.key)} in {shape}{did_you_mean(entry.key, parsers)}")
        value = parse(entry.value)
        if isinstance(value, Invalid):
            return Invalid(f"{entry.key}: {value.message}")
        values[entry.key] = value
    missing = [key for key in required if key not in values]
    if missing:
        return Invalid(f"{shape} needs {' and '.join(missing)}")
    return values


def whole_number_phrase(low: int, high: int | None, unit: str = "") -> str:
    of = f" of {unit}" if unit else ""
    if high is None:
        return f"a whole number{of} of at least {low}"
    return f"a whole number{of} from {low} to {high}"


def text_phrase(max_chars: int, too_long: str | None) -> str:
    """What a text field expects: with a contract's limit, its range."""
    return "text" if too_long is not None else f"text of 1 to {max_chars} characters"


def parse_text(node: Node, max_chars: int, paragraphs: bool = False, too_long: str | None = None) -> str | Invalid:
    """Plain text as the contract reads it (see chars.py): runs of breaking
    white space folded, invisible characters kept, bidirectional controls
    refused; with `paragraphs`, paragraph breaks kept as "\n\n". Longer
    than `max_chars` is refused with the contract's range, or for a sanity
    limit with `too_long` (what the user should do)."""
    expected = f"expected {text_phrase(max_chars, too_long)}"
    if not isinstance(node, Scalar):
        return Invalid(f"{expected}, got {describe(node)}")
    bad = chars.CONTROL.search(node.text)
    if bad is not None:
        return Invalid(f"contains the control character {chars.name(bad[0])}; remove it")
    refused = chars.REFUSED.search(node.text)
    if refused is not None:
        return Invalid(
            f"contains the invisible character {chars.name(refused[0])}, which can make the printed text read "
            "differently from the file; remove it"
        )
    text = chars.clean(node.text)
    text = "\n\n".join(chars.paragraphs(text)) if paragraphs else chars.fold(text)
    if not chars.visible(text).strip():
        return Invalid(f"{expected}, got nothing")
    if len(text) > max_chars:
        if too_long is not None:
            return Invalid(f"got {len(text):,} characters, {too_long}")
        return Invalid(f"{expected}, got {len(text)} characters")
    return text


def parse_integer(node: Node, low: int, high: int | None, unit: str = "") -> int | Invalid:
    """A whole number written in decimal digits, within [low, high]."""
    expected = f"expected {whole_number_phrase(low, high, unit)}"
    if not isinstance(node, Scalar):
        return Invalid(f"{expected}, got {describe(node)}")
    text = node.text.strip()
    if not _WHOLE_NUMBER.fullmatch(text):
        hint = ""
        clock = _SEXAGESIMAL.fullmatch(text)
        if clock and unit == "minutes":
            hint = f" (write {int(clock[1]) * 60 + int(clock[2])} for {clock[1]} h {clock[2]} min)"
        return Invalid(f"{expected}, got {shown(node.text)}{hint}")
    if len(text.lstrip("+0")) > _MAX_DIGITS:  # far out of range, and int() refuses 4,300 digits and more
        return Invalid(f"{expected}, got {shown(text)}")
    value = int(text)
    if value < low or (high is not None and value > high):
        return Invalid(f"{expected}, got {value}")
    return value


def parse_numbers(node: Node, count: int, high: float, expected: str) -> tuple[float, ...] | Invalid:
    """A list of `count` numbers from 0 to `high`, such as CMYK percentages
    or a point's fractions; `expected` begins the message."""
    if not isinstance(node, Sequence) or len(node.items) != count:
        return Invalid(f"{expected}, got {describe(node)}")
    values = []
    for item in node.items:
        try:
            value = float(item.text) if isinstance(item, Scalar) else -1.0
        except ValueError:
            value = -1.0
        if not 0 <= value <= high:
            return Invalid(f"{expected}, got {describe(item)}")
        values.append(value)
    return tuple(values)


def parse_texts(node: Node) -> tuple[str, ...] | Invalid:
    """A list of short texts (or one, standing for a list of one)."""
    if isinstance(node, Mapping):
        return Invalid(f"expected a list of text, got {describe(node)}")
    if isinstance(node, Scalar):
        single = parse_short(node)
        return single if isinstance(single, Invalid) else (single,)
    values: list[str] = []
    for number, item in enumerate(node.items, start=1):
        result = parse_short(item)
        if isinstance(result, Invalid):
            return Invalid(f"item {number}: {result.message}")
        values.append(result)
    return tuple(values)


def parse_short(node: Node) -> str | Invalid:
    """Text a sheet prints in a few lines (a name, a version, an award)."""
    return parse_text(node, FEW_LINES_CHARS, too_long=TOO_LONG)


def parse_language(node: Node) -> str | Invalid:
    """A BCP 47 language code (en, ar, ja, zh-Hant, pt-BR), in its usual case."""
    if not isinstance(node, Scalar):
        return Invalid(f"expected a language code such as en, fr, pt-BR or zh-Hant, got {describe(node)}")
    tag = normalise_tag(node.text)
    return tag if tag is not None else Invalid(language_problem(node.text))


def parse_url(node: Node, https_only: bool = True) -> str | Invalid:
    """A web link (see links.py): nothing else may become a link in a PDF."""
    if not isinstance(node, Scalar):
        return Invalid(f"expected an https:// link, got {describe(node)}")
    text = chars.clean(node.text).strip()
    problem = check_link(text, https_only)
    return Invalid(problem) if problem else text


def parse_image(node: Node, assets: Path) -> ImageInfo | Invalid:
    """An asset path to an image that decodes whole (see images.py)."""
    path = parse_asset(node, assets)
    if isinstance(path, Invalid):
        return path
    try:
        return inspect_image(path)
    except ImageError as exc:
        return Invalid(str(exc))


def parse_asset(node: Node, assets: Path) -> Path | Invalid:
    """A path relative to the assets folder that stays inside it, even
    through symbolic links, and names an existing file."""
    if not isinstance(node, Scalar):
        return Invalid(f"expected a path inside the assets folder, got {describe(node)}")
    text = node.text.strip()
    relative = Path(text)
    if relative.is_absolute() or text.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", text):
        return Invalid(f"expected a path relative to the assets folder, got the absolute path {shown(text)}")
    try:
        root = assets.resolve()
        target = (root / relative).resolve()
    except RuntimeError:  # Python's word for a loop of symbolic links
        return Invalid(f"{shown(text)} is a symbolic link that loops; point it at a file")
    if not target.is_relative_to(root):
        return Invalid(f"{shown(text)} points outside the assets folder; keep images and fonts inside {assets}")
    if not target.is_file():
        return Invalid(f"no file {shown(text)} in {assets}")
    return target
