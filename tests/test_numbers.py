"""Document number parser: Party and state numbers, their variants, titles, running text."""

from __future__ import annotations

import gzip
import json
import unicodedata

import pytest

from vankien.graph.extract.numbers import DocNumber, find_numbers, parse_number, parse_title
from vankien.graph.text import fold


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def party(canonical: str, seq: str, type_code: str, issuer: str) -> DocNumber:
    return DocNumber(canonical, seq, type_code, issuer, None, "party")


def state(canonical: str, seq: str, type_code: str | None, issuer: str, year: int | None) -> DocNumber:
    return DocNumber(canonical, seq, type_code, issuer, year, "state")


# --- Party numbers -----------------------------------------------------------


def test_provincial_party_resolution_fields():
    """A Tỉnh ủy resolution: type NQ, issuer TU, no year."""
    assert parse_number("40-NQ/TU") == party("40-NQ/TU", "40", "NQ", "TU")


def test_central_resolution_fields():
    assert parse_number("35-NQ/TW") == party("35-NQ/TW", "35", "NQ", "TW")


def test_spaced_party_number_is_canonical():
    assert parse_number("68- NQ/TW") == party("68-NQ/TW", "68", "NQ", "TW")


def test_spaces_around_hyphen_are_removed():
    assert parse_number("47 - QĐ/TW") == party("47-QĐ/TW", "47", "QĐ", "TW")


def test_dotted_central_issuer_becomes_tw():
    assert parse_number("03-CT/T.Ư") == party("03-CT/TW", "03", "CT", "TW")


def test_horned_central_issuer_becomes_tw():
    assert parse_number("03-CT/TƯ") == party("03-CT/TW", "03", "CT", "TW")


def test_state_shaped_party_number_is_reordered():
    """"21/NQ-TW" is the Party number 21-NQ/TW written in the state shape."""
    assert parse_number("21/NQ-TW") == party("21-NQ/TW", "21", "NQ", "TW")


def test_lower_case_party_number_is_upper_cased():
    assert parse_number("40-nq/tu") == party("40-NQ/TU", "40", "NQ", "TU")


def test_icelandic_eth_is_read_as_d_stroke():
    assert parse_number("03-\u00d0A/TU") == party("03-ĐA/TU", "03", "ĐA", "TU")


def test_nfd_input_parses_like_nfc():
    assert parse_number(nfd("08-QĐi/TƯ")) == party("08-QĐi/TW", "08", "QĐi", "TW")


def test_quy_dinh_keeps_lower_case_i():
    """QĐi (Quy định) and QĐ (Quyết định) stay distinct, whatever the case."""
    assert parse_number("08-QĐi/TW") == party("08-QĐi/TW", "08", "QĐi", "TW")
    assert parse_number("08-QĐI/TW") == party("08-QĐi/TW", "08", "QĐi", "TW")
    assert parse_number("47-QĐ/TW") == party("47-QĐ/TW", "47", "QĐ", "TW")


def test_chuong_trinh_keeps_ctr_spelling():
    assert parse_number("15-CTr/TU") == party("15-CTr/TU", "15", "CTr", "TU")
    assert parse_number("15-CTR/TU") == party("15-CTr/TU", "15", "CTr", "TU")


def test_party_department_and_district_issuers():
    assert parse_number("36-HD/VPTW") == party("36-HD/VPTW", "36", "HD", "VPTW")
    assert parse_number("1752-CV/BTGTU") == party("1752-CV/BTGTU", "1752", "CV", "BTGTU")
    assert parse_number("112-KH/HU") == party("112-KH/HU", "112", "KH", "HU")
    assert parse_number("245-TB/TU") == party("245-TB/TU", "245", "TB", "TU")


def test_party_tt_is_thong_tri():
    """TT is Thông tri in Party numbers, Thông tư in state numbers."""
    assert parse_number("12-TT/TW").type_name == "Thông tri"
    assert parse_number("01/2011/TT-BNV").type_name == "Thông tư"


def test_conclusion_and_directive_numbers():
    assert parse_number("01-KL/TW") == party("01-KL/TW", "01", "KL", "TW")
    assert parse_number("05-CT/TW") == party("05-CT/TW", "05", "CT", "TW")


# --- State numbers -----------------------------------------------------------


def test_decree_number_fields():
    assert parse_number("30/2020/NĐ-CP") == state("30/2020/NĐ-CP", "30", "NĐ", "CP", 2020)


def test_law_number_has_no_type_code():
    """A bare QHnn issuer may be a Luật or a Nghị quyết: type stays None."""
    assert parse_number("31/2024/QH15") == state("31/2024/QH15", "31", None, "QH15", 2024)
    assert parse_number("51/2001/QH10") == state("51/2001/QH10", "51", None, "QH10", 2001)


def test_provincial_decision_without_year():
    assert parse_number("1187/QĐ-UBND") == state("1187/QĐ-UBND", "1187", "QĐ", "UBND", None)


