"""Property-based tests (hypothesis) over the value readers and the table builder.

The readers must never raise anything but their documented ``ValueError`` on any text, must read
back what was printed (amounts with units and commas, counts, the dollar ranges of Form N-1A in
every dash and spacing), never return a negative amount nor scale one that has no unit; the HTML
table builder must expand spans into a rectangular grid holding every cell's text. Issue 10.

Run with a fixed seed and a CI budget of examples (see tests/conftest.py); more with
``PMDW_HYPOTHESIS_EXAMPLES=20000`` or fresh random examples with ``HYPOTHESIS_PROFILE=deep``.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import os
import re
import subprocess
import sys
import time
from decimal import Decimal

import lxml.html
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from etl.parse import names, parse_document, tokens, units, values
from etl.parse.accounts_grid import _value as _cell_value
from etl.parse.accounts_grid import strip_marks
from etl.parse.grid import grid_from_html_table, is_footnote_mark, normalize_space
from etl.parse.records import ParsedDocument
from etl.parse.text_tables import Line, column_spans
from tests.conftest import REPO_ROOT
from tests.strategies import (
    FOOTNOTE_MARKS,
    WORDS,
    PrintedAmount,
    generated_ranges,
    hostile_text,
    packed_like_text,
    printed_amounts,
    printed_ranges,
    pumped_texts,
    ragged_tables,
    span_tables,
)


def examples(budget: int):
    """This property's share of the CI budget, or PMDW_HYPOTHESIS_EXAMPLES for every property."""
    return settings(max_examples=int(os.environ.get("PMDW_HYPOTHESIS_EXAMPLES", budget)))


def _outcome(reader, text):
    """What a reader gives: its value, or the ValueError it is documented to raise."""
    try:
        return reader(text)
    except ValueError as error:
        return error


# --- no reader raises on any text -----------------------------------------------------------

# every reader of a cell, heading or name, and what it may return
READERS = [
    (values.parse_money, (Decimal, type(None), ValueError)),
    (values.parse_count, (int, type(None), ValueError)),
    (values.parse_dollar_range, (tuple, ValueError)),
    (values.dollar_range_or_none, (tuple, type(None))),
    (values.is_dollar_range, (bool,)),
    (values.looks_like_figure, (bool,)),
    (values.is_placeholder, (bool,)),
    (values.parse_date, (dt.date, ValueError)),
    (values.find_dates, (list,)),
    (tokens.split_packed, (tuple, type(None))),
    (tokens.looks_like_typed_count, (bool,)),
    (tokens.read_cell_statement, (tokens.CellStatement, type(None))),
    (units.unit_stated, (Decimal, type(None))),
    (units.unit_in_prose, (Decimal, type(None))),
    (lambda text: units.join_unit_lines(text.split("\n")), (list,)),
    (names.clean_person_text, (str,)),
    (names.parse_person_name, (names.PersonName,)),
    (names.looks_like_person, (bool,)),
    (names.lone_surname, (str, type(None))),
    (names.marked_surname, (str, type(None))),
    (names.strip_role, (str,)),
    (names.looks_like_fund_name, (bool,)),
    (names.display_organization, (str,)),
    (names.organization_key, (str,)),
    (normalize_space, (str,)),
    (is_footnote_mark, (bool,)),
    (strip_marks, (tuple,)),
]


@examples(500)
@given(hostile_text)
@example("$" + "9" * 30 + " - $" + "9" * 31)  # more digits than Decimal's default precision
@example("over $" + "9" * 40)
@example("$" + "9" * 40 + " trillion")
@example("")
@example(" ")  # white space only: a name with no words
def test_no_reader_raises_on_any_text(text):
    for reader, allowed in READERS:
        outcome = _outcome(reader, text)
        assert isinstance(outcome, allowed), (reader, text, outcome)


def slowest_reader_calls(length: int) -> None:
    """Every reader over every pumped text; prints each reader's name as it starts, then the
    slowest call as JSON (run in a child process by the test below, so a hang becomes a failure)."""
    slowest = (0.0, "", "")
    for reader, _ in READERS:
        print(reader.__qualname__, flush=True)
        for text in pumped_texts(length):
            start = time.perf_counter()
            _outcome(reader, text)
            slowest = max(slowest, (time.perf_counter() - start, reader.__qualname__, text))
    print(json.dumps(slowest))


