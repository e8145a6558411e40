"""The warehouse schema: SQLAlchemy 2.0 typed models. Alembic revisions create it.

Dimensions (registrants, funds, advisers, managers) are deduplicated by normalized keys and
shared across filings. Facts belong to exactly one row of ``filings`` (a document) and are
deleted with it, so reloading a changed document replaces its facts whole. Every fact row
carries its provenance: the line span in the document and the raw text it was read from.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints make migrations identical on SQLite and PostgreSQL and let batch mode
# find a constraint to drop.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

USD = Numeric(20, 2)  # exact dollars and cents; never float
CATEGORIES = ("registered_investment_companies", "other_pooled_investment_vehicles", "other_accounts")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class SourceSpanMixin:
    """Where a fact was read: lines ``line_start``..``line_end`` of its filing's document."""

    line_start: Mapped[int] = mapped_column(Integer)
    line_end: Mapped[int] = mapped_column(Integer)
    raw_text: Mapped[str] = mapped_column(Text)


# --- bookkeeping ---------------------------------------------------------------------------


class _RunMixin:
    """When a run of a command started and ended, how it ended, and the command line."""

    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str] = mapped_column(String(20), default="running")
    command: Mapped[str | None] = mapped_column(Text)


class LoadRun(_RunMixin, Base):
    __tablename__ = "load_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    parser_version: Mapped[str] = mapped_column(String(20))
    documents_seen: Mapped[int] = mapped_column(Integer, default=0)
    documents_loaded: Mapped[int] = mapped_column(Integer, default=0)
    documents_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    documents_without_disclosure: Mapped[int] = mapped_column(Integer, default=0)
    documents_quarantined: Mapped[int] = mapped_column(Integer, default=0)
    findings_recorded: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        CheckConstraint(
            "outcome IN ('running', 'succeeded', 'partial', 'failed', 'interrupted')", name="outcome"
        ),
    )


class QuarantinedDocument(Base):
    """A document that could not be loaded, and why. Cleared when it later loads."""

    __tablename__ = "quarantined_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_path: Mapped[str] = mapped_column(Text, unique=True)
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    load_run_id: Mapped[int | None] = mapped_column(ForeignKey("load_runs.id", ondelete="SET NULL"))
    quarantined_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=1)


class SourceFile(Base):
    """A file whose every document is in the warehouse, with its size and modification time
    when it was read: a later run that finds both unchanged (and the same parser version)
    skips the file without reading it. ``pmdw load --rehash`` reads and hashes it anyway."""

    __tablename__ = "source_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(Text, unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    parser_version: Mapped[str] = mapped_column(String(20))
    documents: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)


# --- dimensions ----------------------------------------------------------------------------


class Registrant(Base):
    __tablename__ = "registrants"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text, unique=True)
    cik: Mapped[int | None] = mapped_column(BigInteger)


class Fund(Base):
    """A fund, series or portfolio of a registrant."""

    __tablename__ = "funds"

    id: Mapped[int] = mapped_column(primary_key=True)
    registrant_id: Mapped[int | None] = mapped_column(ForeignKey("registrants.id"))
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)
    series_id: Mapped[str | None] = mapped_column(String(12), index=True)  # EDGAR's S000012345

    # NULLS NOT DISTINCT (PostgreSQL 15): a fund of an unknown registrant is still one row, so
    # concurrent loads' INSERT ... ON CONFLICT DO NOTHING cannot duplicate it.
    __table_args__ = (UniqueConstraint("registrant_id", "name_key", postgresql_nulls_not_distinct=True),)


class FundShareClass(Base):
    """A share class (or contract) of a fund, as the SEC header of a submission lists it.

    It belongs to its fund: pruning a fund that no filing uses any more deletes its classes."""

    __tablename__ = "share_classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    fund_id: Mapped[int] = mapped_column(ForeignKey("funds.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[str] = mapped_column(String(12), unique=True)  # EDGAR's C000012345
    name: Mapped[str | None] = mapped_column(Text)
    ticker: Mapped[str | None] = mapped_column(String(12))


class Adviser(Base):
    __tablename__ = "advisers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text, unique=True)


class Manager(Base):
    """A person, one row per normalized name and adviser."""

    __tablename__ = "managers"

    id: Mapped[int] = mapped_column(primary_key=True)
    adviser_id: Mapped[int | None] = mapped_column(ForeignKey("advisers.id"))
    full_name: Mapped[str] = mapped_column(Text)
    given_name: Mapped[str] = mapped_column(Text, default="")
    middle_name: Mapped[str] = mapped_column(Text, default="")
    family_name: Mapped[str] = mapped_column(Text)
    suffix: Mapped[str] = mapped_column(Text, default="")
    name_key: Mapped[str] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("adviser_id", "name_key", postgresql_nulls_not_distinct=True),)


