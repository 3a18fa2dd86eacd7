"""Extraction speed over the baomoi corpus (one process, one core).

Baseline: reading the same sources without extracting (intake alone), so
the ratio shows what extraction adds on top of reading.
"""

from __future__ import annotations

import time
from collections import Counter

from bench.common import corpus, report
from graph.extract.extractor import extract
from graph.sources import SourceError, iter_sources


def run() -> list[dict]:
    path = corpus("baomoi-2017-news.jsonl.gz")
    if path is None:
        print("extraction: skipped (corpora absent)")
        return []
    start = time.perf_counter()
    sources = [s for s in iter_sources([path]) if not isinstance(s, SourceError)]
    baseline = time.perf_counter() - start
    results = [report("baseline: intake only (baomoi)", baseline, len(sources), unit="articles")]
    counts: Counter[str] = Counter()
    start = time.perf_counter()
    for source in sources:
        facts = extract(source)
        counts["documents"] += len(facts.documents)
        counts["organisations"] += len(facts.organisations)
        counts["people"] += len(facts.people)
        counts["events"] += len(facts.events)
        counts["statistics"] += len(facts.statistics)
        counts["relations"] += len(facts.relations)
    seconds = time.perf_counter() - start
    result = report("extraction: baomoi-2017-news (extract only)", seconds, len(sources), baseline, unit="articles")
    result["found"] = dict(counts)
    print("  found:", ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    results.append(result)
    return results
