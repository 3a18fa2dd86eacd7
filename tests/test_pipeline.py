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


def test_a_source_is_reported_written_once_it_is_in_the_store(tmp_path):
    from vankien.graph.ingest import BATCH_SOURCES
    from vankien.graph.sources import SourceError

    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(BATCH_SOURCES + 3):  # more than one batch
        (folder / f"{number:03}.txt").write_text(
            f"Tin {number}\n\nTỉnh ủy Cao Bằng ban hành Nghị quyết số {number + 1}-NQ/TU về du lịch.\n", "utf-8")
    (folder / "empty.txt").write_text("", "utf-8")
    heard = []
    with pipeline.Pipeline(tmp_path / "data") as writer:

        def on_source(item, extraction):
            if isinstance(item, SourceError):
                heard.append((item.path, None))
                return
            heard.append((item.path, bool(writer.store.sources_matching(item.path))))

        summary = writer.ingest([folder], on_source=on_source)
    assert summary.written == BATCH_SOURCES + 3
    assert [path.rsplit("/", 1)[-1] for path, _ in heard] == sorted(p.name for p in folder.iterdir())  # in order
    assert all(stored in (True, None) for _, stored in heard), [p for p, stored in heard if stored is False]


def test_sources_read_again_replace_each_entity_of_the_index_once(tmp_path):
    from vankien.search.index import index_count

    folder, data = tmp_path / "in", tmp_path / "data"
    folder.mkdir()

    def write(word: str) -> None:
        for number in range(12):
            (folder / f"{number:02}.txt").write_text(
                f"Tin {number}\n\nTỉnh ủy Cao Bằng ban hành Nghị quyết số {number + 1}-NQ/TU về {word}.\n", "utf-8")

    write("du lịch")
    pipeline.ingest(data, [folder])
    entities = index_count(data)
    write("nông nghiệp")  # every source changed: its entities are indexed again
    assert pipeline.ingest(data, [folder]).written == 12
    assert index_count(data) == entities
    fresh = tmp_path / "fresh"  # what an index built at once from the changed sources finds
    pipeline.ingest(fresh, [folder])
    assert total(data, "du lịch") == 0
    for query in ("nông nghiệp", "12-NQ/TU", "Cao Bằng"):
        assert total(data, query) == total(fresh, query) > 0, query


def _mentions_indexed(data, label: str) -> int:
    """The mention count the index holds for the entity labelled ``label``."""
    from vankien.search.index import open_index

    with open_index(data).searcher() as searcher:
        [found] = [fields for fields in searcher.all_stored_fields() if fields.get("label") == label]
        return found["mentions"]


def _articles_naming_one_organisation(folder, count: int) -> None:
    folder.mkdir()
    for number in range(count):
        (folder / f"{number:02}.txt").write_text(
            f"Tin {number}\n\nTỉnh ủy Cao Bằng ban hành Chỉ thị số {number + 1}-CT/TU về phòng cháy.\n", "utf-8")


def test_an_entity_every_source_names_is_indexed_again_once_at_the_end_of_the_run(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "KEYS_FOR_SOURCES", 0)  # as in a long run: the index's keys kept for the run
    indexed_again = []
    update = pipeline.take_in_deferred
    monkeypatch.setattr(pipeline, "take_in_deferred", lambda *args: indexed_again.append(update(*args)))
    folder, data = tmp_path / "in", tmp_path / "data"
    _articles_naming_one_organisation(folder, 6)
    checkpoints = []
    with pipeline.Pipeline(data) as writer:  # a checkpoint after every source
        writer.ingest([folder], checkpoint_seconds=0, after_checkpoint=lambda _, count: checkpoints.append(count))
    assert len(checkpoints) >= 6 and indexed_again and indexed_again[0] > 0
    assert _mentions_indexed(data, "Tỉnh ủy Cao Bằng") == 6
    assert not (data / "index-deferred.json").exists()
    pipeline.reindex(data)
    assert _mentions_indexed(data, "Tỉnh ủy Cao Bằng") == 6


def test_what_a_stopped_ingest_put_off_is_indexed_by_the_next_catch_up(tmp_path, monkeypatch):
    folder, data = tmp_path / "in", tmp_path / "data"
    _articles_naming_one_organisation(folder, 6)

    def stopped(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "KEYS_FOR_SOURCES", 0)
    monkeypatch.setattr(pipeline, "take_in_deferred", stopped)
    with pytest.raises(KeyboardInterrupt), pipeline.Pipeline(data) as writer:
        writer.ingest([folder], checkpoint_seconds=0)
    assert (data / "index-deferred.json").exists()
    assert _mentions_indexed(data, "Tỉnh ủy Cao Bằng") < 6  # put off: named by the first source only
    assert pipeline.sync(data).action == "updated"
    assert _mentions_indexed(data, "Tỉnh ủy Cao Bằng") == 6
    assert not (data / "index-deferred.json").exists()


def _totals(data, queries=("Cao Bằng", "phòng cháy", "12-CT/TU", "kind:article")) -> list[int]:
    return [total(data, query) for query in queries]


def test_an_ingest_larger_than_the_store_rebuilds_the_index_at_its_end(tmp_path, monkeypatch):
    from vankien.graph.store import read_journal
    from vankien.search.index import index_count

    monkeypatch.setattr(pipeline, "REBUILD_AFTER", 5)
    folder, data, fresh = tmp_path / "in", tmp_path / "data", tmp_path / "fresh"
    _articles_naming_one_organisation(folder, 12)
    counts = []
    with pipeline.Pipeline(data) as writer:  # a checkpoint after every source
        writer.ingest([folder], checkpoint_seconds=0, after_checkpoint=lambda _, count: counts.append(count))
    # five checkpoints took a source in each, then the rest waited for one rebuild at the end
    assert len(counts) == 6 and counts[-1] == index_count(data)
    assert not read_journal(data)  # the index is recorded as current
    monkeypatch.setattr(pipeline, "REBUILD_AFTER", 10_000)
    pipeline.ingest(fresh, [folder])
    assert _totals(data) == _totals(fresh) and _totals(data)[-1] == 12


def test_a_large_ingest_stopped_before_its_rebuild_leaves_an_index_the_next_catch_up_completes(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "REBUILD_AFTER", 5)
    folder, data, fresh = tmp_path / "in", tmp_path / "data", tmp_path / "fresh"
    _articles_naming_one_organisation(folder, 12)
    heard = []

    def stop_after_ten(item, extraction):
        heard.append(item)
        if len(heard) == 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), pipeline.Pipeline(data) as writer:
        writer.ingest([folder], checkpoint_seconds=0, on_source=stop_after_ten)
    assert total(data, "kind:article") < 10  # search shows the index as it was when the rebuild was put off
    assert pipeline.sync(data).action in ("updated", "rebuilt")
    assert total(data, "kind:article") == 10  # every source stored before the stop is found
    pipeline.ingest(fresh, [folder])
    pipeline.ingest(data, [folder])  # the run again: the two sources it did not reach
    assert _totals(data) == _totals(fresh)
