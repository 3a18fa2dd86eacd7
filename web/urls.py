"""Every URL the pages link to, built in one place.

Entities are served at their IRI's path on our host: an IRI under the base
IRI (``https://vankien.example/eli/dang/tw/2018/nq/35``) is the page
``/eli/dang/tw/2018/nq/35``; its machine twins add a suffix (``.json``,
``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``) and its drawing is ``…/graph.svg``.
IRIs outside the base (a newspaper's URL) are linked as they are, and only when
they are web addresses (:func:`outside_url`): a ``javascript:`` or ``data:``
URL taken from an ingested page is never a link.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urljoin, urlsplit

from flask import current_app, request, url_for

from vankien.graph.iris import resolve_base_iri

ENTITY_ROOTS = ("eli", "org", "person", "post", "source")
GRAPH_SUFFIX = "/graph.svg"
SEARCH_PARAMS = ("q", "kind", "type", "issuer", "year", "publisher", "status", "sort", "page")
BROWSE_PARAMS = ("kind", "type", "issuer", "year", "status", "page")
FEED_FILTERS = ("type", "issuer", "year", "status")  # the browse page's document filters
FEED_ENDPOINT = "api.feeds.feed"
WEB_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_TRIMMED = "".join(map(chr, range(0x21)))  # what a browser trims from an href's ends: C0 controls, space
_DROPPED = str.maketrans("", "", "\t\n\r")  # what it drops anywhere in it


def base_iri() -> str:
    """The base of our IRIs: app config ``BASE_IRI``, else $VANKIEN_BASE_IRI, else the default."""
    return resolve_base_iri(current_app.config.get("BASE_IRI"))


def iri_of_path(path: str) -> str:
    """The IRI a request path names: ``eli/dang/tw/2018/nq/35`` → ``{base}eli/dang/tw/2018/nq/35``."""
    return base_iri() + path.lstrip("/")


def entity_path(iri: str | None) -> str | None:
    """``/eli/…`` for an IRI under our base (its fragment kept), None for any other IRI."""
    base = base_iri()
    if not iri or not iri.startswith(base) or len(iri) == len(base):
        return None
    rest = iri[len(base):]
    if rest.split("/", 1)[0] not in ENTITY_ROOTS:
        return None
    return "/" + rest


def entity_url(iri: str | None, fmt: str | None = None) -> str | None:
    """The page of ``iri`` (or its twin in ``fmt``: json, ttl, jsonld, nt, rdf); None when not ours."""
    path = entity_path(iri)
    if path is None:
        return None
    if not fmt:
        return path
    return f"{path.partition('#')[0]}.{fmt}"


def outside_url(url: str | None) -> str | None:
    """``url`` as a link target when it is an http(s) address with a host, else None (it is then
    shown as text, if at all). It is read as a browser reads an href: ends trimmed of controls and
    spaces, tabs and newlines dropped, the scheme in any case."""
    if not url:
        return None
    text = str(url).strip(_TRIMMED).translate(_DROPPED)
    scheme = _SCHEME.match(text)
    if scheme is None or scheme.group(1).lower() not in WEB_SCHEMES:
        return None
    try:
        host = urlsplit(text).netloc
    except ValueError:  # a malformed host ("http://[::1")
        return None
    return text if host else None


def link(iri: str | None) -> str | None:
    """Where a link to ``iri`` goes: our page for our IRIs, the address itself for an outside web
    address (:func:`outside_url`), None for anything else."""
    ours = entity_url(iri)
    if ours is not None:
        return ours
    return outside_url(iri)


def graph_url(iri: str, depth: int | None = None) -> str | None:
    page = entity_path(iri)
    if page is None:
        return None
    page = page.partition("#")[0]
    return page + GRAPH_SUFFIX + (f"?depth={depth}" if depth and depth != 1 else "")


def _clean(params: dict) -> dict:
    """Without empty parameters and without ``page=1``."""
    return {k: v for k, v in params.items() if v not in (None, "") and not (k == "page" and str(v) == "1")}


def search_url(params: dict | None = None, **changes) -> str:
    """``/search?…`` from ``params`` with ``changes`` applied (None removes a parameter)."""
    merged = {k: v for k, v in (params or {}).items() if k in SEARCH_PARAMS}
    merged.update(changes)
    if merged.get("sort") == "relevance":
        merged.pop("sort")
    return url_for("pages.search", **_clean(merged))


def toggle(view, params: dict, name: str, value: str) -> str:
    """The URL of ``view`` with the filter ``name=value`` added, or removed when already set (page 1)."""
    builder = search_url if view == "search" else browse_url
    current = params.get(name)
    return builder(params, **{name: None if current == str(value) else value, "page": None})


def browse_url(params: dict | None = None, **changes) -> str:
    merged = {k: v for k, v in (params or {}).items() if k in BROWSE_PARAMS}
    merged.update(changes)
    if merged.get("kind") == "document":
        merged.pop("kind")
    return url_for("pages.browse", **_clean(merged))


def feed_url(params: dict | None = None, *, external: bool = False, **changes) -> str:
    """``/feed.atom?…``: the Atom feed of the documents ``params``' filters keep (type, issuer, year;
    ``page`` from ``changes``); ``external`` makes it absolute on the request's host."""
    merged = {k: v for k, v in (params or {}).items() if k in FEED_FILTERS}
    merged.update(changes)
    return url_for(FEED_ENDPOINT, _external=external, **_clean(merged))


def feed_id(params: dict | None = None) -> str:
    """The feed's Atom id, the same on every host and page: ``{base}feed.atom?type=…`` (filters in a fixed order)."""
    filters = _clean({k: (params or {}).get(k) for k in FEED_FILTERS})
    return base_iri() + "feed.atom" + ("?" + urlencode(filters) if filters else "")


def absolute_url(path: str) -> str:
    """``path`` (``/eli/…``, or an address already absolute) as an absolute URL on the request's host."""
    return urljoin(request.host_url, path)


def sparql_download(query: str, fmt: str) -> str:
    """The SPARQL endpoint's answer to ``query`` in ``fmt`` (csv, json, tsv, xml, turtle …)."""
    return "/sparql?" + urlencode({"query": query, "format": fmt})


def editor_url(query: str | None = None) -> str:
    return url_for("pages.sparql_editor", **({"query": query} if query else {}))
