"""Check the stored graph against vankien's SHACL shapes with pySHACL.

The shapes describe what one source states: one label per entity, a document type, a post's body …
Each source's named graph is checked against them on its own — two articles may well spell one body's
name two ways, and pages show the name most sources give. What must agree across sources is checked
over the whole store: a document has one official number (``eli:id_local``; "77/NQ-CP" is "77/2014/NQ-CP"
written without its year).
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pyshacl
import rdflib

from vankien.graph.store import GraphStore
from vankien.graph.vocab import ELI, SHAPES_FILE

_YEAR = re.compile(r"/(?:19|20)\d\d(?=/)")
_RESULT = rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult")
# Documents given two official numbers by different sources.
_NUMBER_CONFLICTS = f"""SELECT ?doc (GROUP_CONCAT(DISTINCT ?number; separator=" | ") AS ?numbers) WHERE {{
    GRAPH ?g {{ ?doc <{ELI.id_local}> ?number }} }} GROUP BY ?doc HAVING (COUNT(DISTINCT ?number) > 1)"""


def union_graph(store: GraphStore, graph: str | None = None) -> rdflib.Graph:
    """The source graphs (or one) as one rdflib graph."""
    data = rdflib.Graph()
    data.parse(data=ox.serialize(store.triples(graph), format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return data


def validate(store: GraphStore, graph: str | None = None) -> tuple[bool, str, int]:
    """(conforms, the report's text, number of results): every source graph (or the one given) against the
    shapes, then the documents' numbers across sources."""
    shapes = rdflib.Graph().parse(SHAPES_FILE)
    reports: list[str] = []
    results = 0
    for iri in [graph] if graph else sorted(store.source_graphs()):
        conforms, report, text = pyshacl.validate(union_graph(store, iri), shacl_graph=shapes, inference="none")
        if not conforms:
            reports.append(f"Source graph <{iri}>:\n{text}")
            results += len(list(report.subjects(rdflib.RDF.type, _RESULT)))
    if graph is None:
        for row in store.query(_NUMBER_CONFLICTS):
            numbers = row["numbers"].value.split(" | ")
            if len({_YEAR.sub("", n) for n in numbers}) > 1:  # "77/NQ-CP" is "77/2014/NQ-CP" written short
                reports.append(f"Document <{row['doc'].value}> has more than one number: {row['numbers'].value}")
                results += 1
    if not reports:
        return True, "Validation Report\nConforms: True\n", 0
    return False, "\n".join(["Validation Report", "Conforms: False", f"Results ({results}):", *reports]), results
