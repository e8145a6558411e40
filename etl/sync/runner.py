"""``pmdw sync``: keep a warehouse current from EDGAR's index files.

A run (1) takes the warehouse's sync lock, (2) reads the index files of the days it covers
that were not read before, recording each with the filings it lists for the selected forms,
(3) fetches every filing not loaded yet (this run's and earlier runs' leftovers and failures)
into the local archive and loads it with the load pipeline, a batch at a time.
Parsing and loading are the pipeline's (``etl.pipeline.run_load``); nothing here parses filings.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
import io
import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from etl.db import ConfigurationError, ensure_schema
from etl.limits import DEFAULT_LIMITS, LimitExceeded, Limits
from etl.pipeline import QUARANTINED, run_load
from etl.sync.fetch import EdgarClient, FetchError, NotFound
from etl.sync.index import (
    DEFAULT_FORMS,
    IndexEntry,
    IndexFile,
    IndexFormatError,
    IndexReading,
    archive_relative_path,
    entry_selector,
    plan_index_files,
    read_index,
    submission_url_path,
)
from etl.sync.lock import sync_lock
from etl.sync.logs import run_logger
from etl.sync.state import MAX_FILING_ATTEMPTS, FilingTask, SyncState
from etl.sync.verify import CHUNK, GZIP_MAGIC, verify_gzip_if_gzipped, verify_submission

# A business day whose daily index is still missing this many days later was a holiday;
# sooner, the index may just not be published yet, and the day is tried again next run.
SETTLE_DAYS = 3


class SyncInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM: what was recorded stays; the next run goes on from there."""

    def __init__(self, summary: SyncSummary):
        super().__init__(summary.run_id)
        self.summary = summary


@dataclass(frozen=True)
class SyncOptions:
    since: dt.date | None = None
    until: dt.date | None = None
    forms: tuple[str, ...] = DEFAULT_FORMS
    ciks: frozenset[int] = frozenset()
    index_mode: str = "auto"  # auto | daily | full
    index_kind: str = "form"  # form | master
    gzipped_index: bool = False
    jobs: int = 1
    load_batch: int = 20  # filings fetched, then loaded together
    retry_exhausted: bool = False  # also filings that failed MAX_FILING_ATTEMPTS times
    limits: Limits = DEFAULT_LIMITS


@dataclass
class SyncSummary:
    run_id: int | None
    since: dt.date
    until: dt.date
    outcome: str = "running"
    index_files_read: int = 0
    filings_listed: int = 0
    filings_fetched: int = 0
    filings_loaded: int = 0
    index_lines_rejected: int = 0  # lines of the index files read that were not index lines
    rejected_examples: list[tuple[str, str]] = field(default_factory=list)  # (index path, "line N: reason: text")
    failures: list[tuple[str, str]] = field(default_factory=list)  # (accession or index path, reason)
    requests_made: int = 0
    would_fetch: list[tuple[FilingTask, bool]] = field(default_factory=list)  # dry run: (filing, in archive)

    @property
    def exit_code(self) -> int:
        return 0 if self.outcome in ("succeeded", "dry-run") else 1

    def as_dict(self) -> dict:
        return {
            "run_id": self.run_id, "outcome": self.outcome, "since": self.since.isoformat(),
            "until": self.until.isoformat(), "index_files_read": self.index_files_read,
            "filings_listed": self.filings_listed, "filings_fetched": self.filings_fetched,
            "filings_loaded": self.filings_loaded, "requests_made": self.requests_made,
            "index_lines_rejected": self.index_lines_rejected,
            "rejected_lines": [{"index": index, "example": example} for index, example in self.rejected_examples],
            "failures": [{"what": what, "reason": reason} for what, reason in self.failures],
            **({"would_fetch": [{"accession_number": t.accession_number, "cik": t.cik, "form_type": t.form_type,
                                 "date_filed": t.date_filed.isoformat(), "company_name": t.company_name,
                                 "status": t.status, "in_archive": in_archive}
                                for t, in_archive in self.would_fetch]} if self.outcome == "dry-run" else {}),
        }


