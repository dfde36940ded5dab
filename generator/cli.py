"""The `onesheet` command line: parse arguments, run a stage, print problems
and one summary line, return the exit status. The only place that exits.

Exit status: 0 all good, 1 any programme or brand problem, 2 usage errors.
Each command imports its stage when it runs, so that `onesheet --help` and
shell completion start without loading reportlab, pypdf or the file watcher.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .errors import Bug, printable, problem_json
from .languages import language_problem, normalise_tag
from .report import Booklet, Paths, Report

if TYPE_CHECKING:
    from .build import Options
    from .errors import Problem
    from .report import Booklet, Paths, Report

# Python's collector of reference cycles passes over the youngest objects
# every 700 made. A run reads its inputs and cache as hundreds of thousands of
# records that live as long as it does, and makes few cycles: every 100,000
# is enough. One synopsis changed in 1,000 programmes spent 0.14-0.17 s of CPU
# in 363 collections, now 0.06-0.07 s in 2; a cold build of 60, 0.10-0.16 s
# in 285, now 0.03-0.05 s in 1, at the same peak memory (278 against 279 MB).
YOUNG_OBJECTS = 100_000

# profiles.PROFILES' names and output folders, named here so that parsing and a build with nothing to redo
# load no layout code
PROFILE_FOLDERS = {"print": "print", "screen": ""}
EXAMPLES = {
    "check": "onesheet check\n  onesheet check --json > problems.json",
    "build": "onesheet build\n  onesheet build inside-belarus the-last-glaciers --png\n  onesheet build --lang fr,de",
    "catalogue": "onesheet catalogue --select mipcom.yaml",
    "watch": "onesheet watch --profile print",
    "pack": "onesheet pack --buyer nordisk-tv --titles the-last-glaciers under-the-baltic",
    "import": "onesheet import catalogue.xlsx --map columns.yaml",
    "export": "onesheet export --format json -o build/catalogue.json",
    "schema": "onesheet schema --out schemas",
    "new": "onesheet new the-last-glaciers",
    "init": "onesheet init demo && cd demo && onesheet build",
    "completion": 'onesheet completion bash > ~/.local/share/bash-completion/completions/onesheet\n  eval "$(onesheet '
    'completion zsh)"\n  onesheet completion fish > ~/.config/fish/completions/onesheet.fish',
}


@functools.cache  # made once a process: parsing does not change it, and scripts call main() many times
def _parser() -> argparse.ArgumentParser:
    folders = argparse.ArgumentParser(add_help=False)
    folders.add_argument(
        "--sheets", type=Path, default=Path("sheets"), help="folder of programme files (default: sheets)"
    )
    folders.add_argument(
        "--assets", type=Path, default=Path("assets"), help="folder of brand.yaml, images, fonts (default: assets)"
    )
    quiet = argparse.ArgumentParser(add_help=False)
    quiet.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    common = argparse.ArgumentParser(add_help=False, parents=[folders, quiet])
    common.add_argument("--out", type=Path, default=Path("build"), help="output folder (default: build)")
    common.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        metavar="N",
        help="worker processes, at most the number of CPUs (default: all of them)",
    )
    common.add_argument("--force", action="store_true", help="rebuild everything, ignoring what earlier builds left")
    common.add_argument(
        "--profile", choices=sorted(PROFILE_FOLDERS), default="screen",
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
        "--catalogue-budget", type=float, default=10.0, metavar="MB",
        help="e-mail size budget of the catalogue (screen; default 10)",
    )  # fmt: skip
    common.add_argument(
        "--impose", choices=["saddle"],
        help="with --profile print: also write the catalogue imposed 2-up for saddle stitching",
    )  # fmt: skip
    common.add_argument(
        "--strict-lang", action="store_true",
        help="a sheet in another language that would print some of its text in the main language is an error",
    )  # fmt: skip
    languages = argparse.ArgumentParser(add_help=False)
    languages.add_argument(
        "--lang", type=_languages, action="extend", default=[], metavar="LANG[,LANG]",
        help="make the sheets and catalogue in these languages (BCP 47: fr, de, pt-BR); the brand's own goes to OUT, "
        "each other to OUT/LANG (default: the brand's language and its languages)",
    )  # fmt: skip
    parser = argparse.ArgumentParser(
        prog="onesheet", description="Branded one-page sales sheets for programme catalogues."
    )
    parser.add_argument("--version", action="version", version=f"onesheet {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")

    def command(name: str, help: str, parents: Sequence[argparse.ArgumentParser]) -> argparse.ArgumentParser:
        return commands.add_parser(
            name, parents=list(parents), help=help, description=help[0].upper() + help[1:] + ".",
            epilog=f"example:\n  {EXAMPLES[name]}", formatter_class=argparse.RawDescriptionHelpFormatter,
        )  # fmt: skip

    check = command("check", "validate every programme and the brand; write nothing", [common, languages])
    check.add_argument("--json", action="store_true", help="print the problems as JSON on standard output")
    build = command("build", "write every sheet and the catalogue booklet", [common, languages])
    build.add_argument("ids", nargs="*", metavar="ID", help="just these programmes' sheets (no catalogue)")
    build.add_argument("--png", action="store_true", help="also a PNG of every sheet and a 1200x630 card, in OUT/png")
    build.add_argument(
        "--skip-invalid", action="store_true",
        help="write the catalogue without the programmes that have problems, and say which are missing",
    )  # fmt: skip
    command("watch", "build, then rebuild what changes whenever a file is saved", [common, languages])
    pack = command("pack", "buyer packs: cover letter and sheets in one PDF, and an e-mail", [common])
    pack.add_argument("--buyers", type=Path, metavar="FILE", help="the buyers file (default: ASSETS/buyers.yaml)")
    pack.add_argument("--buyer", metavar="ID", help="one buyer of the file (default: all)")
    pack.add_argument("--titles", nargs="+", metavar="ID", default=(), help="these titles instead of each buyer's own")
    pack.add_argument("--select", type=Path, metavar="FILE", help="the titles of a selection file instead")
    pack.add_argument("--date", default=date.today().isoformat(), help="the date on the stamp (default: today)")
    pack.add_argument(
        "--limit", type=float, default=10.0, metavar="MB", help="attachment limit of one e-mail (default 10)"
    )
    pack.add_argument("--split", action="store_true", help="over the limit, send the titles in several e-mails")
    booklet = command("catalogue", "write the catalogue booklet only", [common, languages])
    booklet.add_argument(
        "--select", type=Path, metavar="FILE", help="a selection file: a booklet of just those titles, in that order"
    )
    importing = command(
        "import", "a spreadsheet (.csv, .xlsx), one programme a row, into programme files", [folders, quiet]
    )
    importing.add_argument("file", type=Path, metavar="FILE", help="the spreadsheet")
    importing.add_argument("--map", type=Path, metavar="FILE", help="a YAML file of column names mapped to fields")
    importing.add_argument("--force", action="store_true", help="replace programme files that exist")
    exporting = command("export", "the whole catalogue as data: a JSON feed or a spreadsheet", [folders, quiet])
    exporting.add_argument("--format", choices=["json", "csv"], required=True, help="json: a feed; csv: a spreadsheet")
    exporting.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: standard output)")
    schema = command("schema", "write JSON Schemas of the programme, brand, buyers and selection files", [quiet])
    schema.add_argument("--out", type=Path, default=Path("schemas"), metavar="DIR", help="(default: schemas)")
    new = command("new", "write sheets/ID.yaml with every field, ready to fill in", [folders, quiet])
    new.add_argument("id", metavar="ID", help="the programme's id: lower-case letters, digits and hyphens")
    new.add_argument("--schemas", type=Path, default=Path("schemas"), metavar="DIR", help="(default: schemas)")
    init = command("init", "start a new catalogue: brand file, one programme, schemas for editors", [quiet])
    init.add_argument("folder", type=Path, metavar="DIR", help="a new or empty folder")
    completion = command("completion", "print a shell completion script", [])
    completion.add_argument("shell", choices=["bash", "zsh", "fish"])
    return parser


WATCHED = frozenset({".yaml", ".yml", ".jpg", ".jpeg", ".png", ".ttf", ".otf", ".j2"})


def _quoted(path: Path) -> str:
    return f"'{printable(str(path))}'"


def _languages(text: str) -> list[str]:
    """`fr` or `fr,de`: language codes in their usual case."""
    found = []
    for part in text.split(","):
        tag = normalise_tag(part)
        if tag is None:
            raise argparse.ArgumentTypeError(language_problem(part))
        found.append(tag)
    return found


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got '{text}'")
    return int(text)


class _Usage(Exception):
    """A usage error: printed after `onesheet: error: `, exit status 2."""


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    gc.set_threshold(YOUNG_OBJECTS)
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
    handler: Callable[[argparse.Namespace, TextIO, TextIO], int] = _COMMANDS.get(args.command, _build_command)
    try:
        return handler(args, out, err)
    except _Usage as exc:
        print(f"onesheet: error: {exc}", file=err)
        return 2


def _need_folders(args: argparse.Namespace, *options: str) -> None:
    for option in options:
        folder: Path = getattr(args, option)
        if not folder.is_dir():
            raise _Usage(f"--{option}: no folder {_quoted(folder)}; run in a catalogue folder or pass --{option} DIR")


def _build_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """check, build, catalogue, watch and pack; a build with nothing to
    redo is reported from its stamp, before anything is loaded to read."""
    _need_folders(args, "sheets", "assets")
    if args.out.exists() and not args.out.is_dir():
        raise _Usage(f"--out: {_quoted(args.out)} is a file, not a folder; pass --out DIR")
    paths = Paths(args.sheets, args.assets, args.out / PROFILE_FOLDERS[args.profile])
    command_key = _command_key(args)
    read = None
    if command_key and not args.force:
        from .unchanged import inputs, unchanged

        read = inputs(paths.sheets, paths.assets)  # before anything is read: the build stamps what it finds
        found = unchanged(paths.cache, command_key, read)
        if found is not None:
            _print_report(args.command, found, paths, out, err, args.quiet)
            return 0
    from .build import Options, build, build_catalogue, build_packs, check, default_jobs
    from .profiles import PROFILES
    from .progress import progress_for

    selection = getattr(args, "select", None)
    if selection is not None and not selection.is_file():
        raise _Usage(f"--select: no file {_quoted(selection)}")
    profile = PROFILES[args.profile]
    if profile.sheet_budget_mb is not None:
        profile = replace(profile, sheet_budget_mb=args.sheet_budget, catalogue_budget_mb=args.catalogue_budget)
    if args.impose and not profile.for_print:
        raise _Usage("--impose saddle needs --profile print")
    as_json = getattr(args, "json", False)
    options = Options(
        jobs=args.jobs or default_jobs(),
        force=args.force,
        progress=progress_for(out, args.quiet or as_json),
        profile=profile,
        impose=bool(args.impose),
        png=getattr(args, "png", False),
        skip_invalid=getattr(args, "skip_invalid", False),
        languages=tuple(dict.fromkeys(getattr(args, "lang", []))),
        strict_languages=args.strict_lang,
        command_key=command_key,
    )
    if args.command == "watch":
        return watch(paths, options, out, err, quiet=args.quiet)
    if args.command == "pack":
        from .pack import PackRequest

        request = PackRequest(
            args.buyers or args.assets / "buyers.yaml", args.buyer, tuple(args.titles), args.select, args.date,
            args.limit, args.split,
        )  # fmt: skip
        report = build_packs(paths, options, request)
    elif args.command == "check":
        report = check(paths, options)
    elif args.command == "build":
        report = build(paths, options, tuple(args.ids), read)
    else:
        report = build_catalogue(paths, options, selection)
    if as_json:
        print(json.dumps(_report_json(report), ensure_ascii=False, indent=2), file=out)
    else:
        _print_report(args.command, report, paths, out, err, args.quiet)
    return 1 if report.problems or report.bugs else 0


def _command_key(args: argparse.Namespace) -> str:
    """What a whole build's outputs and report depend on of its command
    line ("" for other commands, which record no stamp)."""
    if args.command != "build" or args.ids:
        return ""
    from .unchanged import command_key

    folders = (args.sheets, args.assets, args.out)
    return command_key(
        Path.cwd(), *folders, *(folder.absolute() for folder in folders), args.profile, args.sheet_budget,
        args.catalogue_budget, args.impose, args.png, args.skip_invalid, list(dict.fromkeys(args.lang)),
        args.strict_lang,
    )  # fmt: skip


def _report_json(report: Report) -> dict[str, object]:
    """`check --json`: counts and every problem and warning, for scripts."""

    def entries(problems: list[Problem]) -> list[dict[str, object]]:
        unique = dict.fromkeys(sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.field or "", p.message)))
        return [problem_json(p) for p in unique]

    return {
        "programmes": report.programmes,
        "valid": report.programmes - len(report.failed),
        "problems": entries(report.problems),
        "warnings": entries(report.warnings),
        "bugs": [str(bug) for bug in report.bugs],
    }


def watch(
    paths: Paths, options: Options, out: TextIO, err: TextIO, quiet: bool = False, stop: threading.Event | None = None
) -> int:
    """Build, then rebuild whenever a programme file, image, template or the
    brand is saved; problems are reported as they appear and never stop the
    watch. Ctrl-C (or `stop`) ends it."""
    import watchfiles

    from .build import build

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


def _import_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .importer import import_spreadsheet

    if not args.file.is_file():
        raise _Usage(f"no file {_quoted(args.file)}")
    if args.map is not None and not args.map.is_file():
        raise _Usage(f"--map: no file {_quoted(args.map)}")
    args.sheets.mkdir(parents=True, exist_ok=True)
    report = import_spreadsheet(args.file, args.sheets, args.assets, args.map, args.force)
    _print_problems(report.problems, err)
    if not args.quiet:
        imported = len(report.written) + len(report.unchanged)
        failed = len(report.failed_rows)
        print(
            f"Imported {_counted(imported, 'programme')} from {args.file} into {args.sheets}: "
            f"{len(report.written)} written, "
            f"{len(report.unchanged)} unchanged; {failed} row{'' if failed == 1 else 's'} with problems "
            f"({report.seconds:.2f} s)",
            file=out,
        )
    return 1 if report.problems else 0


def _export_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .brand import read_brand
    from .errors import OnesheetError
    from .export import export_csv, export_json
    from .files import write_atomic
    from .model import read_catalogue

    _need_folders(args, "sheets", "assets")
    catalogue = read_catalogue(args.sheets, args.assets)
    if args.format == "csv":
        result = export_csv(catalogue, args.assets)
    else:
        try:
            brand = read_brand(args.assets / "brand.yaml", args.assets)
        except OnesheetError as exc:
            _print_problems(exc.problems, err)
            return 1
        result = export_json(catalogue, brand, args.assets)
    if args.output is not None:
        write_atomic(args.output, result.data)
    else:
        out.write(result.data.decode("utf-8-sig"))
    _print_problems(result.problems, err)
    if result.problems:
        print(f"{_counted(len(catalogue.failed), 'programme')} with errors left out of the export", file=err)
    if not args.quiet and args.output is not None:
        print(f"Exported {_counted(result.programmes, 'programme')} to {args.output}", file=out)
    return 1 if result.problems else 0


def _schema_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .schema import write_schemas

    written = write_schemas(args.out)
    if not args.quiet:
        print(f"Wrote {len(written)} schemas in {args.out}: {', '.join(p.name for p in written)}", file=out)
    return 0


def _new_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .errors import OnesheetError
    from .starter import new_programme

    try:
        path = new_programme(args.id, args.sheets, args.schemas)
    except OnesheetError as exc:
        _print_problems(exc.problems, err)
        return 1
    if not args.quiet:
        print(f"Wrote {path}: fill in the fields, then run onesheet check", file=out)
    return 0


def _init_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .errors import OnesheetError
    from .starter import start_catalogue

    try:
        written = start_catalogue(args.folder)
    except OnesheetError as exc:
        _print_problems(exc.problems, err)
        return 1
    if not args.quiet:
        print(
            f"Started a catalogue in {args.folder} ({len(written)} files); next: cd {args.folder} && onesheet build",
            file=out,
        )
    return 0


def _completion_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import shtab

    out.write(shtab.complete(_parser(), shell=args.shell))
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "import": _import_command,
    "export": _export_command,
    "schema": _schema_command,
    "new": _new_command,
    "init": _init_command,
    "completion": _completion_command,
}


def _print_report(command: str, report: Report, paths: Paths, out: TextIO, err: TextIO, quiet: bool) -> None:
    _print_problems(report.problems, err)
    for bug in report.bugs:
        print(bug, file=err)
    for warning in dict.fromkeys(str(w) for w in sorted(report.warnings, key=lambda w: (str(w.path), w.line or 0))):
        print(f"warning: {warning}", file=err)
    if report.booklet_note:
        print(report.booklet_note, file=err)
    if not quiet:
        print(_summary(command, report, paths), file=out, flush=True)


def _print_problems(problems: Sequence[Problem], err: TextIO) -> None:
    seen: set[str] = set()
    for problem in sorted(problems, key=lambda p: (str(p.path), p.line or 0)):
        line = str(problem)
        if line not in seen:
            seen.add(line)
            print(line, file=err)


def _summary(command: str, report: Report, paths: Paths) -> str:
    failed = len(report.failed)
    seconds = f"{report.seconds:.2f} s"
    if command == "check":
        valid = report.programmes - failed
        return f"Checked {_counted(report.programmes, 'programme')}: {valid} valid, {failed} with errors ({seconds})"
    booklets = ", ".join(_booklet(made) for made in report.booklets) or "no catalogue"
    if command == "catalogue":
        return f"Built {booklets} ({seconds})"
    if command == "pack":
        return f"Made {len(report.packs)} packs in {paths.out / 'packs'}, each with an e-mail draft ({seconds})"
    folders = [str(folder) for folder in report.sheet_folders] or [str(paths.out / "sheets")]
    folders_text = f"{', '.join(folders[:-1])} and {folders[-1]}" if len(folders) > 1 else folders[0]
    sheets = f"{len(report.written)} sheets built, {report.reused} reused, {failed} failed in {folders_text}"
    previews = f"; {report.previews} previews in {paths.out / 'png'}" if report.previews else ""
    warnings = f"; {len(report.warnings)} warnings" if report.warnings else ""
    return f"{sheets}; {booklets}{previews}{warnings} ({seconds})"


def _booklet(made: Booklet) -> str:
    """What the summary says of a booklet."""
    if made.pages == 0:
        text = f"{made.path} unchanged"
    else:
        drawn, total = made.chunks
        text = f"{made.path} ({made.pages} pages, {drawn} of {total} chunks drawn)"
    if made.imposed:
        text += f", imposed in {made.imposed}"
    if made.left_out:
        count = len(made.left_out)
        text += f" without {_counted(count, 'invalid programme')}: {', '.join(made.left_out)}"
    return text


def _counted(count: int, noun: str) -> str:
    """`1 programme`, `2 programmes`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
