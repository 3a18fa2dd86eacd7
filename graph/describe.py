"""One entity's facts, read from the store with SPARQL, as JSON-ready dicts.

:func:`describe` answers "what do we know about this IRI?" for the web
pages and their JSON twins: a document's number, type, date, issuer, title,
relations in both directions, events and the sentences of the articles that
mention it; an organisation's parent, children, documents and people; a
person's posts and articles; an event's date, place, organiser and
documents; an article's metadata, text and the spans of the entities it
mentions. Entities it links to come as summaries ``{"iri", "kind", "label",
"number", "date", "url"}``. A fact stated by several sources is counted once
per source and the most stated value wins.

:func:`entity_rdf` serialises an entity's own triples (and those pointing to
it); :func:`document_listing` lists documents by type, issuer and year with
counts for browsing.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from vankien.graph import catalog, formats
from vankien.graph.catalog import (
    ARTICLE,
    DOCUMENT,
    EVENT,
    KIND_ORDER,
    ORGANISATION,
    PERSON,
    PLACE,
    POST,
    RESOURCE,
    STATISTIC,
    iri_tail,
    most_stated,
    rows,
    selects,
    sentences_naming,
    summaries,
    together,
    values_clause,
)
from vankien.graph.iris import document_year
from vankien.graph.sources.model import OFFICIAL_DOCUMENT
from vankien.graph.status import document_status, statuses
from vankien.graph.status_graph import STATUS_PROPERTIES, status_triples
from vankien.graph.text import unify_tones
from vankien.graph.versions import versions
from vankien.graph.vocab import (
    CONTEXT_FILE,
    ELI,
    ORG,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    RELATION_PROPERTIES,
    SCHEMA,
    SKOS,
    VK,
)

__all__ = ["DescribeError", "describe", "document_listing", "document_type_counts", "document_types", "entity_kind",
           "entity_rdf", "mention_spans", "sentences_naming", "summaries"]

RELATION_OF_PROPERTY = {str(prop): name for name, prop in RELATION_PROPERTIES.items()}
MAX_ARTICLES = 50
MAX_SENTENCES = 3
MAX_LISTED = 200


class DescribeError(ValueError):
    """A string that is not an IRI we can look up."""


# -- reading helpers ------------------------------------------------------------------------
def _node(iri: str) -> ox.NamedNode:
    try:
        return catalog.node(iri)
    except ValueError:
        raise DescribeError(f"not an IRI: {iri!r}") from None


class _Facts:
    """The triples with the entity as subject: property → Counter of values (sources stating them)."""

    def __init__(self, store, iri: str, kind: str | None = None) -> None:
        self.kind = kind
        self.by_property: dict[str, Counter] = defaultdict(Counter)
        self.iris: set[str] = set()
        node = _node(iri)
        for row in store.query(f"SELECT ?p ?o (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ {node} ?p ?o }} }} "
                               "GROUP BY ?p ?o"):
            value = row["o"].value
            self.by_property[row["p"].value][value] += int(row["n"].value)
            if isinstance(row["o"], ox.NamedNode):
                self.iris.add(value)

    def one(self, prop) -> str | None:
        return most_stated(self.by_property.get(str(prop)))

    def all(self, prop) -> list[str]:
        counter = self.by_property.get(str(prop), Counter())
        return sorted(counter, key=lambda v: (-counter[v], v))

    def __bool__(self) -> bool:
        return bool(self.by_property)


class _Reader:
    """The store, with the projection of it when the caller has one: summaries then come from memory."""

    def __init__(self, store, projection=None) -> None:
        self.store = store
        self.projection = projection
        self.server = getattr(store, "server", None)

    def query(self, sparql: str):
        return self.store.query(sparql)

    def __getattr__(self, name: str):  # read_only, data_dir, generation: what the caches key on
        return getattr(self.store, name)


def _by_date(items: Iterable[dict], newest_first: bool = True) -> list[dict]:
    items = sorted(items, key=lambda s: (s.get("label") or "", s["iri"]))
    dated = sorted((i for i in items if i.get("date")), key=lambda s: s["date"], reverse=newest_first)
    return dated + [i for i in items if not i.get("date")]


def _subjects(store, iri: str, prop, *, limit: int | None = None) -> list[str]:
    """Entities with ``prop`` pointing at ``iri``."""
    return [r["s"] for r in rows(store, _subjects_query(iri, prop, limit=limit))]


def _subjects_query(iri: str, prop, *, limit: int | None = None) -> str:
    tail = f" LIMIT {limit}" if limit else ""
    return f"SELECT DISTINCT ?s WHERE {{ ?s <{prop}> {_node(iri)} }}{tail}"


def _ask(store, **queries: str | list[str]) -> dict[str, list]:
    """Each named SELECT query's solutions (a list of queries: a list of their solutions), every query asked
    in one batch (:func:`catalog.selects`: one request of a SPARQL server)."""
    flat: list[str] = []
    places: dict[str, tuple[int, int, bool]] = {}
    for name, asked in queries.items():
        group = [asked] if isinstance(asked, str) else asked
        places[name] = (len(flat), len(group), isinstance(asked, str))
        flat.extend(group)
    answers = selects(store, flat)
    return {name: answers[at] if single else answers[at:at + size] for name, (at, size, single) in places.items()}


def _newest_first(solutions: list[dict], date: str, key: str) -> list[dict]:
    """``solutions`` as ``ORDER BY DESC(?date) ?key`` orders them (no date last)."""
    by_key = sorted(solutions, key=lambda r: r[key])
    return sorted(by_key, key=lambda r: r[date] or "", reverse=True)  # stable: equal dates keep ?key's order


# -- mentions ------------------------------------------------------------------------------------
def mention_spans(text: str, names: dict[str, list[str]]) -> list[dict]:
    """Where ``text`` names each entity: {"start", "end", "iri"} sorted and not overlapping.

    ``names`` maps an IRI to the names it goes by; longer names win over the
    shorter names they contain ("Ban Thường vụ Thành ủy" over "Thành ủy").
    """
    plain = unify_tones(text)
    candidates = []
    for iri, labels in names.items():
        for label in {unify_tones(label) for label in labels if label and len(label) >= 3}:
            for m in re.finditer(rf"(?<!\w){re.escape(label)}(?!\w)", plain, re.IGNORECASE):
                candidates.append((m.start(), m.end(), iri))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
    taken: list[tuple[int, int, str]] = []
    for start, end, iri in candidates:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, iri))
    return [{"start": s, "end": e, "iri": iri} for s, e, iri in sorted(taken)]


# -- the entity kinds --------------------------------------------------------------------------
def entity_kind(store, iri: str) -> str | None:
    """The kind of ``iri``; "resource" for a node with facts but no known type; None when unknown."""
    node = _node(iri)

    def read() -> str | None:
        kind = catalog.read_kinds(store, [node.value]).get(iri)
        if kind:
            return kind
        known = store.query(f"ASK {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }}")
        return RESOURCE if bool(known) else None

    return catalog.remembered(store, ("kind", iri), read)


def describe(store, iri: str, projection=None, at: datetime.date | None = None) -> dict | None:
    """Everything the pages show about ``iri``, or None when the store knows nothing of it.

    ``projection``, the store's entity graph when the caller holds it, makes the summaries of linked
    entities cheaper (see :func:`summaries`). A document's status is as of ``at`` (today when None).
    """
    store = _Reader(store, projection)
    kind, facts = together(store, lambda: entity_kind(store, iri), lambda: _Facts(store, iri))
    if kind is None:
        return None
    facts.kind = kind
    build = {DOCUMENT: _document, ORGANISATION: _organisation, PERSON: _person, EVENT: _event,
             ARTICLE: _article, POST: _post, STATISTIC: _statistic, PLACE: _place}.get(kind, _resource)
    base = {"iri": iri, "kind": kind, "types": facts.all(RDF.type)}
    if kind == DOCUMENT:
        built, status, base["versions"] = together(store, lambda: build(store, iri, facts, at),
                                                    lambda: document_status(store, iri, at),
                                                    lambda: versions(store, iri, at))
        base.update(built)
        base["status"] = status.to_json()
        base["citation"] = _citation(base)
    else:
        base.update(build(store, iri, facts))
    base.setdefault("label", iri_tail(iri))
    return base


def _citation(document: dict) -> str:
    """How a document is cited whole: "Nghị quyết số 40-NQ/TU ngày 05/8/2021 của Ban Thường vụ Tỉnh ủy Lạng
    Sơn về xây dựng …" — its label, date, issuer and trích yếu, each when known and not already in the label."""
    label = document["label"]
    parts = [label]
    if (day := document.get("date")) and len(day) == 10 and " ngày " not in f" {label} ":
        parts.append(f"ngày {int(day[8:])}/{int(day[5:7])}/{day[:4]}")
    issuer = (document.get("issuer") or {}).get("label")
    if issuer and issuer.lower() not in label.lower():
        parts.append(f"của {issuer}")
    title = document.get("title")
    if title and title.lower() not in label.lower():
        parts.append(title if title.lower().startswith(("về ", "v/v")) else f"về {title}")
    return " ".join(parts)


