"""The pipeline as a library: ingest, remove, reindex and sync, keeping the store and its index in step.

One data folder holds the store (``oxigraph``, ``state.json``, ``journal.jsonl``)
and the search index. Whoever writes goes through here: the command line, the
tests, a script. :class:`Pipeline` opens the store for writing, first bringing
the index up to date with whatever an interrupted run left; an ingest then
takes the journal into the index and publishes at every checkpoint, and a
removal does so once at the end. Both end by joining the references the store
now resolves onto a dated document to it (:mod:`graph.reresolve`), so the nodes
do not depend on the order the sources came in. :func:`reindex` rebuilds the
index whole and :func:`sync` re-resolves and catches it up.

The functions :func:`ingest` and :func:`remove` open and close a pipeline for
one call. Errors are exceptions (``ValueError`` for a bad base IRI or
extraction budget, :class:`graph.store.StoreError`, ``StoreLocked`` among
them, and :class:`NoStore`); the caller says them.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from vankien.graph.catalog import DOCUMENT, read_kinds
from vankien.graph.extract.budget import configured_budget
from vankien.graph.ingest import CHECKPOINT_SECONDS, Ingester, IngestSummary
from vankien.graph.iris import Iris
from vankien.graph.reresolve import reresolve
from vankien.graph.status_graph import refresh_statuses
from vankien.graph.store import GraphStore, StoreError, holds_store
from vankien.search.index import indexed_keys, open_index
from vankien.search.sync import (
    REBUILD_JOURNAL,
    Outcome,
    catch_up,
    open_for_writing,
    read_deferred,
    take_in,
    take_in_deferred,
)

__all__ = ["IngestSummary", "NoStore", "Outcome", "Pipeline", "RemoveSummary", "ingest", "reindex", "remove",
           "sync", "sync_apart"]


# Sources journaled at a checkpoint from which the index's keys are read whole and kept for the run (about a
# second for 80,000 keys) rather than looked up one by one.
KEYS_FOR_SOURCES = 100
REBUILD_AFTER = REBUILD_JOURNAL  # sources an ingest takes into the index before it rebuilds it at its end instead


class NoStore(StoreError):
    """The data folder holds no store (nothing was ingested there)."""

    def __init__(self, data_dir: str | Path) -> None:
        super().__init__(f"{data_dir}: no store here")
        self.data_dir = data_dir


@dataclass
class RemoveSummary:
    """What one removal did: the source graphs removed and the names that matched none."""

    removed: int = 0
    missing: list[str] = field(default_factory=list)


class Pipeline:
    """The store of ``data_dir`` open for writing, its index in step; a context manager that closes it.

    ``caught_up`` is what opening did to the index (``current`` when it was up to date).
    """

    def __init__(self, data_dir: str | Path, *, base_iri: str | None = None) -> None:
        self.data_dir = data_dir
        self.iris = Iris(base_iri)
        configured_budget()  # a bad $VANKIEN_EXTRACTION_BUDGET fails before the store is opened
        self.store, self.caught_up = open_for_writing(data_dir)

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Release the store and its lock."""
        if getattr(self, "store", None) is not None:
            self.store.close()
            self.store = None

    def totals(self) -> tuple[int, int]:
        """Sources and triples in the store."""
        return self.store.source_count(), self.store.triple_count()

    def document_count(self) -> int:
        """Documents in the store (what the pages list as documents)."""
        return len(read_kinds(self.store, kinds=(DOCUMENT,)))

    def ingest(self, paths: Iterable[str | Path], *, checkpoint_seconds: float = CHECKPOINT_SECONDS,
               on_source: Callable | None = None,
               before_checkpoint: Callable[[int], None] | None = None,
               after_checkpoint: Callable[[int, int], None] | None = None, cluster=None) -> IngestSummary:
        """Read, extract and store every source below ``paths``; the index follows at each checkpoint.

        ``cluster`` (a ``distributed.Client``): extraction on its workers, the graphs bulk-loaded
        (:mod:`graph.cluster_ingest`), the index brought up to date once at the end.

        An ingest that writes more sources than the store held when it began, and more than
        :data:`REBUILD_AFTER`, stops taking the journal in once past that and rebuilds the index at its end
        with a writer process per core (a stopped run leaves the journal, which the next catch-up finds too
        long and rebuilds from): taking thousands of sources in, checkpoint after checkpoint, costs more than
        indexing them at once, and the index would be mostly new anyway. Pages and SPARQL follow every
        checkpoint all the same; search shows the index as it was until the end.

        ``on_source(item, extraction)`` hears of each source (``extraction`` None when it was not written);
        ``before_checkpoint(changes)`` and ``after_checkpoint(generation, entities)`` of each checkpoint.
        """
        store, data_dir = self.store, self.data_dir
        if cluster is not None:
            return self._ingest_on_cluster(paths, cluster, on_source, before_checkpoint, after_checkpoint)
        indexed: set[str] | None = None  # the keys the index holds, read at the first large checkpoint, kept since
        deferred = read_deferred(data_dir)  # entities put off to the end of the run (a stopped run's too)
        held: int | None = None  # sources the store held when the run began (counted only when it matters)
        taken = 0  # sources this run took into the index
        rebuild_at_end = False

        def checkpoint() -> None:
            nonlocal indexed, held, taken, rebuild_at_end
            journaled = store.journal_size()
            if not rebuild_at_end and taken + journaled > REBUILD_AFTER:
                if held is None:  # counting the sources of a large store takes seconds
                    held = store.source_count() - ingester.added
                rebuild_at_end = taken + journaled > held
            if rebuild_at_end:
                return  # the writes are published (Ingester.checkpoint) and stay journaled
            if before_checkpoint is not None:
                before_checkpoint(journaled)
            if indexed is None and journaled >= KEYS_FOR_SOURCES:
                indexed = indexed_keys(open_index(data_dir))
            count = take_in(store, data_dir, indexed, deferred)
            taken += journaled
            generation = store.publish(indexed=True)
            if after_checkpoint is not None:
                after_checkpoint(generation, count)

        ingester = Ingester(store, self.iris, on_checkpoint=checkpoint, checkpoint_seconds=checkpoint_seconds)
        summary = ingester.ingest(paths, on_source=on_source)
        if rebuild_at_end:  # not when the run failed: the next catch-up rebuilds
            if before_checkpoint is not None:
                before_checkpoint(store.journal_size())
            count = catch_up(store, data_dir, rebuild_all=True).entities
            if after_checkpoint is not None:
                after_checkpoint(store.generation, count)
        elif deferred:  # not when the run failed: the list stays for the next catch-up
            if before_checkpoint is not None:
                before_checkpoint(len(deferred))
            count = take_in_deferred(store, data_dir, indexed if indexed is not None else set(), deferred)
            if after_checkpoint is not None:
                after_checkpoint(store.generation, count)
        return summary

    def _ingest_on_cluster(self, paths, cluster, on_source, before_checkpoint, after_checkpoint) -> IngestSummary:
        from vankien.graph.cluster_ingest import ingest_on_cluster

        held = self.store.source_count()
        summary = ingest_on_cluster(self.store, self.iris, paths, cluster, on_source=on_source)
        if before_checkpoint is not None:
            before_checkpoint(self.store.journal_size())
        # the index mostly new: rebuilt whole, a writer process per worker (else the writes are taken in)
        rebuild = self.store.source_count() - held > held
        workers = max(1, len(cluster.scheduler_info().get("workers", {})))
        count = catch_up(self.store, self.data_dir, rebuild_all=rebuild, procs=workers if rebuild else None).entities
        if after_checkpoint is not None:
            after_checkpoint(self.store.generation, count)
        return summary

    def remove(self, needles: Iterable[str]) -> RemoveSummary:
        """Remove the sources each needle names (path, URL or source IRI); the index follows."""
        summary = RemoveSummary()
        for needle in needles:
            graphs = self.store.sources_matching(needle)
            if not graphs:
                summary.missing.append(needle)
            for graph in graphs:
                summary.removed += self.store.remove_source(graph)
        reresolve(self.store)   # a document gone may leave an ambiguous reference one candidate
        refresh_statuses(self.store, changed=bool(summary.removed))
        catch_up(self.store, self.data_dir)
        return summary


