"""The load pipeline: extract -> parse -> validate (in worker processes) -> load (one writer).

A document that fails at any stage is quarantined with its reason and the batch goes on.
Unchanged documents (same identity, content hash and parser version) are skipped before
parsing, so a re-run costs little more than reading and hashing.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from etl.db import ConfigurationError, ensure_schema
from etl.extract import Skipped, discover, path_text
from etl.extract.metadata import FilingMetadata
from etl.limits import DEFAULT_LIMITS, Limits
from etl.load import WarehouseLoader
from etl.parse import PARSER_VERSION
from etl.prepare import (  # Prepared, PreparedFile, FileFailure, prepare_file: also this module's names
    FileFailure,
    Prepared,
    PreparedFile,
    out_of_memory,
    prepare_file,
    prepare_in_worker,
    start_worker,
)
from etl.stored import Recipe, connection_recipe
from etl.validate import UNREAD_CHECKS
from etl.workers import WorkerFailure, WorkerPool, WorkerStartError

LOADED, REPLACED, UNCHANGED, NO_DISCLOSURE, QUARANTINED = (
    "loaded", "replaced", "unchanged", "no_disclosure", "quarantined",
)


class LoadInterrupted(KeyboardInterrupt):
    """Ctrl-C during a load: what was committed stays; ``stopped_at`` names the file."""

    def __init__(self, stopped_at: str | None, summary: "LoadSummary"):
        super().__init__(stopped_at)
        self.stopped_at = stopped_at or "the start"
        self.summary = summary


class Rejected(Exception):
    """A document that cannot be loaded; the message is the reason recorded in quarantine."""


class Progress(Protocol):
    """How a run reports itself: a bar on a terminal, log lines elsewhere, or nothing."""

    def start(self, total_files: int) -> None: ...
    def document(self, location: str, status: str, detail: str = "") -> None: ...
    def file_done(self) -> None: ...
    def finish(self) -> None: ...


class NoProgress:
    def start(self, total_files: int) -> None:
        pass

    def document(self, location: str, status: str, detail: str = "") -> None:
        pass

    def file_done(self) -> None:
        pass

    def finish(self) -> None:
        pass


@dataclass
class LoadSummary:
    run_id: int
    database_url: str
    statuses: Counter = field(default_factory=Counter)
    findings: int = 0
    documents_with_findings: int = 0  # loaded (or replaced) documents with at least one finding
    unread_sections: int = 0  # disclosure sections found but not (fully) read: a layout to teach
    rows: dict[str, int] = field(default_factory=dict)
    quarantined: list[tuple[str, str]] = field(default_factory=list)
    outcome: str = "running"
    stopped_at: str | None = None

    @property
    def exit_code(self) -> int:
        """0 when everything loaded, 1 when something was quarantined or the run stopped."""
        return 0 if self.outcome == "succeeded" else 1

    def as_dict(self) -> dict:
        return {
            "run_id": self.run_id,
            "outcome": self.outcome,
            "documents": {status: self.statuses.get(status, 0)
                          for status in (LOADED, REPLACED, UNCHANGED, NO_DISCLOSURE, QUARANTINED)},
            "findings": self.findings,
            "documents_with_findings": self.documents_with_findings,
            "unread_sections": self.unread_sections,
            "rows": self.rows,
            "quarantined": [{"path": path, "reason": reason} for path, reason in self.quarantined],
            "stopped_at": self.stopped_at,
        }


def run_load(
    arguments: Iterable[str],
    *,
    database_url: str | None = None,
    overrides: FilingMetadata | None = None,
    progress: Progress | None = None,
    command: str = "pmdw load",
    jobs: int = 0,
    rehash: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> LoadSummary:
    """Loads every document under ``arguments``: ``jobs`` worker processes extract and parse
    while this process writes, with at most a few files in flight per worker, so memory does
    not grow with the number of documents. With ``jobs=0`` (the default of this function, not
    of the commands) this process reads and parses too, without the limits on time and memory
    per document, which need a worker process to stop.

    A file with the size, modification time and parser version recorded when all its
    documents were loaded is skipped unread, unless ``rehash`` (or metadata ``overrides``,
    which can change what its documents are)."""
    progress = progress or NoProgress()
    paths = list(discover(arguments))
    engine = ensure_schema(database_url)
    loader = WarehouseLoader(engine, limits)
    with _CtrlC() as ctrl_c:
        run_id = loader.begin_run(command, PARSER_VERSION)
        summary = LoadSummary(run_id=run_id, database_url=str(engine.url))
        progress.start(len(paths))
        writer = _Writer(loader, run_id, summary, progress)
        try:
            if not rehash and overrides is None:
                paths = _skip_unchanged_files(paths, loader, summary, progress)
            _load_all(paths, writer, overrides, jobs, limits)
            summary.outcome = "partial" if summary.statuses[QUARANTINED] else "succeeded"
        except KeyboardInterrupt as interrupt:
            summary.outcome = "interrupted"
            raise LoadInterrupted(summary.stopped_at, summary) from interrupt
        finally:
            ctrl_c.shield()
            progress.finish()
            _finish_run(loader, summary)
            engine.dispose()
    return summary


def _load_all(paths: list[Path], writer: "_Writer", overrides: FilingMetadata | None,
              jobs: int, limits: Limits) -> None:
    """Writes each file's results as a worker hands them over; the last file handled is
    ``stopped_at`` should the load be interrupted."""
    if not paths:
        return
    results = (_prepared(paths, overrides, connection_recipe(writer.loader.engine), jobs, limits) if jobs > 0
               else _prepared_here(paths, overrides, writer.loader, limits))
    with contextlib.closing(results):
        for item in results:
            if item is None:  # a second without results: a batch waiting that long is written
                writer.flush_if_waiting()
                continue
            writer.summary.stopped_at, result = item
            writer.add(result)
            writer.progress.file_done()
    writer.flush()
    writer.summary.stopped_at = None


def _finish_run(loader: WarehouseLoader, summary: LoadSummary) -> None:
    if summary.outcome == "running":
        summary.outcome = "failed"
    loader.finish_run(summary.run_id, summary.outcome, {
        "documents_seen": sum(summary.statuses.values()),
        "documents_loaded": summary.statuses[LOADED] + summary.statuses[REPLACED],
        "documents_unchanged": summary.statuses[UNCHANGED],
        "documents_without_disclosure": summary.statuses[NO_DISCLOSURE],
        "documents_quarantined": summary.statuses[QUARANTINED],
        "findings_recorded": summary.findings,
    })
    summary.rows = loader.row_counts()
    loader.close()


def _skip_unchanged_files(paths: list[Path | Skipped], loader: WarehouseLoader, summary: LoadSummary,
                          progress: Progress) -> list[Path | Skipped]:
    """The paths to read: those whose size or modification time changed since all their
    documents were loaded (or that were never loaded whole). The rest count as unchanged."""
    recorded = loader.recorded_files([str(path) for path in paths])
    to_read = []
    for path in paths:
        known = recorded.get(str(path))
        if isinstance(path, Skipped):  # prepare_file reports it
            to_read.append(path)
            continue
        try:
            stat = path.stat()
        except OSError:  # gone since it was found: prepare_file says so
            to_read.append(path)
            continue
        if known is None or known[:3] != (stat.st_size, stat.st_mtime_ns, PARSER_VERSION):
            to_read.append(path)
            continue
        summary.statuses[UNCHANGED] += known[3]
        progress.document(path_text(path), UNCHANGED, "file unchanged since loaded")
        progress.file_done()
    return to_read


# --- workers --------------------------------------------------------------------------------


def _prepared_here(paths: list[Path], overrides: FilingMetadata | None, loader: WarehouseLoader,
                   limits: Limits) -> Iterator[tuple[str, PreparedFile | FileFailure]]:
    """``jobs=0``: in this process, in input order, for tests and embedding. The limits on
    time and memory per document are not enforced here (they need a worker to kill)."""
    for path in paths:
        try:
            yield path_text(path), prepare_file(path, overrides, loader.stored, limits)
        except MemoryError:
            yield path_text(path), FileFailure(path_text(path), None, out_of_memory())


def _prepared(paths: list[Path], overrides: FilingMetadata | None, recipe: Recipe, jobs: int,
              limits: Limits) -> Iterator[tuple[str, PreparedFile | FileFailure] | None]:
    """(path, result) as the workers complete them (not in input order: one slow file holds
    nothing back), 2 files in flight per worker (bounded memory); None when a second passes
    without a result. Always in worker processes, also with one job, so that the limits on
    time and memory hold: a Python signal cannot stop lxml mid-parse, a process can be killed.
    A file whose worker failed (time, memory, death) comes back as a FileFailure. The workers
    connect to the warehouse as ``recipe`` says (etl.stored: the driver alone, no SQLAlchemy)."""
    pool = WorkerPool(jobs, prepare_in_worker, start_worker, (recipe,),
                      memory_bytes=limits.worker_memory_bytes, seconds=limits.document_seconds)
    with pool:
        tasks = ((path_text(path), (path, overrides, limits)) for path in paths)
        for item in _starting(pool.run(tasks, tick=_Writer.MAX_WAIT_SECONDS)):
            if item is None:
                yield None
                continue
            key, result = item
            yield key, FileFailure(key, None, result.reason) if isinstance(result, WorkerFailure) else result


def _starting(results: Iterator) -> Iterator:
    """The pool's results; workers that cannot start are a configuration error (one line, exit 2)."""
    try:
        yield from results
    except WorkerStartError as error:
        raise ConfigurationError(str(error)) from error


