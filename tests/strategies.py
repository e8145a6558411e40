"""Hypothesis strategies for the property tests (tests/test_properties.py): hostile text, amounts,
counts and dollar ranges as filings print them, and HTML tables with spans.

Every word and figure here is generated; nothing comes from a real filing.
"""

from __future__ import annotations

import decimal
import html
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import strategies as st

# --- hostile text ---------------------------------------------------------------------------

# pieces that have broken parsers elsewhere: long digit runs, unbalanced and nested brackets,
# currency runs, exponents, every kind of space, dash and digit a filing's text can hold
HOSTILE_PIECES = [
    "9" * 5000, "1" * 40, "0" * 30, "((((", "))))", "(((1)))", "$$$", "$", "1e308", "1E-400", "NaN",
    "Infinity", "-", "--", "\u2013", "\u2014", "\u2212", "\xa0", "\u2007", "\u2009", "\u200b", "\ufeff",
    "\u3000", "\uff11\uff12\uff13", "\u0663", "\u00b2", ",", ",,", ".", "..", "...", "/", ";", ":",
    "million", "Billion", "thousand", "trillion", "M", "bn", "mm", "k", "None", "N/A", "-0-", "___",
    "[ ]", "over", "to", "and", "or more", "between", "+", "*", "(1)", "\u2020", "\x00", "\x0b",
    "\r", "\n", "\t", "\x85", "\u2028", "<R>", "</R>", "&amp;", "%", "#", "December 31,", "2020",
    "31/12/2020", "Jan.", "Sept", "as of", "of which", "accounts", "RICs", "Jr.", "CFA", "Dr.",
    "Mac", "O'", "(co-lead)", '("Bo")', "\u201c", "\ud7ff", "\U0001f600", "\u0301",
]

# a piece repeated between a prefix and a suffix: what makes a regular expression that backtracks
# take time exponential in the length ("*" * 40 + "x" took hours in two of them)
PUMPS = ["9", "9,", " 9", "(9)", "9.", ", ", "a", "Aa", "$9", "-", " ", ".", "a ", "(a)", "*", "a.", "1 a",
         "\u2020", "9 ", "'", "-a", "a9", "(1)", "9/"]
PUMP_PREFIXES = ["", "a", "Jane Roe", "$", "over $", "6/", "Label: "]
PUMP_SUFFIXES = ["", "x", " million", ")", ":"]


# the pieces of table cells: counts, separators, amounts and units, in any order
CELL_PIECES = ["6", "0", "1,203", "12", "/", " / ", "(", ")", "$", "$674.5", "$.5", " million", " mil", "M", "bn",
               " funds", " accounts", " other accounts", ";", " with ", "-", " - ", "\u2013", "none", "-0-", " ",
               ",", ".", "total assets", "in assets", ":", "Label", "of which", "2014", "\n"]
cell_like_text = st.lists(st.sampled_from(CELL_PIECES), max_size=7).map("".join)


# a count and an amount in one cell, in the ways filings part them, and near misses
packed_like_text = st.tuples(
    st.sampled_from(["6", "0", "1,203", "none", "-0-", "12.5", "2014", "$3"]),
    st.sampled_from(["", " funds", " accounts", " other accounts", " RICs"]),
    st.sampled_from(["/", " / ", " (", "(", "; ", " with ", ", ", " - ", " \u2013 ", " ", ":"]),
    st.sampled_from(["$674.5", "$ 4,582.72", "$0", "$.5", "674.5", "$1,2", "$,5", "2015", "$9" + "9" * 40]),
    st.sampled_from(["", " million", " mil", "M", " bn", "k", " T", " millions", " billion."]),
    st.sampled_from(["", ")", " total assets", " in assets", "))", " x"]),
).map("".join)


def pumped_texts(length: int) -> list[str]:
    return [prefix + pump * (length // len(pump)) + suffix
            for pump in PUMPS for prefix in PUMP_PREFIXES for suffix in PUMP_SUFFIXES]


hostile_text = st.one_of(
    st.text(max_size=60),
    cell_like_text,
    st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=3)), max_size=8).map("".join),
    st.lists(st.sampled_from(HOSTILE_PIECES), max_size=6).map(" ".join),
)

# --- amounts, counts, ranges as printed -----------------------------------------------------

EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)  # no rounding

UNITS = {  # printed unit -> power of ten
    "": 0, " million": 6, " Million": 6, " MILLION": 6, " billion": 9, " Billion": 9, " thousand": 3,
    " trillion": 12, "M": 6, " M": 6, "B": 9, "K": 3, " mm": 6, " mil": 6, " bn": 9, "\nmillion": 6,
    "\xa0million": 6, " mil.": 6, "T": 12, " t": 12,
}


