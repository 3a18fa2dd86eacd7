"""Reading a SPARQL query's text as a person wrote it: its variables in order, its unclosed brackets.

The parser (:mod:`graph.sparql`) decides what a query means; this module only looks at the text, for
what the editor shows: the columns of ``SELECT *`` in the order the variables were written (the engine
answers them sorted), and a hint when a syntax error comes from a bracket or a quote left open.
Strings, IRIs and comments are blanked out first (offsets kept), so a "{" or a "?x" inside them counts
for nothing.
"""

from __future__ import annotations

import re

_SKIPPED = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\''      # long strings
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''  # short strings
    r'|<[^<>"{}|^`\\\x00-\x20]*>'                # IRIs (no spaces inside, so "?a < ?b" is no IRI)
    r'|#[^\n]*'                                  # comments
)
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)")
_SELECT = re.compile(r"\bSELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?(\*)?", re.IGNORECASE)
PAIRS = (("{", "}"), ("(", ")"), ("[", "]"))


def blank_out(query: str) -> str:
    """``query`` with its strings, IRIs and comments replaced by spaces (newlines kept, so offsets,
    lines and columns stay)."""
    return _SKIPPED.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), query)


def variables_in_order(query: str) -> list[str]:
    """The variables of ``query`` (without ``?``/``$``) in the order they first appear."""
    return list(dict.fromkeys(m.group(1) for m in _VARIABLE.finditer(blank_out(query))))


def selects_all(query: str) -> bool:
    """Whether the query's first (outermost) SELECT is ``SELECT *``."""
    m = _SELECT.search(blank_out(query))
    return bool(m and m.group(1))


def column_order(query: str, variables: list[str]) -> list[str]:
    """The result's ``variables`` as the query lists them: for ``SELECT *`` in the order they appear in its
    text (any the text does not show, last), else as given — the engine keeps a SELECT's own order."""
    if not selects_all(query):
        return list(variables)
    written = [v for v in variables_in_order(query) if v in variables]
    return written + [v for v in variables if v not in written]


def unclosed(query: str) -> str | None:
    """A hint, in Vietnamese, when a quote or bracket of ``query`` is left open or closed once too often."""
    code = blank_out(query)
    for quote in ('"', "'"):
        if quote in code:
            return f"một chuỗi mở bằng dấu {quote} chưa được đóng"
    for opening, closing in PAIRS:
        opened, closed = code.count(opening), code.count(closing)
        if opened > closed:
            return f"thiếu dấu “{closing}” (mở {opened} lần, đóng {closed} lần)"
        if closed > opened:
            return f"thừa dấu “{closing}” (mở {opened} lần, đóng {closed} lần)"
    return None