def _statuses_of(store, iris: set[str], at: datetime.date | None) -> dict[str, dict]:
    """IRI → status on ``at`` ({"code", "label", "note"}) of each of ``iris``, read in bulk (asked before their
    kinds are known: :func:`_with_statuses` gives it to the documents only)."""
    found = statuses(store, iris, at) if iris else {}
    return {iri: {"code": status.code, "label": status.label, "note": status.note} for iri, status in found.items()}


def _with_statuses(items: list[dict], found: dict[str, dict]) -> list[dict]:
    """``items``, each document among them given its status from ``found`` (:func:`_statuses_of`)."""
    for item in items:
        if item["iri"] in found and item.get("kind") == DOCUMENT:
            item["status"] = found[item["iri"]]
    return items


def _label(facts: _Facts, iri: str) -> str:
    return catalog.choose_label(facts.kind, facts.by_property, iri)


OFFICIAL_TEXT = f'?a vk:kind "{OFFICIAL_DOCUMENT}"'
NOT_OFFICIAL = f"FILTER NOT EXISTS {{ {OFFICIAL_TEXT} }}"


def _mentioning_queries(iri: str, *wheres: str) -> list[str]:
    """For each of ``wheres`` (SPARQL patterns on ``?a`` with any variable but ``?published``; "" keeps every
    article), the queries of the articles mentioning ``iri``: how many, the newest (:func:`_mentioning_lists`)."""
    node = _node(iri)
    queries = []
    for where in wheres:
        queries.append(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a schema:mentions {node} . {where} }}")
        queries.append(f"""SELECT ?a (MAX(STR(?published)) AS ?date) WHERE {{ ?a schema:mentions {node} .
                       {where} OPTIONAL {{ ?a schema:datePublished ?published }} }}
                       GROUP BY ?a ORDER BY DESC(?date) ?a LIMIT {MAX_ARTICLES}""")
    return queries


