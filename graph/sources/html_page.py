"""HTML pages: the article body only, plus the page's metadata.

The body comes from trafilatura, a maintained library built for exactly this
(main-content extraction with boilerplate removal: menus, sidebars such as
"Tin liên quan", footers, scripts); it is evaluated on news pages and returns
metadata too. Explicit ``<meta>``/``<link>`` tags are read first with lxml
(which trafilatura already depends on) because they carry the exact time and
canonical URL; trafilatura's own metadata is the fallback.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura

from vankien.graph.dates import parse_timestamp
from vankien.graph.sources.model import OFFICIAL_DOCUMENT, Source
from vankien.graph.sources.official import detect_header, display_title
from vankien.graph.sources.plain_text import parse_author_line, parse_views
from vankien.graph.sources.publishers import publisher_for, section_for
from vankien.graph.sources.urls import web_iri
from vankien.graph.text import collapse_space, nfc, unify_tones

MIN_BODY_CHARS = 80
VIEWS_IN_PAGE = re.compile(r"([\d][\d.,]*)\s*lượt\s+(?:xem|đọc)", re.IGNORECASE)


def _meta(tree: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        value = element.get("content")
        if key and value and key not in found:
            found[key] = collapse_space(nfc(value))
    for element in tree.iter("link"):
        if "canonical" in (element.get("rel") or "").lower().split() and element.get("href"):
            found.setdefault("canonical", element.get("href").strip())
    return found


def read_html(page: str, *, path: str, sha256: str, encoding: str) -> Source:
    """Turn an HTML page into a :class:`Source`; ValueError when it has no article body."""
    try:
        tree = lxml.html.document_fromstring(page)
    except (lxml.etree.ParserError, ValueError) as error:
        raise ValueError(f"not parseable as HTML ({error})") from None
    meta = _meta(tree)
    extracted = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_images=False, favor_precision=True
    )
    body = nfc(extracted.text or "") if extracted else ""
    if len(body.strip()) < MIN_BODY_CHARS:
        raise ValueError("no article body found in the HTML page")

    source = Source(path=path, text="", sha256=sha256, encoding=encoding)
    lines = [line.strip() for line in body.splitlines()]
    found = detect_header(lines)
    if found:
        source.kind = OFFICIAL_DOCUMENT
        source.header, start = found
        lines = lines[start:]
    source.text = "\n".join(lines).strip()

    source.title = meta.get("og:title") or (nfc(extracted.title) if extracted.title else None)
    if source.kind == OFFICIAL_DOCUMENT:
        source.title = display_title(source.header, source.text) or source.title
        source.published = source.header.date
    stamp = meta.get("article:published_time") or meta.get("datepublished") or meta.get("pubdate")
    source.published = (parse_timestamp(stamp) if stamp else None) or source.published or extracted.date
    # The first of these that is a valid http(s) IRI; a relative or javascript: canonical link is passed over.
    source.url = next(filter(None, map(web_iri, (meta.get("canonical"), meta.get("og:url"), extracted.url))), None)
    source.section = meta.get("article:section") or section_for(source.url)
    source.summary = meta.get("og:description") or meta.get("description") or extracted.description

    byline = meta.get("author") or meta.get("article:author") or extracted.author
    if byline:
        signed = parse_author_line(byline)
        source.author, source.author_affiliation = signed if signed else (unify_tones(collapse_space(byline)), None)
    source.publisher = publisher_for(source.url) or meta.get("og:site_name") or extracted.sitename
    if views := VIEWS_IN_PAGE.search(tree.text_content()):
        source.views = parse_views(views.group(0))
    return source
