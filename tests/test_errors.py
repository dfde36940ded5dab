"""Every error of the contract, asserted exactly as the user reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import TRIED

from conftest import MINIMAL, Catalogue
from generator.errors import Problem, problem_from_record, problem_json, problem_record


def with_fields(extra: str, base: str = MINIMAL) -> str:
    return base + extra


def test_contract_examples(catalogue: Catalogue) -> None:
    catalogue.write("russia-vs-russia.yaml", MINIMAL.replace("year: 2024", "year: twenty-twenty"))
    catalogue.write("inside-belarus.yaml", with_fields("related: [russia-vs-rusia]\n"))
    assert catalogue.errors() == [
        "sheets/inside-belarus.yaml:9: related: no programme 'russia-vs-rusia' (did you mean 'russia-vs-russia'?)",
        "sheets/russia-vs-russia.yaml:7: year: expected a whole number from 1900 to 2100, got 'twenty-twenty'",
    ]


def test_unknown_field_suggests_nearest(catalogue: Catalogue) -> None:
    catalogue.write("a.yaml", with_fields("synposis: typo\nfoo: bar\n"))
    assert catalogue.errors() == [
        "sheets/a.yaml:9: synposis: unknown field (did you mean 'synopsis'?)",
        "sheets/a.yaml:10: foo: unknown field",
    ]


def test_missing_required_fields_are_all_reported(catalogue: Catalogue) -> None:
    catalogue.write("a.yaml", "title: Only a title\n")
    assert catalogue.errors() == [
        "sheets/a.yaml:1: logline: required field is missing; expected text of 1 to 300 characters",
        "sheets/a.yaml:1: synopsis: required field is missing; expected text",
        "sheets/a.yaml:1: year: required field is missing; expected a whole number from 1900 to 2100",
        "sheets/a.yaml:1: duration: required field is missing; expected a whole number of minutes from 1 to 1000",
    ]


def test_yaml_surprises_are_kept_as_typed_or_reported(catalogue: Catalogue, tmp_path: Path) -> None:
    catalogue.write("norway.yaml", with_fields("country: NO\nversions: [ON, OFF, 1.0]\nproduction: 0123\n"))
    catalogue.write("clock.yaml", MINIMAL.replace("duration: 52", "duration: 1:20"))
    assert catalogue.errors() == [
        "sheets/clock.yaml:8: duration: expected a whole number of minutes from 1 to 1000, got '1:20' "
        "(write 80 for 1 h 20 min)",
    ]
    result = catalogue.run("build")
    assert result.status == 1
    from pypdf import PdfReader

    text = PdfReader(catalogue.out / "sheets" / "norway.pdf").pages[0].extract_text()
    assert "NO" in text and "ON, OFF, 1.0" in text and "0123" in text


def test_wrong_types(catalogue: Catalogue) -> None:
    catalogue.write(
        "a.yaml",
        with_fields(
            "episodes: 0\ndirectors: {a: b}\ngenres: [[nested]]\nquotes: [{text: Fine, sorce: X}]\n"
            "cuts: [{episodes: 2}]\ncredits: [Producer]\nscreener: javascript:alert(1)\n"
        ),
    )
    assert catalogue.errors() == [
        "sheets/a.yaml:9: episodes: expected a whole number of at least 1, got 0",
        "sheets/a.yaml:10: directors: expected a list of text, got a mapping",
        "sheets/a.yaml:11: genres: item 1: expected text, got a list",
        "sheets/a.yaml:12: quotes: item 1: unknown field 'sorce' in a quote {text, source} (did you mean 'source'?)",
        "sheets/a.yaml:13: cuts: item 1: a cut {episodes, duration} needs duration",
        "sheets/a.yaml:14: credits: expected a mapping of role: name, got a list",
        "sheets/a.yaml:15: screener: expected an https:// link, got 'javascript:alert(1)'",
    ]


def test_text_limits_and_control_characters(catalogue: Catalogue) -> None:
    catalogue.write("a.yaml", MINIMAL.replace("A Minimal Programme", "x" * 121))
    catalogue.write("b.yaml", MINIMAL.replace("A Minimal Programme", '"Bell\\a"'))
    assert catalogue.errors() == [
        "sheets/a.yaml:1: title: expected text of 1 to 120 characters, got 121 characters",
        "sheets/b.yaml:1: title: contains the control character U+0007 BELL; remove it",
    ]


def test_duplicate_keys(catalogue: Catalogue) -> None:
    catalogue.write("a.yaml", with_fields("title: Again\n"))
    assert catalogue.errors() == ["sheets/a.yaml:9: title: appears twice (first on line 1); keep one"]


def test_unreadable_files(catalogue: Catalogue) -> None:
    catalogue.write("empty.yaml", "")
    catalogue.write("list.yaml", "- a\n- b\n")
    catalogue.write("syntax.yaml", "title: [unclosed\n")
    catalogue.write("multi.yaml", MINIMAL + "---\n" + MINIMAL)
    (catalogue.sheets / "latin1.yaml").write_bytes(MINIMAL.replace("Minimal", "Café").encode("latin-1"))
    assert catalogue.errors() == [
        "sheets/empty.yaml: the file is empty; expected programme fields such as title: ...",
        "sheets/latin1.yaml:1: the file is not UTF-8 (byte 0xE9); save it with UTF-8 encoding",
        "sheets/list.yaml:1: expected a mapping of fields (programme fields such as title: ...), got a list",
        "sheets/multi.yaml:9: not valid YAML: found a second document ('---'); keep one per file",
        "sheets/syntax.yaml:2: not valid YAML: did not find expected ',' or ']'",
    ]


def test_tags_and_aliases_are_refused(catalogue: Catalogue) -> None:
    catalogue.write("tag.yaml", MINIMAL.replace("title: A", "title: !!python/object:os.system A"))
    catalogue.write("alias.yaml", MINIMAL + "genres: &g [Politics]\nformats: *g\n")
    assert catalogue.errors() == [
        "sheets/alias.yaml:10: aliases (*name) are not supported; write the value out in full",
        "sheets/tag.yaml:1: the tag 'tag:yaml.org,2002:python/object:os.system' is not allowed; remove it",
    ]


def test_ids(catalogue: Catalogue) -> None:
    catalogue.write("Inside Belarus.yaml", MINIMAL)
    catalogue.write("twin.yaml", MINIMAL)
    catalogue.write("twin.yml", MINIMAL)
    assert catalogue.errors() == [
        "sheets/Inside Belarus.yaml: id: 'Inside Belarus' is not a valid id; rename the file to lower-case "
        "letters, digits and single hyphens, e.g. 'inside-belarus.yaml'",
        "sheets/twin.yml: id: 'twin' is also the id of sheets/twin.yaml; keep one of the two files",
    ]


def test_related_ids(catalogue: Catalogue) -> None:
    catalogue.write("other.yaml", MINIMAL)
    catalogue.write("broken.yaml", "title: Broken\nyear: soon\n")
    catalogue.write(
        "a.yaml",
        with_fields('related:\n  - a\n  - other\n  - other\n  - broken\n  - "oth\\u200Ber"\n'),
    )
    errors = [line for line in catalogue.errors() if line.startswith("sheets/a.yaml")]
    assert errors == [
        "sheets/a.yaml:10: related: 'a' is this programme itself; remove it",
        "sheets/a.yaml:12: related: 'other' is listed twice; keep one",
        "sheets/a.yaml:13: related: 'broken' has no valid title and logline to list; fix its file first",
        "sheets/a.yaml:14: related: item 5: 'oth\\u200ber' hides invisible characters; type the id again",
    ]


def test_asset_paths_stay_inside_assets(catalogue: Catalogue, tmp_path: Path) -> None:
    outside = tmp_path / "secret.jpg"
    outside.write_bytes((catalogue.assets / "images" / "inside-belarus.jpg").read_bytes())
    (catalogue.assets / "images" / "link.jpg").symlink_to(outside)
    catalogue.write("a.yaml", with_fields("key_art: ../secret.jpg\n"))
    catalogue.write("b.yaml", with_fields(f"key_art: {outside}\n"))
    catalogue.write("c.yaml", with_fields("key_art: images/link.jpg\n"))
    catalogue.write("d.yaml", with_fields("key_art: images/missing.jpg\n"))
    assert catalogue.errors() == [
        "sheets/a.yaml:9: key_art: '../secret.jpg' points outside the assets folder; "
        "keep images and fonts inside assets",
        "sheets/b.yaml:9: key_art: expected a path relative to the assets folder, got the absolute path 'secret.jpg'",
        "sheets/c.yaml:9: key_art: 'images/link.jpg' points outside the assets folder; "
        "keep images and fonts inside assets",
        "sheets/d.yaml:9: key_art: no file 'images/missing.jpg' in assets",
    ]


def test_bad_images(catalogue: Catalogue) -> None:
    images = catalogue.assets / "images"
    good = (images / "inside-belarus.jpg").read_bytes()
    (images / "empty.jpg").write_bytes(b"")
    (images / "cut.jpg").write_bytes(good[: len(good) // 3])
    (images / "named.png").write_bytes(good)
    (images / "text.jpg").write_text("not an image")
    from PIL import Image

    Image.new("RGB", (4, 4)).save(images / "tiny.gif")
    for name in ("empty.jpg", "cut.jpg", "named.png", "text.jpg", "tiny.gif"):
        catalogue.write(f"{name.replace('.', '-')}.yaml", with_fields(f"key_art: images/{name}\n"))
    assert catalogue.errors() == [
        "sheets/cut-jpg.yaml:9: key_art: the image file is truncated; copy or export it again",
        "sheets/empty-jpg.yaml:9: key_art: the image file is empty",
        "sheets/named-png.yaml:9: key_art: the file is named .png but holds a JPEG image; rename it to .jpg",
        "sheets/text-jpg.yaml:9: key_art: the file is not an image that can be read; export it again as JPEG or PNG",
        "sheets/tiny-gif.yaml:9: key_art: the file is GIF, not a JPEG, PNG, WebP or TIFF image; export it as JPEG",
    ]


def test_missing_glyphs_name_field_code_point_and_fonts_tried(catalogue: Catalogue) -> None:
    catalogue.write("a.yaml", MINIMAL.replace("A Minimal Programme", "Smile 😀 and 東京"))
    assert catalogue.errors() == [
        "sheets/a.yaml:1: title: no font has a glyph for U+1F600 (😀); "
        + TRIED.format(first="RobotoCondensed-Bold")
        + "; remove the character or add a font that has it to fonts.fallbacks in brand.yaml",
    ]


def test_overflow_names_programme_and_words(catalogue: Catalogue) -> None:
    def synopsis(words: int) -> str:
        return MINIMAL.replace("A first paragraph of the synopsis.", " ".join(["documentary"] * words))

    catalogue.write("long.yaml", synopsis(1400))
    (error,) = catalogue.errors()
    prefix = "sheets/long.yaml:3: synopsis: does not fit on one page: about "
    assert error.startswith(prefix)
    assert error.endswith(
        " words, or the logline or quotes, or add a short_synopsis (printed when the full one does not fit)"
    )
    over = int(error.removeprefix(prefix).split()[0])
    allowed = int(error.split("shorten the synopsis to about ")[1].split()[0])
    assert over + allowed == 1400 + 6  # the second paragraph has six words
    catalogue.write("long.yaml", synopsis(allowed - 6 - 15))  # "about": within 15 words
    assert catalogue.errors() == []
    catalogue.write("long.yaml", synopsis(allowed + 10))
    (error,) = catalogue.errors()
    assert error.startswith(prefix)  # the same problem, with the words still too many
    assert 1 <= int(error.removeprefix(prefix).split()[0]) <= 16


def test_one_bad_file_stops_nothing_else(catalogue: Catalogue) -> None:
    catalogue.write("good.yaml", MINIMAL)
    catalogue.write("bad.yaml", MINIMAL.replace("year: 2024", "year: 1800"))
    result = catalogue.run("build")
    assert result.status == 1
    assert result.err.splitlines()[0] == (
        f"{catalogue.sheets}/bad.yaml:7: year: expected a whole number from 1900 to 2100, got 1800"
    )
    assert (catalogue.out / "sheets" / "good.pdf").is_file()
    assert not (catalogue.out / "sheets" / "bad.pdf").exists()
    assert result.out.startswith(f"1 sheets built, 0 reused, 1 failed in {catalogue.out}/sheets; no catalogue (")


def test_brand_errors(catalogue: Catalogue) -> None:
    catalogue.write("a.yaml", MINIMAL)
    catalogue.brand(
        'nmae: X\ncolors: {primary: "#12345", acent: "#FFFFFF"}\npage_size: A5\n'
        "fonts: {heading: fonts/missing.ttf}\ncontacts: [{name: A, email: not-an-email}]\n"
    )
    assert catalogue.errors() == [
        "assets/brand.yaml:1: nmae: unknown field (did you mean 'name'?)",
        "assets/brand.yaml:1: name: required field is missing; expected text of 1 to 120 characters",
        "assets/brand.yaml:2: colors.acent: unknown field (did you mean 'accent'?)",
        "assets/brand.yaml:2: colors.primary: expected a colour as \"#RRGGBB\" (in quotes), got '#12345'",
        "assets/brand.yaml:3: page_size: expected A4 or Letter, got 'A5'",
        "assets/brand.yaml:4: fonts.heading: no file 'fonts/missing.ttf' in assets",
        "assets/brand.yaml:5: contacts: item 1: email: expected an address such as name@example.com, "
        "got 'not-an-email'",
    ]


def test_brand_fields_present_but_empty_are_errors_never_silent_defaults(catalogue: Catalogue) -> None:
    catalogue.write("a.yaml", MINIMAL)
    catalogue.brand(
        "name: X\ncolors:\n  primary: #1F3A4D\n  accent:\nlogo:\nfonts:\n  body: {regular: fonts/x.ttf, bold: }\n"
        "website: ~\ncatalogue: []\n"
    )
    assert catalogue.errors() == [
        'assets/brand.yaml:3: colors.primary: is empty; expected "#RRGGBB" or {rgb: "#RRGGBB", cmyk: [c, m, y, k]}; '
        'YAML reads an unquoted # as the start of a comment: quote it, primary: "#1F3A4D"',
        'assets/brand.yaml:4: colors.accent: is empty; expected "#RRGGBB" or {rgb: "#RRGGBB", cmyk: [c, m, y, k]}',
        "assets/brand.yaml:5: logo: is empty; expected a path inside the assets folder",
        "assets/brand.yaml:7: fonts.body.regular: no file 'fonts/x.ttf' in assets",
        "assets/brand.yaml:7: fonts.body.bold: is empty; expected a path inside the assets folder",
        "assets/brand.yaml:8: website: is empty; expected an https:// link",
        'assets/brand.yaml:9: catalogue: expected a mapping such as title: "Catalogue 2026", got a list',
    ]


def test_missing_brand_file(catalogue: Catalogue) -> None:
    (catalogue.assets / "brand.yaml").unlink()
    catalogue.write("a.yaml", MINIMAL)
    result = catalogue.run("check")
    assert result.status == 1
    assert result.err == (
        f"{catalogue.assets}/brand.yaml: no brand file; create it with at least a line `name: Your Company`\n"
    )


def test_problem_records_keep_files_relative_to_the_cache(tmp_path: Path) -> None:
    cache, moved = tmp_path / "out" / ".cache", tmp_path / "copy" / "out" / ".cache"
    problem = Problem(tmp_path / "sheets" / "a.yaml", 3, "year", "expected a whole number")
    record = problem_record(problem, cache)
    assert record == ["../../sheets/a.yaml", 3, "year", "expected a whole number"]
    assert problem_from_record(record, cache) == problem
    assert problem_from_record(record, moved) == Problem(
        tmp_path / "copy" / "sheets" / "a.yaml", 3, "year", problem.message
    )
    assert problem_json(problem) == {
        "file": str(tmp_path / "sheets" / "a.yaml"), "line": 3, "field": "year", "message": "expected a whole number"
    }  # fmt: skip
    for damaged in (["a.yaml", 0, None, "m"], ["a.yaml", True, None, "m"], ["a.yaml", None, None], "a.yaml"):
        with pytest.raises(ValueError, match="not a problem"):
            problem_from_record(damaged, cache)
