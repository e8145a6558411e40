"""The extract stage facing hostile files: bounded reads, gzip bombs, encodings, file names,
symlink loops and unreadable files. Each hit is a quarantine or a finding with its reason, the
rest of the batch loads, nothing crashes. Limits are lowered so the cases stay small."""

from __future__ import annotations

import gzip
import io
import json
import os
import struct
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine

from etl.cli import main
from etl.extract import (
    ExtractError,
    Skipped,
    decode,
    discover,
    path_text,
    read_bytes,
    read_documents,
)
from etl.extract.reading import RATIO_CHECKED_AFTER, gunzip
from etl.limits import LimitExceeded, Limits
from etl.load import WarehouseLoader
from etl.pipeline import FileFailure, prepare_file, run_load
from tests.conftest import SEED
from tests.synthetic import complete_submission
from tests.warehouse_queries import rows

BIN = Path(sys.executable).parent


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'w.sqlite'}"


def text_bomb(size: int) -> bytes:
    """A gzip of ``size`` bytes of one letter (a whole number of MiB): text, so only the ratio
    guard stops it. Made from one compressed MiB repeated (each block is flushed whole, so every
    block is the same bytes) rather than by compressing it all."""
    chunk = b"a" * (1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size >> 20):
        crc = zlib.crc32(chunk, crc)
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + first + block * ((size >> 20) - 1)
            + deflate.flush() + struct.pack("<II", crc, size & 0xFFFFFFFF))


# --- bounded reading --------------------------------------------------------------------------


def test_a_file_over_the_file_bytes_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_bytes(SEED.read_bytes())
    reads = []

    class Counting(io.FileIO):
        def read(self, *args):
            reads.append(args)
            return super().read(*args)

    monkeypatch.setattr("etl.extract.reading.open", lambda path, mode: Counting(path, "r"), raising=False)
    with pytest.raises(LimitExceeded) as raised:
        read_bytes(big, Limits(file_bytes=1000))
    assert "over the file-bytes limit" in str(raised.value) and "--limit file-bytes=SIZE" in str(raised.value)
    assert reads == []


def test_gzip_streams_stop_at_the_stream_limit_and_the_ratio_guard(tmp_path):
    with pytest.raises(LimitExceeded, match="stream-bytes limit"):
        gunzip(io.BytesIO(gzip.compress(SEED.read_bytes())), Limits(stream_bytes=4096))
    bomb = text_bomb(2 * RATIO_CHECKED_AFTER)
    with pytest.raises(LimitExceeded, match="compression-ratio limit") as raised:
        gunzip(io.BytesIO(bomb), Limits())
    assert "expands" in str(raised.value)
    # Raised high enough, the ratio lets the same stream through whole.
    assert len(gunzip(io.BytesIO(bomb), Limits(compression_ratio=10**6))) == 2 * RATIO_CHECKED_AFTER


def test_multi_member_truncated_and_trailing_garbage_gzip(tmp_path):
    seed = SEED.read_bytes()
    multi = tmp_path / "multi.txt.gz"
    multi.write_bytes(gzip.compress(seed[:5000]) + gzip.compress(seed[5000:]) + b"\0" * 8)
    assert bytes(read_bytes(multi)) == seed
    truncated = tmp_path / "truncated.txt.gz"
    truncated.write_bytes(gzip.compress(seed)[:-20])
    with pytest.raises(ExtractError, match="truncated"):
        read_bytes(truncated)
    garbage = tmp_path / "garbage.txt.gz"
    garbage.write_bytes(gzip.compress(seed) + b"this is not gzip")
    with pytest.raises(ExtractError, match="not a readable gzip file"):
        read_bytes(garbage)


def test_a_gzip_bomb_of_zeros_is_refused_after_a_bounded_read(tmp_path):
    bomb = tmp_path / "zeros.txt.gz"
    bomb.write_bytes(gzip.compress(b"\0" * (64 << 20), compresslevel=1))
    with pytest.raises(ExtractError, match="binary content"):
        read_bytes(bomb, Limits(compression_ratio=10**6))  # the ratio does not even come into it


def test_a_document_over_the_document_limit_is_quarantined_alone(tmp_path):
    submission = tmp_path / "0001193125-24-123456.txt"
    submission.write_text(complete_submission(SEED.read_text()))
    single = tmp_path / "single.txt"
    single.write_bytes(SEED.read_bytes())

    summary = run_load([str(tmp_path)], database_url=sqlite_url(tmp_path),
                       limits=Limits(document_bytes=2000))

    reasons = dict(summary.quarantined)
    assert set(reasons) == {f"{submission}#d123456d485bpos.htm", str(single)}
    assert all("over the document-bytes limit" in reason for reason in reasons.values())
    assert summary.statuses["no_disclosure"] == 1  # the submission's cover letter still loads
    assert rows(sqlite_url(tmp_path), "SELECT document_name FROM filings") == [("filename2.htm",)]
    # The file is not recorded as loaded whole: the next run reads it again.
    assert rows(sqlite_url(tmp_path), "SELECT COUNT(*) FROM source_files") == [(0,)]


