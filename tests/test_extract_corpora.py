"""Extraction over the real corpora in ../shared/corpora (skipped when absent)."""

from __future__ import annotations

import multiprocessing
from collections import Counter

import pytest

from vankien.graph.extract.extractor import extract
from vankien.graph.sources import SourceError, iter_sources

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def laws(corpus):
    return [extract(s) for s in iter_sources([corpus("vn-laws-vlc.tar.gz")]) if not isinstance(s, SourceError)]


def test_each_law_is_its_own_document_from_the_header(laws):
    assert len(laws) == 109
    assert all(e.own is not None and e.documents[0] is e.own for e in laws)
    assert all(e.own.issuer == "Quốc hội" for e in laws)
    numbered = [e.own for e in laws if e.own.number]
    assert len(numbered) >= 105 and all(d.date for d in numbered)
    civil = next(e for e in laws if e.own.number == "91/2015/QH13")
    assert (civil.own.type, civil.own.date, civil.own.name) == ("Bộ luật", "2015-11-24",
                                                                "Bộ luật dân sự số 91/2015/QH13")


def test_grounds_and_replaced_laws_become_relations(laws):
    own = Counter()
    for e in laws:
        for r in e.relations:
            if r.subject is e.own:
                own[r.predicate] += 1
    assert own["based_on"] >= 105
    assert own["replaces"] >= 50
    civil = next(e for e in laws if e.own.number == "91/2015/QH13")
    assert {(r.predicate, r.object.name) for r in civil.relations} == {
        ("based_on", "Hiến pháp năm 2013"), ("replaces", "Bộ luật dân sự số 33/2005/QH11")}


FACTS = ("documents", "organisations", "people", "events", "statistics", "relations")


def _counted(source) -> tuple[int, ...]:
    facts = extract(source).to_json()
    return tuple(len(facts[key]) for key in FACTS)


def test_every_baomoi_article_is_extracted_without_an_exception(corpus):
    counts = Counter()
    sources = (s for s in iter_sources([corpus("baomoi-2017-news.jsonl.gz")]) if not isinstance(s, SourceError))
    with multiprocessing.get_context("spawn").Pool(2) as pool:  # one per core: 35,000 articles
        for found in pool.imap_unordered(_counted, sources, chunksize=250):
            counts["articles"] += 1
            counts.update(dict(zip(FACTS, found, strict=True)))
    assert counts["articles"] >= 35_400
    # Hundreds of articles name documents (about 600 mention "Nghị quyết"): the extractor must find them.
    assert counts["documents"] >= 1_500
    assert counts["organisations"] >= 5_000 and counts["people"] >= 3_000
