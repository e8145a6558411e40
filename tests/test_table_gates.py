"""The first test's gates on what a table's cells may hold (`raw_table._may_hold_figures`,
`raw_table._may_hold_values`) are sound: a cell text the other-accounts reader takes for a figure
or a null, or the ownership reader for a value, always begins as the gates say, on every cell of
every fixture and on hand-written texts of the family; each gate says "may" wherever its reader
gives a reading, on every fixture table; and the tables they spare (legal lists, tables of
contents without figures, prose tables naming the categories) give nothing when parsed."""

from __future__ import annotations

import pytest

from etl.extract import read_documents
from etl.parse.accounts_grid import TableContext, _cell_kind, _Kind, read_accounts_grid
from etl.parse.document_parts import TablePart
from etl.parse.evidence import table_reads_figures
from etl.parse.html_document import html_parts
from etl.parse.ownership_grid import (
    _is_value_text,
    _value_text,
    is_range_label,
    read_ownership_grid,
)
from etl.parse.raw_table import (
    _FIGURE_START,
    _LINE_FIGURE,
    _LINE_VALUE,
    _MAY_BOLD,
    _STATEMENT,
    _VALUE_START,
    _folded,
    _lines,
    _may_hold_figures,
    _may_hold_values,
    _read,
    certainly_a_grid,
    may_give_figures,
)
from etl.parse.text_ownership import CHECK_MARK
from etl.parse.tokens import read_cell_statement
from etl.parse.units import join_unit_lines
from tests.test_table_evidence import HTML_FIXTURES, _table, _tables

_FIGURE_KINDS = (_Kind.FIGURE, _Kind.NULL)
_LEGEND = {letter: "None" for letter in "ABCDEFGH"}


def _runs(text: str) -> list[str]:
    """The texts the readers ask of a cell: the whole, each line, lines joined (with the unit
    lines joined to their figures), and every run of lines from each line on."""
    lines = [line for line in text.split("\n") if line.strip()]
    runs = [text, " ".join(lines)] + lines + join_unit_lines(lines)
    runs += ["\n".join(lines[start:]) for start in range(len(lines))]
    return runs


def _begins_a_figure(text: str) -> bool:
    lowered = _folded(text.replace("\u200b", "").replace("\ufeff", "").replace("\xa0", " "))
    return _LINE_FIGURE.search("\n" + lowered) is not None


def _begins_a_value(text: str) -> bool:
    lowered = _folded(text.replace("\u200b", "").replace("\ufeff", "").replace("\xa0", " "))
    return _LINE_VALUE.search("\n" + lowered) is not None


def _is_value(text: str) -> bool:
    value = _value_text(text)
    return _is_value_text(value, _LEGEND) or bool(CHECK_MARK.match(value)) or is_range_label(text)


def _grids(table: str):
    return [item.grid for item in html_parts(table).items if isinstance(item, TablePart) and item.grid is not None]


@pytest.mark.parametrize("fixture", HTML_FIXTURES, ids=lambda p: p.name)
def test_every_figure_and_value_of_a_fixture_cell_begins_as_the_gates_say(fixture):
    for document in read_documents(fixture):
        for table, _, _ in _tables(document.text):
            for grid in _grids(table):
                for cell in (cell for row in grid.rows for cell in row):
                    for run in _runs(cell.text):
                        if _cell_kind(run) in _FIGURE_KINDS:
                            assert _begins_a_figure(run), (fixture.name, run)
                        if _is_value(run):
                            assert _begins_a_value(run), (fixture.name, run)


@pytest.mark.parametrize("fixture", HTML_FIXTURES, ids=lambda p: p.name)
def test_each_gate_says_may_where_its_reader_reads_a_fixture_table(fixture):
    for document in read_documents(fixture):
        for table, _, _ in _tables(document.text):
            lowered, text = _read(table)
            if text is None:
                continue
            for grid in _grids(table):
                for stacks in (True, False):
                    if read_accounts_grid(grid, TableContext(lines_are_stacks=stacks)) is not None:
                        assert _may_hold_figures(text, lowered), table[:300]
                reading = read_ownership_grid(grid, _LEGEND, "dollar range of fund shares owned")
                if reading is not None and reading.kind == "ownership":
                    assert _may_hold_values(lowered), table[:300]


