"""Where one Whoosh index stops being enough: the index of 5k, 35k and 100k articles, built from the records
of the baomoi corpus store — past its 35k articles, the same records again under changed keys, articles and
entities alike (the entities of a larger corpus grow with it) — with its size on disk, its build (2 writer
processes, as a rebuild), the opening of a searcher and the latency of the mixed queries of the search suite.

Each size is built in a process of its own and searched in another (peak memory of each; the writer
processes' peak counts the pages they share with the building process, which forked them). Needs the whole
baomoi store; a trial (``VANKIEN_BENCH_LIMIT``) scales the sizes down with it.
"""

from __future__ import annotations

import shutil

from bench.common import in_child
from bench.corpus import LIMIT, WORK, corpus_store

SIZES = (5_000, 35_000, 100_000)
FULL = 35_432  # articles of the whole baomoi corpus


def sizes() -> list[int]:
    """The article counts measured: :data:`SIZES`, scaled down in proportion for a trial on fewer lines."""
    return [max(1, round(size * LIMIT / FULL)) for size in SIZES] if LIMIT else list(SIZES)


def run() -> list[dict]:
    found = corpus_store("index-curve")
    if found is None:
        return []
    baomoi, data = found
    results = []
    for articles in sizes():
        folder = WORK / f"index-curve-{articles}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        try:
            built = in_child("index_of", data, articles, folder)
            searched = in_child("search_latency", folder, baomoi)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        result = {"name": f"index-curve: {articles:,} articles", "articles": articles,
                  "entities": built["entities"], "copies": built["copies"],
                  "build_s": round(built["seconds"], 1), "build_cpu_s": round(built["cpu"], 1),
                  "build_peak_rss_mib": round(built["peak_rss_mib"], 1),
                  "writer_peak_rss_mib": round(built["writers_peak_rss_mib"], 1),
                  "index_mib": round(built["index_mib"], 1),
                  "opening_s": round(searched["opening"], 2), "p50_ms": round(searched["p50"], 1),
                  "p95_ms": round(searched["p95"], 1), "max_ms": round(searched["max"], 1),
                  "p50_cached_ms": round(searched["p50_cached"], 1),
                  "p95_cached_ms": round(searched["p95_cached"], 1),
                  "search_peak_rss_mib": round(searched["peak_rss_mib"], 1)}
        print(f"index-curve: {articles:>7,} articles + {built['entities'] - articles:,} other entities "
              f"({built['copies']} cop{'y' if built['copies'] == 1 else 'ies'} of the store): index "
              f"{result['index_mib']:,.0f} MiB, built in {result['build_s']:.0f} s (CPU {result['build_cpu_s']:.0f} s, "
              f"peak {result['build_peak_rss_mib']:.0f} MiB, writer {result['writer_peak_rss_mib']:.0f} MiB); "
              f"opening {result['opening_s']:.2f} s; queries p50 "
              f"{result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, max {result['max_ms']:.0f} ms (cached: "
              f"p50 {result['p50_cached_ms']:.1f}, p95 {result['p95_cached_ms']:.1f}); searching peak "
              f"{result['search_peak_rss_mib']:.0f} MiB", flush=True)
        results.append(result)
    return results
