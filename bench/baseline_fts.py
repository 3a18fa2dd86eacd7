"""An independent search baseline for the judged query set: SQLite FTS5 over the store's texts.

Every source of the store (a news article or an official text) is one row: its headline (or label) and its
body. The tokenizer is FTS5's ``unicode61 remove_diacritics 2``, which folds every Vietnamese mark except
"đ", so "đ" is folded to "d" by hand first, in the rows and the queries alike. Ranking is FTS5's bm25 with the
headline weighted 5 to the body's 1. A query's words are each required (FTS5's implicit AND), each quoted so
that no word is read as an operator; when that finds nothing, any word may match (OR). Nothing of vankien's
own search is used: this is what a plain full-text engine gives.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

HEADLINE_WEIGHT = 5.0
_WORD = re.compile(r"\w+")


def fold_d(text: str) -> str:
    """ "đ"/"Đ" as "d"/"D": the one Vietnamese letter ``remove_diacritics`` leaves as it is."""
    return text.replace("đ", "d").replace("Đ", "D")


def rows_of_store(data: Path) -> list[tuple[str, str, str]]:
    """(source IRI, headline or label, text) of every source in the store of ``data``."""
    from vankien.graph.store import GraphStore

    store = GraphStore(data, read_only=True)
    try:
        query = """SELECT ?s (SAMPLE(?h) AS ?head) (SAMPLE(?t) AS ?text) WHERE {
            ?s <https://schema.org/text> ?t .
            OPTIONAL { ?s <https://schema.org/headline> ?h }
            OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?h } } GROUP BY ?s"""
        return [(row["s"].value, row["head"].value if row["head"] else "", row["text"].value)
                for row in store.query(query)]
    finally:
        store.close()


class Baseline:
    """The FTS5 index of one store's texts, in memory."""

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE texts USING fts5(iri UNINDEXED, headline, body, "
                        "tokenize = 'unicode61 remove_diacritics 2')")
        self.db.executemany("INSERT INTO texts VALUES (?, ?, ?)",
                            [(iri, fold_d(head), fold_d(text)) for iri, head, text in rows])
        self.headlines = {iri: head for iri, head, _ in rows}

    def search(self, query: str, limit: int = 10) -> list[str]:
        """The IRIs of the best ``limit`` sources for ``query``, best first."""
        words = _WORD.findall(fold_d(query))
        if not words:
            return []
        for joiner in (" ", " OR "):
            match = joiner.join(f'"{w}"' for w in words)
            found = [row[0] for row in self.db.execute(
                f"SELECT iri FROM texts WHERE texts MATCH ? ORDER BY bm25(texts, {HEADLINE_WEIGHT}, 1.0) LIMIT ?",
                (match, limit))]
            if found:
                return found
        return []
