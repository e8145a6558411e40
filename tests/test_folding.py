"""A re.I pattern searched as its lower-case twin in the lowered text answers what it answers
(etl/parse/folding.py): the facts the proof rests on, over every code point, and the gates that
use it, over every paragraph of the fixtures and hand-written cases."""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

import pytest

from etl.parse import (
    accounts_grid,
    ownership_grid,
    ownership_prose,
    people_audit,
    prose_accounts,
)
from etl.parse.evidence import paragraph_text
from etl.parse.folding import AnyOf, Folded, lower_source, lowered

CORPUS = Path(__file__).parent / "corpus"
ODD = {"\u0130", "\u0131", "\u017f"}
GATES = {
    "accounts categories": prose_accounts._ANY_CATEGORY,
    "accounts figures": prose_accounts._MAY_STATE_FIGURES,
    "performance": prose_accounts._MAY_STATE_PERFORMANCE,
    "ownership": ownership_prose._MAY_STATE_OWNERSHIP,
    "explanations": people_audit._MAY_EXPLAIN,
    "a manager's role": people_audit._MANAGER_ROLE_ANY,
    "about ownership": ownership_prose._ABOUT_OWNERSHIP,
    "not managers": ownership_prose._NOT_MANAGERS,
    "owns none": ownership_prose._OWNS_NONE,
    "aggregate": ownership_prose._AGGREGATE,
    "owning or range": ownership_prose._OWNING_OR_RANGE,
    "no performance fees": prose_accounts._NO_PERFORMANCE_FEES,
    "names a category": prose_accounts._NAMES_A_CATEGORY,
    "a sentence's count or amount (prose_accounts)": prose_accounts._COUNT_OR_AMOUNT,
    # a table's whole text (accounts_grid.may_hold_accounts): AnyOf twins
    **{f"table {category.value}": gate for category, gate in accounts_grid._CATEGORY_GATES},
    "table count": accounts_grid._COUNT_GATE,
    # a table's whole text (ownership_grid.read_ownership_grid)
    "table ownership words": ownership_grid._OWNERSHIP_WORDS_ANY,
    "table none or $0": ownership_grid._NONE_OR_ZERO,
}


