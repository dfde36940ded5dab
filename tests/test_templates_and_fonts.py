"""User templates override the packaged ones; brand fonts replace the
bundled ones; both fail with messages that name the file."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

import jinja2
import pytest
from pypdf import PdfReader

from conftest import MINIMAL, Catalogue
from generator import kept, text
from generator.fonts import BUNDLED

RELATED = MINIMAL + "related: [other]\n"
OTHER = MINIMAL.replace("A Minimal Programme", "The Other Film")


def sheet_text(catalogue: Catalogue, programme_id: str) -> str:
    return PdfReader(catalogue.out / "sheets" / f"{programme_id}.pdf").pages[0].extract_text()


def test_labels_and_facts_can_be_reworded(catalogue: Catalogue) -> None:
    templates = catalogue.assets / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "labels.j2").write_text('{% set related = "Voir aussi" %}\n')  # the other labels: packaged
    (templates / "facts.j2").write_text('{{ fact("Année", p.year) }}\n{{ fact("Durée", running_time) }}\n')
    catalogue.write("film.yaml", RELATED)
    catalogue.write("other.yaml", OTHER)
    assert catalogue.run("build").status == 0
    text = sheet_text(catalogue, "film")
    assert "VOIR AUSSI" in text and "RELATED PROGRAMMES" not in text
    assert "ANNÉE" in text and "DURÉE" in text and "YEAR" not in text
    assert "DETAILS" in text  # a label the user's labels.j2 leaves out


def compiled_templates(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The file of every template jinja2 compiles from now on, in order."""
    compiled: list[str | None] = []
    original = jinja2.Environment.compile

    def compile(self: jinja2.Environment, source: str, name: str | None = None, filename: str | None = None,
                *args: Any) -> Any:  # fmt: skip
        compiled.append(filename)
        return original(self, source, name, filename, *args)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return compiled


