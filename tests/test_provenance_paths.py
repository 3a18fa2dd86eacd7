"""No server path in a source's provenance: ``vk:sourcePath`` relative to what was named (or the file name),
``prov:wasDerivedFrom`` only a web address — and a store written before that is mended by the next ingest."""

from __future__ import annotations

import json

import pyoxigraph as ox

from vankien.graph.ingest import RELATIVE_PATHS, Ingester, publish_no_server_paths
from vankien.graph.iris import Iris
from vankien.graph.store import GraphStore
from vankien.graph.validate import validate
from vankien.graph.vocab import PROV, VK

ARTICLE = """Tỉnh ủy Lạng Sơn triển khai Nghị quyết số 40-NQ/TU

Ngày 12/8/2021, Ban Thường vụ Tỉnh ủy Lạng Sơn tổ chức hội nghị triển khai Nghị quyết số 40-NQ/TU ngày
05/8/2021 của Ban Thường vụ Tỉnh ủy về xây dựng và phát triển thành phố Lạng Sơn.
"""
SOURCE_PATH = ox.NamedNode(str(VK.sourcePath))
DERIVED_FROM = ox.NamedNode(str(PROV.wasDerivedFrom))
PROVENANCE = f"""SELECT ?g ?path ?from WHERE {{ GRAPH ?g {{ ?g <{VK.sourcePath}> ?path
    OPTIONAL {{ ?g <{PROV.wasDerivedFrom}> ?from }} }} }}"""


def ingest(data, *paths) -> GraphStore:
    store = GraphStore(data)
    Ingester(store, Iris(None)).ingest(paths)
    return store


def provenance(store: GraphStore) -> dict[str, tuple[str, str | None]]:
    """Source graph → (its vk:sourcePath, its prov:wasDerivedFrom or None)."""
    return {row["g"].value: (row["path"].value, row["from"].value if row["from"] is not None else None)
            for row in store.query(PROVENANCE)}


def write_article(folder, name="bai.txt"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(ARTICLE, "utf-8")
    return folder / name


def test_a_folder_named_relative_is_published_as_named(tmp_path, monkeypatch):
    write_article(tmp_path / "in" / "sub")
    monkeypatch.chdir(tmp_path)
    store = ingest(tmp_path / "data", "in")
    try:
        assert list(provenance(store).values()) == [("in/sub/bai.txt", None)]
    finally:
        store.close()


def test_a_folder_named_absolute_is_published_from_its_own_name(tmp_path):
    write_article(tmp_path / "in" / "sub")
    store = ingest(tmp_path / "data", tmp_path / "in")
    try:
        assert list(provenance(store).values()) == [("in/sub/bai.txt", None)]
        dump = ox.serialize(store.triples(), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        assert str(tmp_path) not in dump and "file:" not in dump
    finally:
        store.close()


def age(store: GraphStore, graph: str, absolute: str) -> None:
    """Make ``graph`` look as the ingest of before relative paths wrote it: the absolute path and a file: IRI,
    and the store's state without the fact that its paths are relative."""
    state = store.data_dir / "state.json"
    state.write_text(json.dumps({k: v for k, v in json.loads(state.read_text("utf-8")).items()
                                 if k != RELATIVE_PATHS}), "utf-8")
    node = ox.NamedNode(graph)
    (old,) = [q.object for q in store.store.quads_for_pattern(node, SOURCE_PATH, None, node)]
    store.edit_graphs({graph: ({ox.Triple(node, SOURCE_PATH, old)},
                               {ox.Triple(node, SOURCE_PATH, ox.Literal(absolute)),
                                ox.Triple(node, DERIVED_FROM, ox.NamedNode("file://" + absolute))})})


def test_the_next_ingest_mends_a_store_that_published_server_paths(tmp_path):
    article = write_article(tmp_path / "in")
    data = tmp_path / "data"
    store = ingest(data, article)
    (graph,) = provenance(store)
    age(store, graph, str(article))
    assert provenance(store) == {graph: (str(article), f"file://{article}")}
    conforms, report, _ = validate(store)   # the shapes refuse a server path
    assert not conforms and "sourcePath" in report and "wasDerivedFrom" in report
    store.publish()
    before = store.generation
    store.close()

    store = ingest(data, article)   # unchanged, so not read again: mended all the same
    try:
        assert provenance(store) == {graph: ("bai.txt", None)}
        assert store.generation > before   # published, so pages and the index follow
        assert validate(store)[0]
        assert publish_no_server_paths(store) == 0   # nothing left to mend
    finally:
        store.close()


def test_an_archive_member_keeps_its_member_after_the_file_name(tmp_path):
    article = write_article(tmp_path / "in")
    store = ingest(tmp_path / "data", article)
    try:
        (graph,) = provenance(store)
        age(store, graph, "/srv/kho/luat.tar.gz#luat/bai.txt")
        assert publish_no_server_paths(store) == 1
        assert provenance(store) == {graph: ("luat.tar.gz#luat/bai.txt", None)}
    finally:
        store.close()
