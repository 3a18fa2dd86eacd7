"""The one read model over the store: what kind an entity is, what it is called, where it is named.

Pages (:mod:`graph.describe`), walks (:mod:`graph.traverse`) and the search
index (:mod:`search.records`) all read entities through this module, so a
kind, a label or an evidence sentence is decided once:

- **kinds** — an entity's kind comes from its ``rdf:type`` (:data:`KIND_OF_TYPE`;
  the first kind listed wins for a node typed twice);
- **names** — each kind has one label property (:data:`LABEL_OF_KIND`); every
  source restates the names of what it mentions, so values are counted per
  source and the most stated one wins (:func:`most_stated`); an article without
  a headline is named by its URL or file, anything else by the tail of its IRI;
  a document a catalogue lists is named as the catalogue names it (:func:`choose_label`);
- **facts in bulk** — :func:`read_kinds`, :func:`read_statements` and
  :func:`read_twins` read a whole store (or a set of IRIs) with a few DISTINCT
  queries; :func:`summaries` turns them into the ``{"iri", "kind", "label",
  "number", "date", "url"}`` dicts every layer shows; :func:`together` and :func:`beside` overlap
  independent reads when the store is a SPARQL server's (a request there costs milliseconds);
- **evidence** — :func:`sentences_naming` finds the sentences of a text that
  name an entity; :func:`relation_evidence` reads the stored evidence of a document's relations (the
  sentence and cue each source read it from);
- **caching** — :class:`GenerationCache` keeps what was computed from a store
  until its generation changes.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import product
from pathlib import Path
from typing import Any, Generic, TypeVar

import pyoxigraph as ox

from vankien.graph.doctypes import BY_NAME
from vankien.graph.text import unify_tones
from vankien.graph.vocab import ELI, FOAF, OA, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, VK

# -- kinds -------------------------------------------------------------------------------------
DOCUMENT, ORGANISATION, PERSON, EVENT, ARTICLE = "document", "organisation", "person", "event", "article"
POST, STATISTIC, PLACE, RESOURCE = "post", "statistic", "place", "resource"
ENTITY_KINDS = (DOCUMENT, ORGANISATION, PERSON, EVENT, ARTICLE)  # the nodes of walks and search hits
KIND_OF_TYPE = {  # rdf:type → kind, in order of precedence
    str(ELI.LegalResource): DOCUMENT,
    str(ORG.Organization): ORGANISATION,
    str(FOAF.Person): PERSON,
    str(SCHEMA.Event): EVENT,
    str(SCHEMA.NewsArticle): ARTICLE,
    str(SCHEMA.DigitalDocument): ARTICLE,  # an official text: the source that is a document's own text
    str(ORG.Post): POST,
    str(SCHEMA.PropertyValue): STATISTIC,
    str(SCHEMA.Place): PLACE,
}
KIND_ORDER = tuple(dict.fromkeys(KIND_OF_TYPE.values()))

# -- names -------------------------------------------------------------------------------------
LABEL_OF_KIND = {
    DOCUMENT: str(RDFS.label), ORGANISATION: str(SKOS.prefLabel), PERSON: str(FOAF.name),
    EVENT: str(SCHEMA.name), ARTICLE: str(SCHEMA.headline), POST: str(RDFS.label),
    STATISTIC: str(RDFS.label), PLACE: str(SCHEMA.name),
}
ALIAS_PROPERTIES = (str(SKOS.altLabel),)
# A kind's second choice: an article without a headline is named by its first sentence (rdfs:label).
FALLBACK_LABEL_OF_KIND = {ARTICLE: str(RDFS.label)}
# A document's label as a catalogue lists it (graph.catalogue_records): only a catalogue states it of a
# document, and it wins over the names pieced together from mentions.
CATALOGUED_LABEL = str(SKOS.prefLabel)
LABEL_PROPERTIES = tuple(str(p) for p in (RDFS.label, SKOS.prefLabel, FOAF.name, SCHEMA.headline, SCHEMA.name))
NAME_PROPERTIES = LABEL_PROPERTIES + ALIAS_PROPERTIES
VALUE_OF_PROPERTY = {  # property → the summary field it fills
    str(ELI.id_local): "number",
    str(ELI.date_document): "date", str(SCHEMA.startDate): "date", str(SCHEMA.datePublished): "date",
    str(SCHEMA.url): "url", str(VK.sourcePath): "path", str(ELI.title): "title",
}
SUMMARY_PROPERTIES = NAME_PROPERTIES + tuple(VALUE_OF_PROPERTY)
# A legal resource's title is stated of the eli:LegalExpression realising it (rdf_model.realisation); the read
# model gives it as the resource's, so a page, a feed or a summary asks for a document's eli:title alone.
TITLE = str(ELI.title)

Stated = Mapping[str, Counter]  # property IRI → values, each counted once per source stating it


def most_stated(counter: Counter | None) -> str | None:
    """The value stated by most sources; ties go to the shortest, then the first in order."""
    if not counter:
        return None
    return min(counter.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]


def iri_tail(iri: str) -> str:
    """The last segment of an IRI, the label of last resort."""
    return iri.rstrip("/").rsplit("/", 1)[-1] or iri


def value_of(stated: Stated, field: str) -> str | None:
    """The most stated value of a summary field ("number", "date", "url", "path")."""
    merged: Counter = Counter()
    for prop, name in VALUE_OF_PROPERTY.items():
        if name == field:
            merged.update(stated.get(prop, Counter()))
    return most_stated(merged)


def choose_label(kind: str | None, stated: Stated, iri: str) -> str:
    """An entity's label: its kind's label property, else (an untyped node) the first label property
    stated; an article without a headline is named by its first sentence (stored as its rdfs:label), or
    else, when stored before that was recorded, by its URL or file; the IRI's tail last. A document's label
    holds its number when one of its labels does (a name alone may fit another version of the law); a
    catalogued document is named as its catalogue lists it."""
    if kind == DOCUMENT and stated.get(CATALOGUED_LABEL):
        properties = (CATALOGUED_LABEL, LABEL_OF_KIND[DOCUMENT])
    elif kind in LABEL_OF_KIND:
        properties = (LABEL_OF_KIND[kind], *((FALLBACK_LABEL_OF_KIND[kind],) if kind in FALLBACK_LABEL_OF_KIND
                                         else ()))
    else:
        properties = LABEL_PROPERTIES
    number = value_of(stated, "number") if kind == DOCUMENT else None
    for prop in properties:
        labels = stated.get(prop)
        if number and labels and any(number in label for label in labels):
            # a name a text gave it by name alone ("Luật báo chí") may fit another version: its number decides
            labels = Counter({label: n for label, n in labels.items() if number in label})
            # and "Luật Đất đai số 45/2013/QH13" says more than "Luật số 45/2013/QH13"
            named = Counter({label: n for label, n in labels.items() if label.split(" số ", 1)[0] not in BY_NAME})
            labels = named or labels
        if label := most_stated(labels):
            return label
    if kind in (ARTICLE, RESOURCE, None):
        return value_of(stated, "url") or value_of(stated, "path") or iri_tail(iri)
    return iri_tail(iri)


def other_names(kind: str | None, stated: Stated, label: str) -> set[str]:
    """The names an entity goes by besides ``label``: the other values of its label property and its
    alternative labels."""
    names = set(stated.get(LABEL_OF_KIND.get(kind, ""), ()))
    for prop in ALIAS_PROPERTIES:
        names |= set(stated.get(prop, ()))
    return names - {label}


def summary(iri: str, kind: str | None, stated: Stated) -> dict:
    """``{"iri", "kind", "label", "number", "date", "url", "title"}`` of an entity (a document's title is its
    trích yếu)."""
    return {"iri": iri, "kind": kind or RESOURCE, "label": choose_label(kind, stated, iri),
            "number": value_of(stated, "number"), "date": value_of(stated, "date"), "url": value_of(stated, "url"),
            "title": value_of(stated, "title") if kind == DOCUMENT else None}


# -- reading in bulk ------------------------------------------------------------------------
def node(iri: str) -> ox.NamedNode:
    """The pyoxigraph term of ``iri`` (ValueError when it is not an IRI)."""
    return ox.NamedNode(iri)


def values_clause(variable: str, iris: Iterable[str]) -> str:
    """``VALUES ?variable { <a> <b> … }``."""
    return f"VALUES ?{variable} {{ " + " ".join(str(node(i)) for i in iris) + " }"


def chunks(items: Iterable[str], size: int = 400) -> Iterator[list[str]]:
    """``items`` in lists of at most ``size`` (a VALUES clause stays small)."""
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def rows(store, query: str) -> list[dict[str, str | None]]:
    """The solutions of a SELECT query as dicts of plain strings (None for unbound)."""
    result = store.query(query)
    names = [v.value for v in result.variables]
    return [{n: (term.value if term is not None else None) for n, term in zip(names, row, strict=True)}
            for row in result]


def selects(store, queries: list[str]) -> list[list[dict[str, str | None]]]:
    """The solutions of each SELECT query in ``queries`` (as :func:`rows` gives them), asked in one request of
    a SPARQL server — each query a subquery of a union, its solutions told apart by a number bound beside
    them — and one query after another on the embedded store. A page's dozen small queries then cost one
    round trip instead of a dozen (each 1–3 ms on a server however small the query). A query's solutions
    come in no particular order (a subquery's ORDER BY chooses what its LIMIT keeps, not the order of the
    union); each solution also carries the other queries' variables, unbound (None)."""
    if len(queries) < 2 or getattr(store, "server", None) is None:
        return [rows(store, query) for query in queries]
    union = " UNION ".join(f"{{ {{ {query} }} BIND({place} AS ?{_PLACE}) }}" for place, query in enumerate(queries))
    answers: list[list[dict[str, str | None]]] = [[] for _ in queries]
    for row in rows(store, f"SELECT * WHERE {{ {union} }}"):
        answers[int(row.pop(_PLACE))].append(row)
    return answers


