"""SPARQL servers for the store backend tests, each started in a test's own folder on 127.0.0.1 and stopped by
its PID: Oxigraph's server (the ``oxigraph`` command of the dev extras) and Virtuoso Open-Source 7 (Debian's
``virtuoso-opensource``, installed by ``.ci/run``). ``embedded`` is the store in the data folder: no server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import skip_or_fail
from serving import ChildServer, free_port

BACKENDS = ("embedded", "oxigraph-server", "virtuoso")
VIRTUOSO_SETTINGS = """\
[Database]
DatabaseFile = {work}/virtuoso.db
ErrorLogFile = {work}/virtuoso.log
LockFile = {work}/virtuoso.lck
TransactionFile = {work}/virtuoso.trx
xa_persistent_file = {work}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {work}/virtuoso-temp.db
TransactionFile = {work}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {work}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 30
MaxQueryCostEstimationTime = 0
"""


class StoreServer(ChildServer):
    """A SPARQL server in a child process: ``url`` is its query endpoint; ``stop()`` ends it by its PID."""

    def __init__(self, command: list[str], url: str, log: Path, cwd: Path) -> None:
        self.url = url
        super().__init__(command, url + "?" + urllib.parse.urlencode({"query": "ASK {}"}), log, cwd,
                         "the store's server")


def _tool(name: str, where: str) -> str:
    found = Path(sys.executable).with_name(name)
    path = str(found) if found.exists() else shutil.which(name)
    if path is None:
        skip_or_fail(f"{name} is not installed ({where})")
    return path


def oxigraph_server(work: Path) -> StoreServer:
    """Oxigraph's own server on a new folder; a query may run 30 s (a time-limited client's query ends there)."""
    port = free_port()
    command = [_tool("oxigraph", "the oxigraph package of the dev extras"), "serve", "--location",
               str(work / "oxigraph-server"), "--bind", f"127.0.0.1:{port}", "--timeout-s", "30"]
    return StoreServer(command, f"http://127.0.0.1:{port}/query", work / "oxigraph-server.log", work)


def virtuoso(work: Path) -> StoreServer:
    """A private Virtuoso instance in ``work``, its SPARQL user allowed to update (Virtuoso's default: read only)."""
    server = _tool("virtuoso-t", "Debian's virtuoso-opensource")
    isql = _tool("isql-vt", "Debian's virtuoso-opensource")
    folder = work / "virtuoso"
    folder.mkdir()
    sql_port, http_port = free_port(), free_port()
    settings = folder / "virtuoso.ini"
    settings.write_text(VIRTUOSO_SETTINGS.format(work=folder, sql_port=sql_port, http_port=http_port))
    started = StoreServer([server, "-f", "-c", str(settings)], f"http://127.0.0.1:{http_port}/sparql",
                          folder / "server.log", folder)
    granted = subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                             capture_output=True, text=True, timeout=60)
    if granted.returncode != 0:
        started.stop()
        raise RuntimeError(f"Virtuoso refused the grant: {granted.stdout}{granted.stderr}")
    return started


def start(kind: str, work: Path) -> StoreServer | None:
    """The server of backend ``kind`` (None for the embedded store)."""
    return {"embedded": lambda _: None, "oxigraph-server": oxigraph_server, "virtuoso": virtuoso}[kind](work)


@contextmanager
def storing_in(url: str | None) -> Iterator[None]:
    """``VANKIEN_STORE`` set to ``url`` (unset: the embedded store) for the stores opened meanwhile; a data
    folder written so remembers its server afterwards."""
    before = os.environ.pop("VANKIEN_STORE", None)
    if url:
        os.environ["VANKIEN_STORE"] = url
    try:
        yield
    finally:
        os.environ.pop("VANKIEN_STORE", None)
        if before is not None:
            os.environ["VANKIEN_STORE"] = before
