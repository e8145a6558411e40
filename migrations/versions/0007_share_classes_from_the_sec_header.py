"""share classes of funds, from the SEC header of complete submission files

EDGAR's header lists each series' classes and contracts (C000012345, name, ticker); keeping them
lets analysts join the warehouse's funds to tickers. A class belongs to its fund and goes with it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 02:03:25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "share_classes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fund_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.String(length=12), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("ticker", sa.String(length=12), nullable=True),
        sa.ForeignKeyConstraint(["fund_id"], ["funds.id"], name=op.f("fk_share_classes_fund_id_funds"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_classes")),
        sa.UniqueConstraint("class_id", name=op.f("uq_share_classes_class_id")),
    )
    op.create_index(op.f("ix_share_classes_fund_id"), "share_classes", ["fund_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_share_classes_fund_id"), table_name="share_classes")
    op.drop_table("share_classes")
