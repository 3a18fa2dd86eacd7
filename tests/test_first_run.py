"""What a first user sees after `make run`: seeds/ (the seed article and the invented sample texts) ingested whole.

The sample texts (seeds/README.md) were written so the first screens hold a small graph worth exploring: Party
and state documents of one province, plans implementing a resolution, a directive replacing an older one, a
conclusion continuing a resolution, a decision based on laws, conferences and the people who spoke at them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vankien.graph.store import GraphStore
from vankien.graph.traverse import load_projection, neighbours, resolve_entity
from vankien.search.pipeline import ingest
from vankien.web.app import create_app

from conftest import SEEDS_FOLDER


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> tuple[Path, object]:
    """The data folder `make run` builds, and the ingest's summary."""
    data = tmp_path_factory.mktemp("first-run") / "data"
    return data, ingest(data, [SEEDS_FOLDER])


@pytest.fixture(scope="module")
def projection(first_run):
    store = GraphStore(first_run[0], read_only=True)
    try:
        yield load_projection(store)
    finally:
        store.close()


@pytest.fixture(scope="module")
def client(first_run):
    return create_app(first_run[0], TESTING=True).test_client()


def related(graph, number: str, relation: str, direction: str) -> set[str]:
    """Labels of the documents one ``relation`` edge away from document ``number``."""
    rows = neighbours(graph, resolve_entity(graph, number), relation=relation, direction=direction)
    return {row["label"] for row in rows if row["kind"] == "document"}


def test_every_sample_text_is_read_and_none_fails(first_run):
    _, summary = first_run
    texts = sorted(SEEDS_FOLDER.glob("*.txt"))
    assert len(texts) >= 9
    assert (summary.read, summary.written, summary.failed) == (len(texts), len(texts), [])


def test_the_documents_the_texts_describe_are_found(projection):
    numbers = {data.get("number") for _, data in projection.nodes(data=True) if data.get("kind") == "document"}
    assert numbers >= {"12-NQ/TU", "45/KH-UBND", "78-KH/HU", "86/2023/NQ-HĐND", "150-KL/TU", "05-CT/TU",
                       "17-CT/TU", "31/2023/QĐ-UBND", "25/2019/QĐ-UBND", "112/KH-UBND", "40-NQ/TU",
                       "109/2018/NĐ-CP", "33/2013/QH13"}


def test_each_number_is_one_document_with_its_issuer(projection):
    resolution = resolve_entity(projection, "12-NQ/TU")  # one node, however the texts cite it
    issuers = {row["label"] for row in neighbours(projection, resolution, relation="issued_by", direction="out")}
    assert "Ban Thường vụ Tỉnh ủy Hà Tĩnh" in issuers
    plan = resolve_entity(projection, "45/KH-UBND")
    assert {row["label"] for row in neighbours(projection, plan, relation="issued_by", direction="out")} \
        == {"Ủy ban nhân dân tỉnh Hà Tĩnh"}


def test_each_kind_of_relation_written_is_read(projection):
    assert related(projection, "12-NQ/TU", "implements", "in") >= {
        "Kế hoạch số 45/KH-UBND", "Kế hoạch số 78-KH/HU", "Nghị quyết số 86/2023/NQ-HĐND"}
    assert related(projection, "112/KH-UBND", "implements", "out") == {"Nghị quyết số 40-NQ/TU"}
    assert related(projection, "12-NQ/TU", "continues", "in") == {"Kết luận số 150-KL/TU"}
    assert related(projection, "05-CT/TU", "replaces", "out") == {"Chỉ thị số 17-CT/TU"}
    assert related(projection, "31/2023/QĐ-UBND", "replaces", "out") == {"Quyết định số 25/2019/QĐ-UBND"}
    assert related(projection, "31/2023/QĐ-UBND", "based_on", "out") >= {
        "Nghị định số 30/2020/NĐ-CP", "Luật Ban hành văn bản quy phạm pháp luật",
        "Luật Tổ chức chính quyền địa phương"}


def test_the_conference_studying_the_resolution_is_an_event_with_its_people(projection):
    resolution = resolve_entity(projection, "12-NQ/TU")
    (event,) = [row for row in neighbours(projection, resolution, relation="about", direction="in")
                if "quán triệt" in row["label"]]
    assert projection.nodes[event["iri"]].get("date") == "2022-03-28"
    people = {data.get("label") for _, data in projection.nodes(data=True) if data.get("kind") == "person"}
    assert {"Trần Văn Khánh", "Lê Thị Hồng Vân", "Phạm Đức Long"} <= people


def test_home_lists_recent_and_most_cited_documents(client):
    home = client.get("/index.json").get_json()
    assert home["counts"]["document"] >= 15 and home["counts"]["event"] >= 3
    assert home["recent"][0]["number"] == "150-KL/TU"           # the newest document, signed in 2025
    assert home["most_cited"][0]["number"] == "12-NQ/TU"        # implemented and continued by four others
    page = client.get("/").get_data(as_text=True)
    assert "Kết luận số 150-KL/TU" in page and "Nghị quyết số 12-NQ/TU" in page


@pytest.mark.parametrize("query,expected", [
    ("ke hoach 45", "Kế hoạch số 45/KH-UBND"),                       # typed without accents
    ("chỉ thị phòng chống thiên tai", "Chỉ thị số 05-CT/TU"),
    ("150-KL/TU", "Kết luận số 150-KL/TU"),
    ("Trần Văn Khánh", "Trần Văn Khánh"),
])
def test_search_finds_the_sample_documents_and_people(client, query, expected):
    found = client.get("/search.json", query_string={"q": query}).get_json()
    assert expected in [hit["label"] for hit in found["hits"][:3]]


def test_a_replaced_decision_is_out_of_force_from_the_day_its_successor_takes_effect(first_run, projection):
    from vankien.graph.status import document_status

    store = GraphStore(first_run[0], read_only=True)
    try:
        old = resolve_entity(projection, "25/2019/QĐ-UBND")
        before = document_status(store, old, date(2023, 10, 31)).to_json()
        after = document_status(store, old, date(2023, 11, 1)).to_json()
    finally:
        store.close()
    assert before["label"] == "Còn hiệu lực"
    assert after["label"] == "Hết hiệu lực toàn bộ"
    assert [reason["label"] for reason in after["reasons"]] == ["Quyết định số 31/2023/QĐ-UBND"]
