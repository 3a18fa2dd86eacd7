"""The ``vankien`` command line. Each command imports what it needs when it runs: ``vankien --help`` and cheap
commands start without the extractor, the store or the search index."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from vankien.graph import __version__, formats

if TYPE_CHECKING:
    from vankien.graph.sources import SourceError
from vankien.web.settings import EXPORTED, SETTINGS, click_options

TEXT_PREVIEW_CHARS = 300


def report_error(error: SourceError) -> None:
    """One line on stderr naming the source and the reason."""
    click.echo(f"error: {error}", err=True)


def report_skipped(empty: SourceError) -> None:
    """One line on stderr naming an empty file of a folder or archive, which is skipped (not an error)."""
    click.echo(f"skipped: {empty}", err=True)


def progress_bar(desc: str, unit: str, **options):
    """A tqdm bar on stderr with counts and rate, drawn only when stderr is a terminal (never in tests, CI, pipes
    or logs, where the summary line says it all)."""
    from tqdm import tqdm

    return tqdm(desc=desc, unit=unit, file=sys.stderr, disable=not sys.stderr.isatty(), dynamic_ncols=True,
                mininterval=0.5, **options)


def duration(seconds: float) -> str:
    """Elapsed time as people read it: "0.4 s", "12 s", "2 min 41 s", "1 h 05 min"."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def size_text(count: int) -> str:
    """Bytes as people read them: "812 B", "3.4 KiB", "12.0 MiB"."""
    if count < 1024:
        return f"{count} B"
    for unit in ("KiB", "MiB", "GiB"):
        count /= 1024
        if count < 1024 or unit == "GiB":
            return f"{count:.1f} {unit}"


