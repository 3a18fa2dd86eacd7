"""Work that needs a process of its own, so its peak memory is its own: ``python -m bench.child TASK ARG…``.

Each task returns its figures with the ``seconds`` it measured; the process prints them,
with its peak RSS, as one line of JSON (read by :func:`bench.common.in_child`).
Where a task's clock starts is part of what it measures: the store tasks count their
imports, the index tasks start once their modules are imported and the store is open.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from bench.common import peak_rss_mib


def ingest(data: str, source: str) -> dict:
    """The store suite's end-to-end ingest of ``source`` into a fresh store of ``data`` (no search index)."""
    start = time.perf_counter()
    from vankien.graph.ingest import Ingester
    from vankien.graph.iris import Iris
    from vankien.graph.store import GraphStore

    store = GraphStore(data)
    summary = Ingester(store, Iris(None)).ingest([source])
    figures = {"written": summary.written, "triples": store.triple_count()}
    store.close()
    return {"seconds": time.perf_counter() - start, **figures}


def rdflib_load(dump: str) -> dict:
    """Baseline of the bulk load: rdflib's in-memory dataset parsing the N-Quads ``dump``."""
    start = time.perf_counter()
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(dump, format="nquads")
    return {"seconds": time.perf_counter() - start, "quads": len(dataset)}


def oxigraph_bulk_load(dump: str, folder: str) -> dict:
    """Oxigraph bulk-loading the N-Quads ``dump`` into a store on disk at ``folder``."""
    start = time.perf_counter()
    import pyoxigraph as ox

    store = ox.Store(folder)
    store.bulk_load(path=dump, format=ox.RdfFormat.N_QUADS, lenient=True)
    store.flush()
    return {"seconds": time.perf_counter() - start}


def dump_store(data: str, target: str) -> dict:
    """Every quad the store of ``data`` holds (the merge in its default graph too) as N-Quads at ``target``."""
    import pyoxigraph as ox

    start = time.perf_counter()
    ox.Store.read_only(f"{data}/oxigraph").dump(output=target, format=ox.RdfFormat.N_QUADS)
    return {"seconds": time.perf_counter() - start}


def reopen(data: str) -> dict:
    """Opening the store of ``data`` read-only and answering a first query."""
    start = time.perf_counter()
    from vankien.graph.store import GraphStore

    store = GraphStore(data, read_only=True)
    bool(store.query("ASK { ?s ?p ?o }"))
    return {"seconds": time.perf_counter() - start}


def reindex(data: str) -> dict:
    """Rebuilding the search index of ``data`` whole from its store (2 writer processes; their CPU counted)."""
    from vankien.graph.store import GraphStore
    from vankien.search.sync import catch_up

    store = GraphStore(data)
    start, start_cpu = time.perf_counter(), cpu_seconds()
    count = catch_up(store, data, rebuild_all=True, procs=2).entities  # recorded: serving starts at once
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - start_cpu
    store.close()
    return {"seconds": seconds, "cpu": cpu, "count": count}


def bare_whoosh(source: str, folder: str) -> dict:
    """Baseline of indexing: bare Whoosh indexing the article texts of ``source`` with our analyzers."""
    import gzip

    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema

    from vankien.search.analysis import exact_analyzer, folded_analyzer, folded_name_analyzer

    start = time.perf_counter()
    schema = Schema(key=ID(stored=True, unique=True), label=TEXT(analyzer=exact_analyzer(), stored=True),
                    label_f=TEXT(analyzer=folded_name_analyzer()), text=TEXT(analyzer=exact_analyzer(), stored=True),
                    text_f=TEXT(analyzer=folded_analyzer()))
    ix = index.create_in(folder, schema)
    writer = ix.writer(procs=2, limitmb=128, multisegment=True)
    count = 0
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = record.get("text") or record.get("summary") or ""
            if not text.strip():
                continue
            title = record.get("title") or ""
            writer.add_document(key=record["id"], label=title, label_f=title, text=text, text_f=text)
            count += 1
    writer.commit()
    return {"seconds": time.perf_counter() - start, "count": count}


def cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for (the index's writer processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def full_ingest(data: str, source: str, step: str = "1000") -> dict:
    """``vankien ingest`` as a user runs it: checkpoints every few seconds, the search index kept up to date.
    ``marks``: the CPU seconds used when every ``step`` sources had been stored; ``main_cpu``: the CPU of the
    thread running the ingest (the rest is the store's own threads: flushing and compacting its files)."""
    from vankien.search.pipeline import ingest

    step_count, marks, count = int(step), [], 0
    start, start_cpu, start_main = time.perf_counter(), cpu_seconds(), time.thread_time()

    def on_source(item, extraction) -> None:
        nonlocal count
        count += 1
        if count % step_count == 0:
            marks.append(cpu_seconds() - start_cpu)

    summary = ingest(data, [source], on_source=on_source)
    return {"seconds": time.perf_counter() - start, "cpu": cpu_seconds() - start_cpu, "written": summary.written,
            "marks": marks, "main_cpu": time.thread_time() - start_main}


def extraction_only(source: str) -> dict:
    """Reading and extracting every source of ``source`` and building its triples, as an ingest does, with
    nothing stored: the part of an ingest that no store or index can make cheaper."""
    from vankien.graph.extract.extractor import extract
    from vankien.graph.iris import Iris
    from vankien.graph.rdf_model import SourceGraphBuilder
    from vankien.graph.resolve import DocumentResolver
    from vankien.graph.sources import SourceError, iter_sources

    start, start_cpu = time.perf_counter(), cpu_seconds()
    iris = Iris(None)
    builder, triples, count = SourceGraphBuilder(iris, DocumentResolver(iris)), 0, 0
    for item in iter_sources([source]):
        if not isinstance(item, SourceError):
            triples += len(builder.build(extract(item)).triples)
            count += 1
    return {"seconds": time.perf_counter() - start, "cpu": cpu_seconds() - start_cpu, "count": count,
            "triples": triples}


def bulk_load_cpu(dump: str, folder: str) -> dict:
    """Oxigraph bulk-loading the N-Quads ``dump`` into a new store at ``folder`` (CPU seconds), then the
    store's size on disk once reopened (what the data needs)."""
    start, start_cpu = time.perf_counter(), cpu_seconds()
    figures = oxigraph_bulk_load(dump, folder)
    figures.update(seconds=time.perf_counter() - start, cpu=cpu_seconds() - start_cpu)
    import gc

    import pyoxigraph as ox

    gc.collect()
    reopened = ox.Store(folder)  # opened once more: the spent logs go
    del reopened
    gc.collect()
    return {**figures, "disk": folder_bytes(folder)}


def folder_bytes(folder: str) -> int:
    from pathlib import Path

    return sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file())


def index_of(data: str, articles: str, folder: str) -> dict:
    """The search index of ``articles`` articles built into ``folder`` from the records of the store of
    ``data``: its article records in store order — again under changed keys past the store's own — and its
    other entities in the same proportion (:mod:`bench.index_curve`)."""
    from vankien.graph.catalog import ARTICLE
    from vankien.graph.store import GraphStore
    from vankien.search.index import _document, index_path, write_index
    from vankien.search.records import read_records

    store = GraphStore(data, read_only=True)
    own_articles, own_entities = [], []
    for record in read_records(store):
        (own_articles if record.kind == ARTICLE else own_entities).append(_document(record))
    store.close()
    wanted = int(articles)
    entities = round(len(own_entities) * wanted / len(own_articles))
    copies = -(-max(wanted, 1) // len(own_articles))

    def documents():
        for pool, count in ((own_articles, wanted), (own_entities, entities)):
            for at in range(count):
                copy, document = divmod(at, len(pool))
                yield _copy(pool[document], copy)

    start, start_cpu = time.perf_counter(), cpu_seconds()
    count = write_index(documents(), folder, procs=2)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - start_cpu
    return {"seconds": seconds, "cpu": cpu, "entities": count, "copies": copies,
            "index_mib": folder_bytes(str(index_path(folder))) / 2**20,
            "writers_peak_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _copy(document: dict, copy: int) -> dict:
    """``document`` as the ``copy``-th replica of its entity: its key and the keys it names changed."""
    if not copy:
        return document
    mark = f"~{copy}"
    return {**document, "key": document["key"] + mark,
            "mentioned": " ".join(key + mark for key in document.get("mentioned", "").split())}


def search_latency(folder: str, source: str) -> dict:
    """Opening a searcher on the index in ``folder`` and the latency of the search suite's mixed queries
    (:func:`bench.search.mixed_queries` of ``source``), a first pass and a second with postings cached (ms)."""
    import statistics

    from bench.search import latencies, mixed_queries
    from vankien.search.query import Searcher, SearchRequest

    queries = mixed_queries(Path(source))
    start = time.perf_counter()
    searcher = Searcher(folder)
    searcher.search(SearchRequest(query="nghị quyết"))
    figures = {"opening": time.perf_counter() - start}
    for suffix in ("", "_cached"):
        times = latencies(searcher, queries)
        figures |= {f"p50{suffix}": statistics.median(times), f"p95{suffix}": times[int(len(times) * 0.95) - 1]}
        figures.setdefault("max", times[-1])
    return figures


def build(data: str, source: str) -> dict:
    """The shared corpus store built through the pipeline (:func:`bench.corpus.build`)."""
    from bench.corpus import build as build_corpus_store

    return build_corpus_store(data, source)


TASKS = {task.__name__: task for task in (ingest, rdflib_load, oxigraph_bulk_load, reopen, reindex, bare_whoosh,
                                          build, full_ingest, extraction_only, bulk_load_cpu, dump_store, index_of,
                                          search_latency)}


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in TASKS:
        sys.exit(f"usage: python -m bench.child {{{'|'.join(TASKS)}}} ARG…")
    figures = TASKS[argv[0]](*argv[1:])
    print(json.dumps({**figures, "peak_rss_mib": peak_rss_mib()}))


if __name__ == "__main__":
    main(sys.argv[1:])
