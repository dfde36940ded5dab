"""The batch: read and check everything, lay out every sheet, then render and
write the ones that fit, each atomically; then the catalogue booklet, only
when every programme it must hold is valid.

`check` runs the same stages as `build` up to rendering, so it finds every
problem that would stop a sheet or the catalogue (overflow and missing
glyphs included) without writing anything.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import assemble_booklet
from .booklet import BookletLayout, layout_booklet
from .brand import Brand, read_brand
from .catalogue import order_catalogue, read_selection, select
from .compose import Env, prepare_env
from .design import CHUNK_PAGES, SCREEN_DPI
from .errors import OnesheetError, Problem
from .files import write_atomic
from .layout import SheetLayout, check_env_glyphs, check_glyphs, layout_sheet
from .model import Catalogue, programme_files, read_catalogue
from .render import DocumentInfo, ImageStore, render_pages


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
    def image_cache(self) -> Path:
        return self.out / ".cache" / "images"

    @property
    def catalogue(self) -> Path:
        return self.out / "catalogue.pdf"

    def selection(self, selection: Path) -> Path:
        return self.out / "selections" / f"{selection.stem}.pdf"


@dataclass
class Report:
    """What a run did: counts for the summary line, and every problem."""

    programmes: int = 0
    laid_out: list[SheetLayout] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    booklet: Path | None = None
    booklet_pages: int = 0
    booklet_note: str | None = None  # why the booklet was not written
    problems: list[Problem] = field(default_factory=list)
    failed: set[Path] = field(default_factory=set)
    started: float = field(default_factory=time.perf_counter)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def fail(self, problems: Iterable[Problem], programme_paths: Iterable[Path]) -> None:
        """Record problems and the programme files they stop."""
        self.problems.extend(problems)
        self.failed.update(programme_paths)


@dataclass(frozen=True)
class Prepared:
    brand: Brand
    catalogue: Catalogue
    env: Env


def check(paths: Paths) -> Report:
    """Every problem that `build` would refuse, without writing files."""
    report = Report()
    prepared = _lay_out(paths, report)
    if prepared is not None and not report.failed:
        _lay_out_booklet(report, prepared, None, paths.catalogue)
    return report


def build(paths: Paths) -> Report:
    """Write OUT/sheets/<id>.pdf for every programme that is valid and fits,
    then OUT/catalogue.pdf if every programme is."""
    report = Report()
    prepared = _lay_out(paths, report)
    if prepared is None:
        return report
    _write_sheets(paths, report, prepared)
    _write_booklet(paths, report, prepared, None)
    return report


def build_catalogue(paths: Paths, selection_file: Path | None = None) -> Report:
    """Write the booklet only: OUT/catalogue.pdf, or for a selection file
    OUT/selections/<name>.pdf."""
    report = Report()
    prepared = _lay_out(paths, report)
    if prepared is not None:
        _write_booklet(paths, report, prepared, selection_file)
    return report


def _lay_out_booklet(
    report: Report, prepared: Prepared, selection_file: Path | None, target: Path
) -> BookletLayout | None:
    """Every page of the booklet, or None with the reason in the report: a
    catalogue is never made while a programme it must hold is invalid."""
    try:
        if selection_file is None:
            if report.failed:
                count = len(report.failed)
                report.booklet_note = (
                    f"catalogue not written: {count} programme{'s' if count > 1 else ''} with errors "
                    f"would be missing from it; {target} is left as it was"
                )
                return None
            contents = order_catalogue(prepared.catalogue.programmes, prepared.brand, prepared.env.labels)
        else:
            laid_out = {layout.programme_id for layout in report.laid_out}
            valid = {pid: p for pid, p in prepared.catalogue.by_id().items() if pid in laid_out}
            contents = select(read_selection(selection_file), valid, prepared.catalogue.ids)
        return layout_booklet(contents, prepared.env)
    except OnesheetError as exc:
        report.fail(exc.problems, [])
        report.booklet_note = f"catalogue not written: see the errors above; {target} is left as it was"
        return None


def _write_booklet(paths: Paths, report: Report, prepared: Prepared, selection_file: Path | None) -> None:
    target = paths.selection(selection_file) if selection_file else paths.catalogue
    layout = _lay_out_booklet(report, prepared, selection_file, target)
    if layout is None:
        return
    info = DocumentInfo(layout.title, prepared.brand.name, layout.subject, layout.keywords)
    store = ImageStore(paths.image_cache, SCREEN_DPI)
    pages = list(layout.pages)
    chunks = [render_pages(pages[i : i + CHUNK_PAGES], info, store) for i in range(0, len(pages), CHUNK_PAGES)]
    write_atomic(target, assemble_booklet(chunks, layout, info))
    report.booklet = target
    report.booklet_pages = len(pages)


def _write_sheets(paths: Paths, report: Report, prepared: Prepared) -> None:
    store = ImageStore(paths.image_cache, SCREEN_DPI)
    for layout in report.laid_out:
        info = DocumentInfo(layout.title, prepared.brand.name, layout.subject, layout.keywords)
        target = paths.sheet_folder / f"{layout.programme_id}.pdf"
        try:
            data = render_pages([layout.page], info, store)
        except Exception as exc:  # one sheet's failure must not stop the others
            report.fail([Problem(layout.source, None, None, f"could not be drawn: {exc}")], [layout.source])
            continue
        write_atomic(target, data)
        report.written.append(target)


def _lay_out(paths: Paths, report: Report) -> Prepared | None:
    """Read brand and catalogue, check glyphs, and lay out every sheet."""
    files = programme_files(paths.sheets)
    report.programmes = len(files)
    try:
        brand = read_brand(paths.brand, paths.assets)
    except OnesheetError as exc:
        report.fail(exc.problems, files)
        return None
    catalogue = read_catalogue(paths.sheets, paths.assets)
    report.fail(catalogue.problems, catalogue.failed)
    try:
        env = prepare_env(brand, paths.assets, catalogue.listings)
    except OnesheetError as exc:
        report.fail(exc.problems, files)
        return None
    env_problems = check_env_glyphs(env)
    if env_problems:
        report.fail(env_problems, files)
        return None
    for programme in catalogue.programmes:
        try:
            problems = check_glyphs(programme, env)
            if problems:
                report.fail(problems, [programme.path])
                continue
            report.laid_out.append(layout_sheet(programme, env))
        except OnesheetError as exc:
            report.fail(exc.problems, [programme.path])
    return Prepared(brand, catalogue, env)
