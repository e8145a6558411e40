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
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from etl.cli import main
from etl.pipeline import run_load
from etl.sync.fetch import EdgarClient, FetchSettings
from etl.sync.index import daily_index, full_index
from etl.sync.runner import Syncer, SyncOptions
from etl.sync.state import MAX_FILING_ATTEMPTS
from tests.edgar_fixture import (
    DAY_ONE,
    DAY_THREE,
    DAY_TWO,
    FILINGS,
    HOLIDAY,
    SUBMISSION_2009,
    FixtureFiling,
    build_edgar_tree,
    expected_rows,
    form_idx,
    publish_day,
    publish_full_index,
    write_big_daily_index,
    write_index,
)
from tests.edgar_server import EdgarTestServer, Fault
from tests.memory import PEAK_KIB
from tests.warehouse_fingerprint import fingerprint
from tests.warehouse_queries import rows, scalar

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
    with EdgarTestServer(root) as server:
        first = pmdw_sync(server, warehouse_url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_TWO}")
        assert first.exit_code == 0, first.output
        publish_day(root, DAY_THREE)  # the next night: a new daily index
        server.clear_log()
        nightly = pmdw_sync(server, warehouse_url, archive, "--until", f"{DAY_THREE}")  # no --since: from the state
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


# --- a hostile index ------------------------------------------------------------------------------

# Index lines of a selected form whose file name tries to leave the archive or is not a
# submission's: (cik, file name).
HOSTILE_FILE_NAMES = (
    (1099009, "edgar/data/1099009/../../../../tmp/0001193125-24-100009.txt"),
    (1099010, "/etc/0001193125-24-100010.txt"),
    (1099011, "edgar/data/1099011/0001193125-24-100011.txt?download=1"),
    (1099012, "edgar/data/1099012/0001193125-24-100012.txt#top"),
    (1099013, "edgar/data/1099013/../1099013/0001193125-24-100013.txt"),
    (1099014, "edgar/data/1099014/0001193125-24-10001..txt"),
    (1099015, "edgar/data/1099015/sub/0001193125-24-100015.txt"),
    (1099016, "edgar/data/1099099/0001193125-24-100016.txt"),  # another filer's folder
)


def test_index_lines_naming_files_outside_the_archive_are_rejected_and_recorded(tmp_path, archive):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    root = build_edgar_tree(tmp_path / "edgar-root")
    publish_day(root, DAY_ONE, extra_rows=[("497", f"HOSTILE TRUST {cik}", cik, f"{DAY_ONE:%Y%m%d}", name)
                                           for cik, name in HOSTILE_FILE_NAMES])
    with EdgarTestServer(root) as server:
        result = pmdw_sync(server, url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_ONE}", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["index_lines_rejected"] == len(HOSTILE_FILE_NAMES)
    assert summary["filings_loaded"] == 2 and summary["failures"] == []
    assert "file name is not edgar/data/<CIK>/<accession" in summary["rejected_lines"][0]["example"]
    on_day_one = {f.accession_number for f in FILINGS if f.date_filed == DAY_ONE}
    assert set(sync_filing_states(url)) == on_day_one  # nothing of the hostile lines stored
    assert sorted(server.paths(prefix="Archives/edgar/data/")) == sorted(
        f.url_path for f in FILINGS if f.date_filed == DAY_ONE)
    assert not any(".." in p or "?" in p or "#" in p for p in server.paths())
    assert rows(url, "SELECT entries_total, entries_selected, entries_rejected FROM sync_index_files") == [
        (3, 2, len(HOSTILE_FILE_NAMES))]
    examples = scalar(url, "SELECT rejected_examples FROM sync_index_files")
    assert "../../../../tmp" in examples and "download=1" in examples
    assert "line(s) rejected" in result.stderr and "../../../../tmp" in result.stderr
    assert not (tmp_path / "tmp").exists()


