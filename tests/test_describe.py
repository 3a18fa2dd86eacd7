"""graph.describe: one entity's facts read from the store, its RDF, and document listings."""

from __future__ import annotations

import json

import pytest
import rdflib
from test_web_pages import BASE, ORIGINAL_URL, build_data_dir

from vankien.graph.describe import (
    DescribeError,
    describe,
    document_listing,
    entity_kind,
    entity_rdf,
    mention_spans,
    sentences_naming,
    summaries,
)
from vankien.graph.store import GraphStore

NQ40 = BASE + "eli/dang/tinh-uy-lang-son/2021/nq/40"
KH15 = BASE + "eli/dang/thanh-uy-lang-son/2022/kh/15"
SEED_ARTICLE = BASE + "source/e89084e095c92ff8"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    data = build_data_dir(tmp_path_factory.mktemp("describe"))
    opened = GraphStore(data, read_only=True)
    yield opened
    opened.close()


def test_document_facts(store):
    doc = describe(store, NQ40)
    assert doc["kind"] == "document" and doc["label"] == "Nghị quyết số 40-NQ/TU"
    assert (doc["number"], doc["type"], doc["date"]) == ("40-NQ/TU", "Nghị quyết", "2021-08-05")
    assert doc["issuer"]["label"] == "Ban Thường vụ Tỉnh ủy Lạng Sơn"
    assert doc["title"].startswith("xây dựng và phát triển thành phố Lạng Sơn")
    assert [(r["relation"], r["direction"], r["number"]) for r in doc["relations"]] == [
        ("implements", "in", "15-KH/TU"), ("based_on", "in", "05-CT/TU")]
    assert [e["date"] for e in doc["events"]] == ["2023-02-20", "2022"]
    assert len(doc["texts"]) == 1 and doc["texts"][0]["kind"] == "article"


def test_document_articles_come_with_the_sentences_naming_it(store):
    doc = describe(store, NQ40)
    assert doc["articles_total"] == 3
    newest = doc["articles"][0]
    assert newest["url"] == ORIGINAL_URL
    assert "Chỉ thị số 05-CT/TU căn cứ Nghị quyết số 40-NQ/TU." in newest["sentences"]


def test_relations_out_of_a_document(store):
    plan = describe(store, KH15)
    assert {(r["relation"], r["direction"], r["number"]) for r in plan["relations"]} == {
        ("implements", "out", "40-NQ/TU"), ("replaces", "in", "20-KH/TU")}


def test_organisation_facts(store):
    org = describe(store, BASE + "org/thanh-uy-lang-son")
    assert org["kind"] == "organisation" and "Thành ủy" in org["aliases"]
    assert BASE + "org/ban-thuong-vu-thanh-uy-lang-son" in {c["iri"] for c in org["children"]}
    assert [(p["label"], p["post"]) for p in org["people"]] == [("Nguyễn Văn An", "Bí thư Thành ủy Lạng Sơn")]
    body = describe(store, BASE + "org/ban-thuong-vu-thanh-uy-lang-son")
    assert [p["iri"] for p in body["parents"]] == [BASE + "org/thanh-uy-lang-son"]
    assert {d["number"] for d in body["documents"]} >= {"03-ĐA/TU", "15-KH/TU"}


def test_person_facts(store):
    person = describe(store, BASE + "person/hoang-minh-thao")
    assert [p["label"] for p in person["posts"]] == ["Trưởng Ban Tuyên giáo Thành ủy Lạng Sơn",
                                                     "Ủy viên Ban Thường vụ Thành ủy Lạng Sơn"]
    assert {o["label"] for o in person["organisations"]} == {"Ban Tuyên giáo Thành ủy Lạng Sơn",
                                                            "Ban Thường vụ Thành ủy Lạng Sơn"}
    assert person["articles"][0]["iri"] == SEED_ARTICLE
    author = describe(store, BASE + "person/hoang-thi-bich-nhung")
    assert [a["iri"] for a in author["authored"]] == [SEED_ARTICLE]


def test_event_facts(store):
    event = describe(store, SEED_ARTICLE + "/event/1")
    assert event["kind"] == "event" and event["date"] == "2022" and event["place"] == "điểm cầu thành phố"
    assert [d["label"] for d in event["documents"]] == ["Nghị quyết Trung ương 6 khóa XIII"]


