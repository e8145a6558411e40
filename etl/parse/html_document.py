"""An HTML EDGAR document as paragraphs and table grids, in document order, with source lines.

lxml parses the page (`etl.parse.html_tree`: bounded, offline); paragraphs are the innermost
block elements outside data tables, and tables become Grids. A table that holds other tables is
page layout, not data: its inner tables are read instead. Which elements hold tables or blocks
is found in one pass over the tree, from the last element to the first. A table past the row or
cell limit is a TablePart not read (a finding); the rest of the page is read.
"""

from __future__ import annotations

import functools

from etl.limits import DEFAULT_LIMITS, LimitExceeded, Limits
from etl.parse.document_parts import DocumentParts, TablePart
from etl.parse.grid import cell_text, grid_from_html_table
from etl.parse.html_tree import drop_tree, parse_html
from etl.parse.prose import Paragraph

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "center", "blockquote", "pre",
           "dt", "dd", "address"}
_BLOCKS_OR_TABLE = _BLOCKS | {"table"}


def _local(tag) -> str:
    return _local_name(tag) if isinstance(tag, str) else ""


@functools.lru_cache(maxsize=1024)
def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def html_parts(text: str, limits: Limits = DEFAULT_LIMITS) -> DocumentParts:
    root = parse_html(text, limits)
    _drop_hidden(root)
    holds_table, holds_block = _containers(root)
    items: list[Paragraph | TablePart] = []
    in_data_table: set = set()
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "table":
            if element in holds_table:
                continue  # layout table: its inner tables are the data
            in_data_table.update(element.iter())
            items.extend(_table_items(element, limits))
            continue
        if tag not in _BLOCKS or element in in_data_table or element in holds_block:
            continue
        content, _, marks = cell_text(element)
        if not content:
            continue
        if marks and not (element.text or "").strip() and len(element) and _local(element[0].tag) == "sup":
            content = f"{marks[0]} {content}"  # a footnote's own marker opens it
        line = element.sourceline or 0
        lines = tuple(content.split("\n"))
        items.append(Paragraph(line, line + max(0, _source_height(element) - 1), lines))
    last_line = max([getattr(i, "line_end", 0) for i in items] + [text.count("\n") + 1])
    return DocumentParts(items=items, line_count=last_line)


def _drop_hidden(root) -> None:
    """Takes out what a reader never sees: scripts, styles and inline-XBRL headers."""
    hidden = [element for element in root.iter() if isinstance(element.tag, str)
              and (_local(element.tag) in ("script", "style")
                   or (_local(element.tag) == "header" and "ix" in element.tag.lower()))]
    for element in hidden:
        drop_tree(element)


def _containers(root) -> tuple[set, set]:
    """The elements holding a table, and those holding a block or a table, in one pass from
    the last element to the first (each element's children come before it)."""
    holds_table: set = set()
    holds_block: set = set()
    for element in reversed(list(root.iter())):
        parent = element.getparent()
        if parent is None:
            continue
        tag = _local(element.tag)
        if tag == "table" or element in holds_table:
            holds_table.add(parent)
        if tag in _BLOCKS_OR_TABLE or element in holds_block:
            holds_block.add(parent)
    return holds_table, holds_block


def _table_items(element, limits: Limits) -> list:
    """A data table as a TablePart (or as paragraphs, when it lays out text); a table past the
    row or cell limit as a TablePart not read, with the reason."""
    line = element.sourceline or 0
    try:
        grid = grid_from_html_table(element, limits)
    except LimitExceeded as error:
        return [TablePart(start_line=line, end_line=_last_line(element, line), grid=None, not_read=str(error))]
    if _is_text_table(grid):
        return _rows_as_paragraphs(grid)
    return [TablePart(start_line=grid.line_start or line, end_line=grid.line_end or line, grid=grid)]


def _last_line(element, line: int) -> int:
    following = element.getnext()
    return max(line, (following.sourceline or line) - 1) if following is not None else line


def _is_text_table(grid) -> bool:
    """A table used for layout of text: a boxed title (one column), or numbered items and
    footnotes ("(9)" | "One account ..."). Its rows read as paragraphs."""
    rows = [[c for c in row if c.flat and not c.is_copy] for row in grid.rows]
    rows = [r for r in rows if r]
    if not rows:
        return True
    if all(len(r) == 1 for r in rows):
        return True
    return all(len(r) <= 2 for r in rows) and all(len(r[0].flat) <= 6 for r in rows if len(r) == 2) \
        and any(len(r[-1].flat) > 60 for r in rows)


def _rows_as_paragraphs(grid) -> list[Paragraph]:
    out = []
    for row in grid.rows:
        cells = [c for c in row if c.flat and not c.is_copy]
        if not cells:
            continue
        # a lone cell holding several paragraphs stays several paragraphs; a marker and its
        # note ("(9)" | "One account ...") read as one
        lines = cells[0].text.split("\n") if len(cells) == 1 else [" ".join(c.flat for c in cells)]
        out.extend(Paragraph(cells[0].line, cells[0].line, (line,)) for line in lines)
    return out


def _source_height(element) -> int:
    following = element.getnext()
    if following is not None and following.sourceline and element.sourceline:
        return max(1, following.sourceline - element.sourceline)
    return 1
