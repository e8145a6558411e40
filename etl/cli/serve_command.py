"""pmdw serve: browse the warehouse in a web page (Datasette), read-only."""

from __future__ import annotations

import click

from etl.browse import DEFAULT_HOST, DEFAULT_PORT, sqlite_file
from etl.browse import serve as serve_warehouse
from etl.cli.options import configuration_errors, database_option, warehouse_at_head


@click.command()
@database_option
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Address to listen on. The default answers this machine only; anything "
                   "else shows the warehouse to whoever can reach it.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@configuration_errors
def serve(database_url, host, port):
    """Browse an SQLite warehouse in Datasette: the views and tables with their descriptions,
    the queries in sql/, facets, and each figure linked to its filing on EDGAR, its lines and
    the text it was read from. Read-only. Ctrl-C stops it (exit status 0).

    A PostgreSQL warehouse: `pmdw export --format sqlite` first, then serve the file."""
    path = sqlite_file(database_url)
    warehouse_at_head(f"sqlite:///{path}").dispose()  # the views and tables the page expects
    serve_warehouse(path, host=host, port=port, announce=click.echo)
