"""The JSON API: ``/search.json`` (the search contract) and ``/suggest.json``."""

from __future__ import annotations

import re

from flask import Blueprint, jsonify, request

from vankien.search.query import MAX_QUERY_CHARS, SearchError, SearchRequest
from vankien.web import params, urls
from vankien.web.backends import searcher

api = Blueprint("api", __name__)
MAX_LIMIT = 100
KINDS = ("document", "article", "organisation", "person", "event")
YEAR = re.compile(r"^([0-9]{4})?$")  # empty: any year


def _year() -> str | None:
    year = request.args.get("year", "").strip()
    if not YEAR.match(year):
        params.bad("year", "must be a year of four digits")
    return year or None


@api.get("/search.json")
def search_json():
    """The search contract: query, total, hits, facets, suggestion."""
    args = request.args
    wanted = SearchRequest(
        query=args.get("q", ""), kind=params.choice("kind", "", KINDS) or None, type=args.get("type") or None,
        issuer=args.get("issuer") or None, year=_year(), publisher=args.get("publisher") or None,
        status=args.get("status") or None,
        limit=params.whole_number("limit", 10, 1, MAX_LIMIT), page=params.page(),
        sort=params.choice("sort", "relevance", params.SORTS),
    )
    try:
        result = searcher().search(wanted)
    except SearchError as error:
        return jsonify(error=str(error)), error.status
    return jsonify(result)


@api.get("/suggest.json")
def suggest_json():
    """Completions of what was typed; each carries ``url``, its page here, so a client need not map IRIs."""
    prefix = request.args.get("q", "")
    if len(prefix) > MAX_QUERY_CHARS:
        params.bad("q", f"longer than {MAX_QUERY_CHARS} characters")
    try:
        found = searcher().suggest(prefix, limit=10)
    except SearchError as error:
        return jsonify(error=str(error)), error.status
    return jsonify(query=prefix, suggestions=[{**s, "url": urls.link(s["iri"])} for s in found])
