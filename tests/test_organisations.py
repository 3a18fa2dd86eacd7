"""Organisations beyond Party committees and ministries: district and commune bodies (from the
gazetteer), bodies named by a head word, abbreviated ministries, units with their parent, acronyms.
Every sentence here is written for the test."""

from __future__ import annotations

from vankien.graph.extract.gazetteer import gazetteer
from vankien.graph.extract.organisations import OrganisationFinder, group_organisations
from vankien.graph.extract.places import Locality, infer_locality, is_central_city, match_place, province_of_city

LANG_SON = Locality(province="Lạng Sơn", city="Lạng Sơn")
NOWHERE = Locality()


def names(text: str, locality: Locality = NOWHERE) -> list[str]:
    return [o.name for o in group_organisations(OrganisationFinder(locality).find(text))]


def organisations(text: str, locality: Locality = NOWHERE) -> dict[str, tuple[str | None, list[str]]]:
    return {o.name: (o.parent, o.aliases) for o in group_organisations(OrganisationFinder(locality).find(text))}


# -- the gazetteer and places ----------------------------------------------------------------------------------
def test_the_gazetteer_knows_provinces_before_and_after_2025_districts_and_wards():
    places = gazetteer()
    assert places.province("Hà Giang") == "Hà Giang"          # merged in 2025, still named by older texts
    assert places.province("tỉnh Lạng Sơn".removeprefix("tỉnh ")) == "Lạng Sơn"
    assert {u.level for u in places.units_named("Bình Gia", province="Lạng Sơn")} >= {"huyện"}
    assert places.units_named("Hoàng Văn Thụ", level="phường", province="Lạng Sơn")


def test_provincial_cities_and_their_province_come_from_the_gazetteer():
    assert province_of_city("Buôn Ma Thuột") == "Đắk Lắk"
    assert province_of_city("Hà Nội") == "Hà Nội"
    assert is_central_city("Cần Thơ") and not is_central_city("Lạng Sơn")
    assert match_place("Thừa Thiên Huế năm nay") == ("Thừa Thiên Huế", "province")
    assert infer_locality("Sáng nay, Thành ủy Buôn Ma Thuột họp phiên thường kỳ tại thành phố Buôn Ma Thuột.") == \
        Locality(province="Đắk Lắk", city="Buôn Ma Thuột")


# -- district and commune bodies --------------------------------------------------------------------------------
def test_district_and_commune_party_bodies():
    found = organisations("Ban Tuyên giáo Huyện ủy Bình Gia phối hợp với Đảng ủy xã Hồng Phong tổ chức lớp học.",
                          LANG_SON)
    assert "Ban Tuyên giáo Huyện ủy Bình Gia" in found
    assert found["Ban Tuyên giáo Huyện ủy Bình Gia"][0] == "Huyện ủy Bình Gia"
    assert "Đảng ủy xã Hồng Phong" in found


def test_police_court_and_procuracy_of_a_place():
    assert names("Công an phường Vĩnh Trại đã bàn giao vụ việc cho VKSND TP Cần Thơ và Công an tỉnh Nghệ An.") == [
        "Công an phường Vĩnh Trại", "Viện kiểm sát nhân dân thành phố Cần Thơ", "Công an tỉnh Nghệ An"]
    assert names("VKSND Tối cao đã kháng nghị.") == ["Viện kiểm sát nhân dân tối cao"]


def test_a_peoples_committee_of_a_city_written_tp():
    assert names("UBND TP Cần Thơ vừa phê duyệt kế hoạch.") == ["Ủy ban nhân dân thành phố Cần Thơ"]