def _code_points():
    return (chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_re_ignorecase_folds_ascii_letters_as_lower_does_but_for_three_letters() -> None:
    letters = re.compile(f"[{string.ascii_lowercase}]", re.I)
    odd = {c for c in _code_points() if letters.fullmatch(c) and (c.lower() not in string.ascii_lowercase)}
    assert odd == ODD
    for char in _code_points():
        lower = char.lower()
        if char in ODD:
            continue
        for letter in string.ascii_lowercase if letters.fullmatch(char) else ():
            assert bool(re.fullmatch(letter, char, re.I)) == (lower == letter), char


def test_lowering_keeps_length_and_character_classes_but_for_the_dotted_capital_i() -> None:
    classes = [re.compile(r"\w"), re.compile(r"\s"), re.compile(r"\d")]
    for char in _code_points():
        lower = char.lower()
        if char == "\u0130":
            continue
        assert len(lower) == 1, char
        assert [bool(p.match(char)) for p in classes] == [bool(p.match(lower)) for p in classes], char


def test_a_text_with_an_odd_letter_is_searched_with_the_re_i_pattern() -> None:
    for letter in ODD:
        assert lowered(f"a {letter} b") is None
    gate = Folded(re.compile(r"\bis\b|\bsi\b", re.I))
    assert gate.search("\u0130s") is bool(re.search(r"\bis\b|\bsi\b", "\u0130s", re.I))
    assert gate.search("\u017fi") is True and gate.search("\u0131s") is True


@pytest.mark.parametrize("source", [r"(?i)abc", r"\x41b", r"\u00c9t\u00e9", r"[A-z]", r"caf\N{LATIN CAPITAL LETTER E}",
                                    "\u00c9t\u00e9"])
def test_sources_that_cannot_be_lowered_are_refused(source: str) -> None:
    with pytest.raises(ValueError):
        lower_source(source)


def test_a_source_is_its_alternatives_joined() -> None:
    from etl.parse.folding import alternatives

    for gate in GATES.values():
        parts = alternatives(gate.pattern.pattern)
        assert "|".join(parts) == gate.pattern.pattern
        for part in parts:
            re.compile(part)
    assert len(alternatives(prose_accounts._NAMES_A_CATEGORY.pattern.pattern)) == 15
    assert alternatives(r"a[(|]b|(c|d)\|e") == ["a[(|]b", "(c|d)\\|e"]


def test_lowering_a_source_keeps_escapes() -> None:
    assert lower_source(r"\bRICs?\b\S\W\D\B[A-Z]\u2019x\.") == r"\brics?\b\S\W\D\B[a-z]\u2019x\."


HAND_WRITTEN = [
    "Ms. Roe OWNED no shares", "Mr. Lee hOlDs shares", "HELD", "Shareholders", "unheld", "WITHHOLDING",
    "Registered\nInvestment   Companies", "REGISTERED\u00a0INVESTMENT COMPANIES", "Other\u00a0Accounts",
    "OTHER ACCOUNT", "other accts", "Pooled", "POOL", "PIVs", "RICs", "rics", "erics", "Commingled",
    "investment company act", "INVESTMENT COMPANY ACT of 1940", "registered investment adviser",
    "Mutual Funds", "SEC-Registered", "no.", "NO accounts", "Ten", "TEN", "tenth", "\u0130NVESTMENT COMPAN\u0130ES",
    "regi\u017ftered inve\u017ftment", "Performance", "PERFORMANCE-BASED", "per&shy;formance", "perfor<b>mance</b>",
    "own&nbsp;ed", "DELETED", "Step Down", "LEFT", "left-hand", "over\nfrom", "OVER  FROM", "Alone",
    "\u00c9t\u00e9 \u2019own\u2019", "\u212aelvin OWN", "k\u0307own", "\ufb01le",  # Kelvin sign, combining dot, ligature
]


def _texts() -> list[str]:
    texts = set(HAND_WRITTEN)
    for path in sorted(CORPUS.iterdir()):
        if path.suffix not in (".htm", ".txt"):
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        texts.add(raw)
        if path.suffix == ".txt":
            texts.update(" ".join(part.split()) for part in re.split(r"\n\s*\n", raw))
        else:
            texts.update(paragraph_text(part) for part in re.split(r"</(?:p|div|td|li|h\d)\s*>", raw, flags=re.I))
    return sorted(texts)


@pytest.mark.parametrize("gate", GATES.values(), ids=GATES.keys())
def test_every_gate_answers_what_its_re_i_pattern_answers(gate: Folded | AnyOf) -> None:
    texts = _texts()
    found = 0
    for text in texts:
        expected = gate.pattern.search(text) is not None
        assert gate.search(text) is expected, text[:200]
        found += expected
        for piece in (text[:80], text[-80:], text.upper(), text.title()):
            assert gate.search(piece) is (gate.pattern.search(piece) is not None), piece
    assert 0 < found < len(texts)  # both answers are tested


def test_may_state_accounts_is_the_three_tests_it_was() -> None:
    stems = prose_accounts._CATEGORY_STEMS
    categories = re.compile("|".join(p.pattern for _, p in prose_accounts.CATEGORY_PATTERNS), re.I)
    figures = prose_accounts._MAY_STATE_FIGURES.pattern
    for text in _texts():
        expected = any(s in text.lower() for s in stems) and bool(categories.search(text)) \
            and bool(figures.search(text))
        assert prose_accounts.may_state_accounts(text) is expected, text[:200]


def test_every_unit_statement_in_prose_holds_a_stem_of_the_first_test() -> None:
    from etl.parse import units

    texts = _texts() + ["(Dollars in $B)", "in \u0131m", "(x $1,000)", "$000s omitted", "U.S. $ MM.", "in 000's",
                        "(in thou\u017fands)", "Assets in $K.", "in bil.", "(in Bn)"]
    stated = 0
    for text in texts:
        for match in units._IN_PROSE.finditer(text):
            low = lowered(match.group(0))
            assert low is None or any(stem in low for stem in units.PROSE_UNIT_STEMS), match.group(0)
        expected = units._multiplier(units._IN_PROSE.search(text))
        assert units.unit_in_prose(text) == expected, text[:200]
        stated += expected is not None
    assert stated > 5


SPAN_TWINS = {f"token {kind}": folded for kind, folded in prose_accounts._TOKEN_TWINS}
SPAN_TWINS.update({f"category {category.value}": folded for category, folded in prose_accounts._CATEGORY_TWINS})
SPAN_TWINS["other than"] = prose_accounts._OTHER_THAN
SPAN_TWINS["ownership range"] = ownership_prose._RANGE_IN_TEXT
SPAN_TWINS["only some performance"] = prose_accounts._ONLY_SOME_PERFORMANCE
SPAN_TWINS["of category some"] = prose_accounts._OF_CATEGORY_SOME
SPAN_TWINS["as of date"] = prose_accounts._DATE_IN


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    return [tuple(m.span(g) for g in range(pattern.groups + 1)) for m in pattern.finditer(text)]


@pytest.mark.parametrize("folded", SPAN_TWINS.values(), ids=SPAN_TWINS.keys())
def test_every_twin_finds_the_spans_its_re_i_pattern_finds(folded: Folded) -> None:
    found = 0
    for text in _texts():
        for piece in (text, text.upper(), text[:300].title(), text[:200] + " other than the "):
            expected = _spans(folded.pattern, piece)
            assert _spans(*folded.pick(piece)) == expected, piece[:200]
            found += bool(expected)
    assert found


def test_tokens_read_from_the_lowered_sentence_are_those_read_from_the_sentence(monkeypatch) -> None:
    from etl.parse import folding
    from etl.parse.prose import sentences

    sentence = ("As of MAY 31, 2024, Ms. Roe managed TWO Other Accounts with $1.2 BILLION in assets, none of "
                "which pays a PERFORMANCE fee, and 3 Pooled Vehicles other than REGISTERED INVESTMENT COMPANIES "
                "with $4.5 Million.")
    texts = [sentence, sentence.upper()] + [s for text in _texts() if len(text) < 5000 for _, s in sentences(text)]
    prose_accounts._tokens.cache_clear()
    folded = [prose_accounts.tokens(text) for text in texts]
    prose_accounts._tokens.cache_clear()
    monkeypatch.setattr(folding, "lowered", lambda text: None)  # every pattern as written, with re.I
    assert [prose_accounts.tokens(text) for text in texts] == folded
    prose_accounts._tokens.cache_clear()
    assert sum(len(t) for t in folded) > 1000


def test_people_patterns_searched_wider_first_find_what_they_find() -> None:
    for pattern in (ownership_prose._MESSRS, ownership_prose._TITLED):
        assert pattern in ownership_prose._WIDER
        found = 0
        for text in _texts() + ["Messrs. Lee and Park", "xMessrs. Lee and Park", "Dr. Ann Roe", "ADr. Roe", "Mrs. Poe"]:
            expected = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in ownership_prose._finditer_led(pattern, text)] == expected, text[:200]
            found += bool(expected)
        assert found


