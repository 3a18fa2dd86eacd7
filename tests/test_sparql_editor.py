"""The SPARQL editor as a person uses it: names beside IRIs, columns in the order written, errors in one
Vietnamese line with their place, examples that show names, a URL to share, and columns wide enough to read.

The data is the one of the page tests (the seed article, an article relating plans to Nghị quyết 40-NQ/TU
and that resolution's official text); the widths are measured in Chromium against ``vankien serve``.
"""

from __future__ import annotations

import html as html_module
import os
import re

import pytest
import test_browser
from test_web_pages import KH15, NQ40, build_data_dir

from vankien.graph.sparql import QueryError
from vankien.web.app import create_app
from vankien.web.sparql_errors import editor_message
from vankien.web.views.pages import EXAMPLES

from conftest import skip_or_fail
from serving import serve_seeds


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return create_app(build_data_dir(tmp_path_factory.mktemp("editor")), TESTING=True).test_client()


def editor(client, query: str, status: int = 200) -> str:
    response = client.get("/sparql/editor", query_string={"query": query})
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def columns(html: str) -> list[str]:
    return re.findall(r'<th scope="col">\?(\w+)</th>', html)


def cells(html: str) -> list[list[str]]:
    """The result table's rows, each cell's HTML."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r"<td>(.*?)</td>", row, re.DOTALL) for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)]


def text_of(cell: str) -> str:
    """A cell's text as read, without its language tag."""
    return html_module.unescape(re.sub(r'<span class="lang">.*?</span>|<[^>]+>', "", cell))


def error_line(html: str) -> str:
    return html_module.unescape(re.search(r'<p class="error message"[^>]*>([^<]*)</p>', html).group(1))


# --- columns ---------------------------------------------------------------------------------------

def test_select_star_columns_follow_the_query_text(client):
    html = editor(client, "SELECT * WHERE { ?s ?p ?o . ?s eli:id_local '40-NQ/TU' } LIMIT 3")
    assert columns(html) == ["s", "p", "o"]  # the engine answers them ?o ?p ?s
    html = editor(client, "SELECT * WHERE {\n  # ?zzz in a comment does not count\n"
                          "  ?document eli:id_local ?number ; rdfs:label ?name .\n}")
    assert columns(html) == ["document", "number", "name"]


def test_a_select_list_keeps_its_own_order(client):
    html = editor(client, "SELECT ?number ?document WHERE { ?document eli:id_local ?number } ORDER BY ?number")
    assert columns(html) == ["number", "document"]
    data = client.get("/sparql/editor.json", query_string={
        "query": "SELECT * WHERE { ?d eli:id_local ?n ; eli:date_document ?date }"}).get_json()
    assert data["result"]["vars"] == ["d", "n", "date"]


# --- labels ----------------------------------------------------------------------------------------

def test_each_iri_shows_its_name_and_links_to_its_page(client):
    html = editor(client, "SELECT ?from ?to WHERE { ?from vk:implements ?to }")
    row = next(r for r in cells(html) if KH15 in r[0])
    assert row[0].startswith(f'<a href="{KH15}"><span class="term-label">Kế hoạch số 15-KH/TU</span>')
    assert row[1].startswith(f'<a href="{NQ40}"><span class="term-label">Nghị quyết số 40-NQ/TU</span>')
    assert f"https://vankien.example{NQ40}</span></a>" in row[1]  # the IRI itself beside its name


def test_vocabulary_terms_are_named_in_vietnamese_and_unnamed_iris_stand_alone(client):
    html = editor(client, "SELECT ?term WHERE { VALUES ?term { vk:implements <http://example.org/no-name> } }")
    first, second = (row[0] for row in cells(html))
    assert '<span class="term-label">thực hiện</span>' in first and "implements</span>" in first  # not "implements"
    assert "term-label" not in second and "http://example.org/no-name" in second
    data = client.get("/sparql/editor.json", query_string={
        "query": "SELECT ?term WHERE { VALUES ?term { vk:implements } }"}).get_json()
    assert data["result"]["rows"][0][0]["label"] == "thực hiện"


