"""The :class:`Source` record every reader produces, and :class:`SourceError`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ARTICLE = "article"
OFFICIAL_DOCUMENT = "official_document"


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
    form); character offsets of later stages refer to it.
    """

    path: str
    text: str
    sha256: str
    kind: str = ARTICLE
    title: str | None = None
    published: str | None = None     # ISO 8601; "+07:00" when a time is known
    url: str | None = None
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

    def to_dict(self, *, text_limit: int | None = None) -> dict[str, Any]:
        """Plain JSON-ready dict; ``text`` cut to ``text_limit`` characters (with "…") if given."""
        data = asdict(self)
        if text_limit is not None and len(self.text) > text_limit:
            data["text"] = self.text[:text_limit] + "…"
        return data


class SourceError(Exception):
    """A source that cannot be read. ``str()`` is one line: ``PATH: reason``."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
