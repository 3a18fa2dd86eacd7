"""Namespaces and our own vocabulary terms; code never spells an IRI as a string.

The vocabulary namespace is fixed (it names the meaning of terms); the base
IRI of instances (documents, organisations, …) is configurable, see
:mod:`graph.iris`. The Turtle definition of these terms, the SHACL shapes
and the JSON-LD context live in ``graph/ontology/``.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from vankien.graph.doctypes import doctype

ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
VK = Namespace("https://vankien.example/vocab#")
DOCTYPE = Namespace("https://vankien.example/vocab/loai/")
STATUS_SCHEME = "https://vankien.example/vocab/tinh-trang/"  # the concepts of vk:LegalStatuses (graph.status codes)
OA = Namespace("http://www.w3.org/ns/oa#")  # W3C Web Annotation: where a relation's evidence stands in its text

# The language of every expression we describe (the EU's language authority table, as ELI expects).
VIETNAMESE = URIRef("http://publications.europa.eu/resource/authority/language/VIE")
EXPRESSION_FRAGMENT = "vie"  # a resource's Vietnamese expression is "{resource}#vie"

ONTOLOGY_DIR = Path(__file__).resolve().parent / "ontology"
VOCABULARY_FILE = ONTOLOGY_DIR / "vankien.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"

PREFIXES = {
    "eli": str(ELI), "org": str(ORG), "schema": str(SCHEMA), "prov": str(PROV), "skos": str(SKOS),
    "foaf": str(FOAF), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL),
    "vk": str(VK), "loai": str(DOCTYPE), "tinhtrang": STATUS_SCHEME, "oa": str(OA),
}

# Extraction predicate → RDF property. Our sub-properties are declared in vankien.ttl.
RELATION_PROPERTIES = {
    "implements": VK.implements,
    "continues": VK.continues,
    "guides": VK.guides,
    "reviews": VK.reviews,
    "replaces": ELI.repeals,
    "amends": ELI.amends,
    "partly_repeals": VK.repealsPart,
    "based_on": ELI.based_on,
    "cites": ELI.cites,
}

def expression_of(resource: str) -> str:
    """The IRI of the Vietnamese :data:`ELI`.LegalExpression realising the legal resource ``resource``: a hash IRI,
    so dereferencing it gives the resource's description, which holds the expression's triples."""
    return f"{resource}#{EXPRESSION_FRAGMENT}"


def document_type_concept(type_name: str):
    """The SKOS concept of a canonical document type (unknown types are "Văn bản")."""
    return DOCTYPE[doctype(type_name).concept]
