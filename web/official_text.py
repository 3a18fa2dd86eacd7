"""An official text laid out by its structure: a table of contents and its paragraphs, each Phần, Chương, Mục,
Điều, khoản and điểm with an anchor and its own IRI, the entities it names linked where it names them."""

from __future__ import annotations

from vankien.graph.extract.official_record import LEVELS, Division, read_structure

SUBDIVISION_LEVELS = frozenset(LEVELS)
TOC_LEVELS = ("phan", "chuong", "muc", "dieu")


def subdivision_of(iri: str) -> tuple[str, str] | None:
    """(the document's IRI, the anchor) when ``iri`` names a subdivision ("…/l/45/dieu/5/khoan/2")."""
    parts = iri.rstrip("/").split("/")
    for i in range(len(parts) - 2, 0, -1):
        tail = parts[i:]
        if len(tail) % 2 or not all(level in SUBDIVISION_LEVELS for level in tail[::2]):
            continue
        if i >= 2 and parts[i - 2] in SUBDIVISION_LEVELS:
            continue  # a longer tail of subdivisions is read from further left
        return "/".join(parts[:i]), "-".join(tail)
    return None


def _toc(divisions: list[Division], doc_iri: str) -> list[dict]:
    items = []
    for division in divisions:
        if division.level not in TOC_LEVELS:
            continue
        items.append({"label": division.label, "heading": division.heading, "anchor": division.anchor,
                      "iri": f"{doc_iri}/{'/'.join(division.path)}", "level": division.level,
                      "children": _toc(division.children, doc_iri)})
    return items


def structured_text(text: str, spans: list[dict], doc_iri: str) -> dict:
    """``{"toc": [...], "blocks": [...]}``: each block a paragraph (a line of the text) as segments
    ``{"text", "iri"}``; a block opening a division carries its ``anchor``, ``level``, ``label`` and ``iri``."""
    divisions = read_structure(text)
    opening = {d.start: d for top in divisions for d in top.walk()}
    spans = sorted(spans, key=lambda s: s["start"])
    blocks, at, k = [], 0, 0
    for line in text.split("\n"):
        start, end = at, at + len(line)
        at = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        first = start + (len(line) - len(line.lstrip()))
        segments, cursor = [], first
        while k < len(spans) and spans[k]["end"] <= first:
            k += 1
        j = k
        while j < len(spans) and spans[j]["start"] < end:
            span = spans[j]
            j += 1
            if span["start"] < cursor or span["end"] > end:
                continue
            if span["start"] > cursor:
                segments.append({"text": text[cursor:span["start"]], "iri": None})
            segments.append({"text": text[span["start"]:span["end"]], "iri": span["iri"]})
            cursor = span["end"]
        if cursor < end:
            segments.append({"text": text[cursor:end].rstrip(), "iri": None})
        block = {"segments": segments}
        if (division := opening.get(first)) is not None:
            block.update(anchor=division.anchor, level=division.level, label=division.label,
                         iri=f"{doc_iri}/{'/'.join(division.path)}")
        blocks.append(block)
    return {"toc": _toc(divisions, doc_iri), "blocks": blocks}
