"""Raw bytes of a Vietnamese text file to NFC Unicode text.

Unicode (UTF-8, UTF-16 with a byte-order mark) is taken as it is, and so is
UTF-8 with a few stray invalid bytes among many well-formed non-ASCII
characters (each stray byte becomes U+FFFD); other bytes
are tried as Windows-1258, TCVN3 (TCVN 5712:1993 VN3, the "ABC" ``.VnTime``
fonts) and VNI-Windows, and the reading whose words are most often
well-formed Vietnamese syllables wins. Unicode text that was typed in a
legacy font (TCVN3 or VNI glyphs pasted from old Word documents) is converted
to real Vietnamese.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

__all__ = ["DecodeError", "decode_bytes", "decode_utf8_lenient", "repair_legacy_font_text",
           "vietnamese_syllable_ratio"]


class DecodeError(ValueError):
    """Bytes that are not Vietnamese text; str(err) is a short lower-case reason, e.g. 'binary data (NUL bytes)'."""


NUL_REASON = "binary data (NUL bytes)"
UNDECODABLE_REASON = "undecodable bytes: not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI text"

MIN_LEGACY_RATIO = 0.75     # bytes path: the best 8-bit reading must reach this syllable ratio
MIN_REPAIR_RATIO = 0.75     # Unicode path: a legacy-font repair must reach this ratio ...
MIN_REPAIR_GAIN = 0.3       # ... and beat the text as it stands by this much
MIN_REPAIR_WORDS = 2        # ... with at least this many good non-ASCII words
MIN_GLYPH_HINTS = 3         # fewer legacy-glyph characters than this: not legacy-font text
SAMPLE_BYTES = 256 * 1024   # the 8-bit encoding is chosen on this much of the file
MIN_UTF8_PER_STRAY = 20     # UTF-8 despite stray bytes: this many well-formed non-ASCII characters per stray byte

# Tones in table order: none, huyền (grave), hỏi (hook), ngã (tilde), sắc (acute), nặng (dot below).
_TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_ACUTE, _DOT = 4, 5
_VOWELS = "aăâeêioôơuưy"


def _toned(vowel: str, tone: int) -> str:
    return unicodedata.normalize("NFC", vowel + _TONE_MARKS[tone])


def _cp1252_c1() -> dict[str, str]:
    """C1 code points (bytes 0x80-0x9F read as Latin-1) to Windows-1252 punctuation."""
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            table[chr(byte)] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return table


_C1 = _cp1252_c1()

# --- TCVN3 (TCVN 5712:1993 VN3 / ABC) -----------------------------------------------------
# Byte values for (no tone, huyền, hỏi, ngã, sắc, nặng); None: the plain ASCII letter.
# The VN3 subset has lower-case toned vowels only; upper case is Ă Â Ê Ô Ơ Ư Đ.
_TCVN3_VOWELS = {
    "a": (None, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (None, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (None, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (None, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (None, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (None, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_OTHERS = {"đ": 0xAE, "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}

_TCVN3_ENCODE: dict[str, int] = dict(_TCVN3_OTHERS)
for _vowel, _codes in _TCVN3_VOWELS.items():
    for _tone, _code in enumerate(_codes):
        if _code is not None:
            _TCVN3_ENCODE[_toned(_vowel, _tone)] = _code
_TCVN3_DECODE = {ord(k): v for k, v in _C1.items()}
_TCVN3_DECODE.update({_code: char for char, _code in _TCVN3_ENCODE.items()})

# A word written in the upper-case TCVN3 font ("§¹I HéI" = "ĐẠI HỘI"): no ASCII lower case.
_TCVN3_CAPS_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_a-z]{2,}(?![^\W\d_])")


def _caps_word(match: re.Match[str]) -> str:
    word = match.group()
    if word.isupper() or sum(c.isupper() for c in word) < 2:
        return word
    return word.upper()


def _tcvn3_to_unicode(text: str) -> str:
    """TCVN3 glyphs (bytes read as Latin-1) to Unicode."""
    return _TCVN3_CAPS_WORD.sub(_caps_word, text.translate(_TCVN3_DECODE))


def _unicode_to_tcvn3(text: str) -> bytes:
    """Inverse of :func:`_tcvn3_to_unicode` for text the VN3 subset can hold."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        code = _TCVN3_ENCODE.get(char, ord(char))
        if code > 0x7F and char not in _TCVN3_ENCODE:
            raise ValueError(f"{char!r} has no TCVN3 code")
        out.append(code)
    return bytes(out)


