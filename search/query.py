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

import numpy as np
from whoosh.query import And, Or, Prefix, Query, Term

from vankien.graph.doctypes import ABBREVIATIONS, CODES_OF_TYPE, TYPE_WORDS
from vankien.graph.extract.numbers import find_numbers, parse_number
from vankien.graph.status import LABELS as STATUS_LABELS
from vankien.graph.text import collapse_space, fold, normalize_key, unify_tones
from vankien.search.analysis import query_terms
from vankien.search.collapse import collapse
from vankien.search.index import FACETS, StaleIndex, index_exists, label_key, open_index
from vankien.search.ranking import Ranker, read_positions
from vankien.search.scoring import FIELD_BOOSTS, add_pairs, is_accented, match_groups, score_clauses
from vankien.search.snippets import snippet
from vankien.search.spelling import Speller

MAX_QUERY_CHARS = 500
MAX_LIMIT = 100
# A query that is exactly a number or a whole name is after that entity.
NUMBER_BOOST = 300.0
NAME_BOOST = 300.0
# Articles linked to the entity a query names exactly: their score multiplied by 1 + ABOUT_BOOST; the
# entities of that name looked at (a common name may be many people's).
ABOUT_BOOST = 1.0
MAX_NAMED = 20
# Results read for a page, per result shown: near-duplicates folded away must not leave the page short.
COLLAPSE_ROOM = 2
APPROXIMATE_NOTICE = "Không có kết quả chính xác; hiển thị kết quả gần đúng"
LENGTH_FIELDS = tuple(name + suffix for name, _ in FIELD_BOOSTS for suffix in ("", "_f"))
FILTER_FIELDS = {"kind": "kind", "type": "type", "issuer": "issuer", "year": "year", "publisher": "publisher",
                 "status": "status",
                 "number": "number"}
KIND_NAMES = {"document", "article", "organisation", "person", "event"}

_FIELDED = re.compile(r'(?<![\w:])(kind|type|issuer|year|publisher|status|number):(?:"([^"]*)"|(\S+))',
                      re.IGNORECASE)
_PHRASE = re.compile(r'"([^"]+)"')
_OPERATORS = re.compile(r"^(?:AND|OR|NOT|\+|-|&&|\|\||!|\*|\?|~|\^|\(|\))+$")
_TYPE_WORD_KEYS = {fold(w): w for w in TYPE_WORDS} | {fold(a): n for a, n in ABBREVIATIONS.items()}
_SHORT_NUMBER = re.compile(
    r"^\s*(?P<type>" + "|".join(sorted((re.escape(k) for k in _TYPE_WORD_KEYS), key=len, reverse=True))
    + r")\s*(?:so\s*)?(?P<seq>\d{1,5})\s*$"
)


