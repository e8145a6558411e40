"""The region scan's cheap first test of a table (`etl.parse.raw_table.may_give_figures`) is
sound: it never says "no" where parsing the table alone (`evidence.table_reads_figures`) gives
figures. And its shortcut the other way (`raw_table.certainly_gives_figures`) says yes only to
tables whose parse gives figures, on every fixture."""

from __future__ import annotations

import html
import itertools
import re

import lxml.html
import pytest

from etl.extract import read_documents
from etl.limits import DEFAULT_LIMITS
from etl.parse.accounts_grid import _GLUED_MARK, CATEGORY_PATTERNS, COUNT, strip_marks
from etl.parse.evidence import paragraph_text, table_gives_figures, table_reads_figures
from etl.parse.html_tree import PARSER_DEPTH, parse_html, tree_depth
from etl.parse.ownership_grid import OWNERSHIP_WORDS
from etl.parse.raw_table import (
    _CATEGORIES,
    _CELL_START,
    _COUNT,
    _IMPLIED,
    _MARK_LETTERS,
    _NOT_LETTER,
    _OWNERSHIP,
    _ROW_START,
    _SPAN,
    _ANY_TAG,
    _SPACE_TAG,
    _VALUE_WORD,
    _VOID_START,
    RANGE_WORDS,
    _cell_content,
    _folded,
    _heading,
    _may_be_value,
    _range_runs,
    _shallow,
    _span,
    _shallow_but_for_pairs,
    _untagged,
    _within_limits,
    certainly_gives_figures,
    may_give_figures,
    table_text,
)
from etl.parse.regions import TABLE_SURROUNDINGS, _atomic_spans
from etl.parse.values import _RANGE_FORMS
from tests.prospectus import prospectus_html
from tests.synthetic import CORPUS, registration_statement

HTML_FIXTURES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".htm", ".html"))


def _tables(text: str):
    """Every table as the scan asks it: (table, raw text before, raw text after)."""
    for start, end in _atomic_spans(text.lower()):
        yield text[start:end], text[max(0, start - TABLE_SURROUNDINGS):start], text[end:end + TABLE_SURROUNDINGS]


def _first_test_holds(table: str, before: str, after: str) -> tuple[bool, bool]:
    """(what the first test says, what the parse says)."""
    lead_in = paragraph_text(before)
    return may_give_figures(table, lead_in), table_reads_figures(table, lead_in, paragraph_text(after))


@pytest.mark.parametrize("fixture", HTML_FIXTURES, ids=lambda p: p.name)
def test_the_first_test_never_says_no_where_a_fixture_table_gives_figures(fixture):
    for document in read_documents(fixture):
        for table, before, after in _tables(document.text):
            may, gives = _first_test_holds(table, before, after)
            assert may or not gives, table[:300]


def test_the_first_test_holds_on_a_prospectus_and_an_sai():
    """The written prospectus and trustees' tables, and an SAI's filler tables around a disclosure;
    and the first test spares some of them (it is no use if it never says no)."""
    before, after = prospectus_html()
    text = before + (CORPUS / "h3-inline-xbrl-wrapper.htm").read_text() + after + registration_statement(megabytes=0.3)
    said = [_first_test_holds(*parts) for parts in _tables(text)]
    assert all(may or not gives for may, gives in said)
    assert sum(not may for may, _ in said) >= 3


def _table(*rows: str, caption: str = "") -> str:
    cells = "".join(f"<tr>{row}</tr>" for row in rows)
    return f"<table>{f'<caption>{caption}</caption>' if caption else ''}{cells}</table>"


