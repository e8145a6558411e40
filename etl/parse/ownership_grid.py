"""Managers' ownership of fund shares, read from a Grid.

Three shapes: a range written in a cell (one per manager, or one per manager and fund, funds
and ranges possibly stacked in cells); a mark ("X") under one of the seven range columns; a
letter code explained by a legend ("A = None, B = $1-$10,000"). Columns of aggregate holdings
across a fund complex are not per-fund ownership and are left out; so are trustees' tables
(top range "over $100,000") and notional deferred-compensation tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from etl.parse.accounts_grid import strip_marks
from etl.parse.folding import AnyOf, may_hold
from etl.parse.grid import Cell, Grid
from etl.parse.memo import per_document
from etl.parse.names import clean_person_text, looks_like_fund_name, looks_like_person
from etl.parse.records import Span
from etl.parse.text_ownership import CHECK_MARK, OwnershipRow, TableReading
from etl.parse.values import (
    TRUSTEE_TOP_RANGE_LOW,
    dollar_range_or_none,
    is_dollar_range,
    is_range_grouped_wrongly,
    parse_dollar_range,
)

OWNERSHIP_WORDS = re.compile(r"dollar\s+range|\brange\b|owned|ownership|beneficial|value\s+of\s+(?:fund\s+)?shares",
                             re.I)
_OWNERSHIP_STEMS = ("range", "owned", "ownership", "beneficial", "value")  # of OWNERSHIP_WORDS
_AGGREGATE = re.compile(r"aggregate|fund\s+complex|family\s+of\s+(?:investment\s+)?(?:funds|companies)"
                        r"|pooled\s+investment\s+vehicles|\ball\s+investments\b"
                        r"|all\s+(?:registered\s+)?(?:investment\s+companies|funds)|overseen|fund\s+family"
                        r"|all\s+\w+\s+funds"
                        r"|\b(?:of|in)\s+all\b(?!\s+cap\b)", re.I)  # "Dollar Range of All <family> Fund Shares"
TRUSTEE_WORDS = re.compile(r"\btrustees?\b|\bdirectors?\b|\bnominees?\b", re.I)
NOTIONAL = re.compile(r"notional|deferred\s+compensation|hypothetical|phantom|tracks?\s+the", re.I)
_FUND = re.compile(r"\b(fund|portfolio|series|trust)\b", re.I)
_LETTER = re.compile(r"^[A-H]$")
LEGEND = re.compile(
    r"\b([A-H])\s*(?:=|:|-|\u2013|\u2014|\.)\s*(none|\$[\d,]+\s*(?:-|\u2013|to)\s*\$[\d,]+|over\s+\$[\d,]+"
    r"|more\s+than\s+\$[\d,]+|above\s+\$[\d,]+)", re.I)
# every LEGEND match holds "none" or a "$" (its range): a cheap first test for the text around a table
_LEGEND_STEMS = ("$", "none")
# OWNERSHIP_WORDS, and "none" or "$0", asked of a whole table's text as AnyOf (`etl.parse.folding`:
# the same answers; a re.I search of an 8 KB table without an ownership figure cost ~0.15 ms)
_OWNERSHIP_WORDS_ANY = AnyOf(OWNERSHIP_WORDS)
_NONE_OR_ZERO = AnyOf(re.compile(r"\bnone\b|\$0\b", re.I))
# "Fund Managed", "Name of Portfolio": a column of fund names, not a column for one fund
_GENERIC_FUND_HEADER = re.compile(r"\bmanaged\b|\bname\b|^(?:the\s+)?(?:funds?|portfolios?|series)\b", re.I)


def legend_from(text: str) -> dict[str, str]:
    """
    >>> legend_from("A = None; B = $1-$10,000; G = Over $1,000,000")["G"]
    'Over $1,000,000'
    >>> legend_from("Item 30. Exhibits (a) Declaration of Trust")
    {}
    """
    if not may_hold(text, _LEGEND_STEMS):
        return {}  # a cheap first test: see _LEGEND_STEMS
    return {m.group(1).upper(): " ".join(m.group(2).split()) for m in LEGEND.finditer(text)}


@per_document(maxsize=65536)  # asked of every cell of a row, row after row: a table repeats its cells' texts
def is_range_label(text: str) -> bool:
    """Whether a cell's text is a dollar range, as a mark column's heading is.

    >>> is_range_label("$10,001 -\\n$50,000(a)"), is_range_label("Since 2019"), is_range_label("")
    (True, False, False)
    """
    value = _value_text(text)
    return bool(value) and is_dollar_range(value)


@per_document(maxsize=65536)
def _value_text(text: str) -> str:
    return strip_marks(_unrevised(" ".join(text.split())).strip("\u201c\u201d\"'"))[0]


def read_ownership_grid(grid: Grid, legend: dict[str, str], before: str = "",
                        combined: bool = False) -> TableReading | None:
    """None when the table is not about ownership. ``before`` is the text just above it.

    ``combined``: the table was read for other accounts too; only columns headed as
    ownership are read here.
    """
    whole = " ".join(c.flat for row in grid.rows for c in row if not c.is_copy)
    header_end = 0
    mark_columns: dict[int, str] = {}
    for index, row in enumerate(grid.rows):
        labels = {i: _value_text(c.text) for i, c in enumerate(row) if i > 0 and is_range_label(c.text)}
        if len(labels) >= 3 and not any(looks_like_person(clean_person_text(c.text)) for c in row[:1]):
            mark_columns, header_end = labels, index + 1
            break
    if not mark_columns and not any(stem in whole.lower() or stem in before[-300:].lower()
                                    for stem in _OWNERSHIP_STEMS):
        return None  # the test below cannot pass: every ownership phrase holds one of the stems
    if not mark_columns:
        header_end = next((i for i, row in enumerate(grid.rows) if any(_is_value(c, legend) for c in row[1:])
                           and any(_person(c) for c in row)), len(grid.rows))
        if combined:
            header_end = next((i for i, row in enumerate(grid.rows) if any(_person(c) for c in row)),
                              len(grid.rows))
    header = " ".join(c.flat for row in grid.rows[:header_end] for c in row if not c.is_copy)
    if not (mark_columns or (_OWNERSHIP_WORDS_ANY.search(header + " " + before[-300:]) and
                             (_shows_ranges(grid) or legend or _NONE_OR_ZERO.search(whole)))):
        return None
    reading = TableReading(kind="ownership")
    if NOTIONAL.search(header):
        reading.kind = "notional"
        return reading
    if TRUSTEE_WORDS.search(header):
        reading.kind = "trustee_ownership"
        return reading
    column_headers = _column_headers(grid, header_end)
    current_manager: str | None = None
    current_marks: tuple[str, ...] = ()
    current_fund: str | None = None
    for row in grid.rows[:header_end]:  # a fund's group row just above the first manager
        texts = {c.flat for c in row if c.flat}
        if len(texts) == 1 and looks_like_fund_name(next(iter(texts))):
            current_fund = texts.pop()
    for whole_row in grid.rows[header_end:]:
        texts = {c.flat for c in whole_row if c.flat}
        if len(texts) == 1 and looks_like_fund_name(_unrevised(next(iter(texts)))):
            current_fund = _unrevised(texts.pop())  # a fund's group row
            continue
        for row in _unstacked(whole_row, legend):
            person = next((p for c in row if (p := _person(c))), None)
            if person:
                current_manager = person
                current_marks = _name_marks(next(c for c in row if _person(c)))
            manager = person or (current_manager if not any(c.flat and not c.is_copy for c in row[:1]) else None)
            if manager is not None:
                _read_row(row, manager, current_marks, current_fund,
                          _Columns(column_headers, mark_columns, legend, combined), reading)
    top = [row.range_low_usd for row in reading.ownership_rows if row.range_high_usd is None]
    top += [parse_dollar_range(label)[0] for label in mark_columns.values() if parse_dollar_range(label)[1] is None]
    if top and max(top) <= TRUSTEE_TOP_RANGE_LOW:
        reading.kind = "trustee_ownership"
    if not reading.ownership_rows and not reading.problems:
        return None
    return reading


def _shows_ranges(grid: Grid) -> bool:
    """Whether a cell holds a dollar range other than none: asked only when nothing before
    has decided the table (reading every cell costs)."""
    return any(not c.is_copy and is_dollar_range(_value_text(c.text))
               and _value_text(c.text).lower() not in ("none", "0", "-0-") for row in grid.rows for c in row)


@dataclass(frozen=True)
class _Columns:
    """What a table says about its columns: header text, range columns for marks, legend."""
    headers: list[str]
    marks: dict[int, str]
    legend: dict[str, str]
    combined: bool


def _column_headers(grid: Grid, header_end: int) -> list[str]:
    width = max(len(r) for r in grid.rows)
    headers = ["" for _ in range(width)]
    for row in grid.rows[:header_end]:
        for i, cell in enumerate(row):
            if cell.flat and cell.span_width < width:
                headers[i] = f"{headers[i]} {_unrevised(cell.flat)}".strip()
    return headers


def _read_row(row: list[Cell], manager: str, marks: tuple[str, ...], current_fund: str | None,
              columns: _Columns, reading: TableReading) -> None:
    """One manager's row: ranges in cells (one, or stacked with their funds), a mark under a
    range column, or a range under each fund's column."""
    funds: list[str] = []
    values: dict[int, list[str]] = {}  # column -> the ranges read there
    per_fund_column: list[tuple[str, str]] = []  # a column per fund: (fund, value)
    for index, cell in enumerate(row):
        if cell.is_copy and cell.span_width > 1 or not cell.flat:
            continue
        header_text = columns.headers[index] if index < len(columns.headers) else ""
        if _AGGREGATE.search(header_text) or (columns.combined and not OWNERSHIP_WORDS.search(header_text)):
            continue
        if looks_like_fund_name(header_text) and not OWNERSHIP_WORDS.search(header_text) \
                and not _GENERIC_FUND_HEADER.search(header_text):
            value_lines = _value_lines(cell, columns.legend)
            if len(value_lines) == 1:
                per_fund_column.append((header_text, _decoded(value_lines[0], columns.legend)))
            elif not _NOT_DISCLOSED.fullmatch(_value_text(cell.flat)):  # "N/A": a fund he does not run
                reading.problems.append(f"line {cell.line}: ownership of {manager!r} in {header_text!r} "
                                        f"not understood: {cell.flat!r}")
            continue
        if columns.marks and CHECK_MARK.match(_value_text(cell.flat)):
            label = _range_under(index, row, columns.marks)
            if label:
                values[index] = [label]
            continue
        lines = [_value_text(line) for line in cell.text.split("\n") if line.strip()]
        if value_lines := _value_lines(cell, columns.legend):
            values[index] = [_decoded(v, columns.legend) for v in value_lines]
        elif lines and _FUND.search(header_text) and not OWNERSHIP_WORDS.search(header_text) \
                and not re.search(r"manager|name|personnel", header_text, re.I):
            funds.extend(_join_wrapped(lines) if all(_FUND.search(x) for x in _join_wrapped(lines))
                         else [" ".join(lines)])  # a column of fund names ("Natural Resources")
        elif not _person(cell) and lines and all(_FUND.search(line) for line in _join_wrapped(lines)):
            funds.extend(_join_wrapped(lines))
    if not values and not per_fund_column:
        return
    span = Span(min(c.line for c in row if c.line), max(c.line for c in row if c.line),
                " | ".join(c.flat for c in row if c.flat and not c.is_copy))
    chosen = _one_range_column(values, columns, manager, span, reading)
    if funds and len(chosen) == 1:
        chosen = chosen * len(funds)
    if funds and chosen and len(funds) != len(chosen):
        reading.problems.append(f"line {span.line_start}: {len(funds)} funds but {len(chosen)} ranges "
                                f"for {manager!r}")
        return
    pairs = list(zip(funds or [current_fund] * len(chosen), chosen)) + per_fund_column
    for fund, value in pairs:
        _add_row(reading, manager, fund, value, span, marks)


