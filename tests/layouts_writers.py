"""Writers for `tests.layouts`: a neutral model of paragraphs and tables of cells, written as
EDGAR HTML in three markup styles or as an EDGAR plain-text document.

HTML styles, as filing software writes them:
- ``font``: 2000s financial printers: upper-case tags, ``<FONT SIZE>``, ``<B>``, ``<BR>``.
- ``styled``: today's filing software: ``<td style>`` holding ``<div style="text-align:...">``
  holding ``<span style="font-family:...">``, one div per line, ``&#160;``.
- ``ixbrl``: ``styled`` inside an inline-XBRL XHTML document (namespaces, a hidden
  ``<ix:header>``), the portfolio-manager section inside an ``<ix:nonNumeric>`` text block.
Spacer columns put an ``&nbsp;`` cell between every two data columns; a "$" cell stands before
the amount cell. Plain text: fixed-width ``<TABLE>`` with the column headers in ``<CAPTION>``,
a ``<S>``/``<C>`` line, columns separated by gutters of spaces.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    text: str = ""  # lines separated by "\n"
    kind: str = "label"  # "label" | "num" | "amount"
    span: int = 1
    dollar: bool = False  # print "$" before the amount in a cell (HTML) or column (text) of its own
    bold: bool = False


@dataclass
class Table:
    head: list[list[Cell]]
    body: list[list[Cell]]
    caption: str | None = None
    notes: list[str] = field(default_factory=list)
    blank_between_rows: bool = False  # plain text: rows of several lines need a blank line


@dataclass(frozen=True)
class Para:
    text: str
    bold: bool = False
    center: bool = False


Block = Para | Table


def placed(row: list[Cell]) -> list[tuple[int, Cell]]:
    """Each cell with the logical column it starts in."""
    out, column = [], 0
    for cell in row:
        out.append((column, cell))
        column += cell.span
    return out


def columns(table: Table) -> int:
    return max(sum(c.span for c in row) for row in table.head + table.body)


def dollar_columns(table: Table) -> set[int]:
    return {column for row in table.body for column, cell in placed(row) if cell.dollar and cell.span == 1}


# --------------------------------------------------------------------------------------------
# HTML


@dataclass(frozen=True)
class Style:
    """How one markup style writes a paragraph, a cell and the document around them."""

    para: str  # format fields: align, weight_open, weight_close, text
    cell: str  # format fields: attrs, colspan, lines (already joined)
    line: str  # one line of a cell: align, weight, text
    join: str  # between a cell's lines
    spacer: str
    table_open: str
    nbsp: str


FONT = Style(
    para='<P ALIGN="{align}"><FONT SIZE="2">{weight_open}{text}{weight_close}</FONT></P>',
    cell='<TD VALIGN="BOTTOM"{attrs}{colspan}>{lines}</TD>',
    line='<FONT SIZE="1">{weight_open}{text}{weight_close}</FONT>',
    join="<BR>",
    spacer='<TD WIDTH="1%">&nbsp;</TD>',
    table_open='<TABLE WIDTH="100%" BORDER="0" CELLSPACING="0" CELLPADDING="0">',
    nbsp="&nbsp;",
)
STYLED = Style(
    para=('<div style="margin-top:6pt;text-align:{align}"><span style="color:#000000;font-family:'
          '\'Times New Roman\',serif;font-size:10pt;font-weight:{weight};line-height:120%">{text}</span></div>'),
    cell='<td style="vertical-align:bottom;padding:0 2pt 0 2pt{attrs}"{colspan}>{lines}</td>',
    line=('<div style="text-align:{align}"><span style="font-family:\'Times New Roman\',serif;'
          'font-size:8pt;font-weight:{weight}">{text}</span></div>'),
    join="",
    spacer='<td style="width:1%"><div><span style="font-size:8pt">&#160;</span></div></td>',
    table_open='<table style="border-collapse:collapse;display:inline-table;margin-bottom:5pt;vertical-align:text-bottom;width:100%">',
    nbsp="&#160;",
)
STYLES = {"font": FONT, "styled": STYLED, "ixbrl": STYLED}


def _html_para(style: Style, para: Para) -> str:
    align = "center" if para.center else "justify"
    return style.para.format(
        align=align.upper() if style is FONT else align, text=html.escape(para.text, quote=False),
        weight="700" if para.bold else "400",
        weight_open="<B>" if para.bold else "", weight_close="</B>" if para.bold else "")


def _html_cell(style: Style, text: str, *, align: str, bold: bool, colspan: int, rule: bool) -> str:
    lines = text.split("\n") if text else [style.nbsp if style is FONT else ""]
    written = style.join.join(
        style.line.format(align=align, weight="700" if bold else "400", text=html.escape(line, quote=False)
                          if line != style.nbsp else line,
                          weight_open="<B>" if bold else "", weight_close="</B>" if bold else "")
        for line in lines)
    if style is FONT:
        attrs = f' ALIGN="{align.upper()}"'
        span = f' COLSPAN="{colspan}"' if colspan > 1 else ""
    else:
        attrs = ";border-bottom:1pt solid #000000" if rule else ""
        span = f' colspan="{colspan}"' if colspan > 1 else ""
    return style.cell.format(attrs=attrs, colspan=span, lines=written)


def _align(cell: Cell, header: bool) -> str:
    if header:
        return "center" if cell.span > 1 or cell.text.startswith(("Number", "Total", "Registered", "Other")) \
            else "left"
    return "left" if cell.kind == "label" else "right"


def _html_row(style: Style, row: list[Cell], widths: list[int], spacers: bool, *, header: bool,
              rule: bool) -> str:
    out = []
    for column, cell in placed(row):
        if spacers and column > 0:
            out.append(style.spacer)
        physical = sum(widths[column:column + cell.span]) + (cell.span - 1 if spacers else 0)
        kwargs = {"align": _align(cell, header), "bold": cell.bold, "rule": rule and bool(cell.text)}
        if cell.span == 1 and widths[column] == 2 and not header:
            out.append(_html_cell(style, "$" if cell.dollar else "", align="left", bold=False,
                                  colspan=1, rule=False))
            out.append(_html_cell(style, cell.text, colspan=1, **kwargs))
        else:
            out.append(_html_cell(style, cell.text, colspan=physical, **kwargs))
    return "<tr>" + "".join(out) + "</tr>" if style is not FONT else "<TR>" + "".join(out) + "</TR>"


def _html_table(style: Style, table: Table, spacers: bool) -> list[str]:
    count = columns(table)
    dollars = dollar_columns(table)
    widths = [2 if column in dollars else 1 for column in range(count)]
    out = []
    if table.caption and style is FONT:
        out.append(_html_para(style, Para(table.caption, center=True)))
    out.append(style.table_open)
    if table.caption and style is not FONT:
        out.append(_html_row(style, [Cell(table.caption, span=count)], widths, spacers, header=True,
                             rule=False))
    for index, row in enumerate(table.head):
        out.append(_html_row(style, row, widths, spacers, header=True, rule=index == len(table.head) - 1))
    out += [_html_row(style, row, widths, spacers, header=False, rule=False) for row in table.body]
    out.append("</TABLE>" if style is FONT else "</table>")
    out += [_html_para(style, Para(note)) for note in table.notes]
    return out


def _html_blocks(style: Style, blocks: list[Block], spacers: bool) -> list[str]:
    out: list[str] = []
    for block in blocks:
        out += _html_table(style, block, spacers) if isinstance(block, Table) else [_html_para(style, block)]
    return out


IXBRL_HEAD = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL" xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dei="http://xbrl.sec.gov/dei/2024" xmlns:trf="http://www.tamarackridgefunds.example/20250201" xml:lang="en-US">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"/><title>Tamarack Ridge Funds Trust - 485BPOS</title></head>
<body>
<div style="display:none"><ix:header><ix:hidden>
<ix:nonNumeric name="dei:EntityCentralIndexKey" contextRef="c0">0001876543</ix:nonNumeric>
<ix:nonNumeric name="dei:DocumentType" contextRef="c0">485BPOS</ix:nonNumeric>
<ix:nonNumeric name="dei:AmendmentFlag" contextRef="c0">false</ix:nonNumeric>
</ix:hidden><ix:references><link:schemaRef xlink:type="simple" xlink:href="trf-20250201.xsd"/></ix:references>
<ix:resources><xbrli:context id="c0"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0001876543</xbrli:identifier></xbrli:entity><xbrli:period><xbrli:startDate>2025-02-01</xbrli:startDate><xbrli:endDate>2025-02-01</xbrli:endDate></xbrli:period></xbrli:context></ix:resources>
</ix:header></div>
"""


