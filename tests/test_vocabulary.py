"""The vocabulary as ELI, SKOS and schema.org consumers read it, and the data written in it."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import FOAF, ORG, OWL, RDF, RDFS, SKOS, XSD

from vankien.graph.describe import describe
from vankien.graph.ingest import Ingester
from vankien.graph.iris import Iris
from vankien.graph.store import VOCABULARY_GRAPH, GraphStore
from vankien.graph.validate import validate
from vankien.graph.vocab import ELI, SCHEMA, VIETNAMESE, VK, VOCABULARY_FILE

from conftest import beekeeping_law

RESOLUTION = "https://vankien.example/eli/dang/tinh-uy-lang-son/2021/nq/40"


@pytest.fixture(scope="module")
def vocabulary() -> rdflib.Graph:
    return rdflib.Graph().parse(VOCABULARY_FILE)


@pytest.fixture(scope="module")
def seeds(seeds_data) -> rdflib.Graph:
    """The seeds' store as one rdflib graph (the merge)."""
    store = GraphStore(seeds_data, read_only=True)
    try:
        data = ox.serialize(store.triples(), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    finally:
        store.close()
    return rdflib.Graph().parse(data=data, format="nt")


def declared_properties(vocabulary):
    return set(vocabulary.subjects(RDF.type, OWL.ObjectProperty)) | set(vocabulary.subjects(RDF.type,
                                                                                            OWL.DatatypeProperty))


# -- the vocabulary ----------------------------------------------------------------------------------------
def test_every_property_has_a_label_and_a_comment_in_vietnamese_and_english(vocabulary):
    properties = declared_properties(vocabulary)
    assert len(properties) >= 35
    for prop in properties:
        for annotation in (RDFS.label, RDFS.comment):
            languages = Counter(value.language for value in vocabulary.objects(prop, annotation))
            assert languages == {"vi": 1, "en": 1}, (prop, annotation, languages)


def test_notations_are_unique_within_each_scheme(vocabulary):
    for scheme in vocabulary.subjects(RDF.type, SKOS.ConceptScheme):
        notations = Counter(str(n) for c in vocabulary.subjects(SKOS.inScheme, scheme)
                            for n in vocabulary.objects(c, SKOS.notation))
        assert [n for n, count in notations.items() if count > 1] == [], scheme
    notation = {str(label): str(vocabulary.value(c, SKOS.notation))
                for c in vocabulary.subjects(SKOS.inScheme, VK.DocumentTypes) if vocabulary.value(c, SKOS.notation)
                for label in vocabulary.objects(c, SKOS.prefLabel) if label.language == "vi"}
    assert notation["Thông tư"] == "TT" and notation["Thông tri"] == "TTri"
    assert notation["Luật"] == "L" and notation["Lệnh"] == "L-CTN"


def test_every_concept_is_a_top_concept_of_its_scheme(vocabulary):
    for scheme in (VK.DocumentTypes, VK.LegalStatuses):
        members = set(vocabulary.subjects(SKOS.inScheme, scheme))
        assert len(members) >= 5
        assert set(vocabulary.objects(scheme, SKOS.hasTopConcept)) == members
        assert set(vocabulary.subjects(SKOS.topConceptOf, scheme)) == members


# -- the data written in it ----------------------------------------------------------------------------------
def fits(value, datatype) -> bool:
    """Whether a literal is of the range ``datatype`` (rdf:langString: a language tag; xsd:string: none)."""
    if datatype == RDF.langString:
        return isinstance(value, rdflib.Literal) and value.language is not None
    if datatype == XSD.string:
        return isinstance(value, rdflib.Literal) and value.language is None and value.datatype in (None, XSD.string)
    return isinstance(value, rdflib.Literal) and value.datatype == datatype


def test_every_term_of_ours_the_data_uses_is_declared_and_its_values_fit_its_range(vocabulary, seeds):
    used = {p for p in seeds.predicates() if str(p).startswith(str(VK))}
    assert VK.qualifier in used and len(used) > 8
    for prop in used:
        assert prop in declared_properties(vocabulary), prop
        ranges = vocabulary.objects(prop, RDFS.range)
        for datatype in (r for r in ranges if r == RDF.langString or str(r).startswith(str(XSD))):
            bad = [v for v in seeds.objects(None, prop) if not fits(v, datatype)]
            assert bad == [], (prop, datatype, bad[:3])


def test_a_qualifier_is_vietnamese_text(seeds):
    qualifiers = list(seeds.objects(None, VK.qualifier))
    assert qualifiers and all(q.language == "vi" for q in qualifiers)


def test_each_document_is_realised_by_a_vietnamese_expression_that_carries_its_title(seeds, seeds_data):
    documents = set(seeds.subjects(RDF.type, ELI.LegalResource))
    assert len(documents) == 7
    for document in documents:
        (expression,) = seeds.objects(document, ELI.is_realized_by)
        assert (expression, RDF.type, ELI.LegalExpression) in seeds
        assert (expression, ELI.realizes, document) in seeds
        assert (expression, ELI.language, VIETNAMESE) in seeds
    assert list(seeds.subjects(ELI.title, None)) and not any(
        (d, ELI.title, None) in seeds for d in documents)   # ELI puts the title on the expression only
    resolution = rdflib.URIRef(RESOLUTION)
    (title,) = seeds.objects(seeds.value(resolution, ELI.is_realized_by), ELI.title)
    assert title.language == "vi" and str(title).startswith("xây dựng và phát triển thành phố Lạng Sơn")
    store = GraphStore(seeds_data, read_only=True)
    try:   # the page still shows it as the document's title
        assert describe(store, RESOLUTION)["title"] == str(title)
    finally:
        store.close()


def test_people_and_organisations_are_schema_org_types_too(seeds):
    people, organisations = set(seeds.subjects(RDF.type, FOAF.Person)), set(seeds.subjects(RDF.type, ORG.Organization))
    assert people and organisations
    assert people == set(seeds.subjects(RDF.type, SCHEMA.Person))
    assert organisations == set(seeds.subjects(RDF.type, SCHEMA.Organization))
    for prop, wanted in ((SCHEMA.author, SCHEMA.Person), (SCHEMA.publisher, SCHEMA.Organization)):
        targets = set(seeds.objects(None, prop))
        assert targets and all((t, RDF.type, wanted) in seeds for t in targets), prop


def test_an_official_texts_articles_carry_their_headings_on_their_expressions(tmp_path):
    (tmp_path / "luat-nuoi-ong.txt").write_text(beekeeping_law(), "utf-8")
    store = GraphStore(tmp_path / "data")
    try:
        Ingester(store, Iris(None)).ingest([tmp_path / "luat-nuoi-ong.txt"])
        article = "https://vankien.example/eli/nuoc/qh/2024/l/77/dieu/1"
        rows = list(store.query(f"""SELECT ?e ?title ?language WHERE {{ <{article}> eli:is_realized_by ?e .
            ?e a eli:LegalExpression ; eli:realizes <{article}> ; eli:title ?title ; eli:language ?language }}"""))
        assert [(r["e"].value, r["title"].value, r["title"].language, r["language"].value) for r in rows] == [
            (article + "#vie", "Phạm vi điều chỉnh", "vi", str(VIETNAMESE))]
        assert not bool(store.query(f"ASK {{ <{article}> eli:title ?t }}"))
        assert validate(store)[0]
    finally:
        store.close()


# -- a store written with an older vocabulary -------------------------------------------------------------------
def test_opening_a_store_for_writing_brings_its_vocabulary_up_to_date(seeds_data_copy):
    store = GraphStore(seeds_data_copy)
    store.store.update(f"""DELETE {{ GRAPH <{VOCABULARY_GRAPH}> {{ ?s <{SKOS.hasTopConcept}> ?c }} }}
        WHERE {{ GRAPH <{VOCABULARY_GRAPH}> {{ ?s <{SKOS.hasTopConcept}> ?c }} }} ;
        DELETE {{ ?s <{SKOS.hasTopConcept}> ?c }} WHERE {{ ?s <{SKOS.hasTopConcept}> ?c }} ;
        INSERT DATA {{ GRAPH <{VOCABULARY_GRAPH}> {{ <https://vankien.example/vocab/loai/lenh> <{SKOS.notation}> "L" }}
                       <https://vankien.example/vocab/loai/lenh> <{SKOS.notation}> "L" }}""")
    store.close()
    before = GraphStore(seeds_data_copy, read_only=True)
    generation = before.generation
    assert not bool(before.query("ASK { vk:DocumentTypes skos:hasTopConcept ?c }"))
    before.close()

    store = GraphStore(seeds_data_copy)
    try:
        assert bool(store.query("ASK { vk:DocumentTypes skos:hasTopConcept loai:luat }"))
        notations = [r["n"].value for r in store.query("SELECT ?n WHERE { loai:lenh skos:notation ?n }")]
        assert notations == ["L-CTN"]
        assert store.generation > generation   # caches and the index follow
        assert VOCABULARY_GRAPH in {entry["graph"] for entry in store.journal()}
    finally:
        store.close()
    again = GraphStore(seeds_data_copy)   # nothing more to do the next time
    try:
        assert again.generation == generation + 1
    finally:
        again.close()
