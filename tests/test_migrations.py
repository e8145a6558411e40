"""Alembic revisions build exactly the models' schema, both ways, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from etl import db
from models import Base

CONTRACT_COLUMNS = {
    "manager_accounts": [
        "accession_number", "cik", "registrant", "form_type", "filed_date", "fund", "adviser",
        "manager", "category", "num_accounts", "total_assets_usd", "perf_num_accounts",
        "perf_total_assets_usd", "as_of_date", "source_path",
    ],
    "manager_ownership": [
        "accession_number", "cik", "registrant", "form_type", "filed_date", "fund", "adviser",
        "manager", "range_low_usd", "range_high_usd", "range_label", "as_of_date", "source_path",
    ],
}


def test_upgrade_to_head_matches_the_models(warehouse_url):
    db.upgrade(warehouse_url)
    engine = create_engine(warehouse_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_analyst_views_keep_their_contract_columns_first_and_in_order(warehouse_url):
    db.upgrade(warehouse_url)
    engine = create_engine(warehouse_url)
    inspector = inspect(engine)
    for view, expected in CONTRACT_COLUMNS.items():
        columns = [c["name"] for c in inspector.get_columns(view)]
        assert columns[: len(expected)] == expected, view
    engine.dispose()


def test_downgrade_to_base_removes_everything_and_upgrade_again_works(warehouse_url):
    db.upgrade(warehouse_url)
    db.downgrade(warehouse_url, "base")
    engine = create_engine(warehouse_url)
    inspector = inspect(engine)
    assert set(inspector.get_table_names()) <= {"alembic_version"}
    assert inspector.get_view_names() == []
    engine.dispose()
    db.upgrade(warehouse_url)
    engine = db.create_warehouse_engine(warehouse_url)
    assert db.current_revision(engine) == db.head_revision()
    engine.dispose()


def test_the_head_read_from_the_revision_files_is_alembics_head():
    assert db.head_in_files(db.MIGRATIONS_DIR / "versions") == db.head_revision()


def test_a_warehouse_at_the_head_is_not_upgraded_again_and_one_behind_is(warehouse_url, monkeypatch):
    """ensure_schema asks a warehouse at the head only its revision; alembic runs for a new one
    and for one a revision behind, which it brings to the head."""
    upgrades = []
    real_upgrade = db.upgrade
    monkeypatch.setattr(db, "upgrade", lambda url=None, revision="head": (upgrades.append(url),
                                                                          real_upgrade(url, revision))[1])
    db.ensure_schema(warehouse_url).dispose()
    assert len(upgrades) == 1
    db.ensure_schema(warehouse_url).dispose()
    assert len(upgrades) == 1
    db.downgrade(warehouse_url, "-1")
    engine = db.ensure_schema(warehouse_url)
    assert len(upgrades) == 2 and db.current_revision(engine) == db.head_revision()
    engine.dispose()


def test_a_warehouse_that_cannot_be_reached_is_a_configuration_error(tmp_path):
    import pytest

    with pytest.raises(db.ConfigurationError, match="cannot bring"):
        db.ensure_schema(f"sqlite:///{tmp_path / 'no-such-dir' / 'w.sqlite'}")