_PLACE = "query_place_"  # the variable telling batched queries' solutions apart (no query of ours uses it)


def read_kinds(store, iris: Iterable[str] | None = None, kinds: Iterable[str] = KIND_ORDER) -> dict[str, str]:
    """IRI → kind of every entity of ``kinds`` in the store (or among ``iris``)."""
    wanted = set(kinds)
    types = " ".join(f"<{t}>" for t, kind in KIND_OF_TYPE.items() if kind in wanted)
    found: dict[str, str] = {}

    def add(entity: str, type_: str) -> None:
        kind, known = KIND_OF_TYPE[type_], found.get(entity)
        if kind in wanted and (known is None or KIND_ORDER.index(kind) < KIND_ORDER.index(known)):
            found[entity] = kind

    oxigraph = _oxigraph(store)
    if iris is not None and oxigraph is not None:
        rdf_type = ox.NamedNode(RDF_TYPE)
        # the merge states a type once; each source stating it (thousands, for Bộ Chính trị) in its graph
        merge = ox.DefaultGraph() if getattr(store, "merged", False) else None
        for iri in set(iris):
            for quad in oxigraph.quads_for_pattern(node(iri), rdf_type, None, merge):
                if quad.object.value in KIND_OF_TYPE:
                    add(iri, quad.object.value)
        return found
    for values in restrictions("e", iris):
        query = f"SELECT DISTINCT ?e ?t WHERE {{ {values} VALUES ?t {{ {types} }} ?e a ?t }}"
        for entity, type_ in store.query(query):
            add(entity.value, type_.value)
    return found


