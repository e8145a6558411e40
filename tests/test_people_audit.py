"""Every person a disclosure names as a portfolio manager gets rows, or a finding that names the
person, unless the document explains it (etl/parse/people_audit.py, etl/validate.py).

Invented documents, HTML and plain text, with one set of facts each: who is named, where, and
what the document says about it."""

from __future__ import annotations

import json

import pytest

import etl.validate
from etl.evaluate import evaluate_directory
from etl.parse import parse_document
from etl.validate import check

MISSING_CHECKS = ("manager_without_account_rows", "manager_without_ownership_rows")
CATEGORIES = ("Registered Investment Companies", "Other Pooled Investment Vehicles", "Other Accounts")
FIGURES = (("4", "$1.3 billion"), ("2", "$85 million"), ("11", "$620 million"))


def missing_rows(doc) -> set[tuple[str, str]]:
    """(person, check) of each finding about a named manager without rows."""
    return {(f.message.split(" is named")[0], f.check_name) for f in check(doc) if f.check_name in MISSING_CHECKS}


# --- HTML ------------------------------------------------------------------------------------

def accounts_table(*managers: str) -> str:
    rows = "".join(
        f"<tr><td>{manager}</td><td>{category}</td><td>{count}</td><td>{assets}</td><td>0</td><td>$0</td></tr>"
        for manager in managers for category, (count, assets) in zip(CATEGORIES, FIGURES))
    return ("<table><tr><td>Portfolio Manager</td><td>Type of Account</td><td>Number of Accounts</td>"
            "<td>Total Assets</td><td>Number of Accounts Paying a Performance Fee</td>"
            f"<td>Total Assets Paying a Performance Fee</td></tr>{rows}</table>")


def ownership_table(*rows: tuple[str, str], header: str = "Portfolio Manager",
                    ranges: str = "Dollar Range of Fund Shares Owned") -> str:
    cells = "".join(f"<tr><td>{name}</td><td>{value}</td></tr>" for name, value in rows)
    return f"<table><tr><td>{header}</td><td>{ranges}</td></tr>{cells}</table>"


def html_document(*parts: str) -> str:
    body = "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in parts)
    return ("<html><body><p><b>WILLOWMERE FUNDS TRUST</b></p><p><b>Willowmere Balanced Fund</b></p>"
            "<p>Supplement dated June 15, 2022 to the Statement of Additional Information dated "
            f"February 28, 2022</p>{body}</body></html>")


def parse_html(*parts: str):
    return parse_document(html_document(*parts), is_html=True)


ACCOUNTS_LEAD_IN = ("<p><b>Other Accounts Managed.</b> The following table shows, as of April 30, 2022, the "
                    "other accounts managed by Ms. Vickery and Mr. Quenneville.</p>")
OWNERSHIP_LEAD_IN = ("<p><b>Ownership of Securities.</b> The dollar range of shares of the Fund beneficially "
                     "owned by each portfolio manager as of April 30, 2022 was as follows:</p>")


def test_a_manager_named_in_the_roster_and_lead_in_without_rows_is_a_finding():
    doc = parse_html(
        "Effective June 1, 2022, Lorna Vickery and Tobias Quenneville are the portfolio managers of the Fund.",
        ACCOUNTS_LEAD_IN, accounts_table("Lorna Vickery"),
        OWNERSHIP_LEAD_IN, ownership_table(("Lorna Vickery", "$10,001-$50,000")))
    assert missing_rows(doc) == {("Tobias Quenneville", "manager_without_account_rows"),
                                 ("Tobias Quenneville", "manager_without_ownership_rows")}
    named = {n.name.full: n for n in doc.named_managers}
    assert named["Tobias Quenneville"].why in ("roster", "lead_in") and named["Tobias Quenneville"].excused is None
    finding = next(f for f in check(doc) if f.check_name == "manager_without_account_rows")
    assert finding.severity == "warning" and finding.subject.manager == named["Tobias Quenneville"].name.key
    assert finding.subject.kind == "accounts" and finding.span.line_start > 0


