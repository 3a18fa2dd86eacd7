"""A SPARQL 1.1 server as the store, in place of the embedded Oxigraph database.

:class:`RemoteStore` offers the part of pyoxigraph's ``Store`` that :class:`graph.store.GraphStore` and the
readers of the store use — ``query``, ``update``, ``quads_for_pattern``, ``named_graphs``,
``contains_named_graph``, a quad's membership, ``load`` — each as one request of the SPARQL 1.1 Protocol
(queries) or SPARQL 1.1 Update (writes) to the server, over pooled connections that are tried again when the
server cannot be reached or answers 502/503/504. The same update text as the embedded store's is sent, so a
source's graph and the merge in the default graph are replaced in one update request: a reader sees the source
before or after, as far as the server runs one request as one transaction (Oxigraph's server does).

Where the server is: ``VANKIEN_STORE`` (or ``--store``) is its query endpoint. Its update endpoint and Graph
Store endpoint are guessed from it — ``…/query`` → ``…/update`` and ``…/store`` (Oxigraph's server, and
Fuseki's ``…/data`` is named by hand); any other address takes updates at the same address — or given by
``VANKIEN_STORE_UPDATE`` and ``VANKIEN_STORE_GRAPHS``. Credentials come from ``VANKIEN_STORE_USER`` and
``VANKIEN_STORE_PASSWORD`` (HTTP basic authentication), never from the command line.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox
import urllib3

from vankien.graph.store_errors import StoreError

STORE_ENV = "VANKIEN_STORE"
UPDATE_ENV = "VANKIEN_STORE_UPDATE"
GRAPHS_ENV = "VANKIEN_STORE_GRAPHS"
USER_ENV = "VANKIEN_STORE_USER"
PASSWORD_ENV = "VANKIEN_STORE_PASSWORD"
TIMEOUT_ENV = "VANKIEN_STORE_TIMEOUT"
DEFAULT_TIMEOUT = 300.0  # seconds a request to the server may take (a large update included)
RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
ACCEPT = f"{RESULTS_JSON}, {N_TRIPLES};q=0.9"
RETRIES = urllib3.Retry(total=4, connect=4, read=2, status=3, status_forcelist=(502, 503, 504),
                        allowed_methods=None, backoff_factor=0.25, raise_on_status=False)
GRAPH_ANSWERS = {N_TRIPLES: ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
                 "text/turtle": ox.RdfFormat.TURTLE, "application/rdf+xml": ox.RdfFormat.RDF_XML}
# What a new Virtuoso holds in graphs of its own (the mapping of its SQL tables, its platform's terms).
VIRTUOSO_GRAPHS = frozenset({"http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                             "http://localuriqaserver/sparql"})
ASK_COLUMN = "__ASK_RETVAL"
VIRTUOSO_BOOLEAN = re.compile(rb'("datatype"\s*:\s*"http://www\.w3\.org/2001/XMLSchema#boolean"\s*,\s*"value"\s*:\s*")([01])(?=")')
PARTIAL_ANSWER = "S1TAT"  # Virtuoso's X-SQL-State on an answer cut at its MaxQueryExecutionTime
# The keyword of a query's form, after its prologue (the queries sent here carry no comments).
QUERY_FORM = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*(\w+)", re.IGNORECASE)
INSERT_CHUNK = 5_000  # triples per INSERT DATA when a file is loaded


class ServerLimit(StoreError):
    """The server stopped a query at a limit of its own."""


@dataclass(frozen=True)
class Location:
    """Where a SPARQL 1.1 server takes queries, updates and (when known) Graph Store requests."""

    query: str
    update: str
    graphs: str | None = None

    def as_state(self) -> dict:
        return {"query": self.query, "update": self.update, "graphs": self.graphs}


def _sibling(url: str, name: str) -> str:
    parts = urlsplit(url)
    path = parts.path.rsplit("/", 1)[0] + "/" + name
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def location(query: str, update: str | None = None, graphs: str | None = None) -> Location:
    """The server whose query endpoint is ``query``; ``StoreError`` when it is no http(s) address."""
    parts = urlsplit(query)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"{query}: not the http(s) address of a SPARQL query endpoint")
    if parts.path.endswith("/query"):
        update = update or _sibling(query, "update")
        graphs = graphs or _sibling(query, "store")
    return Location(query, update or query, graphs)


def location_from_environment() -> Location | None:
    """The server ``VANKIEN_STORE`` names, or None (the embedded store)."""
    url = os.environ.get(STORE_ENV, "").strip()
    if not url:
        return None
    return location(url, os.environ.get(UPDATE_ENV) or None, os.environ.get(GRAPHS_ENV) or None)


def _prologue(prefixes: dict[str, str] | None, base_iri: str | None, sparql: str) -> str:
    """The BASE and the PREFIX lines of the prefixes ``sparql`` may use (its text names them: a page's
    queries use three or four of our fourteen, and each request encodes and the server parses the rest)."""
    lines = [f"BASE <{base_iri}>"] if base_iri else []
    lines += [f"PREFIX {name}: <{iri}>" for name, iri in (prefixes or {}).items() if f"{name}:" in sparql]
    return "\n".join(lines) + "\n" if lines else ""


def _pattern(term, variable: str) -> str:
    return f"?{variable}" if term is None else str(term)


class RemoteStore:
    """The store on a SPARQL 1.1 server, read (and, unless ``read_only``, written) over HTTP."""

    def __init__(self, where: Location, *, read_only: bool = False) -> None:
        self.location = where
        self.read_only = read_only
        headers = {}
        user = os.environ.get(USER_ENV)
        if user:
            pair = f"{user}:{os.environ.get(PASSWORD_ENV, '')}".encode()  # UTF-8, as RFC 7617 allows
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        timeout = float(os.environ.get(TIMEOUT_ENV) or DEFAULT_TIMEOUT)
        self._headers = headers  # sent with every request (a request's own headers replace the pool's)
        self._http = urllib3.PoolManager(num_pools=4, maxsize=16, retries=RETRIES,  # a page reads 8 at once
                                         timeout=urllib3.Timeout(connect=10.0, read=timeout))
        self.server = ""  # the server's Server header, once it answered
        self.check()
        # Virtuoso reads the union of every graph when a query names no dataset, and has graphs of its own,
        # which the readings here leave out (its "exclude" pragmas would, but then GRAPH <g> matches any graph)
        self.union_default = "virtuoso" in self.server.lower()
        self.system_graphs = VIRTUOSO_GRAPHS if self.union_default else frozenset()

    def __repr__(self) -> str:
        return f"RemoteStore({self.location.query!r})"

    # -- the protocol -------------------------------------------------------------------------------
    def _send(self, url: str, body: bytes, content_type: str, accept: str | None = None,
              *, stream: bool = False, **options) -> urllib3.BaseHTTPResponse:
        headers = {**self._headers, "Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        try:
            response = self._http.request("POST", url, body=body, headers=headers, preload_content=not stream,
                                          **options)
        except urllib3.exceptions.TimeoutError:
            raise TimeoutError(f"{url}: the store's server gave no answer in time") from None
        except urllib3.exceptions.MaxRetryError as error:
            if isinstance(error.reason, urllib3.exceptions.ReadTimeoutError):
                raise StoreError(f"{url}: the store's server gave no answer in time") from None
            raise StoreError(f"{url}: the store's server cannot be reached ({_reason(error)})") from None
        except urllib3.exceptions.HTTPError as error:
            raise StoreError(f"{url}: the store's server cannot be reached ({_reason(error)})") from None
        self.server = self.server or response.headers.get("Server", "")
        if response.headers.get("X-SQL-State") == PARTIAL_ANSWER:
            response.release_conn()
            raise ServerLimit(f"{url}: the store's server stopped the query at its own time limit and sent only "
                              "part of the answer")
        if response.status >= 400:
            text = (response.data if not stream else response.read(4096)).decode("utf-8", "replace")
            response.release_conn()
            first = next((line.strip() for line in text.splitlines() if line.strip()), "no reason given")
            raise StoreError(f"{url}: the store's server answered {response.status}: {first[:300]}")
        return response

    def check(self) -> None:
        """Ask the server a trivial question: ``StoreError`` when it is not there or refuses."""
        self.query("ASK { }")

    def fetch(self, sparql: str, *, accept: str = ACCEPT, timeout: float | None = None,
              max_bytes: int | None = None, use_default_graph_as_union: bool = False, prefixes=None,
              base_iri=None, default_graph=None, named_graphs=None) -> tuple[str, bytes]:
        """(media type, body) of the server's answer to a query, as it sent it. ``default_graph`` /
        ``named_graphs`` (graph IRIs or nodes) name the dataset; ``timeout``: seconds the answer may take
        (``TimeoutError`` beyond); ``max_bytes``: a longer answer raises ``OverflowError``."""
        fields = [("query", _prologue(prefixes, base_iri, sparql) + sparql)]
        fields += [("default-graph-uri", _iri(g)) for g in _listed(default_graph)]
        fields += [("named-graph-uri", _iri(g)) for g in named_graphs or ()]
        if use_default_graph_as_union:  # Oxigraph's server; a server without it reads its default graph
            fields.append(("union-default-graph", ""))
        body = urlencode(fields).encode("utf-8")
        form = "application/x-www-form-urlencoded"
        if timeout is None and max_bytes is None:
            response = self._send(self.location.query, body, form, accept)
            data = response.data
        else:
            try:
                response = self._send(self.location.query, body, form, accept, stream=True,
                                      timeout=urllib3.Timeout(connect=10.0, read=timeout, total=timeout),
                                      retries=False)
                data = _read_at_most(response, max_bytes)
            except (urllib3.exceptions.TimeoutError, urllib3.exceptions.ProtocolError) as error:
                if isinstance(error, urllib3.exceptions.TimeoutError) or "timed out" in str(error):
                    raise TimeoutError(f"{self.location.query}: no answer within {timeout:g} s") from None
                raise StoreError(f"{self.location.query}: the answer broke off ({_reason(error)})") from None
        return response.headers.get("Content-Type", "").split(";")[0].strip().lower(), data

    def query(self, sparql: str, **options):
        """A query's result as pyoxigraph gives it: solutions, a boolean, or (CONSTRUCT, DESCRIBE) a list of
        triples; ``options`` as :meth:`fetch` takes them."""
        if "accept" not in options:  # asked for by form: Virtuoso answers a CONSTRUCT in the first type it can
            form = QUERY_FORM.match(sparql)
            graph = form is not None and form.group(1).upper() in ("CONSTRUCT", "DESCRIBE")
            options["accept"] = N_TRIPLES if graph else RESULTS_JSON
        kind, data = self.fetch(sparql, **options)
        return parse_answer(kind, data, self.location.query)


    def update(self, sparql: str, *, prefixes=None, base_iri=None) -> None:
        """Run a SPARQL 1.1 update on the server (one request)."""
        if self.read_only:
            raise StoreError(f"{self.location.update}: the store is open read-only")
        text = _prologue(prefixes, base_iri, sparql) + sparql
        self._send(self.location.update, text.encode("utf-8"), "application/sparql-update")

    # -- what pyoxigraph's Store offers, as queries ---------------------------------------------------
    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None) -> Iterator[ox.Quad]:
        """The quads matching a pattern; ``graph_name`` None: in any graph, the default graph included."""
        pattern = f"{_pattern(subject, 's')} {_pattern(predicate, 'p')} {_pattern(object, 'o')}"
        if isinstance(graph_name, ox.DefaultGraph):
            where = pattern
        elif graph_name is not None:
            where = f"GRAPH {graph_name} {{ {pattern} }}"
        elif self.union_default:  # its default graph is every graph already
            where = f"GRAPH ?g {{ {pattern} }} {self._no_system_graph('g')}"
        else:
            where = f"{{ {pattern} }} UNION {{ GRAPH ?g {{ {pattern} }} }}"
        names = [v for v, term in (("s", subject), ("p", predicate), ("o", object)) if term is None]
        if graph_name is None:
            names.append("g")
        select = " ".join(f"?{n}" for n in names) or "*"
        if not names:  # every position bound: whether the quad is there
            found = self.query(f"ASK {{ {where} }}")
            return iter([ox.Quad(subject, predicate, object, graph_name)] if bool(found) else [])
        return self._quads(self.query(f"SELECT {select} WHERE {{ {where} }}"), subject, predicate, object,
                           graph_name)

    @staticmethod
    def _quads(rows, subject, predicate, object, graph_name) -> Iterator[ox.Quad]:
        for row in rows:
            graph = graph_name if graph_name is not None else (row["g"] if row["g"] is not None else
                                                                ox.DefaultGraph())
            yield ox.Quad(subject if subject is not None else row["s"],
                          predicate if predicate is not None else row["p"],
                          object if object is not None else row["o"], graph)

    def __iter__(self) -> Iterator[ox.Quad]:
        return self.quads_for_pattern()

    def __contains__(self, quad: ox.Quad) -> bool:
        return next(self.quads_for_pattern(quad.subject, quad.predicate, quad.object, quad.graph_name),
                    None) is not None

    def _no_system_graph(self, variable: str) -> str:
        """A filter leaving out the server's own graphs (none but on Virtuoso)."""
        if not self.system_graphs:
            return ""
        return f"FILTER(?{variable} NOT IN ({', '.join(f'<{g}>' for g in sorted(self.system_graphs))}))"

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        """The named graphs holding triples (the server's own left out)."""
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._no_system_graph('g')} }}")
        return (row["g"] for row in rows if isinstance(row["g"], ox.NamedNode))

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))

    def load(self, input=None, format=None, *, path=None, base_iri=None, to_graph=None) -> None:
        """Add the triples of an RDF file to ``to_graph`` (default: the default graph), a few thousand per
        update."""
        target = to_graph if to_graph is not None and not isinstance(to_graph, ox.DefaultGraph) else None
        quads = ox.parse(input, format, path=path, base_iri=base_iri)
        for chunk in chunks((q.triple for q in quads), INSERT_CHUNK):
            lines = "\n".join(f"{t} ." for t in chunk)
            self.update(f"INSERT DATA {{ GRAPH {target} {{\n{lines}\n}} }}" if target else
                        f"INSERT DATA {{\n{lines}\n}}")

    def load_quads(self, nquads: bytes) -> None:
        """Add N-Quads to the store: one request to the Graph Store endpoint when known (a dataset posted to
        it, as Oxigraph's server takes it), else INSERT DATA updates a few thousand quads at a time."""
        if self.read_only:
            raise StoreError(f"{self.location.update}: the store is open read-only")
        if self.location.graphs:
            self._send(self.location.graphs, nquads, "application/n-quads")
            return
        for chunk in chunks(ox.parse(nquads, ox.RdfFormat.N_QUADS), INSERT_CHUNK):
            by_graph: dict[str, list[str]] = {}
            for quad in chunk:
                graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
                by_graph.setdefault(graph, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
            blocks = [f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" if g else "\n".join(lines)
                      for g, lines in by_graph.items()]
            self.update("INSERT DATA {\n" + "\n".join(blocks) + "\n}")

    def flush(self) -> None:
        """Nothing to do: the server keeps what it acknowledged."""

    def close(self) -> None:
        self._http.clear()


def parse_answer(kind: str, data: bytes, url: str):
    """A server's answer (media type, body) as pyoxigraph gives a query's result (a boolean Virtuoso wrote
    1 or 0 in JSON results written true or false, as stored)."""
    if kind == RESULTS_JSON:
        data = VIRTUOSO_BOOLEAN.sub(lambda m: m.group(1) + (b"true" if m.group(2) == b"1" else b"false"), data)
        return _boolean_as_such(ox.parse_query_results(data, ox.QueryResultsFormat.JSON))
    if kind in ("application/sparql-results+xml", "application/xml"):
        return _boolean_as_such(ox.parse_query_results(data, ox.QueryResultsFormat.XML))
    if kind in GRAPH_ANSWERS:
        return [quad.triple for quad in ox.parse(data, GRAPH_ANSWERS[kind])]
    raise StoreError(f"{url}: the store's server answered in {kind or 'no type'}, "
                     "not SPARQL results or N-Triples")


def _boolean_as_such(result):
    """An ASK's answer as a boolean: Virtuoso answers one as a table of one column, ``__ASK_RETVAL``, with one
    row (1) for true and none for false."""
    if not isinstance(result, ox.QuerySolutions) or [v.value for v in result.variables] != [ASK_COLUMN]:
        return result
    row = next(iter(result), None)
    true = row is not None and row[0] is not None and row[0].value not in ("0", "false")
    return ox.parse_query_results('{"head":{},"boolean":%s}' % ("true" if true else "false"),
                                  ox.QueryResultsFormat.JSON)


def _read_at_most(response, max_bytes: int | None) -> bytes:
    """The body of a streamed answer; ``OverflowError`` once it is longer than ``max_bytes``."""
    parts, size = [], 0
    try:
        for chunk in response.stream(1 << 16):
            size += len(chunk)
            if max_bytes is not None and size > max_bytes:
                raise OverflowError(f"the answer is longer than {max_bytes} bytes")
            parts.append(chunk)
    finally:
        response.release_conn()
    return b"".join(parts)


def _iri(graph) -> str:
    return graph.value if isinstance(graph, ox.NamedNode) else str(graph)


def _listed(graphs) -> list:
    if graphs is None:
        return []
    return [graphs] if isinstance(graphs, (str, ox.NamedNode)) else list(graphs)


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _reason(error: Exception) -> str:
    reason = getattr(error, "reason", None) or error
    return str(reason).split(": ", 1)[-1][:200]