def _range_under(index: int, row: list[Cell], marks: dict[int, str]) -> str | None:
    """The range column a mark stands under: the one above it; or, when the data rows have more
    cells than the header (a spacer cell beside every mark cell, the header without them), the
    one at the same relative position across the range columns.

    >>> labels = {1: "None", 2: "$1-$10,000", 3: "Over $1,000,000"}
    >>> row = [Cell("Ann Lee", 1)] + [Cell("", 1)] * 5 + [Cell("X", 1)]
    >>> _range_under(6, row, labels), _range_under(2, row[:3] + [Cell("", 1)] * 4, labels)
    ('Over $1,000,000', 'None')
    """
    first, last = min(marks), max(marks)
    used = [i for i, c in enumerate(row) if not (c.is_copy and not c.text)]
    width = (used[-1] if used else 0) + 1
    if width <= last + 1:
        return marks.get(index)  # the header's columns are the rows'
    if index < first:
        return None
    slot = (index - first) * (last - first + 1) // (width - first)
    return marks.get(first + slot)


def _one_range_column(values: dict[int, list[str]], columns: _Columns, manager: str, span: Span,
                      reading: TableReading) -> list[str]:
    """The ranges of the fund's column. Ranges in further columns that no header explains
    (an aggregate or a pooled-vehicle column is left out before) are not read, with a problem."""
    if len(values) <= 1:
        return next(iter(values.values()), [])
    first, *others = sorted(values)
    headers = ", ".join(repr(columns.headers[i] if i < len(columns.headers) else "") for i in others)
    reading.problems.append(f"line {span.line_start}: ranges for {manager!r} in {len(values)} columns; "
                            f"read the first ({columns.headers[first]!r}), not {headers}")
    return values[first]


