"""A store of several sources conforms to the shapes, and roles without a body stay with their holder.

The texts were written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vankien.graph.store import GraphStore
from vankien.graph.validate import validate
from vankien.search.pipeline import ingest
from vankien.web.app import create_app

FIRST = """Hai nước ký thỏa thuận hợp tác
Chiều 3/5/2024, Bộ trưởng Lê Văn Thành cho biết hai bên đã ký thỏa thuận. Bà Trần Thị Hoa, Giám đốc Sở Y tế
tỉnh Lạng Sơn, và cựu Tổng thống Mỹ Barack Obama cũng dự lễ ký.
"""
SECOND = """Lạng Sơn tổng kết ngành y tế
Sáng 9/5/2024, bà Trần Thị Hoa, Giám đốc Sở Y tế tỉnh Lạng Sơn, chủ trì hội nghị tổng kết 5 năm thực hiện Nghị
quyết số 20-NQ/TW của Ban Chấp hành Trung ương về tăng cường công tác bảo vệ sức khỏe nhân dân.
"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("conformance")
    for name, text in (("a.txt", FIRST), ("b.txt", SECOND)):
        (root / name).write_text(text, "utf-8")
    ingest(root / "data", [root / "a.txt", root / "b.txt"])
    return root / "data"


def test_the_store_conforms_to_the_shapes(data_dir):
    store = GraphStore(data_dir, read_only=True)
    try:
        conforms, report, results = validate(store)
    finally:
        store.close()
    assert conforms, report


def test_a_role_without_a_body_is_the_person_s_title_not_a_shared_post(data_dir):
    store = GraphStore(data_dir, read_only=True)
    try:
        titles = {(r["n"].value, r["t"].value) for r in store.query(
            "PREFIX schema: <https://schema.org/> PREFIX foaf: <http://xmlns.com/foaf/0.1/> "
            "SELECT ?n ?t WHERE { ?p foaf:name ?n ; schema:jobTitle ?t }")}
        posts = {r["l"].value for r in store.query(
            "PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?l WHERE { ?post a org:Post ; rdfs:label ?l ; org:postIn ?o }")}
    finally:
        store.close()
    assert {("Lê Văn Thành", "Bộ trưởng"), ("Barack Obama", "cựu Tổng thống Mỹ")} <= titles
    assert "Bộ trưởng" not in posts
    assert "Giám đốc Sở Y tế tỉnh Lạng Sơn" in posts


def test_a_person_page_shows_the_title(data_dir):
    client = create_app(data_dir, TESTING=True).test_client()
    found = client.get("/search.json?q=Barack%20Obama").get_json()
    hit = next(h for h in found["hits"] if h["label"] == "Barack Obama")
    page = client.get(hit["iri"].removeprefix("https://vankien.example")).get_data(as_text=True)
    assert "cựu Tổng thống Mỹ" in page


def test_two_sources_giving_one_document_two_numbers_do_not_conform(data_dir, tmp_path):
    import shutil

    from rdflib import Literal, URIRef

    copy = shutil.copytree(data_dir, tmp_path / "data")
    store = GraphStore(copy)
    try:
        (row,) = list(store.query("PREFIX eli: <http://data.europa.eu/eli/ontology#> "
                                  'SELECT ?d WHERE { ?d eli:id_local "20-NQ/TW" }'))
        eli = "http://data.europa.eu/eli/ontology#"
        store.replace_source("https://vankien.example/source/other", [
            (URIRef(row["d"].value), URIRef(eli + "id_local"), Literal("21-NQ/TW"))])
        conforms, report, _ = validate(store)
    finally:
        store.close()
    assert not conforms and "more than one number: " in report


def test_a_number_written_without_its_year_is_the_same_number(data_dir, tmp_path):
    import shutil

    from rdflib import Literal, URIRef

    copy = shutil.copytree(data_dir, tmp_path / "data")
    store = GraphStore(copy)
    try:
        doc = URIRef("https://vankien.example/eli/nuoc/cp/2014/nq/77")
        eli = "http://data.europa.eu/eli/ontology#"
        store.replace_source("https://vankien.example/source/one", [
            (doc, URIRef(eli + "id_local"), Literal("77/NQ-CP"))])
        store.replace_source("https://vankien.example/source/two", [
            (doc, URIRef(eli + "id_local"), Literal("77/2014/NQ-CP"))])
        conforms, report, _ = validate(store)
    finally:
        store.close()
    assert "more than one number" not in report


def validated(data) -> tuple[bool, str, int]:
    store = GraphStore(data, read_only=True)
    try:
        return validate(store)
    finally:
        store.close()


def test_seeds_the_laws_and_dan_tri_conform_to_the_shapes(dantri_laws_data):
    """`vankien validate` on the seed, the law corpus and the Dân trí articles: every law realised by its
    Vietnamese expression, each Điều too, no server path in any source's provenance."""
    conforms, report, results = validated(dantri_laws_data)
    assert conforms, f"{results} result(s):\n{report[:4000]}"
