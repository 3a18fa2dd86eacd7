"""Relations as a careful reader states them: the voice of the verb, and who stops applying in final provisions.

Every text here was written for these tests (a law of our own, "Luật Nuôi ong").
"""

from __future__ import annotations

from vankien.graph.extract.extractor import extract
from vankien.graph.sources import iter_sources

from conftest import beekeeping_law

HEADER = beekeeping_law() + """
Điều 40. Hiệu lực thi hành
1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2025.
"""


def relations_of(tmp_path, body: str, header: str = HEADER) -> set[tuple[str, str, str]]:
    path = tmp_path / "law.txt"
    path.write_text(header + body, "utf-8")
    source = next(iter(iter_sources([path])))
    found = extract(source)
    return {(r.subject.number or r.subject.name, r.predicate, r.object.number or r.object.name)
            for r in found.relations if r.predicate in ("replaces", "amends", "partly_repeals")}


def test_a_law_amended_before_is_replaced_and_its_amender_amended_it(tmp_path):
    body = ("2. Luật Nuôi ong số 12/2009/QH12 đã được sửa đổi, bổ sung một số điều theo Luật số 30/2016/QH14 "
            "hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.\n")
    assert relations_of(tmp_path, body) == {("77/2024/QH15", "replaces", "12/2009/QH12"),
                                            ("30/2016/QH14", "amends", "12/2009/QH12")}


def test_two_amenders_of_one_law(tmp_path):
    body = ("2. Luật Nuôi ong số 12/2009/QH12 đã được sửa đổi, bổ sung theo Luật số 30/2016/QH14 và Luật số "
            "08/2019/QH14 hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.\n")
    assert relations_of(tmp_path, body) == {("77/2024/QH15", "replaces", "12/2009/QH12"),
                                            ("30/2016/QH14", "amends", "12/2009/QH12"),
                                            ("08/2019/QH14", "amends", "12/2009/QH12")}


def test_a_listed_amending_law_stops_applying_too(tmp_path):
    body = ("2. Luật Nuôi ong số 12/2009/QH12 và Luật số 30/2016/QH14 sửa đổi, bổ sung một số điều của Luật "
            "Nuôi ong hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.\n")
    found = relations_of(tmp_path, body)
    assert {("77/2024/QH15", "replaces", "12/2009/QH12"), ("77/2024/QH15", "replaces", "30/2016/QH14")} <= found


def test_the_passive_voice_turns_the_relation_round(tmp_path):
    text = ("Ngày 3/3/2023, Bộ Nông nghiệp cho biết Thông tư số 05/2018/TT-BNNPTNT đã được sửa đổi, bổ sung "
            "theo Thông tư số 11/2022/TT-BNNPTNT của Bộ Nông nghiệp và Phát triển nông thôn.\n")
    path = tmp_path / "news.txt"
    path.write_text("Sửa quy định về nuôi ong\n" + text, "utf-8")
    found = extract(next(iter(iter_sources([path]))))
    pairs = {(r.subject.number, r.predicate, r.object.number) for r in found.relations}
    assert pairs == {("11/2022/TT-BNNPTNT", "amends", "05/2018/TT-BNNPTNT")}


def test_an_official_text_naming_its_own_title_names_itself_not_the_law_it_replaces(tmp_path):
    path = tmp_path / "law.txt"
    path.write_text(HEADER + "2. Luật Nuôi ong số 12/2009/QH12 hết hiệu lực kể từ ngày Luật này có hiệu lực "
                             "thi hành.\n", "utf-8")
    found = extract(next(iter(iter_sources([path]))))
    own, old = found.documents[0], next(d for d in found.documents if d.number == "12/2009/QH12")
    assert own.number == "77/2024/QH15" and len(own.mentions) >= 1  # "ban hành Luật Nuôi ong" is the law itself
    assert len(old.mentions) == 1
    assert [d for d in found.documents if d.type == "Luật" and d.number is None] == []


SELF = "77/2024/QH15"


def test_laws_listed_with_semicolons_before_one_expiry_all_stop_applying(tmp_path):
    found = relations_of(tmp_path, "2. Luật nuôi ong ngày 10 tháng 3 năm 1990; Luật số 12/2001/QH10 và Pháp lệnh "
                                   "nuôi tằm số 05/1999/PL-UBTVQH10 hết hiệu lực kể từ ngày Luật này có hiệu lực.\n")
    assert {(SELF, "replaces", "12/2001/QH10"), (SELF, "replaces", "05/1999/PL-UBTVQH10")} <= found
    assert any(s == SELF and p == "replaces" and o.lower().startswith("luật nuôi ong") for s, p, o in found)


