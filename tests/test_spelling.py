"""Did-you-mean as a user sees it: right queries are left alone, real typos are corrected from the
syllable bigrams of the corpus, numbers, phrases and filters are never touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from vankien.search.pipeline import ingest
from vankien.search.query import Searcher
from vankien.search.spelling import Speller

# Short articles written for these tests. Beside the phrases searched for, they hold the syllables a
# frequency-only speller "corrected" them to (luận, đạt, đại, chuyên, ăn, mình), "thức" in more
# articles than "thực", which is only ever followed by "phẩm", and "những" more often than "nhũng".
ARTICLES = {
    "dat-dai.txt": """Quốc hội thông qua Luật Đất đai sửa đổi

Quốc hội thông qua Luật Đất đai sửa đổi với đa số đại biểu tán thành. Luật Đất đai có nhiều điểm mới
về giá đất. Các đại biểu đã bàn luận kỹ từng điều, kết quả đạt được cho thấy sự đồng thuận cao.
Người dân mong luật sớm chính thức đi vào cuộc sống.
""",
    "chuyen-doi-so.txt": """Thủ tướng Phạm Minh Chính chỉ đạo chuyển đổi số

Thủ tướng Phạm Minh Chính yêu cầu các bộ, ngành đẩy mạnh chuyển đổi số. Theo Thủ tướng, chuyển đổi số
là việc của mỗi người, mỗi cán bộ phải tự mình đổi mới cách làm. Các chuyên gia cho rằng chuyển đổi số
cần kiến thức mới.
""",
    "thuc-pham.txt": """Bảo đảm an toàn thực phẩm dịp Tết

Người dân cần chọn thực phẩm rõ nguồn gốc để ăn uống an toàn. Đoàn kiểm tra an toàn thực phẩm làm việc
tại chợ. Thủ tướng Phạm Minh Chính đề nghị xử lý nghiêm vi phạm.
""",
    "cho-dau-moi.txt": """Chợ đầu mối siết chặt kiểm tra thực phẩm

Ban quản lý chợ kiểm tra thực phẩm tươi sống mỗi sáng.
""",
    "kien-thuc.txt": """Hội nghị phổ biến kiến thức pháp luật

Hội nghị chính thức khai mạc sáng nay. Cán bộ được nâng cao ý thức chấp hành pháp luật và kiến thức
chuyên môn.
""",
    "tham-nhung.txt": """Những kết quả phòng, chống tham nhũng

Những năm qua, công tác phòng, chống tham nhũng đạt nhiều kết quả. Những vụ án lớn được xử lý nghiêm.
""",
    "ban-tru.txt": """Bữa ăn bán trú cho học sinh

