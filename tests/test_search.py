"""Search as a user sees it: the seed's queries, accents, phrases, numbers, facets, errors."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

import pytest

from vankien.graph.store import GraphStore
from vankien.search.index import index_count, rebuild
from vankien.search.pipeline import ingest
from vankien.search.query import Searcher, SearchError, SearchRequest

from conftest import ROOT

SEED_TITLE = "Thành phố Lạng Sơn: Đổi mới hình thức tuyên truyền, quán triệt chỉ thị, nghị quyết của Đảng"


def ingest_with_index(data, *paths):
    """Ingest ``paths`` into ``data`` with its index; the store, open for writing (the caller closes it)."""
    ingest(data, paths)
    return GraphStore(data)


@pytest.fixture(scope="module")
def seed_index(seeds_data):
    return seeds_data


def search(data, query, **options):
    return Searcher(data).search(SearchRequest(query=query, **options))


@pytest.mark.parametrize("query,kind,expected", [
    ("nghi quyet 40", "document", "Nghị quyết số 40-NQ/TU"),
    ("NQ 40", "document", "Nghị quyết số 40-NQ/TU"),
    ("NQ40", "document", "Nghị quyết số 40-NQ/TU"),
    ("40/NQ-TU", "document", "Nghị quyết số 40-NQ/TU"),
    ("40-NQ/TU", "document", "Nghị quyết số 40-NQ/TU"),
    ("nghị quyết 40", "document", "Nghị quyết số 40-NQ/TU"),
    ("81-NQ/TU", "document", "Nghị quyết số 81-NQ/TU"),
    ("ket luan 01", "document", "Kết luận số 01-KL/TW"),
    ("Hoàng Minh Thảo", "person", "Hoàng Minh Thảo"),
    ("hoang minh thao", "person", "Hoàng Minh Thảo"),
    ("thanh uy lang son", "organisation", "Thành ủy Lạng Sơn"),
    ("tuyên truyền", "article", SEED_TITLE),
])
def test_seed_queries_put_the_expected_entity_first(seed_index, query, kind, expected):
    result = search(seed_index, query)
    first = result["hits"][0]
    assert (first["kind"], first["label"]) == (kind, expected)
    assert "<mark>" in first["snippet"]


def test_contract_keys(seed_index):
    result = search(seed_index, "nghi quyet 40")
    assert set(result) >= {"query", "total", "hits", "facets", "suggestion"}
    hit = result["hits"][0]
    assert set(hit) >= {"kind", "iri", "label", "number", "date", "score", "snippet"}
    assert hit["number"] == "40-NQ/TU" and hit["date"] == "2021-08-05"
    assert hit["iri"] == "https://vankien.example/eli/dang/tinh-uy-lang-son/2021/nq/40"
    assert set(result["facets"]) >= {"kind", "type", "issuer", "year"}


def test_nfd_query_equals_its_nfc_twin(seed_index):
    nfc = search(seed_index, "Nghị quyết Thành ủy")
    nfd = search(seed_index, unicodedata.normalize("NFD", "Nghị quyết Thành uỷ"))
    assert [h["iri"] for h in nfd["hits"]] == [h["iri"] for h in nfc["hits"]] and nfc["total"] > 0


def test_phrases_with_and_without_diacritics(seed_index):
    exact = search(seed_index, '"báo cáo viên"', limit=100)
    folded = search(seed_index, '"bao cao vien"', limit=100)
    # The same matches (the seed writes the phrase one way only); the order may differ, as the words typed
    # with diacritics are weighed by how rare that spelling is, those without by how rare their letters are.
    assert exact["total"] == folded["total"] >= 1
    assert {h["iri"] for h in exact["hits"]} == {h["iri"] for h in folded["hits"]}
    assert search(seed_index, '"viên báo cáo"')["total"] == 0


def test_diacritics_typed_are_kept_and_a_query_without_them_finds_both(tmp_path):
    one = tmp_path / "a.txt"
    one.write_text("Tin một\n\nĐảng viên ở xã học tập nghị quyết.\n", "utf-8")
    two = tmp_path / "b.txt"
    two.write_text("Tin hai\n\nDang vien khong dau: cac dang vien hoc tap.\n", "utf-8")
    data = tmp_path / "data"
    ingest_with_index(data, one, two).close()
    assert [h["label"] for h in search(data, "đảng viên", kind="article")["hits"]] == ["Tin một"]
    assert {h["label"] for h in search(data, "dang vien", kind="article")["hits"]} == {"Tin một", "Tin hai"}


def test_facets_count_correctly(seed_index):
    result = search(seed_index, "nghị quyết")
    kinds = result["facets"]["kind"]
    assert sum(kinds.values()) == result["total"]
    documents = search(seed_index, "nghị quyết", kind="document")
    assert documents["total"] == kinds["document"]
    assert result["facets"]["type"].get("Nghị quyết", 0) == search(
        seed_index, "nghị quyết", type="Nghị quyết")["total"]


def test_fielded_queries_and_filters(seed_index):
    hits = search(seed_index, 'issuer:"Bộ Chính trị"')["hits"]
    assert sorted(h["number"] for h in hits) == ["01-KL/TW", "35-NQ/TW"]
    assert [h["number"] for h in search(seed_index, "nghị quyết year:2022")["hits"]
            if h["kind"] == "document"] == ["81-NQ/TU"]
    assert search(seed_index, "issuer:bo chinh tri")["total"] >= 2


def test_sort_by_date_and_pages(seed_index):
    dated = search(seed_index, "nghị quyết", kind="document", sort="date")["hits"]
    dates = [h["date"] for h in dated if h["date"]]
    assert dates == sorted(dates, reverse=True)
    first = search(seed_index, "thành phố", limit=2, page=1)
    second = search(seed_index, "thành phố", limit=2, page=2)
    assert len(first["hits"]) == 2 and first["hits"][0]["iri"] != second["hits"][0]["iri"]
    assert first["total"] == second["total"]


def test_a_query_whose_syllables_all_exist_is_never_corrected(seed_index):
    # Typed without diacritics is a fine way to search: matched on every accented form, not "corrected".
    assert search(seed_index, "nghi quyet thanh uy")["suggestion"] is None
    assert search(seed_index, "nghị quyết")["suggestion"] is None


def test_did_you_mean_corrects_a_misspelt_syllable_and_restores_the_rest(seed_index):
    assert search(seed_index, "tuyen truyenn")["suggestion"] == "tuyen truyen"  # typed without accents: kept so
    assert search(seed_index, "quán triêt")["suggestion"] == "quán triệt"
    assert search(seed_index, "40-NQ/TU")["suggestion"] is None  # numbers are never "corrected"


@pytest.mark.parametrize("query,message", [
    ('"nghị quyết', "Thiếu dấu ngoặc kép đóng"),
    ("AND OR NOT ( )", "chỉ có toán tử"),
    ("(nghị quyết", "Dấu ngoặc đơn chưa cân"),
    ("x" * 600, "Câu tìm kiếm quá dài"),
    ("kind:planet", "unknown kind"),
])
def test_unreadable_queries_give_a_clear_error(seed_index, query, message):
    with pytest.raises(SearchError) as error:
        search(seed_index, query)
    assert message in str(error.value)


def test_cli_json_contract_and_errors(seed_index):
    proc = subprocess.run([sys.executable, "-m", "vankien.web.cli", "search", "nq 40", "--json",
                           "--data", str(seed_index)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["hits"][0]["number"] == "40-NQ/TU"
    bad = subprocess.run([sys.executable, "-m", "vankien.web.cli", "search", '"unclosed', "--data", str(seed_index)],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and bad.stderr.startswith("error: Thiếu dấu ngoặc kép đóng")
    none = subprocess.run([sys.executable, "-m", "vankien.web.cli", "search", "khủng long", "--json",
                           "--data", str(seed_index)],
                          capture_output=True, text=True, cwd=ROOT)
    assert none.returncode == 0 and json.loads(none.stdout)["total"] == 0


def test_snippets_escape_html_and_add_only_mark(tmp_path):
    article = tmp_path / "xss.txt"
    article.write_text('Tin thử\n\nNghị quyết <script>alert("x")</script> & <b>đậm</b> được ban hành.\n', "utf-8")
    data = tmp_path / "data"
    ingest_with_index(data, article).close()
    snippet = search(data, "nghị quyết")["hits"][0]["snippet"]
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet and "&amp;" in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_suggest_completes_names_and_numbers(seed_index):
    labels = [s["label"] for s in Searcher(seed_index).suggest("thanh uy")]
    assert "Thành ủy Lạng Sơn" in labels
    numbers = [s["number"] for s in Searcher(seed_index).suggest("40-nq")]
    assert numbers[:1] == ["40-NQ/TU"]
    assert [s["label"] for s in Searcher(seed_index).suggest("hoang minh")][:1] == ["Hoàng Minh Thảo"]


def test_index_follows_ingest_remove_and_reindex(tmp_path):
    data = tmp_path / "data"
    first = tmp_path / "a.txt"
    first.write_text("Tin một\n\nBộ Chính trị ban hành Nghị quyết số 35-NQ/TW ngày 22/10/2018.\n", "utf-8")
    second = tmp_path / "b.txt"
    second.write_text("Tin hai\n\nBan Bí thư ban hành Chỉ thị số 05-CT/TW ngày 15/5/2016.\n", "utf-8")
    ingest_with_index(data, first).close()
    assert search(data, "05-CT/TW")["total"] == 0
    ingest_with_index(data, second).close()
    assert search(data, "05-CT/TW")["hits"][0]["number"] == "05-CT/TW"
    proc = subprocess.run([sys.executable, "-m", "vankien.web.cli", "remove", str(second), "--data", str(data)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert search(data, "05-CT/TW")["total"] == 0 and search(data, "35-NQ/TW")["total"] >= 1
    before = index_count(data)
    rebuilt = rebuild(GraphStore(data, read_only=True), data, procs=1)
    assert rebuilt == before == index_count(data)


LAW = """QUỐC HỘI
--------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Luật số: {number}
Hà Nội, ngày {day}
LUẬT
ĐẤT ĐAI
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật đất đai.
Điều 1. Phạm vi điều chỉnh
Luật này quy định về chế độ sở hữu đất đai.
"""


def test_a_name_shared_by_two_versions_finds_the_newest_first(tmp_path):
    old = tmp_path / "2003.txt"
    old.write_text(LAW.format(number="13/2003/QH11", day="26 tháng 11 năm 2003"), "utf-8")
    new = tmp_path / "2013.txt"
    new.write_text(LAW.format(number="45/2013/QH13", day="29 tháng 11 năm 2013"), "utf-8")
    data = tmp_path / "data"
    ingest_with_index(data, old, new).close()
    hits = search(data, "luật đất đai")["hits"]
    assert [h["number"] for h in hits[:2]] == ["45/2013/QH13", "13/2003/QH11"]
