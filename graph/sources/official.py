"""The formal header of Vietnamese official documents (state and Party).

A header, flattened to lines by whatever produced the text, holds the issuing
body in capitals ("QUỐC HỘI", "TỈNH ỦY LẠNG SƠN"), the national or Party
motto, the number ("Số: 91/2015/QH13", "Luật số: …", "Số 35-NQ/TW"), the
place and date ("Hà Nội, ngày 24 tháng 11 năm 2015"), then the document type
and title in capitals ("BỘ LUẬT" / "DÂN SỰ").
"""

from __future__ import annotations

import re

from vankien.graph.dates import WORDED_DATE, make_date
from vankien.graph.sources.model import OfficialHeader
from vankien.graph.text import collapse_space, normalize_key, unify_tones

HEADER_SCAN_LINES = 40

MOTTO_KEYS = {
    normalize_key("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"): "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    normalize_key("ĐẢNG CỘNG SẢN VIỆT NAM"): "ĐẢNG CỘNG SẢN VIỆT NAM",
}
# Header document types, longest first so "BỘ LUẬT" wins over "LUẬT".
DOC_TYPES = sorted(
    (
        "HIẾN PHÁP", "BỘ LUẬT", "LUẬT", "PHÁP LỆNH", "LỆNH", "NGHỊ QUYẾT LIÊN TỊCH", "NGHỊ QUYẾT",
        "NGHỊ ĐỊNH", "QUYẾT ĐỊNH", "CHỈ THỊ", "THÔNG TƯ LIÊN TỊCH", "THÔNG TƯ", "KẾT LUẬN",
        "QUY ĐỊNH", "ĐỀ ÁN", "KẾ HOẠCH", "HƯỚNG DẪN", "THÔNG BÁO", "CHƯƠNG TRÌNH", "BÁO CÁO",
        "CÔNG VĂN", "THÔNG TRI", "QUY CHẾ", "ĐIỀU LỆ", "CƯƠNG LĨNH",
    ),
    key=len,
    reverse=True,
)

SEPARATOR = re.compile(r"^[\s\-–—*_=~.•·]+$")
NUMBER_LINE = re.compile(
    r"^(?:(?:bộ\s+)?luật\s+|pháp\s+lệnh\s+|lệnh\s+)?số\s*:*\s*([0-9][\w./\-–]*(?:\s+\d{1,2}(?=\s*$))?)",
    re.IGNORECASE,
)
PLACE_DATE_LINE = re.compile(r"^([^,\d]{2,40}),\s*(ngày\s*\d{1,2}\s+tháng\s+\d{1,2}\s*,?\s*năm\s+\d{4})", re.IGNORECASE)
DATE_ONLY_LINE = re.compile(r"^(ngày\s*\d{1,2}\s+tháng\s+\d{1,2}\s*,?\s*năm\s+\d{4})\s*$", re.IGNORECASE)
MOTTO_LINE = re.compile(r"^độc\s+lập\s*[-–]\s*tự\s+do\s*[-–]\s*hạnh\s+phúc", re.IGNORECASE)
BODY_START = re.compile(
    r"^(căn\s+cứ|chương\s|điều\s+\d|phần\s|lời\s+nói\s+đầu|để\s|xét\s|theo\s+đề\s+nghị)", re.IGNORECASE
)
ABOUT_CLAUSE = re.compile(r"(?:^|\s)VỀ\s+(.+)$")
ISSUED_BY = re.compile(r"^CỦA\s+(.+?)(?=\s+SỐ\s|\s+VỀ\s|\s+về\s|$)")
NUMBER_DATE_PREFIX = re.compile(
    r"^SỐ\s*:?\s*\S+\s+NGÀY\s+(?:\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}|\d{1,2}\s+THÁNG\s+\d{1,2}\s+NĂM\s+\d{4})\s*"
)
SESSION_LINE = re.compile(r"^(?:\(?từ\s+ngày|khóa\s+[IVXLC]+|khoá\s+[IVXLC]+|kỳ\s+họp)", re.IGNORECASE)
NUMBER_AND_DATE = re.compile(
    r"^SỐ\s*:?\s*([0-9][\w./\-–]*)\s+NGÀY\s+(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})\b\s*(.*)$",
    re.IGNORECASE,
)
MAX_PREAMBLE_LINES = 4


