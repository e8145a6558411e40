"""pmdw report: every plot present with the numbers the warehouse holds, nothing outside the page,
the same bytes for the same warehouse, empty states for an empty warehouse, clear errors."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from etl import db
from etl.cli import main
from etl.pipeline import run_load
from etl.report import build_report, render_report
from etl.report.queries import (
    UNKNOWN_FAMILY,
    AssetPoint,
    FeeCount,
    FindingCount,
    LoadRunRow,
    OwnershipCount,
    ReportData,
    Totals,
)
from tests import conftest
from tests.conftest import SEED
from tests.warehouse_queries import rows as _query

CORPUS = Path(__file__).resolve().parent / "corpus"
PLOT_IDS = ("plot-assets-by-category", "plot-performance-fee-managers", "plot-ownership-by-family",
            "plot-load-runs", "plot-findings-by-check")
CATEGORY_LABELS = {"registered_investment_companies": "Registered investment companies",
                   "other_pooled_investment_vehicles": "Other pooled investment vehicles",
                   "other_accounts": "Other accounts"}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def corpus_warehouse(request, tmp_path_factory) -> str:
    """tests/corpus and the sample loaded once per database for the module (a load takes seconds)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('report') / 'corpus.sqlite'}"
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.create_database(f"pmdw_test_{os.getpid()}_{next(conftest._database_names)}")
    run_load([str(CORPUS), str(SEED)], database_url=url)
    return url


@pytest.fixture(scope="module")
def corpus_report(corpus_warehouse) -> str:
    return build_report(corpus_warehouse)


def _year(value) -> str:
    if value is None:
        return "undated"
    return str(value.year if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)).year)


def _table(page, plot_id: str) -> tuple[list[str], list[list[str]]]:
    [table] = page.xpath(f'//table[@id="numbers-{plot_id.removeprefix("plot-")}"]')
    headers = [th.text_content() for th in table.xpath("./thead/tr/th")]
    rows = [[td.text_content() for td in tr.xpath("./td")] for tr in table.xpath("./tbody/tr")]
    return headers, rows


def _figure(page, plot_id: str):
    [figure] = page.xpath(f'//figure[@id="{plot_id}"]')
    return figure


# --- every plot, with the data it should show ---------------------------------------------------


def test_every_plot_is_drawn_with_a_heading_a_guide_and_its_numbers(corpus_report):
    page = lxml_html.fromstring(corpus_report)
    for plot_id in PLOT_IDS:
        figure = _figure(page, plot_id)
        assert figure.get("data-empty") == "false", plot_id
        assert figure.xpath(".//*[local-name()='svg']"), plot_id
        section = figure.getparent()
        assert section.xpath("./h2")[0].text_content().strip(), plot_id
        assert section.xpath('./p[@class="guide"]')[0].text_content().strip(), plot_id
        assert section.xpath("./details/summary"), plot_id
        assert _table(page, plot_id)[1], plot_id


def test_assets_plot_has_every_category_and_year_that_sql_finds(corpus_warehouse, corpus_report):
    expected = Counter((CATEGORY_LABELS[c], _year(d)) for _m, c, d, _a in _query(corpus_warehouse, (
        "SELECT DISTINCT manager_id, category, as_of_date, total_assets_usd FROM manager_accounts")))
    headers, rows = _table(lxml_html.fromstring(corpus_report), "plot-assets-by-category")
    shown = {(r[0], r[1]): int(r[headers.index("disclosures")]) for r in rows}
    assert shown == dict(expected)
    assert len({year for _c, year in shown}) > 10 and len({c for c, _y in shown}) == 3
    svg = lxml_html.tostring(_figure(lxml_html.fromstring(corpus_report), "plot-assets-by-category"), encoding=str)
    assert all(label in svg for label in CATEGORY_LABELS.values())


