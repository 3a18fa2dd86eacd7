"""``/feed.atom``: the Atom feed of documents, read back with a real feed parser and the standard XML parser.

The data is the seed article, the official text of Nghị quyết 40-NQ/TU and an article written here
naming two documents of Ban Thường vụ Tỉnh ủy Lạng Sơn with their dates, one whose subject holds
``<`` and ``&``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime

import feedparser
import pytest

from vankien.graph.store import GraphStore
from vankien.search.pipeline import ingest
from vankien.web.app import create_app
from vankien.web.views import feeds

from conftest import FIXTURES, SEED

ATOM = "{http://www.w3.org/2005/Atom}"
PROVINCE = "Ban Thường vụ Tỉnh ủy Lạng Sơn"
CT07 = "https://vankien.example/eli/dang/tinh-uy-lang-son/2023/ct/7"
ARTICLE = f"""Tỉnh ủy Lạng Sơn triển khai các chỉ thị mới

Thứ 2, 20.03.2023 | 08:00:00

Ngày 12/3/2023, {PROVINCE} ban hành Chỉ thị số 07-CT/TU về "Phòng, chống tham nhũng <tiêu cực> & lãng phí".

Ngày 02/01/2020, {PROVINCE} ban hành Kết luận số 12-KL/TU về công tác cán bộ.

HÀ AN
"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("feeds")
    article = root / "chi-thi-07.txt"
    article.write_text(ARTICLE, "utf-8")
    data = root / "data"
    ingest(data, [SEED, article, FIXTURES / "party_resolution.txt"])
    return data


@pytest.fixture(scope="module")
def client(data_dir):
    return create_app(data_dir, TESTING=True).test_client()


def fetch(client, url: str):
    """The feed at ``url``, parsed by feedparser, after checking the answer is well-formed Atom."""
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def updated(entry) -> datetime:
    return datetime.fromisoformat(entry.updated)


def test_the_feed_lists_the_documents_with_their_labels_and_pages(client):
    feed = fetch(client, "/feed.atom")
    browsed = client.get("/browse.json").get_json()["items"]
    assert [(e.id, e.title) for e in feed.entries] == [(d["iri"], d["label"]) for d in browsed]
    assert feed.feed.title == "Văn bản mới"
    assert feed.feed.id == "https://vankien.example/feed.atom"
    assert feed.feed.author == "Văn kiện" and feed.feed.generator == "vankien"
    assert {link.rel for link in feed.feed.links} >= {"self", "alternate"}
    assert updated(feed.feed) == max(updated(e) for e in feed.entries)
    resolution = next(e for e in feed.entries if e.title == "Nghị quyết số 40-NQ/TU")
    page = client.get(resolution.link.removeprefix("http://localhost"))
    assert page.status_code == 200 and "Nghị quyết số 40-NQ/TU" in page.get_data(as_text=True)


def test_the_xml_is_escaped_utf8_atom_for_the_standard_parser(client):
    body = client.get("/feed.atom").data
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert "&lt;tiêu cực&gt; &amp; lãng phí".encode() in body
    root = ET.fromstring(body)
    assert root.tag == f"{ATOM}feed"
    for entry in root.iter(f"{ATOM}entry"):
        assert {child.tag.removeprefix(ATOM) for child in entry} >= {"id", "title", "updated", "link", "summary"}


def test_an_entry_says_type_number_issuer_and_date_in_vietnamese(client):
    entry = next(e for e in fetch(client, "/feed.atom").entries if e.id == CT07)
    assert entry.title == "Chỉ thị số 07-CT/TU"
    assert entry.summary.splitlines() == [
        "Loại văn bản: Chỉ thị.", "Số hiệu: 07-CT/TU.", f"Cơ quan ban hành: {PROVINCE}.",
        "Ngày ban hành: 12/03/2023.", "Trích yếu: Phòng, chống tham nhũng <tiêu cực> & lãng phí"]
    assert entry.updated == "2023-03-12T00:00:00+07:00"
    assert [tag.term for tag in entry.tags] == ["Chỉ thị"]


def test_an_undated_document_is_dated_by_the_newest_source_naming_it(client, data_dir):
    entries = fetch(client, "/feed.atom").entries
    undated = next(e for e in entries if e.title == "Nghị quyết số 35-NQ/TW")
    assert "Ngày ban hành: chưa rõ." in undated.summary.splitlines()
    store = GraphStore(data_dir, read_only=True)
    try:
        read = [row["t"].value for row in store.query(
            f"SELECT ?t WHERE {{ ?s schema:mentions <{undated.id}> ; prov:generatedAtTime ?t }}")]
    finally:
        store.close()
    assert updated(undated) == max(datetime.fromisoformat(t) for t in read)
    assert len({e.updated for e in entries}) > 1


