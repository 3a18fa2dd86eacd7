"""The `vankien` command line as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from vankien.graph import __version__
from vankien.web.cli import main

from conftest import FIXTURES, ROOT, SEED


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_help_lists_read():
    result = run("--help")
    assert result.exit_code == 0
    assert "read" in result.output and "Vietnamese" in result.output


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_read_prints_json_lines_with_text_truncated():
    result = run("read", SEED, FIXTURES / "law_header.txt")
    assert result.exit_code == 0
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert first["views"] == 1047 and first["author_affiliation"] == "Thành ủy Lạng Sơn"
    assert first["text"].endswith("…") and len(first["text"]) == 301
    assert second["kind"] == "official_document" and second["header"]["number"] == "91/2015/QH13"


def test_read_full_prints_the_whole_text():
    result = run("read", "--full", SEED)
    record = json.loads(result.output)
    assert record["text"].endswith("thủ trưởng các cơ quan, đơn vị…") and len(record["text"]) > 4000


def test_read_reports_bad_sources_on_stderr_and_exits_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, "-m", "vankien.web.cli", "read", str(empty), str(SEED)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert proc.returncode == 2
    assert proc.stderr == f"error: {empty}: empty file\n"
    assert json.loads(proc.stdout)["title"].startswith("Thành phố Lạng Sơn")


def test_extract_prints_the_contract_and_exits_2_on_a_bad_source(tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.4 \x00\x01")
    proc = subprocess.run(
        [sys.executable, "-m", "vankien.web.cli", "extract", str(SEED), str(binary)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert proc.returncode == 2
    assert proc.stderr == f"error: {binary}: binary file (a PDF file), not text\n"
    (line,) = proc.stdout.splitlines()
    record = json.loads(line)
    assert set(record) >= {"source", "article", "documents", "organisations", "people", "events",
                           "statistics", "relations"}
    assert record["source"] == {"path": str(SEED), "sha256": record["source"]["sha256"], "kind": "article",
                                "encoding": "utf-8"}
    assert [d["number"] for d in record["documents"]][:1] == ["03-ĐA/TU"]


def test_ingest_help_says_it_keeps_going_and_what_the_exit_codes_mean():
    result = run("ingest", "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Errors never stop the run (it always keeps going" in text
    assert "the other sources are still stored, and the exit code is 2" in text
    assert 'with blank text and summary, is one "skipped: PATH: reason" line and no error' in text
    assert "Exit code 0: every source was stored or skipped; 2: some failed" in text


def test_the_command_line_starts_without_the_extractor_the_store_or_the_index():
    """`vankien --help` and cheap commands import only what they need: no extractor, HTML reader, RDF
    library, graph or index (pyoxigraph is imported for the names of its formats, in microseconds)."""
    probe = ("import sys, vankien.web.cli as cli; from click.testing import CliRunner; "
             "assert CliRunner().invoke(cli.main, ['--help']).exit_code == 0; "
             "print(sorted(m for m in sys.modules if m.startswith(('trafilatura', 'whoosh', 'rdflib', "
             "'networkx', 'vankien.graph.extract', 'vankien.search', 'flask'))))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
