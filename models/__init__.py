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


def about(description: str, unit: str | None = None) -> dict:
    """A column's or table's entry in the data dictionary (etl/dictionary.py), kept in its
    ``info``: what it means to an analyst (unit, what NULL means, where the value came from)."""
    return {"description": description, "unit": unit}


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class SourceSpanMixin:
    """Where a fact was read: lines ``line_start``..``line_end`` of its filing's document."""

    line_start: Mapped[int] = mapped_column(Integer, info=about(
        "First line of the passage this fact was read from, counted from 1 in the filing's "
        "document (for a complete submission file, in the document within it).", "line"))
    line_end: Mapped[int] = mapped_column(Integer, info=about(
        "Last line (inclusive) of that passage; equal to line_start for a one-line passage.", "line"))
    raw_text: Mapped[str] = mapped_column(Text, info=about(
        "The passage as printed in the filing, the evidence for this row; very long passages are "
        "cut and end with '[cut: N characters more]'."))


# --- bookkeeping ---------------------------------------------------------------------------


class _RunMixin:
    """When a run of a command started and ended, how it ended, and the command line."""

    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow, info=about(
        "When the run started (UTC).", "timestamp"))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), info=about(
        "When the run ended (UTC); NULL while it runs or if it was killed before it could record "
        "its end.", "timestamp"))
    outcome: Mapped[str] = mapped_column(String(20), default="running", info=about(
        "How the run ended: running, succeeded, partial (some documents or filings failed), "
        "failed, interrupted (Ctrl-C); sync runs also 'abandoned' (left running by a crash)."))
    command: Mapped[str | None] = mapped_column(Text, info=about(
        "The command line that started the run; NULL when none was recorded."))


class LoadRun(_RunMixin, Base):
    __tablename__ = "load_runs"

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Run number, increasing in the order runs started."))
    parser_version: Mapped[str] = mapped_column(String(20), info=about(
        "Version of the parser that read the documents of this run."))
    documents_seen: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "Documents the run found under the paths it was given.", "count"))
    documents_loaded: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "Documents written to the warehouse (new, or changed since their last load).", "count"))
    documents_unchanged: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "Documents skipped because the same content was already loaded by the same parser "
        "version.", "count"))
    documents_without_disclosure: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "Documents loaded in which no portfolio-manager disclosure was found.", "count"))
    documents_quarantined: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "Documents that could not be loaded (see quarantined_documents).", "count"))
    findings_recorded: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "Data-quality findings written by the run (see data_quality_findings).", "count"))

    __table_args__ = (
        CheckConstraint(
            "outcome IN ('running', 'succeeded', 'partial', 'failed', 'interrupted')", name="outcome"
        ),
        {"info": about(
            "One run of pmdw load: when, with which parser, and what it did to how many documents.")},
    )


class QuarantinedDocument(Base):
    """A document that could not be loaded, and why. Cleared when it later loads."""

    __tablename__ = "quarantined_documents"
    __table_args__ = ({"info": about(
        "A document that could not be loaded, and why; the row goes when the document later "
        "loads.")},)

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Row number."))
    source_path: Mapped[str] = mapped_column(Text, unique=True, info=about(
        "The file (and '#document' within a complete submission file) that could not be loaded."))
    content_sha256: Mapped[str | None] = mapped_column(String(64), info=about(
        "SHA-256 of the file's bytes; NULL when the file could not be read at all."))
    reason: Mapped[str] = mapped_column(Text, info=about(
        "Why it could not be loaded, one line."))
    load_run_id: Mapped[int | None] = mapped_column(ForeignKey("load_runs.id", ondelete="SET NULL"), info=about(
        "The last load run (load_runs.id) that tried it; NULL once that run's record is deleted."))
    quarantined_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow, info=about(
        "When it last failed to load (UTC).", "timestamp"))
    attempts: Mapped[int] = mapped_column(Integer, default=1, info=about(
        "How many load runs have tried and failed to load it.", "count"))


