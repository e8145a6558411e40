"""One model for every table, whatever the format: a grid of cells with provenance.

Text tables (fixed-width) and HTML tables (``<tr>``/``<td>`` with colspan and rowspan) are both
turned into a ``Grid``; the layout interpreters read grids only. A cell spanning several
columns or rows is repeated in each with ``is_copy`` set on all but the first, so a group
heading sits over every column it spans while a value is counted once.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from etl.limits import DEFAULT_LIMITS, LimitExceeded, Limits
from etl.parse.html_tree import TagNames, text_content
from etl.parse.memo import computed_once, per_document
from etl.parse.text_tables import (
    Line,
    SgmlTable,
    column_spans,
    is_figure_block,
    split_rows,
    tokens,
)

# (star runs are possessive: "(?=\*)" lets marks follow each other unseparated, and a long run of
# stars had every way of cutting it into runs of one to three tried, exponential in its length)
_FOOTNOTE_MARK = re.compile(
    r"^\(?(?:\d{1,2}|[a-z]|\*{1,3}+|[\u2020\u2021\u00a7])\)?"
    r"(?:(?:[,\s]+|(?<=\))|(?=\*))\(?(?:\d{1,2}|\*{1,3}+|[\u2020\u2021])\)?)*$")


@dataclass(frozen=True, init=False)
class Cell:
    text: str  # stacked values keep their line breaks
    line: int  # source line of the cell (1-based)
    is_copy: bool = False  # a repeat of a spanning cell
    bold: str = ""  # the part of the text set in bold, when only part of it is
    footnotes: tuple[str, ...] = ()  # superscript markers removed from the text
    span_width: int = 1  # how many columns the original cell spans
    origin: int = 0  # the same for a spanning cell and all its copies

    def __init__(self, text: str, line: int, is_copy: bool = False, bold: str = "",
                 footnotes: tuple[str, ...] = (), span_width: int = 1, origin: int = 0):
        """The dataclass's own ``__init__``, written out: a frozen dataclass sets each field
        through ``object.__setattr__`` (1-1.5 us a cell, a thousand cells a document); the same
        fields put in the instance's ``__dict__`` are the same instance, three times as fast.
        tests/test_html_tree_speed.py checks the parameters against the fields."""
        fields = self.__dict__
        fields["text"] = text
        fields["line"] = line
        fields["is_copy"] = is_copy
        fields["bold"] = bold
        fields["footnotes"] = footnotes
        fields["span_width"] = span_width
        fields["origin"] = origin

    @computed_once  # asked thousands of times a document (every reader), of a frozen text
    def flat(self) -> str:
        """The text on one line, white space folded."""
        return " ".join(self.text.split())

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


@dataclass
class Grid:
    rows: list[list[Cell]]
    line_start: int
    line_end: int
    caption: list[str] = field(default_factory=list)  # title lines over the table
    raw_rows: list[str] = field(default_factory=list)  # each row's raw text, for provenance
    row_spans: list[tuple[int, int]] = field(default_factory=list)  # each row's first and last line

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)



def is_footnote_mark(text: str) -> bool:
    """
    >>> is_footnote_mark("(9)"), is_footnote_mark("1, 2"), is_footnote_mark("**"), is_footnote_mark("114")
    (True, True, True, False)
    >>> is_footnote_mark("*" * 40 + "x"), is_footnote_mark("****")  # the first took hours
    (False, True)
    """
    return bool(text.strip()) and bool(_FOOTNOTE_MARK.match(text.strip()))


# --- text tables ----------------------------------------------------------------------------

def grid_from_text_table(table: SgmlTable, limits: Limits = DEFAULT_LIMITS) -> Grid | None:
    """Columns from the data rows' gutters; header phrases placed over the columns they span."""
    blocks = table.blocks
    first_data = next((i for i, b in enumerate(blocks) if is_figure_block(b)), None)
    if first_data is None:
        return None
    header_lines = table.caption + [line for b in blocks[:first_data] for line in b.lines]
    data_rows = [row for b in blocks[first_data:] if is_figure_block(b) for row in split_rows(b)]
    spans = column_spans([line for row in data_rows for line in row.lines])
    if len(spans) < 2:
        return None
    _within_cells(table.line_count, len(spans), limits)
    rows: list[list[Cell]] = []
    raw: list[str] = []
    row_spans: list[tuple[int, int]] = []

    def add_label_line(line: Line) -> None:
        """A line of labels: a header line, a manager's name, a fund, a repeated header."""
        rows.append(header_row(line, spans))
        raw.append(line.text)
        row_spans.append((line.number, line.number))

    for line in header_lines:
        add_label_line(line)
    for block in blocks[first_data:]:
        pieces = split_rows(block) if is_figure_block(block) else [block]
        for piece in pieces:
            if not is_figure_block(piece):
                for line in piece.lines:
                    add_label_line(line)
                continue
            rows.append([
                Cell("\n".join(p for p in (line.text[a:b].strip() for line in piece.lines) if p),
                     piece.first_line)
                for a, b in spans
            ])
            raw.append(piece.raw_text)
            row_spans.append((piece.first_line, piece.last_line))
    return Grid(rows=rows, line_start=table.start_line, line_end=table.end_line,
                caption=table.caption_text, raw_rows=raw, row_spans=row_spans)


