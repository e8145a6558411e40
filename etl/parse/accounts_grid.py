"""Other accounts managed, read from any Grid whatever its layout.

Each figure in a table is given a meaning — manager, category, measure (count or assets) and
whether it is the performance-fee figure — from what labels it: the cell just left of it
(vertical key/value lists), its row's labels (a category per row, a metric per row, or the
manager), its column's headers, the rows above it (a manager's name on its own row, a category
row), and the table's surroundings (a heading naming the manager, a units phrase). This one
rule covers managers as rows, categories as rows, transposed tables and key/value lists, with
the vocabulary kept in pattern tables.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal

from etl.parse.folding import AnyOf
from etl.parse.grid import Cell, Grid, is_footnote_mark
from etl.parse.memo import per_document
from etl.parse.names import (
    PersonName,
    clean_person_text,
    lone_surname,
    looks_like_fund_name,
    looks_like_person,
    marked_surname,
    parse_person_name,
)
from etl.parse.records import Category, Span
from etl.parse.tokens import read_cell_statement, split_packed
from etl.parse.units import HAS_UNIT, join_unit_lines, unit_in_prose, unit_stated
from etl.parse.values import DigitsGroupedWrongly, is_placeholder, parse_count, parse_money

# "the Investment Company Act of 1940" is the statute, not a category (a facing page's
# "Registration Statement under the Investment Company Act ... Amendment No. 174 /X/")
CATEGORY_PATTERNS: list[tuple[Category, re.Pattern[str]]] = [
    (Category.REGISTERED_INVESTMENT_COMPANIES, re.compile(
        r"registered\s+investment(?!\s+advis)|investment\s+compan(?!y\s+act\b)|\bRICs?\b|sec-registered"
        r"|registered\s+(?:open|closed|mutual|funds)|mutual\s+funds", re.I)),
    (Category.OTHER_POOLED_INVESTMENT_VEHICLES, re.compile(r"pooled|\bpool\b|commingled|\bPIVs?\b", re.I)),
    (Category.OTHER_ACCOUNTS, re.compile(
        r"other\s+(?:advisory\s+|managed\s+|separately\s+managed\s+)?accounts?\b|separate\s+accounts|other\s+accts",
        re.I)),
]
COUNT = re.compile(r"\bnumber\b|\bno\.|#|\bcount\b", re.I)
ASSETS = re.compile(r"\bassets\b|\baum\b|\$", re.I)
PERFORMANCE = re.compile(r"perform|incentive|\bperf\.|\bfee[- ]based\s+accounts", re.I)
# "Non-Performance Based Fee Accounts", "accounts for which advisory fees are not based on the
# performance of the account": figures that leave the performance-fee accounts out
NON_PERFORMANCE = re.compile(
    r"non-?\s*performance|\bnot\s+(?:\w+\s+){0,3}based\s+(?:\w+\s+){0,2}on\s+(?:\w+\s+){0,3}performance"
    r"|other\s+than\s+performance|without\s+(?:an?\s+)?performance", re.I)
OWNERSHIP_COLUMN = re.compile(r"dollar\s+range|shares\s+owned|beneficial|ownership", re.I)
_FUND_WORDS = re.compile(r"\b(fund|portfolio|trust|series)\b", re.I)
_FIRM_WORDS = re.compile(r"\b(llc|l\.l\.c\.|inc\.?|l\.?p\.?|management|advis[eo]rs?|partners|capital"
                         r"|investments|asset)\b", re.I)
# (star runs are possessive: a long run of stars had every way of cutting it into runs of one to
# three tried, exponential in its length)
_GLUED_MARK = re.compile(r"(?:\s*\((?:\d{1,2}|[a-z])\)|\*{1,3}+|[\u2020\u2021]|(?<=[A-Za-z])\d{1,2}(?:,\d{1,2})*)+$")
# every match of it ends the text (``$`` also matches before a last line break) with one of these
# or a digit (``\d``, which `str.isdigit` takes too): a text ending otherwise has no glued mark
_MARK_ENDS = ")*\u2020\u2021\n"
# every character of a match is one of these, or white space or a digit beyond ASCII (``\s``, ``\d``)
_MARK_CHARS = " \t\n\r\f\v0123456789()*,\u2020\u2021abcdefghijklmnopqrstuvwxyz"


@dataclass
class TableContext:
    """What the surroundings of a table tell: the manager a heading names, a units phrase."""

    manager: str | None = None
    fund: str | None = None
    unit: Decimal | None = None
    lines_are_stacks: bool = False  # HTML: <br> stacks values; text: a second line continues one
    performance_only: bool = False  # titled as the performance-fee accounts only
    excludes_performance: bool = False  # introduced as the accounts NOT paying a performance fee
    footnotes: dict[str, str] = field(default_factory=dict)  # marker -> footnote text


@dataclass
class Slot:
    manager: PersonName
    manager_text: str
    fund: str | None
    category: Category
    values: dict[str, object] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    name_marks: set[str] = field(default_factory=set)  # footnote markers on the manager's name
    excludes_performance: bool = False  # num/assets count only accounts without a performance fee
    sources: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (row label, heading) read under


@dataclass
class AccountsReading:
    slots: list[Slot] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    header_marks: set[str] = field(default_factory=set)  # footnote markers in the column headings
    header_signature: tuple[str, ...] = ()  # the column headings, to recognise a continued table
    last_fund: str | None = None  # the fund of the last rows: a continuation goes on with it


@per_document(maxsize=16384)
def _last_category(text: str) -> Category | None:
    best, best_at = None, -1
    for category, pattern in CATEGORY_PATTERNS:
        for match in pattern.finditer(text):
            if match.start() > best_at:
                best, best_at = category, match.start()
    return best


@per_document(maxsize=16384)
def fee_basis(text: str) -> str | None:
    """Which accounts a label speaks of: those paying a performance fee, those that do not, or
    (None) all of them.

    >>> fee_basis("Number of Accounts Paying a Performance Fee"), fee_basis("Non-Performance Based Fee Accounts")
    ('performance', 'non_performance')
    >>> fee_basis("fees are not based on the performance of the account"), fee_basis("Total Assets")
    ('non_performance', None)
    """
    if NON_PERFORMANCE.search(text):
        return "non_performance"
    return "performance" if PERFORMANCE.search(text) else None


@per_document(maxsize=16384)  # asked of the same labels and headings for every figure of a table
def _measure(text: str) -> str | None:
    """The head noun decides: "Number of accounts with assets ..." is a count."""
    count, assets = COUNT.search(text), ASSETS.search(text)
    if count and (not assets or count.start() < assets.start()):
        return "count"
    if assets:
        return "assets"
    return None


@per_document(maxsize=65536)
def strip_marks(text: str) -> tuple[str, tuple[str, ...]]:
    """Footnote markers glued to a value or name: "18(9)" -> ("18", ("9",)).

    >>> strip_marks("18(9)"), strip_marks("$6,178.5(2)"), strip_marks("$4,003.6*")
    (('18', ('9',)), ('$6,178.5', ('2',)), ('$4,003.6', ('*',)))
    >>> strip_marks("Jane Roe, CFA3"), strip_marks("$1.5")
    (('Jane Roe, CFA', ('3',)), ('$1.5', ()))
    >>> strip_marks("*" * 40 + "x"), strip_marks("$2.5****")  # the first took hours
    (('****************************************x', ()), ('$2.5', ('****',)))
    >>> strip_marks("Item 32. Principal underwriters."), strip_marks("Roe3\\n\u201d")
    (('Item 32. Principal underwriters.', ()), ('Roe', ('3',)))
    """
    text = text.strip().strip("\u201d\u201c\"")
    if not text or not (text[-1] in _MARK_ENDS or text[-1].isdigit()):
        return text, ()  # a cheap first test, sound (`_MARK_ENDS`): a long prose cell is not searched
    match = _GLUED_MARK.search(text, _mark_tail(text))
    if not match or match.start() == 0:
        return text, ()
    marks = tuple(re.findall(r"\d{1,2}|[a-z]|\*+|[\u2020\u2021]", match.group(0)))
    return text[: match.start()].strip(), marks


def _mark_tail(text: str) -> int:
    """Where _GLUED_MARK's search of ``text`` may start: the run of `_MARK_CHARS` that ends the
    text (cut in C by ``str.rstrip``) holds every match, as each of its characters is one of
    them, and the character before the run is none (unless it is white space or a digit beyond
    ASCII, which ``\\s`` and ``\\d`` take: then 0, the whole text). The search from there finds
    the match the search of the whole text finds (it still sees the letter before, for its
    look-behind), without trying every place of a long cell.

    >>> _mark_tail("Chicago, IL 60606 (312) 964-3505"), _mark_tail("Roe3"), _mark_tail("Roe\u00a03")
    (28, 1, 0)
    """
    start = len(text.rstrip(_MARK_CHARS))
    return 0 if start and (text[start - 1].isspace() or text[start - 1].isdecimal()) else start


class _Kind:
    FIGURE, NULL, DOLLAR, EMPTY, LABEL = "figure", "null", "dollar", "empty", "label"


@per_document(maxsize=16384)
def _cell_kind(text: str) -> str:
    flat = " ".join(text.split())
    if not flat:
        return _Kind.EMPTY
    if flat == "$":
        return _Kind.DOLLAR
    value, _ = strip_marks(flat)
    lowered = value.lower()
    if lowered in ("n/a", "na", "n.a.", "not applicable") or is_placeholder(value):
        return _Kind.NULL
    if _as_figure(value) is not None or split_packed(value) or typed_count(value):
        return _Kind.FIGURE
    return _Kind.LABEL


@per_document(maxsize=16384)
def _as_figure(text: str) -> Decimal | None:
    """The amount a cell holds; a cell whose digits are grouped wrongly ("$1,5 million") is a
    figure too, whose value `_value` refuses with a finding: a label it is not.

    >>> _as_figure("$1,234"), _as_figure("$1,5 million") is _GROUPED_WRONGLY, _as_figure("Total")
    (Decimal('1234'), True, None)
    """
    try:
        return parse_money(text.replace("$ ", "$").strip())
    except DigitsGroupedWrongly:
        return _GROUPED_WRONGLY
    except ValueError:
        return None


_GROUPED_WRONGLY = Decimal("NaN")  # `_as_figure`'s answer for a figure it cannot read


def _cell_money(text: str) -> Decimal | None:
    """`parse_money`, None for text that is no amount; digits grouped wrongly still raise."""
    try:
        return parse_money(text)
    except DigitsGroupedWrongly:
        raise
    except ValueError:
        return None


# --- stacked rows ---------------------------------------------------------------------------


def _split_bold_name(cell: Cell) -> tuple[str | None, Cell]:
    """A manager's name set in bold at the top of a cell of category labels."""
    if cell.bold and cell.text.startswith(cell.bold) and looks_like_person(cell.bold) \
            and "\n" in cell.text:
        rest = cell.text[len(cell.bold):].lstrip("\n")
        return cell.bold, _copy(cell, rest, bold="")
    return None, cell