# --- VNI-Windows ---------------------------------------------------------------------------
# A vowel is its base letter followed by one mark character; upper-case letters use the
# upper-case base and mark ("OÄ" = "Ộ"). Marks for (no tone, huyền, hỏi, ngã, sắc, nặng):
_VNI_TONE = ("", "ø", "û", "õ", "ù", "ï")
_VNI_CIRCUMFLEX = ("â", "à", "å", "ã", "á", "ä")   # â ê ô
_VNI_BREVE = ("ê", "è", "ú", "ü", "é", "ë")        # ă
_VNI_I = ("i", "ì", "æ", "ó", "í", "ò")            # i is one character per tone


def _vni_lower_table() -> dict[str, str]:
    table: dict[str, str] = {"đ": "ñ"}
    for tone in range(6):
        for vowel in "aeouy":
            table[_toned(vowel, tone)] = vowel + _VNI_TONE[tone]
        for vowel in "aeo":
            table[_toned(unicodedata.normalize("NFC", vowel + "\u0302"), tone)] = vowel + _VNI_CIRCUMFLEX[tone]
        table[_toned("ă", tone)] = "a" + _VNI_BREVE[tone]
        table[_toned("ơ", tone)] = "ô" + _VNI_TONE[tone]          # ơ is "ô", ư is "ö"
        table[_toned("ư", tone)] = "ö" + _VNI_TONE[tone]
        table[_toned("i", tone)] = _VNI_I[tone]
    table["ỵ"] = "î"                               # not "yï"
    return table


_VNI_ENCODE = _vni_lower_table()
_VNI_ENCODE.update({k.upper(): v.upper() for k, v in list(_VNI_ENCODE.items())})
# Decoding: one-character codes first (ñ ô ö î and the toned i), then base + mark pairs, whose
# base is by then "ơ"/"ư" for "ô"/"ö". Marks and one-character codes are disjoint.
_VNI_SINGLE = {ord(v): k for k, v in _VNI_ENCODE.items() if len(v) == 1 and v != k}
_VNI_SINGLE.update({ord(k): v for k, v in _C1.items()})
_VNI_PAIRS = {v.translate(_VNI_SINGLE): k for k, v in _VNI_ENCODE.items() if len(v) == 2}
for _seq, _char in list(_VNI_PAIRS.items()):      # tolerated: "Oâ" for "Ô", "yï" for "ỵ"
    _VNI_PAIRS.setdefault(_seq[0] + _seq[1].lower(), _char)
_VNI_PAIRS.update({"yï": "ỵ", "Yï": "Ỵ", "YÏ": "Ỵ"})
_VNI_PAIR_RE = re.compile(
    "[" + "".join(sorted({s[0] for s in _VNI_PAIRS})) + "][" + "".join(sorted({s[1] for s in _VNI_PAIRS})) + "]"
)


def _vni_pair(match: re.Match[str]) -> str:
    pair = match.group()
    return _VNI_PAIRS.get(pair, pair)


def _vni_to_unicode(text: str) -> str:
    """VNI-Windows glyphs (bytes read as Latin-1) to Unicode."""
    return _VNI_PAIR_RE.sub(_vni_pair, text.translate(_VNI_SINGLE))


def _unicode_to_vni(text: str) -> bytes:
    """Inverse of :func:`_vni_to_unicode`."""
    return "".join(_VNI_ENCODE.get(c, c) for c in unicodedata.normalize("NFC", text)).encode("latin-1")


# --- Vietnamese syllables --------------------------------------------------------------------
_TONED = {_toned(v, t): (v, t) for v in _VOWELS for t in range(1, 6)}
_VOWEL_SET = frozenset(_VOWELS)
_LETTERS = frozenset("abcdđeghiklmnopqrstuvxy" + _VOWELS)
_ONSETS = frozenset(["ngh", "ch", "gh", "kh", "ng", "nh", "ph", "th", "tr", *"bcdđghklmnprstvx"])
_CODAS = frozenset(["", "c", "ch", "k", "m", "n", "ng", "nh", "p", "t"])   # k: Đắk, Lắk
_STOP_CODAS = frozenset(["c", "ch", "k", "p", "t"])
# Vowel groups (glides included): with or without a final consonant, only with one, only without.
_FREE_NUCLEI = frozenset("a e ê i o ô ơ u ư y oa oe uê uy".split())
_CLOSED_NUCLEI = frozenset("ă â iê yê uô ươ oă uâ uyê oo ôô".split())
_OPEN_NUCLEI = frozenset(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu uơ iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyu"
    .split()
)
_PALATAL_NUCLEI = frozenset("a ê i y oa uê uy".split())    # before final ch / nh


