"""The everyday commands: new, init, build ID, build --png, check --json,
shell completion, help with an example per command, a light start."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from PIL import Image

from conftest import MINIMAL, ROOT, Catalogue, page_texts, small_picture
from generator.cli import EXAMPLES, _parser, main
from generator.load import load_mapping
from generator.model import PROGRAMME
from generator.schema import schemas


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_new_lists_every_field(catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(catalogue.root)
    status, out, _ = run("new", "the-lighthouse")
    assert status == 0
    assert out == "Wrote sheets/the-lighthouse.yaml: fill in the fields, then run onesheet check\n"
    text = (catalogue.sheets / "the-lighthouse.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/programme.schema.json\n")
    assert (catalogue.root / "schemas" / "programme.schema.json").is_file()
    assert "title: The Lighthouse\n" in text
    for field in PROGRAMME:
        written = (f"\n{field.name}:" in text, f"\n# {field.name}:" in text)
        assert written == (field.required, not field.required), field.name  # an optional field commented out
        assert f"# {field.hint}" in text
    line = {name: number for number, name in enumerate(text.splitlines(), start=1)}
    assert catalogue.errors() == [
        f"sheets/the-lighthouse.yaml:{line[name + ':']}: {name}: required field is missing; expected {expected}"
        for name, expected in [
            ("logline", "text of 1 to 300 characters"), ("synopsis", "text"),
            ("year", "a whole number from 1900 to 2100"), ("duration", "a whole number of minutes from 1 to 1000"),
        ]
    ]  # fmt: skip
    assert (
        run("new", "the-lighthouse")[2] == "sheets/the-lighthouse.yaml: exists already; edit it, or choose another id\n"
    )
    assert run("new", "The Lighthouse")[2] == (
        "sheets/The Lighthouse.yaml: id: 'The Lighthouse' is not a valid id; use lower-case letters, digits and "
        "single hyphens\n"
    )


def test_new_with_every_example_filled_in_reads_as_the_schema_says(catalogue: Catalogue) -> None:
    """Uncommenting the examples gives a file the schema accepts."""
    main(["new", "film", "--sheets", str(catalogue.sheets), "--schemas", str(catalogue.root / "schemas")])
    path = catalogue.sheets / "film.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    filled = [line[2:] if re.match(r"# ([a-z_]+:|  )", line) else line for line in lines]
    required = {
        "logline:": "logline: x",
        "synopsis:": "synopsis: x",
        "year:": "year: 2024",
        "duration:": "duration: 52",
    }
    path.write_text("\n".join(required.get(line, line) for line in filled) + "\n", "utf-8")
    from test_schema import core

    jsonschema.validate(core(load_mapping(path, "", [])), schemas()["programme"])


def test_init_builds_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run("init", "demo")
    assert (status, err) == (0, "")
    assert out == "Started a catalogue in demo (7 files); next: cd demo && onesheet build\n"
    monkeypatch.chdir(tmp_path / "demo")
    status, out, err = run("build")
    assert (status, err) == (0, "")
    assert out.startswith("1 sheets built, 0 reused, 0 failed in build/sheets; build/catalogue.pdf (8 pages")
    settings = json.loads(Path(".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schemas/programme.schema.json"] == ["sheets/*.yaml", "sheets/*.yml"]
    for path, kind in [("sheets/the-lighthouse-keepers.yaml", "programme"), ("assets/brand.yaml", "brand")]:
        first = Path(path).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"
        schema = json.loads(Path(f"schemas/{kind}.schema.json").read_text(encoding="utf-8"))
        from test_schema import core

        jsonschema.validate(core(load_mapping(Path(path), "", [])), schema)
    monkeypatch.chdir(tmp_path)
    assert run("init", "demo")[2] == "demo: is not an empty folder; choose a new one\n"


def test_build_just_some_sheets(sample: Catalogue) -> None:
    sample.write("broken.yaml", "title: [x]\n")
    result = sample.run("build", "inside-belarus", "the-last-glaciers")
    assert result.status == 0, result.err
    assert sorted(p.name for p in (sample.out / "sheets").iterdir()) == ["inside-belarus.pdf", "the-last-glaciers.pdf"]
    assert not (sample.out / "catalogue.pdf").exists()
    assert result.out.startswith(f"2 sheets built, 0 reused, 0 failed in {sample.out}/sheets; no catalogue")
    result = sample.run("build", "inside-belarus", "the-last-glacier")
    assert result.status == 1
    assert result.err == f"{sample.sheets}: no programme 'the-last-glacier' (did you mean 'the-last-glaciers'?)\n"
    assert sample.run("build", "broken").status == 1


def test_build_png_previews_are_cached(sample: Catalogue) -> None:
    result = sample.run("build", "inside-belarus", "--png")
    assert result.status == 0, result.err
    assert "1 previews in" in result.out
    page, card = sample.out / "png" / "inside-belarus.png", sample.out / "png" / "inside-belarus-card.png"
    with Image.open(page) as image:
        assert image.size == (1240, 1754)
    with Image.open(card) as image:
        assert image.size == (1200, 630)
        colours = image.convert("RGB").resize((12, 6)).getcolors(72)
        assert colours is not None and len(colours) > 4  # the key art, not a blank card
    stamp = card.stat().st_mtime_ns
    again = sample.run("build", "inside-belarus", "--png")
    assert "previews in" not in again.out
    assert card.stat().st_mtime_ns == stamp


def test_check_json(catalogue: Catalogue) -> None:
    catalogue.write("good.yaml", MINIMAL)
    catalogue.write("bad.yaml", MINIMAL.replace("year: 2024", "year: twenty"))
    result = catalogue.run("check", "--json")
    assert result.status == 1
    assert result.err == ""
    assert json.loads(result.out) == {
        "programmes": 2,
        "valid": 1,
        "problems": [
            {
                "file": str(catalogue.sheets / "bad.yaml"),
                "line": 7,
                "field": "year",
                "message": "expected a whole number from 1900 to 2100, got 'twenty'",
            }
        ],
        "warnings": [],
        "bugs": [],
    }


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion(shell: str) -> None:
    status, out, _ = run("completion", shell)
    assert status == 0
    assert "onesheet" in out
    for command in ("import", "export", "schema", "--select", "--format"):
        assert command in out


def test_every_command_has_an_example_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = _parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert sorted(commands) == sorted(EXAMPLES)
    for name, parser in commands.items():
        help_text = parser.format_help()
        assert f"example:\n  {EXAMPLES[name].splitlines()[0]}" in help_text
        assert f"onesheet {name}" in readme, name


def build_apart(catalogue: Catalogue, modules: tuple[str, ...]) -> tuple[str, str]:
    """A build on one worker in a process of its own: its output, and its
    status with those of `modules` it loaded ("0 ['tqdm']")."""
    code = (
        "import sys; from generator.cli import main; "
        f"status = main(['build', '--jobs', '1', '--sheets', {str(catalogue.sheets)!r}, "
        f"'--assets', {str(catalogue.assets)!r}, '--out', {str(catalogue.out)!r}]); "
        f"print(status, sorted(m for m in {modules!r} if m in sys.modules), file=sys.stderr)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    return result.stdout, result.stderr.strip()


def test_a_build_without_workers_or_a_bar_loads_neither(catalogue: Catalogue) -> None:
    """The pool of workers and the progress bar are loaded only when a run
    starts one: a build that changes one sheet pays for neither, nor for the
    e-mail parser and sockets that only packs and package metadata use."""
    catalogue.write("film.yaml", MINIMAL)
    loaded = ("tqdm", "concurrent.futures.process", "multiprocessing", "email", "importlib.metadata", "socket")
    assert build_apart(catalogue, loaded)[1] == "0 []"
    assert (catalogue.out / "sheets" / "film.pdf").is_file()


def test_a_build_that_finds_every_analysis_kept_loads_no_numpy(catalogue: Catalogue) -> None:
    """numpy only analyses a picture, which is done once ever: a build after
    an edit crops the kept analyses and reads their title bands without it."""
    art = small_picture(catalogue, "inside-belarus.jpg")
    film = catalogue.write("film.yaml", f"{MINIMAL}key_art: {art}\nrelated: [other]\n")  # with its thumbnail
    other = MINIMAL.replace("A Minimal Programme", "Another Programme")
    catalogue.write("other.yaml", f"{other}key_art: {small_picture(catalogue, 'the-last-glaciers.jpg')}\n")
    assert catalogue.run("build", "--jobs", "1").status == 0
    film.write_text(film.read_text(encoding="utf-8").replace("A first paragraph", "An edited paragraph"), "utf-8")
    out, loaded = build_apart(catalogue, ("numpy",))
    assert loaded == "0 []"
    assert out.startswith("1 sheets built, 1 reused, 0 failed")  # the edited sheet, its hero cropped again
    assert "An edited paragraph" in page_texts(catalogue.out / "sheets" / "film.pdf")[0]


def test_help_starts_without_the_heavy_stages() -> None:
    code = (
        "import sys; from generator.cli import main; main(['--help']); "
        "print(sorted(m for m in ('watchfiles', 'reportlab', 'pypdf', 'generator.build', 'openpyxl') "
        "if m in sys.modules), file=sys.stderr)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.stderr.strip() == "[]"
    assert "import" in result.stdout