def test_templates_are_compiled_once_a_process_and_again_when_edited(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Builds after the first in one process (`watch`) reuse the compiled
    templates, and print an edited one at once, even edited within the
    same second to the same size."""
    compiled = compiled_templates(monkeypatch)
    templates = catalogue.assets / "templates"
    templates.mkdir(exist_ok=True)
    facts = templates / "facts.j2"
    facts.write_text('{{ fact("Année", p.year) }}\n')
    film = catalogue.write("film.yaml", MINIMAL)
    assert catalogue.run("build").status == 0
    assert "ANNÉE" in sheet_text(catalogue, "film")
    compiled.clear()
    film.write_text(MINIMAL.replace("A Minimal Programme", "A Retitled Programme"))
    assert catalogue.run("build").status == 0
    assert "A RETITLED PROGRAMME" in sheet_text(catalogue, "film").upper()
    assert compiled == []
    known = facts.stat()
    facts.write_text('{{ fact("Jahre!", p.year) }}\n')
    os.utime(facts, ns=(known.st_atime_ns, known.st_mtime_ns))
    assert catalogue.run("build").status == 0
    assert compiled == [str(facts)]
    assert "JAHRE!" in sheet_text(catalogue, "film") and "ANNÉE" not in sheet_text(catalogue, "film")


def test_a_misspelt_name_in_a_template_names_the_template_and_line(catalogue: Catalogue) -> None:
    templates = catalogue.assets / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "facts.j2").write_text('{{ fact("Year", p.year) }}\n{{ fact("Country", p.contry) }}\n')
    catalogue.write("film.yaml", MINIMAL)
    assert catalogue.errors() == [
        "assets/templates/facts.j2:2: template error: 'generator.model.Programme object' has no attribute 'contry'"
    ]


def test_template_syntax_errors_name_the_line(catalogue: Catalogue) -> None:
    templates = catalogue.assets / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "footer.j2").write_text("{{ brand.name }}\n{% for c in brand.contacts %}\n")
    catalogue.write("film.yaml", MINIMAL)
    assert catalogue.errors() == [
        "assets/templates/footer.j2:2: template error: Unexpected end of template. Jinja was looking for the "
        "following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'."
    ]


def test_brand_fonts_replace_the_bundled_ones(catalogue: Catalogue) -> None:
    fonts = catalogue.assets / "fonts"
    fonts.mkdir()
    shutil.copy(BUNDLED / "Lato-Bold.ttf", fonts / "Heading.ttf")
    catalogue.brand("name: Font Docs\nfonts:\n  heading: fonts/Heading.ttf\n")
    catalogue.write("film.yaml", MINIMAL)
    assert catalogue.run("build").status == 0
    reader = PdfReader(catalogue.out / "sheets" / "film.pdf")
    names = {str(font.get_object()["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert not any("RobotoCondensed" in name for name in names)
    assert any(name.endswith("+Lato-Bold") for name in names)


def test_the_brands_own_fonts_are_kept_in_the_build_cache(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read with the brand, before the build holds its output folder, and
    kept in the cache once it does, for later processes."""
    monkeypatch.setattr(kept, "_CACHE", None)  # a new process: no earlier build's cache
    fonts = catalogue.assets / "fonts"
    fonts.mkdir()
    shutil.copy(BUNDLED / "Lato-Bold.ttf", fonts / "Heading.ttf")
    (fonts / "Heading.ttf").write_bytes((fonts / "Heading.ttf").read_bytes() + bytes(4))  # a font of its own
    catalogue.brand("name: Font Docs\nfonts:\n  heading: fonts/Heading.ttf\n")
    catalogue.write("film.yaml", MINIMAL)
    assert catalogue.run("build").status == 0
    content = hashlib.sha256((fonts / "Heading.ttf").read_bytes()).hexdigest()
    assert len(list((catalogue.out / ".cache" / "fonts").glob(f"{content[:32]}-*.face"))) == 1


def test_fonts_that_cannot_be_embedded_are_refused(catalogue: Catalogue) -> None:
    fonts = catalogue.assets / "fonts"
    fonts.mkdir()
    (fonts / "Display.otf").write_bytes(b"OTTO" + bytes(200))
    (fonts / "Broken.ttf").write_bytes(b"\x00\x01\x00\x00" + bytes(50))
    catalogue.brand("name: X\nfonts:\n  heading: fonts/Display.otf\n  body: {regular: fonts/Broken.ttf}\n")
    catalogue.write("film.yaml", MINIMAL)
    errors = catalogue.errors()
    assert errors[0] == (
        "assets/brand.yaml:3: fonts.heading: the font Display.otf is an OpenType font with PostScript outlines (CFF), "
        "which cannot be embedded; use its .ttf version"
    )
    assert errors[1].startswith(
        "assets/brand.yaml:4: fonts.body.regular: the font Broken.ttf cannot be read as a TrueType font ("
    )
    assert len(errors) == 2


@pytest.mark.parametrize("kept", [0.003, 0.5, 0.9], ids=["header", "glyphs", "tail"])
def test_a_truncated_font_is_refused_with_a_message(catalogue: Catalogue, kept: float) -> None:
    """Cut short in its table directory, in the glyph data, or in the tables
    reportlab does not read: each is named, and nothing is built."""
    data = (BUNDLED / "Lato-Regular.ttf").read_bytes()
    fonts = catalogue.assets / "fonts"
    fonts.mkdir()
    (fonts / "Cut.ttf").write_bytes(data[: int(len(data) * kept)])
    catalogue.brand("name: X\nfonts:\n  body: fonts/Cut.ttf\n")
    catalogue.write("film.yaml", MINIMAL)
    assert catalogue.errors() == [
        "assets/brand.yaml:3: fonts.body: the font Cut.ttf is truncated or damaged; copy or export it again"
    ]
    result = catalogue.run("build")
    assert result.status == 1
    assert not catalogue.out.exists()  # a build that cannot read its inputs writes nothing


def test_templates_compiled_by_one_process_are_not_compiled_by_the_next(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Compiled templates are kept in the user's cache folder: a later
    process compiles none of them and prints the same; one whose kept code
    is damaged (cut short, or altered where it still loads) is compiled
    again."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(text._COMPILED, "_kept", {})  # a process that has compiled none
    compiled = compiled_templates(monkeypatch)
    catalogue.write("film.yaml", MINIMAL)
    assert catalogue.run("build").status == 0
    first = sorted(map(str, compiled))
    sheet = (catalogue.out / "sheets" / "film.pdf").read_bytes()
    kept = sorted((tmp_path / "cache" / "onesheet" / "templates").iterdir())
    assert len(kept) == len(first) >= 3  # labels, facts, footer
    written = [path.read_bytes() for path in kept]
    [labels] = [n for n, code in enumerate(written) if b"Details" in code]
    for damaged in (False, True):
        if damaged:
            for n, path in enumerate(kept):
                path.write_bytes(written[n].replace(b"Details", b"Detai1s") if n == labels else written[n][: 50 * n])
        compiled.clear()
        text._COMPILED._kept.clear()  # a new process
        assert catalogue.run("build", "--force").status == 0
        assert sorted(map(str, compiled)) == (first if damaged else [])
        assert (catalogue.out / "sheets" / "film.pdf").read_bytes() == sheet
        assert [path.read_bytes() for path in kept] == written
