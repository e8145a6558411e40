"""indexes for lookups by fund, adviser, registrant and CIK; no duplicate filing_id indexes

Checked with EXPLAIN on a warehouse of the benchmark's size (bench/explain.py): the analysts'
queries in sql/ read whole tables and PostgreSQL rightly answers them with hash joins over
sequential scans, so no index helps them there. What does an index lookup is what selects:
facts by fund (analysts, and the loader pruning a fund no filing uses any more), facts by
adviser (pruning), filings by registrant (pruning) and by CIK and date (analysts, `pmdw sync`).
Four fact tables had a filing_id index beside a unique constraint that already starts with
filing_id: they are dropped, one index less to write per row.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 01:55:30
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NEW = [
    ("ix_account_categories_fund_id", "account_categories", ["fund_id"]),
    ("ix_ownership_ranges_fund_id", "ownership_ranges", ["fund_id"]),
    ("ix_adviser_disclosures_adviser_id", "adviser_disclosures", ["adviser_id"]),
    ("ix_disclosure_texts_adviser_id", "disclosure_texts", ["adviser_id"]),
    ("ix_filings_registrant_id", "filings", ["registrant_id"]),
    ("ix_filings_cik_filed_date", "filings", ["cik", "filed_date"]),
]
REDUNDANT = [  # each table's unique constraint starts with filing_id
    ("ix_account_categories_filing_id", "account_categories"),
    ("ix_ownership_ranges_filing_id", "ownership_ranges"),
    ("ix_adviser_disclosures_filing_id", "adviser_disclosures"),
    ("ix_manager_disclosures_filing_id", "manager_disclosures"),
]


def upgrade() -> None:
    for name, table in REDUNDANT:
        op.drop_index(name, table_name=table)
    for name, table, columns in NEW:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in NEW:
        op.drop_index(name, table_name=table)
    for name, table in REDUNDANT:
        op.create_index(name, table, ["filing_id"])
