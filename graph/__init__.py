"""vankien's graph layer: read sources, extract facts, model, store and traverse them.

This package knows nothing of search or the web.
"""

__version__ = "0.1.0"

# The base of the entities' IRIs unless one is given: here, so the command line reads it without the extractor.
DEFAULT_BASE_IRI = "https://vankien.example/"
BASE_IRI_ENV = "VANKIEN_BASE_IRI"
