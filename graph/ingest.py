"""Ingest: read → extract → write one named graph per source.

A source whose bytes are unchanged (same sha256) and that was read by this
version of the extractor is skipped; a changed one (or one read by another
version) replaces its graph; a bad one is reported and nothing stored is touched.
A catalogue (a list of document records, :mod:`graph.sources.catalogue`) is one graph too:
its records become the document nodes references resolve onto (:mod:`graph.catalogue_records`).

When the sources are written, references stored before their dated twin join it
(:mod:`graph.reresolve`), so the nodes do not depend on the order the sources came in.

No server path is published: a source's ``vk:sourcePath`` is relative to what was named (or the file
name) and a local file has no ``prov:wasDerivedFrom``. A store written before that was so (an absolute
``vk:sourcePath``, ``prov:wasDerivedFrom <file:///…>``) is mended when an ingest starts
(:func:`publish_no_server_paths`, once per store): its sources are not read again when unchanged, so this is their
one chance.

Every few seconds, and when the run ends however it ends, a checkpoint lets the
follower (the search index) take in the store's journal and publishes the
writes under a new generation, so pages, search and SPARQL move together
during a long ingest and a killed one loses at most a few seconds of freshness.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from vankien.graph.catalogue_records import (
    CATALOGUE_VERSION,
    CatalogueGraph,
    CatalogueGraphBuilder,
    catalogue_identity,
)
from vankien.graph.extract.budget import ExtractionTimeout, configured_budget
from vankien.graph.extract.extractor import EXTRACTOR_VERSION, Extraction, extract
from vankien.graph.iris import Iris
from vankien.graph.rdf_model import SourceGraphBuilder, source_identity
from vankien.graph.reresolve import reresolve
from vankien.graph.resolve import DocumentResolver
from vankien.graph.sources import Source, SourceError, iter_sources
from vankien.graph.sources.catalogue import Catalogue
from vankien.graph.sources.model import relative_form
from vankien.graph.status_graph import refresh_statuses
from vankien.graph.store import GraphStore
from vankien.graph.vocab import PROV, RDFS, VK

# Each source's published path, the file: IRIs it is derived from, and (a catalogue) its label.
_PROVENANCE = f"""SELECT ?g ?path ?from ?label WHERE {{ GRAPH ?g {{ ?g <{VK.sourcePath}> ?path
    OPTIONAL {{ ?g <{PROV.wasDerivedFrom}> ?from FILTER(isIRI(?from) && STRSTARTS(STR(?from), "file:")) }}
    OPTIONAL {{ ?g <{RDFS.label}> ?label FILTER(?label = ?path) }} }} }}"""

CHECKPOINT_SECONDS = 5.0
RELATIVE_PATHS = "relative_paths"  # the fact a store records once its server paths are mended
# Sources written per store transaction: one transaction per source costs a third more than one per batch
# on a large store, and a batch is what a reader sees appear at once (each source whole).
BATCH_SOURCES = 64
BATCH_TRIPLES = 50_000  # a batch is written early when it holds this many triples (a catalogue alone may)


def publish_no_server_paths(store: GraphStore) -> int:
    """Take the server's paths out of the provenance of sources written before paths were published relative:
    an absolute ``vk:sourcePath`` (and a catalogue's label, which repeats it) becomes the file name with the
    archive member after ``#`` (``/srv/in/laws.tar.gz#x/a.txt`` → ``laws.tar.gz#x/a.txt``), as a path named
    absolute is published when nothing nearer is known; a ``prov:wasDerivedFrom <file:///…>`` is dropped. One
    transaction, journaled like any write; the sources edited are returned."""
    edits: dict[str, tuple[set[ox.Triple], set[ox.Triple]]] = {}
    path_property = ox.NamedNode(str(VK.sourcePath))
    for row in store.query(_PROVENANCE):
        graph, path = row["g"], row["path"]
        removed, added = edits.setdefault(graph.value, (set(), set()))
        if row["from"] is not None:
            removed.add(ox.Triple(graph, ox.NamedNode(str(PROV.wasDerivedFrom)), row["from"]))
        if os.path.isabs(path.value.partition("#")[0]):
            relative = ox.Literal(relative_form(path.value))
            removed.add(ox.Triple(graph, path_property, path))
            added.add(ox.Triple(graph, path_property, relative))
            if row["label"] is not None:
                removed.add(ox.Triple(graph, ox.NamedNode(str(RDFS.label)), row["label"]))
                added.add(ox.Triple(graph, ox.NamedNode(str(RDFS.label)), relative))
    return store.edit_graphs({graph: change for graph, change in edits.items() if change[0]})


def seeded_resolver(store: GraphStore, iris: Iris) -> DocumentResolver:
    """A resolver that knows the documents ``store`` holds (their keys, years and names)."""
    resolver = DocumentResolver(iris)
    years = {}
    for key, iri, year in store.known_documents():
        resolver.remember_text(key, iri, year)
        years[iri] = year
    for name, iri in store.document_name_keys():
        resolver.remember_name(name, iri, years.get(iri))
    return resolver


@dataclass
class IngestSummary:
    """What one ingest did."""

    read: int = 0
    written: int = 0
    skipped: int = 0        # of the sources read, those unchanged since they were written
    failed: list[SourceError] = field(default_factory=list)
    empty: list[SourceError] = field(default_factory=list)  # empty files in a folder or archive: nothing to read
    triples: int = 0
    catalogues: int = 0     # of the sources read, catalogues (each one source)
    records: int = 0        # records of the catalogues written
    folded: int = 0         # references stored before their dated twin, joined to it at the end

    def as_dict(self) -> dict:
        return {"read": self.read, "written": self.written, "skipped": self.skipped,
                "failed": [{"source": e.path, "reason": e.reason} for e in self.failed],
                "empty": [{"source": e.path, "reason": e.reason} for e in self.empty], "triples": self.triples,
                "catalogues": self.catalogues, "records": self.records, "folded": self.folded}


class Ingester:
    """Writes sources into one store, resolving documents against what it already holds."""

    def __init__(self, store: GraphStore, iris: Iris, *,
                 on_checkpoint: Callable[[], None] | None = None,
                 checkpoint_seconds: float = CHECKPOINT_SECONDS) -> None:
        """``on_checkpoint`` brings the follower up to date with the journal and
        publishes (``store.publish(indexed=True)``); without one a checkpoint
        only publishes. It runs when ``checkpoint_seconds`` have passed since
        the last one and at the end of :meth:`ingest`.
        """
        self.store = store
        self.iris = iris
        self.pending: list[tuple[str, list]] = []  # graphs read but not yet written: one transaction per batch
        self.pending_triples = 0
        self.notices: list[Callable[[], None]] = []  # what on_source hears once the batch is written
        self.on_checkpoint = on_checkpoint
        self.checkpoint_seconds = checkpoint_seconds
        self.unpublished = 0
        self.last_checkpoint = time.monotonic()
        self.resolver = seeded_resolver(store, iris)
        self.hashes: dict[str, tuple[str, str | None] | None] = {}  # looked up per source, as they come
        self.added = 0  # sources written that the store did not hold before
        self.builder = SourceGraphBuilder(iris, self.resolver)
        self.catalogue_builder = CatalogueGraphBuilder(iris, self.resolver)

    def ingest_source(self, source: Source) -> tuple[bool, int, Extraction | None]:
        """Write one source; (written?, triples, extraction) — unchanged sources are not written."""
        graph_iri = self.iris.source(source_identity(source))
        if self._stored_hash(graph_iri) == (source.sha256, EXTRACTOR_VERSION):
            return False, 0, None  # same bytes, read by this extractor: nothing new to learn
        extraction = extract(source, budget=configured_budget())  # too slow: ExtractionTimeout, nothing written
        graph = self.builder.build(extraction)
        return True, self._write(graph, source.sha256, EXTRACTOR_VERSION), extraction

    def ingest_catalogue(self, catalogue: Catalogue) -> tuple[bool, int, CatalogueGraph | None]:
        """Write one catalogue as one graph; (written?, triples, its graph) — an unchanged one is not written."""
        graph_iri = self.iris.source(catalogue_identity(catalogue))
        if self._stored_hash(graph_iri) == (catalogue.sha256, CATALOGUE_VERSION):
            return False, 0, None
        graph = self.catalogue_builder.build(catalogue)
        return True, self._write(graph, catalogue.sha256, CATALOGUE_VERSION), graph

    def _stored_hash(self, graph_iri: str) -> tuple[str, str | None] | None:
        if graph_iri not in self.hashes:
            self.hashes[graph_iri] = self.store.source_hash(graph_iri)
        return self.hashes[graph_iri]

    def _write(self, graph, sha256: str, version: str) -> int:
        """Queue a source's graph for the next batch (written when it is full); the triples it holds. A source
        queued twice is written as last read."""
        count = len(set(graph.triples))
        self.pending.append((graph.iri, graph.triples))
        self.pending_triples += count
        self.added += self.hashes.get(graph.iri) is None  # a source the store did not hold
        self.hashes[graph.iri] = (sha256, version)
        if len(self.pending) >= BATCH_SOURCES or self.pending_triples >= BATCH_TRIPLES:
            self.flush_batch()
        return count

    def flush_batch(self) -> None:
        """Write the queued graphs in one transaction."""
        if not self.pending:
            return
        self.store.replace_sources(self.pending)
        self.pending, self.pending_triples = [], 0
        self.unpublished += 1
        self._notify()

    def _notify(self) -> None:
        """Tell ``on_source`` of the sources read so far, now that those to be written are."""
        notices, self.notices = self.notices, []
        for notice in notices:
            notice()

    def checkpoint(self) -> None:
        """Write what is queued and publish the writes since the last checkpoint, through the follower when
        there is one."""
        self.flush_batch()
        if self.unpublished:
            self.unpublished = 0
            try:
                if self.on_checkpoint is not None:
                    self.on_checkpoint()
            finally:
                self.store.publish()  # the writes get their generation even if the follower failed
        self.last_checkpoint = time.monotonic()  # from the end: a slow checkpoint is not followed by another

    def reresolve(self) -> int:
        """Join the references the store now resolves onto a dated document to it (one transaction); how many."""
        result = reresolve(self.store)
        if result.graphs:
            self.unpublished += 1
        return result.folded

    def ingest(self, paths: Iterable[str | Path], *,
               on_source: Callable[[Source | SourceError, Extraction | None], None] | None = None) -> IngestSummary:
        """Ingest every source below ``paths``; ``on_source`` hears of each (progress, search index) once it is
        in the store: with its :class:`Extraction`, or for a catalogue its :class:`CatalogueGraph`, when it was
        written, else None."""
        summary = IngestSummary()
        try:
            if not self.store.knows(RELATIVE_PATHS):
                if publish_no_server_paths(self.store):
                    self.unpublished += 1
                self.store.remember(RELATIVE_PATHS)
            for item in iter_sources(paths, catalogues=True):
                extraction = None
                if isinstance(item, SourceError) and item.empty:
                    summary.empty.append(item)
                elif isinstance(item, SourceError):
                    summary.failed.append(item)
                elif isinstance(item, Catalogue):
                    written, count, extraction = self.ingest_catalogue(item)
                    summary.read += 1
                    summary.catalogues += 1
                    if written:
                        summary.written += 1
                        summary.triples += count
                        summary.records += len(item.records)
                    else:
                        summary.skipped += 1
                else:
                    try:
                        written, count, extraction = self.ingest_source(item)
                    except ExtractionTimeout as error:  # reported like an unreadable source
                        summary.failed.append(item := error)
                    else:
                        summary.read += 1
                        if written:
                            summary.written += 1
                            summary.triples += count
                        else:
                            summary.skipped += 1
                if on_source is not None:
                    self.notices.append(partial(on_source, item, extraction))
                    if not self.pending:
                        self._notify()
                if time.monotonic() - self.last_checkpoint >= self.checkpoint_seconds:
                    self.checkpoint()
            self.flush_batch()
            summary.folded = self.reresolve()
            if refresh_statuses(self.store, changed=bool(summary.written or summary.folded)) is not None:
                self.unpublished += 1
        finally:
            self.checkpoint()
        return summary
