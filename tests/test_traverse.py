"""Traversal over the projection of a store: finding entities, neighbours, paths, chains, timelines, rank."""

from __future__ import annotations

import pickle

import networkx as nx
import pytest

from vankien.graph import traverse
from vankien.graph.ingest import Ingester
from vankien.graph.iris import Iris
from vankien.graph.store import GraphStore
from vankien.graph.traverse import (
    AmbiguousEntity,
    NoPath,
    Projection,
    UnknownEntity,
    chain,
    find_entities,
    load_projection,
    neighbours,
    path,
    rank,
    resolve_entity,
    stats,
    timeline,
)

from conftest import SEED

QUANG_NINH = """Quảng Ninh triển khai thực hiện Nghị quyết số 35-NQ/TW của Bộ Chính trị
Thứ 6, 04.01.2019 | 08:00:00

Ngày 3/1/2019, Tỉnh ủy Quảng Ninh ban hành Kế hoạch số 15-KH/TU ngày 3/1/2019 của Tỉnh ủy Quảng Ninh thực hiện \
Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh \
phản bác các quan điểm sai trái, thù địch trong tình hình mới.

Ngày 15/3/2019, Tỉnh ủy Quảng Ninh tổ chức hội nghị quán triệt Nghị quyết số 35-NQ/TW tại thành phố Hạ Long, với \
sự tham dự của 300 đại biểu. Đồng chí Nguyễn Văn Đọc, Bí thư Tỉnh ủy Quảng Ninh chủ trì hội nghị.

Cùng với đó, Tỉnh ủy Quảng Ninh tiếp tục thực hiện Nghị quyết số 05-NQ/TU ngày 2/6/2016 của Tỉnh ủy Quảng Ninh \
về phát triển du lịch.
"""

LANG_SON = """Lạng Sơn sơ kết 3 năm thực hiện Nghị quyết 35 của Bộ Chính trị
Chủ nhật, 21.11.2021 | 10:15:00

Ngày 20/11/2021, Ban Thường vụ Tỉnh ủy Lạng Sơn tổ chức hội nghị sơ kết 3 năm thực hiện Nghị quyết số 35-NQ/TW \
ngày 22/10/2018 của Bộ Chính trị về tăng cường bảo vệ nền tảng tư tưởng của Đảng. Tỉnh ủy Lạng Sơn đã ban hành \
Chương trình hành động số 20-CTr/TU ngày 5/12/2018 thực hiện Nghị quyết số 35-NQ/TW.

Tỉnh ủy Lạng Sơn cũng đánh giá kết quả thực hiện Nghị quyết số 05-NQ/TU ngày 10/5/2016 của Tỉnh ủy Lạng Sơn về \
phát triển nông nghiệp hàng hóa.
"""

GUIDELINE = """Đảng ủy Khối các cơ quan tỉnh Quảng Ninh quán triệt Nghị quyết số 35-NQ/TW
Thứ 2, 18.03.2019 | 14:00:00

Đảng ủy Khối các cơ quan tỉnh ban hành Hướng dẫn số 07-HD/ĐUK ngày 16/3/2019 hướng dẫn thực hiện Kế hoạch số \
15-KH/TU ngày 3/1/2019 của Tỉnh ủy Quảng Ninh thực hiện Nghị quyết số 35-NQ/TW của Bộ Chính trị.
"""

UNRELATED = """Thủ tướng ban hành Chỉ thị về phòng chống thiên tai
Thứ 3, 12.05.2020 | 09:00:00

Thủ tướng Chính phủ ban hành Chỉ thị số 19/CT-TTg ngày 12/5/2020 về tăng cường công tác phòng, chống thiên tai.
"""