def print_sources(paths: tuple[str, ...], render) -> None:
    """One JSON line per readable source; one error line per unreadable one, then exit code 2 (an empty file of
    a folder or archive is said to be skipped and is no error)."""
    from vankien.graph.sources import SourceError, iter_sources

    failed = 0
    for item in iter_sources(paths):
        if isinstance(item, SourceError) and item.empty:
            report_skipped(item)
            continue
        if isinstance(item, SourceError):
            failed += 1
            report_error(item)
            continue
        sys.stdout.write(json.dumps(render(item), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    if failed:
        sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="vankien")
def main() -> None:
    """vankien: a knowledge graph and search service for Vietnamese Party and state documents."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--full", is_flag=True, help="Print the whole text instead of its first characters.")
def read(paths: tuple[str, ...], full: bool) -> None:
    """Read sources and print them as JSON Lines (one Source record a line).

    PATHS are files (.txt, .html, .jsonl, .jsonl.gz), folders or archives
    (.tar.gz, .zip). Unreadable sources are reported on stderr; the exit code
    is then 2. An empty file found in a folder or archive is said to be
    skipped, and is no error.
    """
    print_sources(paths, lambda source: source.to_dict(text_limit=None if full else TEXT_PREVIEW_CHARS))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
def extract(paths: tuple[str, ...]) -> None:
    """Extract facts from sources and print one JSON object a source (JSON Lines).

    Keys follow the extraction contract: source, article, documents,
    organisations, people, events, statistics, relations. Unreadable sources
    are reported on stderr; the exit code is then 2 (an empty file found in a
    folder or archive is said to be skipped, and is no error).
    """
    from vankien.graph.extract.extractor import extract as extract_source

    print_sources(paths, lambda source: extract_source(source).to_json())


# --- the knowledge graph ------------------------------------------------------------

data_option = click_options(["DATA_DIR", "STORE"])
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
base_option = click_options(["BASE_IRI"])


def fail(message: str, code: int = 2) -> None:
    """One line on stderr and the exit code."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def open_store(data_dir: str, *, read_only: bool = False):
    from vankien.graph.store import GraphStore, StoreError

    try:
        return GraphStore(data_dir, read_only=read_only)
    except StoreError as error:
        fail(str(error))


def open_pipeline(data_dir: str, base_iri: str | None = None):
    """The pipeline over ``data_dir`` (store open for writing, index caught up: said on stderr if it was behind)."""
    from vankien.graph.store import StoreError
    from vankien.search.pipeline import Pipeline

    try:
        pipeline = Pipeline(data_dir, base_iri=base_iri)
    except (ValueError, StoreError) as error:
        fail(str(error))
    if pipeline.caught_up.action != "current" and pipeline.caught_up.entities:  # a new folder has nothing to say
        click.echo(str(pipeline.caught_up), err=True)
    return pipeline


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@data_option
@base_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("-v", "--verbose", is_flag=True,
              help="Print a line for every source written or skipped, and for every checkpoint.")
@click.option("--checkpoint", "checkpoint_seconds", type=click.FloatRange(0), default=5.0, show_default=True,
              help="Seconds between checkpoints (the search index and the pages catch up with the store).")
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Extract on a local Dask cluster of this many processes and bulk-load the graphs.")
@click.option("--cluster", metavar="ADDRESS", default=None,
              help="Extract on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786) and bulk-load "
                   "the graphs; its workers need vankien installed.")
def ingest(paths: tuple[str, ...], data_dir: str, base_iri: str | None, as_json: bool, verbose: bool,
           checkpoint_seconds: float, workers: int | None, cluster: str | None) -> None:
    """Read, extract and store sources: one named graph per source.

    A catalogue of document records (.csv with a number or title column, .json list of
    objects, .jsonl of records without body text; .gz too) is one graph of the documents
    it lists: references resolve onto them and their catalogued titles name them.

    Unchanged sources (same sha256) are skipped; a changed source replaces its
    graph. The search index follows the store at every checkpoint, and first
    catches up with whatever an interrupted run left.

    \b
    Errors never stop the run (it always keeps going, as `make --keep-going`
    does; no option stops it at the first error):
    a source that cannot be read or extracted is one "error: PATH: reason"
    line on stderr, nothing stored for it is touched, the other sources are
    still stored, and the exit code is 2. An empty file found in a folder or
    archive, or a JSON Lines article with blank text and summary, is one
    "skipped: PATH: reason" line and no error (an empty file named on the
    command line is one). Exit code 0: every source was
    stored or skipped; 2: some failed (or the data folder could not be opened).

    On a terminal a progress bar shows the sources done and the rate; the
    last line always sums up: read, written, skipped (unchanged, empty),
    failed; the store's sources, triples and documents; the time taken.
    """
    started = time.monotonic()
    tally = {"skipped": 0, "failed": 0}

    def say(line: str) -> None:
        if bar.disable:
            click.echo(line)
            sys.stdout.flush()
        else:
            bar.write(line, file=sys.stdout)  # above the bar, which is drawn again below

    def before_checkpoint(changes: int) -> None:
        if verbose:
            say(f"checkpoint: taking in {changes} change(s)")

    def after_checkpoint(generation: int, entities: int) -> None:
        if verbose:
            say(f"checkpoint: generation {generation}, {entities} entities indexed")

    from vankien.graph.sources import SourceError

    def progress(item, extraction) -> None:
        if isinstance(item, SourceError):
            tally["skipped" if item.empty else "failed"] += 1
        elif extraction is None:
            tally["skipped"] += 1
        bar.set_postfix(tally, refresh=False)
        bar.update(1)
        if verbose and not isinstance(item, SourceError):
            say(f"{'written' if extraction is not None else 'unchanged'} {item.path}")

    if workers and cluster:
        fail("--workers starts a local cluster, --cluster names one: give one of them")
    with open_pipeline(data_dir, base_iri) as pipeline, _dask_client(workers, cluster) as client:
        with progress_bar("ingest", " sources") as bar:
            summary = pipeline.ingest(paths, checkpoint_seconds=checkpoint_seconds, on_source=progress,
                                      before_checkpoint=before_checkpoint, after_checkpoint=after_checkpoint,
                                      cluster=client)
        for error in summary.failed:
            report_error(error)
        for empty in summary.empty:
            report_skipped(empty)
        documents = pipeline.document_count()
        if as_json:
            click.echo(json.dumps({**summary.as_dict(), "documents": documents,
                                   "seconds": round(time.monotonic() - started, 3)}, ensure_ascii=False))
        else:
            click.echo(ingest_summary_line(summary, *pipeline.totals(), documents, time.monotonic() - started))
    if summary.failed:
        sys.exit(2)


@contextmanager
def _dask_client(workers: int | None, address: str | None):
    """The Dask client an ingest extracts with (None: in this process), closed at the end."""
    if not workers and not address:
        yield None
        return
    from vankien.graph.cluster_ingest import ClusterError, connect, start_cluster

    try:
        client = start_cluster(workers) if workers else connect(address)
    except ClusterError as error:
        fail(str(error))
    try:
        yield client
    finally:
        cluster = client.cluster if workers else None
        client.close()
        if cluster is not None:
            cluster.close()


def ingest_summary_line(summary, sources: int, triples: int, documents: int, seconds: float) -> str:
    """The last line of an ingest: what it read, wrote, skipped and failed; what the store holds; how long it took."""
    why = [f"{count} {reason}" for count, reason in ((summary.skipped, "unchanged"), (len(summary.empty), "empty"))
           if count]
    skipped = f"skipped {summary.skipped + len(summary.empty)}" + (f" ({', '.join(why)})" if why else "")
    records = f"{summary.records} catalogue records written; " if summary.catalogues else ""
    folded = f"{summary.folded} references joined to their documents; " if summary.folded else ""
    return (f"read {summary.read}, written {summary.written}, {skipped}, failed {len(summary.failed)}; "
            f"{records}{summary.triples} triples written; {folded}"
            f"store: {sources} sources, {triples} triples, {documents} documents; {duration(seconds)}")


@main.command()
@click.argument("sources", nargs=-1, required=True)
@data_option
def remove(sources: tuple[str, ...], data_dir: str) -> None:
    """Remove sources (by path, URL or source IRI) and their facts from the store.

    Facts that other sources also state (an organisation, a document) stay.
    """
    with open_pipeline(data_dir) as pipeline:
        summary = pipeline.remove(sources)
        stored, triples = pipeline.totals()
    click.echo(f"removed {summary.removed} source(s); store: {stored} sources, {triples} triples")
    for needle in summary.missing:
        click.echo(f"error: {needle}: no such source in the store", err=True)
    if summary.missing:
        sys.exit(2)


EXPORT_FORMATS = tuple(formats.RDF)


@main.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="File to write (atomically); standard output when left out or '-'.")
@click.option("--graph", default=None, help="Export one source graph (its IRI) instead of everything.")
@data_option
def export(fmt: str, output: str | None, graph: str | None, data_dir: str) -> None:
    """Export the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML (streamed).

    On a terminal a progress bar on stderr shows the bytes written and the rate; the last line on
    stderr always says the format, the size, where it went and the time taken. Exit code 2 when the
    store or the graph cannot be read (a file named by -o is then left as it was).
    """
    from vankien.graph.store import StoreError

    started = time.monotonic()
    output = None if output == "-" else output
    store = open_store(data_dir, read_only=True)
    try:
        with progress_bar("export", "B", unit_scale=True, unit_divisor=1024) as bar:
            if output is None:
                counted = CountingWriter(sys.stdout.buffer, bar)
                store.dump(counted, fmt, graph)
                sys.stdout.buffer.flush()
            else:
                target = os.path.abspath(output)
                handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".export-")
                try:
                    with os.fdopen(handle, "wb") as out:
                        counted = CountingWriter(out, bar)
                        store.dump(counted, fmt, graph)
                    os.replace(temporary, target)
                finally:
                    if os.path.exists(temporary):
                        os.unlink(temporary)
    except StoreError as error:
        fail(str(error))
    click.echo(f"exported {fmt}, {size_text(counted.written)}, to {output or 'standard output'} "
               f"in {duration(time.monotonic() - started)}", err=True)


