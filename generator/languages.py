"""Language codes (BCP 47) as programme and brand files write them, and what
a language means for the page: its direction.

Only the shape of a tag is checked (`ja`, `zh-Hant`, `pt-BR`, `sr-Latn-RS`),
so every language a distributor sells in is accepted; a language's name
written instead of its code (`french`) gets the code suggested.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(-[a-z0-9]{5,8})*")
TAG_PATTERN = r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"  # a tag as a file may write it, in any case (for schemas)
_RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "syr"})
_RIGHT_TO_LEFT_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg"})
NAMES = {
    "arabic": "ar", "armenian": "hy", "bulgarian": "bg", "chinese": "zh", "croatian": "hr", "czech": "cs",
    "danish": "da", "dutch": "nl", "english": "en", "estonian": "et", "farsi": "fa", "finnish": "fi",
    "french": "fr", "georgian": "ka", "german": "de", "greek": "el", "hebrew": "he", "hindi": "hi",
    "hungarian": "hu", "icelandic": "is", "indonesian": "id", "italian": "it", "japanese": "ja", "korean": "ko",
    "latvian": "lv", "lithuanian": "lt", "norwegian": "no", "persian": "fa", "polish": "pl", "portuguese": "pt",
    "romanian": "ro", "russian": "ru", "serbian": "sr", "slovak": "sk", "slovenian": "sl", "spanish": "es",
    "swedish": "sv", "thai": "th", "turkish": "tr", "ukrainian": "uk", "urdu": "ur", "vietnamese": "vi",
}  # fmt: skip


def normalise_tag(text: str) -> str | None:
    """The tag in its usual case (`zh-hant` -> `zh-Hant`, `PT-br` -> `pt-BR`),
    or None if it is not shaped like a BCP 47 tag."""
    parts = text.strip().replace("_", "-").split("-")
    if not parts or not parts[0]:
        return None
    cased = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            cased.append(part.title())
        elif len(part) == 2 and part.isalpha():
            cased.append(part.upper())
        else:
            cased.append(part.lower())
    tag = "-".join(cased)
    return tag if _TAG.fullmatch(tag) else None


def language_problem(text: str) -> str:
    """Why `text` is not a language code, with the code to write."""
    suggestion = NAMES.get(text.strip().lower())
    hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
    return f"expected a language code such as en, fr, pt-BR or zh-Hant, got '{text}'{hint}"


def is_right_to_left(tag: str) -> bool:
    """Whether text in this language runs from right to left."""
    parts = tag.split("-")
    script = next((part for part in parts[1:] if len(part) == 4 and part.isalpha()), None)
    if script is not None:
        return script in _RIGHT_TO_LEFT_SCRIPTS
    return parts[0] in _RIGHT_TO_LEFT


def language_name(tag: str) -> str:
    """The language's English name for messages: `French`, `Portuguese
    (pt-BR)`; the tag itself for a language without one here."""
    base = tag.split("-")[0]
    name = _ENGLISH_NAMES.get(base)
    if name is None:
        return tag
    return name if tag == base else f"{name} ({tag})"


def candidates(tag: str) -> list[str]:
    """The tags whose text serves a language, most specific first:
    `pt-BR` -> `pt-BR`, `pt`; `zh-Hant-TW` -> `zh-Hant-TW`, `zh-Hant`, `zh`."""
    parts = tag.split("-")
    return ["-".join(parts[:count]) for count in range(len(parts), 0, -1)]


_ENGLISH_NAMES = {code: name.title() for name, code in NAMES.items() if name != "farsi"}
