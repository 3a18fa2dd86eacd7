"""Position lookups that keep extraction linear in the length of the text.

A stage asking "is this position inside a reference?" or "where did this
sentence start?" once per match must not scan every span or walk back to the
start of the text each time: these answer in O(log n) after one pass.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate


class Spans:
    """A fixed set of ``[start, end)`` spans."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach = list(accumulate((e for _, e in ordered), max))  # furthest end so far

    def reach(self, pos: int) -> int | None:
        """The furthest end of the spans covering ``pos`` (``start <= pos < end``), or None."""
        i = bisect_right(self._starts, pos)
        return self._reach[i - 1] if i and self._reach[i - 1] > pos else None

    def covers(self, pos: int) -> bool:
        return self.reach(pos) is not None

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span shares a position with ``[start, end)`` (``s < end and start < e``)."""
        i = bisect_left(self._starts, end)
        return i > 0 and self._reach[i - 1] > start


class Marks:
    """The positions where ``pattern`` matches in a text, in order.

    Write the pattern as one character and a lookahead (``"[.](?= )"`` for ". ")
    so that overlapping occurrences all count, as ``str.find`` would see them.
    """

    def __init__(self, pattern: str | re.Pattern[str], text: str) -> None:
        self._regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        self._text = text
        self._positions: list[int] | None = None  # found on the first question: most texts ask none

    @property
    def positions(self) -> list[int]:
        if self._positions is None:
            self._positions = [m.start() for m in self._regex.finditer(self._text)]
        return self._positions

    def last_before(self, limit: int) -> int:
        """The greatest position ``<= limit``, or -1."""
        positions = self.positions
        i = bisect_right(positions, limit)
        return positions[i - 1] if i else -1

    def first_from(self, pos: int) -> int | None:
        """The least position ``>= pos``, or None."""
        positions = self.positions
        i = bisect_left(positions, pos)
        return positions[i] if i < len(positions) else None
