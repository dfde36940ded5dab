"""Cells as people type them: running times, lists, quotes, ids."""

from __future__ import annotations

import pytest

from generator.cells import join_list, parse_cuts, parse_quote, parse_running_time, slugify, split_list
from generator.fields import Invalid

RUNNING_TIMES = {
    "52": (None, 52),
    "52'": (None, 52),
    "52’": (None, 52),
    "52′": (None, 52),
    "52 min": (None, 52),
    "52 Min": (None, 52),  # as German sheets print it
    "52 MIN": (None, 52),
    "1H30": (None, 90),
    "52min": (None, 52),
    "52 mins": (None, 52),
    "52 minutes": (None, 52),
    "52 mn": (None, 52),
    "approx. 52'": (None, 52),
    "ca. 52 min": (None, 52),
    "52'30\"": (None, 53),
    "52'29": (None, 52),
    "90'": (None, 90),
    "1h30": (None, 90),
    "1h30'": (None, 90),
    "1 h 30 min": (None, 90),
    "1hr 30": (None, 90),
    "2 hours": (None, 120),
    "1h": (None, 60),
    "1.5 h": (None, 90),
    "1,5h": (None, 90),
    "1:30": (None, 90),
    "0:52": (None, 52),
    "52:00": (None, 52),
    "01:30:00": (None, 90),
    "00:51:45": (None, 52),
    "4 x 52'": (4, 52),
    "4x52": (4, 52),
    "4 X 52 min": (4, 52),
    "4×52 min": (4, 52),
    "4 × 52′": (4, 52),
    "4*52": (4, 52),
    "6 episodes x 26'": (6, 26),
    "3 eps x 1h": (3, 60),
    "52' x 4": (4, 52),
}


@pytest.mark.parametrize("text", RUNNING_TIMES)
def test_running_times(text: str) -> None:
    assert parse_running_time(text) == RUNNING_TIMES[text]


@pytest.mark.parametrize("text", ["1h2O", "fifty-two", "52 x", "", "4 x fifty"])
def test_running_times_that_are_not(text: str) -> None:
    assert parse_running_time(text) == Invalid(f"expected minutes such as 52 or 4 x 52', got '{text}'")


def test_cuts() -> None:
    assert parse_cuts("1 x 90' or 2 x 52'") == [(1, 90), (2, 52)]
    assert parse_cuts("90' / 2x52") == [(None, 90), (2, 52)]
    assert parse_cuts("75'; 3 x 26'") == [(None, 75), (3, 26)]
    assert parse_cuts("90' or later") == Invalid("expected cuts such as 1 x 90' or 2 x 52', got 'later'")


def test_lists_split_by_lines_then_semicolons_then_commas() -> None:
    assert split_list("ENG, FRA,DEU") == ["ENG", "FRA", "DEU"]
    assert split_list("Official Selection, Alpine Film Festival; Best Film, Hot Docs") == [
        "Official Selection, Alpine Film Festival",
        "Best Film, Hot Docs",
    ]
    assert split_list("Best Film, Hot Docs\nPrix du Public; Visions du Réel\n\n") == [
        "Best Film, Hot Docs",
        "Prix du Public; Visions du Réel",
    ]
    assert split_list("Official Selection, Alpine Film Festival", commas=False) == [
        "Official Selection, Alpine Film Festival"
    ]
    assert split_list("Pierre Chabert & Emilie Lob and Ana Ruiz", names=True) == [
        "Pierre Chabert",
        "Emilie Lob",
        "Ana Ruiz",
    ]


@pytest.mark.parametrize("items", [["ENG", "FRA"], ["Best Film, Hot Docs", "Jury Prize"], ["a; b", "c, d"], ["single"]])
def test_a_joined_list_splits_back(items: list[str]) -> None:
    assert split_list(join_list(items)) == items


def test_quotes() -> None:
    assert parse_quote("“Breathtaking.” — Documentary Quarterly") == ("Breathtaking.", "Documentary Quarterly")
    assert parse_quote('"Courage, filmed with tenderness." - La Gazette des Écrans') == (
        "Courage, filmed with tenderness.",
        "La Gazette des Écrans",
    )
    assert parse_quote("A must-see — The Guardian") == ("A must-see", "The Guardian")
    assert parse_quote("A must-see - with a hyphen inside") == ("A must-see - with a hyphen inside", None)
    assert parse_quote("«Bouleversant»") == ("Bouleversant", None)


def test_ids_from_titles_are_transliterated() -> None:
    assert slugify("Inside Belarus: Putin’s Puppet Regime") == "inside-belarus-putins-puppet-regime"
    assert slugify("Łódź, City of Cinema") == "lodz-city-of-cinema"
    assert slugify("Ærø – Sønderjylland") == "aero-sonderjylland"
    assert slugify("Straße der Öffnung") == "strasse-der-offnung"
    assert slugify("Россия против России") == "rossiya-protiv-rossii"
    assert slugify("Ελληνικά νησιά") == "ellinika-nisia"
    assert slugify("!!!") == ""
    assert len(slugify("word " * 40)) <= 80
    assert not slugify("word " * 40).endswith("-")
