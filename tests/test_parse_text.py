"""Parser unit tests: plain-text documents to dataclasses, no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from etl.parse import parse_document
from etl.parse.names import parse_person_name
from etl.parse.records import Category
from tests.conftest import FEE_CHANGE_SUPPLEMENT, SEED


def test_seed_parses_to_the_documented_facts():
    doc = parse_document(SEED.read_text())
    assert doc.registrant == "Met Investors Series Trust"
    assert doc.funds == ("Dreman Small-Cap Value Portfolio",)
    assert doc.document_date == dt.date(2006, 12, 21)
    figures = {(a.manager.full, a.category): a for a in doc.accounts}
    dreman_pooled = figures[("David Dreman", Category.OTHER_POOLED_INVESTMENT_VEHICLES)]
    assert (dreman_pooled.num_accounts, dreman_pooled.total_assets_usd) == (3, Decimal(6_000_000))
    assert (dreman_pooled.perf_num_accounts, dreman_pooled.perf_total_assets_usd) == (3, Decimal(60_000_000))
    assert (dreman_pooled.span.line_start, dreman_pooled.span.line_end) == (85, 86)
    assert {o.manager.full: o.range_label for o in doc.ownership} == {
        "David Dreman": "none", "E. Clifton Hoover, Jr.": "none"}


def test_fee_change_supplement_has_no_disclosure():
    doc = parse_document(FEE_CHANGE_SUPPLEMENT.read_text())
    assert not doc.has_disclosure
    assert doc.accounts == () and doc.ownership == () and doc.sections == ()
    assert doc.registrant == "Harbor Lane Investment Trust"
    assert doc.document_date == dt.date(2008, 3, 3)


SIMPLE_ACCOUNTS = """\
ACME FUNDS TRUST
Acme Growth Fund

The following table shows the other accounts managed by each portfolio manager as of
June 30, 2012.

<TABLE>
<CAPTION>
                          Registered               Other Pooled
                          Investment Companies     Investment Vehicles      Other Accounts
                          ---------------------    --------------------     ----------------
                          Number     Total         Number    Total          Number   Total
Portfolio Manager         of Accts   Assets        of Accts  Assets         of Accts Assets
<S>                       <C>        <C>           <C>       <C>            <C>      <C>
Jane Q. Public, CFA          4       $1.2 billion     2      $350 million     11     $75.5 million
John Roe III                 None    None             1      $12,500,000      ___    $ ___
</TABLE>
"""


def test_table_without_a_performance_block_reads_counts_and_units_and_blanks():
    doc = parse_document(SIMPLE_ACCOUNTS)
    rows = {(a.manager.full, a.category): a for a in doc.accounts}
    jane = rows[("Jane Q. Public", Category.REGISTERED_INVESTMENT_COMPANIES)]
    assert (jane.num_accounts, jane.total_assets_usd) == (4, Decimal("1.2") * 10**9)
    assert jane.perf_num_accounts is None and jane.as_of_date == dt.date(2012, 6, 30)
    roe_other = rows[("John Roe III", Category.OTHER_ACCOUNTS)]
    assert roe_other.num_accounts is None and roe_other.total_assets_usd is None  # blanks, not 0
    roe_ric = rows[("John Roe III", Category.REGISTERED_INVESTMENT_COMPANIES)]
    assert (roe_ric.num_accounts, roe_ric.total_assets_usd) == (0, Decimal(0))
    assert rows[("John Roe III", Category.OTHER_POOLED_INVESTMENT_VEHICLES)].total_assets_usd == 12_500_000


TRUSTEE_TABLE = """\
ACME FUNDS TRUST

Trustee ownership of fund shares as of December 31, 2011:

<TABLE>
<CAPTION>
                                                Aggregate Dollar Range
Name of Trustee     None   $1-$10,000   $10,001-$50,000   $50,001-$100,000   Over $100,000
<S>                 <C>    <C>          <C>               <C>                <C>
Alice Example                                                                      X
Bob Example          X
</TABLE>
"""


def test_trustees_ownership_table_is_never_read_as_manager_ownership():
    doc = parse_document(TRUSTEE_TABLE)
    assert doc.ownership == ()
    assert any("trustees' ownership table" in note for note in doc.notes)


def test_names_keep_generational_suffixes_and_drop_credentials_and_honorifics():
    assert parse_person_name("Anand G. Varadkar, CFA").full == "Anand G. Varadkar"
    assert parse_person_name("Mr. Varadkar").family == "Varadkar"
    assert parse_person_name("John Roe III").suffix == "III"
    assert parse_person_name("Anand Varadkar").key == parse_person_name("Anand G. Varadkar, CFA2").key
