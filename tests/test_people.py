"""People and their posts as a reader sees them, one behaviour each (sentences written for these tests)."""

from __future__ import annotations

import unicodedata

from vankien.graph.extract.extractor import extract
from vankien.graph.sources.model import Source


def people(text: str) -> dict[str, list[str]]:
    source = Source(path="snippet.txt", text=unicodedata.normalize("NFC", text), sha256="0" * 64)
    return {p["name"]: p["posts"] for p in extract(source).to_json()["people"]}


def test_a_post_in_apposition_is_read_to_the_comma():
    found = people("Phát biểu tại buổi làm việc, ông Trần Quang Khải, Phó Bí thư Thường trực Huyện ủy Bình Liêu, "
                   "đề nghị các xã đẩy nhanh tiến độ.")
    assert found == {"Trần Quang Khải": ["Phó Bí thư Thường trực Huyện ủy Bình Liêu"]}


def test_a_post_after_a_dash_ends_before_the_verb():
    found = people("Bà Lê Thu Hà - Giám đốc Sở Khoa học và Công nghệ tỉnh Hà Tĩnh cho biết kế hoạch đã xong.")
    assert found == {"Lê Thu Hà": ["Giám đốc Sở Khoa học và Công nghệ tỉnh Hà Tĩnh"]}


def test_an_organisation_unknown_to_the_finder_is_read_by_general_rules():
    found = people("Luật sư Phan Minh Đức, Luật sư điều hành Công ty Luật TNHH Ánh Dương, nhận định vụ việc phức tạp.")
    assert found == {"Phan Minh Đức": ["Luật sư điều hành Công ty Luật TNHH Ánh Dương"]}


def test_a_post_before_the_name_with_a_local_police_station():
    found = people("Trưởng Công an phường Tân Lập Hồ Văn Sáu cho biết đã triệu tập hai người.")
    assert found == {"Hồ Văn Sáu": ["Trưởng Công an phường Tân Lập"]}


def test_two_posts_before_the_name_split_at_the_comma():
    found = people("Tại buổi họp, Phó Tổng Thư ký Quốc hội, Phó Chủ nhiệm Văn phòng Quốc hội Trương Văn Lợi "
                   "thông tin về chương trình kỳ họp.")
    assert found == {"Trương Văn Lợi": ["Phó Tổng Thư ký Quốc hội", "Phó Chủ nhiệm Văn phòng Quốc hội"]}


def test_a_role_alone_before_a_name_is_a_post():
    found = people("Sáng nay, Thống đốc Đào Minh Quân đã chủ trì cuộc họp với các ngân hàng.")
    assert found == {"Đào Minh Quân": ["Thống đốc"]}


def test_a_lower_case_word_glued_to_a_name_ends_it():
    found = people("Chủ tịch nước Võ Văn Thưởngmong muốn thanh niên rèn luyện. Ông Lê Văn Támcho biết như vậy.")
    assert set(found) == {"Võ Văn Thưởng", "Lê Văn Tám"}


def test_a_signature_in_capitals_names_the_signer_and_the_post():
    found = people("Luật này được Quốc hội thông qua ngày 10 tháng 6 năm 2020.\n\nCHỦ TỊCH QUỐC HỘI\n\n"
                   "Phạm Văn Khoa")
    assert found == {"Phạm Văn Khoa": ["Chủ tịch Quốc hội"]}


def test_a_name_followed_by_an_age_is_a_person():
    found = people("Công an huyện đã bắt Lý Văn Tư (42 tuổi, trú xã Hòa Bình) về hành vi trộm cắp tài sản.")
    assert found == {"Lý Văn Tư": []}


def test_a_name_without_evidence_is_no_person():
    assert people("Đường Nguyễn Văn Cừ và cầu Trần Thị Lý đang được sửa chữa.") == {}


def test_a_title_inside_the_name_of_a_body_is_no_honorific():
    found = people("Luật sư Ngô Văn Bình, Đoàn Luật sư Thành phố Đà Nẵng, cho rằng hợp đồng vô hiệu.")
    assert list(found) == ["Ngô Văn Bình"]


def test_a_given_name_after_an_honorific_is_the_person_named_in_full():
    found = people("Ông Vũ Đình Lộc, Chủ tịch UBND xã Tân Phú, cho biết đường đã xong. Theo ông Lộc, dân rất vui.")
    assert found == {"Vũ Đình Lộc": ["Chủ tịch Ủy ban nhân dân xã Tân Phú"]}


def test_a_given_name_alone_is_a_person_and_a_place_after_a_capital_honorific_is_not():
    found = people("“Chúng tôi sẽ làm tiếp”, ông Khoa nói. Bà Rịa - Vũng Tàu cũng có kế hoạch tương tự.")
    assert found == {"Khoa": []}


def test_a_photo_credit_and_a_byline_are_people():
    found = people("Ảnh: Thu Trang Lễ khai mạc diễn ra trang trọng tại nhà văn hóa.\nHội nghị kết thúc.\nMinh Quang")
    assert found == {"Thu Trang": [], "Minh Quang": []}


def test_a_foreign_name_after_a_post_and_country():
    found = people("Cựu Tổng thống Pháp Jacques Chirac từng thăm Việt Nam.")
    assert found == {"Jacques Chirac": ["Cựu Tổng thống Pháp"]}


def test_a_profession_after_an_honorific_takes_the_body_named_after_the_name():
    found = people("Theo luật sư Đinh Văn Hòa, Văn phòng Luật sư Minh Khang, hành vi này có thể bị xử lý hình sự.")
    assert list(found) == ["Đinh Văn Hòa"]


def test_a_name_after_a_place_word_names_a_place():
    found = people("Khu tưởng niệm ở thành phố Thái Phiên, nguyên Chủ tịch UBND Lê Văn Hòa dự lễ.")
    assert "Thái Phiên" not in found


