"""Vietnamese text normalisation shared by every layer.

Three levels, each built on the previous one:

* :func:`nfc` — Unicode NFC, what every stored text is.
* :func:`unify_tones` — NFC plus one tone placement for the syllables that
  are written two ways ("uỷ"/"ủy", "hoà"/"hòa", "khoẻ"/"khỏe"); the canonical
  form is the modern placement ("ủy", "hòa", "khỏe"). Lengths are unchanged,
  so character offsets stay valid.
* :func:`normalize_key` — case-folded, white-space-collapsed identity key used
  to decide that two spellings name the same thing.

:func:`fold` strips every mark (and maps "đ" to "d") for accent-insensitive
matching; it is a matching aid, never a display form.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền sắc ngã hỏi nặng

# A tone mark sitting on the second vowel of a final "oa", "oe" or "uy"
# (no consonant after it, and not the "qu" onset) is the old placement.
_SECOND_A_E = "àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ"
_SECOND_Y = "ỳýỷỹỵỲÝỶỸỴ"
_OLD_PLACEMENT = re.compile(
    rf"(?:([oO])([{_SECOND_A_E}])|(?<![qQ])([uU])([{_SECOND_Y}]))(?!\w)"
)


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def _tone_of(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", char) if c in TONE_MARKS)


def _strip_tone(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))


def _move_tone(match: re.Match[str]) -> str:
    first, second = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    tone = _tone_of(second)
    return unicodedata.normalize("NFC", first + tone) + _strip_tone(second)


@lru_cache(maxsize=64)  # every extraction stage asks for the same article text
def unify_tones(text: str) -> str:
    """NFC ``text`` with old tone placement rewritten to the modern one.

    >>> unify_tones("Thành uỷ, hoà bình, khoẻ mạnh, Quý, toàn")
    'Thành ủy, hòa bình, khỏe mạnh, Quý, toàn'
    """
    text = nfc(text)
    if not any(c in text for c in _SECOND_A_E + _SECOND_Y):
        return text
    return _OLD_PLACEMENT.sub(_move_tone, text)


_SPACE = re.compile(r"\s+")


def collapse_space(text: str) -> str:
    """Runs of white space become one space; ends are trimmed."""
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=100_000)
def normalize_key(text: str) -> str:
    """Identity key: NFC, modern tone placement, case-folded, spaces collapsed.

    NFD input, old tone placement and case give the same key:

    >>> normalize_key("THÀNH UỶ  Lạng Sơn") == normalize_key("thành ủy lạng sơn")
    True
    """
    return collapse_space(unify_tones(text).casefold())


_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Lower-case ``text`` with every diacritic removed and "đ" mapped to "d".

    >>> fold("Nghị quyết Đảng bộ")
    'nghi quyet dang bo'
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).lower()


def title_case_name(text: str) -> str:
    """A name written in capitals, in normal case: "HOÀNG THỊ BÍCH" → "Hoàng Thị Bích"."""
    return " ".join(word[:1].upper() + word[1:].lower() for word in collapse_space(text).split(" "))


def phrase_alternation(phrases) -> str:
    """A regex alternation of ``phrases``, longest first, any white space between their words."""
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))


LEAD_LABEL_CHARS = 90
_FIRST_SENTENCE = re.compile(r".+?(?:[.!?](?=\s)|$)", re.DOTALL)


_CAPTION = re.compile(r"\((?:\s*ảnh\b|\s*nguồn\s*:|[^()]*\bảnh\s*:)[^()]*\)\s*\.?$|^\s*ảnh\s*:", re.IGNORECASE)


def is_caption(line: str) -> bool:
    """A photo caption or credit: "Lãnh đạo tỉnh thăm gia đình (Ảnh: T.L)", "(Ảnh minh họa)", "Ảnh: Lê Hà"."""
    return bool(_CAPTION.search(line))


def lead_label(text: str, limit: int = LEAD_LABEL_CHARS) -> str | None:
    """A name for a text that has no headline: its first sentence — past the photo captions that may open
    it —, cut at a word within ``limit`` characters ("…" marks a cut); None for a text without words."""
    lines = [line.strip() for line in (text or "").strip().split("\n") if line.strip()]
    first = next((line for line in lines if not is_caption(line)), lines[0] if lines else "")
    m = _FIRST_SENTENCE.match(first)
    sentence = (m.group(0) if m else first).strip()
    if not any(c.isalnum() for c in sentence):
        return None
    if len(sentence) <= limit:
        return sentence
    cut = sentence.rfind(" ", 0, limit)
    return sentence[:cut if cut > limit // 2 else limit].rstrip(" ,;:-–") + "…"

