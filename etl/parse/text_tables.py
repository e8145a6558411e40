"""Fixed-width tables of EDGAR plain-text documents (``<TABLE>`` ... ``</TABLE>``).

EDGAR's ``<S>``/``<C>`` tags mark where columns start, but filers' typists rarely kept them in
step with the text, so columns are found from the text itself: a column is a run of character
positions that some row uses, separated from the next by a gutter of at least two positions that
every row leaves blank. Header text is then hung on the columns it sits over, which copes with
headings wrapped over several lines ("Number" / "of" / "Accounts") and with group headings
spanning several columns. No library reads this format; hence this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.parse.tokens import looks_like_typed_count, read_cell_statement, split_packed
from etl.parse.values import looks_like_figure

_RULE = re.compile(r"^[\s\-=_+*|.]*$")
_TAG = re.compile(r"</?(?:S|C|CAPTION|FN|F\d+)>", re.IGNORECASE)
_TOKEN = re.compile(r"\S+(?: \S+)*")  # words joined by single spaces


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, in the document
    text: str


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int  # exclusive

    @property
    def center(self) -> float:
        return (self.start + self.end) / 2


@dataclass
class Block:
    """Consecutive lines between rules or blank lines: one table row, or a band of header."""

    lines: list[Line]

    @property
    def first_line(self) -> int:
        return self.lines[0].number

    @property
    def last_line(self) -> int:
        return self.lines[-1].number

    @property
    def raw_text(self) -> str:
        return "\n".join(line.text.rstrip() for line in self.lines)


@dataclass
class SgmlTable:
    start_line: int
    end_line: int
    caption: list[Line] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    @property
    def line_count(self) -> int:
        """Lines of text in the table (its caption and blocks): the most rows it can have."""
        return len(self.caption) + sum(len(block.lines) for block in self.blocks)

    @property
    def caption_text(self) -> list[str]:
        """The caption's lines with white space folded."""
        return [" ".join(line.text.split()) for line in self.caption]


def tokens(text: str) -> list[Token]:
    """Phrases of a line separated by two or more spaces, with their positions.

    >>> [t.text for t in tokens("David           19     $15.7")]
    ['David', '19', '$15.7']
    """
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def is_rule(text: str) -> bool:
    return bool(text.strip()) and bool(_RULE.match(text))


_LEADERS = re.compile(r"\.{3,}")


def _untag(text: str) -> str:
    """Tags and dotted leaders ("John Smith ......  4") become spaces of the same width, so
    the columns stay where they were."""
    text = _TAG.sub(lambda m: " " * len(m.group(0)), text.expandtabs())
    return _LEADERS.sub(lambda m: " " * len(m.group(0)), text)


_TABLE_OPEN = re.compile(r"^\s*<TABLE>", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"^\s*</TABLE>", re.IGNORECASE)


def find_sgml_tables(lines: list[str]) -> list[SgmlTable]:
    """Every ``<TABLE>`` of a plain-text document, its caption and its blocks of lines."""
    tables: list[SgmlTable] = []
    index = 0
    while index < len(lines):
        if "<" not in lines[index] or not _TABLE_OPEN.match(lines[index]):
            index += 1
            continue
        start = index
        end = start + 1
        while end < len(lines) and not _TABLE_CLOSE.match(lines[end]):
            end += 1
        tables.append(_read_table(lines, start, min(end, len(lines) - 1)))
        index = end + 1
    return tables


def _read_table(lines: list[str], start: int, end: int) -> SgmlTable:
    table = SgmlTable(start_line=start + 1, end_line=end + 1)
    body_start = start + 1
    if body_start <= end and re.match(r"^\s*<CAPTION>", lines[body_start], re.IGNORECASE):
        row = body_start + 1
        while row < end and not re.search(r"<S>", lines[row], re.IGNORECASE):
            text = _untag(lines[row])
            if text.strip() and not is_rule(text):
                table.caption.append(Line(row + 1, text.rstrip()))
            row += 1
        body_start = row
    current: list[Line] = []
    for row in range(body_start, end + 1):
        raw = lines[row]
        if re.match(r"^\s*(?:</?TABLE>|<PAGE>)", raw, re.IGNORECASE):
            continue
        tag_only = re.fullmatch(r"(?:\s*<[SC]>)+\s*", raw, re.IGNORECASE)
        text = _untag(raw)
        if tag_only or not text.strip() or is_rule(text):
            if current:
                table.blocks.append(Block(current))
                current = []
            continue
        current.append(Line(row + 1, text.rstrip()))
    if current:
        table.blocks.append(Block(current))
    return table


