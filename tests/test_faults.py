"""Faults of the machine and damage to what earlier builds left: a message,
never a traceback, and never a lost output.

The principle (SECURITY.md): an output is only ever replaced by a complete,
newer output of the same inputs; a build that cannot read its inputs changes
nothing in OUT and says why; the cache is a hint, checked before use and
ignored (then rebuilt) when damaged; only problems in the user's files are
remembered between builds, never faults such as a full disk.
"""

from __future__ import annotations

import concurrent.futures
import errno
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import MINIMAL, ROOT, SAMPLE_ASSETS, Catalogue, Faults, Run, small_picture
from generator import build as build_module
from generator import workers as workers_module
from generator.build import Options, build, check
from generator.cli import main
from generator.report import Paths

FULL = "cannot write: No space left on device; free some space on the disk, then run the command again"
STOPPED = "catalogue not written: the build stopped; build/catalogue.pdf is left as it was"


@pytest.fixture
def small(catalogue: Catalogue) -> Catalogue:
    """Two programmes, one with key art: every kind of file a build writes
    (lock, prepared images, sheets, booklet chunk, catalogue, manifest)."""
    art = small_picture(catalogue, "inside-belarus.jpg")
    catalogue.write("alpha.yaml", MINIMAL.replace("A Minimal", "Alpha") + f"key_art: {art}\n")
    catalogue.write("beta.yaml", MINIMAL.replace("A Minimal", "Beta"))
    return catalogue


def outputs(folder: Path) -> dict[str, bytes]:
    """Every file a user reads: sheets, booklets, packs (not the cache)."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".cache" not in path.parts and path.name != ".onesheet.lock"
    }


def tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under `folder` with its size and modification time."""
    return {str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns) for p in sorted(folder.rglob("*"))}


def recolour(catalogue: Catalogue) -> None:
    """A brand change that every output must be made again for."""
    brand = catalogue.assets / "brand.yaml"
    brand.write_text(brand.read_text().replace('rgb: "#E07A2E"', 'rgb: "#2E86C1"'))


def run(catalogue: Catalogue, command: str, sheets: Path) -> Run:
    """The command line on another sheets folder."""
    out, err = io.StringIO(), io.StringIO()
    folders = ["--sheets", str(sheets), "--assets", str(catalogue.assets), "--out", str(catalogue.out)]
    return Run(main([command, *folders], stdout=out, stderr=err), out.getvalue(), err.getvalue())


def relative(catalogue: Catalogue, text: str) -> list[str]:
    return text.replace(f"{catalogue.root}/", "").splitlines()


# A full disk, a folder without permission -----------------------------------


def test_a_full_disk_at_any_write_keeps_every_output_and_the_rerun_gives_the_same_bytes(
    small: Catalogue, faults: Faults, tmp_path: Path
) -> None:
    assert small.run("build", "-j", "1").status == 0
    earlier = tmp_path / "earlier"
    shutil.copytree(small.out, earlier)
    before = outputs(small.out)
    recolour(small)
    alpha = small.sheets / "alpha.yaml"
    new_art = small_picture(small, "the-last-glaciers.jpg")  # new images too
    alpha.write_text(alpha.read_text().replace("images/small-inside-belarus.jpg", new_art))
    reference = tmp_path / "reference"
    shutil.copytree(earlier, reference)
    faults.fail(None)
    assert build(Paths(small.sheets, small.assets, reference), Options(jobs=1)).problems == []
    expected = outputs(reference)
    writes = [path.relative_to(reference) for path in faults.written]
    assert writes[0] == Path(".onesheet.lock") and writes[-1] == Path(".cache/readings.pickle"), writes
    kinds = {path.parts[0] if path.parts[0] != ".cache" else "/".join(path.parts[:2]) for path in writes[1:-1]}
    made = {".cache/images", ".cache/sheets", "sheets", ".cache/chunks", "catalogue.pdf", ".cache/manifest.json"}
    assert kinds == made, writes
    catalogue = writes.index(Path("catalogue.pdf")) + 1  # the number of its write: later ones stop no catalogue
    for number, written in enumerate(writes, start=1):
        shutil.rmtree(small.out)
        shutil.copytree(earlier, small.out)
        faults.fail(number)
        result = small.run("build", "-j", "1")
        assert result.status == 1, written
        if number == 1:
            message = "build: cannot write in this folder: No space left on device; free some space on the disk"
            assert relative(small, result.err) == [f"{message}, then run the command again", STOPPED]
        else:
            failed = f"build/{written}: {FULL}"
            assert relative(small, result.err) == ([failed] if number > catalogue else [failed, STOPPED])
        now = outputs(small.out)
        assert now.keys() == before.keys()
        assert all(now[name] in (before[name], expected[name]) for name in now), written  # old or new, never half
        assert not list(small.out.rglob("*.tmp"))
        faults.fail(None)
        rerun = small.run("build", "-j", "1")
        assert (rerun.status, rerun.err) == (0, ""), written
        assert outputs(small.out) == expected, written  # byte for byte an uninterrupted build's