def _mentioning_lists(store, needles: list[str], answers: list[list[dict]]) -> list[tuple[int, list[dict]]]:
    """For each list the answers to :func:`_mentioning_queries` give: (how many articles, the newest of them
    with the sentences naming one of ``needles``). The lists overlap: the summaries and texts of their articles
    are read once for all of them."""
    lists = [(int(counted[0]["n"]), [r["a"] for r in _newest_first(newest, "date", "a")])
             for counted, newest in zip(answers[::2], answers[1::2], strict=True)]
    iris = sorted({article for _, articles in lists for article in articles})
    if not iris:
        return [(total, []) for total, _ in lists]
    found, text_rows = together(
        store, lambda: summaries(store, iris),
        lambda: rows(store, f"SELECT ?a ?text WHERE {{ {values_clause('a', iris)} ?a schema:text ?text }}"))
    texts: dict[str, str] = {}
    for row in text_rows:
        texts.setdefault(row["a"], row["text"] or "")
    sentences = {article: sentences_naming(texts.get(article, ""), needles, MAX_SENTENCES) for article in iris}
    return [(total, [{**found[article], "sentences": sentences[article]} for article in articles])
            for total, articles in lists]


def _document(store, iri: str, facts: _Facts, at: datetime.date | None = None) -> dict:
    node = _node(iri)
    label = _label(facts, iri)
    type_iri = facts.one(ELI.type_document)
    relation_props = " ".join(f"<{p}>" for p in RELATION_OF_PROPERTY)
    number = facts.one(ELI.id_local)
    aliases = [v for v in facts.all(RDFS.label) if v != label]
    needles = [number, label, *aliases]
    asked = _ask(
        store,
        twins=f"SELECT DISTINCT ?t WHERE {{ {{ ?t owl:sameAs {node} }} UNION {{ {node} owl:sameAs ?t }} }}",
        type=[_type_label_query(type_iri)] if type_iri else [],
        outgoing=f"SELECT DISTINCT ?p ?o WHERE {{ VALUES ?p {{ {relation_props} }} {node} ?p ?o }}",
        incoming=f"SELECT DISTINCT ?p ?s WHERE {{ VALUES ?p {{ {relation_props} }} ?s ?p {node} }}",
        about=_subjects_query(iri, SCHEMA.about),
        # every article; the news; the official texts naming it other than its own and than those of the
        # documents based on it
        mentioned=_mentioning_queries(iri, "", NOT_OFFICIAL,
                                      f"{OFFICIAL_TEXT} FILTER NOT EXISTS {{ ?a schema:about {node} }} "
                                      f"FILTER NOT EXISTS {{ ?a schema:about ?d . ?d eli:based_on {node} }}"),
        basis=_newest_queries(_basis_pattern(iri)), **_record_queries(iri, facts),
        # its title, stated of it or (ELI) of the expression realising it: counted once per source stating it
        titles=[f"SELECT ?v WHERE {{ GRAPH ?g {{ {node} <{catalog.TITLE}> ?v }} }}",
                f"SELECT ?v WHERE {{ GRAPH ?g {{ ?e <{ELI.realizes}> {node} ; <{catalog.TITLE}> ?v }} }}"])
    twins = {r["t"] for r in asked["twins"]}
    type_label = asked["type"][0][0]["l"] if asked["type"] and asked["type"][0] else None
    about = [r["s"] for r in asked["about"]]
    relations = [(RELATION_OF_PROPERTY[row["p"]], "out", row["o"]) for row in asked["outgoing"]]
    relations += [(RELATION_OF_PROPERTY[row["p"]], "in", row["s"]) for row in asked["incoming"]]
    issuers = facts.all(ELI.passed_by)
    candidates = facts.all(VK.candidate)
    linked = {other for _, _, other in relations} | set(about) | set(issuers) | twins | set(candidates)
    # the statuses of the documents related to it and based on it, read with the rest
    related = {other for _, _, other in relations} | {row["d"] for row in asked["basis"][1]}
    found, stated, mentioned, (basis_total, basis_of), record, judged = together(
        store, lambda: summaries(store, linked), lambda: catalog.relation_evidence(store, iri),
        lambda: _mentioning_lists(store, needles, asked["mentioned"]), lambda: _newest_of(store, asked["basis"]),
        lambda: _record(store, facts, asked), lambda: _statuses_of(store, related, at))
    (total, articles), (news_total, news), (cited_total, cited) = mentioned
    order = list(RELATION_PROPERTIES)
    relations.sort(key=lambda r: (order.index(r[0]), r[1] != "out", found[r[2]].get("date") or "", r[2]))
    evidence = _relations_evidence(store, iri, relations, stated)
    return {
        "label": label, "aliases": aliases,
        "number": number, "type": type_label, "type_iri": type_iri,
        "date": facts.one(ELI.date_document),
        "title": most_stated(Counter(row["v"] for answer in asked["titles"] for row in answer)),
        "issuer": found[issuers[0]] if issuers else None, "issuers": [found[i] for i in issuers],
        "plenum": facts.one(VK.plenum), "term": facts.one(VK["term"]), "congress": facts.one(VK.congress),
        "ambiguous": facts.one(VK.ambiguous) == "true", "candidates": [found[c] for c in candidates],
        "same_as": [found[t] for t in sorted(twins)],
        "relations": _with_statuses([{**found[other], "relation": rel, "direction": way,
                                      "evidence": evidence[(rel, way, other)]} for rel, way, other in relations],
                                    judged),
        "events": _by_date(found[a] for a in about if found[a]["kind"] == EVENT),
        "texts": _by_date(found[a] for a in about if found[a]["kind"] == ARTICLE),
        "articles_total": total, "articles": articles, "mentioning_total": news_total, "mentioning": news,
        "mentioned_in_total": cited_total, "mentioned_in": cited,
        "basis_of_total": basis_total, "basis_of": _with_statuses(basis_of, judged),
        **record,
    }


