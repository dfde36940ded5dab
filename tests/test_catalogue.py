"""The catalogue booklet read back with pypdf: page numbers printed in the
contents, the index and the related lists are the pages that hold those
titles, and every such reference is a working link there."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from conftest import MINIMAL, SAMPLE_COUNT, Catalogue, booklet_size, page_texts, small_picture
from generator.model import read_catalogue


def text(reader: PdfReader, index: int) -> str:
    return _read(reader, index)[0]


def runs(reader: PdfReader, index: int) -> tuple[tuple[str, float, float], ...]:
    """Every piece of text on a page with where it starts (x, baseline)."""
    return _read(reader, index)[1]


@functools.cache  # pypdf reads a page in one pass, once: the tests read the booklet's pages many times
def _read(reader: PdfReader, index: int) -> tuple[str, tuple[tuple[str, float, float], ...]]:
    """A page's text, white space folded, and its pieces of text."""
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: object) -> None:
        if text.strip():
            found.append((" ".join(text.replace("\xa0", " ").split()), cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

    whole = reader.pages[index].extract_text(visitor_text=visit)
    return " ".join(whole.replace("\xa0", " ").split()), tuple(found)


def internal_links(reader: PdfReader, index: int) -> list[tuple[tuple[float, ...], int]]:
    """(rect, target page index) of every link to another page."""
    links = []
    for annotation in reader.pages[index].get("/Annots", []):
        annotation = annotation.get_object()
        if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
            target = reader.get_page_number(annotation["/Dest"][0].get_object())
            links.append((tuple(float(v) for v in annotation["/Rect"]), target))
    return links


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')


def folios(pdf: Path) -> list[str | None]:
    """The page number printed at the foot of each page, at the right: the
    rightmost number in the foot's corner, as poppler's pdftotext places
    the words (one reading of the file, where pypdf reads page by page)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    found = []
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    for page in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xhtml, re.DOTALL):
        width, height = float(page[0]), float(page[1])
        numbers = [
            (float(x), word)
            for x, bottom, word in WORD.findall(page[2])
            if word.isdigit() and height - float(bottom) < 110 and float(x) > width - 120
        ]
        found.append(max(numbers)[1] if numbers else None)
    return found


def titles_on(reader: PdfReader, page_index: int, titles: dict[str, str]) -> str:
    """The id of the programme whose page this is (its title is its heading)."""
    page = text(reader, page_index)
    found = [pid for pid, title in titles.items() if page.find(title) != -1 and page.find(title) < 200]
    assert len(found) == 1, (page_index, found)
    return found[0]


@pytest.fixture(scope="module")
def booklet(built_sample: Catalogue) -> tuple[PdfReader, dict[str, str]]:
    programmes = read_catalogue(built_sample.sheets, built_sample.assets).by_id()
    return PdfReader(built_sample.out / "catalogue.pdf"), {pid: p.title for pid, p in programmes.items()}


def programme_pages(reader: PdfReader, titles: dict[str, str]) -> dict[str, int]:
    """Where each programme really is: the page whose hero carries its title."""
    found: dict[str, int] = {}
    for index in range(len(reader.pages)):
        page = text(reader, index)
        for pid, title in titles.items():
            if re.match(r"([A-Z &·]+ )?" + re.escape(title) + " ", page):
                found[pid] = index
    assert sorted(found) == sorted(titles)
    return found


def test_page_count_is_a_multiple_of_four_and_labels_match_folios(
    booklet: tuple[PdfReader, dict[str, str]], built_sample: Catalogue
) -> None:
    reader, _ = booklet
    count = len(reader.pages)
    assert count % 4 == 0
    assert reader.page_labels == [str(n) for n in range(1, count + 1)]
    # every page between the covers prints its number at its foot
    assert folios(built_sample.out / "catalogue.pdf")[1:-1] == [str(number) for number in range(2, count)]
    assert all(page_texts(built_sample.out / "catalogue.pdf"))  # never a blank page


def test_a_booklet_is_padded_with_the_festivals_and_notes_pages(built_copy: Catalogue) -> None:
    """Five programmes make nine pages (cover, contents, index, back cover):
    padded to twelve with the festivals and awards page and ruled notes
    pages after the index, never blank ones."""
    selection = write_selection(
        built_copy,
        "title: Festival selection\nprogrammes: [the-long-road-home, mothers-of-the-disappeared, the-last-glaciers,"
        " keepers-of-the-olive-trees, night-shift-at-sainte-anne]\n",
    )
    assert built_copy.run("catalogue", "--select", str(selection)).status == 0
    reader = PdfReader(built_copy.out / "selections" / "mipcom.pdf")
    assert len(reader.pages) == 12
    assert text(reader, 7).startswith("Index of titles")
    assert text(reader, 8).startswith(
        "Festivals & awards The Long Road Home Official Selection, Docs on the Border 2025 "
        "Best Documentary, Mediterranean Screen Awards 2025"
    )
    assert [text(reader, index) for index in (9, 10)] == [
        "Notes LANTERNA DOCS INTERNATIONAL 10",
        "Notes LANTERNA DOCS INTERNATIONAL 11",
    ]
    assert text(reader, 11).startswith("Contact our sales team")


def test_contents_numbers_and_links_point_to_the_programmes(booklet: tuple[PdfReader, dict[str, str]]) -> None:
    reader, titles = booklet
    where = programme_pages(reader, titles)
    pages = [index for index in range(len(reader.pages)) if text(reader, index).startswith("Contents")]
    assert pages[0] == 1 and pages == list(range(1, len(pages) + 1))  # it runs on as "Contents, continued"
    contents = " ".join(text(reader, index) for index in pages)
    for pid, title in titles.items():
        match = re.search(re.escape(title) + r" .*?′ (\d+)\b", contents)  # the number after the running time
        assert match and int(match.group(1)) == where[pid] + 1, title
    targets = sorted(target for page in pages for _, target in internal_links(reader, page))
    index_page = next(i for i in range(len(reader.pages)) if text(reader, i).startswith("Index of titles"))
    assert re.search(rf"Index of titles {index_page + 1}\b", contents)  # the contents lists the index too
    assert targets == sorted([*where.values(), index_page])


def test_index_lists_titles_and_original_titles_with_their_pages(
    built_sample: Catalogue, booklet: tuple[PdfReader, dict[str, str]]
) -> None:
    reader, _ = booklet
    programmes = read_catalogue(built_sample.sheets, built_sample.assets).by_id()
    where = programme_pages(reader, {pid: p.title for pid, p in programmes.items()})
    index_page = next(i for i in range(len(reader.pages)) if text(reader, i).startswith("Index of titles"))
    index = text(reader, index_page)
    for pid, programme in programmes.items():
        for name in filter(None, (programme.title, programme.original_title)):
            assert re.search(re.escape(name) + rf" {where[pid] + 1}\b", index), name
    links = internal_links(reader, index_page)
    expected = sum(1 + bool(p.original_title) for p in programmes.values())
    assert len(links) == expected
    assert {target for _, target in links} == set(where.values())


def test_every_related_title_carries_its_page_and_links_there(
    built_sample: Catalogue, booklet: tuple[PdfReader, dict[str, str]]
) -> None:
    reader, _ = booklet
    programmes = read_catalogue(built_sample.sheets, built_sample.assets).by_id()
    where = programme_pages(reader, {pid: p.title for pid, p in programmes.items()})
    checked = 0
    for pid, programme in programmes.items():
        pieces = runs(reader, where[pid])
        targets = [target for _, target in internal_links(reader, where[pid])]
        assert sorted(targets) == sorted(where[related] for related in programme.related)
        for related in programme.related:
            title = programmes[related].title
            # "p. N" stands on the baseline of the related title's first line
            starts = [y for text, _, y in pieces if title.startswith(text) or text.startswith(title[:12])]
            marks = [y for text, _, y in pieces if text == f"p. {where[related] + 1}"]
            assert any(abs(a - b) < 0.5 for a in starts for b in marks), (pid, title, marks, starts)
            assert text(reader, where[related]).find(title) < 200
            checked += 1
    assert checked == sum(len(programme.related) for programme in programmes.values()) > 0


def test_bookmarks_by_section_then_programme(booklet: tuple[PdfReader, dict[str, str]]) -> None:
    reader, titles = booklet
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top[0] == "Contents" and top[-2:] == ["Index of titles", "Contact our sales team"]
    assert top[1:-2] == ["Current Affairs", "Politics", "Society", "History", "Nature & Science", "Culture"]
    children = [item for item in outline if isinstance(item, list)]
    assert sorted(child.title for group in children for child in group) == sorted(titles.values())
    where = programme_pages(reader, titles)
    for group in children:
        for child in group:
            pid = next(pid for pid, title in titles.items() if title == child.title)
            assert reader.get_destination_page_number(child) == where[pid]


def test_metadata(booklet: tuple[PdfReader, dict[str, str]]) -> None:
    reader, _ = booklet
    info = reader.metadata
    assert info.title == "Catalogue 2026"
    assert info.author == "Lanterna Docs International"
    assert info.subject == "Documentaries, series and current affairs for broadcasters and platforms"
    assert info["/Keywords"] == "Current Affairs, Politics, Society, History, Nature & Science, Culture"


def test_the_logo_and_identical_fonts_are_stored_once(built_sample: Catalogue) -> None:
    """Every programme page is its sheet copied in, each sheet with its own
    logo and font subsets: the booklet keeps one copy of identical ones."""
    reader = PdfReader(built_sample.out / "catalogue.pdf")
    transparent: list[dict[int, tuple[int, int]]] = []  # by page: pictures by object, their sizes
    fonts: dict[bytes, set[int]] = {}

    def walk(resources: DictionaryObject, pictures: dict[int, tuple[int, int]]) -> None:
        for ref in resources.get("/XObject", {}).values():
            obj = ref.get_object()
            if obj["/Subtype"] == "/Form":
                walk(obj.get("/Resources", DictionaryObject()), pictures)
            elif obj["/Width"] > 1 and "/SMask" in obj:  # the logo, laurels (the shade is one pixel wide)
                pictures[ref.idnum] = (obj["/Width"], obj["/Height"])
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None:
                    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                        if key in descriptor.get_object():
                            stream = descriptor.get_object().raw_get(key)
                            fonts.setdefault(stream.get_object().get_data(), set()).add(stream.idnum)

    for page in reader.pages:
        transparent.append({})
        walk(page["/Resources"], transparent[-1])
    (size,) = transparent[0].values()  # the cover's one: the logo
    logos = {number for pictures in transparent for number, seen in pictures.items() if seen == size}
    assert len(logos) == 1
    assert fonts and all(len(copies) == 1 for copies in fonts.values())  # no two font files with the same bytes
    assert (built_sample.out / "catalogue.pdf").stat().st_size < 3_000_000


def write_selection(catalogue: Catalogue, body: str) -> Path:
    path = catalogue.root / "mipcom.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_selection_booklet_keeps_its_order_and_unlinks_titles_outside_it(built_copy: Catalogue) -> None:
    selection = write_selection(
        built_copy,
        'title: "MIPCOM 2026 — Selection"\nsubtitle: For Nordic broadcasters\n'
        "programmes: [the-last-glaciers, inside-belarus, russia-vs-russia]\n",
    )
    whole = (built_copy.out / "catalogue.pdf").read_bytes()
    result = built_copy.run("catalogue", "--select", str(selection))
    assert result.status == 0, result.err
    assert (built_copy.out / "catalogue.pdf").read_bytes() == whole  # the whole catalogue is left alone
    reader = PdfReader(built_copy.out / "selections" / "mipcom.pdf")
    assert len(reader.pages) % 4 == 0
    assert reader.metadata.title == "MIPCOM 2026 — Selection"
    assert text(reader, 0).find("MIPCOM 2026 — Selection") != -1
    order = [text(reader, i) for i in (2, 3, 4)]
    assert order[0].startswith("NATURE & SCIENCE The Last Glaciers")
    assert order[1].startswith("CURRENT AFFAIRS · POLITICS Inside Belarus")
    assert order[2].startswith("CURRENT AFFAIRS · SOCIETY Russia vs Russia")
    pieces = runs(reader, 3)
    russia = [y for text, _, y in pieces if text.startswith("Russia vs Russia")]
    assert any(abs(y - mark) < 0.5 for text, _, mark in pieces if text == "p. 5" for y in russia)
    assert "Return to Ukraine" in order[1]
    assert sum(text.startswith("p. ") for text, _, _ in pieces) == 1  # the title outside the selection has none
    assert [target for _, target in internal_links(reader, 3)] == [4]


def test_selection_errors(built_copy: Catalogue) -> None:
    selection = write_selection(
        built_copy, "title: Market\nprogrammes: [inside-belarus, russia-vs-rusia, the-last-glacier]\n"
    )
    result = built_copy.run("catalogue", "--select", str(selection))
    assert result.status == 1
    assert result.err.splitlines() == [
        f"{selection}:2: programmes: no programme 'russia-vs-rusia' (did you mean 'russia-vs-russia'?)",
        f"{selection}:2: programmes: no programme 'the-last-glacier' (did you mean 'the-last-glaciers'?)",
        f"catalogue not written: see the errors above; {built_copy.out}/selections/mipcom.pdf is left as it was",
    ]
    assert not (built_copy.out / "selections" / "mipcom.pdf").exists()


def test_no_catalogue_while_a_programme_is_invalid(built_copy: Catalogue) -> None:
    before = (built_copy.out / "catalogue.pdf").read_bytes()
    broken = built_copy.sheets / "russia-vs-russia.yaml"
    broken.write_text(broken.read_text().replace("year: 2022", "year: 22"))
    result = built_copy.run("build")
    assert result.status == 1
    assert result.err.splitlines() == [
        f"{built_copy.sheets}/russia-vs-russia.yaml:21: year: expected a whole number from 1900 to 2100, got 22",
        f"catalogue not written: 1 programme with errors would be missing from it; "
        f"{built_copy.out}/catalogue.pdf is left as it was (--skip-invalid writes it without them)",
    ]
    assert (built_copy.out / "catalogue.pdf").read_bytes() == before
    assert (built_copy.out / "sheets" / "inside-belarus.pdf").exists()


def test_skip_invalid_writes_the_catalogue_without_the_invalid_programmes(built_copy: Catalogue) -> None:
    broken = built_copy.sheets / "russia-vs-russia.yaml"
    broken.write_text(broken.read_text().replace("year: 2022", "year: 22"))
    result = built_copy.run("build", "--skip-invalid")
    assert result.status == 1
    assert result.err.replace(f"{built_copy.root}/", "").splitlines() == [
        "sheets/russia-vs-russia.yaml:21: year: expected a whole number from 1900 to 2100, got 22"
    ]
    pages, chunks = booklet_size(
        built_copy.out / "catalogue.pdf"
    )  # the pages after it move: every chunk is drawn again
    assert re.fullmatch(
        rf"0 sheets built, {SAMPLE_COUNT - 1} reused, 1 failed in {built_copy.out}/sheets; "
        rf"{built_copy.out}/catalogue.pdf \({pages} pages, {chunks} of {chunks} chunks drawn\) "
        r"without 1 invalid programme: russia-vs-russia \(\d+\.\d\d s\)\n",
        result.out,
    ), result.out
    reader = PdfReader(built_copy.out / "catalogue.pdf")
    assert len(reader.pages) % 4 == 0
    pages = [text(reader, index) for index in range(len(reader.pages))]
    assert not any(page.startswith("CURRENT AFFAIRS · SOCIETY Russia vs Russia") for page in pages)
    belarus = next(page for page in pages if page.startswith("CURRENT AFFAIRS · POLITICS Inside Belarus"))
    assert "Russia vs Russia" in belarus and "Russia vs Russia p." not in belarus  # listed, without a page


@pytest.mark.parametrize("count", [40, pytest.param(300, marks=pytest.mark.slow)])
def test_a_large_catalogue_links_every_programme_where_it_is(catalogue: Catalogue, count: int) -> None:
    """Forty programmes make three chunks of pages and a contents and an
    index of two and one pages; three hundred make twenty chunks."""
    genres = ["Current Affairs", "History", "Nature & Science", "Society", "Culture"]
    art = small_picture(catalogue, "inside-belarus.jpg")
    related = {number: sorted({(number + 1) % count, (number + count // 2) % count}) for number in range(count)}
    for number in range(count):
        body = MINIMAL.replace("A Minimal Programme", f"Programme number {number:03d}")
        body += f"genres: [{genres[number % 5]}]\n" if number % 7 else ""
        body += f"related: [{', '.join(f'p{other:03d}' for other in related[number])}]\n"
        if number % 10 == 0:
            body += f"key_art: {art}\n"
        catalogue.write(f"p{number:03d}.yaml", body)
    result = catalogue.run("catalogue")
    assert result.status == 0, result.err
    reader = PdfReader(catalogue.out / "catalogue.pdf")
    pages = page_texts(catalogue.out / "catalogue.pdf")
    assert len(pages) % 4 == 0
    assert reader.page_labels == [str(n) for n in range(1, len(pages) + 1)]
    printed = folios(catalogue.out / "catalogue.pdf")
    where = {}  # the page whose heading (its sections, then its title) names the programme
    for index, page in enumerate(pages):
        heading = re.match(r"(?:[A-Z &·]+ )?Programme number (\d{3}) ", page)
        if heading:
            where[int(heading.group(1))] = index
    assert sorted(where) == list(range(count))
    for number, index in where.items():
        assert printed[index] == str(index + 1), number
        assert sorted(target for _, target in internal_links(reader, index)) == sorted(
            where[n] for n in related[number]
        )
    contents = [index for index, page in enumerate(pages) if page.startswith("Contents")]
    index_pages = [index for index, page in enumerate(pages) if page.startswith("Index of titles")]
    linked = sorted(target for page in contents for _, target in internal_links(reader, page))
    assert linked == sorted([*where.values(), index_pages[0]])
    if count == 40:
        assert (len(contents), len(index_pages), len(pages)) == (2, 1, 48)
