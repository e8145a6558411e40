"""People's and firms' names as filings print them.

nameparser does the splitting; this module adds what filings need on top of it: credentials
(CFA, CPA, Ph.D.) are not suffixes, footnote digits glued to a name are not part of it, a
missing space after a comma ("Hoover,Jr.") is restored, and a comparison key that matches
"Anand G. Varadkar, CFA" with "Anand Varadkar".
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

import nameparser
from nameparser import HumanName
from nameparser.config import CONSTANTS
from etl.parse.memo import per_document

# Generational suffixes belong to the name; everything else nameparser calls a suffix is a
# credential or honour and is dropped.
_GENERATIONAL = {"jr", "sr", "ii", "iii", "iv", "v"}
# (the marks run is possessive: with a plain "+" a long run of digits after a letter, "Roe123...9x",
# backtracks through every way of cutting it into marks, exponential in its length)
_FOOTNOTE_TAIL = re.compile(r"(?<=[A-Za-z.])(?:[\s,]*\(?[\d*\u2020\u2021]++\)?)+[\s,]*$")
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|dr|messrs)\.?\s+", re.IGNORECASE)


@dataclass(frozen=True)
class PersonName:
    given: str
    middle: str
    family: str
    suffix: str

    @property
    def full(self) -> str:
        """The name as it reads: "E. Clifton Hoover, Jr.", "John Roe III"."""
        core = " ".join(part for part in (self.given, self.middle, self.family) if part)
        if not self.suffix:
            return core
        separator = ", " if self.suffix.lower().startswith(("jr", "sr")) else " "
        return f"{core}{separator}{self.suffix}"

    @functools.cached_property
    def key(self) -> str:
        """What two spellings of one person share: family, given name and suffix, folded.

        The middle name is left out because filings drop it at will.
        """
        return "|".join(_fold(part) for part in (self.family, self.given, self.suffix))


@per_document(maxsize=16384)
def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


# a given name and a family name printed without the space between them: "TeodorBalcescu"
_GLUED_WORDS = re.compile(r"\b([A-Z][a-z]{3,})([A-Z][a-z]{2,})\b")
_NAME_PREFIXES = ("mac", "fitz", "vande", "vander", "della", "dela")
_COMMA_BEFORE_TEXT = re.compile(r",(?=\S)")
# cheap first tests, sound: every match of _GLUED_WORDS holds a lower-case letter right before a
# capital (where its two groups meet), every match of _FOOTNOTE_TAIL one of its marks (its run of
# marks is one or more); most names hold neither, and a regular expression with a look-behind
# tried at every position costs more than these scans
_CASE_CHANGE = re.compile(r"[a-z][A-Z]")
_MARK = re.compile(r"[\d*\u2020\u2021]")


def _unglue(match: re.Match[str]) -> str:
    first = match.group(1)
    return match.group(0) if first.lower().startswith(_NAME_PREFIXES) else f"{first} {match.group(2)}"


@per_document(maxsize=16384)
def clean_person_text(text: str) -> str:
    """Joins a name split over lines and removes what is not part of it.

    >>> clean_person_text("E. Clifton\\nHoover,Jr.")
    'E. Clifton Hoover, Jr.'
    >>> clean_person_text("Anand G. Varadkar, CFA1,2")
    'Anand G. Varadkar, CFA'
    >>> clean_person_text("TeodorBalcescu, CFA"), clean_person_text("Ann MacArthur"), clean_person_text("Jo McDonald")
    ('Teodor Balcescu, CFA', 'Ann MacArthur', 'Jo McDonald')

    A long run of digits is read in linear time, not backtracked through (this took minutes):

    >>> clean_person_text("Roe" + "9" * 40 + "x") == "Roe" + "9" * 40 + "x"
    True
    """
    text = " ".join(text.replace("\u200b", "").replace("\xa0", " ").split())
    if "," in text:
        text = _COMMA_BEFORE_TEXT.sub(", ", text)
    if _CASE_CHANGE.search(text):
        text = _GLUED_WORDS.sub(_unglue, text)
    if _MARK.search(text):
        text = _FOOTNOTE_TAIL.sub("", text)
    return text.strip(" ,;:")


# a document names each manager dozens of times; nameparser takes ~0.15 ms a name that is not plain
@per_document(maxsize=8192)
def parse_person_name(text: str) -> PersonName:
    """Splits a printed name into its parts.

    >>> parse_person_name("E. Clifton Hoover, Jr.")
    PersonName(given='E.', middle='Clifton', family='Hoover', suffix='Jr.')
    >>> parse_person_name("Dr. Jane Q. Smith, Ph.D., CFA").full
    'Jane Q. Smith'
    >>> parse_person_name("Hoover,Jr.").key == parse_person_name("Mr. Hoover, Jr.").key
    True
    >>> parse_person_name("Cornelius T. (C.T.) Mayhew, III").full, parse_person_name("Xiaoming (Sam) Zhou").full
    ('Cornelius T. Mayhew III', 'Xiaoming Zhou')
    """
    cleaned = _HONORIFIC.sub("", without_nickname(strip_role(clean_person_text(text))))
    if cleaned.isupper():  # "MARCUS T. WHITFIELD" in a heading
        cleaned = " ".join(w if w.rstrip(",.") in ("II", "III", "IV") else w.capitalize()
                           for w in cleaned.split())
    given, middle, family, suffix = plain_name_parts(cleaned) or nameparser_parts(cleaned)
    suffixes = [s for s in re.split(r",\s*|\s+", suffix) if _fold(s) in _GENERATIONAL]
    if not family and given:  # a lone family name ("Dreman") lands in `first`
        family, given = given, ""
    if not family and suffixes:  # "Hoover, Jr." alone
        family = cleaned.split(",")[0]
    return PersonName(given=given, middle=middle, family=family, suffix=" ".join(suffixes))


def nameparser_parts(text: str) -> tuple[str, str, str, str]:
    """First, middle, last and suffix as nameparser's HumanName reads them: the reference.

    >>> nameparser_parts("Hoover, E. Clifton Jr.")
    ('E.', 'Clifton', 'Hoover', 'Jr.')
    """
    human = HumanName(text)
    return human.first, human.middle, human.last, human.suffix


# --- plain names without nameparser's cost (~0.15 ms a name), exactly as it reads them ----------
#
# A PLAIN name is one, two or three words separated by spaces, in ASCII: each word a capital and
# lower-case letters ("Roe"), maybe a second capital inside ("McAllister", "LaForge") and one
# hyphen joining two such ("Okafor-Dunn"), or capitals only ("BNY"), or an initial ("Q." or a
# bare "Q"); the last one not an initial, and some word not in capitals. Its parts are its
# positions: given, [middle,] family, no suffix; a lone word is the given name (nameparser's
# v1 reading, which parse_person_name turns into a family name). Why nameparser (2.6) reads every
# plain name so (its pipeline: tokenize, segment, script_segment, classify, group, assign,
# post_rules):
# - Tokens are the whitespace-separated words; nothing is extracted (no quotes, parentheses or
#   commas), no Hangul or Han to segment, no emoji or bidi marks to strip.
# - classify gives a token tags only from its vocabulary (titles, suffixes, particles,
#   conjunctions, bound given names, maiden markers, ...) and from its shape. A plain word is
#   in no vocabulary (`_vocabulary`, every word of every field of the lexicon HumanName
#   parses with, read at the first name and again whenever CONSTANTS is edited) and no roman numeral ("Iv", "Vii"); its shape is no credential
#   (no interior period; a word in capitals is read as a credential by its shape only after a
#   comma, or everywhere under a Policy that says so, not the default) and no title
#   abbreviation (no period). Vocabulary is
#   looked up by whole word, but each part of a hyphenated word is held to the same test too
#   ("Al-Hassan", "Van-Damme" go to HumanName), so no glued particle can hide in one. An initial is
#   tagged "initial" only: its letter is in no vocabulary but, written with its period, the
#   particles and conjunctions, which the initial shape vetoes ("E." is the initial, never the
#   Portuguese "e"), and it is no roman numeral ("V." stays out).
# - The name mixes cases (a word has a lower-case letter), so no one-case rule fires, and case
#   is read nowhere else but of listed credentials and roman numerals; the default Policy
#   turns off name-order overrides, patronymics, two family names and middle-as-family.
# - group and assign then see untagged pieces and read them by position, post_rules moves
#   nothing (its rules need titles, particles or suffixes).
# The proof is for nameparser 2.6 and its default configuration: under any other version or a
# changed CONSTANTS every name goes to HumanName (and tests/test_names.py's test that the fast
# path is taken fails, asking for the proof to be redone). tests/test_names.py compares both
# ways over every name the fixtures ask for and a generated family.
_PROVEN_FOR_VERSION = (2, 6)
_WORD = r"[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+(?:[A-Z][a-z]+)?)?"
_PLAIN_NAME = re.compile(rf"(?:(?:{_WORD}|[A-Z]{{2,}}|[A-Z]\.?) +){{0,2}}(?:{_WORD}|[A-Z]{{2,}})")
# the lexicon fields an initial written with its period is never read as
_INITIAL_VETOED = frozenset({"particles", "particles_ambiguous", "conjunctions", "conjunctions_ambiguous"})


def _field_words(value: object) -> set[str]:
    """The words of one vocabulary field, folded as nameparser folds them (lower case, edge
    periods off); a phrase ("z domu") gives each of its words, a pair (a capitalization
    exception) its key."""
    entries = value.keys() if isinstance(value, dict) else value
    words: set[str] = set()
    for entry in entries:  # type: ignore[union-attr]
        text = entry[0] if isinstance(entry, tuple) else entry
        words.update(word.lower().strip(".") for word in str(text).split())
    return words


def _reference_lexicon() -> object | None:
    """The lexicon HumanName parses with, where the proof above holds for it; else None."""
    if tuple(nameparser.VERSION[:2]) != _PROVEN_FOR_VERSION:
        return None
    try:
        parser = HumanName("")._resolve()  # the core Parser the facade delegates to (2.x)
        default_policy = type(parser.policy)()
    except (AttributeError, TypeError):
        return None
    if parser.policy != default_policy or CONSTANTS.capitalize_name or parser.segmenter is not None:
        return None
    return parser.lexicon


def _claimed_words(lexicon: object, *, skip: frozenset[str] = frozenset()) -> frozenset[str]:
    """Every word some vocabulary field (but those in `skip`) of `lexicon` holds."""
    words: set[str] = set()
    for field in dataclasses.fields(lexicon):  # type: ignore[arg-type]
        if not field.name.startswith("_") and field.name not in skip:
            words |= _field_words(getattr(lexicon, field.name))
    return frozenset(words)


class _Vocabulary(NamedTuple):
    words: frozenset[str]  # claimed as words
    initials: frozenset[str]  # claimed as initials written with their period
    roman_numeral: re.Pattern[str]  # nameparser's own (its v1 regexes, kept in sync with its pipeline's)


@functools.lru_cache(maxsize=1)
def _vocabulary(generation: object) -> _Vocabulary | None:
    """The words nameparser claims, read again whenever CONSTANTS' ``generation`` moves (an
    edit of its vocabulary or configuration); None where the proof does not hold."""
    lexicon = _reference_lexicon()
    if lexicon is None:
        return None
    from nameparser.config.regexes import REGEXES  # (a mapping since 2.0)

    return _Vocabulary(_claimed_words(lexicon), _claimed_words(lexicon, skip=_INITIAL_VETOED),
                       REGEXES["roman_numeral"])


def _current_vocabulary() -> _Vocabulary | None:
    return _vocabulary(getattr(CONSTANTS, "_generation", None))


def _plain_word(word: str, vocabulary: _Vocabulary) -> bool:
    """A word of a plain name nameparser reads as a bare name word (see above)."""
    folded = word.lower()
    if word.endswith("."):  # an initial with its period
        return folded[0] not in vocabulary.initials and not vocabulary.roman_numeral.match(folded[0])
    return all(part not in vocabulary.words and not vocabulary.roman_numeral.match(part)
               for part in (folded, *folded.split("-")))


def plain_name_parts(text: str) -> tuple[str, str, str, str] | None:
    """`nameparser_parts` of a plain name, read by position; None for any other text.

    >>> plain_name_parts("Anand G. Varadkar"), plain_name_parts("Erin Roe")
    (('Anand', 'G.', 'Varadkar', ''), ('Erin', '', 'Roe', ''))
    >>> plain_name_parts("Dr Jane Roe"), plain_name_parts("John Roe Jr"), plain_name_parts("Roe, Jane")
    (None, None, None)
    >>> plain_name_parts("Jack Ma"), plain_name_parts("Jane van Roe"), plain_name_parts("John Vi")
    (None, None, None)
    >>> plain_name_parts("Kevin McAllister-Okafor"), plain_name_parts("Omar Al-Hassan")
    (('Kevin', '', 'McAllister-Okafor', ''), None)
    >>> plain_name_parts("BNY Mellon"), plain_name_parts("JANE ROE"), plain_name_parts("Jane Roe CFA")
    (('BNY', '', 'Mellon', ''), None, None)
    >>> plain_name_parts("Hoover"), plain_name_parts("Van"), plain_name_parts("ROE")
    (('Hoover', '', '', ''), None, None)
    """
    vocabulary = _current_vocabulary()
    if vocabulary is None or not _PLAIN_NAME.fullmatch(text) or text.isupper():
        return None
    words = text.split()
    if not all(_plain_word(word, vocabulary) for word in words):
        return None
    if len(words) == 1:
        return words[0], "", "", ""
    return words[0], " ".join(words[1:-1]), words[-1], ""


_NOT_IN_NAMES = frozenset("""
    portfolio portfolios manager managers total fund funds account accounts name names registered
    investment investments companies company vehicles vehicle pooled other assets number capital
    management dollar range securities trust llc inc series shares equity aggregate advisers
    advisors adviser advisor partners group global none over type performance fee fees based
    information personnel team class index growth value income bond strategy strategies million
    billion category of and the in for with by to as at per owned ownership beneficial managed
    date total amount sub-adviser subadviser firm mr ms mrs dr messrs
    dated effective supplement dollars usd advisory statement preliminary prospectus additional january february march april may june july august september
    october november december
