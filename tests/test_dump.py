"""The tidy YAML writer: what it writes reads back, through the programme
reader, to the values it was given; quotes only where YAML would misread."""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE_ASSETS, examples
from generator.chars import visible
from generator.dump import dump_fields
from generator.model import read_file

MISREAD = [
    "NO", "yes", "On", "~", "null", "Null", "true", "1:20", "012", "0x1F", "0o17", "1e3", "3.5", ".inf", "-.NaN",
    "2022-01-01", "- x", "? x", ": x", "#x", "x #y", "x: y", "&a", "*a", "!tag", "|", ">", "%x", "@x", "`x", "'x",
    '"x', "[x]", "{x}", "x, y", "=", "<<", "---", "...", "-", "x:", "https://example.com/a#b",
]  # fmt: skip


def _printable(char: str) -> bool:
    return unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


TEXT = (
    st.one_of(
        st.sampled_from(MISREAD),
        st.text(st.characters(codec="utf-8").filter(_printable), min_size=1, max_size=150),
        st.lists(st.sampled_from(MISREAD), min_size=1, max_size=4).map(" ".join),
    )
    .map(lambda text: unicodedata.normalize("NFC", " ".join(text.split())))  # as the reader keeps text
    .filter(lambda text: visible(text).strip() != "")  # a text of invisible characters alone is empty, refused
)


def read_back(fields: dict[str, object]) -> object:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "film.yaml"
        path.write_text(dump_fields(fields, frozenset({"synopsis"})), encoding="utf-8")  # type: ignore[arg-type]
        reading = read_file(path, SAMPLE_ASSETS)
    assert reading.problems == []
    return reading.programme


@settings(max_examples=examples(50), deadline=None)
@given(
    title=TEXT.filter(lambda t: len(t) <= 120),
    logline=TEXT,
    paragraphs=st.lists(TEXT, min_size=1, max_size=3),
    names=st.lists(TEXT.filter(lambda t: len(t) <= 200), min_size=1, max_size=3),
)
@example(title="NO", logline="1:20", paragraphs=["~", "- x"], names=["012", "x, y"])
def test_every_text_reads_back_unchanged(title: str, logline: str, paragraphs: list[str], names: list[str]) -> None:
    fields = {
        "title": title, "logline": logline[:300].strip() or "x", "synopsis": "\n\n".join(paragraphs),
        "year": 2024, "duration": 52, "directors": names,
    }  # fmt: skip
    programme = read_back(fields)
    assert programme is not None
    assert programme.title == title  # type: ignore[attr-defined]
    assert programme.logline == fields["logline"]  # type: ignore[attr-defined]
    assert programme.synopsis == tuple(paragraphs)  # type: ignore[attr-defined]
    assert programme.directors == tuple(names)  # type: ignore[attr-defined]


def test_tidy_output() -> None:
    text = dump_fields(
        {
            "title": "NO",
            "logline": "Four Alpine glaciers, four seasons, one question: what happens to Europe’s water tower "
            "when the ice is gone?",
            "synopsis": "A first paragraph.\n\nA second one.",
            "year": 2025,
            "versions": ["ENG", "FRA"],
            "formats": ["4K HDR", "5.1"],
            "awards": ["Official Selection, Alpine Film Festival 2025", "Best Series, Green Screen 2025"],
            "quotes": [{"text": "Breathtaking.", "source": "Documentary Quarterly"}],
            "credits": {"Producer": "Anne-Sophie Roux", "Music": ["Erik Lindqvist", "Ana Ruiz"]},
        },
        frozenset({"synopsis"}),
    )
    assert text == (
        "title: 'NO'\n"
        "logline: >-\n"
        "  Four Alpine glaciers, four seasons, one question: what happens to Europe’s\n"
        "  water tower when the ice is gone?\n"
        "synopsis: |\n"
        "  A first paragraph.\n"
        "\n"
        "  A second one.\n"
        "year: 2025\n"
        "versions: [ENG, FRA]\n"
        "formats: [4K HDR, '5.1']\n"
        "awards:\n"
        "  - Official Selection, Alpine Film Festival 2025\n"
        "  - Best Series, Green Screen 2025\n"
        "quotes:\n"
        "  - text: Breathtaking.\n"
        "    source: Documentary Quarterly\n"
        "credits:\n"
        "  Producer: Anne-Sophie Roux\n"
        "  Music: [Erik Lindqvist, Ana Ruiz]\n"
    )
