"""Cells that pack several values: a count and its assets in one cell.

Filings print "6/$674.5 million", "2 ($544.7 million)", "10 funds / $4,582.72 million" or
"0 / $0" where a table has one column for both. These readers split such a cell into its
count and its amount, so that the table reader handles each as if it had its own cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.parse.memo import per_document
from etl.parse.values import UNIT_MULTIPLIERS, read_digits

_COUNT = r"(?P<count>\d[\d,]*|none|-0-)"
# a typed count: "10 funds", "4 accounts", "3 RICs", "1 other account"
_COUNT_NOUN = r"(?:\s*(?:other\s+)?[A-Za-z][A-Za-z.']*(?:\s+accounts?)?)?"
# the unit words and letters parse_money reads, longest first ("mil" before "m")
_UNIT = "|".join(sorted(UNIT_MULTIPLIERS, key=len, reverse=True))
_AMOUNT = rf"(?P<amount>\$?\s*(?:\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?:{_UNIT})?\.?)"
# "/", "(", ";" or "with" part them; a comma or a dash only before a "$" ("12,345.6" is one number)
_PACKED = re.compile(rf"^{_COUNT}(?![\d.]){_COUNT_NOUN}\s*(?:/|\(|;|with|(?:,|-|\u2013|\u2014)(?=\s*\$))\s*{_AMOUNT}\s*\)?"
                     r"(?:\s*(?:in\s+)?(?:total\s+)?assets)?$", re.I)


_TYPED_COUNT_SHAPE = re.compile(
    r"^(?:\d[\d,]*|none|no)\s+(?:other\s+)?(?:registered\s+|pooled\s+)?"
    r"(?:RICs?|PIVs?|accounts?|funds?|vehicles?|companies|pools?)\b", re.I)


def looks_like_typed_count(text: str) -> bool:
    """A count with the kind of account after it, as a cell of its own: "6 RICs", "40 Other accounts".

    >>> looks_like_typed_count("6 RICs"), looks_like_typed_count("40 Other accounts"), looks_like_typed_count("6 months")
    (True, True, False)
    """
    return bool(_TYPED_COUNT_SHAPE.match(" ".join(text.split())))


@per_document(maxsize=16384)
def split_packed(text: str) -> tuple[str, str] | None:
    """(count text, amount text) of a cell that packs both, else None.

    >>> split_packed("6/$674.5 million"), split_packed("2 ($544.7 million)")
    (('6', '$674.5 million'), ('2', '$544.7 million'))
    >>> split_packed("10 funds / $4,582.72 million"), split_packed("0 / $0")
    (('10', '$4,582.72 million'), ('0', '$0'))
    >>> split_packed("$1,234"), split_packed("12"), split_packed("2014 - 2015"), split_packed("12,345.6 million")
    (None, None, None, None)
    """
    flat = " ".join(text.split())
    match = _PACKED.match(flat)
    if not match:
        return None
    amount = match["amount"].strip()
    # "2014 - 2015" or "3 - 4" is a range of years or numbers, not a count and an amount
    if not ("$" in amount or re.search(r"[a-z]", amount, re.I) or "/" in flat or "(" in flat):
        return None
    return match["count"], amount


# --- prose inside a cell ------------------------------------------------------------------------

_NUMBER = r"\d[\d,]*|no|none|one|two|three|four|five|six|seven|eight|nine|ten"
_MONEY = r"\$\s?[\d,]*\.?\d+\s*(?:trillion|billion|million|thousand|(?:mil|bn|mm|[tbmk])\b)?"
_LINE = re.compile(r"^(?P<label>[^:]{3,80}):\s*(?P<rest>.+)$")
_COUNTED = re.compile(rf"^(?P<count>{_NUMBER})\s+(?:\w+\s+){{0,3}}?accounts?\b", re.I)
_MONEY_IN = re.compile(_MONEY, re.I)
_SUBSET = re.compile(rf"\bof\s+which\s+(?P<count>{_NUMBER})\b(?P<tail>.*?)\bperform", re.I)
WORD_NUMBERS = {"no": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True)
class CellStatement:
    """One line of prose in a cell: "Mutual Funds: 5 accounts, $1.4 billion total assets, of which
    1 account with total assets of $88.0 million pays a performance-based fee"."""

    label: str
    count: int | None
    amount: str | None
    perf_count: int | None = None
    perf_amount: str | None = None


def _number(text: str) -> int:
    return WORD_NUMBERS[text.lower()] if text.lower() in WORD_NUMBERS else int(read_digits(text))


@per_document(maxsize=4096)
def read_cell_statement(line: str) -> CellStatement | None:
    """A label, a colon, then how many accounts with what assets.

    >>> read_cell_statement("Pooled Funds: 2 accounts, $310.0 million total assets")
    CellStatement(label='Pooled Funds', count=2, amount='$310.0 million', perf_count=None, perf_amount=None)
    >>> read_cell_statement("Other accounts: 6 accounts with total assets of $215.3 million, of which 2 accounts "
    ...                     "with total assets of $97.6 million pay a performance-based fee.").perf_amount
    '$97.6 million'
    >>> read_cell_statement("Other pooled investment vehicles: none."), read_cell_statement("Note: see above")
    (CellStatement(label='Other pooled investment vehicles', count=0, amount='$0', perf_count=0, perf_amount='$0'), None)
    """
    match = _LINE.match(" ".join(line.split()))
    if not match:
        return None
    label, rest = match["label"], match["rest"]
    if re.fullmatch(r"(?:none|no\s+accounts?)\.?", rest, re.I):
        return CellStatement(label, 0, "$0", 0, "$0")
    counted = _COUNTED.match(rest)
    if not counted:
        return None
    subset = _SUBSET.search(rest)
    main = rest[:subset.start()] if subset else rest
    amount = _MONEY_IN.search(main)
    statement = CellStatement(label, _number(counted["count"]), amount.group(0).strip() if amount else None)
    if subset:
        perf_count = _number(subset["count"])
        perf_amount = _MONEY_IN.search(subset["tail"])
        statement = CellStatement(label, statement.count, statement.amount, perf_count,
                                  perf_amount.group(0).strip() if perf_amount else ("$0" if perf_count == 0 else None))
    return statement
