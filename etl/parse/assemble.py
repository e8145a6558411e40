"""From a document's parts (paragraphs and tables, in order) to a ParsedDocument.

Format-agnostic: text and HTML documents both arrive here as DocumentParts. Each table is read
with what its surroundings say: the heading or lead-in that names its manager or fund, the
units phrase, the footnotes under it, and the dated sentence that gives its as-of date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import heapq
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

from etl.limits import DEFAULT_LIMITS, LimitExceeded, Limits
from etl.parse.accounts_grid import (
    AccountsReading,
    TableContext,
    fee_basis,
    may_hold_accounts,
    read_accounts_grid,
    slot_span,
    strip_marks,
)
from etl.parse.document_parts import DocumentParts, TablePart
from etl.parse.folding import lowered_joined
from etl.parse.grid import is_footnote_mark, ownership_grid_from_text_table
from etl.parse.names import (
    PersonName,
    clean_person_text,
    looks_like_fund_name,
    looks_like_person,
    names_a_topic,
    organization_key,
    parse_person_name,
)
from etl.parse.ownership_grid import (
    TRUSTEE_WORDS,
    is_ownership_value,
    legend_from,
    read_ownership_grid,
)
from etl.parse.ownership_prose import OwnershipStatement, may_state_ownership, may_state_range, people_in, read_statement
from etl.parse.people_audit import named_managers
from etl.parse.prose import (
    ACCOUNTS_SECTION,
    ACCOUNTS_TOPIC,
    OWNERSHIP_SECTION,
    OWNERSHIP_TOPIC,
    PROSE_HEADINGS,
    Paragraph,
    ends_section,
    prefer_printed_case,
    read_advisers,
    read_biographies,
    read_cover,
    registrant_from_caption,
    sentences,
)
from etl.parse.prose_accounts import with_prose_accounts
from etl.parse.records import (
    AccountFigures,
    AdviserFacts,
    Category,
    ManagerFacts,
    OwnershipRange,
    ParsedDocument,
    ProseKind,
    ProseSection,
    SectionNotice,
    Span,
)
from etl.parse.scope import FUND_REACH, Scope
from etl.parse.storable import storable_accounts, storable_ownership
from etl.parse.text_ownership import (
    OwnershipRow,
    TableReading,
    has_range_columns,
    read_ownership_table,
)
from etl.parse.units import unit_in_prose as unit_in
from etl.parse.values import MONTH_DATE, find_dates, parse_dollar_range

_FUND_HEADING = re.compile(r"\b(fund|portfolio)\b", re.I)
_MANAGED_BY = re.compile(
    r"(?:managed\s+by|for|by)\s+(?P<name>(?:Mr|Ms|Mrs|Dr)\.\s+[A-Z][\w\-]+(?:'[A-Za-rt-z][\w\-]*)?|"
    r"[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z]+)?\s+[A-Z][\w'\-]+)")
# (a line matches wherever its whitespace-collapsed form does: the marker is then its whole first
# word, with whitespace and more after it; so a line as printed is tested first, and only one
# that may open a note, or goes on one, is collapsed)
_FOOTNOTE_LINE = re.compile(r"^\s*(\(?(?:\d{1,2}|[a-z]|\*{1,3}|[\u2020\u2021])\)?)\s+(.+)$", re.S)
# a note saying one manager's information is given as of some other date
# a note saying one manager's figures are given at another time: "Information for the portfolio
# manager has been provided as of ...", "Began serving October 15. Information is as of ..."
_REDATED = re.compile(r"\binformation\s+(?:for|about|on|regarding|is|has|was)\b|\bbegan\s+serving\b[^.]*\.\s*\w"
                      r"|\b(?:information|figures|data)\b[^.]*\b(?:as\s+of|provided|shown|given)\b", re.I)
_INFORMATION_AS_OF = re.compile(r"\b(?:following\s+)?information\b[^.]*\b(?:provided|given|is|are)\s+as\s+of\b", re.I)
_NOTE_OF_TABLE_ABOVE = re.compile(r"^\s*(?:\*{1,3}|\(\d{1,2}\)|[\u2020\u2021])\s*\S")
_DATE_IN = re.compile(r"as\s+of\s+(" + MONTH_DATE.pattern + ")", re.I)
# what a lead-in dates a table with: "as of ...", "as at ...", "for the period ended ..."
_LEAD_IN_DATE = re.compile(r"(?:as\s+(?:of|at)|(?:period|year)\s+end(?:ed|ing))\s+(" + MONTH_DATE.pattern + ")", re.I)
_PERFORMANCE_TITLE = re.compile(r"(?:pay|paying|charge|subject\s+to)\s+(?:an?\s+)?(?:performance|incentive)"
                                r"|performance[- ]based\s+(?:advisory\s+)?fees?\b(?!.*\b(?:and|all)\b)", re.I)
# a lead-in that introduces a table of the performance-fee accounts only: "Of the accounts above,
# the following pay an advisory fee based on the performance of the account"
_PERFORMANCE_LEAD_IN = re.compile(
    r"(?:pay|pays|paying|charge|charges|charged|subject\s+to)\s+(?:an?\s+|the\s+)?(?:advisory\s+|management\s+)?"
    r"(?:fees?\s+)?(?:that\s+is\s+|which\s+is\s+)?(?:based\s+(?:\w+\s+){0,2}on\s+(?:the\s+)?)?(?:performance|incentive)"
    r"|\bwith\s+respect\s+to\s+which\s+the\s+(?:advisory\s+)?fee\s+is\s+based\s+on\s+(?:the\s+)?performance", re.I)
_WHOLE_TABLE = re.compile(r"\b(?:including|includes|as\s+well\s+as|also|if\s+any|no|none|not|neither)\b"
                          r"|\b(?:all|total)\s+(?:of\s+)?(?:the\s+)?(?:other\s+)?accounts\b|\band\s+those\b", re.I)
_INTRODUCES_TABLE = re.compile(r"\b(?:following|below|table)\b|:\s*$", re.I)
# cheap first tests, so that the paragraphs of a long prospectus are not searched in full
_ABOUT_TABLE = re.compile(r"\b(?:this|the\s+above|these)\s+tables?\b|\bfigures\b|\binformation\s+(?:above|shown)",
                          re.I)
_EVERY_FUND = re.compile(r"\b(?:either|any|each|all|both)\s+(?:of\s+the\s+)?(?:Portfolio|Fund)s?\b"
                         r"|\bthe\s+(?:Portfolios|Funds)\b")
_FUND_OF_TRUST = re.compile(r"^an?\s+(?:fund|series|portfolio)\s+of\b", re.I)
_CLASS_LINE = re.compile(r"\bclass(?:es)?\b|\bshares\b", re.I)
_NAMED_FUND = re.compile(r"((?:[A-Z][\w&.'\u2019\u00ae-]*\s+)+(?:Fund|Portfolio))\b")
_SHARES_OF_FUND = re.compile(
    r"(?:shares|securities|interests)\s+(?:of|in)\s+(?:the\s+)?((?:[A-Z][\w&.'\u2019\u00ae-]*\s+)+?(?:Fund|Portfolio))\b")
_FULL_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z]+)?\s+[A-Z][a-z][\w'\-]+(?:,?\s+(?:Jr\.|Sr\.|III|II|IV))?")
# READ_IN_VAIN: a loop over the items skips the paragraph object it last read in vain, when what
# it reads of a paragraph depends on that object alone (its lines), not on where it stands: the
# same object gives the same nothing again. A focused document repeats one neutral paragraph
# object for each run of text left out (`regions.with_gaps`): ~650 of a prospectus's ~800 items.
# A compensation or conflicts section is a few paragraphs (the seed's, the longest seen, is 12);
# without a cap, a section with no closing heading would take in the rest of the document.
_SECTION_PARAGRAPHS = 20
_T = TypeVar("_T")
_MR_NAME = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Messrs)\.\s+([A-Z][\w\-]+(?:'[A-Za-rt-z][\w\-]*)?)")


class PeopleIndex:
    """Resolves the spellings of people in one document to one PersonName each.

    "Hoover,Jr.", "E. Clifton Hoover, Jr." and "Mr. Hoover" are one person when the document
    names only one Hoover.
    """

    def __init__(self, texts: list[str], more_names: Callable[[], list[str]] | None = None):
        self._more_names = more_names  # full names from prose, read only when a bare family name needs them
        self._index(texts)

    def _index(self, texts: list[str]) -> None:
        best: dict[str, PersonName] = getattr(self, "_by_key", {})
        for name in (parse_person_name(t) for t in texts if t.strip()):
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
        if not name.given and self._more_names is not None and name.family.lower() not in self._by_family:
            more, self._more_names = self._more_names(), None
            self._index(more)
        candidates = self._by_family.get(name.family.lower(), [])
        if len(candidates) == 1 and (not name.given or name.given[0] == candidates[0].given[0]):
            return candidates[0]
        return name

    def knows(self, text: str) -> bool:
        return self.resolve(text).key in self._by_key


# a facing page stands among a registration statement's first paragraphs and tables
_FACING_PAGE_ITEMS = 80
# how many paragraphs above a table its lead-in or title may be, headings and managers' names
# passed (real lead-ins sit within 20); a bound, so that each table's look costs the same
_REACH = 60


class _Reader:
    def __init__(self, parts: DocumentParts, parser_version: str, limits: Limits = DEFAULT_LIMITS,
                 offsets: Sequence[int] | None = None):
        self.parts = parts
        # where each line of the whole document starts: reaches are measured in its characters
        self.offsets = offsets if offsets is not None else [0]
        self.limits = limits
        self.items = parts.items
        self.paragraphs = parts.paragraphs
        self.parser_version = parser_version
        self.full_text = "\n".join(paragraph.text for paragraph in self.paragraphs)  # parts.full_text, listed once
        self.cover = read_cover(self.paragraphs, self.full_text)
        if self.cover.registrant is None:  # a registration statement's facing page names it
            self.cover = replace(self.cover, registrant=self._registrant_on_facing_page())
        self.adviser_problems: list[tuple[Span, str]] = []  # told as "prose_not_read" findings
        self.advisers = read_advisers(self.paragraphs, self.full_text, self.adviser_problems)
        self.notes: list[tuple[int, str]] = []  # (line, note): kept within reach of the figures
        self.fund_headings = self._fund_headings()
        self._dated_statements: dict[tuple, dict[int, dt.date | None]] = {}  # see _dated_statement_before

    def _registrant_on_facing_page(self) -> str | None:
        texts: list[str] = []
        for item in self.items[:_FACING_PAGE_ITEMS]:
            if isinstance(item, Paragraph):
                texts.append("\n".join(item.lines))
            elif item.grid is not None:
                texts += [cell.flat for row in item.grid.rows for cell in row if cell.flat and not cell.is_copy]
        name = registrant_from_caption(texts)
        # the full text lowered paragraph by paragraph: a focused document's filler paragraph once
        low = lowered_joined([paragraph.text for paragraph in self.paragraphs]) if name else None
        return prefer_printed_case(name, self.full_text, low) if name else None

    def _nearest_fund_heading(self, index: int) -> str | None:
        """The nearest heading naming a fund before item ``index``, however many tables back,
        within `scope.FUND_REACH` characters."""
        positions = self._fund_heading_positions
        at = bisect.bisect_left(positions, index)
        if not at or self._reach.distance(_line_of(self.items[positions[at - 1]]),
                                          _line_of(self.items[index])) > FUND_REACH:
            return None
        return self.fund_headings[positions[at - 1]]

    @functools.cached_property
    def _reach(self) -> Scope:
        return Scope((), self.offsets)

    @functools.cached_property
    def _fund_heading_positions(self) -> list[int]:
        return sorted(self.fund_headings)

    def _fund_headings(self) -> dict[int, str]:
        """Item index -> fund named by a heading there: a fund-like title, or whatever title
        stands above "A Fund of Fidelity Commonwealth Trust" (class lines skipped)."""
        found: dict[int, str] = {}
        for index, item in self._headings:
            if _FUND_OF_TRUST.match(item.text):
                for back in range(index - 1, max(index - 4, -1), -1):
                    above = self.items[back]
                    if isinstance(above, Paragraph) and above.is_heading and not _CLASS_LINE.search(above.text) \
                            and not names_a_topic(above.text):
                        found[back] = above.text
                        break
            elif looks_like_fund_name(item.text):
                found[index] = item.text
        return found

    # --- surroundings of an item ----------------------------------------------------------

    def _paragraphs_before(self, index: int, limit: int = 6) -> list[Paragraph]:
        """The paragraphs just above the item, nearest first: the tables right above it are
        passed over (found through an index: tables back to back cost no search each)."""
        out = []
        at = self._last_paragraph_at[index - 1] if index > 0 else -1
        while at >= 0 and not isinstance(self.items[at], TablePart) and len(out) < limit:
            out.append(self.items[at])
            at -= 1
        return out

    def _paragraphs_back(self, position: int):
        """(position, paragraph) at ``position`` and above it, nearest first, tables passed over."""
        at = self._last_paragraph_at[position] if position >= 0 else -1
        while at >= 0:
            yield at, self.items[at]
            at = self._last_paragraph_at[at - 1] if at > 0 else -1

    @functools.cached_property
    def _last_paragraph_at(self) -> list[int]:
        """For each item, the position of the last paragraph up to it (-1: none): its own
        position, but for a table, whose answer is that of the item before it (tables are few:
        each is set from the one before, in order, after the paragraphs' own positions)."""
        out = list(range(len(self.items)))
        for position, _ in self._tables:
            out[position] = out[position - 1] if position else -1
        return out

    # A focused document is mostly its neutral paragraphs (READ_IN_VAIN): loops that read only
    # the tables, or only the headings, go through these lists, listed once.
    @functools.cached_property
    def _tables(self) -> list[tuple[int, TablePart]]:
        """(position, table) for each table, in order."""
        return [(position, item) for position, item in enumerate(self.items) if isinstance(item, TablePart)]

    @functools.cached_property
    def _headings(self) -> list[tuple[int, Paragraph]]:
        """(position, paragraph) for each heading (`Paragraph.is_heading`), in order."""
        return [(position, item) for position, item in enumerate(self.items)
                if not isinstance(item, TablePart) and item.is_heading]

    def _paragraphs_after(self, index: int, limit: int = 6) -> list[Paragraph]:
        out = []
        for item in map(self.items.__getitem__, range(index + 1, len(self.items))):
            if isinstance(item, TablePart):
                break
            out.append(item)
            if len(out) >= limit:
                break
        return out

    def as_of(self, index: int, topic: re.Pattern[str], avoid: re.Pattern[str] | None = None,
              extra: list[str] = ()) -> dt.date | None:
        """The table's as-of date: in its caption; else in the lead-in just above it ("The
        following information is given as of ..."); else the nearest dated statement on
        ``topic`` before it."""
        for text in extra:
            if match := _DATE_IN.search(text):
                return find_dates(match.group(0))[0][1]
        lead_in = [s for p in self._lead_in(index) for _, s in sentences(p.text) if _LEAD_IN_DATE.search(s)]
        on_topic = [s for s in lead_in if topic.search(s) and not (avoid and avoid.search(s)
                                                                  and not ACCOUNTS_TOPIC.search(s))]
        for sentence in on_topic or [s for s in lead_in if not OWNERSHIP_TOPIC.search(s)
                                     and not ACCOUNTS_TOPIC.search(s)]:
            return find_dates(_LEAD_IN_DATE.search(sentence).group(0))[0][1]
        # a note under the table: "Ranges of Fund shares owned are stated as of March 31, 2023."
        for paragraph in self._paragraphs_after(index, 3):
            if paragraph.is_heading:
                break  # the next section
            if topic is ACCOUNTS_TOPIC and _FOOTNOTE_LINE.match(paragraph.text):
                continue  # "* Information shown is as of ...": only for the figures marked "*"
            for _, sentence in sentences(paragraph.text):
                if TRUSTEE_WORDS.search(sentence):
                    continue
                about_table = topic.search(sentence) or _ABOUT_TABLE.search(sentence)
                if _DATE_IN.search(sentence) and about_table and not (
                        avoid and avoid.search(sentence) and not ACCOUNTS_TOPIC.search(sentence)):
                    return find_dates(_DATE_IN.search(sentence).group(0))[0][1]
        return self._dated_statement_before(index, topic, avoid)

    def _dated_statement_before(self, index: int, topic: re.Pattern[str], avoid: re.Pattern[str] | None) -> dt.date | None:
        """The date of the nearest statement on ``topic`` at or above ``index``. What a walk up
        finds is remembered for every paragraph it passed (tables read top to bottom ask again
        and again of the same paragraphs; each is read once per topic)."""
        known = self._dated_statements.setdefault((topic, avoid), {})
        passed, found = [], None
        for at, item in self._paragraphs_back(index):
            if at in known:
                found = known[at]
                break
            passed.append(at)
            if (found := _dated_statement(item, topic, avoid)) is not None:
                break
        known.update(dict.fromkeys(passed, found))
        return found

    def _section_title(self, index: int) -> str:
        """The title a table sits under: the nearest heading or run-in title ("Accounts with
        Performance-Based Fees. Some of ...") above it, past managers' names and sibling tables."""
        for _, item in itertools.islice(self._paragraphs_back(index - 1), _REACH):
            cleaned = clean_person_text(strip_marks(item.text.rstrip(":"))[0])
            if item.is_heading and looks_like_person(cleaned):
                continue
            if item.is_heading:
                return item.text
            run_in = item.text.split(". ", 1)[0]
            return run_in if len(run_in) <= 80 else ""
        return ""

    def _lead_in(self, index: int, count: int = 2) -> list[Paragraph]:
        """The nearest paragraphs of running text above a table, past headings and past other
        tables of the same run ("the information in these tables is given as of ...")."""
        found: list[Paragraph] = []
        running = 0
        for _, item in itertools.islice(self._paragraphs_back(index - 1), _REACH):
            if _NOTE_OF_TABLE_ABOVE.match(item.text):
                break  # "* As of November 30, 2019." under the table above is that table's
            found.append(item)  # headings too ("Other Accounts Managed as of ..."), uncounted
            running += not item.is_heading
            if running >= count:
                break
        return found

    def footnotes_from(self, index: int) -> dict[str, str]:
        """Footnote definitions for the table at ``index``: for each marker, the nearest
        definition after the table, else the nearest before it (a note shared by two tables)."""
        notes = {}
        for marker, (positions, texts) in self._footnotes_by_marker.items():
            after = bisect.bisect_right(positions, index)
            notes[marker] = texts[after] if after < len(positions) else texts[after - 1]
        return notes

    @functools.cached_property
    def _footnotes_by_marker(self) -> dict[str, tuple[list[int], list[str]]]:
        """Each marker's definitions, positions and texts in document order (markers in the
        order they are first defined)."""
        by_marker: dict[str, tuple[list[int], list[str]]] = {}
        for position, marker, text in self._footnote_definitions:
            positions, texts = by_marker.setdefault(marker, ([], []))
            positions.append(position)
            texts.append(text)
        return by_marker

    @functools.cached_property
    def _footnote_definitions(self) -> list[tuple[int, str, str]]:
        found = []
        in_vain = None  # the last paragraph that defined no note (see READ_IN_VAIN)
        for position, item in enumerate(self.items):
            if isinstance(item, TablePart):
                if item.grid is None:
                    continue
                for row in item.grid.rows:
                    texts = [c.flat for c in row if c.flat and not c.is_copy]
                    if len(texts) >= 2 and is_footnote_mark(texts[0]):
                        found.append((position, texts[0].strip("()"), " ".join(texts[1:])))
                continue
            if item is in_vain:
                continue
            # a paragraph may hold several notes, each opening a line with its marker
            current = None
            before = len(found)
            for line in item.lines:
                if current is None and not _FOOTNOTE_LINE.match(line):
                    continue  # a cheap first test, sound: see _FOOTNOTE_LINE
                line = " ".join(line.split())
                if match := _FOOTNOTE_LINE.match(line):
                    current = [position, match.group(1).strip("()"), match.group(2)]
                    found.append(current)
                elif current is not None and line:
                    current[2] = f"{current[2]} {line}"
            in_vain = item if len(found) == before else in_vain
        return [tuple(f) for f in found]

    def table_context(self, index: int) -> TableContext:
        before = self._paragraphs_before(index)
        after = self._paragraphs_after(index)
        manager = None
        for paragraph in before[:3]:
            text = paragraph.text
            cleaned = clean_person_text(strip_marks(text.rstrip(":"))[0])
            if len(text.split()) <= 8 and looks_like_person(cleaned):
                manager = cleaned
                break
            if ACCOUNTS_TOPIC.search(text):
                if match := _MANAGED_BY.search(text):
                    manager = match.group("name")
                    break
                named = {parse_person_name(n).family: n for n in _names_in(text)}
                if len(named) == 1:  # "As of April 30, 2018, Ms. Brill was also responsible for ..."
                    manager = next(iter(named.values()))
                    break
        # the nearest heading naming a fund, however many tables back: a fund's section
        fund = self._nearest_fund_heading(index) or (
            self._fund_with_manager(before, manager) if manager else None) or self.cover.fund
        # a units phrase next to the table, or in the lead-in of its run of tables ("Total
        # assets are shown in millions." above a sentence naming each table's manager)
        unit = next((u for p in before[:2] + after[:3] + self._lead_in(index, 3) if (u := unit_in(p.text))), None)
        footnotes = self.footnotes_from(index)
        performance_only = bool(_PERFORMANCE_TITLE.search(self._section_title(index))) or any(
            _PERFORMANCE_LEAD_IN.search(s) and _INTRODUCES_TABLE.search(s) and not _WHOLE_TABLE.search(s)
            and fee_basis(s) == "performance"
            for p in before[:1] if not p.is_heading for _, s in sentences(p.text)[-1:])
        return TableContext(manager=manager, fund=fund, unit=unit, performance_only=performance_only,
                            lines_are_stacks=isinstance(self.items[index], TablePart)
                            and self.items[index].text_table is None,
                            footnotes=footnotes)

    # --- the document ---------------------------------------------------------------------

    def _read_tables(self) -> tuple[list[tuple[int, AccountsReading, TableContext]],
                                    list[tuple[int, TableReading, TableContext]]]:
        """Every table read as other accounts or ownership; a table not read is a failure."""
        self.failures: list[SectionNotice] = []
        account_readings: list[tuple[int, AccountsReading, TableContext]] = []
        ownership_readings: list[tuple[int, TableReading, TableContext]] = []
        for index, item in self._tables:
            if item.not_read:
                where, span = _place(item)
                self.failures.append(SectionNotice("table", where, 0, span, (f"{where} was not read: {item.not_read}",)))
            else:
                self._isolated(_place(item), self._read_table, index, item, account_readings, ownership_readings)
        return account_readings, ownership_readings

    def read(self) -> ParsedDocument:
        account_readings, ownership_readings = self._read_tables()
        people = PeopleIndex([s.manager_text for _, r, _ in account_readings for s in r.slots]
                             + [row.manager_text for _, r, _ in ownership_readings for row in r.ownership_rows],
                             more_names=self._full_names_in_prose)
        single_adviser = self.advisers[0].name if len(self.advisers) == 1 else None
        accounts: list[AccountFigures] = []
        ownership: list[OwnershipRange] = []
        sections: list[SectionNotice] = []
        for readings, rows, figures in ((account_readings, accounts, self._account_figures),
                                        (ownership_readings, ownership, self._ownership_figures)):
            for index, reading, context in readings:
                read = self._isolated(_place(self.items[index]), figures, index, reading, context, people,
                                      single_adviser)
                if read is not None:
                    rows += read[0]
                    sections.append(read[1])
        accounts = _merge_split_tables(accounts)
        read = self._isolated(  # figures stated in sentences; performance fees in prose
            ("other accounts stated in prose", None), with_prose_accounts, accounts, sections, self.items,
            people.resolve, single_adviser, lambda i: self._nearest_fund_heading(i) or self.cover.fund, kind="prose")
        if read is not None:
            accounts, sections = read
        adviser_of: dict[str, tuple[PersonName, str | None]] = {}
        for row in (*accounts, *ownership):
            adviser_of.setdefault(row.manager.key, (row.manager, single_adviser))
        ownership += self._isolated(("ownership stated in prose", None), self._ownership_in_prose, people,
                                    accounts, ownership, kind="prose") or []
        sections += self._sections_not_read(accounts, ownership)
        scope = Scope(((row.span.line_start, row.span.line_end) for row in (*accounts, *ownership)), self.offsets)
        managers = self._isolated(("the managers' biographies", None), self._managers, people, adviser_of,
                                  kind="prose") or [ManagerFacts(name=p, adviser=a) for p, a in adviser_of.values()]
        prose = [section for section in self._isolated(("the compensation and conflicts sections", None),
                                                       self._prose, single_adviser, kind="prose") or []
                 if scope.holds(section.span.line_start)]
        funds = [self.cover.fund, *[a.fund for a in accounts], *[o.fund for o in ownership]]
        tables = {index: context.manager for index, _, context in (*account_readings, *ownership_readings)}
        named = self._isolated(("the managers the disclosure names", None), named_managers, self.items, tables,
                               people.resolve, scope.holds, kind="prose") or ()
        accounts, too_large = storable_accounts(accounts)
        ownership, too_wide = storable_ownership(ownership)
        sections += too_large + too_wide
        return ParsedDocument(
            parser_version=self.parser_version,
            registrant=self.cover.registrant,
            document_date=self.cover.document_date,
            funds=tuple(dict.fromkeys(f for f in funds if f)),
            advisers=tuple(self.advisers),
            managers=tuple(managers),
            accounts=tuple(accounts),
            ownership=tuple(ownership),
            prose=tuple(prose),
            sections=tuple(sections + self.failures + [SectionNotice("prose", "the adviser's introduction", 0, span,
                                                                       (problem,)) for span, problem in self.adviser_problems]),
            named_managers=named,
            line_count=self.parts.line_count,
            notes=tuple(note for line, note in self.notes if scope.holds(line)),
        )

    def _isolated(self, place: tuple[str, Span | None], read: Callable[..., _T], *args, kind: str = "table") -> _T | None:
        """``read(*args)``; or, when it raises, None and a notice that the table or prose step
        at ``place`` could not be read (a finding): one part that trips the parser must not
        cost the rest of the document. MemoryError (and KeyboardInterrupt) still stop it."""
        try:
            return read(*args)
        except MemoryError:
            raise
        except Exception as error:  # noqa: BLE001 - any parser bug, isolated to its part
            where, span = place
            reason = str(error) if isinstance(error, LimitExceeded) else f"{type(error).__name__}: {error}"
            self.failures.append(SectionNotice(kind, where, 0, span, (f"{where} could not be read: {reason}",)))
            return None

    def _read_table(self, index: int, item: TablePart, account_readings: list, ownership_readings: list) -> None:
        # the surroundings cost more than the test that most tables fail: read them when needed
        context = self.table_context(index) if item.grid is not None and may_hold_accounts(item.grid) else None
        accounts = read_accounts_grid(item.grid, context) if context is not None else None
        if accounts is not None and account_readings and self._continues(account_readings[-1], index, accounts):
            # the same table resumed after a page break: the fund of its last rows goes on
            context.fund = account_readings[-1][1].last_fund
            accounts = read_accounts_grid(item.grid, context)
        if accounts is not None:
            account_readings.append((index, accounts, context))
        ownership = self._read_ownership(index, item, combined=accounts is not None)
        if ownership is None:
            return
        if ownership.kind in ("trustee_ownership", "notional"):
            what = "trustees' ownership" if ownership.kind == "trustee_ownership" else \
                "notional (deferred-compensation) exposure"
            self.notes.append((item.start_line, f"lines {item.start_line}-{item.end_line}: {what} table, not loaded"))
            return
        ownership_readings.append((index, ownership, context or self.table_context(index)))

    def _account_figures(self, index: int, reading: AccountsReading, context: TableContext, people: PeopleIndex,
                         adviser: str | None) -> tuple[list[AccountFigures], SectionNotice]:
        item = self.items[index]
        as_of = _dated_by_note(reading.header_marks, context, None) or self.as_of(
            index, ACCOUNTS_TOPIC, avoid=OWNERSHIP_TOPIC, extra=_table_titles(item))
        rows = [AccountFigures(
            manager=people.resolve(slot.manager_text), adviser=adviser, fund=slot.fund,
            category=slot.category,
            num_accounts=slot.values.get("num_accounts"),
            total_assets_usd=slot.values.get("total_assets_usd"),
            perf_num_accounts=slot.values.get("perf_num_accounts"),
            perf_total_assets_usd=slot.values.get("perf_total_assets_usd"),
            as_of_date=_dated_by_note(slot.name_marks, context,
                                      self._manager_as_of(index, slot.manager_text) or as_of),
            span=slot_span(slot),
            excludes_performance=slot.excludes_performance,
        ) for slot in reading.slots]
        return rows, SectionNotice("other_accounts", _heading(item), len(reading.slots),
                                   Span(item.start_line, item.end_line, ""), tuple(reading.problems))

    def _ownership_figures(self, index: int, reading: TableReading, context: TableContext, people: PeopleIndex,
                           adviser: str | None) -> tuple[list[OwnershipRange], SectionNotice]:
        item = self.items[index]
        as_of = self.as_of(index, OWNERSHIP_TOPIC)
        rows = [OwnershipRange(
            manager=people.resolve(row.manager_text), adviser=adviser, fund=row.fund or context.fund,
            range_low_usd=row.range_low_usd, range_high_usd=row.range_high_usd,
            range_label=row.range_label,
            as_of_date=self._ownership_row_date(index, row, as_of), span=row.span,
        ) for row in reading.ownership_rows]
        return rows, SectionNotice("ownership", _heading(item), len(reading.ownership_rows),
                                   Span(item.start_line, item.end_line, ""), tuple(reading.problems))

    def _full_names_in_prose(self) -> list[str]:
        """Full names written in the text, so that "Mr. Whitmore" in a lead-in resolves to
        "Gordon P. Whitmore" named elsewhere; table cells count too ("Growth Fund (Ann B. Lee,
        Bo Park and Cy Diaz)", a team named in a fund's row)."""
        names = []
        cells = [c.flat for item in self.items if isinstance(item, TablePart) and item.grid is not None
                 for row in item.grid.rows for c in row if not c.is_copy and "(" in c.flat]
        for text in [*(paragraph.text for paragraph in self.paragraphs), *cells]:
            for match in _FULL_NAME.finditer(text):
                if looks_like_person(match.group(0)):
                    names.append(match.group(0))
        return names

    def _continues(self, previous: tuple[int, AccountsReading, TableContext], index: int,
                   reading: AccountsReading) -> bool:
        """A table that resumes the previous one across a page break: the same headings, and
        between them only page furniture (page numbers, running headers), no fund heading."""
        before_index, before, _ = previous
        between = self.items[before_index + 1:index]
        return (bool(before.last_fund) and reading.header_signature == before.header_signature
                and len(between) <= 4
                and all(isinstance(i, Paragraph) and i.is_heading and len(i.text) <= 80 for i in between)
                and not any(i in self.fund_headings for i in range(before_index + 1, index)))

    def _manager_as_of(self, index: int, manager_text: str) -> dt.date | None:
        """A footnote giving one manager's figures as of another date."""
        family = parse_person_name(manager_text).family
        if not family:
            return None
        for paragraph in self._paragraphs_after(index, 4):
            for _, sentence in sentences(paragraph.text):
                if family in sentence and re.search(r"\bas\s+of\b", sentence) and \
                        re.search(r"information|figures|data|assets|accounts", sentence, re.I):
                    dates = find_dates(sentence)
                    if dates:
                        return dates[0][1]
        return None

    def _read_ownership(self, index: int, item: TablePart, combined: bool) -> TableReading | None:
        grid = item.grid
        if item.text_table is not None:
            if combined:
                return None
            if has_range_columns(item.text_table):
                return read_ownership_table(item.text_table)  # marks under range columns
            grid = ownership_grid_from_text_table(item.text_table, is_ownership_value, self.limits)
        if grid is None:
            return None
        around = " ".join(p.text for p in self._paragraphs_before(index, 3)[::-1] + self._paragraphs_after(index, 3))
        legend = legend_from(around + " " + " ".join(c.flat for row in grid.rows for c in row))
        before = " ".join(p.text for p in self._paragraphs_before(index, 2)[::-1])
        return read_ownership_grid(grid, legend, before, combined=combined)

    def _ownership_row_date(self, index: int, row: OwnershipRow, table_date: dt.date | None) -> dt.date | None:
        """A row's date: the table's, unless a note on the manager's name gives another ("3 Began
        serving October 15. Information is as of August 31, 2020."), or says his information is
        given as of another date that it does not state (cut off): then None. A note under the
        table counts; one above it only when it names him (a note shared with the table above)."""
        family = parse_person_name(row.manager_text).family
        notes: dict[str, str] = {}
        for position, marker, text in self._footnote_definitions:
            if position > index:
                notes.setdefault(marker, text)
            elif family and family in text:
                notes[marker] = text
        for mark in (m.strip("()") for group in row.name_marks for m in re.split(r"[,\s]+", group) if m):
            if (text := notes.get(mark)) and (dated := note_date(text)):
                return dated[0]
        return table_date

    def _ownership_in_prose(self, people: PeopleIndex, accounts: list[AccountFigures],
                            ownership: list[OwnershipRange]) -> list[OwnershipRange]:
        """Ownership stated in sentences (see `etl.parse.ownership_prose`): "Mr. Lindgren and
        Mr. Sorvino did not beneficially own shares of the Fund", "... owned by A, B and C
        was $0, $0 and $0, respectively", "the other portfolio managers did not own shares",
        "Dollar value range of shares owned in the Fund: None." (the manager the passage is
        about). Managers come from the sentence itself, else from the tables, else from the
        text around it. A table's figure for a manager wins over a sentence."""
        known: dict[str, tuple[PersonName, str | None]] = {}
        for row in [*accounts, *ownership]:
            known.setdefault(row.manager.key, (row.manager, row.fund))
        owned = {o.manager.key for o in ownership}
        found: list[OwnershipRange] = []
        adviser = self.advisers[0].name if len(self.advisers) == 1 else None
        for index, item, sentence, statement in self._ownership_statements():
            span = Span(item.line_start, item.line_end, sentence)
            if statement.problem:
                self._prose_problems.append((span, statement.problem))
                continue
            for person, label in self._prose_owners(statement, index, people, known, owned):
                if person.key in owned:
                    continue
                for fund in self._funds_in(sentence) or [known.get(person.key, (None, None))[1]
                                                         or self._nearest_fund_heading(index) or self.cover.fund]:
                    if any(f.manager.key == person.key and f.fund == fund for f in found):
                        continue
                    low, high = parse_dollar_range(label)
                    found.append(OwnershipRange(
                        manager=person, adviser=adviser, fund=fund,
                        range_low_usd=low, range_high_usd=high, range_label=label,
                        as_of_date=self._prose_date(index, sentence), span=span))
        return found

    def _prose_date(self, index: int, sentence: str) -> dt.date | None:
        """An ownership sentence's date: its own; else that of the statement introducing the
        passage ("The following information for Ann Lee is provided as of May 31, 2018.");
        else the nearest dated statement about ownership."""
        if date := _date_of(sentence):
            return date
        for item in reversed(self.items[max(0, index - 8):index + 1]):
            if isinstance(item, TablePart):
                continue
            for _, said in reversed(sentences(item.text)):
                if said != sentence and _INFORMATION_AS_OF.search(said) and not TRUSTEE_WORDS.search(said):
                    match = _DATE_IN.search(said)
                    return find_dates(match.group(0))[0][1] if match else None
        return self.as_of(index, OWNERSHIP_TOPIC)

    @functools.cached_property
    def _prose_problems(self) -> list[tuple[Span, str]]:
        """Ownership sentences that could not be read, for the section notices."""
        return []

    def _ownership_statements(self):
        """(item index, paragraph, sentence, statement) for each sentence stating ownership."""
        in_vain = None  # the last paragraph that failed the first test (see READ_IN_VAIN)
        for index, item in enumerate(self.items):
            if isinstance(item, TablePart) or item is in_vain:
                continue
            # may_state_range: the region scan's sound first test of the same reading (a statement
            # has a range: a digit, "none", or words saying nothing is owned; tests/test_region_scan.py)
            if not may_state_ownership(item.text) or not may_state_range(item.text):
                in_vain = item
                continue
            for _, sentence in sentences(item.text):
                statement = read_statement(sentence)
                if statement is not None:
                    yield index, item, sentence, statement

    def _prose_owners(self, statement: OwnershipStatement, index: int, people: PeopleIndex,
                      known: dict[str, tuple[PersonName, str | None]], owned: set[str]):
        """(person, range label) for each manager a statement covers."""
        if statement.who == "named":
            return [(people.resolve(name), label) for name, label in statement.pairs()]
        label = statement.labels[0]
        if statement.who == "others":
            return [(person, label) for key, (person, _) in known.items() if key not in owned]
        if statement.who == "every":
            persons = [person for person, _ in known.values()] or \
                [people.resolve(n) for n in self._roster_before(index)]
            return [(person, label) for person in persons]
        implied = self._manager_of_passage(index) or (
            next(iter(known.values()))[0].full if len(known) == 1 else None)
        return [(people.resolve(implied), label)] if implied else []

    def _roster_before(self, index: int, reach: int = 8) -> list[str]:
        """The people named in the passage before a sentence that speaks of "the portfolio
        managers" when no table names them."""
        names: dict[str, str] = {}
        for item in self.items[max(0, index - reach):index + 1]:
            for name in _people_of_item(item):
                names.setdefault(parse_person_name(name).family.lower(), name)
        return list(names.values())

    def _manager_of_passage(self, index: int, reach: int = 6) -> str | None:
        """The one manager the passage before a sentence is about: the nearest paragraph or
        table above it that names exactly one person ("Qun Liu, Portfolio Manager", a table
        headed "Accounts Managed by Qun Liu")."""
        for item in reversed(self.items[max(0, index - reach):index + 1]):
            families = {parse_person_name(n).family.lower(): n for n in _people_of_item(item)}
            if len(families) == 1:
                return next(iter(families.values()))
            if len(families) > 1 or (isinstance(item, Paragraph) and item.is_heading and ends_section(item)):
                return None
        return None

    @staticmethod
    def _fund_with_manager(paragraphs: list[Paragraph], manager: str) -> str | None:
        """A fund named together with the table's manager just above it: "Select Natural
        Resources Portfolio is now co-managed by Preston Hartwell and Owen Daly."."""
        family = parse_person_name(manager).family
        for paragraph in paragraphs:
            for _, sentence in sentences(paragraph.text):
                if family and family in sentence and (match := _NAMED_FUND.search(sentence)):
                    return match.group(1)
        return None

    def _funds_in(self, sentence: str) -> list[str]:
        """The funds a sentence speaks of: one it names, or every fund of the cover when it
        says "either Portfolio" / "any of the Funds" / "the Portfolios"."""
        named = self._fund_in(sentence)
        if named:
            return [named]
        if _EVERY_FUND.search(sentence):
            for funds in (self._defined_funds, self.cover.funds):
                if len(funds) > 1:
                    return list(funds)
        return []

    @functools.cached_property
    def _defined_funds(self) -> tuple[str, ...]:
        """The funds a document names where it defines its plural: "A Fund and B Fund (the
        "Funds")", "A Portfolio, B Portfolio and C Portfolio (each a "Portfolio" and
        collectively the "Portfolios")"."""
        for paragraph in self.paragraphs:
            for match in _DEFINES_PLURAL.finditer(paragraph.text):
                funds = _fund_list_ending(paragraph.text[:match.start()])
                if len(funds) > 1:
                    return tuple(funds)
        return ()

    def _fund_in(self, sentence: str) -> str | None:
        """The fund a sentence speaks of: "... shares of Eaton Vance Balanced Fund"."""
        key = organization_key(sentence)
        for fund, fund_key in self._known_funds:
            if fund_key in key:
                return fund
        match = _SHARES_OF_FUND.search(sentence)
        return match.group(1) if match else None

    @functools.cached_property
    def _known_funds(self) -> list[tuple[str, str]]:
        """The funds the headings and cover name, longest first, with their keys."""
        known = sorted({*self.fund_headings.values(), *([self.cover.fund] if self.cover.fund else [])},
                       key=len, reverse=True)
        return [(fund, organization_key(fund)) for fund in known]

    def _sections_not_read(self, accounts, ownership) -> list[SectionNotice]:
        out = []
        for kind, pattern, rows in (("other_accounts", ACCOUNTS_SECTION, accounts),
                                    ("ownership", OWNERSHIP_SECTION, ownership)):
            if rows:
                continue
            found = [p for p in self.paragraphs if pattern.search(p.text)]
            if found:
                out.append(SectionNotice(kind, found[0].text[:120], 0, found[0].span))
        for span, problem in self._prose_problems:  # ownership sentences not read
            out.append(SectionNotice("ownership", span.raw_text[:120], 0, span, (f"line {span.line_start}: {problem}",)))
        return out

    def _managers(self, people: PeopleIndex, adviser_of) -> list[ManagerFacts]:
        by_key = {key: ManagerFacts(name=person, adviser=adviser) for key, (person, adviser) in adviser_of.items()}
        for bio in read_biographies(self.paragraphs):
            person = people.resolve(bio.name)
            if person.key not in by_key:  # only managers with figures in this document
                continue
            adviser = adviser_of[person.key][1] if person.key in adviser_of else \
                (self.advisers[0].name if len(self.advisers) == 1 else None)
            by_key[person.key] = ManagerFacts(name=person, adviser=adviser, title=bio.title,
                                              joined_adviser_date=bio.joined_date, span=bio.span)
        return list(by_key.values())

    def _prose(self, adviser: str | None) -> list[ProseSection]:
        out = []
        for index, item in self._headings:
            kind = next((k for k, p in PROSE_HEADINGS.items() if p.search(item.text)), None)
            if kind is None:
                continue
            body: list[Paragraph] = []
            for following in self.items[index + 1:]:
                if isinstance(following, TablePart) or ends_section(following) \
                        or len(body) == _SECTION_PARAGRAPHS:
                    break
                body.append(following)
            if not body:
                continue
            raw = "\n\n".join("\n".join(p.lines) for p in [item, *body])
            out.append(ProseSection(kind=kind, adviser=adviser, heading=item.text,
                                    body="\n\n".join(p.text for p in body),
                                    span=Span(item.line_start, body[-1].line_end, raw)))
        return out


def _dated_statement(item: Paragraph, topic: re.Pattern[str], avoid: re.Pattern[str] | None) -> dt.date | None:
    """The date of a paragraph's last dated statement on ``topic`` (not about trustees, not on
    ``avoid`` unless on the accounts too)."""
    for _, sentence in reversed(sentences(item.text)):
        if not topic.search(sentence) or (avoid and avoid.search(sentence) and not
                                          ACCOUNTS_TOPIC.search(sentence)) or TRUSTEE_WORDS.search(sentence):
            continue
        dates = find_dates(sentence)
        if dates:
            return dates[0][1]
    return None


def _dated_by_note(marks, context: TableContext, default: dt.date | None) -> dt.date | None:
    """The as-of date of a manager's figures: the date a footnote on his name gives them, or
    none when the note says they are dated otherwise but its date cannot be read (the table's
    date would be wrong for them), else ``default``."""
    for mark in (m for group in marks for m in re.split(r"[,\s]+", group) if m):
        if (text := context.footnotes.get(mark.strip("()"))) and (dated := note_date(text)):
            return dated[0]
    return default


def note_date(text: str) -> tuple[dt.date | None] | None:
    """What a note on a manager's name says of his date: (the date,), (None,) when it says his
    figures are dated otherwise but the date cannot be read, or None when it says nothing."""
    if match := _DATE_IN.search(text):
        return (find_dates(match.group(0))[0][1],)
    return (None,) if _REDATED.search(text) else None


def _table_titles(item: TablePart) -> list[str]:
    """The caption and the header cells of a table: "As of March 31, 2014" in its corner."""
    if item.grid is None:
        return []
    return item.grid.caption + [c.flat for row in item.grid.rows[:3] for c in row
                                if not c.is_copy and _DATE_IN.search(c.flat)]


def _place(item: TablePart) -> tuple[str, Span]:
    return f"table at line {item.start_line}", Span(item.start_line, item.end_line, "")


def _heading(item: TablePart) -> str:
    if item.grid is not None and item.grid.caption:
        return item.grid.caption[0]
    return f"table at line {item.start_line}"


def _names_in(sentence: str) -> list[str]:
    names = [m.group(1) for m in _MR_NAME.finditer(sentence)]
    names += re.findall(r"\b(?:and|,)\s+([A-Z][\w'\-]+)\b(?=[^.]*\b(?:did|do|does)\s+not)", sentence) \
        if "Messrs" in sentence else []
    names += [m.group(0) for m in re.finditer(r"\b(?:[A-Z][a-z]+|(?:[A-Z]\.){1,2})(?:\s+[A-Z]\.)?\s*[A-Z][a-z][\w'\-]+\b", sentence)
              if looks_like_person(m.group(0)) and not _IN_FUND_NAME.match(sentence, m.end())]
    return names


# "... the International Leaders Fund": capitalised words that run on into a fund's name
_IN_FUND_NAME = re.compile(r"(?:\s+[A-Z][\w&'\u2019.-]*)*\s+(?:Fund|Funds|Portfolio|Portfolios|Trust)\b")


_DEFINES_PLURAL = re.compile(r"\s*\((?:[^()]*?\b)?(?:the\s+)?[\u201c\"](?:Funds|Portfolios)[\u201d\"]\)")
_LISTED_FUND = re.compile(r"(?:[A-Z][\w&.'\u2019\u00ae/-]*\s+(?:(?:and|of|&|the|for)\s+)?)+?(?:Fund|Portfolio)\b")


def _fund_list_ending(text: str) -> list[str]:
    """The list of fund names that ends ``text``: "... pertaining to A Growth and Income
    Portfolio and B Growth Portfolio" -> both.

    >>> _fund_list_ending("relating to Acme Growth and Income Portfolio, Acme Bond Fund and Acme Value Fund")
    ['Acme Growth and Income Portfolio', 'Acme Bond Fund', 'Acme Value Fund']
    """
    names = list(_LISTED_FUND.finditer(text))
    out: list[str] = []
    end = len(text.rstrip())
    for match in reversed(names):
        between = text[match.end():end]
        if out and not re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)", between) or not out and between.strip():
            break
        out.insert(0, match.group(0))
        end = match.start()
    return out


