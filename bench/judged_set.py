"""The judged real-text set for extraction quality: which excerpts, chosen by a rule written here.

The rule, fixed before any annotation and before the extractor was tuned on it:

1. **Candidates.** A candidate passage is a sentence that holds a document-type word *used as a
   reference*: one of :data:`TYPE_WORDS` followed by "số" or by a number ("nghị quyết số 57",
   "Nghị định 100/2019/NĐ-CP"), or written with a capital initial and followed by a capitalised word
   ("Luật Đất đai", "Nghị quyết Trung ương 6", "Nghị quyết Đại hội XIII"); a type word in capitals
   ("NHỮNG QUY ĐỊNH CHUNG", a law's own heading "LUẬT") is a heading, not a reference. So "theo kế
   hoạch", "phòng Kế hoạch – Tài chính", "Luật sư" and "Bộ Kế hoạch và Đầu tư" are not references. The text
   is compared in NFC with new-style tone placement.
2. **Corpora, in a fixed order.** baomoi (lines of the file, in order), Dân trí (members of the
   archive, sorted by name; the body after the ``#`` header lines, title line included) and the laws
   (members sorted by name). A text is a candidate text when it holds a candidate passage.
3. **Every k-th text.** Of the candidate texts of a corpus, take texts ``0, k, 2k, …`` where
   ``k = candidates // wanted`` (wanted: baomoi 60, Dân trí 36, laws 24 — 120 excerpts), so the
   set spreads over the whole corpus rather than over what the extractor handles.
   In a law only passages after its first article ("Điều 1") count: the "Căn cứ" preamble every law
   shares is not a candidate.
4. **The excerpt.** In a news text, the first candidate passage; in a law, the middle one (index
   ``n // 2`` of its ``n``). The excerpt starts at that
   sentence and takes whole sentences after it until it holds 300 characters or 3 sentences, cut at
   1,000 characters (at a space).

Sentences end at ``.``, ``!``, ``?`` or ``;`` before white space, or at a line end. An excerpt is
named ``corpus:text-id@start-end`` (offsets in the NFC text) with the SHA-1 of its text, so a corpus
that changed is noticed instead of scored wrongly. The texts stay in ``../shared/corpora``: only
the references and the judgments are kept here (``bench/judged/``).

``python -m bench.judged_set`` prints the selection as JSON Lines (with the text, to annotate).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
import tarfile
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from bench.common import corpus
from vankien.graph.text import unify_tones

TYPE_WORDS = ("nghị quyết", "chỉ thị", "kết luận", "quyết định", "nghị định", "thông tư", "bộ luật", "luật",
              "pháp lệnh", "kế hoạch", "chương trình", "đề án", "hướng dẫn", "quy định", "thông báo", "công văn",
              "hiến pháp", "quy chế")
WANTED = {"baomoi": 60, "dantri": 36, "laws": 24}
FILES = {"baomoi": "baomoi-2017-news.jsonl.gz", "dantri": "dantri-2020-news.tar.gz", "laws": "vn-laws-vlc.tar.gz"}
MIN_CHARS, MAX_SENTENCES, MAX_CHARS = 300, 3, 1000

_WORDS = "|".join(re.escape(w) for w in sorted(TYPE_WORDS, key=len, reverse=True))
_CAPITAL = re.compile(rf"(?<!\w)(?:{_WORDS})(?!\w)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;](?=\s)|\n")


@dataclass(frozen=True)
class Excerpt:
    """One passage of the judged set: where it is and what it says."""

    corpus: str
    text_id: str
    start: int
    end: int
    sha1: str
    text: str

    @property
    def key(self) -> str:
        return f"{self.corpus}:{self.text_id}@{self.start}-{self.end}"


def normalise(text: str) -> str:
    """The text the offsets count in: NFC with new-style tone placement (same length as NFC)."""
    return unify_tones(unicodedata.normalize("NFC", text))


def is_reference(text: str, match: re.Match) -> bool:
    """A type word used as a reference (rule 1)."""
    following = text[match.end():match.end() + 40].split()[:1]
    if not following or match.group().isupper():
        return False
    word = following[0]
    if word.lower().rstrip(":") == "số" or word[:1].isdigit():
        return True
    return match.group()[0].isupper() and word[:1].isupper()


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, white space trimmed."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    trimmed = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            trimmed.append((a, b))
    return trimmed


def candidate_sentences(text: str, body_only: bool = False) -> list[int]:
    """Indexes of the sentences holding a type word used as a reference (``body_only``: after the
    first "Điều 1")."""
    spans = sentences(text)
    first = re.search(r"(?m)^\s*Điều 1\b", text) if body_only else None
    body = first.start() if first else (len(text) if body_only else 0)
    found = []
    for i, (a, b) in enumerate(spans):
        if a < body:
            continue
        piece = text[a:b]
        if any(is_reference(piece, m) for m in _CAPITAL.finditer(piece)):
            found.append(i)
    return found


def excerpt_at(corpus_name: str, text_id: str, text: str, index: int) -> Excerpt:
    """The excerpt starting at sentence ``index`` (rule 4)."""
    spans = sentences(text)
    start, end = spans[index]
    taken = 1
    for _, b in spans[index + 1:]:
        if end - start >= MIN_CHARS or taken >= MAX_SENTENCES:
            break
        end, taken = b, taken + 1
    if end - start > MAX_CHARS:
        cut = text.rfind(" ", start, start + MAX_CHARS)
        end = cut if cut > start else start + MAX_CHARS
    piece = text[start:end]
    return Excerpt(corpus_name, text_id, start, end, hashlib.sha1(piece.encode("utf-8")).hexdigest(), piece)


def texts(corpus_name: str) -> Iterator[tuple[str, str]]:
    """(text id, normalised text) of a corpus in the rule's order; nothing when the corpus is absent."""
    path = corpus(FILES[corpus_name])
    if path is None:
        return
    if corpus_name == "baomoi":
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                yield str(record["id"]), normalise(record.get("text") or "")
        return
    with tarfile.open(path) as archive:
        members = sorted((m for m in archive.getmembers() if m.isfile()), key=lambda m: m.name)
        for member in members:
            raw = archive.extractfile(member).read().decode("utf-8", errors="replace")
            if corpus_name == "dantri":
                raw = "\n".join(line for line in raw.splitlines() if not line.startswith("# "))
            yield member.name.rsplit("/", 1)[-1].removesuffix(".txt"), normalise(raw)


def select(corpus_name: str) -> list[Excerpt]:
    """The excerpts of one corpus (rules 1–4)."""
    candidates = [(text_id, text, found) for text_id, text in texts(corpus_name)
                  if (found := candidate_sentences(text, body_only=corpus_name == "laws"))]
    if not candidates:
        return []
    step = max(1, len(candidates) // WANTED[corpus_name])
    chosen = candidates[::step][:WANTED[corpus_name]]
    excerpts = []
    for text_id, text, found in chosen:
        index = found[len(found) // 2] if corpus_name == "laws" else found[0]
        excerpts.append(excerpt_at(corpus_name, text_id, text, index))
    return excerpts


def load_text(corpus_name: str, text_id: str) -> str | None:
    """The normalised text of one text of a corpus (None when absent)."""
    return next((text for found_id, text in texts(corpus_name) if found_id == text_id), None)


def main() -> None:
    for name in WANTED:
        for excerpt in select(name):
            print(json.dumps({"key": excerpt.key, **asdict(excerpt)}, ensure_ascii=False))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