# each gives figures when parsed, written as filings write them: the first test must say "may"
GIVING = {
    "tags inside words": _table("<td>Manager</td><td>Regis<b>tered</b> Invest<i>ment</i> Companies</td>"
                                "<td>Other Pool<span>ed</span> Vehicles</td>",
                                "<td>Ada Brill</td><td>3</td><td>2</td>"),
    "entities": _table("<td>Manager</td><td>Registered&#160;Investment&nbsp;Companies</td>"
                       "<td>Other&#x20;Accounts</td><td>&#35; of accounts</td>",
                       "<td>Ada Brill</td><td>3</td><td>2</td><td>1</td>"),
    "entity letters": _table("<td>Manager</td><td>&#82;egistered Investment Companies</td>"
                             "<td>&#79;ther Accounts</td>", "<td>Ada Brill</td><td>3</td><td>2</td>"),
    "upper case": _table("<td>MANAGER</td><td>REGISTERED INVESTMENT COMPANIES</td><td>OTHER ACCOUNTS</td>",
                         "<td>ADA BRILL</td><td>3</td><td>2</td>"),
    "line breaks inside phrases": _table("<td>Manager</td><td>Registered<br>Investment\nCompanies</td>"
                                         "<td>Other<p>Pooled</p>Vehicles</td>",
                                         "<td>Ada Brill</td><td>3</td><td>2</td>"),
    "footnote marks between words": _table("<td>Manager</td><td>Other<sup>1</sup>Accounts</td>"
                                           "<td>Registered<sup>(a)</sup> Investment Companies</td>",
                                           "<td>Ada Brill</td><td>3</td><td>2</td>"),
    "comments inside words": _table("<td>Manager</td><td>Other Acc<!-- x -->ounts</td>"
                                    "<td>Registered Investment Com<!--y-->panies</td>",
                                    "<td>Ada Brill</td><td>3</td><td>2</td>"),
    "short names": _table("<td>Manager</td><td>RICs</td><td>PIVs</td><td>Other Accts</td>",
                          "<td>Ada Brill</td><td>3</td><td>2</td><td>1</td>"),
    "headings cut short": _table("<td></td><td>Registered</td><td>Other</td><td>Other</td>",
                                 "<td>Number of accounts</td><td></td><td></td><td></td>",
                                 "<td>Ada Brill</td><td>3</td><td>2</td><td>1</td>"),
    "headings cut short, spaced": _table("<td></td><td>Registered &nbsp;Investment</td><td>Other&#160; Pooled</td>"
                                         "<td>Other\r\nAcc</td>",
                                         "<td>Number of accounts</td><td></td><td></td><td></td>",
                                         "<td>Ada Brill</td><td>3</td><td>2</td><td>1</td>"),
    "headings cut short in tags": _table("<td></td><td><b>Reg</b>is</td><td><i>O</i></td><td>Oth<b>er</b></td>",
                                         "<td>No. of Accounts</td><td></td><td></td><td></td>",
                                         "<td>Ada Brill</td><td>3</td><td>2</td><td>1</td>"),
    "ownership words in the lead-in": _table("<td>Ada Brill</td><td>$10,001-$50,000</td>"),
    "legend letters": _table("<td>Portfolio Manager</td><td>Fund Shares</td>", "<td>Ada Brill</td><td>C</td>"),
    "mark columns": _table("<td></td><td>None</td><td>$1-$10,000</td><td>$10,001-$50,000</td>",
                           "<td>Ada Brill</td><td>X</td><td></td><td></td>"),
    "mark columns spanning": _table("<td></td><td colspan=3>&mdash;</td>", "<td>Ada Brill</td><td>X</td>"),
    "a data row first, naming a trustee": _table("<td>Ada Brill</td><td>$10,001-$50,000</td>"
                                                 "<td>Trustee since 2019</td>",
                                                 "<td>Ivo Stang</td><td>None</td><td></td>"),
    "short names and ranges in two columns": _table("<td>A. Li</td><td>$10,001-$50,000</td>",
                                                    "<td>B. Ro</td><td>None</td>"),
    "mark columns spanning, signed": _table("<td></td><td colspan='+3'>None</td>", "<td>Ada Brill</td><td>X</td>"),
    "mark columns spanning, by reference": _table("<td></td><td colspan=\"&#51;\">None</td>",
                                                  "<td>Ada Brill</td><td>X</td>"),
    "mark columns in tags": _table("<td></td><td><p>$1&ndash;<b>$10,000</b></p></td><td>$10,001 -<br>$50,000</td>"
                                   "<td>Over $1,000,000</td>", "<td>Ada Brill</td><td>X</td><td></td><td></td>"),
}
BEFORE = {
    "short names and ranges in two columns": "<p>Dollar range of Fund shares owned by each portfolio manager:</p>",
    "a data row first, naming a trustee": "<p>Dollar range of Fund shares owned:</p>",
    "ownership words in the lead-in": "<p>The dollar range of shares of the Fund beneficially owned by each "
                                      "portfolio manager:</p>",
    "legend letters": "<p>Ownership of Fund shares: A = None; B = $1-$10,000; C = $10,001-$50,000</p>",
}


