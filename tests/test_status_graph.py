"""Each document's status, stored after every change so that SPARQL can ask for it."""

from __future__ import annotations

import datetime
import json
from datetime import date

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from vankien.graph.status import statuses
from vankien.graph.status_graph import judged_on, refresh_statuses, status_triples
from vankien.graph.store import STATUS_GRAPH, GraphStore
from vankien.graph.vocab import ELI, STATUS_SCHEME, VK
from vankien.search.pipeline import ingest, remove, sync

from conftest import ROOT, beekeeping_law

LAW = beekeeping_law() + """Điều 2. Hiệu lực thi hành
1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2025.
2. Luật Nuôi ong số 12/2009/QH12 hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.
"""
QUERY = ("SELECT ?doc ?status WHERE { ?doc <https://vankien.example/vocab#status> ?status }")


def stored(data) -> dict[str, str]:
    store = GraphStore(data, read_only=True)
    try:
        return {row["doc"].value.rsplit("/eli/", 1)[1]: row["status"].value.rsplit("/", 1)[1]
                for row in store.query(QUERY)}
    finally:
        store.close()


def test_an_ingest_stores_every_documents_status_and_a_removal_takes_them_away(tmp_path):
    (tmp_path / "law.txt").write_text(LAW, "utf-8")
    ingest(tmp_path / "data", [tmp_path / "law.txt"])
    found = stored(tmp_path / "data")
    assert found["nuoc/qh/2024/l/77"] == "con-hieu-luc" and found["nuoc/qh/2009/l/12"] == "het-hieu-luc-toan-bo"
    assert found["nuoc/qh/2013/hp/hien-phap-nam-2013"] == "khong-xac-dinh"  # cited, no date of effect known
    remove(tmp_path / "data", [str(tmp_path / "law.txt")])
    assert stored(tmp_path / "data") == {}


def test_statuses_are_judged_again_on_a_new_day_and_not_twice_on_one(tmp_path):
    (tmp_path / "law.txt").write_text(LAW, "utf-8")
    ingest(tmp_path / "data", [tmp_path / "law.txt"])
    store = GraphStore(tmp_path / "data")
    try:
        assert judged_on(store) == datetime.date.today()
        assert refresh_statuses(store, changed=False) is None
        assert refresh_statuses(store, changed=False, today=datetime.date(2024, 7, 1)) > 0
        assert judged_on(store) == datetime.date(2024, 7, 1)
    finally:
        store.close()
    found = stored(tmp_path / "data")
    assert found["nuoc/qh/2024/l/77"] == "chua-co-hieu-luc" and found["nuoc/qh/2009/l/12"] == "con-hieu-luc"
    sync(tmp_path / "data")  # a sync judges them as of today
    assert stored(tmp_path / "data")["nuoc/qh/2024/l/77"] == "con-hieu-luc"


def status_graph(data) -> set[str]:
    store = GraphStore(data, read_only=True)
    try:
        return {str(q.triple) for q in store.store.quads_for_pattern(None, None, None, ox.NamedNode(STATUS_GRAPH))}
    finally:
        store.close()


def judged_whole(data) -> set[str]:
    store = GraphStore(data, read_only=True)
    try:
        return {str(t) for iri, status in statuses(store).items() for t in status_triples(iri, status)}
    finally:
        store.close()


def test_statuses_judged_again_for_what_a_change_touched_are_those_judged_whole(tmp_path):
    data, base = tmp_path / "data", "https://vankien.example/eli/nuoc/qh/"
    old, new = URIRef(base + "2009/l/12"), URIRef(base + "2024/l/77")
    store = GraphStore(data)
    try:
        store.replace_source(base + "source/old", [(old, RDF.type, ELI.LegalResource),
                                                   (old, ELI.first_date_entry_in_force, Literal(date(2010, 1, 1)))])
        store.replace_source(base + "source/act", [(new, RDF.type, ELI.LegalResource), (new, ELI.repeals, old),
                                                   (old, RDF.type, ELI.LegalResource)])
        store.replace_source(base + "source/when", [(new, ELI.first_date_entry_in_force, Literal(date(2025, 1, 1)))])
        refresh_statuses(store)
        assert store.touched_since_judged() == set()
        # a source naming the new law alone moves its date of effect: the law it repeals is judged again too
        store.replace_source(base + "source/when", [(new, ELI.first_date_entry_in_force, Literal(date(2099, 1, 1)))])
        assert str(old) not in store.touched_since_judged()
        refresh_statuses(store)
        store.publish()
    finally:
        store.close()
    assert status_graph(data) == judged_whole(data)
    assert stored(data) == {"nuoc/qh/2009/l/12": "con-hieu-luc", "nuoc/qh/2024/l/77": "chua-co-hieu-luc"}


@pytest.mark.parametrize("then", ["ingest", "sync"])
def test_after_a_run_stopped_before_judging_every_status_is_judged_again(tmp_path, then):
    data = tmp_path / "data"
    (tmp_path / "law.txt").write_text(LAW, "utf-8")
    ingest(data, [tmp_path / "law.txt"])
    store = GraphStore(data)
    try:  # a wrong status, as a run stopped between its writes and their judgement would leave
        store.edit_derived(STATUS_GRAPH, [], [ox.Triple(ox.NamedNode("https://vankien.example/eli/nuoc/qh/2009/l/12"),
                                                        ox.NamedNode(str(VK.status)),
                                                        ox.NamedNode(f"{STATUS_SCHEME}khong-xac-dinh"))])
        store.publish()
    finally:
        store.close()
    state = json.loads((data / "state.json").read_text("utf-8"))
    (data / "state.json").write_text(json.dumps({**state, "judged": False}), "utf-8")
    if then == "ingest":
        ingest(data, [ROOT / "tests" / "fixtures" / "party_resolution.txt"])  # names none of the laws
    else:
        sync(data)
    assert status_graph(data) == judged_whole(data)