def test_a_title_before_the_expiry_does_not_hide_it(tmp_path):
    found = relations_of(tmp_path, "2. Nghị quyết số 30/2012/QH13 ngày 20 tháng 6 năm 2012 của Quốc hội về thí điểm "
                                   "nuôi ong ở vùng núi, vùng ven biển hết hiệu lực kể từ ngày Luật này có hiệu lực.\n")
    assert found == {(SELF, "replaces", "30/2012/QH13")}


def test_an_article_of_a_law_that_stops_applying_is_a_partial_repeal_not_a_replacement(tmp_path):
    found = relations_of(tmp_path, "2. Luật số 12/2001/QH10 và Điều 3 của Luật số 44/2009/QH12 hết hiệu lực kể "
                                   "từ ngày Luật này có hiệu lực.\n")
    assert found == {(SELF, "replaces", "12/2001/QH10"), (SELF, "partly_repeals", "44/2009/QH12")}


def test_repealing_a_clause_of_another_law_repeals_part_of_it_and_replacing_words_amends(tmp_path):
    found = relations_of(tmp_path, "2. Bãi bỏ khoản 3 Điều 12 của Luật Chăn nuôi số 32/2018/QH14.\n"
                                   "3. Thay thế cụm từ “ong mật” bằng cụm từ “ong” tại Điều 5 của Luật Trồng trọt số "
                                   "31/2018/QH14.\n")
    assert found == {(SELF, "partly_repeals", "32/2018/QH14"), (SELF, "amends", "31/2018/QH14")}


def test_what_a_listed_law_amends_is_said_of_that_law_not_of_this_one(tmp_path):
    found = relations_of(tmp_path, "2. Bãi bỏ Điều 2 của Luật số 21/2010/QH12 sửa đổi, bổ sung Điều 8 của Luật Thú y "
                                   "số 18/2004/QH11.\n")
    assert found == {(SELF, "partly_repeals", "21/2010/QH12"), ("21/2010/QH12", "amends", "18/2004/QH11")}


def test_one_amending_law_of_two_laws_amends_both(tmp_path):
    found = relations_of(tmp_path, "2. Luật sửa đổi, bổ sung một số điều của Luật Chăn nuôi và Luật Trồng trọt số "
                                   "20/2020/QH14 hết hiệu lực kể từ ngày Luật này có hiệu lực.\n")
    assert found == {(SELF, "replaces", "20/2020/QH14"), ("20/2020/QH14", "amends", "Luật Chăn nuôi"),
                     ("20/2020/QH14", "amends", "Luật Trồng trọt")}


def test_a_misspelt_expiry_is_still_read(tmp_path):
    found = relations_of(tmp_path, "2. Luật số 12/2001/QH10 hết liệu lực kể từ ngày Luật này có hiệu lực.\n")
    assert found == {(SELF, "replaces", "12/2001/QH10")}


def test_a_part_of_this_law_named_on_the_line_before_is_no_part_of_the_next(tmp_path):
    found = relations_of(tmp_path, "2. Trại ong được cấp phép trước đây áp dụng khoản 2 Điều 3 của Luật này.\n"
                                   "3. Luật số 12/2001/QH10 hết hiệu lực kể từ ngày Luật này có hiệu lực.\n")
    assert found == {(SELF, "replaces", "12/2001/QH10")}


def test_laws_that_amended_a_repealed_part_are_not_repealed_with_it(tmp_path):
    found = relations_of(tmp_path, "2. Bãi bỏ Điều 9 của Luật Chăn nuôi số 32/2018/QH14 đã được sửa đổi, bổ sung một "
                                   "số điều theo Luật số 40/2019/QH14 và Luật số 41/2020/QH14.\n")
    assert (SELF, "replaces", "41/2020/QH14") not in found and (SELF, "partly_repeals", "32/2018/QH14") in found


def test_an_old_ordinance_named_in_lower_case_up_to_its_date_is_replaced(tmp_path):
    found = relations_of(tmp_path, "2. Pháp lệnh nuôi ong, nuôi tằm ngày 10 tháng 3 năm 1995 và các văn bản quy phạm "
                                   "pháp luật khác về nuôi ong hết hiệu lực từ ngày Luật này có hiệu lực.\n"
                                   "3. Pháp lệnh về kiểm dịch ong ngày 2 tháng 4 năm 1996 hết hiệu lực.\n")
    assert found == {(SELF, "replaces", "Pháp lệnh nuôi ong, nuôi tằm"),
                     (SELF, "replaces", "Pháp lệnh về kiểm dịch ong")}


