"""Numbers of Vietnamese official documents, Party and state.

Two numbering systems are in use:

* Party: ``SEQ-TYPE/ISSUER`` — ``35-NQ/TW``, ``40-NQ/TU``, ``08-QĐi/TW``,
  ``1752-CV/BTGTU``. No year is written.
* State: ``SEQ/[YEAR/]TYPE-ISSUER`` — ``30/2020/NĐ-CP``, ``1187/QĐ-UBND``,
  ``03/2007/TTLT-BTP-BNV``, ``31/2024/QH15`` (no type code); older numbers
  follow the Party shape with a state issuer (``21-LCT/HĐNN8``, ``179-CP``).

Every spelling seen in real text is reduced to one canonical form: upper
case (except the mixed-case codes ``QĐi``, ``CTr``, ``TTr`` and ``TTg``),
no spaces, ``Đ`` for the look-alike ``Ð``, ``TW`` for ``TƯ``/``T.Ư``, one
separator where several were typed, the Party shape for ``21/NQ-TW``, and
for state numbers ``/`` after the sequence and the year and ``-`` after the
type (``77/2008/QĐ/BTC`` → ``77/2008/QĐ-BTC``).

:func:`parse_number` reads one number written on its own, :func:`find_numbers`
finds every number in running text (strictly: dates, fractions, scores and
product names are not numbers), :func:`parse_title` reads a listing title such
as "Nghị định 30/2020/NĐ-CP".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from vankien.graph.doctypes import PARTY, STATE, TYPE_CODES, TYPE_WORDS, type_of_code
from vankien.graph.extract.budget import checkpoint
from vankien.graph.text import fold, nfc

# Codes parsed as a document type (graph.doctypes: "QH" is an issuer, never a type here).
_TYPE_CODES = {code.upper(): code for code in TYPE_CODES}
# Unaccented spellings of type codes, accepted in the type position only.
_TYPE_CODES.update({"QD": "QĐ", "ND": "NĐ", "QDI": "QĐi"})
# Segments whose canonical spelling is mixed case.
_MIXED_CASE = {"QĐI": "QĐi", "CTR": "CTr", "TTR": "TTr", "TTG": "TTg"}
_MIXED_SPELLINGS = frozenset(_MIXED_CASE.values())
# Capitals with a short lower-case tail, as in "QLĐTh", "MTg", "TTg".
_CAPS_THEN_LOWER = re.compile(r"[A-ZĐƯ&.\d]{2,}[a-zđư]{1,2}(?:\d*|[A-ZĐƯ]{1,4})")  # "GDTrH": a unit's code

# Look-alikes of Đ: Icelandic Eth, and "§" (Đ in the legacy TCVN3 font).
_CHAR_FIX = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ", "§": "Đ"})
_DASHES = str.maketrans({"–": "-", "—": "-", "_": "-"})

_PARTY_CORE = frozenset({"TW", "TU", "HU", "QU", "ĐU", "TXU", "TPU", "ĐUK"})
_PARTY_ISSUER = re.compile(r"[A-ZĐ]*(?:TW|TU|HU|QU|ĐU|TXU|TPU|ĐUK)|ĐU[A-ZĐ]*|BCSĐ[A-ZĐ]*|ĐĐ[A-ZĐ]*")
# Issuers that alone (without a type code, year or "số") make a number.
_LONE_ISSUER = re.compile(r"CP|TTg|HĐBT|HĐCP|HĐNN\d+|QH\d+|UBTVQH\d+|[A-ZĐ]*(?:TW|TU|HU)")
# Issuers recognised in a multi-part code without a type code ("2345/BGDĐT-GDTH").
_STATE_ISSUER = re.compile(
    r"CP|TTg|VPCP|CTN|QH\d*|UBTVQH\d*|TVQH|HĐBT|HĐNN\d*|HĐCP|UBND|HĐND|UBMTTQ[A-ZĐ]*|MTTQ[A-ZĐ]*"
    r"|NHNN\d*|TANDTC|VKSNDTC|KTNN|TLĐ|BHXH[A-ZĐ]*|TCHQ|TCT|TCTK|TTCP|UBDT|B[A-ZĐ]{1,9}|S[A-ZĐ]{1,6}"
    r"|UB[A-ZĐ]{1,10}|VP[A-ZĐ]{1,8}|BCĐ[A-ZĐ\d]*"
)

_LET = r"[^\W\d_]"
_ALNUM = r"[^\W_]"
# A code part: starts with a letter; letters, digits, "&" and inner dots
# ("T.Ư", "CNTD.DV"); an attached unit in brackets ("BCA(A11)").
_SEG = rf"{_LET}(?:{_ALNUM}|[&.](?={_ALNUM}))*(?:\({_LET}{_ALNUM}*\))?"
# The sequence number, with an optional letter suffix ("30a", "293A").
_SEQ = rf"\d{{1,5}}(?:[a-dA-D](?!{_ALNUM}))?"
_YEAR = r"(?:19|20)\d\d(?!\d)"

# Running text: "/" or "-" after the sequence (spaces allowed around them, but
# a spaced hyphen only before a code of two parts, "47 - QĐ/TW", not "2017 -
# PV"), "/" or "-" after the year, code parts joined by "-" or "/". The pattern
# starts with a plain digit (the look-behind comes after it) so the regex
# engine can skip quickly to the next digit.
_STRICT = re.compile(
    rf"""
    (?P<seq>\d(?<![\w./\-–]\d)\d{{0,4}}(?:[a-dA-D](?!{_ALNUM}))?)
    (?P<sep1>[ \t]?/[ \t]?|[-–](?![ \t])|[ \t]?[-–][ \t]?(?={_SEG}[ \t]?[-–/]))
    (?:(?P<year>{_YEAR})(?P<sep2>[ \t]?[-/][ \t]?))?
    (?P<code>{_SEG}(?:(?:[ \t]?[-–/][ \t]?|[ \t](?=(?:{_STATE_ISSUER.pattern})(?![^\W_]))){_SEG})*)
    """,
    re.VERBOSE,
)
# Cheap pre-check: a separator right after a number, then a letter. Most
# articles have none, and then the full pattern never runs.
_PRECHECK = re.compile(
    r"[-–/](?:(?<=\d.)|(?<=\d[a-dA-D].)|(?<=\d [-–/])|(?<=\d\t[-–/]))"
    r"[ \t]?(?:(?:19|20)\d\d[ \t]?[-/][ \t]?)?[^\W\d_]"
)
# One number on its own: any spacing, any dash, "_" or "." as separators, a
# missing separator ("44LCT/HĐNN8", "78/2007QĐ-BTC"), a year inside the code,
# a two-digit or mistyped year ("166/99/QĐ-BTC", "02/203/QĐ-TTg").
_LENIENT = re.compile(
    rf"""
    (?P<seq>{_SEQ})
    (?P<sep1>\s*[-–—_/.]\s*|\s+|)
    (?:(?P<year>\d{{2,5}}(?!\d))(?:\s*[-–—_/]+\s*|(?={_LET})))?
    (?P<code>{_SEG}(?:\s*[-–—_/]+\s*(?:{_SEG}|{_YEAR}(?=\s*[-–—_/]\s*{_LET})))*)
    (?!{_ALNUM})
    """,
    re.VERBOSE,
)
_CODE_SPLIT = re.compile(r"(\s*[-–—_/][-–—_/\s]*|[ \t]+)")
_NUMBER_PREFIX = re.compile(r"\s*(?:s[ốo](?:\s*hi[ệe]u)?\s*[:.]?\s*)?", re.IGNORECASE)
_TRAILER = re.compile(r"[\s.,;:)\]]*")
_QUOTES = re.compile(r"[\s'\"“”‘’]*")

_TYPE_WORDS_FOLDED = {fold(name): name for name in TYPE_WORDS}
_TYPE_WORD_ALT = "|".join(
    r"\s+".join(map(re.escape, w.split())) for w in sorted(_TYPE_WORDS_FOLDED, key=len, reverse=True)
)
_TITLE_HEAD = re.compile(
    rf"\s*(?:(?P<word>{_TYPE_WORD_ALT})\b\s*)?(?:(?:{_TYPE_WORD_ALT})\b\s*)?(?:so(?:\s*hieu)?\b\s*[:.]?\s*)?"
)
_NO_NUMBER = re.compile(r"khong\s+so\b")
# Just before a number in running text: "số", "số hiệu:" or a type word.
_CONTEXT = re.compile(rf"(?:\bso(?:\s*hieu)?|\b(?:{_TYPE_WORD_ALT}))\s*[:.]?\s*$")


@dataclass(frozen=True)
class DocNumber:
    """A parsed document number."""

    canonical: str  # "40-NQ/TU", "30/2020/NĐ-CP"
    seq: str  # "40", "30" (leading zeros kept as written: "03")
    type_code: str | None  # "NQ", "NĐ", "QĐi", "TTLT"...; None for "31/2024/QH15"
    issuer_code: str | None  # "TU", "TW", "CP", "QH15", "UBND", "TTg", "BTP-BNV"...
    year: int | None  # the year written in the number (state numbers), else None
    system: str  # "party" | "state"

    def __str__(self) -> str:
        return self.canonical

    @property
    def type_name(self) -> str | None:
        """Canonical type name of the type code ("Thông tri" for Party "TT")."""
        return type_of_code(self.type_code, self.system)


def _fold_same_length(text: str) -> str:
    """``fold`` that keeps offsets: one output character per input character."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join(f if len(f := fold(c)) == 1 else c for c in text)


