"""Mentions that help: a document's page tells news articles from the official texts naming it and folds the
"Căn cứ …" of the documents based on it into one line; a person's page lists what they signed apart from the
articles mentioning them; a list shown in part says how much is shown and links to the whole of it; the home
page's counts add up.

Three laws are written here, each "Căn cứ Hiến pháp …" and signed by the Chủ tịch Quốc hội; a news article
names the constitution and the Chủ tịch. The 2024 laws rest on the 2013 constitution, the 2009 law on the one
in force then.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from rdflib import URIRef

from vankien.graph import describe as describe_module
from vankien.graph.store import GraphStore
from vankien.graph.vocab import ELI, document_type_concept
from vankien.search.pipeline import ingest
from vankien.web.app import create_app

from conftest import beekeeping_law

SIGNATURE = "\nCHỦ TỊCH QUỐC HỘI\n\nTrần Thanh Mẫn\n"
NEWS_SENTENCE = "Theo Hiến pháp năm 2013, mọi người có quyền tự do kinh doanh."
NEWS = f"""Quốc hội bàn về nghề nuôi ong

Ngày 5/6/2024, Chủ tịch Quốc hội Trần Thanh Mẫn phát biểu tại phiên họp về nghề nuôi ong. {NEWS_SENTENCE}
"""
LAWS = {"luat-77.txt": beekeeping_law("77/2024/QH15", 12, 6, 2024) + SIGNATURE,
        "luat-31.txt": beekeeping_law("31/2024/QH15", 18, 1, 2024) + SIGNATURE,
        "luat-12.txt": beekeeping_law("12/2009/QH12", 10, 6, 2009) + SIGNATURE}
BASE = "https://vankien.example"


def build(root):
    for name, text in {**LAWS, "tin-quoc-hoi.txt": NEWS}.items():
        (root / name).write_text(text, "utf-8")
    ingest(root / "data", [root / name for name in [*LAWS, "tin-quoc-hoi.txt"]])
    return root / "data"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return build(tmp_path_factory.mktemp("mentions"))


@pytest.fixture(scope="module")
def site(data):
    return create_app(data, TESTING=True).test_client()


def path_of(iri: str) -> str:
    return iri.removeprefix(BASE)


def page(site, path: str) -> str:
    response = site.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    return html_lib.unescape(response.get_data(as_text=True))


def section(html: str, name: str) -> str:
    start = html.index(f'<section id="{name}"')
    return html[start:html.index("</section>", start)]


def plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


@pytest.fixture(scope="module")
def law(site):
    return site.get("/eli/nuoc/qh/2024/l/77.json").get_json()


@pytest.fixture(scope="module")
def constitution(law):
    [based_on] = [r["iri"] for r in law["relations"] if r["relation"] == "based_on"]
    return based_on


def test_documents_citing_a_document_as_their_basis_are_one_line_that_opens_to_the_list(site, constitution):
    html = page(site, path_of(constitution))
    citing = section(html, "citing")
    folded = re.search(r"<details class=\"basis-of\"><summary>(.*?)</summary>(.*?)</details>", citing, re.S)
    assert folded and folded.group(1) == "Được dẫn làm căn cứ bởi 2 văn bản"
    assert 'href="/eli/nuoc/qh/2024/l/77"' in folded.group(2) and 'href="/eli/nuoc/qh/2024/l/31"' in folded.group(2)
    assert "/eli/nuoc/qh/2009/l/12" not in folded.group(2)  # based on the constitution of its day
    assert "Căn cứ Hiến pháp" not in html[html.index('id="citing"'):]  # no quote repeated per law
    articles = section(html, "articles")
    assert "Bài viết nhắc đến (1)" in articles and f"<blockquote>{NEWS_SENTENCE}</blockquote>" in articles


def test_a_document_json_tells_news_from_official_texts_and_keeps_the_old_count(site, constitution):
    data = site.get(f"{path_of(constitution)}.json").get_json()
    assert data["basis_of_total"] == 2 and {d["number"] for d in data["basis_of"]} == {"77/2024/QH15", "31/2024/QH15"}
    assert data["mentioning_total"] == 1 and data["mentioning"][0]["sentences"] == [NEWS_SENTENCE]
    assert data["articles_total"] == 3  # every text naming it, as before: the two laws and the news


def test_a_person_page_lists_what_they_signed_with_post_and_date_apart_from_mentions(site, law):
    [signer] = law["signers"]
    html = page(site, path_of(signer["iri"]))
    signed = plain(section(html, "signed"))
    assert "Văn bản đã ký (3)" in signed
    assert re.search(r"Luật Nuôi ong số 77/2024/QH15 — Chủ tịch Quốc hội 12/06/2024", signed)
    assert signed.index("77/2024/QH15") < signed.index("31/2024/QH15") < signed.index("12/2009/QH12")  # newest first
    articles = section(html, "articles")
    assert "Bài viết nhắc đến (1)" in articles and "Quốc hội bàn về nghề nuôi ong" in articles
    assert articles.count("<li>") == 1  # the laws' own texts name them as their signer: not mentions


def test_an_organisation_page_counts_its_own_documents_texts_as_documents_not_mentions(site, law):
    html = page(site, path_of(law["issuer"]["iri"]))
    assert "Văn bản ban hành (5)" in section(html, "documents")
    articles = section(html, "articles")
    assert "Bài viết nhắc đến (1)" in articles and articles.count("<li>") == 1
    assert "Quốc hội bàn về nghề nuôi ong" in articles


def test_a_capped_list_says_how_much_it_shows_and_links_to_all(site, law, monkeypatch):
    monkeypatch.setattr(describe_module, "MAX_LISTED", 2)
    html = page(site, path_of(law["issuer"]["iri"]))
    documents = section(html, "documents")
    # three laws and the two constitutions they rest on, passed by Quốc hội
    assert "Văn bản ban hành (5)" in documents and "Hiển thị 2 trên 5" in documents
    link = re.search(r'Hiển thị 2 trên 5 · <a href="([^"]+)">Xem toàn bộ</a>', documents).group(1)
    assert parse_qs(urlsplit(link).query) == {"issuer": ["Quốc hội"]}
    assert site.get(link.replace("/browse", "/browse.json")).get_json()["total"] == 5
    person = page(site, path_of(law["signers"][0]["iri"]))
    signed = section(person, "signed")
    assert "Văn bản đã ký (3)" in signed and "Hiển thị 2 trên 3" in signed
    editor = re.search(r'Hiển thị 2 trên 3 · <a href="([^"]+)">Xem toàn bộ</a>', signed).group(1)
    result = site.get(editor, headers={"Accept": "application/json"}).get_json()["result"]
    assert result["total"] == 3  # the whole list is the editor's answer


def test_the_whole_list_behind_a_capped_line_holds_what_the_line_counts(site, constitution, monkeypatch):
    monkeypatch.setattr(describe_module, "MAX_LISTED", 1)
    monkeypatch.setattr(describe_module, "MAX_ARTICLES", 0)
    html = page(site, path_of(constitution))
    for name, total in (("citing", 2), ("articles", 1)):
        fragment = section(html, name)
        assert f"Hiển thị {1 if name == 'citing' else 0} trên {total}" in fragment
        link = re.search(r'trên \d+ · <a href="([^"]+)">Xem toàn bộ</a>', fragment).group(1)
        result = site.get(link, headers={"Accept": "application/json"}).get_json()["result"]
        assert result["total"] == total, name


def test_home_counts_each_document_once_so_its_types_add_up(tmp_path):
    """The home page said 474 documents while the type counts of /browse added up to 516: the browse facets
    count a document under every type stated of it, and sources can disagree (a catalogue row says "Nghị
    quyết" of what a text calls a law; a type concept with two Vietnamese labels counts twice the same way).
    The home page counts each document once, under the type most sources state (ties to the shorter name),
    so its types add up to its document count."""
    data = build(tmp_path)
    site = create_app(data, TESTING=True).test_client()
    before = site.get("/index.json").get_json()
    assert {row["type"]: row["count"] for row in before["types"]} == {"Luật": 3, "Hiến pháp": 2}
    assert before["counts"]["document"] == 5
    writer = GraphStore(data)
    try:  # a second source stating another type of the 2024 law
        writer.replace_source(f"{BASE}/source/test-second-type", [
            (URIRef(f"{BASE}/eli/nuoc/qh/2024/l/77"), ELI.type_document, URIRef(document_type_concept("Nghị quyết")))])
        writer.publish()
    finally:
        writer.close()
    home = site.get("/index.json").get_json()
    assert {row["type"]: row["count"] for row in home["types"]} == {"Luật": 3, "Hiến pháp": 2}
    assert sum(row["count"] for row in home["types"]) == home["counts"]["document"] == 5
    facets = site.get("/browse.json").get_json()["facets"]["type"]
    assert facets == {"Luật": 3, "Hiến pháp": 2, "Nghị quyết": 1}  # 6: the law counted as a law and a resolution
    home_page = html_lib.unescape(site.get("/").get_data(as_text=True))
    start = home_page.index('class="type-counts"')
    types = plain(home_page[start:home_page.index("</section>", start)])
    assert "Văn bản theo loại" in types and "Luật 3" in types and "Hiến pháp 2" in types and "Nghị quyết" not in types
