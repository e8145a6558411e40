"""One ``pmdw sync`` at a time per warehouse, with locks the operating system or the database
server drops when the holder dies, so a crashed run never blocks the next one.

PostgreSQL: a session advisory lock, held by a connection kept open for the run (the server
releases it when the connection ends, however the process ended). SQLite: ``fcntl.flock`` on a
lock file beside the database (the kernel releases it when the process dies).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, text

SYNC_LOCK_KEY = 0x706D_6477_0003  # "pmdw" 3; 1 and 2 are the loader's and migrations'


class SyncAlreadyRunning(Exception):
    """Another sync holds the warehouse's lock; the message says which and where."""


def sqlite_lock_path(engine: Engine) -> Path | None:
    """The lock file beside an SQLite database; None for an in-memory one (nothing to share)."""
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(database + ".sync-lock")


@contextlib.contextmanager
def sync_lock(engine: Engine) -> Iterator[None]:
    """Holds the warehouse's sync lock for the ``with`` block, or raises SyncAlreadyRunning."""
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine):
            yield
    else:
        with _file_lock(sqlite_lock_path(engine)):
            yield


@contextlib.contextmanager
def _advisory_lock(engine: Engine) -> Iterator[None]:
    connection = engine.connect()
    try:
        acquired = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": SYNC_LOCK_KEY}).scalar_one()
        connection.commit()
        if not acquired:
            holder = connection.execute(text(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND classid = :high AND objid = :low"),
                {"high": SYNC_LOCK_KEY >> 32, "low": SYNC_LOCK_KEY & 0xFFFF_FFFF}).scalar()
            raise SyncAlreadyRunning(
                f"another pmdw sync is running against {engine.url.render_as_string()} "
                f"(it holds PostgreSQL advisory lock {SYNC_LOCK_KEY}"
                + (f", server process {holder}" if holder else "") + "); this one stops")
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SYNC_LOCK_KEY})
            connection.commit()
    finally:
        connection.close()


@contextlib.contextmanager
def _file_lock(path: Path | None) -> Iterator[None]:
    if path is None:
        yield
        return
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
            raise SyncAlreadyRunning(
                f"another pmdw sync is running against this warehouse (it holds the lock file {path}"
                + (f", process {holder}" if holder else "") + "); this one stops") from None
        # The file itself stays (removing it would race with the next locker); its content only
        # names the holder for the message above.
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(descriptor, 0)
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
