"""Matching and BM25F scoring in bulk over the index's postings, with numpy.

Whoosh scores a query document by document in Python: a three-word query
whose syllables are common matches ~10,000 entities of the corpus index and
took 150–600 ms. Here a term's postings (document numbers and weights) are
read once into arrays and kept in a bounded cache; a query is then a few
array operations over every document at once:

* a *term clause* is (field, term, boost); its score for each posting is
  BM25F ``idf · tf(K1+1) / (tf + K1(1 − B + B·len/avglen)) · boost`` with
  Whoosh's idf ``log(N / (df + 1)) + 1``; ``avglen`` is the average over the
  document's own kind (an article's headline is long beside the names of the
  people and bodies it mentions, and is weighed against other headlines);
* a *group* of clauses (the same word in several fields) matches where any
  clause matches and scores their sum; documents match where every group
  of a query matches (``all_of``);
* facet values, dates and deleted documents are columns, so filters, facet
  counts and sorting by date are array operations too;
* a phrase reads positions only for the documents holding all its words,
  and only the posting blocks that hold them.

Whoosh keeps doing what it is good at: analysis, the on-disk index, stored
fields, phrases (positions), highlighting and spelling.
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from collections import OrderedDict
from math import log

import numpy as np

K1, B = 1.2, 0.75
CACHE_POSTINGS = 8_000_000  # postings kept decoded per open index (at most about 100 MB: 12 bytes each)

Clause = tuple[str, str, float]  # field, term, boost


_ON_DISK = ("_postfile", "_startoffset", "_length", "_byteids")
_BLOCK_LENGTH = struct.Struct("!i")  # Whoosh's signed block length, negative for the last block


class _Block:
    """One posting block of an on-disk posting list: its largest document number, known before its
    data (document numbers, weights, values) is unpickled."""

    __slots__ = ("maxid", "_raw", "_compressed", "_byteids", "_data")

    def __init__(self, maxid: int, raw: bytes, compressed: bool, byteids: bool):
        self.maxid, self._raw, self._compressed, self._byteids = maxid, raw, compressed, byteids
        self._data = None

    def data(self) -> tuple:
        if self._data is None:
            raw = zlib.decompress(self._raw) if self._compressed else self._raw
            self._data = pickle.loads(raw)
        return self._data

    def ids(self) -> np.ndarray:
        block = np.asarray(self.data()[0], dtype=np.int64)
        return block if self._byteids else np.cumsum(block)


def _blocks(matcher):
    """The posting blocks of an on-disk matcher's list, read from the file at once. Whoosh's own
    matcher reads a block's header through a pickle stream on the file, a few bytes per call: over
    a third of the time of reading a long list."""
    length = matcher._length  # a 1-tuple when read back from the term index
    raw = matcher._postfile.get(matcher._startoffset, length[0] if isinstance(length, tuple) else length)
    stream = io.BytesIO(raw)
    at = 4  # after the posting list's magic tag
    while at < len(raw):
        (length,) = _BLOCK_LENGTH.unpack_from(raw, at)
        end = at + _BLOCK_LENGTH.size + abs(length)
        stream.seek(at + _BLOCK_LENGTH.size)
        info = pickle.load(stream)  # (count, maxid, maxweight, compression, min length, max length)
        yield _Block(info[1], raw[stream.tell():end], bool(info[3]), matcher._byteids)
        if length < 0:
            break
        at = end


def _block_arrays(matcher) -> tuple[np.ndarray, np.ndarray] | None:
    """Ids and weights of an on-disk posting list (None: not that kind of matcher)."""
    if not all(hasattr(matcher, name) for name in _ON_DISK):
        return None
    ids, weights = [], []
    for block in _blocks(matcher):
        block_ids = block.ids()
        ids.append(block_ids)
        raw_weights = block.data()[1]
        if raw_weights is None:
            weights.append(np.ones(len(block_ids), dtype=np.float32))
        elif isinstance(raw_weights, float):
            weights.append(np.full(len(block_ids), raw_weights, dtype=np.float32))
        else:
            weights.append(np.asarray(raw_weights, dtype=np.float32))
    if not ids:
        return np.empty(0, np.int64), np.empty(0, np.float32)
    return np.concatenate(ids), np.concatenate(weights)


def _matcher_arrays(matcher) -> tuple[np.ndarray, np.ndarray]:
    """Ids and weights through the public matcher interface (short or in-line posting lists)."""
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)


class Columns:
    """Per-document arrays of one open reader: liveness, field lengths, facet codes, dates."""

    def __init__(self, reader, length_fields: tuple[str, ...], facet_fields: tuple[str, ...], date_field: str):
        self.reader = reader
        self.size = reader.doc_count_all()
        self.alive = np.ones(self.size, dtype=bool)
        for leaf, offset in reader.leaf_readers():
            if leaf.has_deletions():
                dead = np.fromiter(leaf.deleted_docs_set, dtype=np.int64)
                self.alive[dead + offset] = False
        self.lengths = {name: self._lengths(name) for name in length_fields}
        self.average = {}  # as Whoosh counts it: over every document, deleted ones too
        for name in length_fields:
            total = reader.field_length(name)
            self.average[name] = (total / max(self.size, 1)) if total else 1.0
        self.facets: dict[str, tuple[np.ndarray, list[str]]] = {name: self._codes(name) for name in facet_fields}
        self.dates = self._dates(date_field)
        # Each document's length is weighed against its own kind's: an article's headline against
        # headlines, not against the short names of thousands of people and bodies.
        self.kind_average = {name: self._kind_average(name) for name in length_fields}

    def _kind_average(self, name: str) -> np.ndarray:
        """For each document, the average length of ``name`` over the live documents of its kind."""
        out = np.full(self.size, self.average[name], dtype=np.float32)
        if "kind" not in self.facets:
            return out
        codes, _ = self.facets["kind"]
        lengths = self.lengths[name]
        for code in np.unique(codes):
            members = (codes == code) & self.alive
            if members.any():
                out[codes == code] = max(float(lengths[members].mean()), 1.0)
        return out

    def _lengths(self, name: str) -> np.ndarray:
        out = np.ones(self.size, dtype=np.float32)
        for leaf, offset in self.reader.leaf_readers():
            count = leaf.doc_count_all()
            out[offset:offset + count] = [leaf.doc_field_length(d, name, 1) or 1 for d in range(count)]
        return out

    def _codes(self, name: str) -> tuple[np.ndarray, list[str]]:
        """Code of each document's value (−1: none) and the values by code."""
        codes = np.full(self.size, -1, dtype=np.int32)
        values: list[str] = []
        if name not in self.reader.schema:
            return codes, values
        for term in self.reader.lexicon(name):
            value = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            code = len(values)
            values.append(value)
            ids, _ = read_postings(self.reader, name, value)
            codes[ids] = code
        return codes, values

    def _dates(self, name: str) -> np.ndarray:
        """The date as a sortable integer (YYYYMMDD…, 0 when none)."""
        codes, values = self._codes(name)
        keys = np.array([int("".join(ch for ch in v if ch.isdigit())[:14].ljust(14, "0") or 0) for v in values]
                        + [0], dtype=np.int64)
        return keys[codes]  # code −1 picks the trailing 0


