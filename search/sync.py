"""Keeping the search index in step with the store, whatever stopped the last run.

The store journals every source graph it is about to write or drop, with the
entities the old graph described (:mod:`graph.store`). Taking the journal in
means reading those entities, and the ones each journaled graph describes now,
again from the store, and updating or deleting them in the index; it is
idempotent, so a journal replayed twice (a run killed before it was emptied)
gives the same index. Then ``store.publish(indexed=True)`` records, in one
atomic write of ``state.json``, the store's generation and that the index
reflects it, and empties the journal.

An index that is missing, of another schema, of unknown generation (written
before the journal existed) or whose generation differs from the store's with
nothing journaled is rebuilt whole, and so is one whose journal names more
sources than are worth taking in one by one (a store filled without an index).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vankien.graph.store import GraphStore, atomic_write, read_journal, read_state
from vankien.search.index import StaleIndex, index_exists, index_path, open_index, rebuild, update_entities

DEFERRED_FILE = "index-deferred.json"  # entities an ingest put off to its end (see take_in)
REBUILD_JOURNAL = 5000  # journaled sources beyond which a rebuild is cheaper than taking them in
PARALLEL_REBUILD = 1000  # sources beyond which a rebuild uses two writer processes


@dataclass(frozen=True)
class Outcome:
    """What :func:`catch_up` did: ``current``, ``updated`` or ``rebuilt`` (and why), and how many entities."""

    action: str
    entities: int = 0
    reason: str = ""

    def __str__(self) -> str:
        if self.action == "rebuilt":
            return f"search index rebuilt ({self.reason}): {self.entities} entities"
        if self.action == "updated":
            return f"search index brought up to date: {self.entities} entities updated"
        return "search index up to date"


def take_in(store: GraphStore, data_dir: str | Path, indexed: set[str] | None = None,
            deferred: set[str] | None = None) -> int:
    """Update the index for every journaled change, and for the entities a stopped ingest put off; return the
    entities updated. Does not publish.

    ``indexed``: the keys the index holds, when the caller keeps them (see :func:`search.index.indexed_keys`).
    ``deferred`` (an ingest's, with ``indexed``): entities already indexed that the new graphs describe again
    are put off into it rather than indexed again at every checkpoint (an organisation that every article
    names would be), and written to ``DATA/index-deferred.json`` so a stopped run leaves them to the next
    catch-up; the ingest takes them in at its end (:func:`take_in_deferred`).
    """
    entries = store.journal()
    keys: set[str] = set() if deferred is not None else read_deferred(data_dir)
    if entries:
        graphs = {entry["graph"] for entry in entries}
        described = store.subjects(graphs)
        keys |= graphs | described
        for entry in entries:
            keys.update(key for key in entry.get("entities", ()) if isinstance(key, str))
        if deferred is not None and indexed is not None:
            later = (described & indexed) - graphs
            deferred |= later
            keys -= later
    count = update_entities(open_index(data_dir), store, keys, indexed) if keys else 0
    if deferred is None:
        Path(data_dir, DEFERRED_FILE).unlink(missing_ok=True)
    elif deferred:
        atomic_write(Path(data_dir, DEFERRED_FILE), json.dumps(sorted(deferred), ensure_ascii=False))
    return count


def take_in_deferred(store: GraphStore, data_dir: str | Path, indexed: set[str], deferred: set[str]) -> int:
    """Index the entities an ingest put off (see :func:`take_in`); return how many."""
    count = update_entities(open_index(data_dir), store, set(deferred), indexed) if deferred else 0
    deferred.clear()
    Path(data_dir, DEFERRED_FILE).unlink(missing_ok=True)
    return count


def read_deferred(data_dir: str | Path) -> set[str]:
    """The entities a stopped ingest put off (none when there is no list, or an unreadable one)."""
    try:
        keys = json.loads(Path(data_dir, DEFERRED_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return set()
    return {key for key in keys if isinstance(key, str)} if isinstance(keys, list) else set()


def rebuild_reason(data_dir: str | Path) -> str | None:
    """Why the index of ``data_dir`` must be rebuilt rather than updated; None when the journal suffices."""
    if not index_exists(data_dir):
        return "there was none"
    try:
        open_index(data_dir)
    except StaleIndex:
        return "built by another version"
    state = read_state(data_dir)
    indexed = state.get("indexed")
    if not isinstance(indexed, int):
        return "its generation was not recorded"
    journaled = len(read_journal(data_dir))
    if indexed != state.get("generation", 0) and not journaled:
        return "behind the store with nothing journaled"
    if journaled > REBUILD_JOURNAL:
        return f"{journaled} changes journaled"
    return None


def needs_catch_up(data_dir: str | Path) -> bool:
    """Whether the index of ``data_dir`` is behind its store (read from files; the store is not opened)."""
    return (bool(read_journal(data_dir)) or Path(data_dir, DEFERRED_FILE).exists()
            or rebuild_reason(data_dir) is not None)


def catch_up(store: GraphStore, data_dir: str | Path, *, rebuild_all: bool = False, procs: int | None = None,
             progress: Callable[[int], None] | None = None) -> Outcome:
    """Bring the index of ``data_dir`` up to date with ``store`` (open for writing) and publish.

    ``procs``: writer processes of a rebuild (by default two for a large store, else one).
    """
    reason = "asked for" if rebuild_all else rebuild_reason(data_dir)
    if reason is not None:
        _remove_leftovers(data_dir)
        if procs is None:
            procs = 2 if store.source_count() > PARALLEL_REBUILD else 1
        count = rebuild(store, data_dir, procs=procs, progress=progress)
        Path(data_dir, DEFERRED_FILE).unlink(missing_ok=True)
        store.publish(indexed=True)
        return Outcome("rebuilt", count, reason)
    count = take_in(store, data_dir)
    store.publish(indexed=True)
    return Outcome("updated" if count else "current", count)


def open_for_writing(data_dir: str | Path) -> tuple[GraphStore, Outcome]:
    """The store of ``data_dir`` open for writing, with its index brought up to date first.

    Raises :class:`graph.store.StoreError` (``StoreLocked`` when an ingest holds it).
    """
    store = GraphStore(data_dir)
    return store, catch_up(store, data_dir)


def _remove_leftovers(data_dir: str | Path) -> None:
    """Folders a killed rebuild left behind (only the process holding the store rebuilds)."""
    target = index_path(data_dir)
    for leftover in Path(data_dir).glob(".index-*"):
        if leftover.is_dir() and leftover != target:
            shutil.rmtree(leftover, ignore_errors=True)
