"""Cells that pack several values: a count and its assets in one cell.

Filings print "6/$674.5 million", "2 ($544.7 million)", "10 funds / $4,582.72 million" or
"0 / $0" where a table has one column for both. These readers split such a cell into its
count and its amount, so that the table reader handles each as if it had its own cell.
"""

from __future__ import annotations

import functools
import re

_COUNT = r"(?P<count>\d[\d,]*|none|-0-)"
# a typed count: "10 funds", "4 accounts", "3 RICs", "1 other account"
_COUNT_NOUN = r"(?:\s*(?:other\s+)?[A-Za-z][A-Za-z.']*(?:\s+accounts?)?)?"
_AMOUNT = r"(?P<amount>\$?\s*(?:\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?:trillion|billion|million|thousand|bn|mm|[bmk])?\.?)"
# "/", "(", ";" or "with" part them; a comma or a dash only before a "$" ("12,345.6" is one number)
_PACKED = re.compile(rf"^{_COUNT}(?![\d.]){_COUNT_NOUN}\s*(?:/|\(|;|with|(?:,|-|\u2013|\u2014)(?=\s*\$))\s*{_AMOUNT}\s*\)?"
                     r"(?:\s*(?:in\s+)?(?:total\s+)?assets)?$", re.I)


@functools.lru_cache(maxsize=16384)
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