def test_a_country_before_a_foreign_name_is_no_part_of_it():
    found = people("Bức ảnh được nhà báo Anh Peter Collins đăng lên mạng xã hội.")
    assert found == {"Peter Collins": []}


def test_a_country_after_a_title_is_no_person():
    assert people("Theo các chuyên gia Nhật Bản, loại nước này tốt cho sức khỏe.") == {}


def test_a_district_written_short_goes_on_the_post():
    found = people("Bà Trương Thị Mai, Chủ tịch UBND Q. Hải Châu cho biết công trình sắp xong.")
    assert found == {"Trương Thị Mai": ["Chủ tịch UBND Q. Hải Châu"]}


def test_a_post_someone_is_appointed_to_goes_to_the_person_named_before_it():
    found = people("Ông Hà Văn Minh sau đó được bổ nhiệm làm Phó Giám đốc Sở Tài chính tỉnh Nam Định; "
                   "Phó Cục trưởng Cục Quản lý giá thuộc Bộ Tài chính.")
    (first, second) = found["Hà Văn Minh"]
    assert first == "Phó Giám đốc Sở Tài chính tỉnh Nam Định"
    assert second.startswith("Phó Cục trưởng Cục Quản lý giá") and second.endswith("Bộ Tài chính")


def test_a_bracketed_aside_is_no_part_of_a_post():
    found = people("Đại sứ Lào tại Thái Lan Somchai Vong (trái) bắt tay ông Kittisak Chai, Bộ trưởng Bộ Thương mại.")
    assert "Đại sứ" not in " ".join(found.get("Kittisak Chai", []))


def test_a_foreign_name_after_a_post_written_in_lower_case():
    found = people("Ông từng làm trợ lý cho thượng nghị sĩ bang Ohio John Glenn và cho thẩm phán tòa án tối cao "
                   "Robert Keller.")
    assert found == {"Robert Keller": ["thẩm phán tòa án tối cao"]}


def test_a_title_ending_a_heading_does_not_take_the_next_line():
    assert people("Điều 12. Quyền của bị cáo\n\nTrong mọi trường hợp, bị cáo được quyền bào chữa.") == {}


def test_a_person_after_a_local_body_named_by_its_level_word_alone():
    found = people("Tại tỉnh Quảng Bình, Phó Chủ tịch UBND tỉnh Đoàn Minh Khang đề nghị các sở rà soát.")
    assert found == {"Đoàn Minh Khang": ["Phó Chủ tịch Ủy ban nhân dân tỉnh Quảng Bình"]}


def test_a_rare_family_name_is_no_citys_name():
    found = people("Tại thành phố Đà Nẵng, Phó Chủ tịch UBND thành phố Chử Văn Hòa đề nghị các quận rà soát.")
    assert list(found) == ["Chử Văn Hòa"]


def test_a_post_in_a_body_named_with_coordinated_terms_and_a_disease():
    found = people("Bà Khúc Thị Lan, Phó Trưởng Ban Chỉ đạo phòng, chống dịch Covid-19 tỉnh Nam Định, cho biết "
                   "tỉnh đã đủ vắc xin.")
    assert found == {"Khúc Thị Lan": ["Phó Trưởng Ban Chỉ đạo phòng, chống dịch Covid-19 tỉnh Nam Định"]}


def test_a_body_ending_in_a_family_name_before_a_persons_full_name():
    assert people("Trường hợp Giám đốc bệnh viện Hà Mai Trần Văn Bình đã được làm rõ.") == {
        "Trần Văn Bình": ["Giám đốc Bệnh viện Hà Mai"]}


def test_a_dash_then_a_numeral_ends_the_body_in_a_post():
    assert people("Ông Lê Văn Tâm, Phó Viện trưởng Viện Nghiên cứu Cây ăn quả - một trong những chuyên gia đầu "
                  "ngành, cho biết.") == {"Lê Văn Tâm": ["Phó Viện trưởng Viện Nghiên cứu Cây ăn quả"]}


def test_a_body_named_after_a_person_is_no_person_but_a_post_before_a_name_is():
    assert people("Ông Lê Văn E là thành viên Hội đồng của Viện Nguyễn Văn Huyên. Công văn do Phó chủ nhiệm Ủy ban "
                  "Trần Văn Tú ký.") == {"Lê Văn E": [], "Trần Văn Tú": ["Phó Chủ nhiệm Ủy ban"]}


def test_two_people_each_after_their_own_post_keep_their_own_posts():
    assert people("Dự lễ có Thứ trưởng Bộ Tài chính Lê Văn Bình, Phó Tổng Giám đốc Tập đoàn Điện lực Việt Nam Trần "
                  "Văn Cường.") == {"Lê Văn Bình": ["Thứ trưởng Bộ Tài chính"],
                                    "Trần Văn Cường": ["Phó Tổng Giám đốc Tập đoàn Điện lực Việt Nam"]}


def test_a_role_before_a_full_vietnamese_name_is_not_a_body():
    found = people("Thủ tướng Singapore gặp Thủ tướng Phạm Văn Đồng. Thủ tướng Lý Quang Diệu vui vẻ nhận lời và "
                   "trân trọng mời Thủ tướng Phạm Văn Đồng sang thăm Singapore.")
    assert all("Phạm Văn Đồng" not in post and "Lý Quang Diệu" not in post
               for posts in found.values() for post in posts), found


def test_a_quotation_mark_ends_a_post_read_after_a_role():
    found = people('Bài viết "Quan hệ giữa chuyên viên PR và nhà báo"của nhóm tác giả Trần Văn Tâm bị thu hồi.')
    assert all('"' not in post and "tác giả" not in post for posts in found.values() for post in posts)