def is_capitals(line: str) -> bool:
    """True when every letter of ``line`` is upper case (and it has letters)."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _doc_type_prefix(line: str) -> str | None:
    upper = unify_tones(line).upper()
    for doc_type in DOC_TYPES:
        if upper == doc_type or upper.startswith(doc_type + " "):
            return doc_type
    return None


def detect_header(lines: list[str]) -> tuple[OfficialHeader, int] | None:
    """Find an official header at the top of ``lines`` (stripped lines).

    Returns the header and the index of the first line after it, or None when
    the lines do not open with a formal header.
    """
    header = OfficialHeader()
    issuer_lines: list[str] = []
    last_header_line = -1
    seen = 0
    for index, line in enumerate(lines):
        if seen >= HEADER_SCAN_LINES:
            break
        if not line:
            continue
        seen += 1
        key = normalize_key(line)
        if key in MOTTO_KEYS:
            header.motto = MOTTO_KEYS[key]
        elif MOTTO_LINE.match(line) or SEPARATOR.match(line):
            pass
        elif (m := NUMBER_LINE.match(line)) and header.number is None:
            header.number = re.sub(r"\s+", "", m.group(1).replace("–", "-")).rstrip(".")
        elif (m := PLACE_DATE_LINE.match(line) or DATE_ONLY_LINE.match(line)) and header.date is None:
            if m.re is PLACE_DATE_LINE:
                header.place = collapse_space(m.group(1))
            d = WORDED_DATE.search(line)
            day = make_date(d.group(3), d.group(2), d.group(1)) if d else None
            header.date = day.isoformat() if day else None
        elif header.date is None and is_capitals(line) and _doc_type_prefix(line) is None:
            issuer_lines.append(collapse_space(line))
            continue
        else:
            break
        last_header_line = index
    signals = sum(x is not None for x in (header.motto, header.number, header.date))
    if signals < 2:
        return _type_first_header(lines)
    header.issuer = " ".join(issuer_lines) or None
    return header, _read_title(lines, last_header_line + 1, header)


def _type_first_header(lines: list[str]) -> tuple[OfficialHeader, int] | None:
    """Old texts open with the type itself: "LUẬT" / "SỐ 101-SL/L.003 NGÀY 20-5-1957 …"
    or "LUẬT" / "CẢI CÁCH RUỘNG ĐẤT" / "Chương 1:"."""
    content = [i for i, line in enumerate(lines[:HEADER_SCAN_LINES]) if line]
    if len(content) < 3 or lines[content[0]].upper() != lines[content[0]]:
        return None
    if _doc_type_prefix(lines[content[0]]) != unify_tones(lines[content[0]]).upper():
        return None
    header = OfficialHeader()
    second = lines[content[1]]
    if m := NUMBER_AND_DATE.match(second):
        header.number = m.group(1).rstrip(".")
        day = make_date(m.group(4), m.group(3), m.group(2))
        header.date = day.isoformat() if day else None
        header.doc_type = _doc_type_prefix(lines[content[0]])
        header.title = m.group(5).strip() or None
        return header, content[2]
    body = _read_title(lines, content[0], header)
    if body < len(lines) and BODY_START.match(lines[body]) and header.title:
        return header, body
    return None


def _read_title(lines: list[str], start: int, header: OfficialHeader) -> int:
    """Fill the type and title from the lines after the header; return where the body starts."""
    index = start
    skipped = 0
    while index < len(lines) and skipped <= MAX_PREAMBLE_LINES:
        line = lines[index]
        if not line or SEPARATOR.match(line):
            index += 1
        elif _doc_type_prefix(line) is None and (is_capitals(line) or SESSION_LINE.match(line)):
            index += 1
            skipped += 1
        else:
            break
    if index >= len(lines) or (doc_type := _doc_type_prefix(lines[index])) is None:
        return start
    header.doc_type = doc_type
    title_parts = [lines[index][len(doc_type):].strip()]
    index += 1
    while index < len(lines):
        line = lines[index]
        if not line:
            index += 1
            continue
        if BODY_START.match(line) or SEPARATOR.match(line):
            break
        starts_subject = line[:3].lower() in ("về ", "v/v")
        if not (is_capitals(line) or starts_subject):
            break
        title_parts.append(line)
        index += 1
        if starts_subject:
            break
    title = collapse_space(" ".join(part for part in title_parts if part))
    if by := ISSUED_BY.match(title):
        header.issued_by = by.group(1)
        title = title[by.end():].strip()
    if about := ABOUT_CLAUSE.search(title):
        title = about.group(1) if is_capitals(title) else title[about.start():].strip()
    title = NUMBER_DATE_PREFIX.sub("", title)
    if title.upper().startswith(doc_type + " "):
        title = title[len(doc_type) + 1:]
    header.title = title or None
    return index


ENACTING = re.compile(
    r"ban\s+hành\s+((?:Bộ\s+luật|Luật|Pháp\s+lệnh|Hiến\s+pháp)\s[^.;\n]{2,160})", re.IGNORECASE
)


def display_title(header: OfficialHeader, body: str) -> str | None:
    """A readable title: "Luật báo chí" from "Quốc hội ban hành Luật báo chí.",
    else the header's type and title in sentence case."""
    if header.doc_type and (m := ENACTING.search(body[:3000])):
        named = collapse_space(m.group(1))
        whole = normalize_key(f"{header.doc_type} {header.title or ''}")
        if normalize_key(named) == whole or (normalize_key(named).startswith(normalize_key(header.doc_type))
                                             and "," not in named):
            return named  # "Luật Phòng, chống tham nhũng" whole when the header names it so
    if not header.doc_type:
        return None
    doc_type = header.doc_type.capitalize()
    title = header.title or ""
    if is_capitals(title):
        title = title.lower().replace("việt nam", "Việt Nam")
    return f"{doc_type} {title}".strip()
