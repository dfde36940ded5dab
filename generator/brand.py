"""assets/brand.yaml -> a validated, frozen `Brand` with defaults filled in.

Only `name` is required, so a two-line brand file builds. Paths resolve
against the assets folder and may not leave it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .addresses import parse_email
from .errors import OnesheetError, Problem, shown
from .fields import FieldReader, Invalid, parse_asset, parse_language, parse_record, parse_short, parse_text
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
from .load import Mapping, Node, Scalar, Sequence, describe, load_mapping

BRAND_FIELDS = {
    "name": "the distributor's name; document author and footer wordmark (required)",
    "logo": "PNG or JPEG logo in the assets folder, printed in every footer",
    "colors": 'primary, accent and text colours as "#RRGGBB"',
    "fonts": "heading and body fonts: a .ttf path, or {regular, bold, italic, bold_italic}; fallbacks: fonts "
    "tried in order for characters they lack",
    "contacts": "sales contacts: {name, role, email, phone}",
    "website": "the distributor's website, an https:// link",
    "address": "postal address, one line per line",
    "page_size": "A4 (default) or Letter",
    "language": "language of the sheets' text (BCP 47: en, ar, ja...); right to left for Arabic, Hebrew...",
    "catalogue": "the booklet: {title, subtitle, sections (their order), cover (an image)}",
}
CATALOGUE_FIELDS = ("title", "subtitle", "sections", "cover")
COLOR_DEFAULTS = {"primary": "#1F3A4D", "accent": "#E07A2E", "text": "#1A1A1A"}
CONTACT_FIELDS = ("name", "role", "email", "phone")
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

    @property
    def page_size_pt(self) -> tuple[float, float]:
        return PAGE_SIZES_PT[self.page_size]


def read_brand(path: Path, assets: Path) -> Brand:
    """Read and validate the brand file; raises OnesheetError with every problem."""
    if not path.is_file():
        raise OnesheetError(
            [Problem(path, None, None, "no brand file; create it with at least a line `name: Your Company`")]
        )
    problems: list[Problem] = []
    mapping = load_mapping(path, "brand fields such as name: Your Company", problems)
    reader = FieldReader(path, mapping, problems, BRAND_FIELDS, strict=True)
    name = reader.text("name", required=True, max_chars=120, too_long=None)
    logo = reader.image("logo", assets)
    colours = _read_colours(reader)
    fonts, fallbacks = _read_fonts(reader, assets)
    contacts = reader.items("contacts", lambda node: _parse_contact(node), "a list of {name, role, email, phone}")
    website = reader.url("website", https_only=False)
    address = reader.read("address", _parse_lines, "text, one line per line")
    page_size = reader.read("page_size", _parse_page_size, "A4 or Letter")
    catalogue = _read_catalogue_style(reader, assets)
    language = reader.read("language", parse_language, "a language code such as en")
    if problems or name is None:
        raise OnesheetError(problems)
    return Brand(
        path=path,
        name=name,
        logo=logo,
        contacts=contacts,
        website=website,
        address=address or (),
        page_size=page_size or "A4",
        catalogue=catalogue,
        heading=fonts.get("heading", DEFAULT_HEADING),
        body=fonts.get("body", DEFAULT_BODY),
        fallbacks=fallbacks,
        language=language or "en",
        **colours,
    )


def _read_catalogue_style(reader: FieldReader, assets: Path) -> CatalogueStyle:
    section = reader.section("catalogue", CATALOGUE_FIELDS, 'title: "Catalogue 2026"')
    if section is None:
        return CatalogueStyle()
    return CatalogueStyle(
        section.text("title", max_chars=120, too_long=None), section.text("subtitle"), section.texts("sections"),
        section.image("cover", assets),
    )  # fmt: skip


def _read_colours(reader: FieldReader) -> dict[str, Colour]:
    colours = reader.section("colors", COLOR_DEFAULTS, 'primary: "#1F3A4D"')
    if colours is None:
        return {}
    found: dict[str, Colour] = {}
    for key in COLOR_DEFAULTS:
        value = colours.read(key, _parse_colour, '"#RRGGBB" or {rgb: "#RRGGBB", cmyk: [c, m, y, k]}')
        if value is not None:
            found[key] = value
    return found


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
    expected = "expected four percentages [c, m, y, k] from 0 to 100"
    if not isinstance(node, Sequence) or len(node.items) != 4:
        return Invalid(f"{expected}, got {describe(node)}")
    values = []
    for item in node.items:
        try:
            value = float(item.text) if isinstance(item, Scalar) else -1.0
        except ValueError:
            value = -1.0
        if not 0 <= value <= 100:
            return Invalid(f"{expected}, got {describe(item)}")
        values.append(value / 100)
    return (values[0], values[1], values[2], values[3])


def _read_fonts(reader: FieldReader, assets: Path) -> tuple[dict[str, FontFamily], tuple[Fallback, ...]]:
    roles = reader.section("fonts", ("heading", "body", "fallbacks"), "heading: fonts/Heading.ttf")
    if roles is None:
        return {}, ()
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


def _parse_contact(node: Node) -> Contact | Invalid:
    parsers = {field: parse_short for field in CONTACT_FIELDS} | {"email": parse_email}
    values = parse_record(node, "a contact {name, role, email, phone}", parsers, ("name",))
    if isinstance(values, Invalid):
        return values
    return Contact(**values)  # type: ignore[arg-type]


def _parse_lines(node: Node) -> tuple[str, ...] | Invalid:
    text = parse_text(node, 400, paragraphs=True)
    if isinstance(text, Invalid):
        return text
    assert isinstance(node, Scalar)
    return tuple(" ".join(line.split()) for line in node.text.splitlines() if line.strip())


def _parse_page_size(node: Node) -> str | Invalid:
    if isinstance(node, Scalar):
        for size in PAGE_SIZES_PT:
            if node.text.strip().lower() == size.lower():
                return size
    value = shown(node.text) if isinstance(node, Scalar) else describe(node)
    return Invalid(f"expected A4 or Letter, got {value}")