class SearchError(Exception):
    """A query that cannot be read, or an index that cannot be searched; ``str()`` is one line,
    ``status`` the HTTP status that fits (400: the query; 503: the index)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class SearchRequest:
    query: str
    kind: str | None = None
    type: str | None = None
    issuer: str | None = None
    year: str | None = None
    publisher: str | None = None
    status: str | None = None  # a document's legal status code ("con-hieu-luc", …: graph.status)
    limit: int = 10
    page: int = 1
    sort: str = "relevance"  # or "date"
    filters: dict[str, str] = field(default_factory=dict)


def normalise_query(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return collapse_space(unify_tones(text))


def _check(text: str) -> None:
    """Refuse a query the reader cannot mean as written, with one Vietnamese line saying what to change."""
    if len(text) > MAX_QUERY_CHARS:
        raise SearchError(f"Câu tìm kiếm quá dài ({len(text)} ký tự, tối đa {MAX_QUERY_CHARS}): "
                          "hãy rút ngắn, chỉ giữ những từ chính.")
    if text.count('"') % 2:
        raise SearchError("Thiếu dấu ngoặc kép đóng: hãy thêm dấu \" ở cuối cụm từ, hoặc bỏ dấu \" đang mở.")
    if text.count("(") != text.count(")"):
        raise SearchError("Dấu ngoặc đơn chưa cân: mỗi dấu ( cần một dấu ) đóng; hãy thêm dấu còn thiếu "
                          "hoặc bỏ các dấu ngoặc.")
    words = text.split()
    if words and all(_OPERATORS.match(w) for w in words):
        raise SearchError("Câu tìm kiếm chỉ có toán tử (AND, OR, NOT, dấu ngoặc): hãy thêm từ cần tìm.")


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
        keys += [f"{code.lower()}:{seq}" for code in CODES_OF_TYPE.get(type_name, ())]
    return numbers, keys


@dataclass
class Plan:
    """What a query asks for, read from the user's text."""

    words_exact: list[str]
    words_folded: list[str]
    pair_words: list[str]  # the loose words folded as one text, a document number in parts: the pairs' words
    phrases: list[tuple[list[str], list[str]]]  # (exact terms, folded terms) of each "quoted phrase"
    specials: list[tuple[str, str, float]]  # number, whole-name and short-number clauses
    filters: dict[str, str]

    @property
    def words(self) -> list[tuple[str, str]]:
        """Each loose word as (exact, folded) terms."""
        return list(zip(self.words_exact, self.words_folded, strict=True))

    @property
    def empty(self) -> bool:
        return not (self.words_exact or self.phrases or self.specials)

    def highlight_terms(self) -> tuple[set[str], set[str]]:
        """The terms to mark in a snippet: (folded terms — unaccented words, phrase words, document
        numbers —, words typed with diacritics, marked only as typed)."""
        exact = {e for e, f in self.words if is_accented(e, f)}
        terms = {f for e, f in self.words if not is_accented(e, f)} | {t for _, folded in self.phrases for t in folded}
        return terms | {fold(term) for field, term, _ in self.specials if field == "number"}, exact


def plan_query(text: str) -> Plan:
    """Read a user's text: words, "phrases", document numbers and ``field:value`` filters."""
    text = normalise_query(text)
    _check(text)
    filters = {}
    for m in _FIELDED.finditer(text):
        filters[m.group(1).lower()] = m.group(2) if m.group(2) is not None else m.group(3)
    rest = _FIELDED.sub(" ", text).strip()
    phrases = []
    for phrase in _PHRASE.findall(rest):
        exact, folded = query_terms(phrase, folded=False), query_terms(phrase, folded=True)
        if exact:
            phrases.append((exact, folded))
    loose = _PHRASE.sub(" ", rest)
    loose = " ".join(w for w in loose.split() if not _OPERATORS.match(w) and w.upper() not in ("AND", "OR", "NOT"))
    # Word by word, so a document number stays one term ("40-nq/tu"), as it is indexed.
    words_exact = [t for word in loose.split() for t in query_terms(word, folded=False)]
    words_folded = [t for word in loose.split() for t in query_terms(word, folded=True)]
    numbers, keys = number_query(loose) if loose else ([], [])
    numbers += [n.canonical.lower() for _, _, n in find_numbers(loose) if n.canonical.lower() not in numbers]
    specials = [("number", n, NUMBER_BOOST) for n in numbers]
    if loose:
        specials.append(("label_key", label_key(loose), NAME_BOOST))
    specials += [("numkey", k, NUMBER_BOOST) for k in keys]
    return Plan(words_exact, words_folded, query_terms(loose, folded=True), phrases, specials, filters)


def _exact_names_first(hits: list[dict], text: str) -> list[dict]:
    """Entities named exactly what was typed come first; several documents of that name
    (Luật Đất đai of 2003 and of 2013) newest first, then people and bodies of that name, the one the
    most sources mention first (the Prime Minister before a stray namesake)."""
    key = label_key(normalise_query(text))
    named = [h for h in hits if key in h["_names"]]
    if not named:
        return hits
    documents = sorted((h for h in named if h["kind"] == "document"), key=lambda h: h["date"] or "", reverse=True)
    others = sorted((h for h in named if h["kind"] != "document"), key=lambda h: -h["_mentions"])
    return documents + others + [h for h in hits if h not in named]


