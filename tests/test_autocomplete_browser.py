"""The search boxes' suggestions (web/static/suggest.js) in a real browser: Debian's Chromium driven by
Playwright against ``vankien serve`` of the seeds, as in test_browser.py.

A user types the first letters of a name or a number, sees the names, kinds and numbers offered, moves with
the arrows and opens one with Enter or a click; Escape closes the list, Tab leaves it, and Enter with no
option chosen searches as before. Without JavaScript the box is the plain search form.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import test_browser

from serving import serve_seeds

# Chromium, the browser and a page on this module's server: the fixtures of the other browser tests
# (skipped without them, a failure in CI).
chromium, browser, page = test_browser.chromium, test_browser.browser, test_browser.page
sync_api = test_browser.sync_api
DOCUMENT = test_browser.DOCUMENT
PHONE = {"width": 390, "height": 800}


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory):
    yield from serve_seeds(tmp_path_factory.mktemp("autocomplete"))


def open_context(browser, server, **options):
    context = browser.new_context(base_url=server.url, locale="vi-VN", **options)
    context.set_default_timeout(15_000)
    return context


def suggestions(page, typed: str) -> list[dict]:
    """What /suggest.json answers for ``typed``: the options the list must show, in order."""
    answer = page.request.get("/suggest.json?q=" + quote(typed))
    assert answer.ok
    return answer.json()["suggestions"]


def listbox_of(box):
    """The listbox the combobox ``box`` controls, checked to exist."""
    controls = box.get_attribute("aria-controls")
    assert controls, "the box names no listbox (aria-controls)"
    listbox = box.page.locator(f"#{controls}")
    assert listbox.get_attribute("role") == "listbox"
    return listbox


def type_and_wait_for_options(box, typed: str):
    """Type ``typed`` key by key and wait for the list to show its options; the listbox."""
    box.click()
    box.press_sequentially(typed, delay=30)
    listbox = listbox_of(box)
    sync_api.expect(listbox).to_be_visible()
    sync_api.expect(box).to_have_attribute("aria-expanded", "true")
    return listbox


def test_the_boxes_are_comboboxes_closed_at_first(page):
    page.goto("/")
    boxes = page.locator("input[name=q]")
    assert boxes.count() == 2  # the header's and the home page's
    for box in boxes.all():
        assert box.get_attribute("role") == "combobox"
        assert box.get_attribute("aria-autocomplete") == "list"
        assert box.get_attribute("aria-expanded") == "false"
        assert box.get_attribute("aria-activedescendant") is None
        assert listbox_of(box).is_hidden()
    assert len({box.get_attribute("aria-controls") for box in boxes.all()}) == 2


def test_arrows_and_enter_open_the_chosen_suggestion(page, tmp_path):
    expected = suggestions(page, "Thành ủy")
    assert len(expected) >= 2 and expected[0]["label"] == "Thành ủy Lạng Sơn"
    page.goto("/")
    box = page.locator("main form.searchbox input[name=q]")
    listbox = type_and_wait_for_options(box, "Thành ủy")
    page.screenshot(path=tmp_path / "suggestions.png", full_page=True)
    options = listbox.locator("[role=option]")
    assert [o.locator(".suggestion-label").inner_text() for o in options.all()] == [s["label"] for s in expected]
    assert options.first.locator(".suggestion-kind").inner_text() == "Tổ chức"
    assert all(o.get_attribute("aria-selected") == "false" for o in options.all())

    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    assert options.nth(0).get_attribute("aria-selected") == "true"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    assert options.nth(0).get_attribute("aria-selected") == "false"
    box.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    assert page.evaluate("document.activeElement.name") == "q"  # the focus stays in the box

    box.press("Enter")
    page.wait_for_url(f"**{expected[0]['url']}")
    assert urlsplit(page.url).path == "/org/thanh-uy-lang-son"
    assert page.locator("h1").inner_text() == "Thành ủy Lạng Sơn"


def test_a_number_prefix_offers_the_document_and_a_tap_opens_it_on_a_phone(browser, server, tmp_path):
    context = open_context(browser, server, viewport=PHONE, has_touch=True)
    page = context.new_page()
    try:
        page.goto("/browse")
        box = page.locator("header form.searchbox input[name=q]")
        listbox = type_and_wait_for_options(box, "40-NQ")
        page.screenshot(path=tmp_path / "phone-suggestions.png")
        option = listbox.locator("[role=option]").first
        assert option.locator(".suggestion-label").inner_text() == "Nghị quyết số 40-NQ/TU"
        assert option.locator(".suggestion-kind").inner_text() == "Văn bản"
        assert option.locator(".suggestion-number").inner_text() == "40-NQ/TU"
        frame = listbox.bounding_box()
        assert frame["x"] >= 0 and frame["x"] + frame["width"] <= PHONE["width"]
        option.tap()
        page.wait_for_url(f"**{DOCUMENT}")
        assert page.locator("h1").inner_text() == "Nghị quyết số 40-NQ/TU"
    finally:
        context.close()


def test_escape_closes_the_list_and_keeps_the_text_tab_leaves(page):
    page.goto("/search?q=ngh%E1%BB%8B+quy%E1%BA%BFt")
    box = page.locator("main form.searchbox input[name=q]")
    box.fill("")
    listbox = type_and_wait_for_options(box, "Thành ủy")
    box.press("ArrowDown")
    box.press("Escape")
    assert listbox.is_hidden()
    assert box.get_attribute("aria-expanded") == "false" and box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "Thành ủy"
    assert urlsplit(page.url).path == "/search"

    box.press("ArrowDown")  # the arrows open the list again
    sync_api.expect(listbox).to_be_visible()
    box.press("Tab")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.name") != "q"


def test_enter_with_no_option_chosen_searches_as_typed(page):
    page.goto("/")
    box = page.locator("main form.searchbox input[name=q]")
    type_and_wait_for_options(box, "nghi quyet 40")
    box.press("Enter")
    page.wait_for_url("**/search?*")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["nghi quyet 40"]
    assert page.locator("ol.hits li.hit").first.locator("h2 a").inner_text() == "Nghị quyết số 40-NQ/TU"


def asked_for(request) -> list[str] | None:
    """The letters a request to /suggest.json asked about."""
    return parse_qs(urlsplit(request.url).query).get("q")


def test_an_answer_to_older_letters_is_never_shown(page):
    """The answer for "Th" is held back until "Thành ủy" has been answered and shown; then it comes, naming
    an entity no other answer names, and must not replace the list."""
    held, settled = [], []
    stale = {"query": "Th", "suggestions": [{"label": "Trả lời cũ", "kind": "person", "iri": "urn:x-cu",
                                             "number": None, "url": "/person/tra-loi-cu"}]}

    def hold_the_first(route):
        if asked_for(route.request) == ["Th"]:
            held.append(route)
        else:
            route.continue_()

    def note_settled(request):
        if asked_for(request) == ["Th"]:
            settled.append(request)

    page.route(re.compile(r".*/suggest\.json\?.*"), hold_the_first)
    page.on("requestfinished", note_settled)
    page.on("requestfailed", note_settled)
    page.goto("/")
    box = page.locator("main form.searchbox input[name=q]")
    box.click()
    with page.expect_request(lambda request: asked_for(request) == ["Th"]):
        box.press_sequentially("Th")
    box.press_sequentially("ành ủy")
    listbox = listbox_of(box)
    sync_api.expect(listbox.locator("[role=option]").first).to_have_text(re.compile("Thành ủy Lạng Sơn"))
    expected = [s["label"] for s in suggestions(page, "Thành ủy")]

    assert len(held) == 1
    try:
        held[0].fulfill(json=stale)
    except sync_api.Error:
        pass  # the page gave up the stale request itself
    for _ in range(100):  # until the browser has delivered or dropped it
        if settled:
            break
        page.wait_for_timeout(50)
    assert settled, "the held request never finished"
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    labels = [o.inner_text() for o in listbox.locator("[role=option] .suggestion-label").all()]
    assert labels == expected and "Trả lời cũ" not in labels


def test_without_javascript_the_box_is_the_plain_search_form(browser, server):
    context = open_context(browser, server, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/")
        box = page.locator("main form.searchbox input[name=q]")
        assert box.get_attribute("role") is None and page.locator("[role=listbox]").count() == 0
        box.fill("40-NQ/TU")
        box.press("Enter")
        page.wait_for_url("**/search?*")
        assert parse_qs(urlsplit(page.url).query)["q"] == ["40-NQ/TU"]
        assert page.locator("ol.hits li.hit").first.locator("h2 a").inner_text() == "Nghị quyết số 40-NQ/TU"
    finally:
        context.close()


def test_pages_load_our_one_script_from_our_own_host(seeds_data):
    """The script is our own file, named by the page, allowed by the Content-Security-Policy; no inline script."""
    from vankien.web.app import create_app

    client = create_app(seeds_data, TESTING=True).test_client()
    for url in ("/", "/search?q=40", "/browse", DOCUMENT, "/nowhere"):
        response = client.get(url)
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", response.get_data(as_text=True), re.S)
        # beside it, an entity page may hold its triples as a JSON-LD data block, which is never run
        scripts = [(attributes, body) for attributes, body in scripts if 'type="application/ld+json"' not in attributes]
        assert [body for _, body in scripts] == [""], url
        assert re.search(r'\bsrc="/static/suggest\.js"', scripts[0][0]) and " defer" in scripts[0][0]
        policy = dict(directive.strip().partition(" ")[::2]
                      for directive in response.headers["Content-Security-Policy"].split(";"))
        assert policy["script-src"] == "'self'"  # our file only: no inline script, no other host
        assert "'self'" in policy.get("connect-src", policy["default-src"]).split()  # the fetch of /suggest.json
    assert client.get("/static/suggest.js").status_code == 200
