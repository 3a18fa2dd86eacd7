"""A document's legal status ("tình trạng hiệu lực") on a day, and why: what replaced it, repealed part of it,
amended it, when it took or takes effect.

The laws and articles are written here: a new "Luật Nuôi ong" whose final article ends the 2009 law, a
"Luật Thú y" amending an article of it, a "Luật Chăn nuôi" repealing another, and news of Party documents of
Lạng Sơn replacing and amending older ones. Relations come from extraction. The effective dates the laws state
("có hiệu lực thi hành từ ngày …") are not extracted yet, so the test adds them to the store in a graph of its
own, as the extraction will state them.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from vankien.graph.status import document_status, statuses
from vankien.graph.store import GraphStore
from vankien.graph.vocab import ELI
from vankien.search.pipeline import ingest

from conftest import beekeeping_law

D = datetime.date
HEADER = """QUỐC HỘI
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Luật số: {number}
Hà Nội, ngày {day}

LUẬT
{name}

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật {title}.

Điều 1. Phạm vi điều chỉnh
Luật này quy định về {subject}.
"""
REPLACING_SENTENCE = "Luật Nuôi ong số 12/2009/QH12 hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành."
NEW_LAW = HEADER.format(number="77/2024/QH15", day="12 tháng 6 năm 2024", name="NUÔI ONG", title="Nuôi ong",
                        subject="nuôi ong") + f"""
Điều 30. Hiệu lực thi hành
1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2025.
2. {REPLACING_SENTENCE}
"""
AMENDING_SENTENCE = "Sửa đổi, bổ sung Điều 3 của Luật Nuôi ong số 77/2024/QH15 như sau:"
AMENDING_LAW = HEADER.format(number="40/2025/QH15", day="10 tháng 6 năm 2025", name="THÚ Y", title="Thú y",
                             subject="thú y") + f"""
Điều 60. Sửa đổi, bổ sung một số điều của luật có liên quan
1. {AMENDING_SENTENCE}
"Điều 3. Nuôi ong phải đăng ký với Ủy ban nhân dân cấp xã."

Điều 61. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.
"""
REPEALING_SENTENCE = "Bãi bỏ Điều 5 của Luật Nuôi ong số 77/2024/QH15."
REPEALING_LAW = HEADER.format(number="32/2025/QH15", day="19 tháng 11 năm 2025", name="CHĂN NUÔI",
                              title="Chăn nuôi", subject="chăn nuôi") + f"""
Điều 80. Sửa đổi, bổ sung, bãi bỏ một số điều của luật có liên quan
1. {REPEALING_SENTENCE}

Điều 81. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.
"""
PARTY_SENTENCE = ("Nghị quyết số 55-NQ/TU thay thế Nghị quyết số 40-NQ/TU ngày 10/1/2021 của Ban Thường vụ Tỉnh ủy "
                  "Lạng Sơn.")
PARTY_NEWS = f"""Lạng Sơn ban hành nghị quyết mới về chuyển đổi số

Ngày 5/3/2024, Ban Thường vụ Tỉnh ủy Lạng Sơn ban hành Nghị quyết số 55-NQ/TU về chuyển đổi số. {PARTY_SENTENCE}
"""
PARTY_AMENDED_NEWS = """Lạng Sơn sửa đổi quy định về công tác cán bộ

Ngày 2/8/2022, Ban Thường vụ Tỉnh ủy Lạng Sơn ban hành Quy định số 20-QĐi/TU sửa đổi, bổ sung Quy định số \
12-QĐi/TU ngày 4/5/2020 của Ban Thường vụ Tỉnh ủy Lạng Sơn về công tác cán bộ. Bộ Tư pháp đã ban hành Kế hoạch \
số 44/KH-BTP về rà soát văn bản.
"""
UNDATED_NEWS = """Cao Bằng rà soát văn bản