def test_prime_minister_issuer_keeps_ttg_spelling():
    assert parse_number("1258/QĐ-TTg") == state("1258/QĐ-TTg", "1258", "QĐ", "TTg", None)
    assert parse_number("08/CT-TTG") == state("08/CT-TTg", "08", "CT", "TTg", None)


def test_joint_circular_issuer_lists_every_body():
    assert parse_number("03/2007/TTLT-BTP-BNV") == state(
        "03/2007/TTLT-BTP-BNV", "03", "TTLT", "BTP-BNV", 2007
    )


def test_council_resolution_and_ministry_circular():
    assert parse_number("11/2017/NQ-HĐND") == state("11/2017/NQ-HĐND", "11", "NQ", "HĐND", 2017)
    assert parse_number("01/2011/TT-BNV") == state("01/2011/TT-BNV", "01", "TT", "BNV", 2011)
    assert parse_number("2345/QĐ-BGDĐT") == state("2345/QĐ-BGDĐT", "2345", "QĐ", "BGDĐT", None)


def test_old_law_number_has_no_year():
    assert parse_number("21-LCT/HĐNN8") == state("21-LCT/HĐNN8", "21", "LCT", "HĐNN8", None)


def test_slash_between_type_and_issuer_becomes_hyphen():
    assert parse_number("77/2008/QĐ/BTC") == state("77/2008/QĐ-BTC", "77", "QĐ", "BTC", 2008)


def test_missing_separators_are_restored():
    assert parse_number("44LCT/HĐNN8") == state("44-LCT/HĐNN8", "44", "LCT", "HĐNN8", None)
    assert parse_number("78/2007QĐ-BTC") == state("78/2007/QĐ-BTC", "78", "QĐ", "BTC", 2007)


def test_two_digit_year_is_expanded_but_kept_in_canonical():
    assert parse_number("166/99/QĐ-BTC") == state("166/99/QĐ-BTC", "166", "QĐ", "BTC", 1999)


def test_letter_suffix_and_attached_unit():
    assert parse_number("30a/2008/NQ-CP") == state("30A/2008/NQ-CP", "30A", "NQ", "CP", 2008)
    assert parse_number("961/QĐ-BCA(A11)") == state("961/QĐ-BCA(A11)", "961", "QĐ", "BCA(A11)", None)


def test_legacy_font_and_stray_separators():
    assert parse_number("1636/2001/Q§-BYT") == state("1636/2001/QĐ-BYT", "1636", "QĐ", "BYT", 2001)
    assert parse_number("05/2000/QĐ--BVHTT") == state("05/2000/QĐ-BVHTT", "05", "QĐ", "BVHTT", 2000)
    assert parse_number("số 01/QĐ – TTg.") == state("01/QĐ-TTg", "01", "QĐ", "TTg", None)


@pytest.mark.parametrize(
    "text", ["7/9/2021", "31.01.2023", "13/10/2022", "2/3", "1/2", "50%", "10h30", "103/2007", "5-Hà", ""]
)
def test_dates_fractions_and_plain_numbers_are_not_numbers(text):
    assert parse_number(text) is None


def test_trailing_words_make_it_not_one_number():
    assert parse_number("30/2020/NĐ-CP của Chính phủ") is None


# --- Running text ------------------------------------------------------------


def test_find_numbers_offsets_and_variants():
    text = (
        "Theo nghị quyết 40-nq/tu và Nghị quyết số 35-NQ/TW, Quyết định 47 - QĐ/TW, "
        "Chỉ thị 03-CT/T.Ư; Nghị định số 30/2020/NĐ-CP; Luật 45/2019/QH14; Quy định 08-QĐi/TW."
    )
    found = find_numbers(text)
    assert [text[s:e] for s, e, _ in found] == [
        "40-nq/tu", "35-NQ/TW", "47 - QĐ/TW", "03-CT/T.Ư", "30/2020/NĐ-CP", "45/2019/QH14", "08-QĐi/TW",
    ]
    assert [n.canonical for *_, n in found] == [
        "40-NQ/TU", "35-NQ/TW", "47-QĐ/TW", "03-CT/TW", "30/2020/NĐ-CP", "45/2019/QH14", "08-QĐi/TW",
    ]


def test_find_numbers_offsets_index_the_nfc_text():
    text = "Căn cứ Quyết định số 1187/QĐ-UBND của Ủy ban nhân dân tỉnh."
    (start, end, number), = find_numbers(nfd(text))
    assert text[start:end] == "1187/QĐ-UBND"
    assert number == state("1187/QĐ-UBND", "1187", "QĐ", "UBND", None)


def test_find_numbers_ignores_dates_scores_phones_and_names():
    text = (
        "Ngày 7/9/2021 và 31.01.2023, 13/10/2022, tỷ lệ 2/3, 1/2 số phiếu; tỷ số 2-1; gọi 0913.768.894 "
        "hoặc 1900-1234; lúc 10h30-11h, 10:30; tăng 20-30%; BMW 5-Series, VN30-Index, SPF 50/PA++, "
        "Km213+608-Km215, A2/AD, 4G/LTE, U23-VN, 24/7, tháng 2/2017 - PV, số 1 – CTCP, "
        "1-Đặt ra mục tiêu, Điều 20 - Luật Cư trú, đường 3/2 - Trần Phú."
    )
    assert find_numbers(text) == []


