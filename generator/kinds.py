"""What a field holds, declared once: the field tables of programme, brand,
buyers and selection files are lists of `Field`s, each with a `Kind`.

A kind knows how a value is read from a YAML node and checked (through
`FieldReader`, so that every message is the reader's), its JSON Schema, how
it is written back to a file (`raw`: plain str/int/list/dict for YAML and
JSON), and how a spreadsheet cell holds it. Validation, `onesheet schema`,
import, export and `onesheet new` all read the same entries, so they cannot
drift apart; adding a field is one entry in a table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, is_dataclass
from pathlib import Path
from typing import Any, Protocol, TypeAlias

from . import cells
from .errors import shown
from .fields import (
    FEW_LINES_CHARS,
    TOO_LONG,
    FieldReader,
    Invalid,
    parse_image,
    parse_integer,
    parse_numbers,
    parse_record,
    parse_short,
    parse_text,
    parse_texts,
    parse_url,
    text_phrase,
    whole_number_phrase,
)
from .images import ImageInfo
from .load import Mapping, Node, Scalar, describe

Raw: TypeAlias = "str | int | float | list[Raw] | dict[str, Raw]"
Schema: TypeAlias = dict[str, Any]
SCALAR = ["string", "number", "boolean"]  # what YAML may type a plain scalar as; the readers take them all as text


class CellContext(Protocol):
    """What reading a cell needs besides its text: the assets folder and the
    programmes that related titles may name."""

    def image(self, text: str) -> str | Invalid: ...

    def programmes(self, text: str) -> list[str] | Invalid: ...


class Kind:
    """A plain value read by `parse`; subclasses set `expected`."""

    expected = "a value"

    def parse(self, node: Node, assets: Path) -> object:
        raise NotImplementedError

    def read(self, reader: FieldReader, name: str, required: bool, assets: Path) -> object:
        return reader.read(name, lambda node: self.parse(node, assets), self.expected, required)

    def schema(self) -> Schema:
        raise NotImplementedError

    def raw(self, value: Any, assets: Path) -> Raw:
        """A value as written in a file."""
        return value  # type: ignore[no-any-return]

    def cell(self, text: str, context: CellContext) -> Raw | Invalid:
        """A spreadsheet cell (stripped, not empty) as written in a file."""
        return cells.fold(text)

    def show(self, raw: Raw) -> str:
        """A value as written in a file, as a cell that `cell` reads back."""
        return str(raw)


@dataclass(frozen=True)
class Custom(Kind):
    """A value of its own kind: its parser, what it expects, its schema."""

    parser: Callable[[Node], object]
    wanted: str
    json: Schema

    @property
    def expected(self) -> str:  # type: ignore[override]
        return self.wanted

    def parse(self, node: Node, assets: Path) -> object:
        return self.parser(node)

    def schema(self) -> Schema:
        return self.json


@dataclass(frozen=True)
class Text(Kind):
    """Text with white space folded; with `paragraphs`, blank lines kept as
    paragraph breaks. `max_chars` is the contract's limit when `too_long`
    is None, else a sanity limit whose message says what to do."""

    max_chars: int = FEW_LINES_CHARS
    paragraphs: bool = False
    too_long: str | None = TOO_LONG

    @property
    def expected(self) -> str:  # type: ignore[override]
        return text_phrase(self.max_chars, self.too_long)

    def parse(self, node: Node, assets: Path) -> object:
        return parse_text(node, self.max_chars, self.paragraphs, self.too_long)

    def schema(self) -> Schema:
        return {"type": SCALAR, "maxLength": self.max_chars}


@dataclass(frozen=True)
class Paragraphs(Text):
    """Text whose blank lines separate paragraphs; the value is the tuple
    of paragraphs. A multi-line cell has a paragraph a line."""

    def parse(self, node: Node, assets: Path) -> object:
        text = parse_text(node, self.max_chars, True, self.too_long)
        return text if isinstance(text, Invalid) else tuple(text.split("\n\n"))

    def raw(self, value: Any, assets: Path) -> Raw:
        return "\n\n".join(value)

    def cell(self, text: str, context: CellContext) -> Raw | Invalid:
        return cells.paragraphs(text)


@dataclass(frozen=True)
class Integer(Kind):
    low: int
    high: int | None = None
    unit: str = ""

    @property
    def expected(self) -> str:  # type: ignore[override]
        return whole_number_phrase(self.low, self.high, self.unit)

    def parse(self, node: Node, assets: Path) -> int | Invalid:
        return parse_integer(node, self.low, self.high, self.unit)

    def schema(self) -> Schema:
        bounds = {"minimum": self.low} | ({"maximum": self.high} if self.high is not None else {})
        return {"type": "integer", **bounds}

    def cell(self, text: str, context: CellContext) -> Raw | Invalid:
        text = text.strip()
        return int(text) if text.isascii() and text.isdigit() else text


@dataclass(frozen=True)
class Texts(Kind):
    """A list of text, or one text standing for a list of one. In a cell:
    one item a line, or separated by semicolons, or by commas (unless
    `commas` is off: awards name festivals with commas), and with `names`
    also by `&` and `and`."""

    commas: bool = True
    names: bool = False
    expected = "a list of text"

    def parse(self, node: Node, assets: Path) -> tuple[str, ...] | Invalid:
        return parse_texts(node)

    def read(self, reader: FieldReader, name: str, required: bool, assets: Path) -> object:
        return super().read(reader, name, required, assets) or ()

    def schema(self) -> Schema:
        item = {"type": SCALAR, "maxLength": FEW_LINES_CHARS}
        return {"anyOf": [item, {"type": "array", "items": item}]}

    def raw(self, value: Any, assets: Path) -> Raw:
        return list(value)

    def cell(self, text: str, context: CellContext) -> Raw | Invalid:
        return list[Raw](cells.split_list(text, self.commas, self.names))

    def show(self, raw: Raw) -> str:
        assert isinstance(raw, list)
        return cells.join_list([str(item) for item in raw], self.commas)


@dataclass(frozen=True)
class Url(Kind):
    """A web link; `https_only` refuses http:// (links a buyer follows)."""

    https_only: bool = True
    expected = "an https:// link"

    def parse(self, node: Node, assets: Path) -> str | Invalid:
        return parse_url(node, self.https_only)

    def schema(self) -> Schema:
        return {
            "type": "string",
            "pattern": r"^\s*[Hh][Tt][Tt][Pp][Ss]" + ("" if self.https_only else "?") + r"://\S+\s*$",
        }

    def cell(self, text: str, context: CellContext) -> Raw | Invalid:
        """A link; `vimeo.com/123` typed without its scheme gets https://."""
        text = text.strip()
        if "://" not in text and "." in text.split("/")[0] and " " not in text:
            return f"https://{text}"
        return text