def test_every_category_named_holds_a_stem_of_the_first_test() -> None:
    """`prose_accounts._CATEGORY_STEMS`: each match of a category pattern, lowered, holds one."""
    found = 0
    for text in _texts() + ["SEC-REGISTERED FUNDS", "Registered Closed-End", "Other Managed Account", "PIV"]:
        for variant in (text, text.upper(), text.title()):
            for _, pattern in prose_accounts.CATEGORY_PATTERNS:
                for match in pattern.finditer(variant):
                    low = lowered(match.group(0))
                    found += 1
                    assert low is None or any(stem in low for stem in prose_accounts._CATEGORY_STEMS), match.group(0)
    assert found > 100


def test_texts_lowered_one_by_one_and_joined_are_their_join_lowered() -> None:
    """`folding.lowered_joined` (the assembler's full text for `prose.prefer_printed_case`):
    every fixture's texts, as lines, and hand-written ones (final sigmas, odd letters)."""
    from etl.parse.folding import lowered_joined
    texts = _texts()
    cases = [texts, texts[:40], [t.upper() for t in texts[:40]], ["ΟΔΟΣ", "ΣΑ"], ["Σ", "Σ", "aΣ"], ["ΟΔΟΣ.", "'Σ"],
             ["a", "\u0130"], ["\u017f"], [], [""], ["A\u0307Σ", "\u00adΣ"], ["x\u2019Σ", "Σ\u2019x"]]
    for pieces in cases:
        assert lowered_joined(pieces) == lowered("\n".join(pieces)), pieces[:3]
        assert lowered_joined(pieces, " ") == lowered(" ".join(pieces)), pieces[:3]