def read_statements(store, properties: Iterable[str],
                    iris: Iterable[str] | None = None) -> dict[str, dict[str, Counter]]:
    """IRI → property → values of ``properties`` for every subject (or only ``iris``), each value counted
    once per source (named graph) stating it: one solution per quad, counted here (grouping in the
    query costs more than counting the rows). Alternative names (:data:`ALIAS_PROPERTIES`) are a set, never
    chosen among: each counts once. A legal resource's ``eli:title`` is read from the expressions realising it
    (:data:`TITLE`)."""
    properties = list(properties)
    props = " ".join(f"<{p}>" for p in properties)
    found: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    oxigraph = _oxigraph(store)
    if iris is not None and oxigraph is not None:
        _read_statements_of(oxigraph, set(properties), set(iris), found, merged=getattr(store, "merged", False))
        return found
    for values in restrictions("s", iris):
        query = f"SELECT ?s ?p ?v WHERE {{ {values} VALUES ?p {{ {props} }} GRAPH ?g {{ ?s ?p ?v }} }}"
        for s, p, v in store.query(query):
            values_of = found[s.value][p.value]
            values_of[v.value] = 1 if p.value in ALIAS_PROPERTIES else values_of[v.value] + 1
        if TITLE in properties:  # a document's title is its expression's (ELI): read as the document's own
            query = f"SELECT ?s ?v WHERE {{ {values} GRAPH ?g {{ ?e <{ELI.realizes}> ?s ; <{TITLE}> ?v }} }}"
            for s, v in store.query(query):
                found[s.value][TITLE][v.value] += 1
    return found


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_STATEMENT, RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT, RDF_VALUE = (
    str(RDF.Statement), str(RDF.subject), str(RDF.predicate), str(RDF.object), str(RDF.value))
