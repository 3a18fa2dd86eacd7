"""The neighbourhood of an entity as a picture: positions and labels placed here, drawn by ``graph.svg``;
the same neighbourhood as a list for ``neighbourhood.html``.

Nodes within ``depth`` (1–2) edges of the entity are taken nearest first, each only with a drawn node it
was reached from, so the picture stays connected. Many nodes of one kind joined to one node by one
relation ("40 bài viết nhắc đến …") are one group mark with one edge label ("nhắc đến (40)"), so a
much-cited document stays readable; up to ``MAX_NODES`` marks, the best connected first among equals.
A seeded force-directed layout gives the positions (the same picture every time).

Labels are placed greedily, most important first: a node's label below, above, right or left of it,
whole or shortened, wherever it covers no other label or node; an edge's label somewhere along the edge.
A label that fits nowhere is left out of the picture (the node's or edge's ``<title>`` still names it,
and the list view lists it). Text widths are estimated from the number of characters (``CHAR_EM`` of
the font size each), and the view box is the real extent of the nodes and of every label drawn, so
nothing is clipped. No address is ever a label: an entity named only by a URL or IRI is called by its
kind and a number ("Bài viết 3 (dantri.com.vn)").
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

import networkx as nx

from vankien.graph.collation import sort_key
from vankien.graph.traverse import neighbours
from vankien.web.words import KINDS, KINDS_PLURAL, edge_word, relation_word

MAX_NODES = 40  # marks drawn: a node or a group
MAX_DEPTH = 2
GROUP_AT = 6  # this many nodes of one kind, one relation and one neighbour are one group mark
SPREAD = 6  # at most this many nodes drawn beyond a group
LAYOUT_WIDTH, LAYOUT_HEIGHT = 760, 440  # the box the layout's node centres are scaled into
LABEL_CHARS, SHORT_LABEL_CHARS = 32, 18
LIST_FOLD_AT = 12  # the list view folds a longer list of one relation under its count
COLOURS = {  # kind → fill colour (also the legend)
    "document": "#1f5fa8", "organisation": "#b5472d", "person": "#3c8d40", "event": "#8a4fa3",
    "article": "#7a7a7a",
}
OTHER_COLOUR = "#555555"
RADIUS, CENTRE_RADIUS, GROUP_RADIUS = 9, 15, 13
NODE_FONT, CENTRE_FONT, EDGE_FONT, LEGEND_FONT = 11, 12, 10, 11
# A character's width and the text's extent above and below the baseline, in ems: generous for
# Vietnamese, whose capitals carry stacked marks ("Ễ") and whose letters are wide in common sans fonts.
CHAR_EM, BOLD_CHAR_EM, ASCENT_EM, DESCENT_EM = 0.62, 0.68, 1.0, 0.3
GAP = 2  # px between a label and what it must not touch
PAD = 8  # px around the picture
LEGEND_ROW = 24
LAYOUT_SEED = 7
EDGE_LABEL_JOINER = "; "  # several relations on one edge; a comma is inside "sửa đổi, bổ sung"
EDGE_LABEL_STOPS = (0.5, 0.38, 0.62, 0.28, 0.72)  # where along an edge its label may sit
_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.\-]*://|(?:urn|mailto|tag|file):|www\.)", re.I)

Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass
class Entry:
    """One entity as the list view names it."""

    iri: str
    label: str
    kind: str
    href: str | None
    note: str = ""  # beyond a group: how many of its members it is joined to ("12 bài viết")
    group: bool = False  # a group of the picture, named by its count and kind ("6 bài viết")

    @property
    def kind_word(self) -> str:
        return "" if self.group else KINDS.get(self.kind, self.kind)


@dataclass
class Node:
    """A drawn mark: one entity, or a group of entities (``members``) shown as one."""

    key: str
    label: str  # the full readable name (the mark's title)
    kind: str
    x: float
    y: float
    r: int
    colour: str
    href: str | None
    centre: bool = False
    members: list[Entry] = field(default_factory=list)
    short: str = ""  # the label drawn, "" when none fitted
    lx: float = 0.0
    ly: float = 0.0
    anchor: str = "middle"
    font_size: int = NODE_FONT

    @property
    def group(self) -> bool:
        return bool(self.members)

    @property
    def bold(self) -> bool:
        return self.centre or self.group


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    title: str  # "source — relation — target", the edge's hover text
    lx: float = 0.0
    ly: float = 0.0
    shown: bool = False  # whether the label is drawn
    font_size: int = EDGE_FONT


@dataclass
class Bundle:
    """In the list view: ``anchor`` and the entities it is related to one way by one relation."""

    anchor: Entry
    phrase: str  # "được nhắc đến trong"
    others: list[Entry]

    @property
    def folded(self) -> bool:
        """Whether the list is long enough to fold under its count."""
        return len(self.others) > LIST_FOLD_AT

    @property
    def summary(self) -> str:
        kinds = {other.kind for other in self.others}
        return f"{len(self.others)} {_plural(kinds.pop()) if len(kinds) == 1 else 'mục'}"


@dataclass
class Listed:
    """In the list view: one relation and its bundles."""

    relation: str
    heading: str  # "Nhắc đến"
    count: int
    bundles: list[Bundle]


@dataclass
class Drawing:
    """Everything the templates need; ``shown`` of ``reachable`` entities are in the picture."""

    iri: str
    depth: int
    view_x: float = 0.0
    view_y: float = 0.0
    width: float = 0.0
    height: float = 0.0
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    legend: list[tuple[str, str, float]] = field(default_factory=list)  # word, colour, x
    legend_y: float = 0.0
    note: str = ""
    note_x: float = 0.0
    listing: list[Listed] = field(default_factory=list)
    shown: int = 0
    reachable: int = 0


@dataclass
class _Pick:
    """A mark chosen for the picture: a node (``members`` empty) or a group, and the drawn node it hangs on."""

    key: str
    via: str | None = None
    relation: str | None = None
    direction: str | None = None  # "out": via → the pick; "in": the pick → via
    kind: str = ""
    distance: int = 0
    members: list[str] = field(default_factory=list)
    weight: int = 0  # of a node hanging on a group: how many of the group's members it is joined to


def shorten(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def is_address(label: str) -> bool:
    """Whether ``label`` is a URL or IRI rather than a name."""
    return bool(_ADDRESS.match(label.strip()))


def text_width(text: str, size: float, bold: bool = False) -> float:
    return len(text) * size * (BOLD_CHAR_EM if bold else CHAR_EM)


def text_box(text: str, x: float, y: float, anchor: str, size: float, bold: bool = False) -> Box:
    """The box a text drawn at (x, baseline y) with ``text-anchor`` ``anchor`` is estimated to cover."""
    width = text_width(text, size, bold)
    left = x - width / 2 if anchor == "middle" else x if anchor == "start" else x - width
    return left, y - ASCENT_EM * size, left + width, y + DESCENT_EM * size


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _grown(box: Box, by: float) -> Box:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


# -- choosing ---------------------------------------------------------------------------------------
def choose(G: nx.MultiDiGraph, iri: str, depth: int, limit: int = MAX_NODES,
           group_at: int = GROUP_AT) -> tuple[list[_Pick], int]:
    """(the marks to draw, the centre first, and how many entities were within reach).

    At each distance the nodes reached from a drawn node are bucketed by (that node, relation, direction,
    kind); a bucket of ``group_at`` or more is one group. A group is walked as one: of the nodes its members
    reach next, those several members share are drawn, the most shared first (``SPREAD`` at most).
    """
    rows = neighbours(G, iri, depth=depth)
    at_distance: dict[int, dict[str, list[dict]]] = defaultdict(dict)
    for row in rows:  # every row of a node is at its distance
        at_distance[row["distance"]].setdefault(row["iri"], []).append(row)
    picks = [_Pick(iri, kind=G.nodes[iri].get("kind") or "article")]
    drawn = {iri}
    for distance in sorted(at_distance):
        reached = at_distance[distance]
        buckets: dict[tuple, list[str]] = defaultdict(list)
        for node, node_rows in reached.items():
            row = next((r for r in node_rows if r["via"] in drawn), None)
            if row is not None:
                buckets[row["via"], row["relation"], row["direction"], row["kind"] or "article"].append(node)
        groups, singles = [], []
        for (via, relation, direction, kind), members in buckets.items():
            if len(members) >= group_at:
                groups.append(_Pick(f"group:{via}|{relation}|{direction}|{kind}", via, relation, direction, kind,
                                    distance, _newest_first(G, members)))
            else:
                singles += [_Pick(n, via, relation, direction, kind, distance) for n in members]
        singles.sort(key=lambda p: (-G.degree(p.key), G.nodes[p.key].get("label") or "", p.key))
        taken = {p.key for p in singles} | {m for p in groups for m in p.members}
        for group in (p for p in picks if p.members and p.distance == distance - 1):
            spread = _spread(G, group, reached, taken)
            singles += spread
            taken |= {p.key for p in spread}
        groups.sort(key=lambda p: (-len(p.members), p.key))
        for pick in groups + singles:
            if len(picks) >= limit:
                break
            picks.append(pick)
            if not pick.members:
                drawn.add(pick.key)
    reachable = 1 + sum(len(nodes) for nodes in at_distance.values())
    return picks, reachable


def _newest_first(G: nx.MultiDiGraph, nodes: list[str]) -> list[str]:
    """A group's members as the list view gives them: newest first, then in Vietnamese alphabetical order."""
    by_name = sorted(nodes, key=lambda n: (sort_key(G.nodes[n].get("label")), n))
    return sorted(by_name, key=lambda n: str(G.nodes[n].get("date") or ""), reverse=True)  # stable: names stay