def _people_of_item(item) -> list[str]:
    """The people a paragraph or a table names: in sentences, in cells, in "managed by <name>"."""
    if isinstance(item, Paragraph):
        return people_in(item.text)
    if item.grid is None:
        return []
    names = []
    for row in item.grid.rows:
        for cell in row:
            if cell.is_copy or not cell.flat:
                continue
            cleaned = clean_person_text(strip_marks(cell.flat)[0])
            if looks_like_person(re.sub(r"\s*\([^)]*\)", "", cleaned)):
                names.append(cleaned)
            else:  # "Types of Accounts Managed by Ann Lee"
                names += people_in(cell.flat)
    return names


def _date_of(sentence: str) -> dt.date | None:
    """The date a sentence states its fact at: "as of ...", "on ...", or the only date in it."""
    match = _DATE_IN.search(sentence)
    if match:
        return find_dates(match.group(0))[0][1]
    dates = find_dates(sentence)
    return dates[0][1] if len(dates) == 1 else None


_SPLIT_FIELDS = ("num_accounts", "total_assets_usd", "perf_num_accounts", "perf_total_assets_usd")
_ANY_FUND = object()


def _merge_split_tables(accounts: list[AccountFigures]) -> list[AccountFigures]:
    """One manager's category told in two tables (all accounts, then those paying a
    performance fee) is one row: fields one table leaves empty come from the other.

    A row's partner is the first row kept so far with its manager and category, a fund that
    agrees (the same, or one of them unnamed) and figures in none of the fields the row has;
    found through an index, so that the merge stays linear in the number of rows."""
    merged: list[AccountFigures] = []
    partners = _Partners(merged)
    for row in accounts:
        at = partners.first(row)
        if at is None:
            merged.append(row)
            partners.add(len(merged) - 1)
            continue
        partner = merged[at]
        values = {f: getattr(partner, f) if getattr(partner, f) is not None else getattr(row, f) for f in _SPLIT_FIELDS}
        values.update(_totals_with_performance(values, partner.excludes_performance or row.excludes_performance))
        span = Span(min(partner.span.line_start, row.span.line_start), max(partner.span.line_end, row.span.line_end),
                    f"{partner.span.raw_text}\n{row.span.raw_text}")
        merged[at] = AccountFigures(**{**partner.__dict__, **values, "fund": partner.fund or row.fund, "span": span})
        partners.add(at)
    return merged