def grouped(whole: int) -> st.SearchStrategy[str]:
    """An integer printed with thousands commas or without."""
    return st.sampled_from([f"{whole:,}", str(whole)])


@dataclass(frozen=True)
class PrintedAmount:
    text: str
    value: Decimal  # the amount the text states, in dollars
    number: Decimal  # the printed number, before any unit


@st.composite
def printed_amounts(draw, units: dict[str, int] = UNITS) -> PrintedAmount:
    """"$1,234.56 million", "$ 15.7B", "950" and the like, with the dollars they state."""
    whole = draw(st.one_of(st.integers(0, 999), st.integers(0, 10**12), st.integers(0, 10**30)))
    places = draw(st.sampled_from([0, 0, 1, 2, 3]))
    fraction = draw(st.integers(0, 10**places - 1)) if places else 0
    number = draw(grouped(whole)) + (f".{fraction:0{places}d}" if places else "")
    unit = draw(st.sampled_from(sorted(units)))
    dollar = draw(st.sampled_from(["$", "$ ", "$\xa0", ""]))
    stop = draw(st.sampled_from(["", "."])) if unit.strip() and not unit.endswith(".") else ""
    value = EXACT.multiply(Decimal(number.replace(",", "")), Decimal(10) ** units[unit])
    return PrintedAmount(f"{dollar}{number}{unit}{stop}", value, Decimal(number.replace(",", "")))


SUPERSCRIPT_MARKS = ["1", "(2)", "*", "\u2020"]
FOOTNOTE_MARKS = ["(1)", "(12)", "(a)", "*", "**", "\u2020", "\u2021", " (2)"]

# the seven ranges of Form N-1A, as (low, high) and some ways filings print each
RANGE_VOCABULARY: list[tuple[Decimal, Decimal | None, list[str]]] = [
    (Decimal(0), Decimal(0), ["None", "none", "NONE", "$0", "-0-", "-", "\u2014", "--"]),
    (Decimal(1), Decimal(10_000), ["$1{d}$10,000", "$1{d}10,000", "1{d}10,000"]),
    (Decimal(10_001), Decimal(50_000), ["$10,001{d}$50,000", "$10,001{d}50,000"]),
    (Decimal(50_001), Decimal(100_000), ["$50,001{d}$100,000"]),
    (Decimal(100_001), Decimal(500_000), ["$100,001{d}$500,000"]),
    (Decimal(500_001), Decimal(1_000_000), ["$500,001{d}$1,000,000", "$500,001{d}$1 million"]),
    (Decimal(1_000_001), None, ["Over $1,000,000", "over $1,000,000", "OVER $1,000,000", "Over $1 million",
                                "More than $1,000,000", "$1,000,001 or more", "$1,000,001+",
                                "In excess of $1,000,000", "Above $1,000,000"]),
]
DASHES = ["-", " - ", "\u2013", " \u2013 ", "\u2014", " \u2014 ", " to ", " through ", "-\n", " -\n",
          "\u2212", "\xa0-\xa0"]


@st.composite
def printed_ranges(draw) -> tuple[str, Decimal, Decimal | None]:
    low, high, forms = draw(st.sampled_from(RANGE_VOCABULARY))
    text = draw(st.sampled_from(forms)).replace("{d}", draw(st.sampled_from(DASHES)))
    text = text.replace("$", draw(st.sampled_from(["$", "$ ", "$\xa0"])))
    text = draw(st.sampled_from(["", " ", "\n"])) + text + draw(st.sampled_from(["", " ", ".", "\n"]))
    return text, low, high


@st.composite
def generated_ranges(draw) -> tuple[str, Decimal, Decimal]:
    """A closed range of any two amounts, low <= high."""
    low = draw(st.integers(0, 10**30))
    high = draw(st.integers(low, low + 10**30))
    dash = draw(st.sampled_from(DASHES))
    text = f"${draw(grouped(low))}{dash}${draw(grouped(high))}"
    return text, Decimal(low), Decimal(high)


# --- HTML tables ----------------------------------------------------------------------------

WORDS = ["Jane", "Roe", "Accounts", "Total", "Assets", "$1.5", "19", "None", "N/A", "Other", "(in millions)",
         "Registered", "Pooled", "Vehicles", "$10,001-$50,000", "x", "\u00e9t\u00e9", "A&B", "<tag>", "1,203"]