OA_START, OA_END, PROV_DERIVED_FROM = str(OA.start), str(OA.end), str(PROV.wasDerivedFrom)


def _oxigraph(store) -> ox.Store | None:
    """The Oxigraph store under ``store`` (a :class:`graph.store.GraphStore`), to read its indexes directly:
    Oxigraph joins a VALUES clause of a few hundred IRIs with a pattern by scanning the pattern's every match,
    seconds per query on a large store, where a look-up per IRI takes microseconds."""
    inner = getattr(store, "store", None)
    while inner is not None and not isinstance(inner, ox.Store):  # a reader wrapping the GraphStore
        inner = getattr(inner, "store", None)
    return inner


def _read_statements_of(oxigraph: ox.Store, properties: set[str], iris: set[str],
                        found: dict[str, dict[str, Counter]], *, merged: bool) -> None:
    """:func:`read_statements` for ``iris``: property by property from the quads of the named graphs (one per
    source stating; a body every article names is stated thousands of times, most of them types this read
    skips), an alternative name once from the merge (``merged``: the default graph holds it)."""
    title = ox.NamedNode(TITLE) if TITLE in properties else None
    realizes = ox.NamedNode(str(ELI.realizes))
    wanted = {p: ox.NamedNode(p) for p in properties}
    for iri in iris:
        subject = node(iri)
        if merged:  # the merge states each fact once: which properties to count, and the alternative names
            stated = set()
            for quad in oxigraph.quads_for_pattern(subject, None, None, ox.DefaultGraph()):
                if quad.predicate.value in ALIAS_PROPERTIES and quad.predicate.value in wanted:
                    found[iri][quad.predicate.value][quad.object.value] = 1
                elif quad.predicate.value in wanted:
                    stated.add(quad.predicate.value)
        else:
            stated = set(wanted)
        for predicate in stated:
            values = found[iri][predicate]
            for value, count in _count_sources(oxigraph, subject, wanted[predicate]).items():
                values[value] = 1 if predicate in ALIAS_PROPERTIES else values[value] + count
        if title is None:
            continue
        for link in oxigraph.quads_for_pattern(None, realizes, subject, None):
            if isinstance(link.graph_name, ox.DefaultGraph):
                continue
            for quad in oxigraph.quads_for_pattern(link.subject, title, None, link.graph_name):
                found[iri][TITLE][quad.object.value] += 1


