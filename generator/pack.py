"""Buyer packs: a cover letter and the buyer's sales sheets in one PDF,
every page stamped "Prepared for <company> · <date>", and beside it an
.eml draft addressed to the buyer with the PDF attached.

The sheets are the ones `build` wrote, in the buyer's language; they are
copied page by page (`assemble.assemble_pack`) and the stamp is laid over
them, so what the buyer reads is the sheet exactly as built. A pack
build (`build.build_packs`) reads the inputs once, draws the sheets the
packs send (`wanted`), then makes every buyer's pack (`make_packs`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from . import design as d
from .addresses import header_address, needs_utf8_headers
from .assemble import assemble_pack
from .boxes import Box, Page, Picture
from .brand import Brand
from .build import edition_language
from .buyers import Buyer, BuyerFile, read_buyers
from .catalogue import read_selection
from .compose import Block, Env, Kit, run
from .direction import for_language
from .errors import OnesheetError, Problem, did_you_mean, shown
from .files import WriteError, remove, write_atomic
from .footer import logo_size
from .links import link_for
from .model import Catalogue, Programme, check_references
from .pictures import ImageStore, prepare_pictures
from .preflight import MB
from .profiles import Profile, for_profile
from .render import DocumentInfo, render_pages
from .text import PACK_TEMPLATES, Labels, fill
from .typeset import wrap

if TYPE_CHECKING:
    from .build import Inputs, _Run

# Groups are weighed before their letters say which part they are: that text,
# added after, must still leave the pack under the limit.
SPLIT_HEADROOM = 0.98


@dataclass(frozen=True)
class Title:
    """What templates know of a title in a pack."""

    id: str
    title: str
    logline: str
    running_time: str
    year: int


def titles_of(programmes: list[Programme], labels: Labels) -> list[Title]:
    return [Title(p.id, p.title, p.logline, labels.duration(p), p.year) for p in programmes]


def layout_letter(buyer: Buyer, programmes: list[Programme], env: Env, date: str, part: str = "") -> Page:
    """The cover letter in the env's language: brand, date (as the language
    writes it), the buyer, the letter from letter.j2, the titles enclosed,
    and the salesperson's signature."""
    kit = Kit(env)
    brand = env.brand
    titles = titles_of(programmes, env.labels)
    boxes: list[Box] = []
    top = d.PAGE_TOP_PT
    if brand.logo is not None:
        width, height = logo_size(brand.logo, d.LETTER_LOGO_MAX_W_PT, d.LETTER_LOGO_MAX_H_PT)
        boxes.append(Picture(d.MARGIN_PT, kit.page_h - top - height, width, height, brand.logo, "contain"))
    else:
        heading = kit.heading("bold", d.LETTER_WORDMARK_PT, kit.colours.primary)
        line = wrap(brand.name, heading, kit.content_w / 2)[0]
        boxes.append(run(line, heading, d.MARGIN_PT, kit.page_h - top - d.LETTER_WORDMARK_PT))
    meta = kit.body("regular", d.LETTER_DATE_PT, kit.colours.muted)
    dated = wrap(date + (f" · {part}" if part else ""), meta, kit.content_w / 2)[0]
    boxes.append(run(dated, meta, kit.page_w - d.MARGIN_PT - dated.width_pt, kit.page_h - top - d.LETTER_DATE_DROP_PT))

    block = Block(kit.content_w * d.LETTER_MEASURE)
    block.text(buyer.name, kit.heading("bold", d.LETTER_NAME_PT, kit.colours.primary))
    block.gap(d.LETTER_NAME_GAP_PT)
    block.text(buyer.company, kit.body("regular", d.LETTER_COMPANY_PT, kit.colours.text))
    block.down(d.LETTER_ADDRESS_GAP_PT)
    context = {
        "buyer": buyer, "titles": titles, "contact": buyer.contact, "brand": brand, "date": date, "labels": env.labels
    }  # fmt: skip
    body = kit.body("regular", d.LETTER_PT, kit.colours.text, d.LETTER_LEADING)
    for paragraph in env.texts.paragraphs("letter.j2", **context):
        block.gap(d.LETTER_PARAGRAPH_GAP_PT)
        block.text(paragraph, body)
    block.gap(d.LETTER_TITLES_GAP_PT)
    title_style = kit.heading("bold", d.LETTER_TITLE_PT, kit.colours.primary)
    meta_style = kit.heading("regular", d.LETTER_TITLE_META_PT, kit.colours.muted)
    logline_style = kit.body("regular", d.LETTER_TITLE_META_PT, kit.colours.text, d.LETTER_LOGLINE_LEADING)
    indent = d.LETTER_TITLE_INDENT_PT
    for title in titles:
        block.gap(d.LETTER_TITLE_GAP_PT)
        block.text(title.title, title_style, x=indent)
        block.gap(d.LETTER_TITLE_LINE_GAP_PT)
        block.text(f"{title.running_time}  ·  {title.year}", meta_style, x=indent)
        block.gap(d.LETTER_TITLE_LINE_GAP_PT)
        block.text(title.logline, logline_style, x=indent)
    if buyer.contact is not None:
        block.gap(d.LETTER_SIGNATURE_GAP_PT)
        contact = buyer.contact
        block.text(contact.name, kit.heading("bold", d.LETTER_SIGNATURE_PT, kit.colours.primary))
        for value in (contact.role, contact.email, contact.phone):
            if value:
                style = kit.body("regular", d.LETTER_CONTACT_PT, kit.colours.text, d.LETTER_CONTACT_LEADING)
                block.lines(wrap(value, style, block.width), style, link=link_for(value))
    room = kit.page_h - 2 * top - d.LETTER_BODY_TOP_PT
    if block.height > room:
        over = f"the cover letter is {block.height - room:.0f} pt too long for one page"
        raise OnesheetError(
            [Problem(buyer.path, buyer.line, buyer.id, f"{over}; list fewer titles or shorten the note")]
        )
    boxes.extend(block.place(d.MARGIN_PT, top + d.LETTER_BODY_TOP_PT, kit.page_h))
    return for_language(Page(kit.page_w, kit.page_h, tuple(boxes)), env.language)


