"""The store's counts of sources and triples, kept by its writes rather than counted: they must say what counting
says."""

from __future__ import annotations

import json

import pyoxigraph as ox

from vankien.graph.ingest import Ingester
from vankien.graph.iris import Iris
from vankien.graph.store import GraphStore

from conftest import ROOT, SEED

FIXTURES = ROOT / "tests" / "fixtures"


def counted(store: GraphStore) -> int:
    """The triples of the source graphs, counted one by one."""
    return sum(sum(1 for _ in store.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
               for graph in store.source_graphs())


def test_the_kept_count_follows_every_kind_of_write_and_survives_reopening(tmp_path):
    data = tmp_path / "data"
    store = GraphStore(data)
    assert store.triple_count() == 0
    changed = tmp_path / "party_resolution.txt"
    changed.write_text((FIXTURES / "party_resolution.txt").read_text("utf-8"), "utf-8")
    Ingester(store, Iris(None)).ingest([SEED, changed, FIXTURES / "catalogue.csv"])
    assert store.triple_count() == counted(store) > 0
    assert store.source_count() == len(store.source_graphs()) == 3

    changed.write_text(changed.read_text("utf-8") + "\nThêm một câu.\n", "utf-8")  # its graph is replaced
    assert Ingester(store, Iris(None)).ingest([changed]).written == 1
    assert store.triple_count() == counted(store)
    assert store.source_count() == 3

    graph = store.sources_matching(str(SEED))[0]
    existing = next(iter(store.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))
    new = ox.Triple(ox.NamedNode("https://vankien.example/x"), ox.NamedNode("https://vankien.example/p"),
                    ox.Literal("một"))
    absent = ox.Triple(new.subject, new.predicate, ox.Literal("hai"))
    # an added triple already there and a removed one never there change nothing
    store.edit_graphs({graph: ([absent, existing.triple], [new, existing.triple])})
    assert store.triple_count() == counted(store)
    store.edit_graphs({graph: ([existing.triple], [existing.triple, new])})
    assert store.triple_count() == counted(store)

    assert store.remove_source(store.sources_matching(str(changed))[0])
    assert store.triple_count() == counted(store)
    assert store.source_count() == len(store.source_graphs()) == 2
    store.publish()
    expected = counted(store)
    store.close()

    state = json.loads((data / "state.json").read_text("utf-8"))
    assert (state["triples"], state["sources"]) == (expected, 2)
    reader = GraphStore(data, read_only=True)
    assert (reader.triple_count(), reader.source_count()) == (expected, 2)


def test_a_run_stopped_before_it_published_is_counted_again(tmp_path):
    data = tmp_path / "data"
    store = GraphStore(data)
    Ingester(store, Iris(None)).ingest([SEED])
    store.close()
    store = GraphStore(data)
    before = store.triple_count()
    Ingester(store, Iris(None)).ingest([FIXTURES / "party_resolution.txt"])
    state = json.loads((data / "state.json").read_text("utf-8"))
    store.close()
    # as if the run had stopped after writing, before publishing: the state's count is the one before the write
    state["triples"], state["sources"] = before, 1
    state["generation"] -= 1
    (data / "state.json").write_text(json.dumps(state), "utf-8")
    reopened = GraphStore(data)
    assert reopened.triple_count() == counted(reopened) > before
    assert reopened.source_count() == 2
