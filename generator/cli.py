"""The `onesheet` command line: parse arguments, run a stage, print problems
and one summary line, return the exit status. The only place that exits.

Exit status: 0 all good, 1 any programme or brand problem, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TextIO

import watchfiles

from . import __version__
from .build import Options, PackRequest, Paths, Report, build, build_catalogue, build_packs, check, default_jobs
from .errors import Bug, printable
from .profiles import PROFILES
from .progress import progress_for


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--sheets", type=Path, default=Path("sheets"), help="folder of programme files (default: sheets)"
    )
    common.add_argument(
        "--assets", type=Path, default=Path("assets"), help="folder of brand.yaml, images, fonts (default: assets)"
    )
    common.add_argument("--out", type=Path, default=Path("build"), help="output folder (default: build)")
    common.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    common.add_argument(
        "-j", "--jobs", type=_positive, default=default_jobs(), metavar="N",
        help=f"worker processes, at most the number of CPUs (default: all of them, {default_jobs()})",
    )  # fmt: skip
    common.add_argument("--force", action="store_true", help="rebuild everything, ignoring what earlier builds left")
    common.add_argument(
        "--profile", choices=sorted(PROFILES), default="screen",
        help="screen: small files for e-mail (default); print: bleed, crop marks, 300 dpi, CMYK, in OUT/print",
    )  # fmt: skip
    common.add_argument(
        "--sheet-budget",
        type=float,
        default=1.0,
        metavar="MB",
        help="e-mail size budget of a sheet (screen; default 1)",
    )
    common.add_argument(
        "--catalogue-budget",
        type=float,
        default=10.0,
        metavar="MB",
        help="e-mail size budget of the catalogue (screen; default 10)",
    )
    common.add_argument(
        "--impose", choices=["saddle"],
        help="with --profile print: also write the catalogue imposed 2-up for saddle stitching",
    )  # fmt: skip
    parser = argparse.ArgumentParser(
        prog="onesheet", description="Branded one-page sales sheets for programme catalogues."
    )
    parser.add_argument("--version", action="version", version=f"onesheet {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    commands.add_parser("check", parents=[common], help="validate every programme and the brand; write nothing")
    build_command = commands.add_parser("build", parents=[common], help="write every sheet and the catalogue booklet")
    build_command.add_argument(
        "--skip-invalid", action="store_true",
        help="write the catalogue without the programmes that have problems, and say which are missing",
    )  # fmt: skip
    commands.add_parser("watch", parents=[common], help="build, then rebuild what changes whenever a file is saved")
    pack = commands.add_parser(
        "pack", parents=[common], help="buyer packs: cover letter and sheets in one PDF, and an e-mail"
    )
    pack.add_argument("--buyers", type=Path, metavar="FILE", help="the buyers file (default: ASSETS/buyers.yaml)")
    pack.add_argument("--buyer", metavar="ID", help="one buyer of the file (default: all)")
    pack.add_argument("--titles", nargs="+", metavar="ID", default=(), help="these titles instead of each buyer's own")
    pack.add_argument("--select", type=Path, metavar="FILE", help="the titles of a selection file instead")
    pack.add_argument("--date", default=date.today().isoformat(), help="the date on the stamp (default: today)")
    pack.add_argument(
        "--limit", type=float, default=10.0, metavar="MB", help="attachment limit of one e-mail (default 10)"
    )
    pack.add_argument("--split", action="store_true", help="over the limit, send the titles in several e-mails")
    booklet = commands.add_parser("catalogue", parents=[common], help="write the catalogue booklet only")
    booklet.add_argument(
        "--select", type=Path, metavar="FILE", help="a selection file: a booklet of just those titles, in that order"
    )
    return parser


WATCHED = frozenset({".yaml", ".yml", ".jpg", ".jpeg", ".png", ".ttf", ".otf", ".j2"})


def _quoted(path: Path) -> str:
    return f"'{printable(str(path))}'"


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got '{text}'")
    return int(text)


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        return _main(argv, out, err)
    except KeyboardInterrupt:
        print("onesheet: interrupted; outputs written so far are complete, the rest is as it was", file=err)
        return 130
    except Exception as exc:  # a fault of the tool: say so, never blame the user's files
        print(Bug.of(exc, "running onesheet"), file=err)
        return 1


def _main(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    for option in ("sheets", "assets"):
        folder: Path = getattr(args, option)
        if not folder.is_dir():
            print(
                f"onesheet: error: --{option}: no folder {_quoted(folder)}; run in a catalogue folder or pass "
                f"--{option} DIR",
                file=err,
            )
            return 2
    if args.out.exists() and not args.out.is_dir():
        print(f"onesheet: error: --out: {_quoted(args.out)} is a file, not a folder; pass --out DIR", file=err)
        return 2
    selection = getattr(args, "select", None)
    if selection is not None and not selection.is_file():
        print(f"onesheet: error: --select: no file {_quoted(selection)}", file=err)
        return 2
    profile = PROFILES[args.profile]
    if profile.sheet_budget_mb is not None:
        profile = replace(profile, sheet_budget_mb=args.sheet_budget, catalogue_budget_mb=args.catalogue_budget)
    if args.impose and profile.bleed_pt == 0:
        print("onesheet: error: --impose saddle needs --profile print", file=err)
        return 2
    paths = Paths(args.sheets, args.assets, args.out / profile.folder)
    options = Options(
        jobs=args.jobs,
        force=args.force,
        progress=progress_for(out, args.quiet),
        profile=profile,
        impose=bool(args.impose),
        skip_invalid=getattr(args, "skip_invalid", False),
    )
    if args.command == "watch":
        return watch(paths, options, out, err, quiet=args.quiet)
    if args.command == "pack":
        request = PackRequest(
            args.buyers or args.assets / "buyers.yaml", args.buyer, tuple(args.titles), args.select, args.date,
            args.limit, args.split,
        )  # fmt: skip
        report = build_packs(paths, options, request)
        _print_report("pack", report, paths, out, err, args.quiet)
        return 1 if report.problems or report.bugs else 0
    if args.command == "check":
        report = check(paths, options)
    elif args.command == "build":
        report = build(paths, options)
    else:
        report = build_catalogue(paths, options, selection)
    _print_report(args.command, report, paths, out, err, args.quiet)
    return 1 if report.problems or report.bugs else 0


def watch(
    paths: Paths, options: Options, out: TextIO, err: TextIO, quiet: bool = False, stop: threading.Event | None = None
) -> int:
    """Build, then rebuild whenever a programme file, image, template or the
    brand is saved; problems are reported as they appear and never stop the
    watch. Ctrl-C (or `stop`) ends it."""
    _print_report("build", build(paths, options), paths, out, err, quiet)
    print(f"Watching {paths.sheets} and {paths.assets} for changes; Ctrl-C to stop", file=out, flush=True)
    output = paths.out.resolve()

    def relevant(change: watchfiles.Change, path: str) -> bool:
        name = Path(path)
        return name.suffix.lower() in WATCHED and not name.resolve().is_relative_to(output)

    try:
        for changes in watchfiles.watch(
            paths.sheets, paths.assets, stop_event=stop, debounce=300, rust_timeout=500, watch_filter=relevant
        ):
            names = sorted({Path(path).name for _, path in changes})
            print(f"Changed: {', '.join(names)}", file=out, flush=True)
            _print_report("build", build(paths, options), paths, out, err, quiet)
    except KeyboardInterrupt:
        pass
    print("Stopped watching", file=out, flush=True)
    return 0


def _print_report(command: str, report: Report, paths: Paths, out: TextIO, err: TextIO, quiet: bool) -> None:
    _print_problems(report, err)
    for bug in report.bugs:
        print(bug, file=err)
    for warning in dict.fromkeys(str(w) for w in sorted(report.warnings, key=lambda w: (str(w.path), w.line or 0))):
        print(f"warning: {warning}", file=err)
    if report.booklet_note:
        print(report.booklet_note, file=err)
    if not quiet:
        print(_summary(command, report, paths), file=out, flush=True)


def _print_problems(report: Report, err: TextIO) -> None:
    seen: set[str] = set()
    for problem in sorted(report.problems, key=lambda p: (str(p.path), p.line or 0)):
        line = str(problem)
        if line not in seen:
            seen.add(line)
            print(line, file=err)


def _summary(command: str, report: Report, paths: Paths) -> str:
    failed = len(report.failed)
    seconds = f"{report.seconds:.2f} s"
    if command == "check":
        valid = report.programmes - failed
        return f"Checked {report.programmes} programmes: {valid} valid, {failed} with errors ({seconds})"
    if report.booklet is None:
        booklet = "no catalogue"
    elif report.booklet_pages == 0:
        booklet = f"{report.booklet} unchanged"
    else:
        drawn, total = report.booklet_chunks
        booklet = f"{report.booklet} ({report.booklet_pages} pages, {drawn} of {total} chunks drawn)"
    if command == "catalogue":
        return f"Built {booklet} ({seconds})"
    if command == "pack":
        return f"Made {len(report.packs)} packs in {paths.out / 'packs'}, each with an e-mail draft ({seconds})"
    if report.imposed:
        booklet += f", imposed in {report.imposed}"
    if report.left_out and report.booklet is not None:
        booklet += f" without {len(report.left_out)} invalid programme{'s' if len(report.left_out) > 1 else ''}: "
        booklet += ", ".join(report.left_out)
    sheets = f"{len(report.written)} sheets built, {report.reused} reused, {failed} failed in {paths.sheet_folder}"
    warnings = f"; {len(report.warnings)} warnings" if report.warnings else ""
    return f"{sheets}; {booklet}{warnings} ({seconds})"
