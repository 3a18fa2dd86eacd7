"""The same behaviour whatever holds the store: the embedded Oxigraph database, Oxigraph's server, Virtuoso.

Each backend gets the data folder of the page tests (the seed article, an article relating documents to
40-NQ/TU, an official text), written through it; what a user reads from it — the quads, the command line's
answers, the pages over HTTP — must be what the embedded store gives for the same sources.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner
from store_servers import storing_in
from test_web_pages import build_data_dir

from vankien.graph.store import GraphStore, StoreError, StoreLocked
from vankien.search.pipeline import ingest, remove
from vankien.web.cli import main

from serving import Served, free_port

WRITTEN_AT = re.compile(r'"\d{4}-\d\d-\d\dT[\d:.]+Z"\^\^<http://www.w3.org/2001/XMLSchema#dateTime>')


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The same sources in the embedded store."""
    with storing_in(None):
        return build_data_dir(tmp_path_factory.mktemp("reference"))


@pytest.fixture(scope="module")
def backend(store_backend, tmp_path_factory):
    """(name, data folder written through the backend)."""
    name, url = store_backend
    with storing_in(url):
        return name, build_data_dir(tmp_path_factory.mktemp(f"{name}-data"))


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def quads(data) -> list[str]:
    """The store's N-Quads, sorted, the time each source was written left out."""
    text = cli("export", "--data", str(data), "--format", "nquads")
    found = sorted(WRITTEN_AT.sub('"…"', line) for line in text.splitlines() if line.startswith(("<", "_:")))
    assert len(found) > 100, text[-300:]  # the export went to standard output, whole
    return found


def test_the_store_holds_the_same_quads(backend, reference):
    name, data = backend
    assert (data / "oxigraph").is_dir() == (name == "embedded")
    assert quads(data) == quads(reference)
    dashed = cli("export", "--data", str(data), "--format", "nquads", "-o", "-")  # "-": standard output too
    assert sorted(WRITTEN_AT.sub('"…"', line) for line in dashed.splitlines() if line.startswith("<")) == quads(data)


@pytest.mark.parametrize("command", [
    ("search", "nghi quyet 40", "--json"),
    ("search", "an toàn thực phẩm", "--json"),
    ("neighbours", "40-NQ/TU", "--json"),
    ("status", "15-KH/TU", "--json"),
    ("timeline", "40-NQ/TU", "--json"),
    ("chain", "20-KH/TU", "--relation", "replaces", "--json"),
    ("path", "20-KH/TU", "40-NQ/TU"),
    ("rank", "--json"),
    ("stats", "--json"),
    ("suggest", "thanh uy"),
    ("validate",),
    ("sparql", "SELECT DISTINCT ?d ?n WHERE { ?d eli:id_local ?n } ORDER BY ?n"),
    ("sparql", "SELECT ?p (COUNT(DISTINCT ?g) AS ?sources) WHERE { GRAPH ?g { ?d eli:id_local '40-NQ/TU' ; ?p ?o } } "
               "GROUP BY ?p ORDER BY ?p"),
    ("sparql", "CONSTRUCT { ?d ?p ?o } WHERE { ?d eli:id_local '15-KH/TU' ; ?p ?o }", "--format", "ntriples"),
    ("sparql", "ASK { ?d eli:id_local '40-NQ/TU' }"),
    ("sparql", "ASK { ?d eli:id_local '99-NQ/TU' }"),
])
def test_commands_answer_as_on_the_embedded_store(backend, reference, command):
    _, data = backend
    verb, *rest = command
    answer, expected = (cli(verb, *rest, "--data", str(folder)) for folder in (data, reference))
    if rest and "CONSTRUCT" in rest[0]:  # a graph: its triples in any order
        answer, expected = sorted(answer.splitlines()), sorted(expected.splitlines())
    assert answer == expected


def test_one_writer_at_a_time(backend):
    name, data = backend
    with storing_in(None):
        writer = GraphStore(data)
        try:
            with pytest.raises(StoreLocked, match="open for writing in another process"):
                GraphStore(data)
            reader = GraphStore(data, read_only=True)
            assert reader.source_count() == writer.source_count() == 3
            reader.close()
        finally:
            writer.close()


def test_a_server_that_does_not_answer_is_one_line(tmp_path):
    with storing_in(None):  # --store puts the address in the environment: taken out again at the end
        result = CliRunner().invoke(main, ["stats", "--data", str(tmp_path),
                                           "--store", f"http://127.0.0.1:{free_port()}/query"])
    assert result.exit_code == 2
    assert re.fullmatch(r"error: http://127\.0\.0\.1:\d+/query: the store's server cannot be reached \(.*\)\n",
                        result.output)
    with pytest.raises(StoreError, match="not the http"):
        with storing_in("ftp://127.0.0.1/query"):
            GraphStore(tmp_path)