def write_html(markup: str, spacers: bool, title: list[Block], section: list[Block], after: list[Block]) -> str:
    style = STYLES[markup]
    body = _html_blocks(style, section, spacers)
    if markup == "ixbrl":
        body = ['<div><ix:nonNumeric name="trf:PortfolioManagersTextBlock" contextRef="c0" escape="true">',
                *body, "</ix:nonNumeric></div>"]
    lines = _html_blocks(style, title, spacers) + body + _html_blocks(style, after, spacers)
    if markup == "ixbrl":
        return IXBRL_HEAD + "\n".join(lines) + "\n</body>\n</html>\n"
    if markup == "font":
        return ("<HTML><HEAD><TITLE>Tamarack Ridge Funds Trust</TITLE></HEAD>\n<BODY BGCOLOR=\"WHITE\">\n"
                + "\n".join(lines) + "\n</BODY></HTML>\n")
    return ("<html><head><title>Tamarack Ridge Funds Trust</title></head>\n<body>\n"
            + "\n".join(lines) + "\n</body></html>\n")


# --------------------------------------------------------------------------------------------
# Plain text

PAGE = 78
GUTTER = 3
LABEL_WIDTH = 40  # body labels wrap at this width, continuation lines indented two spaces


def _text_para(para: Para) -> list[str]:
    if para.center:
        return [para.text.center(PAGE).rstrip()]
    if para.bold:
        return [para.text.upper()]
    return textwrap.wrap(para.text, PAGE, initial_indent="     ")