class _LoadOutcomes:
    """A pipeline Progress that notes which files had a document quarantined, and logs."""

    def __init__(self, log: logging.LoggerAdapter):
        self.log = log
        self.failures: dict[str, str] = {}

    def start(self, total_files: int) -> None:
        self.log.info("loading %d filing(s)", total_files)

    def document(self, location: str, status: str, detail: str = "") -> None:
        path, _, document = location.partition("#")
        if status == QUARANTINED:
            self.failures.setdefault(path, f"load of {document or path} failed: {detail}")
            self.log.warning("quarantined %s: %s", location, detail)
        else:
            self.log.info("%s: %s%s", status, location, f" ({detail})" if detail else "")

    def file_done(self) -> None:
        pass

    def finish(self) -> None:
        pass


class Syncer:
    def __init__(self, database_url: str | None, archive: Path, client: EdgarClient, options: SyncOptions,
                 today: dt.date):
        self.database_url = database_url
        self.archive = archive
        self.client = client
        self.options = options
        self.today = today
        self.log = run_logger(None)

    @property
    def _max_attempts(self) -> int | None:
        return None if self.options.retry_exhausted else MAX_FILING_ATTEMPTS

    # --- entry points -----------------------------------------------------------------------

    def run(self, command: str = "pmdw sync") -> SyncSummary:
        """One sync run under the warehouse's lock (SyncAlreadyRunning when another holds it)."""
        engine = ensure_schema(self.database_url)
        try:
            with sync_lock(engine):
                state = SyncState(engine)
                abandoned = state.abandon_stale_runs()
                since, until = self._range(state)
                run_id = state.begin_run(command, since, until, self.options.forms)
                self.log = self.client.log = run_logger(run_id)
                if abandoned:
                    self.log.warning("%d earlier run(s) had died without finishing: marked abandoned", abandoned)
                summary = SyncSummary(run_id, since, until)
                self.log.info("sync %s..%s of %s from %s into %s", since, until, ",".join(self.options.forms),
                              self.client.base_url, self.archive)
                message = None
                try:
                    self._read_indexes(state, summary, dry_run=False)
                    self._work_filings(state, summary)
                    summary.outcome = "partial" if summary.failures else "succeeded"
                except KeyboardInterrupt as interrupt:
                    summary.outcome, message = "interrupted", "interrupted (Ctrl-C or SIGTERM)"
                    raise SyncInterrupted(summary) from interrupt
                except Exception as error:
                    summary.outcome, message = "failed", f"{type(error).__name__}: {error}"
                    raise
                finally:
                    summary.requests_made = self.client.requests_made
                    state.finish_run(run_id, summary.outcome, message, **self._counts(summary))
                    self.log.info("run %s %s: %d index file(s) read (%d line(s) rejected), %d filing(s) listed, "
                                  "%d fetched, %d loaded, %d failure(s), %d request(s)", run_id, summary.outcome,
                                  summary.index_files_read, summary.index_lines_rejected, summary.filings_listed,
                                  summary.filings_fetched, summary.filings_loaded, len(summary.failures),
                                  summary.requests_made)
                return summary
        finally:
            engine.dispose()

    def dry_run(self) -> SyncSummary:
        """What a run would fetch, touching no state: index files are read (and kept in the
        archive, so the real run need not fetch daily ones again); no filing is fetched."""
        engine = ensure_schema(self.database_url)
        try:
            state = SyncState(engine)
            since, until = self._range(state)
            summary = SyncSummary(None, since, until, outcome="dry-run")
            listed = {t.accession_number: t for t in state.filings_to_work(self.options.forms, self.options.ciks, self._max_attempts)}
            entries = [e for e in self._read_indexes(state, summary, dry_run=True)
                       if e.accession_number not in listed]
            seen_before = state.listed_among([e.accession_number for e in entries])  # one query, not one each
            for entry in entries:
                if entry.accession_number not in seen_before and entry.accession_number not in listed:
                    listed[entry.accession_number] = FilingTask(entry.accession_number, entry.cik, entry.form_type,
                                                                entry.date_filed, entry.company_name, "new", 0)
            summary.would_fetch = [(task, self._archived(task).exists()) for task in listed.values()]
            summary.requests_made = self.client.requests_made
            return summary
        finally:
            engine.dispose()

    # --- steps ------------------------------------------------------------------------------

    def _range(self, state: SyncState) -> tuple[dt.date, dt.date]:
        since = self.options.since or state.resume_day(self.options.forms)
        if since is None:
            raise ConfigurationError("this warehouse was never synced for these forms: give the first run "
                                     "--since YYYY-MM-DD (later runs go on from where the last one stopped)")
        return since, self.options.until or self.today

    def _read_indexes(self, state: SyncState, summary: SyncSummary, *, dry_run: bool) -> list[IndexEntry]:
        """Reads the index files of the run's days not read before; records each with its
        filings (unless a dry run). Returns the selected entries."""
        options, selected_all = self.options, []
        for index_file in plan_index_files(summary.since, summary.until, self.today, options.index_mode,
                                           options.index_kind, options.gzipped_index):
            first = max(index_file.first_day, summary.since)
            last = min(index_file.last_day, summary.until)
            record = state.index_record(index_file.path)
            if record and (record.status == "absent" or record.covers(first, last, options.forms)):
                continue
            local = self.archive / index_file.path.removeprefix("Archives/")
            try:
                fetched = self._fetch_index(index_file, local, record)
            except NotFound as missing:
                self._index_missing(state, summary, index_file, missing, dry_run)
                continue
            except FetchError as error:
                summary.failures.append((index_file.path, str(error)))
                self.log.error("cannot read %s: %s", index_file.path, error)
                continue
            source = self.client.url(index_file.path)
            try:
                reading = read_index_file(local, source, entry_selector(options.forms, first, last, options.ciks),
                                          options.limits)
                digest = _sha256(local)
            except (IndexFormatError, LimitExceeded, OSError, EOFError, zlib.error) as error:
                local.unlink(missing_ok=True)  # fetched afresh next run
                reason = str(error) if isinstance(error, IndexFormatError) else f"{source}: {error}"
                summary.failures.append((index_file.path, reason))
                self.log.error("%s", reason)
                continue
            selected = list(reading.selected.values())
            selected_all += selected
            self._note_rejected(summary, index_file, reading)
            if dry_run:
                continue
            is_final = index_file.scope == "daily" or self.today > index_file.last_day + dt.timedelta(days=SETTLE_DAYS)
            if not is_final:  # a running quarter's full index lists the days up to yesterday
                last = min(last, self.today - dt.timedelta(days=1))
            if record and record.first_day <= last + dt.timedelta(days=1) and first <= record.last_day + dt.timedelta(days=1):
                first, last = min(first, record.first_day), max(last, record.last_day)
            new = state.record_index(
                index_file, run_id=summary.run_id, status="processed", first_day=first, last_day=last,
                forms=options.forms, is_final=is_final, content_sha256=digest,
                http_last_modified=fetched and fetched.last_modified, http_etag=fetched and fetched.etag,
                entries_total=reading.entries_total, selected=selected, mark_read=not options.ciks,
                entries_rejected=reading.rejected,
                rejected_examples="\n".join(map(str, reading.examples)) or None)
            summary.index_files_read += 1
            summary.filings_listed += new
            self.log.info("read %s: %d entries, %d of the selected forms, %d new, %d line(s) rejected",
                          index_file.path, reading.entries_total, len(selected), new, reading.rejected)
        return selected_all

    def _note_rejected(self, summary: SyncSummary, index_file: IndexFile, reading: IndexReading) -> None:
        if not reading.rejected:
            return
        summary.index_lines_rejected += reading.rejected
        summary.rejected_examples += [(index_file.path, str(example)) for example in reading.examples]
        self.log.warning("%s: %d line(s) rejected (not index lines, or naming a file outside "
                         "edgar/data/<CIK>/<accession>.txt); the first:", index_file.path, reading.rejected)
        for example in reading.examples:
            self.log.warning("  %s %s", index_file.path, example)

    def _fetch_index(self, index_file: IndexFile, local: Path, record):
        """A daily index in the archive is used as it is (EDGAR never changes one); a full index
        is fetched again, conditionally when we hold a copy (304: the copy is current)."""
        if local.exists() and index_file.scope == "daily":
            return None
        conditional = record if record and local.exists() else None
        verify = functools.partial(verify_gzip_if_gzipped, max_bytes=self.options.limits.stream_bytes)
        return self.client.download(index_file.path, local, verify,
                                    last_modified=conditional and conditional.http_last_modified,
                                    etag=conditional and conditional.http_etag)

    def _index_missing(self, state: SyncState, summary: SyncSummary, index_file: IndexFile, missing: NotFound,
                       dry_run: bool) -> None:
        settled = index_file.last_day + dt.timedelta(days=SETTLE_DAYS) < self.today
        if index_file.scope == "daily" and settled:
            self.log.info("no daily index for %s (a holiday): %s", index_file.first_day, missing)
            if not dry_run:
                state.record_index(index_file, run_id=summary.run_id, status="absent", first_day=index_file.first_day,
                                   last_day=index_file.last_day, forms=self.options.forms, is_final=True)
        else:
            self.log.info("%s is not published yet; the next run tries again", index_file.path)

    def _work_filings(self, state: SyncState, summary: SyncSummary) -> None:
        tasks = state.filings_to_work(self.options.forms, self.options.ciks, self._max_attempts)
        self.log.info("%d filing(s) to fetch or load", len(tasks))
        for start in range(0, len(tasks), self.options.load_batch):
            ready: dict[str, FilingTask] = {}
            for task in tasks[start:start + self.options.load_batch]:
                target = self._archived(task)
                if not target.exists():
                    url_path = submission_url_path(f"edgar/data/{task.cik}/{task.accession_number}.txt")
                    try:
                        self.client.download(url_path, target, verify_submission)
                    except FetchError as error:
                        self._fail(state, summary, task, str(error))
                        continue
                    summary.filings_fetched += 1
                    self.log.info("fetched %s %s %s", task.form_type, task.accession_number, task.company_name)
                state.mark_fetched(task.accession_number, summary.run_id)
                ready[str(target.resolve())] = task
            if ready:
                self._load(state, summary, ready)
            state.update_run(summary.run_id, requests_made=self.client.requests_made, **self._counts(summary))

    def _load(self, state: SyncState, summary: SyncSummary, ready: dict[str, FilingTask]) -> None:
        outcomes = _LoadOutcomes(self.log)
        crashed = None
        try:
            run_load(list(ready), database_url=self.database_url, progress=outcomes,
                     command=f"pmdw sync (run {summary.run_id})", jobs=self.options.jobs,
                     limits=self.options.limits)
        except Exception as error:  # noqa: BLE001 (a dead worker, memory: the batch fails, the run goes on)
            crashed = f"the load of its batch failed: {type(error).__name__}: {error}"
            self.log.error("loading %d filing(s) failed: %s: %s", len(ready), type(error).__name__, error)
        for path, task in ready.items():
            if path in outcomes.failures or crashed:
                self._fail(state, summary, task, outcomes.failures.get(path) or crashed, counted=True)
            else:
                state.mark_loaded(task.accession_number, summary.run_id)
                summary.filings_loaded += 1

    def _fail(self, state: SyncState, summary: SyncSummary, task: FilingTask, reason: str, *,
              counted: bool = False) -> None:
        """``counted``: the filing was fetched, so this run's attempt is counted already."""
        state.mark_failed(task.accession_number, reason, summary.run_id, counted=counted)
        summary.failures.append((task.accession_number, reason))
        self.log.error("failed %s (%s, attempt %d): %s", task.accession_number, task.form_type, task.attempts + 1,
                       reason)

    def _archived(self, task: FilingTask) -> Path:
        return self.archive / archive_relative_path(task.cik, task.accession_number)

    @staticmethod
    def _counts(summary: SyncSummary) -> dict[str, int]:
        return dict(index_files_read=summary.index_files_read, filings_listed=summary.filings_listed,
                    filings_fetched=summary.filings_fetched, filings_loaded=summary.filings_loaded,
                    filings_failed=len(summary.failures), index_lines_rejected=summary.index_lines_rejected)


class _Capped(io.RawIOBase):
    """A binary stream that raises LimitExceeded once more than ``limit`` bytes came out of it."""

    def __init__(self, stream: BinaryIO, limit: int, what: str):
        self.stream, self.limit, self.what, self.total = stream, limit, what, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        self.total += len(data)
        if self.total > self.limit:
            raise LimitExceeded("stream_bytes", f"{self.what} decompresses to more than {self.limit} bytes")
        buffer[: len(data)] = data
        return len(data)


def read_index_file(path: Path, source: str, keep: Callable[[IndexEntry], bool], limits: Limits) -> IndexReading:
    """Reads an index file from disk line by line (a gzipped one, by its magic bytes,
    decompressed on the way and cut off past ``limits.stream_bytes``), keeping the entries
    ``keep`` selects: memory does not grow with the file. Index files are ASCII."""
    with path.open("rb") as raw:
        gzipped = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
        binary = _Capped(gzip.GzipFile(fileobj=raw), limits.stream_bytes, source) if gzipped else raw
        text: TextIO = io.TextIOWrapper(io.BufferedReader(binary) if gzipped else binary, encoding="latin-1")
        return read_index(text, source, keep)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
