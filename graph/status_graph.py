"""Every document's status, stored so that SPARQL can ask for it.

A status (:mod:`graph.status`) is judged from the graph as of a day; pages judge it when asked. For queries
the store also holds each document's status as of the day the graph last changed, in its own named graph
(:data:`graph.store.STATUS_GRAPH`): ``vk:status`` (a concept of ``vk:LegalStatuses``), ``vk:statusOn`` that
day, and ``schema:legislationLegalForce`` where schema.org has a value for it. It is rewritten whole after
every ingest, removal and sync, so it never disagrees with the sources for longer than a day passing
without one (``vankien sync`` judges it again).
"""

from __future__ import annotations

import datetime

import pyoxigraph as ox

from vankien.graph.status import EXPIRED, IN_FORCE, NOT_YET, PARTLY_EXPIRED, Status, statuses
from vankien.graph.store import STATUS_GRAPH, GraphStore
from vankien.graph.vocab import SCHEMA, STATUS_SCHEME, VK, XSD

# A status as schema.org's values of legal force.
LEGAL_FORCE = {IN_FORCE: SCHEMA.InForce, PARTLY_EXPIRED: SCHEMA.PartiallyInForce, EXPIRED: SCHEMA.NotInForce,
               NOT_YET: SCHEMA.NotInForce}
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
    """Judge every document's status as of ``today`` and store them in place of the last: the triples written,
    or None when the graph has not ``changed`` and the stored ones are of that day already."""
    day = today or datetime.date.today()
    if not changed and judged_on(store) == day:
        return None
    triples = [t for iri, status in statuses(store, at=day).items() for t in status_triples(iri, status)]
    return store.replace_derived(STATUS_GRAPH, triples)