def test_only_the_kinds_of_rows_the_document_has_are_expected():
    """A supplement that gives only the other accounts expects no ownership rows."""
    doc = parse_html(
        "Effective June 1, 2022, Lorna Vickery and Tobias Quenneville are the portfolio managers of the Fund.",
        ACCOUNTS_LEAD_IN, accounts_table("Lorna Vickery", "Tobias Quenneville"))
    assert missing_rows(doc) == set()


ROSTER = "Bo Park and Jane Roe have been the portfolio managers of the Fund."


@pytest.mark.parametrize("explanation", [
    "All references to Jane Roe are deleted.",
    "All references to Jane Roe as a portfolio manager of the Fund in the SAI are hereby deleted.",
    "Effective June 1, 2022, Jane Roe no longer serves as a portfolio manager of the Fund.",
    "Jane Roe has retired from the Adviser.",
    "Jane Roe will retire on June 30, 2022.",
    "Jane Roe has announced her intention to leave the Adviser.",
    "Cyrus Abernathy has replaced Jane Roe as a portfolio manager of the Fund.",
    "Cyrus Abernathy has taken over from Jane Roe as a portfolio manager of the Fund.",
    "Disclosure in the SAI relating to Jane Roe is removed.",
    "Please delete the information related to Jane Roe and replace it with the following.",
    "Every mention of Jane Roe in the “Portfolio Managers” section is deleted.",
])
def test_a_departing_manager_is_explained(explanation):
    doc = parse_html(ROSTER, explanation, "<p><b>Other Accounts Managed.</b> The following table shows, as of "
                     "April 30, 2022, the other accounts managed by Mr. Park.</p>", accounts_table("Bo Park"),
                     OWNERSHIP_LEAD_IN, ownership_table(("Bo Park", "None")))
    assert ("Jane Roe", "manager_without_account_rows") not in missing_rows(doc)
    assert {n.name.full: n.excused for n in doc.named_managers}.get("Jane Roe") == "removed"


def test_the_new_manager_of_a_replacement_is_not_the_departing_one():
    doc = parse_html("Cyrus Abernathy has replaced Jane Roe as the portfolio manager of the Fund.",
                     "<p><b>Other Accounts Managed.</b> The following table shows, as of April 30, 2022, the "
                     "other accounts managed by Mr. Park.</p>", accounts_table("Bo Park"))
    assert missing_rows(doc) == {("Cyrus Abernathy", "manager_without_account_rows")}


def test_a_trustee_in_a_trustee_table_is_not_a_manager():
    doc = parse_html(
        "<p><b>Trustee Ownership of Fund Shares.</b> The table below shows the dollar range of shares each "
        "Trustee owned as of December 31, 2021.</p>",
        ownership_table(("Marguerite Olander", "Over $100,000"), ("Desmond Achterberg", "None"),
                        header="Name of Trustee", ranges="Dollar Range of Equity Securities in the Fund"),
        "The Board of Trustees, chaired by Ms. Olander, oversees the portfolio managers of the Fund.",
        "Bo Park is the portfolio manager of the Fund.",
        "<p><b>Other Accounts Managed.</b> The following table shows, as of April 30, 2022, the other accounts "
        "managed by Mr. Park.</p>", accounts_table("Bo Park"),
        OWNERSHIP_LEAD_IN, ownership_table(("Bo Park", "None")))
    assert missing_rows(doc) == set()
    assert "Olander" not in {n.name.family for n in doc.named_managers}


def test_a_title_in_ownership_prose_resolves_to_the_full_name_of_the_table():
    doc = parse_html(
        "Ms. Roe is primarily responsible for the day-to-day management of the Fund.",
        "<p><b>Other Accounts Managed.</b> The following table shows, as of April 30, 2022, the other accounts "
        "managed by Ms. Roe.</p>", accounts_table("Jane Roe"),
        "<p><b>Ownership of Securities.</b> As of April 30, 2022, Ms. Roe did not beneficially own any shares "
        "of the Fund.</p>")
    assert missing_rows(doc) == set()
    assert [n.name.full for n in doc.named_managers] == ["Jane Roe"]


