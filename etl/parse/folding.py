"""Case-insensitive searches made cheap: a ``re.I`` pattern searched as its lower-case twin,
compiled without ``re.I``, in the lowered text.

Python's ``re`` under ``re.I`` compares every character through a case table and cannot skip
ahead to the characters an alternation opens with; an alternation of a dozen stems over a long
paragraph costs several times what the same search costs without the flag. The answer is the
same, because of three facts (checked over every code point by tests/test_folding.py):

- under ``re.I`` a text character matches a pattern letter exactly when their lower cases are
  equal, except for three letters that ``re`` folds otherwise: U+0130 (dotted capital I, which
  also lowers to two characters), U+0131 (dotless i) and U+017F (long s). `lowered` gives None
  for a text holding one of them, and the search falls back to the ``re.I`` pattern;
- lowering keeps every other character one character, and keeps what it is to ``\\w``, ``\\s``
  and ``\\d`` (so ``\\b``, classes and offsets are unchanged);
- the twin is the pattern's source with its literal letters lowered (escapes such as ``\\b``,
  ``\\S`` kept), so each literal, each class and each range (``[A-Z]`` -> ``[a-z]``) admits the
  lowered character exactly when the ``re.I`` one admits the character. `Folded` refuses a
  source it cannot lower that way: inline flags, ``\\x``/``\\u``/``\\N`` escapes of letters,
  a range from one case to the other, cased letters outside ASCII.
"""

from __future__ import annotations

import functools
import re
from re import _constants as _sre_constants
from re import _parser as _sre_parser

import ahocorasick_rs

from etl.parse.memo import per_document, register

# the letters re.I folds to an ASCII letter other than through str.lower
_ODD_LETTERS = ("\u0130", "\u0131", "\u017f")


@per_document(maxsize=8192)
def lowered(text: str) -> str | None:
    """``text.lower()``, or None when the text holds a letter that ``re.I`` folds otherwise.

    >>> lowered("Other Accounts"), lowered("\u0130stanbul")
    ('other accounts', None)
    """
    if not text.isascii() and any(letter in text for letter in _ODD_LETTERS):
        return None
    return text.lower()


def lowered_joined(texts: list[str], separator: str = "\n") -> str | None:
    """``lowered(separator.join(texts))``, made of each text's own `lowered` (cached per text: a
    focused document repeats its filler paragraph hundreds of times, lowered once). The same
    text: ``str.lower`` maps each character on its own, but for U+0130 (a text holding it is
    refused) and a capital sigma, whose final form looks at the letters around it only as far
    as a character that is neither cased nor case-ignorable, as a line break is.

    >>> lowered_joined(["ΟΔΟΣ", "ΣΑ Fund"]) == lowered("ΟΔΟΣ\\nΣΑ Fund"), lowered_joined(["a", "\\u0130"])
    (True, None)
    """
    pieces = [lowered(text) for text in texts]
    return None if None in pieces else separator.join(pieces)


