"""Named meetings in short sentences written for these tests: sessions, plenums, meetings,
conferences with quoted titles; names that stop where the clause turns; one event per meeting;
dates tied to the meeting."""

import unicodedata

from vankien.graph.extract.extractor import extract
from vankien.graph.sources import Source


def events(text: str, **meta) -> list[tuple[str, str | None]]:
    source = Source(path="snippet.txt", text=unicodedata.normalize("NFC", text), sha256="0" * 64, **meta)
    return [(e["name"], e["date"]) for e in extract(source).to_json()["events"]]


def test_a_session_of_the_national_assembly_with_its_term_and_opening_date():
    assert events("Theo chương trình, Kỳ họp thứ 7, Quốc hội khóa XV sẽ khai mạc vào ngày 20/5/2024 tại Hà Nội.") == [
        ("Kỳ họp thứ 7, Quốc hội khóa XV", "2024-05-20")]


def test_a_laws_closing_line_names_the_session_that_passed_it():
    text = ("Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 6 "
            "thông qua ngày 27 tháng 11 năm 2023.")
    assert events(text) == [("kỳ họp thứ 6, Quốc hội khóa XV", "2023-11-27")]


def test_a_bare_numbered_session_is_an_event_without_a_date():
    assert events("Dự án luật sẽ được trình tại kỳ họp thứ 8 để cho ý kiến.") == [("kỳ họp thứ 8", None)]


def test_two_mentions_of_one_session_are_one_event_dated_by_either():
    text = ("Ủy ban đã chuẩn bị các báo cáo trình Kỳ họp thứ 5, Quốc hội khóa XV. "
            "Theo dự kiến, Kỳ họp thứ 5 sẽ khai mạc vào ngày 22/5/2023.")
    assert events(text) == [("Kỳ họp thứ 5, Quốc hội khóa XV", "2023-05-22")]


def test_a_meeting_named_by_its_date_or_by_who_met():
    assert events("Sở thực hiện kết luận của lãnh đạo thành phố tại cuộc họp ngày 12/3/2022 về công tác cán bộ.") == [
        ("cuộc họp ngày 12/3/2022", "2022-03-12")]
    assert events("Bộ báo cáo theo ý kiến tại cuộc họp Thường trực Chính phủ bàn về các dự án chậm.") == [
        ("cuộc họp Thường trực Chính phủ", None)]


def test_an_unnamed_meeting_is_no_event():
    assert events("Tại cuộc họp, lãnh đạo sở cho biết sẽ xử lý dứt điểm.") == []
    assert events("Tại hội nghị, ông Trần Văn Bình, Phó Bí thư Huyện ủy, đã quán triệt các nội dung chính.") == []


def test_a_conference_with_a_quoted_title_keeps_the_whole_title_and_its_day():
    text = 'Sáng 14/10, Trường Đại học Luật tổ chức Hội thảo khoa học "Chuyển đổi số, pháp luật và con người"'
    assert events(text, published="2024-10-14") == [
        ('Hội thảo khoa học "Chuyển đổi số, pháp luật và con người"', "2024-10-14")]


def test_a_conference_name_stops_where_the_clause_turns_to_what_was_said():
    text = "Phát biểu tại Hội nghị tổng kết ngành Tài chính năm 2023, Bộ trưởng Lê Văn Cường cho rằng cần tiết kiệm."
    assert events(text) == [("Hội nghị tổng kết ngành Tài chính năm 2023", None)]
    assert events("Kết luận Hội nghị, Tổng Bí thư nhấn mạnh nhiệm vụ trọng tâm của năm tới.") == []


def test_a_conference_that_only_did_something_is_no_event():
    assert events("Ông cho biết, Hội nghị thống nhất đánh giá việc thực hiện Nghị quyết 18 đã đạt kết quả tốt.") == []


def test_a_party_plenum_is_an_event_with_its_term():
    text = "Ngày 20-10-2022, Hội nghị lần thứ 6 Ban Chấp hành Trung ương Đảng khóa XIII ban hành Kết luận số 45-KL/TW."
    assert events(text) == [("Hội nghị lần thứ 6 Ban Chấp hành Trung ương Đảng khóa XIII", None)]
    assert events("Nhiều ý kiến đã được Hội nghị Trung ương 8 khóa XIII thảo luận kỹ.") == [
        ("Hội nghị Trung ương 8 khóa XIII", None)]


