"""Vietnamese text analysis for the Whoosh full-text index.

Built like :mod:`whoosh.analysis`: one tokenizer and small filters composed
with ``|``::

    exact_analyzer()        == SyllableTokenizer() | DocNumberFilter() | LowercaseFilter()
    folded_analyzer()       == exact_analyzer() | FoldFilter()
    folded_name_analyzer()  == folded_analyzer() | PairFilter()

* :class:`SyllableTokenizer` normalises the text (NFC and modern tone
  placement, :func:`graph.text.unify_tones`) and yields every syllable — a
  run of Unicode letters and digits — at consecutive positions. It also
  recognises official document numbers (:func:`graph.extract.numbers.find_numbers`,
  called once per text) and tags the syllables that make up each one.
* :class:`DocNumberFilter` adds a whole-number token (the canonical number,
  "40-NQ/TU") next to the parts ("40", "NQ", "TU").
* :class:`~whoosh.analysis.LowercaseFilter` (Whoosh's own) lower-cases.
* :class:`FoldFilter` strips every diacritic and maps "đ" to "d".
* :class:`PairFilter` adds, when indexing, each pair of adjacent syllables as one more term ("an toan"
  beside "an" and "toan", at the position of the first): a query's words found side by side in a name
  or headline are then read from postings like any word, over every match at once, without decoding
  positions. Only names have it: in article bodies nearly every pair is a new term, and Whoosh's cost
  per term made indexing five times slower; there, pairs are read from positions for the best matches.

Exact and folded tokens go to two separate fields: Whoosh builds a phrase
query from the query-mode token list regardless of positions, so mixing
"kết" and "ket" in one field breaks phrases.

Positions of document numbers
-----------------------------
In the index, the parts take ordinary consecutive positions, exactly as if
the number were plain words, and the whole token is an extra token at the
position of the first part (like a synonym)::

    "Nghị quyết 40-NQ/TU ban hành"
    nghị:0 quyết:1 40-nq/tu:2 40:2 nq:3 tu:4 ban:5 hành:6

So the phrase ``"40 nq tu"`` (and ``"nghị quyết 40 nq tu ban hành"``) match
through the parts, the term ``40-nq/tu`` matches the whole token, and
``"nghị quyết 40-nq/tu"`` matches too; no phrase can match across a gap or
an overlap that is not in the text. Letting the whole token shift the
following positions instead would make part phrases match falsely
("nq hành").

Whoosh turns the query-mode token list of a phrase into consecutive words,
so in ``mode="query"`` a number is emitted one way only: a text that is
just one number ("40-NQ/TU", what the parser analyses for a bare term)
gives the whole token alone — a precise single term; a number among other
words (a phrase) gives its parts, which always line up with their
neighbours. Other modes (``"index"``, ``""``) give both.

Offsets (``chars=True``) index the text after NFC, which is the input itself
when the input is NFC (tone unification never changes lengths); for NFD
input they refer to the NFC form of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain

from whoosh.analysis import CompositeAnalyzer, Filter, LowercaseFilter, Token, Tokenizer

from vankien.graph.extract.numbers import find_numbers
from vankien.graph.text import fold, unify_tones

__all__ = [
    "DocNumberFilter",
    "FoldFilter",
    "PairFilter",
    "SyllableTokenizer",
    "exact_analyzer",
    "folded_analyzer",
    "folded_name_analyzer",
    "normalize_text",
    "query_terms",
]

_SYLLABLE = re.compile(r"[^\W_]+")


def normalize_text(text: str) -> str:
    """NFC with modern tone placement ("uỷ" → "ủy"); length-preserving for NFC input."""
    return unify_tones(text)


class SyllableTokenizer(Tokenizer):
    """Syllables (runs of letters and digits) of the normalised text.

    Every token has a ``number`` attribute: ``(canonical, start, end)`` of the
    document number the syllable belongs to (offsets include ``start_char``),
    or None.
    """

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        text = normalize_text(value)
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.number = None
        if not tokenize:
            t.original = t.text = text
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(text)
            yield t
            return

        numbers = find_numbers(text)
        n_idx, n_count = 0, len(numbers)
        n_start = numbers[0][0] if numbers else -1
        n_end = numbers[0][1] if numbers else -1
        n_info = (numbers[0][2].canonical, start_char + n_start, start_char + n_end) if numbers else None

        for pos, m in enumerate(_SYLLABLE.finditer(text), start_pos):
            start = m.start()
            while n_info is not None and start >= n_end:  # past the current number
                n_idx += 1
                if n_idx < n_count:
                    n_start, n_end, number = numbers[n_idx]
                    n_info = (number.canonical, start_char + n_start, start_char + n_end)
                else:
                    n_info = None
            t.number = n_info if n_info is not None and start >= n_start else None
            t.text = m.group()
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = t.text
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + m.end()
            yield t


class DocNumberFilter(Filter):
    """Adds the whole canonical number before the parts of each document number.

    Index mode: whole token at the first part's position and over the whole
    number's characters, then the parts unchanged. Query mode: a text that is
    one number alone gives the whole token only, otherwise only the parts
    (see the module docstring).
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        tokens = iter(tokens)
        for first in tokens:  # the first token tells the mode
            if first.mode == "query":
                yield from self._query(first, tokens)
            else:
                yield from self._index(first, tokens)
            return

    @staticmethod
    def _index(first: Token, rest: Iterator[Token]) -> Iterator[Token]:
        last_start = None
        for t in chain((first,), rest):
            number = getattr(t, "number", None)  # None after another tokenizer
            if number is not None and number[1] != last_start:  # first part of a number
                last_start = number[1]
                part_text = t.text
                part_chars = (t.startchar, t.endchar) if t.chars else None
                t.text = number[0]
                if part_chars:
                    t.startchar, t.endchar = number[1], number[2]
                yield t
                t.text = part_text
                if part_chars:
                    t.startchar, t.endchar = part_chars
            yield t

    @staticmethod
    def _query(first: Token, rest: Iterator[Token]) -> Iterator[Token]:
        """Query mode: the (short) query is buffered; the whole token if it is one number alone."""
        buffered = [first.copy()] + [t.copy() for t in rest]
        number = getattr(first, "number", None)
        if number is not None and all(getattr(t, "number", None) == number for t in buffered):
            whole = buffered[0]
            whole.text = number[0]
            if whole.chars:
                whole.startchar, whole.endchar = number[1], number[2]
            yield whole
        else:
            yield from buffered


