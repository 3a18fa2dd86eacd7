"""``/feed.atom``: an Atom 1.0 feed (RFC 4287) of documents, newest first, filtered like ``/browse``.

The entries are the browse page's listing (:func:`graph.describe.document_listing`, same filters
``type``, ``issuer``, ``year``, same order: newest date signed first, undated after), :data:`PAGE_SIZE` a page,
with RFC 5005 ``first``/``previous``/``next``/``last`` links. An entry's ``updated`` is the date
the document was signed when the graph knows it, else when the newest source naming it was read;
never the time of the request. The XML is built with :mod:`xml.etree.ElementTree`, which escapes
text and attributes; characters XML 1.0 cannot carry are dropped first.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import BadRequest

from vankien.graph import __version__
from vankien.graph.catalog import most_stated, read_statements, rows, summaries, values_clause
from vankien.graph.describe import document_listing
from vankien.graph.doctypes import BY_NAME
from vankien.graph.status import LABELS as STATUS_LABELS
from vankien.graph.text import normalize_key
from vankien.graph.vocab import ELI
from vankien.web import backends, http_cache, params, urls
from vankien.web.templating import vietnamese_date
from vankien.web.views.api import api

feeds = Blueprint("feeds", __name__)

ATOM = "http://www.w3.org/2005/Atom"
XML = "http://www.w3.org/XML/1998/namespace"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
PAGE_SIZE = 50
FEED_TITLE = "Văn bản mới"
AUTHOR = "Văn kiện"
# A document is signed on a day in Vietnam: its date is read as that day's midnight there.
VIETNAM = timezone(timedelta(hours=7))
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_YEAR = re.compile(r"^[0-9]{4}$")
# What XML 1.0 cannot hold: C0 controls but tab, newline and return; lone surrogates; U+FFFE, U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TYPE_OF_KEY = {normalize_key(name): name for name in BY_NAME}

ET.register_namespace("", ATOM)


@feeds.errorhandler(BadRequest)
def bad_request(error: BadRequest):
    """A bad parameter is ``{"error": "<param>: <reason>"}``, as the JSON API answers it."""
    return jsonify(error=error.description), 400


# -- parameters --------------------------------------------------------------------------------
def feed_filters() -> dict[str, str]:
    """The checked filters of the request, in the browse page's spelling: ``type`` (a document type,
    any case or tone placement, given back as the registry spells it), ``issuer`` (an issuer's name,
    as the browse page's facets give it) and ``year`` (four digits). A bad value stops the request
    with 400."""
    found = {}
    raw_type = request.args.get("type", "").strip()
    if raw_type:
        name = _TYPE_OF_KEY.get(normalize_key(raw_type))
        if name is None:
            params.bad("type", f"unknown document type {raw_type!r} (one of: {', '.join(BY_NAME)})")
        found["type"] = name
    issuer = request.args.get("issuer", "").strip()
    if issuer:
        found["issuer"] = issuer
    year = request.args.get("year", "").strip()
    if year:
        if not _YEAR.match(year):
            params.bad("year", f"must be a year of four digits, e.g. 2021 (not {year!r})")
        found["year"] = year
    status = request.args.get("status", "").strip()
    if status:
        if status not in STATUS_LABELS:
            params.bad("status", f"unknown status {status!r} (one of: {', '.join(STATUS_LABELS)})")
        found["status"] = status
    return found


def feed_title(filters: dict[str, str]) -> str:
    """``Văn bản mới · Nghị quyết · Bộ Chính trị · năm 2021``: the feed's title naming its filters."""
    parts = [FEED_TITLE, filters.get("type"), filters.get("issuer"), STATUS_LABELS.get(filters.get("status", ""))]
    if filters.get("year"):
        parts.append(f"năm {filters['year']}")
    return " · ".join(p for p in parts if p)


# -- what an entry says --------------------------------------------------------------------------
def signed_at(value: str | None) -> datetime | None:
    """A document's date (``2021-08-05``; a bare year or month counts from its first day) as that
    day's start in Vietnam; None when there is none or it is not a date."""
    m = _DATE.match(value or "")
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1), tzinfo=VIETNAM)
    except ValueError:
        return None


