"""Turn paths into :class:`Source` records: files, folders, JSON Lines and archives.

Catalogues of document records are recognised by their content: a .csv whose header names a
number or title column, a .json list of objects, a .jsonl whose first row has record keys and no
body text (:mod:`graph.sources.catalogue`); each is read whole into one :class:`Catalogue`.

Every problem with one source becomes a :class:`SourceError` naming it and
the reason; the other sources go on.

Input is bounded. A text or HTML source is read only up to
:data:`MAX_SOURCE_BYTES` (one byte more tells it is too large); JSON Lines and
compressed data are streamed, never unpacked whole, and a line longer than the
limit ends its file. Only regular files are opened: a device, FIFO or socket
is refused without reading. Inside a folder, symbolic links are never
followed: one leading to a file or folder inside it is skipped (that file is
read under its own name), one leading out of it, or nowhere, is reported.
Links and special files in archives are never read either. Corrupt or
truncated compressed data ends its file or archive with one error line.
"""

from __future__ import annotations

import bz2
import errno
import gzip
import hashlib
import itertools
import json
import lzma
import os
import stat
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from vankien.graph.sources.catalogue import (
    Catalogue,
    is_record_row,
    read_csv_catalogue,
    read_json_catalogue,
    read_jsonl_catalogue,
)
from vankien.graph.sources.encoding import DecodeError, decode_bytes
from vankien.graph.sources.html_page import read_html
from vankien.graph.sources.json_lines import MAX_LINE_BYTES, read_json_lines
from vankien.graph.sources.model import Source, SourceError, printable_path, relative_to
from vankien.graph.sources.plain_text import read_text

MAX_SOURCE_BYTES = 50 * 2**20
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz", ".zip")
CATALOGUE_SUFFIXES = (".csv", ".json", ".csv.gz", ".json.gz")    # lists of document records (catalogue.py)
SOURCE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + ARCHIVE_SUFFIXES + CATALOGUE_SUFFIXES
MEMBER_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
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
# What reading damaged or truncated data raises, from the file system up to tarfile and zipfile.
DAMAGE_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, tarfile.TarError, zipfile.BadZipFile)
_CHUNK = 2**20
Item = Source | Catalogue | SourceError     # what reading a path yields: a catalogue is read whole
_BY_LENGTH = sorted(SOURCE_SUFFIXES, key=len, reverse=True)
_OPEN = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC     # never blocks, never takes a terminal


def _suffix(name: str) -> str:
    lower = name.lower()
    for suffix in _BY_LENGTH:
        if lower.endswith(suffix):
            return suffix
    return Path(lower).suffix


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def parse_bytes(data: bytes, path: str) -> Source:
    """One text or HTML source from its raw bytes; raises :class:`SourceError` (``empty`` when there is nothing
    but white space)."""
    if not data.strip():
        raise SourceError(path, "empty file", empty=True)
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise SourceError(path, f"binary file ({what}), not text")
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as error:
        raise SourceError(path, str(error)) from None
    if not text.strip():
        raise SourceError(path, "empty file (only white space)", empty=True)
    sha256 = hashlib.sha256(data).hexdigest()
    is_html = _suffix(path) in HTML_SUFFIXES or (_suffix(path) not in TEXT_SUFFIXES and _looks_like_html(text))
    reader = read_html if is_html else read_text
    try:
        return reader(text, path=path, sha256=sha256, encoding=encoding)
    except ValueError as error:
        raise SourceError(path, str(error)) from None


# --- opening and reading, bounded ---------------------------------------------------------

def _too_large(size: int | None = None) -> str:
    limit = MAX_SOURCE_BYTES // 2**20
    if size is None:
        return f"file too large (over the limit of {limit} MiB)"
    return f"file too large ({size / 2**20:.1f} MiB; the limit is {limit} MiB)"


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "is a directory, not a file"
    if error.errno == errno.ELOOP:
        return "symbolic link, not followed"
    return f"cannot read ({error.strerror or error})"


def _kind(mode: int) -> str:
    for test, what in ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return what
    return "a special file"