class _CtrlC:
    """The first Ctrl-C stops the load (KeyboardInterrupt). Once the load is stopping, after
    a Ctrl-C or because it is done, Ctrl-C is ignored until the run is recorded: a second
    Ctrl-C must not leave the run marked running. After an interrupted load it stays ignored
    (the command exits 130 next; a caller that goes on restores its own handler). Only in the
    main thread, and only when Ctrl-C has Python's default handler (not when it is ignored,
    as under nohup). SIGTERM (how a service manager stops a job) counts as Ctrl-C when it has
    its default handler."""

    _DEFAULTS = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: signal.SIG_DFL}

    def __enter__(self) -> "_CtrlC":
        in_main = threading.current_thread() is threading.main_thread()
        self.handled = [number for number, default in self._DEFAULTS.items()
                        if in_main and signal.getsignal(number) is default]
        self.active = bool(self.handled)
        self.interrupted = False
        for number in self.handled:
            signal.signal(number, self._interrupted)
        return self

    def _interrupted(self, _signum, _frame) -> None:
        self.shield()
        self.interrupted = True
        raise KeyboardInterrupt

    def shield(self) -> None:
        for number in self.handled:
            signal.signal(number, signal.SIG_IGN)

    def __exit__(self, *_exc) -> None:
        if not self.interrupted:
            for number in self.handled:
                signal.signal(number, self._DEFAULTS[number])


