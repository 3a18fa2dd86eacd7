"""Ingest beyond one process, in one run, as whole commands (wall time: parallel work is what it buys):

1. Extraction alone (reading, extracting and building every source's triples, nothing stored): the part that
   spreads over workers.
2. ``vankien ingest`` of the baomoi corpus (or its first ``VANKIEN_BENCH_LIMIT`` lines) into a fresh data
   folder: the sequential ingest, the baseline.
3. ``vankien ingest --workers 2``: a local Dask cluster of two processes extracting, the graphs bulk-loaded,
   the index rebuilt at the end.
4. The same two into a private Virtuoso started for the run (``--store``), when Debian's
   ``virtuoso-opensource`` is installed.

Each command's wall time and CPU (its own and its children's, the Dask workers included) and peak RSS, and
articles per second as ratios to the sequential ingest of the same store; and the ceiling this machine puts
on any such ratio: its cores over the cores the sequential run kept busy.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.common import ROOT, in_child
from bench.corpus import WORK, baomoi

FOLDER = WORK / "scale"


def _command(*args: str | Path) -> dict:
    """Run ``vankien ARGS…`` to the end; its wall time, CPU with its children's, and the largest peak RSS
    of the processes it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).with_name("vankien")), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 2):
        raise RuntimeError(f"vankien {' '.join(map(str, args[:2]))} failed: {done.stderr.strip()[-500:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"seconds": seconds, "cpu": cpu, "peak_rss_mib": after.ru_maxrss / 1024,
            "summary": done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""}


def _line(name: str, figures: dict, articles: int, baseline: dict | None = None) -> dict:
    rate = articles / figures["seconds"]
    busy = figures["cpu"] / figures["seconds"]
    line = (f"{name:<52} wall {figures['seconds']:8.1f} s  CPU {figures['cpu']:8.1f} s ({busy:4.2f} cores)  "
            f"{rate:8.1f} articles/s")
    result = {"name": name, "seconds": round(figures["seconds"], 2), "cpu_seconds": round(figures["cpu"], 2),
              "cores_busy": round(busy, 2), "articles_per_second": round(rate, 2)}
    if baseline is not None:
        speed = rate / (articles / baseline["seconds"])
        line += f"  ×{speed:.2f} the sequential rate"
        result["speed_ratio"] = round(speed, 3)
    print(line, flush=True)
    return result


def _virtuoso(work: Path):
    """A private Virtuoso for the run (the test suite's helper), or None when it is not installed."""
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        return None
    sys.path.insert(0, str(ROOT / "tests"))
    from store_servers import virtuoso

    work.mkdir(parents=True, exist_ok=True)
    return virtuoso(work)


def _ceiling(sequential: dict) -> dict:
    """The most any run doing the sequential ingest's CPU work can gain over it on this machine's cores: the
    cores divided by those the sequential run already kept busy on average (its index rebuild, past
    ``search.sync.PARALLEL_REBUILD`` sources, runs two writer processes)."""
    cores = os.cpu_count() or 1
    ceiling = cores / (sequential["cpu"] / sequential["seconds"])
    print(f"scale: the same CPU work on {cores} cores can run at most ×{ceiling:.2f} the sequential rate", flush=True)
    return {"name": f"scale: ceiling on {cores} cores for the sequential ingest's CPU work",
            "speed_ratio": round(ceiling, 3)}


def run() -> list[dict]:
    source = baomoi()
    if source is None:
        print("scale: skipped (corpora absent)")
        return []
    shutil.rmtree(FOLDER, ignore_errors=True)
    FOLDER.mkdir(parents=True)
    results = []
    extraction = in_child("extraction_only", source)
    articles = extraction["count"]
    sequential = _command("ingest", source, "--data", FOLDER / "sequential")
    dask = _command("ingest", source, "--data", FOLDER / "dask", "--workers", "2")
    print(f"scale: {articles} articles")
    print(f"  sequential: {sequential['summary']}\n  dask:       {dask['summary']}")
    results.append(_line("scale: extraction alone (one process)", extraction, articles, sequential))
    results.append(_line("scale: vankien ingest (sequential)", sequential, articles))
    results.append(_ceiling(sequential))
    results.append(_line("scale: vankien ingest --workers 2 (local Dask)", dask, articles, sequential))
    shutil.rmtree(FOLDER / "dask", ignore_errors=True)
    for workers in ((), ("--workers", "2")):
        server = _virtuoso(FOLDER / f"virtuoso{len(workers)}")
        if server is None:
            print("scale: Virtuoso skipped (virtuoso-opensource not installed)")
            break
        try:
            into = _command("ingest", source, "--data", FOLDER / f"into-virtuoso{len(workers)}",
                            "--store", server.url, *workers)
        finally:
            server.stop()
        label = "--workers 2 " if workers else ""
        print(f"  Virtuoso {label}: {into['summary']}")
        results.append(_line(f"scale: vankien ingest {label}into Virtuoso", into, articles, sequential))
        shutil.rmtree(FOLDER / f"virtuoso{len(workers)}", ignore_errors=True)
    return results
