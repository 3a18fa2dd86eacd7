"""Filters and globals the templates use: dates, numbers, words and the URL builders."""

from __future__ import annotations

import re

from flask import Flask

from vankien.graph.status import LABELS as STATUS_LABELS
from vankien.graph.vocab import PREFIXES
from vankien.web import urls, words

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2}))?")


def vietnamese_date(value: str | None) -> str:
    """ "2021-08-05" → "05/08/2021"; a date-time also gives its hour; a bare year stays a year."""
    if not value:
        return ""
    m = _DATE.match(str(value))
    if not m:
        return str(value)
    year, month, day, hour, minute = m.groups()
    if not month:
        return year
    text = f"{day}/{month}/{year}" if day else f"{month}/{year}"
    return f"{text} {hour}:{minute}" if hour else text


def vietnamese_number(value) -> str:
    """7600 → "7.600" (Vietnamese thousands separator)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    return f"{number:,}".replace(",", ".")


def compact(iri: str) -> str:
    """An IRI in prefix form when one of our prefixes fits (``eli:LegalResource``)."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def status_word(code: str | None) -> str:
    """ "het-hieu-luc-toan-bo" → "Hết hiệu lực toàn bộ"."""
    return STATUS_LABELS.get(code or "", code or "")


def install(app: Flask) -> None:
    """Register the filters and globals on ``app``'s template environment."""
    app.jinja_env.filters.update(date=vietnamese_date, number=vietnamese_number, compact=compact,
                                 kind_word=words.kind_word, status_reason=words.status_reason,
                                 status_word=status_word)
    app.jinja_env.globals.update(
        entity_url=urls.entity_url, link=urls.link, graph_url=urls.graph_url, search_url=urls.search_url,
        browse_url=urls.browse_url, toggle=urls.toggle, sparql_download=urls.sparql_download,
        editor_url=urls.editor_url, relation_word=words.relation_word, kind_word=words.kind_word,
        status_word=status_word,
        KINDS_PLURAL=words.KINDS_PLURAL,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