def _add_row(reading: TableReading, manager: str, fund: str | None, value: str, span: Span,
             marks: tuple[str, ...]) -> None:
    """A range as an ownership row; a range not understood is a problem, never an exception."""
    parsed = dollar_range_or_none(value)
    if parsed is None:
        if not _NOT_DISCLOSED.fullmatch(value):
            reading.problems.append(f"line {span.line_start}: ownership of {manager!r} not understood: {value!r}")
        return
    low, high = parsed
    reading.ownership_rows.append(OwnershipRow(manager, low, high, value, span, fund=fund, name_marks=marks))


_NOT_DISCLOSED = re.compile(r"n/?a|n\.a\.|not\s+applicable|[-\u2013\u2014*]*", re.I)


def _decoded(value: str, legend: dict[str, str]) -> str:
    """A letter code through the legend; anything else as printed."""
    return legend.get(value.upper(), value) if _LETTER.match(value) else value


_REVISION_TAG = re.compile(r"</?[A-Z]>")  # revision marks printed as text: "<R>none</R>"


def _unrevised(text: str) -> str:
    """
    >>> _unrevised("<R>$ 4,452</R>")
    '$ 4,452'
    """
    return _REVISION_TAG.sub("", text).strip() if "<" in text else text


_NAME_TAIL_MARKS = re.compile(r"(?<=[A-Za-z.)])((?:[\s,]*\(?(?:\d{1,2}|\*{1,3}|[\u2020\u2021])\)?)+)[\s,]*$")


