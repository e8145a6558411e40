"""A document as the parser sees it, whatever its format: paragraphs and tables in order."""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.parse.grid import Grid
from etl.parse.prose import Paragraph
from etl.parse.text_tables import SgmlTable


@dataclass
class TablePart:
    start_line: int
    end_line: int
    grid: Grid | None  # None when no grid could be built (a text table without figures)
    text_table: SgmlTable | None = None  # the fixed-width original, for text documents
    not_read: str = ""  # why the table was not read (past a limit): a finding, the rest is read


@dataclass
class DocumentParts:
    items: list[Paragraph | TablePart] = field(default_factory=list)
    line_count: int = 0

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [item for item in self.items if isinstance(item, Paragraph)]

    @property
    def tables(self) -> list[TablePart]:
        return [item for item in self.items if isinstance(item, TablePart)]

    @property
    def full_text(self) -> str:
        return "\n".join(item.text for item in self.paragraphs)