@pytest.mark.parametrize("name", [".onesheet.lock", "sheets/alpha.pdf"], ids=["the folder", "a sheet"])
def test_a_folder_without_permission(small: Catalogue, faults: Faults, tmp_path: Path, name: str) -> None:
    faults.fail(None)
    reference = tmp_path / "reference"
    assert build(Paths(small.sheets, small.assets, reference), Options(jobs=1)).problems == []
    number = [path.relative_to(reference) for path in faults.written].index(Path(name)) + 1
    faults.fail(number, errno.EACCES)
    result = small.run("build", "-j", "1")
    assert result.status == 1
    target = "build: cannot write in this folder" if number == 1 else "build/sheets/alpha.pdf: cannot write"
    assert relative(small, result.err) == [
        f"{target}: Permission denied; check the permissions of the file and its folder, then run the command again",
        STOPPED,
    ]
    faults.fail(None)
    assert small.run("build", "-j", "1").status == 0


def test_a_file_that_cannot_be_read_while_drawing_is_not_remembered(
    small: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = workers_module.render_pages
    calls: list[int] = []

    def flaky(*args: object, **kwargs: object) -> bytes:
        calls.append(1)
        if len(calls) == 1:
            raise OSError(errno.EIO, "Input/output error", str(small.assets / "images" / "inside-belarus.jpg"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(workers_module, "render_pages", flaky)
    result = small.run("build", "-j", "1")
    assert result.status == 1
    assert relative(small, result.err) == [
        "assets/images/inside-belarus.jpg: cannot read: Input/output error; check the disk, then run the command again",
        STOPPED,
    ]
    rerun = small.run("build", "-j", "1")
    assert (rerun.status, rerun.err) == (0, "")  # the fault was not remembered as the programme's problem
    assert sorted(path.name for path in (small.out / "sheets").iterdir()) == ["alpha.pdf", "beta.pdf"]


def test_an_output_folder_that_is_a_file(small: Catalogue) -> None:
    small.out.write_text("not a folder")
    result = small.run("build")
    assert (result.status, relative(small, result.err)) == (
        2,
        ["onesheet: error: --out: 'build' is a file, not a folder; pass --out DIR"],
    )
    small.out.unlink()
    (small.out).mkdir()
    (small.out / "sheets").write_text("in the way")
    result = small.run("build")
    assert result.status == 1
    assert relative(small, result.err) == [
        "build/sheets/alpha.pdf: cannot write: File exists; a file stands where a folder is needed; move it away, "
        "then run the command again",
        STOPPED,
    ]
    assert (small.out / "sheets").read_text() == "in the way"


# Inputs that cannot be read --------------------------------------------------


def test_an_empty_sheets_folder_changes_nothing(small: Catalogue, tmp_path: Path) -> None:
    assert small.run("build").status == 0
    before = tree(small.out)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "._alpha.yaml").write_bytes(b"\x00\x05\x16\x07")  # hidden: not a programme file
    result = run(small, "build", sheets=empty)
    assert result.status == 1
    assert relative(small, result.err) == [
        "empty: no programme files (name.yaml) in this folder; pass --sheets with the folder that holds them",
        "nothing was written; build is left as it was",
    ]
    assert tree(small.out) == before
    assert run(small, "check", sheets=empty).status == 1


def test_a_vanished_sheets_folder_changes_nothing(small: Catalogue, tmp_path: Path) -> None:
    assert small.run("build").status == 0
    before = tree(small.out)
    report = build(Paths(tmp_path / "gone", small.assets, small.out))
    assert [str(p) for p in report.problems] == [
        f"{tmp_path}/gone: cannot read this folder: No such file or directory; check that it is there, then run the "
        "command again"
    ]
    assert report.booklet_note == f"nothing was written; {small.out} is left as it was"
    assert tree(small.out) == before


def test_an_unreadable_brand_changes_nothing(small: Catalogue) -> None:
    assert small.run("build").status == 0
    before = tree(small.out)
    (small.assets / "fonts").mkdir()
    (small.assets / "fonts" / "Cut.ttf").write_bytes(b"\x00\x01\x00\x00" + bytes(40))
    brand = small.assets / "brand.yaml"
    brand.write_text(brand.read_text() + "fonts: {body: fonts/Cut.ttf}\n")
    result = small.run("build")
    assert result.status == 1
    assert relative(small, result.err)[-1] == "nothing was written; build is left as it was"
    assert tree(small.out) == before


# One build at a time -----------------------------------------------------------

HOLDER = """
import sys
from pathlib import Path
from generator.files import hold
with hold(Path(sys.argv[1]), "build"):
    print("holding", flush=True)
    sys.stdin.read()  # until killed
"""


def test_a_second_build_is_refused_until_the_first_is_gone(small: Catalogue) -> None:
    assert small.run("build").status == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(small.out)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        live = small.out / "sheets" / ".alpha.pdf.b2u1ld.tmp"  # the holder's temporary, being written
        live.write_bytes(b"%PDF-1.4 half written")
        before = tree(small.out)
        recolour(small)
        result = small.run("build")
        assert result.status == 1
        (line,) = relative(small, result.err)
        assert re.fullmatch(
            rf"build: another build is writing into this folder \(onesheet build, process {holder.pid} on "
            rf"{re.escape(socket.gethostname())}, started \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\); wait for it to finish, "
            r"or pass --out with another folder",
            line,
        )
        assert tree(small.out) == before  # its live temporary file too
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate()
    result = small.run("build")  # the lock of a process that is gone is taken over
    assert (result.status, result.err) == (0, "")
    assert not live.exists()  # and what it left is cleaned up


def test_workers_are_capped_at_the_cpus(catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    def recording(workers: int, **kwargs: object) -> object:
        started.append(workers)
        return real(workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", recording)  # as a run imports it
    for number in range(8):
        catalogue.write(f"film-{number}.yaml", MINIMAL)
    assert catalogue.run("check", "-j", "300").status == 0
    assert started == [build_module.default_jobs()]


# Damage to what earlier builds left ----------------------------------------------


def _manifest(edit: Callable[[dict[str, object]], object]) -> Callable[[Path], None]:
    def damage(cache: Path) -> None:
        path = cache / "manifest.json"
        data = json.loads(path.read_text())
        result = edit(data)
        path.write_text(json.dumps(data if result is None else result))

    return damage


def _entries(edit: Callable[[dict[str, object]], None]) -> Callable[[Path], None]:
    def each(data: dict[str, object]) -> None:
        entries = data["entries"]
        assert isinstance(entries, dict)
        for entry in entries.values():
            edit(entry)

    return _manifest(each)


def _chunks(suffix: str, damage: Callable[[Path], None]) -> Callable[[Path], None]:
    def each(cache: Path) -> None:
        for path in (cache / "chunks").glob(f"*{suffix}"):
            damage(path)

    return each


def _replace_with_folder(path: Path) -> None:
    path.unlink()
    (path / "inside").mkdir(parents=True)


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


DAMAGE: dict[str, Callable[[Path], None]] = {
    "manifest-truncated": lambda cache: _truncate(cache / "manifest.json"),
    "manifest-garbage": lambda cache: (cache / "manifest.json").write_bytes(os.urandom(300)),
    "manifest-a-list": _manifest(lambda data: [data]),
    "manifest-entries-a-list": _manifest(lambda data: data.update(entries=[1, 2])),
    "entry-a-string": _manifest(lambda data: data.update(entries=dict.fromkeys(data["entries"], "x"))),  # type: ignore[arg-type]
    "entry-key-a-number": _entries(lambda entry: entry.update(key=7)),  # type: ignore[attr-defined]
    "entry-problems-of-wrong-types": _entries(lambda entry: entry.update(problems=[["x", "seven", 3, None]])),  # type: ignore[attr-defined]
    "entry-parts-not-a-list": _entries(lambda entry: entry.update(parts="abc")),  # type: ignore[attr-defined]
    "entry-output-of-wrong-shape": _entries(lambda entry: entry.update(output=[-1, "x", 3])),  # type: ignore[attr-defined]
    "images-of-wrong-shape": _manifest(lambda data: data.update(images={"x": [1, 2], "y": "z"})),
    "images-of-wrong-types": _manifest(
        lambda data: data.update(images={k: [0, 0, 0, -5, 1, 2] for k in data["images"]})  # type: ignore[attr-defined]
    ),
    "manifest-a-folder": lambda cache: _replace_with_folder(cache / "manifest.json"),
    "cache-a-file": lambda cache: (shutil.rmtree(cache), cache.write_text("x")),
    "chunks-a-file": lambda cache: (shutil.rmtree(cache / "chunks"), (cache / "chunks").write_text("x")),
    "images-a-file": lambda cache: (
        shutil.rmtree(cache / "images"),
        (cache / "images").write_text("x"),
        (cache.parent / "sheets" / "alpha.pdf").unlink(),  # its key art must be prepared again
    ),
    "chunk-pdf-garbage": _chunks(".pdf", lambda path: path.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))),
    "chunk-pdf-truncated": _chunks(".pdf", _truncate),
    "chunk-pdf-a-folder": _chunks(".pdf", _replace_with_folder),
    "chunk-links-truncated": _chunks(".json", _truncate),
    "chunk-links-of-wrong-types": _chunks(
        ".json", lambda path: path.write_text(json.dumps({**json.loads(path.read_text()), "links": [["a", 1]]}))
    ),
    "chunk-links-out-of-range": _chunks(
        ".json",
        lambda path: path.write_text(json.dumps({**json.loads(path.read_text()), "links": [[0, 1, 2, 3, 4, 999]]})),
    ),
    "chunk-resources-as-rows": _chunks(  # as builds before resources were kept in columns
        ".json",
        lambda path: path.write_text(
            json.dumps({**json.loads(path.read_text()), "resources": [[0, "/Font", "/F1", "x", 0]]})
        ),
    ),
    "chunk-resource-columns-uneven": _chunks(
        ".json", lambda path: path.write_text(json.dumps(_columns(json.loads(path.read_text()), "pages", [0, 0, 0])))
    ),
    "chunk-resource-columns-of-wrong-types": _chunks(
        ".json", lambda path: path.write_text(json.dumps(_columns(json.loads(path.read_text()), "weights", ["heavy"])))
    ),
}


def _columns(data: dict[str, Any], column: str, values: list[object]) -> dict[str, Any]:
    """A chunk's kept record with one column of its resources replaced."""
    return {**data, "resources": {**data["resources"], column: values}}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """Three programmes built once for the module. A test that damages its
    output must restore it (the booklet's chunks are keyed by absolute
    paths, so a copy elsewhere would not reuse them)."""
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(SAMPLE_ASSETS, root / "assets")
    (root / "sheets").mkdir()
    catalogue = Catalogue(root)
    art = small_picture(catalogue, "inside-belarus.jpg")
    catalogue.write("alpha.yaml", MINIMAL.replace("A Minimal", "Alpha") + f"key_art: {art}\n")
    catalogue.write("beta.yaml", MINIMAL.replace("A Minimal", "Beta"))
    catalogue.write("gamma.yaml", MINIMAL.replace("A Minimal", "Gamma") + "related: [alpha, beta]\n")
    assert catalogue.run("build", "-j", "1").status == 0
    return catalogue


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_cache_is_ignored_and_made_again(
    built: Catalogue, tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    pristine = tmp_path / "pristine"
    shutil.copytree(built.out, pristine)  # modification times kept: the cache still holds
    try:
        expected = outputs(built.out)
        damage(built.out / ".cache")
        (built.out / "catalogue.pdf").unlink()  # to be assembled again from its chunks
        result = built.run("build", "-j", "1")
        assert (result.status, result.err) == (0, "")
        assert outputs(built.out) == expected
        again = built.run("build", "-j", "1")  # the cache was made again: nothing to redo
        assert again.out.startswith("0 sheets built, 3 reused, 0 failed") and "catalogue.pdf unchanged" in again.out
    finally:
        shutil.rmtree(built.out)
        shutil.copytree(pristine, built.out)


def test_a_damaged_output_is_made_again(small: Catalogue) -> None:
    assert small.run("build").status == 0
    expected = outputs(small.out)
    _truncate(small.out / "sheets" / "alpha.pdf")
    (small.out / "catalogue.pdf").write_bytes(b"not a catalogue")
    result = small.run("build")
    assert result.out.startswith("1 sheets built, 1 reused, 0 failed")
    assert outputs(small.out) == expected


def test_check_and_build_report_the_same_problems_for_unreadable_entries(catalogue: Catalogue) -> None:
    catalogue.write("good.yaml", MINIMAL)
    (catalogue.sheets / "film.yaml").symlink_to("film.yaml")
    paths = Paths(catalogue.sheets, catalogue.assets, catalogue.out)
    assert [str(p) for p in check(paths).problems] == [str(p) for p in build(paths).problems]
