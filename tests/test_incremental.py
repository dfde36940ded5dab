"""Rebuilds redo only what changed, give the same bytes with any number of
workers, report progress, and `watch` rebuilds on save."""

from __future__ import annotations

import io
import re
import threading
import time
from pathlib import Path

from conftest import Catalogue
from generator.build import Options, Paths, build
from generator.cli import watch
from generator.progress import Lines


def counts(out: str) -> tuple[int, int, int]:
    match = re.search(r"(\d+) sheets built, (\d+) reused, (\d+) failed", out)
    assert match, out
    built, reused, failed = match.groups()
    return int(built), int(reused), int(failed)


def pdfs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.pdf"))}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_nothing_changed_nothing_rebuilt(sample: Catalogue) -> None:
    assert sample.run("build").status == 0
    before = {path: path.stat().st_mtime_ns for path in sample.out.rglob("*.pdf")}
    result = sample.run("build")
    assert counts(result.out) == (0, 13, 0)
    assert f"{sample.out}/catalogue.pdf unchanged" in result.out
    assert {path: path.stat().st_mtime_ns for path in sample.out.rglob("*.pdf")} == before


def test_one_synopsis_rebuilds_one_sheet_and_one_chunk(sample: Catalogue) -> None:
    sample.run("build")
    edit(sample.sheets / "the-last-glaciers.yaml", "Every summer", "Each summer")
    result = sample.run("build")
    assert counts(result.out) == (1, 12, 0)
    assert "(20 pages, 1 of 2 chunks drawn)" in result.out
    assert sample.run("build").out.startswith("0 sheets built, 13 reused")


def test_a_title_change_rebuilds_the_sheets_that_list_it(sample: Catalogue) -> None:
    sample.run("build")
    edit(sample.sheets / "russia-vs-russia.yaml", 'title: "Russia vs Russia"', 'title: "Russia versus Russia"')
    result = sample.run("build")
    listing = [
        p.stem for p in sample.sheets.glob("*.yaml") if "russia-vs-russia" in p.read_text().split("related:")[-1]
    ]
    assert counts(result.out) == (1 + len(listing), 12 - len(listing), 0)
    assert len(listing) == 4


def test_brand_image_and_template_changes_reach_every_sheet(sample: Catalogue) -> None:
    sample.run("build")
    edit(sample.assets / "brand.yaml", 'rgb: "#E07A2E"', 'rgb: "#D0452E"')
    assert counts(sample.run("build").out) == (13, 0, 0)
    (sample.assets / "templates" / "labels.j2").write_text('{% set details = "Facts" %}\n')
    assert counts(sample.run("build").out) == (13, 0, 0)
    art = sample.assets / "images" / "the-last-glaciers.jpg"
    from PIL import Image

    Image.open(art).transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(art, quality=88)
    # its sheet, and the sheets that list it as related (they may show its picture beside its title)
    showing = 1 + sum("- the-last-glaciers" in path.read_text() for path in sample.sheets.glob("*.yaml"))
    assert counts(sample.run("build").out) == (showing, 13 - showing, 0)


def test_force_rebuilds_everything(sample: Catalogue) -> None:
    sample.run("build")
    result = sample.run("build", "--force")
    assert counts(result.out) == (13, 0, 0)
    assert "(20 pages, 2 of 2 chunks drawn)" in result.out


def test_cached_problems_are_reported_again(sample: Catalogue) -> None:
    edit(sample.sheets / "inside-belarus.yaml", "Putin’s Puppet", "Putin’s 😀 Puppet")
    first = sample.run("build")
    second = sample.run("build")
    assert first.status == second.status == 1
    assert "U+1F600" in first.err and first.err == second.err


def test_deleted_programme_loses_its_sheet(sample: Catalogue) -> None:
    sample.run("build")
    (sample.sheets / "under-the-baltic.yaml").unlink()
    result = sample.run("build")
    assert result.status == 0
    assert not (sample.out / "sheets" / "under-the-baltic.pdf").exists()


def test_two_workers_give_the_same_bytes_as_one(sample: Catalogue, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    paths = Paths(sample.sheets, sample.assets, one)
    assert not build(paths, Options(jobs=1)).problems
    assert not build(Paths(sample.sheets, sample.assets, two), Options(jobs=2)).problems
    assert pdfs(one / "sheets") == pdfs(two / "sheets")
    assert (one / "catalogue.pdf").read_bytes() == (two / "catalogue.pdf").read_bytes()


def test_plain_progress_lines_for_long_phases() -> None:
    stream = io.StringIO()
    progress = Lines(stream)
    progress.start("sheets", 100)
    for _ in range(100):
        progress.advance()
    progress.start("catalogue", 3)
    progress.advance(3)
    assert stream.getvalue().splitlines() == ["sheets: 100 to do", "sheets: 25/100", "sheets: 50/100", "sheets: 75/100"]


def test_watch_rebuilds_on_save_and_survives_errors(sample: Catalogue) -> None:
    out, err = io.StringIO(), io.StringIO()
    stop = threading.Event()
    paths = Paths(sample.sheets, sample.assets, sample.out)
    thread = threading.Thread(target=watch, args=(paths, Options(), out, err), kwargs={"stop": stop})
    thread.start()

    def wait_for(text: str, stream: io.StringIO) -> None:
        deadline = time.monotonic() + 20
        while text not in stream.getvalue():
            assert time.monotonic() < deadline, out.getvalue() + "\n---\n" + err.getvalue()
            time.sleep(0.1)

    try:
        wait_for("Watching", out)
        edit(sample.sheets / "the-last-glaciers.yaml", "year: 2025", "year: soon")
        wait_for("year: expected a whole number", err)
        edit(sample.sheets / "the-last-glaciers.yaml", "year: soon", "year: 2025")
        wait_for("0 sheets built, 13 reused, 0 failed", out)  # the sheet of that content is still there
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert out.getvalue().rstrip().endswith("Stopped watching")
