"""vankien's search layer: a Vietnamese-aware full-text index over the graph."""