""".split())
# A role or desk printed after a name in the same cell: "Jane Roe (co-lead)", "John Doe (Lead PM)".
# "Cornelius T. (C.T.) Mayhew", 'Ravindra ("Ravi") Gohil': a nickname or initials inside the name
_NICKNAME = re.compile(r"\s\((?:[\"\u201c\u2018'][^()]*|(?:[A-Z]\.\s?){1,3}|[A-Z][a-z]+)\)(?=\s)")
_CREDENTIAL = re.compile(r",\s*(?:CFA|CPA|CAIA|FRM|CFP|Ph\.?\s?D\.?|J\.?D\.?|M\.?B\.?A\.?)\b\.?")
_TRAILING_ROLE = re.compile(r"\s*\((?![\"\u201c\u2018'])[^()]*\)\s*$")
_PARTICLES = frozenset("de da di del della van von der den la le du st dos das bin al".split())


@per_document(maxsize=16384)
def looks_like_person(text: str) -> bool:
    """A cheap test that a table cell names one person rather than a heading or a firm.

    >>> looks_like_person("David Dreman"), looks_like_person("Matteo de Lorenzi")
    (True, True)
    >>> looks_like_person("Portfolio Manager"), looks_like_person("Registered Investment Companies")
    (False, False)
    """
    cleaned = without_nickname(strip_role(clean_person_text(text)))
    if "," in cleaned:  # every credential below follows a comma
        cleaned = _CREDENTIAL.sub("", cleaned)
    words = cleaned.replace(",", " ").split()
    if not 1 < len(words) <= 6:
        return False
    if any(part.strip(".") in _NOT_IN_NAMES for w in words for part in w.lower().split("-")):
        return False
    if any(ch.isdigit() for ch in cleaned) or any(ch in cleaned for ch in "$%/&:;()"):
        return False
    return all(w[0].isupper() or w.lower() in _PARTICLES for w in words if w[0].isalpha())


_MARKED_SURNAME = re.compile(r"(?P<name>[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?)(?:\d{1,2}(?:,\d{1,2})*|\*{1,3}|[\u2020\u2021])")


def lone_surname(text: str) -> str | None:
    """A family name printed alone ("Vasquez-Linde"), for the name column of a table whose
    other rows name people: a word, not a vocabulary word.

    >>> lone_surname("Vasquez-Linde"), lone_surname("Total"), lone_surname("Jane Roe")
    ('Vasquez-Linde', None, None)
    """
    return marked_surname(text.strip() + "1")


def marked_surname(text: str) -> str | None:
    """A family name printed alone with a footnote mark glued to it, as tables name a manager
    the lead-in names in full: "Smith11" -> "Smith". A lone word without a mark is not taken:
    it could be anything.

    >>> marked_surname("Smith11"), marked_surname("Delacroix-Ward2"), marked_surname("Growth1"), marked_surname("Smith")
    ('Smith', 'Delacroix-Ward', None, None)
    """
    match = _MARKED_SURNAME.fullmatch(text.strip())
    if not match or any(p in _NOT_IN_NAMES for p in match["name"].lower().split("-")):
        return None
    return match["name"]


def strip_role(text: str) -> str:
    """A role in parentheses after a name is not part of it; a nickname in quotes is.

    >>> strip_role("Gary Roe (co-lead)"), strip_role('Ravindra ("Ravi") Gohil')
    ('Gary Roe', 'Ravindra ("Ravi") Gohil')
    """
    return _TRAILING_ROLE.sub("", text) if text.endswith(")") else text


def without_nickname(text: str) -> str:
    """A nickname or initials inside a name, in parentheses, taken out (a space left for it).

    >>> without_nickname("Cornelius T. (C.T.) Mayhew"), without_nickname("Jane Roe")
    ('Cornelius T.  Mayhew', 'Jane Roe')
    """
    return _NICKNAME.sub(" ", text) if "(" in text else text  # every match opens with one


_FUND_NAME_WORD = re.compile(r"\b(fund|portfolio)\b", re.I)
# "Fund Accountants", "Portfolio Turnover": opens with the word, does not end with one; "A
# Portfolio of Federated Equity Funds" names the trust the fund belongs to
_TOPIC_OF_FUNDS = re.compile(r"(?:fund|portfolio)\b(?!.*\b(?:fund|portfolio)s?\W*$)"
                             r"|an?\s+(?:fund|series|portfolio)\s+of\b", re.I)
_NOT_FUND_HEADING = re.compile(r"(?<![\w-])(managers?|accounts|ownership|compensation|information|statement|"
                               r"supplement|prospectus|table|section|appendix|owned|beneficially)\b"
                               r"|\bdollar\s+range", re.I)


def names_a_topic(text: str) -> bool:
    """A heading about something of the funds (their managers, ownership, a statement, a
    column's "Dollar Range"), or the trust a fund belongs to, never a fund's own name.

    >>> names_a_topic("Statement of Additional Information"), names_a_topic("Acme Value Fund")
    (True, False)
    """
    return bool(_NOT_FUND_HEADING.search(text) or _TOPIC_OF_FUNDS.match(text))


def looks_like_fund_name(text: str) -> bool:
    """A heading that names a fund: "Invesco Global Growth Fund", not a sentence about funds.

    >>> looks_like_fund_name("Putnam Research Fund"), looks_like_fund_name("(each a “Portfolio”)")
    (True, False)
    >>> looks_like_fund_name("Acme Multi-Manager Value Fund"), looks_like_fund_name("Portfolio Managers")
    (True, False)

    A heading that opens with the word and names something else names a topic of the funds:

    >>> looks_like_fund_name("Fund Accountants"), looks_like_fund_name("Portfolio Transactions")
    (False, False)
    >>> looks_like_fund_name("A Portfolio of Acme Equity Funds")
    False
    >>> looks_like_fund_name("Portfolio 21 Global Equity Fund")
    True

    Nor does a table's column heading ("DOLLAR RANGE OF FUND SHARES BENEFICIALLY OWNED"):

    >>> looks_like_fund_name("DOLLAR RANGE OF FUND SHARES"), looks_like_fund_name("Fund Shares Owned")
    (False, False)
    """
    words = text.split()
    # the cheap tests first (the answer is all of them, each a pure test of the text)
    return (0 < len(words) <= 12 and text[0].isupper() and not text.endswith((".", ":", ";"))
            and bool(_FUND_NAME_WORD.search(text)) and not names_a_topic(text) and not looks_like_person(text)
            and sum(w[0].isupper() for w in words if w[0].isalpha()) >= len(words) * 0.6)


_COMPANY_FORMS = {
    "llc": "LLC", "l.l.c.": "L.L.C.", "lp": "LP", "l.p.": "L.P.", "llp": "LLP", "inc": "Inc",
    "inc.": "Inc.", "corp": "Corp", "corp.": "Corp.", "co.": "Co.", "n.a.": "N.A.", "ltd": "Ltd",
    "ltd.": "Ltd.", "plc": "PLC", "usa": "USA", "us": "US",
}


def display_organization(text: str) -> str:
    """Readable case for a firm or trust printed in capitals.

    >>> display_organization("DREMAN VALUE  MANAGEMENT,  LLC")
    'Dreman Value Management, LLC'
    >>> display_organization("Met Investors Series Trust")
    'Met Investors Series Trust'
    """
    words = " ".join(text.split()).split(" ")
    if any(c.islower() for c in text):
        return " ".join(words)
    out = []
    for word in words:
        bare = word.rstrip(",").lower()
        trail = word[len(word.rstrip(",")):]
        out.append(_COMPANY_FORMS.get(bare, bare.capitalize()) + trail)
    return " ".join(out)


def organization_key(text: str) -> str:
    """A key under which spellings of one firm fall together.

    >>> organization_key("Dreman Value Management, LLC") == organization_key("DREMAN VALUE MANAGEMENT LLC")
    True
    """
    folded = re.sub(r"[^a-z0-9 ]", " ", text.lower().replace("l.l.c.", "llc").replace("l.p.", "lp"))
    return " ".join(folded.split())
