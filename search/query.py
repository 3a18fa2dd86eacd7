"""Searching the index: Vietnamese keywords with or without diacritics,
"phrases", document numbers in any common form, fielded filters, facets,
sorting, pages, highlighted snippets and "did you mean".

The result is the JSON object of the search contract (``../shared/contracts``):
``query``, ``total``, ``hits`` (kind, iri, label, number, date, score,
snippet), ``facets``, ``suggestion``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import highlight, sorting
from whoosh.query import And, Or, Phrase, Prefix, Query, Term

from graph.extract.numbers import TYPE_NAMES, find_numbers, parse_number
from graph.extract.documents import ABBREVIATIONS, TYPE_WORDS
from graph.text import collapse_space, fold, normalize_key, unify_tones
from search.analysis import query_terms
from search.index import FACETS, label_key, open_index

MAX_QUERY_CHARS = 500
MAX_LIMIT = 100
FIELDS_EXACT = (("label", 4.0), ("aliases", 2.0), ("text", 1.0), ("body", 0.3))
FIELDS_FOLDED = (("label_f", 2.0), ("aliases_f", 1.0), ("text_f", 0.5), ("body_f", 0.15))
# A query that is exactly a number or a whole name is after that entity.
NUMBER_BOOST = 300.0
NAME_BOOST = 300.0
PHRASE_BOOST = 8.0
FILTER_FIELDS = {"kind": "kind", "type": "type", "issuer": "issuer", "year": "year", "publisher": "publisher",
                 "number": "number"}
KIND_NAMES = {"document", "article", "organisation", "person", "event"}

_FIELDED = re.compile(r'(?<![\w:])(kind|type|issuer|year|publisher|number):(?:"([^"]*)"|(\S+))', re.IGNORECASE)
_PHRASE = re.compile(r'"([^"]+)"')
_OPERATORS = re.compile(r"^(?:AND|OR|NOT|\+|-|&&|\|\||!|\*|\?|~|\^|\(|\))+$")
_TYPE_WORD_KEYS = {fold(w): w for w in TYPE_WORDS} | {fold(a): n for a, n in ABBREVIATIONS.items()}
_SHORT_NUMBER = re.compile(
    r"^\s*(?P<type>" + "|".join(sorted((re.escape(k) for k in _TYPE_WORD_KEYS), key=len, reverse=True))
    + r")\s*(?:so\s*)?(?P<seq>\d{1,5})\s*$"
)


class SearchError(Exception):
    """A query that cannot be read; ``str()`` is one line."""


@dataclass
class SearchRequest:
    query: str
    kind: str | None = None
    type: str | None = None
    issuer: str | None = None
    year: str | None = None
    publisher: str | None = None
    limit: int = 10
    page: int = 1
    sort: str = "relevance"  # or "date"
    filters: dict[str, str] = field(default_factory=dict)


class MarkFormatter(highlight.Formatter):
    """Escaped text with the matched terms in <mark>…</mark>, nothing else."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text, token, replace=False):
        return f"<mark>{html.escape(highlight.get_text(text, token, replace), quote=False)}</mark>"


