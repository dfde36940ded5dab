"""The batch: read and check everything, lay out every sheet, then render and
write the ones that fit, each atomically.

`check` runs the same stages as `build` up to rendering, so it finds every
problem that would stop a sheet (overflow and missing glyphs included)
without writing anything.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .brand import Brand, read_brand
from .compose import Env, prepare_env
from .design import SCREEN_DPI
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


@dataclass
class Report:
    """What a run did: counts for the summary line, and every problem."""

    programmes: int = 0
    laid_out: list[SheetLayout] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
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
    _lay_out(paths, report)
    return report


def build(paths: Paths) -> Report:
    """Write OUT/sheets/<id>.pdf for every programme that is valid and fits."""
    report = Report()
    prepared = _lay_out(paths, report)
    if prepared is None:
        return report
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
    return report


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
