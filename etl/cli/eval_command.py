"""pmdw eval DIR: the parser's accuracy on labeled documents."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from etl.cli.options import UsageError
from etl.evaluate import LabelError, evaluate_directory


@click.command(name="eval")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def evaluate(directory):
    """Compare what the parser extracts from each labeled document in DIRECTORY with its
    NAME.expected.json, and print per-field precision and recall and the list of misses.

    Exit status 0 when every expected value is extracted and nothing else, 1 otherwise.
    """
    try:
        evaluation = evaluate_directory(directory)
    except LabelError as error:
        raise UsageError(str(error)) from error
    if evaluation.documents == 0:
        raise UsageError(f"{directory}: no NAME.expected.json files found")
    click.echo(evaluation.report())
    sys.exit(0 if evaluation.perfect else 1)
