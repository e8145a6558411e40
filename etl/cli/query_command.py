"""pmdw query NAME_OR_FILE: run an analyst query and print it as a table or CSV."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pandas as pd
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from etl import db as warehouse
from etl.cli.options import (
    UsageError,
    configuration_errors,
    database_option,
    warehouse_at_head,
)


def _first_line(error: BaseException) -> str:
    """The database's own message, without SQLAlchemy's and pandas' wrapping."""
    while error.__cause__ is not None:
        error = error.__cause__
    error = getattr(error, "orig", None) or error
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def resolve_query(name_or_file: str, view_names: set[str]) -> str:
    """A file path, a query in sql/ by name (with or without .sql), or a view or table name."""
    path = Path(name_or_file)
    if path.is_file() and path.suffix.lower() != ".sql":
        raise UsageError(f"{name_or_file}: not a .sql file; pmdw query runs .sql files, named queries and views only")
    for candidate in (path, warehouse.SQL_DIR / name_or_file, warehouse.SQL_DIR / f"{name_or_file}.sql"):
        if candidate.is_file() and candidate.suffix.lower() == ".sql":
            return candidate.read_text()
    if name_or_file in view_names:
        return f"SELECT * FROM {name_or_file}"
    available = sorted(p.stem for p in warehouse.SQL_DIR.glob("*.sql"))
    raise UsageError(
        f"no query named {name_or_file!r}: give a .sql file, one of {', '.join(available)}, "
        f"or a view or table name"
    )


@click.command()
@click.argument("name_or_file")
@database_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
@configuration_errors
def query(name_or_file, database_url, as_csv):
    """Run a query from sql/ (by name), a .sql file, or SELECT * from a view, and print it.

    Read-only: SQLite is opened read-only, PostgreSQL runs the query in a read-only
    transaction, so a query file cannot change the warehouse. A database error is one line
    and exit status 2."""
    engine = warehouse_at_head(database_url)
    try:
        names = set(inspect(engine).get_view_names()) | set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    sql = resolve_query(name_or_file, names)
    reader = warehouse.create_readonly_engine(database_url)
    try:
        with reader.connect() as connection:
            frame = pd.read_sql_query(text(sql), connection)
    except (DBAPIError, pd.errors.DatabaseError) as error:
        raise UsageError(f"{name_or_file}: the database refused the query: {_first_line(error)}") from None
    finally:
        reader.dispose()
    if as_csv:
        frame.to_csv(sys.stdout, index=False)
    elif frame.empty:
        click.echo(f"(no rows; columns: {', '.join(frame.columns)})")
    else:
        with pd.option_context("display.max_colwidth", 60, "display.width", 250):
            click.echo(frame.to_string(index=False))

