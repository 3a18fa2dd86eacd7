"""One node per document, whatever the ingest order (issue 13): a reference stored before its dated twin joins it.

The articles here were written for these tests; the law is the tests' own "Luật Nuôi ong" (conftest).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vankien.graph.ingest import Ingester
from vankien.graph.reresolve import reresolve
from vankien.graph.store import GraphStore
from vankien.graph.vocab import RELATION_PROPERTIES
from vankien.search.pipeline import Pipeline, ingest, remove, sync
from vankien.search.query import Searcher, SearchRequest

from conftest import ROOT, SEEDS, beekeeping_law

BASE = "https://vankien.example/"
DIRECTIVE = BASE + "eli/nuoc/ttg/2020/ct/15"
DECREE = BASE + "eli/nuoc/cp/2019/nd/100"
LAW = BASE + "eli/nuoc/qh/2024/l/77"
PLAN = BASE + "eli/nuoc/ubnd-tinh-lang-son/2020/kh/45"
UNDATED_DIRECTIVE = BASE + "eli/nuoc/ttg/ct/15"
UNDATED = {UNDATED_DIRECTIVE, BASE + "eli/ref/nd/100", BASE + "eli/nuoc/qh/l/luat-nuoi-ong"}

BARE = """Lạng Sơn triển khai giãn cách xã hội

Ngày 5/4/2020, UBND tỉnh Lạng Sơn ban hành Kế hoạch số 45/KH-UBND thực hiện Chỉ thị số 15/CT-TTg về các biện \
pháp cấp bách phòng, chống dịch COVID-19. Các sở, ngành phải nghiêm túc thực hiện Chỉ thị số 15/CT-TTg. Người vi \
phạm bị xử phạt theo Nghị định 100.
"""
DATED = """Thủ tướng yêu cầu giãn cách xã hội

Ngày 3/4/2020, Thủ tướng Chính phủ ban hành Chỉ thị số 15/CT-TTg ngày 3/4/2020 của Thủ tướng Chính phủ về quyết \
liệt thực hiện đợt cao điểm phòng, chống dịch COVID-19. Lực lượng chức năng xử phạt theo Nghị định số \
100/2019/NĐ-CP ngày 30/12/2019 của Chính phủ.
"""
NAMED = """Tuyên truyền Luật Nuôi ong

