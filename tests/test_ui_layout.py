"""The pages on a phone (390 px) and a desktop (1280 px) in Debian's Chromium, checked by axe-core.

On each page: nothing scrolls sideways, axe-core finds no violation (every rule it runs by default), and a full-page
screenshot is saved under tmp_path. On the search page a phone shows the results first and the facets after them
behind "Lọc kết quả", with one search box; a desktop shows the facets open in a column on the left.
The server and browser are those of test_browser.py (skipped without Chromium, a failure in CI).
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest
import test_browser

from conftest import skip_or_fail
from serving import serve_seeds

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # reported by the axe fixture
    Axe = None

chromium, browser = test_browser.chromium, test_browser.browser
DOCUMENT = test_browser.DOCUMENT
SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
NARROWEST = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory):
    yield from serve_seeds(tmp_path_factory.mktemp("ui-layout"))


@pytest.fixture(scope="module")
def axe(chromium):
    """axe-core, as the axe-playwright-python package ships it."""
    if Axe is None:
        skip_or_fail("axe-playwright-python is not installed (pip install -e '.[dev]')")
    return Axe()


def open_page(browser, server, viewport):
    context = browser.new_context(base_url=server.url, locale="vi-VN", viewport=viewport)
    context.set_default_timeout(15_000)
    opened = context.new_page()
    errors = []
    opened.on("pageerror", lambda error: errors.append(error))
    return context, opened, errors


@pytest.fixture(params=list(SCREENS))
def screen(request, browser, server):
    """A page of a fresh browser context at the width of a phone or of a desktop; ``screen.name`` says which."""
    context, opened, errors = open_page(browser, server, SCREENS[request.param])
    opened.name = request.param
    yield opened
    context.close()
    assert not errors, f"script errors in the page: {errors}"


def first_of_kind(page, kind: str) -> str:
    """The path of the first entity of ``kind`` the browse listing gives."""
    answer = page.request.get(f"/browse.json?kind={kind}")
    assert answer.ok, f"/browse.json?kind={kind}: HTTP {answer.status}"
    items = answer.json()["items"]
    assert items, f"the seeds hold no {kind}"
    return urlsplit(items[0]["iri"]).path


def page_width(page) -> tuple[int, int]:
    """How wide the page's content is and how wide the window shows it, in CSS pixels."""
    return tuple(page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]"))


def wider_than_window(page) -> list[str]:
    """The elements reaching past the window's right edge (to name them when the page scrolls sideways)."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""")


def check_page(page, axe, tmp_path, name: str) -> None:
    """Screenshot, no sideways scroll, no axe-core violation."""
    page.screenshot(path=tmp_path / f"{name}-{page.name}.png", full_page=True)
    content, window = page_width(page)
    assert content <= window, f"{name} at {page.name} width scrolls sideways ({content} > {window} px): " \
                              f"{wider_than_window(page)}"
    violations = axe.run(page).response["violations"]
    assert not violations, f"axe-core on {name} at {page.name} width: " + "; ".join(
        f"{v['id']} ({v['impact']}) at {[node['target'] for node in v['nodes']]}" for v in violations)


def visible_search_boxes(page) -> int:
    return sum(1 for form in page.locator("form[role=search]").all() if form.is_visible())


def test_home(screen, axe, tmp_path):
    screen.goto("/")
    assert screen.title() == "Văn kiện"
    icon = screen.locator("link[rel=icon]").get_attribute("href")
    answer = screen.request.get(icon)
    assert answer.ok and answer.headers["content-type"].startswith("image/svg+xml")
    assert screen.locator("main form[role=search] input[name=q]").is_visible()
    assert visible_search_boxes(screen) == (1 if screen.name == "phone" else 2)
    screen.keyboard.press("Tab")
    skip = screen.locator(":focus")
    assert skip.inner_text() == "Đến nội dung chính" and skip.is_visible()
    skip.press("Enter")
    assert screen.evaluate("document.activeElement.tagName") == "MAIN"
    check_page(screen, axe, tmp_path, "home")