def _within_cells(lines: int, columns: int, limits: Limits) -> None:
    """A fixed-width table has at most a row per line; past the cell limit it is not read."""
    if lines * columns > limits.table_cells:
        raise LimitExceeded("table_cells", f"a table of more than {limits.table_cells} cells "
                                           f"({lines} lines by {columns} columns)")


def header_row(line: Line, spans: list[tuple[int, int]]) -> list[Cell]:
    """One header line as a row: each phrase in every column it overlaps (nearest if none)."""
    texts: list[list[str]] = [[] for _ in spans]
    widths = [1] * len(spans)
    origins = [0] * len(spans)
    starts, ends = [a for a, _ in spans], [b for _, b in spans]
    for token in tokens(line.text):
        hits = _columns_under(token, spans, starts, ends)
        for i in hits:
            texts[i].append(token.text)
            widths[i] = max(widths[i], len(hits))
            origins[i] = origins[i] or line.number * 10_000 + token.start
    return [Cell(" ".join(t), line.number, span_width=w, origin=o)
            for t, w, o in zip(texts, widths, origins)]


def _columns_under(token, spans: list[tuple[int, int]], starts: list[int], ends: list[int]) -> range:
    """The columns a phrase overlaps (spans are sorted and apart), or the nearest one.

    >>> from etl.parse.text_tables import Token
    >>> spans = [(0, 6), (8, 10), (13, 20)]
    >>> under = lambda start, end: list(_columns_under(Token("x", start, end), spans, [0, 8, 13], [6, 10, 20]))
    >>> under(4, 9), under(6, 8), under(10, 12), under(11, 13), under(30, 32)
    ([0, 1], [1], [1], [1], [2])
    """
    low, high = bisect_right(ends, token.start), bisect_left(starts, token.end)
    if low < high:
        return range(low, high)
    nearest = min((i for i in (low - 1, low) if 0 <= i < len(spans)),
                  key=lambda i: abs(token.center - sum(spans[i]) / 2))
    return range(nearest, nearest + 1)


def ownership_grid_from_text_table(table: SgmlTable, is_value, limits: Limits = DEFAULT_LIMITS) -> Grid | None:
    """A text table of ranges written in cells (a row per manager, or per manager and fund):
    columns from the gutters of the rows holding values, header phrases hung over them."""
    lines = table.caption + [line for block in table.blocks for line in block.lines]
    first = next((i for i, line in enumerate(lines) if any(is_value(t.text) for t in tokens(line.text)[1:])),
                 None)
    if first is None:
        return None
    data = lines[first:]
    spans = column_spans(data)
    if len(spans) < 2:
        return None
    _within_cells(len(lines), len(spans), limits)
    rows = [header_row(line, spans) for line in lines[:first]]
    rows += [[Cell(line.text[a:b].strip(), line.number) for a, b in spans] for line in data]
    return Grid(rows=rows, line_start=table.start_line, line_end=table.end_line,
                caption=table.caption_text, raw_rows=[line.text for line in lines],
                row_spans=[(line.number, line.number) for line in lines])


