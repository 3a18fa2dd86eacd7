"""What an official text says of itself beyond its header: when it takes effect and stops, who signed it,
and how it is divided.

- Effect: "Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2020", "… kể từ ngày ký", "… sau 45 ngày
  kể từ ngày ký"; expiry: "Nghị quyết này có hiệu lực đến hết ngày 31/12/2025", "… hết hiệu lực kể từ ngày …".
  Only a sentence whose subject is the text itself ("<its type> này") counts: "quyết định này có hiệu lực
  ngay" inside a law speaks of another decision.
- Signature: the last lines — "TM. CHÍNH PHỦ / THỦ TƯỚNG / Nguyễn Xuân Phúc", "CHỦ TỊCH QUỐC HỘI / Nguyễn
  Thị Kim Ngân", "Võ Chí Công / (Đã ký)".
- Structure: Phần, Chương, Mục, Điều, khoản ("1."), điểm ("a)") as lines at the start of a line, each with
  the span of text it holds; text quoted inside an article (an amending law quoting the new "Điều 33") is
  no part of the structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from vankien.graph.dates import find_date
from vankien.graph.extract.organisations import SURNAMES, OrganisationFinder
from vankien.graph.text import collapse_space, normalize_key, title_case_name

# Levels from the outermost; an IRI segment each ("…/dieu/5/khoan/2/diem/a").
LEVELS = ("phan", "chuong", "muc", "dieu", "khoan", "diem")
# The levels stored in the graph; a khoản or điểm is read from the text when a page shows it.
STORED_LEVELS = ("phan", "chuong", "muc", "dieu")
LEVEL_WORDS = {"phan": "Phần", "chuong": "Chương", "muc": "Mục", "dieu": "Điều", "khoan": "Khoản", "diem": "Điểm"}
_ORDINALS = {normalize_key(w): i for i, w in enumerate(
    "nhất hai ba tư năm sáu bảy tám chín mười".split(), start=1)} | {normalize_key("thứ nhất"): 1}
_ROMAN = re.compile(r"^[IVXLC]+$")

_PART = re.compile(r"(?i:phần)\s+(?:(?i:thứ)\s+(?P<ordinal>[^\W\d_]+)|(?P<num>[IVXLC]+|\d+))\b[.:]?\s*(?P<head>.*)$")
_CHAPTER = re.compile(r"(?i:chương)\s+(?P<num>[IVXLC]+|\d+)\b[.:]?\s*(?P<head>.*)$")
_SECTION = re.compile(r"(?i:mục)\s+(?P<num>\d+|[IVXLC]+)\b[.:]?\s*(?P<head>.*)$")
_ARTICLE = re.compile(r"Điều\s+(?P<num>\d+[a-zđ]?)\b\s*[.:]*\s*(?P<head>.*)$")
_CLAUSE = re.compile(r"(?P<num>\d{1,3})\.\s+(?P<head>\S.*)$")
_POINT = re.compile(r"(?P<num>[a-zđ])\)\s+(?P<head>\S.*)$")
_OPEN_QUOTES = "“\"'‘«"
_QUOTE_CHARS = re.compile(r"[“”\"«»]")

_TYPE_THIS = r"(?:Bộ\s+luật|Luật|Pháp\s+lệnh|Hiến\s+pháp|Nghị\s+quyết(?:\s+liên\s+tịch)?|Nghị\s+định|Quyết\s+định|" \
             r"Thông\s+tư(?:\s+liên\s+tịch)?|Chỉ\s+thị|Quy\s+định|Kết\s+luận|Quy\s+chế|Điều\s+lệ|Lệnh|Hướng\s+dẫn|" \
             r"Kế\s+hoạch|Văn\s+bản)"
# A date as these sentences write it (read by WORDED_DATE / NUMERIC_DATE once found).
_DATE = r"(?:ngày\s*)?(?:\d{1,2}\s+tháng\s+\d{1,2}\s*,?\s*năm\s+\d{4}|\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{4})"
# "<type> này" — or the text naming itself: "Luật thuế chuyển quyền sử dụng đất có hiệu lực từ …".
_SELF = rf"(?P<type>{_TYPE_THIS})\s+(?:này|(?P<name>[^\W\d_][^.;:\n]{{2,120}}?))"
_EFFECTIVE = re.compile(
    rf"{_SELF}\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+chính\s+thức)?\s*,?\s*"
    rf"(?:(?:kể\s+)?từ\s+(?:(?P<signed>ngày\s+ký(?:\s+ban\s+hành)?|ngày\s+ban\s+hành)|(?P<date>{_DATE})"
    rf"|năm\s+(?:ngân\s+sách\s+)?(?P<year>(?:19|20)\d\d)\b)"
    rf"|sau\s+(?P<days>\d{{1,3}})\s+ngày\s*,?\s*(?:kể\s+)?từ\s+ngày\s+(?:ký|ban\s+hành|công\s+bố))",
    re.IGNORECASE)
_EXPIRES = re.compile(
    rf"{_SELF}\s+(?:có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:từ\s+[^.;]{{5,60}}?\s+)?đến\s+(?:hết\s+)?"
    rf"|(?:hết|chấm\s+dứt)\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+|được\s+thực\s+hiện\s+đến\s+(?:hết\s+)?)"
    rf"(?P<date>{_DATE})",
    re.IGNORECASE)

# A signature: "TM. CHÍNH PHỦ", "KT. BỘ TRƯỞNG", "T/M BAN CHẤP HÀNH TRUNG ƯƠNG" open the post lines.
_ON_BEHALF = re.compile(r"^(?P<mark>T\s*/\s*M|TM|KT|TL|TUQ|Q|K/T|T/L)\s*[./]?\s+(?P<rest>.+)$", re.IGNORECASE)
_SIGNED_MARK = re.compile(r"^\(?\s*(?:đã\s+ký|ký\s+tên|đã\s+ký\s+và\s+đóng\s+dấu)\s*\)?\.?$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[^\W\d_]+$")
SIGNATURE_LINES = 14
_PASSED = re.compile(r"thông\s+qua\s+ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\.?", re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    """A date the text states of itself, with the sentence saying so (offsets into the source text)."""

    date: str
    sentence: str
    start: int
    end: int


@dataclass
class Division:
    """One Phần, Chương, Mục, Điều, khoản or điểm: where its line starts and where its text ends."""

    level: str                     # one of LEVELS
    number: str                    # as written: "II", "5", "19a", "a"
    heading: str | None            # "Phạm vi điều chỉnh"; for a khoản or điểm, its first words
    start: int
    end: int
    path: tuple[str, ...] = ()     # IRI segments: ("dieu", "5", "khoan", "2")
    children: list[Division] = field(default_factory=list)
    parent: Division | None = field(default=None, repr=False, compare=False)  # None: the document holds it

    @property
    def label(self) -> str:
        """How a reader cites it: "Điều 5", "Chương II", "khoản 2", "điểm a"."""
        word = LEVEL_WORDS[self.level]
        return f"{word if self.level not in ('khoan', 'diem') else word.lower()} {self.number}"

    @property
    def anchor(self) -> str:
        """The HTML fragment: "dieu-5-khoan-2"."""
        return "-".join(self.path)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class OfficialRecord:
    """What an official text states of itself (see the module's docstring)."""

    effective: Statement | None = None
    expires: Statement | None = None
    signer: str | None = None
    signer_post: str | None = None     # "Chủ tịch Quốc hội", "Thủ tướng Chính phủ"
    signed_for: str | None = None      # "TM. Chính phủ", "KT. Bộ trưởng"
    place: str | None = None           # "Hà Nội"
    divisions: list[Division] = field(default_factory=list)  # the outermost; each holds its children

    def all_divisions(self) -> list[Division]:
        return [d for top in self.divisions for d in top.walk()]



def read_record(text: str, own_type: str, signed: str | None, place: str | None,
                org_finder: OrganisationFinder, own_title: str | None = None) -> OfficialRecord:
    """The record of an official text of type ``own_type`` (titled ``own_title``) signed on ``signed`` (ISO
    date) at ``place``."""
    record = OfficialRecord(place=place)
    me = _Self(own_type, own_title)
    record.effective = _effective(text, me, signed)
    record.expires = _expires(text, me)
    record.signer, record.signer_post, record.signed_for = _signature(text, org_finder)
    record.divisions = read_structure(text)
    return record


# -- effect ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Self:
    """How the text names itself: "<type> này", or its type and title."""

    type: str
    title: str | None

    def named(self, match: re.Match) -> bool:
        written = normalize_key(collapse_space(match.group("type")))
        if written != normalize_key(self.type) and written != normalize_key("Văn bản"):
            return False
        name = match.group("name")
        return name is None or (self.title is not None and normalize_key(collapse_space(name)) == normalize_key(
            collapse_space(self.title)))


def _sentence(text: str, start: int, end: int) -> tuple[str, int, int]:
    begin = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start) + 1) + 1
    stop = min((i for i in (text.find("\n", end), text.find(". ", end)) if i >= 0), default=len(text))
    stop = stop + 1 if text[stop:stop + 1] == "." else stop
    while begin < start and text[begin].isspace():
        begin += 1
    return text[begin:stop], begin, stop


