"""Read-only SPARQL over the store: checked from the parsed query, run in a confined process.

What a query may do is decided from its parse tree (rdflib's SPARQL 1.1
grammar), never from its text: updates (INSERT, LOAD, CLEAR …) are refused,
and so is SERVICE anywhere in the query — with an IRI, a variable or written
with escapes. The query then runs in one of the warm query processes of this
process's query host (:mod:`graph.query_host`, a clean interpreter), which
have no network at all (:func:`graph.sandbox.confine`), so even a query the
parser misjudged reaches no server, and give each query its own memory cap
and cap on the result's size (:func:`graph.sandbox.query_limits`). A runaway
query is stopped by ending its process (the time limit; the host replaces it);
``on_slow`` lets a caller decide what happens to a query that has used
``slow_after`` seconds of CPU (the web server demotes it to a low CPU priority
or stops it when too many long queries run). A row cap, when given, cuts SELECT results after that many
rows and says so (``QueryResult.truncated``; the results themselves stay standard). A query may name its
dataset (the SPARQL 1.1 Protocol's ``default-graph-uri`` / ``named-graph-uri``, which override the
query's ``FROM`` / ``FROM NAMED``) and a base IRI for its relative IRIs.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from vankien.graph.query_host import GRAPH_FORMATS, RESULT_FORMATS, memory_message, write_capped
from vankien.graph.remote import N_TRIPLES, RESULTS_JSON, RemoteStore, ServerLimit, parse_answer
from vankien.graph.store import StoreError, is_merged, server_location
from vankien.graph.vocab import PREFIXES

DEFAULT_TIMEOUT = 10.0
DEFAULT_MEMORY_MB = 384  # what one query may allocate (heap, not the store's file mappings)
DEFAULT_RESULT_MB = 256  # the largest serialized result a query may write
MAX_QUERY_CHARS = 100_000
NO_GRAPH = "urn:vankien:no-graph"  # named to a server as the one graph of a dataset part that must be empty
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


@functools.lru_cache(maxsize=256)
def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; raises :class:`QueryError` for anything else or anything refused.

    Remembered per query text: a view checks a query to choose its format, then :func:`evaluate` checks it
    again, and the parser runs one query at a time per process."""
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


