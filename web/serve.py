"""Serving the application with gunicorn, a production WSGI server.

Threaded workers (gunicorn's ``gthread``), no preloading: each worker builds
its own application after the fork and opens the store read-only, so no
database handle is shared between processes. Threads keep a worker answering
while some of its requests wait: on a SPARQL query (run in a confined query
process, see :mod:`graph.sparql`), on a download, or on a slow client. Page
rendering itself takes one thread of a worker at a time (see
``web.app.PAGE_LOCK_FREE``). The workers share one run folder, holding the
slots of the SPARQL query gate (:mod:`web.query_gate`). gunicorn's own error
answers (a malformed request line, headers too large) carry the same
security headers as the application's.
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
from pathlib import Path

from gunicorn import util as gunicorn_util
from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000
DEFAULT_WORKERS = 2
DEFAULT_THREADS = 8
# Seconds a worker may go without a sign of life (threaded workers stay alive through long requests).
WORKER_TIMEOUT = 120
KEEPALIVE_SECONDS = 5


def _write_error(sock, status_int: int, reason: str, message: str) -> None:
    """gunicorn's error answer, with our security headers (the same ones ``web.app`` sets)."""
    from vankien.web.app import SECURITY_HEADERS

    body = (f"<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{status_int} "
            f"{html.escape(reason)}</title></head><body><h1>{status_int} {html.escape(reason)}</h1>"
            f"<p>{html.escape(message)}</p></body></html>").encode()
    headers = [f"HTTP/1.1 {status_int} {reason}", "Connection: close", "Content-Type: text/html; charset=utf-8",
               f"Content-Length: {len(body)}", *(f"{name}: {value}" for name, value in SECURITY_HEADERS.items())]
    gunicorn_util.write_nonblock(sock, ("\r\n".join(headers) + "\r\n\r\n").encode("latin-1") + body)


class Worker(ThreadWorker):
    """gunicorn's threaded worker, whose own error answers carry our security headers."""

    def init_process(self) -> None:
        # gunicorn writes its answers to malformed requests through this one function.
        gunicorn_util.write_error = _write_error
        super().init_process()


class Server(BaseApplication):
    """gunicorn running ``web.app.create_app(data_dir)`` in each worker."""

    def __init__(self, data_dir: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 workers: int = DEFAULT_WORKERS, access_log: bool = True, threads: int = DEFAULT_THREADS,
                 app_config: dict | None = None) -> None:
        self.data_dir = str(data_dir)
        chosen = (app_config or {}).get("SPARQL_RUN_DIR")
        self.own_run_dir = not chosen  # a folder given is shared: it is left where it is
        self.run_dir = chosen or tempfile.mkdtemp(prefix="vankien-serve-")
        os.makedirs(self.run_dir, exist_ok=True)
        self.arbiter_pid = os.getpid()
        self.app_config = {**(app_config or {}), "SPARQL_RUN_DIR": self.run_dir}
        self.options = {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers,
            "worker_class": f"{Worker.__module__}.{Worker.__qualname__}",
            "threads": threads,
            "keepalive": KEEPALIVE_SECONDS,
            "preload_app": False,
            "timeout": WORKER_TIMEOUT,
            "accesslog": "-" if access_log else None,
            "errorlog": "-",
            "proc_name": "vankien",
        }
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)
        if "control_socket_disable" in self.cfg.settings:  # gunicorn ≥ 25 would open ~/.gunicorn/*.ctl
            self.cfg.set("control_socket_disable", True)

    def load(self):
        from vankien.web.app import create_app
        from vankien.web.backends import warm_up

        app = create_app(self.data_dir, **self.app_config)
        warm_up(app)  # in the worker, after the fork: nothing is shared between processes
        return app

    def run(self) -> None:
        try:
            super().run()
        finally:
            if os.getpid() == self.arbiter_pid and self.own_run_dir:  # a worker's exit unwinds through here too
                shutil.rmtree(self.run_dir, ignore_errors=True)


def serve(data_dir: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          workers: int = DEFAULT_WORKERS, access_log: bool = True, threads: int = DEFAULT_THREADS,
          app_config: dict | None = None) -> None:
    """Serve until interrupted (SIGINT or SIGTERM stops the workers gracefully)."""
    Server(data_dir, host, port, workers, access_log, threads, app_config).run()
