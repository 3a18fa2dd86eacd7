"""The HTML pages, their JSON and RDF twins, the graph picture and the error pages, through Flask's test client.

The data is the seed article plus a small article written here: it relates
documents to Nghị quyết 40-NQ/TU (implements, replaces, based on) and
carries a <script> and an <img onerror> that must never reach a page raw.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
from flask import abort

from vankien.graph.ingest import Ingester
from vankien.graph.iris import Iris
from vankien.graph.store import GraphStore
from vankien.search.pipeline import ingest
from vankien.web.app import create_app

from conftest import FIXTURES, SEED

BASE = "https://vankien.example/"
NQ40 = "/eli/dang/tinh-uy-lang-son/2021/nq/40"
KH15 = "/eli/dang/thanh-uy-lang-son/2022/kh/15"
SEED_ARTICLE = "/source/e89084e095c92ff8"
ORIGINAL_URL = "https://baolangson.vn/chinh-tri/999-ke-hoach-thuc-hien-nghi-quyet-40.html"
HOSTILE_ARTICLE = f"""Thành ủy Lạng Sơn triển khai Kế hoạch thực hiện Nghị quyết 40 <script>alert("tieu-de")</script>

Thứ 4, 15.03.2023 | 10:00:00
120 lượt xem

Ngày 10/3/2022, Ban Thường vụ Thành ủy Lạng Sơn ban hành Kế hoạch số 15-KH/TU về thực hiện \
Nghị quyết số 40-NQ/TU ngày 05/8/2021 của Ban Thường vụ Tỉnh ủy Lạng Sơn. \
Kế hoạch số 20-KH/TU thay thế Kế hoạch số 15-KH/TU. Chỉ thị số 05-CT/TU căn cứ Nghị quyết số 40-NQ/TU.

Nội dung <script>alert("than-bai")</script> và <img src=x onerror="alert(2)"> không được chạy.

Đồng chí Nguyễn Văn An, Bí thư Thành ủy Lạng Sơn, phát biểu tại hội nghị.

Hội nghị sơ kết Nghị quyết số 40-NQ/TU được tổ chức ngày 20/2/2023 tại Hội trường Thành ủy.

MINH ANH

