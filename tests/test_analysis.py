"""Vietnamese analysis for the Whoosh index: search/analysis.py."""

from __future__ import annotations

import pickle
import unicodedata

import pytest
from whoosh import fields, index
from whoosh.qparser import QueryParser
from whoosh.query import Term

from vankien.search.analysis import (
    DocNumberFilter,
    FoldFilter,
    SyllableTokenizer,
    exact_analyzer,
    folded_analyzer,
    folded_name_analyzer,
    query_pairs,
    query_terms,
)


def texts(analyzer, text: str, **kwargs) -> list[str]:
    """The syllables and numbers (not the pairs of syllables the folded analyser adds)."""
    return [t.text for t in analyzer(text, **kwargs) if " " not in t.text]


def tokens(analyzer, text: str, pairs: bool = False, **kwargs) -> list[tuple[str, int, int, int]]:
    """(text, pos, startchar, endchar) of every token, index mode; pairs of syllables only if asked."""
    return [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in analyzer(text, positions=True, chars=True, mode="index", **kwargs)
        if pairs or " " not in t.text
    ]


# --- tokenizer and filters alone ------------------------------------------


def test_tokenizer_alone_yields_syllables_in_original_case():
    assert texts(SyllableTokenizer(), "Ban Chấp hành Trung ương, khóa XIII (2021-2026).") == [
        "Ban", "Chấp", "hành", "Trung", "ương", "khóa", "XIII", "2021", "2026",
    ]


def test_tokenizer_tags_number_parts():
    tagged = [(t.text, t.number) for t in SyllableTokenizer()("theo 40-NQ/TU, nay")]
    number = ("40-NQ/TU", 5, 13)
    assert tagged == [("theo", None), ("40", number), ("NQ", number), ("TU", number), ("nay", None)]


def test_fold_filter_alone():
    stream = SyllableTokenizer()("Nghị quyết Đảng bộ ĐẠI")
    assert [t.text for t in FoldFilter()(stream)] == ["nghi", "quyet", "dang", "bo", "dai"]


def test_doc_number_filter_alone_keeps_case():
    stream = SyllableTokenizer()("số 01-KL/TW")
    assert [t.text for t in DocNumberFilter()(stream)] == ["số", "01-KL/TW", "01", "KL", "TW"]


# --- normalisation ---------------------------------------------------------


def test_exact_is_lower_case_syllables():
    assert texts(exact_analyzer(), "Nghị quyết của Bộ Chính trị về COVID-19") == [
        "nghị", "quyết", "của", "bộ", "chính", "trị", "về", "covid", "19",
    ]


def test_nfd_and_nfc_give_the_same_tokens():
    text = "Thành ủy Hà Nội quyết định"
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    for analyzer in (exact_analyzer(), folded_analyzer()):
        assert texts(analyzer, nfd) == texts(analyzer, text)
    assert texts(exact_analyzer(), nfd) == ["thành", "ủy", "hà", "nội", "quyết", "định"]


def test_old_and_new_tone_placement_give_the_same_tokens():
    old, new = "Thành uỷ hoà bình khoẻ", "Thành ủy hòa bình khỏe"
    assert texts(exact_analyzer(), old) == texts(exact_analyzer(), new) == [
        "thành", "ủy", "hòa", "bình", "khỏe",
    ]
    assert texts(folded_analyzer(), old) == ["thanh", "uy", "hoa", "binh", "khoe"]


# --- document numbers ------------------------------------------------------


def test_party_number_whole_and_parts_with_positions_and_offsets():
    text = "Nghị quyết 40-NQ/TU ban hành"
    assert tokens(exact_analyzer(), text) == [
        ("nghị", 0, 0, 4),
        ("quyết", 1, 5, 10),
        ("40-nq/tu", 2, 11, 19),  # whole: position of the first part, the whole span
        ("40", 2, 11, 13),
        ("nq", 3, 14, 16),
        ("tu", 4, 17, 19),
        ("ban", 5, 20, 23),  # the next word follows the last part
        ("hành", 6, 24, 28),
    ]


def test_state_number_whole_and_parts():
    assert tokens(exact_analyzer(), "Nghị định 30/2020/NĐ-CP") == [
        ("nghị", 0, 0, 4),
        ("định", 1, 5, 9),
        ("30/2020/nđ-cp", 2, 10, 23),
        ("30", 2, 10, 12),
        ("2020", 3, 13, 17),
        ("nđ", 4, 18, 20),
        ("cp", 5, 21, 23),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nghị quyết 68- NQ/TW", ["nghị", "quyết", "68-nq/tw", "68", "nq", "tw"]),
        ("Quyết định 47 - QĐ/TW", ["quyết", "định", "47-qđ/tw", "47", "qđ", "tw"]),
        ("Nghị quyết 21/NQ-TW", ["nghị", "quyết", "21-nq/tw", "21", "nq", "tw"]),
        ("Quy định 08-QĐi/TW", ["quy", "định", "08-qđi/tw", "08", "qđi", "tw"]),
    ],
)
def test_number_spelling_variants_index_canonically(text, expected):
    assert texts(exact_analyzer(), text) == expected