def test_amending_named_articles_of_another_document_amends_it():
    from vankien.graph.sources.model import Source

    text = "Thông tư số 08/2022/TT-BNN sửa đổi, bổ sung khoản 3 Điều 4 và Điều 6 của Thông tư số 12/2019/TT-BNN."
    found = extract(Source(path="t.txt", text=text, sha256="0" * 64, title="Tin"))
    assert [(r.subject.number, r.predicate, r.object.number) for r in found.relations] == [
        ("08/2022/TT-BNN", "amends", "12/2019/TT-BNN")]


def test_a_decree_described_as_guiding_some_articles_of_a_law_guides_it():
    from vankien.graph.sources.model import Source

    text = ("Theo Nghị định số 15/2020/NĐ-CP, hướng dẫn thi hành một số điều của Luật Tần số vô tuyến điện, các đài "
            "phải đăng ký.")
    found = extract(Source(path="t.txt", text=text, sha256="0" * 64, title="Tin"))
    assert [(r.subject.number, r.predicate, r.object.name) for r in found.relations] == [
        ("15/2020/NĐ-CP", "guides", "Luật Tần số vô tuyến điện")]


def test_every_law_after_was_amended_by_in_a_list_amended_it(tmp_path):
    found = relations_of(tmp_path, "2. Sửa đổi Điều 5 của Luật Thủy lợi số 08/2017/QH14 đã được sửa đổi, bổ sung một "
                                   "số điều theo Luật số 35/2018/QH14 và Luật số 59/2020/QH14 như sau:\n")
    assert {("35/2018/QH14", "amends", "08/2017/QH14"), ("59/2020/QH14", "amends", "08/2017/QH14")} <= found


def test_a_law_named_with_administrative_words_keeps_its_number(tmp_path):
    found = relations_of(tmp_path, "2. Sửa đổi điểm đ khoản 1 Điều 24 của Luật Xử lý vi phạm hành chính số "
                                   "15/2012/QH13 như sau: mức phạt tối đa là 1.000.000.000 đồng.\n")
    assert found == {(SELF, "amends", "15/2012/QH13")}


def test_a_law_replacing_an_old_law_and_the_law_that_amended_it_replaces_both(tmp_path):
    found = relations_of(tmp_path, "2. Luật này thay thế Luật về nghề nuôi ong ngày 26 tháng 12 năm 1991 và "
                                   "Luật sửa đổi, bổ sung một số điều của Luật về nghề nuôi ong ngày 20 tháng 4 "
                                   "năm 1995.\n")
    assert (SELF, "replaces", "Luật về nghề nuôi ong") in found
    assert (SELF, "replaces", "Luật sửa đổi, bổ sung một số điều của Luật về nghề nuôi ong") in found


def test_laws_listed_under_replaces_the_following_are_replaced(tmp_path):
    found = relations_of(tmp_path, "2. Luật này thay thế các luật sau đây:\n\na) Luật về nghề nuôi ong năm 1997;\n\n"
                                   "b) Luật sửa đổi, bổ sung một số điều của Luật về nghề nuôi ong số 07/2003/QH11;\n\n"
                                   "Điều 9. Hướng dẫn thi hành\nChính phủ hướng dẫn thi hành Luật số 08/2010/QH12.\n")
    assert (SELF, "replaces", "07/2003/QH11") in found and (SELF, "replaces", "Luật về nghề nuôi ong") in found
    assert not any(o == "08/2010/QH12" for _, _, o in found)


def test_a_law_saying_it_amends_another_amends_it(tmp_path):
    found = relations_of(tmp_path, "Luật này sửa đổi, bổ sung một số điều của Luật đầu tư nước ngoài tại Việt Nam "
                                   "được Quốc hội thông qua ngày 12 tháng 11 năm 1996.\n")
    assert found == {(SELF, "amends", "Luật đầu tư nước ngoài tại Việt Nam")}


def test_an_amending_ordinance_amends_the_one_numbered_under_its_whole_name(tmp_path):
    found = relations_of(tmp_path, "2. Pháp lệnh Thẩm phán và Hội thẩm Tòa án nhân dân số 02/2002/PL-UBTVQH11, Pháp "
                                   "lệnh sửa đổi, bổ sung một số điều của Pháp lệnh Thẩm phán và Hội thẩm Tòa án nhân "
                                   "dân số 14/2011/PL-UBTVQH12 hết hiệu lực kể từ ngày Luật này có hiệu lực.\n")
    assert found == {(SELF, "replaces", "02/2002/PL-UBTVQH11"), (SELF, "replaces", "14/2011/PL-UBTVQH12"),
                     ("14/2011/PL-UBTVQH12", "amends", "02/2002/PL-UBTVQH11")}
