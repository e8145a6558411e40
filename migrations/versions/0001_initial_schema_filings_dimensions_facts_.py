"""initial schema: filings, dimensions, facts and bookkeeping

Revision ID: 0001
Revises:
Create Date: 2026-11-23 23:19:21.639868
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('advisers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('name_key', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_advisers')),
    sa.UniqueConstraint('name_key', name=op.f('uq_advisers_name_key'))
    )
    op.create_table('load_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('command', sa.Text(), nullable=True),
    sa.Column('parser_version', sa.String(length=20), nullable=False),
    sa.Column('documents_seen', sa.Integer(), nullable=False),
    sa.Column('documents_loaded', sa.Integer(), nullable=False),
    sa.Column('documents_unchanged', sa.Integer(), nullable=False),
    sa.Column('documents_without_disclosure', sa.Integer(), nullable=False),
    sa.Column('documents_quarantined', sa.Integer(), nullable=False),
    sa.Column('findings_recorded', sa.Integer(), nullable=False),
    sa.CheckConstraint("outcome IN ('running', 'succeeded', 'partial', 'failed', 'interrupted')", name=op.f('ck_load_runs_outcome')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_load_runs'))
    )
    op.create_table('registrants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('name_key', sa.Text(), nullable=False),
    sa.Column('cik', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registrants')),
    sa.UniqueConstraint('name_key', name=op.f('uq_registrants_name_key'))
    )
    op.create_table('filings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('identity_key', sa.Text(), nullable=False),
    sa.Column('accession_number', sa.String(length=20), nullable=True),
    sa.Column('cik', sa.BigInteger(), nullable=True),
    sa.Column('registrant_id', sa.Integer(), nullable=True),
    sa.Column('form_type', sa.String(length=20), nullable=True),
    sa.Column('filed_date', sa.Date(), nullable=True),
    sa.Column('document_date', sa.Date(), nullable=True),
    sa.Column('document_name', sa.Text(), nullable=True),
    sa.Column('source_path', sa.Text(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('parser_version', sa.String(length=20), nullable=False),
    sa.Column('has_disclosure', sa.Boolean(), nullable=False),
    sa.Column('line_count', sa.Integer(), nullable=False),
    sa.Column('load_run_id', sa.Integer(), nullable=True),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['load_run_id'], ['load_runs.id'], name=op.f('fk_filings_load_run_id_load_runs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registrant_id'], ['registrants.id'], name=op.f('fk_filings_registrant_id_registrants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_filings')),
    sa.UniqueConstraint('accession_number', 'document_name', name=op.f('uq_filings_accession_number_document_name')),
    sa.UniqueConstraint('identity_key', name=op.f('uq_filings_identity_key'))
    )
    op.create_table('funds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registrant_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('name_key', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['registrant_id'], ['registrants.id'], name=op.f('fk_funds_registrant_id_registrants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funds')),
    sa.UniqueConstraint('registrant_id', 'name_key', name=op.f('uq_funds_registrant_id_name_key'))
    )
    op.create_table('managers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('adviser_id', sa.Integer(), nullable=True),
    sa.Column('full_name', sa.Text(), nullable=False),
    sa.Column('given_name', sa.Text(), nullable=False),
    sa.Column('middle_name', sa.Text(), nullable=False),
    sa.Column('family_name', sa.Text(), nullable=False),
    sa.Column('suffix', sa.Text(), nullable=False),
    sa.Column('name_key', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['adviser_id'], ['advisers.id'], name=op.f('fk_managers_adviser_id_advisers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_managers')),
    sa.UniqueConstraint('adviser_id', 'name_key', name=op.f('uq_managers_adviser_id_name_key'))
    )
    op.create_table('quarantined_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_path', sa.Text(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('load_run_id', sa.Integer(), nullable=True),
    sa.Column('quarantined_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['load_run_id'], ['load_runs.id'], name=op.f('fk_quarantined_documents_load_run_id_load_runs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quarantined_documents')),
    sa.UniqueConstraint('source_path', name=op.f('uq_quarantined_documents_source_path'))
    )
    op.create_table('account_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=False),
    sa.Column('fund_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('num_accounts', sa.Integer(), nullable=True),
    sa.Column('total_assets_usd', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('perf_num_accounts', sa.Integer(), nullable=True),
    sa.Column('perf_total_assets_usd', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('as_of_date', sa.Date(), nullable=True),
    sa.Column('line_start', sa.Integer(), nullable=False),
    sa.Column('line_end', sa.Integer(), nullable=False),
    sa.Column('raw_text', sa.Text(), nullable=False),
    sa.Column('filing_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("category IN ('registered_investment_companies', 'other_pooled_investment_vehicles', 'other_accounts')", name=op.f('ck_account_categories_category')),
    sa.ForeignKeyConstraint(['filing_id'], ['filings.id'], name=op.f('fk_account_categories_filing_id_filings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['fund_id'], ['funds.id'], name=op.f('fk_account_categories_fund_id_funds')),
    sa.ForeignKeyConstraint(['manager_id'], ['managers.id'], name=op.f('fk_account_categories_manager_id_managers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_categories')),
    sa.UniqueConstraint('filing_id', 'manager_id', 'fund_id', 'category', name=op.f('uq_account_categories_filing_id_manager_id_fund_id_category'))
    )
    op.create_index(op.f('ix_account_categories_filing_id'), 'account_categories', ['filing_id'], unique=False)
    op.create_index(op.f('ix_account_categories_manager_id'), 'account_categories', ['manager_id'], unique=False)
    op.create_table('adviser_disclosures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('adviser_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('aum_usd', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('aum_qualifier', sa.String(length=30), nullable=True),
    sa.Column('aum_as_of_date', sa.Date(), nullable=True),
    sa.Column('year_founded', sa.Integer(), nullable=True),
    sa.Column('line_start', sa.Integer(), nullable=False),
    sa.Column('line_end', sa.Integer(), nullable=False),
    sa.Column('raw_text', sa.Text(), nullable=False),
    sa.Column('filing_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['adviser_id'], ['advisers.id'], name=op.f('fk_adviser_disclosures_adviser_id_advisers')),
    sa.ForeignKeyConstraint(['filing_id'], ['filings.id'], name=op.f('fk_adviser_disclosures_filing_id_filings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adviser_disclosures')),
    sa.UniqueConstraint('filing_id', 'adviser_id', name=op.f('uq_adviser_disclosures_filing_id_adviser_id'))
    )
    op.create_index(op.f('ix_adviser_disclosures_filing_id'), 'adviser_disclosures', ['filing_id'], unique=False)
    op.create_table('data_quality_findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('check_name', sa.String(length=60), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('line_start', sa.Integer(), nullable=True),
    sa.Column('line_end', sa.Integer(), nullable=True),
    sa.Column('raw_text', sa.Text(), nullable=True),
    sa.Column('filing_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("severity IN ('info', 'warning', 'error')", name=op.f('ck_data_quality_findings_severity')),
    sa.ForeignKeyConstraint(['filing_id'], ['filings.id'], name=op.f('fk_data_quality_findings_filing_id_filings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_quality_findings'))
    )
    op.create_index(op.f('ix_data_quality_findings_filing_id'), 'data_quality_findings', ['filing_id'], unique=False)
    op.create_table('disclosure_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('adviser_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('heading', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('line_start', sa.Integer(), nullable=False),
    sa.Column('line_end', sa.Integer(), nullable=False),
    sa.Column('raw_text', sa.Text(), nullable=False),
    sa.Column('filing_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('compensation', 'conflicts')", name=op.f('ck_disclosure_texts_kind')),
    sa.ForeignKeyConstraint(['adviser_id'], ['advisers.id'], name=op.f('fk_disclosure_texts_adviser_id_advisers')),
    sa.ForeignKeyConstraint(['filing_id'], ['filings.id'], name=op.f('fk_disclosure_texts_filing_id_filings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosure_texts'))
    )
    op.create_index(op.f('ix_disclosure_texts_filing_id'), 'disclosure_texts', ['filing_id'], unique=False)
    op.create_table('manager_disclosures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=False),
    sa.Column('name_as_printed', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('joined_adviser_date', sa.Date(), nullable=True),
    sa.Column('line_start', sa.Integer(), nullable=True),
    sa.Column('line_end', sa.Integer(), nullable=True),
    sa.Column('raw_text', sa.Text(), nullable=True),
    sa.Column('filing_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['filing_id'], ['filings.id'], name=op.f('fk_manager_disclosures_filing_id_filings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['manager_id'], ['managers.id'], name=op.f('fk_manager_disclosures_manager_id_managers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_manager_disclosures')),
    sa.UniqueConstraint('filing_id', 'manager_id', name=op.f('uq_manager_disclosures_filing_id_manager_id'))
    )
    op.create_index(op.f('ix_manager_disclosures_filing_id'), 'manager_disclosures', ['filing_id'], unique=False)
    op.create_index(op.f('ix_manager_disclosures_manager_id'), 'manager_disclosures', ['manager_id'], unique=False)
    op.create_table('ownership_ranges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=False),
    sa.Column('fund_id', sa.Integer(), nullable=True),
    sa.Column('range_low_usd', sa.Numeric(precision=20, scale=2), nullable=False),
    sa.Column('range_high_usd', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('range_label', sa.Text(), nullable=False),
    sa.Column('as_of_date', sa.Date(), nullable=True),
    sa.Column('line_start', sa.Integer(), nullable=False),
    sa.Column('line_end', sa.Integer(), nullable=False),
    sa.Column('raw_text', sa.Text(), nullable=False),
    sa.Column('filing_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('range_high_usd IS NULL OR range_high_usd >= range_low_usd', name=op.f('ck_ownership_ranges_range_order')),
    sa.ForeignKeyConstraint(['filing_id'], ['filings.id'], name=op.f('fk_ownership_ranges_filing_id_filings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['fund_id'], ['funds.id'], name=op.f('fk_ownership_ranges_fund_id_funds')),
    sa.ForeignKeyConstraint(['manager_id'], ['managers.id'], name=op.f('fk_ownership_ranges_manager_id_managers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ownership_ranges')),
    sa.UniqueConstraint('filing_id', 'manager_id', 'fund_id', name=op.f('uq_ownership_ranges_filing_id_manager_id_fund_id'))
    )
    op.create_index(op.f('ix_ownership_ranges_filing_id'), 'ownership_ranges', ['filing_id'], unique=False)
    op.create_index(op.f('ix_ownership_ranges_manager_id'), 'ownership_ranges', ['manager_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_ownership_ranges_manager_id'), table_name='ownership_ranges')
    op.drop_index(op.f('ix_ownership_ranges_filing_id'), table_name='ownership_ranges')
    op.drop_table('ownership_ranges')
    op.drop_index(op.f('ix_manager_disclosures_manager_id'), table_name='manager_disclosures')
    op.drop_index(op.f('ix_manager_disclosures_filing_id'), table_name='manager_disclosures')
    op.drop_table('manager_disclosures')
    op.drop_index(op.f('ix_disclosure_texts_filing_id'), table_name='disclosure_texts')
    op.drop_table('disclosure_texts')
    op.drop_index(op.f('ix_data_quality_findings_filing_id'), table_name='data_quality_findings')
    op.drop_table('data_quality_findings')
    op.drop_index(op.f('ix_adviser_disclosures_filing_id'), table_name='adviser_disclosures')
    op.drop_table('adviser_disclosures')
    op.drop_index(op.f('ix_account_categories_manager_id'), table_name='account_categories')
    op.drop_index(op.f('ix_account_categories_filing_id'), table_name='account_categories')
    op.drop_table('account_categories')
    op.drop_table('quarantined_documents')
    op.drop_table('managers')
    op.drop_table('funds')
    op.drop_table('filings')
    op.drop_table('registrants')
    op.drop_table('load_runs')
    op.drop_table('advisers')
