"""Limits for a process that runs untrusted work (a user's SPARQL query).

``confine`` is called first thing in such a process: it takes away its
network — a seccomp filter makes creating an Internet socket fail with EACCES
(local pipes and Unix sockets still work), so no query can reach another
server whatever the query text hides; this cannot be undone.

The process runs many queries one after another and caps each with
:func:`query_limits`: the memory it may allocate (``RLIMIT_DATA``: heap,
anonymous mappings and thread stacks; the store's read-only file mappings do
not count), counted from what the process holds when the query starts, and the
size of any file it writes (``RLIMIT_FSIZE``) — soft limits, lifted when the
query ends.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import resource
import socket
import sys
from collections.abc import Iterator

log = logging.getLogger(__name__)

# Address families that reach other machines (or this one over IP).
_NETWORK_FAMILIES = (socket.AF_INET, socket.AF_INET6, getattr(socket, "AF_PACKET", 17))


class SandboxUnavailable(RuntimeError):
    """The network cannot be taken away here (no seccomp); ``str()`` says why."""


try:  # at import: the binding looks for libseccomp once, not in every confined process
    import pyseccomp as _pyseccomp
    _MISSING = None
except (ImportError, RuntimeError, OSError) as _error:  # the binding raises RuntimeError without libseccomp
    _pyseccomp, _MISSING = None, f"libseccomp is not available ({_error})"


def network_guard_available() -> bool:
    """Whether this machine can take the network away from a process (Linux with libseccomp)."""
    try:
        _seccomp()
    except SandboxUnavailable:
        return False
    return True


def _seccomp():
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(f"seccomp is a Linux facility; this is {sys.platform}")
    if _pyseccomp is None:
        raise SandboxUnavailable(_MISSING)
    return _pyseccomp


def deny_network() -> None:
    """From now on, this process (and its threads and children) cannot create an Internet socket."""
    seccomp = _seccomp()
    refuse = seccomp.ERRNO(errno.EACCES)
    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    for family in _NETWORK_FAMILIES:
        rules.add_rule(refuse, "socket", seccomp.Arg(0, seccomp.EQ, family))
        rules.add_rule(refuse, "socketpair", seccomp.Arg(0, seccomp.EQ, family))
    # io_uring can open sockets without the socket() system call.
    rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "io_uring_setup")
    rules.load()


def confine(*, require_network_guard: bool = False) -> None:
    """Take the network away for good (see the module docstring); the memory and file caps are each
    query's (:func:`query_limits`).

    Without seccomp the network stays, with a warning — or :class:`SandboxUnavailable` is raised
    when ``require_network_guard``.
    """
    try:
        deny_network()
    except SandboxUnavailable as error:
        if require_network_guard:
            raise
        log.warning("query processes keep their network access: %s", error)


def data_size() -> int | None:
    """The bytes this process holds in data mappings, what ``RLIMIT_DATA`` counts (``VmData``, Linux);
    None where that cannot be read."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return None


def _set_soft(kind: int, soft: int | None) -> None:
    """The soft limit of ``kind`` at ``soft`` (None: as high as the hard limit allows)."""
    hard = resource.getrlimit(kind)[1]
    if soft is None:
        soft = hard
    elif hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(kind, (soft, hard))


@contextlib.contextmanager
def query_limits(memory_bytes: int | None, file_bytes: int | None) -> Iterator[None]:
    """While the block runs: at most ``memory_bytes`` more in data mappings than the process holds now
    (heap grown through ``brk`` is checked against the heap's own size, so a query may get a little more),
    no file written past ``file_bytes`` (SIGXFSZ). None: no cap. The soft limits are lifted afterwards."""
    if memory_bytes is not None:
        _set_soft(resource.RLIMIT_DATA, (data_size() or 0) + memory_bytes)
    if file_bytes is not None:
        _set_soft(resource.RLIMIT_FSIZE, file_bytes)
    try:
        yield
    finally:
        _set_soft(resource.RLIMIT_DATA, None)
        _set_soft(resource.RLIMIT_FSIZE, None)
