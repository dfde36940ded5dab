"""Rebuilds redo only what changed, give the same bytes with any number of
workers, report progress, and `watch` rebuilds on save. Each test starts
from a copy of the built sample, so that its first build reuses everything."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pikepdf
import pytest
from corpus import TRIED
from PIL import Image
from pypdf import PdfReader

from conftest import MINIMAL, ROOT, SAMPLE_COUNT, Catalogue, booklet_size
from generator.build import IN_PROCESS_BELOW, Options, build
from generator.cli import watch
from generator.model import read_catalogue
from generator.progress import Lines
from generator.report import Paths


def summary(built: Catalogue, sheets: tuple[int, int, int], drawn: int | None) -> str:
    """A build's whole output: sheets built, reused and failed, then the
    catalogue unchanged (`drawn` None) or with `drawn` of its chunks drawn
    again."""
    pages, chunks = booklet_size(built.out / "catalogue.pdf")
    booklet = "unchanged" if drawn is None else f"({pages} pages, {drawn} of {chunks} chunks drawn)"
    return (
        f"{sheets[0]} sheets built, {sheets[1]} reused, {sheets[2]} failed in {built.out}/sheets; "
        f"{built.out}/catalogue.pdf {booklet} (0.00 s)\n"
    )


def output(result_out: str) -> str:
    """A build's output with its time set to zero."""
    return re.sub(r"\(\d+\.\d\d s\)\n$", "(0.00 s)\n", result_out)


def times(built: Catalogue) -> dict[str, int]:
    """The modification time of every sheet."""
    return {path.stem: path.stat().st_mtime_ns for path in (built.out / "sheets").glob("*.pdf")}


def rewritten(built: Catalogue, before: dict[str, int]) -> list[str]:
    """The sheets written since `before`."""
    return sorted(name for name, time in times(built).items() if before.get(name) != time)


def pdfs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.pdf"))}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_nothing_changed_nothing_rebuilt(built_copy: Catalogue) -> None:
    before = {path: path.stat().st_mtime_ns for path in built_copy.out.rglob("*.pdf")}
    result = built_copy.run("build")
    assert (result.status, result.err) == (0, "")
    assert output(result.out) == summary(built_copy, (0, SAMPLE_COUNT, 0), None)
    assert {path: path.stat().st_mtime_ns for path in built_copy.out.rglob("*.pdf")} == before


def put_together_here(built: Catalogue) -> None:
    """Make the booklet of a copied catalogue again: its chunks are known
    by what their pages print, not by where the files are, so the chunks
    copied with it are reused."""
    (built.out / "catalogue.pdf").unlink()
    result = built.run("build")
    assert output(result.out) == summary(built, (0, SAMPLE_COUNT, 0), 0)


def test_one_synopsis_rebuilds_one_sheet_and_one_chunk(built_copy: Catalogue) -> None:
    put_together_here(built_copy)
    before = times(built_copy)
    edit(built_copy.sheets / "the-last-glaciers.yaml", "Every summer", "Each summer")
    assert output(built_copy.run("build").out) == summary(built_copy, (1, SAMPLE_COUNT - 1, 0), 1)
    assert rewritten(built_copy, before) == ["the-last-glaciers"]
    assert output(built_copy.run("build").out) == summary(built_copy, (0, SAMPLE_COUNT, 0), None)


def test_a_title_change_rebuilds_the_sheets_that_list_it(built_copy: Catalogue) -> None:
    put_together_here(built_copy)
    before = times(built_copy)
    edit(built_copy.sheets / "russia-vs-russia.yaml", 'title: "Russia vs Russia"', 'title: "Russia versus Russia"')
    result = built_copy.run("build")
    listing = [
        p.id for p in read_catalogue(built_copy.sheets, built_copy.assets).programmes if "russia-vs-russia" in p.related
    ]
    assert listing == [
        "belarus-an-ordinary-dictatorship",
        "inside-belarus",
        "return-to-ukraine",
        "the-long-road-home",
        "trans-siberian-winter",
    ]
    changed = len(listing) + 1  # the contents and their pages in the first chunk, the index in the last
    assert output(result.out) == summary(built_copy, (changed, SAMPLE_COUNT - changed, 0), 2)
    assert rewritten(built_copy, before) == sorted(["russia-vs-russia", *listing])


def test_brand_and_template_changes_reach_every_sheet(catalogue: Catalogue) -> None:
    for name in ("alpha", "beta", "gamma"):
        catalogue.write(f"{name}.yaml", MINIMAL.replace("A Minimal", name.title()))
    assert catalogue.run("build").status == 0
    edit(catalogue.assets / "brand.yaml", 'rgb: "#E07A2E"', 'rgb: "#D0452E"')
    assert output(catalogue.run("build").out) == summary(catalogue, (3, 0, 0), 1)
    (catalogue.assets / "templates" / "labels.j2").write_text(
        (ROOT / "generator" / "templates" / "en" / "labels.j2").read_text().replace('"Details"', '"Facts"')
    )
    assert output(catalogue.run("build").out) == summary(catalogue, (3, 0, 0), 1)


