"""The Flask application: ``create_app(data_dir)`` with one blueprint per area."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, jsonify

DEFAULT_MAX_REQUEST_BYTES = 1 << 20


def create_app(data_dir: str | Path | None = None, **config) -> Flask:
    """An application serving the store and index in ``data_dir`` (default: $VANKIEN_DATA or ./data)."""
    app = Flask(__name__)
    app.config.update(
        DATA_DIR=str(data_dir or os.environ.get("VANKIEN_DATA", "data")),
        MAX_CONTENT_LENGTH=DEFAULT_MAX_REQUEST_BYTES,
        JSON_AS_ASCII=False,
    )
    app.config.update(config)
    app.json.ensure_ascii = False

    from web.views.api import api
    from web.views.export import export
    from web.views.openapi import openapi
    from web.views.sparql import sparql

    app.register_blueprint(api)
    app.register_blueprint(sparql)
    app.register_blueprint(export)
    app.register_blueprint(openapi)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    @app.errorhandler(404)
    def not_found(error):
        return jsonify(error="not found"), 404

    @app.errorhandler(413)
    def too_large(error):
        return jsonify(error=f"request larger than {app.config['MAX_CONTENT_LENGTH']} bytes"), 413

    return app
