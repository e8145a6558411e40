"""The seed filing loads end to end, and every fact the issue lists is in the warehouse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text

from etl.pipeline import run_load
from tests.conftest import SEED

RIC, POOLED, OTHER = ("registered_investment_companies", "other_pooled_investment_vehicles",
                      "other_accounts")
BILLION, MILLION = Decimal(10) ** 9, Decimal(10) ** 6


@pytest.fixture
def loaded(warehouse_url):
    summary = run_load([str(SEED)], database_url=warehouse_url)
    engine = create_engine(warehouse_url)
    yield summary, engine
    engine.dispose()


def rows(engine, sql: str, **params) -> list[dict]:
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(text(sql), params)]


def as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def test_seed_loads_as_one_filing_with_its_edgar_identity(loaded):
    summary, engine = loaded
    assert summary.exit_code == 0
    assert summary.statuses["loaded"] == 1
    [filing] = rows(engine, """
        SELECT f.*, r.name AS registrant, r.cik AS registrant_cik
        FROM filings f JOIN registrants r ON r.id = f.registrant_id""")
    assert filing["registrant"] == "Met Investors Series Trust"
    assert filing["cik"] == 1126087 and filing["registrant_cik"] == 1126087
    assert filing["accession_number"] == "0000908737-06-000882"
    assert filing["document_name"] == "dec20.txt"
    assert as_date(filing["document_date"]) == dt.date(2006, 12, 21)
    assert filing["form_type"] is None and filing["filed_date"] is None  # not in the document
    assert len(filing["content_sha256"]) == 64
    assert filing["source_path"] == str(SEED)
    assert rows(engine, "SELECT name FROM funds") == [{"name": "Dreman Small-Cap Value Portfolio"}]


def test_seed_adviser_and_its_per_filing_facts(loaded):
    _, engine = loaded
    [adviser] = rows(engine, """
        SELECT a.name, d.address, d.aum_usd, d.aum_qualifier, d.aum_as_of_date, d.year_founded,
               d.line_start, d.raw_text
        FROM advisers a JOIN adviser_disclosures d ON d.adviser_id = a.id""")
    assert adviser["name"] == "Dreman Value Management, LLC"
    assert adviser["address"] == "520 East Cooper Avenue, Aspen, Colorado 81611"
    assert adviser["year_founded"] == 1977
    assert Decimal(adviser["aum_usd"]) == 20 * BILLION and adviser["aum_qualifier"] == "nearly"
    assert as_date(adviser["aum_as_of_date"]) == dt.date(2006, 9, 30)
    assert "nearly $20 billion" in adviser["raw_text"]


def test_seed_managers_with_names_split_into_parts_and_titles(loaded):
    _, engine = loaded
    managers = rows(engine, """
        SELECT m.full_name, m.given_name, m.middle_name, m.family_name, m.suffix, a.name AS adviser,
               d.title, d.joined_adviser_date
        FROM managers m JOIN advisers a ON a.id = m.adviser_id
        JOIN manager_disclosures d ON d.manager_id = m.id ORDER BY m.family_name""")
    assert [m["full_name"] for m in managers] == ["David Dreman", "E. Clifton Hoover, Jr."]
    dreman, hoover = managers
    assert (hoover["given_name"], hoover["middle_name"], hoover["family_name"], hoover["suffix"]) == \
        ("E.", "Clifton", "Hoover", "Jr.")
    assert hoover["title"] == ("Managing Director and co-Chief Investment Officer of Dreman's "
                               "Large Cap Value Strategy")
    assert as_date(hoover["joined_adviser_date"]) == dt.date(2006, 12, 4)
    assert dreman["title"] is None
    assert {m["adviser"] for m in managers} == {"Dreman Value Management, LLC"}


EXPECTED_ACCOUNTS = {
    ("David Dreman", RIC): (19, Decimal("15.7") * BILLION, 0, Decimal(0)),
    ("David Dreman", POOLED): (3, Decimal("6.0") * MILLION, 3, Decimal("60.0") * MILLION),
    ("David Dreman", OTHER): (114, Decimal("4.1") * BILLION, 0, Decimal(0)),
    ("E. Clifton Hoover, Jr.", RIC): (13, Decimal("15.3") * BILLION, 0, Decimal(0)),
    ("E. Clifton Hoover, Jr.", POOLED): (0, Decimal(0), 0, Decimal(0)),
    ("E. Clifton Hoover, Jr.", OTHER): (0, Decimal(0), 0, Decimal(0)),
}


def test_seed_other_accounts_by_manager_and_category(loaded):
    _, engine = loaded
    found = rows(engine, "SELECT * FROM manager_accounts")
    assert len(found) == 6
    for row in found:
        expected = EXPECTED_ACCOUNTS[(row["manager"], row["category"])]
        actual = (row["num_accounts"], Decimal(row["total_assets_usd"]), row["perf_num_accounts"],
                  Decimal(row["perf_total_assets_usd"]))
        assert actual == expected, row
        assert as_date(row["as_of_date"]) == dt.date(2006, 11, 30)
        assert row["fund"] == "Dreman Small-Cap Value Portfolio"
        assert row["adviser"] == "Dreman Value Management, LLC"
        assert row["accession_number"] == "0000908737-06-000882" and row["cik"] == 1126087


def test_every_account_fact_points_at_the_lines_it_was_read_from(loaded):
    _, engine = loaded
    lines = SEED.read_text().splitlines()
    for row in rows(engine, "SELECT * FROM account_categories"):
        assert row["raw_text"] == "\n".join(lines[row["line_start"] - 1:row["line_end"]])
    dreman = rows(engine, """SELECT DISTINCT a.raw_text FROM account_categories a
                             JOIN managers m ON m.id = a.manager_id WHERE m.family_name = 'Dreman'""")
    assert dreman[0]["raw_text"].startswith("David           19     $15.7")


def test_seed_ownership_is_none_for_both_managers(loaded):
    _, engine = loaded
    found = rows(engine, "SELECT * FROM manager_ownership ORDER BY manager")
    assert [r["manager"] for r in found] == ["David Dreman", "E. Clifton Hoover, Jr."]
    for row in found:
        assert Decimal(row["range_low_usd"]) == 0 and Decimal(row["range_high_usd"]) == 0
        assert row["range_label"] == "none"
        assert as_date(row["as_of_date"]) == dt.date(2006, 12, 20)
        assert "XXX" in rows(engine, "SELECT raw_text FROM ownership_ranges WHERE line_start = :l",
                             l=row["line_start"])[0]["raw_text"]


def test_seed_has_one_finding_for_performance_fee_assets_above_total(loaded):
    summary, engine = loaded
    [finding] = rows(engine, "SELECT * FROM data_quality_findings")
    assert summary.findings == 1
    assert finding["check_name"] == "performance_fee_assets_exceed_total"
    assert "$60,000,000" in finding["message"] and "$6,000,000" in finding["message"]
    stored = rows(engine, "SELECT perf_total_assets_usd, total_assets_usd FROM account_categories "
                          "WHERE category = :c AND perf_num_accounts = 3", c=POOLED)
    assert [(Decimal(r["perf_total_assets_usd"]), Decimal(r["total_assets_usd"])) for r in stored] == \
        [(60 * MILLION, 6 * MILLION)]  # as printed, not corrected


def test_seed_compensation_and_conflicts_prose_is_stored(loaded):
    _, engine = loaded
    prose = {r["kind"]: r for r in rows(engine, """
        SELECT t.kind, t.heading, t.body, a.name AS adviser FROM disclosure_texts t
        JOIN advisers a ON a.id = t.adviser_id""")}
    assert set(prose) == {"compensation", "conflicts"}
    assert prose["compensation"]["body"].startswith("The Funds have been advised that the advisor")
    assert "profit sharing plan" in prose["compensation"]["body"]
    assert "Qualitative factors:" in prose["compensation"]["body"]
    assert prose["conflicts"]["heading"] == "(a)(4) Description of any material conflicts"
    assert prose["conflicts"]["body"].startswith("In addition to managing the assets of the Fund")
    assert {r["adviser"] for r in prose.values()} == {"Dreman Value Management, LLC"}