@pytest.mark.parametrize("case", sorted(GIVING))
def test_the_first_test_says_may_where_the_parse_gives_figures(case):
    table, before = GIVING[case], BEFORE.get(case, "")
    may, gives = _first_test_holds(table, before, "")
    assert gives, "the case should give figures when parsed"
    assert may


def test_categories_named_only_in_a_caption_are_parsed():
    """The grid leaves a caption out today; the first test reads it, in case it ever does not."""
    table = _table("<td>Manager</td><td>Number</td><td>Assets</td>",
                   "<td>Ada Brill</td><td>3</td><td>$1.2 billion</td>",
                   caption="Other Pooled Investment Vehicles and Other Accounts")
    assert may_give_figures(table, "")


# each gives nothing: the first test may say no (and the parse agrees)
SPARED = {
    "trustees' biographies": _table("<td>Name and Year of Birth</td><td>Position Held</td><td>Principal "
                                    "Occupation</td><td>Number of Funds Overseen</td><td>Other Directorships</td>",
                                    "<td>Ada Brill (1961)</td><td>Trustee since 2016</td><td>Partner, Acme "
                                    "Law (2001-2019)</td><td>42</td><td>None</td>"),
    "a table of contents": _table("<td>Investment Policies</td><td>4</td>", "<td>Purchases and Redemptions</td>"
                                  "<td>19</td>", "<td>Financial Highlights</td><td>31</td>"),
    "a trustees' ownership table": _table("<td></td><td></td>", "<td>Name of Trustee</td><td>Dollar Range of Equity "
                                          "Securities in the Fund</td>", "<td>Ada Brill</td><td>Over $100,000</td>"),
    "a notional table": _table("<td>Portfolio Manager</td><td>Dollar Range of Deferred Compensation Tracking "
                               "the Fund</td>", "<td>Ada Brill</td><td>$10,001-$50,000</td>"),
    "a notional table with a marked heading": _table("<td>Portfolio Manager</td><td>Dollar Range of Hypothetical "
                                                     "Exposure to Fund Shares<span>2</span></td>",
                                                     "<td>Ada Brill</td><td>Over $1,000,000</td>"),
    "mark columns under trustees": _table("<td>Directors</td><td>None</td><td>$1-$10,000</td><td>Over $10,000</td>",
                                          "<td>Ada Brill</td><td>X</td><td></td><td></td>"),
    "a footnote table": _table("<td>(1)</td><td>The ranges of Fund shares beneficially owned are: none; $1-$10,000; "
                               "$10,001-$50,000; over $1,000,000.</td>", "<td>*</td><td>Other accounts: none.</td>"),
    "a fee table": _table("<td>Fund</td><td>Management Fee</td>", "<td>Acme Value Fund</td><td>0.65%</td>"),
}


@pytest.mark.parametrize("case", sorted(SPARED))
def test_the_first_test_spares_tables_about_neither(case):
    may, gives = _first_test_holds(SPARED[case], "", "")
    assert not may and not gives
    assert not table_gives_figures(SPARED[case], "", "")