# --- filings and their facts ---------------------------------------------------------------


class Filing(Base):
    """One EDGAR filing document as loaded. Unknown metadata stays NULL."""

    __tablename__ = "filings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # accession/document when the accession is known, else the source path: what a reload
    # of "the same document" matches on.
    identity_key: Mapped[str] = mapped_column(Text, unique=True)
    accession_number: Mapped[str | None] = mapped_column(String(20))
    cik: Mapped[int | None] = mapped_column(BigInteger)
    registrant_id: Mapped[int | None] = mapped_column(ForeignKey("registrants.id"), index=True)
    form_type: Mapped[str | None] = mapped_column(String(20))
    filed_date: Mapped[dt.date | None] = mapped_column(Date)
    document_date: Mapped[dt.date | None] = mapped_column(Date)
    document_name: Mapped[str | None] = mapped_column(Text)
    source_path: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    parser_version: Mapped[str] = mapped_column(String(20))
    has_disclosure: Mapped[bool] = mapped_column(default=False)
    line_count: Mapped[int] = mapped_column(Integer, default=0)
    # how the document's bytes were read: utf-8, utf-8-sig, utf-16-le/-be, utf-32-le/-be or cp1252
    encoding: Mapped[str | None] = mapped_column(String(20))
    load_run_id: Mapped[int | None] = mapped_column(ForeignKey("load_runs.id", ondelete="SET NULL"))
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)

    registrant: Mapped[Registrant | None] = relationship()

    __table_args__ = (
        UniqueConstraint("accession_number", "document_name"),
        Index("ix_filings_cik_filed_date", "cik", "filed_date"),  # a registrant's filings by date
    )


class _FilingFact:
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id", ondelete="CASCADE"), index=True)


class _KeyedFilingFact:
    """A fact whose unique constraint starts with filing_id: that index serves the lookups and
    cascades by filing, so a second one would only slow every write."""

    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id", ondelete="CASCADE"))


class AdviserDisclosure(SourceSpanMixin, _KeyedFilingFact, Base):
    """What one filing says about an adviser."""

    __tablename__ = "adviser_disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    adviser_id: Mapped[int] = mapped_column(ForeignKey("advisers.id"), index=True)
    address: Mapped[str | None] = mapped_column(Text)
    aum_usd: Mapped[Decimal | None] = mapped_column(USD)
    aum_qualifier: Mapped[str | None] = mapped_column(String(30))
    aum_as_of_date: Mapped[dt.date | None] = mapped_column(Date)
    year_founded: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("filing_id", "adviser_id"),)


class ManagerDisclosure(_KeyedFilingFact, Base):
    """A manager named in one filing, with the title and start date it gives."""

    __tablename__ = "manager_disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("managers.id"), index=True)
    name_as_printed: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    joined_adviser_date: Mapped[dt.date | None] = mapped_column(Date)
    line_start: Mapped[int | None] = mapped_column(Integer)
    line_end: Mapped[int | None] = mapped_column(Integer)
    raw_text: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("filing_id", "manager_id"),)


class AccountCategory(SourceSpanMixin, _KeyedFilingFact, Base):
    """Other accounts managed: one row per filing, manager, fund and category."""

    __tablename__ = "account_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("managers.id"), index=True)
    fund_id: Mapped[int | None] = mapped_column(ForeignKey("funds.id"), index=True)
    category: Mapped[str] = mapped_column(String(40))
    num_accounts: Mapped[int | None] = mapped_column(Integer)
    total_assets_usd: Mapped[Decimal | None] = mapped_column(USD)
    perf_num_accounts: Mapped[int | None] = mapped_column(Integer)
    perf_total_assets_usd: Mapped[Decimal | None] = mapped_column(USD)
    as_of_date: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("filing_id", "manager_id", "fund_id", "category"),
        CheckConstraint(
            "category IN ('registered_investment_companies', 'other_pooled_investment_vehicles', "
            "'other_accounts')",
            name="category",
        ),
    )


class OwnershipRange(SourceSpanMixin, _KeyedFilingFact, Base):
    """A manager's dollar range of fund shares owned; "over $1,000,000" has no upper bound."""

    __tablename__ = "ownership_ranges"

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("managers.id"), index=True)
    fund_id: Mapped[int | None] = mapped_column(ForeignKey("funds.id"), index=True)
    range_low_usd: Mapped[Decimal] = mapped_column(USD)
    range_high_usd: Mapped[Decimal | None] = mapped_column(USD)
    range_label: Mapped[str] = mapped_column(Text)
    as_of_date: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("filing_id", "manager_id", "fund_id"),
        CheckConstraint(
            "range_high_usd IS NULL OR range_high_usd >= range_low_usd", name="range_order"
        ),
    )


