"""Property-based: any text in any text field is either printed on exactly
one page, where it can be read back, or refused with exactly the problem
the contract promises (file, line, field, message); a synopsis that does
not fit is refused saying by how much, and that figure is right."""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from conftest import MINIMAL, SAMPLE_ASSETS, assert_valid_pdf, examples
from generator import chars
from generator.brand import read_brand
from generator.compose import Env, prepare_env
from generator.errors import OnesheetError, Problem
from generator.layout import layout_sheet
from generator.model import Listing, read_file
from generator.pictures import ImageStore, prepare_pictures
from generator.render import DocumentInfo, render_pages

LIMITS = {"title": 120, "logline": 300, "original_title": 120}  # the contract's limits; the others are sanity limits
TEXT_FIELDS = ["title", "logline", "synopsis", "production", "country", "original_title", "status", "rights"]
LIST_FIELDS = ["directors", "versions", "genres", "formats", "awards"]
RELATED = Listing("other", "Another Programme", "Its logline.")
TITLE = "A Minimal Programme"
LOGLINE = "One sentence that says what the film is about."
SYNOPSIS = ("A first paragraph of the synopsis.", "A second paragraph of the synopsis.")
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Characters the contract refuses, with the names its messages give them (others by chars.name)
REFUSED_NAMES = {
    "\x00": "U+0000 NULL",
    "\x07": "U+0007 BELL",
    "\x1b": "U+001B ESCAPE",
    "\x7f": "U+007F DELETE",
    "\x9b": "U+009B control character",
    "\u202a": "U+202A LEFT-TO-RIGHT EMBEDDING",
    "\u202e": "U+202E RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "U+2066 LEFT-TO-RIGHT ISOLATE",
    "\u2069": "U+2069 POP DIRECTIONAL ISOLATE",
}
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

# Text the bundled fonts draw and a PDF gives back as typed: Latin-1 letters,
# digits and punctuation, in words, in paragraphs
WORD = st.text(st.characters(codec="latin-1", categories=["L", "N", "P"]), min_size=1, max_size=14)
PARAGRAPH = st.lists(WORD, min_size=1, max_size=12).map(" ".join)
PLAIN = st.lists(PARAGRAPH, min_size=1, max_size=3).map("\n\n".join)


@st.composite
def with_refused(draw: st.DrawFn, text: st.SearchStrategy[str]) -> str:
    """Plain text with one to three refused characters put anywhere."""
    value = draw(text)
    for char in draw(st.lists(st.sampled_from(sorted(REFUSED_NAMES)), min_size=1, max_size=3)):
        at = draw(st.integers(0, len(value)))
        value = value[:at] + char + value[at:]
    return value


BLANK = st.lists(st.sampled_from([" ", "\n", "\u00ad", "\u200b", "\u2060", "\u3000"]), max_size=4).map("".join)
ANY = st.text(max_size=300)
DRAWABLE = st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=300)  # no control characters
TEXT = st.one_of(PLAIN, PLAIN, with_refused(PLAIN), BLANK, DRAWABLE, ANY)


@functools.cache
def sample_env() -> Env:
    """The sample brand's fonts and templates, read once (not a fixture: a
    failing example's report would print it)."""
    brand = read_brand(SAMPLE_ASSETS / "brand.yaml", SAMPLE_ASSETS)
    return prepare_env(brand, SAMPLE_ASSETS, {"other": RELATED})


def yaml_quoted(value: str) -> str:
    """`value` as a YAML double-quoted scalar of printable ASCII, so that the
    programme holds exactly these characters."""
    escaped = []
    for char in value:
        if " " <= char <= "~" and char not in '"\\':
            escaped.append(char)
        else:
            escaped.append(f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}")
    return f'"{"".join(escaped)}"'


def write(folder: Path, field: str, value: str | list[str]) -> tuple[Path, int]:
    """A programme with `field` set to `value`; its path and the field's line."""
    lines = [line for line in MINIMAL.splitlines() if not line.startswith(f"{field}:")]
    if field == "synopsis":
        lines = [line for line in lines if not line.startswith("  ")]
    quoted = yaml_quoted(value) if isinstance(value, str) else f"[{', '.join(map(yaml_quoted, value))}]"
    path = folder / "film.yaml"
    path.write_text("\n".join([*lines, f"{field}: {quoted}", "related: [other]"]) + "\n", encoding="utf-8")
    return path, len(lines) + 1


