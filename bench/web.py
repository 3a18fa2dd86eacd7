"""Web benchmarks: the baomoi corpus store (:mod:`bench.corpus`; built first when missing) served by
``vankien serve`` (gunicorn, 2 workers) on 127.0.0.1, measured over HTTP in the same run as the baseline
request (``/api/openapi.json``):

- latency p50/p95 of the search page over ~100 mixed queries (the HTML page, else ``/search.json``);
- latency p50/p95 of document pages and their ``.json`` twins, first seen and seen again (a server compiles
  each new query text; the workers remember a generation's answers);
- 20 concurrent clients for 30 s on a mix of URLs: requests/s and errors (should be 0),
  against the same clients on the baseline request.
"""

from __future__ import annotations

import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

from bench.common import ROOT
from bench.corpus import corpus_store
from bench.search import mixed_queries

BASELINE = "/api/openapi.json"
CLIENTS = 20
MIX_SECONDS = 30
BASELINE_SECONDS = 10
START_SECONDS = 600  # an empty or outdated index is rebuilt before the server listens
DOCUMENTS = 50
# A cheap SPARQL SELECT (one index lookup) through the endpoint: what the endpoint itself costs.
SPARQL = "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?d WHERE { ?d eli:id_local '35-NQ/TW' } LIMIT 1"})
SPARQL_CLIENTS = 10


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    """Status and media type of one GET (the body is read whole)."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return response.status, response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type()


def _start(data, port: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "vankien.web.cli", "serve", "--data", str(data),
                               "--host", "127.0.0.1", "--port", str(port), "--workers", "2", "--quiet"], cwd=ROOT,
                              stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"vankien serve exited with {server.returncode}")
        try:
            if _get(f"http://127.0.0.1:{port}{BASELINE}")[0] == 200:
                return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("vankien serve did not answer in time")


def _latency(base: str, paths: list[str]) -> tuple[list[float], list[str]]:
    """Milliseconds of each GET answered 200, and the paths answered so."""
    times, good = [], []
    for path in paths:
        start = time.perf_counter()
        status, _ = _get(base + path)
        elapsed = (time.perf_counter() - start) * 1000
        if status == 200:
            times.append(elapsed)
            good.append(path)
    return times, good


def _summary(name: str, times: list[float], baseline_p50: float | None = None) -> dict:
    times = sorted(times)
    p50, p95 = statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]
    line = f"  {name:<40} n={len(times):<4} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms"
    result = {"name": f"web: {name}", "requests": len(times), "p50_ms": round(p50, 1), "p95_ms": round(p95, 1)}
    if baseline_p50:
        result["p50_ratio_to_baseline"] = round(p50 / baseline_p50, 2)
        line += f"  p50 ×{p50 / baseline_p50:.1f} of baseline"
    print(line, flush=True)
    return result


def _load(base: str, paths: list[str], seconds: float, clients: int = CLIENTS) -> tuple[int, int]:
    """``clients`` threads requesting random ``paths`` for ``seconds``; (requests done, errors)."""
    done, errors = [0] * clients, [0] * clients
    stop = time.monotonic() + seconds

    def client(slot: int) -> None:
        rng = random.Random(slot)
        while time.monotonic() < stop:
            try:
                ok = _get(base + rng.choice(paths))[0] == 200
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                ok = False
            done[slot] += 1
            errors[slot] += not ok

    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done), sum(errors)


def _documents(data) -> list[str]:
    """Page paths of the most mentioned documents of the store."""
    from vankien.graph.iris import resolve_base_iri
    from vankien.graph.store import GraphStore

    base = resolve_base_iri(None)
    store = GraphStore(data, read_only=True)
    rows = store.query(f"""SELECT ?d (COUNT(?a) AS ?n) WHERE {{ ?d a eli:LegalResource ; eli:id_local ?number .
                           ?a schema:mentions ?d }} GROUP BY ?d ORDER BY DESC(?n) LIMIT {DOCUMENTS}""")
    paths = ["/" + row["d"].value.removeprefix(base) for row in rows if row["d"].value.startswith(base)]
    store.close()
    return paths


@contextmanager
def corpus_server(suite: str):
    """The corpus store (built first when missing) served on a free port of 127.0.0.1, stopped afterwards:
    (base URL, the baomoi corpus, paths of its most mentioned documents, the server process),
    or None — with a line saying ``suite`` is skipped and why — when the corpus store cannot be had."""
    found = corpus_store(suite)
    if found is None:
        yield None
        return
    baomoi, data = found
    documents = _documents(data)
    port = _free_port()
    server = _start(data, port)
    try:
        yield f"http://127.0.0.1:{port}", baomoi, documents, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(store: str | None = None) -> list[dict]:
    """The measurements on the embedded corpus store; with ``store`` (``virtuoso`` or ``oxigraph-server``)
    also on the same corpus in that server, started for the run, each figure as a ratio of the embedded one."""
    with corpus_server("web") as served:
        if served is None:
            return []
        base, baomoi, documents, _ = served
        embedded = _measure(base, baomoi, documents)
    if store is None:
        return embedded
    on_server = _on_server(store, baomoi, documents)
    by_name = {result["name"]: result for result in embedded}
    print(f"web: {store} against the embedded store")
    for result in on_server:
        mine = by_name.get(result["name"])
        for figure in ("p50_ms", "p95_ms", "per_second"):
            if mine and result.get(figure) and mine.get(figure):
                result[f"{figure}_ratio_to_embedded"] = round(result[figure] / mine[figure], 3)
        ratios = ", ".join(f"{key.removesuffix('_ratio_to_embedded')} ×{value:.2f}"
                           for key, value in result.items() if key.endswith("_ratio_to_embedded"))
        if ratios:
            print(f"  {result['name']:<44} {ratios}")
    return embedded + [{**result, "name": f"{store}: {result['name']}"} for result in on_server]


def _on_server(kind: str, baomoi, documents: list[str]) -> list[dict]:
    """The same measurements with the corpus ingested into a ``kind`` server started for the run."""
    import shutil

    sys.path.insert(0, str(ROOT / "tests"))
    from store_servers import start

    from bench.corpus import WORK

    work = WORK / f"web-{kind}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    server = start(kind, work)
    try:
        data = work / "data"
        print(f"web: ingesting {baomoi.name} into {kind} ({server.url}) with 2 workers", flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "vankien.web.cli", "ingest", str(baomoi), "--data", str(data),
                               "--store", server.url, "--workers", "2"], cwd=ROOT, capture_output=True, text=True)
        if done.returncode not in (0, 2):
            raise RuntimeError(f"ingest into {kind} failed: {done.stderr.strip()[-500:]}")
        print(f"  {done.stdout.strip().splitlines()[-1]} ({time.perf_counter() - started:.0f} s)", flush=True)
        port = _free_port()
        served = _start(data, port)
        try:
            return _measure(f"http://127.0.0.1:{port}", baomoi, documents)
        finally:
            served.terminate()
            served.wait(timeout=30)
    finally:
        server.stop()


def _measure(base: str, baomoi, documents: list[str]) -> list[dict]:
    html = _get(base + "/search?q=nghi+quyet") == (200, "text/html")
    search = "/search" if html else "/search.json"
    print(f"web: {base}, 2 workers; search through {search}; {len(documents)} documents", flush=True)
    results = []
    for _ in range(6):  # warm both workers: searcher, store, graph projection
        for path in (f"{search}?q=nghi+quyet", BASELINE, *documents[:1], *[f"{d}.json" for d in documents[:1]]):
            _get(base + path)
    times, _ = _latency(base, [BASELINE] * 100)
    results.append(_summary(f"baseline {BASELINE}", times))
    baseline_p50 = results[-1]["p50_ms"]

    queries = [f"{search}?{urllib.parse.urlencode({'q': q})}" for q in mixed_queries(baomoi)[::2][:100]]
    times, good_searches = _latency(base, queries)
    if not times:
        raise RuntimeError(f"no search answered 200 (try {base}{queries[0]})")
    results.append(_summary(f"search page ({search})", times, baseline_p50))
    times, good_pages = _latency(base, documents)
    if times:
        results.append(_summary("document page", times, baseline_p50))
    times, good_twins = _latency(base, [f"{path}.json" for path in documents])
    if times:
        results.append(_summary("document .json twin", times, baseline_p50))
    # the same again: what a server compiled and the workers remembered for this generation is reused
    for name, paths in (("document page, seen again", good_pages),
                        ("document .json twin, seen again", [f"{path}.json" for path in good_pages])):
        times, _ = _latency(base, paths)
        if times:
            results.append(_summary(name, times, baseline_p50))
    if len(good_pages) < len(documents) or len(good_twins) < len(documents):
        print(f"  ({len(documents) - len(good_pages)} pages and {len(documents) - len(good_twins)} twins "
              f"were not 200 and are left out)")

    results += _sparql(base, baseline_p50)

    count, errors = _load(base, [BASELINE], BASELINE_SECONDS)
    baseline_rate = count / BASELINE_SECONDS
    print(f"  {CLIENTS} clients × {BASELINE_SECONDS} s on the baseline: {baseline_rate:,.0f} req/s, "
          f"{errors} errors", flush=True)
    mix = good_searches + good_pages + good_twins + ["/suggest.json?q=nghi+quyet", "/suggest.json?q=bo+chinh"]
    count, errors = _load(base, mix, MIX_SECONDS)
    rate = count / MIX_SECONDS
    print(f"  {CLIENTS} clients × {MIX_SECONDS} s on the mix ({len(mix)} URLs): {rate:,.1f} req/s "
          f"(×{rate / baseline_rate:.3f} of baseline), {errors} errors", flush=True)
    results.append({"name": "web: 20 concurrent clients, mixed URLs", "seconds": MIX_SECONDS, "requests": count,
                    "per_second": round(rate, 1), "errors": errors,
                    "baseline_per_second": round(baseline_rate, 1),
                    "ratio_to_baseline": round(rate / baseline_rate, 3)})
    return results


def _sparql(base: str, baseline_p50: float) -> list[dict]:
    """The cheap SELECT at one client (p50 over the baseline's, in ms) and at ``SPARQL_CLIENTS`` clients."""
    for _ in range(10):  # every warm query process of both workers
        _get(base + SPARQL)
    times, _ = _latency(base, [SPARQL] * 200)
    result = _summary("cheap SPARQL SELECT (/sparql)", times, baseline_p50)
    result["p50_over_baseline_ms"] = round(result["p50_ms"] - baseline_p50, 1)
    print(f"    p50 {result['p50_over_baseline_ms']:+.1f} ms over the baseline request's")
    count, errors = _load(base, [SPARQL], BASELINE_SECONDS, SPARQL_CLIENTS)
    rate = count / BASELINE_SECONDS
    print(f"  {SPARQL_CLIENTS} clients × {BASELINE_SECONDS} s on the cheap SELECT: {rate:,.1f} req/s, {errors} errors",
          flush=True)
    return [result, {"name": f"web: cheap SPARQL SELECT, {SPARQL_CLIENTS} concurrent clients",
                     "seconds": BASELINE_SECONDS, "requests": count, "per_second": round(rate, 1), "errors": errors}]
