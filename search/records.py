"""What the index holds for each entity, read from the graph store.

One record per entity (document, article, organisation, person, event) with
the text to match, the label to show and the facet values. Records are read
in bulk with a few SPARQL queries, or for a given set of IRIs (an ingest
updates only the entities its sources touched).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from vankien.graph import catalog
from vankien.graph.catalog import ARTICLE, DOCUMENT, ENTITY_KINDS, EVENT, ORGANISATION, PERSON, sentences_naming
from vankien.graph.doctypes import CODES_OF_TYPE
from vankien.graph.extract.numbers import parse_number
from vankien.graph.iris import document_year
from vankien.graph.status import statuses
from vankien.graph.store import GraphStore

MAX_SENTENCES = 5



@dataclass
class Record:
    """The index's view of one entity."""

    key: str
    kind: str
    label: str = ""
    text: list[str] = field(default_factory=list)
    number: str | None = None
    numkeys: set[str] = field(default_factory=set)
    type: str | None = None
    issuer: str | None = None
    year: str | None = None
    publisher: str | None = None
    date: str | None = None
    status: str | None = None  # a document's legal status today (graph.status codes)
    aliases: set[str] = field(default_factory=set)
    body: str = ""  # an official document's full text, matched with less weight than its label and title
    mentions: int = 0  # the sources that mention it: of several entities of one name, the talked-about first
    mentioned: set[str] = field(default_factory=set)  # an article's: the entities it mentions (schema:mentions)


def number_keys(number: str | None, type_name: str | None) -> set[str]:
    """Short keys a user may type for a number: "nq:40" for 40-NQ/TU, "nghi-quyet:40"."""
    keys: set[str] = set()
    parsed = parse_number(number) if number else None
    if parsed is None:
        return keys
    seq = str(int(re.match(r"\d+", parsed.seq).group(0)))
    codes = {parsed.type_code} if parsed.type_code else set()
    if type_name:
        codes |= set(CODES_OF_TYPE.get(type_name, ()))
    for code in codes:
        keys.add(f"{code.lower()}:{seq}")
    keys.add(f"{seq}")
    return keys


def read_records(store: GraphStore, iris: Iterable[str] | None = None) -> Iterator[Record]:
    """Records for every entity (or only ``iris``, with the documents whose text or twin they are)."""
    reading = _Reading(store, None if iris is None else set(iris))
    if reading.iris is not None and not reading.iris:
        return
    reading.entities()
    reading.documents()
    reading.bodies()
    reading.articles()
    reading.others()
    reading.mentions()
    yield from reading.finish()