WRAPPERS = ["{}", "<b>{}</b>", "<i>{}</i>", "<span style=\"font-weight:bold\">{}</span>", "<font>{}</font>",
            "<a href=\"#x\">{}</a>", "<strong><em>{}</em></strong>", "<p>{}</p>", "<div>{}</div>"]


@dataclass(frozen=True)
class SourceCell:
    row: int
    column: int
    rowspan: int
    colspan: int
    words: tuple[str, ...]  # the cell's words, in order (no footnote marks)
    html: str  # the cell's inner HTML

    @property
    def flat(self) -> str:
        return " ".join(self.words)


@st.composite
def cell_contents(draw) -> tuple[tuple[str, ...], str]:
    """(words, inner HTML): words wrapped in inline markup, <br>s between, a footnote mark in
    <sup> sometimes, white space and NBSPs around."""
    words = tuple(draw(st.lists(st.sampled_from(WORDS), max_size=4)))
    parts = []
    for index, word in enumerate(words):
        wrapped = draw(st.sampled_from(WRAPPERS)).format(html.escape(word, quote=False))
        separator = draw(st.sampled_from([" ", "<br>", "<br/>", "\n", " &nbsp;", "\xa0"])) if index else ""
        parts.append(separator + wrapped)
    if words and draw(st.booleans()):
        parts.append(f"<sup>{draw(st.sampled_from(SUPERSCRIPT_MARKS))}</sup>")
    padding = draw(st.sampled_from(["", " ", "\n  ", "&#160;"]))
    return words, padding + "".join(parts) + padding


@st.composite
def span_tables(draw, max_rows: int = 6, max_columns: int = 6) -> tuple[str, int, int, list[SourceCell]]:
    """A well-formed table: a rows x columns layout tiled by cells with colspan and rowspan that
    never overlap, written as HTML; returns (html, rows, columns, cells)."""
    rows = draw(st.integers(1, max_rows))
    columns = draw(st.integers(1, max_columns))
    taken = [[False] * columns for _ in range(rows)]
    cells: list[SourceCell] = []
    for r in range(rows):
        for c in range(columns):
            if taken[r][c]:
                continue
            free = next((k for k in range(c, columns) if taken[r][k]), columns) - c
            colspan = draw(st.integers(1, free))
            rowspan = 1
            limit = draw(st.integers(1, rows - r))
            while rowspan < limit and not any(taken[r + rowspan][c:c + colspan]):
                rowspan += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[r + dr][c + dc] = True
            words, inner = draw(cell_contents())
            cells.append(SourceCell(r, c, rowspan, colspan, words, inner))
    body = []
    for r in range(rows):
        tds = []
        for cell in (x for x in cells if x.row == r):
            tag = draw(st.sampled_from(["td", "th", "TD"]))
            attributes = ""
            if cell.colspan > 1 or draw(st.booleans()):
                attributes += draw(st.sampled_from([' colspan="{}"', " colspan={}", " COLSPAN='{}'"])).format(cell.colspan)
            if cell.rowspan > 1 or draw(st.booleans()):
                attributes += draw(st.sampled_from([' rowspan="{}"', " rowspan={}"])).format(cell.rowspan)
            tds.append(f"<{tag}{attributes}>{cell.html}</{tag}>")
        body.append("<tr>" + "".join(tds) + "</tr>")
    wrapper = draw(st.sampled_from(["{}", "<tbody>{}</tbody>", "<thead>{}</thead>"]))
    return f"<table border=1>{wrapper.format(''.join(body))}</table>", rows, columns, cells


SPAN_VALUES = ["1", "2", "3", "0", "-1", "", "abc", "1.5", " 2 ", "1e3", "\uff13", str(10**9), "9" * 400, "50", "51"]


@st.composite
def ragged_tables(draw) -> str:
    """Any table: rows of different lengths, spans of any value (absurd, negative, not numbers)
    that may overlap, nested inline markup and nested tables."""
    rows = []
    for _ in range(draw(st.integers(0, 5))):
        tds = []
        for _ in range(draw(st.integers(0, 5))):
            attributes = ""
            if draw(st.booleans()):
                attributes += f' colspan="{draw(st.sampled_from(SPAN_VALUES))}"'
            if draw(st.booleans()):
                attributes += f' rowspan="{draw(st.sampled_from(SPAN_VALUES))}"'
            inner = draw(st.one_of(cell_contents().map(lambda pair: pair[1]),
                                   st.just("<table><tr><td>inner</td></tr></table>")))
            tds.append(f"<td{attributes}>{inner}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"
