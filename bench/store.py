"""Store benchmarks, in one run:

1. End-to-end ingest of the baomoi corpus into a fresh store (time, peak RSS).
2. Bulk load of the exported dataset (≥ 1M triples) into Oxigraph on disk,
   against the baseline of rdflib's in-memory store loading the same file.
3. Reopening the store on disk.
4. Typical SPARQL lookups (median of repeats).

Steps that need their own memory figure run in a child process (:mod:`bench.child`).
The store built in step 1 is the corpus store the search, web and load suites reuse
(:mod:`bench.corpus`).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time

from bench.common import ROOT, in_child, report
from bench.corpus import DATA, WORK, baomoi, mark

LOOKUPS = {
    "document by number": "SELECT ?d ?label WHERE { ?d eli:id_local '35-NQ/TW' ; rdfs:label ?label }",
    "issuer of a document (2 hops)": (
        "SELECT ?name WHERE { ?d eli:id_local '35-NQ/TW' ; eli:passed_by ?o . ?o skos:prefLabel ?name }"),
    "articles mentioning a document": (
        "SELECT ?a WHERE { ?d eli:id_local '35-NQ/TW' . ?a schema:mentions ?d } LIMIT 50"),
    "documents of an organisation": (
        "SELECT ?d WHERE { ?d eli:passed_by <https://vankien.example/org/chinh-phu> } LIMIT 100"),
    "people holding posts in an organisation (2 hops)": (
        "SELECT ?p WHERE { ?p org:holds ?post . ?post org:postIn <https://vankien.example/org/bo-chinh-tri> } "
        "LIMIT 50"),
}
AGGREGATE = "SELECT ?type (COUNT(?d) AS ?n) WHERE { ?d eli:type_document ?type } GROUP BY ?type ORDER BY DESC(?n)"


def _median_ms(store, query: str, repeats: int = 15) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        list(store.query(query))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _fresh() -> None:
    """Remove what an earlier run of this suite left in ``WORK`` (the corpus slice of a trial stays)."""
    for name in ("data", "bulk", "bare-index"):
        shutil.rmtree(WORK / name, ignore_errors=True)
    (WORK / "all.nq").unlink(missing_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)


def run() -> list[dict]:
    source = baomoi()
    if source is None:
        print("store: skipped (corpora absent)")
        return []
    _fresh()
    results = []

    mark(source, complete=False)
    ingest = in_child("ingest", DATA, source)
    mark(source, complete=True, written=ingest["written"])
    results.append(report("store: ingest baomoi end to end", ingest["seconds"], ingest["written"], unit="articles"))
    results[-1]["peak_rss_mib"] = round(ingest["peak_rss_mib"], 1)
    print(f"  peak RSS {ingest['peak_rss_mib']:.0f} MiB; {ingest['triples']:,} triples stored")

    dump = WORK / "all.nq"
    subprocess.run([sys.executable, "-m", "vankien.web.cli", "export", "--format", "nquads", "-o", str(dump),
                    "--data", str(DATA)], check=True, cwd=ROOT)
    triples = ingest["triples"]

    baseline = in_child("rdflib_load", dump)
    results.append(report("baseline: rdflib in-memory load", baseline["seconds"], triples, unit="triples"))
    results[-1]["peak_rss_mib"] = round(baseline["peak_rss_mib"], 1)
    bulk = in_child("oxigraph_bulk_load", dump, WORK / "bulk")
    results.append(report("store: Oxigraph bulk load on disk", bulk["seconds"], triples, baseline["seconds"],
                          unit="triples"))
    results[-1]["peak_rss_mib"] = round(bulk["peak_rss_mib"], 1)
    print(f"  rdflib {baseline['peak_rss_mib']:.0f} MiB, Oxigraph {bulk['peak_rss_mib']:.0f} MiB; "
          f"load speed-up ×{baseline['seconds'] / bulk['seconds']:.1f}")
    reopen = in_child("reopen", DATA)
    results.append(report("store: reopen read-only + first query", reopen["seconds"], 1, unit="opens"))

    from vankien.graph.store import GraphStore

    store = GraphStore(DATA, read_only=True)
    for name, query in LOOKUPS.items():
        ms = _median_ms(store, query)
        print(f"  SPARQL {name:<52} median {ms:7.2f} ms")
        results.append({"name": f"sparql: {name}", "median_ms": round(ms, 2)})
    ms = _median_ms(store, AGGREGATE, repeats=5)
    print(f"  SPARQL {'documents per type (GROUP BY over all)':<52} median {ms:7.2f} ms")
    results.append({"name": "sparql: GROUP BY document type", "median_ms": round(ms, 2)})
    return results
