"""Opening the Oxigraph store read-only while a writer may be at work on it.

A writer may replace the store's manifest between the moment a read-only view lists the files and the
moment it opens them ("Corruption: … MANIFEST-… No such file"): the open is tried again, a few times,
before that is reported. Light on purpose: the query host imports it.
"""

from __future__ import annotations

import time

import pyoxigraph as ox

READ_ONLY_ATTEMPTS = 5


def open_read_only(path: str) -> ox.Store:
    """A read-only view of the store at ``path``; ``OSError`` when it cannot be opened."""
    for attempt in range(READ_ONLY_ATTEMPTS):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError) as error:
            if attempt == READ_ONLY_ATTEMPTS - 1 or "MANIFEST" not in str(error):
                raise OSError(str(error)) from None
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")