# --- encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding, recorded", [
    ("utf-16", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("utf-8-sig", "utf-8-sig"), ("utf-32", "utf-32-le"),
])
def test_a_byte_order_mark_names_the_encoding(encoding, recorded):
    content = "\ufeffPortfolio Manager Zoë Müller" if encoding == "utf-16-be" else "Portfolio Manager Zoë Müller"
    decoded = decode(content.encode(encoding))
    assert (decoded.text, decoded.encoding, decoded.replaced) == ("Portfolio Manager Zoë Müller", recorded, 0)


def test_utf8_with_a_stray_byte_stays_utf8_and_cp1252_stays_cp1252():
    stray = decode("Portfolio Managers: Zoë Müller, Jürgen Ødegård\n".encode() + b"\x92 $1.5 billion")
    assert stray.encoding == "utf-8" and stray.replaced == 1
    assert "Zoë Müller, Jürgen Ødegård" in stray.text
    cp1252 = decode("Portfolio Managers: Zoë Müller \u201cquoted\u201d".encode("cp1252"))
    assert cp1252.encoding == "cp1252" and cp1252.replaced == 0 and "Zoë Müller" in cp1252.text


def test_encodings_are_recorded_and_replaced_bytes_are_a_finding(warehouse_url, tmp_path):
    seed = SEED.read_text() + "\nPrepared by Zoë Müller.\n"
    (tmp_path / "utf16.txt").write_bytes(seed.encode("utf-16"))
    (tmp_path / "stray.txt").write_bytes(seed.encode() + b"Note\x92s end.\n")
    (tmp_path / "cp1252.txt").write_bytes(seed.encode("cp1252"))

    summary = run_load([str(tmp_path)], database_url=warehouse_url)

    assert summary.statuses["quarantined"] == 0, summary.quarantined
    encodings = dict(rows(warehouse_url, "SELECT document_name, encoding FROM filings"))
    assert encodings == {"utf16.txt": "utf-16-le", "stray.txt": "utf-8", "cp1252.txt": "cp1252"}
    [(where, message)] = rows(warehouse_url, "SELECT f.document_name, d.message FROM data_quality_findings d "
                                             "JOIN filings f ON f.id = d.filing_id "
                                             "WHERE d.check_name = 'undecodable_bytes'")
    assert where == "stray.txt" and message.startswith("1 byte sequence(s) are not valid utf-8")


# --- file names -------------------------------------------------------------------------------

NAMES = ["with space.txt", "quote's \"double\".txt", "new\nline.txt", "ünïcødé 名前.txt", "[red]markup[bold].txt"]


def named_files(folder: Path) -> list[str]:
    folder.mkdir()
    seed = SEED.read_bytes()
    for name in NAMES:
        (folder / name).write_bytes(seed)
    Path(os.fsdecode(os.fsencode(folder) + b"/caf\xe9.txt")).write_bytes(seed)
    return [*NAMES, "caf\\xe9.txt"]


def test_hostile_file_names_load_and_a_rerun_skips_them(tmp_path):
    stored = named_files(tmp_path / "in")
    url = sqlite_url(tmp_path)
    first = CliRunner().invoke(main, ["load", str(tmp_path / "in"), "--db", url, "-j", "1"], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    paths = {row[0] for row in rows(url, "SELECT source_path FROM filings")}
    assert paths == {f"{tmp_path / 'in'}/{name}" for name in stored}

    again = CliRunner().invoke(main, ["load", str(tmp_path / "in"), "--db", url, "--json"], catch_exceptions=False)
    assert json.loads(again.output)["documents"]["unchanged"] == len(stored)
    assert rows(url, "SELECT COUNT(*) FROM source_files") == [(len(stored),)]


def test_a_real_load_of_hostile_files_prints_one_line_each_and_keeps_its_memory_bounded(tmp_path):
    """``pmdw load`` in a child process on hostile names, an empty file and a text gzip bomb
    (a 256 MiB stream): no traceback, one line per name, the rest loaded, and a peak RSS (the
    ru_maxrss of the probe's own child) far below what decompressing the bomb whole takes."""
    names = named_files(tmp_path / "in")
    (tmp_path / "in" / "empty\nname.txt").write_text("")
    (tmp_path / "in" / "bomb.txt.gz").write_bytes(text_bomb(256 << 20))
    probe = ("import resource, subprocess, sys; "
             "done = subprocess.run(sys.argv[1:], capture_output=True); "
             "sys.stderr.buffer.write(done.stderr); sys.stdout.buffer.write(done.stdout); "
             "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, str(BIN / "pmdw"), "load", str(tmp_path / "in"), "-j", "1",
                           "--db", sqlite_url(tmp_path)], capture_output=True, timeout=120)
    exit_code, peak_kib = map(int, done.stdout.splitlines()[-1].split())
    assert exit_code == 1, done.stderr
    assert b"Traceback" not in done.stderr
    assert f"documents: {len(names)} loaded".encode() in done.stdout
    assert b"empty\\x0aname.txt (empty file" in done.stderr and b"caf\\xe9.txt" in done.stderr
    assert f"  {tmp_path}/in/empty\\x0aname.txt: empty file".encode() in done.stdout
    assert b"bomb.txt.gz: gzip stream expands" in done.stdout and b"compression-ratio limit" in done.stdout
    assert peak_kib < 240 * 1024, f"peak RSS {peak_kib // 1024} MiB"


