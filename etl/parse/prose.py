"""The running text of a disclosure: paragraphs, sentences, and the facts stated in them.

Pure functions over lines; every result carries the line span it was read from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from etl.parse.folding import Folded, lower_source, lowered
from etl.parse.memo import computed_once, per_document
from etl.parse.names import display_organization, looks_like_fund_name
from etl.parse.records import AdviserFacts, ProseKind, Span
from etl.parse.values import MONTH_DATE, DigitsGroupedWrongly, parse_date, parse_money


@dataclass(frozen=True)
class Paragraph:
    line_start: int
    line_end: int
    lines: tuple[str, ...]

    @computed_once
    def text(self) -> str:
        """The paragraph on one line, white space folded."""
        return " ".join(" ".join(self.lines).split())

    @property
    def span(self) -> Span:
        return Span(self.line_start, self.line_end, "\n".join(self.lines))

    @computed_once  # asked thousands of times a document, of frozen lines
    def is_heading(self) -> bool:
        """One short line that is not a sentence ("Compensation.", "(c) Ownership of Securities")."""
        text = self.text
        return len(self.lines) == 1 and len(text) <= 100 and (
            not text.endswith(".") or len(text.split()) <= 8)


_RULE_LINE = re.compile(r"^\s*[-=_*]{3,}\s*$")


def paragraphs(lines: list[str], skip: set[int] = frozenset()) -> list[Paragraph]:
    """Runs of non-blank lines; ``skip`` holds 0-based indexes of lines that belong to tables."""
    found: list[Paragraph] = []
    current: list[int] = []

    def close() -> None:
        if current:
            found.append(
                Paragraph(current[0] + 1, current[-1] + 1, tuple(lines[i].rstrip() for i in current))
            )
            current.clear()

    for index, line in enumerate(lines):
        if index in skip or not line.strip() or _RULE_LINE.match(line):
            if current:  # most blank lines close nothing (a focused document is mostly blank)
                close()
            continue
        current.append(index)
    close()
    return found


_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "messrs", "inc", "co", "no", "jr", "sr", "st", "corp", "ltd", "u.s"}


_SENTENCE_END = re.compile(r"[.;]\s+(?=[A-Z(\"])")
# the words before a stop that end no sentence: an abbreviation, or one letter a-z (an initial,
# "J. Roe"), looked up in one set (a set's test of a one-letter word is ``[a-z]``'s fullmatch)
_NOT_ENDINGS = frozenset(_ABBREVIATIONS) | frozenset("abcdefghijklmnopqrstuvwxyz")


@per_document(maxsize=65536)
def sentences(text: str) -> tuple[tuple[int, str], ...]:
    """Sentences of folded text, with their offsets; "Mr." and "Inc." do not end one.

    >>> [s for _, s in sentences("Mr. Hoover joined Dreman in 2006. He was with NFJ.")]
    ['Mr. Hoover joined Dreman in 2006.', 'He was with NFJ.']
    """
    out: list[tuple[int, str]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        # the word before the stop (after the last space before it: no copy of all the text before)
        word = text[text.rfind(" ", 0, match.start()) + 1:match.start()].lower().lstrip("(\"")
        if word in _NOT_ENDINGS:
            continue
        out.append((start, text[start:match.start() + 1]))
        start = match.end()
    if text[start:].strip():
        out.append((start, text[start:].strip()))
    return tuple(out)


ACCOUNTS_TOPIC = re.compile(r"accounts|assets\s+managed", re.IGNORECASE)
OWNERSHIP_TOPIC = re.compile(r"beneficial|owned|ownership|dollar\s+range|holdings\s+of", re.IGNORECASE)


# --- the cover ------------------------------------------------------------------------------

_REGISTRANT_WORDS = re.compile(r"\b(trust|funds?|series|company|corporation|inc\.?)\s*$", re.I)
_FUND_WORDS = re.compile(r"\b(portfolio|fund)\b", re.IGNORECASE)
_COVER_STOP = re.compile(r"supplement|prospectus|statement\s+of\s+additional", re.IGNORECASE)
_DOCUMENT_DATE = re.compile(
    r"(?:supplement|dated)\b[^.]*?(" + MONTH_DATE.pattern + ")", re.IGNORECASE | re.DOTALL
)


@dataclass(frozen=True)
class Cover:
    registrant: str | None
    fund: str | None  # the first fund the cover names
    document_date: dt.date | None
    funds: tuple[str, ...] = ()  # every fund the cover names


def read_cover(paras: list[Paragraph], full_text: str) -> Cover:
    """Registrant, fund and date from the title lines at the top of a document."""
    head = paras[:12]
    registrant = None
    funds: list[str] = []
    for para in head:
        line = para.text
        if _COVER_STOP.search(line):
            break
        if registrant is None and not funds and _REGISTRANT_WORDS.search(line) and len(line.split()) <= 10:
            registrant = line
        elif looks_like_fund_name(line):
            funds.append(line)
    fund = funds[0] if funds else None
    cover_text = "\n".join(para.text for para in head[:6])
    date_match = _DOCUMENT_DATE.search(cover_text)
    document_date = parse_date(date_match.group(1)) if date_match else None
    return Cover(
        registrant=prefer_printed_case(registrant, full_text) if registrant else None,
        fund=prefer_printed_case(fund, full_text) if fund else None,
        document_date=document_date,
        funds=tuple(prefer_printed_case(f, full_text) for f in funds),
    )


# The caption under the registrant's name on a registration statement's facing page (Form N-1A,
# N-2): "(Exact Name of Registrant as Specified in Charter)", in a table cell or a paragraph.
_REGISTRANT_CAPTION = re.compile(
    r"\(\s*exact\s+name\s+of\s+registrants?\s+as\s+specified\s+in\s+(?:its\s+|the\s+)?"
    r"(?:charter|declaration\s+of\s+trust|trust\s+instrument|governing\s+instrument)[^)]{0,40}\)", re.I)


def registrant_from_caption(texts: list[str]) -> str | None:
    """The name printed over the facing page's caption, in the same text or the one before it:
    ``texts`` are a document's first paragraphs and table cells, in order, lines kept.

    >>> registrant_from_caption(["FORM N-1A", "ACME FUNDS TRUST", "(Exact Name of Registrant as Specified in Charter)"])
    'ACME FUNDS TRUST'
    >>> registrant_from_caption([chr(10).join(["Amendment No. 12 /X/", "Acme Funds Trust",
    ...                                         "(exact name of registrant as specified in charter)"])])
    'Acme Funds Trust'
    >>> registrant_from_caption(["(Address of Principal Executive Offices)"]) is None
    True
    """
    for index, text in enumerate(texts):
        found = _REGISTRANT_CAPTION.search(text)
        if found is None:
            continue
        lines = [line.strip(" \t:-_") for line in text[:found.start()].splitlines()]
        lines = [line for line in lines if line] or [t.strip() for t in texts[:index] if t.strip()][-1:]
        return " ".join(lines[-1].split()) if lines and len(lines[-1].split()) <= 12 else None
    return None


def prefer_printed_case(name: str, full_text: str, lowered_text: str | None = None) -> str:
    """The same name printed in mixed case elsewhere in the document, else a readable case.
    ``lowered_text``: `folding.lowered` of ``full_text`` when the caller has it.

    >>> prefer_printed_case("MET INVESTORS SERIES TRUST", "of Met Investors Series Trust dated")
    'Met Investors Series Trust'
    """
    name = " ".join(name.split())
    if any(c.islower() for c in name):
        return name
    words = r",?\s+".join(re.escape(w.strip(",")) for w in name.split()) + r"\b"
    words, flags, subject = _case_blind(words, full_text, lowered_text)
    for match in matches_led(re.compile(r"\b" + words, flags), re.compile(words, flags), subject):
        found = " ".join(full_text[match.start():match.end()].split())
        if any(c.islower() for c in found):
            return found
    return display_organization(name)


def _case_blind(source: str, text: str, low: str | None = None) -> tuple[str, int, str]:
    """(source, flags, subject) for a case-blind search of ``source`` in ``text``: its lower-case
    twin in the lowered text, without re.I (`etl.parse.folding`: the same spans, offsets kept;
    ~5 x faster over a whole document, as ``re`` then skips ahead to the first letter), or, for
    a text or source that cannot be lowered so, the source with re.I in the text.

    >>> _case_blind("ACME TRUST", "The Acme Trust"), _case_blind("\u00c9T\u00c9", "x")[1] == re.I
    (('acme trust', 0, 'the acme trust'), True)
    """
    low = lowered(text) if low is None else low
    if low is not None:
        try:
            return lower_source(source), 0, low
        except ValueError:
            pass
    return source, re.I, text


def matches_led(pattern: re.Pattern[str], wider: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    r"""``pattern.finditer(text)`` for a pattern that opens with ``\b`` and never matches empty,
    ``wider`` being the same pattern without that ``\b``. Wherever the pattern matches, its wider
    twin matches (an assertion dropped), so the leftmost match from a position is the first place
    the wider twin finds where the pattern itself matches (``match`` at a position still looks at
    the character before it for ``\b``); and the wider twin is searched fast: ``re`` skips ahead
    to its first letter instead of testing ``\b`` at every position of the text (a re.I search of
    a whole document's text: ~1.4 -> ~0.5 ms).

    >>> [m.span() for m in matches_led(re.compile(r"\bab", re.I), re.compile("ab", re.I), "AB cab ab")]
    [(0, 2), (7, 9)]
    """
    at = 0
    while at <= len(text) and (candidate := wider.search(text, at)) is not None:  # (re reads a pos past the end as the end)
        if (match := pattern.match(text, candidate.start())) is not None:
            yield match
            at = max(match.end(), candidate.start() + 1)  # (an empty match: a name of commas only)
        else:
            at = candidate.start() + 1


# --- the adviser ----------------------------------------------------------------------------

_ADVISER = re.compile(
    r"^(?P<name>[A-Z][\w&.,' -]+?)\s*\((?:the\s+)?[\"\u201c](?P<short>[^\"\u201d]+)[\"\u201d]\)\s*,\s*"
    r"(?P<address>[^()]+?),\s+(?:is|serves\s+as|acts\s+as)\s+(?:the\s+|an?\s+)?"
    r"(?:investment\s+)?(?:sub-?\s*)?advis[eo]r",
    re.IGNORECASE,
)
# searched as a lower-case twin in the lowered text, cached per text (`etl.parse.folding`)
_ADVISER_WORD = Folded(re.compile(r"advis[eo]r", re.IGNORECASE))
_ADVISER_OR_PARENTHESIS = re.compile(r"advis[eo]r|[()]", re.IGNORECASE)


def may_introduce_adviser(after_short_name: str) -> bool:
    """A cheap first test of `_ADVISER` on the text after a short name's '")' (tags removed,
    entities decoded): the pattern's address holds no parenthesis and ends in "is the adviser",
    so "adviser" (or "advisor") comes before any parenthesis. Sound: removing tags joins text,
    it makes no parenthesis and breaks no word the parser reads whole.

    >>> may_introduce_adviser(", 12 Quay Street, Boston, is the investment adviser to the Fund.")
    True
    >>> may_introduce_adviser(", a series of Tarn Trust (a statutory trust), is the adviser.")
    False
    >>> may_introduce_adviser(", which entitles shareholders to a discount.")
    False
    """
    found = _ADVISER_OR_PARENTHESIS.search(after_short_name)
    return found is not None and found.group() not in "()"
_FOUNDED = re.compile(
    r"(?:began|commenced)\s+(?:serving|operations|operating|business)[^.]*?\bin\s+(\d{4})"
    r"|(?:founded|organized|established)\s+in\s+(\d{4})"
    r"|(?:has\s+been\s+(?:an\s+)?(?:investment\s+)?advis[eo]r|in\s+business)\s+since\s+(\d{4})",
    re.IGNORECASE,
)
_AUM = re.compile(
    r"as\s+of\s+(?P<date>" + MONTH_DATE.pattern + r"),?\s+[^.]*?"
    r"(?:managed|had|manages|oversaw)\s+(?P<qualifier>approximately|nearly|about|over|more\s+than|"
    r"in\s+excess\s+of)?\s*(?P<amount>\$\s?[\d.,]+\s*(?:trillion|billion|million)?)",
    re.IGNORECASE,
)


def _may_introduce_adviser(text: str) -> bool:
    """A cheap first test before _ADVISER, sound: each of its matches holds a "(" and an opening
    quotation mark, straight or curly (its short name's: '("Short")', '(the \u201cShort\u201d)').

    >>> _may_introduce_adviser('Acme LLC (\u201cAcme\u201d), 1 Main St., is the Adviser.'), _may_introduce_adviser("The Adviser (Acme).")
    (True, False)
    """
    return "(" in text and ('"' in text or "\u201c" in text)


def _aum(amount: str, span: Span, problems: list[tuple[Span, str]] | None) -> Decimal | None:
    try:
        return parse_money(amount)
    except DigitsGroupedWrongly as error:
        if problems is not None:
            problems.append((span, f"line {span.line_start}: the adviser's assets under management not read ({error})"))
        return None


def read_advisers(paras: list[Paragraph], full_text: str, problems: list[tuple[Span, str]] | None = None
                  ) -> list[AdviserFacts]:
    """Advisers introduced as 'NAME ("Short"), address, is the Adviser to ...'; an amount under
    management that cannot be read (digits grouped wrongly) is left empty and told in ``problems``."""
    found = []
    in_vain = None  # the last paragraph that introduced no adviser: a run of one object reads alike
    for para in paras:
        if para is in_vain:
            continue
        in_vain = para
        if not _may_introduce_adviser(para.text) or not _ADVISER_WORD.search(para.text):
            continue  # cheap tests before the long pattern
        match = _ADVISER.search(para.text)
        if not match:
            continue
        in_vain = None
        text = para.text
        founded = _FOUNDED.search(text)
        aum = _AUM.search(text)
        qualifier = " ".join(aum["qualifier"].lower().split()) if aum and aum["qualifier"] else None
        found.append(
            AdviserFacts(
                name=prefer_printed_case(match["name"].strip(" ,"), full_text),
                address=" ".join(match["address"].split()),
                aum_usd=_aum(aum["amount"], para.span, problems) if aum else None,
                aum_qualifier=qualifier,
                aum_as_of_date=parse_date(aum["date"]) if aum else None,
                year_founded=int(next(g for g in founded.groups() if g)) if founded else None,
                span=para.span,
            )
        )
    return found


# --- managers' biographies ------------------------------------------------------------------

_NAME = r"(?:[A-Z][\w.'\-]*\s+){1,4}[A-Z][\w'\-]+(?:,\s*(?:Jr|Sr|II|III|IV)\.?)?"
_BIO = re.compile(
    r"^(?:[o\u2022*\-]\s+)?(?P<name>" + _NAME + r")(?:,\s*(?:CFA|CPA|CAIA|Ph\.?D\.?))*\s+"
    r"(?:is|has\s+been|serves\s+as)\s+(?:an?\s+|the\s+)?(?P<title>[^.]*(?:\b[A-Z]\.[^.]*)*)\."
)
_JOINED = re.compile(r"\bjoined\b[^.]*?(?P<date>" + MONTH_DATE.pattern + ")", re.IGNORECASE)


@dataclass(frozen=True)
class Biography:
    name: str
    title: str
    joined_date: dt.date | None
    span: Span


def read_biographies(paras: list[Paragraph]) -> list[Biography]:
    out = []
    in_vain = None  # the last paragraph that is no biography: a run of one object reads alike
    for para in paras:
        if para is in_vain:
            continue
        match = _BIO.match(para.text)
        if not match:
            in_vain = para
            continue
        joined = _JOINED.search(para.text)
        out.append(
            Biography(
                name=match["name"],
                title=" ".join(match["title"].split()),
                joined_date=parse_date(joined["date"]) if joined else None,
                span=para.span,
            )
        )
    return out


# --- compensation and conflicts -------------------------------------------------------------

PROSE_HEADINGS: dict[ProseKind, re.Pattern[str]] = {
    ProseKind.CONFLICTS: re.compile(r"conflicts?\s+of\s+interest|material\s+conflicts", re.I),
    ProseKind.COMPENSATION: re.compile(r"\bcompensation\b", re.IGNORECASE),
}
ACCOUNTS_SECTION = re.compile(
    r"other\s+accounts\s+managed|number\s+of\s+other\s+accounts|accounts\s+managed\s+by",
    re.IGNORECASE,
)
OWNERSHIP_SECTION = re.compile(
    r"ownership\s+of\s+(?:fund\s+)?(?:securities|shares)|securities\s+ownership"
    r"|dollar\s+range\s+of\s+(?:equity\s+)?securities|beneficially\s+own",
    re.IGNORECASE,
)
_ENUMERATED = re.compile(r"^\(?[a-h]\)(?:\(\d\))?\s")


def ends_section(para: Paragraph) -> bool:
    """A heading that closes a prose section: an enumerated item, or another section's title."""
    if not para.is_heading:
        return False
    text = para.text
    return bool(
        _ENUMERATED.match(text)
        or ACCOUNTS_SECTION.search(text)
        or OWNERSHIP_SECTION.search(text)
        or any(p.search(text) for p in PROSE_HEADINGS.values())
    )