def test_malformed_index_lines_are_counted_and_the_days_filings_still_load(tmp_path, archive):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    root = build_edgar_tree(tmp_path / "edgar-root")
    garbage = ["this is not an index line", "497         NO CIK OR DATE HERE", "\x00\x01\x02 binary \x7f",
               "497         LONG" + " " * 5000 + "1 20240415 edgar/data/1/0000000001-24-000001.txt",
               "497         BAD DAY TRUST     1099020     20241399    edgar/data/1099020/0001193125-24-100020.txt",
               "497         NUL\x00TRUST      1099021     20240415    edgar/data/1099021/0001193125-24-100021.txt"]
    publish_day(root, DAY_ONE, extra_lines=garbage)
    with EdgarTestServer(root) as server:
        result = pmdw_sync(server, url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_TWO}")
    assert result.exit_code == 0, result.output
    assert "loaded: 4, failed: 0" in result.stdout and f"index lines rejected: {len(garbage)}" in result.stdout
    assert "this is not an index line" in result.stdout  # an example, with its line number and reason
    assert warehouse_rows(url) == expected_rows(f for f in FILINGS if f.date_filed <= DAY_TWO)
    assert rows(url, "SELECT path, entries_rejected FROM sync_index_files ORDER BY path") == [
        (daily_index(DAY_ONE).path, len(garbage)), (daily_index(DAY_TWO).path, 0)]
    report = json.loads(CliRunner().invoke(main, ["status", "--db", url, "--json"]).output)
    assert report["runs"][0]["index_lines_rejected"] == len(garbage)
    assert "lines rejected" in CliRunner().invoke(main, ["status", "--db", url]).output


def test_an_index_of_nothing_but_garbage_or_without_its_header_fails_alone(tmp_path, archive):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    root = build_edgar_tree(tmp_path / "edgar-root")
    write_index(root, daily_index(DAY_ONE).path, form_idx([], "Daily Index") + "garbage\n" * 50)
    write_index(root, daily_index(DAY_TWO).path, "<html>Service Unavailable</html>\n" * 50)
    with EdgarTestServer(root) as server:
        result = pmdw_sync(server, url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_THREE}", "--json")
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    reasons = {failure["what"]: failure["reason"] for failure in summary["failures"]}
    assert "none of its 50 line(s) is an index line" in reasons[daily_index(DAY_ONE).path]
    assert "no dashed rule under a header line" in reasons[daily_index(DAY_TWO).path]
    assert summary["filings_loaded"] == 1  # DAY_THREE's
    assert rows(url, "SELECT path FROM sync_index_files") == [(daily_index(DAY_THREE).path,)]


# A child that runs `pmdw sync --dry-run` over a small index (imports, schema, a first read), then
# over a big one, and prints how far its peak resident set grew in the second run (KiB).
_RSS_CHILD = PEAK_KIB + """
import sys
from click.testing import CliRunner
from etl.cli import main
*args, big_day, small_day = sys.argv[1:]
def dry_run(day):
    result = CliRunner().invoke(main, [*args, "--since", day, "--until", day])
    assert result.exit_code == 0, result.output
    return result.output
dry_run(small_day)
before = peak_kib()
listed = dry_run(big_day)
print(peak_kib() - before)
print(listed)
"""


def test_a_pathological_index_is_read_in_bounded_memory(tmp_path, archive):
    """A 200,000-line gzipped daily index with garbage every 1,000 lines costs no more memory
    than a small one (read whole, it took ~180 MiB more: ~0.9 KiB per line). One child process
    reads both (a process start costs 2-5 s here), so this test takes several seconds."""
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    root = build_edgar_tree(tmp_path / "edgar-root")
    write_big_daily_index(root, DAY_ONE, 100, gzipped=True)
    write_big_daily_index(root, DAY_TWO, 200_000, garbage_every=1000, gzipped=True)
    with EdgarTestServer(root) as server:
        child = subprocess.run([sys.executable, "-c", _RSS_CHILD, *sync_args(server, url, archive),
                                "--dry-run", "--gzip-index", f"{DAY_TWO}", f"{DAY_ONE}"],
                               env={**os.environ, "PMDW_USER_AGENT": USER_AGENT}, capture_output=True, text=True,
                               timeout=300, check=False)
    assert child.returncode == 0, child.stderr
    growth, listed = child.stdout.split("\n", 1)
    assert "2 filing(s) would be fetched" in listed and "200 index line(s) rejected" in listed
    assert int(growth) < 20 * 1024, f"the peak resident set grew by {int(growth) // 1024} MiB"


