"""The one data dictionary (etl/dictionary.py) describes exactly what a migrated warehouse holds:
every table and view, every column, with a meaning; the README's table is its markdown()."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine, inspect

from etl import db
from etl.dictionary import UNITS, entries, entry, markdown
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> dict[str, tuple[str, list[str]]]:
    """A real SQLite warehouse at head: each table and view's kind and column names, in order."""
    url = f"sqlite:///{tmp_path_factory.mktemp('dictionary') / 'warehouse.sqlite'}"
    db.upgrade(url)
    engine = create_engine(url)
    try:
        inspector = inspect(engine)
        found = {name: ("table", [c["name"] for c in inspector.get_columns(name)])
                 for name in inspector.get_table_names()}
        found |= {name: ("view", [c["name"] for c in inspector.get_columns(name)])
                  for name in inspector.get_view_names()}
        return found
    finally:
        engine.dispose()


def test_the_dictionary_covers_exactly_the_tables_and_views_of_a_migrated_warehouse(migrated):
    assert sorted(e.name for e in entries()) == sorted(migrated)
    assert {e.name: e.kind for e in entries()} == {name: kind for name, (kind, _) in migrated.items()}


def test_every_column_of_every_table_and_view_is_described_in_order(migrated):
    for name, (_kind, columns) in migrated.items():
        described = entry(name)
        if described.kind == "view":  # a view's columns are a contract: in order
            assert [c.name for c in described.columns] == columns, name
        else:  # a table's: a later revision adds a column at the end, the model where it reads best
            assert sorted(c.name for c in described.columns) == sorted(columns), name
        assert described.description.strip(), f"{name} has no description"
        for column in described.columns:
            assert column.description.strip(), f"{name}.{column.name} has no description"
            assert column.unit is None or column.unit in UNITS, f"{name}.{column.name}: unit {column.unit!r}"
            assert column.type, f"{name}.{column.name} has no type"


def test_money_and_dates_say_their_unit():
    for table in entries():
        for column in table.columns:
            if column.type.startswith("NUMERIC"):
                assert column.unit == "USD", f"{table.name}.{column.name}"
            if column.type == "DATE":
                assert column.unit == "date", f"{table.name}.{column.name}"


def test_a_nullable_column_says_what_null_means():
    for table in entries():
        for column in table.columns:
            if column.nullable and not column.name.endswith("_id"):
                assert "NULL" in column.description, (
                    f"{table.name}.{column.name} may be NULL but does not say what NULL means")


def test_an_unknown_name_is_a_key_error():
    with pytest.raises(KeyError):
        entry("no_such_table")


def test_the_readme_holds_the_dictionary_as_the_code_defines_it():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- data dictionary -->\n(.*?)\n<!-- /data dictionary -->", readme, re.DOTALL)
    assert table is not None and table.group(1) == markdown(), (
        "README's data dictionary is stale: regenerate it with python -m etl.dictionary")
