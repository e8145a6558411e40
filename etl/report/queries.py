"""What the report shows, read with SQL from the contract views and the bookkeeping tables.

Each query is plain SQL that runs on SQLite and PostgreSQL alike; the one thing the two spell
differently, the year of a date, is filled in per dialect. The rows come back as small tuples
(plain Python numbers and strings, sorted) so that the same warehouse always gives the same
report, whichever database holds it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Connection, text

from models import CATEGORIES

# The year of a date column, per dialect (SQLite keeps dates as ISO text).
YEAR_OF = {
    "sqlite": "CAST(strftime('%Y', {column}) AS INTEGER)",
    "postgresql": "CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)",
}

# One point per manager, category and as-of date: the same figures repeated for several funds
# of one filing, or in several filings, are one disclosure.
ASSETS_SQL = """
SELECT DISTINCT ma.manager_id, ma.category, {year} AS as_of_year, ma.as_of_date, ma.total_assets_usd
FROM manager_accounts ma
"""

# Managers reporting, and managers with performance-fee accounts, per as-of year and category;
# category '*' counts each manager once whatever the category.
PERFORMANCE_FEE_SQL = """
SELECT {year} AS as_of_year, ma.category,
       COUNT(DISTINCT ma.manager_id) AS managers,
       COUNT(DISTINCT CASE WHEN ma.perf_num_accounts > 0 OR ma.perf_total_assets_usd > 0
                           THEN ma.manager_id END) AS fee_managers
FROM manager_accounts ma
GROUP BY {year}, ma.category
UNION ALL
SELECT {year} AS as_of_year, '*' AS category,
       COUNT(DISTINCT ma.manager_id) AS managers,
       COUNT(DISTINCT CASE WHEN ma.perf_num_accounts > 0 OR ma.perf_total_assets_usd > 0
                           THEN ma.manager_id END) AS fee_managers
FROM manager_accounts ma
GROUP BY {year}
"""

# The seven ranges of the form, placed by their upper bound; an open range that starts below
# $1,000,000 (a non-standard "over $100,000") is kept apart as rank 7.
RANGE_LABELS = ("None", "$1-$10,000", "$10,001-$50,000", "$50,001-$100,000", "$100,001-$500,000",
                "$500,001-$1,000,000", "Over $1,000,000", "Other open range")
UNKNOWN_FAMILY = "(registrant not known)"
OWNERSHIP_SQL = """
SELECT COALESCE(mo.registrant, :unknown) AS family,
       CASE WHEN mo.range_high_usd = 0 THEN 0
            WHEN mo.range_high_usd <= 10000 THEN 1
            WHEN mo.range_high_usd <= 50000 THEN 2
            WHEN mo.range_high_usd <= 100000 THEN 3
            WHEN mo.range_high_usd <= 500000 THEN 4
            WHEN mo.range_high_usd <= 1000000 THEN 5
            WHEN mo.range_low_usd > 1000000 THEN 6
            ELSE 7 END AS range_rank,
       COUNT(DISTINCT mo.manager_id) AS managers
FROM manager_ownership mo
GROUP BY 1, 2
"""

LOAD_RUNS_SQL = """
SELECT id, started_at, outcome, documents_seen, documents_loaded, documents_unchanged,
       documents_without_disclosure, documents_quarantined, findings_recorded
FROM load_runs
ORDER BY id
"""

QUARANTINE_SQL = "SELECT COUNT(*) FROM quarantined_documents"

FINDINGS_SQL = """
SELECT check_name, severity, COUNT(*) AS findings, COUNT(DISTINCT filing_id) AS documents
FROM data_quality_findings
GROUP BY check_name, severity
"""

TOTALS_SQL = """
SELECT (SELECT COUNT(*) FROM filings) AS filings,
       (SELECT COUNT(*) FROM managers) AS managers,
       (SELECT COUNT(*) FROM manager_accounts) AS account_rows,
       (SELECT COUNT(*) FROM manager_ownership) AS ownership_rows,
       (SELECT MAX(parser_version) FROM filings) AS parser_version
