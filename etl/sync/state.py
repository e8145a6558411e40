"""What ``pmdw sync`` has done, kept in the warehouse (tables ``sync_runs``,
``sync_index_files``, ``sync_filings``), so that every run picks up exactly what is new.

An index file and the filings it lists are recorded in one transaction: a day is never marked
read without its filings, and a filing once listed stays until it is loaded. Filing states:
pending (listed) -> fetched (whole in the local archive) -> loaded; or failed, with the reason
and the number of runs that tried, retried by the next runs. A run's attempt counts when it
fetches a filing (or finds it in the archive), before loading it: a filing whose load kills
the process (memory, a dead worker) is counted too, and is left alone after
MAX_FILING_ATTEMPTS runs like any other failure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker

import models as m
from etl.db import upsert_insert
from etl.sync.index import IndexEntry, IndexFile, form_selected, is_business_day

PENDING, FETCHED, LOADED, FAILED = "pending", "fetched", "loaded", "failed"
# Runs a filing is tried by before it is left alone (it stays listed as a failure).
MAX_FILING_ATTEMPTS = 5


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def forms_text(forms: Iterable[str]) -> str:
    return ",".join(sorted(set(forms)))


@dataclass(frozen=True)
class IndexRecord:
    status: str
    first_day: dt.date
    last_day: dt.date
    forms: frozenset[str]
    is_final: bool
    http_last_modified: str | None
    http_etag: str | None

    def covers(self, first: dt.date, last: dt.date, forms: Iterable[str]) -> bool:
        return self.first_day <= first and last <= self.last_day and set(forms) <= self.forms


@dataclass(frozen=True)
class FilingTask:
    accession_number: str
    cik: int
    form_type: str
    date_filed: dt.date
    company_name: str
    status: str
    attempts: int


class SyncState:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    # --- runs -------------------------------------------------------------------------------

    def abandon_stale_runs(self) -> int:
        """Runs still 'running' while we hold the sync lock died without finishing. The filings
        they had fetched but not loaded become failures (their attempt counted already): a
        filing that kills every run that loads it is left alone after MAX_FILING_ATTEMPTS."""
        with self.sessions.begin() as session:
            stale = list(session.scalars(select(m.SyncRun.id).where(m.SyncRun.outcome == "running")))
            if not stale:
                return 0
            session.execute(update(m.SyncRun).where(m.SyncRun.id.in_(stale)).values(
                outcome="abandoned", finished_at=_now(),
                message="the process ended without finishing (killed or crashed)"))
            for run_id in stale:
                session.execute(update(m.SyncFiling).where(
                    (m.SyncFiling.status == FETCHED) & (m.SyncFiling.last_run_id == run_id)).values(
                    status=FAILED, last_error=f"sync run {run_id} ended while it was fetched and not yet loaded "
                                              "(killed, or crashed loading it)"))
            return len(stale)

    def begin_run(self, command: str, since: dt.date | None, until: dt.date | None, forms: Iterable[str]) -> int:
        with self.sessions.begin() as session:
            run = m.SyncRun(command=command, since_date=since, until_date=until, forms=forms_text(forms))
            session.add(run)
            session.flush()
            return run.id

    def update_run(self, run_id: int, **values) -> None:
        with self.sessions.begin() as session:
            session.execute(update(m.SyncRun).where(m.SyncRun.id == run_id).values(**values))

    def finish_run(self, run_id: int, outcome: str, message: str | None = None, **counts: int) -> None:
        self.update_run(run_id, outcome=outcome, finished_at=_now(), message=message, **counts)

    # --- index files ------------------------------------------------------------------------

    def index_record(self, path: str) -> IndexRecord | None:
        with self.sessions() as session:
            row = session.scalars(select(m.SyncIndexFile).where(m.SyncIndexFile.path == path)).first()
        if row is None:
            return None
        return IndexRecord(row.status, row.first_day, row.last_day, frozenset(filter(None, row.forms.split(","))),
                           row.is_final, row.http_last_modified, row.http_etag)

    def record_index(self, index_file: IndexFile, *, run_id: int, status: str, first_day: dt.date,
                     last_day: dt.date, forms: Iterable[str], is_final: bool, content_sha256: str | None = None,
                     http_last_modified: str | None = None, http_etag: str | None = None,
                     entries_total: int = 0, selected: list[IndexEntry] = (), mark_read: bool = True,
                     entries_rejected: int = 0, rejected_examples: str | None = None) -> int:
        """Records an index file as read for ``first_day``..``last_day`` together with the
        filings it listed, in one transaction. Returns how many filings were new.

        ``mark_read=False`` (a run filtered by CIK saw only some of the entries) records the
        filings but not the file, so a later unfiltered run still reads it."""
        values = dict(scope=index_file.scope, status=status, first_day=first_day, last_day=last_day,
                      forms=forms_text(forms), is_final=is_final, content_sha256=content_sha256,
                      http_last_modified=http_last_modified, http_etag=http_etag, entries_total=entries_total,
                      entries_selected=len(selected), entries_rejected=entries_rejected,
                      rejected_examples=rejected_examples, read_at=_now(), sync_run_id=run_id)
        with self.sessions.begin() as session:
            if mark_read:
                session.execute(upsert_insert(session, m.SyncIndexFile).values(path=index_file.path, **values)
                                .on_conflict_do_update(index_elements=["path"], set_=values))
            index_id = session.scalar(select(m.SyncIndexFile.id).where(m.SyncIndexFile.path == index_file.path))
            known = _listed_among(session, [e.accession_number for e in selected])
            new = [e for e in selected if e.accession_number not in known]
            if new:
                now = _now()
                session.execute(upsert_insert(session, m.SyncFiling).on_conflict_do_nothing(), [
                    dict(accession_number=e.accession_number, cik=e.cik, company_name=e.company_name,
                         form_type=e.form_type, date_filed=e.date_filed, status=PENDING, attempts=0,
                         index_file_id=index_id, listed_run_id=run_id, last_run_id=run_id, listed_at=now)
                    for e in new])
        return len(new)

    def resume_day(self, forms: Iterable[str], lookback_days: int = 7) -> dt.date | None:
        """Where a run without --since starts: the first business day not yet read, looking a
        week behind the newest day read (a daily index published late leaves a hole there).
        None when no index was ever read for these forms."""
        forms = set(forms)
        with self.sessions() as session:
            rows = session.execute(select(m.SyncIndexFile.first_day, m.SyncIndexFile.last_day,
                                          m.SyncIndexFile.forms)).all()
        spans = [(first, last) for first, last, read_for in rows if forms <= set(read_for.split(","))]
        if not spans:
            return None
        newest = max(last for _, last in spans)
        day = max(newest - dt.timedelta(days=lookback_days), min(first for first, _ in spans))
        while day <= newest:
            if is_business_day(day) and not any(first <= day <= last for first, last in spans):
                return day
            day += dt.timedelta(days=1)
        return newest + dt.timedelta(days=1)

    # --- filings ----------------------------------------------------------------------------

    def filings_to_work(self, forms: Iterable[str], ciks: frozenset[int] = frozenset(),
                        max_attempts: int | None = MAX_FILING_ATTEMPTS) -> list[FilingTask]:
        """Filings not loaded yet (pending; fetched or failed by fewer than ``max_attempts``
        runs, any number when it is None), whatever day they were listed for, oldest first."""
        forms = tuple(forms)
        tried = m.SyncFiling.status.in_((FETCHED, FAILED))
        if max_attempts is not None:
            tried = tried & (m.SyncFiling.attempts < max_attempts)
        query = (select(m.SyncFiling).where((m.SyncFiling.status == PENDING) | tried)
                 .order_by(m.SyncFiling.date_filed, m.SyncFiling.id))
        if ciks:
            query = query.where(m.SyncFiling.cik.in_(ciks))
        with self.sessions() as session:
            rows = session.scalars(query).all()
        return [FilingTask(r.accession_number, r.cik, r.form_type, r.date_filed, r.company_name, r.status,
                           r.attempts) for r in rows if form_selected(r.form_type, forms)]

    def listed_among(self, accession_numbers: list[str]) -> set[str]:
        """Those of ``accession_numbers`` already listed by an earlier run."""
        with self.sessions() as session:
            return _listed_among(session, accession_numbers)

    def mark_fetched(self, accession_number: str, run_id: int) -> None:
        """Whole in the archive, about to be loaded: this run's attempt counts from here."""
        self._set(accession_number, status=FETCHED, fetched_at=_now(), last_run_id=run_id,
                  attempts=m.SyncFiling.attempts + 1)

    def mark_loaded(self, accession_number: str, run_id: int) -> None:
        self._set(accession_number, status=LOADED, loaded_at=_now(), last_error=None, last_run_id=run_id)

    def mark_failed(self, accession_number: str, reason: str, run_id: int, *, counted: bool = False) -> None:
        """``counted``: the attempt was counted when the filing was fetched (a load that failed)."""
        self._set(accession_number, status=FAILED, last_error=reason, last_run_id=run_id,
                  attempts=m.SyncFiling.attempts + (0 if counted else 1))

    def _set(self, accession_number: str, **values) -> None:
        with self.sessions.begin() as session:
            session.execute(update(m.SyncFiling).where(m.SyncFiling.accession_number == accession_number)
                            .values(**values))

    # --- reports ----------------------------------------------------------------------------

    def recent_runs(self, limit: int = 10) -> list[m.SyncRun]:
        with self.sessions() as session:
            return list(session.scalars(select(m.SyncRun).order_by(m.SyncRun.id.desc()).limit(limit)))

    def filing_counts(self) -> dict[str, int]:
        with self.sessions() as session:
            counts = dict(session.execute(select(m.SyncFiling.status, func.count()).group_by(m.SyncFiling.status)).all())
        return {status: counts.get(status, 0) for status in (PENDING, FETCHED, LOADED, FAILED)}

    def filings_in(self, statuses: Iterable[str], limit: int = 50) -> list[m.SyncFiling]:
        with self.sessions() as session:
            return list(session.scalars(select(m.SyncFiling).where(m.SyncFiling.status.in_(tuple(statuses)))
                                        .order_by(m.SyncFiling.date_filed, m.SyncFiling.id).limit(limit)))

    def newest_day_read(self) -> dt.date | None:
        with self.sessions() as session:
            return session.scalar(select(func.max(m.SyncIndexFile.last_day)))


def _listed_among(session: Session, accession_numbers: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(accession_numbers), 500):
        known |= set(session.scalars(select(m.SyncFiling.accession_number).where(
            m.SyncFiling.accession_number.in_(accession_numbers[start:start + 500]))))
    return known
