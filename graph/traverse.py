"""Traversal over a projection of the store: neighbours, paths, chains, timelines, rank.

The store is RDF; walking it a hop at a time with SPARQL is slow. A
:class:`Projection` is a networkx ``MultiDiGraph`` of the entities only
(documents, organisations, people, events, articles), built with a handful
of SPARQL queries. :func:`load_projection` caches it in memory and as
``DATA/projection-<generation>.pickle``; after a change to the store (a new
generation) the last pickle is brought up to date from the entities the store
logged as changed (:func:`graph.store.read_changes`), or, when that is not
known or too much, rebuilt.

Nodes are IRIs with ``kind``, ``label`` and, where known, ``number``
(documents), ``date`` (documents, events, articles; ISO date, date-time or
year), ``url`` (articles) and ``aliases`` (other names). Edges carry
``relation`` (see :data:`RELATIONS`); ``holds_post`` edges also carry
``post``. Every query function returns JSON-ready dicts and lists and never
copies the graph: undirected walks use views or their own BFS.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import re
import tempfile
import time
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain as chain_quads
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from vankien.graph import catalog
from vankien.graph.catalog import ARTICLE, DOCUMENT, ENTITY_KINDS, EVENT, ORGANISATION, PERSON
from vankien.graph.extract.numbers import find_numbers, parse_number
from vankien.graph.store import read_changes
from vankien.graph.text import fold, normalize_key
from vankien.graph.vocab import ELI, ORG, RELATION_PROPERTIES, SCHEMA

log = logging.getLogger(__name__)

# -- the vocabulary of the projection ---------------------------------------------
KINDS = ENTITY_KINDS
# implements, continues, guides, reviews, replaces, amends, partly_repeals, based_on, cites
DOCUMENT_RELATIONS = tuple(RELATION_PROPERTIES)
ISSUED_BY, PART_OF, HOLDS_POST = "issued_by", "part_of", "holds_post"
ABOUT, ORGANIZED_BY, MENTIONS, AUTHOR, IS = "about", "organized_by", "mentions", "author", "is"
RELATIONS = DOCUMENT_RELATIONS + (ISSUED_BY, PART_OF, HOLDS_POST, ABOUT, ORGANIZED_BY, MENTIONS, AUTHOR, IS)
DIRECTIONS = ("out", "in", "both")
MAX_DEPTH = 3

# predicate → (relation, kinds its subject may have, kinds its object may have)
_EDGE_PREDICATES: dict[str, tuple[str, frozenset[str], frozenset[str]]] = {
    str(prop): (name, frozenset({DOCUMENT}), frozenset({DOCUMENT})) for name, prop in RELATION_PROPERTIES.items()
}
_EDGE_PREDICATES.update({
    str(ELI.passed_by): (ISSUED_BY, frozenset({DOCUMENT}), frozenset({ORGANISATION})),
    str(ORG.subOrganizationOf): (PART_OF, frozenset({ORGANISATION}), frozenset({ORGANISATION})),
    str(SCHEMA.organizer): (ORGANIZED_BY, frozenset({EVENT}), frozenset({ORGANISATION})),
    str(SCHEMA.mentions): (MENTIONS, frozenset({ARTICLE}), frozenset(KINDS)),
    str(SCHEMA.author): (AUTHOR, frozenset({ARTICLE}), frozenset({PERSON})),
    # schema:about is "about" from an event and "is" from a source (the source is the document's text)
    str(SCHEMA.about): (ABOUT, frozenset({EVENT, ARTICLE}), frozenset({DOCUMENT})),
})
_SELF_RELATION = {DOCUMENT: "issued", EVENT: "held", ARTICLE: "published"}

PROJECTION_FORMAT = 2  # bump when the shape of the projection changes; older pickles are rebuilt
PICKLE_NAME = re.compile(r"^projection-(\d+)\.pickle$")
REPICKLE_ENTITIES = 2000  # changed entities since the newest pickle beyond which an updated projection is pickled
REPICKLE_GENERATIONS = 20  # generations since it beyond which too (the change log keeps 100)


# -- errors --------------------------------------------------------------------------
class TraverseError(Exception):
    """A traversal request that cannot be answered; ``str()`` is one line."""


class UnknownEntity(TraverseError):
    """Nothing in the graph matches ``text``."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"no entity matches {text!r}")


