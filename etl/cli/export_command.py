"""pmdw export --format parquet|csv|sqlite --out DIR: the warehouse as files for analysts."""

from __future__ import annotations

import time
from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from etl.cli.options import (
    UsageError,
    configuration_errors,
    database_option,
    warehouse_at_head,
)

# etl.export (and pyarrow, half a second to import) is imported when the command runs, so the
# other commands do not pay for it; its FORMATS is this tuple (tests/test_export.py checks)
FORMATS = ("parquet", "csv", "sqlite")


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="parquet or csv: the contract views and dimension tables, one file each; sqlite: the "
                   "whole warehouse as one SQLite file (pmdw.sqlite), for pmdw serve or pmdw query.")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, metavar="DIR",
              help="Directory to write into (created if missing; files of the same names are replaced).")
@database_option
@configuration_errors
def export(fmt, out, database_url):
    """Write the warehouse as Parquet, CSV or one SQLite file, with the data dictionary
    (dictionary.csv) beside it.

    Exact types: money as decimal (Parquet decimal128(20, 2); CSV the printed decimal, never a
    float), dates as dates (CSV: ISO 2006-11-30), NULL kept NULL (CSV: an empty field; an empty
    text is ""). The same warehouse gives byte-identical files. Reads only. Exit 2 when there
    is no warehouse, it holds no filings, or DIR cannot be written."""
    from etl.export import ExportError
    from etl.export import export as export_warehouse

    started = time.perf_counter()
    try:
        engine = warehouse_at_head(database_url)
    except SQLAlchemyError as error:
        raise UsageError(f"cannot open the warehouse: {_first_line(error)}") from None
    try:
        written = export_warehouse(engine, fmt, out)
    except ExportError as error:
        raise UsageError(str(error)) from None
    except SQLAlchemyError as error:
        raise UsageError(f"cannot read the warehouse: {_first_line(error)}") from None
    finally:
        engine.dispose()
    for item in written:
        rows = "" if item.rows is None else f"  {item.rows:,} rows"
        click.echo(f"{item.path}  {item.path.stat().st_size:,} bytes{rows}")
    click.echo(f"exported in {time.perf_counter() - started:.2f} s", err=True)


def _first_line(error: BaseException) -> str:
    error = getattr(error, "orig", None) or error
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