def is_figure_block(block: Block) -> bool:
    """A block whose lines hold at least two figures (counts or amounts) is a data row."""
    return any(figure_count(line) >= 2 for line in block.lines)


def figure_count(line: Line) -> int:
    """Figures on a line; a cell packing a count and its assets ("3/$1.2 billion", "Mutual Funds:
    4 accounts, $980.5 million") counts two."""
    return sum(2 if split_packed(token.text) or read_cell_statement(token.text) else
               looks_like_figure(token.text) or looks_like_typed_count(token.text) for token in tokens(line.text))


def column_spans(lines: list[Line], min_gutter: int = 2) -> list[tuple[int, int]]:
    """Column positions shared by ``lines``: runs of used positions split by blank gutters.

    >>> column_spans([Line(1, "David   19   $15.7"), Line(2, "Dreman       billion")])
    [(0, 6), (8, 10), (13, 20)]
    """
    width = max((len(line.text) for line in lines), default=0)
    used = [False] * width
    for line in lines:
        for position, char in enumerate(line.text):
            if not char.isspace():
                used[position] = True
    spans: list[tuple[int, int]] = []
    for position, is_used in enumerate(used):
        if not is_used:
            continue
        if spans and position - spans[-1][1] < min_gutter:
            spans[-1] = (spans[-1][0], position + 1)
        else:
            spans.append((position, position + 1))
    return spans


def split_rows(block: Block) -> list[Block]:
    """A block holding several figure lines is several rows. A line without figures continues
    the row above it (units under amounts, a wrapped name), except a person's name alone on a
    line just above figures, which heads the rows below; lines above the first figures form a
    row of their own too (a manager's name heading his category rows)."""
    from etl.parse.names import looks_like_person  # names imports nothing from here

    strong = [line for line in block.lines if figure_count(line) >= 2]
    value_columns = {t.start for line in strong for t in tokens(line.text)[1:] if figure_count(Line(0, t.text))}

    def is_figure_line(line: Line) -> bool:
        """Two figures, or a label and one figure where the other rows have theirs ("Other
        Accounts      None" under "Registered Investment Companies      3/$1.2 billion")."""
        if figure_count(line) >= 2:
            return True
        words = tokens(line.text)
        return len(words) == 2 and words[0].start <= 2 and figure_count(Line(0, words[1].text)) == 1 \
            and any(abs(words[1].start - start) <= 2 for start in value_columns)

    # labels wrapped with a hanging indent, the figure on their last line: "Number of registered
    # investment" / "  companies managed / total assets      4 / $12,345,600,000"
    firsts = [(line, words[0]) for line in block.lines if (words := tokens(line.text))]
    margin = min((word.start for _, word in firsts), default=0)
    # (a continuation starts in lower case; an indented row under a heading starts with a capital)
    hanging = any(word.start > margin and word.text[:1].islower() and is_figure_line(line) for line, word in firsts)
    rows: list[list[Line]] = []
    labels: list[tuple[int, Line]] = []  # (position among rows, line): a row of its own
    prefix: list[Line] = []  # the first line of a row label wrapped with a hanging indent
    leading: list[Line] = []
    for index, line in enumerate(block.lines):
        if is_figure_line(line):
            rows.append(prefix + [line])
            prefix = []
            continue
        following = block.lines[index + 1] if index + 1 < len(block.lines) else None
        words = tokens(line.text)
        if hanging and words and (words[0].start <= margin or prefix):
            if words[0].start <= margin and prefix:  # the open label had no figure: a name or a title
                labels.extend((len(rows), label) for label in prefix)
                prefix = []
            prefix.append(line)
            continue
        following_words = tokens(following.text) if following is not None else []
        before_figures = rows and following is not None and is_figure_line(following) and len(words) == 1
        if before_figures and words[0].start <= 2 and looks_like_person(words[0].text):
            labels.append((len(rows), line))  # a person's name alone above the figures it heads
        elif before_figures and following_words and 0 < following_words[0].start - words[0].start <= 4 \
                and not looks_like_figure(following_words[0].text):
            prefix.append(line)  # "Number of Accounts Managed with" / "  Performance-Based ...  none"
        elif rows:
            rows[-1].append(line)
        else:
            leading.append(line)
    if not rows:
        return [block]
    out = [Block(leading)] if leading else []
    for position, lines in enumerate(rows):
        out += [Block([label]) for at, label in labels if at == position]
        out.append(Block(lines))
    return out
