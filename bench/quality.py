"""Extraction quality on the judged real-text set (``python -m bench quality``).

Each judged excerpt (``bench/judged/part-*.jsonl``, chosen by :mod:`bench.judged_set`) is found in
its corpus, its whole text is read the way ``vankien ingest`` reads it and extracted, and the facts
the extractor states *inside the excerpt* are compared with the judgments:

- a document is inside when one of its mentions is; the text's own document when the excerpt
  names it ("Luật này", "Nghị định này") or a relation inside does; a relation when both its
  documents are; an event by its span; a person or organisation by a mention;
- documents are matched one to one: by number first (see :func:`same_number`; a short reference's
  sequence number counts, with its year when written: "Nghị định 91/2020"), then by type and name
  (accent-folded, punctuation aside: equal names first, then one containing the other); relations
  by kind and matched ends; events by shared words of their names; people by name; organisations
  by name or alias (folded, one containing the other);
- fields are scored on matched pairs: a document's date (equal), issuer (folded, one containing the
  other), title (folded, one containing the other), an event's date, a person's posts (recall).

Precision = matched / extracted, recall = matched / judged; counts are summed over the set
(micro-averaged). Exits without figures, saying why, when the corpora or the judgments are absent.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import ROOT, corpus
from bench.judged_set import FILES, normalise, texts
from vankien.graph.extract.extractor import Extraction, extract
from vankien.graph.sources import Source, SourceError, iter_sources
from vankien.graph.text import fold

JUDGED = ROOT / "bench" / "judged"


# -- reading the set and its texts ------------------------------------------------------------
def judgments() -> list[dict]:
    """Every judged excerpt, in file order."""
    rows = []
    for part in sorted(JUDGED.glob("part-*.jsonl")):
        rows += [json.loads(line) for line in part.read_text("utf-8").splitlines() if line.strip()]
    return rows


def _parse_key(key: str) -> tuple[str, str, int, int]:
    corpus_name, rest = key.split(":", 1)
    text_id, span = rest.rsplit("@", 1)
    start, end = span.split("-")
    return corpus_name, text_id, int(start), int(end)


def _baomoi_lines(path: Path, ids: set[str]) -> dict[str, int]:
    """Line number (1-based) of each wanted baomoi id."""
    found = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            match = re.search(r'"id":\s*"?(\d+)', line)
            if match and match.group(1) in ids:
                found[match.group(1)] = number
    return found


def sources_of(corpus_name: str, text_ids: set[str]) -> dict[str, Source]:
    """The sources of the wanted texts, read by the project's own intake."""
    path = corpus(FILES[corpus_name])
    if path is None:
        return {}
    if corpus_name == "baomoi":
        lines = {f"#L{n}": text_id for text_id, n in _baomoi_lines(path, text_ids).items()}
        name_of = lambda source: lines.get("#" + source.path.rsplit("#", 1)[-1])  # noqa: E731
    else:
        name_of = lambda source: source.path.rsplit("/", 1)[-1].removesuffix(".txt")  # noqa: E731
    found = {}
    for source in iter_sources([path]):
        if isinstance(source, SourceError):
            continue
        text_id = name_of(source)
        if text_id in text_ids:
            found[text_id] = source
    return found


# -- what the extractor says inside an excerpt -------------------------------------------------
@dataclass
class Inside:
    """The extracted facts inside one excerpt (their JSON-ready forms)."""

    documents: list = field(default_factory=list)
    relations: list = field(default_factory=list)
    events: list = field(default_factory=list)
    people: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    span: tuple[int, int] = (0, 0)


def _within(start: int, end: int, span: tuple[int, int]) -> bool:
    return span[0] <= start and end <= span[1]


_THIS = re.compile(r"(?:Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|Thông\s+tư|Quyết\s+định)\s+này\b",
                   re.IGNORECASE)


def facts_inside(extraction: Extraction, span: tuple[int, int]) -> Inside:
    """The facts of ``extraction`` stated inside ``span`` of the source's text."""
    inside = Inside(span=span)
    docs = [d for d in extraction.documents if any(_within(m.start, m.end, span) for m in d.mentions)]
    own = extraction.own
    if own is not None and own not in docs and _THIS.search(extraction.source.text[span[0]:span[1]]):
        docs.append(own)
    # Only relations between documents the excerpt names (the text's own one when it says "Luật này"): the
    # judgments hold no others.
    relations = [r for r in extraction.relations if all(d in docs for d in (r.subject, r.object))]
    inside.documents = docs
    inside.relations = relations
    inside.events = [e for e in extraction.events if _within(e.start, e.end, span)]
    inside.people = [p for p in extraction.people if any(_within(m[0], m[1], span) for m in p.mentions)]
    inside.organisations = [o for o in extraction.organisations
                            if any(_within(m.start, m.end, span) for m in o.mentions)]
    return inside


