"""The JSON Schemas agree with `check`: every file check accepts validates,
and every wrong type check rejects is rejected by the schema (validated with
the jsonschema package). Files are read as an editor's YAML language server
reads them: YAML 1.2's core schema (`2022` a number, `true` a boolean)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from corpus import CASES, Case

from conftest import MINIMAL, SAMPLE_ASSETS, SAMPLE_SHEETS
from generator.brand import read_brand
from generator.buyers import read_buyers
from generator.catalogue import read_selection
from generator.cli import main
from generator.errors import OnesheetError, Problem
from generator.load import Mapping, Node, Scalar, Sequence, load_mapping
from generator.model import read_file
from generator.schema import schemas

SCHEMAS = schemas()
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")


def core(node: Node) -> Any:
    """A node as YAML 1.2's core schema types it."""
    if isinstance(node, Mapping):
        return {entry.key: core(entry.value) for entry in node.entries}
    if isinstance(node, Sequence):
        return [core(item) for item in node.items]
    assert isinstance(node, Scalar)
    if not node.plain:
        return node.text
    if node.is_null:
        return None
    if node.text in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return node.text.lower() == "true"
    if _INT.fullmatch(node.text):
        return int(node.text, 0) if node.text[:2] in ("0o", "0x") else int(node.text)
    if _FLOAT.fullmatch(node.text):
        return float(node.text)
    return node.text


def instance(path: Path) -> Any:
    return core(load_mapping(path, "", []))


def valid(kind: str, path: Path) -> bool:
    return jsonschema.Draft202012Validator(SCHEMAS[kind]).is_valid(instance(path))


def test_schemas_are_valid_draft_2020_12() -> None:
    for schema in SCHEMAS.values():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_sample_validates() -> None:
    for path in sorted(SAMPLE_SHEETS.glob("*.yaml")):
        assert valid("programme", path), path
    assert valid("brand", SAMPLE_ASSETS / "brand.yaml")
    assert valid("buyers", SAMPLE_ASSETS / "buyers.yaml")


def test_the_realistic_catalogue_validates() -> None:
    """35 programme files as distributors write them (tests/realistic)."""
    realistic = Path(__file__).parent / "realistic"
    for path in sorted((realistic / "sheets").iterdir()):
        assert valid("programme", path), path
    assert valid("brand", realistic / "assets" / "brand.yaml")


def write(tmp_path: Path, text: str, name: str = "film.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def programme_problems(path: Path) -> list[Problem]:
    try:
        return read_file(path, SAMPLE_ASSETS).problems
    except OnesheetError as exc:
        return list(exc.problems)


ACCEPTED = [case for case in CASES if "film" in case.built and isinstance(case.files.get("film.yaml"), str)]
WRONG_TYPES = [case for case in CASES if case.name.startswith("type-")]


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda case: case.name)
def test_every_accepted_programme_validates(tmp_path: Path, case: Case) -> None:
    path = write(tmp_path, str(case.files["film.yaml"]))
    assert programme_problems(path) == []
    assert valid("programme", path)


@pytest.mark.parametrize("case", WRONG_TYPES, ids=lambda case: case.name)
def test_every_wrong_type_is_rejected(tmp_path: Path, case: Case) -> None:
    path = write(tmp_path, str(case.files["film.yaml"]))
    assert [str(p).replace(str(path), "sheets/film.yaml") for p in programme_problems(path)] == list(case.errors)
    assert not valid("programme", path)


MORE_PROGRAMME_ERRORS = {
    "year: twenty": "year: expected a whole number from 1900 to 2100, got 'twenty'",
    "year: 2024.5": "year: expected a whole number from 1900 to 2100, got '2024.5'",
    "duration: 1:30": "duration: expected a whole number of minutes from 1 to 1000, got '1:30' "
    "(write 90 for 1 h 30 min)",
    "episodes: 0": "episodes: expected a whole number of at least 1, got 0",
    "related: inside-belarus": "related: expected a list of programme ids, got 'inside-belarus'",
    "related: [Inside Belarus]": "related: item 1: 'Inside Belarus' is not a programme id (lower-case letters, "
    "digits and single hyphens)",
    "quotes: [{text: Great., author: Me}]": "quotes: item 1: unknown field 'author' in a quote {text, source}",
    "cuts: [{episodes: 2}]": "cuts: item 1: a cut {episodes, duration} needs duration",
    "screener: ftp://example.com/film": "screener: expected an https:// link, got 'ftp://example.com/film'",
    "credits: {Producer: [[a]]}": "credits: Producer: item 1: expected text, got a list",
    "synposis: typo": "synposis: unknown field (did you mean 'synopsis'?)",
    "key_art: {file: images/inside-belarus.jpg, focus: [2, 0.5]}": "key_art: focus: expected [x, y]: fractions of "
    "the width and height from the top left, such as [0.5, 0.3], got '2'",
    "awards: [{text: Best Film, laurels: images/logo.png}]": "awards: item 1: unknown field 'laurels' in an award "
    "{text, laurel} (did you mean 'laurel'?)",
    "trailer: [a]": "trailer: expected an https:// link, got a list",
}


@pytest.mark.parametrize("line", MORE_PROGRAMME_ERRORS)
def test_value_errors_are_rejected_too(tmp_path: Path, line: str) -> None:
    field = line.split(":")[0]
    text = "\n".join(x for x in MINIMAL.splitlines() if not x.startswith(f"{field}:")) + f"\n{line}\n"
    path = write(tmp_path, text)
    assert [str(p).split(": ", 1)[1] for p in programme_problems(path)] == [MORE_PROGRAMME_ERRORS[line]]
    assert not valid("programme", path)