def _filled(row: AccountFigures) -> int:
    """Which of the split fields a row has figures in, as bits."""
    return sum(1 << i for i, f in enumerate(_SPLIT_FIELDS) if getattr(row, f) is not None)


class _Partners:
    """The rows kept by the merge, by manager, category, filled fields and fund (and under any
    fund), each bucket a heap of positions; an entry whose row has changed since is stale and
    dropped when met (a row's fields and fund only fill in, so it never goes back)."""

    def __init__(self, merged: list[AccountFigures]):
        self.merged = merged
        self.buckets: dict[tuple, list[int]] = defaultdict(list)

    def add(self, at: int) -> None:
        row = self.merged[at]
        for fund in (row.fund, _ANY_FUND):
            heapq.heappush(self.buckets[(row.manager.key, row.category, _filled(row), fund)], at)

    def first(self, row: AccountFigures) -> int | None:
        filled = _filled(row)
        funds = (_ANY_FUND,) if row.fund is None else (row.fund, None)
        found = [at for mask in range(1 << len(_SPLIT_FIELDS)) if not mask & filled
                 for fund in funds if (at := self._first_in((row.manager.key, row.category, mask, fund))) is not None]
        return min(found, default=None)

    def _first_in(self, key: tuple) -> int | None:
        heap = self.buckets.get(key)
        while heap:
            row = self.merged[heap[0]]
            if _filled(row) == key[2] and key[3] in (_ANY_FUND, row.fund):
                return heap[0]
            heapq.heappop(heap)
        return None


