"""A plain-text EDGAR document (SGML-tagged tables) as DocumentParts."""

from __future__ import annotations

from etl.limits import DEFAULT_LIMITS, LimitExceeded, Limits
from etl.parse.document_parts import DocumentParts, TablePart
from etl.parse.grid import grid_from_text_table
from etl.parse.prose import paragraphs
from etl.parse.text_tables import SgmlTable, find_sgml_tables


def text_parts(text: str, limits: Limits = DEFAULT_LIMITS) -> DocumentParts:
    lines = text.splitlines()
    tables = find_sgml_tables(lines)
    in_tables = {i for t in tables for i in range(t.start_line - 1, t.end_line)}
    items: list = list(paragraphs(lines, in_tables))
    items += [_table_part(t, limits) for t in tables]
    items.sort(key=lambda item: item.line_start if hasattr(item, "line_start") else item.start_line)
    return DocumentParts(items=items, line_count=len(lines))


def _table_part(table: SgmlTable, limits: Limits) -> TablePart:
    """A fixed-width table and its grid; one past the row limit (its lines counted) or the cell
    limit, not read, with the reason."""
    try:
        if table.line_count > limits.table_rows:
            raise LimitExceeded("table_rows", f"a table of more than {limits.table_rows} rows")
        return TablePart(table.start_line, table.end_line, grid_from_text_table(table, limits), text_table=table)
    except LimitExceeded as error:
        return TablePart(table.start_line, table.end_line, None, not_read=str(error))
