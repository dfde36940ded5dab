"""The text column of a sheet: the logline, the synopsis (or the short one,
with a link to the full text) and press quotes, in the type of a density.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import design as d
from .boxes import Fill
from .compose import Block, Kit, Sketch
from .links import display, target
from .model import Programme
from .typeset import first_units

_QUOTE_MARKS = re.compile(r"^[\s\"'“”„«»‘’‚‹›「『]+|[\s\"'“”„«»‘’‚‹›」』]+$")  # a quote's own marks and spaces


class TextColumn:
    """The text column of one programme, at any density."""

    def __init__(self, programme: Programme, kit: Kit) -> None:
        self.programme = programme
        self.kit = kit

    def synopsis(self, units: int | None = None) -> list[str]:
        """The synopsis, or its first `units` words (characters in scripts
        without spaces)."""
        paragraphs = list(self.programme.synopsis)
        return paragraphs if units is None else first_units(paragraphs, units)

    def block(self, density: d.Density, paragraphs: Sequence[str], more: str | None) -> Block:
        """Logline, the synopsis (or the short one, with `more`: the link to
        the full text) and press quotes, in the type of `density`."""
        return self._set(Block(self.kit.grid.main_w), density, paragraphs, more)

    def sketch(self, density: d.Density, paragraphs: Sequence[str], more: str | None) -> Block:
        """`block`'s column, each text in the fewest lines it could take: no
        taller than `block`'s, and so are the arrangements made with it,
        found at a fraction of the cost (see `Sketch`)."""
        return self._set(Sketch(self.kit.grid.main_w), density, paragraphs, more)

    def _set(self, block: Block, density: d.Density, paragraphs: Sequence[str], more: str | None) -> Block:
        kit = self.kit
        logline = kit.body(
            "italic", density.logline_pt, kit.colours.heading, density.logline_leading_pt / density.logline_pt
        )
        block.text(self.programme.logline, logline)
        body = kit.body("regular", density.body_pt, kit.colours.text, density.body_leading_pt / density.body_pt)
        block.gap(d.LOGLINE_GAP_PT)
        paragraph_gap = body.line_pt * (1 + d.PARAGRAPH_GAP) - body.cap_pt - body.descent_pt
        for number, paragraph in enumerate(paragraphs):
            block.gap(paragraph_gap if number else 0.0)
            block.text(paragraph, body)
        if more is not None:
            block.gap(d.MORE_GAP_PT)
            label = kit.body("bold", density.body_pt, kit.colours.heading, body.leading)
            text = f"{kit.env.labels.full_synopsis}{kit.env.labels.colon} {display(more)}"
            block.text(text, label, link=target(more))
        self._quotes(block, density)
        return block

    def _quotes(self, block: Block, density: d.Density) -> None:
        kit = self.kit
        quote = kit.body("italic", density.quote_pt, kit.colours.heading, d.QUOTE_LEADING)
        source = kit.label(d.QUOTE_SOURCE_PT, kit.colours.muted)
        for quoted in self.programme.quotes:
            block.gap(d.QUOTE_GAP_PT)
            top = block.height
            text = _QUOTE_MARKS.sub("", quoted.text.strip())
            block.text(kit.env.labels.quoted(text), quote, x=d.QUOTE_INDENT_PT)
            if quoted.source:
                block.gap(d.QUOTE_SOURCE_GAP_PT)
                block.text(quoted.source, source, x=d.QUOTE_INDENT_PT)
            block.add(Fill(0, top, d.QUOTE_RULE_PT, block.height - top, kit.colours.accent))
