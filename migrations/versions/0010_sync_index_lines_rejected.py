"""sync: lines of an index file rejected (not an index line, or a file name outside the archive)

A malformed line no longer rejects the whole index file: it is counted per index file
(``sync_index_files.entries_rejected``, with the first few kept in ``rejected_examples``) and
per run (``sync_runs.index_lines_rejected``).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sync_runs", sa.Column("index_lines_rejected", sa.Integer(), server_default="0", nullable=False))
    op.add_column("sync_index_files",
                  sa.Column("entries_rejected", sa.Integer(), server_default="0", nullable=False))
    op.add_column("sync_index_files", sa.Column("rejected_examples", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_index_files") as batch:
        batch.drop_column("rejected_examples")
        batch.drop_column("entries_rejected")
    with op.batch_alter_table("sync_runs") as batch:
        batch.drop_column("index_lines_rejected")
