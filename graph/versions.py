"""The versions of a document: the laws of one name on one timeline (Luật Đất đai 2003 → 2013 → 2024).

Numbered documents cited by the same name (``vk:nameKey``: "Luật Đất đai số 13/2003/QH11" and "… số
45/2013/QH13" are both "luat-dat-dai") are the versions of that name. Each comes with its dates, its status
on the day asked about (so the one in force then stands out), what replaced it among them, and the documents
that amended or partly repealed it.
"""

from __future__ import annotations

import datetime

from vankien.graph.catalog import restrictions, rows, selects, summaries, together
from vankien.graph.iris import document_year
from vankien.graph.status import IN_FORCE, PARTLY_EXPIRED, statuses
from vankien.graph.vocab import ELI, VK

_CHANGES = {str(ELI.amends): "amended_by", str(VK.repealsPart): "partly_repealed_by", str(ELI.repeals): "replaced_by"}


def versions(store, iri: str, at: datetime.date | None = None) -> list[dict]:
    """The versions of the document ``iri`` (itself among them), oldest first; empty when it has no name that
    other numbered documents share. Each: its summary, ``effective``, ``status`` (as of ``at``), ``current``
    (in force, wholly or in part, on ``at``), ``replaced_by`` (the later version replacing it, if stated) and
    ``changes`` (other documents amending or partly repealing it, oldest first)."""
    members = sorted({r["d"] for r in rows(store, f"SELECT DISTINCT ?d WHERE {{ <{iri}> vk:nameKey ?k . "
                                                  "?d vk:nameKey ?k }")})
    if len(members) < 2:
        return []
    effective: dict[str, str] = {}
    changes: dict[str, list[tuple[str, str]]] = {m: [] for m in members}
    props = " ".join(f"<{p}>" for p in _CHANGES)
    for clause in restrictions("d", members):
        dates, acts = selects(store, [
            f"SELECT DISTINCT ?d ?e WHERE {{ {clause} ?d eli:first_date_entry_in_force ?e }}",
            f"SELECT DISTINCT ?s ?p ?d WHERE {{ {clause} VALUES ?p {{ {props} }} ?s ?p ?d }}"])
        for row in dates:
            effective[row["d"]] = min(effective.get(row["d"], row["e"]), row["e"])
        for row in acts:
            if row["s"] != row["d"]:
                changes[row["d"]].append((_CHANGES[row["p"]], row["s"]))
    others = {s for items in changes.values() for _, s in items}
    found, status = together(store, lambda: summaries(store, set(members) | others),
                             lambda: statuses(store, members, at))
    result = []
    for member in members:
        judged = status[member]
        replaced = sorted(s for kind, s in changes[member] if kind == "replaced_by" and s in members)
        result.append({
            **found[member], "effective": effective.get(member), "status": judged.to_json(),
            "current": judged.code in (IN_FORCE, PARTLY_EXPIRED),
            "replaced_by": found[replaced[0]] if replaced else None,
            "changes": sorted(({**found[s], "change": kind} for kind, s in changes[member]
                               if kind != "replaced_by" or s not in members),
                              key=lambda c: (c.get("date") or "", c["iri"])),
        })
    return sorted(result, key=lambda v: (v.get("date") or v.get("effective") or document_year(v["iri"]) or "",
                                         v["iri"]))
