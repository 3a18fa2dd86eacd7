"""Highlighted snippets: the passages of a text where the query's words occur.

The folded query terms are found as whole syllables with one regular
expression matching every accented spelling of each (the text is never
folded as a whole), and the words typed with diacritics in the text as
written (lower case, modern tone placement), so "toàn" marks "toàn", never
"toán" — and the one or two windows holding the most distinct
terms are cut at spaces. The result is HTML-escaped text with ``<mark>``
around each match and nothing else — safe to insert into a page.

Whoosh's highlighter analyses the whole text for every hit; with article
bodies of several thousand syllables that cost more than the search itself.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from vankien.graph.text import unify_tones
from vankien.search.textmatch import word_pattern

MAX_CHARS = 220
SURROUND = 60
SEPARATOR = " … "


def _pattern(terms: Iterable[str]) -> re.Pattern | None:
    alternatives = sorted({t for t in terms if t}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, alternatives)) + r")(?![^\W_])")


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to MAX_CHARS around the match, cut at spaces."""
    left = max(0, start - SURROUND)
    right = min(len(text), max(end, left + MAX_CHARS))
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    return left, right


@lru_cache(maxsize=512)
def _folded_pattern(terms: tuple[str, ...]) -> re.Pattern:
    """Any of the folded ``terms`` in any accented spelling and case, one group per term."""
    return re.compile(r"(?<![^\W_])(?:" + "|".join(f"({word_pattern(t)})" for t in terms) + r")(?![^\W_])")


def _matches(text: str, terms: Iterable[str], exact_terms: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, term) of every whole-syllable match, in text order. Folded terms are found in the
    text as written (a pattern of every accented form), exact ones in its lower case with modern tone
    placement (skipped for a text whose lower case is longer)."""
    found = []
    folded = tuple(sorted({t for t in terms if t}, key=len, reverse=True))
    if folded:
        found += [(m.start(), m.end(), folded[m.lastindex - 1]) for m in _folded_pattern(folded).finditer(text)]
    exact = _pattern(exact_terms)
    if exact is not None:
        lower = unify_tones(text).lower()
        if len(lower) == len(text):
            found += [(m.start(), m.end(), m.group()) for m in exact.finditer(lower)]
    found.sort()
    out: list[tuple[int, int, str]] = []
    for match in found:  # a syllable marked once, whichever form found it
        if not out or match[0] >= out[-1][1]:
            out.append(match)
    return out


def snippet(text: str, terms: Iterable[str], top: int = 2, exact_terms: Iterable[str] = ()) -> str | None:
    """Escaped passages of ``text`` with the folded ``terms`` and the ``exact_terms`` (lower case, as
    typed with diacritics) in <mark>; None when none occurs."""
    if not text:
        return None
    matches = _matches(text, terms, exact_terms)
    if not matches:
        return None
    # Score a window anchored at each match by the distinct terms inside it, then by the words found
    # side by side (the query's phrase), then by all matches.
    windows = []
    for i, (start, end, _) in enumerate(matches):
        left, right = _window(text, start, end)
        inside = [m for m in matches[i:] if m[1] <= right]
        adjacent = sum(1 for a, b in zip(inside, inside[1:], strict=False) if not text[a[1]:b[0]].strip())
        terms = frozenset(m[2] for m in inside)
        windows.append((len(terms), adjacent, len(inside), -start, left, right, terms))
    windows.sort(key=lambda w: w[:4], reverse=True)
    chosen: list[tuple[int, int]] = []
    shown: set[str] = set()
    for *_, left, right, terms in windows:
        # A further passage only for words the passages so far do not show.
        if (not chosen or terms - shown) and all(right <= a or left >= b for a, b in chosen):
            chosen.append((left, right))
            shown |= terms
        if len(chosen) == top:
            break
    parts = []
    for left, right in sorted(chosen):
        out, at = [], left
        for start, end, _ in matches:
            if start < left or end > right:
                continue
            out.append(html.escape(text[at:start], quote=False))
            out.append("<mark>" + html.escape(text[start:end], quote=False) + "</mark>")
            at = end
        out.append(html.escape(text[at:right], quote=False))
        parts.append("".join(out).strip())
    first, last = min(chosen)[0], max(chosen)[1]
    return ("…" if first > 0 else "") + SEPARATOR.join(parts) + ("…" if last < len(text) else "")