@pytest.mark.parametrize("scope", [
    "These sub-sections are also supplemented with regards solely to Mr. Desrosiers as follows:",
    "The additions below relate only to Mr. Desrosiers.",
    "The sub-sections are supplemented below, with information that concerns Mr. Desrosiers only.",
])
def test_a_supplement_that_says_whom_it_covers_explains_the_others_of_its_roster(scope):
    doc = parse_html(
        "The sub-sections Other accounts managed and Ownership of securities are supplemented to reflect that "
        f"the fund's portfolio managers are now Ines Larrabee, Hugo Desrosiers and Wendell Oyelaran. {scope}",
        "<p><b>Other accounts managed</b></p>",
        "The following table shows the number and assets of other accounts that the fund's portfolio manager "
        "managed as of April 30, 2022.", accounts_table("Hugo Desrosiers"),
        OWNERSHIP_LEAD_IN, ownership_table(("Hugo Desrosiers", "$0")))
    assert missing_rows(doc) == set()
    excused = {n.name.full: n.excused for n in doc.named_managers}
    assert excused["Ines Larrabee"] == excused["Wendell Oyelaran"] == "outside_scope"


def test_a_person_named_in_a_table_is_not_let_go_by_a_scope_statement():
    doc = parse_html(
        "The fund's portfolio managers are now Ines Larrabee and Hugo Desrosiers. The additions below relate "
        "only to Mr. Desrosiers.", ACCOUNTS_LEAD_IN, accounts_table("Hugo Desrosiers"),
        OWNERSHIP_LEAD_IN, ownership_table(("Hugo Desrosiers", "$0"), ("Ines Larrabee", "")))
    assert ("Ines Larrabee", "manager_without_ownership_rows") in missing_rows(doc)


def test_people_named_in_a_compensation_section_or_beside_officers_do_not_count():
    doc = parse_html(
        "Bo Park is the portfolio manager of the Fund.",
        "<p><b>Other Accounts Managed.</b> The following table shows, as of April 30, 2022, the other accounts "
        "managed by Mr. Park.</p>", accounts_table("Bo Park"),
        "<p><b>Compensation</b></p>",
        "Xavier Pellegrini, the Adviser's chief executive, reviews the work of each portfolio manager.",
        "Mr. Park is paid a fixed base salary and a bonus.",
        "<p><b>Ownership of Securities</b></p>",
        "As of April 30, 2022, Mr. Park did not beneficially own any shares of the Fund.",
        "Odile Fairweather, the Trust's chief compliance officer, monitors the portfolio managers' trading.")
    assert missing_rows(doc) == set()


def test_a_firm_over_its_managers_rows_is_not_a_person():
    doc = parse_html(
        ACCOUNTS_LEAD_IN, accounts_table("Lorna Vickery", "Tobias Quenneville"), OWNERSHIP_LEAD_IN,
        "<table><tr><td>Portfolio Manager</td><td>Fund</td><td>Dollar Range of Fund Shares Owned</td></tr>"
        "<tr><td colspan='3'>Hollis Brandt</td></tr>"
        "<tr><td>Lorna Vickery</td><td>Willowmere Balanced Fund</td><td>None</td></tr>"
        "<tr><td>Tobias Quenneville</td><td>Willowmere Balanced Fund</td><td>$1-$10,000</td></tr></table>")
    assert missing_rows(doc) == set()


def test_a_manager_whose_table_is_cut_off_is_a_finding():
    """A name row in the table with its figures missing (the excerpt ends): the person is named."""
    doc = parse_html(
        ACCOUNTS_LEAD_IN, accounts_table("Lorna Vickery")[:-len("</table>")]
        + "<tr><td>Tobias Quenneville</td></tr></table>")
    assert ("Tobias Quenneville", "manager_without_account_rows") in missing_rows(doc)


# --- plain text ------------------------------------------------------------------------------

