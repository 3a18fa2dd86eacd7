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

from graph.doctypes import CODES_OF_TYPE
from graph.extract.numbers import parse_number
from graph.iris import document_year
from graph.store import GraphStore

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
    aliases: set[str] = field(default_factory=set)
    body: str = ""  # an official document's full text, matched with less weight than its label and title


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


def _values(iris: Iterable[str] | None) -> str:
    if iris is None:
        return ""
    return "VALUES ?e { " + " ".join(f"<{iri}>" for iri in iris) + " }"


def _rows(store: GraphStore, query: str) -> Iterator[dict[str, str | None]]:
    result = store.query(query)
    names = [v.value for v in result.variables]
    for row in result:
        yield {n: (row[n].value if row[n] is not None else None) for n in names}


def _mention_sentences(text: str, needles: list[str]) -> list[str]:
    """Sentences of ``text`` that name one of ``needles`` (a number or a label)."""
    found = []
    lowered = text.casefold()
    for needle in needles:
        start = lowered.find(needle.casefold())
        while start != -1 and len(found) < MAX_SENTENCES:
            left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
            m = re.compile(r"[.!?\n]").search(text, start)
            sentence = text[left:m.end() if m else len(text)].strip()
            if sentence and sentence not in found:
                found.append(sentence)
            start = lowered.find(needle.casefold(), start + len(needle))
        if found:
            break
    return found