# -- ministries and departments written loosely ---------------------------------------------------------------
def test_ministry_abbreviations_resolve_to_the_ministry_and_keep_the_written_form():
    found = organisations("Bộ GD&ĐT và Bộ LĐ-TB&XH cùng Bộ Kế hoạch và Đầu tư đã thống nhất; Bộ GDĐT sẽ báo cáo.")
    assert list(found) == ["Bộ Giáo dục và Đào tạo", "Bộ Lao động - Thương binh và Xã hội", "Bộ Kế hoạch và Đầu tư"]
    assert found["Bộ Giáo dục và Đào tạo"][1] == ["Bộ GD&ĐT", "Bộ GDĐT"]


def test_a_minister_named_by_the_ministrys_subject_names_the_ministry():
    assert organisations("Bộ trưởng Tài chính và Thứ trưởng Giáo dục và Đào tạo đã trả lời.") == {
        "Bộ Tài chính": (None, ["Tài chính"]), "Bộ Giáo dục và Đào tạo": (None, ["Giáo dục và Đào tạo"])}


def test_a_department_written_short_or_with_a_dash_is_the_provinces_department():
    found = organisations("Phòng Đăng ký kinh doanh Sở KH&ĐT TP.HCM đã trả lời. Sở Tài nguyên - Môi trường "
                          "tỉnh Yên Bái cũng vậy.")
    assert "Sở Kế hoạch và Đầu tư thành phố Hồ Chí Minh" in found
    assert found["Phòng Đăng ký kinh doanh Sở Kế hoạch và Đầu tư thành phố Hồ Chí Minh"][0] == \
        "Sở Kế hoạch và Đầu tư thành phố Hồ Chí Minh"
    assert found["Sở Tài nguyên và Môi trường tỉnh Yên Bái"][0] == "Ủy ban nhân dân tỉnh Yên Bái"


# -- bodies named by a head word -------------------------------------------------------------------------------
def test_companies_schools_hospitals_and_associations():
    text = ("Công ty Cổ phần Xây dựng Hòa Phát ký hợp đồng với Bệnh viện Đa khoa tỉnh Cao Bằng; Trường Đại học "
            "Nông Lâm cử cán bộ, còn Hiệp hội Du lịch Cao Bằng có văn bản gửi Tập đoàn Điện lực Việt Nam.")
    assert names(text) == ["Công ty Cổ phần Xây dựng Hòa Phát", "Bệnh viện Đa khoa tỉnh Cao Bằng",
                           "Trường Đại học Nông Lâm", "Hiệp hội Du lịch Cao Bằng", "Tập đoàn Điện lực Việt Nam"]


def test_a_lower_case_head_before_a_capitalised_name():
    assert names("Ông Bình làm việc cho công ty Phú Cường và trả lời phỏng vấn báo Tuổi Trẻ.") == [
        "Công ty Phú Cường", "Báo Tuổi Trẻ"]


def test_a_descriptive_name_in_lower_case_needs_a_place_a_number_or_a_parent():
    assert names("Đội quản lý thị trường số 5 và Chi cục thi hành án dân sự huyện Bình Gia đã kiểm tra.",
                 LANG_SON) == ["Đội quản lý thị trường số 5", "Chi cục thi hành án dân sự huyện Bình Gia"]
    assert names("Trung tâm phân tích dữ liệu đã hoạt động.") == []


def test_a_unit_with_its_parent_names_both():
    found = organisations("Lãnh đạo Vụ Pháp chế - Bộ Y tế và Phòng Tổ chức hành chính thuộc Cục Quản lý dược "
                          "đã có mặt.")
    assert found["Vụ Pháp chế Bộ Y tế"][0] == "Bộ Y tế"
    assert found["Vụ Pháp chế Bộ Y tế"][1] == ["Vụ Pháp chế - Bộ Y tế"]
    assert "Bộ Y tế" in found and "Cục Quản lý dược" in found
    assert found["Phòng Tổ chức hành chính Cục Quản lý dược"][0] == "Cục Quản lý dược"