class SourceFile(Base):
    """A file whose every document is in the warehouse, with its size and modification time
    when it was read: a later run that finds both unchanged (and the same parser version)
    skips the file without reading it. ``pmdw load --rehash`` reads and hashes it anyway."""

    __tablename__ = "source_files"
    __table_args__ = ({"info": about(
        "A file whose documents are all loaded, with its size and modification time, so an "
        "unchanged file is skipped by the next load.")},)

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Row number."))
    path: Mapped[str] = mapped_column(Text, unique=True, info=about(
        "A file whose every document is in the warehouse, as its path was given to pmdw load."))
    size: Mapped[int] = mapped_column(BigInteger, info=about(
        "The file's size when it was read.", "bytes"))
    mtime_ns: Mapped[int] = mapped_column(BigInteger, info=about(
        "The file's modification time when it was read, in nanoseconds since 1970-01-01 UTC.", "ns"))
    parser_version: Mapped[str] = mapped_column(String(20), info=about(
        "Version of the parser that read it; a newer parser reads the file again."))
    documents: Mapped[int] = mapped_column(Integer, info=about(
        "Documents the file held (1, or more for a complete submission file).", "count"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow, info=about(
        "When it was recorded (UTC).", "timestamp"))


# --- dimensions ----------------------------------------------------------------------------


class Registrant(Base):
    __tablename__ = "registrants"
    __table_args__ = ({"info": about(
        "A registrant: the trust or company that files for its funds. One row per normalized "
        "name.")},)

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Registrant number, used by funds.registrant_id and filings.registrant_id."))
    name: Mapped[str] = mapped_column(Text, info=about(
        "The registrant (the trust or company that files for its funds) as first printed in a "
        "loaded filing, from the SEC header or the document."))
    name_key: Mapped[str] = mapped_column(Text, unique=True, info=about(
        "The name normalized (lower case, punctuation as spaces) so that spellings of one "
        "registrant are one row."))
    cik: Mapped[int | None] = mapped_column(BigInteger, info=about(
        "The registrant's SEC Central Index Key; NULL when no loaded filing gave it."))


class Fund(Base):
    """A fund, series or portfolio of a registrant."""

    __tablename__ = "funds"

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Fund number, used by the facts' fund_id."))
    registrant_id: Mapped[int | None] = mapped_column(ForeignKey("registrants.id"), info=about(
        "The registrant (registrants.id) the fund belongs to; NULL when the filing did not say."))
    name: Mapped[str] = mapped_column(Text, info=about(
        "The fund, series or portfolio as first printed in a loaded filing."))
    name_key: Mapped[str] = mapped_column(Text, info=about(
        "The name normalized so that spellings of one fund of a registrant are one row."))
    # EDGAR's S000012345
    series_id: Mapped[str | None] = mapped_column(String(12), index=True, info=about(
        "EDGAR's series identifier (S000012345) from the SEC header of a complete submission "
        "file; NULL when no loaded filing gave it."))

    # NULLS NOT DISTINCT (PostgreSQL 15): a fund of an unknown registrant is still one row, so
    # concurrent loads' INSERT ... ON CONFLICT DO NOTHING cannot duplicate it.
    __table_args__ = (
        UniqueConstraint("registrant_id", "name_key", postgresql_nulls_not_distinct=True),
        {"info": about(
            "A fund, series or portfolio of a registrant. One row per registrant and normalized name.")},
    )


class FundShareClass(Base):
    """A share class (or contract) of a fund, as the SEC header of a submission lists it.

    It belongs to its fund: pruning a fund that no filing uses any more deletes its classes."""

    __tablename__ = "share_classes"
    __table_args__ = ({"info": about(
        "A share class (or contract) of a fund, as the SEC header of a submission lists it.")},)

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Row number."))
    fund_id: Mapped[int] = mapped_column(ForeignKey("funds.id", ondelete="CASCADE"), index=True, info=about(
        "The fund (funds.id) this class belongs to."))
    # EDGAR's C000012345
    class_id: Mapped[str] = mapped_column(String(12), unique=True, info=about(
        "EDGAR's class or contract identifier (C000012345) from the SEC header."))
    name: Mapped[str | None] = mapped_column(Text, info=about(
        "The class name as the SEC header gives it (e.g. 'Class A'); NULL when the header gives "
        "none."))
    ticker: Mapped[str | None] = mapped_column(String(12), info=about(
        "The class's ticker symbol from the SEC header; NULL when the header gives none."))


class Adviser(Base):
    __tablename__ = "advisers"
    __table_args__ = ({"info": about(
        "An investment adviser or sub-adviser. One row per normalized name.")},)

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Adviser number, used by managers.adviser_id and the facts' adviser_id."))
    name: Mapped[str] = mapped_column(Text, info=about(
        "The investment adviser or sub-adviser as first printed in a loaded filing."))
    name_key: Mapped[str] = mapped_column(Text, unique=True, info=about(
        "The name normalized so that spellings of one adviser are one row."))


class Manager(Base):
    """A person, one row per normalized name and adviser."""

    __tablename__ = "managers"

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Manager number, used by the facts' manager_id."))
    adviser_id: Mapped[int | None] = mapped_column(ForeignKey("advisers.id"), info=about(
        "The adviser (advisers.id) the filing places the manager at; NULL when it names none. The"
        " same person at two advisers is two rows."))
    full_name: Mapped[str] = mapped_column(Text, info=about(
        "The portfolio manager's name as first read in a loaded filing: given, middle and family "
        "name and suffix, honorifics (Mr., Dr.) and footnote marks left out."))
    given_name: Mapped[str] = mapped_column(Text, default="", info=about(
        "Given name parsed from full_name; empty text when none was found."))
    middle_name: Mapped[str] = mapped_column(Text, default="", info=about(
        "Middle name(s) or initials parsed from full_name; empty text when none."))
    family_name: Mapped[str] = mapped_column(Text, info=about(
        "Family name parsed from full_name."))
    suffix: Mapped[str] = mapped_column(Text, default="", info=about(
        "Suffix such as Jr. or III parsed from full_name; empty text when none."))
    name_key: Mapped[str] = mapped_column(Text, info=about(
        "Family name, given name and suffix folded to lower-case letters and digits (the middle "
        "name left out, as filings drop it at will): spellings of one person at one adviser are "
        "one row."))

    __table_args__ = (
        UniqueConstraint("adviser_id", "name_key", postgresql_nulls_not_distinct=True),
        {"info": about(
            "A portfolio manager: one row per normalized name and adviser.")},
    )


# --- filings and their facts ---------------------------------------------------------------


class Filing(Base):
    """One EDGAR filing document as loaded. Unknown metadata stays NULL."""

    __tablename__ = "filings"

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Filing number, used by every fact's filing_id."))
    # accession/document when the accession is known, else the source path: what a reload
    # of "the same document" matches on.
    identity_key: Mapped[str] = mapped_column(Text, unique=True, info=about(
        "What makes a reload 'the same document': accession number/document name when the "
        "accession is known, else 'path:' and the source path."))
    accession_number: Mapped[str | None] = mapped_column(String(20), info=about(
        "EDGAR accession number (0000908737-06-000882) from the SEC header or the archive path; "
        "NULL for a bare document loaded without one."))
    cik: Mapped[int | None] = mapped_column(BigInteger, info=about(
        "The filer's SEC Central Index Key from the SEC header or the archive path; NULL when "
        "neither gives it."))
    registrant_id: Mapped[int | None] = mapped_column(ForeignKey("registrants.id"), index=True, info=about(
        "The registrant (registrants.id) that filed it; NULL when unknown."))
    form_type: Mapped[str | None] = mapped_column(String(20), info=about(
        "EDGAR form type (485BPOS, 485APOS, 497, N-1A, ...) from the SEC header or --form-type; "
        "NULL when unknown."))
    filed_date: Mapped[dt.date | None] = mapped_column(Date, info=about(
        "Date the filing was filed with the SEC (SEC header 'FILED AS OF DATE' or --filed); NULL "
        "when unknown.", "date"))
    document_date: Mapped[dt.date | None] = mapped_column(Date, info=about(
        "Date printed on the document itself (e.g. the SAI's date); NULL when none was found.", "date"))
    document_name: Mapped[str | None] = mapped_column(Text, info=about(
        "The document's file name within the EDGAR submission; NULL when unknown."))
    source_path: Mapped[str] = mapped_column(Text, info=about(
        "The file it was loaded from, as given to pmdw load."))
    content_sha256: Mapped[str] = mapped_column(String(64), info=about(
        "SHA-256 of the document's content; a reload with the same hash and parser version "
        "changes nothing."))
    parser_version: Mapped[str] = mapped_column(String(20), info=about(
        "Version of the parser that read it."))
    has_disclosure: Mapped[bool] = mapped_column(default=False, info=about(
        "True when a portfolio-manager disclosure (accounts, ownership, or managers) was found in"
        " it."))
    line_count: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "Lines in the document; the facts' line_start/line_end point into them.", "count"))
    # how the document's bytes were read: utf-8, utf-8-sig, utf-16-le/-be, utf-32-le/-be or cp1252
    encoding: Mapped[str | None] = mapped_column(String(20), info=about(
        "How the document's bytes were read: utf-8, utf-8-sig, utf-16-le/-be, utf-32-le/-be or "
        "cp1252; NULL for filings loaded before this was recorded."))
    load_run_id: Mapped[int | None] = mapped_column(ForeignKey("load_runs.id", ondelete="SET NULL"), info=about(
        "The load run (load_runs.id) that last wrote it; NULL once that run's record is deleted."))
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow, info=about(
        "When it was last written (UTC).", "timestamp"))

    registrant: Mapped[Registrant | None] = relationship()

    __table_args__ = (
        UniqueConstraint("accession_number", "document_name"),
        Index("ix_filings_cik_filed_date", "cik", "filed_date"),  # a registrant's filings by date
        {"info": about(
            "One EDGAR filing document as loaded: where it came from and what is known of it. Unknown"
            " metadata stays NULL.")},
    )


