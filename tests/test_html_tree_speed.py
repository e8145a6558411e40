"""The shortcuts of the HTML walk (etl/parse/grid.py, etl/parse/html_document.py) give what the
full, slow way gives: on every element of every HTML fixture, and on hand-written cells of the
families they must get right (tags inside words, entities, upper case, line breaks inside
phrases, non-breaking and zero-width spaces, bold and superscript wrappers)."""

from __future__ import annotations

from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from etl.parse.grid import block_text, cell_text, walked_cell_text
from etl.parse.html_document import (
    LOCAL_NAMES,
    _holders,
    _is_hidden,
    _visible_elements,
    html_parts,
)
from etl.parse.html_tree import drop_tree, parse_html

CORPUS = Path(__file__).parent / "corpus"
FIXTURES = sorted(CORPUS.glob("*.htm"))

CELLS = [
    "<td>An<span>a</span> Ru<b>iz</b></td>",
    "<td>\n  <div>\n <p style='margin:0'><span style='font-family:Times'>Ana&nbsp;Ruiz</span></p></div>\n</td>",
    "<TD><P><FONT SIZE=2>Ana\nRuiz</FONT></P></TD>",
    "<td><p>Other Pooled\n   Investment <br/>Vehicles</p></td>",
    "<td>&#8203;<p>$1.2&nbsp;billion</p></td>",
    "<td><p>\u200b</p><p>x</p></td>",
    "<td>&nbsp;<div><p>Ana Ruiz</p></div>&nbsp;</td>",
    "<td><div>Ana Ruiz</div>, CFA</td>",
    "<td><span style='font-weight:bold'><span>Ana</span> Ruiz</span></td>",
    "<td><span style='FONT-WEIGHT: 700'> <span>Ana Ruiz</span> </span></td>",
    "<td><b> <i>Ana Ruiz</i> </b></td>",
    "<td><p><sup>(1)</sup></p></td>",
    "<td><sup> <span>2</span> </sup></td>",
    "<td><sup><span>Ana</span></sup></td>",
    "<td><p>Ana Ruiz<sup>*</sup></p></td>",
    "<td><br><span>Ana</span></td>",
    "<td><div><br></div></td>",
    "<td><div><div><div></div></div></div></td>",
    "<td><p>&lt;R&gt;4&lt;/R&gt;</p></td>",
    "<td><div>first</div><div>second</div></td>",
    "<td><li>one</li></td>",
    "<td><span>\n</span><span>Ana</span></td>",
    "<td><!-- a note --><p>5</p></td>",
    "<td><ix:nonfraction name='x'><span>1,234</span></ix:nonfraction></td>",
    "<td><p>Ana</p>\u00a0\n</td>",
    "<p><b>Ana</b> <b>Ruiz</b><sup>2</sup> manages<br>funds</p>",
    "<p><span style='font-weight:bold'>An</span>a<script>x</script> Ruiz<style>y</style></p>",
    "<div><sup>(1)</sup> One account pays a fee.</div>",
    "<li>Ana&#160;Ruiz&nbsp;<i>since</i>\n2019</li>",
    "<p>Ana<span>\n</span>Ru<span>iz</span><!-- x --></p>",
    "<h3><u><b>&lt;R&gt;Ana Ruiz&lt;/R&gt;</b></u></h3>",
    "<script>Ana</script>", "<style>Ana</style>", "<sup>Ana</sup>", "<br>",
    "<p><b> <span style='font-weight:bold'><i>Ana</i></span> </b></p>", "<div><b> <sup>(1)</sup> </b></div>",
    "<p><strong><br></strong></p>", "<li><b><script>x</script></b></li>",
]


def _all_elements(root):
    return [e for e in root.iter() if isinstance(e.tag, str)]


def _without_bold(walked: tuple) -> tuple:
    text, _, footnotes = walked
    return text, footnotes


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_cell_text_shortcuts_match_the_full_walk_on_every_fixture_element(path):
    root = parse_html(path.read_text())
    for element in _all_elements(root):
        walked = walked_cell_text(element)
        assert cell_text(element) == walked, lxml.etree.tostring(element)[:200]
        assert block_text(element) == _without_bold(walked), lxml.etree.tostring(element)[:200]


@pytest.mark.parametrize("html", CELLS)
@pytest.mark.parametrize("parse", [lambda h: parse_html(f"<table><tr>{h}</tr></table>"),
                                   lambda h: lxml.html.fragment_fromstring(f"<table><tr>{h}</tr></table>")],
                         ids=["pmdw", "lxml.html"])
def test_cell_text_shortcuts_match_the_full_walk_on_hand_written_cells(html, parse):
    for element in _all_elements(parse(html)):
        assert cell_text(element) == walked_cell_text(element), html
        assert block_text(element) == _without_bold(walked_cell_text(element)), html


