"""The query host: a small, clean process that forks one confined process per SPARQL query.

``python -m graph.query_host SOCKET`` listens on a Unix socket. A client (a
web worker thread, the command line) connects and sends one JSON line: the
store, the query, the result format and the limits. The host forks; the child
confines itself (:func:`graph.sandbox.confine`), opens the store read-only,
evaluates the query and writes the result to the file named in the request
(errors as one line to ``FILE.err``), then exits. The host answers
``{"pid": N}`` at once and ``{"exit": CODE}`` when the child has ended (a
negative code is the signal that ended it). A client that hangs up ends its
query: the host kills the child. The host ends when its standard input closes
(its parent is gone).

Why a host of our own: the child must not inherit the threads, locks and open
store of a threaded web worker (so ``fork`` from the worker is out), and
starting a new interpreter per query costs a tenth of a second of imports.
The host imports only what a query needs, once.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import sys
from pathlib import Path

import pyoxigraph as ox

from vankien.graph.formats import RDF, RESULTS
from vankien.graph.sandbox import confine

RESULT_FORMATS = {name: f.oxigraph for name, f in RESULTS.items()}  # SELECT, ASK
GRAPH_FORMATS = {name: f.oxigraph for name, f in RDF.items()}  # CONSTRUCT, DESCRIBE
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
REQUEST_LIMIT = 1 << 20


# -- what a query process does ---------------------------------------------------------------------

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


def _write_capped(solutions: ox.QuerySolutions, fmt: str, out_path: str, row_cap: int) -> None:
    """At most ``row_cap`` rows; when rows were left out, say so in ``FILE.truncated`` (the results stay
    standard: the web endpoint says it in a header)."""
    names = [variable.value for variable in solutions.variables]
    bindings, truncated = [], False
    for solution in solutions:
        if len(bindings) == row_cap:
            truncated = True
            break
        row = zip(names, solution, strict=True)
        bindings.append({name: _json_term(term) for name, term in row if term is not None})
    results = {"head": {"vars": names}, "results": {"bindings": bindings}}
    if truncated:
        Path(out_path + ".truncated").touch()
    body = json.dumps(results, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "json":
        Path(out_path).write_bytes(body)
    else:
        ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(out_path, RESULT_FORMATS[fmt])


def memory_message(memory_bytes: int | None) -> str:
    limit = f"the {memory_bytes // 2**20} MiB" if memory_bytes else "its"
    return f"the query needed more than {limit} memory limit and was stopped"


def _dataset(request: dict) -> dict:
    """The dataset arguments of ``Store.query``: the one the request names (its default graph the merge of
    the graphs listed), else the store's default graph (or the union of its graphs) and every named graph."""
    named = request.get("dataset")
    if named is None:
        return {"use_default_graph_as_union": request.get("union", False)}
    return {"default_graph": [ox.NamedNode(iri) for iri in named["default"]],
            "named_graphs": [ox.NamedNode(iri) for iri in named["named"]]}


def evaluate_request(request: dict) -> None:
    """Confine this process, evaluate the request's query, write the result (or ``.err``: STATUS TAB reason)."""
    out_path = request["out"]
    try:
        # On Linux seccomp is part of the install (libseccomp + pyseccomp): without it, no query runs.
        confine(request.get("memory"), request.get("result"),
                require_network_guard=sys.platform.startswith("linux"))
        store = ox.Store.read_only(request["store"])
        result = store.query(request["query"], prefixes=request.get("prefixes") or None,
                             base_iri=request.get("base_iri"), **_dataset(request))
        fmt, row_cap = request["format"], request.get("row_cap")
        if isinstance(result, ox.QuerySolutions) and row_cap is not None:
            _write_capped(result, fmt, out_path, row_cap)
        elif isinstance(result, ox.QueryTriples):
            result.serialize(out_path, GRAPH_FORMATS[fmt])
        else:
            result.serialize(out_path, RESULT_FORMATS[fmt])
    except SyntaxError as error:
        Path(out_path + ".err").write_text(f"400\tSPARQL syntax error: {error}", "utf-8")
    except MemoryError:
        Path(out_path + ".err").write_text(f"503\t{memory_message(request.get('memory'))}", "utf-8")
    except Exception as error:  # noqa: BLE001 - reported to the client as one line
        Path(out_path + ".err").write_text(f"500\tquery failed: {error}", "utf-8")


# -- the host ----------------------------------------------------------------------------------------

def _read_request(conn: socket.socket) -> dict | None:
    conn.settimeout(5)
    data = b""
    try:
        while not data.endswith(b"\n") and len(data) < REQUEST_LIMIT:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            data += chunk
        return json.loads(data)
    except (OSError, ValueError):
        return None


def _send(conn: socket.socket, message: dict) -> None:
    try:
        conn.sendall(json.dumps(message).encode("utf-8") + b"\n")
    except OSError:
        pass


class Host:
    """The host's loop: accept requests, fork a child for each, report its end, reap it."""

    def __init__(self, socket_path: str) -> None:
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(socket_path)
        self.listener.listen(128)
        self.children: dict[int, socket.socket] = {}
        self.wake_read, wake_write = os.pipe()
        os.set_blocking(self.wake_read, False)
        os.set_blocking(wake_write, False)
        signal.set_wakeup_fd(wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes the selector through the pipe
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.listener, selectors.EVENT_READ, "accept")
        self.selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "parent")
        self.selector.register(self.wake_read, selectors.EVENT_READ, "child ended")

    def run(self) -> None:
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        while True:
            for key, _ in self.selector.select():
                if key.data == "accept":
                    self._accept()
                elif key.data == "parent":
                    if not os.read(sys.stdin.fileno(), 4096):
                        self._stop()
                        return
                elif key.data == "child ended":
                    while True:
                        try:
                            if not os.read(self.wake_read, 4096):
                                break
                        except BlockingIOError:
                            break
                    self._reap()
                else:  # a client hung up (or wrote more): its query is no longer wanted
                    self._abandon(key.data)

    def _accept(self) -> None:
        conn, _ = self.listener.accept()
        request = _read_request(conn)
        if request is None:
            conn.close()
            return
        pid = os.fork()
        if pid == 0:
            self._become_query_process(conn, request)
        self.children[pid] = conn
        _send(conn, {"pid": pid})
        self.selector.register(conn, selectors.EVENT_READ, pid)

    def _become_query_process(self, conn: socket.socket, request: dict) -> None:
        code = 0
        try:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            self.selector.close()
            self.listener.close()
            for other in self.children.values():
                other.close()
            conn.close()
            os.close(self.wake_read)
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):  # the allocator's own last words would only clutter the server's log
                os.dup2(devnull, fd)
            evaluate_request(request)
        except BaseException:  # noqa: BLE001 - nothing may escape a forked child
            code = 1
        finally:
            os._exit(code)

    def _abandon(self, pid: int) -> None:
        conn = self.children.get(pid)
        if conn is None:
            return
        self.selector.unregister(conn)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def _reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.children.pop(pid, None)
            if conn is None:
                continue
            try:
                self.selector.unregister(conn)
            except (KeyError, ValueError):
                pass
            _send(conn, {"exit": os.waitstatus_to_exitcode(status)})
            conn.close()

    def _stop(self) -> None:
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


if __name__ == "__main__":
    Host(sys.argv[1]).run()
