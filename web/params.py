"""Request parameters, checked in one place: a bad one is a 400 saying ``"<param>: <reason>"``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from flask import abort, request

MAX_PAGE = 10_000
SORTS = ("relevance", "date")  # how search results may be ordered


def bad(name: str, reason: str):
    """Stop the request: 400 with ``"name: reason"`` (an HTML page or ``{"error": …}``, as the client wants)."""
    abort(400, description=f"{name}: {reason}")


def whole_number(name: str, default: int, low: int = 1, high: int = MAX_PAGE) -> int:
    """The query parameter ``name`` as a whole number from ``low`` to ``high``; ``default`` when absent or empty."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        bad(name, f"must be a whole number from {low} to {high}")
    return int(raw)


def choice(name: str, default: str, allowed: Iterable[str]) -> str:
    """The query parameter ``name``, one of ``allowed``; ``default`` when absent or empty."""
    allowed = tuple(allowed)
    value = request.args.get(name, "").strip()
    if not value:
        return default
    if value not in allowed:
        bad(name, f"must be one of {', '.join(allowed)}")
    return value


def day(name: str) -> datetime.date | None:
    """The query parameter ``name`` as a day ("2019-01-01"); None when absent or empty."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw) if len(raw) == 10 else bad(name, "must be a date YYYY-MM-DD")
    except ValueError:
        bad(name, "must be a date YYYY-MM-DD")


def page() -> int:
    """The ``page`` parameter: 1 to 10,000, 1 by default."""
    return whole_number("page", 1)
