"""End to end in a real browser: Debian's Chromium driven by Playwright against ``vankien serve``.

A user searches from the home page, opens Nghị quyết 40-NQ/TU, sees its issuer and the picture of its
graph, downloads its Turtle and follows a facet link. Each page's screenshot is saved under tmp_path.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

import pytest
import rdflib

from conftest import skip_or_fail
from serving import serve_seeds

try:
    from playwright import sync_api
except ImportError:  # reported by the chromium fixture
    sync_api = None

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DOCUMENT = "/eli/dang/tinh-uy-lang-son/2021/nq/40"


@pytest.fixture(scope="module", autouse=True)
def chromium():
    """Debian's Chromium and Playwright for Python; skipped without them, a failure in CI."""
    if not os.access(CHROMIUM, os.X_OK):
        skip_or_fail(f"no Chromium at {CHROMIUM} (Debian package chromium)")
    if sync_api is None:
        skip_or_fail("Playwright for Python is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serve_seeds(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def browser(chromium):
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(base_url=server.url, locale="vi-VN")
    context.set_default_timeout(15_000)
    opened = context.new_page()
    errors = []
    opened.on("pageerror", lambda error: errors.append(error))
    yield opened
    context.close()
    assert not errors, f"script errors in the page: {errors}"


def test_search_open_a_document_download_its_turtle_and_follow_a_facet(page, server, tmp_path):
    page.goto("/")
    page.screenshot(path=tmp_path / "1-home.png", full_page=True)
    box = page.locator("main form.searchbox input[name=q]")
    box.fill("nghi quyet 40")
    box.press("Enter")
    page.wait_for_url("**/search?*")
    page.screenshot(path=tmp_path / "2-search.png", full_page=True)
    first = page.locator("ol.hits li.hit").first.locator("h2 a")
    assert first.inner_text() == "Nghị quyết số 40-NQ/TU"

    first.click()
    page.wait_for_url(f"**{DOCUMENT}")
    page.screenshot(path=tmp_path / "3-document.png", full_page=True)
    assert page.locator("h1").inner_text() == "Nghị quyết số 40-NQ/TU"
    issuer = page.locator("dl.facts a.entity.kind-organisation", has_text="Ban Thường vụ Tỉnh ủy Lạng Sơn")
    assert issuer.count() == 1 and issuer.get_attribute("href").startswith("/org/")
    picture = page.locator("#graph svg, #graph img")
    assert picture.count() >= 1 and picture.first.is_visible()
    assert picture.first.bounding_box()["width"] > 100

    turtle_link = page.locator("footer a", has_text="Turtle")
    assert turtle_link.get_attribute("href") == f"{DOCUMENT}.ttl"
    download = page.request.get(turtle_link.get_attribute("href"))
    assert download.ok and download.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=download.body(), format="turtle")
    document = rdflib.URIRef("https://vankien.example" + DOCUMENT)
    assert str(graph.value(document, rdflib.URIRef("http://data.europa.eu/eli/ontology#id_local"))) == "40-NQ/TU"
    (tmp_path / "4-document.ttl").write_bytes(download.body())

    page.locator("dl.facts a", has_text="Nghị quyết").first.click()
    page.wait_for_url("**/browse?*")
    page.screenshot(path=tmp_path / "5-facet.png", full_page=True)
    assert parse_qs(urlsplit(page.url).query)["type"] == ["Nghị quyết"]
    assert page.locator("aside.facets li.active", has_text="Nghị quyết").count() == 1
    listed = page.locator("table.listing tbody tr")
    assert listed.count() >= 1 and listed.filter(has_text="40-NQ/TU").count() == 1
    for row in listed.all():
        assert "Nghị quyết" in row.inner_text()


def test_a_search_facet_narrows_the_hits(page, tmp_path):
    page.goto("/search?q=nghi+quyet+40")
    kind = page.locator("aside.facets a", has_text="văn bản").first
    kind.click()
    page.wait_for_url("**kind=document*")
    page.screenshot(path=tmp_path / "search-facet.png", full_page=True)
    badges = page.locator("ol.hits li.hit")
    assert badges.count() >= 1
    assert page.locator("ol.hits li.hit:not(.kind-document)").count() == 0
    assert page.locator("ol.hits li.hit h2 a").first.inner_text() == "Nghị quyết số 40-NQ/TU"