class _FilingFact:
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id", ondelete="CASCADE"), index=True, info=about(
        "The filing (filings.id) this row was read from; the row is deleted when the filing is "
        "reloaded or removed."))


class _KeyedFilingFact:
    """A fact whose unique constraint starts with filing_id: that index serves the lookups and
    cascades by filing, so a second one would only slow every write."""

    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id", ondelete="CASCADE"), info=about(
        "The filing (filings.id) this row was read from; the row is deleted when the filing is "
        "reloaded or removed."))


class AdviserDisclosure(SourceSpanMixin, _KeyedFilingFact, Base):
    """What one filing says about an adviser."""

    __tablename__ = "adviser_disclosures"

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Row number."))
    adviser_id: Mapped[int] = mapped_column(ForeignKey("advisers.id"), index=True, info=about(
        "The adviser (advisers.id) the filing describes."))
    address: Mapped[str | None] = mapped_column(Text, info=about(
        "The adviser's address as printed; NULL when the filing gives none."))
    aum_usd: Mapped[Decimal | None] = mapped_column(USD, info=about(
        "Assets under management the filing states for the adviser, in dollars (units such as "
        "'billion' multiplied out); NULL when not stated.", "USD"))
    aum_qualifier: Mapped[str | None] = mapped_column(String(30), info=about(
        "A word that makes aum_usd inexact, as printed ('approximately', 'nearly', 'over'); NULL "
        "when the figure is given plainly."))
    aum_as_of_date: Mapped[dt.date | None] = mapped_column(Date, info=about(
        "The date aum_usd is given as of; NULL when not stated.", "date"))
    year_founded: Mapped[int | None] = mapped_column(Integer, info=about(
        "The year the filing says the adviser was founded or began advising; NULL when not "
        "stated.", "year"))

    __table_args__ = (
        UniqueConstraint("filing_id", "adviser_id"),
        {"info": about(
            "What one filing says about an adviser: address, assets under management, founding year.")},
    )


