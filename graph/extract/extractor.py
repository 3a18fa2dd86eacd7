"""Everything the extractor finds in one :class:`Source`, and its JSON form
(the ``vankien extract`` contract)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from vankien.graph.doctypes import doctype, issuer_of_number
from vankien.graph.extract.budget import ExtractionTimeout, OutOfTime, time_budget
from vankien.graph.extract.documents import Document, DocumentFinder, local_committee, local_unit, type_name_of
from vankien.graph.extract.events import Event, EventFinder
from vankien.graph.extract.numbers import parse_number
from vankien.graph.extract.official_record import OfficialRecord, read_record
from vankien.graph.extract.organisations import Organisation, OrganisationFinder, OrgMention, group_organisations
from vankien.graph.extract.people import PeopleFinder, Person
from vankien.graph.extract.places import Locality, infer_locality
from vankien.graph.extract.relations import Relation, find_relations
from vankien.graph.extract.statistics import Statistic, find_statistics
from vankien.graph.extract.text import AnalysedText
from vankien.graph.sources.model import OFFICIAL_DOCUMENT, OfficialHeader, Source
from vankien.graph.text import normalize_key, title_case_name

# 0.3.0: sources publish their path relative to what was named, URLs only as valid http(s) IRIs, no
# statistic from a digit run too long to be a number, a statistic's change (vk:change, vk:direction).
# A new version makes an ingest read stored sources again.
# 0.5.0: every relation keeps its evidence (sentence, cue, offsets), stored as a reified rdf:Statement.
# 0.6.0: an official text's record (effect, expiry, signer, subdivisions); partial repeals (vk:repealsPart).
# 0.7.0: laws named as cited ("Luật Đất đai số 45/2013/QH13").
# 0.8.1: a statistic's value that is no whole number is an exact xsd:decimal, no longer an xsd:double.
# 0.8.2: a whole number beyond 64 bits is an xsd:decimal too (servers hold integers in 64 bits).
EXTRACTOR_VERSION = "0.8.2"


# A statistic that is a rise or a fall ("tăng 12,5%", "giảm 3 điểm") rather than a level: its direction.
CHANGE_DIRECTIONS = {"tăng": "increase", "giảm": "decrease"}


@dataclass
class Extraction:
    """The facts of one source."""

    source: Source
    locality: Locality
    documents: list[Document] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    own: Document | None = None  # the official document the source itself is
    record: OfficialRecord | None = None  # what the official text states of itself (effect, signer, structure)

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object (keys fixed; more keys added)."""
        s = self.source
        return {
            "source": {"path": s.path, "sha256": s.sha256, "kind": s.kind, "encoding": s.encoding},
            "article": {
                "title": s.title, "published": s.published, "url": s.url, "author": s.author,
                "author_affiliation": s.author_affiliation, "publisher": s.publisher, "views": s.views,
                "section": s.section,
            },
            "documents": [_document_json(d, d is self.own) for d in self.documents],
            "organisations": [{"name": o.name, "parent": o.parent, "aliases": o.aliases} for o in self.organisations],
            "people": [{"name": p.name, "posts": p.posts} for p in self.people],
            "events": [_event_json(e) for e in self.events],
            "statistics": [
                {"value": st.value, "text": st.text, "qualifier": st.qualifier, "subject": st.subject,
                 "year": st.year, "unit": st.unit, "start": st.start, "end": st.end,
                 "change": st.change is not None, "direction": CHANGE_DIRECTIONS.get(st.change)}
                for st in self.statistics
            ],
            "relations": [_relation_json(r) for r in self.relations],
            "locality": {"province": self.locality.province, "city": self.locality.city},
            "extractor": EXTRACTOR_VERSION,
        }


def _document_json(doc: Document, is_source: bool) -> dict[str, Any]:
    return {
        "type": doc.type, "number": doc.number, "name": doc.name, "date": doc.date, "issuer": doc.issuer,
        "title": doc.title, "plenum": doc.plenum, "term": doc.term,
        "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in doc.mentions],
        "year": doc.year, "congress": doc.congress, "number_inferred": doc.number_inferred,
        "is_source": is_source,
    }