def _expand(row: list[Cell], stacks: bool) -> tuple[list[list[Cell]], str | None]:
    """A row whose figure cells stack k values (one per line) becomes k rows."""
    name = None
    cells = []
    for cell in row:
        found, cell = _split_bold_name(cell)
        name = name or found
        cells.append(cell)
    if not stacks:
        return [cells], name
    # each cell's lines read once ("$1,234.5" / "Million" is one value)
    raw = [join_unit_lines([line for line in cell.text.split("\n") if line.strip()]) for cell in cells]
    figure_lines = [lines for cell, lines in zip(cells, raw) if not cell.is_copy
                    and _cell_kind(cell.text.split("\n")[0]) in (_Kind.FIGURE, _Kind.NULL)]
    counts = Counter(len(lines) for lines in figure_lines)
    usual = max(counts, key=lambda n: (counts[n], n)) if counts else 1
    stacked = [_without_marks_below(lines, usual) for lines in raw]
    multi = {n for n in (len(_without_marks_below(lines, usual)) for lines in figure_lines) if n > 1}
    if len(multi) != 1:
        return [[_copy(c, " ".join(lines)) if _cell_kind(" ".join(lines)) != _Kind.LABEL else c
                 for c, lines in zip(cells, stacked)]], name
    k = multi.pop()
    expanded: list[list[Cell]] = [[] for _ in range(k)]
    for cell, parts in zip(cells, stacked):
        for i in range(k):
            if len(parts) == k:
                text = parts[i]
            else:
                text = cell.text if i == 0 else ""
            expanded[i].append(_copy(cell, text, is_copy=cell.is_copy or (i > 0 and len(parts) != k),
                                     bold="", footnotes=cell.footnotes if i == 0 else ()))
    return expanded, name


def _without_marks_below(lines: list[str], usual: int) -> list[str]:
    """A cell's lines without the lone footnote digits under its values ("8,208" / "2" is one
    value and its marker, not two stacked values) beyond the usual count of the row's cells."""
    out = list(lines)
    while len(out) > usual and is_footnote_mark(out[-1]):
        out.pop()
    return out


def _copy(cell: Cell, text: str, is_copy: bool | None = None, bold: str | None = None,
          footnotes: tuple[str, ...] | None = None) -> Cell:
    """``dataclasses.replace(cell, text=text, ...)`` for the fields given: the same Cell, made
    through its constructor with every field (replace's checks of each field cost ~3 us, and
    _expand makes one for every cell of every stacked line)."""
    return Cell(text, cell.line, cell.is_copy if is_copy is None else is_copy, cell.bold if bold is None else bold,
                cell.footnotes if footnotes is None else footnotes, cell.span_width, cell.origin)


# --- the interpreter ------------------------------------------------------------------------


