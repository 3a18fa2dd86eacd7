"""Near-duplicates collapsed into one result: the same story from two feeds, a document split in two nodes.

Two results are near-duplicates when they are of the same kind and

* articles: the openings of their texts share at least SIMILAR_SHARE of their three-syllable shingles
  (Jaccard) — the same story, lightly rewritten (a shared headline alone is not enough: a photo
  caption standing for a missing headline is shared by unrelated stories);
* documents: same label and same number, both stated (one document that two sources made into two
  nodes); versions of a law known by name alone stay apart.

People, organisations and events are never collapsed: two people may share a name.

The best-ranked of a group stays, and lists the others under ``similar`` ("n bài tương tự").
"""

from __future__ import annotations

import re

from vankien.search.textmatch import quick_fold

SIMILAR_SHARE = 0.5
OPENING_CHARS = 800  # of the text, compared
_SYLLABLE = re.compile(r"[^\W_]+")


def shingles(text: str) -> frozenset[int]:
    """The three-syllable shingles of the opening of ``text``, folded, as hashes (a tuple's hash is not
    kept: comparing sets of tuples hashes every one again)."""
    words = _SYLLABLE.findall(quick_fold(text[:OPENING_CHARS]))
    return frozenset(map(hash, zip(words, words[1:], words[2:], strict=False)))


def _same(a: dict, b: dict, text_a: frozenset, text_b: frozenset) -> bool:
    if a["kind"] != b["kind"]:
        return False
    if a["kind"] == "document":
        label_a, label_b = (_SYLLABLE.findall(quick_fold(h.get("label") or "")) for h in (a, b))
        return bool(label_a and a.get("number")) and label_a == label_b and a["number"] == b.get("number")
    if a["kind"] != "article":
        return False
    if not text_a or not text_b:
        return False
    smaller, larger = sorted((len(text_a), len(text_b)))
    if smaller < SIMILAR_SHARE * larger:  # the Jaccard share is at most smaller / larger
        return False
    shared = len(text_a & text_b)
    return shared / (smaller + larger - shared) >= SIMILAR_SHARE


def collapse(hits: list[dict], texts: list[str]) -> list[dict]:
    """``hits`` (best first; ``texts`` their stored texts) with each near-duplicate folded into the first of
    its group, which gets a ``similar`` list of {iri, label, date, publisher}."""
    kept: list[tuple[dict, frozenset]] = []
    for hit, text in zip(hits, texts, strict=True):
        own = shingles(text) if hit["kind"] == "article" else frozenset()
        for first, first_text in kept:
            if _same(first, hit, first_text, own):
                first["similar"].append({name: hit.get(name) for name in ("iri", "label", "date", "publisher")})
                break
        else:
            hit["similar"] = []
            kept.append((hit, own))
    return [hit for hit, _ in kept]