class ManagerDisclosure(_KeyedFilingFact, Base):
    """A manager named in one filing, with the title and start date it gives."""

    __tablename__ = "manager_disclosures"

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Row number."))
    manager_id: Mapped[int] = mapped_column(ForeignKey("managers.id"), index=True, info=about(
        "The manager (managers.id) named."))
    name_as_printed: Mapped[str] = mapped_column(Text, info=about(
        "The manager's name exactly as this filing printed it."))
    title: Mapped[str | None] = mapped_column(Text, info=about(
        "The manager's title or role as the filing gives it; NULL when none."))
    joined_adviser_date: Mapped[dt.date | None] = mapped_column(Date, info=about(
        "When the filing says the manager joined the adviser (a year alone is stored as 1 "
        "January); NULL when not stated.", "date"))
    line_start: Mapped[int | None] = mapped_column(Integer, info=about(
        "First line of the passage that describes the manager; NULL when the manager was only "
        "named in a table heading.", "line"))
    line_end: Mapped[int | None] = mapped_column(Integer, info=about(
        "Last line (inclusive) of that passage; NULL with line_start.", "line"))
    raw_text: Mapped[str | None] = mapped_column(Text, info=about(
        "The passage as printed; NULL with line_start."))

    __table_args__ = (
        UniqueConstraint("filing_id", "manager_id"),
        {"info": about(
            "A manager named in one filing, with the title and the date joined that it gives.")},
    )


