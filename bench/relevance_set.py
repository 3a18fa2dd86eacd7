"""The judged query set of ``python -m bench relevance`` (see bench/queries/GUIDE.md): how its queries were
chosen, written down as code, and the pools of results that were graded.

``python -m bench.relevance_set queries DATA`` writes bench/queries/queries.jsonl from the store of seeds +
Dân trí + laws in DATA by the rules of the guide (the topic queries, written by reading sampled articles, are
kept in bench/queries/topics.jsonl); ``python -m bench.relevance_set pool DATA`` writes each query's pooled
results — vankien's top 10 and the FTS5 baseline's top 10 — to bench/results/relevance-pool.jsonl for grading.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.common import ROOT
from vankien.graph.text import fold as folded

QUERIES = ROOT / "bench" / "queries" / "queries.jsonl"
TOPICS = ROOT / "bench" / "queries" / "topics.jsonl"
POOL = ROOT / "bench" / "results" / "relevance-pool.jsonl"
DEPTH = 10


def _spread(items: list, count: int) -> list:
    """``count`` items evenly spaced over ``items`` (in their order), the first included."""
    if len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def _type_word(label: str) -> str:
    """The type word a document's label opens with ("Nghị định số 100/…" → "Nghị định"), else its first word."""
    from vankien.graph.doctypes import TYPE_WORDS

    opening = [w for w in (*TYPE_WORDS, "Văn bản") if label.lower().startswith(w.lower() + " ")]
    return max(opening, key=len) if opening else label.split(" ")[0]


def lookups(store) -> list[dict]:
    """20 numbered documents the texts cite or are (the catalogue aside), evenly spaced in IRI order, each
    written one of five ways users type numbers, by its rank modulo 5."""
    rows = store.query("""SELECT ?d (SAMPLE(?n) AS ?number) (SAMPLE(?l) AS ?label) WHERE {
        ?d a eli:LegalResource ; eli:id_local ?n ; rdfs:label ?l } GROUP BY ?d ORDER BY ?d""")
    docs = [(r["d"].value, r["number"].value, r["label"].value) for r in rows]
    out = []
    for i, (iri, number, label) in enumerate(_spread(docs, 20)):
        type_word = _type_word(label)
        seq = number.split("/")[0].split("-")[0]
        variant = i % 5
        query = [number, folded(f"{type_word} {number}"), folded(f"{type_word} {seq}"),
                 number.replace("/", " ").replace("-", " "), f"{type_word} số {number}"][variant]
        out.append({"category": "lookup", "query": query, "about": iri, "rule": f"spread, spelling {variant}"})
    return out


def named_laws(store) -> list[dict]:
    """20 laws of the laws corpus evenly spaced in file-name order, each by its name as its text heads it:
    as written for even ranks, without diacritics in lower case for odd ones."""
    rows = store.query("""SELECT ?path ?d ?h WHERE { ?s a schema:DigitalDocument ; vk:sourcePath ?path ;
        schema:about ?d ; schema:headline ?h } ORDER BY ?path""")
    laws = [(r["path"].value, r["d"].value, r["h"].value) for r in rows if "vn-laws-vlc" in r["path"].value]
    return [{"category": "named law", "query": head if i % 2 == 0 else folded(head), "about": iri,
             "rule": f"spread over {len(laws)} laws, {'as written' if i % 2 == 0 else 'folded'}"}
            for i, (_, iri, head) in enumerate(_spread(laws, 20))]


def _most_mentioned(store, kind: str, name: str, extra: str, count: int) -> list[tuple[str, str]]:
    rows = store.query(f"""SELECT ?e (SAMPLE(?n) AS ?name) (COUNT(DISTINCT ?a) AS ?c) WHERE {{
        ?a a schema:NewsArticle ; schema:mentions ?e . ?e a {kind} ; {name} ?n . {extra} }}
        GROUP BY ?e ORDER BY DESC(?c) ?e LIMIT {count * 2}""")
    found = [(r["e"].value, r["name"].value) for r in rows if len(r["name"].value.split()) >= 2]
    return found[:count]


def people(store) -> list[dict]:
    """The 15 people with a post mentioned by the most articles (names of two words or more): as written for
    even ranks, folded for odd ones."""
    found = _most_mentioned(store, "foaf:Person", "foaf:name",
                            "FILTER EXISTS { { ?e org:holds ?x } UNION { ?e schema:jobTitle ?j } }", 15)
    return [{"category": "person", "query": name if i % 2 == 0 else folded(name), "about": iri,
             "rule": "most mentioned with a post"} for i, (iri, name) in enumerate(found)]


