"""The vocabulary and its concept schemes at their IRIs, and the dataset's VoID description.

- ``/vocab`` (``https://vankien.example/vocab``, whose terms are ``…/vocab#implements`` …): the ontology, its
  properties and both concept schemes (``vk:DocumentTypes``, ``vk:LegalStatuses``), each term anchored by its
  local name, so a term's IRI opens the page at it;
- ``/vocab/loai/<slug>`` and ``/vocab/tinh-trang/<slug>``: one concept (a document type, a legal status);
- ``/.well-known/void``: a ``void:Dataset`` with its triples, entities, SPARQL endpoint, dumps and
  vocabularies (RFC 8615 and the VoID guide's well-known place), counted once per store generation.

Each answers HTML (Vietnamese labels and comments) or RDF — Turtle, JSON-LD, N-Triples, RDF/XML, N3 (its
Turtle) — by the ``Accept`` header (answers say ``Vary: Accept``) or a suffix (``/vocab.ttl``), with an ETag
and Last-Modified (:mod:`web.http_cache`; the vocabulary's tag also hashes its file) and a 304 for a current
copy. The vocabulary is read from ``graph/ontology/vankien.ttl``, so it is served whether or not a store exists.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import rdflib
from flask import Blueprint, Response, abort, redirect, render_template_string, request
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VOID, XSD

from vankien.graph import catalog
from vankien.graph.store import VOCABULARY_GRAPH
from vankien.graph.vocab import DOCTYPE, PREFIXES, STATUS_SCHEME, VOCABULARY_FILE
from vankien.web import backends, http_cache, urls

linked_data = Blueprint("linked_data", __name__)

# format name → (media type, rdflib serializer); the suffix of each is its key in SUFFIXES
RDF_OUTPUTS = {
    "turtle": ("text/turtle", "turtle"), "jsonld": ("application/ld+json", "json-ld"),
    "ntriples": ("application/n-triples", "nt"), "xml": ("application/rdf+xml", "xml"),
    "n3": ("text/n3", "turtle"),  # Turtle is N3
}
SUFFIXES = {"ttl": "turtle", "jsonld": "jsonld", "nt": "ntriples", "rdf": "xml", "n3": "n3"}
HTML_FIRST = ("html", "turtle", "jsonld", "ntriples", "xml", "n3")
RDF_FIRST = ("turtle", "jsonld", "ntriples", "xml", "n3", "html")  # VoID: a machine's document first
VOCABULARY = rdflib.URIRef(VOCABULARY_GRAPH)  # the ontology's IRI, https://vankien.example/vocab
SCHEMES = {"loai": DOCTYPE, "tinh-trang": rdflib.Namespace(STATUS_SCHEME)}
VIETNAMESE = "vi"
FORMATS_NS = rdflib.Namespace("http://www.w3.org/ns/formats/")
DUMPS = (("nt", "N-Triples"), ("ttl", "Turtle"), ("nq", "N-Quads"), ("trig", "TriG"), ("jsonld", "JSON-LD"),
         ("rdf", "RDF_XML"))
# The vocabularies the data is written in (void:vocabulary): every prefix we declare but the value spaces.
USED_VOCABULARIES = tuple(iri for prefix, iri in PREFIXES.items() if prefix not in ("loai", "tinhtrang", "xsd"))
# The prefixes every RDF answer uses (a JSON-LD answer's context): ours, and VoID's.
CONTEXT = {**PREFIXES, "void": str(VOID), "dcterms": str(DCTERMS)}
KIND_WORDS = {str(OWL.ObjectProperty): "quan hệ", str(OWL.DatatypeProperty): "giá trị"}


# -- the vocabulary as RDF ----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def vocabulary_digest() -> str:
    """The vocabulary file's SHA-256: part of its answers' ETag, so an edited vocabulary is fetched again."""
    return hashlib.sha256(VOCABULARY_FILE.read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def vocabulary() -> rdflib.Graph:
    """The vocabulary file, parsed once."""
    return _bound(rdflib.Graph(bind_namespaces="core")).parse(VOCABULARY_FILE, format="turtle")


def concept_graph(concept: rdflib.URIRef) -> rdflib.Graph:
    """A concept's description: its own triples and the scheme's ``skos:hasTopConcept`` of it."""
    source = vocabulary()
    graph = _bound(rdflib.Graph(bind_namespaces="core"))
    for triple in source.triples((concept, None, None)):
        graph.add(triple)
    for scheme in source.subjects(SKOS.hasTopConcept, concept):
        graph.add((scheme, SKOS.hasTopConcept, concept))
        for label in source.objects(scheme, SKOS.prefLabel):
            graph.add((scheme, SKOS.prefLabel, label))
    return graph


def _bound(graph: rdflib.Graph) -> rdflib.Graph:
    for prefix, namespace in CONTEXT.items():
        graph.bind(prefix, namespace)
    return graph


# -- reading the vocabulary for a page ---------------------------------------------------------------------
def _text(graph: rdflib.Graph, node, prop, language: str = VIETNAMESE) -> str | None:
    """The value of ``prop`` in ``language``, else in English, else any."""
    values = list(graph.objects(node, prop))
    for wanted in (language, "en", None):
        for value in values:
            if getattr(value, "language", None) == wanted or wanted is None:
                return str(value)
    return None


def local_link(iri: str) -> str:
    """Where a term is shown: ours on this site (``/vocab#implements``, ``/vocab/loai/luat``), others at their IRI."""
    ours = str(VOCABULARY)
    return iri[len("https://vankien.example"):] if iri.startswith(ours) else iri


def _term(node) -> dict:
    iri = str(node)
    return {"iri": iri, "name": _compact(iri), "link": local_link(iri)}


def _compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def properties(graph: rdflib.Graph) -> list[dict]:
    """Every property we declare, by local name: labels, comment, kind, domain, range, super-property."""
    found = []
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for node in graph.subjects(RDF.type, kind):
            iri = str(node)
            found.append({
                "id": iri.rsplit("#", 1)[-1], "iri": iri, "name": _compact(iri), "kind": KIND_WORDS[str(kind)],
                "label": _text(graph, node, RDFS.label), "english": _text(graph, node, RDFS.label, "en"),
                "comment": _text(graph, node, RDFS.comment),
                "domain": [_term(d) for d in graph.objects(node, RDFS.domain)],
                "range": [_term(r) for r in graph.objects(node, RDFS.range)],
                "parents": [_term(p) for p in graph.objects(node, RDFS.subPropertyOf)],
            })
    return sorted(found, key=lambda p: p["id"].lower())


def concept(graph: rdflib.Graph, node) -> dict:
    iri = str(node)
    return {"iri": iri, "link": local_link(iri), "label": _text(graph, node, SKOS.prefLabel),
            "english": _text(graph, node, SKOS.prefLabel, "en"),
            "notation": _text(graph, node, SKOS.notation),
            "note": _text(graph, node, SKOS.scopeNote),
            "matches": [_term(m) for prop in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)
                        for m in graph.objects(node, prop)]}