class AccountCategory(SourceSpanMixin, _KeyedFilingFact, Base):
    """Other accounts managed: one row per filing, manager, fund and category."""

    __tablename__ = "account_categories"

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Row number."))
    manager_id: Mapped[int] = mapped_column(ForeignKey("managers.id"), index=True, info=about(
        "The manager (managers.id) the figures are for."))
    fund_id: Mapped[int | None] = mapped_column(ForeignKey("funds.id"), index=True, info=about(
        "The fund (funds.id) whose filing reports them; NULL when the filing's table does not say"
        " which fund."))
    category: Mapped[str] = mapped_column(String(40), info=about(
        "Which kind of other accounts: registered_investment_companies, "
        "other_pooled_investment_vehicles or other_accounts (the three categories of Form N-1A)."))
    num_accounts: Mapped[int | None] = mapped_column(Integer, info=about(
        "Number of accounts of this category the manager manages, as printed; 0 when printed as "
        "None or a dash; NULL when not disclosed (blank, N/A).", "count"))
    total_assets_usd: Mapped[Decimal | None] = mapped_column(USD, info=about(
        "Total assets of those accounts in dollars, units ('$1.2 billion', 'in millions') "
        "multiplied out; 0 when printed as None or a dash; NULL when not disclosed.", "USD"))
    perf_num_accounts: Mapped[int | None] = mapped_column(Integer, info=about(
        "Of num_accounts, those whose advisory fee is based on performance; 0 when printed as "
        "None or a dash; NULL when not disclosed.", "count"))
    perf_total_assets_usd: Mapped[Decimal | None] = mapped_column(USD, info=about(
        "Total assets of the performance-fee accounts in dollars; 0 when printed as None or a "
        "dash; NULL when not disclosed.", "USD"))
    as_of_date: Mapped[dt.date | None] = mapped_column(Date, info=about(
        "The date the figures are given as of (usually the fund's fiscal year end); NULL when the"
        " filing does not say (a finding records it).", "date"))

    __table_args__ = (
        UniqueConstraint("filing_id", "manager_id", "fund_id", "category"),
        CheckConstraint(
            "category IN ('registered_investment_companies', 'other_pooled_investment_vehicles', "
            "'other_accounts')",
            name="category",
        ),
        {"info": about(
            "Other accounts managed: one row per filing, manager, fund and category, with counts and "
            "assets, in all and for performance-fee accounts.")},
    )


