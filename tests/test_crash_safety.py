"""A build killed at any moment leaves every earlier output intact and
readable: outputs are written to temporary files and renamed into place.

The build runs in another process that stops in the middle of writing a
chosen file, with half of it on disk, and says which; the test then kills
it (SIGKILL, which no program can catch) and reads what is left."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import MINIMAL, ROOT, Catalogue, copy_built, empty_catalogue, inject_faults, small_picture
from generator import fonts, render
from generator.build import Options, build
from generator.report import Paths

STOPPING = """
import os, sys
from types import SimpleNamespace
from generator import files
from generator.cli import main

stop_at, written = int(sys.argv[1]), []


def fsync(handle):
    written.append(handle)
    if len(written) == stop_at:  # the file's bytes are written, not yet synced nor renamed into place
        os.ftruncate(handle, os.fstat(handle).st_size // 2)  # as if killed halfway through
        print(os.readlink(f"/proc/self/fd/{handle}"), flush=True)
        sys.stdin.read()  # until killed
    os.fsync(handle)


files.os = SimpleNamespace(**{**vars(os), "fsync": fsync})
sys.exit(main(sys.argv[2:]))
"""


# What a user reads of the small catalogue, and its pages: a sheet each, and the booklet (padded to fours)
PAGES = {"catalogue.pdf": 8, "sheets/alpha.pdf": 1, "sheets/beta.pdf": 1, "sheets/gamma.pdf": 1}


def outputs(folder: Path) -> dict[str, bytes]:
    """Every PDF a user reads, each checked to open and give all its pages."""
    found = {}
    for path in sorted(folder.rglob("*.pdf")):
        if ".cache" not in path.parts:
            found[str(path.relative_to(folder))] = path.read_bytes()
    assert {name: len(PdfReader(folder / name, strict=True).pages) for name in found} == PAGES
    return found


@dataclass(frozen=True)
class Recoloured:
    """Three programmes built, then the brand recoloured (every output must
    be made again), and what an uninterrupted build of that writes."""

    catalogue: Catalogue  # read-only: each test works on a copy
    writes: list[str]  # every file the build writes, in order
    linked: set[str]  # of those, the sheets put in OUT: no bytes written
    expected: dict[str, bytes]  # its outputs


@pytest.fixture(scope="module")
def recoloured(tmp_path_factory: pytest.TempPathFactory) -> Recoloured:
    """The build every test kills, and an uninterrupted one, made once."""
    catalogue = empty_catalogue(tmp_path_factory.mktemp("recoloured"))
    art = small_picture(catalogue, "inside-belarus.jpg")
    catalogue.write("alpha.yaml", MINIMAL.replace("A Minimal", "Alpha") + f"key_art: {art}\n")
    catalogue.write("beta.yaml", MINIMAL.replace("A Minimal", "Beta"))
    catalogue.write("gamma.yaml", MINIMAL.replace("A Minimal", "Gamma") + "related: [alpha, beta]\n")
    fonts._load.cache_clear()  # as in a new process, which keeps the fonts and logo it reads in the cache
    render._embedded_png.cache_clear()
    assert catalogue.run("build", "-j", "1").status == 0
    brand = catalogue.assets / "brand.yaml"
    brand.write_text(brand.read_text().replace('rgb: "#E07A2E"', 'rgb: "#2E86C1"'))
    reference = catalogue.root / "reference"
    shutil.copytree(catalogue.out, reference)
    with pytest.MonkeyPatch.context() as patch:
        faults = inject_faults(patch)
        assert not build(Paths(catalogue.sheets, catalogue.assets, reference), Options(jobs=1)).problems
    return Recoloured(
        catalogue,
        [str(path.relative_to(reference)) for path in faults.written if path.name != ".onesheet.lock"],
        {str(path.relative_to(reference)) for path in faults.linked},
        outputs(reference),
    )


@pytest.mark.parametrize("killed_in", [".cache/sheets", ".cache/chunks", "catalogue.pdf", ".cache/manifest.json"])
def test_a_build_killed_while_writing_leaves_every_output_readable(
    recoloured: Recoloured, tmp_path: Path, killed_in: str
) -> None:
    small = copy_built(recoloured.catalogue, tmp_path)
    writes, expected = recoloured.writes, recoloured.expected
    files = [name for name in writes if name not in recoloured.linked]  # in the order the stopping build syncs them
    stop_at = next(number for number, name in enumerate(files, start=1) if name.startswith(killed_in))
    killed = writes.index(files[stop_at - 1])

    before = outputs(small.out)
    folders = ["--sheets", str(small.sheets), "--assets", str(small.assets), "--out", str(small.out)]
    process = subprocess.Popen(
        [sys.executable, "-c", STOPPING, str(stop_at), "build", "--jobs", "1", "--quiet", *folders],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    try:
        assert process.stdout is not None
        temporary = Path(process.stdout.readline().strip())  # the build is stopped in the middle of this file
        target = small.out / writes[killed]
        assert temporary.parent == target.parent and temporary.name.startswith(f".{target.name}."), temporary
        assert temporary.name.endswith(".tmp") and temporary.is_file()
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate()
    assert process.returncode == -signal.SIGKILL

    after = outputs(small.out)  # every output opens: the one before or the new one, never a partial one
    assert after.keys() == before.keys()
    assert {name for name in after if after[name] != before[name]} == {
        name for name in writes[:killed] if name in after
    }  # those written before the kill are new, the others as they were
    assert all(after[name] == expected[name] for name in writes[:killed] if name in after)

    rerun = small.run("build", "-j", "1")
    assert (rerun.status, rerun.err) == (0, "")
    assert not list(small.out.rglob("*.tmp"))  # the next build cleans up what the killed one left
    assert outputs(small.out) == expected