def test_no_reader_backtracks_on_long_repeated_text():
    """A regular expression with nested repetition takes time exponential in a repeated piece's
    length: 48 characters take forever there and milliseconds in a linear reader."""
    code = "from tests.test_properties import slowest_reader_calls as s; s(48)"
    try:
        done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True,
                              timeout=60, check=True)
    except subprocess.TimeoutExpired as error:
        started = (error.stdout or b"").decode() if isinstance(error.stdout, bytes) else (error.stdout or "")
        pytest.fail(f"a reader took over 60 s on a pumped text; the last reader started: {started.split()[-1:]}")
    seconds, reader, text = json.loads(done.stdout.splitlines()[-1])
    assert seconds < 0.5, (reader, text)


@examples(600)
@given(hostile_text)
def test_read_values_are_never_negative_and_ranges_are_ordered(text):
    money = _outcome(values.parse_money, text)
    if isinstance(money, Decimal):
        assert money >= 0 and money.is_finite()
    count = _outcome(values.parse_count, text)
    if isinstance(count, int):
        assert count >= 0
    found = values.dollar_range_or_none(text)
    if found is not None:
        low, high = found
        assert low >= 0 and (high is None or high >= low)


@examples(400)
@given(hostile_text)
@example("$" + "9" * 40)
def test_an_amount_printed_without_a_unit_is_never_scaled(text):
    """A figure with no letters in it reads as exactly the number printed."""
    money = _outcome(values.parse_money, text)
    if not isinstance(money, Decimal) or any(ch.isalpha() for ch in text):
        return
    digits = re.sub(r"[^\d.]", "", text)
    assert money == (Decimal(digits) if digits.strip(".") else 0), text


@examples(400)
@given(st.one_of(hostile_text, packed_like_text))
def test_the_parts_of_a_packed_cell_are_readable(text):
    """A cell split into a count and an amount ("6/$674.5 million") gives the readers a count and an
    amount they read, never a piece they refuse; except a number whose commas do not part its digits
    in threes ("0/0,0"), which every reader refuses on purpose and the grid reports (a finding, see
    tests/test_plausibility.py)."""
    packed = tokens.split_packed(text)
    if packed is not None:
        count, amount = packed
        assert isinstance(_read_or_grouped_wrongly(values.parse_count, count), (int, values.DigitsGroupedWrongly))
        assert isinstance(_read_or_grouped_wrongly(values.parse_money, amount), (Decimal, values.DigitsGroupedWrongly))


def _read_or_grouped_wrongly(read, text):
    try:
        return read(text)
    except values.DigitsGroupedWrongly as error:
        return error


# --- round trips ----------------------------------------------------------------------------


@examples(500)
@given(printed_amounts())
def test_a_printed_amount_reads_back(printed):
    assert values.parse_money(printed.text) == printed.value, printed
    if printed.text == printed.text.split("\n")[0] and "$" in printed.text:
        assert values.looks_like_figure(printed.text)


WAREHOUSE_DOLLARS = Decimal(10) ** 18  # the largest amount the warehouse's NUMERIC(20, 2) holds, plus a cent


@examples(400)
@given(printed_amounts(), st.sampled_from([Decimal(10) ** 3, Decimal(10) ** 6, Decimal(10) ** 9]))
@example(PrintedAmount("$3 mil", Decimal(3_000_000), Decimal(3)), Decimal(10) ** 6)  # was read as $3 trillion
@example(PrintedAmount("$1.1T", Decimal(1_100_000_000_000), Decimal("1.1")), Decimal(10) ** 3)
def test_a_unit_printed_in_the_cell_is_applied_once(printed, table_unit):
    """A cell that prints its unit ("$1.2 mil", "$3T") is read as printed under a heading that
    states a unit; a cell without one takes the heading's."""
    if printed.value * table_unit >= WAREHOUSE_DOLLARS:
        return  # beyond the warehouse's NUMERIC(20, 2): the table reader's arithmetic rounds there
    read = _cell_value(printed.text, "assets", table_unit)
    if printed.value == 0:
        assert read == 0
    elif printed.value == printed.number:  # no unit printed
        assert read == printed.value * table_unit, printed
    else:
        assert read == printed.value, printed


@examples(300)
@given(printed_amounts(), st.sampled_from(FOOTNOTE_MARKS))
def test_an_amount_with_a_footnote_mark_reads_back(printed, mark):
    text, marks = strip_marks(printed.text + mark)
    assert marks, (printed.text, mark)
    assert values.parse_money(text) == printed.value, (printed, mark)


