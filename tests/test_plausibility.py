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


# --- digits grouped wrongly: "$1,5 million" read as $15 million was a silent wrong value -----------------
# Commas part a US filing's digits in threes. A number whose commas do not ("3,4" where an excerpt cut
# "3,457.4", "$1,5 million" with a decimal comma, "1,00" with a digit lost) has no safe reading: each
# layout below leaves that one figure empty with a finding that quotes it, and reads the rest.

HEADED_IN_MILLIONS = """<html><body><p><b>PORTFOLIO MANAGERS</b></p>
<p>The following table shows the other accounts managed as of June 30, 2023.</p>
<table border="1">
<tr><td rowspan="2">Portfolio Manager</td><td colspan="3">Registered Investment Companies</td>
<td colspan="3">Other Pooled Investment Vehicles</td></tr>
<tr><td>Number of Accounts</td><td colspan="2">Assets (in millions)</td>
<td>Number of Accounts</td><td colspan="2">Assets (in millions)</td></tr>
<tr><td>Oskar Brandvold</td><td>4</td><td>$</td><td>2,118.7</td><td>6</td><td>$</td><td>{printed}</td></tr>
</table></body></html>"""

TEXT_TABLE = """                          STATEMENT OF ADDITIONAL INFORMATION

PORTFOLIO MANAGERS

     The table below shows the other accounts managed as of June 30, 2023.

<TABLE>
                                 REGISTERED INVESTMENT     OTHER POOLED INVESTMENT
                                       COMPANIES                   VEHICLES
                                ------------------------   ------------------------
                                           TOTAL ASSETS               TOTAL ASSETS
PORTFOLIO MANAGER                NUMBER  ($ IN MILLIONS)    NUMBER  ($ IN MILLIONS)
------------------------------  -------  ---------------   -------  ---------------
Oskar Brandvold                       4          2,118.7         6          {printed:>7}
</TABLE>
"""


def _figure(doc, category: str, field: str):
    [row] = [a for a in doc.accounts if a.manager.full == "Oskar Brandvold" and a.category.value == category]
    return getattr(row, field)


def _says(doc, printed: str) -> bool:
    return any(printed in f.message and "grouped wrongly" in f.message and f.severity == "error" for f in check(doc))


def test_an_amount_whose_commas_do_not_part_its_digits_in_threes_is_left_empty_with_a_finding():
    for printed in ("$1,5 million", "$1,234,56", "$12,00", "$1234,567 million"):
        doc = parse_document(_document(
            f"<tr><td>Oskar Brandvold</td><td>Registered Investment Companies</td><td>3</td><td>{printed}</td></tr>"
            "<tr><td></td><td>Other Accounts</td><td>7</td><td>$310.0 million</td></tr>"), is_html=True)
        assert _figure(doc, "registered_investment_companies", "total_assets_usd") is None, printed
        assert _figure(doc, "registered_investment_companies", "num_accounts") == 3
        assert _figure(doc, "other_accounts", "total_assets_usd") == 310_000_000
        assert _says(doc, printed), printed


def test_a_cut_amount_under_a_heading_in_millions_with_the_dollar_sign_in_its_own_cell_is_not_scaled_silently():
    doc = parse_document(HEADED_IN_MILLIONS.format(printed="3,4"), is_html=True)
    assert _figure(doc, "other_pooled_investment_vehicles", "total_assets_usd") is None
    assert _figure(doc, "other_pooled_investment_vehicles", "num_accounts") == 6
    assert _figure(doc, "registered_investment_companies", "total_assets_usd") == 2_118_700_000
    assert _says(doc, "3,4")
    whole = parse_document(HEADED_IN_MILLIONS.format(printed="3,457.4"), is_html=True)
    assert _figure(whole, "other_pooled_investment_vehicles", "total_assets_usd") == 3_457_400_000
    assert not _says(whole, "3,457.4")


def test_a_count_grouped_wrongly_is_left_empty_with_a_finding():
    doc = parse_document(_document(
        "<tr><td>Oskar Brandvold</td><td>Other Accounts</td><td>1,00</td><td>$310.0 million</td></tr>"), is_html=True)
    assert _figure(doc, "other_accounts", "num_accounts") is None
    assert _figure(doc, "other_accounts", "total_assets_usd") == 310_000_000
    assert _says(doc, "1,00")


def test_an_amount_grouped_wrongly_in_a_plain_text_table_is_left_empty_with_a_finding():
    doc = parse_document(TEXT_TABLE.format(printed="3,4"), is_html=False)
    assert _figure(doc, "other_pooled_investment_vehicles", "total_assets_usd") is None
    assert _figure(doc, "registered_investment_companies", "total_assets_usd") == 2_118_700_000
    assert _says(doc, "3,4")
    whole = parse_document(TEXT_TABLE.format(printed="3,457.4"), is_html=False)
    assert _figure(whole, "other_pooled_investment_vehicles", "total_assets_usd") == 3_457_400_000