# --- limits on responses --------------------------------------------------------------------------


def test_a_body_over_the_response_bytes_limit_is_cut_off_and_the_filing_failed(tmp_path, archive):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    server = EdgarTestServer(build_edgar_tree(tmp_path / "edgar-root")).start()
    sized, unsized = FILINGS[1], FILINGS[2]
    server.misbehave(sized.url_path, Fault("bloat", 5_000_000))  # announced by its Content-Length
    server.misbehave(unsized.url_path, Fault("bloat-unsized", 5_000_000))  # found out while reading
    try:
        result = pmdw_sync(server, url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_THREE}",
                           "--limit", "response-bytes=100KB", "--json")
    finally:
        server.stop()
    assert result.exit_code == 1, result.output
    reasons = {failure["what"]: failure["reason"] for failure in json.loads(result.stdout)["failures"]}
    assert set(reasons) == {sized.accession_number, unsized.accession_number}
    for reason in reasons.values():
        assert reason.endswith("over the response-bytes limit; raise it with --limit response-bytes=SIZE")
    assert server.paths().count(sized.url_path) == 1 and server.paths().count(unsized.url_path) == 1  # no retry
    assert rows(url, "SELECT status, attempts FROM sync_filings WHERE accession_number IN "
                     f"('{sized.accession_number}', '{unsized.accession_number}')") == [("failed", 1)] * 2
    assert not list(archive.rglob("*.part"))
    assert not (archive / sized.archive_path).exists() and not (archive / unsized.archive_path).exists()
    assert warehouse_rows(url) == expected_rows(f for f in FILINGS if f not in (sized, unsized))


def test_a_server_that_drips_is_cut_off_at_the_response_seconds_limit(tmp_path, archive):
    """One body dripped a byte every 0.2 s (an hour for the file), one response whose headers
    come after 30 s: both cut off at 2 s, the others load, the run ends in bounded time."""
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    server = EdgarTestServer(build_edgar_tree(tmp_path / "edgar-root")).start()
    dripping, silent = FILINGS[1], FILINGS[3]
    server.misbehave(dripping.url_path, Fault("drip", 0.2))
    server.misbehave(silent.url_path, Fault("slow", 30))
    started = time.monotonic()
    try:
        result = pmdw_sync(server, url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_THREE}",
                           "--limit", "response-seconds=2", "--timeout", "60", "--json")
    finally:
        server.stop()
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert elapsed < 20, f"the sync took {elapsed:.0f} s"
    reasons = {failure["what"]: failure["reason"] for failure in json.loads(result.stdout)["failures"]}
    assert set(reasons) == {dripping.accession_number, silent.accession_number}
    for reason in reasons.values():
        assert "response not complete after 2 s: over the response-seconds limit" in reason
    assert server.paths().count(dripping.url_path) == 1 and server.paths().count(silent.url_path) == 1
    assert not list(archive.rglob("*.part"))
    assert warehouse_rows(url) == expected_rows(f for f in FILINGS if f not in (dripping, silent))


def test_a_gzipped_index_past_the_stream_bytes_limit_fails_alone(tmp_path, archive):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    root = build_edgar_tree(tmp_path / "edgar-root")
    write_big_daily_index(root, DAY_ONE, 20_000, gzipped=True)  # ~3 MB decompressed
    with EdgarTestServer(root) as server:
        result = pmdw_sync(server, url, archive, "--since", f"{DAY_ONE}", "--until", f"{DAY_TWO}", "--gzip-index",
                           "--limit", "stream-bytes=1MB", "--json")
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert [f["what"] for f in summary["failures"]] == [daily_index(DAY_ONE, gzipped=True).path]
    assert "over the stream-bytes limit; raise it with --limit stream-bytes=SIZE" in summary["failures"][0]["reason"]
    assert summary["filings_loaded"] == 2  # DAY_TWO's


