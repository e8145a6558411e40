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

- a grid at all: a table the parser reads as paragraphs (`html_document._is_text_table`: one
  filled cell a row, or a footnote's marker and its note) gives none (`_reads_as_text`).
- other accounts: `accounts_grid.may_hold_accounts` needs two category patterns in the table's
  text, or one and COUNT, or COUNT and a row of headings cut short ("Registered | Other |
  Other": cells holding nothing but the start of a name of `CATEGORY_NAMES`); and the reader
  then needs a row of data: a line of a cell that begins as a figure or a null begins, or a
  line stating figures in words (`_may_hold_figures`).
- manager ownership: a reading whose heading names trustees or a notional holding
  (TRUSTEE_WORDS, NOTIONAL) gives none, and every reading's heading holds the rows above the
  first that may hold a value (`_heading`); a table none of whose cells' lines begins as a
  value begins gives none (`_may_hold_values`); else `read_ownership_grid` needs a row with
  three cells that are dollar ranges (its mark columns, whose heading holds that row too), or
  `OWNERSHIP_WORDS` in the table's first rows and the last 300 characters of the lead-in,
  joined by a space (a match across the two can only be "value of | fund shares").
- not read, or raising: the table's size against `etl.limits` (rows and cells bounded from the
  counts of its row and cell tags and its largest span) and libxml2's nesting depth (bounded
  by the number of its start tags, else `html_tree.nesting_depth` with half the depth to spare).

