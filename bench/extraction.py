"""Extraction speed over the baomoi corpus (one process, one core), and on one very long line.

Baseline for the corpus: reading the same sources without extracting (intake alone), so the ratio
shows what extraction adds on top of reading. Baseline for the long line: the same copies of the
seed article extracted one by one, so a ratio near 1 says time grows linearly with the text.
"""

from __future__ import annotations

import time
from collections import Counter

from bench.common import ROOT, corpus, report
from vankien.graph.extract.extractor import extract
from vankien.graph.sources import Source, SourceError, iter_sources

LONG_LINE_CHARS = 5_000_000


def long_line() -> list[dict]:
    """The seed article on one line, repeated to 5 M characters, against its copies one by one."""
    line = (ROOT / "seeds" / "000_ac2e6e210db709f5.txt").read_text(encoding="utf-8").replace("\n", " ")
    copies = -(-LONG_LINE_CHARS // (len(line) + 1))
    start = time.perf_counter()
    for i in range(copies):
        extract(Source(path=f"copy-{i}.txt", text=line, sha256=""))
    baseline = time.perf_counter() - start
    results = [report("baseline: seed copies one by one", baseline, copies, unit="copies")]
    text = " ".join([line] * copies)
    start = time.perf_counter()
    extract(Source(path="long-line.txt", text=text, sha256=""))
    seconds = time.perf_counter() - start
    results.append(report(f"extraction: {len(text) / 1e6:.1f} M characters on one line", seconds, copies, baseline,
                          unit="copies"))
    return results


def run() -> list[dict]:
    results = long_line()
    path = corpus("baomoi-2017-news.jsonl.gz")
    if path is None:
        print("extraction: corpus part skipped (corpora absent)")
        return results
    start = time.perf_counter()
    sources = [s for s in iter_sources([path]) if not isinstance(s, SourceError)]
    baseline = time.perf_counter() - start
    results.append(report("baseline: intake only (baomoi)", baseline, len(sources), unit="articles"))
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
