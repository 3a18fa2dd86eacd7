"""Extraction on short realistic snippets, one behaviour each, exact output."""

from __future__ import annotations

import unicodedata

from vankien.graph.extract.extractor import extract
from vankien.graph.sources.model import Source


def facts(text: str, **meta):
    source = Source(path="snippet.txt", text=unicodedata.normalize("NFC", text), sha256="0" * 64, **meta)
    return extract(source).to_json()


def docs(text: str, **meta):
    return [
        {k: d[k] for k in ("type", "number", "date", "issuer", "title") if d[k] is not None}
        | ({"mentions": len(d["mentions"])} if len(d["mentions"]) > 1 else {})
        for d in facts(text, **meta)["documents"]
    ]


def numbers(text: str, **meta):
    return [d["number"] for d in facts(text, **meta)["documents"]]


# --- document numbers ---------------------------------------------------------

def test_party_number_with_date_issuer_and_title():
    assert docs("Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm "
                "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, các chi bộ đã xây dựng kế hoạch.") == [
        {"type": "Chỉ thị", "number": "05-CT/TW", "date": "2016-05-15", "issuer": "Bộ Chính trị",
         "title": "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"}]


def test_spaced_and_misspelt_party_numbers_are_canonical():
    assert numbers("Nghị quyết số 68- NQ/TW, Quy định số 47 - QĐ/TW, Chỉ thị số 03-CT/T.Ư và "
                   "Nghị quyết 21/NQ-TW đều được nhắc tới.") == ["68-NQ/TW", "47-QĐ/TW", "03-CT/TW", "21-NQ/TW"]


def test_state_numbers_and_issuers_from_the_suffix():
    assert docs("Theo Nghị định số 30/2020/NĐ-CP, Quyết định 1258/QĐ-TTg và Luật số 31/2024/QH15, "
                "cơ quan đã điều chỉnh quy trình.") == [
        {"type": "Nghị định", "number": "30/2020/NĐ-CP", "issuer": "Chính phủ"},
        {"type": "Quyết định", "number": "1258/QĐ-TTg", "issuer": "Thủ tướng Chính phủ"},
        {"type": "Luật", "number": "31/2024/QH15", "issuer": "Quốc hội"},
    ]


def test_upper_case_type_word():
    assert docs("Cơ quan đã phổ biến NGHỊ ĐỊNH 09/2019/NĐ-CP tới toàn thể cán bộ.") == [
        {"type": "Nghị định", "number": "09/2019/NĐ-CP", "issuer": "Chính phủ"}]


def test_worded_and_dashed_dates():
    assert [d["date"] for d in facts(
        "Ban hành Kế hoạch số 12-KH/TU ngày 25 tháng 10 năm 2021; Quyết định số 1187/QĐ-UBND ngày 22-10-2018; "
        "Thông báo số 245-TB/TU ngày 13 /10/2022.")["documents"]] == ["2021-10-25", "2018-10-22", "2022-10-13"]


def test_quoted_title_is_taken_whole():
    (doc,) = facts("Triển khai Đề án số 07-ĐA/HU ngày 2/3/2022 về “Nâng cao chất lượng sinh hoạt chi bộ, "
                   "giai đoạn 2022 – 2025”, các chi bộ đã tổ chức sinh hoạt chuyên đề.")["documents"]
    assert doc["title"] == "Nâng cao chất lượng sinh hoạt chi bộ, giai đoạn 2022 – 2025"


# --- unnumbered documents ------------------------------------------------------

def test_plenum_resolutions_in_their_usual_spellings():
    found = facts("Học tập Nghị quyết Trung ương 4 (khóa XII), Nghị quyết T.Ư 4, khóa XI và Nghị quyết Hội nghị "
                  "lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII.")["documents"]
    assert [(d["name"], d["plenum"], d["term"], d["issuer"]) for d in found] == [
        ("Nghị quyết Trung ương 4 khóa XII", 4, "XII", "Ban Chấp hành Trung ương Đảng"),
        ("Nghị quyết Trung ương 4 khóa XI", 4, "XI", "Ban Chấp hành Trung ương Đảng"),
        ("Nghị quyết Trung ương 8 khóa XIII", 8, "XIII", "Ban Chấp hành Trung ương Đảng"),
    ]