def _norm_segment(raw: str) -> str:
    # "TƯ"/"T.Ư" (Trung ương) is "TW"; "Tư" in "QLĐTư" (đầu tư) is not.
    seg = raw.translate(_CHAR_FIX)
    if seg == seg.lower():
        seg = seg.upper()
    seg = seg.replace("T.Ư", "TW").replace("TƯ", "TW").upper()
    return _MIXED_CASE.get(seg, seg)


def _type_code(raw: str) -> str | None:
    return _TYPE_CODES.get(raw.translate(_CHAR_FIX).upper())


def _code_like(raw: str, lenient: bool) -> bool:
    """A part written like a code: capitals, a known mixed-case code, a type code."""
    seg = raw.translate(_CHAR_FIX)
    if seg == seg.upper() or seg in _MIXED_SPELLINGS:
        return True
    if seg[0].isupper() and (seg.upper() in _TYPE_CODES or seg.upper() in _MIXED_CASE):  # "Qđ", "Ttg"
        return True
    if _CAPS_THEN_LOWER.fullmatch(seg):
        return True
    if not lenient:
        return False
    # On its own a number may also be all lower case ("nq") or capitals mixed
    # with lower case ("TTg1", "QhH13"), but never a capitalised word ("Hà").
    return seg == seg.lower() or (seg[0].isupper() and any(c.isupper() or c.isdigit() for c in seg[1:]))


