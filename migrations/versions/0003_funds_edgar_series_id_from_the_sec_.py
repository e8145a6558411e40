"""funds: EDGAR series id from the SEC header

Complete submission files name their series (S000012345) in <SERIES-AND-CLASSES-CONTRACTS-DATA>;
the fund of that name keeps the id, so funds can be joined to EDGAR's series and classes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 00:13:30.986101
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from etl.db import sqlite_views_set_aside

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('funds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_id', sa.String(length=12), nullable=True))
        batch_op.create_index(batch_op.f('ix_funds_series_id'), ['series_id'], unique=False)



def downgrade() -> None:
    # dropping a column rebuilds the table on SQLite: the views over it are set aside
    with sqlite_views_set_aside(op), op.batch_alter_table('funds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funds_series_id'))
        batch_op.drop_column('series_id')

