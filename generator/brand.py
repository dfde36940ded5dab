"""assets/brand.yaml -> a validated, frozen `Brand` with defaults filled in.

Only `name` is required, so a two-line brand file builds. Paths resolve
against the assets folder and may not leave it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .addresses import parse_email
from .errors import OnesheetError, Problem, did_you_mean, shown
from .fields import (
    FieldReader,
    Invalid,
    parse_asset,
    parse_language,
    parse_numbers,
    parse_record,
    parse_short,
    parse_text,
)
from .fonts import (
    DEFAULT_BODY,
    DEFAULT_HEADING,
    STYLES,
    Fallback,
    FontError,
    FontFamily,
    Styles,
    han_language,
    load_face,
)  # fmt: skip
from .images import ImageInfo
from .kinds import SCALAR, Custom, Field, Image, Kind, Raw, Record, Schema, Section, Text, Texts, Url, read_table
from .languages import TAG_PATTERN, candidates, language_name
from .links import MAX_ADDRESS_CHARS
from .load import Mapping, Node, Scalar, describe, load_mapping

COLOR_DEFAULTS = {"primary": "#1F3A4D", "accent": "#E07A2E", "text": "#1A1A1A"}
PAGE_SIZES_PT = {"A4": (595.2756, 841.8898), "Letter": (612.0, 792.0)}
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True)
class Colour:
    hex: str
    cmyk: tuple[float, float, float, float] | None = None  # 0 to 1, for print

    @property
    def rgb(self) -> tuple[float, float, float]:
        value = int(self.hex[1:], 16)
        return ((value >> 16) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255)


@dataclass(frozen=True)
class Contact:
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class CatalogueStyle:
    """How the booklet presents itself; every field optional."""

    title: str | None = None  # default: "Catalogue" and the latest production year
    subtitle: str | None = None
    sections: tuple[str, ...] = ()  # sections listed first, in this order
    cover: ImageInfo | None = None  # default: a mosaic of the programmes' key art


@dataclass(frozen=True)
class BrandTranslation:
    """The brand's own words in another language: the booklet's title and
    subtitle, and the contacts' roles (as the brand file writes them ->
    translated), with the line of each role."""

    language: str
    title: str | None = None
    subtitle: str | None = None
    roles: tuple[tuple[str, str], ...] = ()
    lines: tuple[int, ...] = field(default=(), compare=False)  # of each role


@dataclass(frozen=True)
class Brand:
    path: Path
    name: str
    logo: ImageInfo | None = None
    primary: Colour = Colour(COLOR_DEFAULTS["primary"])
    accent: Colour = Colour(COLOR_DEFAULTS["accent"])
    text: Colour = Colour(COLOR_DEFAULTS["text"])
    heading: FontFamily = DEFAULT_HEADING
    body: FontFamily = DEFAULT_BODY
    contacts: tuple[Contact, ...] = ()
    website: str | None = None
    address: tuple[str, ...] = ()
    page_size: str = "A4"
    catalogue: CatalogueStyle = CatalogueStyle()
    fallbacks: tuple[Fallback, ...] = ()
    language: str = "en"
    languages: tuple[str, ...] = ()  # further languages built by default
    translations: tuple[BrandTranslation, ...] = ()

    @property
    def page_size_pt(self) -> tuple[float, float]:
        return PAGE_SIZES_PT[self.page_size]

    def translation(self, language: str) -> BrandTranslation | None:
        by_language = {translation.language: translation for translation in self.translations}
        return next((by_language[tag] for tag in candidates(language) if tag in by_language), None)

    def in_language(self, language: str) -> Brand:
        """The brand as a sheet in `language` prints it: its translated
        words in place of its own (the others as they are)."""
        translation = self.translation(language) if language != self.language else None
        if translation is None:
            return self
        roles = dict(translation.roles)
        catalogue = replace(
            self.catalogue,
            title=translation.title or self.catalogue.title,
            subtitle=translation.subtitle or self.catalogue.subtitle,
        )
        contacts = tuple(replace(c, role=roles.get(c.role, c.role) if c.role else None) for c in self.contacts)
        return replace(self, catalogue=catalogue, contacts=contacts)

    def untranslated(self, language: str) -> tuple[str, ...]:
        """The brand's words a sheet in `language` prints untranslated."""
        if language == self.language:
            return ()
        translation = self.translation(language) or BrandTranslation(language)
        roles = dict(translation.roles)
        missing = [
            name
            for name, value, translated in (
                ("catalogue.title", self.catalogue.title, translation.title),
                ("catalogue.subtitle", self.catalogue.subtitle, translation.subtitle),
            )
            if value and not translated
        ]
        missing += [f"the role '{c.role}'" for c in self.contacts if c.role and c.role not in roles]
        return tuple(missing)