@per_document(maxsize=16384)
def _person(text: str) -> str | None:
    for candidate in (text, text.split("\n")[0]):
        cleaned = clean_person_text(strip_marks(candidate)[0])
        cleaned = re.sub(r"\s*\([\u201c\"][^)]*[\u201d\"]\)", "", cleaned)  # nickname ("Mani")
        if looks_like_person(cleaned) and not _last_category(cleaned):
            return cleaned
    return _name_before_role(text) or marked_surname(text)  # "Smith11": the document's full name is found later


_ROLE_OR_FIRM = re.compile(r"\b(?:portfolio\s+manager|manager|analyst|director|officer|chief|head|partner|"
                           r"principal|president|strategist|cio)\b", re.I)


def _name_before_role(text: str) -> str | None:
    """The name in "Jane Roe, Senior Portfolio Manager, Quill Asset Management Ltd.": the first
    comma-separated part, when what follows is a role or a firm.

    >>> _name_before_role("Jane Roe, Senior Portfolio Manager, Quill Asset Management Ltd."), _name_before_role("Roe, Jr.")
    ('Jane Roe', None)
    """
    head, _, rest = " ".join(text.split()).partition(", ")
    if not rest or not (_ROLE_OR_FIRM.search(rest) or _FIRM_WORDS.search(rest)):
        return None
    cleaned = clean_person_text(strip_marks(head)[0])
    return cleaned if looks_like_person(cleaned) and not _last_category(cleaned) else None


_MANAGED_BY = re.compile(r"\b(?:managed|advised)\s+by\s+(?P<name>.+)$", re.I)


def _manager_in_headers(header_rows: list[list[Cell]]) -> str | None:
    """A manager named in the table's headings: "Types of Accounts Managed by Jane Roe", or
    a heading row "Other Accounts Managed by" over "Jane Roe"."""
    for cells in header_rows:
        for cell in cells:
            if cell.is_copy or not cell.flat:
                continue
            match = _MANAGED_BY.search(cell.flat)
            if person := _person(match["name"] if match else cell.text):
                return person
    width = max((len(cells) for cells in header_rows), default=0)
    for column in range(width):  # "TYPES OF ACCOUNTS MANAGED" over "BY JANE ROE"
        text = " ".join(cells[column].flat for cells in header_rows if column < len(cells) and cells[column].flat)
        if (match := _MANAGED_BY.search(text)) and (person := _person(match["name"])):
            return person
    return None


_NAME_AND_FUND = re.compile(r"^(?P<name>[^:\u2013\u2014]{3,80}?)\s*(?::|\s[\u2013\u2014-]\s)\s*(?P<fund>.+)$")


def _name_and_fund(text: str) -> tuple[tuple[str, set[str]], str] | None:
    """A row naming a manager and the fund the figures below are given for: "Jane Roe(1):
    Oakhurst Small Company Fund", "Jane Roe - Oakhurst Fund".

    >>> _name_and_fund("Jane Roe(1): Oakhurst Small Company Fund")
    (('Jane Roe', {'1'}), 'Oakhurst Small Company Fund')
    """
    match = _NAME_AND_FUND.match(" ".join(text.split()))
    if not match or not looks_like_fund_name(match["fund"]):
        return None
    name, marks = strip_marks(match["name"])
    person = _person(name)
    return ((person, set(marks)), match["fund"]) if person else None


_TEAM_HEADING = re.compile(r"^(?P<fund>[^()]*?\b(?:Fund|Portfolio|Trust)\b[^()]*?)\s*\((?P<team>[^()]+)\)$")


