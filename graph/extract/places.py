"""Vietnamese administrative places: provinces, centrally-run cities and
provincial capitals, and the locality an article is about.

An article about "thành phố Lạng Sơn" in "Báo Lạng Sơn" turns a bare
"Thành ủy" into "Thành ủy Lạng Sơn" and a bare "Tỉnh ủy" into
"Tỉnh ủy Lạng Sơn"; :func:`infer_locality` collects that evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from vankien.graph.extract.budget import checkpoint
from vankien.graph.text import normalize_key, unify_tones

# Centrally-run cities: their Party committee is a "Thành ủy" at province level.
CENTRAL_CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")

PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk",
    "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh",
    "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh",
    "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
    "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
) + CENTRAL_CITIES

# Provincial cities (thành phố thuộc tỉnh) → their province, where the names differ
# or the city is the provincial capital.
CITY_PROVINCE = {
    "Lạng Sơn": "Lạng Sơn", "Cao Bằng": "Cao Bằng", "Bắc Kạn": "Bắc Kạn", "Hà Giang": "Hà Giang",
    "Tuyên Quang": "Tuyên Quang", "Lào Cai": "Lào Cai", "Yên Bái": "Yên Bái", "Lai Châu": "Lai Châu",
    "Điện Biên Phủ": "Điện Biên", "Sơn La": "Sơn La", "Hòa Bình": "Hòa Bình", "Thái Nguyên": "Thái Nguyên",
    "Sông Công": "Thái Nguyên", "Phổ Yên": "Thái Nguyên", "Việt Trì": "Phú Thọ", "Vĩnh Yên": "Vĩnh Phúc",
    "Phúc Yên": "Vĩnh Phúc", "Bắc Giang": "Bắc Giang", "Bắc Ninh": "Bắc Ninh", "Từ Sơn": "Bắc Ninh",
    "Hạ Long": "Quảng Ninh", "Móng Cái": "Quảng Ninh", "Cẩm Phả": "Quảng Ninh", "Uông Bí": "Quảng Ninh",
    "Đông Triều": "Quảng Ninh", "Hải Dương": "Hải Dương", "Chí Linh": "Hải Dương", "Hưng Yên": "Hưng Yên",
    "Thái Bình": "Thái Bình", "Phủ Lý": "Hà Nam", "Nam Định": "Nam Định", "Ninh Bình": "Ninh Bình",
    "Tam Điệp": "Ninh Bình", "Thanh Hóa": "Thanh Hóa", "Sầm Sơn": "Thanh Hóa", "Vinh": "Nghệ An",
    "Hà Tĩnh": "Hà Tĩnh", "Đồng Hới": "Quảng Bình", "Đông Hà": "Quảng Trị", "Tam Kỳ": "Quảng Nam",
    "Hội An": "Quảng Nam", "Quảng Ngãi": "Quảng Ngãi", "Quy Nhơn": "Bình Định", "Tuy Hòa": "Phú Yên",
    "Nha Trang": "Khánh Hòa", "Cam Ranh": "Khánh Hòa", "Phan Rang - Tháp Chàm": "Ninh Thuận",
    "Phan Thiết": "Bình Thuận", "Kon Tum": "Kon Tum", "Pleiku": "Gia Lai", "Buôn Ma Thuột": "Đắk Lắk",
    "Gia Nghĩa": "Đắk Nông", "Đà Lạt": "Lâm Đồng", "Bảo Lộc": "Lâm Đồng", "Đồng Xoài": "Bình Phước",
    "Tây Ninh": "Tây Ninh", "Thủ Dầu Một": "Bình Dương", "Dĩ An": "Bình Dương", "Thuận An": "Bình Dương",
    "Biên Hòa": "Đồng Nai", "Long Khánh": "Đồng Nai", "Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Bà Rịa": "Bà Rịa - Vũng Tàu", "Tân An": "Long An", "Mỹ Tho": "Tiền Giang", "Bến Tre": "Bến Tre",
    "Trà Vinh": "Trà Vinh", "Vĩnh Long": "Vĩnh Long", "Cao Lãnh": "Đồng Tháp", "Sa Đéc": "Đồng Tháp",
    "Long Xuyên": "An Giang", "Châu Đốc": "An Giang", "Rạch Giá": "Kiên Giang", "Phú Quốc": "Kiên Giang",
    "Vị Thanh": "Hậu Giang", "Sóc Trăng": "Sóc Trăng", "Bạc Liêu": "Bạc Liêu", "Cà Mau": "Cà Mau",
    "Thủ Đức": "Hồ Chí Minh",
}

_PROVINCE_KEYS = {normalize_key(name): name for name in PROVINCES}
_PROVINCE_KEYS[normalize_key("Thành phố Hồ Chí Minh")] = "Hồ Chí Minh"
_PROVINCE_KEYS[normalize_key("TP Hồ Chí Minh")] = "Hồ Chí Minh"
_PROVINCE_KEYS[normalize_key("TP.HCM")] = "Hồ Chí Minh"
_CITY_KEYS = {normalize_key(name): name for name in CITY_PROVINCE}
_CENTRAL_KEYS = {normalize_key(name) for name in CENTRAL_CITIES}

# Vietnamese capital letters (a character range would take lower-case letters too).
UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
CAPITALISED = rf"[{UPPER}][^\W\d_]*"
# A place name: capitalised syllables ("Lạng Sơn", "Bà Rịa - Vũng Tàu", "Phan Rang - Tháp Chàm").
PLACE_NAME = rf"{CAPITALISED}(?:(?:\s+-\s+|\s+){CAPITALISED}){{0,3}}"
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
        return self.city is not None and normalize_key(self.city) in _CENTRAL_KEYS


def match_place(words: str) -> tuple[str, str] | None:
    """The longest known place at the start of ``words``: (canonical name, "province"|"city")."""
    parts = unify_tones(words).split()
    for size in range(min(len(parts), 5), 0, -1):
        key = normalize_key(" ".join(parts[:size]))
        if key in _PROVINCE_KEYS:
            return _PROVINCE_KEYS[key], "province"
        if key in _CITY_KEYS:
            return _CITY_KEYS[key], "city"
    return None


def is_central_city(name: str | None) -> bool:
    return name is not None and normalize_key(name) in _CENTRAL_KEYS


def province_of_city(city: str) -> str | None:
    return CITY_PROVINCE.get(city) or (city if is_central_city(city) else None)


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
                elif name in CITY_PROVINCE:
                    cities[name] += vote
                    provinces[CITY_PROVINCE[name]] += vote
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
