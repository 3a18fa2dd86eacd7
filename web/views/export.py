"""The whole dataset as a download: ``/export.{ttl,nt,nq,trig,jsonld,rdf}`` (``?graph=IRI`` for one source).

The store writes into a pipe from a thread while the response reads the
other end, so every format streams with bounded memory. JSON-LD is the
store's streamed expanded form, one ``@graph`` per source as in N-Quads
(``vankien export`` compacts it with our context in memory instead). A client
that goes away closes the pipe, which stops the writer.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator

import pyoxigraph as ox
from flask import Blueprint, Response, abort, jsonify, request

from vankien.graph import formats
from vankien.graph.store import GraphStore, StoreError
from vankien.web import backends

export = Blueprint("export", __name__)
log = logging.getLogger(__name__)
CHUNK_BYTES = 64 * 1024

# File extension → format: every RDF format of :mod:`graph.formats`.
EXPORTS = {f.extension: f for f in formats.RDF.values()}


def _write(store: GraphStore, fmt: str, graph: str | None, fd: int) -> None:
    """Run in the writer thread: dump into the pipe, then close it."""
    try:
        with os.fdopen(fd, "wb", buffering=CHUNK_BYTES) as out:
            if fmt == "jsonld":
                ox.serialize(store.quads(graph), out, ox.RdfFormat.JSON_LD)
            else:
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


@export.get("/export.<ext>")
def download(ext: str):
    if ext not in EXPORTS:
        abort(404)
    fmt = EXPORTS[ext].name
    graph = request.args.get("graph") or None
    try:
        store = backends.store()
        if graph is not None:
            store.quads(graph)  # fails now, as a 404, rather than in the middle of the body
    except StoreError as error:
        response = jsonify(error=str(error))
        response.status_code = 404
    else:
        response = Response(stream_dump(store, fmt, graph), mimetype=EXPORTS[ext].media_type)
        response.headers["Content-Disposition"] = f'attachment; filename="vankien.{ext}"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
