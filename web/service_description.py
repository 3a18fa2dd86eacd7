"""The SPARQL 1.1 Service Description of ``/sparql`` (https://www.w3.org/TR/sparql11-service-description/).

What a client may learn before asking: the endpoint, the language (SPARQL 1.1 Query, no update), the result
formats, that the default graph is the merge of the named graphs, the default dataset with the name of
every named graph, and the limits a query runs under. Served in Turtle, RDF/XML, JSON-LD, N-Triples and
N3, with an ETag from the store's generation.
"""

from __future__ import annotations

from flask import Response, current_app, url_for
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

from vankien.web import backends, http_cache

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")
# Media type → rdflib's serializer; the first is the default.
MEDIA_TYPES = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld",
               "application/n-triples": "nt", "text/n3": "n3"}
# W3C's IRIs for the formats /sparql answers in (http://www.w3.org/ns/formats/).
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "N3", "RDF_XML", "JSON-LD", "N-Quads", "TriG")


def describe(endpoint: str, graph_names: list[str], limits: dict) -> Graph:
    """The description of the service at ``endpoint`` whose store holds the named graphs ``graph_names``."""
    graph = Graph()
    graph.bind("sd", SD)
    service, dataset, default = URIRef(endpoint), BNode("dataset"), BNode("defaultGraph")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    graph.add((service, SD.defaultEntailmentRegime, ENTAILMENT.Simple))
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS[name]))
    graph.add((service, RDFS.label, Literal("vankien SPARQL endpoint", lang="en")))
    graph.add((service, RDFS.comment, Literal(
        "Read-only (queries only; updates, LOAD and SERVICE are refused). Each query runs for at most "
        f"{limits['timeout']:g} s with {limits['memory_mb']} MiB of memory; SELECT results are cut at "
        f"{limits['row_cap']} rows, said in the X-Vankien-Truncated and X-Vankien-Row-Cap headers. The "
        "dataset may be named with default-graph-uri / named-graph-uri or FROM / FROM NAMED.", lang="en")))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, RDFS.comment, Literal("The RDF merge of the named graphs: each fact once.", lang="en")))
    for name in graph_names:
        node = BNode()
        graph.add((dataset, SD.namedGraph, node))
        graph.add((node, RDF.type, SD.NamedGraph))
        graph.add((node, SD.name, URIRef(name)))
    return graph


def respond(media_type: str) -> Response:
    """The description in ``media_type`` (one of :data:`MEDIA_TYPES`), or a 304 when the client's copy is
    current."""
    endpoint = url_for("sparql.endpoint", _external=True)
    found = http_cache.validators("service-description", endpoint, media_type)
    if http_cache.unchanged(found):
        return http_cache.not_modified(found)
    config = current_app.config
    store = backends.store().store
    # the graphs a query can name: the store's, and on Virtuoso the server's own, which queries see too
    names = sorted({g.value for g in store.named_graphs()} | set(getattr(store, "system_graphs", ())))
    limits = {"timeout": config["SPARQL_TIMEOUT"], "memory_mb": config["SPARQL_MEMORY_MB"],
              "row_cap": config["SPARQL_ROW_CAP"]}
    body = describe(endpoint, names, limits).serialize(format=MEDIA_TYPES[media_type], encoding="utf-8")
    return http_cache.stamp(Response(body, mimetype=media_type), found)
