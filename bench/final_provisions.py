"""What the laws' final provisions say, against what the extractor says they say.

``bench/judged/laws-final-provisions.jsonl`` holds, for each of the 110 laws of the corpus, the
relations a reader finds in its final provisions ("… hết hiệu lực kể từ ngày Luật này có hiệu lực":
the law replaces it; "… đã được sửa đổi, bổ sung theo Luật số …": that law amended it), judged by
reading. Each law is read by the project's intake and extracted; its ``replaces`` and ``amends``
relations are compared with the judged ones. A document is matched by number (see
:func:`bench.quality.same_number`) or, unnumbered, by name (folded words, one within the other);
"self" is the law's own document. Partial repeals ("bãi bỏ khoản 6 Điều 19 của Luật …") are judged
``amends`` and kept apart (``partial``): the extractor is not asked to find them.

``bench/judged/laws-final-provisions-stated.jsonl`` was added after tuning, and is kept apart: relations
the extractor found that the first judgments did not list (they read only the article on the law's effect)
but that the text states, each with its sentence, checked by reading. A found relation in neither file is
one the text does not state; precision is reported against the judgments alone and against both.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from bench.common import ROOT, corpus
from bench.quality import _close, same_number
from vankien.graph.extract.extractor import extract
from vankien.graph.sources import SourceError, iter_sources

JUDGED = ROOT / "bench" / "judged" / "laws-final-provisions.jsonl"
STATED = ROOT / "bench" / "judged" / "laws-final-provisions-stated.jsonl"
KINDS = ("replaces", "amends")
# The extractor's partial repeal ("Bãi bỏ Điều 57 của Luật …") is what these judgments call a partial amends.
AS_JUDGED = {"partly_repeals": "amends"}
# The last article on the law's effect begins its final provisions.
_FINAL = re.compile(r"(?m)^\s*Điều\s+\d+[a-z]?\.?\s*(?:Hiệu lực|Điều khoản thi hành|Hiệu lực thi hành)")


@dataclass
class Tally:
    """Judged, found and matched relations over the laws; the misses as lines."""

    judged: int = 0
    found: int = 0
    matched: int = 0
    stated: int = 0  # found, not judged, but stated by the text (the later file)
    misses: list[str] = field(default_factory=list)
    unjudged: list[str] = field(default_factory=list)  # the stated ones, as lines

    @property
    def unstated(self) -> int:
        """Found relations the text does not state: in neither file."""
        return self.found - self.matched - self.stated


def _names(doc, own) -> list[str]:
    if doc is own:
        return ["self"]
    return [n for n in (doc.number, doc.name, doc.title) if n]


def _same(judged: str, doc, own) -> bool:
    if judged == "self":
        return doc is own
    if doc is own:
        return False
    if doc.number and same_number(judged, doc.number):
        return True
    return any(_close(judged, name) for name in (doc.name, f"{doc.type} {doc.title}" if doc.title else None)
               if name)


def _in_final(doc, own, start: int) -> bool:
    return doc is own or any(m.start >= start for m in doc.mentions)


def _matches(judged: dict, relation, own) -> bool:
    return AS_JUDGED.get(relation.predicate, relation.predicate) == judged["kind"] \
        and _same(judged["subject"], relation.subject, own) and _same(judged["object"], relation.object, own)


def score_law(judged: dict, extraction, tally: Tally, stated: list[dict] = ()) -> None:
    """Add one law's comparison to ``tally``: the relations whose documents are named in the final
    provisions (from the last article on the law's effect; the whole law when it has none)."""
    own = extraction.own
    starts = [m.start() for m in _FINAL.finditer(extraction.source.text)]
    start = starts[-1] if starts else 0
    wanted = [r for r in judged.get("relations", []) if r["kind"] in KINDS and not r.get("partial")]
    partial = [r for r in judged.get("relations", []) if r["kind"] in KINDS and r.get("partial")]
    # A partial repeal found is right but not asked for: it counts neither as found nor as extra.
    found = [r for r in extraction.relations if AS_JUDGED.get(r.predicate, r.predicate) in KINDS
             and _in_final(r.subject, own, start) and _in_final(r.object, own, start)
             and not any(_matches(p, r, own) for p in partial)]
    tally.judged += len(wanted)
    tally.found += len(found)
    free = list(found)
    for relation in wanted:
        hit = next((r for r in free if _matches(relation, r, own)), None)
        if hit is None:
            tally.misses.append(f"{judged['file']}: missed {relation['subject']} {relation['kind']} "
                                f"{relation['object']}")
            continue
        free.remove(hit)
        tally.matched += 1
    for r in free:
        line = f"{judged['file']}: extra {_names(r.subject, own)[0]} {r.predicate} {_names(r.object, own)[0]}"
        if any(_matches(s, r, own) for s in stated):
            tally.stated += 1
            tally.unjudged.append(line.replace(": extra ", ": stated, not judged: ", 1))
        else:
            tally.misses.append(line)


def evaluate() -> Tally | str:
    """The tally over every judged law, or why it cannot be computed."""
    if not JUDGED.exists():
        return f"no judgments in {JUDGED.relative_to(ROOT)}"
    laws = corpus("vn-laws-vlc.tar.gz")
    if laws is None:
        return "corpus vn-laws-vlc.tar.gz absent"
    judged = {row["file"]: row for row in map(json.loads, JUDGED.read_text("utf-8").splitlines()) if row}
    stated: dict[str, list[dict]] = {}
    for row in map(json.loads, STATED.read_text("utf-8").splitlines() if STATED.exists() else ()):
        stated.setdefault(row["file"], []).append(row)
    tally = Tally()
    for source in iter_sources([laws]):
        if isinstance(source, SourceError):
            continue
        row = judged.get(source.path.rsplit("/", 1)[-1])
        if row is not None:
            score_law(row, extract(source), tally, stated.get(row["file"], []))
    return tally


def run() -> dict:
    tally = evaluate()
    if isinstance(tally, str):
        print(f"final provisions: skipped ({tally})")
        return {"skipped": tally}
    precision = round(tally.matched / tally.found, 3) if tally.found else None
    stated = round((tally.matched + tally.stated) / tally.found, 3) if tally.found else None
    recall = round(tally.matched / tally.judged, 3) if tally.judged else None
    print(f"  final provisions (laws): judged {tally.judged}  found {tally.found}  precision {precision} "
          f"(against what the text states: {stated}; {tally.unstated} not stated)  recall {recall}")
    out = ROOT / "bench" / "results" / "final-provisions-misses.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text("".join(f"{line}\n" for line in tally.misses + tally.unjudged), "utf-8")
    return {"judged": tally.judged, "found": tally.found, "precision": precision, "precision_stated": stated,
            "not_stated": tally.unstated, "recall": recall}