The text the patterns are run on (`table_text`) is the grid's text up to white space and case:
the parser's cell text is the raw text with its tags taken out (`grid.cell_text`: line tags,
and here cell and row tags, as white space; a footnote marker in ``<sup>`` as a space; any
other tag as nothing), character references decoded as libxml2 decodes them (`html.unescape`;
a test holds the two alike), zero-width spaces and printed revision marks dropped; cells are
joined by spaces. Text the parser leaves out (a caption, several tables' cells in one text)
only adds words between spaces, which may make more matches, never fewer. The patterns run in
lower case on the text in lower case (`_Alternatives`), each alternative only where its
longest literal is. What this text cannot follow makes the answer "may": a ``<`` or ``>`` left
after the tags are taken out (a declaration, a processing instruction, a ``>`` inside quotes),
scripts, styles and other elements whose text the parser drops or keeps raw, a ``<sup>`` that
holds more than inline tags, text between cells; and, for the rows of dollar ranges, a table
inside the table or a cell spanning rows.

Measured on a real 2 MB 485BPOS (16 candidate tables, one of them the other-accounts table):
the first test says no to 14 of them, and the scan's table evidence takes ~11 ms instead of
~19 (the test itself ~0.1-1 ms a table; a table of contents long enough to need the depth
estimate costs the most). Of the two it passes, the other-accounts table is taken as giving
figures without its parse (`certainly_gives_figures`, a shortcut the other way: ~4 ms). The
other was a Part C list of exhibits (prose cells naming two categories, "No." and "owned"),
parsed alone for nothing (~1.9 ms) until the gates on what the cells hold (parser 4.3.0; the
two gates cost ~0.15 ms on it).

`tests/test_table_evidence.py` holds that the test never says "no" where `table_gives_figures`
says yes, over every table of every HTML fixture and hand-written cases (tags inside words,
entities, upper case, non-breaking spaces, footnote marks, comments, headings cut short,
legend letters, mark columns), and that the patterns in lower case answer as the readers'.
"""

from __future__ import annotations

import html
import re

from etl.limits import DEFAULT_LIMITS, Limits
from etl.parse.accounts_grid import ASSETS, CATEGORY_NAMES, CATEGORY_PATTERNS, COUNT
from etl.parse.folding import _led_search, alternatives
from etl.parse.grid import MAX_SPAN, is_footnote_mark
from etl.parse.html_tree import PARSER_DEPTH, nesting_depth
from etl.parse.memo import per_document
from etl.parse.ownership_grid import NOTIONAL, OWNERSHIP_WORDS, TRUSTEE_WORDS, is_range_label

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# elements whose text the parser drops or keeps unparsed; inline-XBRL headers ("header" anywhere)
_UNSEEN = re.compile(r"<(?:script|style|textarea|xmp|plaintext|title|noscript|iframe|noembed|noframes)")
_BETWEEN_CELLS = re.compile(r"<(?:/t[dhr]\s*|tr\b[^<>]*)>\s*[^\s<]")  # text after a cell's or row's end
_SUP = re.compile(r"<sup\b[^<>]*>(.*?)</sup\s*>", re.DOTALL)
_NOT_INLINE = re.compile(r"<(?!/?(?:b|i|u|span|font|a|em|strong|small)\b)")
_SPACE_TAG = re.compile(r"</?(?:br|p|div|li|tr|td|th|table|thead|tbody|tfoot|caption)\b[^<>]*>")
_ANY_TAG = re.compile(r"</?[a-z][^<>]*>")
# the two above as `[^>]*`, which the regex engine runs as a tight loop (`_untagged`: exact when no match holds a "<" inside)
_SPACE_TAG_FAST = re.compile(r"</?(?:br|p|div|li|tr|td|th|table|thead|tbody|tfoot|caption)\b[^>]*>")
_ANY_TAG_FAST = re.compile(r"</?[a-z][^>]*>")
_LINE_TAG = re.compile(r"</?(?:br|p|div|li)\b[^<>]*>")  # a line break in a cell (`grid.cell_text`)
_REVISION = re.compile(r"</?r>")  # EDGAR's revision marks printed as text ("<R>", dropped by the parser)
_SPAN = re.compile(r"span\s*=\s*[\"']?\s*([^\s\"'>]*)")  # a span attribute's value
_ROW_START = re.compile(r"<tr\b")
_CELL_START = re.compile(r"<t[dh]\b")
_CELL_END = re.compile(r"</t[dh]\b|</?(?:tr|tbody|thead|tfoot|table|caption|colgroup)\b")
# a dollar range holds a digit, "none", "nil" or a dash (`values.parse_dollar_range`)
_MAY_BE_RANGE = re.compile(r"\d|none|nil|[-\u2013\u2014\u2212]")
# the words after the table's first rows that may end "value of (fund) shares" begun in them
_VALUE_GOES_ON = re.compile(r"\s*(?:of|fund|shares)\b")
_VOID_START = re.compile(r"<(?:br|img|hr|col|wbr|input|meta|link)\b")  # elements that hold nothing
_IMPLIED = 8  # elements libxml2 adds around a table parsed alone (html, body), with room to spare
TOO_LONG = 1_000_000  # characters: libxml2 stops at 10 MB


def may_give_figures(table_html: str, before: str, limits: Limits = DEFAULT_LIMITS) -> bool:
    """False only when the table, parsed alone with ``before`` (the parser's text of its
    lead-in) above it, certainly gives no figures (see the module's docstring).

    >>> may_give_figures("<table><tr><td>Trustee</td><td>Since 2019</td></tr></table>", "")
    False
    >>> may_give_figures("<table><tr><td>Other Pool<b>ed</b></td><td>Other Accounts</td></tr>"
    ...                  "<tr><td>3</td><td>2</td></tr></table>", "")
    True
    >>> may_give_figures("<table><tr><td>Ines Marlow</td><td>None</td></tr></table>", "Dollar range owned")
    True
    """
    if len(table_html) > TOO_LONG:
        return True
    lowered, text = _read(table_html)
    if (text is None or _may_read_accounts(text, lowered) or _may_read_ownership(text, lowered, _folded(before[-300:]))) \
            and not _reads_as_text(lowered):  # (asked last: most tables are no grid of paragraphs)
        return True
    # "no" so far: it holds when the text above is the parser's, and the table is read
    return _unsure(lowered) or not _within_limits(lowered, limits)


@per_document(maxsize=16)  # a table is read again by `certainly_gives_figures` at once, and by `certainly_a_grid` (asked first)
def _read(table_html: str) -> tuple[str, str | None]:
    """The table in lower case (`_folded`: the four letters `re.I` folds to ASCII ones first,
    'İ' is one letter), without its comments, and its text (`table_text`).

    >>> _read("<TABLE><tr><td>Other <!-- x -->Accounts</td></tr></table>")
    ('<table><tr><td>other accounts</td></tr></table>', 'other accounts')
    """
    lowered = _folded(table_html)
    if "!" in lowered and "<!--" in lowered:  # (a search for one character, ~40 times cheaper: "<" is everywhere)
        lowered = _COMMENT.sub("", lowered)
    return lowered, table_text(lowered)


def table_text(lowered: str) -> str | None:
    """The text of the table's cells as the readers see it, up to white space and case, from
    the table in lower case; None when it cannot be followed (see the module's docstring), or
    prints a revision mark (in lower case here, which the parser drops only in upper case).

    >>> table_text("<table><tr><td>regis<b>tered</b><sup>1</sup>funds</td><td>&#35; of accounts</td></tr></table>")
    'registered funds # of accounts'
    >>> table_text("<table><tr><td title='a>b'>x</td></tr></table>") is None
    True
    >>> table_text("<td>other &nbsp; <b>acc</b>&#8203;ounts</td>"), table_text("<td>&lt;r&gt;x</td>")
    ('other accounts', None)
    """
    if "<sup" in lowered:
        lowered = _SUP.sub(_sup_text, lowered)
        if "<sup" in lowered:
            return None
    stripped = _untagged(lowered)
    if "<" in stripped or ">" in stripped:
        return None
    text = " ".join(stripped.split())
    if "&" in text or not text.isascii():  # references, non-breaking and zero-width spaces: folded again
        text = _visible(html.unescape(text))
        if "<" in text and _REVISION.search(text):
            return None  # a revision mark printed as text: the parser drops it in upper case only
        text = " ".join(text.split())
    return _folded(text)


def _untagged(lowered: str, space: str = " ") -> str:
    """The table with its line, cell and row tags as spaces (or ``space``: `_SPACE_TAG`) and its
    other tags taken out (`_ANY_TAG`), the same as those two patterns give, sooner.

    The fast twins (`_SPACE_TAG_FAST`, `_ANY_TAG_FAST`: ``[^>]*`` for ``[^<>]*``, a loop the regex
    engine runs without a class test a character) go first. They differ from the patterns only
    where a match would hold a "<" past its first character. Each match holds at least one "<"
    and the spaces put in hold none, so when the matches of the two passes number as many as the
    table's "<" and none is left, each held exactly one: then each match of a twin is the
    pattern's match at the same place (the same greedy run up to the first ">"), where a twin
    fails the stricter pattern fails too, and both scans go alike to the same text. Otherwise the
    patterns themselves are run.

    >>> _untagged("<td class=x>a<b>b</b></td><tr>"), _untagged("<td title='a<b'>x</td>")
    (' ab  ', "<td title='ax ")
    """
    spaced, spaces = _SPACE_TAG_FAST.subn(space, lowered)
    stripped, others = _ANY_TAG_FAST.subn("", spaced)
    if spaces + others == lowered.count("<") and "<" not in stripped:
        return stripped
    return _ANY_TAG.sub("", _SPACE_TAG.sub(space, lowered))


def _sup_text(match: re.Match[str]) -> str:
    """A ``<sup>`` as the parser reads it: a footnote marker as a space, other text as it is;
    left as it is, for `table_text` to refuse, when it holds a tag that may end it or another
    ``<sup>`` (libxml2 may close it sooner than its end tag), or a marker with a letter (a
    marker in lower case, "(b)", is one the parser drops; in upper case it is text, and the
    case is lost here).

    >>> table_text("<td>a<sup>1</sup>b<sup>th</sup></td>"), table_text("<td>a<sup>(b)</sup></td>")
    ('a bth', None)
    """
    inner = match.group(1)
    if _NOT_INLINE.search(inner):
        return match.group(0)
    mark = html.unescape(_ANY_TAG.sub("", inner))
    if not is_footnote_mark(mark):
        return inner
    return match.group(0) if re.search("[a-z]", mark) else " "


def _unsure(lowered: str) -> bool:
    """Whether the table holds what `table_text` cannot follow and has not refused already."""
    return "header" in lowered or _UNSEEN.search(lowered) is not None or _BETWEEN_CELLS.search(lowered) is not None


def _folded(text: str) -> str:
    """Lower case, with the four letters `re.I` also matches to ASCII ones taken as those."""
    if not text.isascii() and any(letter in text for letter in _FOLD_LETTERS):
        text = text.translate(_FOLD)
    return text.lower()


_FOLD_LETTERS = "\u0130\u0131\u017f\u212a"
_FOLD = str.maketrans(dict(zip(_FOLD_LETTERS, "iisk")))


def _visible(text: str) -> str:
    """Without zero-width spaces, non-breaking spaces as spaces (`grid.normalize_space`)."""
    if text.isascii():
        return text
    return text.replace("\u200b", "").replace("\ufeff", "").replace("\xa0", " ")


class _Alternatives:
    """Case-insensitive patterns as their alternatives in lower case, for folded text (`_folded`):
    each searched only where its longest literal is (a plain substring, found at once), which
    every match of it holds.

    >>> pattern = r"\\bRICs?\\b|investment\\s+compan(?!y)|other\\s+(?:managed\\s+)?accounts?"
    >>> words = _Alternatives(re.compile(pattern, re.I))
    >>> [(stem, part.pattern) for stem, part in words.parts]  # doctest: +NORMALIZE_WHITESPACE
    [('ric', '\\\\brics?\\\\b'), ('investment', 'investment\\\\s+compan(?!y)'),
     ('account', 'other\\\\s+(?:managed\\\\s+)?accounts?')]
    >>> words.search("two rics"), words.search("other managed accounts"), words.search("price")
    (True, True, False)
    """

    def __init__(self, *patterns: re.Pattern[str]):
        sources = [part for pattern in patterns for part in alternatives(pattern.pattern)]
        assert not any(re.search(r"\\[A-Z]|\[[^]]*[A-Z]", source) for source in sources), sources
        self.parts = [(_longest_literal(source.lower()), re.compile(source.lower())) for source in sources]
        # a part that opens with \b is first searched without it (`folding._led_search`): "\bpool\b",
        # "\brics?\b" gave the engine no letter to skip to, ~0.35 ms over a 485BPOS's tables
        self.wider = [re.compile(source.lower()[2:]) if source.startswith(r"\b") else None for source in sources]

    def search(self, folded: str) -> bool:
        return any(stem in folded and (part.search(folded) if wider is None else _led_search(wider, part, folded))
                   for (stem, part), wider in zip(self.parts, self.wider))


def _longest_literal(alternative: str) -> str:
    """The longest run of letters every match of an alternative holds: outside its groups and
    character classes, not cut by an escape, a letter made optional or repeated taken out.

    >>> _longest_literal(r"other\\s+(?:advisory\\s+)?accounts?\\b"), _longest_literal(r"\\brics?\\b")
    ('account', 'ric')
    """
    runs, run, depth, index = [], "", 0, 0
    while index < len(alternative):
        char, following = alternative[index], alternative[index + 1:index + 2]
        if char.isalpha() and char.isascii() and depth == 0 and following not in ("?", "*", "{"):
            run += char
        else:
            runs.append(run)
            run = ""
            depth += {"(": 1, ")": -1}.get(char, 0)
            index += char in "\\["  # an escape's letter, a class (no letters counted in it)
            if char == "[":
                index = alternative.index("]", index + 1)
        index += 1
    return max(runs + [run], key=len)


_CATEGORIES = [_Alternatives(pattern) for _, pattern in CATEGORY_PATTERNS]
_OWNERSHIP = _Alternatives(OWNERSHIP_WORDS)
# COUNT ("number", "no.", "#", "count") in lower case: `re.I` leaves the engine no letter to skip to, and
# COUNT.search took ~0.05 ms on a table of contents' text
_COUNT = _Alternatives(COUNT)


def certainly_gives_figures(table_html: str) -> bool:
    """A shortcut the other way, taken after `may_give_figures` says "may": whether the table
    looks so much like an other-accounts table that the region scan takes it as giving figures
    without parsing it (the parse of the one such table of a real 485BPOS costs ~4 ms). Its
    text (`table_text`) names two account categories, and its heading (the rows above the first
    that may hold a value, `_heading`) a count and assets ("Number of Accounts | Total Assets")
    and no trustees.

    This is not a sound test and need not be one: a wrong "yes" only makes the scan keep the
    reach around a table that gives nothing, more text than needed, and the focused parse still
    equals the whole one (the scan takes it only beside a place read in full that gives figures,
    `regions._evidence`; alone, the table is parsed after all). On every table of the fixtures and of the real corpus that the first
    test passes, it never said yes where the parse found nothing (`tests/test_table_evidence.py`
    holds it on the fixtures), and it says yes to half of them (the accounts tables).

    >>> certainly_gives_figures("<table><tr><td></td><td>Number of Accounts</td><td>Total Assets</td></tr>"
    ...     "<tr><td>Registered Investment Companies</td><td>3</td><td>$1.2 billion</td></tr>"
    ...     "<tr><td>Other Pooled Investment Vehicles</td><td>None</td><td>None</td></tr></table>")
    True
    >>> certainly_gives_figures("<table><tr><td>(a)</td><td>Trust instrument. No. 12 filed for registered "
    ...     "investment companies and pooled trusts, whose assets ...</td></tr></table>")
    False
    """
    lowered, text = _read(table_html)
    if text is None or sum(1 for category in _CATEGORIES if category.search(text)) < 2:
        return False
    heading, _ = _heading_and_row(lowered)
    return _COUNT.search(heading) and ASSETS.search(heading) is not None \
        and _NOT_MANAGERS.search(heading) is None


def _may_read_accounts(text: str, lowered: str) -> bool:
    """`accounts_grid.read_accounts_grid` may give a reading: the table may name the categories
    (`_may_name_accounts`) and hold a figure or a statement of figures (`_may_hold_figures`)."""
    return _may_name_accounts(text) and _may_hold_figures(text, lowered)


def _may_name_accounts(text: str) -> bool:
    """`accounts_grid.may_hold_accounts` may say yes: two categories named, or one and COUNT,
    or COUNT and headings cut short."""
    named = sum(1 for category in _CATEGORIES if category.search(text))
    if named >= 2:
        return True
    if not _COUNT.search(text):
        return False
    cells = f" {text} "
    return named == 1 or (_CUT_SHORT[0].search(cells) is not None and _CUT_SHORT[1].search(cells) is not None)


def _may_hold_figures(text: str, lowered: str) -> bool:
    """Whether the other-accounts reader may find its first row of data, without which it gives
    nothing (`accounts_grid.read_accounts_grid` returns None when `_first_data_row` finds none).

    Why "no" is certain. A reading is given only with a slot or a problem, and each comes from a
    row of data that holds a figure (a cell whose kind, `accounts_grid._cell_kind`, is a figure
    or a null: the figure rows, their problems, the amounts `_finish` drops) or a cell stating
    figures in prose (`accounts_grid._states_figures`, `_prose_cells`: a line that
    `tokens.read_cell_statement` reads). So the reader needs one of these:

    - a line stating figures: after its first colon (`tokens._LINE`) "none", "no account(s)" or
      a count then "account(s)" within four words (`tokens._COUNTED`). A line is a run of the
      table's text (`table_text`, white space folded, cells joined by spaces: the words after a
      line's end only follow it), so `_STATEMENT` finds it there.
    - a cell text of the kind figure or null. The texts the reader asks the kind of are the
      runs of a cell's text that begin where the cell begins, at a line's start, or where the
      cell's bold part ends (`accounts_grid._expand`: the cell, its lines, lines joined, the rest
      of `_split_bold_name`), and each such text is a figure or a null only when it begins (past
      white space, zero-width spaces and the quotes `strip_marks` takes off) with what every
      such kind begins with (`_FIGURE_START`: a figure, "$", "(" before a figure, "." before a
      figure, a dash, "_" or "[" of a blank, or the "n" of "n/a", "na", "not applicable",
      "none", "nil", "no" -- each asked with its next character, or the end of the line, in case
      `_table_lines` ends one the parser goes on with). `_table_lines` starts a line wherever
      the parser starts a cell or a line, so `_LINE_FIGURE` finds every start of the first
      kind; the bold part ends anywhere in its cell's first line (it is a prefix of the text,
      `_split_bold_name`), so a cell that may hold bold (`_MAY_BOLD`: a ``<b>`` or ``<strong>``,
      a tag with "bold" or "700", spaced out, or a reference) is searched all along.

    A table inside the table is taken as may. Text `table_text` cannot follow never comes here
    (the first test says "may" to it at once), nor does text between cells (`_unsure`).

    >>> _may_hold_figures("registered investment companies", "<table><tr><td>(a)</td><td>"
    ...                   "trust instrument no. 12 for registered investment companies</td></tr></table>")
    False
    >>> [_may_hold_figures("", f"<table><tr><td>rics</td><td>{cell}</td></tr></table>")
    ...  for cell in ("<p>item<br>3</p>", "(<b>$</b>1.2)", "<b>ann roe</b> item 3", "&#8220;n/a")]
    [True, True, True, True]
    >>> _may_hold_figures("rics: 3 other accounts", "<table><tr><td>rics</td></tr></table>")
    True
    """
    if _STATEMENT.search(text):
        return True
    lines = _table_lines(lowered)
    if lines is None or _LINE_FIGURE.search(lines):
        return True
    if not _MAY_BOLD.search(lowered):
        return False
    for cell in _CELL_START.split(lowered)[1:]:
        if _MAY_BOLD.search(cell) and ((lines := _lines(_cell_content(cell))) is None or _FIGURE_START.search(lines)):
            return True
    return False


@per_document(maxsize=4)  # asked by the two readers' tests of one table
def _table_lines(lowered: str) -> str | None:
    """`_lines` of a table."""
    return _lines(lowered)


def _lines(lowered: str) -> str | None:
    """The table's text as `table_text` reads it, white space kept, and a line break for every
    tag that starts or ends a line or a cell (`_SPACE_TAG`) and at its start: every line of every
    cell as the parser breaks them (`grid.cell_text`: line tags, and the source's line breaks,
    which `grid.normalize_space` keeps), or cut more often, starts after a line break here (a
    pattern led by "\\n" is searched fast). None when it cannot be followed (as `table_text`),
    or a table is inside the table.

    >>> _lines("<td><p>item 30.</p>\\n<span>(</span><b>5</b>)&#10;&nbsp;&quot;none<sup>1</sup></td>")
    '\\n\\n\\nitem 30.\\n\\n(5)\\n "none \\n'
    """
    if lowered.count("<table") > 1:
        return None
    if "<sup" in lowered:
        lowered = _SUP.sub(_sup_text, lowered)
        if "<sup" in lowered:
            return None
    text = _untagged(lowered, "\n")
    if "<" in text or ">" in text:
        return None
    if "&" in text or not text.isascii():
        text = _folded(_visible(html.unescape(text)))
    return "\n" + text.replace("\r", "")


# what a cell of the kind figure or null begins with (`accounts_grid._cell_kind`: `values.parse_money`,
# `accounts_grid._as_figure`, `tokens.split_packed`, `accounts_grid.typed_count`, the null words and
# `values.is_placeholder`), each with what may follow it; "$" (the end) where a line may go on
_FIGURE_START = re.compile(r"\d|\$\s*(?:[\d._\[]|$)|\(\$?\s*(?:\d|$)|\.(?:\d|$)|[-_\[\u2013\u2014]"
                           r"|n(?:/|\.|a(?![a-z])|o(?:t(?![a-z])|ne|(?![a-z]))|il(?![a-z])|$)", re.MULTILINE)
# at a line's start, past white space and quotes (`accounts_grid.strip_marks`; zero-width spaces are gone with
# `_visible`): the first character of a figure is neither, and only these stand before it
_LINE_FIGURE = re.compile(rf"\n[\s\u201c\u201d\"]*(?:{_FIGURE_START.pattern})", re.MULTILINE)
# a cell that may hold bold (`grid._is_bold`: b, strong, or a style with "bold" or "font-weight:700" once
# spaces are taken out and references decoded), asked of a cell from past its "<td" (its own start tag, at ^, too)
_MAY_BOLD = re.compile(r"<(?:b|strong)\b|(?:^|<)[^<>]*(?:b *o *l *d|7 *0 *0|&)")
# a line stating figures (`tokens.read_cell_statement`): past a colon, "none", "no account", or a count
# and "account(s)" within four words (`tokens._COUNTED`)
_STATEMENT = re.compile(r":\s*(?:none|no\s+account|(?:\d[\d,]*|no|none|one|two|three|four|five|six|seven|eight|nine"
                        r"|ten)\s+(?:\w+\s+){0,3}?accounts?\b)")


def _cut_short(name: str) -> re.Pattern[str]:
    """A run of text that is nothing but the start of ``name``, between spaces (every cell is).

    >>> bool(_cut_short("other accounts").search(" x oth y ")), bool(_cut_short("other accounts").search(" others "))
    (True, False)
    """
    words = name.split()
    pattern = ""
    for word in reversed(words[1:]):
        pattern = f"(?: {_prefix(word)}{pattern})?"
    return re.compile(f"(?<= ){_prefix(words[0])}{pattern}(?= )")


def _prefix(word: str) -> str:
    """A pattern for a word or any start of it (a whole word when more follows)."""
    pattern = ""
    for letter in reversed(word[1:]):
        pattern = f"(?:{re.escape(letter)}{pattern})?"
    return re.escape(word[0]) + pattern


_CUT_SHORT = [_cut_short(name) for _, name in CATEGORY_NAMES]


def _may_read_ownership(text: str, lowered: str, tail: str) -> bool:
    """`ownership_grid.read_ownership_grid` may read: an ownership word stands in the table, in
    the lead-in's last 300 characters (``tail``, folded), or across the two ("value of | fund
    shares"), and a cell may hold a value (`_may_hold_values`); or a row may hold three dollar
    ranges under a first row that names no trustees."""
    heading, first_values = _heading_and_row(lowered)
    if _NOT_MANAGERS.search(heading):
        return False  # every reading is a trustees' (or a notional) one: its heading holds these rows
    if _OWNERSHIP.search(text) or _OWNERSHIP.search(tail) or (_VALUE_GOES_ON.match(tail) and "value" in text):
        return _may_hold_values(lowered)
    if _NOT_MANAGERS.search(_with_row(heading, first_values)):
        return False  # a table with mark columns is read as trustees' (or notional): its heading holds these rows
    return _may_mark_ranges(lowered)  # (three cells that are ranges: values, `_may_hold_values` says yes)


_NOT_MANAGERS = re.compile(f"{TRUSTEE_WORDS.pattern}|{NOTIONAL.pattern}", re.IGNORECASE)


def _may_hold_values(lowered: str) -> bool:
    """Whether a line of a cell may be an ownership value, without which the ownership reader
    reads nothing.

    Why "no" is certain. Without mark columns (a row of three cells that are dollar ranges,
    `ownership_grid.is_range_label`), the heading of `read_ownership_grid` runs down to the
    first row with a value (`ownership_grid._is_value`), and to the table's end when there is
    none: then no row is read, and the reading, if any, is a trustees' or a notional one, or
    None. A value, and a range heading a mark column, is a cell's text, its lines one by one or
    joined (`_value_lines`), that past white space and quotes (`_value_text`) begins as every
    dollar range, "$0", "none", a legend's letter (A to H) or a check mark begins
    (`_VALUE_START`, with what may follow, or the end of a line the parser may go on with:
    `_table_lines` breaks at least where the parser does).

    >>> _may_hold_values("<table><tr><td>(a)</td><td>item 30. indemnification, owned by no. 12</td></tr></table>")
    False
    >>> [_may_hold_values(f"<table><tr><td>name</td><td>{cell}</td></tr></table>")
    ...  for cell in ("<p>overview</p>", "b", "&#36;1-$10", "&ldquo;n<b>one</b>", "in<br>excess of $1")]
    [False, True, True, True, True]
    """
    lines = _table_lines(lowered)
    return lines is None or _LINE_VALUE.search(lines) is not None


def _whole_or_cut(*words: str) -> str:
    """A pattern for any of ``words`` at a line's start, whole (no letter after it), or cut
    short by the line's end.

    >>> [bool(re.match(_whole_or_cut("none"), text)) for text in ("none1", "no", "nonexistent", "nob")]
    [True, True, False, False]
    """
    return "|".join(f"{word}(?![a-z])|{_prefix(word)}$" for word in words)


# how an ownership value begins (`values._RANGE_FORMS`, "$0", "none", `ownership_grid._LETTER`,
# `text_ownership.CHECK_MARK`; "\u2212" is read as "-")
_VALUE_START = re.compile(r"[\d$,*\-\u2013\u2014\u2212\u2713\u2714\u221a]|[a-h](?![a-z])|x(?![a-wyz])|"
                          + _whole_or_cut("none", "nil", "between", "over", "more", "above", "greater", "in",
                                          "exceeding"))
# at a line's start, past white space and the quotes `ownership_grid._value_text` and `strip_marks` take off
_LINE_VALUE = re.compile(rf"\n[\s\u201c\u201d\"']*(?:{_VALUE_START.pattern})", re.MULTILINE)


def _heading(lowered: str) -> tuple[str, str]:
    """The text of the rows every ownership reading takes as its heading: the rows above the
    first that may hold a value (`_may_be_value`), and the same with that row (a table with
    mark columns: the row of ranges closes its heading). Empty when a cell comes before the
    first row or a table is inside the table.

    >>> _heading("<table><tr><td></td></tr><tr><th>trustee</th><th>fund</th></tr><tr><td>x</td><td>c</td></tr>"
    ...          "<tr><td>y</td></tr></table>")
    ('  trustee fund', '  trustee fund x c')
    """
    heading, first_values = _heading_and_row(lowered)
    return heading, _with_row(heading, first_values)


def _heading_and_row(lowered: str) -> tuple[str, list[str] | None]:
    """`_heading`'s heading, and the raw cells of the first row that may hold a value, whose
    text (`_with_row`) is worked out only when asked (a trustees' table is known from its
    heading alone, and its first values are its long biographies). The heading ends above the
    first row with a cell whose text cannot be followed (None) or that may hold a value; which
    of the two, for the row's other cells, is left to `_with_row`."""
    rows = _ROW_START.split(lowered)
    if _CELL_START.search(rows[0]) or lowered.count("<table") > 1:
        return "", None
    heading = ""
    for row in rows[1:]:
        raw_cells = _CELL_START.split(row)[1:]
        cells = []
        for cell in raw_cells:
            text = table_text(_cell_content(cell))
            if text is None:
                return heading, None
            if _may_be_value(text):
                return heading, raw_cells
            cells.append(text)
        heading = f"{heading} {' '.join(cells)}"
    return heading, None


def _with_row(heading: str, raw_cells: list[str] | None) -> str:
    """The heading with the text of the first row that may hold a value, if there is one and
    every cell of it can be followed; else the heading.

    >>> _with_row(" name", [">x</td>", ">none</td>"]), _with_row(" name", [">x</td>", ">a<b</td>"])
    (' name x none', ' name')
    """
    if raw_cells is None:
        return heading
    cells = [table_text(_cell_content(cell)) for cell in raw_cells]
    return heading if None in cells else f"{heading} {' '.join(cells)}"


def _reads_as_text(lowered: str) -> bool:
    """Whether the parser certainly reads the table as paragraphs (`html_document._is_text_table`:
    one cell with text in every row, or a footnote's marker and its note), not as a grid. No
    when a row has more than two cells, a cell comes before the first row, a table is inside
    the table, or a cell's text cannot be followed.

    >>> _reads_as_text("<table><tr><td>(1)</td><td>" + "the ranges are: none; $1-$10,000. " * 3 + "</td></tr></table>")
    True
    >>> _reads_as_text("<table><tr><td>name</td><td>none</td></tr></table>")
    False
    """
    rows = _ROW_START.split(lowered)
    if _CELL_START.search(rows[0]) or lowered.count("<table") > 1 \
            or any(row.count("<td") + row.count("<th") > 2 for row in rows[1:]):
        return False
    pairs = long_note = False
    for row in rows[1:]:
        cells = [table_text(_cell_content(cell)) for cell in _CELL_START.split(row)[1:]]
        if None in cells:
            return False
        filled = [cell for cell in cells if cell]
        if len(filled) == 2 and len(filled[0]) > 6:
            return False  # neither one cell a row, nor a marker and its note
        pairs = pairs or len(filled) == 2
        long_note = long_note or (bool(filled) and len(filled[-1]) > 60)
    return not pairs or long_note


def certainly_a_grid(table_html: str) -> bool:
    """Whether the parser certainly reads the table as a grid (a `TablePart`, whose cells make
    no paragraph), not as paragraphs: it holds no table (a layout table's blocks are read as
    paragraphs, `html_document.html_parts`), everything in it can be followed (`table_text`,
    `_unsure`), and a row has three cells with text, or two whose first holds more than six
    characters, so `html_document._is_text_table` says no (its rows of one cell, or of a marker
    and its note). A cell's text here is the grid's flat text up to case (`table_text`: white
    space folded alike, `_folded` keeps the length), and a cell with its own tag is no copy.

    >>> certainly_a_grid("<table><tr><td>Item 31.</td><td>Quill (the &quot;Adviser&quot;) is the adviser.</td></tr></table>")
    True
    >>> certainly_a_grid("<table><tr><td>(a)</td><td>Quill (the &quot;Adviser&quot;) is the adviser.</td></tr></table>")
    False
    """
    lowered, text = _read(table_html)
    if text is None or lowered.count("<table") > 1 or _unsure(lowered):
        return False
    for row in _ROW_START.split(lowered)[1:]:
        cells = [table_text(_cell_content(cell)) for cell in _CELL_START.split(row)[1:]]
        filled = [cell for cell in cells if cell]  # (a cell that cannot be followed counts as empty)
        if len(filled) >= 3 or (len(filled) == 2 and len(filled[0]) > 6):
            return True
    return False


def _may_be_value(text: str) -> bool:
    """Whether a cell's text may hold what the ownership reader takes for a value
    (`ownership_grid._is_value`: a line that is a dollar range, "none", "$0", a legend's letter A
    to H or a check mark), which may make its row the first of the data. Its lines are not
    known here (a line break is a space in the text), so: whether a run of its words could make
    such a line, every word one a range may hold (`RANGE_WORDS`, figures, marks: a word glued
    to a footnote's figure is no range word) and one of them a figure, a dash, "none", "nil", a
    letter or a mark.

    >>> _may_be_value("dollar range of fund shares1"), _may_be_value("c"), _may_be_value("over $1 million")
    (False, True, True)
    >>> _may_be_value(""), _may_be_value("x x"), _may_be_value("name of trustee")
    (False, True, False)
    """
    if _VALUE_WORD.search(text) is None:  # no word of it holds one: only a mark's word may be a value
        return _MARK_WORD.search(text) is not None
    return any(_VALUE_WORD.search(token) or _MARK_LETTERS.fullmatch(_NOT_LETTER.sub("", token))
               for run in _range_runs(text) for token in run)


def _range_runs(text: str) -> list[list[str]]:
    """The runs of words a dollar range may be made of.

    >>> _range_runs("aggregate over $100,000 in all funds")
    [['over', '$100,000', 'in']]
    """
    runs: list[list[str]] = [[]]
    for token in text.split():
        letters = _NOT_LETTER.sub("", token)
        if letters in RANGE_WORDS or _MARK_LETTERS.fullmatch(letters):
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


# the words a dollar range may hold (`values._RANGE_FORMS`; a test holds them all here)
RANGE_WORDS = frozenset(("", "none", "nil", "between", "to", "through", "and", "over", "more", "than", "above",
                         "greater", "in", "excess", "of", "exceeding", "or", "million", "mil", "mm", "m"))
_NOT_LETTER = re.compile(r"[^a-z\u2713\u2714\u221a]+")
_MARK_LETTERS = re.compile(r"[a-h]|x+|[\u2713\u2714\u221a]")  # a legend's letter, a check mark
_VALUE_WORD = re.compile(r"\d|none|nil|[-\u2013\u2014\u2212*]")
# A word (a run of characters between white space, as str.split cuts: the pattern's \s is the same
# set) whose letters (`_NOT_LETTER` taken out) `_MARK_LETTERS` takes whole: one letter a to h or
# one check mark, or x's, with anything but letters around and between. `_may_be_value` asks it
# of a text without `_VALUE_WORD`: then a word is in a run and counts exactly when it is this.
_OTHER = r"[^a-z\u2713\u2714\u221a\s]*"
_MARK_WORD = re.compile(rf"(?<!\S){_OTHER}(?:[a-h\u2713\u2714\u221a]|x(?:{_OTHER}x)*){_OTHER}(?!\S)")


def _cell_content(cell: str) -> str:
    """A cell's content, from its raw text past ``<td`` (or ``<th``) up to the next cell.

    >>> _cell_content(' class="x"><b>none</b></td></tr>')
    '<b>none</b>'
    """
    content = cell[cell.find(">") + 1:]
    end = _CELL_END.search(content)
    return content[:end.start()] if end else content


def _may_mark_ranges(lowered: str) -> bool:
    """Whether a row may hold three cells that are dollar ranges (a cell spanning columns counts
    once for each); a cell spanning rows, or a table inside the table, is taken as may."""
    if "rowspan" in lowered or lowered.count("<table") > 1:
        return True
    for row in _ROW_START.split(lowered):
        if row.count("<t") < 3 and "colspan" not in row:  # fewer than three cells: none can
            continue
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


def _span(value: str) -> int:
    """A span attribute's value as the grid caps it, or more: a plain number (int() reads "+3"
    too), else the largest span (a value whose figures are written as references, "1_0", a
    thousand digits: never less than the grid's reading, never raising).

    >>> _span("3"), _span("+3"), _span("1_0"), _span("&#51;"), _span("9" * 5000), _span("0")
    (3, 3, 50, 50, 50, 1)
    """
    return max(1, min(int(value), MAX_SPAN)) if _PLAIN_NUMBER.fullmatch(value) else MAX_SPAN


_PLAIN_NUMBER = re.compile(r"\+?\d{1,4}")


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
    content = _cell_content(cell)
    if "<sup" in content:
        return _MAY_BE_RANGE.search(html.unescape(_ANY_TAG.sub("", content))) is not None
    text = _ANY_TAG.sub("", _LINE_TAG.sub(" ", content))
    text = _visible(html.unescape(text) if "&" in text else text)
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
    span = max(map(_span, _SPAN.findall(lowered)), default=1) if "span" in lowered else 1
    tags = lowered.count("<t")  # each "<td", "<th", "<tr" is one: a bound on cells and on rows, asked first
    if _too_large(tags, tags, span, limits):
        cells = lowered.count("<td") + lowered.count("<th")  # (and "<thead": more is safe)
        if _too_large(cells, lowered.count("<tr") + cells, span, limits):
            return False
    return _shallow(lowered) or _shallow_but_for_pairs(lowered) \
        or nesting_depth(lowered, stop_above=PARSER_DEPTH // 2) <= PARSER_DEPTH // 2


def _too_large(cells: int, rows: int, span: int, limits: Limits) -> bool:
    """Whether a table of at most this many rows and cells, none spanning more than ``span``, may
    be past the limits (each bound only grows with its numbers: larger bounds say yes sooner).

    >>> _too_large(10, 10, 1, DEFAULT_LIMITS), _too_large(200, 200, 3, DEFAULT_LIMITS)
    (False, True)
    """
    return rows >= limits.table_rows or span * cells * rows + cells * span * span >= limits.table_cells


# an element closed at once: its start tag, text alone, its own end tag ("<span x=y>12</span>"); not
# a void element (counted apart) nor one whose end tag libxml2 ignores (html, head, body)
_CLOSED_AT_ONCE = re.compile(r"<(?!(?:br|img|hr|col|wbr|input|meta|link|html|head|body)[\s/>])([a-z][a-z0-9]*)"
                             r"(?=[\s/>])[^<>]*>[^<]*</\1\s*>")


def _shallow_but_for_pairs(lowered: str) -> bool:
    """`_shallow`'s bound, taking the elements closed at once (`_CLOSED_AT_ONCE`) as one: such an
    element holds no other (no tag stands between its start and end tags), and its end tag
    closes it (it is the element open last; at most it was never opened), so at most one of
    them is open at a time, above the other elements. A table of contents, a span and a paragraph
    around each entry, nests far less deep than its start tags number (asked before the
    estimate, `html_tree.nesting_depth`: ~0.07 ms instead of ~0.4 on a 14 KB one).

    >>> table = "<table>" + "<tr><td><p><span>x</span></p></td></tr>" * 64 + "</table>"
    >>> _shallow(table), _shallow_but_for_pairs(table)
    (False, True)
    >>> _shallow_but_for_pairs("<table>" + "<td><br>x</br><body>y</body>" * 130 + "</table>")
    False
    """
    starts = lowered.count("<") - lowered.count("</") - len(_VOID_START.findall(lowered))
    return starts - len(_CLOSED_AT_ONCE.findall(lowered)) + 1 + _IMPLIED < PARSER_DEPTH


def _shallow(lowered: str) -> bool:
    """Whether the table's start tags, each opening one element at most, are too few to nest
    past libxml2's depth: counted first with the elements that hold nothing (`_VOID_START`)
    among them, which bound the count from above (searched for only when that bound is not
    low enough already).

    >>> _shallow("<table><tr><td>x<br></td></tr></table>"), _shallow("<table>" + "<br>" * 300 + "</table>")
    (True, True)
    >>> _shallow("<div>" * 300)
    False
    """
    starts = lowered.count("<") - lowered.count("</")
    if starts + _IMPLIED < PARSER_DEPTH:
        return True
    return starts - len(_VOID_START.findall(lowered)) + _IMPLIED < PARSER_DEPTH
