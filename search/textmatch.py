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
_WORD_CHAR = re.compile(r"[^\W_]")  # a letter or digit: between two words, another word
_ALONE_BEFORE, _ALONE_AFTER = r"(?<![^\W_])", r"(?![^\W_])"


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
def words_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the folded syllables ``words``, as a whole syllable; the group that matched tells which."""
    return re.compile(_ALONE_BEFORE + "(?:" + "|".join(f"({word_pattern(w)})" for w in words) + ")" + _ALONE_AFTER)


def count_pairs(text: str, pairs: list[tuple[str, str]]) -> list[int]:
    """For each pair of folded syllables, how many times ``text`` holds them side by side, in this order
    (only separators between them: spaces, punctuation)."""
    words = tuple(dict.fromkeys(w for pair in pairs for w in pair))
    wanted = {pair: i for i, pair in enumerate(pairs)}
    counts = [0] * len(pairs)
    previous = None
    for m in words_regex(words).finditer(text):
        word = words[m.lastindex - 1]
        if previous is not None and not _WORD_CHAR.search(text, previous[1], m.start()):
            i = wanted.get((previous[0], word))
            if i is not None:
                counts[i] += 1
        previous = (word, m.end())
    return counts


def quick_fold(text: str) -> str:
    """``text`` lower case, without diacritics, "đ" → "d" (the marks Vietnamese uses; for comparing
    texts, not for keys — :func:`vankien.graph.text.fold` is the reference)."""
    return _COMBINING.sub("", unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))).lower()
