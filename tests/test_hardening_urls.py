"""Source URLs that are not valid IRIs, half surrogate pairs in JSON and file names that are not UTF-8:
every such source is stored and searchable, and nothing stops the run.

The rule: an http(s) URL is kept, percent-encoded where an IRI needs it (Vietnamese letters stay);
any other URL is no URL at all (no schema:url, no prov:wasDerivedFrom).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib import URIRef

from vankien.graph.extract.extractor import extract
from vankien.graph.iris import Iris
from vankien.graph.rdf_model import SourceGraphBuilder, source_identity
from vankien.graph.resolve import DocumentResolver
from vankien.graph.sources import Source, iter_sources
from vankien.graph.sources.urls import web_iri
from vankien.web.cli import main

from conftest import ROOT

SCHEMA_URL = URIRef("https://schema.org/url")
HEADLINE = URIRef("https://schema.org/headline")
DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
SOURCE_PATH = URIRef("https://vankien.example/vocab#sourcePath")
VIETNAMESE_URL = "https://baolangson.vn/tin-tức/nghị-quyết-40.html"

# title word (searched for) → (url in the feed, schema:url expected in the graph or None)
FEED = {
    "alpha": ("javascript:alert(1)", None),
    "bravo": ("data:text/html,<script>alert(1)</script>", None),
    "charlie": ("http://example.com/a b", "http://example.com/a%20b"),
    "delta": ("http://example.com/\ttab", "http://example.com/%20tab"),   # JSON fields collapse white space
    "echo": (VIETNAMESE_URL, VIETNAMESE_URL),
    "foxtrot": ("http://exa mple.com/", None),
    "golf": ("http://[::1", None),
    "hotel": ("https://nhandan.vn/chinh-tri/bai-1.html", "https://nhandan.vn/chinh-tri/bai-1.html"),
    "india": ("http://example.com/\ud800x", "http://example.com/%EF%BF%BDx"),
}
ARTICLE = "{word}: Tỉnh ủy Cao Bằng ban hành Nghị quyết số {n}-NQ/TU ngày 3/3/2021 về phát triển du lịch {word}."
BODY = "Tỉnh ủy Lạng Sơn ban hành Nghị quyết số {n}-NQ/TU ngày 5/8/2021 về phát triển kinh tế biên giới {word}. "
PAGE = """<html><head><title>{word}</title>{head}</head>
<body><article><h1>{word}</h1><p>{body}</p></article></body></html>"""
# HTML pages: title word → (extra <head> markup, schema:url expected)
PAGES = {
    "juliett": ('<link rel="canonical" href="javascript:alert(1)">', None),
    "kilo": ('<link rel="canonical" href="/relative/only.html">'
             '<meta property="og:url" content="https://baolangson.vn/chinh-tri/bai 2.html">',
             "https://baolangson.vn/chinh-tri/bai%202.html"),
}
NOT_UTF8_NAME = b"lima-\xff.txt"


def cli(*args, cwd=ROOT):
    proc = subprocess.run([sys.executable, "-m", "vankien.web.cli", *map(str, args)], cwd=cwd, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def write_inputs(folder):
    folder.mkdir()
    with open(folder / "feed.jsonl", "w", encoding="ascii") as out:     # ASCII: "\ud800" stays a JSON escape
        for n, (word, (url, _)) in enumerate(FEED.items(), start=10):
            title = word + (" \udc00" if word == "india" else "")
            out.write(json.dumps({"title": title, "url": url, "text": ARTICLE.format(word=word, n=n)}) + "\n")
    for n, (word, (head, _)) in enumerate(PAGES.items(), start=50):
        page = PAGE.format(word=word, head=head, body=BODY.format(word=word, n=n) * 3)
        (folder / f"{word}.html").write_text(page, "utf-8")
    with open(os.path.join(os.fsencode(folder), NOT_UTF8_NAME), "w", encoding="utf-8") as out:
        out.write("# url = http://[::1\n# title = lima\n\n" + ARTICLE.format(word="lima", n=90) + "\n")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """A data folder after `vankien ingest` of the inputs above: (exit code, summary, stderr, data, export)."""
    root = tmp_path_factory.mktemp("urls")
    write_inputs(root / "in")
    data = root / "data"
    code, out, err = cli("ingest", root / "in", "--data", data, "--json")
    summary = json.loads(out) if code in (0, 2) else None
    export_code, triples, export_err = cli("export", "--format", "ntriples", "--data", data)
    assert export_code == 0, export_err
    return code, summary, err, root, triples


def articles_by_word(triples: str) -> dict[str, URIRef]:
    graph = rdflib.Graph()
    graph.parse(data=triples, format="nt")
    return graph, {str(title).split()[0]: node for node, title in graph.subject_objects(HEADLINE)}


def test_ingest_stores_every_source_whatever_its_url(ingested):
    code, summary, err, _, _ = ingested
    assert code == 0, err
    assert not [line for line in err.splitlines() if "Traceback" in line or line.startswith("error")]
    words = len(FEED) + len(PAGES) + 1
    expected = {"read": words, "written": words, "skipped": 0, "failed": []}
    assert {key: summary[key] for key in expected} == expected and summary["triples"] > 0


def test_export_parses_and_holds_only_valid_http_urls(ingested):
    *_, triples = ingested
    graph, articles = articles_by_word(triples)
    expected = {word: url for word, (_, url) in {**FEED, **PAGES}.items()} | {"lima": None}
    assert set(articles) == set(expected)
    for word, node in articles.items():
        urls = [str(o) for o in graph.objects(node, SCHEMA_URL)]
        assert urls == ([expected[word]] if expected[word] else []), word
        assert [str(o) for o in graph.objects(node, DERIVED)] == urls, word
    assert "javascript:" not in triples and "data:text" not in triples and "[::1" not in triples


def test_vietnamese_url_is_kept_readable_and_names_its_publisher(ingested):
    *_, triples = ingested
    assert f"<{VIETNAMESE_URL}>" in triples
    graph, articles = articles_by_word(triples)
    publisher = graph.value(articles["echo"], URIRef("https://schema.org/publisher"))
    assert str(graph.value(publisher, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))) == "Báo Lạng Sơn"


def test_half_surrogate_pair_and_non_utf8_file_name_are_stored_readably(ingested):
    *_, triples = ingested
    graph, articles = articles_by_word(triples)
    assert str(graph.value(articles["india"], HEADLINE)) == "india \ufffd"
    assert str(graph.value(articles["lima"], SOURCE_PATH)) == "in/lima-\\xff.txt"


@pytest.mark.parametrize("word", [*FEED, *PAGES, "lima"])
def test_every_article_is_searchable(ingested, word):
    _, _, _, root, _ = ingested
    # `vankien search` run in this process (the same command, without an interpreter's start-up each word)
    result = CliRunner().invoke(main, ["search", word, "--kind", "article", "--json", "--data", str(root / "data")])
    assert result.exit_code == 0, result.output
    assert [hit["label"].split()[0] for hit in json.loads(result.stdout)["hits"]] == [word]


def test_reading_again_changes_nothing(ingested):
    """The cleaned URL is the source's identity: a second run finds every source unchanged."""
    _, _, _, root, _ = ingested
    code, out, err = cli("ingest", root / "in", "--data", root / "data", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["written"], summary["skipped"]) == (0, len(FEED) + len(PAGES) + 1)


