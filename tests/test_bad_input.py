"""Bad input: one clear line naming the source and the reason; the others go on."""

from __future__ import annotations

import os
import random

import pytest

from vankien.graph.sources import SourceError, iter_sources

from conftest import FIXTURES, SEED


def errors_and_sources(paths):
    items = list(iter_sources(paths))
    return [str(i) for i in items if isinstance(i, SourceError)], [i for i in items if not isinstance(i, SourceError)]


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n", "empty file"),
    ("nul.txt", b"Ngh\x00\x00 quy\x00t" * 50, "binary data (NUL bytes)"),
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (a PDF file), not text"),
    ("garbage.txt", random.Random(1).randbytes(4000).replace(b"\x00", b"\x01"),
     "undecodable bytes: not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI text"),
])
def test_bad_file_gives_one_line_with_path_and_reason(tmp_path, name, data, reason):
    bad = tmp_path / name
    bad.write_bytes(data)
    errors, sources = errors_and_sources([SEED, bad, FIXTURES / "law_header.txt"])
    assert errors == [f"{bad}: {reason}"]
    assert [s.path for s in sources] == [str(SEED), str(FIXTURES / "law_header.txt")]


def test_missing_file(tmp_path):
    errors, sources = errors_and_sources([tmp_path / "nowhere.txt", SEED])
    assert errors == [f"{tmp_path / 'nowhere.txt'}: no such file or directory"]
    assert len(sources) == 1


def test_directory_without_sources(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    errors, sources = errors_and_sources([tmp_path])
    assert errors == [f"{tmp_path}: no sources in directory (.txt, .html, .jsonl or archives)"]
    assert sources == []


def test_huge_file_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(200 * 2**20)  # sparse: 200 MiB on paper, nothing on disk
    errors, _ = errors_and_sources([huge])
    assert errors == [f"{huge}: file too large (200.0 MiB; the limit is 50 MiB)"]


def test_html_page_without_article_body():
    errors, sources = errors_and_sources([FIXTURES / "no_article.html"])
    assert errors == [f"{FIXTURES / 'no_article.html'}: no article body found in the HTML page"]
    assert sources == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text("Nội dung", "utf-8")
    locked.chmod(0)
    errors, _ = errors_and_sources([locked])
    assert errors == [f"{locked}: permission denied"]