def _relation_json(relation: Relation) -> dict[str, Any]:
    """A relation with its cue and evidence: the sentence it was read from and the cue's place in it."""
    evidence = relation.evidence
    return {
        "subject": relation.subject.name, "predicate": relation.predicate, "object": relation.object.name,
        "cue": evidence.cue if evidence else None, "evidence": evidence.to_json() if evidence else None,
    }


def _event_json(event: Event) -> dict[str, Any]:
    return {
        "name": event.name, "date": event.date, "year": event.year,
        "about": [d.name for d in event.about], "about_numbers": [d.number for d in event.about],
        "place": event.place, "organizer": event.organizer, "attendees": event.attendees,
        "start": event.start, "end": event.end,
    }


# Only the National Assembly passes constitutions, codes and laws.
LEGISLATURE_TYPES = ("Hiến pháp", "Bộ luật", "Luật")
NAMED_BY_TITLE = ("Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh")  # cited by their name with the number
# When each constitution took effect: a law citing "Hiến pháp" without a year cites the one in force.
CONSTITUTIONS = (
    (2014, "2014-01-01"), (1992, "1992-04-15"), (1980, "1980-12-18"), (1959, "1960-01-01"), (1946, "1946-11-09"),
)
CONSTITUTION_YEARS = {2014: 2013}


def _constitution_in_force(day: str) -> int | None:
    for year, since in CONSTITUTIONS:
        if day >= since:
            return CONSTITUTION_YEARS.get(year, year)
    return None


# A chamber of a parliament: Việt Nam's is one chamber, so a sentence naming one speaks of a law abroad.
_CHAMBER = re.compile(r"\b(?:Hạ|Thượng)\s+(?:viện|Viện)\b|\bNghị\s+(?:viện|Viện)\b")


def _abroad(read: AnalysedText, doc: Document) -> bool:
    """Whether every sentence naming ``doc`` names a foreign parliament's chamber ("dự luật tái lập Luật Bạo
    động chống phụ nữ … bị khựng lại tại Thượng viện"), so the National Assembly passed no such law."""
    for mention in doc.mentions:
        if not _CHAMBER.search(read.unified, read.sentence_start(mention.start), read.sentence_end(mention.end)):
            return False
    return bool(doc.mentions)


def _own_document(header: OfficialHeader, source: Source, locality: Locality,
                  org_finder: OrganisationFinder) -> Document:
    """The document an official source is, from its header."""
    doc_type = type_name_of(header.doc_type) if header.doc_type else "Văn bản"
    number = parse_number(header.number) if header.number else None
    issuer = None
    for raw in (header.issued_by, header.issuer):
        if raw:
            probe = title_case_name(raw)
            found = org_finder.find(probe)
            if found:
                issuer = found[-1].name
                break
    if issuer is None and doc_type in LEGISLATURE_TYPES:
        issuer = "Quốc hội"
    if issuer is None and number is not None:
        issuer = issuer_of_number(number, committee=local_committee(locality), province=local_unit(locality))
    title = header.title
    if title and title.isupper():
        title = title.lower().replace("việt nam", "Việt Nam")
    year = int(header.date[:4]) if header.date else (number.year if number else None)
    if number and doc_type in NAMED_BY_TITLE and source.title and \
            normalize_key(source.title).startswith(normalize_key(doc_type) + " "):
        name = f"{source.title} số {number.canonical}"  # "Luật Đất đai số 45/2013/QH13", as its preamble names it
    elif number:
        name = f"{doc_type} số {number.canonical}"
    elif doc_type == "Hiến pháp" and year:
        name = f"Hiến pháp năm {year}"  # how other texts cite it
    else:
        name = source.title or doc_type
    return Document(
        type=doc_type, number=number.canonical if number else None, name=name, date=header.date, issuer=issuer,
        title=title, year=year,
        seq=number.seq if number else None, kind="numbered" if number else "named",
    )


def _fold(documents: list[Document], finder: DocumentFinder, twin: Document, into: Document) -> None:
    """Make ``twin`` part of ``into`` and drop it from ``documents``."""
    finder.fold(twin, into)
    documents.remove(twin)


def extract(source: Source, *, budget: float | None = None) -> Extraction:
    """Extract documents, organisations, people, events, statistics and relations from ``source``.

    With a ``budget`` (seconds), a source that takes longer raises :class:`ExtractionTimeout`
    (a :class:`SourceError`: ``PATH: extraction took longer than N s``).
    """
    if budget is None:
        return _extract(source)
    try:
        with time_budget(budget):
            return _extract(source)
    except OutOfTime:
        raise ExtractionTimeout(source.path, budget) from None


