"""Creating the schema of a new SQLite warehouse is atomic and serialized: a load killed while
it creates the schema leaves a file the next load brings to the head, and loads started at
once into a new file all succeed. (They start real processes: a few seconds each.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from etl.pipeline import run_load
from tests.conftest import SAMPLES

PMDW = str(Path(sys.executable).with_name("pmdw"))
CORPUS = Path(__file__).resolve().parent / "corpus"


def start(database: Path, *paths: str) -> subprocess.Popen:
    return subprocess.Popen([PMDW, "load", "--jobs", "1", "--json", *paths, "--db", f"sqlite:///{database}"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def count(database: Path, sql: str) -> int:
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        value = connection.execute(text(sql)).scalar_one()
    engine.dispose()
    return value


@pytest.mark.parametrize("after_created", [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.65, 0.8])
def test_a_load_killed_while_it_creates_the_schema_leaves_a_file_the_next_load_completes(tmp_path, after_created):
    database = tmp_path / "new.sqlite"
    process = start(database, str(SAMPLES))
    deadline = time.monotonic() + 60
    while not database.exists() and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.002)
    time.sleep(after_created)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)

    summary = run_load([str(SAMPLES)], database_url=f"sqlite:///{database}")
    assert summary.exit_code == 0
    assert count(database, "SELECT COUNT(*) FROM filings") == 1


def test_loads_started_at_once_into_a_new_file_all_succeed_and_load_everything(tmp_path):
    database = tmp_path / "new.sqlite"
    processes = [start(database, str(SAMPLES), str(CORPUS)) for _ in range(3)]
    outputs = [process.communicate(timeout=600) for process in processes]
    for process, (_, err) in zip(processes, outputs):
        assert process.returncode in (0, 1), err
        assert "Traceback" not in err and "already exists" not in err, err
    reference = tmp_path / "reference.sqlite"
    run_load([str(SAMPLES), str(CORPUS)], database_url=f"sqlite:///{reference}")
    sql = "SELECT COUNT(*) FROM filings"
    assert count(database, sql) == count(reference, sql) > 100