class AmbiguousEntity(TraverseError):
    """Several entities match ``text``; ``candidates`` are {"iri", "label", "kind"} dicts, best first."""

    def __init__(self, text: str, candidates: list[dict]) -> None:
        self.text = text
        self.candidates = candidates
        shown = "; ".join(f"{c.get('label') or ''} <{c['iri']}>".strip() for c in candidates[:10])
        more = f"; … and {len(candidates) - 10} more" if len(candidates) > 10 else ""
        super().__init__(f"{text!r} matches {len(candidates)} entities: {shown}{more}")


class NoPath(TraverseError):
    """No chain of edges, in any direction, joins ``a`` and ``b``."""

    def __init__(self, a: str, b: str) -> None:
        self.a, self.b = a, b
        super().__init__(f"no path between <{a}> and <{b}>")


# -- building --------------------------------------------------------------------------
class Projection(nx.MultiDiGraph):
    """The entity graph of a store: a ``MultiDiGraph`` whose edge keys are relation names.

    ``graph`` holds ``generation``, ``data_dir`` and ``build_seconds``.
    """

    EDGES_QUERY = ("SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?p { "
                   + " ".join(f"<{p}>" for p in _EDGE_PREDICATES) + " } ?s ?p ?o }")
    POSTS_QUERY = ("SELECT ?person ?org (MIN(STR(?label)) AS ?post) WHERE { "
                   "{ SELECT DISTINCT ?person ?p WHERE { ?person org:holds ?p } } "
                   "{ SELECT DISTINCT ?p ?org WHERE { ?p org:postIn ?org } } "
                   "OPTIONAL { ?p rdfs:label ?label } } GROUP BY ?person ?p ?org")

    @classmethod
    def from_store(cls, store) -> Projection:
        """Build the projection of ``store`` (a :class:`graph.store.GraphStore`) with a few bulk queries
        of the read model (:mod:`graph.catalog`) and two of edges."""
        started = time.perf_counter()
        graph = cls()
        graph.graph.update(generation=store.generation, data_dir=str(store.data_dir))
        kinds = catalog.read_kinds(store, kinds=KINDS)
        stated = catalog.read_statements(store, catalog.SUMMARY_PROPERTIES)
        twins = {twin: target for twin, target in catalog.read_twins(store).items()
                 if twin in kinds and target in kinds}
        graph.add_nodes_from(_nodes(kinds, stated, twins))
        graph.add_edges_from(_edges_of(store, kinds, twins))
        graph.graph["twins"] = twins
        graph.graph["build_seconds"] = round(time.perf_counter() - started, 3)
        return graph

    def update(self, store, changed: set[str]) -> None:
        """Bring the projection up to ``store``, whose writes since it was built described the entities
        ``changed`` (before or after them): their nodes and every edge at them are read again, with
        their twins and the people holding posts among them; the rest of the graph stays."""
        started = time.perf_counter()
        before = self.graph.get("twins", {})
        raw = catalog.read_twins(store)
        ends = set(raw) | set(raw.values())
        affected = set(changed) | _post_holders(store, changed)
        size = None
        while size != len(affected):  # a twin, its target and the target's other twins go together
            size = len(affected)
            for mapping in (before, raw):
                for twin, target in mapping.items():
                    if twin in affected or target in affected or before.get(twin) != raw.get(twin):
                        affected |= {twin, target}
        kinds = catalog.read_kinds(store, affected | ends, kinds=KINDS)
        twins = {twin: target for twin, target in raw.items() if twin in kinds and target in kinds}
        stated = catalog.read_statements(store, catalog.SUMMARY_PROPERTIES, affected)
        index = _INDEXES.pop(self, None)
        old_names = {iri: _names(self.nodes[iri]) for iri in affected if iri in self}
        self.remove_nodes_from(list(old_names))
        own = {iri: kind for iri, kind in kinds.items() if iri in affected}
        self.add_nodes_from(_nodes(own, stated, {t: g for t, g in twins.items() if g in affected}))
        known = {iri: kind for iri, kind in self.nodes(data="kind")}
        known.update(own)
        self.add_edges_from(_edges_of(store, known, twins, touching=affected))
        if index is not None:
            index.replace(self, old_names, [iri for iri in affected if iri in self])
            _INDEXES[self] = index
        self.graph.update(generation=store.generation, twins=twins,
                          update_seconds=round(time.perf_counter() - started, 3))


