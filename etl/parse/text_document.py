"""A plain-text EDGAR document (SGML-tagged tables) to a ParsedDocument."""

from __future__ import annotations

import re
from collections import defaultdict

from etl.parse.disclosure_tables import TableReading, read_accounts_table, read_ownership_table
from etl.parse.names import PersonName, organization_key, parse_person_name
from etl.parse.prose import (
    ACCOUNTS_SECTION,
    ACCOUNTS_TOPIC,
    OWNERSHIP_SECTION,
    OWNERSHIP_TOPIC,
    Cover,
    Paragraph,
    as_of_before,
    dated_statements,
    mentions,
    paragraphs,
    read_advisers,
    read_biographies,
    read_cover,
    read_prose_sections,
)
from etl.parse.records import (
    AccountFigures,
    AdviserFacts,
    ManagerFacts,
    OwnershipRange,
    ParsedDocument,
    ProseSection,
    SectionNotice,
    Span,
)
from etl.parse.text_tables import SgmlTable, find_sgml_tables
from etl.parse.values import parse_dollar_range

_FIRM_WORDS = re.compile(r"\b(llc|l\.l\.c\.|inc\.?|l\.?p\.?|management|advis[eo]rs?|partners|capital)\b",
                         re.IGNORECASE)
_FUND_WORDS = re.compile(r"\b(portfolio|fund)\b", re.IGNORECASE)
_OWNS_NONE = re.compile(
    r"no\s+portfolio\s+managers?\b[^.]*\bbeneficially\s+own"
    r"|portfolio\s+managers?\s+(?:did|do|does)\s+not\s+(?:beneficially\s+)?own",
    re.IGNORECASE,
)


class PeopleIndex:
    """Resolves the spellings of people in one document to one PersonName each.

    "Hoover,Jr.", "E. Clifton Hoover, Jr." and "Mr. Hoover" are one person when the document
    names only one Hoover.
    """

    def __init__(self, texts: list[str]):
        parsed = [parse_person_name(t) for t in texts if t.strip()]
        best: dict[str, PersonName] = {}
        for name in parsed:
            if not name.given:
                continue
            current = best.get(name.key)
            if current is None or len(name.full) > len(current.full):
                best[name.key] = name
        self._by_key = best
        self._by_family: dict[str, list[PersonName]] = defaultdict(list)
        for name in best.values():
            self._by_family[name.family.lower()].append(name)

    def resolve(self, text: str) -> PersonName:
        name = parse_person_name(text)
        if name.key in self._by_key:
            return self._by_key[name.key]
        candidates = self._by_family.get(name.family.lower(), [])
        if len(candidates) == 1 and (not name.given or name.given[0] == candidates[0].given[0]):
            return candidates[0]
        return name

    def knows(self, text: str) -> bool:
        return self.resolve(text).key in self._by_key


def _table_context(table: SgmlTable, cover: Cover, advisers: list[AdviserFacts]) -> tuple[str | None, str | None]:
    """The (adviser, fund) a table speaks of: from its caption, else the document's only one."""
    adviser = advisers[0].name if len(advisers) == 1 else None
    fund = cover.fund
    known = {organization_key(a.name): a.name for a in advisers}
    for line in table.caption_text:
        key = organization_key(line)
        if key in known:
            adviser = known[key]
        elif cover.registrant and key == organization_key(cover.registrant):
            continue
        elif _FUND_WORDS.search(line):
            fund = line if not cover.fund or organization_key(cover.fund) != key else cover.fund
        elif _FIRM_WORDS.search(line) and adviser is None:
            adviser = line
    return adviser, fund


