"""Values as written in a file (str, int, lists, mappings) -> tidy YAML.

Fields come in the order given (the contract's), long text as block
scalars (paragraphs as a literal block, wrapped at the paragraph's spaces;
a long line folded), short lists on one line, and quotes only where a YAML
reader would take the text for something else (`NO`, `1:20`, `012`, `~`,
`- x`, `#x`, a trailing space): PyYAML's emitter decides, from the same
resolver rules that would misread the text. No comments.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import yaml

from .kinds import Raw

WIDTH = 80
FOLD_WIDTH = 72  # the emitter breaks a folded line at the first space past this column
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key, as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def dump_fields(values: Mapping[str, Raw], paragraphs: frozenset[str] = frozenset()) -> str:
    """A mapping of fields as tidy YAML; the fields named in `paragraphs`
    hold text whose paragraphs are separated by blank lines."""
    pairs = [(_scalar(key, 0), _node(value, len(key) + 2, key in paragraphs)) for key, value in values.items()]
    node = yaml.MappingNode(_MAP, pairs, flow_style=False)
    text: str = yaml.serialize(node, Dumper=_Dumper, allow_unicode=True, width=FOLD_WIDTH, indent=2, explicit_end=False)
    return text


def _node(value: Raw, used: int, paragraphs: bool = False) -> yaml.Node:
    """`used`: the columns the key takes on the value's first line."""
    if isinstance(value, bool):
        raise TypeError("booleans are written as text")
    if isinstance(value, int):
        return yaml.ScalarNode(_INT, str(value))
    if isinstance(value, float):
        return yaml.ScalarNode(_FLOAT, repr(value))
    if isinstance(value, str):
        return _scalar(value, used, paragraphs)
    if isinstance(value, list):
        items = [_node(item, 4) for item in value]
        return yaml.SequenceNode(_SEQ, items, flow_style=_fits_in_line(value, used))
    pairs = [(_scalar(key, 0), _node(item, len(key) + 6)) for key, item in value.items()]
    return yaml.MappingNode(_MAP, pairs, flow_style=False)


def _scalar(text: str, used: int, paragraphs: bool = False) -> yaml.ScalarNode:
    if paragraphs and ("\n" in text or used + len(text) > WIDTH):
        wrapped = "\n\n".join(
            textwrap.fill(p, WIDTH - 2, break_long_words=False, break_on_hyphens=False) for p in text.split("\n\n")
        )
        return yaml.ScalarNode(_STR, wrapped + "\n", style="|")
    if used + len(text) > WIDTH and " " in text:
        return yaml.ScalarNode(_STR, text, style=">")
    return yaml.ScalarNode(_STR, text)


def _fits_in_line(items: list[Raw], used: int) -> bool:
    """A list of short plain values goes on one line: `[ENG, FRA]`."""
    if not all(isinstance(item, str | int | float) for item in items) or not items:
        return not items
    return used + sum(len(str(item)) + 4 for item in items) <= WIDTH