def _post_holders(store, posts: set[str]) -> set[str]:
    """People holding one of ``posts`` (a changed post changes the edge from its holder to its body)."""
    holds = ox.NamedNode(str(ORG.holds))
    return {quad.subject.value for post in posts
            for quad in store.store.quads_for_pattern(None, holds, catalog.node(post), _merge(store))}


def _names(data: dict) -> tuple[list[str], str | None]:
    """The names and the number by which :func:`find_entities` looks a node up."""
    return [name for name in (data.get("label"), *data.get("aliases", ())) if name], data.get("number")


def _nodes(kinds: dict[str, str], stated: dict, twins: dict[str, str]) -> Iterator[tuple[str, dict]]:
    """(IRI, attributes) of each entity; an ``owl:sameAs`` twin is one node with its target, its names
    becoming the target's aliases."""
    merged: dict[str, set[str]] = defaultdict(set)
    for twin, target in twins.items():
        twin_stated = stated.get(twin, {})
        label = catalog.choose_label(kinds[twin], twin_stated, twin)
        merged[target] |= {label} | catalog.other_names(kinds[twin], twin_stated, label)
    for iri, kind in kinds.items():
        if iri in twins:
            continue
        own = stated.get(iri, {})
        attrs = {"kind": kind, "label": catalog.choose_label(kind, own, iri)}
        aliases = (catalog.other_names(kind, own, attrs["label"]) | merged.get(iri, set())) - {attrs["label"]}
        if aliases:
            attrs["aliases"] = tuple(sorted(aliases))
        if kind == DOCUMENT:
            attrs["number"] = catalog.value_of(own, "number")
        if kind in (DOCUMENT, EVENT, ARTICLE):
            attrs["date"] = catalog.value_of(own, "date")
        if url := catalog.value_of(own, "url"):
            attrs["url"] = url
        yield iri, attrs


def _edges_of(store, kinds: dict[str, str], twins: dict[str, str],
              touching: set[str] | None = None) -> Iterator[tuple[str, str, str, dict]]:
    """(subject, object, key, data) of the relations between entities (only those with an end among
    ``touching``, when given), twins folded into their targets; an edge whose ends are not of the kinds
    its predicate joins is left out."""
    for s, p, o in _edge_rows(store, touching):
        s, o = twins.get(s, s), twins.get(o, o)
        relation, subject_kinds, object_kinds = _EDGE_PREDICATES[p]
        s_kind, o_kind = kinds.get(s), kinds.get(o)
        if s == o or s_kind not in subject_kinds or o_kind not in object_kinds:
            continue
        if relation == ABOUT and s_kind == ARTICLE:
            relation = IS
        yield s, o, relation, {"relation": relation}
    for row in _post_rows(store, touching):
        person, org = row["person"].value, row["org"].value
        if kinds.get(person) != PERSON or kinds.get(org) != ORGANISATION:
            continue
        post = row["post"].value if row["post"] is not None else ""
        yield person, org, f"{HOLDS_POST}:{post}", {"relation": HOLDS_POST, "post": post}


def _edge_rows(store, touching: set[str] | None) -> Iterator[tuple[str, str, str]]:
    """(subject, predicate, object) of the merge's relations between entities (only those with an end among
    ``touching``, when given: looked up per IRI in the store's indexes)."""
    if touching is None:
        for row in store.query(Projection.EDGES_QUERY):
            yield row["s"].value, row["p"].value, row["o"].value
        return
    seen: set[tuple[str, str, str]] = set()
    for iri in touching:
        term = catalog.node(iri)
        for quad in chain_quads(store.store.quads_for_pattern(term, None, None, _merge(store)),
                                store.store.quads_for_pattern(None, None, term, _merge(store))):
            edge = (quad.subject.value, quad.predicate.value, quad.object.value)
            if edge[1] in _EDGE_PREDICATES and isinstance(quad.object, ox.NamedNode) and edge not in seen:
                seen.add(edge)
                yield edge


def _merge(store) -> ox.DefaultGraph | None:
    """The graph holding the merge of the sources: the default graph, or every graph in a store of the
    layout before the merge (read-only until a writer brings it up to date)."""
    return ox.DefaultGraph() if store.merged else None