def test_entries_are_newest_first(client):
    entries = fetch(client, "/feed.atom").entries
    dated = [e for e in entries if "Ngày ban hành: chưa rõ." not in e.summary]
    assert len(dated) >= 3
    assert entries[:len(dated)] == dated, "documents with a date signed come before those without"
    days = [updated(e) for e in dated]
    assert days == sorted(days, reverse=True)
    assert days[0].date().isoformat() == "2023-03-12"


def test_filters_narrow_the_entries_and_name_the_feed(client):
    everything = {e.id for e in fetch(client, "/feed.atom").entries}
    directives = fetch(client, "/feed.atom?type=Chỉ+thị")
    assert [e.id for e in directives.entries] == [CT07]
    assert directives.feed.title == "Văn bản mới · Chỉ thị"
    assert [e.id for e in fetch(client, "/feed.atom?type=chỉ+thị").entries] == [CT07]  # the case does not matter
    by_issuer = fetch(client, f"/feed.atom?issuer={PROVINCE}")
    assert 1 < len(by_issuer.entries) < len(everything)
    assert all(f"Cơ quan ban hành: {PROVINCE}." in e.summary for e in by_issuer.entries)
    in_2020 = fetch(client, f"/feed.atom?issuer={PROVINCE}&year=2020")
    assert [e.title for e in in_2020.entries] == ["Kết luận số 12-KL/TU"]
    assert in_2020.feed.title == f"Văn bản mới · {PROVINCE} · năm 2020"
    self_link = next(link.href for link in in_2020.feed.links if link.rel == "self")
    assert re.search(r"issuer=Ban\+Th", self_link) and "year=2020" in self_link
    assert fetch(client, "/feed.atom?type=Luật&year=1999").entries == []


@pytest.mark.parametrize(("query", "message"), [
    ("year=20x1", "year: must be a year of four digits, e.g. 2021 (not '20x1')"),
    ("type=Nghi+dinh+thu", "type: unknown document type 'Nghi dinh thu' (one of: Nghị quyết, "),
    ("status=in-force", "status: unknown status 'in-force' (one of: con-hieu-luc, "),
    ("page=0", "page: must be a whole number from 1 to 10000"),
])
def test_a_bad_parameter_is_a_400_saying_which_and_why(client, query, message):
    response = client.get(f"/feed.atom?{query}")
    assert response.status_code == 400 and response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error.startswith(message) and "\n" not in error


def test_the_feed_narrows_to_a_status(client):
    everything = fetch(client, "/feed.atom")
    in_force = fetch(client, "/feed.atom?status=con-hieu-luc")
    unknown = fetch(client, "/feed.atom?status=khong-xac-dinh")
    assert len(in_force.entries) + len(unknown.entries) <= len(everything.entries)
    assert unknown.entries and "Không xác định" in unknown.feed.title


def test_pages_link_to_each_other(client, monkeypatch):
    everything = [e.id for e in fetch(client, "/feed.atom").entries]
    monkeypatch.setattr(feeds, "PAGE_SIZE", 3)
    first = fetch(client, "/feed.atom")
    links = {link.rel: link.href for link in first.feed.links}
    assert links["next"] == "http://localhost/feed.atom?page=2" and "previous" not in links
    assert links["last"] == f"http://localhost/feed.atom?page={-(-len(everything) // 3)}"
    pages, url = [], "/feed.atom"
    while url:
        feed = fetch(client, url)
        pages.append([e.id for e in feed.entries])
        url = next((link.href.removeprefix("http://localhost") for link in feed.feed.links if link.rel == "next"),
                   None)
    assert all(len(page) <= 3 for page in pages) and len(pages) > 1
    assert [iri for page in pages for iri in page] == everything


def test_home_and_browse_pages_announce_the_feed(client):
    def announced(url: str) -> list[str]:
        html = client.get(url).get_data(as_text=True)
        head = html.split("</head>")[0]
        return re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)"', head)

    assert announced("/") == ["/feed.atom"]
    [browse_feed] = announced("/browse?type=Chỉ+thị&year=2023&page=1")
    assert "page" not in browse_feed
    feed = fetch(client, browse_feed.replace("&amp;", "&"))
    assert feed.feed.title == "Văn bản mới · Chỉ thị · năm 2023" and [e.id for e in feed.entries] == [CT07]
    assert announced("/browse?kind=person") == []


def test_the_api_describes_the_feed(client):
    described = client.get("/api/openapi.json").get_json()["paths"]["/feed.atom"]["get"]
    assert "application/atom+xml" in described["responses"]["200"]["content"]
    assert {p["name"] for p in described["parameters"]} == {"type", "issuer", "year", "page"}
    assert "/feed.atom" in client.get("/api").get_data(as_text=True)
