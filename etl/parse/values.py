"""Pure readers for the fiddly values in disclosures: money, counts, dollar ranges, dates.

Each returns ``None`` for a value that is not disclosed (blank, "N/A", a pre-effective
placeholder such as "___") and raises ``ValueError`` for text that is not a value at all, so a
caller can tell "not disclosed" from "not understood".
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from decimal import Decimal, InvalidOperation

from dateutil import parser as date_parser
from etl.parse.memo import per_document

# multipliers of the unit words written with an amount: one table for every reader
UNIT_MULTIPLIERS = {
    "trillion": Decimal(10) ** 12,
    "billion": Decimal(10) ** 9,
    "million": Decimal(10) ** 6,
    "thousand": Decimal(10) ** 3,
    "t": Decimal(10) ** 12,
    "b": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "m": Decimal(10) ** 6,
    "mm": Decimal(10) ** 6,
    "mil": Decimal(10) ** 6,
    "k": Decimal(10) ** 3,
}

# Arithmetic on amounts is exact however many digits a filing prints: Decimal's default context
# rounds to 28 digits (and refuses to quantize beyond them), which would change a value silently.
_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)

# "None", "-0-", dashes: disclosed as nothing. "N/A", blanks and "___": not disclosed.
_ZERO_WORDS = {"none", "-0-", "0", "$0", "-", "--", "\u2014", "\u2013", "nil"}
_MISSING_WORDS = {"", "n/a", "na", "n.a.", "not applicable", "$"}

_MONEY = re.compile(
    r"""^\$?\s*(?P<number>\d[\d,]*(?:\.\d+)?|\.\d+)\s*
        (?P<unit>trillion|billion|million|thousand|bn|mm|mil|[tbmk])?\.?$""",
    re.IGNORECASE | re.VERBOSE,
)
_PLACEHOLDER = re.compile(r"^\$?\s*(?:_+|\[\s*\])\s*$")


class DigitsGroupedWrongly(ValueError):
    """A number whose commas do not part its digits in threes: "$1,5 million", "1,234,56",
    "12,00". A decimal comma, a typo or a lost digit: no reading of it is safe (dropping the
    comma reads "$1,5 million" as $15 million), so it is not read, and the reader that meets it
    says so (a finding), never a value."""


# a number as US filings print it: digits parted in threes by commas, or not parted at all
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d*\.?\d*")


def read_digits(number: str) -> Decimal:
    """The value of a run of digits, commas and a decimal point that a reader found; a comma at
    its end is the sentence's. Commas must part the digits before the point in threes.

    >>> read_digits("1,234,567.89"), read_digits("1234"), read_digits(".5"), read_digits("2,500,")
    (Decimal('1234567.89'), Decimal('1234'), Decimal('0.5'), Decimal('2500'))
    >>> read_digits("1,5")
    Traceback (most recent call last):
    ...
    etl.parse.values.DigitsGroupedWrongly: digits grouped wrongly: '1,5'
    >>> [bool(_GROUPED.fullmatch(n)) for n in ("12,00", "1234,567", "1,234,56", "1,,234", "1,234.5")]
    [False, False, False, False, True]
    """
    digits = number.rstrip(",")
    if "," in digits and not _GROUPED.fullmatch(digits):
        raise DigitsGroupedWrongly(f"digits grouped wrongly: {number!r}")
    return Decimal(digits.replace(",", ""))


def is_placeholder(text: str) -> bool:
    """True for the blanks of a pre-effective filing.

    >>> is_placeholder("$ ___"), is_placeholder("___"), is_placeholder("$[ ]"), is_placeholder("$0")
    (True, True, True, False)
    """
    return bool(_PLACEHOLDER.match(text.strip()))


def _clean(text: str) -> str:
    return " ".join(text.replace("\u200b", "").replace("\xa0", " ").split())


def parse_money(text: str) -> Decimal | None:
    """Dollars as an exact Decimal.

    >>> parse_money("$15.7 billion")
    Decimal('15700000000.0')
    >>> parse_money("$6.0\\nmillion")
    Decimal('6000000.0')
    >>> parse_money("$1,234,567"), parse_money("$0"), parse_money("None")
    (Decimal('1234567'), Decimal('0'), Decimal('0'))
    >>> parse_money("$950M"), parse_money("$1.2B")
    (Decimal('950000000'), Decimal('1200000000.0'))
    >>> parse_money("N/A") is None, parse_money("$ ___") is None
    (True, True)

    Exact however long (the default context would round this to 28 digits):

    >>> parse_money("$1,234,567,890,123,456,789,012,345.67 million")
    Decimal('1234567890123456789012345670000.00')
    >>> parse_money("Registered")
    Traceback (most recent call last):
    ...
    ValueError: not an amount of money: 'Registered'
    >>> parse_money("$1,5 million")
    Traceback (most recent call last):
    ...
    etl.parse.values.DigitsGroupedWrongly: digits grouped wrongly: '$1,5 million'
    """
    cleaned = _clean(text)
    lowered = cleaned.lower()
    if lowered in _MISSING_WORDS or is_placeholder(cleaned):
        return None
    if lowered in _ZERO_WORDS:
        return Decimal(0)
    match = _MONEY.match(cleaned.replace("$ ", "$"))
    if not match:
        raise ValueError(f"not an amount of money: {text!r}")
    try:
        amount = read_digits(match["number"])
    except DigitsGroupedWrongly as error:
        raise DigitsGroupedWrongly(f"digits grouped wrongly: {text!r}") from error
    except InvalidOperation as error:  # pragma: no cover - the regex admits only digits
        raise ValueError(f"not an amount of money: {text!r}") from error
    unit = (match["unit"] or "").lower()
    return _EXACT.multiply(amount, UNIT_MULTIPLIERS[unit]) if unit else amount


def parse_count(text: str) -> int | None:
    """A number of accounts.

    >>> parse_count("114"), parse_count("None"), parse_count("-0-"), parse_count("1,203")
    (114, 0, 0, 1203)
    >>> parse_count("___") is None, parse_count("N/A") is None
    (True, True)
    """
    cleaned = _clean(text)
    lowered = cleaned.lower()
    if lowered in _MISSING_WORDS or is_placeholder(cleaned):
        return None
    if lowered in _ZERO_WORDS:
        return 0
    if not re.fullmatch(r"\d[\d,]*", cleaned):
        raise ValueError(f"not a number of accounts: {text!r}")
    return int(read_digits(cleaned))


@per_document(maxsize=16384)
def looks_like_figure(text: str) -> bool:
    """True for a table cell that holds a count or an amount (a data cell, not a header).

    >>> looks_like_figure("19"), looks_like_figure("$15.7"), looks_like_figure("(a)(1)")
    (True, True, False)
    """
    cleaned = _clean(text)
    if not cleaned or cleaned.lower() in _MISSING_WORDS:
        return False
    try:
        parse_money(cleaned)
    except ValueError:
        return False
    return True


# The seven ranges of Form N-1A Item 20(c) (Item 21(c) before 2009), and the ways filings print
# them, as data: each form is a pattern over the folded text and how its amounts make (low, high).
_AMOUNT = r"\$?\s*(?:[\d,]*\d(?:\.\d+)?)(?:\s*(?:million|mil|mm|m)\b)?"
_DASH = r"(?:-|\u2013|\u2014|to|through|and)"
_RANGE_FORMS: list[tuple[re.Pattern[str], str]] = [
    # "None", "$0", "-0-", dashes: owns nothing
    (re.compile(r"^(?:none|nil|\$?\s*0|-0-|[-\u2013\u2014]{1,2})$", re.I), "zero"),
    # "$10,001-$50,000", "$1 to $10,000", "$1,000 - $10,000", "between $1 and $10,000"
    (re.compile(rf"^(?:between\s+)?(?P<low>{_AMOUNT})\s*{_DASH}\s*(?P<high>{_AMOUNT})$", re.I), "closed"),
    # "over $1,000,000", "more than $1 million", "in excess of $1,000,000"
    (re.compile(rf"^(?:over|more\s+than|above|greater\s+than|in\s+excess\s+of|exceeding)\s*(?P<low>{_AMOUNT})$",
                re.I), "above"),
    # "$1,000,001 or more", "$1,000,001+", "$1,000,001 and above", "$1,000,001 and over"
    (re.compile(rf"^(?P<low>{_AMOUNT})\s*(?:\+|or\s+more|and\s+(?:above|over|greater))$", re.I), "from"),
]


def _dollars(text: str) -> Decimal:
    """
    >>> _dollars("$1 million"), _dollars("$ 10,000"), _dollars("$10,000.00")
    (Decimal('1000000'), Decimal('10000'), Decimal('10000'))

    More digits than Decimal's default precision are kept, not refused or rounded:

    >>> _dollars("$" + "9" * 30)
    Decimal('999999999999999999999999999999')
    """
    match = re.fullmatch(r"\$?\s*([\d,]*\d(?:\.\d+)?)\s*(million|mil|mm|m)?", text.strip(), re.I)
    if not match:
        raise ValueError(f"not an amount of dollars: {text!r}")
    amount = _EXACT.multiply(read_digits(match.group(1)), 10 ** 6 if match.group(2) else 1)
    return amount.quantize(Decimal(1), context=_EXACT) if amount == amount.to_integral() else amount


@per_document(maxsize=65536)
def parse_dollar_range(text: str) -> tuple[Decimal, Decimal | None]:
    """A dollar range as (low, high); high is None for an open range.

    >>> parse_dollar_range("None")
    (Decimal('0'), Decimal('0'))
    >>> parse_dollar_range("$10,001-$50,000")
    (Decimal('10001'), Decimal('50000'))
    >>> parse_dollar_range("$500,001-\\n$1,000,000")
    (Decimal('500001'), Decimal('1000000'))
    >>> parse_dollar_range("over $1,000,000")
    (Decimal('1000001'), None)
    >>> parse_dollar_range("$1 to $10,000"), parse_dollar_range("$1,000 - $10,000")
    ((Decimal('1'), Decimal('10000')), (Decimal('1000'), Decimal('10000')))
    >>> parse_dollar_range("Over $ 1 million"), parse_dollar_range("$1,000,001 or more")
    ((Decimal('1000001'), None), (Decimal('1000001'), None))
    >>> parse_dollar_range("X")
    Traceback (most recent call last):
    ...
    ValueError: not a dollar range: 'X'
    """
    cleaned = _clean(text).rstrip(".").replace("\u2212", "-")
    for pattern, form in _RANGE_FORMS:
        match = pattern.match(cleaned)
        if not match:
            continue
        if form == "zero":
            return Decimal(0), Decimal(0)
        low = _dollars(match["low"])
        if form == "closed":
            high = _dollars(match["high"])
            if high < low:
                break
            return low, high
        return (_EXACT.add(low, 1) if form == "above" else low), None
    raise ValueError(f"not a dollar range: {text!r}")


def dollar_range_or_none(text: str) -> tuple[Decimal, Decimal | None] | None:
    """``parse_dollar_range`` for callers that must not raise: None when not understood."""
    try:
        return parse_dollar_range(text)
    except ValueError:
        return None


# Trustees' and directors' ownership ranges stop at "over $100,000"; managers' go on to
# "over $1,000,000". A table whose top range starts here is the trustees'.
TRUSTEE_TOP_RANGE_LOW = Decimal(100_001)


# A cheap first test of `parse_dollar_range`: each of _RANGE_FORMS holds a digit (_AMOUNT, "0"),
# a dash, "none" or "nil" (re.I: this pattern folds case as they do). Sound: the text it reads
# (`_clean`, "\u2212" made "-") only loses zero-width spaces (removed here too), folds white
# space and strips dots at its end, which joins no letters: what a form finds there is here.
_MAY_BE_RANGE = re.compile(r"\d|[-\u2013\u2014\u2212]|none|nil", re.I)


def is_dollar_range(text: str) -> bool:
    """Whether ``text`` is a dollar range `parse_dollar_range` reads.

    >>> is_dollar_range("No\u200bne"), is_dollar_range("Over $1 million"), is_dollar_range("Name of Fund")
    (True, True, False)
    """
    return _range_reading(text) == "range"


def is_range_grouped_wrongly(text: str) -> bool:
    """Whether ``text`` is a dollar range but for a number whose commas do not part its digits in
    threes ("$1-$10,00"): an ownership value the readers cannot read and report, not a label.

    >>> is_range_grouped_wrongly("$1-$10,00"), is_range_grouped_wrongly("$1-$10,000"), is_range_grouped_wrongly("Name")
    (True, False, False)
    """
    return _range_reading(text) == "grouped wrongly"


@per_document(maxsize=65536)
def _range_reading(text: str) -> str | None:
    """What `parse_dollar_range` makes of ``text``: "range", "grouped wrongly" or None."""
    if not _MAY_BE_RANGE.search(text.replace("\u200b", "")):
        return None
    try:
        parse_dollar_range(text)
    except DigitsGroupedWrongly:
        return "grouped wrongly"
    except ValueError:
        return None
    return "range"


MONTH_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+\d{1,2},?\s+\d{4}\b"
    r"|\b\d{1,2}/\d{1,2}/\d{4}\b",
    re.IGNORECASE,
)


@per_document(maxsize=16384)
def parse_date(text: str) -> dt.date:
    """A date written in prose.

    >>> parse_date("November 30, 2006"), parse_date("DECEMBER 21, 2006"), parse_date("12/31/2019")
    (datetime.date(2006, 11, 30), datetime.date(2006, 12, 21), datetime.date(2019, 12, 31))
    """
    try:
        return date_parser.parse(_clean(text), fuzzy=False).date()
    except (ValueError, OverflowError) as error:
        raise ValueError(f"not a date: {text!r}") from error


def find_dates(text: str) -> list[tuple[int, dt.date]]:
    """Every date written in ``text``, with its offset.

    >>> find_dates("as of November 30, 2006 and as of December 20,\\n2006")
    [(6, datetime.date(2006, 11, 30)), (34, datetime.date(2006, 12, 20))]
    """
    found = []
    for match in MONTH_DATE.finditer(text):
        try:
            found.append((match.start(), parse_date(match.group(0))))
        except ValueError:
            continue
    return found
