"""pmdw serve: the warehouse in Datasette, tested as a user meets it, in a real headless browser
(tests/browser.py), on the bundled sample and on a load of tests/corpus."""

from __future__ import annotations

import hashlib
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from etl.browse.metadata import DATABASE, FACETS, build_metadata, canned_queries
from etl.browse.plugin import edgar_filing_url
from etl.cli import main
from etl.db import SQL_DIR
from etl.dictionary import entries, entry
from etl.pipeline import run_load
from tests.browser import open_page, save_screenshot, wait_for
from tests.conftest import SEED

CORPUS = Path(__file__).resolve().parent / "corpus"
PMDW = Path(sys.executable).with_name("pmdw")
START_TIMEOUT_SECONDS = 60
SAMPLE_CIK, SAMPLE_ACCESSION = 1126087, "0000908737-06-000882"


# --- the server, as a user starts it -----------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_get(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Served:
    """A `pmdw serve` process on a free port; ``stop()`` sends Ctrl-C and returns its exit."""

    def __init__(self, warehouse: Path, *extra: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        started = time.monotonic()
        self.process = subprocess.Popen(
            [str(PMDW), "serve", "--db", f"sqlite:///{warehouse}", "--port", str(self.port), *extra],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self._wait_until_up()
        self.start_seconds = time.monotonic() - started

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"pmdw serve exited {self.process.returncode}: "
                                     f"{self.process.stderr.read()}")
            try:
                if http_get(f"{self.base}/-/versions.json", timeout=2)[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError(f"pmdw serve did not answer within {START_TIMEOUT_SECONDS} s")

    def url(self, path: str) -> str:
        return f"{self.base}/{DATABASE}{path}"

    def stop(self) -> tuple[int, str, str]:
        self.process.send_signal(signal.SIGINT)
        try:
            out, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        return self.process.returncode, out, err


def load_warehouse(directory: Path, *sources: Path) -> Path:
    path = directory / "warehouse.sqlite"
    run_load([str(source) for source in sources], database_url=f"sqlite:///{path}")
    return path


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory) -> Path:
    return load_warehouse(tmp_path_factory.mktemp("sample"), SEED)


@pytest.fixture(scope="module")
def corpus_warehouse(tmp_path_factory) -> Path:
    return load_warehouse(tmp_path_factory.mktemp("corpus"), CORPUS)


@pytest.fixture(scope="module")
def sample_server(sample_warehouse):
    server = Served(sample_warehouse)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def corpus_server(corpus_warehouse):
    server = Served(corpus_warehouse)
    yield server
    server.stop()


def row_count(driver) -> int:
    """The '863 rows' heading of a Datasette table page, as a number."""
    heading = wait_for(driver, "h3").text
    return int(heading.split()[0].replace(",", ""))


def body_rows(driver):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")


# --- in the browser ---------------------------------------------------------------------------

def test_a_managers_row_shows_the_figures_the_raw_text_and_the_edgar_link(browser, sample_server):
    from selenium.webdriver.common.by import By

    started = time.monotonic()
    open_page(browser, sample_server.url("/manager_accounts?manager=David+Dreman"),
              "table.rows-and-columns")
    load_seconds = time.monotonic() - started
    rows = body_rows(browser)
    assert len(rows) == 3  # the three categories
    registered = next(row for row in rows if "registered_investment_companies" in row.text)
    assert "15,700,000,000" in registered.text and "19" in registered.text
    raw = registered.find_element(By.CSS_SELECTOR, ".pmdw-raw-text").text
    assert "Dreman" in raw and "$15.7" in raw and "114" in raw  # the table row as printed
    assert "lines 85-86" in registered.text
    assert "dec20.txt" in registered.find_element(By.CSS_SELECTOR, ".pmdw-source").text
    link = registered.find_element(By.CSS_SELECTOR, "a.pmdw-edgar")
    assert link.get_attribute("href") == (
        "https://www.sec.gov/Archives/edgar/data/1126087/000090873706000882/"
        "0000908737-06-000882-index.htm")
    assert link.text == SAMPLE_ACCESSION
    save_screenshot(browser, "serve-sample-manager_accounts")
    print(f"server start {sample_server.start_seconds:.2f} s, page load {load_seconds:.2f} s")


def test_an_ownership_row_shows_its_range_and_the_raw_text(browser, sample_server):
    from selenium.webdriver.common.by import By

    open_page(browser, sample_server.url("/manager_ownership?manager=E.+Clifton+Hoover%2C+Jr."),
              "table.rows-and-columns")
    [row] = body_rows(browser)
    assert "none" in row.text and "lines 200-201" in row.text
    assert "Hoover" in row.find_element(By.CSS_SELECTOR, ".pmdw-raw-text").text
    assert row.find_element(By.CSS_SELECTOR, "a.pmdw-edgar").get_attribute("href").endswith(
        f"/{SAMPLE_ACCESSION}-index.htm")


def test_a_corpus_row_without_an_accession_still_shows_its_text_and_lines(browser, corpus_server):
    """Bare documents carry no EDGAR metadata: no link is made up, the text and lines stay."""
    from selenium.webdriver.common.by import By

    open_page(browser, corpus_server.url("/manager_accounts?manager=Jonathan+P.+Albrecht"
                                         "&category=registered_investment_companies"),
              "table.rows-and-columns")
    row = next(row for row in body_rows(browser) if "h1-in-thousands.htm line 36" in row.text)
    assert "1,234,567,000" in row.text  # printed in thousands, loaded in dollars
    assert "1,234,567" in row.find_element(By.CSS_SELECTOR, ".pmdw-raw-text").text
    assert not row.find_elements(By.CSS_SELECTOR, "a.pmdw-edgar")
    save_screenshot(browser, "serve-corpus-manager_accounts")


def test_the_page_describes_tables_and_columns_from_the_data_dictionary(browser, sample_server):
    open_page(browser, sample_server.url("/manager_accounts"), "table.rows-and-columns")
    page = browser.find_element("css selector", "body").text
    view = entry("manager_accounts")
    assert view.description.split(".")[0] in page
    for column in view.columns:
        assert column.description.split(".")[0] in page, column.name


def test_a_canned_query_runs_and_shows_rows(browser, sample_server, corpus_server):
    queries = canned_queries(SQL_DIR)
    open_page(browser, sample_server.url("/latest_disclosures"), "table.rows-and-columns")
    assert queries["latest_disclosures"]["title"] in browser.find_element("css selector", "h1").text
    rows = body_rows(browser)
    assert len(rows) == 2
    assert any("E. Clifton Hoover, Jr." in row.text for row in rows)
    open_page(browser, corpus_server.url("/performance_fee_managers"), "table.rows-and-columns")
    assert len(body_rows(browser)) > 5
    save_screenshot(browser, "serve-corpus-performance_fee_managers")


def test_the_database_page_lists_every_canned_query(browser, corpus_server):
    open_page(browser, corpus_server.url(""), "h1")
    page = browser.find_element("css selector", "body").text
    for name, query in canned_queries(SQL_DIR).items():
        assert query["title"] in page, name


@pytest.mark.parametrize("facet", ["as_of_date", "category", "fund", "adviser"])
def test_a_facet_narrows_the_rows(browser, corpus_server, facet):
    from selenium.webdriver.common.by import By

    open_page(browser, corpus_server.url("/manager_accounts"), "table.rows-and-columns")
    everything = row_count(browser)
    box = wait_for(browser, f'.facet-info[data-column="{facet}"]')
    choice = box.find_elements(By.CSS_SELECTOR, "li a")[0]
    value = choice.text
    choice.click()
    wait_for(browser, f'.facet-info[data-column="{facet}"] a.cross')
    narrowed = row_count(browser)
    assert 0 < narrowed <= everything
    if facet != "adviser":  # the corpus names one adviser only
        assert narrowed < everything
    shown = {cell.text for cell in browser.find_elements(By.CSS_SELECTOR, f"td.col-{facet}")}
    if facet == "as_of_date":
        assert shown and all(text.startswith(value) for text in shown), (value, shown)
    else:
        assert shown == {value}
    save_screenshot(browser, f"serve-corpus-facet-{facet}")


def test_a_write_through_the_page_is_refused(browser, sample_server, sample_warehouse):
    before = file_digest(sample_warehouse)
    statement = urllib.parse.quote("DELETE FROM account_categories")
    open_page(browser, f"{sample_server.url('')}?sql={statement}", "body")
    assert "Statement must be a SELECT" in browser.find_element("css selector", "body").text
    save_screenshot(browser, "serve-write-refused")
    open_page(browser, sample_server.url("/manager_accounts"), "table.rows-and-columns")
    assert row_count(browser) == 6
    assert file_digest(sample_warehouse) == before


# --- over HTTP, without a browser -------------------------------------------------------------

WRITES = [
    "DELETE FROM account_categories",
    "UPDATE account_categories SET num_accounts = 0",
    "INSERT INTO advisers (name, name_key) VALUES ('x', 'x')",
    "WITH gone AS (SELECT 1) DELETE FROM account_categories",
    "DROP VIEW manager_accounts",
    "PRAGMA query_only = 0",
    "ATTACH DATABASE '/tmp/pmdw-serve-attack.sqlite' AS other",
    "SELECT 1; DELETE FROM account_categories",
]


@pytest.mark.parametrize("statement", WRITES)
def test_a_write_through_the_api_is_refused(sample_server, sample_warehouse, statement):
    before = file_digest(sample_warehouse)
    query = urllib.parse.urlencode({"sql": statement})
    status, body = http_get(f"{sample_server.url('.json')}?{query}")
    assert status >= 400, body
    assert http_get(f"{sample_server.url('/account_categories.json')}?_shape=array")[1].count('"id"') == 6
    assert file_digest(sample_warehouse) == before


@pytest.mark.parametrize("method,path", [
    ("POST", "/latest_disclosures"),   # a canned query
    ("POST", "/account_categories/1/-/delete"),
    ("POST", "/account_categories/-/insert"),
    ("PUT", "/account_categories"),
    ("DELETE", "/account_categories/1"),
])
def test_a_request_that_could_write_is_answered_405(sample_server, sample_warehouse, method, path):
    before = file_digest(sample_warehouse)
    request = urllib.request.Request(sample_server.url(path), data=b"{}", method=method,
                                     headers={"content-type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 405
    assert file_digest(sample_warehouse) == before


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a listening TCP socket on ``port`` (Linux /proc/net)."""
    addresses = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port and len(address) == width:
                addresses.add(address)
    return addresses


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc/net/tcp")
def test_the_server_listens_on_127_0_0_1_only_by_default(sample_server):
    assert listening_addresses(sample_server.port) == {"0100007F"}  # 127.0.0.1, nothing else


def test_ctrl_c_stops_the_server_cleanly(sample_warehouse):
    server = Served(sample_warehouse)
    assert http_get(server.url("/manager_accounts.json"))[0] == 200
    code, out, err = server.stop()
    assert code == 0, err
    assert "Traceback" not in err
    assert f"http://127.0.0.1:{server.port}/{DATABASE}" in out


def test_a_port_in_use_is_a_usage_error(sample_server, sample_warehouse):
    taken = subprocess.run(
        [str(PMDW), "serve", "--db", f"sqlite:///{sample_warehouse}", "--port", str(sample_server.port)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert taken.returncode == 2, taken.stderr
    assert "could not listen on 127.0.0.1" in taken.stderr and "--port" in taken.stderr


def test_a_postgresql_warehouse_is_refused_with_what_to_do():
    result = CliRunner().invoke(main, ["serve", "--db", "postgresql://someone@localhost/pmdw"])
    assert result.exit_code == 2
    assert "pmdw export" in result.output and "--format sqlite" in result.output


def test_a_warehouse_behind_the_code_is_refused_with_what_to_do(sample_warehouse, tmp_path):
    from etl import db

    old = tmp_path / "old.sqlite"
    old.write_bytes(sample_warehouse.read_bytes())
    db.downgrade(f"sqlite:///{old}", "-1")
    result = CliRunner().invoke(main, ["serve", "--db", f"sqlite:///{old}"])
    assert result.exit_code == 2
    assert "pmdw db upgrade" in result.output


def test_a_missing_warehouse_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--db", f"sqlite:///{tmp_path / 'none.sqlite'}"])
    assert result.exit_code == 2
    assert "load something first" in result.output


# --- the configuration, built from the project's own sources ----------------------------------

def test_every_sql_file_is_a_canned_query_with_a_title_and_description():
    queries = build_metadata(entries(), SQL_DIR)["databases"][DATABASE]["queries"]
    assert set(queries) == {path.stem for path in SQL_DIR.glob("*.sql")}
    for name, query in queries.items():
        assert query["title"] and query["description"], name
        assert not query["sql"].lstrip().startswith("--"), name


def test_every_dictionary_entry_and_column_is_described():
    tables = build_metadata(entries(), SQL_DIR)["databases"][DATABASE]["tables"]
    for table in entries():
        assert tables[table.name]["description"] == table.description
        assert set(tables[table.name]["columns"]) == {column.name for column in table.columns}


def test_the_contract_views_facet_by_adviser_fund_and_year():
    tables = build_metadata(entries(), SQL_DIR)["databases"][DATABASE]["tables"]
    for view in ("manager_accounts", "manager_ownership"):
        facets = tables[view]["facets"]
        assert {"adviser", "fund"} <= {f for f in facets if isinstance(f, str)}
        assert {"year": "as_of_date"} in facets
    assert "category" in FACETS["manager_accounts"]


def test_the_edgar_url_is_the_filings_index_page():
    assert edgar_filing_url(SAMPLE_CIK, SAMPLE_ACCESSION) == (
        "https://www.sec.gov/Archives/edgar/data/1126087/000090873706000882/"
        "0000908737-06-000882-index.htm")
