"""Extraction on very long input: time grows linearly with the text, and a per-source time budget
stops a source that would take too long without stopping the ingest."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import Counter

import pytest

from vankien.graph.extract.budget import ENV, ExtractionTimeout, configured_budget
from vankien.graph.extract.extractor import extract
from vankien.graph.sources.model import Source
from vankien.graph.store import GraphStore

from conftest import ROOT, SEED

PIECES = 20
CHARS = 5_000_000


def seed_line() -> str:
    """The seed article on one line: its newlines become spaces."""
    return SEED.read_text(encoding="utf-8").replace("\n", " ")


def one_line(copies: int) -> str:
    return " ".join([seed_line()] * copies)


def source(text: str, path: str = "long.txt") -> Source:
    return Source(path=path, text=text, sha256=hashlib.sha256(text.encode()).hexdigest())


def documents(found) -> tuple[set[tuple], Counter]:
    """What each document is, and how often it is mentioned."""
    facts = {(d.type, d.number, d.name, d.date, d.issuer, d.title) for d in found.documents}
    mentions = Counter({d.name: len(d.mentions) for d in found.documents})
    return facts, mentions


def test_five_million_characters_on_one_line_extract_like_twenty_pieces():
    """Its speed is measured by `python -m bench extraction` ("5.0 M characters on one line"), not here."""
    copies = PIECES * -(-CHARS // (PIECES * (len(seed_line()) + 1)))  # at least 5 M, in 20 equal pieces
    text = one_line(copies)
    assert len(text) >= CHARS and "\n" not in text

    whole = extract(source(text))

    facts, mentions = documents(whole)
    # The 20 pieces are the same text, so what they find together is what one finds, mentioned 20 times.
    piece_facts, one_piece_mentions = documents(extract(source(one_line(copies // PIECES), "piece.txt")))
    piece_mentions = Counter({name: PIECES * count for name, count in one_piece_mentions.items()})
    assert facts == piece_facts
    assert mentions == piece_mentions
    # The seed's seven documents, each mentioned once per copy (Đề án 03 twice), with their facts.
    assert len(facts) == 7
    assert ("Nghị quyết", "40-NQ/TU", "Nghị quyết số 40-NQ/TU", "2021-08-05", "Ban Thường vụ Tỉnh ủy Lạng Sơn",
            "xây dựng và phát triển thành phố Lạng Sơn giai đoạn 2021 – 2030, định hướng đến năm 2050") in facts
    assert mentions["Nghị quyết số 40-NQ/TU"] == copies and mentions["Đề án số 03-ĐA/TU"] == 2 * copies
    assert any(p.name == "Hoàng Minh Thảo" for p in whole.people)


def test_a_source_over_its_budget_raises_a_one_line_source_error():
    with pytest.raises(ExtractionTimeout) as caught:
        extract(source(one_line(200), "slow.txt"), budget=0.001)
    assert str(caught.value) == "slow.txt: extraction took longer than 0.001 s"
    assert "\n" not in str(caught.value)
    small = extract(source(seed_line()), budget=60)  # within its budget: the usual facts
    assert any(d.number == "40-NQ/TU" for d in small.documents)


def test_the_budget_is_configured_by_the_environment(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    assert configured_budget() == 60
    monkeypatch.setenv(ENV, "2.5")
    assert configured_budget() == 2.5
    monkeypatch.setenv(ENV, "none")
    assert configured_budget() is None
    monkeypatch.setenv(ENV, "soon")
    with pytest.raises(ValueError, match=ENV):
        configured_budget()


def vankien(*args, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vankien.web.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})})


def test_ingest_reports_a_source_over_budget_in_one_line_and_goes_on(tmp_path):
    data = tmp_path / "data"
    slow = tmp_path / "slow.txt"
    slow.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    first = vankien("ingest", slow, "--data", data)
    assert first.returncode == 0, first.stderr
    stored_before = slow.read_bytes()

    # The article grows into one line of 2 M characters; another article follows it.
    slow.write_text(one_line(300), encoding="utf-8")
    following = tmp_path / "next.txt"
    following.write_text("Lạng Sơn ban hành Nghị quyết số 40-NQ/TU\n\nNgày 5/8/2021, Ban Thường vụ Tỉnh ủy Lạng Sơn "
                         "ban hành Nghị quyết số 40-NQ/TU về xây dựng và phát triển thành phố Lạng Sơn.\n",
                         encoding="utf-8")
    run = vankien("ingest", slow, following, "--data", data, env={ENV: "0.5"})
    assert run.returncode == 2
    assert run.stderr.splitlines() == [f"error: {slow}: extraction took longer than 0.5 s"]

    store = GraphStore(data, read_only=True)
    stored = sorted(store.source_hash(graph)[0] for graph in store.source_graphs())
    # The slow source keeps the graph of its earlier bytes; the next one is in.
    assert stored == sorted([hashlib.sha256(stored_before).hexdigest(),
                             hashlib.sha256(following.read_bytes()).hexdigest()])


def test_a_bad_budget_setting_is_one_line_before_anything_is_read(tmp_path):
    run = vankien("ingest", SEED, "--data", tmp_path / "data", env={ENV: "soon"})
    assert run.returncode == 2
    assert run.stderr == f"error: {ENV}='soon' is not a number of seconds\n"
    assert not (tmp_path / "data" / "oxigraph").exists()