def stamp_page(text: str, env: Env, profile: Profile) -> bytes:
    """A transparent page the size of a sheet in `profile`, with the stamp
    discreetly set at the foot of the right edge, inside the trimmed page,
    to merge over every page of a pack."""
    kit = Kit(env)
    style = kit.body("italic", d.STAMP_PT, kit.colours.muted)
    line = wrap(text, style, kit.page_w / 2)[0]
    stamp = run(line, style, kit.page_w - d.MARGIN_PT - line.width_pt, d.STAMP_BASELINE_PT)
    page = for_profile(for_language(Page(kit.page_w, kit.page_h, (stamp,)), env.language), profile)
    return render_pages([page], DocumentInfo("", "", "", ()), {})


def email_draft(buyer: Buyer, env: Env, titles: list[Title], attachment: str, pdf: bytes) -> bytes:
    """An unsent e-mail (opens as a draft in common mail clients) addressed
    to the buyer, subject and body from email.j2, the pack attached."""
    brand = env.brand
    context = {
        "buyer": buyer, "titles": titles, "contact": buyer.contact, "brand": brand, "attachment": attachment,
        "labels": env.labels,
    }  # fmt: skip
    subject, body = env.texts.email(**context)
    sender = buyer.contact if buyer.contact is not None and buyer.contact.email else None
    addresses = [buyer.email, *([sender.email] if sender and sender.email else [])]
    message = EmailMessage(policy=policy.SMTPUTF8 if needs_utf8_headers(*addresses) else policy.default)
    if sender is not None and sender.email:
        message["From"] = header_address(sender.name, sender.email)
    message["To"] = header_address(buyer.name, buyer.email)
    message["Subject"] = subject
    message["X-Unsent"] = "1"
    message.set_content(body)
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=attachment)
    return message.as_bytes()