def _hit(stored: dict, score: float) -> dict:
    """A result as the search contract gives it (its snippet is made once the page is known)."""
    return {
        "kind": stored["kind"], "iri": stored["key"], "label": stored.get("label"),
        "number": stored.get("number_display") if stored["kind"] == "document" else None,
        "date": stored.get("date"), "snippet": None, "score": round(score, 4),
        "type": stored.get("type"), "issuer": stored.get("issuer"), "year": stored.get("year"),
        "publisher": stored.get("publisher"), "status": stored.get("status"),
        "_mentions": stored.get("mentions") or 0,
        "_names": {label_key(n) for n in
                   (stored.get("label") or "", *((stored.get("names") or {}).get("aliases", ())))},
    }


def _snippet(stored: dict, terms: set[str], exact: set[str], shown: set[str]) -> str:
    """The passages of a result's text where the query's words (``terms`` folded, ``exact`` as typed) are;
    its name or number instead of a passage another result of the page already shows (one sentence naming
    five documents)."""
    choices = (lambda: snippet(stored.get("text") or "", terms, exact_terms=exact),
               lambda: snippet(stored.get("label") or "", terms, exact_terms=exact),
               lambda: _number_snippet(stored), lambda: _plain_snippet(stored))
    first = None
    for choose in choices:  # made one at a time: most results take the first
        found = choose()
        if found and found not in shown:
            return found
        first = first or found
    return first or ""


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


class _StoredFields:
    """The stored fields of one searcher's documents, each read once per search (the pairs of the best
    matches and the page of results both read them)."""

    def __init__(self, searcher) -> None:
        self.searcher, self.read = searcher, {}

    def __call__(self, doc: int) -> dict:
        found = self.read.get(doc)
        if found is None:
            found = self.read[doc] = self.searcher.stored_fields(doc)
        return found

    def texts(self, docs: list[int]) -> list[str]:
        return [self(doc).get("text") or "" for doc in docs]


