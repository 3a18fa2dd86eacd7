"""A killed ingest leaves the store consistent, and running it again completes it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from vankien.graph.ingest import Ingester
from vankien.graph.iris import Iris
from vankien.graph.store import GraphStore

from conftest import ROOT, SEED

# Enough articles that the kill (after KILL_AFTER "written" lines) lands well before the end even when the
# machine is busy and the child runs ahead of the test reading its lines; no more: each costs two ingests.
ARTICLES = 100
KILL_AFTER = 30


def feed(tmp_path):
    """A JSON Lines feed of many distinct articles built from the seed's text."""
    body = SEED.read_text("utf-8").split("\n", 5)[5]
    path = tmp_path / "feed.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for i in range(ARTICLES):
            record = {"id": f"a{i}", "title": f"Bài {i}: học tập nghị quyết",
                      "url": f"https://baolangson.vn/chinh-tri/{i}-bai.html", "text": f"{body}\nBài số {i}."}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def per_graph_counts(store: GraphStore) -> dict[str, int]:
    rows = store.store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                             "FILTER(CONTAINS(STR(?g), '/source/')) } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows}


def test_sigkill_midway_leaves_whole_sources_and_a_rerun_completes(tmp_path):
    source = feed(tmp_path)
    data = tmp_path / "data"
    proc = subprocess.Popen([sys.executable, "-m", "vankien.web.cli", "ingest", str(source), "--data", str(data), "-v"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    written = 0
    for line in proc.stdout:
        written += line.startswith("written ")
        if written >= KILL_AFTER:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    reference = GraphStore(tmp_path / "reference")
    Ingester(reference, Iris(None)).ingest([source])
    expected = per_graph_counts(reference)
    assert len(expected) == ARTICLES

    crashed = GraphStore(data)
    stored = per_graph_counts(crashed)
    assert KILL_AFTER <= len(stored) < ARTICLES, "the kill must land in the middle of the ingest"
    # Every source that made it is whole: exactly the triples a clean run writes for it.
    assert {g: n for g, n in stored.items()} == {g: expected[g] for g in stored}

    summary = Ingester(crashed, Iris(None)).ingest([source])
    assert summary.skipped == len(stored) and summary.written == ARTICLES - len(stored)
    assert per_graph_counts(crashed) == expected