def test_congress_resolutions():
    found = facts("Quán triệt Nghị quyết Đại hội XIII của Đảng và Nghị quyết Đại hội đại biểu Đảng bộ tỉnh "
                  "lần thứ XVII, nhiệm kỳ 2020 - 2025 của tỉnh Lạng Sơn.")["documents"]
    assert [(d["name"], d["congress"]) for d in found] == [
        ("Nghị quyết Đại hội XIII của Đảng", "XIII"),
        ("Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Lạng Sơn lần thứ XVII", "XVII"),
    ]


def test_named_law():
    found = facts("Luật Tổ chức Chính phủ năm 2015 quy định rõ nhiệm vụ của Thủ tướng.")["documents"]
    assert [(d["type"], d["name"], d["year"]) for d in found] == [("Luật", "Luật Tổ chức Chính phủ", 2015)]


def test_meetings_and_bodies_named_after_documents_are_not_documents():
    assert facts("Hội nghị Trung ương 9, khóa XI đã thảo luận; Ban Chỉ đạo 35 tỉnh họp phiên thường kỳ. "
                 "Kế hoạch 5 năm được thông qua.")["documents"] == []


# --- lists and short forms -----------------------------------------------------

def test_list_sharing_a_type_and_a_trailing_issuer():
    assert docs("Thực hiện các Nghị quyết số 27-NQ/TW, 28-NQ/TW và 29-NQ/TW của Ban Chấp hành Trung ương, "
                "tỉnh đã ban hành chương trình hành động.") == [
        {"type": "Nghị quyết", "number": n, "issuer": "Ban Chấp hành Trung ương Đảng"}
        for n in ("27-NQ/TW", "28-NQ/TW", "29-NQ/TW")]


def test_short_number_list_with_a_central_issuer_gets_full_numbers():
    found = facts("Bộ Chính trị đã ban hành các Nghị quyết 59, 70, 71 và 72 của Bộ Chính trị về các lĩnh vực "
                  "then chốt.")["documents"]
    assert [(d["number"], d["issuer"], d["number_inferred"]) for d in found] == [
        (f"{n}-NQ/TW", "Bộ Chính trị", True) for n in (59, 70, 71, 72)]


def test_short_form_merges_into_full_reference():
    assert docs("Quy định số 144-QĐ/TW ngày 9/5/2024 của Bộ Chính trị về chuẩn mực đạo đức cách mạng của "
                "cán bộ, đảng viên trong giai đoạn mới. Theo Quy định 144, mỗi đảng viên phải nêu gương.") == [
        {"type": "Quy định", "number": "144-QĐ/TW", "date": "2024-05-09", "issuer": "Bộ Chính trị",
         "title": "chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới", "mentions": 2}]


def test_a_short_forms_issuer_said_once_holds_for_its_bare_mentions():
    assert docs("Sở áp dụng Nghị định số 57/2019 ngày 2/7/2019 của Chính phủ về quản lý chợ. Theo Nghị định số "
                "57/2019, chợ hạng ba do xã quản lý; Nghị định 57/2021 thì khác.") == [
        {"type": "Nghị định", "date": "2019-07-02", "issuer": "Chính phủ", "title": "quản lý chợ", "mentions": 2},
        {"type": "Nghị định"}]


def test_a_title_ends_where_a_clause_about_the_document_begins():
    assert docs("Nghị định số 45/2021/NĐ-CP ngày 1/4/2021 của Chính phủ về quản lý chợ đã được các tỉnh triển "
                "khai.") == [{"type": "Nghị định", "number": "45/2021/NĐ-CP", "date": "2021-04-01",
                              "issuer": "Chính phủ", "title": "quản lý chợ"}]


