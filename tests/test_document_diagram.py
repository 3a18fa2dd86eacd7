"""The lược đồ of a document page: every relation with another document, both ways, under the headings
vbpl.vn uses ("Văn bản bị thay thế", "Văn bản sửa đổi, bổ sung", …), each related document with its date,
its own status and the sentence stating the relation; the same words on the graph picture and in the JSON.

The laws are those of tests/test_status.py: "Luật Nuôi ong" 77/2024/QH15 ends the 2009 law, "Luật Thú y"
40/2025/QH15 amends an article of it, "Luật Chăn nuôi" 32/2025/QH15 repeals another; each is based on the
constitution ("Căn cứ Hiến pháp …"). Every relation comes from extraction, every effective date from the
laws' own final articles.
"""

from __future__ import annotations

import html as html_lib
import os
import re

import pytest
from test_status import (
    AMENDING_LAW,
    AMENDING_SENTENCE,
    NEW_LAW,
    REPEALING_LAW,
    REPEALING_SENTENCE,
    REPLACING_SENTENCE,
)

from vankien.search.pipeline import ingest
from vankien.web.app import create_app
from vankien.web.words import EDGE_WORDS

from conftest import beekeeping_law, skip_or_fail
from serving import Served

try:
    from playwright import sync_api
except ImportError:  # reported by the test needing it
    sync_api = None

NEW = "/eli/nuoc/qh/2024/l/77"
OLD = "/eli/nuoc/qh/2009/l/12"


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("diagram")
    texts = {"luat-nuoi-ong-2009.txt": beekeeping_law("12/2009/QH12", 10, 6, 2009), "luat-nuoi-ong-2024.txt": NEW_LAW,
             "luat-thu-y.txt": AMENDING_LAW, "luat-chan-nuoi.txt": REPEALING_LAW}
    for name, text in texts.items():
        (root / name).write_text(text, "utf-8")
    ingest(root / "data", [root / name for name in texts])
    return root / "data"


@pytest.fixture(scope="module")
def site(data):
    return create_app(data, TESTING=True).test_client()


def page(site, path: str) -> str:
    response = site.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    return html_lib.unescape(response.get_data(as_text=True))


def diagram_of(html: str) -> str:
    return html[html.index('id="relations"'):html.index('id="events"')]


def group(html: str, heading: str) -> str:
    """The text of the group under ``heading`` (up to the next group), tags removed."""
    found = re.search(rf"<h3>{re.escape(heading)} <span class=\"count\">\((\d+)\)</span></h3>(.*?)</section>",
                      diagram_of(html), re.S)
    assert found, f"no group {heading!r}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(2)))


def headings(html: str) -> list[str]:
    return re.findall(r"<h3>([^<]+?) <span class=\"count\">", diagram_of(html))


def test_the_new_law_lists_what_it_replaces_and_what_amends_and_repeals_it_with_status_and_evidence(site):
    html = page(site, NEW)
    replaced = group(html, "Văn bản bị thay thế")
    assert "12/2009/QH12" in replaced and "Hết hiệu lực toàn bộ" in replaced  # its own badge, not the page's
    assert REPLACING_SENTENCE in replaced
    amending = group(html, "Văn bản sửa đổi, bổ sung")
    assert "40/2025/QH15" in amending and AMENDING_SENTENCE.rstrip(":") in amending
    assert "Còn hiệu lực" in amending
    repealing = group(html, "Văn bản bãi bỏ một phần")
    assert "32/2025/QH15" in repealing and REPEALING_SENTENCE in repealing
    assert "Hiến pháp" in group(html, "Văn bản căn cứ")
    # no document replaces it, guides it or is implemented by it: those headings are not shown
    for absent in ("Văn bản thay thế", "Văn bản hướng dẫn", "Văn bản được thực hiện", "Văn bản được sửa đổi, bổ sung"):
        assert absent not in headings(html)


