"""The neighbourhood of an entity as a picture: positions computed here, drawn by ``graph.svg``.

Nodes within ``depth`` (1–2) edges of the entity are taken nearest first,
the best connected first among equals, up to ``MAX_NODES``; a node is kept
only with the node it was reached from, so the picture stays connected. A
seeded force-directed layout of that small graph gives the positions (the
same picture every time). The template
draws nodes coloured by kind, each a link to its page, and edges labelled
with the relation in words (between documents, the words of the document
page's lược đồ); every label is escaped by the template engine.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from vankien.graph.traverse import neighbours
from vankien.web.words import KINDS, edge_word

MAX_NODES = 40
MAX_DEPTH = 2
WIDTH, HEIGHT, MARGIN = 880, 560, 70
LABEL_CHARS = 32
COLOURS = {  # kind → fill colour (also the legend)
    "document": "#1f5fa8", "organisation": "#b5472d", "person": "#3c8d40", "event": "#8a4fa3",
    "article": "#7a7a7a",
}
RADIUS, CENTRE_RADIUS = 9, 15
LAYOUT_SEED = 7
EDGE_LABEL_JOINER = "; "  # several relations on one edge; a comma is inside "sửa đổi, bổ sung"


@dataclass
class Node:
    iri: str
    label: str
    short: str
    kind: str
    x: float
    y: float
    r: int
    colour: str
    href: str | None
    centre: bool = False


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    lx: float
    ly: float


@dataclass
class Drawing:
    """Everything the template needs; ``shown`` of ``reachable`` nodes are drawn."""

    iri: str
    depth: int
    width: int = WIDTH
    height: int = HEIGHT
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    shown: int = 0
    reachable: int = 0


def shorten(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def choose_nodes(G: nx.MultiDiGraph, iri: str, depth: int, limit: int = MAX_NODES) -> tuple[list[str], int]:
    """(the nodes to draw, centre first, and how many were within reach)."""
    rows = neighbours(G, iri, depth=depth)
    first: dict[str, dict] = {}
    for row in rows:  # nearest first; the first row of a node names the node it was reached from
        first.setdefault(row["iri"], row)
    order = sorted(first.values(), key=lambda r: (r["distance"], -G.degree(r["iri"]), r["label"] or "", r["iri"]))
    kept = [iri]
    chosen = {iri}
    for row in order:
        if len(kept) >= limit:
            break
        if row["via"] in chosen:
            kept.append(row["iri"])
            chosen.add(row["iri"])
    return kept, len(first) + 1


def _positions(nodes: list[str], pairs: set[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Positions scaled into the picture; the centre alone sits in the middle."""
    if len(nodes) == 1:
        return {nodes[0]: (WIDTH / 2, HEIGHT / 2)}
    shape = nx.Graph()
    shape.add_nodes_from(nodes)
    shape.add_edges_from(pairs)
    raw = nx.spring_layout(shape, k=1.8 / len(nodes) ** 0.5, iterations=200, seed=LAYOUT_SEED) \
        if len(nodes) > 2 else nx.circular_layout(shape)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {n: (round(MARGIN + (raw[n][0] - min(xs)) / span_x * (WIDTH - 2 * MARGIN), 1),
                round(MARGIN + (raw[n][1] - min(ys)) / span_y * (HEIGHT - 2 * MARGIN), 1)) for n in nodes}


def _trim(x1: float, y1: float, x2: float, y2: float, r1: float, r2: float) -> tuple[float, ...]:
    """The segment between two circles' edges, so arrow heads stay visible."""
    dx, dy = x2 - x1, y2 - y1
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / length, dy / length
    return (round(x1 + ux * r1, 1), round(y1 + uy * r1, 1), round(x2 - ux * (r2 + 3), 1), round(y2 - uy * (r2 + 3), 1))


def draw(G: nx.MultiDiGraph, iri: str, depth: int, link) -> Drawing:
    """The drawing of ``iri``'s neighbourhood; ``link(iri)`` gives a node's page URL (or None)."""
    nodes, reachable = choose_nodes(G, iri, depth)
    kept = set(nodes)
    words: dict[tuple[str, str], list[str]] = defaultdict(list)
    for u, v, relation in G.subgraph(nodes).edges(data="relation"):
        word = edge_word(relation)
        if word not in words[u, v]:
            words[u, v].append(word)
    positions = _positions(nodes, {tuple(sorted(pair)) for pair in words})
    drawing = Drawing(iri=iri, depth=depth, shown=len(nodes), reachable=reachable)
    radius = {}
    for n in nodes:
        data = G.nodes[n]
        kind = data.get("kind") or "article"
        label = data.get("label") or n
        radius[n] = CENTRE_RADIUS if n == iri else RADIUS
        x, y = positions[n]
        drawing.nodes.append(Node(n, label, shorten(label), kind, x, y, radius[n], COLOURS.get(kind, "#555555"),
                                  link(n), n == iri))
    for (u, v), labels in sorted(words.items()):
        if u not in kept or v not in kept:
            continue
        x1, y1 = positions[u]
        x2, y2 = positions[v]
        tx1, ty1, tx2, ty2 = _trim(x1, y1, x2, y2, radius[u], radius[v])
        drawing.edges.append(Edge(tx1, ty1, tx2, ty2, EDGE_LABEL_JOINER.join(labels), round((x1 + x2) / 2, 1),
                                  round((y1 + y2) / 2 - 3, 1)))
    drawing.nodes.sort(key=lambda n: n.centre)  # the centre drawn last, on top
    present = {n.kind for n in drawing.nodes}
    drawing.legend = [(KINDS[kind], colour) for kind, colour in COLOURS.items() if kind in present]
    return drawing