def test_the_shortcut_to_yes_agrees_with_the_parse_on_every_fixture_table():
    """A wrong yes would only keep more text, but it must stay rare: on the fixtures, never; and it
    is of use (it says yes to the fixtures' other-accounts tables)."""
    said = []
    for fixture in HTML_FIXTURES:
        for document in read_documents(fixture):
            for table, before, after in _tables(document.text):
                if certainly_gives_figures(table):
                    said.append(fixture.name)
                    assert table_reads_figures(table, paragraph_text(before), paragraph_text(after)), \
                        (fixture.name, table[:300])
    assert len(said) >= 20


# written as filings write them: the shortcut says yes, and the parse gives figures
SURE = {
    "categories as rows": _table("<td></td><td>Number of Accounts</td><td>Total Assets</td>",
                                 "<td>Registered Investment Companies</td><td>3</td><td>$1.2 billion</td>",
                                 "<td>Other Pooled Investment Vehicles</td><td>None</td><td>None</td>"),
    "categories as columns, tags and entities": _table(
        "<td>Portfolio Manager</td><td colspan=2>Regis<b>tered</b>&nbsp;Investment Companies</td>"
        "<td colspan=2>OTHER ACCOUNTS</td>",
        "<td></td><td>#&nbsp;of<br>Accounts</td><td>Total<br>Assets</td><td>No. of Accounts</td><td>Assets</td>",
        "<td>Ada Brill</td><td>3</td><td>$1.2 billion</td><td>1</td><td>$40 million</td>"),
}
# the parse gives nothing (or the layout is left to it): the shortcut says no
NOT_SURE = {
    "a list of exhibits": _table("<td>(a)</td><td>Declaration of Trust, No. 12, filed for registered investment "
                                 "companies and pooled trusts, whose assets are owned by the Trust.</td>"),
    "trustees who oversee funds": _table("<td>Name of Trustee</td><td>Number of Registered Investment Companies "
                                         "Overseen</td><td>Total Assets of Other Pooled Vehicles</td>",
                                         "<td>Ada Brill</td><td>42</td><td>$3 billion</td>"),
    "an ownership table": SPARED["a trustees' ownership table"],
}


@pytest.mark.parametrize("case", sorted(SURE))
def test_the_shortcut_says_yes_to_other_accounts_tables(case):
    assert certainly_gives_figures(SURE[case])
    assert table_reads_figures(SURE[case], "", "")


@pytest.mark.parametrize("case", sorted(NOT_SURE))
def test_the_shortcut_leaves_other_tables_to_the_parse(case):
    assert not certainly_gives_figures(NOT_SURE[case])


@pytest.mark.parametrize("construct", [
    "<script>x</script>", "<style>p {}</style>", "<ix:header>x</ix:header>", "<?xml x?>", "<![CDATA[x]]>",
    '<span title="a>b">x</span>', "</td> stray <td>", "<td>x<sup>1</td>",
    "<sup>1</td><td>y</sup>", "<sup>1<sup>2</sup></sup>",
])
def test_what_the_first_test_cannot_follow_is_parsed(construct):
    table = _table(f"<td>Trustee</td><td>Since 2019 {construct}</td>")
    assert may_give_figures(table, "")


def test_tables_near_a_limit_are_parsed():
    assert may_give_figures(_table(*["<td>Trustee</td>"] * 6000), "")
    assert may_give_figures(_table("<td colspan=50 rowspan=50>x</td>" * 60, *["<td>y</td>"] * 40), "")
    assert may_give_figures(_table("<td colspan=" + "9" * 5000 + ">x</td>", *["<td>y</td>"] * 40), "")
    assert may_give_figures("<table><tr><td>" + "<div>" * 300 + "x" + "</div>" * 300 + "</td></tr></table>", "")


@pytest.mark.parametrize("reference", [
    "&nbsp;", "&nbsp", "&#160;", "&#xA0;", "&#35;", "&#35", "&amp;", "&amp", "&AMP;", "&reg", "&registered",
    "&notes", "&period;", "&NBSP;", "&#150;", "&#8211;", "&rsquo;", "&#82;", "&#x52;", "&bogus;", "&#0;",
])
def test_references_decode_as_the_parser_decodes_them(reference):
    """`raw_table` decodes character references with `html.unescape`, as libxml2 does."""
    parsed = parse_html(f"<p>a{reference}b</p>").findtext(".//p")
    assert parsed == html.unescape(f"a{reference}b")