# --- HTML tables ----------------------------------------------------------------------------


_NAMES = TagNames(lambda tag: tag.rsplit("}", 1)[-1].lower())  # a tag's name in a cell
_OPENS_LINE = frozenset(("p", "div", "li", "tr"))  # a line break before, unless one is there
_CLOSES_LINE = frozenset(("p", "div", "li"))  # and after
_NOT_TEXT = frozenset(("script", "style"))


def cell_text(element) -> tuple[str, str, tuple[str, ...]]:
    """Text of an HTML cell: <br> and block elements become line breaks, superscript
    footnote markers are taken out (and returned), white space folded per line.

    Returns (text, bold part, footnote markers).

    >>> import lxml.html
    >>> cell_text(lxml.html.fragment_fromstring("<td><b>Ana Ruiz</b><sup>(2)</sup><br>co-manager <div>since 2019</div></td>"))
    ('Ana Ruiz\\nco-manager\\nsince 2019', 'Ana Ruiz', ('(2)',))
    """
    element, tag = unwrapped(element, _NAMES[element.tag])
    if len(element) == 0 and tag != "sup":  # a cell with text only, the common case: the walk's result, directly
        raw = element.text if element.text and tag not in _NOT_TEXT else ""
        text = normalize_space(raw)
        return text, text.replace("\n", " ") if raw and _is_bold(element, tag) else "", ()
    return walked_cell_text(element)


_SPECIAL_ROOTS = frozenset(("br", "sup"))  # an element read differently when it is the cell


def unwrapped(element, tag: str, bold_read: bool = True) -> tuple:
    """The element whose text is the cell's: a cell (``<td><div><p>...</p></div></td>``, the
    usual EDGAR cell) that holds, besides white space, one element and nothing else, is read as
    that element, again and again, while it is not bold (when the bold part is read,
    ``bold_read``) and not a <br> or <sup>; with its tag.

    Why the text is the same: the walk of such a wrapper adds only its own text and the child's
    tail (white space, here) and line breaks at its start and end, around the child's pieces;
    `normalize_space` drops white space and empty lines at the start and the end of a cell, so
    all of it vanishes, and the child's own pieces are the same whether it is the cell or inside
    it (the walk tells the cell apart only to leave out its tail, white space here). Not bold,
    the wrapper adds nothing to the bold part. A <sup> cell is a footnote mark or not as a whole,
    so it is not unwrapped (nor a <br>, to keep the rule short). tests/test_html_tree_speed.py
    checks this against the full walk on every cell and paragraph of the fixtures.

    >>> import lxml.html
    >>> cell = lxml.html.fragment_fromstring("<td>\\n <div><p style='x'> <span>Ana Ruiz</span> </p></div>\\n</td>")
    >>> unwrapped(cell, "td")[0].tag, unwrapped(cell[0][0], "p")[0].tag  # (the span's tail is white space too)
    ('span', 'span')
    >>> bold = lxml.html.fragment_fromstring("<td><span style='font-weight: bold'><i>Ana</i></span></td>")
    >>> unwrapped(bold, "td")[0].tag  # the bold span is kept: its child's tail would be bold
    'span'
    """
    while (len(element) == 1 and tag not in _SPECIAL_ROOTS and not (element.text or "").strip()
           and not (element[0].tail or "").strip() and not (bold_read and _is_bold(element, tag))):
        element = element[0]
        tag = _NAMES[element.tag]
    return element, tag