class _Writer:
    """The one writer: documents gathered into batches (one transaction each; a document that
    fails is rolled back alone), quarantines written at once, the summary kept."""

    # A batch is written when it is full or has waited this long, so a load of large
    # documents still commits steadily (and a Ctrl-C loses little).
    MAX_WAIT_SECONDS = 1.0

    def __init__(self, loader: WarehouseLoader, run_id: int, summary: LoadSummary, progress: Progress):
        self.loader, self.run_id, self.summary, self.progress = loader, run_id, summary, progress
        self.pending: list[Prepared] = []
        self.oldest_pending = 0.0
        # files read since the last batch, recorded once their documents are all in
        self.files: list[PreparedFile] = []
        self.failed_files: set[str] = set()

    def add(self, result: PreparedFile | FileFailure) -> None:
        if isinstance(result, FileFailure):
            self._quarantine(result.path, result.content_sha256, result.reason)
            return
        self.files.append(result)
        for item in result.documents:
            if item.rejection is not None:
                self.failed_files.add(result.path)
                self._quarantine(item.document.location, item.document.content_sha256, item.rejection)
            elif item.is_unchanged:
                self._count(item, UNCHANGED)
            else:
                if not self.pending:
                    self.oldest_pending = time.monotonic()
                self.pending.append(item)
        if len(self.pending) >= self.loader.batch_size or len(self.files) >= self.loader.batch_size:
            self.flush()
        else:
            self.flush_if_waiting()

    def flush_if_waiting(self) -> None:
        if self.pending and time.monotonic() - self.oldest_pending >= self.MAX_WAIT_SECONDS:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        files, self.files = self.files, []
        failed, self.failed_files = self.failed_files, set()
        owner = {id(item): file.path for file in files for item in file.documents}
        outcomes = self.loader.load_batch([(i.document, i.parsed, i.findings) for i in batch],
                                          self.run_id) if batch else []
        for item, outcome in zip(batch, outcomes):
            if isinstance(outcome, Exception):  # that document alone was rolled back
                failed.add(owner[id(item)])
                reason = getattr(outcome, "orig", outcome)
                self._quarantine(item.document.location, item.document.content_sha256, f"load error: {reason}")
            elif outcome == UNCHANGED:  # another process loaded the same content meanwhile
                self._count(item, UNCHANGED)
            elif not item.parsed.has_disclosure:
                self._count(item, NO_DISCLOSURE)
            else:
                self._count(item, REPLACED if outcome == "replaced" else LOADED)
        self.loader.record_files([
            {"path": file.path, "size": file.size, "mtime_ns": file.mtime_ns,
             "parser_version": PARSER_VERSION, "documents": len(file.documents)}
            for file in files if file.path not in failed])

    def _count(self, item: Prepared, status: str) -> None:
        findings = item.findings if status != UNCHANGED else []
        summary = self.summary
        summary.statuses[status] += 1
        summary.findings += len(findings)
        summary.documents_with_findings += bool(findings) and status in (LOADED, REPLACED)
        unread = sum(f.check_name.endswith(UNREAD_CHECKS) for f in findings)
        summary.unread_sections += unread
        detail = f"{len(findings)} data-quality finding(s)" if findings else ""
        if unread:
            detail += f", {unread} section(s) found but not read"
        self.progress.document(item.document.location, status, detail)

    def _quarantine(self, location: str, sha: str | None, reason: str) -> None:
        _quarantine(self.loader, location, sha, reason, self.run_id, self.summary, self.progress)


def _quarantine(loader: WarehouseLoader, location: str, sha: str | None, reason: str, run_id: int,
                summary: LoadSummary, progress: Progress) -> None:
    loader.quarantine(location, sha, reason, run_id)
    summary.statuses[QUARANTINED] += 1
    summary.quarantined.append((location, reason))
    progress.document(location, QUARANTINED, reason)
