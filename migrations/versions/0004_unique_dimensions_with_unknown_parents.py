"""unique dimensions with unknown parents: NULLS NOT DISTINCT on PostgreSQL

A manager whose adviser is unknown, or a fund whose registrant is unknown, has a NULL parent;
PostgreSQL's default treats NULLs as distinct, so two loads running at once could each insert
the same manager. PostgreSQL 15's NULLS NOT DISTINCT makes the existing unique constraints hold
for them too. SQLite loads are serialized by its database lock, so nothing changes there.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 00:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

CONSTRAINTS = {
    "managers": ("uq_managers_adviser_id_name_key", "adviser_id, name_key"),
    "funds": ("uq_funds_registrant_id_name_key", "registrant_id, name_key"),
}


def _recreate(nulls: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, (name, columns) in CONSTRAINTS.items():
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE {nulls}({columns})")


def upgrade() -> None:
    _recreate("NULLS NOT DISTINCT ")


def downgrade() -> None:
    _recreate("")
