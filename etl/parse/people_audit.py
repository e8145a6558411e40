"""Who a disclosure names as its portfolio managers, so that the validator can check each has rows.

A person counts when the disclosure names him or her as a manager:

- ``table``: in a table read as a disclosure (a row's label, a row of names, "Accounts managed by
  <name>");
- ``heading``: as the manager the table's heading or lead-in names (what the table reader took);
- ``lead_in``: in a sentence of a table's lead-in that speaks of accounts, ownership or managing;
- ``ownership_prose``: in a sentence stating managers' ownership ("Mr. Roe did not own shares");
- ``roster``: in a sentence that says who manages ("The portfolio managers of the Fund are A, B
  and C", "X is added as a Portfolio Manager", "X is jointly responsible for managing the Fund").

Names beside trustees, directors or officers, in a compensation sentence or in the compensation
and conflicts sections do not count, and neither do names quoted inside a section's title. The
document may explain why someone has no rows; the person is then recorded with the explanation
(``excused``), as data in the pattern tables below:

- ``removed``: "All references to X are deleted", "X no longer serves", "X has retired", "Y has
  replaced X";
- ``outside_scope``: the supplement says whom it covers ("supplemented solely with regard to
  Mr. Y"): the others of its roster, named nowhere else, are not expected to have rows here.

The parser never emits findings: etl.validate turns the people without rows into findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass


from etl.parse.accounts_grid import strip_marks
from etl.parse.document_parts import TablePart
from etl.parse.folding import AnyOf, may_hold
from etl.parse.grid import Cell
from etl.parse.memo import per_document
from etl.parse.names import PersonName, clean_person_text, looks_like_person, parse_person_name
from etl.parse.ownership_prose import may_be_statement, people_in, read_statement
from etl.parse.prose import ACCOUNTS_TOPIC, OWNERSHIP_TOPIC, PROSE_HEADINGS, Paragraph, ends_section, sentences
from etl.parse.records import NamedPerson, Span
from etl.parse.text_tables import tokens

# --- what makes a name count ------------------------------------------------------------------

# A sentence that says who manages a fund: the people it names are its managers.
MANAGER_ROLE = re.compile(
    r"\bportfolio\s+manag|\bco-?(?:portfolio\s+)?managers?\b|\blead\s+managers?\b|\bfund\s+managers?\b"
    r"|\bresponsible\s+for\s+(?:the\s+)?(?:day-to-day\s+)?manag"
    r"|\b(?:jointly|primarily)\s+(?:and\s+\w+\s+)?responsible"
    r"|\bmanag(?:es|ed|ing)\s+(?:the|each|both|this)\s+(?:[\w-]+\s+){0,3}?(?:funds?|portfolios?|series)\b",
    re.I)
# A lead-in sentence counts when it speaks of the table's subject.
LEAD_IN_TOPIC = re.compile(
    rf"{ACCOUNTS_TOPIC.pattern}|{OWNERSHIP_TOPIC.pattern}|{MANAGER_ROLE.pattern}"
    r"|\binformation\s+(?:for|about|on|regarding|relating|pertaining)", re.I)
# People named beside these words are not (or not only) the fund's managers.
NOT_MANAGERS = re.compile(
    r"\btrustees?\b|\bboard\b|\bnominees?\b|(?<!managing\s)\bdirectors?\b|(?<!investment\s)\bofficers?\b"
    r"|\bcommittee\b|\bchair(?:man|woman|person)?\b|\bpresident\b|\bsecretary\b|\btreasurer\b", re.I)
COMPENSATION = re.compile(
    r"\bsalar(?:y|ies)\b|\bbonus|\bincentive|\bremunerat|\b(?:is|are)\s+paid\b"
    r"|\bcompensat(?:ed|es)\b|\bcompensation\s+(?:committee|structure|program)", re.I)
# "... under “Who Manages and Provides Services to the Fund?”": a quoted title names nobody
_QUOTED_TITLE = re.compile(r"\u201c(?:[^\u201c\u201d]|\u201c[^\u201c\u201d]*\u201d){15,}?\u201d|\"[^\"]{15,}\"")
# every match of _QUOTED_TITLE opens with one of these: a cheap first test (most sentences quote nothing)
_QUOTES = ("\u201c", '"')


def unquoted(sentence: str) -> str:
    """A sentence with each quoted title blanked out (``""``); a sentence without a quotation
    mark that opens one is returned as it is, unsearched (_QUOTED_TITLE cannot match there).

    >>> unquoted('See \u201cWho Manages and Provides Services to the Fund?\u201d for Ann Lee.')
    'See "" for Ann Lee.'
    >>> unquoted("Ann Lee manages the Fund.")
    'Ann Lee manages the Fund.'
    """
    if not any(quote in sentence for quote in _QUOTES):
        return sentence
    return _QUOTED_TITLE.sub('""', sentence)
# what follows a firm's name, not a person's: "... Asset Allocation, LLC", "... Family of Funds"
_FIRM_AFTER = re.compile(r"^,?\s*(?:LLC|L\.L\.C|Inc|LP|L\.P|LLP|Ltd|Corp|Co\.|N\.A|PLC|AG|S\.A)\b|^\s+of\s+Funds\b"
                         r"|^\s+(?:is|are)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:firm|company|subsidiary|affiliate)\b"
                         # a name used as an attribute: "each Alder Point portfolio manager", "the Acme team"
                         r"|^\s+(?:portfolio|investment|management|team|fund|funds|sub-?advis\w*|advis\w*|strateg\w*)\b",
                         re.I)
# what comes before a firm's name or an address, not a person's: "each Acme ...", "40 Water Street"
_FIRM_BEFORE = re.compile(r"(?:\b(?:the|each|every|its|their|our|an?)|\d)\s+$", re.I)
# _FIRM_AFTER: each alternative opens with "^", so the text after a name is matched, not searched
# (a search tried every place of it, each failing at "^": the same answer, more slowly)


def _firm_before(text: str) -> bool:
    """``_FIRM_BEFORE.search(text)``, searched from five characters before the white space that
    ends ``text``: a match is one of its words (five letters at most; under re.I each letter
    matches one character) or a digit, then white space to the end (``\\s`` is what
    ``str.rstrip`` strips), so it starts there or later (``\\b`` still sees the character before).

    >>> _firm_before("40 Water Street and each "), _firm_before("Ann Lee and "), _firm_before("THEIR ")
    (True, False, True)
    """
    return _FIRM_BEFORE.search(text, max(0, len(text.rstrip()) - 5)) is not None


# words of places, firms and table headings that a capitalised pair may be read as a person by:
# "United States", "Eaton Family", a heading stacked over two columns ("CHARGED CHARGED")
NOT_PERSON_WORDS = frozenset("""
    united states america american kingdom europe european asia asian pacific international national
    family investors corporation report services financial associates holdings bank
    charged paying subject advised
