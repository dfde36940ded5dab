"""A programme in one language: its translation over the main text.

`in_language` makes the `Programme` that a sheet in a language prints, so
that layout needs to know nothing of translations: the translated fields
(with the lines they are written on) in place of the main ones, every text
set with the language's spacing (labels.j2). `untranslated` says which
fields that language prints from the main text instead, and `named` turns
the problems found on such a sheet into problems about the file as written:
`translations.fr.synopsis`, and the language they were found in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from .errors import Problem
from .languages import language_name
from .model import TRANSLATABLE, Programme, Translation
from .text import Labels

TRANSLATIONS = "translations"


def in_language(programme: Programme, language: str, main: bool, labels: Labels) -> Programme:
    """The programme as a sheet in `language` prints it (`main`: the
    brand's language, the programme's own text); an original title that
    reads as the title is printed once. Lines of translations are left
    out, so that nothing of one language changes another's."""
    translation = None if main else programme.translation(language)
    lines = {name: line for name, line in programme.lines.items() if not name.startswith(TRANSLATIONS)}
    values: dict[str, object] = {}
    if translation is not None:
        for name in translation.fields:
            values[name] = getattr(translation, name)
            lines[name] = translation.lines[name]
    same = not values and len(lines) == len(programme.lines)  # no translation: the programme as it is, not a copy
    version = programme if same else replace(programme, **values, lines=lines)  # type: ignore[arg-type]
    if version.original_title and version.original_title.casefold() == version.title.casefold():
        version = replace(version, original_title=None)  # a title in its own language: printed once
    return _spaced(version, labels) if labels.spaced_before or labels.spaced_after else version


def _spaced(p: Programme, labels: Labels) -> Programme:
    """Every translatable text with the language's spacing."""
    s = labels.spaced
    return replace(
        p,
        title=s(p.title),
        logline=s(p.logline),
        synopsis=tuple(map(s, p.synopsis)),
        short_synopsis=tuple(map(s, p.short_synopsis)),
        genres=tuple(map(s, p.genres)),
        status=s(p.status) if p.status else None,
        rights=s(p.rights) if p.rights else None,
        country=s(p.country) if p.country else None,
        awards=tuple(replace(award, text=s(award.text)) for award in p.awards),
        quotes=tuple(replace(quote, text=s(quote.text), source=quote.source and s(quote.source)) for quote in p.quotes),
    )


def untranslated(programme: Programme, language: str) -> tuple[str, ...]:
    """The fields the main text sets that the translation into `language`
    does not: a sheet in that language prints them as the main text has them."""
    translation = programme.translation(language) or Translation(language)
    return tuple(
        name for name in TRANSLATABLE if getattr(programme, name) and getattr(translation, name) is None
    )  # fmt: skip


def fallback_problem(programme: Programme, language: str, fields: Sequence[str], strict: bool) -> Problem:
    """What a sheet in `language` prints from the main text: a warning, or
    with `strict` (--strict-lang) an error."""
    name = language_name(language)
    translation = programme.translation(language)
    if translation is None:
        field, line = TRANSLATIONS, programme.lines.get(TRANSLATIONS)
        what, fix = f"no {name} text", f"add translations.{language} with {_listed(fields)}"
    else:
        field, line = f"{TRANSLATIONS}.{translation.language}", translation.line
        what = f"{_listed(fields)} not translated into {name}"
        fix = f"translate {'it' if len(fields) == 1 else 'them'}"
    if strict:
        return Problem(programme.path, line, field, f"{what}; {fix}, or build without --strict-lang")
    return Problem(programme.path, line, field, f"{what}: the {name} sheet prints the main text there")


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def named(problems: Iterable[Problem], programme: Programme, language: str, main: bool) -> list[Problem]:
    """Problems found on a sheet in `language`, as the programme's file
    writes them: a translated field by its place in `translations:`, and a
    problem of its text (or of the page) with the language it is in."""
    problems = list(problems)
    if main:
        return problems
    translation = programme.translation(language)
    translated = translation.fields if translation is not None else ()
    suffix = f" ({language_name(language)})"
    found = []
    for problem in problems:
        if problem.path != programme.path or problem.fault or (problem.field and problem.field not in TRANSLATABLE):
            found.append(problem)
        elif translation is not None and problem.field in translated:
            field = f"{TRANSLATIONS}.{translation.language}.{problem.field}"
            found.append(replace(problem, field=field, message=problem.message + suffix))
        else:
            found.append(replace(problem, message=problem.message + suffix))
    return found


def translated_sections(sections: Sequence[str], programmes: Iterable[Programme], language: str) -> tuple[str, ...]:
    """The brand's order of sections in `language`: each genre as the
    programmes that file under it translate it."""
    names: dict[str, str] = {}
    for programme in programmes:
        translation = programme.translation(language)
        if translation is not None and translation.genres and len(translation.genres) == len(programme.genres):
            for genre, translated in zip(programme.genres, translation.genres):
                names.setdefault(genre, translated)
    return tuple(names.get(section, section) for section in sections)
