"""Property-based: random Unicode in any text field never crashes loading,
checking or layout, and always ends in exactly one page or a problem."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from conftest import MINIMAL, SAMPLE_ASSETS
from generator.brand import read_brand
from generator.compose import Env, prepare_env
from generator.errors import OnesheetError
from generator.layout import layout_sheet
from generator.model import Listing, read_file
from generator.pictures import ImageStore, prepare_pictures
from generator.render import DocumentInfo, render_pages

TEXT_FIELDS = ["title", "logline", "synopsis", "production", "country", "original_title", "status", "rights"]
LIST_FIELDS = ["directors", "versions", "genres", "formats", "awards"]
RELATED = Listing("other", "Another Programme", "Its logline.")


@pytest.fixture(scope="module")
def env() -> Env:
    brand = read_brand(SAMPLE_ASSETS / "brand.yaml", SAMPLE_ASSETS)
    return prepare_env(brand, SAMPLE_ASSETS, {"other": RELATED})


def outcome(folder: Path, env: Env, field: str, value: object) -> str:
    """Write a programme with `field` set to `value`, then read, check, lay
    out and draw it: 'page' or 'problem'; anything else raises."""
    lines = [line for line in MINIMAL.splitlines() if not line.startswith(f"{field}:")]
    if field == "synopsis":
        lines = [line for line in lines if not line.startswith("  ")]
    path = folder / "film.yaml"
    yaml_value = json.dumps(value, ensure_ascii=False)
    path.write_text("\n".join([*lines, f"{field}: {yaml_value}", "related: [other]"]) + "\n", encoding="utf-8")
    reading = read_file(path, SAMPLE_ASSETS)
    for problem in reading.problems:
        assert str(problem).startswith(f"{path}"), problem
    if reading.programme is None:
        return "problem"
    try:
        layout = layout_sheet(reading.programme, env)
    except OnesheetError as exc:
        assert all("does not fit on one page" in p.message or "no font has a glyph" in p.message for p in exc.problems)
        return "problem"
    info = DocumentInfo(layout.title, "Brand", layout.subject, layout.keywords)
    pdf = render_pages([layout.page], info, prepare_pictures([layout.page], ImageStore(folder / "images", 200)))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    return "page"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(TEXT_FIELDS), value=st.text(max_size=300))
def test_random_text_in_any_text_field(tmp_path: Path, env: Env, field: str, value: str) -> None:
    assert outcome(tmp_path, env, field, value) in ("page", "problem")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(LIST_FIELDS), value=st.lists(st.text(max_size=60), max_size=8))
def test_random_lists_in_any_list_field(tmp_path: Path, env: Env, field: str, value: list[str]) -> None:
    assert outcome(tmp_path, env, field, value) in ("page", "problem")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(
        st.text(alphabet=st.characters(codec="latin-1", categories=["L"]), min_size=1, max_size=30),
        min_size=1,
        max_size=1500,
    )
)
def test_long_synopses_fit_or_report_overflow(tmp_path: Path, env: Env, words: list[str]) -> None:
    assert outcome(tmp_path, env, "synopsis", " ".join(words)) in ("page", "problem")
