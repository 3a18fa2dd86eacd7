"""Read-only SPARQL over the store: checked from the parsed query, run in a confined process.

What a query may do is decided from its parse tree (rdflib's SPARQL 1.1
grammar), never from its text: updates (INSERT, LOAD, CLEAR …) are refused,
and so is SERVICE anywhere in the query — with an IRI, a variable or written
with escapes. The query then runs in a child process started from a clean
fork server, which opens the store read-only under :func:`graph.sandbox.confine`:
a memory cap, a cap on the result's size, and no network at all, so even a
query the parser misjudged cannot reach another server. A runaway query is
stopped by ending that process (the time limit); ``on_slow`` lets a caller
decide what happens to a query that has used ``slow_after`` seconds of CPU
(the web server demotes it to a low CPU priority or stops it when too many
long queries run). A row cap, when given, cuts SELECT results after that many
rows and says so (``QueryResult.truncated``; in JSON results also a top-level
``"vankien": {"truncated": true, "rowCap": N}``).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

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
DEFAULT_MEMORY_MB = 384  # what one query process may allocate (heap, not the store's file mappings)
DEFAULT_RESULT_MB = 256  # the largest serialized result a query may write
MAX_QUERY_CHARS = 100_000
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


class QueryError(Exception):
    """A query that is refused, malformed or too costly; ``str()`` is one line, ``status`` an HTTP code,
    ``retry_after`` (seconds) set when trying again later may succeed."""

    def __init__(self, message: str, status: int = 400, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


# rdflib's grammar (pyparsing) keeps state while it parses: one parse at a time per process.
_PARSER_LOCK = threading.Lock()


def _parse_tree(query: str):
    """rdflib's parse tree of a query; an update or a syntax error raises :class:`QueryError`."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is longer than {MAX_QUERY_CHARS:,} characters", status=413)
    try:
        with _PARSER_LOCK:
            return parseQuery(query)
    except ParseBaseException as error:
        try:
            with _PARSER_LOCK:
                update = parseUpdate(query)
        except (ParseBaseException, RecursionError, ValueError):
            update = None
        if update is not None and getattr(update, "request", None):
            operation = _update_keyword(update.request[0])
            raise QueryError(f"SPARQL updates are not allowed here ({operation}): the endpoint is read-only",
                             status=403) from None
        raise QueryError(f"SPARQL syntax error at line {error.lineno}, column {error.col}: {error.msg}") from None
    except RecursionError:
        raise QueryError("the query is nested too deeply to be checked") from None
    except ValueError as error:  # e.g. a malformed escape or IRI
        raise QueryError(f"SPARQL syntax error: {error}") from None


def _update_keyword(operation) -> str:
    """The keyword an update operation begins with: INSERT, DELETE, LOAD, CLEAR …"""
    if operation.name == "Modify":
        return "DELETE" if operation.get("delete") else "INSERT"
    return re.match(r"[A-Z][a-z]*", operation.name).group().upper()


def _calls_service(tree) -> bool:
    """Whether a SERVICE pattern occurs anywhere in the parse tree (FILTER EXISTS, subqueries included)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            pending.extend(dict.values(node))
        elif isinstance(node, (ParseResults, list, tuple)):
            pending.extend(node)
        elif isinstance(node, dict):
            pending.extend(node.values())
    return False


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; raises :class:`QueryError` for anything else or anything refused."""
    tree = _parse_tree(query)
    if _calls_service(tree):
        raise QueryError("SERVICE (federated queries) is not allowed here", status=403)
    name = getattr(tree[-1], "name", None)
    if name not in FORMS:
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return FORMS[name]


def default_format(form: str) -> str:
    return "turtle" if form in ("CONSTRUCT", "DESCRIBE") else "json"


class QueryResult:
    """A serialized result, read from a file as it is sent; ``truncated`` when SELECT rows beyond the
    row cap were left out."""

    def __init__(self, file: BinaryIO, fmt: str, truncated: bool = False) -> None:
        self.file = file
        self.format = fmt
        self.truncated = truncated
        self._body: bytes | None = None

    @property
    def body(self) -> bytes:
        """The whole result (read once)."""
        if self._body is None:
            self._body = b"".join(self.chunks())
        return self._body

    def chunks(self, size: int = 1 << 16) -> Iterator[bytes]:
        """The result in pieces, for streaming; the file is closed at the end."""
        if self._body is not None:
            yield self._body
            return
        try:
            while chunk := self.file.read(size):
                yield chunk
        finally:
            self.file.close()


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


def _evaluate(store_path: str, query: str, fmt: str, out_path: str, row_cap: int | None,
              memory_bytes: int | None, result_bytes: int | None) -> None:
    """Run in the child: confine, evaluate, write the serialized result to ``out_path``; errors to ``.err``."""
    from graph.sandbox import confine

    try:
        # On Linux seccomp is part of the install (libseccomp + pyseccomp): without it, no query runs.
        confine(memory_bytes, result_bytes, require_network_guard=sys.platform.startswith("linux"))
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
    except MemoryError:
        Path(out_path + ".err").write_text(f"503\t{_memory_message(memory_bytes)}", "utf-8")
    except Exception as error:  # noqa: BLE001 - reported to the parent as one line
        Path(out_path + ".err").write_text(f"500\tquery failed: {error}", "utf-8")


