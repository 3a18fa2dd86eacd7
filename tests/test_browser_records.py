"""A document's record in a real browser: Debian's Chromium driven by Playwright against ``vankien serve``.

A user opens a law: its status badge, its effective date, its table of contents; a click on an article in the
table scrolls to it. The law it replaced is out of force today and in force on a day chosen before; a Party
resolution replaced by a later one shows what replaced it. Screenshots are saved under tmp_path.
"""

from __future__ import annotations

import pytest
import test_browser
from test_official_record import LAW

from vankien.search.pipeline import ingest

from serving import Served

# Chromium, the browser and a page on this module's server: the fixtures of the other browser tests.
chromium, browser, page = test_browser.chromium, test_browser.browser, test_browser.page

NEW_LAW, OLD_LAW = "/eli/nuoc/qh/2024/l/77", "/eli/nuoc/qh/2009/l/12"
PARTY_NEWS = """Tỉnh ủy ban hành nghị quyết mới về phát triển du lịch

Ngày 05/3/2024, Ban Thường vụ Tỉnh ủy Lạng Sơn ban hành Nghị quyết số 55-NQ/TU về phát triển du lịch, \
thay thế Nghị quyết số 40-NQ/TU ngày 10/01/2021 của Ban Thường vụ Tỉnh ủy Lạng Sơn.
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-records")
    (root / "luat-nuoi-ong.txt").write_text(LAW, "utf-8")
    (root / "tin-nghi-quyet.txt").write_text(PARTY_NEWS, "utf-8")
    ingest(root / "data", [root / "luat-nuoi-ong.txt", root / "tin-nghi-quyet.txt"])
    served = Served(root / "data", root / "serve.log")
    yield served
    served.stop()


def test_a_law_shows_its_status_effect_and_contents_and_an_article_is_one_click_away(page, tmp_path):
    page.goto(NEW_LAW)
    page.screenshot(path=tmp_path / "1-law.png", full_page=True)
    assert page.locator("#status .status-badge").inner_text() == "Còn hiệu lực"
    assert "01/01/2025" in page.locator("dl.facts").inner_text()
    toc = page.locator("nav.toc")
    assert toc.is_visible() and "Điều 4. Hiệu lực thi hành" in toc.inner_text()
    toc.locator("a[href='#dieu-4']").click()
    page.wait_for_url(f"**{NEW_LAW}#dieu-4")
    article = page.locator("#dieu-4")
    assert article.is_visible() and "Hiệu lực thi hành" in article.inner_text()
    top = page.evaluate("document.getElementById('dieu-4').getBoundingClientRect().top")
    assert -2 <= top < page.viewport_size["height"]  # scrolled to it (sub-pixel rounding aside)
    page.screenshot(path=tmp_path / "2-article.png")


def test_the_replaced_law_is_out_of_force_today_and_in_force_on_a_day_before(page, tmp_path):
    page.goto(OLD_LAW)
    assert page.locator("#status .status-badge").inner_text() == "Hết hiệu lực toàn bộ"
    assert "Luật Nuôi ong số 77/2024/QH15" in page.locator("#status").inner_text()
    page.screenshot(path=tmp_path / "3-replaced.png", full_page=True)
    page.locator("#status form input[name=at]").fill("2024-12-31")
    page.locator("#status form button[type=submit]").click()
    page.wait_for_url("**?at=2024-12-31")
    assert page.locator("#status .status-badge").inner_text() == "Còn hiệu lực"
    page.screenshot(path=tmp_path / "4-day-before.png", full_page=True)


def test_a_party_resolution_shows_what_replaced_it(page, tmp_path):
    page.goto("/eli/dang/tinh-uy-lang-son/2021/nq/40")
    assert page.locator("#status .status-badge").inner_text() == "Đã được thay thế"
    relations = page.locator("#relations")
    assert "Nghị quyết số 55-NQ/TU" in relations.inner_text()
    assert "thay thế" in relations.inner_text().lower()
    page.screenshot(path=tmp_path / "5-party.png", full_page=True)
