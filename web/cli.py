"""The ``vankien`` command line."""

from __future__ import annotations

import json
import sys

import click

from graph import __version__
from graph.sources import SourceError, iter_sources

TEXT_PREVIEW_CHARS = 300


def report_error(error: SourceError) -> None:
    """One line on stderr naming the source and the reason."""
    click.echo(f"error: {error}", err=True)


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
    is then 2.
    """
    failed = 0
    out = sys.stdout
    for item in iter_sources(paths):
        if isinstance(item, SourceError):
            failed += 1
            report_error(item)
            continue
        record = item.to_dict(text_limit=None if full else TEXT_PREVIEW_CHARS)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    if failed:
        sys.exit(2)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
def extract(paths: tuple[str, ...]) -> None:
    """Extract facts from sources and print one JSON object a source (JSON Lines).

    Keys follow the extraction contract: source, article, documents,
    organisations, people, events, statistics, relations. Unreadable sources
    are reported on stderr; the exit code is then 2.
    """
    from graph.extract.extractor import extract as extract_source

    failed = 0
    out = sys.stdout
    for item in iter_sources(paths):
        if isinstance(item, SourceError):
            failed += 1
            report_error(item)
            continue
        out.write(json.dumps(extract_source(item).to_json(), ensure_ascii=False) + "\n")
    out.flush()
    if failed:
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
