"""Checks that a downloaded file is whole before it is renamed into the archive.

A file that fails a check is never taken as complete: the download is retried. Files are read
in chunks of ``CHUNK`` bytes (a gzipped one decompressed a chunk at a time), never whole: a
submission can be a gigabyte.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from etl.limits import LimitExceeded

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 20
_SUBMISSION_ENDS = (b"</SEC-DOCUMENT>", b"</IMS-DOCUMENT>")
_HEADER_ENDS = (b"</SEC-HEADER>", b"</IMS-HEADER>")


class IncompleteDownload(Exception):
    """A body that arrived but is cut short or not what was asked for; the message says why."""


def _chunks(stream: BinaryIO, max_bytes: int | None = None, limit_name: str = "stream_bytes") -> Iterator[bytes]:
    """The bytes of ``stream`` a chunk at a time; a gzip stream decompressed (a truncated one is
    an IncompleteDownload); past ``max_bytes`` decompressed, LimitExceeded."""
    head = stream.read(2)
    source: BinaryIO = stream
    if head == GZIP_MAGIC:
        stream.seek(0)
        source, head = gzip.GzipFile(fileobj=stream), b""
    total = len(head)
    if head:
        yield head
    try:
        while chunk := source.read(CHUNK):
            total += len(chunk)
            if max_bytes is not None and total > max_bytes:
                raise LimitExceeded(limit_name, f"decompresses to more than {max_bytes} bytes")
            yield chunk
    except (OSError, EOFError, zlib.error) as error:
        raise IncompleteDownload(f"broken gzip stream ({error})") from error


def gzip_is_whole(data: bytes) -> None:
    """Decompresses all of ``data``: a truncated stream lacks its end-of-stream trailer.

    >>> gzip_is_whole(gzip.compress(b"x" * 1000))
    >>> gzip_is_whole(gzip.compress(b"x" * 1000)[:-9])
    Traceback (most recent call last):
    ...
    etl.sync.verify.IncompleteDownload: broken gzip stream (Compressed file ended before the end-of-stream marker was reached)
    """
    for _ in _chunks(io.BytesIO(data)):
        pass


def verify_gzip_if_gzipped(path: Path, max_bytes: int | None = None) -> None:
    """Index files: a gzipped one (by its magic bytes, whatever its name) must decompress whole
    (to at most ``max_bytes``, when given)."""
    with path.open("rb") as stream:
        for _ in _chunks(stream, max_bytes):
            pass


def _scan(chunks: Iterable[bytes]) -> tuple[bool, bytes]:
    """Whether a header end occurs, and the last bytes before trailing white space, holding
    no more than a chunk and a few bytes."""
    keep = max(len(end) for end in (*_SUBMISSION_ENDS, *_HEADER_ENDS))
    seen_header, carry, content, pending = False, b"", b"", b""
    for chunk in chunks:
        window = carry + chunk  # a marker may straddle two chunks
        seen_header = seen_header or any(end in window for end in _HEADER_ENDS)
        carry = window[-keep:]
        stripped = chunk.rstrip()
        if stripped:
            content, pending = (content + pending + stripped)[-keep:], chunk[len(stripped):]
        else:  # white space only: it separates, its length does not matter
            pending = (pending + chunk)[-keep:]
    return seen_header, content


def _check_submission(chunks: Iterable[bytes]) -> None:
    seen_header, last = _scan(chunks)
    if not seen_header:
        raise IncompleteDownload("no complete <SEC-HEADER> (no </SEC-HEADER>): not a whole submission file")
    if not last.endswith(_SUBMISSION_ENDS):
        raise IncompleteDownload("submission file does not end with </SEC-DOCUMENT>: cut short")


def submission_is_whole(data: bytes) -> None:
    """A complete submission file must hold its whole ``<SEC-HEADER>`` and end with
    ``</SEC-DOCUMENT>``: EDGAR writes the closing tag last, so a body without it was cut short.
    A mirror may keep submissions gzipped.

    >>> submission_is_whole(b"<SEC-DOCUMENT>\\n<SEC-HEADER>\\n</SEC-HEADER>\\n<DOCUMENT>x</DOCUMENT>\\n</SEC-DOCUMENT>\\n")
    >>> submission_is_whole(gzip.compress(b"<SEC-HEADER>\\n</SEC-HEADER>\\nx\\n</SEC-DOCUMENT>\\n\\n"))
    >>> submission_is_whole(b"<SEC-DOCUMENT>\\n<SEC-HEADER>\\n</SEC-HEADER>\\n<DOCUMENT>x")
    Traceback (most recent call last):
    ...
    etl.sync.verify.IncompleteDownload: submission file does not end with </SEC-DOCUMENT>: cut short
    """
    _check_submission(_chunks(io.BytesIO(data)))


def verify_submission(path: Path) -> None:
    """The same check as ``submission_is_whole``, reading the file a chunk at a time."""
    with path.open("rb") as stream:
        _check_submission(_chunks(stream))
