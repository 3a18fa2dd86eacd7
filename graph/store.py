"""The persistent store: an embedded Oxigraph database in ``DATA/oxigraph``.

Each source's triples live in a named graph named by the source's IRI, and
the default graph holds their RDF merge: every triple any graph states, once.
Queries read the default graph, so a fact that ten articles state is counted
once (Oxigraph's own "default graph as union" counts it ten times). Writing a
source replaces its graph and updates the merge in one transaction (a SPARQL
update), so a process killed in the middle of an ingest leaves every source
either as it was or as new. A store written before the merge existed is
brought up to it when opened for writing; until then readers query the union.
Oxigraph allows one read-write opener per directory; readers (the web
server's workers) open the store with ``read_only=True``.

Followers of the store (the search index) learn what changed from a journal,
``DATA/journal.jsonl``: before a source's graph is written or dropped, a line
naming the graph and the entities its old graph described is appended, so a
process killed at any point leaves a list that covers every write it made.
:meth:`GraphStore.publish` moves the generation in ``DATA/state.json`` over the
writes since the last publish and, once the follower has taken the journal in,
records the generation it reflects (``indexed``) in the same atomic write and
empties the journal. A read-write open publishes what a stopped run wrote.

Caches of the whole store (the traversal projection) learn what each generation changed from
``DATA/changes.jsonl``: a publish appends the entities its writes touched (described before or after
them), or ``null`` when they are too many to be worth updating a cache for; the last
:data:`CHANGES_KEPT` generations are kept.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from vankien.graph.formats import RDF
from vankien.graph.read_only import open_read_only
from vankien.graph.store_errors import StoreError, StoreLocked
from vankien.graph.vocab import CONTEXT_FILE, PREFIXES, VK, VOCABULARY_FILE

VOCABULARY_GRAPH = "https://vankien.example/vocab"
# Derived from the sources, rewritten whole after each change (graph.status_graph): no source of its own.
STATUS_GRAPH = "https://vankien.example/graph/status"
NOT_SOURCES = frozenset({VOCABULARY_GRAPH, STATUS_GRAPH})
STATE_FILE = "state.json"
JOURNAL_FILE = "journal.jsonl"
CHANGES_FILE = "changes.jsonl"
CHANGES_KEPT = 100  # generations whose changed entities are kept
CHANGES_MAX_ENTITIES = 20_000  # beyond, a generation is logged as "many": a cache is rebuilt rather than updated
LAYOUT = 2  # 2: the default graph is the merge of the named graphs
JUDGED = "judged"  # state: the derived statuses reflect every write (a write sets it false until they are judged)
SERVER = "server"  # state: the SPARQL server holding the store (graph.remote), absent for the embedded one
LOCK_FILE = "store.lock"  # held by the one process writing to a server store (the embedded one locks itself)
KEPT_COUNTS = ("sources", "triples")  # counted by the writes and recorded in the state, not counted by a scan
BLOCK_LINES = 2_000  # triples of a graph written in one block of an update (a server's parser has its limits)
BULK_UPDATE_GRAPHS = 500  # graphs per update when lines held back from a bulk load are added



def to_oxigraph(term: Node):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def atomic_write(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_state(data_dir: str | Path) -> dict:
    """The contents of ``DATA/state.json`` (generation, layout, indexed); empty when there is none."""
    try:
        state = json.loads((Path(data_dir) / STATE_FILE).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def read_journal(data_dir: str | Path) -> list[dict]:
    """The journal's entries (``graph``, ``entities``, ``generation``), oldest first; a torn last line
    is left out (it was being appended when the process stopped, so its write never happened)."""
    try:
        lines = (Path(data_dir) / JOURNAL_FILE).read_text("utf-8").split("\n")
    except FileNotFoundError:
        return []
    entries = []
    for line in lines[:-1]:  # the text after the last newline is empty or torn
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("graph"), str):
            entries.append(entry)
    return entries


_LOGGED_GENERATION = re.compile(r'\{"generation": (\d+),')  # how a change log line begins (_log_changes)


def read_changes(data_dir: str | Path, since: int, until: int) -> set[str] | None:
    """The entities that the generations after ``since`` up to ``until`` changed; None when that is not known
    (a generation not logged, or logged as too many)."""
    changed: set[str] = set()
    logged: set[int] = set()
    try:
        lines = (Path(data_dir) / CHANGES_FILE).read_text("utf-8").split("\n")
    except FileNotFoundError:
        return None
    for line in lines[:-1]:  # the text after the last newline is empty or torn
        head = _LOGGED_GENERATION.match(line)
        if head is not None and not since < int(head.group(1)) <= until:
            continue  # a generation outside the range: its (maybe long) list of entities is not parsed
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        generation = entry.get("generation") if isinstance(entry, dict) else None
        if not isinstance(generation, int) or not since < generation <= until:
            continue
        if not isinstance(entry.get("entities"), list):
            return None
        logged.add(generation)
        changed.update(e for e in entry["entities"] if isinstance(e, str))
    return changed if logged == set(range(since + 1, until + 1)) else None


def is_merged(data_dir: str | Path) -> bool:
    """Whether the store in ``data_dir`` keeps the merge of its graphs in the default graph."""
    return read_state(data_dir).get("layout", 1) >= LAYOUT


def _net(edits: Mapping[str, tuple[Iterable[ox.Triple], Iterable[ox.Triple]]]) \
        -> dict[str, tuple[set[ox.Triple], set[ox.Triple]]]:
    """Graph → (triples to remove, triples to add) without the triples both remove and add; graphs left with
    nothing to do are left out."""
    changes = {}
    for graph_iri, (removed, added) in sorted(edits.items()):
        removed, added = set(removed), set(added)
        if removed - added or added - removed:
            changes[graph_iri] = (removed - added, added - removed)
    return changes


def server_location(data_dir: str | Path):
    """The SPARQL server holding the store of ``data_dir`` (a :class:`graph.remote.Location`): the one
    ``VANKIEN_STORE`` names, else the one the folder's state records, else None (the embedded store)."""
    from vankien.graph.remote import Location, location_from_environment

    named = location_from_environment()
    if named is not None:
        return named
    recorded = read_state(data_dir).get(SERVER)
    if isinstance(recorded, dict) and isinstance(recorded.get("query"), str):
        return Location(recorded["query"], recorded.get("update") or recorded["query"], recorded.get("graphs"))
    return None