def test_every_word_of_a_dollar_range_is_a_range_word():
    """`raw_table.RANGE_WORDS` holds every word the range forms of `values` may match."""
    sources = " ".join(pattern.pattern for pattern, _ in _RANGE_FORMS)
    sources = re.sub(r"\\[a-zA-Z]|\(\?P<\w+>", " ", sources)  # escapes, group names
    assert set(re.findall(r"[a-z]+", sources.lower())) <= RANGE_WORDS


@pytest.mark.parametrize("fixture", HTML_FIXTURES[::4], ids=lambda p: p.name)
def test_the_alternatives_in_lower_case_find_what_the_patterns_find(fixture):
    """`raw_table._Alternatives` (each alternative where its longest literal is, in lower case)
    answers as the readers' case-insensitive patterns do, on every paragraph and table text."""
    text = fixture.read_text(errors="replace")
    pieces = [table_text(table.lower()) or "" for table, _, _ in _tables(text)]
    pieces += [paragraph_text(p) for p in re.split(r"(?i)</p>|</div>", text)]
    for piece in pieces:
        folded = _folded(piece)
        for (_, pattern), alternatives in zip(CATEGORY_PATTERNS, _CATEGORIES):
            assert alternatives.search(folded) == bool(pattern.search(piece)), piece
        assert _OWNERSHIP.search(folded) == bool(OWNERSHIP_WORDS.search(piece)), piece
        assert _COUNT.search(folded) == bool(COUNT.search(piece)), piece


@pytest.mark.parametrize("table", [
    "<table><tr><td>x</td></tr></table>",
    "<table>" + "<br>" * 300 + "<img src=a>" * 20 + "</table>",
    "<table>" + "<div>" * 245 + "<br>" * 20 + "</table>",
    "<table>" + "<div>" * 250 + "</table>",
    "<table>" + "<SPAN>" * 300 + "</table>",
])
def test_the_depth_bound_answers_as_the_count_of_non_void_start_tags(table):
    """`_shallow` counts void elements only when needed; it answers as counting them always."""
    lowered = _folded(table)
    starts = lowered.count("<") - lowered.count("</") - len(_VOID_START.findall(lowered))
    assert _shallow(lowered) == (starts + _IMPLIED < PARSER_DEPTH)


def test_a_span_is_read_where_the_table_has_one():
    assert may_give_figures(_table("<td colspan=50 rowspan=50>x</td>" * 60, *["<td>y</td>"] * 40), "")
    assert not _within_limits(_folded(_table("<td COLSPAN='50' rowspan=50>x</td>" * 60, *["<td>y</td>"] * 40)),
                              DEFAULT_LIMITS)


def _heading_every_cell_first(lowered: str) -> tuple[str, str]:
    """`raw_table._heading` as first written: every cell of a row read before the row is judged."""
    rows = _ROW_START.split(lowered)
    if _CELL_START.search(rows[0]) or lowered.count("<table") > 1:
        return "", ""
    heading = ""
    for row in rows[1:]:
        cells = [table_text(_cell_content(cell)) for cell in _CELL_START.split(row)[1:]]
        if None in cells:
            return heading, heading
        if any(map(_may_be_value, cells)):
            return heading, f"{heading} {' '.join(cells)}"
        heading = f"{heading} {' '.join(cells)}"
    return heading, heading


