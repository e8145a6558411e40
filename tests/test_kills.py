"""A `pmdw load` stopped from outside: killed with SIGKILL (its workers must not survive it,
whenever it dies) or interrupted with Ctrl-C (it stops at once, without waiting for a busy
worker, and the run is recorded as interrupted even after a second Ctrl-C).

These tests start real processes and kill them at several moments, so they take a while
(about a second and a half per kill on two cores)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from etl.db import upgrade
from tests.slow_inputs import worker_pids, write_slow_files
from tests.warehouse_queries import scalar

PMDW = str(Path(sys.executable).with_name("pmdw"))


@pytest.fixture(scope="module")
def slow(tmp_path_factory) -> Path:
    """Files that take each worker several seconds: sixteen statements of 6 MB, about 0.65 s each
    to parse here (parser 4.3.0), eight a worker. (Six took 2 s in all once the parse got faster,
    and the tests that stop the load after 2.5 s found it done.)"""
    folder = tmp_path_factory.mktemp("slow")
    write_slow_files(folder, 16, megabytes=6)
    return folder


@pytest.fixture
def warehouse(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    upgrade(url)  # the schema exists: workers start as soon as the command has imported
    return url


def start(url: str, folder: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen([PMDW, "load", "--jobs", "2", *options, str(folder), "--db", url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_workers(process: subprocess.Popen, timeout: float = 60) -> float:
    deadline = time.monotonic() + timeout
    while not worker_pids(process.pid):
        assert process.poll() is None and time.monotonic() < deadline, "no worker started"
        time.sleep(0.005)
    return time.monotonic()


def assert_no_survivors(pid: int, within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while worker_pids(pid):
        assert time.monotonic() < deadline, f"workers of {pid} still alive: {worker_pids(pid)}"
        time.sleep(0.05)


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)


@pytest.mark.parametrize("after_start", [0.3, 0.7])
def test_no_worker_survives_a_kill_early_in_start_up(warehouse, slow, after_start):
    process = start(warehouse, slow)
    time.sleep(after_start)
    kill(process)
    assert_no_survivors(process.pid)


@pytest.mark.parametrize("after_spawn", [0.0, 0.02, 0.1, 0.3, 0.6])
def test_no_worker_survives_a_kill_while_workers_start(warehouse, slow, after_spawn):
    process = start(warehouse, slow)
    wait_for_workers(process)
    time.sleep(after_spawn)
    kill(process)
    assert_no_survivors(process.pid)


def test_no_worker_survives_a_kill_during_work(warehouse, slow):
    process = start(warehouse, slow)
    wait_for_workers(process)
    time.sleep(2.5)  # imported, and parsing
    assert process.poll() is None
    kill(process)
    assert_no_survivors(process.pid)


def last_run_outcome(url: str) -> str:
    return scalar(url, "SELECT outcome FROM load_runs ORDER BY id DESC")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_or_sigterm_stops_at_once_without_waiting_for_the_busy_workers(warehouse, slow, stop):
    process = start(warehouse, slow)
    wait_for_workers(process)
    time.sleep(2.5)  # both workers are parsing documents that take seconds
    asked = time.monotonic()
    process.send_signal(stop)
    _, err = process.communicate(timeout=60)
    assert time.monotonic() - asked < 2.0, "waited for a busy worker"
    assert process.returncode == 130 and "interrupted" in err and "Traceback" not in err
    assert last_run_outcome(warehouse) == "interrupted"
    assert_no_survivors(process.pid, within=1.0)


@pytest.mark.parametrize("gap", [0.0, 0.01, 0.05])
def test_a_second_ctrl_c_during_shutdown_still_records_the_run_as_interrupted(warehouse, slow, gap):
    process = start(warehouse, slow)
    wait_for_workers(process)
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    time.sleep(gap)
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "Traceback" not in err, err
    assert last_run_outcome(warehouse) == "interrupted"
