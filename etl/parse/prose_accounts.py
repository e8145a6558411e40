"""Other accounts managed, stated in sentences instead of a table.

"As of May 31, 2024, Ms. Rowe managed 4 other registered investment companies with approximately
$1,914.6 million in assets, 1 other pooled investment vehicle ... and two other accounts ..."

Each sentence is cut into typed tokens (counts in digits or words, categories from the vocabulary
the table reader uses, amounts with their unit, dates, people, and the words that open a
performance-fee subset), and a small grammar reads them::

    figure := COUNT [(, | and) COUNT]* filler{0,3} CATEGORY tail
    tail   := [QUALIFIER] MONEY* [subset]            (up to the next figure)
    subset := [COUNT] "of which|these|those" [COUNT] ... [MONEY] ... PERFORMANCE-WORD

A figure belongs to the people named last before it ("Mr. X", "Messrs. A and B", full names,
"each of the portfolio managers", "he"/"she" for the last one named); several people share the
figures in order when the sentence says "respectively", or all of them when it says "each".
The as-of date is the sentence's own ("As of ..."), else the one an earlier sentence of the
paragraph gave, else the lead-in's.

Whatever the grammar cannot place (a count with no category, an amount with no unit, a figure
with nobody to own it, numbers left over in a sentence of the section) becomes a problem, never
a guessed value. Dates, years, page numbers, percentages and footnote marks are not figures.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from etl.parse.accounts_grid import CATEGORY_PATTERNS, PERFORMANCE
from etl.parse.folding import AnyOf, Folded, may_hold
from etl.parse.memo import per_document
from etl.parse.names import PersonName, looks_like_person, parse_person_name
from etl.parse.prose import OWNERSHIP_TOPIC, Paragraph, sentences
from etl.parse.records import AccountFigures, Category, SectionNotice, Span
from etl.parse.units import unit_in_prose as unit_in
from etl.parse.values import MONTH_DATE, UNIT_MULTIPLIERS, DigitsGroupedWrongly, find_dates, read_digits

# --- the vocabulary ------------------------------------------------------------------------

COUNT_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
COUNT_WORDS.update({"no": 0, "none": 0, "a": 1, "an": 1, "single": 1, "a single": 1})
# how many words may stand between a count and its category ("4 other registered ...")
_FILLER_WORDS = {"a": 1, "an": 1, "single": 1, "a single": 1, "no": 2}
# singular forms the table vocabulary leaves out ("an other account")
_MORE_CATEGORIES = [(Category.OTHER_ACCOUNTS, re.compile(r"\bother\s+account\b|\bseparate\s+account\b", re.I))]
_PARTICLE_GIVEN = {"van", "von", "de", "da", "di", "del", "della", "der", "den", "la", "le", "du", "st"}
_ARTICLES = {"a", "an", "single", "a single"}
_BOUND_QUALIFIERS = {"over", "more than", "in excess of", "less than", "under", "up to", "at least"}

_UNIT_RE = r"trillion|billion|million|thousand|bn|mm|mil|[bmk]"
_NUMBER_RE = r"\d[\d,]*(?:\.\d+)?"
# (kind, pattern), in priority order: a span taken by an earlier kind is not read again
_TOKEN_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("date", MONTH_DATE),
    ("money", re.compile(r"\$\s?(?P<number>" + _NUMBER_RE + r")(?:\s*(?P<unit>" + _UNIT_RE + r")\b)?"
                         r"|(?<![\w$.,])(?P<number2>" + _NUMBER_RE + r")\s*(?P<unit2>trillion|billion|million)\b",
                         re.I)),
    ("noise", re.compile(
        r"\b(?:pages?|p\.|rule|item|section|part|appendix|schedule|note|form)\s+[\w\-]*\d[\w\-]*"
        r"|\d+(?:\.\d+)?\s*(?:%|percent\b)|\(\s*\d{1,2}\s*\)|\b\d+(?:st|nd|rd|th)\b"
        r"|\b\d+[\s\-](?:days?|weeks?|months?|years?|basis\s+points|bps)\b"
        r"|(?<![\d,.$])\b(?:19|20)\d{2}\b(?![,.]\d)", re.I)),
    ("subset", re.compile(r"\b(?:(?:none|all|each|any)\s+)?of\s+(?:which|these|those|them|such)\b"
                          r"|\bincluding\b", re.I)),
    ("unit", re.compile(r"\b(?:trillions?|billions?|millions?|thousands?)\b", re.I)),
    ("count", re.compile(r"(?<![\w$.,/\-])\d{1,3}(?:,\d{3})+(?![\w%]|[.,]\d)|(?<![\w$.,/\-])\d+(?![\w%]|[.,]\d)"
                         r"|\b(?:a\s+single|" + "|".join(sorted(COUNT_WORDS, key=len, reverse=True)) + r")\b",
                         re.I)),
    ("qualifier", re.compile(r"\b(?:approximately|about|nearly|roughly|around|almost|over|more\s+than"
                             r"|in\s+excess\s+of|less\s+than|under|up\s+to|at\s+least)\b", re.I)),
    ("performance", PERFORMANCE),
]
# each searched as its lower-case twin in the lowered sentence (`etl.parse.folding`: the same spans)
_TOKEN_TWINS = [(kind, Folded(pattern)) for kind, pattern in _TOKEN_PATTERNS]
_CATEGORY_TWINS = [(category, Folded(pattern)) for category, pattern in [*CATEGORY_PATTERNS, *_MORE_CATEGORIES]]
_OTHER_THAN = Folded(re.compile(r"(?:other\s+than|excluding|besides|except(?:\s+for)?)\s+(?:the\s+)?$", re.I))
_CONNECTOR = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or)\s*$", re.I)
_STOP_FILLER = {"of", "with", "which", "these", "those", "and", "or", "in", "assets", "total", "were",
                "are", "is", "was", "the", "for", "that", "had", "has", "managed", "manages"}
_ACCOUNT_NOUN = re.compile(r"\s+(?:\w+\s+)?(?:accounts?|funds?|vehicles?|compan(?:y|ies)|portfolios?|clients?)\b",
                           re.I)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_EACH = re.compile(r"\beach\b(?!\s+of\s+(?:which|these|those|them|such)\b)", re.I)
_MANAGING = re.compile(r"\bmanag|\brespons", re.I)
_TRUSTEES = re.compile(r"\btrustees?\b|\bdirectors?\b|\boversee|\boversaw\b", re.I)
_MANAGING_DIRECTOR = re.compile(r"managing\s+directors?", re.I)
# searched as a lower-case twin in the lowered sentence (`etl.parse.folding`), the date read from the sentence
_DATE_IN = Folded(re.compile(r"as\s+of\s+(" + MONTH_DATE.pattern + ")", re.I))

# --- people ---------------------------------------------------------------------------------

_WORD = r"[A-Z][\w'\u2019\-]+"
_HONORIFIC = re.compile(r"\b(?:Mr|Ms|Mrs|Dr)\.\s+(" + _WORD + r"(?:\s+[A-Z]\.)?(?:\s+" + _WORD + r")?)")
_MESSRS = re.compile(r"\bMess(?:rs|ieurs)\.?\s+(" + _WORD + r"(?:\s*,\s*" + _WORD + r")*),?\s+and\s+(" + _WORD + ")")
_FULL = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z]\.|\s+\([A-Z][\w.]*\))*(?:\s+[A-Z][a-z]+)?"
                   r"\s+[A-Z][a-z]*[\w'\u2019\-]*[a-z](?:,?\s+(?:Jr\.|Sr\.|III|II|IV)(?![\w]))?")
_ALL_MANAGERS = re.compile(r"\b(?:each|all|both)\s+(?:of\s+)?(?:the\s+|our\s+)?(?:fund'?s\s+)?"
                           r"(?:portfolio\s+|co-?)?managers?\b|\bthe\s+portfolio\s+managers\s+each\b", re.I)
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.I)
_NOT_GIVEN = {"as", "in", "at", "on", "of", "for", "by", "the", "each", "both", "also", "additionally",
              "during", "since", "further", "furthermore", "moreover", "accordingly", "effective",
              "together", "collectively", "currently", "previously", "similarly", "likewise"}


@dataclass(frozen=True)
class Token:
    kind: str  # date, money, noise, subset, unit, count, qualifier, performance, category
    start: int
    end: int
    text: str
    value: object = None  # int (count), Decimal or None (money), Category, date, Decimal (unit)
    unit: Decimal | None = None  # money: the unit written with the number
    weak: bool = False  # count: "a", "an", "no", words: not a figure when left over


@dataclass(frozen=True)
class Mention:
    """People named in a sentence: one name, a list ("Messrs. A and B"), all, or a pronoun."""

    start: int
    end: int
    names: tuple[str, ...]
    kind: str = "named"  # named | all | pronoun


@dataclass
class Figure:
    """One group of the grammar: counts of a category, their amounts, a performance subset."""

    counts: list[Token]
    category: Token
    amounts: list[Token] = field(default_factory=list)
    qualifier: str | None = None
    subset_of: bool = False  # "Of these, 2 other accounts ... performance": the figure is a subset
    perf_count: int | None = None
    perf_amount: Token | None = None
    perf_zero: bool = False
    end: int = 0


@dataclass(frozen=True)
class ProseFigures:
    """Account figures read from one sentence, before the manager's name is resolved."""

    manager_text: str
    category: Category
    num_accounts: int | None
    total_assets_usd: Decimal | None
    perf_num_accounts: int | None
    perf_total_assets_usd: Decimal | None
    as_of_date: dt.date | None
    qualifier: str | None
    span: Span


