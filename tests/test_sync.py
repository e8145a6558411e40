"""`pmdw sync` against a real HTTP server on 127.0.0.1 serving an EDGAR tree built from the
labeled corpus (tests/edgar_fixture.py), into real warehouses (SQLite and PostgreSQL).

Requests are counted at the server; what was loaded is checked in the warehouse, against the
corpus labels and against one clean `pmdw load` of the same files."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from etl.cli import main
from etl.pipeline import run_load
from etl.sync.fetch import EdgarClient, FetchSettings
from etl.sync.index import daily_index, full_index
from etl.sync.runner import SyncOptions, Syncer
from tests.edgar_fixture import (
    DAY_ONE,
    DAY_THREE,
    DAY_TWO,
    FILINGS,
    HOLIDAY,
    SUBMISSION_2009,
    build_edgar_tree,
    expected_rows,
    publish_day,
    publish_full_index,
)
from tests.edgar_server import EdgarTestServer, Fault
from tests.warehouse_fingerprint import fingerprint

USER_AGENT = "Pmdw Tests pmdw-tests@example.com"
PMDW = str(Path(sys.executable).with_name("pmdw"))
DAILY = [daily_index(day).path for day in (DAY_ONE, DAY_TWO, DAY_THREE)]


@pytest.fixture
def edgar(tmp_path):
    server = EdgarTestServer(build_edgar_tree(tmp_path / "edgar-root")).start()
    yield server
    server.stop()


@pytest.fixture
def archive(tmp_path) -> Path:
    return tmp_path / "archive"


def sync_args(server: EdgarTestServer, url: str, archive: Path, *args: str) -> list[str]:
    return ["sync", "--db", url, "--edgar-url", server.url, "--archive", str(archive), "--retry-base", "0.05",
            *args]


def pmdw_sync(server, url, archive, *args, env=None):
    environment = {"PMDW_USER_AGENT": USER_AGENT, **(env or {})}
    return CliRunner().invoke(main, sync_args(server, url, archive, *args), env=environment, catch_exceptions=False)


def start_sync(server, url, archive, *args) -> subprocess.Popen:
    """A real `pmdw sync` process."""
    return subprocess.Popen([PMDW, *sync_args(server, url, archive, *args)],
                            env={**os.environ, "PMDW_USER_AGENT": USER_AGENT},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def scalar(url: str, sql: str):
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def rows(url: str, sql: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.execute(text(sql))]
    finally:
        engine.dispose()


def warehouse_rows(url: str) -> dict[str, int]:
    return {table: scalar(url, f"SELECT COUNT(*) FROM {table}")
            for table in ("account_categories", "ownership_ranges", "filings")}


def sync_filing_states(url: str) -> dict[str, str]:
    return dict(rows(url, "SELECT accession_number, status FROM sync_filings"))


def clean_load_fingerprint(archive: Path, tmp_path: Path) -> dict:
    """The warehouse one plain `pmdw load` of the archived files makes."""
    url = f"sqlite:///{tmp_path / 'reference.sqlite'}"
    run_load([str(archive / "edgar/data")], database_url=url)
    return fingerprint(url)


def wait_until(condition, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"the sync ended first: {process.communicate()}"
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.1)


def table_exists_and(url: str, sql: str) -> int:
    try:
        return scalar(url, sql) or 0
    except Exception:  # the schema may not be there yet
        return 0


# --- the whole flow -----------------------------------------------------------------------------


def test_sync_loads_every_fixture_filing_and_a_second_run_fetches_nothing(warehouse_url, edgar, archive, tmp_path):
    result = pmdw_sync(edgar, warehouse_url, archive, "--since", f"{DAY_ONE}", "--until", f"{HOLIDAY}")
    assert result.exit_code == 0, result.output
    assert "loaded: 5, failed: 0" in result.stdout

    assert warehouse_rows(warehouse_url) == expected_rows(FILINGS)
    assert sync_filing_states(warehouse_url) == {f.accession_number: "loaded" for f in FILINGS}
    # each submission fetched once; the co-registrant's listing and other forms never
    assert sorted(edgar.paths(prefix="Archives/edgar/data/")) == sorted(f.url_path for f in FILINGS)
    assert sorted(edgar.paths(200, "Archives/edgar/daily-index/")) == sorted(DAILY)
    assert edgar.paths(404) == [daily_index(HOLIDAY).path]  # the holiday, recorded as absent
    assert {r.user_agent for r in edgar.requests} == {USER_AGENT}
    for filing in FILINGS:
        assert (archive / filing.archive_path).is_file()
    assert not list(archive.rglob("*.part"))
    assert fingerprint(warehouse_url) == clean_load_fingerprint(archive, tmp_path)

    edgar.clear_log()
    again = pmdw_sync(edgar, warehouse_url, archive, "--since", f"{DAY_ONE}", "--until", f"{HOLIDAY}")
    assert again.exit_code == 0, again.output
    assert edgar.requests == []
    assert "index files read: 0; filings listed: 0, fetched: 0, loaded: 0" in again.stdout
    assert warehouse_rows(warehouse_url) == expected_rows(FILINGS)
    assert rows(warehouse_url, "SELECT outcome FROM sync_runs ORDER BY id") == [("succeeded",), ("succeeded",)]


def test_a_run_after_a_new_index_day_fetches_only_its_filings(warehouse_url, tmp_path, archive):
    root = build_edgar_tree(tmp_path / "edgar-root", publish_day_three=False)
    server = EdgarTestServer(root).start()
    try:
        first = pmdw_sync(server, warehouse_url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_TWO}")
        assert first.exit_code == 0, first.output
        publish_day(root, DAY_THREE)  # the next night: a new daily index
        server.clear_log()
        nightly = pmdw_sync(server, warehouse_url, archive, "--until", f"{DAY_THREE}")  # no --since: from the state
    finally:
        server.stop()
    assert nightly.exit_code == 0, nightly.output
    new = [f for f in FILINGS if f.date_filed == DAY_THREE]
    assert server.paths() == [daily_index(DAY_THREE).path] + [f.url_path for f in new]
    assert f"{DAY_THREE}..{DAY_THREE}" in nightly.stdout
    assert warehouse_rows(warehouse_url) == expected_rows(FILINGS)


def test_a_day_not_published_yet_is_read_by_the_next_run_and_a_failed_night_is_caught_up(tmp_path, archive):
    """Through the library with an injected "today": DAY_THREE's index is missing on the night of
    DAY_THREE (not a holiday: too recent), and the night after, the whole sync fails (server down);
    the run after that catches up both."""
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    root = build_edgar_tree(tmp_path / "edgar-root", publish_day_three=False)
    server = EdgarTestServer(root).start()

    def night(today: dt.date, attempts: int = 3):
        client = EdgarClient(FetchSettings(server.url, USER_AGENT, retry_base=0.01, attempts=attempts))
        options = SyncOptions(since=None if today > DAY_THREE else DAY_ONE)
        return Syncer(url, archive, client, options, today=today).run()

    try:
        assert night(DAY_THREE).outcome == "succeeded"
        assert daily_index(DAY_THREE).path in server.paths(404)
        assert scalar(url, "SELECT COUNT(*) FROM sync_index_files WHERE status = 'absent'") == 0
        publish_day(root, DAY_THREE)
        for path in [daily_index(DAY_THREE).path]:
            server.misbehave(path, *[Fault("503")] * 3)  # the night after DAY_THREE: EDGAR down
        failed = night(DAY_THREE + dt.timedelta(days=1))
        assert failed.outcome == "partial" and failed.failures[0][0] == daily_index(DAY_THREE).path
        caught_up = night(DAY_THREE + dt.timedelta(days=2))
    finally:
        server.stop()
    assert caught_up.outcome == "succeeded" and caught_up.since == DAY_THREE
    assert caught_up.filings_loaded == 1
    assert warehouse_rows(url) == expected_rows(FILINGS)


def test_a_growing_full_index_is_read_again_and_only_new_filings_are_listed(tmp_path, archive):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    root = build_edgar_tree(tmp_path / "edgar-root")
    server = EdgarTestServer(root).start()

    def run(today: dt.date):
        client = EdgarClient(FetchSettings(server.url, USER_AGENT, retry_base=0.01))
        return Syncer(url, archive, client, SyncOptions(since=DAY_ONE, index_mode="full"), today=today).run()

    quarter = full_index(2024, 2).path
    try:
        publish_full_index(root, 2024, 2, [DAY_ONE])
        assert run(DAY_TWO).filings_listed == 2
        grown = publish_full_index(root, 2024, 2, [DAY_ONE, DAY_TWO])
        os.utime(grown, (time.time() + 60, time.time() + 60))  # a newer Last-Modified
        server.clear_log()
        second = run(DAY_THREE)
        assert second.filings_listed == 2 and second.filings_loaded == 2
        assert server.paths(200, "Archives/edgar/full-index/") == [quarter]
        server.clear_log()
        third = run(DAY_THREE + dt.timedelta(days=1))  # unchanged since: 304, nothing new
    finally:
        server.stop()
    assert server.paths() == [quarter] and server.requests[0].status == 304
    assert third.filings_listed == 0 and third.outcome == "succeeded"
    assert warehouse_rows(url)["account_categories"] == expected_rows(
        f for f in FILINGS if f.date_filed <= DAY_TWO)["account_categories"]


def test_full_index_of_a_past_quarter_master_gzipped(edgar, archive, tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    args = ("--since", "2009-04-01", "--until", "2009-06-30", "--index-kind", "master", "--gzip-index")
    result = pmdw_sync(edgar, url, archive, *args)
    assert result.exit_code == 0, result.output
    # auto: one full index for the whole past quarter instead of its 65 daily ones
    assert edgar.paths() == [full_index(2009, 2, "master", gzipped=True).path, SUBMISSION_2009.url_path]
    assert warehouse_rows(url) == expected_rows([SUBMISSION_2009])
    assert rows(url, "SELECT accession_number, cik, form_type FROM filings WHERE has_disclosure") == [
        (SUBMISSION_2009.accession_number, SUBMISSION_2009.cik, "497")]
    edgar.clear_log()
    assert pmdw_sync(edgar, url, archive, *args).exit_code == 0
    assert edgar.requests == []


# --- a misbehaving server -----------------------------------------------------------------------


def test_misbehaving_server_every_filing_still_loads_exactly_once(warehouse_url, edgar, archive, tmp_path):
    gz_one, gz_two = (daily_index(day, gzipped=True).path for day in (DAY_ONE, DAY_TWO))
    one, two, three, four, five = (f.url_path for f in FILINGS)
    edgar.misbehave(gz_one, Fault("truncate", 0.6))  # a truncated gzip
    edgar.misbehave(gz_two, Fault("429", 1))  # Retry-After: 1
    edgar.misbehave(one, Fault("503"), Fault("503"))
    edgar.misbehave(two, Fault("drop"))  # connection dropped mid-body
    edgar.misbehave(three, Fault("429", 1, http_date=True))  # Retry-After as an HTTP-date
    edgar.misbehave(four, Fault("truncate", 0.7))  # cut short, without </SEC-DOCUMENT>
    edgar.misbehave(five, Fault("slow", 3.0))  # slower than --timeout
    result = pmdw_sync(edgar, warehouse_url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_THREE}",
                       "--gzip-index", "--timeout", "1")
    assert result.exit_code == 0, result.output

    attempts = {path: edgar.paths(prefix=path).count(path) for path in (gz_one, gz_two, one, two, three, four, five)}
    assert attempts == {gz_one: 2, gz_two: 2, one: 3, two: 2, three: 2, four: 2, five: 2}
    for path in (gz_two, three):  # the retry came no sooner than Retry-After said
        first, retry = [r.at for r in edgar.requests if r.path == path]
        assert retry - first >= 0.9
    assert "retrying" in result.stderr and "HTTP 503" in result.stderr
    assert warehouse_rows(warehouse_url) == expected_rows(FILINGS)
    assert sync_filing_states(warehouse_url) == {f.accession_number: "loaded" for f in FILINGS}
    assert not list(archive.rglob("*.part"))
    assert fingerprint(warehouse_url) == clean_load_fingerprint(archive, tmp_path)


def test_a_filing_that_keeps_failing_is_recorded_then_retried_by_the_next_run(edgar, archive, tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    broken = FILINGS[0]
    edgar.misbehave(broken.url_path, Fault("503"), Fault("503"))
    first = pmdw_sync(edgar, url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_TWO}", "--attempts", "2")
    assert first.exit_code == 1
    assert f"{edgar.url}{broken.url_path}: gave up after 2 attempts: HTTP 503" in first.stdout
    assert rows(url, "SELECT status, attempts, last_error FROM sync_filings WHERE accession_number = "
                     f"'{broken.accession_number}'") == [
        ("failed", 1, f"{edgar.url}{broken.url_path}: gave up after 2 attempts: HTTP 503")]
    status = CliRunner().invoke(main, ["status", "--db", url])
    assert status.exit_code == 0
    assert "partial" in status.output and "1 failed" in status.output and broken.accession_number in status.output

    edgar.clear_log()
    second = pmdw_sync(edgar, url, archive, "--until", f"{DAY_THREE}")  # goes on from the state, retries the failure
    assert second.exit_code == 0, second.output
    assert edgar.paths() == [daily_index(DAY_THREE).path, broken.url_path, FILINGS[4].url_path]
    assert rows(url, "SELECT status, attempts FROM sync_filings WHERE accession_number = "
                     f"'{broken.accession_number}'") == [("loaded", 2)]
    report = json.loads(CliRunner().invoke(main, ["status", "--db", url, "--json"]).output)
    assert report["filings"] == {"pending": 0, "fetched": 0, "loaded": 5, "failed": 0}
    assert [r["outcome"] for r in report["runs"]] == ["succeeded", "partial"]


def test_a_filing_that_failed_every_allowed_attempt_waits_for_retry_failed(edgar, archive, tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    broken = FILINGS[0]
    edgar.misbehave(broken.url_path, Fault("503"))
    assert pmdw_sync(edgar, url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_TWO}",
                     "--attempts", "1").exit_code == 1
    engine = create_engine(url)  # as if it had failed on the five nights before
    with engine.begin() as connection:
        connection.execute(text("UPDATE sync_filings SET attempts = 5 WHERE accession_number = :a"),
                           {"a": broken.accession_number})
    engine.dispose()

    edgar.clear_log()
    left_alone = pmdw_sync(edgar, url, archive, "--until", f"{DAY_TWO}")
    assert left_alone.exit_code == 0, left_alone.output
    assert broken.url_path not in edgar.paths()
    assert sync_filing_states(url)[broken.accession_number] == "failed"

    retried = pmdw_sync(edgar, url, archive, "--until", f"{DAY_TWO}", "--retry-failed")
    assert retried.exit_code == 0, retried.output
    assert edgar.paths().count(broken.url_path) == 1
    assert rows(url, "SELECT status, attempts FROM sync_filings WHERE accession_number = "
                     f"'{broken.accession_number}'") == [("loaded", 6)]


def test_request_rate_measured_at_the_server_stays_under_max_rps(edgar, archive, tmp_path):
    for filing in FILINGS:  # retries are requests too: they must wait for the limiter as well
        edgar.misbehave(filing.url_path, Fault("503"), Fault("503"))
    result = pmdw_sync(edgar, f"sqlite:///{tmp_path / 'w.sqlite'}", archive, "--since", f"{DAY_ONE}",
                       "--until", f"{DAY_THREE}", "--max-rps", "5", "--retry-base", "0")
    assert result.exit_code == 0, result.output
    arrivals = sorted(r.at for r in edgar.requests)
    assert len(arrivals) == 3 + 3 * len(FILINGS)
    busiest = max(sum(1 for t in arrivals if start <= t < start + 1.0) for start in arrivals)
    assert busiest <= 5, f"{busiest} requests within one second"


# --- configuration --------------------------------------------------------------------------


def test_without_a_user_agent_sync_exits_2_and_says_how_to_set_it(edgar, archive, tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    missing = CliRunner().invoke(main, sync_args(edgar, url, archive, "--since", f"{DAY_ONE}"),
                                 env={"PMDW_USER_AGENT": None})
    assert missing.exit_code == 2
    assert "no User-Agent configured" in missing.output
    assert "--user-agent" in missing.output and "PMDW_USER_AGENT=" in missing.output
    no_email = pmdw_sync(edgar, url, archive, "--since", f"{DAY_ONE}", env={"PMDW_USER_AGENT": "Jane Doe"})
    assert no_email.exit_code == 2 and "no e-mail address" in no_email.output
    too_fast = pmdw_sync(edgar, url, archive, "--since", f"{DAY_ONE}", "--max-rps", "11")
    assert too_fast.exit_code == 2
    assert edgar.requests == []


def test_first_run_without_since_exits_2_and_asks_for_it(edgar, archive, tmp_path):
    result = pmdw_sync(edgar, f"sqlite:///{tmp_path / 'w.sqlite'}", archive)
    assert result.exit_code == 2 and "--since YYYY-MM-DD" in result.output


def test_dry_run_lists_what_would_be_fetched_and_records_nothing(edgar, archive, tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    result = pmdw_sync(edgar, url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_THREE}", "--dry-run",
                       "--forms", "497")
    assert result.exit_code == 0, result.output
    wanted = [f for f in FILINGS if f.form_type == "497"]
    assert f"{len(wanted)} filing(s) would be fetched" in result.stdout
    for filing in wanted:
        assert filing.accession_number in result.stdout
    assert FILINGS[0].accession_number not in result.stdout  # a 485BPOS
    assert edgar.paths(prefix="Archives/edgar/data/") == []
    assert scalar(url, "SELECT COUNT(*) FROM sync_runs") == 0
    assert scalar(url, "SELECT COUNT(*) FROM sync_filings") == 0


def test_cik_filter_fetches_only_that_filer_and_leaves_the_days_for_a_full_run(edgar, archive, tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    only = FILINGS[2]
    result = pmdw_sync(edgar, url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_THREE}",
                       "--cik", str(only.cik))
    assert result.exit_code == 0, result.output
    assert edgar.paths(prefix="Archives/edgar/data/") == [only.url_path]
    everything = pmdw_sync(edgar, url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_THREE}")
    assert everything.exit_code == 0
    assert warehouse_rows(url) == expected_rows(FILINGS)
    assert edgar.paths(prefix="Archives/edgar/data/").count(only.url_path) == 1


def test_json_log_lines_each_carry_the_run_id(edgar, archive, tmp_path):
    result = pmdw_sync(edgar, f"sqlite:///{tmp_path / 'w.sqlite'}", archive, "--since", f"{DAY_ONE}",
                       "--until", f"{DAY_ONE}", "--log-format", "json", "--json")
    assert result.exit_code == 0, result.output
    run_id = json.loads(result.stdout)["run_id"]
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert len(lines) > 3 and {line["run_id"] for line in lines} == {run_id}
    assert any("fetched 485BPOS" in line["message"] for line in lines)


# --- one sync at a time ---------------------------------------------------------------------


def slow_filings(server: EdgarTestServer, seconds: float) -> None:
    for filing in FILINGS:
        server.misbehave(filing.url_path, Fault("slow", seconds))


def test_a_second_sync_while_one_runs_exits_3(warehouse_url, edgar, archive):
    slow_filings(edgar, 1.0)
    first = start_sync(edgar, warehouse_url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_THREE}")
    try:
        wait_until(lambda: table_exists_and(warehouse_url, "SELECT COUNT(*) FROM sync_runs"), first)
        second = subprocess.run([PMDW, *sync_args(edgar, warehouse_url, archive, "--since", f"{DAY_ONE}")],
                                env={**os.environ, "PMDW_USER_AGENT": USER_AGENT}, capture_output=True, text=True,
                                timeout=120)
        assert second.returncode == 3, second.stderr
        assert "another pmdw sync is running" in second.stderr
        out, err = first.communicate(timeout=300)
    finally:
        first.kill()
    assert first.returncode == 0, err
    assert rows(warehouse_url, "SELECT outcome FROM sync_runs") == [("succeeded",)]


def test_a_killed_sync_does_not_block_the_next_and_nothing_is_fetched_twice(warehouse_url, edgar, archive, tmp_path):
    slow_filings(edgar, 1.0)
    process = start_sync(edgar, warehouse_url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_THREE}")
    wait_until(lambda: table_exists_and(
        warehouse_url, "SELECT COUNT(*) FROM sync_filings WHERE status = 'fetched'") >= 2, process)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    archived_before = {f.url_path for f in FILINGS if (archive / f.archive_path).exists()}
    assert 2 <= len(archived_before) < len(FILINGS)

    edgar.clear_log()
    rerun = pmdw_sync(edgar, warehouse_url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_THREE}")
    assert rerun.exit_code == 0, rerun.output
    fetched_again = edgar.paths(prefix="Archives/edgar/data/")
    assert sorted(fetched_again) == sorted({f.url_path for f in FILINGS} - archived_before)
    assert not list(archive.rglob("*.part"))
    assert rows(warehouse_url, "SELECT outcome FROM sync_runs ORDER BY id") == [("abandoned",), ("succeeded",)]
    assert warehouse_rows(warehouse_url) == expected_rows(FILINGS)
    assert fingerprint(warehouse_url) == clean_load_fingerprint(archive, tmp_path)