def refusal(field: str, value: str) -> str | None:
    """What the contract says of a text value: the message of its refusal, or None."""
    expected = f"expected text of 1 to {LIMITS[field]} characters" if field in LIMITS else "expected text"
    control = next((c for c in value if unicodedata.category(c) == "Cc" and c not in "\t\n\r"), None)
    if control is not None:
        return f"contains the control character {REFUSED_NAMES.get(control) or chars.name(control)}; remove it"
    bidi = BIDI_CONTROLS.search(value)
    if bidi is not None:
        return (
            f"contains the invisible character {REFUSED_NAMES[bidi[0]]}, which can make the printed text read "
            "differently from the file; remove it"
        )
    text = printed(field, value)
    if not chars.visible(" ".join(text)).strip():
        return f"{expected}, got nothing"
    if field in LIMITS and len(text[0]) > LIMITS[field]:
        return f"{expected}, got {len(text[0])} characters"
    return None


def printed(field: str, value: str) -> list[str]:
    """The text a field's value stands for: its paragraphs for the synopsis,
    else one text, white space folded."""
    cleaned = unicodedata.normalize("NFC", value.replace("\ufeff", ""))
    return chars.paragraphs(cleaned) if field == "synopsis" else [chars.fold(cleaned)]


def squeezed(text: str) -> str:
    """Text as compared with a page's: hyphens (a line may end in one the
    file does not have), soft hyphens and white space (line ends, extra
    spaces between words) removed; folded case (genres and status are
    printed in capitals)."""
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text).casefold()


def is_plain(text: str) -> bool:
    return all(c.isspace() or (c <= "\xff" and unicodedata.category(c)[0] in "LNP") for c in text)


def page_text(folder: Path, path: Path) -> str:
    """Read, check, lay out and draw a programme that must be accepted: the
    text of its one page."""
    reading = read_file(path, SAMPLE_ASSETS)
    assert [str(p) for p in reading.problems] == []
    assert reading.programme is not None
    layout = layout_sheet(reading.programme, sample_env())
    info = DocumentInfo(layout.title, "Brand", layout.subject, layout.keywords)
    pdf = render_pages([layout.page], info, prepare_pictures([layout.page], ImageStore(folder / "images", 200)))
    assert_valid_pdf(pdf)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 1
    return squeezed(pages[0].extract_text())


def layout_problems(path: Path) -> list[Problem]:
    """The problems of a programme that the layout must refuse."""
    reading = read_file(path, SAMPLE_ASSETS)
    assert reading.problems == [] and reading.programme is not None
    with pytest.raises(OnesheetError) as raised:
        layout_sheet(reading.programme, sample_env())
    return list(raised.value.problems)


def assert_on_the_page(text: str, expected: list[str]) -> None:
    for wanted in expected:
        assert squeezed(wanted) in text, (wanted, text)


NO_GLYPH = re.compile(
    r"no font has a glyph for (?P<chars>.+); tried .+; remove the character or add a font that has it to "
    r"fonts\.fallbacks in brand\.yaml"
)


@settings(SETTINGS, max_examples=examples(40))
@given(field=st.sampled_from(TEXT_FIELDS), value=TEXT)
def test_any_text_field_is_printed_or_refused_as_the_contract_says(tmp_path: Path, field: str, value: str) -> None:
    path, line = write(tmp_path, field, value)
    message = refusal(field, value)
    if message is not None:
        event(f"refused: {message.split(' character')[0]}")
        assert read_file(path, SAMPLE_ASSETS).problems == [Problem(path, line, field, message)]
        return
    # the programme's title, logline and synopsis, and this field's text where a PDF gives it back as typed
    kept = {name: [text] for name, text in (("title", TITLE), ("logline", LOGLINE))} | {"synopsis": list(SYNOPSIS)}
    kept[field] = printed(field, value) if is_plain(value) else []
    try:
        text = page_text(tmp_path, path)
    except OnesheetError as exc:  # only a character no font draws, in this field
        event("refused: no glyph")
        assert not is_plain(value)
        assert [(p.path, p.line, p.field) for p in exc.problems] == [(path, line, field)]
        listed = NO_GLYPH.fullmatch(exc.problems[0].message)
        assert listed is not None, exc.problems[0].message
        shown = re.findall(r"U\+([0-9A-F]{4,6})", listed["chars"])
        assert shown and all(chr(int(code, 16)) in value for code in shown), (shown, value)
        return
    event("printed, read back" if kept[field] else "printed")
    assert_on_the_page(text, [text for texts in kept.values() for text in texts])