def read_brand(path: Path, assets: Path) -> Brand:
    """Read and validate the brand file; raises OnesheetError with every problem."""
    if not path.is_file():
        raise OnesheetError(
            [Problem(path, None, None, "no brand file; create it with at least a line `name: Your Company`")]
        )
    problems: list[Problem] = []
    mapping = load_mapping(path, "brand fields such as name: Your Company", problems)
    reader = FieldReader(path, mapping, problems, (f.name for f in BRAND), strict=True)
    values = read_table(reader, BRAND, assets)
    _check_languages(reader, values)
    if problems or values["name"] is None:
        raise OnesheetError(problems)
    fonts: dict[str, FontFamily]
    fallbacks: tuple[Fallback, ...]
    fonts, fallbacks = values.pop("fonts") or ({}, ())  # type: ignore[misc]
    colours: dict[str, Colour] = values.pop("colors") or {}  # type: ignore[assignment]
    return Brand(
        path=path,
        heading=fonts.get("heading", DEFAULT_HEADING),
        body=fonts.get("body", DEFAULT_BODY),
        fallbacks=fallbacks,
        **colours,  # type: ignore[arg-type]
        **values,  # type: ignore[arg-type]
    )


def _check_languages(reader: FieldReader, values: dict[str, object]) -> None:
    """Further languages other than the brand's own, each once; translated
    roles that some contact has."""
    languages, language = values["languages"], values["language"]
    assert isinstance(languages, tuple)
    for extra in languages:
        if extra == language or languages.count(extra) > 1:
            why = "the brand's own language" if extra == language else "listed twice"
            reader.problem(
                reader.line("languages"), "languages", f"'{extra}' is {why}; list each further language once"
            )
            break
    contacts, translations = values["contacts"], values["translations"]
    assert isinstance(contacts, tuple) and isinstance(translations, tuple)
    written = [contact.role for contact in contacts if contact.role]
    for translation in translations:
        for (role, _), line in zip(translation.roles, translation.lines):
            if role not in written:
                message = f"no contact has the role {shown(role)}{did_you_mean(role, written)}"
                reader.problem(line, f"translations.{translation.language}.roles", message)


class _Languages(Kind):
    """A list of language codes (BCP 47)."""

    expected = "a list of language codes such as [fr, de]"

    def read(self, reader: FieldReader, name: str, required: bool, assets: Path) -> object:
        return reader.items(name, parse_language, self.expected)

    def schema(self) -> Schema:
        return {"type": "array", "items": {"type": "string", "pattern": TAG_PATTERN}}

    def raw(self, value: Any, assets: Path) -> Raw:
        return list(value)


