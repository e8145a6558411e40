"""pmdw eval DIR: the parser's accuracy on labeled documents."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from etl.cli.options import UsageError
from etl.evaluate import LabelError, evaluate_directory


@click.command(name="eval")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="Print totals, per-field scores, silent errors and misses as JSON on stdout.")
def evaluate(directory, as_json):
    """Compare what the parser extracts from each labeled document in DIRECTORY with its
    NAME.expected.json, and print per-field precision and recall, totals (values right, wrong,
    missing, extra), the silent errors (wrong or missing values that no finding flags) by
    document, and the list of misses.

    Exit status 0 when every expected value is extracted and nothing else, 1 otherwise.
    """
    try:
        evaluation = evaluate_directory(directory)
    except LabelError as error:
        raise UsageError(str(error)) from error
    if evaluation.documents == 0:
        raise UsageError(f"{directory}: no NAME.expected.json files found")
    click.echo(json.dumps(evaluation.as_dict(), indent=2) if as_json else evaluation.report())
    sys.exit(0 if evaluation.perfect else 1)