def _split_code(code: str) -> tuple[list[str], list[str], list[int]]:
    """Parts, the separator before each later part ("-" or "/"), end offset of each part."""
    pieces = _CODE_SPLIT.split(code)
    segs, seps, ends, pos = [], [], [], 0
    for i, piece in enumerate(pieces):
        pos += len(piece)
        if i % 2:
            seps.append(piece.strip()[:1].translate(_DASHES) or "-")  # "1177/QĐ BGDĐT": a space for "-"
        else:
            segs.append(piece)
            ends.append(pos)
    return segs, seps, ends


def _year(text: str | None) -> int | None:
    """The year of a year slot: four digits 19xx/20xx, or two digits ("99" → 1999)."""
    if not text:
        return None
    if len(text) == 4 and text[:2] in ("19", "20"):
        return int(text)
    if len(text) == 2:
        return int(text) + (1900 if int(text) >= 45 else 2000)
    return None  # a mistyped year ("203", "20004") stays in the canonical form only


def _build(seq: str, sep1: str, year_text: str | None, segs: list[str], seps: list[str]) -> DocNumber:
    """The DocNumber of raw parts that passed validation."""
    seq = seq.upper()
    norm = [_norm_segment(s) if not s.isdigit() else s for s in segs]
    type_idx = None
    if not segs[0].isdigit() and _type_code(segs[0]):
        type_idx = 0
    else:
        for i in range(1, len(segs)):
            if seps[i - 1] == "/" and not segs[i].isdigit() and _type_code(segs[i]):
                type_idx = i
                break
    type_code = _type_code(segs[type_idx]) if type_idx is not None else None
    if type_idx is not None:
        norm[type_idx] = type_code

    year = _year(year_text)
    issuer_parts: list[str] = []
    for i, seg in enumerate(norm):
        if i == type_idx:
            continue
        if seg.isdigit():
            year = year or int(seg)
            continue
        if issuer_parts:
            issuer_parts.append(seps[i - 1])
        issuer_parts.append(seg)
    issuer = "".join(issuer_parts) or None

    sep1 = sep1.strip().translate(_DASHES)
    if sep1 not in ("-", "/"):
        sep1 = "-" if sep1 == "." or not seps or seps[0] == "/" else "/"

    party = (
        year is None
        and type_code is not None
        and issuer is not None
        and _PARTY_ISSUER.fullmatch(issuer) is not None
        and (sep1 == "-" or (len(segs) == 2 and type_idx == 0 and issuer in _PARTY_CORE))
    )
    if party:
        return DocNumber(f"{seq}-{type_code}/{issuer}", seq, type_code, issuer, None, PARTY)

    modern = bool(year_text) or sep1 == "/"
    if type_idx == 0 and len(norm) > 1:  # the separator after the type
        seps = ["-" if modern else "/"] + seps[1:]
    code = norm[0] + "".join(sep + seg for sep, seg in zip(seps, norm[1:], strict=True))
    head = f"{seq}/{year_text}/" if year_text else seq + sep1
    return DocNumber(head + code, seq, type_code, issuer, year, STATE)


