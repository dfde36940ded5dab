"""The `onesheet` command line: parse arguments, run a stage, print problems
and one summary line, return the exit status. The only place that exits.

Exit status: 0 all good, 1 any programme or brand problem, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .build import Paths, Report, build, build_catalogue, check


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
    parser = argparse.ArgumentParser(
        prog="onesheet", description="Branded one-page sales sheets for programme catalogues."
    )
    parser.add_argument("--version", action="version", version=f"onesheet {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    commands.add_parser("check", parents=[common], help="validate every programme and the brand; write nothing")
    commands.add_parser("build", parents=[common], help="write every sheet and the catalogue booklet")
    booklet = commands.add_parser("catalogue", parents=[common], help="write the catalogue booklet only")
    booklet.add_argument(
        "--select", type=Path, metavar="FILE", help="a selection file: a booklet of just those titles, in that order"
    )
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    for option in ("sheets", "assets"):
        folder: Path = getattr(args, option)
        if not folder.is_dir():
            print(
                f"onesheet: error: --{option}: no folder '{folder}'; run in a catalogue folder or pass --{option} DIR",
                file=err,
            )
            return 2
    selection = getattr(args, "select", None)
    if selection is not None and not selection.is_file():
        print(f"onesheet: error: --select: no file '{selection}'", file=err)
        return 2
    paths = Paths(args.sheets, args.assets, args.out)
    if args.command == "check":
        report = check(paths)
    elif args.command == "build":
        report = build(paths)
    else:
        report = build_catalogue(paths, selection)
    _print_problems(report, err)
    if report.booklet_note:
        print(report.booklet_note, file=err)
    if not args.quiet:
        print(_summary(args.command, report, paths), file=out)
    return 1 if report.problems else 0


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
    booklet = f"{report.booklet} ({report.booklet_pages} pages)" if report.booklet else "no catalogue"
    if command == "catalogue":
        return f"Built {booklet} ({seconds})"
    return f"Built {len(report.written)} sheets in {paths.sheet_folder}, {failed} failed; {booklet} ({seconds})"