def _iris_named(lines: Iterable[str]) -> set[str]:
    """The IRIs in subject and object place of N-Triples lines."""
    named = set()
    for line in lines:
        if line.startswith("<"):
            named.add(line[1:line.index(">")])
        end = line.rstrip(" .")
        if end.endswith(">") and not end.endswith('">'):
            start = end.rfind("<")
            if start > 0 and end[start - 1] == " ":
                named.add(end[start + 1:-1])
    return named


def holds_store(data_dir: str | Path) -> bool:
    """Whether ``data_dir`` has a store: an embedded one, or the server's it was written to or is told of."""
    return (Path(data_dir) / "oxigraph").is_dir() or server_location(data_dir) is not None


def _take_lock(data_dir: Path) -> int:
    """Hold ``DATA/store.lock`` for writing (released when the process ends); ``StoreLocked`` when held."""
    import fcntl

    descriptor = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        raise StoreLocked(f"{data_dir}: the store is open for writing in another process (an ingest?)") from None
    return descriptor


def _drop(graph: ox.NamedNode, merged: bool) -> str:
    """The update dropping ``graph`` (and, in a ``merged`` store, taking what only it states out of the merge)."""
    drop = f"DROP SILENT GRAPH {graph}"  # SILENT: Virtuoso knows no graph it was not told to create
    return f"{_unmerge(graph)} ;\n{drop}" if merged else drop


def _unmerge(graph: ox.NamedNode) -> str:
    """The update removing from the merge the triples only ``graph`` states."""
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {graph}) }} }}")


