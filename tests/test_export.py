"""pmdw export: exact types, NULL kept NULL, the dictionary beside the data, byte-identical files
across runs and across databases, clear errors."""

from __future__ import annotations

import csv
import re
import sqlite3
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from etl import db
from etl.cli import main
from etl.export import (
    DICTIONARY_FILE,
    EXPORTED,
    SQLITE_FILE,
    exported_entry,
    read_extract,
)
from etl.pipeline import run_load
from tests.conftest import REPO_ROOT, SEED
from tests.warehouse_queries import rows, scalar

CORPUS = REPO_ROOT / "tests" / "corpus"
MONEY = re.compile(r"-?\d+\.\d\d")
DATE = re.compile(r"\d{4}-\d\d-\d\d")


def export(url: str, fmt: str, out: Path) -> Path:
    result = CliRunner().invoke(main, ["export", "--format", fmt, "--out", str(out), "--db", url],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.fixture(scope="module")
def corpus_sqlite(tmp_path_factory) -> str:
    """tests/corpus loaded into an SQLite warehouse: many managers, categories, funds and NULLs."""
    url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'warehouse.sqlite'}"
    run_load([str(CORPUS)], database_url=url)
    return url


@pytest.fixture(scope="module")
def corpus_exports(corpus_sqlite, tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("exports")
    return {fmt: export(corpus_sqlite, fmt, base / fmt) for fmt in ("parquet", "csv")}


def test_the_corpus_gives_the_exports_something_to_hold(corpus_sqlite):
    assert scalar(corpus_sqlite, "SELECT COUNT(*) FROM manager_accounts") > 500
    assert scalar(corpus_sqlite, "SELECT COUNT(*) FROM manager_accounts WHERE num_accounts IS NULL") > 0
    assert scalar(corpus_sqlite, "SELECT COUNT(*) FROM manager_ownership WHERE range_high_usd IS NULL") > 0


def test_parquet_has_exact_types_and_keeps_every_null(corpus_sqlite, corpus_exports):
    for name in EXPORTED:
        table = pq.read_table(corpus_exports["parquet"] / f"{name}.parquet")
        described = exported_entry(name)
        assert table.column_names == [c.name for c in described.columns]
        for c in described.columns:
            arrow_type = table.schema.field(c.name).type
            if c.unit == "USD":
                assert arrow_type == pa.decimal128(20, 2), f"{name}.{c.name}"
            if c.type == "DATE":
                assert arrow_type == pa.date32(), f"{name}.{c.name}"
            nulls = scalar(corpus_sqlite, f"SELECT COUNT(*) FROM {name} WHERE {c.name} IS NULL")
            assert table.column(c.name).null_count == nulls, f"{name}.{c.name}"
        assert table.num_rows == scalar(corpus_sqlite, f"SELECT COUNT(*) FROM {name}")


def test_parquet_money_is_the_warehouse_money_to_the_cent(corpus_sqlite, corpus_exports):
    table = pq.read_table(corpus_exports["parquet"] / "manager_accounts.parquet")
    exported = sum((v for v in table.column("total_assets_usd").to_pylist() if v is not None), Decimal(0))
    stored = rows(corpus_sqlite, "SELECT total_assets_usd FROM account_categories WHERE total_assets_usd IS NOT NULL")
    assert exported == sum((Decimal(str(v)).quantize(Decimal("0.01")) for (v,) in stored), Decimal(0))


def test_csv_prints_decimals_and_iso_dates_and_null_as_an_empty_field(corpus_sqlite, corpus_exports):
    for name in EXPORTED:
        with open(corpus_exports["csv"] / f"{name}.csv", encoding="utf-8", newline="") as handle:
            read = list(csv.DictReader(handle))
        assert len(read) == scalar(corpus_sqlite, f"SELECT COUNT(*) FROM {name}")
        for c in exported_entry(name).columns:
            values = [row[c.name] for row in read]
            nulls = scalar(corpus_sqlite, f"SELECT COUNT(*) FROM {name} WHERE {c.name} IS NULL")
            if c.unit in ("USD", "date") or c.type in ("INTEGER", "BIGINT"):
                assert values.count("") == nulls, f"{name}.{c.name}"
            pattern = MONEY if c.unit == "USD" else DATE if c.type == "DATE" else None
            if pattern:
                assert all(pattern.fullmatch(v) for v in values if v), f"{name}.{c.name}: {values[:5]}"


def test_csv_tells_an_empty_text_from_null(corpus_exports):
    text = (corpus_exports["csv"] / "managers.csv").read_text(encoding="utf-8")
    assert ',"",' in text  # a manager without a middle name: empty text, not NULL


def test_the_dictionary_file_describes_every_exported_column(corpus_exports):
    for fmt, directory in corpus_exports.items():
        with open(directory / DICTIONARY_FILE, encoding="utf-8", newline="") as handle:
            described = list(csv.DictReader(handle))
        for name in EXPORTED:
            columns = [row["column"] for row in described if row["table"] == name and row["column"]]
            assert columns == [c.name for c in exported_entry(name).columns], (fmt, name)
        assert all(row["description"] for row in described)
        ids = {(row["table"], row["column"]): row["description"] for row in described}
        for said in (ids[("filings", "id")], ids[("manager_accounts", "filing_id")], ids[("funds", "registrant_id")]):
            assert "the export's own number" in said
        assert {row["unit"] for row in described if row["column"] == "total_assets_usd"} == {"USD"}


def test_filings_leave_out_when_they_were_loaded(corpus_exports):
    header = (corpus_exports["csv"] / "filings.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "loaded_at" not in header and "load_run_id" not in header and "source_path" in header


@pytest.mark.parametrize("fmt", ["parquet", "csv", "sqlite"])
def test_the_same_warehouse_exports_the_same_bytes(corpus_sqlite, tmp_path, fmt):
    first = files(export(corpus_sqlite, fmt, tmp_path / "first"))
    second = files(export(corpus_sqlite, fmt, tmp_path / "second"))
    assert first == second


def test_sqlite_and_postgresql_loads_of_the_same_documents_export_the_same_files(
        warehouse_url, corpus_exports, tmp_path):
    run_load([str(CORPUS)], database_url=warehouse_url)
    for fmt in ("parquet", "csv"):
        exported = files(export(warehouse_url, fmt, tmp_path / fmt))
        assert exported.keys() == files(corpus_exports[fmt]).keys()
        for name, content in files(corpus_exports[fmt]).items():
            assert exported[name] == content, f"{fmt}/{name} differs from the SQLite warehouse's"
    again = files(export(warehouse_url, "sqlite", tmp_path / "sqlite-1"))
    assert again == files(export(warehouse_url, "sqlite", tmp_path / "sqlite-2"))


def test_the_sqlite_export_is_a_whole_warehouse_at_head(warehouse_url, tmp_path):
    run_load([str(CORPUS)], database_url=warehouse_url)
    out = export(warehouse_url, "sqlite", tmp_path / "out")
    copy = f"sqlite:///{out / SQLITE_FILE}"
    source, target = db.create_warehouse_engine(warehouse_url), db.create_warehouse_engine(copy)
    try:
        assert db.current_revision(target) == db.head_revision()
        for name in EXPORTED:
            assert read_extract(target, name).rows == read_extract(source, name).rows, name
        for name in ("account_categories", "ownership_ranges", "disclosure_texts", "load_runs",
                     "manager_latest_disclosure"):
            assert scalar(copy, f"SELECT COUNT(*) FROM {name}") == scalar(warehouse_url, f"SELECT COUNT(*) FROM {name}")
    finally:
        source.dispose()
        target.dispose()
    result = CliRunner().invoke(main, ["query", "latest_disclosures", "--db", copy, "--csv"])
    assert result.exit_code == 0 and result.output.count("\n") > 1, result.output
    with sqlite3.connect(out / SQLITE_FILE) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# --- errors ----------------------------------------------------------------------------------


def test_no_warehouse_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["export", "--format", "csv", "--out", str(tmp_path / "out"),
                                       "--db", f"sqlite:///{tmp_path / 'absent.sqlite'}"])
    assert result.exit_code == 2 and "no warehouse at" in result.output
    assert not (tmp_path / "absent.sqlite").exists() and not (tmp_path / "out").exists()


def test_an_empty_warehouse_is_a_usage_error(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    db.upgrade(url)
    result = CliRunner().invoke(main, ["export", "--format", "parquet", "--out", str(tmp_path / "out"), "--db", url])
    assert result.exit_code == 2 and "holds no filings" in result.output


def test_an_unwritable_directory_is_a_usage_error_naming_it(corpus_sqlite, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = CliRunner().invoke(main, ["export", "--format", "csv", "--out", str(blocker / "out"),
                                       "--db", corpus_sqlite])
    assert result.exit_code == 2 and f"cannot write to {blocker / 'out'}" in result.output


def test_the_command_offers_the_formats_the_library_writes():
    from etl.cli import export_command
    from etl.export import FORMATS
    assert export_command.FORMATS == FORMATS


def test_an_unknown_format_is_a_usage_error(corpus_sqlite, tmp_path):
    result = CliRunner().invoke(main, ["export", "--format", "xlsx", "--out", str(tmp_path), "--db", corpus_sqlite])
    assert result.exit_code == 2 and "xlsx" in result.output


def test_an_export_reads_one_state_of_the_warehouse_while_a_load_writes(warehouse_url):
    """PostgreSQL: a row committed during the export is not seen by it. SQLite: a writer cannot
    commit until the export's read ends (it waits, up to its busy timeout)."""
    from sqlalchemy import create_engine, text

    from etl.export import snapshot
    run_load([str(SEED)], database_url=warehouse_url)
    engine, writer = db.create_warehouse_engine(warehouse_url), create_engine(warehouse_url)
    insert = "INSERT INTO registrants (name, name_key) VALUES ('Late Trust', 'late trust')"
    count = "SELECT COUNT(*) FROM registrants"
    try:
        with snapshot(engine) as connection:
            before = connection.execute(text(count)).scalar()
            if engine.dialect.name == "sqlite":
                raw = sqlite3.connect(make_url(warehouse_url).database, timeout=0.2)
                try:
                    raw.execute(insert)
                    with pytest.raises(sqlite3.OperationalError, match="locked"):
                        raw.commit()
                finally:
                    raw.close()
            else:
                with writer.begin() as other:
                    other.execute(text(insert))
            assert connection.execute(text(count)).scalar() == before
    finally:
        engine.dispose()
        writer.dispose()
