"""Shared fixtures: the project root, the seed article and the shared corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_ac2e6e210db709f5.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPORA = ROOT.parent / "shared" / "corpora"


@pytest.fixture(scope="session")
def corpus():
    """Path of a file in ../shared/corpora, or skip when the corpora are not here."""

    def locate(name: str) -> Path:
        path = CORPORA / name
        if not path.exists():
            pytest.skip(f"corpus {name} not available ({CORPORA} is absent on this machine)")
        return path

    return locate
