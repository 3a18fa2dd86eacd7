"""Data flows one way: graph → search → web."""

import re

import pytest

from conftest import ROOT

FORBIDDEN = {"graph": ("search", "web"), "search": ("web",)}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_lower_layers_do_not_import_upper_ones(package):
    pattern = re.compile(rf"^\s*(?:from|import)\s+({'|'.join(FORBIDDEN[package])})\b", re.MULTILINE)
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / package).rglob("*.py") if pattern.search(p.read_text("utf-8"))]
    assert offenders == []