def _open_regular(name: str, *, entry: str | None = None, dir_fd: int | None = None) -> BinaryIO:
    """Open ``name`` for reading if it is a regular file; ``entry`` in ``dir_fd`` is opened without following a link.

    Nothing but a regular file is opened (a device is refused before), and opening never blocks
    (a FIFO put in its place meanwhile); what was opened is checked again.
    """
    try:
        if entry is None:
            mode = os.stat(name).st_mode
            if not stat.S_ISREG(mode):
                raise SourceError(name, "is a directory, not a file" if stat.S_ISDIR(mode)
                                  else f"not a regular file ({_kind(mode)})")
            fd = os.open(name, _OPEN)
        else:
            fd = os.open(entry, _OPEN | os.O_NOFOLLOW, dir_fd=dir_fd)
    except OSError as error:
        raise SourceError(name, _os_reason(error)) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise SourceError(name, "is a directory, not a file")
        if not stat.S_ISREG(mode):
            raise SourceError(name, f"not a regular file ({_kind(mode)})")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _read_limited(stream: BinaryIO, name: str, size: int | None = None) -> bytes:
    """At most :data:`MAX_SOURCE_BYTES` of ``stream``; ``size`` (if known) is checked first."""
    if size is not None and size > MAX_SOURCE_BYTES:
        raise SourceError(name, _too_large(size))
    want = MAX_SOURCE_BYTES + 1 if size is None else size + 1     # no 50 MiB buffer for a small file
    data = stream.read(want)
    if len(data) == want and want <= MAX_SOURCE_BYTES:           # more than the size said
        data += stream.read(MAX_SOURCE_BYTES + 1 - want)
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(name, _too_large())
    return data


def _damage(error: BaseException) -> str:
    """The reason given for damaged data, from what reading it raised."""
    text = str(error) or type(error).__name__
    if isinstance(error, EOFError) or "unexpected end of data" in text:
        return f"truncated: the data ends early ({text})"
    if isinstance(error, OSError) and error.errno is not None:
        return f"cannot read ({error.strerror or text})"
    return f"corrupt compressed data ({text})"


def _found_at_end(error: BaseException) -> bool:
    """Whether gzip's check of the whole stream failed (the data was read, and is not what was written)."""
    return isinstance(error, gzip.BadGzipFile) and str(error).startswith(("CRC check failed", "Incorrect length"))


def read_source(path: str | Path) -> Source:
    """Read one text or HTML file into a :class:`Source`; raises :class:`SourceError`."""
    name = str(path)
    with _open_regular(name) as handle:
        try:
            data = _read_limited(handle, name, os.fstat(handle.fileno()).st_size)
        except OSError as error:
            raise SourceError(name, _os_reason(error)) from None
    return parse_bytes(data, name)


# --- JSON Lines ---------------------------------------------------------------------------

class _Lines:
    """Bounded lines of a stream, counted (to say where damaged data began)."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.count = 0

    def __iter__(self) -> Iterator[bytes]:
        readline = self.stream.readline
        while line := readline(MAX_LINE_BYTES + 1):      # never more than one byte past the limit
            self.count += 1
            yield line


def _first_row(lines: Iterable[bytes]) -> tuple[list[bytes], object]:
    """The lines up to the first that is not blank, and that line's JSON (None when it is not JSON)."""
    head: list[bytes] = []
    for raw in lines:
        head.append(raw)
        if raw.strip():
            if len(raw) > MAX_LINE_BYTES:
                return head, None
            try:
                return head, json.loads(raw)
            except ValueError:     # not JSON, not UTF-8: the line is reported by json_lines
                return head, None
    return head, None


def _iter_json_lines(stream: BinaryIO, name: str, *, outer: _TarStream | None = None) -> Iterator[Item]:
    """The lines of a JSON Lines stream (gunzipped as it goes when ``name`` ends in .gz).

    Damaged data ends the file with one error; damage in an enclosing archive's own
    stream (``outer``) is left to the archive to report.
    """
    lines = _Lines(gzip.GzipFile(fileobj=stream, mode="rb") if name.lower().endswith(".gz") else stream)
    try:
        head, first = _first_row(lines)
        rows = itertools.chain(head, lines)
        if is_record_row(first):   # document records, no body text: a catalogue, read whole
            yield from read_jsonl_catalogue(rows, name)
        else:
            yield from read_json_lines(rows, path=name)
    except DAMAGE_ERRORS as error:
        if outer is not None and outer.failed:
            raise
        reason = _damage(error)
        if _found_at_end(error):
            reason += " at its end: the lines read may be damaged"
        elif lines.count:
            reason += f" after line {lines.count}; the rest of the file is not read"
        yield SourceError(name, reason)