def test_spaced_number_offsets_cover_the_written_span():
    text = "theo 68- NQ/TW nay"
    assert tokens(exact_analyzer(), text) == [
        ("theo", 0, 0, 4),
        ("68-nq/tw", 1, 5, 14),
        ("68", 1, 5, 7),
        ("nq", 2, 9, 11),
        ("tw", 3, 12, 14),
        ("nay", 4, 15, 18),
    ]
    assert text[5:14] == "68- NQ/TW"


def test_dates_are_not_numbers():
    assert tokens(exact_analyzer(), "ngày 7/9/2021") == [
        ("ngày", 0, 0, 4),
        ("7", 1, 5, 6),
        ("9", 2, 7, 8),
        ("2021", 3, 9, 13),
    ]


def test_two_numbers_in_a_row():
    assert texts(exact_analyzer(), "35-NQ/TW, 30/2020/NĐ-CP") == [
        "35-nq/tw", "35", "nq", "tw", "30/2020/nđ-cp", "30", "2020", "nđ", "cp",
    ]


# --- folded analyzer -------------------------------------------------------


def test_folded_analyzer_output():
    assert texts(folded_analyzer(), "Đảng bộ tỉnh Nghị quyết 30/2020/NĐ-CP đề ra") == [
        "dang", "bo", "tinh", "nghi", "quyet", "30/2020/nd-cp", "30", "2020", "nd", "cp", "de", "ra",
    ]


def test_folded_names_index_each_pair_of_adjacent_syllables_at_the_first_ones_place():
    text = "Nghị quyết 40-NQ/TU ban hành"
    pairs = [(tok, pos, text[s:e]) for tok, pos, s, e in tokens(folded_name_analyzer(), text, pairs=True)
             if " " in tok]
    assert pairs == [
        ("nghi quyet", 0, "Nghị quyết"), ("quyet 40", 1, "quyết 40"), ("40 nq", 2, "40-NQ"),
        ("nq tu", 3, "NQ/TU"), ("tu ban", 4, "TU ban"), ("ban hanh", 5, "ban hành"),
    ]
    # A query is analysed into its words alone: its pairs are formed from them.
    assert [t.text for t in folded_name_analyzer()("an toàn thực phẩm", mode="query")] == [
        "an", "toan", "thuc", "pham"]
    assert query_pairs(["an", "toan", "thuc", "pham", "an", "toan"]) == ["an toan", "toan thuc", "thuc pham",
                                                                         "pham an"]
    # Texts are not paired (pairs there are read from positions).
    assert not any(" " in t.text for make in (exact_analyzer, folded_analyzer) for t in make()(text, mode="index"))


def test_folded_d_with_stroke():
    assert texts(folded_analyzer(), "Đ đ ĐỒNG đồng") == ["d", "d", "dong", "dong"]


def test_folded_offsets_match_exact_offsets():
    text = "Thành uỷ ban hành 40-NQ/TU"
    exact = tokens(exact_analyzer(), text)
    folded = tokens(folded_analyzer(), text)
    assert [t[1:] for t in exact] == [t[1:] for t in folded]
    assert [t[0] for t in folded] == ["thanh", "uy", "ban", "hanh", "40-nq/tu", "40", "nq", "tu"]


# --- offsets for highlighting ----------------------------------------------


def test_offsets_point_at_the_original_text():
    text = "Thành uỷ ban hành Kết luận số 01-KL/TW ngày 7/9/2021."
    spans = [(tok, text[s:e]) for tok, _, s, e in tokens(exact_analyzer(), text)]
    assert spans == [
        ("thành", "Thành"), ("ủy", "uỷ"), ("ban", "ban"), ("hành", "hành"),
        ("kết", "Kết"), ("luận", "luận"), ("số", "số"),
        ("01-kl/tw", "01-KL/TW"), ("01", "01"), ("kl", "KL"), ("tw", "TW"),
        ("ngày", "ngày"), ("7", "7"), ("9", "9"), ("2021", "2021"),
    ]
    folded = [text[s:e] for _, _, s, e in tokens(folded_analyzer(), text)]
    assert folded == [written for _, written in spans]


def test_nfd_offsets_refer_to_the_nfc_text():
    nfd = unicodedata.normalize("NFD", "Đảng ủy")
    nfc = unicodedata.normalize("NFC", nfd)
    assert [nfc[s:e] for _, _, s, e in tokens(exact_analyzer(), nfd)] == ["Đảng", "ủy"]


def test_start_char_and_start_pos_are_honoured():
    assert tokens(exact_analyzer(), "số 01-KL/TW", start_pos=10, start_char=100) == [
        ("số", 10, 100, 102),
        ("01-kl/tw", 11, 103, 111),
        ("01", 11, 103, 105),
        ("kl", 12, 106, 108),
        ("tw", 13, 109, 111),
    ]


# --- query mode ------------------------------------------------------------


def test_query_terms_number_alone_is_the_whole_token():
    assert query_terms("40-NQ/TU", folded=False) == ["40-nq/tu"]
    assert query_terms("21/NQ-TW", folded=False) == ["21-nq/tw"]
    assert query_terms("30/2020/NĐ-CP", folded=True) == ["30/2020/nd-cp"]


