"""Load stage: writes one parsed document into the warehouse in one transaction.

The loader never parses: it takes the extract stage's SourceDocument, the parser's
ParsedDocument and the validator's findings, and maps them onto the models.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import psycopg
from sqlalchemy import Engine, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

import models as m
from etl.extract import SourceDocument
from etl.parse.names import PersonName, display_organization, organization_key
from etl.parse.records import ParsedDocument, Span
from etl.validate import Finding

FACT_TABLES = (
    "filings", "registrants", "funds", "advisers", "managers", "adviser_disclosures",
    "manager_disclosures", "account_categories", "ownership_ranges", "disclosure_texts",
    "data_quality_findings", "quarantined_documents",
)


@dataclass(frozen=True)
class StoredFiling:
    content_sha256: str
    parser_version: str


class WarehouseLoader:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    # --- runs ---------------------------------------------------------------------------

    def begin_run(self, command: str, parser_version: str) -> int:
        with self.sessions.begin() as session:
            run = m.LoadRun(command=command, parser_version=parser_version)
            session.add(run)
            session.flush()
            return run.id

    def finish_run(self, run_id: int, outcome: str, counts: dict[str, int]) -> None:
        with self.sessions.begin() as session:
            session.execute(
                update(m.LoadRun).where(m.LoadRun.id == run_id).values(
                    outcome=outcome, finished_at=dt.datetime.now(dt.timezone.utc), **counts
                )
            )

    # --- documents ----------------------------------------------------------------------

    def stored(self, identity_key: str) -> StoredFiling | None:
        with self.sessions() as session:
            row = session.execute(
                select(m.Filing.content_sha256, m.Filing.parser_version)
                .where(m.Filing.identity_key == identity_key)
            ).first()
        return StoredFiling(*row) if row else None

    @property
    def batch_size(self) -> int:
        """Documents per transaction: many on PostgreSQL (a savepoint each), one on SQLite."""
        return 50 if self._is_postgresql else 1

    def load(self, document: SourceDocument, parsed: ParsedDocument, findings: list[Finding],
             run_id: int) -> str:
        """Replaces whatever the warehouse holds for this document, in one transaction."""
        [outcome] = self.load_batch([(document, parsed, findings)], run_id)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def load_batch(self, items: list[tuple[SourceDocument, ParsedDocument, list[Finding]]],
                   run_id: int) -> list[str | Exception]:
        """Loads several documents in one transaction, each atomic on its own (a savepoint):
        a document that fails is rolled back alone and its error returned in its place.

        Outcomes: "loaded", "replaced", or "unchanged" when another process loaded the same
        content meanwhile. On PostgreSQL, loads of one document are serialized by an advisory
        lock on its identity (taken in a fixed order), so concurrent loads never collide.
        """
        if len(items) > 1 and not self._is_postgresql:
            # pysqlite's SAVEPOINTs are unreliable: on SQLite each document is its own transaction
            return [self.load_batch([item], run_id)[0] for item in items]
        outcomes: list[str | Exception] = []
        candidates: dict[type, set[int]] = {m.Manager: set(), m.Fund: set(), m.Adviser: set(),
                                            m.Registrant: set()}
        with self.sessions.begin() as session:
            if self._is_postgresql:
                session.execute(select(func.pg_advisory_xact_lock_shared(_PRUNE_LOCK)))
                for key in sorted({_lock_key(document.identity_key) for document, _, _ in items}):
                    session.execute(select(func.pg_advisory_xact_lock(key)))
            for document, parsed, findings in items:
                try:
                    with session.begin_nested():
                        outcomes.append(self._load_one(session, document, parsed, findings, run_id,
                                                       candidates))
                except (IntegrityError, DataError) as error:
                    outcomes.append(error)
        self._prune(candidates)
        return outcomes

    @staticmethod
    def _load_one(session: Session, document: SourceDocument, parsed: ParsedDocument,
                  findings: list[Finding], run_id: int, candidates: dict[type, set[int]]) -> str:
        stored = session.execute(
            select(m.Filing.content_sha256, m.Filing.parser_version)
            .where(m.Filing.identity_key == document.identity_key)
        ).first()
        if stored is not None and tuple(stored) == (document.content_sha256, parsed.parser_version):
            return "unchanged"
        writer = _FilingWriter(session, document, parsed)
        replaced = writer.remove_previous()
        writer.write(findings, run_id)
        session.execute(delete(m.QuarantinedDocument)
                        .where(m.QuarantinedDocument.source_path == document.location))
        for model, ids in writer.orphan_candidates.items():
            candidates[model] |= ids
        return "replaced" if replaced else "loaded"

    def _prune(self, candidates: dict[type, set[int]]) -> None:
        """Deletes dimension rows that only a replaced document used, in a transaction of its
        own that waits until no load is between choosing a dimension row and referring to it."""
        if not any(candidates.values()):
            return
        with self.sessions.begin() as session:
            if self._is_postgresql:
                session.execute(select(func.pg_advisory_xact_lock(_PRUNE_LOCK)))
            _prune_orphans(session, candidates)

    @property
    def _is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def quarantine(self, location: str, content_sha256: str | None, reason: str, run_id: int) -> None:
        table = m.QuarantinedDocument.__table__
        now = dt.datetime.now(dt.timezone.utc)
        with self.sessions.begin() as session:
            statement = _insert(session, m.QuarantinedDocument).values(
                source_path=location, content_sha256=content_sha256, reason=reason,
                load_run_id=run_id, quarantined_at=now, attempts=1,
            )
            session.execute(statement.on_conflict_do_update(
                index_elements=["source_path"],
                set_={"content_sha256": content_sha256, "reason": reason, "load_run_id": run_id,
                      "quarantined_at": now, "attempts": table.c.attempts + 1},
            ))

    def row_counts(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            return {table: connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
                    for table in FACT_TABLES}


# Advisory lock keys: one shared by every load and taken alone by pruning, and one per document.
_PRUNE_LOCK = 0x706D_6477_0001  # "pmdw" 1


def _lock_key(identity_key: str) -> int:
    return int.from_bytes(hashlib.sha256(identity_key.encode()).digest()[:8], "big", signed=True)


def _insert(session: Session, model):
    dialect = session.get_bind().dialect.name
    return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(model)


def _get_or_create(session: Session, model, keys: dict, values: dict) -> int:
    """The id of the dimension row with these keys, inserting it if missing (race-safe)."""
    query = select(model.id).filter_by(**keys)
    found = session.scalar(query)
    if found is not None:
        return found
    session.execute(_insert(session, model).values(**keys, **values).on_conflict_do_nothing())
    return session.scalar(query)


def write_rows(session: Session, model, rows: list[dict]) -> None:
    """Inserts fact rows: PostgreSQL's COPY, else one executemany INSERT."""
    if not rows:
        return
    table = model.__table__
    if session.get_bind().dialect.name != "postgresql":
        session.execute(table.insert(), rows)
        return
    columns = list(rows[0])
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    driver = session.connection().connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
    except psycopg.errors.IntegrityError as error:  # as SQLAlchemy reports it for an INSERT
        raise IntegrityError(statement, None, error) from error
    except psycopg.errors.DataError as error:
        raise DataError(statement, None, error) from error