@pytest.mark.parametrize("given, expected", [
    (VIETNAMESE_URL, VIETNAMESE_URL),
    ("HTTPS://Example.com:8080/a?b=c#d", "HTTPS://Example.com:8080/a?b=c#d"),
    ("http://[::1]/x", "http://[::1]/x"),
    ("https://xn--bo-lng-sn.vn/ở/đây", "https://xn--bo-lng-sn.vn/ở/đây"),
    ("  http://example.com/a b  ", "http://example.com/a%20b"),
    ("http://example.com/\ttab", "http://example.com/%09tab"),
    ('http://example.com/<a>"{b}"|\\^`', "http://example.com/%3Ca%3E%22%7Bb%7D%22%7C%5C%5E%60"),
    ("http://example.com/a[1]?q=[2]", "http://example.com/a%5B1%5D?q=%5B2%5D"),
    ("http://example.com/100%?x=%41", "http://example.com/100%25?x=%41"),
    ("http://example.com/a#b#c", "http://example.com/a#b%23c"),
    ("http://example.com/\x00\x7f\u0085x", "http://example.com/%00%7F%C2%85x"),
    ("http://example.com/\ufdd0", "http://example.com/%EF%B7%90"),
    ("javascript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("file:///etc/passwd", None),
    ("ftp://example.com/a", None),
    ("//example.com/a", None),
    ("/tin/a.html", None),
    ("http:example.com", None),
    ("http://", None),
    ("http:///a", None),
    ("http://exa mple.com/", None),
    ("http://[::1", None),
    ("http://[v1.x]/", None),
    ("http://example.com:http/", None),
    ("http://example.com:70000/", None),
    ("http://a%20b.com/", None),
    ("http://example.com\\@good.vn/", None),
    ("", None),
    (None, None),
])
def test_url_becomes_a_valid_iri_or_nothing(given, expected):
    assert web_iri(given) == expected
    if expected is not None:
        assert str(ox.NamedNode(expected)) == f"<{expected}>"
        assert web_iri(expected) == expected


def test_a_source_built_elsewhere_is_guarded_by_the_model():
    """A Source not made by the readers still gives only valid IRIs, and no URL that is not http(s)."""
    text = ARTICLE.format(word="mike", n=70)
    builder = SourceGraphBuilder(Iris(None), DocumentResolver(Iris(None)))
    for url, kept in [("javascript:alert(1)", None), ("http://example.com/a b", "http://example.com/a%20b")]:
        source = Source(path="mike.txt", text=text, sha256="0" * 64, url=url)
        graph = builder.build(extract(source))
        urls = [str(o) for s, p, o in graph.triples if p in (SCHEMA_URL, DERIVED)]
        assert urls == ([kept] * 2 if kept else [])
        for term in (t for triple in graph.triples for t in triple if isinstance(t, URIRef)):
            ox.NamedNode(str(term))
    plain = Source(path="mike.txt", text=text, sha256="0" * 64)
    assert source_identity(Source(path="mike.txt", text=text, sha256="0" * 64, url="data:,x")) == source_identity(plain)


def test_plain_text_url_line_that_is_not_an_iri_is_left_out_of_the_text(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Tiêu đề bài\n\n" + ARTICLE.format(word="november", n=80) + "\n\nhttp://exa<mple>.com/a\n", "utf-8")
    (source,) = iter_sources([path])
    assert source.url is None
    assert "exa<mple>" not in source.text
