"""Load benchmark: does the site stay up while expensive SPARQL queries run?

The baomoi corpus store (:mod:`bench.corpus`), served by ``vankien serve`` with its
defaults on 127.0.0.1. Two runs of the same load, in the same server:

1. 50 concurrent clients for 60 s on a mix of search pages, document pages,
   their JSON twins and ordinary SPARQL lookups (the baseline);
2. the same, while 4 more clients keep expensive SPARQL queries running
   (cross joins, a regular expression over every literal, a join grouped and
   sorted over everything), each sent again as soon as it is answered.

Figures: requests/s, errors of the ordinary requests (target 0), their latency
p50/p95 and the ratio of run 2's p95 to run 1's (target ≤ 3), what the
expensive queries got (200, 503 …), and the peak memory of the server's whole
process tree (proportional set size, so pages shared between processes are
counted once; target < 2 GiB).
"""

from __future__ import annotations

import os
import random
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

from bench.search import mixed_queries
from bench.store import LOOKUPS
from bench.web import _get, corpus_server

CLIENTS = 50
SECONDS = 60
EXPENSIVE_CLIENTS = 4
MEMORY_LIMIT_MIB = 2048
P95_LIMIT = 3.0
EXPENSIVE = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 10",
    "SELECT ?s WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), '^(.*a)*(.*b)*.*c.*d.*e$', 'i')) } LIMIT 10",
    "SELECT ?s (COUNT(?r) AS ?n) WHERE { ?s ?p ?o . ?o ?q ?r } GROUP BY ?s ORDER BY DESC(?n) LIMIT 10",
]


def _sparql_path(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, "format": "json"})


def _tree_pss_mib(root: int) -> float:
    """Proportional set size of ``root`` and every process below it, in MiB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total_kib, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total_kib += int(line.split()[1])
                        break
        except OSError:
            continue
    return total_kib / 1024


class MemoryWatch:
    """Samples the server tree's memory twice a second until stopped; ``peak`` in MiB."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.running = pid, 0.0, True
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while self.running:
            self.peak = max(self.peak, _tree_pss_mib(self.pid))
            time.sleep(0.5)

    def stop(self) -> float:
        self.running = False
        self.thread.join()
        return self.peak


def _timed_get(url: str) -> tuple[int, float]:
    start = time.perf_counter()
    try:
        status = _get(url)[0]
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        status = 0
    return status, (time.perf_counter() - start) * 1000


def _run(base: str, mix: list[str], expensive: bool) -> dict:
    """CLIENTS clients on ``mix`` for SECONDS (and the expensive ones when asked)."""
    latencies: list[float] = []
    errors: Counter = Counter()
    heavy: Counter = Counter()
    stop = time.monotonic() + SECONDS
    lock = threading.Lock()

    def client(slot: int) -> None:
        rng = random.Random(slot)
        while time.monotonic() < stop:
            path = rng.choice(mix)
            status, ms = _timed_get(base + path)
            with lock:
                if status == 200:
                    latencies.append(ms)
                else:
                    errors[f"{status} {path[:60]}"] += 1

    def expensive_client(slot: int) -> None:
        query = EXPENSIVE[slot % len(EXPENSIVE)]
        while time.monotonic() < stop:
            status, _ = _timed_get(base + _sparql_path(query))
            with lock:
                heavy[status] += 1
            if status == 503:
                time.sleep(0.2)  # a polite client waits a little before trying again

    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(CLIENTS)]
    if expensive:
        threads += [threading.Thread(target=expensive_client, args=(slot,)) for slot in range(EXPENSIVE_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {"requests": len(latencies) + sum(errors.values()), "errors": sum(errors.values()),
            "error_kinds": dict(errors.most_common(5)), "per_second": round(len(latencies) / SECONDS, 1),
            "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
            "p95_ms": round(latencies[max(0, int(len(latencies) * 0.95) - 1)], 1) if latencies else None,
            "expensive_answers": {str(k): v for k, v in sorted(heavy.items())}}


def run() -> list[dict]:
    with corpus_server("load") as served:
        if served is None:
            return []
        base, baomoi, documents, server = served
        return _measure(base, baomoi, documents, server.pid)


def _measure(base: str, baomoi: Path, documents: list[str], server_pid: int) -> list[dict]:
    searches = [f"/search?{urllib.parse.urlencode({'q': q})}" for q in mixed_queries(baomoi)[::3][:60]]
    sparql = [_sparql_path(query) for query in LOOKUPS.values()]
    mix = searches + documents + [f"{d}.json" for d in documents] + sparql * 6
    for path in mix[:: max(1, len(mix) // 40)]:  # warm both workers
        _get(base + path)
    print(f"load: {base}, {CLIENTS} clients × {SECONDS} s, {len(mix)} URLs "
          f"({len(searches)} searches, {len(documents)} documents and twins, {len(sparql)} SPARQL lookups)",
          flush=True)
    results = []
    for expensive in (False, True):
        watch = MemoryWatch(server_pid)
        figures = _run(base, mix, expensive)
        figures["peak_memory_mib"] = round(watch.stop(), 1)
        name = f"load: {CLIENTS} clients" + (f" + {EXPENSIVE_CLIENTS} expensive SPARQL" if expensive else "")
        print(f"  {name:<44} {figures['per_second']:>7,.1f} req/s  errors {figures['errors']}  "
              f"p50 {figures['p50_ms']} ms  p95 {figures['p95_ms']} ms  "
              f"peak memory {figures['peak_memory_mib']:,.0f} MiB"
              + (f"  expensive answers {figures['expensive_answers']}" if expensive else ""), flush=True)
        if figures["errors"]:
            print(f"    errors: {figures['error_kinds']}")
        results.append({"name": name, **figures})
    quiet, loaded = results
    if quiet["p95_ms"] and loaded["p95_ms"]:
        ratio = loaded["p95_ms"] / quiet["p95_ms"]
        loaded["p95_ratio_to_baseline"] = round(ratio, 2)
        verdict = "within" if ratio <= P95_LIMIT else "OVER"
        print(f"  p95 with the expensive queries: ×{ratio:.2f} of the same load without them "
              f"({verdict} the ×{P95_LIMIT:g} target); peak memory "
              f"{max(quiet['peak_memory_mib'], loaded['peak_memory_mib']):,.0f} MiB (limit {MEMORY_LIMIT_MIB:,})",
              flush=True)
    return results
