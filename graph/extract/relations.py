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
from vankien.graph.extract.documents import AMENDING_NAME, WHOLE_INNER, Document, DocumentFinder
from vankien.graph.extract.spans import Marks
from vankien.graph.text import collapse_space, normalize_key

IMPLEMENTS, CONTINUES, REPLACES, AMENDS = "implements", "continues", "replaces", "amends"
PARTLY_REPEALS = "partly_repeals"  # "Bãi bỏ Điều 57 của Luật …": a part stops applying, the rest stays
GUIDES, BASED_ON, REVIEWS, CITES = "guides", "based_on", "reviews", "cites"

# Cue right before the object reference; the first that matches wins.
_CUES = [
    (CONTINUES, r"tiếp\s+tục\s+(?:thực\s+hiện|triển\s+khai|quán\s+triệt|đẩy\s+mạnh\s+thực\s+hiện)"),
    (REPLACES, r"thay\s+thế(?:\s+cho)?"),
    (AMENDS, r"sửa\s+đổi\s*,?\s*bổ\s+sung(?:\s+một\s+số\s+điều\s+(?:của)?"
             r"|\s+(?:các\s+)?(?:[Đđ]iều|khoản|điểm|Chương|Mục)\s+(?:\d+[a-zđ]?|[a-zđ]|[IVXLC]+)"
             r"(?:(?:\s*,\s*|\s+và\s+|\s+)(?:(?:[Đđ]iều|khoản|điểm)\s+)?(?:\d+[a-zđ]?|[a-zđ]))*\s+của)?|sửa\s+đổi"),
    (GUIDES, r"hướng\s+dẫn(?:\s+(?:thực\s+hiện|thi\s+hành))?(?:\s+một\s+số\s+điều(?:\s+của)?)?"
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
# A second act coupled to the first, of the same (other) actor: "triển khai Nghị quyết A gắn với thực hiện
# Nghị quyết B" — A does not implement B.
_COUPLED = re.compile(r"\b(?:gắn|cùng|kết\s+hợp|song\s+song|đi\s+đôi)\s+với\s*$|\b(?:và|đồng\s+thời)\s*$",
                      re.IGNORECASE)
_ISSUES = re.compile(r"(?:ban\s+hành|xây\s+dựng|đã\s+ban\s+hành)\s+(?:các\s+)?$", re.IGNORECASE)
_EXPIRES = re.compile(r"\s*(?:\([^)]*\)\s*)?"
                      # "… và các văn bản quy phạm pháp luật khác về thương phiếu hết hiệu lực": others go with it
                      r"(?:,?\s*và\s+(?:các\s+)?(?:văn\s+bản|quy\s+định)\b[^.;\n]{0,150}?\s+)?"
                      r"(?P<cue>hết\s+[hl]iệu\s+lực|bị\s+bãi\s+bỏ|được\s+thay\s+thế)",
                      re.IGNORECASE)
# A part of a document named before it by its number: "Điều 1 của", "khoản 2 Điều 5 của", "các điều 3, 20 và 61
# của" — not "một số điều của", which names an amending law.
_PART_OF = re.compile(r"\b(?:[Đđ]iều|khoản|điểm|Chương|Mục)\s+(?:\d+[a-zđ]?|[IVXLC]+|[a-zđ])\b"
                      r"(?:(?:\s*,\s*|\s+và\s+|\s+)(?:(?:[Đđ]iều|khoản|điểm)\s+)?(?:\d+[a-zđ]?|[a-zđ])\b)*"
                      r"\s+(?:của\s+)?(?:$|(?=(?:Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+quyết|Nghị\s+định)\b))")
# Right after a reference, the active voice of amending: "Luật số … sửa đổi, bổ sung Điều 126 của …".
_AMENDS_NEXT = re.compile(r"\s+sửa\s+đổi\s*,?\s*(?:bổ\s+sung\s+)?(?:một\s+số\s+điều|[Đđ]iều|khoản|điểm)", re.IGNORECASE)
# An item of final provisions that changes other documents, and what may stand before a repealed one.
_AMENDING_ITEM = re.compile(r"\s*(?:\d+\.\s*|[a-zđ]\)\s*)?(?P<verb>Sửa\s+đổi(?:\s*,\s*bổ\s+sung)?|Bổ\s+sung|Thay\s+thế"
                            r"|Bãi\s+bỏ)\b")
_REPEALED_HEAD = re.compile(r"\s*(?:\d+\.\s*)?Bãi\s+bỏ(?:\s+(?:toàn\s+bộ\s+)?(?:các\s+)?quy\s+định\s+(?:tại|của))?\s*",
                            re.IGNORECASE)
_REPEALED_JOIN = re.compile(r"\s*(?:[;,]|;?\s*và)\s*", re.IGNORECASE)
# The white space and list marks between a list item's start and its reference.
_ITEM_OPENS = re.compile(r"\s*(?:\d+\.\s*|[-–•]\s*)?")
_GROUNDS = re.compile(r"\s*căn\s+cứ\b", re.IGNORECASE)
_REPLACES_BEFORE = re.compile(r"thay\s+thế(?:\s+cho)?\s*$", re.IGNORECASE)
# "Luật này sửa đổi, bổ sung một số điều của Luật …": the document itself amends the one named.
_OWN_AMENDS_BEFORE = re.compile(r"\b(?:Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+quyết|Nghị\s+định|Thông\s+tư|Quyết\s+định)"
                                r"\s+này\s+(?P<cue>sửa\s+đổi\s*,?\s*(?:bổ\s+sung\s+)?(?:một\s+số\s+điều\s+)?của)\s*$",
                                re.IGNORECASE)
# A list's head: "Luật này thay thế các luật sau đây:", its items on the lines after it ("a) Luật …;").
_REPLACES_LIST_HEAD = re.compile(r"thay\s+thế\s+(?:các|những)\s+[^.:;\n]{0,40}?sau(?:\s+đây)?\s*:\s*$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"\s*(?:[a-zđ]\)|\d+\.|[-–•+])\s*")
# The passive voice: "X đã được sửa đổi, bổ sung một số điều theo Y" — Y amends X.
_PASSIVE = [
    (predicate, re.compile(rf"(?:^|\s)(?:đã\s+|đang\s+)?được\s+(?:{pattern})(?:\s+một\s+số\s+điều)?"
                           r"\s+(?:theo|bởi|tại)\s*$", re.IGNORECASE))
    for predicate, pattern in _CUES if predicate in (REPLACES, AMENDS, GUIDES)
]
_JOINED = re.compile(r"\s*(?:,|và|,\s*và)\s*", re.IGNORECASE)
# "… theo Y" inside a clause that ends "hết hiệu lực": Y amended the document before it.
_AMENDED_BY = re.compile(r"(?:đã\s+được\s+)?sửa\s+đổi\s*,?\s*(?:bổ\s+sung\s+)?(?:một\s+số\s+điều\s+)?theo\s*$",
                         re.IGNORECASE)


# "Luật sửa đổi, bổ sung một số điều của Luật các tổ chức tín dụng số …": the name of the law amended.
_AMENDED_NAMED = re.compile(r"(?:Bộ\s+luật|Luật|Pháp\s+lệnh)\s+"
                            r"(?P<cue>sửa\s+đổi\s*,?\s*(?:bổ\s+sung\s+)?(?:một\s+số\s+điều\s+)?của)\s+"
                            r"(?P<inner>(?:Bộ\s+luật|Luật|Pháp\s+lệnh)\s+[^;:\n]+?)\s+số\b", re.IGNORECASE)
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


def _outermost(refs: list) -> list:
    """``refs`` (in text order) without those inside another's span (the law an amending law's name holds)."""
    kept, reach = [], -1
    for ref in refs:
        if ref.end <= reach and kept and (kept[-1].start, kept[-1].end) != (ref.start, ref.end):
            continue
        kept.append(ref)
        reach = max(reach, ref.end)
    return kept


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
    passive_of = None  # (predicate, the document acted on, cue) while a list after "được … theo" goes on
    for a, b in zip(refs, refs[1:], strict=False):
        checkpoint()
        gap_start = a.attrs_end if a.attrs_end <= b.start else a.end
        chain, passive_of = passive_of, None
        if b.start - gap_start > 160:
            continue
        gap = text[gap_start:b.start]
        if chain is not None and not b.title and _JOINED.fullmatch(gap):
            # "… đã được sửa đổi, bổ sung theo Luật số 35/2018/QH14 và Luật số 59/2020/QH14": each amended it
            predicate, target, cue, first = chain
            add(doc_of(b), predicate, target, cue, first, b)
            passive_of = chain
            continue
        if _SENTENCE_BREAK.search(gap) or b.list_head is not None:
            continue
        if passive := _passive_before(gap):
            predicate, m = passive
            cue = _trimmed(text, gap_start + m.start(), gap_start + m.end())
            add(doc_of(b), predicate, doc_of(a), cue, a, b)
            passive_of = (predicate, doc_of(a), cue, a)
        elif (active := _cue_before(gap)) and not _COUPLED.search(gap, 0, active[1].start() + 1):
            predicate, m = active
            add(doc_of(a), predicate, doc_of(b), _trimmed(text, gap_start + m.start(), gap_start + m.end()), a, b)

    # "Luật sửa đổi, bổ sung một số điều của Luật X": the amending law holds the name of what it amends.
    titled: dict[str, list[Document]] = {}  # numbered documents by type and title, for a name read whole
    for ref in refs:
        if (doc := doc_of(ref)) is not None and doc.number and doc.title \
                and doc not in (named := titled.setdefault(normalize_key(f"{doc.type} {doc.title}"), [])):
            named.append(doc)
    for i, a in enumerate(refs):
        if not AMENDING_NAME.match(text, a.start):
            continue
        whole = False
        for b in refs[i + 1:]:
            if b.start >= a.end:
                break
            # "… của Luật thuế A và Luật thuế B số 57/2005/QH11": it amends both — each named whole, not
            # "Pháp lệnh Thẩm phán" cut from "Pháp lệnh Thẩm phán và Hội thẩm …".
            if b.end <= a.end and WHOLE_INNER.match(text, b.end, a.end):
                m = _AMENDING_CUE.search(text, a.start, b.start)
                add(doc_of(a), AMENDS, doc_of(b), m.span() if m else (a.start, b.start), a)
                whole = True
        # Not read as a reference of its own ("… của Luật các tổ chức tín dụng số 20/2004/QH11"): the law
        # numbered elsewhere in the text under the very name the amending law gives.
        if not whole and (m := _AMENDED_NAMED.match(text, a.start, a.end)):
            twins = titled.get(normalize_key(collapse_space(m.group("inner"))), [])
            if len(twins) == 1:
                add(doc_of(a), AMENDS, twins[0], _trimmed(text, *m.span("cue")), a)

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
    outer = {id(r) for r in _outermost(refs)}
    previous_end = 0
    amender = None  # "Luật số 34/2009/QH12 sửa đổi, bổ sung Điều 126 của Luật nhà ở và …": what amends the next
    replacing = None  # the last document "thay thế" named: one joined to it by "và" or a comma is replaced too
    repealed = None  # the last document an item "Bãi bỏ …" repealed whole: one joined to it is repealed too
    for i, ref in enumerate(refs):
        checkpoint()
        if id(ref) not in outer:
            continue  # the law an amending law's name holds: what is said is said of the amending law
        doc = doc_of(ref)
        replaced, replacing = replacing, None  # (reference, cue) of "thay thế" for the one just before
        line_start = newlines.last_before(ref.start - 1) + 1
        gap_start, previous_end = max(line_start, previous_end), ref.end
        if grounds := _GROUNDS.match(text, line_start, ref.start + 1):
            add(own, BASED_ON, doc, _trimmed(text, *grounds.span()), ref)
        elif expires := _EXPIRES.match(text, max(ref.end, ref.attrs_end)):
            sentence_start = max(dot_spaces.last_before(ref.start - 2), newlines.last_before(ref.start - 1)) + 1
            clause_start = max(sentence_start, semicolons.last_before(ref.start - 1) + 1)
            clause = refs[bisect_left(starts, clause_start, 0, i + 1):i + 1]
            # "Luật A ngày …; Luật sửa đổi … của Luật A ngày …; … hết hiệu lực": items of one list, each
            # opening with its reference, all stop applying.
            while clause_start > sentence_start:
                item_start = max(sentence_start, semicolons.last_before(clause_start - 2) + 1)
                first = bisect_left(starts, item_start, 0, i + 1)
                if first >= len(refs) or not _ITEM_OPENS.fullmatch(text, item_start, refs[first].start):
                    break
                clause = [r for r in refs[first:bisect_left(starts, clause_start, 0, i + 1)] if r.start
                          >= item_start] + clause
                clause_start = item_start
            _expiring(_outermost(clause), text, own, doc_of, add, expires.span("cue"))
        elif replaces := _REPLACES_BEFORE.search(text, max(0, ref.start - 30), ref.start):
            replacing = ref, _trimmed(text, *replaces.span())
            add(own, REPLACES, doc, replacing[1], ref)
        elif replaced is not None and _JOINED.fullmatch(text, max(replaced[0].end, replaced[0].attrs_end), ref.start):
            # "Luật này thay thế Luật … ngày 26 tháng 12 năm 1991 và Luật sửa đổi, bổ sung … ngày …"
            replacing = ref, replaced[1]
            add(own, REPLACES, doc, replaced[1], ref)
        elif head := _listed_under(text, line_start, ref.start, newlines, _REPLACES_LIST_HEAD):
            add(own, REPLACES, doc, head, ref)  # "… thay thế các luật sau đây:\n a) Luật …;"
        elif amends := _OWN_AMENDS_BEFORE.search(text, max(0, ref.start - 80), ref.start):
            add(own, AMENDS, doc, _trimmed(text, *amends.span("cue")), ref)
        elif amender is not None and amender.start >= line_start and ";" not in text[amender.end:ref.start]:
            cue = _AMENDING_CUE.search(text, amender.end, ref.start)
            add(doc_of(amender), AMENDS, doc, cue.span() if cue else (amender.end, ref.start), amender, ref)
            continue
        elif item := _AMENDING_ITEM.match(text, line_start):
            joined = repealed is not None and repealed.end <= gap_start
            repealed = ref if _amending_item(text, item, gap_start, ref, own, doc, add, joined) else None
        amender = ref if _AMENDS_NEXT.match(text, ref.end) else None


def _listed_under(text: str, line_start: int, start: int, newlines: Marks, head: re.Pattern,
                  most: int = 20) -> Cue | None:
    """Where ``head`` stands, when the line at ``line_start`` is a list item opening with the reference at
    ``start`` and the line above the list (blank lines and other items between) ends with ``head``."""
    if not _LIST_ITEM.fullmatch(text, line_start, start):
        return None
    end = line_start - 1
    for _ in range(most):
        if end <= 0:
            return None
        begin = newlines.last_before(end - 1) + 1
        if m := head.search(text, begin, end):
            return _trimmed(text, *m.span())
        if text[begin:end].strip() and not _LIST_ITEM.match(text, begin, end):
            return None  # a line of prose: no list of ours
        end = begin - 1
    return None


def _amending_item(text: str, item: re.Match, gap_start: int, ref, own: Document, doc: Document, add,
                   joined: bool) -> bool:
    """An item of the final provisions that changes other documents: "Sửa đổi … quy định tại điểm đ khoản 1
    Điều 24 của Luật …", "Thay thế cụm từ … tại Điều 35 của Luật …" (own amends it), "Bãi bỏ các quy định tại
    Luật … số …; Luật … số …" (own replaces it; a part of it named first — "Điều 1 của" — is amended)."""
    cue = _trimmed(text, *item.span("verb"))
    repeal = normalize_key(item.group("verb")).startswith("bãi bỏ")
    if _PART_OF.search(text, gap_start, ref.start):
        add(own, PARTLY_REPEALS if repeal else AMENDS, doc, cue, ref)
        return False
    if repeal and (
            _REPEALED_HEAD.fullmatch(text, gap_start, ref.start)
            or (joined and _REPEALED_JOIN.fullmatch(text, gap_start, ref.start))):
        add(own, REPLACES, doc, cue, ref)
        return True
    return False


def _expiring(clause: list, text: str, own: Document, doc_of, add, expires: Cue) -> None:
    """The documents of a clause ending "hết hiệu lực" stop applying because of ``own``, except those
    named as what amended the one before: "Bộ luật … số 24/2004/QH11 đã được sửa đổi, bổ sung theo Luật
    số 65/2011/QH12 và Luật số … hết hiệu lực" — the code is replaced, the laws after "theo" (joined
    by "và" or a comma, named by number alone) amended it. A listed amending law ("Luật số 42/2005/QH11
    sửa đổi, bổ sung một số điều của Luật hải quan") stops applying too."""
    head = previous = None
    amending = False
    amended_by = expires
    line_start = text.rfind("\n", 0, clause[0].start) + 1 if clause else 0
    for ref in clause:
        gap_start = max(0, ref.start - 60)
        joined = previous is not None and _JOINED.fullmatch(text, max(previous.end, previous.attrs_end), ref.start)
        by = _AMENDED_BY.search(text[gap_start:ref.start]) if head is not None else None
        if head is not None and (by or (amending and joined and not ref.title)):
            if by:
                amended_by = _trimmed(text, gap_start + by.start(), gap_start + by.end())
            add(doc_of(ref), AMENDS, doc_of(head), amended_by, head, ref)
            amending = True
        elif _PART_OF.search(text, previous.end if previous is not None else line_start, ref.start):
            add(own, PARTLY_REPEALS, doc_of(ref), expires, ref)  # "Điều 1 của Luật … hết hiệu lực": a part
            head, amending = ref, False
        else:
            add(own, REPLACES, doc_of(ref), expires, ref)
            head, amending = ref, False
        previous = ref
