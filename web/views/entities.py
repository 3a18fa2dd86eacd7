"""Entity pages at their IRI's path: ``/eli/…``, ``/org/…``, ``/person/…``, ``/post/…``, ``/source/…``.

Each page is HTML, JSON (``.json``), Turtle (``.ttl``), JSON-LD
(``.jsonld``), N-Triples (``.nt``), RDF/XML (``.rdf``) and N3 (``.n3``, the
Turtle, which N3 includes), by suffix or by ``Accept``; ``…/graph.svg`` is the
picture of its neighbourhood. Each answer carries an ETag and Last-Modified
(:mod:`web.http_cache`: the store's generation, the path, the format, the
parameters and the day, since a status is as of today) and a client whose
copy is current gets a 304. A machine format that names nothing is a JSON 404.
"""

from __future__ import annotations

import datetime

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request

from vankien.graph.catalog import beside
from vankien.graph.describe import DescribeError, describe, entity_kind, entity_rdf
from vankien.graph.sources.model import OFFICIAL_DOCUMENT
from vankien.graph.traverse import timeline
from vankien.web import backends, http_cache, params, urls
from vankien.web.graph_svg import MAX_DEPTH, draw
from vankien.web.official_text import structured_text, subdivision_of
from vankien.web.render import ENTITY_FORMATS, RDF_FORMATS, RENDERERS, Page, negotiate, respond, split_suffix
from vankien.web.words import DIAGRAM, DIAGRAM_SIDES, SYMMETRIC, diagram_heading

entities = Blueprint("entities", __name__)

ENTITY_RULE = "/<any({}):root>/<path:rest>".format(", ".join(urls.ENTITY_ROOTS))
TEMPLATES = {"document": "document", "organisation": "organisation", "person": "person", "event": "event",
             "article": "article"}
DRAWN_KINDS = ("document", "organisation", "person", "event", "article")
N3 = "text/n3"
FORMATS = (*ENTITY_FORMATS, "n3")
# N-Triples' first media type (RDF Test Cases, 2004): rdflib and older clients still ask for it.
OLD_NTRIPLES = "text/plain"


def _depth() -> int:
    return params.whole_number("depth", 1, 1, MAX_DEPTH)


def paragraphs(text: str, spans: list[dict]) -> list[list[dict]]:
    """The text as paragraphs of segments ``{"text", "iri"}``; a segment with an IRI names that entity."""
    segments, at = [], 0
    for span in spans:
        if span["start"] < at:
            continue
        if span["start"] > at:
            segments.append({"text": text[at:span["start"]], "iri": None})
        segments.append({"text": text[span["start"]:span["end"]], "iri": span["iri"]})
        at = span["end"]
    segments.append({"text": text[at:], "iri": None})
    result: list[list[dict]] = [[]]
    for segment in segments:
        pieces = segment["text"].split("\n")
        for i, piece in enumerate(pieces):
            if i:
                result.append([])
            if piece:
                result[-1].append({"text": piece, "iri": segment["iri"]})
    return [p for p in result if any(s["text"].strip() for s in p)]


def diagram(relations: list[dict]) -> list[dict]:
    """The document's lược đồ: its relations grouped under vbpl.vn's headings, in :data:`words.DIAGRAM`'s
    order, each group ``{"relation", "direction", "heading", "total", "items"}``; ``direction`` is "out"
    (the page's document acts on the items), "in" (they act on it) or "both" (related either way). Groups
    without members are left out."""
    groups = []
    for relation in DIAGRAM:
        ways = (("both", ("out", "in")),) if relation in SYMMETRIC else (("out", ("out",)), ("in", ("in",)))
        for direction, wanted in ways:
            items = [r for r in relations if r["relation"] == relation and r["direction"] in wanted]
            if items:
                groups.append({"relation": relation, "direction": direction, "total": len(items),
                               "heading": diagram_heading(relation, "out" if direction == "both" else direction),
                               "items": items})
    return groups


# list name → (the property linking an item to the entity, the item's name and date properties)
FULL_LISTS = {
    "articles": ("schema:mentions", "schema:headline", "schema:datePublished"),
    "signed": ("vk:signedBy", "eli:id_local", "eli:date_document"),
    "authored": ("schema:author", "schema:headline", "schema:datePublished"),
    "events": ("schema:organizer", "schema:name", "schema:startDate"),
    "published": ("schema:publisher", "schema:headline", "schema:datePublished"),
    "basis_of": ("eli:based_on", "eli:id_local", "eli:date_document"),
    "mentioned_in": ("schema:mentions", "schema:headline", "schema:datePublished"),
}


