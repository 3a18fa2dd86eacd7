"""What the pages read from: one read-only store, the projection and the searcher per application.

The store is opened read-only on first use and opened again when its
generation changes (an ingest happened), so pages follow the data.
"""

from __future__ import annotations

import threading

from flask import current_app

from vankien.graph.store import GraphStore
from vankien.graph.traverse import Projection, load_projection
from vankien.search.query import Searcher

_LOCK = threading.Lock()
STORE_KEY = "vankien_store"
SEARCHER_KEY = "vankien_searcher"


def store() -> GraphStore:
    """The read-only store of the application's data folder, current with its generation."""
    extensions = current_app.extensions
    with _LOCK:
        held = extensions.get(STORE_KEY)
        if held is not None and held[1].generation == held[0]:
            return held[1]
        opened = GraphStore(current_app.config["DATA_DIR"], read_only=True)
        extensions[STORE_KEY] = (opened.generation, opened)
        return opened


def projection() -> Projection:
    """The entity graph of the store (cached per generation by :mod:`graph.traverse`)."""
    return load_projection(store())


def searcher() -> Searcher:
    """The application's searcher (pages and JSON API alike), opened on first use."""
    extensions = current_app.extensions
    with _LOCK:
        found = extensions.get(SEARCHER_KEY)
        if found is None:
            found = extensions[SEARCHER_KEY] = Searcher(current_app.config["DATA_DIR"])
        return found


def warm_up(app) -> None:
    """Build what a worker's first requests would otherwise wait for (seconds on a large store):
    the projection, the searcher's columns and vocabulary, the query host that forks query processes.
    A failure is logged; requests report it."""
    from vankien.graph.sparql import start_query_processes

    with app.app_context():
        try:
            start_query_processes()
            projection()
            searcher().warm()
        except Exception as error:  # noqa: BLE001 - the request that needs it reports it properly
            app.logger.warning("warm-up skipped: %s", error)
