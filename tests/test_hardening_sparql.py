"""SPARQL cannot reach other servers, and expensive queries cannot take the site down.

Every trick for hiding SERVICE that an outside tester used (and a few more) is
refused before anything runs, by ``vankien sparql``, ``/sparql`` and the
editor alike; a local listener must see no connection. Even a query that
slipped past the check could not connect: query processes have no network.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner

from vankien.graph import sparql
from vankien.graph.sandbox import network_guard_available
from vankien.graph.sparql import QueryError, evaluate
from vankien.web.app import create_app
from vankien.web.cli import main
from vankien.web.query_gate import Busy, GateSettings, QueryGate

from conftest import ROOT
from serving import Served, ingest_seeds

IN_CI = os.environ.get("CI") == "true"
EXPENSIVE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?f ?i"  # memory
CPU_BOUND = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # time, little memory


class Listener:
    """A TCP server on 127.0.0.1 that answers like a SPARQL endpoint and counts who connects."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        body = b'{"head":{"vars":["secret"]},"results":{"bindings":[{"secret":{"type":"literal","value":"INTERNAL"}}]}}'
        while self.running:
            try:
                client, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            with client:
                client.settimeout(1)
                try:
                    client.recv(65536)
                    client.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                   b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
                except OSError:
                    pass

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


@pytest.fixture()
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def data(seeds_data):
    return seeds_data


def hiding_tricks(url: str) -> dict[str, str]:
    host_port = url.split("//", 1)[1].split("/", 1)[0]
    escaped = "".join(f"\\u{ord(c):04X}" for c in "SERVICE")
    return {
        "plain": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "between comment lines holding triple double quotes":
            f'# """\nSELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}\n# """',
        "between comment lines holding triple single quotes":
            f"# '''\nSELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}\n# '''",
        "a variable bound by VALUES": f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        "a variable bound by BIND": f"SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        "mixed case and SILENT": f"SELECT * WHERE {{ sErViCe SILENT <{url}> {{ ?s ?p ?o }} }}",
        "keyword written with escapes": f"SELECT * WHERE {{ {escaped} <{url}> {{ ?s ?p ?o }} }}",
        "IRI written with escapes": "SELECT * WHERE { SERVICE <http://" + "".join(
            f"\\u{ord(c):04X}" for c in host_port) + "/sparql> { ?s ?p ?o } }",
        "inside FILTER EXISTS": f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
        "inside a subquery": f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        "inside OPTIONAL of an ASK": f"ASK {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "in a UNION of a CONSTRUCT":
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "a prefixed name": f"PREFIX ex: <{url}> SELECT * WHERE {{ SERVICE ex: {{ ?s ?p ?o }} }}",
        "a relative IRI against BASE": f"BASE <{url}> SELECT * WHERE {{ SERVICE <> {{ ?s ?p ?o }} }}",
        "after a string holding a closing brace and a hash":
            f"SELECT * WHERE {{ ?s ?p \"}} # \" . SERVICE <{url}> {{ ?a ?b ?c }} }}",
    }


def assert_no_connection(listener: Listener) -> None:
    time.sleep(0.3)
    assert listener.connections == 0, "the query reached the listener"


def test_every_hidden_service_is_refused_by_the_library(data, listener):
    for name, query in hiding_tricks(listener.url).items():
        with pytest.raises(QueryError) as refused:
            evaluate(data, query, timeout=5)
        assert refused.value.status in (400, 403), name
        if name != "after a string holding a closing brace and a hash":  # the parser cannot read that one:
            assert "SERVICE" in str(refused.value), f"{name}: {refused.value}"  # refused as a syntax error
    assert_no_connection(listener)


def test_every_hidden_service_is_refused_by_the_command_line(data, listener):
    tricks = hiding_tricks(listener.url)  # the same check as the library's: a few of them suffice
    for name in ("plain", "between comment lines holding triple double quotes", "a variable bound by VALUES",
                 "keyword written with escapes"):
        # `vankien sparql` run in this process: the same command, without an interpreter's start-up each query
        done = CliRunner().invoke(main, ["sparql", tricks[name], "--data", str(data)])
        assert done.exit_code == 2, name
        assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr
        assert "INTERNAL" not in done.stdout
    assert_no_connection(listener)


def test_every_hidden_service_is_refused_over_http_and_in_the_editor(data, listener):
    client = create_app(data).test_client()
    for name, query in hiding_tricks(listener.url).items():
        answers = [
            client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/json"}),
            client.post("/sparql", data={"query": query}),
            client.post("/sparql", data=query.encode("utf-8"), content_type="application/sparql-query"),
            client.get("/sparql/editor.json", query_string={"query": query}),
        ]
        for answer in answers:
            assert answer.status_code in (400, 403), f"{name}: {answer.status_code}"
            assert b"INTERNAL" not in answer.data
    assert_no_connection(listener)


def test_ordinary_queries_still_run(data):
    body = evaluate(data, "SELECT (COUNT(*) AS ?n) WHERE { ?d eli:id_local ?n }").body
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0
    escaped = evaluate(data, 'ASK { ?d eli:id_local "40-NQ/TU" }').body  # escapes and strings untouched
    assert json.loads(escaped)["boolean"] is True
    with pytest.raises(QueryError) as update:
        evaluate(data, "# SELECT\nINSERT DATA { <http://a> <http://b> <http://c> }")
    assert update.value.status == 403


