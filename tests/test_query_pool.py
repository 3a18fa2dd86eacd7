"""SPARQL queries run in warm query processes that live on between queries, yet each query keeps its own limits.

The query host keeps a few processes with the store open: consecutive queries are served by the same
process, which still sees what a writer published in between. A query that runs out of memory, time or
result size is stopped as before, and the next query is answered as if nothing had happened.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Literal, URIRef

from vankien.graph import sparql
from vankien.graph.query_host import POOL_SIZE
from vankien.graph.sparql import QueryError, evaluate
from vankien.graph.store import GraphStore

EXPENSIVE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?f ?i"  # memory
CPU_BOUND = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # time, little memory
LARGE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 100000"  # tens of MiB of results
# Some tenths of a second of CPU, then an answer.
A_WHILE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . VALUES ?x { 1 2 3 4 5 6 7 8 9 10 } }"
COUNT_NUMBERS = "SELECT (COUNT(*) AS ?n) WHERE { ?d eli:id_local ?number }"
NEW_NUMBER = "SELECT ?d WHERE { ?d eli:id_local \"99-NQ/TEST\" }"


@pytest.fixture()
def served_by(monkeypatch) -> list[int]:
    """The pid of the query process each query was given to, in order."""
    pids: list[int] = []
    submit = sparql._HostClient.submit

    def recording(self, request):
        conn, pid, received = submit(self, request)
        pids.append(pid)
        return conn, pid, received

    monkeypatch.setattr(sparql._HostClient, "submit", recording)
    return pids


def count(data, **limits) -> int:
    body = evaluate(data, COUNT_NUMBERS, **limits).body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def bindings(data, query: str) -> list[dict]:
    return json.loads(evaluate(data, query).body)["results"]["bindings"]


def publish_a_document(data) -> None:
    """What an ingest does, in short: write a source's graph and publish."""
    store = GraphStore(data)
    try:
        store.replace_source("https://vankien.example/source/test", [
            (URIRef("https://vankien.example/doc/test"), URIRef("http://data.europa.eu/eli/ontology#id_local"),
             Literal("99-NQ/TEST"))])
        store.publish()
        # Still open for writing: the query below sees the published generation all the same.
        assert bindings(data, NEW_NUMBER) == [{"d": {"type": "uri", "value": "https://vankien.example/doc/test"}}]
    finally:
        store.close()


def test_consecutive_queries_are_served_by_one_warm_process_that_sees_what_is_published(
        seeds_data, seeds_data_copy, served_by):
    before = count(seeds_data_copy)
    assert before > 0 and count(seeds_data_copy) == before
    assert bindings(seeds_data_copy, NEW_NUMBER) == []
    publish_a_document(seeds_data_copy)
    assert count(seeds_data_copy) == before + 1
    assert count(seeds_data) == before  # another store named: that one, unchanged
    assert len(set(served_by)) == 1, served_by


def test_more_queries_at_once_than_warm_processes_are_all_answered(seeds_data):
    pairs = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
    triples = int(bindings(seeds_data, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c }")[0]["n"]["value"])
    with ThreadPoolExecutor(POOL_SIZE + 3) as pool:
        answers = list(pool.map(lambda _: bindings(seeds_data, pairs), range(POOL_SIZE + 3)))
    assert all(rows[0]["n"]["value"] == str(triples * triples) for rows in answers)
    assert count(seeds_data) > 0


def test_a_query_beyond_its_memory_limit_fails_and_the_next_one_runs(seeds_data, served_by):
    with pytest.raises(QueryError) as stopped:
        evaluate(seeds_data, EXPENSIVE, timeout=60, memory_mb=128, row_cap=10)
    assert stopped.value.status == 503 and "128 MiB memory limit" in str(stopped.value)
    assert count(seeds_data) > 0


def test_the_memory_limit_counts_what_the_query_allocates_not_the_warm_process(seeds_data, served_by):
    # A process holding an interpreter and an open store holds far more than 8 MiB; a cheap query needs less.
    assert count(seeds_data, memory_mb=8) == count(seeds_data, memory_mb=8) > 0
    assert len(set(served_by)) == 1


def test_a_query_beyond_its_time_limit_is_stopped_and_the_next_one_runs(seeds_data, served_by):
    with pytest.raises(QueryError) as stopped:
        evaluate(seeds_data, CPU_BOUND, timeout=1)
    assert stopped.value.status == 503 and "1 s limit" in str(stopped.value)
    assert count(seeds_data) > 0
    assert served_by[1] != served_by[0]  # the stopped query's process is not given another


def test_a_result_beyond_its_size_limit_is_413_and_the_next_query_runs(seeds_data, served_by):
    with pytest.raises(QueryError) as refused:
        evaluate(seeds_data, LARGE, timeout=60, result_mb=1)
    assert refused.value.status == 413 and "1 MiB limit" in str(refused.value)
    assert count(seeds_data) > 0
    truncated = evaluate(seeds_data, LARGE, timeout=60, row_cap=5)  # the cap on rows, for comparison
    assert truncated.truncated and len(json.loads(truncated.body)["results"]["bindings"]) == 5


def test_a_query_demoted_for_running_long_leaves_no_demoted_process_behind(seeds_data, served_by):
    triples = int(bindings(seeds_data, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c }")[0]["n"]["value"])
    asked = []
    result = evaluate(seeds_data, A_WHILE, timeout=120, slow_after=0.05, on_slow=lambda: asked.append(1) or True)
    assert json.loads(result.body)["results"]["bindings"][0]["n"]["value"] == str(triples * triples * 10)
    assert asked == [1]
    count(seeds_data)
    assert os.getpriority(os.PRIO_PROCESS, served_by[-1]) == os.getpriority(os.PRIO_PROCESS, 0)
