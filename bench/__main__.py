"""Run every benchmark, or the suites named; print the figures and keep them in bench/results/latest.json
(``latest-first-N.json`` for a trial on the first N baomoi lines, ``VANKIEN_BENCH_LIMIT``: see :mod:`bench.corpus`)."""

from __future__ import annotations

import json
import platform
import sys
import time

from bench import extraction, index_curve, ingest, intake, load, quality, relevance, scale, search, store, web
from bench.common import ROOT, peak_rss_mib
from bench.corpus import LIMIT, WORK

SUITES = {"intake": intake.run, "extraction": extraction.run, "store": store.run, "ingest": ingest.run,
          "search": search.run,
          "relevance": relevance.run, "web": web.run, "load": load.run, "quality": quality.run,
          "scale": scale.run, "index-curve": index_curve.run}


def main() -> None:
    arguments = sys.argv[1:]
    store = None  # `web --store KIND`: the web suite on a server store too (bench.web.run)
    if "--store" in arguments:
        at = arguments.index("--store")
        if at + 1 >= len(arguments) or arguments[at + 1] not in ("virtuoso", "oxigraph-server"):
            sys.exit("--store takes virtuoso or oxigraph-server")
        store = arguments[at + 1]
        del arguments[at:at + 2]
    chosen = arguments or list(SUITES)
    if unknown := [name for name in chosen if name not in SUITES]:
        sys.exit(f"unknown suite {', '.join(unknown)}; choose among {', '.join(SUITES)}")
    results = {"machine": platform.platform(), "python": platform.python_version(),
               "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "corpus_store": str(WORK)}
    if LIMIT:
        results["baomoi_limit"] = LIMIT
        print(f"trial: the corpus store suites use the first {LIMIT} lines of baomoi only ({WORK})")
    for name in chosen:
        run = SUITES[name]
        results[name] = run(store=store) if name == "web" else run()
    results["peak_rss_mib"] = round(peak_rss_mib(), 1)
    print(f"peak RSS of the benchmark process: {results['peak_rss_mib']} MiB")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    name = f"latest-first-{LIMIT}.json" if LIMIT else "latest.json"
    (out / name).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
