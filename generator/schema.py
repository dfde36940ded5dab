"""Field tables -> JSON Schemas (draft 2020-12) of the programme, brand,
buyers and selection files, for editors (the YAML language server completes
field names from them and flags a wrong type).

They are made from the same tables that the readers validate with, so an
editor and `onesheet check` agree on every field's name and type. What a
schema cannot see (files that exist, pictures that decode, related ids that
name a programme) is left to `check`.
"""

from __future__ import annotations

import json
from pathlib import Path

from .brand import BRAND
from .buyers import buyers_schema
from .catalogue import SELECTION
from .files import write_atomic
from .kinds import Schema, table_schema
from .model import PROGRAMME

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SUFFIX = ".schema.json"


def schemas() -> dict[str, Schema]:
    """Every schema by file kind."""
    made = {
        "programme": ("A programme file of a Onesheet catalogue: sheets/<id>.yaml", table_schema(PROGRAMME)),
        "brand": ("The brand file of a Onesheet catalogue: assets/brand.yaml", table_schema(BRAND)),
        "buyers": ("The buyers of a Onesheet catalogue: assets/buyers.yaml", buyers_schema()),
        "selection": ("A Onesheet selection: a booklet of a few programmes", table_schema(SELECTION)),
    }
    return {
        kind: {"$schema": DIALECT, "$id": f"{kind}{SUFFIX}", "title": title, **schema}
        for kind, (title, schema) in made.items()
    }


def schema_path(folder: Path, kind: str) -> Path:
    return folder / f"{kind}{SUFFIX}"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; the paths written."""
    written = []
    for kind, schema in schemas().items():
        path = schema_path(folder, kind)
        write_atomic(path, (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        written.append(path)
    return written
