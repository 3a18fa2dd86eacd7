"""Source intake: turn files, folders, JSON Lines and archives into :class:`Source` records."""

from vankien.graph.sources.intake import iter_sources, parse_bytes, read_source
from vankien.graph.sources.model import ARTICLE, OFFICIAL_DOCUMENT, OfficialHeader, Source, SourceError

__all__ = [
    "ARTICLE", "OFFICIAL_DOCUMENT", "OfficialHeader", "Source", "SourceError",
    "iter_sources", "parse_bytes", "read_source",
]