class OwnershipRange(SourceSpanMixin, _KeyedFilingFact, Base):
    """A manager's dollar range of fund shares owned; "over $1,000,000" has no upper bound."""

    __tablename__ = "ownership_ranges"

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Row number."))
    manager_id: Mapped[int] = mapped_column(ForeignKey("managers.id"), index=True, info=about(
        "The manager (managers.id) who owns the shares."))
    fund_id: Mapped[int | None] = mapped_column(ForeignKey("funds.id"), index=True, info=about(
        "The fund (funds.id) whose shares are owned; NULL when the filing does not say which "
        "fund."))
    range_low_usd: Mapped[Decimal] = mapped_column(USD, info=about(
        "Lower end of the dollar range of fund shares the manager beneficially owns; 0 for "
        "'None'.", "USD"))
    range_high_usd: Mapped[Decimal | None] = mapped_column(USD, info=about(
        "Upper end of the range; NULL for an open range such as 'over $1,000,000' (no upper "
        "bound), never for a missing value.", "USD"))
    range_label: Mapped[str] = mapped_column(Text, info=about(
        "The range as printed, e.g. '$10,001-$50,000' or 'None'."))
    as_of_date: Mapped[dt.date | None] = mapped_column(Date, info=about(
        "The date ownership is given as of; NULL when the filing does not say.", "date"))

    __table_args__ = (
        UniqueConstraint("filing_id", "manager_id", "fund_id"),
        CheckConstraint(
            "range_high_usd IS NULL OR range_high_usd >= range_low_usd", name="range_order"
        ),
        {"info": about(
            "A manager's dollar range of fund shares beneficially owned, per filing, manager and "
            "fund.")},
    )


class DisclosureText(SourceSpanMixin, _FilingFact, Base):
    """The prose of the compensation and conflicts sections."""

    __tablename__ = "disclosure_texts"

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Row number."))
    adviser_id: Mapped[int | None] = mapped_column(ForeignKey("advisers.id"), index=True, info=about(
        "The adviser (advisers.id) the section is about; NULL when the filing does not tie it to "
        "one."))
    kind: Mapped[str] = mapped_column(String(20), info=about(
        "compensation (how managers are paid) or conflicts (material conflicts of interest)."))
    heading: Mapped[str] = mapped_column(Text, info=about(
        "The section's heading as printed."))
    body: Mapped[str] = mapped_column(Text, info=about(
        "The section's text as printed, whitespace tidied."))

    __table_args__ = (
        CheckConstraint("kind IN ('compensation', 'conflicts')", name="kind"),
        {"info": about(
            "The prose of a filing's compensation and conflicts-of-interest sections.")},
    )


class DataQualityFinding(_FilingFact, Base):
    """Something about a loaded filing that an analyst should know: stored facts stay as printed."""

    __tablename__ = "data_quality_findings"

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Row number."))
    check_name: Mapped[str] = mapped_column(String(60), info=about(
        "The check that found it, e.g. performance_fee_assets_exceed_total or "
        "accounts_rows_not_read (see pmdw status)."))
    severity: Mapped[str] = mapped_column(String(10), info=about(
        "info, warning (a value stored as printed may be wrong, or a value is NULL) or error "
        "(part of a disclosure was not read)."))
    message: Mapped[str] = mapped_column(Text, info=about(
        "What was found, naming the manager, category or values concerned."))
    line_start: Mapped[int | None] = mapped_column(Integer, info=about(
        "First line of the passage concerned; NULL when the finding is about the whole filing.", "line"))
    line_end: Mapped[int | None] = mapped_column(Integer, info=about(
        "Last line (inclusive) of that passage; NULL with line_start.", "line"))
    raw_text: Mapped[str | None] = mapped_column(Text, info=about(
        "The passage as printed; NULL with line_start."))

    __table_args__ = (
        CheckConstraint("severity IN ('info', 'warning', 'error')", name="severity"),
        {"info": about(
            "Something about a loaded filing an analyst should know: a value NULL or stored as "
            "printed, a part not read.")},
    )