Nhà trường công khai thức ăn hằng ngày. Phụ huynh yên tâm khi con mình ăn bán trú. Những bữa ăn đủ chất.
""",
}

RIGHT_QUERIES = ["Luật Đất đai", "chuyển đổi số", "an toàn thực phẩm", "luat dat dai", "Phạm Minh Chính"]


@pytest.fixture(scope="module")
def articles_data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("spelling")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, "utf-8")
    data = folder / "data"
    ingest(data, [folder / name for name in ARTICLES])
    return data


@pytest.fixture(scope="module", params=[None, False], ids=["pair-terms-if-indexed", "positions"])
def speller(articles_data, request) -> Speller:
    """A Speller reading adjacency the way the index allows, and one reading positions whatever the index."""
    searcher = Searcher(articles_data)
    yield Speller(searcher.ranker(), use_pairs=request.param)
    searcher.close()


@pytest.mark.parametrize("query", RIGHT_QUERIES)
@pytest.mark.parametrize("total", [0, 3])
def test_a_query_whose_syllables_all_exist_as_typed_is_never_corrected(speller, query, total):
    assert speller.suggest(query, total) is None


@pytest.mark.parametrize("query,expected", [
    ("chuyển đổii số", "chuyển đổi số"),
    ("an toàn thực phẩmm", "an toàn thực phẩm"),  # "phạm" is more frequent, but never after "thực"
    ("Phạm Minh Chínhh", "Phạm Minh Chính"),
    ("Chuyển Đổii Số", "Chuyển Đổi Số"),  # the typed capitals are kept
    ("CHUYỂN ĐỔII SỐ", "CHUYỂN ĐỔI SỐ"),
    ("chuyen doii so", "chuyen doi so"),  # typed without diacritics, corrected without
    ("bàn luânn", "bàn luận"),
])
def test_a_misspelt_syllable_is_corrected_and_the_rest_kept_as_typed(speller, query, expected):
    assert speller.suggest(query, 0) == expected
    assert speller.suggest(query, 12) == expected


def test_an_accent_the_corpus_never_writes_is_corrected_by_its_neighbour(speller):
    frequency = speller.vocabulary().frequency
    # "thức" is the more frequent variant of "thuc": alone, it is the guess …
    assert frequency["thức"] > frequency["thực"]
    assert speller.suggest("thưc", 0) == "thức"
    # … but next to "phẩm" only "thực" makes a bigram of the corpus.
    assert speller.suggest("thưc phẩm", 5) == "thực phẩm"
    assert speller.suggest("an toàn thưc phẩm", 5) == "an toàn thực phẩm"


def test_a_spelling_is_not_credited_with_the_neighbour_of_another_spelling_of_its_letters(speller):
    # The article holds "tham nhũng" and, elsewhere, "những": folded, both are "nhung".
    assert speller.vocabulary().frequency["những"] > speller.vocabulary().frequency["nhũng"]
    assert speller.suggest("phòng chống tham nhủng", 5) == "phòng chống tham nhũng"


def test_numbers_and_words_with_digits_are_never_corrected(speller):
    assert speller.suggest("Luật Đất đai 2024", 0) is None
    assert speller.suggest("Luật Đất đai số 31/2024/QH15", 0) is None
    assert speller.suggest("15/2020/NĐ-CP", 0) is None
    assert speller.suggest("chuyển đổii số 2025", 0) == "chuyển đổi số 2025"
    assert speller.suggest("Luật Đất đaii 45/2013/QH13", 0) == "Luật Đất đai 45/2013/QH13"
    assert speller.suggest("thưcc2024", 0) is None


def test_phrases_and_fielded_queries_are_left_alone(speller):
    assert speller.suggest('"chuyển đổii số"', 0) is None
    assert speller.suggest("chuyển đổii số year:2024", 0) is None
    assert speller.suggest('issuer:"Quốc hội" Luật Đất đaii', 0) is None


def test_a_guess_no_bigram_supports_is_offered_only_when_the_query_found_nothing(speller):
    # "chính" is one edit from "chínhh", but never follows "ăn" in the corpus.
    assert speller.suggest("ăn chínhh", 0) == "ăn chính"
    assert speller.suggest("ăn chínhh", 4) is None


def test_a_syllable_with_nothing_near_it_is_left_as_typed(speller):
    assert speller.suggest("xyzq", 0) is None
    assert speller.suggest("Luật Đất đai xyzq", 0) is None


def test_the_vocabulary_is_read_on_first_use_and_kept(articles_data):
    searcher = Searcher(articles_data)
    speller = Speller(searcher.ranker())
    assert not speller.ready  # a server warms it up before its first request
    vocabulary = speller.vocabulary()
    assert speller.ready and speller.vocabulary() is vocabulary
    assert "đất" in vocabulary.frequency and vocabulary.spellings["dat"][0] == "đất"
    searcher.close()


# --- the Dân trí corpus ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dantri_speller(dantri_laws_data) -> Speller:
    """The Dân trí archive (with the seeds and the laws) ingested and indexed, read by one Speller."""
    searcher = Searcher(dantri_laws_data)
    yield Speller(searcher.ranker())
    searcher.close()


@pytest.mark.parametrize("query", RIGHT_QUERIES)
def test_right_queries_are_not_corrected_on_the_dantri_corpus(dantri_speller, query):
    assert dantri_speller.suggest(query, 0) is None
    assert dantri_speller.suggest(query, 100) is None


def test_a_typo_is_corrected_on_the_dantri_corpus(dantri_speller):
    assert dantri_speller.suggest("an toàn thực phẩmm", 0) == "an toàn thực phẩm"
    assert dantri_speller.suggest("chuyển đổii số", 0) == "chuyển đổi số"