def _name_marks(cell: Cell) -> tuple[str, ...]:
    """Footnote markers on a manager's name, wherever the name's lines end: "Darius / Teal3",
    "Stanley Dorsey(2)*", "Ned Shaw 4,5", and superscripts.

    >>> _name_marks(Cell("Darius\\nTeal3", 1)), _name_marks(Cell("Stanley Dorsey(2)*", 1))
    (('3',), ('2', '*'))
    """
    marks: list[str] = []
    for line in cell.text.split("\n"):
        match = _NAME_TAIL_MARKS.search(_unrevised(line).strip())
        if match:
            marks += re.findall(r"\d{1,2}|\*{1,3}|[\u2020\u2021]", match.group(1))
    return tuple(marks) + cell.footnotes


def _unstacked(row: list[Cell], legend: dict[str, str]) -> list[list[Cell]]:
    """A row whose first cell stacks several managers, one a line, with their ranges stacked
    the same way in the cells after it, as one row per manager. Any other row as it is.

    >>> rows = _unstacked([Cell("Ann Lee\\nBo Park", 1), Cell("$0\\n$1-$10,000", 1)], {})
    >>> [[c.text for c in r] for r in rows]
    [['Ann Lee', '$0'], ['Bo Park', '$1-$10,000']]
    """
    names = [line for line in row[0].text.split("\n") if line.strip()] if row else []
    if len(names) < 2 or not all(_person(Cell(n, row[0].line)) for n in names):
        return [row]
    stacked = [c for c in row[1:] if c.flat and not c.is_copy]
    if not stacked or not all(len(_value_lines(c, legend)) == len(names) or c.text.count("\n") + 1 == len(names)
                              for c in stacked) or not any(_value_lines(c, legend) for c in stacked):
        return [row]
    out = []
    for i in range(len(names)):
        out.append([replace(c, text=c.text.split("\n")[i] if c.text.count("\n") + 1 == len(names) else c.text)
                    if (c.flat and not c.is_copy) or c is row[0] else c for c in row])
    return out


