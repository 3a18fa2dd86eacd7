"""The search index never falls behind the store: however an ingest stops, the next one (or
`vankien sync`) leaves search, the index and the graph as a clean ingest of the same feed does,
and during an ingest the index and the generation follow the store at every checkpoint."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner

from vankien.graph.store import read_journal
from vankien.search.index import index_count
from vankien.search.query import Searcher, SearchRequest
from vankien.web.cli import main

from conftest import ROOT, SEED
from serving import Served

# An ingest of the feed takes over a second on a 2-core machine: time for several checkpoints of 0.1-0.2 s.
ARTICLES = 40
TOPICS = ("phòng chống covid", "phát triển du lịch", "đổi mới giáo dục", "chuyển đổi số")
LATE = ARTICLES - 7  # an article written after every kill point below
QUERIES = ("covid", "du lịch", "giao duc", "chuyển đổi số", "mabai7", f"mabai{LATE}", "40-NQ/TU", "Chỉ thị 9",
           "Lạng Sơn", "nghị quyết")


def write_feed(path):
    """A JSON Lines feed of distinct articles: the seed's text, a topic, a directive shared by a few
    articles (so later sources touch entities earlier ones wrote) and a word found in one article only."""
    body = SEED.read_text("utf-8").split("\n", 5)[5]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(ARTICLES):
            topic = TOPICS[i % len(TOPICS)]
            text = (f"{body}\nBài số {i} (mabai{i}) bàn về {topic}. Tỉnh ủy Lạng Sơn ban hành "
                    f"Chỉ thị số {i % 12 + 1}-CT/TU ngày 5/3/2021 về {topic}.")
            record = {"id": f"a{i}", "title": f"Bài {i}: {topic}",
                      "url": f"https://baolangson.vn/chinh-tri/{i}-bai.html", "text": text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def vankien(*args, check=True) -> Ran:
    """A `vankien` command run in this process (the same code as the command line, no start-up time); the ingests
    that are killed run in a process of their own (start_ingest)."""
    result = CliRunner().invoke(main, list(map(str, args)))
    ran = Ran(result.exit_code, result.stdout, result.stderr)
    if check:
        assert ran.returncode == 0, ran.stderr or result.exception
    return ran


class Ran(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def start_ingest(source, data, checkpoint):
    return subprocess.Popen([sys.executable, "-m", "vankien.web.cli", "ingest", str(source), "--data", str(data), "-v",
                             "--checkpoint", str(checkpoint)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)


def kill_when(proc, stop) -> list[str]:
    """Read the ingest's -v lines until ``stop(line, lines so far)`` says so, then kill -9 it."""
    lines = []
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))
        if stop(lines[-1], lines):
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL, "the kill must land before the ingest ends"
    return lines


def written(lines) -> int:
    return sum(line.startswith("written ") for line in lines)


def state(data) -> dict:
    return json.loads((data / "state.json").read_text("utf-8"))


