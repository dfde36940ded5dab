"""`onesheet import` and `onesheet export`: a sales assistant's spreadsheet
of the sample (exported, then messed up as people do) imports into files
that check accepts and that build the same sheets; the CSV export reads
back into the same programmes; every problem names file, row and column."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import json
import re
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from conftest import MINIMAL, SAMPLE_ASSETS, SAMPLE_COUNT, Catalogue, booklet_size
from generator.cells import split_list
from generator.images import ImageInfo
from generator.model import Award, Programme, read_catalogue


@pytest.fixture
def fresh(tmp_path: Path) -> Catalogue:
    """An empty catalogue beside the sample, with the sample's assets."""
    root = tmp_path / "fresh"
    (root / "sheets").mkdir(parents=True)
    shutil.copytree(SAMPLE_ASSETS, root / "assets")
    return Catalogue(root)


def programmes(catalogue: Catalogue) -> dict[str, Programme]:
    found = read_catalogue(catalogue.sheets, catalogue.assets)
    assert found.problems == ()
    return {p.id: _comparable(p) for p in found.programmes}


def _comparable(programme: Programme) -> Programme:
    """A programme as it compares across catalogue folders: images by name."""

    def image(info: ImageInfo | None) -> ImageInfo | None:
        return dataclasses.replace(info, path=Path(info.path.name), stat=None) if info else None  # type: ignore[arg-type]

    def laurels(awards: tuple[Award, ...] | None) -> tuple[Award, ...] | None:
        return None if awards is None else tuple(dataclasses.replace(a, laurel=image(a.laurel)) for a in awards)

    translations = tuple(dataclasses.replace(t, awards=laurels(t.awards)) for t in programme.translations)
    return dataclasses.replace(
        programme,
        path=Path(programme.id),
        key_art=image(programme.key_art),
        awards=laurels(programme.awards),
        translations=translations,
    )


def exported_rows(sample: Catalogue) -> list[dict[str, str]]:
    target = sample.root / "export.csv"
    result = sample.run("export", "--format", "csv", "-o", str(target))
    assert result.status == 0, result.err
    data = target.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def run_import(catalogue: Catalogue, source: Path, *options: str) -> tuple[int, str, list[str]]:
    result = catalogue.run("import", str(source), *options)
    errors = [line.replace(f"{catalogue.root}/", "") for line in result.err.splitlines()]
    return result.status, result.out, errors


def test_csv_export_imports_back_into_the_same_programmes(sample: Catalogue, fresh: Catalogue) -> None:
    catalogue = fresh
    source = catalogue.root / "catalogue.csv"
    target = sample.root / "export.csv"
    assert sample.run("export", "--format", "csv", "-o", str(target)).status == 0
    source.write_bytes(target.read_bytes())
    status, out, errors = run_import(catalogue, source)
    assert (status, errors) == (0, [])
    assert out.startswith(f"Imported {SAMPLE_COUNT} programmes from")
    assert programmes(catalogue) == programmes(sample)
    again = catalogue.root / "again.csv"
    assert catalogue.run("export", "--format", "csv", "-o", str(again)).status == 0
    assert again.read_bytes() == target.read_bytes()


