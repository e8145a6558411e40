"""The ``pmdw`` command: a thin layer of options over the library, one module per command group.

Exit codes: 0 success; 1 some documents were quarantined (or a run stopped short); 2 usage or
configuration error; 3 another ``pmdw sync`` is running against the warehouse; 130 interrupted.
"""

from __future__ import annotations

import click

from etl import __version__
from etl.cli.db_commands import db
from etl.cli.eval_command import evaluate
from etl.cli.export_command import export
from etl.cli.load_command import load
from etl.cli.parse_command import parse
from etl.cli.query_command import query
from etl.cli.report_command import report
from etl.cli.serve_command import serve
from etl.cli.status_command import status
from etl.cli.sync_command import sync


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pmdw")
def main() -> None:
    """pmdw loads portfolio-manager disclosures (other accounts managed, fund ownership,
    compensation and conflicts) from EDGAR filings into a SQL warehouse."""


main.add_command(load)
main.add_command(db)
main.add_command(query)
main.add_command(parse)
main.add_command(evaluate)
main.add_command(sync)
main.add_command(status)
main.add_command(report)
main.add_command(serve)
main.add_command(export)
