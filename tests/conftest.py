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
SEEDS_FOLDER = ROOT / "seeds"   # what `make run` ingests: the seed article and the invented sample texts
SEED = SEEDS_FOLDER / "000_ac2e6e210db709f5.txt"
# What the shared fixtures ingest: the seed article alone, so the many tests that assert on its store do not
# move with the sample texts beside it (tests/test_first_run.py ingests the whole folder).
SEEDS = SEED
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
    """A data folder holding the seed article ingested and indexed, shared by the session: read it, never write it."""
    from vankien.search.pipeline import ingest

    data = tmp_path_factory.mktemp("seeds") / "data"
    ingest(data, [SEED])
    return data


@pytest.fixture
def seeds_data_copy(seeds_data, tmp_path) -> Path:
    """A copy of ``seeds_data`` of the test's own, to write into."""
    return Path(shutil.copytree(seeds_data, tmp_path / "data"))


@pytest.fixture(scope="session")
def seeds_laws_data(tmp_path_factory, corpus) -> Path:
    """The seed article and the law corpus ingested and indexed, shared by the session (skipped without the corpus)."""
    from vankien.search.pipeline import ingest

    laws = corpus("vn-laws-vlc.tar.gz")
    data = tmp_path_factory.mktemp("seeds-laws") / "data"
    ingest(data, [SEED, laws])
    return data


@pytest.fixture(scope="session")
def dantri_laws_data(tmp_path_factory, seeds_laws_data, corpus) -> Path:
    """The seed article, the law corpus and the Dân trí articles ingested and indexed — the store the judged query
    set of bench/queries was pooled on — shared by the session: a copy of ``seeds_laws_data`` the Dân trí archive
    is added to (the ingest order does not change the store: tests/test_ingest_order.py)."""
    from vankien.search.pipeline import ingest

    news = corpus("dantri-2020-news.tar.gz")
    data = Path(shutil.copytree(seeds_laws_data, tmp_path_factory.mktemp("dantri-laws") / "data"))
    ingest(data, [news])
    return data


def beekeeping_law(number: str = "77/2024/QH15", day: int = 12, month: int = 6, year: int = 2024) -> str:
    """The header and first article of a law written for the tests ("Luật Nuôi ong"), with its number and date."""
    return f"""QUỐC HỘI
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Luật số: {number}
Hà Nội, ngày {day} tháng {month} năm {year}

LUẬT
NUÔI ONG

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật Nuôi ong.

Điều 1. Phạm vi điều chỉnh
Luật này quy định về nuôi ong.
"""


@pytest.fixture(scope="module", params=("embedded", "oxigraph-server", "virtuoso"))
def store_backend(request, tmp_path_factory):
    """(backend name, query endpoint or None) of a store backend started for a module's tests: the embedded
    store, Oxigraph's server, Virtuoso (tests/store_servers.py)."""
    from store_servers import start

    server = start(request.param, tmp_path_factory.mktemp(request.param))
    yield request.param, server.url if server else None
    if server:
        server.stop()