class CountingWriter:
    """A binary file that counts the bytes written through it and shows them on a progress bar."""

    def __init__(self, out, bar) -> None:
        self.out, self.bar, self.written = out, bar, 0

    def write(self, data) -> int:
        self.out.write(data)
        self.written += len(data)
        self.bar.update(len(data))
        return len(data)

    def flush(self) -> None:
        self.out.flush()


@main.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(tuple(dict.fromkeys([*formats.RESULTS, *formats.RDF]))),
              default=None, help="Result format (json for SELECT/ASK, turtle for CONSTRUCT/DESCRIBE by default; "
                                 "xml is SPARQL XML results or RDF/XML by the query's form).")
@click_options(["SPARQL_TIMEOUT", "SPARQL_MEMORY_MB"], renamed={"SPARQL_TIMEOUT": "--timeout",
                                                              "SPARQL_MEMORY_MB": "--memory"})
@data_option
def sparql(query: str, fmt: str | None, sparql_timeout: float, sparql_memory_mb: int, data_dir: str) -> None:
    """Run a read-only SPARQL query (QUERY, or @FILE to read it from a file)."""
    from vankien.graph.sparql import QueryError, evaluate

    if query.startswith("@"):
        try:
            query = open(query[1:], encoding="utf-8").read()
        except OSError as error:
            fail(f"{query[1:]}: cannot read the query ({error.strerror})")
    try:
        result = evaluate(data_dir, query, fmt, timeout=sparql_timeout, memory_mb=sparql_memory_mb).body
    except QueryError as error:
        fail(str(error))
    sys.stdout.buffer.write(result)
    if not result.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")


