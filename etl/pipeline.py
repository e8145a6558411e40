"""The load pipeline: extract -> parse -> validate -> load, one document at a time.

A document that fails at any stage is quarantined with its reason and the batch goes on.
Unchanged documents (same identity, content hash and parser version) are skipped before
parsing, so a re-run costs little more than reading and hashing.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy.exc import DataError, IntegrityError

from etl.db import ensure_schema
from etl.extract import ExtractError, SourceDocument, discover, file_sha256, read_documents
from etl.extract.metadata import FilingMetadata
from etl.load import WarehouseLoader
from etl.parse import PARSER_VERSION, parse_document
from etl.validate import UNREAD_CHECKS, Finding, check

log = logging.getLogger("pmdw")

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
            "unread_sections": self.unread_sections,
            "rows": self.rows,
            "quarantined": [{"path": path, "reason": reason} for path, reason in self.quarantined],
            "stopped_at": self.stopped_at,
        }


def _parse_and_load(loader: WarehouseLoader, document: SourceDocument, run_id: int) -> tuple[str, list[Finding]]:
    stored = loader.stored(document.identity_key)
    if stored and stored.content_sha256 == document.content_sha256 \
            and stored.parser_version == PARSER_VERSION:
        return UNCHANGED, []
    try:
        parsed = parse_document(document.text, is_html=document.is_html)
    except Exception as error:  # a parser bug must not take the batch down
        raise Rejected(f"parser error: {type(error).__name__}: {error}") from error
    findings = check(parsed)
    try:
        outcome = loader.load(document, parsed, findings, run_id)
    except (IntegrityError, DataError) as error:  # the transaction was rolled back whole
        raise Rejected(f"load error: {error.orig}") from error
    if outcome == UNCHANGED:  # another process loaded the same content meanwhile
        return UNCHANGED, []
    if not parsed.has_disclosure:
        return NO_DISCLOSURE, findings
    return (REPLACED if outcome == "replaced" else LOADED), findings


def run_load(
    arguments: Iterable[str],
    *,
    database_url: str | None = None,
    overrides: FilingMetadata | None = None,
    progress: Progress | None = None,
    command: str = "pmdw load",
) -> LoadSummary:
    progress = progress or NoProgress()
    paths = list(discover(arguments))
    engine = ensure_schema(database_url)
    loader = WarehouseLoader(engine)
    run_id = loader.begin_run(command, PARSER_VERSION)
    summary = LoadSummary(run_id=run_id, database_url=str(engine.url))
    progress.start(len(paths))
    current: Path | None = None
    try:
        for current in paths:
            _load_file(loader, current, overrides, run_id, summary, progress)
            progress.file_done()
        summary.outcome = "partial" if summary.statuses[QUARANTINED] else "succeeded"
    except KeyboardInterrupt as interrupt:
        summary.outcome = "interrupted"
        summary.stopped_at = str(current) if current else None
        raise LoadInterrupted(summary.stopped_at, summary) from interrupt
    finally:
        progress.finish()
        if summary.outcome == "running":
            summary.outcome = "failed"
        loader.finish_run(run_id, summary.outcome, {
            "documents_seen": sum(summary.statuses.values()),
            "documents_loaded": summary.statuses[LOADED] + summary.statuses[REPLACED],
            "documents_unchanged": summary.statuses[UNCHANGED],
            "documents_without_disclosure": summary.statuses[NO_DISCLOSURE],
            "documents_quarantined": summary.statuses[QUARANTINED],
            "findings_recorded": summary.findings,
        })
        summary.rows = loader.row_counts()
        engine.dispose()
    return summary


def _load_file(loader: WarehouseLoader, path: Path, overrides: FilingMetadata | None, run_id: int,
               summary: LoadSummary, progress: Progress) -> None:
    try:
        documents = read_documents(path, overrides)
    except (ExtractError, OSError) as error:
        sha = file_sha256(path.read_bytes()) if path.is_file() else None
        _quarantine(loader, str(path), sha, str(error), run_id, summary, progress)
        return
    for document in documents:
        try:
            status, findings = _parse_and_load(loader, document, run_id)
        except Rejected as error:
            _quarantine(loader, document.location, document.content_sha256, str(error), run_id,
                        summary, progress)
            continue
        summary.statuses[status] += 1
        summary.findings += len(findings)
        unread = sum(f.check_name.endswith(UNREAD_CHECKS) for f in findings)
        summary.unread_sections += unread
        detail = f"{len(findings)} data-quality finding(s)" if findings else ""
        if unread:
            detail += f", {unread} section(s) found but not read"
        progress.document(document.location, status, detail)


def _quarantine(loader: WarehouseLoader, location: str, sha: str | None, reason: str, run_id: int,
                summary: LoadSummary, progress: Progress) -> None:
    loader.quarantine(location, sha, reason, run_id)
    summary.statuses[QUARANTINED] += 1
    summary.quarantined.append((location, reason))
    progress.document(location, QUARANTINED, reason)