def messy(rows: list[dict[str, str]]) -> tuple[list[str], list[list[object]]]:
    """The sample as an assistant keeps it: other header names and order,
    running times as typed, file names for images, titles for related
    programmes, line breaks for paragraphs, a producer column, stray spaces."""
    headers = [
        "ID", "English Title", "Original title", "Language of the original title", "Director(s)", "Year",
        "Running time", "Languages", "Genre(s)", "Logline", "Short description", "Synopsis", "Production company",
        "Country", "Image", "Related", "Formats", "Status", "Festivals", "Press quotes", "Screener", "Trailer link",
        "More info", "Producer", "Credits", "Other cuts", "Rights", "Notes",
    ]  # fmt: skip
    out: list[list[object]] = []
    for number, row in enumerate(rows):
        minutes = int(row["Running time"])
        episodes = row["Episodes"]
        running = (
            f"{episodes} x {minutes}'" if episodes else [f"{minutes}'", f"{minutes} min", str(minutes)][number % 3]
        )
        if minutes == 90 and not episodes:
            running = "1h30"
        credits = row["Credits"].splitlines()
        producer = credits.pop(0).split(": ", 1)[1] if credits and credits[0].startswith("Producer: ") else ""
        related = split_list(row["Related titles"])
        related_cell = "; ".join(r.lower() if i % 2 else r for i, r in enumerate(related))
        image = row["Key art"].split("/")[-1]
        if number == 1:
            image = "C:\\Users\\anna\\Pictures\\" + image
        elif number == 2:
            image = image.rsplit(".", 1)[0]
        out.append(
            [
                row["ID"], f"  {row['Title']} ", row["Original title"], row["Original language"],
                row["Director"].replace(", ", " & "), int(row["Year"]), running, row["Versions"].replace(", ", "; "),
                row["Genres"], row["Logline"], row["Short synopsis"].replace("\n\n", "\n"),
                row["Synopsis"].replace("\n\n", "\n"), row["Production company"], row["Country"], image, related_cell,
                row["Formats"], row["Status"], row["Awards"], row["Quotes"].replace("“", '"').replace("”", '"'),
                row["Screener"].removeprefix("https://"), row["Trailer"], row["Web page"].removeprefix("https://"),
                producer, "\n".join(credits), row["Cuts"],
                row["Rights"], "check with Jonas" if number % 4 == 0 else "",
            ]
        )  # fmt: skip
    return headers, out


