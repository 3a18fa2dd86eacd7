""""Did you mean": a correction only for the syllables the corpus does not know as typed.

A syllable is *known as typed* when the index holds it spelt that way: typed with diacritics
("đ" counts), its exact lower-case form (NFC, modern tone placement) is a term of an exact field;
typed without, its letters are a term of a folded field. A query whose syllables are all known is
never "corrected" — "Luật Đất đai" is not "luận đạt đại", "luat dat dai" is a fine accent-free
query. Document numbers and words with digits are never touched; "phrases" and field:value filters
are left alone. Only an unknown syllable is replaced, keeping its capitals, by a spelling the index has:

* its accent variants (the same folded letters: "thưc" → thực, thức …), and
* the folded forms one edit away ("chínhh" → "chinh") in the accented spellings the index has
  (chính, chỉnh …); a syllable typed without diacritics keeps to folded forms.

Of all combinations (dynamic programming over each run of neighbouring syllables) the one whose
syllables make the most frequent bigrams with their neighbours wins, then the one changing the fewest
letters, then the one of most frequent syllables. A bigram's frequency is about how many documents
hold the two spellings side by side, in a name or a text. The exact fields keep no positions, so
it is counted in a bounded sample of the documents holding both spellings (their postings
intersected), where the folded pair is adjacent — read from the pair terms of a folded field
that holds them ("thuc pham", the names), else from its positions. Where another spelling of the
same letters shares the document ("những" beside "tham nhũng"), a few such documents are read to
see which one stood there. An unknown syllable that no bigram supports is corrected only when the
query found nothing.

Used by :class:`vankien.search.query.Searcher`; this module reads the index through a
:class:`vankien.search.ranking.Ranker` (query.py imports it, not the reverse).
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from vankien.graph.extract.numbers import find_numbers
from vankien.graph.text import collapse_space, fold, unify_tones
from vankien.search import analysis
from vankien.search.ranking import Ranker, read_positions

# The exact fields and their folded twins; only the folded ones keep positions.
EXACT_FIELDS = ("label", "text", "aliases", "body")
# Where a bigram is counted: the names and texts (an official body is long and read rarely).
BIGRAM_FIELDS = (("label", "label_f"), ("text", "text_f"))
# Documents of a pair's intersection looked at (the first ones: lowest numbers); the count is scaled up.
BIGRAM_SAMPLE = 400
# A syllable this short has too many neighbours one edit away to guess from.
MIN_EDIT_LETTERS = 3
# Per unknown syllable, the folded forms one edit away whose bigrams are counted, and the spellings per form.
SHORTLIST_FORMS = 3
SHORTLIST_SPELLINGS = 8  # the rarer ones cost little: their posting lists are short
# More unknown syllables than this: not a misspelt Vietnamese query (another language, a code).
MAX_UNKNOWN = 4
# Document sets kept per Speller (a flag per document: 50 kB each on 50,000), and bigrams (dropped all at once).
CACHE_DOC_SETS = 256
CACHE_BIGRAMS = 200_000
# Documents read to tell which of two spellings stood side by side (per pair), and texts kept.
VERIFY = 12
CACHE_TEXTS = 256
# Folded terms whose positions are kept, and the documents kept per term (beyond: read again).
CACHE_POSITIONS = 64
CACHE_POSITIONS_DOCS = 5000

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_TOKEN = re.compile(r"[^\W_]+")
# A field:value filter ("issuer:…", "year:2021"): such a query is left as typed.
_FIELD = re.compile(r"(?<![\w:])[A-Za-z]+:(?=\S)")
# A syllable whose tone is placed differently in the old spelling ("hòa"/"hoà", "thủy"/"thuỷ").
_PLACED = re.compile(r"(?:[òóỏõọ][ae]|[ùúủũụ]y)$")


_folded = lru_cache(maxsize=100_000)(fold)  # a candidate's folded form is asked for at every step


def one_edit_away(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion (of a-z) away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
            | {a + c + b for a, b in splits for c in _LETTERS}) - {word}


def has_diacritics(word: str) -> bool:
    """Whether ``word`` carries a mark or "đ" (what makes it an exact-field word)."""
    return fold(word) != word.lower()


def with_case_of(word: str, typed: str) -> str:
    """``word`` (lower case) in the case pattern of ``typed``: "CHÍNH", "Chính" or "chính"."""
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@dataclass(frozen=True)
class Spelling:
    """A syllable as the index holds it: ``exact`` a term of the exact fields, else of the folded ones."""

    form: str
    exact: bool

    @property
    def folded(self) -> str:
        return _folded(self.form) if self.exact else self.form


def _word_ends(text: str, start: int) -> int:
    """Where the word starting at ``start`` ends."""
    end = start
    while end < len(text) and text[end].isalnum():
        end += 1
    return end


def side_by_side_in(text: str, first: Spelling, second: Spelling) -> bool:
    """Whether the lower-case ``text`` holds the word ``first`` and, after spaces or punctuation, the word
    ``second`` (a folded spelling matches the word of any accents). One of them is exact: its
    occurrences are found by plain string search."""
    anchor = first if first.exact else second
    at = text.find(anchor.form)
    while at != -1:
        end = at + len(anchor.form)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            if anchor is first:
                after = end
                while after < len(text) and not text[after].isalnum():
                    after += 1
                word = text[after:_word_ends(text, after)]
                if after > end and word and fold(word) == second.folded and (not second.exact or word == second.form):
                    return True
            else:
                before = at
                while before > 0 and not text[before - 1].isalnum():
                    before -= 1
                start = before
                while start > 0 and text[start - 1].isalnum():
                    start -= 1
                word = text[start:before]
                if before < at and word and fold(word) == first.folded:
                    return True
        at = text.find(anchor.form, at + 1)
    return False


@dataclass
class Vocabulary:
    """The syllables of the index: exact term → documents (summed over the exact fields), folded
    syllable → its exact spellings, most frequent first, and the folded syllables' frequencies."""

    frequency: dict[str, int]
    spellings: dict[str, tuple[str, ...]]
    folded_frequency: dict[str, int]

    def knows(self, spelling: Spelling) -> bool:
        return spelling.form in (self.frequency if spelling.exact else self.folded_frequency)

    def count(self, spelling: Spelling) -> int:
        return (self.frequency if spelling.exact else self.folded_frequency).get(spelling.form, 0)