def test_performance_fee_plot_counts_the_managers_sql_counts(corpus_warehouse, corpus_report):
    by_year: dict[str, set] = {}
    for as_of, manager in _query(corpus_warehouse, (
            "SELECT as_of_date, manager_id FROM manager_accounts "
            "WHERE perf_num_accounts > 0 OR perf_total_assets_usd > 0")):
        by_year.setdefault(_year(as_of), set()).add(manager)
    years = {_year(d) for (d,) in _query(corpus_warehouse, "SELECT DISTINCT as_of_date FROM manager_accounts")}
    headers, rows = _table(lxml_html.fromstring(corpus_report), "plot-performance-fee-managers")
    assert {r[0] for r in rows} == years
    any_column = headers.index("Any category")
    for row in rows:
        assert int(row[any_column].split(" of ")[0]) == len(by_year.get(row[0], ())), row
    assert sum(len(v) for v in by_year.values()) > 20


def test_ownership_plot_has_every_family_and_the_ranges_in_order(corpus_warehouse, corpus_report):
    families = {f or UNKNOWN_FAMILY for (f,) in _query(corpus_warehouse,
                                                        "SELECT DISTINCT registrant FROM manager_ownership")}
    headers, rows = _table(lxml_html.fromstring(corpus_report), "plot-ownership-by-family")
    assert {r[0] for r in rows} == families
    assert headers[1:8] == ["None", "$1-$10,000", "$10,001-$50,000", "$50,001-$100,000", "$100,001-$500,000",
                            "$500,001-$1,000,000", "Over $1,000,000"]
    pairs = set(_query(corpus_warehouse, "SELECT DISTINCT registrant, manager_id FROM manager_ownership"))
    for row in rows:  # a manager with one range per family counts once, so the total is at least this
        assert int(row[-1]) >= sum(1 for f, _m in pairs if (f or UNKNOWN_FAMILY) == row[0])
    svg = lxml_html.tostring(_figure(lxml_html.fromstring(corpus_report), "plot-ownership-by-family"), encoding=str)
    assert "$1-$10,000" in svg and "Over $1,000,000" in svg  # drawn as printed, not as math


def test_health_plots_count_runs_and_findings_as_the_tables_hold_them(corpus_warehouse, corpus_report):
    page = lxml_html.fromstring(corpus_report)
    runs = _query(corpus_warehouse, "SELECT id, documents_loaded FROM load_runs ORDER BY id")
    headers, rows = _table(page, "plot-load-runs")
    assert [r[0] for r in rows] == [str(i) for i, _n in runs] + ["all runs"]
    assert rows[-1][headers.index("loaded")] == str(sum(n for _i, n in runs))
    findings = {(c, s): n for c, s, n in _query(corpus_warehouse, (
        "SELECT check_name, severity, COUNT(*) FROM data_quality_findings GROUP BY check_name, severity"))}
    headers, rows = _table(page, "plot-findings-by-check")
    assert {(r[0], r[1]): int(r[2]) for r in rows} == findings
    assert len(findings) >= 3


# --- self-contained, valid, reproducible --------------------------------------------------------------


def test_the_page_refers_to_nothing_outside_itself(corpus_report):
    page = lxml_html.fromstring(corpus_report)
    assert not page.xpath("//script | //link | //iframe | //object | //embed | //img")
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name.split("}")[-1] in ("src", "href") or name.endswith("href"):
                assert value.startswith("#"), (element.tag, name, value)
    without_namespaces = re.sub(r'\sxmlns(:\w+)?="[^"]*"', "", corpus_report)  # names, not links
    assert not re.search(r"url\((?!#)|@import|https?://", without_namespaces), "external reference in CSS or SVG"


def test_element_ids_are_unique(corpus_report):
    ids = Counter(re.findall(r'\sid="([^"]+)"', corpus_report))
    assert [i for i, n in ids.items() if n > 1] == []
    assert all(f'href="#{plot_id}"' in corpus_report for plot_id in PLOT_IDS)


def test_the_same_warehouse_gives_the_same_bytes(corpus_warehouse, corpus_report, tmp_path):
    result = CliRunner().invoke(main, ["report", "--out", str(tmp_path / "again.html"), "--db", corpus_warehouse])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again.html").read_bytes() == corpus_report.encode()