def idf(size: int, frequency: int) -> float:
    """Whoosh's idf ``log(N / (df + 1)) + 1`` for ``frequency`` documents of ``size``; 0 for an empty
    index (where no term occurs) instead of the logarithm of zero."""
    if size <= 0:
        return 0.0
    return log(size / (frequency + 1)) + 1


def read_postings(reader, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    """Every posting of ``term`` in ``field``: (document numbers, weights); deleted documents
    are included (``Columns.alive`` masks them), as Whoosh counts them in document frequencies."""
    ids, weights = [], []
    for leaf, offset in reader.leaf_readers():
        if (field, term) not in leaf:
            continue
        matcher = leaf.postings(field, term)
        matcher = getattr(matcher, "child", matcher)  # deletions wrap the on-disk matcher in a filter
        arrays = _block_arrays(matcher)
        if arrays is None:
            arrays = _matcher_arrays(matcher)
        ids.append(arrays[0] + offset)
        weights.append(arrays[1])
    if not ids:
        return np.empty(0, np.int64), np.empty(0, np.float32)
    return np.concatenate(ids), np.concatenate(weights)


def read_positions(reader, field: str, term: str, docs: np.ndarray) -> dict[int, frozenset[int]]:
    """Positions of ``term`` in ``field`` for the (sorted) document numbers ``docs`` that hold it.
    Only the posting blocks holding one of ``docs`` are read."""
    out: dict[int, frozenset[int]] = {}
    decode = reader.schema[field].format.decode_positions
    for leaf, offset in reader.leaf_readers():
        size = leaf.doc_count_all()
        local = docs[(docs >= offset) & (docs < offset + size)] - offset
        if not len(local) or (field, term) not in leaf:
            continue
        matcher = leaf.postings(field, term)
        matcher = getattr(matcher, "child", matcher)
        if not all(hasattr(matcher, name) for name in _ON_DISK):
            for doc in local.tolist():  # short, in-line posting lists
                if not matcher.is_active():
                    break
                matcher.skip_to(doc)
                if matcher.is_active() and matcher.id() == doc:
                    out[doc + offset] = frozenset(matcher.value_as("positions"))
            continue
        at = 0
        for block in _blocks(matcher):
            if at == len(local):
                break
            if block.maxid < local[at]:
                continue  # no wanted document here: the block is never unpickled
            ids = block.ids()
            end = int(np.searchsorted(local, ids[-1], side="right"))
            wanted = local[at:end]
            where = np.searchsorted(ids, wanted)
            values = block.data()[2]
            for doc, i in zip(wanted.tolist(), where.tolist(), strict=True):
                if i < len(ids) and ids[i] == doc:
                    out[doc + offset] = frozenset(decode(values[i]))
            at = end
    return out


class Ranker:
    """Scores and masks over every document of one open searcher."""

    def __init__(self, searcher, length_fields: tuple[str, ...], facet_fields: tuple[str, ...],
                 date_field: str, budget: int = CACHE_POSTINGS):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.columns = Columns(self.reader, length_fields, facet_fields, date_field)
        self.size = self.columns.size
        self.budget = budget
        self._cache: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached = 0

    def postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        key = (field, term)
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        found = read_postings(self.reader, field, term)
        self._cache[key] = found
        self._cached += len(found[0])
        while self._cached > self.budget and len(self._cache) > 1:
            _, (old, _) = self._cache.popitem(last=False)
            self._cached -= len(old)
        return found

    def frequency(self, field: str, term: str) -> int:
        """How many documents hold ``term`` in ``field`` (deleted ones too, as idf counts them), from the
        cache or the term's entry in the lexicon — without reading its postings."""
        found = self._cache.get((field, term))
        if found is not None:
            return len(found[0])
        return self.reader.doc_frequency(field, term)

    def mask(self, clauses: list[Clause]) -> np.ndarray:
        """Documents where any clause's term occurs."""
        out = np.zeros(self.size, dtype=bool)
        for field, term, _ in clauses:
            out[self.postings(field, term)[0]] = True
        return out

    def score(self, clauses: list[Clause], into: np.ndarray) -> None:
        """Add every clause's BM25F score to ``into`` (one slot per document)."""
        columns = self.columns
        for field, term, boost in clauses:
            ids, weights = self.postings(field, term)
            if not len(ids):
                continue
            weight = idf(self.size, len(ids))
            lengths = columns.lengths.get(field)
            if lengths is None:
                norm = 1.0
            else:
                norm = (1 - B) + B * lengths[ids] / columns.kind_average[field][ids]
            into[ids] += (boost * weight) * (weights * (K1 + 1)) / (weights + K1 * norm)

    def all_of(self, groups: list[list[Clause]]) -> np.ndarray:
        """Live documents where every group matches."""
        matched = self.columns.alive.copy()
        for group in groups:
            matched &= self.mask(group)
        return matched

    def facet_counts(self, name: str, matched: np.ndarray) -> dict[str, int]:
        codes, values = self.columns.facets[name]
        picked = codes[matched]
        picked = picked[picked >= 0]
        counts = np.bincount(picked, minlength=len(values))
        return {values[i]: int(counts[i]) for i in np.nonzero(counts)[0]}

    def value_mask(self, name: str, value: str) -> np.ndarray:
        codes, values = self.columns.facets[name]
        try:
            return codes == values.index(value)
        except ValueError:
            return np.zeros(self.size, dtype=bool)
