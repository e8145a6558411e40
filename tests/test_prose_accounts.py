"""Other-accounts figures stated in prose: the grammar, people, and what it refuses to guess."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from etl.extract import read_documents
from etl.parse import parse_document
from etl.parse.prose import Paragraph
from etl.parse.prose_accounts import read_paragraph, tokens
from etl.parse.records import Category

CORPUS = Path(__file__).resolve().parent / "corpus"
R, P, OA = (Category.REGISTERED_INVESTMENT_COMPANIES, Category.OTHER_POOLED_INVESTMENT_VEHICLES,
           Category.OTHER_ACCOUNTS)


def _read(text: str, **kwargs):
    return read_paragraph(Paragraph(1, 1, (text,)), **kwargs)


def _rows(reading):
    return {(f.manager_text, f.category): (f.num_accounts, f.total_assets_usd, f.perf_num_accounts,
                                           f.perf_total_assets_usd) for f in reading.figures}


def test_each_manager_in_own_sentence_with_carried_date():
    reading = _read("As of June 30, 2020, Mia Strand managed 3 registered investment companies with "
                    "approximately $1.5 billion in assets. Omar Castellanos managed twelve other accounts "
                    "with approximately $250 million in assets.")
    assert _rows(reading) == {("Mia Strand", R): (3, Decimal("1.5E9"), None, None),
                              ("Omar Castellanos", OA): (12, Decimal("2.5E8"), None, None)}
    assert {f.as_of_date for f in reading.figures} == {dt.date(2020, 6, 30)}
    assert not reading.problems


def test_respectively_shares_counts_and_amounts_in_order():
    reading = _read("Messrs. Oakes and Lyle managed 4 and 6 registered investment companies with total "
                    "assets of $1.2 billion and $3.4 billion, respectively.")
    assert _rows(reading) == {("Oakes", R): (4, Decimal("1.2E9"), None, None),
                              ("Lyle", R): (6, Decimal("3.4E9"), None, None)}


def test_each_gives_every_manager_the_figures():
    reading = _read("Ms. Hart and Mr. Ibarra each managed 2 other pooled investment vehicles with "
                    "total assets of $80 million.")
    assert set(_rows(reading)) == {("Hart", P), ("Ibarra", P)}


def test_several_managers_without_respectively_or_each_is_a_problem():
    reading = _read("Ms. Hart and Mr. Ibarra managed 2 other pooled investment vehicles with total assets "
                    "of $80 million.")
    assert reading.figures == [] and any("not told apart" in p for p in reading.problems)


def test_pronoun_carries_the_last_manager():
    reading = _read("Ms. Hart managed 2 other accounts with total assets of $80 million. She also managed "
                    "1 other pooled investment vehicle with assets of $12.5 million.")
    assert set(_rows(reading)) == {("Hart", OA), ("Hart", P)}


def test_performance_subset_of_which_and_none_of_which():
    reading = _read("Dana Quill managed 9 other accounts with total assets of $2.0 billion, of which 2 "
                    "with total assets of $300 million pay a performance fee, and 3 other pooled investment "
                    "vehicles with total assets of $150 million, none of which pays a performance fee.")
    assert _rows(reading) == {("Dana Quill", OA): (9, Decimal("2.0E9"), 2, Decimal("3.00E8")),
                              ("Dana Quill", P): (3, Decimal("1.50E8"), 0, Decimal(0))}


def test_unit_stated_in_the_lead_in_applies_to_bare_amounts():
    reading = _read("Dana Quill managed 9 other accounts with total assets of $2,013.4.",
                    context_unit=Decimal(10) ** 6)
    assert _rows(reading)[("Dana Quill", OA)][1] == Decimal("2013400000.0")


@pytest.mark.parametrize("sentence, problem", [
    ("Dana Quill managed 9 other accounts with total assets of $2,013.4.", "has no unit"),
    ("Dana Quill managed 9 other accounts.", "no amount for the 9 other_accounts"),
    ("As of May 1, 2020, 4 registered investment companies with $2 billion were managed.", "no manager"),
    ("Dana Quill managed 4 registered investment companies with $2 billion and 7 accounts with $1 billion.",
     "figures not read ('7', '$1 billion')"),
    ("Dana Quill managed over $2 billion in 4 registered investment companies, or more than 5 registered "
     "investment companies.", "several figures of one category"),
    ("Dana Quill managed over $2 billion in 4 registered investment companies.", "figures not read ('$2 billion')"),
])
def test_figures_that_cannot_be_placed_are_problems_not_values(sentence, problem):
    reading = _read(sentence)
    assert any(problem in p for p in reading.problems), reading.problems
    for figure in reading.figures:
        assert figure.total_assets_usd is None or figure.num_accounts is not None


def test_dates_years_pages_and_percentages_are_not_figures():
    reading = _read("As of December 31, 2019, Dana Quill managed 4 registered investment companies with "
                    "$2 billion in assets (see page 12), about 15% of the team's assets since 2011.")
    assert reading.figures and not reading.problems


def test_a_sentence_without_managing_figures_is_not_a_section():
    reading = _read("Some of these pooled vehicles invest in a registered investment company that the "
                    "portfolio manager also manages.")
    assert not reading.is_accounts and not reading.figures and not reading.problems


def test_other_than_registered_investment_companies_is_not_a_second_category():
    kinds = [t.kind for t in tokens("no pooled investment vehicles other than registered investment companies")]
    assert kinds == ["count", "category"]


def test_unplaced_fixture_reports_every_figure():
    document = read_documents(CORPUS / "h5-prose-unplaced-figures.txt")[0]
    parsed = parse_document(document.text, is_html=document.is_html)
    problems = [p for s in parsed.sections for p in s.problems]
    assert any("'$2,140.5' has no unit" in p for p in problems)
    assert any("'9', '$610.2 million'" in p for p in problems)
    assert any("no amount for the 3 other_pooled_investment_vehicles" in p for p in problems)
    assert not any("'14'" in p for p in problems)  # "See page 14"


def test_tables_win_over_prose_for_the_same_manager_and_category():
    document = read_documents(CORPUS / "h5-prose-beside-table.htm")[0]
    parsed = parse_document(document.text, is_html=document.is_html)
    keys = [(a.manager.family, a.category) for a in parsed.accounts]
    assert len(keys) == len(set(keys)) == 6
