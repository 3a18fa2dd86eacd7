"""Bulk matching and scoring (search.ranking), snippets and phrases without positions."""

from __future__ import annotations

import numpy as np
import pytest
from test_search import ingest_with_index, search
from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema
from whoosh.query import And, Term

from vankien.search.analysis import folded_analyzer
from vankien.search.ranking import Ranker, read_positions, read_postings
from vankien.search.snippets import snippet

TEXTS = [
    "nghị quyết về phát triển kinh tế biển",
    "kinh tế tư nhân và kinh tế tập thể",
    "Nghị quyết số 40-NQ/TU của Ban Thường vụ Thành ủy",
    "báo cáo viên học tập nghị quyết nghị quyết nghị quyết",
    "đường giao thông nông thôn",
] * 60  # several posting blocks of 128


@pytest.fixture(scope="module")
def plain_index(tmp_path_factory):
    """A small index of one folded text field, with deletions and two segments."""
    path = tmp_path_factory.mktemp("plain")
    ix = whoosh_index.create_in(str(path), Schema(key=ID(stored=True, unique=True),
                                                   body=TEXT(analyzer=folded_analyzer())))
    writer = ix.writer()
    for i, text in enumerate(TEXTS[:200]):
        writer.add_document(key=str(i), body=text)
    writer.commit()
    writer = ix.writer()
    for i, text in enumerate(TEXTS[200:], 200):
        writer.add_document(key=str(i), body=text)
    writer.delete_by_term("key", "3")
    writer.delete_by_term("key", "250")
    writer.commit(merge=False)
    return ix


def test_postings_read_in_bulk_equal_whooshs_own_matcher(plain_index):
    with plain_index.searcher() as searcher:
        reader = searcher.reader()
        assert len(list(reader.leaf_readers())) == 2
        for term in ("nghi", "kinh", "40-nq/tu", "thon", "nothing"):
            ids, weights = read_postings(reader, "body", term)
            alive = [d for d in ids if not reader.is_deleted(int(d))]
            expected = list(searcher.docs_for_query(Term("body", term)))
            assert sorted(int(d) for d in alive) == sorted(expected)
        ids, weights = read_postings(reader, "body", "kinh")
        assert set(weights[ids % 5 == 1].tolist()) == {2.0}  # "kinh" twice in "kinh tế tư nhân và kinh tế tập thể"


def test_positions_are_read_for_the_wanted_documents_only(plain_index):
    with plain_index.searcher() as searcher:
        reader = searcher.reader()
        wanted = np.array([0, 7, 8, 130, 201, 203, 298], dtype=np.int64)  # 201 lacks the word
        got = read_positions(reader, "body", "quyet", wanted)
        expected = {}
        for leaf, offset in reader.leaf_readers():
            matcher = leaf.postings("body", "quyet")
            while matcher.is_active():
                if matcher.id() + offset in wanted:
                    expected[matcher.id() + offset] = frozenset(matcher.value_as("positions"))
                matcher.next()
        assert got == expected and set(got) == {0, 7, 8, 130, 203, 298}
        assert got[0] == {1} and got[8] == {6, 8, 10}  # "… học tập nghị quyết nghị quyết nghị quyết"


def test_bulk_scores_rank_as_whoosh_bm25f_does(plain_index):
    with plain_index.searcher() as searcher:
        ranker = Ranker(searcher, ("body",), (), "key")
        groups = [[("body", "nghi", 1.0)], [("body", "quyet", 1.0)]]
        where, scores = ranker.all_of(groups), np.zeros(ranker.size, dtype=np.float32)
        ranker.score([clause for group in groups for clause in group], scores)
        ours = sorted(np.nonzero(where)[0].tolist(), key=lambda d: (-scores[d], d))
        theirs = searcher.search(And([Term("body", "nghi"), Term("body", "quyet")]), limit=None)
        assert ours == [hit.docnum for hit in theirs]
        assert [round(float(scores[h.docnum]), 3) for h in theirs] == [round(h.score, 3) for h in theirs]
        deleted = [d for d in range(reader_size(searcher)) if searcher.reader().is_deleted(d)]
        assert deleted and not where[deleted].any()  # deleted documents never match


