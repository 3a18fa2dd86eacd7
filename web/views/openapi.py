"""``/api/openapi.json``: an OpenAPI 3.1 description of the JSON API, the SPARQL endpoint and the exports.

It says what the server really does, checked by schemathesis in the tests (``tests/test_schemathesis.py``):
every status, media type and bound. An empty optional parameter counts as absent (``""`` is in each enum
and pattern); the search words and SPARQL queries are languages of their own, so a string of the right type
may still be a 400 that names what in it could not be read.
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from vankien.graph import __version__, formats
from vankien.graph.doctypes import BY_NAME as DOCUMENT_TYPES
from vankien.graph.sparql import MAX_QUERY_CHARS as MAX_SPARQL_CHARS
from vankien.graph.status import LABELS as STATUS_LABELS
from vankien.search.query import MAX_QUERY_CHARS
from vankien.web import service_description
from vankien.web.params import MAX_PAGE
from vankien.web.render import ENTITY_FORMATS, RENDERERS
from vankien.web.urls import ENTITY_ROOTS
from vankien.web.views.api import KINDS, MAX_LIMIT, YEAR
from vankien.web.views.entities import N3
from vankien.web.views.export import EXPORTS
from vankien.web.views.sparql import ABSOLUTE_IRI, GRAPH_TYPES

openapi = Blueprint("openapi", __name__)

FACETS = ["kind", "type", "issuer", "year", "publisher", "status"]
STATUSES = list(STATUS_LABELS)
RESULT_TYPES = [f.media_type for f in formats.RESULTS.values()]
# Media types a /sparql answer may have: results, graphs (CONSTRUCT, DESCRIBE), the Service Description.
SPARQL_TYPES = list(dict.fromkeys([*RESULT_TYPES, *(formats.RDF[GRAPH_TYPES[m]].media_type if m != N3 else N3
                                                   for m in GRAPH_TYPES), *service_description.MEDIA_TYPES]))
IRI_OR_EMPTY = {"type": "string", "pattern": f"^({ABSOLUTE_IRI.pattern})?$"}
IRI_LIST = {"type": "array", "items": {"type": "string", "pattern": f"^{ABSOLUTE_IRI.pattern}$"}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, description: str) -> dict:
    return {"type": [kind, "null"], "description": description}


def _query_param(name: str, description: str, schema: dict | None = None, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or {"type": "string"}}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _body(media_type: str) -> dict:
    """The schema of a body of ``media_type``: JSON-LD is JSON (an object, or an array of nodes), the rest text."""
    if media_type == "application/ld+json":
        return {"schema": {"type": ["object", "array"]}}
    return {"schema": {"type": "string"}}


def _choice(values, description: str) -> dict:
    """A parameter taking one of ``values``; empty counts as absent."""
    return {"type": "string", "enum": ["", *values], "description": description}


def _number(low: int, high: int, default: int) -> dict:
    """A whole number from ``low`` to ``high``; empty counts as absent (``default``)."""
    return {"anyOf": [{"type": "integer", "minimum": low, "maximum": high}, {"type": "string", "maxLength": 0}],
            "default": default}


NOT_MODIFIED = {"description": "The client's copy (If-None-Match / If-Modified-Since) is current."}
VALIDATORS = {"ETag": {"description": "The store's generation, the request and the format, hashed.",
                       "schema": {"type": "string"}},
              "Last-Modified": {"description": "When the store last changed.", "schema": {"type": "string"}}}


SCHEMAS = {
    "Error": {"type": "object", "required": ["error"],
              "properties": {"error": {"type": "string", "description": "What went wrong, in one line."}}},
    "Hit": {
        "type": "object", "required": ["kind", "iri", "label", "snippet", "score"],
        "properties": {
            "kind": {"type": "string", "enum": KINDS},
            "iri": {"type": "string", "format": "iri", "description": "The entity's IRI in the graph."},
            "label": {"type": "string"},
            "number": _nullable("string", "A document's number (40-NQ/TU); null for other kinds."),
            "date": _nullable("string", "Issue or publication date (YYYY, YYYY-MM or YYYY-MM-DD)."),
            "score": {"type": "number"},
            "snippet": {"type": "string", "description": "HTML: the text escaped, only <mark> added."},
            "type": _nullable("string", "Document type (Nghị quyết, Chỉ thị …)."),
            "issuer": _nullable("string", "Name of the issuing body."),
            "year": _nullable("string", "Year of the date."),
            "publisher": _nullable("string", "An article's publisher."),
            "status": _nullable("string", "A document's legal status today (con-hieu-luc, het-hieu-luc-toan-bo …)."),
            "similar": {"type": "array", "description": "Near-duplicates folded into this result (the same story "
                        "from another feed; one document stored twice), best first.",
                        "items": {"type": "object", "required": ["iri", "label"], "properties": {
                            "iri": {"type": "string", "format": "iri"}, "label": {"type": "string"},
                            "date": _nullable("string", "Date."), "publisher": _nullable("string", "Publisher.")}}},
        },
    },
    "SearchResult": {
        "type": "object", "required": ["query", "total", "hits", "facets", "suggestion"],
        "properties": {
            "query": {"type": "string", "description": "The query as sent."},
            "total": {"type": "integer", "minimum": 0, "description": "Matching hits over all pages."},
            "page": {"type": "integer", "minimum": 1},
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            "hits": {"type": "array", "items": _ref("Hit"), "description": "Best first."},
            "facets": {
                "type": "object", "description": "Counts of every match by facet value.",
                "properties": {name: {"type": "object", "additionalProperties": {"type": "integer"}}
                               for name in FACETS},
            },
            "suggestion": _nullable("string", "A better query (a syllable the index does not know, corrected), "
                                              "or null."),
            "notice": _nullable("string", "Said to the reader when a query typed with diacritics found (almost) "
                                          "nothing written that way and matches ignoring them are shown."),
            "filters": {"type": "object", "additionalProperties": {"type": "string"},
                        "description": "Filters applied: those written in the query and the parameters."},
        },
    },
    "Suggestion": {
        "type": "object", "required": ["kind", "label", "iri", "url"],
        "properties": {"kind": {"type": "string", "enum": KINDS}, "label": {"type": "string"},
                       "iri": {"type": "string", "format": "iri"},
                       "number": _nullable("string", "A document's number, else null."),
                       "url": _nullable("string", "The entity's page on this site (a path such as "
                                                  "`/org/thanh-uy-lang-son`), else null.")},
    },
    "Entity": {
        "type": "object", "required": ["iri", "kind", "label"],
        "description": "An entity's description; further keys depend on its kind (a document has number, date, "
                       "issuer, relations, articles, events, timeline …). Each of a document's relations carries "
                       "`evidence`: up to 3 `{source, sentence, start, end, cue, cue_start, cue_end}`, the sentence "
                       "and cue a source stated it in (offsets into the source's text; `source` a summary).",
        "properties": {"iri": {"type": "string", "format": "iri"}, "kind": {"type": "string", "enum": KINDS},
                       "label": {"type": "string"}},
    },
    "SparqlResults": {
        "type": "object", "description": "SPARQL 1.1 Query Results JSON (rows cut at the row cap are said in the "
                                         "X-Vankien-Truncated header).",
        "required": ["head"], "additionalProperties": False,
        "properties": {
            "head": {"type": "object", "properties": {"vars": {"type": "array", "items": {"type": "string"}}}},
            "results": {"type": "object", "properties": {"bindings": {"type": "array", "items": {"type": "object"}}}},
            "boolean": {"type": "boolean"},
        },
    },
}

SEARCH_PARAMETERS = [
    _query_param("q", "Words (accents optional), \"phrases\", document numbers in any spelling and "
                      "fields kind: type: issuer: year: publisher: number:. May be left out when a filter is "
                      "given; a query with nothing to search for, unbalanced quotes or operators alone is a 400.",
                 {"type": "string", "maxLength": MAX_QUERY_CHARS}),
    _query_param("kind", "Only hits of this kind.", _choice(KINDS, "A kind.")),
    _query_param("type", "Document type, e.g. Nghị quyết."),
    _query_param("issuer", "Issuer, e.g. Bộ Chính trị (accents optional)."),
    _query_param("year", "Year of the date.", {"type": "string", "pattern": YEAR.pattern}),
    _query_param("publisher", "An article's publisher."),
    _query_param("status", "A document's legal status today.", _choice(STATUSES, "A status.")),
    _query_param("limit", "Hits a page.", _number(1, MAX_LIMIT, 10)),
    _query_param("page", "Page number.", _number(1, MAX_PAGE, 1)),
    _query_param("sort", "Order of the hits (relevance by default).", _choice(["relevance", "date"], "An order.")),
]

TRUNCATION_HEADERS = {**VALIDATORS,
    "X-Vankien-Truncated": {"description": "SELECT only: true when rows beyond the row cap were left out.",
                            "schema": {"type": "string", "enum": ["true", "false"]}},
    "X-Vankien-Row-Cap": {"description": "SELECT only: the most rows a response holds.",
                          "schema": {"type": "integer"}},
}

SPARQL_RESPONSES = {
    "200": {
        "description": "SELECT/ASK results or, for CONSTRUCT/DESCRIBE, a graph; chosen by Accept or `format`. A "
                       "GET without a query: the SPARQL 1.1 Service Description (Turtle, RDF/XML, JSON-LD, "
                       "N-Triples, N3).",
        "headers": TRUNCATION_HEADERS,
        "content": {"application/sparql-results+json": {"schema": _ref("SparqlResults")},
                    **{t: _body(t) for t in SPARQL_TYPES[1:]}},
    },
    "400": _error("No query or two, a syntax error, a dataset IRI that is no IRI."),
    "403": _error("An update, LOAD or SERVICE: the endpoint is read-only."),
    "406": _error("No accepted media type (or `format`) fits the query form; CSV and TSV are for SELECT."),
    "413": _error(f"A query longer than {MAX_SPARQL_CHARS:,} characters, or a result over the size limit."),
    "503": _error("The query ran past the time or memory limit, or the server is busy (Retry-After)."),
}
SPARQL_GET_RESPONSES = {**SPARQL_RESPONSES, "303": {"description": "A browser (HTML preferred) without a query: "
                                                                   "the editor."},
                        "304": NOT_MODIFIED}
SPARQL_POST_RESPONSES = {**SPARQL_RESPONSES,
                         "415": _error("A body neither application/x-www-form-urlencoded nor "
                                       "application/sparql-query, or not UTF-8.")}
SPARQL_FORMAT = _query_param("format", "Result format instead of content negotiation.",
                             {"type": "string", "enum": sorted({*formats.RESULTS, *GRAPH_TYPES.values()})})
SPARQL_QUERY = {"type": "string", "maxLength": MAX_SPARQL_CHARS,
                "description": "A SELECT, ASK, CONSTRUCT or DESCRIBE query; the prefixes eli, org, skos, schema, prov, "
                               "rdfs, vk … are predeclared; relative IRIs resolve against the endpoint."}
DATASET_PARAMETERS = [
    {"name": name, "in": "query", "required": False, "explode": True, "schema": IRI_LIST,
     "description": description} for name, description in (
        ("default-graph-uri", "Named graphs whose merge is the query's default graph (overrides FROM)."),
        ("named-graph-uri", "The named graphs the query may read with GRAPH (overrides FROM NAMED)."))]

# Suffix → media type of an entity's machine twins.
TWINS = {**{name: RENDERERS[name].media_type for name in ENTITY_FORMATS if name != "html"}, "n3": N3}
# The JSON twins of the HTML pages: (path, operation id, summary, parameters).
PAGE_TWINS = [
    ("/index.json", "home", "The home page: counts by kind, recent and most cited documents.", []),
    ("/browse.json", "browse", "One page of a listing by kind, documents with facets.", [
        _query_param("kind", "What to list (default: documents).", _choice(KINDS, "A kind.")),
        _query_param("type", "Document type."), _query_param("issuer", "Issuer."), _query_param("year", "Year."),
        _query_param("page", "Page number (past the last: a redirect to it).", _number(1, MAX_PAGE, 1))]),
    ("/sparql/editor.json", "sparqlEditor", "The SPARQL editor's view of a query: the first rows and downloads.",
     [_query_param("query", "A read-only SPARQL query (none: the examples).", SPARQL_QUERY)]),
    ("/api.json", "apiGuide", "The API guide: endpoints, twins and the base IRI.", []),
]

PAGE_ERRORS = {
    "browse": {"302": {"description": "A page past the last: the last page."}, "400": _error("A bad parameter.")},
    "sparqlEditor": {key: SPARQL_RESPONSES[key] for key in ("400", "403", "406", "413", "503")},
}

FEED_PARAMETERS = [
    _query_param("type", "Document type as the registry names it, e.g. Nghị quyết (any case or tone placement).",
                 _choice(DOCUMENT_TYPES, "A document type.")),
    _query_param("issuer", "Issuer, as /browse.json's facets name it, e.g. Bộ Chính trị."),
    _query_param("year", "Year of the document.", {"type": "string", "pattern": YEAR.pattern}),
    _query_param("page", "Page of the feed (rel=\"next\" links to the next one).", _number(1, MAX_PAGE, 1)),
]

PATHS = {
    "/search.json": {"get": {
        "operationId": "search", "summary": "Search documents, articles, organisations, people and events.",
        "parameters": SEARCH_PARAMETERS,
        "responses": {"200": {"description": "One page of hits with facet counts.",
                              "content": {"application/json": {"schema": _ref("SearchResult")}}},
                      "400": _error("A query the parser cannot read, or a bad parameter.")},
    }},
    "/suggest.json": {"get": {
        "operationId": "suggest", "summary": "Complete a name or a document number from its first letters.",
        "parameters": [_query_param("q", "The first letters (accents optional); none: no suggestions.",
                                    {"type": "string", "maxLength": MAX_QUERY_CHARS})],
        "responses": {"200": {"description": "Up to ten completions.", "content": {"application/json": {"schema": {
            "type": "object", "required": ["query", "suggestions"],
            "properties": {"query": {"type": "string"},
                           "suggestions": {"type": "array", "items": _ref("Suggestion")}}}}}},
                      "400": _error("A prefix longer than the search accepts.")},
    }},
    "/sparql": {
        "get": {"operationId": "sparqlGet", "summary": "SPARQL 1.1 Protocol query (read-only, time limit, row cap).",
                "description": "Without `query`: the Service Description, or the editor for a browser.",
                "parameters": [_query_param("query", SPARQL_QUERY["description"], SPARQL_QUERY), SPARQL_FORMAT,
                               *DATASET_PARAMETERS],
                "responses": SPARQL_GET_RESPONSES},
        "post": {"operationId": "sparqlPost", "summary": "SPARQL 1.1 Protocol query by form or direct POST (UTF-8).",
                 "parameters": [SPARQL_FORMAT, *DATASET_PARAMETERS],
                 "requestBody": {"required": True, "content": {
                     "application/x-www-form-urlencoded": {"schema": {
                         "type": "object", "required": ["query"],
                         "properties": {"query": SPARQL_QUERY, "format": SPARQL_FORMAT["schema"],
                                        "default-graph-uri": IRI_LIST, "named-graph-uri": IRI_LIST}}},
                     "application/sparql-query": {"schema": SPARQL_QUERY}}},
                 "responses": SPARQL_POST_RESPONSES},
    },
    "/feed.atom": {"get": {
        "operationId": "feed", "summary": "Atom 1.0 feed of documents, newest first, filtered as on /browse.",
        "description": "Each entry is a document: its IRI as id, its label as title, its page as the alternate "
                       "link, its date signed as updated (else when the newest source naming it was read) and "
                       "its type, number, issuer and date in Vietnamese as summary.",
        "parameters": FEED_PARAMETERS,
        "responses": {"200": {"description": "The feed (RFC 4287), with RFC 5005 first/previous/next/last links.",
                              "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
                      "400": _error("A bad filter or page.")},
    }},
    "/export.{ext}": {"get": {
        "operationId": "export", "summary": "The whole dataset (or one source's graph), streamed as a download.",
        "parameters": [
            {"name": "ext", "in": "path", "required": True, "description": "Serialization: " + ", ".join(
                f"{ext} ({f.media_type})" for ext, f in EXPORTS.items()) + ". N-Quads and TriG "
                "keep one named graph per source.", "schema": {"type": "string", "enum": list(EXPORTS)}},
            _query_param("graph", "IRI of one source graph to export instead of everything.", IRI_OR_EMPTY),
        ],
        "responses": {"200": {"description": "The dataset, as an attachment.", "headers": VALIDATORS, "content": {
            f.media_type: _body(f.media_type) for f in EXPORTS.values()}},
            "304": NOT_MODIFIED, "400": _error("A graph that is no IRI."),
            "404": _error("No such format, graph or store.")},
    }},
    "/export": {"get": {
        "operationId": "exportNegotiated",
        "summary": "The whole dataset in the format Accept prefers (Turtle for */*).",
        "parameters": [_query_param("graph", "IRI of one source graph to export instead of everything.",
                                    IRI_OR_EMPTY)],
        "responses": {"200": {"description": "The dataset.", "headers": VALIDATORS, "content": {
            f.media_type: _body(f.media_type) for f in EXPORTS.values()}},
            "304": NOT_MODIFIED, "400": _error("A graph that is no IRI."), "404": _error("No such graph or store."),
            "406": _error("No export format is accepted.")},
    }},
    **{f"/{root}/{{entity}}.{{format}}": {"get": {
        "operationId": f"entity_{root}", "summary": f"An entity under /{root}/ in a machine format: its JSON twin "
                                                    "or its triples.",
        "description": "Every entity is served at its IRI's path on this host (the IRI "
                       "https://vankien.example/eli/dang/tinh-uy-lang-son/2021/nq/40 is the page "
                       "/eli/dang/tinh-uy-lang-son/2021/nq/40); a suffix picks the format. `entity` is the rest of "
                       "that path and keeps its slashes. Without a suffix the format follows Accept (HTML first).",
        "parameters": [
            {"name": "entity", "in": "path", "required": True, "description": "e.g. dang/tw/2018/nq/35",
             "schema": {"type": "string"}},
            {"name": "format", "in": "path", "required": True, "schema": {"type": "string", "enum": list(TWINS)}},
        ],
        "responses": {"200": {"description": "The entity: JSON (keys by kind) or its RDF description.",
                              "headers": VALIDATORS,
                              "content": {media: {"schema": _ref("Entity")} if ext == "json" else _body(media)
                                          for ext, media in TWINS.items()}},
                      "304": NOT_MODIFIED,
                      "404": {"description": "No entity at this IRI (JSON); a path whose suffix is no format is an "
                                             "HTML page's, and its 404 is HTML.",
                              "content": {"application/json": {"schema": _ref("Error")},
                                          "text/html": {"schema": {"type": "string"}}}}},
    }} for root in ENTITY_ROOTS},
    **{path: {"get": {
        "operationId": operation, "summary": summary, "parameters": parameters,
        "responses": {"200": {"description": "The page's data.",
                              "content": {"application/json": {"schema": {"type": "object"}}}},
                      **PAGE_ERRORS.get(operation, {"400": _error("A bad parameter.")})},
    }} for path, operation, summary, parameters in PAGE_TWINS},
    "/api/openapi.json": {"get": {
        "operationId": "openapi", "summary": "This document.",
        "responses": {"200": {"description": "OpenAPI 3.1.",
                              "content": {"application/json": {"schema": {"type": "object",
                                                                          "required": ["openapi", "paths"]}}}}},
    }},
}


# Answered by the HTTP server before the application (gunicorn reads request lines up to 4094 bytes).
URI_TOO_LONG = {"description": "A request line longer than the server reads (about 4 KB): send a long query by POST.",
                "content": {"text/html": {"schema": {"type": "string"}}}}


def document() -> dict:
    """The OpenAPI document (a new dict each call)."""
    import copy

    paths = copy.deepcopy(PATHS)
    for item in paths.values():
        if "get" in item:
            item["get"]["responses"]["414"] = URI_TOO_LONG
    return {
        "openapi": "3.1.0",
        "info": {"title": "vankien", "version": __version__,
                 "description": "Search and linked data over Vietnamese Party and state documents, the bodies "
                                "that issue them and the articles that report on them."},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": copy.deepcopy(SCHEMAS)},
    }


@openapi.get("/api/openapi.json")
def openapi_json():
    return jsonify(document())