# --- tokens -------------------------------------------------------------------------------


def tokens(sentence: str) -> list[Token]:
    """The typed tokens of a sentence, in order (a new list; the tokens are shared).

    >>> [(t.kind, t.value) for t in tokens("As of May 31, 2024, he managed two other accounts "
    ...                                    "with approximately $1,914.6 million in assets.")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('date', datetime.date(2024, 5, 31)), ('count', 2),
     ('category', <Category.OTHER_ACCOUNTS: 'other_accounts'>), ('qualifier', 'approximately'),
     ('money', Decimal('1914600000.0'))]
    >>> [(t.kind, t.text) for t in tokens("no pooled investment vehicles other than registered "
    ...                                   "investment companies (see page 12)")]
    [('count', 'no'), ('category', 'pooled'), ('noise', 'page 12')]
    """
    return list(_tokens(sentence))


# a pure function of the sentence: the region scan's evidence and the assembler read the same
# sentences (tokens are frozen, the tuple is never changed)
@per_document(maxsize=4096)
def _tokens(sentence: str) -> tuple[Token, ...]:
    taken: list[Token] = []
    occupied: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in occupied)

    def take(token: Token) -> None:
        taken.append(token)
        occupied.append((token.start, token.end))

    for kind, folded in _TOKEN_TWINS:
        pattern, subject = folded.pick(sentence)
        for match in pattern.finditer(subject):
            if free(match.start(), match.end()):
                take(_token(kind, match, sentence))
        if kind == "unit":
            for category, start, end in _categories(sentence):
                if free(start, end):
                    take(Token("category" if category else "excluded", start, end, sentence[start:end], category))
    return tuple(sorted((t for t in taken if t.kind != "excluded"), key=lambda t: t.start))


def _search_folded(folded: Folded, text: str) -> re.Match[str] | None:
    """The first match, in the text or in its lowered text (the same spans: read by `_group`)."""
    pattern, subject = folded.pick(text)
    return pattern.search(subject)


def _group(match: re.Match[str], text: str, name: str | int) -> str | None:
    """What a group of a match found in ``text`` or in its lowered text holds in ``text``."""
    start, end = match.span(name)
    return None if start < 0 else text[start:end]


def _token(kind: str, match: re.Match[str], sentence: str) -> Token:
    """The token of a match found in the sentence or in its lowered text (the same spans):
    what it holds is read from the sentence."""
    def group(name: str | int) -> str | None:
        return _group(match, sentence, name)

    text = group(0)
    if kind == "date":
        found = find_dates(text)
        return Token("date", match.start(), match.end(), text, found[0][1] if found else None)
    if kind == "money":
        number = group("number") or group("number2")
        unit_text = (group("unit") or group("unit2") or "").lower()
        unit = UNIT_MULTIPLIERS.get(unit_text)
        amount = read_digits(number.rstrip("."))  # raises for "$3,4 million": the paragraph is not read
        return Token("money", match.start(), match.end(), text, amount * unit if unit else amount, unit)
    if kind == "unit":
        return Token("unit", match.start(), match.end(), text, UNIT_MULTIPLIERS[text.lower().rstrip("s")])
    if kind == "count":
        word = " ".join(text.lower().split())
        if word[0].isdigit():
            return Token("count", match.start(), match.end(), text, int(word.replace(",", "")))
        return Token("count", match.start(), match.end(), text, COUNT_WORDS[word], weak=True)
    return Token(kind, match.start(), match.end(), text, " ".join(text.lower().split()))