def test_the_progress_bar_prints_names_that_look_like_markup(monkeypatch):
    from rich.console import Console

    from etl.cli import progress

    screen = io.StringIO()
    monkeypatch.setattr(progress, "Console", lambda stderr: Console(file=screen, color_system=None, highlight=False, width=200))
    bar = progress.BarProgress()
    bar.start(1)
    bar.document("/in/[/bold] x\n.txt", "quarantined", "empty file: [red]no[/] text")
    bar.file_done()
    bar.finish()
    assert "[/bold] x\\x0a.txt" in screen.getvalue() and "[red]no[/] text" in screen.getvalue()


def test_path_text_is_the_same_for_the_same_name():
    raw = os.fsdecode(b"/in/caf\xe9 \xff.txt")
    assert path_text(raw) == path_text(Path(raw)) == "/in/caf\\xe9 \\xff.txt"
    assert path_text(path_text(raw)) == path_text(raw)
    assert path_text("/in/café.txt") == "/in/café.txt"


# --- discovery: loops, globs, unreadable --------------------------------------------------------


def loop_tree(root: Path) -> Path:
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "doc.txt").write_bytes(SEED.read_bytes())
    (root / "a" / "b" / "up").symlink_to(root / "a")  # two loops: glob's ** recursion hangs on them
    (root / "a" / "b" / "up2").symlink_to("..")
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "other.htm").write_text("<html><body>no disclosure</body></html>")
    (root / "a" / "link").symlink_to(root / "elsewhere")  # not a loop: followed
    (root / "a" / "gone.txt").symlink_to(root / "nowhere.txt")
    os.mkfifo(root / "a" / "pipe.txt")  # opening it would wait for a writer for ever
    return root