def test_the_gates_are_asked_of_many_fixture_tables():
    """(The test above is of use: the fixtures' readings are many.)"""
    tables = [table for fixture in HTML_FIXTURES for document in read_documents(fixture)
              for table, _, _ in _tables(document.text)]
    assert len(tables) >= 100


# each is a figure or a null to the other-accounts reader, as filings print them
FIGURES = ["3", "1,234", "$1.2 billion", "$ 5", "$5,000,000", ".5", "$.5 million", "None",
           "NONE", "none*", "None(1)", "nil", "Nil", "-", "--", "-0-", "\u2014", "\u2013", "N/A", "n/a", "n.a.",
           "NA", "Not Applicable", "NOT APPLICABLE", "$ ___", "___", "[ ]", "$[ ]", "4 RICs", "No other accounts",
           "None pooled vehicles", "6/$674.5 million", "2 ($544.7 million)", "0 / $0", "10 funds / $4.5 million",
           '"3"', "\u201c3\u201d", "\u201c None \u201d", "3(a)", "3*", "12\u2020", "\u0663", " 3 ", "\u00a03",
           "\u200b3", "$1,234.5\nMillion", "3\n$1.2 billion"]
# each is a value to the ownership reader (a legend's letters A to H stand for ranges)
VALUES = ["$10,001-$50,000", "$10,001 - $50,000", "$1 to $10,000", "Over $1,000,000", "OVER $1 MILLION",
          "over$100,000", "None", "NONE", "none", "Nil", "$0", "0", "-0-", "-", "--", "\u2014", "\u2013", "\u2212",
          "between $1 and $10,000", "Between $1 and $10,000", "in excess of $1,000,000", "In Excess of $1",
          "more than $1 million", "above $100,000", "greater than $1", "exceeding $1", "$1,000,001 or more",
          "$1,000,001+", "C", "H", "X", "xx", "\u2713", "\u2714", "\u221a", "*", "\u201cNone\u201d",
          "'None'", '"$0"', "None(1)", "C*", "$500,001-\n$1,000,000", "\u00a0None", "\u200bNone"]


@pytest.mark.parametrize("text", FIGURES)
def test_a_figure_begins_as_the_gate_says(text):
    assert any(_cell_kind(run) in _FIGURE_KINDS for run in _runs(text)), "the case should be a figure"
    assert _begins_a_figure(text)
    cell = text.replace("\n", "<br>")
    assert _may_hold_figures("registered investment companies", _folded(_table(f"<td>Ada Brill</td><td>{cell}</td>")))


@pytest.mark.parametrize("text", VALUES)
def test_a_value_begins_as_the_gate_says(text):
    assert _is_value(text), "the case should be a value"
    assert _begins_a_value(text)
    cell = text.replace("\n", "<br>")
    assert _may_hold_values(_folded(_table(f"<td>Ada Brill</td><td>{cell}</td>")))


# raw cells whose text, read by the parser, begins with a figure or a value: tags inside it and
# before it, references, upper case, line breaks (tags, the source's, written as references),
# non-breaking and zero-width spaces, quotes, footnote marks, a manager's name in bold above it
RAW_CELLS = ["<b>3</b>", "(<b>$</b>1.2)", "<span>(</span>5)", "&#51;", "&#x33;", "&nbsp;3", "&#8203;3", "&#8220;3&#8221;",
             "Other Accounts<br>3", "Other Accounts\n3", "Other Accounts&#10;3", "<p>x</p><p>None</p>",
             "<div>Pooled</div><div><i>N</i>/A</div>", "<sup>1</sup>3", "<b>Ada Brill</b> 3",
             "<span style='font-weight: bold'>Ada Brill</span> 3", "<b>Ada Brill</b><br>3<br>$1.2 billion",
             "<strong>Ada Brill</strong>, 3", "<span style='font-weight:&#55;00'>Ada Brill</span>3",
             "n<b>one</b>", "NO<i>NE</i>", "&mdash;", "&#8212;", "$<b>10,001</b>-$50,000", "&#36;1 - $10,000",
             "O<b>ver</b> $1,000,000", "<li>x</li><li>C</li>", "&ldquo;None&rdquo;", "&#x2713;", "<u>X</u>"]