def _spread(G: nx.MultiDiGraph, group: _Pick, reached: dict, taken: set[str]) -> list[_Pick]:
    """The nodes in ``reached`` (not ``taken``) that at least two of ``group``'s members are joined to by one
    relation one way, the most members first; ``weight`` says how many."""
    shared: dict[tuple[str, str, str], int] = defaultdict(int)
    for member in group.members:
        ends = {(v, relation, "out") for _, v, relation in G.out_edges(member, data="relation")}
        ends |= {(u, relation, "in") for u, _, relation in G.in_edges(member, data="relation")}
        for node, relation, way in ends:
            if node in reached and node not in taken:
                shared[node, relation, way] += 1
    best: dict[str, tuple[int, str, str]] = {}
    for (node, relation, way), count in shared.items():
        if count >= 2 and count > best.get(node, (0,))[0]:
            best[node] = (count, relation, way)
    order = sorted(best, key=lambda n: (-best[n][0], -G.degree(n), G.nodes[n].get("label") or "", n))
    return [_Pick(n, group.key, best[n][1], best[n][2], G.nodes[n].get("kind") or "article", group.distance + 1,
                  weight=best[n][0]) for n in order[:SPREAD]]


def readable_names(G: nx.MultiDiGraph, iris: list[str]) -> dict[str, str]:
    """Each entity's label, or, when its label is an address, its kind and a number in ``iris``' order
    (an article's with its site: "Bài viết 2 (dantri.com.vn)")."""
    names, counts = {}, defaultdict(int)
    for iri in iris:
        data = G.nodes[iri]
        label = (data.get("label") or "").strip()
        if label and not is_address(label):
            names[iri] = label
            continue
        kind = data.get("kind") or "article"
        counts[kind] += 1
        name = f"{KINDS.get(kind, 'Thực thể')} {counts[kind]}"
        site = urlsplit(data.get("url") or label).hostname if kind == "article" else None
        names[iri] = f"{name} ({site.removeprefix('www.')})" if site else name
    return names


