"""Properties of the booklet's pagination, over catalogue sizes and title
lengths near the index's wrap width: the page count is a multiple of four,
every printed page number equals the page's position, and every listed page
number leads to its programme's page."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE_ASSETS, examples
from generator.booklet import ProgrammePage, plan_booklet
from generator.boxes import Page, PageLink, TextRun
from generator.brand import read_brand
from generator.catalogue import order_catalogue
from generator.compose import Env, prepare_env
from generator.model import Programme

TEXT = "The long night of an ordinary dictatorship across the frozen border of the north sea " * 3


@pytest.fixture(scope="module")
def env() -> Env:
    return prepare_env(read_brand(SAMPLE_ASSETS / "brand.yaml", SAMPLE_ASSETS), SAMPLE_ASSETS, {})


def programme(number: int, length: int, genre: str | None) -> Programme:
    """A programme whose title is `length` characters long."""
    start = number % 20
    title = (TEXT[start : start + length].strip() or "X") + f" {number}"
    return Programme(
        f"p{number}", Path(f"p{number}.yaml"), title, "A logline.", ("A synopsis.",), 2020, 52,
        genres=(genre,) if genre else (), original_title=title.upper() if number % 3 == 0 else None,
    )  # fmt: skip


def folio_number(page: Page) -> str | None:
    """The number printed at the foot of a page, right-aligned in the folio band."""
    runs = [box for box in page.boxes if isinstance(box, TextRun) and box.y_pt < 30 and box.text.isdigit()]
    return max(runs, key=lambda run: run.x_pt).text if runs else None


@settings(max_examples=examples(10), deadline=None)
@example(count=82, title_lengths=[60, 61, 62, 63, 64], sections=6)
@example(count=124, title_lengths=[60, 61, 62, 63, 64], sections=6)
@example(count=215, title_lengths=[56, 57, 58, 59, 60], sections=6)
@given(
    count=st.integers(min_value=1, max_value=220),
    # titles around the width at which an index entry wraps beside its page number
    title_lengths=st.lists(st.integers(min_value=44, max_value=64), min_size=1, max_size=12),
    sections=st.integers(min_value=0, max_value=7),
)
def test_pages_come_in_fours_and_every_number_is_its_position(
    env: Env, count: int, title_lengths: list[int], sections: int
) -> None:
    genres = [None, *(f"Genre {letter}" for letter in "ABCDEFG"[:sections])]
    programmes = tuple(
        programme(n, title_lengths[n % len(title_lengths)], genres[n % len(genres)]) for n in range(count)
    )
    plan = plan_booklet(order_catalogue(programmes, env.brand.catalogue, env.labels), env)
    assert len(plan.pages) % 4 == 0
    for position, spec in enumerate(plan.pages[1:-1], start=2):
        if isinstance(spec, ProgrammePage):
            assert spec.folio.number == position
            assert plan.programme_pages[spec.programme.id] == position
        else:
            assert folio_number(spec) == str(position)
            for link in (box for box in spec.boxes if isinstance(box, PageLink)):
                target = plan.pages[link.page - 1]
                index_title = isinstance(target, Page) and any(
                    isinstance(box, TextRun) and box.text == env.labels.index for box in target.boxes
                )
                assert isinstance(target, ProgrammePage) or index_title  # a programme, or the index
                numbers = [
                    box.text for box in spec.boxes
                    if isinstance(box, TextRun) and box.text == str(link.page)
                    and link.y_pt <= box.y_pt <= link.y_pt + link.height_pt
                ]  # fmt: skip
                assert numbers, f"page {position}: no printed number for its link to page {link.page}"
