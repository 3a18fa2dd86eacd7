"""A store of the seed and the 110 laws of the corpus conforms to the shapes (``vankien validate``)."""

from __future__ import annotations

import pytest

from vankien.graph.store import GraphStore
from vankien.graph.validate import validate
from vankien.search.pipeline import ingest

from conftest import ROOT

pytestmark = pytest.mark.corpus


def test_seed_and_laws_store_conforms(tmp_path, corpus):
    laws = corpus("vn-laws-vlc.tar.gz")
    ingest(tmp_path / "data", [ROOT / "seeds", laws])
    store = GraphStore(tmp_path / "data", read_only=True)
    try:
        conforms, report, results = validate(store)
    finally:
        store.close()
    assert conforms, f"{results} result(s):\n{report[:4000]}"