NQ35 = "https://vankien.example/eli/dang/tw/2018/nq/35"
KH15 = "https://vankien.example/eli/dang/tinh-uy-quang-ninh/2019/kh/15"
CTR20 = "https://vankien.example/eli/dang/tinh-uy-lang-son/2018/ctr/20"
HD07 = "https://vankien.example/eli/dang/dang-uy-khoi-cac-co-quan-tinh-quang-ninh/2019/hd/7"
TINH_UY_QN = "https://vankien.example/org/tinh-uy-quang-ninh"
BO_CHINH_TRI = "https://vankien.example/org/bo-chinh-tri"


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def build(data_dir, *paths):
    store = GraphStore(data_dir)
    Ingester(store, Iris(None)).ingest(paths)
    return store


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    """A store of the two articles on Nghị quyết 35-NQ/TW and its projection."""
    folder = tmp_path_factory.mktemp("news")
    store = build(folder / "data", write(folder, "quang-ninh.txt", QUANG_NINH), write(folder, "lang-son.txt", LANG_SON))
    return store, load_projection(store)


@pytest.fixture(scope="module")
def laws(tmp_path_factory, corpus):
    """The 110-law corpus, ingested once for the module (skipped when the corpus is absent)."""
    store = build(tmp_path_factory.mktemp("laws") / "data", corpus("vn-laws-vlc.tar.gz"))
    return store, load_projection(store)


# -- the projection ----------------------------------------------------------------------------
def test_projection_has_entities_with_kinds_labels_numbers_and_dates(news):
    _, G = news
    assert isinstance(G, nx.MultiDiGraph) and isinstance(G, Projection)
    assert G.nodes[NQ35] == {"kind": "document", "label": "Nghị quyết số 35-NQ/TW", "number": "35-NQ/TW",
                             "date": "2018-10-22"}
    assert G.nodes[KH15]["date"] == "2019-01-03"
    assert G.nodes[TINH_UY_QN] == {"kind": "organisation", "label": "Tỉnh ủy Quảng Ninh"}
    events = {d["label"]: d["date"] for _, d in G.nodes(data=True) if d["kind"] == "event"}
    assert events == {"hội nghị quán triệt Nghị quyết số 35-NQ/TW": "2019-03-15",
                      "hội nghị sơ kết 3 năm thực hiện Nghị quyết số 35-NQ/TW": "2021-11-20"}
    articles = sorted(d["date"] for _, d in G.nodes(data=True) if d["kind"] == "article")
    assert articles == ["2019-01-04T08:00:00+07:00", "2021-11-21T10:15:00+07:00"]


def test_projection_edges_carry_relations(news):
    _, G = news
    assert {d["relation"] for d in G.get_edge_data(KH15, NQ35).values()} == {"implements"}
    assert {d["relation"] for d in G.get_edge_data(NQ35, BO_CHINH_TRI).values()} == {"issued_by"}
    ban_thuong_vu = "https://vankien.example/org/ban-thuong-vu-tinh-uy-lang-son"
    assert [d["relation"] for d in G.get_edge_data(ban_thuong_vu, "https://vankien.example/org/tinh-uy-lang-son")
            .values()] == ["part_of"]
    [post] = G.get_edge_data("https://vankien.example/person/nguyen-van-doc", TINH_UY_QN).values()
    assert post == {"relation": "holds_post", "post": "Bí thư Tỉnh ủy Quảng Ninh"}
    relations = stats(G)["edges"]
    assert relations["mentions"] >= 10 and relations["about"] == 2 and relations["organized_by"] == 2
    # every edge is stated once, however many sources state it
    for u, v in set(G.edges()):
        relations = [d["relation"] for d in G.get_edge_data(u, v).values()]
        assert len(relations) == len(set(relations))


@pytest.mark.corpus
def test_official_source_is_its_document(laws):
    _, G = laws
    civil_code = resolve_entity(G, "91/2015/QH13")
    sources = [u for u, _, rel in G.in_edges(civil_code, data="relation") if rel == "is"]
    assert len(sources) == 1 and G.nodes[sources[0]]["kind"] == "article"
    assert G.nodes[sources[0]]["date"] == "2015-11-24"


