"""A language's booklet in a build: what it holds, paginated; its pages in
chunks of CHUNK_PAGES, each drawn (by the workers) only when what is on it
changed, else kept from the cache; then the booklet put together from the
chunks, or again from itself when only some chunks changed; its e-mail
budget from what assembly knows.

The listing pages (contents, index) are kept by what they print, with
their pagination, so a change that moves no page number lays none out."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .build import Edition, Inputs, Stopped, rebudget
from .cache import digest
from .catalogue import Contents, order_catalogue, read_selection, select
from .design import CHUNK_PAGES
from .errors import OnesheetError, Problem
from .files import write_atomic
from .keys import listing_key, page_key
from .preflight import check_budget, check_fonts
from .report import Booklet

if TYPE_CHECKING:
    from .assemble import Assembled, Link, Resource
    from .booklet import BookletPlan, PageSpec
    from .boxes import Page
    from .build import _Run
    from .workers import ProgrammeSource

    KeptChunk = tuple[list[Link], list[Problem], list[Resource]]  # see BuildCache.kept_chunk


def make_booklet(run: _Run, inputs: Inputs, edition: Edition, target: Path) -> None:
    """Paginate a language's booklet; then (writing) put it together in
    chunks of pages, each made only when what is on it changed: the
    programmes' sheets as drawn, with their overlays, and the listing
    pages."""
    from .assemble import assemble, impose_saddle, reassemble
    from .booklet import ListingPage, Pagination, outline_booklet, plan_booklet
    from .render import DocumentInfo
    from .workers import ChunkTask, draw_chunk

    contents = _contents(run, inputs, edition, target)
    if contents is None:
        return
    name = f"booklet:{target.relative_to(run.paths.out)}"
    key = digest(
        inputs.brand_key, edition.templates_key, edition.language, contents.title, contents.subtitle, CHUNK_PAGES,
        [(s.name, [(p.id, edition.keys[p.id]) for p in s.programmes]) for s in contents.sections],
    )  # fmt: skip
    entry = run.cache.get(name, key)
    budget = run.options.profile.catalogue_budget_mb
    warned = None if entry is None else rebudget(entry.warnings, entry.output, budget, "the catalogue")
    if entry is not None and warned is not None and (not run.write or run.cache.holds(entry, target)):
        if run.write:
            run.report.booklets.append(Booklet(target, left_out=_left_out(run, inputs, edition)))
            run.report.warnings.extend(warned)  # what its pages and size still warrant
        return
    listing = listing_key(contents, edition.labels, inputs.brand_key, edition.templates_key, edition.language)
    listing_name = f"listing:{target.relative_to(run.paths.out)}"
    kept_listing = run.cache.get(listing_name, listing) if run.write else None
    found = None
    if kept_listing is not None and len(kept_listing.pagination) == 3:
        contents_pages, index_pages, awards = kept_listing.pagination
        plan = outline_booklet(contents, edition.labels, Pagination(contents_pages, index_pages, awards > 0))
        found = _kept_chunks(run, plan, edition, listing)
        if any(isinstance(spec, ListingPage) for _, chunk in found[1] for spec in chunk):
            found = None  # a listing page to draw: lay them out
    if found is None:
        try:
            plan = plan_booklet(contents, run.env(inputs, edition.language))
        except OnesheetError as exc:
            _no_booklet(run, exc.problems, target, edition)
            return
        if not run.write:  # every page is a sheet, already checked, or a listing page laid out
            return
        found = _kept_chunks(run, plan, edition, listing)
    chunk_keys, missing, kept = found
    links: list[Link] = [link for links_of, _, _ in kept.values() for link in links_of]
    warnings: list[Problem] = [warning for _, warned, _ in kept.values() for warning in warned]
    resources: dict[str, list[Resource]] = {key: found_in for key, (_, _, found_in) in kept.items()}
    todo = [
        ChunkTask(start, tuple(_source(run, spec, edition) for spec in specs), target, edition.language)
        for start, specs in missing
    ]
    problems: list[Problem] = []
    for task, chunk in zip(todo, run.map(inputs, edition, draw_chunk, todo, "catalogue")):
        if chunk.bug is not None:
            run.report.bugs.append(chunk.bug)
            problems.append(Problem(target, None, None, "a fault of onesheet stopped the catalogue (see above)"))
            continue
        problems.extend(chunk.problems)
        warnings.extend(chunk.warnings)
        if chunk.pdf is not None:
            chunk_key = chunk_keys[task.start // CHUNK_PAGES]
            links.extend(chunk.links)
            resources[chunk_key] = chunk.resources
            run.cache.store_chunk(chunk_key, chunk.pdf, chunk.links, chunk.warnings, chunk.resources)
    run.report.warnings.extend(warnings)
    if problems:
        if any(problem.fault for problem in problems):
            run.report.fail(problems, [], edition.language)
            raise Stopped
        _no_booklet(run, problems, target, edition)
        return
    info = DocumentInfo(plan.title, inputs.brand.name, plan.subject, plan.keywords, edition.language)
    chunks = [(run.cache.chunk_pdf(key), resources[key]) for key in chunk_keys]
    assembled: list[Assembled] = []
    changed = _changed_chunks(run, name, target, chunk_keys)
    if changed is None:
        write_atomic(target, lambda out: assembled.append(assemble(chunks, links, plan, info, out)))
    else:
        previous = target.read_bytes()
        made_again = partial(reassemble, previous, chunks, changed, links, plan, info)
        write_atomic(target, lambda out: assembled.append(made_again(out)))
    made = Booklet(target, len(plan.pages), (len(todo), len(chunk_keys)), left_out=_left_out(run, inputs, edition))
    run.report.booklets.append(made)
    whole = _booklet_budget(run, target, plan, assembled[0])
    if run.options.profile.for_print:
        whole += check_fonts(target.read_bytes(), target)
    run.report.warnings.extend(whole)
    if run.options.impose:
        imposed = target.with_name(f"{target.stem}-saddle.pdf")
        write_atomic(imposed, lambda out: impose_saddle(target, out))
        made.imposed = imposed
    run.cache.put(name, key, parts=chunk_keys, warnings=warnings + whole, output=target)
    shape = plan.pagination
    run.cache.put(listing_name, listing, pagination=[shape.contents, shape.index, int(shape.awards)])
    run.cache.prune()


def _changed_chunks(run: _Run, name: str, target: Path, chunk_keys: list[str]) -> set[int] | None:
    """The chunks (by number) that differ from those the booklet in
    `target` was put together from, when it can be put together again
    from itself: as many chunks, the same pages in each that changed
    (never the last, whose pages may be fewer), at most half of them."""
    entry = None if run.options.force else run.cache.entries.get(name)
    if entry is None or not run.cache.holds(entry, target) or len(entry.parts) != len(chunk_keys):
        return None
    changed = {number for number, (old, new) in enumerate(zip(entry.parts, chunk_keys)) if old != new}
    if len(chunk_keys) - 1 in changed or 2 * len(changed) > len(chunk_keys):
        return None
    return changed


def _kept_chunks(
    run: _Run, plan: BookletPlan, edition: Edition, listing: str
) -> tuple[list[str], list[tuple[int, list[PageSpec]]], dict[str, KeptChunk]]:
    """A booklet's chunks: their keys, those to draw (the index of their
    first page, their pages) and what is kept of the others."""
    page_keys = [page_key(number, spec, edition.keys, listing) for number, spec in enumerate(plan.pages, start=1)]
    keys: list[str] = []
    missing: list[tuple[int, list[PageSpec]]] = []
    kept: dict[str, KeptChunk] = {}
    for start in range(0, len(plan.pages), CHUNK_PAGES):
        key = digest(run.options.profile.drawing, page_keys[start : start + CHUNK_PAGES])
        keys.append(key)
        found = run.cache.kept_chunk(key, range(start, start + CHUNK_PAGES), len(plan.pages))
        if found is not None:
            kept[key] = found
        else:
            missing.append((start, list(plan.pages[start : start + CHUNK_PAGES])))
    return keys, missing, kept


def _source(run: _Run, spec: PageSpec, edition: Edition) -> Page | ProgrammeSource:
    """What a worker needs to make a page of the booklet: a listing
    page as laid out, or a programme's drawn sheet and its references."""
    from .booklet import ProgrammePage
    from .boxes import Page
    from .workers import ProgrammeSource

    if isinstance(spec, Page):
        return spec
    assert isinstance(spec, ProgrammePage), "a listing page to draw is laid out first"
    programme = spec.programme
    entry = run.cache.get(edition.entry("sheet", programme.id), edition.keys[programme.id])
    assert entry is not None and entry.drawn is not None, "every sheet of a booklet is drawn first"
    return ProgrammeSource(programme, run.cache.sheet_pdf(entry.key), tuple(entry.refs), spec.folio)