def test_query_processes_have_no_network_even_past_the_check(data, listener):
    """Defence in depth: a SERVICE query run without the parse check still cannot connect."""
    if not network_guard_available():
        assert not IN_CI, "CI installs libseccomp and pyseccomp: the network guard must work there"
        pytest.skip("no seccomp on this machine")
    probe = ("from graph.sandbox import confine\nimport socket\nconfine(require_network_guard=True)\n"
             f"socket.create_connection(('127.0.0.1', {listener.url.split(':')[2].split('/')[0]}), timeout=2)\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "PermissionError" in done.stderr
    # The query process itself, given the query directly.
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "result")
        conn, pid, received = sparql._host().submit({
            "store": str(data / "oxigraph"), "query": f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
            "format": "json", "out": out})
        with conn:
            sparql._wait(conn, pid, received, 30, None, None)
        assert not os.path.exists(out) or b"INTERNAL" not in open(out, "rb").read()
        assert os.path.exists(out + ".err")
    assert_no_connection(listener)


def test_a_query_beyond_its_memory_limit_is_stopped_with_a_clear_message(data):
    with pytest.raises(QueryError) as stopped:
        evaluate(data, EXPENSIVE, timeout=60, memory_mb=128, row_cap=10)
    assert stopped.value.status == 503 and "128 MiB memory limit" in str(stopped.value)


def test_the_gate_refuses_beyond_its_slots_and_frees_a_slot_when_its_holder_ends(tmp_path):
    gate = QueryGate(tmp_path, GateSettings(total=1, long=0, wait=0.1))
    with gate.admit() as ticket:
        assert not ticket.go_long()  # no long slots at all
        with pytest.raises(Busy):
            gate.admit()
    gate.admit().release()
    # A holder that dies (a worker killed mid-query) frees its slot too.
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\nfrom web.query_gate import QueryGate, GateSettings\n"
        f"t = QueryGate({str(tmp_path)!r}, GateSettings(total=1)).admit()\nprint('held', flush=True)\n"
        "time.sleep(60)\n")], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(Busy):
            gate.admit()
    finally:
        holder.kill()
        holder.wait()
    gate.admit().release()


def test_a_busy_endpoint_answers_503_with_retry_after_at_once(data, tmp_path):
    app = create_app(data, SPARQL_MAX_QUERIES=1, SPARQL_QUEUE_WAIT=0.1, SPARQL_RUN_DIR=str(tmp_path))
    client = app.test_client()
    held = QueryGate(tmp_path, GateSettings(total=1)).admit()
    try:
        answer = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"},
                            headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 503 and answer.headers["Retry-After"].isdigit()
        assert "running" in answer.get_json()["error"]
    finally:
        held.release()
    assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"},
                      headers={"Accept": "application/sparql-results+json"}).status_code == 200


def test_a_long_query_without_a_long_slot_is_stopped_early(data, tmp_path):
    app = create_app(data, SPARQL_MAX_LONG=0, SPARQL_SLOW_AFTER=0.3, SPARQL_TIMEOUT=60,
                     SPARQL_RUN_DIR=str(tmp_path))
    answer = app.test_client().get("/sparql", query_string={"query": CPU_BOUND},
                                   headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 503 and "long queries" in answer.get_json()["error"]
    assert answer.headers["Retry-After"].isdigit()


# -- a real server -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("served")
    # Queries stopped after 3 s, not the default 10: the pages below are asked for within the first second of
    # the expensive queries, and the test waits for those queries to end.
    served = Served(ingest_seeds(work / "data"), work / "server.log",
                    options=("--query-memory", "256", "--query-timeout", "3"))
    yield served
    served.stop()


def raw_request(server, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(payload)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received


@pytest.mark.parametrize("payload, status", [
    (b"GARBAGE\r\n\r\n", b"400"),
    (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", b"414"),
    (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(200)) + b"\r\n", b"431"),
])
def test_the_servers_own_error_answers_carry_the_security_headers(server, payload, status):
    answer = raw_request(server, payload)
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    assert head.split(" ")[1] == status.decode()
    for header in ("Content-Security-Policy: default-src 'self'", "X-Content-Type-Options: nosniff",
                   "X-Frame-Options: DENY", "Referrer-Policy:"):
        assert header in head, head


def test_slow_clients_and_expensive_queries_do_not_stop_the_pages(server):
    slow = []
    for _ in range(4):  # slowloris: a request line, then one header line now and then
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        sock.sendall(b"GET /search?q=nghi+quyet HTTP/1.1\r\nHost: x\r\n")
        slow.append(sock)
    expensive = [threading.Thread(target=_quietly, args=(
        server.url + "/sparql?" + urllib.parse.urlencode({"query": query}),)) for query in (EXPENSIVE, CPU_BOUND) * 2]
    for thread in expensive:
        thread.start()
    try:
        time.sleep(0.5)
        for sock in slow:
            sock.sendall(b"X-Slow: 1\r\n")
        for path in ("/search.json?q=nghi+quyet+40", "/eli/dang/tinh-uy-lang-son/2021/nq/40.json", "/"):
            with urllib.request.urlopen(server.url + path, timeout=10) as answer:
                assert answer.status == 200
        ask = server.url + "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        with urllib.request.urlopen(urllib.request.Request(
                ask, headers={"Accept": "application/sparql-results+json"}), timeout=10) as answer:
            assert json.loads(answer.read())["boolean"] is True
    finally:
        for sock in slow:
            sock.close()
        for thread in expensive:
            thread.join()


def _quietly(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
