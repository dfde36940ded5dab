"""The batch: read and check everything, decide what changed, lay out and
draw only that (in worker processes), write each output atomically; then the
catalogue booklet, only when every programme it must hold is valid; and, on
request, buyer packs made from the built sheets. Every output is made for
one profile (screen or print, `profiles.py`).

What changed is decided by content keys (`cache.py`). A sheet's key covers
its file, its key art, the titles and loglines of the programmes it lists as
related, the brand, fonts, templates and the generator's version. A booklet
is drawn in chunks of pages whose keys cover what is on them, so a change
that leaves the pagination alone redraws only the chunk it touches.

`check` runs the same stages up to drawing, so it finds every problem that
would stop a sheet or the booklet (overflow and missing glyphs included)
without writing anything.

Faults of the machine are not the user's problems: a build that cannot read
its inputs writes nothing; one that cannot write (a full disk, no
permission) stops at the first failed write, keeps every earlier output,
and remembers nothing of the failure, so that the next build finishes the
work. One build at a time writes into an output folder (`files.hold`).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from . import images
from .assemble import assemble_booklet, impose_saddle, page_links
from .booklet import BookletPlan, PageSpec, ProgrammePage, plan_booklet, realize
from .boxes import CMYK, RGB
from .brand import Brand, read_brand
from .buyers import Buyer, BuyerFile, read_buyers
from .cache import BuildCache, digest
from .catalogue import Contents, order_catalogue, read_selection, select
from .compose import Env, Palette, prepare_env
from .design import CHUNK_PAGES
from .errors import Bug, OnesheetError, Problem, did_you_mean, fault, shown
from .files import BusyError, WriteError, hold, remove_stale_temporaries, write_atomic
from .fonts import cjk_version
from .images import ImageError
from .layout import check_env_glyphs, layout_sheet
from .model import Catalogue, Listing, Programme, check_references, programme_files, read_catalogue
from .pack import assemble_pack, email_draft, layout_letter, stamp_page, titles_of
from .pictures import ImageStore, prepare_pictures
from .preflight import MB, check_brand_colours, check_budget, check_fonts, check_page, image_weights
from .preview import preview_paths, render_previews
from .profiles import REGISTRATION, SCREEN, Profile, for_profile
from .progress import Progress
from .render import DocumentInfo, render_pages
from .text import PACKAGED

T = TypeVar("T")
R = TypeVar("R")
IN_PROCESS_BELOW = 8  # fewer tasks than this are not worth starting workers


@dataclass(frozen=True)
class Paths:
    sheets: Path
    assets: Path
    out: Path

    @property
    def brand(self) -> Path:
        return self.assets / "brand.yaml"

    @property
    def sheet_folder(self) -> Path:
        return self.out / "sheets"

    @property
    def cache(self) -> Path:
        return self.out / ".cache"

    @property
    def catalogue(self) -> Path:
        return self.out / "catalogue.pdf"

    @property
    def previews(self) -> Path:
        return self.out / "png"

    def selection(self, selection: Path) -> Path:
        return self.out / "selections" / f"{selection.stem}.pdf"


@dataclass(frozen=True)
class Options:
    jobs: int = 1
    force: bool = False  # rebuild everything, whatever the cache says
    progress: Progress = field(default_factory=Progress)
    profile: Profile = SCREEN
    impose: bool = False  # print: also write the booklet imposed for saddle stitching
    png: bool = False  # also PNG previews of every sheet, in OUT/png
    skip_invalid: bool = False  # write the catalogue without the programmes that have problems


@dataclass
class Report:
    """What a run did: counts for the summary line, and every problem."""

    programmes: int = 0
    written: list[Path] = field(default_factory=list)
    reused: int = 0
    failed: set[Path] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # preflight and size budgets: never stop a build
    bugs: list[Bug] = field(default_factory=list)  # faults of the tool itself
    left_out: list[str] = field(default_factory=list)  # ids of invalid programmes a catalogue is written without
    booklet: Path | None = None
    imposed: Path | None = None
    packs: list[Path] = field(default_factory=list)
    previews: int = 0  # sheets whose PNGs were drawn
    booklet_pages: int = 0
    booklet_chunks: tuple[int, int] = (0, 0)  # drawn, total
    booklet_note: str | None = None  # why the booklet was not written
    started: float = field(default_factory=time.perf_counter)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def fail(self, problems: Iterable[Problem], programme_paths: Iterable[Path]) -> None:
        """Record problems and the programme files they stop."""
        self.problems.extend(problems)
        self.failed.update(programme_paths)


def check(paths: Paths, options: Options | None = None) -> Report:
    """Every problem that `build` would refuse, without writing files."""
    return _Run(paths, options or Options(), write=False, command="check").run(sheets=True, booklet=None)


def build(paths: Paths, options: Options | None = None, ids: tuple[str, ...] = ()) -> Report:
    """Write OUT/sheets/<id>.pdf for every programme that is valid and fits,
    then OUT/catalogue.pdf if every programme is; given `ids`, just those
    programmes' sheets. With the png option, previews of the sheets too."""
    run = _Run(paths, options or Options(), write=True, command="build", only=ids)
    previews = run.previews if run.options.png else None
    return run.run(sheets=True, booklet=None if ids else paths.catalogue, then=previews)


