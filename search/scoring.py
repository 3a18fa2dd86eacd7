"""How a query's words match and score: diacritics as typed, and words found side by side.

* A syllable typed with diacritics ("toàn") matches that syllable only — the exact fields (lower case,
  NFC, modern tone placement), so "an toàn" never matches "toán" or "hoàn toàn" through "toan".
* A syllable typed without them ("toan") matches every accented form, through the folded fields; the
  same letters exactly as typed ("an" itself, "thi" rather than "thí") count for a share more.
* In the *approximate* reading (when the exact one finds too little) every word matches folded.
* Words typed side by side and found side by side count strongly: each adjacent pair of the query is
  scored like a word of its own (BM25F: saturating with the number of times the pair occurs, the field's
  boost and length; the folded fields index every pair of adjacent syllables as a term). A headline
  holding the phrase thus outranks a headline holding one of its words, and an article repeating "giá
  vàng" outranks one where "giá" and "vàng" are far apart. And the more of the query's pairs a match
  holds, the more its whole score is multiplied: the whole phrase most.
"""

from __future__ import annotations

import numpy as np

from vankien.search.analysis import query_pairs
from vankien.search.ranking import Clause, Ranker

FIELD_BOOSTS = (("label", 4.0), ("aliases", 2.0), ("text", 1.0), ("body", 0.3))
# Of an unaccented word's score, the share kept for the letters exactly as typed.
TYPED_SHARE = 0.4
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
            clauses += [(name, exact, boost * TYPED_SHARE) for name, boost in FIELD_BOOSTS]
    return clauses


def add_pairs(ranker: Ranker, folded: list[str], matched: np.ndarray, scores: np.ndarray) -> None:
    """Add to the ``scores`` of the ``matched`` documents the BM25F score of each pair of the query's
    adjacent (folded) words found side by side — pairs are terms of the folded fields — then multiply
    each score by the share of the query's pairs it holds (squared: the whole phrase counts most)."""
    pairs = query_pairs(folded)
    if not pairs or not matched.any():
        return
    held = np.zeros(ranker.size, dtype=np.float32)
    for pair in pairs:
        clauses = [(name + "_f", pair, boost * PAIR_BOOST) for name, boost in FIELD_BOOSTS]
        ranker.score(clauses, scores)
        held += ranker.mask(clauses)
    scores *= 1 + RUN_BOOST * (held / len(pairs)) ** 2
    scores[~matched] = 0