@main.command()
@click.option("--graph", default=None, help="Validate one source graph (its IRI).")
@data_option
def validate(graph: str | None, data_dir: str) -> None:
    """Check the stored graph against vankien's SHACL shapes (exit 1 when it does not conform)."""
    from vankien.graph.validate import validate as run_validation

    store = open_store(data_dir, read_only=True)
    conforms, text, results = run_validation(store, graph)
    if conforms:
        click.echo("conforms: the graph satisfies every shape")
        return
    click.echo(text)
    click.echo(f"does not conform: {results} result(s)", err=True)
    sys.exit(1)


# --- search -------------------------------------------------------------------------------

@main.command()
@click.argument("query")
@click.option("--kind", type=click.Choice(("document", "article", "organisation", "person", "event")), default=None)
@click.option("--type", "type_", default=None, help="Document type, e.g. \"Nghị quyết\".")
@click.option("--issuer", default=None, help="Issuer, e.g. \"Bộ Chính trị\" (accents optional).")
@click.option("--year", default=None)
@click.option("--publisher", default=None)
@click.option("--status", default=None, help="Legal status today: con-hieu-luc, het-hieu-luc-toan-bo, …")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--page", type=click.IntRange(1, 10_000), default=1, show_default=True)
@click.option("--sort", type=click.Choice(("relevance", "date")), default="relevance", show_default=True)
@data_option
@json_option
def search(query: str, kind, type_, issuer, year, publisher, status, limit, page, sort, data_dir, as_json) -> None:
    """Search documents, articles, organisations, people and events (accents optional).

    QUERY takes words, "phrases", document numbers in any form ("nq 40",
    "40/NQ-TU") and fields: kind: type: issuer: year: publisher: number:.
    """
    from vankien.search.query import Searcher, SearchError, SearchRequest

    request = SearchRequest(query=query, kind=kind, type=type_, issuer=issuer, year=year, publisher=publisher,
                            status=status, limit=limit, page=page, sort=sort)
    try:
        result = Searcher(data_dir).search(request)
    except SearchError as error:
        fail(str(error))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    import re as _re

    click.echo(f"{result['total']} result(s) for {result['query']!r}"
               + (f" — did you mean: {result['suggestion']}" if result["suggestion"] else ""))
    if result.get("notice"):
        click.echo(result["notice"])
    for position, hit in enumerate(result["hits"], start=(result["page"] - 1) * result["limit"] + 1):
        snippet = _re.sub(r"</?mark>", "*", hit["snippet"]).replace("\n", " ")
        click.echo(f"{position:>3}. [{hit['kind']}] {hit['label']}" + (f"  ({hit['date']})" if hit["date"] else ""))
        click.echo(f"     {snippet[:200]}")
        click.echo(f"     {hit['iri']}")
        if hit.get("similar"):
            click.echo(f"     + {len(hit['similar'])} bài tương tự")


@main.command()
@click.argument("prefix")
@click.option("--limit", type=click.IntRange(1, 50), default=10, show_default=True)
@data_option
@json_option
def suggest(prefix: str, limit: int, data_dir: str, as_json: bool) -> None:
    """Complete a name or a document number from its first letters."""
    from vankien.search.query import Searcher, SearchError

    try:
        found = Searcher(data_dir).suggest(prefix, limit=limit)
    except SearchError as error:
        fail(str(error))
    _print(found, as_json, ("kind", "label", "number"))


@main.command()
@data_option
@click.option("--procs", type=click.IntRange(1, 8), default=2, show_default=True, help="Writer processes.")
def reindex(data_dir: str, procs: int) -> None:
    """Rebuild the search index from the store (into a new folder, then swapped in).

    On a terminal a progress bar on stderr shows the entities indexed and the rate; the last line
    always says how many were indexed and the time taken. Exit code 2 when there is no store or it
    cannot be opened (an ingest holding it, for one).
    """
    from vankien.graph.store import StoreError
    from vankien.search import pipeline

    started = time.monotonic()
    try:
        with progress_bar("reindex", " entities") as bar:
            outcome = pipeline.reindex(data_dir, procs=procs, progress=lambda n: bar.update(1))
    except pipeline.NoStore as error:
        fail(f"{error} (run 'vankien ingest' first)")
    except StoreError as error:
        fail(str(error))
    click.echo(f"indexed {outcome.entities} entities in {duration(time.monotonic() - started)}")