Ngày 10/3/2025, Hội Nông dân xã tổ chức tuyên truyền Luật Nuôi ong cho hội viên. Theo Luật Nuôi ong, trại ong \
phải đăng ký với xã.
"""
FIRST = ["bare.txt", "named.txt"]     # the references without a year, or by name only
LATER = ["dated.txt", "luat.txt"]     # their dated twins


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("order")
    for name, text in (("bare.txt", BARE), ("dated.txt", DATED), ("named.txt", NAMED),
                       ("luat.txt", beekeeping_law())):
        (root / name).write_text(text, "utf-8")
    return root


def documents_and_relations(data: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    """(document IRI, label) of every document node, and every relation between documents."""
    store = GraphStore(data, read_only=True)
    try:
        documents = {(r["d"].value, r["l"].value) for r in store.query(
            "SELECT ?d ?l WHERE { ?d a eli:LegalResource ; rdfs:label ?l }")}
        predicates = " ".join(f"<{p}>" for p in RELATION_PROPERTIES.values())
        relations = {(r["s"].value, r["p"].value, r["o"].value) for r in store.query(
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {predicates} }} ?s ?p ?o }}")}
    finally:
        store.close()
    return documents, relations


def ingest_one_by_one(data: Path, paths: list[Path]) -> None:
    for path in paths:
        ingest(data, [path])


def in_both_orders(sources: Path, order: list[str], name: str) -> Path:
    """Ingest ``order`` one by one into one store and reversed into another; both give the same documents and
    relations. The store of ``order``."""
    forward, backward = sources / f"{name}-forward", sources / f"{name}-backward"
    ingest_one_by_one(forward, [sources / n for n in order])
    ingest_one_by_one(backward, [sources / n for n in reversed(order)])
    assert documents_and_relations(forward) == documents_and_relations(backward)
    return forward


def values(data: Path, query: str) -> set[str]:
    """The values of ``?v`` that ``query`` finds in the store of ``data``."""
    store = GraphStore(data, read_only=True)
    try:
        return {row["v"].value for row in store.query(query)}
    finally:
        store.close()


def both_orders_dated_first(sources: Path) -> Path:
    data = sources / "dated-first"
    if not data.exists():
        ingest_one_by_one(data, [sources / name for name in LATER + FIRST])
    return data


@pytest.fixture(scope="module")
def both_orders(sources) -> tuple[Path, Path]:
    """The same four sources ingested one by one: the bare references first, and their dated twins first."""
    bare_first = sources / "bare-first"
    ingest_one_by_one(bare_first, [sources / name for name in FIRST + LATER])
    return bare_first, both_orders_dated_first(sources)


def test_both_orders_give_the_same_documents_and_relations(both_orders):
    bare_first, dated_first = both_orders
    assert documents_and_relations(bare_first) == documents_and_relations(dated_first)


def test_a_bare_reference_stored_first_is_its_dated_twin(both_orders):
    bare_first, _ = both_orders
    documents, relations = documents_and_relations(bare_first)
    iris = {iri for iri, _ in documents}
    # one node per document: "Chỉ thị số 15/CT-TTg", "Nghị định 100" and "Luật Nuôi ong" are no nodes of their own
    assert {DIRECTIVE, DECREE, LAW, PLAN} <= iris and not iris & UNDATED
    assert (PLAN, str(RELATION_PROPERTIES["implements"]), DIRECTIVE) in relations
    assert "Chỉ thị số 15/CT-TTg" in {label for iri, label in documents if iri == DIRECTIVE}
    assert "Luật Nuôi ong" in {label for iri, label in documents if iri == LAW}


def expressions(data: Path) -> set[tuple[str, str]]:
    """(expression, the resource it realises) of every expression of the store."""
    store = GraphStore(data, read_only=True)
    try:
        return {(r["e"].value, r["d"].value) for r in store.query("SELECT ?e ?d WHERE { ?e eli:realizes ?d }")}
    finally:
        store.close()


def test_a_folded_reference_s_expression_moves_with_it(both_orders):
    """The expression of a reference folded into its dated twin is the twin's: one expression per document, in
    either order, and none left behind for the bare reference."""
    found = [expressions(data) for data in both_orders]
    assert found[0] == found[1]
    realised = [d for _, d in found[0]]
    assert len(realised) == len(set(realised)) and not set(realised) & UNDATED
    assert (DIRECTIVE + "#vie", DIRECTIVE) in found[0]


def test_the_article_citing_bare_now_mentions_the_dated_document_with_its_evidence(both_orders):
    bare_first, _ = both_orders
    store = GraphStore(bare_first, read_only=True)
    try:
        mentioned = {r["d"].value for r in store.query(
            'SELECT ?d WHERE { ?a schema:headline "Lạng Sơn triển khai giãn cách xã hội"@vi ; schema:mentions ?d . '
            '?d a eli:LegalResource }')}
        evidence = {(r["s"].value, r["o"].value) for r in store.query(
            "SELECT ?s ?o WHERE { ?st a rdf:Statement ; rdf:subject ?s ; rdf:object ?o }")}
        cited = {r[0].value for r in store.query(f"SELECT ?x WHERE {{ ?x ?p <{DIRECTIVE}> }}")}
    finally:
        store.close()
    assert mentioned == {PLAN, DIRECTIVE, DECREE}
    assert (PLAN, DIRECTIVE) in evidence
    assert not {end for row in evidence for end in row} & UNDATED
    assert PLAN in cited


def test_search_finds_the_directive_once_under_its_dated_node(both_orders):
    for data in both_orders:
        hits = Searcher(data).search(SearchRequest(query="15/CT-TTg"))["hits"]
        directives = [hit["iri"] for hit in hits if "/ct/" in hit["iri"]]
        assert directives == [DIRECTIVE]


def test_one_ingest_of_all_in_either_order_is_the_same(sources, both_orders):
    one_batch = sources / "one-batch"
    ingest(one_batch, [sources / name for name in FIRST + LATER])
    assert documents_and_relations(one_batch) == documents_and_relations(both_orders[1])


def test_re_resolving_again_changes_nothing(sources, both_orders):
    data = sources / "again"
    ingest_one_by_one(data, [sources / name for name in FIRST + LATER])
    before = documents_and_relations(data)
    with Pipeline(data) as pipeline:
        generation = pipeline.store.generation
        result = reresolve(pipeline.store)
        assert (result.folded, result.graphs) == (0, 0)
        assert pipeline.store.generation == generation and not pipeline.store.journal()
    assert sync(data).action == "current"
    assert documents_and_relations(data) == before


def test_a_store_left_with_a_bare_node_is_mended_by_sync(sources, monkeypatch):
    """Ingests stopped before their last step leave the bare node; the next ``vankien sync`` joins it."""
    data = sources / "mended"
    with monkeypatch.context() as patched:
        patched.setattr(Ingester, "reresolve", lambda self: 0)
        ingest_one_by_one(data, [sources / name for name in FIRST + LATER])
    assert UNDATED_DIRECTIVE in {iri for iri, _ in documents_and_relations(data)[0]}
    assert sync(data).action == "updated"
    assert documents_and_relations(data) == documents_and_relations(both_orders_dated_first(sources))
    hits = Searcher(data).search(SearchRequest(query="15/CT-TTg"))["hits"]
    assert [hit["iri"] for hit in hits if "/ct/" in hit["iri"]] == [DIRECTIVE]


CHILD = """
import sys, time
from vankien.graph.store import GraphStore
from vankien.search.pipeline import sync

