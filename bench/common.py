"""Timing helpers and the location of the shared corpora."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"


def corpus(name: str) -> Path | None:
    """Path of a corpus file, or None (the benchmark is then skipped)."""
    path = CORPORA / name
    return path if path.exists() else None


def best_of(runs: int, work: Callable[[], int]) -> tuple[float, int]:
    """Run ``work`` ``runs`` times; return the fastest wall time and its item count."""
    best, count = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        count = work()
        best = min(best, time.perf_counter() - start)
    return best, count


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(name: str, seconds: float, items: int, baseline: float | None = None, unit: str = "items") -> dict:
    """Print one result line and return it as a dict."""
    rate = items / seconds if seconds else float("inf")
    line = f"{name:<44} {items:>8} {unit} in {seconds:7.2f} s  {rate:>10,.0f} {unit}/s"
    result = {"name": name, "seconds": round(seconds, 4), "items": items, "per_second": round(rate, 1)}
    if baseline:
        result["ratio_to_baseline"] = round(seconds / baseline, 3)
        line += f"  ×{seconds / baseline:.2f} of baseline"
    print(line, flush=True)
    return result


def corpus_store(suite: str) -> tuple[Path, Path] | None:
    """(the baomoi corpus, the data folder the store suite built from it), or None — with a line
    saying ``suite`` is skipped — when either is missing."""
    from bench.store import WORK

    baomoi = corpus("baomoi-2017-news.jsonl.gz")
    data = WORK / "data"
    if baomoi is None or not (data / "oxigraph").exists():
        print(f"{suite}: skipped (needs the corpora and the store suite's baomoi store)")
        return None
    return baomoi, data