def _team_heading(text: str) -> tuple[str, list[str]] | None:
    """A fund and the team that manages it: "Value Fund (Jane Roe, John Doe and Ann Poe)".

    >>> _team_heading("Value Fund (Jane Roe, John Doe and Ann Poe)")
    ('Value Fund', ['Jane Roe', 'John Doe', 'Ann Poe'])
    >>> _team_heading("Value Fund (Class A)") is None
    True
    """
    match = _TEAM_HEADING.match(" ".join(text.split()))
    if not match:
        return None
    names = [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", match["team"]) if n.strip()]
    people = [p for n in names if (p := _person(n))]
    return (match["fund"].strip(), people) if people and len(people) == len(names) else None


def name_marks(cell: Cell) -> set[str]:
    """Footnote marks on a name: on its first line, or glued to its end when it wraps
    ("Binh" / "Tranh1")."""
    marks = set(strip_marks(cell.text.split("\n")[0])[1]) | set(cell.footnotes)
    if "\n" in cell.text and _person(cell.flat):
        marks |= set(strip_marks(cell.flat)[1])
    return marks


def _is_name_row(cells: list[Cell], bold_name: str | None) -> bool:
    """A row holding one label only: a manager's name, a category or a firm, opening a block."""
    texts = {c.flat for c in cells if c.flat}
    if len(texts) != 1:
        return False
    text = texts.pop()
    return bold_name is not None or _person(text) is not None or looks_like_fund_name(text) or (
        _last_category(text) is not None and not _measure(text)) or bool(_FIRM_WORDS.search(text))


# whether CATEGORY_PATTERNS and COUNT find anything in a whole table's text, asked as AnyOf
# (`etl.parse.folding`: each alternative's lower-case twin in the lowered text, the same answers):
# a re.I search of a table's text cost ~0.1 ms a pattern
_CATEGORY_GATES = [(category, AnyOf(pattern)) for category, pattern in CATEGORY_PATTERNS]
_COUNT_GATE = AnyOf(COUNT)


def may_hold_accounts(grid: Grid) -> bool:
    """Whether a table names the account categories (two, or one and a count): those that do
    not are not about other accounts, whatever surrounds them."""
    table_text = " ".join(c.flat for row in grid.rows for c in row if not c.is_copy) + " " + \
        " ".join(grid.caption)
    named = {c for c, gate in _CATEGORY_GATES if gate.search(table_text)}
    if len(named) >= 2 or (len(named) == 1 and _COUNT_GATE.search(table_text)):
        return True
    # headings cut short, "Registered | Other | Other", over a table of counts
    return _COUNT_GATE.search(table_text) and any(
        None not in categories_by_order([c.flat for c in row if c.flat and not c.is_copy])
        for row in grid.rows[:3] if sum(1 for c in row if c.flat and not c.is_copy) == len(CATEGORY_NAMES))


def read_accounts_grid(grid: Grid, context: TableContext) -> AccountsReading | None:
    """None when the table is not about other accounts (no category named anywhere in it)."""
    if not may_hold_accounts(grid):
        return None
    rows: list[tuple[int, list[Cell], str | None]] = []
    for index, row in enumerate(grid.rows):
        expanded, bold_name = _expand(row, context.lines_are_stacks)
        rows.extend((index, sub, bold_name) for sub in expanded)
    first_data = _first_data_row(rows)
    if first_data is None:
        return None
    return _TableReader(grid, context, rows, first_data).read()


def _figure_columns(cells: list[Cell]) -> list[int]:
    return [i for i, c in enumerate(cells) if not c.is_copy and _cell_kind(c.text) in (_Kind.FIGURE, _Kind.NULL)]


def _states_figures(text: str) -> bool:
    """A cell of prose lines that state figures: "Mutual Funds: 5 accounts, $1.4 billion"."""
    return ":" in text and any((s := read_cell_statement(line)) and _last_category(s.label) for line in text.split("\n"))


def _first_data_row(rows: list[tuple[int, list[Cell], str | None]]) -> int | None:
    """The first row holding a figure (or a manager's blanks), or the name row just above it (a
    manager's or fund's name on its own row opens the data)."""
    first = next((n for n, (_, cells, _) in enumerate(rows) if _figure_columns(cells)
                  and any(_cell_kind(c.text) == _Kind.FIGURE or _person(c.text) for c in cells if not c.is_copy)
                  or any(_states_figures(c.text) for c in cells if not c.is_copy)),
                 None)  # a manager's row of blanks (a pre-effective filing), or of prose cells, is data too
    while first is not None and first > 0 and _is_name_row(rows[first - 1][1], rows[first - 1][2]):
        first -= 1
    return first


@dataclass
class _Place:
    """Where the reader stands in the table: whose figures, of which fund and category."""

    manager: str | None = None
    fund: str | None = None
    category: Category | None = None
    team: list[str] = field(default_factory=list)  # a team named together: every figure is each member's
    marks: set[str] = field(default_factory=set)  # footnote marks on the current manager's name
    performance_only: bool = False  # under a title that makes every figure a performance-fee one
    excludes_performance: bool = False  # under a title "accounts that pay no performance fee"


@dataclass
class _Row:
    """One data row: its cells, what kind each is, and the labels along it."""

    index: int
    cells: list[Cell]
    kinds: list[str]
    figures: list[int]
    label: str = ""
    category: Category | None = None
    typed_category: Category | None = None  # of the last typed count read ("4 RICs")
    header_of: dict[int, int] = field(default_factory=dict)  # data column -> the column it is headed by


def _table_unit(title: str, header_rows: list[list[Cell]], figure_columns: list[int]) -> Decimal | None:
    """The unit of every amount in the table: in its title, in a heading over no figure column
    ("($ in millions)" over the names), or alone on a header line ("(DOLLAR AMOUNTS IN $000)")
    over several figure columns or as a whole statement. A unit in the heading of one figure
    column is that column's only (`_value` reads it with the column's heading): "Total Assets
    (in millions)" beside "Performance-Fee Assets" over "$1.1 billion", or "MILLIONS)" on the
    line under "ASSETS (IN $". (A text table's caption lines are among its header rows, placed
    over the columns they head.)"""
    texts = [title]
    for cells in header_rows:
        phrases = {c.origin: c for c in cells if c.flat}
        over = {origin: len({i for i, c in enumerate(cells) if c.origin == origin} & set(figure_columns))
                for origin in phrases}
        texts += [cell.flat for origin, cell in phrases.items() if not over[origin] or len(phrases) == 1
                  and (over[origin] > 1 or unit_in_prose(cell.flat))]
    return unit_stated(" ".join(texts))


class _TableReader:
    """Gives each figure of one table its meaning from the labels on both axes (see the module
    docstring), row by row, and collects them into slots (manager, fund, category)."""

    def __init__(self, grid: Grid, context: TableContext, rows: list[tuple[int, list[Cell], str | None]],
                 first_data: int):
        self.grid, self.context, self.rows = grid, context, rows
        head = rows[:first_data]
        self.data = rows[first_data:]
        self.width = max(len(cells) for _, cells, _ in rows)
        wide = max(self.width - 1, 2)
        # headings spanning the whole table are its title, not a column's heading
        self.header_rows = [[c if c.span_width < wide else Cell("", c.line) for c in cells] for _, cells, _ in head]
        title = " ".join(c.flat for _, cells, _ in head for c in cells if c.span_width >= wide)
        top = next((cells for _, cells, _ in head if any(c.flat for c in cells)), [])
        if len(phrases := {c.flat for c in top if c.flat}) == 1 and _is_title(top, self.width):
            title += " " + phrases.pop()
        self.header_cells: list[list[Cell]] = [[] for _ in range(self.width)]
        for cells in self.header_rows:
            for column, cell in enumerate(cells):
                if cell.flat:
                    self.header_cells[column].append(cell)
        # each column's headings as one text, joined once (every figure under it asks)
        self.header_texts = [" ".join(c.flat for c in cells) for cells in self.header_cells]
        figure_columns = sorted({i for _, cells, _ in self.data for i in _figure_columns(cells)})
        self.unit = _table_unit(title, self.header_rows, figure_columns) or context.unit
        # when figures sit under no heading, the headings pair among themselves
        headed = {c for c, cells in enumerate(self.header_cells) if any(_measure(cell.flat) for cell in cells)}
        if headed and not set(figure_columns) <= headed:
            figure_columns = sorted(set(figure_columns) | headed)
        self.column_meaning = _column_meanings(self.header_rows, self.width, figure_columns)
        basis = fee_basis(title)  # "Other accounts with performance-based fees (included above)"
        self.place = _Place(manager=context.manager or _manager_in_headers([cells for _, cells, _ in head]),
                            fund=context.fund, performance_only=context.performance_only or basis == "performance",
                            excludes_performance=context.excludes_performance or basis == "non_performance")
        self.names_in_table = any(_person(c.text) for _, cells, _ in self.data for c in cells[:2]) or \
            any(bold for _, _, bold in self.data)
        self.categories_by_row = len({cat for _, cells, _ in self.data for c in cells[:3]
                                      if _cell_kind(c.text) == _Kind.LABEL and (cat := _last_category(c.flat))
                                      and not _measure(c.flat)}) >= 2
        self.reading = AccountsReading()
        self.reading.header_marks = {mark for cells in self.header_rows for c in cells
                                     for mark in (*c.footnotes, *strip_marks(c.text.split("\n")[-1])[1])}
        self.slots: dict[tuple[str, str | None, Category], Slot] = {}
        self.amounts: list[Amount] = []
        self.packed = False  # counts and their assets share cells
        self.row_marks: set[str] = set()

    def read(self) -> AccountsReading | None:
        for index, cells, bold_name in self.data:
            kinds = [_cell_kind(c.text) if not c.is_copy or c.span_width == 1 else _Kind.EMPTY for c in cells]
            if _Kind.NULL in kinds and _Kind.FIGURE not in kinds:
                kinds = self._blanks(cells, kinds)
            figures = [i for i, k in enumerate(kinds) if k in (_Kind.FIGURE, _Kind.NULL) and not cells[i].is_copy]
            labels = [i for i, k in enumerate(kinds) if k == _Kind.LABEL]
            if figures:
                self._figure_row(_Row(index, cells, kinds, figures), labels, bold_name)
            elif not self._prose_cells(index, cells, labels, bold_name):
                self._label_row(cells, labels, bold_name)
        return self._finish()

    def _blanks(self, cells: list[Cell], kinds: list[str]) -> list[str]:
        """A row of placeholders (a pre-effective filing): its empty cells under a heading that
        names a category and a measure are blanks too, not spacers."""
        return [_Kind.NULL if kind == _Kind.EMPTY and not cells[i].is_copy and i < self.width
                and None not in self.column_meaning[i][:2] else kind for i, kind in enumerate(kinds)]

    def _prose_cells(self, index: int, cells: list[Cell], labels: list[int], bold_name: str | None) -> bool:
        """Cells that state the figures in words, a line per category ("Mutual Funds: 5 accounts,
        $1.4 billion total assets, of which none pays a performance-based fee")."""
        statements = [(cell, statement) for cell in (cells[i] for i in labels if not cells[i].is_copy)
                      for line in cell.text.split("\n")
                      if (statement := read_cell_statement(line)) and _last_category(statement.label)]
        if not statements:
            return False
        if person := bold_name or next((p for i in labels if (p := _person(cells[i].text))), None):
            self.place.manager, self.place.team = person, []
        if self.place.manager is None:
            self.reading.problems.append(f"line {statements[0][0].line}: figures without a manager")
            return True
        for cell, statement in statements:
            category = _last_category(statement.label)
            for field_name, text, measure in (("num_accounts", statement.count, "count"),
                                              ("total_assets_usd", statement.amount, "assets"),
                                              ("perf_num_accounts", statement.perf_count, "count"),
                                              ("perf_total_assets_usd", statement.perf_amount, "assets")):
                if text is None and field_name.startswith("perf_"):
                    continue
                value = text if measure == "count" else _value(text, "assets", self.unit) if text else None
                for member in self.place.team or [self.place.manager]:
                    slot = self._slot(member, category)
                    slot.values.setdefault(field_name, value)
                    if measure == "assets" and value:
                        self.amounts.append(Amount(slot, field_name, cell, True,
                                                   bool(self.unit or HAS_UNIT.search(text or ""))))
                    slot.lines.extend(self.grid.row_spans[index] if index < len(self.grid.row_spans) else (cell.line,))
                    if (raw := self.grid.raw_rows[index] if index < len(self.grid.raw_rows) else cell.flat) not in slot.raw:
                        slot.raw.append(raw)
        return True

    def _label_row(self, cells: list[Cell], labels: list[int], bold_name: str | None) -> None:
        """A row of labels: a title inside the table, a team, a manager, a category, a fund, or
        a repeated header."""
        place = self.place
        text = " ".join(cells[i].flat for i in labels if not cells[i].is_copy)
        person = bold_name or next((p for i in labels if (p := _person(cells[i].text))), None)
        if not person and len({cells[i].flat for i in labels}) == 1 and (basis := fee_basis(text)):
            # "Fee Based Accounts (... based on the performance of the account)": the rows below
            place.performance_only, place.excludes_performance = basis == "performance", basis == "non_performance"
        elif team := _team_heading(text):
            place.fund, place.team = team
            place.manager, place.category = place.team[0], None
        elif named := _name_and_fund(text):  # "Jane Roe(1): Oakhurst Small Company Fund"
            (place.manager, place.marks), place.fund = named
            place.category, place.team = None, []
        elif person and not COUNT.search(text) and not ASSETS.search(text):
            place.manager, place.category, place.team = person, None, []
            place.marks = name_marks(next(cells[i] for i in labels))
        elif _last_category(text) and not COUNT.search(text) and not ASSETS.search(text):
            place.category = _last_category(text)
        elif looks_like_fund_name(text):
            place.fund = text

    def _row_labels(self, row: _Row, bold_name: str | None) -> None:
        """The manager and the labels to the left of a row's first figure."""
        first = row.figures[0]
        row_manager = bold_name
        parts = []
        for position, cell in enumerate(c for i, c in enumerate(row.cells) if row.kinds[i] == _Kind.LABEL and i < first):
            person = None if row_manager else _person(cell.text) or (
                lone_surname(cell.flat) if position == 0 and self.names_in_table else None)
            if person and not _measure(cell.flat):
                row_manager = person
                self.row_marks = name_marks(cell)
                continue
            parts.append(cell.flat)
        place = self.place
        if row_manager and (self.names_in_table or place.manager is None):
            if row_manager != place.manager:
                place.marks = self.row_marks if row_manager != bold_name else set()
            place.manager = row_manager
        row.label = " ".join(parts)
        row.category = _last_category(row.label)
        if row.category:
            place.category = row.category

    def _figure_row(self, row: _Row, labels: list[int], bold_name: str | None) -> None:
        self._row_labels(row, bold_name)
        if self.place.manager is None:
            self.reading.problems.append(f"line {row.cells[row.figures[0]].line}: figures without a manager")
            return
        filled: dict[tuple[Category, str, bool], int] = {}
        sums: dict[tuple[str, bool], Decimal] = {}
        totals: list[tuple[Cell, str, bool]] = []
        row.header_of = self._aligned(row)
        for column, cell, forced_measure, forced_category in _pieces(row.figures, row.cells, self.header_texts):
            meaning = self._meaning(row, column, cell, forced_measure, forced_category)
            if meaning is None:
                continue
            category, measure, perf, labels_of = meaning
            if category is None:
                totals.append((cell, measure, perf))  # a "Total" column: checked against the row
                continue
            perf = self._distinct(filled, (category, measure, perf), column, cell)
            if perf is None:
                continue
            value = self._record(row, column, cell, category, measure, perf, labels_of)
            sums[(measure, perf)] = sums.get((measure, perf), Decimal(0)) + (value or 0)
        self.reading.problems += _totals_not_adding_up(totals, sums, self.unit)

    def _aligned(self, row: _Row) -> dict[int, int]:
        """Figures that do not sit under their headings, because a "$" cell and a footnote cell
        of their own widen every data row ("5 | $ | 2,118.7 | 2 | ..." under "Number | Assets |
        Number | ..."): when the row holds as many values as the table has headed columns and
        some sit under none, the n-th value belongs to the n-th headed column."""
        headed = [c for c in range(self.width) if self.column_meaning[c][1] is not None]
        values = row.figures
        if len(values) != len(headed) or all(c in headed for c in values):
            return {}
        return dict(zip(values, headed))

    def _meaning(self, row: _Row, column: int, cell: Cell, forced_measure: str | None,
                 forced_category: Category | None) -> tuple[Category | None, str, bool, tuple[str, ...]] | None:
        """(category, measure, performance, the labels read) of one figure, from its row, its
        column and the label just left of it; None when it is accounted for otherwise."""
        first = row.figures[0]
        left = next((row.cells[i] for i in range(column - 1, first - 1, -1) if row.kinds[i] == _Kind.LABEL), None)
        between = left is not None and any(i < column for i in row.figures if i >= first) \
            and left is not row.cells[first]
        cell_label = left.flat if left is not None and (between or column == first + 1 and not row.label) else ""
        headed = row.header_of.get(column, column)
        header_text = self.header_texts[headed] if headed < self.width else ""
        if _heads_ownership(header_text):
            return None  # a combined table's ownership column: read by the ownership reader
        header_category, header_measure, header_perf = self.column_meaning[headed]
        if self.categories_by_row:  # a "Category of account" column: "Other Accounts Managed" over
            category = (row.category or self.place.category or header_category  # the figures is a title
                        or _last_category(cell_label))
        else:  # an amount after a typed count ("4 RICs" | "$1.2 billion") is of that count's category
            category = (forced_category or header_category or row.category or _last_category(cell_label)
                        or row.typed_category or self.place.category)
        row.typed_category = forced_category or row.typed_category
        self.packed |= forced_measure is not None
        measure = (forced_measure or _measure(cell_label) or _measure(row.label) or header_measure
                   or ("assets" if "$" in cell.text or "." in cell.text or
                       (column > 0 and row.kinds[column - 1] == _Kind.DOLLAR) else "count"))
        perf = bool(fee_basis(cell_label) == "performance" or fee_basis(row.label) == "performance"
                    or header_perf or self.place.performance_only)
        if category is None and not _TOTAL.search(header_text or cell_label or row.label):
            self.reading.problems.append(f"line {cell.line}: no category for {cell.flat!r}")
            return None
        return category, measure, perf, (cell_label, row.label, header_text)

    def _distinct(self, filled: dict, key: tuple[Category, str, bool], column: int, cell: Cell) -> bool | None:
        """The performance flag of a figure whose meaning another figure of the row already has:
        a second "Number of Accounts" under the same category is the performance-fee one (the
        usual order); a footnote mark in a cell of its own under the same heading is none."""
        category, measure, perf = key
        if key in filled:
            previous = self.header_cells[filled[key]] if filled[key] < self.width else []
            current = self.header_cells[column] if column < self.width else []
            if current and previous and current[-1].origin == previous[-1].origin and is_footnote_mark(cell.flat):
                return None
            if _sub_headings(previous, current):
                return perf  # "Registered Investment Companies: Open-End" / ": Closed-End": added up
            if perf or (category, measure, True) in filled:
                self.reading.problems.append(
                    f"line {cell.line}: {cell.flat!r} repeats the meaning of another figure of its row "
                    f"({category.value}, {measure}); not read")
                return None
            key = (category, measure, True)
        filled[key] = column
        return key[2]

    def _record(self, row: _Row, column: int, cell: Cell, category: Category, measure: str, perf: bool,
                labels: tuple[str, ...]) -> Decimal | int | None:
        value_text, marks = strip_marks(cell.text)
        try:
            value = _value(value_text, measure, self.unit, *labels)
        except NotACount:
            self.reading.problems.append(f"line {cell.line}: {cell.flat!r} stands where a number of accounts "
                                         f"belongs ({category.value}) but is not a whole number of accounts; left empty")
            value = None
        except DigitsGroupedWrongly:
            self.reading.problems.append(f"line {cell.line}: {cell.flat!r} ({category.value}) has its digits grouped "
                                         f"wrongly (commas must part them in threes); left empty")
            value = None
        place = self.place
        field_name = ("perf_" if perf else "") + ("num_accounts" if measure == "count" else "total_assets_usd")
        source = (labels[1], labels[2])  # the row's label and the column's headings
        for member in place.team or [place.manager]:
            slot = self._slot(member, category)
            if field_name not in slot.values:
                slot.values[field_name] = value
                slot.sources[field_name] = source
                if measure == "assets" and value:
                    dollared = "$" in cell.text or HAS_UNIT.search(cell.text) or \
                        (column > 0 and row.kinds[column - 1] == _Kind.DOLLAR)
                    stated = bool(self.unit or HAS_UNIT.search(cell.text) or any(unit_stated(t) for t in labels))
                    self.amounts.append(Amount(slot, field_name, cell, bool(dollared), stated))
            elif _is_part(slot.sources[field_name], source, category):
                self._add_part(slot, field_name, value, cell)
                slot.sources[field_name] = source
            elif slot.values[field_name] != value:
                self.reading.problems.append(
                    f"line {cell.line}: {cell.flat!r} for {member}, {category.value} differs from the figure "
                    f"read before for the same field ({slot.values[field_name]}); the first is kept")
            slot.name_marks |= place.marks
            slot.excludes_performance |= place.excludes_performance and not perf
            slot.lines.extend(self.grid.row_spans[row.index] if row.index < len(self.grid.row_spans) else (cell.line,))
            raw = self.grid.raw_rows[row.index] if row.index < len(self.grid.raw_rows) else cell.flat
            if raw not in slot.raw:
                slot.raw.append(raw)
            for mark in marks + cell.footnotes:
                if problem := _apply_footnote(slot, category, self.context.footnotes.get(mark.strip("()")), self.unit):
                    self.reading.problems.append(f"line {cell.line}: {problem}")
        return value

    def _add_part(self, slot: Slot, field_name: str, value, cell: Cell) -> None:
        """A category split over several rows or columns under labels of their own ("Open-end
        funds" and "Closed-end funds" as registered investment companies): the parts add up."""
        before = slot.values[field_name]
        if before is None or value is None:
            slot.values[field_name] = None
            self.reading.problems.append(
                f"line {cell.line}: {slot.category.value} is given in parts and one of them ({cell.flat!r}) is "
                f"blank; the total for {slot.manager.full} is left empty")
        else:
            slot.values[field_name] = before + value

    def _slot(self, member: str, category: Category) -> Slot:
        person = parse_person_name(member)
        key = (person.key, self.place.fund, category)
        if key not in self.slots:
            self.slots[key] = Slot(person, member, self.place.fund, category)
        return self.slots[key]

    def _finish(self) -> AccountsReading | None:
        reading = self.reading
        if self.packed:
            _zero_accounts_zero_assets(self.slots.values())
        _drop_amounts_without_units(self.amounts, self.unit, reading)
        _drop_implausible_dollars(self.amounts, reading)
        reading.header_signature = tuple(self.header_texts)
        reading.last_fund = self.place.fund
        reading.slots = list(self.slots.values())
        if not reading.slots and not reading.problems:
            return None
        return reading


@per_document(maxsize=4096)
def _heads_ownership(header_text: str) -> bool:
    """Whether a column's headings are an ownership column's (a combined table's)."""
    return OWNERSHIP_COLUMN.search(header_text) is not None


_TOTAL = re.compile(r"\btotal\b(?!\s+(?:number|assets\s+(?:of|in|managed)))|\ball\s+categories\b", re.I)


def _totals_not_adding_up(totals: list[tuple[Cell, str, bool]], row_sums: dict[tuple[str, bool], Decimal],
                          unit: Decimal | None) -> list[str]:
    """A column totalling the categories is accounted for when it adds up; when it does not,
    the row was misread or misprinted, and that is a problem to report."""
    problems = []
    for cell, measure, perf in totals:
        try:
            value = _value(strip_marks(cell.text)[0], measure, unit)
        except NotACount:
            value = None
        expected = row_sums.get((measure, perf))
        if value is None or expected is None or abs(value - expected) <= max(abs(value) * Decimal("0.001"),
                                                                               Decimal("0.05")):
            continue
        problems.append(f"line {cell.line}: the total {cell.flat!r} is not the sum of the row's figures "
                        f"({expected:,}); the row may be misread")
    return problems


@dataclass(frozen=True)
class Amount:
    """An amount as read, with what the table said of its unit."""

    slot: Slot
    field_name: str
    cell: Cell
    dollared: bool  # "$" in the cell or in its own cell before it
    unit_stated: bool  # a unit word in the cell, its labels, the table or its surroundings


# Below these, a figure printed without a unit cannot be a number of dollars for one account of
# the category on average: it is in millions or thousands that the document does not say.
PLAUSIBLE_DOLLARS_PER_ACCOUNT = {
    Category.REGISTERED_INVESTMENT_COMPANIES: Decimal(1_000_000),
    Category.OTHER_POOLED_INVESTMENT_VEHICLES: Decimal(100_000),
    Category.OTHER_ACCOUNTS: Decimal(10_000),
}


def _drop_implausible_dollars(amounts: list[Amount], reading: AccountsReading) -> None:
    """"764.1" under "Assets", with no unit anywhere: as dollars it is $36 an account, so the
    unit is one the document leaves out; the amount becomes NULL with a problem, never a guess."""
    for amount in amounts:
        value = amount.slot.values.get(amount.field_name)
        if amount.unit_stated or not value:
            continue
        count = amount.slot.values.get(amount.field_name.replace("total_assets_usd", "num_accounts"))
        per_account = value / max(count or 1, 1)
        if per_account < PLAUSIBLE_DOLLARS_PER_ACCOUNT[amount.slot.category] or value != value.to_integral():
            amount.slot.values[amount.field_name] = None
            reading.problems.append(
                f"line {amount.cell.line}: amount {amount.cell.flat!r} ({amount.slot.manager.full}, "
                f"{amount.slot.category.value}) is printed without a unit and is not plausible as dollars "
                f"(${per_account:,.2f} an account); left empty")


def _is_title(cells: list[Cell], width: int) -> bool:
    """One phrase across the top of a table is its title when it starts at the left edge or is
    centred over it, not when it heads the right-hand columns only ("Accounts with Performance-
    Based Fees" over the second group)."""
    covered = [i for i, c in enumerate(cells) if c.flat]
    if not covered or covered[0] <= 1:
        return True
    centre = (covered[0] + covered[-1]) / 2
    return len(covered) * 2 >= width - 1 and width / 3 <= centre <= width * 2 / 3


def _sub_headings(previous: list[Cell], current: list[Cell]) -> bool:
    """Two columns under one category whose own headings name different parts of it
    ("Open-End Funds" / "Closed-End Funds"), not the same heading repeated and not a
    performance-fee column."""
    before, now = (" ".join(c.flat for c in cells) for cells in (previous, current))
    same_group = [c.origin for c in previous[:-1]] == [c.origin for c in current[:-1]]  # under one heading
    return bool(before and now) and before != now and same_group and not PERFORMANCE.search(before + " " + now) \
        and _last_category(before) is not None and _last_category(before) == _last_category(now) \
        and _measure(before) == _measure(now)


def _is_part(before: tuple[str, str], now: tuple[str, str], category: Category) -> bool:
    """Whether a second figure for a field is another part of a category split over rows or
    columns under labels of their own ("Registered investment companies - open-end" and
    "- closed-end", or "Open-end funds" / "Closed-end funds" under a row "Registered Investment
    Companies"), rather than the same figure repeated, a total or a stray number."""
    (row_before, heading_before), (row_now, heading_now) = before, now
    if row_before != row_now:  # each names the category, or is a sub-row under its heading row
        return all(label and not _TOTAL.search(label) and _last_category(label) in (category, None)
                   for label in (row_before, row_now))
    return heading_before != heading_now and all(_last_category(h) == category for h in (heading_before, heading_now))


def _zero_accounts_zero_assets(slots) -> None:
    """Where counts and assets share a cell, a lone "None" says both: no accounts, no assets."""
    for slot in slots:
        for count, assets in (("num_accounts", "total_assets_usd"), ("perf_num_accounts", "perf_total_assets_usd")):
            if slot.values.get(count) == 0 and assets not in slot.values:
                slot.values[assets] = Decimal(0)


_TYPED_COUNT = re.compile(r"^(?P<count>\d[\d,]*|none|no)\s+(?P<type>[A-Za-z][A-Za-z .'-]*)$", re.I)


@per_document(maxsize=16384)
def typed_count(text: str) -> tuple[str, Category] | None:
    """A count that names its category: "4 RICs", "1 PIV", "71 Other accounts".

    >>> typed_count("4 RICs"), typed_count("71 Other accounts")[1].value, typed_count("12 months")
    (('4', <Category.REGISTERED_INVESTMENT_COMPANIES: 'registered_investment_companies'>), 'other_accounts', None)
    """
    match = _TYPED_COUNT.match(" ".join(text.split()))
    category = _last_category(match["type"]) if match else None
    return (match["count"], category) if category else None


def _pieces(figures: list[int], cells: list[Cell], header_texts: list[str]
            ) -> list[tuple[int, Cell, str | None, Category | None]]:
    """The values of a row's figure cells, each with the measure (and category) its cell
    forces: a cell that packs a count and its assets ("6/$674.5 million") gives two, and so
    does a "0" or "None" under a heading that asks for both ("Number of Accounts/Total
    Assets"); a typed count ("4 RICs") is a count of its category."""
    out: list[tuple[int, Cell, str | None, Category | None]] = []
    for column in figures:
        cell = cells[column]
        value, marks = strip_marks(cell.flat)
        if typed := typed_count(value):
            out.append((column, replace(cell, text=typed[0]), "count", typed[1]))
            continue
        packed = split_packed(value)
        header = header_texts[column] if column < len(header_texts) else ""
        if packed is None and _asks_both(header) and _as_figure(value) == 0:
            packed = (value, value)
        if packed is None:
            out.append((column, cell, None, None))
            continue
        tail = "".join(f"({m})" for m in marks)
        out.append((column, replace(cell, text=packed[0] + tail), "count", None))
        out.append((column, replace(cell, text=packed[1] + tail), "assets", None))
    return out


def _asks_both(header: str) -> bool:
    """A heading over one column for the count and the assets: "Number of Accounts/Total Assets"."""
    return "/" in header and bool(COUNT.search(header) or re.search(r"accounts\s+managed", header, re.I)) \
        and bool(ASSETS.search(header))


def _drop_amounts_without_units(amounts: list[Amount], table_unit: Decimal | None,
                                reading: AccountsReading) -> None:
    """In a table of "$1,692,486,390"-style amounts, a bare "184" is in no known unit
    (dollars? millions?): it becomes NULL with a problem noted, never a guess."""
    if table_unit is not None or len(amounts) < 3:
        return
    with_sign = sum(amount.dollared for amount in amounts)
    if with_sign < 0.8 * len(amounts):
        return
    for amount in amounts:
        if not amount.dollared:
            amount.slot.values[amount.field_name] = None
            reading.problems.append(f"line {amount.cell.line}: amount {amount.cell.flat!r} has no $ or unit where "
                                    f"every other amount has; left empty")


def _column_meanings(header_rows: list[list[Cell]], width: int, figure_columns: list[int]
                     ) -> list[tuple[Category | None, str | None, bool]]:
    """(category, measure, performance) per column from the headers above it.

    Measures come from each column's most specific heading (one column wide, lowest first).
    A category heading often straddles its (number, assets) pair unevenly ("(B) Other" over
    one column, "Pooled Investment Vehicles" over the other), so where columns pair up the
    category is read from the pair's headings line by line.
    """
    columns: list[list[Cell]] = [[] for _ in range(width)]
    for row in header_rows:
        for index, cell in enumerate(row[:width]):
            if cell.flat:
                columns[index].append(cell)

    def measure_of(cells: list[Cell]) -> str | None:
        for pool in ([c for c in cells if c.span_width == 1], cells):
            for cell in reversed(pool):
                if found := _measure(cell.flat):
                    return found
        return None

    meanings = []
    for cells in columns:
        text = " ".join(c.flat for c in cells)
        meanings.append([_last_category(text), measure_of(cells), fee_basis(text) == "performance"])
    ordered = [c for c in figure_columns if c < width]
    for first, second in measure_pairs(ordered, [meanings[c][1] for c in ordered]):
        if meanings[first][0] is not None and meanings[first][0] == meanings[second][0]:
            continue
        lines = []
        for row in header_rows:
            seen: list[str] = []
            for cell in row[first:second + 1]:
                if cell.flat and cell.flat not in seen:
                    seen.append(cell.flat)
            lines.append(" ".join(seen))
        text = " ".join(line for line in lines if line)
        category = _last_category(text)
        if category is not None:
            for column in range(first, second + 1):
                meanings[column][0] = category
                meanings[column][2] = meanings[column][2] or fee_basis(text) == "performance"
    if any(meanings[c][0] is None and columns[c] for c in ordered):
        texts = [" ".join(cell.flat for cell in columns[c]) for c in ordered]
        for column, category in zip(ordered, categories_by_order(texts)):
            meanings[column][0] = meanings[column][0] or category
    return [tuple(m) for m in meanings]


# The form lists the categories in this order; a heading cut short ("Registered", "Other")
# is the first name in that order that it begins and that is still free.
CATEGORY_NAMES = [(Category.REGISTERED_INVESTMENT_COMPANIES, "registered investment companies"),
                  (Category.OTHER_POOLED_INVESTMENT_VEHICLES, "other pooled investment vehicles"),
                  (Category.OTHER_ACCOUNTS, "other accounts")]


def categories_by_order(texts: list[str]) -> list[Category | None]:
    """Column headings cut short, read by the order of the form.

    >>> [c.value[:5] for c in categories_by_order(["Registered", "Other", "Other"])]
    ['regis', 'other', 'other']
    >>> categories_by_order(["Registered", "Other"])
    [None, None]
    """
    found: list[Category | None] = []
    rank = 0
    for text in texts:
        words = " ".join(text.lower().split())
        known = _last_category(text)
        candidates = [i for i, (category, name) in enumerate(CATEGORY_NAMES)
                      if i >= rank and (known == category or (words and name.startswith(words)))]
        if not candidates:
            found.append(None)
            continue
        rank = candidates[0] + 1
        found.append(CATEGORY_NAMES[candidates[0]][0])
    # only a full set in order is trusted: two headings "Other" could be either
    return found if len(texts) == len(CATEGORY_NAMES) and None not in found else [None] * len(texts)


def measure_pairs(columns: list[int], measures: list[str | None]) -> list[tuple[int, int]]:
    """Neighbouring (count, assets) columns, each in one pair at most, in the order the table
    uses throughout: counts first, or amounts first.

    >>> measure_pairs([1, 2, 3, 4], ["count", "assets", "count", "assets"])
    [(1, 2), (3, 4)]
    >>> measure_pairs([2, 4, 6, 8, 10], ["assets", "count", "assets", "count", "assets"])
    [(2, 4), (6, 8)]
    """
    pairs: list[tuple[int, int]] = []
    order = None
    at = 0
    while at + 1 < len(columns):
        kinds = (measures[at], measures[at + 1])
        if set(kinds) == {"count", "assets"} and order in (None, kinds):
            order = kinds
            pairs.append((columns[at], columns[at + 1]))
            at += 2
        else:
            at += 1
    return pairs


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10}