class _Translations(Kind):
    """`translations:` language code -> the brand's words in it: the
    booklet's title and subtitle, and roles as the contacts write them ->
    translated."""

    expected = "languages with the brand's words in each, such as fr: {catalogue: {subtitle: ...}}"

    def read(self, reader: FieldReader, name: str, required: bool, assets: Path) -> object:
        found: dict[str, BrandTranslation] = {}
        for tag, entry in reader.by_language(name, required, self.expected):
            field = f"{name}.{tag}"
            example = f"the brand's words in {language_name(tag)}: catalogue: {{title, subtitle}}, roles: {{role: ...}}"
            if not isinstance(entry.value, Mapping) or tag in found:
                got = "a second entry" if tag in found else describe(entry.value)
                reader.problem(entry.line, field, f"expected {example}, got {got}")
                continue
            words = FieldReader(reader.path, entry.value, reader.problems, ("catalogue", "roles"), True, f"{field}.")
            catalogue = words.section("catalogue", ("title", "subtitle"), "{title: ..., subtitle: ...}")
            title = catalogue.text("title", max_chars=120, too_long=None) if catalogue else None
            subtitle = catalogue.text("subtitle") if catalogue else None
            roles = words.read("roles", _parse_roles, "a mapping of role: translated role") or ()
            found[tag] = BrandTranslation(tag, title, subtitle, tuple(r[:2] for r in roles), tuple(r[2] for r in roles))
        return tuple(found.values())

    def schema(self) -> Schema:
        text = {"type": SCALAR, "maxLength": 1000}
        catalogue = {"type": "object", "properties": {"title": text, "subtitle": text}, "additionalProperties": False}
        roles = {"type": "object", "additionalProperties": text}
        words = {
            "type": "object",
            "properties": {"catalogue": catalogue, "roles": roles},
            "additionalProperties": False,
        }
        return {"type": "object", "propertyNames": {"pattern": TAG_PATTERN}, "additionalProperties": words}

    def raw(self, value: Any, assets: Path) -> Raw:
        found: dict[str, Raw] = {}
        for translation in value:
            words: dict[str, Raw] = {}
            catalogue = {k: v for k, v in (("title", translation.title), ("subtitle", translation.subtitle)) if v}
            if catalogue:
                words["catalogue"] = dict[str, Raw](catalogue)
            if translation.roles:
                words["roles"] = dict[str, Raw](translation.roles)
            found[translation.language] = words
        return found


def _parse_roles(node: Node) -> tuple[tuple[str, str, int], ...] | Invalid:
    """Contacts' roles as the brand file writes them -> translated, with
    the line of each."""
    if not isinstance(node, Mapping):
        return Invalid(f"expected a mapping of role: translated role, got {describe(node)}")
    roles = []
    for entry in node.entries:
        role = parse_short(entry.value)
        if isinstance(role, Invalid):
            return Invalid(f"{entry.key}: {role.message}")
        roles.append((entry.key, role, entry.line))
    return tuple(roles)


def _parse_colour(node: Node) -> Colour | Invalid:
    """ "#RRGGBB", or {rgb: "#RRGGBB", cmyk: [c, m, y, k]} with CMYK in
    percent (0-100) for print."""
    if isinstance(node, Mapping):
        values = parse_record(node, "a colour {rgb, cmyk}", {"rgb": _parse_hex, "cmyk": _parse_cmyk}, ("rgb",))
        if isinstance(values, Invalid):
            return values
        return Colour(str(values["rgb"]), values.get("cmyk"))  # type: ignore[arg-type]
    hex_value = _parse_hex(node)
    return hex_value if isinstance(hex_value, Invalid) else Colour(hex_value)


def _parse_hex(node: Node) -> str | Invalid:
    if isinstance(node, Scalar) and _HEX.fullmatch(node.text.strip()):
        return node.text.strip().upper()
    value = shown(node.text) if isinstance(node, Scalar) else describe(node)
    return Invalid(f'expected a colour as "#RRGGBB" (in quotes), got {value}')


def _parse_cmyk(node: Node) -> tuple[float, float, float, float] | Invalid:
    values = parse_numbers(node, 4, 100, "expected four percentages [c, m, y, k] from 0 to 100")
    if isinstance(values, Invalid):
        return values
    c, m, y, k = (value / 100 for value in values)
    return c, m, y, k


