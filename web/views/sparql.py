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

from vankien.graph import formats
from vankien.graph.sparql import QueryError, QueryResult, evaluate, query_form
from vankien.web.query_gate import Busy, GateSettings, QueryGate

sparql = Blueprint("sparql", __name__)

# Media type → our format name, for SELECT/ASK and for CONSTRUCT/DESCRIBE.
RESULT_TYPES = formats.media_types(formats.RESULTS)
GRAPH_TYPES = formats.media_types(formats.RDF, formats.GRAPH_NAMES)
GATE_KEY = "vankien_query_gate"


def gate() -> QueryGate:
    """The application's query gate (its run folder is shared by a server's workers: ``SPARQL_RUN_DIR``)."""
    extensions = current_app.extensions
    if GATE_KEY not in extensions:
        config = current_app.config
        limits = GateSettings(total=config["SPARQL_MAX_QUERIES"], long=config["SPARQL_MAX_LONG"],
                              slow_after=config["SPARQL_SLOW_AFTER"], wait=config["SPARQL_QUEUE_WAIT"])
        extensions[GATE_KEY] = QueryGate(config["SPARQL_RUN_DIR"], limits)
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
                        timeout=config["SPARQL_TIMEOUT"], row_cap=row_cap, memory_mb=config["SPARQL_MEMORY_MB"],
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
        if wanted not in set(table.values()):
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
        row_cap = current_app.config["SPARQL_ROW_CAP"]
        result = run_gated(query, fmt, row_cap)
    except QueryError as error:
        response = jsonify(error=str(error))
        response.status_code = error.status
        if error.retry_after:
            response.headers["Retry-After"] = str(error.retry_after)
    else:
        table = formats.RDF if form in ("CONSTRUCT", "DESCRIBE") else formats.RESULTS
        response = Response(result.chunks(), mimetype=table[result.format].media_type)
        if form == "SELECT":
            response.headers["X-Vankien-Truncated"] = "true" if result.truncated else "false"
            response.headers["X-Vankien-Row-Cap"] = str(row_cap)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "X-Vankien-Truncated, X-Vankien-Row-Cap"
    response.headers["Vary"] = "Accept"
    return response
