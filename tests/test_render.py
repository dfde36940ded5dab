"""Drawing pages into PDFs: what is made once per process for every
document that needs it."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import MINIMAL, Catalogue
from generator import fonts


def test_a_font_subset_is_made_once_for_every_sheet_that_embeds_it(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sheets that use the same characters of a font embed the same subset,
    made once in a process."""
    made: list[tuple[int, tuple[int, ...]]] = []
    original = fonts._original_subset

    def counted(face: object, subset: list[int]) -> bytes:
        made.append((id(face), tuple(subset)))
        return original(face, subset)  # type: ignore[arg-type]

    monkeypatch.setattr(fonts, "_original_subset", counted)
    fonts._subset_of.cache_clear()  # a process that has made none yet
    for name in ("one", "two", "three"):
        catalogue.write(f"{name}.yaml", MINIMAL)
    assert catalogue.run("build", "-j", "1").status == 0
    assert made and len(made) == len(set(made))
    streams = {
        name: sorted(
            bytes(font["/FontDescriptor"]["/FontFile2"].get_data())
            for font in (f.get_object() for f in page["/Resources"]["/Font"].values())
            if "/FontDescriptor" in font
        )
        for name in ("one", "two", "three")
        for page in PdfReader(catalogue.out / "sheets" / f"{name}.pdf").pages
    }
    assert streams["one"] == streams["two"] == streams["three"]
