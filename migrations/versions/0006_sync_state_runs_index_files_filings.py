"""sync state: runs of pmdw sync, index files read, filings listed/fetched/loaded/failed

`pmdw sync` keeps a warehouse current from EDGAR's index files. These tables let the next run
pick up exactly what is new: the index files (and so the days) already read, and each filing
listed for the selected forms with how far it got; failed filings keep their reason and
attempt count and are retried by the following runs.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 01:40:39.103728
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('command', sa.Text(), nullable=True),
    sa.Column('since_date', sa.Date(), nullable=True),
    sa.Column('until_date', sa.Date(), nullable=True),
    sa.Column('forms', sa.Text(), nullable=False),
    sa.Column('index_files_read', sa.Integer(), nullable=False),
    sa.Column('filings_listed', sa.Integer(), nullable=False),
    sa.Column('filings_fetched', sa.Integer(), nullable=False),
    sa.Column('filings_loaded', sa.Integer(), nullable=False),
    sa.Column('filings_failed', sa.Integer(), nullable=False),
    sa.Column('requests_made', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.CheckConstraint("outcome IN ('running', 'succeeded', 'partial', 'failed', 'interrupted', 'abandoned')", name=op.f('ck_sync_runs_outcome')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_runs'))
    )
    op.create_table('sync_index_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('forms', sa.Text(), nullable=False),
    sa.Column('is_final', sa.Boolean(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=True),
    sa.Column('http_last_modified', sa.Text(), nullable=True),
    sa.Column('http_etag', sa.Text(), nullable=True),
    sa.Column('entries_total', sa.Integer(), nullable=False),
    sa.Column('entries_selected', sa.Integer(), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sync_run_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("scope IN ('daily', 'full')", name=op.f('ck_sync_index_files_scope')),
    sa.CheckConstraint("status IN ('processed', 'absent')", name=op.f('ck_sync_index_files_status')),
    sa.ForeignKeyConstraint(['sync_run_id'], ['sync_runs.id'], name=op.f('fk_sync_index_files_sync_run_id_sync_runs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_index_files')),
    sa.UniqueConstraint('path', name=op.f('uq_sync_index_files_path'))
    )
    op.create_table('sync_filings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('accession_number', sa.String(length=20), nullable=False),
    sa.Column('cik', sa.BigInteger(), nullable=False),
    sa.Column('company_name', sa.Text(), nullable=False),
    sa.Column('form_type', sa.String(length=20), nullable=False),
    sa.Column('date_filed', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('index_file_id', sa.Integer(), nullable=True),
    sa.Column('listed_run_id', sa.Integer(), nullable=True),
    sa.Column('last_run_id', sa.Integer(), nullable=True),
    sa.Column('listed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'fetched', 'loaded', 'failed')", name=op.f('ck_sync_filings_status')),
    sa.ForeignKeyConstraint(['index_file_id'], ['sync_index_files.id'], name=op.f('fk_sync_filings_index_file_id_sync_index_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['last_run_id'], ['sync_runs.id'], name=op.f('fk_sync_filings_last_run_id_sync_runs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['listed_run_id'], ['sync_runs.id'], name=op.f('fk_sync_filings_listed_run_id_sync_runs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_filings')),
    sa.UniqueConstraint('accession_number', name=op.f('uq_sync_filings_accession_number'))
    )
    with op.batch_alter_table('sync_filings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_filings_date_filed'), ['date_filed'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_filings_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sync_filings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_filings_status'))
        batch_op.drop_index(batch_op.f('ix_sync_filings_date_filed'))

    op.drop_table('sync_filings')
    op.drop_table('sync_index_files')
    op.drop_table('sync_runs')