def test_construct_results_are_named_too(client):
    html = editor(client, "CONSTRUCT { ?d vk:implements ?o } WHERE { ?d vk:implements ?o }")
    assert '<span class="term-label">Nghị quyết số 40-NQ/TU</span>' in html
    assert '<span class="term-label">thực hiện</span>' in html


# --- errors ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("query,expected", [
    ("SELECT * WHERE {", "Lỗi cú pháp SPARQL ở dòng 1, cột 17: thiếu dấu “}”"),
    ("SELECT ?s WHERE {\n  ?s ?p ?o FILTR(?o) }", "Lỗi cú pháp SPARQL ở dòng 2, cột 12: không hiểu đoạn “FILTR(?o) }”"),
    ('SELECT ?s WHERE { ?s ?p "abc }', "Lỗi cú pháp SPARQL ở dòng 1, cột 19: một chuỗi mở bằng dấu \" chưa được đóng"),
    ("SELEC ?s WHERE { ?s ?p ?o }", "Lỗi cú pháp SPARQL ở dòng 1, cột 1: không hiểu đoạn “SELEC ?s WHERE { ?s ?p ?o }"),
    ("SELECT ?s WHERE { ?s ?p ?o } GROUP BY", "Lỗi cú pháp SPARQL ở dòng 1, cột 30: không hiểu đoạn “GROUP BY”"),
    ("SELECT ?s WHERE { ?s ?p ?o }}", "Lỗi cú pháp SPARQL ở dòng 1, cột 29: thừa dấu “}”"),
])
def test_a_syntax_error_is_one_vietnamese_line_with_its_place(client, query, expected):
    line = error_line(editor(client, query, status=400))
    assert line.startswith(expected) and line.endswith(".")
    assert "\n" not in line and "Expected" not in line and "\\u" not in line and "[" not in line