def _join_wrapped(lines: list[str]) -> list[str]:
    """Fund names wrapped over lines: a line without fund words continues the one before."""
    out: list[str] = []
    for line in lines:
        if out and not re.search(r"\b(fund|portfolio)\b\W*$", out[-1], re.I):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


@per_document(maxsize=65536)
def is_ownership_value(text: str) -> bool:
    """A cell that answers the ownership question: a range, "None" or "$0"."""
    return _is_value_text(_value_text(text), {})


def _is_value_text(text: str, legend: dict[str, str]) -> bool:
    """A range, "None", "$0", a legend's letter; or a range whose digits are grouped wrongly,
    which `_add_row` then reports as not understood (never a value read without its commas)."""
    return is_dollar_range(text) or text.lower() in ("$0", "none") or bool(legend and _LETTER.match(text)) \
        or is_range_grouped_wrongly(text)


def _value_lines(cell: Cell, legend: dict[str, str]) -> list[str]:
    """The values stacked in a cell, one per line; a range wrapped over lines is one value."""
    lines = [_value_text(line) for line in cell.text.split("\n") if line.strip()]
    if lines and all(_is_value_text(line, legend) or CHECK_MARK.match(line) for line in lines):
        return lines
    joined = _value_text(" ".join(lines))
    return [joined] if lines and _is_value_text(joined, legend) else []


def _is_value(cell: Cell, legend: dict[str, str]) -> bool:
    return bool(_value_lines(cell, legend))


def _person(cell: Cell) -> str | None:
    if cell.is_copy and cell.span_width > 1:
        return None
    for candidate in (cell.text, cell.text.split("\n")[0]):
        cleaned = clean_person_text(strip_marks(_unrevised(candidate))[0])
        cleaned = re.sub(r"\s*\([\u201c\"][^)]*[\u201d\"]\)", "", cleaned)
        if looks_like_person(cleaned) or _HONORIFIC_NAME.match(cleaned):
            return cleaned
    return None


# "Mr. Dunn", "Ms. Reyes": a manager named by title and family name, resolved later against
# the full names of the document
_HONORIFIC_NAME = re.compile(r"^(?:Mr|Ms|Mrs|Dr|Miss)\.?\s+[A-Z][\w'\-]+(?:,?\s+(?:Jr\.|Sr\.|II|III|IV))?$")
