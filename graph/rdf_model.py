"""One source's facts as RDF triples on ELI, W3C ORG, schema.org, FOAF and PROV.

The source's IRI names the graph its triples live in; the source node itself
carries the provenance (where it came from, when, with which extractor).

As ELI specifies, a document (an ``eli:LegalResource``, a Phần … Điều too) is realised by an
``eli:LegalExpression`` in Vietnamese (:func:`realisation`), and its title is the expression's. People and
organisations are typed for schema.org's consumers as well as in FOAF and W3C ORG.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.term import Node

from vankien.graph.extract.documents import Document
from vankien.graph.extract.extractor import CHANGE_DIRECTIONS, EXTRACTOR_VERSION, Extraction
from vankien.graph.extract.official_record import LEVELS, STORED_LEVELS, OfficialRecord
from vankien.graph.extract.relations import Evidence
from vankien.graph.extract.statistics import Statistic
from vankien.graph.iris import Iris, name_key
from vankien.graph.resolve import DocumentResolver, Resolution
from vankien.graph.sources.model import OFFICIAL_DOCUMENT, Source
from vankien.graph.sources.urls import web_iri
from vankien.graph.text import lead_label
from vankien.graph.vocab import (
    ELI,
    FOAF,
    OA,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    RELATION_PROPERTIES,
    SCHEMA,
    SKOS,
    VIETNAMESE,
    VK,
    XSD,
    document_type_concept,
    expression_of,
)

Triple = tuple[Node, Node, Node]
CHANGES = ("amends", "replaces", "partly_repeals")  # relations whose subject comes after its object


def source_identity(source: Source) -> str:
    """What makes a source the same source when read again: its URL, else its file (and id or line).

    Only a URL :func:`web_iri` accepts counts; any other is as if there were none.
    """
    if url := web_iri(source.url):
        return url
    file, _, member = source.path.partition("#")
    absolute = os.path.abspath(file)
    if source.source_id and member.startswith("L"):
        return f"{absolute}#id={source.source_id}"
    return f"{absolute}#{member}" if member else absolute


def _vi(text: str) -> Literal:
    return Literal(text, lang="vi")


def realisation(resource: URIRef) -> tuple[URIRef, list[Triple]]:
    """The Vietnamese ``eli:LegalExpression`` realising ``resource`` and the triples saying so (both ways); the
    resource's ``eli:title`` goes on the expression, as ELI puts it."""
    expression = URIRef(expression_of(str(resource)))
    return expression, [(resource, ELI.is_realized_by, expression), (expression, RDF.type, ELI.LegalExpression),
                        (expression, ELI.realizes, resource), (expression, ELI.language, VIETNAMESE)]


def _timestamp(value: str) -> Literal:
    if "T" in value:
        return Literal(value, datatype=XSD.dateTime)
    return Literal(value, datatype=XSD.date)


@dataclass
class SourceGraph:
    """The triples of one source and the IRI of its graph."""

    iri: str
    triples: list[Triple] = field(default_factory=list)
    document_iris: dict[Document, str] = field(default_factory=dict)  # each extracted document → its IRI


SERVER_INTEGERS = range(-(2**63), 2**63)  # the xsd:integer values SPARQL servers hold


def quantity(value: int | float) -> Literal:
    """A statistic's value: a whole number as ``xsd:integer``, any other as ``xsd:decimal`` written as read
    ("6.681,6689" → 6681.6689; a double would be rounded, and servers print doubles rounded: Virtuoso keeps
    six digits), in its canonical form (no trailing ".0"). A whole number beyond 64 bits ("25.873.329.250 tỷ
    đồng", "10 tỉ tỉ USD": real text) is an ``xsd:decimal`` too: servers hold an integer in 64 bits (Virtuoso
    refuses the whole update; Oxigraph keeps it as text no comparison reads)."""
    if isinstance(value, int):
        return Literal(value) if value in SERVER_INTEGERS else Literal(Decimal(value))
    number = Decimal(repr(value))
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return Literal(number)


