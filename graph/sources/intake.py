"""Turn paths into :class:`Source` records: files, folders, JSON Lines and archives.

Every problem with one source becomes a :class:`SourceError` naming it and
the reason; the other sources go on.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from graph.sources.encoding import DecodeError, decode_bytes
from graph.sources.html_page import read_html
from graph.sources.json_lines import read_json_lines
from graph.sources.model import Source, SourceError
from graph.sources.plain_text import read_text

MAX_SOURCE_BYTES = 50 * 2**20
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz", ".zip")
SOURCE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + ARCHIVE_SUFFIXES
BINARY_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP container (e.g. .docx)",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x7fELF": "an executable",
    b"\xd0\xcf\x11\xe0": "an old Office document (.doc)",
}


def _suffix(name: str) -> str:
    lower = name.lower()
    for suffix in sorted(SOURCE_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return suffix
    return Path(lower).suffix


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def parse_bytes(data: bytes, path: str) -> Source:
    """One text or HTML source from its raw bytes; raises :class:`SourceError`."""
    if not data.strip():
        raise SourceError(path, "empty file")
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise SourceError(path, f"binary file ({what}), not text")
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as error:
        raise SourceError(path, str(error)) from None
    if not text.strip():
        raise SourceError(path, "empty file (only white space)")
    sha256 = hashlib.sha256(data).hexdigest()
    is_html = _suffix(path) in HTML_SUFFIXES or (_suffix(path) not in TEXT_SUFFIXES and _looks_like_html(text))
    reader = read_html if is_html else read_text
    try:
        return reader(text, path=path, sha256=sha256, encoding=encoding)
    except ValueError as error:
        raise SourceError(path, str(error)) from None


def _too_large(size: int) -> str:
    return f"file too large ({size / 2**20:.1f} MiB; the limit is {MAX_SOURCE_BYTES // 2**20} MiB)"


def read_source(path: str | Path) -> Source:
    """Read one text or HTML file into a :class:`Source`; raises :class:`SourceError`."""
    name = str(path)
    file = Path(path)
    try:
        size = file.stat().st_size
        if file.is_dir():
            raise SourceError(name, "is a directory, not a file")
        if size > MAX_SOURCE_BYTES:
            raise SourceError(name, _too_large(size))
        data = file.read_bytes()
    except FileNotFoundError:
        raise SourceError(name, "no such file") from None
    except PermissionError:
        raise SourceError(name, "permission denied") from None
    except OSError as error:
        raise SourceError(name, f"cannot read ({error.strerror or error})") from None
    return parse_bytes(data, name)


def _read_member(data: bytes, name: str) -> Iterator[Source | SourceError]:
    if _suffix(name) in JSONL_SUFFIXES:
        if name.lower().endswith(".gz"):
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError) as error:
                yield SourceError(name, f"not valid gzip ({error})")
                return
        yield from read_json_lines(io.BytesIO(data), path=name)
        return
    try:
        yield parse_bytes(data, name)
    except SourceError as error:
        yield error


def _iter_archive(path: Path, name: str) -> Iterator[Source | SourceError]:
    members = 0
    try:
        if name.lower().endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    if info.is_dir() or _suffix(info.filename) not in TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES:
                        continue
                    members += 1
                    where = f"{name}#{info.filename}"
                    if info.file_size > MAX_SOURCE_BYTES:
                        yield SourceError(where, _too_large(info.file_size))
                        continue
                    yield from _read_member(archive.read(info), where)
        else:
            with tarfile.open(path, "r:*") as archive:
                for info in archive:
                    if not info.isfile() or _suffix(info.name) not in TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES:
                        continue
                    members += 1
                    where = f"{name}#{info.name}"
                    if info.size > MAX_SOURCE_BYTES:
                        yield SourceError(where, _too_large(info.size))
                        continue
                    handle = archive.extractfile(info)
                    if handle is not None:
                        yield from _read_member(handle.read(), where)
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as error:
        yield SourceError(name, f"broken archive ({error})")
        return
    if members == 0:
        yield SourceError(name, "archive holds no sources (.txt, .html, .jsonl)")


def _iter_json_lines_file(path: Path, name: str) -> Iterator[Source | SourceError]:
    opener = gzip.open if name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            yield from read_json_lines(handle, path=name)
    except (OSError, EOFError) as error:
        yield SourceError(name, f"cannot read ({error})")


def _iter_directory(folder: Path, name: str) -> Iterator[Source | SourceError]:
    files = sorted(
        p for p in folder.rglob("*")
        if p.is_file() and _suffix(p.name) in SOURCE_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if not files:
        yield SourceError(name, "no sources in directory (.txt, .html, .jsonl or archives)")
        return
    for file in files:
        yield from iter_sources([file])


def iter_sources(paths: Iterable[str | Path]) -> Iterator[Source | SourceError]:
    """Every source below ``paths``, in order: a :class:`Source` or a :class:`SourceError` each."""
    for path in paths:
        file = Path(path)
        name = str(path)
        if file.is_dir():
            yield from _iter_directory(file, name)
        elif not file.exists():
            yield SourceError(name, "no such file or directory")
        elif _suffix(name) in JSONL_SUFFIXES:
            yield from _iter_json_lines_file(file, name)
        elif _suffix(name) in ARCHIVE_SUFFIXES:
            yield from _iter_archive(file, name)
        else:
            try:
                yield read_source(file)
            except SourceError as error:
                yield error
