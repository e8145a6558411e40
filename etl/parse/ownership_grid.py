"""Managers' ownership of fund shares, read from a Grid.

Three shapes: a range written in a cell (one per manager, or one per manager and fund, funds
and ranges possibly stacked in cells); a mark ("X") under one of the seven range columns; a
letter code explained by a legend ("A = None, B = $1-$10,000"). Columns of aggregate holdings
across a fund complex are not per-fund ownership and are left out; so are trustees' tables
(top range "over $100,000") and notional deferred-compensation tables.
"""

from __future__ import annotations

import functools
import re

from etl.parse.accounts_grid import strip_marks
from etl.parse.text_ownership import CHECK_MARK, OwnershipRow, TableReading
from etl.parse.grid import Cell, Grid
from etl.parse.names import clean_person_text, looks_like_fund_name, looks_like_person
from etl.parse.records import Span
from etl.parse.values import TRUSTEE_TOP_RANGE_LOW, is_dollar_range, parse_dollar_range

_OWNERSHIP_WORDS = re.compile(r"dollar\s+range|\brange\b|owned|ownership|beneficial|value\s+of\s+(?:fund\s+)?shares",
                              re.I)
_OWNERSHIP_STEMS = ("range", "owned", "ownership", "beneficial", "value")  # of _OWNERSHIP_WORDS
_AGGREGATE = re.compile(r"aggregate|fund\s+complex|family\s+of\s+(?:investment\s+)?(?:funds|companies)"
                        r"|pooled\s+investment\s+vehicles|\ball\s+investments\b"
                        r"|all\s+(?:registered\s+)?(?:investment\s+companies|funds)|overseen|fund\s+family"
                        r"|all\s+\w+\s+funds", re.I)
TRUSTEE_WORDS = re.compile(r"\btrustees?\b|\bdirectors?\b|\bnominees?\b", re.I)
_NOTIONAL = re.compile(r"notional|deferred\s+compensation|hypothetical|phantom|tracks?\s+the", re.I)
_FUND = re.compile(r"\b(fund|portfolio|series|trust)\b", re.I)
_LETTER = re.compile(r"^[A-H]$")
LEGEND = re.compile(
    r"\b([A-H])\s*(?:=|:|-|\u2013|\u2014|\.)\s*(none|\$[\d,]+\s*(?:-|\u2013|to)\s*\$[\d,]+|over\s+\$[\d,]+"
    r"|more\s+than\s+\$[\d,]+|above\s+\$[\d,]+)", re.I)
# "Fund Managed", "Name of Portfolio": a column of fund names, not a column for one fund
_GENERIC_FUND_HEADER = re.compile(r"\bmanaged\b|\bname\b|^(?:the\s+)?(?:funds?|portfolios?|series)\b", re.I)


def legend_from(text: str) -> dict[str, str]:
    """
    >>> legend_from("A = None; B = $1-$10,000; G = Over $1,000,000")["G"]
    'Over $1,000,000'
    """
    return {m.group(1).upper(): " ".join(m.group(2).split()) for m in LEGEND.finditer(text)}


@functools.lru_cache(maxsize=65536)
def _value_text(text: str) -> str:
    return strip_marks(" ".join(text.split()).strip("\u201c\u201d\"'"))[0]


