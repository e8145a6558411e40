"""Real `pmdw load` processes against a real PostgreSQL server: two at once, one killed with
SIGKILL and re-run, one stopped with Ctrl-C. The warehouse must end as one clean load leaves it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from etl import db
from tests.conftest import SAMPLES
from tests.slow_inputs import write_slow_files
from tests.warehouse_fingerprint import fingerprint

CORPUS = Path(__file__).resolve().parent / "corpus"
PMDW = str(Path(sys.executable).with_name("pmdw"))


@pytest.fixture
def pg_url(postgres_server, request):
    name = f"pmdw_conc_{os.getpid()}_{abs(hash(request.node.name)) % 10**8}"
    return postgres_server.create_database(name)


def start(url: str, *paths: str) -> subprocess.Popen:
    env = {**os.environ, "PMDW_DATABASE_URL": url}
    return subprocess.Popen([PMDW, "load", "--json", *paths], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def reference(postgres_server, *paths: str) -> dict:
    url = postgres_server.create_database(f"pmdw_ref_{os.getpid()}_{time.monotonic_ns() % 10**9}")
    process = start(url, *paths)
    process.communicate(timeout=600)
    return fingerprint(url)


def filings_loaded(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT COUNT(*) FROM filings")).scalar_one()
    except Exception:  # the schema may not exist yet
        return 0
    finally:
        engine.dispose()


def wait_for_filings(url: str, count: int, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while filings_loaded(url) < count:
        assert process.poll() is None, "the load finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.05)


@pytest.fixture(scope="module")
def slow_inputs(tmp_path_factory) -> Path:
    """Large documents first (sorted names), so a load takes seconds and can be interrupted:
    their filler names the portfolio manager everywhere, so all of it is parsed. Sixteen of
    6 MB, about 0.65 s each here (parser 4.3.0): of 1.5 MB, the faster parser had loaded them all
    by the time the first filing was committed, and Ctrl-C found the load done."""
    folder = tmp_path_factory.mktemp("slow")
    write_slow_files(folder, 16, megabytes=6)
    return folder


def test_two_loads_at_once_on_overlapping_inputs_equal_one_load(pg_url, postgres_server):
    first = start(pg_url, str(CORPUS), str(SAMPLES))
    second = start(pg_url, str(CORPUS))
    outputs = [p.communicate(timeout=600) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert fingerprint(pg_url) == reference(postgres_server, str(CORPUS), str(SAMPLES))


def test_load_killed_part_way_then_rerun_equals_a_clean_load(pg_url, postgres_server, slow_inputs):
    process = start(pg_url, str(slow_inputs), str(CORPUS))
    wait_for_filings(pg_url, 3, process)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert 0 < filings_loaded(pg_url)

    rerun = start(pg_url, str(slow_inputs), str(CORPUS))
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert fingerprint(pg_url) == reference(postgres_server, str(slow_inputs), str(CORPUS))


def test_ctrl_c_stops_cleanly_says_where_and_exits_non_zero(pg_url, slow_inputs):
    process = start(pg_url, str(slow_inputs))
    wait_for_filings(pg_url, 1, process)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "interrupted" in err and "re-run the same command to continue" in err
    assert "stopped at" in err
    engine = create_engine(pg_url)
    with engine.connect() as connection:
        outcome = connection.execute(text("SELECT outcome FROM load_runs ORDER BY id DESC")).scalar()
        open_transactions = connection.execute(text(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'")).scalar()
    engine.dispose()
    assert outcome == "interrupted" and open_transactions == 0


def test_postgresql_keeps_one_manager_when_the_adviser_is_unknown(pg_url):
    db.upgrade(pg_url)
    engine = create_engine(pg_url)
    insert = text("INSERT INTO managers (adviser_id, full_name, given_name, middle_name, family_name, "
                  "suffix, name_key) VALUES (NULL, 'Jane Roe', 'Jane', '', 'Roe', '', 'roe|jane|')")
    with engine.begin() as connection:
        connection.execute(insert)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(insert)
    engine.dispose()
