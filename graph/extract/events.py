"""Conferences and meetings held about documents: "hội nghị học tập, quán
triệt Nghị quyết Trung ương 6 khóa XIII", "hội nghị sơ kết 5 năm thực hiện
Chỉ thị số 05-CT/TW", with their date or year, place, organiser and the
number of people attending.

An event is taken only when the clause names at least one document it is
about; "25 hội nghị … các chỉ thị, nghị quyết của Đảng" is a count, not an event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.dates import NUMERIC_DATE, WORDED_DATE, make_date
from graph.extract.documents import Document
from graph.extract.organisations import OrgMention
from graph.text import collapse_space, unify_tones

_HEAD = re.compile(r"\b(?:[Hh]ội\s+nghị|[Hh]ội\s+thảo|[Tt]ọa\s+đàm|[Tt]oạ\s+đàm|[Ll]ễ\s+(?:công\s+bố|phát\s+động|ra\s+mắt|kỷ\s+niệm))\b")
_CLAUSE_END = re.compile(r"[.;!?\n]")
_YEAR_IN_SCOPE = re.compile(r"\(\s*năm\s+((?:19|20)\d\d)\s*\)|(?<![Đđ]ến\s)(?<![Tt]ới\s)\b[Nn]ăm\s+((?:19|20)\d\d)\b")
_PLACE = re.compile(r"\btại\s+([^,.;()\n]{3,80})")
_ATTENDEES = re.compile(
    r"(?:có\s+)?(?:(?P<q>hơn|trên|gần|khoảng|gần\s+như)\s+)?(?P<n>\d{1,3}(?:\.\d{3})*|\d+)\s+(?:lượt\s+)?(?P<who>đại\s+biểu|cán\s+bộ|người|đảng\s+viên)"
)
_SHORT_DATE = re.compile(r"\b(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Nn]gày|[Hh]ôm)\s+(?:nay\s+)?(?:\(?\s*)?(\d{1,2})\s*/\s*(\d{1,2})(?![/\d])")
_ORGANISE = re.compile(r"\s*(?:đã\s+|vừa\s+|sẽ\s+)?tổ\s+chức\s+(?:các\s+)?$")


@dataclass
class Event:
    """A conference or meeting about documents."""

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


def _doc_spans(docs: list[Document]) -> list[tuple[int, int]]:
    return [(m.start, m.end) for d in docs for m in d.mentions]


class EventFinder:
    """Finds events in one text, given its documents and organisations."""

    def __init__(self, text: str, docs: list[Document], orgs: list[OrgMention], *,
                 attribute_spans: list[tuple[int, int]], published: str | None) -> None:
        self.text = text
        self.utext = unify_tones(text)
        self.docs = docs
        self.orgs = orgs
        self.masked = attribute_spans + _doc_spans(docs)
        self.published_year = int(published[:4]) if published else None

    def _inside_reference(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self.masked)

    def find(self) -> list[Event]:
        heads = [m for m in _HEAD.finditer(self.utext) if not self._inside_reference(m.start())]
        events = []
        for i, head in enumerate(heads):
            clause = _CLAUSE_END.search(self.utext, head.end())
            end = clause.start() if clause else len(self.text)
            if i + 1 < len(heads):
                end = min(end, heads[i + 1].start())
            mentions = sorted(
                ((m, d) for d in self.docs for m in d.mentions if head.end() <= m.start < end),
                key=lambda pair: pair[0].start,
            )
            if not mentions:
                continue
            about: list[Document] = []
            for _, doc in mentions:
                if doc not in about:
                    about.append(doc)
            event = Event(name=self._name(head.start(), mentions[0][0].start, about), start=head.start(), end=end,
                          about=about)
            self._when(event, head.start(), end)
            self._where_who(event, head.start(), end)
            events.append(event)
        return events

    def _name(self, start: int, first_doc: int, about: list[Document]) -> str:
        lead = collapse_space(self.text[start:first_doc]).rstrip(" ,")
        names = [d.name for d in about]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]
        return f"{lead} {listed}"

    def _sentence_bounds(self, pos: int) -> tuple[int, int]:
        start = max(self.utext.rfind(". ", 0, pos), self.utext.rfind("\n", 0, pos)) + 1
        end_match = re.compile(r"[.!?](?:\s|$)|\n").search(self.utext, pos)
        return start, end_match.start() if end_match else len(self.utext)

    def _years(self, start: int, end: int) -> list[int]:
        years = []
        for m in _YEAR_IN_SCOPE.finditer(self.utext, start, end):
            if not self._inside_reference(m.start()):
                years.append(int(m.group(1) or m.group(2)))
        return years

    def _when(self, event: Event, start: int, end: int) -> None:
        sentence_start, sentence_end = self._sentence_bounds(start)
        for pattern in (WORDED_DATE, NUMERIC_DATE):
            for m in pattern.finditer(self.utext, sentence_start, sentence_end):
                if self._inside_reference(m.start()):
                    continue
                groups = (m.group(3), m.group(2), m.group(1)) if pattern is WORDED_DATE else (m.group(4), m.group(3), m.group(1))
                if day := make_date(*groups):
                    event.date, event.year = day.isoformat(), day.year
                    return
        short = _SHORT_DATE.search(self.utext, sentence_start, sentence_end)
        if short and self.published_year and (day := make_date(self.published_year, short.group(2), short.group(1))):
            event.date, event.year = day.isoformat(), day.year
            return
        years = self._years(start, end) or self._years(sentence_start, sentence_end)
        if not years:
            # The year the surrounding text is about: the last "năm 2022" before the event.
            paragraph_start = self.utext.rfind("\n\n", 0, start)
            previous = self.utext.rfind("\n\n", 0, max(paragraph_start, 0))
            years = self._years(max(previous, 0), sentence_start)[-1:]
        if years:
            event.year = years[0] if len(years) == 1 or years[0] == years[-1] else years[-1]

    def _where_who(self, event: Event, start: int, end: int) -> None:
        place = _PLACE.search(self.utext, start, end)
        if place and not self._inside_reference(place.start()):
            event.place = collapse_space(self.text[place.start(1):place.end(1)])
        sentence_start, sentence_end = self._sentence_bounds(start)
        for m in _ATTENDEES.finditer(self.utext, sentence_start, sentence_end):
            tail = self.utext[m.end():m.end() + 30]
            head = self.utext[max(sentence_start, m.start() - 30):m.start()]
            if "dự" in tail or "tham dự" in head or "dự" in head:
                event.attendees = int(m.group("n").replace(".", ""))
                event.attendees_qualifier = m.group("q")
                break
        before = self.utext[sentence_start:start]
        organise = _ORGANISE.search(before)
        if organise:
            cut = sentence_start + organise.start()
            candidates = [o for o in self.orgs if sentence_start <= o.start and o.end <= cut and cut - o.end <= 3]
            if candidates:
                event.organizer = candidates[-1].name
