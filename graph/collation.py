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

import re
import unicodedata
from functools import lru_cache

from vankien.graph.text import collapse_space, unify_tones

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # Vietnamese order; f j w z where Latin puts them
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# The tone marks in the order a dictionary lists the tones (ngang, unmarked, is 0).
TONE_ORDER = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
# Letters written with a look-alike: the Icelandic eth for "đ" (old fonts and conversions).
_LOOKALIKES = str.maketrans({"ð": "đ", "Ð": "Đ"})

# The first level is a string compared code point by code point (in C, so sorting thousands of names is
# fast): a space is U+0001, a run of digits its length (U+0002 + length) then its digits, the letters
# U+0100 onwards in the alphabet's order (a letter the alphabet lacks, "ç", right after its base), and
# anything else from U+1000 on, in code point order.
_SPACE = "\x01"
_RUN_BASE, _RUN_MAX = 0x02, 0x1D
_LETTERS_BASE = 0x100
_OTHERS_BASE = 0x1000
_DIGIT_RUN = re.compile(r"[0-9]+")


def _analyse(char: str) -> tuple[str | None, str | None]:
    """(first-level code, tone digit) of one character of case-folded NFC text; None drops it from a level."""
    if char == " ":
        return _SPACE, None
    if "0" <= char <= "9":
        return char, None
    if unicodedata.combining(char):  # a mark that composed with nothing: no letter of its own
        return None, None
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    tone = next((TONE_ORDER[m] for m in marks if m in TONE_ORDER), 0)
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in TONE_ORDER))
    if letter in _LETTER_RANK:
        code = _LETTERS_BASE + 2 * _LETTER_RANK[letter]
    elif base in _LETTER_RANK:
        code = _LETTERS_BASE + 2 * _LETTER_RANK[base] + 1
    else:
        code = min(_OTHERS_BASE + ord(base), 0x10FFFF)
    return chr(code), (str(tone) if char.isalpha() else None)


class _Table(dict):
    """A ``str.translate`` table filled as characters are met (:func:`_analyse` runs once per character)."""

    def __init__(self, pick) -> None:
        super().__init__()
        self.pick = pick

    def __missing__(self, code: int):
        value = self[code] = self.pick(chr(code))
        return value


_FIRST = _Table(lambda c: _analyse(c)[0])
_TONES = _Table(lambda c: _analyse(c)[1])
_CASES = _Table(lambda c: ("1" if c.isupper() else "0") if c.isalpha() else None)  # lower case first


def _run(match: re.Match[str]) -> str:
    digits = match.group().lstrip("0") or "0"
    return chr(_RUN_BASE + min(len(digits), _RUN_MAX)) + digits


@lru_cache(maxsize=100_000)
def sort_key(text: str | None) -> tuple[str, str, str, str]:
    """The key that puts ``text`` in Vietnamese alphabetical order (see the module's docstring):
    (letters, tones, cases, the text itself), each a string.

    >>> sorted(["Bùi", "Dương", "Bạch", "Đặng", "Ánh", "Anh"], key=sort_key)
    ['Anh', 'Ánh', 'Bạch', 'Bùi', 'Dương', 'Đặng']
    """
    written = collapse_space(unify_tones(text or "").translate(_LOOKALIKES))
    folded = written.casefold()
    first = _DIGIT_RUN.sub(_run, folded.translate(_FIRST))
    return first, folded.translate(_TONES), written.translate(_CASES), written