def _visible_the_slow_way(root) -> list:
    for element in [e for e in root.iter() if _is_hidden(e, LOCAL_NAMES[e.tag])]:
        drop_tree(element)  # (those inside a dropped one go with it)
    return [(e, LOCAL_NAMES[e.tag]) for e in root.iter()]


PAGES = [path.read_text() for path in FIXTURES] + [
    ("<html><head><style>p {}</style><script>var x;</script></head><body><p>a</p>"
     "<div><script>1</script>tail<ix:header><b>x</b><style>y</style></ix:header>after</div><p>b</p></body></html>"),
    "<div>" + "<table><tr><td>" * 20 + "<p>x</p>" + "</td></tr></table>" * 20 + "</div>",
]


@pytest.mark.parametrize("page", PAGES, ids=range(len(PAGES)))
def test_one_walk_gives_the_elements_and_holders_of_the_several_walks(page):
    fast_root, slow_root = parse_html(page), parse_html(page)
    fast, slow = list(zip(*_visible_elements(fast_root))), _visible_the_slow_way(slow_root)
    assert lxml.etree.tostring(fast_root) == lxml.etree.tostring(slow_root)
    assert [tag for _, tag in fast] == [tag for _, tag in slow]
    assert [e.sourceline for e, _ in fast] == [e.sourceline for e, _ in slow]
    for wanted in ({"table"}, {"table", "p", "div", "li"}):
        holders = _holders(e for e, tag in fast if tag in wanted)
        ancestors = {a for e, tag in fast if tag in wanted for a in e.iterancestors()}
        assert holders == ancestors


def test_hidden_elements_leave_their_tails():
    parts = html_parts("<div>Ana <script>x</script>Ruiz <style>y</style>manages</div>")
    assert [p.lines for p in parts.items] == [("Ana Ruiz manages",)]