def _date_of_found(written: str) -> date | None:
    found = find_date(written)
    return found[0] if found else None


def _effective(text: str, me: _Self, signed: str | None) -> Statement | None:
    """The first statement of when the text takes effect; a later date for some articles ("trừ …") does not
    change when the text as a whole does. A budget year begins on 1 January."""
    for m in _EFFECTIVE.finditer(text):
        if not me.named(m):
            continue
        if m.group("date"):
            day = _date_of_found(m.group("date"))
        elif m.group("year"):
            day = date(int(m.group("year")), 1, 1)
        elif signed and (m.group("signed") or m.group("days")):
            day = date.fromisoformat(signed) + timedelta(days=int(m.group("days") or 0))
        else:
            day = None
        if day is not None:
            return Statement(day.isoformat(), *_sentence(text, m.start(), m.end()))
    return None


def _expires(text: str, me: _Self) -> Statement | None:
    for m in _EXPIRES.finditer(text):
        if me.named(m) and (day := _date_of_found(m.group("date"))) is not None:
            return Statement(day.isoformat(), *_sentence(text, m.start(), m.end()))
    return None


# -- signature ---------------------------------------------------------------------------------------
def _is_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 5 and all(_NAME_WORD.match(w) and w[0].isupper() for w in words) \
        and normalize_key(words[0]) in SURNAMES


