"""Read-only SPARQL over the store, with a time limit.

Queries run in a forked child process that opens the store read-only, so a
runaway query is stopped by ending that process. Updates, LOAD and SERVICE
are refused before anything runs.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox

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


def _evaluate(store_path: str, query: str, fmt: str, out_path: str) -> None:
    """Run in the child: evaluate and write the serialized result to ``out_path``; errors to ``.err``."""
    try:
        store = ox.Store.read_only(store_path)
        result = store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
        if isinstance(result, ox.QueryTriples):
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
            target=_evaluate, args=(str(store_path), query, fmt, out_path), daemon=True
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
        return Path(out_path).read_bytes(), fmt
