"""Search benchmarks on the baomoi corpus store (:mod:`bench.corpus`; built first when missing):

- indexing every entity of the store (our pipeline: records read from the
  store, multiprocess writer on 2 cores) against the baseline of bare Whoosh
  indexing the same article texts with the same analyzers;
- query latency p50/p95 over 200+ mixed queries (words with and without
  diacritics, phrases, numbers in several spellings, names);
- index size and peak memory.
"""

from __future__ import annotations

import gzip
import json
import random
import shutil
import statistics
import time
from pathlib import Path

from bench.common import in_child, report
from bench.corpus import WORK, corpus_store


def _size_mib(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def mixed_queries(baomoi: Path, count: int = 220) -> list[str]:
    """Words from real titles (half without diacritics), phrases, numbers in several spellings, names."""
    from vankien.graph.extract.numbers import find_numbers
    from vankien.graph.text import fold

    rng = random.Random(7)
    titles, numbers = [], []
    with gzip.open(baomoi, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("title"):
                titles.append(record["title"])
            if len(numbers) < 200:
                numbers += [n.canonical for _, _, n in find_numbers(record.get("text") or "")]
    queries = []
    for title in rng.sample(titles, min(len(titles), count // 2)):
        words = title.split()[:3]
        text = " ".join(words)
        queries.append(fold(text) if rng.random() < 0.5 else text)
    for title in rng.sample(titles, min(len(titles), count // 5)):
        queries.append('"' + " ".join(title.split()[1:3]) + '"')
    for number in rng.sample(numbers, min(len(numbers), count // 5)):
        seq, _, rest = number.partition("-") if "-" in number.split("/")[0] else number.partition("/")
        queries.append(rng.choice([number, number.lower(), f"{rest.split('/')[0]} {seq}"]))
    queries += ["Bộ Chính trị", "thu tuong chinh phu", "Nguyễn Xuân Phúc", "bo tai chinh", "Quốc hội",
                "uy ban nhan dan thanh pho ha noi", "nghi quyet", "chỉ thị", "luật đất đai", "tham nhũng"]
    return queries[:count] if len(queries) >= 200 else queries


def latencies(searcher, queries: list[str]) -> list[float]:
    """Milliseconds each of ``queries`` took ``searcher`` (a refused query counts as answered), sorted."""
    from vankien.search.query import SearchError, SearchRequest

    times = []
    for query in queries:
        start = time.perf_counter()
        try:
            searcher.search(SearchRequest(query=query))
        except SearchError:
            pass
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def run() -> list[dict]:
    found = corpus_store("search")
    if found is None:
        return []
    baomoi, data = found
    results = []
    bare_dir = WORK / "bare-index"
    shutil.rmtree(bare_dir, ignore_errors=True)
    bare_dir.mkdir(parents=True)
    bare = in_child("bare_whoosh", baomoi, bare_dir)
    results.append(report("baseline: bare Whoosh, same analyzers", bare["seconds"], bare["count"], unit="docs"))
    ours = in_child("reindex", data)
    results.append(report("search: reindex the baomoi store", ours["seconds"], ours["count"], bare["seconds"],
                          unit="entities"))
    size = _size_mib(data / "index")
    print(f"  index {size:.0f} MiB (bare {_size_mib(bare_dir):.0f} MiB); peak RSS {ours['peak_rss_mib']:.0f} MiB "
          f"(bare {bare['peak_rss_mib']:.0f} MiB)")
    results[-1].update(index_mib=round(size, 1), peak_rss_mib=round(ours["peak_rss_mib"], 1))

    from vankien.search.query import Searcher, SearchRequest

    searcher = Searcher(data)
    queries = mixed_queries(baomoi)
    start = time.perf_counter()
    searcher.search(SearchRequest(query="nghị quyết"))  # opening: columns and the accent table, once a process
    opening = time.perf_counter() - start
    print(f"  first query after opening the index: {opening:.2f} s")
    for label in ("first pass, postings cache filling", "second pass, postings cached"):
        times = latencies(searcher, queries)
        p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
        print(f"  queries ({label}): {len(queries)}, p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")
        results.append({"name": f"search: query latency ({label})", "queries": len(queries),
                        "p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "opening_s": round(opening, 2)})
    return results
