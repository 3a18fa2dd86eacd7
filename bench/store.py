"""Store benchmarks, in one run:

1. End-to-end ingest of the baomoi corpus into a fresh store (time, peak RSS).
2. Bulk load of the exported dataset (≥ 1M triples) into Oxigraph on disk,
   against the baseline of rdflib's in-memory store loading the same file.
3. Reopening the store on disk.
4. Typical SPARQL lookups (median of repeats).

Steps that need their own memory figure run in a child process.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import time

from bench.common import ROOT, corpus, report

WORK = ROOT / "bench" / "results" / "store-work"

_CHILD_MEASURE = """
import json, resource, sys, time
start = time.perf_counter()
exec(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **globals().get("extra", {})}))
"""

LOOKUPS = {
    "document by number": "SELECT ?d ?label WHERE { ?d eli:id_local '35-NQ/TW' ; rdfs:label ?label }",
    "issuer of a document (2 hops)": "SELECT ?name WHERE { ?d eli:id_local '35-NQ/TW' ; eli:passed_by ?o . ?o skos:prefLabel ?name }",
    "articles mentioning a document": "SELECT ?a WHERE { ?d eli:id_local '35-NQ/TW' . ?a schema:mentions ?d } LIMIT 50",
    "documents of an organisation": "SELECT ?d WHERE { ?d eli:passed_by <https://vankien.example/org/chinh-phu> } LIMIT 100",
    "people holding posts in an organisation (2 hops)": (
        "SELECT ?p WHERE { ?p org:holds ?post . ?post org:postIn <https://vankien.example/org/bo-chinh-tri> } LIMIT 50"),
}
AGGREGATE = "SELECT ?type (COUNT(?d) AS ?n) WHERE { ?d eli:type_document ?type } GROUP BY ?type ORDER BY DESC(?n)"


def _child(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD_MEASURE, code], capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr else "child failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _median_ms(store, query: str, repeats: int = 15) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        list(store.query(query))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run() -> list[dict]:
    baomoi = corpus("baomoi-2017-news.jsonl.gz")
    if baomoi is None:
        print("store: skipped (corpora absent)")
        return []
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    data = WORK / "data"
    results = []

    ingest = _child(
        "from graph.store import GraphStore\nfrom graph.iris import Iris\nfrom graph.ingest import Ingester\n"
        f"s = GraphStore({str(data)!r})\nsummary = Ingester(s, Iris(None)).ingest([{str(baomoi)!r}])\n"
        "extra = {'written': summary.written, 'triples': s.triple_count()}\ns.close()"
    )
    results.append(report("store: ingest baomoi end to end", ingest["seconds"], ingest["written"], unit="articles"))
    results[-1]["peak_rss_mib"] = round(ingest["peak_rss_mib"], 1)
    print(f"  peak RSS {ingest['peak_rss_mib']:.0f} MiB; {ingest['triples']:,} triples stored")

    dump = WORK / "all.nq"
    subprocess.run([sys.executable, "-m", "web.cli", "export", "--format", "nquads", "-o", str(dump),
                    "--data", str(data)], check=True, cwd=ROOT)
    triples = ingest["triples"]

    baseline = _child(
        "import rdflib\nd = rdflib.Dataset()\n"
        f"d.parse({str(dump)!r}, format='nquads')\nextra = {{'quads': len(d)}}"
    )
    results.append(report("baseline: rdflib in-memory load", baseline["seconds"], triples, unit="triples"))
    results[-1]["peak_rss_mib"] = round(baseline["peak_rss_mib"], 1)
    bulk = _child(
        "import pyoxigraph as ox\n"
        f"s = ox.Store({str(WORK / 'bulk')!r})\ns.bulk_load(path={str(dump)!r}, format=ox.RdfFormat.N_QUADS, lenient=True)\n"
        "s.flush()"
    )
    results.append(report("store: Oxigraph bulk load on disk", bulk["seconds"], triples, baseline["seconds"],
                          unit="triples"))
    results[-1]["peak_rss_mib"] = round(bulk["peak_rss_mib"], 1)
    print(f"  rdflib {baseline['peak_rss_mib']:.0f} MiB, Oxigraph {bulk['peak_rss_mib']:.0f} MiB; "
          f"load speed-up ×{baseline['seconds'] / bulk['seconds']:.1f}")
    reopen = _child(
        "from graph.store import GraphStore\n"
        f"s = GraphStore({str(data)!r}, read_only=True)\nbool(s.query('ASK {{ ?s ?p ?o }}'))"
    )
    results.append(report("store: reopen read-only + first query", reopen["seconds"], 1, unit="opens"))

    from graph.store import GraphStore

    store = GraphStore(data, read_only=True)
    for name, query in LOOKUPS.items():
        ms = _median_ms(store, query)
        print(f"  SPARQL {name:<52} median {ms:7.2f} ms")
        results.append({"name": f"sparql: {name}", "median_ms": round(ms, 2)})
    ms = _median_ms(store, AGGREGATE, repeats=5)
    print(f"  SPARQL {'documents per type (GROUP BY over all)':<52} median {ms:7.2f} ms")
    results.append({"name": "sparql: GROUP BY document type", "median_ms": round(ms, 2)})
    return results
