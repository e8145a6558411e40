"""pmdw report --out report.html: one self-contained HTML page of plots over the warehouse."""

from __future__ import annotations

import time
from pathlib import Path

import click
from sqlalchemy.exc import DBAPIError

from etl.cli.options import (
    UsageError,
    configuration_errors,
    database_option,
    warehouse_at_head,
)
from etl.report import write_report


@click.command()
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Where to write the HTML page (e.g. report.html); replaced whole if it exists.")
@database_option
@configuration_errors
def report(out, database_url):
    """Write a self-contained HTML report with plots: other-accounts assets by category and year,
    managers with performance-fee accounts over time, ownership ranges by fund family, and the
    warehouse's health (load runs, quarantine, findings by check).

    The page has no script and no link outside itself: it opens offline, and the same warehouse
    gives the same bytes. Read-only. Exit 2 when the warehouse or the output cannot be used."""
    warehouse_at_head(database_url).dispose()
    started = time.perf_counter()
    try:
        size = write_report(database_url, out)
    except OSError as error:
        raise UsageError(f"cannot write the report to {out}: {error.strerror or error}") from None
    except DBAPIError as error:
        raise UsageError(f"the database refused a report query: {str(error.orig).splitlines()[0]}") from None
    click.echo(f"report: {out} ({size:,} bytes, {time.perf_counter() - started:.1f} s)")