def _left_out(run: _Run, inputs: Inputs, edition: Edition) -> list[str]:
    """The invalid programmes a booklet (with --skip-invalid) is made without."""
    if not run.options.skip_invalid or run.job.selection is not None:
        return []
    stopped = {path.stem for path in run.report.failed_for(edition.language)}
    return sorted(stopped & set(inputs.catalogue.ids))


def _booklet_budget(run: _Run, target: Path, plan: BookletPlan, assembled: Assembled) -> list[Problem]:
    """The e-mail budget of a booklet, naming its heaviest pictures by
    the page that shows them (all known from its assembly)."""
    from .booklet import ProgrammePage

    def named(index: int) -> str:
        spec = plan.pages[index]
        if isinstance(spec, ProgrammePage):
            return f"the picture of '{spec.programme.title}' (p. {spec.folio.number})"
        return f"the picture on p. {index + 1}"

    def weights() -> list[tuple[str, int]]:
        return [(named(index), weight) for index, weight in assembled.pictures]

    budget = run.options.profile.catalogue_budget_mb
    return check_budget(assembled.size, budget, target, "the catalogue", weights)


def _contents(run: _Run, inputs: Inputs, edition: Edition, target: Path) -> Contents | None:
    """What the booklet of a language holds, or None (with the reason
    reported) when a programme it must hold is invalid in it."""
    stopped = run.report.failed_for(edition.language)
    valid = {pid: p for pid, p in edition.programmes.items() if p.path not in stopped}
    try:
        if run.job.selection is not None:
            return select(read_selection(run.job.selection), valid, inputs.catalogue.ids)
    except OnesheetError as exc:
        _no_booklet(run, exc.problems, target, edition)
        return None
    if stopped and not run.options.skip_invalid:
        count = len(stopped)
        if run.write:
            run.report.notes.append(
                f"catalogue not written: {count} programme{'s' if count > 1 else ''} with errors "
                f"would be missing from it; {target} is left as it was (--skip-invalid writes it without them)"
            )
        return None
    return order_catalogue(tuple(valid.values()), edition.style, edition.labels, edition.language)


def _no_booklet(run: _Run, problems: Iterable[Problem], target: Path, edition: Edition) -> None:
    run.report.fail(problems, [], edition.language)
    if run.write:
        run.report.notes.append(f"catalogue not written: see the errors above; {target} is left as it was")