def reader_size(searcher) -> int:
    return searcher.reader().doc_count_all()


def test_snippet_marks_words_with_or_without_diacritics_and_escapes_the_rest():
    text = "Ban Thường vụ Thành uỷ <b>Lạng Sơn</b> ban hành Nghị quyết số 40-NQ/TU & các văn bản."
    html = snippet(text, {"thanh", "uy", "40-nq/tu"})
    assert "<mark>Thành</mark> <mark>uỷ</mark>" in html and "<mark>40-NQ/TU</mark>" in html
    assert "&lt;b&gt;Lạng Sơn&lt;/b&gt;" in html and "&amp;" in html and "<b>" not in html
    assert snippet(text, {"hanoi"}) is None and snippet("", {"a"}) is None


def test_snippet_keeps_two_passages_of_a_long_text_with_the_most_words():
    text = ("mở đầu " * 100) + "nghị quyết ở đây " + ("đoạn giữa " * 100) + "kinh tế biển ở đây " + ("kết " * 50)
    html = snippet(text, {"nghi", "quyet", "bien"})
    assert html.count("<mark>") == 3 and " … " in html and html.startswith("…") and html.endswith("…")
    assert len(html) < 700


def one_article(tmp_path, text: str):
    """The data folder of a store and index holding one article."""
    article = tmp_path / "a.txt"
    article.write_text(text, "utf-8")
    ingest_with_index(tmp_path / "data", article).close()
    return tmp_path / "data"


def test_phrase_does_not_span_a_name_and_its_text(tmp_path):
    data = one_article(tmp_path, "Tin kinh tế\n\nBiển đảo là tài sản quý. Nghị quyết số 12 về kinh tế.\n")
    assert search(data, '"kinh tế"', kind="article")["total"] == 1
    assert search(data, '"tài sản quý"', kind="article")["total"] == 1
    assert search(data, '"tai san quy"', kind="article")["total"] == 1
    assert search(data, '"tế biển"', kind="article")["total"] == 0  # title end + text start is no phrase
    assert search(data, '"quý tài sản"', kind="article")["total"] == 0


def test_a_phrase_typed_with_diacritics_wants_them_one_without_matches_any(tmp_path):
    data = one_article(tmp_path, "Tin chợ\n\nCửa hàng bán đồ bộ mặc nhà giá rẻ.\n")
    assert search(data, '"đồ bộ"', kind="article")["total"] == 1
    assert search(data, '"do bo"', kind="article")["total"] == 1
    assert search(data, '"dỡ bỏ"', kind="article")["total"] == 0


def test_an_index_built_by_another_version_says_to_reindex_and_ingest_rebuilds_it(tmp_path):
    from vankien.search.query import Searcher, SearchError

    from conftest import SEED

    data = tmp_path / "data"
    (data / "index").mkdir(parents=True)
    whoosh_index.create_in(str(data / "index"), Schema(key=ID(stored=True), text=TEXT())).close()
    with pytest.raises(SearchError, match="vankien reindex"):
        Searcher(data)
    ingest_with_index(data, SEED).close()
    assert search(data, "40-NQ/TU")["hits"][0]["number"] == "40-NQ/TU"


def test_field_lengths_are_weighed_against_documents_of_the_same_kind():
    import numpy as np

    from vankien.search.ranking import Columns

    columns = Columns.__new__(Columns)
    columns.size = 4
    columns.alive = np.ones(4, dtype=bool)
    columns.lengths = {"label": np.array([10, 14, 2, 2], dtype=np.float32)}
    columns.average = {"label": 7.0}
    columns.facets = {"kind": (np.array([0, 0, 1, 1], dtype=np.int32), ["article", "person"])}
    assert columns._kind_average("label").tolist() == [12.0, 12.0, 2.0, 2.0]