_ROWS_CUT_SHORT = [
    "<table><tr><th>Trustee</th><th>Funds</th></tr><tr><td>Ann Roe 1960</td><td>a<sup><p>1</sup></td></tr></table>",
    "<table><tr><th>Name</th></tr><tr><td>x<y</td><td>none</td></tr><tr><td>b</td></tr></table>",
    "<table><tr><th>Name</th></tr><tr><td>none</td><td>x<y</td></tr></table>",
    "<table><tr><th>Name</th><th>Range</th></tr><tr><td>Ann</td><td>$1-$10,000</td><td>c</td></tr></table>",
    "<table><tr><th>Name</th></tr><tr><td>Ann</td></tr></table>",
    "<td>x</td><table><tr><td>none</td></tr></table>",
]


@pytest.mark.parametrize("fixture", HTML_FIXTURES, ids=lambda p: p.name)
def test_the_heading_is_read_as_when_every_cell_was_read_first(fixture):
    for document in read_documents(fixture):
        for table, _, _ in _tables(document.text):
            lowered = _folded(table)
            assert _heading(lowered) == _heading_every_cell_first(lowered), table[:300]


@pytest.mark.parametrize("table", _ROWS_CUT_SHORT)
def test_the_heading_of_rows_with_cells_that_cannot_be_followed(table):
    lowered = _folded(table)
    assert _heading(lowered) == _heading_every_cell_first(lowered)


def _strip_marks_by_the_pattern(text: str) -> tuple[str, tuple[str, ...]]:
    """`accounts_grid.strip_marks` without its first test (the pattern searched in every text)."""
    text = text.strip().strip("\u201d\u201c\"")
    match = _GLUED_MARK.search(text)
    if not match or match.start() == 0:
        return text, ()
    return text[: match.start()].strip(), tuple(re.findall(r"\d{1,2}|[a-z]|\*+|[\u2020\u2021]", match.group(0)))


_MARKED = ["18(9)", "$6,178.5(2)", "$4,003.6*", "Jane Roe, CFA3", "Roe3\n", "Roe3\n\u201d", "Roe (a) ", "Roe\u2020",
           "Roe\u2021\n", "Ann Lee1,2", "Ann Lee**", "Ann Lee (12)", "Ann Lee\u00b2", "Ann Lee\u0663", "Lee (b)\n\"",
           "Item 30.", "Other accounts.", "", "  ", "\u201d", "x\n\n", "None", "$1.5", "*" * 40 + "x", "1\u20442"]


@pytest.mark.parametrize("fixture", HTML_FIXTURES + sorted(p for p in CORPUS.iterdir() if p.suffix == ".txt"),
                         ids=lambda p: p.name)
def test_strip_marks_first_test_answers_as_the_pattern(fixture):
    texts = [text for document in read_documents(fixture)
             for chunk in re.split(r"<[^>]*>|\|", html.unescape(document.text)) for text in (chunk, *chunk.split("\n"))]
    for text in texts + _MARKED:
        assert strip_marks(text) == _strip_marks_by_the_pattern(text), text


@pytest.mark.parametrize("cells", [
    "<tr><td><p><span>x</span></p></td></tr>" * 64,
    "<tr><td>" + "<a-b>x</a>" * 300, "<tr><td>" + "<o:p>x</o:p>" * 300, "<tr><td>" + "<br>x</br>" * 300,
    "<tr><td>" + "<body>x</body>" * 300, "<tr><td>" + "<span/>x</span>" * 300, "<tr><td>" + "<p>x</p>" * 300,
    "<tr><td>" + "<B>x</b >" * 300, "<tr><td>" + "<i>x</b>" * 300, "<tr><td>" + "<div>" * 200 + "<b>x</b>" * 100,
    "<tr><td>" + "<div>" * 240 + "<u>x</u>" * 30, "<tr><td>" + "<div>" * 246 + "<u>x</u>" * 30,
    "<tr><td>" + "<span title=a>x</span><td>" * 300, "<tr><td>" + "<html>x</html><head>y</head>" * 150,
])
def test_elements_closed_at_once_nest_as_the_bound_says(cells):
    """`raw_table._shallow_but_for_pairs` says shallow only where libxml2 nests less deep than
    its limit (the tree's depth, with the elements it adds)."""
    table = f"<table>{cells}</table>"
    if _shallow_but_for_pairs(_folded(table)):
        assert tree_depth(lxml.html.document_fromstring(table)) < PARSER_DEPTH


