"""Bounded intake: compression bombs, damaged archives, links and special files, stray bytes,
unreadable folders, and no server path in what is published."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import stat
import struct
import subprocess
import sys
import tarfile
import zipfile
import zlib

import pytest
from click.testing import CliRunner

from vankien.graph.iris import Iris
from vankien.graph.sources import SourceError, iter_sources
from vankien.web.app import create_app
from vankien.web.cli import main

from conftest import ROOT, SEED

GIB = 2**30
MEMORY_LIMIT_MB = 300
CHILD_TIMEOUT = 300
LINE_LIMIT = "line longer than 50 MiB; the rest of the file is not read"
ARTICLE = "Tin một\n\nTỉnh ủy Cao Bằng ban hành Nghị quyết số 12-NQ/TU ngày 3/3/2021 về phát triển du lịch.\n"


# Runs the command given and writes its peak RSS (KiB) to argv[1]. A child's peak counts the memory of
# the process it was forked from (the kernel keeps the larger at exec), so the command is started from
# this small process rather than from the test process; a command that hangs is killed.
LAUNCHER = """
import os, subprocess, sys, threading
child = subprocess.Popen(sys.argv[3:])
timer = threading.Timer(float(sys.argv[2]), child.kill)
timer.start()
_, status, usage = os.wait4(child.pid, 0)
timer.cancel()
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def cli(*args, cwd=ROOT, tmp):
    """Run `python -m web.cli ARGS`: (exit code, stdout, stderr, peak RSS of the command in MB)."""
    peak = tmp / "peak"
    command = [sys.executable, "-c", LAUNCHER, str(peak), str(CHILD_TIMEOUT), sys.executable, "-m", "vankien.web.cli",
               *map(str, args)]
    proc = subprocess.run(command, cwd=cwd, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode(), int(peak.read_text()) / 1024


def read_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def errors(stderr: str) -> list[str]:
    """The error lines of a run (ingest also says how the search index caught up)."""
    return [line for line in stderr.splitlines() if line.startswith("error:") or "Traceback" in line]


def items(*paths):
    found = list(iter_sources(paths))
    return [str(i) for i in found if isinstance(i, SourceError)], [i for i in found if not isinstance(i, SourceError)]


# --- 1. compression bombs ------------------------------------------------------------------

def gzip_of_zeros(size: int, chunk: int = 2**20) -> bytes:
    """One gzip member holding ``size`` zero bytes, built without compressing them all: a chunk of zeros is
    deflated once, ended by a full flush (which empties the window, so the block stands alone and can be
    repeated), then the final block and the trailer (CRC-32 and length of the whole) follow."""
    zeros = bytes(chunk)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // chunk):
        crc = zlib.crc32(zeros, crc)
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + block * (size // chunk) + deflate.flush()
            + struct.pack("<II", crc, size % 2**32))


def test_the_bomb_is_one_valid_gzip_member_of_zeros():
    data = gzip_of_zeros(64 * 2**20)
    assert gzip.decompress(data) == bytes(64 * 2**20)
    unpacked = zlib.decompressobj(zlib.MAX_WBITS | 16)
    unpacked.decompress(data)
    assert unpacked.eof and unpacked.unused_data == b""  # one member, nothing after it


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    """A .jsonl.gz of 1 GiB of zeros (about 1 MB), and the same as a member of a .tar.gz and of a .zip."""
    folder = tmp_path_factory.mktemp("bombs")
    jsonl = folder / "bomb.jsonl.gz"
    jsonl.write_bytes(gzip_of_zeros(GIB))
    data = jsonl.read_bytes()
    assert len(data) < 2 * 2**20
    seed = SEED.read_bytes()
    tar = folder / "bomb.tar.gz"
    with tarfile.open(tar, "w:gz") as archive:
        for name, body in (("in/bomb.jsonl.gz", data), ("in/seed.txt", seed)):
            info = tarfile.TarInfo(name)
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
    zipped = folder / "bomb.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("bomb.jsonl.gz", data)
        archive.writestr("seed.txt", seed, compress_type=zipfile.ZIP_DEFLATED)
    return {"jsonl": jsonl, "tar": tar, "zip": zipped}


@pytest.mark.parametrize("kind,member", [("jsonl", ""), ("tar", "#in/bomb.jsonl.gz"), ("zip", "#bomb.jsonl.gz")])
def test_a_compression_bomb_is_refused_in_bounded_memory_and_the_rest_is_read(bombs, tmp_path, kind, member):
    bomb = bombs[kind]
    code, out, err, peak = cli("read", bomb, SEED, tmp=tmp_path)
    assert code == 2
    assert err == f"error: {bomb}{member}#L1: {LINE_LIMIT}\n"
    assert peak < MEMORY_LIMIT_MB
    paths = [record["path"] for record in read_lines(out)]
    assert paths[-1] == str(SEED) and len(paths) == (1 if kind == "jsonl" else 2)   # the archive's seed too


def test_ingest_refuses_the_bomb_and_stores_the_rest(bombs, tmp_path):
    code, out, err, peak = cli("ingest", bombs["jsonl"], SEED, "--data", tmp_path / "data", tmp=tmp_path)
    assert code == 2, err
    assert errors(err) == [f"error: {bombs['jsonl']}#L1: {LINE_LIMIT}"]
    assert "read 1, written 1" in out
    assert peak < MEMORY_LIMIT_MB


def test_an_endless_line_of_plain_json_lines_ends_the_file(tmp_path):
    feed = tmp_path / "feed.jsonl"
    with open(feed, "wb") as handle:
        handle.write(json.dumps({"text": "Bài một."}).encode() + b"\n")
        handle.write(b"[" * (51 * 2**20) + b"\n")
        handle.write(json.dumps({"text": "Bài sau."}).encode() + b"\n")
    errors, sources = items(feed)
    assert errors == [f"{feed}#L2: {LINE_LIMIT}"]
    assert [s.text for s in sources] == ["Bài một."]


def test_a_member_of_one_endless_line_in_a_zip_is_refused_and_the_next_read(tmp_path):
    path = tmp_path / "feed.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("big.jsonl", "w") as member:
            for _ in range(60):
                member.write(bytes(2**20))
        archive.writestr("ok.txt", ARTICLE)
    errors, sources = items(path)
    assert errors == [f"{path}#big.jsonl#L1: {LINE_LIMIT}"]
    assert [s.path for s in sources] == [f"{path}#ok.txt"]


# --- 2. damaged compressed data ------------------------------------------------------------

def gzip_broken_midway(first: bytes, second: bytes) -> bytes:
    """gzip of first + second, with the deflate block after ``first`` made invalid (reserved block type)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = packer.compress(first) + packer.flush(zlib.Z_FULL_FLUSH)     # byte-aligned after this
    tail = packer.compress(second) + packer.flush()
    return head + bytes([0b110]) + tail[1:]                              # BFINAL 0, BTYPE 11


def feed_lines(start: int, count: int) -> bytes:
    return "".join(json.dumps({"id": f"b{n}", "text": f"Bài số {n}. {ARTICLE}"}, ensure_ascii=False) + "\n"
                   for n in range(start, start + count)).encode()


def test_corrupt_deflate_data_in_json_lines_is_one_error_line_and_the_run_goes_on(tmp_path):
    feed = tmp_path / "feed.jsonl.gz"
    feed.write_bytes(gzip_broken_midway(feed_lines(1, 200), feed_lines(201, 3)))
    damage = re.escape(f"error: {feed}: corrupt compressed data (Error -3 while decompressing data: invalid block type)"
                       ) + r" after line (\d+); the rest of the file is not read"
    code, out, err, _ = cli("read", feed, SEED, tmp=tmp_path)
    assert code == 2
    (line,) = err.splitlines()
    read = int(re.fullmatch(damage, line).group(1))
    assert 100 < read <= 200          # what was unpacked before the damage (less what was in the same chunk)
    assert [r["path"] for r in read_lines(out)] == [f"{feed}#L{n}" for n in range(1, read + 1)] + [str(SEED)]
    code, out, err, _ = cli("ingest", feed, SEED, "--data", tmp_path / "data", tmp=tmp_path)
    assert code == 2 and [re.fullmatch(damage, line) is not None for line in errors(err)] == [True]
    assert f"read {read + 1}, written {read + 1}" in out


def test_a_flipped_bit_in_gzip_data_is_reported_at_the_end(tmp_path):
    feed = tmp_path / "feed.jsonl.gz"
    data = bytearray(gzip.compress(feed_lines(1, 2)))
    data[-1] ^= 0x01          # the stored length: the lines are read, the stream's own check fails
    feed.write_bytes(bytes(data))
    errors, sources = items(feed)
    assert len(sources) == 2
    assert errors == [f"{feed}: corrupt compressed data (Incorrect length of data produced) at its end: "
                      "the lines read may be damaged"]


def tar_bytes(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for name, body in members:
            info = tarfile.TarInfo(name)
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
    return buffer.getvalue()


MEMBERS = [(f"d/{n}.txt", f"Tin {n}\n\n{ARTICLE * 300}".encode()) for n in range(1, 5)]   # 30 KB each


def test_a_damaged_tar_header_is_reported_not_a_silent_end(tmp_path):
    data = bytearray(tar_bytes(MEMBERS))
    third = data.index(b"d/3.txt")
    data[third + 1] ^= 0x04                       # the third header's checksum no longer holds
    path = tmp_path / "batch.tar.gz"
    path.write_bytes(gzip.compress(bytes(data)))
    code, out, err, _ = cli("read", path, SEED, tmp=tmp_path)
    assert code == 2
    assert err == f"error: {path}: damaged archive: it has a damaged header after d/2.txt; the rest is not read\n"
    assert [r["path"] for r in read_lines(out)] == [f"{path}#d/1.txt", f"{path}#d/2.txt", str(SEED)]


def test_corrupt_deflate_data_in_a_tar_gz_names_the_member_and_the_run_goes_on(tmp_path):
    data = tar_bytes(MEMBERS)
    cut = data.index(b"d/3.txt") + 512 + 20_000      # inside the third member's text
    path = tmp_path / "batch.tar.gz"
    path.write_bytes(gzip_broken_midway(data[:cut], data[cut:]))
    for command in ("read", "ingest"):
        extra = ("--data", tmp_path / "data") if command == "ingest" else ()
        code, out, err, _ = cli(command, path, SEED, *extra, tmp=tmp_path)
        assert code == 2
        assert errors(err) == [f"error: {path}#d/3.txt: corrupt compressed data (Error -3 while decompressing "
                                    "data: invalid block type); the rest of the archive is not read"]
        if command == "read":
            assert [r["path"] for r in read_lines(out)] == [f"{path}#d/1.txt", f"{path}#d/2.txt", str(SEED)]
        else:
            assert "read 3, written 3" in out


def test_a_truncated_tar_gz_is_reported(tmp_path):
    data = gzip.compress(tar_bytes(MEMBERS))
    path = tmp_path / "cut.tar.gz"
    path.write_bytes(data[: len(data) // 2])
    errors, _ = items(path, SEED)
    assert len(errors) == 1 and errors[0].startswith(f"{path}") and "truncated: the data ends early" in errors[0]


def test_a_damaged_zip_member_is_reported_and_the_others_read(tmp_path):
    path = tmp_path / "batch.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in MEMBERS:
            archive.writestr(name, body * 20)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("d/2.txt")
    start = info.header_offset + 30 + len(info.filename)          # the member's compressed data
    data[start + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    errors, sources = items(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}#d/2.txt: corrupt compressed data (")
    assert [s.path for s in sources] == [f"{path}#d/1.txt", f"{path}#d/3.txt", f"{path}#d/4.txt"]


# --- 3. links, devices, FIFOs --------------------------------------------------------------

def test_links_in_a_folder_are_never_followed_out_of_it(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Bí mật của máy chủ: không được đọc.\n", "utf-8")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text(ARTICLE, "utf-8")
    (folder / "leak.txt").symlink_to(outside)
    (folder / "etc").symlink_to("/etc")
    (folder / "again.txt").symlink_to("sub/a.txt")       # inside: skipped, read once under its own name
    (folder / "gone.txt").symlink_to("nowhere.txt")
    errors, sources = items(folder)
    assert errors == [f"{folder}/etc: symbolic link out of the folder: not followed",
                      f"{folder}/gone.txt: broken symbolic link",
                      f"{folder}/leak.txt: symbolic link out of the folder: not followed"]
    assert [s.path for s in sources] == [f"{folder}/sub/a.txt"]


def test_a_fifo_in_a_folder_does_not_hang_the_run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "z.txt").write_text(ARTICLE, "utf-8")
    code, out, err, _ = cli("read", folder, tmp=tmp_path)
    assert code == 2 and err == f"error: {folder}/pipe.txt: not a regular file (a FIFO)\n"
    assert [r["path"] for r in read_lines(out)] == [f"{folder}/z.txt"]


def test_devices_and_fifos_named_on_the_command_line_are_refused(tmp_path):
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    code, out, err, peak = cli("read", "/dev/zero", fifo, SEED, tmp=tmp_path)
    assert code == 2 and peak < MEMORY_LIMIT_MB
    assert err.splitlines() == ["error: /dev/zero: not a regular file (a character device)",
                                f"error: {fifo}: not a regular file (a FIFO)"]
    assert [r["path"] for r in read_lines(out)] == [str(SEED)]


def test_links_and_devices_in_a_tar_are_never_read(tmp_path):
    path = tmp_path / "batch.tar"
    with tarfile.open(path, "w") as archive:
        for name, kind, target in (("d/passwd.txt", tarfile.SYMTYPE, "/etc/passwd"),
                                   ("d/up.txt", tarfile.SYMTYPE, "../../etc/hostname"),
                                   ("d/hard.txt", tarfile.LNKTYPE, "etc/passwd"),
                                   ("d/same.txt", tarfile.SYMTYPE, "real.txt"),
                                   ("d/zero.txt", tarfile.CHRTYPE, "")):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            archive.addfile(info)
        info = tarfile.TarInfo("d/real.txt")
        info.size = len(ARTICLE.encode())
        archive.addfile(info, io.BytesIO(ARTICLE.encode()))
    errors, sources = items(path)
    assert errors == [f"{path}#d/passwd.txt: link to '/etc/passwd', out of the archive: not followed",
                      f"{path}#d/up.txt: link to '../../etc/hostname', out of the archive: not followed",
                      f"{path}#d/zero.txt: not a regular file (a character device)"]
    assert [s.path for s in sources] == [f"{path}#d/real.txt"]      # the hard link names a member: skipped


def test_a_symbolic_link_in_a_zip_is_never_read_as_text(tmp_path):
    path = tmp_path / "batch.zip"
    with zipfile.ZipFile(path, "w") as archive:
        link = zipfile.ZipInfo("passwd.txt")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("real.txt", ARTICLE)
    errors, sources = items(path)
    assert errors == [f"{path}#passwd.txt: link to '/etc/passwd', out of the archive: not followed"]
    assert [s.path for s in sources] == [f"{path}#real.txt"]


# --- 4. a stray byte in UTF-8 --------------------------------------------------------------

def test_utf8_with_a_stray_byte_is_read_as_utf8(tmp_path):
    text = SEED.read_bytes()
    cut = text.index("Đảng bộ thành phố".encode())
    path = tmp_path / "stray.txt"
    path.write_bytes(text[:cut] + b"\x92" + text[cut:])
    errors, sources = items(path)
    assert errors == []
    assert sources[0].encoding == "utf-8" and sources[0].title.startswith("Thành phố Lạng Sơn")
    assert "\ufffdĐảng bộ thành phố hiện có 71 tổ chức" in sources[0].text


def test_a_json_line_with_a_stray_byte_is_read(tmp_path):
    feed = tmp_path / "feed.jsonl"
    text = "Thành ủy Lạng Sơn họp bàn về Nghị quyết số 40-NQ/TU của Ban Thường vụ Tỉnh ủy. " + ARTICLE
    line = json.dumps({"text": text}, ensure_ascii=False).encode()
    feed.write_bytes(line.replace("họp".encode(), b"h\xffop") + b"\n")
    errors, sources = items(feed)
    assert errors == [] and "h\ufffdop bàn" in sources[0].text


# --- 5. unreadable folders -----------------------------------------------------------------

def test_an_unreadable_subfolder_is_one_error_and_the_rest_is_read(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    for sub in ("a", "locked", "z"):
        (folder / sub).mkdir(parents=True)
        (folder / sub / "x.txt").write_text(ARTICLE, "utf-8")
    real_scandir = os.scandir

    def scandir(path):
        where = os.readlink(f"/proc/self/fd/{path}") if isinstance(path, int) else str(path)
        if where.endswith("/locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    errors, sources = items(folder)
    assert errors == [f"{folder}/locked: permission denied: folder not read"]
    assert [s.path for s in sources] == [f"{folder}/a/x.txt", f"{folder}/z/x.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_an_unreadable_subfolder_really_locked(tmp_path):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "ok.txt").write_text(ARTICLE, "utf-8")
    (folder / "locked").chmod(0)
    try:
        code, out, err, _ = cli("read", folder, tmp=tmp_path)
    finally:
        (folder / "locked").chmod(0o755)
    assert code == 2 and err == f"error: {folder}/locked: permission denied: folder not read\n"
    assert [r["path"] for r in read_lines(out)] == [f"{folder}/ok.txt"]


# --- 6. no server path is published --------------------------------------------------------

def test_no_absolute_path_or_file_uri_in_rdf_pages_or_exports(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "local.txt").write_text(ARTICLE, "utf-8")
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    (folder / "feed.jsonl").write_bytes(feed_lines(1, 1))
    data = tmp_path / "data"
    code, _, err, _ = cli("ingest", folder, "--data", data, tmp=tmp_path)
    assert code == 0, err
    code, triples, err, _ = cli("export", "--format", "ntriples", "--data", data, tmp=tmp_path)
    assert code == 0, err
    assert str(tmp_path) not in triples and "file://" not in triples
    paths = set(re.findall(r'<https://vankien.example/vocab#sourcePath> "([^"]*)"', triples))
    assert paths == {"in/sub/local.txt", "in/seed.txt", "in/feed.jsonl#L1"}

    client = create_app(data, TESTING=True).test_client()
    article = "/" + Iris(None).source(str(folder / "sub" / "local.txt")).split("/", 3)[3]
    page = client.get(article + ".json")
    assert page.status_code == 200 and page.get_json()["path"] == "in/sub/local.txt"
    for url in (article + ".json", article, article + ".ttl", "/export.nt"):
        body = client.get(url).get_data(as_text=True)
        assert str(tmp_path) not in body and "file://" not in body, url


def test_remove_finds_a_source_by_its_path_as_given_and_by_its_absolute_path(tmp_path, monkeypatch):
    def vankien(*args, cwd=ROOT):
        """The command run in this process, from the folder ``cwd`` (the same code, no start-up time)."""
        monkeypatch.chdir(cwd)
        result = CliRunner().invoke(main, list(map(str, args)))
        return result.exit_code, result.stdout, result.stderr

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "local.txt").write_text(ARTICLE, "utf-8")
    (folder / "other.txt").write_text(ARTICLE.replace("12-NQ/TU", "13-NQ/TU"), "utf-8")
    (folder / "seed.txt").write_bytes(SEED.read_bytes())            # named by its URL
    data = tmp_path / "data"
    code, out, err = vankien("ingest", "in", "--data", data, cwd=tmp_path)
    assert code == 0 and "written 3" in out, err
    removals = [("in/local.txt", tmp_path), (folder / "other.txt", ROOT), (folder / "seed.txt", ROOT)]
    for needle, cwd in removals:
        code, out, err = vankien("remove", needle, "--data", data, cwd=cwd)
        assert code == 0 and out.startswith("removed 1 source(s)"), (needle, err)
    assert "store: 0 sources" in out

    code, out, err = vankien("ingest", folder, "--data", data)       # named by its absolute path
    assert code == 0, err
    for needle in (folder / "seed.txt", folder / "local.txt", "in/other.txt"):
        code, out, err = vankien("remove", needle, "--data", data)
        assert code == 0 and out.startswith("removed 1 source(s)"), (needle, err)
