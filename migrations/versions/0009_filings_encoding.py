"""filings: the encoding a document's bytes were read in

Documents come as UTF-8, Windows-1252, or UTF-16/UTF-32 with a byte-order mark; which one was
used is now recorded (NULL for documents loaded before it was), beside an ``undecodable_bytes``
finding when bytes had to be replaced.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from etl.db import sqlite_views_set_aside

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("filings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("encoding", sa.String(length=20), nullable=True))


def downgrade() -> None:
    # dropping a column rebuilds the table on SQLite: the views over it are set aside
    with sqlite_views_set_aside(op), op.batch_alter_table("filings", schema=None) as batch_op:
        batch_op.drop_column("encoding")
