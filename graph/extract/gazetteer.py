"""Vietnam's administrative units, before and after the 2025 reorganisation, read from the
``vietnamadminunits`` package's bundled SQLite data (63 provinces, 696 districts and 10,035 wards
before 1 July 2025; 34 provinces and 3,321 wards after).

Names are short forms derived from the full names by stripping the level word ("Huyện Cao Lộc"
→ "Cao Lộc"), with tone placement unified; lookups go through :func:`normalize_key`. The data is
loaded once, on first use.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from vankien.graph.text import normalize_key, unify_tones

# Level words a full name starts with, longest first ("Thành phố" before "Thị xã" is irrelevant, but
# "Thị trấn" must not be read as "Thị xã").
LEVEL_WORDS = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Tỉnh", "Quận", "Huyện", "Phường", "Xã")
_LEVEL = re.compile(rf"^(?:{'|'.join(LEVEL_WORDS)})\s+", re.IGNORECASE)
# Provinces merged or renamed before 2025 that texts still name.
_FORMER_PROVINCES = ("Thừa Thiên Huế", "Hà Tây")


@dataclass(frozen=True)
class Unit:
    """One district or ward: its short name, level word (lower case) and province."""

    name: str
    level: str
    province: str
    district: str | None = None


@dataclass
class Gazetteer:
    """Provinces, provincial cities and the units below them, keyed by :func:`normalize_key`."""

    provinces: dict[str, str]
    central: frozenset[str]
    cities: dict[str, str]            # provincial city (thành phố thuộc tỉnh) → its province
    units: dict[str, tuple[Unit, ...]]

    def province(self, name: str) -> str | None:
        return self.provinces.get(normalize_key(name))

    def city(self, name: str) -> str | None:
        """The short name of a provincial or central city, as the data spells it."""
        key = normalize_key(name)
        if key in self.central:
            return self.provinces[key]
        return next((u.name for u in self.units.get(key, ()) if u.level == "thành phố"), None)

    def units_named(self, name: str, level: str | None = None, province: str | None = None) -> tuple[Unit, ...]:
        """Districts and wards of that name, of that level and in that province when given."""
        found = self.units.get(normalize_key(name), ())
        if level:
            found = tuple(u for u in found if u.level == level)
        if province:
            key = normalize_key(province)
            found = tuple(u for u in found if normalize_key(u.province) == key)
        return found


def short_name(full: str) -> str:
    """ "Huyện Cao Lộc" → "Cao Lộc", "Tỉnh Bà Rịa - Vũng Tàu" → "Bà Rịa - Vũng Tàu", tones unified."""
    return unify_tones(_LEVEL.sub("", full.strip()))


def _level_of(full: str) -> str:
    m = _LEVEL.match(full.strip())
    return unify_tones(m.group(0).strip()).casefold() if m else ""


def _dataset() -> Path:
    """The package's SQLite file, found without importing the package (its import loads pandas)."""
    spec = find_spec("vietnamadminunits")
    if spec is None or spec.origin is None:
        raise RuntimeError("the vietnamadminunits package is not installed")
    return Path(spec.origin).parent / "data" / "dataset.db"


def _rows(sql: str) -> list[tuple]:
    connection = sqlite3.connect(f"file:{_dataset()}?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@cache
def _parsed(full: str) -> tuple[str, str, str]:
    """(short name, level word in lower case, key) of a full name; many full names repeat."""
    name = short_name(full)
    return name, _level_of(full), normalize_key(name)


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded on first use."""
    provinces: dict[str, str] = {}
    central: set[str] = set()
    cities: dict[str, str] = {}
    units: dict[str, dict[Unit, None]] = {}

    def add_unit(full: str, province: str, district: str | None) -> Unit:
        name, level, key = _parsed(full)
        unit = Unit(name, level, province, district)
        units.setdefault(key, {})[unit] = None
        return unit

    for (province_full,) in _rows("SELECT DISTINCT province FROM admin_units_legacy "
                                  "UNION SELECT DISTINCT province FROM admin_units"):
        name, level, key = _parsed(province_full)
        provinces.setdefault(key, name)
        if level == "thành phố":
            central.add(key)
    for province_full, district_full in _rows("SELECT DISTINCT province, district FROM admin_units_legacy"):
        province = _parsed(province_full)[0]
        district = add_unit(district_full, province, None)
        if district.level == "thành phố":
            cities.setdefault(normalize_key(district.name), province)
    for province_full, district_full, ward_full in _rows(
            "SELECT province, district, ward FROM admin_units_legacy WHERE ward IS NOT NULL AND ward != ''"):
        add_unit(ward_full, _parsed(province_full)[0], _parsed(district_full)[0])
    for province_full, ward_full in _rows(
            "SELECT province, ward FROM admin_units WHERE ward IS NOT NULL AND ward != ''"):
        add_unit(ward_full, _parsed(province_full)[0], None)
    for name in _FORMER_PROVINCES:
        provinces.setdefault(normalize_key(name), name)
    return Gazetteer(provinces, frozenset(central), cities, {k: tuple(v) for k, v in units.items()})
