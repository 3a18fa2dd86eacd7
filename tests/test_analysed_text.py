"""One analysis of a source's text shared by every extraction stage, one organisation finder per source,
merged documents kept by the document finder, and graph building that keeps no state between sources."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from vankien.graph.extract import documents, events, organisations, people, places, relations, statistics
from vankien.graph.extract import text as analysed_module
from vankien.graph.extract.documents import DocumentFinder
from vankien.graph.extract.extractor import extract
from vankien.graph.extract.numbers import find_numbers
from vankien.graph.extract.organisations import OrganisationFinder
from vankien.graph.extract.places import Locality
from vankien.graph.extract.text import AnalysedText, analysed
from vankien.graph.iris import Iris
from vankien.graph.rdf_model import SourceGraphBuilder
from vankien.graph.resolve import DocumentResolver
from vankien.graph.sources import Source, read_source

from conftest import SEED

OLD_TONES = "Ban Thường vụ Thành uỷ quán triệt Nghị quyết số 40-NQ/TU. Hoà bình, khoẻ mạnh.\nDòng hai."


def test_unified_text_keeps_every_offset():
    read = AnalysedText(OLD_TONES)
    assert read.text == OLD_TONES
    assert len(read.unified) == len(read.text) == len(read)
    start = read.unified.index("Thành ủy")
    assert read.text[start:start + len("Thành uỷ")] == "Thành uỷ"


def test_numbers_and_marks_are_those_of_the_text():
    read = AnalysedText(OLD_TONES)
    assert read.numbers == find_numbers(OLD_TONES)
    assert [n.canonical for _, _, n in read.numbers] == ["40-NQ/TU"]
    assert read.newlines.positions == [OLD_TONES.index("\n")]
    assert read.dot_spaces.positions == [OLD_TONES.index(". H")]
    assert read.numbers is read.numbers  # computed once


def test_analysed_accepts_either_form():
    read = AnalysedText("Tỉnh ủy")
    assert analysed(read) is read
    assert analysed("Tỉnh ủy").unified == "Tỉnh ủy"


def test_extract_unifies_the_body_once(monkeypatch: pytest.MonkeyPatch):
    source = read_source(SEED)
    whole: list[int] = []
    stages = [m for m in (analysed_module, organisations, documents, events, people, places, relations, statistics)
              if hasattr(m, "unify_tones")]
    for module in stages:
        original = module.unify_tones

        def counting(text: str, original=original) -> str:
            if len(text) == len(source.text):
                whole.append(1)
            return original(text)

        monkeypatch.setattr(module, "unify_tones", counting)
    found = extract(source)
    assert found.documents and found.organisations
    assert len(whole) == 1


def test_statistics_read_the_shared_numbers():
    text = "Theo Nghị quyết số 40-NQ/TU, tỉnh có 71 tổ chức cơ sở đảng."
    read = AnalysedText(text)
    assert statistics.find_statistics(read) == statistics.find_statistics(text)
    assert [s.text for s in statistics.find_statistics(read)] == ["71 tổ chức cơ sở đảng"]


def test_one_organisation_finder_reads_every_text_of_a_source():
    finder = OrganisationFinder(Locality(province="Lạng Sơn", city="Lạng Sơn"))
    body = finder.find(AnalysedText("Ban Tuyên giáo Thành uỷ tổ chức hội nghị."))
    affiliation = finder.find("Tỉnh ủy")
    assert [m.name for m in body] == ["Ban Tuyên giáo Thành ủy Lạng Sơn"]
    assert [m.name for m in affiliation] == ["Tỉnh ủy Lạng Sơn"]


def test_folding_a_document_moves_its_mentions_and_references():
    text = "Thực hiện Nghị quyết số 40-NQ/TU và Kế hoạch số 15-KH/TU của Tỉnh ủy."
    finder = DocumentFinder(AnalysedText(text), [], Locality(province="Lạng Sơn"))
    resolution, plan = finder.documents()
    finder.fold(plan, into=resolution)
    assert [m.text for m in resolution.mentions] == ["Nghị quyết số 40-NQ/TU", "Kế hoạch số 15-KH/TU"]
    assert {finder.document_of(ref).name for ref in finder.refs} == {resolution.name}


def test_documents_are_their_own_keys():
    found = extract(read_source(SEED))
    first = found.documents[0]
    assert {first: 1}[first] == 1
    assert all(a is b or a != b for a in found.documents for b in found.documents)


def test_graph_builder_keeps_nothing_between_sources():
    """The same extraction built before and after another gives the same triples."""
    builder = SourceGraphBuilder(Iris(None), DocumentResolver(Iris(None)))
    when = datetime(2024, 1, 1, tzinfo=UTC)
    seed = extract(read_source(SEED))
    other = extract(Source(path="other.txt", text="Thành ủy Lạng Sơn ban hành Nghị quyết số 41-NQ/TU.",
                           sha256="1" * 64, title="Lạng Sơn"))
    first = builder.build(seed, when)
    builder.build(other, when)
    again = builder.build(seed, when)
    assert first.triples == again.triples
    assert list(first.document_iris) == seed.documents
    assert not any(name.startswith("_") for name in vars(builder))
