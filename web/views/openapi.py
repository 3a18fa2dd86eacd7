"""``/api/openapi.json``: an OpenAPI 3.1 description of the JSON API, the SPARQL endpoint and the exports."""

from __future__ import annotations

from flask import Blueprint, jsonify

from vankien.graph import __version__, formats
from vankien.graph.status import LABELS as STATUS_LABELS
from vankien.web.render import ENTITY_FORMATS, RENDERERS
from vankien.web.urls import ENTITY_ROOTS
from vankien.web.views.api import MAX_LIMIT
from vankien.web.views.export import EXPORTS

openapi = Blueprint("openapi", __name__)

KINDS = ["document", "article", "organisation", "person", "event"]
FACETS = ["kind", "type", "issuer", "year", "publisher", "status"]
STATUSES = list(STATUS_LABELS)
RESULT_TYPES = [f.media_type for f in formats.RESULTS.values()]
GRAPH_TYPES = [formats.RDF[name].media_type for name in formats.GRAPH_NAMES]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, description: str) -> dict:
    return {"type": [kind, "null"], "description": description}


def _query_param(name: str, description: str, schema: dict | None = None, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or {"type": "string"}}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


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
        "type": "object", "description": "SPARQL 1.1 Query Results JSON; `vankien` is present when rows were cut.",
        "properties": {
            "head": {"type": "object", "properties": {"vars": {"type": "array", "items": {"type": "string"}}}},
            "results": {"type": "object", "properties": {"bindings": {"type": "array", "items": {"type": "object"}}}},
            "boolean": {"type": "boolean"},
            "vankien": {"type": "object", "properties": {"truncated": {"type": "boolean"},
                                                         "rowCap": {"type": "integer"}}},
        },
    },
}

SEARCH_PARAMETERS = [
    _query_param("q", "Words (accents optional), \"phrases\", document numbers in any spelling and "
                      "fields kind: type: issuer: year: publisher: number:.", required=True),
    _query_param("kind", "Only hits of this kind.", {"type": "string", "enum": KINDS}),
    _query_param("type", "Document type, e.g. Nghị quyết."),
    _query_param("issuer", "Issuer, e.g. Bộ Chính trị (accents optional)."),
    _query_param("year", "Year of the date.", {"type": "string", "pattern": "^[0-9]{4}$"}),
    _query_param("publisher", "An article's publisher."),
    _query_param("status", "A document's legal status today.", {"type": "string", "enum": STATUSES}),
    _query_param("limit", "Hits a page.", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 10}),
    _query_param("page", "Page number.", {"type": "integer", "minimum": 1, "maximum": 10_000, "default": 1}),
    _query_param("sort", "Order of the hits.", {"type": "string", "enum": ["relevance", "date"],
                                                "default": "relevance"}),
]

TRUNCATION_HEADERS = {
    "X-Vankien-Truncated": {"description": "SELECT only: true when rows beyond the row cap were left out.",
                            "schema": {"type": "string", "enum": ["true", "false"]}},
    "X-Vankien-Row-Cap": {"description": "SELECT only: the most rows a response holds.",
                          "schema": {"type": "integer"}},
}

SPARQL_RESPONSES = {
    "200": {
        "description": "SELECT/ASK results or, for CONSTRUCT/DESCRIBE, a graph; chosen by Accept or `format`.",
        "headers": TRUNCATION_HEADERS,
        "content": {"application/sparql-results+json": {"schema": _ref("SparqlResults")},
                    **{t: {"schema": {"type": "string"}} for t in RESULT_TYPES[1:] + GRAPH_TYPES}},
    },
    "400": _error("No query, or a syntax error."),
    "403": _error("An update, LOAD or SERVICE: the endpoint is read-only."),
    "406": _error("No accepted media type fits the query form."),
    "503": _error("The query ran past the time limit and was stopped."),
}
SPARQL_FORMAT = _query_param("format", "Result format instead of content negotiation.",
                             {"type": "string", "enum": sorted({*formats.RESULTS, *formats.GRAPH_NAMES})})

# Suffix → media type of an entity's machine twins.
TWINS = {name: RENDERERS[name].media_type for name in ENTITY_FORMATS if name != "html"}
# The JSON twins of the HTML pages: (path, operation id, summary, parameters).
PAGE_TWINS = [
    ("/index.json", "home", "The home page: counts by kind, recent and most cited documents.", []),
    ("/browse.json", "browse", "One page of a listing by kind, documents with facets.", [
        _query_param("kind", "What to list (default: documents).", {"type": "string", "enum": KINDS}),
        _query_param("type", "Document type."), _query_param("issuer", "Issuer."), _query_param("year", "Year."),
        _query_param("page", "Page number.", {"type": "integer", "minimum": 1, "default": 1})]),
    ("/sparql/editor.json", "sparqlEditor", "The SPARQL editor's view of a query: the first rows and downloads.",
     [_query_param("query", "A read-only SPARQL query.")]),
    ("/api.json", "apiGuide", "The API guide: endpoints, twins and the base IRI.", []),
]

