"""The batch: read and check everything, decide what changed, lay out and
draw only that (in worker processes), write each output atomically; then the
catalogue booklet, only when every programme it must hold is valid; and, on
request, buyer packs made from the built sheets. Every output is made for
one profile (screen or print, `profiles.py`).

Sheets and booklet are made in each language asked for (an `Edition`): the
brand's own in OUT/, each other in OUT/<language>/, from the programmes'
translations (`translations.py`). Languages share the cache, the prepared
images and the worker processes.

What changed is decided by content keys (`cache.py`). A sheet's key covers
what it prints of its programme in its language, its key art, the titles
and loglines of the programmes it lists as related, the brand, fonts, the
language's templates and the generator's version: a new French synopsis
remakes the French sheet alone. A booklet is drawn in chunks of pages whose
keys cover what is on them, so a change that leaves the pagination alone
redraws only the chunk it touches (`chunks.py`).

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

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from . import images, kept, unchanged
from .brand import Brand, read_brand
from .cache import BuildCache, Stat
from .editions import Edition, edition_folder, edition_language, make_edition
from .errors import Bug, OnesheetError, Problem, did_you_mean, fault
from .files import BusyError, WriteError, hold, publish, remove, remove_stale_temporaries
from .keys import brand_key
from .model import Catalogue, Programme, Readings, programme_files, read_catalogue
from .preflight import check_brand_colours, kept_budget
from .profiles import SCREEN, Profile
from .progress import Progress
from .report import Booklet, Paths, Report, Stopped

# What draws (layout, reportlab, pikepdf, the workers) is loaded when something
# is to be drawn: a build with nothing to redo reads, compares keys and stops.
if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from .compose import Env
    from .pack import PackRequest
    from .workers import Worker

T = TypeVar("T")
R = TypeVar("R")
IN_PROCESS_BELOW = 8  # fewer tasks than this are not worth starting workers


@dataclass(frozen=True)
class Options:
    jobs: int = 1
    force: bool = False  # rebuild everything, whatever the cache says
    progress: Progress = field(default_factory=Progress)
    profile: Profile = SCREEN
    impose: bool = False  # print: also write the booklet imposed for saddle stitching
    png: bool = False  # also PNG previews of every sheet, in OUT/png (OUT/<language>/png)
    skip_invalid: bool = False  # write the catalogue without the programmes that have problems
    languages: tuple[str, ...] = ()  # the languages to make; default the brand's own and its `languages`
    strict_languages: bool = False  # what a language prints from the main text is an error, not a warning
    command_key: str = ""  # the command line's key (unchanged.command_key): a good build records its stamp


@dataclass(frozen=True)
class Job:
    """What one command makes. Every command reads, checks, keys and
    reports the same way; they differ only in what they make."""

    command: str  # as the output folder's lock and the report name it
    write: bool = True  # False: find every problem that would stop an output, write nothing
    sheets: bool = True  # publish the sheets in each language's sheets folder
    booklet: bool = True  # the catalogue (or the selection's booklet) in each language
    only: tuple[str, ...] = ()  # just these programmes' sheets
    selection: Path | None = None  # the booklet of a selection file, not the catalogue
    # the languages to make and the programmes to draw in each, when neither
    # the options nor the brand say it (buyers' packs)
    wanted: Callable[[Brand, Catalogue], dict[str, set[str]]] | None = None
    then: Callable[[_Run, Inputs], None] | None = None  # made after the sheets and booklets (previews, packs)
    # the status of the inputs, when taken before the run (unchanged.inputs)
    read: dict[str, unchanged.Status] | None = None

    @property
    def stamps(self) -> bool:
        """A good build of everything records its stamp (`unchanged.py`)."""
        return self.write and self.command == "build" and not self.only


def check(paths: Paths, options: Options | None = None) -> Report:
    """Every problem that `build` would refuse, without writing files."""
    return _Run(paths, options or Options(), Job("check", write=False)).run()


def build(
    paths: Paths,
    options: Options | None = None,
    ids: tuple[str, ...] = (),
    read: dict[str, unchanged.Status] | None = None,
) -> Report:
    """Write OUT/sheets/<id>.pdf for every programme that is valid and fits,
    then OUT/catalogue.pdf if every programme is; the same in OUT/<language>/
    for each other language. Given `ids`, just those programmes' sheets.
    With the png option, previews of the sheets too. `read`: the status of
    the inputs taken just now (`unchanged.inputs`), for the stamp."""
    options = options or Options()
    previews = _Run.previews if options.png else None
    return _Run(paths, options, Job("build", booklet=not ids, only=ids, then=previews, read=read)).run()


def build_catalogue(paths: Paths, options: Options | None = None, selection: Path | None = None) -> Report:
    """Write the booklet only: OUT/catalogue.pdf, or for a selection file
    OUT/selections/<name>.pdf (in OUT/<language>/ for another language)."""
    return _Run(paths, options or Options(), Job("catalogue", sheets=False, selection=selection)).run()


def build_packs(paths: Paths, options: Options, request: PackRequest) -> Report:
    """Build the sheets the chosen buyers' packs send, in each buyer's
    language (each once), then for each buyer OUT/packs/<buyer>.pdf (cover
    letter and sheets, stamped) and an .eml draft beside it."""
    from .pack import make_packs, wanted

    job = Job("pack", booklet=False, wanted=partial(wanted, request, paths.sheets), then=partial(make_packs, request))
    return _Run(paths, replace(options, languages=()), job).run()


def rebudget(warnings: list[Problem], made: Stat | None, budget_mb: float | None, what: str) -> list[Problem] | None:
    """A kept output's warnings under this run's e-mail budget, from the
    size it was made at (see `kept_budget`); as kept for an output not made."""
    return warnings if made is None else kept_budget(warnings, made[0], budget_mb, what)


class _Run:
    """One build or check: inputs, languages, keys, cache, workers, report."""

    def __init__(self, paths: Paths, options: Options, job: Job) -> None:
        self.paths = paths
        self.options = options
        self.job = job
        self.drawn: dict[str, set[str]] | None = None  # the programmes to draw in each language, when not all
        self.report = Report()
        self.cache = BuildCache(paths.cache, force=options.force)
        self.editions: dict[str, Edition] = {}
        self.worker: Worker | None = None
        self.checked: set[str] = set()  # languages whose brand and template text has been checked for glyphs
        self.pool: ProcessPoolExecutor | None = None
        self.readings = Readings()  # the programme files as read, and their sheets' keys

    @property
    def write(self) -> bool:
        return self.job.write

    def run(self) -> Report:
        """Read the inputs; if they can be read, hold the output folder and
        make what the job asks for."""
        stamped = self.job.stamps and self.options.command_key
        created_in = unchanged.creates_in(self.paths.out)
        read = (self.job.read or unchanged.inputs(self.paths.sheets, self.paths.assets)) if stamped else {}
        inputs = self._read()
        if inputs is None:
            if self.write:
                self.report.notes.append(f"nothing was written; {self.paths.out} is left as it was")
            return self.report
        if not self.write:
            self._make(inputs)
            return self.report
        try:
            with hold(self.paths.out, self.job.command):
                self._clean()
                self._make(inputs)
                self.cache.images = images.recall()
                self.cache.readings = self.readings.keep()
                try:
                    self.cache.save()
                    if stamped and not (self.report.problems or self.report.bugs or self.report.notes):
                        read = unchanged.with_output_created(read, created_in)
                        unchanged.record(self.paths.cache, self.options.command_key, read, self._outputs(),
                                         self._unchanged_report())  # fmt: skip
                except WriteError as exc:
                    if not self._faulted:
                        self.report.fail(exc.problems, [])
        except (BusyError, WriteError) as exc:  # the folder is another build's, or cannot be written at all
            self.report.fail(exc.problems, [])
        if self.job.booklet and self._faulted and not self.report.notes:
            written = {made.path for made in self.report.booklets}
            for language in inputs.languages:
                target = self._target(edition_folder(self.paths, language, inputs.brand))
                if target not in written:
                    self.report.notes.append(f"catalogue not written: the build stopped; {target} is left as it was")
        return self.report

    @property
    def _faulted(self) -> bool:
        return any(problem.fault for problem in self.report.problems)

    def _target(self, folder: Path) -> Path:
        """The booklet of a language's folder: the catalogue, or a selection's."""
        if self.job.selection is not None:
            return folder / "selections" / f"{self.job.selection.stem}.pdf"
        return folder / "catalogue.pdf"

    def _make(self, inputs: Inputs) -> None:
        """The sheets and the booklet in each language, then the rest; the
        first fault (a write that failed) stops them."""
        from .chunks import make_booklet

        try:
            for language in inputs.languages:
                self.editions[language] = make_edition(self, inputs, language)
            for edition in self.editions.values():
                if self.write:
                    for folder in (
                        edition.folder,
                        edition.sheet_folder,
                        edition.folder / "selections",
                        edition.previews,
                    ):
                        remove_stale_temporaries(folder)
                self._sheets(inputs, edition, draw=self.job.sheets)
                if self.job.booklet:
                    make_booklet(self, inputs, edition, self._target(edition.folder))
            if self.job.then is not None:
                self.job.then(self, inputs)
        except Stopped:
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
        """Delete what killed builds left, and the stamp of the last build
        (this one changes the folder); the cache's folders made usable."""
        for folder in (self.paths.out, self.paths.out / "packs"):
            remove_stale_temporaries(folder)
        self.cache.prepare()
        remove(unchanged.stamp_path(self.paths.cache))
        for folder in self.cache.folders:
            remove_stale_temporaries(folder)

    def _outputs(self) -> list[Path]:
        """Every file a build with nothing to redo finds as it was: the
        sheets (and previews) of each language, as published and as drawn
        in the cache, the booklets, the cache's manifest."""
        from .preview import preview_paths

        files = [self.cache.manifest]
        for edition in self.editions.values():
            for programme_id, key in edition.keys.items():
                files += [edition.sheet_folder / f"{programme_id}.pdf", self.cache.sheet_pdf(key)]
                if self.options.png:
                    files += preview_paths(edition.previews, programme_id)
        for made in self.report.booklets:
            files += [made.path, made.path.with_name(f"{made.path.stem}-saddle.pdf")]
        return files

    def _unchanged_report(self) -> Report:
        """What a build with nothing to redo would report after this one:
        every sheet reused, every booklet unchanged, the same warnings."""
        report = self.report
        return Report(
            programmes=report.programmes,
            reused=len(report.written) + report.reused,
            warnings=report.warnings,
            sheet_folders=report.sheet_folders,
            booklets=[Booklet(made.path, left_out=made.left_out) for made in report.booklets],
        )

    # Inputs -----------------------------------------------------------------
    def _read(self) -> Inputs | None:
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
        kept.keep_in(self.paths.cache, write=False)  # the brand's fonts, as an earlier build read them
        try:
            brand = read_brand(self.paths.brand, self.paths.assets)
        except OnesheetError as exc:
            self.report.fail(exc.problems, files)
            return None
        images.remember(self.cache.images)
        self.readings = Readings.of(self.cache.readings)
        catalogue = whole = read_catalogue(sheets, self.paths.assets, files, self.readings)
        if self.job.only:
            catalogue, files = self._only(catalogue, files)
        self.report.fail(catalogue.problems, catalogue.failed)
        try:
            brand_digest = brand_key(brand)
        except OSError as exc:
            self.report.fail([fault(Path(exc.filename or self.paths.assets), "read", exc)], files)
            return None
        if self.options.languages:
            wanted: tuple[str, ...] = self.options.languages
        elif self.job.wanted is not None:
            self.drawn = self.job.wanted(brand, catalogue)
            wanted = tuple(self.drawn)
        else:
            wanted = (brand.language, *brand.languages)
        languages = tuple(dict.fromkeys(edition_language(language, brand) for language in wanted))
        self.report.warnings.extend(check_brand_colours(brand, self.options.profile))
        return Inputs(brand, catalogue, whole.programmes, brand_digest, files, languages)

    def _only(self, catalogue: Catalogue, files: list[Path]) -> tuple[Catalogue, list[Path]]:
        """The catalogue narrowed to the programmes asked for (related titles
        still list every programme); an unknown id is a problem."""
        for pid in self.job.only:
            if pid not in catalogue.ids:
                hint = did_you_mean(pid, catalogue.ids)
                self.report.fail([Problem(self.paths.sheets, None, None, f"no programme '{pid}'{hint}")], [])
        chosen = set(self.job.only)
        files = [path for path in files if path.stem in chosen]
        self.report.programmes = len(files)
        narrowed = replace(
            catalogue,
            programmes=tuple(p for p in catalogue.programmes if p.id in chosen),
            problems=tuple(p for p in catalogue.problems if p.path.stem in chosen),
            failed=tuple(path for path in catalogue.failed if path.stem in chosen),
        )
        return narrowed, files

    def env(self, inputs: Inputs, language: str) -> Env:
        """Fonts, templates and brand for layout in `language`, loaded once;
        stops the run if the brand's own text or the language's labels
        cannot be drawn."""
        from .layout import check_env_glyphs
        from .workers import start as start_worker

        if self.worker is None:
            listings = {language: edition.listings for language, edition in self.editions.items()}
            self.worker = start_worker(
                inputs.brand, self.paths.assets, listings, self.paths.cache, self.options.profile, self.write
            )  # fmt: skip
        try:
            env = self.worker.env(language)
        except OnesheetError as exc:
            self.report.fail(exc.problems, inputs.files, language)
            raise Stopped from None
        if language not in self.checked:
            self.checked.add(language)
            problems = check_env_glyphs(env)
            if problems:
                self.report.fail(problems, inputs.files, language)
                raise Stopped
        return env

    def map(self, inputs: Inputs, edition: Edition, task: Callable[[T], R], items: list[T], phase: str) -> Iterator[R]:
        """Run `task` over `items` in worker processes (or here, for few),
        in order, advancing the progress report."""
        from .workers import start as start_worker

        self.env(inputs, edition.language)
        progress = self.options.progress
        progress.start(phase if edition.main else f"{phase} ({edition.language})", len(items))
        workers = min(self.options.jobs, default_jobs())
        if workers <= 1 or len(items) < IN_PROCESS_BELOW:
            for item in items:
                yield task(item)
                progress.advance()
        else:
            if self.pool is None:
                assert self.worker is not None
                start = (
                    inputs.brand, self.paths.assets, self.worker.listings, self.paths.cache, self.options.profile,
                    self.write,
                )  # fmt: skip
                from concurrent.futures import ProcessPoolExecutor  # 20 ms of imports a run that uses no pool saves

                self.pool = ProcessPoolExecutor(workers, initializer=start_worker, initargs=start)
            for result in self.pool.map(task, items, chunksize=4):
                yield result
                progress.advance()
        progress.finish()

    # Sheets -----------------------------------------------------------------
    def _sheets(self, inputs: Inputs, edition: Edition, draw: bool) -> None:
        """Reuse every sheet of a language whose key is unchanged; lay out
        (and draw) the others; forget sheets whose programme file is gone.
        A sheet is drawn into the cache, where the booklet copies it from,
        and (with `draw`) linked into the language's sheets folder."""
        from .workers import SheetTask, draw_sheet

        self.report.sheet_folders.append(edition.sheet_folder)
        todo: list[SheetTask] = []
        stopped = self.report.failed_for(edition.language)
        chosen = None if self.drawn is None else self.drawn.get(edition.language, set())
        for programme in inputs.catalogue.programmes:
            if programme.path in stopped or (chosen is not None and programme.id not in chosen):
                continue
            key, name = edition.keys[programme.id], edition.entry("sheet", programme.id)
            target = edition.sheet_folder / f"{programme.id}.pdf" if draw and self.write else None
            entry = self.cache.get(name, key)
            if entry is not None and entry.problems:
                self.report.fail(entry.problems, [programme.path], edition.language)
                continue
            budget = self.options.profile.sheet_budget_mb
            warned = None if entry is None else rebudget(entry.warnings, entry.drawn, budget, "the sheet")
            if entry is not None and warned is not None and (not self.write or self.cache.keeps_drawn(entry)):
                self.report.warnings.extend(warned)
                if target is not None and not self.cache.holds(entry, target):
                    publish(self.cache.sheet_pdf(key), target)  # drawn, but its copy in OUT is gone
                    self.cache.put(name, key, [], entry.parts, warned, target, self.cache.sheet_pdf(key),
                                   entry.refs)  # fmt: skip
                    self.report.written.append(target)
                elif draw:
                    self.report.reused += 1
                continue
            drawn = self.cache.sheet_pdf(key) if self.write else None
            todo.append(SheetTask(edition.programmes[programme.id], edition.language, drawn, target))
        phase = "sheets" if draw and self.write else "checking"
        for task, result in zip(todo, self.map(inputs, edition, draw_sheet, todo, phase)):
            programme = task.programme
            if result.bug is not None:  # never remembered: the next build tries again
                self.report.bugs.append(result.bug)
                self.report.failed.add(programme.path)
                self.report.failed_in.setdefault(edition.language, set()).add(programme.path)
                continue
            self.report.fail(result.problems, [programme.path] if result.problems else [], edition.language)
            if any(problem.fault for problem in result.problems):
                raise Stopped
            self.report.warnings.extend(result.warnings)
            if task.target is not None and not result.problems:
                self.report.written.append(task.target)
            if self.write:
                kept = task.drawn if not result.problems else None
                self.cache.put(edition.entry("sheet", programme.id), edition.keys[programme.id],
                               result.problems, warnings=result.warnings, output=task.target, drawn=kept,
                               refs=result.refs)  # fmt: skip
        if self.write and draw and not self.job.only:
            self._remove_orphans(edition, {path.stem for path in inputs.files})

    def _remove_orphans(self, edition: Edition, ids: set[str]) -> None:
        from .preview import preview_paths

        for name in list(self.cache.entries):
            kind, programme_id = edition.output_of(name)
            if kind is not None and programme_id not in ids:
                outputs = [edition.sheet_folder / f"{programme_id}.pdf"] if kind == "sheet" else []
                for path in outputs or preview_paths(edition.previews, programme_id):
                    remove(path)
                self.cache.forget(name)

    # Previews ---------------------------------------------------------------
    def previews(self, inputs: Inputs) -> None:
        """A PNG of every built sheet (in each language) and its card,
        redrawn only when the sheet's key changed."""
        from .preview import preview_paths
        from .workers import draw_previews

        for edition in self.editions.values():
            todo: list[tuple[Programme, Path]] = []
            stopped = self.report.failed_for(edition.language)
            for programme in inputs.catalogue.programmes:
                sheet = edition.sheet_folder / f"{programme.id}.pdf"
                if programme.path in stopped or not sheet.exists():
                    continue
                kept = self.cache.get(edition.entry("png", programme.id), edition.keys[programme.id])
                if kept is None or not all(path.exists() for path in preview_paths(edition.previews, programme.id)):
                    todo.append((programme, sheet))
            tasks = [(sheet, edition.previews) for _, sheet in todo]
            for (programme, _), failure in zip(todo, self.map(inputs, edition, draw_previews, tasks, "previews")):
                if isinstance(failure, Bug):  # never remembered: the next build tries again
                    self.report.bugs.append(failure)
                    continue
                if failure:
                    raise WriteError(failure)
                self.cache.put(edition.entry("png", programme.id), edition.keys[programme.id], [])
                self.report.previews += 1


def default_jobs() -> int:
    """The CPUs this process may run on: more workers only share them."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Inputs:
    brand: Brand
    catalogue: Catalogue  # the programmes to make (all, or those a build names)
    everyone: tuple[Programme, ...]  # every valid programme, which related titles may list
    brand_key: str
    files: list[Path]
    languages: tuple[str, ...]  # to make, the brand's own first when it is among them