def _post_rows(store, touching: set[str] | None) -> Iterator:
    """Rows (person, org, post) of the posts held; only those whose person or body is among ``touching``,
    when given (a VALUES clause per chunk: the posts are few, their scan cheap)."""
    if touching is None:
        yield from store.query(Projection.POSTS_QUERY)
        return
    for variable in ("person", "org"):
        for chunk in catalog.chunks(sorted(touching)):
            values = catalog.values_clause(variable, chunk)
            yield from store.query(Projection.POSTS_QUERY.replace("WHERE {", "WHERE { " + values, 1))


# -- caching ---------------------------------------------------------------------------
_PROJECTIONS: catalog.GenerationCache[Projection] = catalog.GenerationCache()


def projection_path(data_dir: str | Path, generation: int) -> Path:
    return Path(data_dir) / f"projection-{generation}.pickle"


def load_projection(store) -> Projection:
    """The projection of ``store``: from memory, else its pickle, else built (and pickled).

    Kept per data folder until the store's generation changes; pickles of older generations are deleted.
    An older pickle brought up to date from the change log is pickled again only once the changes since
    it are many (:data:`REPICKLE_ENTITIES`, :data:`REPICKLE_GENERATIONS`): writing the pickle costs more
    than applying a few changes again at the next start.
    """
    def load() -> Projection:
        data_dir, generation = Path(store.data_dir).resolve(), store.generation
        graph = _read_pickle(data_dir, generation)
        if graph is not None:
            return graph
        updated = _updated(store, data_dir, generation)
        if updated is not None:
            graph, since, changed = updated
            if changed > REPICKLE_ENTITIES or generation - since > REPICKLE_GENERATIONS:
                _write_pickle(data_dir, generation, graph)
            return graph
        graph = Projection.from_store(store)
        _index(graph)  # pickled with the graph, so lookups are fast from the first request
        _write_pickle(data_dir, generation, graph)
        return graph

    return _PROJECTIONS.get(store, load)


def _updated(store, data_dir: Path, generation: int) -> tuple[Projection, int, int] | None:
    """The newest older pickle brought up to ``generation`` from the store's change log, its generation and
    the entities changed since; None when there is no such pickle, the log does not cover the generations
    between, or they changed too much."""
    older = [int(m.group(1)) for p in data_dir.iterdir() if (m := PICKLE_NAME.match(p.name))]
    older = [g for g in older if g < generation]
    if not older:
        return None
    since = max(older)
    changed = read_changes(data_dir, since, generation)
    if changed is None:
        return None
    graph = _read_pickle(data_dir, since)
    if graph is None or "twins" not in graph.graph:
        return None
    with _uncollected():
        graph.update(store, changed)
        _index(graph)
    return graph, since, len(changed)


