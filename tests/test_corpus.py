"""Every case of the hostile-input corpus (tests/corpus.py) gets a clear
error in the contract's format or a correct sheet printing it literally;
the good programme beside it is always built; no PDF carries a link with a
dangerous scheme."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
from corpus import CASES, GOOD, Case
from pypdf import PdfReader

from conftest import SAMPLE_ASSETS, Catalogue


@pytest.fixture(scope="module")
def good_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a build of the good programme alone leaves in its cache (its
    sheet drawn, the brand's pictures prepared), made once for the module.
    Each case starts from a copy of it, so that its build draws only what
    the case adds, and must still put the good programme's sheet in place."""
    root = tmp_path_factory.mktemp("good")
    shutil.copytree(SAMPLE_ASSETS, root / "assets")
    (root / "sheets").mkdir()
    good = Catalogue(root)
    good.write("good.yaml", GOOD)
    assert good.run("build").status == 0
    return good.out / ".cache"


def materialise(catalogue: Catalogue, case: Case) -> None:
    catalogue.write("good.yaml", GOOD)
    for name, content in case.files.items():
        if callable(content):
            content(catalogue.root)
            continue
        path = catalogue.root / name if name.startswith("assets/") else catalogue.sheets / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")


def link_targets(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [
            str(annotation.A.URI)
            for page in pdf.pages
            for annotation in page.obj.get("/Annots", [])
            if "/A" in annotation and "/URI" in annotation.A
        ]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_corpus_case(catalogue: Catalogue, good_cache: Path, case: Case) -> None:
    shutil.copytree(good_cache, catalogue.out / ".cache")  # modification times kept: the cache holds
    materialise(catalogue, case)
    checked = catalogue.errors()
    result = catalogue.run("build")
    built_errors = [line.replace(f"{catalogue.root}/", "") for line in result.err.splitlines()]
    assert checked == list(case.errors)
    expected_build = checked + (
        [
            "catalogue not written: 1 programme with errors would be missing from it; "
            "build/catalogue.pdf is left as it was (--skip-invalid writes it without them)"
        ]
        if checked
        else []
    )
    assert built_errors == expected_build
    assert result.status == (1 if checked else 0)
    built = sorted(path.stem for path in (catalogue.out / "sheets").glob("*.pdf"))
    assert built == sorted(case.built)
    for pdf in catalogue.out.rglob("*.pdf"):
        assert all(uri.startswith(("https://", "http://", "mailto:")) for uri in link_targets(pdf)), pdf
    if case.printed:
        text = " ".join(PdfReader(catalogue.out / "sheets" / "film.pdf").pages[0].extract_text().split())
        for printed in case.printed:
            assert " ".join(printed.split()) in text