def test_refused_queries_say_what_to_do_instead(client):
    update = error_line(editor(client, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", status=403))
    assert update == ("Trang này chỉ đọc dữ liệu: không chạy lệnh cập nhật (INSERT); "
                      "hãy dùng SELECT, ASK, CONSTRUCT hoặc DESCRIBE.")
    service = error_line(editor(client, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                                status=403))
    assert service.startswith("Không được dùng SERVICE")
    data = client.get("/sparql/editor.json", query_string={"query": "SELECT * WHERE {"}).get_json()
    assert data["error"].startswith("Lỗi cú pháp SPARQL ở dòng 1, cột 17") and data["result"] is None


@pytest.mark.parametrize("error,expected", [
    (QueryError("the query ran longer than the 2.5 s limit and was stopped", 503),
     "Câu truy vấn chạy quá 2,5 giây nên đã bị dừng: hãy thêm LIMIT hoặc thu hẹp điều kiện."),
    (QueryError("the query needed more than the 384 MiB memory limit and was stopped", 503),
     "Câu truy vấn cần quá nhiều bộ nhớ (giới hạn 384 MiB) nên đã bị dừng: hãy thêm LIMIT hoặc thu hẹp điều kiện."),
    (QueryError("4 SPARQL queries are already running; try again shortly", 503),
     "Máy chủ đang bận chạy các truy vấn khác: hãy thử lại sau ít phút."),
    (QueryError("the query is longer than 100,000 characters", 413),
     "Câu truy vấn dài quá 100.000 ký tự: hãy rút ngắn."),
    (QueryError("the query host ended before the query did", 500),
     "Không chạy được câu truy vấn: the query host ended before the query did"),
])
def test_limits_are_told_in_vietnamese_too(error, expected):
    assert editor_message(error, "SELECT * WHERE { ?s ?p ?o }") == expected


# --- examples and sharing --------------------------------------------------------------------------

def test_every_example_runs_and_shows_names(client):
    listing = editor(client, "")
    links = [html_module.unescape(h) for h in re.findall(r'href="(/sparql/editor\?query=[^"]*)"', listing)]
    assert len(links) == len(EXAMPLES)
    for title, query in EXAMPLES:
        html = editor(client, query)
        assert 'class="error message"' not in html, title
        assert "term-label" in html or "CONSTRUCT" not in query and "COUNT" in query, title
    relations = editor(client, dict(EXAMPLES)["Quan hệ giữa các văn bản"])
    assert columns(relations) == ["from", "fromLabel", "relation", "to", "toLabel"]
    row = next(r for r in cells(relations) if KH15 in r[0] and NQ40 in r[3])
    assert [text_of(row[i]) for i in (1, 2, 4)] == ["Kế hoạch số 15-KH/TU", "thực hiện", "Nghị quyết số 40-NQ/TU"]


def test_a_query_has_a_url_to_share(client):
    query = "SELECT ?n WHERE { ?d eli:id_local ?n } ORDER BY ?n"
    html = editor(client, query)
    shared = html_module.unescape(re.search(r'<textarea[^>]*>([^<]*)</textarea>', html).group(1))
    assert shared == query
    json_link = html_module.unescape(re.search(r'href="(/sparql/editor\.json\?query=[^"]*)"', html).group(1))
    assert client.get(json_link).get_json()["query"] == query



def test_every_download_offered_answers(client):
    """CSV and TSV are offered for SELECT only; each link the page offers gives a result, for an ASK too."""
    for query, formats in (("ASK { ?d eli:id_local ?n }", {"json", "xml"}),
                           ("SELECT ?n WHERE { ?d eli:id_local ?n }", {"csv", "tsv", "json", "xml"})):
        html = editor(client, query)
        links = [html_module.unescape(link) for link in re.findall(r'href="(/sparql\?[^"]*format=[^"]*)"', html)]
        assert {re.search(r"format=(\w+)", link).group(1) for link in links} == formats, query
        for link in links:
            assert client.get(link).status_code == 200, link

# --- widths, in a browser --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium_page(tmp_path_factory):
    """A Chromium page on ``vankien serve`` of the seed article, as the browser tests run it (skipped without
    Chromium or Playwright, a failure in CI)."""
    if not os.access(test_browser.CHROMIUM, os.X_OK):
        skip_or_fail(f"no Chromium at {test_browser.CHROMIUM} (Debian package chromium)")
    if test_browser.sync_api is None:
        skip_or_fail("Playwright for Python is not installed")
    served = serve_seeds(tmp_path_factory.mktemp("editor-browser"))
    server = next(served)
    try:
        with test_browser.sync_api.sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=test_browser.CHROMIUM,
                                                  args=test_browser.CHROMIUM_ARGS)
            context = chromium.new_context(base_url=server.url, locale="vi-VN")
            context.set_default_timeout(15_000)
            yield context.new_page()
            chromium.close()
    finally:
        next(served, None)  # the rest of serve_seeds: stops the server


@pytest.mark.parametrize("width", [390, 1280])
def test_result_columns_stay_readable_and_long_iris_wrap(chromium_page, tmp_path, width):
    page = chromium_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/sparql/editor?query=SELECT+*+WHERE+%7B+%3Fs+%3Fp+%3Fo+.+%3Fs+eli%3Aid_local+%2240-NQ%2FTU%22+%7D")
    page.screenshot(path=tmp_path / f"editor-{width}.png", full_page=True)
    widths = page.eval_on_selector_all("table.sparql-results thead th", "ths => ths.map(th => th.offsetWidth)")
    assert len(widths) == 3 and min(widths) >= 96, widths  # room for a word or two, never one character
    right = page.eval_on_selector(".table-scroll", "el => el.getBoundingClientRect().right")
    assert right <= width  # a wide table scrolls in its own box, the page does not
    iri = page.locator("table.sparql-results tbody td .iri").first
    assert iri.evaluate("el => el.scrollWidth <= el.clientWidth + 1")  # wrapped, not overflowing its cell