# Making packs ----------------------------------------------------------------


@dataclass(frozen=True)
class PackRequest:
    """Which packs to make (see `build_packs`)."""

    buyers: Path
    buyer: str | None = None  # one buyer, or all of the file
    titles: tuple[str, ...] = ()  # instead of each buyer's own titles
    selection: Path | None = None  # or the titles of a selection file
    date: str = ""
    limit_mb: float = 10.0  # attachment limit of one e-mail
    split: bool = False  # over the limit: several e-mails instead of an error


def chosen_buyers(buyers: BuyerFile, request: PackRequest) -> list[Buyer]:
    if request.buyer is None:
        return list(buyers.valid.values())
    if request.buyer in buyers.invalid:
        return []  # its problems are reported
    if request.buyer not in buyers.valid:
        hint = did_you_mean(request.buyer, buyers.valid)
        raise OnesheetError([Problem(request.buyers, None, None, f"no buyer {shown(request.buyer)}{hint}")])
    return [buyers.valid[request.buyer]]


def drawn_titles(buyer: Buyer, request: PackRequest, programme_folder: Path, known: Collection[str]) -> set[str]:
    """The programmes whose sheets a buyer's pack needs drawn: none when its
    titles are refused whatever the sheets (an unknown id, one twice, none
    at all), which `make_pack` then reports."""
    try:
        source, field, references = _titles(buyer, request, programme_folder)
    except OnesheetError:
        return set()
    if not references or check_references(source, field, references, known, known, ""):
        return set()
    return {pid for pid, _ in references}


def wanted(request: PackRequest, programme_folder: Path, brand: Brand, catalogue: Catalogue) -> dict[str, set[str]]:
    """The programmes to draw for the chosen buyers' packs, by the language
    whose sheets serve each buyer (the brand's own when none is chosen)."""
    try:
        chosen = chosen_buyers(read_buyers(request.buyers, brand), request)
    except OnesheetError:
        chosen = []  # reported when the packs are made
    drawn: dict[str, set[str]] = {}
    for buyer in chosen:
        titles = drawn_titles(buyer, request, programme_folder, catalogue.ids)
        drawn.setdefault(edition_language(buyer.language, brand), set()).update(titles)
    return drawn or {brand.language: set()}


def make_packs(request: PackRequest, run: _Run, inputs: Inputs) -> None:
    """Every chosen buyer's pack, in the buyer's language, from the sheets
    the run drew; a buyer with a problem stops no other."""
    report = run.report
    try:
        buyers = read_buyers(request.buyers, inputs.brand)
        chosen = chosen_buyers(buyers, request)
    except OnesheetError as exc:
        report.fail(exc.problems, [])
        return
    report.fail(buyers.problems, [])
    for buyer in chosen:
        edition = run.editions[edition_language(buyer.language, inputs.brand)]
        env = run.env(inputs, edition.language)
        report.warnings.extend(env.texts.fallbacks(PACK_TEMPLATES))
        failed = report.failed_for(edition.language)
        valid = {pid: p for pid, p in edition.programmes.items() if p.path not in failed}
        try:
            report.packs.extend(
                make_pack(
                    run.paths.out,
                    run.paths.cache / "images",
                    run.options.profile,
                    request,
                    buyer,
                    env,
                    edition.sheet_folder,
                    valid,
                    inputs.catalogue.ids,
                    run.paths.sheets,
                )  # fmt: skip
            )
        except WriteError:
            raise
        except OnesheetError as exc:
            report.fail(exc.problems, [])