# kept as written: escapes ("\\b", "\\S"), and the "(?P" of a named group
_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{2,3}|.)|\(\?P", re.S)
_MIXED_RANGE = re.compile(r"[A-Z]-[a-z]|[a-z]-[A-Z]")


def lower_source(source: str) -> str:
    """A ``re.I`` pattern's source with its literal letters lowered, escapes kept.

    >>> lower_source(r"\\bRICs?\\b|\\S+Fund[A-Z]|(?P<unit>M)")
    '\\\\brics?\\\\b|\\\\S+fund[a-z]|(?P<unit>m)'
    >>> lower_source(r"(?i)x")
    Traceback (most recent call last):
    ValueError: cannot lower '(?i)x': inline flags
    """
    if "(?" in source and re.search(r"\(\?[aiLmsux-]", source):
        raise ValueError(f"cannot lower {source!r}: inline flags")
    out, position = [], 0
    for escape in _ESCAPE.finditer(source):
        out.append(_lower_literals(source, source[position:escape.start()]))
        text = escape.group(0)
        if text[0] == "\\" and text[1] in "xuUN0123456789" and len(text) > 2 and _is_cased(_escaped_char(text)):
            raise ValueError(f"cannot lower {source!r}: an escaped letter {text}")
        out.append(text)
        position = escape.end()
    out.append(_lower_literals(source, source[position:]))
    return "".join(out)


def _lower_literals(source: str, text: str) -> str:
    if _MIXED_RANGE.search(text):
        raise ValueError(f"cannot lower {source!r}: a range across cases")
    if any(_is_cased(c) and not c.isascii() for c in text):
        raise ValueError(f"cannot lower {source!r}: a cased letter outside ASCII")
    return text.lower()


def _escaped_char(escape: str) -> str:
    if escape[1] == "N":
        return "A"  # a named character: refused whatever it is
    if escape[1] in "xuU":
        return chr(int(escape[2:], 16))
    return chr(int(escape[1:], 8))


def _is_cased(char: str) -> bool:
    return char.lower() != char.upper()


class Folded:
    """A ``re.I`` pattern whose `search` answers as ``pattern.search`` does (a match or none),
    searching the lowered text with the lower-case twin.

    >>> gate = Folded(re.compile(r"\\bRICs?\\b|pooled", re.I))
    >>> gate.search("Two RICs"), gate.search("POOLED"), gate.search("rice"), gate.search("\u0130 pooled")
    (True, True, False, True)
    """

    def __init__(self, pattern: re.Pattern[str]):
        if not pattern.flags & re.I:
            raise ValueError(f"{pattern.pattern!r} is not case-insensitive")
        self.pattern = pattern
        self.twin = re.compile(lower_source(pattern.pattern), pattern.flags & ~re.I)
        # answers cached per text for the document (`etl.parse.memo`): a focused document
        # repeats its gap paragraphs, and the region scan and the assembler test the same ones
        self.search = register(functools.lru_cache(maxsize=4096)(self._search))

    def pick(self, text: str) -> tuple[re.Pattern[str], str]:
        """(the twin, the lowered text), or (the pattern, the text) for a text with an odd
        letter: either finds the same spans, group spans included (lowering keeps offsets);
        read what a match holds from ``text`` by its spans.

        >>> pattern, subject = Folded(re.compile(r"(?P<n>\\d+) Funds", re.I)).pick("Two 3 FUNDS")
        >>> pattern.search(subject).span("n")
        (4, 5)
        """
        low = lowered(text)
        return (self.pattern, text) if low is None else (self.twin, low)

    def _search(self, text: str) -> bool:
        low = lowered(text)
        if low is None:
            return self.pattern.search(text) is not None
        return self.twin.search(low) is not None


def may_hold(text: str, stems: tuple[str, ...]) -> bool:
    """A cheap first test for a ``re.I`` pattern every match of which holds one of ``stems``
    (lower case): whether the lowered text holds one; always True for a text with a letter
    that ``re.I`` folds otherwise (see `lowered`), which only the pattern can answer.

    >>> may_hold("Assets in MILLIONS.", ("mil", "$")), may_hold("No units here.", ("mil", "$"))
    (True, False)
    """
    low = lowered(text)
    return low is None or any(stem in low for stem in stems)


def alternatives(source: str) -> list[str]:
    """The top-level alternatives of a pattern's source (groups, classes and escapes kept whole).

    >>> alternatives(r"a(?:b|c)|[|x]|\\||d")
    ['a(?:b|c)', '[|x]', '\\\\|', 'd']
    """
    if "[]" in source or "[^]" in source:
        raise ValueError(f"cannot split {source!r}: a class opening with ']'")
    out, depth, in_class, start, at = [], 0, False, 0, 0
    while at < len(source):
        char = source[at]
        if char == "\\":
            at += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            out.append(source[start:at])
            start = at + 1
        at += 1
    return out + [source[start:]]


# an automaton's pass costs about what five or six searches of ``str`` or ``re`` cost (a call
# ~0.5 us, then ~3.5 ns a character against ~0.6 ns for ``str``'s, ~1.1 ns for ``re``'s with a
# literal to skip to): a gate of fewer keys searches its alternatives one by one
_AUTOMATON_KEYS = 6


class AnyOf:
    """Whether a ``re.I`` pattern finds anything, asked of each of its top-level alternatives:
    the pattern finds a match exactly when one of them does. Each is searched as its lower-case
    twin (`Folded`); one that opens with ``\\b`` is first searched without it (a test that can
    only find more: dropping an assertion), which lets ``re`` skip ahead to its first letter
    instead of trying every position. Answers are cached per text.

    A cheap first test, sound, for a gate of many alternatives (`_AUTOMATON_KEYS`): every match
    of an alternative holds its key (`required_literal`; an all-literal alternative is its own
    key), so one pass of an automaton over the lowered text (`ahocorasick_rs`, every occurrence
    of every key reported, overlapping ones too) tells which keys it holds: an alternative whose
    key it does not hold cannot match and is not searched, and an all-literal one matches where
    its key is found. A dozen alternatives cost one pass, not a dozen (each search of ``str`` or
    ``re`` reads the whole paragraph).

    >>> gate = AnyOf(re.compile(r"\\bRICs?\\b|pooled", re.I))
    >>> gate.search("Two RICs"), gate.search("metrics"), gate.search("POOLED")
    (True, False, True)
    """

    def __init__(self, pattern: re.Pattern[str]):
        if not pattern.flags & re.I:
            raise ValueError(f"{pattern.pattern!r} is not case-insensitive")
        if re.search(r"\(\?P=|\\[1-9]", pattern.pattern):
            raise ValueError(f"{pattern.pattern!r} refers back to a group")
        self.pattern = pattern
        flags = pattern.flags & ~re.I
        self.twins = [(re.compile(lower_source(alternative[2:]), flags) if alternative.startswith(r"\b") else None,
                       re.compile(lower_source(alternative), flags))
                      for alternative in alternatives(pattern.pattern)]
        # an alternative that is all literal text is a substring test (str's search, no call into re)
        literal = [not flags & re.X and _all_literal(exact.pattern) for _, exact in self.twins]
        self.words = tuple(exact.pattern for (_, exact), plain in zip(self.twins, literal) if plain)
        self.others = [twin for twin, plain in zip(self.twins, literal) if not plain]
        keys = [required_literal(exact.pattern, flags) for _, exact in self.others]
        self.keys = tuple(dict.fromkeys([*self.words, *filter(None, keys)]))  # each key once
        self._words = frozenset(self.keys.index(word) for word in self.words)
        # (the index of its key in keys, or None: none found, wider, exact) for each of the others
        self._keyed = [(self.keys.index(key) if key else None, wider, exact)
                       for key, (wider, exact) in zip(keys, self.others)]
        self._automaton = ahocorasick_rs.AhoCorasick(list(self.keys), matchkind=ahocorasick_rs.MatchKind.Standard) \
            if len(self.keys) >= _AUTOMATON_KEYS else None
        self.search = register(functools.lru_cache(maxsize=4096)(self._search))  # see Folded

    def _search(self, text: str) -> bool:
        low = lowered(text)
        if low is None:
            return self.pattern.search(text) is not None
        if self._automaton is None:  # a few alternatives: each searched
            return any(word in low for word in self.words) or any(
                _twin_search(wider, exact, low) for wider, exact in self.others)
        found = self.keys_in(low)
        return not self._words.isdisjoint(found) or any(
            _twin_search(wider, exact, low) for key, wider, exact in self._keyed if key is None or key in found)

    def keys_in(self, low: str) -> set[int]:
        """The indexes in `keys` of the keys a lowered text holds.

        >>> gate = AnyOf(re.compile(r"\\bheld\\b|withheld|other\\s+accounts|\\bpool\\b|\\bpivs?\\b|\\brics?\\b", re.I))
        >>> gate.keys, sorted(gate.keys_in("withheld from other accounts, or pooled"))
        (('withheld', 'held', 'accounts', 'pool', 'piv', 'ric'), [0, 1, 2, 3])
        """
        if self._automaton is None:
            return {index for index, key in enumerate(self.keys) if key in low}
        return {index for index, _, _ in self._automaton.find_matches_as_indexes(low, overlapping=True)}


def _twin_search(wider: re.Pattern[str] | None, exact: re.Pattern[str], low: str) -> bool:
    """Whether an alternative's lower-case twin finds anything in the lowered text (from its
    wider twin's first place when it has one: `_led_search`)."""
    return exact.search(low) is not None if wider is None else _led_search(wider, exact, low)


def required_literal(source: str, flags: int = 0) -> str:
    """The longest run of characters that every match of a pattern holds as it is: top-level
    literal characters one after another (each matches its own character, the next at the next
    position: a repeat, a class, a group or an assertion ends a run); '' when it has none.
    Read from ``re``'s own parse of the source (which may move the prefix the branches of a
    group share out of it, the same pattern).

    >>> required_literal(r"\\brics?\\b"), required_literal(r"other\\s+(?:advisory\\s+)?accounts?\\b")
    ('ric', 'account')
    >>> required_literal(r"\\d"), required_literal(r"\\bno\\."), required_literal(r"(?:ab|ac)d")
    ('', 'no.', 'a')
    """
    best, run = "", []
    for op, value in [*_sre_parser.parse(source, flags), (None, None)]:
        if op is _sre_constants.LITERAL:
            run.append(chr(value))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
    return best


def _led_search(wider: re.Pattern[str], exact: re.Pattern[str], text: str) -> bool:
    """Whether ``exact`` (a pattern that opens with ``\\b``) finds anything in ``text``, ``wider``
    being it without that ``\\b``: wherever ``exact`` matches, ``wider`` matches at the same place,
    so none of its matches starts before the first place ``wider`` finds, and it is searched from
    there only (a search from a position still reads the character before it for ``\\b``; see
    `etl.parse.prose.matches_led`), past the text where most alternatives' words never stand.

    >>> _led_search(re.compile("own"), re.compile(r"\\bown"), "known, down; owned")
    True
    >>> _led_search(re.compile("own"), re.compile(r"\\bown"), "known, down"), _led_search(re.compile("x"), re.compile(r"\\bx"), "")
    (False, False)
    """
    first = wider.search(text)
    return first is not None and exact.search(text, first.start()) is not None


def _all_literal(source: str) -> bool:
    """Whether a (non-verbose) source holds no character ``re`` reads as syntax: it then matches
    exactly where a text holds it.

    >>> _all_literal("sec-registered"), _all_literal(r"\\bpool\\b"), _all_literal("rics?")
    (True, False, False)
    """
    return not any(char in ".^$*+?{}[]\\|()" for char in source)