@lru_cache(maxsize=200_000)
def _fold_token(text: str) -> str:
    return fold(text)


class FoldFilter(Filter):
    """Every diacritic removed and "đ" → "d", lower case ("Nghị" → "nghi")."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = _fold_token(t.text)
            yield t


class PairFilter(Filter):
    """Index mode: after each syllable, the pair it makes with the syllable before ("an toan"), at that
    one's position. A whole document number ("40-nq/tu", beside its parts) pairs with nothing; its parts
    do. Query mode: the tokens unchanged (the query's pairs are formed by :func:`query_pairs`)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        previous, previous_pos, previous_start = None, None, None
        for t in tokens:
            yield t
            text = t.text
            if t.mode == "query" or not text.isalnum():  # a whole number holds "-" or "/"; a syllable never
                continue
            pos = t.pos if t.positions else None
            start = t.startchar if t.chars else None
            if previous is not None:
                t.text = previous + " " + text
                if pos is not None:
                    t.pos = previous_pos
                if start is not None:
                    t.startchar = previous_start
                yield t
                t.text = text
                if pos is not None:
                    t.pos = pos
                if start is not None:
                    t.startchar = start
            previous, previous_pos, previous_start = text, pos, start


def query_pairs(folded: list[str]) -> list[str]:
    """The pair terms of a query's folded words, as :class:`PairFilter` indexes them, each once."""
    return list(dict.fromkeys(f"{a} {b}" for a, b in zip(folded, folded[1:], strict=False)))


def exact_analyzer() -> CompositeAnalyzer:
    """NFC, unified tones, lower-case syllables plus whole document numbers."""
    return SyllableTokenizer() | DocNumberFilter() | LowercaseFilter()


def folded_analyzer() -> CompositeAnalyzer:
    """The exact tokens folded: no diacritics, "đ" → "d"."""
    return exact_analyzer() | FoldFilter()


def folded_name_analyzer() -> CompositeAnalyzer:
    """The folded tokens and, when indexing, each pair of adjacent syllables ("an toan")."""
    return folded_analyzer() | PairFilter()


_EXACT = exact_analyzer()
_FOLDED = folded_analyzer()


def query_terms(text: str, folded: bool) -> list[str]:
    """Token texts of ``text`` analysed in query mode for the exact or folded field.

    A text that is one document number gives its whole token ("40-nq/tu");
    a number among other words gives its parts, ready for a phrase query.
    """
    analyzer = _FOLDED if folded else _EXACT
    return [t.text for t in analyzer(text, mode="query")]