@contextmanager
def _uncollected() -> Iterator[None]:
    """The cycle collector off: a projection is a million small objects, and the collector's passes over them
    (set off by what is allocated meanwhile) would treble the time to load one or to update it."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _read_pickle(data_dir: Path, generation: int) -> Projection | None:
    path = projection_path(data_dir, generation)
    try:
        with _uncollected(), path.open("rb") as handle:
            payload = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as error:  # a torn or foreign pickle is rebuilt, never trusted
        log.warning("%s: unreadable projection, rebuilding (%s)", path, error)
        return None
    if not isinstance(payload, dict) or payload.get("format") != PROJECTION_FORMAT \
            or payload.get("generation") != generation or not isinstance(payload.get("graph"), nx.MultiDiGraph):
        return None
    graph = payload["graph"]
    if isinstance(payload.get("index"), _Index):
        _INDEXES[graph] = payload["index"]
    return graph


def _write_pickle(data_dir: Path, generation: int, graph: Projection) -> None:
    """Write the pickle atomically and delete older ones; a folder we cannot write only loses the cache."""
    path = projection_path(data_dir, generation)
    payload = {"format": PROJECTION_FORMAT, "generation": generation, "graph": graph, "index": _index(graph)}
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=data_dir, prefix=".projection-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(payload, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        temporary = None
        for old in data_dir.iterdir():
            m = PICKLE_NAME.match(old.name)
            if m and int(m.group(1)) < generation:
                old.unlink(missing_ok=True)
    except OSError as error:  # e.g. a read-only data folder: the projection stays in memory
        log.warning("%s: cannot write the projection (%s)", data_dir, error)
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


# -- finding entities -----------------------------------------------------------------------
@dataclass
class _Index:
    """Lookup tables of one graph: label keys, number keys and folded labels."""

    by_key: dict[str, list[str]] = field(default_factory=dict)
    by_number: dict[str, list[str]] = field(default_factory=dict)
    folded: list[tuple[str, str]] = field(default_factory=list)  # (folded label, IRI)

    def add(self, G: nx.MultiDiGraph, iris) -> None:
        """Enter the names and numbers of the nodes ``iris`` of ``G``."""
        for iri in iris:
            names, number = _names(G.nodes[iri])
            for name in names:
                self.by_key.setdefault(normalize_key(name), []).append(iri)
                self.folded.append((fold(name), iri))
            if number:
                self.by_number.setdefault(normalize_key(number), []).append(iri)

    def replace(self, G: nx.MultiDiGraph, old: dict[str, tuple[list[str], str | None]], iris: list[str]) -> None:
        """Forget the nodes ``old`` (IRI → the names and number they had), then enter ``iris`` as ``G`` has them;
        a node whose names and number stayed the same (most: a new article names a body again) is left as it is."""
        iris = list(iris)
        same = {iri for iri in iris if iri in old and old[iri] == _names(G.nodes[iri])}
        old = {iri: names for iri, names in old.items() if iri not in same}
        gone = set(old)
        for names, number in old.values():
            for table, keys in ((self.by_key, names), (self.by_number, [number] if number else [])):
                for key in map(normalize_key, keys):
                    kept = [iri for iri in table.get(key, ()) if iri not in gone]
                    if kept:
                        table[key] = kept
                    else:
                        table.pop(key, None)
        if gone:
            self.folded = [(name, iri) for name, iri in self.folded if iri not in gone]
        self.add(G, [iri for iri in iris if iri not in same])


_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _index(G: nx.MultiDiGraph) -> _Index:
    index = _INDEXES.get(G)
    if index is None:
        index = _Index()
        index.add(G, G.nodes)
        _INDEXES[G] = index
    return index


def find_entities(G: nx.MultiDiGraph, text: str) -> list[str]:
    """IRIs matching ``text``, best first.

    An IRI matches itself; a document number matches in any spelling
    ("40-nq/tu", "21/NQ-TW"); a name matches labels with the same identity
    key, else every label whose accent-folded form contains the folded text.
    Among equals the more connected entity comes first.
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
    if not text:
        return []
    if text in G:
        return [text]
    index = _index(G)
    found: list[str] = []
    number = parse_number(text)
    if number is None and len(written := find_numbers(text)) == 1:
        number = written[0][2]  # "Bộ luật số 91/2015/QH13", "Luật Đất đai số 45/2013/QH13": its number decides
    keys = (normalize_key(number.canonical) if number else None, normalize_key(text))
    for key in dict.fromkeys(k for k in keys if k):
        found += index.by_number.get(key, [])
    found += index.by_key.get(normalize_key(text), [])
    if found:
        return sorted(dict.fromkeys(found), key=lambda iri: (-G.degree(iri), G.nodes[iri].get("label", ""), iri))
    needle = fold(text)
    scores: dict[str, tuple] = {}
    for folded, iri in index.folded:
        if needle in folded:
            score = (not folded.startswith(needle), len(folded))
            scores[iri] = min(scores.get(iri, score), score)
    return sorted(scores, key=lambda iri: (scores[iri][0], -G.degree(iri), scores[iri][1], iri))


def resolve_entity(G: nx.MultiDiGraph, text: str) -> str:
    """The one IRI ``text`` names; :class:`UnknownEntity` or :class:`AmbiguousEntity` otherwise."""
    candidates = find_entities(G, text)
    if not candidates:
        raise UnknownEntity(text)
    if len(candidates) > 1:
        raise AmbiguousEntity(text, [_summary(G, iri) for iri in candidates])
    return candidates[0]


# -- queries ----------------------------------------------------------------------------------
def _summary(G, iri: str) -> dict:
    data = G.nodes[iri]
    return {"iri": iri, "label": data.get("label"), "kind": data.get("kind")}


def _require(G, iri: str) -> None:
    if iri not in G:
        raise UnknownEntity(iri)


