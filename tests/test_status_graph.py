"""Each document's status, stored after every change so that SPARQL can ask for it."""

from __future__ import annotations

import datetime

from vankien.graph.status_graph import judged_on, refresh_statuses
from vankien.graph.store import GraphStore
from vankien.search.pipeline import ingest, remove, sync

from conftest import beekeeping_law

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