def test_verify_reads_a_submission_in_chunks_and_finds_markers_across_them(tmp_path):
    from etl.sync.verify import CHUNK, IncompleteDownload, verify_submission

    path = tmp_path / "big.txt"
    header = b"<SEC-DOCUMENT>\n<SEC-HEADER>\n</SEC-HEADER>\n"
    body = header + b"x" * (2 * CHUNK - len(header) - 5)
    path.write_bytes(body + b"</SEC-DOCUMENT>\n" + b" \n" * CHUNK)  # the end straddles two chunks
    verify_submission(path)
    path.write_bytes(body + b"</SEC-DOC")
    with pytest.raises(IncompleteDownload, match="cut short"):
        verify_submission(path)


# --- attempts count for filings fetched but not loaded --------------------------------------------


class _Killed(BaseException):
    """Stands for the process dying while it loads (the OOM killer, kill -9): nothing after runs."""


def _poisoned_load(poisoned: FixtureFiling, error: BaseException, loads: list):
    def load(paths, **kwargs):
        loads.append(paths)
        if any(poisoned.accession_number in path for path in paths):
            raise error
        return run_load(paths, **kwargs)
    return load


def test_a_filing_whose_load_crashes_fails_alone_and_counts_its_attempts(tmp_path, archive, monkeypatch):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    server = EdgarTestServer(build_edgar_tree(tmp_path / "edgar-root")).start()
    poisoned, loads = FILINGS[0], []
    monkeypatch.setattr("etl.sync.runner.run_load",
                        _poisoned_load(poisoned, BrokenProcessPool("a child process terminated abruptly"), loads))

    def night(**options):
        client = EdgarClient(FetchSettings(server.url, USER_AGENT, retry_base=0.01))
        return Syncer(url, archive, client, SyncOptions(since=DAY_ONE, until=DAY_TWO, load_batch=1, **options),
                      today=DAY_THREE).run()

    try:
        first = night()
        assert first.outcome == "partial" and first.filings_loaded == 3
        crash = "the load of its batch failed: BrokenProcessPool: a child process terminated abruptly"
        assert first.failures == [(poisoned.accession_number, crash)]
        for _ in range(MAX_FILING_ATTEMPTS - 1):
            assert night().failures[0][0] == poisoned.accession_number
        assert rows(url, f"SELECT status, attempts FROM sync_filings WHERE accession_number = "
                         f"'{poisoned.accession_number}'") == [("failed", MAX_FILING_ATTEMPTS)]
        loads.clear()
        assert night().outcome == "succeeded" and loads == []  # left alone
        assert night(retry_exhausted=True).failures[0][0] == poisoned.accession_number
    finally:
        server.stop()
    assert warehouse_rows(url) == expected_rows(f for f in FILINGS[1:] if f.date_filed <= DAY_TWO)


def test_a_filing_that_kills_every_run_loading_it_is_left_alone_after_the_attempts(tmp_path, archive, monkeypatch):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    server = EdgarTestServer(build_edgar_tree(tmp_path / "edgar-root")).start()
    poisoned, loads = FILINGS[0], []
    monkeypatch.setattr("etl.sync.runner.run_load", _poisoned_load(poisoned, _Killed(), loads))

    def night(**options):
        client = EdgarClient(FetchSettings(server.url, USER_AGENT, retry_base=0.01))
        syncer = Syncer(url, archive, client, SyncOptions(since=DAY_ONE, until=DAY_ONE, load_batch=1, **options),
                        today=DAY_TWO)
        try:
            return syncer.run()
        except _Killed:
            return None

    try:
        for _ in range(MAX_FILING_ATTEMPTS):  # it comes first: each night died before the next filing
            assert night() is None
        loads.clear()
        last = night()
        assert last.outcome == "succeeded" and last.filings_loaded == 1
        assert not any(poisoned.accession_number in path for paths in loads for path in paths)
        assert rows(url, f"SELECT status, attempts FROM sync_filings WHERE accession_number = "
                         f"'{poisoned.accession_number}'")[0] == ("failed", MAX_FILING_ATTEMPTS)
        assert "ended while it was fetched and not yet loaded" in scalar(
            url, f"SELECT last_error FROM sync_filings WHERE accession_number = '{poisoned.accession_number}'")
        assert night(retry_exhausted=True) is None  # --retry-failed tries it again
    finally:
        server.stop()
    assert sync_filing_states(url)[FILINGS[1].accession_number] == "loaded"