def test_a_changed_picture_rebuilds_the_sheets_that_show_it(built_copy: Catalogue) -> None:
    put_together_here(built_copy)
    before = times(built_copy)
    art = built_copy.assets / "images" / "russia-vs-russia.jpg"
    Image.open(art).transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(art, quality=88)
    # its sheet, and the sheets that list it as related (they may show its picture beside its title)
    programmes = read_catalogue(built_copy.sheets, built_copy.assets).programmes
    showing = sorted(p.id for p in programmes if p.id == "russia-vs-russia" or "russia-vs-russia" in p.related)
    assert showing == ["belarus-an-ordinary-dictatorship", "inside-belarus", "return-to-ukraine", "russia-vs-russia",
                       "the-long-road-home", "trans-siberian-winter"]  # fmt: skip
    result = built_copy.run("build")
    assert rewritten(built_copy, before) == showing
    shown = len(showing)  # their pages are in the first chunk: the index, in the last, is not drawn again
    assert output(result.out) == summary(built_copy, (shown, SAMPLE_COUNT - shown, 0), 1)


def test_force_rebuilds_everything(built_copy: Catalogue) -> None:
    result = built_copy.run("build", "--force")
    _, chunks = booklet_size(built_copy.out / "catalogue.pdf")
    assert output(result.out) == summary(built_copy, (SAMPLE_COUNT, 0, 0), chunks)


def test_forcing_one_sheet_keeps_what_was_made_of_the_others(built_copy: Catalogue) -> None:
    before = times(built_copy)
    forced = built_copy.run("build", "inside-belarus", "--force")
    assert (forced.status, forced.err) == (0, "")
    assert rewritten(built_copy, before) == ["inside-belarus"]
    assert output(built_copy.run("build").out) == summary(built_copy, (0, SAMPLE_COUNT, 0), None)


GLYPH = (
    f"no font has a glyph for U+1F600 (😀); {TRIED.format(first='RobotoCondensed-Bold')}; remove the character or "
    "add a font that has it to fonts.fallbacks in brand.yaml"
)


def test_cached_problems_are_reported_again(built_copy: Catalogue) -> None:
    edit(built_copy.sheets / "inside-belarus.yaml", "Putin’s Puppet", "Putin’s 😀 Puppet")
    first = built_copy.run("build")
    second = built_copy.run("build")
    assert first.status == second.status == 1
    assert first.err == second.err
    lines = first.err.splitlines()
    assert lines[0] == f"{built_copy.sheets}/inside-belarus.yaml:1: title: {GLYPH}"
    listing = [
        p for p in read_catalogue(built_copy.sheets, built_copy.assets).programmes if "inside-belarus" in p.related
    ]
    assert lines[-1] == (
        f"catalogue not written: {1 + len(listing)} programmes with errors would be missing from it; "
        f"{built_copy.out}/catalogue.pdf is left as it was (--skip-invalid writes it without them)"
    )  # it and the sheets that list it; how theirs is reported: see the next test


def test_every_glyph_problem_names_a_programme_file(built_copy: Catalogue) -> None:
    edit(built_copy.sheets / "inside-belarus.yaml", "Putin’s Puppet", "Putin’s 😀 Puppet")
    result = built_copy.run("check")
    lines = result.err.splitlines()
    # the sheets that list it fail with the same problem, printed once
    assert lines == [f"{built_copy.sheets}/inside-belarus.yaml:1: title: {GLYPH}"]
    programmes = read_catalogue(built_copy.sheets, built_copy.assets).programmes
    failed = 1 + sum("inside-belarus" in p.related for p in programmes)
    summary = f"Checked {len(programmes)} programmes: {len(programmes) - failed} valid, {failed} with errors (0.00 s)\n"
    assert output(result.out) == summary


def test_deleted_programme_loses_its_sheet(built_copy: Catalogue) -> None:
    (built_copy.sheets / "under-the-baltic.yaml").unlink()
    result = built_copy.run("build")
    assert result.status == 0
    assert sorted(times(built_copy)) == sorted(path.stem for path in built_copy.sheets.glob("*.yaml"))
    assert "under-the-baltic" not in times(built_copy)


# Sheets of every kind: related titles, awards and credits, episodes and a QR code, Korean, Japanese
VARIED = ("inside-belarus", "the-long-road-home", "the-last-glaciers", "seoul-after-the-rain", "tokyo-before-dawn")


