"""What can go wrong with the store, as the user can act on it (shared by the embedded and the server store)."""


class StoreError(Exception):
    """A problem with the store that the user can act on; ``str()`` is one line."""


class StoreLocked(StoreError):
    """Another process holds the store open for writing (an ingest)."""