@pytest.mark.parametrize("cell", RAW_CELLS)
def test_a_figure_or_a_value_in_a_raw_cell_is_seen(cell):
    table = _table(f"<td>Ada Brill</td><td>{cell}</td>")
    texts = [c.text for grid in _grids(table) for row in grid.rows for c in row]
    runs = [run for text in texts for run in _runs(text)]
    lowered = _folded(table)
    if any(_cell_kind(run) in _FIGURE_KINDS for run in runs) or any(
            _cell_kind(text[len("Ada Brill"):]) in _FIGURE_KINDS for text in texts if text.startswith("Ada Brill")):
        assert _may_hold_figures("registered investment companies", lowered)
    if any(_is_value(run) for run in runs):
        assert _may_hold_values(lowered)
    assert _may_hold_figures("registered investment companies", lowered) or _may_hold_values(lowered)


def test_a_cell_set_in_bold_by_its_own_tag_is_searched_all_along():
    """`_MAY_BOLD` is asked of a cell from past its "<td": the cell's own style counts too."""
    cell = " style='font-weight: bold'>Ada Brill 3</td>"
    lowered = _folded(_table(f"<td>Ada Brill</td><td{cell}"))
    assert _may_hold_figures("registered investment companies", lowered)
    assert _MAY_BOLD.search(cell) and not _MAY_BOLD.search(" class=x>Ada Brill 3</td>")


STATEMENTS = ["Registered investment companies: 3 accounts, $1.2 billion", "Pooled Funds: 2 accounts, $310.0 million",
              "Other accounts: None.", "Other accounts: no accounts", "RICs: One account with $5 million",
              "Other Accounts: 12 separately managed accounts", "OTHER ACCOUNTS: NONE", "Mutual Funds:\xa05 accounts",
              "Pooled:  ten \t accounts", "Other accounts (see note): 1,204 wrap accounts"]


@pytest.mark.parametrize("line", STATEMENTS)
def test_a_statement_the_reader_reads_is_found_by_the_gate(line):
    assert read_cell_statement(line) is not None, "the case should be a statement"
    assert _STATEMENT.search(_folded(" ".join(line.split())))


@pytest.mark.parametrize("fixture", HTML_FIXTURES, ids=lambda p: p.name)
def test_every_statement_of_a_fixture_cell_is_found_by_the_gate(fixture):
    for document in read_documents(fixture):
        for table, _, _ in _tables(document.text):
            _, text = _read(table)
            for grid in _grids(table):
                for line in (line for row in grid.rows for cell in row for line in cell.text.split("\n")):
                    if read_cell_statement(line) is not None:
                        assert text is None or _STATEMENT.search(text), (fixture.name, line)


def test_a_line_stating_figures_is_seen():
    table = _table("<td>Ada Brill</td><td>Registered investment companies: three accounts with $1.2 billion"
                   "<br>Other pooled investment vehicles: none.</td>")
    assert table_reads_figures(table, "", "")
    assert may_give_figures(table, "")


