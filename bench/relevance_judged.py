"""Figures of the judged query set (bench/queries): success@1, nDCG@10 and P@5 per category, for vankien and
the FTS5 baseline, measured in the same run on the same store.

success@1: the first result is graded 2. nDCG@10: graded gain 2^g − 1, the ideal ranking made of every
graded result of the query. P@5: the share of the first five graded 1 or 2. A result no one graded counts
0 and is listed, to be graded by the guide's rules before the figures are reported.

One answer is counted once. The guide grades a law's node and its official text as the same answer ("its
node or its text"); vankien shows the text on the document's page and returns the document, the baseline
indexes only texts and returns the text. So for both engines an official text (``schema:about`` its
document) and an ``owl:sameAs`` twin stand for their document: a ranked list keeps the first of them, and
the document's grade is the best grade given to any of them — otherwise the ideal ranking would hold the
same answer twice and no engine could reach it.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

from bench.common import ROOT, SEED_ARTICLE, corpus

QUERIES = ROOT / "bench" / "queries" / "queries.jsonl"
JUDGMENTS = sorted((ROOT / "bench" / "queries").glob("judgments-*.jsonl"))
WORK = ROOT / "bench" / "results" / "relevance-set-work"
DEPTH = 10


def judgments() -> dict[str, dict[str, int]]:
    """Query id → result IRI → grade."""
    grades: dict[str, dict[str, int]] = defaultdict(dict)
    for path in sorted((ROOT / "bench" / "queries").glob("judgments-*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                grades[row["id"]][row["iri"]] = int(row["grade"])
    return grades


def ndcg(ranked: list[str], grades: dict[str, int], depth: int = DEPTH) -> float:
    gains = [2 ** grades.get(iri, 0) - 1 for iri in ranked[:depth]]
    ideal = sorted((2 ** g - 1 for g in grades.values()), reverse=True)[:depth]
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains)) / best if best else 0.0


def scores(ranked: list[str], grades: dict[str, int]) -> dict[str, float]:
    top5 = ranked[:5]
    return {"success@1": float(bool(ranked) and grades.get(ranked[0], 0) == 2),
            "nDCG@10": ndcg(ranked, grades),
            "P@5": sum(1 for iri in top5 if grades.get(iri, 0) >= 1) / 5}


def build_store() -> Path | None:
    """The store of seeds + Dân trí + laws the set was pooled on (built once, then reused)."""
    from vankien.search.pipeline import ingest

    dantri, laws = corpus("dantri-2020-news.tar.gz"), corpus("vn-laws-vlc.tar.gz")
    if dantri is None or laws is None:
        return None
    data = WORK / "data"
    ingest(data, [SEED_ARTICLE, dantri, laws])
    return data


def answers_of_store(data: Path) -> dict[str, str]:
    """Official text or twin IRI → the document it is, read from the store of ``data``."""
    from vankien.graph import catalog
    from vankien.graph.store import GraphStore

    store = GraphStore(data, read_only=True)
    try:
        texts = {r["s"]: r["d"] for r in catalog.rows(
            store, "SELECT DISTINCT ?s ?d WHERE { ?s a schema:DigitalDocument ; schema:about ?d }")}
        return texts | catalog.read_twins(store)
    finally:
        store.close()


def as_answers(ranked: list[str], answer: dict[str, str]) -> list[str]:
    """``ranked`` with each IRI replaced by the answer it stands for, each answer once, in order."""
    out: list[str] = []
    for iri in ranked:
        iri = answer.get(iri, iri)
        if iri not in out:
            out.append(iri)
    return out


def answer_grades(grades: dict[str, int], answer: dict[str, str]) -> dict[str, int]:
    """A query's grades by answer: the best grade of the IRIs that stand for it."""
    out: dict[str, int] = {}
    for iri, grade in grades.items():
        key = answer.get(iri, iri)
        out[key] = max(out.get(key, 0), grade)
    return out


def evaluate(data: Path) -> dict:
    """Per engine and category, the mean of each figure; and the unjudged results of vankien's top 10."""
    from bench.baseline_fts import Baseline, rows_of_store
    from vankien.search.query import Searcher, SearchRequest

    queries = [json.loads(line) for line in QUERIES.read_text("utf-8").splitlines() if line.strip()]
    grades = judgments()
    baseline = Baseline(rows_of_store(data))
    searcher = Searcher(data)
    answer = answers_of_store(data)
    sums: dict[str, dict[str, dict[str, float]]] = {"vankien": defaultdict(lambda: defaultdict(float)),
                                                    "baseline": defaultdict(lambda: defaultdict(float))}
    counts: dict[str, int] = defaultdict(int)
    unjudged = []
    for q in queries:
        judged = answer_grades(grades.get(q["id"], {}), answer)
        ours = [hit["iri"] for hit in searcher.search(SearchRequest(query=q["query"], limit=DEPTH))["hits"]]
        unjudged += [(q["id"], q["query"], iri) for iri in ours if answer.get(iri, iri) not in judged]
        ours = as_answers(ours, answer)
        theirs = as_answers(baseline.search(q["query"], DEPTH), answer)
        for category in (q["category"], "all"):
            counts[category] += 1
            for engine, ranked in (("vankien", ours), ("baseline", theirs)):
                for name, value in scores(ranked, judged).items():
                    sums[engine][category][name] += value
    figures = {engine: {category: {name: round(total / counts[category], 3) for name, total in values.items()}
                        for category, values in by_category.items()} for engine, by_category in sums.items()}
    return {"figures": figures, "counts": dict(counts), "unjudged": unjudged}


def run() -> list[dict]:
    data = build_store()
    if data is None:
        print("relevance (judged set): skipped (corpora absent)")
        return []
    result = evaluate(data)
    print(f"relevance, judged set: {result['counts']['all']} queries; vankien | baseline")
    for category in sorted(result["counts"], key=lambda c: (c == "all", c)):
        ours, theirs = result["figures"]["vankien"][category], result["figures"]["baseline"][category]
        print(f"  {category:<14} n={result['counts'][category]:<3} " + "  ".join(
            f"{name} {ours[name]:.3f} | {theirs[name]:.3f}" for name in ("success@1", "nDCG@10", "P@5")))
    if result["unjudged"]:
        print(f"  {len(result['unjudged'])} results in vankien's top 10 are not graded yet (counted 0):")
        for qid, query, iri in result["unjudged"][:20]:
            print(f"    {qid} {query!r}: {iri}")
    return [{"name": "relevance judged set", **result}]
