"""Every relation keeps why it was read: its sentence and cue with their offsets, in the `vankien extract`
JSON, in the store (a reified rdf:Statement with Web Annotation text positions), on the document's page
and in its JSON twin. The articles are written here."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from vankien.graph import catalog
from vankien.graph.store import GraphStore
from vankien.graph.validate import union_graph, validate
from vankien.search.pipeline import ingest
from vankien.web.app import create_app
from vankien.web.cli import main

from conftest import FIXTURES, skip_or_fail

ARTICLE = """Cao Bằng đẩy mạnh chuyển đổi số trong cơ quan Đảng

Ngày 12/4/2024, Ban Thường vụ Tỉnh ủy Cao Bằng ban hành Chương trình số 31-CTr/TU thực hiện \
Nghị quyết số 57-NQ/TW của Bộ Chính trị. Quyết định số 25/2024/QĐ-UBND thay thế Quyết định số \
7/2019/QĐ-UBND của Ủy ban nhân dân tỉnh Cao Bằng.
"""
CHANGED = """Cao Bằng đẩy mạnh chuyển đổi số trong cơ quan Đảng

Tỉnh ủy Cao Bằng giao các cấp ủy quán triệt Chương trình số 31-CTr/TU. Để cụ thể hóa Nghị quyết số \
57-NQ/TW, Ban Thường vụ Tỉnh ủy Cao Bằng ban hành Chương trình số 31-CTr/TU thực hiện Nghị quyết số 57-NQ/TW.
"""
MORE = """Bộ Tư pháp rà soát văn bản