def _categories(sentence: str) -> list[tuple[Category | None, int, int]]:
    """Category phrases, each to the end of its last word; one that follows "other than"
    qualifies the category before it and is kept only to hide it (category None)."""
    found: list[tuple[Category | None, int, int]] = []
    other_than, before = _OTHER_THAN.pick(sentence)
    for category, folded in _CATEGORY_TWINS:
        pattern, subject = folded.pick(sentence)
        for match in pattern.finditer(subject):
            end = match.end()
            while end < len(sentence) and sentence[end].isalpha():
                end += 1
            if any(not (end <= s or match.start() >= e) for _, s, e in found):
                continue
            excluded = other_than.search(before[:match.start()])
            found.append((None if excluded else category, match.start(), end))
    return found


# --- people -------------------------------------------------------------------------------


def mentions(sentence: str) -> list[Mention]:
    """The people a sentence names, in order; names joined by "and" or commas are one mention.

    >>> [m.names for m in mentions("Messrs. Oakes and Lyle managed 3 ...; Ms. Hart and Tomas "
    ...                            "R. Ibarra, Jr. managed 4 ...; she managed 2")]
    [('Oakes', 'Lyle'), ('Hart', 'Tomas R. Ibarra, Jr.'), ('she',)]
    >>> [m.kind for m in mentions("As of June 30, 2021, each of the portfolio managers managed")]
    ['all']
    """
    found: list[Mention] = []

    def add(start: int, end: int, names: tuple[str, ...], kind: str = "named") -> None:
        if all(end <= m.start or start >= m.end for m in found):
            found.append(Mention(start, end, names, kind))

    for match in _MESSRS.finditer(sentence):
        names = tuple(n.strip() for n in match.group(1).split(",")) + (match.group(2),)
        add(match.start(), match.end(), names)
    for match in _HONORIFIC.finditer(sentence):
        add(match.start(), match.end(), (match.group(1),))
    for start, end, name in _full_names(sentence):
        add(start, end, (name,))
    for match in _ALL_MANAGERS.finditer(sentence):
        add(match.start(), match.end(), (), "all")
    for match in _PRONOUN.finditer(sentence):
        add(match.start(), match.end(), (match.group(0),), "pronoun")
    return _joined(sorted(found, key=lambda m: m.start), sentence)


def _full_names(sentence: str) -> Iterable[tuple[int, int, str]]:
    for match in _FULL.finditer(sentence):
        start, text = match.start(), match.group(0)
        first = text.split()[0]
        if first.lower() in _NOT_GIVEN:  # "As Brian Norwood" -> "Brian Norwood"
            start += len(first) + 1
            text = text[len(first) + 1:]
        if re.match(r"\s+[A-Z][a-z]", sentence[match.end():]) or re.search(r"[A-Z][a-z]+\s+$", sentence[:start]):
            continue  # part of a longer proper noun: a fund, a firm
        if len(text.split()) >= 2 and looks_like_person(text):
            yield start, match.end(), text


def _joined(found: list[Mention], sentence: str) -> list[Mention]:
    out: list[Mention] = []
    for mention in found:
        previous = out[-1] if out else None
        if previous and previous.kind == mention.kind == "named" and \
                re.fullmatch(r"\s*(?:,|,?\s*and)\s*", sentence[previous.end:mention.start]):
            out[-1] = Mention(previous.start, mention.end, previous.names + mention.names)
        else:
            out.append(mention)
    return out


# --- the grammar --------------------------------------------------------------------------


def figures(toks: list[Token], sentence: str) -> tuple[list[Figure], set[int]]:
    """The figures of a sentence and the indexes of the tokens they use.

    >>> s = "Mr. Lee managed 12 other accounts with total assets of $2.1 billion, of which 2 pay a performance fee."
    >>> found, _ = figures(tokens(s), s)
    >>> [(f.category.value.value, [c.value for c in f.counts], [a.value for a in f.amounts], f.perf_count)
    ...  for f in found]
    [('other_accounts', [12], [Decimal('2100000000.0')], 2)]
    """
    found: list[Figure] = []
    used: set[int] = set()
    index = 0
    while index < len(toks):
        figure, last = _figure_at(toks, index, sentence)
        if figure is None:
            index += 1
            continue
        found.append(figure)
        used.update(range(index, last + 1))
        index = last + 1
    for number, figure in enumerate(found):
        start = toks.index(figure.category) + 1
        stop = toks.index(found[number + 1].counts[0]) if number + 1 < len(found) else len(toks)
        used.update(_read_tail(figure, toks, start, stop))
        figure.subset_of = _follows_subset(toks, toks.index(figure.counts[0]), sentence)
        figure.end = toks[stop - 1].end if stop > start else figure.category.end
    if found and found[0].subset_of and any(t.kind == "performance" for t in toks):
        # "Of these accounts, 0 registered investment companies ..., 1 other pooled investment
        # vehicle ... and 2 other accounts ... pay a performance fee": every figure of the list
        for figure in found:
            figure.subset_of = True
    return found, used


def _follows_subset(toks: list[Token], index: int, sentence: str) -> bool:
    """A figure just after "of these" ("Of these pooled vehicles, three other ..."): a subset.

    >>> s = "Of these pooled vehicles, three other pooled investment vehicles pay performance fees."
    >>> _follows_subset(tokens(s), 2, s)
    True
    """
    at = index - 1
    while at >= 0 and toks[at].kind in ("category", "excluded"):
        at -= 1
    return at >= 0 and toks[at].kind == "subset" and len(sentence[toks[at].end:toks[index].start]) <= 40


def _figure_at(toks: list[Token], index: int, sentence: str) -> tuple[Figure | None, int]:
    """COUNT [(, | and) COUNT]* filler CATEGORY starting at ``index``, with its last index."""
    if toks[index].kind != "count":
        return None, index
    counts = [toks[index]]
    at = index + 1
    while at < len(toks) and toks[at].kind == "count" and \
            _CONNECTOR.fullmatch(sentence[counts[-1].end:toks[at].start]) and not toks[at].weak:
        counts.append(toks[at])
        at += 1
    if at >= len(toks) or toks[at].kind != "category" or toks[at].value is None:
        return None, index
    between = sentence[counts[-1].end:toks[at].start].split()
    if len(between) > _FILLER_WORDS.get(counts[-1].text.lower(), 3) or \
            any(w.lower() in _STOP_FILLER or not w.replace("-", "").isalpha() for w in between):
        return None, index
    return Figure(counts=counts, category=toks[at]), at


