"""Statistics extractor: Vietnamese numbers, subjects, qualifiers, units, years, and what is no statistic."""

from __future__ import annotations

import gzip
import json
import unicodedata

import pytest

from vankien.graph.extract.statistics import Statistic, find_statistics, parse_vietnamese_number
from vankien.graph.sources import read_source

from conftest import SEED


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def facts(text: str) -> list[tuple]:
    """(value, subject, qualifier, unit, year) of every statistic in ``text``."""
    return [(s.value, s.subject, s.qualifier, s.unit, s.year) for s in find_statistics(text)]


# ---------------------------------------------------------------------------
# The seed article, hand-annotated


SEED_GOLD = [
    # value, subject (prefix), qualifier, unit, year
    (71, "tổ chức cơ sở đảng", None, None, None),
    (7600, "đảng viên", "trên", None, None),
    (25, "hội nghị", None, None, 2022),
    (8000, "lượt đại biểu", "gần", None, 2022),
    (95, "tỷ lệ đảng viên tham gia học tập, quán triệt", "trên", "%", None),
    (85, "tỷ lệ tuyên truyền trong Nhân dân", "trên", "%", None),
    (62, "báo cáo viên", None, None, None),
    (169, "tuyên truyền viên cơ sở", None, None, None),
    (1275, "buổi tuyên truyền", None, None, 2022),
    (34792, "lượt người nghe", None, None, 2022),
    (286, "tin, bài", None, None, 2022),
]


def test_seed_article_yields_exactly_the_annotated_statistics():
    body = read_source(SEED).text
    found = find_statistics(body)
    assert len(found) == len(SEED_GOLD), [(s.value, s.subject) for s in found]
    for stat, (value, subject, qualifier, unit, year) in zip(found, SEED_GOLD, strict=True):
        assert stat.value == value
        assert stat.subject is not None and stat.subject.startswith(subject), (stat.subject, subject)
        assert (stat.qualifier, stat.unit, stat.year) == (qualifier, unit, year), stat
        assert body[stat.start : stat.end] == stat.text


def test_seed_texts_and_offsets():
    body = read_source(SEED).text
    texts = [s.text for s in find_statistics(body)]
    assert texts[:4] == ["71 tổ chức cơ sở đảng", "trên 7.600 đảng viên", "25 hội nghị", "gần 8.000 lượt đại biểu"]
    assert texts[6] == "báo cáo viên toàn thành phố có 62 đồng chí"
    assert texts[8] == "tuyên truyền lồng ghép được 1.275 buổi"
    assert texts[10] == "286 tin, bài"


def test_seed_dates_years_and_document_numbers_give_nothing():
    body = read_source(SEED).text
    for stat in find_statistics(body):
        assert stat.value not in (2021, 2022, 2025, 2030, 2050, 7, 9, 5, 8, 6, 3, 40, 81, 35, 1, 21)


# ---------------------------------------------------------------------------
# Numbers


@pytest.mark.parametrize(
    "token, value",
    [
        ("7.600", 7600),
        ("34.792", 34792),
        ("1.275", 1275),
        ("1.000.000", 1000000),
        ("1,5", 1.5),
        ("95,6", 95.6),
        ("1,047", 1.047),  # Vietnamese: a decimal comma
        ("1.234,5", 1234.5),
        ("1,200,000", 1200000),  # several commas: English thousands
        ("2.7", 2.7),  # a lone dot not followed by three digits: English decimal
        ("71", 71),
        ("31.01.2023", None),
        ("7/9", None),
        ("abc", None),
    ],
)
def test_parse_vietnamese_number(token, value):
    result = parse_vietnamese_number(token)
    assert result == value
    assert type(result) is type(value)


# ---------------------------------------------------------------------------
# Snippets


def test_count_with_hedge():
    assert facts("Năm 2022, toàn tỉnh có hơn 1.200 mô hình kinh tế hiệu quả.") == [
        (1200, "mô hình kinh tế hiệu quả", "hơn", None, 2022)
    ]


