"""Reading the two disclosure tables out of a fixed-width table: other accounts and ownership.

The vocabulary of headers is kept as data (the pattern tables below), so a new wording is a
new pattern rather than a new branch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from etl.parse.names import clean_person_text
from etl.parse.records import Category, Span
from etl.parse.text_tables import (
    Block,
    Line,
    SgmlTable,
    cells,
    column_spans,
    header_by_column,
    is_figure_block,
    split_rows,
    tokens,
)
from etl.parse.values import is_dollar_range, parse_count, parse_dollar_range, parse_money

CATEGORY_PATTERNS: list[tuple[Category, re.Pattern[str]]] = [
    (Category.REGISTERED_INVESTMENT_COMPANIES,
     re.compile(r"registered\s+investment\s+compan|investment\s+compan|\bRICs?\b", re.I)),
    (Category.OTHER_POOLED_INVESTMENT_VEHICLES, re.compile(r"pooled", re.I)),
    (Category.OTHER_ACCOUNTS, re.compile(r"other\s+accounts|separate\s+accounts", re.I)),
]
MEASURE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("count", re.compile(r"\bnumber\b|\bno\.|#", re.I)),
    ("assets", re.compile(r"\bassets\b|\$|\baum\b", re.I)),
]
PERFORMANCE = re.compile(r"perform|incentive", re.I)


@dataclass
class AccountRow:
    manager_text: str
    category: Category
    num_accounts: int | None
    total_assets_usd: Decimal | None
    perf_num_accounts: int | None
    perf_total_assets_usd: Decimal | None
    span: Span


@dataclass
class OwnershipRow:
    manager_text: str
    range_low_usd: Decimal
    range_high_usd: Decimal | None
    range_label: str
    span: Span


@dataclass
class TableReading:
    kind: str  # "other_accounts" | "ownership" | "trustee_ownership"
    account_rows: list[AccountRow] = field(default_factory=list)
    ownership_rows: list[OwnershipRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _last_match(text: str, patterns: list[tuple[object, re.Pattern[str]]]) -> object | None:
    """The label of the pattern matching furthest right: the lowest header line wins."""
    best, best_at = None, -1
    for label, pattern in patterns:
        for match in pattern.finditer(text):
            if match.start() > best_at:
                best, best_at = label, match.start()
    return best


def _span(block: Block) -> Span:
    return Span(block.first_line, block.last_line, block.raw_text)


@dataclass
class _Group:
    """The columns of one category: a count and an amount."""

    columns: dict[str, int] = field(default_factory=dict)
    category: Category | None = None
    performance_in_header: bool = False
    is_performance: bool = False


def read_accounts_table(table: SgmlTable) -> TableReading | None:
    """Manager rows with a (number, assets) column pair per category, as in Item 20(a)(2)-(3).

    Returns None when the table is not about other accounts.
    """
    first_data = next((i for i, b in enumerate(table.blocks) if is_figure_block(b)), None)
    if first_data is None:
        return None
    header = table.caption + [line for block in table.blocks[:first_data] for line in block.lines]
    header_text = " ".join(line.text for line in header)
    categories_named = {c for c, p in CATEGORY_PATTERNS if p.search(header_text)}
    if len(categories_named) < 2:
        return None
    data_blocks = [row for b in table.blocks[first_data:] if is_figure_block(b) for row in split_rows(b)]
    spans = column_spans([line for block in data_blocks for line in block.lines])
    labels = header_by_column(header, spans, exclusive=True)
    reading = TableReading(kind="other_accounts")

    # Measures come from each column's own header ("Number of Accounts", "Total Assets");
    # categories and performance from the header over each group of columns, since a group
    # heading ("(B) Other" / "Pooled Investment Vehicles") may straddle its columns unevenly.
    groups: list[_Group] = []
    for column in range(1, len(spans)):
        text = " ".join(labels[column])
        measure = _last_match(text, MEASURE_PATTERNS) or _measure_from_cells(data_blocks, spans, column)
        if not groups or measure in groups[-1].columns:
            groups.append(_Group())
        groups[-1].columns[measure] = column
    group_spans = [
        (spans[min(g.columns.values())][0], spans[max(g.columns.values())][1]) for g in groups
    ]
    for group, parts in zip(groups, header_by_column(header, group_spans)):
        text = " ".join(parts)
        group.category = _last_match(text, CATEGORY_PATTERNS)
        group.performance_in_header = bool(PERFORMANCE.search(text))

    seen: set[Category] = set()
    repeats = False
    for group in groups:
        if group.category is None:
            reading.problems.append(f"columns {sorted(group.columns.values())} have no category")
            return reading
        if group.category in seen:
            group.is_performance = repeats = True
        seen.add(group.category)
    if not repeats:
        for group in groups:
            group.is_performance = group.performance_in_header

    for block in data_blocks:
        row = cells(block, spans)
        name = clean_person_text(row[0])
        by_category: dict[Category, dict[str, object]] = {}
        try:
            for group in groups:
                values = by_category.setdefault(group.category, {})
                prefix = "perf_" if group.is_performance else ""
                if "count" in group.columns:
                    values[prefix + "num_accounts"] = parse_count(row[group.columns["count"]])
                if "assets" in group.columns:
                    values[prefix + "total_assets_usd"] = parse_money(row[group.columns["assets"]])
        except ValueError as error:
            reading.problems.append(f"lines {block.first_line}-{block.last_line}: {error}")
            continue
        for category, values in by_category.items():
            reading.account_rows.append(
                AccountRow(
                    manager_text=name,
                    category=category,
                    num_accounts=values.get("num_accounts"),
                    total_assets_usd=values.get("total_assets_usd"),
                    perf_num_accounts=values.get("perf_num_accounts"),
                    perf_total_assets_usd=values.get("perf_total_assets_usd"),
                    span=_span(block),
                )
            )
    return reading


def _measure_from_cells(blocks: list[Block], spans: list[tuple[int, int]], column: int) -> str:
    texts = [cells(block, spans)[column] for block in blocks]
    return "assets" if any("$" in text for text in texts) else "count"


_TRUSTEE_CEILING = Decimal(100_001)
_OWNERSHIP_HEADER = re.compile(r"dollar\s+range|owned|ownership|beneficial", re.IGNORECASE)
_MARK = re.compile(r"^(?:X+|x+|\u2713|\u221a|\u2714|\*)$")
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
    return is_dollar_range(text) or (has_columns and bool(_MARK.match(text)))


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


def read_ownership_table(table: SgmlTable) -> TableReading | None:
    """Manager rows with either a range in a cell or a mark under a range column.

    Returns None when the table shows no dollar ranges. A table whose top range is
    "over $100,000" is the trustees' table, not the managers'.
    """
    bands = [table.caption, *[block.lines for block in table.blocks]]
    columns: list[_RangeColumn] = []
    data_start = 0
    for index, band in enumerate(bands):
        found = _range_columns(band)
        if len(found) >= 2:
            columns, data_start = found, index + 1
            break
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
    if ceilings and max(ceilings) <= _TRUSTEE_CEILING:
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
            elif position > 0 and columns and _MARK.match(text):
                nearest = min(columns, key=lambda c: (not (token.start < c.end and c.start < token.end),
                                                      abs(token.center - (c.start + c.end) / 2)))
                chosen.append(nearest.label)
            elif not any(text.endswith(c) or c.endswith(text) for c in chosen) and \
                    not (columns and token.start >= columns[0].start - 1):
                name_parts.append(text)
    name = clean_person_text(" ".join(name_parts))
    if not name:
        return
    if len(chosen) != 1:
        reading.problems.append(
            f"lines {block.first_line}-{block.last_line}: {len(chosen)} ranges marked for {name!r}")
        return
    low, high = parse_dollar_range(chosen[0])
    reading.ownership_rows.append(OwnershipRow(name, low, high, " ".join(chosen[0].split()), _span(block)))