def test_a_council_named_by_its_body():
    found = organisations("Hội đồng thành viên Tổng công ty Đường sắt Việt Nam họp chiều nay.")
    assert found["Hội đồng thành viên Tổng công ty Đường sắt Việt Nam"][0] == "Tổng công ty Đường sắt Việt Nam"


def test_a_name_ends_at_a_verb_a_person_or_a_function_word():
    assert names("Học viện Chính trị khu vực I tổ chức hội thảo; Giám đốc Công ty Minh Long Trần Văn Hải phát biểu.") \
        == ["Học viện Chính trị khu vực I", "Công ty Minh Long"]


# -- acronyms ----------------------------------------------------------------------------------------------------
def test_an_acronym_in_parentheses_after_a_body_names_it_there_and_later():
    found = organisations("Hiệp hội Chế biến và Xuất khẩu thủy sản Việt Nam (VASEP) kiến nghị; theo VASEP, thuế cao.")
    assert list(found) == ["Hiệp hội Chế biến và Xuất khẩu thủy sản Việt Nam"]
    assert "VASEP" in found["Hiệp hội Chế biến và Xuất khẩu thủy sản Việt Nam"][1]


def test_upper_case_words_alone_are_not_organisations():
    assert names("Học sinh THPT chịu ảnh hưởng của COVID khi GDP giảm và giá USD tăng.") == []


# -- precision ---------------------------------------------------------------------------------------------------
def test_common_words_starting_like_a_body_are_not_bodies():
    text = ("Hội nghị đã thảo luận Bộ luật Dân sự. Trường hợp vi phạm tại Trung tâm thành phố Lạng Sơn sẽ bị xử lý; "
            "công tác Phòng chống dịch được tăng cường. Đại hội XIII của Đảng và Hội An, Trường Sa.")
    assert names(text) == []


def test_a_name_does_not_run_across_a_line():
    assert names("Ban Chấp hành Đảng\n\nThứ Hai, ngày 5/6") == []


def test_abbreviated_national_bodies_stand_alone():
    assert names("Luật mà QH thông qua năm 2015 thay Luật số 25/2008/QH12; TTXVN đưa tin.") == [
        "Quốc hội", "Thông tấn xã Việt Nam"]


def test_a_company_form_inside_a_name_does_not_end_it():
    assert names("Công ty Luật TNHH quốc tế Hòa Bình và Công ty TNHH sản xuất đều ký.") == [
        "Công ty Luật TNHH quốc tế Hòa Bình"]


def test_a_heading_in_capitals_is_no_body():
    assert names("Điều 8. NHIỆM VỤ VÀ QUYỀN HẠN CỦA CƠ QUAN NGANG BỘ") == []


def test_a_level_word_before_words_no_gazetteer_knows_names_no_place():
    assert names("Thanh tra huyện\n\nĐiều 5. Thanh tra tỉnh 1 và Công an huyện Bảo Thắng") == [
        "Công an huyện Bảo Thắng"]


def test_an_agency_named_by_its_kind_alone_is_not_one():
    assert organisations("Cơ quan Cảnh sát điều tra có quyền khởi tố; Cơ quan An ninh điều tra Bộ Công an cũng "
                         "vậy.") == {"Bộ Công an": (None, []),
                                     "Cơ quan An ninh điều tra Bộ Công an": ("Bộ Công an", [])}


def test_names_with_central_and_ampersand_and_a_post_inside():
    assert names("Bệnh viện Răng Hàm Mặt Trung ương, Công ty TNHH Smith & Nephew Việt Nam và Chủ tịch Hội đồng "
                 "quản trị kiêm Chủ tịch Viện Kinh tế Xanh") == [
        "Bệnh viện Răng Hàm Mặt Trung ương", "Công ty TNHH Smith & Nephew Việt Nam", "Viện Kinh tế Xanh"]


def test_a_team_or_a_report_to_the_police_is_no_body():
    assert names("Đội Úc thắng; người dân đã báo Công an huyện Bảo Thắng và báo Tuổi Trẻ cập nhật tin tức.") == [
        "Công an huyện Bảo Thắng", "Báo Tuổi Trẻ"]


