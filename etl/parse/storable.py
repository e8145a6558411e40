"""Figures the warehouse cannot hold as printed: left empty with a problem, never rounded.

A count is an INTEGER and an amount a NUMERIC(20, 2) in the warehouse (models/). A figure past
them (a typo of many digits, a hostile document) would be rounded to a float by SQLite or fail
the whole document on PostgreSQL; it is dropped here instead, and the document says so.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from etl.parse.records import AccountFigures, OwnershipRange, SectionNotice

MAX_USD = Decimal("999999999999999999.99")  # NUMERIC(20, 2)
MAX_COUNT = 2**31 - 1  # INTEGER
_LIMITS = {"num_accounts": MAX_COUNT, "perf_num_accounts": MAX_COUNT,
           "total_assets_usd": MAX_USD, "perf_total_assets_usd": MAX_USD}


def storable_accounts(rows: list[AccountFigures]) -> tuple[list[AccountFigures], list[SectionNotice]]:
    """The rows with each figure past its column's range left empty, and a notice for each.

    >>> from etl.parse.names import parse_person_name
    >>> from etl.parse.records import Category, Span
    >>> row = AccountFigures(parse_person_name("Jane Roe"), None, None, Category.OTHER_ACCOUNTS, 3,
    ...                      Decimal("1" + "0" * 20), None, None, None, Span(7, 7, "3 | $100 quintillion"))
    >>> [kept], [notice] = storable_accounts([row])
    >>> kept.num_accounts, kept.total_assets_usd
    (3, None)
    >>> notice.problems[0]
    'line 7: total_assets_usd of Jane Roe (other_accounts) is 100000000000000000000, more than the warehouse can hold; left empty'
    """
    kept, notices = [], []
    for row in rows:
        too_large = {name: getattr(row, name) for name, limit in _LIMITS.items()
                     if getattr(row, name) is not None and getattr(row, name) > limit}
        if too_large:
            row = dataclasses.replace(row, **{name: None for name in too_large})
            notices.append(_notice("other_accounts", row, [
                f"{name} of {row.manager.full} ({row.category.value}) is {value}" for name, value in too_large.items()]))
        kept.append(row)
    return kept, notices


def storable_ownership(rows: list[OwnershipRange]) -> tuple[list[OwnershipRange], list[SectionNotice]]:
    """The ranges whose bounds fit the warehouse; a range that does not is dropped, with a notice."""
    kept, notices = [], []
    for row in rows:
        bounds = [b for b in (row.range_low_usd, row.range_high_usd) if b is not None]
        if any(b > MAX_USD for b in bounds):
            notices.append(_notice("ownership", row, [f"the range {row.range_label!r} of {row.manager.full}"]))
            continue
        kept.append(row)
    return kept, notices


def _notice(kind: str, row, what: list[str]) -> SectionNotice:
    problems = tuple(f"line {row.span.line_start}: {text}, more than the warehouse can hold; left empty"
                     for text in what)
    return SectionNotice(kind, "figures too large to store", 1, row.span, problems)