def test_the_depth_bound_with_pairs_is_of_use():
    table = _folded("<table>" + "<tr><td><p><span>x</span></p></td></tr>" * 64 + "</table>")
    assert not _shallow(table) and _shallow_but_for_pairs(table) and _within_limits(table, DEFAULT_LIMITS)


def _untagged_slowly(lowered: str) -> str:
    return _ANY_TAG.sub("", _SPACE_TAG.sub(" ", lowered))


@pytest.mark.parametrize("fixture", HTML_FIXTURES, ids=lambda p: p.name)
def test_tags_are_taken_out_as_the_patterns_take_them_out_on_every_fixture_table(fixture):
    """`raw_table._untagged` (the fast twins first) gives what `_SPACE_TAG` then `_ANY_TAG` give."""
    for document in read_documents(fixture):
        for table, before, _ in _tables(document.text):
            for piece in (table, before):
                lowered = _folded(piece)
                assert _untagged(lowered) == _untagged_slowly(lowered), piece[:300]


@pytest.mark.parametrize("table", [
    "<table><tr><td title='a<b'>x</td></tr></table>",  # a "<" inside a tag: the patterns leave it
    "<table><tr><td>a <b class='x<y'>b</b> c</td></tr></table>",
    "<table><tr><td>a < b</td><td>c<d</td></tr></table>",  # a "<" in text, a tag glued to it
    "<table><tr><td>a <<b>b</b>></td></tr></table>",
    "<table><tr><td>x</td><tr <td>y</td></table>",
    "<table><tr><td>x</td></tr><!-- <td a<b> --></table>",
    "<table><tr><td>Regis<B>tered</B>&nbsp;<sup>1</sup>Funds</td></tr>\n<tr><td style='a:b'>y</td></tr></table>",
    "<td>open<td",  # a tag never closed
    "<td>x<br/>y</td><p>z</p><caption>c</caption><thead><tbody><tfoot>",
])
def test_tags_are_taken_out_as_the_patterns_take_them_out(table):
    lowered = _folded(table)
    assert _untagged(lowered) == _untagged_slowly(lowered)


def _may_be_value_word_by_word(text: str) -> bool:
    """`raw_table._may_be_value` as first written: every word of every run looked at."""
    return any(_VALUE_WORD.search(token) or _MARK_LETTERS.fullmatch(_NOT_LETTER.sub("", token))
               for run in _range_runs(text) for token in run)


_WORDS = ["a", "h", "i", "x", "xx", "x-x", "(x)x", "xy", "ax", "(b)", "b.", "[c]", "\u2713", "\u221a\u2713", "\u2714.",
          "A", "(H)", "name", "over", "$1", "none", "nil", "-", "\u2014", "*", "to", "", "\xa0", "\x1c", "\u2003",
          "\u00e9", "\u0101", "x\u00e9x", "ab", "(s)", "1a", "e.g."]


@pytest.mark.parametrize("fixture", HTML_FIXTURES, ids=lambda p: p.name)
def test_a_value_is_looked_for_as_word_by_word_on_every_fixture_cell(fixture):
    """`_may_be_value`'s shortcut (no `_VALUE_WORD`: a mark's word alone, `_MARK_WORD`) answers
    as looking at every word, on the text of every cell of every fixture table."""
    for document in read_documents(fixture):
        for table, _, _ in _tables(document.text):
            for row in _ROW_START.split(_folded(table))[1:]:
                for cell in _CELL_START.split(row)[1:]:
                    text = table_text(_cell_content(cell))
                    if text is not None:
                        assert _may_be_value(text) == _may_be_value_word_by_word(text), text


