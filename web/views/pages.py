"""The site's own pages: home, search results, browsing, the SPARQL editor and the API guide.

Each view computes its data once into a :class:`web.render.Page`; the page
is HTML for browsers and JSON by ``.json`` suffix or ``Accept:
application/json``.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, current_app, redirect, request

from vankien.graph import formats
from vankien.graph.catalog import GenerationCache
from vankien.graph.collation import sort_key
from vankien.graph.describe import document_listing, document_type_counts
from vankien.graph.sparql import QueryError, query_form
from vankien.graph.traverse import ARTICLE, DOCUMENT, DOCUMENT_RELATIONS, EVENT, KINDS, MENTIONS, stats
from vankien.graph.vocab import RELATION_PROPERTIES
from vankien.search.query import SearchError, SearchRequest
from vankien.web import backends, urls
from vankien.web import params as checked
from vankien.web.render import Page, respond
from vankien.web.sparql_errors import editor_message
from vankien.web.sparql_labels import labels_of
from vankien.web.sparql_text import column_order
from vankien.web.templating import compact
from vankien.web.views.feeds import feed_title
from vankien.web.views.sparql import run_gated
from vankien.web.words import KINDS_PLURAL, RELATIONS

pages = Blueprint("pages", __name__)

PAGE_SIZE = 10
BROWSE_PAGE_SIZE = 50
HOME_LIST = 10
EDITOR_ROWS = 500
FACET_NAMES = ("kind", "type", "issuer", "year", "publisher", "status")
SEARCH_FACETS = {"kind": "Loại", "type": "Loại văn bản", "status": "Tình trạng hiệu lực", "issuer": "Cơ quan ban hành",
                 "year": "Năm", "publisher": "Nguồn tin"}
# The relations between documents, each with its Vietnamese word (the example spells them out: only our own
# properties carry a label in the store, eli:repeals and the like do not).
_RELATION_WORDS = "\n    ".join(
    f'({compact(str(prop))} "{RELATIONS[name][0].lower()}")' for name, prop in RELATION_PROPERTIES.items())
EXAMPLES = [
    ("Văn bản mới nhất",
     "SELECT ?document (SAMPLE(?name) AS ?label) ?number ?date WHERE {\n  ?document eli:id_local ?number ;\n"
     "            eli:date_document ?date .\n  OPTIONAL { ?document rdfs:label|skos:prefLabel ?name }\n}\n"
     "GROUP BY ?document ?number ?date\nORDER BY DESC(?date) LIMIT 20"),
    ("Văn bản theo loại",
     "SELECT ?type (COUNT(DISTINCT ?document) AS ?documents) WHERE {\n"
     "  ?document eli:type_document/skos:prefLabel ?type .\n  FILTER(lang(?type) = \"vi\")\n}\n"
     "GROUP BY ?type ORDER BY DESC(?documents)"),
    ("Quan hệ giữa các văn bản",
     "SELECT ?from (SAMPLE(?fromName) AS ?fromLabel) ?relation ?to (SAMPLE(?toName) AS ?toLabel) WHERE {\n"
     f"  VALUES (?property ?relation) {{\n    {_RELATION_WORDS}\n  }}\n"
     "  ?from ?property ?to .\n  OPTIONAL { ?from rdfs:label|skos:prefLabel ?fromName }\n"
     "  OPTIONAL { ?to rdfs:label|skos:prefLabel ?toName }\n}\nGROUP BY ?from ?relation ?to\nORDER BY ?relation"),
    ("Tổ chức và đơn vị cấp trên",
     "SELECT DISTINCT ?organisation ?name ?parent ?parentName WHERE {\n"
     "  ?organisation a org:Organization ; skos:prefLabel ?name .\n"
     "  OPTIONAL { ?organisation org:subOrganizationOf ?parent . ?parent skos:prefLabel ?parentName }\n}\n"
     "ORDER BY ?name"),
    ("Ai giữ chức vụ gì",
     "SELECT DISTINCT ?person ?name ?post ?postName WHERE {\n"
     "  ?person foaf:name ?name ; org:holds ?post .\n  ?post rdfs:label ?postName .\n}\nORDER BY ?name"),
    ("Mô tả Nghị quyết 40-NQ/TU (CONSTRUCT)",
     "CONSTRUCT { ?document ?p ?o } WHERE {\n  ?document eli:id_local \"40-NQ/TU\" ; ?p ?o .\n}"),
]


def _twin(rule: str, endpoint: str):
    """Register a view at ``rule`` (format negotiated) and at ``rule.json``.

    ``/search`` has no twin here: its JSON twin is the API's ``/search.json``, the same search.
    """
    def register(view):
        pages.add_url_rule(rule, endpoint, view, methods=["GET"])
        pages.add_url_rule(f"{rule}.json", f"{endpoint}_json", view, methods=["GET"], defaults={"fmt": "json"})
        return view
    return register


# -- home ---------------------------------------------------------------------------------
def _most_cited(G, limit: int) -> list[dict]:
    """Documents with the most documents related to them, then the most articles mentioning them."""
    scored = []
    for node, kind in G.nodes(data="kind"):
        if kind != DOCUMENT:
            continue
        cited, mentioned = set(), set()
        for other, _, relation in G.in_edges(node, data="relation"):
            if relation in DOCUMENT_RELATIONS:
                cited.add(other)
            elif relation == MENTIONS:
                mentioned.add(other)
        if cited or mentioned:
            scored.append((len(cited), len(mentioned), node))
    scored.sort(key=lambda s: (-s[0], -s[1], G.nodes[s[2]].get("label") or "", s[2]))
    return [{**_node_summary(G, node), "cited_by": cited, "mentioned_by": mentioned}
            for cited, mentioned, node in scored[:limit]]


def _node_summary(G, node: str) -> dict:
    data = G.nodes[node]
    return {"iri": node, "kind": data.get("kind"), "label": data.get("label"), "number": data.get("number"),
            "date": data.get("date")}


@pages.get("/")
def home(fmt: str | None = None):
    G = backends.projection()
    counts = stats(G, top=0)["nodes"]
    dated = [n for n, d in G.nodes(data=True) if d.get("kind") == DOCUMENT and d.get("date")]
    dated.sort(key=lambda n: (G.nodes[n]["date"], n), reverse=True)
    documents = [n for n, kind in G.nodes(data="kind") if kind == DOCUMENT]
    # each document under one type, so the types add up to the documents (the browse facets count a
    # document stated with two types under both)
    data = {"counts": {kind: counts.get(kind, 0) for kind in KINDS},
            "types": document_type_counts(backends.store(), documents),
            "recent": [_node_summary(G, n) for n in dated[:HOME_LIST]],
            "most_cited": _most_cited(G, HOME_LIST)}
    feed = {"feed_url": urls.feed_url(), "feed_title": feed_title({})}
    return respond(Page("home.html", data, title="Văn kiện", html_extras=lambda: feed), fmt)


pages.add_url_rule("/index.json", "home_json", home, defaults={"fmt": "json"})


# -- search ------------------------------------------------------------------------------
def _pagination(page: int, total: int, limit: int) -> dict:
    last = max(1, math.ceil(total / limit))
    window = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    return {"page": page, "last": last, "window": window}


def _years_in_order(facets: dict) -> dict:
    """The facets with the years newest first, as browsing lists them (the searcher orders every facet by count)."""
    def newest_first(item: tuple) -> tuple:
        year = str(item[0])
        return (0, -int(year), year) if year.isdigit() else (1, 0, year)

    years = facets.get("year")
    return {**facets, "year": dict(sorted(years.items(), key=newest_first))} if years else facets


@pages.get("/search")
def search(fmt: str | None = None):
    params = {k: request.args[k].strip() for k in urls.SEARCH_PARAMS if request.args.get(k, "").strip()}
    query = params.get("q", "")
    filters = {k: params[k] for k in FACET_NAMES if k in params}
    sort = checked.choice("sort", "relevance", checked.SORTS)
    page_number = checked.page()
    data = {"query": query, "total": 0, "page": page_number, "limit": PAGE_SIZE, "hits": [], "facets": {},
            "suggestion": None, "filters": filters}
    status = 200
    if query or filters:
        try:
            data = backends.searcher().search(SearchRequest(query=query, limit=PAGE_SIZE, page=page_number,
                                                            sort=sort, **filters))
        except SearchError as error:
            data["error"] = str(error)
            status = error.status
        else:
            data["facets"] = _years_in_order(data["facets"])
    pagination = _pagination(data["page"], data["total"], data["limit"])
    if page_number > pagination["last"] and "error" not in data:
        return _to_page(pagination["last"])
    title = f"Tìm kiếm: {query}" if query else "Tìm kiếm"

    def extras() -> dict:
        return {"params": params, "sort": sort, "facet_names": SEARCH_FACETS, "pagination": pagination}

    return respond(Page("search.html", data, title=title, status=status, html_extras=extras), fmt)


# -- browsing ------------------------------------------------------------------------------
DATED_KINDS = (ARTICLE, EVENT)  # listed newest first, as news and meetings are read; other kinds by name


@_twin("/browse", "browse")
def browse(fmt: str | None = None):
    kind = checked.choice("kind", DOCUMENT, KINDS_PLURAL)
    page_number = checked.page()
    offset = (page_number - 1) * BROWSE_PAGE_SIZE
    if kind == DOCUMENT:
        filters = {k: request.args.get(k) or None for k in ("type", "issuer", "year", "status")}
        listing = document_listing(backends.store(), limit=BROWSE_PAGE_SIZE, offset=offset,
                                   projection=backends.projection(), **filters)
        data = {"kind": kind, "total": listing["total"], "page": page_number, "limit": BROWSE_PAGE_SIZE,
                "items": listing["documents"], "facets": listing["facets"], "filters": listing["filters"]}
    else:
        total, items = _entities_of_kind(kind, offset)
        data = {"kind": kind, "total": total, "page": page_number, "limit": BROWSE_PAGE_SIZE, "items": items,
                "facets": {}, "filters": {}}
    pagination = _pagination(page_number, data["total"], BROWSE_PAGE_SIZE)
    if page_number > pagination["last"]:
        return _to_page(pagination["last"])
    params = {k: v for k, v in request.args.items() if k in urls.BROWSE_PARAMS and v}

    def extras() -> dict:
        feed = {"feed_url": urls.feed_url(data["filters"]), "feed_title": feed_title(data["filters"])}
        return {"params": params, "counts": _kind_counts(), "pagination": pagination,
                "show_facets": kind == DOCUMENT and (bool(data["filters"]) or any(data["facets"].values())),
                **(feed if kind == DOCUMENT else {})}

    return respond(Page("browse.html", data, title=f"Duyệt {KINDS_PLURAL[kind]}", html_extras=extras), fmt)


def _to_page(last: int):
    """A page past the last one: a redirect to the last page (this URL, its other parameters kept)."""
    args = {k: v for k, v in request.args.items(multi=True) if k != "page"}
    if last > 1:
        args["page"] = str(last)
    return redirect(request.path + ("?" + urlencode(args) if args else ""), code=302)


# The browse order of each kind, kept until the store changes (sorting tens of thousands of names by the
# Vietnamese alphabet takes a noticeable fraction of a second; a page of them should not).
_BROWSE_ORDERS: GenerationCache[dict[str, list[str]]] = GenerationCache()


def _entities_of_kind(kind: str, offset: int) -> tuple[int, list[dict]]:
    """(how many entities of ``kind`` the graph holds, a page of them), from the projection: articles and
    events newest first (the undated last), the others by name in Vietnamese alphabetical order."""
    G = backends.projection()
    orders = _BROWSE_ORDERS.get(backends.store(), dict)
    if kind not in orders:
        orders[kind] = _browse_order(G, kind)
    chosen = orders[kind]
    return len(chosen), [_node_summary(G, n) for n in chosen[offset:offset + BROWSE_PAGE_SIZE]]


def _browse_order(G, kind: str) -> list[str]:
    by_name = sorted((n for n, k in G.nodes(data="kind") if k == kind),
                     key=lambda n: (sort_key(G.nodes[n].get("label")), n))
    if kind not in DATED_KINDS:
        return by_name
    dated = [n for n in by_name if G.nodes[n].get("date")]
    dated.sort(key=lambda n: G.nodes[n]["date"], reverse=True)  # stable: one day's entities stay by name
    return dated + [n for n in by_name if not G.nodes[n].get("date")]


def _kind_counts() -> Counter:
    G = backends.projection()
    return Counter(kind for _, kind in G.nodes(data="kind"))


# -- SPARQL editor ---------------------------------------------------------------------------
def _select_result(body: bytes, query: str) -> dict:
    """A SELECT's (or ASK's) JSON results as the table shows them: columns in the query's order, the first
    :data:`EDITOR_ROWS` rows."""
    parsed = json.loads(body)
    if "boolean" in parsed:
        return {"form": "ASK", "boolean": parsed["boolean"], "vars": [], "rows": [], "total": 0}
    variables = column_order(query, parsed["head"]["vars"])
    bindings = parsed["results"]["bindings"]
    rows = [[binding.get(v) for v in variables] for binding in bindings[:EDITOR_ROWS]]
    return {"form": "SELECT", "vars": variables, "rows": rows, "total": len(bindings)}


def _graph_result(body: bytes) -> dict:
    rows = []
    total = 0
    for triple in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
        total += 1
        if len(rows) < EDITOR_ROWS:
            rows.append([_term(triple.subject), _term(triple.predicate), _term(triple.object)])
    return {"form": "CONSTRUCT", "vars": ["subject", "predicate", "object"], "rows": rows, "total": total}


def _term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    cell = {"type": "literal", "value": term.value}
    if term.language:
        cell["xml:lang"] = term.language
    return cell


def _label_cells(rows: list[list[dict | None]]) -> None:
    """Each IRI cell of ``rows`` gets the ``label`` the graph gives its IRI, when it gives one."""
    cells = [cell for row in rows for cell in row if cell and cell["type"] == "uri"]
    labels = labels_of(backends.store(), backends.projection(), (cell["value"] for cell in cells))
    for cell in cells:
        if cell["value"] in labels:
            cell["label"] = labels[cell["value"]]


@_twin("/sparql/editor", "sparql_editor")
def sparql_editor(fmt: str | None = None):
    query = request.args.get("query", "")
    data = {"query": query, "result": None, "error": None,
            "examples": [{"title": title, "query": text} for title, text in EXAMPLES]}
    status = 200
    if query.strip():
        try:
            form = query_form(query)
            graph_form = form in ("CONSTRUCT", "DESCRIBE")
            row_cap = current_app.config["SPARQL_ROW_CAP"]
            found = run_gated(query, "ntriples" if graph_form else "json", row_cap)
            data["result"] = _graph_result(found.body) if graph_form else _select_result(found.body, query)
            _label_cells(data["result"]["rows"])
            data["result"]["truncated"] = found.truncated
            data["result"]["row_cap"] = row_cap
            data["result"]["shown"] = len(data["result"]["rows"])
            # CSV and TSV are result formats for SELECT only: an ASK is offered JSON and XML
            downloads = (("turtle", "ntriples", "jsonld", "xml") if graph_form
                         else ("json", "xml") if form == "ASK" else ("csv", "tsv", "json", "xml"))
            data["downloads"] = {name: urls.sparql_download(query, name) for name in downloads}
        except QueryError as error:
            data["error"] = editor_message(error, query)
            status = error.status if 400 <= error.status < 600 else 400
    return respond(Page("sparql_editor.html", data, title="Truy vấn SPARQL", status=status), fmt)


# -- the API guide --------------------------------------------------------------------------
API_ENDPOINTS = [
    {"path": "/search.json", "method": "GET", "example": "/search.json?q=ngh%E1%BB%8B+quy%E1%BA%BFt+40",
     "description": "Tìm kiếm: q (từ khóa, cụm từ trong ngoặc kép, số hiệu), kind, type, issuer, year, publisher, "
                    "sort (relevance | date), page, limit (1–100). Trả về query, total, hits, facets, suggestion."},
    {"path": "/suggest.json", "method": "GET", "example": "/suggest.json?q=thanh+uy",
     "description": "Gợi ý tên và số hiệu bắt đầu bằng q (dấu tùy chọn)."},
    {"path": "/sparql", "method": "GET, POST",
     "example": "/sparql?query=SELECT+%3Fn+WHERE+%7B+%3Fd+eli%3Aid_local+%3Fn+%7D",
     "description": "SPARQL 1.1 Protocol, chỉ đọc, có giới hạn thời gian. Kết quả: JSON, XML, CSV, TSV; "
                    "CONSTRUCT/DESCRIBE: Turtle, JSON-LD, N-Triples, RDF/XML (theo Accept hoặc format=)."},
    {"path": "/feed.atom", "method": "GET", "example": "/feed.atom?type=Ngh%E1%BB%8B+quy%E1%BA%BFt",
     "description": "Nguồn tin Atom các văn bản mới nhất, lọc theo type, issuer, year như trang Duyệt; "
                    "page cho các trang sau (liên kết rel=\"next\")."},
    {"path": "/api/openapi.json", "method": "GET", "example": "/api/openapi.json",
     "description": "Mô tả OpenAPI 3.1 của API."},
    {"path": "/export.ttl", "method": "GET", "example": "/export.ttl",
     "description": "Toàn bộ dữ liệu: .ttl, .nt, .nq, .trig, .jsonld, .rdf."},
]
TWINS = [
    {"suffix": ".json", "media_type": "application/json", "applies": "mọi trang (trang chủ: /index.json)"},
    *({"suffix": f".{formats.RDF[name].extension}", "media_type": formats.RDF[name].media_type,
       "applies": "trang thực thể"} for name in formats.GRAPH_NAMES),
    {"suffix": "/graph.svg", "media_type": "image/svg+xml", "applies": "hình đồ thị quanh thực thể (?depth=1|2)"},
]


@_twin("/api", "api_guide")
def api_guide(fmt: str | None = None):
    data = {"endpoints": API_ENDPOINTS, "twins": TWINS, "base_iri": urls.base_iri(),
            "openapi": "/api/openapi.json"}
    return respond(Page("api.html", data, title="API"), fmt)
