"""The query host: a small, clean process that keeps a pool of warm, confined query processes.

``python -m vankien.graph.query_host SOCKET`` listens on a Unix socket. A client (a
web worker thread, the command line) connects and sends one JSON line: the
store, the query, the result format and the limits. The host hands the request
to an idle query process over that process's own channel, answers ``{"pid": N}``
at once and ``{"exit": CODE}`` when the query has ended (a negative code is the
signal that ended the process). The query process writes the result to the file
named in the request (errors as one line to ``FILE.err``).

Query processes are forked from the host and live on: each confines itself
once (:func:`graph.sandbox.confine`: no network, for good), keeps a read-only
view of the store it was last asked about (the idle ones are told to open a
store the host has not seen before) and runs one query at a time. Before
each query it checks that the view is still current — the store's folder and
its ``state.json``, which every publish replaces — and reopens it when not (or
when the request names another store), so a query sees every generation
published before it started. Each query gets its own soft limits
(:func:`graph.sandbox.query_limits`): the memory it may allocate beyond what the
process holds, and the largest file it may write.

The host keeps :data:`POOL_SIZE` of them; when all are busy it forks more, and
an extra one that falls idle is let go. A process that ran out of memory or
result size dies of it (SIGABRT or SIGKILL, SIGXFSZ: the client is told the
signal and reports 503 or 413); a client that hangs up (its time limit) ends
the query: the host kills the process. A dead or retired process is replaced
at once, opening the last store in advance, so the next query finds a warm
one. A client may ask for its query to be demoted to the lowest CPU priority
(a line ``slow``); the host renices the process, whose priority an
unprivileged process cannot raise again, so it retires after that query, as
does one that caught a memory error or grew by more than
:data:`RETIRE_GROWTH`. The host ends, and its query processes with it, when
its standard input closes (its parent is gone).

Why a host of our own: a query process must not inherit the threads, locks and
open store of a threaded web worker (so ``fork`` from the worker is out), and
starting a new interpreter per query costs a tenth of a second of imports.
The host imports only what a query needs, once.
"""

from __future__ import annotations

import json
import os
import resource
import selectors
import signal
import socket
import sys
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from vankien.graph.formats import RDF, RESULTS
from vankien.graph.read_only import open_read_only
from vankien.graph.sandbox import confine, data_size, query_limits

RESULT_FORMATS = {name: f.oxigraph for name, f in RESULTS.items()}  # SELECT, ASK
GRAPH_FORMATS = {name: f.oxigraph for name, f in RDF.items()}  # CONSTRUCT, DESCRIBE
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
REQUEST_LIMIT = 1 << 20
POOL_SIZE = 3  # warm query processes per host: the default 6 query slots (SPARQL_MAX_QUERIES) over 2 web workers
RETIRE_GROWTH = 128 * 2**20  # a process that holds this much more than after opening its store is replaced
STATE_FILE = "state.json"  # graph.store.STATE_FILE (the store module's imports are too heavy for the host)
LOWEST_PRIORITY = 19


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


