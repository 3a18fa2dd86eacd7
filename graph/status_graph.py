"""Every document's status, stored so that SPARQL can ask for it.

A status (:mod:`graph.status`) is judged from the graph as of a day; pages judge it when asked. For queries
the store also holds each document's status as of the day the graph last changed, in its own named graph
(:data:`graph.store.STATUS_GRAPH`): ``vk:status`` (a concept of ``vk:LegalStatuses``), ``vk:statusOn`` that
day, and ``schema:legislationLegalForce`` where schema.org has a value for it. It is brought up to date after
every ingest, removal and sync (the documents the writes touched, or all of them on a new day or after a
run stopped before judging), so it never disagrees with the sources for longer than a day passing without
one (``vankien sync`` judges it again).
"""

from __future__ import annotations

import datetime

import pyoxigraph as ox

from vankien.graph import catalog
from vankien.graph.catalog import DOCUMENT
from vankien.graph.status import ACT_OF_PROPERTY, EXPIRED, IN_FORCE, NOT_YET, PARTLY_EXPIRED, Status, statuses
from vankien.graph.store import STATUS_GRAPH, GraphStore
from vankien.graph.vocab import SCHEMA, STATUS_SCHEME, VK, XSD

# A status as schema.org's values of legal force.
LEGAL_FORCE = {IN_FORCE: SCHEMA.InForce, PARTLY_EXPIRED: SCHEMA.PartiallyInForce, EXPIRED: SCHEMA.NotInForce,
               NOT_YET: SCHEMA.NotInForce}
# Beyond these many IRIs touched, or documents among them, every status is judged: on the store of 35,000
# articles, judging again what 2,600 new ones touched cost three times judging all 2,700 documents.
SOME_TOUCHED, SOME_DOCUMENTS = 5000, 500
STATUS_PROPERTIES = frozenset(str(p) for p in (VK.status, VK.statusOn, SCHEMA.legislationLegalForce))


def status_triples(iri: str, status: Status) -> list[ox.Triple]:
    """``status`` of the document ``iri`` as triples."""
    node = ox.NamedNode(iri)
    found = [ox.Triple(node, ox.NamedNode(str(VK.status)), ox.NamedNode(f"{STATUS_SCHEME}{status.code}")),
             ox.Triple(node, ox.NamedNode(str(VK.statusOn)),
                       ox.Literal(status.at.isoformat(), datatype=ox.NamedNode(str(XSD.date))))]
    if status.code in LEGAL_FORCE:
        found.append(ox.Triple(node, ox.NamedNode(str(SCHEMA.legislationLegalForce)),
                               ox.NamedNode(str(LEGAL_FORCE[status.code]))))
    return found


def judged_on(store: GraphStore) -> datetime.date | None:
    """The day the stored statuses were judged as of, None when there are none."""
    rows = store.store.query(f"SELECT (MAX(?d) AS ?day) WHERE {{ GRAPH <{STATUS_GRAPH}> {{ ?s <{VK.statusOn}> ?d }} }}")
    day = next(iter(rows))["day"]
    return datetime.date.fromisoformat(day.value) if day is not None else None


def refresh_statuses(store: GraphStore, *, changed: bool = True, today: datetime.date | None = None) -> int | None:
    """Judge the documents' statuses as of ``today`` and store them in place of the last: the triples written,
    or None when the graph has not ``changed``, the stored ones are of that day already and no write since
    they were judged is unaccounted for (a run stopped before judging its writes leaves them to the next).

    Judged again are every document, or, when the stored statuses are of ``today`` and the store knows what
    its writes since they were judged touched (:meth:`GraphStore.touched_since_judged`), only the documents
    those writes named and the documents those act on (a status rests on the document's own dates and on the
    acts of others on it, each stated in a graph that names both)."""
    day = today or datetime.date.today()
    touched = store.touched_since_judged() if judged_on(store) == day else None
    if not changed and touched is not None and not touched:
        return None
    written = _refresh_some(store, touched, day) if touched is not None else None
    if written is None:
        triples = [t for iri, status in statuses(store, at=day).items() for t in status_triples(iri, status)]
        written = store.replace_derived(STATUS_GRAPH, triples)
    store.mark_judged()
    return written


def _refresh_some(store: GraphStore, touched: set[str], day: datetime.date) -> int | None:
    """Judge again the documents among ``touched`` and those they act on; the triples added or removed, or
    None when they are too many (:data:`SOME_TOUCHED`, :data:`SOME_DOCUMENTS`: judging all is then cheaper)."""
    if len(touched) > SOME_TOUCHED:
        return None
    merge = ox.DefaultGraph() if store.merged else None
    acts = [ox.NamedNode(prop) for prop in ACT_OF_PROPERTY]
    acted = {quad.object.value for iri in touched for act in acts
             for quad in store.store.quads_for_pattern(catalog.node(iri), act, None, merge)
             if isinstance(quad.object, ox.NamedNode)}
    candidates = touched | acted
    documents = catalog.read_kinds(store, candidates, kinds=[DOCUMENT])
    if len(documents) > SOME_DOCUMENTS:
        return None
    judged = statuses(store, documents, at=day) if documents else {}
    added = [t for iri, status in judged.items() for t in status_triples(iri, status)]
    graph = ox.NamedNode(STATUS_GRAPH)
    removed = [quad.triple for iri in candidates
               for quad in store.store.quads_for_pattern(catalog.node(iri), None, None, graph)]
    return store.edit_derived(STATUS_GRAPH, removed, added)
