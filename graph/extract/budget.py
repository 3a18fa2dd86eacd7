"""A time budget for extracting one source.

The budget is cooperative: :func:`time_budget` sets a deadline for the
current thread (or task), and the stages call :func:`checkpoint` inside their
loops; past the deadline it raises :class:`OutOfTime`, which
:func:`graph.extract.extractor.extract` turns into :class:`ExtractionTimeout`
(a :class:`SourceError`, so the source is reported in one line and skipped).
No signals, so it works in any thread and any process.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from vankien.graph.sources.model import SourceError

DEFAULT_SECONDS = 60.0
ENV = "VANKIEN_EXTRACTION_BUDGET"  # seconds; "0" or "none" for no limit

_deadline: ContextVar[float | None] = ContextVar("vankien_extraction_deadline", default=None)


class OutOfTime(Exception):
    """Raised by :func:`checkpoint` once the deadline has passed."""


class ExtractionTimeout(SourceError):
    """A source whose extraction took longer than its budget."""

    def __init__(self, path: str, seconds: float) -> None:
        super().__init__(path, f"extraction took longer than {seconds:g} s")
        self.seconds = seconds


def configured_budget() -> float | None:
    """Seconds allowed per source: ``$VANKIEN_EXTRACTION_BUDGET``, else 60; None means no limit."""
    raw = os.environ.get(ENV, "").strip().lower()
    if not raw:
        return DEFAULT_SECONDS
    if raw in ("none", "off", "0"):
        return None
    try:
        seconds = float(raw)
    except ValueError:
        raise ValueError(f"{ENV}={raw!r} is not a number of seconds") from None
    if seconds < 0 or seconds != seconds:
        raise ValueError(f"{ENV}={raw!r} is not a number of seconds")
    return seconds or None


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Let :func:`checkpoint` raise :class:`OutOfTime` ``seconds`` from now (None: never)."""
    token = _deadline.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def checkpoint() -> None:
    """Raise :class:`OutOfTime` when the current budget is spent; a no-op without one."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise OutOfTime
