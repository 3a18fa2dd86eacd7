"""graph.catalog, the one read model: pages, walks and the search index agree on kinds, labels and names."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF

from vankien.graph import catalog
from vankien.graph.describe import describe, summaries
from vankien.graph.store import GraphStore
from vankien.graph.traverse import Projection
from vankien.graph.vocab import ELI, RDFS, SCHEMA, VK
from vankien.search.records import read_records

BASE = "https://vankien.example/"
DOC = URIRef(BASE + "eli/dang/tinh-uy-lang-son/2021/nq/40")
TWIN = URIRef(BASE + "eli/dang/nq/40")
ARTICLE = URIRef(BASE + "source/0a1b2c3d4e5f6071")
OFFICIAL = URIRef(BASE + "source/9f8e7d6c5b4a3921")
URL = "https://langson.dcs.vn/tin-tuc/nghi-quyet-40"
BODY = "NGHỊ QUYẾT về phát triển kinh tế cửa khẩu. Điều 1. Mục tiêu đạt 7.600 tỷ đồng."


def _graph(store: GraphStore, name: str, triples) -> None:
    store.replace_source(BASE + "source/" + name, triples)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Three sources name a resolution two ways (two of them the same way); an article without a headline
    mentions it; its own official text and an unnumbered twin exist."""
    opened = GraphStore(tmp_path_factory.mktemp("catalog") / "data")
    for name, label in (("a", "Nghị quyết số 40-NQ/TU"), ("b", "Nghị quyết số 40-NQ/TU"), ("c", "NQ 40")):
        _graph(opened, name, [(DOC, RDF.type, ELI.LegalResource), (DOC, RDFS.label, Literal(label)),
                              (DOC, ELI.id_local, Literal("40-NQ/TU"))])
    _graph(opened, "0a1b2c3d4e5f6071", [
        (ARTICLE, RDF.type, SCHEMA.NewsArticle), (ARTICLE, SCHEMA.url, Literal(URL)),
        (ARTICLE, SCHEMA.text, Literal("Năm 2022 thu ngân sách đạt 7.600 tỷ đồng nhờ Nghị quyết 40-NQ/TU. Hết.")),
        (ARTICLE, SCHEMA.mentions, DOC)])
    _graph(opened, "9f8e7d6c5b4a3921", [
        (OFFICIAL, RDF.type, SCHEMA.DigitalDocument), (OFFICIAL, SCHEMA.about, DOC),
        (OFFICIAL, SCHEMA.headline, Literal("Nghị quyết về phát triển kinh tế cửa khẩu")),
        (OFFICIAL, SCHEMA.text, Literal(BODY)), (OFFICIAL, VK.sourcePath, Literal("nq40.txt"))])
    _graph(opened, "twin", [(TWIN, RDF.type, ELI.LegalResource),
                            (TWIN, RDFS.label, Literal("Nghị quyết 40 của Tỉnh ủy")),
                            (TWIN, OWL.sameAs, DOC)])
    opened.publish()
    yield opened
    opened.close()


def test_the_most_stated_name_is_the_label_everywhere(store):
    expected = "Nghị quyết số 40-NQ/TU"
    assert describe(store, str(DOC))["label"] == expected
    assert summaries(store, [str(DOC)])[str(DOC)]["label"] == expected
    assert Projection.from_store(store).nodes[str(DOC)]["label"] == expected
    record = next(r for r in read_records(store) if r.key == str(DOC))
    assert record.label == expected
    # the other names are aliases, in the walks and in the index alike, the twin's name among them
    node = Projection.from_store(store).nodes[str(DOC)]
    assert {"NQ 40", "Nghị quyết 40 của Tỉnh ủy"} <= set(node["aliases"]) <= record.aliases | {expected}
    assert {"NQ 40", "Nghị quyết 40 của Tỉnh ủy"} <= record.aliases


@pytest.mark.parametrize("many", [1, 2, catalog.MANY_STATEMENTS])
def test_statements_read_entity_by_entity_count_each_source_as_the_whole_store_read_does(store, monkeypatch, many):
    # ``many``: statements of one subject and property beyond which the store counts them in one query
    monkeypatch.setattr(catalog, "MANY_STATEMENTS", many)
    everything = catalog.read_statements(store, catalog.SUMMARY_PROPERTIES)
    iris = [str(DOC), str(TWIN), str(ARTICLE), str(OFFICIAL)]
    some = catalog.read_statements(store, catalog.SUMMARY_PROPERTIES, iris)
    assert {iri: {p: dict(c) for p, c in everything[iri].items()} for iri in iris} == \
        {iri: {p: dict(c) for p, c in some[iri].items()} for iri in iris}
    assert some[str(DOC)][str(RDFS.label)] == {"Nghị quyết số 40-NQ/TU": 2, "NQ 40": 1}