# written as filings write them: they name the categories, or say "owned", "No." and print figures
# inside their prose, and give nothing when parsed; the first test says no
SPARED = {
    "a list of exhibits": _table(
        "<td>Item 28.</td><td colspan=2>Exhibits. Amendment No. 12 to the Declaration of Trust (May 3, 2011), "
        "incorporated by reference.</td>",
        "<td></td><td>(a)</td><td>Agreement among registered investment companies and pooled trusts advised by "
        "Quill Partners, a wholly owned subsidiary of Tarn Holdings, filed as Exhibit 4 on June 1, 2012.</td>",
        "<td></td><td>(b)</td><td>By-laws, Article 7, Section 2 (other accounts), filed March 27, 2008.</td>"),
    "a list of exhibits in paragraphs, upper case and references": _table(
        "<td><p>ITEM&nbsp;30.</p></td><td><p>INDEMNIFICATION. Article&#160;VII, Section 2 of the Agreement, as "
        "amended by Post-Effective Amendment No.&nbsp;130,</p>\n<p>filed for REGISTERED INVESTMENT COMPANIES and "
        "POOLED vehicles.</p></td>",
        "<td><p>Item 31.</p></td><td><p>Business of the Adviser. Quill Partners (the &#8220;Adviser&#8221;), "
        "a wholly owned subsidiary of Tarn, serves as adviser to 40 registered investment companies.</p></td>"),
    "a roster of directorships naming the categories": _table(
        "<td>Name</td><td>Other Directorships Held</td>",
        "<td>Ada Brill</td><td>Board of Quill pooled vehicles (2009 to 2015); adviser to registered investment "
        "companies; owned 3 firms.</td>"),
}


@pytest.mark.parametrize("case", sorted(SPARED))
def test_the_gates_spare_prose_tables_that_name_the_categories(case):
    table = SPARED[case]
    assert not table_reads_figures(table, "", "")
    lowered, text = _read(table)
    assert not _may_hold_figures(text, lowered) and not _may_hold_values(lowered)
    assert not may_give_figures(table, "")


def test_lines_begin_where_the_parser_begins_them():
    """`_lines` starts a line after every tag that starts a line or a cell, and at the source's
    line breaks (also written as references); other tags are nothing."""
    assert _lines("<td>a<br>b</td><td>c<p>d</p>e\nf&#10;g<b>h</b>i</td>").split("\n") == \
        ["", "", "a", "b", "", "c", "d", "e", "f", "ghi", ""]
    assert _FIGURE_START.match("n") and _VALUE_START.match("no") and not _VALUE_START.match("nob")


def _paragraphs_of(table: str) -> list:
    return [item for item in html_parts(table).items if not isinstance(item, TablePart)]


@pytest.mark.parametrize("fixture", HTML_FIXTURES, ids=lambda p: p.name)
def test_a_table_certainly_a_grid_makes_no_paragraph_on_every_fixture(fixture):
    for document in read_documents(fixture):
        for table, _, _ in _tables(document.text):
            if certainly_a_grid(table):
                assert not _paragraphs_of(table), table[:300]


# tables read as paragraphs (or whose rows may be): never certainly a grid
NOT_GRIDS = [
    _table("<td>Boxed text that runs on for a while.</td>", "<td>More of it.</td>"),
    _table("<td>(a)</td><td>" + "A note that runs on for more than sixty characters, as notes do. " * 2 + "</td>"),
    _table("<td>1.</td><td>" + "x " * 40 + "</td>", "<td>Second note, short.</td>"),
    _table("<td colspan=3>Spanning title</td>", "<td colspan=2>Note</td><td></td>"),
    _table("<td>Item 31.</td><td><table><tr><td>inner</td><td>table</td></tr></table></td>"),
    _table("<td>Item&nbsp;3</td><td>&nbsp;</td><td><sup>1</sup></td>"),
    _table("<td>(a)\n</td><td>" + "y " * 40 + "</td>"),
    _table("<td>Item 31.</td><td>x<script>y</script></td>"),
]
GRIDS = [
    _table("<td>Item 31.</td><td>Business of the Adviser.</td>"),
    _table("<td>Name</td><td>Role</td><td>Since</td>"),
    _table("<td>(a)</td><td>" + "x " * 40 + "</td>", "<td>ITEM&nbsp;32.</td><td>Underwriters</td>"),
    _table("<td colspan=2>Title</td>", "<td>a</td><td>b</td><td>c</td>"),
]


@pytest.mark.parametrize("table", NOT_GRIDS + GRIDS, ids=range(len(NOT_GRIDS + GRIDS)))
def test_a_table_certainly_a_grid_makes_no_paragraph(table):
    assert certainly_a_grid(table) is (table in GRIDS)
    assert not certainly_a_grid(table) or not _paragraphs_of(table)
    if table in GRIDS:
        assert not _paragraphs_of(table)
