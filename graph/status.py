"""A document's legal status on a given day ("tình trạng hiệu lực"), with the facts it rests on.

Users ask first "is it still in force, and what replaced it?". The answer is read from the graph, as of a
day ``at`` (today when not given); the first rule that applies wins:

1. replaced whole — another document S states ``S eli:repeals D`` and S is in effect at ``at`` →
   hết hiệu lực toàn bộ (the reasons name S, the day it took effect and the sentences stating it);
2. its stated expiry (``eli:date_no_longer_in_force``) is on or before ``at`` → hết hiệu lực toàn bộ;
3. its effective date (``eli:first_date_entry_in_force``) is after ``at``, or it was signed
   (``eli:date_document``) after ``at`` and so did not exist yet → chưa có hiệu lực;
4. part of it repealed (``S vk:repealsPart D``) by S in effect at ``at`` → hết hiệu lực một phần;
5. its effective date is on or before ``at`` → còn hiệu lực;
6. a Party document signed on or before ``at`` → còn hiệu lực: Party documents take effect when signed
   unless they say otherwise;
7. known only through other texts, it existed by ``at`` (signed by then, or in an earlier year by its number)
   and a replacement of it takes effect later → còn hiệu lực, until that replacement (``replaced_later``);
8. else không xác định.

S is in effect from its effective date, else from the day it was signed. An S of neither date counts only
when ``at`` is today or later, or later than every date known of D: it did act on D, we only do not know
when. Amendments in effect (``S eli:amends D``) are listed as reasons of a document still (partly) in
force; a state document amended so is "đã được sửa đổi, bổ sung" (:attr:`Status.note`), a Party document
is "Đã được sửa đổi", and a Party document replaced "Đã được thay thế", as users of Party texts say.

:func:`document_status` answers for one document, :func:`statuses` for thousands in a few queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from vankien.graph import catalog
from vankien.graph.catalog import DOCUMENT, most_stated, restrictions, rows
from vankien.graph.iris import document_year
from vankien.graph.vocab import ELI, VK

IN_FORCE, NOT_YET, PARTLY_EXPIRED, EXPIRED, UNKNOWN = (
    "con-hieu-luc", "chua-co-hieu-luc", "het-hieu-luc-mot-phan", "het-hieu-luc-toan-bo", "khong-xac-dinh")
LABELS = {IN_FORCE: "Còn hiệu lực", NOT_YET: "Chưa có hiệu lực", PARTLY_EXPIRED: "Hết hiệu lực một phần",
          EXPIRED: "Hết hiệu lực toàn bộ", UNKNOWN: "Không xác định"}
PARTY_REPLACED, PARTY_AMENDED = "Đã được thay thế", "Đã được sửa đổi"
AMENDED_NOTE = "đã được sửa đổi, bổ sung"
FROM_SIGNING = "có hiệu lực từ ngày ký"
NOT_ISSUED = "văn bản chưa được ký ban hành vào ngày này"

# The kinds of reason; the first three are acts of another document, named by the property stating them.
REPLACED_BY, PARTLY_REPEALED_BY, AMENDED_BY = "replaced_by", "partly_repealed_by", "amended_by"
EFFECTIVE, EXPIRES, SIGNED = "effective", "expires", "signed"
REPLACED_LATER = "replaced_later"  # a replacement that takes effect after the day asked about
REPLACED_LATER_NOTE = "còn áp dụng đến khi văn bản thay thế có hiệu lực"
ACT_OF_PROPERTY = {str(ELI.repeals): REPLACED_BY, str(VK.repealsPart): PARTLY_REPEALED_BY,
                   str(ELI.amends): AMENDED_BY}
PROPERTY_OF_ACT = {kind: prop for prop, kind in ACT_OF_PROPERTY.items()}
SIGNED_ON, EFFECTIVE_ON, EXPIRES_ON = (str(ELI.date_document), str(ELI.first_date_entry_in_force),
                                       str(ELI.date_no_longer_in_force))
PARTY_SYSTEM = "dang"  # the first segment of a Party document's vk:identityKey (graph.iris.DocumentKey.system)
MAX_EVIDENCE = 3


class StatusError(ValueError):
    """An argument we cannot answer for (its ``str()`` names the input and the reason)."""


@dataclass(frozen=True)
class Evidence:
    """A sentence a source states a relation in."""

    sentence: str
    source: str


@dataclass(frozen=True)
class Reason:
    """One fact a status rests on: its kind, the other document (for acts of another document), the day
    it takes effect, the sentences stating it and a remark when the kind alone does not say it."""

    kind: str
    date: datetime.date | None = None
    document: str | None = None
    label: str | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None

    def to_json(self) -> dict:
        return {"kind": self.kind, "iri": self.document, "label": self.label,
                "date": self.date.isoformat() if self.date else None, "note": self.note,
                "evidence": [{"sentence": e.sentence, "source": e.source} for e in self.evidence]}


@dataclass(frozen=True)
class Status:
    """A document's status on day ``at``: a code (see :data:`LABELS`), the label users read and why."""

    code: str
    at: datetime.date
    reasons: tuple[Reason, ...] = ()
    party: bool = False
    label: str = field(init=False)
    amended: bool = field(init=False)   # an amendment in effect at ``at`` is among the reasons
    note: str | None = field(init=False)

    def __post_init__(self) -> None:
        amended = self.code in (IN_FORCE, PARTLY_EXPIRED) and any(r.kind == AMENDED_BY for r in self.reasons)
        label = LABELS[self.code]
        if self.party and self.code == EXPIRED and any(r.kind == REPLACED_BY for r in self.reasons):
            label = PARTY_REPLACED
        elif self.party and self.code == IN_FORCE and amended:
            label = PARTY_AMENDED
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "amended", amended)
        object.__setattr__(self, "note", AMENDED_NOTE if amended and not self.party else None)

    def to_json(self) -> dict:
        return {"code": self.code, "label": self.label, "at": self.at.isoformat(), "note": self.note,
                "amended": self.amended, "party": self.party, "reasons": [r.to_json() for r in self.reasons]}