def test_find_numbers_trims_words_after_the_number():
    text = "Nghị quyết 35-NQ/TW - Hà Nội, Công văn số 301/BGDĐT - GDMN."
    assert [(text[s:e], n.canonical) for s, e, n in find_numbers(text)] == [
        ("35-NQ/TW", "35-NQ/TW"),
        ("301/BGDĐT - GDMN", "301/BGDĐT-GDMN"),
    ]


# --- Titles ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "name", "canonical"),
    [
        ("Nghị định 30/2020/NĐ-CP", "Nghị định", "30/2020/NĐ-CP"),
        ("Bộ luật 45/2019/QH14", "Bộ luật", "45/2019/QH14"),
        ("Quyết định 1187/QĐ-UBND", "Quyết định", "1187/QĐ-UBND"),
        ("Thông tư liên tịch 03/2007/TTLT-BTP-BNV", "Thông tư liên tịch", "03/2007/TTLT-BTP-BNV"),
        ("Nghị quyết liên tịch 01/2014/NQLT/CP-UBTƯMTTQVN", "Nghị quyết liên tịch", "01/2014/NQLT-CP-UBTWMTTQVN"),
        ("Pháp lệnh Số hiệu: 51/LCT", "Pháp lệnh", "51/LCT"),
        ("Quyết định Quyết định số 2176/2000/QĐ-BYT", "Quyết định", "2176/2000/QĐ-BYT"),
        ("Nghị định 116/2003/NĐ-CP (TN1)", "Nghị định", "116/2003/NĐ-CP"),
        ("QUY ĐỊNH SỐ 08-QĐi/TW", "Quy định", "08-QĐi/TW"),
        ("chỉ thị số 05-CT/TW", "Chỉ thị", "05-CT/TW"),
    ],
)
def test_parse_title_gives_type_name_and_number(title, name, canonical):
    got_name, number = parse_title(title)
    assert (got_name, number.canonical) == (name, canonical)
    assert parse_title(nfd(title)) == (got_name, number)


def test_parse_title_without_number():
    assert parse_title("Hiến pháp Không số") == ("Hiến pháp", None)
    assert parse_title("Luật Không số") == ("Luật", None)


def test_vbpl_titles_parse(corpus):
    """≥ 99% of numbered vbpl titles give type name, number, issuer (and year when written)."""
    with gzip.open(corpus("vbpl-document-titles.json.gz"), "rt", encoding="utf-8") as f:
        titles = [row["title"] for row in json.load(f)]
    numbered = [t for t in titles if "khong so" not in fold(t)]
    parsed = 0
    for title in numbered:
        name, number = parse_title(title)
        if name and number and number.issuer_code:
            parsed += 1
    assert len(numbered) > 19_000
    assert parsed / len(numbered) >= 0.99


def test_a_space_typed_for_the_hyphen_before_an_issuer_code_is_read():
    text = "Bộ đã ký Quyết định số 2051/QĐ BYT và Quyết định số 88/QĐ UBND trong cùng tuần."
    assert [n.canonical for _, _, n in find_numbers(text)] == ["2051/QĐ-BYT", "88/QĐ-UBND"]


def test_a_space_before_a_word_that_is_no_issuer_code_ends_the_number():
    assert [n.canonical for _, _, n in find_numbers("Theo Quyết định 45/QĐ Hà Nội đã xếp hạng di tích.")] == ["45/QĐ"]


def test_a_unit_code_with_a_lower_case_letter_stays_in_the_number():
    text = "Công văn số 1502/BGDĐT-GDTrH hướng dẫn dạy học môn Ngữ văn."
    assert [n.canonical for _, _, n in find_numbers(text)] == ["1502/BGDĐT-GDTRH"]


def test_a_state_number_whose_code_slips_to_another_type_takes_the_code_of_the_type_named():
    from vankien.graph.extract.extractor import extract
    from vankien.graph.sources.model import Source

    text = ("Các tỉnh thực hiện Công điện số 541/CT-TTg của Thủ tướng Chính phủ, Thông tư số 01/2012/TTLT-BTP-BNV "
            "và Quy định số 05/QĐ-UBND.")
    found = extract(Source(path="t.txt", text=text, sha256="0" * 64, title="Tin")).documents
    assert [(d.type, d.number, d.mentions[0].text) for d in found] == [
        ("Công điện", "541/CĐ-TTg", "Công điện số 541/CT-TTg"),
        ("Thông tư", "01/2012/TTLT-BTP-BNV", "Thông tư số 01/2012/TTLT-BTP-BNV"),
        ("Quy định", "05/QĐ-UBND", "Quy định số 05/QĐ-UBND")]