def _body_lines(cell: Cell, dollar_width: int) -> list[str]:
    """A body cell's lines, before padding: labels wrapped, amounts with their "$" column."""
    if cell.kind == "label" and cell.span == 1:
        return textwrap.wrap(cell.text, LABEL_WIDTH, subsequent_indent="  ", break_long_words=False) or [""]
    lines = cell.text.split("\n")
    if cell.dollar:
        return ["$" + line.rjust(dollar_width - 1) for line in lines]
    return lines


def _widths(table: Table) -> tuple[list[int], dict[int, int]]:
    """Each logical column's width, and the width of the amounts in "$" columns."""
    count = columns(table)
    widths = [1] * count
    dollar_width: dict[int, int] = {}
    for column in dollar_columns(table):
        numbers = [len(line) for row in table.body for c, cell in placed(row)
                   if c == column and cell.dollar for line in cell.text.split("\n")]
        dollar_width[column] = max(numbers) + 3
    for row in table.body:
        for column, cell in placed(row):
            if cell.span == 1:
                lines = _body_lines(cell, dollar_width.get(column, 0))
                widths[column] = max(widths[column], *(len(line) for line in lines))
    for row in table.head:
        for column, cell in placed(row):
            if cell.span == 1 and cell.text:
                wrap = max(widths[column], 10 if column else 18)
                widths[column] = max(widths[column], *(len(w) for w in _wrap(cell.text, wrap)))
    return widths, dollar_width


def _wrap(text: str, width: int) -> list[str]:
    """Header words wrapped as a typist would: never inside a word."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


def _start(widths: list[int], column: int) -> int:
    return sum(widths[:column]) + GUTTER * column


def _put(line: list[str], at: int, text: str) -> None:
    while len(line) < at + len(text):
        line.append(" ")
    line[at:at + len(text)] = list(text)


def _band(row: list[Cell], widths: list[int], header: bool, dollar_width: dict[int, int]) -> list[str]:
    """One row written as lines: header cells bottom-aligned and centred, body labels top-aligned,
    figures bottom-aligned and right-aligned."""
    pieces = []
    for column, cell in placed(row):
        width = sum(widths[column:column + cell.span]) + GUTTER * (cell.span - 1)
        if header:
            lines = _wrap(cell.text, width) if cell.text else []
        elif cell.span > 1:
            lines = [cell.text]
        else:
            lines = _body_lines(cell, dollar_width.get(column, 0))
        pieces.append((column, cell, width, lines))
    height = max(len(lines) for *_, lines in pieces)
    out = [[] for _ in range(height)]
    for column, cell, width, lines in pieces:
        top = 0 if (cell.kind == "label" and not header) else height - len(lines)
        for offset, text in enumerate(lines):
            if header:
                text = text.center(width).rstrip() if column else text
            elif cell.kind != "label":
                text = text.rjust(width)
            _put(out[top + offset], _start(widths, column), text)
    band = ["".join(line).rstrip() for line in out]
    if header and any(cell.span > 1 and cell.text for cell in row):
        rule: list[str] = []
        for column, cell, width, _ in pieces:
            if cell.span > 1 and cell.text:
                _put(rule, _start(widths, column), "-" * width)
        band.append("".join(rule))
    return band


def _text_table(table: Table) -> list[str]:
    widths, dollar_width = _widths(table)
    out = ["<TABLE>"]
    caption = [table.caption.center(sum(widths) + GUTTER * (len(widths) - 1)).rstrip()] if table.caption else []
    head = [line for row in table.head for line in _band(row, widths, True, dollar_width)]
    if caption or head:
        rules = "".join(" " * (GUTTER if c else 0) + "-" * w for c, w in enumerate(widths))
        out += ["<CAPTION>", *caption, *head] + ([rules] if head else []) + ["</CAPTION>"]
    tags = []
    for column in range(len(widths)):
        _put(tags, _start(widths, column), "<S>" if column == 0 else "<C>")
    out.append("".join(tags))
    for index, row in enumerate(table.body):
        if index and table.blank_between_rows:
            out.append("")
        out += _band(row, widths, False, dollar_width)
    out.append("</TABLE>")
    for note in table.notes:
        out += ["", *textwrap.wrap(note, PAGE)]
    return out


def write_text(title: list[Block], section: list[Block], after: list[Block]) -> str:
    lines: list[str] = []
    for block in [*title, *section, *after]:
        lines.append("")
        lines += _text_table(block) if isinstance(block, Table) else _text_para(block)
    return "\n".join(lines) + "\n"
