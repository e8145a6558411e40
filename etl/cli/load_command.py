"""pmdw load PATH...: extract, parse and load documents into the warehouse."""

from __future__ import annotations

import json
import os
import shlex
import sys

import click

from etl.cli.options import (
    UsageError,
    configuration_errors,
    database_option,
    filing_metadata_options,
    limits_option,
    metadata_overrides,
)
from etl.cli.progress import choose_progress, one_line
from etl.pipeline import LoadInterrupted, LoadSummary, run_load


@click.command()
@click.argument("paths", nargs=-1, required=True)
@database_option
@filing_metadata_options
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or per-document lines.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="cores",
              help="Worker processes that extract and parse while one writer loads.")
@click.option("--rehash", is_flag=True,
              help="Read and hash every file, even those whose size and modification time are "
                   "those recorded when they were loaded.")
@limits_option
@configuration_errors
def load(paths, database_url, cik, accession, form_type, filed, as_json, quiet, jobs, rehash, limits):
    """Load filing documents into the warehouse.

    PATHS are files, directories (searched recursively for .txt, .htm and .html, also
    gzipped) or glob patterns. The schema is brought to the latest revision first.
    Documents already loaded with the same content are skipped as unchanged (a file whose
    size and modification time did not change since it was loaded is not even read); a changed
    document replaces its earlier facts; a document that cannot be read is quarantined with
    its reason and the rest still load.

    Exit status: 0 all loaded, 1 some quarantined, 2 usage or configuration error,
    130 interrupted.
    """
    overrides = metadata_overrides(cik, accession, form_type, filed)
    if overrides is not None and overrides.accession_number and len(paths) > 1:
        raise UsageError("--accession names one filing: give exactly one path with it")
    try:
        summary = run_load(
            paths, database_url=database_url, overrides=overrides,
            progress=choose_progress(quiet or as_json),
            command=" ".join(["pmdw load", *map(shlex.quote, sys.argv[2:])]),
            jobs=jobs, rehash=rehash, limits=limits,
        )
    except FileNotFoundError as error:
        raise UsageError(str(error)) from error
    except LoadInterrupted as interrupted:
        click.echo(f"pmdw: interrupted, stopped at {interrupted.stopped_at}; documents loaded so far "
                   "are committed, re-run the same command to continue", err=True)
        sys.exit(130)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
    else:
        click.echo(render_summary(summary))
    sys.exit(summary.exit_code)


def render_summary(summary: LoadSummary) -> str:
    counts = summary.as_dict()["documents"]
    lines = [
        f"run {summary.run_id} {summary.outcome} into {summary.database_url}",
        "documents: " + ", ".join(f"{n} {status.replace('_', ' ')}" for status, n in counts.items()),
        f"data-quality findings: {summary.findings} in {summary.documents_with_findings} loaded document(s) "
        f"({summary.unread_sections} disclosure section(s) found but not fully read)",
        "rows: " + ", ".join(f"{table} {n}" for table, n in summary.rows.items()),
    ]
    if summary.quarantined:
        lines.append("quarantined:")
        lines += [f"  {one_line(path)}: {one_line(reason)}" for path, reason in summary.quarantined]
    return "\n".join(lines)
