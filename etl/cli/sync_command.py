"""pmdw sync: keep the warehouse current from EDGAR's index files (see etl/sync/)."""

from __future__ import annotations

import datetime as dt
import json
import shlex
import signal
import sys
from pathlib import Path
from urllib.parse import urlparse

import click

from etl.cli.options import UsageError, configuration_errors, database_option, iso_date, limits_option
from etl.sync import logs
from etl.sync.fetch import (
    DEFAULT_EDGAR_URL,
    SEC_MAX_RPS,
    EdgarClient,
    FetchSettings,
    check_user_agent,
)
from etl.sync.index import INDEX_KINDS, parse_forms
from etl.sync.lock import SyncAlreadyRunning
from etl.sync.runner import Syncer, SyncInterrupted, SyncOptions, SyncSummary

EXIT_ALREADY_RUNNING = 3
EXIT_INTERRUPTED = 130
DEFAULT_ARCHIVE = "pmdw-archive"


def edgar_today() -> dt.date:
    """Today where EDGAR is (US Eastern), which names its daily index files."""
    try:
        from zoneinfo import ZoneInfo

        return dt.datetime.now(ZoneInfo("America/New_York")).date()
    except Exception:  # no time-zone data on this machine: UTC is at most a few hours off
        return dt.datetime.now(dt.timezone.utc).date()


def _raise_interrupt(_signum, _frame):
    raise KeyboardInterrupt


@click.command()
@database_option
@click.option("--user-agent", envvar="PMDW_USER_AGENT", metavar="'NAME EMAIL'",
              help="Who is asking, as SEC requires: your name and e-mail address. Default: $PMDW_USER_AGENT.")
@click.option("--edgar-url", envvar="PMDW_EDGAR_URL", default=DEFAULT_EDGAR_URL, show_default=True, metavar="URL",
              help="EDGAR's root, or a mirror laid out like it. Default: $PMDW_EDGAR_URL, else EDGAR's.")