def test_pages_search_and_sparql_over_http(backend, reference, tmp_path):
    import urllib.parse
    import urllib.request

    name, data = backend
    reference_served = Served(reference, tmp_path / "reference.log")
    served = Served(data, tmp_path / "server.log")
    try:
        def get(path: str, accept: str = "application/json"):
            request = urllib.request.Request(served.url + path, headers={"Accept": accept})
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8")

        status, page = get("/eli/dang/tinh-uy-lang-son/2021/nq/40", "text/html")
        assert status == 200 and "Nghị quyết số 40-NQ/TU" in page and "Kế hoạch số 15-KH/TU" in page
        hits = json.loads(get("/search.json?q=nq+40")[1])["hits"]
        assert hits[0]["number"] == "40-NQ/TU"
        query = urllib.parse.quote("SELECT DISTINCT ?n WHERE { ?d eli:id_local ?n } ORDER BY ?n")
        rows = json.loads(get(f"/sparql?query={query}", "application/sparql-results+json")[1])
        assert [r["n"]["value"] for r in rows["results"]["bindings"]][:3] == ["01-KL/TW", "03-ĐA/TU", "05-CT/TU"]
        for path in ("/.well-known/void", "/eli/dang/thanh-uy-lang-son/2022/kh/15.json", "/search.json?q=ke+hoach"):
            accept = "text/turtle" if "void" in path else "application/json"
            status, body = get(path, accept)
            request = urllib.request.Request(reference_served.url + path, headers={"Accept": accept})
            with urllib.request.urlopen(request, timeout=30) as answer:
                expected = answer.read().decode("utf-8").replace(reference_served.url, "")
            assert status == 200 and body.replace(served.url, "") == expected, path
    finally:
        served.stop()
        reference_served.stop()


def test_a_quantity_beyond_64_bits_is_stored_as_written(store_backend, tmp_path):
    """Real articles state "25.873.329.250 tỷ đồng" and "10 tỉ tỉ USD": whole numbers beyond the 64-bit
    integers of servers (Virtuoso refused the whole update, and the ingest of the Baomoi corpus with it).
    They are exact decimals, stored and exported as written on every backend. (The article names no
    document: the graph of statuses is empty, and Virtuoso refused to be given it as ``GRAPH <g> { }``.)"""
    from store_servers import start

    name, _ = store_backend
    (tmp_path / "server").mkdir()
    server = start(name, tmp_path / "server")  # a server of its own: the module's holds the other tests' store
    source = tmp_path / "bai.txt"
    source.write_text("Doanh thu tập đoàn\n\nTổng doanh thu của tập đoàn năm 2022 lên đến 25.873.329.250 tỷ đồng. "
                      "Nợ toàn cầu lên tới 10 tỉ tỉ USD.\n", "utf-8")
    try:
        with storing_in(server.url if server else None):
            ingest(tmp_path / "data", [source])
        exported = CliRunner().invoke(main, ["export", "--data", str(tmp_path / "data"), "--format", "nquads"])
    finally:
        if server:
            server.stop()
    assert exported.exit_code == 0, exported.output
    values = set(re.findall(r'<https://schema.org/value> ("[^"]*"\^\^<[^>]*>)', exported.output))
    decimal = "<http://www.w3.org/2001/XMLSchema#decimal>"
    assert values == {f'"10000000000000000000"^^{decimal}', f'"25873329250000000000"^^{decimal}'}


def test_a_large_derived_graph_is_replaced_whole(store_backend, tmp_path):
    """The statuses of the whole Baomoi corpus are one graph of thousands of triples, replaced in one update:
    Virtuoso's parser ran out of memory 5,000 lines into it. Written in blocks, the graph is replaced whole,
    then by a small one, then emptied."""
    import pyoxigraph as ox

    name, url = store_backend
    graph = "https://vankien.example/graph/large-derived-test"
    value = ox.NamedNode("urn:test:value")
    with storing_in(url):
        store = GraphStore(tmp_path / "data")
        try:
            for size in (12_000, 3, 0):
                written = store.replace_derived(graph, [ox.Triple(ox.NamedNode(f"urn:test:s{i}"), value,
                                                                  ox.Literal(str(i))) for i in range(size)])
                held = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
                assert written == size and int(next(held)["n"].value) == size, (name, size)
        finally:
            store.replace_derived(graph, [])
            store.close()