def _type_label_query(type_iri: str) -> str:
    """The query of the Vietnamese name of a document type ("Quyết định"), as ``?l``."""
    return f'SELECT ?l WHERE {{ {_node(type_iri)} skos:prefLabel ?l FILTER(lang(?l) = "vi") }}'


def _basis_pattern(iri: str) -> str:
    """The documents whose official text names ``iri`` and that are based on it ("Căn cứ …"): listed as one
    line on the page instead of the same "Căn cứ" sentence from each."""
    node = _node(iri)
    return f"?a schema:mentions {node} ; schema:about ?d . {OFFICIAL_TEXT} . ?d eli:based_on {node}"


def _newest_queries(pattern: str, date=ELI.date_document, extra: str = "") -> list[str]:
    """A capped list with its true count: how many ``?d`` match ``pattern``, the newest MAX_LISTED of them by
    ``date`` (with a value of the ``extra`` variable); :func:`_newest_of` makes the list."""
    chosen = f"(SAMPLE(?{extra}) AS ?{extra}_)" if extra else ""
    return [f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ {pattern} }}",
            f"""SELECT ?d (MAX(STR(?date)) AS ?when) {chosen} WHERE {{ {pattern}
                OPTIONAL {{ ?d <{date}> ?date }} }} GROUP BY ?d ORDER BY DESC(?when) ?d LIMIT {MAX_LISTED}"""]


def _newest_of(store, answers: list[list[dict]], extra: str = "") -> tuple[int, list[dict]]:
    """(how many, the newest as summaries with the ``extra`` value under its name) from the answers to
    :func:`_newest_queries`."""
    counted, newest = answers
    newest = _newest_first(newest, "when", "d")
    found = summaries(store, [r["d"] for r in newest])
    return int(counted[0]["n"]), [{**found[r["d"]], **({extra: r[f"{extra}_"]} if extra else {})} for r in newest]


def _record_queries(iri: str, facts: _Facts) -> dict[str, list[str]]:
    """The queries of :func:`_record`, asked with the page's others: the sentences stating the document's
    effect and expiry, the official texts about it."""
    queries = {name: [f"SELECT ?v WHERE {{ {_node(selector)} rdf:value ?v }} LIMIT 1"] if selector else []
               for name, selector in (("effective", facts.one(VK.effectSentence)),
                                      ("expires", facts.one(VK.expirySentence)))}
    queries["official"] = [f"SELECT DISTINCT ?t WHERE {{ ?t schema:about {_node(iri)} ; "
                           f"vk:kind \"{OFFICIAL_DOCUMENT}\" }}"]
    return queries


