"""The SPARQL 1.1 Protocol endpoint at ``/sparql`` (read-only, with limits on time, memory and load).

A query comes as ``GET ?query=``, a form POST (``application/x-www-form-urlencoded``) or a direct POST
(``application/sparql-query``, UTF-8); ``default-graph-uri`` / ``named-graph-uri`` name its dataset
(overriding its ``FROM`` / ``FROM NAMED``); relative IRIs resolve against the endpoint's URL. What the
protocol calls an error is a 4xx: no query or two, a body of another media type (415) or charset (415), a
malformed query (400), an update in any form (403: the endpoint is read-only). A GET without a query is
answered with the Service Description (:mod:`web.service_description`) in the RDF format asked for, or
sent to the editor when a browser asks for HTML.

Every query runs in a confined process (:mod:`graph.sparql`) after taking a slot at the server's
:class:`~web.query_gate.QueryGate`; a busy server answers 503 with ``Retry-After`` at once. SELECT results
beyond ``SPARQL_ROW_CAP`` rows (app config) are cut; every SELECT response says whether it was, in the
headers ``X-Vankien-Truncated`` and ``X-Vankien-Row-Cap`` (the results stay standard). Results are
streamed; a GET's answer carries an ETag and Last-Modified (:mod:`web.http_cache`) and a repeated GET
whose copy is current gets a 304 without running the query again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, redirect, request, url_for

from vankien.graph import formats
from vankien.graph.sparql import QueryError, QueryResult, evaluate, query_form
from vankien.web import http_cache, service_description
from vankien.web.query_gate import Busy, GateSettings, QueryGate

sparql = Blueprint("sparql", __name__)

# Media type → our format name: SELECT results, ASK results (CSV and TSV are defined for SELECT only) and
# graphs (CONSTRUCT, DESCRIBE; N3 is answered in Turtle, which N3 includes).
RESULT_TYPES = formats.media_types(formats.RESULTS)
BOOLEAN_TYPES = {media: name for media, name in RESULT_TYPES.items() if name in ("json", "xml")}
N3 = "text/n3"
GRAPH_TYPES = {**formats.media_types(formats.RDF), N3: "n3"}
GATE_KEY = "vankien_query_gate"
DIRECT = "application/sparql-query"
FORM = "application/x-www-form-urlencoded"
UPDATE = "application/sparql-update"
UTF8 = ("utf-8", "utf8", "us-ascii", "ascii")
# An absolute IRI (RFC 3987's characters; a percent sign starts an escape); the store's parser has the last word.
ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:(?:[^%\s<>\"{}|^`\\\x00-\x1f\x7f]|%[0-9A-Fa-f]{2})*")
PROTOCOL_PARAMETERS = ("query", "update", "format", "default-graph-uri", "named-graph-uri")
READ_ONLY = "SPARQL updates are not allowed here: the endpoint is read-only"


def gate() -> QueryGate:
    """The application's query gate (its run folder is shared by a server's workers: ``SPARQL_RUN_DIR``)."""
    extensions = current_app.extensions
    if GATE_KEY not in extensions:
        config = current_app.config
        limits = GateSettings(total=config["SPARQL_MAX_QUERIES"], long=config["SPARQL_MAX_LONG"],
                              slow_after=config["SPARQL_SLOW_AFTER"], wait=config["SPARQL_QUEUE_WAIT"])
        extensions[GATE_KEY] = QueryGate(config["SPARQL_RUN_DIR"], limits)
    return extensions[GATE_KEY]


@dataclass
class Operation:
    """One query request as the protocol defines it: the query and the dataset the request names."""

    query: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)

    @property
    def names_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def run_gated(query: str, fmt: str | None, row_cap: int | None, operation: Operation | None = None) -> QueryResult:
    """Evaluate ``query`` under the server's limits (over the dataset ``operation`` names, if any); a busy
    server raises a 503 :class:`QueryError`."""
    config = current_app.config
    queries = gate()
    dataset = {}
    if operation is not None and operation.names_dataset:
        dataset = {"default_graphs": operation.default_graphs, "named_graphs": operation.named_graphs}
    try:
        ticket = queries.admit()
    except Busy as busy:
        raise QueryError(str(busy), status=503, retry_after=busy.retry_after) from None
    with ticket:
        return evaluate(config["DATA_DIR"], query, fmt,
                        timeout=config["SPARQL_TIMEOUT"], row_cap=row_cap, memory_mb=config["SPARQL_MEMORY_MB"],
                        slow_after=queries.settings.slow_after, on_slow=ticket.go_long,
                        base_iri=url_for("sparql.endpoint", _external=True), **dataset)


def _graph_iris(name: str, *sources) -> list[str]:
    """The values of the dataset parameter ``name`` in ``sources`` (query string, form), each an absolute IRI."""
    found = [value for source in sources for value in source.getlist(name)]
    for value in found:
        if not is_absolute_iri(value):
            raise QueryError(f"{name}: {value!r} is not an absolute IRI")
    return found


def is_absolute_iri(value: str) -> bool:
    """Whether ``value`` is an absolute IRI the store can name a graph by."""
    if not ABSOLUTE_IRI.fullmatch(value):
        return False
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def _one_query(values: list[str]) -> str:
    if len(values) > 1:
        raise QueryError(f"query: given {len(values)} times; send one query per request")
    if not values or not values[0].strip():
        raise QueryError("no query: send ?query=… (GET), a form field 'query' or an application/sparql-query body")
    return values[0]


def _charset_is_utf8() -> None:
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.strip().lower() not in UTF8:
        raise QueryError(f"charset {charset!r}: a SPARQL request body is read as UTF-8 only", status=415)


def _operation() -> Operation:
    """The query request, checked as the SPARQL 1.1 Protocol asks; a refusal raises :class:`QueryError`."""
    args = request.args
    if request.method != "POST":  # GET or HEAD
        if "update" in args:
            raise QueryError(READ_ONLY, status=403)
        return Operation(_one_query(args.getlist("query")), _graph_iris("default-graph-uri", args),
                         _graph_iris("named-graph-uri", args))
    if request.mimetype == UPDATE:
        raise QueryError(READ_ONLY, status=403)
    if request.mimetype not in (DIRECT, FORM):
        given = request.mimetype or "none"
        raise QueryError(f"Content-Type {given!r}: send a query as {FORM} or {DIRECT}", status=415)
    _charset_is_utf8()
    if request.mimetype == DIRECT:
        try:
            query = request.get_data().decode("utf-8")
        except UnicodeDecodeError:
            raise QueryError("the request body is not UTF-8") from None
        return Operation(_one_query([query]), _graph_iris("default-graph-uri", args),
                         _graph_iris("named-graph-uri", args))
    form = request.form
    if "update" in form or "update" in args:
        raise QueryError(READ_ONLY, status=403)
    return Operation(_one_query(form.getlist("query")), _graph_iris("default-graph-uri", args, form),
                     _graph_iris("named-graph-uri", args, form))


def _format(form: str) -> tuple[str, str]:
    """(the format to evaluate in, the media type to answer with) for a query of ``form``, from ``format`` or
    Accept; 406 when nothing fits."""
    table = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else BOOLEAN_TYPES if form == "ASK" else RESULT_TYPES
    given = request.args.getlist("format") + request.form.getlist("format")
    if len(given) > 1:
        raise QueryError(f"format: given {len(given)} times; choose one")
    wanted = given[0] if given else None
    if wanted:
        if wanted not in set(table.values()):
            raise QueryError(f"format {wanted!r} does not fit a {form} query (one of: "
                             f"{', '.join(sorted(set(table.values())))})", status=406)
        media = next(media for media, name in table.items() if name == wanted)
    else:
        accept = request.accept_mimetypes
        media = accept.best_match(list(table), default=None) if accept else None
        if media is None and accept and "*/*" not in str(accept):
            raise QueryError(f"none of the accepted media types fits a {form} query: " + ", ".join(table), status=406)
        media = media or next(iter(table))
        wanted = table[media]
    if wanted == "n3":
        return "turtle", N3
    kind = formats.RDF if form in ("CONSTRUCT", "DESCRIBE") else formats.RESULTS
    return wanted, kind[wanted].media_type


def _without_query() -> Response | None:
    """A GET that asks no query: the Service Description, or the editor for a browser; None when neither fits
    (then it is a request without a query)."""
    if request.method == "POST" or any(name in request.args for name in PROTOCOL_PARAMETERS):
        return None  # a query request (perhaps without its query: a 400)
    offered = [*service_description.MEDIA_TYPES, "text/html"]
    accept = request.accept_mimetypes
    best = accept.best_match(offered) if accept else offered[0]
    if best == "text/html":
        if "pages.sparql_editor" not in current_app.view_functions:
            return None
        response = redirect(url_for("pages.sparql_editor"), code=303)
    elif best is None:
        return None
    else:
        response = service_description.respond(best)
    response.vary.add("Accept")
    return response


def _error(error: QueryError) -> Response:
    response = jsonify(error=str(error))
    response.status_code = error.status
    if error.retry_after:
        response.headers["Retry-After"] = str(error.retry_after)
    if error.status == 405:
        response.headers["Allow"] = "GET, HEAD, POST, OPTIONS"
    return response


@sparql.route("/sparql", methods=["GET", "POST"])
def endpoint():
    described = _without_query()
    if described is not None:
        return described
    try:
        operation = _operation()
        form = query_form(operation.query)
        fmt, media_type = _format(form)
        row_cap = current_app.config["SPARQL_ROW_CAP"]
        found = None
        if request.method != "POST":
            found = http_cache.validators("sparql", request.host_url, operation.query, operation.default_graphs,
                                          operation.named_graphs, media_type, row_cap)
            if http_cache.unchanged(found):
                return http_cache.not_modified(found, vary=("Accept",))
        result = run_gated(operation.query, fmt, row_cap, operation)
    except QueryError as error:
        response = _error(error)
    else:
        response = Response(result.chunks(), mimetype=media_type)
        if form == "SELECT":
            response.headers["X-Vankien-Truncated"] = "true" if result.truncated else "false"
            response.headers["X-Vankien-Row-Cap"] = str(row_cap)
        http_cache.stamp(response, found)
    response.vary.add("Accept")
    return response
