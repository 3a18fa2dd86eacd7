"""Finding folded words in stored texts as written, without folding whole texts.

Folding a long text character by character costs more than a query may spend; instead a folded word
("nhieu") becomes a regular expression matching each of its letters in any accented form and case
("[nN][hH][iìíỉĩịIÌ…][eèé…ê…][uùú…ư…]"), run over the NFC text as stored. Tone placement does not matter:
each letter is matched on its own. :func:`quick_fold` folds a short text (an opening to compare) fast.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from vankien.graph.text import fold

_COMBINING = re.compile("[\u0300-\u036f]+")
_ALONE_AFTER = r"(?![^\W_])"


def _letter_classes() -> dict[str, str]:
    """Each folded letter → a regex class of every NFC letter (both cases) that folds to it."""
    forms: dict[str, set[str]] = {}
    for code in [*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        folded = fold(char) if char.isalpha() else ""
        if len(folded) == 1 and folded.isascii():
            forms.setdefault(folded, set()).update({char, char.lower(), char.upper()})
    return {letter: "[" + "".join(sorted(chars)) + "]" for letter, chars in forms.items()}


_CLASSES = _letter_classes()


def word_pattern(folded: str) -> str:
    """A regex matching the folded syllable ``folded`` in any accented spelling and case."""
    return "".join(_CLASSES.get(char, re.escape(char)) for char in folded)


@lru_cache(maxsize=1024)
def pair_regex(first: str, second: str) -> re.Pattern[str]:
    """The folded syllables ``first`` and ``second`` side by side, only separators between them. No
    look-behind for the start of the first: tried at every character of a text it doubles the time;
    :func:`count_pairs` checks the character before each (rare) match instead."""
    return re.compile(word_pattern(first) + r"[\W_]+" + word_pattern(second) + _ALONE_AFTER)


def count_pairs(text: str, pairs: list[tuple[str, str]]) -> list[int]:
    """For each pair of folded syllables, how many times ``text`` holds them side by side, in this order
    (only separators between them: spaces, punctuation)."""
    counts = []
    for first, second in pairs:
        found = 0
        for m in pair_regex(first, second).finditer(text):
            start = m.start()
            found += start == 0 or not text[start - 1].isalnum()
        counts.append(found)
    return counts


def quick_fold(text: str) -> str:
    """``text`` lower case, without diacritics, "đ" → "d" (the marks Vietnamese uses; for comparing
    texts, not for keys — :func:`vankien.graph.text.fold` is the reference)."""
    return _COMBINING.sub("", unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))).lower()