# -- caching --------------------------------------------------------------------------------------
def test_projection_is_reused_for_the_same_generation_and_rebuilt_after_an_ingest(tmp_path):
    quang_ninh = write(tmp_path, "quang-ninh.txt", QUANG_NINH)
    store = build(tmp_path / "data", quang_ninh)
    first = load_projection(store)
    assert store.generation == 1
    assert load_projection(store) is first
    assert [p.name for p in store.data_dir.glob("projection-*.pickle")] == ["projection-1.pickle"]
    # another process (an empty memory cache) reads the pickle instead of querying the store
    traverse._PROJECTIONS.clear()
    reread = load_projection(store)
    assert reread is not first and nx.utils.graphs_equal(reread, first)
    assert CTR20 not in reread

    Ingester(store, Iris(None)).ingest([write(tmp_path, "lang-son.txt", LANG_SON)])
    assert store.generation == 2
    second = load_projection(store)
    assert second is not reread and CTR20 in second and second.graph["generation"] == 2
    # a small change is applied to the older pickle at each start rather than pickled again
    assert [p.name for p in store.data_dir.glob("projection-*.pickle")] == ["projection-1.pickle"]
    # re-ingesting unchanged sources changes nothing: same generation, same projection
    Ingester(store, Iris(None)).ingest([quang_ninh])
    assert store.generation == 2 and load_projection(store) is second


def _same_as_rebuilt(G: Projection, store) -> None:
    """``G`` holds what a projection built afresh from ``store`` holds, and finds entities alike."""
    fresh = Projection.from_store(store)
    assert dict(G.nodes(data=True)) == dict(fresh.nodes(data=True))
    assert sorted(G.edges(keys=True, data=True)) == sorted(fresh.edges(keys=True, data=True))
    for text in ("35-NQ/TW", "15/KH-TU", "Tỉnh ủy Quảng Ninh", "quang ninh", "Nguyễn Văn Đọc", "20-CTr/TU",
                 "07-HD/ĐUK"):
        assert find_entities(G, text) == find_entities(fresh, text), text


def test_after_a_change_the_projection_is_updated_to_what_a_rebuild_gives(tmp_path):
    quang_ninh, guideline = write(tmp_path, "quang-ninh.txt", QUANG_NINH), write(tmp_path, "hd.txt", GUIDELINE)
    store = build(tmp_path / "data", quang_ninh, guideline)
    find_entities(load_projection(store), "35-NQ/TW")  # the lookup tables are built, pickled and then updated

    def reloaded() -> Projection:
        traverse._PROJECTIONS.clear()  # another process: it finds the last pickle, older than the store
        G = load_projection(store)
        assert G.graph["generation"] == store.generation and "update_seconds" in G.graph  # updated, not rebuilt
        return G

    Ingester(store, Iris(None)).ingest([write(tmp_path, "lang-son.txt", LANG_SON)])  # a source added
    G = reloaded()
    assert CTR20 in G and G.has_edge(CTR20, NQ35)
    _same_as_rebuilt(G, store)

    write(tmp_path, "hd.txt", GUIDELINE.replace("Hướng dẫn số 07-HD/ĐUK", "Hướng dẫn số 09-HD/ĐUK"))
    Ingester(store, Iris(None)).ingest([guideline])  # a source changed: 07-HD gone, 09-HD come
    G = reloaded()
    assert HD07 not in G and find_entities(G, "07-HD/ĐUK") == [] and find_entities(G, "09-HD/ĐUK")
    _same_as_rebuilt(G, store)

    for graph in store.sources_matching(str(quang_ninh)):  # a source removed: Kế hoạch 15 only it stated
        store.remove_source(graph)
    store.publish()
    G = reloaded()
    assert "Nguyễn Văn Đọc" not in {data.get("label") for _, data in G.nodes(data=True)}
    _same_as_rebuilt(G, store)


