"""The :class:`Source` record every reader produces, and :class:`SourceError`."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

ARTICLE = "article"
OFFICIAL_DOCUMENT = "official_document"
CATALOGUE = "catalogue"   # a list of document records (graph.sources.catalogue), not a text


@dataclass
class OfficialHeader:
    """Facts read from the formal header of an official document."""

    issuer: str | None = None        # as written, e.g. "QUỐC HỘI", "TỈNH ỦY LẠNG SƠN"
    number: str | None = None        # as written after "Số:", e.g. "91/2015/QH13"
    place: str | None = None         # "Hà Nội"
    date: str | None = None          # ISO date "2015-11-24"
    doc_type: str | None = None      # type line in capitals, e.g. "BỘ LUẬT"
    title: str | None = None         # subject lines, e.g. "DÂN SỰ", "về xây dựng …"
    issued_by: str | None = None     # the "CỦA …" line under the type, e.g. "BAN THƯỜNG VỤ TỈNH ỦY"
    motto: str | None = None         # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" / "ĐẢNG CỘNG SẢN VIỆT NAM"


@dataclass
class Source:
    """One article or official document, read and cleaned, before extraction.

    ``text`` is the body in NFC with the original tone placement (display
    form); character offsets of later stages refer to it. ``path`` is where it
    was read (as named on the command line, ``#`` and the archive member or
    ``L`` and the line number after it); ``relative_path`` is the same path
    as it may be published: never absolute (see :func:`relative_to`).
    """

    path: str
    text: str
    sha256: str
    kind: str = ARTICLE
    title: str | None = None
    published: str | None = None     # ISO 8601; "+07:00" when a time is known
    url: str | None = None           # a valid http(s) IRI (graph.sources.urls.web_iri) or None
    author: str | None = None
    author_affiliation: str | None = None
    publisher: str | None = None
    views: int | None = None
    section: str | None = None
    summary: str | None = None
    source_id: str | None = None     # an id given by the source itself (JSON Lines "id")
    encoding: str = "utf-8"
    header: OfficialHeader | None = None
    extra: dict[str, str] = field(default_factory=dict)  # header lines such as "# doc_id = …"
    relative_path: str = ""

    def __post_init__(self) -> None:
        self.path = printable_path(self.path)
        self.relative_path = printable_path(self.relative_path)
        if not self.relative_path:
            self.relative_path = self.path if not os.path.isabs(self.path) else relative_form(self.path)

    def to_dict(self, *, text_limit: int | None = None) -> dict[str, Any]:
        """Plain JSON-ready dict; ``text`` cut to ``text_limit`` characters (with "…") if given."""
        data = asdict(self)
        if text_limit is not None and len(self.text) > text_limit:
            data["text"] = self.text[:text_limit] + "…"
        return data


def relative_to(argument: str | None) -> Callable[[str], str]:
    """A function giving a path read below ``argument`` (what was named) without the server's folders.

    A path from a relative argument stays as it is ("seeds/a.txt", "feed.jsonl#L3"); one from an
    absolute argument is made relative to the folder holding it ("/srv/in" → "in/a/b.txt",
    "/srv/feed.jsonl" → "feed.jsonl#L3"); with no argument, an absolute path keeps its file name.
    """
    parent = None
    if argument is not None and os.path.isabs(argument):
        parent = os.path.dirname(os.path.normpath(argument)).rstrip(os.sep) + os.sep

    def relative(path: str) -> str:
        if not os.path.isabs(path):
            return path
        if parent is not None and path.startswith(parent) and len(path) > len(parent):
            return path[len(parent):]
        file, mark, member = path.partition("#")
        return os.path.basename(file) + mark + member

    return relative


def relative_form(path: str, argument: str | None = None) -> str:
    """``path`` as :func:`relative_to` ``argument`` gives it."""
    return relative_to(argument)(path)


_SURROGATE = re.compile("[\ud800-\udfff]")


def printable_path(path: str) -> str:
    """``path`` as UTF-8 text: a byte of a file name that is not UTF-8 (a surrogate escape) is ``\\xNN``."""
    return _SURROGATE.sub(
        lambda m: f"\\x{ord(m[0]) - 0xDC00:02x}" if 0xDC80 <= ord(m[0]) <= 0xDCFF else "\ufffd", path
    )


class SourceError(Exception):
    """A source that cannot be read. ``str()`` is one line: ``PATH: reason``.

    ``empty`` marks an empty file found in a folder or an archive, or a JSON Lines article with blank text:
    nothing to read, and nothing wrong with the run, so an ingest reports it and counts it as skipped (an
    empty file named itself is a mistake).
    """

    def __init__(self, path: str, reason: str, *, empty: bool = False) -> None:
        path = printable_path(path)
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.empty = empty
