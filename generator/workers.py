"""The process boundary: what a worker process holds (fonts, templates,
brand, loaded once with `start`), the tasks sent to it and the results it
sends back, all plain frozen records.

A worker lays out and draws; it never decides what to rebuild (build.py
does) and never writes outside the cache and the output it was given. One
task's fault is returned as a Bug, never raised, so that one sheet's fault
stops no other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .art import keep_analyses
from .assemble import Sheet, compose_chunk, page_links
from .boxes import CMYK, RGB, Page
from .brand import Brand
from .cache import Link, Ref, Resource
from .compose import Env, Folio, Palette, prepare_env
from .errors import Bug, OnesheetError, Problem, fault
from .files import WriteError, publish, write_atomic
from .images import ImageError
from .kept import keep_in
from .layout import booklet_overlay, layout_sheet
from .model import Listing, Programme
from .pictures import ImageStore, prepare_pictures
from .preflight import check_budget, check_fonts, check_page
from .preview import render_previews
from .profiles import REGISTRATION, SCREEN, Profile, for_profile
from .render import DocumentInfo, render_pages
from .translations import named


@dataclass(frozen=True)
class Worker:
    """What a process keeps for the whole run: brand, listings by language,
    pictures, and an environment per language, made when first needed."""

    brand: Brand
    assets: Path
    listings: Mapping[str, Mapping[str, Listing]]  # language -> id -> listing
    store: ImageStore
    profile: Profile
    cmyk: dict[RGB, CMYK] | None  # print colours, for the print profile
    cmyk_given: bool  # the brand gives CMYK values: report text that would print from RGB
    envs: dict[str, Env] = field(default_factory=dict)

    def env(self, language: str) -> Env:
        """Fonts, templates and the brand's words in `language`."""
        env = self.envs.get(language)
        if env is None:
            brand = self.brand.in_language(language)
            env = self.envs[language] = prepare_env(brand, self.assets, self.listings[language], language)
        return env

    def names(self, problems: list[Problem], programme: Programme, language: str) -> list[Problem]:
        """A programme's problems in `language`, naming the translated field."""
        return named(problems, programme, language, language == self.brand.language)


_WORKER: Worker | None = None


def start(
    brand: Brand,
    assets: Path,
    listings: Mapping[str, Mapping[str, Listing]],
    cache: Path,
    profile: Profile = SCREEN,
    write: bool = True,
) -> Worker:
    """Keep the brand and listings once per process; fonts and templates
    are loaded for a language when its first page is made. Pictures'
    analyses are kept in the cache beside the prepared images, and what
    reportlab makes of fonts and logos beside them (`kept`; only read there
    without `write`: a check writes nothing)."""
    global _WORKER
    keep_analyses(cache / "images", write)
    keep_in(cache, write)
    cmyk = {REGISTRATION: (1.0, 1.0, 1.0, 1.0), **Palette(brand).cmyk} if profile.for_print else None
    given = any(colour.cmyk for colour in (brand.primary, brand.accent, brand.text))
    _WORKER = Worker(brand, assets, listings, ImageStore(cache / "images", profile.dpi), profile, cmyk, given)
    return _WORKER


def _worker() -> Worker:
    assert _WORKER is not None, "start() runs first in every worker"
    return _WORKER


# Sheets -----------------------------------------------------------------------


@dataclass(frozen=True)
class SheetTask:
    """Lay out a programme's sheet in a language; with `drawn`, draw it
    there (the cache) and with `target`, put it there too (OUT/sheets)."""

    programme: Programme
    language: str
    drawn: Path | None
    target: Path | None


@dataclass(frozen=True)
class SheetResult:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # preflight and budgets
    refs: list[Ref] = field(default_factory=list)  # where the booklet prints related titles' pages
    bug: Bug | None = None


