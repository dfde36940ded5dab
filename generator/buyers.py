"""assets/buyers.yaml -> validated, frozen `Buyer` records: who a pack is
for, the titles they asked about, a personal note, and which of the brand's
contacts writes to them.

    buyers:
      nordic-tv:
        name: Ingrid Larsen
        company: Nordisk TV
        email: ingrid.larsen@example.com
        language: en                # BCP 47: the letter, e-mail and sheets are in it
        titles: [the-last-glaciers, under-the-baltic]
        note: It was a pleasure to meet you at MIPCOM.
        contact: Jonas Weber        # one of the brand's contacts; default the first
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .addresses import parse_email
from .brand import EMAIL_SCHEMA, Brand, Contact
from .errors import OnesheetError, Problem, did_you_mean, shown
from .fields import FieldReader, Invalid, parse_language
from .kinds import SCALAR, Custom, Field, Ids, Schema, Text, read_table, table_schema
from .languages import TAG_PATTERN
from .load import Mapping, Node, Scalar, describe, load_mapping
from .model import ID_CHARS, SLUG, parse_id

_LANGUAGE_SCHEMA = {"type": "string", "pattern": TAG_PATTERN}


@dataclass(frozen=True)
class Buyer:
    id: str
    path: Path
    line: int
    name: str
    company: str
    email: str
    language: str
    titles: tuple[tuple[str, int], ...]  # programme ids with their lines
    note: str | None
    contact: Contact | None


@dataclass(frozen=True)
class BuyerFile:
    """A buyers file: its valid buyers by id, the ids of the others, and
    every problem found."""

    valid: dict[str, Buyer]
    invalid: frozenset[str]
    problems: tuple[Problem, ...]


def read_buyers(path: Path, brand: Brand) -> BuyerFile:
    """Read and validate a buyers file. A buyer with a problem stops no
    other; only a file that cannot be read at all raises OnesheetError."""
    if not path.is_file():
        raise OnesheetError([Problem(path, None, None, "no buyers file; create it or pass --buyers FILE")])
    problems: list[Problem] = []
    mapping = load_mapping(path, "buyers: followed by one entry per buyer", problems)
    top = FieldReader(path, mapping, problems, ("buyers",))
    valid: dict[str, Buyer] = {}
    invalid: set[str] = set()
    entry = top.entry("buyers", True, "a mapping of buyer ids")
    value = entry.value if entry is not None else None
    if value is not None and not isinstance(value, Mapping):
        problems.append(Problem(path, value.line, "buyers", f"expected a mapping of buyer ids, got {describe(value)}"))
    elif isinstance(value, Mapping):
        for item in value.entries:
            buyer = _read_buyer(path, item.key, item.line, item.value, brand, problems)
            if buyer is None:
                invalid.add(item.key)
            else:
                valid[buyer.id] = buyer
    return BuyerFile(valid, frozenset(invalid), tuple(problems))


def _read_buyer(
    path: Path, buyer_id: str, line: int, node: Node, brand: Brand, problems: list[Problem]
) -> Buyer | None:
    if not SLUG.fullmatch(buyer_id) or len(buyer_id) > ID_CHARS:
        message = f"a buyer id is lower-case letters, digits and single hyphens, at most {ID_CHARS} of them"
        problems.append(Problem(path, line, buyer_id, message))
        return None
    if not isinstance(node, Mapping):
        problems.append(Problem(path, line, buyer_id, f"expected the buyer's fields (name: ...), got {describe(node)}"))
        return None
    before = len(problems)
    table = buyer_fields(brand)
    values = read_table(FieldReader(path, node, problems, (f.name for f in table)), table, path.parent)
    if len(problems) > before or any(values[f.name] is None for f in table if f.required):
        return None
    values["contact"] = values["contact"] or _first(brand)
    return Buyer(buyer_id, path, line, **values)  # type: ignore[arg-type]


def _first(brand: Brand) -> Contact | None:
    return brand.contacts[0] if brand.contacts else None


def _parse_contact(node: Node, brand: Brand) -> Contact | Invalid:
    names = [contact.name for contact in brand.contacts]
    if isinstance(node, Scalar):
        for contact in brand.contacts:
            if contact.name == node.text.strip():
                return contact
        return Invalid(f"no contact {shown(node.text)} in the brand file{did_you_mean(node.text, names)}")
    return Invalid(f"expected the name of one of the brand's contacts, got {describe(node)}")


def buyer_fields(brand: Brand | None) -> tuple[Field, ...]:
    """A buyer's fields; `contact` names one of the brand's contacts."""
    contact = Custom(
        lambda node: _parse_contact(node, brand) if brand else Invalid("no brand"),
        "the name of one of the brand's contacts",
        {"type": SCALAR},
    )
    return (
        Field("name", Text(), "the buyer's name", "Ingrid Larsen", required=True),
        Field("company", Text(), "the buyer's company", "Nordisk TV", required=True),
        Field("email", Custom(parse_email, "an e-mail address", EMAIL_SCHEMA), "their e-mail", "ingrid@example.com",
              required=True),
        Field(
            "language", Custom(parse_language, "a language code such as en, fr or pt-BR", _LANGUAGE_SCHEMA),
            "the buyer's language (BCP 47): of the letter, the e-mail and the sheets", "en", required=True,
        ),
        Field("titles", Ids(parse_id), "ids of the programmes they asked about", ["the-last-glaciers"], default=()),
        Field(
            "note", Text(1200, True, "more than a cover letter holds; shorten it"), "a personal note for the letter",
            "As discussed at MIPCOM...",
        ),
        Field("contact", contact, "who writes to them: one of the brand's contacts; default the first", "Jonas Weber"),
    )  # fmt: skip


def buyers_schema() -> Schema:
    """The buyers file: `buyers:` then one entry per buyer id."""
    return {
        "type": "object",
        "properties": {
            "buyers": {
                "type": "object",
                "propertyNames": {"pattern": f"^{SLUG.pattern}$", "maxLength": ID_CHARS},
                "additionalProperties": table_schema(buyer_fields(None)),
            }
        },
        "required": ["buyers"],
        "additionalProperties": False,
    }
