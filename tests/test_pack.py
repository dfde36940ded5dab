"""Buyer packs read back: the letter, the sheets unchanged under a stamp on
every page, metadata and bookmarks, and an e-mail that carries the PDF.
Every test works on a copy of the built sample, whose sheets and prepared
pictures a pack reuses; those that pack for Canal Docs, in French, on a
copy with its French sheets built too (a pack draws only the sheets it
sends)."""

from __future__ import annotations

import email
import functools
import re
import shutil
from email import policy
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import Catalogue, copy_built, shared_build
from generator.text import PACKAGED

DATE = "2026-11-26"
STAMP = "Prepared for Nordisk TV · 26 November 2026"
NNBSP = "\u202f"


CANAL_DOCS = ("inside-belarus", "russia-vs-russia", "belarus-an-ordinary-dictatorship")  # its titles


@pytest.fixture(scope="session")
def french_sample(built_sample: Catalogue, tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """The built sample with Canal Docs' sheets built in French too, once
    for the run (read-only)."""
    built, result = shared_build(
        tmp_path_factory, "french-sample", functools.partial(copy_built, built_sample), "build", "--lang", "fr",
        *CANAL_DOCS,
    )  # fmt: skip
    assert (result.status, result.err) == (0, ""), result.err
    return built


@pytest.fixture
def french_copy(french_sample: Catalogue, tmp_path: Path) -> Catalogue:
    """A copy of `french_sample` to make packs in."""
    return copy_built(french_sample, tmp_path)


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def make(catalogue: Catalogue, *args: str) -> tuple[int, str, str]:
    result = catalogue.run("pack", "--date", DATE, *args)
    return result.status, result.out, result.err.replace(f"{catalogue.root}/", "")


def test_a_pack_is_a_letter_then_the_sheets_each_stamped(built_copy: Catalogue) -> None:
    status, out, err = make(built_copy, "--buyer", "nordisk-tv")
    assert (status, err) == (0, "")
    assert re.fullmatch(rf"Made 1 packs in {built_copy.out}/packs, each with an e-mail draft \(\d+\.\d\d s\)\n", out)
    pack = PdfReader(built_copy.out / "packs" / "nordisk-tv.pdf")
    assert len(pack.pages) == 4
    assert lines(pack.pages[0].extract_text()) == [
        "26 November 2026", "Ingrid Larsen", "Nordisk TV", "Dear Ingrid Larsen,",
        "Thank you for taking the time to talk with us. As promised, here are the sales sheets for",
        "the 3 programmes we discussed, prepared for Nordisk TV.",
        "As discussed at MIPCOM, The Last Glaciers is available for a Nordic premiere in autumn",
        "2026, and Under the Baltic can be pre-bought for delivery in spring 2027.",
        "Screeners and further material are available on request. I look forward to hearing",
        "from you.",
        "The Last Glaciers", "4 × 52′ · 2025",
        "Four Alpine glaciers, four seasons, one question: what happens to Europe’s water tower when the ice",
        "is gone?",
        "Wolves of the Carpathians", "52′ · 2023",
        "In Romania’s wild mountains, Europe’s largest wolf population lives alongside shepherds, bears and a new",
        "generation of trackers.",
        "Under the Baltic", "52′ · 2026",
        "Divers and investigators search the seabed for the saboteurs behind the damaged pipelines and cables of",
        "northern Europe.",
        "Jonas Weber", "Sales – Germany, Nordics & CEE", "jonas@example.com", "+49 30 9900 1234",
        STAMP,
    ]  # fmt: skip
    for index, programme in enumerate(["the-last-glaciers", "wolves-of-the-carpathians", "under-the-baltic"], 1):
        sheet = PdfReader(built_copy.out / "sheets" / f"{programme}.pdf").pages[0]
        page = pack.pages[index]
        # the sheet, untouched, then the stamp
        assert lines(page.extract_text()) == [*lines(sheet.extract_text()), STAMP]
    assert all(STAMP in page.extract_text() for page in pack.pages)
    assert pack.metadata.title == STAMP
    assert pack.metadata.subject == "Ingrid Larsen, Nordisk TV"
    assert pack.trailer["/Root"]["/Lang"] == "en"
    assert [item.title for item in pack.outline] == ["Letter", "The Last Glaciers", "Wolves of the Carpathians",
                                                     "Under the Baltic"]  # fmt: skip
    made = (built_copy.out / "packs" / "nordisk-tv.pdf").read_bytes()
    assert make(built_copy, "--buyer", "nordisk-tv")[0] == 0
    assert (built_copy.out / "packs" / "nordisk-tv.pdf").read_bytes() == made  # the same inputs, the same bytes


def test_the_email_carries_the_pack_byte_for_byte(french_copy: Catalogue) -> None:
    make(french_copy)
    raw = (french_copy.out / "packs" / "canal-docs.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["To"] == "Bertrand Moreau <b.moreau@example.com>"
    assert message["From"] == "Élodie Marchand <elodie@example.com>"
    assert message["Subject"] == f"Lanterna Docs International{NNBSP}: 3 programmes pour Canal Docs"
    assert message["X-Unsent"] == "1"
    body = message.get_body(("plain",)).get_content()
    assert body.startswith(
        f"Bonjour Bertrand Moreau,\n\nVous trouverez ci-joint nos fiches pour Biélorussie{NNBSP}: le régime fantoche "
        "de Poutine, Russie contre Russie, Biélorussie, une dictature ordinaire.\n"
    )
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "canal-docs.pdf"
    assert attachment.get_content() == (french_copy.out / "packs" / "canal-docs.pdf").read_bytes()
    letter = lines(PdfReader(french_copy.out / "packs" / "canal-docs.pdf").pages[0].extract_text())
    assert letter[:4] == [
        "26 novembre 2026",
        "Bertrand Moreau",
        "Canal Docs",
        "Bonjour Bertrand Moreau,",
    ]  # in the buyer's language


def test_a_buyer_in_french_gets_the_letter_sheets_stamp_and_email_in_french(built_copy: Catalogue) -> None:
    shutil.rmtree(built_copy.out / "sheets")  # the English sheets: their drawings stay in the cache
    status, _, err = make(built_copy, "--buyer", "canal-docs")
    assert (status, err) == (0, "")
    assert not (built_copy.out / "sheets").exists()  # only the buyer's language is built
    pack = PdfReader(built_copy.out / "packs" / "canal-docs.pdf")
    letter = " ".join(pack.pages[0].extract_text().split())
    assert letter.startswith("26 novembre 2026 Bertrand Moreau Canal Docs Bonjour Bertrand Moreau, Merci pour notre")
    assert "Liens de visionnage et matériel complémentaire sur demande." in letter
    stamp = "Préparé pour Canal Docs · 26 novembre 2026"
    for index, programme in enumerate(CANAL_DOCS, 1):
        sheet = PdfReader(built_copy.out / "fr" / "sheets" / f"{programme}.pdf").pages[0]
        assert lines(pack.pages[index].extract_text()) == [*lines(sheet.extract_text()), stamp]
    assert "FICHE TECHNIQUE" in pack.pages[1].extract_text()
    assert [item.title for item in pack.outline] == [
        "Lettre", f"Biélorussie{NNBSP}: le régime fantoche de Poutine", "Russie contre Russie",
        "Biélorussie, une dictature ordinaire",
    ]  # fmt: skip
    assert pack.trailer["/Root"]["/Lang"] == "fr"


def test_a_buyer_in_a_language_without_templates_gets_english_words_and_a_warning(built_copy: Catalogue) -> None:
    buyers = built_copy.assets / "buyers.yaml"
    buyers.write_text(
        buyers.read_text().replace("language: en\n    titles: [keepers", "language: nl\n    titles: [keepers")
    )
    status, _, err = make(built_copy, "--buyer", "hellenic-broadcasting")
    assert status == 0
    english = "printed in English instead; add this file (a translation of "
    warnings = [line for line in err.splitlines() if line.startswith("warning: assets/templates/")]
    assert [line.partition(english)[0] for line in warnings] == [
        f"warning: assets/templates/nl/{name}: no Dutch {what}: " for name, what in
        (("email.j2", "e-mail"), ("labels.j2", "labels"), ("letter.j2", "cover letter"))
    ]  # fmt: skip
    assert all(line.endswith(".j2)") for line in warnings)
    assert "warning: sheets/keepers-of-the-olive-trees.yaml:35: translations: no Dutch text: " in err
    pack = PdfReader(built_copy.out / "packs" / "hellenic-broadcasting.pdf")
    assert "Dear Eleni Georgiou," in pack.pages[0].extract_text()
    assert "Prepared for Hellenic Broadcasting · 26 November 2026" in pack.pages[1].extract_text()
    assert pack.trailer["/Root"]["/Lang"] == "nl"
    assert (built_copy.out / "nl" / "sheets" / "keepers-of-the-olive-trees.pdf").is_file()


def test_templates_can_be_overridden(built_copy: Catalogue) -> None:
    """The letter and e-mail are the packs' own: overriding them redraws no sheet."""
    template = "Screeners for {{ buyer.company }}\n\nHello {{ buyer.name }}!\n"
    (built_copy.assets / "templates" / "email.j2").write_text(template)
    shutil.copy(PACKAGED / "en" / "letter.j2", built_copy.assets / "templates" / "letter.j2")
    sheets = {path: path.stat().st_mtime_ns for path in (built_copy.out / "sheets").iterdir()}
    assert make(built_copy, "--buyer", "hellenic-broadcasting", "--titles", "inside-belarus")[0] == 0
    assert {path: path.stat().st_mtime_ns for path in (built_copy.out / "sheets").iterdir()} == sheets
    message = email.message_from_bytes((built_copy.out / "packs" / "hellenic-broadcasting.eml").read_bytes(),
                                       policy=policy.default)  # fmt: skip
    assert message["Subject"] == "Screeners for Hellenic Broadcasting"
    assert message.get_body(("plain",)).get_content() == "Hello Eleni Georgiou!\n"
    assert len(PdfReader(built_copy.out / "packs" / "hellenic-broadcasting.pdf").pages) == 2


def test_a_pack_draws_only_the_sheets_it_sends(built_copy: Catalogue) -> None:
    """A buyer's titles are drawn in its language, no other programme; none
    when its titles are refused whatever the sheets."""
    status, _, err = make(built_copy, "--buyer", "canal-docs", "--titles", "russia-vs-rusia", "inside-belarus")
    assert (status, err) == (1, "sheets: --titles: no programme 'russia-vs-rusia' (did you mean 'russia-vs-russia'?)\n")
    french = built_copy.out / "fr" / "sheets"
    assert sorted(french.glob("*.pdf")) == []
    assert make(built_copy, "--buyer", "canal-docs")[0] == 0
    assert sorted(path.stem for path in french.glob("*.pdf")) == sorted(CANAL_DOCS)


def test_unknown_buyers_and_titles(french_copy: Catalogue) -> None:
    status, _, err = make(french_copy, "--buyer", "nordisk")
    assert status == 1
    assert err == "assets/buyers.yaml: no buyer 'nordisk' (did you mean 'nordisk-tv'?)\n"
    buyers = french_copy.assets / "buyers.yaml"
    buyers.write_text(buyers.read_text().replace("titles: [the-last-glaciers,", "titles: [the-last-glacier,"))
    status, _, err = make(french_copy, "--buyer", "nordisk-tv")
    assert status == 1
    assert err == "assets/buyers.yaml:10: titles: no programme 'the-last-glacier' (did you mean 'the-last-glaciers'?)\n"
    status, _, err = make(french_copy, "--buyer", "canal-docs", "--titles", "russia-vs-rusia")
    assert status == 1
    assert err == "sheets: --titles: no programme 'russia-vs-rusia' (did you mean 'russia-vs-russia'?)\n"


def test_buyer_data_is_validated(built_copy: Catalogue) -> None:
    (built_copy.assets / "buyers.yaml").write_text(
        "buyers:\n  x:\n    name: A\n    company: B\n    email: not-an-address\n    language: english\n    nmae: C\n"
    )
    status, _, err = make(built_copy)
    assert status == 1
    assert err.splitlines() == [
        "assets/buyers.yaml:5: email: expected an address such as name@example.com, got 'not-an-address'",
        "assets/buyers.yaml:6: language: expected a language code such as en, fr, pt-BR or zh-Hant, got 'english' "
        "(did you mean 'en'?)",
        "assets/buyers.yaml:7: nmae: unknown field (did you mean 'name'?)",
    ]


def test_the_attachment_limit(built_copy: Catalogue) -> None:
    status, _, err = make(built_copy, "--buyer", "nordisk-tv", "--limit", "0.3")
    assert status == 1
    assert re.fullmatch(r"assets/buyers.yaml:5: nordisk-tv: the pack weighs 0\.\d MB, over the 0\.3 MB attachment "
                        r"limit, so no e-mail was drafted; pass --split to send it in several e-mails, or send fewer "
                        r"titles\n", err), err  # fmt: skip
    assert not (built_copy.out / "packs" / "nordisk-tv.eml").exists()
    status, _, err = make(built_copy, "--buyer", "nordisk-tv", "--limit", "0.3", "--split")
    assert (status, err) == (0, "")
    parts = sorted((built_copy.out / "packs").glob("nordisk-tv-*.pdf"))
    titles = []
    for number, part in enumerate(parts, start=1):
        assert part.stat().st_size < 0.3 * 1024 * 1024
        assert part.with_suffix(".eml").exists()
        pack = PdfReader(part)
        assert f"part {number} of {len(parts)}" in pack.pages[0].extract_text()
        titles.append([item.title for item in pack.outline[1:]])
    # a letter and one sheet weigh about 0.25 MB: no two sheets fit in one part
    assert titles == [["The Last Glaciers"], ["Wolves of the Carpathians"], ["Under the Baltic"]]


def test_a_pack_never_holds_an_invalid_programme(built_copy: Catalogue) -> None:
    broken = built_copy.sheets / "under-the-baltic.yaml"
    broken.write_text(broken.read_text().replace("year: 2026", "year: soon"))
    status, _, err = make(built_copy, "--buyer", "nordisk-tv")
    assert status == 1
    assert err.splitlines() == [
        "assets/buyers.yaml:10: titles: 'under-the-baltic' has errors (see its file); fix them to include it",
        "sheets/under-the-baltic.yaml:15: year: expected a whole number from 1900 to 2100, got 'soon'",
    ]
    assert not Path(built_copy.out / "packs" / "nordisk-tv.pdf").exists()


IDN_BUYERS = """\
buyers:
  mueller-medien:
    name: Jürgen Müller
    company: Müller Medien
    email: jurgen@müller-medien.de
    language: en
    titles: [inside-belarus]
    contact: Jonas Weber
  utf8-local:
    name: Jürgen Müller
    company: Müller Medien
    email: jürgen@müller-medien.de
    language: en
    titles: [inside-belarus]
"""


def test_internationalised_addresses_in_drafts_and_links(built_copy: Catalogue) -> None:
    """A non-ASCII domain is written in its ASCII form (IDNA), so the draft's
    headers stay ASCII; a non-ASCII local part has none, so its draft has
    UTF-8 headers (RFC 6532). PDF links are ASCII either way."""
    brand = built_copy.assets / "brand.yaml"
    brand.write_text(brand.read_text().replace("elodie@example.com", "élodie@exämple.com"))
    (built_copy.assets / "buyers.yaml").write_text(IDN_BUYERS)
    status, _, err = make(built_copy)
    assert (status, err) == (0, "")
    ascii_draft = (built_copy.out / "packs" / "mueller-medien.eml").read_bytes()
    utf8_draft = (built_copy.out / "packs" / "utf8-local.eml").read_bytes()
    assert ascii_draft.isascii()
    assert b"To: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <jurgen@xn--mller-medien-dlb.de>" in ascii_draft
    assert "From: Élodie Marchand <élodie@xn--exmple-cua.com>".encode() in utf8_draft  # a UTF-8 local part
    assert "To: Jürgen Müller <jürgen@xn--mller-medien-dlb.de>".encode() in utf8_draft
    message = email.message_from_string(utf8_draft.decode("utf-8"), policy=policy.default)
    (to,) = message["To"].addresses
    assert (to.display_name, to.username, to.domain) == ("Jürgen Müller", "jürgen", "xn--mller-medien-dlb.de")
    letter = PdfReader(built_copy.out / "packs" / "utf8-local.pdf").pages[0]
    assert "élodie@exämple.com" in letter.extract_text()  # printed as written
    links = [a.get_object()["/A"]["/URI"] for a in letter["/Annots"] if "/URI" in a.get_object().get("/A", {})]
    assert links == ["mailto:%C3%A9lodie@xn--exmple-cua.com"]


def test_a_bad_buyer_stops_no_other(french_copy: Catalogue) -> None:
    buyers = french_copy.assets / "buyers.yaml"
    text = buyers.read_text()
    text = text.replace("email: ingrid.larsen@example.com", 'email: "ingrid.larsen\\a@example.com\\e[2J"')
    text = text.replace("  hellenic-broadcasting:", "  Hellenic Broadcasting:")
    buyers.write_text(text)
    status, out, err = make(french_copy)
    assert status == 1
    assert err.splitlines() == [
        "assets/buyers.yaml:8: email: contains the control character U+0007; remove it",
        "assets/buyers.yaml:23: Hellenic Broadcasting: a buyer id is lower-case letters, digits and single hyphens, "
        "at most 100 of them",
    ]
    assert out.startswith(f"Made 1 packs in {french_copy.out}/packs")
    assert sorted(path.name for path in (french_copy.out / "packs").iterdir()) == ["canal-docs.eml", "canal-docs.pdf"]


def test_no_draft_is_left_beside_a_newer_pack(built_copy: Catalogue) -> None:
    """A draft attaches its pack: when the pack is made again, the earlier
    draft goes before the new pack is written, so a draft beside a pack
    always carries that pack."""
    make(built_copy, "--buyer", "nordisk-tv")
    draft = built_copy.out / "packs" / "nordisk-tv.eml"
    assert draft.exists()
    status, _, _ = make(built_copy, "--buyer", "nordisk-tv", "--limit", "0.3")
    assert status == 1
    assert not draft.exists()
    assert (built_copy.out / "packs" / "nordisk-tv.pdf").exists()


def test_what_a_killed_pack_left_is_cleaned_up(french_copy: Catalogue) -> None:
    packs = french_copy.out / "packs"
    packs.mkdir(parents=True)
    (packs / ".nordisk-tv.pdf.k1ll3d.tmp").write_bytes(b"%PDF-1.4 half")
    assert make(french_copy, "--buyer", "canal-docs")[0] == 0
    assert sorted(path.name for path in packs.iterdir()) == ["canal-docs.eml", "canal-docs.pdf"]
