"""Run every benchmark; print the figures and keep them in bench/results/latest.json."""

from __future__ import annotations

import json
import platform
import sys
import time

from bench import extraction, intake, load, relevance, search, store, web
from bench.common import ROOT, peak_rss_mib

SUITES = {"intake": intake.run, "extraction": extraction.run, "store": store.run, "search": search.run,
          "relevance": relevance.run, "web": web.run, "load": load.run}


def main() -> None:
    results = {"machine": platform.platform(), "python": platform.python_version(),
               "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    chosen = sys.argv[1:] or list(SUITES)
    for name in chosen:
        run = SUITES[name]
        results[name] = run()
    results["peak_rss_mib"] = round(peak_rss_mib(), 1)
    print(f"peak RSS of the benchmark process: {results['peak_rss_mib']} MiB")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
