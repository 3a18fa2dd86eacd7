"""Entity resolution for documents across sources.

A reference with a year gets the IRI of that year's document. A reference
without one (most news articles write "Nghị quyết số 35-NQ/TW" bare) is
resolved against the documents already known with the same type, number and
issuer: one candidate → that node; several (the Party's numbering restarts
each term) → a node of its own, flagged ``vk:ambiguous`` with the
candidates; none → an undated node that later undated references reuse.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from vankien.graph.extract.documents import Document
from vankien.graph.iris import DocumentKey, Iris, document_key, name_key, type_segment


@dataclass
class Resolution:
    iri: str
    key: DocumentKey
    ambiguous: bool = False
    candidates: list[str] = field(default_factory=list)


class DocumentResolver:
    """Keeps the known documents by identity key; resolves each new reference."""

    def __init__(self, iris: Iris) -> None:
        self.iris = iris
        self.known: dict[str, dict[str, int | None]] = defaultdict(dict)  # key text → {iri: year}
        self.by_number: dict[tuple[str, str], set[str]] = defaultdict(set)  # (type, number) → key texts
        self.by_name: dict[str, dict[str, int | None]] = defaultdict(dict)  # "luat-dat-dai" → {iri: year}

    def remember(self, key: DocumentKey, iri: str, year: int | None) -> None:
        self.known[key.as_text()][iri] = year
        self.by_number[(key.type, key.number)].add(key.as_text())

    def remember_text(self, key_text: str, iri: str, year: int | None) -> None:
        """Load a key stored in the graph (``vk:identityKey``)."""
        system, issuer, type_, number = key_text.split("|", 3)
        self.remember(DocumentKey(system, issuer or None, type_, number), iri, year)

    def _candidates(self, key: DocumentKey) -> dict[str, int | None]:
        if key.system != "ref":
            return dict(self.known.get(key.as_text(), {}))
        # A short form ("Nghị định 107") may mean a document of any issuer with that type and number.
        found: dict[str, int | None] = {}
        for key_text in self.by_number.get((key.type, key.number), ()):
            if key.issuer is None or f"|{key.issuer}|" in key_text:
                found.update(self.known[key_text])
        return found

    def remember_name(self, name_key: str, iri: str, year: int | None) -> None:
        """A numbered document also cited by name ("Luật Đất đai" for 45/2013/QH13)."""
        self.by_name[name_key][iri] = year

    def named_twins(self, doc: Document, iri: str) -> list[str]:
        """Nodes made earlier for the name of this numbered law ("Luật Nhà ở" for 65/2014/QH13)."""
        name = name_key(doc)
        if name is None:
            return []
        if set(self.by_name.get(name, {})) - {iri}:
            return []  # another version bears the name too: the name alone is not this one (never several)
        key = DocumentKey("nuoc", "qh", type_segment(doc.type), name).as_text()
        return sorted(other for other, year in self.known.get(key, {}).items()
                      if other != iri and (year is None or year == doc.year))

    def keep_apart(self, docs: list[Document], resolutions: list[Resolution]) -> list[Resolution]:
        """One source's distinct references stay distinct: an undated reference put onto the one dated
        document of its number (only a guess: that was the one the store held) that another reference of the
        same source means too goes to a node of its own ("Luật số 34, Luật sửa đổi … Luật Giáo dục đại học"
        beside "Luật Giáo dục đại học" resolved by name onto 34/2018/QH14) — as when several documents fit."""
        shared = Counter(r.iri for r in resolutions)
        kept = []
        for doc, resolution in zip(docs, resolutions, strict=True):
            if shared[resolution.iri] > 1 and not doc.year and not (doc.kind == "named" and not doc.number) \
                    and (own := self.iris.document(resolution.key, None)) != resolution.iri:
                self.remember(resolution.key, own, None)
                resolution = Resolution(own, resolution.key)
            kept.append(resolution)
        return kept

    def resolve(self, doc: Document, on_year: int | None = None) -> Resolution:
        """The node ``doc`` means; a law named without its year in a text of ``on_year`` is the version of that
        name in force then (the latest passed by that year)."""
        key = document_key(doc)
        if doc.kind == "named" and not doc.number and key.number in self.by_name:
            # "Luật Đất đai (năm 2013)": the numbered law of that name, when exactly one fits.
            versions = self.by_name[key.number]
            fitting = [iri for iri, year in versions.items() if not doc.year or year == doc.year]
            if len(fitting) > 1 and on_year is not None:
                passed = [(year, iri) for iri, year in versions.items() if iri in fitting and year and year <= on_year]
                fitting = [max(passed)[1]] if passed else fitting
            if len(fitting) == 1:
                return Resolution(fitting[0], key)
        if doc.year:
            iri = self.iris.document(key, doc.year)
            self.remember(key, iri, doc.year)
            if (name := name_key(doc)) is not None:
                self.remember_name(name, iri, doc.year)
            return Resolution(iri, key)
        candidates = self._candidates(key)
        dated = sorted(iri for iri, year in candidates.items() if year)
        undated = sorted(iri for iri, year in candidates.items() if not year)
        if len(dated) == 1:
            return Resolution(dated[0], key)
        if not dated and len(undated) == 1:
            return Resolution(undated[0], key)
        iri = self.iris.document(key, None)
        self.remember(key, iri, None)
        return Resolution(iri, key, ambiguous=len(dated) > 1, candidates=dated if len(dated) > 1 else [])
