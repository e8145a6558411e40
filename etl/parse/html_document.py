"""An HTML EDGAR document as paragraphs and table grids, in document order, with source lines.

lxml parses the page (`etl.parse.html_tree`: bounded, offline); paragraphs are the innermost
block elements outside data tables, and tables become Grids. A table that holds other tables is
page layout, not data: its inner tables are read instead. The tree is walked once into a list of
its elements with their local names, which every later pass reads; which elements hold tables or
blocks is found by climbing from each table or block to the first ancestor already found (each
element is added once). A table past the row or cell limit is a TablePart not read (a finding);
the rest of the page is read.
"""

from __future__ import annotations

from itertools import compress

from etl.limits import DEFAULT_LIMITS, LimitExceeded, Limits
from etl.parse.document_parts import DocumentParts, TablePart
from etl.parse.grid import block_text, grid_from_html_table
from etl.parse.html_tree import TagNames, drop_tree, parse_html
from etl.parse.prose import Paragraph

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "center", "blockquote", "pre",
           "dt", "dd", "address"}
_BLOCKS_OR_TABLE = _BLOCKS | {"table"}


LOCAL_NAMES = TagNames(lambda tag: tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower())
"""A tag's local name, lower case: ``{ns}p``, ``ix:header`` -> ``p``, ``header``."""


def _local(tag) -> str:
    return LOCAL_NAMES[tag]


def html_parts(text: str, limits: Limits = DEFAULT_LIMITS) -> DocumentParts:
    root = parse_html(text, limits)
    elements, tags = _visible_elements(root)
    holds_table = _holders(element for element, tag in zip(elements, tags) if tag == "table")
    holds_block = _holders(compress(elements, map(_BLOCKS_OR_TABLE.__contains__, tags)))  # (picked in C)
    items: list[Paragraph | TablePart] = []
    index = 0
    while index < len(elements):
        tag = tags[index]
        element = elements[index]
        index += 1
        if tag == "table":
            if element in holds_table:
                continue  # layout table: its inner tables are the data
            index += _descendant_count(element)  # what it holds is read in its grid
            items.extend(_table_items(element, limits))
            continue
        if tag in _BLOCKS and element not in holds_block:
            paragraph = _paragraph(element)
            if paragraph is not None:
                items.append(paragraph)
    last_line = max([getattr(i, "line_end", 0) for i in items] + [text.count("\n") + 1])
    return DocumentParts(items=items, line_count=last_line)


def _paragraph(element) -> Paragraph | None:
    """An innermost block element as a paragraph (None when it holds no text)."""
    content, marks = block_text(element)
    if not content:
        return None
    if marks and not (element.text or "").strip() and len(element) and _local(element[0].tag) == "sup":
        content = f"{marks[0]} {content}"  # a footnote's own marker opens it
    line = element.sourceline or 0
    return Paragraph(line, line + max(0, _source_height(element) - 1), tuple(content.split("\n")))


_HIDDEN = frozenset(("script", "style", "header"))  # the names `_is_hidden` can say yes to


def _is_hidden(element, tag: str) -> bool:
    """What a reader never sees: scripts, styles and inline-XBRL headers."""
    return tag in ("script", "style") or (tag == "header" and "ix" in element.tag.lower())


def _visible_elements(root) -> tuple[list, list[str]]:
    """Every element of the page and, in a list beside it, its local name, in document order,
    once the hidden ones (`_is_hidden`) are taken out of the tree, with all they hold.

    One walk of the tree serves every later pass: the elements a hidden one holds follow it in
    document order (``_descendant_count`` of them), so they are skipped in the lists as its
    subtree is dropped from the tree; the elements kept are the ones the tree has after it.
    (Two lists, not a list of pairs: lxml's iterator fills the first, and no pair is made.)
    """
    elements = list(root.iter())
    tags = [LOCAL_NAMES[element.tag] for element in elements]
    if _HIDDEN.isdisjoint(tags):  # (a look at the names in C: most pages hide nothing)
        return elements, tags
    hidden = [index for index, tag in enumerate(tags) if tag in _HIDDEN and _is_hidden(elements[index], tag)]
    if not hidden:
        return elements, tags
    kept_elements: list = []
    kept_tags: list[str] = []
    index = 0
    for at in hidden:
        if at < index:
            continue  # inside a hidden element already dropped
        kept_elements.extend(elements[index:at])
        kept_tags.extend(tags[index:at])
        index = at + 1 + _descendant_count(elements[at])
        drop_tree(elements[at])
    kept_elements.extend(elements[index:])
    kept_tags.extend(tags[index:])
    return kept_elements, kept_tags


def _descendant_count(element) -> int:
    return sum(1 for _ in element.iterdescendants())


def _holders(elements) -> set:
    """Every element holding one of ``elements`` (their ancestors). The climb from each stops at
    an ancestor already found, whose own ancestors are all found already: each element of the
    page is added once, however deep the nesting (tables within tables within tables)."""
    held: set = set()
    for element in elements:
        parent = element.getparent()
        while parent is not None and parent not in held:
            held.add(parent)
            parent = parent.getparent()
    return held


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
    rows = [[flat for c in row if not c.is_copy and (flat := c.flat)] for row in grid.rows]
    rows = [r for r in rows if r]
    if not rows:
        return True
    if all(len(r) == 1 for r in rows):
        return True
    return all(len(r) <= 2 for r in rows) and all(len(r[0]) <= 6 for r in rows if len(r) == 2) \
        and any(len(r[-1]) > 60 for r in rows)


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
