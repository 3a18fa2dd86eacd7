"""What the service hands out whole: dataset exports, the OpenAPI document, and SPARQL results cut
at the row cap (never silently)."""

from __future__ import annotations

import json
import re
import threading

import pytest
import rdflib

from vankien.graph.sparql import evaluate
from vankien.web.app import create_app
from vankien.web.urls import ENTITY_ROOTS
from vankien.web.views.export import stream_dump


@pytest.fixture(scope="module")
def data(seeds_data):
    return seeds_data


@pytest.fixture(scope="module")
def client(data):
    return create_app(data, TESTING=True).test_client()


# --- /export.* ---------------------------------------------------------------------------------

@pytest.mark.parametrize("ext,media_type,rdflib_format", [
    ("ttl", "text/turtle", "turtle"),
    ("nt", "application/n-triples", "nt"),
    ("nq", "application/n-quads", "nquads"),
    ("trig", "application/trig", "trig"),
    ("jsonld", "application/ld+json", "json-ld"),
    ("rdf", "application/rdf+xml", "xml"),
])
def test_export_every_format_is_a_parsable_attachment(client, ext, media_type, rdflib_format):
    response = client.get(f"/export.{ext}")
    assert response.status_code == 200 and response.mimetype == media_type and response.is_streamed
    assert response.headers["Content-Disposition"] == f'attachment; filename="vankien.{ext}"'
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    dataset = rdflib.Dataset()
    dataset.parse(data=response.get_data(), format=rdflib_format)
    labels = {str(o) for _, _, o, _ in dataset.quads((None, rdflib.RDFS.label, None, None))}
    assert "Nghị quyết số 40-NQ/TU" in labels and len(dataset) > 150


@pytest.mark.parametrize("ext,rdflib_format", [("nq", "nquads"), ("trig", "trig")])
def test_export_keeps_one_named_graph_per_source(client, ext, rdflib_format):
    dataset = rdflib.Dataset()
    dataset.parse(data=client.get(f"/export.{ext}").get_data(), format=rdflib_format)
    sources = {str(g.identifier) for g in dataset.graphs() if "/source/" in str(g.identifier)}
    assert len(sources) == 1


