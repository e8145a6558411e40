"""Connecting to the warehouse and bringing its schema to the version the code expects."""

from __future__ import annotations

import contextlib
import functools
import fcntl
import os
import re
import sqlite3
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url

from etl.stored import SQLITE_PRAGMAS

REPO_ROOT = Path(__file__).resolve().parents[1]


def resource_dir(name: str) -> Path:
    """``migrations`` or ``sql``: inside the installed package (a wheel puts them at etl/NAME),
    else at the top of the checkout, where they live in the repository."""
    packaged = resources.files("etl").joinpath(name)
    if packaged.is_dir():
        return Path(str(packaged))
    return REPO_ROOT / name


MIGRATIONS_DIR = resource_dir("migrations")
SQL_DIR = resource_dir("sql")
DEFAULT_DATABASE_URL = "sqlite:///pmdw.sqlite"
DATABASE_URL_ENV = "PMDW_DATABASE_URL"


class ConfigurationError(Exception):
    """The warehouse cannot be reached or used as configured."""


def database_url(explicit: str | None = None) -> str:
    """``--db``, else ``PMDW_DATABASE_URL``, else an SQLite file in the working directory.

    A bare ``postgresql://`` URL gets the psycopg 3 driver.
    """
    url = explicit or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL
    try:
        parsed = make_url(url)
    except Exception as error:  # sqlalchemy raises ArgumentError with a terse message
        raise ConfigurationError(f"not a database URL: {url!r} ({error})") from error
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def create_warehouse_engine(url: str | None = None) -> Engine:
    url = database_url(url)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def create_readonly_engine(url: str | None = None) -> Engine:
    """An engine that can only read: SQLite opened read-only with an authorizer that allows
    reading and nothing else (no ATTACH, no VACUUM INTO, no PRAGMA), PostgreSQL in read-only
    transactions. What an analyst's query file does cannot change the warehouse."""
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise ConfigurationError(f"no warehouse file in {url!r} to read")
        path = Path(parsed.database).resolve()
        engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", future=True)
        event.listen(engine, "connect", _read_only_authorizer)
        return engine
    return create_engine(url, future=True, connect_args={"options": "-c default_transaction_read_only=on"})


_READ_ACTIONS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}


def _read_only_authorizer(dbapi_connection, _record) -> None:
    dbapi_connection.set_authorizer(
        lambda action, *_: sqlite3.SQLITE_OK if action in _READ_ACTIONS else sqlite3.SQLITE_DENY)


def upsert_insert(bind, table):
    """INSERT with ON CONFLICT clauses for the warehouse's dialect (PostgreSQL or SQLite);
    ``bind`` is a Connection or Session."""
    dialect = (bind.get_bind() if hasattr(bind, "get_bind") else bind).dialect.name
    return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:  # foreign keys (ON DELETE CASCADE needs them), busy timeout
        cursor.execute(pragma)
    cursor.close()


def alembic_config(url: str | None = None) -> Config:
    ini = REPO_ROOT / "alembic.ini"  # in a checkout; an installed package needs none
    config = Config(str(ini)) if ini.is_file() else Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = database_url(url)
    return config


_MIGRATION_LOCK = 0x706D_6477_0002  # "pmdw" 2


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Alembic upgrade, atomic and serialized: processes starting at once take turns, so the
    second finds the schema at head instead of racing to create it, and a process killed half
    way leaves the schema as it was. PostgreSQL: an advisory lock, and its DDL is
    transactional. SQLite: a lock on a file beside the warehouse (``<file>.lock``), and the
    whole upgrade in one transaction (Python's sqlite3 would run DDL outside of one)."""
    config = alembic_config(url)
    if make_url(config.attributes["database_url"]).get_backend_name() == "sqlite":
        _upgrade_sqlite(config, revision)
        return
    engine = create_warehouse_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK})
            connection.commit()
            try:
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                connection.commit()
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _MIGRATION_LOCK})
                connection.commit()
    finally:
        engine.dispose()


