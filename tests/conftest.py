"""Test set-up: where test data lives, and one fresh warehouse per test on each database.

Every database test runs twice: on an SQLite file and on a throwaway PostgreSQL server that
this module starts for the session and stops afterwards. PostgreSQL tests never skip in CI;
elsewhere they may be skipped only by setting PMDW_TEST_POSTGRES=skip.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from tests.postgres_server import PostgresServer, PostgresUnavailable

REPO_ROOT = Path(__file__).resolve().parents[1]
TEST_DATA = Path(__file__).resolve().parent / "data"
SAMPLES = REPO_ROOT / "samples"
SEED = SAMPLES / "edgar/data/1126087/000090873706000882/dec20.txt"
FEE_CHANGE_SUPPLEMENT = TEST_DATA / "fee_change_supplement.txt"

_database_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server():
    if os.environ.get("PMDW_TEST_POSTGRES") == "skip" and os.environ.get("CI") != "true":
        pytest.skip("PMDW_TEST_POSTGRES=skip")
    try:
        server = PostgresServer().start()
    except PostgresUnavailable as error:
        pytest.fail(f"cannot start the test PostgreSQL server: {error}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def warehouse_url(request, tmp_path) -> str:
    """The URL of a new, empty warehouse (no schema yet)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'warehouse.sqlite'}"
    server = request.getfixturevalue("postgres_server")
    return server.create_database(f"pmdw_test_{os.getpid()}_{next(_database_names)}")


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """The seed under its EDGAR archive path in a scratch directory, free to be edited."""
    target = tmp_path / "edgar/data/1126087/000090873706000882/dec20.txt"
    target.parent.mkdir(parents=True)
    target.write_bytes(SEED.read_bytes())
    return target


# --- hypothesis (tests/test_properties.py) ----------------------------------------------------
# "ci", the default: a fixed seed (derandomize), no deadline, no example database written
# anywhere. HYPOTHESIS_PROFILE=deep draws fresh random examples on each run;
# PMDW_HYPOTHESIS_EXAMPLES=N runs N examples per property instead of each property's CI budget.
import tempfile

from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

# hypothesis caches what it learns of the code (constants) in its home: outside the checkout
set_hypothesis_home_dir(os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY")
                        or Path(tempfile.gettempdir()) / "pmdw-hypothesis")

settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", derandomize=False, database=None, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# --- the headless browser (tests/browser.py) --------------------------------------------------
from tests.browser import browser, screenshot_failure  # noqa: F401  (the fixture)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    screenshot_failure(item, outcome.get_result())