def test_another_process_gives_the_same_bytes(corpus_warehouse, corpus_report, tmp_path):
    """Nothing hangs on the process: not the hash seed, not the clock, not matplotlib's id counters."""
    out = tmp_path / "other.html"
    done = subprocess.run([sys.executable, "-c", "from etl.cli import main; main()", "report", "--out", str(out),
                           "--db", corpus_warehouse], check=False, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == corpus_report.encode()


# --- the sample, an empty warehouse ---------------------------------------------------------------


def test_the_sample_gives_every_plot(warehouse_url):
    run_load([str(SEED)], database_url=warehouse_url)
    page = lxml_html.fromstring(build_report(warehouse_url))
    for plot_id in PLOT_IDS:
        assert _figure(page, plot_id).get("data-empty") == "false", plot_id
    headers, rows = _table(page, "plot-assets-by-category")
    assert [(r[0], r[1], r[headers.index("disclosures")], r[headers.index("assets zero")]) for r in rows] == [
        ("Registered investment companies", "2006", "2", "0"),
        ("Other pooled investment vehicles", "2006", "2", "1"),
        ("Other accounts", "2006", "2", "1"),
    ]
    headers, rows = _table(page, "plot-performance-fee-managers")
    assert rows == [["2006", "0 of 2", "1 of 2", "0 of 2", "1 of 2"]]
    headers, rows = _table(page, "plot-ownership-by-family")
    assert rows[0][0] == "Met Investors Series Trust" and rows[0][headers.index("None")] == "2"


def test_an_empty_warehouse_gives_the_empty_states(warehouse_url):
    db.upgrade(warehouse_url)
    report = build_report(warehouse_url)
    page = lxml_html.fromstring(report)
    for plot_id in PLOT_IDS:
        figure = _figure(page, plot_id)
        assert figure.get("data-empty") == "true", plot_id
        assert not figure.xpath(".//*[local-name()='svg']"), plot_id
        message = figure.xpath('./p[@class="empty-state"]')[0].text_content()
        assert "load" in message, (plot_id, message)
    assert "no loaded filings yet" in report and "No load run is recorded" in report


# --- the command ---------------------------------------------------------------------------------------


@pytest.fixture
def seed_warehouse(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'seed.sqlite'}"
    run_load([str(SEED)], database_url=url)
    return url


def test_command_writes_the_page_and_says_where(seed_warehouse, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--out", str(out), "--db", seed_warehouse])
    assert result.exit_code == 0, result.output
    assert f"report: {out}" in result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left


@pytest.mark.parametrize("where", ["missing_directory", "a_directory", "under_a_file"])
def test_an_unwritable_out_is_a_clear_error_and_exit_2(seed_warehouse, tmp_path, where):
    (tmp_path / "plain_file").write_text("keep")
    out = {"missing_directory": tmp_path / "no" / "such" / "report.html",
           "a_directory": tmp_path,
           "under_a_file": tmp_path / "plain_file" / "report.html"}[where]
    result = CliRunner().invoke(main, ["report", "--out", str(out), "--db", seed_warehouse])
    assert result.exit_code == 2, result.output
    assert "report" in result.output and str(out) in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "plain_file").read_text() == "keep"


def test_no_warehouse_is_a_clear_error_and_exit_2(tmp_path):
    url = f"sqlite:///{tmp_path / 'absent.sqlite'}"
    result = CliRunner().invoke(main, ["report", "--out", str(tmp_path / "r.html"), "--db", url])
    assert result.exit_code == 2
    assert "no warehouse" in result.output
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "absent.sqlite").exists()


def test_out_is_required():
    result = CliRunner().invoke(main, ["report"])
    assert result.exit_code == 2 and "--out" in result.output


# --- partial warehouses, without a database ------------------------------------------------------


def test_rows_with_nothing_to_draw_give_the_empty_state_and_still_the_numbers():
    data = ReportData(
        totals=Totals(filings=1, managers=1, account_rows=2, ownership_rows=0, parser_version="x"),
        assets=(AssetPoint("other_accounts", 2006, None), AssetPoint("other_accounts", None, 5e8)),
        fees=(FeeCount(None, "other_accounts", 1, 0), FeeCount(None, "*", 1, 0)),
        ownership=(), load_runs=(), quarantined_now=0, findings=())
    page = lxml_html.fromstring(render_report(data, "test"))
    assert all(_figure(page, plot_id).get("data-empty") == "true" for plot_id in PLOT_IDS)
    headers, rows = _table(page, "plot-assets-by-category")
    assert [(r[1], r[headers.index("assets NULL")], r[headers.index("drawn")]) for r in rows] == [
        ("2006", "1", "0"), ("undated", "0", "0")]
    assert "No other-accounts figure with a total above zero and an as-of date" in page.text_content()
    assert "No manager's ownership range is loaded" in page.text_content()
    assert "every loaded document was read without one" in page.text_content()


