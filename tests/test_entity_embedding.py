"""An entity page carries its own triples as embedded JSON-LD and names its canonical address."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from test_web_pages import KH15, NQ40, build_data_dir

from vankien.web.app import create_app
from vankien.web.views.entities import embedded_jsonld


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return create_app(build_data_dir(tmp_path_factory.mktemp("embedding")), TESTING=True).test_client()


@pytest.mark.parametrize("path", [NQ40, KH15, "/org/bo-chinh-tri"])
def test_the_page_embeds_the_same_triples_as_its_json_ld_twin(client, path):
    page = client.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    embedded = Graph().parse(data=blocks[0], format="json-ld", base="http://localhost" + path)
    twin = Graph().parse(data=client.get(path + ".jsonld").get_data(as_text=True), format="json-ld",
                         base="http://localhost" + path)
    assert len(embedded) > 5 and isomorphic(embedded, twin)
    assert re.search(rf'<link rel="canonical" href="http://localhost{re.escape(path)}">', html)


def test_no_value_can_close_the_script_block():
    text = json.dumps({"label": "a </script><script>alert(1)</script> b"}).encode()
    embedded = embedded_jsonld(text)
    assert "</" not in embedded and "<" not in embedded
    assert json.loads(embedded) == json.loads(text)