MANY_STATEMENTS = 100  # quads of one subject and property beyond which the store counts them itself


def _count_sources(oxigraph: ox.Store, subject: ox.NamedNode, predicate: ox.NamedNode) -> Counter:
    """Value → the named graphs stating ``subject predicate value``: counted quad by quad, or, for a subject
    thousands of sources state something of (a body every article names), by one grouped query."""
    counts: Counter = Counter()
    for seen, quad in enumerate(oxigraph.quads_for_pattern(subject, predicate, None, None)):
        if seen == MANY_STATEMENTS:
            query = f"SELECT ?v (COUNT(?g) AS ?n) WHERE {{ GRAPH ?g {{ {subject} {predicate} ?v }} }} GROUP BY ?v"
            counts.clear()
            for value, count in oxigraph.query(query):  # "X"@vi and "X" are two values to the store, one here
                counts[value.value] += int(count.value)
            return counts
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            counts[quad.object.value] += 1
    return counts


def read_own_texts(store, iris: Iterable[str] | None = None) -> dict[str, str]:
    """Official text → the document it is the text of (a ``schema:DigitalDocument`` ``schema:about`` it): every
    one in the store, or those among ``iris`` or about one of them (looked up IRI by IRI, as cheap in a large
    store as in a small one)."""
    oxigraph = _oxigraph(store)
    if iris is None or oxigraph is None:
        query = "SELECT DISTINCT ?e ?d WHERE {{ {values} ?e a schema:DigitalDocument ; schema:about ?d }}"
        found = {}
        for variable in ("e",) if iris is None else ("e", "d"):
            for values in restrictions(variable, iris):
                found.update((r["e"], r["d"]) for r in rows(store, query.format(values=values)))
        return found
    merge = ox.DefaultGraph() if getattr(store, "merged", False) else None
    rdf_type, about = ox.NamedNode(RDF_TYPE), ox.NamedNode(str(SCHEMA.about))
    text = ox.NamedNode(str(SCHEMA.DigitalDocument))
    found = {}
    for iri in set(iris):
        term = node(iri)
        candidates = [q.subject for q in oxigraph.quads_for_pattern(None, about, term, merge)]
        candidates.append(term)
        for candidate in candidates:
            if next(oxigraph.quads_for_pattern(candidate, rdf_type, text, merge), None) is None:
                continue
            for quad in oxigraph.quads_for_pattern(candidate, about, None, merge):
                if isinstance(quad.object, ox.NamedNode):
                    found[candidate.value] = quad.object.value
    return found


def read_twins(store) -> dict[str, str]:
    """``owl:sameAs`` twins: a law cited by name before its own text came → the document it is."""
    return {r["a"]: r["b"] for r in rows(store, "SELECT DISTINCT ?a ?b WHERE { ?a owl:sameAs ?b }")
            if r["a"] != r["b"]}


def restrictions(variable: str, iris: Iterable[str] | None) -> Iterator[str]:
    """"" once for the whole store, else one VALUES clause per chunk of ``iris``."""
    if iris is None:
        yield ""
        return
    for chunk in chunks(sorted(set(iris))):
        yield values_clause(variable, chunk)


def summaries(store, iris: Iterable[str], projection=None) -> dict[str, dict]:
    """IRI → summary (see :func:`summary`) of each IRI.

    With ``projection`` (a :class:`graph.traverse.Projection` of the same store, or the store's own
    ``projection`` attribute) the entities it holds are summarised from memory; the others (posts,
    places, ``owl:sameAs`` twins) are read from the store.
    """
    projection = projection if projection is not None else getattr(store, "projection", None)
    result = {}
    if projection is not None:
        for iri in set(iris):
            if iri in projection:
                data = projection.nodes[iri]
                result[iri] = {"iri": iri, **{k: data.get(k) for k in ("kind", "label", "number", "date", "url")}}
    rest = sorted(set(iris) - set(result))
    if rest:
        kinds, stated = together(store, lambda: read_kinds(store, rest),
                                 lambda: read_statements(store, SUMMARY_PROPERTIES, rest))
        for iri in rest:
            result[iri] = summary(iri, kinds.get(iri), stated.get(iri, {}))
    return result