@pytest.mark.parametrize("ids", [VARIED, pytest.param(None, marks=pytest.mark.slow)], ids=["varied", "all"])
def test_two_workers_give_the_same_bytes_as_one(
    built_sample: Catalogue, tmp_path: Path, ids: tuple[str, ...] | None
) -> None:
    """The built sample's sheets were drawn by one worker process per CPU;
    here, by this process alone: some of every kind (all of them in the
    slow variant). (The booklet's chunks are drawn here in both: there are
    fewer than IN_PROCESS_BELOW.)"""
    assert len(pdfs(built_sample.out / "sheets")) == SAMPLE_COUNT >= IN_PROCESS_BELOW
    one = tmp_path / "one"
    ids = ids or tuple(path.stem for path in built_sample.sheets.glob("*.yaml"))
    assert not build(Paths(built_sample.sheets, built_sample.assets, one), Options(jobs=1), ids).problems
    drawn = pdfs(built_sample.out / "sheets")
    assert pdfs(one / "sheets") == {f"{pid}.pdf": drawn[f"{pid}.pdf"] for pid in ids}


def test_plain_progress_lines_for_long_phases() -> None:
    stream = io.StringIO()
    progress = Lines(stream)
    progress.start("sheets", 100)
    for _ in range(100):
        progress.advance()
    progress.start("catalogue", 3)
    progress.advance(3)
    assert stream.getvalue().splitlines() == ["sheets: 100 to do", "sheets: 25/100", "sheets: 50/100", "sheets: 75/100"]


class Stream(io.StringIO):
    """Output that a test can wait on: `wait_for` returns when a text has
    been written (after a given position), or fails after `seconds`."""

    def __init__(self) -> None:
        super().__init__()
        self.changed = threading.Condition()

    def write(self, text: str) -> int:
        with self.changed:
            written = super().write(text)
            self.changed.notify_all()
        return written

    def wait_for(self, text: str, after: int = 0, seconds: float = 30) -> int:
        """Where `text` ends in the output."""
        with self.changed:
            self.changed.wait_for(lambda: text in self.getvalue()[after:], timeout=seconds)
            found = self.getvalue().find(text, after)
        assert found >= 0, f"{text!r} not written within {seconds} s:\n{self.getvalue()}"
        return found + len(text)


def test_watch_rebuilds_on_save_and_survives_errors(built_copy: Catalogue) -> None:
    out, err = Stream(), Stream()
    stop = threading.Event()
    paths = Paths(built_copy.sheets, built_copy.assets, built_copy.out)
    thread = threading.Thread(target=watch, args=(paths, Options(), out, err), kwargs={"stop": stop})
    thread.start()
    programme = built_copy.sheets / "the-last-glaciers.yaml"
    try:
        after = out.wait_for("Watching")
        edit(programme, "year: 2025", "year: soon")
        while True:  # saved again until the watcher, which starts after it says so, has seen it
            with out.changed:
                if out.changed.wait_for(lambda: "Changed:" in out.getvalue()[after:], timeout=1):
                    break
            programme.write_text(programme.read_text(encoding="utf-8"), encoding="utf-8")
        err.wait_for(f"{programme}:18: year: expected a whole number from 1900 to 2100, got 'soon'\n")
        after = out.wait_for(" failed in ", after)
        edit(programme, "year: soon", "year: 2025")
        out.wait_for(
            f"0 sheets built, {SAMPLE_COUNT} reused, 0 failed", after
        )  # the sheet of that content is still there
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert out.getvalue().rstrip().endswith("Stopped watching")