def draw_sheet(task: SheetTask) -> SheetResult:
    """Check, lay out and draw one sheet in a language; its problems, its
    preflight and budget warnings, and a fault of the tool if one happened
    (one sheet's fault must not stop the others)."""
    worker, programme, language = _worker(), task.programme, task.language
    try:
        env = worker.env(language)
        layout = layout_sheet(programme, env)
        cmyk = worker.cmyk if worker.cmyk_given else None
        notes = worker.names(list(layout.notes), programme, language)
        warnings = notes + check_page(layout.page, programme.path, None, worker.profile, cmyk)
        refs = [Ref(*ref) for ref in layout.refs]
        if task.drawn is not None:
            info = DocumentInfo(layout.title, env.brand.name, layout.subject, layout.keywords, language)
            page = for_profile(layout.page, worker.profile)
            pictures = prepare_pictures([page], worker.store)
            pdf = render_pages([page], info, pictures, worker.cmyk)
            write_atomic(task.drawn, pdf)
            if task.target is not None:
                publish(task.drawn, task.target)
            warnings += check_fonts(pdf, programme.path) if worker.cmyk else []

            def weigh() -> list[tuple[str, int]]:
                return [(box.image.path.name, path.stat().st_size) for box, path in pictures.items()]

            warnings += check_budget(len(pdf), worker.profile.sheet_budget_mb, programme.path, "the sheet", weigh)
    except OnesheetError as exc:  # a problem of the programme, or a write that failed
        return SheetResult(worker.names(list(exc.problems), programme, language))
    except ImageError as exc:  # an image changed or vanished since it was checked
        return SheetResult([Problem(programme.path, programme.line("key_art"), "key_art", str(exc))])
    except OSError as exc:  # a file that could be read moments ago: a fault, not the programme's problem
        return SheetResult([fault(Path(exc.filename) if exc.filename else programme.path, "read", exc)])
    except Exception as exc:
        return SheetResult(bug=Bug.of(exc, f"making the sheet of {programme.path}"))
    return SheetResult([], warnings, refs)


def draw_previews(task: tuple[Path, Path]) -> Bug | list[Problem]:
    """Draw one sheet's PNGs from its PDF: the faults of a write that
    failed, or a Bug (nothing in the user's files can make PDFium fail)."""
    sheet, folder = task
    try:
        render_previews(sheet, folder)
    except WriteError as exc:
        return list(exc.problems)
    except Exception as exc:
        return Bug.of(exc, f"drawing the previews of {sheet}")
    return []


# Booklet chunks -----------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeSource:
    """A programme's page of the booklet: its drawn sheet, where it relates
    to other titles, and where it sits."""

    programme: Programme
    sheet: Path
    refs: tuple[Ref, ...]
    folio: Folio


@dataclass(frozen=True)
class ChunkTask:
    """Sixteen pages of a booklet, from page index `start`: listing pages
    laid out, and programmes' sheets to copy with their overlays."""

    start: int
    pages: tuple[Page | ProgrammeSource, ...]
    target: Path  # the booklet, which warnings name
    language: str


@dataclass(frozen=True)
class ChunkResult:
    pdf: bytes | None
    links: list[Link]
    problems: list[Problem]
    warnings: list[Problem]
    bug: Bug | None = None
    resources: list[Resource] = field(default_factory=list)  # see assemble.Resource


def draw_chunk(task: ChunkTask) -> ChunkResult:
    """Draw a chunk's listing pages and overlays in one document, then put
    it together with the sheets it copies (`assemble.compose_chunk`)."""
    worker = _worker()
    env = worker.env(task.language)
    drawn: list[Page] = []
    warnings: list[Problem] = []
    cmyk = worker.cmyk if worker.cmyk_given else None
    try:
        for number, spec in enumerate(task.pages, start=task.start + 1):
            if isinstance(spec, ProgrammeSource):
                boxes = booklet_overlay(spec.refs, spec.folio, env)
                page = Page(*env.brand.page_size_pt, boxes)
            else:
                page = spec
                warnings += check_page(page, task.target, f"page {number}", worker.profile, cmyk)
            drawn.append(for_profile(page, worker.profile))
        links = [link for offset, page in enumerate(drawn) for link in page_links(task.start + offset, page)]
        info = DocumentInfo("", env.brand.name, "", ())  # the booklet's own metadata is set at assembly
        layer = render_pages(drawn, info, prepare_pictures(drawn, worker.store), worker.cmyk)
        sources = [Sheet(spec.sheet) if isinstance(spec, ProgrammeSource) else None for spec in task.pages]
        chunk = compose_chunk(sources, layer)
        return ChunkResult(chunk.pdf, links, [], warnings, resources=chunk.resources)
    except ImageError as exc:  # an image changed or vanished since it was checked
        return ChunkResult(None, [], [Problem(task.target, None, None, f"an image could not be prepared: {exc}")], [])
    except OSError as exc:  # a drawn sheet gone from the cache since it was checked
        return ChunkResult(None, [], [fault(Path(exc.filename or task.target), "read", exc)], [])
    except Exception as exc:
        return ChunkResult(None, [], [], [], Bug.of(exc, f"putting together pages {task.start + 1} of {task.target}"))