@dataclass(frozen=True)
class Image(Kind):
    """A JPEG or PNG in the assets folder; in a cell, its file name is
    enough."""

    expected = "a path inside the assets folder"

    def parse(self, node: Node, assets: Path) -> object:
        return parse_image(node, assets)

    def read(self, reader: FieldReader, name: str, required: bool, assets: Path) -> object:
        return reader.image(name, assets)

    def schema(self) -> Schema:
        return {"type": "string", "pattern": r"\S"}

    def raw(self, value: Any, assets: Path) -> Raw:
        assert isinstance(value, ImageInfo)
        return value.path.relative_to(assets.resolve()).as_posix()

    def cell(self, text: str, context: CellContext) -> Raw | Invalid:
        return context.image(text)


class KeyArt(Kind):
    """The main picture: a path, or {file, focus: [x, y]} with the point any
    crop keeps in view (fractions of the width and height from the top
    left); the value is (image, focus). In a cell: `x.jpg @ 0.5, 0.3`."""

    expected = "a path inside the assets folder"
    FOCUS = "expected [x, y]: fractions of the width and height from the top left, such as [0.5, 0.3]"

    def parse(self, node: Node, assets: Path) -> object:
        if not isinstance(node, Mapping):
            image = parse_image(node, assets)
            return image if isinstance(image, Invalid) else (image, None)
        parsers = {"file": lambda n: parse_image(n, assets), "focus": self._point}
        values = parse_record(node, "key art {file, focus}", parsers, ("file",))
        return values if isinstance(values, Invalid) else (values["file"], values.get("focus"))

    def _point(self, node: Node) -> tuple[float, float] | Invalid:
        point = parse_numbers(node, 2, 1, self.FOCUS)
        return point if isinstance(point, Invalid) else (point[0], point[1])

    def schema(self) -> Schema:
        path = {"type": "string", "pattern": r"\S"}
        fraction = {"type": "number", "minimum": 0, "maximum": 1}
        focus = {"type": "array", "items": fraction, "minItems": 2, "maxItems": 2}
        record = {
            "type": "object",
            "properties": {"file": path, "focus": focus},
            "required": ["file"],
            "additionalProperties": False,
        }
        return {"anyOf": [path, record]}

    def raw(self, value: Any, assets: Path) -> Raw:
        image, focus = value
        path = Image().raw(image, assets)
        return {"file": path, "focus": [round(f, 4) for f in focus]} if focus else path

    def cell(self, text: str, context: CellContext) -> Raw | Invalid:
        name, at, point = text.partition(" @ ")
        image = context.image(name)
        if isinstance(image, Invalid) or not at:
            return image
        focus = cells.parse_point(point)
        return focus if isinstance(focus, Invalid) else {"file": image, "focus": [focus[0], focus[1]]}

    def show(self, raw: Raw) -> str:
        if isinstance(raw, dict):
            focus = raw["focus"]
            assert isinstance(focus, list)
            return f"{raw['file']} @ {focus[0]}, {focus[1]}"
        return str(raw)


