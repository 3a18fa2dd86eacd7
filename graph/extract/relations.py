"""Relations between documents, read from verb cues.

"Kế hoạch số 15-KH/TU … thực hiện Nghị quyết số 35-NQ/TW" → implements;
"tiếp tục thực hiện" → continues; "thay thế" → replaces; "sửa đổi, bổ sung"
→ amends; "hướng dẫn", "quy định chi tiết" → guides; "căn cứ" → based_on;
"sơ kết", "tổng kết" → reviews. In an official document the document itself
is the subject: "Căn cứ Hiến pháp …" → based_on, "Luật số 33/2005/QH11 hết
hiệu lực" → replaces.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from vankien.graph.extract.budget import checkpoint
from vankien.graph.extract.documents import Document, DocumentFinder
from vankien.graph.extract.spans import Marks

IMPLEMENTS, CONTINUES, REPLACES, AMENDS = "implements", "continues", "replaces", "amends"
GUIDES, BASED_ON, REVIEWS, CITES = "guides", "based_on", "reviews", "cites"

# Cue right before the object reference; the first that matches wins.
_CUES = [
    (CONTINUES, r"tiếp\s+tục\s+(?:thực\s+hiện|triển\s+khai|quán\s+triệt|đẩy\s+mạnh\s+thực\s+hiện)"),
    (REPLACES, r"thay\s+thế(?:\s+cho)?"),
    (AMENDS, r"sửa\s+đổi\s*,?\s*bổ\s+sung(?:\s+một\s+số\s+điều\s+(?:của)?)?|sửa\s+đổi"),
    (GUIDES, r"hướng\s+dẫn(?:\s+(?:thực\s+hiện|thi\s+hành))?"
             r"|quy\s+định\s+chi\s+tiết(?:\s+(?:thi\s+hành\s+)?(?:một\s+số\s+điều\s+(?:của\s+)?)?)?"),
    (BASED_ON, r"căn\s+cứ(?:\s+vào)?|trên\s+cơ\s+sở"),
    (REVIEWS, r"(?:sơ|tổng)\s+kết(?:\s+\d+\s+năm)?(?:\s+(?:thực\s+hiện|triển\s+khai|thi\s+hành))?"),
    (IMPLEMENTS, r"thực\s+hiện|triển\s+khai(?:\s+thực\s+hiện)?"
                 r"|cụ\s+thể\s+hóa|thi\s+hành|quán\s+triệt(?:\s+và\s+triển\s+khai)?"),
]
_CUE_AT_END = [
    (predicate, re.compile(rf"(?:^|\s)(?:{pattern})(?:\s+(?:các|có\s+hiệu\s+quả|hiệu\s+quả|tinh\s+thần))?\s*$",
                           re.IGNORECASE))
    for predicate, pattern in _CUES
]
_CUE_LEAD = [(predicate, re.compile(rf"\s*(?:{pattern})\s*", re.IGNORECASE)) for predicate, pattern in _CUES]
_SENTENCE_BREAK = re.compile(r"[.!?;]\s|\n")
_SENTENCE_BREAK_MARK = re.compile(r"[.!?;](?=\s)|\n")  # where _SENTENCE_BREAK matches, one character each
_SEMICOLON = re.compile(r";")
_ISSUES = re.compile(r"(?:ban\s+hành|xây\s+dựng|đã\s+ban\s+hành)\s+(?:các\s+)?$", re.IGNORECASE)
_EXPIRES = re.compile(r"\s*(?:\([^)]*\)\s*)?(?P<cue>hết\s+hiệu\s+lực|bị\s+bãi\s+bỏ|được\s+thay\s+thế)",
                      re.IGNORECASE)
_GROUNDS = re.compile(r"\s*căn\s+cứ\b", re.IGNORECASE)
_REPLACES_BEFORE = re.compile(r"thay\s+thế(?:\s+cho)?\s*$", re.IGNORECASE)
# The passive voice: "X đã được sửa đổi, bổ sung một số điều theo Y" — Y amends X.
_PASSIVE = [
    (predicate, re.compile(rf"(?:^|\s)(?:đã\s+|đang\s+)?được\s+(?:{pattern})(?:\s+một\s+số\s+điều)?"
                           r"\s+(?:theo|bởi|tại)\s*$", re.IGNORECASE))
    for predicate, pattern in _CUES if predicate in (REPLACES, AMENDS, GUIDES)
]
_AMENDING_NAME = re.compile(r"(?:Bộ\s+luật|Luật|Pháp\s+lệnh)\s+sửa\s+đổi", re.IGNORECASE)
_JOINED = re.compile(r"\s*(?:,|và|,\s*và)\s*", re.IGNORECASE)
# "… theo Y" inside a clause that ends "hết hiệu lực": Y amended the document before it.
_AMENDED_BY = re.compile(r"(?:đã\s+được\s+)?sửa\s+đổi\s*,?\s*(?:bổ\s+sung\s+)?(?:một\s+số\s+điều\s+)?theo\s*$",
                         re.IGNORECASE)


_AMENDING_CUE = re.compile(r"sửa\s+đổi(?:\s*,?\s*bổ\s+sung)?", re.IGNORECASE)
MAX_EVIDENCE = 600  # characters of a sentence kept as evidence; a longer one is cut around the cue and references
EVIDENCE_MARGIN = 150


@dataclass(frozen=True)
class Evidence:
    """Why a relation was read: its sentence (or clause) and its cue, each with its offsets into the text."""

    sentence: str
    start: int
    end: int
    cue: str
    cue_start: int
    cue_end: int

    def to_json(self) -> dict:
        return {"sentence": self.sentence, "start": self.start, "end": self.end,
                "cue": self.cue, "cue_start": self.cue_start, "cue_end": self.cue_end}


@dataclass(frozen=True)
class Relation:
    subject: Document
    predicate: str
    object: Document
    evidence: Evidence | None = field(default=None, compare=False)

    @property
    def cue(self) -> str | None:
        return self.evidence.cue if self.evidence else None


Cue = tuple[int, int]  # where a cue stands in the text


def _trimmed(text: str, start: int, end: int) -> Cue:
    """``[start, end)`` without the white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _around(text: str, start: int, end: int, low: int, high: int) -> Cue:
    """Of a long sentence ``[start, end)``, the words around ``[low, high)`` (the cue and references): up to
    EVIDENCE_MARGIN characters either side, cut at a space."""
    if start < low - EVIDENCE_MARGIN:
        space = text.find(" ", low - EVIDENCE_MARGIN, low)
        start = space + 1 if space >= 0 else low - EVIDENCE_MARGIN
    if end > high + EVIDENCE_MARGIN:
        space = text.rfind(" ", high, high + EVIDENCE_MARGIN)
        end = space if space >= 0 else high + EVIDENCE_MARGIN
    return start, end