SYNC_LOCKED = 75  # exit code of `vankien sync` when an ingest holds the store


@main.command()
@data_option
def sync(data_dir: str) -> None:
    """Bring the store's references and the search index up to date, e.g. after an interrupted ingest.

    References without a year are joined to the one dated document that now
    fits; only what the last runs changed is indexed again (the whole index is
    rebuilt when it is missing or of another version). ingest and remove do
    this themselves, serve catches the index up. Exits with 75 when an ingest
    holds the store.
    """
    from vankien.graph.store import StoreError, StoreLocked
    from vankien.search import pipeline

    try:
        outcome = pipeline.sync(data_dir)
    except pipeline.NoStore as error:
        fail(f"{error} (run 'vankien ingest' first)")
    except StoreLocked as error:
        fail(f"{error}; that process keeps the search index up to date", code=SYNC_LOCKED)
    except StoreError as error:
        fail(str(error))
    click.echo(str(outcome))


# --- traversal ----------------------------------------------------------------------------

RELATIONS = ("implements", "continues", "guides", "reviews", "replaces", "amends", "partly_repeals", "based_on",
             "cites", "issued_by", "part_of", "holds_post", "about", "organized_by", "mentions", "author", "is")


def _projection(data_dir: str):
    from vankien.graph.traverse import load_projection

    return load_projection(open_store(data_dir, read_only=True))


def _entity(graph, text: str) -> str:
    from vankien.graph.traverse import AmbiguousEntity, UnknownEntity, resolve_entity

    try:
        return resolve_entity(graph, text)
    except (AmbiguousEntity, UnknownEntity) as error:
        fail(str(error))


def _print(rows, as_json: bool, columns: tuple[str, ...]) -> None:
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo("  ".join(str(row.get(c, "") if row.get(c) is not None else "") for c in columns))


@main.command()
@click.argument("entity")
@click.option("--depth", type=click.IntRange(1, 3), default=1, show_default=True)
@click.option("--relation", type=click.Choice(RELATIONS), default=None, help="Follow only this relation.")
@click.option("--direction", type=click.Choice(("in", "out", "both")), default="both", show_default=True)
@data_option
@json_option
def neighbours(entity: str, depth: int, relation: str | None, direction: str, data_dir: str, as_json: bool) -> None:
    """Entities linked to ENTITY (an IRI, a number such as 40-NQ/TU, or a name)."""
    from vankien.graph.traverse import neighbours as find

    graph = _projection(data_dir)
    rows = find(graph, _entity(graph, entity), depth=depth, relation=relation, direction=direction)
    _print(rows, as_json, ("distance", "direction", "relation", "kind", "label", "iri"))


@main.command()
@click.argument("source")
@click.argument("target")
@data_option
@json_option
def path(source: str, target: str, data_dir: str, as_json: bool) -> None:
    """The shortest chain of relations between two entities."""
    from vankien.graph.traverse import NoPath
    from vankien.graph.traverse import path as shortest

    graph = _projection(data_dir)
    try:
        steps = shortest(graph, _entity(graph, source), _entity(graph, target))
    except NoPath as error:
        fail(str(error), code=1)
    _print(steps, as_json, ("from_label", "relation", "direction", "to_label"))


@main.command()
@click.argument("entity")
@click.option("--relation", type=click.Choice(RELATIONS), default="implements", show_default=True)
@click.option("--direction", type=click.Choice(("in", "out")), default="out", show_default=True)
@data_option
@json_option
def chain(entity: str, relation: str, direction: str, data_dir: str, as_json: bool) -> None:
    """Follow one relation transitively from ENTITY (e.g. what replaces what, back in time)."""
    from vankien.graph.traverse import chain as follow

    graph = _projection(data_dir)
    rows = follow(graph, _entity(graph, entity), relation=relation, direction=direction)
    _print(rows, as_json, ("depth", "label", "iri"))


@main.command()
@click.argument("entity")
@data_option
@json_option
def timeline(entity: str, data_dir: str, as_json: bool) -> None:
    """Issue date, events, articles and related documents of ENTITY in date order."""
    from vankien.graph.traverse import timeline as events

    graph = _projection(data_dir)
    _print(events(graph, _entity(graph, entity)), as_json, ("date", "kind", "relation", "label"))