def _read_tail(figure: Figure, toks: list[Token], start: int, stop: int) -> set[int]:
    """Amounts after a figure's category; after "of which" the performance-fee subset."""
    used: set[int] = set()
    tail = list(range(start, stop))
    subset = next((i for i in tail if toks[i].kind == "subset"), None)
    main = [i for i in tail if subset is None or i < subset]
    if subset is not None and main and toks[main[-1]].kind == "count" and not toks[main[-1]].weak:
        main = main[:-1]  # "2 of which pay ..."
    # a count of no category ("and 9 accounts with ...") ends the figure: what follows is not its
    stray = next((n for n, i in enumerate(main) if toks[i].kind == "count" and not toks[i].weak), None)
    if stray is not None:
        main, subset = main[:stray], None
    for i in main:
        token = toks[i]
        if token.kind == "money":
            figure.amounts.append(token)
            used.add(i)
            if i and toks[i - 1].kind == "qualifier" and figure.qualifier is None:
                figure.qualifier = toks[i - 1].value
        elif token.kind in ("qualifier", "unit", "date", "noise"):
            used.add(i)
    if subset is None:
        return used
    rest = [i for i in tail if i >= subset]
    if not any(toks[i].kind == "performance" for i in rest):
        return used  # a subset not about performance fees: its figures stay unread
    used.update(rest[:1])
    if toks[subset].value.startswith("none"):
        figure.perf_zero = True
    before = subset - 1
    count = before if before >= start and toks[before].kind == "count" and not toks[before].weak else \
        next((i for i in rest if toks[i].kind == "count"), None)
    if count is not None and not figure.perf_zero:
        figure.perf_count = toks[count].value
        used.add(count)
    money = next((i for i in rest if toks[i].kind == "money"), None)
    if money is not None and not figure.perf_zero:
        figure.perf_amount = toks[money]
        used.add(money)
    used.update(i for i in rest if toks[i].kind in ("performance", "qualifier", "unit", "noise", "date"))
    return used


# --- from figures to rows -----------------------------------------------------------------


@dataclass
class _Entry:
    """One manager-less row of a sentence: a category's count and amount, maybe a subset."""

    category: Category
    num: int | None
    assets: Decimal | None
    perf_num: int | None = None
    perf_assets: Decimal | None = None
    qualifier: str | None = None
    subset: bool = False


def amount_value(token: Token, sentence_unit: Decimal | None, context_unit: Decimal | None
                 ) -> tuple[Decimal | None, str | None]:
    """An amount in dollars, or None and why: a unit with the number, else a unit the sentence or
    its lead-in states ("(in millions)"), else whole dollars when printed as such.

    >>> money = [t for t in tokens("$1,914.6 and $412,300,000, and $88.4") if t.kind == "money"]
    >>> [amount_value(t, None, None)[0] for t in money]
    [None, Decimal('412300000'), None]
    >>> amount_value(money[0], Decimal(10) ** 6, None)[0]
    Decimal('1914600000.0')
    """
    if token.unit is not None or token.value == 0:
        return token.value, None
    unit = sentence_unit or context_unit
    if unit is not None:
        return token.value * unit, None
    number = re.sub(r"^\$\s*", "", token.text).rstrip(",;.")  # "$412,300,000," ends a clause
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d\d)?", number):
        return token.value, None
    return None, f"amount {token.text!r} has no unit"


def _entries(figure: Figure, unit: Decimal | None, context_unit: Decimal | None,
             problems: list[str]) -> list[_Entry]:
    counts = [c.value for c in figure.counts]
    amounts = []
    for token in figure.amounts:
        value, problem = amount_value(token, unit, context_unit)
        amounts.append(value)
        if problem:
            problems.append(problem)
    if amounts and len(amounts) != len(counts):
        problems.append(f"{len(counts)} count(s) and {len(amounts)} amount(s) of {figure.category.value.value}")
        amounts = [None] * len(counts)
    out = []
    for number, count in enumerate(counts):
        assets = amounts[number] if amounts else (Decimal(0) if count == 0 else None)
        if assets is None and count and not amounts:
            problems.append(f"no amount for the {count} {figure.category.value.value}")
        entry = _Entry(figure.category.value, count, assets, qualifier=figure.qualifier, subset=figure.subset_of)
        if figure.perf_zero:
            entry.perf_num, entry.perf_assets = 0, Decimal(0)
        elif figure.perf_count is not None or figure.perf_amount is not None:
            entry.perf_num = figure.perf_count
            if figure.perf_amount is not None:
                entry.perf_assets, problem = amount_value(figure.perf_amount, unit, context_unit)
                problems.extend([problem] if problem else [])
            elif figure.perf_count == 0:
                entry.perf_assets = Decimal(0)
            else:
                problems.append(f"no amount for the {figure.perf_count} performance-fee account(s)")
        out.append(entry)
    if figure.qualifier in _BOUND_QUALIFIERS:
        problems.append(f"an amount stated as {figure.qualifier!r} a figure is loaded as printed")
    return out


def _subject(mention_list: list[Mention], position: int, state: _State) -> tuple[str, ...]:
    """Who a figure at ``position`` belongs to: the people named last before it, else the
    first named after it ("... were managed by Ms. Hart"), else the paragraph's last subject."""
    before = [m for m in mention_list if m.end <= position]
    chosen = before[-1] if before else next((m for m in mention_list if m.start >= position), None)
    if chosen is None or chosen.kind == "pronoun":
        return state.subject
    if chosen.kind == "all":
        return tuple(dict.fromkeys(state.named or state.known))
    return chosen.names


def _distribute(names: tuple[str, ...], entries: list[_Entry], sentence: str,
                problems: list[str]) -> list[tuple[str, _Entry]]:
    """Entries to people: one person takes all; several share them in order ("respectively")
    or each takes every one ("each managed")."""
    if len(names) == 1:
        by_category: dict[Category, int] = {}
        for entry in entries:
            by_category[entry.category] = by_category.get(entry.category, 0) + 1
        if any(n > 1 for n in by_category.values()):
            problems.append("several figures of one category for one manager")
            return []
        return [(names[0], e) for e in entries]
    if _RESPECTIVELY.search(sentence):
        out = []
        for category in dict.fromkeys(e.category for e in entries):
            mine = [e for e in entries if e.category == category]
            if len(mine) != len(names):
                problems.append(f"{len(mine)} figure(s) of {category.value} for {len(names)} managers")
                continue
            out += list(zip(names, mine))
        return out
    if _EACH.search(sentence):
        return [(name, e) for name in names for e in entries]
    problems.append(f"figures of {len(names)} managers not told apart")
    return []