def is_syllable(word: str) -> bool:
    """Whether a lower-case NFC word is a well-formed Vietnamese syllable."""
    if len(word) > 7:
        return False
    tone = 0
    letters = []
    for char in word:
        toned = _TONED.get(char)
        if toned is not None:
            if tone:
                return False
            char, tone = toned
        elif char not in _LETTERS:
            return False
        letters.append(char)
    plain = "".join(letters)
    if plain.startswith("gi") and len(plain) > 2 and plain[2] in _VOWEL_SET:
        onset = "gi"
    elif plain.startswith("qu"):
        onset = "qu"
    else:
        onset = next((plain[:n] for n in (3, 2, 1) if plain[:n] in _ONSETS), "")
    rest = plain[len(onset):]
    end = 0
    while end < len(rest) and rest[end] in _VOWEL_SET:
        end += 1
    nucleus, coda = rest[:end], rest[end:]
    if not nucleus or coda not in _CODAS:
        return False
    if coda:
        if nucleus not in _FREE_NUCLEI and nucleus not in _CLOSED_NUCLEI:
            return False
        if coda in ("ch", "nh") and nucleus not in _PALATAL_NUCLEI:
            return False
        if coda in _STOP_CODAS and tone not in (_ACUTE, _DOT) and not (coda == "k" and not tone):
            return False
    elif nucleus not in _FREE_NUCLEI and nucleus not in _OPEN_NUCLEI:
        return False
    front = nucleus[0] in "eêiy"
    if onset in ("k", "gh", "ngh") and not front:
        return False
    if (onset in ("c", "ng") and front) or (onset == "g" and nucleus[0] in "eê"):
        return False
    if nucleus.startswith("iê") and not onset:
        return False
    return not (nucleus.startswith("yê") and onset not in ("", "qu"))


_WORD = re.compile(r"[^\W\d_]+")
_ABBREVIATION = re.compile("[bcdđghklmnpqrstvxfjwzBCDĐGHKLMNPQRSTVXFJWZ]+")   # no vowel: "HĐND", "đ"
_WORD_CACHE: dict[str, int] = {}   # word -> 1 good, 0 bad, -1 neutral (not counted)
_WORD_CACHE_MAX = 200_000


