"""User-editable jinja2 templates -> the words printed around the data.

Templates in `assets/templates/` take precedence over the packaged defaults
in `generator/templates/`. Undefined names are errors that name the template
and line. Template output is plain text: escaping for the page happens when
it is laid out, so programme text can never act as markup or template code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .brand import Brand
from .errors import OnesheetError, Problem
from .model import Cut, Programme

PACKAGED = Path(__file__).parent / "templates"
COLUMN_BREAK = "---"


@dataclass(frozen=True)
class Labels:
    """Headings printed on sheets and in the catalogue, from labels.j2."""

    details: str
    credits: str
    awards: str
    related: str
    watch: str
    screener: str
    trailer: str
    more: str
    full_synopsis: str
    catalogue: str
    contents: str
    index: str
    digits: str
    other_scripts: str
    continued: str
    notes: str
    contact: str
    other_programmes: str
    page: str


def join_names(names: Sequence[str]) -> str:
    """`A`, `A & B`, `A, B & C`."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} & {names[-1]}"


def running_time(episodes: int, duration: int, cuts: Sequence[Cut] = ()) -> str:
    """`52′`, `4 × 26′` (minutes with a prime, a no-break space before the
    ×); with alternative cuts every version is counted: `1 × 90′ or 2 × 52′`."""
    if not cuts:
        return f"{duration}\u2032" if episodes == 1 else f"{episodes}\u00a0× {duration}\u2032"
    versions = [(episodes, duration), *((cut.episodes, cut.duration) for cut in cuts)]
    return " or ".join(f"{count}\u00a0× {minutes}\u2032" for count, minutes in versions)


class Texts:
    """The templates of one build, compiled once."""

    def __init__(self, assets: Path) -> None:
        self.user_folder = assets / "templates"
        self.env = ImmutableSandboxedEnvironment(
            loader=jinja2.ChoiceLoader(
                [jinja2.FileSystemLoader(str(self.user_folder)), jinja2.FileSystemLoader(str(PACKAGED))]
            ),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.labels = self._labels()

    def facts(self, programme: Programme) -> tuple[tuple[str, str], ...]:
        """(label, value) rows of the facts block, unset values left out."""
        rows: list[tuple[str, str]] = []

        def fact(label: object, value: object) -> str:
            if value not in (None, "", ()):
                rows.append((" ".join(str(label).split()), " ".join(str(value).split())))
            return ""

        self._render(
            "facts.j2",
            p=programme,
            fact=fact,
            running_time=running_time(programme.episodes, programme.duration, programme.cuts),
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
            line = " ".join(raw.split())
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
        return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]

    def email(self, **context: Any) -> tuple[str, str]:
        """Subject (the first line) and body of email.j2."""
        text = self._render("email.j2", **context).strip("\n")
        subject, _, body = text.partition("\n")
        return " ".join(subject.split()), body.strip("\n") + "\n"

    def _labels(self) -> Labels:
        module = self._call("labels.j2", lambda template: template.make_module({}))
        values = {}
        for item in fields(Labels):
            value = getattr(module, item.name, None)
            if value is None:
                raise OnesheetError(
                    [
                        Problem(
                            self.source("labels.j2"),
                            None,
                            item.name,
                            "label is not set; add {% set " + item.name + ' = "..." %}',
                        )
                    ]
                )
            values[item.name] = " ".join(str(value).split())
        return Labels(**values)

    def _render(self, name: str, **context: Any) -> str:
        return str(self._call(name, lambda template: template.render(**context)))

    def _call(self, name: str, action: Callable[[jinja2.Template], Any]) -> Any:
        try:
            return action(self.env.get_template(name))
        except jinja2.TemplateSyntaxError as exc:
            raise OnesheetError(
                [Problem(self.source(name), exc.lineno, None, f"template error: {exc.message}")]
            ) from None
        except jinja2.TemplateError as exc:
            line = _template_line(exc, name)
            raise OnesheetError([Problem(self.source(name), line, None, f"template error: {exc}")]) from None

    def source(self, name: str) -> Path:
        """The file a template is read from: the user's, else the packaged one."""
        user = self.user_folder / name
        return user if user.is_file() else PACKAGED / name


def _template_line(exc: BaseException, name: str) -> int | None:
    """The template line of a render error, from jinja2's rewritten traceback."""
    traceback = exc.__traceback__
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename.endswith(name):
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line
