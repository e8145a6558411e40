"""What a table's raw HTML tells before it is parsed: whether parsing it alone could give figures.

The region scan asks every candidate table whether it gives figures (`etl.parse.evidence`), by
building its tree and grid and reading them; on a real registration statement most candidates
are tables of contents, trustees' biographies, fee tables and footnotes, and that costs a third
of the scan. `may_give_figures` is a cheap first test on the raw HTML, run before: it says "no"
only where the parse would certainly find nothing, and "may" (the table is parsed) otherwise.

Why "no" is certain. A table gives figures (`etl.parse.evidence._gives_rows`) when one of its
grids is not read (past a limit), reads as other accounts (`accounts_grid.read_accounts_grid`)
or as a manager ownership table (`ownership_grid.read_ownership_grid`), or when the parse
raises. Each has a necessary condition seen here, tested with the readers' own patterns:

- other accounts: `accounts_grid.may_hold_accounts` needs a category pattern in the table's
  text, or COUNT there and a row of headings cut short ("Registered | Other | Other": cells
  holding nothing but the start of a name of `CATEGORY_NAMES`).
- manager ownership: `read_ownership_grid` needs a row with three cells that are dollar ranges
  (its mark columns), or `OWNERSHIP_WORDS` in the table's first rows and the last 300
  characters of the lead-in, joined by a space.
- not read, or raising: the table's size against `etl.limits` (rows and cells bounded from the
  counts of its row and cell tags and its largest span) and libxml2's nesting depth (bounded
  by the number of its start tags, else `html_tree.nesting_depth` with half the depth to spare).

The text the patterns are run on (`table_text`) is the grid's text up to white space: the
parser's cell text is the raw text with its tags taken out (`grid.cell_text`: line tags, and
here cell and row tags, as white space; a footnote marker in ``<sup>`` as a space; any other
tag as nothing), character references decoded as libxml2 decodes them (`html.unescape`; a test
holds the two alike), zero-width spaces and printed revision marks dropped; cells are joined by
spaces. Text the parser leaves out (a caption, several tables' cells in one text) only adds
words between spaces, which may make more matches, never fewer. What this text cannot follow
makes the answer "may": scripts, styles and other elements whose text the parser drops or
keeps raw, processing instructions and declarations, a ``>`` inside quotes, a ``<sup>`` inside
another, text between cells; and, for the rows of dollar ranges, a table inside the table or a
cell spanning rows.

`tests/test_table_evidence.py` holds that the test never says "no" where `table_gives_figures`
says yes, over every table of every HTML fixture and hand-written cases (tags inside words,
entities, upper case, non-breaking spaces, captions, headings cut short).
"""

from __future__ import annotations

import html
import re

from etl.limits import DEFAULT_LIMITS, Limits
from etl.parse.accounts_grid import CATEGORY_NAMES, CATEGORY_PATTERNS, COUNT
from etl.parse.grid import MAX_SPAN, is_footnote_mark
from etl.parse.html_tree import PARSER_DEPTH, nesting_depth
from etl.parse.ownership_grid import OWNERSHIP_WORDS, is_range_label

_COMMENT = re.compile(r"<!--.*?-->", re.S)
# what the text cannot follow: elements whose text the parser drops or keeps unparsed, inline-XBRL
# headers, processing instructions and declarations (each a plain substring, found at once) ...
_UNSURE_PARTS = ("<script", "<style", "<textarea", "<xmp", "<plaintext", "<title", "<noscript", "<iframe",
                 "<noembed", "<noframes", "header", "<?", "<!")