class DisclosureText(SourceSpanMixin, _FilingFact, Base):
    """The prose of the compensation and conflicts sections."""

    __tablename__ = "disclosure_texts"

    id: Mapped[int] = mapped_column(primary_key=True)
    adviser_id: Mapped[int | None] = mapped_column(ForeignKey("advisers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    heading: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("kind IN ('compensation', 'conflicts')", name="kind"),
    )


class DataQualityFinding(_FilingFact, Base):
    """Something about a loaded filing that an analyst should know: stored facts stay as printed."""

    __tablename__ = "data_quality_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    check_name: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    line_start: Mapped[int | None] = mapped_column(Integer)
    line_end: Mapped[int | None] = mapped_column(Integer)
    raw_text: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("severity IN ('info', 'warning', 'error')", name="severity"),
    )



# --- EDGAR sync state ---------------------------------------------------------------------------
# What `pmdw sync` has read and fetched, so that the next run picks up exactly what is new.


class SyncRun(_RunMixin, Base):
    """One run of ``pmdw sync``. A run left 'running' by a crash is marked 'abandoned' by the next."""

    __tablename__ = "sync_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    since_date: Mapped[dt.date | None] = mapped_column(Date)
    until_date: Mapped[dt.date | None] = mapped_column(Date)
    forms: Mapped[str] = mapped_column(Text)  # comma-separated form types selected
    index_files_read: Mapped[int] = mapped_column(Integer, default=0)
    filings_listed: Mapped[int] = mapped_column(Integer, default=0)
    filings_fetched: Mapped[int] = mapped_column(Integer, default=0)
    filings_loaded: Mapped[int] = mapped_column(Integer, default=0)
    filings_failed: Mapped[int] = mapped_column(Integer, default=0)
    requests_made: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)  # why a run failed or stopped
    # lines of the index files read that were not index lines (or named a file outside the archive)
    index_lines_rejected: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        CheckConstraint(
            "outcome IN ('running', 'succeeded', 'partial', 'failed', 'interrupted', 'abandoned')",
            name="outcome",
        ),
    )


class SyncIndexFile(Base):
    """An EDGAR index file read, and the days it was read for (``first_day``..``last_day``).

    A daily index never changes once published; a full index grows while its quarter runs, so
    it is read again (conditionally, by ``http_last_modified``/``http_etag``) until ``is_final``.
    'absent' is a business day's daily index that EDGAR does not have (a holiday)."""

    __tablename__ = "sync_index_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(Text, unique=True)  # under the EDGAR base URL
    scope: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    forms: Mapped[str] = mapped_column(Text)  # the form types its entries were selected for
    is_final: Mapped[bool] = mapped_column(default=False)
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    http_last_modified: Mapped[str | None] = mapped_column(Text)
    http_etag: Mapped[str | None] = mapped_column(Text)
    entries_total: Mapped[int] = mapped_column(Integer, default=0)
    entries_selected: Mapped[int] = mapped_column(Integer, default=0)
    read_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    sync_run_id: Mapped[int | None] = mapped_column(ForeignKey("sync_runs.id", ondelete="SET NULL"))
    # lines that are not index lines, or name a file outside edgar/data/<CIK>/<accession>.txt:
    # counted, the first few kept (one per line: "line N: reason: 'text'")
    entries_rejected: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rejected_examples: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("scope IN ('daily', 'full')", name="scope"),
        CheckConstraint("status IN ('processed', 'absent')", name="status"),
    )


class SyncFiling(Base):
    """A filing an index listed for the selected forms, and how far it got: pending (listed),
    fetched (whole in the local archive), loaded, or failed (retried by the next runs)."""

    __tablename__ = "sync_filings"

    id: Mapped[int] = mapped_column(primary_key=True)
    accession_number: Mapped[str] = mapped_column(String(20), unique=True)
    cik: Mapped[int] = mapped_column(BigInteger)
    company_name: Mapped[str] = mapped_column(Text)
    form_type: Mapped[str] = mapped_column(String(20))
    date_filed: Mapped[dt.date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # runs that tried to fetch or load it
    last_error: Mapped[str | None] = mapped_column(Text)
    index_file_id: Mapped[int | None] = mapped_column(ForeignKey("sync_index_files.id", ondelete="SET NULL"))
    listed_run_id: Mapped[int | None] = mapped_column(ForeignKey("sync_runs.id", ondelete="SET NULL"))
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("sync_runs.id", ondelete="SET NULL"))
    listed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    fetched_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    loaded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint("status IN ('pending', 'fetched', 'loaded', 'failed')", name="status"),
    )