def write_xlsx(path: Path, headers: list[str], rows: list[list[object]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Lanterna Docs International – catalogue 2026"])  # a title above the header row
    sheet.append([])
    sheet.append(headers)
    for number, row in enumerate(rows):
        sheet.append(row)
        if number == 5:
            sheet.append([])  # a blank row in the middle
    book.save(path)


# Rows that hold every kind of mess `messy` makes: running times typed three ways, a Windows path, an image
# without its extension, a note, "1h30" and the blank row after it, a producer taken out of the credits, episodes
MESSY_ROWS = (0, 1, 2, 5, 11)


@pytest.mark.parametrize("rows", [MESSY_ROWS, pytest.param(range(SAMPLE_COUNT), marks=pytest.mark.slow)])
def test_a_sales_assistants_spreadsheet_builds_the_same_sheets(
    sample: Catalogue, fresh: Catalogue, built_sample: Catalogue, rows: tuple[int, ...]
) -> None:
    """Every programme imports as it was; the sheets of `rows` are built
    again and are the sample's, byte for byte."""
    catalogue = fresh
    exported = exported_rows(sample)
    headers, messy_rows = messy(exported)
    source = catalogue.root / "catalogue.xlsx"
    write_xlsx(source, headers, messy_rows)
    (catalogue.root / "columns.yaml").write_text("Notes: skip\n", encoding="utf-8")
    status, out, errors = run_import(catalogue, source, "--map", str(catalogue.root / "columns.yaml"))
    assert errors == []
    assert status == 0
    # the assistant's spreadsheet has the main text; the sample's translations are in its files only
    assert programmes(catalogue) == {pid: replace(p, translations=()) for pid, p in programmes(sample).items()}
    assert catalogue.run("check").status == 0
    ids = [exported[row]["ID"] for row in rows]
    assert catalogue.run("build", *ids).status == 0  # just their sheets: no booklet
    assert sorted(path.stem for path in (catalogue.out / "sheets").glob("*.pdf")) == sorted(ids)
    for pid in ids:
        name = f"{pid}.pdf"
        assert (catalogue.out / "sheets" / name).read_bytes() == (built_sample.out / "sheets" / name).read_bytes(), pid


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"), ("utf-16-be-bom", ","), ("cp1252", ";"), ("utf-8", "|")],
)
def test_csv_in_every_encoding_and_delimiter(catalogue: Catalogue, encoding: str, delimiter: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Title", "Logline", "Synopsis", "Year", "Duration", "Director"])
    writer.writerow(
        ["Café Society", "Les garçons du café.", "Première partie.\nDeuxième partie.", "2024", "52'", "Zoë"]
    )
    text = buffer.getvalue()
    data = codecs.BOM_UTF16_BE + text.encode("utf-16-be") if encoding == "utf-16-be-bom" else text.encode(encoding)
    source = catalogue.root / "list.csv"
    source.write_bytes(data)
    status, _, errors = run_import(catalogue, source)
    assert (status, errors) == (0, [])
    assert (catalogue.sheets / "cafe-society.yaml").read_text(encoding="utf-8") == (
        "title: Café Society\n"
        "logline: Les garçons du café.\n"
        "synopsis: |\n"
        "  Première partie.\n"
        "\n"
        "  Deuxième partie.\n"
        "year: 2024\n"
        "duration: 52\n"
        "directors: [Zoë]\n"
    )


MESSY = [
    ["Title", "Logline", "Synopsis", "Year", "Running time", "Key art", "Related titles", "Screner", "Episodes"],
    ["Good One", "A logline.", "One paragraph.", "2024", "52'", "inside-belarus.jpg", "", "", ""],
    ["Bad Time", "A logline.", "One paragraph.", "2024", "1h2O", "", "", "", ""],
    ["Bad Year", "A logline.", "One paragraph.", "twenty", "52", "", "good one", "", ""],
    ["Bad Image", "A logline.", "One paragraph.", "2024", "52", "inside-belarus.jpeg", "", "", ""],
    ["Bad Related", "A logline.", "One paragraph.", "2024", "52", "", "Good One, Goood Two", "", ""],
    ["Series", "A logline.", "One paragraph.", "2024", "4 x 52'", "", "Good One", "", "6"],
    ["", "A logline without a title.", "One paragraph.", "2024", "52", "", "", "", ""],
    ["Itself", "A logline.", "One paragraph.", "2024", "52", "", "itself", "", ""],
    ["Good One", "A second row of the same title.", "One paragraph.", "2025", "52", "", "", "", ""],
    ["Hidden", "A logline\u202e.", "One paragraph.", "2024", "52", "", "", "", ""],
]


def test_every_problem_names_file_row_and_column(catalogue: Catalogue) -> None:
    source = catalogue.root / "catalogue.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(MESSY)
    status, out, errors = run_import(catalogue, source)
    assert status == 1
    assert errors == [
        "catalogue.csv:1: Screner: unknown column (did you mean 'Screener'?); its cells are skipped: rename it, "
        "or map it with --map FILE ('Screner: FIELD' or 'Screner: skip')",
        "catalogue.csv:3: Running time: expected minutes such as 52 or 4 x 52', got '1h2O'",
        "catalogue.csv:4: Year: expected a whole number from 1900 to 2100, got 'twenty'",
        "catalogue.csv:5: Key art: no image 'inside-belarus.jpeg' in assets (did you mean 'inside-belarus.jpg'?)",
        "catalogue.csv:6: Related titles: no programme 'Goood Two' in this spreadsheet or in sheets "
        "(did you mean 'good-one'?)",
        "catalogue.csv:7: Episodes: says episodes 6, but Running time says 4; keep one",
        "catalogue.csv:8: no title; every row needs one (or an ID)",
        "catalogue.csv:9: Related titles: 'itself' is this programme itself; remove it",
        "catalogue.csv:11: Logline: contains the invisible character U+202E RIGHT-TO-LEFT OVERRIDE, which can make "
        "the printed text read differently from the file; remove it",
    ]
    assert sorted(path.name for path in catalogue.sheets.iterdir()) == ["good-one-2.yaml", "good-one.yaml"]
    assert re.fullmatch(
        rf"Imported 2 programmes from {re.escape(str(source))} into {re.escape(str(catalogue.sheets))}: 2 written, "
        r"0 unchanged; 8 rows with problems \(\d+\.\d\d s\)\n",
        out,
    ), out
    assert (catalogue.sheets / "good-one.yaml").read_text(encoding="utf-8") == (
        "title: Good One\nlogline: A logline.\nsynopsis: One paragraph.\nyear: 2024\nduration: 52\n"
        "key_art: images/inside-belarus.jpg\n"
    )


def test_existing_files_are_replaced_only_with_force(catalogue: Catalogue) -> None:
    catalogue.write("a-minimal-programme.yaml", MINIMAL)
    source = catalogue.root / "list.csv"
    source.write_text("Title,Logline,Synopsis,Year,Length\nA Minimal Programme,Changed.,Text.,2024,52\n", "utf-8")
    status, _, errors = run_import(catalogue, source)
    assert status == 1
    assert errors == ["list.csv:2: sheets/a-minimal-programme.yaml exists and differs; pass --force to replace it"]
    assert (catalogue.sheets / "a-minimal-programme.yaml").read_text(encoding="utf-8") == MINIMAL
    status, _, errors = run_import(catalogue, source, "--force")
    assert (status, errors) == (0, [])
    assert "logline: Changed." in (catalogue.sheets / "a-minimal-programme.yaml").read_text(encoding="utf-8")
    status, out, errors = run_import(catalogue, source)
    assert (status, errors) == (0, [])
    assert re.fullmatch(r"Imported .+: 0 written, 1 unchanged; 0 rows with problems \(\d+\.\d\d s\)\n", out), out


def test_missing_columns_and_map_files(catalogue: Catalogue) -> None:
    source = catalogue.root / "list.csv"
    source.write_text("Titre,Résumé,Année\nLe Film,Un film.,2024\n", encoding="utf-8")
    status, _, errors = run_import(catalogue, source)
    assert status == 1
    assert errors[-1] == (
        "list.csv:1: no column for title (e.g. Title), logline (e.g. Logline), synopsis (e.g. Synopsis), year "
        "(e.g. Year), duration (e.g. Running time); name the columns or map them with --map"
    )
    columns = catalogue.root / "columns.yaml"
    columns.write_text("Titre: title\nRésumé: synopsys\nAnnée: year\n", encoding="utf-8")
    status, _, errors = run_import(catalogue, source, "--map", str(columns))
    assert status == 1
    assert errors == ["columns.yaml:2: Résumé: no field 'synopsys' (did you mean 'synopsis'?); map to a field, "
                      "credits.ROLE or skip"]  # fmt: skip


def test_xlsx_without_openpyxl_names_the_extra(catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    source = catalogue.root / "catalogue.xlsx"
    write_xlsx(source, ["Title"], [["A"]])
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    status, _, errors = run_import(catalogue, source)
    assert status == 1
    assert errors == [
        "catalogue.xlsx: reading .xlsx files needs openpyxl: pip install 'onesheet[xlsx]' (or save the sheet as .csv)"
    ]


def test_json_feed(sample: Catalogue, built_sample: Catalogue) -> None:
    target = sample.root / "feed.json"
    result = sample.run("export", "--format", "json", "-o", str(target))
    assert result.status == 0, result.err
    feed = json.loads(target.read_text(encoding="utf-8"))
    assert feed["version"] == 1
    pages, _ = booklet_size(built_sample.out / "catalogue.pdf")
    assert feed["catalogue"] == {"file": "catalogue.pdf", "pages": pages}  # as many as the booklet built has
    assert len(feed["programmes"]) == SAMPLE_COUNT
    belarus = next(p for p in feed["programmes"] if p["id"] == "inside-belarus")
    assert belarus["title"] == "Inside Belarus: Putin’s Puppet Regime"
    assert belarus["related"][0] == {"id": "return-to-ukraine", "title": "Return to Ukraine"}
    assert belarus["key_art"]["file"] == "images/inside-belarus.jpg"
    assert belarus["sheet"] == "sheets/inside-belarus.pdf"
    assert isinstance(belarus["catalogue_page"], int)
    glaciers = next(p for p in feed["programmes"] if p["id"] == "the-last-glaciers")
    assert (glaciers["episodes"], glaciers["duration"]) == (4, 52)
    assert glaciers["credits"]["Producer"] == "Anne-Sophie Roux"
    documented = (Path(__file__).parent.parent / "docs" / "feed.md").read_text(encoding="utf-8")
    for key in [*feed, *feed["programmes"][0]]:
        assert f"`{key}`" in documented, key


def test_xlsx_problems_name_the_rows_excel_shows(catalogue: Catalogue) -> None:
    source = catalogue.root / "catalogue.xlsx"
    rows: list[list[object]] = [
        ["Good", "A logline.", "One paragraph.", 2024, 52],
        ["Bad", "A logline.", "One paragraph.", 2024, "1h2O"],
    ]
    write_xlsx(source, ["Title", "Logline", "Synopsis", "Year", "Running time"], rows)
    status, _, errors = run_import(catalogue, source)
    assert status == 1
    assert errors == ["catalogue.xlsx:5: Running time: expected minutes such as 52 or 4 x 52', got '1h2O'"]
    assert [path.name for path in catalogue.sheets.iterdir()] == ["good.yaml"]


V2 = """\
title: Les Glaneuses
logline: Women who glean what the harvest leaves behind.
synopsis: |
  A first paragraph.

  A second paragraph.
year: 2024
duration: 52
key_art: {file: images/the-last-glaciers.jpg, focus: [0.25, 0.4]}
awards:
  - Official Selection, Visions du Réel 2024
  - {text: "CPH:DOX 2024 – DOX:AWARD", laurel: images/logo.png}
quotes:
  - Quietly radical.
  - {text: Unforgettable., source: Le Monde}
short_synopsis: |
  Gleaners of today.

  And of yesterday.
url: https://www.example.com/les-glaneuses
trailer: https://vimeo.com/123456789
original_language: fr
"""


def test_v2_fields_go_through_a_spreadsheet_and_back(catalogue: Catalogue, fresh: Catalogue) -> None:
    catalogue.write("les-glaneuses.yaml", V2)
    target = catalogue.root / "v2.csv"
    assert catalogue.run("export", "--format", "csv", "-o", str(target)).status == 0
    row = next(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"), newline="")))
    assert row["Key art"] == "images/the-last-glaciers.jpg @ 0.25, 0.4"
    assert row["Awards"] == "Official Selection, Visions du Réel 2024; CPH:DOX 2024 – DOX:AWARD [images/logo.png]"
    assert row["Quotes"] == "“Quietly radical.”\n“Unforgettable.” — Le Monde"
    assert (row["Web page"], row["Trailer"], row["Original language"]) == (
        "https://www.example.com/les-glaneuses", "https://vimeo.com/123456789", "fr",
    )  # fmt: skip
    status, _, errors = run_import(fresh, target)
    assert (status, errors) == (0, [])
    assert programmes(fresh) == programmes(catalogue)
    feed = json.loads(catalogue.run("export", "--format", "json").out)
    film = feed["programmes"][0]
    assert film["key_art"]["focus"] == [0.25, 0.4]
    assert film["awards"][1] == {"text": "CPH:DOX 2024 – DOX:AWARD", "laurel": "images/logo.png"}
    assert film["quotes"][0] == {"text": "Quietly radical.", "source": None}
    assert film["short_synopsis"] == "Gleaners of today.\n\nAnd of yesterday."