# ... a '>' inside quotes, text between cells (after a cell's or row's end, or a row's start)
_QUOTED_END = re.compile(r"=\s*(?:\"[^\"<>]*|'[^'<>]*)>")
_BETWEEN_CELLS = re.compile(r"<(?:/t[dhr]\s*|tr\b[^<>]*)>\s*[^\s<]")
_SUP = re.compile(r"<sup\b[^<>]*>((?:(?!</?sup\b).)*?)</sup\s*>", re.I | re.S)
_SPACE_TAG = re.compile(r"</?(?:br|p|div|li|tr|td|th|table|thead|tbody|tfoot|caption)\b[^<>]*>", re.I)
_ANY_TAG = re.compile(r"</?[a-z][^<>]*>", re.I)
_LINE_TAG = re.compile(r"</?(?:br|p|div|li)\b[^<>]*>", re.I)  # a line break in a cell (`grid.cell_text`)
_INVISIBLE = str.maketrans({"\u200b": None, "\ufeff": None})
_REVISION = re.compile(r"</?R>")  # EDGAR's revision marks printed as text, which the parser drops
_SPAN = re.compile(r"span\s*=\s*[\"']?\s*(\d+)")
_ROW_START = re.compile(r"<tr\b")
_CELL_START = re.compile(r"<t[dh]\b")
_CELL_END = re.compile(r"</t[dh]\b|</?(?:tr|tbody|thead|tfoot|table|caption|colgroup)\b")
# a dollar range holds a digit, "none", "nil" or a dash (`values.parse_dollar_range`)
_MAY_BE_RANGE = re.compile(r"\d|none|nil|[-\u2013\u2014\u2212]")
# the words after the table's first rows that may end "value of (fund) shares" begun in them
_VALUE_GOES_ON = re.compile(r"\s*(?:of|fund|shares)\b", re.I)
_VOID_STARTS = ("<br", "<img", "<hr")  # elements that hold nothing, opened by no start tag
_IMPLIED = 8  # elements libxml2 adds around a table parsed alone (html, body), with room to spare
TOO_LONG = 1_000_000  # characters: libxml2 stops at 10 MB


def may_give_figures(table_html: str, before: str, limits: Limits = DEFAULT_LIMITS) -> bool:
    """False only when the table, parsed alone with ``before`` (the parser's text of its
    lead-in) above it, certainly gives no figures (see the module's docstring).

    >>> may_give_figures("<table><tr><td>Trustee</td><td>Since 2019</td></tr></table>", "")
    False
    >>> may_give_figures("<table><tr><td>Other Pool<b>ed</b></td><td>Other Accounts</td></tr></table>", "")
    True
    >>> may_give_figures("<table><tr><td>Ines Marlow</td><td>None</td></tr></table>", "Dollar range owned")
    True
    """
    source = _COMMENT.sub("", table_html) if "<!--" in table_html else table_html
    lowered = source.lower()
    if len(source) > TOO_LONG or any(part in lowered for part in _UNSURE_PARTS) \
            or _QUOTED_END.search(lowered) or _BETWEEN_CELLS.search(lowered):
        return True
    text = table_text(source)
    if text is None or _may_name_accounts(text) or _may_read_ownership(text, lowered, before[-300:]):
        return True
    return not _within_limits(lowered, limits)


def table_text(source: str) -> str | None:
    """The text of the table's cells as the readers see it, up to white space (None when a
    ``<sup>`` is not closed, or holds another).

    >>> table_text("<table><tr><td>Regis<b>tered</b><sup>1</sup>Funds</td><td>&#35; of Accounts</td></tr></table>")
    'Registered Funds # of Accounts'
    """
    marked = _SUP.sub(_sup_text, source) if "<sup" in source.lower() else source
    if "<sup" in marked.lower():
        return None
    text = " ".join(_ANY_TAG.sub("", _SPACE_TAG.sub(" ", marked)).split())
    text = html.unescape(text).translate(_INVISIBLE).replace("\xa0", " ") if "&" in text else text.translate(_INVISIBLE)
    return _REVISION.sub("", text) if "<" in text else text


def _sup_text(match: re.Match[str]) -> str:
    """A ``<sup>`` as the parser reads it: a footnote marker as a space, other text as it is."""
    inner = match.group(1)
    return " " if is_footnote_mark(html.unescape(_ANY_TAG.sub("", inner))) else inner


def _may_name_accounts(text: str) -> bool:
    """`accounts_grid.may_hold_accounts` may say yes: a category named, or COUNT and headings
    cut short."""
    if _ANY_CATEGORY.search(text):
        return True
    if COUNT.search(text) is None:
        return False
    cells = f" {text} "
    return _CUT_SHORT[0].search(cells) is not None and _CUT_SHORT[1].search(cells) is not None


def _cut_short(name: str) -> re.Pattern[str]:
    """A run of text that is nothing but the start of ``name``, between spaces (every cell is).

    >>> bool(_cut_short("other accounts").search(" x oth y ")), bool(_cut_short("other accounts").search(" others "))
    (True, False)
    """
    words = name.split()
    pattern = ""
    for word in reversed(words[1:]):
        pattern = f"(?: {_prefix(word)}{pattern})?"
    return re.compile(f"(?<= ){_prefix(words[0])}{pattern}(?= )", re.I)