def test_an_article_without_a_headline_is_named_by_its_url_not_a_hash(store):
    assert describe(store, str(ARTICLE))["label"] == URL
    assert summaries(store, [str(ARTICLE)])[str(ARTICLE)]["label"] == URL
    assert Projection.from_store(store).nodes[str(ARTICLE)]["label"] == URL
    assert next(r for r in read_records(store) if r.key == str(ARTICLE)).label == URL


def test_kinds_come_from_one_table(store):
    kinds = catalog.read_kinds(store)
    assert kinds[str(DOC)] == "document" and kinds[str(ARTICLE)] == "article" and kinds[str(OFFICIAL)] == "article"
    assert catalog.read_kinds(store, [str(DOC)], kinds=("person",)) == {}
    assert describe(store, str(DOC))["kind"] == Projection.from_store(store).nodes[str(DOC)]["kind"]


def test_reading_a_document_alone_keeps_its_official_text_and_its_twin(store):
    """An ingest re-reads only the entities it touched: a document re-read alone keeps its body and names."""
    alone = {r.key: r for r in read_records(store, [str(DOC)])}
    whole = {r.key: r for r in read_records(store)}
    assert alone[str(DOC)].body == whole[str(DOC)].body == BODY
    assert alone[str(DOC)].aliases == whole[str(DOC)].aliases
    assert "Nghị quyết về phát triển kinh tế cửa khẩu" in alone[str(DOC)].aliases
    assert str(OFFICIAL) not in alone and str(TWIN) not in alone  # the text and the twin are the document


def test_evidence_sentences_do_not_end_inside_a_number(store):
    record = next(r for r in read_records(store) if r.key == str(DOC))
    assert "Năm 2022 thu ngân sách đạt 7.600 tỷ đồng nhờ Nghị quyết 40-NQ/TU." in record.text
    text = "Họp ngày 31.01.2023 về Nghị quyết 40. Câu khác."
    assert catalog.sentences_naming(text, ["nghị quyết 40"]) == ["Họp ngày 31.01.2023 về Nghị quyết 40."]
    assert catalog.sentences_naming("Thành uỷ họp. Xong.", [None, "THÀNH ỦY"]) == ["Thành uỷ họp."]


def test_an_answer_asked_side_by_side_is_worked_out_once_per_generation(tmp_path):
    """What a page's parts ask at once (its document's status, for the page and its JSON-LD) is worked out
    by the first asker and waited for by the others; a failure is not remembered; a change forgets all."""
    import threading
    import time

    writer = GraphStore(tmp_path / "data")
    _graph(writer, "x", [(DOC, RDF.type, ELI.LegalResource)])
    writer.publish()
    writer.close()
    opened = GraphStore(tmp_path / "data", read_only=True)
    builds = []

    def slow() -> int:
        builds.append(1)
        time.sleep(0.2)
        return len(builds)

    answers = []
    askers = [threading.Thread(target=lambda: answers.append(catalog.remembered(opened, "k", slow)))
              for _ in range(4)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    assert answers == [1, 1, 1, 1] and len(builds) == 1

    def failing() -> int:
        raise RuntimeError("the server went away")

    with pytest.raises(RuntimeError):
        catalog.remembered(opened, "f", failing)
    assert catalog.remembered(opened, "f", lambda: 7) == 7
    opened.close()
    writer = GraphStore(tmp_path / "data")
    _graph(writer, "y", [(DOC, RDFS.label, Literal("Nghị quyết 40"))])
    writer.publish()
    writer.close()
    opened = GraphStore(tmp_path / "data", read_only=True)
    assert catalog.remembered(opened, "k", slow) == 2  # another generation
    opened.close()


def test_the_generation_cache_rebuilds_after_a_change(tmp_path):
    opened = GraphStore(tmp_path / "data")
    cache: catalog.GenerationCache[int] = catalog.GenerationCache()
    builds = []
    assert cache.get(opened, lambda: builds.append(1) or len(builds)) == 1
    assert cache.get(opened, lambda: builds.append(1) or len(builds)) == 1
    _graph(opened, "x", [(DOC, RDF.type, ELI.LegalResource)])
    opened.publish()
    assert cache.get(opened, lambda: builds.append(1) or len(builds)) == 2
    opened.close()
