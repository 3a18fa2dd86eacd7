"""The vocabulary, its concepts and the VoID description served at their IRIs, as HTML and RDF by negotiation."""

from __future__ import annotations

import pytest
import rdflib
from markupsafe import escape
from rdflib.namespace import OWL, RDF, RDFS, SKOS, VOID

from vankien.graph import catalog
from vankien.graph.doctypes import DOCUMENT_TYPES
from vankien.graph.store import GraphStore
from vankien.graph.vocab import DOCTYPE, VK, VOCABULARY_FILE
from vankien.web.app import create_app

RDF_TYPES = [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
             ("application/n-triples", "nt"), ("text/n3", "n3")]
SUFFIXES = [("ttl", "turtle"), ("jsonld", "json-ld"), ("rdf", "xml"), ("nt", "nt"), ("n3", "n3")]
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")


@pytest.fixture(scope="module")
def client(seeds_data):
    return create_app(seeds_data, TESTING=True).test_client()


@pytest.fixture(scope="module")
def declared() -> rdflib.Graph:
    return rdflib.Graph().parse(VOCABULARY_FILE)


def parsed(response, fmt: str) -> rdflib.Graph:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return rdflib.Graph().parse(data=response.get_data(as_text=True), format=fmt)


def vietnamese(graph, node, prop) -> str:
    (value,) = [v for v in graph.objects(node, prop) if v.language == "vi"]
    return str(value)


