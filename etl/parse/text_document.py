"""A plain-text EDGAR document (SGML-tagged tables) as DocumentParts."""

from __future__ import annotations

from etl.parse.document_parts import DocumentParts, TablePart
from etl.parse.grid import grid_from_text_table
from etl.parse.prose import paragraphs
from etl.parse.text_tables import find_sgml_tables


def text_parts(text: str) -> DocumentParts:
    lines = text.splitlines()
    tables = find_sgml_tables(lines)
    in_tables = {i for t in tables for i in range(t.start_line - 1, t.end_line)}
    items: list = list(paragraphs(lines, in_tables))
    items += [TablePart(t.start_line, t.end_line, grid_from_text_table(t), text_table=t) for t in tables]
    items.sort(key=lambda item: item.line_start if hasattr(item, "line_start") else item.start_line)
    return DocumentParts(items=items, line_count=len(lines))