def test_export_jsonld_is_the_compacted_merge_the_command_line_writes(client, data, tmp_path):
    from click.testing import CliRunner
    from rdflib.compare import isomorphic

    from vankien.web.cli import main

    served = client.get("/export.jsonld").get_data()
    written = tmp_path / "export.jsonld"
    result = CliRunner().invoke(main, ["export", "--format", "jsonld", "--output", str(written), "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert json.loads(served) == json.loads(written.read_bytes()) and "@context" in json.loads(served)
    merged = rdflib.Graph().parse(data=served, format="json-ld")
    triples = rdflib.Graph().parse(data=client.get("/export.nt").get_data(), format="nt")
    assert len(merged) > 150 and isomorphic(merged, triples)


@pytest.mark.parametrize("accept,media_type,rdflib_format", [
    ("application/n-quads", "application/n-quads", "nquads"), ("application/trig", "application/trig", "trig"),
    ("text/n3", "text/n3", "n3"), ("*/*", "text/turtle", "turtle")])
def test_export_negotiates_its_format(client, accept, media_type, rdflib_format):
    response = client.get("/export", headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == media_type and "Accept" in response.headers["Vary"]
    assert len(rdflib.Dataset().parse(data=response.get_data(), format=rdflib_format)) > 150
    refused = client.get("/export", headers={"Accept": "image/png"})
    assert refused.status_code == 406 and "Accept" in refused.headers["Vary"]


@pytest.mark.parametrize("graph", ["null", " ", "http://x.example/a b"])
def test_export_of_a_graph_that_is_no_iri_is_a_400(client, graph):
    response = client.get("/export.ttl", query_string={"graph": graph})
    assert response.status_code == 400 and response.get_json()["error"].startswith("graph: ")


def test_export_one_graph_and_unknown_ones(client):
    whole = client.get("/export.nt").get_data(as_text=True)
    graph = re.search(r"<(https://vankien\.example/source/[0-9a-f]+)>", whole).group(1)
    one = client.get("/export.nt", query_string={"graph": graph}).get_data(as_text=True)
    judged = {line for line in whole.splitlines()
              if re.search(r"vocab#status>|vocab#statusOn>|schema\.org/legislationLegalForce>", line)}
    assert judged  # the whole export holds each document's status as judged on the last change
    assert sorted(set(one.splitlines())) == sorted(set(whole.splitlines()) - judged)
    missing = client.get("/export.ttl", query_string={"graph": "https://vankien.example/source/nothing"})
    assert missing.status_code == 404 and "no such graph" in missing.get_json()["error"]
    assert client.get("/export.docx").status_code == 404


def test_export_without_a_store_is_a_clear_404(tmp_path):
    response = create_app(tmp_path / "empty", TESTING=True).test_client().get("/export.ttl")
    assert response.status_code == 404 and "no store here" in response.get_json()["error"]


# --- /api/openapi.json -------------------------------------------------------------------------

def _openapi_path(rule: str) -> str:
    """A Werkzeug rule in OpenAPI path templating: ``/export.<ext>`` → ``/export.{ext}``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def api_paths(app) -> set[str]:
    """Every path of the machine-readable interface: the API blueprints, every ``.json`` twin of a page,
    and the entities' rule, whose twins end in a format suffix."""
    paths = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in {"api", "sparql", "export", "openapi"} or rule.rule.endswith(".json"):
            paths.add(_openapi_path(rule.rule))
        elif rule.endpoint == "entities.entity":  # one path per root
            paths.update(f"/{root}/{{entity}}.{{format}}" for root in ENTITY_ROOTS)
    return paths


def test_openapi_document_is_valid_and_lists_every_api_path(client):
    validator = pytest.importorskip("openapi_spec_validator")
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.get_data(as_text=True))
    validator.validate(document)
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == api_paths(client.application)
    assert "/eli/{entity}.{format}" in document["paths"]


def test_openapi_entity_twins_answer_as_described(client):
    twins = client.get("/api/openapi.json").get_json()["paths"]["/eli/{entity}.{format}"]["get"]
    formats = next(p for p in twins["parameters"] if p["name"] == "format")["schema"]["enum"]
    assert {"json", "ttl"} <= set(formats)
    for fmt in formats:
        response = client.get(f"/eli/dang/tinh-uy-lang-son/2021/nq/40.{fmt}")
        assert response.status_code == 200 and response.mimetype in twins["responses"]["200"]["content"]


def test_openapi_search_schema_follows_the_contract(client):
    document = client.get("/api/openapi.json").get_json()
    search = document["paths"]["/search.json"]["get"]
    assert {p["name"] for p in search["parameters"]} == {"q", "kind", "type", "issuer", "year", "publisher", "status",
                                                          "limit", "page", "sort"}
    schemas = document["components"]["schemas"]
    assert set(schemas["SearchResult"]["required"]) == {"query", "total", "hits", "facets", "suggestion"}
    assert set(schemas["Hit"]["properties"]) >= {"kind", "iri", "label", "number", "date", "score", "snippet"}
    body = client.get("/search.json", query_string={"q": "nghi quyet 40"}).get_json()
    assert set(body) <= set(schemas["SearchResult"]["properties"])
    assert set(body["hits"][0]) <= set(schemas["Hit"]["properties"])


# --- the SPARQL row cap --------------------------------------------------------------------------

NUMBERS = "SELECT ?n WHERE { ?d eli:id_local ?n } ORDER BY ?n"


@pytest.fixture()
def capped(data):
    return create_app(data, TESTING=True, SPARQL_ROW_CAP=2).test_client()


def test_select_beyond_the_cap_is_cut_and_flagged(capped):
    response = capped.get("/sparql", query_string={"query": NUMBERS})
    assert response.headers["X-Vankien-Truncated"] == "true" and response.headers["X-Vankien-Row-Cap"] == "2"
    body = response.get_json()
    assert body["head"]["vars"] == ["n"] and set(body) == {"head", "results"}  # standard JSON: the flag is a header
    assert [b["n"]["value"] for b in body["results"]["bindings"]] == ["01-KL/TW", "03-ĐA/TU"]


def test_the_cut_is_flagged_in_every_result_format(capped):
    csv = capped.get("/sparql", query_string={"query": NUMBERS}, headers={"Accept": "text/csv"})
    assert csv.get_data(as_text=True).splitlines() == ["n", "01-KL/TW", "03-ĐA/TU"]
    assert csv.headers["X-Vankien-Truncated"] == "true"
    xml = capped.get("/sparql", query_string={"query": NUMBERS, "format": "xml"})
    assert xml.get_data(as_text=True).count("<result>") == 2 and xml.headers["X-Vankien-Truncated"] == "true"


def test_results_within_the_cap_are_whole_and_standard(client, capped):
    response = client.get("/sparql", query_string={"query": NUMBERS})
    assert response.headers["X-Vankien-Truncated"] == "false" and "vankien" not in response.get_json()
    assert len(response.get_json()["results"]["bindings"]) == 6
    ask = capped.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert ask.get_json() == {"head": {}, "boolean": True} and "X-Vankien-Truncated" not in ask.headers


def test_capped_rows_keep_every_kind_of_term(data):
    query = """SELECT ?iri ?label ?date ?none WHERE {
                 ?iri eli:id_local '40-NQ/TU' ; rdfs:label ?label ; eli:date_document ?date
                 OPTIONAL { ?iri eli:id_local ?none FILTER(false) } }"""
    whole = evaluate(data, query, "tsv")
    capped = evaluate(data, query, "tsv", row_cap=5)
    assert capped.body == whole.body and not capped.truncated
    assert evaluate(data, NUMBERS, "tsv", row_cap=0).body.decode().splitlines() == ["?n"]


def test_a_browser_visiting_the_endpoint_is_sent_to_the_editor(client):
    visit = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert visit.status_code == 303 and visit.location.endswith("/sparql/editor")
    assert client.get("/sparql", headers={"Accept": "application/sparql-results+json"}).status_code == 400


def test_a_download_left_halfway_stops_the_writer():
    class Endless:
        """A store whose dump never ends."""

        def dump(self, out, fmt, graph):
            while True:
                out.write(b"<a:s> <a:p> <a:o> .\n" * 4096)

    chunks = stream_dump(Endless(), "ntriples")
    assert next(chunks).startswith(b"<a:s>")
    chunks.close()  # the client went away: the pipe closes and the writer thread ends (close joins it)
    assert not [t for t in threading.enumerate() if t.name.startswith("export-")]
