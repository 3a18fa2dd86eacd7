"""The search page shows what the searcher adds to a result: its notice (no exact match, near matches shown)
and, under a hit, the near-duplicate articles folded into it ("2 bài tương tự").

The searcher's ``search`` is replaced by one returning a result written here, so the page alone is tested.
"""

from __future__ import annotations

import html
import re

import pytest

from vankien.web import backends
from vankien.web.app import create_app

NOTICE = "Không có kết quả chính xác; hiển thị kết quả gần đúng"
BASE = "https://vankien.example/"
SIMILAR = [
    {"iri": BASE + "source/1111aaaa2222bbbb", "label": "Lạng Sơn quán triệt Nghị quyết 40 <b>mới</b>",
     "date": "2021-08-20", "publisher": "Báo Lạng Sơn"},
    {"iri": "https://dangcongsan.vn/lang-son-quan-triet-nghi-quyet-40.html", "label": "Quán triệt Nghị quyết 40",
     "date": None, "publisher": "Báo điện tử Đảng Cộng sản"},
]


def hit(**extra) -> dict:
    """One article hit as the searcher gives it."""
    return {"kind": "article", "iri": BASE + "source/e89084e095c92ff8", "label": "Hội nghị quán triệt Nghị quyết 40",
            "number": None, "date": "2021-08-19", "publisher": "Báo Lạng Sơn", "score": 3.5,
            "snippet": "Hội nghị quán triệt <mark>Nghị quyết</mark> số 40-NQ/TU", **extra}


def result(hits: list[dict], notice: str | None = None) -> dict:
    return {"query": "nghị quyết 40", "total": len(hits), "page": 1, "limit": 10, "hits": hits, "facets": {},
            "suggestion": None, "filters": {}, "notice": notice}


@pytest.fixture()
def answer(seeds_data, monkeypatch):
    """``answer(result)`` → the HTML of /search?q=nghị quyết 40 when the searcher returns ``result``."""
    app = create_app(seeds_data, TESTING=True)
    with app.app_context():
        searcher = backends.searcher()
    client = app.test_client()

    def render(returned: dict) -> str:
        monkeypatch.setattr(searcher, "search", lambda wanted: returned)
        response = client.get("/search", query_string={"q": "nghị quyết 40"})
        assert response.status_code == 200 and response.mimetype == "text/html"
        return response.get_data(as_text=True)

    return render


def test_the_notice_is_shown_above_the_results(answer):
    page = answer(result([hit()], notice=NOTICE))
    notice = re.search(r'<p class="notice" role="status">([^<]*)</p>', page)
    assert notice and html.unescape(notice.group(1)) == NOTICE
    assert page.index(notice.group(0)) < page.index('<ol class="hits"')


def test_similar_articles_are_folded_under_the_hit(answer):
    page = answer(result([hit(similar=SIMILAR)]))
    details = re.search(r'<details class="similar">(.*?)</details>', page, re.S)
    assert details, "no <details> of similar articles"
    body = details.group(1)
    assert re.search(r"<summary>\s*2 bài tương tự\s*</summary>", body)
    assert page.index("Hội nghị quán triệt <mark>") < page.index('<details class="similar">')
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', body)
    assert links == [("/source/1111aaaa2222bbbb", "Lạng Sơn quán triệt Nghị quyết 40 &lt;b&gt;mới&lt;/b&gt;"),
                     ("https://dangcongsan.vn/lang-son-quan-triet-nghi-quyet-40.html", "Quán triệt Nghị quyết 40")]
    assert "20/08/2021" in body and "Báo Lạng Sơn" in body and "Báo điện tử Đảng Cộng sản" in body


def test_a_similar_item_without_a_page_is_named_without_a_link(answer):
    page = answer(result([hit(similar=[{"iri": "urn:x-bai:1", "label": "Bài không có địa chỉ", "date": "2021-08-21",
                                        "publisher": None}])]))
    body = re.search(r'<details class="similar">(.*?)</details>', page, re.S).group(1)
    assert re.search(r"<summary>\s*1 bài tương tự\s*</summary>", body)
    assert "Bài không có địa chỉ" in body and "<a " not in body and "21/08/2021" in body


@pytest.mark.parametrize("extra", [{}, {"similar": []}, {"similar": None}])
def test_nothing_extra_without_a_notice_or_similar_articles(answer, extra):
    page = answer(result([hit(**extra)], notice=None))
    assert "Hội nghị quán triệt Nghị quyết 40" in page
    assert 'class="notice"' not in page and NOTICE not in page
    assert "<details" not in page and "bài tương tự" not in page
