"""How many SPARQL queries may run at once, across every worker process of a server.

A query takes one of ``total`` slots when it starts, or waits up to ``wait``
seconds for one, else is refused at once (503 with Retry-After). A query
that has used ``slow_after`` seconds of CPU must also take one of ``long``
slots to go on (at the lowest CPU priority); when those are taken it is
stopped (503 with Retry-After). So a few expensive queries can never hold
every slot, and cheap ones keep getting through.

Slots are ``flock``-ed files in a run folder shared by the workers, so a slot
is freed by the kernel whenever its holder ends, even a worker killed mid-query.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from vankien.web.settings import SETTING

POLL_SECONDS = 0.02


class Busy(Exception):
    """No slot could be had; ``retry_after`` is a sensible wait in seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class GateSettings:
    """The knobs; defaults are the settings' (:mod:`web.settings`, app config ``SPARQL_*``)."""

    total: int = SETTING["SPARQL_MAX_QUERIES"].default  # queries running at once, all workers together
    long: int = SETTING["SPARQL_MAX_LONG"].default  # of which past ``slow_after`` seconds of CPU
    slow_after: float = SETTING["SPARQL_SLOW_AFTER"].default
    wait: float = SETTING["SPARQL_QUEUE_WAIT"].default  # how long a query may wait for a free slot


def _try_lock(path: Path) -> int | None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


class QueryGate:
    """Slots for queries, shared by every process given the same ``run_dir``."""

    def __init__(self, run_dir: str | Path | None = None, settings: GateSettings = GateSettings()) -> None:
        self.run_dir = Path(run_dir or tempfile.mkdtemp(prefix="vankien-queries-"))
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.settings = settings

    def _take(self, lane: str, count: int) -> int | None:
        for number in range(count):
            fd = _try_lock(self.run_dir / f"{lane}-{number}.lock")
            if fd is not None:
                return fd
        return None

    def admit(self) -> Ticket:
        """A slot for one query, waiting up to ``settings.wait`` seconds; raises :class:`Busy`."""
        deadline = time.monotonic() + self.settings.wait
        while True:
            fd = self._take("any", self.settings.total)
            if fd is not None:
                return Ticket(self, fd)
            if time.monotonic() >= deadline:
                raise Busy(f"{self.settings.total} SPARQL queries are already running; try again shortly",
                           retry_after=2)
            time.sleep(POLL_SECONDS)


class Ticket:
    """One admitted query: its slot, and its long slot once it has one. Use as a context manager."""

    def __init__(self, gate: QueryGate, fd: int) -> None:
        self.gate = gate
        self.fds = [fd]

    def go_long(self) -> bool:
        """Take a long slot (no waiting); False when every long slot is taken."""
        fd = self.gate._take("long", self.gate.settings.long)
        if fd is None:
            return False
        self.fds.append(fd)
        return True

    def release(self) -> None:
        while self.fds:
            os.close(self.fds.pop())  # closing the file drops its lock

    def __enter__(self) -> Ticket:
        return self

    def __exit__(self, *exc) -> None:
        self.release()