def _memory_message(memory_bytes: int | None) -> str:
    limit = f"the {memory_bytes // 2**20} MiB" if memory_bytes else "its"
    return f"the query needed more than {limit} memory limit and was stopped"


_CONTEXT: multiprocessing.context.BaseContext | None = None


def _context():
    """The fork server that starts query processes: a clean process forks them, so they inherit no
    threads, locks or open store of the caller (a threaded web worker)."""
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = multiprocessing.get_context("forkserver")
        _CONTEXT.set_forkserver_preload(["graph.sparql", "graph.sandbox"])
    return _CONTEXT


def _forget_fork_server() -> None:
    """In a forked child: the parent's fork server is not ours; start our own when first needed."""
    from multiprocessing import forkserver

    global _CONTEXT
    _CONTEXT = None
    fresh = forkserver.ForkServer()
    forkserver._forkserver = fresh
    for name in ("ensure_running", "get_inherited_fds", "connect_to_new_process", "set_forkserver_preload"):
        setattr(forkserver, name, getattr(fresh, name))


os.register_at_fork(after_in_child=_forget_fork_server)


def start_query_processes() -> None:
    """Start the fork server now (a web worker does it while warming up) rather than on the first query."""
    from multiprocessing import forkserver

    _context()
    forkserver.ensure_running()


def run_query(data_dir: str | Path, query: str, fmt: str | None = None,
              timeout: float = DEFAULT_TIMEOUT) -> tuple[bytes, str]:
    """Evaluate a read-only query; return (serialized result, format name)."""
    result = evaluate(data_dir, query, fmt, timeout=timeout)
    return result.body, result.format


def evaluate(data_dir: str | Path, query: str, fmt: str | None = None, *,
             timeout: float = DEFAULT_TIMEOUT, row_cap: int | None = None,
             memory_mb: int | None = DEFAULT_MEMORY_MB, result_mb: int | None = DEFAULT_RESULT_MB,
             slow_after: float | None = None, on_slow: Callable[[], bool] | None = None) -> QueryResult:
    """Evaluate a read-only query in a confined child process.

    SELECT rows beyond ``row_cap`` (None: no cap) are left out and flagged. A query still running
    after ``slow_after`` seconds of CPU asks ``on_slow()``: True lets it go on at the lowest CPU priority,
    False stops it (503, try again later).
    """
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
    memory_bytes = memory_mb * 2**20 if memory_mb else None
    result_bytes = result_mb * 2**20 if result_mb else None
    with tempfile.TemporaryDirectory(prefix="vankien-query-") as work:
        out_path = os.path.join(work, "result")
        child = _context().Process(
            target=_evaluate, args=(str(store_path), query, fmt, out_path, row_cap, memory_bytes, result_bytes),
            daemon=True,
        )
        child.start()
        try:
            _wait(child, timeout, slow_after, on_slow)
        finally:
            if child.is_alive():
                child.kill()
                child.join()
        if os.path.exists(out_path + ".err"):
            status, message = Path(out_path + ".err").read_text("utf-8").split("\t", 1)
            raise QueryError(message, status=int(status))
        if child.exitcode:
            raise _crash(child.exitcode, memory_bytes, result_bytes)
        if not os.path.exists(out_path):
            raise QueryError("the query process ended without a result", status=500)
        # Opened before the folder is removed: the file lives on until it has been sent.
        return QueryResult(open(out_path, "rb"), fmt, os.path.exists(out_path + ".truncated"))


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
POLL_SECONDS = 0.05


def _cpu_seconds(pid: int) -> float | None:
    """CPU time a process has used so far (Linux), or None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime
    except (OSError, IndexError, ValueError):
        return None


def _wait(child, timeout: float, slow_after: float | None, on_slow: Callable[[], bool] | None) -> None:
    """Wait for the query process; raise when it overruns ``timeout`` seconds.

    Once it has used ``slow_after`` seconds of CPU (wall time where CPU time cannot be read — CPU time
    so that a cheap query on a busy machine is not taken for a long one), ``on_slow()`` is asked once.
    """
    start = time.monotonic()
    deadline = start + timeout
    ask = on_slow is not None and slow_after is not None and slow_after < timeout
    while child.is_alive() and time.monotonic() < deadline:
        child.join(POLL_SECONDS if ask else max(0.0, deadline - time.monotonic()))
        if not ask or not child.is_alive():
            continue
        used = _cpu_seconds(child.pid)
        if (used if used is not None else time.monotonic() - start) < slow_after:
            continue
        ask = False
        if not on_slow():
            raise QueryError("too many long queries are running; try again later", status=503, retry_after=10)
        try:
            os.setpriority(os.PRIO_PROCESS, child.pid, 19)  # long queries yield the CPU to everything else
        except OSError:
            pass
    if child.is_alive():
        raise QueryError(f"the query ran longer than the {timeout:g} s limit and was stopped", status=503)


def _crash(exitcode: int, memory_bytes: int | None, result_bytes: int | None) -> QueryError:
    """What a query process that died without a word most likely ran into."""
    if exitcode == -signal.SIGXFSZ and result_bytes:
        return QueryError(f"the result is larger than the {result_bytes // 2**20} MiB limit; "
                          "ask for fewer rows (LIMIT) or fewer triples", status=413)
    if exitcode in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV, -signal.SIGBUS):
        return QueryError(_memory_message(memory_bytes), status=503)
    return QueryError(f"the query process ended with code {exitcode}", status=500)