@dataclass
class _State:
    """What a paragraph carries from one sentence to the next."""

    known: tuple[str, ...] = ()  # managers of the document's tables
    subject: tuple[str, ...] = ()
    as_of: dt.date | None = None
    named: list[str] = field(default_factory=list)


def _figures_given(toks: list[Token], sentence: str) -> tuple[list[Figure], set[int]]:
    """`figures`, less an article's "a registered investment company": a figure only when an
    amount goes with it."""
    found, used = figures(toks, sentence)
    return [f for f in found if f.amounts or not all(c.text.lower() in _ARTICLES for c in f.counts)], used


def _states_figures(found: list[Figure], sentence: str) -> bool:
    """Whether a sentence with these figures states a manager's accounts (not a trustee's)."""
    managing = bool(_MANAGING.search(sentence)) and not _TRUSTEES.search(_MANAGING_DIRECTOR.sub("", sentence))
    return bool(found) and (managing or all(f.subset_of for f in found))


def states_accounts(text: str) -> bool:
    """Whether `read_paragraph` finds that the paragraph ``text`` (on one line, white space
    folded) states a manager's accounts (its ``is_accounts``), without reading the figures:
    only the sentences that name a category (the tokens a figure needs) are read at all.

    >>> states_accounts("The Fund pays fees. Ms. Ferrand managed 3 other pooled investment vehicles.")
    True
    >>> states_accounts("Trustees oversee 3 registered investment companies. REITs are pooled.")
    False
    """
    return any(_sentence_states_accounts(sentence) for _, sentence in _sentences(text) if _may_name_category_in(sentence))


def _sentence_states_accounts(sentence: str) -> bool:
    """`read_sentence`'s is_accounts for a sentence that names a category; yes for one whose
    amount cannot be read (digits grouped wrongly), which `read_paragraph` reports."""
    try:
        return _states_figures(_figures_given(tokens(sentence), sentence)[0], sentence)
    except DigitsGroupedWrongly:
        return True


def _may_name_category_in(sentence: str) -> bool:
    """Whether any pattern `_categories` reads a category with finds something in the sentence."""
    return _NAMES_A_CATEGORY.search(sentence)


def read_sentence(sentence: str, state: _State, context_unit: Decimal | None
                  ) -> tuple[list[tuple[str, _Entry]], list[str], list[str], bool]:
    """(rows, problems, figures left over, is an accounts sentence) for one sentence."""
    toks = tokens(sentence)
    found, used = _figures_given(toks, sentence)
    people = mentions(sentence)
    state.named += [n for m in people if m.kind == "named" for n in m.names]
    if match := _search_folded(_DATE_IN, sentence):
        state.as_of = find_dates(_group(match, sentence, 0))[0][1]
    is_accounts = _states_figures(found, sentence)
    leftovers = [t.text for i, t in enumerate(toks) if i not in used and _is_figure(t, sentence)]
    if not is_accounts:
        return [], [], leftovers, False
    problems: list[str] = []
    units = {t.value for t in toks if t.kind == "unit"}
    unit = units.pop() if len(units) == 1 else None
    groups: dict[tuple[str, ...], list[_Entry]] = {}
    for figure in found:
        names = _subject(people, figure.counts[0].start, state)
        if not names:
            problems.append(f"no manager for {figure.counts[0].text} {figure.category.value.value}")
            continue
        groups.setdefault(names, []).extend(_entries(figure, unit, context_unit, problems))
    rows = []
    for names, entries in groups.items():
        rows += _distribute(names, entries, sentence, problems)
        state.subject = names
    return rows, problems, leftovers, True


def _is_figure(token: Token, sentence: str) -> bool:
    """A token that states a figure: an amount, a count in digits, or a count word before an
    account noun ("three accounts"); not "a", "no" or a number word in running text."""
    if token.kind == "money":
        return True
    if token.kind != "count":
        return False
    if not token.weak:
        return True
    return token.text.lower() not in _FILLER_WORDS and bool(_ACCOUNT_NOUN.match(sentence[token.end:])) \
        and not re.search(r"\bthan\s+$", sentence[:token.start])


# --- paragraphs and the document ----------------------------------------------------------


def _sentences(text: str) -> list[tuple[int, str]]:
    """prose.sentences, with "Messrs." not ending a sentence.

    >>> [s for _, s in _sentences("Messrs. Oakes and Lyle managed 3 funds. He left.")]
    ['Messrs. Oakes and Lyle managed 3 funds.', 'He left.']
    """
    out: list[tuple[int, str]] = []
    for offset, sentence in sentences(text):
        if out and _ends_with_messrs(out[-1][1]):
            out[-1] = (out[-1][0], text[out[-1][0]:offset + len(sentence)])
        else:
            out.append((offset, sentence))
    return out


_MESSRS_AT_END = re.compile(r"\bMess(?:rs|ieurs)\.$|\bMses\.$")


def _ends_with_messrs(sentence: str) -> bool:
    """Whether a sentence ends with "Messrs." (or "Messieurs.", "Mses."): a match ends the text
    or stands before its last line break, so its "Mes" or "Mse" is among the last 11 characters,
    and a sentence without either there is not searched (a search tries every place of it).

    >>> _ends_with_messrs("Managed by Messrs."), _ends_with_messrs("Managed by Mr."), _ends_with_messrs("xMses.")
    (True, False, False)
    """
    tail = sentence[-11:]
    return ("Mes" in tail or "Mse" in tail) and _MESSRS_AT_END.search(sentence) is not None


@dataclass
class ParagraphReading:
    figures: list[ProseFigures] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    is_accounts: bool = False  # some sentence states a manager's figures