def build_vocabulary(reader) -> Vocabulary:
    """Read the lexicons of the exact fields once, segment by segment (a multi-segment reader looks
    each term up in every segment). The folded fields' terms are these folded (the folded analyser is
    the exact one plus folding), so they are not read again."""
    frequency: dict[str, int] = {}
    for leaf, _ in reader.leaf_readers():
        for name in EXACT_FIELDS:
            if name not in leaf.schema:
                continue
            for term, info in leaf.iter_field(name):
                word = term.decode("utf-8") if isinstance(term, bytes) else term
                if word.isalpha():
                    frequency[word] = frequency.get(word, 0) + info.doc_frequency()
    grouped: dict[str, list[str]] = {}
    folded_frequency: dict[str, int] = {}
    for word, count in frequency.items():
        key = fold(word)
        grouped.setdefault(key, []).append(word)
        folded_frequency[key] = folded_frequency.get(key, 0) + count
    spellings = {key: tuple(sorted(words, key=lambda w: (-frequency[w], w))) for key, words in grouped.items()}
    return Vocabulary(frequency, spellings, folded_frequency)


@dataclass
class _Slot:
    """One syllable of the query: where it is, as typed, and the spellings it may take."""

    start: int
    end: int
    typed: str
    known: bool
    candidates: list[Spelling]
    changes: list[int]  # letters each candidate changes (0: the same letters, another accent)


