"""Source intake: turn files, folders, JSON Lines and archives into :class:`Source` records.

The readers (:mod:`graph.sources.intake`, which brings in the HTML and PDF libraries) are imported on first
use: a module that only names a source's model (extraction, traversal) starts without them.
"""

from vankien.graph.sources.model import ARTICLE, OFFICIAL_DOCUMENT, OfficialHeader, Source, SourceError

__all__ = [
    "ARTICLE", "OFFICIAL_DOCUMENT", "OfficialHeader", "Source", "SourceError",
    "iter_sources", "parse_bytes", "read_source",
]
_READERS = ("iter_sources", "parse_bytes", "read_source")


def __getattr__(name: str):
    if name in _READERS:
        from vankien.graph.sources import intake

        return getattr(intake, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