def read_paragraph(paragraph: Paragraph, lead_in_date: dt.date | None = None,
                   context_unit: Decimal | None = None, known: tuple[str, ...] = ()) -> ParagraphReading:
    """The account figures a paragraph states, sentence by sentence, with what it could not read.

    >>> p = Paragraph(7, 7, ("As of June 30, 2022, Dana Whitcombe managed 3 registered investment "
    ...                      "companies with approximately $1.2 billion in assets and two other accounts "
    ...                      "with $45.5 million in assets.",))
    >>> [(f.manager_text, f.category.value, f.num_accounts, f.total_assets_usd, str(f.as_of_date))
    ...  for f in read_paragraph(p).figures]  # doctest: +NORMALIZE_WHITESPACE
    [('Dana Whitcombe', 'registered_investment_companies', 3, Decimal('1200000000.0'), '2022-06-30'),
     ('Dana Whitcombe', 'other_accounts', 2, Decimal('45500000.0'), '2022-06-30')]
    """
    reading = ParagraphReading()
    state = _State(known=known, as_of=None)
    unit = unit_in(paragraph.text) or context_unit
    by_key: dict[tuple[str, Category], int] = {}
    left: list[tuple[int, str, list[str]]] = []
    unreadable: list[str] = []  # sentences with a figure whose digits are grouped wrongly
    for offset, sentence in _sentences(paragraph.text):
        span = _sentence_span(paragraph, offset, sentence)
        try:
            rows, problems, leftovers, is_accounts = read_sentence(sentence, state, unit)
        except DigitsGroupedWrongly as error:  # a figure that cannot be read: the sentence is not,
            reading.is_accounts |= bool(_may_name_category_in(sentence))  # as `states_accounts` answers
            unreadable.append(f"line {span.line_start}: figures not read ({error}) in {sentence!r}")
            continue
        reading.is_accounts |= is_accounts
        if leftovers:
            left.append((span.line_start, sentence, leftovers))
        reading.problems += [f"line {span.line_start}: {p} in {sentence!r}" for p in problems]
        for name, entry in rows:
            problem = _add(reading.figures, by_key, name, entry, state.as_of or lead_in_date, span)
            if problem:
                reading.problems.append(f"line {span.line_start}: {problem} in {sentence!r}")
    if reading.is_accounts:
        reading.problems += unreadable
        reading.problems += [f"line {line}: figures not read ({', '.join(repr(x) for x in figures_left)}) "
                             f"in {sentence!r}" for line, sentence, figures_left in left]
    return reading


def _add(found: list[ProseFigures], by_key: dict[tuple[str, Category], int], name: str, entry: _Entry,
         as_of: dt.date | None, span: Span) -> str | None:
    """Adds a row, or a subset's performance figures to the row it qualifies."""
    key = (name, entry.category)
    if entry.subset:
        if key not in by_key:
            return f"performance-fee figures of {name} / {entry.category.value} without the figures they qualify"
        at = by_key[key]
        found[at] = replace(found[at], perf_num_accounts=entry.num, perf_total_assets_usd=entry.assets,
                            span=Span(found[at].span.line_start, span.line_end,
                                      f"{found[at].span.raw_text} {span.raw_text}"))
        return None
    if key in by_key:
        return f"{name} / {entry.category.value} stated twice"
    by_key[key] = len(found)
    found.append(ProseFigures(manager_text=name, category=entry.category, num_accounts=entry.num,
                              total_assets_usd=entry.assets, perf_num_accounts=entry.perf_num,
                              perf_total_assets_usd=entry.perf_assets, as_of_date=as_of,
                              qualifier=entry.qualifier, span=span))
    return None


def _sentence_span(paragraph: Paragraph, offset: int, sentence: str) -> Span:
    """The lines a sentence sits on, when the paragraph's lines are its source lines."""
    lines = paragraph.lines
    if len(lines) != paragraph.line_end - paragraph.line_start + 1:
        return Span(paragraph.line_start, paragraph.line_end, sentence)
    ends = _line_ends(lines)
    first = next((i for i, end in enumerate(ends) if end > offset), len(lines) - 1)
    last = next((i for i, end in enumerate(ends) if end >= offset + len(sentence)), len(lines) - 1)
    return Span(paragraph.line_start + first, paragraph.line_start + last, sentence)


@per_document(maxsize=1024)  # the same paragraph's lines, for each of its sentences
def _line_ends(lines: tuple[str, ...]) -> tuple[int, ...]:
    """Where each line of a paragraph ends in its folded text (one past, with the space).

    >>> _line_ends(("Ann  Lee", "", " managed 3"))
    (8, 8, 18)
    """
    ends, position = [], 0
    for line in lines:
        folded = " ".join(line.split())
        position += len(folded) + (1 if folded else 0)
        ends.append(position)
    return tuple(ends)


