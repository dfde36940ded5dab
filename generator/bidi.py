"""Logical text -> bidirectional embedding levels, and a line's visual order
(the Unicode Bidirectional Algorithm, UAX #9).

Programme text may not hold the explicit embedding, override and isolate
controls (the readers refuse them), so a paragraph is one isolating run
sequence and rules X1-X8 and X10 reduce to the paragraph level; the rest is
implemented in full, bracket pairs (N0) included: python-bidi reorders a
string but does not give the levels a line breaker needs. Direction marks
(LRM, RLM, ALM) are strong characters like any other; controls that slip in
through templates are treated as boundary neutrals (X9) and so ignored.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_STRONG_R = frozenset({"R", "AL"})
_NEUTRAL = frozenset({"B", "S", "WS", "ON"})
_REMOVED = frozenset({"BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
_CANONICAL_BRACKET = {"\u2329": "\u3008", "\u232a": "\u3009"}  # the same brackets for pairing (BD16)
_BRACKET_STACK = 63  # BD16: deeper nesting stops the pairing


def base_level(text: str, default: int = 0) -> int:
    """The paragraph level by rules P2-P3: 1 when the first strong character
    is right to left, 0 when it is left to right, `default` without one."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return 0
        if kind in _STRONG_R:
            return 1
    return default


def levels(text: str, paragraph: int) -> list[int]:
    """The embedding level of every character of a paragraph."""
    return list(_levels(text, paragraph))


@lru_cache(maxsize=4096)
def _levels(text: str, paragraph: int) -> tuple[int, ...]:
    original = [unicodedata.bidirectional(char) for char in text]
    kept = [i for i, kind in enumerate(original) if kind not in _REMOVED]  # X9
    types = [original[i] for i in kept]
    chars = [text[i] for i in kept]
    edge = "R" if paragraph % 2 else "L"  # sos and eos
    _weak(types, edge)
    _brackets(chars, types, [original[i] for i in kept], edge)
    _neutrals(types, edge)
    result = [paragraph] * len(text)
    for index, kind in zip(kept, types):
        if paragraph % 2 == 0:
            result[index] = paragraph + (1 if kind == "R" else 2 if kind in ("AN", "EN") else 0)  # I1
        else:
            result[index] = paragraph + (1 if kind in ("L", "EN", "AN") else 0)  # I2
    previous = paragraph
    for index, kind in enumerate(original):  # a removed character takes the level before it
        if kind in _REMOVED:
            result[index] = previous
        previous = result[index]
    return tuple(result)


def _weak(types: list[str], edge: str) -> None:
    """Rules W1-W7, in place."""
    previous = edge
    for i, kind in enumerate(types):  # W1
        if kind == "NSM":
            types[i] = previous
        previous = types[i]
    strong = edge
    for i, kind in enumerate(types):  # W2, W3
        if kind in ("L", "R", "AL"):
            strong = kind
        if kind == "EN" and strong == "AL":
            types[i] = "AN"
        if kind == "AL":
            types[i] = "R"
    for i in range(1, len(types) - 1):  # W4
        before, kind, after = types[i - 1], types[i], types[i + 1]
        if kind == "ES" and before == after == "EN":
            types[i] = "EN"
        elif kind == "CS" and before == after and before in ("EN", "AN"):
            types[i] = before
    i = 0
    while i < len(types):  # W5
        if types[i] != "ET":
            i += 1
            continue
        end = i
        while end < len(types) and types[end] == "ET":
            end += 1
        if (i > 0 and types[i - 1] == "EN") or (end < len(types) and types[end] == "EN"):
            types[i:end] = ["EN"] * (end - i)
        i = end
    for i, kind in enumerate(types):  # W6
        if kind in ("ES", "ET", "CS"):
            types[i] = "ON"
    strong = edge
    for i, kind in enumerate(types):  # W7
        if kind in ("L", "R"):
            strong = kind
        elif kind == "EN" and strong == "L":
            types[i] = "L"


def _strong(kind: str) -> str | None:
    """The direction a resolved type counts as for N0-N2 (numbers are R)."""
    if kind == "L":
        return "L"
    if kind in ("R", "EN", "AN"):
        return "R"
    return None


def _brackets(chars: list[str], types: list[str], original: list[str], edge: str) -> None:
    """Rule N0: a bracket pair takes the direction of what it encloses, or
    of the text before it; non-spacing marks after a bracket follow it."""
    embedding = edge
    for opening, closing in _bracket_pairs(chars, types):
        inside = {_strong(kind) for kind in types[opening + 1 : closing]}
        if embedding in inside:
            direction = embedding
        elif inside - {None}:
            context = edge
            for kind in reversed(types[:opening]):
                found = _strong(kind)
                if found is not None:
                    context = found
                    break
            direction = context  # the opposite direction only when the text before has it
        else:
            continue
        for index in (opening, closing):
            types[index] = direction
            after = index + 1
            while after < len(types) and original[after] == "NSM":
                types[after] = direction
                after += 1


def _bracket_pairs(chars: list[str], types: list[str]) -> list[tuple[int, int]]:
    """BD16: the bracket pairs of a paragraph, by position of the opening one."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for index, (char, kind) in enumerate(zip(chars, types)):
        if kind != "ON":
            continue
        char = _CANONICAL_BRACKET.get(char, char)
        closing = _closing_bracket(char)
        if closing is not None:
            if len(stack) == _BRACKET_STACK:
                break
            stack.append((closing, index))
        elif _is_closing_bracket(char):
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    pairs.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    return sorted(pairs)


@lru_cache(maxsize=512)
def _closing_bracket(char: str) -> str | None:
    """The bracket that closes `char` (Bidi_Paired_Bracket): an opening
    punctuation that is mirrored pairs with the next mirrored closing one."""
    if unicodedata.category(char) != "Ps" or not unicodedata.mirrored(char):
        return None
    for code in range(ord(char) + 1, ord(char) + 4):
        candidate = chr(code)
        if unicodedata.category(candidate) == "Pe" and unicodedata.mirrored(candidate):
            return _CANONICAL_BRACKET.get(candidate, candidate)
    return None


def _is_closing_bracket(char: str) -> bool:
    return unicodedata.category(char) == "Pe" and bool(unicodedata.mirrored(char))


def _neutrals(types: list[str], edge: str) -> None:
    """Rules N1-N2: a run of neutrals between two strong sides of the same
    direction takes it; any other takes the embedding direction."""
    i = 0
    while i < len(types):
        if types[i] not in _NEUTRAL:
            i += 1
            continue
        end = i
        while end < len(types) and types[end] in _NEUTRAL:
            end += 1
        before = (_strong(types[i - 1]) if i > 0 else None) or edge
        after = (_strong(types[end]) if end < len(types) else None) or edge
        direction = before if before == after else edge
        types[i:end] = [direction] * (end - i)
        i = end


def visual_order(line_levels: list[int]) -> list[int]:
    """Rule L2: the logical indices of a line's characters (or runs) in the
    order they are drawn from left to right."""
    order = list(range(len(line_levels)))
    if not line_levels:
        return order
    highest = max(line_levels)
    lowest_odd = min((level for level in line_levels if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if line_levels[order[i]] < level:
                i += 1
                continue
            end = i
            while end < len(order) and line_levels[order[end]] >= level:
                end += 1
            order[i:end] = reversed(order[i:end])
            i = end
    return order
