"""What the reader does with figures it cannot trust: NULL with a finding, never a guess."""

from sqlalchemy import create_engine
from sqlalchemy import text as text_sql

from etl.parse import parse_document
from etl.pipeline import run_load
from etl.validate import check

HEAD = """<html><body><p><b>PORTFOLIO MANAGERS</b></p>
<p>The following table shows the other accounts managed as of June 30, 2023.</p>
<table border="1">
<tr><td>Portfolio Manager</td><td>Type of Account</td><td>Number of Accounts</td><td>Total Assets</td></tr>
"""


def _document(rows: str) -> str:
    return HEAD + rows + "</table></body></html>"


def _rows(doc):
    return {(a.manager.full, a.category.value): a for a in doc.accounts}


def test_a_count_that_is_not_a_whole_number_is_left_empty_with_a_finding():
    doc = parse_document(_document(
        "<tr><td>Marta Lindqvist</td><td>Registered Investment Companies</td><td>2.5</td><td>$1.2 billion</td></tr>"
        "<tr><td></td><td>Other Accounts</td><td>7</td><td>$310.0 million</td></tr>"), is_html=True)
    rows = _rows(doc)
    assert rows[("Marta Lindqvist", "registered_investment_companies")].num_accounts is None
    assert rows[("Marta Lindqvist", "registered_investment_companies")].total_assets_usd == 1_200_000_000
    assert rows[("Marta Lindqvist", "other_accounts")].num_accounts == 7
    assert any("'2.5'" in f.message and "not a whole number of accounts" in f.message for f in check(doc))


def test_an_amount_where_a_count_belongs_is_left_empty_with_a_finding():
    doc = parse_document(_document(
        "<tr><td>Marta Lindqvist</td><td>Other Pooled Investment Vehicles</td><td>$4.5 million</td>"
        "<td>$4.5 million</td></tr>"), is_html=True)
    row = _rows(doc)[("Marta Lindqvist", "other_pooled_investment_vehicles")]
    assert row.num_accounts is None and row.total_assets_usd == 4_500_000
    assert any("not a whole number of accounts" in f.message for f in check(doc))


def test_an_amount_with_no_unit_anywhere_that_cannot_be_dollars_is_left_empty_with_a_finding():
    doc = parse_document(_document(
        "<tr><td>Marta Lindqvist</td><td>Registered Investment Companies</td><td>12</td><td>1,204.6</td></tr>"
        "<tr><td></td><td>Other Accounts</td><td>3</td><td>0</td></tr>"), is_html=True)
    rows = _rows(doc)
    assert rows[("Marta Lindqvist", "registered_investment_companies")].total_assets_usd is None
    assert rows[("Marta Lindqvist", "other_accounts")].total_assets_usd == 0
    [finding] = [f for f in check(doc) if "1,204.6" in f.message]
    assert "without a unit" in finding.message and finding.severity == "error"


def test_whole_dollars_need_no_unit():
    doc = parse_document(_document(
        "<tr><td>Marta Lindqvist</td><td>Registered Investment Companies</td><td>4</td><td>$2,310,450,000</td></tr>"),
        is_html=True)
    assert _rows(doc)[("Marta Lindqvist", "registered_investment_companies")].total_assets_usd == 2_310_450_000
    assert not [f for f in check(doc) if f.severity == "error"]


def test_figures_past_what_the_warehouse_holds_are_left_empty_with_a_finding_and_the_rest_loads(warehouse_url, tmp_path):
    """A count past INTEGER or an amount past NUMERIC(20, 2) would be rounded by SQLite and fail
    the whole document on PostgreSQL; it is left empty, said, and the other figures load."""
    text = _document(
        "<tr><td>Ilse Varga</td><td>Registered Investment Companies</td><td>3</td>"
        "<td>$9,999,999,999,999,999 billion</td></tr>"
        "<tr><td></td><td>Other Pooled Investment Vehicles</td><td>99999999999</td><td>$5 million</td></tr>"
        "<tr><td></td><td>Other Accounts</td><td>2</td><td>$1 million</td></tr>")
    doc = parse_document(text, is_html=True)
    rows = _rows(doc)
    assert (rows[("Ilse Varga", "registered_investment_companies")].num_accounts,
            rows[("Ilse Varga", "registered_investment_companies")].total_assets_usd) == (3, None)
    assert (rows[("Ilse Varga", "other_pooled_investment_vehicles")].num_accounts,
            rows[("Ilse Varga", "other_pooled_investment_vehicles")].total_assets_usd) == (None, 5_000_000)
    messages = [f.message for f in check(doc) if "more than the warehouse can hold" in f.message]
    assert len(messages) == 2 and any("99999999999" in m for m in messages)

    path = tmp_path / "0000900000-24-000001_varga.htm"
    path.write_text(text)
    summary = run_load([str(path)], database_url=warehouse_url)
    assert summary.statuses["loaded"] == 1 and summary.findings >= 2
    engine = create_engine(warehouse_url)
    with engine.connect() as connection:
        stored = connection.execute(text_sql(
            "SELECT num_accounts, total_assets_usd FROM account_categories ORDER BY num_accounts")).all()
    engine.dispose()
    assert sorted(stored, key=str) == sorted([(2, 1_000_000), (3, None), (None, 5_000_000)], key=str)
