"""Content keys: what a sheet, a booklet page or a language's templates
print, as one digest, so that a build remakes only what changed
(`build.py` compares them with the cache's).

A sheet's key covers what it prints of its programme in its language, its
pictures, the titles and loglines of the programmes it lists as related,
the brand, fonts, the language's templates that pages print (not the
packs' letter and e-mail) and the generator's version. Paths enter a key
as the cache sees them, so that a catalogue moved whole with its output
folder keeps its cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .brand import Brand
from .cache import digest
from .catalogue import Contents
from .fonts import cjk_version
from .images import ImageInfo
from .model import Listing, Programme, Readings
from .profiles import Profile
from .text import PACK_TEMPLATES, Labels, Texts

if TYPE_CHECKING:
    from .booklet import PageSpec


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def brand_key(brand: Brand) -> str:
    """Everything every page in every language shares: brand file, fonts,
    logo, cover."""
    fonts = sorted({str(path) for family in (brand.heading, brand.body) for path in vars(family).values()})
    fonts += sorted({str(path) for fallback in brand.fallbacks for path in (fallback.regular, fallback.bold)})
    return digest(
        _file_digest(brand.path),
        [_file_digest(Path(path)) for path in fonts],
        brand.logo.digest if brand.logo else "",
        brand.catalogue.cover.digest if brand.catalogue.cover else "",
        cjk_version(),
    )


def templates_key(texts: Texts) -> str:
    """The templates a language's sheets and booklet print, by where they
    are found: not the packs' letter and e-mail, which no page prints."""
    found = [
        (str(n), path.name, _file_digest(path))
        for n, folder in enumerate(texts.folders)
        for path in sorted(folder.glob("*.j2"))
        if path.name not in PACK_TEMPLATES
    ]
    return digest(found)


def sheet_key(
    programme: Programme, where: str, brand_key: str, templates_key: str, language: str,
    listings: Mapping[str, Listing], profile: Profile, readings: Readings | None = None,
) -> str:  # fmt: skip
    """What a sheet prints: the programme in its language (the fields, with
    the file and lines problems would name, the file as the cache sees it:
    `where`), its pictures, its related titles, drawn in `profile` (its
    budgets left out). Kept in `readings` with the programme's reading:
    the programme's record is most of the cost of a key, and the same
    while its file is (in a language, the programme follows from the
    file, the brand and the templates)."""
    related = [_listed(listings[rid]) for rid in programme.related]

    def made() -> str:
        return digest(brand_key, templates_key, language, where, _record(programme), related, profile.drawing)

    if readings is None:
        return made()
    return readings.sheet_key(
        programme.path, digest(_context(brand_key, templates_key, language, profile), where, related), made
    )


@lru_cache(maxsize=8)
def _context(brand_key: str, templates_key: str, language: str, profile: Profile) -> str:
    """What every sheet of an edition shares, as one digest: a kept key's
    context is looked up for each of a catalogue's programmes."""
    return digest(brand_key, templates_key, language, profile.drawing)


def _record(value: object) -> object:
    """A value as a content key sees it: a record as its fields (less the
    translations, which a programme in one language does not print), a
    picture as the digest of its bytes."""
    if isinstance(value, str | int | float | None):
        return value
    if isinstance(value, ImageInfo):
        return value.digest
    if isinstance(value, tuple | list):
        return [_record(item) for item in value]
    if isinstance(value, Mapping):
        return sorted((str(key), _record(item)) for key, item in value.items())
    if is_dataclass(value) and not isinstance(value, type):
        return [(name, _record(getattr(value, name))) for name in _printed(type(value))]
    return value


@cache
def _printed(kind: type) -> tuple[str, ...]:
    """The fields of a record that a key covers."""
    return tuple(item.name for item in fields(kind) if item.name not in _UNPRINTED)


_UNPRINTED = frozenset({"translations", "digest", "path"})  # a path: see _sheet_key


def _listed(listing: Listing) -> tuple[object, ...]:
    """What a sheet prints of a related programme (and the lines a problem
    with it names): part of its key."""
    art = listing.key_art.digest if listing.key_art is not None else ""
    lines = (listing.title_line, listing.logline_line)
    return (listing.id, listing.title, listing.logline, art, listing.focus or "", lines)


def listing_key(contents: Contents, labels: Labels, brand_key: str, templates_key: str, language: str) -> str:
    """What a booklet's cover, contents, index, awards, notes and back
    cover print: the brand, the templates, the title, by section each
    programme's titles, running time and awards, and the pictures of the
    cover's mosaic. Their page numbers follow from these and from the
    pagination, which these decide."""
    from .booklet import mosaic  # the booklet's modules load only when a booklet is made

    printed = [
        (section.name, [
            (p.id, p.title, p.original_title, p.original_language, labels.duration(p), [a.text for a in p.awards])
            for p in section.programmes
        ])
        for section in contents.sections
    ]  # fmt: skip
    cover = [(image.digest, programme.focus if programme else None) for image, programme in mosaic(contents)]
    return digest("listing", brand_key, templates_key, language, contents.title, contents.subtitle, printed, cover)


def page_key(number: int, spec: PageSpec, sheet_keys: dict[str, str], listing: str) -> str:
    """What page `number` of a booklet prints: a programme's sheet and its
    overlay, or a listing page of the listings keyed `listing`."""
    from .booklet import ProgrammePage  # the booklet's modules load only when a booklet is made

    if isinstance(spec, ProgrammePage):
        folio = spec.folio
        related = [(rid, folio.pages.get(rid)) for rid in spec.programme.related]
        return digest("programme", sheet_keys[spec.programme.id], folio.number, folio.section, related)
    return digest("page", listing, number)
