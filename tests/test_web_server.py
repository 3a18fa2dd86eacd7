"""``vankien serve`` (gunicorn) answering real HTTP clients: SPARQLWrapper and urllib."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

import pytest
import rdflib

from conftest import ROOT
from serving import Served, free_port, serve_seeds

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serve_seeds(tmp_path_factory.mktemp("served"))


def endpoint(server, query: str, fmt: str):
    client = SPARQLWrapper.SPARQLWrapper(server.url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client.query()


def test_sparqlwrapper_select(server):
    result = endpoint(server, "SELECT ?n WHERE { ?d eli:id_local ?n } ORDER BY ?n", SPARQLWrapper.JSON)
    assert result.info()["x-vankien-truncated"] == "false"
    numbers = [row["n"]["value"] for row in result.convert()["results"]["bindings"]]
    assert numbers == ["01-KL/TW", "03-ĐA/TU", "21-KL/TW", "35-NQ/TW", "40-NQ/TU", "81-NQ/TU"]


def test_sparqlwrapper_ask(server):
    assert endpoint(server, "ASK { ?d eli:id_local '40-NQ/TU' }", SPARQLWrapper.JSON).convert()["boolean"] is True
    assert endpoint(server, "ASK { ?d eli:id_local '99-NQ/TU' }", SPARQLWrapper.XML).convert().getElementsByTagName(
        "boolean")[0].firstChild.data == "false"


def test_sparqlwrapper_construct(server):
    turtle = endpoint(server, "CONSTRUCT { ?d rdfs:label ?l } WHERE { ?d eli:id_local '40-NQ/TU' ; rdfs:label ?l }",
                      SPARQLWrapper.TURTLE).convert()  # Turtle comes back as bytes
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert {str(o) for o in graph.objects()} == {"Nghị quyết số 40-NQ/TU"}


def test_search_json_over_http(server):
    with urllib.request.urlopen(server.url + "/search.json?q=nghi+quyet+40") as response:
        assert response.status == 200 and response.headers["Server"].startswith("gunicorn")
        body = json.load(response)
    assert body["hits"][0]["number"] == "40-NQ/TU" and body["hits"][0]["kind"] == "document"


def test_two_workers_answer_in_turn(server):
    """Many requests in a row all succeed (each worker opened the store read-only on its own)."""
    for _ in range(12):
        with urllib.request.urlopen(server.url + "/suggest.json?q=nghi") as response:
            assert response.status == 200 and json.load(response)["suggestions"]


def test_serve_rebuilds_a_missing_index_first(tmp_path):
    from vankien.graph.ingest import Ingester
    from vankien.graph.iris import Iris
    from vankien.graph.store import GraphStore

    from conftest import SEEDS

    store = GraphStore(tmp_path / "data")
    Ingester(store, Iris(None)).ingest([SEEDS])  # a store with no search index beside it
    store.close()
    served = Served(tmp_path / "data", tmp_path / "server.log", workers=1)
    try:
        with urllib.request.urlopen(served.url + "/search.json?q=40-NQ/TU") as response:
            assert json.load(response)["hits"][0]["number"] == "40-NQ/TU"
    finally:
        served.stop()
    assert "rebuilding the search index from the store" in (tmp_path / "server.log").read_text()


def test_serve_without_a_store_says_so(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "vankien.web.cli", "serve", "--data", str(tmp_path / "none"),
                           "--port", str(free_port())], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2 and proc.stderr == (
        f"error: {tmp_path / 'none'}: no store here (run 'vankien ingest' first)\n"
    )


def test_workers_warm_up_before_their_first_request(seeds_data_copy, tmp_path, caplog):
    from vankien.web.app import create_app
    from vankien.web.backends import warm_up

    app = create_app(seeds_data_copy)
    warm_up(app)
    searcher = app.extensions["vankien_searcher"]
    assert searcher._ranker is not None and searcher.speller().ready  # columns and vocabulary are ready
    empty = create_app(tmp_path / "nothing-here")
    warm_up(empty)  # no store: logged, and the requests say so themselves
    assert "warm-up skipped" in caplog.text
    for url in ("/search.json?q=x", "/suggest.json?q=x"):
        response = empty.test_client().get(url)
        assert response.status_code == 503 and "no search index here" in response.get_json()["error"]
    assert not (tmp_path / "nothing-here").exists()  # looking created nothing