@main.command()
@click.argument("document")
@click.option("--at", "at", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day to judge on (YYYY-MM-DD); today when left out.")
@data_option
@json_option
def status(document: str, at, data_dir: str, as_json: bool) -> None:
    """The legal status of DOCUMENT (its number, name or IRI) today or --at a day, with its reasons."""
    from vankien.graph.status import document_status

    graph = _projection(data_dir)
    iri = _entity(graph, document)
    store = open_store(data_dir, read_only=True)
    found = document_status(store, iri, at.date() if at else None).to_json()
    if as_json:
        click.echo(json.dumps({"iri": iri, **found}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{graph.nodes[iri].get('label') or iri}: {found['label']}"
               f"{' (' + found['note'] + ')' if found['note'] else ''} — ngày {found['at']}")
    for reason in found["reasons"]:
        words = " ".join(str(w) for w in (reason["kind"], reason["label"] or reason["iri"] or "", reason["date"] or "",
                                         reason["note"] or "") if w)
        click.echo(f"  {words}")
        for evidence in reason["evidence"]:
            click.echo(f"    « {evidence['sentence']} »")


@main.command()
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@data_option
@json_option
def rank(limit: int, data_dir: str, as_json: bool) -> None:
    """The most cited documents (PageRank over relations between documents)."""
    from vankien.graph.traverse import rank as pagerank

    _print(pagerank(_projection(data_dir), limit=limit), as_json, ("score", "number", "label"))


@main.command()
@data_option
@json_option
def stats(data_dir: str, as_json: bool) -> None:
    """Counts of entities by kind and relations by name."""
    from vankien.graph.traverse import stats as count

    summary = count(_projection(data_dir))
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    for title, total, counts in (("entities", summary["total_nodes"], summary["nodes"]),
                                 ("relations", summary["total_edges"], summary["edges"])):
        click.echo(f"{title}: {total}")
        width = max(map(len, counts), default=0)
        for name, value in counts.items():
            click.echo(f"  {name.ljust(width)}  {value:>7}")
    if summary["top_documents"]:
        click.echo("most connected documents (relations, number, label):")
        for doc in summary["top_documents"]:
            click.echo(f"  {doc['degree']:>5}  {doc.get('number') or '-'}  {doc.get('label') or doc['iri']}")
    if summary.get("generation") is not None:
        click.echo(f"store generation: {summary['generation']}")


# --- the web service --------------------------------------------------------------------

@main.command()
@click_options()
@click.option("--quiet", is_flag=True, help="No access log.")
def serve(quiet: bool, **chosen) -> None:
    """Serve the pages, the JSON API and the SPARQL endpoint over HTTP (gunicorn).

    The store and index in --data must exist (run 'vankien ingest' first).
    Stop with Ctrl-C. See the README's "Deployment" for the limits. Each
    option may also be given by its environment variable.
    """
    from vankien.graph.store import StoreError, StoreLocked, holds_store
    from vankien.search import pipeline
    from vankien.search.sync import needs_catch_up, rebuild_reason
    from vankien.web.serve import serve as run_server

    data_dir = chosen["data_dir"]
    if not holds_store(data_dir):
        fail(f"{data_dir}: no store here (run 'vankien ingest' first)")
    if needs_catch_up(data_dir):  # in a child: the store's background threads must not be forked into the workers
        reason = rebuild_reason(data_dir)
        click.echo(f"rebuilding the search index from the store ({reason})" if reason
                   else "bringing the search index up to date with the store")
        sys.stdout.flush()
        try:
            click.echo(str(pipeline.sync_apart(data_dir)))
        except StoreLocked as error:
            click.echo(f"{error}; serving meanwhile: the pages and search follow that ingest's checkpoints",
                       err=True)
        except StoreError as error:
            fail(f"{error}: the search index could not be brought up to date with the store")
    config = {s.name: chosen[s.name.lower()] for s in SETTINGS if s.option and s.name not in EXPORTED}
    config.update({s.name: os.environ.get(s.env) or None for s in SETTINGS if s.name in EXPORTED})  # as --store put it
    config["DATA_DIR"] = os.path.abspath(data_dir)
    run_server(config["DATA_DIR"], host=config["HOST"], port=config["PORT"], workers=config["WORKERS"],
               access_log=not quiet, threads=config["THREADS"], app_config=config)


if __name__ == "__main__":  # pragma: no cover
    main()