FEED_PARAMETERS = [
    _query_param("type", "Document type as the registry names it, e.g. Nghị quyết (any case or tone placement)."),
    _query_param("issuer", "Issuer, as /browse.json's facets name it, e.g. Bộ Chính trị."),
    _query_param("year", "Year of the document.", {"type": "string", "pattern": "^[0-9]{4}$"}),
    _query_param("page", "Page of the feed (rel=\"next\" links to the next one).",
                 {"type": "integer", "minimum": 1, "maximum": 10_000, "default": 1}),
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
        "parameters": [_query_param("q", "The first letters (accents optional).", required=True)],
        "responses": {"200": {"description": "Up to ten completions.", "content": {"application/json": {"schema": {
            "type": "object", "required": ["query", "suggestions"],
            "properties": {"query": {"type": "string"},
                           "suggestions": {"type": "array", "items": _ref("Suggestion")}}}}}}},
    }},
    "/sparql": {
        "get": {"operationId": "sparqlGet", "summary": "SPARQL 1.1 Protocol query (read-only, time limit, row cap).",
                "parameters": [_query_param("query", "A SELECT, ASK, CONSTRUCT or DESCRIBE query; the prefixes "
                                                     "eli, org, skos, schema, prov, rdfs, vk … are predeclared.",
                                            required=True), SPARQL_FORMAT],
                "responses": SPARQL_RESPONSES},
        "post": {"operationId": "sparqlPost", "summary": "SPARQL 1.1 Protocol query by form or direct POST.",
                 "parameters": [SPARQL_FORMAT],
                 "requestBody": {"required": True, "content": {
                     "application/x-www-form-urlencoded": {"schema": {
                         "type": "object", "required": ["query"],
                         "properties": {"query": {"type": "string"}, "format": {"type": "string"}}}},
                     "application/sparql-query": {"schema": {"type": "string"}}}},
                 "responses": SPARQL_RESPONSES},
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
            _query_param("graph", "IRI of one source graph to export instead of everything.",
                         {"type": "string", "format": "iri"}),
        ],
        "responses": {"200": {"description": "The dataset, as an attachment.", "content": {
            f.media_type: {"schema": {"type": "string"}} for f in EXPORTS.values()}},
            "404": _error("No such format, graph or store.")},
    }},
    "/export": {"get": {
        "operationId": "exportNegotiated",
        "summary": "The whole dataset in the format Accept prefers (Turtle for */*).",
        "parameters": [_query_param("graph", "IRI of one source graph to export instead of everything.",
                                    {"type": "string", "format": "iri"})],
        "responses": {"200": {"description": "The dataset.", "content": {
            f.media_type: {"schema": {"type": "string"}} for f in EXPORTS.values()}},
            "404": _error("No such graph or store."), "406": _error("No export format is accepted.")},
    }},
    "/{root}/{entity}.{format}": {"get": {
        "operationId": "entity", "summary": "An entity's page in a machine format: its JSON twin or its triples.",
        "description": "Every entity is served at its IRI's path on this host (the IRI "
                       "https://vankien.example/eli/dang/tinh-uy-lang-son/2021/nq/40 is the page "
                       "/eli/dang/tinh-uy-lang-son/2021/nq/40); a suffix picks the format. `entity` is the rest of "
                       "that path and keeps its slashes. Without a suffix the format follows Accept (HTML first).",
        "parameters": [
            {"name": "root", "in": "path", "required": True, "schema": {"type": "string", "enum": list(ENTITY_ROOTS)}},
            {"name": "entity", "in": "path", "required": True, "description": "e.g. dang/tw/2018/nq/35",
             "schema": {"type": "string"}},
            {"name": "format", "in": "path", "required": True, "schema": {"type": "string", "enum": list(TWINS)}},
        ],
        "responses": {"200": {"description": "The entity: JSON (keys by kind) or its RDF description.",
                              "content": {media: {"schema": _ref("Entity") if ext == "json" else {"type": "string"}}
                                          for ext, media in TWINS.items()}},
                      "404": _error("No entity at this IRI.")},
    }},
    **{path: {"get": {
        "operationId": operation, "summary": summary, "parameters": parameters,
        "responses": {"200": {"description": "The page's data.",
                              "content": {"application/json": {"schema": {"type": "object"}}}},
                      "400": _error("A bad parameter.")},
    }} for path, operation, summary, parameters in PAGE_TWINS},
    "/api/openapi.json": {"get": {
        "operationId": "openapi", "summary": "This document.",
        "responses": {"200": {"description": "OpenAPI 3.1.", "content": {"application/json": {}}}},
    }},
}


def document() -> dict:
    """The OpenAPI document (a new dict each call)."""
    import copy

    return {
        "openapi": "3.1.0",
        "info": {"title": "vankien", "version": __version__,
                 "description": "Search and linked data over Vietnamese Party and state documents, the bodies "
                                "that issue them and the articles that report on them."},
        "servers": [{"url": "/"}],
        "paths": copy.deepcopy(PATHS),
        "components": {"schemas": copy.deepcopy(SCHEMAS)},
    }


@openapi.get("/api/openapi.json")
def openapi_json():
    return jsonify(document())
