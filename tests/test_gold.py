"""The seed article reproduces the hand-annotated gold facts exactly."""

from __future__ import annotations

import json

import pytest

from vankien.graph.extract.extractor import extract
from vankien.graph.sources import read_source
from vankien.graph.text import normalize_key

from conftest import ROOT, SEED

GOLD = json.loads((ROOT / "tests" / "gold" / "000_ac2e6e210db709f5.gold.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def facts():
    return extract(read_source(SEED)).to_json()


def test_article_metadata(facts):
    gold, article = GOLD["article"], facts["article"]
    for key in ("title", "url", "author", "author_affiliation", "publisher", "views"):
        assert article[key] == gold[key], key
    assert article["published"] == gold["published"] + "+07:00"


def _doc_key(doc):
    return doc["type"], doc["number"], doc.get("plenum"), doc.get("term")


def test_every_document_and_no_other(facts):
    found = {_doc_key(d): d for d in facts["documents"]}
    expected = {_doc_key(d): d for d in GOLD["documents"]}
    assert sorted(found, key=str) == sorted(expected, key=str)
    for key, gold in expected.items():
        doc = found[key]
        assert doc["date"] == gold["date"], key
        assert len(doc["mentions"]) == gold["mentions"], key
        assert doc["issuer"] in gold["issuer_any"], key
        if "title_contains" in gold:
            assert gold["title_contains"] in doc["title"], key


def test_mentions_point_at_the_text(facts):
    text = read_source(SEED).text
    for doc in facts["documents"]:
        for mention in doc["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]


def test_every_organisation_and_no_other(facts):
    found = {o["name"]: o for o in facts["organisations"]}
    assert sorted(found) == sorted(o["name"] for o in GOLD["organisations"])
    for gold in GOLD["organisations"]:
        if "parent" in gold:
            assert found[gold["name"]]["parent"] == gold["parent"], gold["name"]


def test_people_and_posts(facts):
    found = {p["name"]: p["posts"] for p in facts["people"]}
    assert found == {p["name"]: p["posts"] for p in GOLD["people"]}


def test_events(facts):
    assert len(facts["events"]) == len(GOLD["events"])
    for gold, event in zip(GOLD["events"], facts["events"], strict=True):
        about = [number or name for number, name in zip(event["about_numbers"], event["about"], strict=True)]
        assert about == gold["about"]
        assert event["year"] == gold["year"]


def test_statistics(facts):
    found = facts["statistics"]
    assert [s["value"] for s in found] == [g["value"] for g in GOLD["statistics"]]
    for gold, stat in zip(GOLD["statistics"], found, strict=True):
        assert stat["qualifier"] == gold.get("qualifier"), gold
        assert stat["unit"] == gold.get("unit"), gold
        assert stat["year"] == gold.get("year"), gold
        # The gold shortens long subjects; ours must begin with the gold's words.
        assert normalize_key(stat["subject"]).startswith(normalize_key(gold["subject"])), gold


def test_nfd_and_old_tone_copy_gives_the_same_facts(facts, tmp_path):
    import unicodedata

    text = SEED.read_text("utf-8").replace("Thành ủy", "Thành uỷ").replace("Tỉnh ủy", "Tỉnh uỷ")
    copy = tmp_path / "variant.txt"
    copy.write_bytes(unicodedata.normalize("NFD", text).encode("utf-8"))
    variant = extract(read_source(copy)).to_json()

    def strip(items):
        return [{k: v for k, v in i.items() if k not in ("mentions", "aliases", "text")} for i in items]

    for key in ("documents", "organisations", "people", "events", "statistics"):
        assert strip(variant[key]) == strip(facts[key]), key
