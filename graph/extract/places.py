"""Vietnamese administrative places (from the gazetteer: provinces, centrally-run and provincial
cities, districts and wards before and after 2025), and the locality an article is about.

An article about "thành phố Lạng Sơn" in "Báo Lạng Sơn" turns a bare
"Thành ủy" into "Thành ủy Lạng Sơn" and a bare "Tỉnh ủy" into
"Tỉnh ủy Lạng Sơn"; :func:`infer_locality` collects that evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from vankien.graph.extract.budget import checkpoint
from vankien.graph.extract.gazetteer import Unit, gazetteer
from vankien.graph.text import normalize_key, unify_tones

# Written forms of Hồ Chí Minh City the gazetteer's names do not cover.
_CITY_ABBREVIATIONS = {normalize_key(form): "Hồ Chí Minh" for form in (
    "Thành phố Hồ Chí Minh", "TP Hồ Chí Minh", "TP. Hồ Chí Minh", "TP.HCM", "TPHCM", "TP HCM", "TP. HCM")}

# Vietnamese capital letters (a character range would take lower-case letters too).
UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
CAPITALISED = rf"[{UPPER}][^\W\d_]*"
# A place name: capitalised syllables ("Lạng Sơn", "Bà Rịa - Vũng Tàu", "Phan Rang - Tháp Chàm").
PLACE_NAME = rf"{CAPITALISED}(?:(?:\s*[-–]\s*|\s+){CAPITALISED}){{0,3}}"
_MENTION = re.compile(
    rf"\b((?i:tỉnh|thành\s+phố|tp\.?|tỉnh\s+ủy|tỉnh\s+uỷ|thành\s+ủy|thành\s+uỷ)|Báo)\s+({PLACE_NAME})"
)


MIN_VOTES = 2
LEAD = 1.5
LEAD_CHARS = 300


@dataclass(frozen=True)
class Locality:
    """Where an article is: its province and, when it is about one, its city."""

    province: str | None = None
    city: str | None = None

    @property
    def city_is_central(self) -> bool:
        return is_central_city(self.city)


_PLACE_WORD = re.compile(r"[^\s\-–,;:()\"“”]+")
_DASHED = re.compile(r"\s*[-–]\s*")


@cache
def _dashless_keys() -> dict[str, tuple[str, str]]:
    """Every province's and city's key with its dashes dropped ("ba ria vung tau") → (key, kind): a name is
    written "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu" or "Thừa Thiên – Huế" as often as the gazetteer's way."""
    places = gazetteer()
    keys = {_DASHED.sub(" ", key): (key, "city") for key in places.cities}
    keys |= {_DASHED.sub(" ", key): (key, "province") for key in places.provinces}
    keys |= {_DASHED.sub(" ", key): (key, "abbreviation") for key in _CITY_ABBREVIATIONS}
    return keys


def place_at(words: str) -> tuple[str, str, int] | None:
    """The longest known place at the start of ``words``: (canonical name, "province"|"city", how many
    characters of ``words`` it takes). Dashes between its words are read as spaces."""
    places = gazetteer()
    unified = unify_tones(words)
    parts = list(_PLACE_WORD.finditer(unified))[:5]
    keys = _dashless_keys()
    for size in range(len(parts), 0, -1):
        if any(not _DASHED.fullmatch(unified[a.end():b.start()]) and unified[a.end():b.start()].strip()
               for a, b in pairwise(parts[:size])):
            continue  # a place's name does not run across punctuation
        written = " ".join(p.group(0) for p in parts[:size])
        end = parts[size - 1].end()
        if written.endswith("."):  # "… Hà Nội." ends a sentence
            written, end = written[:-1], end - 1
        key = _DASHED.sub(" ", normalize_key(written))
        if key not in keys:
            continue
        found, kind = keys[key]
        if kind == "abbreviation":
            return _CITY_ABBREVIATIONS[found], "province", end
        if kind == "province":
            return places.provinces[found], "province", end
        return places.city(found) or parts[0].group(0), "city", end
    return None


def match_place(words: str) -> tuple[str, str] | None:
    """The longest known place at the start of ``words``: (canonical name, "province"|"city")."""
    found = place_at(words)
    return (found[0], found[1]) if found else None


@cache
def place_first_words() -> frozenset[str]:
    """The first word of every province's and city's name (keys), to skip words no place begins with."""
    places = gazetteer()
    names = [*places.provinces, *places.cities, *_CITY_ABBREVIATIONS]
    return frozenset(name.split()[0] for name in names)


def match_unit(words: str, province: str | None = None) -> tuple[Unit, int] | None:
    """The longest district or ward named at the start of ``words`` (inside ``province`` when
    given) and how many words it takes."""
    places = gazetteer()
    parts = unify_tones(words).split()
    for size in range(min(len(parts), 4), 0, -1):
        if any(part[-1:] in ",.;:)" for part in parts[:size - 1]):
            continue  # a place's name does not run across punctuation
        units = places.units_named(" ".join(parts[:size]).rstrip(",.;:)"), province=province)
        if units:
            return units[0], size
    return None


def is_central_city(name: str | None) -> bool:
    return name is not None and normalize_key(name) in gazetteer().central


def province_of_city(city: str) -> str | None:
    key = normalize_key(city)
    places = gazetteer()
    return places.cities.get(key) or (places.provinces[key] if key in places.central else None)


def infer_locality(text: str, *, hints: tuple[str | None, ...] = ()) -> Locality:
    """Vote for the article's province and city from "tỉnh X", "thành phố X",
    "Tỉnh ủy X", "Thành ủy X" in ``text`` and in ``hints`` (title, publisher,
    author affiliation)."""
    provinces: Counter[str] = Counter()
    cities: Counter[str] = Counter()
    for weight, chunk in [(2, hint) for hint in hints if hint] + [(1, text)]:
        for m in _MENTION.finditer(chunk):
            checkpoint()
            # Named in the lead, the place is what the article is about.
            vote = 2 if chunk is text and m.start() < LEAD_CHARS else weight
            head = normalize_key(m.group(1))
            place = match_place(m.group(2))
            if place is None:
                continue
            name, kind = place
            if head.startswith(("thành phố", "tp", "thành ủy")):
                if is_central_city(name):
                    provinces[name] += vote
                    cities[name] += vote
                elif (province := province_of_city(name)) is not None:
                    cities[name] += vote
                    provinces[province] += vote
            elif kind == "province":
                provinces[name] += vote
    ranked = provinces.most_common(2)
    # One passing "ở tỉnh Điện Biên" deep in a national article does not make it local: the leader needs
    # two votes (a hint or a mention in the lead counts two) and a clear lead over the runner-up.
    province = None
    if ranked and ranked[0][1] >= MIN_VOTES and (len(ranked) == 1 or ranked[0][1] >= LEAD * ranked[1][1]):
        province = ranked[0][0]
    city_candidates = [c for c, _ in cities.most_common() if province_of_city(c) == province]
    return Locality(province=province, city=city_candidates[0] if city_candidates else None)