def schemes(graph: rdflib.Graph) -> list[dict]:
    """Each concept scheme with its top concepts, by Vietnamese label."""
    found = []
    for node in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme)):
        iri = str(node)
        concepts = [concept(graph, c) for c in graph.objects(node, SKOS.hasTopConcept)]
        found.append({"id": iri.rsplit("#", 1)[-1], "iri": iri, "label": _text(graph, node, SKOS.prefLabel),
                      "comment": _text(graph, node, RDFS.comment),
                      "concepts": sorted(concepts, key=lambda c: (c["label"] or "").lower())})
    return found


# -- answering ------------------------------------------------------------------------------------------------
def _choose(order: tuple[str, ...], suffix: str | None) -> tuple[str, bool]:
    """(format, negotiated?): the suffix's, else the best the ``Accept`` header takes (406 when none)."""
    if suffix is not None:
        if suffix not in SUFFIXES:
            abort(404)
        return SUFFIXES[suffix], False
    types = ["text/html" if name == "html" else RDF_OUTPUTS[name][0] for name in order]
    if not request.accept_mimetypes:
        return order[0], True
    best = request.accept_mimetypes.best_match(types)
    if best is None:
        abort(406, description="none of the accepted media types is available here: " + ", ".join(types))
    return order[types.index(best)], True


