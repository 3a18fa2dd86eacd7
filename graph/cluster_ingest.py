"""Ingest on a Dask cluster: sources read here, extracted and built into graphs on the workers, bulk-loaded.

The process that runs the ingest reads the sources (skipping those stored unchanged, as a sequential ingest
does) and hands them to the cluster's workers a partition at a time; a worker extracts each source and builds
its graph (:func:`build_partition`: the same extraction and graph building as :class:`graph.ingest.Ingester`,
resolving references against the documents the store held when the run began) and sends back its N-Triples
lines. Here the graphs of new sources are gathered and bulk-loaded a few hundred thousand lines at a time
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
from dataclasses import dataclass, field
from pathlib import Path

from vankien.graph.catalogue_records import CATALOGUE_VERSION, CatalogueGraphBuilder, catalogue_identity
from vankien.graph.extract.budget import ExtractionTimeout, configured_budget
from vankien.graph.extract.extractor import EXTRACTOR_VERSION, extract
from vankien.graph.ingest import RELATIVE_PATHS, IngestSummary, publish_no_server_paths
from vankien.graph.iris import Iris
from vankien.graph.rdf_model import SourceGraphBuilder, source_identity
from vankien.graph.reresolve import reresolve
from vankien.graph.resolve import DocumentResolver
from vankien.graph.sources import SourceError, iter_sources
from vankien.graph.sources.catalogue import Catalogue
from vankien.graph.status_graph import refresh_statuses
from vankien.graph.store import GraphStore, to_oxigraph
from vankien.graph.vocab import VK

PARTITION_SOURCES = 64  # sources per task
IN_FLIGHT_PER_WORKER = 3  # tasks queued per worker: enough to keep it busy, few enough to bound memory
LOAD_LINES = 300_000  # N-Triples lines gathered before one bulk load
HASH = f"<{VK.sha256}>"


@dataclass
class Built:
    """What a worker sends back for one source: its graph's N-Triples lines, or the error it met."""

    graph: str
    lines: list[str] = field(default_factory=list)
    records: int = 0  # a catalogue's records
    error: SourceError | None = None


def build_partition(items: list, base_iri: str, known: tuple[list, list], budget: float | None) -> list[Built]:
    """Extract each source of a partition and build its graph (run on a worker). ``known``: the documents
    (key, IRI, year) and the names (name key, IRI) the store held when the run began."""
    iris = Iris(base_iri)
    resolver = DocumentResolver(iris)
    documents, names = known
    years = {}
    for key, iri, year in documents:
        resolver.remember_text(key, iri, year)
        years[iri] = year
    for name, iri in names:
        resolver.remember_name(name, iri, years.get(iri))
    builder, catalogues = SourceGraphBuilder(iris, resolver), CatalogueGraphBuilder(iris, resolver)
    built = []
    for item in items:
        if isinstance(item, Catalogue):
            graph, records = catalogues.build(item), len(item.records)
        else:
            try:
                graph, records = builder.build(extract(item, budget=budget)), 0
            except ExtractionTimeout as error:
                built.append(Built(iris.source(source_identity(item)), error=error))
                continue
        # the graph states the source's hash and the version that read it, as a sequential ingest writes them
        lines = dict.fromkeys(f"{to_oxigraph(s)} {to_oxigraph(p)} {to_oxigraph(o)} ." for s, p, o in graph.triples)
        built.append(Built(graph.iri, list(lines), records))
    return built


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
    """Ingest every source below ``paths`` with the workers of ``client`` (a ``distributed.Client``); the
    summary of a sequential ingest. ``on_source(item, built)`` hears of each source once its graph is
    back (``built`` None when it was not written: unchanged, or an error)."""
    from distributed import as_completed

    summary = IngestSummary()
    if not store.knows(RELATIVE_PATHS):
        publish_no_server_paths(store)
        store.remember(RELATIVE_PATHS)
    known = client.scatter((list(store.known_documents()), list(store.document_name_keys())), broadcast=True)
    budget = configured_budget()
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    running = as_completed()
    loader = _Loader(store)
    partition_items: list = []
    stored: dict[str, bool] = {}

    sent: dict[str, list] = {}  # task key → its partition's items

    def submit() -> None:
        nonlocal partition_items
        if partition_items:
            future = client.submit(build_partition, partition_items, iris.base, known, budget, pure=False)
            sent[future.key] = partition_items
            running.add(future)
            partition_items = []

    def take(future) -> None:
        for item, built in zip(sent.pop(future.key), future.result(), strict=True):
            if built.error is not None:
                summary.failed.append(built.error)
                _tell(on_source, built.error, None)
                continue
            loader.add(built.graph, built.lines, stored.pop(built.graph, False))
            summary.read += 1
            summary.written += 1
            summary.triples += len(built.lines)
            if isinstance(item, Catalogue):
                summary.catalogues += 1
                summary.records += built.records
            _tell(on_source, item, built)
        future.release()

    for item in iter_sources(paths, catalogues=True):
        if isinstance(item, SourceError):
            (summary.empty if item.empty else summary.failed).append(item)
            _tell(on_source, item, None)
            continue
        identity = catalogue_identity(item) if isinstance(item, Catalogue) else source_identity(item)
        graph = iris.source(identity)
        version = CATALOGUE_VERSION if isinstance(item, Catalogue) else EXTRACTOR_VERSION
        held = store.source_hash(graph)
        if held == (item.sha256, version):
            summary.read += 1
            summary.skipped += 1
            summary.catalogues += isinstance(item, Catalogue)
            _tell(on_source, item, None)
            continue
        stored[graph] = held is not None
        partition_items.append(item)
        if len(partition_items) >= partition:
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