def test_an_updated_projection_is_pickled_again_once_the_changes_are_many(tmp_path, monkeypatch):
    store = build(tmp_path / "data", write(tmp_path, "quang-ninh.txt", QUANG_NINH))
    load_projection(store)
    monkeypatch.setattr(traverse, "REPICKLE_ENTITIES", 5)
    Ingester(store, Iris(None)).ingest([write(tmp_path, "lang-son.txt", LANG_SON)])  # more than 5 entities
    traverse._PROJECTIONS.clear()
    G = load_projection(store)
    assert "update_seconds" in G.graph
    assert [p.name for p in store.data_dir.glob("projection-*.pickle")] == [f"projection-{store.generation}.pickle"]
    assert not list(store.data_dir.glob(".projection-*"))  # no temporary file left behind
    traverse._PROJECTIONS.clear()
    assert nx.utils.graphs_equal(load_projection(store), G)  # read from the new pickle as it was written


def test_a_change_too_large_for_the_log_rebuilds_the_projection(tmp_path, monkeypatch):
    store = build(tmp_path / "data", write(tmp_path, "quang-ninh.txt", QUANG_NINH))
    load_projection(store)
    monkeypatch.setattr("vankien.graph.store.CHANGES_MAX_ENTITIES", 3)
    Ingester(store, Iris(None)).ingest([write(tmp_path, "lang-son.txt", LANG_SON)])
    traverse._PROJECTIONS.clear()
    G = load_projection(store)
    assert CTR20 in G and "update_seconds" not in G.graph and "build_seconds" in G.graph


def test_a_torn_pickle_is_rebuilt(tmp_path):
    store = build(tmp_path / "data", write(tmp_path, "quang-ninh.txt", QUANG_NINH))
    (store.data_dir / "projection-1.pickle").write_bytes(b"not a pickle")
    traverse._PROJECTIONS.clear()
    G = load_projection(store)
    assert NQ35 in G
    with (store.data_dir / "projection-1.pickle").open("rb") as handle:
        assert NQ35 in pickle.load(handle)["graph"]


# -- finding entities ----------------------------------------------------------------------------
@pytest.mark.parametrize("spelling", ["35-NQ/TW", "35-nq/tw", "35/NQ-TW", "35 - NQ/TW", "35-NQ/TƯ"])
def test_find_by_number_in_any_spelling(news, spelling):
    _, G = news
    assert find_entities(G, spelling) == [NQ35]
    assert resolve_entity(G, spelling) == NQ35


def test_find_by_iri_and_by_name(news):
    _, G = news
    assert find_entities(G, KH15) == [KH15]
    assert find_entities(G, f"<{KH15}>") == [KH15]
    assert find_entities(G, "tỉnh uỷ  QUẢNG NINH") == [TINH_UY_QN]  # identity key: case, tone placement, spaces
    assert resolve_entity(G, "Kế hoạch số 15-KH/TU") == KH15
    # no exact name: accent-folded containment, every match
    found = find_entities(G, "tinh uy lang son")
    assert set(found) == {"https://vankien.example/org/tinh-uy-lang-son",
                          "https://vankien.example/org/ban-thuong-vu-tinh-uy-lang-son"}
    assert found[0] == "https://vankien.example/org/tinh-uy-lang-son"  # the name that starts with it first


