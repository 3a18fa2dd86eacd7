"""Helpers for tests that talk HTTP to a real server: a data folder ingested from the seed article, and
``vankien serve`` started on a free port of 127.0.0.1 and stopped by its PID."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from conftest import ROOT, SEED

START_SECONDS = 30


def ingest_seeds(data: Path) -> Path:
    """The store and search index of the seed article (not the sample texts beside it), in ``data``."""
    from vankien.search.pipeline import ingest

    ingest(data, [SEED])
    return data


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _command() -> list[str]:
    script = Path(sys.executable).with_name("vankien")
    return [str(script)] if script.exists() else [sys.executable, "-m", "vankien.web.cli"]


class ChildServer:
    """A server in a child process, up once ``probe`` answers 200; ``stop()`` ends it by its PID."""

    def __init__(self, command: list[str], probe: str, log: Path, cwd: Path, what: str) -> None:
        self.log, self.what = log, what
        with open(log, "wb") as out:
            self.process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                                            stderr=subprocess.STDOUT)
        try:
            self._wait(probe)
        except BaseException:
            self.stop()
            raise

    def _wait(self, probe: str) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.what} exited with {self.process.returncode}:\n"
                                   f"{self.log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise RuntimeError(f"{self.what} did not answer within {START_SECONDS} s:\n"
                           f"{self.log.read_text(errors='replace')}")

    def stop(self) -> None:
        """SIGTERM to the server's PID (gunicorn stops its workers), SIGKILL if it lingers."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Served(ChildServer):
    """``vankien serve`` on 127.0.0.1 in a child process; ``url`` once it answers; ``stop()`` ends it."""

    def __init__(self, data: Path, log: Path, workers: int = 2, options: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        super().__init__([*_command(), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--data",
                          str(data), "--workers", str(workers), *options],
                         self.url + "/api/openapi.json", log, ROOT, "vankien serve")


def serve_copy(data: Path, work: Path, workers: int = 2) -> Iterator[Served]:
    """A server of a copy, under ``work``, of the data folder ``data`` (shared, read-only) for a module's
    tests (a fixture's body)."""
    served = Served(Path(shutil.copytree(data, work / "data")), work / "server.log", workers=workers)
    yield served
    served.stop()


def serve_seeds(work: Path) -> Iterator[Served]:
    """A server of the seed article's data folder under ``work`` for a module's tests (a fixture's body)."""
    served = Served(ingest_seeds(work / "data"), work / "server.log")
    yield served
    served.stop()
