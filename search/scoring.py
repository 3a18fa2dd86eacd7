"""How a query's words match and score: diacritics as typed, and words found side by side.

* A syllable typed with diacritics ("toàn") matches that syllable only — the exact fields (lower case,
  NFC, modern tone placement), so "an toàn" never matches "toán" or "hoàn toàn" through "toan".
* A syllable typed without them ("toan") matches every accented form, through the folded fields; the
  same letters exactly as typed ("an" itself, "thi" rather than "thí") count for a share more.
* In the *approximate* reading (when the exact one finds too little) every word matches folded.
* Words typed side by side and found side by side count strongly: each adjacent pair of the query is
  scored like a word of its own (BM25F: saturating with the number of times the pair occurs, the field's
  boost and length) — in names and headlines from the pairs of syllables their folded fields index, for
  every match; in texts by reading the stored text of the best matches, in official bodies (not stored)
  from their positions. A headline holding the phrase thus outranks a headline holding one of its
  words, and an article repeating "giá vàng" outranks one where "giá" and "vàng" are far apart. And the
  more of the query's pairs a match holds, the more its whole score is multiplied: the whole phrase most.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from vankien.search.analysis import query_pairs
from vankien.search.ranking import K1, B, Clause, Ranker, idf, read_positions
from vankien.search.textmatch import count_pairs

NAME_FIELDS = (("label", 4.0), ("aliases", 2.0))  # their folded fields index pairs of syllables
TEXT_FIELDS = (("text", 1.0), ("body", 0.3))  # theirs do not: pairs are counted in the stored text, and in
FIELD_BOOSTS = NAME_FIELDS + TEXT_FIELDS        # an official body (not stored) read from its positions
(TEXT_FIELD, TEXT_BOOST), (BODY_FIELD, BODY_BOOST) = ((name + "_f", boost) for name, boost in TEXT_FIELDS)
# The best matches whose stored texts are read for pairs.
PAIR_WINDOW = 60
# Of an unaccented word's score, the share kept for the letters exactly as typed.
TYPED_SHARE = 0.4
TYPED_FIELDS = ("label", "text")  # where that share is looked for (a posting list read per field and word)
# A pair of words found side by side, against one word found: Vietnamese meaning lives in syllable pairs.
PAIR_BOOST = 4.0
# A match holding every pair of the query (the whole phrase, as a rule) has its whole score multiplied by
# 1 + RUN_BOOST; holding some, by 1 + RUN_BOOST · share²: the phrase is what was asked for.
RUN_BOOST = 3.0


def is_accented(exact: str, folded: str) -> bool:
    """Whether a syllable was typed with diacritics ("đ" counts: "đất" is not "dat")."""
    return exact != folded


def match_groups(words: list[tuple[str, str]], approximate: bool = False) -> list[list[Clause]]:
    """One group per (exact, folded) word; a document matches where every group does."""
    groups = []
    for exact, folded in words:
        if is_accented(exact, folded) and not approximate:
            groups.append([(name, exact, boost) for name, boost in FIELD_BOOSTS])
        else:
            groups.append([(name + "_f", folded, boost) for name, boost in FIELD_BOOSTS])
    return groups


def score_clauses(words: list[tuple[str, str]], approximate: bool = False) -> list[Clause]:
    """The BM25F clauses of the words: a typed accent scores in the exact fields alone; an unaccented
    word (or any word, read approximately) in the folded fields, with a share for the letters as typed."""
    clauses = []
    for exact, folded in words:
        if is_accented(exact, folded) and not approximate:
            clauses += [(name, exact, boost) for name, boost in FIELD_BOOSTS]
        else:
            clauses += [(name + "_f", folded, boost * (1 - TYPED_SHARE)) for name, boost in FIELD_BOOSTS]
            clauses += [(name, exact, boost * TYPED_SHARE) for name, boost in FIELD_BOOSTS if name in TYPED_FIELDS]
    return clauses


def add_pairs(ranker: Ranker, folded: list[str], matched: np.ndarray, scores: np.ndarray,
              texts: Callable[[list[int]], list[str]]) -> None:
    """Add to the ``scores`` of the ``matched`` documents the BM25F score of each pair of the query's
    adjacent (folded) words found side by side — in names from the pair terms, over every match; in the
    ``texts`` of the PAIR_WINDOW best matches by reading them — then multiply each score by the share of
    the query's pairs it holds (squared: the whole phrase counts most)."""
    pairs = query_pairs(folded)
    if not pairs or not matched.any():
        return
    held = np.zeros((len(pairs), ranker.size), dtype=bool)
    for i, pair in enumerate(pairs):
        clauses = [(name + "_f", pair, boost * PAIR_BOOST) for name, boost in NAME_FIELDS]
        ranker.score(clauses, scores)
        held[i] = ranker.mask(clauses)
    docs = np.nonzero(matched)[0]
    if len(docs) > PAIR_WINDOW:
        docs = docs[np.argpartition(-scores[docs], PAIR_WINDOW - 1)[:PAIR_WINDOW]]
    docs = np.sort(docs).tolist()
    split = [tuple(pair.split(" ")) for pair in pairs]
    in_texts = {doc: count_pairs(text, split) for doc, text in zip(docs, texts(docs), strict=True)}
    _score_pair_counts(ranker, TEXT_FIELD, TEXT_BOOST, split, in_texts, scores, held)
    _score_pair_counts(ranker, BODY_FIELD, BODY_BOOST, split, _pair_counts_in_bodies(ranker, split, docs), scores,
                       held)
    scores *= 1 + RUN_BOOST * (held.sum(axis=0) / len(pairs)) ** 2
    scores[~matched] = 0


def _pair_counts_in_bodies(ranker: Ranker, split: list[tuple[str, str]], docs: list[int]) -> dict[int, list[int]]:
    """For each of ``docs`` with an official body, how many times it holds each pair side by side — read
    from the body's positions (only documents with a body have them: short posting lists)."""
    wanted = np.asarray(docs, dtype=np.int64)
    positions = {w: read_positions(ranker.reader, BODY_FIELD, w, wanted) for pair in split for w in pair}
    counts: dict[int, list[int]] = {}
    for i, (first, second) in enumerate(split):
        later = positions[second]
        for doc, starts in positions[first].items():
            after = later.get(doc)
            together = sum(1 for p in starts if p + 1 in after) if after else 0
            if together:
                counts.setdefault(doc, [0] * len(split))[i] = together
    return counts


def _score_pair_counts(ranker: Ranker, field: str, boost: float, split: list[tuple[str, str]],
                       counts: dict[int, list[int]], scores: np.ndarray, held: np.ndarray) -> None:
    """Score the pairs each document holds (``counts``) like terms of ``field`` (BM25, its length);
    ``held`` marks each pair a document holds."""
    if not counts:
        return
    lengths, averages = ranker.columns.lengths.get(field), ranker.columns.kind_average.get(field)
    # A pair is at least as rare as the rarer of its words.
    weights = [PAIR_BOOST * boost * max(idf(ranker.size, ranker.frequency(field, w)) for w in pair) for pair in split]
    for doc, found in counts.items():
        norm = 1.0 if lengths is None else (1 - B) + B * lengths[doc] / averages[doc]
        for i, together in enumerate(found):
            if together:
                scores[doc] += weights[i] * together * (K1 + 1) / (together + K1 * norm)
                held[i, doc] = True
