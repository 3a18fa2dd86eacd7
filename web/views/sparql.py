"""The SPARQL 1.1 Protocol endpoint at ``/sparql`` (read-only, with a time limit and a row cap).

SELECT results beyond ``SPARQL_ROW_CAP`` rows (app config) are cut; every
SELECT response says whether it was: ``X-Vankien-Truncated`` and
``X-Vankien-Row-Cap`` headers, and in JSON results a top-level ``vankien`` key.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, redirect, request, url_for

from graph.sparql import DEFAULT_TIMEOUT, QueryError, evaluate, query_form

sparql = Blueprint("sparql", __name__)
DEFAULT_ROW_CAP = 10_000

# Media type → our format name, for SELECT/ASK and for CONSTRUCT/DESCRIBE.
RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/ld+json": "jsonld", "application/n-triples": "ntriples",
    "application/rdf+xml": "xml",
}
MEDIA_TYPES = {
    ("results", "json"): "application/sparql-results+json", ("results", "xml"): "application/sparql-results+xml",
    ("results", "csv"): "text/csv", ("results", "tsv"): "text/tab-separated-values",
    ("graph", "turtle"): "text/turtle", ("graph", "jsonld"): "application/ld+json",
    ("graph", "ntriples"): "application/n-triples", ("graph", "xml"): "application/rdf+xml",
}


def _query_text() -> str:
    if request.method == "GET":
        return request.args.get("query", "")
    if request.mimetype == "application/sparql-query":
        return request.get_data(as_text=True)
    if request.mimetype == "application/sparql-update" or "update" in request.form:
        raise QueryError("SPARQL updates are not allowed here: the endpoint is read-only", status=403)
    return request.form.get("query", "")


def _format(form: str) -> str:
    kind = "graph" if form in ("CONSTRUCT", "DESCRIBE") else "results"
    table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    wanted = request.args.get("format") or request.form.get("format")
    if wanted:
        if wanted not in table.values():
            raise QueryError(f"format {wanted!r} does not fit a {form} query", status=406)
        return wanted
    best = request.accept_mimetypes.best_match(list(table), default=None)
    if best is None and request.accept_mimetypes and "*/*" not in str(request.accept_mimetypes):
        raise QueryError(f"none of the accepted media types fits a {form} query", status=406)
    return table[best] if best else ("turtle" if kind == "graph" else "json")


def _browser_without_query() -> bool:
    """A plain visit to /sparql from a browser (HTML preferred, no query): the editor page serves it."""
    accept = request.accept_mimetypes
    return (request.method == "GET" and "query" not in request.args and "pages.sparql_editor" in
            current_app.view_functions and accept.best_match(["text/html", *RESULT_TYPES]) == "text/html")


@sparql.route("/sparql", methods=["GET", "POST"])
def endpoint():
    if _browser_without_query():
        return redirect(url_for("pages.sparql_editor"), code=303)
    try:
        query = _query_text()
        if not query.strip():
            raise QueryError("no query: send ?query=… (GET), a form field 'query' or an application/sparql-query body")
        form = query_form(query)
        fmt = _format(form)
        timeout = float(current_app.config.get("SPARQL_TIMEOUT", DEFAULT_TIMEOUT))
        row_cap = int(current_app.config.get("SPARQL_ROW_CAP", DEFAULT_ROW_CAP))
        result = evaluate(current_app.config["DATA_DIR"], query, fmt, timeout=timeout, row_cap=row_cap)
    except QueryError as error:
        response = jsonify(error=str(error))
        response.status_code = error.status
    else:
        kind = "graph" if form in ("CONSTRUCT", "DESCRIBE") else "results"
        response = Response(result.body, mimetype=MEDIA_TYPES[kind, result.format])
        if form == "SELECT":
            response.headers["X-Vankien-Truncated"] = "true" if result.truncated else "false"
            response.headers["X-Vankien-Row-Cap"] = str(row_cap)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "X-Vankien-Truncated, X-Vankien-Row-Cap"
    response.headers["Vary"] = "Accept"
    return response