def test_cell_init_sets_the_dataclass_fields_with_their_defaults():
    import dataclasses
    import inspect

    from etl.parse.grid import Cell

    fields = dataclasses.fields(Cell)
    parameters = list(inspect.signature(Cell.__init__).parameters.values())[1:]
    assert [(p.name, p.default) for p in parameters] == [
        (f.name, inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default) for f in fields]
    cell = Cell("Ana\nRuiz", 7, True, "Ana", ("(1)",), 3, 12)
    assert vars(cell) == {"text": "Ana\nRuiz", "line": 7, "is_copy": True, "bold": "Ana", "footnotes": ("(1)",),
                          "span_width": 3, "origin": 12}
    assert dataclasses.replace(cell, text="x") == Cell("x", 7, True, "Ana", ("(1)",), 3, 12)
    assert hash(Cell("x", 1)) == hash(Cell("x", 1)) and Cell("x", 1) != Cell("x", 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cell.text = "y"  # type: ignore[misc]


SPACES = ["", " ", "\xa0", "a\xa0b", " Ana\xa0 Ruiz\t", "a\u200bb", "\ufeffa", "a\rb", "a\r\nb", "a\n\n b ",
          "<R>4</R>", "a < b", "a\u2028b", "a\x0bb\x0c", "a\x85b", "a\u3000b", "a\u2009b\u202f", "\u200b",
          "\n", "A\xa0\xa0\xa0B", "x\x1cy\x1fz", "tab\tbed  text "]


@pytest.mark.parametrize("path", FIXTURES + sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_normalize_space_shortcut_matches_the_line_by_line_way_on_every_fixture_text(path):
    from etl.parse.grid import normalize_space, normalized_lines

    text = path.read_text()
    pieces = text.split("\n") + [text]
    if path.suffix == ".htm":
        root = parse_html(text)
        pieces += [t for e in _all_elements(root) for t in (e.text, e.tail) if t]
    for piece in pieces + SPACES:
        assert normalize_space(piece) == normalized_lines(piece), repr(piece)


def test_every_white_space_but_the_space_is_not_printable():
    """`normalize_space` gives a printable text back as it is: sound only if str.split cuts at
    no printable character but the space."""
    import sys

    assert [hex(c) for c in range(sys.maxunicode + 1)
            if chr(c).isspace() and chr(c) != " " and chr(c).isprintable()] == []
    assert not any(c.isprintable() for c in "\u200b\ufeff\r\n\xa0")


FOLDED_OR_NOT = ["a b", "a  b", " a", "a ", "a\u2009b", "a <b", "\xa0a", "a\u3000", "a\x85", "\u2028", "x\u200by"]


@pytest.mark.parametrize("path", FIXTURES + sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_normalize_space_of_folded_and_unfolded_texts_is_the_full_way(path):
    from etl.parse.grid import normalize_space, normalized_lines

    lines = path.read_text().split("\n")
    for piece in lines + [" ".join(line.split()) for line in lines] + SPACES + FOLDED_OR_NOT:
        assert normalize_space(piece) == normalized_lines(piece), repr(piece)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_the_flat_text_given_to_html_cells_is_the_one_cell_flat_works_out(path):
    from etl.parse.grid import Cell, grid_from_html_table

    root = parse_html(path.read_text())
    for table in root.iter("table"):
        for cell in (c for row in grid_from_html_table(table).rows for c in row):
            given = vars(cell).pop("flat", None)
            assert given is None or given == Cell.flat.compute(cell) == cell.flat, cell


def _rows_one_copy_at_a_time(table) -> list[list]:
    """The grid's rows the way they were built before a spanning cell's copies were one object:
    a new copy for every column and every row it covers (cells' texts read by the same
    `cell_text`; the spans, overlaps and short rows handled as before)."""
    from etl.parse.grid import Cell, _closest_table, _span, cell_text

    def copy(cell):
        return Cell(cell.text, cell.line, True, cell.bold, cell.footnotes, cell.span_width, cell.origin)

    def take(column):
        cell, remaining = pending.pop(column)
        if remaining > 1:
            pending[column] = (cell, remaining - 1)
        return cell

    def fill(row, column):
        while column in pending:
            row.append(copy(take(column)))
            column += 1
        return column

    rows, pending, origin = [], {}, 0
    for tr in table.iter("tr"):
        if _closest_table(tr) is not table:
            continue
        row, column = [], 0
        for td in (td for td in tr if td.tag in ("td", "th")):
            column = fill(row, column)
            colspan, rowspan = _span(td.get("colspan")), _span(td.get("rowspan"))
            text, bold, footnotes = cell_text(td)
            origin += 1
            cell = Cell(text, td.sourceline or 0, False, bold if bold and bold != text.replace("\n", " ") else "",
                        footnotes, colspan, origin)
            for offset in range(colspan):
                row.append(cell if offset == 0 else copy(cell))
                if column in pending:
                    take(column)
                if rowspan > 1:
                    pending[column] = (cell, rowspan - 1)
                column += 1
        column = fill(row, column)
        while pending and column <= max(pending):
            row.append(Cell("", tr.sourceline or 0, is_copy=True))
            column = fill(row, column + 1)
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [row + [Cell("", row[-1].line if row else 0, True) for _ in range(width - len(row))] for row in rows]


def _renumbered(rows) -> list[list[tuple]]:
    """Each cell's fields, its origin numbered by first appearance (the two ways count apart)."""
    numbers: dict[int, int] = {}
    return [[(c.text, c.line, c.is_copy, c.bold, c.footnotes, c.span_width,
              numbers.setdefault(c.origin, len(numbers)) if c.origin else 0) for c in row] for row in rows]


SPANNING_TABLES = [
    "<table><tr><td colspan=3>Head</td></tr><tr><td>a</td><td>b</td><td>c</td></tr></table>",
    "<table><tr><td rowspan=3>Ana</td><td colspan=2 rowspan=2>x</td></tr><tr></tr><tr><td>1</td></tr></table>",
    "<table><tr><td rowspan=2 colspan=2>a</td><td rowspan=3>b</td></tr><tr><td colspan=2>c</td><td>d</td></tr>"
    "<tr><td>e</td></tr><tr><td>f</td><td colspan=4>g</td></tr></table>",
    "<table><tr><td>a</td><td rowspan=4>b</td></tr><tr><td rowspan=2 colspan=3>c</td></tr><tr></tr></table>",
    "<table><tr><td colspan=2 rowspan=2>a</td></tr><tr><td colspan=x>b</td><td rowspan=0>c</td></tr></table>",
]


@pytest.mark.parametrize("page", [path.read_text() for path in FIXTURES] + SPANNING_TABLES,
                         ids=[p.name for p in FIXTURES] + [f"spans{i}" for i in range(len(SPANNING_TABLES))])
def test_spanning_cells_copies_as_one_object_are_the_grid_of_copies_made_one_by_one(page):
    from etl.parse.grid import grid_from_html_table

    for table in parse_html(page).iter("table"):
        rows = grid_from_html_table(table).rows
        assert _renumbered(rows) == _renumbered(_rows_one_copy_at_a_time(table)), lxml.etree.tostring(table)[:200]


DECLARED = ["<?xml version='1.0' encoding='ASCII'?>\n<html><p>x</p></html>", "\n  <?XML version=\"1.0\"?><p>a</p>",
            "<p>a</p>\n<?xml version='1.0'?>", "<?xml ?>", "<?xml", " <?xml a?><?xml b?>x", "", "\ufeff<?xml a?>x"]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_the_xml_declaration_cut_by_a_slice_is_the_one_sub_takes_out(path):
    from etl.parse.html_tree import _XML_DECLARATION, without_xml_declaration

    for text in [path.read_text()] + DECLARED + [f"<?xml version='1.0'?>\n{path.read_text()}"]:
        assert without_xml_declaration(text) == _XML_DECLARATION.sub("", text), text[:80]