journal = GraphStore._record
def record(self, graph):  # the journal line is written; the transaction is not: stop here
    journal(self, graph)
    print("journaled", flush=True)
    time.sleep(120)
GraphStore._record = record
sync(sys.argv[1])
"""


def test_killed_before_its_transaction_the_step_leaves_the_old_state_and_runs_again(sources, monkeypatch):
    data = sources / "killed"
    with monkeypatch.context() as patched:
        patched.setattr(Ingester, "reresolve", lambda self: 0)
        ingest_one_by_one(data, [sources / name for name in FIRST + LATER])
    before = documents_and_relations(data)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert child.stdout.readline() == "journaled\n"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert documents_and_relations(data) == before            # nothing half-folded
    assert sync(data).action == "updated"                     # the next run does it whole
    assert documents_and_relations(data) == documents_and_relations(both_orders_dated_first(sources))


DATED_2015 = """Chỉ thị về phòng cháy rừng

Ngày 5/6/2015, Thủ tướng Chính phủ ban hành Chỉ thị số 15/CT-TTg ngày 5/6/2015 của Thủ tướng Chính phủ về phòng \
cháy, chữa cháy rừng.
"""


def test_a_reference_joined_while_one_document_fitted_is_ambiguous_once_two_do(sources):
    (sources / "dated-2015.txt").write_text(DATED_2015, "utf-8")
    one_by_one = in_both_orders(sources, ["bare.txt", "dated.txt", "dated-2015.txt"], "ambiguous")
    candidates = values(one_by_one, f"SELECT ?v WHERE {{ <{UNDATED_DIRECTIVE}> vk:ambiguous true ; vk:candidate ?v }}")
    assert candidates == {DIRECTIVE, BASE + "eli/nuoc/ttg/2015/ct/15"}
    assert values(one_by_one, f"SELECT ?v WHERE {{ <{PLAN}> vk:implements ?v }}") == {UNDATED_DIRECTIVE}


AMENDED_BY_NUMBER = """Hội đồng trường nhiệm kỳ mới

Hội đồng trường hoạt động theo Luật số 77, luật sửa đổi một số điều của Luật Nuôi ong, từ năm 2025.
"""
AMENDING_2010 = """Nhìn lại Luật số 77