"""


@dataclass(frozen=True)
class AssetPoint:
    category: str
    year: int | None
    assets: float | None


@dataclass(frozen=True)
class FeeCount:
    year: int | None
    category: str  # a category, or '*' for any
    managers: int
    fee_managers: int


@dataclass(frozen=True)
class OwnershipCount:
    family: str
    range_rank: int
    managers: int


@dataclass(frozen=True)
class LoadRunRow:
    id: int
    started: str
    outcome: str
    seen: int
    loaded: int
    unchanged: int
    without_disclosure: int
    quarantined: int
    findings: int


@dataclass(frozen=True)
class FindingCount:
    check_name: str
    severity: str
    findings: int
    documents: int


@dataclass(frozen=True)
class Totals:
    filings: int
    managers: int
    account_rows: int
    ownership_rows: int
    parser_version: str | None


@dataclass(frozen=True)
class ReportData:
    totals: Totals
    assets: tuple[AssetPoint, ...]
    fees: tuple[FeeCount, ...]
    ownership: tuple[OwnershipCount, ...]
    load_runs: tuple[LoadRunRow, ...]
    quarantined_now: int
    findings: tuple[FindingCount, ...]


def _number(value) -> float | None:
    """Money as a float for drawing (SQLite gives int or float, PostgreSQL Decimal).

    >>> _number(Decimal("15700000000.00")), _number(None), _number(3)
    (15700000000.0, None, 3.0)
    """
    return None if value is None else float(Decimal(str(value)))


def _minute(value) -> str:
    """A timestamp to the minute, whether the driver gives text or a datetime.

    >>> _minute("2026-11-29 23:45:48.683366"), _minute(dt.datetime(2026, 1, 2, 3, 4, 5))
    ('2026-11-29 23:45', '2026-01-02 03:04')
    >>> _minute(None)
    '-'
    """
    if value is None:
        return "-"
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return moment.strftime("%Y-%m-%d %H:%M")


def _year_key(year: int | None) -> tuple[int, int]:
    """Years in order, the undated last."""
    return (1, 0) if year is None else (0, year)


def _category_key(category: str) -> int:
    return CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES)


def _rows(connection: Connection, sql: str, **params) -> list:
    year = YEAR_OF.get(connection.dialect.name, YEAR_OF["postgresql"]).format(column="ma.as_of_date")
    return list(connection.execute(text(sql.replace("{year}", year)), params))


def read_assets(connection: Connection) -> tuple[AssetPoint, ...]:
    points = [AssetPoint(r.category, r.as_of_year, _number(r.total_assets_usd))
              for r in _rows(connection, ASSETS_SQL)]
    return tuple(sorted(points, key=lambda p: (_category_key(p.category), _year_key(p.year),
                                               p.assets is None, p.assets or 0.0)))


def read_fees(connection: Connection) -> tuple[FeeCount, ...]:
    counts = [FeeCount(r.as_of_year, r.category, int(r.managers), int(r.fee_managers))
              for r in _rows(connection, PERFORMANCE_FEE_SQL)]
    return tuple(sorted(counts, key=lambda c: (_year_key(c.year), _category_key(c.category))))


def read_ownership(connection: Connection) -> tuple[OwnershipCount, ...]:
    counts = [OwnershipCount(r.family, int(r.range_rank), int(r.managers))
              for r in _rows(connection, OWNERSHIP_SQL, unknown=UNKNOWN_FAMILY)]
    return tuple(sorted(counts, key=lambda c: (c.family, c.range_rank)))


def read_load_runs(connection: Connection) -> tuple[LoadRunRow, ...]:
    return tuple(LoadRunRow(r.id, _minute(r.started_at), r.outcome, r.documents_seen, r.documents_loaded,
                            r.documents_unchanged, r.documents_without_disclosure,
                            r.documents_quarantined, r.findings_recorded)
                 for r in _rows(connection, LOAD_RUNS_SQL))


def read_findings(connection: Connection) -> tuple[FindingCount, ...]:
    counts = [FindingCount(r.check_name, r.severity, int(r.findings), int(r.documents))
              for r in _rows(connection, FINDINGS_SQL)]
    return tuple(sorted(counts, key=lambda c: (-c.findings, c.check_name, c.severity)))


def read_totals(connection: Connection) -> Totals:
    row = _rows(connection, TOTALS_SQL)[0]
    return Totals(int(row.filings), int(row.managers), int(row.account_rows), int(row.ownership_rows),
                  row.parser_version)


def read_report_data(connection: Connection) -> ReportData:
    """Everything the report draws, in one read-only pass over the warehouse."""
    return ReportData(
        totals=read_totals(connection),
        assets=read_assets(connection),
        fees=read_fees(connection),
        ownership=read_ownership(connection),
        load_runs=read_load_runs(connection),
        quarantined_now=int(_rows(connection, QUARANTINE_SQL)[0][0]),
        findings=read_findings(connection),
    )