def _span_columns(span: Span | None) -> dict:
    if span is None:
        return {"line_start": None, "line_end": None, "raw_text": None}
    return {"line_start": span.line_start, "line_end": span.line_end, "raw_text": span.raw_text}


# (table, column, the dimension it refers to): what keeps a dimension row alive.
_DIMENSION_REFERENCES = [
    (m.AccountCategory, "manager_id", m.Manager),
    (m.OwnershipRange, "manager_id", m.Manager),
    (m.ManagerDisclosure, "manager_id", m.Manager),
    (m.AccountCategory, "fund_id", m.Fund),
    (m.OwnershipRange, "fund_id", m.Fund),
    (m.Manager, "adviser_id", m.Adviser),
    (m.AdviserDisclosure, "adviser_id", m.Adviser),
    (m.DisclosureText, "adviser_id", m.Adviser),
    (m.Filing, "registrant_id", m.Registrant),
    (m.Fund, "registrant_id", m.Registrant),
]


class _FilingWriter:
    """Writes one document's rows inside the caller's transaction."""

    def __init__(self, session: Session, document: SourceDocument, parsed: ParsedDocument):
        self.session = session
        self.document = document
        self.parsed = parsed
        self.filing_id: int | None = None
        self.registrant_id: int | None = None
        self._orphan_candidates: dict[type, set[int]] = {
            m.Manager: set(), m.Fund: set(), m.Adviser: set(), m.Registrant: set()
        }
        # Dimension ids cached per document: a filing names the same people many times.
        self._advisers: dict[str, int] = {}
        self._funds: dict[str, int] = {}
        self._managers: dict[tuple[str, int | None], int] = {}

    def remove_previous(self) -> bool:
        old = self.session.scalar(
            select(m.Filing).where(m.Filing.identity_key == self.document.identity_key)
        )
        if old is None:
            return False
        candidates = self._orphan_candidates
        for fact, column, dimension in _DIMENSION_REFERENCES:
            if not hasattr(fact, "filing_id"):  # not a fact table
                continue
            ids = self.session.scalars(select(getattr(fact, column)).where(fact.filing_id == old.id))
            candidates[dimension].update(i for i in ids if i is not None)
        managers_advisers = self.session.scalars(
            select(m.Manager.adviser_id).where(m.Manager.id.in_(candidates[m.Manager]))
        )
        candidates[m.Adviser].update(i for i in managers_advisers if i is not None)
        if old.registrant_id is not None:
            candidates[m.Registrant].add(old.registrant_id)
        # Facts go with the filing: ON DELETE CASCADE.
        self.session.execute(delete(m.Filing).where(m.Filing.id == old.id))
        return True

    def write(self, findings: list[Finding], run_id: int) -> None:
        doc, parsed, meta = self.document, self.parsed, self.document.metadata
        registrant_name = parsed.registrant or (display_organization(meta.registrant)
                                                if meta.registrant else None)
        if registrant_name:
            self.registrant_id = _get_or_create(
                self.session, m.Registrant, {"name_key": organization_key(registrant_name)},
                {"name": registrant_name, "cik": meta.cik},
            )
            if meta.cik is not None:
                self.session.execute(update(m.Registrant).where(
                    m.Registrant.id == self.registrant_id, m.Registrant.cik.is_(None)
                ).values(cik=meta.cik))
        filing = m.Filing(
            identity_key=doc.identity_key, accession_number=meta.accession_number, cik=meta.cik,
            registrant_id=self.registrant_id, form_type=meta.form_type,
            filed_date=meta.filed_date, document_date=parsed.document_date,
            document_name=meta.document_name, source_path=doc.location,
            content_sha256=doc.content_sha256, parser_version=parsed.parser_version,
            has_disclosure=parsed.has_disclosure, line_count=parsed.line_count, load_run_id=run_id,
        )
        self.session.add(filing)
        self.session.flush()
        self.filing_id = filing.id
        for series_id, series_name in meta.series:
            fund_id = self._fund_id(series_name)
            self.session.execute(update(m.Fund).where(m.Fund.id == fund_id, m.Fund.series_id.is_(None))
                                 .values(series_id=series_id))
        for model, rows in self._fact_rows(findings).items():
            write_rows(self.session, model, rows)

    def _adviser_id(self, name: str | None) -> int | None:
        if not name:
            return None
        cache = self._advisers
        key = organization_key(name)
        if key not in cache:
            cache[key] = _get_or_create(self.session, m.Adviser, {"name_key": key}, {"name": name})
        return cache[key]

    def _fund_id(self, name: str | None) -> int | None:
        if not name:
            return None
        cache = self._funds
        key = organization_key(name)
        if key not in cache:
            cache[key] = _get_or_create(
                self.session, m.Fund, {"registrant_id": self.registrant_id, "name_key": key},
                {"name": name},
            )
        return cache[key]

    def _manager_id(self, person: PersonName, adviser: str | None) -> int:
        cache = self._managers
        adviser_id = self._adviser_id(adviser)
        if (person.key, adviser_id) not in cache:
            cache[(person.key, adviser_id)] = _get_or_create(
                self.session, m.Manager, {"adviser_id": adviser_id, "name_key": person.key},
                {"full_name": person.full, "given_name": person.given,
                 "middle_name": person.middle, "family_name": person.family,
                 "suffix": person.suffix},
            )
        return cache[(person.key, adviser_id)]

    def _fact_rows(self, findings: list[Finding]) -> dict[type, list[dict]]:
        """Every fact row of the document, as plain dicts, table by table."""
        parsed, filing_id = self.parsed, self.filing_id
        return {
            m.AdviserDisclosure: [dict(
                filing_id=filing_id, adviser_id=self._adviser_id(a.name), address=a.address,
                aum_usd=a.aum_usd, aum_qualifier=a.aum_qualifier, aum_as_of_date=a.aum_as_of_date,
                year_founded=a.year_founded, **_span_columns(a.span),
            ) for a in parsed.advisers],
            m.ManagerDisclosure: [dict(
                filing_id=filing_id, manager_id=self._manager_id(x.name, x.adviser),
                name_as_printed=x.name.full, title=x.title, joined_adviser_date=x.joined_adviser_date,
                **_span_columns(x.span),
            ) for x in parsed.managers],
            m.AccountCategory: [dict(
                filing_id=filing_id, manager_id=self._manager_id(r.manager, r.adviser),
                fund_id=self._fund_id(r.fund), category=r.category.value, num_accounts=r.num_accounts,
                total_assets_usd=r.total_assets_usd, perf_num_accounts=r.perf_num_accounts,
                perf_total_assets_usd=r.perf_total_assets_usd, as_of_date=r.as_of_date,
                **_span_columns(r.span),
            ) for r in parsed.accounts],
            m.OwnershipRange: [dict(
                filing_id=filing_id, manager_id=self._manager_id(r.manager, r.adviser),
                fund_id=self._fund_id(r.fund), range_low_usd=r.range_low_usd,
                range_high_usd=r.range_high_usd, range_label=r.range_label, as_of_date=r.as_of_date,
                **_span_columns(r.span),
            ) for r in parsed.ownership],
            m.DisclosureText: [dict(
                filing_id=filing_id, adviser_id=self._adviser_id(t.adviser), kind=t.kind.value,
                heading=t.heading, body=t.body, **_span_columns(t.span),
            ) for t in parsed.prose],
            m.DataQualityFinding: [dict(
                filing_id=filing_id, check_name=f.check_name, severity=f.severity, message=f.message,
                **_span_columns(f.span),
            ) for f in findings],
        }

    @property
    def orphan_candidates(self) -> dict[type, set[int]]:
        return self._orphan_candidates


def _prune_orphans(session: Session, candidates: dict[type, set[int]]) -> None:
    for model in (m.Manager, m.Fund, m.Adviser, m.Registrant):  # referrers first
        ids = candidates[model]
        if not ids:
            continue
        still_used = set()
        referrers = [(fact, column) for fact, column, dim in _DIMENSION_REFERENCES if dim is model]
        for referrer, column in referrers:
            still_used |= set(session.scalars(
                select(func.distinct(getattr(referrer, column))).where(getattr(referrer, column).in_(ids))
            ))
        unused = ids - still_used
        if unused:
            session.execute(delete(model).where(model.id.in_(unused)))
