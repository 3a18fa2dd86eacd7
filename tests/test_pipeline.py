"""The pipeline as a library: what a program calling it (not the command line) gets back."""

from __future__ import annotations

import pytest

from vankien.graph.store import StoreLocked
from vankien.search import pipeline
from vankien.search.query import Searcher, SearchRequest

from conftest import SEED, SEEDS


def total(data, query: str) -> int:
    return Searcher(data).search(SearchRequest(query=query))["total"]


def test_ingest_then_remove_keep_the_index_in_step(tmp_path):
    data = tmp_path / "data"
    summary = pipeline.ingest(data, [SEEDS])
    assert (summary.read, summary.written, summary.skipped, summary.failed) == (1, 1, 0, [])
    assert total(data, "40-NQ/TU") >= 1
    again = pipeline.ingest(data, [SEEDS])
    assert (again.written, again.skipped) == (0, 1)

    removed = pipeline.remove(data, [str(SEED), "no/such/file.txt"])
    assert removed.removed == 1 and removed.missing == ["no/such/file.txt"]
    assert total(data, "kind:article") == 0


def test_sync_and_reindex_say_what_they_did(tmp_path):
    data = tmp_path / "data"
    pipeline.ingest(data, [SEEDS])
    assert pipeline.sync(data).action == "current"
    rebuilt = pipeline.reindex(data)
    assert rebuilt.action == "rebuilt" and rebuilt.entities > 0
    assert total(data, "nghi quyet 40") >= 1


def test_sync_and_reindex_without_a_store_name_the_folder(tmp_path):
    for run in (pipeline.sync, pipeline.reindex):
        with pytest.raises(pipeline.NoStore) as missing:
            run(tmp_path / "nothing")
        assert str(tmp_path / "nothing") in str(missing.value)
    assert not (tmp_path / "nothing").exists()


def test_a_second_writer_is_refused_while_one_holds_the_store(tmp_path):
    data = tmp_path / "data"
    with pipeline.Pipeline(data) as holder:
        holder.ingest([SEEDS])
        with pytest.raises(StoreLocked):
            pipeline.sync(data)
