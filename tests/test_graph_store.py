"""The knowledge graph: ingest, provenance, resolution, remove, SPARQL, export, SHACL."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from vankien.graph.ingest import Ingester
from vankien.graph.iris import Iris
from vankien.graph.sparql import QueryError, run_query
from vankien.graph.store import GraphStore
from vankien.graph.validate import union_graph, validate
from vankien.web.cli import main

from conftest import ROOT, SEED, skip_or_fail

GOLD = json.loads((ROOT / "tests" / "gold" / "000_ac2e6e210db709f5.gold.json").read_text("utf-8"))
DOCS = """SELECT ?number ?date ?issuer ?label WHERE {
  ?d a eli:LegalResource ; rdfs:label ?label .
  OPTIONAL { ?d eli:id_local ?number } OPTIONAL { ?d eli:date_document ?date }
  OPTIONAL { ?d eli:passed_by/skos:prefLabel ?issuer } }"""


def ingest(data, *paths, base=None):
    store = GraphStore(data)
    summary = Ingester(store, Iris(base)).ingest(paths)
    return store, summary


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def seeded(tmp_path):
    store, _ = ingest(tmp_path / "data", SEED)
    return store


def rows(store, sparql):
    result = store.query(sparql)
    names = [v.value for v in result.variables]
    return [{n: (r[n].value if r[n] is not None else None) for n in names} for r in result]


def test_seed_documents_come_back_by_sparql(seeded):
    found = {(r["number"], r["label"]): r for r in rows(seeded, DOCS)}
    assert len(found) == 7
    by_number = {r["number"]: r for r in found.values() if r["number"]}
    for gold in GOLD["documents"]:
        if gold["number"] is None:
            (plenum,) = [r for r in found.values() if r["label"] == "Nghị quyết Trung ương 6 khóa XIII"]
            assert plenum["issuer"] in gold["issuer_any"]
            continue
        row = by_number[gold["number"]]
        assert row["date"] == gold["date"]
        assert row["issuer"] in gold["issuer_any"]


def test_seed_graph_carries_provenance(seeded):
    (row,) = rows(seeded, """SELECT ?g ?from ?at ?version ?sha WHERE { GRAPH ?g {
        ?g prov:wasDerivedFrom ?from ; prov:generatedAtTime ?at ; vk:extractorVersion ?version ; vk:sha256 ?sha } }""")
    assert row["from"] == GOLD["article"]["url"]  # the article's URL; the file is kept as vk:sourcePath
    assert row["g"].startswith("https://vankien.example/source/")
    assert len(row["sha"]) == 64 and row["version"] and row["at"].endswith("Z")
    # Every fact of the seed lives in its graph.
    assert seeded.source_count() == 1


def test_second_ingest_changes_nothing(seeded, tmp_path):
    before = seeded.triple_count()
    summary = Ingester(seeded, Iris(None)).ingest([SEED])
    assert (summary.written, summary.skipped, summary.triples) == (0, 1, 0)
    assert seeded.triple_count() == before


def test_a_new_extractor_version_reads_unchanged_sources_again(tmp_path, monkeypatch):
    import vankien.graph.ingest
    import vankien.graph.rdf_model

    article = write(tmp_path, "a.txt", "Tin một\n\nTỉnh ủy Cao Bằng ban hành Nghị quyết số 12-NQ/TU về du lịch.\n")
    store, _ = ingest(tmp_path / "data", article)
    for module in (vankien.graph.ingest, vankien.graph.rdf_model):  # an upgrade: the code that reads and records it
        monkeypatch.setattr(module, "EXTRACTOR_VERSION", "9.9.9")
    summary = Ingester(store, Iris(None)).ingest([article])
    assert (summary.written, summary.skipped) == (1, 0) and store.source_count() == 1
    assert Ingester(store, Iris(None)).ingest([article]).skipped == 1


def test_changed_source_replaces_its_graph(tmp_path):
    article = write(tmp_path, "a.txt", "Tin một\n\nTỉnh ủy Cao Bằng ban hành Nghị quyết số 12-NQ/TU về du lịch.\n")
    store, _ = ingest(tmp_path / "data", article)
    article.write_text("Tin một\n\nTỉnh ủy Cao Bằng ban hành Chỉ thị số 07-CT/TU về phòng cháy.\n", "utf-8")
    summary = Ingester(store, Iris(None)).ingest([article])
    assert summary.written == 1 and store.source_count() == 1
    numbers = {r["number"] for r in rows(store, DOCS)}
    assert numbers == {"07-CT/TU"}


def test_remove_takes_facts_away_but_shared_organisations_stay(tmp_path):
    first = write(tmp_path, "a.txt", "Tin một\n\nBộ Chính trị ban hành Nghị quyết số 35-NQ/TW ngày 22/10/2018.\n")
    second = write(tmp_path, "b.txt", "Tin hai\n\nBộ Chính trị ban hành Kết luận số 01-KL/TW ngày 18/5/2021.\n")
    store, _ = ingest(tmp_path / "data", first, second)
    store.close()
    proc = subprocess.run([sys.executable, "-m", "vankien.web.cli", "remove", str(first),
                           "--data", str(tmp_path / "data")],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    store = GraphStore(tmp_path / "data", read_only=True)
    assert {r["number"] for r in rows(store, DOCS)} == {"01-KL/TW"}
    orgs = {r["name"] for r in rows(store, "SELECT ?name WHERE { ?o a org:Organization ; skos:prefLabel ?name }")}
    assert "Bộ Chính trị" in orgs
    again = subprocess.run([sys.executable, "-m", "vankien.web.cli", "remove", str(first),
                            "--data", str(tmp_path / "data")],
                           capture_output=True, text=True, cwd=ROOT)
    assert again.returncode == 2 and again.stderr == f"error: {first}: no such source in the store\n"


def test_spellings_of_one_organisation_are_one_node(tmp_path):
    one = write(tmp_path, "a.txt", "Tin một\n\nBan Tuyên giáo Thành ủy Lạng Sơn tổ chức tập huấn.\n")
    two = tmp_path / "b.txt"
    two.write_bytes(unicodedata.normalize("NFD", "Tin hai\n\nBan Tuyên giáo THÀNH UỶ Lạng Sơn họp.\n").encode())
    store, _ = ingest(tmp_path / "data", one, two)
    names = rows(store, "SELECT DISTINCT ?o WHERE { ?o a org:Organization ; skos:prefLabel ?n }")
    assert sorted(r["o"] for r in names) == [
        "https://vankien.example/org/ban-tuyen-giao-thanh-uy-lang-son",
        "https://vankien.example/org/thanh-uy-lang-son",
    ]


def test_reference_without_year_resolves_to_the_one_known_document(tmp_path):
    dated = write(tmp_path, "a.txt", "Tin một\n\nNghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị về bảo vệ "
                                     "nền tảng tư tưởng của Đảng.\n")
    bare = write(tmp_path, "b.txt", "Tin hai\n\nCác chi bộ học tập Nghị quyết số 35-NQ/TW của Bộ Chính trị.\n")
    store, _ = ingest(tmp_path / "data", dated, bare)
    docs = rows(store, "SELECT DISTINCT ?d WHERE { ?d eli:id_local '35-NQ/TW' }")
    assert [r["d"] for r in docs] == ["https://vankien.example/eli/dang/tw/2018/nq/35"]
    mentions = rows(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) "
                           "WHERE { ?s schema:mentions <https://vankien.example/eli/dang/tw/2018/nq/35> }")
    assert mentions[0]["n"] == "2"


def test_reference_without_year_and_two_candidates_is_kept_apart_and_flagged(tmp_path):
    older = write(tmp_path, "a.txt",
                  "Tin một\n\nNghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương.\n")
    newer = write(tmp_path, "b.txt", "Tin hai\n\nNghị quyết số 18-NQ/TW ngày 16/6/2022 của Ban Chấp hành Trung ương.\n")
    bare = write(tmp_path, "c.txt", "Tin ba\n\nTriển khai Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương.\n")
    store, _ = ingest(tmp_path / "data", older, newer, bare)
    (flagged,) = rows(store, "SELECT ?d WHERE { ?d vk:ambiguous true }")
    assert flagged["d"] == "https://vankien.example/eli/dang/tw/nq/18"
    candidates = rows(store, f"SELECT ?c WHERE {{ <{flagged['d']}> vk:candidate ?c }} ORDER BY ?c")
    assert [r["c"] for r in candidates] == ["https://vankien.example/eli/dang/tw/2017/nq/18",
                                            "https://vankien.example/eli/dang/tw/2022/nq/18"]


def test_base_iri_is_configurable(tmp_path, monkeypatch):
    store, _ = ingest(tmp_path / "one", SEED, base="http://data.example.org/vk")
    store.close()
    store = GraphStore(tmp_path / "one", read_only=True)
    assert any(r["d"].startswith("http://data.example.org/vk/eli/dang/")
               for r in rows(store, "SELECT ?d WHERE { ?d a eli:LegalResource }"))
    monkeypatch.setenv("VANKIEN_BASE_IRI", "https://env.example/")
    proc = subprocess.run([sys.executable, "-m", "vankien.web.cli", "ingest", str(SEED),
                           "--data", str(tmp_path / "two")],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "https://env.example/eli/dang/tinh-uy-lang-son/2021/nq/40" in \
        GraphStore(tmp_path / "two", read_only=True).store.dump(format=ox.RdfFormat.N_QUADS).decode()
    bad = subprocess.run([sys.executable, "-m", "vankien.web.cli", "ingest", str(SEED),
                          "--data", str(tmp_path / "three"), "--base-iri", "not an iri"],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and bad.stderr == "error: base IRI 'not an iri' is not an http(s) IRI\n"


def test_bad_sources_are_reported_and_the_store_untouched(seeded, tmp_path):
    before = seeded.triple_count()
    empty = write(tmp_path, "empty.txt", "")
    summary = Ingester(seeded, Iris(None)).ingest([empty])
    assert [str(e) for e in summary.failed] == [f"{empty}: empty file"]
    assert seeded.triple_count() == before


# --- SPARQL -----------------------------------------------------------------------------

def test_sparql_select_ask_construct(seeded, tmp_path):
    seeded.flush()
    data = seeded.data_dir
    body, fmt = run_query(data, "SELECT (COUNT(*) AS ?n) WHERE { ?d a eli:LegalResource }")
    assert fmt == "json" and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "7"
    body, _ = run_query(data, "ASK { ?d eli:id_local '40-NQ/TU' }")
    assert json.loads(body)["boolean"] is True
    body, fmt = run_query(data, "CONSTRUCT { ?d rdfs:label ?l } WHERE { ?d a eli:LegalResource ; rdfs:label ?l }")
    assert fmt == "turtle" and len(rdflib.Graph().parse(data=body.decode(), format="turtle")) == 7


@pytest.mark.parametrize("query,status,message", [
    ("INSERT DATA { <http://a> <http://b> <http://c> }", 403, "SPARQL updates are not allowed here (INSERT)"),
    ("LOAD <http://example.org/x.ttl>", 403, "SPARQL updates are not allowed here (LOAD)"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
    ("SELECT * WHERE { ?s ?p ", 400, "SPARQL syntax error"),
])
def test_sparql_refuses_updates_and_reports_errors(seeded, query, status, message):
    with pytest.raises(QueryError) as error:
        run_query(seeded.data_dir, query)
    assert error.value.status == status and message in str(error.value)


def test_sparql_time_limit(seeded):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with pytest.raises(QueryError) as error:
        run_query(seeded.data_dir, slow, timeout=0.5)
    assert error.value.status == 503 and "0.5 s limit" in str(error.value)


def test_sparql_cli_reads_a_query_file(seeded, tmp_path):
    query = write(tmp_path, "q.rq", "SELECT ?n WHERE { ?d eli:id_local ?n } ORDER BY ?n")
    proc = subprocess.run([sys.executable, "-m", "vankien.web.cli", "sparql", f"@{query}", "--format", "csv",
                           "--data", str(seeded.data_dir)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["n", "01-KL/TW", "03-ĐA/TU", "21-KL/TW", "35-NQ/TW", "40-NQ/TU", "81-NQ/TU"]


# --- export and validation ---------------------------------------------------------------

RAPPER_SYNTAX = {"turtle": "turtle", "ntriples": "ntriples", "nquads": "nquads", "trig": "trig", "xml": "rdfxml"}


def export(data, fmt, tmp_path):
    """`vankien export --format FMT -o FILE`, run in this process (the same command, no start-up time)."""
    out = tmp_path / f"export.{fmt}"
    result = CliRunner().invoke(main, ["export", "--format", fmt, "-o", str(out), "--data", str(data)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("fmt", sorted(RAPPER_SYNTAX))
def test_every_export_is_accepted_by_rapper_and_round_trips(seeded, tmp_path, fmt):
    if shutil.which("rapper") is None:
        skip_or_fail("rapper (Debian raptor2-utils) is not installed; .ci/run installs it")
    seeded.flush()
    out = export(seeded.data_dir, fmt, tmp_path)
    proc = subprocess.run(["rapper", "-q", "-i", RAPPER_SYNTAX[fmt], "-c", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    if fmt in ("nquads", "trig"):
        dataset = rdflib.Dataset()
        dataset.parse(out, format=fmt)
        expected = rdflib.Dataset()
        expected.parse(data=ox.serialize(seeded.quads(), format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
        assert len(dataset) == len(expected)
        assert {c.identifier for c in dataset.contexts()} >= {c.identifier for c in expected.contexts()
                                                               if len(c)}
    else:
        parsed = rdflib.Graph().parse(out, format={"xml": "xml"}.get(fmt, fmt))
        assert isomorphic(parsed, union_graph(seeded))


def test_jsonld_export_uses_our_context_and_round_trips(seeded, tmp_path):
    seeded.flush()
    out = export(seeded.data_dir, "jsonld", tmp_path)
    document = json.loads(out.read_text("utf-8"))
    assert document["@context"]["eli"] == "http://data.europa.eu/eli/ontology#"
    assert isomorphic(rdflib.Graph().parse(out, format="json-ld"), union_graph(seeded))


def test_one_graph_export(seeded, tmp_path):
    (graph,) = [g.value for g in seeded.store.named_graphs() if "/source/" in g.value]
    seeded.flush()
    out = tmp_path / "one.nt"
    proc = subprocess.run([sys.executable, "-m", "vankien.web.cli", "export", "--format", "ntriples", "--graph", graph,
                           "-o", str(out), "--data", str(seeded.data_dir)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert len(rdflib.Graph().parse(out, format="nt")) == seeded.triple_count()
    missing = subprocess.run([sys.executable, "-m", "vankien.web.cli", "export", "--graph", "https://nowhere.example/g",
                              "--data", str(seeded.data_dir)], capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 2 and "no such graph" in missing.stderr


def test_shacl_conforms_and_catches_a_broken_document(seeded):
    assert validate(seeded)[0] is True
    from rdflib import RDF, URIRef

    seeded.replace_source("https://vankien.example/source/broken", [
        (URIRef("https://vankien.example/eli/x"), RDF.type, URIRef("http://data.europa.eu/eli/ontology#LegalResource"))])
    conforms, text, results = validate(seeded)
    assert conforms is False and results >= 2  # no label, no document type


COUNT_LABELS = """SELECT (COUNT(*) AS ?n) WHERE {
    ?o skos:prefLabel ?label FILTER(STR(?label) = "Tỉnh ủy Cao Bằng") }"""


def _count(store, query=COUNT_LABELS) -> int:
    return int(next(iter(store.query(query)))["n"].value)


def test_a_fact_two_sources_state_is_counted_once_until_both_are_gone(tmp_path):
    one = write(tmp_path, "a.txt", "Tin một\n\nTỉnh ủy Cao Bằng ban hành Nghị quyết số 12-NQ/TU về du lịch.\n")
    two = write(tmp_path, "b.txt", "Tin hai\n\nTỉnh ủy Cao Bằng ban hành Chỉ thị số 07-CT/TU về phòng cháy.\n")
    store, _ = ingest(tmp_path / "data", one, two)
    assert _count(store) == 1
    turtle = tmp_path / "all.nt"
    store.dump(str(turtle), "ntriples")
    labels = [line for line in turtle.read_text("utf-8").splitlines()
              if "prefLabel" in line and '"Tỉnh ủy Cao Bằng"' in line]
    assert len(labels) == 1  # once in the merge, not once a source
    store.remove_source(store.sources_matching(str(one))[0])
    assert _count(store) == 1
    store.remove_source(store.sources_matching(str(two))[0])
    assert _count(store) == 0
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?d a eli:LegalResource }") == 0


def test_a_store_written_before_the_merge_is_brought_up_to_it(tmp_path):
    import json

    import pyoxigraph as ox

    one = write(tmp_path, "a.txt", "Tin một\n\nTỉnh ủy Cao Bằng ban hành Nghị quyết số 12-NQ/TU về du lịch.\n")
    two = write(tmp_path, "b.txt", "Tin hai\n\nTỉnh ủy Cao Bằng ban hành Chỉ thị số 07-CT/TU về phòng cháy.\n")
    data = tmp_path / "data"
    store, _ = ingest(data, one, two)
    store.store.remove_graph(ox.DefaultGraph())  # as the first layout wrote it: named graphs only
    store.close()
    state = data / "state.json"
    state.write_text(json.dumps({"generation": 3}), "utf-8")
    reader = GraphStore(data, read_only=True)  # readers cannot migrate: they query the union
    assert _count(reader) == 2
    reader.close()
    writer = GraphStore(data)
    assert _count(writer) == 1 and writer.generation == 3
    assert json.loads(state.read_text("utf-8"))["layout"] == 2


def _graph(store, iri) -> set[tuple[str, str, str]]:
    return {(q.subject.value, q.predicate.value, q.object.value)
            for q in store.store.quads_for_pattern(None, None, None, ox.NamedNode(iri))}


def _merge(store) -> set[tuple[str, str, str]]:
    return {(q.subject.value, q.predicate.value, q.object.value)
            for q in store.store.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def test_a_batch_of_sources_replaces_each_graph_and_keeps_the_merge(tmp_path):
    base = "https://vankien.example/"
    a, b, c = (f"{base}source/{name}" for name in "abc")
    t1, t2, t3 = ((rdflib.URIRef(f"{base}x/{n}"), rdflib.RDFS.label, rdflib.Literal(f"nhãn {n}")) for n in (1, 2, 3))
    store = GraphStore(tmp_path / "data")
    vocabulary = _merge(store)
    assert store.replace_sources([(a, [t1, t2]), (b, [t2])]) == 3
    # Graph a is replaced (t1 leaves it), c is new and states t1 again: both in one transaction.
    assert store.replace_sources([(a, [t2, t3]), (c, [t1])]) == 3
    plain = {(str(s), str(p), str(o)) for s, p, o in (t1, t2, t3)}
    p1, p2, p3 = sorted(plain)
    assert _graph(store, a) == {p2, p3} and _graph(store, b) == {p2} and _graph(store, c) == {p1}
    assert _merge(store) - vocabulary == plain
    store.replace_sources([(a, []), (c, [])])  # emptied: what only they stated leaves the merge
    assert _merge(store) - vocabulary == {p2}
    journaled = [entry["graph"] for entry in store.journal()]
    assert journaled.count(a) == 3 and journaled.count(c) == 2  # every write of a graph is journaled first


def test_an_ingest_leaves_no_spent_write_ahead_log(tmp_path):
    from vankien.search.pipeline import ingest as ingest_and_index

    data = tmp_path / "data"
    summary = ingest_and_index(data, [ROOT / "seeds"])
    assert summary.written > 10
    logs = sum(path.stat().st_size for path in (data / "oxigraph").glob("*.log"))
    assert logs == 0, f"{logs} bytes of write-ahead log left in the store folder"