def test_about_households():
    assert facts("Trận lũ đã làm khoảng 300 hộ dân bị ảnh hưởng.") == [(300, "hộ dân", "khoảng", None, None)]


def test_two_counts_joined_by_va():
    assert facts("UBND tỉnh tặng Bằng khen cho 45 tập thể và 60 cá nhân có thành tích xuất sắc.") == [
        (45, "tập thể", None, None, None),
        (60, "cá nhân", None, None, None),
    ]


def test_percentage_rise_with_subject_before_the_verb():
    [stat] = find_statistics("Doanh thu của doanh nghiệp tăng 12,5% so với cùng kỳ năm 2021.")
    assert (stat.value, stat.subject, stat.unit, stat.year, stat.change) == (
        12.5, "doanh thu của doanh nghiệp", "%", None, "tăng"
    )


def test_rate_falls_to_a_level():
    [stat] = find_statistics("Tỷ lệ hộ nghèo giảm còn 2,3%.")
    assert (stat.value, stat.subject, stat.unit, stat.change) == (2.3, "tỷ lệ hộ nghèo", "%", None)


def test_currency_is_scaled_and_the_unit_is_the_currency():
    # Scale words multiply the value; the unit is the currency alone.
    assert facts("Tổng kinh phí thực hiện dự án là 2,5 tỷ đồng.") == [
        (2500000000, "tổng kinh phí thực hiện dự án", None, "đồng", None)
    ]


def test_rate_unit_and_usd():
    assert facts("Thu nhập bình quân đầu người đạt 65 triệu đồng/người/năm.") == [
        (65000000, "thu nhập bình quân đầu người", None, "đồng/người/năm", None)
    ]
    assert facts("Kim ngạch xuất khẩu ước đạt 1,2 tỷ USD, tăng 8% so với năm 2021.") == [
        (1200000000, "kim ngạch xuất khẩu", None, "USD", None),
        (8, "kim ngạch xuất khẩu", None, "%", None),  # the elided subject of the rise
    ]


def test_area_with_the_measured_thing_after_the_unit():
    assert facts("Tỉnh đã trồng mới 1.500 ha rừng trong năm 2021.") == [(1500, "rừng", None, "ha", 2021)]
    assert facts("Diện tích lúa đạt 12.000 ha, năng suất đạt 6,2 tấn/ha.") == [
        (12000, "diện tích lúa", None, "ha", None),
        (6.2, "năng suất", None, "tấn/ha", None),
    ]


def test_party_counts():
    assert facts("Đảng bộ xã hiện có 15 chi bộ trực thuộc với 320 đảng viên.") == [
        (15, "chi bộ", None, None, None),
        (320, "đảng viên", None, None, None),
    ]
    assert facts("Hội nghị có sự tham dự của gần 500 đại biểu.") == [(500, "đại biểu", "gần", None, None)]


def test_comma_joined_nouns_stay_whole():
    assert facts("Cả nước có 63 tỉnh, thành phố.") == [(63, "tỉnh, thành phố", None, None, None)]
    assert facts("100% xã, phường đã hoàn thành.") == [(100, "xã, phường", None, "%", None)]
    assert facts("Thành ủy đã tổ chức 12 lớp bồi dưỡng cho 1.250 lượt cán bộ, đảng viên.") == [
        (12, "lớp bồi dưỡng", None, None, None),
        (1250, "lượt cán bộ, đảng viên", None, None, None),
    ]


def test_person_classifier_takes_the_owner():
    assert facts("Hiện nay, lực lượng tuyên truyền viên toàn tỉnh có 1.320 người.") == [
        (1320, "tuyên truyền viên", None, None, None)
    ]


def test_bare_measure_word_takes_the_activity():
    assert facts("Năm 2023, Hội Nông dân đã tổ chức tập huấn kỹ thuật được 48 buổi.") == [
        (48, "buổi tập huấn kỹ thuật", None, None, 2023)
    ]