class SourceGraphBuilder:
    """Turns one :class:`Extraction` into triples; keeps nothing between calls but its IRIs and resolver."""

    def __init__(self, iris: Iris, resolver: DocumentResolver) -> None:
        self.iris = iris
        self.resolver = resolver

    def build(self, extraction: Extraction, generated_at: datetime | None = None) -> SourceGraph:
        graph = SourceGraph(self.iris.source(source_identity(extraction.source)))
        _GraphWriter(self.iris, self.resolver, graph).write(extraction, generated_at)
        return graph


class _GraphWriter:
    """Writes one extraction into one :class:`SourceGraph` (one per :meth:`SourceGraphBuilder.build`)."""

    def __init__(self, iris: Iris, resolver: DocumentResolver, graph: SourceGraph) -> None:
        self.iris = iris
        self.resolver = resolver
        self.graph = graph
        self._triples = graph.triples
        self._organisations: set[str] = set()  # those already typed and labelled in this graph
        self._labelled: set[tuple[URIRef, URIRef]] = set()  # (node, label property) already given one value
        self._year: int | None = None  # the year the source was published: which version a bare law name means

    def write(self, extraction: Extraction, generated_at: datetime | None) -> None:
        """The source node, then its documents, organisations, people, events and statistics."""
        node = URIRef(self.graph.iri)
        published = extraction.source.published
        self._year = int(published[:4]) if published and published[:4].isdigit() else None
        self._source(node, extraction.source, generated_at)
        self._documents(node, extraction)
        for org in extraction.organisations:
            org_node = self._organisation(org.name, org.parent)
            for alias in org.aliases:
                self._triples.append((org_node, SKOS.altLabel, _vi(alias)))
            if org.mentions:
                self._triples.append((node, SCHEMA.mentions, org_node))
        author = extraction.source.author
        for person in extraction.people:
            person_node = self._person(person)
            self._triples.append((node, SCHEMA.mentions, person_node))
            if author and person.name in author.split(", "):
                self._triples.append((node, SCHEMA.author, person_node))
        for index, event in enumerate(extraction.events, start=1):
            self._event(node, index, event)
        for index, stat in enumerate(extraction.statistics, start=1):
            self._statistic(node, index, stat)

    def _source(self, node: URIRef, source: Source, generated_at: datetime | None) -> None:
        """The source node: its kind, provenance and metadata, its text."""
        add = self._triples.append
        generated = (generated_at or datetime.now(UTC)).replace(microsecond=0).isoformat()
        # Every IRI taken from the input goes through web_iri; the others are minted by Iris from slugs.
        url = web_iri(source.url)

        add((node, RDF.type, SCHEMA.NewsArticle if source.kind != OFFICIAL_DOCUMENT else SCHEMA.DigitalDocument))
        add((node, RDF.type, PROV.Entity))
        if url:   # a local file is named only by vk:sourcePath, relative: no server path is published
            add((node, PROV.wasDerivedFrom, URIRef(url)))
        add((node, PROV.generatedAtTime, Literal(generated, datatype=XSD.dateTime)))
        add((node, VK.extractorVersion, Literal(EXTRACTOR_VERSION)))
        add((node, VK.sha256, Literal(source.sha256)))
        add((node, VK.sourcePath, Literal(source.relative_path)))
        add((node, VK.kind, Literal(source.kind)))
        if source.title:
            add((node, SCHEMA.headline, _vi(source.title)))
        elif label := lead_label(source.text):  # no headline: named by its first sentence, never a hash
            add((node, RDFS.label, _vi(label)))
        if source.published:
            add((node, SCHEMA.datePublished, _timestamp(source.published)))
        if url:
            add((node, SCHEMA.url, URIRef(url)))
        if source.views is not None:
            add((node, VK.views, Literal(source.views)))
        if source.section:
            add((node, SCHEMA.articleSection, _vi(source.section)))
        if source.publisher:
            publisher = self._organisation(source.publisher)
            add((node, SCHEMA.publisher, publisher))
        add((node, SCHEMA.text, _vi(source.text)))

    def _documents(self, node: URIRef, extraction: Extraction) -> None:
        """The documents the source mentions, the one it is the text of, and the relations between them."""
        add = self._triples.append
        document_iris = self.graph.document_iris
        # A law named without its year that a dated document changed is the version of before that change
        # ("Luật số 34/2009/QH12 sửa đổi … Luật nhà ở" is the 2005 law, whatever year the article is of).
        changed_by_year: dict[int, int] = {}
        for relation in extraction.relations:
            if relation.predicate in CHANGES and relation.subject.year:
                key = id(relation.object)
                changed_by_year[key] = min(changed_by_year.get(key, relation.subject.year), relation.subject.year)
        resolutions = self.resolver.keep_apart(extraction.documents, [
            self.resolver.resolve(doc, on_year=self._on_year(changed_by_year.get(id(doc))))
            for doc in extraction.documents])
        for doc, resolution in zip(extraction.documents, resolutions, strict=True):
            iri = self._document(doc, resolution)
            document_iris[doc] = iri
            add((node, SCHEMA.mentions, URIRef(iri)))
        if extraction.own is not None:
            add((node, SCHEMA.about, URIRef(document_iris[extraction.own])))
            if extraction.record is not None:
                self._record(node, URIRef(document_iris[extraction.own]), extraction.record)
                self._citations(URIRef(document_iris[extraction.own]), extraction)
        index = 0
        for relation in extraction.relations:
            subject = document_iris.get(relation.subject)
            obj = document_iris.get(relation.object)
            if subject and obj and subject != obj:
                triple = (URIRef(subject), RELATION_PROPERTIES[relation.predicate], URIRef(obj))
                add(triple)
                if relation.evidence is not None:
                    index += 1
                    self._evidence(node, index, triple, relation.evidence)

    def _record(self, source_node: URIRef, doc: URIRef, record: OfficialRecord) -> None:
        """What an official text states of itself: when it takes effect and stops (each with its sentence), who
        signed it and where, and its Phần, Chương, Mục and Điều as ELI subdivisions (``…/dieu/5``)."""
        add = self._triples.append
        for prop, name, statement in ((ELI.first_date_entry_in_force, "effect", record.effective),
                                      (ELI.date_no_longer_in_force, "expiry", record.expires)):
            if statement is None:
                continue
            add((doc, prop, Literal(statement.date, datatype=XSD.date)))
            selector = URIRef(f"{self.graph.iri}/{name}")
            add((doc, VK[f"{name}Sentence"], selector))
            self._text_position(selector, statement.start, statement.end, statement.sentence)
            add((selector, PROV.wasDerivedFrom, source_node))
        if record.signer:
            signer = URIRef(self.iris.person(record.signer))
            add((signer, RDF.type, FOAF.Person))
            add((signer, RDF.type, SCHEMA.Person))
            add((signer, FOAF.name, Literal(record.signer)))
            add((doc, VK.signedBy, signer))
            if record.signer_post:
                add((doc, VK.signerPost, _vi(record.signer_post)))
            if record.signed_for:
                add((doc, VK.signedFor, _vi(record.signed_for)))
        if record.place:
            add((doc, VK.placeSigned, _vi(record.place)))
        for position, division in enumerate(record.all_divisions(), start=1):
            if division.level not in STORED_LEVELS:
                continue
            node = URIRef(f"{doc}/{'/'.join(division.path)}")
            parent = division.parent
            parent_node = URIRef(f"{doc}/{'/'.join(parent.path)}") if parent is not None else doc
            add((node, RDF.type, ELI.LegalResourceSubdivision))
            add((node, ELI.is_part_of, parent_node))
            add((parent_node, ELI.has_part, node))
            self._label(node, RDFS.label, _vi(division.label))
            expression, triples = realisation(node)
            self._triples.extend(triples)
            if division.heading:
                self._label(expression, ELI["title"], _vi(division.heading))
            add((node, SCHEMA.position, Literal(position)))

    def _citations(self, doc: URIRef, extraction: Extraction) -> None:
        """Each stored Điều (or, outside any Điều, the innermost stored subdivision) ``schema:citation`` every
        other document it names, so a query finds which article of a law cites a decree."""
        add = self._triples.append
        holders = [d for d in extraction.record.all_divisions() if d.level in STORED_LEVELS]
        for document in extraction.documents:
            if document is extraction.own:
                continue
            iri = self.graph.document_iris.get(document)
            if not iri or iri == str(doc):
                continue
            cited_in = set()
            for mention in document.mentions:
                inside = [d for d in holders if d.start <= mention.start < d.end]
                if inside:
                    cited_in.add(max(inside, key=lambda d: LEVELS.index(d.level)).path)
            for path in cited_in:
                add((URIRef(f"{doc}/{'/'.join(path)}"), SCHEMA.citation, URIRef(iri)))

    def _evidence(self, source_node: URIRef, index: int, triple: Triple, evidence: Evidence) -> None:
        """Why the source states ``triple``: the triple reified as the ``index``-th rdf:Statement of the source,
        derived from it, with its sentence and cue as Web Annotation text positions (offsets into the
        source's schema:text) whose rdf:value is the text they select."""
        add = self._triples.append
        node = URIRef(f"{self.graph.iri}/relation/{index}")
        add((node, RDF.type, RDF.Statement))
        add((node, RDF.subject, triple[0]))
        add((node, RDF.predicate, triple[1]))
        add((node, RDF.object, triple[2]))
        add((node, PROV.wasDerivedFrom, source_node))
        for prop, name, (start, end, text) in (
            (VK.sentence, "sentence", (evidence.start, evidence.end, evidence.sentence)),
            (VK.cue, "cue", (evidence.cue_start, evidence.cue_end, evidence.cue)),
        ):
            selector = URIRef(f"{node}#{name}")
            add((node, prop, selector))
            self._text_position(selector, start, end, text)

    def _text_position(self, selector: URIRef, start: int, end: int, text: str) -> None:
        """``selector`` as a Web Annotation text position in the source's schema:text, with the text it selects."""
        add = self._triples.append
        add((selector, RDF.type, OA.TextPositionSelector))
        add((selector, OA.start, Literal(start)))
        add((selector, OA.end, Literal(end)))
        add((selector, RDF.value, _vi(text)))

    def _statistic(self, source_node: URIRef, index: int, stat: Statistic) -> None:
        """The ``index``-th statistic of the source, a schema:PropertyValue."""
        add = self._triples.append
        node = URIRef(f"{self.graph.iri}/stat/{index}")
        add((source_node, VK.statistic, node))
        add((node, RDF.type, SCHEMA.PropertyValue))
        add((node, SCHEMA.value, quantity(stat.value)))
        add((node, RDFS.label, _vi(stat.text)))
        if stat.subject:
            add((node, SCHEMA.name, _vi(stat.subject)))
        if stat.unit:
            add((node, SCHEMA.unitText, Literal(stat.unit)))
        if stat.qualifier:
            add((node, VK.qualifier, _vi(stat.qualifier)))
        if stat.year:
            add((node, VK.year, Literal(str(stat.year), datatype=XSD.gYear)))
        if stat.change:  # a rise or a fall ("tăng 12,5%"), not a level
            add((node, VK.change, Literal(True)))
            add((node, VK.direction, Literal(CHANGE_DIRECTIONS[stat.change])))

    def _label(self, node: URIRef, prop: URIRef, value: Literal) -> None:
        """One value of a label property per node in a source's graph ("Trường THPT chuyên" and "trường
        THPT chuyên" are one node): the first; any other is an alternative label."""
        if (node, prop) in self._labelled:
            self._triples.append((node, SKOS.altLabel, value))
        else:
            self._labelled.add((node, prop))
            self._triples.append((node, prop, value))

    def _organisation(self, name: str, parent: str | None = None) -> URIRef:
        node = URIRef(self.iris.organisation(name))
        if name not in self._organisations:
            self._organisations.add(name)
            self._triples.append((node, RDF.type, ORG.Organization))
            self._triples.append((node, RDF.type, SCHEMA.Organization))
            self._label(node, SKOS.prefLabel, _vi(name))
        if parent:
            self._triples.append((node, ORG.subOrganizationOf, self._organisation(parent)))
        return node

    def _on_year(self, before_year: int | None) -> int | None:
        """The year a law named without one is read as of: the source's, or before a change made of it."""
        years = [y for y in (self._year, before_year) if y is not None]
        return min(years) if years else None

    def _document(self, doc: Document, resolution: Resolution) -> str:
        node = URIRef(resolution.iri)
        add = self._triples.append
        add((node, RDF.type, ELI.LegalResource))
        expression, triples = realisation(node)
        self._triples.extend(triples)
        self._label(node, RDFS.label, _vi(doc.name))
        add((node, ELI.type_document, document_type_concept(doc.type)))
        add((node, VK.identityKey, Literal(resolution.key.as_text())))
        if (name := name_key(doc)) is not None:
            add((node, VK.nameKey, Literal(name)))
            # The same law cited by name before its own text arrived: say they are one.
            for twin in self.resolver.named_twins(doc, resolution.iri):
                add((URIRef(twin), OWL.sameAs, node))
        if doc.number:
            self._label(node, ELI.id_local, Literal(doc.number))
        if doc.date:
            add((node, ELI.date_document, Literal(doc.date, datatype=XSD.date)))
        if doc.issuer:
            add((node, ELI.passed_by, self._organisation(doc.issuer)))
        if doc.title:
            add((expression, ELI["title"], _vi(doc.title)))
        if doc.plenum is not None:
            add((node, VK.plenum, Literal(doc.plenum)))
        if doc.term:
            add((node, VK["term"], Literal(doc.term)))
        if doc.congress:
            add((node, VK.congress, Literal(doc.congress)))
        if doc.number_inferred:
            add((node, VK.numberInferred, Literal(True)))
        if resolution.ambiguous:
            add((node, VK.ambiguous, Literal(True)))
            for candidate in resolution.candidates:
                add((node, VK.candidate, URIRef(candidate)))
        return resolution.iri

    def _person(self, person) -> URIRef:
        node = URIRef(self.iris.person(person.name))
        add = self._triples.append
        add((node, RDF.type, FOAF.Person))
        add((node, RDF.type, SCHEMA.Person))
        add((node, FOAF.name, Literal(person.name)))
        for post in person.posts:
            organisation = person.post_organisations.get(post)
            if not organisation:
                # "Bộ trưởng", "Tổng thống Mỹ": a role whose body the text does not name is said of the person
                # alone; as a shared post node it would join everyone called "Bộ trưởng" of anything.
                add((node, SCHEMA.jobTitle, _vi(post)))
                continue
            post_node = URIRef(self.iris.post(post))
            add((node, ORG.holds, post_node))
            add((post_node, RDF.type, ORG.Post))
            self._label(post_node, RDFS.label, _vi(post))
            add((post_node, ORG.postIn, self._organisation(organisation)))
        return node

    def _event(self, source_node: URIRef, index: int, event) -> None:
        graph = self.graph
        node = URIRef(f"{graph.iri}/event/{index}")
        add = self._triples.append
        add((node, RDF.type, SCHEMA.Event))
        add((node, SCHEMA.name, _vi(event.name)))
        add((source_node, SCHEMA.mentions, node))
        for doc in event.about:
            if doc in graph.document_iris:
                add((node, SCHEMA.about, URIRef(graph.document_iris[doc])))
        if event.date:
            add((node, SCHEMA.startDate, Literal(event.date, datatype=XSD.date)))
        elif event.year:
            add((node, SCHEMA.startDate, Literal(str(event.year), datatype=XSD.gYear)))
        if event.place:
            place = URIRef(f"{node}#place")
            add((node, SCHEMA.location, place))
            add((place, RDF.type, SCHEMA.Place))
            add((place, SCHEMA.name, _vi(event.place)))
        if event.organizer:
            add((node, SCHEMA.organizer, self._organisation(event.organizer)))
        if event.attendees is not None:
            add((node, VK.attendees, Literal(event.attendees)))
