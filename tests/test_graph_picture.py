"""The graph picture of a crowded neighbourhood stays readable, and the list view beside it names the same nodes.

The graph is built here as the projection would hold it: the 2013 constitution, mentioned by 40 articles (some
named only by their URL, as an article without a headline is), based on by five laws with long names, issued by
Quốc hội, replacing the 1992 constitution; five people each mentioned by eight of the articles; a person known
only by an IRI. At depth 2 the 40 articles are one group with one edge label, the people they share hang on the
group, no two labels cover each other, nothing leaves the view box, and no label is an address.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
import test_browser
from flask import render_template

from vankien.web.app import create_app
from vankien.web.graph_svg import ASCENT_EM, BOLD_CHAR_EM, CHAR_EM, DESCENT_EM, draw

# Debian's Chromium through Playwright, as the browser tests launch it (skipped without it, a failure in CI)
chromium, browser = test_browser.chromium, test_browser.browser
SVG = "{http://www.w3.org/2000/svg}"
BASE = "https://vankien.example/"
DOC = BASE + "eli/nuoc/qh/2013/hp/hien-phap-nam-2013"
OLD = BASE + "eli/nuoc/qh/1992/hp/hien-phap-nam-1992"
QH = BASE + "org/quoc-hoi"
NAMELESS = BASE + "person/khong-ten"


def article(i: int) -> str:
    return f"{BASE}source/a{i:02d}"


def published(i: int) -> str:
    return f"2023-{1 + i % 12:02d}-{1 + i // 12:02d}"


def person(i: int) -> str:
    return f"{BASE}person/p{i}"


def crowded() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()

    def relate(u: str, v: str, relation: str) -> None:
        G.add_edge(u, v, key=relation, relation=relation)

    G.add_node(DOC, kind="document", label="Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013")
    G.add_node(OLD, kind="document", label="Hiến pháp năm 1992")
    G.add_node(QH, kind="organisation", label="Quốc hội")
    G.add_node(NAMELESS, kind="person", label=NAMELESS)
    relate(DOC, QH, "issued_by")
    relate(DOC, OLD, "replaces")
    relate(NAMELESS, QH, "holds_post")
    for i in range(40):
        if i % 10 == 0:  # no headline: the projection names it by its URL
            url = f"https://dantri.com.vn/thoi-su/bai-viet-so-{i}.htm"
            G.add_node(article(i), kind="article", label=url, url=url)
        else:
            G.add_node(article(i), kind="article", label=f"Bài viết số {i} về việc thi hành Hiến pháp ở địa phương")
        G.nodes[article(i)]["date"] = published(i)
        relate(article(i), DOC, "mentions")
        relate(article(i), person(i % 5), "mentions")
    for i in range(5):
        G.add_node(person(i), kind="person", label=f"Đồng chí Nguyễn Văn Thứ {i}")
        law = f"{BASE}eli/nuoc/qh/2015/l/{70 + i}"
        G.add_node(law, kind="document", label=f"Luật số {70 + i}/2015/QH13 về tổ chức chính quyền địa phương")
        relate(law, DOC, "based_on")
        relate(law, QH, "issued_by")
    return G


def link(iri: str) -> str | None:
    return "/" + iri.removeprefix(BASE) if iri.startswith(BASE) else None


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(tmp_path_factory.mktemp("nodata"), TESTING=True)


def rendered(app, G: nx.MultiDiGraph, iri: str, depth: int) -> tuple[str, str]:
    """(the picture's SVG, the list view's HTML) of ``iri``'s neighbourhood."""
    with app.test_request_context():
        drawing = draw(G, iri, depth, link)
        title = G.nodes[iri]["label"]
        return (render_template("graph.svg", drawing=drawing, title=title),
                render_template("neighbourhood.html", drawing=drawing, title=title, data={"iri": iri}))


@pytest.fixture(scope="module")
def depth_two(app):
    return rendered(app, crowded(), DOC, 2)


def inherited(element: ET.Element, parents: dict, name: str, default: str) -> str:
    while element is not None:
        if name in element.attrib:
            return element.attrib[name]
        element = parents.get(element)
    return default


def texts(svg: str) -> list[dict]:
    """Every drawn text with its estimated box (characters × font size), as a reader's eye would see it."""
    root = ET.fromstring(svg)
    parents = {child: parent for parent in root.iter() for child in parent}
    found = []
    for text in root.iter(f"{SVG}text"):
        words = "".join(text.itertext())
        size = float(inherited(text, parents, "font-size", "11"))
        bold = inherited(text, parents, "font-weight", "normal") == "bold"
        width = len(words) * size * (BOLD_CHAR_EM if bold else CHAR_EM)
        x, y = float(text.get("x")), float(text.get("y"))
        anchor = inherited(text, parents, "text-anchor", "start")
        left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
        group = next(p for p in (parents.get(text), parents.get(parents.get(text))) if p is not None)
        found.append({"text": words, "fill": inherited(text, parents, "fill", "#000000"),
                      "box": (left, y - ASCENT_EM * size, left + width, y + DESCENT_EM * size),
                      "layer": group.get("class", "")})
    return found


