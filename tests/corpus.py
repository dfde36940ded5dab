"""The corpus of hostile and broken input: one small catalogue per case.

Each case names the files it adds to a catalogue that already holds one
good programme (`good.yaml`) and the sample brand and images, and what must
come of it: the exact problems (paths relative to the catalogue) and the
sheets that are built. `good` is always among them: one bad file never
stops the good ones.
"""

from __future__ import annotations

import codecs
import io
import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from conftest import MINIMAL

GOOD = MINIMAL.replace("A Minimal Programme", "A Good Programme")
VALID = GOOD.replace("A Good Programme", "Another Programme")
Files = dict[str, str | bytes | Callable[[Path], None]]


@dataclass(frozen=True)
class Case:
    name: str
    files: Files
    errors: tuple[str, ...] = ()
    built: tuple[str, ...] = ("good",)
    printed: tuple[str, ...] = field(default=())  # text that must appear literally on the sheet "film"


TRIED = (
    "tried {first}, Noto Sans Arabic, Noto Sans Hebrew, Noto Sans Devanagari, Noto Sans Thai, Noto Sans Georgian, "
    "Noto Sans Armenian, Noto Sans JP, Noto Sans KR, Noto Sans SC, Noto Sans TC"
)


def with_field(line: str) -> str:
    return VALID + line + "\n"


