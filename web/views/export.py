"""The whole dataset as a download: ``/export.{ttl,nt,nq,trig,jsonld,rdf,n3}`` (``?graph=IRI`` for one source),
and ``/export`` in the format the request's Accept prefers.

The store writes into a pipe from a thread while the response reads the
other end, so the formats stream with bounded memory. N-Quads and TriG keep
one named graph per source; the others give the merge, each fact once. JSON-LD
is the same compacted merge as ``vankien export --format jsonld`` (built in
memory through rdflib); N3 is the Turtle, which N3 includes. A client that
goes away closes the pipe, which stops the writer. Each download carries an
ETag and Last-Modified from the store's generation; a current copy gets a 304.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator

from flask import Blueprint, Response, abort, jsonify, request

from vankien.graph import formats
from vankien.graph.store import GraphStore, StoreError
from vankien.web import backends, http_cache
from vankien.web.views.sparql import ABSOLUTE_IRI

export = Blueprint("export", __name__)
log = logging.getLogger(__name__)
CHUNK_BYTES = 64 * 1024

# File extension → format: every RDF format of :mod:`graph.formats`, and N3 written as Turtle.
EXPORTS = {f.extension: f for f in formats.RDF.values()}
EXPORTS["n3"] = formats.Format("turtle", "text/n3", "n3", formats.RDF["turtle"].oxigraph)


def _write(store: GraphStore, fmt: str, graph: str | None, fd: int) -> None:
    """Run in the writer thread: dump into the pipe, then close it."""
    try:
        with os.fdopen(fd, "wb", buffering=CHUNK_BYTES) as out:
            store.dump(out, fmt, graph)
    except (BrokenPipeError, ValueError):  # the reader is gone
        pass
    except Exception:  # noqa: BLE001 - the status line is sent already: log and cut the body short
        log.exception("export %s failed midway", fmt)


def stream_dump(store: GraphStore, fmt: str, graph: str | None = None) -> Iterator[bytes]:
    """The serialized dataset in chunks, produced as they are read."""
    read_fd, write_fd = os.pipe()
    writer = threading.Thread(target=_write, args=(store, fmt, graph, write_fd), name=f"export-{fmt}", daemon=True)
    writer.start()
    try:
        with os.fdopen(read_fd, "rb", buffering=0) as source:
            while chunk := source.read(CHUNK_BYTES):
                yield chunk
    finally:
        writer.join()


def _graph() -> str | None:
    """The ``graph`` parameter: an absolute IRI, or None when absent or empty; else 400."""
    graph = request.args.get("graph", "")
    if not graph:
        return None
    if not ABSOLUTE_IRI.fullmatch(graph):
        abort(400, description=f"graph: {graph!r} is not an absolute IRI")
    return graph


def _download(ext: str, vary: tuple[str, ...] = ()) -> Response:
    graph = _graph()
    found = http_cache.validators("export", ext, graph)
    if http_cache.unchanged(found):
        return http_cache.not_modified(found, vary)
    try:
        store = backends.store()
        if graph is not None:
            store.quads(graph)  # fails now, as a 404, rather than in the middle of the body
    except (StoreError, ValueError) as error:  # ValueError: an IRI the store's parser refuses names no graph
        message = str(error) if isinstance(error, StoreError) else f"{graph}: no such graph in the store"
        response = jsonify(error=message)
        response.status_code = 404
    else:
        response = Response(stream_dump(store, EXPORTS[ext].name, graph), mimetype=EXPORTS[ext].media_type)
        response.headers["Content-Disposition"] = f'attachment; filename="vankien.{ext}"'
        http_cache.stamp(response, found)
    for header in vary:
        response.vary.add(header)
    return response


@export.get("/export.<ext>")
def download(ext: str):
    if ext not in EXPORTS:
        abort(404)
    return _download(ext)


@export.get("/export")
def negotiated():
    """The dataset in the format Accept prefers (Turtle when anything goes); 406 when none is offered."""
    by_type = {f.media_type: ext for ext, f in EXPORTS.items()}
    accept = request.accept_mimetypes
    best = accept.best_match(list(by_type)) if accept else "text/turtle"
    if best is None:
        abort(406, description="none of the accepted media types is an export format: " + ", ".join(by_type))
    return _download(by_type[best], vary=("Accept",))