class Speller:
    """Did-you-mean over one open index (its :class:`Ranker`); vocabulary and bigrams cached."""

    def __init__(self, ranker: Ranker, use_pairs: bool | None = None) -> None:
        """``use_pairs``: None reads adjacency from pair terms in the fields that hold them, from
        positions elsewhere; False always from positions."""
        self.ranker = ranker
        self._vocabulary: Vocabulary | None = None
        self._bigrams: dict[tuple[Spelling, Spelling], float] = {}
        self._beside_counts: dict[tuple[str, str], int] = {}
        self._docs: OrderedDict[Spelling, np.ndarray] = OrderedDict()
        # (folded field, folded term) → (documents looked at, positions in those that hold the term)
        self._read: dict[tuple[str, str], tuple[set[int], dict[int, frozenset[int]]]] = {}
        self._samples: dict[tuple[Spelling, Spelling], tuple[np.ndarray, int]] = {}
        self._texts: dict[tuple[int, str], str] = {}  # (document, field) → its stored text, lower case
        self._pair_fields: frozenset[str] | None = frozenset() if use_pairs is False else None

    @property
    def ready(self) -> bool:
        """Whether the vocabulary has been read (what warming a server up is for)."""
        return self._vocabulary is not None

    def vocabulary(self) -> Vocabulary:
        """The index's syllables, read on first use (warm a server with it: some 0.5–1 s on 35,000 articles)."""
        if self._vocabulary is None:
            self._vocabulary = build_vocabulary(self.ranker.reader)
        return self._vocabulary

    def suggest(self, text: str, total: int) -> str | None:
        """The query with its unknown syllables corrected, or None when there is nothing to correct.

        ``text`` is the query as typed, ``total`` how many results it found: an unknown syllable
        that no candidate joins to its neighbours is replaced only when the query found nothing
        (a name the corpus lacks is no typo to correct while the query finds something).
        """
        text = collapse_space(unify_tones(unicodedata.normalize("NFC", text)))
        if not text or '"' in text or _FIELD.search(text):
            return None
        runs = self._slots(text)
        unknown = [slot for run in runs for slot in run if not slot.known]
        if not unknown or len(unknown) > MAX_UNKNOWN:
            return None
        replaced: dict[int, str] = {}
        for run in runs:
            if all(slot.known for slot in run):
                continue
            self._shortlist(run)
            chosen, supported = self._best(run)
            for i, (slot, spelling) in enumerate(zip(run, chosen, strict=True)):
                if slot.known or spelling is None:
                    continue
                if len(run) > 1 and not supported[i] and total > 0:
                    continue
                replaced[slot.start] = with_case_of(spelling.form, slot.typed)
        if not replaced:
            return None
        out, at = [], 0
        for slot in (slot for run in runs for slot in run):
            if slot.start in replaced:
                out += [text[at:slot.start], replaced[slot.start]]
                at = slot.end
        suggestion = "".join(out) + text[at:]
        return None if suggestion == text else suggestion

    # -- reading the query -------------------------------------------------------------------
    def _slots(self, text: str) -> list[list[_Slot]]:
        """The query's syllables in runs of neighbours. A document number or any word with a digit
        is never corrected and separates the runs around it."""
        numbers = [(start, end) for start, end, _ in find_numbers(text)]
        with_digits = [(m.start(), m.end()) for m in re.finditer(r"\S+", text) if re.search(r"\d", m.group())]
        protected = numbers + with_digits
        runs: list[list[_Slot]] = [[]]
        for m in _TOKEN.finditer(text):
            if any(start <= m.start() < end for start, end in protected):
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append(self._slot(m.start(), m.end(), m.group()))
        return [run for run in runs if run]

    def _slot(self, start: int, end: int, typed: str) -> _Slot:
        vocabulary = self.vocabulary()
        lower = typed.lower()
        accented = has_diacritics(lower)
        spelling = Spelling(lower, accented)
        if vocabulary.knows(spelling):
            return _Slot(start, end, typed, True, [spelling], [0])
        candidates = self._candidates(lower, accented)
        return _Slot(start, end, typed, False, [c for c, _ in candidates], [n for _, n in candidates])

    def _candidates(self, lower: str, accented: bool) -> list[tuple[Spelling, int]]:
        """(spelling, letters changed) for an unknown syllable: its accent variants (0), then the
        spellings one edit away (1); :meth:`_shortlist` keeps those worth counting."""
        vocabulary = self.vocabulary()
        folded = fold(lower)
        if not folded.isalpha() or not folded.isascii():
            return []  # letters of another script: nothing to compare them with
        near = sorted(one_edit_away(folded)) if len(folded) >= MIN_EDIT_LETTERS else []
        if not accented:
            return [(Spelling(w, False), 1) for w in near if w in vocabulary.folded_frequency]
        variants = [(Spelling(w, True), 0) for w in vocabulary.spellings.get(folded, ()) if w != lower]
        return variants + [(Spelling(w, True), 1) for key in near for w in vocabulary.spellings.get(key, ())]

    # -- choosing -------------------------------------------------------------------------------
    def _shortlist(self, run: list[_Slot]) -> None:
        """Keep, for each unknown slot, the spellings worth counting bigrams for. Spellings of the same
        folded letters share their adjacency, so the cost is in the folded forms: the typed letters'
        accent variants are kept, and the few forms one edit away that stand most often beside the
        known neighbours in the fields holding pair terms (a lexicon look-up), then the most frequent;
        of each form, its most frequent spellings."""
        vocabulary = self.vocabulary()
        for i, slot in enumerate(run):
            if slot.known:
                continue
            left = run[i - 1].candidates[0].folded if i and run[i - 1].known else None
            right = run[i + 1].candidates[0].folded if i + 1 < len(run) and run[i + 1].known else None
            forms: dict[str, list[tuple[Spelling, int]]] = {}
            for spelling, changes in zip(slot.candidates, slot.changes, strict=True):
                forms.setdefault(spelling.folded, []).append((spelling, changes))
            variants = [group for group in forms.values() if group[0][1] == 0]
            edits = sorted((group for group in forms.values() if group[0][1] > 0), key=lambda group: (
                -sum(self._beside(a, b) for a, b in ((left, group[0][0].folded), (group[0][0].folded, right))
                     if a and b),
                -vocabulary.folded_frequency.get(group[0][0].folded, 0)))[:SHORTLIST_FORMS]
            kept = [sorted(group, key=lambda pair: -vocabulary.count(pair[0]))[:SHORTLIST_SPELLINGS]
                    for group in variants + edits]
            slot.candidates = [spelling for group in kept for spelling, _ in group]
            slot.changes = [changes for group in kept for _, changes in group]

    def _best(self, run: list[_Slot]) -> tuple[list[Spelling | None], list[bool]]:
        """The spellings of a run of neighbours with the most frequent bigrams, then the fewest letters
        changed, then the most frequent syllables (dynamic programming over the slots), and for each
        slot whether a bigram supports it."""
        vocabulary = self.vocabulary()
        # A pair of known syllables adds the same to every combination: only pairs touching an unknown count.
        counted = [i for i in range(1, len(run)) if not (run[i - 1].known and run[i].known)]
        self._prefetch([(before, spelling) for i in counted
                        for before in run[i - 1].candidates for spelling in run[i].candidates])
        # For each slot: candidate → (score, previous candidate's index); a score is
        # (bigram documents, −letters changed, syllable documents), summed along the run.
        table: list[list[tuple[tuple[float, int, int], int]]] = []
        for i, slot in enumerate(run):
            row = []
            for spelling, changes in zip(slot.candidates, slot.changes, strict=True):
                own = (0.0, -changes, 0 if slot.known else vocabulary.count(spelling))
                if i == 0 or not run[i - 1].candidates:
                    row.append((own, -1))
                    continue
                options = []
                for j, before in enumerate(run[i - 1].candidates):
                    (bigrams, kept, unigrams), _ = table[i - 1][j]
                    bigram = self.bigram(before, spelling) if i in counted else 0.0
                    options.append(((bigrams + bigram, kept + own[1], unigrams + own[2]), j))
                row.append(max(options, key=lambda option: option[0]))
            table.append(row)
        chosen: list[Spelling | None] = [None] * len(run)
        at = max(range(len(table[-1])), key=lambda k: table[-1][k][0]) if table[-1] else -1
        for i in range(len(run) - 1, -1, -1):
            if at == -1:
                # No candidate here: the run is cut; go on from the best of the slot before.
                if i and table[i - 1]:
                    at = max(range(len(table[i - 1])), key=lambda k: table[i - 1][k][0])
                continue
            chosen[i] = run[i].candidates[at]
            at = table[i][at][1]
        supported = []
        for i, spelling in enumerate(chosen):
            pairs = [(chosen[i - 1], spelling)] if i else []
            pairs += [(spelling, chosen[i + 1])] if i + 1 < len(chosen) else []
            supported.append(run[i].known or any(a and b and self.bigram(a, b) > 0 for a, b in pairs))
        return chosen, supported

    # -- counting in the index -----------------------------------------------------------------
    @property
    def pair_fields(self) -> frozenset[str]:
        """The folded fields of :data:`BIGRAM_FIELDS` that hold each pair of adjacent syllables as a
        term ("an toan"): there adjacency is read from that term's postings, elsewhere from positions."""
        if self._pair_fields is None:
            pair_filter = getattr(analysis, "PairFilter", None)
            schema = self.ranker.reader.schema
            self._pair_fields = frozenset(
                folded for _, folded in BIGRAM_FIELDS
                if pair_filter is not None and folded in schema
                and any(isinstance(item, pair_filter) for item in getattr(schema[folded].analyzer, "items", ())))
        return self._pair_fields

    @property
    def indexes_pairs(self) -> bool:
        """Whether every field a bigram is counted in holds pair terms (then their lexicon bounds a bigram)."""
        return all(folded in self.pair_fields for _, folded in BIGRAM_FIELDS)

    def documents(self, spelling: Spelling) -> np.ndarray:
        """Which live documents hold ``spelling`` in a name or text (exact or folded fields): one flag
        per document, so two are intersected in one pass over the index instead of a sort."""
        found = self._docs.get(spelling)
        if found is not None:
            self._docs.move_to_end(spelling)
            return found
        found = np.zeros(self.ranker.size, dtype=bool)
        for exact, folded in BIGRAM_FIELDS:
            found[self.ranker.postings(exact if spelling.exact else folded, spelling.form)[0]] = True
        found &= self.ranker.columns.alive
        self._docs[spelling] = found
        if len(self._docs) > CACHE_DOC_SETS:
            self._docs.popitem(last=False)
        return found

    def _beside(self, first: str, second: str) -> int:
        """How many documents hold the folded syllables ``first`` and ``second`` side by side in the
        fields holding pair terms, read from their lexicons (0 without such fields: reading postings to
        tell would cost more than the bigrams it spares)."""
        fields = [folded for _, folded in BIGRAM_FIELDS if folded in self.pair_fields]
        if not fields:
            return 0
        key = (first, second)
        found = self._beside_counts.get(key)
        if found is None:
            if len(self._beside_counts) >= CACHE_BIGRAMS:
                self._beside_counts.clear()
            reader = self.ranker.reader
            found = self._beside_counts[key] = sum(reader.doc_frequency(folded, f"{first} {second}")
                                                   for folded in fields)
        return found

    def bigram(self, first: Spelling, second: Spelling) -> float:
        """About how many documents hold ``first`` and ``second`` side by side, in this order."""
        key = (first, second)
        found = self._bigrams.get(key)
        if found is None:
            if len(self._bigrams) >= CACHE_BIGRAMS:
                self._bigrams.clear()
            found = self._bigrams[key] = self._count_bigram(first, second)
        return found

    def _pair_sample(self, first: Spelling, second: Spelling) -> tuple[np.ndarray, int]:
        """The first documents holding both syllables, and how many hold both."""
        key = (first, second)
        found = self._samples.get(key)
        if found is None:
            both = np.flatnonzero(self.documents(first) & self.documents(second))
            found = self._samples[key] = (both[:BIGRAM_SAMPLE], len(both))
        return found

    def _prefetch(self, pairs: list[tuple[Spelling, Spelling]]) -> None:
        """Read the positions the bigrams of ``pairs`` need in the fields without pair terms, one read
        per folded term and field (a read costs a posting-list lookup per segment, whatever the number
        of documents)."""
        fields = [folded for _, folded in BIGRAM_FIELDS if folded not in self.pair_fields]
        if not fields:
            return
        wanted: dict[tuple[str, str], set[int]] = {}
        for first, second in pairs:
            if (first, second) in self._bigrams:
                continue
            sample, _ = self._pair_sample(first, second)
            for folded_field in fields:
                for term in (first.folded, second.folded):
                    wanted.setdefault((folded_field, term), set()).update(sample.tolist())
        for (folded_field, term), docs in wanted.items():
            self._positions(folded_field, term, np.array(sorted(docs), dtype=np.int64))

    def _adjacent(self, folded_field: str, first: str, second: str, sample: np.ndarray) -> list[int]:
        """The documents of ``sample`` whose ``folded_field`` holds ``first`` right before ``second``."""
        if folded_field in self.pair_fields:
            ids = self.ranker.postings(folded_field, f"{first} {second}")[0]
            return np.intersect1d(sample, ids, assume_unique=True).tolist()
        left = self._positions(folded_field, first, sample)
        right = self._positions(folded_field, second, sample)
        return [doc for doc, starts in left.items()
                if doc in right and any(p + 1 in right[doc] for p in starts)]

    def _count_bigram(self, first: Spelling, second: Spelling) -> float:
        if self.indexes_pairs and not self._beside(first.folded, second.folded):
            return 0.0  # never side by side, in any spelling: no posting list to read
        sample, size = self._pair_sample(first, second)
        self._samples.pop((first, second), None)
        if not size:
            return 0.0
        certain: set[int] = set()
        unsure: dict[int, str] = {}  # document → the stored field to read it in
        for field, folded_field in BIGRAM_FIELDS:
            docs = np.asarray(sorted(self._adjacent(folded_field, first.folded, second.folded, sample)), np.int64)
            if not len(docs):
                continue
            alone = self._alone(field, folded_field, first, docs) & self._alone(field, folded_field, second, docs)
            certain.update(docs[alone].tolist())
            for doc in docs[~alone].tolist():
                unsure.setdefault(doc, field)
        unsure = {doc: field for doc, field in unsure.items() if doc not in certain}
        found = float(len(certain))
        if unsure:
            checked = list(unsure.items())[:VERIFY]
            confirmed = sum(self._side_by_side(doc, field, first, second) for doc, field in checked)
            found += confirmed / len(checked) * len(unsure)
        return found * size / len(sample)

    def _counts(self, field: str, term: str, docs: np.ndarray) -> np.ndarray:
        """How many times ``term`` occurs in each of ``docs`` in ``field`` (a posting's weight is that
        count times the field's boost)."""
        ids, weights = self.ranker.postings(field, term)
        if not len(ids):
            return np.zeros(len(docs), dtype=np.int64)
        at = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
        boost = getattr(self.ranker.reader.schema[field].format, "field_boost", 1.0) or 1.0
        return np.where(ids[at] == docs, np.rint(weights[at] / boost), 0).astype(np.int64)

    def _alone(self, field: str, folded_field: str, spelling: Spelling, docs: np.ndarray) -> np.ndarray:
        """For each of ``docs``, whether every occurrence of the folded syllable is ``spelling``: then
        where the folded letters stand is where it stands. A syllable typed without diacritics is its
        folded form."""
        if not spelling.exact:
            return np.ones(len(docs), dtype=bool)
        return self._counts(field, spelling.form, docs) >= self._counts(folded_field, spelling.folded, docs)

    def _side_by_side(self, doc: int, field: str, first: Spelling, second: Spelling) -> bool:
        """Whether the stored ``field`` of ``doc`` holds the two spellings side by side: read when
        another spelling of the same letters shares the document (the folded fields cannot tell
        "tham nhũng" from "tham những" in a text holding both words)."""
        key = (doc, field)
        text = self._texts.get(key)
        if text is None:
            text = (self.ranker.searcher.stored_fields(doc).get(field) or "").lower()
            self._texts[key] = text
            if len(self._texts) > CACHE_TEXTS:
                self._texts.pop(next(iter(self._texts)))
        if _PLACED.search(first.form) or _PLACED.search(second.form):
            text = unify_tones(text)  # the text may write "hoà" where the index has "hòa"
        return side_by_side_in(text, first, second)

    def _positions(self, field: str, term: str, docs: np.ndarray) -> dict[int, frozenset[int]]:
        """Positions of a folded ``term`` in ``docs``, read once per Speller: every accent variant of a
        candidate shares its folded positions, and a neighbour's are read once for all candidates."""
        key = (field, term)
        known = self._read.get(key)
        if known is None:
            known = self._read[key] = (set(), {})
            if len(self._read) > CACHE_POSITIONS:
                self._read.pop(next(iter(self._read)))
        looked, found = known
        missing = np.array([d for d in docs.tolist() if d not in looked], dtype=np.int64)
        if len(looked) + len(missing) > CACHE_POSITIONS_DOCS:
            looked.clear()
            found.clear()
            missing = docs
        if len(missing):
            found.update(read_positions(self.ranker.reader, field, term, missing))
            looked.update(missing.tolist())
        return {doc: found[doc] for doc in docs.tolist() if doc in found}