def test_queries_asked_in_one_batch_answer_as_each_alone(backend):
    """``catalog.selects`` (one request of a server for many queries) gives each query the solutions it
    gets alone: counts, a capped newest-first list, unbound optionals, an empty answer, the same variable
    in several queries."""
    from vankien.graph.catalog import rows, selects

    name, data = backend
    opened = GraphStore(data, read_only=True)
    try:
        queries = [
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a schema:mentions ?d }",
            """SELECT ?d (MAX(STR(?date)) AS ?when) WHERE { ?d a eli:LegalResource
               OPTIONAL { ?d eli:date_document ?date } } GROUP BY ?d ORDER BY DESC(?when) ?d LIMIT 5""",
            "SELECT ?d ?n WHERE { ?d eli:id_local ?n FILTER(?n = \"no such number\") }",
            "SELECT DISTINCT ?d WHERE { ?d eli:id_local ?n } ORDER BY ?d LIMIT 3",
            "SELECT DISTINCT ?d ?title WHERE { ?d eli:id_local ?n OPTIONAL { ?d eli:title ?title } }",
        ]
        batched = selects(opened, queries)
        alone = [rows(opened, query) for query in queries]
    finally:
        opened.close()
    assert len(batched) == len(queries)
    for query, got, expected in zip(queries, batched, alone, strict=True):
        keys = set(expected[0]) if expected else set()
        as_set = sorted(sorted((k, v or "") for k, v in row.items() if k in keys) for row in got)
        assert as_set == sorted(sorted((k, v or "") for k, v in row.items()) for row in expected), (name, query)
    assert batched[2] == [] and int(batched[0][0]["n"]) > 0 and len(batched[1]) == 5


def test_every_entity_page_reads_as_on_the_embedded_store(backend, reference, tmp_path):
    """A page's queries go to a server in batches (one request of a dozen subqueries), side by side, and
    the answers a page and its embedded JSON-LD share are asked once: what every document, organisation,
    person and event page says is still what the embedded store's says."""
    import urllib.request

    from vankien.graph.catalog import read_kinds
    from vankien.graph.iris import resolve_base_iri

    name, data = backend
    opened = GraphStore(reference, read_only=True)
    base = resolve_base_iri(None)
    entities = sorted(iri for iri, kind in read_kinds(opened).items()
                      if kind in ("document", "organisation", "person", "event") and iri.startswith(base))
    opened.close()
    assert len(entities) >= 25
    reference_served = Served(reference, tmp_path / "reference.log")
    served = Served(data, tmp_path / "server.log")
    try:
        for iri in entities:
            answers = []
            for at in (served, reference_served):
                request = urllib.request.Request(f"{at.url}/{iri.removeprefix(base)}.json",
                                                 headers={"Accept": "application/json"})
                with urllib.request.urlopen(request, timeout=30) as answer:
                    answers.append(json.loads(answer.read().decode("utf-8").replace(at.url, "")))
            assert answers[0] == answers[1], (name, iri)
    finally:
        served.stop()
        reference_served.stop()


def test_a_source_removed_and_written_again(backend, reference, tmp_path):
    """(Last: it writes to the backend's folder.)"""
    _, data = backend
    alone = tmp_path / "embedded"
    shutil.copytree(reference, alone)
    article = str(data.parent / "ke-hoach-15.txt")
    with storing_in(None):
        for target in (data, alone):
            assert remove(target, [article]).removed == 1
        assert quads(data) == quads(alone)
        assert "15-KH/TU" not in cli("search", "ke hoach 15", "--data", str(data))
        for target in (data, alone):
            ingest(target, [article])
        assert quads(data) == quads(alone)
        assert "15-KH/TU" in cli("search", "ke hoach 15", "--data", str(data))
        again = ingest(data, [article])
        assert again.written == 0 and again.skipped == 1


def test_one_edit_across_graphs_removes_their_language_tagged_names(store_backend, tmp_path):
    """Virtuoso kept "Chỉ thị 05"@vi in every graph when one DELETE DATA named several graphs (the reference
    moved onto its dated document stayed named in the sources that named it). Its own graphs, dropped after."""
    import pyoxigraph as ox
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS

    name, url = store_backend
    label, key = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.NamedNode("urn:test:key")
    ref, dated = ox.NamedNode("https://vankien.example/eli/ref/ct/5"), ox.NamedNode("urn:test:dated")
    graphs = [f"https://vankien.example/source/edit-test-{i}" for i in range(3)]
    with storing_in(url):
        store = GraphStore(tmp_path / "data")
        try:
            for graph in graphs:
                store.replace_source(graph, [(URIRef(ref.value), RDFS.label, Literal("Chỉ thị 05", lang="vi")),
                                             (URIRef(ref.value), URIRef(key.value), Literal("ref||ct|5"))])
            moved = {graph: ([ox.Triple(ref, label, ox.Literal("Chỉ thị 05", language="vi")),
                              ox.Triple(ref, key, ox.Literal("ref||ct|5"))],
                             [ox.Triple(dated, label, ox.Literal("Chỉ thị 05", language="vi"))]) for graph in graphs}
            assert store.edit_graphs(moved) == 3
            for graph in graphs:
                held = sorted(str(q) for q in store.quads(graph))
                assert held == [f'<urn:test:dated> <{label.value}> "Chỉ thị 05"@vi <{graph}>'], (name, held)
        finally:
            for graph in graphs:
                store.remove_source(graph)
            store.close()
