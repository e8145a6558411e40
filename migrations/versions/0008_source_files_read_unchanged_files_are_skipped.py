"""source files: size and modification time of files fully loaded, so unchanged ones are skipped

An unchanged re-run read and hashed every file (540 MB for the benchmark) to find that nothing
changed. A file whose size and modification time (in ns) are those recorded when all its
documents were loaded is now skipped without being read.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=False),
        sa.Column("parser_version", sa.String(length=20), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_files")),
        sa.UniqueConstraint("path", name=op.f("uq_source_files_path")),
    )


def downgrade() -> None:
    op.drop_table("source_files")