def test_a_sentence_with_an_amount_grouped_wrongly_is_not_read_and_says_so():
    prose = ("<html><body><p><b>PORTFOLIO MANAGERS</b></p><p>As of June 30, 2023, Oskar Brandvold managed "
             "4 registered investment companies with total assets of $2.1 billion.</p><p>As of June 30, 2023, "
             "Oskar Brandvold managed 6 other pooled investment vehicles with total assets of {printed}.</p>"
             "</body></html>")
    doc = parse_document(prose.format(printed="$3,4 million"), is_html=True)
    assert _figure(doc, "registered_investment_companies", "total_assets_usd") == 2_100_000_000
    assert not [a for a in doc.accounts if a.category.value == "other_pooled_investment_vehicles"]
    assert _says(doc, "3,4")
    whole = parse_document(prose.format(printed="$3.4 million"), is_html=True)
    assert _figure(whole, "other_pooled_investment_vehicles", "total_assets_usd") == 3_400_000


def test_a_performance_fee_footnote_whose_amount_is_grouped_wrongly_leaves_it_empty_with_a_finding():
    doc = parse_document(
        HEAD + "<tr><td>Oskar Brandvold</td><td>Other Accounts</td><td>7*</td><td>$310.0 million</td></tr></table>"
        "<p>* One of these accounts, with assets of $45,2 million, pays an advisory fee based on performance.</p>"
        "</body></html>", is_html=True)
    assert _figure(doc, "other_accounts", "perf_num_accounts") == 1
    assert _figure(doc, "other_accounts", "perf_total_assets_usd") is None
    assert _says(doc, "45,2")


def test_an_advisers_assets_grouped_wrongly_are_left_empty_with_a_finding():
    text = ('<html><body><p>Harrowgate Capital Partners LLC ("Harrowgate"), 40 Quarry Lane, Boston, '
            'Massachusetts 02110, is the investment adviser to the Fund. As of June 30, 2023, Harrowgate '
            'managed approximately {printed} in assets.</p></body></html>')
    good = parse_document(text.format(printed="$12.5 billion"), is_html=True)
    assert [a.aum_usd for a in good.advisers] == [12_500_000_000]
    doc = parse_document(text.format(printed="$12,5 billion"), is_html=True)
    assert [a.aum_usd for a in doc.advisers] == [None]
    assert _says(doc, "12,5 billion")


def test_the_region_scan_keeps_what_it_cannot_read_so_the_focused_parse_equals_the_whole_one():
    padding = "<p>" + "The Fund may invest in foreign securities, which carry currency risk. " * 400 + "</p>"
    documents = [HEADED_IN_MILLIONS.format(printed="3,4"),
                 _document("<tr><td>Oskar Brandvold</td><td>Other Accounts</td><td>1,00</td><td>$1,5 million</td></tr>"),
                 "<html><body>" + padding + "<p><b>PORTFOLIO MANAGERS</b></p><p>As of June 30, 2023, Oskar Brandvold "
                 "managed 6 other pooled investment vehicles with total assets of $3,4 million.</p>" + padding
                 + "</body></html>"]
    for text in documents:
        padded = text.replace("<body>", "<body>" + padding, 1)
        focused, whole = parse_document(padded, is_html=True), parse_document(padded, is_html=True, whole=True)
        assert focused == whole
        assert any("grouped wrongly" in f.message for f in check(focused))


def test_an_ownership_range_grouped_wrongly_is_reported_as_not_understood_and_the_rest_is_read():
    doc = parse_document(
        "<html><body><p><b>PORTFOLIO MANAGERS</b></p><p>Ownership of Securities. The dollar range of Fund "
        "shares owned by each portfolio manager as of June 30, 2023:</p><table>"
        "<tr><td>Portfolio Manager</td><td>Dollar Range of Fund Shares Owned</td></tr>"
        "<tr><td>Oskar Brandvold</td><td>$1-$10,00</td></tr>"
        "<tr><td>Lena Marchetti</td><td>$10,001-$50,000</td></tr></table></body></html>", is_html=True)
    assert [(o.manager.full, o.range_low_usd, o.range_high_usd) for o in doc.ownership] == \
        [("Lena Marchetti", 10_001, 50_000)]
    assert any("Oskar Brandvold" in f.message and "'$1-$10,00'" in f.message and f.severity == "error"
               for f in check(doc))
