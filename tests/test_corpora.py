"""Intake over the real corpora in ../shared/corpora (skipped when absent)."""

from __future__ import annotations

from collections import Counter

import pytest

from vankien.graph.sources import OFFICIAL_DOCUMENT, SourceError, iter_sources

pytestmark = pytest.mark.corpus


def read_all(path):
    sources, errors = [], []
    for item in iter_sources([path]):
        (errors if isinstance(item, SourceError) else sources).append(item)
    return sources, errors


def test_every_baomoi_article_is_read(corpus):
    sources, errors = read_all(corpus("baomoi-2017-news.jsonl.gz"))
    assert len(sources) + len(errors) == 35_432
    # The feed has one line with neither text nor summary; nothing else may fail.
    assert {e.reason for e in errors} <= {"no 'text' (or 'summary') field with content"}
    assert len(errors) <= 5
    assert all(s.text and s.title and s.source_id for s in sources)


def test_every_dantri_article_is_read(corpus):
    sources, errors = read_all(corpus("dantri-2020-news.tar.gz"))
    assert errors == []
    assert len(sources) == 2_653
    assert all(s.url.startswith("https://dantri.com.vn/") and s.publisher == "Báo Dân trí" for s in sources)
    assert all(s.published and len(s.published) == 10 for s in sources)


def test_laws_are_official_documents_with_number_and_date(corpus):
    sources, errors = read_all(corpus("vn-laws-vlc.tar.gz"))
    # One file of the corpus is empty; it is reported, not read.
    assert [e.reason for e in errors] == ["empty file"]
    assert len(sources) == 109
    assert all(s.kind == OFFICIAL_DOCUMENT for s in sources)
    by_number = {s.header.number: s for s in sources if s.header.number}
    civil_code = by_number["91/2015/QH13"]
    assert civil_code.header.date == "2015-11-24"
    assert civil_code.header.doc_type == "BỘ LUẬT"
    assert civil_code.header.issuer == "QUỐC HỘI"
    assert by_number["103/2016/QH13"].header.date == "2016-04-05"  # Luật Báo chí
    with_both = [s for s in sources if s.header.number and s.header.date]
    assert len(with_both) >= 105
    issuers = Counter(s.header.issuer for s in sources)
    assert issuers["QUỐC HỘI"] >= 100
