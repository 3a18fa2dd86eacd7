"""Ingest at the speed of its parts, in one run, in CPU seconds (the machine is shared, so wall time lies):

1. ``vankien ingest`` of the baomoi corpus (or its first ``VANKIEN_BENCH_LIMIT`` lines) into a fresh data
   folder, as a user runs it: checkpoints every few seconds, the search index kept up to date; all but the
   last 1,000 articles first, then those 1,000 as a second run (a newsroom adding a day's articles). CPU,
   wall time and peak RSS of the two together; the CPU of every 1,000 of the first run (where checkpoints
   land moves CPU from one thousand to the next).
2. Its parts, each alone: extraction (reading, extracting and building every source's triples, nothing
   stored), Oxigraph bulk-loading every quad the ingested store holds (its N-Quads dump, the merge in the
   default graph included), and ``vankien reindex`` of the ingested store. The ingest is measured against
   their sum.
3. CPU per 1,000 articles at 35k against at 1k: the last 1,000 added to the store of the others against the
   same 1,000 ingested into an empty store (a cost that grows with the store shows there); with step 5 also
   the ingesting thread's CPU alone, apart from the store's own flushing and compacting threads.
4. The store on disk after the ingest against the bulk-loaded store of the same quads.
5. The Dân trí corpus added to the ingested store and to an empty one: CPU and peak RSS of each.

Each step runs in a process of its own (:mod:`bench.child`), so its peak memory is its own.
"""

from __future__ import annotations

import shutil

from bench.common import corpus, in_child
from bench.corpus import WORK, baomoi, slice_lines

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


def _main_thread(result: dict, figures: dict, baseline: dict) -> None:
    """Print and record the ratio of the ingesting thread's CPU alone: what the store's threads (flushes and
    compactions, which grow with the store) leave of the difference."""
    ratio = figures["main_cpu"] / baseline["main_cpu"]
    print(f"  the ingesting thread alone: {figures['main_cpu']:.1f} s against {baseline['main_cpu']:.1f} s "
          f"(×{ratio:.2f}); the store's threads {figures['cpu'] - figures['main_cpu']:.1f} s against "
          f"{baseline['cpu'] - baseline['main_cpu']:.1f} s")
    result["main_thread_ratio"] = round(ratio, 3)


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

    head = in_child("full_ingest", data, slice_lines(source, FOLDER / "head.jsonl.gz", 0, -STEP), STEP)
    tail_lines = slice_lines(source, FOLDER / "tail.jsonl.gz", -STEP)
    tail = in_child("full_ingest", data, tail_lines, STEP)
    full = {name: head[name] + tail[name] for name in ("cpu", "seconds", "written")}
    full["peak_rss_mib"] = max(head["peak_rss_mib"], tail["peak_rss_mib"])
    extraction = in_child("extraction_only", source)
    dump = FOLDER / "all.nq"
    in_child("dump_store", data, dump)
    bulk = in_child("bulk_load_cpu", dump, FOLDER / "bulk")
    reindex = in_child("reindex", data)
    parts = extraction["cpu"] + bulk["cpu"] + reindex["cpu"]
    print(f"ingest: {full['written']} articles")
    results.append(_line("ingest: extraction alone", extraction))
    results.append(_line("ingest: Oxigraph bulk load of the stored quads", bulk))
    results.append(_line("ingest: reindex of the ingested store", reindex))
    results.append(_line("ingest: vankien ingest (against the three above)", full, parts))

    alone = in_child("full_ingest", FOLDER / "tail", tail_lines, STEP)
    shutil.rmtree(FOLDER / "tail", ignore_errors=True)
    results.append(_line(f"ingest: the last {STEP} into an empty store", alone))
    results.append(_line(f"ingest: the last {STEP} into the store of the others", tail, alone["cpu"]))
    _main_thread(results[-1], tail, alone)
    steps = _per_step(head["marks"])
    print(f"  each {STEP} of the first run: {' '.join(f'{s:.1f}' for s in steps)}")
    results.append({"name": f"ingest: CPU of each {STEP} of the first run", "steps": [round(s, 2) for s in steps]})

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
    _main_thread(results[-1], added, alone)
    memory = added["peak_rss_mib"] / alone["peak_rss_mib"]
    print(f"  peak memory ×{memory:.2f} of the empty store's")
    results[-1]["peak_ratio"] = round(memory, 3)
    return results