def test_the_vocabulary_page_shows_every_property_with_its_vietnamese_label_and_comment(client, declared):
    response = client.get("/vocab", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "Accept" in response.headers["Vary"]
    page = response.get_data(as_text=True)
    assert "<h1>Từ vựng vankien</h1>" in page
    properties = set(declared.subjects(RDF.type, OWL.ObjectProperty)) | set(declared.subjects(RDF.type,
                                                                                              OWL.DatatypeProperty))
    assert len(properties) > 30
    for prop in properties:
        local = str(prop).rsplit("#", 1)[-1]
        assert f'<dt id="{local}">' in page, local   # the term's IRI (…/vocab#local) opens the page at it
        assert str(escape(vietnamese(declared, prop, RDFS.label))) in page, local
        assert str(escape(vietnamese(declared, prop, RDFS.comment))) in page, local


def test_the_vocabulary_page_lists_both_concept_schemes_with_their_notations(client):
    page = client.get("/vocab").get_data(as_text=True)
    for anchor, title in (("DocumentTypes", "Loại văn bản"), ("LegalStatuses", "Tình trạng hiệu lực")):
        assert f'<section id="{anchor}">' in page and f"<h2>{title}</h2>" in page
    assert '<a href="/vocab/loai/thong-tri">Thông tri</a></td><td>TTri</td>' in page
    assert '<a href="/vocab/loai/thong-tu">Thông tư</a></td><td>TT</td>' in page
    assert '<a href="/vocab/tinh-trang/con-hieu-luc">Còn hiệu lực</a>' in page


@pytest.mark.parametrize(("media_type", "fmt"), RDF_TYPES)
def test_the_vocabulary_is_rdf_by_negotiation(client, declared, media_type, fmt):
    response = client.get("/vocab", headers={"Accept": media_type})
    assert response.mimetype == media_type and "Accept" in response.headers["Vary"]
    graph = parsed(response, fmt)
    assert len(graph) == len(declared)
    assert (VK.qualifier, RDFS.range, RDF.langString) in graph


@pytest.mark.parametrize(("suffix", "fmt"), SUFFIXES)
def test_the_vocabulary_is_rdf_by_suffix(client, declared, suffix, fmt):
    response = client.get(f"/vocab.{suffix}")
    assert "Vary" not in response.headers   # nothing negotiated
    assert len(parsed(response, fmt)) == len(declared)


def test_every_document_type_dereferences_to_its_concept(client):
    for doctype in {t.concept for t in DOCUMENT_TYPES}:
        concept = DOCTYPE[doctype]
        graph = parsed(client.get(f"/vocab/loai/{doctype}", headers={"Accept": "text/turtle"}), "turtle")
        assert (concept, RDF.type, SKOS.Concept) in graph, doctype
        assert (VK.DocumentTypes, SKOS.hasTopConcept, concept) in graph, doctype
        assert vietnamese(graph, concept, SKOS.prefLabel)


def test_a_concept_page_is_in_vietnamese(client):
    response = client.get("/vocab/loai/thong-tri")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<h1>Thông tri</h1>" in page
    assert "<dt>Ký hiệu</dt><dd>TTri</dd>" in page
    assert '<a href="/vocab#DocumentTypes">Loại văn bản</a>' in page
    assert 'href="/vocab/loai/thong-tri.ttl"' in page
    assert '<a href="/browse?type=Th%C3%B4ng+tri">Các văn bản thông tri</a>' in page


def test_a_status_page_lists_the_documents_of_that_status(client):
    page = client.get("/vocab/tinh-trang/con-hieu-luc").get_data(as_text=True)
    assert '<a href="/browse?status=con-hieu-luc">Các văn bản còn hiệu lực</a>' in page


def test_a_status_concept_in_json_ld_says_its_schema_org_match(client):
    graph = parsed(client.get("/vocab/tinh-trang/con-hieu-luc.jsonld"), "json-ld")
    concept = rdflib.URIRef("https://vankien.example/vocab/tinh-trang/con-hieu-luc")
    assert (concept, SKOS.closeMatch, rdflib.URIRef("https://schema.org/InForce")) in graph
    assert vietnamese(graph, concept, SKOS.prefLabel) == "Còn hiệu lực"


def test_what_is_not_there_is_404_and_what_cannot_be_given_is_406(client):
    assert client.get("/vocab/loai/khong-co").status_code == 404
    assert client.get("/vocab/loai/luat.pdf").status_code == 404
    assert client.get("/vocab.pdf").status_code == 404
    assert client.get("/vocab", headers={"Accept": "image/png"}).status_code == 406
    folder = client.get("/vocab/loai")
    assert folder.status_code == 303 and folder.headers["Location"].endswith("/vocab#DocumentTypes")


def test_void_describes_the_dataset_its_dumps_and_its_endpoint(client, seeds_data):
    response = client.get("/.well-known/void")   # no Accept: the machine's document, Turtle
    assert response.mimetype == "text/turtle"
    graph = parsed(response, "turtle")
    (dataset,) = graph.subjects(RDF.type, VOID.Dataset)
    store = GraphStore(seeds_data, read_only=True)
    try:
        entities = len(catalog.read_kinds(store, kinds=catalog.ENTITY_KINDS))
    finally:
        store.close()
    assert graph.value(dataset, VOID.entities).toPython() == entities > 5
    assert graph.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef("http://localhost/sparql")
    assert graph.value(dataset, VOID.uriSpace).toPython() == "https://vankien.example/"
    vocabularies = set(graph.objects(dataset, VOID.vocabulary))
    assert {rdflib.URIRef(str(ELI)), rdflib.URIRef(str(VK)), rdflib.URIRef(str(SKOS))} <= vocabularies
    dumps = {str(d) for d in graph.objects(dataset, VOID.dataDump)}
    assert "http://localhost/export.nt" in dumps
    dump = client.get("/export.nt")   # the dump holds the triples the description counts
    assert graph.value(dataset, VOID.triples).toPython() == len(parsed(dump, "nt"))
    classes = {graph.value(p, VOID["class"]): graph.value(p, VOID.entities).toPython()
               for p in graph.objects(dataset, VOID.classPartition)}
    assert classes[ELI.LegalResource] == 7


@pytest.mark.parametrize(("media_type", "fmt"), RDF_TYPES[:3])
def test_void_in_other_rdf_formats(client, media_type, fmt):
    response = client.get("/.well-known/void", headers={"Accept": media_type})
    assert response.mimetype == media_type and "Accept" in response.headers["Vary"]
    assert len(list(parsed(response, fmt).subjects(RDF.type, VOID.Dataset))) == 1


def test_void_for_a_reader_is_a_page_in_vietnamese(client):
    response = client.get("/.well-known/void", headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<h1>Mô tả bộ dữ liệu (VoID)</h1>" in page and "<dt>Số bộ ba</dt>" in page
    assert '<a href="http://localhost/sparql">' in page


@pytest.mark.parametrize("path", ["/vocab", "/vocab/loai/luat", "/.well-known/void"])
def test_a_current_copy_is_answered_304(client, path):
    first = client.get(path, headers={"Accept": "text/turtle"})
    assert first.status_code == 200 and first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get(path, headers={"Accept": "text/turtle", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == first.headers["ETag"]
    other = client.get(path, headers={"Accept": "application/ld+json", "If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200   # another format is another answer
