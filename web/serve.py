"""Serving the application with gunicorn, a production WSGI server.

Sync workers, no preloading: each worker builds its own application after
the fork and opens the store read-only on first use, so no database handle
is shared between processes.
"""

from __future__ import annotations

from pathlib import Path

from gunicorn.app.base import BaseApplication

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000
DEFAULT_WORKERS = 2
# Seconds a worker may spend on one request (a whole-dataset export streams for a while).
WORKER_TIMEOUT = 120


class Server(BaseApplication):
    """gunicorn running ``web.app.create_app(data_dir)`` in each worker."""

    def __init__(self, data_dir: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 workers: int = DEFAULT_WORKERS, access_log: bool = True) -> None:
        self.data_dir = str(data_dir)
        self.options = {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers,
            "worker_class": "sync",
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
        from web.app import create_app
        from web.backends import warm_up

        app = create_app(self.data_dir)
        warm_up(app)  # in the worker, after the fork: nothing is shared between processes
        return app


def serve(data_dir: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          workers: int = DEFAULT_WORKERS, access_log: bool = True) -> None:
    """Serve until interrupted (SIGINT or SIGTERM stops the workers gracefully)."""
    Server(data_dir, host, port, workers, access_log).run()