def _prefix(word: str) -> str:
    """A pattern for a word or any start of it (a whole word when more follows)."""
    pattern = ""
    for letter in reversed(word[1:]):
        pattern = f"(?:{re.escape(letter)}{pattern})?"
    return re.escape(word[0]) + pattern


_CUT_SHORT = [_cut_short(name) for _, name in CATEGORY_NAMES]
_ANY_CATEGORY = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in CATEGORY_PATTERNS), re.I)


def _may_read_ownership(text: str, lowered: str, before_tail: str) -> bool:
    """`ownership_grid.read_ownership_grid` may read: an ownership word in the table, in the
    lead-in's last 300 characters, or across the two ("value of | fund shares"), or a row that
    may hold three dollar ranges."""
    if OWNERSHIP_WORDS.search(text) or OWNERSHIP_WORDS.search(before_tail):
        return True
    if _VALUE_GOES_ON.match(before_tail) and "value" in text.lower():
        return True
    return _may_mark_ranges(lowered)


def _may_mark_ranges(lowered: str) -> bool:
    """Whether a row may hold three cells that are dollar ranges (a cell spanning columns counts
    once for each); a cell spanning rows, or a table inside the table, is taken as may."""
    if "rowspan" in lowered or lowered.count("<table") > 1:
        return True
    for row in _ROW_START.split(lowered):
        ranges = 0
        for cell in _CELL_START.split(row)[1:]:
            if _may_be_range(cell):
                ranges += _colspan(cell)
                if ranges >= 3:
                    return True
    return False


def _colspan(cell: str) -> int:
    """At least the columns a cell spans (its start tag's colspan, capped as the grid caps it).

    >>> _colspan(' colspan="3" class=x>None</td>'), _colspan('>None</td>')
    (3, 1)
    """
    found = _SPAN.search(cell, 0, cell.find(">") + 1)
    return _span(found.group(1)) if found else 1


def _span(digits: str) -> int:
    """A span's value as the grid caps it, or more (never raising on a thousand digits)."""
    return MAX_SPAN if len(digits) > 4 else max(1, min(int(digits), MAX_SPAN))


def _may_be_range(cell: str) -> bool:
    """Whether a cell (its lowered raw text from past ``<td`` to the next cell) may be a dollar
    range as the ownership reader reads it: exactly, when its content has no ``<sup>`` (the
    parser's text is then the content with line tags as spaces and other tags dropped), else
    when it holds what every range holds.

    >>> _may_be_range('><p>$10,<b>001</b>&#8211;$50,000</p></td>'), _may_be_range('>since 2019</td>')
    (True, False)
    >>> _may_be_range(' class=x><sup>1</sup>born 1960</td>')
    True
    """
    content = cell[cell.find(">") + 1:]
    end = _CELL_END.search(content)
    content = content[:end.start()] if end else content
    if "<sup" in content:
        return _MAY_BE_RANGE.search(html.unescape(_ANY_TAG.sub("", content))) is not None
    text = html.unescape(_ANY_TAG.sub("", _LINE_TAG.sub(" ", content))).translate(_INVISIBLE)
    return is_range_label(re.sub(r"</?r>", "", text))  # (lowered: revision marks in any case)


def _within_limits(lowered: str, limits: Limits) -> bool:
    """Whether the table is certainly read (`grid.grid_from_html_table`) and parsed without
    raising: rows are at most its row and cell tags (a cell outside a row makes one), columns
    at most its cells times the largest span; libxml2 nests at most `PARSER_DEPTH` deep, and each
    start tag opens one element at most (else `html_tree.nesting_depth`'s estimate, with half
    the depth to spare).

    >>> _within_limits("<table>" + "<tr><td>x</td></tr>" * 30 + "</table>", DEFAULT_LIMITS)
    True
    >>> _within_limits("<table>" + "<tr><td>x</td></tr>" * 6000 + "</table>", DEFAULT_LIMITS)
    False
    """
    cells = len(_CELL_START.findall(lowered))
    rows = len(_ROW_START.findall(lowered)) + cells
    span = max(map(_span, _SPAN.findall(lowered)), default=1)
    if rows >= limits.table_rows or span * cells * rows + cells * span * span >= limits.table_cells:
        return False
    starts = lowered.count("<") - lowered.count("</") - sum(lowered.count(tag) for tag in _VOID_STARTS)
    return starts + _IMPLIED < PARSER_DEPTH or nesting_depth(lowered, stop_above=PARSER_DEPTH // 2) <= PARSER_DEPTH // 2
