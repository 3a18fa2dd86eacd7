"""Ingest on a Dask cluster: sources read here, extracted and built into graphs on the workers, bulk-loaded.

The process that runs the ingest reads the sources (skipping those stored unchanged, as a sequential ingest
does) and hands them to the cluster's workers a partition at a time; a worker extracts each source
(:func:`extract_partition`) and sends the extraction back. Here the graphs are built in the order the sources
were read, with one resolver, as :class:`graph.ingest.Ingester` builds them — a reference may mean a document
an earlier source named, so resolution is not spread over the workers — and the graphs of new sources are
gathered and bulk-loaded a few hundred thousand lines at a time
(:meth:`graph.store.GraphStore.load_new_sources`: the embedded database's bulk loader, a server's Graph Store
endpoint); a source the store already held in another version replaces its graph in a transaction. Each
source's hash is written last, in transactions, once every load is done: a source cut by a stopped run has
none and is read again by the next ingest. Then, as at the end of a sequential ingest, the global pass:
references the store now resolves onto a dated document join it (:func:`graph.reresolve.reresolve`) and the
statuses are judged again — so the store is the one a sequential ingest of the same sources makes.

A few partitions per worker are in flight at a time, so memory stays bounded by the partitions, not the run.
Workers of a cluster elsewhere must have vankien installed (they import this module) and read nothing
themselves: the sources travel with the tasks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from vankien.graph.catalogue_records import CATALOGUE_VERSION, CatalogueGraphBuilder, catalogue_identity
from vankien.graph.extract.budget import ExtractionTimeout, configured_budget
from vankien.graph.extract.extractor import EXTRACTOR_VERSION, extract
from vankien.graph.ingest import RELATIVE_PATHS, IngestSummary, publish_no_server_paths, seeded_resolver
from vankien.graph.iris import Iris
from vankien.graph.rdf_model import SourceGraphBuilder, source_identity
from vankien.graph.reresolve import reresolve
from vankien.graph.sources import SourceError, iter_sources
from vankien.graph.sources.catalogue import Catalogue
from vankien.graph.status_graph import refresh_statuses
from vankien.graph.store import GraphStore, to_oxigraph
from vankien.graph.vocab import VK

PARTITION_SOURCES = 64  # sources per task
IN_FLIGHT_PER_WORKER = 3  # tasks queued per worker: enough to keep it busy, few enough to bound memory
LOAD_LINES = 300_000  # N-Triples lines gathered before one bulk load
HASH = f"<{VK.sha256}>"


def extract_partition(items: list, budget: float | None) -> list:
    """Each source's :class:`Extraction`, or the :class:`ExtractionTimeout` it ran into (run on a worker; a
    catalogue is sent back as it came: it is built here, in order)."""
    extracted = []
    for item in items:
        if isinstance(item, Catalogue):
            extracted.append(item)
            continue
        try:
            extracted.append(extract(item, budget=budget))
        except ExtractionTimeout as error:
            extracted.append(error)
    return extracted


class _Builder:
    """Builds each source's graph here, in the order the sources were read, resolving as
    :class:`graph.ingest.Ingester` does — so each reference means the node it means in a sequential ingest."""

    def __init__(self, store: GraphStore, iris: Iris) -> None:
        resolver = seeded_resolver(store, iris)
        self.sources = SourceGraphBuilder(iris, resolver)
        self.catalogues = CatalogueGraphBuilder(iris, resolver)

    def lines(self, extracted) -> tuple[str, list[str]]:
        """(graph IRI, N-Triples lines) of an extraction or a catalogue."""
        if isinstance(extracted, Catalogue):
            graph = self.catalogues.build(extracted)
        else:
            graph = self.sources.build(extracted)
        lines = dict.fromkeys(f"{to_oxigraph(s)} {to_oxigraph(p)} {to_oxigraph(o)} ." for s, p, o in graph.triples)
        return graph.iri, list(lines)


class _Loader:
    """Gathers the graphs of new sources and bulk-loads them; holds each graph's hash lines back until the end."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.graphs: dict[str, list[str]] = {}
        self.lines = 0
        self.held: dict[str, list[str]] = {}
        self.seen: set[str] = set()  # graphs written by this run

    def add(self, graph: str, lines: list[str], stored: bool) -> None:
        if stored or graph in self.seen:  # another version is in the store: replaced in a transaction
            self.load()
            self.store.replace_source_lines({graph: set(lines)})
            self.held.pop(graph, None)
            self.seen.add(graph)
            return
        self.seen.add(graph)
        self.graphs[graph] = lines
        self.held[graph] = [line for line in lines if line.split(" ", 2)[1] == HASH]
        self.lines += len(lines)
        if self.lines >= LOAD_LINES:
            self.load()

    def load(self) -> None:
        if self.graphs:
            held = [line for graph in self.graphs for line in self.held[graph]]
            self.store.load_new_sources(self.graphs, held_back=held)
            self.store.publish()  # pages and SPARQL see each load (search at the end of the run)
            self.graphs, self.lines = {}, 0

    def finish(self) -> None:
        self.load()
        self.store.add_to_sources({graph: lines for graph, lines in self.held.items() if lines})
        self.held = {}