def _passive_before(gap: str) -> tuple[str, re.Match] | None:
    for predicate, pattern in _PASSIVE:
        if m := pattern.search(gap):
            return predicate, m
    return None


def _cue_before(gap: str) -> tuple[str, re.Match] | None:
    for predicate, pattern in _CUE_AT_END:
        if m := pattern.search(gap):
            return predicate, m
    return None


class _EvidenceReader:
    """The sentence holding a cue and the references it joins, read from the analysed text."""

    def __init__(self, finder: DocumentFinder, breaks: Marks) -> None:
        self.analysed = finder.analysed
        self.breaks = breaks

    def __call__(self, cue: Cue, *refs) -> Evidence:
        text = self.analysed.text
        low = min([cue[0], *(r.start for r in refs)])
        high = max([cue[1], *(r.end for r in refs)])
        start = self.breaks.last_before(low - 1) + 1  # the clause: after the last ". ", ";" or line break
        stop = self.breaks.first_from(high)
        end = len(text) if stop is None else stop + (text[stop] != "\n")
        if end - start > MAX_EVIDENCE:
            start, end = _around(text, start, end, low, high)
        start, end = _trimmed(text, start, end)
        return Evidence(text[start:end], start, end, text[cue[0]:cue[1]], cue[0], cue[1])


