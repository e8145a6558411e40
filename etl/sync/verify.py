"""Checks that a downloaded file is whole before it is renamed into the archive.

A file that fails a check is never taken as complete: the download is retried.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b"
_SUBMISSION_ENDS = (b"</SEC-DOCUMENT>", b"</IMS-DOCUMENT>")
_HEADER_ENDS = (b"</SEC-HEADER>", b"</IMS-HEADER>")


class IncompleteDownload(Exception):
    """A body that arrived but is cut short or not what was asked for; the message says why."""


def gzip_is_whole(data: bytes) -> None:
    """Decompresses all of ``data``: a truncated stream lacks its end-of-stream trailer.

    >>> gzip_is_whole(gzip.compress(b"x" * 1000))
    >>> gzip_is_whole(gzip.compress(b"x" * 1000)[:-9])
    Traceback (most recent call last):
    ...
    etl.sync.verify.IncompleteDownload: broken gzip stream (Compressed file ended before the end-of-stream marker was reached)
    """
    try:
        gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as error:
        raise IncompleteDownload(f"broken gzip stream ({error})") from error


def verify_gzip_if_gzipped(path: Path) -> None:
    """Index files: a gzipped one (by its magic bytes, whatever its name) must decompress whole."""
    with path.open("rb") as stream:
        if stream.read(2) != GZIP_MAGIC:
            return
    gzip_is_whole(path.read_bytes())


def submission_is_whole(data: bytes) -> None:
    """A complete submission file must hold its whole ``<SEC-HEADER>`` and end with
    ``</SEC-DOCUMENT>``: EDGAR writes the closing tag last, so a body without it was cut short.

    >>> submission_is_whole(b"<SEC-DOCUMENT>\\n<SEC-HEADER>\\n</SEC-HEADER>\\n<DOCUMENT>x</DOCUMENT>\\n</SEC-DOCUMENT>\\n")
    >>> submission_is_whole(b"<SEC-DOCUMENT>\\n<SEC-HEADER>\\n</SEC-HEADER>\\n<DOCUMENT>x")
    Traceback (most recent call last):
    ...
    etl.sync.verify.IncompleteDownload: submission file does not end with </SEC-DOCUMENT>: cut short
    """
    if data[:2] == GZIP_MAGIC:  # a mirror may keep submissions gzipped
        gzip_is_whole(data)
        data = gzip.decompress(data)
    if not any(end in data for end in _HEADER_ENDS):
        raise IncompleteDownload("no complete <SEC-HEADER> (no </SEC-HEADER>): not a whole submission file")
    if not data.rstrip().endswith(_SUBMISSION_ENDS):
        raise IncompleteDownload("submission file does not end with </SEC-DOCUMENT>: cut short")


def verify_submission(path: Path) -> None:
    submission_is_whole(path.read_bytes())