def normalise_query(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return collapse_space(unify_tones(text))


def _check(text: str) -> None:
    if len(text) > MAX_QUERY_CHARS:
        raise SearchError(f"query too long ({len(text)} characters; the limit is {MAX_QUERY_CHARS})")
    if text.count('"') % 2:
        raise SearchError("unbalanced quotes in the query: close the phrase with a second \"")
    if text.count("(") != text.count(")"):
        raise SearchError("unbalanced parentheses in the query")
    words = text.split()
    if words and all(_OPERATORS.match(w) for w in words):
        raise SearchError("the query has only operators and no words to look for")


def number_query(text: str) -> tuple[list[str], list[str]]:
    """Document numbers a query names: (canonical numbers lower-cased, short keys such as "nq:40")."""
    numbers, keys = [], []
    whole = parse_number(text)
    if whole is not None:
        numbers.append(whole.canonical.lower())
    folded = fold(text)
    m = _SHORT_NUMBER.match(folded) or _SHORT_NUMBER.match(folded.replace(" ", ""))
    if m:
        type_name = _TYPE_WORD_KEYS[m.group("type")]
        seq = str(int(m.group("seq")))
        for code, name in TYPE_NAMES.items():
            if name == type_name:
                keys.append(f"{code.lower()}:{seq}")
    return numbers, keys


def _term_query(words: list[str], folded: bool) -> Query | None:
    fields = FIELDS_FOLDED if folded else FIELDS_EXACT
    if not words:
        return None
    per_word = [Or([Term(name, w, boost=boost) for name, boost in fields]) for w in words]
    return And(per_word) if len(per_word) > 1 else per_word[0]


def _phrase_query(text: str) -> Query | None:
    exact = query_terms(text, folded=False)
    folded = query_terms(text, folded=True)
    parts = []
    if len(exact) > 1:
        parts += [Phrase(name, exact, boost=boost) for name, boost in FIELDS_EXACT]
        parts += [Phrase(name, folded, boost=boost) for name, boost in FIELDS_FOLDED]
    elif exact:
        parts += [Term(name, exact[0], boost=boost) for name, boost in FIELDS_EXACT]
        parts += [Term(name, folded[0], boost=boost) for name, boost in FIELDS_FOLDED]
    return Or(parts) if parts else None


def build_query(text: str) -> tuple[Query | None, dict[str, str], list[str]]:
    """The Whoosh query for a user's text, the filters written in it, and the words to look for."""
    text = normalise_query(text)
    _check(text)
    filters = {}
    for m in _FIELDED.finditer(text):
        filters[m.group(1).lower()] = m.group(2) if m.group(2) is not None else m.group(3)
    rest = _FIELDED.sub(" ", text).strip()
    phrases = _PHRASE.findall(rest)
    loose = _PHRASE.sub(" ", rest)
    loose = " ".join(w for w in loose.split() if not _OPERATORS.match(w) and w.upper() not in ("AND", "OR", "NOT"))
    clauses: list[Query] = []
    for phrase in phrases:
        if (q := _phrase_query(phrase)) is not None:
            clauses.append(q)
    # Word by word, so a document number stays one term ("40-nq/tu"), as it is indexed.
    words_exact = [t for word in loose.split() for t in query_terms(word, folded=False)]
    words_folded = [t for word in loose.split() for t in query_terms(word, folded=True)]
    numbers, keys = number_query(loose) if loose else ([], [])
    numbers += [n.canonical.lower() for _, _, n in find_numbers(loose) if n.canonical.lower() not in numbers]
    text_clauses = [q for q in (_term_query(words_exact, False), _term_query(words_folded, True)) if q is not None]
    number_clauses = [Term("number", n, boost=NUMBER_BOOST) for n in numbers]
    if loose:
        number_clauses.append(Term("label_key", label_key(loose), boost=NAME_BOOST))
    number_clauses += [Term("numkey", k, boost=NUMBER_BOOST) for k in keys]
    if len(words_exact) > 1:
        # The words in the order typed, as a phrase in a name or title, count for more.
        number_clauses += [Phrase("label", words_exact, boost=PHRASE_BOOST),
                           Phrase("label_f", words_folded, boost=PHRASE_BOOST / 2),
                           Phrase("aliases", words_exact, boost=PHRASE_BOOST / 2),
                           Phrase("aliases_f", words_folded, boost=PHRASE_BOOST / 4)]
    if text_clauses or number_clauses:
        clauses.append(Or(text_clauses + number_clauses))
    if not clauses:
        return None, filters, []
    query = And(clauses) if len(clauses) > 1 else clauses[0]
    return query, filters, words_exact + [w for p in phrases for w in query_terms(p, folded=False)]


def _filter_query(filters: dict[str, str]) -> Query | None:
    parts = []
    for name, value in filters.items():
        value = normalise_query(value)
        if name == "kind" and value not in KIND_NAMES:
            raise SearchError(f"unknown kind {value!r} (one of: {', '.join(sorted(KIND_NAMES))})")
        if name == "issuer":
            words = query_terms(value, folded=True)
            parts.append(And([Term("issuer_f", w) for w in words]) if words else Term("issuer", value))
        elif name == "number":
            parsed = parse_number(value)
            parts.append(Term("number", (parsed.canonical if parsed else value).lower()))
        else:
            parts.append(Term(FILTER_FIELDS[name], value))
    return And(parts) if parts else None


def _exact_names_first(hits: list[dict], filters: dict, text: str) -> list[dict]:
    """Entities named exactly what was typed come first; several documents of that name
    (Luật Đất đai of 2003 and of 2013) newest first."""
    if filters or '"' in text:
        return hits
    key = label_key(normalise_query(text))
    named = [h for h in hits if key in h["_names"]]
    if not named:
        return hits
    documents = sorted((h for h in named if h["kind"] == "document"), key=lambda h: h["date"] or "", reverse=True)
    others = [h for h in named if h["kind"] != "document"]
    return documents + others + [h for h in hits if h not in named]


def _plain_snippet(stored: dict) -> str:
    text = stored.get("text") or stored.get("label") or ""
    return html.escape(text[:220], quote=False) + ("…" if len(text) > 220 else "")


def _number_snippet(stored: dict) -> str | None:
    """A document found by its number ("NQ40"): the number marked where the text names it."""
    number = stored.get("number_display")
    if not number:
        return None
    for text in (stored.get("text") or "", stored.get("label") or ""):
        at = text.lower().find(number.lower())
        if at != -1:
            start, end = max(0, at - 80), min(len(text), at + len(number) + 120)
            return ("…" if start else "") + html.escape(text[start:at], quote=False) + "<mark>" + \
                html.escape(text[at:at + len(number)], quote=False) + "</mark>" + \
                html.escape(text[at + len(number):end], quote=False) + ("…" if end < len(text) else "")
    return None


class Searcher:
    """Searches the index of one data folder."""

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = Path(data_dir)
        self.index = open_index(data_dir)
        self._accents: dict[str, str] | None = None
        self._open = None

    def _searcher(self):
        """One open searcher, reopened when the index has changed (opening costs far more than a query)."""
        if self._open is None:
            self._open = self.index.searcher()
        elif not self._open.up_to_date():
            self._open = self._open.refresh()
            self._accents = None
        return self._open

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None

    def search(self, request: SearchRequest) -> dict:
        query, written_filters, words = build_query(request.query)
        filters = {**written_filters, **request.filters}
        for name in FILTER_FIELDS:
            value = getattr(request, name, None)
            if value:
                filters[name] = str(value)
        filter_query = _filter_query(filters)
        if query is None and filter_query is None:
            raise SearchError("empty query: type words, a phrase in quotes or a document number")
        if query is None:
            from whoosh.query import Every

            query = Every()
        limit = max(1, min(int(request.limit), MAX_LIMIT))
        page = max(1, int(request.page))
        facets = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in FACETS}
        searcher = self._searcher()
        kwargs = {"filter": filter_query}
        if request.sort == "date":
            kwargs.update(sortedby="date", reverse=True)
        # The page is scored (and may stop early); facet counts come from an unscored pass over every match.
        results = searcher.search_page(query, page, pagelen=limit, **kwargs)
        results.results.fragmenter = highlight.ContextFragmenter(maxchars=220, surround=60)
        results.results.formatter = MarkFormatter()
        hits = [self._hit(hit) for hit in results]
        if request.sort != "date" and page == 1:
            hits = _exact_names_first(hits, written_filters, request.query)
        counted = searcher.search(query, filter=filter_query, limit=None, scored=False, groupedby=facets)
        facet_counts = {name: dict(sorted(counted.groups(name).items(), key=lambda kv: (-kv[1], str(kv[0]))))
                        for name in FACETS}
        for counts in facet_counts.values():
            counts.pop(None, None)
        total = results.total
        suggestion = self._suggestion(searcher, request.query)
        for hit in hits:
            hit.pop("_names", None)
        return {"query": request.query, "total": total, "page": page, "limit": limit, "hits": hits,
                "facets": facet_counts, "suggestion": suggestion, "filters": filters}

    def _hit(self, hit) -> dict:
        stored = hit.fields()
        snippet, best = "", -1
        for name in ("text", "text_f", "label", "label_f"):
            text = stored.get(name.removesuffix("_f")) or ""
            if not text:
                continue
            candidate = hit.highlights(name, text=text, top=2)
            marks = candidate.count("<mark>")
            if marks > best:
                snippet, best = candidate, marks
        if best <= 0:
            snippet = _number_snippet(stored) or _plain_snippet(stored)
        return {
            "kind": stored["kind"], "iri": stored["key"], "label": stored.get("label"),
            "number": stored.get("number_display") if stored["kind"] == "document" else None,
            "date": stored.get("date"), "snippet": snippet,
            "score": round(float(hit.score), 4) if isinstance(hit.score, (int, float)) else 0.0,
            "type": stored.get("type"), "issuer": stored.get("issuer"), "year": stored.get("year"),
            "publisher": stored.get("publisher"),
            "_names": {label_key(n) for n in (stored.get("label") or "", *((stored.get("names") or {}).get("aliases", ())))},
        }

    # -- did you mean -------------------------------------------------------------------
    def accents(self, searcher) -> dict[str, str]:
        """Folded word → its most frequent accented spelling in the indexed text."""
        if self._accents is None:
            best: dict[str, tuple[int, str]] = {}
            reader = searcher.reader()
            for fieldname in ("label", "text"):
                for term, info in reader.iter_field(fieldname):
                    word = term.decode("utf-8") if isinstance(term, bytes) else term
                    key = fold(word)
                    if key == word:
                        continue
                    frequency = info.doc_frequency()
                    if frequency > best.get(key, (0, ""))[0]:
                        best[key] = (frequency, word)
            self._accents = {key: word for key, (_, word) in best.items()}
        return self._accents

    def _suggestion(self, searcher, text: str) -> str | None:
        text = normalise_query(text)
        if _FIELDED.search(text) or '"' in text:
            return None
        words = text.split()
        accents = self.accents(searcher)
        changed = False
        out = []
        for word in words:
            lower = word.lower()
            if fold(lower) == lower and lower in accents and not re.search(r"\d", lower):
                out.append(accents[lower])
                changed = True
            else:
                out.append(word)
        if changed:
            return " ".join(out)
        # Spelling: a word the index does not know, corrected from the folded lexicon.
        corrector = searcher.corrector("text_f")
        fixed = []
        for word in words:
            folded = fold(word.lower())
            if re.search(r"\d", folded) or searcher.doc_frequency("text_f", folded) or len(folded) < 3:
                fixed.append(word)
                continue
            suggestions = corrector.suggest(folded, limit=1, maxdist=1)
            if suggestions:
                fixed.append(accents.get(suggestions[0], suggestions[0]))
                changed = True
            else:
                fixed.append(word)
        return " ".join(fixed) if changed else None

    # -- completion ------------------------------------------------------------------------
    def suggest(self, prefix: str, limit: int = 10) -> list[dict]:
        """Names and numbers starting with ``prefix`` (accents optional)."""
        prefix = normalise_query(prefix)
        if not prefix:
            return []
        folded_words = query_terms(prefix, folded=True)
        parts: list[Query] = []
        number = prefix.lower().replace(" ", "")
        parts.append(Prefix("number", number))
        if folded_words:
            head = [Term("label_f", w) for w in folded_words[:-1]]
            parts.append(And(head + [Prefix("label_f", folded_words[-1])]) if head else Prefix("label_f", folded_words[-1]))
        query = Or(parts)
        searcher = self._searcher()
        results = searcher.search(query, limit=limit * 3,
                                  filter=Or([Term("kind", k) for k in ("document", "organisation", "person")]))
        seen, out = set(), []
        for hit in results:
            label = hit["label"]
            if normalize_key(label) in seen:
                continue
            seen.add(normalize_key(label))
            out.append({"label": label, "kind": hit["kind"], "iri": hit["key"],
                        "number": hit.get("number_display")})
            if len(out) >= limit:
                break
        return out