Quyết định số 25/QĐ-UBND thay thế Quyết định số 7/2019/QĐ-UBND ngày 3/4/2019 của Ủy ban nhân dân tỉnh Cao Bằng.
"""
EFFECTIVE = {"12/2009/QH12": D(2010, 1, 1), "77/2024/QH15": D(2025, 1, 1), "40/2025/QH15": D(2025, 7, 1),
             "32/2025/QH15": D(2026, 1, 1)}
EXPIRES = {"20-QĐi/TU": D(2025, 12, 31)}  # a rule stating the last day it applies
TEST_GRAPH = "https://vankien.example/source/test-status-dates"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root: Path = tmp_path_factory.mktemp("status")
    texts = {"luat-nuoi-ong-2009.txt": beekeeping_law("12/2009/QH12", 10, 6, 2009), "luat-nuoi-ong-2024.txt": NEW_LAW,
             "luat-thu-y.txt": AMENDING_LAW, "luat-chan-nuoi.txt": REPEALING_LAW, "tin-lang-son.txt": PARTY_NEWS,
             "tin-quy-dinh.txt": PARTY_AMENDED_NEWS, "tin-cao-bang.txt": UNDATED_NEWS}
    for name, text in texts.items():
        (root / name).write_text(text, "utf-8")
    ingest(root / "data", [root / name for name in texts])
    writer = GraphStore(root / "data")
    try:
        numbered = _numbers(writer)
        dates = [(URIRef(numbered[n]), ELI.first_date_entry_in_force, Literal(d))
                 for n, d in EFFECTIVE.items()]
        dates += [(URIRef(numbered[n]), ELI.date_no_longer_in_force, Literal(d)) for n, d in EXPIRES.items()]
        # A misread text could state a law replacing itself: it must never end the law.
        new = URIRef(numbered["77/2024/QH15"])
        writer.replace_source(TEST_GRAPH, [*dates, (new, ELI.repeals, new)])
        writer.publish()
    finally:
        writer.close()
    reader = GraphStore(root / "data", read_only=True)
    yield reader
    reader.close()


def _numbers(store) -> dict[str, str]:
    return {r["n"].value: r["d"].value for r in store.query("SELECT ?d ?n WHERE { ?d eli:id_local ?n }")}


@pytest.fixture(scope="module")
def iri(store):
    numbers = _numbers(store)
    return numbers.__getitem__


def sentences(reason) -> list[str]:
    return [e.sentence for e in reason.evidence]


def test_a_replaced_law_is_no_longer_in_force_and_names_the_law_replacing_it(store, iri):
    status = document_status(store, iri("12/2009/QH12"), at=D(2025, 3, 1))
    assert (status.code, status.label) == ("het-hieu-luc-toan-bo", "Hết hiệu lực toàn bộ")
    [reason] = status.reasons
    assert reason.kind == "replaced_by" and reason.document == iri("77/2024/QH15")
    assert "77/2024/QH15" in reason.label
    assert reason.date == D(2025, 1, 1)  # the day the new law took effect, not the day it was signed
    assert sentences(reason) == [REPLACING_SENTENCE]
    assert reason.evidence[0].source.startswith("https://vankien.example/source/")


def test_before_the_replacement_takes_effect_the_old_law_is_in_force(store, iri):
    status = document_status(store, iri("12/2009/QH12"), at=D(2024, 12, 31))
    assert (status.code, status.label) == ("con-hieu-luc", "Còn hiệu lực")
    assert [(r.kind, r.date) for r in status.reasons] == [("effective", D(2010, 1, 1)),
                                                          ("replaced_later", D(2025, 1, 1))]  # told what comes
    assert document_status(store, iri("12/2009/QH12"), at=D(2025, 1, 1)).code == "het-hieu-luc-toan-bo"


def test_a_signed_law_not_yet_effective(store, iri):
    status = document_status(store, iri("77/2024/QH15"), at=D(2024, 7, 1))
    assert (status.code, status.label) == ("chua-co-hieu-luc", "Chưa có hiệu lực")
    assert [(r.kind, r.date) for r in status.reasons] == [("effective", D(2025, 1, 1))]


def test_a_law_asked_about_before_it_was_signed_did_not_exist_yet(store, iri):
    status = document_status(store, iri("77/2024/QH15"), at=D(2024, 1, 1))
    assert status.code == "chua-co-hieu-luc"
    signed = [r for r in status.reasons if r.kind == "signed"]
    assert [(r.date, r.note) for r in signed] == [(D(2024, 6, 12), "văn bản chưa được ký ban hành vào ngày này")]


def test_a_law_amended_is_still_in_force_with_a_note(store, iri):
    before = document_status(store, iri("77/2024/QH15"), at=D(2025, 3, 1))
    assert (before.code, before.note, before.amended) == ("con-hieu-luc", None, False)
    status = document_status(store, iri("77/2024/QH15"), at=D(2025, 8, 1))
    assert (status.code, status.label, status.note) == ("con-hieu-luc", "Còn hiệu lực", "đã được sửa đổi, bổ sung")
    amended = [r for r in status.reasons if r.kind == "amended_by"]
    assert [(r.document, r.date, sentences(r)) for r in amended] == [
        (iri("40/2025/QH15"), D(2025, 7, 1), [AMENDING_SENTENCE])]
    assert status.reasons[0].kind == "effective"


def test_a_law_with_an_article_repealed_is_partly_no_longer_in_force(store, iri):
    status = document_status(store, iri("77/2024/QH15"), at=D(2026, 2, 1))
    assert (status.code, status.label) == ("het-hieu-luc-mot-phan", "Hết hiệu lực một phần")
    assert [(r.kind, r.document, r.date) for r in status.reasons] == [
        ("partly_repealed_by", iri("32/2025/QH15"), D(2026, 1, 1)),
        ("effective", None, D(2025, 1, 1)),
        ("amended_by", iri("40/2025/QH15"), D(2025, 7, 1))]
    assert sentences(status.reasons[0]) == [REPEALING_SENTENCE]
    # the repealing law was signed, not yet in effect: the article still applied
    assert document_status(store, iri("77/2024/QH15"), at=D(2025, 12, 1)).code == "con-hieu-luc"


def test_a_party_document_applies_from_signing_until_replaced(store, iri):
    before = document_status(store, iri("40-NQ/TU"), at=D(2023, 1, 1))
    assert (before.code, before.label, before.party) == ("con-hieu-luc", "Còn hiệu lực", True)
    assert [(r.kind, r.date, r.note) for r in before.reasons] == [
        ("signed", D(2021, 1, 10), "có hiệu lực từ ngày ký"),
        ("replaced_later", D(2024, 3, 5), "còn áp dụng đến khi văn bản thay thế có hiệu lực")]
    after = document_status(store, iri("40-NQ/TU"), at=D(2024, 6, 1))
    assert (after.code, after.label) == ("het-hieu-luc-toan-bo", "Đã được thay thế")
    [reason] = after.reasons
    assert (reason.kind, reason.document, reason.date) == ("replaced_by", iri("55-NQ/TU"), D(2024, 3, 5))
    assert sentences(reason) == [PARTY_SENTENCE]


def test_a_party_document_amended_still_applies(store, iri):
    status = document_status(store, iri("12-QĐi/TU"), at=D(2023, 1, 1))
    assert (status.code, status.label, status.note) == ("con-hieu-luc", "Đã được sửa đổi", None)
    assert [r.kind for r in status.reasons] == ["signed", "amended_by"]
    assert document_status(store, iri("12-QĐi/TU"), at=D(2021, 1, 1)).label == "Còn hiệu lực"


def test_a_document_past_the_expiry_it_states_is_no_longer_in_force(store, iri):
    status = document_status(store, iri("20-QĐi/TU"), at=D(2025, 12, 31))
    assert (status.code, status.label) == ("het-hieu-luc-toan-bo", "Hết hiệu lực toàn bộ")
    assert [(r.kind, r.date) for r in status.reasons] == [("expires", D(2025, 12, 31))]
    assert document_status(store, iri("20-QĐi/TU"), at=D(2025, 12, 30)).code == "con-hieu-luc"


def test_nothing_known_is_undetermined(store, iri):
    status = document_status(store, iri("44/KH-BTP"), at=D(2025, 1, 1))
    assert (status.code, status.label, status.reasons) == ("khong-xac-dinh", "Không xác định", ())


def test_a_replacement_of_unknown_date_counts_today_and_after_every_date_known_of_the_replaced(store, iri):
    # 25/QĐ-UBND has no date: it replaced 7/2019/QĐ-UBND (signed 3/4/2019) some day after that
    today = document_status(store, iri("7/2019/QĐ-UBND"))
    assert (today.code, today.at) == ("het-hieu-luc-toan-bo", datetime.date.today())
    assert [(r.kind, r.document, r.date) for r in today.reasons] == [("replaced_by", iri("25/QĐ-UBND"), None)]
    assert document_status(store, iri("7/2019/QĐ-UBND"), at=D(2020, 1, 1)).code == "het-hieu-luc-toan-bo"
    assert document_status(store, iri("7/2019/QĐ-UBND"), at=D(2019, 4, 3)).code == "khong-xac-dinh"


def test_a_document_never_replaces_itself(store, iri):
    assert document_status(store, iri("77/2024/QH15"), at=D(2025, 3, 1)).code == "con-hieu-luc"


def test_the_json_form(store, iri):
    data = document_status(store, iri("12/2009/QH12"), at=D(2025, 3, 1)).to_json()
    json.dumps(data)
    assert {"code", "label", "at", "reasons"} <= data.keys() and data["at"] == "2025-03-01"
    assert data["reasons"][0] | {"evidence": None} == {
        "kind": "replaced_by", "iri": iri("77/2024/QH15"), "label": data["reasons"][0]["label"],
        "date": "2025-01-01", "note": None, "evidence": None}
    assert data["reasons"][0]["evidence"][0]["sentence"] == REPLACING_SENTENCE


@pytest.mark.parametrize("at", [None, D(2009, 1, 1), D(2023, 1, 1), D(2024, 12, 31), D(2025, 8, 1), D(2026, 2, 1)])
def test_bulk_answers_as_one_by_one_for_every_document(store, at):
    every = statuses(store, at=at)
    documents = set(_numbers(store).values())
    assert documents <= every.keys()
    for iri, status in every.items():
        assert status == document_status(store, iri, at), iri
    some = sorted(documents)[:3]
    assert statuses(store, some, at) == {i: every[i] for i in some}


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="'not an iri': not an IRI"):
        document_status(None, "not an iri")
    with pytest.raises(ValueError, match="at='2025-01-01': not a date"):
        statuses(None, ["https://vankien.example/x"], "2025-01-01")