def test_old_tone_placement_and_nfd_input():
    text = "Ban Chấp hành Đảng bộ khoá 12 có 55 uỷ viên; năm 2020, các cấp uỷ đã kết nạp 1.045 đảng viên."
    expected = [(55, "uỷ viên", None, None, None), (1045, "đảng viên", None, None, 2020)]
    assert facts(text) == expected
    decomposed = nfd(text)
    found = find_statistics(decomposed)
    assert [(s.value, s.subject, s.qualifier, s.unit, s.year) for s in found] == expected
    for stat in found:
        assert decomposed[stat.start : stat.end] == stat.text
        assert unicodedata.normalize("NFC", stat.text) in text


def test_rise_and_elided_subject():
    found = find_statistics("Doanh thu đạt 3.680 tỷ đồng, tăng 24% so với cùng kỳ.")
    assert [(s.value, s.subject, s.unit, s.change, s.text) for s in found] == [
        (3680000000000, "doanh thu", "đồng", None, "Doanh thu đạt 3.680 tỷ đồng"),
        (24, "doanh thu", "%", "tăng", "tăng 24%"),
    ]


def test_percentage_of_a_group_and_a_count_given_by_a_link_verb():
    assert facts("Có trên 95% đảng viên tham gia.") == [(95, "đảng viên", "trên", "%", None)]
    assert facts("Số đại biểu tham dự là 300.") == [(300, "số đại biểu tham dự", None, None, None)]


def test_short_aside_stays_in_the_subject():
    [stat] = find_statistics("Tổng sản phẩm trên địa bàn (GRDP) năm 2022 tăng 8,02%.")
    assert (stat.value, stat.subject, stat.unit, stat.year, stat.change) == (
        8.02, "tổng sản phẩm trên địa bàn (GRDP)", "%", 2022, "tăng"
    )


def test_capitalised_heads_and_acronyms():
    assert facts("Thủ tướng đã tiếp 3 Phó Chủ tịch tỉnh.") == [(3, "Phó Chủ tịch tỉnh", None, None, None)]
    assert facts("Toàn tỉnh có 4 HTX và 1.290 DN.") == [
        (4, "HTX", None, None, None),
        (1290, "DN", None, None, None),
    ]
    assert facts("Nhẫn vàng 9999 Kim Dậu in hình con gà.") == []  # a product name, not a count


def test_hedge_normalised():
    assert facts("Trên dưới 200 người dự lễ.") == [(200, "người", "khoảng", None, None)]


def test_skip_spans_are_honoured():
    text = "Dự án tái định cư cho 300 hộ dân."
    assert facts(text) == [(300, "hộ dân", None, None, None)]
    start = text.index("300")
    assert find_statistics(text, skip=[(0, start + 3)]) == []


def test_result_type():
    [stat] = find_statistics("Tỉnh có 5 huyện.")
    assert stat == Statistic(5, "5 huyện", "huyện", None, None, None, 8, 15)


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 7/9/2021, Ban Thường vụ ban hành Kế hoạch; ngày 25 tháng 10 năm 2021 tổ chức sơ kết.",
        "Thứ 3, 31.01.2023 | 09:38:05",
        "Đến tháng 6, công trình hoàn thành.",
        "Thực hiện Nghị quyết số 35-NQ/TW và Quyết định số 30/2020/QĐ-UBND.",
        "Hội nghị Trung ương 6 khóa XIII đã thảo luận.",
        "Giai đoạn 2021 – 2025, định hướng đến năm 2050, tỉnh tập trung phát triển hạ tầng.",
        "Theo Điều 5 và khoản 2 Điều 7, Chương II của Luật.",
        "Hội nghị khai mạc lúc 9h30 sáng nay.",
        "Mọi thông tin xin liên hệ số điện thoại 0912 345 678.",
        "Đại hội đại biểu lần thứ XVII; Đại hội lần thứ 5.",
        "Ông Nguyễn Văn A, 66 tuổi, trú tại số 12 phố Hàng Bông.",
        "Kết quả trận đấu 2-1 nghiêng về đội khách, tỷ số 3 - 0.",
        "1. Tăng cường công tác xây dựng Đảng.\n2. Phát triển kinh tế.\na) Nội dung",
        "Sau 3 năm triển khai, chương trình đạt kết quả tốt.",
        "Hội nghị Trung ương 9 khóa XII và Chỉ thị 05 đã nêu rõ.",
        "Đội tuyển U23 Việt Nam và dịch Covid-19.",
        "Mỗi nhóm từ 5-7 người.",
        "Hãng ra mắt Windows 10 Cloud.",
        "Ông sinh năm 1960, có 40 năm tuổi Đảng.",
        "Kích thước 20x20 cm, sản lượng tăng gấp 3 lần.",
    ],
)
def test_no_statistic(text):
    assert find_statistics(text) == []
    assert find_statistics(nfd(text)) == []