def _record(store, facts: _Facts, asked: dict[str, list]) -> dict:
    """What the document's own text states of it: effect and expiry (with their sentences), signer, place,
    and that text (the newest official source about it) with the entities it names; ``asked``: the answers
    to :func:`_record_queries`."""
    sentences = {name: asked[name][0][0]["v"] if asked[name] and asked[name][0] else None
                 for name in ("effective", "expires")}
    signers = facts.all(VK.signedBy)
    official_texts = sorted({r["t"] for r in asked["official"][0]})

    def newest_official() -> dict | None:
        if len(official_texts) > 1:  # the newest (several texts: one of them an earlier version)
            newest = _by_date_iris(summaries(store, official_texts), official_texts)[:1]
        else:
            newest = official_texts
        for text_iri in newest:
            article = _article(store, text_iri, _Facts(store, text_iri, ARTICLE))
            return {"iri": text_iri, "text": article["text"], "spans": article["spans"], "url": article["url"],
                    "path": article["path"]}
        return None

    signer_summaries, official = together(store, lambda: summaries(store, signers) if signers else {},
                                          newest_official)
    return {
        "effective": facts.one(ELI.first_date_entry_in_force), "effective_sentence": sentences["effective"],
        "expires": facts.one(ELI.date_no_longer_in_force), "expires_sentence": sentences["expires"],
        "signers": [signer_summaries[s] for s in signers], "signer_post": facts.one(VK.signerPost),
        "signed_for": facts.one(VK.signedFor), "place": facts.one(VK.placeSigned), "official": official,
        "urls": facts.all(SCHEMA.url), "status_as_catalogued": facts.one(VK.statusAsCatalogued),
    }


def _by_date_iris(found: dict[str, dict], iris: list[str]) -> list[str]:
    return [item["iri"] for item in _by_date(found[i] for i in iris)]


def _relations_evidence(store, iri: str, relations: list[tuple[str, str, str]],
                        stated: dict[tuple[str, str, str], list[dict]]) -> dict[tuple, list[dict]]:
    """(relation, direction, other) → why: the stored sentence and cue of each source stating it (up to
    MAX_SENTENCES, newest source first; ``stated``: :func:`catalog.relation_evidence`), its source as a
    summary."""
    wanted = {}
    for rel, way, other in relations:
        prop = str(RELATION_PROPERTIES[rel])
        wanted[(rel, way, other)] = stated.get((iri, prop, other) if way == "out" else (other, prop, iri), [])
    sources = summaries(store, {e["source"] for items in wanted.values() for e in items})
    result = {}
    for key, items in wanted.items():
        items = sorted(items, key=lambda e: (sources[e["source"]].get("date") or "", e["source"]), reverse=True)
        result[key] = [{**e, "source": sources[e["source"]]} for e in items[:MAX_SENTENCES]]
    return result


def _organisation(store, iri: str, facts: _Facts) -> dict:
    node = _node(iri)
    asked = _ask(
        store, children=_subjects_query(iri, ORG.subOrganizationOf),
        documents=_newest_queries(f"?d eli:passed_by {node} ; a eli:LegalResource "
                                  "FILTER NOT EXISTS { ?d owl:sameAs ?twin }"),
        events=_newest_queries(f"?d schema:organizer {node}", SCHEMA.startDate),
        published=_newest_queries(f"?d schema:publisher {node}", SCHEMA.datePublished),
        people=f"""SELECT DISTINCT ?person ?post ?label WHERE {{ ?post org:postIn {node} .
                   ?person org:holds ?post . OPTIONAL {{ ?post rdfs:label ?label }} }}""",
        # the official texts of the documents it issued name it in their header: they are its documents
        mentioned=_mentioning_queries(iri, "", f"FILTER NOT EXISTS {{ ?a schema:about ?d . ?d eli:passed_by {node} }}"))
    children, people = [r["s"] for r in asked["children"]], asked["people"]
    parents = facts.all(ORG.subOrganizationOf)
    label = _label(facts, iri)
    needles = [label, *facts.all(SKOS.altLabel)]
    (found, (documents_total, documents), (events_total, events), (published_total, published),
     ((total, articles), (mentioning_total, mentioning))) = together(
        store, lambda: summaries(store, [*children, *parents, *(r["person"] for r in people)]),
        lambda: _newest_of(store, asked["documents"]), lambda: _newest_of(store, asked["events"]),
        lambda: _newest_of(store, asked["published"]), lambda: _mentioning_lists(store, needles, asked["mentioned"]))
    holders = sorted(({**found[r["person"]], "post": r["label"], "post_iri": r["post"]} for r in people),
                     key=lambda p: (p["post"] or "", p["label"]))
    return {
        "label": label, "aliases": facts.all(SKOS.altLabel),
        "parents": [found[p] for p in parents],
        "children": sorted((found[c] for c in children), key=lambda s: s["label"]),
        "documents": documents, "documents_total": documents_total,
        "people": holders, "events": events, "events_total": events_total,
        "published": published, "published_total": published_total,
        "articles_total": total, "articles": articles, "mentioning_total": mentioning_total, "mentioning": mentioning,
    }