def test_search_results_come_before_the_facets_on_a_phone(screen, axe, tmp_path):
    screen.goto("/search?q=" + quote("nghị quyết 40"))
    assert screen.title() == "Tìm kiếm: nghị quyết 40 · Văn kiện"
    first_hit = screen.locator("ol.hits li.hit").first
    assert first_hit.locator("h2 a").inner_text() == "Nghị quyết số 40-NQ/TU"
    facets = screen.locator("aside.facets")
    facet_link = facets.locator("section.facet a", has_text="văn bản").first
    toggle = facets.locator("summary", has_text="Lọc kết quả")
    hit_box, facets_box = first_hit.bounding_box(), facets.bounding_box()
    if screen.name == "phone":
        assert visible_search_boxes(screen) == 1
        assert hit_box["y"] < facets_box["y"], "the facets come before the results on a phone"
        assert toggle.is_visible() and not facet_link.is_visible()
        check_page(screen, axe, tmp_path, "search")
        toggle.click()
        assert facet_link.is_visible()
        screen.screenshot(path=tmp_path / "search-phone-filters-open.png", full_page=True)
    else:
        assert not toggle.is_visible() and facet_link.is_visible()
        assert facets_box["x"] + facets_box["width"] <= hit_box["x"], "the facets are not left of the results"
        assert abs(facets_box["y"] - hit_box["y"]) < hit_box["height"]
        check_page(screen, axe, tmp_path, "search")
    facet_link.click()
    screen.wait_for_url("**kind=document*")
    assert screen.locator("ol.hits li.hit:not(.kind-document)").count() == 0
    assert screen.locator("aside.facets summary").inner_text().startswith("Lọc kết quả (1 đang chọn)")


def test_a_search_without_results_offers_no_facets_nor_sorting(screen, axe, tmp_path):
    screen.goto("/search?q=zzzqqxx&year=2021")
    assert screen.locator("p.summary").inner_text().strip() == "0 kết quả"
    assert screen.locator("aside.facets").count() == 0
    message = screen.locator("section.results p.muted")
    assert message.inner_text().startswith("Không tìm thấy kết quả nào.")
    message.locator("a", has_text="Bỏ mọi bộ lọc").click()
    screen.wait_for_url("**/search?q=zzzqqxx")
    check_page(screen, axe, tmp_path, "search-empty")


def test_document(screen, axe, tmp_path):
    screen.goto(DOCUMENT)
    assert screen.title() == "Nghị quyết số 40-NQ/TU · Văn kiện"
    picture, frame = screen.locator("#graph svg").first, screen.locator("#graph .picture")
    assert picture.is_visible()
    if screen.viewport_size["width"] <= 700:  # a phone: the picture keeps a readable size, scrolling in its frame
        assert picture.bounding_box()["width"] >= 600
        assert frame.evaluate("f => f.scrollWidth > f.clientWidth")
    else:
        assert 100 < picture.bounding_box()["width"] <= frame.bounding_box()["width"]
    # The list under the picture names the same neighbourhood: the issuer is named there.
    listed = screen.locator("#graph .neighbourhood a", has_text="Ban Thường vụ Tỉnh ủy Lạng Sơn")
    assert listed.first.is_visible()
    check_page(screen, axe, tmp_path, "document")


def test_browse(screen, axe, tmp_path):
    screen.goto("/browse")
    assert screen.locator("table.listing tbody tr").filter(has_text="40-NQ/TU").count() == 1
    check_page(screen, axe, tmp_path, "browse")
    screen.goto("/browse?kind=person")
    check_page(screen, axe, tmp_path, "browse-people")


def test_sparql_editor(screen, axe, tmp_path):
    screen.goto("/sparql/editor")
    check_page(screen, axe, tmp_path, "sparql-editor")
    screen.locator("form.sparql button[type=submit]").click()
    screen.wait_for_url("**/sparql/editor?*")
    assert screen.locator("table.sparql-results tbody tr").count() >= 1
    check_page(screen, axe, tmp_path, "sparql-results")


@pytest.mark.parametrize("kind", ["organisation", "person", "article"])
def test_entity_pages(screen, axe, tmp_path, kind):
    path = first_of_kind(screen, kind)
    screen.goto(path)
    assert screen.locator("h1").is_visible()
    check_page(screen, axe, tmp_path, kind)


def test_api_and_error_pages(screen, axe, tmp_path):
    screen.goto("/api")
    check_page(screen, axe, tmp_path, "api")
    answer = screen.goto("/khong-co-trang-nay")
    assert answer.status == 404
    check_page(screen, axe, tmp_path, "error")


def test_no_page_scrolls_sideways_at_320_px(browser, server, tmp_path):
    context, opened, errors = open_page(browser, server, NARROWEST)
    try:
        paths = {"home": "/", "search": "/search?q=" + quote("nghị quyết 40"), "document": DOCUMENT,
                 "browse": "/browse", "browse-articles": "/browse?kind=article", "sparql-editor": "/sparql/editor",
                 "api": "/api", **{kind: first_of_kind(opened, kind)
                                   for kind in ("organisation", "person", "article", "event")}}
        for name, path in paths.items():
            opened.goto(path)
            opened.screenshot(path=tmp_path / f"{name}-320.png", full_page=True)
            content, window = page_width(opened)
            assert content <= window, f"{path} scrolls sideways at 320 px ({content} px): {wider_than_window(opened)}"
    finally:
        context.close()
    assert not errors, f"script errors in the page: {errors}"