BRAND_ERRORS = {
    "name: [a]": "name: expected text of 1 to 120 characters, got a list",
    "colors: {primary: red}": "colors.primary: expected a colour as \"#RRGGBB\" (in quotes), got 'red'",
    "colors: {primary: {rgb: '#112233', cmyk: [1, 2]}}": "colors.primary: cmyk: expected four percentages [c, m, y, k] "
    "from 0 to 100, got a list",
    "colors: [a]": 'colors: expected a mapping such as primary: "#1F3A4D", got a list',
    "page_size: A5": "page_size: expected A4 or Letter, got 'A5'",
    "contacts: [{role: Sales}]": "contacts: item 1: a contact {name, role, email, phone} needs name",
    "contacts: [{name: A, email: nobody}]": "contacts: item 1: email: expected an address such as "
    "name@example.com, got 'nobody'",
    "fonts: {heading: {}}": "fonts.heading.regular: required field is missing; expected a path inside the "
    "assets folder",
    "catalogue: {sections: {a: b}}": "catalogue.sections: expected a list of text, got a mapping",
    "website: www.example.com": "website: expected an https:// link, got 'www.example.com'",
    "logo: [a]": "logo: expected a path inside the assets folder, got a list",
    "colour: {}": "colour: unknown field (did you mean 'colors'?)",
    "language: [en]": "language: expected a language code such as en, fr, pt-BR or zh-Hant, got a list",
    "fonts: {fallbacks: fonts/x.ttf}": "fonts.fallbacks: expected a list of font files, or of {regular, bold, "
    "language}, got 'fonts/x.ttf'",
}


@pytest.mark.parametrize("line", BRAND_ERRORS)
def test_brand_errors_are_rejected(tmp_path: Path, line: str) -> None:
    path = write(tmp_path, f"name: Small Docs\n{line}\n" if not line.startswith("name:") else f"{line}\n", "brand.yaml")
    with pytest.raises(OnesheetError) as caught:
        read_brand(path, SAMPLE_ASSETS)
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [BRAND_ERRORS[line]]
    assert not valid("brand", path)


def test_brand_files_that_check_accepts_validate(tmp_path: Path) -> None:
    for text in (
        "name: Small Docs\n",
        "name: X\npage_size: letter\ncolors: {accent: '#E07A2E'}\naddress: |\n  a\n  b\nlanguage: ar\n",
    ):
        path = write(tmp_path, text, "brand.yaml")
        read_brand(path, SAMPLE_ASSETS)
        assert valid("brand", path)


BUYER = (
    "buyers:\n  nordisk-tv:\n    name: Ingrid\n    company: Nordisk TV\n    email: i@example.com\n    language: en\n"
)
BUYER_ERRORS = {
    BUYER.replace("language: en", "language: english"): "language: expected a language code such as en, fr, "
    "pt-BR or zh-Hant, got 'english' (did you mean 'en'?)",
    BUYER.replace("i@example.com", "nobody"): "email: expected an address such as name@example.com, got 'nobody'",
    BUYER + "    titles: the-last-glaciers\n": "titles: expected a list of programme ids, got 'the-last-glaciers'",
    BUYER.replace("nordisk-tv", "Nordisk_TV"): "Nordisk_TV: a buyer id is lower-case letters, digits and single "
    "hyphens, at most 100 of them",
    "buyers: [a]\n": "buyers: expected a mapping of buyer ids, got a list",
    BUYER.replace("    company: Nordisk TV\n", ""): "company: required field is missing; expected text",
}


@pytest.mark.parametrize("text", BUYER_ERRORS, ids=range(len(BUYER_ERRORS)))
def test_buyer_errors_are_rejected(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text, "buyers.yaml")
    brand = read_brand(SAMPLE_ASSETS / "brand.yaml", SAMPLE_ASSETS)
    assert [str(p).split(": ", 1)[1] for p in read_buyers(path, brand).problems] == [BUYER_ERRORS[text]]
    assert not valid("buyers", path)
    assert valid("buyers", write(tmp_path, BUYER, "good.yaml"))


SELECTION_ERRORS = {
    "title: MIPCOM\nprogrammes: [inside-belarus, Inside Belarus]\n": "programmes: item 2: 'Inside Belarus' is not "
    "a programme id (lower-case letters, digits and single hyphens)",
    "title: MIPCOM\n": "programmes: required field is missing; expected a list of programme ids",
    "programmes: [inside-belarus]\n": "title: required field is missing; expected text of 1 to 120 characters",
    "title: MIPCOM\nprogrammes: [inside-belarus]\nsubtitles: x\n": "subtitles: unknown field (did you mean "
    "'subtitle'?)",
}


@pytest.mark.parametrize("text", SELECTION_ERRORS, ids=range(len(SELECTION_ERRORS)))
def test_selection_errors_are_rejected(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text, "mipcom.yaml")
    with pytest.raises(OnesheetError) as caught:
        read_selection(path)
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [SELECTION_ERRORS[text]]
    assert not valid("selection", path)
    good = write(tmp_path, "title: MIPCOM\nsubtitle: Cannes\nprogrammes: [inside-belarus]\n", "good.yaml")
    read_selection(good)
    assert valid("selection", good)


def test_schema_command(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    out = io.StringIO()
    assert main(["schema", "--out", str(folder)], stdout=out) == 0
    assert out.getvalue() == (
        f"Wrote 4 schemas in {folder}: programme.schema.json, brand.schema.json, buyers.schema.json, "
        "selection.schema.json\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == [
        "brand.schema.json", "buyers.schema.json", "programme.schema.json", "selection.schema.json",
    ]  # fmt: skip
    written = json.loads((folder / "programme.schema.json").read_text(encoding="utf-8"))
    assert written == SCHEMAS["programme"]
    assert written["properties"]["episodes"]["description"] == "a series of this many episodes; default 1"
