""""Did you mean": a correction only for the syllables the corpus does not know as typed.

A syllable is *known as typed* when the index holds it spelt that way: typed with diacritics
("đ" counts), its exact lower-case form (NFC, modern tone placement) is a term of an exact field;
typed without, its letters are a term of a folded field. A query whose syllables are all known is
never "corrected" — "Luật Đất đai" is not "luận đạt đại", "luat dat dai" is a fine accent-free
query. Only an unknown syllable is replaced, by a spelling the index has:

* its accent variants (the same folded letters: "thưc" → thực, thức, thúc …), and
* the syllables one edit away on the folded form ("chínhh" → "chinh"), in every accented spelling
  the index has (chính, chỉnh …); a syllable typed without diacritics keeps to folded spellings.

Of all combinations the one whose syllables make the most frequent bigrams with their neighbours
wins, then the one of most frequent syllables. A bigram's frequency is how many documents hold the
two syllables side by side: only the folded fields keep positions, so it is the documents holding
both exact syllables (their postings intersected) where the folded pair is adjacent, counted in a
bounded sample of the intersection and scaled to it — one suggestion stays a few reads.

Used by :class:`vankien.search.query.Searcher`; this module reads the index through a
:class:`vankien.search.ranking.Ranker` only (query.py imports it, not the reverse).
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from vankien.graph.extract.numbers import find_numbers
from vankien.graph.text import collapse_space, fold, unify_tones
from vankien.search.ranking import Ranker, read_positions

# The exact fields and their folded twins; only the folded ones keep positions.
EXACT_FIELDS = ("label", "text", "aliases", "body")
# Where a bigram is counted: the names and texts (an official body is long and read rarely).
BIGRAM_FIELDS = (("label", "label_f"), ("text", "text_f"))
# Documents of a pair's intersection whose positions are read (the first ones: lowest numbers).
BIGRAM_SAMPLE = 400
# Edit candidates kept per syllable (the most frequent); accent variants are all kept.
MAX_EDIT_CANDIDATES = 16
# A syllable this short has too many neighbours one edit away to guess from.
MIN_EDIT_LETTERS = 3
# More unknown syllables than this: not a misspelt Vietnamese query (another language, a code).
MAX_UNKNOWN = 4
# Document sets kept per Speller (a common syllable's is some 100 kB).
CACHE_DOC_SETS = 512

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_TOKEN = re.compile(r"[^\W_]+")
# A field:value filter ("issuer:…", "year:2021") or a "quoted phrase": left as typed.
_FIELD = re.compile(r"(?<![\w:])[A-Za-z]+:(?=\S)")


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
        return fold(self.form) if self.exact else self.form


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
    """Read the lexicons of the exact fields once. The folded fields' terms are these folded (the
    folded analyser is the exact one plus folding), so they are not read again."""
    frequency: dict[str, int] = {}
    for name in EXACT_FIELDS:
        if name not in reader.schema:
            continue
        for term, info in reader.iter_field(name):
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

    def __init__(self, ranker: Ranker) -> None:
        self.ranker = ranker
        self._vocabulary: Vocabulary | None = None
        self._bigrams: dict[tuple[Spelling, Spelling], float] = {}
        self._docs: OrderedDict[Spelling, np.ndarray] = OrderedDict()

    @property
    def vocabulary(self) -> Vocabulary:
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
        vocabulary = self.vocabulary
        lower = typed.lower()
        accented = has_diacritics(lower)
        spelling = Spelling(lower, accented)
        if vocabulary.knows(spelling):
            return _Slot(start, end, typed, True, [spelling], [0])
        candidates = self._candidates(lower, accented)
        return _Slot(start, end, typed, False, [c for c, _ in candidates], [n for _, n in candidates])

    def _candidates(self, lower: str, accented: bool) -> list[tuple[Spelling, int]]:
        """(spelling, letters changed) for an unknown syllable: its accent variants (0), then the most
        frequent spellings one edit away (1)."""
        vocabulary = self.vocabulary
        folded = fold(lower)
        if not folded.isalpha() or not folded.isascii():
            return []  # letters of another script: nothing to compare them with
        near = one_edit_away(folded) if len(folded) >= MIN_EDIT_LETTERS else set()
        if not accented:
            edits = sorted((w for w in near if w in vocabulary.folded_frequency),
                           key=lambda w: (-vocabulary.folded_frequency[w], w))
            return [(Spelling(w, False), 1) for w in edits[:MAX_EDIT_CANDIDATES]]
        variants = [(Spelling(w, True), 0) for w in vocabulary.spellings.get(folded, ()) if w != lower]
        edits = sorted((w for key in near for w in vocabulary.spellings.get(key, ())),
                       key=lambda w: (-vocabulary.frequency[w], w))
        return variants + [(Spelling(w, True), 1) for w in edits[:MAX_EDIT_CANDIDATES]]

    # -- choosing -------------------------------------------------------------------------------
    def _best(self, run: list[_Slot]) -> tuple[list[Spelling | None], list[bool]]:
        """The spellings of a run of neighbours with the most frequent bigrams, then the fewest letters
        changed, then the most frequent syllables (dynamic programming over the slots), and for each
        slot whether a bigram supports it."""
        vocabulary = self.vocabulary
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
                    options.append(((bigrams + self.bigram(before, spelling), kept + own[1], unigrams + own[2]), j))
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
            supported.append(any(a and b and self.bigram(a, b) > 0 for a, b in pairs))
        return chosen, supported

    # -- counting in the index -----------------------------------------------------------------
    def documents(self, spelling: Spelling) -> np.ndarray:
        """Sorted live documents holding ``spelling`` in a name or text (exact or folded fields)."""
        found = self._docs.get(spelling)
        if found is not None:
            self._docs.move_to_end(spelling)
            return found
        parts = [self.ranker.postings(exact if spelling.exact else folded, spelling.form)[0]
                 for exact, folded in BIGRAM_FIELDS]
        docs = np.union1d(*parts)
        found = docs[self.ranker.columns.alive[docs]]
        self._docs[spelling] = found
        if len(self._docs) > CACHE_DOC_SETS:
            self._docs.popitem(last=False)
        return found

    def bigram(self, first: Spelling, second: Spelling) -> float:
        """About how many documents hold ``first`` and ``second`` side by side, in this order."""
        key = (first, second)
        found = self._bigrams.get(key)
        if found is None:
            found = self._bigrams[key] = self._count_bigram(first, second)
        return found

    def _count_bigram(self, first: Spelling, second: Spelling) -> float:
        both = np.intersect1d(self.documents(first), self.documents(second), assume_unique=True)
        if not len(both):
            return 0.0
        sample = both[:BIGRAM_SAMPLE]
        adjacent: set[int] = set()
        reader = self.ranker.reader
        for _, folded_field in BIGRAM_FIELDS:
            left = read_positions(reader, folded_field, first.folded, sample)
            right = read_positions(reader, folded_field, second.folded, sample)
            for doc, starts in left.items():
                if doc not in adjacent and any(p + 1 in right.get(doc, ()) for p in starts):
                    adjacent.add(doc)
        return len(adjacent) * len(both) / len(sample)
