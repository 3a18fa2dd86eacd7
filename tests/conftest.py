"""Shared fixtures: the project root, the seed article, the shared corpora and data folders ingested and indexed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI") == "true"


def skip_or_fail(reason: str) -> None:
    """A tool CI installs is missing: skip here, but fail in CI (CI=true), which must never go green without it."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: .ci/run must install it)", pytrace=False)
    pytest.skip(reason)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_ac2e6e210db709f5.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPORA = ROOT.parent / "shared" / "corpora"


def pytest_collection_modifyitems(items):
    """A test that reads the corpora (the ``corpus`` fixture, directly or through another fixture) is marked
    ``corpus``: ``make test`` leaves it out (``-m "not corpus"``), ``make test-corpus`` runs only those."""
    for item in items:
        if "corpus" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.corpus)


@pytest.fixture(scope="session")
def corpus():
    """Path of a file in ../shared/corpora, or skip when the corpora are not here."""

    def locate(name: str) -> Path:
        path = CORPORA / name
        if not path.exists():
            pytest.skip(f"corpus {name} not available ({CORPORA} is absent on this machine)")
        return path

    return locate


@pytest.fixture(scope="session")
def seeds_data(tmp_path_factory) -> Path:
    """A data folder holding seeds/ ingested and indexed, shared by the session: read it, never write it."""
    from vankien.search.pipeline import ingest

    data = tmp_path_factory.mktemp("seeds") / "data"
    ingest(data, [SEEDS])
    return data


@pytest.fixture
def seeds_data_copy(seeds_data, tmp_path) -> Path:
    """A copy of ``seeds_data`` of the test's own, to write into."""
    return Path(shutil.copytree(seeds_data, tmp_path / "data"))


@pytest.fixture(scope="session")
def seeds_laws_data(tmp_path_factory, corpus) -> Path:
    """seeds/ and the law corpus ingested and indexed, shared by the session (skipped without the corpus)."""
    from vankien.search.pipeline import ingest

    laws = corpus("vn-laws-vlc.tar.gz")
    data = tmp_path_factory.mktemp("seeds-laws") / "data"
    ingest(data, [SEEDS, laws])
    return data
