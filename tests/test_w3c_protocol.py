"""The W3C SPARQL 1.1 Protocol test suite (../shared/conformance/w3c-sparql11-protocol/manifest.ttl) run
against a served instance.

Each test of the manifest is a list of HTTP requests with the status class, result format and boolean
expected. The server's store holds the seeds and data1–3.nt as the named graphs the suite names
(``http://kasei.us/2009/09/sparql/data/dataN.rdf``). Query tests must pass as written. The endpoint is
read-only, so an update test passes when its update is refused with a 4xx (what follows an update in a
test reads what it wrote, so it is not sent).
"""

from __future__ import annotations

import http.client
import json
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.collection import Collection

from conftest import ROOT
from serving import Served

SUITE = ROOT.parent / "shared" / "conformance" / "w3c-sparql11-protocol"
MANIFEST = SUITE / "manifest.ttl"
DATA_GRAPHS = {f"data{n}.nt": f"http://kasei.us/2009/09/sparql/data/data{n}.rdf" for n in (1, 2, 3)}
ENDPOINT = "/sparql"  # the manifest's "/sparql/" stands for the endpoint under test

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"}
BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
             "application/ld+json": "json-ld"}

pytestmark = pytest.mark.skipif(not MANIFEST.exists(), reason=f"the W3C protocol suite is absent ({SUITE})")


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]  # status classes: 2, 3, 4 …
    boolean: bool | None = None
    result: str | None = None  # "boolean", "tabular" or "RDF"


@dataclass
class ProtocolTest:
    name: str
    title: str
    requests: list[Request] = field(default_factory=list)

    @property
    def updates(self) -> bool:
        return "update" in self.name


def _read_request(manifest: rdflib.Graph, node) -> Request:
    value = manifest.value
    body = value(node, HT.body)
    data = None
    if body is not None:
        encoding = str(value(body, CNT.characterEncoding) or "UTF-8")
        data = str(value(body, CNT.chars)).encode(encoding)
    headers = {}
    header_list = value(node, HT.headers)
    if header_list is not None:
        for header in Collection(manifest, header_list):
            headers[str(value(header, HT.fieldName))] = str(value(header, HT.fieldValue))
    response = value(node, HT.resp)
    statuses = {int(str(status)[len(HTS)]) for status in manifest.objects(response, MF.expectedStatus)}
    boolean = value(response, MF.expectedBoolean)
    result = value(response, MF.expectedFormat)
    path = str(value(node, HT.absolutePath))
    assert path.startswith("/sparql/"), path
    return Request(str(value(node, HT.methodName)), ENDPOINT + path[len("/sparql/"):], headers, data, statuses,
                   None if boolean is None else boolean.toPython(), None if result is None else str(result))


def read_manifest(path: Path = MANIFEST) -> list[ProtocolTest]:
    """The manifest's tests, in its order."""
    manifest = rdflib.Graph().parse(path, format="turtle")
    root = next(manifest.subjects(rdflib.RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(manifest, manifest.value(root, MF.entries)):
        action = manifest.value(entry, MF.action)
        test = ProtocolTest(str(entry).rsplit("#", 1)[-1], str(manifest.value(entry, MF.name)))
        for node in Collection(manifest, manifest.value(action, HT.requests)):
            test.requests.append(_read_request(manifest, node))
        tests.append(test)
    return tests


TESTS = read_manifest() if MANIFEST.exists() else []


@pytest.fixture(scope="module")
def server(seeds_data, tmp_path_factory):
    """The seeds' store with data1–3.nt added as named graphs, served on 127.0.0.1."""
    from vankien.graph.store import GraphStore

    work = tmp_path_factory.mktemp("w3c-protocol")
    data = work / "data"
    shutil.copytree(seeds_data, data)
    store = GraphStore(data)
    try:
        for file, graph in DATA_GRAPHS.items():
            triples = [ox.Triple(q.subject, q.predicate, q.object)
                       for q in ox.parse(path=str(SUITE / file), format=ox.RdfFormat.N_TRIPLES)]
            store.replace_derived(graph, triples)
        store.flush()
    finally:
        store.close()
    served = Served(data, work / "server.log", workers=1)
    yield served
    served.stop()


def send(server: Served, request: Request) -> tuple[int, str, bytes]:
    """Send one request exactly as the manifest writes it (no header added but Host and Content-Length)."""
    host = urlsplit(server.url)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    try:
        connection.putrequest(request.method, request.path, skip_accept_encoding=True)
        for name, value in request.headers.items():
            connection.putheader(name, value)
        if request.body is not None or request.method in ("POST", "PUT"):
            connection.putheader("Content-Length", str(len(request.body or b"")))
        connection.endheaders(request.body)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def _boolean(media_type: str, body: bytes) -> bool:
    if media_type == "application/sparql-results+json":
        return json.loads(body)["boolean"]
    element = ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    return element.text.strip() == "true"


def check(request: Request, status: int, content_type: str, body: bytes) -> None:
    """What the manifest expects of the answer: the status class, the kind of result, the boolean."""
    where = f"{request.method} {request.path}"
    assert status // 100 in request.statuses, f"{where}: {status} {body[:300]!r}"
    media_type = content_type.split(";")[0].strip().lower()
    if request.result == "boolean":
        assert media_type in BOOLEAN_TYPES, f"{where}: a boolean answered as {media_type}"
        answer = _boolean(media_type, body)
        if request.boolean is not None:
            assert answer is request.boolean, f"{where}: {answer}"
    elif request.result == "tabular":
        assert media_type in RESULT_TYPES, f"{where}: a table answered as {media_type}"
    elif request.result == "RDF":
        assert media_type in RDF_TYPES, f"{where}: RDF answered as {media_type}"
        rdflib.Graph().parse(data=body, format=RDF_TYPES[media_type])


@pytest.mark.parametrize("test", [t for t in TESTS if not t.updates], ids=lambda t: t.name)
def test_query_test_passes(server, test: ProtocolTest):
    for request in test.requests:
        check(request, *send(server, request))


@pytest.mark.parametrize("test", [t for t in TESTS if t.updates], ids=lambda t: t.name)
def test_update_is_refused(server, test: ProtocolTest):
    first = test.requests[0]
    status, _, body = send(server, first)
    assert 400 <= status < 500, f"{test.name}: {status} {body[:300]!r}"
    assert json.loads(body)["error"]


def test_the_suite_is_read_whole():
    """Every entry of the manifest becomes a test with its requests: none is dropped by the runner."""
    assert len(TESTS) == 34 and sum(not t.updates for t in TESTS) == 20
    assert all(t.requests and all(r.statuses for r in t.requests) for t in TESTS)
