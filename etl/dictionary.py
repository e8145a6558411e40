"""The one data dictionary: every table and view of the warehouse, every column's type, unit
and meaning. The web browser (``pmdw serve``), the export's dictionary file and the README's
table all read it from here.

Tables are described where they are defined, in the models (``info=about(...)`` on each column
and table, see models/__init__.py). The analyst views (migrations/versions/0002_analyst_views.py)
are not models: they are described below as data, each column either taken from the model
column it shows (``_shown``) or described in full (``_own``). No database connection is needed.

>>> column = entry("manager_accounts").columns[10]
>>> column.name, column.type, column.unit, column.nullable
('total_assets_usd', 'NUMERIC(20, 2)', 'USD', True)
>>> entry("nonesuch")
Traceback (most recent call last):
...
KeyError: 'nonesuch'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import Column, Table

import models

# The units a column may have: None for names, codes, identifiers and text.
UNITS = {
    "USD": "US dollars, exact to the cent",
    "count": "a number of things (accounts, documents, lines, requests)",
    "date": "a calendar date, no time of day",
    "timestamp": "a moment, with time zone (UTC)",
    "line": "a line number in the filing's document, counted from 1",
    "bytes": "a size in bytes",
    "ns": "nanoseconds since 1970-01-01 UTC",
    "year": "a calendar year",
}


@dataclass(frozen=True)
class ColumnEntry:
    name: str
    type: str  # SQL type as declared, e.g. "NUMERIC(20, 2)", "DATE", "TEXT"
    nullable: bool
    unit: str | None  # one of UNITS, or None
    description: str  # meaning, one or two sentences, never empty


@dataclass(frozen=True)
class TableEntry:
    name: str
    kind: str  # "table" or "view"
    description: str
    columns: tuple[ColumnEntry, ...]


# --- the analyst views, as data ------------------------------------------------------------


def _model_column(qualified: str) -> Column:
    table, column = qualified.split(".")
    return models.Base.metadata.tables[table].c[column]


def _column_entry(column: Column, name: str | None = None) -> ColumnEntry:
    return ColumnEntry(name=name or column.name, type=str(column.type), nullable=bool(column.nullable),
                       unit=column.info.get("unit"), description=column.info.get("description", ""))


def _shown(name: str, source: str, description: str | None = None, nullable: bool | None = None):
    """A view column showing the model column ``table.column`` (its type, unit and meaning),
    with its own description or nullability where the view changes them (an outer join)."""
    base = _column_entry(_model_column(source), name)
    return ColumnEntry(name, base.type, base.nullable if nullable is None else nullable, base.unit,
                       description or base.description)


def _own(name: str, type_: str, unit: str | None, description: str, nullable: bool = True):
    """A view column computed by the view (a sum, a rank)."""
    return ColumnEntry(name, type_, nullable, unit, description)


_OUTER = {  # columns the contract views take through an outer join: NULL when unknown
    "registrant": ("registrants.name", (
        "The registrant (trust or company) that filed, as first printed in a loaded filing; NULL when "
        "the filing's registrant is unknown.")),
    "fund": ("funds.name", (
        "The fund, series or portfolio the row is about (whose SAI reports the figures, or whose shares "
        "are owned), as first printed; NULL when the filing does not say which fund.")),
    "adviser": ("advisers.name", (
        "The adviser or sub-adviser the filing places the manager at, as first printed; NULL when it "
        "names none.")),
}


def _filing_columns() -> tuple[ColumnEntry, ...]:
    """The filing and names that both contract views start with."""
    return (
        _shown("accession_number", "filings.accession_number"),
        _shown("cik", "filings.cik"),
        _shown("registrant", _OUTER["registrant"][0], _OUTER["registrant"][1], nullable=True),
        _shown("form_type", "filings.form_type"),
        _shown("filed_date", "filings.filed_date"),
        _shown("fund", _OUTER["fund"][0], _OUTER["fund"][1], nullable=True),
        _shown("adviser", _OUTER["adviser"][0], _OUTER["adviser"][1], nullable=True),
        _shown("manager", "managers.full_name"),
    )


def _provenance_columns(facts: str) -> tuple[ColumnEntry, ...]:
    return (
        _shown("source_path", "filings.source_path"),
        _shown("document_date", "filings.document_date"),
        _shown("filing_id", f"{facts}.filing_id", "The filing (filings.id) the row was read from: join "
               "filings for its metadata, data_quality_findings for what was found in it."),
        _shown("manager_id", f"{facts}.manager_id", "The manager (managers.id): one person at one adviser, "
               "the same across filings."),
        _shown("line_start", f"{facts}.line_start"),
        _shown("line_end", f"{facts}.line_end"),
    )


def _manager_accounts() -> TableEntry:
    figures = tuple(_shown(name, f"account_categories.{name}") for name in (
        "category", "num_accounts", "total_assets_usd", "perf_num_accounts", "perf_total_assets_usd",
        "as_of_date"))
    return TableEntry(
        "manager_accounts", "view",
        "Other accounts managed, one row per filing, manager, fund and category, with the filing and "
        "names spelled out and where the figures were read. A contract: its columns keep their names "
        "and order.",
        _filing_columns() + figures + _provenance_columns("account_categories"))


def _manager_ownership() -> TableEntry:
    figures = tuple(_shown(name, f"ownership_ranges.{name}") for name in (
        "range_low_usd", "range_high_usd", "range_label", "as_of_date"))
    return TableEntry(
        "manager_ownership", "view",
        "Each manager's dollar range of fund shares beneficially owned, one row per filing, manager and "
        "fund, with the filing and names spelled out and where it was read. A contract: its columns keep "
        "their names and order.",
        _filing_columns() + figures + _provenance_columns("ownership_ranges"))


_SUMMED = (  # column prefix, category, words
    ("ric", "registered_investment_companies", "registered investment companies"),
    ("pooled", "other_pooled_investment_vehicles", "other pooled investment vehicles"),
    ("other", "other_accounts", "other accounts"),
)


def _summary_columns() -> tuple[ColumnEntry, ...]:
    names = _filing_columns()
    by_name = {c.name: c for c in _filing_columns() + _provenance_columns("account_categories")}
    per_category = []
    for prefix, _category, words in _SUMMED:
        per_category += [
            _own(f"{prefix}_num_accounts", "BIGINT", "count", f"Number of {words} the manager manages "
                 "(manager_accounts.num_accounts of that category); NULL when not disclosed."),
            _own(f"{prefix}_total_assets_usd", "NUMERIC(20, 2)", "USD", f"Total assets of the {words} in "
                 "dollars; NULL when not disclosed."),
        ]
    return (
        by_name["filing_id"], by_name["manager_id"], *names[:5], by_name["document_date"], *names[5:],
        _own("as_of_date", "DATE", "date", "The latest as-of date of the manager's figures in this filing "
             "and fund; NULL when the filing gives none."),
        *per_category,
        _own("total_num_accounts", "BIGINT", "count", "Accounts of all three categories together: the sum "
             "of the counts disclosed (a category not disclosed counts as nothing); NULL when none is."),
        _own("total_assets_usd", "NUMERIC(20, 2)", "USD", "Assets of all three categories together in "
             "dollars: the sum of those disclosed; NULL when none is."),
        _own("perf_num_accounts", "BIGINT", "count", "Performance-fee accounts of all three categories: the "
             "sum of those disclosed; NULL when none is."),
        _own("perf_total_assets_usd", "NUMERIC(20, 2)", "USD", "Assets of the performance-fee accounts of all "
             "three categories in dollars: the sum of those disclosed; NULL when none is."),
        by_name["source_path"],
    )


def _manager_filing_summary() -> TableEntry:
    return TableEntry(
        "manager_filing_summary", "view",
        "One row per filing, manager and fund: the three categories of other accounts side by side, "
        "and their totals (from manager_accounts).",
        _summary_columns())


def _manager_latest_disclosure() -> TableEntry:
    return TableEntry(
        "manager_latest_disclosure", "view",
        "Each manager's most recent row of manager_filing_summary: the latest as-of date, then the latest "
        "filing date, document date and filing.",
        _summary_columns() + (
            _own("recency_rank", "BIGINT", None, "Always 1 here: the row's rank among the manager's rows "
                 "of manager_filing_summary, most recent first.", nullable=False),))


_VIEWS = (_manager_accounts, _manager_ownership, _manager_filing_summary, _manager_latest_disclosure)

_ALEMBIC_VERSION = TableEntry(
    "alembic_version", "table",
    "The schema's version (Alembic's bookkeeping): pmdw db upgrade brings it to the version the code "
    "expects.",
    (ColumnEntry("version_num", "VARCHAR(32)", False, None,
                 "The revision the schema is at, e.g. '0010' (migrations/versions)."),))


# --- the dictionary ------------------------------------------------------------------------


def _table_entry(table: Table) -> TableEntry:
    return TableEntry(table.name, "table", table.info.get("description", ""),
                      tuple(_column_entry(column) for column in table.columns))


@functools.cache
def entries() -> tuple[TableEntry, ...]:
    """The analyst views, then every table of the models (in the order they are defined), then
    Alembic's version table: everything a migrated warehouse holds."""
    return (tuple(view() for view in _VIEWS)
            + tuple(_table_entry(table) for table in models.Base.metadata.tables.values())
            + (_ALEMBIC_VERSION,))


def entry(name: str) -> TableEntry:
    """The table or view ``name``; KeyError when the warehouse has none of that name."""
    for found in entries():
        if found.name == name:
            return found
    raise KeyError(name)


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def markdown() -> str:
    """The dictionary as Markdown: per table or view, its meaning and a table of its columns.

    >>> print(markdown().splitlines()[0])
    ### `manager_accounts` (view)
    """
    parts = []
    for table in entries():
        parts += [f"### `{table.name}` ({table.kind})", "", table.description, "",
                  "| column | type | unit | NULL | meaning |", "| --- | --- | --- | --- | --- |"]
        parts += [f"| `{c.name}` | {c.type} | {c.unit or ''} | {'yes' if c.nullable else 'no'} | "
                  f"{_cell(c.description)} |" for c in table.columns]
        parts.append("")
    return "\n".join(parts).rstrip("\n")


if __name__ == "__main__":
    print(markdown())
