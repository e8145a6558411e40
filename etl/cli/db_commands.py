"""pmdw db upgrade|downgrade|current: thin wrappers over Alembic."""

from __future__ import annotations

import click

from etl import db as warehouse
from etl.cli.options import configuration_errors, database_option


@click.group()
def db() -> None:
    """Manage the warehouse schema (Alembic revisions)."""


@db.command()
@click.argument("revision", default="head")
@database_option
@configuration_errors
def upgrade(revision, database_url):
    """Upgrade the schema to REVISION (default: head)."""
    warehouse.upgrade(database_url, revision)
    click.echo(f"schema at {_current(database_url)}")


@db.command()
@click.argument("revision", default="-1")
@database_option
@configuration_errors
def downgrade(revision, database_url):
    """Downgrade the schema to REVISION (default: one step back; 'base' drops everything)."""
    warehouse.downgrade(database_url, revision)
    click.echo(f"schema at {_current(database_url)}")


@db.command()
@database_option
@configuration_errors
def current(database_url):
    """Print the schema revision of the warehouse and the head the code expects."""
    click.echo(f"current: {_current(database_url)}")
    click.echo(f"head:    {warehouse.head_revision()}")


def _current(database_url) -> str:
    engine = warehouse.create_warehouse_engine(database_url)
    try:
        return warehouse.current_revision(engine) or "base (empty)"
    finally:
        engine.dispose()