def read_ownership_grid(grid: Grid, legend: dict[str, str], before: str = "",
                        combined: bool = False) -> TableReading | None:
    """None when the table is not about ownership. ``before`` is the text just above it.

    ``combined``: the table was read for other accounts too; only columns headed as
    ownership are read here.
    """
    whole = " ".join(c.flat for row in grid.rows for c in row if not c.is_copy)
    ranges_seen = [c for row in grid.rows for c in row if not c.is_copy and is_dollar_range(_value_text(c.text))
                   and _value_text(c.text).lower() not in ("none", "0", "-0-")]
    header_end = 0
    mark_columns: dict[int, str] = {}
    for index, row in enumerate(grid.rows):
        labels = {i: _value_text(c.text) for i, c in enumerate(row) if i > 0 and _value_text(c.text)
                  and is_dollar_range(_value_text(c.text))}
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
    if not (mark_columns or (_OWNERSHIP_WORDS.search(header + " " + before[-300:]) and
                             (ranges_seen or legend or re.search(r"\bnone\b|\$0\b", whole, re.I)))):
        return None
    reading = TableReading(kind="ownership")
    if _NOTIONAL.search(header):
        reading.kind = "notional"
        return reading
    if TRUSTEE_WORDS.search(header):
        reading.kind = "trustee_ownership"
        return reading
    width = max(len(r) for r in grid.rows)
    column_headers = ["" for _ in range(width)]
    for row in grid.rows[:header_end]:
        for i, cell in enumerate(row):
            if cell.flat and cell.span_width < width:
                column_headers[i] = f"{column_headers[i]} {cell.flat}".strip()
    current_manager: str | None = None
    current_marks: tuple[str, ...] = ()
    current_fund: str | None = None
    for row in grid.rows[:header_end]:  # a fund's group row just above the first manager
        texts = {c.flat for c in row if c.flat}
        if len(texts) == 1 and looks_like_fund_name(next(iter(texts))):
            current_fund = texts.pop()
    for row in grid.rows[header_end:]:
        texts = {c.flat for c in row if c.flat}
        if len(texts) == 1 and looks_like_fund_name(next(iter(texts))):
            current_fund = texts.pop()  # a fund's group row
            continue
        person = next((p for c in row if (p := _person(c))), None)
        if person:
            current_manager = person
            name_cell = next(c for c in row if _person(c))
            current_marks = strip_marks(name_cell.text.split("\n")[0])[1] + name_cell.footnotes
        manager = person or (current_manager if not any(c.flat and not c.is_copy for c in row[:1]) else None)
        if manager is None:
            continue
        funds: list[str] = []
        values: list[str] = []
        per_fund_column: list[tuple[str, str]] = []  # a column per fund: (fund, value)
        for index, cell in enumerate(row):
            if cell.is_copy and cell.span_width > 1 or not cell.flat:
                continue
            header_text = column_headers[index] if index < len(column_headers) else ""
            if _AGGREGATE.search(header_text) or (combined and not _OWNERSHIP_WORDS.search(header_text)):
                continue
            if looks_like_fund_name(header_text) and not _OWNERSHIP_WORDS.search(header_text) \
                    and not _GENERIC_FUND_HEADER.search(header_text):
                value_lines = _value_lines(cell, legend)
                if len(value_lines) == 1:  # "N/A": a fund the manager does not run
                    value = value_lines[0]
                    per_fund_column.append((header_text, legend.get(value.upper(), value)
                                            if _LETTER.match(value) else value))
                continue
            if index in mark_columns and CHECK_MARK.match(cell.flat):
                values.append(mark_columns[index])
                continue
            lines = [_value_text(line) for line in cell.text.split("\n") if line.strip()]
            if value_lines := _value_lines(cell, legend):
                values.extend(legend.get(v.upper(), v) if _LETTER.match(v) else v for v in value_lines)
            elif lines and _FUND.search(header_text) and not _OWNERSHIP_WORDS.search(header_text) \
                    and not re.search(r"manager|name|personnel", header_text, re.I):
                funds.extend(_join_wrapped(lines) if all(_FUND.search(x) for x in _join_wrapped(lines))
                             else [" ".join(lines)])  # a column of fund names ("Natural Resources")
            elif not _person(cell) and lines and all(_FUND.search(line) for line in _join_wrapped(lines)):
                funds.extend(_join_wrapped(lines))
        if not values and not per_fund_column:
            continue
        span = Span(min(c.line for c in row if c.line), max(c.line for c in row if c.line),
                    " | ".join(c.flat for c in row if c.flat and not c.is_copy))
        if funds and len(values) == 1:
            values = values * len(funds)
        if funds and values and len(funds) != len(values):
            reading.problems.append(f"line {span.line_start}: {len(funds)} funds but {len(values)} ranges "
                                    f"for {manager!r}")
            continue
        pairs = list(zip(funds or [current_fund] * len(values), values)) + per_fund_column
        for fund, value in pairs:
            low, high = parse_dollar_range(value)
            reading.ownership_rows.append(OwnershipRow(manager, low, high, value, span, fund=fund,
                                                       name_marks=current_marks))
    top = [row.range_low_usd for row in reading.ownership_rows if row.range_high_usd is None]
    top += [parse_dollar_range(label)[0] for label in mark_columns.values() if parse_dollar_range(label)[1] is None]
    if top and max(top) <= TRUSTEE_TOP_RANGE_LOW:
        reading.kind = "trustee_ownership"
    if not reading.ownership_rows and not reading.problems:
        return None
    return reading


def _join_wrapped(lines: list[str]) -> list[str]:
    """Fund names wrapped over lines: a line without fund words continues the one before."""
    out: list[str] = []
    for line in lines:
        if out and not re.search(r"\b(fund|portfolio)\b\W*$", out[-1], re.I):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


@functools.lru_cache(maxsize=65536)
def is_ownership_value(text: str) -> bool:
    """A cell that answers the ownership question: a range, "None" or "$0"."""
    return _is_value_text(_value_text(text), {})


def _is_value_text(text: str, legend: dict[str, str]) -> bool:
    return is_dollar_range(text) or text.lower() in ("$0", "none") or bool(legend and _LETTER.match(text))


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
        cleaned = clean_person_text(strip_marks(candidate)[0])
        cleaned = re.sub(r"\s*\([\u201c\"][^)]*[\u201d\"]\)", "", cleaned)
        if looks_like_person(cleaned):
            return cleaned
    return None