def _upgrade_sqlite(config: Config, revision: str) -> None:
    url = config.attributes["database_url"]
    engine = create_warehouse_engine(url)
    event.listen(engine, "connect", _sqlite_own_transactions)
    event.listen(engine, "begin", _sqlite_begin_immediate)
    try:
        with _file_lock(make_url(url).database), engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def _sqlite_own_transactions(dbapi_connection, _record) -> None:
    """No implicit BEGIN (nor none before DDL) from Python's sqlite3: SQLAlchemy's begin does it."""
    dbapi_connection.isolation_level = None


def _sqlite_begin_immediate(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock first: no upgrade of a stale read


@contextlib.contextmanager
def _file_lock(database: str | None):
    """An exclusive lock on ``<database>.lock`` (created if need be) while the block runs; no
    lock for an in-memory database or where the file cannot be made (SQLite's own write lock
    still serializes the upgrade's transaction)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    try:
        handle = open(f"{database}.lock", "a")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def downgrade(url: str | None = None, revision: str = "-1") -> None:
    command.downgrade(alembic_config(url), revision)


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def ensure_schema(url: str | None = None) -> Engine:
    """Brings the warehouse to the head revision, then hands back an engine for it. A warehouse
    already at the head (every run after the first) is only asked its revision: alembic, which
    imports every revision file and takes the migration lock, is not started (~40 ms a run, most
    of an unchanged re-run's cost)."""
    engine = None
    try:
        engine = create_warehouse_engine(url)  # an unknown dialect raises here
        if not _at_head(engine):
            upgrade(url)
    except Exception as error:
        if engine is not None:
            engine.dispose()
        raise ConfigurationError(f"cannot bring {database_url(url)!r} to the schema head: {error}") from error
    return engine


def _at_head(engine: Engine) -> bool:
    """Whether the warehouse's one recorded revision is the head of the migration files; False
    when it records none or several, has no version table yet, or the files do not name their
    head plainly (`head_in_files`). A warehouse that cannot be reached raises."""
    head = _head_of_migrations()
    if head is None:
        return False
    with engine.connect() as connection:
        try:
            recorded = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        except exc.DBAPIError:  # no version table: a new warehouse
            return False
    return recorded == [head]


# a revision file's own identity lines, as alembic writes them ("revision = '0010'", annotated or not)
_IDENTITY_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(?:[\"'](\w+)[\"']|(None))\s*$", re.M)


@functools.cache
def _head_of_migrations() -> str | None:
    return head_in_files(MIGRATIONS_DIR / "versions")


def head_in_files(versions: Path) -> str | None:
    """The head revision read from the revision files' ``revision =`` and ``down_revision =``
    lines, without importing them; None unless each file names both plainly (one string, or
    None for the first) and exactly one revision is no other's down revision (no branches,
    merges or computed ids: then alembic is asked, as before). `tests/test_migrations.py` holds
    it equal to alembic's own head.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.py").write_text("revision = '0001'\\ndown_revision = None\\n")
    >>> _ = (folder / "b.py").write_text('revision: str = "0002"\\ndown_revision = "0001"\\n')
    >>> head_in_files(folder)
    '0002'
    >>> _ = (folder / "c.py").write_text('revision = "0003"\\ndown_revision = ("0001", "0002")\\n')
    >>> head_in_files(folder) is None
    True
    """
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in sorted(versions.glob("*.py")):
        lines = _IDENTITY_LINE.findall(path.read_text(encoding="utf-8"))
        named = {kind: value or none for kind, value, none in lines}
        if len(lines) != 2 or set(named) != {"revision", "down_revision"} or not named["revision"]:
            return None
        revisions.add(named["revision"])
        if named["down_revision"] != "None":
            downs.add(named["down_revision"])
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 and downs <= revisions else None


@contextlib.contextmanager
def sqlite_views_set_aside(op):
    """For an Alembic batch operation that rebuilds a table on SQLite: SQLite refuses to rename
    a table that a view names, so the views are dropped first and recreated from their own
    stored definitions afterwards. Does nothing on other databases."""
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        yield
        return
    views = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY rowid"
    ).fetchall()
    for name, _ in reversed(views):
        op.execute(f"DROP VIEW {name}")
    yield
    for _, sql in views:
        op.execute(sql)