def replace(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


def _jpeg(size: tuple[int, int] = (64, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 80, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims an enormous picture (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _symlink_outside(root: Path) -> None:
    secret = root / "secret.jpg"
    secret.write_bytes(_jpeg())
    (root / "assets" / "images" / "escape.jpg").symlink_to(secret)


def _linked_programme(root: Path) -> None:
    (root / "drafts").mkdir()
    (root / "drafts" / "film.yaml").write_text(VALID, encoding="utf-8")
    (root / "sheets" / "film.yaml").symlink_to(root / "drafts" / "film.yaml")


def _gif(root: Path) -> None:
    Image.new("RGB", (8, 8)).save(root / "assets" / "images" / "art.gif")


BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)
MISSING = "required field is missing; expected"
PASTED = "indented with a no-break space (U+00A0), as pasted from a word processor; indent with ordinary spaces"

CASES: list[Case] = [
    # YAML itself
    Case(
        "yaml-syntax-error",
        {"film.yaml": "title: [unclosed\n"},
        ("sheets/film.yaml:2: not valid YAML: did not find expected ',' or ']'",),
    ),
    Case(
        "yaml-not-a-mapping",
        {"film.yaml": "- title\n- logline\n"},
        ("sheets/film.yaml:1: expected a mapping of fields (programme fields such as title: ...), got a list",),
    ),
    Case(
        "yaml-scalar-document",
        {"film.yaml": "just some text\n"},
        (
            "sheets/film.yaml:1: expected a mapping of fields (programme fields such as title: ...), "
            "got 'just some text'",
        ),
    ),
    Case(
        "yaml-empty-file",
        {"film.yaml": ""},
        ("sheets/film.yaml: the file is empty; expected programme fields such as title: ...",),
    ),
    Case(
        "yaml-only-comments",
        {"film.yaml": "# to be written\n"},
        ("sheets/film.yaml: the file is empty; expected programme fields such as title: ...",),
    ),
    Case(
        "yaml-multi-document",
        {"film.yaml": VALID + "---\n" + VALID},
        ("sheets/film.yaml:9: not valid YAML: found a second document ('---'); keep one per file",),
    ),
    Case(
        "yaml-tab-indentation",
        {"film.yaml": "title: x\nsynopsis:\n\t- text\n"},
        (
            "sheets/film.yaml:3: not valid YAML: found character that cannot start any token; "
            "indent with spaces, not tabs",
        ),
    ),
    Case(
        "yaml-duplicate-keys",
        {"film.yaml": with_field("year: 2020")},
        ("sheets/film.yaml:9: year: appears twice (first on line 7); keep one",),
    ),
    Case(
        "yaml-unknown-field",
        {"film.yaml": with_field("synposis: typo")},
        ("sheets/film.yaml:9: synposis: unknown field (did you mean 'synopsis'?)",),
    ),
    Case(
        "yaml-alias-bomb",
        {"film.yaml": VALID + BILLION_LAUGHS},
        (
            "sheets/film.yaml:9: a: unknown field",
            "sheets/film.yaml:10: aliases (*name) are not supported; write the value out in full",
            *(f"sheets/film.yaml:{10 + i}: {chr(98 + i)}: unknown field" for i in range(8)),
        ),
    ),
    Case(
        "yaml-deep-nesting",
        {"film.yaml": "title: " + "[" * 50_000 + "]" * 50_000 + "\n"},
        ("sheets/film.yaml:1: nested more than 16 levels deep",),
    ),
    Case(
        "yaml-deep-block-sequences",
        {"film.yaml": with_field("related:\n  " + "- " * 20 + "x")},
        ("sheets/film.yaml:10: nested more than 16 levels deep",),
    ),
    Case(  # looks deep to the quick count, which also counts brackets in quotes: composed whole all the same
        "yaml-brackets-in-quotes",
        {"film.yaml": replace("logline: One sentence", f'logline: "Forty brackets {"[" * 40} in one sentence"\n#')},
        built=("film", "good"),
        printed=("Forty brackets " + "[" * 40 + " in one sentence",),
    ),
    Case(
        "yaml-python-tag",
        {"film.yaml": replace("title: Another", "title: !!python/object/apply:os.system Another")},
        ("sheets/film.yaml:1: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; remove it",),
    ),
    Case(
        "yaml-custom-tag",
        {"film.yaml": replace("year: 2024", "year: !secret 2024")},
        ("sheets/film.yaml:7: the tag '!secret' is not allowed; remove it",),
    ),
    Case(
        "yaml-merge-key", {"film.yaml": with_field("<<: {country: France}")}, ("sheets/film.yaml:9: <<: unknown field",)
    ),
    # Encodings and line ends
    Case(
        "encoding-latin-1",
        {"film.yaml": replace("Another", "Caf\u00e9").encode("latin-1")},
        ("sheets/film.yaml:1: the file is not UTF-8 (byte 0xE9); save it with UTF-8 encoding",),
    ),
    Case(
        "encoding-cp1252",
        {"film.yaml": replace("One sentence", "\u201cOne\u201d sentence").encode("cp1252")},
        ("sheets/film.yaml:2: the file is not UTF-8 (byte 0x93); save it with UTF-8 encoding",),
    ),
    # YAML reads UTF-16 and UTF-32 with a byte-order mark, and so do we: Windows editors save "Unicode" so
    Case(
        "encoding-utf-16",
        {"film.yaml": VALID.encode("utf-16")},
        built=("film", "good"),
        printed=("A first paragraph of the synopsis.",),
    ),
    Case("encoding-utf-16-be", {"film.yaml": codecs.BOM_UTF16_BE + VALID.encode("utf-16-be")}, built=("film", "good")),
    Case("encoding-utf-32", {"film.yaml": VALID.encode("utf-32")}, built=("film", "good")),
    Case(
        "encoding-utf-16-broken",
        {"film.yaml": VALID.encode("utf-16").replace("year".encode("utf-16-le"), b"\x00\xdcear")},
        ("sheets/film.yaml:7: the file is not UTF-16 (byte 0x00); save it with UTF-8 encoding",),
    ),
    # Indentation pasted from a word processor: no-break spaces, which YAML does not count as indentation
    Case(
        "indent-no-break-space",
        {"film.yaml": replace("  A first", "\u00a0\u00a0A first")},
        (f"sheets/film.yaml:4: {PASTED}",),
    ),
    Case(
        "indent-no-break-space-key",
        {"film.yaml": with_field("credits:\n  Producer: A. Person\n\u00a0\u00a0Writer: B. Person")},
        (f"sheets/film.yaml:11: {PASTED}",),
    ),
    Case(
        "indent-thin-space-item",
        {"film.yaml": with_field("directors:\n  - A. Person\n\u2009 - B. Person")},
        (
            "sheets/film.yaml:11: indented with a thin space (U+2009), as pasted from a word processor; indent with "
            "ordinary spaces",
        ),
    ),
    Case("encoding-utf-8-bom", {"film.yaml": "\ufeff" + VALID}, built=("film", "good")),
    Case(
        "encoding-crlf",
        {"film.yaml": VALID.replace("\n", "\r\n")},
        built=("film", "good"),
        printed=("A first paragraph of the synopsis.",),
    ),
    # YAML 1.1 coercions: kept as typed, or reported
    Case(
        "coercion-booleans-kept",
        {"film.yaml": with_field("country: NO\nversions: [ON, off, yes]")},
        built=("film", "good"),
        printed=("NO", "ON, off, yes"),
    ),
    Case(
        "coercion-sexagesimal",
        {"film.yaml": replace("duration: 52", "duration: 1:20")},
        (
            "sheets/film.yaml:8: duration: expected a whole number of minutes from 1 to 1000, got '1:20' "
            "(write 80 for 1 h 20 min)",
        ),
    ),
    Case(
        "coercion-date",
        {"film.yaml": replace("year: 2024", "year: 2024-05-01")},
        ("sheets/film.yaml:7: year: expected a whole number from 1900 to 2100, got '2024-05-01'",),
    ),
    Case(
        "coercion-octal",
        {"film.yaml": replace("duration: 52", "duration: 0o64")},
        ("sheets/film.yaml:8: duration: expected a whole number of minutes from 1 to 1000, got '0o64'",),
    ),
    Case(
        "coercion-leading-zero-kept",
        {"film.yaml": replace("duration: 52", "duration: 052")},
        built=("film", "good"),
        printed=("52\u2032",),
    ),
    Case(
        "coercion-float",
        {"film.yaml": replace("year: 2024", "year: 2024.0")},
        ("sheets/film.yaml:7: year: expected a whole number from 1900 to 2100, got '2024.0'",),
    ),
    Case(
        "coercion-null",
        {"film.yaml": replace("title: Another Programme", "title: ~")},
        (f"sheets/film.yaml:1: title: {MISSING} text of 1 to 120 characters",),
    ),
    # Ids
    Case(
        "id-not-a-slug",
        {"Inside Belarus.yaml": VALID},
        (
            "sheets/Inside Belarus.yaml: id: 'Inside Belarus' is not a valid id; rename the file to lower-case "
            "letters, digits and single hyphens, e.g. 'inside-belarus.yaml'",
        ),
    ),
    Case(
        "id-double-hyphen",
        {"a--b.yaml": VALID},
        (
            "sheets/a--b.yaml: id: 'a--b' is not a valid id; rename the file to lower-case letters, digits and "
            "single hyphens, e.g. 'a-b.yaml'",
        ),
    ),
    Case(
        "id-too-long",
        {"a" * 239 + ".yaml": VALID},
        (
            f"sheets/{'a' * 239}.yaml: id: the id is 239 characters long; rename the file to at most 100, so that "
            "its sheet's file name fits on every disk",
        ),
    ),
    Case(
        "id-upper-case-suffix",
        {"Inside-Belarus.YAML": VALID},
        (
            "sheets/Inside-Belarus.YAML: id: 'Inside-Belarus' is not a valid id; rename the file to lower-case "
            "letters, digits and single hyphens, e.g. 'inside-belarus.yaml'",
        ),
    ),
    Case(
        "id-upper-case-suffix-only",
        {"film.YML": VALID},
        ("sheets/film.YML: id: rename the file to 'film.yml' (a lower-case suffix)",),
    ),
    Case(
        "id-control-characters",
        {"film\x1b[2J.yaml": VALID},
        (
            "sheets/film\\x1b[2J.yaml: id: 'film\\x1b[2J' is not a valid id; rename the file to lower-case letters, "
            "digits and single hyphens, e.g. 'film-2j.yaml'",
        ),
    ),
    Case(
        "id-undecodable-name",
        {os.fsdecode(b"film\xff.yaml"): VALID},
        (
            "sheets/film\\udcff.yaml: id: 'film\\udcff' is not a valid id; rename the file to lower-case letters, "
            "digits and single hyphens, e.g. 'film.yaml'",
        ),
    ),
    # What else a sheets folder holds: reported, never silently skipped; hidden files left alone
    Case(
        "sheets-dangling-symlink",
        {"@setup": lambda root: (root / "sheets" / "film.yaml").symlink_to("gone.yaml")},
        (
            "sheets/film.yaml: is a symbolic link to 'gone.yaml', which does not exist; restore that file or remove "
            "the link",
        ),
    ),
    Case(
        "sheets-symlink-loop",
        {"@setup": lambda root: (root / "sheets" / "film.yaml").symlink_to("film.yaml")},
        ("sheets/film.yaml: is a symbolic link that leads back to itself; remove it, or point it at a file",),
    ),
    Case(
        "sheets-symlink-to-a-file",
        {"@setup": _linked_programme},
        built=("film", "good"),
    ),
    Case(
        "sheets-folder",
        {"@setup": lambda root: (root / "sheets" / "film.yaml").mkdir()},
        ("sheets/film.yaml: is a folder, not a file; rename or move it",),
    ),
    Case(
        "sheets-pipe",
        {"@setup": lambda root: os.mkfifo(root / "sheets" / "film.yaml")},
        ("sheets/film.yaml: is not a regular file (a pipe or device); remove it",),
    ),
    Case("sheets-apple-double", {"._film.yaml": b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        "}),
    Case(
        "sheets-editor-lock",
        {"@setup": lambda root: (root / "sheets" / ".#film.yaml").symlink_to("someone@host.4242:1700000000")},
    ),
    Case(
        "id-duplicate",
        {"film.yaml": VALID, "film.yml": VALID},
        ("sheets/film.yml: id: 'film' is also the id of sheets/film.yaml; keep one of the two files",),
        built=("film", "good"),
    ),
    # Related ids
    Case(
        "related-missing",
        {"film.yaml": with_field("related: [nowhere]")},
        ("sheets/film.yaml:9: related: no programme 'nowhere'",),
    ),
    Case(
        "related-misspelt",
        {"film.yaml": with_field("related: [godo]")},
        ("sheets/film.yaml:9: related: no programme 'godo' (did you mean 'good'?)",),
    ),
    Case(
        "related-self",
        {"film.yaml": with_field("related: [film]")},
        ("sheets/film.yaml:9: related: 'film' is this programme itself; remove it",),
    ),
    Case(
        "related-zero-width",
        {"film.yaml": with_field('related: ["go\\u200bod"]')},
        ("sheets/film.yaml:9: related: item 1: 'go\\u200bod' hides invisible characters; type the id again",),
    ),
    Case(
        "related-twice",
        {"film.yaml": with_field("related: [good, good]")},
        ("sheets/film.yaml:9: related: 'good' is listed twice; keep one",),
    ),
    # Asset paths
    Case(
        "asset-absolute",
        {"film.yaml": with_field("key_art: /etc/passwd")},
        (
            "sheets/film.yaml:9: key_art: expected a path relative to the assets folder, got the absolute path "
            "'/etc/passwd'",
        ),
    ),
    Case(
        "asset-dotdot",
        {"film.yaml": with_field("key_art: ../../../etc/passwd")},
        (
            "sheets/film.yaml:9: key_art: '../../../etc/passwd' points outside the assets folder; keep images and "
            "fonts inside assets",
        ),
    ),
    Case(
        "asset-symlink-out",
        {"film.yaml": with_field("key_art: images/escape.jpg"), "@setup": _symlink_outside},
        (
            "sheets/film.yaml:9: key_art: 'images/escape.jpg' points outside the assets folder; keep images and "
            "fonts inside assets",
        ),
    ),
    Case(
        "asset-missing",
        {"film.yaml": with_field("key_art: images/nothing.jpg")},
        ("sheets/film.yaml:9: key_art: no file 'images/nothing.jpg' in assets",),
    ),
    # Images
    Case(
        "image-empty",
        {"film.yaml": with_field("key_art: images/art.jpg"), "assets/images/art.jpg": b""},
        ("sheets/film.yaml:9: key_art: the image file is empty",),
    ),
    Case(
        "image-truncated",
        {"film.yaml": with_field("key_art: images/art.jpg"), "assets/images/art.jpg": _jpeg((400, 300))[:600]},
        ("sheets/film.yaml:9: key_art: the image file is truncated; copy or export it again",),
    ),
    Case(
        "image-mislabelled",
        {"film.yaml": with_field("key_art: images/art.png"), "assets/images/art.png": _jpeg()},
        ("sheets/film.yaml:9: key_art: the file is named .png but holds a JPEG image; rename it to .jpg",),
    ),
    Case(
        "image-unsupported",
        {"film.yaml": with_field("key_art: images/art.gif"), "@setup": _gif},
        ("sheets/film.yaml:9: key_art: the file is GIF, not a JPEG, PNG, WebP or TIFF image; export it as JPEG",),
    ),
    Case(
        "image-not-an-image",
        {"film.yaml": with_field("key_art: images/art.jpg"), "assets/images/art.jpg": b"<html>not a picture</html>"},
        ("sheets/film.yaml:9: key_art: the file is not an image that can be read; export it again as JPEG or PNG",),
    ),
    Case(
        "image-decompression-bomb",
        {"film.yaml": with_field("key_art: images/art.png"), "assets/images/art.png": _png_declaring(100_000, 100_000)},
        ("sheets/film.yaml:9: key_art: the image declares more than 50 megapixels; it is refused",),
    ),
    # Text that looks like code is printed as typed
    Case(
        "text-reportlab-markup",
        {
            "film.yaml": replace(
                "A first paragraph of the synopsis.",
                '\'<b>bold</b> <font color=red>red</font> <img src="x.png"/> <a href="javascript:alert(1)">click</a>\'',
            )
        },
        built=("film", "good"),
        printed=('<b>bold</b> <font color=red>red</font> <img src="x.png"/> <a href="javascript:alert(1)">click</a>',),
    ),
    Case(
        "text-jinja-syntax",
        {
            "film.yaml": replace(
                "A first paragraph of the synopsis.",
                "'{{ brand.name }} {% for x in range(10**9) %}{% endfor %} {# c #}'",
            )
        },
        built=("film", "good"),
        printed=("{{ brand.name }} {% for x in range(10**9) %}{% endfor %} {# c #}",),
    ),
    Case(
        "text-format-strings",
        {"film.yaml": replace("A first paragraph of the synopsis.", "'%s %(title)s {0} {title!r} %n'")},
        built=("film", "good"),
        printed=("%s %(title)s {0} {title!r} %n",),
    ),
    Case(
        "text-long-word",
        {"film.yaml": replace("A first paragraph of the synopsis.", "W" + "o" * 400 + "rd")},
        built=("film", "good"),
    ),
    Case(
        "text-nul",
        {"film.yaml": replace("title: Another Programme", 'title: "Another\\0Programme"')},
        ("sheets/film.yaml:1: title: contains the control character U+0000 NULL; remove it",),
    ),
    Case(
        "text-nul-byte",
        {"film.yaml": replace("year: 2024", "year: 20\x0024")},
        (
            "sheets/film.yaml:7: contains the control character U+0000 NULL at column 9; remove it (files "
            "damaged in transfer, or text pasted from a terminal, carry such bytes)",
        ),
    ),
    Case(
        "text-control",
        {"film.yaml": replace("title: Another Programme", 'title: "Another\\x1bProgramme"')},
        ("sheets/film.yaml:1: title: contains the control character U+001B ESCAPE; remove it",),
    ),
    Case(
        "text-control-in-field-name",
        {"film.yaml": with_field('"\\e[2J\\a\\u202e": x')},
        ("sheets/film.yaml:9: \\x1b[2J\\x07\\u202e: unknown field",),
    ),
    Case(
        "text-control-in-value",
        {"film.yaml": replace("year: 2024", 'year: "20\\e]0;pwned\\a24"')},
        ("sheets/film.yaml:7: year: expected a whole number from 1900 to 2100, got '20\\x1b]0;pwned\\x0724'",),
    ),
    Case(
        "text-bidi-override",
        {"film.yaml": replace("title: Another Programme", 'title: "Another \\u202eemmargorP"')},
        (
            "sheets/film.yaml:1: title: contains the invisible character U+202E RIGHT-TO-LEFT OVERRIDE, which can "
            "make the printed text read differently from the file; remove it",
        ),
    ),
    Case(
        "text-bidi-isolate",
        {"film.yaml": replace("One sentence", "One \u2066sentence\u2069")},
        (
            "sheets/film.yaml:2: logline: contains the invisible character U+2066 LEFT-TO-RIGHT ISOLATE, which can "
            "make the printed text read differently from the file; remove it",
        ),
    ),
    # Text pasted from web pages and word processors: kept with its meaning
    Case(
        "text-zero-width-space",
        {"film.yaml": replace("title: Another Programme", 'title: "Another\\u200bProgramme"')},
        built=("film", "good"),
        printed=("AnotherProgramme",),
    ),
    Case(
        "text-soft-hyphens",
        {"film.yaml": replace("A first paragraph", "Die Donau\u00addampf\u00adschiff\u00adfahrts\u00adgesellschaft")},
        built=("film", "good"),
        printed=("Die Donaudampfschifffahrtsgesellschaft of the synopsis.",),
    ),
    Case(
        "text-joiners-marks-and-no-break-spaces",
        {
            "film.yaml": replace(
                "One sentence that",
                "One\u00a0sentence\u2060that\u202fsays\u200e it\u200f, \u200dthe\u200c file\ufeff says",
            )
        },
        built=("film", "good"),
        printed=("One\u00a0sentencethat\u00a0says it", "the file says"),
    ),
    Case(
        "text-decomposed-accents",
        {"film.yaml": replace("title: Another Programme", "title: Cafe\u0301 Lumie\u0300re")},
        built=("film", "good"),
        printed=("Café Lumière",),
    ),
    Case(
        "text-line-and-paragraph-separators",
        {"film.yaml": replace("title: Another Programme", 'title: "Line one\\u2028line two"') + "rights: A\u2029B\n"},
        built=("film", "good"),
        printed=("Line one line two", "A B"),
    ),
    Case(
        "text-emoji",
        {"film.yaml": replace("title: Another Programme", "title: Another Programme 🎬")},
        (
            "sheets/film.yaml:1: title: no font has a glyph for U+1F3AC (🎬); "
            + TRIED.format(first="RobotoCondensed-Bold")
            + "; remove the character or add a font that has it to fonts.fallbacks in brand.yaml",
        ),
    ),
    Case(
        "text-unsupported-script",
        {"film.yaml": with_field("original_title: ሰላም ኢትዮጵያ")},
        (
            "sheets/film.yaml:9: original_title: no font has a glyph for U+1230 (ሰ), U+120B (ላ), U+121D (ም), "
            "U+12A2 (ኢ), U+1275 (ት); "
            + TRIED.format(first="RobotoCondensed-Italic")
            + "; remove the character or add a font that has it to fonts.fallbacks in brand.yaml",
        ),
    ),
    Case(
        "limits-come-from-the-page",
        {
            "film.yml": replace("title: Another Programme", 'title: "Born in the USSR: 28 Up <Parts 1 & 2>"')
            + "versions: [Russian/Belarusian original with English subtitles, ENG]\n"
            + "formats: [4K UHD HDR10 with Dolby Atmos and a stereo downmix]\n"
            + "awards: [Winner of the Grand Prize of the International Documentary Festival of Amsterdam]\n"
        },
        built=("film", "good"),
        printed=(
            "Born in the USSR: 28 Up <Parts 1 & 2>",
            "Russian/Belarusian original with English subtitles, ENG",
        ),
    ),
    Case(
        "text-every-script",
        {"film.yaml": with_field("original_title: 東京物語 · 서울 · עברית · العربية · हिन्दी · ไทย · ქართ · Հայ")},
        built=("film", "good"),
        printed=("東京物語",),
    ),
    Case(
        "text-european-scripts",
        {"film.yaml": with_field('original_title: "Ωραία Ελλάδα — Славная Русь — Łódź Ärger Øresund Şişli Ţară"')},
        built=("film", "good"),
        printed=("Ωραία Ελλάδα — Славная Русь — Łódź Ärger Øresund Şişli Ţară",),
    ),
    # Links
    *(
        Case(
            f"screener-{scheme.rstrip(':/')}",
            {"film.yaml": with_field(f'screener: "{scheme}x"')},
            (f"sheets/film.yaml:9: screener: expected an https:// link, got '{scheme}x'",),
        )
        for scheme in ("javascript:", "file:///etc/", "data:text/html,", "ftp://example.com/", "mailto:")
    ),
    Case(
        "screener-http",
        {"film.yaml": with_field("screener: http://example.com/watch")},
        (
            "sheets/film.yaml:9: screener: expected an https:// link, got 'http://example.com/watch'; use the "
            "https:// address (every platform gives one)",
        ),
    ),
    Case(
        "screener-hidden-host",
        {"film.yaml": with_field("screener: https://vimeo.com@evil.example/watch")},
        (
            "sheets/film.yaml:9: screener: the link leads to evil.example, not to 'vimeo.com': remove "
            "'vimeo.com@' from it",
        ),
    ),
    Case(
        "screener-broken-brackets",
        {"film.yaml": with_field('screener: "https://[vimeo.com/123"')},
        (
            "sheets/film.yaml:9: screener: 'https://[vimeo.com/123' is not a valid link; copy it again from the "
            "address bar",
        ),
    ),
    Case(
        "screener-international-host",
        {"film.yaml": with_field("screener: https://müller-medien.de/sichtung/über")},
        built=("film", "good"),
    ),
    Case(
        "screener-too-long-for-a-qr-code",
        {"film.yaml": with_field("screener: https://example.com/" + "a" * 400)},
        (
            "sheets/film.yaml:9: screener: the link is 420 characters, too long for a QR code that scans at 21 mm "
            "(at most 331 characters); use a shorter link, such as the platform's share link",
        ),
    ),
    # Size
    Case(
        "size-huge-synopsis",
        {"film.yaml": replace("A first paragraph of the synopsis.", "word " * 200_000)},
        (
            "sheets/film.yaml:3: synopsis: got 1,000,036 characters, many pages' worth; a sheet holds about 600 "
            "words: shorten it",
        ),
    ),
    Case(
        "size-huge-number",
        {"film.yaml": replace("year: 2024", "year: " + "9" * 5000)},
        (
            "sheets/film.yaml:7: year: expected a whole number from 1900 to 2100, got '" + "9" * 120 + "…' (5,000 "
            "characters)",
        ),
    ),
    Case(
        "size-huge-value-echoed",
        {"film.yaml": replace("duration: 52", "duration: " + "x" * 100_000)},
        (
            "sheets/film.yaml:8: duration: expected a whole number of minutes from 1 to 1000, got '" + "x" * 120 + "…' "
            "(100,000 characters)",
        ),
    ),
    Case(
        "size-huge-file",
        {"film.yaml": VALID + "# " + "x" * 3_000_000 + "\n"},
        ("sheets/film.yaml: the file is larger than 2 MB; a programme file is text",),
    ),
]


def _wrong_types() -> list[Case]:
    """Every field given a value of the wrong shape, and what the field expects."""
    wrong = {
        "title": ("{a: b}", "text of 1 to 120 characters"), "logline": ("[a, b]", "text of 1 to 300 characters"),
        "synopsis": ("{a: b}", "text"), "year": ("[2020]", "a whole number from 1900 to 2100"),
        "duration": ("{a: 1}", "a whole number of minutes from 1 to 1000"),
        "episodes": ("[2]", "a whole number of at least 1"), "production": ("[a]", "text"),
        "directors": ("{a: b}", "a list of text"), "versions": ("{a: b}", "a list of text"),
        "country": ("[a]", "text"), "genres": ("{a: b}", "a list of text"),
        "key_art": ("[a.jpg]", "a path inside the assets folder"), "related": ("{a: b}", "a list of programme ids"),
        "original_title": ("[a]", "text of 1 to 120 characters"), "formats": ("{a: b}", "a list of text"),
        "status": ("{a: b}", "text"), "awards": ("{a: b}", "a list of awards"),
        "quotes": ("{a: b}", "a list of {text, source}"), "screener": ("[a]", "an https:// link"),
        "credits": ("[a]", "a mapping of role: name"), "cuts": ("52", "a list of {episodes, duration}"),
        "rights": ("[a]", "text"),
    }  # fmt: skip
    lines = {"title": 1, "logline": 2, "synopsis": 3, "year": 7, "duration": 8}  # where VALID has them; others added
    cases = []
    for name, (value, expected) in wrong.items():
        if name in lines:
            text = "\n".join(f"{name}: {value}" if line.startswith(f"{name}:") else line for line in VALID.split("\n"))
            if name == "synopsis":
                text = VALID.replace(VALID[VALID.index("synopsis") : VALID.index("year")], f"synopsis: {value}\n")
        else:
            text = with_field(f"{name}: {value}")
        got = {"{": "a mapping", "[": "a list"}.get(value[0], f"'{value}'")
        error = f"sheets/film.yaml:{lines.get(name, 9)}: {name}: expected {expected}, got {got}"
        cases.append(Case(f"type-{name}", {"film.yaml": text}, (error,)))
    return cases


CASES.extend(_wrong_types())
