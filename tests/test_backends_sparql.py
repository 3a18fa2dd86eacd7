"""The SPARQL 1.1 Protocol tests of the JSON API (tests/test_web_api.py), run again on every store backend:
the endpoint passes a query to Oxigraph's server or Virtuoso under the same read-only rules and limits."""

from __future__ import annotations

import pytest
from store_servers import storing_in
from test_web_api import (  # noqa: F401 (collected here, on this module's client)
    test_sparql_ask_answers_in_a_boolean_format_and_graphs_in_n3,
    test_sparql_dataset_parameters_make_the_dataset,
    test_sparql_get_select_as_json,
    test_sparql_post_forms_and_accept,
    test_sparql_refusals_are_clear_4xx,
    test_sparql_relative_iris_resolve_against_the_endpoint,
    test_sparql_time_limit_is_a_clear_503,
    test_sparql_without_a_query_describes_the_service,
)

from vankien.search.pipeline import ingest
from vankien.web.app import create_app

from conftest import SEED


@pytest.fixture(scope="module")
def client(store_backend, tmp_path_factory):
    name, url = store_backend
    data = tmp_path_factory.mktemp(f"{name}-sparql") / "data"
    with storing_in(url):
        ingest(data, [SEED])
    return create_app(data, TESTING=True).test_client()
