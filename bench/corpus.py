"""The baomoi corpus store the store, search, web and load suites share: where it is, and building it once.

The store suite builds it afresh (its ingest is measured); a suite that only uses it
builds it through the pipeline library (:mod:`search.pipeline`) when it is missing,
or finishes it when a build was interrupted, and reuses it otherwise.

Environment:

- ``VANKIEN_BENCH_WORK``: the folder of the store and of the suites' scratch files
  (default ``bench/results/store-work``);
- ``VANKIEN_BENCH_LIMIT``: only the first N lines of the baomoi corpus, for a quick
  trial; the default folder is then ``bench/results/store-work-N``, so the full store
  is never mixed with a part of it.

``python -m bench.corpus`` builds the store when it is missing and says where it is.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import time
from pathlib import Path

from bench.common import CORPORA, ROOT, corpus, in_child

BAOMOI = "baomoi-2017-news.jsonl.gz"
LIMIT = int(os.environ.get("VANKIEN_BENCH_LIMIT") or 0)
WORK = Path(os.environ.get("VANKIEN_BENCH_WORK")
            or ROOT / "bench" / "results" / ("store-work" + (f"-{LIMIT}" if LIMIT else ""))).resolve()
DATA = WORK / "data"
MARKER = WORK / "corpus-store.json"  # what the store holds and whether its build finished


def baomoi() -> Path | None:
    """The baomoi corpus, or its first ``LIMIT`` lines (written once into ``WORK``); None when absent."""
    full = corpus(BAOMOI)
    if full is None or not LIMIT:
        return full
    part = WORK / f"baomoi-first-{LIMIT}.jsonl.gz"
    if not part.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        slice_lines(full, part, 0, LIMIT)
    return part


def slice_lines(source: Path, target: Path, start: int = 0, stop: int | None = None) -> Path:
    """Write lines ``start`` to ``stop`` (counted from the end when negative) of the gzipped JSON Lines
    ``source`` to ``target`` (whole or not at all)."""
    partial = target.with_name(f".{target.name}.partial")
    with gzip.open(source, "rt", encoding="utf-8") as lines, gzip.open(partial, "wt", encoding="utf-8") as out:
        if start >= 0 and (stop is None or stop >= 0):
            out.writelines(itertools.islice(lines, start, stop))
        else:
            out.writelines(list(lines)[start:stop])
    partial.replace(target)
    return target


def mark(source: Path, *, complete: bool, **figures) -> None:
    """Record that the store of ``DATA`` is being built from ``source`` or (``complete``) was built from it."""
    WORK.mkdir(parents=True, exist_ok=True)
    MARKER.write_text(json.dumps({"corpus": source.name, "complete": complete, **figures}) + "\n", "utf-8")


def _marker() -> dict | None:
    try:
        return json.loads(MARKER.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def build(data: str | Path, source: str | Path) -> dict:
    """Ingest ``source`` into the store of ``data`` through the pipeline, the index taking it in at the end;
    its figures.

    One checkpoint, at the end, rather than one every few seconds: nobody reads the store while it is
    built, and the whole of baomoi is then built in less than half the time (10 min against 25 on 2 cores),
    at twice the peak memory (2 GiB against 1).
    Sources already stored are skipped, so this also finishes an interrupted build.
    """
    from vankien.search.pipeline import ingest

    start = time.perf_counter()
    summary = ingest(data, [source], checkpoint_seconds=float("inf"))
    return {"seconds": time.perf_counter() - start, "written": summary.written, "skipped": summary.skipped,
            "failed": len(summary.failed)}


def corpus_store(suite: str) -> tuple[Path, Path] | None:
    """(the baomoi corpus, the data folder of its store), the store built first when missing; or None,
    with one line saying ``suite`` is skipped and why, when the corpus is absent or the store cannot be had."""
    source = baomoi()
    if source is None:
        print(f"{suite}: skipped (corpora absent: no {CORPORA / BAOMOI})", flush=True)
        return None
    marker = _marker()
    if marker is not None and marker.get("corpus") != source.name:
        print(f"{suite}: skipped ({WORK} holds a store of {marker.get('corpus')}, not of {source.name}; "
              "set VANKIEN_BENCH_WORK to another folder)", flush=True)
        return None
    if (DATA / "oxigraph").exists() and (marker is None or marker.get("complete")):
        return source, DATA  # no marker: a store built before there were any, taken as finished
    what = "finishing the interrupted build of" if (DATA / "oxigraph").exists() else "building"
    print(f"{suite}: {what} the corpus store {DATA} from {source.name} (once; later runs reuse it)", flush=True)
    mark(source, complete=False)
    try:
        built = in_child("build", DATA, source)
    except RuntimeError as error:
        print(f"{suite}: skipped (building the corpus store failed: {error})", flush=True)
        return None
    mark(source, complete=True, written=built["written"], skipped=built["skipped"], failed=built["failed"])
    print(f"  built in {built['seconds']:.0f} s: {built['written']:,} sources written, "
          f"{built['skipped']:,} already there, {built['failed']:,} failed; peak RSS {built['peak_rss_mib']:.0f} MiB",
          flush=True)
    return source, DATA


def main() -> None:
    found = corpus_store("corpus")
    if found is not None:
        print(f"corpus store of {found[0].name}: {found[1]}")


if __name__ == "__main__":
    main()
