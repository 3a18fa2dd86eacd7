"""One source text analysed once and handed to every extraction stage.

Each stage matches on the tone-unified text, looks up document numbers and
asks where lines and sentences end. :class:`AnalysedText` computes each of
these once per text: eagerly the unified form, lazily (on the first question)
the rest, so a stage that never asks costs nothing.
"""

from __future__ import annotations

import re
from functools import cached_property

from vankien.graph.extract.numbers import DocNumber, find_numbers
from vankien.graph.extract.spans import Marks
from vankien.graph.text import unify_tones

_DOT_SPACE = re.compile(r"\.(?= )")
_NEWLINE = re.compile(r"\n")


class AnalysedText:
    """A text with what every stage reads from it.

    ``text`` is the body as given (NFC for a source), ``unified`` its tone-unified
    form (``unify_tones``): same length, so an offset in one is an offset in the other.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.unified = unify_tones(text)

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return f"AnalysedText({self.text[:40]!r}{'…' if len(self.text) > 40 else ''})"

    @cached_property
    def numbers(self) -> list[tuple[int, int, DocNumber]]:
        """Every document number in the text: ``find_numbers(text)``."""
        return find_numbers(self.text)

    @cached_property
    def dot_spaces(self) -> Marks:
        """Where ". " stands (the dot), in the unified text."""
        return Marks(_DOT_SPACE, self.unified)

    @cached_property
    def newlines(self) -> Marks:
        """Where each line break stands."""
        return Marks(_NEWLINE, self.unified)

    def sentence_start(self, pos: int) -> int:
        """Where the sentence holding ``pos`` begins: after the last ". " or line break before it."""
        return max(self.dot_spaces.last_before(pos - 2), self.newlines.last_before(pos - 1)) + 1


    def sentence_end(self, pos: int) -> int:
        """Where the sentence holding ``pos`` ends: at the next ". " or line break, else the end of the text."""
        ends = [e for e in (self.dot_spaces.first_from(pos), self.newlines.first_from(pos)) if e is not None]
        return min(ends) if ends else len(self.unified)


def analysed(text: str | AnalysedText) -> AnalysedText:
    """``text`` as an :class:`AnalysedText`: itself when it already is one."""
    return text if isinstance(text, AnalysedText) else AnalysedText(text)