def ingest(data_dir: str | Path, paths: Iterable[str | Path], *, base_iri: str | None = None,
           checkpoint_seconds: float = CHECKPOINT_SECONDS, on_source: Callable | None = None) -> IngestSummary:
    """Ingest ``paths`` into the store and index of ``data_dir`` (see :meth:`Pipeline.ingest`)."""
    with Pipeline(data_dir, base_iri=base_iri) as pipeline:
        return pipeline.ingest(paths, checkpoint_seconds=checkpoint_seconds, on_source=on_source)


def remove(data_dir: str | Path, needles: Iterable[str]) -> RemoveSummary:
    """Remove sources from the store and index of ``data_dir`` (see :meth:`Pipeline.remove`)."""
    with Pipeline(data_dir) as pipeline:
        return pipeline.remove(needles)


def _existing_store(data_dir: str | Path) -> GraphStore:
    if not holds_store(data_dir):
        raise NoStore(data_dir)
    return GraphStore(data_dir)


def reindex(data_dir: str | Path, *, procs: int | None = None,
            progress: Callable[[int], None] | None = None) -> Outcome:
    """Rebuild the index of ``data_dir`` whole from its store (into a new folder, then swapped in)."""
    store = _existing_store(data_dir)
    try:
        return catch_up(store, data_dir, rebuild_all=True, procs=procs, progress=progress)
    finally:
        store.close()


def sync(data_dir: str | Path, *, resolve_again: bool = True) -> Outcome:
    """Join the references the store now resolves onto a dated document to it (unless ``resolve_again`` is
    false: the index only), then bring the index of ``data_dir`` up to date with its store (raises
    ``StoreLocked`` while an ingest runs)."""
    store = _existing_store(data_dir)
    try:
        if resolve_again:
            refresh_statuses(store, changed=bool(reresolve(store).graphs))
        return catch_up(store, data_dir)
    finally:
        store.close()


def sync_apart(data_dir: str | Path) -> Outcome:
    """:func:`sync` in a fresh interpreter, for a process that forks afterwards (a server about to start its
    workers): the store's background threads never live in the parent. Only the index is brought up to date:
    a server starting writes no graph. Raises what :func:`sync` raises."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(sync, str(data_dir), resolve_again=False).result()
