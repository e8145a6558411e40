"""pmdw status: the last sync runs, what is pending, and the failures."""

from __future__ import annotations

import json

import click

from etl.cli.options import configuration_errors, database_option, warehouse_at_head
from etl.sync.state import FAILED, FETCHED, MAX_FILING_ATTEMPTS, PENDING, SyncState


def _table(headers: list[str], rows: list[list]) -> str:
    """Columns padded to their widest cell; the last column is left ragged.

    >>> print(_table(["id", "outcome"], [[1, "succeeded"], [12, None]]))
    id  outcome
    1   succeeded
    12  -
    """
    cells = [headers] + [["-" if v is None else str(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers) - 1)]
    return "\n".join("  ".join([*(c.ljust(w) for c, w in zip(row, widths)), row[-1]]).rstrip() for row in cells)


def _when(moment) -> str | None:
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else None


@click.command()
@database_option
@click.option("--runs", type=click.IntRange(min=1), default=10, show_default=True, help="How many recent runs to show.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
              help="How many pending and failed filings to list.")
@click.option("--json", "as_json", is_flag=True, help="Print everything as JSON.")
@configuration_errors
def status(database_url, runs, limit, as_json):
    """Show the last sync runs, the filings pending, and the failures with their reasons."""
    engine = warehouse_at_head(database_url)
    try:
        state = SyncState(engine)
        recent = state.recent_runs(runs)
        counts = state.filing_counts()
        pending = state.filings_in((PENDING, FETCHED), limit)
        failures = state.filings_in((FAILED,), limit)
        newest_day = state.newest_day_read()
    finally:
        engine.dispose()
    run_rows = [{"id": r.id, "started_at": _when(r.started_at), "finished_at": _when(r.finished_at),
                 "outcome": r.outcome, "since": str(r.since_date), "until": str(r.until_date),
                 "index_files_read": r.index_files_read, "index_lines_rejected": r.index_lines_rejected,
                 "listed": r.filings_listed, "fetched": r.filings_fetched,
                 "loaded": r.filings_loaded, "failed": r.filings_failed, "requests": r.requests_made,
                 "message": r.message} for r in recent]
    filing_rows = {name: [{"accession_number": f.accession_number, "form_type": f.form_type, "cik": f.cik,
                           "date_filed": str(f.date_filed), "status": f.status, "attempts": f.attempts,
                           "company_name": f.company_name, "last_error": f.last_error} for f in filings]
                   for name, filings in (("pending", pending), ("failures", failures))}
    if as_json:
        click.echo(json.dumps({"runs": run_rows, "filings": counts,
                               "newest_day_read": str(newest_day) if newest_day else None, **filing_rows},
                              indent=2))
        return
    click.echo("sync runs, latest first:")
    click.echo(_table(["run", "started (UTC)", "finished", "outcome", "days", "index files", "lines rejected",
                       "listed", "fetched", "loaded", "failed", "requests", "message"],
                      [[r["id"], r["started_at"], r["finished_at"], r["outcome"], f"{r['since']}..{r['until']}",
                        r["index_files_read"], r["index_lines_rejected"], r["listed"], r["fetched"], r["loaded"],
                        r["failed"], r["requests"], r["message"]] for r in run_rows]) if run_rows else "  (none yet)")
    click.echo(f"\nfilings: {counts['loaded']} loaded, {counts[PENDING]} pending, {counts[FETCHED]} fetched "
               f"not loaded, {counts[FAILED]} failed; newest index day read: {newest_day or '-'}")
    for title, rows in (("pending (fetched or loaded by the next run)", filing_rows["pending"]),
                        (f"failures (retried by the next runs, up to {MAX_FILING_ATTEMPTS} attempts; then with --retry-failed)",
                         filing_rows["failures"])):
        if rows:
            click.echo(f"\n{title}:")
            click.echo(_table(["accession", "form", "cik", "filed", "attempts", "company", "reason"],
                              [[f["accession_number"], f["form_type"], f["cik"], f["date_filed"], f["attempts"],
                                f["company_name"], f["last_error"]] for f in rows]))