def find_relations(finder: DocumentFinder, own: Document | None = None) -> list[Relation]:
    """Relations among the documents ``finder`` found; ``own`` is the source's own document, if any."""
    text = finder.utext
    refs = finder.refs
    doc_of = finder.document_of
    found: list[Relation] = []
    known: set[tuple[Document, str, Document]] = set()  # a Document is equal only to itself

    breaks = Marks(_SENTENCE_BREAK_MARK, text)
    evidence = _EvidenceReader(finder, breaks)

    def add(subject: Document | None, predicate: str | None, obj: Document | None, cue: Cue, *refs) -> None:
        """Keep a relation once, with the evidence of the first place it was read (``cue`` and ``refs``)."""
        if subject is None or obj is None or predicate is None or subject is obj:
            return
        if (subject, predicate, obj) not in known:
            known.add((subject, predicate, obj))
            found.append(Relation(subject, predicate, obj, evidence(cue, *refs)))

    starts = [r.start for r in refs]
    for a, b in zip(refs, refs[1:], strict=False):
        checkpoint()
        gap_start = a.attrs_end if a.attrs_end <= b.start else a.end
        if b.start - gap_start > 160:
            continue
        gap = text[gap_start:b.start]
        if _SENTENCE_BREAK.search(gap) or b.list_head is not None:
            continue
        if passive := _passive_before(gap):
            predicate, m = passive
            add(doc_of(b), predicate, doc_of(a), _trimmed(text, gap_start + m.start(), gap_start + m.end()), a, b)
        elif active := _cue_before(gap):
            predicate, m = active
            add(doc_of(a), predicate, doc_of(b), _trimmed(text, gap_start + m.start(), gap_start + m.end()), a, b)

    # "Luật sửa đổi, bổ sung một số điều của Luật X": the amending law holds the name of what it amends.
    for a, b in zip(refs, refs[1:], strict=False):
        if a.kind == "named" and a.start < b.start and b.end <= a.end and _AMENDING_NAME.match(a.name or ""):
            m = _AMENDING_CUE.search(text, a.start, b.start)
            add(doc_of(a), AMENDS, doc_of(b), m.span() if m else (a.start, b.start), a)

    # "Thực hiện Nghị quyết số 35-NQ/TW …, Tỉnh ủy ban hành Kế hoạch số 15-KH/TU".
    for i, b in enumerate(refs):
        checkpoint()
        line_start = finder.analysed.sentence_start(b.start)
        predicate = next((p for p, pattern in _CUE_LEAD if pattern.fullmatch(text, line_start, b.start)), None)
        if predicate is None:
            continue
        cue = _trimmed(text, line_start, b.start)
        sentence_end = breaks.first_from(b.end)
        limit = sentence_end if sentence_end is not None else len(text)
        for a in refs[i + 1:bisect_left(starts, limit, i + 1)]:  # the references later in the sentence
            if _ISSUES.search(text[max(b.end, a.start - 40):a.start]):
                add(doc_of(a), predicate, doc_of(b), cue, b, a)

    if own is not None:
        _own_relations(finder, own, add)
    return found


def _own_relations(finder: DocumentFinder, own: Document, add) -> None:
    """What an official text says of itself: "Căn cứ Hiến pháp …" (based on), "Luật số … hết hiệu lực"
    and "thay thế Luật …" (replaces)."""
    text, refs, doc_of = finder.utext, finder.refs, finder.document_of
    dot_spaces, newlines = finder.analysed.dot_spaces, finder.analysed.newlines
    semicolons = Marks(_SEMICOLON, text)
    starts = [r.start for r in refs]
    for i, ref in enumerate(refs):
        checkpoint()
        doc = doc_of(ref)
        line_start = newlines.last_before(ref.start - 1) + 1
        if grounds := _GROUNDS.match(text, line_start, ref.start + 1):
            add(own, BASED_ON, doc, _trimmed(text, *grounds.span()), ref)
        elif expires := _EXPIRES.match(text, max(ref.end, ref.attrs_end)):
            clause_start = max(dot_spaces.last_before(ref.start - 2), semicolons.last_before(ref.start - 1),
                               newlines.last_before(ref.start - 1)) + 1
            cue = expires.span("cue")
            _expiring(refs[bisect_left(starts, clause_start, 0, i + 1):i + 1], text, own, doc_of, add, cue)
        elif replaces := _REPLACES_BEFORE.search(text, max(0, ref.start - 30), ref.start):
            add(own, REPLACES, doc, _trimmed(text, *replaces.span()), ref)


def _expiring(clause: list, text: str, own: Document, doc_of, add, expires: Cue) -> None:
    """The documents of a clause ending "hết hiệu lực" stop applying because of ``own``, except those
    named as what amended the one before: "Bộ luật … số 24/2004/QH11 đã được sửa đổi, bổ sung theo Luật
    số 65/2011/QH12 và Luật số … hết hiệu lực" — the code is replaced, the laws after "theo" (joined
    by "và" or a comma, named by number alone) amended it. A listed amending law ("Luật số 42/2005/QH11
    sửa đổi, bổ sung một số điều của Luật hải quan") stops applying too."""
    head = previous = None
    amending = False
    amended_by = expires
    for ref in clause:
        gap_start = max(0, ref.start - 60)
        joined = previous is not None and _JOINED.fullmatch(text, max(previous.end, previous.attrs_end), ref.start)
        by = _AMENDED_BY.search(text[gap_start:ref.start]) if head is not None else None
        if head is not None and (by or (amending and joined and not ref.title)):
            if by:
                amended_by = _trimmed(text, gap_start + by.start(), gap_start + by.end())
            add(doc_of(ref), AMENDS, doc_of(head), amended_by, head, ref)
            amending = True
        else:
            add(own, REPLACES, doc_of(ref), expires, ref)
            head, amending = ref, False
        previous = ref
