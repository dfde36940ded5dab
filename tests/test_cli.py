"""The command line run in-process: exact output, exit status, files written."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL, ROOT, SAMPLE_COUNT, Catalogue, Run, booklet_size
from generator.cli import main


def test_check_the_sample(sample: Catalogue) -> None:
    result = sample.run("check")
    assert result.status == 0
    assert result.err == ""
    n = SAMPLE_COUNT
    assert re.fullmatch(rf"Checked {n} programmes: {n} valid, 0 with errors \(\d+\.\d\d s\)\n", result.out)
    assert not sample.out.exists()  # check writes nothing


def test_build_the_sample(sample_build: tuple[Catalogue, Run]) -> None:
    sample, result = sample_build  # built once for the run, from a fresh copy of the sample
    assert (result.status, result.err) == (0, "")
    pages, chunks = booklet_size(sample.out / "catalogue.pdf")
    assert re.fullmatch(
        rf"{SAMPLE_COUNT} sheets built, 0 reused, 0 failed in {sample.out}/sheets; "
        rf"{sample.out}/catalogue.pdf \({pages} pages, {chunks} of {chunks} chunks drawn\) \(\d+\.\d\d s\)\n",
        result.out,
    )
    written = sorted(path.stem for path in (sample.out / "sheets").glob("*.pdf"))
    assert written == sorted(path.stem for path in sample.sheets.glob("*.yaml"))
    assert not list((sample.out / "sheets").glob(".*"))  # no temporary files left behind


def test_quiet_prints_errors_only(catalogue: Catalogue) -> None:
    catalogue.write("good.yaml", MINIMAL)
    assert catalogue.run("build", "--quiet").out == ""
    catalogue.write("bad.yaml", "title: x\n")
    result = catalogue.run("check", "--quiet")
    assert result.status == 1
    assert result.out == ""
    assert result.err.replace(f"{catalogue.root}/", "").splitlines() == [
        f"sheets/bad.yaml:1: {name}: required field is missing; expected {expected}"
        for name, expected in [
            ("logline", "text of 1 to 300 characters"), ("synopsis", "text"),
            ("year", "a whole number from 1900 to 2100"), ("duration", "a whole number of minutes from 1 to 1000"),
        ]
    ]  # fmt: skip


def test_usage_errors_exit_2(catalogue: Catalogue, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--colour", "red"]) == 2
    assert "unrecognized arguments: --colour red" in capsys.readouterr().err
    assert main(["publish"]) == 2
    err = io.StringIO()
    status = main(["check", "--sheets", str(catalogue.root / "nowhere")], stderr=err)
    assert status == 2
    assert err.getvalue() == (
        f"onesheet: error: --sheets: no folder '{catalogue.root}/nowhere'; "
        "run in a catalogue folder or pass --sheets DIR\n"
    )


def test_invalid_programme_keeps_its_previous_sheet(catalogue: Catalogue) -> None:
    catalogue.write("film.yaml", MINIMAL)
    assert catalogue.run("build").status == 0
    target = catalogue.out / "sheets" / "film.pdf"
    before = target.read_bytes()
    catalogue.write("film.yaml", MINIMAL.replace("year: 2024", "year: 2024.5"))
    assert catalogue.run("build").status == 1
    assert target.read_bytes() == before


def test_a_two_line_brand_file_builds(catalogue: Catalogue) -> None:
    catalogue.brand("# Our brand\nname: Small Docs\n")
    catalogue.write("film.yaml", MINIMAL)
    result = catalogue.run("build")
    assert result.status == 0, result.err
    from pypdf import PdfReader

    reader = PdfReader(catalogue.out / "sheets" / "film.pdf")
    assert reader.metadata.author == "Small Docs"
    assert "Small Docs" in reader.pages[0].extract_text()


def test_console_script_and_module_are_the_same_program(catalogue: Catalogue) -> None:
    for name in ("film.yaml", "other.yaml"):  # a small catalogue: what is run matters here, not how much it checks
        catalogue.write(name, MINIMAL)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    module = subprocess.run(
        [sys.executable, "-m", "generator", "check"], cwd=catalogue.root, capture_output=True, text=True, env=env
    )
    assert module.returncode == 0
    assert module.stdout.startswith("Checked 2 programmes: 2 valid, 0 with errors")
    script = Path(sys.executable).parent / "onesheet"
    if script.exists():
        scripted = subprocess.run([str(script), "check"], cwd=catalogue.root, capture_output=True, text=True)
        assert scripted.stdout.split("(")[0] == module.stdout.split("(")[0]


def test_a_fault_of_the_tool_is_reported_as_a_bug_never_as_a_problem_in_a_file(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import workers as build

    for name in ("alpha", "beta", "gamma"):  # the fault is in the middle one: the sheets after it are built too
        catalogue.write(f"{name}.yaml", MINIMAL.replace("A Minimal", name.title()))
    real = build.layout_sheet

    def faulty(programme, *args, **kwargs):  # type: ignore[no-untyped-def]
        if programme.id == "beta":
            raise ZeroDivisionError("division by zero")
        return real(programme, *args, **kwargs)

    monkeypatch.setattr(build, "layout_sheet", faulty)
    result = catalogue.run("build", "--jobs", "1")
    assert result.status == 1
    lines = result.err.splitlines()
    assert lines[0] == (
        f"onesheet: bug while making the sheet of {catalogue.sheets}/beta.yaml: ZeroDivisionError: division by zero"
    )
    assert lines[1].startswith("  at ") and "in faulty" in lines[-3]
    assert lines[-2] == "This is a fault in onesheet, not in your files; please report it with this message."
    assert "beta.yaml:" not in result.err.replace(lines[0], "")  # no file:line problem is invented
    assert sorted(path.stem for path in (catalogue.out / "sheets").glob("*.pdf")) == ["alpha", "gamma"]
    monkeypatch.setattr(build, "layout_sheet", real)
    assert catalogue.run("build", "--jobs", "1").status == 0  # a fault is not remembered as the file's problem


def test_a_fault_outside_any_sheet_is_a_bug_with_exit_status_1(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import build

    def faulty(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyError("surprise")

    monkeypatch.setattr(build, "check", faulty)  # the command line loads its stage when the command runs
    result = catalogue.run("check")
    assert result.status == 1
    assert result.err.splitlines()[0] == "onesheet: bug while running onesheet: KeyError: 'surprise'"
    assert result.err.splitlines()[-1].startswith("This is a fault in onesheet")
