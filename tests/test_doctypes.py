"""Document types and the issuer a number implies, as `vankien extract` reports them."""

from __future__ import annotations

import json
import unicodedata

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from vankien.graph.doctypes import DOCUMENT_TYPES
from vankien.graph.vocab import DOCTYPE, VOCABULARY_FILE
from vankien.web.cli import main

HEADER = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------

Số: {number}

Hà Nội, ngày {day}

{type}

{title}

{body}
"""

ARTICLE = """Tin hoạt động

{body}
"""


def extract(tmp_path, name: str, text: str) -> dict:
    path = tmp_path / name
    path.write_text(unicodedata.normalize("NFC", text), encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    (line,) = result.output.splitlines()
    return json.loads(line)


def official(tmp_path, number: str, doc_type: str, day: str, title: str, body: str) -> dict:
    record = extract(tmp_path, "official.txt",
                     HEADER.format(number=number, type=doc_type, day=day, title=title, body=body))
    assert record["source"]["kind"] == "official_document"
    (own,) = [d for d in record["documents"] if d["is_source"]]
    return own


def cited(tmp_path, sentence: str) -> list[tuple[str, str, str | None]]:
    record = extract(tmp_path, "article.txt", ARTICLE.format(body=sentence))
    return [(d["type"], d["number"], d["issuer"]) for d in record["documents"]]


# --- the issuer a number implies: the same in a header and in running text -------

def test_standing_committee_number_in_a_header(tmp_path):
    own = official(tmp_path, "1023/2020/UBTVQH14", "NGHỊ QUYẾT", "28 tháng 9 năm 2020",
                   "VỀ VIỆC ĐIỀU CHỈNH MỨC GIẢM TRỪ GIA CẢNH CỦA THUẾ THU NHẬP CÁ NHÂN",
                   "Điều 1. Mức giảm trừ.")
    assert (own["type"], own["number"], own["issuer"]) == (
        "Nghị quyết", "1023/2020/UBTVQH14", "Ủy ban Thường vụ Quốc hội")


def test_standing_committee_number_in_running_text(tmp_path):
    assert cited(tmp_path, "Theo Nghị quyết số 1023/2020/UBTVQH14, mức giảm trừ đã được điều chỉnh.") == [
        ("Nghị quyết", "1023/2020/UBTVQH14", "Ủy ban Thường vụ Quốc hội")]


def test_council_of_state_chairman_order_in_a_header(tmp_path):
    own = official(tmp_path, "21-LCT/HĐNN8", "LỆNH", "10 tháng 1 năm 1990", "VỀ VIỆC CÔNG BỐ LUẬT",
                   "Nay công bố Luật đã được thông qua.")
    assert (own["type"], own["number"], own["issuer"]) == ("Lệnh", "21-LCT/HĐNN8", "Chủ tịch Hội đồng Nhà nước")


def test_council_of_state_chairman_order_in_running_text(tmp_path):
    assert cited(tmp_path, "Lệnh số 21-LCT/HĐNN8 công bố Luật đã được thông qua.") == [
        ("Lệnh", "21-LCT/HĐNN8", "Chủ tịch Hội đồng Nhà nước")]


def test_council_of_state_number_without_the_chairman(tmp_path):
    assert cited(tmp_path, "Nghị quyết số 1029-NQ/HĐNN8 đã được ban hành.") == [
        ("Nghị quyết", "1029-NQ/HĐNN8", "Hội đồng Nhà nước")]


@pytest.mark.parametrize("number, issuer", [
    ("45/2013/QH13", "Quốc hội"),
    ("30/2020/NĐ-CP", "Chính phủ"),
    ("03/2007/TTLT-BTP-BNV", "Bộ Tư pháp"),
])
def test_header_and_text_agree_on_state_numbers(tmp_path, number, issuer):
    own = official(tmp_path, number, "VĂN BẢN", "1 tháng 1 năm 2020", "VỀ VIỆC THỬ", "Điều 1. Nội dung.")
    assert own["issuer"] == issuer
    assert [i for _, n, i in cited(tmp_path, f"Căn cứ văn bản số {number}, cơ quan đã thực hiện.")
            if n == number] == [issuer]


# --- the registry -------------------------------------------------------------------

def test_party_and_state_readings_of_the_same_code(tmp_path):
    assert cited(tmp_path, "Thực hiện số 12-TT/TW và số 05/2020/TT-BTC, các đơn vị đã triển khai.") == [
        ("Thông tri", "12-TT/TW", None), ("Thông tư", "05/2020/TT-BTC", "Bộ Tài chính")]


def test_abbreviated_type_words_name_their_type(tmp_path):
    record = extract(tmp_path, "article.txt", ARTICLE.format(
        body="Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị được quán triệt; "
             "việc thực hiện NQ 35 được sơ kết."))
    (doc,) = record["documents"]
    assert (doc["type"], doc["number"], len(doc["mentions"])) == ("Nghị quyết", "35-NQ/TW", 2)


def test_every_type_has_a_published_concept():
    vocabulary = Graph().parse(VOCABULARY_FILE)
    concepts = set(vocabulary.subjects(RDF.type, SKOS.Concept))
    assert {t.name for t in DOCUMENT_TYPES if DOCTYPE[t.concept] not in concepts} == set()