def _syllable_counts(text: str) -> tuple[int, int]:
    """(well-formed, counted) non-ASCII alphabetic words of ``text``."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    good = counted = 0
    cache = _WORD_CACHE
    for word, n in Counter(_WORD.findall(text)).items():
        verdict = cache.get(word)
        if verdict is None:
            if word.isascii() or word.isnumeric() or _ABBREVIATION.fullmatch(word):
                verdict = -1
            else:
                verdict = int(is_syllable(word.lower()))
            if len(cache) >= _WORD_CACHE_MAX:
                cache.clear()
            cache[word] = verdict
        if verdict >= 0:
            counted += n
            good += verdict * n
    return good, counted


def vietnamese_syllable_ratio(text: str) -> float:
    """Share of the alphabetic word tokens of text that are well-formed Vietnamese syllables (0.0..1.0).

    Neutral and not counted: ASCII-only words ("Covid", "NQ", "Nam"), abbreviations
    without a vowel ("HĐND", "đ") and numbers ("½"); 0.0 when nothing is counted.
    """
    good, counted = _syllable_counts(text)
    return good / counted if counted else 0.0


# --- legacy-font text already in Unicode ------------------------------------------------------
_PLAIN_LATIN1 = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ\u00a0°±²³´"   # common in real Vietnamese text
_GLYPH_HINT = re.compile(
    "[" + "".join(chr(c) for c in range(0xA1, 0x100) if chr(c) not in _PLAIN_LATIN1) + "]"
)
_REAL_VIETNAMESE = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")   # letters no legacy glyph text has


def repair_legacy_font_text(text: str) -> tuple[str, str | None]:
    """Text that is already Unicode but was typed in a legacy font converted to real Vietnamese.

    TCVN3/ABC '.VnTime' glyphs such as 'Céng hßa x· héi chñ nghÜa ViÖt Nam', or VNI
    glyphs such as 'Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam'; returns (text,
    'tcvn3'|'vni') or (text unchanged, None) when it is not such text. Cheap for
    ordinary text: it bails out unless legacy glyphs are many and real Vietnamese
    letters (ă đ ơ ư ạ ộ ...) few.
    """
    if text.isascii():
        return text, None
    hints = len(_GLYPH_HINT.findall(text))
    if hints < MIN_GLYPH_HINTS or len(_REAL_VIETNAMESE.findall(text)) * 10 > hints:
        return text, None
    good, counted = _syllable_counts(text)
    ratio_before = good / counted if counted else 0.0
    best: tuple[float, int, str, str] | None = None
    for label, convert in (("tcvn3", _tcvn3_to_unicode), ("vni", _vni_to_unicode)):
        candidate = unicodedata.normalize("NFC", convert(text))
        good, counted = _syllable_counts(candidate)
        ratio = good / counted if counted else 0.0
        if (ratio >= MIN_REPAIR_RATIO and good >= MIN_REPAIR_WORDS and ratio >= ratio_before + MIN_REPAIR_GAIN
                and (best is None or (ratio, good) > best[:2])):
            best = (ratio, good, candidate, label)
    if best is None:
        return text, None
    return best[2], best[3]


# --- bytes ------------------------------------------------------------------------------------
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _decode_legacy(data: bytes, label: str) -> str | None:
    if label == "windows-1258":
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            return None
    elif label == "tcvn3":
        text = _tcvn3_to_unicode(data.decode("latin-1"))
    else:
        text = _vni_to_unicode(data.decode("latin-1"))
    return unicodedata.normalize("NFC", text)


def _choose_legacy(sample: bytes) -> tuple[str, str]:
    """(label, text) of the 8-bit reading of ``sample`` that is best Vietnamese."""
    best: tuple[float, int] | None = None
    chosen = neutral = None
    for label in ("windows-1258", "tcvn3", "vni"):
        text = _decode_legacy(sample, label)
        if text is None:
            continue
        good, counted = _syllable_counts(text)
        if not counted:          # no non-ASCII word at all (e.g. English with curly quotes)
            if neutral is None and not _CONTROL.search(text):
                neutral = (label, text)
            continue
        score = (good / counted, good)
        if score[0] >= MIN_LEGACY_RATIO and (best is None or score > best):
            best, chosen = score, (label, text)
    chosen = chosen or neutral
    if chosen is None:
        raise DecodeError(UNDECODABLE_REASON)
    return chosen


_STRAY = re.compile("[\udc80-\udcff]")
_ASCII_BYTES = bytes(range(128))


def decode_utf8_lenient(data: bytes) -> str | None:
    """UTF-8 text with a few invalid bytes, each replaced by U+FFFD; None when the bytes are not UTF-8 at heart.

    UTF-8 at heart: at least :data:`MIN_UTF8_PER_STRAY` well-formed non-ASCII characters per
    invalid byte. Text in a legacy 8-bit encoding has almost no well-formed multi-byte sequence.
    """
    text = data.decode("utf-8", "surrogateescape")          # each invalid byte: one lone surrogate
    non_ascii = len(text) - (len(data) - len(data.translate(None, _ASCII_BYTES)))
    allowed = non_ascii // (MIN_UTF8_PER_STRAY + 1)          # stray ≤ allowed ⇔ well-formed ≥ 20 × stray
    stray = 0
    for stray, _ in enumerate(_STRAY.finditer(text), start=1):
        if stray > allowed:
            return None
    return _STRAY.sub("\ufffd", text) if stray else None


def _unicode(data: bytes, codec: str, label: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        lenient = decode_utf8_lenient(data[3:]) if codec == "utf-8-sig" else None
        if lenient is None:
            raise DecodeError(f"invalid {label} text after the byte-order mark") from None
        text = lenient
    if "\x00" in text:
        raise DecodeError(NUL_REASON)
    return text


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text in NFC, encoding label): 'utf-8', 'utf-8-sig', 'utf-16', 'windows-1258', 'tcvn3', 'vni'.

    Unicode text typed in a legacy font is repaired (see
    :func:`repair_legacy_font_text`) and labelled with both, e.g. 'utf-8+tcvn3'.
    UTF-8 with a few stray bytes is UTF-8 (see :func:`decode_utf8_lenient`).
    Raises :class:`DecodeError` for binary or undecodable bytes.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, label = _unicode(data, "utf-16", "utf-16"), "utf-16"
    elif b"\x00" in data:
        raise DecodeError(NUL_REASON)
    elif data.startswith(b"\xef\xbb\xbf"):
        text, label = _unicode(data, "utf-8-sig", "utf-8"), "utf-8-sig"
    else:
        try:
            text, label = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            lenient = decode_utf8_lenient(data)
            if lenient is not None:
                text, font = repair_legacy_font_text(unicodedata.normalize("NFC", lenient))
                return text, f"utf-8+{font}" if font else "utf-8"
            label, text = _choose_legacy(data[:SAMPLE_BYTES])
            if len(data) > SAMPLE_BYTES:
                text = _decode_legacy(data, label)
                if text is None:     # Windows-1258 sample fine, an undefined byte further on
                    raise DecodeError(UNDECODABLE_REASON) from None
            return text, label
    text, font = repair_legacy_font_text(unicodedata.normalize("NFC", text))
    return text, f"{label}+{font}" if font else label