def ingest_on_cluster(store: GraphStore, iris: Iris, paths: Iterable[str | Path], client, *,
                      on_source: Callable | None = None, partition: int = PARTITION_SOURCES) -> IngestSummary:
    """Ingest every source below ``paths``, extracting with the workers of ``client`` (a
    ``distributed.Client``); the summary of a sequential ingest. ``on_source(item, extraction)`` hears of
    each source once its graph is built (``extraction`` None when it was not written: unchanged, or an
    error; a catalogue's is the catalogue)."""
    from distributed import as_completed

    summary = IngestSummary()
    if not store.knows(RELATIVE_PATHS):
        publish_no_server_paths(store)
        store.remember(RELATIVE_PATHS)
    budget = configured_budget()
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    running = as_completed()
    builder, loader = _Builder(store, iris), _Loader(store)
    partitions: dict[str, int] = {}  # task key → its place in the run
    done: dict[int, tuple[list, list]] = {}  # place → (items, what the workers made of them), till its turn
    sent: dict[int, list] = {}
    turn = places = 0  # the next partition to build; partitions sent so far
    items: list = []  # the next partition, being filled (sources, and errors met reading, in order)
    stored: dict[str, bool] = {}  # graph → whether another version of it is in the store
    queued: dict[str, tuple[str, str]] = {}  # graph → (hash, version) of the source this run writes there

    def submit() -> None:
        nonlocal items, places
        if items:
            place, places = places, places + 1
            sent[place] = items
            to_extract = [item for item in items if not isinstance(item, tuple)]
            future = client.submit(extract_partition, to_extract, budget, pure=False)
            partitions[future.key] = place
            running.add(future)
            items = []

    def build_in_order() -> None:
        nonlocal turn
        while turn in done:
            batch, extracted = done.pop(turn)
            sent.pop(turn)
            results = iter(extracted)
            for item in batch:
                if isinstance(item, tuple):  # (item, reason) settled when read: unchanged, or an error
                    settled, why = item
                    _settle(summary, settled, why)
                    _tell(on_source, settled, None)
                    continue
                result = next(results)
                if isinstance(result, SourceError):
                    summary.failed.append(result)
                    _tell(on_source, result, None)
                    continue
                graph, lines = builder.lines(result)
                loader.add(graph, lines, stored.pop(graph, False))
                summary.read += 1
                summary.written += 1
                summary.triples += len(lines)
                if isinstance(item, Catalogue):
                    summary.catalogues += 1
                    summary.records += len(item.records)
                _tell(on_source, item, result)
            turn += 1

    def take(future) -> None:
        place = partitions.pop(future.key)
        done[place] = (sent[place], future.result())
        future.release()
        build_in_order()

    for item in iter_sources(paths, catalogues=True):
        if isinstance(item, SourceError):
            items.append((item, "empty" if item.empty else "failed"))
        else:
            identity = catalogue_identity(item) if isinstance(item, Catalogue) else source_identity(item)
            graph = iris.source(identity)
            version = CATALOGUE_VERSION if isinstance(item, Catalogue) else EXTRACTOR_VERSION
            held = queued.get(graph) or store.source_hash(graph)  # a source named twice: as first read
            if held == (item.sha256, version):
                items.append((item, "unchanged"))
            else:  # a graph without its hash was cut by a stop: replaced like another version
                stored[graph] = held is not None or store.holds_graph(graph)
                queued[graph] = (item.sha256, version)
                items.append(item)
        if len(items) >= partition:
            submit()
        while running.count() >= IN_FLIGHT_PER_WORKER * workers:
            take(next(running))
    submit()
    for future in running:
        take(future)
    loader.finish()
    summary.folded = reresolve(store).folded
    refresh_statuses(store, changed=bool(summary.written or summary.folded))
    store.publish()
    return summary


def _settle(summary: IngestSummary, item, why: str) -> None:
    """Count a source settled when it was read."""
    if why == "empty":
        summary.empty.append(item)
    elif why == "failed":
        summary.failed.append(item)
    else:
        summary.read += 1
        summary.skipped += 1
        summary.catalogues += isinstance(item, Catalogue)


def _tell(on_source: Callable | None, item, built) -> None:
    if on_source is not None:
        on_source(item, built)


def start_cluster(workers: int):
    """A Dask client of a local cluster of ``workers`` processes, one thread each (extraction holds the GIL)."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster)


def connect(address: str):
    """A Dask client of the scheduler at ``address`` (``tcp://HOST:8786``)."""
    from distributed import Client

    try:
        return Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"{address}: no Dask scheduler answers there ({error})") from None


class ClusterError(Exception):
    """The cluster cannot be reached; ``str()`` is one line."""
