"""The JSON API through Flask's test client."""

from __future__ import annotations

import pytest

from conftest import SEED
from graph.ingest import Ingester
from graph.iris import Iris
from graph.store import GraphStore
from search.index import IndexUpdater
from web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    data = tmp_path_factory.mktemp("web") / "data"
    store = GraphStore(data)
    updater = IndexUpdater(store, data)
    Ingester(store, Iris(None), before_write=updater.before_change, after_write=updater.after_change).ingest([SEED])
    updater.commit()
    store.close()
    return create_app(data, TESTING=True).test_client()


def test_search_json_follows_the_contract(client):
    response = client.get("/search.json", query_string={"q": "nghi quyet 40"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert set(body) >= {"query", "total", "hits", "facets", "suggestion"}
    assert body["hits"][0]["number"] == "40-NQ/TU" and body["suggestion"] == "nghị quyết 40"


def test_search_json_filters_and_pages(client):
    body = client.get("/search.json", query_string={"q": "nghị quyết", "kind": "document", "limit": 2,
                                                    "page": 2}).get_json()
    assert body["page"] == 2 and len(body["hits"]) == 2 and {h["kind"] for h in body["hits"]} == {"document"}


@pytest.mark.parametrize("params,message", [
    ({"q": '"unclosed'}, "unbalanced quotes"),
    ({"q": "x", "limit": "1000"}, "parameter 'limit'"),
    ({"q": "x", "sort": "random"}, "parameter 'sort'"),
    ({"q": "<script>alert(1)</script>" * 40}, "query too long"),
])
def test_bad_requests_are_400_with_a_message(client, params, message):
    response = client.get("/search.json", query_string=params)
    assert response.status_code == 400 and message in response.get_json()["error"]


def test_suggest_and_unknown_routes(client):
    assert "Thành ủy Lạng Sơn" in [s["label"] for s in client.get("/suggest.json?q=thanh+uy").get_json()["suggestions"]]
    assert client.get("/nowhere").status_code == 404