def _apply_footnote(slot: Slot, category: Category, text: str | None, unit: Decimal | None) -> str | None:
    """A footnote such as "One account ... $4,869.13M ... has a performance-based fee"; a
    problem when its amount cannot be read (digits grouped wrongly), which is then left empty."""
    if not text or not PERFORMANCE.search(text):
        return None
    count = re.search(r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r"|a\s+single|single|this|that|an?)\s+"
                      r"(?:of\s+(?:these|the)\s+(?:\w+\s+)?)?accounts?\b", text, re.I)
    money = re.search(r"\$\s?[\d,.]+\s*(?:billion|million|thousand|[BMK]\b)?", text)
    if count:
        word = " ".join(count.group(1).lower().split())
        slot.values["perf_num_accounts"] = int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 1)
    if money:
        try:
            amount = parse_money(money.group(0).replace("$ ", "$"))
        except DigitsGroupedWrongly:
            slot.values["perf_total_assets_usd"] = None
            return f"the footnote's amount {money.group(0)!r} has its digits grouped wrongly; left empty"
        except ValueError:
            return None
        if amount is not None and not HAS_UNIT.search(money.group(0)) and unit:
            amount *= unit
        slot.values["perf_total_assets_usd"] = amount
    return None


class NotACount(ValueError):
    """A figure read as a number of accounts that is not a whole number of accounts."""


@per_document(maxsize=16384)  # a pure function of its arguments: one manager's figures repeat another's
def _value(text: str, measure: str, table_unit: Decimal | None, *labels: str):
    flat = " ".join(text.split())
    if _cell_kind(flat) in (_Kind.NULL, _Kind.EMPTY):
        return None
    if measure == "count":
        try:
            return parse_count(flat.lstrip("$").strip())
        except DigitsGroupedWrongly:
            raise
        except ValueError:
            amount = _cell_money(flat)
            if amount is None or amount != amount.to_integral() or "$" in flat or HAS_UNIT.search(flat):
                raise NotACount(flat) from None  # "2.5", "$1.2 billion" where a count belongs
            return int(amount)
    amount = _cell_money(flat.replace("$ ", "$"))
    if amount is None or amount == 0:
        return amount
    if HAS_UNIT.search(flat):
        return amount
    unit = next((u for label in labels if (u := unit_stated(label))), None) or table_unit
    return amount * unit if unit else amount


def slot_span(slot: Slot) -> Span:
    return Span(min(slot.lines), max(slot.lines), "\n".join(slot.raw))
