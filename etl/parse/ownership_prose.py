"""Managers' ownership of fund shares stated in a sentence.

A sentence is read into who (the people it names, in order, or "every manager", "the other
managers", or nobody named: the manager the passage is about), and what (one dollar range for
all of them, or one each when the sentence says "respectively"). Which fund and which date are
for the caller, who knows the document:

    "As of June 30, 2016, Ann Lee beneficially owned no equity securities of the Portfolio."
    "... owned by Ann Lee, Bo Park and Cy Diaz in the Fund was $0, $1-$10,000 and $0, respectively."
    "Messrs. Lee and Park did not own any shares of the Fund."
    "Dollar value range of shares owned in the Fund: None."
    "None of the portfolio managers owned shares of the Fund."

A sentence whose ranges cannot be matched to its names is returned with a problem, never read
by guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.parse.folding import AnyOf, Folded
from etl.parse.memo import per_document
from etl.parse.names import looks_like_person
from etl.parse.prose import matches_led
from etl.parse.values import dollar_range_or_none

# --- what the sentence says is owned --------------------------------------------------------

# Statements that nothing is owned, as data.
_OWNS_NONE = AnyOf(re.compile(
    r"(?:did|do|does)\s+not\s+(?:\w+\s+)?(?:beneficially\s+)?own|owned\s+no\b|own(?:ed)?\s+no\s+(?:shares|equity)"
    r"|\bneither\b.*?\bnor\b.*?\b(?:own|held|hold)"
    r"|\b(?:held|holds|owned|owns)\s+no\s+(?:shares|equity|securities|interests)"
    r"|no\s+portfolio\s+managers?\b[^.]*\bbeneficially\s+own"
    r"|\bnone\s+of\s+the\b[^.]*?\bmanagers?\b[^.]*?\b(?:own|owner|held|hold)"
    r"|\b(?:was|were|is|are)\s+none\b|:\s*none\b",
    re.I))
# A range in running text: "$10,001-$50,000", "$1 to $10,000", "over $1,000,000", "$0", "none"
_AMOUNT = r"\$\s?[\d,]*\d(?:\.\d+)?(?:\s*million)?"
_RANGE_IN_TEXT = Folded(re.compile(
    rf"(?:between\s+)?{_AMOUNT}\s*(?:-|\u2013|\u2014|to|through)\s*{_AMOUNT}"
    rf"|(?:over|more\s+than|above|greater\s+than|in\s+excess\s+of)\s+{_AMOUNT}"
    rf"|{_AMOUNT}\s*(?:\+|or\s+more)|\$\s?0\b(?![.,]\d)|\bnone\b",
    re.I))
# _RANGE_STEMS: every match of _RANGE_IN_TEXT holds a "$" (_AMOUNT) or "none" (re.I folds no
# other letter to n, o or e, and lowering makes no "none" that was not there in some case), so a
# sentence with neither states no range: it is not searched (long sentences, no literal to skip to)
# The sentence speaks of the managers' own holdings of fund shares.
# owning and holding as what a person does ("owned", "holdings"), not the nouns for the people who
# do ("all owners of the account", "holders of record"), which prospectus procedures use
_OWNING = r"\bown(?:s|ed|ing|ership)?\b|\bheld\b|\bhold(?:s|ing|ings)?\b"
# the first tests of a sentence, searched as lower-case twins in the lowered sentence
# (`etl.parse.folding`: the same answers)
_ABOUT_OWNERSHIP = AnyOf(re.compile(rf"{_OWNING}|beneficial|dollar\s+(?:value\s+)?range", re.I))
_LABELED = re.compile(r"(?:dollar\s+(?:value\s+)?range|value)\s+of\s+(?:\w+\s+){0,4}?(?:owned|held)"
                      r"|beneficially\s+own|\bdid\s+not\s+own|\bowned\s+no\b", re.I)
_NOT_MANAGERS = AnyOf(re.compile(r"\btrustees?\b|\bdirectors?\b|\bnominees?\b|\bofficers\b"
                                  r"|notional|hypothetical|phantom", re.I))
# ranges of holdings across a family of funds are not the fund's
_AGGREGATE = AnyOf(re.compile(r"aggregate|\ball\s+(?:[\w&.'\u2019-]+\s+){0,4}?funds|fund\s+(?:complex|family)"
                               r"|family\s+of|\bother\s+(?:\w+\s+)?funds\b", re.I))
_OTHERS = re.compile(r"\b(?:other|remaining)\s+(?:portfolio\s+)?managers?\b|\bno\s+other\s+portfolio\s+manager",
                     re.I)
_EVERY = re.compile(r"\bportfolio\s+managers\b|\beach\s+of\s+the\b|\bteam\s+members\b|\bnone\s+of\s+the\b"
                    r"|\bno\s+portfolio\s+manager", re.I)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
# a sentence that states ranges speaks of owning or of a range
_OWNING_OR_RANGE = AnyOf(re.compile(rf"{_OWNING}|range", re.I))

# --- who -------------------------------------------------------------------------------------

_TITLE = r"(?:Mr|Ms|Mrs|Dr|Miss)\.?"
_FAMILY = r"[A-Z][\w'\-]*[a-z][\w'\-]*"
_SUFFIX = r"(?:,?\s+(?:Jr\.|Sr\.|III|II|IV))?"
_MESSRS = re.compile(rf"\bMessrs\.?\s+(?P<names>{_FAMILY}(?:\s*,\s*{_FAMILY})*(?:\s*,?\s+and\s+{_FAMILY}))")
_TITLED = re.compile(rf"\b{_TITLE}\s+{_FAMILY}{_SUFFIX}")
_FULL = re.compile(rf"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+\([A-Z][a-z]+\))?(?:\s+[A-Z]\.)*(?:\s+[A-Z][a-z]+)?"
                   rf"\s+{_FAMILY}{_SUFFIX}")
_FULL_WIDER = re.compile(_FULL.pattern.removeprefix(r"\b"))  # found fast: see prose.matches_led

_DIGIT = re.compile(r"\d")


def may_state_range(text: str) -> bool:
    """A cheap first test before the sentences of a paragraph are read for ownership
    (`ownership_prose.read_statement`), sound: a statement has a range, which is "None" for a
    sentence that says nothing is owned (`_OWNS_NONE`), else ranges found in it (`_RANGE_IN_TEXT`:
    each holds a digit, "$0" too, or is "none"). A sentence is a piece of the paragraph cut at
    white space, so what the patterns find in it they find in the paragraph.

    >>> may_state_range("The Fund's shares are held by omnibus accounts."), may_state_range("Ms. Roe owned NONE.")
    (False, True)
    >>> may_state_range("Neither Ms. Roe nor Mr. Ode owned shares."), may_state_range("Mr. Ode held $1-$10,000.")
    (True, True)
    """
    return _DIGIT.search(text) is not None or "none" in text.lower() or _OWNS_NONE.search(text)


def people_in(text: str) -> list[str]:
    """The people a sentence names, in order, as printed ("Messrs. Lee and Park" is two).

    >>> people_in("Messrs. Lee and Park and Ms. Diaz did not own shares of the Bond Fund.")
    ['Mr. Lee', 'Mr. Park', 'Ms. Diaz']
    >>> people_in("As of June 30, 2016, Xiaoming (Sam) Zhou and Ann B. Lee, Jr. owned none.")
    ['Xiaoming (Sam) Zhou', 'Ann B. Lee, Jr.']
    >>> people_in("Neither Mr. Ito nor Ann Lee held shares of Acme Select Energy Portfolio on May 31.")
    ['Mr. Ito', 'Ann Lee']
    """
    return list(_people_in(text))


# cached per document: the evidence of the region scan, the ownership sentences, the people audit
# and the passages around tables ask it of the same sentences and paragraphs
@per_document(maxsize=16384)
def _people_in(text: str) -> tuple[str, ...]:
    found: list[tuple[int, int, str]] = []
    for match in _finditer_led(_MESSRS, text):
        names = [n for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", match["names"]) if n]
        found += [(match.start(), match.end(), f"Mr. {name}") for name in names]
    found += [(m.start(), m.end(), m.group(0)) for m in _finditer_led(_TITLED, text)]
    taken = [(start, end) for start, end, _ in found]
    for match in matches_led(_FULL, _FULL_WIDER, text):
        name = _without_openers(match.group(0))
        start = match.end() - len(name)
        if not any(a < match.end() and start < b for a, b in taken) and _is_full_name(name, text[match.end():]):
            found.append((start, match.end(), name))
    return tuple(_POSSESSIVE.sub("", name) for _, _, name in sorted(found, key=lambda f: f[0]))


# each pattern opening with \b, without it: it finds wherever the pattern does (and more), and
# is searched fast (``re`` skips ahead to its first letter); most sentences name nobody so
_WIDER = {pattern: re.compile(pattern.pattern.removeprefix("\\b"), pattern.flags) for pattern in (_MESSRS, _TITLED)
          if pattern.pattern.startswith("\\b")}


def _finditer_led(pattern: re.Pattern[str], text: str):
    """``pattern.finditer(text)``, none at all when its wider twin finds nothing.

    >>> [m.group(0) for m in _finditer_led(_TITLED, "Ms. Roe and MR. Poe")], list(_finditer_led(_TITLED, "Mrs."))
    (['Ms. Roe'], [])
    """
    return pattern.finditer(text) if _WIDER[pattern].search(text) else iter(())


def _without_openers(name: str) -> str:
    """ "Neither Ann Lee" -> "Ann Lee": words that open a sentence are not given names."""
    words = name.split(" ")
    while len(words) > 2 and words[0].lower().strip(".,") in _NOT_GIVEN_NAMES:
        words = words[1:]
    return " ".join(words)


_POSSESSIVE = re.compile(r"['\u2019]s$")
_NOT_GIVEN_NAMES = frozenset("""
    on as in at by for from of the this that these each every neither nor both either effective
    since until during before after january february march april may june july august september
    october november december