def test_article_facts_and_mention_spans(store):
    article = describe(store, SEED_ARTICLE)
    assert article["kind"] == "article" and article["views"] == 1047 and article["date"].startswith("2023-01-31")
    assert article["publisher"]["label"] == "Báo Lạng Sơn" and article["authors"][0]["label"] == "Hoàng Thị Bích Nhung"
    assert len(article["statistics"]) == 11 and article["statistics"][0]["label"] == "71 tổ chức cơ sở đảng"
    named = {article["text"][s["start"]:s["end"]]: s["iri"] for s in article["spans"]}
    assert named["Nghị quyết số 40-NQ/TU"] == NQ40
    assert named["Hoàng Minh Thảo"] == BASE + "person/hoang-minh-thao"
    spans = article["spans"]
    assert all(a["end"] <= b["start"] for a, b in zip(spans, spans[1:], strict=False))


def test_unknown_and_malformed_iris(store):
    assert describe(store, BASE + "eli/nothing") is None and entity_kind(store, BASE + "eli/nothing") is None
    with pytest.raises(DescribeError):
        describe(store, "not an iri> { ?s ?p ?o }")


def test_other_kinds(store):
    assert describe(store, BASE + "post/bi-thu-thanh-uy-lang-son")["holders"][0]["label"] == "Nguyễn Văn An"
    stat = describe(store, SEED_ARTICLE + "/stat/2")
    assert (stat["kind"], stat["value"], stat["qualifier"]) == ("statistic", "7600", "trên")
    assert describe(store, SEED_ARTICLE + "/event/1#place")["events"][0]["iri"] == SEED_ARTICLE + "/event/1"


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("ntriples", "nt"), ("xml", "xml"),
                                        ("jsonld", "json-ld")])
def test_entity_rdf_holds_its_triples_and_those_pointing_at_it(store, fmt, parser):
    body = entity_rdf(store, SEED_ARTICLE + "/event/1", fmt)
    graph = rdflib.Graph().parse(data=body.decode("utf-8"), format=parser)
    event = rdflib.URIRef(SEED_ARTICLE + "/event/1")
    schema = rdflib.Namespace("https://schema.org/")
    assert (event, schema.startDate, None) in graph
    assert (rdflib.URIRef(SEED_ARTICLE), schema.mentions, event) in graph
    assert (rdflib.URIRef(SEED_ARTICLE + "/event/1#place"), schema.name, None) in graph  # its own hash node
    if fmt == "jsonld":
        assert "@context" in json.loads(body)


def test_document_listing_counts_what_each_filter_leaves(store):
    everything = document_listing(store)
    assert everything["total"] == len(everything["documents"]) >= 9
    assert everything["facets"]["year"]["2021"] == 2 and everything["facets"]["type"]["Nghị quyết"] >= 4
    resolutions_2021 = document_listing(store, type="Nghị quyết", year="2021")
    assert [d["number"] for d in resolutions_2021["documents"]] == ["40-NQ/TU"]
    assert resolutions_2021["facets"]["type"] == {"Nghị quyết": 1, "Đề án": 1}  # type counts ignore the type filter
    newest_first = [d["date"] for d in everything["documents"] if d["date"]]
    assert newest_first == sorted(newest_first, reverse=True)


def test_document_listing_pages(store):
    first = document_listing(store, limit=2)
    second = document_listing(store, limit=2, offset=2)
    assert first["total"] == second["total"] >= 9 and len(first["documents"]) == len(second["documents"]) == 2
    assert [d["number"] for d in first["documents"]] == ["81-NQ/TU", "15-KH/TU"]  # newest first: the plan of 10/3/2022
    assert first["documents"][0]["iri"] not in {d["iri"] for d in second["documents"]}


def test_summaries_fall_back_to_the_iri_tail(store):
    found = summaries(store, [NQ40, BASE + "eli/nothing/here"])
    assert found[NQ40]["number"] == "40-NQ/TU" and found[BASE + "eli/nothing/here"]["label"] == "here"


def test_sentences_and_spans_on_plain_text():
    text = "Ban Thường vụ Thành uỷ họp. Thành ủy Lạng Sơn ban hành Kế hoạch.\nKhông liên quan."
    assert sentences_naming(text, ["thành ủy lạng sơn"]) == ["Thành ủy Lạng Sơn ban hành Kế hoạch."]
    assert sentences_naming(text, ["không có", "Ban Thường vụ Thành ủy"]) == ["Ban Thường vụ Thành uỷ họp."]
    spans = mention_spans(text, {"a": ["Thành ủy"], "b": ["Ban Thường vụ Thành ủy"]})
    assert [(text[s["start"]:s["end"]], s["iri"]) for s in spans] == [
        ("Ban Thường vụ Thành uỷ", "b"), ("Thành ủy", "a")]
