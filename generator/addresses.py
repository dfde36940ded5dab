"""E-mail addresses: checked where a brand or buyers file gives them, and
written out where they go, in an e-mail draft's headers and in mailto:
links on paper.

Internationalised addresses (`jürgen@müller-medien.de`, RFC 6530) are
accepted. A non-ASCII domain has an ASCII form (IDNA 2008, with the UTS 46
mapping that browsers use), which every mail system reads, so drafts and
links carry that (`links.mailto`). A non-ASCII local part has no ASCII
form: a draft to or from one is written with UTF-8 headers (RFC 6532), which
current mail clients open, and a link percent-encodes it (RFC 6068).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .chars import hidden
from .fields import Invalid
from .links import ascii_domain, is_address
from .load import Node, Scalar, describe

if TYPE_CHECKING:
    from email.headerregistry import Address

EXPECTED = "an address such as name@example.com"


def parse_email(node: Node) -> str | Invalid:
    """An e-mail address as written (trimmed), or why it is not one."""
    if not isinstance(node, Scalar) or node.is_null:
        return Invalid(f"expected {EXPECTED}, got {describe(node)}")
    text = node.text.strip()
    control = next((c for c in text if hidden(c)), None)
    if control is not None:
        return Invalid(f"contains the control character U+{ord(control):04X}; remove it")
    if not is_address(text):
        return Invalid(f"expected {EXPECTED}, got {describe(node)}")
    return text


def header_address(name: str, address: str) -> Address:
    """For a draft's From: or To: header; the local part as written."""
    from email.headerregistry import Address  # for packs only: 5 ms of imports a build or check saves

    local, _, domain = address.rpartition("@")
    return Address(name, local, ascii_domain(domain) or domain)


def needs_utf8_headers(*addresses: str) -> bool:
    """Whether a draft must be written with UTF-8 headers (RFC 6532): one
    of its addresses has a non-ASCII local part."""
    return any(not address.rpartition("@")[0].isascii() for address in addresses)
