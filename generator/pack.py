"""Buyer packs: a cover letter and the buyer's sales sheets in one PDF,
every page stamped "Prepared for <company> · <date>", and beside it an
.eml draft addressed to the buyer with the PDF attached.

The sheets are the ones `build` wrote; they are copied page by page with
pypdf and the stamp is merged over them, so what the buyer reads is the
sheet exactly as built.
"""

from __future__ import annotations

from dataclasses import dataclass
from email import policy
from email.message import EmailMessage

from . import design as d
from .addresses import header_address, needs_utf8_headers
from .boxes import Box, Page, Picture
from .buyers import Buyer
from .compose import Block, Env, Kit, run
from .direction import for_language
from .errors import OnesheetError, Problem
from .links import link_for
from .model import Programme
from .profiles import Profile, for_profile
from .render import DocumentInfo, render_pages
from .text import Labels
from .typeset import wrap


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
        scale = min(150 / brand.logo.width_px, 46 / brand.logo.height_px)
        width, height = brand.logo.width_px * scale, brand.logo.height_px * scale
        boxes.append(Picture(d.MARGIN_PT, kit.page_h - top - height, width, height, brand.logo, "contain"))
    else:
        heading = kit.heading("bold", 16, kit.colours.primary)
        boxes.append(run(wrap(brand.name, heading, kit.content_w / 2)[0], heading, d.MARGIN_PT, kit.page_h - top - 16))
    meta = kit.body("regular", 9, kit.colours.muted)
    dated = wrap(date + (f" · {part}" if part else ""), meta, kit.content_w / 2)[0]
    boxes.append(run(dated, meta, kit.page_w - d.MARGIN_PT - dated.width_pt, kit.page_h - top - 10))

    block = Block(kit.content_w * 0.78)
    block.text(buyer.name, kit.heading("bold", 13, kit.colours.primary, 1.2))
    block.gap(2)
    block.text(buyer.company, kit.body("regular", 10, kit.colours.text))
    block.height += 28
    context = {
        "buyer": buyer, "titles": titles, "contact": buyer.contact, "brand": brand, "date": date, "labels": env.labels
    }  # fmt: skip
    body = kit.body("regular", 10.5, kit.colours.text, 1.45)
    for paragraph in env.texts.paragraphs("letter.j2", **context):
        block.gap(9)
        block.text(paragraph, body)
    block.gap(20)
    title_style = kit.heading("bold", 10.5, kit.colours.primary, 1.2)
    meta_style = kit.heading("regular", 8.5, kit.colours.muted, 1.2)
    logline_style = kit.body("regular", 8.5, kit.colours.text, 1.35)
    for title in titles:
        block.gap(10)
        block.text(title.title, title_style, x=12)
        block.gap(2)
        block.text(f"{title.running_time}  ·  {title.year}", meta_style, x=12)
        block.gap(2)
        block.text(title.logline, logline_style, x=12)
    if buyer.contact is not None:
        block.gap(26)
        contact = buyer.contact
        block.text(contact.name, kit.heading("bold", 11, kit.colours.primary, 1.2))
        for value in (contact.role, contact.email, contact.phone):
            if value:
                style = kit.body("regular", 9.5, kit.colours.text, 1.4)
                block.lines(wrap(value, style, block.width), style, link=link_for(value))
    room = kit.page_h - 2 * top - 80
    if block.height > room:
        over = f"the cover letter is {block.height - room:.0f} pt too long for one page"
        raise OnesheetError(
            [Problem(buyer.path, buyer.line, buyer.id, f"{over}; list fewer titles or shorten the note")]
        )
    boxes.extend(block.place(d.MARGIN_PT, top + 80, kit.page_h))
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
