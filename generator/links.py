"""Web links: which are accepted, what a PDF link or QR code points to, and
how a link is printed for a reader to type.

A link may be written as a reader sees it (`https://müller-medien.de/über`);
the PDF and the QR code get its ASCII form (IDNA host, percent-encoded
path). A link that would take the reader somewhere else than it shows
(`https://vimeo.com@evil.example/`) is refused.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

import idna

from .chars import hidden

_URL = re.compile(r"https?://\S+")
# RFC 5322 atext (printable ASCII but its specials) and UTF-8 (RFC 6531), written as what it leaves out: re
# compiles a class of every character from U+0080 in a step a character, 5 ms in every process
_ATOM = re.compile(r'[^\x00-\x20"(),.:;<>@\[\\\]\x7f]+')
MAX_ADDRESS_CHARS = 254
_URL_SAFE = "/:@!$&'()*+,;=-._~%?#[]"  # left as typed when percent-encoding the rest
_LOCAL_PART_SAFE = "!$'*+-=^_`{|}~."  # characters of an address's local part a mailto: link keeps as typed


def check_link(text: str, https_only: bool = True) -> str | None:
    """Why `text` is not an acceptable link, or None."""
    if any(c.isspace() or hidden(c) for c in text):
        return "the link contains spaces, invisible or control characters; type it again"
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018  # a port that is not a number raises here
    except ValueError:
        return f"'{text}' is not a valid link; copy it again from the address bar"
    scheme = parts.scheme.lower()
    if scheme == "http" and https_only:
        return f"expected an https:// link, got '{text}'; use the https:// address (every platform gives one)"
    if scheme not in ("https", "http") or not host:
        return f"expected an https:// link, got '{text}'"
    if "@" in parts.netloc:
        shown = parts.netloc.rsplit("@", 1)[0]
        return f"the link leads to {host}, not to '{shown}': remove '{shown}@' from it"
    try:
        host.encode("idna")
    except UnicodeError:
        return f"'{host}' is not a valid host name; copy the link again from the address bar"
    return None


def target(url: str) -> str:
    """The link in ASCII, as a PDF link or a QR code carries it."""
    parts = urlsplit(url)
    host = (parts.hostname or "").encode("idna").decode("ascii")
    netloc = f"{host}:{parts.port}" if parts.port is not None else host
    path, query, fragment = (quote(part, safe=_URL_SAFE) for part in (parts.path, parts.query, parts.fragment))
    return urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))


def link_for(text: str) -> str | None:
    """A mailto: link for a line that is an e-mail address, or the link a
    line contains; None for other text."""
    if is_address(text.strip()):
        return mailto(text.strip())
    match = _URL.search(text)
    return target(match[0]) if match else None


def is_address(text: str) -> bool:
    """Whether `text` is an e-mail address (`name@example.com`; a
    non-ASCII local part or domain too, RFC 6531)."""
    local, at, domain = text.rpartition("@")
    return (
        bool(at)
        and len(text) <= MAX_ADDRESS_CHARS
        and not any(c.isspace() or hidden(c) for c in text)
        and all(_ATOM.fullmatch(part) for part in local.split("."))
        and ascii_domain(domain) is not None
    )


def ascii_domain(domain: str) -> str | None:
    """The domain in ASCII (`xn--mller-medien-dlb.de`), or None if it is not
    a domain name with a top-level domain of letters."""
    try:
        encoded = idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        return None
    labels = encoded.split(".")
    top = labels[-1]
    if len(labels) < 2 or not ((top.isalpha() and len(top) >= 2) or top.startswith("xn--")):
        return None
    return encoded


def mailto(address: str) -> str:
    """A mailto: link in ASCII, as a PDF link must be."""
    local, _, domain = address.rpartition("@")
    return f"mailto:{quote(local, safe=_LOCAL_PART_SAFE)}@{ascii_domain(domain) or quote(domain)}"


DISPLAY_CHARS = 64  # a link printed longer than this is shortened, at a slash or a dot


def display(url: str, limit: int = DISPLAY_CHARS) -> str:
    """A link as printed for a reader to type: without `https://` and
    `www.`, shortened (with an ellipsis) at a slash or a dot when it is
    long, never in the middle of a word, and free to break after its
    slashes and dots. The PDF link and the QR code carry the whole link."""
    parts = urlsplit(url)
    shown = (parts.hostname or "").removeprefix("www.")
    shown += f":{parts.port}" if parts.port is not None else ""
    shown += parts.path.rstrip("/")
    if parts.query:
        shown += f"?{parts.query}" if len(shown) + len(parts.query) < limit else "?…"
    if len(shown) > limit:
        cut = max(shown.rfind("/", 0, limit), shown.rfind(".", 0, limit), len(parts.hostname or "") - 4)
        shown = shown[:cut] + "/…" if shown[cut] == "/" else shown[:cut] + "…"
    return breakable(shown)


def printed(text: str) -> str:
    """A line of text as printed: a web link without its scheme (`display`),
    an e-mail address or a line holding a link free to break after its
    slashes, dots and @; other text as it is."""
    if text.startswith(("http://", "https://")):
        return display(text)
    return breakable(text) if link_for(text) else text


def breakable(text: str) -> str:
    """A link or e-mail address with places where a line may break: after
    each slash, @ and dot (a zero-width space, never printed)."""
    return re.sub(r"(?<=[/@.])(?=[^\s/.@])", "\u200b", text)