def test_same_number_different_years_stay_two_documents():
    found = facts("Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương về sắp xếp tổ chức bộ máy "
                  "khác với Nghị quyết số 18-NQ/TW ngày 16/6/2022 của Ban Chấp hành Trung ương về đất đai. "
                  "Nghị quyết số 18-NQ/TW ngày 16/6/2022 là nghị quyết mới.")["documents"]
    assert [(d["number"], d["date"], len(d["mentions"])) for d in found] == [
        ("18-NQ/TW", "2017-10-25", 1), ("18-NQ/TW", "2022-06-16", 2)]


def test_abbreviated_type_words():
    assert [d["name"] for d in facts("Các chi bộ học tập NQ 35 và KL 01 trong quý I.")["documents"]] == [
        "Nghị quyết 35", "Kết luận 01"]


# --- issuers and localities -----------------------------------------------------

def test_tu_means_thanh_uy_when_the_text_says_so():
    found = facts("Thực hiện Nghị quyết số 05-NQ/TU của Ban Thường vụ Thành ủy, thành phố Hạ Long đã chỉnh trang "
                  "đô thị.", title="Thành phố Hạ Long đẩy mạnh chỉnh trang đô thị")["documents"]
    assert found[0]["issuer"] == "Ban Thường vụ Thành ủy Hạ Long"


def test_tu_without_context_is_the_province_committee():
    found = facts("Tỉnh Cao Bằng triển khai Nghị quyết số 12-NQ/TU về phát triển du lịch.")["documents"]
    assert found[0]["issuer"] == "Tỉnh ủy Cao Bằng"


def test_old_tone_marks_and_nfd_give_modern_canonical_names():
    text = unicodedata.normalize("NFD", "Ban Thường vụ Thành uỷ Lạng Sơn ban hành Kế hoạch số 30-KH/TU. "
                                        "Ban Tuyên giáo Thành uỷ chủ trì.")
    result = facts(text)
    assert {o["name"]: o["parent"] for o in result["organisations"]} == {
        "Thành ủy Lạng Sơn": None,
        "Ban Thường vụ Thành ủy Lạng Sơn": "Thành ủy Lạng Sơn",
        "Ban Tuyên giáo Thành ủy Lạng Sơn": "Thành ủy Lạng Sơn",
    }
    assert result["documents"][0]["issuer"] == "Ban Thường vụ Thành ủy Lạng Sơn"


# --- relations -------------------------------------------------------------------

def relations(text: str, **meta):
    return [(r["subject"], r["predicate"], r["object"]) for r in facts(text, **meta)["relations"]]


def test_plan_implements_resolution():
    assert relations("Kế hoạch số 15-KH/TU ngày 3/1/2019 của Tỉnh ủy Quảng Ninh thực hiện Nghị quyết số 35-NQ/TW "
                     "của Bộ Chính trị được triển khai sâu rộng.") == [
        ("Kế hoạch số 15-KH/TU", "implements", "Nghị quyết số 35-NQ/TW")]


def test_conclusion_continues_directive():
    assert relations("Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số "
                     "05-CT/TW.") == [("Kết luận số 01-KL/TW", "continues", "Chỉ thị số 05-CT/TW")]


def test_replaces_amends_guides_reviews():
    assert relations("Quyết định số 99-QĐ/TW thay thế Quyết định số 88-QĐ/TW. Nghị định số 10/2024/NĐ-CP sửa đổi, "
                     "bổ sung Nghị định số 30/2020/NĐ-CP. Thông tư số 01/2011/TT-BNV hướng dẫn Nghị định số "
                     "110/2004/NĐ-CP. Báo cáo số 12-BC/TU sơ kết 5 năm thực hiện Nghị quyết số 19-NQ/TU.") == [
        ("Quyết định số 99-QĐ/TW", "replaces", "Quyết định số 88-QĐ/TW"),
        ("Nghị định số 10/2024/NĐ-CP", "amends", "Nghị định số 30/2020/NĐ-CP"),
        ("Thông tư số 01/2011/TT-BNV", "guides", "Nghị định số 110/2004/NĐ-CP"),
        ("Báo cáo số 12-BC/TU", "reviews", "Nghị quyết số 19-NQ/TU"),
    ]