def test_ambiguous_and_unknown_names(news):
    _, G = news
    # two provinces each have a "Nghị quyết số 05-NQ/TU"
    nq05 = ["https://vankien.example/eli/dang/tinh-uy-lang-son/2016/nq/5",
            "https://vankien.example/eli/dang/tinh-uy-quang-ninh/2016/nq/5"]
    assert sorted(find_entities(G, "Nghị quyết số 05-NQ/TU")) == nq05
    assert sorted(find_entities(G, "05-nq/tu")) == nq05
    with pytest.raises(AmbiguousEntity) as error:
        resolve_entity(G, "Nghị quyết số 05-NQ/TU")
    assert sorted(c["iri"] for c in error.value.candidates) == nq05
    message = str(error.value)
    assert "\n" not in message and "2 entities" in message
    assert f"Nghị quyết số 05-NQ/TU <{nq05[0]}>" in message and f"<{nq05[1]}>" in message
    with pytest.raises(UnknownEntity, match="Nghị quyết số 99-NQ/TW"):
        resolve_entity(G, "Nghị quyết số 99-NQ/TW")
    assert find_entities(G, "   ") == []


def test_ambiguity_message_lists_every_candidate(news):
    _, G = news
    with pytest.raises(AmbiguousEntity) as error:
        resolve_entity(G, "nghi quyet")  # the resolutions, and the events and articles named after one
    assert len(error.value.candidates) == 7
    assert str(error.value).count(" <https://") == 7 and "more" not in str(error.value)
    assert error.value.candidates[0]["iri"] == NQ35  # the most connected first


@pytest.mark.corpus
def test_laws_ambiguity_message_lists_ten_candidates(laws):
    _, G = laws
    with pytest.raises(AmbiguousEntity) as error:
        resolve_entity(G, "Luật")  # every law's name holds the word
    more = len(error.value.candidates) - 10
    assert more > 50
    assert str(error.value).count(" <https://") == 10 and str(error.value).endswith(f"and {more} more")


@pytest.mark.corpus
def test_laws_constitution_2013_is_one_node_cited_by_the_laws_and_stated_by_its_own_text(laws):
    _, G = laws
    constitution = resolve_entity(G, "Hiến pháp năm 2013")
    relations = [d["relation"] for _, _, d in G.in_edges(constitution, data=True)]
    assert relations.count("based_on") >= 40
    assert relations.count("is") == 1  # the text of the constitution itself


# -- neighbours -------------------------------------------------------------------------------------
def test_neighbours_at_depth_one(news):
    _, G = news
    rows = neighbours(G, NQ35)
    assert {(r["iri"], r["relation"], r["direction"]) for r in rows if r["kind"] == "document"} == {
        (KH15, "implements", "in"), (CTR20, "implements", "in")}
    assert {r["kind"] for r in rows} == {"document", "organisation", "event", "article"}
    assert all(r["distance"] == 1 and r["via"] == NQ35 for r in rows)
    assert {"iri", "label", "kind", "relation", "direction", "distance"} <= set(rows[0])


def test_neighbours_filters(news):
    _, G = news
    assert [r["iri"] for r in neighbours(G, NQ35, direction="out")] == [BO_CHINH_TRI]
    implementing = neighbours(G, NQ35, relation="implements")
    assert sorted(r["label"] for r in implementing) == ["Chương trình số 20-CTr/TU", "Kế hoạch số 15-KH/TU"]
    assert neighbours(G, NQ35, relation="implements", direction="out") == []
    about = neighbours(G, NQ35, relation="about", direction="in")
    assert sorted(r["label"] for r in about) == ["hội nghị quán triệt Nghị quyết số 35-NQ/TW",
                                                "hội nghị sơ kết 3 năm thực hiện Nghị quyết số 35-NQ/TW"]
    post = neighbours(G, TINH_UY_QN, relation="holds_post")
    assert [(r["label"], r["post"], r["direction"]) for r in post] == [
        ("Nguyễn Văn Đọc", "Bí thư Tỉnh ủy Quảng Ninh", "in")]


