"""Named meetings: conferences ("Hội nghị sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW",
"Hội thảo khoa học \"…\""), Party plenums ("Hội nghị Trung ương 6 khóa XIII"), sessions of an
elected body ("kỳ họp thứ 10, Quốc hội khóa XIII") and meetings named by who met or when
("cuộc họp Thường trực Chính phủ", "cuộc họp ngày 26/6/2020"); with their date, place,
organiser, the documents they were about and the number of people attending.

Precision first. A name is the shortest phrase naming the meeting and stops where the clause
turns to what was said ("Hội nghị, ông …", "Hội nghị Tổng Bí thư … cho rằng"). A conference is
taken only when its name is specific (a document, a number, a proper noun or a quoted title) and
the text says it was held ("tổ chức", "dự", "tại", "… diễn ra"); "25 hội nghị …" and "các hội
nghị …" are counts, not events. Mentions of one meeting in a text become one event. A date is
the meeting's only when the text ties it to the meeting ("khai mạc vào ngày 22/5/2017", "thông
qua ngày …", "cuộc họp ngày 26/6/2020", or "Sáng 16/9, … tổ chức Hội nghị …"); a day without a
year takes the article's publication year, "sáng nay" its publication date.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from vankien.graph.dates import NUMERIC_DATE, make_date
from vankien.graph.extract.budget import checkpoint
from vankien.graph.extract.documents import Document, Mention
from vankien.graph.extract.organisations import OrgMention
from vankien.graph.extract.spans import Marks, Spans
from vankien.graph.extract.text import AnalysedText, analysed
from vankien.graph.text import collapse_space, normalize_key

# Each branch starts with a plain character the engine can skip to ("\b" becomes a look-behind after it).
_HEAD = re.compile(
    r"(?P<conference>[Hh](?<!\w[Hh])ội\s+(?:nghị|thảo)|[Tt](?<!\w[Tt])ọa\s+đàm|[Dd](?<!\w[Dd])iễn\s+đàn"
    r"|[Đđ](?<!\w[Đđ])ại\s+hội|[Ll](?<!\w[Ll])ễ\s+(?:công\s+bố|phát\s+động|ra\s+mắt|kỷ\s+niệm|khai\s+giảng"
    r"|khởi\s+công|khánh\s+thành|tôn\s+vinh))\b"
    r"|(?P<session>[KkPp](?<!\w[KkPp])(?:ỳ|ì|hiên)\s+họp)\b|(?P<meeting>[CcBb](?<!\w[CcBb])(?:uộc|uổi)\s+họp)\b")
# Fragments every head word holds, looked for first with ``str.find`` (most texts hold none).
# A text of articles ("Điều 5.") states rules: the meetings it names are kinds, not meetings held.
_ARTICLE_LINE = re.compile(r"(?m)^[^\S\n]*Điều\s+\d+")
_HEAD_FRAGMENTS = ("ội nghị", "ội thảo", "ọa đàm", "ễn đàn", "ại hội", "Lễ ", "lễ ", " họp")
_CLAUSE_END = re.compile(r"[;!?\n]|\.(?!\w)")  # not the dot of "4.0" or "TP.HCM"
_YEAR_IN_SCOPE = re.compile(r"\(\s*năm\s+((?:19|20)\d\d)\s*\)|(?<![Đđ]ến\s)(?<![Tt]ới\s)\b[Nn]ăm\s+((?:19|20)\d\d)\b")
# The same matches, faster over a whole text: each branch starts with a plain character the engine can
# skip to ("\b" before "năm" becomes a look-behind after its first letter).
_YEAR_ANYWHERE = re.compile(r"\(\s*năm\s+((?:19|20)\d\d)\s*\)"
                            r"|[Nn](?<!\w[Nn])(?<![Đđ]ến\s[Nn])(?<![Tt]ới\s[Nn])ăm\s+((?:19|20)\d\d)\b")
_PLACE = re.compile(r"\btại\s+([^,.;()\n]{3,80})")
_ATTENDEES = re.compile(
    r"(?:có\s+)?(?:(?P<q>hơn|trên|gần|khoảng|gần\s+như)\s+)?(?P<n>\d{1,3}(?:\.\d{3})*|\d+)\s+"
    r"(?:lượt\s+)?(?P<who>đại\s+biểu|cán\s+bộ|người|đảng\s+viên)"
)
_ORGANISE = re.compile(r"\s*(?:đã\s+|vừa\s+|sẽ\s+)?tổ\s+chức\s+(?:các\s+)?$")
# Where a sentence ends ("[.!?](?:\s|$)|\n") and where one or a paragraph starts after, one character each.
_SENTENCE_END_MARK = re.compile(r"[.!?](?=\s|$)|\n")
_BLANK_LINE = re.compile(r"\n(?=\n)")

_ORDINAL = r"(?:\d{1,2}|[IVX]{1,5}|nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười(?:\s+\w+)?)\b"
_TERM = r"[Kk]hóa\s+(?:[IVXL]{1,6}|\d{1,2})\b"
# "kỳ họp thứ 10", "kỳ họp Quốc hội lần 3", "Phiên họp thứ 15", "kỳ họp bất thường lần thứ 2"
_SESSION = re.compile(r"\s+(?:(?P<body_in>Quốc\s+hội|HĐND(?:\s+\w+)?|Hội\s+đồng\s+nhân\s+dân(?:\s+\w+)?)\s+)?"
                      r"(?:bất\s+thường\s+)?(?:thứ|lần\s+thứ|lần)\s+(?P<ordinal>" + _ORDINAL + ")")
# What follows a session's ordinal: ", Quốc hội khóa XIV", " của Quốc hội khóa XIV", " HĐND tỉnh khóa X"
_SESSION_BODY = re.compile(
    r"(\s*,\s*|\s+của\s+|\s+)(?:Quốc\s+hội|(?:HĐND|Hội\s+đồng\s+nhân\s+dân)(?:\s+(?:tỉnh|thành\s+phố|TP|huyện|"
    r"quận|thị\s+xã|xã|phường)\b)?(?:\s+[A-ZĐ]\w*){0,3}|Ủy\s+ban\s+Thường\s+vụ\s+Quốc\s+hội|Chính\s+phủ)"
    r"(?:\s*,?\s+(?P<term>" + _TERM + r"))?")
# Before one, in a law's closing line: "Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIII, "
_BODY_BEFORE = re.compile(r"(Quốc\s+hội)(?:\s+nước\s+Cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+Việt\s+Nam)?\s+"
                          r"(" + _TERM + r")\s*,\s*$")
# "Hội nghị Trung ương 6 khóa XIII", "Hội nghị lần thứ 4 Ban Chấp hành Trung ương Đảng khóa XIII"
_PLENUM = re.compile(
    r"\s+(?:lần\s+thứ\s+(?P<first>" + _ORDINAL + r")\s+)?(?:của\s+)?(?:(?:Ban\s+Chấp\s+hành|BCH)\s+)?"
    r"Trung\s+ương(?:\s+Đảng)?(?:\s+(?:lần\s+thứ\s+)?(?P<then>" + _ORDINAL + r"))?(?:\s*,?\s+" + _TERM + ")?")
_TOKEN = re.compile(r"[^\S\n]*(?:(?P<quote>[\"“«])|(?P<comma>,)|(?P<punct>[;:()–—\n]|-(?=\s))"
                    r"|(?P<word>[^\s,;:()\"“”«»]+))")
_CLOSING_QUOTE = re.compile(r"[\"”»]")
_WORDS = re.compile(r"\w+")
_QUOTED = re.compile(r"[\"“«]([^\"”»]+)[\"”»]")
# Words after which a name does not go on: what the meeting did, when, where, who spoke.
_STOP_WORDS = frozenset(
    "đã sẽ đang vừa được bị do tại vào với nhằm để là có ngày sáng chiều tối trưa hôm từ trong qua khi thì mà nên "
    "này đó trên tới sắp cho ông bà anh chị các những nhiều cũng còn đây gồm sau trước ở cuối tuần theo nếu "
    "hoặc không gửi phải".split())
_STOP_PAIRS = frozenset({"diễn ra", "khai mạc", "bế mạc", "kết thúc", "thống nhất", "nhấn mạnh", "khẳng định",
                         "đề nghị", "yêu cầu", "góp phần", "đối với", "mới đây", "thông qua", "dự kiến", "lần đầu",
                         "cho rằng", "cho biết",
                         "tổ chức", "chủ trì", "đồng chí", "thu hút", "phát biểu"})
# Capitalised words that begin a person's post: "Hội nghị Tổng Bí thư Tô Lâm cho rằng" names no meeting.
_POST_WORDS = frozenset({"ông", "bà", "gs", "pgs", "ts", "ths", "gs.ts", "pgs.ts"})
_POST_PAIRS = frozenset({"tổng bí", "chủ tịch", "thủ tướng", "bộ trưởng", "thứ trưởng", "bí thư", "giám đốc",
                         "trưởng ban", "chánh án", "đại tướng", "thượng tướng", "trung tướng", "thiếu tướng",
                         "đồng chí", "tổng thư", "chủ nhiệm", "tổng thống", "ủy viên", "đại sứ", "phó thủ",
                         "phó chủ", "phó bí", "phó trưởng", "phó giám", "tổng giám", "chủ trì", "tổng cục",
                         "đại biểu"})
# A comma inside a name lists what the meeting did: "hội nghị học tập, quán triệt …".
_LISTED_ACTIVITIES = frozenset({"học tập", "quán triệt", "triển khai", "tuyên truyền", "sơ kết", "tổng kết",
                                "đánh giá", "thực hiện", "góp ý", "nghiên cứu", "trao đổi", "đối thoại",
                                "biểu dương", "khen thưởng", "tôn vinh", "tập huấn", "phổ biến", "giới thiệu"})
_MAX_NAME_WORDS = 30
_TERM_AFTER_COMMA = re.compile(r"\s*" + _TERM)
_JOINING = frozenset({"bàn", "về", "của", "và", "thảo", "xem", "nghe", "thường"})
# The text says the meeting was held: before its name …
_HELD_BEFORE = re.compile(
    r"(?:(?<![Bb]an\s)tổ\s+chức|mở\s+đầu|khai\s+mạc|bế\s+mạc|dự|tham\s+dự|chủ\s+trì|triệu\s+tập|tiến\s+hành|tại|phát\s+biểu|mở|đăng\s+cai|"
    r"diễn\s+ra|kết\s+thúc|nhóm\s+họp|họp)(?:\s+(?:thành\s+công|trọng\s+thể|long\s+trọng|trực\s+tuyến))?"
    r"\s+(?:(?:buổi|cuộc|phiên)\s+)?$", re.IGNORECASE)
# … or after it.
_HELD_AFTER = re.compile(
    r"\s*(?:\([^()\n]{1,20}\)\s*)?,?\s*(?:(?:đã|sẽ|đang|vừa|chính\s+thức|được|dự\s+kiến)\s+)*(?:diễn\s+ra|khai\s+mạc|bế\s+mạc|tổ\s+chức|"
    r"kết\s+thúc|nhóm\s+họp|khai\s+giảng)\b")
# Counted or generic meetings: "25 hội nghị", "các hội nghị", "mỗi cuộc họp".
_COUNTED = re.compile(r"(?:\d|\b(?:các|những|nhiều|mỗi|một\s+số|hai|ba|bốn|năm|hàng|mọi))\s+$", re.IGNORECASE)
# Between a meeting's name and its date: "… sẽ khai mạc vào ngày", " thông qua ngày", " được tổ chức tại … vào"
_DATE_GAP = re.compile(
    r"\s*(?:\([^()\n]{1,20}\)\s*)?,?\s*\(?\s*(?:(?:đã|sẽ|đang|vừa|được|chính\s+thức|dự\s+kiến)\s+)*(?:(?:tổ\s+chức|diễn\s+ra|khai\s+mạc|"
    r"bế\s+mạc|thông\s+qua|kết\s+thúc|họp|nhóm\s+họp|tiến\s+hành|khai\s+giảng)\s+)?(?:tại\s+[^,.;:()\n]{1,80}?\s+)?"
    r"(?:(?:vào|từ|trong)\s+)?(?:(?P<part>sáng|chiều|tối|trưa)\s+(?P<today>nay\s*)?\(?\s*)?"
    r"(?=ngày|hôm|\d|(?<=nay)|(?<=nay\s))", re.IGNORECASE)
_DAY_WORD = re.compile(r"(?:ngày|hôm(?P<today>\s+nay)?)\s*\(?\s*", re.IGNORECASE)
_JUST_AFTER = re.compile(r"[^\S\n]*,?[^\S\n]*\(?[^\S\n]*")
# "ngày 26 tháng 11 năm 2003", also as scraped with "năm2003"
_WORDED_DATE = re.compile(r"ngày\s*(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,\s*)?năm\s*(\d{4})", re.IGNORECASE)
_DAY_MONTH = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[/-]\s*(\d{1,2})(?![\d/-])")
# The date a sentence opens with: "Sáng 16/9, ", "Ngày 16/9/2025, ", "Sáng nay (16/9), ", "Hôm qua, "
_OPENING_DATE = re.compile(
    r"[^\S\n]*(?:(?:sáng|chiều|tối|trưa|đêm|hôm)\s+)?(?:(?P<rel>nay|qua|hôm\s+nay|hôm\s+qua)\s*)?\(?\s*(?:ngày\s+)?"
    r"(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?"
    r"|(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2})(?:\s*,?\s*năm\s+(?P<wy>\d{4}))?)?\s*\)?\s*,", re.IGNORECASE)
_AFTER_OPENING = re.compile(r"[^\S\n]*(?:tại\s+[^,.;\n]{1,80},\s*)?$")


@dataclass
class Event:
    """A named meeting: a conference, plenum, session or meeting."""

    name: str
    start: int
    end: int
    about: list[Document] = field(default_factory=list)
    date: str | None = None
    year: int | None = None
    place: str | None = None
    organizer: str | None = None
    attendees: int | None = None
    attendees_qualifier: str | None = None
    key: str = field(default="", repr=False, compare=False)  # what mentions of one meeting share


def _doc_spans(docs: list[Document]) -> list[tuple[int, int]]:
    return [(m.start, m.end) for d in docs for m in d.mentions]


def _published(published: str | None) -> date | None:
    if not published or len(published) < 10:
        return None
    return make_date(published[:4], published[5:7], published[8:10])


class EventFinder:
    """Finds events in one text, given its documents and organisations."""

    def __init__(self, text: str | AnalysedText, docs: list[Document], orgs: list[OrgMention], *,
                 attribute_spans: list[tuple[int, int]], published: str | None) -> None:
        read = analysed(text)
        self.text = read.text
        self.utext = read.unified
        self.docs = docs
        self.orgs = orgs
        self.masked = Spans(attribute_spans + _doc_spans(docs))
        self.published = _published(published)
        # Every mention in text order (a stable sort: documents' order breaks ties), and organisations by end.
        self._mentions: list[tuple[Mention, Document]] = sorted(
            ((m, d) for d in docs for m in d.mentions), key=lambda pair: pair[0].start)
        self._mention_starts = [m.start for m, _ in self._mentions]
        self._orgs_ending: dict[int, list[int]] = {}
        self._org_reach: dict[int, int] = {}
        for i, org in enumerate(orgs):
            self._orgs_ending.setdefault(org.end, []).append(i)
            self._org_reach[org.start] = max(org.end, self._org_reach.get(org.start, 0))
        utext = self.utext
        self._clause_ends = Marks(_CLAUSE_END, utext)
        self._sentence_ends = Marks(_SENTENCE_END_MARK, utext)
        self._dot_spaces = read.dot_spaces
        self._newlines = read.newlines
        self._blank_lines = Marks(_BLANK_LINE, utext)
        self._year_marks: tuple[list[int], list[int], list[int]] | None = None
        self._sentence_memo: dict[tuple[str, int, int], Any] = {}
        self._dated_sentences: set[int] = set()
        self._rules = self._states_rules()

    def _states_rules(self) -> bool:
        for count, _ in enumerate(_ARTICLE_LINE.finditer(self.utext), start=1):
            if count >= 3:
                return True
        return False

    def _inside_reference(self, pos: int) -> bool:
        return self.masked.covers(pos)

    def find(self) -> list[Event]:
        heads = []
        starts = [at for fragment in _HEAD_FRAGMENTS if (at := self.utext.find(fragment)) >= 0]
        for m in _HEAD.finditer(self.utext, max(0, min(starts, default=len(self.utext)) - 6)):
            checkpoint()
            if not self._inside_reference(m.start()):
                heads.append(m)
        events: list[Event] = []
        for i, head in enumerate(heads):
            checkpoint()
            clause = self._clause_ends.first_from(head.end())
            end = clause if clause is not None else len(self.text)
            if i + 1 < len(heads):
                end = min(end, heads[i + 1].start())
            if head.group("session"):
                event = self._session(head, end)
            elif self._rules:
                continue
            elif head.group("meeting"):
                event = self._meeting(head, end)
            else:
                event = self._conference(head, end)
            if event is not None:
                self._merge(events, event)
        return events

    # -- the kinds of meeting -------------------------------------------------------------------
    def _session(self, head: re.Match[str], limit: int) -> Event | None:
        """ "kỳ họp thứ 10, Quốc hội khóa XIII" (also when the body and term come first, in a law)."""
        found = _SESSION.match(self.utext, head.end(), limit)
        if not found:
            return None
        end = found.end()
        body = _SESSION_BODY.match(self.utext, end, limit)
        if body and "," in body.group(1) and not body.group("term"):
            body = None  # "tại kỳ họp thứ 5, Quốc hội sẽ thông qua …": the body begins the next clause
        if body and not found.group("body_in"):
            end = body.end()
        name = collapse_space(self.text[head.start():end])
        if not body or found.group("body_in"):
            before = _BODY_BEFORE.search(self.utext, max(0, head.start() - 120), head.start())
            if before:
                name = f"{name}, {before.group(1)} {before.group(2)}"
        term = re.search(_TERM, name)
        if self._rules and not term:
            return None  # "kỳ họp thứ nhất của Quốc hội khóa mới": a rule, not a session held
        key = f"session {normalize_key(found.group('ordinal'))} {normalize_key(term.group()) if term else ''}"
        event = Event(name=name, start=head.start(), end=end, key=key)
        self._date(event, head.start(), end, limit, held=self._held_before(head.start()))
        return event

    def _meeting(self, head: re.Match[str], limit: int) -> Event | None:
        """ "cuộc họp ngày 26/6/2020", "cuộc họp Thường trực Chính phủ"."""
        if _COUNTED.search(self.utext, max(0, head.start() - 12), head.start()):
            return None
        after = head.end()
        day = self._date_right_after(after, limit, allow_gap=False)
        if day is not None:
            when, end = day
            name = collapse_space(self.text[head.start():end])
            event = Event(name=name, start=head.start(), end=end, key=normalize_key(name), date=when.isoformat(),
                          year=when.year)
            return event
        end = self._proper_run(after, limit)
        if end is None:
            return None
        name = collapse_space(self.text[head.start():end])
        event = Event(name=name, start=head.start(), end=end, key=normalize_key(name))
        self._date(event, head.start(), end, limit, held=self._held_before(head.start()))
        return event

    def _conference(self, head: re.Match[str], limit: int) -> Event | None:
        if _COUNTED.search(self.utext, max(0, head.start() - 12), head.start()):
            return None
        plenum = None
        if normalize_key(head.group()) == "hội nghị":
            plenum = _PLENUM.match(self.utext, head.end(), limit)
            if plenum and not (plenum.group("first") or plenum.group("then")):
                plenum = None
        if plenum:
            end = plenum.end()
            name = collapse_space(self.text[head.start():end])
            event = Event(name=name, start=head.start(), end=end, key=normalize_key(name))
            held = self._held_before(head.start()) or bool(_HELD_AFTER.match(self.utext, end, limit))
            self._date(event, head.start(), end, limit, held=held)
            return event
        end, reached_doc, quoted, specific = self._walk(head.end(), limit)
        about: list[Document] = []
        if reached_doc:
            lo = bisect_left(self._mention_starts, head.end())
            hi = max(lo, bisect_left(self._mention_starts, limit))
            first = self._mentions[lo][0].start
            for mention, doc in self._mentions[lo:hi]:
                end = max(end, mention.end)
                if doc not in about:
                    about.append(doc)
            while (reach := self.masked.reach(end)) is not None and reach > end:  # "… ngày 5/8/2021 của …"
                end = reach
        held_before = self._held_before(head.start())
        held = held_before or bool(_HELD_AFTER.match(self.utext, end, limit))
        if not (specific or quoted) or not (held or quoted):
            return None
        if head.group()[0].islower() and not (reached_doc or quoted or held_before):
            return None
        name = self._name(head.start(), first, about) if about else collapse_space(self.text[head.start():end])
        key = normalize_key(name)
        if quoted and (title := _QUOTED.search(name)):  # "hội thảo khoa học "X"" and "hội thảo "X"": one meeting
            key = "quoted " + " ".join(_WORDS.findall(normalize_key(title.group(1))))
        event = Event(name=name, start=head.start(), end=end, about=about, key=key)
        self._date(event, head.start(), end, limit, held=held)
        if about and not event.date:
            self._year(event, head.start(), limit)
        self._where_who(event, head.start(), limit)
        return event

    # -- names ------------------------------------------------------------------------------------
    def _walk(self, pos: int, limit: int) -> tuple[int, bool, bool, bool]:
        """Where a conference's name ends after its head word: (end, reached a document, ended with a
        quoted title, holds a number or proper noun)."""
        utext = self.utext
        end, words, specific = pos, 0, False
        first_doc = bisect_left(self._mention_starts, pos)
        next_doc = self._mention_starts[first_doc] if first_doc < len(self._mention_starts) else len(utext)
        while True:
            checkpoint()
            token = _TOKEN.match(utext, pos, limit)
            if not token or token.end() == pos:
                break
            at = token.end() - len(token.group(token.lastgroup or "word") or "")
            if at >= next_doc:
                return end, True, False, True
            if token.group("quote"):
                close = _CLOSING_QUOTE.search(utext, token.end(), min(limit if limit > token.end() else len(utext),
                                                                       token.end() + 300))
                if close is None:
                    close = _CLOSING_QUOTE.search(utext, token.end(), min(len(utext), token.end() + 300))
                if close is None or "\n" in utext[token.end():close.start()]:
                    break
                return close.end(), False, True, True
            if token.group("comma"):
                nxt = _TOKEN.match(utext, token.end(), limit)
                following = _TOKEN.match(utext, nxt.end(), limit) if nxt and nxt.group("word") else None
                pair = (f"{nxt.group('word')} {following.group('word') or ''}" if nxt and nxt.group("word")
                        and following else "")
                if pair in _LISTED_ACTIVITIES or (utext[end - 5:end].lower() == "phòng" and pair.startswith("chống")):
                    pos = token.end()
                    continue
                if term := _TERM_AFTER_COMMA.match(utext, token.end(), limit):  # "Hội nghị lần thứ 8, khóa V"
                    end = term.end()
                break
            if token.group("punct"):
                if token.group("punct") in "-–" and (utext[end - 1:end].isalpha() and self._capital_follows(
                        token.end(), limit) or utext[end - 1:end].isdigit() and self._digit_follows(token.end())):
                    pos = token.end()  # "Diễn đàn nghị viện Châu Á - Thái Bình Dương"
                    continue
                break
            word = token.group("word")
            low = word.lower()
            nxt = _TOKEN.match(utext, token.end(), limit)
            pair = f"{low} {nxt.group('word').lower()}" if nxt and nxt.group("word") else ""
            if low in _STOP_WORDS or pair in _STOP_PAIRS or low in _POST_WORDS or pair in _POST_PAIRS:
                break
            words += 1
            if words > _MAX_NAME_WORDS:
                return pos, False, False, False
            if word[0].isupper() or any(c.isdigit() for c in word):
                specific = True
            pos = end = token.end()
        while True:  # a name does not end on a joining word
            tail = re.search(r"\s+(?:của|về|và|cùng|với|đối|theo|ở|giữa)$", utext[pos - 12 if pos > 12 else 0:end])
            if not tail:
                break
            end -= len(tail.group())
        return end, False, False, specific

    def _digit_follows(self, pos: int) -> bool:
        """ "giai đoạn 2016 - 2020": a dash between numbers stays in a name."""
        return bool(re.match(r"[^\S\n]*\d", self.utext[pos:pos + 4]))

    def _capital_follows(self, pos: int, limit: int) -> bool:
        token = _TOKEN.match(self.utext, pos, limit)
        if not token or not token.group("word") or not token.group("word")[0].isupper():
            return False
        nxt = _TOKEN.match(self.utext, token.end(), limit)
        pair = f"{token.group('word').lower()} {nxt.group('word').lower()}" if nxt and nxt.group("word") else ""
        return token.group("word").lower() not in _POST_WORDS and pair not in _POST_PAIRS

    def _proper_run(self, pos: int, limit: int) -> int | None:
        """The end of the proper noun right after a meeting word ("Thường trực Chính phủ"), or None."""
        end, capitals, named_body = None, 0, False
        connectors = {"tỉnh", "thành", "phố", "huyện", "xã", "phường", "quận", "nhân", "dân", "và", "trực"}
        while True:
            token = _TOKEN.match(self.utext, pos, limit)
            if not token or not token.group("word"):
                break
            word = token.group("word")
            nxt = _TOKEN.match(self.utext, token.end(), limit)
            pair = f"{word.lower()} {nxt.group('word').lower()}" if nxt and nxt.group("word") else ""
            if pair in _POST_PAIRS or word.lower() in _POST_WORDS:
                break
            org_end = self._org_reach.get(token.end() - len(word))
            if org_end is not None and org_end <= limit and word[0].isupper():
                end = pos = org_end
                named_body = True
            elif word[0].isupper():
                end = pos = token.end()
                capitals += 1
            elif end is not None and word in connectors:
                pos = token.end()
            else:
                break
        if not (named_body or capitals >= 2):
            return None  # "cuộc họp HĐQT": a kind of meeting, not one meeting
        return end if end is not None and self._boundary(end, limit) else None

    def _boundary(self, pos: int, limit: int) -> bool:
        """Whether a name may end at ``pos``: the clause ends or turns to another part (a stop word)."""
        token = _TOKEN.match(self.utext, pos, limit)
        if not token or not token.group("word"):
            return True
        word = token.group("word").lower()
        nxt = _TOKEN.match(self.utext, token.end(), limit)
        pair = f"{word} {nxt.group('word').lower()}" if nxt and nxt.group("word") else ""
        return word in _STOP_WORDS or word in _JOINING or pair in _STOP_PAIRS

    def _name(self, start: int, first_doc: int, about: list[Document]) -> str:
        lead = collapse_space(self.text[start:first_doc]).rstrip(" ,")
        names = [d.name for d in about]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]
        return f"{lead} {listed}"

    def _merge(self, events: list[Event], event: Event) -> None:
        """One event for all mentions of a meeting: the first mention's place, a date from any."""
        for known in events:
            if not self._same(known, event):
                continue
            if len(event.name) > len(known.name) and event.key.startswith("session") and "hóa" in event.key:
                known.name = event.name
                known.key = event.key
            known.date = known.date or event.date
            known.year = known.year or event.year
            known.place = known.place or event.place
            known.organizer = known.organizer or event.organizer
            known.about += [d for d in event.about if d not in known.about]
            return
        events.append(event)

    @staticmethod
    def _same(a: Event, b: Event) -> bool:
        if a.key == b.key:
            return True
        if a.key.startswith("session") and b.key.startswith("session"):
            (_, na, *ta), (_, nb, *tb) = a.key.split(" ", 2), b.key.split(" ", 2)
            return na == nb and (not ta or not tb or not ta[0] or not tb[0] or ta == tb)
        return False

    # -- dates --------------------------------------------------------------------------------------
    def _held_before(self, start: int) -> bool:
        sentence_start = self._sentence_bounds(start)[0]
        return bool(_HELD_BEFORE.search(self.utext, max(sentence_start, start - 40), start))

    def _date(self, event: Event, start: int, end: int, limit: int, *, held: bool) -> None:
        """The date tied to the meeting's name: right after it, else the one its sentence opens with."""
        if event.date:
            return
        found = self._date_right_after(end, limit, allow_gap=True)
        if found is None and held:
            found = self._opening_date(start)
        if found is not None:
            day = found[0] if isinstance(found, tuple) else found
            event.date, event.year = day.isoformat(), day.year

    def _date_right_after(self, pos: int, limit: int, *, allow_gap: bool) -> tuple[date, int] | None:
        """A date written right after ``pos`` (after words such as "sẽ khai mạc vào" when ``allow_gap``),
        and where it ends."""
        gap = (_DATE_GAP if allow_gap else _JUST_AFTER).match(self.utext, pos, limit)
        at = gap.end() if gap else pos
        m = _WORDED_DATE.match(self.utext, at, limit)
        if m and (day := make_date(m.group(3), m.group(2), m.group(1))):
            return day, m.end()
        word = _DAY_WORD.match(self.utext, at, limit)
        at = word.end() if word else at
        m = NUMERIC_DATE.match(self.utext, at, limit)
        if m and (day := make_date(m.group(4), m.group(3), m.group(1))):
            return day, m.end()
        m = _DAY_MONTH.match(self.utext, at, limit) if word or (gap and gap.groupdict().get("part")) else None
        if m and (day := self._with_year(m.group(1), m.group(2))):
            return day, m.end()
        today = (word and word.group("today")) or (gap and gap.groupdict().get("today"))
        if today and self.published:
            return self.published, (word or gap).end()
        return None

    def _with_year(self, day: str, month: str, year: str | None = None) -> date | None:
        if year:
            return make_date(year, month, day)
        if self.published is None:
            return None
        found = make_date(self.published.year, month, day)
        if found and found > self.published + timedelta(days=183):
            found = make_date(self.published.year - 1, month, day)
        return found

    def _opening_date(self, start: int) -> date | None:
        """The date the sentence holding ``start`` opens with, for its first meeting only."""
        sentence_start = self._sentence_bounds(start)[0]
        if sentence_start in self._dated_sentences:
            return None
        m = _OPENING_DATE.match(self.utext, sentence_start, start)
        if not m or not (m.group("rel") or m.group("d") or m.group("wd")):
            return None
        if m.group("d") or m.group("wd"):
            day = self._with_year(m.group("d") or m.group("wd"), m.group("m") or m.group("wm"),
                                  m.group("y") or m.group("wy"))
        elif self.published is None:
            day = None
        else:
            day = self.published - timedelta(days=1) if m.group("rel").endswith("qua") else self.published
        if day is not None:
            self._dated_sentences.add(sentence_start)
        return day

    def _sentence_bounds(self, pos: int) -> tuple[int, int]:
        start = max(self._dot_spaces.last_before(pos - 2), self._newlines.last_before(pos - 1)) + 1
        end = self._sentence_ends.first_from(pos)
        return start, end if end is not None else len(self.utext)

    def _years(self, start: int, end: int) -> list[int]:
        years = []
        for m in _YEAR_IN_SCOPE.finditer(self.utext, start, end):
            if not self._inside_reference(m.start()):
                years.append(int(m.group(1) or m.group(2)))
        return years

    def _last_year(self, start: int, end: int) -> list[int]:
        """``_years(start, end)[-1:]`` from one pass over the whole text (the span may be most of it)."""
        if self._year_marks is None:
            found = [m for m in _YEAR_ANYWHERE.finditer(self.utext) if not self._inside_reference(m.start())]
            self._year_marks = ([m.start() for m in found], [m.end() for m in found],
                                [int(m.group(1) or m.group(2)) for m in found])
        starts, ends, years = self._year_marks
        i = bisect_right(ends, end) - 1
        return [years[i]] if i >= 0 and starts[i] >= start else []

    def _per_sentence(self, what: str, start: int, end: int, compute: Callable[[int, int], Any]) -> Any:
        """``compute(start, end)`` once per sentence: several events may share one (a long one, too)."""
        key = (what, start, end)
        if key not in self._sentence_memo:
            self._sentence_memo[key] = compute(start, end)
        return self._sentence_memo[key]

    def _year(self, event: Event, start: int, end: int) -> None:
        """A meeting with no date: the year its clause or sentence names, else the year the text before
        it is about (the last "năm 2022" before it)."""
        sentence_start, sentence_end = self._sentence_bounds(start)
        years = self._years(start, end) or self._per_sentence("years", sentence_start, sentence_end, self._years)
        if not years:
            paragraph_start = self._blank_lines.last_before(start - 2)
            previous = self._blank_lines.last_before(max(paragraph_start, 0) - 2)
            years = self._last_year(max(previous, 0), sentence_start)
        if years:
            event.year = years[0] if len(years) == 1 or years[0] == years[-1] else years[-1]

    def _attendees(self, start: int, end: int) -> tuple[int, str | None] | None:
        for m in _ATTENDEES.finditer(self.utext, start, end):
            checkpoint()
            tail = self.utext[m.end():m.end() + 30]
            head = self.utext[max(start, m.start() - 30):m.start()]
            if len(m.group("n")) > 15:
                continue  # a run of digits, not a head count
            if "dự" in tail or "tham dự" in head or "dự" in head:
                return int(m.group("n").replace(".", "")), m.group("q")
        return None

    def _organise_before(self, sentence_start: int, start: int) -> re.Match[str] | None:
        """ "… đã tổ chức" ending at ``start``, searched from ``sentence_start``; only the last words are
        read unless they could all belong to the match (a long run of spaces inside it)."""
        lo = max(sentence_start, start - 200)
        if lo > sentence_start and len(self.utext[lo:start].split()) <= 5:
            lo = sentence_start
        return _ORGANISE.search(self.utext, lo, start)

    def _where_who(self, event: Event, start: int, end: int) -> None:
        place = _PLACE.search(self.utext, start, end)
        if place and not self._inside_reference(place.start()):
            event.place = collapse_space(self.text[place.start(1):place.end(1)])
        sentence_start, sentence_end = self._sentence_bounds(start)
        if attendees := self._per_sentence("attendees", sentence_start, sentence_end, self._attendees):
            event.attendees, event.attendees_qualifier = attendees
        organise = self._organise_before(sentence_start, start)
        if organise:
            cut = organise.start()
            candidates = [i for e in range(cut - 3, cut + 1) for i in self._orgs_ending.get(e, ())
                          if sentence_start <= self.orgs[i].start]
            if candidates:
                event.organizer = self.orgs[max(candidates)].name
