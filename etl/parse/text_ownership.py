"""Managers' ownership read from a fixed-width text table.

Text tables mark the range with an "X" under one of the seven range columns, or write the range
in the row. Columns are found from the range labels of the header (wrapped labels joined),
since a sparse column of marks leaves no gutter to find it by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from etl.parse.names import clean_person_text, looks_like_person
from etl.parse.records import Span
from etl.parse.text_tables import (
    Block,
    Line,
    SgmlTable,
    tokens,
)
from etl.parse.values import TRUSTEE_TOP_RANGE_LOW, is_dollar_range, parse_dollar_range


@dataclass
class OwnershipRow:
    manager_text: str
    range_low_usd: Decimal
    range_high_usd: Decimal | None
    range_label: str
    span: Span
    fund: str | None = None  # when the row names its fund
    name_marks: tuple[str, ...] = ()  # footnote markers on the manager's name


@dataclass
class TableReading:
    kind: str  # "other_accounts" | "ownership" | "trustee_ownership" | "notional"
    ownership_rows: list[OwnershipRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _span(block: Block) -> Span:
    return Span(block.first_line, block.last_line, block.raw_text)


_OWNERSHIP_HEADER = re.compile(r"dollar\s+range|owned|ownership|beneficial", re.IGNORECASE)
CHECK_MARK = re.compile(r"^(?:x+|\u2713|\u2714|\u221a|\*)$", re.I)  # a mark under a range column
_OPEN_RANGE_START = re.compile(r"^(?:\$?[\d,]+\s*[-\u2013]|over|more\s+than)$", re.IGNORECASE)


@dataclass(frozen=True)
class _RangeColumn:
    start: int
    end: int
    label: str


def _range_columns(lines: list[Line]) -> list[_RangeColumn]:
    """Header phrases that name a dollar range, joined with the phrase below when wrapped
    ("$500,001-" over "$1,000,000")."""
    columns: list[_RangeColumn] = []
    used: set[tuple[int, int]] = set()
    for index, line in enumerate(lines):
        for token in tokens(line.text):
            if (index, token.start) in used:
                continue
            label, start, end = token.text, token.start, token.end
            below = index + 1
            while not is_dollar_range(label) and _OPEN_RANGE_START.match(label) and below < len(lines):
                under = [t for t in tokens(lines[below].text) if t.start < end and start < t.end]
                if len(under) != 1:
                    break
                used.add((below, under[0].start))
                label = f"{label} {under[0].text}"
                start, end = min(start, under[0].start), max(end, under[0].end)
                below += 1
            if is_dollar_range(label):
                columns.append(_RangeColumn(start, end, " ".join(label.split())))
    return sorted(columns, key=lambda c: c.start)


def _is_value(text: str, has_columns: bool) -> bool:
    return is_dollar_range(text) or (has_columns and bool(CHECK_MARK.match(text)))


def _rows_of(block: Block, has_columns: bool) -> list[list[Line]]:
    """Splits a block at each line holding a value; a line without one belongs to the next
    row (a name wrapped before its value), or to the last row when none follows."""
    rows: list[list[Line]] = []
    pending: list[Line] = []
    for line in block.lines:
        pending.append(line)
        if any(_is_value(t.text, has_columns) or _OPEN_RANGE_START.match(t.text)
               for t in tokens(line.text)[1:]):
            rows.append(pending)
            pending = []
    if pending:
        if rows:
            rows[-1].extend(pending)
        else:
            rows.append(pending)
    return rows


def _header_range_columns(table: SgmlTable) -> tuple[list[_RangeColumn], int]:
    """The range labels across a header band, and the index of the band after it.

    A band of data rows (a manager's name, then ranges) is not a header."""
    bands = [table.caption, *[block.lines for block in table.blocks]]
    for index, band in enumerate(bands):
        if any(looks_like_person(clean_person_text(tokens(line.text)[0].text))
               for line in band if tokens(line.text)):
            continue
        found = _range_columns(band)
        side_by_side = [c for i, c in enumerate(found) if all(c.start >= o.end or o.start >= c.end
                                                                 for o in found[:i])]
        if len(side_by_side) >= 2:
            return found, index + 1
    return [], 0


def has_range_columns(table: SgmlTable) -> bool:
    """True for the mark-under-the-range-column layout (the seed's)."""
    return bool(_header_range_columns(table)[0])


def read_ownership_table(table: SgmlTable) -> TableReading | None:
    """Manager rows with either a range in a cell or a mark under a range column.

    Returns None when the table shows no dollar ranges. A table whose top range is
    "over $100,000" is the trustees' table, not the managers'.
    """
    bands = [table.caption, *[block.lines for block in table.blocks]]
    columns, data_start = _header_range_columns(table)
    if not columns:
        # Ranges written in the cells: only in a table whose header speaks of ownership.
        heading = " ".join(line.text for band in bands[:2] for line in band)
        if not _OWNERSHIP_HEADER.search(heading):
            return None
    reading = TableReading(kind="ownership")
    for band in bands[data_start:]:
        block = Block(band)
        if not block.lines:
            continue
        for row_lines in _rows_of(block, bool(columns)):
            _read_ownership_row(Block(row_lines), columns, reading)
    ceilings = [row.range_low_usd for row in reading.ownership_rows if row.range_high_usd is None]
    ceilings += [low for low, high in (parse_dollar_range(c.label) for c in columns) if high is None]
    if ceilings and max(ceilings) <= TRUSTEE_TOP_RANGE_LOW:
        reading.kind = "trustee_ownership"
    return reading


def _read_ownership_row(block: Block, columns: list[_RangeColumn], reading: TableReading) -> None:
    name_parts: list[str] = []
    chosen: list[str] = []
    for line_index, line in enumerate(block.lines):
        line_tokens = tokens(line.text)
        for position, token in enumerate(line_tokens):
            text = token.text
            if _OPEN_RANGE_START.match(text) and line_index + 1 < len(block.lines):
                under = [t for t in tokens(block.lines[line_index + 1].text)
                         if t.start < token.end and token.start < t.end]
                if len(under) == 1 and is_dollar_range(f"{text} {under[0].text}"):
                    text = f"{text} {under[0].text}"
            if position > 0 and is_dollar_range(text):
                chosen.append(text)
            elif position > 0 and columns and CHECK_MARK.match(text):
                nearest = min(columns, key=lambda c: (not (token.start < c.end and c.start < token.end),
                                                      abs(token.center - (c.start + c.end) / 2)))
                chosen.append(nearest.label)
            elif not any(text.endswith(c) or c.endswith(text) for c in chosen) and \
                    not (columns and token.start >= columns[0].start - 1):
                name_parts.append(text)
    raw_name = " ".join(name_parts)
    marks = tuple(re.findall(r"\((\d{1,2}|[a-z])\)|(\*+)", raw_name))
    name = clean_person_text(raw_name)
    if not name:
        return
    if len(chosen) != 1:
        reading.problems.append(
            f"lines {block.first_line}-{block.last_line}: {len(chosen)} ranges marked for {name!r}")
        return
    low, high = parse_dollar_range(chosen[0])
    reading.ownership_rows.append(OwnershipRow(name, low, high, " ".join(chosen[0].split()), _span(block),
                                               name_marks=tuple(a or b for a, b in marks)))