def walked_cell_text(element) -> tuple[str, str, tuple[str, ...]]:
    """`cell_text` by the full walk alone, without its shortcuts: what they are tested against."""
    footnotes: list[str] = []
    bold_parts: list[str] = []
    pieces: list[str] = []
    _walk(element, _NAMES[element.tag], False, element, pieces, bold_parts, footnotes)
    text = normalize_space("".join(pieces))
    bold = normalize_space(" ".join(bold_parts)).replace("\n", " ")
    return text, bold, tuple(footnotes)


def block_text(element) -> tuple[str, tuple[str, ...]]:
    """An innermost block's text and footnote markers (`html_document`'s paragraphs): `cell_text`
    without the bold part (a paragraph's is not read), so no element's style is looked at. The
    walk gathers the same pieces whether or not it tracks bold (bold only adds to its own list),
    and `unwrapped` only spares the walk levels that add nothing (bold wrappers too, here);
    tests/test_html_tree_speed.py checks it against the full walk.

    >>> import lxml.html
    >>> block_text(lxml.html.fragment_fromstring("<p><b>Ana Ruiz</b><sup>(2)</sup> manages <br>funds</p>"))
    ('Ana Ruiz manages\\nfunds', ('(2)',))
    """
    element, tag = unwrapped(element, _NAMES[element.tag], bold_read=False)
    if len(element) == 0 and tag != "sup":  # text only, the common case
        raw = element.text
        return (normalize_space(raw) if raw and tag not in _NOT_TEXT else ""), ()
    pieces: list[str] = []
    footnotes: list[str] = []
    _walk(element, tag, False, element, pieces, None, footnotes)
    return normalize_space("".join(pieces)), tuple(footnotes)


def _walk(node, tag: str, in_bold: bool, cell, pieces: list, bold_parts: list | None, footnotes: list) -> None:
    """Gathers the text of ``node`` (within ``cell``) into ``pieces``, its bold part into
    ``bold_parts`` (unless None: then bold is not looked for), its superscript footnote markers
    into ``footnotes``."""
    bold = in_bold or (bold_parts is not None and _is_bold(node, tag))
    if tag == "br":
        pieces.append("\n")
    elif tag == "sup" and is_footnote_mark(text_content(node)):
        footnotes.append(text_content(node).strip())
        pieces.append(" ")
        if node.tail:
            pieces.append(node.tail)
            if in_bold:
                bold_parts.append(node.tail)
        return
    if tag in _OPENS_LINE and pieces and not pieces[-1].endswith("\n"):
        pieces.append("\n")
    text = node.text
    if text and tag not in _NOT_TEXT:
        pieces.append(text)
        if bold:
            bold_parts.append(text)
    for child in node:
        _walk(child, _NAMES[child.tag], bold, cell, pieces, bold_parts, footnotes)
    if tag in _CLOSES_LINE and pieces and not pieces[-1].endswith("\n"):
        pieces.append("\n")
    tail = node.tail
    if tail and node is not cell:
        pieces.append(tail)
        if in_bold:
            bold_parts.append(tail)


def _is_bold(node, tag: str) -> bool:
    if tag in ("b", "strong"):
        return True
    style = node.get("style")
    return _bold_style(style) if style else False


@per_document(maxsize=4096)
def _bold_style(style: str) -> bool:
    """Whether an inline style sets bold (a page repeats a few dozen styles: asked once each)."""
    style = style.replace(" ", "").lower()
    return "bold" in style or "font-weight:700" in style


_REVISION_MARK = re.compile(r"</?R>")


def normalize_space(text: str) -> str:
    """Folds spaces within lines and drops empty lines; zero-width and non-breaking spaces too.

    A text already folded is given back as it is, without a look-up in the cache: one whose
    only white space is single spaces inside it (``str.isprintable`` is False for every
    character ``str.split`` cuts at but the space, and for the zero-width space, the byte-order
    mark, ``\\r`` and ``\\n``: tests/test_html_tree_speed.py checks every code point), and
    without ``<`` (a revision mark); half the texts of a page are such.

    >>> normalize_space("a\\u200b  b\\xa0\\n\\n  c "), normalize_space(" a\\xa0 b\\t"), normalize_space("a b")
    ('a b\\nc', 'a b', 'a b')
    """
    if text.isprintable() and "  " not in text and "<" not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return _normalized(text)