def test_empty_and_digit_free_text():
    assert find_statistics("") == []
    assert find_statistics("Không có con số nào ở đây.") == []


# ---------------------------------------------------------------------------
# Real corpus


@pytest.mark.corpus
def test_baomoi_articles_run_without_error(corpus):
    path = corpus("baomoi-2017-news.jsonl.gz")
    total = 0
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n >= 3000:
                break
            text = json.loads(line).get("text") or ""
            for stat in find_statistics(text):
                assert text[stat.start : stat.end] == stat.text
                assert stat.subject is not None or stat.unit is not None
                assert isinstance(stat.value, (int, float))
                total += 1
    assert total > 1000


# ---------------------------------------------------------------------------
# A rise or a fall reaches the extraction JSON and the RDF


def _rise_and_fall_source():
    from vankien.graph.sources import Source

    text = ("Năm 2022, doanh thu đạt 3.680 tỷ đồng, tăng 24% so với cùng kỳ. "
            "Số hộ nghèo giảm 120 hộ so với năm trước.\n")
    return Source(path="rise.txt", text=text, sha256="0" * 64, title="Kinh tế")


def test_change_is_in_the_extraction_json():
    from vankien.graph.extract.extractor import extract

    stats = extract(_rise_and_fall_source()).to_json()["statistics"]
    assert [(s["text"], s["value"], s["change"], s["direction"]) for s in stats] == [
        ("doanh thu đạt 3.680 tỷ đồng", 3680000000000, False, None),
        ("tăng 24%", 24, True, "increase"),
        ("giảm 120 hộ", 120, True, "decrease"),
    ]
    # every key of the contract is still there
    assert set(stats[0]) >= {"value", "text", "qualifier", "subject", "year"}


def test_change_is_in_the_rdf_and_conforms_to_the_shapes():
    import pyshacl
    from rdflib import Graph, Literal, URIRef

    from vankien.graph.extract.extractor import extract
    from vankien.graph.iris import Iris
    from vankien.graph.rdf_model import SourceGraphBuilder
    from vankien.graph.resolve import DocumentResolver
    from vankien.graph.vocab import SHAPES_FILE, VK

    built = SourceGraphBuilder(Iris(None), DocumentResolver(Iris(None))).build(extract(_rise_and_fall_source()))
    graph = Graph()
    for triple in built.triples:
        graph.add(triple)
    level, rise, fall = (URIRef(f"{built.iri}/stat/{n}") for n in (1, 2, 3))
    assert (graph.value(level, VK.change), graph.value(level, VK.direction)) == (None, None)
    assert (graph.value(rise, VK.change), graph.value(rise, VK.direction)) == (Literal(True), Literal("increase"))
    assert (graph.value(fall, VK.change), graph.value(fall, VK.direction)) == (Literal(True), Literal("decrease"))
    shapes = Graph().parse(SHAPES_FILE)
    assert pyshacl.validate(graph, shacl_graph=shapes, inference="none")[0] is True
    graph.add((level, VK.direction, Literal("up")))
    assert pyshacl.validate(graph, shacl_graph=shapes, inference="none")[0] is False