def _cased_post(capitals: str, org_finder: OrganisationFinder) -> str:
    """ "CHỦ TỊCH QUỐC HỘI" → "Chủ tịch Quốc hội": the role in sentence case, the body as the project names it."""
    probe = title_case_name(capitals)
    found = [m for m in org_finder.find(probe) if m.end == len(probe)]
    if found:
        role = probe[:found[-1].start].strip()
        return f"{role.capitalize()} {found[-1].name}".strip() if role else found[-1].name
    return probe.capitalize()


def _signature(text: str, org_finder: OrganisationFinder) -> tuple[str | None, str | None, str | None]:
    """(signer, post, on whose behalf) from the last lines of the text, or — when appendices follow the
    signature — from the lines after "… thông qua ngày …"."""
    found = _signature_in([line.strip() for line in text.rstrip().splitlines()[-SIGNATURE_LINES * 3:]], org_finder)
    if found[0] is None and (passed := list(_PASSED.finditer(text))):
        after = text[passed[-1].end():].splitlines()[1:SIGNATURE_LINES * 2]
        blank = next((i for i, line in enumerate(after) if line.strip() and not _signature_line(line)), len(after))
        found = _signature_in([line.strip() for line in after[:blank]], org_finder)
    return found


def _signature_line(line: str) -> bool:
    line = line.strip()
    return _is_name(line) or line.isupper() or bool(_SIGNED_MARK.match(line))


def _signature_in(lines: list[str], org_finder: OrganisationFinder) -> tuple[str | None, str | None, str | None]:
    lines = [line for line in lines if line][-SIGNATURE_LINES:]
    while lines and _SIGNED_MARK.match(lines[-1]):
        lines.pop()
    index = next((i for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1) if _is_name(lines[i])), None)
    if index is None:
        return None, None, None
    signer = title_case_name(lines[index]) if lines[index].isupper() else lines[index]
    posts: list[str] = []
    for line in reversed(lines[max(0, index - 3):index]):
        letters = [c for c in line if c.isalpha()]
        if not letters or not all(c.isupper() for c in letters) or len(line) > 80:
            break
        posts.insert(0, line)
    signed_for, post_lines = None, posts
    if posts and (m := _ON_BEHALF.match(posts[0])):
        mark = m.group("mark").upper().replace(" ", "").replace("/", "")
        signed_for = f"{mark}. {_cased_post(m.group('rest'), org_finder)}"
        post_lines = posts[1:]
    post = _cased_post(" ".join(post_lines), org_finder) if post_lines else None
    return signer, post, signed_for