def test_neighbours_deeper(news):
    _, G = news
    one = {r["iri"] for r in neighbours(G, KH15, depth=1)}
    two = neighbours(G, KH15, depth=2)
    assert NQ35 in one and CTR20 not in one
    [ctr] = [r for r in two if r["iri"] == CTR20]
    assert ctr["distance"] == 2 and ctr["via"] == NQ35 and ctr["relation"] == "implements"
    assert [r["distance"] for r in two] == sorted(r["distance"] for r in two)
    assert KH15 not in {r["iri"] for r in two}  # the start is not its own neighbour
    # following only "implements", out then in: the plan, the resolution, the other province's programme
    walk = neighbours(G, KH15, depth=3, relation="implements")
    assert [(r["iri"], r["distance"]) for r in walk] == [(NQ35, 1), (CTR20, 2)]
    assert len(neighbours(G, KH15, depth=3, limit=2)) == 2


def test_neighbours_rejects_bad_arguments(news):
    _, G = news
    with pytest.raises(ValueError, match="depth"):
        neighbours(G, NQ35, depth=4)
    with pytest.raises(ValueError, match="relation"):
        neighbours(G, NQ35, relation="implemented")
    with pytest.raises(ValueError, match="direction"):
        neighbours(G, NQ35, direction="up")
    with pytest.raises(UnknownEntity):
        neighbours(G, "https://vankien.example/eli/nowhere")


# -- paths and chains --------------------------------------------------------------------------------
def test_path_ignores_direction(news):
    _, G = news
    steps = path(G, KH15, CTR20)
    assert [(s["from"], s["relation"], s["direction"], s["to"]) for s in steps] == [
        (KH15, "implements", "out", NQ35), (NQ35, "implements", "in", CTR20)]
    assert steps[0]["from_label"] == "Kế hoạch số 15-KH/TU" and steps[1]["to_label"] == "Chương trình số 20-CTr/TU"
    assert path(G, KH15, KH15) == []


def test_no_path_between_unconnected_entities(tmp_path):
    store = build(tmp_path / "data", write(tmp_path, "qn.txt", QUANG_NINH), write(tmp_path, "tt.txt", UNRELATED))
    G = load_projection(store)
    directive = resolve_entity(G, "19/CT-TTg")
    with pytest.raises(NoPath) as error:
        path(G, KH15, directive)
    assert KH15 in str(error.value) and directive in str(error.value)


def test_chain_follows_one_relation_transitively(tmp_path):
    store = build(tmp_path / "data", write(tmp_path, "qn.txt", QUANG_NINH), write(tmp_path, "ls.txt", LANG_SON),
                  write(tmp_path, "hd.txt", GUIDELINE))
    G = load_projection(store)
    guideline = resolve_entity(G, "07-HD/ĐUK")
    assert [(i["label"], i["depth"]) for i in chain(G, guideline, "guides")] == [
        ("Hướng dẫn số 07-HD/ĐUK", 0), ("Kế hoạch số 15-KH/TU", 1)]
    assert [(i["iri"], i["depth"], i["from"]) for i in chain(G, KH15)] == [(KH15, 0, None), (NQ35, 1, KH15)]
    implementing = chain(G, NQ35, "implements", direction="in")
    assert implementing[0]["iri"] == NQ35
    assert sorted(i["number"] for i in implementing[1:]) == ["15-KH/TU", "20-CTr/TU"]
    assert {i["depth"] for i in implementing[1:]} == {1}
    with pytest.raises(ValueError, match="one relation"):
        chain(G, NQ35, relation=None)


@pytest.mark.corpus
def test_laws_civil_code_replaces_the_2005_code(laws):
    _, G = laws
    civil_code = resolve_entity(G, "91/2015/qh13")
    items = chain(G, civil_code, relation="replaces")
    assert items[0]["number"] == "91/2015/QH13" and items[0]["date"] == "2015-11-24"
    assert {"number": "33/2005/QH11", "depth": 1, "from": civil_code}.items() <= \
        next(i for i in items if i["number"] == "33/2005/QH11").items()