def _person(store, iri: str, facts: _Facts) -> dict:
    node = _node(iri)
    asked = _ask(
        store, posts=f"""SELECT DISTINCT ?post ?label ?org WHERE {{ {node} org:holds ?post .
                         OPTIONAL {{ ?post rdfs:label ?label }} OPTIONAL {{ ?post org:postIn ?org }} }}""",
        authored=_newest_queries(f"?d schema:author {node}", SCHEMA.datePublished),
        signed=_newest_queries(f"?d vk:signedBy {node} OPTIONAL {{ ?d vk:signerPost ?post }}", extra="post"),
        # the official texts of what they signed name them in the signature: that is signing, not a mention
        mentioned=_mentioning_queries(iri, "", f"FILTER NOT EXISTS {{ ?a schema:about ?d . ?d vk:signedBy {node} }}"))
    posts = asked["posts"]
    label = _label(facts, iri)
    found, (authored_total, authored), (signed_total, signed), ((total, articles), (mentioning_total, mentioning)) = \
        together(store, lambda: summaries(store, [r["org"] for r in posts if r["org"]]),
                 lambda: _newest_of(store, asked["authored"]), lambda: _newest_of(store, asked["signed"], "post"),
                 lambda: _mentioning_lists(store, [label], asked["mentioned"]))
    held = sorted([*({"iri": r["post"], "label": r["label"] or iri_tail(r["post"]),
                      "organisation": found.get(r["org"]) if r["org"] else None} for r in posts),
                   *({"iri": None, "label": title, "organisation": None} for title in facts.all(SCHEMA.jobTitle))],
                  key=lambda p: p["label"])
    organisations = {p["organisation"]["iri"]: p["organisation"] for p in held if p["organisation"]}
    return {"label": label, "posts": held, "organisations": sorted(organisations.values(), key=lambda o: o["label"]),
            "authored": authored, "authored_total": authored_total, "signed": signed, "signed_total": signed_total,
            "articles_total": total, "articles": articles, "mentioning_total": mentioning_total,
            "mentioning": mentioning}


def _event(store, iri: str, facts: _Facts) -> dict:
    places = facts.all(SCHEMA.location)
    about, organisers = facts.all(SCHEMA.about), facts.all(SCHEMA.organizer)
    label = _label(facts, iri)
    asked = _ask(store, places=[f"SELECT DISTINCT ?n WHERE {{ {values_clause('p', places)} ?p schema:name ?n }}"]
                 if places else [], mentioned=_mentioning_queries(iri, ""))
    place_names = sorted(r["n"] for r in asked["places"][0]) if places else []
    found, ((total, articles),) = together(store, lambda: summaries(store, [*about, *organisers]),
                                           lambda: _mentioning_lists(store, [label], asked["mentioned"]))
    attendees = facts.one(VK.attendees)
    return {"label": label, "date": facts.one(SCHEMA.startDate), "place": place_names[0] if place_names else None,
            "place_iri": places[0] if places else None,
            "organisers": [found[o] for o in organisers], "documents": _by_date(found[a] for a in about),
            "attendees": int(attendees) if attendees and attendees.isdigit() else None,
            "articles_total": total, "articles": articles}


def _article(store, iri: str, facts: _Facts) -> dict:
    mentioned = facts.all(SCHEMA.mentions)
    about, publishers, authors = facts.all(SCHEMA.about), facts.all(SCHEMA.publisher), facts.all(SCHEMA.author)
    found = summaries(store, [*mentioned, *about, *publishers, *authors])
    names: dict[str, list[str]] = defaultdict(list)
    if mentioned:
        for row in rows(store, f"""SELECT DISTINCT ?e ?name WHERE {{ {values_clause('e', mentioned)}
                {{ ?e rdfs:label|skos:prefLabel|skos:altLabel|foaf:name|schema:name ?name }}
                UNION {{ ?e eli:id_local ?name }} }}"""):
            names[row["e"]].append(row["name"])
    statistics = rows(store, f"""SELECT DISTINCT ?s ?label ?value ?unit ?year WHERE {{ {_node(iri)} vk:statistic ?s .
                  ?s rdfs:label ?label OPTIONAL {{ ?s schema:value ?value }} OPTIONAL {{ ?s schema:unitText ?unit }}
                  OPTIONAL {{ ?s vk:year ?year }} }}""")
    text = facts.one(SCHEMA.text) or ""
    views = facts.one(VK.views)
    derived = facts.one(PROV.wasDerivedFrom)
    return {
        "label": _label(facts, iri),
        "title": facts.one(SCHEMA.headline), "date": facts.one(SCHEMA.datePublished),
        "url": facts.one(SCHEMA.url), "derived_from": derived, "path": facts.one(VK.sourcePath),
        "source_kind": facts.one(VK.kind), "section": facts.one(SCHEMA.articleSection),
        "views": int(views) if views and views.isdigit() else None,
        "publisher": found[publishers[0]] if publishers else None,
        "authors": [found[a] for a in authors], "about": [found[a] for a in about],
        "mentions": sorted((found[m] for m in mentioned), key=lambda s: (KIND_ORDER.index(s["kind"])
                           if s["kind"] in KIND_ORDER else 99, s["label"])),
        "statistics": sorted(({"iri": s["s"], "label": s["label"], "value": s["value"], "unit": s["unit"],
                               "year": s["year"]} for s in statistics), key=lambda s: _stat_order(s["iri"])),
        "generated": facts.one(PROV.generatedAtTime), "extractor": facts.one(VK.extractorVersion),
        "text": text, "spans": mention_spans(text, names),
    }


