"""The SPARQL 1.1 Protocol endpoint at ``/sparql`` (read-only, with limits on time, memory and load).

Every query runs in a confined process (:mod:`graph.sparql`) after taking a
slot at the server's :class:`~web.query_gate.QueryGate`; a busy server
answers 503 with ``Retry-After`` at once. SELECT results beyond
``SPARQL_ROW_CAP`` rows (app config) are cut; every SELECT response says
whether it was: ``X-Vankien-Truncated`` and ``X-Vankien-Row-Cap`` headers,
and in JSON results a top-level ``vankien`` key. Results are streamed.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, redirect, request, url_for

from graph.sparql import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, QueryError, QueryResult, evaluate, query_form
from web.query_gate import Busy, GateSettings, QueryGate

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


GATE_KEY = "vankien_query_gate"


def gate() -> QueryGate:
    """The application's query gate (its run folder is shared by a server's workers: ``SPARQL_RUN_DIR``)."""
    extensions = current_app.extensions
    if GATE_KEY not in extensions:
        config = current_app.config
        defaults = GateSettings()
        settings = GateSettings(total=int(config.get("SPARQL_MAX_QUERIES", defaults.total)),
                                long=int(config.get("SPARQL_MAX_LONG", defaults.long)),
                                slow_after=float(config.get("SPARQL_SLOW_AFTER", defaults.slow_after)),
                                wait=float(config.get("SPARQL_QUEUE_WAIT", defaults.wait)))
        extensions[GATE_KEY] = QueryGate(config.get("SPARQL_RUN_DIR"), settings)
    return extensions[GATE_KEY]


def run_gated(query: str, fmt: str | None, row_cap: int | None) -> QueryResult:
    """Evaluate ``query`` under the server's limits; a busy server raises a 503 :class:`QueryError`."""
    config = current_app.config
    queries = gate()
    try:
        ticket = queries.admit()
    except Busy as busy:
        raise QueryError(str(busy), status=503, retry_after=busy.retry_after) from None
    with ticket:
        return evaluate(config["DATA_DIR"], query, fmt,
                        timeout=float(config.get("SPARQL_TIMEOUT", DEFAULT_TIMEOUT)), row_cap=row_cap,
                        memory_mb=int(config.get("SPARQL_MEMORY_MB", DEFAULT_MEMORY_MB)),
                        slow_after=queries.settings.slow_after, on_slow=ticket.go_long)


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
        row_cap = int(current_app.config.get("SPARQL_ROW_CAP", DEFAULT_ROW_CAP))
        result = run_gated(query, fmt, row_cap)
    except QueryError as error:
        response = jsonify(error=str(error))
        response.status_code = error.status
        if error.retry_after:
            response.headers["Retry-After"] = str(error.retry_after)
    else:
        kind = "graph" if form in ("CONSTRUCT", "DESCRIBE") else "results"
        response = Response(result.chunks(), mimetype=MEDIA_TYPES[kind, result.format])
        if form == "SELECT":
            response.headers["X-Vankien-Truncated"] = "true" if result.truncated else "false"
            response.headers["X-Vankien-Row-Cap"] = str(row_cap)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "X-Vankien-Truncated, X-Vankien-Row-Cap"
    response.headers["Vary"] = "Accept"
    return response
