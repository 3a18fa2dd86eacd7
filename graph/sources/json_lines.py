"""JSON Lines: one article per line with ``text`` and optional ``title``,
``summary``, ``url``, ``published`` (or ``date``), ``author`` and ``id``. The
``url`` is kept only as a valid http(s) IRI (:func:`graph.sources.urls.web_iri`).

Each line becomes one :class:`Source` whose path is ``file.jsonl#L<n>``; a bad
line is reported as a :class:`SourceError` and the others go on. A line longer
than :data:`MAX_LINE_BYTES` is reported and ends the file: nothing after it is
read (so a compressed stream of one endless line is never unpacked further).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator

from vankien.graph.dates import parse_timestamp
from vankien.graph.sources.encoding import decode_utf8_lenient, repair_legacy_font_text
from vankien.graph.sources.model import OFFICIAL_DOCUMENT, Source, SourceError
from vankien.graph.sources.official import detect_header, display_title
from vankien.graph.sources.plain_text import parse_author_line
from vankien.graph.sources.publishers import publisher_for, section_for
from vankien.graph.sources.urls import web_iri
from vankien.graph.text import collapse_space, nfc, unify_tones

MAX_LINE_BYTES = 50 * 2**20
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")   # JSON may escape half a pair ("\\ud800"): no character


def _sound(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, so it can be written as UTF-8."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _optional_text(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)):
        raise ValueError(f"field '{key}' is not text")
    value = collapse_space(nfc(_sound(str(value))))
    return value or None


class EmptyRecord(ValueError):
    """A record whose text and summary are there but blank: an empty article, skipped like an empty file."""


def source_from_record(record: object, *, path: str, sha256: str) -> Source:
    """One JSON object → :class:`Source` (ValueError when it is not a usable article, :class:`EmptyRecord`
    when its text and summary are blank)."""
    if not isinstance(record, dict):
        raise ValueError("line is not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        text = record.get("summary")  # some feeds carry only the lead paragraph
    if not isinstance(text, str) or not text.strip():
        blank = all(isinstance(record.get(key, ""), str) for key in ("text", "summary")) and "text" in record
        raise (EmptyRecord if blank else ValueError)("no 'text' (or 'summary') field with content")
    text, font = repair_legacy_font_text(nfc(_sound(text)).strip())
    source = Source(path=path, text=text, sha256=sha256, encoding=f"utf-8+{font}" if font else "utf-8")
    source.title = _optional_text(record, "title")
    source.summary = _optional_text(record, "summary")
    source.url = web_iri(_optional_text(record, "url"))
    source.source_id = _optional_text(record, "id")
    stamp = _optional_text(record, "published") or _optional_text(record, "date")
    source.published = parse_timestamp(stamp) if stamp else None
    if author := _optional_text(record, "author"):
        signed = parse_author_line(author)
        source.author, source.author_affiliation = signed if signed else (unify_tones(author), None)
    source.publisher = _optional_text(record, "publisher") or publisher_for(source.url)
    source.section = _optional_text(record, "section") or section_for(source.url)
    lines = [line.strip() for line in source.text[:4000].splitlines()]
    if len(lines) > 3 and (found := detect_header(lines)):
        source.kind = OFFICIAL_DOCUMENT
        source.header = found[0]
        source.title = source.title or display_title(found[0], source.text)
        source.published = source.published or found[0].date
    return source


def _json(raw: bytes) -> object:
    try:
        return json.loads(raw)
    except UnicodeDecodeError:
        text = decode_utf8_lenient(raw)   # UTF-8 but for a stray byte: that byte becomes U+FFFD
        if text is None:
            raise
        return json.loads(text)


def read_json_lines(raw_lines: Iterable[bytes], *, path: str) -> Iterator[Source | SourceError]:
    """Yield a Source or a SourceError for every non-blank line.

    ``raw_lines`` must never hold more than one byte past :data:`MAX_LINE_BYTES` of a line
    (``stream.readline(MAX_LINE_BYTES + 1)``): a longer one is the last line read.
    """
    for number, raw in enumerate(raw_lines, start=1):
        where = f"{path}#L{number}"
        if len(raw) > MAX_LINE_BYTES and len(raw.rstrip(b"\r\n")) > MAX_LINE_BYTES:
            reason = f"line longer than {MAX_LINE_BYTES // 2**20} MiB; the rest of the file is not read"
            yield SourceError(where, reason)
            return
        if not raw.strip():
            continue
        try:
            record = _json(raw)
            yield source_from_record(record, path=where, sha256=hashlib.sha256(raw.strip()).hexdigest())
        except UnicodeDecodeError:
            yield SourceError(where, "line is not UTF-8")
        except json.JSONDecodeError as error:
            yield SourceError(where, f"invalid JSON ({error.msg} at column {error.colno})")
        except ValueError as error:
            yield SourceError(where, str(error), empty=isinstance(error, EmptyRecord))