""".split())
# a note under the table above ends a table's lead-in
_NOTE_OF_TABLE_ABOVE = re.compile(r"^\s*(?:\*{1,3}|\(\d{1,2}\)|[\u2020\u2021])\s*\S")
# the second line of a name wrapped over two rows: a family name, perhaps with a suffix
_WRAPPED_FAMILY = re.compile(r"[A-Z][\w'\u2019-]*[a-z][\w'\u2019-]*(?:,\s*(?:Jr|Sr)\.?|\s+(?:II|III|IV))?")
_MANAGED_BY_CELL = re.compile(r"\bmanaged\s+by\s+(.+)$", re.I)
# A name in a full-width row of its own may be a firm ("Acme Advisers"): it counts with a
# person's marks (an initial, a credential, a suffix) or when the text calls someone by it.
_PERSON_MARK = re.compile(r"\b[A-Z]\.(?:\s|$)|,\s*(?:CFA|CPA|CAIA|FRM|CFP|Ph\.?\s?D|Jr|Sr|II|III|IV)\b")

# --- what explains a name without rows --------------------------------------------------------

_HONORIFIC = r"(?:(?:Mr|Ms|Mrs|Dr|Messrs)\.?\s+)?"
_REMOVAL_VERB = re.compile(r"\bdelet|\bremov|\bomit|\beliminat|\bstrik|\bno\s+longer\b", re.I)
# (pattern on the text before a group of names, whether the sentence must say "delete"/"remove")
REMOVED_BEFORE: tuple[tuple[re.Pattern[str], bool], ...] = (
    (re.compile(r"\b(?:references?|mentions?|information|disclosures?)"
                r"(?:\s+and\s+(?:references?|mentions?|information|disclosures?))?"
                r"\s+(?:(?:related|relating|pertaining|with\s+(?:regards?|respect))\s+)?(?:to|of|regarding|about|for|on)\s+"
                + _HONORIFIC + "$", re.I), True),
    (re.compile(r"\b(?:replac(?:e|es|ed|ing)|succeed(?:s|ed|ing)?|(?:delet|remov)(?:e|es|ed|ing)"
                r"|(?:take|takes|took|taken|taking)\s+over\s+from)\s+" + _HONORIFIC + "$",
                re.I), False),
)
# the text right after a group of names: "... no longer serves", "... has retired", "... is
# hereby removed" (but "X has replaced Y" lets Y go, not X)
REMOVED_AFTER = re.compile(
    r"^[\s,]*(?:who\s+)?(?:(?:is|are|was|were|has|have|had|will|shall)\s+)?(?:hereby\s+)?"
    r"(?:no\s+longer|retir\w*|resign\w*|left\b|leav(?:e|es|ing)\b|depart\w*|step(?:s|ped|ping)?\s+down|ceas\w*"
    r"|announced\s+(?:his|her|their)\s+(?:intention|plans?|retirement|departure|resignation))"
    r"|^[\s,]*(?:is|are|was|were|will\s+be|shall\s+be|has\s+been|have\s+been)\s+(?:hereby\s+)?(?:removed|deleted|replaced)",
    re.I)
# the supplement's scope: "supplemented solely with regard to Mr. Ashworth", "the additions below
# relate only to Mr. Pell and Ms. Rudd", "information that concerns Mr. Ashworth only"
SCOPE_BEFORE = re.compile(
    r"\b(?:solely|only|exclusively)\s+(?:with\s+(?:regards?|respect)\s+to|as\s+to|regarding|about|concerning"
    r"|in\s+respect\s+of|for|to)\s+" + _HONORIFIC + "$"
    r"|\bwith\s+(?:regards?|respect)\s+(?:solely|only|exclusively)\s+to\s+" + _HONORIFIC + "$", re.I)
SCOPE_AFTER = re.compile(r"^\s*(?:only|alone|solely)\s*(?:[.;,)]|$)", re.I)
# a cheap first test, so that the paragraphs of a long document (and then the sentences of those
# that pass) are not searched for names: an explanation is a match of REMOVED_AFTER, SCOPE_BEFORE,
# SCOPE_AFTER, or of REMOVED_BEFORE (with _REMOVAL_VERB where it asks for one), each holding one of
# these words; searched as a lower-case twin in the lowered text (`etl.parse.folding`: the same answers)
_MAY_EXPLAIN = AnyOf(re.compile(r"delet|remov|omit|eliminat|strik|longer|retir|resign|\bleft\b|leav|depart|step|ceas"
                                 r"|announced|replac|succeed|over\s+from|solely|only|exclusively|alone", re.I))
# between two names of one list: "A, CFA, B and C"
_LIST_GLUE = re.compile(r"(?:\s*,?\s*(?:CFA|CPA|CAIA|FRM|CFP|Ph\.?\s?D\.?|Jr\.?|Sr\.?|II|III|IV)\b\.?)*"
                        r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)")

# which reason is reported when a person is named several ways, strongest first
WHY_ORDER = ("table", "heading", "lead_in", "ownership_prose", "roster")
# a supplement's scope lets go the people named only in its running text, not in its tables
PROSE_ONLY = frozenset({"lead_in", "roster"})
_PROSE_SECTION_PARAGRAPHS = 20
_TITLED = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Messrs)\.?\s+[A-Z]")
# _TITLED without its opening \b: it finds wherever _TITLED does (an assertion dropped), and is
# searched fast (``re`` skips to an "M" or a "D" instead of testing \b at every position)
_TITLED_WIDER = re.compile(_TITLED.pattern.removeprefix("\\b"))


@dataclass(frozen=True)
class _Mention:
    name: str
    why: str
    span: Span


def named_managers(items: list, tables: dict[int, str | None],
                   resolve: Callable[[str], PersonName],
                   in_scope: Callable[[int], bool] = lambda line: True) -> tuple[NamedPerson, ...]:
    """The people a document names as its managers, one record each, with any explanation it
    gives for them having no rows. ``tables``: item index of each table read as a disclosure ->
    the manager its heading or lead-in names (or None); ``resolve``: the document's PeopleIndex;
    ``in_scope``: whether a line is within reach of the document's figures (`etl.parse.scope`):
    people named elsewhere (a trustee's biography, a facing page) are not its managers."""
    paragraphs = _paragraphs_within(items, in_scope)  # asked once: three readers walk them
    prose = list(_prose_mentions(items, set(tables), paragraphs))
    called = {parse_person_name(m.name).family.lower() for m in prose} | _called_by_title(paragraphs)
    mentions = [m for m in _table_mentions(items, tables, called) if in_scope(m.span.line_start)] + prose
    removed, scope = _explanations(paragraphs)
    removed_keys = {resolve(n).key for n in removed}
    scope_keys = {resolve(n).key for n in scope}
    by_key: dict[str, list[tuple[PersonName, _Mention]]] = {}
    for mention in mentions:
        person = resolve(mention.name)
        if person.family:
            by_key.setdefault(person.key, []).append((person, mention))
    out = []
    for key, found in by_key.items():
        whys = {m.why for _, m in found}
        person, first = min(found, key=lambda f: WHY_ORDER.index(f[1].why))
        excused = "removed" if _among(person, key, removed_keys, removed) else \
            "outside_scope" if scope and whys <= PROSE_ONLY and not _among(person, key, scope_keys, scope) else None
        out.append(NamedPerson(name=max((p for p, _ in found), key=lambda p: len(p.full)), why=first.why,
                               span=first.span, excused=excused))
    return tuple(out)


def _among(person: PersonName, key: str, keys: set[str], names: list[str]) -> bool:
    """Whether a person is one of ``names`` (resolved to ``keys``); a bare "Ms. Corum" that the
    document could not resolve stands for the only Corum."""
    return key in keys or any(not (n := parse_person_name(text)).given and n.family.lower() == person.family.lower()
                              for text in names)


# --- mentions ----------------------------------------------------------------------------------

def _table_mentions(items: list, tables: dict[int, str | None], called: set[str]) -> Iterator[_Mention]:
    """``called``: the family names the running text calls people by."""
    for index, manager in tables.items():
        item = items[index]
        if manager and _is_person(name := _clean(manager)) and _is_called(name, manager, called):
            yield _Mention(name, "heading", Span(item.start_line, item.end_line, manager))
        for name, span, alone in _table_names(item):
            if not alone or _is_called(name, span.raw_text, called):
                yield _Mention(name, "table", span)


def _paragraphs_within(items: list, in_scope: Callable[[int], bool]) -> list[tuple[int, Paragraph]]:
    """(index, paragraph) for each paragraph within reach of the document's figures (asked once
    of each run of one paragraph object, as a focused document repeats its neutral paragraphs:
    the same object starts on the same line)."""
    out: list[tuple[int, Paragraph]] = []
    last, within = None, False
    for index, item in enumerate(items):
        if not isinstance(item, Paragraph):
            continue
        if item is not last:
            last, within = item, in_scope(item.line_start)
        if within:
            out.append((index, item))
    return out


def _called_by_title(paragraphs: list[tuple[int, Paragraph]]) -> set[str]:
    """Family names the text calls someone by with a title: "Mr. Dalby", "Messrs. Lee and Park"."""
    texts = dict.fromkeys(item.text for _, item in paragraphs)  # a set: each text read once
    return {parse_person_name(name).family.lower() for text in texts
            if _TITLED_WIDER.search(text) and _TITLED.search(text)
            for name in people_in(text) if _TITLED.match(name)}


def _is_called(name: str, printed: str, called: set[str]) -> bool:
    """A name that may be a firm's ("Acme Partners" in a row of its own, "Transamerica Growth VP"
    over a table) counts with a person's marks or when the running text calls someone by it."""
    return bool(_PERSON_MARK.search(printed)) or parse_person_name(name).family.lower() in called


def _table_names(item: TablePart) -> Iterator[tuple[str, Span, bool]]:
    """People named in a disclosure table: each row's label, every cell of a row of names, and
    "managed by <name>" in a heading cell; with whether the name stands alone in a full-width row."""
    if item.grid is None:  # a fixed-width table with no grid: the first phrase of each line
        for block in (item.text_table.blocks if item.text_table is not None else []):
            for line in block.lines:
                phrases = tokens(line.text)
                if phrases and _is_person(name := _clean(phrases[0].text)):
                    yield name, Span(line.number, line.number, line.text), len(phrases) == 1
        return
    rows = [cells for row in item.grid.rows if (cells := [c for c in row if not c.is_copy and not c.is_empty])]
    for number, cells in enumerate(rows):
        following = rows[number + 1] if number + 1 < len(rows) else []
        if len(cells) == 1 and following and _WRAPPED_FAMILY.fullmatch(_clean(following[0].flat)):
            continue  # "E. Clifton" over "Hoover, Jr.": one name wrapped over two rows, read with the second
        people = [_cell_people(c) for c in cells]
        if number and len(rows[number - 1]) == 1 and _WRAPPED_FAMILY.fullmatch(_clean(cells[0].flat)):
            people[0] = _cell_people(rows[number - 1][0], cells[0])
        may_be_firm = len(cells) == 1 and item.grid.width > 2 and _heads_names(rows[number + 1:])
        for cell, names in zip(cells, people if all(people) else people[:1]):
            for name in names:
                yield name, Span(cell.line, cell.line, cell.flat), may_be_firm
        for cell in cells:
            if match := _MANAGED_BY_CELL.search(cell.flat):
                for name in people_in(match.group(1)):
                    yield name, Span(cell.line, cell.line, cell.flat), False


def _heads_names(rows: list[list[Cell]]) -> bool:
    """Whether a lone name over ``rows`` (their non-empty cells) heads other names, as a firm
    does ("Acme Advisers" over its managers' rows), rather than a block of figures."""
    return not rows or bool(_cell_people(rows[0][0]))


def _cell_people(cell: Cell, wrapped: Cell | None = None) -> list[str]:
    """The people a cell names: itself, one a line (stacked names), or the name that opens it
    ("Jane Roe, CFA, Acme Growth Fund"); ``wrapped``: the rest of the name, in the next row."""
    if wrapped is not None:
        joined = _clean(f"{cell.flat} {wrapped.flat}")
        return [joined] if _is_person(joined) else []
    lines = [_clean(line) for line in cell.text.split("\n") if line.strip()]
    if len(lines) > 1 and all(_is_person(line) and parse_person_name(line).given for line in lines):
        return lines  # one name a line; but "E. Clifton" over "Hoover, Jr." is one name
    whole = _clean(cell.flat)
    if _is_person(re.sub(r"\s*\([^)]*\)", "", whole)):
        return [whole]
    opening = people_in(whole)
    return opening[:1] if opening and whole.startswith(opening[0]) and _is_person(opening[0]) else []


def _is_person(text: str) -> bool:
    """
    >>> _is_person("Ann B. Lee"), _is_person("CHARGED CHARGED"), _is_person("United States")
    (True, False, False)
    """
    return looks_like_person(text) and _plausible(text)


def _plausible(name: str) -> bool:
    """Not a place, a firm or a heading: no word of NOT_PERSON_WORDS, no word twice."""
    words = [w.lower().strip(".,") for w in name.split()]
    return len(set(words)) == len(words) and not NOT_PERSON_WORDS.intersection(words)


def _clean(text: str) -> str:
    return clean_person_text(strip_marks(text.rstrip(":"))[0])


def _prose_mentions(items: list, tables: set[int], paragraphs: list[tuple[int, Paragraph]]) -> Iterator[_Mention]:
    lead_ins = {i for index in tables for i in _lead_in(items, index)}
    skipped = _prose_sections(items)
    # the last paragraph read in vain outside a lead-in (as assemble's READ_IN_VAIN): read again,
    # outside a lead-in, it gives nothing again (a lead-in only adds a reason, see _why_counts)
    in_vain = None
    for index, item in paragraphs:
        in_lead_in = index in lead_ins
        if index in skipped or (item is in_vain and not in_lead_in):
            continue
        found = list(_paragraph_mentions(item, in_lead_in))
        in_vain = item if not found and not in_lead_in else None
        yield from found


def _paragraph_mentions(item: Paragraph, in_lead_in: bool) -> Iterator[_Mention]:
    for _, sentence in sentences(item.text):
        sentence = unquoted(sentence)
        if not _may_count(sentence, in_lead_in):
            continue  # most sentences of a prospectus name nobody, or no manager's role
        groups = _name_groups(sentence)
        if not groups or (why := _why_counts(sentence, in_lead_in)) is None:
            continue
        for before, group, after in groups:
            if _is_scope(before, after):
                continue  # "supplemented solely with regard to Mr. Roe" points at the tables below
            for name in group:
                yield _Mention(name, why, Span(item.line_start, item.line_end, sentence))


# searched one alternative at a time, cached per sentence (`etl.parse.folding`: the same answer)
_MANAGER_ROLE_ANY = AnyOf(MANAGER_ROLE)
# every match of MANAGER_ROLE holds "manag" or "respons", and every match of ownership_prose's
# _ABOUT_OWNERSHIP (`may_be_statement`) "own", "held", "hold", "beneficial" or "dollar" (its
# alternatives' letters, re.I folded: `folding.may_hold`)
_COUNTING_STEMS = ("manag", "respons", "own", "held", "hold", "beneficial", "dollar")


def _may_count(sentence: str, in_lead_in: bool) -> bool:
    """A cheap first test before a sentence's names are looked for, sound: `_why_counts` gives
    a reason only to a sentence of a lead-in, to one stating ownership (`read_statement` reads
    none that fails `may_be_statement`) or to one where MANAGER_ROLE finds something; for any
    other it answers None, and the sentence's names do not count.

    >>> _may_count("Ann Lee joined the firm in 2004.", False), _may_count("Ann Lee is a Portfolio Manager.", False)
    (False, True)
    >>> _may_count("Ann Lee OWNED no shares.", False), _may_count("Ann Lee joined the firm in 2004.", True)
    (True, True)
    """
    return in_lead_in or may_hold(sentence, _COUNTING_STEMS) and (
        may_be_statement(sentence) or _MANAGER_ROLE_ANY.search(sentence))


def _why_counts(sentence: str, in_lead_in: bool) -> str | None:
    """Why the people a sentence names count as managers, or None when they do not."""
    statement = read_statement(sentence)
    if statement is not None and statement.who == "named":
        return "ownership_prose"
    if NOT_MANAGERS.search(sentence) or COMPENSATION.search(sentence):
        return None
    if in_lead_in and LEAD_IN_TOPIC.search(sentence):
        return "lead_in"
    return "roster" if MANAGER_ROLE.search(sentence) else None


def _lead_in(items: list, index: int, running: int = 2) -> list[int]:
    """The paragraphs above a table that introduce it: headings, and two of running text."""
    found: list[int] = []
    count = 0
    for back in range(index - 1, -1, -1):
        item = items[back]
        if isinstance(item, TablePart):
            if found:
                break
            continue
        if _NOTE_OF_TABLE_ABOVE.match(item.text):
            break
        found.append(back)
        count += not item.is_heading
        if count >= running:
            break
    return found


def _prose_sections(items: list) -> set[int]:
    """Indexes of the paragraphs of compensation and conflicts sections."""
    inside: set[int] = set()
    for index, item in enumerate(items):
        if isinstance(item, TablePart) or not item.is_heading or \
                not any(p.search(item.text) for p in PROSE_HEADINGS.values()):
            continue
        for following in range(index + 1, min(len(items), index + 1 + _PROSE_SECTION_PARAGRAPHS)):
            body = items[following]
            if isinstance(body, TablePart) or ends_section(body):
                break
            inside.add(following)
    return inside


# --- explanations ------------------------------------------------------------------------------

def _explanations(paragraphs: list[tuple[int, Paragraph]]) -> tuple[list[str], list[str]]:
    """Names the document removes, and names a supplement says it covers (its scope)."""
    removed: list[str] = []
    scope: list[str] = []
    in_vain = None  # the last paragraph read in vain (as assemble's READ_IN_VAIN)
    for _, item in paragraphs:
        if item is in_vain or not _MAY_EXPLAIN.search(item.text):
            continue
        in_vain = item
        for _, sentence in sentences(item.text):
            sentence = unquoted(sentence)
            if not _MAY_EXPLAIN.search(sentence):
                continue  # the paragraph's first test, asked of each sentence: the same words
            for before, group, after in _name_groups(sentence):
                in_vain = None
                if _is_removal(sentence, before, after):
                    removed += group
                elif _is_scope(before, after):
                    scope += group
    return removed, scope


def _is_scope(before: str, after: str) -> bool:
    return bool(SCOPE_BEFORE.search(before) or SCOPE_AFTER.match(after))


def _is_removal(sentence: str, before: str, after: str) -> bool:
    """
    >>> _is_removal("All references to Jane Roe are deleted.", "All references to ", " are deleted.")
    True
    >>> _is_removal("Jane Roe has joined Bo Park.", "", " has joined Bo Park.")
    False
    """
    if REMOVED_AFTER.match(after):
        return True
    return any(pattern.search(before) and (not needs_verb or _REMOVAL_VERB.search(sentence))
               for pattern, needs_verb in REMOVED_BEFORE)


@per_document(maxsize=8192)  # the mentions and the explanations read the same sentences
def _name_groups(sentence: str) -> list[tuple[str, list[str], str]]:
    """(text before, names, text after) for each list of names in a sentence.

    >>> [g[1] for g in _name_groups("Ann Lee and Bo Park no longer serve; Cy Diaz, CFA joins.")]
    [['Ann Lee', 'Bo Park'], ['Cy Diaz']]
    """
    groups: list[list[tuple[int, int, str]]] = []
    for found in _located_names(sentence):
        if groups and _LIST_GLUE.fullmatch(sentence[groups[-1][-1][1]:found[0]]):
            groups[-1].append(found)
        else:
            groups.append([found])
    return [(sentence[:g[0][0]], [n for _, _, n in g], sentence[g[-1][1]:]) for g in groups]


def _located_names(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of the people a sentence names, firms and places left out.

    >>> [n for _, _, n in _located_names("Ann Lee of Acme Asset Allocation, LLC and Messrs. Roe and Poe manage it.")]
    ['Ann Lee', 'Mr. Roe', 'Mr. Poe']
    >>> _located_names("The manager does not live in the United States.")
    []
    """
    located: list[tuple[int, int, str]] = []
    at = 0
    for name in people_in(sentence):
        for text in (name, name.split()[-1]):  # "Mr. Lee" of "Messrs. Lee and Park" is printed "Lee"
            start = sentence.find(text, at)
            if start >= 0:
                at = start + len(text)
                if not _FIRM_AFTER.match(sentence[at:]) and not _firm_before(sentence[:start]) and \
                        _plausible(name):
                    located.append((start, at, name))
                break
    return located