@examples(300)
@given(st.integers(0, 10**9), st.sampled_from(["{:,}", "{}"]), st.sampled_from(["", " ", "\n", "\xa0"]))
def test_a_printed_count_reads_back(count, form, padding):
    assert values.parse_count(padding + form.format(count) + padding) == count


PACKED_FORMS = ["{c}/{a}", "{c} / {a}", "{c} ({a})", "{c}({a})", "{c}; {a}", "{c} funds / {a}",
                "{c} accounts ({a})", "{c} with {a}", "{c}, {a}", "{c} - {a}", "{c} \u2013 {a}"]


@examples(400)
@given(st.integers(0, 10**6), printed_amounts(), st.sampled_from(PACKED_FORMS))
@example(2, PrintedAmount("$3 mil", Decimal(3_000_000), Decimal(3)), "{c}/{a}")  # was not split
def test_a_packed_cell_reads_back(count, printed, form):
    """A count and its assets in one cell, parenthesised or parted by a slash, read as both."""
    if "$" not in printed.text or "\n" in printed.text:
        return  # without a "$", "3 - 4" is a range of numbers, not a count and an amount
    packed = tokens.split_packed(form.format(c=f"{count:,}", a=printed.text))
    assert packed is not None, (count, printed, form)
    assert values.parse_count(packed[0]) == count
    assert values.parse_money(packed[1]) == printed.value


@examples(400)
@given(printed_ranges())
def test_a_printed_dollar_range_reads_back(printed):
    text, low, high = printed
    assert values.parse_dollar_range(text) == (low, high), text
    assert values.is_dollar_range(text)


@examples(300)
@given(generated_ranges())
@example(("$" + "9" * 30 + " - $" + "9" * 31, Decimal("9" * 30), Decimal("9" * 31)))
def test_any_closed_dollar_range_reads_back(printed):
    text, low, high = printed
    assert values.parse_dollar_range(text) == (low, high), text


@examples(200)
@given(st.integers(0, 10**40), st.sampled_from(["Over ${:,}", "over ${}", "More than ${:,}", "${:,} or more", "${:,}+"]))
def test_an_open_dollar_range_reads_back(low, form):
    text = form.format(low)
    expected = low + 1 if text[0].isalpha() else low  # "over $1,000,000" starts at $1,000,001
    assert values.parse_dollar_range(text) == (Decimal(expected), None), text


@examples(200)
@given(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)),
       st.sampled_from(["%B %d, %Y", "%B %-d, %Y", "%b. %d, %Y", "%m/%d/%Y", "%B %d,\n%Y", "%B %d %Y"]))
def test_a_printed_date_reads_back(date, form):
    text = date.strftime(form)
    assert values.parse_date(text) == date
    assert [found for _, found in values.find_dates(f"as of {text}.")] == [date]


# --- the HTML table builder -----------------------------------------------------------------


def _table(source: str):
    return lxml.html.fragment_fromstring(source)


@examples(200)
@given(span_tables())
@example((("<table><tr><td rowspan=2>a</td><td>b</td><td rowspan=3>c</td></tr><tr></tr>"
           "<tr><td>x</td><td>y</td></tr><tr><td>p</td><td>q</td><td>r</td></tr></table>"), 4, 3, None))
def test_spans_expand_into_a_rectangular_grid_holding_every_cell(table):
    source, rows, columns, cells = table
    grid = grid_from_html_table(_table(source))
    if cells is None:  # a named example: the layout written by hand
        assert [[c.text for c in row] for row in grid.rows] == [
            ["a", "b", "c"], ["a", "", "c"], ["x", "y", "c"], ["p", "q", "r"]]
        return
    assert len(grid.rows) == rows
    assert all(len(row) == columns for row in grid.rows), [len(row) for row in grid.rows]
    assert sum(not c.is_copy for row in grid.rows for c in row) == len(cells)
    for cell in cells:
        first = grid.rows[cell.row][cell.column]
        assert not first.is_copy and first.flat == cell.flat, (cell, first)
        assert first.span_width == cell.colspan
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                if dr or dc:
                    copy = grid.rows[cell.row + dr][cell.column + dc]
                    assert copy.is_copy and copy.text == first.text and copy.origin == first.origin


