"""The ways to share a programme's content between the two columns under
the hero: the text column (`textcolumn.py`) and the side column
(`sections.py`).

Related titles and laurels may move from the side column to a grid under
the synopsis: of the arrangements, the layout takes the one whose taller
column is shortest, so the two columns end close together.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar, cast

from . import design as d
from .compose import Block, Kit
from .model import Programme
from .sections import Column, Sections

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


@dataclass(frozen=True)
class Arrangement:
    name: str  # where related titles go (side, grid, cards), and what else moved under the synopsis
    main: Column
    side: Column

    @property
    def height(self) -> float:
        return max(self.main.block.height, self.side.block.height)


class Columns:
    """The arrangements of one programme's columns. The side column and the
    sections that move under the synopsis are set in the same type at every
    density, so each is made once and shared by every density the layout
    tries."""

    def __init__(self, programme: Programme, kit: Kit) -> None:
        self.programme = programme
        self.kit = kit
        self.sections = Sections(programme, kit)
        self._made: dict[tuple[str, Hashable], object] = {}  # see _once

    def arrangements(self, main: Block) -> list[Arrangement]:
        """Every way to share the content between the text column `main`
        and the side column: related titles in the side column, in a grid
        under the synopsis, or in a grid with their pictures; awards and
        credits in the side column or across the text column under the
        synopsis."""
        programme, sections = self.programme, self.sections
        related = ["side"]
        if programme.related:
            related.append("grid")
            if any(self.kit.env.listings[pid].key_art is not None for pid in programme.related):
                related.append("cards")
        movable = [name for name in ("awards", "credits") if getattr(programme, name)]
        found: list[Arrangement] = []
        for related_in in related:
            for count in range(len(movable) + 1):
                moved = frozenset(movable[:count]) | ({"related"} if related_in != "side" else set())
                column = Column(Block(main.width), [])
                column.block.append(main)
                for name in movable[:count]:
                    column.block.gap(d.SECTION_GAP_PT)
                    column.block.append(self._once(sections.below, name))
                if related_in != "side":
                    grid = self._once(sections.related_grid, related_in == "cards")
                    column.block.gap(d.SECTION_GAP_PT)
                    top = column.block.height
                    column.block.append(grid.block)
                    column.refs += [ref.shifted(0.0, top) for ref in grid.refs]
                name = "+".join([related_in, *sorted(movable[:count])])
                found.append(Arrangement(name, column, self._once(sections.side, moved)))
        return found

    def _once(self, make: Callable[[K], T], argument: K) -> T:
        """`make(argument)`, made once for this programme."""
        key = (make.__name__, argument)
        if key not in self._made:
            self._made[key] = make(argument)
        return cast(T, self._made[key])


def fullest(arrangements: list[Arrangement], room: float) -> Arrangement | None:
    """Of the arrangements that fit in `room`, the one that leaves least of
    the two columns empty (the page is filled, not stretched); None when
    none fits."""
    fitting = [a for a in arrangements if a.height <= room]
    if not fitting:
        return None
    return max(
        fitting, key=lambda a: a.main.block.height * a.main.block.width + a.side.block.height * a.side.block.width
    )


def shortest(arrangements: list[Arrangement]) -> Arrangement:
    """The arrangement whose taller column is shortest."""
    return min(arrangements, key=lambda a: a.height)