def in_process(*args) -> dict:
    """A `vankien … --json` command's answer (run in this process: the same code, no start-up time)."""
    result = CliRunner().invoke(main, [*map(str, args), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def total(data, query) -> int:
    return in_process("search", query, "--data", data)["total"]


def picture(data) -> dict:
    """What a user sees: search totals, the index's entity count, the graph's counts."""
    graph = in_process("stats", "--data", data)
    graph.pop("generation", None)  # how many checkpoints a run took, not what the graph holds
    # `vankien search --json` runs Searcher(data).search(request); one Searcher answers every query here, as a
    # server's does, so the index's vocabulary (did-you-mean) is read once, not once a query.
    searcher = Searcher(data)
    try:
        totals = {query: searcher.search(SearchRequest(query=query))["total"] for query in QUERIES}
    finally:
        searcher.close()
    return {"totals": totals, "entities": index_count(data), "stats": graph}


@pytest.fixture(scope="module")
def feed(tmp_path_factory):
    return write_feed(tmp_path_factory.mktemp("feed") / "feed.jsonl")


@pytest.fixture(scope="module")
def clean_data(feed, tmp_path_factory):
    """The data folder of one uninterrupted ingest of the feed (read it, or copy it to write)."""
    data = tmp_path_factory.mktemp("clean") / "data"
    vankien("ingest", feed, "--data", data)
    return data


@pytest.fixture(scope="module")
def clean(clean_data):
    """The picture after one uninterrupted ingest of the feed."""
    seen = picture(clean_data)
    assert seen["totals"]["covid"] >= ARTICLES // len(TOPICS) and seen["totals"][f"mabai{LATE}"] == 1
    return seen


def checkpoint_started(count):
    def stop(line, lines):
        return line.startswith("checkpoint: taking in") and sum(x.startswith("checkpoint: taking in")
                                                                for x in lines) == count
    return stop


@pytest.mark.parametrize("checkpoint,stop", [
    (1000.0, lambda line, lines: written(lines) == ARTICLES // 2),  # before any checkpoint: all in the journal
    (0.1, checkpoint_started(2)),  # while the second checkpoint updates the index
    (0.2, lambda line, lines: written(lines) == ARTICLES - 15),  # late, after several checkpoints
], ids=["before-a-checkpoint", "during-a-checkpoint", "late"])
def test_a_killed_ingest_run_again_gives_what_a_clean_ingest_gives(feed, clean, tmp_path, checkpoint, stop):
    data = tmp_path / "data"
    lines = kill_when(start_ingest(feed, data, checkpoint), stop)
    assert 0 < written(lines) < ARTICLES

    rerun = vankien("ingest", feed, "--data", data, "--json")
    summary = json.loads(rerun.stdout)
    assert summary["written"] + summary["skipped"] == ARTICLES and summary["skipped"] >= written(lines)
    assert picture(data) == clean
    after = state(data)
    assert after["indexed"] == after["generation"] and read_journal(data) == []


def test_sync_after_a_kill_indexes_what_was_written_before_any_rerun(feed, clean, tmp_path):
    data = tmp_path / "data"
    lines = kill_when(start_ingest(feed, data, 1000.0), lambda line, lines: written(lines) == ARTICLES - 15)
    first = [line for line in lines if line.startswith("written ")][0]
    assert first.endswith("#L1")  # article 0
    generation = state(data).get("generation", 0)

    synced = vankien("sync", "--data", data)
    assert "up to date" in synced.stdout
    assert total(data, "mabai0") == 1
    assert state(data)["generation"] > generation  # pages built before the kill are not reused
    assert vankien("sync", "--data", data).stdout.strip() == "search index up to date"

    vankien("ingest", feed, "--data", data)
    assert picture(data) == clean


def test_during_an_ingest_search_and_the_generation_follow_each_checkpoint(feed, tmp_path):
    data = tmp_path / "data"
    proc = start_ingest(feed, data, 0.2)
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("written ") and any(x.startswith("checkpoint: generation") for x in lines):
                os.kill(proc.pid, signal.SIGSTOP)  # held mid-way, one write past its first checkpoint
                break
        assert proc.poll() is None
        first = next(i for i, x in enumerate(lines) if x.startswith("checkpoint: generation"))
        published = int(lines[first].split()[2].rstrip(","))
        before = [int(line.rsplit("#L", 1)[1]) - 1 for line in lines[:first] if line.startswith("written ")]
        assert before and max(before) < ARTICLES - 2

        assert state(data)["generation"] == published >= 1
        assert state(data)["indexed"] == published
        assert total(data, f"mabai{before[0]}") == 1 and total(data, f"mabai{before[-1]}") == 1
        assert total(data, f"mabai{ARTICLES - 1}") == 0  # not written yet

        held = vankien("sync", "--data", data, check=False)  # the ingest holds the store
        assert held.returncode == 75 and "another process" in held.stderr
        served = Served(data, tmp_path / "server.log", workers=1)  # serve says so and serves meanwhile
        try:
            with urllib.request.urlopen(f"{served.url}/search.json?q=mabai{before[-1]}", timeout=30) as response:
                assert json.load(response)["total"] == 1
        finally:
            served.stop()
        assert "serving meanwhile" in (tmp_path / "server.log").read_text("utf-8")
    finally:
        os.kill(proc.pid, signal.SIGCONT)
    proc.stdout.read()
    assert proc.wait() == 0
    assert total(data, f"mabai{ARTICLES - 1}") == 1
    assert state(data)["generation"] > published


def test_an_index_behind_its_store_with_nothing_journaled_is_rebuilt(feed, clean_data, clean, tmp_path):
    """A data folder from before the journal, whose ingest was killed: the next run rebuilds the index."""
    from whoosh import index as whoosh_index

    data = Path(shutil.copytree(clean_data, tmp_path / "data"))
    index = whoosh_index.open_dir(str(data / "index"))
    writer = index.writer()
    writer.delete_by_term("kind", "article")
    writer.commit()
    old = state(data)
    del old["indexed"]
    (data / "state.json").write_text(json.dumps(old), "utf-8")
    assert total(data, "covid") < clean["totals"]["covid"]

    ran = vankien("ingest", feed, "--data", data, "--json")
    assert json.loads(ran.stdout)["skipped"] == ARTICLES and "search index rebuilt" in ran.stderr
    assert picture(data) == clean


def test_serve_brings_the_index_up_to_date_before_serving(feed, tmp_path):
    data = tmp_path / "data"
    kill_when(start_ingest(feed, data, 1000.0), lambda line, lines: written(lines) == ARTICLES // 2)
    served = Served(data, tmp_path / "server.log", workers=1)
    try:
        with urllib.request.urlopen(served.url + "/search.json?q=mabai0", timeout=30) as response:
            assert json.load(response)["total"] == 1
    finally:
        served.stop()
    assert "search index brought up to date" in (tmp_path / "server.log").read_text("utf-8")
    assert state(data)["indexed"] == state(data)["generation"]