def locate(source: Source, excerpt: str) -> tuple[int, int] | None:
    """Where the excerpt is in the source's text (offsets of the source's text), or None."""
    text = normalise(source.text)
    at = text.find(excerpt)
    if at >= 0:
        return at, at + len(excerpt)
    # The source's text differs inside the excerpt (the intake collapsed blank lines): find both ends, so the
    # span holds what the excerpt holds and nothing after it.
    at = text.find(excerpt[:80])
    if at < 0:
        return None
    tail = excerpt[-80:].strip()
    end = text.find(tail, at)
    return at, end + len(tail) if end >= 0 else at + len(excerpt)


# -- matching -----------------------------------------------------------------------------
def _number_parts(number: str | None) -> list[str]:
    return [p for p in re.split(r"[\s/\-–.]+", (number or "").upper()) if p]


def same_number(judged: str | None, found: str | None) -> bool:
    """A judged number names the extracted one: equal once separators are dropped ("1177/QĐBGDĐT" is
    1177/QĐ-BGDĐT), or the judged parts begin the extracted ones ("91/2020", "37" name
    "91/2020/NĐ-CP", "37/QĐ-UBND": the extractor completed what the text wrote short)."""
    a, b = _number_parts(judged), _number_parts(found)
    if not a or not b:
        return False
    return "".join(a) == "".join(b) or b[:len(a)] == a