def build_catalogue(paths: Paths, options: Options | None = None, selection: Path | None = None) -> Report:
    """Write the booklet only: OUT/catalogue.pdf, or for a selection file
    OUT/selections/<name>.pdf."""
    run = _Run(paths, options or Options(), write=True, command="catalogue", selection=selection)
    return run.run(sheets=False, booklet=paths.selection(selection) if selection else paths.catalogue)


@dataclass(frozen=True)
class PackRequest:
    """Which packs to make (see `build_packs`)."""

    buyers: Path
    buyer: str | None = None  # one buyer, or all of the file
    titles: tuple[str, ...] = ()  # instead of each buyer's own titles
    selection: Path | None = None  # or the titles of a selection file
    date: str = ""
    limit_mb: float = 10.0  # attachment limit of one e-mail
    split: bool = False  # over the limit: several e-mails instead of an error


def build_packs(paths: Paths, options: Options, request: PackRequest) -> Report:
    """Build the sheets, then for each buyer OUT/packs/<buyer>.pdf (cover
    letter and sheets, stamped) and an .eml draft beside it."""
    run = _Run(paths, options, write=True, command="pack")
    return run.run(sheets=True, booklet=None, then=lambda inputs: _make_packs(run, inputs, request))


def _make_packs(run: _Run, inputs: _Inputs, request: PackRequest) -> None:
    """Every chosen buyer's pack; a buyer with a problem stops no other."""
    report = run.report
    try:
        buyers = read_buyers(request.buyers, inputs.brand)
        chosen = _chosen_buyers(buyers, request)
        env = run.env or prepare_env(inputs.brand, run.paths.assets, inputs.catalogue.listings)
    except OnesheetError as exc:
        report.fail(exc.problems, [])
        return
    report.fail(buyers.problems, [])
    valid = {p.id: p for p in inputs.catalogue.programmes if p.path not in report.failed}
    for buyer in chosen:
        try:
            report.packs.extend(
                _make_pack(run.paths, run.options.profile, request, buyer, env, valid, inputs.catalogue.ids)
            )
        except WriteError:
            raise
        except OnesheetError as exc:
            report.fail(exc.problems, [])


def _chosen_buyers(buyers: BuyerFile, request: PackRequest) -> list[Buyer]:
    if request.buyer is None:
        return list(buyers.valid.values())
    if request.buyer in buyers.invalid:
        return []  # its problems are reported
    if request.buyer not in buyers.valid:
        hint = did_you_mean(request.buyer, buyers.valid)
        raise OnesheetError([Problem(request.buyers, None, None, f"no buyer {shown(request.buyer)}{hint}")])
    return [buyers.valid[request.buyer]]


