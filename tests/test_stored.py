"""A worker asks what the warehouse holds for a document on the database driver alone
(etl.stored), not through SQLAlchemy: the answers must be the writer's (WarehouseLoader.stored),
on both databases, and a worker's modules must not import SQLAlchemy, the models or Alembic."""

from __future__ import annotations

import subprocess
import sys

from etl.db import ensure_schema
from etl.load import WarehouseLoader
from etl.pipeline import run_load
from etl.stored import DriverLookup, Recipe, SqlAlchemyLookup, connection_recipe, lookup
from tests.conftest import REPO_ROOT, SAMPLES
from tests.warehouse_queries import scalar


def test_the_drivers_answers_are_the_writers(warehouse_url):
    run_load([str(SAMPLES)], database_url=warehouse_url)
    engine = ensure_schema(warehouse_url)
    loader = WarehouseLoader(engine)
    count = scalar(warehouse_url, "SELECT COUNT(*) FROM filings")
    with engine.connect() as connection:
        keys = [row[0] for row in connection.exec_driver_sql("SELECT identity_key FROM filings")]
    assert len(keys) == count > 0
    keys += ["0000000000-00-000000/absent.htm", "path:/nowhere", "it's \"quoted\" %s ?"]
    recipe = connection_recipe(engine)
    for asked in (lookup(recipe), SqlAlchemyLookup(Recipe("sqlalchemy", (warehouse_url,)))):
        try:
            for key in keys:
                assert asked.stored(key) == loader.stored(key), key
        finally:
            asked.close()
    assert isinstance(lookup(recipe), DriverLookup)
    assert sum(loader.stored(key) is not None for key in keys) == count
    loader.close()
    engine.dispose()


def test_a_driver_it_does_not_know_is_asked_through_sqlalchemy():
    class Dialect:
        driver = "someotherdriver"

    class Engine:
        dialect = Dialect()

        class url:  # noqa: N801 (as SQLAlchemy's URL answers)
            @staticmethod
            def render_as_string(hide_password: bool) -> str:
                return "sqlite:///elsewhere.sqlite"

    recipe = connection_recipe(Engine())
    assert recipe == Recipe("sqlalchemy", ("sqlite:///elsewhere.sqlite",))


def test_a_worker_imports_neither_sqlalchemy_nor_alembic():
    code = ("import sys, etl.workers, etl.prepare; "
            "print(sorted({name.split('.')[0] for name in sys.modules} & "
            "{'sqlalchemy', 'alembic', 'models', 'psycopg', 'pandas', 'rich'}))")
    output = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True,
                            check=True).stdout
    assert output.strip() == "[]"
