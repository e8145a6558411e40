"""The units a disclosure states its amounts in, wherever it states them.

A table's amounts are in dollars unless something says otherwise: a cell ("$1.2 billion", or
"$1,234.5" with "Million" on the line under it), a column heading ("Total Assets (in millions)",
"(x $1 million)", "(in $" / "millions)" broken over two lines), a caption, a note under the table
("+ Total assets are in millions."), or the lead-in. The phrases are kept here as data, one
vocabulary for the table reader, the surroundings and prose.

A unit statement is a unit word (UNIT_WORDS) introduced by a lead (LEADS: "in", "x", "(", "$",
"in $", "amounts are shown in", ...). The same words also make amounts ("$1.2 billion", "assets
of $3 million", "billions of dollars of client assets"), so:

- headings, captions and row labels (``unit_stated``) are short and about the figures under
  them: a unit word there states the unit unless a number quantifies it;
- paragraphs around a table and prose (``unit_in_prose``) talk about many things: only a lead
  followed by the unit word and the end of a clause ("are in millions.", "(dollars in
  thousands)") states the unit there.
"""

from __future__ import annotations

import re
from decimal import Decimal

import ahocorasick_rs

from etl.parse.folding import lowered
from etl.parse.memo import per_document
from etl.parse.values import UNIT_MULTIPLIERS

_SPACE = r"[\s\u00a0]*"

# the words that name a unit, by power of ten; abbreviations only where a lead makes them a unit
UNIT_WORDS: list[tuple[int, str]] = [
    (9, r"billions?|bn|bil\b\.?"),
    (6, r"millions?|mm|mil\b\.?|mn"),
    (3, r"thousands?|000(?:'|\u2019)?s?(?!\s*,?\d)"),
]
# "$1,000s", "(x $1,000)", "x $1,000,000": the scale written as a number
SCALE_NUMBERS: list[tuple[int, str]] = [
    (9, r"1,000,000,000"),
    (6, r"1,000,000"),
    (3, r"1,000"),
]
# single letters name a unit only glued to a "$" ("($M)", "in $B", "($K)")
UNIT_LETTERS: list[tuple[int, str]] = [(9, "b"), (6, "m"), (3, "k")]

# what may come before the unit word, in any chain: "(", "in", "(in $", "(dollars in", "x",
# "amounts are stated in", "U.S. $"
LEADS = [
    r"\(",
    r"\bin",
    r"\bx", "\u00d7",
    r"\$", r"\bus\$", r"\bu\.s\.\s*\$", r"\busd",
    r"\b(?:u\.s\.\s+)?dollars",
]
# after the unit word, part of the statement: "millions of U.S. dollars", "000s omitted"
_TAIL = r"(?:\s+of\s+(?:u\.?s\.?\s+)?dollars)?(?:\s*\)?\s*omitted)?"
# what ends a statement in prose: the clause or the parenthesis closes
_CLAUSE_END = r"(?=\s*(?:[).,;:]|$|\s(?:and|except|unless|as\s+of)\b))"


_LEAD = "(?:" + "|".join(LEADS) + ")"
_LEADS = f"(?:{_LEAD}{_SPACE})+"
_WORD = "|".join(word for _, word in UNIT_WORDS)
_SCALE = "|".join(number for _, number in SCALE_NUMBERS)
_LETTER = "|".join(letter for _, letter in UNIT_LETTERS)
_NOT_AFTER_NUMBER = r"(?<![\d.,])(?<![\d.,]\s)(?<![\d.,]\s\$)(?<![\d.,]\$)"

# (x $1 million), (x $1,000), in $1,000s, ($1,000's)
_SCALED = (rf"(?:\bx|\u00d7){_SPACE}\$?{_SPACE}1{_SPACE}(?:{_WORD})\b"
           rf"|(?:\bx|\u00d7){_SPACE}\$?{_SPACE}(?:{_SCALE})(?![\d,])"
           rf"|(?:{_LEAD}{_SPACE})*\$?{_SPACE}(?:{_SCALE})(?:'|\u2019)?s\b")
_LED = rf"{_LEADS}(?:{_WORD})(?![a-z])|\$(?:{_LETTER})\b"
_BARE = rf"{_NOT_AFTER_NUMBER}\b(?:billions?|millions?|thousands?)\b"

