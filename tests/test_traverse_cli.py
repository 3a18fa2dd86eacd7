"""Traversal from the command line, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT


def vankien(*args):
    return subprocess.run([sys.executable, "-m", "vankien.web.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def seed_data(seeds_data):
    return seeds_data


@pytest.fixture(scope="module")
def law_data(seeds_laws_data):
    return seeds_laws_data


def test_neighbours_of_a_resolution_by_number(seed_data):
    proc = vankien("neighbours", "40-nq/tu", "--json", "--data", seed_data)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert {(r["relation"], r["label"]) for r in rows if r["kind"] == "organisation"} == {
        ("issued_by", "Ban Thường vụ Tỉnh ủy Lạng Sơn")}
    assert any(r["kind"] == "event" and r["relation"] == "about" for r in rows)


def test_unknown_and_ambiguous_entities_are_one_line_errors(seed_data):
    unknown = vankien("neighbours", "99-NQ/TW", "--data", seed_data)
    assert unknown.returncode == 2 and len(unknown.stderr.splitlines()) == 1 and "99-NQ/TW" in unknown.stderr
    ambiguous = vankien("timeline", "Thành ủy", "--data", seed_data)
    assert ambiguous.returncode == 2 and len(ambiguous.stderr.splitlines()) == 1
    assert "Thành ủy Lạng Sơn" in ambiguous.stderr


def test_timeline_and_stats(seed_data):
    rows = json.loads(vankien("timeline", "Đề án số 03-ĐA/TU", "--json", "--data", seed_data).stdout)
    assert rows[0]["date"] == "2021-09-07" and rows[1]["date"].startswith("2023-01-31")
    stats = json.loads(vankien("stats", "--json", "--data", seed_data).stdout)
    assert stats["nodes"]["document"] == 7 and stats["nodes"]["article"] == 1


@pytest.mark.corpus
def test_chain_walks_the_civil_codes(law_data):
    proc = vankien("chain", "91/2015/QH13", "--relation", "replaces", "--json", "--data", law_data)
    assert proc.returncode == 0, proc.stderr
    assert [r["number"] for r in json.loads(proc.stdout)][:2] == ["91/2015/QH13", "33/2005/QH11"]


@pytest.mark.corpus
def test_path_between_two_laws(law_data):
    proc = vankien("path", "Bộ luật số 91/2015/QH13", "Luật số 103/2016/QH13", "--json", "--data", law_data)
    assert proc.returncode == 0, proc.stderr
    steps = json.loads(proc.stdout)
    # labelled as cited, by name and number: "Bộ luật dân sự số 91/2015/QH13", "Luật báo chí số 103/2016/QH13"
    assert steps[0]["from_label"].startswith("Bộ luật dân sự số 91/2015/QH13")
    assert steps[-1]["to_label"].startswith("Luật") and steps[-1]["to_label"].endswith("số 103/2016/QH13")
    # Both were passed by the National Assembly (and both rest on the 2013 Constitution): two steps.
    assert len(steps) == 2 and steps[0]["to"] == steps[1]["from"]


@pytest.mark.corpus
def test_rank_puts_the_constitutions_first(law_data):
    rows = json.loads(vankien("rank", "--limit", "3", "--json", "--data", law_data).stdout)
    assert rows[0]["label"] == "Hiến pháp năm 1992" and "Hiến pháp năm 2013" in [r["label"] for r in rows]