def _titles(
    buyer: Buyer, request: PackRequest, programme_folder: Path
) -> tuple[Path, str, tuple[tuple[str, int], ...]]:
    """The titles a pack sends, with their lines, and the file and field
    that name them: a selection's, --titles (ids of the files in
    `programme_folder`) or the buyer's own."""
    if request.selection is not None:
        selection = read_selection(request.selection)
        return selection.path, "titles", selection.ids
    if request.titles:
        return programme_folder, "--titles", tuple((title, 0) for title in request.titles)
    return buyer.path, "titles", buyer.titles


def make_pack(
    out: Path,
    images: Path,
    profile: Profile,
    request: PackRequest,
    buyer: Buyer,
    env: Env,
    sheet_folder: Path,
    valid: dict[str, Programme],
    known: list[str],
    programme_folder: Path,
) -> list[Path]:
    """Write one buyer's pack (or its parts, with --split) into OUT/packs,
    and e-mail drafts, from the sheets built in `sheet_folder` (in the
    buyer's language) and the build's prepared pictures in `images`. Titles
    passed with --titles are ids of the files in `programme_folder`, and
    their problems are reported there, as `build ID` reports its own."""
    source, field, references = _titles(buyer, request, programme_folder)
    problems = check_references(
        source, field, references, known, valid, "has errors (see its file); fix them to include it"
    )
    if not references:
        problems.append(
            Problem(buyer.path, buyer.line, buyer.id, "no titles to send; list them under titles: or pass --titles")
        )
    if problems:
        raise OnesheetError([replace(p, line=p.line or None) for p in problems])
    programmes = [valid[pid] for pid, _ in references]
    sheets = {p.id: sheet_folder / f"{p.id}.pdf" for p in programmes}
    labels = env.labels
    date = labels.format_date(request.date)
    prepared = fill(labels.prepared_for, company=buyer.company, date=date)
    stamp = stamp_page(prepared, env, profile)
    store = ImageStore(images, profile.dpi)

    def make(group: list[Programme], part: str = "") -> bytes:
        page = for_profile(layout_letter(buyer, group, env, date, part), profile)
        letter = render_pages([page], DocumentInfo("", "", "", ()), prepare_pictures([page], store))
        info = DocumentInfo(
            prepared, env.brand.name, f"{buyer.name}, {buyer.company}", tuple(p.title for p in group), env.language
        )
        buffer = io.BytesIO()
        assemble_pack(letter, [(p.title, sheets[p.id]) for p in group], stamp, info, labels.letter, buffer)
        return buffer.getvalue()

    limit = request.limit_mb * MB
    groups = _split(programmes, lambda group: len(make(group)), limit) if request.split else [programmes]
    written: list[Path] = []
    for number, group in enumerate(groups, start=1):
        pdf = make(group, fill(labels.part, number=number, count=len(groups)) if len(groups) > 1 else "")
        target = out / "packs" / f"{buyer.id}-{number}.pdf" if len(groups) > 1 else out / "packs" / f"{buyer.id}.pdf"
        draft = target.with_suffix(".eml")
        remove(draft)  # the earlier draft attaches the earlier pack
        write_atomic(target, pdf)
        written.append(target)
        if len(pdf) > limit:
            message = (
                f"the pack weighs {len(pdf) / MB:.1f} MB, over the {request.limit_mb:g} MB attachment limit, so no "
                "e-mail was drafted; pass --split to send it in several e-mails, or send fewer titles"
            )
            raise OnesheetError([Problem(buyer.path, buyer.line, buyer.id, message)])
        write_atomic(draft, email_draft(buyer, env, titles_of(group, labels), target.name, pdf))
    return written


def _split(programmes: list[Programme], weigh: Callable[[list[Programme]], int], limit: float) -> list[list[Programme]]:
    """Consecutive groups of titles, each as large as stays under the limit
    once made into a pack (a single title too heavy on its own stands alone)."""
    groups: list[list[Programme]] = []
    for programme in programmes:
        if groups and weigh([*groups[-1], programme]) <= limit * SPLIT_HEADROOM:
            groups[-1].append(programme)
        else:
            groups.append([programme])
    return groups
