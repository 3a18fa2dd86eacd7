"""Taking changes into the search index rewrites only the entities whose indexed fields changed."""

from __future__ import annotations

from vankien.graph.store import GraphStore
from vankien.search.index import MENTIONS_SLACK, _unchanged, indexed_keys, open_index, update_entities
from vankien.search.pipeline import ingest
from vankien.search.query import Searcher, SearchRequest

from conftest import SEED


def test_entities_read_again_unchanged_are_left_as_indexed(tmp_path):
    data = tmp_path / "data"
    ingest(data, [SEED])
    store = GraphStore(data)
    try:
        index = open_index(data)
        keys = indexed_keys(index)
        generation = index.latest_generation()
        assert update_entities(index, store, keys) == 0
        assert index.latest_generation() == generation  # nothing committed
        gone = "https://vankien.example/org/no-such-body"
        assert update_entities(index, store, {gone}) == 0  # never indexed, not in the store: nothing to do
    finally:
        store.close()
    hits = Searcher(data).search(SearchRequest(query="Thành ủy Lạng Sơn"))["hits"]
    assert hits[0]["label"] == "Thành ủy Lạng Sơn"


def test_a_changed_entity_or_a_count_of_mentions_gone_astray_is_indexed_again():
    stored = {"digest": "abc", "mentions": 10}
    assert _unchanged(stored, {"digest": "abc", "mentions": 10 + int(10 * MENTIONS_SLACK)})
    assert not _unchanged(stored, {"digest": "abc", "mentions": 10 + int(10 * MENTIONS_SLACK) + 1})
    assert not _unchanged(stored, {"digest": "abd", "mentions": 10})
    assert not _unchanged({"digest": "abc", "mentions": 1}, {"digest": "abc", "mentions": 2})
    assert not _unchanged(None, {"digest": "abc", "mentions": 0})
