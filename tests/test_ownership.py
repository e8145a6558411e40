"""Ownership read from grids and prose never raises: what is not understood becomes a problem
on the section's notice (a finding), and the rest of the document still loads."""

from __future__ import annotations

import pytest

from etl.parse import parse_document
from etl.validate import check

_HEAD = "<html><body><p><b>Acme Bond Fund</b></p><p><b>Portfolio Managers</b></p>"


def _table(*rows: str) -> str:
    return "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r.split("|")) + "</tr>" for r in rows) \
        + "</table>"


def test_a_range_not_understood_is_a_problem_not_an_exception():
    html = _HEAD + "<p>The dollar range of shares of each Fund owned by each portfolio manager as of May 31, 2020:</p>" \
        + _table("Portfolio Manager|Acme Bond Fund|Acme Value Fund", "Ann Lee|X|None", "Bo Park|$1-$10,000|Lots") \
        + "</body></html>"
    doc = parse_document(html, is_html=True)
    assert {(o.manager.full, o.fund, o.range_label) for o in doc.ownership} == {
        ("Ann Lee", "Acme Value Fund", "None"), ("Bo Park", "Acme Bond Fund", "$1-$10,000")}
    problems = [p for s in doc.sections for p in s.problems]
    assert any("'X'" in p for p in problems) and any("'Lots'" in p for p in problems)
    assert any(f.check_name == "ownership_rows_not_read" for f in check(doc))


def test_ranges_in_several_unexplained_columns_read_the_first_with_a_problem():
    html = _HEAD + "<p>The following information is as of May 31, 2020:</p>" + _table(
        "Portfolio Manager|Dollar Range of|Dollar Range of", "Ann Lee|None|$10,001-$50,000") + "</body></html>"
    doc = parse_document(html, is_html=True)
    assert [(o.manager.full, o.range_label) for o in doc.ownership] == [("Ann Lee", "None")]
    assert any("2 columns" in p for s in doc.sections for p in s.problems)


def test_a_respectively_sentence_whose_ranges_do_not_match_its_names_is_a_finding():
    html = _HEAD + "<p>As of May 31, 2020, the dollar range of shares of the Fund beneficially owned by Ann Lee, " \
        "Bo Park and Cy Diaz was $0 and $1-$10,000, respectively.</p></body></html>"
    doc = parse_document(html, is_html=True)
    assert doc.ownership == ()
    assert any(f.check_name == "ownership_rows_not_read" and "3 managers" in f.message for f in check(doc))


def test_the_owners_and_holders_of_account_procedures_are_not_managers_owning_shares():
    """A prospectus's procedures speak of the people who own an account ("all owners", "holders
    of record") beside an amount; only owning or holding as a manager's act states ownership."""
    procedures = [
        "For redemptions of more than $100,000 the Fund requires a signature by all owners of the "
        "account and a Medallion Signature Guarantee for each owner.",
        "Holders of record of over $50,000, Harbor Street Nominee among them, receive statements monthly.",
        "Joint owners, such as Mary Ellen Quint and her spouse, may exchange up to $10,000 a day.",
    ]
    html = _HEAD + "".join(f"<p>{p}</p>" for p in procedures) \
        + "<p>As of May 31, 2020, Ann Lee beneficially owned shares of the Fund in the range of $10,001-$50,000.</p>" \
        + "</body></html>"
    doc = parse_document(html, is_html=True)
    assert {(o.manager.full, o.range_label) for o in doc.ownership} == {("Ann Lee", "$10,001-$50,000")}


_CAPTIONED = """MERIDIAN HOLLOW GROWTH FUND

Statement of Additional Information dated May 1, 2025

Ownership of Fund Shares

     The table below shows, as of December 31, 2024, the dollar range of Fund shares
beneficially owned by each portfolio manager.

<TABLE>
<CAPTION>
                                        {caption}
PORTFOLIO MANAGER                       {second}
-----------------                       ---------------------------
<S>                                     <C>
Oriane K. Baptiste                      $100,001 - $500,000
Teodor V. Lindqvist                     None
</TABLE>
"""


@pytest.mark.parametrize("caption, second", [
    ("DOLLAR RANGE OF FUND SHARES", "BENEFICIALLY OWNED"),
    ("DOLLAR RANGE OF FUND", "SHARES OWNED"),
    ("FUND SHARES", "BENEFICIALLY OWNED"),
])
def test_an_ownership_column_heading_is_not_the_fund_of_its_rows(caption, second):
    """A text table's caption names its column ("DOLLAR RANGE OF FUND SHARES"), not a fund: the
    rows belong to the fund the cover names."""
    parsed = parse_document(_CAPTIONED.format(caption=caption, second=second))
    assert [(row.manager.family, (row.fund or "").lower()) for row in parsed.ownership] == [
        ("Baptiste", "meridian hollow growth fund"), ("Lindqvist", "meridian hollow growth fund")]


def test_a_line_naming_the_trust_a_fund_belongs_to_is_not_the_fund():
    """ "A Portfolio of Meridian Hollow Equity Funds" under a fund's name names the trust: the
    rows take the name above it, never the line itself, and never a title above it that names
    no fund ("Statement of Additional Information")."""
    text = _CAPTIONED.format(caption="DOLLAR RANGE OF FUND SHARES", second="BENEFICIALLY OWNED").replace(
        "MERIDIAN HOLLOW GROWTH FUND\n", "").replace(
        "Ownership of Fund Shares\n", "A Portfolio of Meridian Hollow Equity Funds\n\nOwnership of Fund Shares\n")
    parsed = parse_document(text)
    assert [row.fund for row in parsed.ownership] == [None, None]
