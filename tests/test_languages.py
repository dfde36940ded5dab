"""Sheets and catalogues in the buyer's language: translations read and
checked, the words around the data in each language (and English with a
warning for a language without them), `build --lang`, /Lang, the index in
the language's order, an overflow in one language only, --strict-lang, and
rebuilding one language alone."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import MINIMAL, SAMPLE_ASSETS, Catalogue
from generator.booklet import index_key
from generator.catalogue import sort_key
from generator.text import PACKAGED, Labels, Texts

NNBSP = "\u202f"
SHIPPED = ["en", "fr", "de", "es", "it", "pt", "pt-BR", "ja", "ar"]

FILM = (
    MINIMAL.replace("related", "")
    + """genres: [Current Affairs]
status: New
translations:
  fr:
    title: "Le Film : une histoire"
    logline: Une phrase qui dit de quoi parle le film.
    synopsis: |
      Un premier paragraphe du synopsis.

      Un second paragraphe ; avec « guillemets » et une question ?
    genres: [Actualité]
    status: Nouveauté
"""
)
OTHER = MINIMAL.replace("A Minimal Programme", "The Other Film") + "genres: [Current Affairs]\n"


def text_of(path: Path) -> str:
    """The text of a PDF, breaking white space folded (no-break spaces kept)."""
    return " ".join(re.sub(r"[ \t\n]+", " ", page.extract_text()).strip() for page in PdfReader(path).pages)


def language_of(path: Path) -> str:
    return str(PdfReader(path).trailer["/Root"]["/Lang"])


def relative(catalogue: Catalogue, text: str) -> list[str]:
    return [line.replace(f"{catalogue.root}/", "") for line in text.splitlines()]


def labels(language: str) -> Labels:
    return Texts(SAMPLE_ASSETS, language, main=language == "en").labels


# The words around the data ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", SHIPPED)
def test_every_shipped_language_has_all_its_words_and_needs_no_fallback(language: str) -> None:
    texts = Texts(SAMPLE_ASSETS, language, main=False)
    assert texts.fallbacks(("labels.j2", "letter.j2", "email.j2")) == []
    if language != "en":
        english = labels("en")
        words = ("details", "related", "watch", "full_synopsis", "year", "contents", "index", "contact", "letter")
        assert all(getattr(texts.labels, name) != getattr(english, name) for name in (*words, "prepared_for", "months"))


def test_each_language_writes_its_own_conventions() -> None:
    fr, de, es, it, pt, brazil, ja, ar = (labels(tag) for tag in SHIPPED[1:])
    assert [x.quoted("Oui") for x in (fr, de, es, it, pt, brazil, ja, ar)] == [
        f"«{NNBSP}Oui{NNBSP}»", "„Oui“", "«Oui»", "«Oui»", "«Oui»", "“Oui”", "「Oui」", "«Oui»"
    ]  # fmt: skip
    assert [x.format_date("2026-12-01") for x in (labels("en"), fr, de, es, it, pt, brazil, ja, ar)] == [
        "1 December 2026", "1er décembre 2026", "1. Dezember 2026", "1 de diciembre de 2026", "1º dicembre 2026",
        "1.º de dezembro de 2026", "1º de dezembro de 2026", "2026年12月1日", "1 ديسمبر 2026",
    ]  # fmt: skip
    assert fr.format_date("2026-11-26") == "26 novembre 2026"
    assert fr.format_date("MIPCOM 2026") == "MIPCOM 2026"  # not a date: as it is
    assert fr.spaced("Pourquoi ? Oui : « non » ; enfin !") == (
        f"Pourquoi{NNBSP}? Oui{NNBSP}: «{NNBSP}non{NNBSP}»{NNBSP}; enfin{NNBSP}!"
    )
    assert fr.spaced("https://example.com 14:30") == "https://example.com 14:30"  # only a space typed there changes
    assert de.spaced("Frage ?") == "Frage ?"
    assert [x.page_ref for x in (labels("en"), fr, de, es, ja, ar)] == [
        "p.\u00a0{page}", "p.\u00a0{page}", "S.\u00a0{page}", "pág.\u00a0{page}", "{page}頁", "ص\u00a0{page}"
    ]  # fmt: skip
    assert (fr.role("Producer"), de.role("editor"), ja.role("Narrator"), fr.role("Best Boy")) == (
        "Production", "Schnitt", "ナレーション", "Best Boy"
    )  # fmt: skip


def test_running_time_in_each_language(catalogue: Catalogue) -> None:
    from generator.model import read_file

    path = catalogue.write("series.yaml", MINIMAL + "episodes: 4\ncuts: [{episodes: 1, duration: 90}]\n")
    programme = read_file(path, catalogue.assets).programme
    assert programme is not None
    assert [labels(tag).duration(programme) for tag in ("en", "fr", "de", "ja", "ar")] == [
        "4\u00a0× 52′ or 1\u00a0× 90′", "4\u00a0× 52′ ou 1\u00a0× 90′",
        "4\u00a0× 52\u00a0Min. oder 1\u00a0× 90\u00a0Min.",
        "52分×4話 または 90分×1話", "4\u00a0× 52\u00a0دقيقة أو 1\u00a0× 90\u00a0دقيقة",
    ]  # fmt: skip


def test_a_language_without_labels_falls_back_to_english_naming_the_file_to_add(catalogue: Catalogue) -> None:
    texts = Texts(catalogue.assets, "nl", main=False)
    assert texts.labels == labels("en")
    english = PACKAGED / "en"
    assert [str(problem) for problem in texts.fallbacks(("labels.j2", "letter.j2"))] == [
        f"{catalogue.assets}/templates/nl/labels.j2: no Dutch labels: printed in English instead; add this file "
        f"(a translation of {english}/labels.j2)",
        f"{catalogue.assets}/templates/nl/letter.j2: no Dutch cover letter: printed in English instead; add this "
        f"file (a translation of {english}/letter.j2)",
    ]
    (catalogue.assets / "templates" / "nl").mkdir()
    (catalogue.assets / "templates" / "nl" / "labels.j2").write_text(
        '{% set details = "Gegevens" %}\n{% set contents = "Inhoud" %}\n'
    )
    texts = Texts(catalogue.assets, "nl-BE", main=False)  # a region's language reads the language's folder
    assert (texts.labels.details, texts.labels.contents, texts.labels.credits) == ("Gegevens", "Inhoud", "Credits")
    (problem,) = texts.fallbacks(("labels.j2",))
    assert problem.message.startswith(
        f"{len(fields(Labels)) - 2} labels not in Dutch (nl-BE) (credits, awards, related, watch, …): printed in "
        "English instead; add them to this file"
    )


def test_a_users_template_for_one_language_overrides_the_packaged_one_label_by_label(catalogue: Catalogue) -> None:
    (catalogue.assets / "templates" / "fr").mkdir()
    (catalogue.assets / "templates" / "fr" / "labels.j2").write_text('{% set related = "Du même genre" %}\n')
    french = Texts(catalogue.assets, "fr", main=False).labels
    assert (french.related, french.details) == ("Du même genre", "Fiche technique")
    assert Texts(catalogue.assets, "en").labels.related == "Related programmes"
    # assets/templates/ itself speaks the brand's language only
    (catalogue.assets / "templates" / "labels.j2").write_text('{% set details = "Facts" %}\n')
    assert Texts(catalogue.assets, "en").labels.details == "Facts"
    assert Texts(catalogue.assets, "fr", main=False).labels.details == "Fiche technique"


# Translations in programme files ---------------------------------------------------------------------------------


def test_translations_are_checked_like_the_main_fields(catalogue: Catalogue) -> None:
    catalogue.write(
        "film.yaml",
        MINIMAL
        + "translations:\n"
        + "  fr:\n    title: Le Film\n    synposis: Un texte.\n    year: 2020\n    logline: ''\n"
        + "  french:\n    title: Le Film\n"
        + "  FR: {title: Encore}\n"
        + "  de: Der Film\n",
    )
    assert catalogue.errors() == [
        "sheets/film.yaml:12: translations.fr.synposis: unknown field (did you mean 'synopsis'?)",
        "sheets/film.yaml:13: translations.fr.year: is the same in every language; set it once, outside translations",
        "sheets/film.yaml:14: translations.fr.logline: expected text of 1 to 300 characters, got nothing",
        "sheets/film.yaml:15: translations: expected a language code such as en, fr, pt-BR or zh-Hant, got 'french' "
        "(did you mean 'fr'?)",
        "sheets/film.yaml:17: translations.fr: 'FR' is written twice (as fr); keep one",
        "sheets/film.yaml:18: translations.de: expected the fields in German, such as title: and synopsis:, got "
        "'Der Film'",
    ]


# Building by language --------------------------------------------------------------------------------------------


def test_build_lang_writes_the_language_in_its_own_folder_and_declares_it(catalogue: Catalogue) -> None:
    catalogue.write("film.yaml", FILM)
    catalogue.write("other.yaml", OTHER)
    result = catalogue.run("build", "--lang", "fr")
    assert result.status == 0, result.err
    assert relative(catalogue, result.err) == [
        "warning: sheets/other.yaml: translations: no French text: the French sheet prints the main text there"
    ]
    assert re.fullmatch(
        rf"2 sheets built, 0 reused, 0 failed in {catalogue.out}/fr/sheets; {catalogue.out}/fr/catalogue.pdf "
        r"\(8 pages, 1 of 1 chunks drawn\); 1 warnings \(\d+\.\d\d s\)\n",
        result.out,
    )
    assert not (catalogue.out / "sheets").exists()  # the brand's language is not asked for
    sheet = catalogue.out / "fr" / "sheets" / "film.pdf"
    text = text_of(sheet)
    for words in (
        f"Le Film{NNBSP}: une histoire", "Un second paragraphe", f"«{NNBSP}guillemets{NNBSP}»", f"question{NNBSP}?",
        "ACTUALITÉ", "NOUVEAUTÉ", "FICHE TECHNIQUE", "ANNÉE", "DURÉE", "Directrice des ventes",
    ):  # fmt: skip
        assert words in text, words
    assert "Details" not in text and "Head of Sales" not in text
    assert language_of(sheet) == "fr"
    booklet = catalogue.out / "fr" / "catalogue.pdf"
    assert language_of(booklet) == "fr"
    contents = PdfReader(booklet).pages[1].extract_text()
    assert contents.startswith("Sommaire") and "ACTUALITÉ" in contents and "CURRENT AFFAIRS" in contents
    assert "Index des titres" in text_of(booklet)

    assert catalogue.run("build").status == 0  # the brand's own language, beside it
    assert language_of(catalogue.out / "sheets" / "film.pdf") == "en"
    assert language_of(catalogue.out / "catalogue.pdf") == "en"
    assert "DETAILS" in text_of(catalogue.out / "sheets" / "film.pdf")


def test_the_brands_languages_are_built_by_default_and_lang_checks_its_codes(
    catalogue: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    catalogue.write("film.yaml", FILM)
    brand = catalogue.assets / "brand.yaml"
    brand.write_text(brand.read_text() + "languages: [fr]\n")
    result = catalogue.run("build")
    assert result.status == 0, result.err
    assert f"in {catalogue.out}/sheets and {catalogue.out}/fr/sheets;" in result.out
    assert (catalogue.out / "fr" / "catalogue.pdf").is_file() and (catalogue.out / "catalogue.pdf").is_file()
    assert catalogue.run("build", "--lang", "french").status == 2
    assert capsys.readouterr().err.endswith(
        "argument --lang: expected a language code such as en, fr, pt-BR or zh-Hant, got 'french' "
        "(did you mean 'fr'?)\n"
    )


def test_strict_lang_makes_untranslated_text_an_error(catalogue: Catalogue) -> None:
    catalogue.write("film.yaml", FILM.replace("    status: Nouveauté\n", ""))
    catalogue.write("other.yaml", OTHER)
    result = catalogue.run("build", "--lang", "en,fr", "--strict-lang")
    assert result.status == 1
    assert relative(catalogue, result.err) == [
        "sheets/film.yaml:12: translations.fr: status not translated into French; translate it, or build without "
        "--strict-lang",
        "sheets/other.yaml: translations: no French text; add translations.fr with title, logline, synopsis and "
        "genres, or build without --strict-lang",
        "catalogue not written: 2 programmes with errors would be missing from it; build/fr/catalogue.pdf is left "
        "as it was (--skip-invalid writes it without them)",
    ]
    assert sorted(path.name for path in (catalogue.out / "sheets").iterdir()) == ["film.pdf", "other.pdf"]
    assert (catalogue.out / "catalogue.pdf").is_file()
    assert not (catalogue.out / "fr").exists()


def test_an_overflow_in_one_language_names_the_translation_and_the_language(catalogue: Catalogue) -> None:
    long = " ".join(["documentaire"] * 1400)
    catalogue.write("film.yaml", FILM.replace("Un premier paragraphe du synopsis.", long))
    catalogue.write("other.yaml", OTHER)
    result = catalogue.run("build", "--lang", "en,fr")
    assert result.status == 1
    (error,) = [line for line in relative(catalogue, result.err) if "does not fit" in line]
    assert error.startswith("sheets/film.yaml:15: translations.fr.synopsis: does not fit on one page: about ")
    assert error.endswith(" (French)")
    note = relative(catalogue, result.err)[-1]
    assert note.startswith("catalogue not written: 1 programme with errors would be missing from it; build/fr/")
    assert (catalogue.out / "sheets" / "film.pdf").is_file() and (catalogue.out / "catalogue.pdf").is_file()
    assert not (catalogue.out / "fr" / "sheets" / "film.pdf").exists()
    assert (catalogue.out / "fr" / "sheets" / "other.pdf").is_file()


def test_changing_a_french_synopsis_rebuilds_the_french_sheet_and_booklet_only(catalogue: Catalogue) -> None:
    film = catalogue.write("film.yaml", FILM)
    catalogue.write("other.yaml", OTHER)
    first = catalogue.run("build", "--lang", "en,fr")
    assert first.status == 0, first.err
    english = {
        path: path.stat().st_mtime_ns for path in [*catalogue.out.glob("sheets/*.pdf"), catalogue.out / "catalogue.pdf"]
    }
    french = FILM.replace("Un premier paragraphe", "Un tout premier paragraphe")
    film.write_text(french)
    again = catalogue.run("build", "--lang", "en,fr")
    assert again.out.startswith("1 sheets built, 3 reused, 0 failed")
    assert f"{catalogue.out}/catalogue.pdf unchanged, {catalogue.out}/fr/catalogue.pdf (8 pages, 1 of 1" in again.out
    assert english == {path: path.stat().st_mtime_ns for path in english}
    assert "Un tout premier paragraphe" in text_of(catalogue.out / "fr" / "sheets" / "film.pdf")
    film.write_text(french.replace("A first paragraph", "The first paragraph"))  # the main text: English alone
    assert catalogue.run("build", "--lang", "en,fr").out.startswith("1 sheets built, 3 reused, 0 failed")


# The index in the language's order ------------------------------------------------------------------------------


def test_the_index_sorts_and_files_titles_in_the_languages_order() -> None:
    def index(titles: list[str], language: str) -> list[tuple[str, str]]:
        keys = sorted((index_key(title, "0–9", language), title) for title in titles)
        return [(key[1], title) for key, title in sorted(keys, key=lambda item: (item[0][0], item[0][2]))]

    assert index(["Zug", "Ärzte ohne Grenzen", "Abend", "Bach", "Öl"], "de") == [
        ("A", "Abend"), ("A", "Ärzte ohne Grenzen"), ("B", "Bach"), ("O", "Öl"), ("Z", "Zug"),
    ]  # DIN 5007-1: Ä as A  # fmt: skip
    assert index(["Ombres", "Œil du cyclone", "Odyssée", "L’Hiver", "Les Loups"], "fr") == [
        ("L", "Les Loups"), ("L", "L’Hiver"), ("O", "Odyssée"), ("O", "Œil du cyclone"), ("O", "Ombres"),
    ]  # Œ as OE  # fmt: skip
    assert index(["Ñandú", "Nube", "Oro"], "es") == [("N", "Nube"), ("Ñ", "Ñandú"), ("O", "Oro")]
    assert index(["Åsa", "Zorro", "Anna"], "sv") == [("A", "Anna"), ("Z", "Zorro"), ("Å", "Åsa")]
    assert sort_key("Ñandú", "en") < sort_key("Nube", "en")  # English files ñ with n


def test_a_german_catalogue_files_umlauts_with_their_letter(catalogue: Catalogue) -> None:
    for name, title in (("aerzte", "Ärzte am Limit"), ("bach", "Bach in Leipzig"), ("abend", "Abendland")):
        catalogue.write(f"{name}.yaml", MINIMAL + f"translations:\n  de:\n    title: {title}\n")
    result = catalogue.run("catalogue", "--lang", "de")
    assert result.status == 0, result.err
    index = next(
        " ".join(page.extract_text().split())
        for page in PdfReader(catalogue.out / "de" / "catalogue.pdf").pages
        if page.extract_text().startswith("Titelregister")
    )
    assert re.search(r"A Abendland \d+ Ärzte am Limit \d+ B Bach in Leipzig \d+", index), index


def test_a_translation_into_the_brands_own_language_is_never_printed_and_said_so(catalogue: Catalogue) -> None:
    catalogue.write("film.yaml", MINIMAL + "translations:\n  en:\n    title: Another Title\n")
    result = catalogue.run("build")
    assert result.status == 0
    assert relative(catalogue, result.err) == [
        "warning: sheets/film.yaml:10: translations.en: en is the brand's own language, so this text is never "
        "printed; remove it"
    ]
    assert "Another Title" not in text_of(catalogue.out / "sheets" / "film.pdf")


def test_a_spreadsheet_carries_translations_in_columns_named_with_the_language(catalogue: Catalogue) -> None:
    source = catalogue.root / "catalogue.csv"
    source.write_text(
        "Title,Logline,Synopsis,Year,Running time,Title (fr),Synopsis [pt-br],Year (fr)\n"
        "The Film,One line.,One paragraph.,2024,52',Le Film,Um parágrafo.,2023\n",
        encoding="utf-8",
    )
    result = catalogue.run("import", str(source))
    assert relative(catalogue, result.err) == [
        "catalogue.csv:1: Year (fr): unknown column (did you mean 'Year'?); its cells are skipped: rename it, or "
        "map it with --map FILE ('Year (fr): FIELD' or 'Year (fr): skip')"
    ]
    written = (catalogue.sheets / "the-film.yaml").read_text(encoding="utf-8")
    assert written.endswith("translations:\n  fr:\n    title: Le Film\n  pt-BR:\n    synopsis: Um parágrafo.\n")
    assert catalogue.run("export", "--format", "csv", "-o", str(catalogue.root / "out.csv")).status == 0
    header = (catalogue.root / "out.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.endswith(",Title (fr),Synopsis (pt-BR)")


def test_a_sheet_built_alone_lists_its_related_titles_in_its_language(sample: Catalogue) -> None:
    result = sample.run("build", "inside-belarus", "--lang", "fr")
    assert result.status == 0, result.err
    text = " ".join(PdfReader(sample.out / "fr" / "sheets" / "inside-belarus.pdf").pages[0].extract_text().split())
    assert "Retour en Ukraine" in text and "Return to Ukraine" not in text