def finished(function, seconds: float = 20.0):
    result = []
    worker = threading.Thread(target=lambda: result.append(function()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert result, f"did not finish in {seconds} s"
    return result[0]


def test_a_symlink_loop_is_reported_and_other_links_are_followed(tmp_path):
    root = loop_tree(tmp_path)
    found = finished(lambda: list(discover([str(root / "a")])))
    skipped = {item.location: item.reason for item in found if isinstance(item, Skipped)}
    files = {item for item in found if isinstance(item, Path)}
    assert files == {root / "a/b/doc.txt", root / "elsewhere/other.htm"}
    assert "symlink loop" in skipped[str(root / "a/b/up")]
    assert "leads nowhere" in skipped[str(root / "a/gone.txt")]
    assert skipped[str(root / "a/pipe.txt")] == "not a regular file"


def test_a_double_star_glob_over_a_symlink_loop_finishes(tmp_path):
    root = loop_tree(tmp_path)
    found = finished(lambda: list(discover([f"{root}/**/*.txt"])))
    assert {item for item in found if isinstance(item, Path)} == {root / "a/b/doc.txt"}
    assert any("symlink loop" in item.reason for item in found if isinstance(item, Skipped))
    found = finished(lambda: list(discover([f"{root}/**"])))
    assert {root / "a/b/doc.txt", root / "elsewhere/other.htm"} <= {i for i in found if isinstance(i, Path)}
    with pytest.raises(FileNotFoundError):
        list(discover([f"{root}/**/*.pdf"]))


def test_a_load_reports_loops_and_broken_links_and_loads_the_rest(tmp_path):
    root = loop_tree(tmp_path / "tree")
    summary = finished(lambda: run_load([f"{root}/**/*.*"], database_url=sqlite_url(tmp_path)))
    reasons = dict(summary.quarantined)
    assert "symlink loop" in reasons[str(root / "a/b/up")]
    assert summary.statuses["loaded"] == 1 and summary.statuses["no_disclosure"] == 1


def test_an_unreadable_file_is_quarantined_with_its_reason(tmp_path, monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_bytes(SEED.read_bytes())
    real_open = open

    def refusing(path, *args, **kwargs):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("etl.extract.reading.open", refusing, raising=False)
    result = prepare_file(locked, None, lambda key: None)
    assert isinstance(result, FileFailure)
    assert result.reason == "cannot read the file: Permission denied" and result.content_sha256 is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_a_chmod_000_file_is_quarantined_and_the_rest_loads(tmp_path):
    (tmp_path / "in").mkdir()
    locked = tmp_path / "in" / "locked.txt"
    locked.write_bytes(SEED.read_bytes())
    locked.chmod(0)
    (tmp_path / "in" / "dec20.txt").write_bytes(SEED.read_bytes())
    summary = run_load([str(tmp_path / "in")], database_url=sqlite_url(tmp_path))
    assert dict(summary.quarantined) == {str(locked): "cannot read the file: Permission denied"}
    assert summary.statuses["loaded"] == 1


def test_an_unreadable_directory_is_reported(tmp_path, monkeypatch):
    (tmp_path / "in" / "closed").mkdir(parents=True)
    (tmp_path / "in" / "dec20.txt").write_bytes(SEED.read_bytes())
    real_scandir = os.scandir

    def refusing(path="."):
        if os.fspath(path).endswith("closed"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    found = list(discover([str(tmp_path / "in")]))
    assert Skipped(str(tmp_path / "in" / "closed"), "directory not readable: Permission denied") in found
    assert tmp_path / "in" / "dec20.txt" in found


# --- raw text ---------------------------------------------------------------------------------


def test_raw_text_is_cut_at_the_limit_and_keeps_its_line_span(warehouse_url, tmp_path):
    summary = run_load([str(SEED)], database_url=warehouse_url, limits=Limits(raw_text_chars=30))
    assert summary.exit_code == 0
    for table in ("account_categories", "ownership_ranges", "data_quality_findings", "disclosure_texts"):
        for raw, start, end in rows(warehouse_url, f"SELECT raw_text, line_start, line_end FROM {table}"):
            assert raw is None or len(raw) <= 30 or (raw[30:].startswith("… [cut: ") and raw.endswith(
                " characters more]")), (table, raw)
            assert raw is None or start <= end
    assert any("[cut:" in raw for (raw,) in rows(warehouse_url, "SELECT raw_text FROM account_categories"))


def test_the_loader_keeps_its_old_constructor():
    loader = WarehouseLoader(create_engine("sqlite://"))
    assert loader.limits.raw_text_chars == Limits().raw_text_chars


def test_read_documents_gives_the_encoding_and_the_stored_path(tmp_path):
    name = Path(os.fsdecode(os.fsencode(tmp_path) + b"/0000908737-06-000882_caf\xe9.txt"))
    name.write_bytes(SEED.read_text().encode("utf-16"))
    [document] = read_documents(name)
    assert document.encoding == "utf-16-le" and document.source_path == f"{tmp_path}/0000908737-06-000882_caf\\xe9.txt"
    assert document.metadata.document_name == "caf\\xe9.txt" and document.rejection is None


def test_pmdw_parse_shows_a_rejected_document_and_refuses_a_bomb_in_one_line(tmp_path):
    submission = tmp_path / "0001193125-24-123456.txt"
    submission.write_text(complete_submission(SEED.read_text()))
    result = CliRunner().invoke(main, ["parse", str(submission), "--limit", "document-bytes=2000"])
    assert result.exit_code == 1, result.output
    main_document, cover_letter = json.loads(result.output)
    assert "over the document-bytes limit" in main_document["rejection"] and "parsed" not in main_document
    assert cover_letter["encoding"] == "utf-8" and cover_letter["has_disclosure"] is False
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(text_bomb(32 << 20))
    refused = CliRunner().invoke(main, ["parse", str(bomb)])
    assert refused.exit_code == 2 and "compression-ratio limit" in refused.output
    assert refused.exception is None or isinstance(refused.exception, SystemExit)


def test_a_file_that_grew_since_its_size_was_taken_is_read_within_the_limit():
    from etl.extract.reading import _read_at_most

    assert _read_at_most(io.BytesIO(b"x" * 100), 10, 1000) == b"x" * 100  # grew from 10 to 100 bytes
    assert len(_read_at_most(io.BytesIO(b"x" * 5000), 10, 1000)) == 1001  # one past: over the limit
    assert _read_at_most(io.BytesIO(b"x" * 5), 10, 1000) == b"x" * 5  # shrank
