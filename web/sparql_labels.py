"""The names of the IRIs a SPARQL result shows, so the editor can print a label beside each IRI.

An entity of the graph (document, organisation, person, event, article) is named as its page names it
(the projection, :mod:`graph.catalog`'s choice); any other IRI — a post, a document type, one of our
vocabulary's properties — by the label the store states for it, Vietnamese first (``rdfs:label``,
``skos:prefLabel``, ``foaf:name``, ``schema:name``, ``schema:headline``, in that order). An IRI the
store names nowhere gets no label: the table shows it alone, never a made-up name.
"""

from __future__ import annotations

from collections.abc import Iterable

from vankien.graph.catalog import LABEL_PROPERTIES, chunks, values_clause

_LANGUAGE_RANK = {"vi": 0, "": 1}  # Vietnamese, then untagged, then any other language


def labels_of(store, projection, iris: Iterable[str]) -> dict[str, str]:
    """IRI → label for each of ``iris`` the graph names (the others are left out)."""
    labels: dict[str, str] = {}
    rest = []
    for iri in dict.fromkeys(iris):
        label = projection.nodes[iri].get("label") if iri in projection else None
        if label and label != iri:
            labels[iri] = label
        else:
            rest.append(iri)
    # FILTER … IN, not a second VALUES: joining two VALUES blocks costs the store seconds on a corpus
    properties = ", ".join(f"<{p}>" for p in LABEL_PROPERTIES)
    order = {p: i for i, p in enumerate(LABEL_PROPERTIES)}
    for chunk in chunks(rest):
        best: dict[str, tuple] = {}
        query = (f"SELECT ?s ?p ?l WHERE {{ {values_clause('s', chunk)} ?s ?p ?l "
                 f"FILTER(?p IN ({properties}) && isLiteral(?l)) }}")
        for subject, prop, label in store.query(query):
            rank = (_LANGUAGE_RANK.get(label.language or "", 2), order[prop.value], len(label.value), label.value)
            if subject.value not in best or rank < best[subject.value]:
                best[subject.value] = rank
        labels.update({iri: rank[-1] for iri, rank in best.items()})
    return labels
