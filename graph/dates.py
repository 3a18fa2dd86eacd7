"""Vietnamese dates and times as written in articles and documents.

Day comes before month everywhere: "7/9/2021" is 7 September 2021.
"""

from __future__ import annotations

import re
from datetime import date, time

VIETNAM_OFFSET = "+07:00"

NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/])"
)
WORDED_DATE = re.compile(
    r"ngày\s*(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,\s*)?năm\s+(\d{4})", re.IGNORECASE
)
COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
CLOCK = re.compile(r"(?<!\d)(\d{1,2})\s*[:hg]\s*(\d{2})(?:\s*:\s*(\d{2}))?(?!\d)")


def make_date(year: int | str, month: int | str, day: int | str) -> date | None:
    """A valid :class:`date`, or None for impossible values such as 31/02."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_date(text: str) -> tuple[date, re.Match[str]] | None:
    """The first date in ``text`` in any supported form, with its match."""
    found: list[tuple[int, date, re.Match[str]]] = []
    for m in WORDED_DATE.finditer(text):
        if d := make_date(m.group(3), m.group(2), m.group(1)):
            found.append((m.start(), d, m))
            break
    for m in NUMERIC_DATE.finditer(text):
        if d := make_date(m.group(4), m.group(3), m.group(1)):
            found.append((m.start(), d, m))
            break
    if not found:
        return None
    _, d, m = min(found, key=lambda item: item[0])
    return d, m


def parse_date(text: str) -> date | None:
    """The first date in ``text``: "31.01.2023", "7/9/2021", "22-10-2018",
    "13 /10/2022", "ngày 25 tháng 10 năm 2021", "2021-09-07" or "20201001"."""
    text = text.strip()
    if m := COMPACT_DATE.match(text):
        return make_date(*m.groups())
    if m := ISO_DATE.match(text):
        return make_date(*m.groups())
    found = find_date(text)
    return found[0] if found else None


def parse_clock(text: str) -> time | None:
    """The first clock time in ``text``: "09:38:05", "9:38", "9h38"."""
    for m in CLOCK.finditer(text):
        hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
    return None


def iso_timestamp(day: date, clock: time | None = None) -> str:
    """ISO 8601: the date alone, or date and time with Vietnam's offset."""
    if clock is None:
        return day.isoformat()
    return f"{day.isoformat()}T{clock.isoformat()}{VIETNAM_OFFSET}"


def parse_timestamp(text: str) -> str | None:
    """A date line such as "Thứ 3, 31.01.2023 | 09:38:05" → "2023-01-31T09:38:05+07:00".

    ISO 8601 input keeps its own offset ("2023-01-31T09:38:05Z" stays UTC).
    """
    text = text.strip()
    iso = re.match(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$", text)
    if iso:
        day, clock, _, offset = iso.groups()
        if len(clock) == 5:
            clock += ":00"
        if offset is None:
            offset = VIETNAM_OFFSET
        elif offset != "Z" and ":" not in offset:
            offset = offset[:3] + ":" + offset[3:]
        return f"{day}T{clock}{'+00:00' if offset == 'Z' else offset}"
    found = find_date(text)
    if found is None:
        day = parse_date(text)
        return day.isoformat() if day else None
    day, m = found
    rest = text[: m.start()] + " " + text[m.end():]
    return iso_timestamp(day, parse_clock(rest))
