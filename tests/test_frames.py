"""etl.frames: the contract views as typed DataFrames, on both databases; the README's example runs."""

from __future__ import annotations

import contextlib
import io
import re
from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pytest

from etl.db import ConfigurationError
from etl.frames import read_accounts, read_frame, read_ownership
from etl.pipeline import run_load
from tests.conftest import REPO_ROOT, SEED
from tests.warehouse_queries import rows, scalar

CORPUS = REPO_ROOT / "tests" / "corpus"
DECIMAL = pd.ArrowDtype(pa.decimal128(20, 2))


@pytest.fixture(scope="module")
def corpus_sqlite(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('frames') / 'warehouse.sqlite'}"
    run_load([str(CORPUS)], database_url=url)
    return url


def test_accounts_are_typed_and_keep_every_null(warehouse_url):
    run_load([str(CORPUS)], database_url=warehouse_url)
    accounts = read_accounts(warehouse_url)
    assert len(accounts) == scalar(warehouse_url, "SELECT COUNT(*) FROM manager_accounts")
    for name in ("num_accounts", "perf_num_accounts", "cik", "filing_id", "manager_id", "line_start"):
        assert accounts[name].dtype == pd.Int64Dtype(), name
    for name in ("total_assets_usd", "perf_total_assets_usd"):
        assert accounts[name].dtype == DECIMAL, name
    for name in ("as_of_date", "filed_date", "document_date"):
        assert accounts[name].dtype == "datetime64[ns]", name
    for name in ("num_accounts", "total_assets_usd", "as_of_date", "fund", "adviser"):
        nulls = scalar(warehouse_url, f"SELECT COUNT(*) FROM manager_accounts WHERE {name} IS NULL")
        assert accounts[name].isna().sum() == nulls, name
    assert scalar(warehouse_url, "SELECT COUNT(*) FROM manager_accounts WHERE num_accounts IS NULL") > 0


def test_decimal_money_sums_to_the_exact_cent_and_float_money_rounds_back_to_it(corpus_sqlite):
    exact = read_accounts(corpus_sqlite).total_assets_usd.sum()
    stored = rows(corpus_sqlite, "SELECT total_assets_usd FROM account_categories WHERE total_assets_usd IS NOT NULL")
    assert isinstance(exact, Decimal)
    assert exact == sum((Decimal(str(v)).quantize(Decimal("0.01")) for (v,) in stored), Decimal(0))
    floats = read_accounts(corpus_sqlite, money="float").total_assets_usd
    assert floats.dtype == "float64"
    decimals = read_accounts(corpus_sqlite).total_assets_usd
    assert all(Decimal(str(round(f, 2))) == d for f, d in zip(floats, decimals) if not pd.isna(d))


def test_ownership_keeps_an_open_range_open(corpus_sqlite):
    ownership = read_ownership(corpus_sqlite)
    open_ranges = scalar(corpus_sqlite, "SELECT COUNT(*) FROM manager_ownership WHERE range_high_usd IS NULL")
    assert open_ranges > 0 and ownership.range_high_usd.isna().sum() == open_ranges
    assert ownership.range_low_usd.notna().all()


def test_two_reads_give_equal_frames_and_any_exported_table_reads(corpus_sqlite):
    pd.testing.assert_frame_equal(read_accounts(corpus_sqlite), read_accounts(corpus_sqlite))
    assert len(read_frame("managers", corpus_sqlite)) == scalar(corpus_sqlite, "SELECT COUNT(*) FROM managers")


def test_a_missing_warehouse_or_a_bad_money_rule_is_said_plainly(tmp_path, corpus_sqlite):
    with pytest.raises(ConfigurationError, match="no warehouse at"):
        read_accounts(f"sqlite:///{tmp_path / 'absent.sqlite'}")
    assert not (tmp_path / "absent.sqlite").exists()
    with pytest.raises(ValueError, match="money="):
        read_accounts(corpus_sqlite, money="cents")


def test_the_readme_example_runs_on_the_loaded_sample(tmp_path, monkeypatch):
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- pandas example:[^\n]*-->\n```python\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    code = block.group(1)
    assert len(code.strip().splitlines()) == 5
    monkeypatch.chdir(tmp_path)
    run_load([str(SEED)], database_url="sqlite:///pmdw.sqlite")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - the README's own example
    assert "David Dreman" in printed.getvalue() and "4100000000.00" in printed.getvalue()
