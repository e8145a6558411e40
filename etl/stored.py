"""What the warehouse holds for a document, asked by a worker on the database driver itself.

A worker asks once per document, before parsing it (an unchanged document is not parsed again).
The writer's ``WarehouseLoader.stored`` asks the same through SQLAlchemy; a worker asks through
the driver alone (sqlite3, or psycopg for PostgreSQL) and so imports neither SQLAlchemy, the
models nor Alembic: they were most of a worker's start-up, which every load waits for before its
first document (set-up to first answer 0.9-1.3 s with them, 0.26-0.48 s without, on the shared
2-CPU machine; address space at rest 104 -> 42 MiB). The writer, which
has the engine, works out how its driver connects (``connection_recipe``) and hands that over;
a driver not named here is asked through SQLAlchemy as before (``SqlAlchemyLookup``).

This module imports the standard library only; the driver is imported by ``lookup``, in the
worker's set-up, and connected at the first question.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

# Run on every new SQLite connection, the writer's (etl.db) and the workers': foreign keys for
# ON DELETE CASCADE, and a wait for the writer's lock instead of an immediate "database is locked".
SQLITE_PRAGMAS = ("PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=30000")

# SQLAlchemy's driver name -> the DB-API module and its placeholder for one parameter.
DRIVERS = {"pysqlite": ("sqlite3", "?"), "psycopg": ("psycopg", "%s")}

# The statement of WarehouseLoader.stored (etl/load: _STORED), on the table and columns the
# models name (tests/test_stored.py compares the two lookups on both databases).
STORED_SQL = "SELECT content_sha256, parser_version FROM filings WHERE identity_key = {}"

# Arguments of SQLAlchemy's own that are not the driver's connection settings: psycopg's
# "context" is the adapters map of SQLAlchemy's dialect (the lookup reads two text columns).
_DIALECT_ONLY_ARGUMENTS = ("context",)


@dataclass(frozen=True)
class StoredFiling:
    content_sha256: str
    parser_version: str


@dataclass(frozen=True)
class Recipe:
    """How a worker connects: ``driver`` is a key of DRIVERS (with the driver's own ``args`` and
    ``kwargs``, as SQLAlchemy's dialect would pass them), or "sqlalchemy" with the URL in args."""

    driver: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)


def connection_recipe(engine) -> Recipe:
    """How ``engine`` (a SQLAlchemy Engine) connects, for a process that has no SQLAlchemy."""
    if engine.dialect.driver not in DRIVERS:
        return Recipe("sqlalchemy", (engine.url.render_as_string(hide_password=False),))
    args, kwargs = engine.dialect.create_connect_args(engine.url)
    kwargs = {key: value for key, value in kwargs.items() if key not in _DIALECT_ONLY_ARGUMENTS}
    return Recipe(engine.dialect.driver, tuple(args), kwargs)


class DriverLookup:
    """``stored(identity_key)`` on one connection of the driver, opened at the first question
    and kept in autocommit (each question sees what the writer committed last)."""

    def __init__(self, recipe: Recipe):
        self.recipe = recipe
        module, placeholder = DRIVERS[recipe.driver]
        self.module = module
        self.driver = importlib.import_module(module)  # now, in the worker's start-up
        self.statement = STORED_SQL.format(placeholder)
        self.connection = None

    def _connect(self):
        driver = self.driver
        if self.module == "sqlite3":
            connection = driver.connect(*self.recipe.args, **self.recipe.kwargs, isolation_level=None)
            for pragma in SQLITE_PRAGMAS:
                connection.execute(pragma)
            return connection
        return driver.connect(*self.recipe.args, **self.recipe.kwargs, autocommit=True)

    def stored(self, identity_key: str) -> StoredFiling | None:
        if self.connection is None:
            self.connection = self._connect()
        cursor = self.connection.cursor()
        try:
            cursor.execute(self.statement, (identity_key,))
            row = cursor.fetchone()
        finally:
            cursor.close()
        return StoredFiling(*row) if row else None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class SqlAlchemyLookup:
    """``stored`` through the warehouse's loader, for a driver DRIVERS does not name."""

    def __init__(self, recipe: Recipe):
        from etl.db import create_warehouse_engine
        from etl.load import WarehouseLoader

        self.loader = WarehouseLoader(create_warehouse_engine(recipe.args[0]))

    def stored(self, identity_key: str) -> StoredFiling | None:
        return self.loader.stored(identity_key)

    def close(self) -> None:
        self.loader.close()


def lookup(recipe: Recipe) -> DriverLookup | SqlAlchemyLookup:
    return SqlAlchemyLookup(recipe) if recipe.driver not in DRIVERS else DriverLookup(recipe)