# a heading, caption or label: a lead and a unit word, or a unit word no number quantifies
_IN_HEADING = re.compile(rf"(?:{_SCALED}|{_LED}|{_BARE}){_TAIL}", re.I)
# a paragraph: a lead and a unit word, closing its clause
_IN_PROSE = re.compile(rf"(?:{_SCALED}|{_LED}){_TAIL}{_CLAUSE_END}", re.I)
# the unit written in a cell beside its number: "$1.2 billion", "$950M", "4.1 bn", "$3 mil", "$1.1T":
# every unit parse_money reads (one table), so an amount that carries its unit never takes the table's
_CELL_WORDS = sorted((u for u in UNIT_MULTIPLIERS if len(u) > 3), key=len, reverse=True)
_CELL_ABBREVIATIONS = sorted((u for u in UNIT_MULTIPLIERS if len(u) <= 3), key=len, reverse=True)
HAS_UNIT = re.compile(rf"(?i)({'|'.join(_CELL_WORDS)}|\d\s*(?:{'|'.join(_CELL_ABBREVIATIONS)}))\b")
# a line of a cell that is only a unit word: "$1,234.5" / "Million"
UNIT_LINE = re.compile(r"(?i)^\s*\(?(?:billions?|millions?|thousands?|bn|mm|[bmk])\)?\.?\s*$")


# which unit a statement names, largest scale first ("1,000,000" holds "1,000")
_WHICH: list[tuple[int, re.Pattern[str]]] = [
    (power, re.compile(rf"(?<![a-z\d,])(?:{number}(?![\d,])|{word}(?![a-z])|\$\s?{letter}\b)", re.I))
    for (power, number), (_, word), (_, letter) in zip(SCALE_NUMBERS, UNIT_WORDS, UNIT_LETTERS)]


def _multiplier(match: re.Match[str] | None) -> Decimal | None:
    if match is None:
        return None
    return next((Decimal(10) ** power for power, which in _WHICH if which.search(match.group(0))), None)


@per_document(maxsize=16384)
def unit_stated(text: str) -> Decimal | None:
    """The multiplier a heading, caption or label states for the amounts it covers.

    >>> unit_stated("Total Assets (in millions)"), unit_stated("($ thousands)"), unit_stated("Total Assets")
    (Decimal('1000000'), Decimal('1000'), None)
    >>> [unit_stated(t) for t in ("Total Assets (x $1 million)", "Assets (in $ millions)", "($ millions)",
    ...                           "Total Assets ($mm)", "Assets ($ in billions)", "(dollars in millions)")]
    [Decimal('1000000'), Decimal('1000000'), Decimal('1000000'), Decimal('1000000'), Decimal('1000000000'), Decimal('1000000')]
    >>> [unit_stated(t) for t in ("Total Assets ($000s)", "($000's omitted)", "(000s)", "Assets (in $1,000s)",
    ...                           "(x $1,000)", "Total Assets ($M)", "Assets in $B", "Total Assets Millions")]
    [Decimal('1000'), Decimal('1000'), Decimal('1000'), Decimal('1000'), Decimal('1000'), Decimal('1000000'), Decimal('1000000000'), Decimal('1000000')]

    Words broken across a heading's lines read as one phrase:

    >>> unit_stated("Total Assets (in $\\nmillions)"), unit_stated("TOTAL ASSETS ($ IN\\nMILLIONS)")
    (Decimal('1000000'), Decimal('1000000'))

    An amount is not a unit, nor is a count of thousands:

    >>> [unit_stated(t) for t in ("Accounts over $1 million", "$1.2 billion", "Assets of $3 million",
    ...                           "1,000 accounts", "$1,000,000", "Dollar Range ($1-$10,000)")]
    [None, None, None, None, None, None]
    """
    return _multiplier(_IN_HEADING.search(text))