def test_a_value_is_looked_for_as_word_by_word():
    """Every text of one to three of `_WORDS` (letters of marks, x's, check marks, glued signs,
    white space str.split cuts at, letters past ASCII), joined by a space or by nothing."""
    texts = [" ".join(words) for words in itertools.product(_WORDS, repeat=2)]
    texts += ["".join(words) for words in itertools.product(_WORDS, repeat=2)]
    texts += [" ".join(words) for words in itertools.product(_WORDS[:20], repeat=3)]
    for text in texts:
        assert _may_be_value(text) == _may_be_value_word_by_word(text), repr(text)


@pytest.mark.parametrize("text", ["Number of Accounts", "NUMBER", "numbers of funds", "No. of Accounts", "NO.", "no",
                                  "Nos.", "# of accts", "Count", "account", "re-count", "No.\u00a0of", "tr<b>No.</b>",
                                  "\u212aount", "Mr. Nunez numbered", "none", ""])
def test_count_in_lower_case_finds_what_count_finds(text):
    """`raw_table._COUNT` on folded text answers as accounts_grid.COUNT (re.I) on the text."""
    assert _COUNT.search(_folded(text)) == bool(COUNT.search(text))


@pytest.mark.parametrize("text", ["carpool pool", "carpools", "whirlpool", "POOL", "pool-like", "metrics", "electric RICs",
                                  "(RIC)", "RIC\u2019s", "price rics", "arrange", "orange range", "ranges", "piano. no.",
                                  "a pivs b", "PIV", "unpivs", "x\u212a pool", "\u0131ric ric", ""])
def test_alternatives_led_by_a_word_boundary_find_what_the_patterns_find(text):
    """A part of `_Alternatives` that opens with \\b is first searched without it: the answers
    stay the patterns' own, where the wider match comes first inside a word."""
    folded = _folded(text)
    for (_, pattern), alternatives in zip(CATEGORY_PATTERNS, _CATEGORIES):
        assert alternatives.search(folded) == bool(pattern.search(text)), (pattern.pattern, text)
    assert _OWNERSHIP.search(folded) == bool(OWNERSHIP_WORDS.search(text))
    assert _COUNT.search(folded) == bool(COUNT.search(text))


def _within_limits_counted(lowered: str) -> bool:
    """`raw_table._within_limits` as first written: cells and rows counted tag by tag at once."""
    cells = lowered.count("<td") + lowered.count("<th")
    rows = lowered.count("<tr") + cells
    span = max(map(_span, _SPAN.findall(lowered)), default=1) if "span" in lowered else 1
    if rows >= DEFAULT_LIMITS.table_rows or span * cells * rows + cells * span * span >= DEFAULT_LIMITS.table_cells:
        return False
    return _within_limits(lowered, DEFAULT_LIMITS)  # (past the counts, the same depth bound)


_LARGE = [
    _table(*["<td>x</td>" * 20] * 240),  # 4,800 cells, 5,040 rows' bound
    _table(*["<td>x</td>" * 10] * 300),
    _table(*["<td colspan=3>x</td>" * 10] * 60),
    _table(*["<td>x</td>" * 2] * 5000),
    "<table>" + "<tbody><thead><tfoot><title>" * 400 + "<tr><td>x</td></tr>" * 100 + "</table>",
    "<table>" + "<tbody><tfoot><title></title>" * 300 + "<tr><td>x</td></tr>" * 100 + "</table>",  # loose bound past
    "<table>" + "<tr><td>x</td></tr>" * 4990 + "</table>",
]


@pytest.mark.parametrize("table", _LARGE, ids=range(len(_LARGE)))
def test_the_limits_are_asked_as_when_counted_tag_by_tag(table):
    lowered = _folded(table)
    assert _within_limits(lowered, DEFAULT_LIMITS) == _within_limits_counted(lowered)


@pytest.mark.parametrize("fixture", HTML_FIXTURES, ids=lambda p: p.name)
def test_the_limits_are_asked_as_when_counted_tag_by_tag_on_every_fixture_table(fixture):
    for document in read_documents(fixture):
        for table, _, _ in _tables(document.text):
            lowered = _folded(table)
            assert _within_limits(lowered, DEFAULT_LIMITS) == _within_limits_counted(lowered)