{ORIGINAL_URL}
"""


def build_data_dir(root: Path) -> Path:
    """A data folder holding the seed, the hostile article and an official text of 40-NQ/TU, indexed."""
    article = root / "ke-hoach-15.txt"
    article.write_text(HOSTILE_ARTICLE, "utf-8")
    data = root / "data"
    ingest(data, [SEED, article, FIXTURES / "party_resolution.txt"])
    return data


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return build_data_dir(tmp_path_factory.mktemp("pages"))


@pytest.fixture(scope="module")
def client(data_dir):
    return create_app(data_dir, TESTING=True).test_client()


def page(client, url, status=200, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response


# The one script a page carries: our own file (the search boxes' suggestions), no inline code. A page's text
# is read without it, so "<script" anywhere else is something that should not be there.
OWN_SCRIPT = re.compile(r'<script defer src="/static/suggest\.js"[^>]*></script>')


# An entity page's own triples as JSON-LD: a data block, never run, holding no "<" at all (written \u003c), so
# nothing in it can close it; a block holding one is not removed here and fails the tests looking for "<script".
DATA_BLOCK = re.compile(r'<script type="application/ld\+json">[^<]*</script>')


def without_own_script(html: str) -> str:
    assert len(OWN_SCRIPT.findall(html)) == 1, "the page does not load /static/suggest.js once"
    assert len(DATA_BLOCK.findall(html)) <= 1
    return DATA_BLOCK.sub("", OWN_SCRIPT.sub("", html))


def text(client, url, status=200, **kwargs) -> str:
    response = page(client, url, status, **kwargs)
    assert response.mimetype == "text/html"
    return without_own_script(response.get_data(as_text=True))


def hrefs(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]*)"', html)]


# --- home ----------------------------------------------------------------------------------------

def test_home_has_a_search_box_counts_recent_and_most_cited(client):
    html = text(client, "/")
    assert '<form class="searchbox big" action="/search"' in html
    assert re.search(r"<strong>\d+</strong> văn bản", html) and "cá nhân" in html and "bài viết" in html
    recent = html[html.index("Văn bản mới nhất"):html.index("Được viện dẫn nhiều nhất")]
    assert recent.index("Nghị quyết số 81-NQ/TU") < recent.index("Nghị quyết số 40-NQ/TU")  # newest first
    cited = html[html.index("Được viện dẫn nhiều nhất"):]
    assert f'href="{NQ40}"' in cited and "2 văn bản viện dẫn" in cited


def test_home_json_twin_by_suffix_and_by_accept(client):
    by_suffix = page(client, "/index.json").get_json()
    negotiated = page(client, "/", headers={"Accept": "application/json"})
    assert negotiated.mimetype == "application/json" and "Accept" in negotiated.headers["Vary"]
    assert by_suffix == negotiated.get_json()
    assert by_suffix["counts"]["document"] >= 8 and by_suffix["recent"][0]["number"] == "81-NQ/TU"


# --- search --------------------------------------------------------------------------------------

def test_search_page_lists_hits_linked_to_their_pages_with_marked_snippets(client):
    html = text(client, "/search?q=40-NQ/TU")
    assert "Kết quả cho “40-NQ/TU”" in html
    first_hit = html[html.index('<ol class="hits"'):]
    assert f'<a href="{NQ40}">Nghị quyết số 40-NQ/TU</a>' in first_hit.split("</li>")[0]
    assert "<mark>" in html


def test_did_you_mean_corrects_a_misspelt_syllable(client):
    html = text(client, "/search?q=ngh%E1%BB%8B+quy%E1%BA%BFtt+40")
    assert "Có phải bạn muốn tìm" in html
    assert "/search?q=ngh%E1%BB%8B+quy%E1%BA%BFt+40" in hrefs(html)
    assert ">nghị quyết 40</a>" in html
    assert "Có phải bạn muốn tìm" not in text(client, "/search?q=nghi+quyet+40")  # right as typed


def test_facets_toggle_a_filter_on_and_off(client):
    html = text(client, "/search?q=ngh%E1%BB%8B+quy%E1%BA%BFt")
    add = next(h for h in hrefs(html) if "kind=document" in h)
    filtered = text(client, add)
    assert 'aria-current="true"' in filtered and "✕ Văn bản" in filtered
    assert 'class="badge">Bài viết' not in filtered  # only documents now
    active = re.search(r'<li class="active">\s*<a href="([^"]*)"', filtered).group(1).replace("&amp;", "&")
    assert "kind=" not in active and "q=" in active
    assert 'class="badge">Bài viết' in text(client, active)


def test_search_pages_and_sorts(client):
    html = text(client, "/search?q=ngh%E1%BB%8B+quy%E1%BA%BFt")
    assert "trang 1/2" in html
    next_page = next(h for h in hrefs(html) if "page=2" in h)
    second = text(client, next_page)
    assert "trang 2/2" in second and 'rel="prev"' in second and '<ol class="hits" start="11">' in second
    by_date = text(client, next(h for h in hrefs(html) if "sort=date" in h))
    assert "<strong>mới nhất</strong>" in by_date


def test_search_json_twin_by_accept(client):
    response = page(client, "/search?q=40-NQ/TU", headers={"Accept": "application/json"})
    assert response.mimetype == "application/json" and "Accept" in response.headers["Vary"]
    assert response.get_json()["hits"][0]["number"] == "40-NQ/TU"


def test_search_without_words_shows_the_form_and_bad_queries_say_why(client):
    assert "Nhập từ khóa" in text(client, "/search")
    html = text(client, "/search?q=%22unclosed", status=400)
    message = re.search(r'<p class="error message">([^<]*)</p>', html).group(1)
    assert message.startswith("Thiếu dấu ngoặc kép đóng: hãy thêm dấu")
    parenthesis = text(client, "/search?q=%28ngh%E1%BB%8B+quy%E1%BA%BFt", status=400)
    assert "Dấu ngoặc đơn chưa cân" in parenthesis
    assert "Câu tìm kiếm quá dài (600 ký tự, tối đa 500)" in text(client, "/search?q=" + "x" * 600, status=400)
    assert "parameter" not in text(client, "/search?q=x&sort=random", status=400).lower().split("<main>")[0]


def test_script_in_the_query_is_escaped_everywhere(client):
    html = text(client, "/search", query_string={"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in html and "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_script_in_an_article_never_reaches_a_page_raw(client):
    html = text(client, "/search", query_string={"q": "không được chạy"})
    assert "alert" in html and "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html or "&lt;img" in html
    article_url = next(h for h in hrefs(html) if h.startswith("/source/"))
    article = text(client, article_url)
    assert "<script" not in article and "<img" not in article and "onerror=\"alert" not in article
    assert "&lt;script&gt;alert(&#34;than-bai&#34;)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in article
    assert "&lt;script&gt;alert(&#34;tieu-de&#34;)&lt;/script&gt;</h1>" in article


# --- entity pages ---------------------------------------------------------------------------------

def test_document_page_shows_its_facts_relations_events_articles_and_timeline(client):
    html = text(client, NQ40)
    assert "<h1>Nghị quyết số 40-NQ/TU</h1>" in html
    assert "<dt>Số hiệu</dt><dd>40-NQ/TU</dd>" in html and "<dd>05/08/2021" in html
    assert 'href="/org/ban-thuong-vu-tinh-uy-lang-son"' in html
    assert "xây dựng và phát triển thành phố Lạng Sơn giai đoạn 2021 – 2030" in html
    relations = html[html.index('id="relations"'):html.index('id="events"')]
    assert relations.index("Văn bản thực hiện") < relations.index(KH15) < relations.index("Là căn cứ của")
    assert "/eli/dang/tinh-uy-lang-son/ct/5" in relations
    events = html[html.index('id="events"'):html.index('id="articles"')]
    assert "Hội nghị sơ kết Nghị quyết số 40-NQ/TU" in events and "20/02/2023" in events
    articles = html[html.index('id="articles"'):html.index('id="timeline"')]
    assert f'href="{ORIGINAL_URL}"' in articles
    assert "<blockquote>Chỉ thị số 05-CT/TU căn cứ Nghị quyết số 40-NQ/TU.</blockquote>" in articles
    timeline = html[html.index('id="timeline"'):html.index('id="graph"')]
    assert timeline.index("05/08/2021") < timeline.index("20/02/2023")
    assert "Ban hành" in timeline and "Được nhắc đến trong" in timeline


def test_replaced_document_says_by_what(client):
    html = text(client, KH15)
    assert "Được thay thế bởi" in html and 'href="/eli/dang/tinh-uy-lang-son/kh/20"' in html
    assert "Thực hiện" in html and f'href="{NQ40}"' in html


def test_organisation_page_shows_parent_children_documents_and_people(client):
    html = text(client, "/org/ban-thuong-vu-thanh-uy-lang-son")
    assert "<dt>Trực thuộc</dt>" in html and 'href="/org/thanh-uy-lang-son"' in html
    assert 'href="/eli/dang/thanh-uy-lang-son/2021/da/3"' in html  # Đề án 03-ĐA/TU it issued
    assert "Hoàng Minh Thảo" in html and "Ủy viên Ban Thường vụ Thành ủy Lạng Sơn" in html
    parent = text(client, "/org/thanh-uy-lang-son")
    assert "Đơn vị trực thuộc" in parent and 'href="/org/ban-tuyen-giao-thanh-uy-lang-son"' in parent
    assert "Nguyễn Văn An" in parent and "Bí thư Thành ủy Lạng Sơn" in parent


def test_person_page_shows_posts_organisations_and_articles(client):
    html = text(client, "/person/hoang-minh-thao")
    assert "<h1>Hoàng Minh Thảo</h1>" in html
    assert 'href="/post/truong-ban-tuyen-giao-thanh-uy-lang-son"' in html
    assert 'href="/org/ban-tuyen-giao-thanh-uy-lang-son"' in html
    assert f'href="{SEED_ARTICLE}"' in html and "<blockquote>Bà Hoàng Minh Thảo" in html


def test_event_page_shows_date_place_and_documents(client):
    event = next(h for h in hrefs(text(client, NQ40)) if h.startswith("/source/") and "/event/" in h)
    html = text(client, event)
    assert "Hội nghị sơ kết Nghị quyết số 40-NQ/TU" in html and "<dd>20/02/2023</dd>" in html
    assert "Hội trường Thành ủy" in html and f'href="{NQ40}"' in html


def test_article_page_shows_metadata_and_text_with_mentions_linked(client):
    html = text(client, SEED_ARTICLE)
    assert "<h1>Thành phố Lạng Sơn: Đổi mới hình thức tuyên truyền" in html
    assert "31/01/2023 09:38" in html and 'href="/org/bao-lang-son"' in html and "1.047" in html
    assert 'href="https://baolangson.vn/chinh-tri/558213-' in html
    body = html[html.index('id="text"'):]
    assert f'<a class="mention" href="{NQ40}">Nghị quyết số 40-NQ/TU</a>' in body
    assert '<a class="mention" href="/eli/dang/thanh-uy-lang-son/2021/da/3">Đề án số 03-ĐA/TU</a>' in body
    assert 'href="/person/hoang-minh-thao">Hoàng Minh Thảo</a>' in body


def test_other_entities_have_pages_too(client):
    assert "Nguyễn Văn An" in text(client, "/post/bi-thu-thanh-uy-lang-son")
    statistic = text(client, SEED_ARTICLE + "/stat/2")
    assert "7.600" in statistic and f'href="{SEED_ARTICLE}"' in statistic


def test_unknown_entity_is_an_html_404(client):
    html = text(client, "/eli/dang/tw/1999/nq/999", status=404)
    assert "Không tìm thấy" in html and "Traceback" not in html
    assert page(client, "/eli/dang/tw/1999/nq/999.json", status=404).get_json()["error"]
    assert page(client, "/eli/dang/tw/1999/nq/999.ttl", status=404)
    assert page(client, "/eli/dang/tw/1999/nq/999/graph.svg", status=404)


def test_a_hostile_entity_path_is_a_plain_404(client):
    html = text(client, "/org/%3Cscript%3Ealert(1)%3C/script%3E%3E%20%7B", status=404)
    assert "<script" not in html and "&lt;script&gt;" in html


# --- machine twins --------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [NQ40, "/org/thanh-uy-lang-son", "/person/hoang-minh-thao", SEED_ARTICLE])
def test_entity_json_twin_by_suffix_and_by_accept(client, url):
    by_suffix = page(client, url + ".json")
    assert by_suffix.mimetype == "application/json" and "Vary" not in by_suffix.headers
    negotiated = page(client, url, headers={"Accept": "application/json"})
    assert negotiated.headers["Vary"] == "Accept"
    assert by_suffix.get_json() == negotiated.get_json()
    assert by_suffix.get_json()["iri"] == BASE + url.lstrip("/")


def test_document_json_has_the_relations_in_words_a_program_reads(client):
    data = page(client, NQ40 + ".json").get_json()
    assert data["number"] == "40-NQ/TU" and data["type"] == "Nghị quyết" and data["date"] == "2021-08-05"
    assert {"relation": "implements", "direction": "in", "number": "15-KH/TU"}.items() <= next(
        r for r in data["relations"] if r["relation"] == "implements").items()
    assert data["timeline"][0]["relation"] == "issued"


RDF_FORMATS = [("ttl", "text/turtle", "turtle"), ("jsonld", "application/ld+json", "json-ld"),
               ("nt", "application/n-triples", "nt"), ("rdf", "application/rdf+xml", "xml")]


@pytest.mark.parametrize("suffix,media_type,parser", RDF_FORMATS)
def test_entity_rdf_by_suffix_and_by_accept(client, suffix, media_type, parser):
    subject = rdflib.URIRef(BASE + NQ40.lstrip("/"))
    eli = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
    for response in (page(client, f"{NQ40}.{suffix}"), page(client, NQ40, headers={"Accept": media_type})):
        assert response.mimetype == media_type
        graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format=parser)
        assert (subject, eli.id_local, rdflib.Literal("40-NQ/TU")) in graph
        assert (subject, eli.passed_by, rdflib.URIRef(BASE + "org/ban-thuong-vu-tinh-uy-lang-son")) in graph
        assert (rdflib.URIRef(BASE + KH15.lstrip("/")), rdflib.URIRef("https://vankien.example/vocab#implements"),
                subject) in graph  # what points at it
    assert page(client, NQ40, headers={"Accept": media_type}).headers["Vary"] == "Accept"


def test_browsers_get_html_and_unacceptable_types_get_406(client):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert page(client, NQ40, headers={"Accept": browser}).mimetype == "text/html"
    assert page(client, NQ40, headers={"Accept": "*/*"}).mimetype == "text/html"
    refused = page(client, NQ40, status=406, headers={"Accept": "image/png"})
    assert "Không có định dạng phù hợp" in refused.get_data(as_text=True)
    assert page(client, NQ40 + ".html", status=404)


# --- the graph picture ---------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def test_graph_svg_is_well_formed_and_links_the_neighbours(client):
    response = page(client, NQ40 + "/graph.svg")
    assert response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{SVG}svg"
    links = {a.get("href") for a in root.iter(f"{SVG}a")}
    assert {KH15, "/eli/dang/tinh-uy-lang-son/ct/5", "/org/ban-thuong-vu-tinh-uy-lang-son"} <= links
    labels = {t.text for t in root.iter(f"{SVG}text")}
    assert {"thực hiện", "căn cứ", "ban hành bởi", "Văn bản", "Tổ chức"} <= labels
    assert "Content-Security-Policy" in response.headers


def test_graph_depth_two_reaches_further_and_escapes_labels(client):
    one = ET.fromstring(page(client, NQ40 + "/graph.svg?depth=1").data)
    two = ET.fromstring(page(client, NQ40 + "/graph.svg?depth=2").data)
    assert len(list(two.iter(f"{SVG}circle"))) > len(list(one.iter(f"{SVG}circle")))
    assert "/eli/dang/tinh-uy-lang-son/kh/20" in {a.get("href") for a in two.iter(f"{SVG}a")}
    hostile = page(client, NQ40 + "/graph.svg?depth=2").get_data(as_text=True)
    assert "<script" not in hostile and "&lt;script&gt;" in hostile
    assert page(client, NQ40 + "/graph.svg?depth=7", status=400)


def test_entity_page_inlines_the_picture(client):
    html = text(client, NQ40)
    picture = html[html.index('<div class="picture">'):]
    picture = picture[picture.index("<svg"):picture.index("</svg>") + len("</svg>")]
    root = ET.fromstring(picture.replace("&#34;", "&quot;").replace("&#39;", "&apos;"))
    assert KH15 in {a.get("href") for a in root.iter(f"{SVG}a")}
    assert f'href="{NQ40}/graph.svg"' in html


# --- browsing, SPARQL editor, API guide ----------------------------------------------------------------

def test_browse_documents_by_type_issuer_and_year(client):
    html = text(client, "/browse")
    assert "Duyệt văn bản" in html and "Loại văn bản" in html and "Cơ quan ban hành" in html
    year = next(h for h in hrefs(html) if h == "/browse?year=2021")
    filtered = text(client, year)
    assert f'href="{NQ40}"' in filtered and "Nghị quyết số 81-NQ/TU" not in filtered
    data = page(client, "/browse.json?year=2021&type=Ngh%E1%BB%8B+quy%E1%BA%BFt").get_json()
    assert [d["number"] for d in data["items"]] == ["40-NQ/TU"] and data["filters"] == {"type": "Nghị quyết",
                                                                                          "year": "2021"}
    issuer = page(client, "/browse.json", query_string={"issuer": "Bộ Chính trị"}).get_json()
    assert {d["number"] for d in issuer["items"]} == {"01-KL/TW", "35-NQ/TW"}


def test_browse_other_kinds_and_refuse_unknown_ones(client):
    html = text(client, "/browse?kind=person")
    assert "Duyệt cá nhân" in html and 'href="/person/hoang-minh-thao"' in html
    assert "kind: must be one of" in text(client, "/browse?kind=robots", status=400)
    assert text(client, "/browse?page=0", status=400)


def columns(html: str) -> list[str]:
    """The variables heading a SPARQL result table, in order."""
    return re.findall(r'<th scope="col">\?(\w+)</th>', html)


def test_sparql_editor_renders_a_result_table_and_download_links(client):
    html = text(client, "/sparql/editor")
    assert "<textarea" in html and "Ví dụ" in html
    example = next(h for h in hrefs(html) if h.startswith("/sparql/editor?query="))
    result = text(client, example)
    assert columns(result) == ["document", "label", "number", "date"] and "<td>40-NQ/TU</td>" in result
    assert f'<a href="{NQ40}">' in result
    downloads = [h for h in hrefs(result) if h.startswith("/sparql?query=")]
    assert {h.rsplit("format=", 1)[1] for h in downloads} == {"csv", "tsv", "json", "xml"}
    csv = page(client, next(h for h in downloads if h.endswith("csv")))
    assert csv.mimetype == "text/csv" and "40-NQ/TU" in csv.get_data(as_text=True)


def test_sparql_editor_construct_ask_and_errors(client):
    construct = text(client, "/sparql/editor", query_string={
        "query": "CONSTRUCT { ?d rdfs:label ?l } WHERE { ?d eli:id_local '40-NQ/TU' ; rdfs:label ?l }"})
    assert columns(construct) == ["subject", "predicate", "object"] and "Nghị quyết số 40-NQ/TU" in construct
    ask = text(client, "/sparql/editor", query_string={"query": "ASK { ?d eli:id_local '40-NQ/TU' }"})
    assert "đúng (true)" in ask
    assert "Lỗi cú pháp SPARQL ở dòng 1, cột 17" in text(client, "/sparql/editor",
                                                          query_string={"query": "SELECT * WHERE {"}, status=400)
    assert "chỉ đọc dữ liệu: không chạy lệnh cập nhật (DELETE)" in text(
        client, "/sparql/editor", query_string={"query": "DELETE WHERE { ?s ?p ?o }"}, status=403)
    data = page(client, "/sparql/editor.json",
                query_string={"query": "SELECT DISTINCT ?n WHERE { ?d eli:id_local ?n }"})
    assert data.get_json()["result"]["total"] == 9
    assert data.get_json()["result"]["truncated"] is False


def test_sparql_editor_flags_rows_cut_by_the_row_cap(data_dir):
    capped = create_app(data_dir, TESTING=True, SPARQL_ROW_CAP=3).test_client()
    query = {"query": "SELECT DISTINCT ?n WHERE { ?d eli:id_local ?n }"}
    result = page(capped, "/sparql/editor.json", query_string=query).get_json()["result"]
    assert result["truncated"] is True and result["total"] == 3
    assert "bị cắt ở 3 dòng" in text(capped, "/sparql/editor", query_string=query)


def test_api_page_describes_the_endpoints_and_links_openapi(client):
    html = text(client, "/api")
    for path in ("/search.json", "/suggest.json", "/sparql", "/api/openapi.json", ".ttl", ".jsonld", "/graph.svg"):
        assert path in html
    assert "/api/openapi.json" in hrefs(html)
    assert page(client, "/api.json").get_json()["openapi"] == "/api/openapi.json"


# --- safety and errors ------------------------------------------------------------------------------

PAGES = ["/", "/search?q=40", "/browse", "/api", "/sparql/editor", NQ40, "/org/thanh-uy-lang-son",
         "/person/hoang-minh-thao", SEED_ARTICLE, "/nowhere"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_the_security_headers_and_no_inline_script_or_style(client, url):
    response = client.get(url)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "img-src 'self' data:" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff" and response.headers["Referrer-Policy"]
    html = without_own_script(response.get_data(as_text=True))
    assert "<script" not in html and " style=" not in html and "<style" not in html
    assert '<link rel="stylesheet" href="/static/vankien.css">' in html


def test_stylesheet_is_served(client):
    response = page(client, "/static/vankien.css")
    assert response.mimetype == "text/css" and b"mark" in response.data


def test_wrong_method_is_405_with_allow(client):
    response = client.post("/")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert "Phương thức không được phép" in response.get_data(as_text=True)
    assert client.post("/index.json").get_json()["error"]


def test_unknown_routes_are_404_html_for_browsers_and_json_for_programs(client):
    assert "Không có trang nào ở địa chỉ này" in text(client, "/nowhere", status=404)
    assert page(client, "/nowhere", status=404, headers={"Accept": "application/json"}).get_json()["error"]
    assert page(client, "/nowhere.json", status=404).get_json()["error"]


def test_large_requests_are_413(client):
    response = client.post("/sparql", data={"query": "x" * (2 << 20)})
    assert response.status_code == 413 and "request larger than" in response.get_json()["error"]


@pytest.fixture(scope="module")
def failing_client(data_dir):
    app = create_app(data_dir, PROPAGATE_EXCEPTIONS=False)

    @app.get("/broken")
    def broken():
        raise RuntimeError("secret internals")

    @app.get("/huge")
    def huge():
        abort(413)

    return app.test_client()


def test_server_errors_are_a_page_without_traceback(failing_client):
    response = failing_client.get("/broken")
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and "Lỗi máy chủ" in html
    assert "Traceback" not in html and "secret internals" not in html and "RuntimeError" not in html
    as_json = failing_client.get("/broken", headers={"Accept": "application/json"})
    assert as_json.status_code == 500 and "secret" not in as_json.get_json()["error"]
    assert "Yêu cầu quá lớn" in failing_client.get("/huge").get_data(as_text=True)


def test_a_folder_without_data_is_a_clear_503(tmp_path):
    client = create_app(tmp_path / "empty", TESTING=True).test_client()
    html = text(client, NQ40, status=503)
    assert "Chưa có dữ liệu" in html and "Traceback" not in html


def test_pages_follow_a_new_ingest(tmp_path):
    data = build_data_dir(tmp_path)
    client = create_app(data, TESTING=True).test_client()
    before = page(client, "/index.json").get_json()["counts"]["article"]
    store = GraphStore(data)
    extra = tmp_path / "extra.txt"
    extra.write_text("Bài mới\n\nNghị quyết số 40-NQ/TU ngày 05/8/2021 của Ban Thường vụ Tỉnh ủy Lạng Sơn "
                     "được quán triệt.\n", "utf-8")
    Ingester(store, Iris(None)).ingest([extra])
    store.close()
    assert page(client, "/index.json").get_json()["counts"]["article"] == before + 1
    assert json.loads(page(client, NQ40 + ".json").data)["articles_total"] == 4
