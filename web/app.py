"""The Flask application: ``create_app(data_dir, **settings)`` with one blueprint per area.

Its settings (:mod:`web.settings`) are app config: the defaults, overridden by
the environment (``VANKIEN_…``), overridden by keyword arguments.

Every response carries a Content-Security-Policy (our own files only, no
inline script or style), ``X-Content-Type-Options`` and ``Referrer-Policy``, and
is open to scripts of any origin (CORS: everything served is public and no
request carries credentials); a preflight ``OPTIONS`` is answered for every route.
Errors are an HTML page for browsers and ``{"error": …}`` for the API,
``.json`` URLs and clients that prefer JSON; never a traceback.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

from flask import Flask, g, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from vankien.graph.store import StoreError
from vankien.web import settings

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}
# Views that mostly wait (on a query process or a download) and touch no shared cache: they run
# beside others. Every other view takes the worker's page lock, one at a time per worker: the
# searcher's and the projection's caches are shared by the worker's threads.
PAGE_LOCK_FREE = {"sparql.endpoint", "pages.sparql_editor", "export.download", "export.negotiated", "static"}
ERROR_TITLES = {
    400: "Yêu cầu không hợp lệ", 403: "Không được phép", 404: "Không tìm thấy", 405: "Phương thức không được phép",
    406: "Không có định dạng phù hợp", 413: "Yêu cầu quá lớn", 500: "Lỗi máy chủ",
    503: "Dịch vụ tạm thời không sẵn sàng",
}
# What an error says when the code raising it gave no reason of its own.
DEFAULT_MESSAGES = {
    400: "Yêu cầu không đọc được.", 404: "Không có trang nào ở địa chỉ này.",
    405: "Địa chỉ này không nhận phương thức đó.", 406: "Không có định dạng nào hợp với tiêu đề Accept.",
}
# Headers a script of another origin may read (CORS), and those it may send beside the simple ones.
EXPOSED_HEADERS = "ETag, Last-Modified, Link, Location, Retry-After, X-Vankien-Truncated, X-Vankien-Row-Cap"
ALLOWED_REQUEST_HEADERS = "Accept, Accept-Language, Content-Type, If-Modified-Since, If-None-Match"
HEADER_NAMES = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*")
PREFLIGHT_SECONDS = 86400
log = logging.getLogger(__name__)


def create_app(data_dir: str | Path | None = None, **config) -> Flask:
    """An application serving the store and index in ``data_dir`` (else setting ``DATA_DIR``: $VANKIEN_DATA,
    ./data). ``config`` holds settings (:data:`web.settings.SETTINGS`, checked) and any other Flask config;
    a bad setting raises ValueError."""
    app = Flask(__name__)
    if data_dir is not None:
        config["DATA_DIR"] = str(data_dir)
    app.config.update(JSON_AS_ASCII=False)
    app.config.update(config)
    app.config.update(settings.resolve(config))
    for name in settings.EXPORTED & set(config):  # given as a keyword: the store reads it from the environment
        if config[name] is not None:
            settings.export(name, config[name])
    app.json.ensure_ascii = False
    _register_views(app)
    _install_page_lock(app)
    _install_security_headers(app)
    _install_cors(app)
    _install_error_handlers(app)
    return app


def _register_views(app: Flask) -> None:
    """The blueprints and the template helpers."""
    from vankien.web import templating
    from vankien.web.views import feeds  # noqa: F401 - importing it nests the Atom feed in the API's blueprint
    from vankien.web.views.api import api
    from vankien.web.views.entities import entities
    from vankien.web.views.export import export
    from vankien.web.views.linked_data import linked_data
    from vankien.web.views.openapi import openapi
    from vankien.web.views.pages import pages
    from vankien.web.views.sparql import sparql

    app.register_blueprint(api)
    app.register_blueprint(sparql)
    app.register_blueprint(export)
    app.register_blueprint(openapi)
    app.register_blueprint(linked_data)
    app.register_blueprint(pages)
    app.register_blueprint(entities)
    templating.install(app)


def _install_page_lock(app: Flask) -> None:
    """One view at a time per worker, except those in :data:`PAGE_LOCK_FREE`."""
    page_lock = threading.Lock()

    @app.before_request
    def one_page_at_a_time():
        if request.endpoint not in PAGE_LOCK_FREE:
            page_lock.acquire()
            g.page_lock = page_lock

    @app.teardown_request
    def page_done(_error=None):
        held = g.pop("page_lock", None)
        if held is not None:
            held.release()


def _install_security_headers(app: Flask) -> None:
    """:data:`SECURITY_HEADERS` on every response that does not set its own."""

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def _install_cors(app: Flask) -> None:
    """``Access-Control-Allow-Origin: *`` on every response, the headers scripts may read, and the answer to a
    preflight (the methods the route allows, the headers asked for); a 406 says it depended on Accept."""

    @app.after_request
    def cors(response):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response.headers["Access-Control-Allow-Methods"] = response.headers.get("Allow", "GET, HEAD, OPTIONS")
            asked = request.headers.get("Access-Control-Request-Headers", "").strip()
            allowed = ALLOWED_REQUEST_HEADERS + (f", {asked}" if asked and HEADER_NAMES.fullmatch(asked) else "")
            response.headers["Access-Control-Allow-Headers"] = allowed
            response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_SECONDS)
        if response.status_code == 406:
            response.vary.add("Accept")
        return response


def _install_error_handlers(app: Flask) -> None:
    """Errors as :func:`error_response`: HTTP errors, a missing store (503), anything else (500, logged)."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        message = error.description or error.name
        if error.code == 413:
            message = f"request larger than {app.config['MAX_CONTENT_LENGTH']} bytes"
        elif message == type(error).description and error.code in DEFAULT_MESSAGES:
            message = DEFAULT_MESSAGES[error.code]
        return error_response(error.code or 500, message, error.get_headers())

    @app.errorhandler(StoreError)
    def no_store(error: StoreError):
        log.warning("store unavailable: %s", error)
        return error_response(503, "Chưa có dữ liệu: kho dữ liệu chưa được tạo hoặc không mở được.")

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        original = getattr(error, "original_exception", None)
        if original is not None:
            log.error("unhandled error", exc_info=original)
        return error_response(500, "Đã có lỗi ở máy chủ; vui lòng thử lại sau.")


def error_response(status: int, message: str, headers=None):
    """The error as JSON or as an HTML page, whichever the request wants."""
    from vankien.web.render import wants_json

    kept = [(k, v) for k, v in (headers or []) if k.lower() == "allow"]
    if wants_json():
        response = jsonify(error=message)
    else:
        title = ERROR_TITLES.get(status, "Lỗi")
        response = make_response(render_template("error.html", status=status, title=title, message=message))
    response.status_code = status
    for key, value in kept:
        response.headers[key] = value
    return response
