"""``vankien serve`` options that outlive one run: a shared folder of query slots."""

from __future__ import annotations

import shutil
import urllib.parse
import urllib.request

from serving import Served


def test_a_run_dir_given_holds_the_query_slots_and_is_left_in_place(seeds_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(seeds_data, data)
    slots = tmp_path / "slots"
    served = Served(data, tmp_path / "server.log", workers=1, options=("--run-dir", str(slots)))
    try:
        query = urllib.parse.urlencode({"query": "ASK { ?d eli:id_local '40-NQ/TU' }"})
        request = urllib.request.Request(f"{served.url}/sparql?{query}",
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request) as response:
            assert response.status == 200
        assert sorted(p.name for p in slots.glob("*.lock"))  # the query took a slot there
    finally:
        served.stop()
    assert slots.is_dir()  # a folder the operator named is shared, never removed
