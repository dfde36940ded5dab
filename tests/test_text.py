"""Pasted text as the contract reads it (fields.parse_text) and as lines
break it (typeset.wrap): soft hyphens, zero-width spaces, no-break spaces
and joiners keep their meaning; widows and overlong words are mended."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from generator.fields import Invalid, parse_text
from generator.fonts import DEFAULT_BODY, load_face
from generator.load import Scalar
from generator.typeset import Style, fewest_lines, wrap

BODY = Style(load_face(DEFAULT_BODY.regular), 9.0, 1.3, (0.0, 0.0, 0.0))


def parsed(text: str, paragraphs: bool = False) -> str | Invalid:
    return parse_text(Scalar(text, 1, plain=False), 10_000, paragraphs)


def lines(text: str, width: float) -> list[str]:
    return [line.text for line in wrap(text, BODY, width)]


def test_white_space_folds_but_no_break_spaces_stay() -> None:
    assert parsed("  one\t two \n three\u3000four  ") == "one two three four"
    assert parsed("52\u00a0min, 1\u202f000") == "52\u00a0min, 1\u202f000"


def test_paragraphs_split_at_blank_lines_and_paragraph_separators() -> None:
    assert parsed("First one.\n\nSecond.\u2029Third\u2028line.", paragraphs=True) == (
        "First one.\n\nSecond.\n\nThird line."
    )


def test_invisible_characters_are_kept_and_a_stray_byte_order_mark_dropped() -> None:
    text = "Do\u00adnau \u200bx\u2060y \u200d\u200c\u200e\u200f\ufeffz"
    assert parsed(text) == text.replace("\ufeff", "")


def test_decomposed_accents_are_composed() -> None:
    assert parsed("Cafe\u0301") == "Caf\u00e9"


@pytest.mark.parametrize(
    "char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
)
def test_bidirectional_controls_are_refused_by_name(char: str) -> None:
    result = parsed(f"a{char}b")
    assert isinstance(result, Invalid)
    assert result.message.startswith(f"contains the invisible character U+{ord(char):04X} ")


def test_only_invisible_characters_is_nothing() -> None:
    assert parsed("\u200b\u00ad") == Invalid("expected text of 1 to 10000 characters, got nothing")


def test_a_soft_hyphen_draws_a_hyphen_only_where_the_line_breaks() -> None:
    text = "Die Donau\u00addampf\u00adschiff\u00adfahrts\u00adgesellschaft ist eine Ge\u00adsell\u00adschaft"
    assert lines(text, 80) == ["Die Donaudampf-", "schifffahrts-", "gesellschaft ist", "eine Gesellschaft"]
    assert lines(text, 1000) == ["Die Donaudampfschifffahrtsgesellschaft ist eine Gesellschaft"]


def test_a_zero_width_space_breaks_without_a_hyphen() -> None:
    assert lines("https://example.com/\u200bscreeners/\u200binside-belarus", 90) == [
        "https://example.com/",
        "screeners/inside-",
        "belarus",
    ]


def test_a_line_breaks_after_the_hyphen_of_a_compound_word() -> None:
    assert lines("a well-known president-in-exile", 80) == ["a well-known", "president-in-exile"]
    assert lines("a well-known president-in-exile", 60) == ["a well-known", "president-in-", "exile"]
    assert lines("a well-known president-in-exile", 45) == ["a well-", "known", "president-", "in-exile"]


def test_no_break_space_and_word_joiner_hold_words_together() -> None:
    assert lines("aaaa bbbb 52\u00a0min cccc", 40) == ["aaaa", "bbbb", "52\u00a0min", "cccc"]
    assert lines("one two\u2060three", 40) == ["one", "twothree"]


def test_an_overlong_word_breaks_with_a_hyphen_never_before_a_mark() -> None:
    broken = lines("Supercalifragilisticexpialidocious", 50)
    assert len(broken) > 1
    assert all(line.endswith("-") for line in broken[:-1])
    assert "".join(line.rstrip("-") for line in broken) == "Supercalifragilisticexpialidocious"
    marked = "a\u0301" * 40
    for line in lines(marked, 30):
        assert not line.rstrip("-").startswith("\u0301")


def test_a_word_cut_with_a_hyphen_carries_at_least_three_letters_over() -> None:
    for width in range(30, 90):
        broken = lines("CINEMATOGRAPHY", width)
        if len(broken) > 1:
            assert all(len(line.rstrip("-")) >= 3 for line in broken), (width, broken)
            assert "".join(line.rstrip("-") for line in broken) == "CINEMATOGRAPHY"


def test_a_paragraph_never_ends_on_a_single_word() -> None:
    for width in range(60, 300, 7):
        wrapped = lines("one two three four five six seven eight nine ten eleven twelve", width)
        if len(wrapped) > 1:
            assert " " in wrapped[-1] or len(wrapped[-2].split()) < 3, (width, wrapped)


WORDS = [
    "a",
    "the",
    "dictatorship",
    "well-known",
    "Lukashenko’s",
    "52\u00a0min",
    "Donau\u00addampf\u00adschiff",
    "https://example.com/\u200bscreeners",
    "Supercalifragilisticexpialidocious",
    "Ὀδυσσεύς",
    "Минск",
    "—",
    "(1994)",
]


@settings(max_examples=examples(100), deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), max_size=80),
    spaces=st.lists(st.sampled_from([" ", "  ", " \u00ad ", "\u200b"]), min_size=80, max_size=80),
    width=st.floats(min_value=20, max_value=400),
    size=st.sampled_from([7.5, 8.5, 9.0, 11.0, 15.0]),
)
def test_the_fewest_lines_of_a_paragraph_are_never_more_than_wrap_makes(
    words: list[str], spaces: list[str], width: float, size: float
) -> None:
    """A layout rules out a density by the fewest lines its texts could
    take: wrap must never need fewer."""
    text = "".join(word + space for word, space in zip(words, spaces))
    style = Style(BODY.face, size, 1.3, (0.0, 0.0, 0.0))
    count = len(wrap(text, style, width))
    assert fewest_lines(text, style, width) <= count
    assert (fewest_lines(text, style, width) == 0) == (count == 0)


def test_the_fewest_lines_of_a_long_paragraph_are_close_to_what_wrap_makes() -> None:
    text = " ".join(["They share a common ideology and vision of totalitarian power, yet Vladimir Putin"] * 12)
    for width in (120.0, 250.0, 400.0):
        count = len(wrap(text, BODY, width))
        assert count * 0.85 <= fewest_lines(text, BODY, width) <= count


@pytest.mark.parametrize("per_line", [1, 2, 3, 5, 8])
def test_the_fewest_lines_are_exact_when_every_line_is_full(per_line: int) -> None:
    """Each break drops a space: forty words that fill every line exactly
    take 40 / per_line lines, not one more."""
    text = " ".join(["nation"] * 40)
    width = BODY.measure(" ".join(["nation"] * per_line)) + 1e-6
    assert fewest_lines(text, BODY, width) == len(wrap(text, BODY, width)) == -(-40 // per_line)