@dataclass(frozen=True)
class Ids(Kind):
    """Programme ids; the value keeps each id's line for messages. In a
    cell, programmes are named by id or by title."""

    parse_item: Callable[[Node], tuple[str, int] | Invalid]
    expected = "a list of programme ids"

    def read(self, reader: FieldReader, name: str, required: bool, assets: Path) -> object:
        if required and reader.entry(name, True, self.expected) is None:
            return ()
        return reader.items(name, self.parse_item, self.expected)

    def schema(self) -> Schema:
        return {"type": "array", "items": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}}

    def raw(self, value: Any, assets: Path) -> Raw:
        return [item if isinstance(item, str) else item[0] for item in value]

    def cell(self, text: str, context: CellContext) -> Raw | Invalid:
        ids = context.programmes(text)
        return ids if isinstance(ids, Invalid) else list[Raw](ids)

    def show(self, raw: Raw) -> str:
        assert isinstance(raw, list)
        return cells.join_list([str(item) for item in raw])


@dataclass(frozen=True)
class Record(Kind):
    """A list of small mappings such as quotes {text, source}, each made
    into `make(**values)`; with `scalar`, a plain text item stands for a
    record of that one field."""

    shape: str  # "a quote {text, source}"
    table: tuple[Field, ...]
    make: Callable[..., object]
    scalar: str | None = None
    plural: str = ""  # what a list of them is called in messages; default "a list of {text, source}"

    @property
    def expected(self) -> str:  # type: ignore[override]
        names = ", ".join(f.name for f in self.table)
        return self.plural or f"a list of {{{names}}}"

    def single(self, node: Node) -> bool:
        """Whether an item is the scalar field alone."""
        return isinstance(node, Scalar)

    def item(self, node: Node, assets: Path) -> object:
        if self.scalar is not None and self.single(node):
            value = next(f for f in self.table if f.name == self.scalar).kind.parse(node, assets)
            return value if isinstance(value, Invalid) else self.make(**{self.scalar: value})
        parsers = {f.name: (lambda kind: lambda n: kind.parse(n, assets))(f.kind) for f in self.table}
        values = parse_record(node, self.shape, parsers, tuple(f.name for f in self.table if f.required))
        return values if isinstance(values, Invalid) else self.make(**values)

    def read(self, reader: FieldReader, name: str, required: bool, assets: Path) -> object:
        return reader.items(name, lambda node: self.item(node, assets), self.expected)

    def schema(self) -> Schema:
        record = table_schema(self.table)
        if self.scalar is None:
            return {"type": "array", "items": record}
        single = next(f for f in self.table if f.name == self.scalar).kind.schema()
        return {"type": "array", "items": {"anyOf": [single, record]}}

    def raw(self, value: Any, assets: Path) -> Raw:
        """Each item as a mapping, or as its scalar field alone when that is all it has."""
        items: list[Raw] = []
        for item in value:
            raw = table_raw(self.table, item, assets)
            items.append(raw[self.scalar] if self.scalar is not None and list(raw) == [self.scalar] else raw)
        return items


