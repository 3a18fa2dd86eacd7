"""Relevance over seed + laws + a baomoi slice, with answers written before tuning.

The goal is success@1 ≥ 0.9; the floor asserted here is what ranking reaches
today, so a change that makes it worse fails. `make bench` prints the misses.
"""

from __future__ import annotations

import pytest

from bench.relevance import build_store, evaluate

pytestmark = pytest.mark.corpus
FLOOR = 0.9


def test_success_at_one(tmp_path_factory, corpus, seeds_laws_data):
    corpus("baomoi-2017-news.jsonl.gz")
    data = build_store(tmp_path_factory.mktemp("relevance"), seeds_laws_data)
    score, misses = evaluate(data)
    assert score >= FLOOR, f"success@1 {score:.3f} below {FLOOR}; misses: {misses}"