def _totals_with_performance(values: dict, excludes_performance: bool) -> dict:
    """Figures of the accounts without a performance fee plus those with one are the totals.

    >>> _totals_with_performance({"num_accounts": 3, "total_assets_usd": 10, "perf_num_accounts": 1,
    ...                           "perf_total_assets_usd": 5}, True)
    {'num_accounts': 4, 'total_assets_usd': 15, 'excludes_performance': False}
    """
    if not excludes_performance:
        return {}
    out = {"num_accounts": values.get("num_accounts"), "total_assets_usd": values.get("total_assets_usd"),
           "excludes_performance": False}
    for total, part in (("num_accounts", "perf_num_accounts"), ("total_assets_usd", "perf_total_assets_usd")):
        if out[total] is None:
            continue
        if values.get(part) is None:
            out["excludes_performance"] = True  # still only a part of the accounts
        else:
            out[total] += values[part]
    return out


def assemble(parts: DocumentParts, parser_version: str, limits: Limits = DEFAULT_LIMITS,
             offsets: Sequence[int] | None = None) -> ParsedDocument:
    """The document read from its parts; ``offsets``: where each line of the whole document
    starts (`etl.parse.scope.line_offsets`), which measures the reach of its figures (without
    them, one line is the whole document: everything is within reach)."""
    return _Reader(parts, parser_version, limits, offsets).read()


def _line_of(item: Paragraph | TablePart) -> int:
    return item.start_line if isinstance(item, TablePart) else item.line_start


__all__ = ["assemble", "PeopleIndex", "Category", "ProseKind", "OwnershipRow", "AdviserFacts"]
