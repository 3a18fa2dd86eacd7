"""Ingest at the speed of its parts, in one run, in CPU seconds (the machine is shared, so wall time lies):

1. ``vankien ingest`` of the baomoi corpus (or its first ``VANKIEN_BENCH_LIMIT`` lines) into a fresh data
   folder, as a user runs it: checkpoints every few seconds, the search index kept up to date. CPU, wall
   time, peak RSS; its CPU per 1,000 articles against that of an ingest of the first 1,000 alone (a cost
   that grows with the store shows there), and the CPU of every 1,000 (where checkpoints land moves
   CPU from one thousand to the next).
2. Its parts, each alone: extraction (reading, extracting and building every source's triples, nothing
   stored), Oxigraph bulk-loading the quads the ingest stored (its N-Quads export), and ``vankien reindex``
   of the ingested store. The ingest is measured against their sum.
3. The store on disk after the ingest against the bulk-loaded store of the same quads.
4. The Dân trí corpus added to the ingested store and to an empty one: CPU and peak RSS of each.

Each step runs in a process of its own (:mod:`bench.child`), so its peak memory is its own.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

from bench.common import ROOT, corpus, in_child
from bench.corpus import WORK, baomoi, first_lines

STEP = 1000
FOLDER = WORK / "ingest"


def _line(name: str, figures: dict, baseline: float | None = None) -> dict:
    """Print one step: CPU, wall time, peak memory (and the ratio of its CPU to ``baseline``)."""
    line = f"{name:<52} CPU {figures['cpu']:8.1f} s  wall {figures['seconds']:8.1f} s  " \
           f"peak {figures['peak_rss_mib']:6.0f} MiB"
    result = {"name": name, "cpu_seconds": round(figures["cpu"], 2), "seconds": round(figures["seconds"], 2),
              "peak_rss_mib": round(figures["peak_rss_mib"], 1)}
    if baseline:
        result["ratio_to_baseline"] = round(figures["cpu"] / baseline, 3)
        line += f"  ×{figures['cpu'] / baseline:.2f}"
    print(line, flush=True)
    return result


def _per_step(marks: list[float]) -> list[float]:
    """CPU of each ``STEP`` sources from the cumulative marks."""
    return [b - a for a, b in zip([0.0, *marks], marks, strict=False)]


def run() -> list[dict]:
    source, dantri = baomoi(), corpus("dantri-2020-news.tar.gz")
    if source is None:
        print("ingest: skipped (corpora absent)")
        return []
    shutil.rmtree(FOLDER, ignore_errors=True)
    FOLDER.mkdir(parents=True)
    data, results = FOLDER / "data", []

    full = in_child("full_ingest", data, source, STEP)
    extraction = in_child("extraction_only", source)
    dump = FOLDER / "all.nq"
    subprocess.run([sys.executable, "-m", "vankien.web.cli", "export", "--format", "nquads", "-o", str(dump),
                    "--data", str(data)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    bulk = in_child("bulk_load_cpu", dump, FOLDER / "bulk")
    reindex = in_child("reindex", data)
    parts = extraction["cpu"] + bulk["cpu"] + reindex["cpu"]
    print(f"ingest: {full['written']} articles")
    results.append(_line("ingest: extraction alone", extraction))
    results.append(_line("ingest: Oxigraph bulk load of the stored quads", bulk))
    results.append(_line("ingest: reindex of the ingested store", reindex))
    results.append(_line("ingest: vankien ingest (against the three above)", full, parts))

    small = in_child("full_ingest", FOLDER / "first", first_lines(source, STEP, FOLDER / "first.jsonl.gz"), STEP)
    results.append(_line(f"ingest: vankien ingest of the first {STEP} alone", small))
    shutil.rmtree(FOLDER / "first", ignore_errors=True)
    per_small, per_full = small["cpu"] / small["written"] * STEP, full["cpu"] / full["written"] * STEP
    steps = _per_step(full["marks"])
    print(f"  CPU per {STEP} articles: {per_full:.1f} s in the whole ingest against {per_small:.1f} s alone "
          f"(×{per_full / per_small:.2f}); each {STEP} of the whole: {' '.join(f'{s:.1f}' for s in steps)}")
    results.append({"name": f"ingest: CPU per {STEP} articles, whole ingest against the first {STEP} alone",
                    "alone": round(per_small, 2), "whole": round(per_full, 2), "ratio": round(per_full / per_small, 3),
                    "steps": [round(s, 2) for s in steps]})

    from bench.child import folder_bytes

    stored, loaded = folder_bytes(data / "oxigraph"), bulk["disk"]
    print(f"  store on disk {stored / 2**20:.0f} MiB against {loaded / 2**20:.0f} MiB bulk-loaded "
          f"(×{stored / loaded:.2f})")
    results.append({"name": "ingest: store on disk against bulk-loaded", "bytes": stored, "bulk_bytes": loaded,
                    "ratio": round(stored / loaded, 3)})
    dump.unlink()
    shutil.rmtree(FOLDER / "bulk", ignore_errors=True)

    if dantri is None:
        print("ingest: Dân trí step skipped (corpus absent)")
        return results
    alone = in_child("full_ingest", FOLDER / "empty", dantri, STEP)
    added = in_child("full_ingest", data, dantri, STEP)
    results.append(_line("ingest: Dân trí into an empty store", alone))
    results.append(_line("ingest: Dân trí into the ingested store", added, alone["cpu"]))
    memory = added["peak_rss_mib"] / alone["peak_rss_mib"]
    print(f"  peak memory ×{memory:.2f} of the empty store's")
    results[-1]["peak_ratio"] = round(memory, 3)
    return results
