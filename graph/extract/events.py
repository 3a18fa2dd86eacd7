"""Conferences and meetings held about documents: "hội nghị học tập, quán
triệt Nghị quyết Trung ương 6 khóa XIII", "hội nghị sơ kết 5 năm thực hiện
Chỉ thị số 05-CT/TW", with their date or year, place, organiser and the
number of people attending.

An event is taken only when the clause names at least one document it is
about; "25 hội nghị … các chỉ thị, nghị quyết của Đảng" is a count, not an event.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vankien.graph.dates import NUMERIC_DATE, WORDED_DATE, make_date
from vankien.graph.extract.budget import checkpoint
from vankien.graph.extract.documents import Document, Mention
from vankien.graph.extract.organisations import OrgMention
from vankien.graph.extract.spans import Marks, Spans
from vankien.graph.extract.text import AnalysedText, analysed
from vankien.graph.text import collapse_space

_HEAD = re.compile(r"\b(?:[Hh]ội\s+nghị|[Hh]ội\s+thảo|[Tt]ọa\s+đàm|[Tt]oạ\s+đàm"
                   r"|[Ll]ễ\s+(?:công\s+bố|phát\s+động|ra\s+mắt|kỷ\s+niệm))\b")
_CLAUSE_END = re.compile(r"[.;!?\n]")
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
_SHORT_DATE = re.compile(r"\b(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Nn]gày|[Hh]ôm)\s+(?:nay\s+)?"
                         r"(?:\(?\s*)?(\d{1,2})\s*/\s*(\d{1,2})(?![/\d])")
_ORGANISE = re.compile(r"\s*(?:đã\s+|vừa\s+|sẽ\s+)?tổ\s+chức\s+(?:các\s+)?$")
# Where a sentence ends ("[.!?](?:\s|$)|\n") and where one or a paragraph starts after, one character each.
_SENTENCE_END_MARK = re.compile(r"[.!?](?=\s|$)|\n")
_BLANK_LINE = re.compile(r"\n(?=\n)")


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

    def __init__(self, text: str | AnalysedText, docs: list[Document], orgs: list[OrgMention], *,
                 attribute_spans: list[tuple[int, int]], published: str | None) -> None:
        read = analysed(text)
        self.text = read.text
        self.utext = read.unified
        self.docs = docs
        self.orgs = orgs
        self.masked = Spans(attribute_spans + _doc_spans(docs))
        self.published_year = int(published[:4]) if published else None
        # Every mention in text order (a stable sort: documents' order breaks ties), and organisations by end.
        self._mentions: list[tuple[Mention, Document]] = sorted(
            ((m, d) for d in docs for m in d.mentions), key=lambda pair: pair[0].start)
        self._mention_starts = [m.start for m, _ in self._mentions]
        self._orgs_ending: dict[int, list[int]] = {}
        for i, org in enumerate(orgs):
            self._orgs_ending.setdefault(org.end, []).append(i)
        utext = self.utext
        self._clause_ends = Marks(_CLAUSE_END, utext)
        self._sentence_ends = Marks(_SENTENCE_END_MARK, utext)
        self._dot_spaces = read.dot_spaces
        self._newlines = read.newlines
        self._blank_lines = Marks(_BLANK_LINE, utext)
        self._year_marks: tuple[list[int], list[int], list[int]] | None = None
        self._sentence_memo: dict[tuple[str, int, int], Any] = {}

    def _inside_reference(self, pos: int) -> bool:
        return self.masked.covers(pos)

    def find(self) -> list[Event]:
        heads = []
        for m in _HEAD.finditer(self.utext):
            checkpoint()
            if not self._inside_reference(m.start()):
                heads.append(m)
        events = []
        for i, head in enumerate(heads):
            checkpoint()
            clause = self._clause_ends.first_from(head.end())
            end = clause if clause is not None else len(self.text)
            if i + 1 < len(heads):
                end = min(end, heads[i + 1].start())
            lo = bisect_left(self._mention_starts, head.end())
            hi = max(lo, bisect_left(self._mention_starts, end))
            mentions = self._mentions[lo:hi]
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

    def _first_date(self, start: int, end: int) -> date | None:
        for pattern in (WORDED_DATE, NUMERIC_DATE):
            for m in pattern.finditer(self.utext, start, end):
                checkpoint()
                if self._inside_reference(m.start()):
                    continue
                if pattern is WORDED_DATE:
                    groups = (m.group(3), m.group(2), m.group(1))
                else:
                    groups = (m.group(4), m.group(3), m.group(1))
                if day := make_date(*groups):
                    return day
        return None

    def _when(self, event: Event, start: int, end: int) -> None:
        sentence_start, sentence_end = self._sentence_bounds(start)
        if day := self._per_sentence("date", sentence_start, sentence_end, self._first_date):
            event.date, event.year = day.isoformat(), day.year
            return
        short = self._per_sentence("short date", sentence_start, sentence_end,
                                   lambda s, e: _SHORT_DATE.search(self.utext, s, e))
        if short and self.published_year and (day := make_date(self.published_year, short.group(2), short.group(1))):
            event.date, event.year = day.isoformat(), day.year
            return
        years = self._years(start, end) or self._per_sentence("years", sentence_start, sentence_end, self._years)
        if not years:
            # The year the surrounding text is about: the last "năm 2022" before the event.
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