def overlapping(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def view_box(svg: str) -> tuple[float, float, float, float]:
    x, y, w, h = map(float, ET.fromstring(svg).get("viewBox").split())
    return x, y, x + w, y + h


def test_forty_mentioning_articles_are_one_labelled_group(depth_two):
    svg, _ = depth_two
    root = ET.fromstring(svg)
    groups = [g for g in root.iter(f"{SVG}g") if "group" in g.get("class", "").split()]
    [articles] = [g for g in groups if "kind-article" in g.get("class")]
    assert [t.text for t in articles.iter(f"{SVG}text")] == ["40 bài viết"]
    assert articles.find(f"{SVG}title").text.startswith("40 bài viết: Bài viết số")
    edge_labels = [t["text"] for t in texts(svg) if t["layer"] == "edge-labels"]
    assert edge_labels.count("nhắc đến (40)") == 1 and not any(label == "nhắc đến" for label in edge_labels)
    assert not {a.get("href") for a in root.iter(f"{SVG}a")} & {link(article(i)) for i in range(40)}
    # the people the articles share hang on the group, each with how many articles mention them
    assert edge_labels.count("nhắc đến (8)") >= 1
    assert "/person/p0" in {a.get("href") for a in root.iter(f"{SVG}a")}


def test_no_two_labels_overlap_and_every_label_is_inside_the_view_box(depth_two):
    svg, _ = depth_two
    drawn = texts(svg)
    assert len([t for t in drawn if t["layer"].startswith("node")]) >= 8
    for i, one in enumerate(drawn):
        for other in drawn[i + 1:]:
            assert not overlapping(one["box"], other["box"]), f"{one['text']!r} covers {other['text']!r}"
    left, top, right, bottom = view_box(svg)
    for text in drawn:
        x1, y1, x2, y2 = text["box"]
        assert left <= x1 and x2 <= right and top <= y1 and y2 <= bottom, f"{text['text']!r} is clipped"
    for circle in ET.fromstring(svg).iter(f"{SVG}circle"):
        cx, cy, r = (float(circle.get(a)) for a in ("cx", "cy", "r"))
        assert left <= cx - r and cx + r <= right and top <= cy - r and cy + r <= bottom


def test_no_label_or_title_is_an_address(depth_two):
    svg, listing = depth_two
    root = ET.fromstring(svg)
    shown = [t["text"] for t in texts(svg)] + [t.text for t in root.iter(f"{SVG}title")]
    assert shown and not [s for s in shown if re.match(r"\s*(https?:|urn:|www\.)", s)]
    names = [re.sub(r"\s+", " ", n) for n in re.findall(r"<a [^>]*>([^<]*)</a>", listing)]
    assert not [n for n in names if n.startswith("http")]
    assert "Bài viết 1 (dantri.com.vn)" in names and "Bài viết 4 (dantri.com.vn)" in names  # by kind and number
    assert "Cá nhân 1" in names  # the person known only by an IRI


def test_the_list_view_holds_every_drawn_node_under_its_relation(depth_two):
    svg, listing = depth_two
    root = ET.fromstring(svg)
    listed = set(re.findall(r'<a href="([^"]+)"', listing))
    assert {a.get("href") for a in root.iter(f"{SVG}a")} - {link(DOC)} <= listed  # the centre is this page
    assert {link(article(i)) for i in range(40)} <= listed  # a group's members, each
    headings = re.findall(r"<h(\d)>(.*?)</h\1>", listing)
    assert {level for level, _ in headings} <= {"3", "4"}  # under the section's <h2>
    assert [re.sub(r"<[^>]+>", "", text) for level, text in headings if level == "4"][:1] == ["Nhắc đến (45)"]
    mentions = listing[listing.index("Nhắc đến"):]
    assert "được nhắc đến trong:" in mentions and "<summary>40 bài viết</summary>" in mentions
    assert re.search(r"Đồng chí Nguyễn Văn Thứ 0</a> <span class=\"kind\">\(cá nhân, 8 bài viết\)", listing)
    assert "Căn cứ" in listing and "là căn cứ của:" in listing
    order = [int(n) for n in re.findall(r'<a href="/source/a(\d+)"', listing)]
    assert order == sorted(range(40), key=published, reverse=True)  # a group's articles newest first


def test_a_small_neighbourhood_draws_each_node_and_labels_each_edge(app):
    G = nx.MultiDiGraph()
    G.add_node(DOC, kind="document", label="Hiến pháp năm 2013")
    G.add_node(QH, kind="organisation", label="Quốc hội")
    G.add_edge(DOC, QH, key="issued_by", relation="issued_by")
    for i in range(3):
        G.add_node(article(i), kind="article", label=f"Bài viết {i}")
        G.add_edge(article(i), DOC, key="mentions", relation="mentions")
    svg, listing = rendered(app, G, DOC, 1)
    root = ET.fromstring(svg)
    assert not [g for g in root.iter(f"{SVG}g") if "group" in g.get("class", "").split()]
    assert {link(article(i)) for i in range(3)} | {link(QH), link(DOC)} == {a.get("href") for a in root.iter(f"{SVG}a")}
    edge_labels = [t["text"] for t in texts(svg) if t["layer"] == "edge-labels"]
    assert sorted(edge_labels) == ["ban hành bởi"] + ["nhắc đến"] * 3
    assert "<details>" not in listing


def contrast(colour: str) -> float:
    """The contrast ratio of ``colour`` (#rrggbb) on white (WCAG 2)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_the_picture_is_a_group_of_named_links_with_readable_text(depth_two):
    svg, _ = depth_two
    root = ET.fromstring(svg)
    assert root.get("role") != "img"  # an image may not hold links (axe: nested-interactive)
    assert root.get("aria-label").startswith("Đồ thị quan hệ quanh Hiến pháp")
    for a in root.iter(f"{SVG}a"):  # a link's own <title> is its name, also when its label did not fit
        assert a.find(f"{SVG}title") is not None and a.find(f"{SVG}title").text.strip(), a.get("href")
    for text in texts(svg):
        assert contrast(text["fill"]) >= 4.5, f"{text['text']!r} in {text['fill']}"


def test_in_chromium_labels_do_not_overlap_and_axe_finds_nothing(depth_two, tmp_path, browser):
    from axe_playwright_python.sync_playwright import Axe

    svg, listing = depth_two
    page_html = (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đồ thị</title></head><body>'
                 f'<main><h1>Hiến pháp</h1><section id="graph"><h2>Đồ thị quan hệ</h2><div class="picture">{svg}'
                 f'</div>{listing}</section></main></body></html>')
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    try:
        page.set_content(page_html)
        page.locator("svg").screenshot(path=str(tmp_path / "graph-depth-2.png"))
        boxes = page.evaluate("""() => [...document.querySelectorAll('svg text')].map(t => {
            const b = t.getBBox(); return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height]; })""")
        view = page.evaluate("() => { const v = document.querySelector('svg').viewBox.baseVal;"
                             " return [v.x, v.y, v.x + v.width, v.y + v.height]; }")
        violations = Axe().run(page).response["violations"]
    finally:
        page.close()
    for i, (words, *box) in enumerate(boxes):
        assert view[0] <= box[0] and box[2] <= view[2] and view[1] <= box[1] and box[3] <= view[3], words
        for other, *other_box in boxes[i + 1:]:
            assert not overlapping(box, other_box), f"{words!r} covers {other!r}"
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_an_entity_page_lists_the_picture_s_nodes_below_it(seeds_data):
    client = create_app(seeds_data, TESTING=True).test_client()
    article = "/source/e89084e095c92ff8"  # the seed article
    response = client.get(f"{article}?depth=2", headers={"Accept": "text/html"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    section = html[html.index('<section id="graph">'):]
    section = section[:section.index("</section>")]
    svg = section[section.index("<svg"):section.index("</svg>") + len("</svg>")]
    listing = section[section.index('<div class="neighbourhood">'):]
    drawn = {a.get("href") for a in ET.fromstring(svg.replace("&#34;", "&quot;").replace("&#39;", "&apos;"))
             .iter(f"{SVG}a")} - {article}
    assert len(drawn) >= 3 and drawn <= set(re.findall(r'<a href="([^"]+)"', listing))
    assert re.findall(r"<h(\d)", section)[0] == "2" and set(re.findall(r"<h(\d)", section)[1:]) <= {"3", "4"}


def test_relations_both_ways_are_two_lines_side_by_side(app):
    G = nx.MultiDiGraph()
    G.add_node(DOC, kind="document", label="Hiến pháp năm 2013")
    G.add_node(OLD, kind="document", label="Hiến pháp năm 1992")
    G.add_edge(DOC, OLD, key="replaces", relation="replaces")
    G.add_edge(OLD, DOC, key="cites", relation="cites")
    svg, listing = rendered(app, G, DOC, 1)
    lines = [tuple(float(line.get(a)) for a in ("x1", "y1", "x2", "y2"))
             for line in ET.fromstring(svg).iter(f"{SVG}line") if line.get("marker-end")]
    assert len(lines) == 2
    (x1, y1, x2, y2), (u1, v1, u2, v2) = lines
    mx, my = (u1 + u2) / 2, (v1 + v2) / 2
    apart = abs((x2 - x1) * (y1 - my) - (x1 - mx) * (y2 - y1)) / ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** .5
    assert apart >= 4  # the other line's middle is off this line
    assert sorted(t["text"] for t in texts(svg) if t["layer"] == "edge-labels") == ["liên quan", "thay thế"]
    assert "Thay thế" in listing and "Liên quan" in listing
