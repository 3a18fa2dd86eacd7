"""Data flows one way: graph → search → web; the rooms install under one namespace, vankien."""

import re
import tomllib

import pytest

from conftest import ROOT

ROOMS = ("graph", "search", "web")
FORBIDDEN = {"graph": ("search", "web"), "search": ("web",)}
PYTHON_FILES = [p for folder in (*ROOMS, "tests", "bench") for p in (ROOT / folder).rglob("*.py")
                if "fixtures" not in p.parts]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_lower_layers_do_not_import_upper_ones(package):
    pattern = re.compile(rf"^\s*(?:from|import)\s+vankien\.({'|'.join(FORBIDDEN[package])})\b", re.MULTILINE)
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / package).rglob("*.py")
                 if pattern.search(p.read_text("utf-8"))]
    assert offenders == []


def test_every_import_of_a_room_goes_through_the_namespace():
    """`import graph` would load a second copy of a module (its caches and locks apart) beside vankien.graph."""
    bare = re.compile(rf"^\s*(?:from|import)\s+(?:{'|'.join(ROOMS)})\b", re.MULTILINE)
    assert [str(p.relative_to(ROOT)) for p in PYTHON_FILES if bare.search(p.read_text("utf-8"))] == []


def test_the_distribution_installs_every_package_of_the_rooms_and_nothing_else():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    on_disk = {"vankien." + ".".join(p.parent.relative_to(ROOT).parts)
               for room in ROOMS for p in (ROOT / room).rglob("__init__.py")}
    assert set(config["packages"]) == on_disk
    assert config["package-dir"] == {f"vankien.{room}": room for room in ROOMS}


def test_the_installed_rooms_are_the_repository_folders():
    import vankien.graph
    import vankien.search
    import vankien.web

    for module, room in ((vankien.graph, "graph"), (vankien.search, "search"), (vankien.web, "web")):
        assert module.__file__ == str(ROOT / room / "__init__.py")
