"""The catalogue as data: a versioned JSON feed for a website (documented in
docs/feed.md), and a CSV spreadsheet that `onesheet import` reads back into
the same programme files.

Both are made from the validated programmes and the contract table, field
by field, in the contract's order.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .booklet import plan_booklet
from .brand import Brand
from .catalogue import order_catalogue
from .compose import prepare_env
from .errors import OnesheetError, Problem
from .importer import ID_HEADERS
from .kinds import Field, Image, Raw, Record
from .model import PROGRAMME, TRANSLATED, Catalogue, Programme, translated_header
from .spreadsheet import write_csv

FEED_VERSION = 1
FORMATS = ("json", "csv")


@dataclass(frozen=True)
class Export:
    data: bytes
    programmes: int
    problems: tuple[Problem, ...]  # of programmes left out


def export_json(catalogue: Catalogue, brand: Brand, assets: Path) -> Export:
    """The feed: every valid programme with every field, its sheet's file,
    its page in the catalogue (when the catalogue can be built: every
    programme valid), related titles with their titles."""
    problems = list(catalogue.problems)
    pages: Mapping[str, int] = {}
    booklet = None
    if not problems and catalogue.programmes:
        try:
            env = prepare_env(brand, assets, catalogue.listings)
            contents = order_catalogue(catalogue.programmes, brand.catalogue, env.labels, brand.language)
            plan = plan_booklet(contents, env)
            pages, booklet = plan.programme_pages, {"file": "catalogue.pdf", "pages": len(plan.pages)}
        except OnesheetError as exc:
            problems.extend(exc.problems)
    feed = {
        "version": FEED_VERSION,
        "generator": f"onesheet {__version__}",
        "distributor": {
            "name": brand.name,
            "website": brand.website,
            "contacts": [{"name": c.name, "role": c.role, "email": c.email, "phone": c.phone} for c in brand.contacts],
        },
        "catalogue": booklet,
        "programmes": [
            _programme(p, catalogue, assets, pages.get(p.id)) for p in sorted(catalogue.programmes, key=lambda p: p.id)
        ],
    }
    text = json.dumps(feed, ensure_ascii=False, indent=2) + "\n"
    return Export(text.encode("utf-8"), len(catalogue.programmes), tuple(problems))


def _programme(programme: Programme, catalogue: Catalogue, assets: Path, page: int | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": programme.id}
    for field in PROGRAMME:
        entry[field.name] = _feed_value(field, field.value(programme), assets)
    art = programme.key_art
    entry["key_art"] = art and {
        "file": Image().raw(art, assets),
        "width": art.width_px,
        "height": art.height_px,
        "focus": list(programme.focus) if programme.focus else None,
    }
    entry["related"] = [{"id": pid, "title": catalogue.listings[pid].title} for pid in programme.related]
    entry["sheet"] = f"sheets/{programme.id}.pdf"
    entry["catalogue_page"] = page
    return entry


def _feed_value(field: Field, value: object, assets: Path) -> Any:
    """A field's value in the feed: records with every key, null when not set."""
    if value is None:
        return None
    if isinstance(field.kind, Record):
        assert isinstance(value, tuple)
        return [{f.name: _feed_value(f, f.value(item), assets) for f in field.kind.table} for item in value]
    return field.kind.raw(value, assets)


def export_csv(catalogue: Catalogue, assets: Path) -> Export:
    """A spreadsheet of every valid programme: an ID column, then a column
    a field under its usual spreadsheet name (translations, which have
    none, are left to the programme files and the JSON feed); related
    titles by title (by id where two programmes share a title)."""
    titles: dict[str, list[str]] = {}
    for pid, listing in catalogue.listings.items():
        titles.setdefault(listing.title, []).append(pid)
    columns = [field for field in PROGRAMME if field.headers]
    translated = _translated_columns(catalogue.programmes)
    headers = [ID_HEADERS[0], *(field.headers[0] for field in columns)]
    headers += [translated_header(field, language) for language, field in translated]
    rows = []
    for programme in sorted(catalogue.programmes, key=lambda p: p.id):
        row = [programme.id]
        for field in columns:
            value = field.value(programme)
            if value is None or value == () or value == field.default:
                row.append("")
                continue
            raw: Raw = field.kind.raw(value, assets)
            if field.name == "related":
                raw = [_related_name(str(pid), catalogue, titles) for pid in programme.related]
            row.append(field.kind.show(raw))
        for language, field in translated:
            translation = programme.translation(language)
            value = field.value(translation) if translation is not None and translation.language == language else None
            row.append("" if value is None else field.kind.show(field.kind.raw(value, assets)))
        rows.append(row)
    return Export(write_csv(headers, rows), len(rows), catalogue.problems)


def _translated_columns(programmes: tuple[Programme, ...]) -> list[tuple[str, Field]]:
    """A column for each language and field that some translation gives,
    by language, then in the contract's order."""
    given = {(t.language, name) for p in programmes for t in p.translations for name in t.fields}
    languages = sorted({language for language, _ in given})
    return [(language, field) for language in languages for field in TRANSLATED if (language, field.name) in given]


def _related_name(pid: str, catalogue: Catalogue, titles: dict[str, list[str]]) -> str:
    title = catalogue.listings[pid].title
    return title if len(titles[title]) == 1 and "\n" not in title and ";" not in title else pid