def _make_pack(
    paths: Paths,
    profile: Profile,
    request: PackRequest,
    buyer: Buyer,
    env: Env,
    valid: dict[str, Programme],
    known: list[str],
) -> list[Path]:
    """Write one buyer's pack (or its parts, with --split) and e-mail drafts."""
    if request.selection is not None:
        selection = read_selection(request.selection)
        source, references = selection.path, selection.ids
    elif request.titles:
        source, references = Path("--titles"), tuple((title, 0) for title in request.titles)
    else:
        source, references = buyer.path, buyer.titles
    problems = check_references(
        source, "titles", references, known, valid, "has errors (see its file); fix them to include it"
    )
    if not references:
        problems.append(
            Problem(buyer.path, buyer.line, buyer.id, "no titles to send; list them under titles: or pass --titles")
        )
    if problems:
        raise OnesheetError([replace(p, line=p.line or None) for p in problems])
    programmes = [valid[pid] for pid, _ in references]
    sheets = {p.id: paths.sheet_folder / f"{p.id}.pdf" for p in programmes}
    stamp = stamp_page(f"Prepared for {buyer.company} · {request.date}", env, profile)
    store = ImageStore(paths.cache / "images", profile.dpi)

    def make(group: list[Programme], part: str = "") -> bytes:
        page = for_profile(layout_letter(buyer, group, env, request.date, part), profile)
        letter = render_pages([page], DocumentInfo("", "", "", ()), prepare_pictures([page], store))
        info = DocumentInfo(
            f"{env.brand.name}: programmes for {buyer.company}", env.brand.name,
            f"Prepared for {buyer.name}, {buyer.company}, {request.date}", tuple(p.title for p in group),
        )  # fmt: skip
        return assemble_pack(letter, [(p.title, sheets[p.id]) for p in group], stamp, info)

    limit = request.limit_mb * MB
    groups = _split(programmes, lambda group: len(make(group)), limit) if request.split else [programmes]
    written: list[Path] = []
    for number, group in enumerate(groups, start=1):
        pdf = make(group, f"part {number} of {len(groups)}" if len(groups) > 1 else "")
        target = (
            paths.out / "packs" / f"{buyer.id}-{number}.pdf"
            if len(groups) > 1
            else paths.out / "packs" / f"{buyer.id}.pdf"
        )
        draft = target.with_suffix(".eml")
        _remove(draft)  # the earlier draft attaches the earlier pack
        write_atomic(target, pdf)
        written.append(target)
        if len(pdf) > limit:
            message = (
                f"the pack weighs {len(pdf) / MB:.1f} MB, over the {request.limit_mb:g} MB attachment limit, so no "
                "e-mail was drafted; pass --split to send it in several e-mails, or send fewer titles"
            )
            raise OnesheetError([Problem(buyer.path, buyer.line, buyer.id, message)])
        write_atomic(draft, email_draft(buyer, env, titles_of(group), target.name, pdf))
    return written


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise WriteError([fault(path, "remove", exc)]) from None


def _split(programmes: list[Programme], weigh: Callable[[list[Programme]], int], limit: float) -> list[list[Programme]]:
    """Consecutive groups of titles, each as large as stays under the limit
    once made into a pack (a single title too heavy on its own stands alone)."""
    groups: list[list[Programme]] = []
    for programme in programmes:
        if groups and weigh([*groups[-1], programme]) <= limit * 0.98:
            groups[-1].append(programme)
        else:
            groups.append([programme])
    return groups