class Quotes(Record):
    """Press quotes; in a cell, one a line as `“text” — source`."""

    def cell(self, text: str, context: CellContext) -> Raw | Invalid:
        quotes: list[Raw] = []
        for line in text.splitlines():
            if line.strip():
                quote, source = cells.parse_quote(line)
                quotes.append({"text": quote, "source": source} if source else {"text": quote})
        return quotes

    def show(self, raw: Raw) -> str:
        assert isinstance(raw, list)
        quotes = [quote if isinstance(quote, dict) else {"text": quote} for quote in raw]
        return "\n".join(cells.show_quote(str(q["text"]), str(q["source"]) if "source" in q else None) for q in quotes)


class Awards(Record):
    """Festival selections and prizes: text, or {text, laurel}. In a cell,
    one a line (or separated by semicolons: festival names have commas),
    a laurel's image in brackets at the end: `CPH:DOX 2023 [cphdox.png]`."""

    def single(self, node: Node) -> bool:
        return not isinstance(node, Mapping)

    def cell(self, text: str, context: CellContext) -> Raw | Invalid:
        awards: list[Raw] = []
        for item in cells.split_list(text, commas=False):
            award, laurel = cells.parse_laurel(item)
            if laurel is None:
                awards.append(award)
                continue
            image = context.image(laurel)
            if isinstance(image, Invalid):
                return image
            awards.append({"text": award, "laurel": image})
        return awards

    def show(self, raw: Raw) -> str:
        assert isinstance(raw, list)
        items = [f"{a['text']} [{a['laurel']}]" if isinstance(a, dict) else str(a) for a in raw]
        return cells.join_list(items, commas=False)


class Cuts(Record):
    """Alternative cuts; in a cell, running times such as `1 x 90' or 2 x 52'`."""

    def cell(self, text: str, context: CellContext) -> Raw | Invalid:
        cuts = cells.parse_cuts(text)
        if isinstance(cuts, Invalid):
            return cuts
        return [
            {"duration": minutes} if episodes is None else {"episodes": episodes, "duration": minutes}
            for episodes, minutes in cuts
        ]

    def show(self, raw: Raw) -> str:
        assert isinstance(raw, list)
        shown = []
        for cut in raw:
            assert isinstance(cut, dict)
            episodes = cut.get("episodes")
            shown.append(cells.show_running_time(episodes if isinstance(episodes, int) else None, int(cut["duration"])))  # type: ignore[arg-type]
        return "; ".join(shown)


@dataclass(frozen=True)
class Credits(Kind):
    """Further credits, role -> one name or several. In a cell, one role a
    line: `Producer: Anne-Sophie Roux`; a column named after a role (such
    as Producer) holds that role's names."""

    make: Callable[[str, tuple[str, ...]], object]
    expected = "a mapping of role: name"

    def parse(self, node: Node, assets: Path) -> tuple[object, ...] | Invalid:
        if not isinstance(node, Mapping):
            return Invalid(f"expected a mapping of role: name, got {describe(node)}")
        credits: list[object] = []
        for entry in node.entries:
            names = parse_texts(entry.value) if not isinstance(entry.value, Mapping) else None
            if names is None or isinstance(names, Invalid) or not names:
                detail = names.message if isinstance(names, Invalid) else "expected a name or a list of names"
                return Invalid(f"{entry.key}: {detail}")
            role = parse_short(Scalar(entry.key, entry.line, plain=False))
            if isinstance(role, Invalid):
                return Invalid(f"the role {shown(entry.key)}: {role.message}")
            credits.append(self.make(role, names))
        return tuple(credits)

    def read(self, reader: FieldReader, name: str, required: bool, assets: Path) -> object:
        return super().read(reader, name, required, assets) or ()

    def schema(self) -> Schema:
        names = {"type": SCALAR, "maxLength": FEW_LINES_CHARS}
        return {
            "type": "object",
            "propertyNames": {"minLength": 1, "maxLength": FEW_LINES_CHARS},
            "additionalProperties": {"anyOf": [names, {"type": "array", "items": names, "minItems": 1}]},
        }

    def raw(self, value: Any, assets: Path) -> Raw:
        return {credit.role: credit.names[0] if len(credit.names) == 1 else list(credit.names) for credit in value}

    def cell(self, text: str, context: CellContext) -> Raw | Invalid:
        credits: dict[str, Raw] = {}
        for line in text.splitlines():
            if not line.strip():
                continue
            role, colon, names = line.partition(":")
            if not colon or not names.strip():
                return Invalid(
                    f"expected one role a line such as 'Producer: Anne-Sophie Roux', got {shown(line.strip())}"
                )
            credits[cells.fold(role)] = self.names(names)
        return credits

    @staticmethod
    def names(text: str) -> Raw:
        names = cells.split_list(text, names=True)
        return names[0] if len(names) == 1 else list[Raw](names)

    def show(self, raw: Raw) -> str:
        assert isinstance(raw, dict)
        return "\n".join(
            f"{role}: {cells.join_list([str(n) for n in names]) if isinstance(names, list) else names}"
            for role, names in raw.items()
        )


