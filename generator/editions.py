"""A language's edition in a build: its programmes as they print in that
language (their translation over the main text), the listings related
titles print, each sheet's key, and where its sheets and booklet go. What
an edition prints from the main text or in English is reported (an error
with --strict-lang).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .brand import Brand, CatalogueStyle
from .errors import OnesheetError, Problem, fault, portable
from .keys import sheet_key, templates_key
from .languages import candidates, language_name
from .model import Listing, Programme
from .report import Paths, Stopped
from .text import Labels, Texts
from .translations import fallback_problem, in_language, translated_sections, untranslated

if TYPE_CHECKING:
    from .build import Inputs, _Run


@dataclass(frozen=True)
class Edition:
    """The sheets and booklet of one language: where they go (OUT, or
    OUT/<language>), the programmes as they print them, keys and words."""

    language: str
    main: bool  # the brand's own language
    folder: Path
    programmes: dict[str, Programme]  # id -> the programme in this language (valid ones)
    listings: dict[str, Listing]  # what related-title lists print, in this language
    keys: dict[str, str]  # programme id -> sheet key
    templates_key: str
    labels: Labels
    style: CatalogueStyle  # the booklet's title, subtitle and order of sections, in this language

    @cached_property
    def sheet_folder(self) -> Path:  # asked for each programme: made once
        return self.folder / "sheets"

    @property
    def previews(self) -> Path:
        return self.folder / "png"

    def entry(self, kind: str, programme_id: str) -> str:
        """The cache's name for a programme's sheet or previews (`kind`) in this language."""
        return f"{kind}:{programme_id}" if self.main else f"{kind}:{self.language}/{programme_id}"

    def output_of(self, name: str) -> tuple[str | None, str]:
        """The kind (sheet or png) and programme of a cache entry of this
        language's, else (None, "")."""
        kind, _, rest = name.partition(":")
        language, _, programme_id = rest.rpartition("/")
        if kind not in ("sheet", "png") or language != ("" if self.main else self.language):
            return None, ""
        return kind, programme_id


def edition_language(language: str, brand: Brand) -> str:
    """The language whose sheets serve `language`: the brand's own for its
    variants (`en-GB` with a brand in `en`), else itself."""
    return brand.language if brand.language in candidates(language) else language


def edition_folder(paths: Paths, language: str, brand: Brand) -> Path:
    """Where a language's sheets and booklet go: OUT, or OUT/<language>."""
    return paths.out if language == brand.language else paths.out / language


def make_edition(run: _Run, inputs: Inputs, language: str) -> Edition:
    """A language's programmes, listings and keys; what it prints from
    the main text or in English is reported (an error with --strict-lang)."""
    brand = inputs.brand
    main = language == brand.language
    try:
        texts = Texts(run.paths.assets, language, main)
        templates = templates_key(texts)
    except OnesheetError as exc:
        run.report.fail(exc.problems, inputs.files)
        raise Stopped from None
    except OSError as exc:
        run.report.fail([fault(Path(exc.filename or run.paths.assets), "read", exc)], inputs.files)
        raise Stopped from None
    labels = texts.labels
    programmes = {p.id: in_language(p, language, main, labels) for p in inputs.catalogue.programmes}
    listed = (in_language(p, language, main, labels).listing for p in inputs.everyone if p.id not in programmes)
    listings = {
        **inputs.catalogue.listings,
        **{listing.id: listing for listing in listed},
        **{pid: p.listing for pid, p in programmes.items()},
    }
    profile = run.options.profile
    folders: dict[Path, str] = {}  # each programme folder as the cache sees it, found once

    def where(path: Path) -> str:
        if path.parent not in folders:
            folders[path.parent] = portable(path.parent, run.cache.folder)
        return os.path.normpath(os.path.join(folders[path.parent], path.name))

    keys = {
        pid: sheet_key(p, where(p.path), inputs.brand_key, templates, language, listings, profile, run.readings)
        for pid, p in programmes.items()
    }
    _report_fallbacks(run, inputs, texts, language, main)
    folder = edition_folder(run.paths, language, brand)
    style = brand.in_language(language).catalogue
    sections = translated_sections(style.sections, inputs.catalogue.programmes, language) if not main else ()
    style = replace(style, sections=tuple(map(labels.spaced, sections))) if sections else style
    return Edition(language, main, folder, programmes, listings, keys, templates, labels, style)


def _report_fallbacks(run: _Run, inputs: Inputs, texts: Texts, language: str, main: bool) -> None:
    """What the edition prints from the main text or in English, and
    translations into the brand's own language, which never print."""
    brand = inputs.brand
    strict = run.options.strict_languages
    found = texts.fallbacks(("labels.j2",))
    words = brand.untranslated(language)
    if words:
        message = f"{', '.join(words)} not translated into {language_name(language)}: printed as written"
        found.append(Problem(brand.path, None, f"translations.{language}", message))
    if found and strict:
        run.report.fail(found, inputs.files, language)
    else:
        run.report.warnings.extend(found)
    for programme in inputs.catalogue.programmes:
        fields = () if main else untranslated(programme, language)
        if fields and strict:
            run.report.fail([fallback_problem(programme, language, fields, strict)], [programme.path], language)
        elif fields:
            run.report.warnings.append(fallback_problem(programme, language, fields, strict))
        elif main and any(translation.language == language for translation in programme.translations):
            line = next(t.line for t in programme.translations if t.language == language)
            message = f"{language} is the brand's own language, so this text is never printed; remove it"
            run.report.warnings.append(Problem(programme.path, line, f"translations.{language}", message))