def _check(relation: str | None = None, direction: str = "both", depth: int = 1) -> None:
    if relation is not None and relation not in RELATIONS:
        raise ValueError(f"unknown relation {relation!r} (one of: {', '.join(RELATIONS)})")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    if not isinstance(depth, int) or not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be 1 to {MAX_DEPTH}, not {depth!r}")


def _edges(G, node: str, relation: str | None, direction: str) -> Iterator[tuple[str, str, str, dict]]:
    """(other end, relation, "out"|"in", edge data) of the edges at ``node``."""
    if direction in ("out", "both"):
        for _, other, data in G.out_edges(node, data=True):
            if relation is None or data.get("relation") == relation:
                yield other, data.get("relation"), "out", data
    if direction in ("in", "both"):
        for other, _, data in G.in_edges(node, data=True):
            if relation is None or data.get("relation") == relation:
                yield other, data.get("relation"), "in", data


def neighbours(G: nx.MultiDiGraph, iri: str, depth: int = 1, relation: str | None = None,
               direction: str = "both", limit: int | None = None) -> list[dict]:
    """Entities within ``depth`` (1–3) edges of ``iri``, nearest first.

    One row per (entity, relation, direction) of the edges that first reach
    it; ``via`` is the entity it was reached from. ``relation`` and
    ``direction`` ("out", "in", "both") filter every hop.
    """
    _require(G, iri)
    _check(relation, direction, depth)
    distance = {iri: 0}
    frontier = [iri]
    rows: dict[tuple[str, str, str], dict] = {}
    for step in range(1, depth + 1):
        following = []
        for node in frontier:
            for other, rel, way, data in _edges(G, node, relation, direction):
                known = distance.get(other)
                if known is None:
                    distance[other] = step
                    following.append(other)
                elif known != step or (other, rel, way) in rows:
                    continue
                row = {**_summary(G, other), "relation": rel, "direction": way, "distance": step, "via": node}
                if "post" in data:
                    row["post"] = data["post"]
                rows[other, rel, way] = row
        frontier = following
    result = sorted(rows.values(), key=lambda r: (r["distance"], r["relation"] or "", r["direction"],
                                                  r["label"] or "", r["iri"]))
    return result[:limit] if limit is not None else result


_RELATION_RANK = {name: i for i, name in enumerate(RELATIONS)}


def _step(G, u: str, v: str) -> dict:
    """The edge joining u and v, in either direction, as a path step (document relations preferred)."""
    choices = [(rel, "out") for rel in _relations_between(G, u, v)] + \
              [(rel, "in") for rel in _relations_between(G, v, u)]
    rel, way = min(choices, key=lambda c: (_RELATION_RANK.get(c[0], len(RELATIONS)), c[1] != "out"))
    return {"from": u, "from_label": G.nodes[u].get("label"), "relation": rel, "direction": way,
            "to": v, "to_label": G.nodes[v].get("label")}


def _relations_between(G, u: str, v: str) -> list[str]:
    return [data.get("relation") for data in (G.get_edge_data(u, v) or {}).values()]


def path(G: nx.MultiDiGraph, a: str, b: str) -> list[dict]:
    """The shortest path from ``a`` to ``b`` ignoring edge direction, as steps.

    Each step is {"from", "from_label", "relation", "direction", "to",
    "to_label"}; "out" means from --relation--> to, "in" the reverse.
    """
    _require(G, a)
    _require(G, b)
    try:
        nodes = nx.bidirectional_shortest_path(G.to_undirected(as_view=True), a, b)
    except nx.NetworkXNoPath:
        raise NoPath(a, b) from None
    return [_step(G, u, v) for u, v in zip(nodes, nodes[1:], strict=False)]


def chain(G: nx.MultiDiGraph, iri: str, relation: str = "implements", direction: str = "out") -> list[dict]:
    """The transitive chain from ``iri`` along ``relation`` edges, in BFS order.

    The first item is ``iri`` itself (depth 0); each other item names the
    entity it was reached ``from``.
    """
    _require(G, iri)
    if relation is None:
        raise ValueError(f"a chain follows one relation (one of: {', '.join(RELATIONS)})")
    _check(relation, direction)
    items = [{**_described(G, iri), "depth": 0, "from": None}]
    seen = {iri}
    frontier = [iri]
    depth = 0
    while frontier:
        depth += 1
        following = []
        for node in frontier:
            for other, _, _, _ in _edges(G, node, relation, direction):
                if other not in seen:
                    seen.add(other)
                    following.append(other)
                    items.append({**_described(G, other), "depth": depth, "from": node})
        frontier = following
    return items