ITEM = st.one_of(PARAGRAPH, PARAGRAPH, PARAGRAPH, with_refused(PARAGRAPH), st.text(max_size=60))


@settings(SETTINGS, max_examples=examples(15))
@given(field=st.sampled_from(LIST_FIELDS), value=st.lists(ITEM, max_size=8))
def test_any_list_field_prints_every_item_or_names_the_refused_ones(
    tmp_path: Path, field: str, value: list[str]
) -> None:
    path, line = write(tmp_path, field, value)
    failing = [(number, message) for number, item in enumerate(value, 1) if (message := refusal(field, item))]
    event("refused" if failing else "printed")
    if failing:  # awards are records, each item checked; the other lists stop at the first refused item
        reported = failing if field == "awards" else failing[:1]
        expected = [Problem(path, line, field, f"item {number}: {message}") for number, message in reported]
        assert read_file(path, SAMPLE_ASSETS).problems == expected
        return
    try:
        text = page_text(tmp_path, path)
    except OnesheetError as exc:  # only a character no font draws, in this field
        assert not all(map(is_plain, value))
        assert [(p.path, p.line, p.field) for p in exc.problems] == [(path, line, field)]
        assert NO_GLYPH.fullmatch(exc.problems[0].message), exc.problems[0].message
        return
    assert_on_the_page(text, [TITLE, *SYNOPSIS, *(printed(field, item)[0] for item in value if is_plain(item))])


LETTERS = st.text(alphabet=st.characters(codec="latin-1", categories=["L"]), min_size=1, max_size=30)
OVERFLOW = re.compile(
    r"does not fit on one page: about (?P<over>\d+) words? too long at the smallest type size \(\d+(\.\d+)? pt\); "
    r"shorten the synopsis to about (?P<kept>\d+) words, or the logline or quotes, or add a short_synopsis "
    r"\(printed when the full one does not fit\)"
)


def synopsis(words: list[str], breaks: list[int]) -> str:
    """The words as paragraphs, a new one starting at each break."""
    starts = sorted({0, *(n for n in breaks if n < len(words))})
    return "\n\n".join(" ".join(words[a:b]) for a, b in zip(starts, [*starts[1:], len(words)]))


@settings(SETTINGS, max_examples=examples(8))
@given(
    vocabulary=st.lists(LETTERS, min_size=1, max_size=40),
    count=st.integers(1, 1200),  # a sheet holds about 600 words
    breaks=st.lists(st.integers(1, 1200), max_size=8),
)
def test_a_synopsis_is_printed_whole_or_refused_saying_by_how_many_words(
    tmp_path: Path, vocabulary: list[str], count: int, breaks: list[int]
) -> None:
    words = [vocabulary[n % len(vocabulary)] for n in range(count)]
    text = synopsis(words, breaks)
    path, line = write(tmp_path, "synopsis", text)
    reading = read_file(path, SAMPLE_ASSETS)
    assert reading.problems == [] and reading.programme is not None
    try:
        layout_sheet(reading.programme, sample_env())
    except OnesheetError as exc:
        event("refused: too long")
        [problem] = exc.problems
        assert (problem.path, problem.line, problem.field) == (path, line, "synopsis")
        said = OVERFLOW.fullmatch(problem.message)
        assert said is not None, problem.message
        over, kept = int(said["over"]), int(said["kept"])
        assert over >= 1 and kept >= 1 and kept + over == len(words), (kept, over, len(words))
        # the figure is right: the first `kept` words fit, one more is refused as one word too long
        page_text(tmp_path, write(tmp_path, "synopsis", synopsis(words[:kept], breaks))[0])
        one_more = layout_problems(write(tmp_path, "synopsis", synopsis(words[: kept + 1], breaks))[0])
        assert [p.message for p in one_more] == [re.sub(r"about \d+ words? too long", "about 1 word too long", said[0])]
        return
    event("printed")
    assert_on_the_page(page_text(tmp_path, path), [TITLE, LOGLINE, *text.split("\n\n")])