@per_document(maxsize=16384)
def unit_in_prose(text: str) -> Decimal | None:
    """The multiplier a paragraph states for the amounts of a table (or of its own sentences):
    a lead and a unit word ending a clause.

    >>> [unit_in_prose(t) for t in ("+ Total assets are in millions.", "Amounts are shown in thousands of dollars.",
    ...                             "(Dollars in millions)", "Assets are expressed in $ millions, as of June 30, 2021.",
    ...                             "Figures are stated in U.S. dollars in billions.")]
    [Decimal('1000000'), Decimal('1000'), Decimal('1000000'), Decimal('1000000'), Decimal('1000000000')]

    A paragraph about the adviser's size, or an amount, does not state a unit:

    >>> [unit_in_prose(t) for t in ("The Adviser manages billions of dollars of client assets.",
    ...                             "It has overseen hundreds of millions of dollars for institutions.",
    ...                             "He manages 3 accounts with assets of $3 million.", "$1.2 billion in assets",
    ...                             "The firm invests in millions of shares of small companies.")]
    [None, None, None, None, None]
    """
    return _multiplier(in_prose_search(text))  # a text without a stem is not searched: None


def in_prose_search(text: str) -> re.Match[str] | None:
    """``_IN_PROSE.search(text)``, trying only the positions where a statement can start.

    Every statement holds a stem of PROSE_UNIT_STEMS (lowered), and what comes before its stem
    is leads, "$", spaces and the "1," of a scale number: characters of _BEFORE_STEM or
    whitespace (see _SCALED and _LED). So a statement starts at a stem, or inside the run of
    those characters just before one; those positions are matched in order, and the first
    match is the one ``search`` finds (a search tries every position in order; a match at a
    position still sees the text before it, for ``\b`` and look-behinds). A text with a letter
    that ``re.I`` folds otherwise (`folding.lowered` None) is searched as it is.

    >>> in_prose_search("Amounts shown are in $ millions; commingled pools.").group(0)
    'in $ millions'
    >>> in_prose_search("IN\u00a0THOUSANDS.").span(), in_prose_search("similar in size") is None
    ((0, 12), True)
    """
    low = lowered(text)
    if low is None:
        return _IN_PROSE.search(text)
    starts: set[int] = set()
    for at in _stem_starts(low):
        starts.add(at)
        while at > 0 and at - 1 not in starts and (low[at - 1] in _BEFORE_STEM or low[at - 1].isspace()):
            at -= 1
            starts.add(at)
    return next((match for at in sorted(starts) if (match := _IN_PROSE.match(text, at))), None)


# a cheap first test for `unit_in_prose`: every statement _IN_PROSE finds holds a unit word
# (UNIT_WORDS: "bil"lion, "bn", "mil"lion, "mm", "mn", "thousand", "000") or a scale number
# (SCALE_NUMBERS: "000") or a "$" glued to a unit letter (UNIT_LETTERS: "$b", "$m", "$k")
PROSE_UNIT_STEMS = ("bil", "bn", "mil", "mm", "mn", "thousand", "000", "$b", "$m", "$k")
# where a stem of a statement may stand: every occurrence of every stem, overlapping ones too
# ("0000" holds two), found in one pass of an automaton (the lookahead of all the stems that
# `re` tried at every position found the same starts in ~10 x the time, a paragraph of a
# prospectus ~5 us a kilobyte)
_STEMS = ahocorasick_rs.AhoCorasick(list(PROSE_UNIT_STEMS), matchkind=ahocorasick_rs.MatchKind.Standard)


def _stem_starts(low: str) -> list[int]:
    """Where a stem of PROSE_UNIT_STEMS starts in a lowered text, in order, each place once.

    >>> _stem_starts("in $mil or 0000s"), _stem_starts("none here")
    ([3, 4, 11, 12], [])
    """
    return sorted({start for _, start, _ in _STEMS.find_matches_as_indexes(low, overlapping=True)})
# what a statement may hold before its stem, besides whitespace: the letters of LEADS ("(", "in",
# "x", "\u00d7", "$", "us$", "u.s. $", "usd", "u.s. dollars") and the "1," of "1,000" (SCALE_NUMBERS)
_BEFORE_STEM = frozenset("(inx\u00d7$usd.olar1,")


def join_unit_lines(lines: list[str]) -> list[str]:
    """A cell's lines with a unit word alone on a line joined to the figure above it.

    >>> join_unit_lines(["$1,234.5", "Million"]), join_unit_lines(["2", "$4.1", "billion"])
    (['$1,234.5 Million'], ['2', '$4.1 billion'])
    >>> join_unit_lines(["Million"])
    ['Million']
    """
    out: list[str] = []
    for line in lines:
        if out and UNIT_LINE.match(line) and re.search(r"\d\s*$", out[-1]):
            out[-1] = f"{out[-1]} {line.strip()}"
        else:
            out.append(line)
    return out