def _described(G, iri: str) -> dict:
    data = G.nodes[iri]
    return {"iri": iri, "label": data.get("label"), "kind": data.get("kind"),
            "number": data.get("number"), "date": data.get("date")}


def timeline(G: nx.MultiDiGraph, iri: str) -> list[dict]:
    """Dated things around ``iri``, oldest first, undated last.

    The entity's own date (a document's issue date), events about it,
    articles mentioning it (or that are its text) and documents related to
    it in either direction; each {"date", "kind", "label", "iri",
    "relation", "direction"}.
    """
    _require(G, iri)
    own = G.nodes[iri]
    items = []
    if own.get("kind") in _SELF_RELATION:
        items.append({"date": own.get("date"), "kind": own["kind"], "label": own.get("label"), "iri": iri,
                      "relation": _SELF_RELATION[own["kind"]], "direction": None})
    seen = set()
    for other, rel, way, _ in _edges(G, iri, None, "both"):
        data = G.nodes[other]
        if data.get("kind") not in (DOCUMENT, EVENT, ARTICLE) or (other, rel, way) in seen:
            continue
        seen.add((other, rel, way))
        items.append({"date": data.get("date"), "kind": data["kind"], "label": data.get("label"), "iri": other,
                      "relation": rel, "direction": way})
    # a source that is the document's own text also mentions it; one row says it
    items = [i for i in items if not (i["relation"] == MENTIONS and (i["iri"], IS, i["direction"]) in seen)]
    return sorted(items, key=lambda i: (i["date"] is None, i["date"] or "", KINDS.index(i["kind"]),
                                        i["label"] or "", i["iri"]))


_RANKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _document_graph(G) -> nx.DiGraph:
    """Documents and the relations between them; parallel relations add to the edge weight."""
    documents = nx.DiGraph()
    documents.add_nodes_from(n for n, kind in G.nodes(data="kind") if kind == DOCUMENT)
    weights: Counter = Counter((u, v) for u, v, rel in G.edges(data="relation")
                               if rel in DOCUMENT_RELATIONS)
    documents.add_weighted_edges_from((u, v, w) for (u, v), w in weights.items())
    return documents


def rank(G: nx.MultiDiGraph, limit: int = 20) -> list[dict]:
    """Documents by PageRank over the document→document relations, best first.

    Each {"iri", "label", "number", "date", "score", "cited_by"} where
    ``cited_by`` counts the documents with a relation to it.
    """
    cached = _RANKS.get(G)
    if cached is None:
        documents = _document_graph(G)
        scores = nx.pagerank(documents, weight="weight") if len(documents) else {}
        order = sorted(scores, key=lambda n: (-scores[n], G.nodes[n].get("label") or "", n))
        cached = [{"iri": n, "label": G.nodes[n].get("label"), "number": G.nodes[n].get("number"),
                   "date": G.nodes[n].get("date"), "score": round(scores[n], 6),
                   "cited_by": documents.in_degree(n)} for n in order]
        _RANKS[G] = cached
    return [dict(row) for row in cached[:limit]]


def stats(G: nx.MultiDiGraph, top: int = 10) -> dict:
    """Counts of nodes by kind and edges by relation, and the ``top`` most connected documents."""
    nodes = Counter(kind for _, kind in G.nodes(data="kind"))
    edges = Counter(rel for _, _, rel in G.edges(data="relation"))
    documents = [n for n, kind in G.nodes(data="kind") if kind == DOCUMENT]
    documents.sort(key=lambda n: (-G.degree(n), G.nodes[n].get("label") or "", n))
    return {
        "nodes": {kind: nodes.get(kind, 0) for kind in KINDS},
        "edges": {rel: edges.get(rel, 0) for rel in RELATIONS},
        "total_nodes": G.number_of_nodes(),
        "total_edges": G.number_of_edges(),
        "generation": G.graph.get("generation"),
        "top_documents": [{"iri": n, "label": G.nodes[n].get("label"), "number": G.nodes[n].get("number"),
                           "degree": G.degree(n)} for n in documents[:top]],
    }