def _stat_order(iri: str) -> tuple[int, str]:
    tail = iri_tail(iri)
    return (int(tail), iri) if tail.isdigit() else (1 << 30, iri)


def _post(store, iri: str, facts: _Facts) -> dict:
    holders = _subjects(store, iri, ORG.holds)
    organisations = facts.all(ORG.postIn)
    found = summaries(store, [*holders, *organisations])
    return {"label": _label(facts, iri), "organisations": [found[o] for o in organisations],
            "holders": sorted((found[h] for h in holders), key=lambda s: s["label"])}


def _statistic(store, iri: str, facts: _Facts) -> dict:
    sources = _subjects(store, iri, VK.statistic)
    found = summaries(store, sources)
    return {"label": _label(facts, iri), "value": facts.one(SCHEMA.value), "unit": facts.one(SCHEMA.unitText),
            "subject": facts.one(SCHEMA.name), "qualifier": facts.one(VK.qualifier), "year": facts.one(VK.year),
            "articles": [found[s] for s in sources]}


def _place(store, iri: str, facts: _Facts) -> dict:
    events = _subjects(store, iri, SCHEMA.location)
    found = summaries(store, events)
    return {"label": _label(facts, iri), "events": _by_date(found[e] for e in events)}


def _resource(store, iri: str, facts: _Facts) -> dict:
    """Anything else: its properties as they are."""
    found = summaries(store, facts.iris) if facts.iris else {}
    properties = [{"property": prop, "value": value, "entity": found.get(value)}
                  for prop, counter in sorted(facts.by_property.items()) for value in sorted(counter)]
    return {"label": _label(facts, iri), "properties": properties}


# -- document types ------------------------------------------------------------------------------
def document_types(store, iris: Iterable[str]) -> dict[str, str | None]:
    """Each document's one type, as the pages name it: the type most sources state (ties to the shortest
    label, then the first in order), so a document stated with two types, or a type with two Vietnamese
    labels, is counted once; None when no type is stated. One query per chunk of ``iris``."""
    iris = list(iris)
    stated: dict[str, Counter] = defaultdict(Counter)
    for values in catalog.restrictions("d", iris):
        query = f"""SELECT ?d ?t (COUNT(DISTINCT ?g) AS ?n) WHERE {{ {values} GRAPH ?g {{ ?d eli:type_document ?c }}
                    ?c skos:prefLabel ?t FILTER(lang(?t) = "vi") }} GROUP BY ?d ?t"""
        for row in rows(store, query):
            stated[row["d"]][row["t"]] += int(row["n"])
    return {iri: most_stated(stated.get(iri)) for iri in iris}


_TYPE_COUNTS: catalog.GenerationCache[list[dict]] = catalog.GenerationCache()


def document_type_counts(store, documents: Iterable[str]) -> list[dict]:
    """How many of ``documents`` (the store's, as its projection holds them) are of each type, each counted
    once (:func:`document_types`), most first: ``[{"type": label or None, "count": n}, …]``, so the counts
    add up to the number of documents. Kept per store generation."""
    def count() -> list[dict]:
        counts = Counter(document_types(store, documents).values())
        return [{"type": label, "count": n}
                for label, n in sorted(counts.items(), key=lambda kv: (kv[0] is None, -kv[1], kv[0] or ""))]
    return _TYPE_COUNTS.get(store, count)


# -- RDF of one entity -------------------------------------------------------------------------
def entity_construct(iri: str) -> str:
    """The CONSTRUCT query of an entity's description: its triples, those of its own hash and blank
    nodes (an event's place), the triples pointing at it, and the evidence of the relations it is in
    (each reified statement with its sentence and cue)."""
    node = _node(iri)
    about = f"?st <{RDF.subject}>|<{RDF.object}> {node} . ?st a <{RDF.Statement}>"
    return f"""CONSTRUCT {{ {node} ?p ?o . ?x ?q ?y . ?s ?r {node} . ?st ?sp ?so . ?at ?ap ?ao }} WHERE {{
        {{ {node} ?p ?o }}
        UNION {{ {node} ?link ?x . ?x ?q ?y FILTER(isBlank(?x) || STRSTARTS(STR(?x), CONCAT(STR({node}), "#"))) }}
        UNION {{ ?s ?r {node} }}
        UNION {{ {about} ; ?sp ?so }}
        UNION {{ {about} ; <{VK.sentence}>|<{VK.cue}> ?at . ?at ?ap ?ao }} }}"""