def test_implementing_clause_at_the_start_of_the_sentence():
    assert relations("Thực hiện Nghị quyết số 35-NQ/TW của Bộ Chính trị, Ban Thường vụ Tỉnh ủy Lạng Sơn đã ban "
                     "hành Kế hoạch số 90-KH/TU.") == [("Kế hoạch số 90-KH/TU", "implements", "Nghị quyết số 35-NQ/TW")]


def test_a_list_is_not_a_relation():
    assert relations("Quán triệt Nghị quyết số 40-NQ/TU, Nghị quyết số 81-NQ/TU và Kết luận số 21-KL/TW.") == []


# --- people, events --------------------------------------------------------------

def test_person_with_posts_after_the_name_and_before_it():
    result = facts("Dự hội nghị có đồng chí Nguyễn Văn Hùng, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Cao Bằng. "
                   "Bí thư Tỉnh ủy Cao Bằng Trần Hồng Minh phát biểu chỉ đạo.")
    assert {p["name"]: p["posts"] for p in result["people"]} == {
        "Nguyễn Văn Hùng": ["Phó Bí thư Tỉnh ủy Cao Bằng", "Chủ tịch Ủy ban nhân dân tỉnh Cao Bằng"],
        "Trần Hồng Minh": ["Bí thư Tỉnh ủy Cao Bằng"],
    }


def test_event_with_date_attendees_place_and_organiser():
    (event,) = facts("Sáng 18/6, Thành ủy Đà Nẵng tổ chức hội nghị sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW "
                     "tại Trung tâm Hành chính thành phố, với hơn 300 đại biểu tham dự.",
                     published="2021-06-18")["events"]
    assert (event["about"], event["date"], event["year"], event["organizer"], event["attendees"]) == (
        ["Chỉ thị số 05-CT/TW"], "2021-06-18", 2021, "Thành ủy Đà Nẵng", 300)
    assert event["place"] == "Trung tâm Hành chính thành phố"


def test_a_count_of_meetings_is_not_an_event():
    assert facts("Năm 2022, thành phố tổ chức 25 hội nghị học tập các chỉ thị, nghị quyết của Đảng.")["events"] == []


def test_law_names_may_hold_a_comma():
    found = facts("Quốc hội thông qua Luật Quản lý, sử dụng tài sản nhà nước; Luật Phòng, chống tham nhũng năm 2018 "
                  "thay thế luật cũ. Luật Đất đai, Luật Nhà ở cũng được nhắc tới.")["documents"]
    assert [(d["name"], d["year"]) for d in found] == [
        ("Luật Quản lý, sử dụng tài sản nhà nước", None), ("Luật Phòng, chống tham nhũng", 2018),
        ("Luật Đất đai", None), ("Luật Nhà ở", None)]


def test_national_assembly_posts_and_offices():
    result = facts("Tổng Thư ký Quốc hội - Chủ nhiệm Văn phòng Quốc hội Nguyễn Hạnh Phúc trình bày báo cáo.")
    assert {p["name"]: p["posts"] for p in result["people"]} == {
        "Nguyễn Hạnh Phúc": ["Chủ nhiệm Văn phòng Quốc hội"]}
    assert {o["name"] for o in result["organisations"]} >= {"Quốc hội", "Văn phòng Quốc hội"}


def test_a_name_does_not_run_into_the_next_line():
    result = facts("Phó Thủ tướng Vũ Đức Đam\nSự quan tâm của xã hội tới giáo dục rất lớn.")
    assert [p["name"] for p in result["people"]] == ["Vũ Đức Đam"]