Thực hiện Chỉ thị số 08-CT/TW, Bộ Tư pháp đã ban hành Kế hoạch số 44/KH-BTP. Nghị định số 15/2020/NĐ-CP \
đã được sửa đổi, bổ sung theo Nghị định số 14/2022/NĐ-CP.
"""
SENTENCE = ("Ngày 12/4/2024, Ban Thường vụ Tỉnh ủy Cao Bằng ban hành Chương trình số 31-CTr/TU thực hiện "
            "Nghị quyết số 57-NQ/TW của Bộ Chính trị.")
NQ57 = "https://vankien.example/eli/dang/tw/nq/57"
STATEMENTS = """SELECT ?st ?s ?p ?o ?source ?sentence ?start ?end ?cue ?cue_start ?cue_end WHERE {
    ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?source ;
        vk:sentence ?at ; vk:cue ?c .
    ?at a oa:TextPositionSelector ; rdf:value ?sentence ; oa:start ?start ; oa:end ?end .
    ?c a oa:TextPositionSelector ; rdf:value ?cue ; oa:start ?cue_start ; oa:end ?cue_end }"""


def extract_json(path: Path) -> dict:
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output.splitlines()[0])


def body_of(text: str) -> str:
    """The body the extractor reads from a plain-text article: what follows the headline."""
    return text.split("\n\n", 1)[1]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, "utf-8")
    return path


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("evidence")
    data = root / "data"
    ingest(data, [write(root, "chuong-trinh-31.txt", ARTICLE), write(root, "ke-hoach-44.txt", MORE),
                  FIXTURES / "law_header.txt"])
    return data


@pytest.fixture(scope="module")
def store(data_dir):
    store = GraphStore(data_dir, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(data_dir):
    return create_app(data_dir, TESTING=True).test_client()


# -- the extract JSON ---------------------------------------------------------------------------
def test_each_relation_in_the_json_carries_its_sentence_and_cue(tmp_path):
    found = extract_json(write(tmp_path, "a.txt", ARTICLE))
    body = body_of(ARTICLE)
    by_predicate = {r["predicate"]: r for r in found["relations"]}
    implements = by_predicate["implements"]
    assert (implements["subject"], implements["object"]) == ("Chương trình số 31-CTr/TU", "Nghị quyết số 57-NQ/TW")
    assert implements["cue"] == "thực hiện"
    evidence = implements["evidence"]
    assert evidence["sentence"] == SENTENCE
    assert body[evidence["start"]:evidence["end"]] == SENTENCE
    assert body[evidence["cue_start"]:evidence["cue_end"]] == "thực hiện"
    assert evidence["start"] <= evidence["cue_start"] < evidence["cue_end"] <= evidence["end"]
    replaces = by_predicate["replaces"]["evidence"]
    assert replaces["cue"] == "thay thế"
    assert replaces["sentence"].startswith("Quyết định số 25/2024/QĐ-UBND thay thế")


def test_a_leading_cue_and_a_passive_cue_are_the_evidence_of_their_relations(tmp_path):
    found = extract_json(write(tmp_path, "b.txt", MORE))
    body = body_of(MORE)
    by_predicate = {r["predicate"]: r for r in found["relations"]}
    lead = by_predicate["implements"]["evidence"]
    assert lead["cue"] == "Thực hiện" and lead["cue_start"] == lead["start"]
    assert lead["sentence"] == "Thực hiện Chỉ thị số 08-CT/TW, Bộ Tư pháp đã ban hành Kế hoạch số 44/KH-BTP."
    amends = by_predicate["amends"]
    assert amends["subject"] == "Nghị định số 14/2022/NĐ-CP"
    assert "sửa đổi, bổ sung theo" in amends["cue"]
    assert body[amends["evidence"]["cue_start"]:amends["evidence"]["cue_end"]] == amends["cue"]


def test_an_official_text_s_own_relations_cite_its_grounds_and_final_provisions():
    found = extract_json(FIXTURES / "law_header.txt")
    by_predicate = {r["predicate"]: r for r in found["relations"]}
    assert by_predicate["based_on"]["cue"] == "Căn cứ"
    assert by_predicate["based_on"]["evidence"]["sentence"].startswith("Căn cứ Hiến pháp")
    assert by_predicate["replaces"]["cue"] == "hết hiệu lực"
    assert "33/2005/QH11 hết hiệu lực" in by_predicate["replaces"]["evidence"]["sentence"]


# -- the store -----------------------------------------------------------------------------------
def test_the_relation_stays_a_plain_triple_and_its_evidence_is_a_reified_statement(store):
    plain = catalog.rows(store, f"SELECT ?s WHERE {{ ?s vk:implements <{NQ57}> }}")
    assert [r["s"] for r in plain] == ["https://vankien.example/eli/dang/tinh-uy-cao-bang/2024/ctr/31"]
    (row,) = [r for r in catalog.rows(store, STATEMENTS) if r["o"] == NQ57]
    assert row["s"] == plain[0]["s"] and row["p"].endswith("#implements")
    assert row["st"].startswith(row["source"] + "/relation/")
    assert row["sentence"] == SENTENCE and row["cue"] == "thực hiện"
    text = catalog.rows(store, f"SELECT ?t WHERE {{ <{row['source']}> schema:text ?t }}")[0]["t"]
    assert text[int(row["start"]):int(row["end"])] == SENTENCE
    assert text[int(row["cue_start"]):int(row["cue_end"])] == "thực hiện"
    graphs = catalog.rows(store, f"SELECT ?g WHERE {{ GRAPH ?g {{ <{row['st']}> rdf:subject ?s }} }}")
    assert [g["g"] for g in graphs] == [row["source"]]  # in the named graph of the source that states it


def test_a_document_s_evidence_is_every_statement_naming_it_with_its_sentence_and_cue(store):
    """What a page reads of one document equals the statements of the whole store that name it, either way."""
    every = catalog.rows(store, """SELECT ?s ?p ?o ?source ?sentence ?start ?end ?cue ?cue_start ?cue_end WHERE {
        ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?source ;
            vk:sentence ?at . ?at rdf:value ?sentence ; oa:start ?start ; oa:end ?end .
        OPTIONAL { ?st vk:cue ?c . ?c rdf:value ?cue ; oa:start ?cue_start ; oa:end ?cue_end } }""")
    named = {row[end] for row in every for end in ("s", "o")}
    assert len(every) >= 6 and NQ57 in named
    for iri in named:
        expected = sorted((r["s"], r["p"], r["o"], r["source"], r["sentence"], int(r["start"]), int(r["end"]),
                           r["cue"], r["cue_start"] and int(r["cue_start"]), r["cue_end"] and int(r["cue_end"]))
                          for r in every if iri in (r["s"], r["o"]))
        read = sorted((*triple, *item.values()) for triple, items in catalog.relation_evidence(store, iri).items()
                      for item in items)
        assert read == expected, iri
    assert catalog.relation_evidence(store, "https://vankien.example/eli/nuoc/none") == {}


def test_the_store_with_evidence_conforms_to_the_shapes_and_a_statement_without_a_sentence_does_not(data_dir,
                                                                                                   tmp_path):
    copy = Path(shutil.copytree(data_dir, tmp_path / "data"))
    store = GraphStore(copy)
    try:
        assert validate(store)[0] is True
        (row,) = [r for r in catalog.rows(store, STATEMENTS) if r["o"] == NQ57]
        sentence = "<https://vankien.example/vocab#sentence>"
        store.store.update(f"DELETE WHERE {{ <{row['st']}> {sentence} ?x }} ; "
                           f"DELETE WHERE {{ GRAPH ?g {{ <{row['st']}> {sentence} ?x }} }}")
        conforms, _, results = validate(store)
        assert conforms is False and results >= 1
    finally:
        store.close()


def test_evidence_exports_are_accepted_by_rapper_and_round_trip(data_dir, tmp_path):
    for fmt, syntax in (("turtle", "turtle"), ("jsonld", None)):
        out = tmp_path / f"export.{fmt}"
        result = CliRunner().invoke(main, ["export", "--format", fmt, "-o", str(out), "--data", str(data_dir)])
        assert result.exit_code == 0, result.output
        if syntax:
            if shutil.which("rapper") is None:
                skip_or_fail("rapper (Debian raptor2-utils) is not installed; .ci/run installs it")
            proc = subprocess.run(["rapper", "-q", "-i", syntax, "-c", str(out)], capture_output=True, text=True)
            assert proc.returncode == 0, proc.stderr
        store = GraphStore(data_dir, read_only=True)
        try:
            assert isomorphic(rdflib.Graph().parse(out, format={"jsonld": "json-ld"}.get(fmt, fmt)), union_graph(store))
        finally:
            store.close()


def test_evidence_nodes_are_neither_entities_nor_search_hits_nor_walked(store, client):
    kinds = catalog.read_kinds(store)
    assert not [iri for iri in kinds if "/relation/" in iri]
    hits = client.get("/search.json", query_string={"q": "Ban Thường vụ Tỉnh ủy Cao Bằng ban hành"}).get_json()
    assert hits["hits"] and not [h for h in hits["hits"] if "/relation/" in h["iri"]]
    from vankien.graph.traverse import load_projection

    assert not [n for n in load_projection(store) if "/relation/" in n]


def test_reading_a_source_again_replaces_its_evidence(tmp_path):
    article = write(tmp_path, "chuong-trinh-31.txt", ARTICLE)
    data = tmp_path / "data"
    ingest(data, [article])
    article.write_text(CHANGED, "utf-8")
    ingest(data, [article])
    store = GraphStore(data, read_only=True)
    try:
        found = catalog.rows(store, STATEMENTS)
        assert [r["sentence"] for r in found] == [
            "Để cụ thể hóa Nghị quyết số 57-NQ/TW, Ban Thường vụ Tỉnh ủy Cao Bằng ban hành Chương trình số "
            "31-CTr/TU thực hiện Nghị quyết số 57-NQ/TW."]
    finally:
        store.close()


# -- the pages ---------------------------------------------------------------------------------
def test_a_document_page_shows_why_each_relation_was_read(client):
    html = client.get("/eli/dang/tw/nq/57").get_data(as_text=True)
    section = html[html.index('id="relations"'):html.index('id="events"')]
    assert '<blockquote class="evidence">' in section
    assert ("Ban Thường vụ Tỉnh ủy Cao Bằng ban hành Chương trình số 31-CTr/TU "
            '<mark class="cue">thực hiện</mark> Nghị quyết số 57-NQ/TW của Bộ Chính trị.') in section
    assert "Cao Bằng đẩy mạnh chuyển đổi số trong cơ quan Đảng" in section  # the source article, linked
    assert 'href="/source/' in section


def test_the_document_json_carries_each_relation_s_evidence_and_source(client):
    data = client.get("/eli/dang/tw/nq/57.json").get_json()
    (relation,) = data["relations"]
    assert (relation["relation"], relation["direction"]) == ("implements", "in")
    (evidence,) = relation["evidence"]
    assert evidence["sentence"] == SENTENCE and evidence["cue"] == "thực hiện"
    assert evidence["source"]["kind"] == "article"
    assert evidence["source"]["label"] == "Cao Bằng đẩy mạnh chuyển đổi số trong cơ quan Đảng"
    assert SENTENCE[evidence["cue_start"] - evidence["start"]:evidence["cue_end"] - evidence["start"]] == "thực hiện"


def test_the_document_rdf_twin_holds_the_evidence_of_its_relations(client):
    rdf = rdflib.Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
    oa = rdflib.Namespace("http://www.w3.org/ns/oa#")
    vk = rdflib.Namespace("https://vankien.example/vocab#")
    for suffix, parser in (("ttl", "turtle"), ("jsonld", "json-ld")):
        graph = rdflib.Graph().parse(data=client.get(f"/eli/dang/tw/nq/57.{suffix}").get_data(as_text=True),
                                     format=parser)
        (statement,) = graph.subjects(rdf.object, rdflib.URIRef(NQ57))
        assert (statement, rdf.predicate, vk.implements) in graph
        sentence = graph.value(statement, vk.sentence)
        assert str(graph.value(sentence, rdf.value)) == SENTENCE
        assert graph.value(sentence, oa.start).toPython() == 0
        assert str(graph.value(graph.value(statement, vk.cue), rdf.value)) == "thực hiện"


def test_the_evidence_is_the_clause_and_a_long_sentence_is_cut_around_the_cue(tmp_path):
    clause = "Kế hoạch số 9-KH/TU thực hiện Chỉ thị số 12-CT/TW."
    found = extract_json(write(tmp_path, "c.txt", f"Tin vắn\n\nĐảng bộ đã sơ kết nhiều việc; {clause}\n"))
    (relation,) = found["relations"]
    assert relation["evidence"]["sentence"] == clause
    padding = ", ".join(["cán bộ, đảng viên các chi bộ thôn bản đều tham gia học tập"] * 8)
    long_text = f"Tin dài\n\nTrong năm {padding}, Kế hoạch số 9-KH/TU thực hiện Chỉ thị số 12-CT/TW và {padding}.\n"
    found = extract_json(write(tmp_path, "d.txt", long_text))
    (relation,) = found["relations"]
    evidence = relation["evidence"]
    assert len(evidence["sentence"]) < 600
    assert "Kế hoạch số 9-KH/TU thực hiện Chỉ thị số 12-CT/TW" in evidence["sentence"]
    assert body_of(long_text)[evidence["start"]:evidence["end"]] == evidence["sentence"]
    assert body_of(long_text)[evidence["start"] - 1] == " " and body_of(long_text)[evidence["end"]] == " "
