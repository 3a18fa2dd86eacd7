"""Extraction: documents, organisations, people, events, statistics and relations from a Source."""