class GraphStore:
    """vankien's view of the Oxigraph store in ``data_dir``."""

    def __init__(self, data_dir: str | Path, *, read_only: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self.read_only = read_only
        self._changes_logged: int | None = None  # lines in the change log, once counted
        self._touched: set[str] = set()  # see touched_since_judged
        self._loaded: dict[str, set[str]] = {}  # graph bulk-loaded since the last publish → its subjects
        self._lock: int | None = None
        path = self.data_dir / "oxigraph"
        self.server = server_location(self.data_dir)  # None: the embedded store
        try:
            if self.server is not None:
                self.store = self._open_server(path)
            elif read_only:
                if not path.exists():
                    raise StoreError(f"{self.data_dir}: no store here (run 'vankien ingest' first)")
                self.store = open_read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(path))
        except OSError as error:
            if not read_only and "lock" in str(error).lower():
                raise StoreLocked(f"{self.data_dir}: the store is open for writing in another process "
                                  "(an ingest?)") from None
            raise StoreError(f"{self.data_dir}: cannot open the store ({error})") from None
        if not read_only:
            if not self.store.contains_named_graph(ox.NamedNode(VOCABULARY_GRAPH)):
                self.store.load(path=str(VOCABULARY_FILE), format=ox.RdfFormat.TURTLE,
                                to_graph=ox.NamedNode(VOCABULARY_GRAPH))
            if not is_merged(self.data_dir) and not self._union_server():
                # One transaction; repeating it after a crash before the state is written is harmless.
                self.store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
                self.store.flush()
                self._write_state(layout=LAYOUT)
        # a server store is merged when opened for writing, but where the server's default graph is the union
        self.merged = not self._union_server() if self.server is not None else is_merged(self.data_dir)
        # Writes a stopped run made after its last publish: described by a new generation now.
        self._unpublished = not read_only and self._repair_journal()
        # the journal's entries this process wrote since the last publish; None: a stopped run's are there too
        self._since_publish: list[dict] | None = None if self._unpublished else []
        state = read_state(self.data_dir)
        self._judged_on_disk = self._judged_complete = state.get(JUDGED) is True
        # Sources and their triples, kept up to date by this store's writes; counted again after a stopped run.
        known = {} if self._unpublished else {name: state[name] for name in KEPT_COUNTS
                                               if isinstance(state.get(name), int)}
        if not self._unpublished and len(known) < len(KEPT_COUNTS) and not self._holds_sources():
            known = dict.fromkeys(KEPT_COUNTS, 0)
        self._counts: dict[str, int | None] = {name: known.get(name) for name in KEPT_COUNTS}
        if not read_only:
            self._refresh_vocabulary()
        if self._unpublished:
            self.publish()

    def _open_server(self, embedded: Path):
        """The store on the SPARQL server ``self.server``; a writer takes the data folder's lock and records
        the server in its state, so later commands on the folder find it without being told."""
        from vankien.graph.remote import RemoteStore

        if embedded.is_dir():
            raise StoreError(f"{self.data_dir}: holds an embedded store; a server store needs a data folder "
                             "of its own")
        if not self.read_only:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self._lock = _take_lock(self.data_dir)
        elif not self.data_dir.is_dir():
            raise StoreError(f"{self.data_dir}: no such data folder (a server store's readers need the folder "
                             "its ingest wrote: its state and search index)")
        try:
            store = RemoteStore(self.server, read_only=self.read_only)
        except BaseException:
            self._drop_lock()
            raise
        if not self.read_only and read_state(self.data_dir).get(SERVER) != self.server.as_state():
            self._write_state(**{SERVER: self.server.as_state()})
        return store

    def _union_server(self) -> bool:
        """Whether the store is on a server whose default graph is the union of its graphs (Virtuoso): no
        merge is kept there, and readers read the union, as in a store written before the merge existed."""
        return self.server is not None and self.store.union_default

    def _drop_lock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None

    def _refresh_vocabulary(self) -> bool:
        """Put ``ontology/vankien.ttl`` in place of a vocabulary graph an older version loaded (its terms'
        comments, notations and top concepts are what SPARQL reads); journaled like a source written again,
        so the generation moves and the index's follower takes it in. Whether it changed."""
        graph = ox.NamedNode(VOCABULARY_GRAPH)
        wanted = {f"{t} ." for t in ox.parse(path=str(VOCABULARY_FILE), format=ox.RdfFormat.TURTLE)}
        stored = {f"{q.triple} ." for q in self.store.quads_for_pattern(None, None, None, graph)}
        if stored == wanted:
            return False
        self._record(graph)
        self._replace({VOCABULARY_GRAPH: wanted})
        return True

    # -- state ---------------------------------------------------------------
    def remember(self, fact: str) -> None:
        """Record in ``DATA/state.json`` that ``fact`` holds for this store (see :meth:`knows`)."""
        self._write_state(**{fact: True})

    def knows(self, fact: str) -> bool:
        """Whether ``DATA/state.json`` records that ``fact`` holds (see :meth:`remember`)."""
        return read_state(self.data_dir).get(fact) is True

    def _write_state(self, **changes) -> None:
        atomic_write(self.data_dir / STATE_FILE, json.dumps({**read_state(self.data_dir), **changes}) + "\n")

    @property
    def generation(self) -> int:
        """A number that grows with every change; caches built from the store key on it."""
        value = read_state(self.data_dir).get("generation", 0)
        return value if isinstance(value, int) else 0

    @property
    def indexed_generation(self) -> int | None:
        """The generation the search index reflects, as its last update recorded; None if unknown."""
        value = read_state(self.data_dir).get("indexed")
        return value if isinstance(value, int) else None

    def publish(self, *, indexed: bool = False) -> int:
        """Give the writes since the last publish a new generation; return the generation.

        ``indexed``: the follower has taken in every journaled change, so the new
        generation is also recorded as the one the index reflects (same atomic
        write) and the journal is emptied.
        """
        self._require_writable()
        generation = self.generation
        if not self._unpublished and not (indexed and (self.indexed_generation != generation or self.journal())):
            return generation
        changes = {}
        if self._unpublished:
            self.store.flush()
            self._log_changes(generation)
            generation += 1
            changes["generation"] = generation
            changes.update(self._counts)
        if indexed:
            changes["indexed"] = generation
        self._write_state(**changes)
        self._unpublished = False
        self._since_publish = []
        self._loaded = {}
        if indexed:
            self._truncate_journal()
        return generation

    # -- journal ---------------------------------------------------------------
    def journal(self) -> list[dict]:
        """Changes not yet taken in by the search index (see :func:`read_journal`)."""
        return read_journal(self.data_dir)

    def journal_size(self) -> int:
        """How many changes the journal holds (its lines counted, not read: an ingest asks at every checkpoint,
        and past its switch to a rebuild at the end the journal grows to tens of thousands of lines)."""
        try:
            return (self.data_dir / JOURNAL_FILE).read_bytes().count(b"\n")
        except FileNotFoundError:
            return 0

    def _repair_journal(self) -> bool:
        """Cut a torn last line off the journal; whether it holds writes newer than the generation."""
        path = self.data_dir / JOURNAL_FILE
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            return False
        if text and not text.endswith(b"\n"):
            os.truncate(path, text.rfind(b"\n") + 1)
        generation = self.generation
        return any(entry.get("generation", generation) >= generation for entry in self.journal())

    def _record(self, graph: ox.NamedNode) -> int:
        """Append (and hand to the OS) the journal line for a write of ``graph`` about to happen; the triples
        the graph holds before it."""
        entities: list[str] = []
        size = 0
        if self.store.contains_named_graph(graph):
            subjects, objects, size = self._named_in(graph)
            entities = sorted(subjects)
            self._touched |= subjects | objects
        if self._judged_on_disk:  # from now until the statuses are judged again, a stop leaves them stale
            self._write_state(**{JUDGED: False})
            self._judged_on_disk = False
        entry = {"graph": graph.value, "generation": self.generation, "entities": entities}
        if self._since_publish is not None:
            self._since_publish.append(entry)
        self._loaded.pop(graph.value, None)  # written again: read from the store at the publish
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with open(self.data_dir / JOURNAL_FILE, "ab") as journal:  # closed: the line is the OS's now
            journal.write(line.encode("utf-8"))
        self._unpublished = True
        return size

    def _log_changes(self, generation: int) -> None:
        """Append to the change log the entities that the writes since ``generation`` (the journal's lines of
        it and later) described before them, and describe now; written before the new generation is, so a
        generation in the state always has its line (a line repeated after a crash adds to it)."""
        entries = self._since_publish if self._since_publish is not None else \
            [e for e in self.journal() if e.get("generation", generation) >= generation]
        entities: set[str] | None = set().union(*(e.get("entities") or () for e in entries))
        graphs = {e["graph"] for e in entries}
        if len(entities) + len(graphs) > CHANGES_MAX_ENTITIES:
            entities = None
        else:
            loaded = graphs & self._loaded.keys()  # their subjects known from the lines loaded
            entities |= self.subjects(graphs - loaded).union(*(self._loaded[graph] for graph in loaded))
            if len(entities) > CHANGES_MAX_ENTITIES:
                entities = None
        line = json.dumps({"generation": generation + 1, "entities": None if entities is None else sorted(entities)},
                          ensure_ascii=False)
        path = self.data_dir / CHANGES_FILE
        if self._changes_logged is None:  # counted once per opening (lines of thousands of entities: megabytes)
            try:
                with open(path, "rb") as log:
                    self._changes_logged = sum(chunk.count(b"\n") for chunk in iter(lambda: log.read(1 << 20), b""))
            except FileNotFoundError:
                self._changes_logged = 0
        if self._changes_logged >= 2 * CHANGES_KEPT:
            kept = path.read_text("utf-8").split("\n")[:-1]
            atomic_write(path, "".join(f"{old}\n" for old in kept[-CHANGES_KEPT:]) + line + "\n")
            self._changes_logged = CHANGES_KEPT + 1
        else:
            with open(path, "ab") as log:
                log.write((line + "\n").encode("utf-8"))
            self._changes_logged += 1

    def _truncate_journal(self) -> None:
        (self.data_dir / JOURNAL_FILE).unlink(missing_ok=True)

    def subjects(self, graphs: Iterable[str]) -> set[str]:
        """IRIs that the given source graphs state something about (read graph by graph through the store's
        graph-first index: the cost follows the graphs named, not the size of the store)."""
        found: set[str] = set()
        for iri in set(graphs):
            for quad in self.store.quads_for_pattern(None, None, None, ox.NamedNode(iri)):
                if isinstance(quad.subject, ox.NamedNode):
                    found.add(quad.subject.value)
        return found

    def _named_in(self, graph: ox.NamedNode) -> tuple[set[str], set[str], int]:
        """The IRIs one stored graph states something about, the IRIs it names as objects, its triples."""
        subjects, objects, size = set(), set(), 0
        for quad in self.store.quads_for_pattern(None, None, None, graph):
            size += 1
            if isinstance(quad.subject, ox.NamedNode):
                subjects.add(quad.subject.value)
            if isinstance(quad.object, ox.NamedNode):
                objects.add(quad.object.value)
        return subjects, objects, size

    def touched_since_judged(self) -> set[str] | None:
        """The IRIs that the source graphs written, edited or dropped since the derived statuses were last judged
        name (as subject or object, before or after the write); None when that is not known (no judgement
        recorded since this store was opened, or a run stopped between a write and its judgement)."""
        return set(self._touched) if self._judged_complete else None

    def mark_judged(self) -> None:
        """Record that the derived statuses reflect every write so far (see :meth:`touched_since_judged`)."""
        self._require_writable()
        self._touched.clear()
        self._judged_complete = True
        if not self._judged_on_disk:
            self._write_state(**{JUDGED: True})
            self._judged_on_disk = True

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")

    # -- sources ---------------------------------------------------------------
    def source_hash(self, graph_iri: str) -> tuple[str, str | None] | None:
        """(sha256, version of the extractor that read it) of one stored source, or None (read through the
        store's graph-first index: as cheap in a large store as in a small one)."""
        graph = ox.NamedNode(graph_iri)
        sha = next(self.store.quads_for_pattern(graph, ox.NamedNode(str(VK.sha256)), None, graph), None)
        if sha is None:
            return None
        version = next(self.store.quads_for_pattern(graph, ox.NamedNode(str(VK.extractorVersion)), None, graph), None)
        return sha.object.value, version.object.value if version is not None else None

    def holds_graph(self, graph_iri: str) -> bool:
        """Whether the store has a graph of that IRI."""
        return self.store.contains_named_graph(ox.NamedNode(graph_iri))

    def known_documents(self) -> Iterator[tuple[str, str, int | None]]:
        """(identity key, IRI, year or None) of every stored document."""
        years: dict[str, int] = {}
        for row in self.store.query(
            "SELECT DISTINCT ?doc ?date WHERE { ?doc <http://data.europa.eu/eli/ontology#date_document> ?date }",
            use_default_graph_as_union=not self.merged,
        ):
            year = int(row["date"].value[:4])
            years[row["doc"].value] = max(year, years.get(row["doc"].value, 0))
        rows = self.store.query(f"SELECT DISTINCT ?doc ?key WHERE {{ ?doc <{VK.identityKey}> ?key }}",
                                use_default_graph_as_union=not self.merged)
        for row in rows:
            iri = row["doc"].value
            year = years.get(iri)
            if year is None and (digits := [p for p in iri.split("/") if p.isdigit() and len(p) == 4]):
                year = int(digits[0])
            yield row["key"].value, iri, year

    def document_name_keys(self) -> Iterator[tuple[str, str]]:
        """(name key, IRI) of numbered documents also known by name ("luat-dat-dai")."""
        rows = self.store.query(f"SELECT DISTINCT ?doc ?name WHERE {{ ?doc <{VK.nameKey}> ?name }}",
                                use_default_graph_as_union=not self.merged)
        for row in rows:
            yield row["name"].value, row["doc"].value

    def replace_source(self, graph_iri: str, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Replace the graph of one source in a single transaction; return the number of triples written."""
        return self.replace_sources([(graph_iri, triples)])

    def replace_sources(self, graphs: Iterable[tuple[str, Iterable[tuple[Node, Node, Node]]]]) -> int:
        """Replace the graphs of several sources in a single transaction, so a reader sees each source either
        as it was or whole; return the number of triples written (a source named twice: its last graph)."""
        self._require_writable()
        batch: dict[str, set[str]] = {}
        touched = self._touched
        for iri, triples in graphs:
            lines = batch[iri] = set()
            for s, p, o in triples:
                lines.add(f"{to_oxigraph(s)} {to_oxigraph(p)} {to_oxigraph(o)} .")
                if isinstance(s, URIRef):
                    touched.add(str(s))
                if isinstance(o, URIRef):
                    touched.add(str(o))
        return self._write_sources(batch)

    def replace_source_lines(self, graphs: Mapping[str, set[str]]) -> int:
        """:meth:`replace_sources` for graphs given as N-Triples lines (each ending " .")."""
        self._require_writable()
        for lines in graphs.values():
            self._touched.update(_iris_named(lines))
        return self._write_sources(graphs)

    def _write_sources(self, batch: Mapping[str, set[str]]) -> int:
        """Journal each source graph of ``batch`` (IRI → N-Triples lines), then replace them all in one update;
        the triples written."""
        sizes = {iri: self._record(ox.NamedNode(iri)) for iri in batch}
        self._replace(batch, sizes)
        return sum(len(lines) for lines in batch.values())

    def load_new_sources(self, graphs: Mapping[str, Iterable[str]], held_back: Iterable[str] = ()) -> int:
        """Add the graphs of sources the store does not hold (graph IRI → N-Triples lines, each ending " .")
        through the store's bulk path — the embedded database's bulk loader, a server's Graph Store endpoint
        (else its update endpoint) — and into the merge; journaled like any write; the triples written.

        A bulk load is no transaction: a reader may see part of it. ``held_back`` (lines, each also in its
        graph's lines) are left out of the load: the caller writes them when every load is done
        (:meth:`add_to_sources`), so a source whose hash is stored is whole, and one cut by a stop is read
        again by the next ingest."""
        self._require_writable()
        held = set(held_back)
        quads, merge, written = [], set(), 0
        for iri, lines in graphs.items():
            self._record(ox.NamedNode(iri))
            graph = f" <{iri}> ."
            lines = list(lines)
            # the change log's subjects, from the lines rather than read back at the publish
            self._loaded[iri] = {line[1:line.index(">")] for line in lines if line.startswith("<")}
            for line in lines:
                written += 1
                if line in held:
                    continue
                quads.append(line[:-2] + graph)
                if self.merged:
                    merge.add(line)
            self._touched.update(_iris_named(lines))
        quads.extend(merge)
        self._bulk_load("\n".join(quads).encode("utf-8"))
        self._count(triples=written, sources=len(graphs))
        return written

    def add_to_sources(self, lines_by_graph: Mapping[str, Iterable[str]]) -> None:
        """Add N-Triples lines to source graphs (and the merge) in one update, a few thousand lines at a time;
        not journaled: the lines :meth:`load_new_sources` held back."""
        from vankien.graph.remote import chunks

        self._require_writable()
        for chunk in chunks(lines_by_graph.items(), BULK_UPDATE_GRAPHS):
            graphs = "\n".join(f"GRAPH <{g}> {{\n" + "\n".join(lines) + "\n}" for g, lines in chunk)
            merged = "\n".join(line for _, lines in chunk for line in lines) if self.merged else ""
            self.store.update(f"INSERT DATA {{\n{graphs}\n{merged}\n}}")

    def _bulk_load(self, nquads: bytes) -> None:
        if not nquads:
            return
        if isinstance(self.store, ox.Store):
            self.store.bulk_load(nquads, ox.RdfFormat.N_QUADS)
        else:
            self.store.load_quads(nquads)

    def replace_derived(self, graph_iri: str, triples: Iterable[ox.Triple]) -> int:
        """Replace a graph derived from the sources (no source of its own, so not journaled: the search
        index reads none of it) in one transaction, the merge kept in step; return the triples written."""
        self._require_writable()
        return self._replace({graph_iri: {f"{t.subject} {t.predicate} {t.object} ." for t in triples}})

    def _replace(self, batch: Mapping[str, set[str]], sizes: Mapping[str, int] | None = None) -> int:
        """Put each graph's N-Triples lines in place of the graph and in the merge, in one update: the graphs
        already stored leave the merge and are dropped first (a new graph has nothing to take out). ``sizes``:
        the triples each source graph held (see :meth:`_record`), for the kept count."""
        operations, triples, sources = [], 0, 0
        for iri in batch:
            graph = ox.NamedNode(iri)
            if self.store.contains_named_graph(graph):
                operations.append(_drop(graph, self.merged))
            elif iri not in NOT_SOURCES:
                sources += 1
            if iri not in NOT_SOURCES:
                triples += len(batch[iri]) - (sizes or {}).get(iri, 0)
        # a graph in blocks of at most BLOCK_LINES (Virtuoso's parser ran out of memory 5,000 lines into
        # the statuses of the Baomoi corpus); an empty graph is only dropped (Virtuoso refuses "GRAPH <g> { }")
        from vankien.graph.remote import chunks

        blocks = [f"GRAPH <{iri}> {{\n" + "\n".join(piece) + "\n}"
                  for iri, lines in batch.items() for piece in chunks(lines, BLOCK_LINES)]
        if blocks:
            operations.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
        if self.merged:
            operations += ["INSERT DATA {\n" + "\n".join(piece) + "\n}"
                           for piece in chunks(set().union(*batch.values()), BLOCK_LINES)]
        if operations:
            self.store.update(" ;\n".join(operations))
        self._count(triples=triples, sources=sources)
        return sum(len(lines) for lines in batch.values())

    def edit_graphs(self, edits: Mapping[str, tuple[Iterable[ox.Triple], Iterable[ox.Triple]]]) -> int:
        """Remove and add triples in several source graphs in one transaction, the merge kept in step; return
        the graphs changed. ``edits``: graph IRI → (triples to remove, triples to add); each graph is journaled
        first, like a source written again."""
        self._require_writable()
        changes = _net(edits)
        if not changes:
            return 0
        for graph_iri, (removed, added) in changes.items():
            self._record(ox.NamedNode(graph_iri))
            self._touched.update(term.value for t in removed | added for term in (t.subject, t.object)
                                 if isinstance(term, ox.NamedNode))
        change = sum(sum(ox.Quad(*t, ox.NamedNode(g)) not in self.store for t in added)
                     - sum(ox.Quad(*t, ox.NamedNode(g)) in self.store for t in removed)
                     for g, (removed, added) in changes.items() if g not in NOT_SOURCES)
        self._edit(changes)
        self._count(triples=change)
        return len(changes)

    def edit_derived(self, graph_iri: str, removed: Iterable[ox.Triple], added: Iterable[ox.Triple]) -> int:
        """Remove and add triples in a graph derived from the sources (not journaled, like
        :meth:`replace_derived`) in one transaction, the merge kept in step; the triples that changed."""
        self._require_writable()
        changes = _net({graph_iri: (removed, added)})
        if changes:
            self._edit(changes)
        return sum(len(removed) + len(added) for removed, added in changes.values())

    def _edit(self, changes: Mapping[str, tuple[set[ox.Triple], set[ox.Triple]]]) -> None:
        """One update removing and adding triples in graphs (graph → (removed, added), disjoint), the merge
        kept in step."""
        def block(triples) -> str:
            return "\n".join(sorted(f"{t.subject} {t.predicate} {t.object} ." for t in triples))

        removed_any = set().union(*(removed for removed, _ in changes.values()))
        added_any = set().union(*(added for _, added in changes.values()))
        # a DELETE DATA per graph: Virtuoso 7.2, given several graphs in one, keeps their language-tagged
        # literals (each named graph's "Chỉ thị 05"@vi stayed; its other triples went)
        operations = [f"DELETE DATA {{ GRAPH <{g}> {{\n{block(removed)}\n}} }}"
                      for g, (removed, _) in changes.items() if removed]
        if added_any:
            graphs = "\n".join(f"GRAPH <{g}> {{\n{block(added)}\n}}" for g, (_, added) in changes.items() if added)
            operations.append(f"INSERT DATA {{\n{graphs}\n{block(added_any) if self.merged else ''}\n}}")
        if removed_any and self.merged:  # out of the merge: what no graph states any more
            rows = "\n".join(sorted(f"({t.subject} {t.predicate} {t.object})" for t in removed_any))
            operations.append(f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?p ?o) {{\n{rows}\n}} "
                              f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}")
        self.store.update(" ;\n".join(operations))

    def remove_source(self, graph_iri: str) -> bool:
        """Drop one source's graph; False when there is none."""
        self._require_writable()
        graph = ox.NamedNode(graph_iri)
        if not self.store.contains_named_graph(graph):
            return False
        size = self._record(graph)
        self.store.update(_drop(graph, self.merged))
        if graph_iri not in NOT_SOURCES:
            self._count(triples=-size, sources=-1)
        return True

    def sources_matching(self, needle: str) -> list[str]:
        """Graph IRIs of the sources whose IRI, URL or path is ``needle``.

        A path matches as given at ingest, as published (``vk:sourcePath``, relative) or as an
        absolute path: through the hash a file's source IRI is made of, else (a source named by
        its URL, a JSON Lines line with an id) by the longest published path ending it.
        """
        import hashlib

        file, mark, member = needle.partition("#")
        absolute = os.path.abspath(file) + mark + member
        digest = hashlib.sha1(absolute.encode("utf-8")).hexdigest()[:16]
        file_uri = Path(os.path.abspath(file)).as_uri() + mark + member   # stores written before paths were relative
        exact: set[str] = set()
        by_tail: dict[int, set[str]] = {}
        rows = self.store.query(
            f"""SELECT ?g ?path ?from WHERE {{ GRAPH ?g {{ ?g <{VK.sourcePath}> ?path
                  OPTIONAL {{ ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?from }} }} }}"""
        )
        for row in rows:
            graph, path = row["g"].value, row["path"].value
            origin = row["from"].value if row["from"] is not None else None
            path_file, path_mark, path_member = path.partition("#")
            if needle in (graph, path, origin) or origin == file_uri or graph.rsplit("/", 1)[-1] == digest \
                    or os.path.abspath(path_file) + path_mark + path_member == absolute:
                exact.add(graph)
            elif not os.path.isabs(path_file) and absolute.endswith(os.sep + path):
                by_tail.setdefault(len(path), set()).add(graph)
        if exact:
            return sorted(exact)
        return sorted(by_tail[max(by_tail)]) if by_tail else []

    def triple_count(self) -> int:
        """Triples in the source graphs (the vocabulary and the derived statuses not counted): as this store's
        writes kept count (recorded in ``DATA/state.json`` at each publish), else counted (a second on a store
        of 35,000 articles)."""
        if self._counts["triples"] is None:
            others = "".join(f", <{g}>" for g in sorted(getattr(self.store, "system_graphs", ())))
            rows = self.store.query(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                f"FILTER(?g NOT IN (<{VOCABULARY_GRAPH}>, <{STATUS_GRAPH}>{others})) }}"
            )
            self._counts["triples"] = int(next(iter(rows))["n"].value)
        return self._counts["triples"]

    def _count(self, **changes: int) -> None:
        for name, change in changes.items():
            if self._counts[name] is not None:
                self._counts[name] += change

    def source_graphs(self) -> list[str]:
        """The IRIs of the sources' named graphs (the vocabulary and the derived statuses are none of them)."""
        return [g.value for g in self.store.named_graphs() if g.value not in NOT_SOURCES]

    def _holds_sources(self) -> bool:
        return any(g.value not in NOT_SOURCES for g in self.store.named_graphs())

    def source_count(self) -> int:
        """Sources in the store: as this store's writes kept count (see :meth:`triple_count`), else counted."""
        if self._counts["sources"] is None:
            self._counts["sources"] = len(self.source_graphs())
        return self._counts["sources"]

    # -- reading -------------------------------------------------------------------
    def query(self, sparql: str):
        """Run a read query over the merge of all graphs, with our prefixes predeclared."""
        return self.store.query(sparql, use_default_graph_as_union=not self.merged, prefixes=PREFIXES)

    def triples(self, graph: str | None = None) -> Iterator[ox.Triple]:
        """Every triple of the sources (or of one graph), each once, streamed from disk."""
        if graph is not None or not self.merged:
            return (ox.Triple(q.subject, q.predicate, q.object) for q in self.quads(graph))
        vocabulary = {ox.Triple(q.subject, q.predicate, q.object) for q in
                      self.store.quads_for_pattern(None, None, None, ox.NamedNode(VOCABULARY_GRAPH))}
        merged = (ox.Triple(q.subject, q.predicate, q.object) for q in
                  self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        return (t for t in merged if t not in vocabulary)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """Every quad of the source graphs (or of one graph), streamed from disk."""
        if graph is not None:
            if not self.store.contains_named_graph(ox.NamedNode(graph)):
                raise StoreError(f"{graph}: no such graph in the store")
            return self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        return (q for q in self.store
                if not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name.value != VOCABULARY_GRAPH)

    def dump(self, output: IO[bytes] | str, fmt: str, graph: str | None = None) -> None:
        """Stream the dataset (or one graph) in ``fmt`` to ``output``.

        N-Quads and TriG keep each source's graph; triple formats give the
        merge, each fact once. JSON-LD is compacted with our context through
        rdflib, which builds the graph in memory first.
        """
        if fmt == "jsonld":
            self._dump_jsonld(output, graph)
            return
        if fmt not in RDF:
            raise StoreError(f"unknown RDF format {fmt!r} (one of: {', '.join(RDF)})")
        if RDF[fmt].dataset:
            ox.serialize(self.quads(graph), output, RDF[fmt].oxigraph, prefixes=PREFIXES if fmt == "trig" else None)
            return
        ox.serialize(self.triples(graph), output, RDF[fmt].oxigraph, prefixes=PREFIXES if fmt == "turtle" else None)

    def _dump_jsonld(self, output: IO[bytes] | str, graph: str | None) -> None:
        import rdflib

        data = rdflib.Graph()
        nt = ox.serialize(self.triples(graph), format=ox.RdfFormat.N_TRIPLES)
        data.parse(data=nt.decode("utf-8"), format="nt")
        context = json.loads(CONTEXT_FILE.read_text("utf-8"))["@context"]
        text = data.serialize(format="json-ld", context=context, auto_compact=True)
        if isinstance(output, str):
            Path(output).write_text(text, "utf-8")
        else:
            output.write(text.encode("utf-8"))

    def flush(self) -> None:
        if not self.read_only:
            self.store.flush()

    def close(self) -> None:
        """Release the database (and its lock) now rather than when garbage collected. A store open for
        writing is opened once more and closed: the database keeps its spent write-ahead logs for reuse
        while it is open (two thirds of the folder after a large ingest) and removes them only when opened."""
        self.flush()
        if not self.read_only:  # safe to record: a run stopped before publishing is counted again
            self._write_state(**self._counts)
        self._release()
        if self.server is not None:
            self._drop_lock()
            return
        if not self.read_only:
            try:
                self.store = ox.Store(str(self.data_dir / "oxigraph"))
            except OSError:  # still held (a caller kept the database): the logs go at the next open
                return
            self._release()

    def _release(self) -> None:
        del self.store
        import gc

        gc.collect()