def _answer(fmt: str, negotiated: bool, graph, html, *tag) -> Response:
    """The answer in ``fmt``: ``graph`` (a graph, or a function giving it) as RDF or ``html()``; a 304 when the
    client's copy of what ``tag`` and the request's path name is current."""
    found = http_cache.validators(request.path, fmt, *tag)
    if http_cache.unchanged(found):
        return http_cache.not_modified(found, ("Accept",) if negotiated else ())
    if callable(graph):
        graph = graph()
    if fmt == "html":
        response = Response(html(), mimetype="text/html")
    else:
        media_type, serializer = RDF_OUTPUTS[fmt]
        if serializer == "json-ld":
            body = graph.serialize(format="json-ld", context=CONTEXT, auto_compact=True)
        else:
            body = graph.serialize(format=serializer)
        response = Response(body, mimetype=media_type)
    if negotiated:
        response.vary.add("Accept")
    return http_cache.stamp(response, found)


@linked_data.route("/vocab")
@linked_data.route("/vocab.<suffix>")
def vocab(suffix: str | None = None):
    """The whole vocabulary: ontology, properties, concept schemes."""
    fmt, negotiated = _choose(HTML_FIRST, suffix)
    graph = vocabulary()
    return _answer(fmt, negotiated, graph, lambda: render_template_string(
        VOCABULARY_PAGE, title=_text(graph, VOCABULARY, RDFS.label), comment=_text(graph, VOCABULARY, RDFS.comment),
        version=_text(graph, VOCABULARY, OWL.versionInfo), properties=properties(graph), schemes=schemes(graph),
        iri=str(VOCABULARY), formats=_format_links("/vocab")), vocabulary_digest())


@linked_data.route("/vocab/<any(loai, 'tinh-trang'):scheme>")
def scheme_listing(scheme: str):
    """A scheme's folder is not an IRI of ours: its concepts are listed on the vocabulary's page."""
    return redirect(f"/vocab#{'DocumentTypes' if scheme == 'loai' else 'LegalStatuses'}", code=303)


@linked_data.route("/vocab/<any(loai, 'tinh-trang'):scheme>/<name>")
def vocab_concept(scheme: str, name: str):
    """One concept of a scheme: a document type or a legal status."""
    slug, dot, suffix = name.rpartition(".")
    slug, suffix = (slug, suffix) if dot and suffix in SUFFIXES else (name, None)
    node = SCHEMES[scheme][slug]
    graph = vocabulary()
    if (node, RDF.type, SKOS.Concept) not in graph:
        abort(404, description=f"Không có khái niệm nào tại {node}.")
    fmt, negotiated = _choose(HTML_FIRST, suffix)
    schemes_of = [{"label": _text(graph, s, SKOS.prefLabel), "link": local_link(str(s))}
                  for s in graph.objects(node, SKOS.inScheme)]
    # the documents of the type (the browse page filters types by name) or of the status today (by code)
    listed = urls.browse_url(type=_text(graph, node, SKOS.prefLabel)) if scheme == "loai" \
        else urls.browse_url(status=slug)
    return _answer(fmt, negotiated, lambda: concept_graph(node), lambda: render_template_string(
        CONCEPT_PAGE, concept=concept(graph, node), schemes=schemes_of, listed=listed,
        formats=_format_links(f"/vocab/{scheme}/{slug}")), vocabulary_digest())


def _format_links(path: str) -> list[dict]:
    return [{"path": f"{path}.{suffix}", "name": name} for suffix, name in
            (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"), ("rdf", "RDF/XML"))]


# -- VoID ------------------------------------------------------------------------------------------------------
_COUNTS: catalog.GenerationCache[dict] = catalog.GenerationCache()
ENTITY_TYPES = tuple(iri for iri, kind in catalog.KIND_OF_TYPE.items() if kind in catalog.ENTITY_KINDS)


def dataset_counts(store) -> dict:
    """Triples of the dataset as its dumps hold it (the merge of the graphs, each fact once; the vocabulary is
    not the data), its entities (documents, organisations, people, events, articles) and the entities of each
    class; once per store generation."""
    def count() -> dict:
        types = " ".join(f"<{t}>" for t in ENTITY_TYPES)
        if getattr(store, "merged", True):
            (merged,) = catalog.rows(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            (vocabulary_terms,) = catalog.rows(   # counted apart: a filter on every triple costs 20 times more
                store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{VOCABULARY_GRAPH}> {{ ?s ?p ?o }} ?s ?p ?o }}")
        else:  # no merge kept (a server whose default graph is the union): each fact once, from the graphs
            others = "".join(f", <{g}>" for g in sorted(getattr(store.store, "system_graphs", ())))
            facts = f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN (<{VOCABULARY_GRAPH}>{others}))"
            (merged,) = catalog.rows(
                store, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {facts} }} }}")
            vocabulary_terms = {"n": 0}
        (entities,) = catalog.rows(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?t {{ {types} }} "
                                          "?s a ?t }")
        classes = {row["t"]: int(row["n"]) for row in catalog.rows(
            store, f"SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?t {{ {types} }} ?s a ?t }} GROUP BY ?t")}
        return {"triples": int(merged["n"]) - int(vocabulary_terms["n"]), "entities": int(entities["n"]),
                "classes": classes}

    return _COUNTS.get(store, count)


