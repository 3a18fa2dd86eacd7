"""Small defects an outside tester found: links to outside URLs that are not web addresses, searching
an empty index, and `vankien stats` as text."""

from __future__ import annotations

import html
import json
import math
import re

import pytest
from click.testing import CliRunner

from vankien.graph.store import GraphStore
from vankien.search import pipeline
from vankien.search.index import open_index
from vankien.search.query import Searcher, SearchRequest
from vankien.web.app import create_app
from vankien.web.cli import main

BODY = ("Ngày 10/3/2022, Ban Thường vụ Thành ủy Lạng Sơn ban hành Kế hoạch số {n}-KH/TU về thực hiện "
        "Nghị quyết số 40-NQ/TU ngày 05/8/2021 của Ban Thường vụ Tỉnh ủy Lạng Sơn.")
HOSTILE_URLS = [
    "javascript:alert(1)",
    " \tJaVaScRiPt:alert(2)",
    "data:text/html,%3Cscript%3Ealert(3)%3C/script%3E",
    "vbscript:msgbox(4)",
]
SAFE_URL = "https://baolangson.vn/chinh-tri/ke-hoach-40-an-toan.html"
HTML_PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Thành ủy Lạng Sơn sơ kết Nghị quyết 40</title>
<link rel="canonical" href="JavaScript:alert(5)">
</head><body><article><h1>Thành ủy Lạng Sơn sơ kết Nghị quyết 40</h1>
<p>{body}</p><p>Hội nghị sơ kết được tổ chức tại Hội trường Thành ủy Lạng Sơn với sự tham dự của các đồng chí
Ủy viên Ban Thường vụ, trưởng các ban xây dựng Đảng và bí thư các đảng ủy trực thuộc.</p></article></body></html>
"""
DANGEROUS = re.compile(r"^\s*(?:java|vb)script:|^\s*data:", re.IGNORECASE)
HREF = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def ingest(data, *paths):
    """Store and search index of ``paths`` in ``data``."""
    pipeline.ingest(data, paths)
    return data


# -- outside links -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A data folder of articles whose source URL is a script (JSON Lines and an HTML page), and one
    whose URL is a web address; and the Flask test client over it."""
    root = tmp_path_factory.mktemp("links")
    lines = root / "articles.jsonl"
    records = [{"id": str(i), "title": f"Thành ủy Lạng Sơn thực hiện Nghị quyết 40, bài {i}",
                "text": BODY.format(n=10 + i), "url": url, "published": f"2022-03-1{i}"}
               for i, url in enumerate(HOSTILE_URLS + [SAFE_URL])]
    lines.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    page = root / "so-ket.html"
    page.write_text(HTML_PAGE.format(body=BODY.format(n=30)), "utf-8")
    data = ingest(root / "data", lines, page)
    return create_app(data, TESTING=True).test_client()


def link_targets(body: str) -> list[str]:
    """Every href, src and action of a page, as a browser reads it."""
    return [html.unescape(value).replace("\t", "").replace("\n", "") for value in HREF.findall(body)]


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


def article_paths(client) -> dict[str, tuple[str, str | None]]:
    """Title → (page path, stored URL) of each article."""
    found = json.loads(get(client, "/search.json?q=kind:article&limit=50"))["hits"]
    assert len(found) == len(HOSTILE_URLS) + 2
    out = {}
    for hit in found:
        path = "/" + hit["iri"].split("/", 3)[3]
        page = json.loads(get(client, path + ".json"))
        out[page["title"]] = (path, page.get("url"))
    return out


def test_script_urls_of_ingested_articles_are_never_links(hostile):
    articles = article_paths(hostile)
    hostile_pages = [path for path, url in articles.values() if url != SAFE_URL]
    # A script URL is not a web address: it is not kept at all (the article is, without a URL).
    assert all(url is None for path, url in articles.values() if url != SAFE_URL)
    pages = hostile_pages + ["/", "/search?q=Nghị+quyết+40", "/search?q=thành+ủy&kind=article",
                             "/eli/dang/tinh-uy-lang-son/2021/nq/40"]
    for page in pages:
        body = get(hostile, page)
        targets = link_targets(body)
        assert targets, page
        assert not [t for t in targets if DANGEROUS.search(t)], page
        assert "alert(" not in "".join(targets), page


def test_a_web_address_stays_a_link(hostile):
    [safe] = [path for path, url in article_paths(hostile).values() if url == SAFE_URL]
    assert SAFE_URL in link_targets(get(hostile, safe))
    document = get(hostile, "/eli/dang/tinh-uy-lang-son/2021/nq/40")
    assert link_targets(document).count(SAFE_URL) == 1  # the one article of six with a web address


