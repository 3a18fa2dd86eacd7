"""Extractors that find structured facts (document numbers, ...) in Vietnamese text."""