# -- layout -----------------------------------------------------------------------------------------
def _positions(keys: list[str], pairs: set[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Centres scaled into the layout box; the centre alone sits in the middle."""
    if len(keys) == 1:
        return {keys[0]: (LAYOUT_WIDTH / 2, LAYOUT_HEIGHT / 2)}
    shape = nx.Graph()
    shape.add_nodes_from(keys)
    shape.add_edges_from(pairs)
    raw = nx.spring_layout(shape, k=1.8 / len(keys) ** 0.5, iterations=200, seed=LAYOUT_SEED) \
        if len(keys) > 2 else nx.circular_layout(shape)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {n: (round((raw[n][0] - min(xs)) / span_x * LAYOUT_WIDTH, 1),
                round((raw[n][1] - min(ys)) / span_y * LAYOUT_HEIGHT, 1)) for n in keys}


def _trim(x1: float, y1: float, x2: float, y2: float, r1: float, r2: float) -> tuple[float, ...]:
    """The segment between two circles' edges, so arrow heads stay visible."""
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    return (round(x1 + ux * r1, 1), round(y1 + uy * r1, 1), round(x2 - ux * (r2 + 3), 1), round(y2 - uy * (r2 + 3), 1))


def _beside(x1: float, y1: float, x2: float, y2: float, by: float) -> tuple[float, ...]:
    """The segment moved ``by`` to its right (the segment the other way moves to its own right)."""
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    nx_, ny_ = -(y2 - y1) / length * by, (x2 - x1) / length * by
    return round(x1 + nx_, 1), round(y1 + ny_, 1), round(x2 + nx_, 1), round(y2 + ny_, 1)


def _node_box(node: Node) -> Box:
    return node.x - node.r - 1.5, node.y - node.r - 1.5, node.x + node.r + 1.5, node.y + node.r + 1.5


def _label_spots(node: Node, size: float) -> list[tuple[float, float, str]]:
    """(x, baseline y, anchor) below, above, right and left of a node."""
    r = node.r + 1.5 + GAP + 0.5  # clear of the node's box grown by GAP
    return [(node.x, node.y + r + ASCENT_EM * size, "middle"), (node.x, node.y - r - DESCENT_EM * size, "middle"),
            (node.x + r + 1, node.y + 0.35 * size, "start"), (node.x - r - 1, node.y + 0.35 * size, "end")]


def _place_node_labels(nodes: list[Node], taken: list[Box]) -> None:
    """Each node's label, whole or shortened, at the first spot that covers nothing taken; else none."""
    for node in nodes:  # most important first
        for text in dict.fromkeys((shorten(node.label), shorten(node.label, SHORT_LABEL_CHARS))):
            spot = next(((x, y, anchor) for x, y, anchor in _label_spots(node, node.font_size)
                         if not any(overlap(_grown(text_box(text, x, y, anchor, node.font_size, node.bold), GAP),
                                            box) for box in taken)), None)
            if spot is not None:
                node.lx, node.ly, node.anchor = round(spot[0], 1), round(spot[1], 1), spot[2]
                node.short = text
                taken.append(text_box(text, *spot, node.font_size, node.bold))
                break


def _place_edge_labels(edges: list[Edge], taken: list[Box]) -> None:
    """Each edge's label at the first stop along it where it covers nothing taken; else only its title."""
    for edge in edges:  # most important first
        for t in EDGE_LABEL_STOPS:
            x = edge.x1 + (edge.x2 - edge.x1) * t
            y = edge.y1 + (edge.y2 - edge.y1) * t + 0.35 * edge.font_size
            box = text_box(edge.label, x, y, "middle", edge.font_size)
            if not any(overlap(_grown(box, GAP), other) for other in taken):
                edge.lx, edge.ly, edge.shown = round(x, 1), round(y, 1), True
                taken.append(box)
                break


# -- drawing ----------------------------------------------------------------------------------------
def draw(G: nx.MultiDiGraph, iri: str, depth: int, link) -> Drawing:
    """The drawing of ``iri``'s neighbourhood; ``link(iri)`` gives a node's page URL (or None)."""
    picks, reachable = choose(G, iri, depth)
    singles = [p.key for p in picks if not p.members]
    names = readable_names(G, singles + [m for p in picks for m in p.members])
    entry = {n: Entry(n, names[n], G.nodes[n].get("kind") or "article", link(n)) for n in names}
    # (from, to) → {relation: how many entities the edge stands for, 0 for one}, in the order drawn
    relations: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for u, v, relation in G.subgraph(singles).edges(data="relation"):
        relations[u, v].setdefault(relation, 0)
    for pick in picks:
        if pick.members or pick.weight:
            ends = (pick.via, pick.key) if pick.direction == "out" else (pick.key, pick.via)
            relations[ends][pick.relation] = len(pick.members) or pick.weight
    positions = _positions([p.key for p in picks], {tuple(sorted(pair)) for pair in relations})
    drawing = Drawing(iri=iri, depth=depth, reachable=reachable,
                      shown=len(singles) + sum(len(p.members) for p in picks))

    marks: dict[str, Node] = {}
    for pick in picks:
        x, y = positions[pick.key]
        if pick.members:
            label = f"{len(pick.members)} {_plural(pick.kind)}"
            entry[pick.key] = Entry(pick.key, label, pick.kind, None, group=True)
            node = Node(pick.key, label, pick.kind, x, y, GROUP_RADIUS, COLOURS.get(pick.kind, OTHER_COLOUR),
                        None, members=[entry[m] for m in pick.members])
        else:
            centre = pick.key == iri
            node = Node(pick.key, names[pick.key], pick.kind, x, y, CENTRE_RADIUS if centre else RADIUS,
                        COLOURS.get(pick.kind, OTHER_COLOUR), entry[pick.key].href, centre,
                        font_size=CENTRE_FONT if centre else NODE_FONT)
        marks[pick.key] = node
    drawing.nodes = list(marks.values())  # the centre first, then nearest and best connected

    taken = [_node_box(node) for node in drawing.nodes]
    _place_node_labels(drawing.nodes, taken)
    ordered = _by_rank(relations, marks)
    for (u, v), counts in ordered:
        a, b = marks[u], marks[v]
        words = EDGE_LABEL_JOINER.join(edge_word(r) + (f" ({n})" if n else "") for r, n in counts.items())
        ends = _trim(a.x, a.y, b.x, b.y, a.r, b.r)
        if (v, u) in relations:  # relations both ways: two lines side by side, not one over the other
            ends = _beside(*ends, 3)
        drawing.edges.append(Edge(*ends, words, f"{a.label} — {words} — {b.label}"))
    _place_edge_labels(drawing.edges, taken)

    _frame(drawing, taken)
    drawing.nodes.sort(key=lambda n: n.centre)  # the centre drawn last, on top
    drawing.listing = _listing(ordered, {p.key: p for p in picks}, entry)
    return drawing


def _plural(kind: str) -> str:
    return KINDS_PLURAL.get(kind, KINDS.get(kind, kind).lower())


def _by_rank(relations: dict[tuple[str, str], dict[str, int]], marks: dict) -> list:
    """The edges, those between the most important marks (the centre, the nearest) first."""
    rank = {key: i for i, key in enumerate(marks)}
    return sorted(relations.items(), key=lambda item: sorted((rank[item[0][0]], rank[item[0][1]])))


def _frame(drawing: Drawing, taken: list[Box]) -> None:
    """The legend in a row above the picture, and the view box around everything drawn."""
    left, top = min(b[0] for b in taken), min(b[1] for b in taken)
    right, bottom = max(b[2] for b in taken), max(b[3] for b in taken)
    present = {n.kind for n in drawing.nodes}
    x, baseline = left, top - PAD - LEGEND_ROW / 2 + 0.35 * LEGEND_FONT
    for kind, colour in COLOURS.items():
        if kind in present:
            drawing.legend.append((KINDS[kind], colour, round(x, 1)))
            x += 16 + text_width(KINDS[kind], LEGEND_FONT) + 14
    if drawing.reachable > drawing.shown:
        drawing.note, drawing.note_x = f"{drawing.shown}/{drawing.reachable} nút", round(x, 1)
        x += text_width(drawing.note, LEGEND_FONT)
    drawing.legend_y = round(baseline, 1)
    top = top - PAD - LEGEND_ROW
    right = max(right, x)
    drawing.view_x, drawing.view_y = math.floor(left - PAD), math.floor(top - PAD)
    drawing.width = math.ceil(right + PAD) - drawing.view_x
    drawing.height = math.ceil(bottom + PAD) - drawing.view_y


def _listing(ordered: list, picks: dict[str, _Pick], entry: dict[str, Entry]) -> list[Listed]:
    """The drawn relations grouped by relation; in each, the entities bundled around the end nearer the centre
    (a group stands for its members, each listed)."""
    order = {key: i for i, key in enumerate(picks)}
    bundles: dict[str, dict[tuple[str, str], list[Entry]]] = defaultdict(dict)
    for (u, v), counts in ordered:
        anchor, other, way = (u, v, "out") if order[u] <= order[v] else (v, u, "in")
        others = [entry[m] for m in picks[other].members] or [entry[other]]
        if picks[other].weight:
            others = [replace(entry[other], note=f"{picks[other].weight} {_plural(picks[anchor].kind)}")]
        for relation in counts:
            bundles[relation].setdefault((anchor, way), []).extend(others)
    listing = []
    for relation, around in bundles.items():
        heading = edge_word(relation)
        listed = [Bundle(entry[anchor], relation_word(relation, way).lower() or relation, others)
                  for (anchor, way), others in around.items()]
        listing.append(Listed(relation, heading[:1].upper() + heading[1:], sum(len(b.others) for b in listed),
                              listed))
    return listing