""".split())


# compiled once (re.match with a source looks its pattern up in re's cache at each call)
_CAPITALIZED_NEXT = re.compile(r"\s*(?:[A-Z][\w.&'-]*|[\u00ae\u2122])")
_SUFFIX_NEXT = re.compile(r"\s*(?:Jr|Sr)\b")
_PARENTHESES = re.compile(r"\s*\([^)]*\)")


def _is_full_name(name: str, after: str) -> bool:
    """A capitalized run that names a person, not the start of a longer title ("Acme Select
    Energy Portfolio"), a date ("On May 31") or a sentence opener."""
    if _CAPITALIZED_NEXT.match(after) and not _SUFFIX_NEXT.match(after):
        return False
    words = _PARENTHESES.sub("", name).split()
    if any(w.lower().strip(".,") in _NOT_GIVEN_NAMES for w in words):
        return False
    return looks_like_person(" ".join(words))


@dataclass(frozen=True)
class OwnershipStatement:
    """What one sentence says about managers' ownership."""

    who: str  # "named" | "every" (all the managers) | "others" (those without a figure) | "implied"
    names: tuple[str, ...]  # as printed, in order; empty unless who == "named"
    labels: tuple[str, ...]  # one range for all, or one per name (in the names' order)
    problem: str | None = None

    def pairs(self) -> list[tuple[str, str]]:
        """(name, range) for a statement about named people."""
        if len(self.labels) == 1:
            return [(name, self.labels[0]) for name in self.names]
        return list(zip(self.names, self.labels))


# every ownership statement holds one of these: a cheap first test for a prospectus's paragraphs
# searched as a lower-case twin in the lowered text (`etl.parse.folding`: the same answers)
_MAY_STATE_OWNERSHIP = AnyOf(re.compile(r"\bown|\bheld\b|\bhold", re.I))


def may_state_ownership(text: str) -> bool:
    """The cheap first test a paragraph passes before its sentences are read for ownership.

    >>> may_state_ownership("Ms. Roe owned no shares."), may_state_ownership("Fees are paid monthly.")
    (True, False)
    """
    return _MAY_STATE_OWNERSHIP.search(text)


def may_be_statement(sentence: str) -> bool:
    """A cheap first test of `read_statement`, sound: it reads no sentence in which
    _ABOUT_OWNERSHIP finds nothing (its first test), so it answers None for that one.

    >>> may_be_statement("Mr. Roe OWNED no shares."), may_be_statement("Ms. Lee manages the Fund.")
    (True, False)
    """
    return _ABOUT_OWNERSHIP.search(sentence)


def read_statement(sentence: str) -> OwnershipStatement | None:
    """None for a sentence that states no manager's ownership.

    >>> read_statement("As of May 31, 2024, Mr. Norwood did not beneficially own any shares of the Fund.")
    OwnershipStatement(who='named', names=('Mr. Norwood',), labels=('None',), problem=None)
    >>> s = read_statement("The dollar range of securities owned by Ann Lee and Bo Park in the Fund was "
    ...                    "$0 and $10,001\u2013$50,000, respectively.")
    >>> s.pairs()
    [('Ann Lee', '$0'), ('Bo Park', '$10,001\u2013$50,000')]
    >>> read_statement("Dollar value range of shares owned in the Fund: none.").who
    'implied'
    >>> read_statement("The Trustees did not own shares of the Fund.") is None
    True
    >>> read_statement("For redemptions of more than $100,000 the Fund requires a signature by all "
    ...                "owners of the account and a Medallion Signature Guarantee.") is None
    True
    """
    if not may_be_statement(sentence) or _NOT_MANAGERS.search(sentence):
        return None
    labels = _labels(sentence)
    if not labels:
        return None
    names = tuple(people_in(sentence))
    if _OTHERS.search(sentence) and labels == ("None",):
        return OwnershipStatement("others", (), labels)
    if names:
        if len(labels) > 1 and (len(labels) != len(names) or not _RESPECTIVELY.search(sentence)):
            return OwnershipStatement("named", names, labels, problem=(
                f"{len(labels)} ranges for {len(names)} managers in {' '.join(sentence.split())[:160]!r}"))
        return OwnershipStatement("named", names, labels)
    if len(labels) != 1:
        return None
    if _EVERY.search(sentence):
        return OwnershipStatement("every", (), labels)
    if _LABELED.search(sentence):
        return OwnershipStatement("implied", (), labels)
    return None


def _labels(sentence: str) -> tuple[str, ...]:
    """The ranges a sentence states, in order; ("None",) for a statement that none is owned."""
    if _OWNS_NONE.search(sentence) and not re.search(r"\$\s?[1-9]", sentence):
        return ("None",)
    if not _OWNING_OR_RANGE.search(sentence):
        return ()
    if _AGGREGATE.search(sentence):
        return ()
    if "$" not in sentence and "none" not in sentence.lower():
        return ()  # a cheap first test: see _RANGE_STEMS
    pattern, subject = _RANGE_IN_TEXT.pick(sentence)  # the same spans, read from the sentence
    found = [" ".join(sentence[m.start():m.end()].split()) for m in pattern.finditer(subject)]
    labels = tuple("None" if f.lower() == "none" else f for f in found)
    if any(dollar_range_or_none(label) is None for label in labels):
        return ()
    return labels