def full_lists(data: dict) -> dict[str, str]:
    """Links to the SPARQL editor listing in full what the entity's page lists capped: list name → URL.
    Each lists what the page counts: a document's news (official texts naming it are listed apart) and the
    documents whose text names it as their basis, a person's articles but the texts they signed, an
    organisation's but the texts of the documents it issued."""
    node = f"<{data['iri']}>"
    official = f'vk:kind "{OFFICIAL_DOCUMENT}"'
    narrowed = {("articles", "document"): f"  FILTER NOT EXISTS {{ ?item {official} }}\n",
                ("articles", "person"): f"  FILTER NOT EXISTS {{ ?item schema:about ?signed . "
                                        f"?signed vk:signedBy {node} }}\n",
                ("articles", "organisation"): f"  FILTER NOT EXISTS {{ ?item schema:about ?issued . "
                                              f"?issued eli:passed_by {node} }}\n",
                ("basis_of", "document"): f"  ?text schema:about ?item ; schema:mentions {node} ; {official} .\n",
                ("mentioned_in", "document"): f"  ?item {official} .\n"
                                              f"  FILTER NOT EXISTS {{ ?item schema:about {node} }}\n"
                                              f"  FILTER NOT EXISTS {{ ?item schema:about ?based . "
                                              f"?based eli:based_on {node} }}\n"}
    return {name: urls.editor_url(f"SELECT DISTINCT ?item ?name ?date WHERE {{\n  ?item {link} {node} .\n"
                                  + narrowed.get((name, data["kind"]), "")
                                  + f"  OPTIONAL {{ ?item {name_property} ?name }}\n"
                                  f"  OPTIONAL {{ ?item {date_property} ?date }}\n}}\nORDER BY DESC(?date)")
            for name, (link, name_property, date_property) in FULL_LISTS.items()}


def _not_found(iri: str, fmt: str = "html"):
    message = f"Không có thực thể nào tại {iri}."
    if fmt != "html":  # a machine asked: answer in JSON whatever its Accept says
        response = jsonify(error=message)
        response.status_code = 404
        abort(response)
    abort(404, description=message)


def _negotiate() -> str:
    """The format the request's Accept prefers among the page's, N3 and N-Triples as text/plain included."""
    accept = request.accept_mimetypes
    if accept:
        best = accept.best_match([*(RENDERERS[f].media_type for f in ENTITY_FORMATS), N3, OLD_NTRIPLES])
        if best == N3:
            return "n3"
        if best == OLD_NTRIPLES:
            return "nt"
    return negotiate(ENTITY_FORMATS)


def _known(path: str, fmt: str) -> str:
    """The IRI at ``path``; 404 when the store knows nothing of it."""
    iri = urls.iri_of_path(path)
    try:
        kind = entity_kind(backends.store(), iri)
    except DescribeError:
        kind = None
    if kind is None:
        _not_found(iri, fmt)
    return iri


def _lookup(path: str, at=None, fmt: str = "html") -> tuple[str, dict]:
    iri = urls.iri_of_path(path)
    try:
        data = describe(backends.store(), iri, backends.projection(), at=at)
    except DescribeError:
        data = None
    if data is None:
        _not_found(iri, fmt)
    return iri, data


def _validators(*parts) -> http_cache.Validators | None:
    """The validators of the request's answer: its path and parameters, the day (statuses are as of today)."""
    return http_cache.validators(request.path, *parts, sorted(request.args.items(multi=True)),
                                 datetime.date.today().isoformat())


@entities.get(ENTITY_RULE)
def entity(root: str, rest: str):
    path = f"{root}/{rest}"
    if path.endswith(urls.GRAPH_SUFFIX):
        return picture(path[:-len(urls.GRAPH_SUFFIX)])
    path, fmt = split_suffix(path, FORMATS)
    wanted = fmt or _negotiate()
    vary = () if fmt else ("Accept",)
    found = _validators(wanted)
    if http_cache.unchanged(found):
        return http_cache.not_modified(found, vary)
    response = _answer(path, wanted)
    for header in vary:
        response.vary.add(header)
    if response.status_code == 200:
        response.headers["Link"] = _links(path)
    return http_cache.stamp(response, found)


