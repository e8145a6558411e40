"""Every query in sql/ runs on both databases against a loaded warehouse and returns the seed."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from etl.db import SQL_DIR
from etl.pipeline import run_load
from tests.conftest import SEED

SQL_FILES = sorted(SQL_DIR.glob("*.sql"))
# What each query must return for the seed: (row count, a value that must appear).
EXPECTED = {
    "largest_other_accounts.sql": (2, "David Dreman"),
    "latest_disclosures.sql": (2, "E. Clifton Hoover, Jr."),
    "performance_fee_managers.sql": (1, "other_pooled_investment_vehicles"),
    "managers_owning_none.sql": (2, "none"),
    "load_health.sql": (1, "performance_fee_assets_exceed_total"),
}


def test_every_sql_file_has_an_expectation():
    assert {p.name for p in SQL_FILES} == set(EXPECTED)


@pytest.mark.parametrize("sql_file", SQL_FILES, ids=lambda p: p.stem)
def test_sql_file_runs_and_returns_the_seed(warehouse_url, sql_file):
    run_load([str(SEED)], database_url=warehouse_url)
    engine = create_engine(warehouse_url)
    with engine.connect() as connection:
        result = [tuple(row) for row in connection.execute(text(sql_file.read_text()))]
    engine.dispose()
    count, value = EXPECTED[sql_file.name]
    assert len(result) == count
    assert any(value in map(str, row) for row in result)


def test_latest_disclosure_sums_the_three_categories(warehouse_url):
    run_load([str(SEED)], database_url=warehouse_url)
    engine = create_engine(warehouse_url)
    with engine.connect() as connection:
        row = connection.execute(text(
            "SELECT total_num_accounts, total_assets_usd FROM manager_latest_disclosure "
            "WHERE manager = 'David Dreman'")).one()
    engine.dispose()
    assert row[0] == 19 + 3 + 114
    assert float(row[1]) == 15_700_000_000 + 6_000_000 + 4_100_000_000
