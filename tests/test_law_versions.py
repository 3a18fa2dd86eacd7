"""A law named without its number or year is one version — the one in force when the article was written —
and never several.

The laws and articles here were written for these tests (a law of our own, "Luật Nuôi ong").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vankien.graph.store import GraphStore
from vankien.search.pipeline import ingest

from conftest import beekeeping_law


def law(number: str, day: str, month: str, year: str) -> str:
    return beekeeping_law(number, int(day), int(month), int(year))


def article(key: str, published: str, text: str) -> dict:
    return {"id": key, "title": f"Tin {key}", "text": text, "published": published}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root: Path = tmp_path_factory.mktemp("versions")
    early = root / "a-tin-truoc.jsonl"  # named before either law is stored
    early.write_text(json.dumps(article("0", "2009-05-01", "Nông dân làm theo Luật Nuôi ong."), ensure_ascii=False)
                     + "\n", "utf-8")
    (root / "luat-2005.txt").write_text(law("10/2005/QH11", "2", "6", "2005"), "utf-8")
    (root / "luat-2020.txt").write_text(law("20/2020/QH14", "5", "6", "2020"), "utf-8")
    later = root / "tin.jsonl"
    later.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in (
        article("1", "2012-03-01", "Theo Luật Nuôi ong, trại ong phải đăng ký."),
        article("2", "2023-03-01", "Theo Luật Nuôi ong, trại ong phải đăng ký với xã."),
    )) + "\n", "utf-8")
    ingest(root / "data", [early])
    ingest(root / "data", [root / "luat-2005.txt", root / "luat-2020.txt"])
    ingest(root / "data", [later])
    store = GraphStore(root / "data", read_only=True)
    yield store
    store.close()


def test_a_bare_name_means_the_version_in_force_when_the_article_was_written(store):
    rows = list(store.query("""PREFIX schema: <https://schema.org/> PREFIX eli: <http://data.europa.eu/eli/ontology#>
        SELECT ?head ?number WHERE { GRAPH ?g { ?s schema:headline ?head ; schema:mentions ?d }
        ?d eli:id_local ?number FILTER(STRSTARTS(?head, "Tin")) }"""))
    by_article = {r["head"].value: r["number"].value for r in rows}
    assert by_article.get("Tin 1") == "10/2005/QH11"
    assert by_article.get("Tin 2") == "20/2020/QH14"


def test_a_name_stored_before_the_laws_is_the_same_as_one_version_at_most(store):
    rows = list(store.query("SELECT ?a ?b WHERE { ?a <http://www.w3.org/2002/07/owl#sameAs> ?b }"))
    by_name = {}
    for r in rows:
        by_name.setdefault(r["a"].value, set()).add(r["b"].value)
    assert by_name and all(len(targets) == 1 for targets in by_name.values())
