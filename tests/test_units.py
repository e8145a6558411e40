"""The unit vocabulary (etl/parse/units.py): every way a heading, note or lead-in states the unit
of a table's amounts, and the amounts that must not be taken for one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from etl.parse import parse_document
from etl.parse.units import join_unit_lines, unit_in_prose, unit_stated

K, M, B = Decimal(10) ** 3, Decimal(10) ** 6, Decimal(10) ** 9

HEADINGS = [
    ("Total Assets (in millions)", M),
    ("Total Assets (x $1 million)", M),
    ("Total Assets (x$1,000,000)", M),
    ("Assets (in $\nmillions)", M),  # words broken over a heading's lines
    ("TOTAL ASSETS ($ IN\nMILLIONS)", M),
    ("Total Assets ($ millions)", M),
    ("Total Assets ($millions)", M),
    ("Total Assets ($mm)", M),
    ("Total Assets ($MM)", M),
    ("Total Assets ($M)", M),
    ("(dollars in millions)", M),
    ("Total Assets (millions of dollars)", M),
    ("Total Assets (USD millions)", M),
    ("Assets Managed (Millions)", M),
    ("Total Assets ($ in billions)", B),
    ("Total Assets (in $B)", B),
    ("Total Assets (bn)", B),
    ("Total Assets (in thousands)", K),
    ("Total Assets ($000)", K),
    ("Total Assets ($000s)", K),
    ("Total Assets ($000's omitted)", K),
    ("Total Assets (000s)", K),
    ("Total Assets (in $1,000s)", K),
    ("Total Assets (x $1,000)", K),
    ("Total Assets ($ thousands)", K),
]

NOT_UNITS_IN_HEADINGS = [
    "Total Assets",
    "Accounts with assets over $1 million",
    "$1.2 billion",
    "Assets of $3 million",
    "1,000 accounts",
    "$1,000,000",
    "Dollar Range ($1-$10,000)",
    "Number of Accounts",
]

NOTES_AND_LEAD_INS = [
    ("+ Total assets are in millions.", M),
    ("* In millions of dollars.", M),
    ("Amounts are shown in thousands of dollars.", K),
    ("Total assets are stated in millions, as of June 30, 2021.", M),
    ("Assets are expressed in $ millions.", M),
    ("(Dollars in millions)", M),
    ("Figures are in U.S. dollars in billions.", B),
    ("Amounts in $000s.", K),
]

NOT_UNITS_IN_PROSE = [
    "The Adviser manages billions of dollars of client assets.",
    "It has placed hundreds of millions of dollars for pension plans.",
    "The firm trades in millions of shares a day.",
    "He managed 3 accounts with total assets of $3 million.",
    "As of June 30, 2021, the Adviser had approximately $1.2 billion in assets under management.",
    "The Fund may invest in securities of companies with market capitalizations below $500 million.",
]


@pytest.mark.parametrize("text, unit", HEADINGS)
def test_headings_state_units(text, unit):
    assert unit_stated(text) == unit


@pytest.mark.parametrize("text", NOT_UNITS_IN_HEADINGS)
def test_amounts_in_headings_are_not_units(text):
    assert unit_stated(text) is None


@pytest.mark.parametrize("text, unit", NOTES_AND_LEAD_INS)
def test_notes_and_lead_ins_state_units(text, unit):
    assert unit_in_prose(text) == unit


@pytest.mark.parametrize("text", NOT_UNITS_IN_PROSE)
def test_prose_about_amounts_states_no_unit(text):
    assert unit_in_prose(text) is None


def test_a_unit_word_on_its_own_line_joins_its_figure():
    assert join_unit_lines(["$1,234.5", "Million"]) == ["$1,234.5 Million"]
    assert join_unit_lines(["4", "2"]) == ["4", "2"]  # stacked values stay stacked


def _accounts(html: str) -> dict[tuple[str, str], tuple]:
    doc = parse_document(html, is_html=True, whole=True)
    return {(a.manager.family, a.category.value): (a.num_accounts, a.total_assets_usd, a.perf_num_accounts,
                                                  a.perf_total_assets_usd) for a in doc.accounts}


TABLE = """<html><body><p>{lead}</p><p>The table below shows the other accounts managed by Ada Quist as of
June 30, 2021.</p><table border="1">
<tr><td>Type of Account</td><td>Number of Accounts</td><td>{assets}</td><td>Number with Performance Fees</td>
<td>{perf}</td></tr>
<tr><td>Registered Investment Companies</td><td>4</td><td>{a1}</td><td>1</td><td>{p1}</td></tr>
<tr><td>Other Pooled Investment Vehicles</td><td>2</td><td>{a2}</td><td>0</td><td>$0</td></tr>
<tr><td>Other Accounts</td><td>9</td><td>{a3}</td><td>0</td><td>$0</td></tr>
</table></body></html>"""


def test_unit_in_one_column_heading_is_that_columns_only():
    html = TABLE.format(lead="", assets="Total Assets (in millions)", perf="Performance-Fee Assets",
                        a1="1,234.5", a2="310.2", a3="876.1", p1="$1,100,000,000")
    read = _accounts(html)
    assert read[("Quist", "registered_investment_companies")] == (4, Decimal("1234500000"), 1,
                                                                  Decimal("1100000000"))


def test_million_on_its_own_line_in_a_cell():
    html = TABLE.format(lead="", assets="Total Assets", perf="Performance-Fee Assets",
                        a1="$1,234.5<br>Million", a2="$2.3<br>Billion", a3="$876.1<br>Million", p1="$95.0<br>Million")
    read = _accounts(html)
    assert read[("Quist", "registered_investment_companies")] == (4, Decimal("1234500000"), 1, Decimal("95000000"))
    assert read[("Quist", "other_pooled_investment_vehicles")][1] == Decimal("2300000000")


def test_adviser_billions_in_the_lead_in_leave_whole_dollars_alone():
    html = TABLE.format(lead="The Adviser manages billions of dollars and has placed hundreds of millions of dollars "
                             "for pension plans.", assets="Total Assets", perf="Performance-Fee Assets",
                        a1="$1,234,500,000", a2="$310,200,000", a3="$876,100,000", p1="$95,000,000")
    read = _accounts(html)
    assert read[("Quist", "registered_investment_companies")] == (4, Decimal("1234500000"), 1, Decimal("95000000"))
