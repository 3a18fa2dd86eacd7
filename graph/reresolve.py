"""Re-resolution: a reference stored before its dated twin joins it once the store holds that twin.

:class:`graph.resolve.DocumentResolver` decides which node a reference means from what the store holds
when its source is written, so "Chỉ thị số 15/CT-TTg" read before "Chỉ thị số 15/CT-TTg ngày 3/4/2020"
would stay a node of its own. After every ingest (and ``vankien sync``, ``remove``) this step asks the
resolver's questions again of the store as it is now, for every node made for a reference without a year
and every law known only by name:

* an undated reference (ambiguous or not) whose identity key now fits exactly one dated document (same
  type, number and numbering; a short form "Nghị định 100" any numbering) is that document;
* a law named without its number is its numbered namesake when exactly one fits (of its year, when the
  name gave one), else the version passed latest by the year its citing source was published (or, when
  a dated document of that source changed the law, by the year of that change) — as ``resolve`` does;
* an undated reference that several dated documents fit stays apart, flagged ``vk:ambiguous`` with a
  ``vk:candidate`` link to each of those the store now holds — also one joined to a dated document while
  that was the only one (its graph gives the document no date, and neither its number nor its names hold
  the year), and a bare law name joined to one version goes to the version that fits its graph's year.

Folding a node rewrites, in every source graph, each triple naming it (as subject or object, the reified
``rdf:Statement`` evidence of relations included) to name the dated node; within a graph a node keeps one
value of each label property, the others become ``skos:altLabel`` (as ``rdf_model`` writes them). A law
named alone that joins a document is left ``owl:sameAs`` it in the citing graph (how ``rdf_model`` links a
name cited before its law came), so a later run asks the name again when another version fits better; an
``owl:sameAs`` link from a folded node is kept. Each source graph is decided on its own identity keys and
year, so the result is the one an ingest in the other order gives.
All edits are one store transaction (:meth:`GraphStore.edit_graphs`), journaled for the search index;
the step is idempotent, so a run stopped before it simply does it next time.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Literal

from vankien.graph.extract.numbers import parse_number
from vankien.graph.iris import DocumentKey, Iris
from vankien.graph.store import NOT_SOURCES, GraphStore, to_oxigraph
from vankien.graph.vocab import ELI, OWL, RDF, RDFS, RELATION_PROPERTIES, SCHEMA, SKOS, VK, expression_of

_IDENTITY = ox.NamedNode(str(VK.identityKey))
_AMBIGUOUS = ox.NamedNode(str(VK.ambiguous))
_CANDIDATE = ox.NamedNode(str(VK.candidate))
_SAME_AS = ox.NamedNode(str(OWL.sameAs))
_ALT_LABEL = ox.NamedNode(str(SKOS.altLabel))
_PUBLISHED = ox.NamedNode(str(SCHEMA.datePublished))
_DATE = ox.NamedNode(str(ELI.date_document))
_NUMBER = ox.NamedNode(str(ELI.id_local))
_TRUE = to_oxigraph(Literal(True))
_LABELS = {ox.NamedNode(str(p)) for p in (RDFS.label, ELI.id_local, SKOS.prefLabel)}  # one value per graph
_NAMES = _LABELS | {_ALT_LABEL}
_RELATIONS = {ox.NamedNode(str(p)) for p in RELATION_PROPERTIES.values()}
# The relations whose subject changed their object: a law named in them is the version before the change.
_CHANGES = {ox.NamedNode(str(p)) for p in (ELI.amends, ELI.repeals, VK.repealsPart)}
_STATEMENT_ENDS = {ox.NamedNode(str(RDF.subject)), ox.NamedNode(str(RDF.object))}

Triple = ox.Triple


@dataclass
class Reresolution:
    """What one re-resolution did: reference nodes moved (mostly folded into their dated twin), ambiguous nodes
    whose candidates were brought up to date, and source graphs rewritten."""

    folded: int = 0
    candidates: int = 0
    graphs: int = 0


def _split(key_text: str) -> tuple[str, str, str, str]:
    system, issuer, type_, number = key_text.split("|", 3)
    return system, issuer, type_, number


class _Known:
    """The store's documents as the resolver indexes them: by identity key, by (type, number), by name.

    A dated document is a candidate only under its own keys (those its IRI is made of): a key it carries
    because a reference was resolved onto it is what that reference said, not what the document is, so the
    candidates do not depend on which references came first."""

    def __init__(self, store: GraphStore) -> None:
        self.known: dict[str, dict[str, int | None]] = defaultdict(dict)
        self.by_number: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.keys_of: dict[str, set[str]] = defaultdict(set)
        self.year_of: dict[str, int | None] = {}
        self._iris: dict[str, Iris] = {}
        for key_text, iri, year in store.known_documents():
            self.keys_of[iri].add(key_text)
            self.year_of[iri] = year
            if year and not self.own(iri, key_text):
                continue
            _, _, type_, number = _split(key_text)
            self.known[key_text][iri] = year
            self.by_number[(type_, number)].add(key_text)
        self.by_name: dict[str, dict[str, int | None]] = defaultdict(dict)
        for name, iri in store.document_name_keys():
            self.by_name[name][iri] = self.year_of.get(iri)
        self.numbered = {iri for versions in self.by_name.values() for iri in versions}

    def document_iri(self, like: str, key_text: str, year: int | None) -> str | None:
        """The IRI ``Iris.document`` gives ``key_text`` and ``year`` under the base of ``like``."""
        base = like[:like.find("eli/")] if "eli/" in like else None
        if not base:
            return None
        if base not in self._iris:
            try:
                self._iris[base] = Iris(base)
            except ValueError:
                return None
        return self._iris[base].document(DocumentKey(*(part or None if i == 1 else part for i, part in
                                                        enumerate(_split(key_text)))), year)

    def own(self, iri: str, key_text: str) -> bool:
        """Whether ``iri`` is made of ``key_text`` (and a year of its own)."""
        years = {self.year_of.get(iri)} | {int(part) for part in iri.split("/") if part.isdigit() and len(part) == 4}
        return any(self.document_iri(iri, key_text, year) == iri for year in years)

    def is_named(self, iri: str, key_text: str) -> bool:
        """Whether ``key_text`` names a law by its name ("luat-dat-dai") on a node that has no number."""
        system, _, _, number = _split(key_text)
        return system == "nuoc" and number in self.by_name and not number[:1].isdigit() and iri not in self.numbered

    def dated_candidates(self, key_text: str, exclude: str | None = None) -> list[str]:
        """The dated documents an undated reference of ``key_text`` may mean (``resolve``'s candidates)."""
        system, issuer, type_, number = _split(key_text)
        if system != "ref":
            found = self.known.get(key_text, {})
        else:  # a short form ("Nghị định 107") may mean a document of any numbering with that type and number
            found = {}
            for other in self.by_number.get((type_, number), ()):
                if not issuer or f"|{issuer}|" in other:
                    found.update(self.known[other])
        return sorted(iri for iri, year in found.items() if year and iri != exclude)

    def target(self, iri: str, key_text: str, on_year: int | None, year_stated: bool = True) -> str | None:
        """Where the reference of ``key_text`` stored as ``iri`` belongs now, as ``resolve`` would say; None: where
        it is. An undated reference goes to the one dated document that fits. One resolved onto a dated document
        when that was the only one (``year_stated`` false: its graph gives the document no date, and neither its
        number nor its names hold the year) goes back to a node of its own, ambiguous, when several fit now."""
        year = self.year_of.get(iri)
        name = _split(key_text)[3]
        if _is_name(key_text) and name in self.by_name:
            # A law cited by name: its numbered namesake of the year cited, else the one passed latest by the
            # graph's year. A bare name that met a dated mention or one version is still bare.
            cited = year if year_stated else None
            versions = self.by_name[name]
            fitting = [other for other, version in versions.items() if not cited or version == cited]
            if len(fitting) > 1 and on_year is not None:
                passed = [(v, other) for other, v in versions.items() if other in fitting and v and v <= on_year]
                fitting = [max(passed)[1]] if passed else fitting
            if len(fitting) == 1:
                return fitting[0] if fitting[0] != iri else None
            if iri in self.numbered:
                return None
        if not year:
            dated = self.dated_candidates(key_text, iri)
            return dated[0] if len(dated) == 1 else None
        if not name[:1].isdigit() or (year_stated and self.own(iri, key_text)):
            return None  # the document itself, or a name no numbered law bears
        dated = self.dated_candidates(key_text)
        if len(dated) == 1:
            return dated[0] if dated[0] != iri else None
        return self.document_iri(iri, key_text, None) if dated else None

    def worth_a_look(self, iri: str) -> bool:
        """Whether some source graph might move ``iri`` or update its candidates."""
        for key_text in self.keys_of[iri]:
            if _is_name(key_text) and _split(key_text)[3] in self.by_name \
                    or self.target(iri, key_text, None, year_stated=False) is not None:
                return True
            if not self.year_of.get(iri) and self.dated_candidates(key_text, iri):
                return True
        return False


class _GraphView:
    """What one source graph states about the nodes looked at: their triples, its keys and its year."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.triples: set[Triple] = set()        # triples naming a node looked at
        self.keys: dict[str, set[str]] = defaultdict(set)
        self.published: int | None = None
        self.changed_by: dict[str, int] = {}      # node → the earliest year a dated document changed it
        self.year_stated: set[str] = set()        # nodes given a date, or a number with its year, here
        self.folded_into: dict[str, set[str]] = defaultdict(set)  # node → laws named alone folded into it here


def _is_name(key_text: str) -> bool:
    """Whether ``key_text`` identifies a state document by its name ("nuoc|qh|l|luat-dat-dai"), not a number."""
    system, _, _, number = _split(key_text)
    return system == "nuoc" and not number[:1].isdigit()


def _number_year(text: str) -> int | None:
    number = parse_number(text)
    return number.year if number else None


def _year(literal: ox.Literal) -> int | None:
    text = literal.value[:4]
    return int(text) if text.isdigit() else None


def reresolve(store: GraphStore) -> Reresolution:
    """Move every reference to the node the store now resolves it onto, in one transaction."""
    known = _Known(store)
    nodes = sorted({iri for iri in known.keys_of if known.worth_a_look(iri)} | _twin_targets(store))
    views = _read_views(store, known, nodes)
    edits: dict[str, tuple[set[Triple], set[Triple]]] = {}
    result = Reresolution()
    folded: set[str] = set()
    for name in sorted(views):
        view = views[name]
        targets = _targets(known, view, nodes)
        removed, added = _fold(store, view, targets, _bare_names(known, view, targets)) if targets else (set(), set())
        updated = _candidates(known, view, targets, removed, added)
        if removed != added:
            edits[name] = (removed, added)
            folded.update(targets)
            result.candidates += updated
    result.folded = len(folded)
    result.graphs = store.edit_graphs(edits)
    return result


def _twin_targets(store: GraphStore) -> set[str]:
    """Documents a law named alone was folded into (``owl:sameAs`` from a node that is no document itself)."""
    rows = store.store.query(f"SELECT DISTINCT ?t WHERE {{ ?n <{OWL.sameAs}> ?t "
                             f"FILTER NOT EXISTS {{ ?n <{VK.identityKey}> ?k }} FILTER(isIRI(?t)) }}",
                             use_default_graph_as_union=not store.merged)
    return {row["t"].value for row in rows}


def _read_views(store: GraphStore, known: _Known, nodes: list[str]) -> dict[str, _GraphView]:
    """Every source graph naming one of ``nodes``, with the triples naming them."""
    views: dict[str, _GraphView] = {}

    def view(graph) -> _GraphView | None:
        if isinstance(graph, ox.DefaultGraph) or graph.value in NOT_SOURCES:
            return None
        if graph.value not in views:
            views[graph.value] = _GraphView(graph.value)
        return views[graph.value]

    for iri in nodes:
        node = ox.NamedNode(iri)
        # the node's expression (its title, language) is read with it, and moves with it
        for quad in store.store.quads_for_pattern(ox.NamedNode(expression_of(iri)), None, None, None):
            if (found := view(quad.graph_name)) is not None:
                found.triples.add(quad.triple)
        for quad in store.store.quads_for_pattern(node, None, None, None):
            if (found := view(quad.graph_name)) is not None:
                found.triples.add(quad.triple)
                if quad.predicate == _IDENTITY:
                    found.keys[iri].add(quad.object.value)
                elif quad.predicate == _DATE or quad.predicate == _NUMBER and _number_year(quad.object.value) \
                        or quad.predicate in _NAMES and str(known.year_of.get(iri)) in quad.object.value:
                    found.year_stated.add(iri)   # "Nghị định 99/2019": the reference gave the year itself
        for quad in store.store.quads_for_pattern(None, None, node, None):
            if (found := view(quad.graph_name)) is not None:
                found.triples.add(quad.triple)
                if quad.predicate in _CHANGES and isinstance(quad.subject, ox.NamedNode) \
                        and (year := known.year_of.get(quad.subject.value)):
                    found.changed_by[iri] = min(year, found.changed_by.get(iri, year))
                elif quad.predicate == _SAME_AS and isinstance(quad.subject, ox.NamedNode):
                    found.folded_into[iri].add(quad.subject.value)
    for found in views.values():
        graph = ox.NamedNode(found.name)
        for quad in store.store.quads_for_pattern(graph, _PUBLISHED, None, graph):
            found.published = _year(quad.object)
    return views


def _targets(known: _Known, view: _GraphView, nodes: list[str]) -> dict[str, str]:
    """Node → the node it means in this graph (followed to the end when that one moves too)."""
    memo: dict[str, str | None] = {}

    def here(iri: str, key: str, on_year: int | None) -> str:
        """Where the reference of ``key`` that this graph states of ``iri`` belongs."""
        number = _split(key)[3]
        origin = next((name for name in view.folded_into.get(iri, ()) if not number[:1].isdigit()
                       and name.endswith("/" + number)), None)
        if origin is not None:   # a law named alone, folded here earlier: asked again as it was cited
            return known.target(origin, key, on_year, year_stated=False) or origin
        return known.target(iri, key, on_year, iri in view.year_stated) or iri

    def target(iri: str) -> str | None:
        if iri not in memo:
            memo[iri] = None
            years = [y for y in (view.published, view.changed_by.get(iri)) if y is not None]
            on_year = min(years) if years else None
            if iri in view.keys:   # as this graph cited it
                found = {here(iri, key, on_year) for key in view.keys[iri]}
            elif not known.year_of.get(iri) or any(known.is_named(iri, key) for key in known.keys_of.get(iri, ())):
                found = {known.target(iri, key, on_year) or iri for key in known.keys_of.get(iri, ())}
            else:
                found = set()    # a dated document this graph only links to stays itself
            if len(found) == 1 and (only := found.pop()) != iri:   # every key of the node agrees
                memo[iri] = target(only) or only
        return memo[iri]

    named = {term.value for triple in view.triples for term in (triple.subject, triple.object)
             if isinstance(term, ox.NamedNode)}
    moved = {iri: found for iri in nodes if iri in named and (found := target(iri)) is not None and found != iri}
    # One source's distinct references stay distinct (as ``DocumentResolver.keep_apart`` writes them): an
    # undated reference by number does not join a document this graph names otherwise, nor one that another
    # of its references joins.
    into = Counter(moved.values())

    def guessed(iri: str) -> bool:
        keys = view.keys.get(iri, ())
        return not known.year_of.get(iri) and bool(keys) and not any(_is_name(key) for key in keys)

    return {iri: found for iri, found in moved.items()
            if not (guessed(iri) and (into[found] > 1 or found in view.keys and found not in moved))}


def _bare_names(known: _Known, view: _GraphView, targets: dict[str, str]) -> dict[str, str]:
    """Folded node → the IRI of the law's name without a year, for the nodes this graph cited by a bare name
    (not one folded into them before)."""
    names = {}
    for iri in targets:
        if iri in known.numbered or iri in view.folded_into or (known.year_of.get(iri) and iri in view.year_stated):
            continue
        keys = sorted(key for key in view.keys.get(iri, ()) if _is_name(key))
        if keys and (bare := known.document_iri(iri, keys[0], None)) is not None:
            names[iri] = bare
    return names


def _fold(store: GraphStore, view: _GraphView, targets: dict[str, str],
          names: dict[str, str]) -> tuple[set[Triple], set[Triple]]:
    """The triples of one graph naming a folded node, and what they become. A law the graph named alone (of
    ``names``) leaves its bare name ``owl:sameAs`` the document it joined, as ``rdf_model`` says of a law cited
    by name before its text came: a later run asks that name again (another version may fit the graph's year)."""
    # A folded node's expression becomes its target's.
    movers = targets | {expression_of(old): expression_of(new) for old, new in targets.items()}

    def moved(term):
        return ox.NamedNode(movers[term.value]) if isinstance(term, ox.NamedNode) and term.value in movers \
            else term

    removed: set[Triple] = set()
    added: set[Triple] = set()
    for triple in view.triples:
        if not any(isinstance(t, ox.NamedNode) and t.value in movers for t in (triple.subject, triple.object)):
            continue
        if triple.predicate == _SAME_AS and triple.subject.value in targets:
            continue  # the old IRI says where it went
        removed.add(triple)
        if triple.subject.value in targets and triple.predicate in (_AMBIGUOUS, _CANDIDATE):
            continue  # a folded node is no longer ambiguous
        subject, obj = moved(triple.subject), moved(triple.object)
        if subject == obj and (triple.predicate in _RELATIONS or triple.predicate == _SAME_AS):
            continue  # a document does not implement (nor equal) itself
        added.add(Triple(subject, triple.predicate, obj))
    for iri, bare in names.items():
        if bare != targets[iri]:
            added.add(Triple(ox.NamedNode(bare), _SAME_AS, ox.NamedNode(targets[iri])))
    # Evidence of a relation that became a loop goes with it.
    graph = ox.NamedNode(view.name)
    for statement in {t.subject for t in added if t.predicate in _STATEMENT_ENDS}:
        ends = {moved(q.object) for q in store.store.quads_for_pattern(statement, None, None, graph)
                if q.predicate in _STATEMENT_ENDS}
        if len(ends) == 1:
            added = {t for t in added if t.subject != statement}
            for quad in store.store.quads_for_pattern(statement, None, None, graph):
                removed.add(quad.triple)
                if isinstance(quad.object, ox.NamedNode) and quad.object.value.startswith(statement.value + "#"):
                    removed.update(q.triple for q in store.store.quads_for_pattern(quad.object, None, None, graph))
    return removed, _one_label(store, view, added, removed, set(targets.values()))


def _one_label(store: GraphStore, view: _GraphView, added: set[Triple], removed: set[Triple],
               targets: set[str]) -> set[Triple]:
    """A node keeps one value of each label property in a graph: the one it had, else the least of those
    moved onto it; every other value is an alternative label."""
    graph = ox.NamedNode(view.name)
    moved: dict[tuple, list[Triple]] = defaultdict(list)
    for triple in added:
        if triple.predicate in _LABELS and triple.subject.value in targets:
            moved[(triple.subject, triple.predicate)].append(triple)
    for (subject, prop), triples in moved.items():
        kept = [q.triple for q in store.store.quads_for_pattern(subject, prop, None, graph)
                if q.triple not in removed]
        label = kept[0].object if kept else min((t.object for t in triples), key=str)
        for triple in triples:
            if triple.object != label:
                added.discard(triple)
                added.add(Triple(subject, _ALT_LABEL, triple.object))
            elif kept:
                added.discard(triple)
    return added


def _candidates(known: _Known, view: _GraphView, targets: dict[str, str],
                removed: set[Triple], added: set[Triple]) -> int:
    """Bring the ``vk:candidate`` links of the graph's ambiguous nodes to what the store now holds; how many
    nodes changed."""
    changed = 0
    keys_after: dict[str, set[str]] = defaultdict(set)   # each node of the graph once moved → its keys there
    for iri, keys in view.keys.items():
        keys_after[targets.get(iri, iri)].update(keys)
    for iri, keys in sorted(keys_after.items()):
        if known.year_of.get(iri):
            continue
        lists = {tuple(known.dated_candidates(key, iri)) for key in keys}
        if len(lists) != 1 or len(candidates := lists.pop()) < 2:
            continue
        node = ox.NamedNode(iri)
        wanted = {Triple(node, _AMBIGUOUS, _TRUE)} | {Triple(node, _CANDIDATE, ox.NamedNode(c)) for c in candidates}
        stated = {t for t in (view.triples | added) if t.subject == node and t.predicate in (_AMBIGUOUS, _CANDIDATE)}
        stated -= removed - added
        if stated != wanted:
            removed.update(stated - wanted)
            added.difference_update(stated - wanted)
            added.update(wanted)
            changed += 1
    return changed
