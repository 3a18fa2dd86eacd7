"""Every RDF and SPARQL results format vankien reads or writes, declared once.

A :class:`Format` names a format (``turtle``, ``json`` …) and gives its media
type, its file extension and pyoxigraph's constant for it. :data:`RDF` holds
graph and dataset formats (exports, entity twins, CONSTRUCT results),
:data:`RESULTS` the SPARQL results formats (SELECT and ASK). Only pyoxigraph
is imported here: the query host loads this module.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """One format: our name for it, its media type, file extension and pyoxigraph constant."""

    name: str
    media_type: str
    extension: str
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat
    dataset: bool = False              # holds named graphs (N-Quads, TriG)
    also_accepted: tuple[str, ...] = ()  # other media types a client may ask for it by


RDF: dict[str, Format] = {f.name: f for f in (
    Format("turtle", "text/turtle", "ttl", ox.RdfFormat.TURTLE),
    Format("ntriples", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    Format("nquads", "application/n-quads", "nq", ox.RdfFormat.N_QUADS, dataset=True),
    Format("trig", "application/trig", "trig", ox.RdfFormat.TRIG, dataset=True),
    Format("jsonld", "application/ld+json", "jsonld", ox.RdfFormat.JSON_LD),
    Format("xml", "application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML),
)}

RESULTS: dict[str, Format] = {f.name: f for f in (
    Format("json", "application/sparql-results+json", "srj", ox.QueryResultsFormat.JSON,
           also_accepted=("application/json",)),
    Format("xml", "application/sparql-results+xml", "srx", ox.QueryResultsFormat.XML,
           also_accepted=("application/xml",)),
    Format("csv", "text/csv", "csv", ox.QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", "tsv", ox.QueryResultsFormat.TSV),
)}

# The RDF formats a single graph (an entity's description, a CONSTRUCT result) is offered in.
GRAPH_NAMES = ("turtle", "jsonld", "ntriples", "xml")


def by_extension(extension: str) -> Format | None:
    """The RDF format whose file extension is ``extension`` (``ttl`` → Turtle), else None."""
    return next((f for f in RDF.values() if f.extension == extension), None)


def media_types(table: dict[str, Format], names=None) -> dict[str, str]:
    """Media type → format name, every accepted media type included, for content negotiation."""
    found = {}
    for name in names or table:
        found[table[name].media_type] = name
        for other in table[name].also_accepted:
            found[other] = name
    return found
