"""Ranking as a reader meets it, on short articles written for these tests: diacritics typed are kept,
words side by side count, headlines matter, near-duplicates fold into one result, the talked-about
namesake comes first."""

from __future__ import annotations

import re
import unicodedata

import pytest

from vankien.search.pipeline import ingest
from vankien.search.query import APPROXIMATE_NOTICE, Searcher, SearchRequest

ARTICLES = {
    "food.txt": ("Kiểm tra an toàn thực phẩm trước Tết",
                 "Đoàn liên ngành kiểm tra an toàn thực phẩm tại các chợ. Vi phạm an toàn thực phẩm bị xử phạt."),
    "holiday.txt": ("Ăn uống ngày lễ",
                    "Người dân ăn nhiều thực phẩm ngày lễ; phạm vi toàn thành phố có hoàn toàn đủ hàng."),
    "maths.txt": ("Thi toán",
                  "Học sinh ăn sáng rồi thi toán; thực phẩm ở căng tin không phạm quy định nào."),
    "gold.txt": ("Thị trường sáng nay",
                 "Giá vàng tăng mạnh. Giá vàng miếng SJC lên 56 triệu đồng. Giá vàng thế giới cũng tăng."),
    "medal.txt": ("Huy chương vàng cho đội tuyển",
                  "Đội tuyển giành huy chương vàng. Giá vé xem trận chung kết tăng gấp đôi."),
    "exam.txt": ("Thi tốt nghiệp THPT 2021 diễn ra trong hai ngày",
                 "Kỳ thi tốt nghiệp THPT 2021 có hơn một triệu thí sinh."),
    "admission.txt": ("Tuyển sinh năm 2021: thí sinh chọn ngành",
                      "Thí sinh đã tốt nghiệp THPT được xét tuyển; kỳ thi riêng của trường năm 2021."),
}
STORY = ("Sáng 5/4, Ủy ban nhân dân tỉnh Hà Nam tổ chức hội nghị trực tuyến về phòng, chống dịch Covid-19 với "
         "các huyện, thị xã và thành phố; các địa phương báo cáo tình hình xét nghiệm, cách ly và tiêm vắc xin "
         "cho người dân trên địa bàn tỉnh trong tháng qua")
DUPLICATES = {
    "story-a.txt": ("Hà Nam họp về phòng dịch", STORY + "."),
    "story-b.txt": ("Tỉnh Hà Nam họp trực tuyến phòng, chống dịch", STORY + " và đề ra nhiệm vụ mới."),
}


def write(folder, articles: dict[str, tuple[str, str]]):
    for name, (title, body) in articles.items():
        (folder / name).write_text(f"{title}\n\n{body}\n", "utf-8")


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ranking")
    sources = folder / "sources"
    sources.mkdir()
    write(sources, ARTICLES | DUPLICATES)
    ingest(folder / "data", [sources])
    found = Searcher(folder / "data")
    yield found
    found.close()


def labels(searcher, query: str, **options) -> list[str]:
    return [h["label"] for h in searcher.search(SearchRequest(query=query, **options))["hits"]]


def test_a_syllable_typed_with_diacritics_matches_only_that_syllable(searcher):
    # "toàn" is not "toán", "phẩm" is not "phạm": the maths article has only those. The holiday article
    # holds every syllable as typed ("an" has no marks, so "ăn" is one of its forms) and comes after.
    for query in ("an toàn thực phẩm", "AN TOÀN THỰC PHẨM", unicodedata.normalize("NFD", "an toàn thực phẩm")):
        found = labels(searcher, query)
        assert found[0] == "Kiểm tra an toàn thực phẩm trước Tết" and "Thi toán" not in found
    assert labels(searcher, "toán") == ["Thi toán"]


def test_a_syllable_typed_without_them_matches_every_accented_form_the_phrase_first(searcher):
    found = labels(searcher, "an toan thuc pham")
    assert found[0] == "Kiểm tra an toàn thực phẩm trước Tết"
    assert {"Ăn uống ngày lễ", "Thi toán"} <= set(found)


def test_a_mixed_query_is_read_word_by_word(searcher):
    # "toan" and "pham" unaccented: any accent; "thực" accented: only "thực".
    assert labels(searcher, "an toan thực pham")[0] == "Kiểm tra an toàn thực phẩm trước Tết"
    assert "Ăn uống ngày lễ" in labels(searcher, "an toan thực pham")


def test_wrong_diacritics_fall_back_to_matching_without_them_and_say_so(searcher):
    result = searcher.search(SearchRequest(query="àn tòan thưc phâm"))
    assert result["notice"] == APPROXIMATE_NOTICE == "Không có kết quả chính xác; hiển thị kết quả gần đúng"
    assert result["hits"][0]["label"] == "Kiểm tra an toàn thực phẩm trước Tết"
    assert searcher.search(SearchRequest(query="an toàn thực phẩm"))["notice"] is None


def test_snippets_mark_the_syllables_as_typed(searcher):
    hit = searcher.search(SearchRequest(query="an toàn"))["hits"][0]
    assert re.findall(r"<mark>(.*?)</mark>", hit["snippet"]) and all(
        m.lower() in ("an", "toàn") for m in re.findall(r"<mark>(.*?)</mark>", hit["snippet"]))


def test_the_phrase_repeated_in_the_text_beats_a_loose_word_in_a_headline(searcher):
    assert labels(searcher, "giá vàng")[0] == "Thị trường sáng nay"
    assert labels(searcher, "gia vang")[0] == "Thị trường sáng nay"


def test_a_headline_holding_the_phrase_beats_scattered_words(searcher):
    found = labels(searcher, "thi tốt nghiệp THPT 2021")
    assert found[0] == "Thi tốt nghiệp THPT 2021 diễn ra trong hai ngày"
    assert labels(searcher, "thi tot nghiep thpt 2021")[0] == found[0]


def test_near_duplicates_fold_into_one_result_that_names_the_others(searcher):
    hits = searcher.search(SearchRequest(query="Hà Nam phòng chống dịch"))["hits"]
    stories = [h for h in hits if h["label"] in {title for title, _ in DUPLICATES.values()}]
    assert len(stories) == 1
    assert [s["label"] for s in stories[0]["similar"]] == [t for t, _ in DUPLICATES.values()
                                                            if t != stories[0]["label"]]


def test_results_of_a_page_do_not_repeat_one_snippet(searcher):
    hits = searcher.search(SearchRequest(query="thí sinh", limit=10))["hits"]
    snippets = [h["snippet"] for h in hits]
    assert len(snippets) == len(set(snippets))


def test_the_command_line_says_when_results_ignore_the_diacritics_typed(searcher):
    from click.testing import CliRunner

    from vankien.web.cli import main

    result = CliRunner().invoke(main, ["search", "àn tòan thưc phâm", "--data", str(searcher.data_dir)])
    assert result.exit_code == 0, result.output
    assert APPROXIMATE_NOTICE in result.output.splitlines()[1]
    assert "Kiểm tra an toàn thực phẩm trước Tết" in result.output