@pytest.mark.corpus
def test_laws_path_between_the_two_civil_codes(laws):
    _, G = laws
    new, old = resolve_entity(G, "Bộ luật số 91/2015/QH13"), resolve_entity(G, "Bộ luật số 33/2005/QH11")
    steps = path(G, new, old)
    assert steps == [{"from": new, "from_label": "Bộ luật dân sự số 91/2015/QH13", "relation": "replaces",
                      "direction": "out", "to": old, "to_label": "Bộ luật dân sự số 33/2005/QH11"}]
    assert path(G, old, new)[0]["direction"] == "in"


# -- timeline ---------------------------------------------------------------------------------------------
def test_timeline_of_a_resolution(news):
    _, G = news
    items = timeline(G, NQ35)
    assert [(i["date"][:10], i["kind"], i["relation"]) for i in items] == [
        ("2018-10-22", "document", "issued"),       # the resolution itself
        ("2018-12-05", "document", "implements"),   # Lạng Sơn's programme
        ("2019-01-03", "document", "implements"),   # Quảng Ninh's plan
        ("2019-01-04", "article", "mentions"),
        ("2019-03-15", "event", "about"),
        ("2021-11-20", "event", "about"),
        ("2021-11-21", "article", "mentions"),
    ]
    assert items[0]["iri"] == NQ35 and items[2]["label"] == "Kế hoạch số 15-KH/TU"
    assert items[1]["direction"] == "in"


@pytest.mark.corpus
def test_timeline_puts_undated_items_last(laws):
    _, G = laws
    items = timeline(G, resolve_entity(G, "91/2015/QH13"))
    dated = [i for i in items if i["date"]]
    assert dated and items[:len(dated)] == dated
    assert [i["date"] for i in dated] == sorted(i["date"] for i in dated)
    assert "Bộ luật dân sự số 33/2005/QH11" in [i["label"] for i in items[len(dated):]]
    # the law's own text is one row ("is"), not also a "mentions" row
    assert [i["relation"] for i in items if i["kind"] == "article" and i["date"] == "2015-11-24"] == ["is"]


# -- rank and stats -----------------------------------------------------------------------------------------
def test_rank_puts_the_implemented_resolution_first(news):
    _, G = news
    top = rank(G, limit=3)
    assert top[0]["iri"] == NQ35 and top[0]["number"] == "35-NQ/TW" and top[0]["cited_by"] == 2
    assert top[0]["score"] > top[1]["score"]
    assert len(top) == 3


@pytest.mark.corpus
def test_laws_rank_the_constitution_first(laws):
    _, G = laws
    top = rank(G, limit=3)
    labels = [row["label"] for row in top]
    # "Căn cứ Hiến pháp …": most laws before 2014 cite the 1992 constitution, later ones the 2013 one
    assert labels[0] == "Hiến pháp năm 1992"
    assert "Hiến pháp năm 2013" in labels
    assert top[0]["cited_by"] >= 40


def test_stats(news):
    _, G = news
    summary = stats(G)
    assert summary["nodes"] == {"document": 5, "organisation": 4, "person": 1, "event": 2, "article": 2}
    assert summary["total_nodes"] == 14 and summary["total_edges"] == sum(summary["edges"].values())
    assert summary["edges"]["implements"] == 2 and summary["edges"]["issued_by"] == 5
    assert summary["top_documents"][0] == {"iri": NQ35, "label": "Nghị quyết số 35-NQ/TW", "number": "35-NQ/TW",
                                           "degree": 7}
    assert len(summary["top_documents"]) == 5


def test_seed_article(tmp_path):
    G = load_projection(build(tmp_path / "data", SEED))
    [project] = find_entities(G, "03-đa/tu")
    assert G.nodes[project]["label"] == "Đề án số 03-ĐA/TU" and G.nodes[project]["date"] == "2021-09-07"
    around = neighbours(G, project)
    assert any(r["kind"] == "article" and r["relation"] == "mentions" for r in around)
    assert timeline(G, project)[0]["date"] == "2021-09-07"
    assert sum(stats(G)["nodes"].values()) == G.number_of_nodes()
