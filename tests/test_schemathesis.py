"""schemathesis, every check, over the OpenAPI document of a served instance: what the document promises
(statuses, media types, schemas, bounds) is what the server does, for valid and invalid requests alike.

Two allowances, each the protocol's own: a string of the right type sent as search words or as a SPARQL
query is a language the schema cannot describe, so it may still be refused (400 a syntax error, 403 an update,
406 a form without that format, 413/414 too long); and 413/414 are refusals of an over-long request as good
as a 400.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from serving import serve_copy

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
MAX_EXAMPLES = 60  # per operation and phase: ~1 minute for the 16 operations
CONFIG = """\
[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "414", "415", "422", "428", "429", "5xx"]

[[operations]]
include-operation-id = ["search", "sparqlGet", "sparqlPost", "sparqlEditor"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "403", "404", "406", "413", "414"]
"""

pytestmark = pytest.mark.skipif(not SCHEMATHESIS.exists(),
                                reason="schemathesis is not installed (pip install -e '.[dev]')")


@pytest.fixture(scope="module")
def server(seeds_data, tmp_path_factory):
    yield from serve_copy(seeds_data, tmp_path_factory.mktemp("schemathesis"))


def test_every_check_passes_on_every_operation(server, tmp_path):
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG, "utf-8")
    run = subprocess.run(
        [str(SCHEMATHESIS), "--config-file", str(config), "run", f"{server.url}/api/openapi.json",
         "--checks", "all", "--max-examples", str(MAX_EXAMPLES), "--workers", "2", "--no-color",
         "--seed", "16", "--report-dir", str(tmp_path / "reports")],
        cwd=tmp_path, capture_output=True, text=True, timeout=600)
    summary = run.stdout[-6000:]
    assert run.returncode == 0, summary
    assert "16 selected / 16 total" in run.stdout and "failed" not in summary.split("SUMMARY")[-1], summary
