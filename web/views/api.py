"""The JSON API: ``/search.json`` (the search contract) and ``/suggest.json``."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from search.query import SearchError, SearchRequest, Searcher

api = Blueprint("api", __name__)
MAX_LIMIT = 100


def searcher() -> Searcher:
    """One searcher per application process, opened on first use."""
    key = "vankien_searcher"
    found = current_app.extensions.get(key)
    if found is None:
        found = current_app.extensions[key] = Searcher(current_app.config["DATA_DIR"])
    return found


@api.after_request
def cors(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise SearchError(f"parameter {name!r} must be a whole number from {low} to {high}")
    return int(raw)


@api.get("/search.json")
def search_json():
    """The search contract: query, total, hits, facets, suggestion."""
    try:
        query = request.args.get("q", "")
        sort = request.args.get("sort", "relevance")
        if sort not in ("relevance", "date"):
            raise SearchError("parameter 'sort' must be relevance or date")
        result = searcher().search(SearchRequest(
            query=query, kind=request.args.get("kind") or None, type=request.args.get("type") or None,
            issuer=request.args.get("issuer") or None, year=request.args.get("year") or None,
            publisher=request.args.get("publisher") or None, limit=_int("limit", 10, 1, MAX_LIMIT),
            page=_int("page", 1, 1, 10_000), sort=sort,
        ))
    except SearchError as error:
        return jsonify(error=str(error)), error.status
    return jsonify(result)


@api.get("/suggest.json")
def suggest_json():
    prefix = request.args.get("q", "")
    try:
        return jsonify(query=prefix, suggestions=searcher().suggest(prefix, limit=10))
    except SearchError as error:
        return jsonify(error=str(error)), error.status