class Searcher:
    """Searches the index of one data folder."""

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = Path(data_dir)
        if not index_exists(data_dir):
            raise SearchError(f"{data_dir}: no search index here (run 'vankien ingest' or 'vankien reindex')",
                              status=503)
        try:
            self.index = open_index(data_dir)
        except StaleIndex as error:
            raise SearchError(str(error), status=503) from None
        self._speller: Speller | None = None
        self._open = None
        self._ranker: Ranker | None = None

    def _searcher(self):
        """One open searcher, reopened when the index has changed (opening costs far more than a query)."""
        if self._open is None:
            self._open = self.index.searcher()
        elif not self._open.up_to_date():
            self._open.close()  # reopened whole: refreshing a searcher of an empty index fails in Whoosh
            self._open = self.index.searcher()
            self._speller = None
            self._ranker = None
        return self._open

    def ranker(self) -> Ranker:
        searcher = self._searcher()
        if self._ranker is None or self._ranker.searcher is not searcher:
            self._ranker = Ranker(searcher, LENGTH_FIELDS, FACETS, "date")
        return self._ranker

    def warm(self) -> None:
        """Read now what the first query would wait for: the columns and the did-you-mean vocabulary."""
        self.speller().vocabulary()

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None
            self._ranker = None

    # -- matching and ranking -----------------------------------------------------------
    def _filter_mask(self, ranker: Ranker, filters: dict[str, str]) -> np.ndarray:
        mask = ranker.columns.alive.copy()
        for name, value in filters.items():
            value = normalise_query(value)
            if name == "kind" and value not in KIND_NAMES:
                raise SearchError(f"unknown kind {value!r} (one of: {', '.join(sorted(KIND_NAMES))})")
            if name == "status" and value not in STATUS_LABELS:
                raise SearchError(f"unknown status {value!r} (one of: {', '.join(STATUS_LABELS)})")
            if name == "issuer":
                words = query_terms(value, folded=True)
                for word in words:
                    mask &= ranker.mask([("issuer_f", word, 1.0)])
                if not words:
                    mask &= ranker.value_mask("issuer", value)
            elif name == "number":
                parsed = parse_number(value)
                mask &= ranker.mask([("number", (parsed.canonical if parsed else value).lower(), 1.0)])
            else:
                mask &= ranker.value_mask(FILTER_FIELDS[name], value)
        return mask

    def _phrase_mask(self, ranker: Ranker, exact: list[str], folded: list[str]) -> np.ndarray:
        """Documents where the phrase occurs in some field. A word typed with diacritics must occur
        with them; the order is checked on the folded fields' positions, only in documents that hold
        every word."""
        found = np.zeros(ranker.size, dtype=bool)
        allowed = ranker.columns.alive.copy()
        for word_exact, word_folded in zip(exact, folded, strict=True):
            if word_exact != word_folded:
                allowed &= ranker.mask([(name, word_exact, 1.0) for name, _ in FIELD_BOOSTS])
        for name in (name + "_f" for name, _ in FIELD_BOOSTS):
            common = ranker.postings(name, folded[0])[0]
            for word in folded[1:]:
                common = np.intersect1d(common, ranker.postings(name, word)[0], assume_unique=True)
            common = common[allowed[common] & ~found[common]]
            if len(folded) == 1 or not len(common):
                found[common] = True
                continue
            positions = [read_positions(ranker.reader, name, word, common) for word in folded]
            for doc in common.tolist():
                starts = positions[0].get(doc, frozenset())
                for shift, later in enumerate(positions[1:], 1):
                    held = later.get(doc, frozenset())
                    starts = {p for p in starts if p + shift in held}
                    if not starts:
                        break
                if starts:
                    found[doc] = True
        return found

    def _match(self, ranker: Ranker, plan: Plan, stored_of: _StoredFields,
               approximate: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Where the query matches and how well (BM25F; words typed with diacritics must occur with them
        unless ``approximate``)."""
        size = ranker.size
        scores = np.zeros(size, dtype=np.float32)
        matched = np.zeros(size, dtype=bool)
        if plan.words:
            matched = ranker.all_of(match_groups(plan.words, approximate))
            if matched.any():
                ranker.score(score_clauses(plan.words, approximate), scores)
                # Articles about the entity named first: they are then among the best matches read for pairs.
                self._raise_articles_about(ranker, plan, matched, scores, stored_of)
                add_pairs(ranker, plan.pair_words, matched, scores, stored_of.texts)
        if plan.specials:
            special = ranker.mask(plan.specials) & ranker.columns.alive
            ranker.score(plan.specials, scores)
            matched |= special
        if plan.phrases:
            required = ranker.columns.alive.copy()
            for exact, folded in plan.phrases:
                required &= self._phrase_mask(ranker, exact, folded)
                ranker.score(score_clauses(list(zip(exact, folded, strict=True))), scores)
            matched = (matched & required) if (plan.words_exact or plan.specials) else required
        scores[~matched] = 0
        return matched, scores

    def _raise_articles_about(self, ranker: Ranker, plan: Plan, matched: np.ndarray, scores: np.ndarray,
                              stored_of: _StoredFields) -> None:
        """A query that is exactly the name of a person, body or document: the articles the graph says
        mention that entity are about it — above those holding the same words about another (a foreign
        "Bộ Ngoại giao Nga" beside "Bộ Ngoại giao")."""
        names = [clause for clause in plan.specials if clause[0] == "label_key"]
        if not names:
            return
        named = np.nonzero(ranker.mask(names) & ranker.columns.alive)[0]
        keys = [stored_of(int(doc))["key"] for doc in named[:MAX_NAMED]]
        about = ranker.mask([("mentioned", key, 1.0) for key in keys]) & matched
        scores[about] *= 1 + ABOUT_BOOST

    def _match_as_typed(self, ranker: Ranker, plan: Plan,
                        stored_of: _StoredFields) -> tuple[np.ndarray, np.ndarray, str | None]:
        """Matches, scores and a notice for the reader: a query typed with diacritics that finds nothing
        written that way is matched again ignoring them, and says so."""
        matched, scores = self._match(ranker, plan, stored_of)
        if matched.any() or not any(is_accented(e, f) for e, f in plan.words):
            return matched, scores, None
        matched, scores = self._match(ranker, plan, stored_of, approximate=True)
        return matched, scores, APPROXIMATE_NOTICE if matched.any() else None

    def _order(self, ranker: Ranker, matched: np.ndarray, scores: np.ndarray, sort: str, wanted: int) -> list[int]:
        """Document numbers of the first ``wanted`` matches, best first (or newest first)."""
        docs = np.nonzero(matched)[0]
        if sort == "date":
            order = np.lexsort((docs, -scores[docs], -ranker.columns.dates[docs]))
            return [int(d) for d in docs[order[:wanted]]]
        if len(docs) > wanted:
            docs = docs[np.argpartition(-scores[docs], wanted - 1)[:wanted]]
        return [int(d) for d in docs[np.lexsort((docs, -scores[docs]))]]

    def search(self, request: SearchRequest) -> dict:
        plan = plan_query(request.query)
        filters = {**plan.filters, **request.filters}
        for name in FILTER_FIELDS:
            value = getattr(request, name, None)
            if value:
                filters[name] = str(value)
        if plan.empty and not filters:
            raise SearchError("empty query: type words, a phrase in quotes or a document number")
        limit = max(1, min(int(request.limit), MAX_LIMIT))
        page = max(1, int(request.page))
        ranker = self.ranker()
        stored_of = _StoredFields(self._searcher())
        notice = None
        if plan.empty:
            matched, scores = ranker.columns.alive.copy(), np.zeros(ranker.size, dtype=np.float32)
        else:
            matched, scores, notice = self._match_as_typed(ranker, plan, stored_of)
        if filters:
            matched &= self._filter_mask(ranker, filters)
        # Room for the near-duplicates folded into the results of the pages up to this one.
        docs = self._order(ranker, matched, scores, request.sort, page * limit * COLLAPSE_ROOM)
        stored = [stored_of(doc) for doc in docs]
        hits = [_hit(fields, float(scores[doc])) for doc, fields in zip(docs, stored, strict=True)]
        if request.sort != "date":  # equal scores in the order of the IRIs, not of the index's documents
            hits.sort(key=lambda hit: (-hit["score"], hit["iri"]))
        if request.sort != "date" and not plan.filters and not plan.phrases and not plan.empty:
            hits = _exact_names_first(hits, request.query)
        by_key = {fields["key"]: fields for fields in stored}
        if not plan.empty:  # a listing by filters alone shows every item
            hits = collapse(hits, [by_key[hit["iri"]].get("text") or "" for hit in hits])
        hits = hits[(page - 1) * limit:page * limit]
        terms, exact = plan.highlight_terms()
        shown: set[str] = set()
        for hit in hits:
            hit["snippet"] = _snippet(by_key[hit["iri"]], terms, exact, shown)
            shown.add(hit["snippet"])
            hit.pop("_names", None)
            hit.pop("_mentions", None)
        facet_counts = {name: dict(sorted(ranker.facet_counts(name, matched).items(),
                                          key=lambda kv: (-kv[1], kv[0])))
                        for name in FACETS}
        suggestion = self.speller().suggest(request.query, int(matched.sum()))
        return {"query": request.query, "total": int(matched.sum()), "page": page, "limit": limit, "hits": hits,
                "facets": facet_counts, "suggestion": suggestion, "filters": filters,
                "notice": notice}

    # -- did you mean -------------------------------------------------------------------
    def speller(self) -> Speller:
        """The did-you-mean of the open index (its vocabulary read once)."""
        ranker = self.ranker()
        if self._speller is None or self._speller.ranker is not ranker:
            self._speller = Speller(ranker)
        return self._speller

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
            last = Prefix("label_f", folded_words[-1])
            parts.append(And([*head, last]) if head else last)
        query = Or(parts)
        searcher = self._searcher()
        results = searcher.search(query, limit=limit * 3,
                                  filter=Or([Term("kind", k) for k in ("document", "organisation", "person")]))
        seen, out = set(), []
        start = " ".join(folded_words)
        # Names that begin with what was typed first, then names holding it further in; the better match
        # first, then in the order of the names (not of the index, which follows the order of the store's rows).
        ranked = sorted(results, key=lambda h: (not label_key(h["label"]).startswith(start), -round(h.score, 6),
                                                label_key(h["label"]), h["key"]))
        for hit in ranked:
            label = hit["label"]
            if normalize_key(label) in seen:
                continue
            seen.add(normalize_key(label))
            out.append({"label": label, "kind": hit["kind"], "iri": hit["key"],
                        "number": hit.get("number_display")})
            if len(out) >= limit:
                break
        return out
