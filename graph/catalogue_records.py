"""A catalogue's records as triples: authoritative document nodes in the catalogue's own named graph.

Each record becomes the document node extraction would give the same document: a :class:`Document` is built
from the record and resolved by the same :class:`graph.resolve.DocumentResolver`, so "Nghị định 30/2020/NĐ-CP"
in an article and in a catalogue is one IRI whichever came first. The node states what the registry lists —
number, type, date, issuer, title (on its Vietnamese ``eli:LegalExpression``, as ELI puts it), URL
(``schema:url``), date of entry into force (``eli:first_date_entry_in_force``) and status as catalogued
(``vk:statusAsCatalogued``, kept as given) — and its label twice: ``rdfs:label`` like any document, and
``skos:prefLabel``, which only a catalogue states of a document and which :func:`graph.catalog.choose_label`
prefers to the names pieced together from mentions. The catalogue itself is the graph's node: a
``schema:Dataset`` with ``vk:kind "catalogue"`` and the provenance a source carries (sha256, path, time,
reader version).

This sits beside ``rdf_model`` rather than in it: it reads records, not extractions, and shares
only the resolver, the IRIs and the vocabulary.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from rdflib import Literal, URIRef

from vankien.graph.doctypes import LOCAL_STATE_BODIES, doctype, issuer_of_number
from vankien.graph.extract.documents import Document
from vankien.graph.extract.numbers import find_numbers, parse_number
from vankien.graph.iris import NAMED_TYPES, Iris, name_key
from vankien.graph.rdf_model import SourceGraph, realisation
from vankien.graph.resolve import DocumentResolver
from vankien.graph.sources.catalogue import Catalogue, CatalogueRecord
from vankien.graph.text import collapse_space, normalize_key, unify_tones
from vankien.graph.vocab import ELI, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, VK, XSD, document_type_concept

# Stored as the graph's vk:extractorVersion: an unchanged file read by this version is skipped.
CATALOGUE_VERSION = "catalogue-2"  # 2: titles on the documents' Vietnamese expressions (ELI)
CATALOGUE_LABEL = SKOS.prefLabel    # a document's label as a catalogue gives it (graph.catalog.choose_label)
STATUS = VK["statusAsCatalogued"]


def catalogue_identity(catalogue: Catalogue) -> str:
    """What makes a catalogue the same catalogue when read again: its file (and archive member)."""
    file, _, member = catalogue.path.partition("#")
    absolute = os.path.abspath(file)
    return f"{absolute}#{member}" if member else absolute


def _issuer(record: CatalogueRecord) -> str | None:
    """The issuer as catalogued ("UBND tỉnh Thái Bình" spelt out as extraction names it), else the one
    the number or the type implies ("30/2020/NĐ-CP": Chính phủ; a law: Quốc hội)."""
    if record.issuer:
        issuer = unify_tones(record.issuer)
        head, _, rest = issuer.partition(" ")
        return f"{LOCAL_STATE_BODIES[head]} {rest}" if head in LOCAL_STATE_BODIES and rest else issuer
    number = parse_number(record.number)
    return (issuer_of_number(number) if number else None) or doctype(record.type).issuer


def names_itself(record: CatalogueRecord) -> bool:
    """Whether the catalogued title only names the document by type and number ("Nghị định 30/2020/NĐ-CP",
    "Pháp lệnh 15/2011/UBTVQH12" for 15/2011/PL-UBTVQH12): it says no subject."""
    return not record.title or (_opens_with_type(record) and _after_type(record) is None)


def _opens_with_type(record: CatalogueRecord) -> bool:
    return bool(record.title) and normalize_key(record.title).startswith(normalize_key(record.type) + " ")


def _after_type(record: CatalogueRecord) -> str | None:
    """What a title opening with the document's type says after it, without the number: "Dân sự" of "Bộ luật
    Dân sự", "về công tác văn thư" of "Nghị định về công tác văn thư"; None for "Nghị định 30/2020/NĐ-CP"."""
    if not _opens_with_type(record):
        return None
    rest = record.title[len(record.type):]
    if number := find_numbers(rest):
        rest = rest[:number[0][0]] + rest[number[0][1]:]
    rest = re.sub(r"(?i)\bsố\s*$", "", collapse_space(rest)).strip(" ,;:.-")
    return rest if re.search(r"[^\W\d_]", rest) else None


def _name(record: CatalogueRecord) -> str | None:
    """A law's name as texts cite it ("Dân sự" of "Bộ luật Dân sự"): only laws and the like are named."""
    return _after_type(record) if record.type in NAMED_TYPES else None


def record_label(record: CatalogueRecord) -> str:
    """The document's label: the catalogued title when it holds the number; a name with its number ("Bộ luật
    Dân sự số 91/2015/QH13"); else the type and number followed by the title ("Nghị định 30/2020/NĐ-CP về
    công tác văn thư")."""
    title = record.title
    if not title:
        return f"{record.type} {record.number}"
    if normalize_key(record.number) in normalize_key(title) or names_itself(record):
        return title
    if _name(record):
        return f"{title} số {record.number}"
    if rest := _after_type(record):
        title = rest
    if len(title) > 1 and title[0].isupper() and title[1].islower():   # a sentence's capital, not an acronym
        title = title[0].lower() + title[1:]
    return f"{record.type} {record.number} {title}"