# --- archives -----------------------------------------------------------------------------

class _TarStream:
    """The (decompressed) stream a tar archive is read from.

    It remembers the last 512-byte block read, the one that ended the listing: all zeros at
    a proper end, anything else when a header was damaged or the archive cut short (tarfile
    then stops without a word). Forward seeks read in large chunks (skipping a member);
    ``failed`` tells that reading this stream raised.
    """

    def __init__(self, stream: BinaryIO, *, compressed: bool) -> None:
        self.stream = stream
        self.compressed = compressed
        self.last_block = b""
        self.failed = False

    def read(self, size: int = -1) -> bytes:
        try:
            data = self.stream.read(size)
        except BaseException:
            self.failed = True
            raise
        if size == tarfile.BLOCKSIZE:
            self.last_block = data
        return data

    def tell(self) -> int:
        return self.stream.tell()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        position = self.stream.tell()
        if not self.compressed or whence != os.SEEK_SET or offset < position:
            return self.stream.seek(offset, whence)
        while position < offset:
            chunk = self.read(min(_CHUNK, offset - position))
            if not chunk:
                break
            position += len(chunk)
        return position

    def drain(self, limit: int = _CHUNK) -> None:
        """Read what follows the end of the archive (up to ``limit``), so that a compressed
        stream's own check (the gzip CRC) runs when it ends there."""
        while limit > 0 and (chunk := self.read(min(limit, 64 * 1024))):
            limit -= len(chunk)


def _tar_stream(stream: BinaryIO) -> _TarStream:
    """The tar stream inside a file: gunzipped, bunzipped or unxz-ed as it is read, if compressed."""
    head = stream.read(6)
    stream.seek(0)
    if head.startswith(b"\x1f\x8b"):
        return _TarStream(gzip.GzipFile(fileobj=stream, mode="rb"), compressed=True)
    if head.startswith(b"BZh"):
        return _TarStream(bz2.BZ2File(stream), compressed=True)
    if head.startswith(b"\xfd7zXZ\x00"):
        return _TarStream(lzma.LZMAFile(stream), compressed=True)
    return _TarStream(stream, compressed=False)


_TAR_KINDS = {tarfile.CHRTYPE: "a character device", tarfile.BLKTYPE: "a block device", tarfile.FIFOTYPE: "a FIFO"}


def _link_inside(member: str, target: str, *, from_root: bool = False) -> bool:
    """Whether a link ``member`` → ``target`` names a place inside the archive."""
    if not target or target.startswith("/"):
        return False
    joined = os.path.normpath(target if from_root else os.path.join(os.path.dirname(member), target))
    return joined != ".." and not joined.startswith("../") and not joined.startswith("/")


def _read_member(
    stream: BinaryIO, where: str, size: int, outer: _TarStream | None = None
) -> Iterator[Item]:
    if _suffix(where) in JSONL_SUFFIXES:
        yield from _iter_json_lines(stream, where, outer=outer)
        return
    try:
        yield parse_bytes(_read_limited(stream, where, size), where)
    except SourceError as error:
        yield error


def _iter_tar(stream: BinaryIO, name: str) -> Iterator[Item]:
    try:
        tar_stream = _tar_stream(stream)
        archive = tarfile.open(fileobj=tar_stream, mode="r:")
    except DAMAGE_ERRORS as error:
        damaged = isinstance(error, (EOFError, zlib.error, lzma.LZMAError))
        reason = _damage(error) if damaged else f"broken archive ({error})"
        yield SourceError(name, reason)
        return
    members = 0
    current: str | None = None
    previous: str | None = None
    try:
        with archive:
            for info in archive:
                previous = info.name
                if info.isdir() or _suffix(info.name) not in MEMBER_SUFFIXES:
                    continue
                members += 1
                where = f"{name}#{info.name}"
                if info.issym() or info.islnk():
                    if not _link_inside(info.name, info.linkname, from_root=info.islnk()):
                        yield SourceError(where, f"link to {info.linkname!r}, out of the archive: not followed")
                    continue
                if not info.isfile():
                    yield SourceError(where, f"not a regular file ({_TAR_KINDS.get(info.type, 'a special file')})")
                    continue
                current = where
                handle = archive.extractfile(info)
                if handle is not None:
                    yield from _read_member(handle, where, info.size, tar_stream)
                current = None
            if tar_stream.last_block.count(0) != tarfile.BLOCKSIZE:
                after = f"after {previous}" if previous else "at its start"
                broken = "ends early" if len(tar_stream.last_block) < tarfile.BLOCKSIZE else "has a damaged header"
                yield SourceError(name, f"damaged archive: it {broken} {after}; the rest is not read")
                return
    except DAMAGE_ERRORS as error:
        yield SourceError(current or name, f"{_damage(error)}; the rest of the archive is not read")
        return
    try:
        tar_stream.drain()
    except DAMAGE_ERRORS as error:
        yield SourceError(name, f"{_damage(error)} at its end: the members read may be damaged")
        return
    if members == 0:
        yield SourceError(name, "archive holds no sources (.txt, .html, .jsonl)")


