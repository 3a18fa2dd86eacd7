"""Documents named by their subject rather than a number: projects, plans, charters, rules, master plans,
international conventions, and a local congress's resolution named by its term.

Every sentence here was written for these tests.
"""

from __future__ import annotations

from vankien.graph.extract.extractor import extract
from vankien.graph.sources.model import Source


def named(text: str) -> list[tuple[str, str]]:
    found = extract(Source(path="t.txt", text=text, sha256="0" * 64, title="Tin"))
    return [(d.type, d.name) for d in found.documents]


def test_a_capitalised_project_type_mid_sentence_names_a_project_in_lower_case():
    assert named("Sở Nội vụ đã xây dựng Đề án sắp xếp đơn vị hành chính cấp xã và trình tỉnh.") == [
        ("Đề án", "Đề án sắp xếp đơn vị hành chính cấp xã")]


def test_charters_rules_and_master_plans_are_documents():
    assert named("Giáo viên thực hiện theo Điều lệ trường trung học, tuân thủ Quy tắc đạo đức nghề nghiệp luật sư "
                 "và triển khai Quy hoạch mạng lưới trường học đến năm 2030.") == [
        ("Điều lệ", "Điều lệ trường trung học"), ("Quy tắc", "Quy tắc đạo đức nghề nghiệp luật sư"),
        ("Quy hoạch", "Quy hoạch mạng lưới trường học")]


def test_a_type_word_opening_a_sentence_or_a_plain_plan_is_no_name():
    assert named("Kế hoạch năm nay đã hoàn thành. Xã lập Kế hoạch thực hiện từ tháng Ba.") == []


def test_a_convention_is_named_by_its_subject_and_its_year_is_kept():
    text = "Việt Nam đã phê chuẩn Công ước của Liên Hợp Quốc về quyền của người khuyết tật năm 2006 từ lâu."
    found = extract(Source(path="t.txt", text=text, sha256="0" * 64, title="Tin")).documents
    assert [(d.type, d.name, d.year) for d in found] == [
        ("Công ước", "Công ước của Liên Hợp Quốc về quyền của người khuyết tật", 2006)]


def test_a_convention_named_by_its_city():
    assert named("Hai nước áp dụng Công ước Viên về luật điều ước quốc tế.") == [
        ("Công ước", "Công ước Viên về luật điều ước quốc tế")]


def test_a_local_congress_resolution_named_by_its_term():
    assert named("Huyện quán triệt Nghị quyết Đại hội Đảng bộ huyện Bình Gia nhiệm kỳ 2020 - 2025 tới chi bộ.") == [
        ("Nghị quyết", "Nghị quyết Đại hội đại biểu Đảng bộ huyện Bình Gia nhiệm kỳ 2020-2025")]


def test_a_place_whose_name_begins_like_a_roman_numeral_is_not_an_ordinal():
    assert named("Quán triệt Nghị quyết Đại hội đại biểu Đảng bộ huyện Lộc Bình lần thứ XX.") == [
        ("Nghị quyết", "Nghị quyết Đại hội đại biểu Đảng bộ huyện Lộc Bình lần thứ XX")]


def test_a_project_named_by_a_quoted_title():
    assert named('Bộ đã tổng kết Đề án "Đưa tin học vào trường phổ thông vùng cao" và điều chỉnh '
                 '“Quy hoạch tổng thể phát triển du lịch biển đảo”.') == [
        ("Đề án", "Đề án Đưa tin học vào trường phổ thông vùng cao"),
        ("Quy hoạch", "Quy hoạch tổng thể phát triển du lịch biển đảo")]


def test_a_congress_s_documents_are_a_document_of_their_own():
    assert named("Học viện nghiên cứu Văn kiện Đại hội XI của Đảng và Nghị quyết Đại hội XI của Đảng.") == [
        ("Văn kiện", "Văn kiện Đại hội XI của Đảng"), ("Nghị quyết", "Nghị quyết Đại hội XI của Đảng")]


def test_a_programme_of_action_named_in_lower_case_is_a_document_but_a_cue_alone_is_not():
    assert named("Huyện ban hành Chương trình hành động phát triển kinh tế số và Kế hoạch thực hiện Nghị quyết 12.") \
        == [("Chương trình", "Chương trình hành động phát triển kinh tế số"), ("Nghị quyết", "Nghị quyết 12")]


def test_a_name_cut_before_a_proper_name_it_needs_is_no_name():
    assert named("Hai bên thực hiện Chương trình phối hợp giữa Tỉnh đoàn với Sở Giáo dục.") == []


def test_a_law_named_by_its_initials_is_the_law_it_stands_for():
    found = extract(Source(path="t.txt", text="Theo Luật BHXH, người lao động được hưởng chế độ.", sha256="0" * 64,
                           title="Tin")).documents
    assert [(d.name, d.mentions[0].text) for d in found] == [("Luật Bảo hiểm xã hội", "Luật BHXH")]


def test_a_congress_listed_after_another_without_its_type_word():
    text = "Tỉnh ủy Cao Bằng quán triệt Nghị quyết Đại hội XIII của Đảng, Đại hội 19 của Đảng bộ tỉnh Cao Bằng."
    assert named(text) == [
        ("Nghị quyết", "Nghị quyết Đại hội XIII của Đảng"),
        ("Nghị quyết", "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Cao Bằng lần thứ XIX")]


def test_a_lower_case_name_that_runs_into_a_proper_name_is_not_cut_short():
    assert named("Bộ đã phê duyệt Đề án phát triển Đại học Vinh thành trường trọng điểm.") == []


def test_two_terms_joined_by_va_or_a_comma_stay_in_a_projects_name():
    assert named("Ủy ban ban hành Quy chế tổ chức và hoạt động của Hội đồng thẩm định. Huyện trình Đề án "
                 "quản lý, sử dụng nhà văn hóa thôn; xã làm Đề án nuôi cá, sau đó báo cáo.") == [
        ("Quy chế", "Quy chế tổ chức và hoạt động"), ("Đề án", "Đề án quản lý, sử dụng nhà văn hóa thôn"),
        ("Đề án", "Đề án nuôi cá")]


def test_va_going_on_into_the_clause_ends_a_projects_name():
    assert named("Nhà trường làm đúng Quy chế tuyển sinh và đúng các hướng dẫn của Sở.") == [
        ("Quy chế", "Quy chế tuyển sinh")]


def test_a_project_type_word_inside_a_laws_name_names_no_project():
    assert named("Dự án vi phạm Luật Quy hoạch đô thị, nên Sở lập Quy hoạch chung đô thị mới.") == [
        ("Luật", "Luật Quy hoạch đô thị"), ("Quy hoạch", "Quy hoạch chung đô thị")]
