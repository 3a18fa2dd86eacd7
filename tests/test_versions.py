"""Laws of one name on one timeline: which version was in force when, and what replaced and amended each."""

from __future__ import annotations

import datetime

import pytest

from vankien.graph.store import GraphStore
from vankien.graph.versions import versions
from vankien.search.pipeline import ingest

from conftest import beekeeping_law

OLD = beekeeping_law("12/2009/QH12", 10, 6, 2009) + """Điều 2. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2010.
"""
AMENDING = beekeeping_law("30/2016/QH14", 1, 4, 2016).replace("LUẬT\nNUÔI ONG", "LUẬT\nTHÚ Y") + """Điều 2.
Bãi bỏ Điều 1 của Luật Nuôi ong số 12/2009/QH12.
"""
NEW = beekeeping_law() + """Điều 2. Hiệu lực thi hành
1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2025.
2. Luật Nuôi ong số 12/2009/QH12 hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.
"""
BASE = "https://vankien.example/eli/nuoc/qh/"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("versions-timeline")
    paths = []
    for name, text in (("a-old.txt", OLD), ("b-amending.txt", AMENDING), ("c-new.txt", NEW)):
        (root / name).write_text(text, "utf-8")
        paths.append(root / name)
    ingest(root / "data", paths)
    found = GraphStore(root / "data", read_only=True)
    yield found
    found.close()


def test_the_versions_of_a_law_are_on_one_timeline_with_the_one_in_force(store):
    timeline = versions(store, f"{BASE}2024/l/77", datetime.date(2026, 1, 1))
    assert [v["iri"] for v in timeline] == [f"{BASE}2009/l/12", f"{BASE}2024/l/77"]
    old, new = timeline
    assert (old["status"]["code"], old["current"], old["replaced_by"]["iri"]) == (
        "het-hieu-luc-toan-bo", False, f"{BASE}2024/l/77")
    assert [(c["change"], c["iri"]) for c in old["changes"]] == [("partly_repealed_by", f"{BASE}2016/l/30")]
    assert (new["effective"], new["current"], new["replaced_by"]) == ("2025-01-01", True, None)


def test_on_an_earlier_day_the_older_version_is_the_one_in_force(store):
    timeline = versions(store, f"{BASE}2009/l/12", datetime.date(2020, 1, 1))
    assert [(v["iri"], v["current"]) for v in timeline] == [(f"{BASE}2009/l/12", True), (f"{BASE}2024/l/77", False)]
    assert timeline[0]["status"]["code"] == "het-hieu-luc-mot-phan"  # Điều 1 repealed in 2016


def test_a_document_without_namesakes_has_no_timeline(store):
    assert versions(store, f"{BASE}2016/l/30") == []


def test_a_law_page_shows_its_namesakes_on_a_timeline(store):
    from vankien.web.app import create_app

    client = create_app(store.data_dir, TESTING=True).test_client()
    page = client.get("/eli/nuoc/qh/2009/l/12?at=2020-01-01").get_data(as_text=True)
    versions_html = page[page.index('id="versions"'):]
    versions_html = versions_html[:versions_html.index("</section>")]
    assert versions_html.index("12/2009/QH12") < versions_html.index("77/2024/QH15")
    assert "đang áp dụng" in versions_html and "Bị bãi bỏ một phần bởi" in versions_html
    assert 'class="citation"' in page and "ngày 10/6/2009 của Quốc hội" in page
