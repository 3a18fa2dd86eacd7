"""Limits for a process that runs untrusted work (a user's SPARQL query).

``confine`` is called first thing in such a process: it caps the memory the
process may allocate (``RLIMIT_DATA``: heap, anonymous mappings and thread
stacks; the store's read-only file mappings do not count) and the size of any
file it writes, and takes away its network: a seccomp filter makes creating
an Internet socket fail with EACCES (local pipes and Unix sockets still work),
so no query can reach another server whatever the query text hides.
"""

from __future__ import annotations

import errno
import logging
import resource
import socket
import sys

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


def confine(memory_bytes: int | None, file_bytes: int | None, *, require_network_guard: bool = False) -> None:
    """Cap memory and written file size, and take the network away (see the module docstring).

    Without seccomp the network stays, with a warning — or :class:`SandboxUnavailable` is raised
    when ``require_network_guard``.
    """
    if memory_bytes is not None:
        resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    if file_bytes is not None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
    try:
        deny_network()
    except SandboxUnavailable as error:
        if require_network_guard:
            raise
        log.warning("query processes keep their network access: %s", error)