class _Reading:
    """One pass of :func:`read_records`: a few bulk queries, each filling part of the records."""

    def __init__(self, store: GraphStore, iris: set[str] | None) -> None:
        self.store, self.iris = store, iris
        self.records: dict[str, Record] = {}
        self.own_text: dict[str, str] = {}  # official text (a source) → the document it is the text of
        self.twins: dict[str, str] = {}  # owl:sameAs twin → the document it is

    def rows(self, pattern: str, variable: str, iris: Iterable[str] | None) -> Iterator[dict[str, str | None]]:
        """Solutions of ``SELECT DISTINCT * WHERE { pattern }``: over the whole store, or with ``variable``
        bound to each of ``iris`` when only some entities are read."""
        for values in catalog.restrictions(variable, None if self.iris is None else iris):
            yield from catalog.rows(self.store, f"SELECT DISTINCT * WHERE {{ {values} {pattern} }}")

    def of_kind(self, kind: str) -> list[str]:
        return [iri for iri, record in self.records.items() if record.kind == kind]

    def entities(self) -> None:
        """Kinds and names; an official text and a twin bring in the document they are."""
        self.own_text = catalog.read_own_texts(self.store, self.iris)
        self.twins = catalog.read_twins(self.store)
        wanted = self.iris
        if wanted is not None:
            wanted = wanted | set(self.own_text.values()) | set(self.own_text)
            wanted |= {t for t, d in self.twins.items() if t in wanted or d in wanted}
            wanted |= {self.twins[t] for t in wanted if t in self.twins}
        kinds = catalog.read_kinds(self.store, wanted, ENTITY_KINDS)
        stated = catalog.read_statements(self.store, catalog.SUMMARY_PROPERTIES, kinds if wanted is not None else None)
        for iri, kind in kinds.items():
            own = stated.get(iri, {})
            label = catalog.choose_label(kind, own, iri)
            record = Record(key=iri, kind=kind, label=label, aliases=catalog.other_names(kind, own, label))
            if kind == DOCUMENT:
                record.number, record.date = catalog.value_of(own, "number"), catalog.value_of(own, "date")
            elif kind == ARTICLE:
                record.date = catalog.value_of(own, "date")
            self.records[iri] = record
        for source, document in self.own_text.items():  # an official text is its document's text, not a hit
            text = self.records.pop(source, None)
            if text is not None and document in self.records:
                self.records[document].aliases.add(text.label)

    def documents(self) -> None:
        """Type, issuer and titles of documents, number keys, and the sentences of articles naming them.

        One DISTINCT query per property: the union of graphs repeats a fact once per source, and
        OPTIONALs side by side would multiply those repeats."""
        documents = self.of_kind(DOCUMENT)
        properties = {"type": '?e eli:type_document/skos:prefLabel ?v FILTER(lang(?v) = "vi")',
                      "issuer": "?e eli:passed_by/skos:prefLabel ?v", "title": "?e eli:is_realized_by/eli:title ?v"}
        for name, pattern in properties.items():
            for row in self.rows(pattern, "e", documents):
                record = self.records.get(row["e"])
                if record is None or record.kind != DOCUMENT:
                    continue
                if name == "title":
                    _add(record.text, row["v"])
                elif getattr(record, name) is None:
                    setattr(record, name, row["v"])
        found = statuses(self.store, documents) if documents else {}  # as of today: a reindex brings it up to date
        for record in (self.records[iri] for iri in documents):
            record.year = record.date[:4] if record.date else document_year(record.key)
            record.numkeys = number_keys(record.number, record.type)
            record.status = found[record.key].code if record.key in found else None
        for row in self.rows("?a schema:mentions ?e ; schema:text ?text . ?e a eli:LegalResource", "e", documents):
            record = self.records.get(row["e"])
            if record is not None and record.kind == DOCUMENT and len(record.text) < MAX_SENTENCES + 3:
                for sentence in sentences_naming(row["text"], (record.number, record.label), MAX_SENTENCES):
                    _add(record.text, sentence)

    def bodies(self) -> None:
        """An official text's words become its document's body; its headline another name."""
        pattern = "?e schema:text ?text . OPTIONAL { ?e schema:headline ?headline }"
        for values in catalog.restrictions("e", self.own_text):  # always by IRI: few sources are official texts
            for row in catalog.rows(self.store, f"SELECT DISTINCT * WHERE {{ {values} {pattern} }}"):
                document = self.records.get(self.own_text.get(row["e"], ""))
                if document is not None:
                    document.body = row["text"]
                    if row["headline"]:
                        document.aliases.add(row["headline"])

    def articles(self) -> None:
        """An article's text, publisher and authors."""
        articles = self.of_kind(ARTICLE)
        pattern = ("?e schema:text ?text . OPTIONAL { ?e schema:publisher/skos:prefLabel ?publisher } "
                   "OPTIONAL { ?e schema:author/foaf:name ?author }")
        for row in self.rows(pattern, "e", articles):
            record = self.records.get(row["e"])
            if record is None or record.kind != ARTICLE:
                continue
            _add(record.text, row["text"])
            record.publisher = record.publisher or row["publisher"]
            if row["author"]:
                record.aliases.add(row["author"])
        for record in (self.records[iri] for iri in articles):
            record.year = record.date[:4] if record.date else None

    def others(self) -> None:
        """People's posts, organisations' parents, events' documents, places and dates."""
        others = [iri for iri, r in self.records.items() if r.kind in (PERSON, ORGANISATION, EVENT)]
        pattern = """{ ?e org:holds/rdfs:label ?info } UNION { ?e schema:jobTitle ?info }
                     UNION { ?e org:subOrganizationOf/skos:prefLabel ?info }
                     UNION { ?e schema:about/rdfs:label ?info } UNION { ?e schema:location/schema:name ?info }
                     UNION { ?e schema:startDate ?date }"""
        for row in self.rows(pattern, "e", others):
            record = self.records.get(row["e"])
            if record is None:
                continue
            if row.get("info"):
                _add(record.text, row["info"])
            if row.get("date"):
                record.date, record.year = row["date"], row["date"][:4]

    def mentions(self) -> None:
        """How many sources mention each organisation, person and document; which entities each article
        mentions."""
        wanted = [iri for iri, r in self.records.items() if r.kind in (PERSON, ORGANISATION, DOCUMENT)]
        for values in catalog.restrictions("e", None if self.iris is None else wanted):
            query = f"SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {values} ?a schema:mentions ?e }} GROUP BY ?e"
            for row in catalog.rows(self.store, query):
                record = self.records.get(row["e"])
                if record is not None:
                    record.mentions = int(row["n"])
        for values in catalog.restrictions("a", None if self.iris is None else self.of_kind(ARTICLE)):
            for row in catalog.rows(self.store, f"SELECT DISTINCT ?a ?e WHERE {{ {values} ?a schema:mentions ?e }}"):
                record = self.records.get(row["a"])
                if record is not None and record.kind == ARTICLE:
                    record.mentioned.add(row["e"])

    def finish(self) -> Iterator[Record]:
        """Twins folded into the document they are; each record once, its label not among its aliases, its texts
        sorted."""
        for twin, target in self.twins.items():
            merged, into = self.records.pop(twin, None), self.records.get(target)
            if merged is not None and into is not None:
                into.aliases |= {merged.label} | merged.aliases
                for text in merged.text:
                    _add(into.text, text)
        for record in self.records.values():
            record.aliases.discard(record.label)
            record.text.sort()  # in the order of the words, not of the rows a store happened to give
            yield record


def _add(texts: list[str], text: str) -> None:
    if text not in texts:
        texts.append(text)
