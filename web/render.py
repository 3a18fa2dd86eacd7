"""One view, many formats: a :class:`Page` is computed once and rendered as HTML, JSON or RDF.

:data:`RENDERERS` maps a format name (also the URL suffix) to its media
type and render function. The format comes from the suffix when the URL has
one (``/eli/…/40.ttl``), else from the ``Accept`` header, HTML first; a
negotiated response says ``Vary: Accept``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Response, abort, jsonify, render_template, request

from vankien.graph import formats


@dataclass
class Page:
    """What a view computed: the template for HTML, the data (also the JSON twin), optional RDF."""

    template: str
    data: dict
    title: str = ""
    rdf: Callable[[str], bytes] | None = None        # RDF format name → serialized description
    html_extras: Callable[[], dict] | None = None    # computed only when HTML is rendered
    status: int = 200
    formats: tuple[str, ...] = field(default=("html", "json"))


@dataclass(frozen=True)
class Renderer:
    media_type: str
    render: Callable[[Page], Response]
    rdf_format: str | None = None  # the store's name for it, for RDF renderers


def _html(page: Page) -> Response:
    extras = page.html_extras() if page.html_extras else {}
    body = render_template(page.template, page=page, data=page.data, **extras)
    return Response(body, status=page.status, mimetype="text/html")


def _json(page: Page) -> Response:
    response = jsonify(page.data)
    response.status_code = page.status
    return response


def _rdf(fmt: str, media_type: str) -> Callable[[Page], Response]:
    def render(page: Page) -> Response:
        return Response(page.rdf(fmt), status=page.status, mimetype=media_type)

    return render


RENDERERS: dict[str, Renderer] = {
    "html": Renderer("text/html", _html),
    "json": Renderer("application/json", _json),
    **{f.extension: Renderer(f.media_type, _rdf(f.name, f.media_type), f.name)
       for f in (formats.RDF[name] for name in formats.GRAPH_NAMES)},
}
RDF_FORMATS = tuple(name for name, r in RENDERERS.items() if r.rdf_format)
ENTITY_FORMATS = ("html", "json", *RDF_FORMATS)


def split_suffix(path: str, formats=ENTITY_FORMATS) -> tuple[str, str | None]:
    """``eli/…/40.ttl`` → (``eli/…/40``, ``ttl``); a path without a known suffix is returned whole."""
    head, dot, suffix = path.rpartition(".")
    if dot and "/" not in suffix and suffix in formats and suffix != "html":
        return head, suffix
    return path, None


def negotiate(formats: tuple[str, ...]) -> str:
    """The best of ``formats`` for the request's ``Accept`` header; HTML when anything goes; else 406."""
    accept = request.accept_mimetypes
    if not accept:
        return formats[0]
    types = [RENDERERS[f].media_type for f in formats]
    best = accept.best_match(types)
    if best is None:
        abort(406, description="none of the accepted media types is available here: "
                               + ", ".join(types))
    return formats[types.index(best)]


def respond(page: Page, fmt: str | None = None) -> Response:
    """Render ``page`` in ``fmt`` (from a suffix) or in the format the request accepts."""
    formats = page.formats + (RDF_FORMATS if page.rdf is not None else ())
    negotiated = fmt is None
    if negotiated:
        fmt = negotiate(formats)
    elif fmt not in formats:
        abort(404)
    response = RENDERERS[fmt].render(page)
    if negotiated:
        response.vary.add("Accept")
    return response


API_PREFIXES = ("/sparql", "/suggest.json", "/search.json", "/export", "/api/")
PAGE_PREFIXES = ("/sparql/editor",)


def wants_json() -> bool:
    """Whether an error should be answered in JSON: a ``.json`` URL, an API path, or JSON accepted over HTML."""
    path = request.path
    if path.endswith((".json", ".jsonld")):
        return True
    if path.startswith(API_PREFIXES) and not path.startswith(PAGE_PREFIXES):
        return True
    accept = request.accept_mimetypes
    return bool(accept) and accept.best_match(["text/html", "application/json"]) == "application/json"
