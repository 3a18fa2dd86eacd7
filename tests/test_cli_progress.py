"""Long commands as a user runs them: a progress bar on a terminal only, a summary line always, exit codes that
say whether something failed (an empty file in an archive is skipped, not a failure)."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import struct
import subprocess
import sys
import tarfile
import termios
from pathlib import Path

import pytest

from conftest import ROOT, SEED

SUMMARY = re.compile(r"^read (\d+), written (\d+), skipped (\d+)(?: \(([^)]*)\))?, failed (\d+); .*"
                     r"store: (\d+) sources, \d+ triples, (\d+) documents; [\d.]+ s$")


def vankien(*args, stderr_tty: bool = False) -> tuple[int, str, str]:
    """Run the command; stderr is a pseudo-terminal when ``stderr_tty`` (what a user at a terminal has), else a
    pipe (tests, CI, a log). Returns the exit code, stdout and stderr as text."""
    command = [sys.executable, "-m", "vankien.web.cli", *map(str, args)]
    if not stderr_tty:
        ran = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, stdin=subprocess.DEVNULL)
        return ran.returncode, ran.stdout, ran.stderr
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # 24 rows of 120, as a window
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=terminal, stdin=subprocess.DEVNULL,
                          cwd=ROOT) as process:
        os.close(terminal)
        seen = bytearray()
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        out = process.stdout.read().decode()
        code = process.wait()
    os.close(controller)
    return code, out, seen.decode(errors="replace")


def summary_of(out: str) -> dict:
    (line,) = [line for line in out.splitlines() if line.startswith("read ")]
    match = SUMMARY.match(line)
    assert match, line
    read, written, skipped, why, failed, sources, documents = match.groups()
    return {"read": int(read), "written": int(written), "skipped": int(skipped), "why": why,
            "failed": int(failed), "sources": int(sources), "documents": int(documents)}


@pytest.fixture(scope="module")
def archive_with_an_empty_member(tmp_path_factory) -> Path:
    """batch.tar.gz: the seed article and an empty file, as the law corpus ships one."""
    path = tmp_path_factory.mktemp("archive") / "batch.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in (("batch/bai-viet.txt", SEED.read_bytes()), ("batch/trong.txt", b"")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_an_empty_archive_member_is_skipped_and_the_ingest_succeeds(archive_with_an_empty_member, tmp_path):
    code, out, err = vankien("ingest", archive_with_an_empty_member, "--data", tmp_path / "data")
    assert code == 0, err
    assert f"skipped: {archive_with_an_empty_member}#batch/trong.txt: empty file" in err.splitlines()
    assert not [line for line in err.splitlines() if line.startswith("error")]
    summary = summary_of(out)
    assert summary | {"documents": 0} == {"read": 1, "written": 1, "skipped": 1, "why": "1 empty", "failed": 0,
                                          "sources": 1, "documents": 0}
    assert summary["documents"] >= 3          # the seed article names Đề án 03-ĐA/TU, Nghị quyết 40-NQ/TU …

    again = vankien("ingest", archive_with_an_empty_member, "--data", tmp_path / "data")
    assert again[0] == 0 and summary_of(again[1])["why"] == "1 unchanged, 1 empty"


def test_a_feed_line_with_blank_text_is_skipped_but_one_without_a_text_field_fails(tmp_path):
    feed = tmp_path / "tin.jsonl"
    lines = [{"id": "1", "title": "Hội nghị quán triệt", "text": "Sáng 3/3, Tỉnh ủy Hà Tĩnh quán triệt Nghị quyết "
                                                                  "số 12-NQ/TU ngày 15/3/2022."},
             {"id": "2", "title": "Video", "summary": "", "text": ""},   # an empty article, as Baomoi has one
             {"id": "3", "title": "Chỉ có tiêu đề"}]                      # no text at all: a broken record
    feed.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", "utf-8")
    code, out, err = vankien("ingest", feed, "--data", tmp_path / "data")
    assert code == 2
    assert err.splitlines()[-2:] == [f"error: {feed}#L3: no 'text' (or 'summary') field with content",
                                     f"skipped: {feed}#L2: no 'text' (or 'summary') field with content"]
    summary = summary_of(out)
    assert (summary["written"], summary["skipped"], summary["why"], summary["failed"]) == (1, 1, "1 empty", 1)


def test_an_unreadable_source_fails_the_run_and_the_others_are_stored(tmp_path):
    scan = tmp_path / "ban-chup.txt"
    scan.write_bytes(b"%PDF-1.4 \x00\x01")
    code, out, err = vankien("ingest", scan, SEED, "--data", tmp_path / "data")
    assert code == 2
    assert err.splitlines().count(f"error: {scan}: binary file (a PDF file), not text") == 1
    summary = summary_of(out)
    assert (summary["read"], summary["written"], summary["failed"], summary["sources"]) == (1, 1, 1, 1)
    found = vankien("search", "nghi quyet 40", "--data", tmp_path / "data")
    assert found[0] == 0 and "Nghị quyết số 40-NQ/TU" in found[1]


def test_an_empty_file_named_itself_is_an_error(tmp_path):
    empty = tmp_path / "trong.txt"
    empty.write_bytes(b"  \n")
    code, out, err = vankien("ingest", empty, "--data", tmp_path / "data")
    assert code == 2 and f"error: {empty}: empty file" in err.splitlines()
    assert summary_of(out)["failed"] == 1


def test_the_json_summary_counts_empty_members_documents_and_time(archive_with_an_empty_member, tmp_path):
    code, out, err = vankien("ingest", archive_with_an_empty_member, "--data", tmp_path / "data", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["failed"] == [] and summary["empty"] == [
        {"source": f"{archive_with_an_empty_member}#batch/trong.txt", "reason": "empty file"}]
    assert summary["documents"] >= 3 and summary["seconds"] > 0


def test_read_says_an_empty_member_is_skipped_and_exits_0(archive_with_an_empty_member):
    code, out, err = vankien("read", archive_with_an_empty_member)
    assert code == 0
    assert err == f"skipped: {archive_with_an_empty_member}#batch/trong.txt: empty file\n"
    assert len(out.splitlines()) == 1


def test_a_progress_bar_only_on_a_terminal(tmp_path):
    code, out, piped = vankien("ingest", SEED, "--data", tmp_path / "piped")
    assert code == 0 and "\r" not in piped and "sources/s" not in piped
    code, out, terminal = vankien("ingest", SEED, "--data", tmp_path / "tty", stderr_tty=True)
    assert code == 0, terminal
    bar = [part for part in re.split(r"[\r\n]+", terminal) if part.startswith("ingest")]
    assert bar, terminal
    # counts, elapsed time and rate (tqdm writes a slow rate as seconds per source)
    rate = r"[\d.?]+(?: sources/s|s/ sources)"
    assert re.search(rf"ingest: 1 sources \[[\d:]+,\s+{rate}, skipped=0, failed=0\]", bar[-1]), bar[-1]
    assert summary_of(out)["written"] == 1      # the summary line is there either way


def test_reindex_and_export_draw_a_bar_on_a_terminal_and_always_sum_up(seeds_data_copy, tmp_path):
    code, out, err = vankien("reindex", "--data", seeds_data_copy)
    assert code == 0 and "\r" not in err
    assert re.fullmatch(r"indexed \d+ entities in [\d.]+ s\n", out), out
    code, out, terminal = vankien("reindex", "--data", seeds_data_copy, stderr_tty=True)
    assert code == 0 and re.search(r"reindex: \d+ entities \[", terminal), terminal

    target = tmp_path / "all.ttl"
    code, out, err = vankien("export", "-o", target, "--data", seeds_data_copy)
    size = target.stat().st_size
    assert code == 0 and out == ""
    assert re.fullmatch(rf"exported turtle, [\d.]+ KiB, to {re.escape(str(target))} in [\d.]+ s\n", err), err
    assert f"{size / 1024:.1f} KiB" in err
    code, out, terminal = vankien("export", "--format", "ntriples", "--data", seeds_data_copy, stderr_tty=True)
    assert code == 0 and out.count("\n") > 100
    assert re.search(r"export: [\d.]+k?B \[", terminal) or re.search(r"export: [\d.]+[kM]iB", terminal), terminal
    assert "to standard output in" in terminal


def test_the_law_corpus_empty_member_is_skipped_not_an_error(corpus):
    laws = corpus("vn-laws-vlc.tar.gz")
    code, out, err = vankien("read", laws)
    assert code == 0
    (line,) = err.splitlines()
    assert line.startswith(f"skipped: {laws}#") and line.endswith(": empty file")
    assert len(out.splitlines()) == 109