def void_graph(counts: dict) -> tuple[rdflib.Graph, rdflib.URIRef]:
    """The VoID description of the dataset with ``counts`` (:func:`dataset_counts`) and the dataset's IRI."""
    graph = _bound(rdflib.Graph(bind_namespaces="core"))
    dataset = rdflib.URIRef(urls.base_iri() + ".well-known/void#dataset")
    add = graph.add
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, DCTERMS.title, rdflib.Literal("Văn kiện", lang=VIETNAMESE)))
    add((dataset, DCTERMS.description, rdflib.Literal(
        "Đồ thị tri thức về văn bản của Đảng và Nhà nước Việt Nam: văn bản, cơ quan, người, sự kiện và bài báo "
        "nêu chúng, với nguồn của từng dữ kiện.", lang=VIETNAMESE)))
    add((dataset, VOID.triples, rdflib.Literal(counts["triples"], datatype=XSD.integer)))
    add((dataset, VOID.entities, rdflib.Literal(counts["entities"], datatype=XSD.integer)))
    add((dataset, VOID.uriSpace, rdflib.Literal(urls.base_iri())))
    add((dataset, VOID.sparqlEndpoint, rdflib.URIRef(urls.absolute_url("/sparql"))))
    for suffix, name in DUMPS:
        add((dataset, VOID.dataDump, rdflib.URIRef(urls.absolute_url(f"/export.{suffix}"))))
        add((dataset, VOID.feature, FORMATS_NS[name]))
    for namespace in USED_VOCABULARIES:
        add((dataset, VOID.vocabulary, rdflib.URIRef(namespace)))
    for index, (cls, entities) in enumerate(sorted(counts["classes"].items()), start=1):
        partition = rdflib.URIRef(f"{dataset}-class-{index}")
        add((dataset, VOID.classPartition, partition))
        add((partition, VOID["class"], rdflib.URIRef(cls)))
        add((partition, VOID.entities, rdflib.Literal(entities, datatype=XSD.integer)))
    return graph, dataset


@linked_data.route("/.well-known/void")
def void():
    """The VoID description, Turtle unless the client prefers another RDF format or HTML."""
    fmt, negotiated = _choose(RDF_FIRST, None)
    counts = dataset_counts(backends.store())
    graph, dataset = void_graph(counts)
    vocabularies = [{"iri": iri, "link": local_link(iri.rstrip("#"))} for iri in USED_VOCABULARIES]
    return _answer(fmt, negotiated, graph, lambda: render_template_string(
        VOID_PAGE, dataset=str(dataset), counts=counts, sparql=urls.absolute_url("/sparql"),
        dumps=[{"url": urls.absolute_url(f"/export.{suffix}"), "name": name} for suffix, name in DUMPS],
        vocabularies=vocabularies, classes=[{"name": _compact(c), "count": n}
                                            for c, n in sorted(counts["classes"].items())]),
        request.host_url, urls.base_iri())   # its addresses are the host's, its dataset IRI under the base


# -- pages ----------------------------------------------------------------------------------------------------
# Shared by the pages: a list of terms (linked, in prefix form) and the links to a page's RDF.
MACROS = """{% macro terms(items) %}{% for t in items %}<a href="{{ t.link }}"><code>{{ t.name }}</code></a>
{%- if not loop.last %}, {% endif %}{% endfor %}{% endmacro %}
{% macro downloads(formats) %}<p>Tải về: {% for f in formats %}<a href="{{ f.path }}">{{ f.name }}</a>
{%- if not loop.last %} · {% endif %}{% endfor %}</p>{% endmacro %}
"""