class _HostClient:
    """This process's query host (:mod:`graph.query_host`), started on first use, ended with the process."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="vankien-host-")
        self.socket_path = os.path.join(self.folder, "host.sock")
        self.process = subprocess.Popen([sys.executable, "-m", "vankien.graph.query_host", self.socket_path],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        cwd=str(Path(__file__).resolve().parent.parent))
        if self.process.stdout.readline().strip() != b"ready":
            raise QueryError("the query host did not start", status=500)
        atexit.register(self.close)

    def alive(self) -> bool:
        return self.process.poll() is None

    def submit(self, request: dict) -> tuple[socket.socket, int, bytes]:
        """Send one request; the connection (to hear the end of it), the query process's pid, and what
        the host already said beyond the pid."""
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(self.socket_path)
        conn.sendall(json.dumps(request, ensure_ascii=False).encode("utf-8") + b"\n")
        received = b""
        while b"\n" not in received:
            chunk = conn.recv(4096)
            if not chunk:
                conn.close()
                raise QueryError("the query host refused the query", status=500)
            received += chunk
        line, _, rest = received.partition(b"\n")
        return conn, json.loads(line)["pid"], rest

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()  # the host ends its queries and itself
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


_HOST: tuple[int, _HostClient] | None = None
_HOST_LOCK = threading.Lock()


def _host() -> _HostClient:
    """The query host of this process (a forked process starts its own)."""
    global _HOST
    with _HOST_LOCK:
        if _HOST is None or _HOST[0] != os.getpid() or not _HOST[1].alive():
            _HOST = (os.getpid(), _HostClient())
        return _HOST[1]


def start_query_processes() -> None:
    """Start the query host and its warm query processes now (a web worker does it while warming up) rather
    than on the first query."""
    _host()


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


def _wait(conn: socket.socket, pid: int, received: bytes, timeout: float, slow_after: float | None,
          on_slow: Callable[[], bool] | None) -> int:
    """Wait for the query process ``pid`` to end (the host says so on ``conn``); return its exit code.

    Raises when it overruns ``timeout`` seconds. Once it has used ``slow_after`` seconds of CPU on this
    query (wall time where CPU time cannot be read — CPU time so that a cheap query on a busy machine is
    not taken for a long one), ``on_slow()`` is asked once; going on, the host is asked to demote the
    query process (it alone knows whether the process still runs this query). Hanging up on the host ends
    the query process.
    """
    start = time.monotonic()
    deadline = start + timeout
    ask = on_slow is not None and slow_after is not None and slow_after < timeout
    before = _cpu_seconds(pid) if ask else None  # a query process serves many queries: this one's share
    while time.monotonic() < deadline:
        if received.endswith(b"\n"):
            return int(json.loads(received)["exit"])
        conn.settimeout(max(0.001, min(POLL_SECONDS if ask else timeout, deadline - time.monotonic())))
        try:
            chunk = conn.recv(4096)
        except TimeoutError:
            chunk = None
        if chunk == b"":
            raise QueryError("the query host ended before the query did", status=500)
        if chunk:
            received += chunk
            continue
        if not ask:
            continue
        used = _cpu_seconds(pid)
        if (used - (before or 0) if used is not None else time.monotonic() - start) < slow_after:
            continue
        ask = False
        if not on_slow():
            raise QueryError("too many long queries are running; try again later", status=503, retry_after=10)
        try:  # the host demotes the process to the lowest CPU priority while it still runs this query
            conn.sendall(b"slow\n")
        except OSError:
            pass
    raise QueryError(f"the query ran longer than the {timeout:g} s limit and was stopped", status=503)


def run_query(data_dir: str | Path, query: str, fmt: str | None = None,
              timeout: float = DEFAULT_TIMEOUT) -> tuple[bytes, str]:
    """Evaluate a read-only query; return (serialized result, format name)."""
    result = evaluate(data_dir, query, fmt, timeout=timeout)
    return result.body, result.format


def evaluate(data_dir: str | Path, query: str, fmt: str | None = None, *,
             timeout: float = DEFAULT_TIMEOUT, row_cap: int | None = None,
             memory_mb: int | None = DEFAULT_MEMORY_MB, result_mb: int | None = DEFAULT_RESULT_MB,
             slow_after: float | None = None, on_slow: Callable[[], bool] | None = None,
             default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
             base_iri: str | None = None) -> QueryResult:
    """Evaluate a read-only query in a confined query process; it sees the store as last published.

    ``default_graphs`` / ``named_graphs`` (graph IRIs; either given: the other is empty unless given too)
    make the dataset the query runs over, in place of the store's and of the query's own ``FROM``:
    the merge of ``default_graphs`` as its default graph. ``base_iri`` resolves relative IRIs.
    SELECT rows beyond ``row_cap`` (None: no cap) are left out and flagged. A query that has used
    ``slow_after`` seconds of CPU asks ``on_slow()``: True lets it go on at the lowest CPU priority,
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
    where = server_location(data_dir)
    if where is not None:
        return _evaluate_on_server(where, query, form, fmt, timeout=timeout, row_cap=row_cap,
                                   result_mb=result_mb, default_graphs=default_graphs, named_graphs=named_graphs,
                                   base_iri=base_iri)
    store_path = Path(data_dir) / "oxigraph"
    if not store_path.exists():
        raise QueryError(f"{data_dir}: no store here (run 'vankien ingest' first)", status=404)
    memory_bytes = memory_mb * 2**20 if memory_mb else None
    result_bytes = result_mb * 2**20 if result_mb else None
    with tempfile.TemporaryDirectory(prefix="vankien-query-") as work:
        out_path = os.path.join(work, "result")
        request = {"store": str(store_path.resolve()), "query": query, "format": fmt, "out": out_path,
                   "row_cap": row_cap, "memory": memory_bytes, "result": result_bytes,
                   "union": not is_merged(data_dir), "prefixes": PREFIXES, "base_iri": base_iri}
        if default_graphs is not None or named_graphs is not None:
            request["dataset"] = {"default": list(default_graphs or ()), "named": list(named_graphs or ())}
        conn, pid, received = _host().submit(request)
        with conn:  # leaving early hangs up: the host ends the query process
            exitcode = _wait(conn, pid, received, timeout, slow_after, on_slow)
        if os.path.exists(out_path + ".err"):
            status, message = Path(out_path + ".err").read_text("utf-8").split("\t", 1)
            raise QueryError(message, status=int(status))
        if exitcode:
            raise _crash(exitcode, memory_bytes, result_bytes)
        if not os.path.exists(out_path):
            raise QueryError("the query process ended without a result", status=500)
        # Opened before the folder is removed: the file lives on until it has been sent.
        return QueryResult(open(out_path, "rb"), fmt, os.path.exists(out_path + ".truncated"))