def _every_any_of() -> list[AnyOf]:
    import gc

    import etl.parse.assemble  # noqa: F401 - every reader's gates made

    return [o for o in gc.get_objects() if isinstance(o, AnyOf)]


KEYED = ["Withheld", "OTHER\nACCOUNTS", "metrics", "Pooled Vehicles", "piv", "no. of accounts", "#", "owned",
         "registered investment adviser", "a re\u00adgistered investment company", "own\u00a0ed", "sec-registered",
         "Investment Company Act", "left-hand", "over\u00a0from", "mutual fund", "mutual\nfunds", "eric's pool"]


def test_every_match_of_an_alternative_holds_its_key() -> None:
    """`folding.required_literal`: every match of each alternative of every AnyOf gate of the
    parser holds the alternative's key, over every fixture text (lowered), upper-cased and
    title-cased, and hand-written cases of the family."""
    gates = _every_any_of()
    texts = [low for text in _texts() + KEYED for variant in (text, text.upper(), text.title())
             if (low := lowered(variant)) is not None]
    keyed = [(gate.keys[key], exact) for gate in gates for key, _, exact in gate._keyed if key is not None]
    assert len(keyed) > 40
    found = 0
    for key, exact in keyed:
        for text in texts:
            for match in exact.finditer(text):
                assert key in match.group(0), (exact.pattern, match.group(0))
                found += 1
    assert found > 1000


def test_a_gate_with_an_automaton_answers_what_its_alternatives_one_by_one_answer() -> None:
    """The automaton's keys (`AnyOf.keys_in`) are those ``in`` finds, and a gate that asks it
    first answers what its alternatives searched one by one answer, and what its pattern does."""
    from etl.parse.folding import _twin_search

    gates = [gate for gate in _every_any_of() if gate._automaton is not None]
    assert len(gates) >= 4
    texts = _texts() + KEYED + [t.upper() for t in KEYED]
    for gate in gates:
        for text in texts:
            low = lowered(text)
            if low is None:
                continue
            assert gate.keys_in(low) == {i for i, key in enumerate(gate.keys) if key in low}, (gate.keys, text[:200])
            one_by_one = any(word in low for word in gate.words) or any(
                _twin_search(wider, exact, low) for wider, exact in gate.others)
            assert gate._search(text) is one_by_one is (gate.pattern.search(text) is not None), text[:200]


def test_required_literals() -> None:
    from etl.parse.folding import required_literal

    assert required_literal(r"(?:did|do|does)\s+not\s+(?:\w+\s+)?own") == "not"
    assert required_literal(r"\b(?:no|one|two)\b") == ""
    assert required_literal(r"x+abc?") == "ab"  # x+ a repeat, c? a repeat
    assert required_literal(r"a b  c  d", re.VERBOSE) == "abcd"
    assert required_literal(r"(?=ab)c") == "c"
    assert required_literal(r"\u2019s\s") == "\u2019s"