def read_records(store: GraphStore, iris: Iterable[str] | None = None) -> Iterator[Record]:
    """Records for every entity (or only ``iris``)."""
    iris = list(iris) if iris is not None else None
    if iris is not None and not iris:
        return
    values = _values(iris)
    records: dict[str, Record] = {}
    kinds = {"eli:LegalResource": "document", "schema:NewsArticle": "article", "schema:DigitalDocument": "article",
             "org:Organization": "organisation", "foaf:Person": "person", "schema:Event": "event"}
    for row in _rows(store, f"""SELECT DISTINCT ?e ?t WHERE {{ {values}
            VALUES ?t {{ {' '.join(kinds)} }} ?e a ?t }}"""):
        iri = row["e"]
        kind = kinds[_compact(row["t"])]
        records.setdefault(iri, Record(key=iri, kind=kind))

    # Labels: documents and posts use rdfs:label, organisations skos:prefLabel, people foaf:name.
    for row in _rows(store, f"""SELECT DISTINCT ?e ?label ?alt WHERE {{ {values}
            {{ ?e rdfs:label ?label }} UNION {{ ?e skos:prefLabel ?label }} UNION {{ ?e foaf:name ?label }}
            UNION {{ ?e schema:headline ?label }} UNION {{ ?e schema:name ?label . ?e a schema:Event }}
            UNION {{ ?e skos:altLabel ?alt }} }}"""):
        record = records.get(row["e"])
        if record is None:
            continue
        if row["label"] and (not record.label or len(row["label"]) > len(record.label) and record.kind != "document"):
            record.label = record.label or row["label"]
        if row["alt"]:
            record.aliases.add(row["alt"])

    # An official document's own text is not a hit of its own: it is the document's text.
    own_text: dict[str, str] = {}
    for row in _rows(store, f"""SELECT DISTINCT ?e ?d WHERE {{ {values} ?e a schema:DigitalDocument ; schema:about ?d }}"""):
        source = records.pop(row["e"], None)
        own_text[row["e"]] = row["d"]
        if source is not None and row["d"] in records:
            records[row["d"]].aliases.add(source.label)
    if iris is not None:  # the document of an official text being re-indexed is affected too
        for document in set(own_text.values()) - set(records):
            records[document] = Record(key=document, kind="document")

    # A law cited by name before its own text came is the same document (owl:sameAs): one record.
    same_as: dict[str, str] = {}
    for row in _rows(store, "SELECT DISTINCT ?a ?b WHERE { ?a owl:sameAs ?b }"):
        same_as[row["a"]] = row["b"]
    if iris is not None:
        for twin, target in same_as.items():
            if (twin in records or target in records) and target not in records:
                records[target] = Record(key=target, kind="document")

    documents = {iri for iri, r in records.items() if r.kind == "document"}
    if documents:
        doc_values = _values(documents) if iris is not None else ""
        # One DISTINCT query per property: the union of graphs repeats a fact once per source, and
        # OPTIONALs side by side would multiply those repeats.
        properties = {
            "number": "?e eli:id_local ?v", "date": "?e eli:date_document ?v",
            "type": '?e eli:type_document/skos:prefLabel ?v FILTER(lang(?v) = "vi")',
            "issuer": "?e eli:passed_by/skos:prefLabel ?v", "title": "?e eli:title ?v",
        }
        for name, pattern in properties.items():
            for row in _rows(store, f"SELECT DISTINCT ?e ?v WHERE {{ {doc_values} {pattern} }}"):
                record = records.get(row["e"])
                if record is None or record.kind != "document":
                    continue
                if name == "title":
                    if row["v"] not in record.text:
                        record.text.append(row["v"])
                elif getattr(record, name) is None:
                    setattr(record, name, row["v"])
        for record in (records[iri] for iri in documents):
            record.year = record.date[:4] if record.date else document_year(record.key)
            record.numkeys = number_keys(record.number, record.type)
        # The sentences of the articles that mention each document.
        needles: dict[str, list[str]] = {iri: [n for n in (records[iri].number, records[iri].label) if n]
                                         for iri in documents}
        for row in _rows(store, f"""SELECT DISTINCT ?e ?text WHERE {{ {doc_values}
                ?a schema:mentions ?e ; schema:text ?text . ?e eli:type_document ?t }}"""):
            record = records[row["e"]]
            if len(record.text) < MAX_SENTENCES + 3:
                for sentence in _mention_sentences(row["text"], needles[row["e"]]):
                    if sentence not in record.text:
                        record.text.append(sentence)

    if own_text:
        for row in _rows(store, f"""SELECT DISTINCT ?e ?headline ?text WHERE {{ {_values(own_text)}
                ?e schema:text ?text . OPTIONAL {{ ?e schema:headline ?headline }} }}"""):
            document = records.get(own_text[row["e"]])
            if document is not None:
                document.body = row["text"]
                if row["headline"]:
                    document.aliases.add(row["headline"])

    articles = {iri for iri, r in records.items() if r.kind == "article"}
    if articles:
        art_values = _values(articles) if iris is not None else ""
        for row in _rows(store, f"""SELECT DISTINCT ?e ?text ?date ?publisher ?author WHERE {{ {art_values}
                ?e schema:text ?text .
                OPTIONAL {{ ?e schema:datePublished ?date }} OPTIONAL {{ ?e schema:publisher/skos:prefLabel ?publisher }}
                OPTIONAL {{ ?e schema:author/foaf:name ?author }} }}"""):
            record = records.get(row["e"])
            if record is None:
                continue
            if row["text"] not in record.text:
                record.text.append(row["text"])
            record.date = record.date or row["date"]
            record.publisher = record.publisher or row["publisher"]
            if row["author"]:
                record.aliases.add(row["author"])
        for record in (records[iri] for iri in articles):
            record.year = record.date[:4] if record.date else None

    others = {iri for iri, r in records.items() if r.kind in ("person", "organisation", "event")}
    if others:
        other_values = _values(others) if iris is not None else ""
        for row in _rows(store, f"""SELECT DISTINCT ?e ?info ?date WHERE {{ {other_values}
                {{ ?e org:holds/rdfs:label ?info }} UNION {{ ?e org:subOrganizationOf/skos:prefLabel ?info }}
                UNION {{ ?e schema:about/rdfs:label ?info }} UNION {{ ?e schema:location/schema:name ?info }}
                UNION {{ ?e schema:startDate ?date }} }}"""):
            record = records.get(row["e"])
            if record is None:
                continue
            if row["info"] and row["info"] not in record.text:
                record.text.append(row["info"])
            if row["date"]:
                record.date = row["date"]
                record.year = row["date"][:4]
    for twin, target in same_as.items():
        merged, into = records.pop(twin, None), records.get(target)
        if merged is not None and into is not None:
            into.aliases.add(merged.label)
            into.aliases |= merged.aliases
            into.text.extend(t for t in merged.text if t not in into.text)
    for record in records.values():
        if not record.label:
            record.label = record.key.rsplit("/", 1)[-1]
        record.aliases.discard(record.label)
        yield record


def _compact(iri: str) -> str:
    for prefix, namespace in (("eli:", "http://data.europa.eu/eli/ontology#"), ("schema:", "https://schema.org/"),
                              ("org:", "http://www.w3.org/ns/org#"), ("foaf:", "http://xmlns.com/foaf/0.1/")):
        if iri.startswith(namespace):
            return prefix + iri[len(namespace):]
    return iri


def entities_of_source(store: GraphStore, source_iri: str) -> set[str]:
    """The source itself and every entity its graph states something about."""
    found = {source_iri}
    for row in _rows(store, f"SELECT DISTINCT ?e WHERE {{ GRAPH <{source_iri}> {{ ?e ?p ?o }} }}"):
        found.add(row["e"])
    return found
