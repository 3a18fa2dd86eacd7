"""Ingest on a Dask cluster (`vankien ingest --workers N`): the same store as a sequential ingest of the same
sources, whatever holds the store; a source cut by a stop is read again; a cluster that is not there is one
line."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner
from store_servers import storing_in

from vankien.graph.store import GraphStore, read_changes, read_state
from vankien.search.pipeline import Pipeline, ingest
from vankien.web.cli import main

from conftest import FIXTURES, SEEDS_FOLDER

WRITTEN_AT = re.compile(r'"\d{4}-\d\d-\d\dT[\d:.]+Z"\^\^<http://www.w3.org/2001/XMLSchema#dateTime>')
# The seed folder (articles relating documents to each other), an official text and a catalogue.
SOURCES = [SEEDS_FOLDER, FIXTURES / "party_resolution.txt", FIXTURES / "catalogue.csv"]


@pytest.fixture(scope="module")
def client():
    from vankien.graph.cluster_ingest import start_cluster

    started = start_cluster(2)
    yield started
    cluster = started.cluster
    started.close()
    cluster.close()


def quads(data) -> list[str]:
    result = CliRunner().invoke(main, ["export", "--data", str(data), "--format", "nquads"])
    assert result.exit_code == 0, result.output
    found = sorted(WRITTEN_AT.sub('"…"', line) for line in result.output.splitlines() if line.startswith("<"))
    assert len(found) > 100, result.output[-300:]  # the export went to standard output, whole
    return found


def on_cluster(data, sources, client):
    with Pipeline(data) as pipeline:
        return pipeline.ingest(sources, cluster=client)


@pytest.fixture(scope="module")
def sequential(tmp_path_factory):
    data = tmp_path_factory.mktemp("sequential") / "data"
    with storing_in(None):
        ingest(data, SOURCES)
    return data


def test_the_same_store_as_a_sequential_ingest(store_backend, sequential, client, tmp_path):
    _, url = store_backend
    data = tmp_path / "data"
    with storing_in(url):
        summary = on_cluster(data, SOURCES, client)
    assert summary.written == summary.read == 15 and summary.catalogues == 1
    assert [error.path.rsplit("#", 1)[1] for error in summary.failed] == ["L4", "L5"]  # the catalogue's bad rows
    assert quads(data) == quads(sequential)
    # the change log (what caches update from) names the same entities: the bulk loads' from their lines
    changed = [read_changes(folder, 0, read_state(folder)["generation"]) for folder in (data, sequential)]
    assert changed[0] is not None and len(changed[0]) > 50 and changed[0] == changed[1]
    hits = CliRunner().invoke(main, ["search", "ke hoach 45", "--data", str(data)]).output
    assert "45/KH-UBND" in hits  # the search index was brought up to date at the end
    again = on_cluster(data, SOURCES, client)
    assert again.written == 0 and again.skipped == 15


def test_a_changed_source_replaces_its_graph(client, tmp_path):
    source = tmp_path / "bai.txt"
    shutil.copy(SEEDS_FOLDER / "102_ke-hoach-45-kh-ubnd.txt", source)
    alone, data = tmp_path / "alone", tmp_path / "data"
    with storing_in(None):
        for folder in (alone, data):
            ingest(folder, [source, SEEDS_FOLDER / "101_nghi-quyet-12-nq-tu-ha-tinh.txt"])
        source.write_text(source.read_text("utf-8").replace("45/KH-UBND", "46/KH-UBND"), "utf-8")
        ingest(alone, [source])
        summary = on_cluster(data, [source], client)
    assert summary.written == 1
    assert quads(data) == quads(alone)
    assert "46/KH-UBND" in CliRunner().invoke(main, ["search", "ke hoach 46", "--data", str(data)]).output


def test_a_source_cut_by_a_stop_is_read_again(client, sequential, tmp_path, monkeypatch):
    data = tmp_path / "data"

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    with storing_in(None):
        monkeypatch.setattr(GraphStore, "add_to_sources", stop)  # stopped after the loads, before the hashes
        with pytest.raises(KeyboardInterrupt):
            on_cluster(data, SOURCES, client)
        monkeypatch.undo()
        assert GraphStore(data, read_only=True).source_hash(
            next(iter(GraphStore(data, read_only=True).source_graphs()))) is None
        summary = on_cluster(data, SOURCES, client)
    assert summary.written == 15
    assert quads(data) == quads(sequential)


def test_a_cluster_that_is_not_there_is_one_line(tmp_path):
    from serving import free_port

    result = CliRunner().invoke(main, ["ingest", str(SEEDS_FOLDER), "--data", str(tmp_path / "data"),
                                       "--cluster", f"tcp://127.0.0.1:{free_port()}"])
    assert result.exit_code == 2
    assert re.fullmatch(r"error: tcp://127\.0\.0\.1:\d+: no Dask scheduler answers there \(.*\)\n", result.output)
    both = CliRunner().invoke(main, ["ingest", str(SEEDS_FOLDER), "--workers", "2", "--cluster", "tcp://x:1"])
    assert both.exit_code == 2 and "give one of them" in both.output


def test_the_same_store_from_the_corpus(corpus, client, tmp_path):
    """2,000 Baomoi articles: a reference resolves onto what earlier sources named, whatever partition they
    were extracted in (resolved by partition, "Bộ luật Hình sự" became the 1999 code in one article)."""
    from bench.corpus import slice_lines

    articles = slice_lines(corpus("baomoi-2017-news.jsonl.gz"), tmp_path / "b2000.jsonl.gz", 0, 2000)
    alone, data = tmp_path / "alone", tmp_path / "data"
    with storing_in(None):
        ingest(alone, [articles])
        summary = on_cluster(data, [articles], client)
    assert summary.written == 2000
    assert quads(data) == quads(alone)


def test_references_joined_to_their_documents_in_virtuoso_keep_no_name_behind(corpus, client, tmp_path):
    """The first 2,000 Baomoi articles that name "Thông tư 15", "Chỉ thị 05" or "Nghị định 71" (references the
    global pass joins to dated documents) into Virtuoso: the store the embedded ingest makes. One DELETE DATA
    across graphs had left each moved reference's "Chỉ thị 05"@vi behind."""
    import gzip
    import json

    from store_servers import start

    chosen = []
    with gzip.open(corpus("baomoi-2017-news.jsonl.gz"), "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number == 2000:
                break
            record = json.loads(line)
            if any(name in f"{record.get('title')} {record.get('text')}"
                   for name in ("Thông tư 15", "Chỉ thị 05", "Nghị định 71")):
                chosen.append(line)
    assert len(chosen) == 10
    articles = tmp_path / "chosen.jsonl.gz"
    with gzip.open(articles, "wt", encoding="utf-8") as out:
        out.writelines(chosen)
    alone, data = tmp_path / "alone", tmp_path / "data"
    with storing_in(None):
        ingest(alone, [articles])
    server = start("virtuoso", tmp_path)
    try:
        with storing_in(server.url):
            summary = on_cluster(data, [articles], client)
        assert summary.written == 10 and summary.folded == 2
        assert quads(data) == quads(alone)
    finally:
        server.stop()
