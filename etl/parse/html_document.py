"""An HTML EDGAR document as paragraphs and table grids, in document order, with source lines.

lxml parses the page; paragraphs are the innermost block elements outside data tables, and
tables become Grids. A table that holds other tables is page layout, not data: its inner
tables are read instead.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from etl.parse.document_parts import DocumentParts, TablePart
from etl.parse.grid import cell_text, grid_from_html_table
from etl.parse.prose import Paragraph

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "center", "blockquote", "pre",
           "dt", "dd", "address"}
_BLOCKS_OR_TABLE = _BLOCKS | {"table"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower() if isinstance(tag, str) else ""


def html_parts(text: str) -> DocumentParts:
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text) or "<html></html>")
    except lxml.etree.ParserError:  # "Document is empty": white space or comments only
        root = lxml.html.document_fromstring("<html></html>")
    for hidden in root.xpath("//*[local-name()='header' and contains(name(), 'ix')] | //script | //style"):
        hidden.drop_tree()
    items: list[Paragraph | TablePart] = []
    in_data_table: set = set()
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "table":
            if element.xpath(".//*[local-name()='table']"):
                continue  # layout table: its inner tables are the data
            grid = grid_from_html_table(element)
            in_data_table.update(element.iter())
            if _is_text_table(grid):
                items.extend(_rows_as_paragraphs(grid))
                continue
            items.append(TablePart(start_line=grid.line_start or element.sourceline or 0,
                                   end_line=grid.line_end or element.sourceline or 0, grid=grid))
            continue
        if tag not in _BLOCKS or element in in_data_table:
            continue
        if any(_local(d.tag) in _BLOCKS_OR_TABLE for d in element.iterdescendants()):
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