def described(path: Path) -> list[tuple[str, bytes, list[tuple[object, ...]]]]:
    """Every page of a PDF as a reader finds it: its text, its content, and
    its links (area and target: a page by its index, or an address), then
    the bookmarks (title, page index, depth) as a last entry."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
    with pikepdf.open(path) as pdf:
        index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        pages = []
        for page, words in zip(pdf.pages, text.split("\f")):
            links: list[tuple[object, ...]] = []
            for annotation in page.obj.get("/Annots", []):
                target = index[annotation.Dest[0].objgen] if "/Dest" in annotation else str(annotation.A.URI)
                links.append((*(float(value) for value in annotation.Rect), target))
            contents = page.obj.get("/Contents", pikepdf.Array())
            streams = contents if isinstance(contents, pikepdf.Array) else [contents]
            pages.append((words, b"".join(stream.read_bytes() for stream in streams), links))
        marks: list[tuple[object, ...]] = []

        def walk(items: list[pikepdf.OutlineItem], depth: int) -> None:
            for item in items:
                marks.append((item.title, index[item.destination[0].objgen], depth))
                walk(item.children, depth + 1)

        with pdf.open_outline() as outline:
            walk(outline.root, 0)
    return [*pages, ("", b"", marks)]


def appended_updates(path: Path) -> int:
    """How many incremental updates a PDF carries (each ends its own
    cross-reference section with %%EOF)."""
    return path.read_bytes().count(b"%%EOF") - 1


def test_a_booklet_updated_in_place_equals_one_made_from_scratch(
    built_copy: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three synopses changed, one build after another: each time the
    booklet is the previous one's bytes with an update appended (the pages
    of the changed chunk replaced), and in the end it reads exactly as one
    built anew, for pikepdf, pypdf and pdftotext alike."""
    booklet = built_copy.out / "catalogue.pdf"
    edits = [
        ("the-last-glaciers", "Every summer", "Each summer"),
        ("mothers-of-the-disappeared", "Every week", "Each week"),
        ("the-last-glaciers", "Each summer", "Every single summer"),
    ]

    def whole(*args: object) -> None:
        raise AssertionError("the booklet was written whole")

    for count, (name, old, new) in enumerate(edits, start=1):
        before = booklet.read_bytes()
        edit(built_copy.sheets / f"{name}.yaml", old, new)
        with monkeypatch.context() as patch:
            patch.setattr("generator.assemble.assemble", whole)
            patch.setattr("generator.assemble.reassemble", whole)
            result = built_copy.run("build")
        assert output(result.out) == summary(built_copy, (1, SAMPLE_COUNT - 1, 0), 1)
        after = booklet.read_bytes()
        assert after.startswith(before) and len(after) - len(before) < len(before) // 10
        assert appended_updates(booklet) == count
    reader = PdfReader(booklet, strict=True)
    assert "Every single summer" in "".join(page.extract_text() for page in reader.pages)
    scratch = Catalogue(tmp_path / "scratch")  # the sheets and pictures made, the booklet made anew
    for folder in ("sheets", "assets", "build/.cache/sheets", "build/.cache/images"):
        shutil.copytree(built_copy.root / folder, scratch.root / folder)
    made = scratch.run("build")
    assert output(made.out) == summary(scratch, (SAMPLE_COUNT, 0, 0), booklet_size(scratch.out / "catalogue.pdf")[1])
    again, anew = described(booklet), described(scratch.out / "catalogue.pdf")
    assert len(again) == len(anew) > 16
    for number, (page, expected) in enumerate(zip(again, anew), start=1):
        assert page == expected, f"page {number}"


def test_a_booklet_grown_too_much_by_updates_is_written_whole_again(
    built_copy: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once what updates leave unused would pass the share allowed, the
    booklet is put together again from itself, without the dead objects,
    and the next change appends to it again."""
    booklet = built_copy.out / "catalogue.pdf"
    compact = booklet.stat().st_size
    edit(built_copy.sheets / "the-last-glaciers.yaml", "Every summer", "Each summer")
    assert built_copy.run("build").status == 0
    assert appended_updates(booklet) == 1
    monkeypatch.setattr("generator.increment.MAX_DEAD_SHARE", 0.0)
    edit(built_copy.sheets / "the-last-glaciers.yaml", "Each summer", "Every summer")
    assert built_copy.run("build").status == 0
    assert appended_updates(booklet) == 0
    assert booklet.stat().st_size == compact  # the same pages as the first build, its dead objects gone
    monkeypatch.undo()
    edit(built_copy.sheets / "the-last-glaciers.yaml", "Every summer", "Each summer")
    assert built_copy.run("build").status == 0
    assert appended_updates(booklet) == 1


def test_a_booklet_put_together_again_equals_one_made_from_scratch(
    built_copy: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One synopsis changed, where an update appended would leave too much
    unused: the booklet is the previous one with the pages of the changed
    chunk replaced, written whole, and reads exactly as one built anew (in
    a folder that has only the sheets and pictures the build made: every
    chunk drawn, the booklet put together from all of them)."""
    edit(built_copy.sheets / "the-last-glaciers.yaml", "Every summer", "Each summer")

    def whole(*args: object) -> None:
        raise AssertionError("the booklet was put together from all its chunks")

    with monkeypatch.context() as patch:
        patch.setattr("generator.assemble.assemble", whole)
        patch.setattr("generator.increment.MAX_DEAD_SHARE", 0.0)
        result = built_copy.run("build")
    assert output(result.out) == summary(built_copy, (1, SAMPLE_COUNT - 1, 0), 1)
    scratch = Catalogue(tmp_path / "scratch")
    for folder in ("sheets", "assets", "build/.cache/sheets", "build/.cache/images"):
        shutil.copytree(built_copy.root / folder, scratch.root / folder)
    made = scratch.run("build")
    assert output(made.out) == summary(scratch, (SAMPLE_COUNT, 0, 0), booklet_size(scratch.out / "catalogue.pdf")[1])
    again, anew = described(built_copy.out / "catalogue.pdf"), described(scratch.out / "catalogue.pdf")
    assert len(again) == len(anew) > 16
    for number, (page, expected) in enumerate(zip(again, anew), start=1):
        assert page == expected, f"page {number}"