def together(store, *calls: Callable[[], Any]) -> list:
    """The results of ``calls``, run side by side when ``store`` is a SPARQL server's (each call mostly waits
    for its answers: a page's two dozen queries cost two dozen round trips one after another), one after
    another on the embedded store, where a query is a function call and threads only add switching."""
    if len(calls) < 2 or getattr(store, "server", None) is None:
        return [call() for call in calls]
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [future.result() for future in [pool.submit(call) for call in calls]]


def beside(store, call: Callable[[], T]) -> Callable[[], T]:
    """``call`` started now in a thread of its own when ``store`` is a SPARQL server's (so its round trips
    overlap the caller's), run when its answer is asked for on the embedded store; the answer's getter."""
    if getattr(store, "server", None) is None:
        return call
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(call)
    pool.shutdown(wait=False)
    return future.result


# -- evidence --------------------------------------------------------------------------------
_SENTENCE_END = re.compile(r"[.!?\n]")


def sentences_naming(text: str, needles: Iterable[str | None], limit: int = 3) -> list[str]:
    """Up to ``limit`` sentences of ``text`` that name one of ``needles`` (a number, a label), tried in
    order: the first needle found wins. Case, NFC/NFD and tone placement do not matter; a dot inside
    a number ("7.600", "31.01.2023") does not end a sentence."""
    plain = unify_tones(text)
    for needle in (n for n in needles if n):
        found: list[str] = []
        for m in re.finditer(re.escape(unify_tones(needle)), plain, re.IGNORECASE):
            left = max(text.rfind(". ", 0, m.start()) + 1, text.rfind("\n", 0, m.start()) + 1, 0)
            end = _SENTENCE_END.search(text, m.end())
            while end and end.group() == "." and end.end() < len(text) and not text[end.end()].isspace():
                end = _SENTENCE_END.search(text, end.end())
            sentence = text[left:end.end() if end else len(text)].strip()
            if sentence and sentence not in found:
                found.append(sentence)
            if len(found) >= limit:
                break
        if found:
            return found
    return []


def relation_evidence(store, iri: str) -> dict[tuple[str, str, str], list[dict]]:
    """(subject, property, object) → the evidence of each relation of the document ``iri`` (in either
    direction), one dict per source stating it: ``{"source", "sentence", "start", "end", "cue",
    "cue_start", "cue_end"}`` (the source's IRI; offsets into its text), as the sources' graphs hold it:
    each relation reified as an ``rdf:Statement`` with ``vk:sentence`` and ``vk:cue`` text positions.
    Read once per store generation when the store is read-only (a page asks for it up to three times: its
    relations, its status, its embedded JSON-LD; see :func:`remembered`); not to be changed by the caller."""
    return remembered(store, ("relation evidence", iri), lambda: _relation_evidence(store, iri))


