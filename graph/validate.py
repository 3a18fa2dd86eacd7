"""Check the stored graph against vankien's SHACL shapes with pySHACL."""

from __future__ import annotations

import pyoxigraph as ox
import pyshacl
import rdflib

from vankien.graph.store import GraphStore
from vankien.graph.vocab import SHAPES_FILE


def union_graph(store: GraphStore, graph: str | None = None) -> rdflib.Graph:
    """The source graphs (or one) as one rdflib graph."""
    data = rdflib.Graph()
    data.parse(data=ox.serialize(store.triples(graph), format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return data


def validate(store: GraphStore, graph: str | None = None) -> tuple[bool, str, int]:
    """(conforms, pySHACL's report text, number of results)."""
    shapes = rdflib.Graph().parse(SHAPES_FILE)
    conforms, report, text = pyshacl.validate(union_graph(store, graph), shacl_graph=shapes, inference="none")
    results = len(list(report.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult"))))
    return bool(conforms), text, results