def entity_rdf(store, iri: str, fmt: str) -> bytes:
    """The description of ``iri`` in ``fmt`` (turtle, ntriples, xml or jsonld, compacted with our context)."""
    if fmt not in formats.GRAPH_NAMES:
        raise ValueError(f"unknown RDF format {fmt!r} (one of: {', '.join(formats.GRAPH_NAMES)})")
    triples = list(store.query(entity_construct(iri)))
    if entity_kind(store, iri) == DOCUMENT:  # judged today, in place of the status stored on the last change
        triples = [t for t in triples if t.predicate.value not in STATUS_PROPERTIES or t.subject.value != iri]
        triples += status_triples(iri, document_status(store, iri))
    if fmt != "jsonld":
        prefixes = PREFIXES if fmt in ("turtle", "xml") else None
        return ox.serialize(triples, format=formats.RDF[fmt].oxigraph, prefixes=prefixes)
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    context = json.loads(CONTEXT_FILE.read_text("utf-8"))["@context"]
    return graph.serialize(format="json-ld", context=context, auto_compact=True).encode("utf-8")


# -- browsing ------------------------------------------------------------------------------------
def _pairs(store, query: str, a: str, b: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for row in rows(store, query):
        if row[b]:
            found[row[a]].add(row[b])
    return found


_FACTS: catalog.GenerationCache[dict] = catalog.GenerationCache()


def _document_facts(store) -> dict:
    """Types, issuers, years and date of every document (twins left out), read once per store generation."""
    return _FACTS.get(store, lambda: _read_document_facts(store))


def _read_document_facts(store) -> dict:
    iris = [r["d"] for r in rows(store, "SELECT DISTINCT ?d WHERE { ?d a eli:LegalResource }")]
    twins = set(catalog.read_twins(store))
    types = _pairs(store, """SELECT DISTINCT ?d ?t WHERE { { SELECT DISTINCT ?d ?c WHERE { ?d eli:type_document ?c } }
                             ?c skos:prefLabel ?t FILTER(lang(?t) = "vi") }""", "d", "t")
    passed = _pairs(store, "SELECT DISTINCT ?d ?o WHERE { ?d eli:passed_by ?o }", "d", "o")
    names = _pairs(store, """SELECT DISTINCT ?o ?n WHERE { { SELECT DISTINCT ?o WHERE { ?d eli:passed_by ?o } }
                             ?o skos:prefLabel ?n }""", "o", "n")
    dates = _pairs(store, "SELECT DISTINCT ?d ?date WHERE { ?d eli:date_document ?date }", "d", "date")
    today = statuses(store)  # as of today, like the facts: read once per store generation
    facts = {}
    for iri in iris:
        if iri in twins:
            continue
        facts[iri] = {"types": types.get(iri, set()),
                      "issuers": {n for o in passed.get(iri, ()) for n in names.get(o, ())},
                      "years": {d[:4] for d in dates.get(iri, ())} or ({document_year(iri)} - {None}),
                      "date": max(dates.get(iri, ()), default=""),
                      "statuses": {today[iri].code} if iri in today else set()}
    return facts


def document_listing(store, *, type: str | None = None, issuer: str | None = None, year: str | None = None,
                     status: str | None = None, limit: int | None = None, offset: int = 0, projection=None) -> dict:
    """Documents filtered by type label, issuer label, year and legal status today, newest first (``limit`` of
    them from ``offset``), and the counts by type, issuer, year and status of the documents the other filters
    leave, so each count is a next step. Summaries come from ``projection`` when given. The facts are read with
    one DISTINCT query per property (sources repeat facts, joins would multiply the repeats), once per
    store generation."""
    facts = _document_facts(store)
    wanted = {"types": type, "issuers": issuer, "years": year, "statuses": status}

    def keeps(doc: dict, skip: str | None = None) -> bool:
        return all(value is None or value in doc[key] for key, value in wanted.items() if key != skip)

    facets = {}
    for key, name in (("types", "type"), ("issuers", "issuer"), ("years", "year"), ("statuses", "status")):
        counts = Counter(v for doc in facts.values() if keeps(doc, key) for v in doc[key])
        order = (lambda kv: (-int(kv[0]), kv[0])) if name == "year" else (lambda kv: (-kv[1], kv[0]))
        facets[name] = dict(sorted(counts.items(), key=order))
    chosen = sorted((iri for iri, doc in facts.items() if keeps(doc)), key=lambda i: (facts[i]["date"], i),
                    reverse=True)
    shown = chosen[offset:offset + limit if limit is not None else None]
    found = summaries(store, shown, projection)
    documents = [{**found[i], "status": next(iter(facts[i]["statuses"]), None)} for i in shown]
    return {"total": len(chosen), "documents": documents, "facets": facets,
            "filters": {k: v for k, v in (("type", type), ("issuer", issuer), ("year", year), ("status", status)) if v}}
