"""Work that needs a process of its own, so its peak memory is its own: ``python -m bench.child TASK ARG…``.

Each task returns its figures with the ``seconds`` it measured; the process prints them,
with its peak RSS, as one line of JSON (read by :func:`bench.common.in_child`).
Where a task's clock starts is part of what it measures: the store tasks count their
imports, the index tasks start once their modules are imported and the store is open.
"""

from __future__ import annotations

import json
import sys
import time

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


def reopen(data: str) -> dict:
    """Opening the store of ``data`` read-only and answering a first query."""
    start = time.perf_counter()
    from vankien.graph.store import GraphStore

    store = GraphStore(data, read_only=True)
    bool(store.query("ASK { ?s ?p ?o }"))
    return {"seconds": time.perf_counter() - start}


def reindex(data: str) -> dict:
    """Rebuilding the search index of ``data`` whole from its store (2 writer processes)."""
    from vankien.graph.store import GraphStore
    from vankien.search.sync import catch_up

    store = GraphStore(data)
    start = time.perf_counter()
    count = catch_up(store, data, rebuild_all=True, procs=2).entities  # recorded: serving starts at once
    seconds = time.perf_counter() - start
    store.close()
    return {"seconds": seconds, "count": count}


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


def build(data: str, source: str) -> dict:
    """The shared corpus store built through the pipeline (:func:`bench.corpus.build`)."""
    from bench.corpus import build as build_corpus_store

    return build_corpus_store(data, source)


TASKS = {task.__name__: task for task in (ingest, rdflib_load, oxigraph_bulk_load, reopen, reindex, bare_whoosh,
                                          build)}


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in TASKS:
        sys.exit(f"usage: python -m bench.child {{{'|'.join(TASKS)}}} ARG…")
    figures = TASKS[argv[0]](*argv[1:])
    print(json.dumps({**figures, "peak_rss_mib": peak_rss_mib()}))


if __name__ == "__main__":
    main(sys.argv[1:])
