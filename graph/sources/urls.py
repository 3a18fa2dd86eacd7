"""What a source's URL becomes: a valid http(s) IRI, or nothing.

A URL is kept only when it is ``http`` or ``https`` with a host (a name, an IPv4 address or a
bracketed IPv6 address) and an optional port, all valid as written. Its path, query and fragment
are made valid RFC 3987 IRI parts: characters an IRI allows stay as they are (Vietnamese letters
included, so ``tin-tức`` stays readable), anything else — spaces, controls, ``< > " { } | \\ ^ `
[ ]``, a second ``#``, a ``%`` not followed by two hex digits — is percent-encoded as UTF-8. A valid
IRI comes back unchanged, so a source's identity does not move. Any other scheme (``javascript:``,
``data:``, ``file:``), a missing or malformed host, or a bad port gives None: the source then has no
URL at all.
"""

from __future__ import annotations

import ipaddress
import re

SCHEMES = ("http", "https")

_AUTHORITY = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<authority>[^/?#]*)(?P<rest>.*)$", re.DOTALL)
_HOST_NAME = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.?$")
_PORT = re.compile(r"^\d{0,5}$")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_ASCII_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_SUB_DELIMS = frozenset("!$&'()*+,;=")
_PCHAR = _ASCII_UNRESERVED | _SUB_DELIMS | frozenset(":@")
_USERINFO = _ASCII_UNRESERVED | _SUB_DELIMS | frozenset(":")

# RFC 3987 ucschar and iprivate (the latter only in a query).
_UCSCHAR = ((0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF),
            *((plane, plane + 0xFFFD) for plane in range(0x10000, 0xE0000, 0x10000)), (0xE1000, 0xEFFFD))
_IPRIVATE = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))


def _in(ranges: tuple[tuple[int, int], ...], char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def _encoded(char: str) -> str:
    if 0xD800 <= ord(char) <= 0xDFFF:   # a lone surrogate has no UTF-8 form
        char = "\ufffd"
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))


def _component(text: str, extra: str, private: bool = False) -> str:
    """``text`` with every character an IRI part disallows percent-encoded; ``extra`` are also allowed."""
    out = []
    for index, char in enumerate(text):
        if char == "%":
            out.append("%" if _PERCENT.match(text, index) else "%25")
        elif char in _PCHAR or char in extra or (
            ord(char) > 0x7F and (_in(_UCSCHAR, char) or (private and _in(_IPRIVATE, char)))
        ):
            out.append(char)
        else:
            out.append(_encoded(char))
    return "".join(out)


def _valid_host(host: str) -> bool:
    if host.startswith("[") and host.endswith("]"):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return True
    return bool(_HOST_NAME.match(host)) and all(ord(c) < 0x80 or _in(_UCSCHAR, c) for c in host)


def _valid_authority(authority: str) -> bool:
    userinfo, at, hostport = authority.rpartition("@")
    if at and not all(c in _USERINFO or _in(_UCSCHAR, c) for c in _PERCENT.sub("", userinfo)):
        return False
    host, port = hostport, ""
    if (colon := hostport.rfind(":")) > hostport.rfind("]"):
        host, port = hostport[:colon], hostport[colon + 1:]
        if not _PORT.match(port) or (port and int(port) > 65535):
            return False
    return bool(host) and _valid_host(host)


def web_iri(value: str | None) -> str | None:
    """``value`` as a valid absolute http(s) IRI, or None when it cannot be one (see the module)."""
    if not value:
        return None
    value = value.strip().strip("".join(map(chr, range(0x21))))
    match = _AUTHORITY.match(value)
    if not match or match["scheme"].lower() not in SCHEMES or not _valid_authority(match["authority"]):
        return None
    rest = match["rest"]
    rest, hash_mark, fragment = rest.partition("#")
    path, question, query = rest.partition("?")
    iri = f"{match['scheme']}://{match['authority']}{_component(path, '/')}"
    if question:
        iri += "?" + _component(query, "/?", private=True)
    if hash_mark:
        iri += "#" + _component(fragment, "/?")
    return iri