@examples(150)
@given(ragged_tables())
@example('<table><tr><td colspan="1000000000">wide</td></tr><tr><td rowspan="1000000000">tall</td></tr></table>')
def test_any_table_builds_bounded_and_keeps_every_cell(source):
    element = _table(source)
    grid = grid_from_html_table(element)
    own = [td for td in element.iter("td") if td.getparent().getparent() is element
           or td.getparent().getparent().getparent() is element]
    assert len({len(row) for row in grid.rows}) <= 1  # rectangular
    assert sum(not c.is_copy for row in grid.rows for c in row) == len(own)
    assert grid.width <= 50 * max(len(own), 1)  # spans are capped: no unbounded allocation
    texts = [c.flat for row in grid.rows for c in row if not c.is_copy]
    for td in own:
        words = [w for w in WORDS if w in td.text_content()]
        if words and "inner" not in td.text_content():
            assert any(words[0] in text for text in texts)


# --- the text table reader ------------------------------------------------------------------


@examples(300)
@given(st.lists(st.text(st.sampled_from(" ab1$.\t"), max_size=30), max_size=6))
def test_text_columns_cover_every_character_and_keep_their_gutters(lines):
    spans = column_spans([Line(i + 1, text) for i, text in enumerate(lines)])
    assert spans == sorted(spans)
    assert all(a < b for a, b in spans)
    assert all(b + 2 <= c for (_, b), (c, _) in itertools.pairwise(spans))
    for text in lines:
        for position, char in enumerate(text):
            if not char.isspace():
                assert any(a <= position < b for a, b in spans), (text, position)


# --- whole documents ------------------------------------------------------------------------

HEADINGS = ["Portfolio Managers", "Other Accounts Managed", "Ownership of Securities",
            "Other Accounts Managed by the Portfolio Manager as of December 31, 2020",
            "Total assets are in millions.", "Jane Q. Roe", "Number of Accounts", "Dollar Range of Fund Shares"]
CELLS = WORDS + ["Registered Investment Companies", "Other Pooled Investment Vehicles", "Other Accounts",
                 "3/$1.2 billion", "$500,001-$1,000,000", "Over $1,000,000", "$" + "9" * 60, "2 ($5.5 million)"]


@st.composite
def html_documents(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["heading", "paragraph", "table", "ragged", "cells"]))
        if kind == "heading":
            parts.append(f"<p><b>{draw(st.sampled_from(HEADINGS))}</b></p>")
        elif kind == "paragraph":
            parts.append(f"<p>{html.escape(draw(hostile_text))}</p>")
        elif kind == "table":
            parts.append(draw(span_tables(4, 5))[0])
        elif kind == "ragged":
            parts.append(draw(ragged_tables()))
        else:
            rows = draw(st.lists(st.lists(st.sampled_from(CELLS), min_size=1, max_size=5), max_size=5))
            parts.append("<table>" + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>"
                                                                for c in row) + "</tr>" for row in rows) + "</table>")
    head = draw(st.sampled_from(["", "<html><body>", "<?xml version='1.0'?><html><body>", "<!DOCTYPE html><html>"]))
    return head + "".join(parts)


@st.composite
def text_documents(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(HEADINGS)))
            continue
        lines += ["<TABLE>", draw(st.sampled_from(["<CAPTION>", "", "<S>  <C>  <C>"]))]
        for _ in range(draw(st.integers(0, 5))):
            cells = draw(st.lists(st.sampled_from(CELLS), min_size=1, max_size=4))
            widths = draw(st.lists(st.integers(0, 30), min_size=len(cells), max_size=len(cells)))
            lines.append("".join(c.replace("\n", " ").ljust(w) + draw(st.sampled_from(["  ", "   ", " ", "\t"]))
                                 for c, w in zip(cells, widths)))
            if draw(st.booleans()):
                lines.append(draw(st.sampled_from(["", "-" * 20, "  million", "<PAGE>"])))
        if draw(st.booleans()):
            lines.append("</TABLE>")
    return "\n".join(lines)


@examples(150)
@given(st.one_of(html_documents(), hostile_text), st.booleans())
@example("   ", False)
@example("<!-- a comment only -->", False)
def test_any_html_document_parses(text, whole):
    assert isinstance(parse_document(text, is_html=True, whole=whole), ParsedDocument)


@examples(150)
@given(st.one_of(text_documents(), hostile_text), st.booleans())
def test_any_text_document_parses(text, whole):
    assert isinstance(parse_document(text, is_html=False, whole=whole), ParsedDocument)


def test_the_hypothesis_profile_writes_no_example_database():
    assert settings.default.database is None
    assert settings.default.derandomize or os.environ.get("HYPOTHESIS_PROFILE") == "deep"