Luật số 77/2010/QH12 ngày 10/6/2010 về chăn nuôi gia cầm đã được Quốc hội thông qua.
"""


def test_two_references_of_one_source_stay_two_documents_in_either_order(sources):
    """"Luật số 77" (the amending law) and "Luật Nuôi ong" (the law it amends, 77/2024/QH15 by name) are two
    documents of one article: neither order of ingest makes them one node, and the bare number stays apart,
    ambiguous between the two laws numbered 77."""
    (sources / "amended.txt").write_text(AMENDED_BY_NUMBER, "utf-8")
    (sources / "amending-2010.txt").write_text(AMENDING_2010, "utf-8")
    law_first = in_both_orders(sources, ["luat.txt", "amended.txt", "amending-2010.txt"], "apart")
    mentioned = values(law_first, "SELECT ?v WHERE { GRAPH ?g { ?a schema:mentions ?d . ?d rdfs:label ?l } "
                                  "?a schema:headline 'Hội đồng trường nhiệm kỳ mới'@vi "
                                  "BIND(CONCAT(STR(?d), ' ', ?l) AS ?v) }")
    assert mentioned == {f"{BASE}eli/ref/qh/l/77 Luật 77", f"{LAW} Luật Nuôi ong"}


def test_a_law_named_alone_joins_the_version_of_its_year_whenever_the_versions_came(sources):
    """Named in 2023 before any text of the law: it first joins the 2005 law, the only one then, and the 2020
    law when that comes — the version in force in 2023, as when both laws came first."""
    (sources / "tin-2023.jsonl").write_text(json.dumps(
        {"id": "1", "title": "Tin nuôi ong", "published": "2023-03-01",
         "text": "Theo Luật Nuôi ong, trại ong phải đăng ký với xã."}, ensure_ascii=False) + "\n", "utf-8")
    (sources / "luat-2005.txt").write_text(beekeeping_law("10/2005/QH11", 2, 6, 2005), "utf-8")
    (sources / "luat-2020.txt").write_text(beekeeping_law("20/2020/QH14", 5, 6, 2020), "utf-8")
    order = ["tin-2023.jsonl", "luat-2005.txt", "luat-2020.txt"]
    name_first, laws_first = sources / "name-first", sources / "laws-first"
    ingest_one_by_one(name_first, [sources / name for name in order])
    ingest_one_by_one(laws_first, [sources / name for name in reversed(order)])
    assert documents_and_relations(name_first) == documents_and_relations(laws_first)
    store = GraphStore(name_first, read_only=True)
    try:
        mentioned = {r["n"].value for r in store.query(
            'SELECT ?n WHERE { ?a schema:headline "Tin nuôi ong"@vi ; schema:mentions ?d . ?d eli:id_local ?n }')}
    finally:
        store.close()
    assert mentioned == {"20/2020/QH14"}


def test_removing_one_of_two_candidates_joins_the_ambiguous_reference_to_the_other(sources):
    (sources / "dated-2015.txt").write_text(DATED_2015, "utf-8")
    data = sources / "removed"
    ingest_one_by_one(data, [sources / name for name in ("bare.txt", "dated.txt", "dated-2015.txt")])
    assert UNDATED_DIRECTIVE in {iri for iri, _ in documents_and_relations(data)[0]}
    assert remove(data, [str(sources / "dated-2015.txt")]).removed == 1
    documents, relations = documents_and_relations(data)
    assert UNDATED_DIRECTIVE not in {iri for iri, _ in documents}
    assert (PLAN, str(RELATION_PROPERTIES["implements"]), DIRECTIVE) in relations


# --- the corpora -----------------------------------------------------------------------------------------

def test_the_corpora_in_either_order_give_the_same_documents_and_relations(tmp_path, corpus, dantri_laws_data):
    """The seed and the Dân trí archive, then the laws archive, give the store that the laws first, then Dân trí
    gave (the session's ``dantri_laws_data``; it is checked against the shapes in test_store_conformance)."""
    started = time.perf_counter()
    folded = sum(ingest(tmp_path / "news-first", batch).folded
                 for batch in ([SEEDS, corpus("dantri-2020-news.tar.gz")], [corpus("vn-laws-vlc.tar.gz")]))
    news_docs, news_relations = documents_and_relations(tmp_path / "news-first")
    print(f"news first: {len(news_docs)} (document, label) pairs, {len(news_relations)} relations, "
          f"{folded} references moved, {time.perf_counter() - started:.0f} s")
    laws_docs, laws_relations = documents_and_relations(dantri_laws_data)
    assert len(news_docs) > 500 and len(news_relations) > 100
    assert news_relations == laws_relations
    assert news_docs == laws_docs
