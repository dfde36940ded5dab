"""New files to fill in: `onesheet new ID` (a programme file listing every
field) and `onesheet init DIR` (a catalogue that builds at once).

A new file names its JSON Schema on its first line, for the YAML language
server; `init` also maps the schemas in the editor's settings
(.vscode/settings.json), for editors that read those instead.
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from .brand import BRAND
from .dump import dump_fields
from .errors import OnesheetError, Problem, shown
from .files import write_atomic
from .kinds import Field, Raw, paragraph_fields
from .model import PROGRAMME, SLUG, SUFFIXES
from .schema import schema_path, write_schemas

SCHEMA_LINE = "# yaml-language-server: $schema="

EXAMPLE_PROGRAMME: dict[str, Raw] = {
    "title": "The Lighthouse Keepers",
    "logline": "On the last manned lighthouses of Brittany, three keepers tell of storms, solitude and the "
    "machines that replaced them.",
    "synopsis": "For two centuries, keepers lived at the edge of the sea so that ships could find their way. "
    "The last of them remember the nights when the lamp failed and the storms that kept them out there for "
    "weeks.\n\nReplace this text with your own programme: every field is described in the schema that your "
    "editor reads, and the command onesheet new ID writes a file listing them all.",
    "year": datetime.date.today().year,
    "duration": 52,
    "directors": ["Your Director"],
    "versions": ["ENG", "FRA"],
    "country": "France",
    "genres": ["Society"],
}
EXAMPLE_BRAND: dict[str, Raw] = {"name": "Your Company"}


def template(table: Sequence[Field], values: Mapping[str, Raw], schema: str, paragraphs: frozenset[str]) -> str:
    """A file naming its schema, then every field of the table with a
    one-line hint above it: the fields given `values` set, the required
    ones empty to be filled in, the others commented out with an example."""
    lines = [f"{SCHEMA_LINE}{schema}", ""]
    for field in table:
        lines.append(f"# {field.hint}{' (required)' if field.required else ''}")
        if field.name in values:
            lines.append(dump_fields({field.name: values[field.name]}, paragraphs).rstrip("\n"))
        elif field.required:
            lines.append(f"{field.name}:")
        else:
            example = dump_fields({field.name: field.example}, paragraphs).rstrip("\n")
            lines.extend(f"# {line}" if line else "#" for line in example.split("\n"))
    return "\n".join(lines) + "\n"


def new_programme(programme_id: str, sheets: Path, schemas: Path) -> Path:
    """Write sheets/ID.yaml with every field (and the schemas, if the
    folder has none yet)."""
    target = sheets / f"{programme_id}{SUFFIXES[0]}"
    if not SLUG.fullmatch(programme_id):
        message = f"{shown(programme_id)} is not a valid id; use lower-case letters, digits and single hyphens"
        raise OnesheetError([Problem(target, None, "id", message)])
    existing = [
        sheets / f"{programme_id}{suffix}" for suffix in SUFFIXES if (sheets / f"{programme_id}{suffix}").exists()
    ]
    if existing:
        raise OnesheetError([Problem(existing[0], None, None, "exists already; edit it, or choose another id")])
    if not schema_path(schemas, "programme").exists():
        write_schemas(schemas)
    title = " ".join(word.capitalize() for word in programme_id.split("-"))
    reference = Path(os.path.relpath(schema_path(schemas, "programme").resolve(), sheets.resolve())).as_posix()
    text = template(PROGRAMME, {"title": title}, reference, paragraph_fields(PROGRAMME))
    write_atomic(target, text.encode("utf-8"))
    return target


def start_catalogue(folder: Path) -> list[Path]:
    """A new catalogue in `folder` (new or empty): the brand file, one
    programme, the schemas, and editor settings that map them."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise OnesheetError([Problem(folder, None, None, "is not an empty folder; choose a new one")])
    written = write_schemas(folder / "schemas")
    programme = folder / "sheets" / "the-lighthouse-keepers.yaml"
    brand = folder / "assets" / "brand.yaml"
    files = {
        programme: template(
            PROGRAMME, EXAMPLE_PROGRAMME, "../schemas/programme.schema.json", paragraph_fields(PROGRAMME)
        ),
        brand: template(BRAND, EXAMPLE_BRAND, "../schemas/brand.schema.json", frozenset()),
        folder / ".vscode" / "settings.json": json.dumps({"yaml.schemas": editor_schemas()}, indent=2) + "\n",
    }
    for path, text in files.items():
        write_atomic(path, text.encode("utf-8"))
        written.append(path)
    return written


def editor_schemas() -> dict[str, list[str]]:
    """The YAML extension's `yaml.schemas` setting: schema -> file patterns."""
    return {
        "./schemas/programme.schema.json": ["sheets/*.yaml", "sheets/*.yml"],
        "./schemas/brand.schema.json": ["assets/brand.yaml"],
        "./schemas/buyers.schema.json": ["assets/buyers.yaml"],
        "./schemas/selection.schema.json": ["selections/*.yaml"],
    }