# -- reading ----------------------------------------------------------------------------------
@dataclass
class _Dates:
    signed: datetime.date | None = None
    effective: datetime.date | None = None
    expires: datetime.date | None = None
    party: bool = False

    def known(self) -> list[datetime.date]:
        return [d for d in (self.signed, self.effective, self.expires) if d]

    def in_effect_from(self) -> datetime.date | None:
        return self.effective or self.signed


def _day(counter) -> datetime.date | None:
    """The most stated value of a date property as a day (a dateTime keeps its day)."""
    value = most_stated(counter)
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _dates(store, iris: Iterable[str] | None) -> dict[str, _Dates]:
    stated = catalog.read_statements(store, (SIGNED_ON, EFFECTIVE_ON, EXPIRES_ON, str(VK.identityKey)), iris)
    return {iri: _Dates(_day(s.get(SIGNED_ON)), _day(s.get(EFFECTIVE_ON)), _day(s.get(EXPIRES_ON)),
                        any(k.split("|", 1)[0] == PARTY_SYSTEM for k in s.get(str(VK.identityKey), ())))
            for iri, s in stated.items()}


_ACTS = " ".join(f"<{p}>" for p in ACT_OF_PROPERTY)


def _acts(store, iris: list[str] | None) -> dict[str, list[tuple[str, str]]]:
    """Document → (kind, other document) of each act another document states on it."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for values in restrictions("o", iris):
        for row in rows(store, f"SELECT DISTINCT ?s ?p ?o WHERE {{ {values} VALUES ?p {{ {_ACTS} }} ?s ?p ?o }}"):
            if row["s"] != row["o"]:  # a document never replaces or amends itself
                found[row["o"]].append((ACT_OF_PROPERTY[row["p"]], row["s"]))
    return found


Sentences = dict[tuple[str, str, str], list[dict]]  # (subject, property, object) → [{"sentence", "source"}, …]


def _evidence(store, iris: list[str] | None) -> Sentences:
    """The stored evidence of the acts on ``iris`` (all documents when None), read as
    :func:`catalog.relation_evidence` reads one document's, but for many at once."""
    found: Sentences = defaultdict(list)
    for values in restrictions("o", iris):
        query = f"""SELECT DISTINCT ?s ?p ?o ?source ?sentence WHERE {{ {values} VALUES ?p {{ {_ACTS} }}
            ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?source ;
                vk:sentence ?at . ?at rdf:value ?sentence ; oa:start ?start ; oa:end ?end }}"""
        for row in rows(store, query):
            found[(row["s"], row["p"], row["o"])].append({"sentence": row["sentence"], "source": row["source"]})
    return found


# -- judging ------------------------------------------------------------------------------------
@dataclass
class _Known:
    """What the rules read of a set of documents and of the documents acting on them."""

    dates: dict[str, _Dates]
    acts: dict[str, list[tuple[str, str]]]
    sentences: Sentences
    labels: dict[str, str]

    def since(self, iri: str) -> datetime.date | None:
        return self.dates.get(iri, _Dates()).in_effect_from()

    def reason(self, kind: str, other: str, target: str) -> Reason:
        """The act of ``other`` on ``target``, with the sentences stating it."""
        items = self.sentences.get((other, PROPERTY_OF_ACT[kind], target), [])
        evidence = sorted({Evidence(e["sentence"], e["source"]) for e in items}, key=lambda e: (e.source, e.sentence))
        return Reason(kind, self.since(other), other, self.labels.get(other), tuple(evidence[:MAX_EVIDENCE]))


