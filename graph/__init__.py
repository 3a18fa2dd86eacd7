"""vankien's graph layer: read sources, extract facts, model, store and traverse them.

This package knows nothing of search or the web.
"""

__version__ = "0.1.0"
