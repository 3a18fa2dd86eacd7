"""Conditional GETs: ``ETag``, ``Last-Modified`` and ``Cache-Control`` from the store's generation, and 304s.

Everything the service answers is a function of the store's generation (it grows with every ingest), the
code's version and the request (path, format, parameters): the ETag hashes them together; the time the
store's state last changed is the Last-Modified. Responses may be stored by caches but are checked again
each time (``no-cache``): an ingest can change any answer, and a 304 costs nearly nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from flask import Response, current_app, request

from vankien.graph import __version__
from vankien.graph.store import STATE_FILE, read_state

CACHE_CONTROL = "public, no-cache"


@dataclass(frozen=True)
class Validators:
    """What a client can send back to ask "has it changed?": the entity tag and the time of the last change."""

    etag: str  # unquoted
    last_modified: datetime.datetime


def validators(*parts) -> Validators | None:
    """The validators of the answer the request's ``parts`` (path, format, parameters …) identify; None when
    there is no store yet (nothing to validate against)."""
    data_dir = Path(current_app.config["DATA_DIR"])
    try:
        changed = (data_dir / STATE_FILE).stat().st_mtime
    except OSError:
        return None
    generation = read_state(data_dir).get("generation", 0)
    key = json.dumps([__version__, generation, *(str(part) for part in parts)], ensure_ascii=False)
    return Validators(hashlib.sha256(key.encode("utf-8")).hexdigest()[:32],
                      datetime.datetime.fromtimestamp(int(changed), datetime.UTC))


def unchanged(found: Validators | None) -> bool:
    """Whether the client's copy is current: its ``If-None-Match`` names our tag (weak comparison, as RFC 9110
    asks), or, without one, its ``If-Modified-Since`` is no older than the last change."""
    if found is None or request.method not in ("GET", "HEAD"):
        return False
    if request.if_none_match:
        return request.if_none_match.contains_weak(found.etag)
    since = request.if_modified_since
    return since is not None and found.last_modified <= since


def stamp(response: Response, found: Validators | None) -> Response:
    """Put the validators and ``Cache-Control`` on a successful (or 304) answer."""
    if found is not None and response.status_code in (200, 304):
        response.set_etag(found.etag)
        response.last_modified = found.last_modified
        response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def not_modified(found: Validators, vary: tuple[str, ...] = ()) -> Response:
    """The 304 answer: no body, the same validators (and ``Vary``) as the full answer would carry."""
    response = Response(status=304)
    response.headers.pop("Content-Type", None)
    for header in vary:
        response.vary.add(header)
    return stamp(response, found)