def _judge(known: _Known, iri: str, at: datetime.date, today: datetime.date) -> Status:
    """The rules of the module's docstring, for one document."""
    dates = known.dates.get(iri, _Dates())

    def in_effect(other: str) -> bool:
        since = known.since(other)
        if since is not None:
            return since <= at
        return at >= today or (bool(dates.known()) and at > max(dates.known()))

    def acting(kind: str) -> list[Reason]:
        found = [known.reason(kind, other, iri) for k, other in known.acts.get(iri, ())
                 if k == kind and in_effect(other)]
        return sorted(found, key=lambda r: (r.date or datetime.date.max, r.document or ""))

    def status(code: str, reasons: list[Reason]) -> Status:
        return Status(code, at, tuple(reasons), dates.party)

    if replaced := acting(REPLACED_BY):
        return status(EXPIRED, replaced)
    if dates.expires and dates.expires <= at:
        return status(EXPIRED, [Reason(EXPIRES, dates.expires)])
    not_yet = []
    if dates.signed and dates.signed > at:
        not_yet.append(Reason(SIGNED, dates.signed, note=NOT_ISSUED))
    if dates.effective and dates.effective > at:
        not_yet.append(Reason(EFFECTIVE, dates.effective))
    if not_yet:
        return status(NOT_YET, not_yet)
    if dates.effective:
        since = [Reason(EFFECTIVE, dates.effective)]
    elif dates.party and dates.signed:
        since = [Reason(SIGNED, dates.signed, note=FROM_SIGNING)]
    else:
        since = []
    amended = acting(AMENDED_BY)
    upcoming = [Reason(REPLACED_LATER, r.date, r.document, r.label, r.evidence, note=REPLACED_LATER_NOTE)
                for r in (known.reason(REPLACED_BY, other, iri) for k, other in known.acts.get(iri, ())
                          if k == REPLACED_BY and not in_effect(other))]
    if repealed := acting(PARTLY_REPEALED_BY):
        return status(PARTLY_EXPIRED, repealed + since + amended + upcoming)
    if since:
        return status(IN_FORCE, since + amended + upcoming)
    year = document_year(iri)
    existed = dates.signed <= at if dates.signed else bool(year) and int(year) < at.year
    if existed and any(r.date for r in upcoming):
        # Known only by others' texts: it was in force until the law replacing it took effect.
        return status(IN_FORCE, upcoming + amended)
    return status(UNKNOWN, ([Reason(SIGNED, dates.signed)] if dates.signed else []) + amended)


def _day_of(at: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    today = datetime.date.today()
    if at is None:
        return today, today
    if not isinstance(at, datetime.date):
        raise StatusError(f"at={at!r}: not a date")
    return (at.date() if isinstance(at, datetime.datetime) else at), today


def _checked(iris: Iterable[str]) -> list[str]:
    checked = []
    for iri in iris:
        try:
            checked.append(catalog.node(iri).value)
        except (ValueError, TypeError):
            raise StatusError(f"{iri!r}: not an IRI") from None
    return sorted(set(checked))


def _statuses(store, iris: list[str] | None, at: datetime.date | None, sentences: Sentences | None,
              acts: dict[str, list[tuple[str, str]]] | None = None) -> dict:
    at, today = _day_of(at)
    targets = iris if iris is not None else sorted(catalog.read_kinds(store, kinds=[DOCUMENT]))
    if acts is None:
        acts = _acts(store, iris)
    subjects = {other for items in acts.values() for _, other in items}
    dates, stated, named = catalog.together(
        store, lambda: _dates(store, None if iris is None else set(targets) | subjects),
        lambda: sentences if sentences is not None else _evidence(store, iris),
        lambda: catalog.summaries(store, subjects))
    known = _Known(dates, acts, stated, {other: s["label"] for other, s in named.items()})
    return {iri: _judge(known, iri, at, today) for iri in targets}


def statuses(store, iris: Iterable[str] | None = None, at: datetime.date | None = None) -> dict[str, Status]:
    """IRI → :class:`Status` on day ``at`` (today when None) of each of ``iris``, or of every document of
    the store; a few queries whatever their number."""
    return _statuses(store, None if iris is None else _checked(iris), at, None)


def document_status(store, iri: str, at: datetime.date | None = None) -> Status:
    """The :class:`Status` of the document ``iri`` on day ``at`` (today when None); an IRI the store knows
    nothing of is "Không xác định"."""
    [iri] = _checked([iri])

    def judge() -> Status:
        stated, acts = catalog.together(store, lambda: catalog.relation_evidence(store, iri),
                                        lambda: _acts(store, [iri]))
        sentences = {key: items for key, items in stated.items() if key[2] == iri}
        return _statuses(store, [iri], at, sentences, acts)[iri]

    return catalog.remembered(store, ("status", iri, *_day_of(at)), judge)