# -- structure ---------------------------------------------------------------------------------------
def _arabic(number: str) -> str:
    """ "II" → "2" for an IRI segment; anything else as written (lower case)."""
    if _ROMAN.match(number):
        values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
        total = 0
        for i, ch in enumerate(number):
            value = values[ch]
            total += -value if i + 1 < len(number) and values[number[i + 1]] > value else value
        return str(total)
    return number.lower()


def _heading(head: str) -> str | None:
    """A division's heading as a reader writes it: "NHỮNG QUY ĐỊNH CHUNG" → "Những quy định chung"."""
    head = collapse_space(head).strip(" .:")
    if head.isupper():
        head = head.capitalize().replace("việt nam", "Việt Nam")
    return head or None


def _line_division(line: str, inside_article: bool, inside_clause: bool) -> tuple[str, str, str | None] | None:
    """(level, number, heading) when ``line`` opens a division."""
    if m := _ARTICLE.match(line):
        return "dieu", m.group("num"), _heading(m.group("head"))
    if m := _CHAPTER.match(line):
        return "chuong", m.group("num"), _heading(m.group("head"))
    if m := _PART.match(line):
        number = str(_ORDINALS.get(normalize_key(m.group("ordinal") or ""), "")) or m.group("num")
        return ("phan", number, _heading(m.group("head"))) if number else None
    if m := _SECTION.match(line):
        return "muc", m.group("num"), _heading(m.group("head"))
    if inside_article and (m := _CLAUSE.match(line)):
        return "khoan", m.group("num"), _heading(m.group("head")[:80])
    if inside_clause and (m := _POINT.match(line)):
        return "diem", m.group("num"), _heading(m.group("head")[:80])
    return None


def read_structure(text: str) -> list[Division]:
    """The divisions of ``text``, nested. An article's number must grow (a quoted "Điều 33" inside an
    amending article is not the next article); a heading in capitals on the line after a Phần, Chương or
    Mục is its heading."""
    top: list[Division] = []
    open_: dict[str, Division] = {}        # the innermost open division of each level
    last_article = 0
    quoted = False
    pos = 0
    lines = text.split("\n")
    for n, raw in enumerate(lines):
        start, pos = pos, pos + len(raw) + 1
        line = raw.strip()
        if not line:
            continue
        if quoted or line[0] in _OPEN_QUOTES:
            quoted = (len(_QUOTE_CHARS.findall(line)) % 2 == 1) != quoted  # an odd count opens or closes a quote
            continue
        found = _line_division(line, "dieu" in open_, "khoan" in open_)
        if found is None:
            continue
        level, number, heading = found
        if level == "dieu":
            value = int(re.match(r"\d+", number).group())
            if value < last_article or value > last_article + 50:
                continue
            last_article = value
        if level in ("phan", "chuong", "muc") and heading is None and n + 1 < len(lines):
            following = next((x.strip() for x in lines[n + 1:n + 4] if x.strip()), "")
            if following and following.isupper() and not _line_division(following, False, False):
                heading = _heading(following)
        depth = LEVELS.index(level)
        for deeper in LEVELS[depth:]:
            closed = open_.pop(deeper, None)
            if closed is not None:
                closed.end = start
        parent = next((open_[lv] for lv in reversed(LEVELS[:depth]) if lv in open_), None)
        path = _path(level, number, open_)
        division = Division(level, number, heading, start + raw.index(line[0]), len(text), path, parent=parent)
        (parent.children if parent else top).append(division)
        open_[level] = division
    return top


def _path(level: str, number: str, open_: dict[str, Division]) -> tuple[str, ...]:
    """ELI-style segments: an article stands under the document ("dieu/5", its number is unique in the
    text); a khoản under its article, a điểm under its khoản; a Mục under its Chương, a Chương under its Phần
    only when chapters restart in each part (they do not in Vietnamese texts, so under the document)."""
    segment = (level, _arabic(number))
    if level in ("khoan", "diem"):
        parent = open_.get("khoan" if level == "diem" else "dieu")
        return (parent.path if parent else ()) + segment
    if level == "muc" and "chuong" in open_:
        return open_["chuong"].path + segment
    return segment