def _zip_mode(info: zipfile.ZipInfo) -> int:
    return info.external_attr >> 16 if info.create_system == 3 else 0   # 3: made on Unix, mode kept


def _iter_zip(stream: BinaryIO, name: str) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(stream)
    except (ValueError, NotImplementedError, struct.error, *DAMAGE_ERRORS) as error:
        yield SourceError(name, f"broken archive ({error})")
        return
    members = 0
    with archive:
        for info in archive.infolist():
            if info.is_dir() or _suffix(info.filename) not in MEMBER_SUFFIXES:
                continue
            members += 1
            where = f"{name}#{info.filename}"
            mode = _zip_mode(info)
            try:
                if stat.S_ISLNK(mode):
                    with archive.open(info) as handle:
                        target = handle.read(4096).decode("utf-8", "replace")
                    if not _link_inside(info.filename, target):
                        yield SourceError(where, f"link to {target!r}, out of the archive: not followed")
                    continue
                if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                    yield SourceError(where, f"not a regular file ({_kind(mode)})")
                    continue
                with archive.open(info) as handle:
                    yield from _read_member(handle, where, info.file_size)
            except RuntimeError:          # zipfile's word for an encrypted member
                yield SourceError(where, "encrypted member: cannot read it")
            except NotImplementedError as error:
                yield SourceError(where, f"cannot read ({error})")
            except DAMAGE_ERRORS as error:
                yield SourceError(where, _damage(error))
    if members == 0:
        yield SourceError(name, "archive holds no sources (.txt, .html, .jsonl)")


# --- catalogues ------------------------------------------------------------------------------

def _iter_catalogue(handle: BinaryIO, name: str, suffix: str) -> Iterator[Item]:
    """A CSV or JSON catalogue (gunzipped as it is read for .gz), bounded like any source."""
    try:
        if suffix.endswith(".gz"):
            data = _read_limited(gzip.GzipFile(fileobj=handle, mode="rb"), name)
        else:
            data = _read_limited(handle, name, os.fstat(handle.fileno()).st_size)
    except SourceError as error:
        yield error
        return
    except DAMAGE_ERRORS as error:
        yield SourceError(name, _damage(error))
        return
    reader = read_csv_catalogue if suffix.startswith(".csv") else read_json_catalogue
    yield from reader(data, name)


# --- files and folders --------------------------------------------------------------------

def _iter_file(name: str, opener: Callable[[], BinaryIO]) -> Iterator[Item]:
    try:
        handle = opener()
    except SourceError as error:
        yield error
        return
    with handle:
        suffix = _suffix(name)
        if suffix in JSONL_SUFFIXES:
            yield from _iter_json_lines(handle, name)
        elif suffix in ARCHIVE_SUFFIXES:
            yield from (_iter_zip if suffix == ".zip" else _iter_tar)(handle, name)
        elif suffix in CATALOGUE_SUFFIXES:
            yield from _iter_catalogue(handle, name, suffix)
        else:
            try:
                yield parse_bytes(_read_limited(handle, name, os.fstat(handle.fileno()).st_size), name)
            except SourceError as error:
                yield error
            except OSError as error:
                yield SourceError(name, _os_reason(error))