class _Fonts(Kind):
    """The heading and body fonts: a .ttf each, or {regular, bold, italic,
    bold_italic}; and fallbacks tried for characters they lack. The value
    is (families by role, fallbacks)."""

    expected = "heading: fonts/Heading.ttf"

    def read(self, reader: FieldReader, name: str, required: bool, assets: Path) -> object:
        roles = reader.section(name, ("heading", "body", "fallbacks"), self.expected)
        if roles is None:
            return None
        families: dict[str, FontFamily] = {}
        for role in ("heading", "body"):
            role_entry = roles.entry(role, False, "a .ttf file")
            if role_entry is None:
                continue
            node = role_entry.value
            if isinstance(node, Mapping):
                styles = FieldReader(reader.path, node, reader.problems, STYLES, True, f"{roles.prefix}{role}.")
                files = {style: _read_font(styles, style, assets, required=style == "regular") for style in STYLES}
            else:
                single = _read_font(roles, role, assets, required=True)
                files = dict.fromkeys(STYLES, single)
            regular = files["regular"]
            if regular is not None:
                families[role] = Styles(*(files[style] or regular for style in STYLES))
        expected = "a list of font files, or of {regular, bold, language}"
        return families, roles.items("fallbacks", lambda node: _parse_fallback(node, assets), expected)

    def schema(self) -> Schema:
        font = {"type": "string", "pattern": r"\S"}
        styles = {
            "type": "object",
            "properties": dict.fromkeys(STYLES, font),
            "required": ["regular"],
            "additionalProperties": False,
        }
        fallback = {
            "type": "object",
            "properties": {"regular": font, "bold": font, "language": {"type": "string", "pattern": r"\S"}},
            "required": ["regular"],
            "additionalProperties": False,
        }
        return {
            "type": "object",
            "properties": {
                **dict.fromkeys(("heading", "body"), {"anyOf": [font, styles]}),
                "fallbacks": {"type": "array", "items": {"anyOf": [font, fallback]}},
            },
            "additionalProperties": False,
        }


def _parse_fallback(node: Node, assets: Path) -> Fallback | Invalid:
    """A fallback font: one .ttf, or {regular, bold, language} where the
    language (ja, ko, zh-Hans, zh-Hant) says whose Han forms it draws."""
    if not isinstance(node, Mapping):
        font = _parse_font(node, assets)
        return font if isinstance(font, Invalid) else Fallback(load_face(font).label, font, font)
    parsers = {"regular": lambda n: _parse_font(n, assets), "bold": lambda n: _parse_font(n, assets),
               "language": parse_language}  # fmt: skip
    values = parse_record(node, "a fallback font {regular, bold, language}", parsers, ("regular",))
    if isinstance(values, Invalid):
        return values
    regular = values["regular"]
    assert isinstance(regular, Path)
    bold = values.get("bold", regular)
    assert isinstance(bold, Path)
    language = values.get("language")
    return Fallback(load_face(regular).label, regular, bold, han_language(str(language)) if language else None)


def _parse_font(node: Node, assets: Path) -> Path | Invalid:
    path = parse_asset(node, assets)
    if isinstance(path, Invalid):
        return path
    try:
        load_face(path)
    except FontError as exc:
        return Invalid(f"the font {path.name} {exc}")
    return path


def _read_font(reader: FieldReader, field: str, assets: Path, required: bool) -> Path | None:
    return reader.read(field, lambda node: _parse_font(node, assets), "a path inside the assets folder", required)


def _parse_lines(node: Node) -> tuple[str, ...] | Invalid:
    text = parse_text(node, 400, paragraphs=True)
    if isinstance(text, Invalid):
        return text
    assert isinstance(node, Scalar)
    return tuple(" ".join(line.split()) for line in node.text.splitlines() if line.strip())


def _given(**colours: Colour | None) -> dict[str, Colour]:
    return {role: colour for role, colour in colours.items() if colour is not None}


