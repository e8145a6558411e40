"""Data-quality checks on a parsed document. Facts are stored as printed; findings flag them.

A check is a function from a ParsedDocument to findings; CHECKS lists them, so adding a check
is adding a function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from etl.extract import SourceDocument
from etl.parse.names import PersonName
from etl.parse.records import ParsedDocument, Span


@dataclass(frozen=True)
class Subject:
    """The figures a finding is about, for matching it to them (``pmdw eval`` does): one
    manager's (``PersonName.key``), of one kind of rows ("accounts" or "ownership"), in one
    category and one field, ``None`` meaning all."""

    manager: str
    category: str | None = None
    field: str | None = None
    kind: str | None = None

    def covers(self, manager: str, category: str | None, field: str, kind: str | None = None) -> bool:
        """Whether a wrong ``field`` of ``manager`` in ``category`` is what this finding flags.

        >>> Subject("doe|jane", field="as_of_date").covers("doe|jane", "other_accounts", "as_of_date")
        True
        >>> Subject("doe|jane", "other_accounts").covers("doe|jane", "registered_investment_companies", "num_accounts")
        False
        >>> Subject("doe|jane", kind="ownership").covers("doe|jane", None, "as_of_date", "accounts")
        False
        """
        return (manager == self.manager and self.category in (None, category) and self.field in (None, field)
                and (None in (self.kind, kind) or self.kind == kind))


@dataclass(frozen=True)
class Finding:
    check_name: str
    severity: str  # "info" | "warning" | "error"
    message: str
    span: Span | None
    subject: Subject | None = None  # the figures it is about, when it is about one manager's


def _money(value) -> str:
    return f"${value:,.0f}"


def performance_fee_exceeds_total(doc: ParsedDocument) -> Iterator[Finding]:
    for row in doc.accounts:
        label = f"{row.manager.full}, {row.category.value}"
        if None not in (row.perf_total_assets_usd, row.total_assets_usd) and \
                row.perf_total_assets_usd > row.total_assets_usd:
            yield Finding(
                "performance_fee_assets_exceed_total", "warning",
                f"{label}: performance-fee assets ({_money(row.perf_total_assets_usd)}) exceed the "
                f"category's total assets ({_money(row.total_assets_usd)}); stored as printed",
                row.span, Subject(row.manager.key, row.category.value),
            )
        if None not in (row.perf_num_accounts, row.num_accounts) and \
                row.perf_num_accounts > row.num_accounts:
            yield Finding(
                "performance_fee_accounts_exceed_total", "warning",
                f"{label}: {row.perf_num_accounts} performance-fee accounts but only "
                f"{row.num_accounts} accounts in all; stored as printed",
                row.span, Subject(row.manager.key, row.category.value),
            )


def assets_without_accounts(doc: ParsedDocument) -> Iterator[Finding]:
    for row in doc.accounts:
        if row.num_accounts == 0 and row.total_assets_usd:
            yield Finding(
                "assets_without_accounts", "warning",
                f"{row.manager.full}, {row.category.value}: no accounts but "
                f"{_money(row.total_assets_usd)} of assets",
                row.span, Subject(row.manager.key, row.category.value),
            )


def figures_exclude_performance(doc: ParsedDocument) -> Iterator[Finding]:
    for row in doc.accounts:
        if row.excludes_performance:
            yield Finding(
                "figures_exclude_performance_accounts", "warning",
                f"{row.manager.full}, {row.category.value}: the table gives only the accounts that pay no "
                f"performance fee, and no performance-fee figures were found to add; stored as printed",
                row.span,
            )


def figures_not_disclosed(doc: ParsedDocument) -> Iterator[Finding]:
    """A pre-effective filing (485APOS) lists its managers with blank cells: the rows load with
    NULL values, and this says why."""
    fields = ("num_accounts", "total_assets_usd", "perf_num_accounts", "perf_total_assets_usd")
    blank: dict[str, list] = {}
    for row in doc.accounts:
        if all(getattr(row, f) is None for f in fields):
            blank.setdefault(row.manager.full, []).append(row)
    for name, rows in blank.items():
        yield Finding("figures_not_disclosed", "warning",
                      f"{name}: {len(rows)} account row(s) printed blank or as placeholders; the figures are "
                      f"not disclosed in this document (a pre-effective filing?); stored as NULL", rows[0].span)


# SectionNotice kinds of a part whose reading raised (etl.parse.assemble): "table_not_read" findings
READ_FAILURES = ("table", "prose")
UNREAD_CHECKS = ("_section_not_read", "_rows_not_read", *(f"{kind}_not_read" for kind in READ_FAILURES))


def sections_not_read(doc: ParsedDocument) -> Iterator[Finding]:
    for section in doc.sections:
        if section.kind in READ_FAILURES:
            for problem in section.problems:
                yield Finding(f"{section.kind}_not_read", "error", problem, section.span)
            continue
        if section.rows_read == 0:
            yield Finding(
                f"{section.kind}_section_not_read", "error",
                f"a {section.kind.replace('_', ' ')} section was found but no rows were read "
                f"from it ({section.heading!r})",
                section.span,
            )
        for problem in section.problems:
            yield Finding(f"{section.kind}_rows_not_read", "error", problem, section.span)


def missing_as_of_dates(doc: ParsedDocument) -> Iterator[Finding]:
    undated = {row.manager.full: row.manager.key for row in (*doc.accounts, *doc.ownership)
               if row.as_of_date is None}
    for name in sorted(undated):
        yield Finding("as_of_date_missing", "warning",
                      f"no as-of date found for the figures of {name}", None,
                      Subject(undated[name], field="as_of_date"))


# kind of rows -> (check, what the rows are called, whether the document has that section)
_ROWS_OF_NAMED = {
    "accounts": ("manager_without_account_rows", "other-accounts",
                 lambda doc: bool(doc.accounts) or any(s.kind == "other_accounts" for s in doc.sections)),
    "ownership": ("manager_without_ownership_rows", "fund-ownership",
                  lambda doc: bool(doc.ownership) or any(s.kind == "ownership" for s in doc.sections)),
}
_NAMED_WHERE = {"table": "in a disclosure table", "heading": "as the manager of a disclosure table",
                "lead_in": "in the lead-in of a disclosure table", "roster": "as a portfolio manager",
                "ownership_prose": "in a statement of ownership"}


def same_person(a: PersonName, b: PersonName) -> bool:
    """One person, however spelled: the same key, or the same family name where one lacks the
    given name or the given names share their initial.

    >>> from etl.parse.names import parse_person_name as p
    >>> same_person(p("Jane Roe"), p("Mr. Roe")), same_person(p("Jane Roe"), p("J. Roe")), same_person(p("Jane Roe"), p("Bo Roe"))
    (True, True, False)
    """
    if a.key == b.key:
        return True
    if a.family.lower() != b.family.lower():
        return False
    return not a.given or not b.given or a.given[0].lower() == b.given[0].lower()


def managers_without_rows(doc: ParsedDocument) -> Iterator[Finding]:
    """A person the disclosure names as a portfolio manager (etl.parse.people_audit) with no
    rows of a kind of section the document has, unless the document explains it."""
    for kind, (check_name, rows_called, has_section) in _ROWS_OF_NAMED.items():
        if not has_section(doc):
            continue
        managers = [row.manager for row in (doc.accounts if kind == "accounts" else doc.ownership)]
        for person in doc.named_managers:
            if person.excused or any(same_person(person.name, m) for m in managers):
                continue
            yield Finding(check_name, "warning",
                          f"{person.name.full} is named {_NAMED_WHERE.get(person.why, person.why)} (line "
                          f"{person.span.line_start}) but no {rows_called} rows were read for this person",
                          person.span, Subject(person.name.key, kind=kind))


CHECKS: list[Callable[[ParsedDocument], Iterator[Finding]]] = [
    performance_fee_exceeds_total,
    assets_without_accounts,
    figures_exclude_performance,
    figures_not_disclosed,
    sections_not_read,
    missing_as_of_dates,
    managers_without_rows,
]


def check(doc: ParsedDocument) -> list[Finding]:
    return [finding for rule in CHECKS for finding in rule(doc)]


def undecodable_bytes(document: SourceDocument) -> Iterator[Finding]:
    """Bytes that are not text in the encoding the document was read in were replaced by U+FFFD:
    a name or figure near one may be cut."""
    if document.replaced_bytes:
        yield Finding(
            "undecodable_bytes", "warning",
            f"{document.replaced_bytes} byte sequence(s) are not valid {document.encoding} and were "
            f"replaced by U+FFFD (\ufffd); names or figures that contain one are incomplete", None,
        )


SOURCE_CHECKS: list[Callable[[SourceDocument], Iterator[Finding]]] = [undecodable_bytes]


def check_source(document: SourceDocument) -> list[Finding]:
    """Findings about how a document was read (its bytes), not about what it says."""
    return [finding for rule in SOURCE_CHECKS for finding in rule(document)]
