"""Relations as a careful reader states them: the voice of the verb, and who stops applying in final provisions.

Every text here was written for these tests (a law of our own, "Luật Nuôi ong").
"""

from __future__ import annotations

from vankien.graph.extract.extractor import extract
from vankien.graph.sources import iter_sources

HEADER = """QUỐC HỘI
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Luật số: 77/2024/QH15
Hà Nội, ngày 12 tháng 6 năm 2024

LUẬT
NUÔI ONG

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật Nuôi ong.

Điều 1. Phạm vi điều chỉnh
Luật này quy định về nuôi ong.

Điều 40. Hiệu lực thi hành
1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2025.
"""


def relations_of(tmp_path, body: str, header: str = HEADER) -> set[tuple[str, str, str]]:
    path = tmp_path / "law.txt"
    path.write_text(header + body, "utf-8")
    source = next(iter(iter_sources([path])))
    found = extract(source)
    return {(r.subject.number or r.subject.name, r.predicate, r.object.number or r.object.name)
            for r in found.relations if r.predicate in ("replaces", "amends")}


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
