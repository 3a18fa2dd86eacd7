"""Normalisation of Vietnamese text: NFC, tone placement, identity keys, folding."""

import unicodedata

from vankien.graph.text import fold, normalize_key, title_case_name, unify_tones


def test_old_tone_placement_becomes_modern():
    assert unify_tones("Thành uỷ Lạng Sơn") == "Thành ủy Lạng Sơn"
    assert unify_tones("hoà bình, khoẻ mạnh, khoá XIII, tuỳ") == "hòa bình, khỏe mạnh, khóa XIII, tùy"
    assert unify_tones("UỶ BAN NHÂN DÂN") == "ỦY BAN NHÂN DÂN"


def test_syllables_with_a_final_consonant_or_qu_onset_keep_their_tone():
    for word in ("toàn", "hoàng", "khuyến", "thuyết", "Quý", "quỳnh", "hoài", "khuya"):
        assert unify_tones(word) == word


def test_unify_tones_keeps_length_so_offsets_stay_valid():
    text = "Ban Thường vụ Thành uỷ, Thành ủy và hoà giải"
    assert len(unify_tones(text)) == len(text)


def test_nfd_input_is_composed():
    nfd = unicodedata.normalize("NFD", "Nghị quyết của Thành uỷ")
    assert unify_tones(nfd) == "Nghị quyết của Thành ủy"


def test_normalize_key_joins_case_tone_and_space_variants():
    variants = ["Thành ủy Lạng Sơn", "THÀNH UỶ LẠNG SƠN", " thành  uỷ lạng sơn ",
                unicodedata.normalize("NFD", "Thành uỷ Lạng Sơn")]
    assert len({normalize_key(v) for v in variants}) == 1
    assert normalize_key("Thành ủy Lạng Sơn") != normalize_key("Tỉnh ủy Lạng Sơn")


def test_fold_strips_marks_and_maps_d_bar():
    assert fold("Nghị quyết Đại hội Đảng") == "nghi quyet dai hoi dang"
    assert fold(unicodedata.normalize("NFD", "Thành uỷ")) == "thanh uy"


def test_title_case_name():
    assert title_case_name("HOÀNG THỊ  BÍCH NHUNG") == "Hoàng Thị Bích Nhung"
