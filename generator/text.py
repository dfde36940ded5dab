"""User-editable jinja2 templates -> the words printed around the data, in
one language.

A language's templates are looked up in order: the user's
`assets/templates/<code>/` (`pt-BR`, then `pt`), the user's
`assets/templates/` for the brand's own language, the packaged
`generator/templates/<code>/`, the packaged templates that hold no words
(`facts.j2`, `footer.j2`), and last the packaged English ones, which stand
in for a language that has none (`fallbacks` says which, naming the file to
add). labels.j2 is read label by label along that order, so a user's file
need only set the labels it rewords.

Undefined names are errors that name the template and line. Template
output is plain text: escaping for the page happens when it is laid out,
so programme text can never act as markup or template code.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import chars
from .brand import Brand
from .errors import OnesheetError, Problem
from .files import WriteError, user_cache, write_atomic
from .languages import candidates, language_name
from .model import Programme

PACKAGED = Path(__file__).parent / "templates"
FALLBACK = "en"  # the language of the packaged templates that stand in for a missing one
COLUMN_BREAK = "---"
NARROW_NO_BREAK_SPACE = "\u202f"
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TEMPLATE_KINDS = {"labels.j2": "labels", "letter.j2": "cover letter", "email.j2": "e-mail"}
PACK_TEMPLATES = ("letter.j2", "email.j2")  # printed in buyers' packs only, never on a sheet or booklet page


@dataclass(frozen=True)
class Fact:
    """One row of the facts block (or of the credits): a label and its
    value, as printed."""

    label: str
    value: str


@dataclass(frozen=True)
class Labels:
    """The words and typographic conventions of one language, from labels.j2.
    Words in braces (`{page}`) are filled in by `fill`."""

    details: str
    credits: str
    awards: str
    related: str
    watch: str
    screener: str
    trailer: str
    more: str
    full_synopsis: str
    year: str
    running_time: str
    director: str
    directors: str
    production: str
    country: str
    versions: str
    formats: str
    rights: str
    roles: tuple[tuple[str, str], ...]  # credit roles as files write them -> as printed
    minutes: str
    episodes: str
    alternatives: str
    catalogue_title: str
    contents: str
    index: str
    digits: str
    continued_title: str
    notes: str
    contact: str
    other_programmes: str
    page_ref: str
    letter: str
    prepared_for: str
    part: str
    date: str
    first_day: str  # how the first day of a month is written (French: 1er)
    months: tuple[str, ...]
    quote_open: str
    quote_close: str
    colon: str
    spaced_before: str
    spaced_after: str

    def texts(self) -> list[str]:
        """Every text a page may print of these labels."""
        found: list[str] = []
        for value in vars(self).values():
            if isinstance(value, str):
                found.append(value)
            else:
                found.extend(item if isinstance(item, str) else item[1] for item in value)
        return found

    def duration(self, programme: Programme) -> str:
        """The running time: `52′`, `4 × 26′` (in English); with alternative
        cuts every version is counted: `1 × 90′ or 2 × 52′`."""
        if not programme.cuts:
            if programme.episodes == 1:
                return fill(self.minutes, minutes=programme.duration)
            return fill(self.episodes, episodes=programme.episodes, minutes=programme.duration)
        versions = [(programme.episodes, programme.duration), *((cut.episodes, cut.duration) for cut in programme.cuts)]
        return f" {self.alternatives} ".join(fill(self.episodes, episodes=n, minutes=m) for n, m in versions)

    def format_date(self, text: str) -> str:
        """An ISO date (`2026-11-26`) in the language's form (`26 November
        2026`); any other text as it is."""
        match = _ISO_DATE.fullmatch(text.strip())
        if match is None or not 1 <= int(match[2]) <= 12 or not 1 <= int(match[3]) <= 31:
            return text
        day = self.first_day if int(match[3]) == 1 else int(match[3])
        return fill(self.date, day=day, month=self.months[int(match[2]) - 1], year=match[1])

    def quoted(self, text: str) -> str:
        return f"{self.quote_open}{text}{self.quote_close}"

    def spaced(self, text: str) -> str:
        """Text with the language's spacing: a space typed before one of
        `spaced_before` or after one of `spaced_after` (French `: ; ! ? « »`)
        becomes a narrow no-break space, which no line breaks at."""
        if self.spaced_before:
            text = _spacing(self.spaced_before, True).sub(NARROW_NO_BREAK_SPACE, text)
        if self.spaced_after:
            text = _spacing(self.spaced_after, False).sub(NARROW_NO_BREAK_SPACE, text)
        return text

    def role(self, role: str) -> str:
        """A credit role in this language, when labels.j2 lists it."""
        wanted = role.casefold()
        return next((printed for written, printed in self.roles if written.casefold() == wanted), role)


def fill(pattern: str, **values: object) -> str:
    """A label with its words in braces filled in: `fill("p. {page}", page=14)`.
    Braces of other words are left as they are."""
    for name, value in values.items():
        pattern = pattern.replace("{" + name + "}", str(value))
    return pattern


@lru_cache(maxsize=16)
def _spacing(marks: str, before: bool) -> re.Pattern[str]:
    group = "[" + re.escape(marks) + "]"
    return re.compile(f"[ \u00a0]+(?={group})" if before else f"(?<={group})[ \u00a0]+")


def join_names(names: Sequence[str]) -> str:
    """`A`, `A & B`, `A, B & C`."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} & {names[-1]}"


_OPTIONS: dict[str, Any] = {"undefined": jinja2.StrictUndefined, "autoescape": False, "trim_blocks": True,
                             "lstrip_blocks": True}  # fmt: skip
# what the code jinja2 compiles a template to depends on, besides the template
_COMPILER = hashlib.sha256(repr((jinja2.__version__, ImmutableSandboxedEnvironment, _OPTIONS)).encode()).hexdigest()


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, and in the
    user's cache folder for later processes (compiling labels, facts and
    footer took 21 ms in each), each checked by jinja2 against its source
    text before use: a build, check or pack compiles only the templates
    that changed since any build of this user compiled them. Kept with a
    digest of the code, so that a file damaged on disk is compiled again.
    Code that the user's own account wrote, as Python's compiled modules
    are, never in the untrusted output folder."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._kept.get(bucket.key)
        path = _code_path(bucket)
        if code is None and path is not None:
            with suppress(OSError):
                sealed = path.read_bytes()
                if hashlib.sha256(sealed[32:]).digest() == sealed[:32]:
                    code = sealed[32:]
        if code is not None:
            bucket.bytecode_from_string(code)  # dropped by jinja2 if the source changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._kept[bucket.key] = bucket.bytecode_to_string()
        path = _code_path(bucket)
        if path is not None:
            with suppress(WriteError):  # a cache that cannot be written: compiled again next time
                write_atomic(path, hashlib.sha256(code).digest() + code)


def _code_path(bucket: jinja2.bccache.Bucket) -> Path | None:
    """Where a template's code is kept; None for a user without a home."""
    try:
        folder = user_cache()
    except RuntimeError:  # no home folder to find
        return None
    return folder / "templates" / f"{bucket.key}-{_COMPILER[:16]}.code"


_COMPILED = _Compiled()


class Texts:
    """The templates of one language for one build, compiled once. `main`:
    the brand's own language, which also reads `assets/templates/`."""

    def __init__(self, assets: Path, language: str = "en", main: bool = True) -> None:
        self.language = language
        self.user_folder = assets / "templates"
        tags = candidates(language)
        folders = [
            *(self.user_folder / tag for tag in tags),
            *([self.user_folder] if main else []),
            *(PACKAGED / tag for tag in tags),
            PACKAGED,
            PACKAGED / FALLBACK,
        ]
        self.folders = list(dict.fromkeys(folders))
        self.env = ImmutableSandboxedEnvironment(
            loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(folder)) for folder in self.folders]),
            bytecode_cache=_COMPILED,
            **_OPTIONS,
        )
        self.labels, self._label_files = self._labels()

    def facts(self, programme: Programme) -> tuple[Fact, ...]:
        """(label, value) rows of the facts block, unset values left out."""
        rows: list[Fact] = []

        def fact(label: object, value: object) -> str:
            if value not in (None, "", ()):
                rows.append(Fact(chars.fold(str(label)), chars.fold(str(value))))
            return ""

        self._render(
            "facts.j2",
            p=programme,
            labels=self.labels,
            fact=fact,
            running_time=self.labels.duration(programme),
            directors=join_names(programme.directors),
            versions=", ".join(programme.versions),
            formats=" · ".join(programme.formats),
        )
        return tuple(rows)

    def footer(self, brand: Brand) -> tuple[tuple[str, ...], ...]:
        """Footer columns of lines; empty lines and empty columns dropped."""
        text = self._render("footer.j2", brand=brand)
        columns: list[tuple[str, ...]] = []
        current: list[str] = []
        for raw in [*text.splitlines(), COLUMN_BREAK]:
            line = chars.fold(raw)
            if line == COLUMN_BREAK:
                if current:
                    columns.append(tuple(current))
                current = []
            elif line:
                current.append(line)
        return tuple(columns)

    def paragraphs(self, name: str, **context: Any) -> list[str]:
        """A template's output as paragraphs (split at blank lines, white
        space folded)."""
        text = self._render(name, **context)
        return [chars.fold(block) for block in text.split("\n\n") if block.strip()]

    def email(self, **context: Any) -> tuple[str, str]:
        """Subject (the first line) and body of email.j2."""
        text = self._render("email.j2", **context).strip("\n")
        subject, _, body = text.partition("\n")
        return chars.fold(subject), body.strip("\n") + "\n"

    def source(self, name: str) -> Path:
        """The file a template is read from: the first of the search path."""
        return next((folder / name for folder in self.folders if (folder / name).is_file()), PACKAGED / name)

    def fallbacks(self, names: Sequence[str]) -> list[Problem]:
        """For each of the templates `names` that this language takes from
        the packaged English ones, a problem naming the file to add."""
        if FALLBACK in candidates(self.language):
            return []
        english = PACKAGED / FALLBACK
        name = language_name(self.language)
        problems = []
        for template in names:
            target = self.user_folder / candidates(self.language)[-1] / template
            translation = f"(a translation of {english / template})"
            if template != "labels.j2":
                if self.source(template).parent == english:
                    message = f"no {name} {_TEMPLATE_KINDS[template]}: printed in English instead; add this file"
                    problems.append(Problem(target, None, None, f"{message} {translation}"))
                continue
            missing = [label for label, path in self._label_files.items() if path.parent == english]
            if len(missing) == len(self._label_files):
                message = f"no {name} labels: printed in English instead; add this file {translation}"
            elif missing:
                shown = ", ".join(missing[:4]) + (", …" if len(missing) > 4 else "")
                message = (
                    f"{len(missing)} labels not in {name} ({shown}): printed in English instead; add them to this "
                    f"file {translation}"
                )
            else:
                continue
            problems.append(Problem(target, None, None, message))
        return problems

    def _labels(self) -> tuple[Labels, dict[str, Path]]:
        """Each label from the first labels.j2 of the search path that sets
        it, and the file it came from."""
        modules = [
            (folder / "labels.j2", self._call("labels.j2", lambda template: template.make_module({}), folder))
            for folder in self.folders
            if (folder / "labels.j2").is_file()
        ]
        values: dict[str, object] = {}
        files: dict[str, Path] = {}
        for item in fields(Labels):
            found = next(((path, getattr(m, item.name)) for path, m in modules if hasattr(m, item.name)), None)
            if found is None:
                message = "label is not set; add {% set " + item.name + ' = "..." %}'
                raise OnesheetError([Problem(self.source("labels.j2"), None, item.name, message)])
            path, value = found
            values[item.name] = _label(item.name, value, path)
            files[item.name] = path
        return Labels(**values), files  # type: ignore[arg-type]

    def _render(self, name: str, **context: Any) -> str:
        return str(self._call(name, lambda template: template.render(**context)))

    def _call(self, name: str, action: Callable[[jinja2.Template], Any], folder: Path | None = None) -> Any:
        """`action` on the template `name` (of `folder`, else the first of
        the search path); its errors as problems naming file and line."""
        try:
            if folder is None:
                template = self.env.get_template(name)
            else:
                template = jinja2.FileSystemLoader(str(folder)).load(self.env, name)
            return action(template)
        except jinja2.TemplateError as exc:  # the file is looked for only to name it
            source = self.source(name) if folder is None else folder / name
            if isinstance(exc, jinja2.TemplateSyntaxError):
                raise OnesheetError([Problem(source, exc.lineno, None, f"template error: {exc.message}")]) from None
            line = _template_line(exc, name)
            raise OnesheetError([Problem(source, line, None, f"template error: {exc}")]) from None


def _label(name: str, value: object, path: Path) -> object:
    """A label's value as Labels holds it: text with its breaking white
    space folded (no-break spaces kept), the 12 month names, the roles."""
    if name == "months":
        if not isinstance(value, list | tuple) or len(value) != 12:
            raise OnesheetError([Problem(path, None, name, 'expected a list of the 12 month names: ["January", ...]')])
        return tuple(chars.fold(str(month)) for month in value)
    if name == "roles":
        if not isinstance(value, dict):
            raise OnesheetError([Problem(path, None, name, 'expected a mapping such as {"Producer": "..."}')])
        return tuple((chars.fold(str(key)), chars.fold(str(text))) for key, text in value.items())
    return chars.fold(str(value))


def _template_line(exc: BaseException, name: str) -> int | None:
    """The template line of a render error, from jinja2's rewritten traceback."""
    traceback = exc.__traceback__
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename.endswith(name):
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line
