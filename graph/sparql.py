"""Read-only SPARQL over the store, with a time limit.

Queries run in a forked child process that opens the store read-only, so a
runaway query is stopped by ending that process. Updates, LOAD and SERVICE
are refused before anything runs. A row cap, when given, cuts SELECT results
after that many rows and says so (``QueryResult.truncated``; in JSON results
also a top-level ``"vankien": {"truncated": true, "rowCap": N}``).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.store import is_merged
from graph.vocab import PREFIXES

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML, "nquads": ox.RdfFormat.N_QUADS,
}
DEFAULT_TIMEOUT = 10.0
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_COMMENTS = re.compile(r"#[^\n]*")
_STRINGS = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"", re.DOTALL)
_IRIS = re.compile(r"<[^<>\s]*>")
_NAMES = re.compile(r"[?$]\w+|[A-Za-z_][\w.-]*:[\w.-]*|:[\w.-]+")
_UPDATE = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


class QueryError(Exception):
    """A query that is refused, malformed or too slow; ``str()`` is one line and ``status`` an HTTP code."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _code_only(query: str) -> str:
    """The query with strings, IRIs and comments blanked, so keywords are found only in code."""
    for pattern in (_STRINGS, _IRIS, _COMMENTS, _NAMES):
        query = pattern.sub(" ", query)
    return query


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; raises :class:`QueryError` for anything else."""
    code = _code_only(query)
    if m := _UPDATE.search(code):
        raise QueryError(f"SPARQL updates are not allowed here ({m.group(1).upper()}): the endpoint is read-only",
                         status=403)
    if _SERVICE.search(code):
        raise QueryError("SERVICE (federated queries) is not allowed here", status=403)
    form = _FORM.search(code)
    if form is None:
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return form.group(1).upper()


def default_format(form: str) -> str:
    return "turtle" if form in ("CONSTRUCT", "DESCRIBE") else "json"


@dataclass(frozen=True)
class QueryResult:
    """A serialized result; ``truncated`` when SELECT rows beyond the row cap were left out."""

    body: bytes
    format: str
    truncated: bool = False


def _json_term(term) -> dict:
    """A pyoxigraph term in the SPARQL 1.1 JSON results encoding."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {part: _json_term(getattr(term, part)) for part in parts}}
    encoded = {"type": "literal", "value": term.value}
    if term.language:
        encoded["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        encoded["datatype"] = term.datatype.value
    return encoded


def _capped_json(solutions: ox.QuerySolutions, row_cap: int) -> tuple[dict, bool]:
    """At most ``row_cap`` rows as a SPARQL JSON results object, and whether rows were left out."""
    names = [variable.value for variable in solutions.variables]
    bindings, truncated = [], False
    for solution in solutions:
        if len(bindings) == row_cap:
            truncated = True
            break
        bindings.append({name: _json_term(term) for name, term in zip(names, solution) if term is not None})
    return {"head": {"vars": names}, "results": {"bindings": bindings}}, truncated


def _write_capped(solutions: ox.QuerySolutions, fmt: str, out_path: str, row_cap: int) -> None:
    results, truncated = _capped_json(solutions, row_cap)
    if truncated:
        # Between "head" and "results": streaming readers stop at the end of the bindings.
        results = {"head": results["head"], "vankien": {"truncated": True, "rowCap": row_cap},
                   "results": results["results"]}
        Path(out_path + ".truncated").touch()
    body = json.dumps(results, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "json":
        Path(out_path).write_bytes(body)
    else:
        ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(out_path, RESULT_FORMATS[fmt])


def _evaluate(store_path: str, query: str, fmt: str, out_path: str, row_cap: int | None) -> None:
    """Run in the child: evaluate and write the serialized result to ``out_path``; errors to ``.err``."""
    try:
        store = ox.Store.read_only(store_path)
        merged = is_merged(Path(store_path).parent)
        result = store.query(query, use_default_graph_as_union=not merged, prefixes=PREFIXES)
        if isinstance(result, ox.QuerySolutions) and row_cap is not None:
            _write_capped(result, fmt, out_path, row_cap)
        elif isinstance(result, ox.QueryTriples):
            result.serialize(out_path, GRAPH_FORMATS[fmt])
        else:
            result.serialize(out_path, RESULT_FORMATS[fmt])
    except SyntaxError as error:
        Path(out_path + ".err").write_text(f"400\tSPARQL syntax error: {error}", "utf-8")
    except Exception as error:  # noqa: BLE001 - reported to the parent as one line
        Path(out_path + ".err").write_text(f"500\tquery failed: {error}", "utf-8")


def run_query(data_dir: str | Path, query: str, fmt: str | None = None,
              timeout: float = DEFAULT_TIMEOUT) -> tuple[bytes, str]:
    """Evaluate a read-only query; return (serialized result, format name)."""
    result = evaluate(data_dir, query, fmt, timeout=timeout)
    return result.body, result.format


def evaluate(data_dir: str | Path, query: str, fmt: str | None = None, *,
             timeout: float = DEFAULT_TIMEOUT, row_cap: int | None = None) -> QueryResult:
    """Evaluate a read-only query; SELECT rows beyond ``row_cap`` (None: no cap) are left out and flagged."""
    if row_cap is not None and row_cap < 0:
        raise ValueError("the row cap cannot be negative")
    form = query_form(query)
    fmt = fmt or default_format(form)
    allowed = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS
    if fmt not in allowed:
        raise QueryError(f"format {fmt!r} does not fit a {form} query (use one of: {', '.join(allowed)})",
                         status=406)
    store_path = Path(data_dir) / "oxigraph"
    if not store_path.exists():
        raise QueryError(f"{data_dir}: no store here (run 'vankien ingest' first)", status=404)
    with tempfile.TemporaryDirectory(prefix="vankien-query-") as work:
        out_path = os.path.join(work, "result")
        child = multiprocessing.get_context("fork").Process(
            target=_evaluate, args=(str(store_path), query, fmt, out_path, row_cap), daemon=True
        )
        child.start()
        child.join(timeout)
        if child.is_alive():
            child.kill()
            child.join()
            raise QueryError(f"the query ran longer than the {timeout:g} s limit and was stopped", status=503)
        if os.path.exists(out_path + ".err"):
            status, message = Path(out_path + ".err").read_text("utf-8").split("\t", 1)
            raise QueryError(message, status=int(status))
        if not os.path.exists(out_path):
            raise QueryError("the query process ended without a result", status=500)
        return QueryResult(Path(out_path).read_bytes(), fmt, os.path.exists(out_path + ".truncated"))