def _link_error(path: str, entry: str, dir_fd: int, real_dir: str, root: str) -> str | None:
    """Why a symbolic link in a folder is reported (None: it leads inside, or to nothing a source could be)."""
    try:
        target = os.readlink(entry, dir_fd=dir_fd)
    except OSError as error:
        return _os_reason(error)
    resolved = os.path.realpath(os.path.join(real_dir, target))
    named_as_source = _suffix(path) in SOURCE_SUFFIXES
    if not os.path.exists(resolved):
        return "broken symbolic link" if named_as_source else None
    if resolved == root or resolved.startswith(root.rstrip(os.sep) + os.sep):
        return None
    if named_as_source or os.path.isdir(resolved):
        return "symbolic link out of the folder: not followed"
    return None


def _mode(entry: os.DirEntry) -> int | OSError:
    try:
        return entry.stat(follow_symlinks=False).st_mode
    except OSError as error:
        return error


def _walk(dir_fd: int, name: str, real: str, root: str) -> Iterator[Item]:
    """Every source below an open folder, in name order (hidden names skipped); closes ``dir_fd``."""
    try:
        try:
            with os.scandir(dir_fd) as scan:
                entries = sorted((entry.name, _mode(entry)) for entry in scan if not entry.name.startswith("."))
        except OSError as error:
            yield SourceError(name, f"{_os_reason(error)}: folder not read")
            return
        for entry, mode in entries:
            path = os.path.join(name, entry)
            if isinstance(mode, OSError):
                if not isinstance(mode, FileNotFoundError):     # gone since the folder was listed: nothing to say
                    yield SourceError(path, _os_reason(mode))
            elif stat.S_ISDIR(mode):
                try:
                    sub = os.open(entry, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dir_fd)
                except OSError as error:
                    yield SourceError(path, f"{_os_reason(error)}: folder not read")
                    continue
                yield from _walk(sub, path, os.path.join(real, entry), root)
            elif stat.S_ISLNK(mode):
                if reason := _link_error(path, entry, dir_fd, real, root):
                    yield SourceError(path, reason)
            elif _suffix(entry) not in SOURCE_SUFFIXES:
                continue
            elif stat.S_ISREG(mode):
                yield from _iter_file(path, lambda e=entry, p=path: _open_regular(p, entry=e, dir_fd=dir_fd))
            else:
                yield SourceError(path, f"not a regular file ({_kind(mode)})")
    finally:
        os.close(dir_fd)


def _iter_directory(name: str) -> Iterator[Item]:
    try:
        fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        yield SourceError(name, f"{_os_reason(error)}: folder not read")
        return
    root = os.path.realpath(name)
    found = False
    for item in _walk(fd, name, root, root):
        found = True
        yield item
    if not found:
        yield SourceError(name, "no sources in directory (.txt, .html, .jsonl or archives)")


def _iter_path(name: str) -> Iterator[Item]:
    try:
        mode = os.stat(name).st_mode      # a link named on the command line is followed
    except FileNotFoundError:
        yield SourceError(name, "no such file or directory")
        return
    except OSError as error:
        yield SourceError(name, _os_reason(error))
        return
    if stat.S_ISDIR(mode):
        yield from _iter_directory(name)
        return
    named = printable_path(name)
    for item in _iter_file(name, lambda: _open_regular(name)):
        # an empty file named itself is a mistake to report; found in a folder or archive, it is skipped
        yield SourceError(item.path, item.reason) if getattr(item, "empty", False) and item.path == named else item


def iter_sources(paths: Iterable[str | Path], *, catalogues: bool = False) -> Iterator[Item]:
    """Every source below ``paths``, in order: a :class:`Source`, a :class:`Catalogue` or a :class:`SourceError`.

    A catalogue (a .csv, .json or .jsonl of document records, see :mod:`graph.sources.catalogue`) is
    read whole; with ``catalogues`` false (readers of texts: ``vankien read``, ``extract``) it is
    reported instead, since it has no text. Each item's ``relative_path`` is its path relative to what
    was named (see :func:`graph.sources.model.relative_to`).
    """
    for item in _iter_paths(paths):
        if isinstance(item, Catalogue) and not catalogues:
            yield SourceError(item.path, f"a catalogue of {len(item.records)} document records, no text: "
                                         "`vankien ingest` imports it")
        else:
            yield item


def _iter_paths(paths: Iterable[str | Path]) -> Iterator[Item]:
    for path in paths:
        name = str(path)
        if not os.path.isabs(name):       # the paths read are relative already
            yield from _iter_path(name)
            continue
        relative = relative_to(name)
        for item in _iter_path(name):
            if isinstance(item, (Source, Catalogue)):
                item.relative_path = relative(item.path)
            yield item