def _instant(value: str | None) -> datetime | None:
    """An xsd:dateTime as an aware datetime (UTC when it names no zone)."""
    try:
        when = datetime.fromisoformat((value or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def sources_read_at(store, iris: list[str]) -> dict[str, datetime]:
    """IRI → when the newest source naming the document (or an ``owl:sameAs`` twin of it) was read."""
    if not iris:
        return {}
    found = rows(store, f"""SELECT ?d (MAX(STR(?t)) AS ?when) WHERE {{ {values_clause('d', iris)}
                 {{ ?s schema:mentions ?d }} UNION {{ ?s schema:about ?d }}
                 UNION {{ ?twin owl:sameAs ?d . ?s schema:mentions ?twin }}
                 ?s prov:generatedAtTime ?t }} GROUP BY ?d""")
    return {r["d"]: when for r in found if (when := _instant(r["when"])) is not None}


def newest_source(store) -> datetime | None:
    """When the newest source of the store was read: the feed's date when it has no entry."""
    found = rows(store, "SELECT (MAX(STR(?t)) AS ?when) WHERE { ?s a prov:Entity ; prov:generatedAtTime ?t }")
    return _instant(found[0]["when"]) if found else None


def entry_facts(store, documents: list[dict], projection=None) -> list[dict]:
    """The listed documents (summaries) with what their entries say: ``type`` (label), ``issuers``
    (labels, most stated first), ``title`` (the subject, "về …") and ``updated`` (the date signed,
    else when its newest source was read, else when the store's newest source was). Facts are
    counted per source and the most stated wins, as on the document's page."""
    iris = [d["iri"] for d in documents]
    stated = read_statements(store, [str(ELI.type_document), str(ELI.passed_by), str(ELI["title"])], iris)
    type_of = {iri: most_stated(s.get(str(ELI.type_document))) for iri, s in stated.items()}
    issuers_of = {iri: sorted(c, key=lambda v: (-c[v], v))
                  for iri, s in stated.items() if (c := s.get(str(ELI.passed_by), Counter()))}
    concepts = sorted({c for c in type_of.values() if c})
    type_labels = {r["c"]: r["l"] for r in rows(store, f"""SELECT ?c ?l WHERE {{ {values_clause('c', concepts)}
                   ?c skos:prefLabel ?l FILTER(lang(?l) = "vi") }}""")} if concepts else {}
    names = summaries(store, {i for found in issuers_of.values() for i in found}, projection)
    undated = [d["iri"] for d in documents if signed_at(d.get("date")) is None]
    read_at = sources_read_at(store, undated)
    if set(undated) - set(read_at):  # a document no source names (none the pipeline writes): the data's date
        newest = newest_source(store) or datetime.now(UTC)
        read_at = {iri: read_at.get(iri, newest) for iri in undated}
    entries = []
    for doc in documents:
        iri = doc["iri"]
        entries.append({
            **doc,
            "type": type_labels.get(type_of.get(iri)),
            "issuers": [names[i]["label"] for i in issuers_of.get(iri, [])],
            "title": most_stated(stated.get(iri, {}).get(str(ELI["title"]))),
            "updated": signed_at(doc.get("date")) or read_at.get(iri),
        })
    return entries


def entry_summary(entry: dict) -> str:
    """The entry's facts in Vietnamese, as the document's page names them."""
    lines = []
    if entry.get("type"):
        lines.append(f"Loại văn bản: {entry['type']}.")
    if entry.get("number"):
        lines.append(f"Số hiệu: {entry['number']}.")
    if entry.get("issuers"):
        lines.append(f"Cơ quan ban hành: {'; '.join(entry['issuers'])}.")
    date = vietnamese_date(entry.get("date")) if signed_at(entry.get("date")) else ""
    lines.append(f"Ngày ban hành: {date or 'chưa rõ'}.")
    if entry.get("title"):
        lines.append(f"Trích yếu: {entry['title']}")
    return "\n".join(lines)


# -- the XML ---------------------------------------------------------------------------------------
def _xml_text(value) -> str:
    return _NOT_XML.sub("", str(value))


def _add(parent: ET.Element, tag: str, text=None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _xml_text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _xml_text(text)
    return element


def _stamp(when: datetime) -> str:
    """RFC 3339, as Atom wants it."""
    return when.replace(microsecond=0).isoformat()


def atom_document(feed: dict, entries: list[dict]) -> bytes:
    """The Atom XML of ``feed`` (id, title, updated, links: rel → href, home) and its ``entries``."""
    root = ET.Element(f"{{{ATOM}}}feed", {f"{{{XML}}}lang": "vi"})
    _add(root, "id", feed["id"])
    _add(root, "title", feed["title"])
    _add(root, "updated", _stamp(feed["updated"]))
    for rel, (href, media_type) in feed["links"].items():
        _add(root, "link", rel=rel, href=href, type=media_type)
    author = _add(root, "author")
    _add(author, "name", AUTHOR)
    _add(author, "uri", feed["home"])
    _add(root, "generator", "vankien", uri=feed["home"], version=__version__)
    for entry in entries:
        element = _add(root, "entry")
        _add(element, "id", entry["iri"])
        _add(element, "title", entry["label"])
        _add(element, "updated", _stamp(entry["updated"]))
        page = urls.link(entry["iri"])
        _add(element, "link", rel="alternate", type="text/html", href=urls.absolute_url(page or entry["iri"]))
        if entry.get("type"):
            _add(element, "category", term=entry["type"], label=entry["type"])
        _add(element, "summary", entry_summary(entry), type="text")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# -- the view ------------------------------------------------------------------------------------
def _links(filters: dict, page: int, last: int) -> dict[str, tuple[str, str]]:
    atom = MEDIA_TYPE.split(";")[0]
    links = {"self": (urls.feed_url(filters, page=page, external=True), atom),
             "alternate": (urls.absolute_url(urls.browse_url(filters)), "text/html")}
    if last > 1:
        links["first"] = (urls.feed_url(filters, external=True), atom)
        links["last"] = (urls.feed_url(filters, page=last, external=True), atom)
    if page > 1:
        links["previous"] = (urls.feed_url(filters, page=page - 1, external=True), atom)
    if page < last:
        links["next"] = (urls.feed_url(filters, page=page + 1, external=True), atom)
    return links


@feeds.get("/feed.atom")
def feed():
    """The feed of documents the filters keep, one page of :data:`PAGE_SIZE`."""
    filters = feed_filters()
    page = params.page()
    found = http_cache.validators(request.path, sorted(request.args.items(multi=True)))
    if http_cache.unchanged(found):
        return http_cache.not_modified(found)
    store, projection = backends.store(), backends.projection()
    listing = document_listing(store, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, projection=projection,
                               **filters)
    entries = entry_facts(store, listing["documents"], projection)
    updated = max((e["updated"] for e in entries), default=None) or newest_source(store) or datetime.now(UTC)
    last = max(1, math.ceil(listing["total"] / PAGE_SIZE))
    head = {"id": urls.feed_id(filters), "title": feed_title(filters), "updated": updated,
            "links": _links(filters, page, last), "home": urls.absolute_url("/")}
    return http_cache.stamp(Response(atom_document(head, entries), content_type=MEDIA_TYPE), found)


# The feed is part of the machine API: nested in the API's blueprint (done once, when this module is first
# imported, before any application registers the API), it answers with the API's CORS header and counts
# among the API's paths. Its endpoint is "api.feeds.feed".
api.register_blueprint(feeds)
