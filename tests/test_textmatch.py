"""Folded words found in texts as written: any accent, case or tone placement, whole syllables only."""

from __future__ import annotations

import re
import unicodedata

from vankien.search.textmatch import count_pairs, quick_fold, word_pattern


def test_a_folded_word_matches_every_accented_spelling_and_case_as_a_whole_syllable():
    pattern = re.compile(r"(?<![^\W_])" + word_pattern("hoa") + r"(?![^\W_])")
    assert pattern.findall("Hòa bình, hoà hợp, HOÁ học, hoa đào") == ["Hòa", "hoà", "HOÁ", "hoa"]
    assert pattern.findall("hoan, thoa, khoai") == []
    assert re.fullmatch(word_pattern("dang"), "Đảng")


def test_pairs_are_counted_side_by_side_in_order_across_punctuation_never_across_a_word():
    text = "Giá vàng tăng. GIÁ  VÀNG, giá-vàng; giá của vàng; vàng giá. An toàn thực phẩm, ăn toàn"
    assert count_pairs(text, [("gia", "vang"), ("an", "toan"), ("toan", "thuc")]) == [3, 2, 1]
    assert count_pairs("", [("gia", "vang")]) == [0]
    # a pair's first syllable is whole too: "bạn toàn" and "toàn thựcc" hold neither pair
    assert count_pairs("bạn toàn thựcc; Ban toàn; an toàn", [("an", "toan"), ("toan", "thuc")]) == [1, 0]


def test_quick_fold_agrees_with_the_reference_on_vietnamese_text():
    from vankien.graph.text import fold

    text = "Nghị quyết Đảng bộ Thành uỷ hoà bình khỏe mạnh ĐƯỜNG"
    assert quick_fold(text) == fold(text) == quick_fold(unicodedata.normalize("NFD", text))
