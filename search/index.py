"""The Whoosh index in ``DATA/index``: schema, building and incremental updates.

Every matchable text is indexed twice, in an exact field (NFC, modern tone
placement, lower case) and a folded field (no diacritics, "đ" → "d"), so a
query with diacritics ranks exact matches above folded ones and phrase
queries keep working in both.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from vankien.graph.store import GraphStore
from vankien.graph.text import fold, normalize_key
from vankien.search.analysis import exact_analyzer, folded_analyzer, folded_name_analyzer
from vankien.search.records import Record, read_records

INDEX_DIR = "index"
# Raised whenever what the analysers emit changes, though the fields do not (2: pairs of syllables in the
# folded fields; 3: commas inside a name's key; 4: what an article mentions; 5: pairs in the names only; 6: each
# entity's digest); an index of another version is rebuilt.
INDEX_VERSION = "6"
VERSION_FILE = "VANKIEN_INDEX_VERSION"
FACETS = ("kind", "type", "issuer", "year", "publisher", "status")
BULK_READ_THRESHOLD = 2000
# How far an indexed entity's count of mentioning sources may fall behind before the entity is indexed again
# when nothing else of it changed (the count only orders entities of one name; a rebuild makes it exact).
MENTIONS_SLACK = 0.2


def label_key(text: str) -> str:
    """A whole name as one folded key: a query that is exactly an entity's name finds it first. Commas
    become spaces: the keys of an entity are stored comma-separated, and "Cục Y tế Dự phòng, Bộ Y tế" must
    stay one key, not give "Bộ Y tế" to the Cục."""
    return " ".join(fold(normalize_key(text)).replace(",", " ").split())


def make_schema() -> Schema:
    exact, folded, named = exact_analyzer(), folded_analyzer(), folded_name_analyzer()
    # Positions only in the folded fields (a phrase matches with or without diacritics); the exact
    # fields only score, and positions would make their posting lists larger and slower to read.
    return Schema(
        key=ID(stored=True, unique=True),
        kind=ID(stored=True),
        label=TEXT(analyzer=exact, stored=True, field_boost=4.0, phrase=False),
        label_f=TEXT(analyzer=named, field_boost=2.0),
        text=TEXT(analyzer=exact, stored=True, phrase=False),
        text_f=TEXT(analyzer=folded, field_boost=0.5),
        aliases=TEXT(analyzer=exact, stored=True, field_boost=2.0, phrase=False),
        body=TEXT(analyzer=exact, field_boost=0.3, phrase=False),
        body_f=TEXT(analyzer=folded, field_boost=0.15),
        aliases_f=TEXT(analyzer=named),
        label_key=KEYWORD(lowercase=False, commas=True),
        number_display=STORED(),
        number=ID(stored=True),
        numkey=KEYWORD(lowercase=True, commas=False),
        type=ID(stored=True),
        issuer=ID(stored=True),
        issuer_f=TEXT(analyzer=folded),
        year=ID(stored=True),
        publisher=ID(stored=True),
        status=ID(stored=True),
        date=ID(stored=True, sortable=True),
        names=STORED(),
        mentions=STORED(),
        digest=STORED(),  # of everything indexed but the count of mentions: an unchanged entity is left as it is
        mentioned=KEYWORD(),
    )


def codec() -> W3Codec:
    """Whoosh's format with posting blocks left uncompressed: a query reads them faster (zlib took
    a seventh of the time of a query that reads uncached postings), for a larger index."""
    return W3Codec(compression=0)


def index_path(data_dir: str | Path) -> Path:
    return Path(data_dir) / INDEX_DIR


class StaleIndex(Exception):
    """The index on disk was built with another schema; ``str()`` says to rebuild it."""


def index_exists(data_dir: str | Path) -> bool:
    return whoosh_index.exists_in(str(index_path(data_dir)))


def _open_existing(path: Path):
    """An existing index, its files read through the file system rather than mapped: Whoosh copies
    every part of a mapped segment into the process's own memory (about the index's size, per
    process — 600 MB for each web worker on the 35k-article store); read, they stay in the page cache
    the processes share."""
    return FileStorage(str(path), supports_mmap=False).open_index()


def open_index(data_dir: str | Path):
    """The index of ``data_dir``, created empty when there is none."""
    path = index_path(data_dir)
    if whoosh_index.exists_in(str(path)):
        index = _open_existing(path)
        expected = make_schema()
        if _version(path) != INDEX_VERSION or set(index.schema.names()) != set(expected.names()) or any(
                type(index.schema[name].format) is not type(expected[name].format) for name in expected.names()):
            raise StaleIndex(f"{path}: the search index was built by another version of vankien; "
                             "run `vankien reindex` to rebuild it from the graph")
        return index
    path.mkdir(parents=True, exist_ok=True)
    index = whoosh_index.create_in(str(path), make_schema())
    _write_version(path)
    return index


def _version(path: Path) -> str | None:
    try:
        return (path / VERSION_FILE).read_text("utf-8").strip()
    except OSError:
        return None


def _write_version(path: Path) -> None:
    (path / VERSION_FILE).write_text(INDEX_VERSION + "\n", "utf-8")


def _document(record: Record) -> dict:
    text = "\n".join(record.text)
    aliases = "\n".join(sorted(record.aliases))
    doc = {
        "key": record.key, "kind": record.kind, "label": record.label, "label_f": record.label,
        "label_key": ",".join(sorted({label_key(name) for name in (record.label, *record.aliases)})),
        "text": text, "text_f": text, "aliases": aliases, "aliases_f": aliases,
        "numkey": " ".join(sorted(record.numkeys)),
        "body": record.body, "body_f": record.body,
        "names": {"aliases": sorted(record.aliases)},
        "mentions": record.mentions,
        "mentioned": " ".join(sorted(record.mentioned)),
    }
    for name in ("number", "type", "issuer", "year", "publisher", "date", "status"):
        value = getattr(record, name)
        if value:
            doc[name] = value
    if record.number:
        doc["number"] = record.number.lower()
        doc["number_display"] = record.number
    if record.issuer:
        doc["issuer_f"] = record.issuer
    # the digest: what is indexed but the count of mentions, the lines of a text in any order (the store gives
    # an entity's facts in no fixed order)
    unmentioned = {name: sorted(value.split("\n")) if name in ("text", "text_f") else value
                   for name, value in doc.items() if name != "mentions"}
    doc["digest"] = hashlib.sha1(json.dumps(unmentioned, sort_keys=True, ensure_ascii=False).encode("utf-8"),
                                 usedforsecurity=False).hexdigest()[:20]
    return doc


def _unchanged(stored: dict | None, doc: dict) -> bool:
    """Whether the index's ``stored`` fields of an entity say what ``doc`` would, its count of mentions within
    :data:`MENTIONS_SLACK` of the new one."""
    if stored is None or stored.get("digest") != doc["digest"]:
        return False
    old, new = stored.get("mentions") or 0, doc["mentions"]
    return abs(new - old) <= MENTIONS_SLACK * old


# Memory of each writer process of a rebuild before it spills its postings to sorted runs on disk (Whoosh's
# ``limitmb``, an estimate). 256 saved the 3,000-article store's writers their spill (14 s → 10 s) but cost the
# whole Baomoi store's rebuild more (308 s against 282 s wall, peak 892 against 723 MiB): 128 it stays.
WRITER_MB = 128


def rebuild(store: GraphStore, data_dir: str | Path, *, procs: int = 2,
            progress: Callable[[int], None] | None = None) -> int:
    """Build a fresh index from the store into a new folder, then swap it in; return the entities indexed."""
    return write_index((_document(record) for record in read_records(store)), data_dir, procs=procs,
                       progress=progress)


def write_index(documents: Iterable[dict], data_dir: str | Path, *, procs: int = 2,
                progress: Callable[[int], None] | None = None) -> int:
    """Index ``documents`` (index fields, as :func:`_document` makes them) into a new folder, then swap it in
    for the index of ``data_dir``; return how many."""
    target = index_path(data_dir)
    work = Path(tempfile.mkdtemp(prefix=".index-", dir=data_dir))
    try:
        index = whoosh_index.create_in(str(work), make_schema())
        writer = index.writer(procs=procs, limitmb=WRITER_MB, multisegment=procs > 1, codec=codec()) if procs > 1 \
            else index.writer(codec=codec())
        count = 0
        try:
            for document in documents:
                writer.add_document(**document)
                count += 1
                if progress is not None:
                    progress(count)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        _write_version(work)
        old = target.with_name(".index-old")
        if target.exists():
            os.replace(target, old)
        os.replace(work, target)
        shutil.rmtree(old, ignore_errors=True)
        return count
    finally:
        shutil.rmtree(work, ignore_errors=True)


def indexed_keys(index) -> set[str]:
    """The key of every entity the index holds (and of some it held: a deleted document's key stays in the
    term list until its segment is merged)."""
    with index.reader() as reader:
        return {term.decode("utf-8") for term in reader.lexicon("key")}


def update_entities(index, store: GraphStore, keys: set[str], indexed: set[str] | None = None) -> int:
    """Re-read ``keys`` from the store into the index; delete those gone. Return the entities written or deleted.

    An entity whose indexed fields would not change (its digest, :func:`_unchanged`) is left as indexed.

    The entities are read by key unless they are most of the index (one pass over the store is then
    cheaper); those indexed before are deleted, then every record is added (Whoosh's ``update_document``
    searches for each document it replaces, new ones included). ``indexed`` (see :func:`indexed_keys`),
    kept up to date here, saves looking each key up in every segment of a large index.

    Measured, and left as they are: one writer process (Whoosh's ``procs=2`` cost a third more CPU and saved
    no time) and Whoosh's merge policy (a merge rewrites every posting at about the cost of indexing again:
    merging by size tiers cost half again the CPU of an ingest of 10,000 articles, and capping the merges
    did not spare the whole baomoi ingest its one merge of nearly the whole index, about 2½ minutes)."""
    if not keys:
        return 0
    if len(keys) > max(BULK_READ_THRESHOLD, index.doc_count() // 2):
        records = {r.key: r for r in read_records(store) if r.key in keys}
    else:
        records = {r.key: r for r in read_records(store, keys)}
    if indexed is None:
        with index.reader() as reader:
            present = {key for key in keys if ("key", key) in reader}
    else:
        present = keys & indexed
    documents = {key: _document(record) for key, record in records.items()}
    if again := present & documents.keys():
        with index.searcher() as searcher:
            for key in again:
                if _unchanged(searcher.document(key=key), documents[key]):
                    present.discard(key)
                    del documents[key]
    if not present and not documents:
        return 0
    changed = len(present | documents.keys())
    writer = index.writer(codec=codec())
    try:
        for key in present:
            writer.delete_by_term("key", key)
        for document in documents.values():
            writer.add_document(**document)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    if indexed is not None:
        indexed.difference_update(keys)
        indexed.update(records)
    return changed


class IndexUpdater:
    """Keeps the index in step with a store open for writing: :meth:`commit` takes in the store's journal."""

    def __init__(self, store: GraphStore, data_dir: str | Path) -> None:
        self.store = store
        self.data_dir = data_dir
        try:
            self.index = open_index(data_dir)
        except StaleIndex:  # built by an older version: rebuilt whole at commit
            self.index = None

    def before_change(self, source_iri: str) -> None:
        """Nothing to remember: the store journals what a source's old graph touched."""

    def after_change(self, source_iri: str) -> None:
        """Nothing to remember: the journal names the graph, read again at commit."""

    def commit(self) -> int:
        """Bring the index up to date with the store (see :func:`search.sync.catch_up`); the entities updated."""
        from vankien.search.sync import catch_up

        outcome = catch_up(self.store, self.data_dir)
        self.index = open_index(self.data_dir)
        return outcome.entities


def index_count(data_dir: str | Path) -> int:
    path = index_path(data_dir)
    if not whoosh_index.exists_in(str(path)):
        return 0
    with _open_existing(path).searcher() as searcher:
        return searcher.doc_count()