@dataclass(frozen=True)
class Section(Kind):
    """A nested mapping of its own fields, such as the brand's `catalogue:`;
    the value is `make(**values)`."""

    table: tuple[Field, ...]
    make: Callable[..., object]
    example: str  # shown when the value is not a mapping: 'title: "Catalogue 2026"'

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"a mapping such as {self.example}"

    def read(self, reader: FieldReader, name: str, required: bool, assets: Path) -> object:
        section = reader.section(name, [f.name for f in self.table], self.example)
        return None if section is None else self.make(**read_table(section, self.table, assets))

    def schema(self) -> Schema:
        return table_schema(self.table)


@dataclass(frozen=True)
class Field:
    """One field of a file: its kind, whether it is required, the value it
    takes when absent, a one-line hint (schema description, the comment in
    a new file), an example, and the names spreadsheets give its column."""

    name: str
    kind: Kind
    hint: str
    example: Raw
    required: bool = False
    default: object = None
    headers: tuple[str, ...] = ()
    getter: Callable[[Any], object] | None = None  # the value from a record, when it is not the attribute `name`

    def value(self, record: object) -> object:
        return self.getter(record) if self.getter else getattr(record, self.name)


def read_table(reader: FieldReader, table: Sequence[Field], assets: Path) -> dict[str, object]:
    """Every field of a table, read in order; absent ones take their default."""
    values = {}
    for field in table:
        value = field.kind.read(reader, field.name, field.required, assets)
        values[field.name] = field.default if value is None else value
    return values


def paragraph_fields(table: Sequence[Field]) -> frozenset[str]:
    """The fields whose text is paragraphs (the YAML writer wraps them)."""
    return frozenset(field.name for field in table if isinstance(field.kind, Paragraphs))


def table_schema(table: Sequence[Field], title: str | None = None) -> Schema:
    """A JSON Schema object for a mapping of these fields, closed to others."""
    properties = {}
    for field in table:
        schema = {"description": field.hint, **field.kind.schema(), "examples": [field.example]}
        if not field.required:
            schema = _nullable(schema)
        properties[field.name] = schema
    schema = {
        "type": "object",
        "properties": properties,
        "required": [field.name for field in table if field.required],
        "additionalProperties": False,
    }
    return {"title": title, **schema} if title else schema


def _nullable(schema: Schema) -> Schema:
    """An optional field may be written with no value (`field:`), which the
    readers take as absent."""
    kind = schema.get("type")
    if isinstance(kind, list):
        return {**schema, "type": [*kind, "null"]}
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    return {**schema, "anyOf": [*schema["anyOf"], {"type": "null"}]}


def table_raw(table: Sequence[Field], record: object, assets: Path) -> dict[str, Raw]:
    """A record (a dataclass of the table's fields) as written in a file:
    fields at their default are left out."""
    assert is_dataclass(record)
    raw: dict[str, Raw] = {}
    for field in table:
        value = field.value(record)
        if value is not None and value != field.default and value != ():
            raw[field.name] = field.kind.raw(value, assets)
    return raw