def test_a_brand_the_text_says_is_led_is_a_company_wherever_it_is_named():
    found = organisations("Lãnh đạo Petrolimex cho biết giá giảm; Petrolimex sẽ điều chỉnh. Lãnh đạo UBND "
                          "và lãnh đạo TP cũng họp.")
    assert found == {"Petrolimex": (None, [])}
    assert len(group_organisations(OrganisationFinder(NOWHERE).find(
        "Lãnh đạo Petrolimex cho biết giá giảm; Petrolimex sẽ điều chỉnh."))[0].mentions) == 2


def test_a_foreign_name_before_viet_nam_is_its_vietnamese_arm():
    assert names("Theo Kantar Việt Nam, người dùng tăng; tiếng Anh Việt Nam thì khác.") == ["Kantar Việt Nam"]


def test_an_acronym_whose_document_the_text_cites_is_a_body():
    assert names("Theo công văn của VINASA, thuế cao; VINASA đề nghị giảm. Báo cáo của THPT thì không.") == [
        "VINASA"]


def test_a_parliament_alone_and_an_international_body_in_lower_case():
    assert names("Phe nổi loạn trong Nghị viện mà ông dẫn đầu thua; Hạ viện Mỹ thông qua; phán quyết của Tòa trọng "
                 "tài quốc tế được nhắc lại; Tòa nhà Quốc hội sáng đèn.") == [
        "Nghị viện", "Hạ viện Mỹ", "Tòa trọng tài quốc tế", "Quốc hội"]


def test_a_name_stops_at_a_persons_initial():
    assert names("Chủ tịch Thượng viện V.Ma-tvi-en-cô phát biểu.") == ["Thượng viện"]


def test_what_a_body_does_is_no_part_of_its_name():
    assert names("Đội CSGT Công an huyện Cao Lộc tuyên truyền luật giao thông và xử phạt xe quá tải.",
                 Locality(province="Lạng Sơn")) == ["Công an huyện Cao Lộc", "Đội CSGT Công an huyện Cao Lộc"]


def test_sao_cho_ends_a_name_read_on_in_lower_case():
    assert names("Bộ yêu cầu Học viện Chính trị khu vực sao cho mọi lớp học đều đúng chuẩn.") == [
        "Học viện Chính trị khu vực"]


def test_a_name_read_on_into_a_verb_is_cut_where_the_text_ends_it_elsewhere():
    assert names("Theo Cục Quản lý chất lượng, năm nay có thay đổi. Cục Quản lý chất lượng chủ trương giảm "
                 "kỳ thi.") == ["Cục Quản lý chất lượng"]


def test_a_province_written_with_a_hyphen_or_a_spaced_dash_is_the_province():
    assert names("Dự án được UBND tỉnh Bà Rịa-Vũng Tàu cấp phép; Sở Y tế tỉnh Thừa Thiên – Huế đồng ý.") == [
        "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu", "Ủy ban nhân dân tỉnh Thừa Thiên Huế", "Sở Y tế tỉnh Thừa Thiên Huế"]


def test_a_companys_number_written_with_a_capital_so_ends_its_name():
    assert names("Chủ đầu tư là Công ty CP Xây lắp Số 5 đã bàn giao nhà.") == ["Công ty CP Xây lắp Số 5"]


def test_phong_before_a_disease_is_to_prevent_it_not_a_department():
    assert names("Người dân nên tiêm vắc xin phòng COVID-19 và vắc xin phòng H5N1 sớm.") == []


def test_a_district_whose_name_ends_in_an_honorific_stays_in_a_name():
    assert names("Bệnh nhân được chuyển về Bệnh viện Đa khoa cơ sở Đông Anh điều trị.") == [
        "Bệnh viện Đa khoa cơ sở Đông Anh"]