# searched as lower-case twins in the lowered text (`etl.parse.folding`: the same answers)
_MAY_STATE_FIGURES = AnyOf(re.compile(r"\d|\b(?:no|one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I))
_ANY_CATEGORY = AnyOf(re.compile("|".join(p.pattern for _, p in CATEGORY_PATTERNS), re.I))
_NAMES_A_CATEGORY = AnyOf(re.compile("|".join(p.pattern for _, p in [*CATEGORY_PATTERNS, *_MORE_CATEGORIES]), re.I))


# every match of a category pattern holds one of these (a word of each alternative: "registered
# investment", "investment compan", "RICs", "sec-registered", "registered open", "mutual funds",
# "pooled", "pool", "commingled", "PIVs", "other accounts", "separate accounts", "other accts"):
# a cheap first test for the paragraphs of a prospectus, which speak of "investment" and
# "accounts" in many other ways
_CATEGORY_STEMS = ("registered", "compan", "ric", "mutual", "pool", "commingled", "piv", "other", "separate")


@per_document(maxsize=4096)  # a pure function of the text; a focused document repeats its gap paragraphs
def may_state_accounts(text: str) -> bool:
    """The cheap first tests a paragraph passes before it is read for account figures."""
    return _may_name_category(text) and _ANY_CATEGORY.search(text) and _MAY_STATE_FIGURES.search(text)


def _may_name_category(text: str) -> bool:
    """Whether the lowered text holds a stem (`folding.may_hold`: always for a text with a letter
    that re.I folds otherwise).

    >>> _may_name_category("Two OTHER ACCOUNTS"), _may_name_category("Investment in accounts")
    (True, False)
    """
    return may_hold(text, _CATEGORY_STEMS)


def lead_in(items: list, index: int, limit: int = 3) -> tuple[dt.date | None, Decimal | None]:
    """The as-of date and unit that the paragraphs just above ``index`` state for what follows
    ("Other Accounts Managed as of September 30, 2022"; "(dollar amounts in millions)")."""
    date = unit = None
    seen = 0
    for item in reversed(items[:index]):
        if not isinstance(item, Paragraph) or seen >= limit:
            break
        seen += 1
        unit = unit or unit_in(item.text)
        if date is None:
            for _, sentence in reversed(sentences(item.text)):
                if (match := _search_folded(_DATE_IN, sentence)) and not OWNERSHIP_TOPIC.search(sentence):
                    date = find_dates(_group(match, sentence, 0))[0][1]
                    break
    return date, unit


def names_in(items: list) -> list[str]:
    """Every full name the document's paragraphs print."""
    return [name for item in items if isinstance(item, Paragraph) for _, _, name in _full_names(item.text)]


def full_name(text: str, full_names: Callable[[], list[str]]) -> str:
    """A surname ("Van Aalst", after "Mr.") as the one full name the document prints with that
    family name ("Pieter Van Aalst"); else the text as it is.

    >>> full_name("Van Aalst", lambda: ["Pieter Van Aalst", "Adaeze Nwosu"])
    'Pieter Van Aalst'
    >>> full_name("Dana Hart", lambda: ["Dana Hart"]), full_name("Lee", lambda: ["Amy Lee", "Bo Lee"])
    ('Dana Hart', 'Lee')
    """
    if len(text.split()) > 1 and parse_person_name(text).given and \
            parse_person_name(text).given.lower() not in _PARTICLE_GIVEN:
        return text
    matches = {n for n in full_names() if parse_person_name(n).family.lower() == text.lower()}
    return matches.pop() if len(matches) == 1 else text


def with_prose_accounts(accounts: list[AccountFigures], sections: list[SectionNotice], items: list,
                        resolve: Callable[[str], PersonName], adviser: str | None,
                        fund_at: Callable[[int], str | None]
                        ) -> tuple[list[AccountFigures], list[SectionNotice]]:
    """The document's account rows with those stated in prose added for each (manager, category)
    that no table gave (tables win), then performance-fee prose applied to every row; and its
    section notices with one for each paragraph of prose figures, naming what was not read."""
    given = {(row.manager.key, row.category) for row in accounts}
    printed = functools.cache(lambda: names_in(items))
    known = tuple(dict.fromkeys(row.manager.full for row in accounts))
    added: list[AccountFigures] = []
    notices: list[SectionNotice] = []
    in_vain = None  # the last paragraph that failed the first tests (as assemble's READ_IN_VAIN)
    for index, item in enumerate(items):
        # states_accounts answers read_paragraph's is_accounts without reading the figures (the
        # sentences it tokenizes are cached for read_paragraph): most candidates state none.
        # may_state_figures is its sound first test (a sentence without a count just before a
        # category states no figure; tests/test_region_scan.py), also the region scan's evidence's:
        # it spares the tokens of most sentences that name a category
        if not isinstance(item, Paragraph) or item is in_vain:
            continue
        if not may_state_accounts(item.text) or not may_state_figures(item.text) or not states_accounts(item.text):
            in_vain = item
            continue
        date, unit = lead_in(items, index)
        reading = read_paragraph(item, date, unit, known)
        if not reading.is_accounts:
            continue
        for figure in reading.figures:
            person = resolve(full_name(figure.manager_text, printed))
            if (person.key, figure.category) in given:
                continue
            given.add((person.key, figure.category))
            added.append(AccountFigures(
                manager=person, adviser=adviser, fund=fund_at(index), category=figure.category,
                num_accounts=figure.num_accounts, total_assets_usd=figure.total_assets_usd,
                perf_num_accounts=figure.perf_num_accounts, perf_total_assets_usd=figure.perf_total_assets_usd,
                as_of_date=figure.as_of_date, span=figure.span))
        notices.append(SectionNotice("other_accounts", item.text[:120], len(reading.figures), item.span,
                                     tuple(reading.problems)))
    paragraphs = [item for item in items if isinstance(item, Paragraph)]
    return performance_from_prose(accounts + added, paragraphs), sections + notices


# --- performance fees told in prose, for rows read anywhere -------------------------------

# searched as lower-case twins in the lowered sentence (`etl.parse.folding`: the same answers
# and spans; what a group holds is read from the sentence)
_NO_PERFORMANCE_FEES = AnyOf(re.compile(
    r"(?:none|no\s+one|neither)\s+of\s+(?:the|these)\s+(?:other\s+)?accounts[^.]*perform"
    # the accounts are the subject: "managed no other accounts; 2 pools pay ..." is not this
    r"|no\s+(?:other\s+)?accounts?\s+(?:[\w\u2019']+\s+){0,6}?(?:pays?|paid|charges?)[^.]*perform"
    r"|accounts\s+(?:do|does|did)\s+not\s+(?:pay|charge|have)[^.]*perform"
    r"|\bnone\s+(?:of\s+(?:them|these|those)\s+)?(?:pays?|charges?|is\s+subject\s+to)\b[^.]*perform", re.I))
_ONLY_SOME_PERFORMANCE = Folded(re.compile(r"\bonly\s+(\w+)\s+(?:of\s+the\s+)?accounts?\b[^.]*?\bperform", re.I))
# "Of the other pooled investment vehicles managed by Mr. Anand, 5 with total assets of ... pay
# an advisory fee based on the performance of the account": the category first, then the count
_OF_CATEGORY_SOME = Folded(re.compile(r"\bof\s+the\s+(?P<head>[^,]{3,120}?),\s+(?P<count>\w+)\s+(?P<tail>.*?\bperform)",
                                      re.I))
_MAY_STATE_PERFORMANCE = Folded(re.compile(r"perform", re.I))
_HONORIFIC_DOT = re.compile(r"\b(Mr|Ms|Mrs|Dr|Messrs|Mses)\.")


def _may_speak_of_performance(sentence: str) -> bool:
    """A cheap first test of a sentence for _NO_PERFORMANCE_FEES and `_performance_exception`:
    every alternative of the one, and both patterns of the other (_ONLY_SOME_PERFORMANCE,
    _OF_CATEGORY_SOME), hold "perform" (a sentence without it adds nothing to what
    `performance_from_prose` reads; removing honorifics' dots makes no word).

    >>> _may_speak_of_performance("None of the accounts pays a PERFORMANCE fee."), _may_speak_of_performance("He left.")
    (True, False)
    """
    return may_hold(sentence, ("perform",))


def _performance_exception(sentence: str) -> tuple[bool, tuple[str, Category], tuple[int, Decimal | None]] | None:
    """The accounts a sentence names as paying a performance fee: (whether it also says the
    others do not, (family name, category), (count, assets)).

    >>> _performance_exception("Of the other pooled investment vehicles managed by Mr. Anand, 5 with total "
    ...                        "assets of $1.2 billion pay an advisory fee based on performance.")[1:]
    (('anand', <Category.OTHER_POOLED_INVESTMENT_VEHICLES: 'other_pooled_investment_vehicles'>), (5, Decimal('1200000000.0')))
    """
    if match := _search_folded(_ONLY_SOME_PERFORMANCE, sentence):
        word, about, says_others = _group(match, sentence, 1).lower(), sentence[match.end():], True
    elif match := _search_folded(_OF_CATEGORY_SOME, sentence):
        word, about, says_others = _group(match, sentence, "count").lower(), \
            f"{_group(match, sentence, 'head')} {_group(match, sentence, 'tail')}", False
    else:
        return None
    if word not in COUNT_WORDS and not word.isdigit():
        return None
    toks = tokens(about)
    category = next((t.value for t in toks if t.kind == "category" and t.value is not None), None)
    families = {parse_person_name(n).family.lower() for m in mentions(about) if m.kind == "named" for n in m.names}
    if not category or len(families) != 1:
        return None
    money = next((t for t in toks if t.kind == "money"), None)
    amount = amount_value(money, None, None)[0] if money else None
    return says_others, (families.pop(), category), (int(word) if word.isdigit() else COUNT_WORDS[word], amount)


def performance_from_prose(accounts: list[AccountFigures], paragraphs: list[Paragraph]) -> list[AccountFigures]:
    """Prose about performance fees, where the figures have none:
    "Unless noted, none of the other accounts pays a performance fee" -> blanks become 0;
    "Only one of the accounts ... : an other account managed by Ms. Solberg, with assets of
    $233.5 million" -> that row gets 1 and $233.5 million, the others 0."""
    if not accounts:
        return accounts
    # a run of one paragraph object (a focused document's gaps) is read once: its sentences
    # again, right after themselves, change no answer below (any(); the same keys set again to
    # the same values, in the same order)
    once = [p for p, before in zip(paragraphs, [None, *paragraphs]) if p is not before]
    texts = [sentence for p in once if _MAY_STATE_PERFORMANCE.search(p.text)
             for _, sentence in _sentences(p.text) if _may_speak_of_performance(sentence)]
    # "[^.]*" in the pattern must not stop at "Ms." or "Messrs."
    none_pay = any(_NO_PERFORMANCE_FEES.search(_HONORIFIC_DOT.sub(r"\1", t)) for t in texts)
    exceptions: dict[tuple[str, Category], tuple[int, Decimal | None]] = {}
    for sentence in texts:
        if exception := _performance_exception(sentence):
            none_pay |= exception[0]
            exceptions[exception[1]] = exception[2]
    if not none_pay:
        return accounts
    out = []
    for row in accounts:
        exception = exceptions.get((row.manager.family.lower(), row.category))
        if exception:
            row = _with_performance(row, exception[0], exception[1])
        elif row.perf_num_accounts is None and row.perf_total_assets_usd is None:
            row = _with_performance(row, 0, Decimal(0))
        out.append(row)
    return out


def _with_performance(row: AccountFigures, count: int | None, assets: Decimal | None) -> AccountFigures:
    """``dataclasses.replace(row, perf_num_accounts=count, perf_total_assets_usd=assets)``, made as
    a copy of the row's fields: the same record (AccountFigures has no __post_init__ and no field
    kept out of __init__, so its fields are all it holds), without replace's checks of each field,
    which cost more than the rest of performance_from_prose on a document of ~60 rows."""
    new = object.__new__(AccountFigures)
    new.__dict__.update(row.__dict__, perf_num_accounts=count, perf_total_assets_usd=assets)
    return new


# a figure's count that is no article, in words or figures (this module's count tokens are
# figures or `COUNT_WORDS`, "a single" ending in "single"; "a", "an" are the articles); an
# amount holds a figure too. Searched one alternative at a time (`AnyOf`).
_COUNT_WORDS = sorted({words.split()[-1] for words in COUNT_WORDS} - {"a", "an"})
_COUNT_OR_AMOUNT = AnyOf(re.compile("|".join([r"\d", *(rf"\b{word}\b" for word in _COUNT_WORDS)]), re.IGNORECASE))


def may_state_figures(text: str) -> bool:
    """A cheap first test before `states_accounts`, sound: whether a sentence of
    the paragraph that names a category (the only ones `states_accounts` reads) holds a figure
    (`_COUNT_OR_AMOUNT`) and a count just before a category (`_may_count_before`).
    `states_accounts` says yes only for a sentence with a figure that has an amount (a money
    token: "$" and a figure, or a figure and "million") or a count that is no article ("a",
    "an", "single", "a single"), both tokens of that sentence: so a sentence without a figure
    or a count word never makes it say yes. The sentences are those it reads
    (`_sentences`).

    >>> may_state_figures("Brokers may use other accounts. Fees are paid monthly in 2024.")
    False
    >>> may_state_figures("Ms. Ferrand managed TWELVE other pooled investment vehicles.")
    True
    >>> may_state_figures("One of the limits: the Fund may not be marketed as a commodity pool.")
    False
    """
    return any(_COUNT_OR_AMOUNT.search(sentence) and _may_count_before(sentence)
               for _, sentence in _sentences(text) if _may_name_category_in(sentence))


# What may stand before a category that makes a figure (`_figure_at`): a count
# token (figures: it ends with a digit; words: `COUNT_WORDS`' last words, the articles only where
# the sentence holds a digit, see `_COUNT_OR_AMOUNT`), then at most three words (`_FILLER_WORDS`:
# three, or fewer), whitespace-separated and each letters and hyphens, up to the category's
# start. Letters here are any word character but a digit or "_", more than `str.isalpha` takes;
# a filler word that is a stop word is not refused: the test only says no where the grammar must.
_FILLER = r"\s*(?:(?:[^\W\d_]|-)+(?:\s+(?:[^\W\d_]|-)+){0,2}\s*)?\Z"
_COUNT_BEFORE = re.compile(r"(?:\d|\b(?:" + "|".join(_COUNT_WORDS) + r")\b)" + _FILLER, re.IGNORECASE)
_COUNT_OR_ARTICLE_BEFORE = re.compile(r"(?:\d|\b(?:" + "|".join([*_COUNT_WORDS, "a", "an"]) + r")\b)" + _FILLER,
                                      re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def _may_count_before(sentence: str) -> bool:
    """Whether a count may stand just before one of the sentence's categories (the category
    tokens are ``_categories``' phrases; a figure's count is the token right before
    its category, with nothing between but its filler words). A sentence without one holds no
    figure, so `states_accounts` does not read it as stating accounts.

    >>> _may_count_before("Ms. Lee managed 3 other accounts."), _may_count_before("He managed a pooled fund.")
    (True, False)
    >>> _may_count_before("He managed a pooled fund of $4 million."), _may_count_before("In 2024 we listed the kinds of other accounts")
    (True, False)
    """
    before = _COUNT_OR_ARTICLE_BEFORE if _DIGIT.search(sentence) else _COUNT_BEFORE
    return any(category is not None and before.search(sentence, 0, start)
               for category, start, _ in _categories(sentence))