def _same_reference(a: Document, b: Document) -> bool:
    """Two references to one document: the same number, the same short form, or the same name."""
    if a.number and b.number:
        return normalize_key(a.number) == normalize_key(b.number)
    if a.seq and b.seq and a.type == b.type:
        return a.seq.lstrip("0") == b.seq.lstrip("0")
    return normalize_key(a.name) == normalize_key(b.name)


def _headline_documents(title: str, documents: list[Document], org_finder: OrganisationFinder,
                        locality: Locality) -> list[Document]:
    """Documents the headline names that the text does not: they are documents of the source too (with no
    mention in its text). A headline's full number completes the text's short form of it."""
    found = DocumentFinder(title, org_finder.find(title), locality).documents()
    extra = []
    for doc in found:
        known = next((d for d in documents if _same_reference(doc, d)), None)
        if known is None:
            doc.mentions = []
            extra.append(doc)
        elif doc.number and not known.number:  # "Nghị quyết 09" in the text is the headline's 09-NQ/TU
            known.number, known.name = doc.number, doc.name
            known.issuer = known.issuer or doc.issuer
            known.date, known.year = known.date or doc.date, known.year or doc.year
    return extra


def _extract(source: Source) -> Extraction:
    text = source.text
    read = AnalysedText(text)  # analysed once, read by every stage
    header = source.header if source.kind == OFFICIAL_DOCUMENT else None
    hints = (source.title, source.publisher, source.author_affiliation,
             title_case_name(header.issuer) if header and header.issuer else None)
    locality = infer_locality(text, hints=hints)
    org_finder = OrganisationFinder(locality)
    org_mentions = org_finder.find(read)
    doc_finder = DocumentFinder(read, org_mentions, locality, own_title=header.title if header else None)
    documents = doc_finder.documents()
    if header is None and source.title and source.title.strip() != text.strip():
        documents += _headline_documents(source.title, documents, org_finder, locality)
    own = None
    if header is not None:
        own = _own_document(header, source, locality, org_finder)
        for doc in [d for d in documents if own.number and d.number == own.number or doc_finder.names_own(d)]:
            _fold(documents, doc_finder, doc, own)  # "Quốc hội ban hành Luật Trợ giúp pháp lý": the law itself
        documents.insert(0, own)
        year = _constitution_in_force(own.date) if own.date else None
        for doc in [d for d in documents if d.type == "Hiến pháp" and d.year is None and year]:
            doc.year, doc.name = year, f"Hiến pháp năm {year}"
            twin = next((d for d in documents if d is not doc and d.name == doc.name), None)
            if twin is not None:
                _fold(documents, doc_finder, doc, twin)
    for doc in documents:  # a law is passed by the National Assembly, an ordinance by its Standing Committee
        if doc.issuer is None and not (doc.number is None and _abroad(read, doc)):
            doc.issuer = doctype(doc.type).issuer
    relations = find_relations(doc_finder, own)
    record = read_record(text, own.type, own.date, header.place, org_finder, own.title) if own is not None else None
    events = EventFinder(read, documents, org_mentions, attribute_spans=doc_finder.attribute_spans,
                         published=source.published).find()
    people = PeopleFinder(read, org_mentions).find()
    if source.author:
        known = {normalize_key(p.name) for p in people}
        for author in source.author.split(", "):
            if normalize_key(author) not in known:
                people.append(Person(name=author))
                known.add(normalize_key(author))
    affiliations: list[OrgMention] = []
    if source.author_affiliation:
        affiliations = org_finder.find(source.author_affiliation)
    organisations = group_organisations(org_mentions + [
        OrgMention(-1, -1, a.text, a.name, a.parent) for a in affiliations
    ])
    for org in organisations:
        org.mentions = [m for m in org.mentions if m.start >= 0]
    statistics = find_statistics(read, skip=doc_finder.attribute_spans)
    return Extraction(source=source, locality=locality, documents=documents, organisations=organisations,
                      people=people, events=events, statistics=statistics, relations=relations, own=own,
                      record=record)