def test_one_passing_mention_does_not_make_an_article_local():
    lead = ("Hội đồng bầu cử quốc gia công bố danh sách chính thức 868 người ứng cử đại biểu Quốc hội khóa XV "
            "ở 184 đơn vị bầu cử trong cả nước. Cơ cấu người ứng cử bảo đảm tỷ lệ phụ nữ, người dân tộc thiểu số "
            "và người ngoài Đảng theo quy định; trình độ của người ứng cử được nâng lên rõ rệt so với khóa trước. ")
    text = lead + "Người trẻ nhất là 2 ứng viên ở tỉnh Điện Biên. Thành ủy họp bàn."
    assert facts(text)["locality"] == {"province": None, "city": None}
    assert facts("Tỉnh Điện Biên và tỉnh Điện Biên.")["locality"]["province"] == "Điện Biên"


def test_provincial_departments_and_posts_after_a_dash():
    result = facts("Ông Nguyễn Hưng Thịnh - Giám đốc Sở Tài nguyên và Môi trường tỉnh Quảng Ngãi cho biết. "
                   "Sở Y tế tỉnh Quảng Ngãi cũng vào cuộc.")
    assert {p["name"]: p["posts"] for p in result["people"]} == {
        "Nguyễn Hưng Thịnh": ["Giám đốc Sở Tài nguyên và Môi trường tỉnh Quảng Ngãi"]}
    assert {o["name"]: o["parent"] for o in result["organisations"]} == {
        "Ủy ban nhân dân tỉnh Quảng Ngãi": None,
        "Sở Tài nguyên và Môi trường tỉnh Quảng Ngãi": "Ủy ban nhân dân tỉnh Quảng Ngãi",
        "Sở Y tế tỉnh Quảng Ngãi": "Ủy ban nhân dân tỉnh Quảng Ngãi",
    }


def test_central_party_committees_and_a_body_after_an_honorific():
    result = facts("Đại tướng Tô Lâm, Ủy viên Bộ Chính trị, Bí thư Đảng ủy Công an Trung ương, Bộ trưởng Bộ Công an "
                   "dự hội nghị. Các đồng chí Bộ Chính trị hai bên đã gặp nhau tại Đảng ủy Quân sự Trung ương.")
    assert {p["name"]: p["posts"] for p in result["people"]} == {
        "Tô Lâm": ["Ủy viên Bộ Chính trị", "Bí thư Đảng ủy Công an Trung ương", "Bộ trưởng Bộ Công an"]}
    assert [o["name"] for o in result["organisations"]] == [
        "Bộ Chính trị", "Đảng ủy Công an Trung ương", "Bộ Công an", "Đảng ủy Quân sự Trung ương"]


def test_a_body_after_an_honorific_is_no_person():
    result = facts("Anh Sở Giao thông đã trả lời. Ông Nguyễn Văn Hùng, Giám đốc Sở Y tế tỉnh Hà Giang, cho biết.")
    assert [p["name"] for p in result["people"]] == ["Nguyễn Văn Hùng"]


def test_a_name_glued_to_the_next_word_ends_where_its_syllable_does():
    people = facts("Tổng Bí thư Nguyễn Phú Trọngmong muốn cán bộ gương mẫu. Ông Bùi Xuân Khuđược bầu làm Chủ tịch xã."
                   )["people"]
    assert sorted(p["name"] for p in people) == ["Bùi Xuân Khu", "Nguyễn Phú Trọng"]


def test_a_second_act_coupled_to_the_first_is_no_relation_between_their_documents():
    found = facts("Thành ủy Đà Nẵng thảo luận Chương trình hành động triển khai Nghị quyết Đại hội XIII của Đảng "
                  "gắn với thực hiện Nghị quyết Đại hội XXII của Đảng bộ Thành phố.")
    assert [d["name"] for d in found["documents"]] == [
        "Nghị quyết Đại hội XIII của Đảng", "Nghị quyết Đại hội đại biểu Đảng bộ thành phố Đà Nẵng lần thứ XXII"]
    assert found["relations"] == []