def test_this_morning_is_the_publication_date():
    text = "Sáng nay, Ủy ban nhân dân tỉnh tổ chức Hội nghị xúc tiến đầu tư năm 2024 với hơn 200 đại biểu tham dự."
    assert events(text, published="2024-03-08") == [("Hội nghị xúc tiến đầu tư năm 2024", "2024-03-08")]


def test_a_date_opening_the_sentence_belongs_only_to_the_meeting_held_then():
    text = ("Chiều 2/4, Văn phòng Quốc hội chủ trì buổi họp báo, thông báo dự kiến chương trình Kỳ họp thứ 7, "
            "Quốc hội khóa XV.")
    assert events(text, published="2024-04-02") == [("Kỳ họp thứ 7, Quốc hội khóa XV", None)]


def test_counted_meetings_are_no_event():
    assert events("Năm qua, tỉnh đã tổ chức 12 hội nghị tuyên truyền Nghị quyết số 18-NQ/TW.") == []
    assert events("Các địa phương tổ chức các hội nghị học tập Nghị quyết số 18-NQ/TW.") == []


def test_the_body_after_a_comma_belongs_to_the_session_only_with_its_term():
    assert events("Tại kỳ họp thứ 9, Quốc hội sẽ xem xét thông qua 8 dự án luật.") == [("kỳ họp thứ 9", None)]


def test_one_quoted_title_named_twice_is_one_event():
    text = ('Trường tổ chức hội thảo khoa học "Giáo dục số cho mọi người". '
            'Nhiều nhà khoa học đã gửi tham luận tới hội thảo "Giáo dục số cho mọi người".')
    assert events(text) == [('hội thảo khoa học "Giáo dục số cho mọi người"', None)]


def test_a_name_keeps_compounds_and_version_numbers():
    assert events("Ngày 5/5, Sở Y tế tổ chức hội nghị Ban Chỉ đạo phòng, chống dịch của tỉnh để rà soát.",
                  published="2022-05-06") == [("hội nghị Ban Chỉ đạo phòng, chống dịch của tỉnh", "2022-05-05")]
    assert events("Công ty đã tổ chức Hội thảo Sản xuất thông minh 4.0 tại Bắc Ninh.") == [
        ("Hội thảo Sản xuất thông minh 4.0", None)]


def test_an_organising_committee_is_no_cue():
    assert events("Trưởng ban tổ chức Đại hội Nguyễn Thị Lan cho biết các đội đã sẵn sàng.") == []


def test_a_date_after_where_the_meeting_took_place():
    text = "Bên lề Hội nghị Hợp tác vùng Tây Nguyên năm 2022, diễn ra tại tỉnh Gia Lai ngày 9/6, ông Hải cho biết."
    assert events(text, published="2022-06-10") == [("Hội nghị Hợp tác vùng Tây Nguyên năm 2022", "2022-06-09")]


def test_a_period_stays_in_a_name_and_a_plan_is_not_part_of_it():
    text = "Ngày 3/3, Sở tổ chức hội nghị tổng kết phong trào thi đua giai đoạn 2016 - 2020."
    assert events(text, published="2021-03-04") == [
        ("hội nghị tổng kết phong trào thi đua giai đoạn 2016 - 2020", "2021-03-03")]
    assert events("Đại hội thể thao sinh viên dự kiến được tổ chức vào cuối năm.") == []


def test_one_title_quoted_with_different_punctuation_is_one_event():
    text = ('Tại hội thảo "Nợ công: nhìn từ địa phương", các chuyên gia đã góp ý. '
            'Hội thảo "Nợ công nhìn từ địa phương" do Viện Kinh tế tổ chức.')
    assert events(text) == [('hội thảo "Nợ công: nhìn từ địa phương"', None)]


def test_a_text_of_articles_names_kinds_of_meeting_not_meetings_held():
    text = ("Điều 1. Phạm vi\n\nLuật này quy định về hợp tác xã.\n\nĐiều 2. Đại hội thành viên\n\n"
            "Hội đồng quản trị triệu tập Đại hội thành viên theo quy định của Luật này tại kỳ họp thứ nhất.\n\n"
            "Điều 3. Hiệu lực\n\nLuật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, "
            "kỳ họp thứ 8 thông qua ngày 29 tháng 11 năm2024.")
    assert events(text) == [("kỳ họp thứ 8, Quốc hội khóa XV", "2024-11-29")]


def test_a_meeting_of_a_kind_of_body_is_no_event():
    assert events("Theo điều lệ, người chủ tọa cuộc họp HĐQT phải là chủ tịch.") == []
