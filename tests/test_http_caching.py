"""HTTP as caches and Linked Data clients use it: ETag, Last-Modified, Cache-Control and 304 on entity pages,
twins, exports and SPARQL GETs; ``Vary`` where the format is negotiated; CORS on every answer and preflight;
rdflib reading entity IRIs and the exports from a served instance."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
import rdflib
from rdflib.compare import isomorphic

from vankien.graph.store import STATE_FILE, read_state
from vankien.web.app import create_app

from serving import serve_copy

ENTITY = "/eli/dang/tinh-uy-lang-son/2021/nq/40"
ENTITY_IRI = "https://vankien.example" + ENTITY
SELECT = "SELECT ?n WHERE { ?d eli:id_local ?n } ORDER BY ?n"


@pytest.fixture(scope="module")
def client(seeds_data):
    return create_app(seeds_data, TESTING=True).test_client()


CACHED = [
    (ENTITY, {}), (ENTITY + ".ttl", {}), (ENTITY + ".json", {}), (ENTITY + "/graph.svg", {}),
    (ENTITY, {"Accept": "text/turtle"}), (ENTITY, {"Accept": "text/n3"}),
    ("/export.nt", {}), ("/export", {"Accept": "application/trig"}),
    ("/sparql?query=" + urllib.request.quote(SELECT), {}),
    ("/sparql", {"Accept": "text/turtle"}), ("/feed.atom?type=Ngh%E1%BB%8B+quy%E1%BA%BFt", {}),
]


@pytest.mark.parametrize("path,headers", CACHED)
def test_a_current_copy_gets_a_304(client, path, headers):
    first = client.get(path, headers=headers)
    assert first.status_code == 200, first.get_data(as_text=True)[:300]
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "public, no-cache"
    again = client.get(path, headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == etag
    assert again.headers.get("Vary") == first.headers.get("Vary")
    assert client.get(path, headers={**headers, "If-Modified-Since": modified}).status_code == 304
    assert client.get(path, headers={**headers, "If-None-Match": '"something-else"'}).status_code == 200


def test_each_format_and_query_has_its_own_tag(client):
    tags = {client.get(path).headers["ETag"] for path in (ENTITY + ".ttl", ENTITY + ".nt", ENTITY + ".json")}
    tags.add(client.get("/sparql", query_string={"query": "ASK {}"}).headers["ETag"])
    tags.add(client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).headers["ETag"])
    assert len(tags) == 5


def test_negotiated_answers_say_they_vary_by_accept(client):
    for path in (ENTITY, "/export", "/sparql?query=ASK%20%7B%7D", "/sparql"):
        assert "Accept" in client.get(path, headers={"Accept": "application/ld+json"}).headers.get("Vary", ""), path
    assert "Accept" in client.get(ENTITY, headers={"Accept": "image/png"}).headers["Vary"]


def test_a_post_is_never_answered_from_a_cache(client):
    response = client.post("/sparql", data={"query": "ASK {}"}, headers={"If-None-Match": "*"})
    assert response.status_code == 200 and "ETag" not in response.headers


def test_a_new_generation_changes_every_tag(seeds_data_copy):
    client = create_app(seeds_data_copy, TESTING=True).test_client()
    before = client.get(ENTITY + ".ttl").headers["ETag"]
    state = read_state(seeds_data_copy)
    (seeds_data_copy / STATE_FILE).write_text(json.dumps({**state, "generation": state["generation"] + 1}))
    after = client.get(ENTITY + ".ttl", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before


@pytest.mark.parametrize("path", [ENTITY + ".ttl", ENTITY + ".json", ENTITY + "/graph.svg", "/index.json",
                                  "/browse.json", "/api.json", "/search.json?q=lang+son", "/export.ttl",
                                  "/sparql?query=ASK%20%7B%7D", "/api/openapi.json", "/feed.atom", "/nowhere.json"])
def test_every_machine_readable_answer_is_open_to_other_origins(client, path):
    response = client.get(path, headers={"Origin": "https://elsewhere.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


def test_a_preflight_allows_a_sparql_post_from_another_origin(client):
    response = client.options("/sparql", headers={"Origin": "https://elsewhere.example",
                                                  "Access-Control-Request-Method": "POST",
                                                  "Access-Control-Request-Headers": "content-type"})
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()
    assert int(response.headers["Access-Control-Max-Age"]) > 0


def test_an_entity_answer_links_to_the_iri_it_describes_and_its_formats(client):
    links = client.get(ENTITY + ".ttl").headers["Link"]
    assert f'<{ENTITY_IRI}>; rel="describes"' in links
    assert f'<{ENTITY}.n3>; rel="alternate"; type="text/n3"' in links
    assert f'<{ENTITY}>; rel="alternate"; type="text/html"' in links


def test_a_machine_format_of_nothing_is_a_json_404(client):
    for suffix in (".ttl", ".nt", ".rdf", ".jsonld", ".n3", "/graph.svg"):
        response = client.get("/eli/khong/co/gi" + suffix)
        assert response.status_code == 404 and "Không có thực thể nào" in response.get_json()["error"], suffix


# --- a served instance read by rdflib ----------------------------------------------------------------

@pytest.fixture(scope="module")
def server(seeds_data, tmp_path_factory):
    yield from serve_copy(seeds_data, tmp_path_factory.mktemp("http-caching"), workers=1)


@pytest.mark.parametrize("rdflib_format", ["turtle", "nt", "xml", "json-ld", "n3"])
def test_rdflib_reads_an_entity_iri_in_every_format(server, rdflib_format):
    graph = rdflib.Graph().parse(server.url + ENTITY, format=rdflib_format)
    assert "Nghị quyết số 40-NQ/TU" in {str(label) for label in graph.objects(rdflib.URIRef(ENTITY_IRI),
                                                                               rdflib.RDFS.label)}


def test_rdflib_reads_an_entity_iri_by_content_type(server):
    graph = rdflib.Graph().parse(server.url + ENTITY)
    assert len(set(graph.predicates(rdflib.URIRef(ENTITY_IRI)))) > 3


def test_rdflib_reads_the_same_triples_from_the_jsonld_and_ntriples_exports(server):
    jsonld = rdflib.Graph().parse(server.url + "/export.jsonld")
    ntriples = rdflib.Graph().parse(server.url + "/export.nt")
    assert len(jsonld) > 150 and isomorphic(jsonld, ntriples)


def test_a_served_conditional_get_is_a_304(server):
    with urllib.request.urlopen(server.url + ENTITY + ".ttl") as first:
        etag = first.headers["ETag"]
    request = urllib.request.Request(server.url + ENTITY + ".ttl", headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as again:
        urllib.request.urlopen(request)
    assert again.value.code == 304 and again.value.headers["ETag"] == etag