def organisations(store) -> list[dict]:
    """The 15 organisations mentioned by the most articles: as written for even ranks, folded for odd ones."""
    found = _most_mentioned(store, "org:Organization", "skos:prefLabel", "", 15)
    return [{"category": "organisation", "query": name if i % 2 == 0 else folded(name), "about": iri,
             "rule": "most mentioned"} for i, (iri, name) in enumerate(found)]


def mixed(store) -> list[dict]:
    """10 documents with a title (trích yếu), evenly spaced in IRI order: the type word and the title's first
    four words, as written for even ranks, folded for odd ones."""
    rows = store.query("""SELECT ?d (SAMPLE(?t) AS ?title) (SAMPLE(?l) AS ?label) WHERE {
        ?d a eli:LegalResource ; eli:is_realized_by/eli:title ?t ; rdfs:label ?l ; eli:id_local ?n }
        GROUP BY ?d ORDER BY ?d""")
    docs = [(r["d"].value, r["title"].value, r["label"].value) for r in rows
            if len(r["title"].value.split()) >= 4 and not r["label"].value.startswith(("Luật", "Bộ luật"))]
    out = []
    for i, (iri, title, label) in enumerate(_spread(docs, 10)):
        query = f"{_type_word(label)} {' '.join(title.split()[:4])}".lower()
        out.append({"category": "mixed", "query": query if i % 2 == 0 else folded(query), "about": iri,
                    "rule": "type word and title words"})
    return out


def topics() -> list[dict]:
    """The topics written by reading (bench/queries/topics.jsonl), and each again folded."""
    written = [json.loads(line) for line in TOPICS.read_text("utf-8").splitlines() if line.strip()]
    return [*({**t, "category": "topic"} for t in written),
            *({**t, "category": "topic folded", "query": folded(t["query"])} for t in written)]


def build(data: Path) -> list[dict]:
    from vankien.graph.store import GraphStore

    store = GraphStore(data, read_only=True)
    try:
        queries = [*lookups(store), *named_laws(store), *topics(), *people(store), *organisations(store),
                   *mixed(store)]
    finally:
        store.close()
    return [{"id": f"q{i:03d}", **q} for i, q in enumerate(queries, start=1)]


def pool(data: Path, queries: list[dict]) -> list[dict]:
    """Each query's pooled results: vankien's top ``DEPTH`` (any kind) and the baseline's, with what a
    grader reads of each (label, kind, the text's start)."""
    from bench.baseline_fts import Baseline, rows_of_store
    from vankien.search.query import Searcher, SearchRequest

    rows = rows_of_store(data)
    texts = {iri: (head, text) for iri, head, text in rows}
    baseline = Baseline(rows)
    searcher = Searcher(data)
    pooled = []
    for q in queries:
        hits = searcher.search(SearchRequest(query=q["query"], limit=DEPTH))["hits"]
        results = {}
        for hit in hits:
            head, text = texts.get(hit["iri"], (hit["label"], ""))
            results[hit["iri"]] = {"iri": hit["iri"], "kind": hit["kind"], "label": hit["label"],
                                   "text": text[:700], "snippet": hit.get("snippet", "")}
        for iri in baseline.search(q["query"], DEPTH):
            if iri not in results:
                head, text = texts[iri]
                results[iri] = {"iri": iri, "kind": "article", "label": head, "text": text[:700], "snippet": ""}
        pooled.append({**q, "results": list(results.values())})
    return pooled


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in ("queries", "pool"):
        sys.exit("usage: python -m bench.relevance_set queries|pool DATA")
    data = Path(sys.argv[2])
    if sys.argv[1] == "queries":
        queries = build(data)
        QUERIES.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in queries), "utf-8")
        print(f"{len(queries)} queries written to {QUERIES}")
    else:
        queries = [json.loads(line) for line in QUERIES.read_text("utf-8").splitlines() if line.strip()]
        POOL.parent.mkdir(exist_ok=True)
        pooled = pool(data, queries)
        POOL.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in pooled), "utf-8")
        print(f"{sum(len(q['results']) for q in pooled)} results of {len(pooled)} queries pooled in {POOL}")


if __name__ == "__main__":
    main()