@functools.cache
def _server(where) -> RemoteStore:
    return RemoteStore(where, read_only=True)


def _evaluate_on_server(where, query: str, form: str, fmt: str, *, timeout: float, row_cap: int | None,
                        result_mb: int | None, default_graphs: list[str] | None, named_graphs: list[str] | None,
                        base_iri: str | None) -> QueryResult:
    """Evaluate a checked query on the SPARQL server holding the store: the server's own answer read within
    ``timeout`` and ``result_mb``, capped at ``row_cap`` rows and written in ``fmt``. The memory a query may
    take is the server's to limit (its own settings)."""
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    dataset = {}
    if default_graphs is not None or named_graphs is not None:  # a list left empty names a graph nothing is in
        dataset = {"default_graph": list(default_graphs or [NO_GRAPH]),
                   "named_graphs": list(named_graphs or [NO_GRAPH])}
    result_bytes = result_mb * 2**20 if result_mb else None
    try:
        kind, data = _server(where).fetch(query, accept=N_TRIPLES if graph_form else RESULTS_JSON,
                                          timeout=timeout, max_bytes=result_bytes, prefixes=PREFIXES,
                                          base_iri=base_iri, **dataset)
        result = parse_answer(kind, data, where.query)
    except TimeoutError:
        raise QueryError(f"the query ran longer than the {timeout:g} s limit and was stopped", status=503) from None
    except OverflowError:
        raise QueryError(f"the result is larger than the {result_mb} MiB limit; "
                         "ask for fewer rows (LIMIT) or fewer triples", status=413) from None
    except ServerLimit as error:
        raise QueryError(str(error), status=503) from None
    except StoreError as error:
        status = 400 if ": the store's server answered 400" in str(error) else 502
        raise QueryError(str(error), status=status) from None
    except SyntaxError as error:
        raise QueryError(f"{where.query}: the store's server sent an answer that cannot be read ({error})",
                         status=502) from None
    out = tempfile.NamedTemporaryFile(prefix="vankien-query-", delete=False)  # noqa: SIM115 (handed over)
    try:
        os.unlink(out.name)  # the open file lives on until it has been sent
        truncated = False
        if graph_form:
            ox.serialize(result, out, GRAPH_FORMATS[fmt])
        elif isinstance(result, ox.QuerySolutions) and row_cap is not None:
            truncated = write_capped(result, fmt, out, row_cap)
        else:
            result.serialize(out, RESULT_FORMATS[fmt])
        out.seek(0)
    except BaseException:
        out.close()
        raise
    return QueryResult(out, fmt, truncated)


def _crash(exitcode: int, memory_bytes: int | None, result_bytes: int | None) -> QueryError:
    """What a query process that died without a word most likely ran into."""
    if exitcode == -signal.SIGXFSZ and result_bytes:
        return QueryError(f"the result is larger than the {result_bytes // 2**20} MiB limit; "
                          "ask for fewer rows (LIMIT) or fewer triples", status=413)
    if exitcode in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV, -signal.SIGBUS):
        return QueryError(memory_message(memory_bytes), status=503)
    return QueryError(f"the query process ended with code {exitcode}", status=500)
