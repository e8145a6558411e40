"""Parsing in worker processes changes nothing but the speed."""

from __future__ import annotations

from pathlib import Path

from etl.pipeline import run_load
from tests.conftest import SAMPLES
from tests.warehouse_fingerprint import fingerprint

CORPUS = Path(__file__).resolve().parent / "corpus"


def test_two_workers_load_what_one_process_loads(warehouse_url, tmp_path):
    serial_url = f"sqlite:///{tmp_path / 'serial.sqlite'}"
    serial = run_load([str(CORPUS), str(SAMPLES)], database_url=serial_url, jobs=1)
    parallel = run_load([str(CORPUS), str(SAMPLES)], database_url=warehouse_url, jobs=2)
    assert parallel.statuses == serial.statuses
    assert parallel.findings == serial.findings
    assert fingerprint(warehouse_url) == fingerprint(serial_url)


def test_rerun_with_workers_skips_every_document_as_unchanged(warehouse_url):
    first = run_load([str(CORPUS)], database_url=warehouse_url, jobs=2)
    again = run_load([str(CORPUS)], database_url=warehouse_url, jobs=2)
    assert again.statuses["unchanged"] == sum(first.statuses.values())
    assert again.rows == first.rows
