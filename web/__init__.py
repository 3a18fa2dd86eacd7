"""vankien's web layer: the command line, the Flask UI, the JSON API and SPARQL."""
