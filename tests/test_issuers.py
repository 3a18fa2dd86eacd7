"""Who issued a document, read from the clause around it when its number does not say.

Every sentence here was written for these tests.
"""

from __future__ import annotations

from vankien.graph.extract.extractor import extract
from vankien.graph.sources.model import Source


def issuers(text: str) -> list[tuple[str | None, str | None]]:
    found = extract(Source(path="t.txt", text=text, sha256="0" * 64, title="Tin"))
    return [(d.number, d.issuer) for d in found.documents]


def test_the_subject_that_has_or_sends_a_document_issued_it():
    assert issuers("Hôm qua, Bộ Y tế có Công văn số 812/BYT-DP gửi các địa phương. Sau đó Bộ Tài chính gửi "
                   "Công văn số 77/BTC-NSNN về kinh phí.") == [
        ("812/BYT-DP", "Bộ Y tế"), ("77/BTC-NSNN", "Bộ Tài chính")]


def test_the_body_speaking_in_a_document_issued_it():
    assert issuers("Tại Thông báo số 19/TB-VPCP, Văn phòng Chính phủ nêu rõ ý kiến của Thủ tướng.") == [
        ("19/TB-VPCP", "Văn phòng Chính phủ")]


def test_a_body_after_a_document_it_only_applies_did_not_issue_it():
    assert issuers("Theo Công văn số 55/CV-XX, Bộ Y tế sẽ kiểm tra các bệnh viện.") == [("55/CV-XX", None)]


def test_a_signature_clause_after_a_document_gives_its_date():
    found = extract(Source(path="t.txt", text="Công văn số 61/UBKT do Phó Chủ nhiệm Ủy ban Trần Văn Bình ký ngày "
                                              "3/4/2019 nêu rõ yêu cầu.", sha256="0" * 64, title="Tin"))
    assert [(d.number, d.date) for d in found.documents] == [("61/UBKT", "2019-04-03")]