class _Run:
    """One build or check: inputs, keys, cache, workers, report."""

    def __init__(
        self,
        paths: Paths,
        options: Options,
        write: bool,
        command: str,
        selection: Path | None = None,
        only: tuple[str, ...] = (),
    ) -> None:
        self.paths = paths
        self.options = options
        self.write = write
        self.command = command
        self.selection = selection
        self.only = only  # these programmes alone
        self.report = Report()
        self.cache = BuildCache(paths.cache, force=options.force)
        self.env: Env | None = None
        self.pool: ProcessPoolExecutor | None = None

    def run(self, sheets: bool, booklet: Path | None, then: Callable[[_Inputs], None] | None = None) -> Report:
        """Read the inputs; if they can be read, hold the output folder and
        make the sheets, the booklet and what `then` makes."""
        inputs = self._read()
        if inputs is None:
            if self.write:
                self.report.booklet_note = f"nothing was written; {self.paths.out} is left as it was"
            return self.report
        if not self.write:
            self._make(inputs, sheets, booklet, then)
            return self.report
        try:
            with hold(self.paths.out, self.command):
                self._clean()
                self._make(inputs, sheets, booklet, then)
                self.cache.images = images.recall()
                try:
                    self.cache.save()
                except WriteError as exc:
                    if not self._faulted:
                        self.report.fail(exc.problems, [])
        except (BusyError, WriteError) as exc:  # the folder is another build's, or cannot be written at all
            self.report.fail(exc.problems, [])
        if booklet is not None and self.report.booklet is None and self._faulted and not self.report.booklet_note:
            self.report.booklet_note = f"catalogue not written: the build stopped; {booklet} is left as it was"
        return self.report

    @property
    def _faulted(self) -> bool:
        return any(problem.fault for problem in self.report.problems)

    def _make(
        self, inputs: _Inputs, sheets: bool, booklet: Path | None, then: Callable[[_Inputs], None] | None
    ) -> None:
        """The sheets, the booklet and the rest; the first fault (a write
        that failed) stops them."""
        try:
            self._sheets(inputs, draw=sheets)
            if booklet is not None or not self.write:
                self._booklet(inputs, booklet or self.paths.catalogue)
            if then is not None:
                then(inputs)
        except _Stop:
            pass
        except WriteError as exc:
            self.report.fail(exc.problems, [])
        except OSError as exc:  # a file read while drawing, gone or unreadable
            self.report.fail([fault(Path(exc.filename or self.paths.out), "read", exc)], [])
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
                self.pool = None
            self.options.progress.finish()

    def _clean(self) -> None:
        """Delete what killed builds left; the cache's folders made usable."""
        for folder in (
            self.paths.out,
            self.paths.sheet_folder,
            self.paths.out / "selections",
            self.paths.out / "packs",
            self.paths.previews,
        ):
            remove_stale_temporaries(folder)
        self.cache.prepare()
        for folder in (self.paths.cache, self.paths.cache / "chunks", self.paths.cache / "images"):
            remove_stale_temporaries(folder)

    # Inputs -----------------------------------------------------------------
    def _read(self) -> _Inputs | None:
        """Everything the run needs to know, or None (with the reason
        reported) when the inputs cannot be read: then nothing is written."""
        sheets = self.paths.sheets
        try:
            files = programme_files(sheets)
        except OSError as exc:
            self.report.fail([fault(sheets, "read this folder", exc)], [])
            return None
        if not files:
            message = "no programme files (name.yaml) in this folder; pass --sheets with the folder that holds them"
            self.report.fail([Problem(sheets, None, None, message)], [])
            return None
        self.report.programmes = len(files)
        try:
            brand = read_brand(self.paths.brand, self.paths.assets)
        except OnesheetError as exc:
            self.report.fail(exc.problems, files)
            return None
        images.remember(self.cache.images)
        catalogue = read_catalogue(sheets, self.paths.assets, files)
        if self.only:
            catalogue, files = self._only(catalogue, files)
        self.report.fail(catalogue.problems, catalogue.failed)
        try:
            brand_key = _brand_key(brand, self.paths.assets)
        except OSError as exc:
            self.report.fail([fault(Path(exc.filename or self.paths.assets), "read", exc)], files)
            return None
        keys = {p.id: _sheet_key(p, brand_key, catalogue.listings, self.options.profile) for p in catalogue.programmes}
        self.report.warnings.extend(check_brand_colours(brand, self.options.profile))
        return _Inputs(brand, catalogue, brand_key, keys, files)

    def _only(self, catalogue: Catalogue, files: list[Path]) -> tuple[Catalogue, list[Path]]:
        """The catalogue narrowed to the programmes asked for (related titles
        still list every programme); an unknown id is a problem."""
        for pid in self.only:
            if pid not in catalogue.ids:
                hint = did_you_mean(pid, catalogue.ids)
                self.report.fail([Problem(self.paths.sheets, None, None, f"no programme '{pid}'{hint}")], [])
        chosen = set(self.only)
        files = [path for path in files if path.stem in chosen]
        self.report.programmes = len(files)
        narrowed = replace(
            catalogue,
            programmes=tuple(p for p in catalogue.programmes if p.id in chosen),
            problems=tuple(p for p in catalogue.problems if p.path.stem in chosen),
            failed=tuple(path for path in catalogue.failed if path.stem in chosen),
        )
        return narrowed, files

    def _env(self, inputs: _Inputs) -> Env:
        """Fonts, templates and brand for layout, loaded once; stops the run
        if the brand's own text cannot be drawn."""
        if self.env is None:
            try:
                self.env = _start_worker(
                    inputs.brand, self.paths.assets, inputs.catalogue.listings, self.paths.cache, self.options.profile
                )
            except OnesheetError as exc:
                self.report.fail(exc.problems, inputs.files)
                raise _Stop from None
            problems = check_env_glyphs(self.env)
            if problems:
                self.report.fail(problems, inputs.files)
                raise _Stop
        return self.env

    def _map(self, inputs: _Inputs, task: Callable[[T], R], items: list[T], phase: str) -> Iterator[R]:
        """Run `task` over `items` in worker processes (or here, for few),
        in order, advancing the progress report."""
        self._env(inputs)
        progress = self.options.progress
        progress.start(phase, len(items))
        workers = min(self.options.jobs, default_jobs())
        if workers <= 1 or len(items) < IN_PROCESS_BELOW:
            for item in items:
                yield task(item)
                progress.advance()
        else:
            if self.pool is None:
                start = (
                    inputs.brand, self.paths.assets, inputs.catalogue.listings, self.paths.cache, self.options.profile
                )  # fmt: skip
                self.pool = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=start)
            for result in self.pool.map(task, items, chunksize=4):
                yield result
                progress.advance()
        progress.finish()

    # Sheets -----------------------------------------------------------------
    def _sheets(self, inputs: _Inputs, draw: bool) -> None:
        """Reuse every sheet whose key is unchanged; lay out (and draw) the
        others; forget sheets whose programme file is gone."""
        todo: list[tuple[Programme, Path | None]] = []
        for programme in inputs.catalogue.programmes:
            target = self.paths.sheet_folder / f"{programme.id}.pdf"
            entry = self.cache.get(f"sheet:{programme.id}", inputs.keys[programme.id])
            if entry is not None and entry.problems:
                self.report.fail(entry.problems, [programme.path])
            elif entry is not None and (not draw or self.cache.holds(entry, target)):
                self.report.warnings.extend(entry.warnings)
                if draw:
                    self.report.reused += 1
            else:
                todo.append((programme, target if draw and self.write else None))
        phase = "sheets" if draw and self.write else "checking"
        for (programme, written), (problems, warnings, bug) in zip(todo, self._map(inputs, _draw_sheet, todo, phase)):
            if bug is not None:  # never remembered: the next build tries again
                self.report.bugs.append(bug)
                self.report.failed.add(programme.path)
                continue
            self.report.fail(problems, [programme.path] if problems else [])
            if any(problem.fault for problem in problems):
                raise _Stop
            self.report.warnings.extend(warnings)
            if written is not None and not problems:
                self.report.written.append(written)
            if self.write and (written is not None or problems):
                key = inputs.keys[programme.id]
                self.cache.put(f"sheet:{programme.id}", key, problems, warnings=warnings, output=written)
        if self.write and draw and not self.only:
            self._remove_orphans({path.stem for path in inputs.files})

    def _remove_orphans(self, ids: set[str]) -> None:
        for name in list(self.cache.entries):
            kind, _, programme_id = name.partition(":")
            if kind in ("sheet", "png") and programme_id not in ids:
                outputs = [self.paths.sheet_folder / f"{programme_id}.pdf"] if kind == "sheet" else []
                for path in outputs or preview_paths(self.paths.previews, programme_id):
                    _remove(path)
                self.cache.forget(name)

    # Previews ---------------------------------------------------------------
    def previews(self, inputs: _Inputs) -> None:
        """A PNG of every built sheet and its card, redrawn only when the
        sheet's key changed."""
        todo: list[tuple[Programme, Path]] = []
        for programme in inputs.catalogue.programmes:
            sheet = self.paths.sheet_folder / f"{programme.id}.pdf"
            if programme.path in self.report.failed or not sheet.exists():
                continue
            kept = self.cache.get(f"png:{programme.id}", inputs.keys[programme.id])
            if kept is None or not all(path.exists() for path in preview_paths(self.paths.previews, programme.id)):
                todo.append((programme, sheet))
        tasks = [(sheet, self.paths.previews) for _, sheet in todo]
        for (programme, _), failure in zip(todo, self._map(inputs, _draw_previews, tasks, "previews")):
            if isinstance(failure, Bug):  # never remembered: the next build tries again
                self.report.bugs.append(failure)
                continue
            if failure:
                raise WriteError(failure)
            self.cache.put(f"png:{programme.id}", inputs.keys[programme.id], [])
            self.report.previews += 1

    # Booklet ----------------------------------------------------------------
    def _booklet(self, inputs: _Inputs, target: Path) -> None:
        contents = self._contents(inputs, target)
        if contents is None:
            return
        name = f"booklet:{target.relative_to(self.paths.out)}"
        key = digest(
            inputs.brand_key, contents.title, contents.subtitle, CHUNK_PAGES,
            [(s.name, [(p.id, inputs.keys[p.id]) for p in s.programmes]) for s in contents.sections],
        )  # fmt: skip
        entry = self.cache.get(name, key)
        if entry is not None and (not self.write or self.cache.holds(entry, target)):
            self.report.booklet = target if self.write else None
            return
        try:
            plan = plan_booklet(contents, self._env(inputs))
        except OnesheetError as exc:
            self._no_booklet(exc.problems, target)
            return
        page_keys = [_page_key(spec, inputs.keys) for spec in plan.pages]
        starts = range(0, len(plan.pages), CHUNK_PAGES)
        chunk_keys = [digest(self.options.profile, page_keys[start : start + CHUNK_PAGES]) for start in starts]
        links: list[tuple[float, ...]] = []
        todo: list[tuple[int, list[PageSpec], bool, Path]] = []
        for start, chunk_key in zip(starts, chunk_keys):
            pages = range(start, start + CHUNK_PAGES)
            kept = self.cache.chunk_links(chunk_key, pages, len(plan.pages)) if self.write else None
            if kept is not None:
                links.extend(kept[0])
                self.report.warnings.extend(kept[1])
            else:
                todo.append((start, list(plan.pages[start : start + CHUNK_PAGES]), self.write, target))
        problems: list[Problem] = []
        for (start, _, _, _), (pdf, chunk_links, chunk_problems, chunk_warnings) in zip(
            todo, self._map(inputs, _draw_chunk, todo, "catalogue")
        ):
            problems.extend(chunk_problems)
            self.report.warnings.extend(chunk_warnings)
            if pdf is not None:
                links.extend(chunk_links)
                self.cache.store_chunk(chunk_keys[start // CHUNK_PAGES], pdf, chunk_links, chunk_warnings)
        if problems:
            self._no_booklet(problems, target)
            return
        self.report.booklet_chunks = (len(todo), len(chunk_keys))
        if not self.write:
            return
        info = DocumentInfo(plan.title, inputs.brand.name, plan.subject, plan.keywords)
        pdfs = [self.cache.chunk_pdf(key) for key in chunk_keys]
        write_atomic(target, lambda out: assemble_booklet(pdfs, links, plan, info, out))
        self.report.warnings.extend(self._booklet_budget(target, plan))
        if self.options.profile.bleed_pt:
            self.report.warnings.extend(check_fonts(target.read_bytes(), target))
        if self.options.impose:
            imposed = target.with_name(f"{target.stem}-saddle.pdf")
            write_atomic(imposed, lambda out: impose_saddle(target, out))
            self.report.imposed = imposed
        self.cache.put(name, key, parts=chunk_keys, output=target)
        self.cache.prune_chunks()
        self.report.booklet = target
        self.report.booklet_pages = len(plan.pages)

    def _booklet_budget(self, target: Path, plan: BookletPlan) -> list[Problem]:
        """The e-mail budget of a booklet, naming its heaviest pictures by
        the page that shows them."""
        budget = self.options.profile.catalogue_budget_mb
        size = target.stat().st_size
        if budget is None or size <= budget * MB:
            return []
        names = {
            index: f"the picture of '{spec.programme.title}' (p. {spec.folio.number})"
            if isinstance(spec, ProgrammePage)
            else f"the picture on p. {index + 1}"
            for index, spec in enumerate(plan.pages)
        }
        return check_budget(size, budget, target, "the catalogue", lambda: image_weights(target, names))

    def _contents(self, inputs: _Inputs, target: Path) -> Contents | None:
        """What the booklet holds, or None (with the reason reported) when a
        programme it must hold is invalid."""
        try:
            if self.selection is not None:
                valid = {p.id: p for p in inputs.catalogue.programmes if p.path not in self.report.failed}
                return select(read_selection(self.selection), valid, inputs.catalogue.ids)
        except OnesheetError as exc:
            self._no_booklet(exc.problems, target)
            return None
        if self.report.failed and self.options.skip_invalid:
            kept = tuple(p for p in inputs.catalogue.programmes if p.path not in self.report.failed)
            self.report.left_out = sorted({path.stem for path in self.report.failed} & set(inputs.catalogue.ids))
            return order_catalogue(kept, inputs.brand, self._env(inputs).labels)
        if self.report.failed:
            count = len(self.report.failed)
            if self.write:
                self.report.booklet_note = (
                    f"catalogue not written: {count} programme{'s' if count > 1 else ''} with errors "
                    f"would be missing from it; {target} is left as it was (--skip-invalid writes it without them)"
                )
            return None
        return order_catalogue(inputs.catalogue.programmes, inputs.brand, self._env(inputs).labels)

    def _no_booklet(self, problems: Iterable[Problem], target: Path) -> None:
        self.report.fail(problems, [])
        if self.write:
            self.report.booklet_note = f"catalogue not written: see the errors above; {target} is left as it was"


class _Stop(Exception):
    """A problem that stops the whole run (brand or templates)."""


@dataclass(frozen=True)
class _Inputs:
    brand: Brand
    catalogue: Catalogue
    brand_key: str
    keys: dict[str, str]  # programme id -> sheet key
    files: list[Path]


# Keys ------------------------------------------------------------------------


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _brand_key(brand: Brand, assets: Path) -> str:
    """Everything every page shares: brand file, fonts, logo, cover, templates."""
    fonts = sorted({str(path) for family in (brand.heading, brand.body) for path in vars(family).values()})
    fonts += sorted({str(path) for fallback in brand.fallbacks for path in (fallback.regular, fallback.bold)})
    templates = sorted([*PACKAGED.glob("*.j2"), *(assets / "templates").glob("*.j2")])
    return digest(
        _file_digest(brand.path),
        [_file_digest(Path(path)) for path in fonts],
        [(t.name, t.parent == PACKAGED, _file_digest(t)) for t in templates],
        brand.logo.digest if brand.logo else "",
        brand.catalogue.cover.digest if brand.catalogue.cover else "",
        cjk_version(),
    )


def _sheet_key(programme: Programme, brand_key: str, listings: Mapping[str, Listing], profile: Profile) -> str:
    related = [_listed(listings[rid]) for rid in programme.related]
    images = [image.digest for image in (programme.key_art, *(award.laurel for award in programme.awards)) if image]
    return digest(brand_key, programme.digest, images, related, profile)


def _listed(listing: Listing) -> tuple[object, ...]:
    """What a sheet prints of a related programme: part of its key."""
    art = listing.key_art.digest if listing.key_art is not None else ""
    return (listing.id, listing.title, listing.logline, art, listing.focus or "")


def _page_key(spec: PageSpec, sheet_keys: dict[str, str]) -> str:
    if isinstance(spec, ProgrammePage):
        folio = spec.folio
        related = [(rid, folio.pages.get(rid)) for rid in spec.programme.related]
        return digest("programme", sheet_keys[spec.programme.id], folio.number, folio.section, related)
    return digest("page", repr(spec))


# Worker processes ------------------------------------------------------------


@dataclass(frozen=True)
class _Worker:
    env: Env
    store: ImageStore
    profile: Profile
    cmyk: dict[RGB, CMYK] | None  # print colours, for the print profile
    cmyk_given: bool  # the brand gives CMYK values: report text that would print from RGB


_WORKER: _Worker | None = None


def _start_worker(
    brand: Brand, assets: Path, listings: Mapping[str, Listing], cache: Path, profile: Profile = SCREEN
) -> Env:
    """Load fonts, templates and brand once per process."""
    global _WORKER
    env = prepare_env(brand, assets, listings)
    cmyk = {REGISTRATION: (1.0, 1.0, 1.0, 1.0), **Palette(brand).cmyk} if profile.bleed_pt else None
    given = any(colour.cmyk for colour in (brand.primary, brand.accent, brand.text))
    _WORKER = _Worker(env, ImageStore(cache / "images", profile.dpi), profile, cmyk, given)
    return env


def _draw_sheet(task: tuple[Programme, Path | None]) -> tuple[list[Problem], list[Problem], Bug | None]:
    """Check, lay out and (given a target) draw and write one sheet; its
    problems, its preflight and budget warnings, and a fault of the tool if
    one happened (one sheet's fault must not stop the others)."""
    assert _WORKER is not None
    worker = _WORKER
    programme, target = task
    try:
        layout = layout_sheet(programme, worker.env)
        warnings = list(layout.notes) + check_page(
            layout.page, programme.path, None, worker.profile, worker.cmyk if worker.cmyk_given else None
        )
        if target is not None:
            info = DocumentInfo(layout.title, worker.env.brand.name, layout.subject, layout.keywords)
            page = for_profile(layout.page, worker.profile)
            pictures = prepare_pictures([page], worker.store)
            pdf = render_pages([page], info, pictures, worker.cmyk)
            write_atomic(target, pdf)
            warnings += check_fonts(pdf, programme.path) if worker.cmyk else []

            def weigh() -> list[tuple[str, int]]:
                return [(box.image.path.name, path.stat().st_size) for box, path in pictures.items()]

            warnings += check_budget(len(pdf), worker.profile.sheet_budget_mb, programme.path, "the sheet", weigh)
    except OnesheetError as exc:  # a problem of the programme, or a write that failed
        return list(exc.problems), [], None
    except ImageError as exc:  # an image changed or vanished since it was checked
        return [Problem(programme.path, programme.line("key_art"), "key_art", str(exc))], [], None
    except OSError as exc:  # a file that could be read moments ago: a fault, not the programme's problem
        return [fault(Path(exc.filename) if exc.filename else programme.path, "read", exc)], [], None
    except Exception as exc:
        return [], [], Bug.of(exc, f"making the sheet of {programme.path}")
    return [], warnings, None


def _draw_previews(task: tuple[Path, Path]) -> Bug | list[Problem]:
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


_Chunk = tuple[bytes | None, list[tuple[float, ...]], list[Problem], list[Problem]]


def _draw_chunk(task: tuple[int, list[PageSpec], bool, Path]) -> _Chunk:
    """Lay out a run of booklet pages and (if `draw`) draw them: the PDF,
    its links between pages, the problems of pages that do not fit, and
    preflight warnings."""
    assert _WORKER is not None
    worker = _WORKER
    start, specs, draw, target = task
    pages = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    cmyk = worker.cmyk if worker.cmyk_given else None
    for number, spec in enumerate(specs, start=start + 1):
        try:
            page = realize(spec, worker.env)
        except OnesheetError as exc:
            problems.extend(exc.problems)
            continue
        source = spec.programme.path if isinstance(spec, ProgrammePage) else target
        warnings += check_page(page, source, f"page {number}", worker.profile, cmyk)
        pages.append(for_profile(page, worker.profile))
    if problems or not draw:
        return None, [], problems, warnings
    links = [link for offset, page in enumerate(pages) for link in page_links(start + offset, page)]
    info = DocumentInfo("", worker.env.brand.name, "", ())  # the booklet's own metadata is set at assembly
    try:
        pictures = prepare_pictures(pages, worker.store)
    except ImageError as exc:  # an image changed or vanished since it was checked
        return None, [], [Problem(target, None, None, f"an image could not be prepared: {exc}")], warnings
    return render_pages(pages, info, pictures, worker.cmyk), links, [], warnings


def default_jobs() -> int:
    """The CPUs this process may run on: more workers only share them."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1