def _links(path: str) -> str:
    """The ``Link`` header of an entity's answer: the IRI it describes (RFC 6892) and each of its formats."""
    media_types = {**{f: RENDERERS[f].media_type for f in ENTITY_FORMATS}, "n3": N3}
    alternates = [f'</{path}{"" if fmt == "html" else "." + fmt}>; rel="alternate"; type="{media}"'
                  for fmt, media in media_types.items()]
    return ", ".join([f'<{urls.iri_of_path(path)}>; rel="describes"', *alternates])


def embedded_jsonld(serialised: bytes) -> str:
    """JSON-LD to embed in a page's ``<script type="application/ld+json">``: every ``<`` written ``\\u003c``
    (valid JSON, since ``<`` only occurs in strings), so no ``</script>`` in a value can end the block."""
    return serialised.decode("utf-8").replace("<", "\\u003c")


def _answer(path: str, wanted: str) -> Response:
    """The entity at ``path`` in the format ``wanted`` (a 303 for what is shown on another page)."""
    store = backends.store()
    if wanted == "n3":
        iri = _known(path, wanted)
        return Response(entity_rdf(store, iri, "turtle"), mimetype=N3)
    if wanted in RDF_FORMATS:  # the triples only: no need to describe
        iri = _known(path, wanted)
        return respond(Page("", {}, rdf=lambda rdf_format: entity_rdf(store, iri, rdf_format)), wanted)
    if wanted == "html" and (part := subdivision_of(urls.iri_of_path(path))) is not None:
        # "…/l/45/dieu/5/khoan/2": that place in the document's text
        document, anchor = part
        if entity_kind(store, document) is not None:
            return redirect(f"{urls.entity_url(document)}#{anchor}", code=303)
    # the page's embedded JSON-LD read meanwhile when the store is a server's (round trips overlap)
    here = urls.iri_of_path(path)  # (the request's context stays in this thread)
    jsonld = beside(store, lambda: entity_rdf(store, here, "jsonld")) if wanted == "html" else None
    iri, data = _lookup(path, params.day("at"), wanted)
    if wanted == "html" and data["kind"] == "article" and data.get("source_kind") == OFFICIAL_DOCUMENT \
            and len(data.get("about") or []) == 1:
        return redirect(urls.entity_url(data["about"][0]["iri"]), code=303)  # an official text is its document's
    G = backends.projection()
    drawn = iri in G and data["kind"] in DRAWN_KINDS
    if drawn and data["kind"] in ("document", "event", "article"):
        data["timeline"] = timeline(G, iri)
    if data["kind"] == "document":
        data["diagram"] = diagram(data["relations"])

    def extras() -> dict:
        found = {"depth": _depth(), "drawing": None, "paragraphs": None, "at_given": bool(request.args.get("at")),
                 "full_lists": full_lists(data), "diagram_sides": DIAGRAM_SIDES,
                 "embedded_jsonld": embedded_jsonld(jsonld()),
                 "canonical": request.host_url.rstrip("/") + urls.entity_url(iri)}
        if drawn:
            found["drawing"] = draw(G, iri, found["depth"], urls.entity_url)
        if data["kind"] == "article":
            found["paragraphs"] = paragraphs(data["text"], data["spans"])
        if data["kind"] == "document":
            if data.get("official"):
                found["structured"] = structured_text(data["official"]["text"], data["official"]["spans"], iri)
        return found

    template = f"entity/{TEMPLATES.get(data['kind'], 'other')}.html"
    page = Page(template, data, title=data["label"], rdf=lambda fmt: entity_rdf(store, iri, fmt),
                html_extras=extras)
    return respond(page, wanted)


def picture(path: str) -> Response:
    """``…/graph.svg``: the neighbourhood of the entity at ``path`` as a standalone SVG."""
    iri = urls.iri_of_path(path)
    found = _validators("svg")
    if http_cache.unchanged(found):
        return http_cache.not_modified(found)
    G = backends.projection()
    if iri not in G:
        _not_found(iri, "svg")
    drawing = draw(G, iri, _depth(), urls.entity_url)
    body = render_template("graph.svg", drawing=drawing, title=G.nodes[iri].get("label") or iri)
    return http_cache.stamp(Response(body, mimetype="image/svg+xml"), found)