def test_query_terms_number_among_words_is_its_parts():
    assert query_terms("Nghị quyết 40-NQ/TU ban hành", folded=False) == [
        "nghị", "quyết", "40", "nq", "tu", "ban", "hành",
    ]
    assert query_terms("Nghị quyết 40-NQ/TU", folded=True) == ["nghi", "quyet", "40", "nq", "tu"]


def test_query_terms_plain_text_and_empty():
    assert query_terms("Kết luận", folded=False) == ["kết", "luận"]
    assert query_terms("Kết luận", folded=True) == ["ket", "luan"]
    assert query_terms("", folded=False) == []
    assert query_terms(" ,. ", folded=True) == []


def test_no_stop_words():
    assert query_terms("của và là", folded=False) == ["của", "và", "là"]


def test_tokenize_false_keeps_the_value():
    assert [t.text for t in exact_analyzer()("Thành uỷ", tokenize=False)] == ["thành ủy"]
    assert [t.text for t in folded_analyzer()("Thành uỷ", tokenize=False)] == ["thanh uy"]


# --- pickling and determinism ----------------------------------------------


@pytest.mark.parametrize("make", [exact_analyzer, folded_analyzer])
def test_analyzers_pickle_and_are_deterministic(make):
    analyzer = make()
    clone = pickle.loads(pickle.dumps(analyzer))
    assert clone == analyzer
    text = "Thành uỷ ban hành Nghị quyết 40-NQ/TU và 30/2020/NĐ-CP"
    assert tokens(clone, text) == tokens(analyzer, text) == tokens(make(), text)


# --- a real Whoosh index ---------------------------------------------------

DOCS = {
    "kl": "Bộ Chính trị ban hành Kết luận số 01-KL/TW ngày 18/5/2021 về tiếp tục thực hiện.",
    "far": "Hội nghị bàn nhiều việc; cuối cùng, Thường vụ đã quyết chọn phương án.",
    "nq": "Thành uỷ ban hành Nghị quyết 40-NQ/TU về phát triển đô thị.",
    "nd": "Chính phủ ban hành Nghị định 30/2020/NĐ-CP về công tác văn thư.",
}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        exact=fields.TEXT(analyzer=exact_analyzer(), phrase=True, stored=True),
        folded=fields.TEXT(analyzer=folded_analyzer(), phrase=True),
    )
    ix = index.create_in(str(tmp_path_factory.mktemp("ix")), schema)
    with ix.writer() as writer:
        for key, text in DOCS.items():
            writer.add_document(id=key, exact=text, folded=text)
    ix = index.open_dir(ix.storage.folder)  # the schema (with analyzers) comes back from pickle
    with ix.searcher() as s:
        yield s


def found(searcher, field: str, query: str) -> set[str]:
    q = QueryParser(field, searcher.schema).parse(query)
    return {hit["id"] for hit in searcher.search(q, limit=None)}


def test_index_exact_phrase(searcher):
    assert found(searcher, "exact", '"kết luận"') == {"kl"}
    assert found(searcher, "exact", '"Kết luận số 01-KL/TW"') == {"kl"}


def test_index_folded_phrase(searcher):
    assert found(searcher, "folded", '"ket luan"') == {"kl"}
    assert found(searcher, "folded", '"kết luận"') == {"kl"}  # the query is folded too


def test_index_number_term(searcher):
    assert {h["id"] for h in searcher.search(Term("exact", "01-kl/tw"))} == {"kl"}
    assert found(searcher, "exact", "01-kl/tw") == {"kl"}
    assert found(searcher, "exact", "01-KL/TW") == {"kl"}
    assert found(searcher, "folded", "30/2020/NĐ-CP") == {"nd"}


def test_index_number_parts_phrase(searcher):
    assert found(searcher, "exact", '"01 kl tw"') == {"kl"}
    assert found(searcher, "exact", '"nghị quyết 40 nq tu về"') == {"nq"}
    assert found(searcher, "exact", '"nghị quyết 40-NQ/TU về phát triển"') == {"nq"}
    assert found(searcher, "folded", '"nghi dinh 30 2020 nd cp ve"') == {"nd"}
    assert found(searcher, "exact", '"nq về"') == set()  # no false part phrases


def test_index_phrase_needs_adjacent_syllables(searcher):
    assert found(searcher, "exact", '"nghị quyết"') == {"nq"}  # not "far": nghị … quyết
    assert found(searcher, "exact", "nghị quyết") == {"far", "nq"}


def test_index_old_tone_placement_matches(searcher):
    assert found(searcher, "exact", '"thành ủy"') == {"nq"}
    assert found(searcher, "exact", '"Thành uỷ"') == {"nq"}


def test_highlight_points_at_the_number(searcher):
    q = QueryParser("exact", searcher.schema).parse("01-kl/tw")
    hit = searcher.search(q)[0]
    assert '<b class="match term0">01-KL/TW</b>' in hit.highlights("exact")
