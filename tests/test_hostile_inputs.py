"""Every hostile case of tests/hostile.py in one folder with the sample, loaded by one `pmdw load`
in a child process: the sample loads, each hostile file is quarantined or loaded with a reason,
no traceback, and the largest process stays within a memory bound (its own ``ru_maxrss``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.hostile import limit_options, write_hostile_folder

# The sample alone peaks near 130 MB in a writer and 100 MB in a worker on this machine; the
# bound leaves room for the interpreter's variation, and is far below what a bomb costs.
MAX_RSS_BYTES = 400 * 2**20

_MEASURED_RUN = textwrap.dedent("""
    import json, resource, subprocess, sys
    done = subprocess.run(sys.argv[1:], capture_output=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps({"rc": done.returncode, "peak": peak,
                      "stdout": done.stdout.decode("utf-8", "backslashreplace"),
                      "stderr": done.stderr.decode("utf-8", "backslashreplace")}))
""")


def _load(folder: Path, database: Path, jobs: int) -> dict:
    pmdw = Path(sys.executable).with_name("pmdw")  # the installed command, as a user runs it
    command = [str(pmdw), "load", str(folder), "--db", f"sqlite:///{database}", "--json", "--jobs", str(jobs),
               *limit_options()]
    done = subprocess.run([sys.executable, "-c", _MEASURED_RUN, *command], capture_output=True, timeout=300,
                          env={**os.environ, "PMDW_LIMITS": ""})
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    expected = write_hostile_folder(folder)
    database = tmp_path_factory.mktemp("warehouse") / "hostile.sqlite"
    return folder, expected, database, _load(folder, database, jobs=2)


def test_a_hostile_folder_loads_the_sample_and_exits_1_without_a_traceback(hostile_run):
    _, _, _, run = hostile_run
    assert run["rc"] == 1, run["stderr"][-3000:]
    assert "Traceback" not in run["stderr"] + run["stdout"]
    summary = json.loads(run["stdout"])
    assert summary["outcome"] == "partial"


def test_every_hostile_file_is_quarantined_with_its_reason_or_loaded(hostile_run):
    folder, expected, database, run = hostile_run
    summary = json.loads(run["stdout"])
    quarantined = {_relative(item["path"], folder): item["reason"] for item in summary["quarantined"]}
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        loaded = {_relative(path, folder): bool(has) for path, has in connection.execute(
            text("SELECT source_path, has_disclosure FROM filings"))}
    engine.dispose()
    wrong = {}
    for name, case in expected.items():
        if case.outcome in ("quarantined", "reported"):
            reason = quarantined.get(name)
            if reason is None or not re.search(case.reason, reason):
                wrong[name] = f"expected {case.outcome} /{case.reason}/, got {reason!r}"
        elif name not in loaded or loaded[name] != (case.outcome == "loaded"):
            wrong[name] = f"expected {case.outcome}, got {loaded.get(name, quarantined.get(name))!r}"
    assert not wrong, wrong


def test_no_secret_file_content_reaches_the_warehouse(hostile_run):
    _, _, database, _ = hostile_run
    assert b"root:" not in database.read_bytes()


def test_the_largest_process_of_a_hostile_load_stays_bounded(hostile_run):
    _, _, _, run = hostile_run
    assert run["peak"] < MAX_RSS_BYTES, f"peak RSS {run['peak'] / 2**20:.0f} MiB"


def _relative(path: str, folder: Path) -> str:
    prefix = str(folder.resolve()) + "/"
    path = path.split("#", 1)[0]
    return path[len(prefix):] if path.startswith(prefix) else path
