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
    ({"q": '"unclosed'}, "unbalanced quotes"),
    ({"q": "x", "limit": "1000"}, "limit: must be a whole number from 1 to 100"),
    ({"q": "x", "sort": "random"}, "sort: must be one of relevance, date"),
    ({"q": "<script>alert(1)</script>" * 40}, "query too long"),
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
    ({"method": "GET", "query_string": {}}, 400),
    ({"method": "GET", "query_string": {"query": SELECT}, "headers": {"Accept": "image/png"}}, 406),
])
def test_sparql_refusals_are_clear_4xx(client, request_kwargs, status):
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