# --- EDGAR sync state ---------------------------------------------------------------------------
# What `pmdw sync` has read and fetched, so that the next run picks up exactly what is new.


class SyncRun(_RunMixin, Base):
    """One run of ``pmdw sync``. A run left 'running' by a crash is marked 'abandoned' by the next."""

    __tablename__ = "sync_runs"

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Run number, increasing in the order runs started."))
    since_date: Mapped[dt.date | None] = mapped_column(Date, info=about(
        "First filing date the run asked for; NULL when it continued from the last run.", "date"))
    until_date: Mapped[dt.date | None] = mapped_column(Date, info=about(
        "Last filing date the run asked for; NULL for 'up to today'.", "date"))
    # comma-separated form types selected
    forms: Mapped[str] = mapped_column(Text, info=about(
        "The form types selected, comma-separated (e.g. '485BPOS,497')."))
    index_files_read: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "EDGAR index files the run read.", "count"))
    filings_listed: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "Filings of the selected forms the index files listed.", "count"))
    filings_fetched: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "Filings downloaded into the local archive.", "count"))
    filings_loaded: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "Filings loaded into the warehouse.", "count"))
    filings_failed: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "Filings that could not be fetched or loaded (retried by later runs).", "count"))
    requests_made: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "HTTP requests made to EDGAR.", "count"))
    # why a run failed or stopped
    message: Mapped[str | None] = mapped_column(Text, info=about(
        "Why the run failed or stopped; NULL when it succeeded."))
    # lines of the index files read that were not index lines (or named a file outside the archive)
    index_lines_rejected: Mapped[int] = mapped_column(Integer, default=0, server_default="0", info=about(
        "Lines of the index files read that were not index lines, or named a file outside the "
        "archive.", "count"))

    __table_args__ = (
        CheckConstraint(
            "outcome IN ('running', 'succeeded', 'partial', 'failed', 'interrupted', 'abandoned')",
            name="outcome",
        ),
        {"info": about(
            "One run of pmdw sync: the dates and forms asked for and what it fetched and loaded.")},
    )


class SyncIndexFile(Base):
    """An EDGAR index file read, and the days it was read for (``first_day``..``last_day``).

    A daily index never changes once published; a full index grows while its quarter runs, so
    it is read again (conditionally, by ``http_last_modified``/``http_etag``) until ``is_final``.
    'absent' is a business day's daily index that EDGAR does not have (a holiday)."""

    __tablename__ = "sync_index_files"

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Row number."))
    # under the EDGAR base URL
    path: Mapped[str] = mapped_column(Text, unique=True, info=about(
        "The index file's path under the EDGAR base URL."))
    scope: Mapped[str] = mapped_column(String(10), info=about(
        "daily (one day's index) or full (a quarter's index)."))
    status: Mapped[str] = mapped_column(String(20), info=about(
        "processed, or absent (a business day's daily index EDGAR does not have: a holiday)."))
    first_day: Mapped[dt.date] = mapped_column(Date, info=about(
        "First day the file was read for.", "date"))
    last_day: Mapped[dt.date] = mapped_column(Date, info=about(
        "Last day the file was read for.", "date"))
    # the form types its entries were selected for
    forms: Mapped[str] = mapped_column(Text, info=about(
        "The form types its entries were selected for, comma-separated."))
    is_final: Mapped[bool] = mapped_column(default=False, info=about(
        "True once the file can no longer change (a daily index, or a full index of a finished "
        "quarter)."))
    content_sha256: Mapped[str | None] = mapped_column(String(64), info=about(
        "SHA-256 of the file as read; NULL when absent."))
    http_last_modified: Mapped[str | None] = mapped_column(Text, info=about(
        "The Last-Modified header EDGAR sent, for a conditional re-read; NULL when none."))
    http_etag: Mapped[str | None] = mapped_column(Text, info=about(
        "The ETag header EDGAR sent, for a conditional re-read; NULL when none."))
    entries_total: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "Index lines in the file.", "count"))
    entries_selected: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "Index lines of the selected form types.", "count"))
    read_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow, info=about(
        "When it was last read (UTC).", "timestamp"))
    sync_run_id: Mapped[int | None] = mapped_column(ForeignKey("sync_runs.id", ondelete="SET NULL"), info=about(
        "The sync run (sync_runs.id) that last read it; NULL once that run's record is deleted."))
    # lines that are not index lines, or name a file outside edgar/data/<CIK>/<accession>.txt:
    # counted, the first few kept (one per line: "line N: reason: 'text'")
    entries_rejected: Mapped[int] = mapped_column(Integer, default=0, server_default="0", info=about(
        "Lines that are not index lines, or name a file outside edgar/data/<CIK>/<accession>.txt.", "count"))
    rejected_examples: Mapped[str | None] = mapped_column(Text, info=about(
        "The first few rejected lines, one per line ('line N: reason: text'); NULL when none."))

    __table_args__ = (
        CheckConstraint("scope IN ('daily', 'full')", name="scope"),
        CheckConstraint("status IN ('processed', 'absent')", name="status"),
        {"info": about(
            "An EDGAR index file read by pmdw sync, and the days it was read for.")},
    )