def record_document(record: CatalogueRecord) -> Document:
    """The :class:`Document` extraction would make of a reference to the catalogued document."""
    number = parse_number(record.number)
    year = (number.year if number else None) or (int(record.date[:4]) if record.date else None)
    return Document(
        type=record.type, number=record.number, name=f"{record.type} số {record.number}", date=record.date,
        issuer=_issuer(record), year=year,
        # a law's title is its name, as texts cite it (name_key); another document's is its subject
        title=_name(record) if record.type in NAMED_TYPES else None if names_itself(record) else record.title,
        seq=number.seq if number else None, kind="numbered",
    )


def _vi(text: str) -> Literal:
    return Literal(text, lang="vi")


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


@dataclass
class CatalogueGraph(SourceGraph):
    """The triples of one catalogue; ``documents`` counts the distinct document nodes its records made."""

    records: int = 0
    documents: int = 0


class CatalogueGraphBuilder:
    """Turns one :class:`Catalogue` into one graph of document nodes, resolved like extracted references."""

    def __init__(self, iris: Iris, resolver: DocumentResolver) -> None:
        self.iris = iris
        self.resolver = resolver

    def build(self, catalogue: Catalogue, generated_at: datetime | None = None) -> CatalogueGraph:
        graph = CatalogueGraph(self.iris.source(catalogue_identity(catalogue)), records=len(catalogue.records))
        node = URIRef(graph.iri)
        add = graph.triples.append
        generated = (generated_at or datetime.now(UTC)).replace(microsecond=0).isoformat()
        add((node, RDF.type, SCHEMA.Dataset))
        add((node, RDF.type, PROV.Entity))
        add((node, RDFS.label, Literal(catalogue.relative_path)))
        add((node, PROV.generatedAtTime, Literal(generated, datatype=XSD.dateTime)))
        add((node, VK.extractorVersion, Literal(CATALOGUE_VERSION)))
        add((node, VK.sha256, Literal(catalogue.sha256)))
        add((node, VK.sourcePath, Literal(catalogue.relative_path)))
        add((node, VK.kind, Literal(catalogue.kind)))
        seen: dict[str, Literal] = {}   # document IRI → the label its first row gave it
        organisations: set[str] = set()
        documents = [(record, record_document(record)) for record in catalogue.records]
        # Dated records first: an undated one then finds the dated documents of the whole catalogue (one → that
        # node, several → ambiguous), whatever the order of its rows and whether it was ingested before.
        documents.sort(key=lambda pair: pair[1].year is None)
        for record, doc in documents:
            resolution = self.resolver.resolve(doc)
            document = URIRef(resolution.iri)
            label = _vi(record_label(record))
            if resolution.iri in seen:   # listed twice (two pages of one document): its first row names it
                if label != seen[resolution.iri]:
                    add((document, SKOS.altLabel, label))
                if record.url:
                    add((document, SCHEMA.url, URIRef(record.url)))
                continue
            seen[resolution.iri] = label
            add((document, RDF.type, ELI.LegalResource))
            expression, triples = realisation(document)
            graph.triples.extend(triples)
            add((document, ELI.type_document, document_type_concept(doc.type)))
            add((document, VK.identityKey, Literal(resolution.key.as_text())))
            add((document, ELI.id_local, Literal(record.number)))
            add((document, RDFS.label, label))
            add((document, CATALOGUE_LABEL, label))
            if not names_itself(record):
                add((expression, ELI["title"], _vi(record.title)))
            if (name := name_key(doc)) is not None:   # the law as texts cite it by name ("Luật An ninh mạng")
                add((document, VK.nameKey, Literal(name)))
                for twin in self.resolver.named_twins(doc, resolution.iri):
                    add((URIRef(twin), OWL.sameAs, document))
            if record.date:
                add((document, ELI.date_document, _date(record.date)))
            if doc.issuer:
                issuer = URIRef(self.iris.organisation(doc.issuer))
                if doc.issuer not in organisations:
                    organisations.add(doc.issuer)
                    add((issuer, RDF.type, ORG.Organization))
                    add((issuer, RDF.type, SCHEMA.Organization))
                    add((issuer, SKOS.prefLabel, _vi(doc.issuer)))
                add((document, ELI.passed_by, issuer))
            if record.url:
                add((document, SCHEMA.url, URIRef(record.url)))
            if record.effective:
                add((document, ELI.first_date_entry_in_force, _date(record.effective)))
            if record.status:
                add((document, STATUS, Literal(record.status)))
            if resolution.ambiguous:
                add((document, VK.ambiguous, Literal(True)))
                for candidate in resolution.candidates:
                    add((document, VK.candidate, URIRef(candidate)))
        graph.documents = len(seen)
        return graph