def _caseless(word: str) -> str:
    """A regular expression for a word in any case (JSON Schema patterns have no flags)."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


def _parse_page_size(node: Node) -> str | Invalid:
    if isinstance(node, Scalar):
        for size in PAGE_SIZES_PT:
            if node.text.strip().lower() == size.lower():
                return size
    value = shown(node.text) if isinstance(node, Scalar) else describe(node)
    return Invalid(f"expected A4 or Letter, got {value}")


# An address as `addresses.parse_email` takes it, as far as a pattern can say: a local part, @, a dotted domain.
EMAIL_SCHEMA = {"type": "string", "pattern": r"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$", "maxLength": MAX_ADDRESS_CHARS}
_COLOUR_HINT = '"#RRGGBB" or {rgb: "#RRGGBB", cmyk: [c, m, y, k]}'
_COLOUR = Custom(
    _parse_colour,
    _COLOUR_HINT,
    {
        "anyOf": [
            {"type": "string", "pattern": r"^\s*#[0-9A-Fa-f]{6}\s*$"},
            {
                "type": "object",
                "properties": {
                    "rgb": {"type": "string", "pattern": r"^\s*#[0-9A-Fa-f]{6}\s*$"},
                    "cmyk": {"type": "array", "items": {"type": "number", "minimum": 0, "maximum": 100}, "minItems": 4,
                             "maxItems": 4},
                },
                "required": ["rgb"],
                "additionalProperties": False,
            },
        ]
    },
)  # fmt: skip
COLOURS = tuple(
    Field(role, _COLOUR, f"the {role} colour, {_COLOUR_HINT}; default {default}", default)
    for role, default in COLOR_DEFAULTS.items()
)
CONTACT = (
    Field("name", Text(), "the contact's name", "Élodie Marchand", required=True),
    Field("role", Text(), "their role", "Head of Sales"),
    Field(
        "email", Custom(parse_email, "an e-mail address", EMAIL_SCHEMA), "their e-mail address", "elodie@example.com"
    ),
    Field("phone", Text(), "their phone number, as printed", "+33 1 99 00 12 34"),
)
CATALOGUE = (
    Field("title", Text(120, too_long=None), 'default: "Catalogue" and the latest production year', "Catalogue 2026"),
    Field("subtitle", Text(), "printed under the title on the cover", "Documentaries and series"),
    Field("sections", Texts(), "these sections first, in this order; the others A-Z", ["Current Affairs", "Society"]),
    Field("cover", Image(), "the cover picture; default: a mosaic of key art", "images/cover.jpg"),
)

# The brand file's fields, in the order of the contract's example.
BRAND = (
    Field(
        "name", Text(120, too_long=None), "the distributor's name; document author and footer wordmark",
        "Lanterna Docs International", required=True,
    ),
    Field("logo", Image(), "PNG or JPEG logo in the assets folder, printed in every footer", "images/logo.png"),
    Field(
        "colors", Section(COLOURS, _given, 'primary: "#1F3A4D"'),
        'primary, accent and text colours as "#RRGGBB"', {"primary": "#1F3A4D"},
    ),
    Field(
        "fonts", _Fonts(), "heading and body fonts: a .ttf path, or {regular, bold, italic, bold_italic}; "
        "fallbacks: fonts tried in order for characters they lack",
        {"heading": "fonts/Heading-Bold.ttf"},
    ),
    Field(
        "contacts", Record("a contact {name, role, email, phone}", CONTACT, Contact),
        "sales contacts: {name, role, email, phone}", [{"name": "Élodie Marchand", "email": "elodie@example.com"}],
        default=(),
    ),
    Field("website", Url(https_only=False), "the distributor's website, an https:// link", "https://www.example.com"),
    Field(
        "address", Custom(_parse_lines, "text, one line per line", {"type": SCALAR, "maxLength": 400}),
        "postal address, one line per line", "12 passage des Archives\n75003 Paris, France", default=(),
    ),
    Field(
        "page_size",
        Custom(_parse_page_size, "A4 or Letter",
               {"type": "string", "pattern": f"^\\s*({'|'.join(_caseless(size) for size in PAGE_SIZES_PT)})\\s*$"}),
        "A4 (default) or Letter", "A4", default="A4",
    ),
    Field(
        "catalogue", Section(CATALOGUE, CatalogueStyle, 'title: "Catalogue 2026"'),
        "the booklet: {title, subtitle, sections (their order), cover (an image)}", {"title": "Catalogue 2026"},
        default=CatalogueStyle(),
    ),
    Field(
        "language", Custom(parse_language, "a language code such as en", {"type": "string", "pattern": r"\S"}),
        "language of the sheets' text (BCP 47: en, ar, ja...); right to left for Arabic, Hebrew...", "en",
        default="en",
    ),
    Field(
        "languages", _Languages(), "further languages to build from the programmes' translations (BCP 47)", ["fr"],
        default=(),
    ),
    Field(
        "translations", _Translations(),
        "the brand's words in other languages: the booklet's title and subtitle, the contacts' roles",
        {"fr": {"catalogue": {"subtitle": "Documentaires et séries"}, "roles": {"Head of Sales": "Ventes"}}},
        default=(),
    ),
)  # fmt: skip