def app_context():
    """An application context (for the base IRI) over a folder that need not exist."""
    from flask import Flask

    app = Flask(__name__)
    app.config["BASE_IRI"] = "https://vankien.example/"
    return app.app_context()


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " \x01javascript:alert(1)", "java\tscript:alert(1)",
    "jav\nascript:alert(1)", "\tjavascript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "VBScript:msgbox(1)", "file:///etc/passwd", "//evil.example/x", "http:alert(1)",
    "https://[::1", "mailto:a@b.example", "",
])
def test_the_link_helper_refuses_anything_but_web_addresses(url):
    from vankien.web.urls import link

    with app_context():
        assert link(url) is None


@pytest.mark.parametrize("url, target", [
    ("https://baolangson.vn/a.html", "https://baolangson.vn/a.html"),
    ("HTTP://BAOLANGSON.VN/a.html", "HTTP://BAOLANGSON.VN/a.html"),
    (" https://baolangson.vn/a.html\n", "https://baolangson.vn/a.html"),
    ("https://vankien.example/eli/dang/tw/2018/nq/35", "/eli/dang/tw/2018/nq/35"),
])
def test_the_link_helper_keeps_web_addresses(url, target):
    from vankien.web.urls import link

    with app_context():
        assert link(url) == target


# -- an empty index --------------------------------------------------------------------------------

@pytest.fixture
def empty_data(tmp_path):
    """A data folder with a store and a search index that hold nothing."""
    data = tmp_path / "data"
    GraphStore(data).close()
    open_index(data)
    return data


def test_a_two_word_query_on_an_empty_index_finds_nothing_from_the_command_line(empty_data):
    for query in ("a b", "nghị quyết", '"kinh tế" biển', "nghị quyết 40-NQ/TU"):
        result = run("search", "--data", empty_data, query)
        assert result.exit_code == 0, result.output
        assert "0 result(s)" in result.output
    result = run("search", "--data", empty_data, "--sort", "date", "--json", "a b")
    assert result.exit_code == 0 and json.loads(result.output)["total"] == 0


def test_a_two_word_query_on_an_empty_index_finds_nothing_on_the_web(empty_data):
    client = create_app(empty_data, TESTING=True).test_client()
    for url in ("/search?q=a+b", "/search?q=a+b&sort=date", "/search?q=ngh%E1%BB%8B+quy%E1%BA%BFt"):
        response = client.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
    response = client.get("/search.json?q=a+b")
    assert response.status_code == 200 and response.get_json()["total"] == 0


def test_words_found_in_every_document_score_above_zero(tmp_path):
    article = tmp_path / "cho.txt"
    article.write_text("Tin chợ\n\nCửa hàng bán đồ bộ mặc nhà giá rẻ.\n", "utf-8")
    data = ingest(tmp_path / "data", article)
    searcher = Searcher(data)
    try:
        everywhere = searcher.search(SearchRequest(query="tin chợ"))  # the only document holds both words
        assert everywhere["total"] == 1
        score = everywhere["hits"][0]["score"]
        assert math.isfinite(score) and score > 0
    finally:
        searcher.close()


def test_idf_of_an_empty_index_is_zero_and_otherwise_positive():
    from vankien.search.ranking import idf

    assert idf(0, 0) == 0
    assert idf(1, 1) > 0 and idf(1000, 1000) > 0 and idf(1000, 1) > idf(1000, 999)


# -- vankien stats ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_data(seeds_data):
    return seeds_data


def read_counts(text: str) -> dict[str, dict[str, int]]:
    """The sections of `vankien stats` (``entities: 23`` then ``  document  7`` lines) as numbers."""
    sections: dict[str, dict[str, int]] = {}
    current = None
    for line in text.splitlines():
        head = re.fullmatch(r"(\w+): (\d+)", line)
        if head:
            current = sections.setdefault(head.group(1), {"total": int(head.group(2))})
            continue
        row = re.fullmatch(r"  (\w+)\s+(\d+)", line)
        if row and current is not None:
            current[row.group(1)] = int(row.group(2))
        elif not line.startswith("  "):
            current = None
    return sections


def test_stats_prints_readable_counts_and_the_same_numbers_as_json(seed_data):
    text = run("stats", "--data", seed_data)
    assert text.exit_code == 0, text.output
    as_json = run("stats", "--data", seed_data, "--json")
    assert as_json.exit_code == 0, as_json.output
    summary = json.loads(as_json.output)
    counts = read_counts(text.output)
    assert counts["entities"] == {"total": summary["total_nodes"], **summary["nodes"]}
    assert counts["relations"] == {"total": summary["total_edges"], **summary["edges"]}
    assert counts["entities"]["document"] == 7 and counts["entities"]["total"] > 7
    assert summary["top_documents"][0]["label"] in text.output


def test_stats_of_an_empty_store_is_zeros(empty_data):
    result = run("stats", "--data", empty_data)
    assert result.exit_code == 0, result.output
    counts = read_counts(result.output)
    assert counts["entities"]["total"] == 0 and counts["relations"]["total"] == 0
