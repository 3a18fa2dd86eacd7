"""The SPARQL server store's client against a server played here (http.server on 127.0.0.1): what it does
with answers real servers give now and then — a refusal to retry, a cut answer, credentials to send."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from vankien.graph.remote import RemoteStore, ServerLimit, location
from vankien.graph.store_errors import StoreError

ASK_TRUE = json.dumps({"head": {}, "boolean": True}).encode()
# Virtuoso's answer to an ASK: a table of one column, one row for true.
VIRTUOSO_ASK = json.dumps({"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [
    {"__ASK_RETVAL": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                      "value": "1"}}]}}).encode()
VIRTUOSO_ASK_FALSE = json.dumps({"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": []}}).encode()


class Played:
    """A server answering each request with the next of ``answers`` (status, headers, body), the requests kept."""

    def __init__(self, answers: list[tuple[int, dict, bytes]]) -> None:
        self.answers, self.requests = list(answers), []
        played = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                played.requests.append((dict(self.headers), body))
                status, headers, answer = played.answers.pop(0) if played.answers else (500, {}, b"no more")
                self.send_response(status)
                for name, value in {"Content-Type": "application/sparql-results+json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def play():
    started = []

    def start(*answers):
        started.append(Played(list(answers)))
        return started[-1]

    yield start
    for server in started:
        server.close()


def test_a_server_busy_for_a_moment_is_asked_again(play):
    server = play((200, {}, ASK_TRUE), (503, {}, b"busy"), (200, {}, ASK_TRUE))
    store = RemoteStore(location(server.url))
    assert bool(store.query("ASK { ?s ?p ?o }")) is True
    assert len(server.requests) == 3


def test_an_answer_cut_at_the_servers_own_limit_is_an_error_never_a_partial_answer(play):
    server = play((200, {"Server": "Virtuoso/07.20.3229 (Linux)"}, VIRTUOSO_ASK),
                  (200, {"X-SQL-State": "S1TAT"}, json.dumps({"head": {"vars": ["s"]},
                                                             "results": {"bindings": []}}).encode()))
    store = RemoteStore(location(server.url))
    with pytest.raises(ServerLimit, match="stopped the query at its own time limit"):
        store.query("SELECT ?s WHERE { ?s ?p ?o }")


def test_virtuoso_ask_tables_are_booleans(play):
    server = play((200, {"Server": "Virtuoso/07.20.3229 (Linux)"}, VIRTUOSO_ASK),
                  (200, {}, VIRTUOSO_ASK_FALSE), (200, {}, VIRTUOSO_ASK))
    store = RemoteStore(location(server.url))
    assert store.union_default and store.system_graphs
    assert bool(store.query("ASK { <urn:a> ?p ?o }")) is False
    assert bool(store.query("ASK { ?s ?p ?o }")) is True


def test_credentials_come_from_the_environment(play, monkeypatch):
    server = play((200, {}, ASK_TRUE))
    monkeypatch.setenv("VANKIEN_STORE_USER", "vankien")
    monkeypatch.setenv("VANKIEN_STORE_PASSWORD", "bí mật")
    RemoteStore(location(server.url))
    sent = server.requests[0][0]["Authorization"]
    assert sent.startswith("Basic ") and base64.b64decode(sent.split()[1]).decode("utf-8") == "vankien:bí mật"


def test_refusals_and_strange_answers_are_one_line(play):
    server = play((200, {}, ASK_TRUE), (400, {"Content-Type": "text/plain"}, b"Parse error\nline 2"),
                  (200, {"Content-Type": "image/png"}, b"\x89PNG"))
    store = RemoteStore(location(server.url))
    with pytest.raises(StoreError, match=r"answered 400: Parse error$"):
        store.query("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(StoreError, match="answered in image/png, not SPARQL results"):
        store.query("SELECT * WHERE { ?s ?p ?o }")


def test_where_updates_and_graphs_go():
    assert location("http://h:7878/query").update == "http://h:7878/update"
    assert location("http://h:7878/query").graphs == "http://h:7878/store"
    assert location("http://h:8890/sparql").update == "http://h:8890/sparql"
    assert location("http://h:8890/sparql").graphs is None
    assert location("http://h/q", "http://h/u", "http://h/g").graphs == "http://h/g"
    with pytest.raises(StoreError, match="not the http"):
        location("h:8890/sparql")