def test_an_unreachable_database_is_a_clear_error_and_exit_2(tmp_path):
    url = "postgresql://nobody:secret@127.0.0.1:1/warehouse"
    result = CliRunner().invoke(main, ["report", "--out", str(tmp_path / "r.html"), "--db", url])
    assert result.exit_code == 2, result.output
    assert "cannot reach the warehouse" in result.output and "secret" not in result.output
    assert not (tmp_path / "r.html").exists()


def test_a_large_warehouse_gives_a_page_of_bounded_size():
    """30,000 disclosures, 400 fund families, 500 load runs: boxes without their points, 25 bars
    (the table lists every family), the last 30 runs (and the table adds up all of them)."""
    categories = tuple(CATEGORY_LABELS)
    data = ReportData(
        totals=Totals(30_000, 5_000, 30_000, 2_800, "x"),
        assets=tuple(AssetPoint(categories[i % 3], 2005 + i % 20, 10 ** (6 + (i * 37 % 500) / 100))
                     for i in range(30_000)),
        fees=tuple(FeeCount(y, c, 100, 10) for y in range(2005, 2025) for c in (*categories, "*")),
        ownership=tuple(OwnershipCount(f"Family {i:03d}", r, 2) for i in range(400) for r in range(7)),
        load_runs=tuple(LoadRunRow(i, "2026-01-01 00:00", "succeeded", 100, 90, 5, 3, 2, 7) for i in range(1, 501)),
        quarantined_now=3, findings=(FindingCount("some_check", "warning", 5, 2),))
    report = render_report(data, "test")
    assert len(report.encode()) < 600_000
    page = lxml_html.fromstring(report)
    assert len(_table(page, "plot-ownership-by-family")[1]) == 400
    assert len(_table(page, "plot-load-runs")[1]) == 31  # the last 30 runs and the sum of all
    assert "375 other families" in report


# --- in a real headless browser (tests/browser.py) --------------------------------------------

_DRAWN = """return Array.from(document.querySelectorAll('figure[id^="plot-"]')).map(f => {
  const svg = f.querySelector('svg'); const box = svg ? svg.getBoundingClientRect() : null;
  return [f.id, f.getAttribute('data-empty'), box ? Math.round(box.width) : 0, box ? Math.round(box.height) : 0,
          svg ? svg.querySelectorAll('path, use, rect').length : 0];
});"""


def test_the_report_opens_in_a_browser_with_every_plot_drawn(browser, tmp_path):
    """The page written for the sample and tests/corpus (SQLite), opened from its file in
    headless Chromium with no network: every plot is drawn at a readable size, and a plot's
    numbers open from its summary. A screenshot is kept as a test artifact."""
    from tests.browser import open_page, save_screenshot

    url = f"sqlite:///{tmp_path / 'corpus.sqlite'}"
    run_load([str(CORPUS), str(SEED)], database_url=url)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--out", str(out), "--db", url])
    assert result.exit_code == 0, result.output
    open_page(browser, out, wait_for_css="#plot-assets-by-category svg")
    drawn = {row[0]: row[1:] for row in browser.execute_script(_DRAWN)}
    assert set(drawn) == set(PLOT_IDS)
    for plot_id, (empty, width, height, marks) in drawn.items():
        assert empty == "false", plot_id
        assert width >= 300 and height >= 150 and marks > 10, (plot_id, width, height, marks)
    summary = browser.find_element("css selector", "#section-assets-by-category details summary")
    summary.click()
    numbers = browser.find_element("css selector", "#numbers-assets-by-category")
    assert numbers.is_displayed() and "Other accounts" in numbers.text
    assert save_screenshot(browser, "report-corpus").stat().st_size > 10_000
