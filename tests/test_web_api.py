"""The JSON API through Flask's test client."""

from __future__ import annotations

import pytest

from vankien.web.app import create_app


@pytest.fixture(scope="module")
def client(seeds_data):
    return create_app(seeds_data, TESTING=True).test_client()


def test_search_json_follows_the_contract(client):
    response = client.get("/search.json", query_string={"q": "nghi quyet 40"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert set(body) >= {"query", "total", "hits", "facets", "suggestion"}
    assert body["hits"][0]["number"] == "40-NQ/TU" and body["suggestion"] is None and body["notice"] is None


def test_search_json_filters_and_pages(client):
    body = client.get("/search.json", query_string={"q": "nghị quyết", "kind": "document", "limit": 2,
                                                    "page": 2}).get_json()
    assert body["page"] == 2 and len(body["hits"]) == 2 and {h["kind"] for h in body["hits"]} == {"document"}


@pytest.mark.parametrize("params,message", [
    ({"q": '"unclosed'}, "Thiếu dấu ngoặc kép đóng"),
    ({"q": "x", "limit": "1000"}, "limit: must be a whole number from 1 to 100"),
    ({"q": "x", "sort": "random"}, "sort: must be one of relevance, date"),
    ({"q": "<script>alert(1)</script>" * 40}, "Câu tìm kiếm quá dài"),
])
def test_bad_requests_are_400_with_a_message(client, params, message):
    response = client.get("/search.json", query_string=params)
    assert response.status_code == 400 and message in response.get_json()["error"]


def test_suggest_and_unknown_routes(client):
    assert "Thành ủy Lạng Sơn" in [s["label"] for s in client.get("/suggest.json?q=thanh+uy").get_json()["suggestions"]]
    assert client.get("/nowhere").status_code == 404


# --- SPARQL protocol ------------------------------------------------------------------------

SELECT = "SELECT ?n WHERE { ?d eli:id_local ?n } ORDER BY ?n"


def test_sparql_get_select_as_json(client):
    response = client.get("/sparql", query_string={"query": SELECT})
    assert response.status_code == 200 and response.mimetype == "application/sparql-results+json"
    values = [b["n"]["value"] for b in response.get_json()["results"]["bindings"]]
    assert values == ["01-KL/TW", "03-ĐA/TU", "21-KL/TW", "35-NQ/TW", "40-NQ/TU", "81-NQ/TU"]
    assert response.headers["Vary"] == "Accept"


def test_sparql_post_forms_and_accept(client):
    csv = client.post("/sparql", data={"query": SELECT}, headers={"Accept": "text/csv"})
    assert csv.mimetype == "text/csv" and csv.get_data(as_text=True).splitlines()[:2] == ["n", "01-KL/TW"]
    ask = client.post("/sparql", data="ASK { ?d eli:id_local '40-NQ/TU' }",
                      content_type="application/sparql-query")
    assert ask.get_json()["boolean"] is True
    turtle = client.get("/sparql", query_string={"query": "CONSTRUCT { ?d rdfs:label ?l } WHERE { ?d rdfs:label ?l }"},
                        headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle" and "Nghị quyết số 40-NQ/TU" in turtle.get_data(as_text=True)


@pytest.mark.parametrize("request_kwargs,status", [
    ({"method": "POST", "data": {"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}}, 403),
    ({"method": "GET", "query_string": {"query": "DELETE WHERE { ?s ?p ?o }"}}, 403),
    ({"method": "GET", "query_string": {"query": "SELECT * WHERE { SERVICE <http://x.example/> { ?s ?p ?o } }"}}, 403),
    ({"method": "GET", "query_string": {"query": "SELECT * WHERE {"}}, 400),
    ({"method": "GET", "query_string": {"query": ""}}, 400),
    ({"method": "GET", "query_string": {"query": ["ASK {}", "SELECT * {}"]}}, 400),
    ({"method": "GET", "query_string": {"update": "CLEAR ALL"}}, 403),
    ({"method": "POST", "data": "CLEAR ALL", "content_type": "application/sparql-update"}, 403),
    ({"method": "POST", "data": "ASK {}", "content_type": "text/plain"}, 415),
    ({"method": "POST", "data": "query=ASK%20%7B%7D"}, 415),
    ({"method": "POST", "data": "ASK {}".encode("utf-16"),
      "content_type": "application/sparql-query; charset=UTF-16"}, 415),
    ({"method": "POST", "data": "ASK { ?s ?p 'é' }".encode("latin-1"), "content_type": "application/sparql-query"},
     400),
    ({"method": "GET", "query_string": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400),
    ({"method": "GET", "query_string": {"query": "ASK {}"}, "headers": {"Accept": "text/csv"}}, 406),
    ({"method": "GET", "query_string": {"query": SELECT}, "headers": {"Accept": "image/png"}}, 406),
])
def test_sparql_refusals_are_clear_4xx(client, request_kwargs, status):
    request_kwargs = dict(request_kwargs)  # shared by every run of the test (tests/test_backends_sparql.py)
    method = request_kwargs.pop("method")
    response = client.open("/sparql", method=method, **request_kwargs)
    assert response.status_code == status and response.get_json()["error"]


def test_sparql_time_limit_is_a_clear_503(client):
    served = client.application.config["SPARQL_TIMEOUT"]
    client.application.config["SPARQL_TIMEOUT"] = 0.5
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        response = client.get("/sparql", query_string={"query": slow})
    finally:
        client.application.config["SPARQL_TIMEOUT"] = served
    assert response.status_code == 503 and "0.5 s limit" in response.get_json()["error"]


def _source_graphs(client) -> list[str]:
    rows = client.get("/sparql", query_string={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a ?type } } "
                                                        "ORDER BY ?g"}).get_json()["results"]["bindings"]
    return [row["g"]["value"] for row in rows]


def _count(client, **dataset) -> int:
    body = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **dataset})
    return int(body.get_json()["results"]["bindings"][0]["n"]["value"])


def test_sparql_dataset_parameters_make_the_dataset(client):
    graph = _source_graphs(client)[0]
    whole, one = _count(client), _count(client, **{"default-graph-uri": graph})
    assert 0 < one < whole
    assert _count(client, **{"default-graph-uri": "http://nowhere.example/g"}) == 0
    named = client.get("/sparql", query_string={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                                "named-graph-uri": graph}).get_json()["results"]["bindings"]
    assert [row["g"]["value"] for row in named] == [graph]
    from_clause = client.post("/sparql", data=f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}",
                              content_type="application/sparql-query").get_json()
    assert int(from_clause["results"]["bindings"][0]["n"]["value"]) == one


def test_sparql_relative_iris_resolve_against_the_endpoint(client):
    response = client.post("/sparql", data="CONSTRUCT { <s> <p> 1 } WHERE {}", content_type="application/sparql-query",
                           headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith("<http://localhost/s> <http://localhost/p> ")


def test_sparql_ask_answers_in_a_boolean_format_and_graphs_in_n3(client):
    ask = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "text/csv, */*;q=0.1"})
    assert ask.mimetype == "application/sparql-results+json" and ask.get_json()["boolean"] is True
    n3 = client.get("/sparql", query_string={"query": "CONSTRUCT { ?d rdfs:label ?l } WHERE { ?d rdfs:label ?l }"},
                    headers={"Accept": "text/n3"})
    import rdflib
    assert n3.mimetype == "text/n3" and len(rdflib.Graph().parse(data=n3.get_data(as_text=True), format="n3")) > 10


@pytest.mark.parametrize("accept,rdflib_format", [("text/turtle", "turtle"), ("*/*", "turtle"),
                                                  ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld"),
                                                  ("application/n-triples", "nt"), ("text/n3", "n3")])
def test_sparql_without_a_query_describes_the_service(client, accept, rdflib_format):
    import rdflib

    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200 and "Accept" in response.headers["Vary"]
    description = rdflib.Graph().parse(data=response.get_data(as_text=True), format=rdflib_format)
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = rdflib.URIRef("http://localhost/sparql")
    assert (service, sd.endpoint, service) in description
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in description
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in set(
        description.objects(service, sd.resultFormat))
    names = {str(n) for n in description.objects(None, sd.name)}
    assert set(_source_graphs(client)) <= names


def test_sparql_truncation_is_said_in_headers_only(seeds_data):
    capped = create_app(seeds_data, TESTING=True, SPARQL_ROW_CAP=1).test_client()
    response = capped.get("/sparql", query_string={"query": SELECT})
    assert response.headers["X-Vankien-Truncated"] == "true" and set(response.get_json()) == {"head", "results"}
