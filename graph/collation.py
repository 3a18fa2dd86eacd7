"""Vietnamese alphabetical order: a sort key for names as a Vietnamese reader expects them listed.

Python's own ordering compares code points, so "Bùi" (U+00F9) comes before "Bạch" (U+1EA1) and
"Đặng" (U+0110) after every name in plain Latin letters, "Yến" included. :func:`sort_key` orders
by the Vietnamese alphabet instead, in three levels, each consulted only when the previous one ties:

1. **letters** — the letters as the alphabet orders them,
   a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (the Latin letters Vietnamese does
   not use, f j w z, in their Latin places), tone marks ignored and case folded. A space sorts
   before any letter, so "An" < "An Giang" < "Anh"; a run of digits sorts before letters and by
   its value ("Khu phố 2" < "Khu phố 10"); anything else after the letters, by code point;
2. **tones** — the tone of each syllable's vowel, in the order ngang (none), huyền, hỏi, ngã, sắc,
   nặng: "Anh" < "Ánh", "Ban" < "Bàn" < "Bán" < "Bạn";
3. **case**, then the text itself — so the order is total and repeatable.

Before any of this the text goes through :func:`graph.text.unify_tones` (NFC and the modern tone
placement), so NFD input, "Thành uỷ" and "Thành ủy" have one key.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from vankien.graph.text import collapse_space, unify_tones

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # Vietnamese order; f j w z where Latin puts them
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# The tone marks in the order a dictionary lists the tones (ngang, unmarked, is 0).
TONE_ORDER = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
# Letters written with a look-alike: the Icelandic eth for "đ" (old fonts and conversions).
_LOOKALIKES = str.maketrans({"ð": "đ", "Ð": "Đ"})

# Classes of the first level, so every element is a pair of ints and any two keys compare.
_SPACE, _DIGITS, _LETTER, _OTHER = 0, 1, 2, 3


def _letters(text: str) -> list[tuple[str, int]]:
    """Each base letter (its vowel shape kept: "ơ", "ă") with its tone rank, from NFD ``text``."""
    found: list[tuple[str, int]] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and found:
            letter, tone = found[-1]
            if char in TONE_ORDER:
                found[-1] = (letter, TONE_ORDER[char])
            else:  # breve, circumflex, horn: part of the letter
                found[-1] = (unicodedata.normalize("NFC", letter + char), tone)
        else:
            found.append((char, 0))
    return found


def _first_level(letters: list[tuple[str, int]]) -> tuple[tuple[int, int], ...]:
    key: list[tuple[int, int]] = []
    digits = ""
    for letter, _ in [*letters, ("", 0)]:
        if letter.isdigit() and letter.isascii():
            digits += letter
            continue
        if digits:
            key.append((_DIGITS, int(digits)))
            digits = ""
        if not letter:
            break
        if letter.isspace():
            key.append((_SPACE, 0))
        elif letter in _LETTER_RANK:
            key.append((_LETTER, 2 * _LETTER_RANK[letter]))
        elif (base := unicodedata.normalize("NFD", letter)[0]) in _LETTER_RANK:
            key.append((_LETTER, 2 * _LETTER_RANK[base] + 1))  # "ç", "ñ": right after their base letter
        else:  # a symbol, or a letter with a mark that composes with nothing ("x̂"): by its first code point
            key.append((_OTHER, ord(letter[0])))
    return tuple(key)


@lru_cache(maxsize=100_000)
def sort_key(text: str | None) -> tuple:
    """The key that puts ``text`` in Vietnamese alphabetical order (see the module's docstring).

    >>> sorted(["Bùi", "Dương", "Bạch", "Đặng", "Ánh", "Anh"], key=sort_key)
    ['Anh', 'Ánh', 'Bạch', 'Bùi', 'Dương', 'Đặng']
    """
    written = collapse_space(unify_tones(text or "").translate(_LOOKALIKES))
    letters = _letters(written.casefold())
    tones = tuple(tone for letter, tone in letters if letter.isalpha())
    cases = tuple(char.islower() is False for char in written if char.isalpha())  # lower case first
    return _first_level(letters), tones, cases, written