class SyncFiling(Base):
    """A filing an index listed for the selected forms, and how far it got: pending (listed),
    fetched (whole in the local archive), loaded, or failed (retried by the next runs)."""

    __tablename__ = "sync_filings"

    id: Mapped[int] = mapped_column(primary_key=True, info=about(
        "Row number."))
    accession_number: Mapped[str] = mapped_column(String(20), unique=True, info=about(
        "EDGAR accession number of the filing listed."))
    cik: Mapped[int] = mapped_column(BigInteger, info=about(
        "The filer's SEC Central Index Key, from the index."))
    company_name: Mapped[str] = mapped_column(Text, info=about(
        "The filer's name, as the index gives it."))
    form_type: Mapped[str] = mapped_column(String(20), info=about(
        "EDGAR form type, as the index gives it."))
    date_filed: Mapped[dt.date] = mapped_column(Date, index=True, info=about(
        "Date filed, as the index gives it.", "date"))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True, info=about(
        "pending (listed), fetched (whole in the local archive), loaded, or failed (retried by "
        "later runs)."))
    # runs that tried to fetch or load it
    attempts: Mapped[int] = mapped_column(Integer, default=0, info=about(
        "Runs that tried to fetch or load it.", "count"))
    last_error: Mapped[str | None] = mapped_column(Text, info=about(
        "Why the last attempt failed; NULL when none failed."))
    index_file_id: Mapped[int | None] = mapped_column(ForeignKey("sync_index_files.id", ondelete="SET NULL"), info=about(
        "The index file (sync_index_files.id) that listed it; NULL once that record is deleted."))
    listed_run_id: Mapped[int | None] = mapped_column(ForeignKey("sync_runs.id", ondelete="SET NULL"), info=about(
        "The sync run (sync_runs.id) that first listed it."))
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("sync_runs.id", ondelete="SET NULL"), info=about(
        "The sync run (sync_runs.id) that last worked on it."))
    listed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow, info=about(
        "When it was first listed (UTC).", "timestamp"))
    fetched_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), info=about(
        "When it was fetched (UTC); NULL until then.", "timestamp"))
    loaded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), info=about(
        "When it was loaded (UTC); NULL until then.", "timestamp"))

    __table_args__ = (
        CheckConstraint("status IN ('pending', 'fetched', 'loaded', 'failed')", name="status"),
        {"info": about(
            "A filing an EDGAR index listed for the selected forms, and how far it got.")},
    )
