"""Timing helpers, the location of the shared corpora and the runner of child measurements."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The seed article: the judged sets were pooled on stores holding it (the invented samples beside it in seeds/
# came later and are not in them).
SEED_ARTICLE = ROOT / "seeds" / "000_ac2e6e210db709f5.txt"
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


def in_child(task: str, *args: str | Path) -> dict:
    """Run ``task`` of :mod:`bench.child` in a process of its own (``python -m bench.child task args…``)
    and return what it measured (its seconds, peak memory and figures); RuntimeError when it fails."""
    out = subprocess.run([sys.executable, "-m", "bench.child", task, *map(str, args)], capture_output=True,
                         text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f"{task} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])