def write_capped(solutions: ox.QuerySolutions, fmt: str, out: BinaryIO, row_cap: int) -> bool:
    """At most ``row_cap`` rows, written in ``fmt`` to ``out``; whether rows were left out."""
    names = [variable.value for variable in solutions.variables]
    bindings, truncated = [], False
    for solution in solutions:
        if len(bindings) == row_cap:
            truncated = True
            break
        row = zip(names, solution, strict=True)
        bindings.append({name: _json_term(term) for name, term in row if term is not None})
    results = {"head": {"vars": names}, "results": {"bindings": bindings}}
    body = json.dumps(results, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "json":
        out.write(body)
    else:
        ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(out, RESULT_FORMATS[fmt])
    return truncated


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


def _evaluate(store: ox.Store, request: dict) -> None:
    """Evaluate the request's query over ``store`` and write the result to the request's file."""
    out_path = request["out"]
    result = store.query(request["query"], prefixes=request.get("prefixes") or None,
                         base_iri=request.get("base_iri"), **_dataset(request))
    fmt, row_cap = request["format"], request.get("row_cap")
    if isinstance(result, ox.QuerySolutions) and row_cap is not None:
        with open(out_path, "wb") as out:
            truncated = write_capped(result, fmt, out, row_cap)
        if truncated:  # said in a file beside the result (the results stay standard: the endpoint says it in a header)
            Path(out_path + ".truncated").touch()
        return
    # Written through a file object: given a path, pyoxigraph syncs the file to disk (milliseconds a query).
    with open(out_path, "wb") as out:
        result.serialize(out, (GRAPH_FORMATS if isinstance(result, ox.QueryTriples) else RESULT_FORMATS)[fmt])


def store_version(path: str) -> tuple:
    """What tells one state of the store at ``path`` from another: its folder (a store made anew is another
    folder) and ``DATA/state.json``, which every publish replaces by a new file."""
    folder = os.stat(path)
    try:
        state = os.stat(os.path.join(os.path.dirname(path), STATE_FILE))
        published = (state.st_ino, state.st_mtime_ns, state.st_size)
    except FileNotFoundError:
        published = None
    return path, folder.st_dev, folder.st_ino, published


class QueryProcess:
    """A query process's state: its store view (reopened when the store changed) and what makes it retire."""

    def __init__(self, unconfined: str | None = None) -> None:
        self.unconfined = unconfined  # why the network could not be taken away: then no query runs
        self.store: ox.Store | None = None
        self.version: tuple | None = None
        self.settled: int | None = None  # data size once the store was opened
        self.priority = os.getpriority(os.PRIO_PROCESS, 0)

    def store_for(self, path: str) -> ox.Store:
        """The store at ``path`` as last published: the view kept, or a new one."""
        version = store_version(path)  # read first: a publish while the view opens makes the next query reopen
        if version != self.version:
            self.store = self.version = None  # the old view is closed first
            self.store = open_read_only(path)
            self.version = version
            self.settled = data_size()
        return self.store

    def run(self, request: dict) -> bool:
        """Evaluate one request (result or ``.err``: STATUS TAB reason); whether this process should retire.
        A panic of the store's code (not an ``Exception``) is left to the caller."""
        out_path = request["out"]
        try:
            if self.unconfined is not None:
                raise OSError(self.unconfined)
            store = self.store_for(request["store"])
            with query_limits(request.get("memory"), request.get("result")):
                _evaluate(store, request)
        except SyntaxError as error:
            Path(out_path + ".err").write_text(f"400\tSPARQL syntax error: {error}", "utf-8")
        except MemoryError:
            Path(out_path + ".err").write_text(f"503\t{memory_message(request.get('memory'))}", "utf-8")
            return True
        except Exception as error:  # noqa: BLE001 - reported to the client as one line
            Path(out_path + ".err").write_text(f"500\tquery failed: {error}", "utf-8")
        return self.spent()

    def spent(self) -> bool:
        """Whether this process should make way for a fresh one: demoted (a priority cannot be raised
        again without privileges) or grown well beyond what it held after opening its store."""
        if os.getpriority(os.PRIO_PROCESS, 0) != self.priority:
            try:
                os.setpriority(os.PRIO_PROCESS, 0, self.priority)
            except OSError:
                return True
        held = data_size()
        return held is not None and self.settled is not None and held > self.settled + RETIRE_GROWTH


def serve_queries(channel: socket.socket, store_hint: str | None) -> int:
    """A query process's life: confine itself, open the store it will likely be asked about, then answer the
    host's requests one at a time (``{"exit": CODE, "retire": BOOL}`` each) until the host lets it go or it
    retires. Its exit code."""
    unconfined = None
    try:  # on Linux seccomp is part of the install (libseccomp + pyseccomp): without it, no query runs
        confine(require_network_guard=sys.platform.startswith("linux"))
    except Exception as error:  # noqa: BLE001 - each request is answered with the reason
        unconfined = f"the query process cannot be confined: {error}"
    process = QueryProcess(unconfined)
    if store_hint and unconfined is None:
        try:
            process.store_for(store_hint)
        except Exception:  # noqa: BLE001 - the first query opens it again and reports why it cannot
            pass
    requests = channel.makefile("rb")
    while line := requests.readline():
        request = json.loads(line)
        if "open" in request:  # the host names a store to open before a query needs it; no answer
            try:
                process.store_for(request["open"])
            except Exception:  # noqa: BLE001 - a query on it will report why it cannot be opened
                pass
            continue
        try:
            code, retire = 0, process.run(request)
        except BaseException:  # noqa: BLE001 - a panic of the store's code: this process is done
            code, retire = 1, True
        channel.sendall(json.dumps({"exit": code, "retire": retire}).encode("utf-8") + b"\n")
        if retire:
            return code
    return 0


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


class Worker:
    """The host's record of one query process."""

    def __init__(self, pid: int, channel: socket.socket) -> None:
        self.pid = pid
        self.channel: socket.socket | None = channel  # None once closed
        self.client: socket.socket | None = None  # the connection of the query it is running
        self.replies = b""
        self.served = 0
        self.leaving = False  # let go, or retiring: gets no more queries
        self.demoted = False


class Host:
    """The host's loop: accept requests, hand each to a query process, report its end, keep the pool full."""

    def __init__(self, socket_path: str, pool_size: int = POOL_SIZE) -> None:
        self.pool_size = pool_size
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(socket_path)
        self.listener.listen(128)
        self.workers: dict[int, Worker] = {}
        self.last_store: str | None = None
        self.accepting: socket.socket | None = None
        self.wake_read, self.wake_write = os.pipe()
        os.set_blocking(self.wake_read, False)
        os.set_blocking(self.wake_write, False)
        signal.set_wakeup_fd(self.wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes the selector through the pipe
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.listener, selectors.EVENT_READ, ("accept", None))
        self.selector.register(sys.stdin.fileno(), selectors.EVENT_READ, ("parent", None))
        self.selector.register(self.wake_read, selectors.EVENT_READ, ("child ended", None))

    def run(self) -> None:
        for _ in range(self.pool_size):
            self._spawn()
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        while True:
            for key, _ in self.selector.select():
                what, worker = key.data
                # An event of this batch may concern a channel or connection an earlier one closed or reused.
                if what == "accept":
                    self._accept()
                elif what == "parent":
                    if not os.read(sys.stdin.fileno(), 4096):
                        self._stop()
                        return
                elif what == "child ended":
                    self._drain_wakeups()
                    self._reap()
                elif what == "worker":
                    if worker.channel is key.fileobj:
                        self._hear(worker)
                elif worker.client is key.fileobj:  # the client of a running query wrote (asks for demotion)
                    self._client_spoke(worker)      # or hung up

    # -- query processes

    def _spawn(self, store: str | None = None) -> Worker:
        """Fork a query process; it opens ``store`` (else the last one asked about) before its first request."""
        host_end, process_end = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            host_end.close()
            self._become_query_process(process_end, store or self.last_store)
        process_end.close()
        worker = self.workers[pid] = Worker(pid, host_end)
        self.selector.register(host_end, selectors.EVENT_READ, ("worker", worker))
        return worker

    def _become_query_process(self, channel: socket.socket, store: str | None) -> None:
        code = 1
        try:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            # Python ignores SIGXFSZ (a write past RLIMIT_FSIZE would fail with EFBIG, a 500): a result past the
            # cap ends the process with that signal instead, which the client reports as 413.
            signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a process ended by a limit leaves no core file
            self.selector.close()
            self.listener.close()
            for other in self.workers.values():
                for sock in (other.channel, other.client):
                    if sock is not None:
                        sock.close()
            if self.accepting is not None:
                self.accepting.close()
            os.close(self.wake_read)
            os.close(self.wake_write)
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):  # the allocator's own last words would only clutter the server's log
                os.dup2(devnull, fd)
            code = serve_queries(channel, store)
        except BaseException:  # noqa: BLE001 - nothing may escape a forked child
            code = 1
        finally:
            os._exit(code)

    def _idle(self) -> Worker | None:
        """The idle query process that served last (its caches are the warmest)."""
        idle = [w for w in self.workers.values() if w.client is None and not w.leaving]
        return max(idle, key=lambda w: w.served, default=None)

    def _let_go(self, worker: Worker) -> None:
        """No more queries for ``worker``: closing its channel ends it (reaped when it has ended)."""
        worker.leaving = True
        self._forget_channel(worker)

    def _forget_channel(self, worker: Worker) -> None:
        if worker.channel is None:
            return
        try:
            self.selector.unregister(worker.channel)
        except (KeyError, ValueError):
            pass
        worker.channel.close()
        worker.channel = None

    def _kill(self, worker: Worker) -> None:
        worker.leaving = True
        try:
            os.kill(worker.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def _staying(self) -> int:
        """Query processes that take queries (neither let go nor retiring)."""
        return sum(not w.leaving for w in self.workers.values())

    def _refill(self) -> None:
        """Fork replacements until the pool is full again."""
        while self._staying() < self.pool_size:
            self._spawn()

    # -- requests

    def _accept(self) -> None:
        conn, _ = self.listener.accept()
        request = _read_request(conn)
        if request is None:
            conn.close()
            return
        line = json.dumps(request, ensure_ascii=False).encode("utf-8") + b"\n"
        self.accepting = conn  # a process forked now must not keep it open
        try:
            store = request.get("store")
            worker = self._hand(self._idle() or self._spawn(store), line) or self._hand(self._spawn(store), line)
        finally:
            self.accepting = None
        if worker is None:
            conn.close()
            return
        worker.client = conn
        _send(conn, {"pid": worker.pid})
        self.selector.register(conn, selectors.EVENT_READ, ("client", worker))
        if request.get("store") != self.last_store:  # a store not asked about before: the idle ones open it too
            self.last_store = request.get("store")
            opening = json.dumps({"open": self.last_store}, ensure_ascii=False).encode("utf-8") + b"\n"
            for other in self.workers.values():
                if other.client is None and not other.leaving:
                    self._hand(other, opening)

    def _hand(self, worker: Worker, line: bytes) -> Worker | None:
        """Send a request to ``worker``; None when it is gone (it is let go)."""
        try:
            worker.channel.sendall(line)
            return worker
        except OSError:
            self._kill(worker)
            return None

    def _hear(self, worker: Worker, flags: int = 0) -> None:
        """Take in what a query process wrote (the end of its query) or the end of its channel (it is ending)."""
        try:
            chunk = worker.channel.recv(4096, flags)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._let_go(worker)
            return
        worker.replies += chunk
        while b"\n" in worker.replies:
            line, _, worker.replies = worker.replies.partition(b"\n")
            self._query_ended(worker, json.loads(line))

    def _query_ended(self, worker: Worker, reply: dict) -> None:
        worker.served += 1
        self._answer(worker, int(reply["exit"]))
        if reply.get("retire") or worker.demoted:
            self._let_go(worker)
            self._refill()
        elif self._staying() > self.pool_size:
            self._let_go(worker)  # an extra forked while all were busy

    def _answer(self, worker: Worker, code: int) -> None:
        """Tell the client of ``worker``'s query how it ended, and close its connection."""
        if worker.client is None:
            return
        try:
            self.selector.unregister(worker.client)
        except (KeyError, ValueError):
            pass  # it hung up
        _send(worker.client, {"exit": code})
        worker.client.close()
        worker.client = None

    def _client_spoke(self, worker: Worker) -> None:
        try:
            said = worker.client.recv(4096, socket.MSG_DONTWAIT)
        except BlockingIOError:
            return
        except OSError:
            said = b""
        if said.startswith(b"slow"):
            try:  # long queries yield the CPU to everything else
                os.setpriority(os.PRIO_PROCESS, worker.pid, LOWEST_PRIORITY)
                worker.demoted = True
            except OSError:
                pass
            return
        # Hung up (or wrote what no client writes): the query is no longer wanted.
        self.selector.unregister(worker.client)
        self._kill(worker)

    def _drain_wakeups(self) -> None:
        while True:
            try:
                if not os.read(self.wake_read, 4096):
                    return
            except BlockingIOError:
                return

    def _reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            worker = self.workers.pop(pid, None)
            if worker is None:
                continue
            busy = worker.client is not None
            if busy and worker.channel is not None:
                self._hear(worker, socket.MSG_DONTWAIT)  # it may have told how its query ended before ending
            if worker.client is not None:
                self._answer(worker, os.waitstatus_to_exitcode(status))
            if worker.channel is not None:
                self._forget_channel(worker)
            if busy or worker.served:  # died of a query or retired: the next query should find a warm one
                self._refill()

    def _stop(self) -> None:
        for pid in list(self.workers):
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


if __name__ == "__main__":
    Host(sys.argv[1]).run()
