"""Typed readers for the fields of a raw mapping, shared by programme, brand
and selection files.

Each reader returns the value, or None after recording a Problem that names
the file, the line and the field: a file is read to the end so that all its
problems are reported at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from collections.abc import Mapping as Table
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from .errors import Problem, did_you_mean
from .images import ImageError, ImageInfo, inspect_image
from .load import Entry, Mapping, Node, Scalar, Sequence, describe

T = TypeVar("T")


@dataclass(frozen=True)
class Invalid:
    """What a parser returns instead of a value: the error message."""

    message: str


_WHOLE_NUMBER = re.compile(r"[+]?[0-9]+")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*")
_SEXAGESIMAL = re.compile(r"([0-9]+):([0-5][0-9])")
# Format characters (Unicode category Cf): bidirectional overrides can make
# printed text read differently from what was typed; zero-width characters
# and soft hyphens hide in copied text. None of them belongs on a sheet.
_INVISIBLE = re.compile(  # every character of category Cf in Unicode 15
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # category Cc, less tab and line ends


class FieldReader:
    """Reads the fields of one mapping, collecting problems into `problems`."""

    def __init__(self, path: Path, mapping: Mapping, problems: list[Problem], known: Iterable[str]) -> None:
        self.path = path
        self.mapping = mapping
        self.problems = problems
        self._entries = {entry.key: entry for entry in mapping.entries}
        known = tuple(known)
        for entry in mapping.entries:
            if entry.key not in known:
                self.problem(entry.line, entry.key, "unknown field" + did_you_mean(entry.key, known))

    def problem(self, line: int | None, field: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, field, message))

    def line(self, field: str) -> int:
        entry = self._entries.get(field)
        return entry.line if entry else self.mapping.line

    def entry(self, field: str, required: bool, expected: str) -> Entry | None:
        """The field's entry, or None when it is absent or set to nothing."""
        entry = self._entries.get(field)
        if entry is None or (isinstance(entry.value, Scalar) and entry.value.is_null):
            if required:
                self.problem(self.line(field), field, f"required field is missing; expected {expected}")
            return None
        return entry

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

    def text(self, field: str, max_chars: int, required: bool = False, paragraphs: bool = False) -> str | None:
        expected = f"text of 1 to {max_chars} characters"
        return self.read(field, lambda node: parse_text(node, max_chars, paragraphs), expected, required)

    def integer(self, field: str, low: int, high: int | None, unit: str = "", required: bool = False) -> int | None:
        expected = whole_number_phrase(low, high, unit)
        return self.read(field, lambda node: parse_integer(node, low, high, unit), expected, required)

    def texts(self, field: str, max_chars: int = 200) -> tuple[str, ...]:
        """A list of text, or one text standing for a list of one."""
        return self.read(field, lambda node: parse_texts(node, max_chars), "a list of text") or ()

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

    def url(self, field: str) -> str | None:
        return self.read(field, parse_url, "an https:// link")

    def asset(self, field: str, assets: Path, required: bool = False) -> Path | None:
        return self.read(field, lambda node: parse_asset(node, assets), "a path inside the assets folder", required)

    def image(self, field: str, assets: Path) -> ImageInfo | None:
        """An asset path to a JPEG or PNG image that decodes whole."""
        path = self.asset(field, assets)
        if path is None:
            return None
        try:
            return inspect_image(path)
        except ImageError as exc:
            self.problem(self.line(field), field, str(exc))
            return None

    def section(self, field: str, known: Iterable[str], example: str) -> FieldReader | None:
        """A reader for a nested mapping such as `colors:`, or None."""
        entry = self.entry(field, False, example)
        if entry is None:
            return None
        if not isinstance(entry.value, Mapping):
            self.problem(entry.value.line, field, f"expected a mapping such as {example}, got {describe(entry.value)}")
            return None
        return FieldReader(self.path, entry.value, self.problems, known)


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
            return Invalid(f"unknown field '{entry.key}' in {shape}{did_you_mean(entry.key, parsers)}")
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


def parse_text(node: Node, max_chars: int, paragraphs: bool = False) -> str | Invalid:
    """Plain text with runs of white space folded; with `paragraphs`, blank
    lines are kept as paragraph breaks ("\\n\\n")."""
    expected = f"expected text of 1 to {max_chars} characters"
    if not isinstance(node, Scalar):
        return Invalid(f"{expected}, got {describe(node)}")
    bad = _CONTROL.search(node.text)
    if bad is not None:
        return Invalid(f"contains the control character U+{ord(bad[0]):04X}; remove it")
    hidden = _INVISIBLE.search(node.text)
    if hidden is not None:
        char = hidden[0]
        name = unicodedata.name(char, "format character")
        return Invalid(f"contains the invisible character U+{ord(char):04X} ({name}); remove it")
    if paragraphs:
        parts = (" ".join(block.split()) for block in re.split(r"\n[ \t\r]*\n", node.text))
        text = "\n\n".join(part for part in parts if part)
    else:
        text = " ".join(node.text.split())
    if not text:
        return Invalid(f"{expected}, got nothing")
    if len(text) > max_chars:
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
        return Invalid(f"{expected}, got '{node.text}'{hint}")
    value = int(text)
    if value < low or (high is not None and value > high):
        return Invalid(f"{expected}, got {value}")
    return value


def parse_texts(node: Node, max_chars: int) -> tuple[str, ...] | Invalid:
    if isinstance(node, Mapping):
        return Invalid(f"expected a list of text, got {describe(node)}")
    if isinstance(node, Scalar):
        single = parse_text(node, max_chars)
        return single if isinstance(single, Invalid) else (single,)
    values: list[str] = []
    for number, item in enumerate(node.items, start=1):
        result = parse_text(item, max_chars)
        if isinstance(result, Invalid):
            return Invalid(f"item {number}: {result.message}")
        values.append(result)
    return tuple(values)


def parse_language(node: Node) -> str | Invalid:
    """A BCP 47 language code: language, then optional script and region
    (en, ar, ja, zh-Hant, pt-BR)."""
    if isinstance(node, Scalar) and _LANGUAGE.fullmatch(node.text.strip()):
        return node.text.strip()
    shown = repr(node.text) if isinstance(node, Scalar) else describe(node)
    return Invalid(f"expected a language code such as en, ar, ja or zh-Hant, got {shown}")


def parse_url(node: Node) -> str | Invalid:
    """An http(s) link: nothing else may become a link in a PDF."""
    if not isinstance(node, Scalar):
        return Invalid(f"expected an https:// link, got {describe(node)}")
    text = node.text.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("https", "http") or not parts.hostname or any(c.isspace() for c in text):
        return Invalid(f"expected an https:// link, got '{node.text}'")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in text):
        return Invalid("the link contains invisible or control characters; type it again")
    return text


def parse_asset(node: Node, assets: Path) -> Path | Invalid:
    """A path relative to the assets folder that stays inside it, even
    through symbolic links, and names an existing file."""
    if not isinstance(node, Scalar):
        return Invalid(f"expected a path inside the assets folder, got {describe(node)}")
    text = node.text.strip()
    relative = Path(text)
    if relative.is_absolute() or text.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", text):
        return Invalid(f"expected a path relative to the assets folder, got the absolute path '{text}'")
    root = assets.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        return Invalid(f"'{text}' points outside the assets folder; keep images and fonts inside {assets}")
    if not target.is_file():
        return Invalid(f"no file '{text}' in {assets}")
    return target