_ROMAN = re.compile(r"\b[IVXLC]+\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _arabic(roman: re.Match) -> str:
    values = [_ROMAN_VALUES[c] for c in roman.group()]
    return str(sum(-v if nxt > v else v for v, nxt in zip(values, [*values[1:], 0], strict=True)))


def _folded(text: str | None) -> str:
    """Accent-folded words; Roman ordinals as numbers ("Đại hội XII" is "Đại hội 12")."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold(_ROMAN.sub(_arabic, text or ""))).split())


_ABBREVIATED = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "vksnd": "vien kiem sat nhan dan",
                "tand": "toa an nhan dan", "gd dt": "giao duc va dao tao", "gddt": "giao duc va dao tao",
                "qh": "quoc hoi", "tp": "thanh pho", "bch": "ban chap hanh"}


def _expanded(text: str | None) -> str:
    folded = f" {_folded(text)} "
    for short, whole in _ABBREVIATED.items():
        folded = folded.replace(f" {short} ", f" {whole} ")
    return folded.strip()


def _close(a: str | None, b: str | None) -> bool:
    """The same words, abbreviations written out ("UBND" is "Ủy ban nhân dân"): folded, one containing
    the other or the words of one all among the other's (and neither empty)."""
    fa, fb = _expanded(a), _expanded(b)
    if not (fa and fb):
        return False
    wa, wb = set(fa.split()), set(fb.split())
    return fa in fb or fb in fa or wa <= wb or wb <= wa


def _document_pairs(judged: list[dict], found: list) -> dict[int, object]:
    """Judged index → extracted document, one to one: numbers first, then type and name."""
    pairs: dict[int, object] = {}
    free = list(found)
    for i, doc in enumerate(judged):
        if not doc.get("number"):
            continue
        for candidate in free:
            written = candidate.number or (f"{candidate.seq}/{candidate.year}" if candidate.seq and candidate.year
                                           and candidate.kind == "short" else candidate.seq)
            if same_number(doc["number"], written):
                pairs[i] = candidate
                free.remove(candidate)
                break
    def written(candidate, doc) -> bool:  # the words the passage names it with ("Luật GDNN" read as the whole name)
        return bool(doc.get("text")) and any(_folded(m.text) == _folded(doc["text"]) for m in candidate.mentions)

    for close in (lambda a, b: _folded(a) == _folded(b), _close):  # names equal first, then one inside the other
        for i, doc in enumerate(judged):
            if i in pairs:
                continue
            for candidate in free:
                if _folded(candidate.type) == _folded(doc.get("type")) and (
                        close(candidate.name, doc.get("name")) or written(candidate, doc)):
                    pairs[i] = candidate
                    free.remove(candidate)
                    break
    return pairs


def _shared_words(a: str, b: str) -> float:
    wa, wb = set(_folded(a).split()), set(_folded(b).split())
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


@dataclass
class Score:
    """Counts summed over the set; ``fields`` holds (right, compared) per field."""

    counts: Counter = field(default_factory=Counter)
    fields: dict[str, list[int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def field(self, name: str, right: bool) -> None:
        pair = self.fields.setdefault(name, [0, 0])
        pair[0] += int(right)
        pair[1] += 1

    def ratio(self, matched: str, total: str) -> float | None:
        return round(self.counts[matched] / self.counts[total], 3) if self.counts[total] else None


def score_excerpt(judged: dict, inside: Inside, score: Score) -> None:
    """Add one excerpt's comparison to ``score``."""
    key = judged["key"]
    gold_docs = judged.get("documents", [])
    pairs = _document_pairs(gold_docs, inside.documents)
    score.counts.update(documents_judged=len(gold_docs), documents_found=len(inside.documents),
                        documents_matched=len(pairs))
    for i, doc in enumerate(gold_docs):
        got = pairs.get(i)
        if got is None:
            score.misses.append(f"{key}: missed document {doc.get('number') or doc.get('name')}")
            continue
        for name, right in (("date", got.date == doc.get("date")), ("issuer", _close(got.issuer, doc.get("issuer"))),
                            ("title", _close(got.title, doc.get("title")))):
            if doc.get(name):
                score.field(f"document {name}", right)
                if not right:
                    score.misses.append(f"{key}: {doc.get('number') or doc.get('name')} {name} "
                                        f"{getattr(got, name)!r}, judged {doc[name]!r}")
    matched_found = set(map(id, pairs.values()))
    for extra in (d for d in inside.documents if id(d) not in matched_found):
        score.misses.append(f"{key}: extra document {extra.number or extra.name}")
    _score_relations(judged, inside, pairs, score)
    _score_events(judged, inside, score)
    _score_people(judged, inside, score)
    _score_organisations(judged, inside, score)


# The guide's kinds are coarser than the extractor's: it files the cue "bãi bỏ" under replaces.
_AS_GUIDE = {"partly_repeals": "replaces"}


def _score_relations(judged: dict, inside: Inside, pairs: dict[int, object], score: Score) -> None:
    gold = judged.get("relations", [])
    wanted = {(r["kind"], id(pairs.get(r["from"])), id(pairs.get(r["to"]))) for r in gold
              if r["from"] in pairs and r["to"] in pairs}
    found = {(_AS_GUIDE.get(r.predicate, r.predicate), id(r.subject), id(r.object)) for r in inside.relations}
    score.counts.update(relations_judged=len(gold), relations_found=len(found),
                        relations_matched=len(found & wanted))
    for r in inside.relations:
        if (_AS_GUIDE.get(r.predicate, r.predicate), id(r.subject), id(r.object)) not in wanted:
            score.misses.append(f"{judged['key']}: false relation {r.subject.name} {r.predicate} {r.object.name}")


def _score_events(judged: dict, inside: Inside, score: Score) -> None:
    gold, free = judged.get("events", []), list(inside.events)
    matched = right = 0
    for event in gold:
        best = max(free, key=lambda e: _shared_words(e.name, event["name"]), default=None)
        if best is not None and _shared_words(best.name, event["name"]) >= 0.5:
            free.remove(best)
            matched += 1
            right += int(best.date == event.get("date"))
            score.field("event date", best.date == event.get("date"))
    score.counts.update(events_judged=len(gold), events_found=len(inside.events), events_matched=matched,
                        events_right=right)


def _score_people(judged: dict, inside: Inside, score: Score) -> None:
    gold = judged.get("people", [])
    by_name = {_folded(p.name): p for p in inside.people}
    # A person the passage names by the given name alone ("ông Hạnh") is the one so mentioned there.
    by_mention = {_folded(m[2]): p for p in inside.people for m in p.mentions if _within(m[0], m[1], inside.span)}
    matched = 0
    for person in gold:
        got = by_name.get(_folded(person["name"])) or by_mention.get(_folded(person["name"]))
        if got is None:
            score.misses.append(f"{judged['key']}: missed person {person['name']}")
            continue
        matched += 1
        for post in person.get("posts", []):
            score.field("person posts (recall)", any(_close(post, p) for p in got.posts))
    score.counts.update(people_judged=len(gold), people_found=len(inside.people), people_matched=matched)


def _score_organisations(judged: dict, inside: Inside, score: Score) -> None:
    gold = judged.get("organisations", [])
    names = [[o.name, *o.aliases] for o in inside.organisations]
    matched = sum(1 for org in gold if any(_close(org["name"], n) for ns in names for n in ns))
    score.counts.update(organisations_judged=len(gold), organisations_found=len(inside.organisations),
                        organisations_matched=matched)


# -- the run ---------------------------------------------------------------------------------
def evaluate(rows: Iterable[dict]) -> Score | str:
    """The score of the set, or why it cannot be computed."""
    rows = list(rows)
    if not rows:
        return "no judgments in bench/judged"
    wanted: dict[str, set[str]] = {}
    for row in rows:
        corpus_name, text_id, _, _ = _parse_key(row["key"])
        wanted.setdefault(corpus_name, set()).add(text_id)
    sources: dict[tuple[str, str], Source] = {}
    for corpus_name, ids in wanted.items():
        if corpus(FILES[corpus_name]) is None:
            return f"corpus {FILES[corpus_name]} absent"
        sources.update({(corpus_name, i): s for i, s in sources_of(corpus_name, ids).items()})
    _load_texts(wanted)
    score = Score()
    for row in rows:
        corpus_name, text_id, start, end = _parse_key(row["key"])
        source = sources.get((corpus_name, text_id))
        if source is None:
            score.misses.append(f"{row['key']}: text not found in its corpus")
            score.counts["excerpts_unread"] += 1
            continue
        excerpt = _excerpt_text(corpus_name, text_id, start, end, row["sha1"])
        span = locate(source, excerpt) if excerpt is not None else None
        if span is None:
            score.misses.append(f"{row['key']}: excerpt not located in the source's text")
            score.counts["excerpts_unread"] += 1
            continue
        score.counts["excerpts"] += 1
        score_excerpt(row, facts_inside(extract(source), span), score)
    return score


_TEXTS: dict[tuple[str, str], str] = {}


def _load_texts(wanted: dict[str, set[str]]) -> None:
    """The normalised texts the excerpts' offsets count in (as :mod:`bench.judged_set` read them)."""
    for name, ids in wanted.items():
        for found_id, text in texts(name):
            if found_id in ids:
                _TEXTS[name, found_id] = text


def _excerpt_text(corpus_name: str, text_id: str, start: int, end: int, sha1: str) -> str | None:
    """The excerpt's text, checked against its SHA-1 (None when the corpus changed)."""
    text = _TEXTS.get((corpus_name, text_id))
    if text is None:
        return None
    piece = text[start:end]
    return piece if hashlib.sha1(piece.encode("utf-8")).hexdigest() == sha1 else None


def figures(score: Score) -> dict:
    """The headline figures of a score."""
    result = {"excerpts": score.counts["excerpts"], "unread": score.counts["excerpts_unread"]}
    for kind in ("documents", "relations", "events", "people", "organisations"):
        result[kind] = {"judged": score.counts[f"{kind}_judged"], "found": score.counts[f"{kind}_found"],
                        "precision": score.ratio(f"{kind}_matched", f"{kind}_found"),
                        "recall": score.ratio(f"{kind}_matched", f"{kind}_judged")}
    result["events"]["precision (right date)"] = score.ratio("events_right", "events_found")
    result["fields"] = {name: {"accuracy": round(r / n, 3) if n else None, "compared": n}
                        for name, (r, n) in sorted(score.fields.items())}
    return result


def run() -> dict:
    rows = judgments()
    score = evaluate(rows)
    if isinstance(score, str):
        print(f"quality: skipped ({score})")
        return {"skipped": score}
    result = figures(score)
    print(f"quality: {result['excerpts']} judged excerpts ({result['unread']} unread)")
    for kind in ("documents", "relations", "events", "people", "organisations"):
        f = result[kind]
        print(f"  {kind:<14} judged {f['judged']:>4}  found {f['found']:>4}  "
              f"precision {f['precision']}  recall {f['recall']}")
    for name, f in result["fields"].items():
        print(f"  {name:<24} {f['accuracy']} of {f['compared']}")
    out = ROOT / "bench" / "results" / "quality-misses.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(score.misses) + "\n", "utf-8")
    print(f"  each miss: {out.relative_to(ROOT)}")
    from bench import final_provisions

    result["final_provisions"] = final_provisions.run()
    return result
