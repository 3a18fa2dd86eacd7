"""Relevance: success@1 of the query set in tests/relevance/queries.json, then the judged query set of
bench/queries (:mod:`bench.relevance_judged`: success@1, nDCG@10 and P@5 per category against a baseline).

The index holds the seed, the 110 laws and the first 2,000 baomoi articles;
each query's expected best hit was written down before ranking was tuned.
"""

from __future__ import annotations

import gzip
import itertools
import json
import shutil
import time
from pathlib import Path

from bench import relevance_judged
from bench.common import ROOT, SEED_ARTICLE, corpus

QUERIES = ROOT / "tests" / "relevance" / "queries.json"
BAOMOI_SLICE = 2000


def build_store(work: Path, seed_and_laws: Path | None = None) -> Path | None:
    """Ingest seed + laws + a baomoi slice into ``work/data`` through the pipeline (the index follows);
    None when the corpora are absent.

    A store left by an earlier run is reused (unchanged sources are skipped) and its index rebuilt
    whole, so the figures always reflect the current indexing code. ``seed_and_laws``: a data folder of
    the seed and the laws ingested by this code, copied to start from (only the slice is then read).
    """
    from vankien.search.pipeline import ingest, reindex

    laws, baomoi = corpus("vn-laws-vlc.tar.gz"), corpus("baomoi-2017-news.jsonl.gz")
    if laws is None or baomoi is None:
        return None
    work.mkdir(parents=True, exist_ok=True)
    slice_path = work / "baomoi-slice.jsonl"
    with gzip.open(baomoi, "rt", encoding="utf-8") as lines, open(slice_path, "w", encoding="utf-8") as out:
        out.writelines(itertools.islice(lines, BAOMOI_SLICE))
    data = work / "data"
    earlier = (data / "oxigraph").exists()
    if seed_and_laws is not None and not earlier:
        shutil.copytree(seed_and_laws, data)
    ingest(data, [SEED_ARTICLE, laws, slice_path])
    if earlier:
        reindex(data, procs=1)
    return data


def matches(hit: dict, expect: dict) -> bool:
    if hit["kind"] != expect["kind"]:
        return False
    if "number" in expect:
        return (hit.get("number") or "") == expect["number"]
    return hit["label"] == expect["label"]


def evaluate(data: Path) -> tuple[float, list[dict]]:
    """(success@1, the queries whose first hit was not the expected one)."""
    from vankien.search.query import Searcher, SearchRequest

    searcher = Searcher(data)
    queries = json.loads(QUERIES.read_text("utf-8"))["queries"]
    misses = []
    for item in queries:
        hits = searcher.search(SearchRequest(query=item["query"], limit=5))["hits"]
        if not hits or not matches(hits[0], item["expect"]):
            misses.append({"query": item["query"], "expected": item["expect"],
                           "got": [(h["kind"], h.get("number") or h["label"]) for h in hits[:3]]})
    return 1 - len(misses) / len(queries), misses


def run() -> list[dict]:
    work = ROOT / "bench" / "results" / "relevance-work"
    start = time.perf_counter()
    data = build_store(work)
    if data is None:
        print("relevance: skipped (corpora absent)")
        return []
    score, misses = evaluate(data)
    print(f"relevance: success@1 {score:.3f} over {len(json.loads(QUERIES.read_text('utf-8'))['queries'])} queries "
          f"({time.perf_counter() - start:.0f} s with indexing)")
    for miss in misses:
        print(f"  miss: {miss['query']!r} expected {miss['expected']} got {miss['got']}")
    return [{"name": "relevance success@1", "value": round(score, 3), "misses": misses}, *relevance_judged.run()]
