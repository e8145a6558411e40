"""analyst views: manager_accounts and manager_ownership (the stable contract), summaries

The column lists of manager_accounts and manager_ownership are a contract with analysts: keep
their names and order; add columns only at the end, in a new revision.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 23:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MANAGER_ACCOUNTS = """
CREATE VIEW manager_accounts AS
SELECT
    f.accession_number,
    f.cik,
    r.name AS registrant,
    f.form_type,
    f.filed_date,
    fu.name AS fund,
    a.name AS adviser,
    m.full_name AS manager,
    ac.category,
    ac.num_accounts,
    ac.total_assets_usd,
    ac.perf_num_accounts,
    ac.perf_total_assets_usd,
    ac.as_of_date,
    f.source_path,
    f.document_date,
    ac.filing_id,
    ac.manager_id,
    ac.line_start,
    ac.line_end
FROM account_categories ac
JOIN filings f ON f.id = ac.filing_id
JOIN managers m ON m.id = ac.manager_id
LEFT JOIN advisers a ON a.id = m.adviser_id
LEFT JOIN funds fu ON fu.id = ac.fund_id
LEFT JOIN registrants r ON r.id = f.registrant_id
"""

MANAGER_OWNERSHIP = """
CREATE VIEW manager_ownership AS
SELECT
    f.accession_number,
    f.cik,
    r.name AS registrant,
    f.form_type,
    f.filed_date,
    fu.name AS fund,
    a.name AS adviser,
    m.full_name AS manager,
    o.range_low_usd,
    o.range_high_usd,
    o.range_label,
    o.as_of_date,
    f.source_path,
    f.document_date,
    o.filing_id,
    o.manager_id,
    o.line_start,
    o.line_end
FROM ownership_ranges o
JOIN filings f ON f.id = o.filing_id
JOIN managers m ON m.id = o.manager_id
LEFT JOIN advisers a ON a.id = m.adviser_id
LEFT JOIN funds fu ON fu.id = o.fund_id
LEFT JOIN registrants r ON r.id = f.registrant_id
"""

# One row per filing, manager and fund: the three categories side by side, and their totals.
MANAGER_FILING_SUMMARY = """
CREATE VIEW manager_filing_summary AS
SELECT
    ma.filing_id,
    ma.manager_id,
    ma.accession_number,
    ma.cik,
    ma.registrant,
    ma.form_type,
    ma.filed_date,
    ma.document_date,
    ma.fund,
    ma.adviser,
    ma.manager,
    MAX(ma.as_of_date) AS as_of_date,
    SUM(CASE WHEN ma.category = 'registered_investment_companies' THEN ma.num_accounts END)
        AS ric_num_accounts,
    SUM(CASE WHEN ma.category = 'registered_investment_companies' THEN ma.total_assets_usd END)
        AS ric_total_assets_usd,
    SUM(CASE WHEN ma.category = 'other_pooled_investment_vehicles' THEN ma.num_accounts END)
        AS pooled_num_accounts,
    SUM(CASE WHEN ma.category = 'other_pooled_investment_vehicles' THEN ma.total_assets_usd END)
        AS pooled_total_assets_usd,
    SUM(CASE WHEN ma.category = 'other_accounts' THEN ma.num_accounts END)
        AS other_num_accounts,
    SUM(CASE WHEN ma.category = 'other_accounts' THEN ma.total_assets_usd END)
        AS other_total_assets_usd,
    SUM(ma.num_accounts) AS total_num_accounts,
    SUM(ma.total_assets_usd) AS total_assets_usd,
    SUM(ma.perf_num_accounts) AS perf_num_accounts,
    SUM(ma.perf_total_assets_usd) AS perf_total_assets_usd,
    ma.source_path
FROM manager_accounts ma
GROUP BY ma.filing_id, ma.manager_id, ma.accession_number, ma.cik, ma.registrant, ma.form_type,
         ma.filed_date, ma.document_date, ma.fund, ma.adviser, ma.manager, ma.source_path
"""

# Each manager's most recent disclosure: latest as-of date, then latest filing.
MANAGER_LATEST_DISCLOSURE = """
CREATE VIEW manager_latest_disclosure AS
SELECT *
FROM (
    SELECT
        s.*,
        ROW_NUMBER() OVER (
            PARTITION BY s.manager_id
            ORDER BY s.as_of_date DESC, s.filed_date DESC, s.document_date DESC, s.filing_id DESC
        ) AS recency_rank
    FROM manager_filing_summary s
) ranked
WHERE recency_rank = 1
"""

VIEWS = {
    "manager_accounts": MANAGER_ACCOUNTS,
    "manager_ownership": MANAGER_OWNERSHIP,
    "manager_filing_summary": MANAGER_FILING_SUMMARY,
    "manager_latest_disclosure": MANAGER_LATEST_DISCLOSURE,
}


def upgrade() -> None:
    for create in VIEWS.values():
        op.execute(create)


def downgrade() -> None:
    for name in reversed(list(VIEWS)):
        op.execute(f"DROP VIEW {name}")