def parse_text_document(text: str, parser_version: str) -> ParsedDocument:
    lines = text.splitlines()
    tables = find_sgml_tables(lines)
    in_tables = {i for t in tables for i in range(t.start_line - 1, t.end_line)}
    paras = paragraphs(lines, in_tables)
    cover = read_cover(paras, text)
    advisers = read_advisers(paras, text)
    statements = dated_statements(paras)
    prose = read_prose_sections(paras, [t.start_line for t in tables])
    biographies = read_biographies(paras)

    readings: list[tuple[SgmlTable, TableReading]] = []
    notes: list[str] = []
    for table in tables:
        reading = read_accounts_table(table) or read_ownership_table(table)
        if reading is None:
            continue
        if reading.kind == "trustee_ownership":
            notes.append(f"lines {table.start_line}-{table.end_line}: trustees' ownership table, not loaded")
            continue
        readings.append((table, reading))

    people = PeopleIndex(
        [row.manager_text for _, r in readings for row in r.account_rows]
        + [row.manager_text for _, r in readings for row in r.ownership_rows]
    )
    adviser_of: dict[str, tuple[PersonName, str | None]] = {}
    accounts: list[AccountFigures] = []
    ownership: list[OwnershipRange] = []
    sections: list[SectionNotice] = []
    for table, reading in readings:
        adviser, fund = _table_context(table, cover, advisers)
        heading = table.caption_text[0] if table.caption_text else f"table at line {table.start_line}"
        span = Span(table.start_line, table.end_line, "")
        if reading.kind == "other_accounts":
            as_of = as_of_before(statements, table.start_line, ACCOUNTS_TOPIC, avoid=OWNERSHIP_TOPIC)
            for row in reading.account_rows:
                person = people.resolve(row.manager_text)
                adviser_of.setdefault(person.key, (person, adviser))
                accounts.append(AccountFigures(
                    manager=person, adviser=adviser, fund=fund, category=row.category,
                    num_accounts=row.num_accounts, total_assets_usd=row.total_assets_usd,
                    perf_num_accounts=row.perf_num_accounts,
                    perf_total_assets_usd=row.perf_total_assets_usd,
                    as_of_date=as_of, span=row.span,
                ))
            rows_read = len(reading.account_rows)
        else:
            as_of = as_of_before(statements, table.start_line, OWNERSHIP_TOPIC)
            for row in reading.ownership_rows:
                person = people.resolve(row.manager_text)
                adviser_of.setdefault(person.key, (person, adviser))
                ownership.append(OwnershipRange(
                    manager=person, adviser=adviser, fund=fund, range_low_usd=row.range_low_usd,
                    range_high_usd=row.range_high_usd, range_label=row.range_label,
                    as_of_date=as_of, span=row.span,
                ))
            rows_read = len(reading.ownership_rows)
        sections.append(SectionNotice(reading.kind, heading, rows_read, span, tuple(reading.problems)))

    if not ownership:
        ownership = _ownership_stated_in_prose(paras, statements, accounts, cover)
        if ownership:
            sections.append(SectionNotice("ownership", "ownership stated in prose", len(ownership),
                                          ownership[0].span))
    sections += _sections_not_read(paras, accounts, ownership)

    managers = _managers(people, adviser_of, biographies, advisers)
    return ParsedDocument(
        parser_version=parser_version,
        registrant=cover.registrant,
        document_date=cover.document_date,
        funds=tuple(dict.fromkeys(f for f in [cover.fund, *[a.fund for a in accounts]] if f)),
        advisers=tuple(advisers),
        managers=tuple(managers),
        accounts=tuple(accounts),
        ownership=tuple(ownership),
        prose=tuple(_attribute_prose(prose, advisers)),
        sections=tuple(sections),
        line_count=len(lines),
        notes=tuple(notes),
    )


def _ownership_stated_in_prose(paras: list[Paragraph], statements, accounts: list[AccountFigures],
                               cover: Cover) -> list[OwnershipRange]:
    """"No portfolio manager beneficially owned shares": a None range for every manager."""
    if not accounts:
        return []
    for para in paras:
        match = _OWNS_NONE.search(para.text)
        if not match:
            continue
        as_of = as_of_before(statements, para.line_start + 1, OWNERSHIP_TOPIC)
        low, high = parse_dollar_range("None")
        seen: dict[str, AccountFigures] = {}
        for figure in accounts:
            seen.setdefault(figure.manager.key, figure)
        return [
            OwnershipRange(manager=f.manager, adviser=f.adviser, fund=f.fund or cover.fund,
                           range_low_usd=low, range_high_usd=high, range_label="None",
                           as_of_date=as_of, span=para.span)
            for f in seen.values()
        ]
    return []


def _sections_not_read(paras: list[Paragraph], accounts, ownership) -> list[SectionNotice]:
    """Sections that are named in the text but from which nothing was read."""
    out = []
    for kind, pattern, rows in (("other_accounts", ACCOUNTS_SECTION, accounts),
                                ("ownership", OWNERSHIP_SECTION, ownership)):
        found = mentions(paras, pattern)
        if found and not rows:
            para = found[0]
            out.append(SectionNotice(kind, para.text[:120], 0, para.span))
    return out


def _managers(people: PeopleIndex, adviser_of: dict[str, tuple[PersonName, str | None]],
              biographies, advisers: list[AdviserFacts]) -> list[ManagerFacts]:
    by_key = {key: ManagerFacts(name=person, adviser=adviser)
              for key, (person, adviser) in adviser_of.items()}
    for bio in biographies:
        if not people.knows(bio.name):
            continue
        person = people.resolve(bio.name)
        adviser = (adviser_of[person.key][1] if person.key in adviser_of
                   else advisers[0].name if len(advisers) == 1 else None)
        by_key[person.key] = ManagerFacts(name=person, adviser=adviser, title=bio.title,
                                          joined_adviser_date=bio.joined_date, span=bio.span)
    return list(by_key.values())


def _attribute_prose(sections: list[ProseSection], advisers: list[AdviserFacts]) -> list[ProseSection]:
    if len(advisers) != 1:
        return sections
    return [ProseSection(s.kind, advisers[0].name, s.heading, s.body, s.span) for s in sections]