def test_what_the_document_acts_on_stands_left_of_it_and_what_acts_on_it_right(site):
    html = page(site, NEW)
    diagram = diagram_of(html)
    left, centre, right = (diagram.index(f'class="{name}"') for name in ("diagram-side diagram-out", "diagram-centre",
                                                                         "diagram-side diagram-in"))
    assert left < diagram.index("Văn bản bị thay thế") < diagram.index("Văn bản căn cứ") < centre
    assert "77/2024/QH15" in diagram[centre:right] and "Hết hiệu lực một phần" in diagram[centre:right]  # since 2026
    assert right < diagram.index("Văn bản bãi bỏ một phần") < diagram.index("Văn bản sửa đổi, bổ sung")
    # one order on both sides: what ends a law, then what ends part of it, what amends it, … its grounds
    assert headings(html) == ["Văn bản bị thay thế", "Văn bản căn cứ", "Văn bản bãi bỏ một phần",
                              "Văn bản sửa đổi, bổ sung"]


def test_the_old_law_names_the_law_replacing_it_under_the_other_heading(site):
    html = page(site, OLD)
    replacing = group(html, "Văn bản thay thế")
    assert "77/2024/QH15" in replacing and REPLACING_SENTENCE in replacing
    assert "Văn bản bị thay thế" not in headings(html)


def test_the_json_holds_the_groups_with_their_headings_and_keeps_the_relations(site):
    data = site.get(f"{NEW}.json").get_json()
    groups = {(g["heading"], g["direction"]): g for g in data["diagram"]}
    replaced = groups[("Văn bản bị thay thế", "out")]
    assert replaced["relation"] == "replaces" and replaced["total"] == 1
    [old] = replaced["items"]
    assert old["number"] == "12/2009/QH12" and old["status"]["label"] == "Hết hiệu lực toàn bộ"
    assert [e["sentence"] for e in old["evidence"]] == [REPLACING_SENTENCE]
    assert groups[("Văn bản sửa đổi, bổ sung", "in")]["items"][0]["number"] == "40/2025/QH15"
    assert {(r["relation"], r["direction"]) for r in data["relations"]} >= {("replaces", "out"), ("amends", "in")}


def test_a_day_in_the_past_shows_each_related_law_as_it_stood_then(site):
    before = site.get(f"{NEW}.json?at=2024-12-31").get_json()
    [old] = next(g for g in before["diagram"] if g["heading"] == "Văn bản bị thay thế")["items"]
    assert old["status"]["label"] == "Còn hiệu lực"  # the new law took effect on 1/1/2025


def test_the_graph_picture_labels_edges_with_the_same_words(site):
    svg = html_lib.unescape(site.get(f"{NEW}/graph.svg").get_data(as_text=True))
    assert EDGE_WORDS["replaces"] == "thay thế" and EDGE_WORDS["amends"] == "sửa đổi, bổ sung"
    edge_labels = svg[svg.index('class="edge-labels"'):]
    labels = re.findall(r">([^<>]+)</text>", edge_labels[:edge_labels.index("</g>")])
    assert "thay thế" in labels and "sửa đổi, bổ sung" in labels and "bãi bỏ một phần" in labels


def test_the_diagram_has_two_sides_around_the_document_on_a_wide_screen_and_one_column_on_a_phone(data, tmp_path):
    if not os.access(CHROMIUM, os.X_OK) or sync_api is None:
        skip_or_fail(f"no Chromium at {CHROMIUM} or no Playwright for Python")
    served = Served(data, tmp_path / "server.log", workers=1)
    boxes = {}
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            for screen, width in (("wide", 1280), ("phone", 400)):
                opened = browser.new_page(viewport={"width": width, "height": 900})
                opened.goto(served.url + NEW)
                opened.locator("#relations").screenshot(path=str(tmp_path / f"diagram-{screen}.png"))
                boxes[screen] = {part: opened.locator(f".diagram-{part}").bounding_box()
                                 for part in ("out", "centre", "in")}
            browser.close()
    finally:
        served.stop()
    wide = boxes["wide"]
    assert wide["out"]["x"] + wide["out"]["width"] <= wide["centre"]["x"]
    assert wide["centre"]["x"] + wide["centre"]["width"] <= wide["in"]["x"]
    assert wide["out"]["y"] == wide["in"]["y"]  # side by side
    phone = boxes["phone"]
    assert phone["out"]["x"] == phone["centre"]["x"] == phone["in"]["x"]  # one column: the document first
    assert phone["centre"]["y"] < phone["out"]["y"] < phone["in"]["y"]