def _relation_evidence(store, iri: str) -> dict[tuple[str, str, str], list[dict]]:
    """Read flat — each statement naming ``iri`` with every property of it and of its sentence and cue
    nodes — and put together here: SPARQL servers plan the joined query by scanning every statement
    (Virtuoso: 0.2–0.3 s on a 2,000-article store against 3 ms for this one; Oxigraph: the same)."""
    target = node(iri)
    query = f"""SELECT ?st ?k ?v ?part ?value WHERE {{
        {{ ?st <{RDF_SUBJECT}> {target} }} UNION {{ ?st <{RDF_OBJECT}> {target} }}
        ?st ?k ?v . OPTIONAL {{ ?v ?part ?value FILTER(?k IN (<{VK.sentence}>, <{VK.cue}>)) }} }}"""
    statements: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    parts: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows(store, query):
        statements[row["st"]][row["k"]].add(row["v"])
        if row["part"] is not None:
            parts[row["v"]][row["part"]] = row["value"]
    found: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    seen: set[tuple] = set()
    for props in statements.values():
        if RDF_STATEMENT not in props.get(RDF_TYPE, ()):
            continue
        sentences = [parts[at] for at in sorted(props.get(str(VK.sentence), ()))
                     if {RDF_VALUE, OA_START, OA_END} <= parts[at].keys()]
        cues = [parts[c] for c in sorted(props.get(str(VK.cue), ()))
                if {RDF_VALUE, OA_START, OA_END} <= parts[c].keys()] or [{}]
        for s, p, o, source, at, cue in product(props.get(RDF_SUBJECT, ()), props.get(RDF_PREDICATE, ()),
                                               props.get(RDF_OBJECT, ()),
                                               sorted(props.get(PROV_DERIVED_FROM, ())), sentences, cues):
            item = {"source": source, "sentence": at[RDF_VALUE], "start": int(at[OA_START]),
                    "end": int(at[OA_END]), "cue": cue.get(RDF_VALUE),
                    "cue_start": int(cue[OA_START]) if cue else None,
                    "cue_end": int(cue[OA_END]) if cue else None}
            key = (s, p, o, *item.values())
            if key not in seen:
                seen.add(key)
                found[(s, p, o)].append(item)
    return found


# -- caching ----------------------------------------------------------------------------------
REMEMBERED = 1024  # answers :func:`remembered` keeps per data folder for the current generation
T = TypeVar("T")


class GenerationCache(Generic[T]):
    """One value per data folder, computed from its store and kept until the store's generation changes.

    ``get`` builds under a lock, so concurrent requests after a change build once.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[int, T]] = {}
        self._lock = threading.Lock()

    def get(self, store, build: Callable[[], T]) -> T:
        key, generation = str(Path(store.data_dir).resolve()), store.generation
        with self._lock:
            cached = self._entries.get(key)
            if cached is not None and cached[0] == generation:
                return cached[1]
            value = build()
            self._entries[key] = (generation, value)
            return value

    def clear(self) -> None:
        """Forget every value (another process starts with an empty cache)."""
        with self._lock:
            self._entries.clear()


class _Remembered:
    """The answers of one generation of each data folder's store, by key, the oldest forgotten past
    :data:`REMEMBERED`; an answer being worked out is waited for, not worked out again."""

    def __init__(self) -> None:
        self._folders: dict[str, tuple[int, OrderedDict[Hashable, Future]]] = {}
        self._lock = threading.Lock()

    def get(self, store, key: Hashable, build: Callable[[], T]) -> T:
        folder, generation = str(Path(store.data_dir).resolve()), store.generation
        with self._lock:
            kept = self._folders.get(folder)
            if kept is None or kept[0] != generation:
                kept = self._folders[folder] = (generation, OrderedDict())
            answers = kept[1]
            future = answers.get(key)
            mine = future is None
            if mine:
                if len(answers) >= REMEMBERED:
                    answers.popitem(last=False)
                future = answers[key] = Future()
        if mine:
            try:
                future.set_result(build())
            except BaseException as error:
                with self._lock:
                    answers.pop(key, None)  # asked again, it is worked out again
                future.set_exception(error)
        return future.result()

    def clear(self) -> None:
        with self._lock:
            self._folders.clear()


_REMEMBERED = _Remembered()


def remembered(store, key: Hashable, build: Callable[[], T]) -> T:
    """``build()``, remembered under ``key`` for the store's current generation when the store is a read-only
    one of a data folder (the web's; a writer's store changes under it): a page's parts asking the same
    question side by side — the status of its document for the page and for its embedded JSON-LD — ask the
    store once. The answer is shared: not to be changed by the caller."""
    if not getattr(store, "read_only", False) or not hasattr(store, "data_dir"):
        return build()
    return _REMEMBERED.get(store, key, build)