@per_document(maxsize=65536)
def _normalized(text: str) -> str:
    """`normalize_space` of a text not known to be folded.

    A text on one line (no ``\\n``) with none of the characters `normalized_lines` takes out
    or changes but ``\\xa0`` (no ``\\r``, zero-width space, byte-order mark or ``<``) is
    ``" ".join(text.split())``: its one line, folded (str.split cuts at ``\\xa0`` as at a
    space, so replacing it first changes nothing), and "" when blank, as there. Most texts of a
    page are such; tests/test_html_tree_speed.py checks the two ways agree.
    """
    if "\n" in text or "\r" in text or "<" in text or "\u200b" in text or "\ufeff" in text:
        return normalized_lines(text)
    return " ".join(text.split())


def normalized_lines(text: str) -> str:
    """`normalize_space` the full way, line by line."""
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\xa0", " ").replace("\r", "")
    if "<" in text:  # EDGAR's revision marks, printed as text: "<R>4</R>"
        text = _REVISION_MARK.sub("", text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def grid_from_html_table(table_element, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """The grid of an HTML table, spans repeated. A table past ``limits.table_rows`` rows or
    ``limits.table_cells`` cells (spans counted as they are expanded, each capped at
    ``MAX_SPAN``) raises LimitExceeded as soon as it is known, before the rest is built.

    >>> import lxml.html
    >>> table = lxml.html.fragment_fromstring("<table><tr><td colspan=100000 rowspan=100000>x</td></tr></table>")
    >>> [len(row) for row in grid_from_html_table(table).rows]
    [50]
    >>> grid_from_html_table(table, Limits(table_cells=20))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    etl.limits.LimitExceeded: a table of more than 20 cells: over the table-cells limit; ...
    """
    rows: list[list[Cell]] = []
    raw: list[str] = []
    row_spans: list[tuple[int, int]] = []
    pending: dict[int, tuple[Cell, int]] = {}  # column -> (copy of a cell, rows still to cover)
    budget = _CellBudget(limits.table_cells)
    for tr in table_element.iter("tr", "{*}tr"):
        if tr.getparent() is not None and _closest_table(tr) is not table_element:
            continue  # a nested table's rows belong to it
        if len(rows) >= limits.table_rows:
            raise LimitExceeded("table_rows", f"a table of more than {limits.table_rows} rows")
        row = _html_row(tr, pending, budget)
        rows.append(row)
        own = [c for c in row if not c.is_copy]
        raw.append(" | ".join([flat for c in own if (flat := c.flat)]))  # (a cell's flat text is empty when it is)
        own_lines = [c.line for c in own if c.line] or [tr.sourceline or 0]
        row_spans.append((min(own_lines), max(own_lines)))
    width = max((len(r) for r in rows), default=0)
    budget.spend(width * len(rows) - budget.spent)  # the short rows, padded to the width
    for row in rows:
        if len(row) < width:
            row.extend([Cell("", row[-1].line if row else 0, True)] * (width - len(row)))  # (see `_copy`)
    lines = [c.line for r in rows for c in r if c.line]
    return Grid(rows=rows, line_start=min(lines, default=table_element.sourceline or 0),
                line_end=max(lines, default=table_element.sourceline or 0), raw_rows=raw,
                row_spans=row_spans)


def _take(pending: dict[int, tuple[Cell, int]], column: int) -> Cell:
    """The copy of the spanning cell that covers ``column`` in this row; it has one row fewer
    to cover."""
    cell, remaining = pending.pop(column)
    if remaining > 1:
        pending[column] = (cell, remaining - 1)
    return cell


class _CellBudget:
    """Cells a table may still have; raises once it has more."""

    def __init__(self, limit: int):
        self.limit, self.spent = limit, 0

    def spend(self, cells: int) -> None:
        self.spent += cells
        if self.spent > self.limit:
            raise LimitExceeded("table_cells", f"a table of more than {self.limit} cells")


def _html_row(tr, pending: dict[int, tuple[Cell, int]], budget: _CellBudget) -> list[Cell]:
    """One ``<tr>`` as cells: its own, each repeated over the columns it spans, and copies of
    the cells above that span down into it (``pending``, updated)."""
    row: list[Cell] = []
    column = 0
    for td in tr:
        if _NAMES[td.tag] not in ("td", "th"):
            continue
        if pending:
            column = _fill_pending(row, column, pending, budget)
        colspan = _span(td.get("colspan"))
        rowspan = _span(td.get("rowspan"))
        budget.spend(colspan)
        text, bold, footnotes = cell_text(td)
        flat = text.replace("\n", " ")
        cell = _with_flat(Cell(text, td.sourceline or 0, False, bold if bold and bold != flat else "",
                               footnotes, colspan, next(_ORIGINS)), flat)
        if colspan == 1 and rowspan == 1:  # the usual cell: no span starts, and none covers its
            row.append(cell)                # column (`_fill_pending` took those)
            column += 1
            continue
        copy = _copy(cell)  # one copy for every column and row it spans (see `_copy`)
        row.append(cell)
        row.extend([copy] * (colspan - 1))
        if pending or rowspan > 1:
            for covered in range(column, column + colspan):
                if covered in pending:  # spans that overlap (a table model error): this row is covered
                    _take(pending, covered)
                if rowspan > 1:
                    pending[covered] = (copy, rowspan - 1)
        column += colspan
    if not pending:
        return row
    column = _fill_pending(row, column, pending, budget)
    last = max(pending, default=-1)  # (the last column spanned into this row stays the last)
    while column <= last:  # a row that ends before a spanning cell's column
        budget.spend(1)
        row.append(Cell("", tr.sourceline or 0, is_copy=True))
        column = _fill_pending(row, column + 1, pending, budget)
    return row


_ORIGINS = itertools.count(1)
"""A cell's ``origin``: one number per HTML cell read, shared by its copies and by no other cell."""


def _fill_pending(row: list[Cell], column: int, pending: dict[int, tuple[Cell, int]], budget: _CellBudget) -> int:
    """Copies of the cells above that span down into ``row`` from ``column`` on; the next column."""
    while column in pending:
        budget.spend(1)
        row.append(_take(pending, column))  # (a copy already: see `_copy`)
        column += 1
    return column


def _copy(cell: Cell) -> Cell:
    """``replace(cell, is_copy=True)``, without dataclasses.replace's look at the fields (and
    with the flat text, when it is known).

    A spanning cell's copies are one object, put in every column and row it covers (a wide
    heading is a hundred copies a table): copies of one cell are equal in every field, a Cell is
    frozen (its cached `Cell.flat` is worked out of its text), and no reader tells cells apart by
    identity, so one object is the same grid as many equal ones (the repr is the same)."""
    copy = Cell(cell.text, cell.line, True, cell.bold, cell.footnotes, cell.span_width, cell.origin)
    if "flat" in cell.__dict__:
        copy.__dict__["flat"] = cell.__dict__["flat"]
    return copy


def _with_flat(cell: Cell, flat: str) -> Cell:
    """``cell`` with its `Cell.flat` known: an HTML cell's text is `normalize_space`'s, lines
    already folded, whose flat text is its lines joined by spaces (what `Cell.flat` would work
    out on its first read; tests/test_html_tree_speed.py checks it on every cell of the fixtures)."""
    cell.__dict__["flat"] = flat
    return cell


def _closest_table(node):
    parent = node.getparent()
    while parent is not None:
        if _NAMES[parent.tag] == "table":
            return parent
        parent = parent.getparent()
    return None


MAX_SPAN = 50  # columns or rows one cell may span; a larger span is read as this many


def _span(value: str | None) -> int:
    if value is None:  # no colspan or rowspan: the common case
        return 1
    try:
        return max(1, min(int(str(value).strip()), MAX_SPAN))
    except (TypeError, ValueError):
        return 1
