"""YAML files -> raw node trees that remember the line of every value.

Nothing here interprets a value. Scalars keep the exact text the user typed,
so YAML 1.1's surprises (`NO` -> False, `1:20` -> 80, `012` -> 10) cannot
happen: `model.py` reads each field by its own type. Loading only composes
nodes, never constructs objects, and refuses what a hand-written programme
file never needs: tags, aliases, duplicate keys, several documents.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from . import chars
from .errors import OnesheetError, Problem, shown

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 16
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # scalars stay text: no implicit typing to undo


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _Shallow(yaml.BaseLoader):
    """The pure-Python composer, for text that may nest deeper than libyaml's
    C composer survives (it crashes the process): it stops at the first
    node nested deeper than a programme file may be, with its line, instead
    of composing on to Python's recursion limit (1.7 s for 50,000 brackets,
    now 0.3 s)."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH + 1:  # the document's root is the first level
                raise _TooDeep(self.peek_event().start_mark.line + 1)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


@dataclass(frozen=True)
class Scalar:
    text: str
    line: int
    plain: bool  # unquoted, so `~` or an empty value means "not set"

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in _NULLS


@dataclass(frozen=True)
class Sequence:
    items: tuple[Node, ...]
    line: int


@dataclass(frozen=True)
class Entry:
    key: str
    line: int
    value: Node


@dataclass(frozen=True)
class Mapping:
    entries: tuple[Entry, ...]
    line: int
    digest: str = ""  # of a file's top-level mapping: the SHA-256 of the bytes it was read from


Node = Scalar | Sequence | Mapping


def describe(node: Node) -> str:
    """How an error message names what the user wrote instead."""
    if isinstance(node, Scalar):
        return "nothing" if node.is_null else shown(node.text)
    return "a list" if isinstance(node, Sequence) else "a mapping"


