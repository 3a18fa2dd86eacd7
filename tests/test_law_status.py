"""The legal status of the corpus's laws, checked against what their texts say (each case read in the text).

- Luật Đất đai 45/2013/QH13, Điều 211: "Luật đất đai số 13/2003/QH11 … hết hiệu lực kể từ ngày Luật này có
  hiệu lực", and "Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2014".
- Bộ luật Hình sự 100/2015/QH13: "Bộ luật hình sự số 15/1999/QH10 … hết hiệu lực", the code itself "có hiệu lực
  thi hành từ ngày 01 tháng 7 năm 2016" (a later resolution moved it; that resolution is not in the corpus).
- Luật Đầu tư 61/2020/QH14 replaces "Luật Đầu tư số 67/2014/QH14" (its own spelling of 67/2014/QH13); Luật Bảo vệ
  môi trường 72/2020/QH14 replaces 55/2014/QH13 and says nothing of 61/2020, which stays in force.
"""

from __future__ import annotations

import datetime

import pytest

from vankien.graph.status import document_status, statuses
from vankien.graph.store import GraphStore
from vankien.graph.vocab import ELI
from vankien.web.app import create_app

pytestmark = pytest.mark.corpus

BASE = "https://vankien.example/eli/nuoc/qh/"
LAND_2003, LAND_2013 = f"{BASE}2003/l/13", f"{BASE}2013/l/45"
PENAL_1999, PENAL_2015 = f"{BASE}1999/bl/15", f"{BASE}2015/bl/100"
INVESTMENT_2020, ENVIRONMENT_2020 = f"{BASE}2020/l/61", f"{BASE}2020/l/72"


@pytest.fixture(scope="module")
def store(seeds_laws_data):
    found = GraphStore(seeds_laws_data, read_only=True)
    yield found
    found.close()


@pytest.mark.parametrize(("old", "new", "effective", "words"), [
    (LAND_2003, LAND_2013, datetime.date(2014, 7, 1), "Luật đất đai số 13/2003/QH11"),
    (PENAL_1999, PENAL_2015, datetime.date(2016, 7, 1), "Bộ luật hình sự số 15/1999/QH10"),
])
def test_a_law_replaced_by_a_later_law_is_out_of_force_from_that_laws_effect(store, old, new, effective, words):
    today = document_status(store, old)
    assert (today.code, today.label) == ("het-hieu-luc-toan-bo", "Hết hiệu lực toàn bộ")
    [reason] = [r for r in today.reasons if r.kind == "replaced_by"]
    assert (reason.document, reason.date) == (new, effective)
    assert any(words in e.sentence and "hết hiệu lực" in e.sentence for e in reason.evidence)
    before = document_status(store, old, effective - datetime.timedelta(days=1))
    assert before.code == "con-hieu-luc"
    assert [(r.kind, r.document, r.date) for r in before.reasons][:1] == [("replaced_later", new, effective)]
    assert document_status(store, old, effective).code == "het-hieu-luc-toan-bo"


def test_the_new_investment_law_is_in_force_and_replaced_by_nothing(store):
    status = document_status(store, INVESTMENT_2020)
    assert status.code == "con-hieu-luc"
    assert [(r.kind, r.date) for r in status.reasons] == [("effective", datetime.date(2021, 1, 1))]
    replacers = {r["s"].value for r in store.query(f"SELECT ?s WHERE {{ ?s <{ELI.repeals}> <{INVESTMENT_2020}> }}")}
    assert ENVIRONMENT_2020 not in replacers and not replacers


def test_every_law_replaced_by_a_law_in_effect_shows_it(store):
    """Each "X eli:repeals Y" between laws whose replacing law is in effect today leaves Y out of force, with X
    among the reasons; and no law replaces itself."""
    pairs = [(r["s"].value, r["o"].value) for r in store.query(
        f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{ELI.repeals}> ?o . FILTER(CONTAINS(STR(?o), '/l/') "
        f"|| CONTAINS(STR(?o), '/bl/')) }}")]
    assert len(pairs) >= 60
    found = statuses(store, sorted({o for _, o in pairs}))
    for new, old in pairs:
        assert new != old
        reasons = {r.document for r in found[old].reasons if r.kind == "replaced_by"}
        if found[old].code == "het-hieu-luc-toan-bo":
            assert new in reasons or reasons, (old, new)
        else:  # its replacement is not in effect yet, or its date is unknown
            assert any(r.kind == "replaced_later" and r.document == new for r in found[old].reasons) \
                or found[old].code in ("khong-xac-dinh", "chua-co-hieu-luc"), (old, new, found[old])


def test_the_law_page_switches_status_with_the_day(seeds_laws_data):
    client = create_app(seeds_laws_data, TESTING=True).test_client()
    path = LAND_2003.removeprefix("https://vankien.example")
    assert "Hết hiệu lực toàn bộ" in client.get(path).get_data(as_text=True)
    before = client.get(f"{path}?at=2014-06-30").get_data(as_text=True)
    assert "Còn hiệu lực" in before and "Sẽ bị thay thế bởi" in before
    page = client.get(LAND_2013.removeprefix("https://vankien.example")).get_data(as_text=True)
    assert "01/07/2014" in page and 'href="#dieu-211"' in page and "Nguyễn Sinh Hùng" in page