def text_accounts_table(manager: str) -> str:
    rows = "\n".join(f"{category:<36}{count:>6}   {assets:>14}        0             $0"
                     for category, (count, assets) in zip(CATEGORIES, FIGURES))
    return f"""
                          {manager.upper()}

<TABLE>
<CAPTION>
                                                                 NUMBER OF     ASSETS OF
                                    NUMBER OF     TOTAL        ACCOUNTS WITH  ACCOUNTS WITH
TYPE OF ACCOUNT                      ACCOUNTS     ASSETS       PERFORMANCE    PERFORMANCE
                                                               FEES           FEES
----------------------------------  ---------   -----------   -----------   -----------
<S>                                 <C>         <C>           <C>           <C>
{rows}
</TABLE>
"""


def text_document(*parts: str) -> str:
    return ("                          WILLOWMERE FUNDS TRUST\n\n                        Willowmere Balanced Fund\n\n"
            "     Supplement dated June 15, 2022 to the Statement of Additional Information\n"
            "                        dated February 28, 2022\n\n" + "\n\n".join(parts) + "\n")


def test_text_a_manager_named_in_the_roster_without_rows_is_a_finding():
    doc = parse_document(text_document(
        "     Effective June 1, 2022, Lorna Vickery and Tobias Quenneville are the\nportfolio managers of the "
        "Fund.",
        "OTHER ACCOUNTS MANAGED\n\n     The table below shows the other accounts managed by Ms. Vickery as of\n"
        "April 30, 2022.", text_accounts_table("Lorna Vickery"),
        "OWNERSHIP OF SECURITIES\n\n     As of April 30, 2022, Ms. Vickery beneficially owned shares of the "
        "Fund\nwith a value of $10,001-$50,000."))
    assert {r.manager.full for r in doc.accounts} == {"Lorna Vickery"}
    assert missing_rows(doc) == {("Tobias Quenneville", "manager_without_account_rows"),
                                 ("Tobias Quenneville", "manager_without_ownership_rows")}


def test_text_a_departing_manager_is_explained():
    doc = parse_document(text_document(
        "     Lorna Vickery and Tobias Quenneville have been the portfolio managers\nof the Fund. Effective June "
        "1, 2022, Tobias Quenneville no longer serves as a\nportfolio manager of the Fund. All references to "
        "Mr. Quenneville in the\nSAI are hereby deleted.",
        "OTHER ACCOUNTS MANAGED\n\n     The table below shows the other accounts managed by Ms. Vickery as of\n"
        "April 30, 2022.", text_accounts_table("Lorna Vickery")))
    assert missing_rows(doc) == set()
    assert {n.name.full: n.excused for n in doc.named_managers}["Tobias Quenneville"] == "removed"


def test_text_a_title_in_ownership_prose_resolves_to_the_table():
    doc = parse_document(text_document(
        "OTHER ACCOUNTS MANAGED\n\n     The table below shows the other accounts managed by Ms. Roe as of\n"
        "April 30, 2022.", text_accounts_table("Jane Roe"),
        "OWNERSHIP OF SECURITIES\n\n     As of April 30, 2022, Ms. Roe did not beneficially own any shares of\n"
        "the Fund."))
    assert {r.manager.full for r in doc.ownership} == {"Jane Roe"}
    assert missing_rows(doc) == set()


# --- pmdw eval -------------------------------------------------------------------------------

def test_eval_counts_the_missing_rows_of_a_named_manager_as_flagged(tmp_path, monkeypatch):
    html = html_document(
        "Effective June 1, 2022, Lorna Vickery and Tobias Quenneville are the portfolio managers of the Fund.",
        ACCOUNTS_LEAD_IN, accounts_table("Lorna Vickery"))
    expected = [{"manager": manager, "category": category.lower().replace(" ", "_"), "num_accounts": 1}
                for manager in ("Tobias Quenneville",) for category in CATEGORIES]
    (tmp_path / "doc.htm").write_text(html)
    (tmp_path / "doc.expected.json").write_text(json.dumps({"accounts": expected, "ownership": []}))
    flagged = evaluate_directory(tmp_path)
    assert (flagged.missing, flagged.silent_missing) == (3, 0)
    monkeypatch.setattr(etl.validate, "CHECKS", [c for c in etl.validate.CHECKS
                                                 if c is not etl.validate.managers_without_rows])
    assert evaluate_directory(tmp_path).silent_missing == 3