def load_mapping(path: Path, what: str, problems: list[Problem]) -> Mapping:
    """Read one YAML file whose top level must be a mapping of fields.

    Problems that leave the rest readable (a duplicate key, a tag, an alias)
    are added to `problems` and the file is still returned, so that its
    fields are checked too; a file that cannot be read at all raises
    OnesheetError. `what` names the expected content for error messages.
    """
    data = read_bytes(path)
    # Line and paragraph separators pasted into a file are read as spaces:
    # YAML would take them for line ends and misread the lines after them.
    text = _decode(path, data).replace("\u2028", " ").replace("\u2029", " ")
    control = chars.CONTROL.search(text)
    if control is not None:  # YAML refuses them too, but names no line
        at = text.count("\n", 0, control.start()) + 1
        column = control.start() - text.rfind("\n", 0, control.start())
        raise OnesheetError(
            [
                Problem(
                    path, at, None,
                    f"contains the control character {chars.name(control[0])} at column {column}; remove it "
                    "(files damaged in transfer, or text pasted from a terminal, carry such bytes)",
                )
            ]
        )  # fmt: skip
    try:
        root = yaml.compose(text, Loader=_Shallow if _looks_deep(text) else _Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        first = exc.context_mark or mark
        for number, spaces in _pasted_indents(text):  # the cause is on the line the error's context starts
            if first and line and first.line + 1 <= number <= line:
                raise OnesheetError([Problem(path, number, None, _pasted(spaces))]) from None
        reason = exc.problem or exc.context or "not valid YAML"
        if "another document" in reason:
            reason = "found a second document ('---'); keep one per file"
        elif "cannot start any token" in reason and "\t" in _line(text, line):
            reason += "; indent with spaces, not tabs"
        raise OnesheetError([Problem(path, line, None, f"not valid YAML: {reason}")]) from None
    except yaml.YAMLError as exc:
        raise OnesheetError([Problem(path, None, None, f"not valid YAML: {exc}")]) from None
    except _TooDeep as exc:
        raise OnesheetError([Problem(path, exc.line, None, f"nested more than {MAX_DEPTH} levels deep")]) from None
    if root is None:
        raise OnesheetError([Problem(path, None, None, f"the file is empty; expected {what}")])
    node = _convert(root, path, problems, depth=0, seen=set())
    if not isinstance(node, Mapping):
        raise OnesheetError(
            [Problem(path, node.line, None, f"expected a mapping of fields ({what}), got {describe(node)}")]
        )
    return replace(node, digest=hashlib.sha256(data).hexdigest())


_UNICODE_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_PASTED_INDENT = re.compile(f"^[ \t]*([{_UNICODE_SPACES}][ \t{_UNICODE_SPACES}]*)", re.MULTILINE)


def _pasted_indents(text: str) -> list[tuple[int, str]]:
    """Lines indented with other spaces than the space character (a no-break
    space from a word processor, say), which YAML does not count as
    indentation: their numbers and those spaces."""
    if not re.search(f"[{_UNICODE_SPACES}]", text):
        return []
    return [(text.count("\n", 0, match.start()) + 1, match[1]) for match in _PASTED_INDENT.finditer(text)]


def _pasted(spaces: str) -> str:
    char = spaces.strip(" \t")[0]
    name = unicodedata.name(char, "space").lower()
    return f"indented with a {name} (U+{ord(char):04X}), as pasted from a word processor; indent with ordinary spaces"


def _line(text: str, number: int | None) -> str:
    lines = text.splitlines()
    return lines[number - 1] if number and number <= len(lines) else ""


_FLOW_BRACKETS = re.compile(r"[\[\]{}]")
_DEEP_BLOCKS = re.compile(r"^ {64}|(?:- +){12}", re.MULTILINE)


def _looks_deep(text: str) -> bool:
    """Whether a text may nest deeper than libyaml's C composer survives (it
    crashes the process); such text goes to the pure-Python composer
    (`_Shallow`), which stops at the first node too deep. Brackets inside quotes count too:
    a false alarm only costs speed."""
    if _DEEP_BLOCKS.search(text):
        return True
    depth = 0
    for match in _FLOW_BRACKETS.finditer(text):
        depth += 1 if match[0] in "[{" else -1
        if depth > 2 * MAX_DEPTH:
            return True
    return False


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES, why: str = "a programme file is text") -> bytes:
    """A file's bytes, refused (saying `why`) past `max_bytes`."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise OnesheetError([Problem(path, None, None, "is a folder, not a file; rename or move it")])
        if not stat.S_ISREG(mode):  # a pipe would wait forever
            raise OnesheetError([Problem(path, None, None, "is not a regular file (a pipe or device); remove it")])
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise OnesheetError([Problem(path, None, None, _unreadable(path, exc))]) from None
    if len(data) > max_bytes:
        raise OnesheetError(
            [Problem(path, None, None, f"the file is larger than {max_bytes // 1024 // 1024} MB; {why}")]
        )
    return data


def _unreadable(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "is a symbolic link that leads back to itself; remove it, or point it at a file"
    if exc.errno == errno.ENOENT and path.is_symlink():
        target = shown(os.readlink(path))
        return f"is a symbolic link to {target}, which does not exist; restore that file or remove the link"
    return f"cannot be read: {exc.strerror}"


# Byte-order marks, longest first: YAML reads UTF-8, UTF-16 and UTF-32, and
# Windows editors save "Unicode" text as UTF-16 with a mark.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def _decode(path: Path, data: bytes) -> str:
    """The text of a file in UTF-8, or in UTF-16 or UTF-32 with a byte-order mark."""
    codec, name = next(((codec, name) for mark, codec, name in _MARKS if data.startswith(mark)), ("utf-8", "UTF-8"))
    try:
        return data.decode(codec).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(codec, "replace").count("\n") + 1
        byte = data[exc.start]
        message = f"the file is not {name} (byte 0x{byte:02X}); save it with UTF-8 encoding"
        raise OnesheetError([Problem(path, line, None, message)]) from None


def _convert(
    node: yaml.Node, path: Path, problems: list[Problem], depth: int, seen: set[int], used_at: int | None = None
) -> Node:
    """Convert a composed node; `used_at` is the line that refers to it (for
    an alias, the anchor's node comes back with the anchor's line)."""
    line = node.start_mark.line + 1
    if id(node) in seen:
        line = used_at or line
        if not any(p.message.startswith("aliases") for p in problems if p.path == path):
            problems.append(Problem(path, line, None, "aliases (*name) are not supported; write the value out in full"))
        return Scalar("", line, plain=True)
    seen.add(id(node))
    if depth > MAX_DEPTH:
        problems.append(Problem(path, line, None, f"nested more than {MAX_DEPTH} levels deep"))
        return Scalar("", line, plain=True)
    if node.tag not in _PLAIN_TAGS:
        problems.append(Problem(path, line, None, f"the tag '{node.tag}' is not allowed; remove it"))
    if isinstance(node, yaml.ScalarNode):
        return Scalar(node.value, line, plain=node.style in (None, ""))
    if isinstance(node, yaml.SequenceNode):
        return Sequence(tuple(_convert(item, path, problems, depth + 1, seen, line) for item in node.value), line)
    entries: list[Entry] = []
    first_line: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, path, problems, depth + 1, seen)
        value = _convert(value_node, path, problems, depth + 1, seen, key_node.start_mark.line + 1)
        if not isinstance(key, Scalar):
            problems.append(Problem(path, key.line, None, f"a field name must be text, got {describe(key)}"))
            continue
        if re.match(f"[{_UNICODE_SPACES}]", key.text):  # a key YAML took whole, indentation included
            raise OnesheetError([Problem(path, key.line, None, _pasted(key.text))])
        if key.text in first_line:
            problems.append(
                Problem(path, key.line, key.text, f"appears twice (first on line {first_line[key.text]}); keep one")
            )
            continue
        first_line[key.text] = key.line
        entries.append(Entry(key.text, key.line, value))
    return Mapping(tuple(entries), line)
