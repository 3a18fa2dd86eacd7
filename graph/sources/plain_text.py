"""Plain-text sources: news articles as saved from a site, `# key = value`
headed articles, and official documents with a formal header.

News layout (as the seed article)::

    Title line
    Thứ 3, 31.01.2023 | 09:38:05
    1,047 lượt xem
    body paragraphs …
    HOÀNG THỊ BÍCH NHUNG (Thành uỷ Lạng Sơn)
    https://baolangson.vn/…
    • Từ khóa
"""

from __future__ import annotations

import re

from vankien.graph.dates import parse_timestamp
from vankien.graph.sources.model import OFFICIAL_DOCUMENT, Source
from vankien.graph.sources.official import detect_header, display_title, is_capitals
from vankien.graph.sources.publishers import publisher_for, section_for
from vankien.graph.sources.urls import web_iri
from vankien.graph.text import collapse_space, is_caption, title_case_name, unify_tones

KEY_VALUE = re.compile(r"^#\s*([\w-]+)\s*[=:]\s*(.*)$")
VIEWS = re.compile(r"^([\d.,\s]+)\s*lượt\s+(?:xem|đọc)\b", re.IGNORECASE)
URL_LINE = re.compile(r"^(?:nguồn\s*:\s*)?(https?://\S+)$", re.IGNORECASE)
KEYWORDS_LINE = re.compile(r"^[•·*\-\s]*(từ\s+kh[oó]a|tags?|chủ\s+đề|thẻ)\b.*$", re.IGNORECASE)
AUTHOR_LINE = re.compile(r"^([^\W\d_][^()\d]{2,80}?)\s*(?:\(([^()]{2,120})\))?\.?$")
AUTHOR_PREFIX = re.compile(r"^(?:tác\s+giả|bài(?:\s+và\s+ảnh)?|tin(?:\s+và\s+ảnh)?)\s*:\s*", re.IGNORECASE)
DATE_LINE_MAX = 80
TITLE_MAX_CHARS = 250
TITLE_SENTENCE_CHARS = 120
DATELINE_WORDS = re.compile(
    r"\b(?:thứ\s+\w+|chủ\s+nhật|cập\s+nhật|đăng\s+(?:lúc|ngày)|ngày|lúc|gmt|utc|am|pm|sa|ch)\b"
    r"|\d+h\d*|[\d./:+\-|,()]+",
    re.IGNORECASE,
)
HEAD_SCAN = 5


def parse_views(line: str) -> int | None:
    """ "1,047 lượt xem" → 1047 (both "," and "." group thousands)."""
    m = VIEWS.match(line.strip())
    if not m:
        return None
    digits = re.sub(r"[.,\s]", "", m.group(1))
    return int(digits) if digits else None


def parse_author_line(line: str) -> tuple[str, str | None] | None:
    """ "HOÀNG THỊ BÍCH NHUNG (Thành uỷ Lạng Sơn)" → ("Hoàng Thị Bích Nhung", "Thành ủy Lạng Sơn").

    Only names written in capitals (the way sites sign articles), or after
    "Tác giả:", count; anything else is body text.
    """
    line = line.strip()
    prefixed = AUTHOR_PREFIX.match(line)
    if prefixed:
        line = line[prefixed.end():]
    m = AUTHOR_LINE.match(line)
    if not m:
        return None
    names = [collapse_space(part) for part in re.split(r"\s+[-–]\s+|,\s*", m.group(1)) if part.strip()]
    for name in names:
        words = name.split(" ")
        if not (1 <= len(words) <= 6 and all(w.isalpha() for w in words)):
            return None
        if not prefixed and not (is_capitals(name) and len(words) >= 2):
            return None
    author = ", ".join(title_case_name(name) if is_capitals(name) else name for name in names)
    affiliation = unify_tones(collapse_space(m.group(2))) if m.group(2) else None
    return unify_tones(author), affiliation


def looks_like_title(line: str) -> bool:
    """Headlines are short and do not end like a sentence; a lead paragraph does. A date line ("Thứ sáu,
    14/08/2020") and a photo caption ("Lãnh đạo tỉnh thăm gia đình (Ảnh: T.L)") are not headlines."""
    if len(line) > TITLE_MAX_CHARS or (line.endswith(".") and len(line) > TITLE_SENTENCE_CHARS):
        return False
    return not is_dateline(line) and not is_caption(line)


def is_dateline(line: str) -> bool:
    """A line that is only a date and time ("Thứ 3, 31.01.2023 | 09:38:05"), not a sentence."""
    if len(line) > DATE_LINE_MAX or parse_timestamp(line) is None:
        return False
    return len(DATELINE_WORDS.sub(" ", line).split()) <= 1


def _strip_blank_runs(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def read_text(text: str, *, path: str, sha256: str, encoding: str) -> Source:
    """Turn decoded NFC text into a :class:`Source` (raises ValueError on an empty body)."""
    lines = [line.strip() for line in text.splitlines()]
    extra: dict[str, str] = {}
    start = 0
    while start < len(lines) and (m := KEY_VALUE.match(lines[start])):
        extra[m.group(1).lower()] = m.group(2).strip()
        start += 1
    lines = lines[start:]
    source = Source(path=path, text="", sha256=sha256, encoding=encoding, extra=extra)
    source.url = web_iri(extra.get("url"))
    if extra.get("date"):
        source.published = parse_timestamp(extra["date"])
    source.title = extra.get("title") or None
    source.source_id = extra.get("doc_id") or extra.get("id") or None

    found = detect_header(lines)
    if found:
        header, body_start = found
        source.kind = OFFICIAL_DOCUMENT
        source.header = header
        source.text = _strip_blank_runs(lines[body_start:])
        source.title = source.title or display_title(header, source.text)
        source.published = source.published or header.date
    else:
        _read_news(lines, source)
    if not source.text and source.title:  # a headline alone is a source: its headline is its text
        source.text = source.title
    if not source.text:
        raise ValueError("no body text")
    source.publisher = publisher_for(source.url)
    source.section = section_for(source.url)
    return source


def _read_news(lines: list[str], source: Source) -> None:
    first = 0
    while first < len(lines) and not lines[first]:
        first += 1
    if source.title is None and first < len(lines) and looks_like_title(lines[first]):
        source.title = lines[first]
        first += 1
    # Date and view-count lines right under the title.
    index, looked = first, 0
    while index < len(lines) and looked < HEAD_SCAN:
        line = lines[index]
        if not line:
            index += 1
            continue
        looked += 1
        views = parse_views(line)
        if views is not None and source.views is None:
            source.views = views
        elif source.published is None and is_dateline(line):
            source.published = parse_timestamp(line)
        else:
            break
        first = index = index + 1
    # Keywords, URL and signature lines at the end.
    last = len(lines)
    while last > first:
        line = lines[last - 1]
        if not line or KEYWORDS_LINE.match(line):
            last -= 1
        elif m := URL_LINE.match(line):
            source.url = source.url or web_iri(m.group(1))
            last -= 1
        elif source.author is None and (signed := parse_author_line(line)):
            source.author, source.author_affiliation = signed
            last -= 1
        else:
            break
    source.text = _strip_blank_runs(lines[first:last])