def _from_match(m: re.Match[str], lenient: bool) -> tuple[DocNumber, int] | None:
    """Validate a regex match; returns the number and its end offset (trailing junk trimmed)."""
    if lenient and not m.group("sep1").strip() and m.group("code") == m.group("code").lower():
        return None  # "10h30": a code glued to the number must be in capitals ("44LCT")
    segs, seps, ends = _split_code(m.group("code"))
    keep = 0
    for seg in segs:
        if not seg.isdigit() and not _code_like(seg, lenient):
            break
        keep += 1
    while keep and segs[keep - 1].isdigit():
        keep -= 1
    if keep == 0:
        return None
    number = _build(m.group("seq"), m.group("sep1"), m.group("year"), segs[:keep], seps[: keep - 1])
    return number, m.start("code") + ends[keep - 1]


def parse_number(text: str) -> DocNumber | None:
    """Parse exactly one document number in any common spelling, else None.

    >>> parse_number("47 - QĐ/TW").canonical
    '47-QĐ/TW'
    """
    text = nfc(text).translate(_CHAR_FIX)
    start = _NUMBER_PREFIX.match(text).end()
    m = _LENIENT.match(text, start)
    if m is None:
        return None
    found = _from_match(m, lenient=True)
    if found is None:
        return None
    number, end = found
    if _TRAILER.fullmatch(text, end) is None:
        return None
    return number


def _plausible(text: str, m: re.Match[str], number: DocNumber, parts: int, lowercase: bool) -> bool:
    """Whether a strict match in running text is a document number, not a name or code."""
    if lowercase:  # "40-nq/tu": only with a type code and a known issuer
        return number.type_code is not None and number.issuer_code is not None and (
            number.system == PARTY or _STATE_ISSUER.fullmatch(number.issuer_code.split("-")[0]) is not None
        )
    if number.type_code is None and m.group("sep1").strip() != m.group("sep1") and "/" not in m.group("sep1"):
        return False  # "số 1 – CTCP": a spaced hyphen needs a type code ("47 - QĐ/TW")
    if number.year is not None and m.group("sep2") == "/":  # "SEQ/YEAR/CODE"
        return True
    issuer_first = (number.issuer_code or "").replace("/", "-").split("-")[0]
    if parts == 1 and number.issuer_code and _LONE_ISSUER.fullmatch(number.issuer_code):
        return True
    if parts > 1 and (number.type_code is not None or _STATE_ISSUER.fullmatch(issuer_first)):
        return True
    if sum(c.isalpha() for c in m.group("code")) < 2:
        return False  # "bí số 107-T": one letter is a code name, not a document number
    before = _fold_same_length(text[max(0, m.start() - 30) : m.start()])
    return _CONTEXT.search(before) is not None


def find_numbers(text: str) -> list[tuple[int, int, DocNumber]]:
    """Every document number in running text, with ``[start, end)`` offsets.

    Offsets index the NFC form of ``text`` (the text itself when it is NFC).
    Dates, fractions, scores, times and codes without letters are not numbers.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = nfc(text)
    if _PRECHECK.search(text) is None:
        return []
    found: list[tuple[int, int, DocNumber]] = []
    for m in _STRICT.finditer(text):
        checkpoint()
        result = _from_match(m, lenient=False)
        lowercase = False
        if result is None:
            code = m.group("code")
            if code != code.lower():
                continue
            result = _from_match(m, lenient=True)  # an all-lower-case code
            if result is None:
                continue
            lowercase = True
        number, end = result
        parts = len(_split_code(text[m.start("code") : end])[0])
        if _plausible(text, m, number, parts, lowercase):
            found.append((m.start(), end, number))
    return found


def parse_title(title: str) -> tuple[str | None, DocNumber | None]:
    """Type name and number of a listing title ("Nghị định 30/2020/NĐ-CP").

    The type word at the head of the title wins; without one the type name
    comes from the number's type code. "Hiến pháp Không số" has no number.
    """
    text = nfc(title).translate(_CHAR_FIX)
    folded = _fold_same_length(text)
    head = _TITLE_HEAD.match(folded)
    word = head.group("word")
    name = _TYPE_WORDS_FOLDED[re.sub(r"\s+", " ", word)] if word else None
    pos = _QUOTES.match(text, head.end()).end()
    if _NO_NUMBER.match(folded, pos):
        return name, None
    number = None
    m = _LENIENT.match(text, pos)
    if m is not None:
        found = _from_match(m, lenient=True)
        number = found[0] if found else None
    if number is None and name is None:
        hits = find_numbers(text)
        number = hits[0][2] if hits else None
    if name is None and number is not None:
        name = number.type_name
    return name, number
