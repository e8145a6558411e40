"""The units a disclosure states its amounts in, wherever it states them.

A table's amounts are in dollars unless something says otherwise: a cell ("$1.2 billion"), a
column heading ("Total Assets (in millions)"), a caption, a note under the table ("Total assets
are in millions."), or the lead-in. The phrases are kept here as data, one vocabulary for the
table reader, the surroundings and prose.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

# phrases that state the unit of the amounts around them (not an amount: "$1.2 billion")
UNIT_PHRASES: list[tuple[Decimal, re.Pattern[str]]] = [
    (Decimal(10) ** 9, re.compile(r"in\s+billions|\(\$?\s*billions?\)|\$\s*billions", re.I)),
    (Decimal(10) ** 6, re.compile(
        r"in\s+millions|\(\$?\s*millions?\)|\$\s*millions|millions\s+of\s+dollars|\(\$\s*mm\)"
        r"|\$\s*in\s+millions", re.I)),
    (Decimal(10) ** 3, re.compile(r"in\s+thousands|\(\$?\s*thousands?\)|thousands\s+of\s+dollars"
                                  r"|\(\$\s*000s?\)", re.I)),
]
# a unit written in a cell beside its number: "$1.2 billion", "$950M", "4.1 bn"
HAS_UNIT = re.compile(r"(?i)(trillion|billion|million|thousand|\d\s*(?:bn|mm|[bmk]))\b")


@functools.lru_cache(maxsize=16384)
def unit_stated(text: str) -> Decimal | None:
    """The multiplier a heading, caption or note states for the amounts it covers.

    >>> unit_stated("Total Assets (in millions)"), unit_stated("($ thousands)"), unit_stated("Total Assets")
    (Decimal('1000000'), Decimal('1000'), None)
    """
    for multiplier, pattern in UNIT_PHRASES:
        if pattern.search(text):
            return multiplier
    return None
