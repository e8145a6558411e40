"""What the parser hands to the loader: plain, immutable data with its provenance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from etl.parse.names import PersonName


class Category(str, Enum):
    REGISTERED_INVESTMENT_COMPANIES = "registered_investment_companies"
    OTHER_POOLED_INVESTMENT_VEHICLES = "other_pooled_investment_vehicles"
    OTHER_ACCOUNTS = "other_accounts"


class ProseKind(str, Enum):
    COMPENSATION = "compensation"
    CONFLICTS = "conflicts"


@dataclass(frozen=True)
class Span:
    """Where a fact was read: 1-based inclusive line numbers and the raw text of those lines."""

    line_start: int
    line_end: int
    raw_text: str


@dataclass(frozen=True)
class AdviserFacts:
    name: str
    address: str | None = None
    aum_usd: Decimal | None = None
    aum_qualifier: str | None = None  # "nearly", "approximately": the figure is not exact
    aum_as_of_date: dt.date | None = None
    year_founded: int | None = None
    span: Span | None = None


@dataclass(frozen=True)
class ManagerFacts:
    name: PersonName
    adviser: str | None
    title: str | None = None
    joined_adviser_date: dt.date | None = None
    span: Span | None = None


@dataclass(frozen=True)
class AccountFigures:
    manager: PersonName
    adviser: str | None
    fund: str | None
    category: Category
    num_accounts: int | None
    total_assets_usd: Decimal | None
    perf_num_accounts: int | None
    perf_total_assets_usd: Decimal | None
    as_of_date: dt.date | None
    span: Span
    # the figures count only the accounts that pay no performance fee (a "non-performance"
    # table); merged with the performance-fee figures they become totals
    excludes_performance: bool = False


@dataclass(frozen=True)
class OwnershipRange:
    manager: PersonName
    adviser: str | None
    fund: str | None
    range_low_usd: Decimal
    range_high_usd: Decimal | None
    range_label: str
    as_of_date: dt.date | None
    span: Span


@dataclass(frozen=True)
class ProseSection:
    kind: ProseKind
    adviser: str | None
    heading: str
    body: str
    span: Span


@dataclass(frozen=True)
class SectionNotice:
    """A disclosure section that was found; ``rows_read`` says whether facts came out of it.

    Kind "table" or "prose": a table, or a step reading the prose, that raised an exception;
    ``problems`` holds "table at line N could not be read: ValueError: ..."."""

    kind: str  # "other_accounts" | "ownership" | "table" | "prose"
    heading: str
    rows_read: int
    span: Span | None  # None only for a prose step, which reads the whole document
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class NamedPerson:
    """Someone a disclosure names as a portfolio manager, so that the validator can check that
    each gets rows: where (``span``) and why (``why``: "table", "heading", "lead_in", "roster",
    "ownership_prose") the name counts, or what the document says that lets the person go
    without rows (``excused``: "removed", "outside_scope"; None when nothing does)."""

    name: PersonName
    why: str
    span: Span
    excused: str | None = None


@dataclass(frozen=True)
class ParsedDocument:
    parser_version: str
    registrant: str | None
    document_date: dt.date | None
    funds: tuple[str, ...] = ()
    advisers: tuple[AdviserFacts, ...] = ()
    managers: tuple[ManagerFacts, ...] = ()
    accounts: tuple[AccountFigures, ...] = ()
    ownership: tuple[OwnershipRange, ...] = ()
    prose: tuple[ProseSection, ...] = ()
    sections: tuple[SectionNotice, ...] = ()
    named_managers: tuple[NamedPerson, ...] = ()  # who the disclosure names as its managers
    line_count: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def has_disclosure(self) -> bool:
        """True when any portfolio-manager section was found, whether or not rows came out."""
        return bool(self.accounts or self.ownership or self.sections)
