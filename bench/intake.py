"""Intake speed: sources read per second over the real corpora.

Baseline: decompressing and ``json.loads``-ing every line of the same
JSON Lines file, the least any reader of it must do.
"""

from __future__ import annotations

import gzip
import json

from bench.common import best_of, corpus, report
from vankien.graph.sources import SourceError, iter_sources


def _bare_json(path) -> int:
    count = 0
    with gzip.open(path, "rb") as handle:
        for line in handle:
            if line.strip():
                json.loads(line)
                count += 1
    return count


def _intake(path) -> int:
    return sum(1 for item in iter_sources([path]) if not isinstance(item, SourceError))


def run() -> list[dict]:
    results = []
    baomoi = corpus("baomoi-2017-news.jsonl.gz")
    if baomoi is None:
        print("intake: skipped (corpora absent)")
        return results
    baseline, _ = best_of(2, lambda: _bare_json(baomoi))
    results.append(report("baseline: gzip + json.loads (baomoi)", baseline, _bare_json(baomoi), unit="lines"))
    seconds, count = best_of(2, lambda: _intake(baomoi))
    results.append(report("intake: baomoi-2017-news.jsonl.gz", seconds, count, baseline, unit="sources"))
    for name in ("dantri-2020-news.tar.gz", "vn-laws-vlc.tar.gz"):
        if path := corpus(name):
            seconds, count = best_of(3, lambda p=path: _intake(p))
            results.append(report(f"intake: {name}", seconds, count, unit="sources"))
    return results