@click.option("--archive", envvar="PMDW_ARCHIVE", default=DEFAULT_ARCHIVE, show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Local archive of index and submission files (EDGAR's layout). Default: $PMDW_ARCHIVE.")
@click.option("--max-rps", envvar="PMDW_MAX_RPS", default=SEC_MAX_RPS, show_default=True,
              type=click.FloatRange(min=0, min_open=True, max=SEC_MAX_RPS),
              help="Requests per second at most, retries included (SEC allows 10). Default: $PMDW_MAX_RPS.")
@click.option("--since", callback=iso_date, metavar="YYYY-MM-DD",
              help="First filing date. Default: the first day not yet read (the first run needs it).")
@click.option("--until", callback=iso_date, metavar="YYYY-MM-DD", help="Last filing date. Default: today.")
@click.option("--forms", metavar="LIST",
              help="Comma-separated form types, amendments (/A) included. Default: 485BPOS,485APOS,497,N-1A,N-2.")
@click.option("--cik", "ciks", type=int, multiple=True, help="Only this filer CIK (repeatable).")
@click.option("--index", "index_mode", type=click.Choice(["auto", "daily", "full"]), default="auto",
              show_default=True,
              help="Index files to read: daily ones, quarterly full ones, or (auto) a full index for a "
                   "whole past quarter and daily ones otherwise.")
@click.option("--index-kind", type=click.Choice(INDEX_KINDS), default="form", show_default=True,
              help="form.idx (fixed width) or master.idx (pipe-delimited).")
@click.option("--gzip-index", is_flag=True, help="Fetch the gzipped index files (form.gz, form.YYYYMMDD.idx.gz).")
@click.option("--retry-failed", is_flag=True,
              help="Also retry the filings that failed 5 times, which runs otherwise leave alone "
                   "(pmdw status lists them).")
@click.option("--dry-run", is_flag=True, help="Read the indexes and list what would be fetched; fetch and record nothing.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes that parse while one writer loads.")
@click.option("--retry-base", envvar="PMDW_RETRY_BASE", type=click.FloatRange(min=0), default=1.0,
              show_default=True, help="Seconds before the first retry of a request; doubled each retry, plus jitter.")
@click.option("--attempts", envvar="PMDW_FETCH_ATTEMPTS", type=click.IntRange(min=1), default=6, show_default=True,
              help="Tries per file in one run before it is recorded as failed (and retried next run).")
@click.option("--timeout", envvar="PMDW_HTTP_TIMEOUT", type=click.FloatRange(min=0, min_open=True), default=60.0,
              show_default=True, help="Seconds to wait for a connection or for data.")
@click.option("--log-format", type=click.Choice(["plain", "json"]), default="plain", show_default=True,
              help="Log lines on stderr, each with the run id.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="Log only warnings and errors.")
@limits_option
@configuration_errors
def sync(database_url, user_agent, edgar_url, archive, max_rps, since, until, forms, ciks, index_mode, index_kind,
         gzip_index, retry_failed, dry_run, jobs, retry_base, attempts, timeout, log_format, as_json, quiet,
         limits):
    """Fetch new filings listed in EDGAR's index files and load them.

    Reads the daily (and quarterly full) index files of the days not read before, selects the
    forms that carry portfolio-manager disclosures, downloads each filing's complete submission
    file into the local archive (never twice) and loads it. Filings that fail are recorded with
    the reason and retried by the next runs. Only one sync runs against a warehouse at a time.

    Exit status: 0 everything loaded, 1 something failed (recorded; the next run retries it),
    2 usage or configuration error (e.g. no User-Agent), 3 another sync is running,
    130 interrupted.
    """
    try:
        agent = check_user_agent(user_agent)
        selected_forms = parse_forms(forms)
    except ValueError as error:
        raise UsageError(str(error)) from error
    if urlparse(edgar_url).scheme not in ("http", "https") or not urlparse(edgar_url).netloc:
        raise UsageError(f"--edgar-url {edgar_url!r} is not an http(s) URL")
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    logs.configure(log_format, level=30 if quiet else 20)
    client = EdgarClient(FetchSettings(base_url=edgar_url, user_agent=agent, max_rps=max_rps, attempts=attempts,
                                       retry_base=retry_base, retry_max=retry_base * 64,
                                       timeout=timeout, limits=limits))
    options = SyncOptions(since=since, until=until, forms=selected_forms, ciks=frozenset(ciks),
                          index_mode=index_mode, index_kind=index_kind, gzipped_index=gzip_index, jobs=jobs,
                          retry_exhausted=retry_failed, limits=limits)
    syncer = Syncer(database_url, archive, client, options, today=edgar_today())
    previous_handler = signal.signal(signal.SIGTERM, _raise_interrupt)  # systemd stops a service with SIGTERM
    try:
        if dry_run:
            summary = syncer.dry_run()
        else:
            summary = syncer.run(" ".join(["pmdw sync", *map(shlex.quote, sys.argv[2:])]))
    except SyncAlreadyRunning as error:
        click.echo(f"pmdw sync: {error}", err=True)
        sys.exit(EXIT_ALREADY_RUNNING)
    except SyncInterrupted as interrupted:
        click.echo(f"pmdw sync: run {interrupted.summary.run_id} interrupted; what was fetched and loaded is "
                   "recorded, the next run goes on from there", err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        client.close()
        signal.signal(signal.SIGTERM, previous_handler)
    click.echo(json.dumps(summary.as_dict(), indent=2) if as_json else render_summary(summary))
    sys.exit(summary.exit_code)


def render_summary(summary: SyncSummary) -> str:
    if summary.outcome == "dry-run":
        lines = [f"dry run {summary.since}..{summary.until}: {len(summary.would_fetch)} filing(s) would be "
                 f"fetched or loaded ({summary.requests_made} index request(s) made, "
                 f"{summary.index_lines_rejected} index line(s) rejected)"]
        lines += [f"  rejected {index}: {example}" for index, example in summary.rejected_examples]
        lines += [f"  {t.date_filed}  {t.form_type:<9} {t.cik:>10}  {t.accession_number}  {t.status:<7} "
                  f"{'in archive' if in_archive else 'to fetch':<10}  {t.company_name}"
                  for t, in_archive in summary.would_fetch]
        return "\n".join(lines)
    lines = [
        f"sync run {summary.run_id} {summary.outcome}: {summary.since}..{summary.until}",
        f"index files read: {summary.index_files_read}; filings listed: {summary.filings_listed}, "
        f"fetched: {summary.filings_fetched}, loaded: {summary.filings_loaded}, failed: {len(summary.failures)}; "
        f"requests: {summary.requests_made}; index lines rejected: {summary.index_lines_rejected}",
    ]
    if summary.rejected_examples:
        lines.append("index lines rejected (not index lines, or a file outside edgar/data/<CIK>/<accession>.txt), "
                     "the first of each file:")
        lines += [f"  {index}: {example}" for index, example in summary.rejected_examples]
    if summary.failures:
        lines.append("failures (retried by the next run):")
        lines += [f"  {what}: {reason}" for what, reason in summary.failures]
    return "\n".join(lines)