VOCABULARY_PAGE = """{% extends "base.html" %}""" + MACROS + """
{% block title %}{{ title }}{% endblock %}
{% block main %}
<h1>{{ title }}</h1>
<p>{{ comment }}</p>
<p>IRI: <code>{{ iri }}</code> · phiên bản {{ version }}</p>
<nav aria-label="Mục lục"><ul>
  <li><a href="#thuoc-tinh">Thuộc tính</a></li>
  {% for scheme in schemes %}<li><a href="#{{ scheme.id }}">{{ scheme.label }}</a></li>{% endfor %}
</ul></nav>
<section id="thuoc-tinh">
<h2>Thuộc tính</h2>
<dl>
{% for p in properties %}
  <dt id="{{ p.id }}"><code>{{ p.name }}</code> — {{ p.label }}
    {%- if p.english %} <span lang="en">({{ p.english }})</span>{% endif %}</dt>
  <dd>
    <p>{{ p.comment }}</p>
    <p>Loại: {{ p.kind }}
    {%- if p.domain %} · Miền: {{ terms(p.domain) }}{% endif %}
    {%- if p.range %} · Phạm vi: {{ terms(p.range) }}{% endif %}
    {%- if p.parents %} · Thuộc tính cha: {{ terms(p.parents) }}{% endif %}</p>
  </dd>
{% endfor %}
</dl>
</section>
{% for scheme in schemes %}
<section id="{{ scheme.id }}">
<h2>{{ scheme.label }}</h2>
{% if scheme.comment %}<p>{{ scheme.comment }}</p>{% endif %}
<table>
  <thead><tr><th>Tên</th><th>Ký hiệu</th><th>Tiếng Anh</th></tr></thead>
  <tbody>
  {% for c in scheme.concepts %}
    <tr><td><a href="{{ c.link }}">{{ c.label }}</a></td><td>{{ c.notation or "" }}</td>
        <td lang="en">{{ c.english or "" }}</td></tr>
  {% endfor %}
  </tbody>
</table>
</section>
{% endfor %}
{% endblock %}
{% block formats %}{{ downloads(formats) }}{% endblock %}
"""

CONCEPT_PAGE = """{% extends "base.html" %}""" + MACROS + """
{% block title %}{{ concept.label }}{% endblock %}
{% block main %}
<h1>{{ concept.label }}</h1>
<dl>
  <dt>IRI</dt><dd><code>{{ concept.iri }}</code></dd>
  {% if concept.notation %}<dt>Ký hiệu</dt><dd>{{ concept.notation }}</dd>{% endif %}
  {% if concept.english %}<dt>Tiếng Anh</dt><dd lang="en">{{ concept.english }}</dd>{% endif %}
  {% if concept.note %}<dt>Ghi chú</dt><dd>{{ concept.note }}</dd>{% endif %}
  {% for s in schemes %}<dt>Thuộc bộ khái niệm</dt><dd><a href="{{ s.link }}">{{ s.label }}</a></dd>{% endfor %}
  {% if concept.matches %}<dt>Tương ứng</dt><dd>{{ terms(concept.matches) }}</dd>{% endif %}
</dl>
<p><a href="{{ listed }}">Các văn bản {{ concept.label|lower }}</a></p>
{% endblock %}
{% block formats %}{{ downloads(formats) }}{% endblock %}
"""

VOID_PAGE = """{% extends "base.html" %}
{% block title %}Mô tả bộ dữ liệu (VoID){% endblock %}
{% block main %}
<h1>Mô tả bộ dữ liệu (VoID)</h1>
<dl>
  <dt>Bộ dữ liệu</dt><dd><code>{{ dataset }}</code></dd>
  <dt>Số bộ ba</dt><dd>{{ counts.triples|number }}</dd>
  <dt>Số thực thể</dt><dd>{{ counts.entities|number }}</dd>
  {% for c in classes %}<dt><code>{{ c.name }}</code></dt><dd>{{ c.count|number }}</dd>{% endfor %}
  <dt>Điểm truy vấn SPARQL</dt><dd><a href="{{ sparql }}">{{ sparql }}</a></dd>
  <dt>Bản tải toàn bộ</dt>
  <dd>{% for d in dumps %}<a href="{{ d.url }}">{{ d.name }}</a>{% if not loop.last %} · {% endif %}{% endfor %}</dd>
  <dt>Từ vựng dùng</dt>
  <dd>{% for v in vocabularies %}<a href="{{ v.link }}"><code>{{ v.iri }}</code></a>
    {%- if not loop.last %}, {% endif %}{% endfor %}</dd>
</dl>
{% endblock %}
"""
