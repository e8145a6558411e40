"""The assembler's fast ways answer what the slow ones did: `prose.matches_led` (a \\b-led
pattern's finditer through its wider twin), over every text of the fixtures
(tests/test_folding.py's texts) and hand-written cases. The table gates of
`accounts_grid.may_hold_accounts` are tested with the other gates in tests/test_folding.py."""

from __future__ import annotations

import re

import pytest


from etl.parse.prose import matches_led, prefer_printed_case
from tests.test_folding import _texts

NAMES = ["ACME FUNDS TRUST", "ACME FUNDS, TRUST", "FUNDS", "A", "TRUST II", "ACME", "ROE", "FUND",
         "THE", "OF", "INVESTMENT", "ACCOUNTS", "\u00c9T\u00c9 FUNDS", "K", "S"]
HAND_WRITTEN = [
    "ACME FUNDS TRUST and Acme Funds Trust", "xAcme Funds Trust, Acme Funds TrustX, Acme Funds Trust",
    "acme\xa0funds,\ntrust", "Acme  Funds ,Trust", "<b>Acme</b> Funds Trust", "Acme&nbsp;Funds Trust",
    "\u212acme Funds Trust", "Acme Funds Trust II, Acme Funds Trust", "aa a a aaa a", "Acme_Funds Trust",
    "\u00e9t\u00e9 funds and \u00c9t\u00e9 Funds", "", "funds", "Acme Funds Trust\n", "k\u0307 \u017f s",
]


def _pattern_pair(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = r",?\s+".join(re.escape(w.strip(",")) for w in name.split()) + r"\b"
    return re.compile(r"\b" + words, re.I), re.compile(words, re.I)


def test_matches_led_finds_what_finditer_finds() -> None:
    texts = _texts() + HAND_WRITTEN
    found = 0
    for name in NAMES:
        pattern, wider = _pattern_pair(name)
        for text in texts:
            expected = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in matches_led(pattern, wider, text)] == expected, (name, text[:200])
            found += bool(expected)
    assert found > 50


def test_prefer_printed_case_reads_the_printed_name() -> None:
    assert prefer_printed_case("ACME FUNDS TRUST", "ACME FUNDS TRUST ... of xAcme Funds Trust, acme funds,\ntrust") == \
        "acme funds, trust"
    assert prefer_printed_case("ACME FUNDS TRUST", "ACME FUNDS TRUSTS only") == "Acme Funds Trust"
    assert prefer_printed_case(",", "a , b") == ","


NOTE_LINES = ["1 Note", "  1  Note", "1\xa0Note", "(a)\tx", "*\n", "1 \u2003", "  ** text", "\u2020 note", "(12)\nx",
              "123 x", "a fund", "\u2003(b)\u2003text\u2003", "1", " 1 ", "*** ", "****  x", "(1 x", "1) x"]


def test_a_line_matches_the_footnote_pattern_wherever_its_collapsed_form_does() -> None:
    """`_Reader._footnote_definitions` tests a line as printed before collapsing its whitespace."""
    from etl.parse.assemble import _FOOTNOTE_LINE
    lines = {line for text in _texts() for line in text.split("\n")} | set(NOTE_LINES)
    found = 0
    for line in lines:
        for variant in (line, line.upper(), f"  {line}", line.replace(" ", "\xa0")):
            if _FOOTNOTE_LINE.match(" ".join(variant.split())):
                found += 1
                assert _FOOTNOTE_LINE.match(variant), variant
    assert found > 20


def test_full_names_found_through_the_wider_twin_are_those_finditer_finds() -> None:
    """`ownership_prose.people_in` reads _FULL's matches through `matches_led`."""
    from etl.parse import ownership_prose
    texts = _texts() + HAND_WRITTEN + ["Ann Lee and BoPark, Jr. and xAnn Lee", "_Ann Lee Ann\xa0Lee", "\u00c9mile Roe"]
    found = 0
    for text in texts:
        expected = [m.span() for m in ownership_prose._FULL.finditer(text)]
        assert [m.span() for m in matches_led(ownership_prose._FULL, ownership_prose._FULL_WIDER, text)] == expected
        found += len(expected)
    assert found > 100


UNIT_CASES = ["Total assets are in millions.", "(Dollars in\u00a0Thousands)", "AMOUNTS IN $ MILLIONS.", "(x $1,000)",
              "in $1,000s, as of May 1", "assets ($M).", "U.S. $ in billions;", "in 0000s.", "(in $\n000s)",
              "commingled similar amounts in mm.", "x \u00d7 1 million)", "in   usd   mil.", "$b", "1,000,000 accounts",
              "\u212a $K) in thousands", "\u0130N MILLIONS.", "in\u2003millions", "Assets of $3 million.", "(($ in bn))"]


def test_unit_statements_found_from_their_stems_are_those_search_finds() -> None:
    """`units.in_prose_search` tries only the positions before a stem; `_IN_PROSE.search` all."""
    from etl.parse import units
    found = 0
    for text in _texts() + UNIT_CASES:
        for piece in (text, text.upper(), text.title(), text.replace(" ", "\u00a0")):
            expected = units._IN_PROSE.search(piece)
            got = units.in_prose_search(piece)
            assert (got and (got.span(), got.group(0))) == (expected and (expected.span(), expected.group(0))), piece[:200]
            found += expected is not None
    assert found > 20


def test_a_sentence_without_an_opening_quote_has_no_quoted_title() -> None:
    """`people_audit.unquoted` searches only sentences holding a quotation mark that opens one."""
    from etl.parse import people_audit
    cases = ['See \u201cWho Manages the Fund\u201d here.', 'See "Who Manages the Fund" here.', "plain", "\u201d x \u201d",
             '"short"', '\u201cnested \u201cinner\u201d title that runs long\u201d.']
    found = 0
    for text in _texts() + cases:
        assert people_audit.unquoted(text) == people_audit._QUOTED_TITLE.sub('""', text), text[:200]
        found += people_audit._QUOTED_TITLE.search(text) is not None
    assert found > 0


def test_a_text_without_a_dollar_or_none_has_no_legend() -> None:
    """`ownership_grid.legend_from` reads no text that holds neither "$" nor "none"."""
    from etl.parse import ownership_grid
    cases = ["A = None; B = $1-$10,000", "A=NONE", "a: n\u00d3ne", "C - over $1,000,000", "\u0130 A = None", "A = none."]
    found = 0
    for text in _texts() + cases:
        for piece in (text, text.upper()):
            expected = {m.group(1).upper(): " ".join(m.group(2).split()) for m in ownership_grid.LEGEND.finditer(piece)}
            assert ownership_grid.legend_from(piece) == expected, piece[:200]
            found += bool(expected)
    assert found > 0


PERFORMANCE_CASES = ["None of the other accounts pays a PERFORMANCE-based fee.", "No accounts pay fees\nbased on perform.",
                     "Only one of the accounts, managed by Ms. Roe, pays a fee based on performance.", "He left.",
                     "Of the other pooled investment vehicles managed by Mr. Anand, 5 pay a fee based on Performance.",
                     "\u0130 none of the accounts pays a perf\u0130rmance fee", "n/a"]


def test_a_sentence_without_perform_states_no_performance_fee() -> None:
    """`prose_accounts.performance_from_prose` reads only the sentences `_may_speak_of_performance`."""
    from etl.parse import prose_accounts as pa
    found = 0
    for text in _texts() + PERFORMANCE_CASES:
        for sentence in [s for _, s in pa._sentences(text)] + [text.upper()]:
            says = bool(pa._NO_PERFORMANCE_FEES.search(pa._HONORIFIC_DOT.sub(r"\1", sentence))
                        or pa._performance_exception(sentence))
            found += says
            assert not says or pa._may_speak_of_performance(sentence), sentence[:200]
    assert found > 3


def test_the_titled_names_pattern_finds_nothing_its_wider_twin_misses() -> None:
    """`people_audit._called_by_title` searches _TITLED only where _TITLED_WIDER finds something."""
    from etl.parse import people_audit
    found = 0
    for text in _texts() + ["xMr. Lee", "Mr.\u00a0Lee", "MESSRS. LEE", "Dr Roe", "_Ms. Roe", "Mrs.\nRoe"]:
        for piece in (text, text.upper(), text.title()):
            if people_audit._TITLED.search(piece):
                found += 1
                assert people_audit._TITLED_WIDER.search(piece), piece[:200]
    assert found > 20


def _parts_of(path):
    from etl.limits import DEFAULT_LIMITS
    from etl.parse.html_document import html_parts
    from etl.parse.regions import focused, with_gaps
    from etl.parse.scope import line_offsets
    from etl.parse.text_document import text_parts
    text = path.read_text(encoding="utf-8", errors="replace")
    offsets = line_offsets(text)
    if path.suffix == ".txt":
        return text_parts(text, DEFAULT_LIMITS), offsets
    kept, gaps = focused(text, is_html=True, offsets=offsets)
    return with_gaps(html_parts(kept, DEFAULT_LIMITS), gaps), offsets


def _fixture_parts():
    """(path, parts, offsets) of every HTML and text fixture, each read from empty caches."""
    from pathlib import Path

    from etl.parse import memo

    for path in sorted((Path(__file__).parent / "corpus").iterdir()):
        if path.suffix in (".htm", ".txt"):
            memo.forget()
            yield (path, *_parts_of(path))


def test_a_paragraph_object_read_in_vain_is_skipped_as_its_copy_would_be_read() -> None:
    """The assembler's loops skip a paragraph object they last read in vain (assemble's
    READ_IN_VAIN): every fixture, with paragraphs repeated as the same objects, reads as it
    does with them repeated as equal copies (distinct objects, each read in full)."""
    from dataclasses import replace as copy_of

    from etl.parse import PARSER_VERSION, memo
    from etl.parse.assemble import assemble
    from etl.parse.document_parts import DocumentParts
    from etl.parse.prose import Paragraph

    read = 0
    for path, parts, offsets in _fixture_parts():
        same = [twice for item in parts.items for twice in ((item, item) if isinstance(item, Paragraph) else (item,))]
        copies = [twice for item in parts.items
                  for twice in ((item, copy_of(item)) if isinstance(item, Paragraph) else (item,))]
        distinct = [copy_of(item) if isinstance(item, Paragraph) else item for item in parts.items]
        # each paragraph doubled; the document twice (a paragraph again where its place differs);
        # as it is (a focused document's gaps repeated)
        for fast, slow in ((same, copies), (parts.items + parts.items, parts.items + distinct),
                           (parts.items, distinct)):
            memo.forget()
            expected = repr(assemble(DocumentParts(slow, parts.line_count), PARSER_VERSION, offsets=offsets))
            memo.forget()
            got = assemble(DocumentParts(fast, parts.line_count), PARSER_VERSION, offsets=offsets)
            assert repr(got) == expected, path.name
            read += bool(got.accounts or got.ownership)
    assert read > 100


def _prefer_printed_case_slow(name: str, full_text: str) -> str:
    """`prose.prefer_printed_case` as it was: the re.I patterns over the text as it is."""
    from etl.parse.names import display_organization
    name = " ".join(name.split())
    if any(c.islower() for c in name):
        return name
    words = r",?\s+".join(re.escape(w.strip(",")) for w in name.split()) + r"\b"
    for match in re.compile(r"\b" + words, re.I).finditer(full_text):
        found = " ".join(match.group(0).split())
        if any(c.islower() for c in found):
            return found
    return display_organization(name)


def test_the_printed_case_is_found_as_the_re_i_search_finds_it() -> None:
    """`prose.prefer_printed_case` searches a lower-case twin in the lowered text."""
    found = 0
    texts = _texts() + HAND_WRITTEN + ["\u0130 Acme Funds Trust", "ACME FUNDS TRUST and acme funds trust"]
    for name in NAMES + ["ACME FUNDS TRUST", "\u00c9T\u00c9 FUNDS", "A&B TRUST", "U.S. FUNDS TRUST"]:
        for text in texts:
            expected = _prefer_printed_case_slow(name, text)
            assert prefer_printed_case(name, text) == expected, (name, text[:200])
            found += expected != _prefer_printed_case_slow(name, "")
    assert found > 50


def test_the_readers_lists_of_tables_headings_and_last_paragraphs_are_the_items_walked() -> None:
    """`_Reader._tables`, `_headings` and `_last_paragraph_at` (built from the tables) answer as
    the walk over every item did, over every fixture and its items doubled."""

    from etl.parse import PARSER_VERSION
    from etl.parse.assemble import _Reader
    from etl.parse.document_parts import DocumentParts, TablePart

    tables = 0
    for path, parts, offsets in _fixture_parts():
        for items in (parts.items, parts.items + parts.items, parts.items[::-1], []):
            reader = _Reader(DocumentParts(items, parts.line_count), PARSER_VERSION, offsets=offsets)
            last, expected = -1, []
            for position, item in enumerate(items):
                last = position if not isinstance(item, TablePart) else last
                expected.append(last)
            assert reader._last_paragraph_at == expected, path.name
            assert reader._tables == [(i, t) for i, t in enumerate(items) if isinstance(t, TablePart)]
            assert reader._headings == [(i, p) for i, p in enumerate(items)
                                        if not isinstance(p, TablePart) and p.is_heading]
            tables += len(reader._tables)
    assert tables > 100


RANGE_CASES = ["None", "NONE", "nil", "N\u200bone", "no\u200bne.", "-0-", "$0", "0", "\u2014", "--", "\u2212",
               "$10,001\u2212$50,000", "$1 to $10,000", "Over $1 million", "over\xa0$1,000,000", "$1,000,001+",
               "between $1 and $10,000", "$500,001-\n$1,000,000", "N\u0130L", "n\u0131l", "\u0661\u0660",
               "$\uff11-$\uff12", "Name of Fund", "Since 2019", "", "  ", "none of", "(a)", "X", "$ ___"]


def test_a_text_without_a_digit_dash_none_or_nil_is_no_dollar_range() -> None:
    """`values._MAY_BE_RANGE` never says no where `parse_dollar_range` reads a range: every
    cell and paragraph text of the fixtures, their words and lines, and hand-written cases."""
    from etl.parse import memo
    from etl.parse.values import _MAY_BE_RANGE, is_dollar_range, parse_dollar_range

    texts = set(RANGE_CASES)
    for text in _texts():
        texts.update(text.split("\n"))
        texts.update(text.split())
        texts.update(re.split(r"[;:|]|\s{2,}", text))
    ranges = 0
    for text in texts:
        for variant in (text, text.upper(), text.lower(), text.title()):
            try:
                parse_dollar_range(variant)
            except ValueError:
                continue
            ranges += 1
            assert _MAY_BE_RANGE.search(variant.replace("\u200b", "")), variant
    memo.forget()
    assert ranges > 100
    assert [is_dollar_range(t) for t in RANGE_CASES] == [_reads_range(t) for t in RANGE_CASES]


def _reads_range(text: str) -> bool:
    from etl.parse.values import parse_dollar_range
    try:
        parse_dollar_range(text)
    except ValueError:
        return False
    return True


def test_a_row_with_performance_figures_is_the_row_replace_makes() -> None:
    """`prose_accounts._with_performance` makes what ``dataclasses.replace`` makes, for every
    account row of the fixtures; it holds while AccountFigures keeps no field out of __init__
    and has no __post_init__."""
    import dataclasses
    from decimal import Decimal

    from etl.parse import PARSER_VERSION
    from etl.parse.assemble import assemble
    from etl.parse.prose_accounts import _with_performance
    from etl.parse.records import AccountFigures

    assert all(f.init for f in dataclasses.fields(AccountFigures))
    assert not hasattr(AccountFigures, "__post_init__")
    rows = 0
    for path, parts, offsets in _fixture_parts():
        for row in assemble(parts, PARSER_VERSION, offsets=offsets).accounts:
            for count, assets in ((0, Decimal(0)), (3, Decimal("12.5")), (None, None), (1, None)):
                made = _with_performance(row, count, assets)
                expected = dataclasses.replace(row, perf_num_accounts=count, perf_total_assets_usd=assets)
                assert made == expected and repr(made) == repr(expected) and hash(made) == hash(expected)
                assert type(made) is AccountFigures and made.__dict__ == expected.__dict__
                with pytest.raises(dataclasses.FrozenInstanceError):
                    made.fund = "x"
            rows += 1
    assert rows > 100


def test_a_sentence_without_a_dollar_or_none_states_no_range() -> None:
    """`ownership_prose._labels` searches _RANGE_IN_TEXT only in a sentence holding "$" or "none"
    (_RANGE_STEMS): the pattern never finds a range elsewhere, over every fixture text and its
    sentences, and hand-written cases of the family."""
    from etl.parse.ownership_prose import _RANGE_IN_TEXT, read_statement
    from etl.parse.prose import sentences

    hand_written = ["Ann Lee owned NONE.", "Ms. Roe: None", "ann lee owned no\u00adne", "NoNe of the shares",
                    "Bo Park held $10,001\u2013$50,000.", "between $1 and\n$10,000", "over\xa0$1\u00a0million",
                    "<b>$</b>0", "&#36;0", "Cy Diaz held \uff04100.", "Ann Lee owned \u20ac0.", "nonentity", "NON E"]
    texts = set(hand_written)
    for text in _texts():
        texts.add(text)
        texts.update(s for _, s in sentences(" ".join(text.split())))
    found = 0
    for text in texts:
        for variant in (text, text.upper(), text.title()):
            if _RANGE_IN_TEXT.pattern.search(variant):
                found += 1
                assert "$" in variant or "none" in variant.lower(), variant[:200]
    assert found > 100
    assert read_statement("Ann Lee owned NONE of the Fund's shares.") is not None


def test_a_led_alternative_searched_from_its_wider_twins_first_place_finds_what_it_finds() -> None:
    """`folding._led_search` answers ``exact.search(text)`` for every \\b-led alternative of every
    AnyOf gate of the parser, over every fixture text (lowered), its pieces and hand-written cases."""
    import gc

    from etl.parse.folding import AnyOf, _led_search, lowered

    gates = [o for o in gc.get_objects() if isinstance(o, AnyOf)]
    led = [(wider, exact) for gate in gates for wider, exact in gate.others if wider is not None]
    texts = [low for text in _texts() + HAND_WRITTEN + ["known, down; owned", "xown own", "\xa0own", "_own"]
             for piece in (text, text[:120], text[-120:]) if (low := lowered(piece)) is not None]
    assert len(led) > 10
    found = 0
    for wider, exact in led:
        for text in texts:
            expected = exact.search(text) is not None
            assert _led_search(wider, exact, text) is expected, (exact.pattern, text[:200])
            found += expected
    assert found > 100


# sentences of the family: rosters, ownership statements, entities, line breaks, non-breaking spaces
COUNTING = [
    "Ann Lee is a PORTFOLIO MANAGER of the Fund.", "Ann Lee, Portfolio\nManager, joined in 2004.",
    "Ann\u00a0Lee and Bo Park are co-managers of the Fund.", "Mr. Roe is primarily responsible for the Fund.",
    "Ms. Roe manages the three Acme funds.", "Mr. Roe did not own shares of the Fund.",
    "The dollar range of shares BENEFICIALLY owned by Ann Lee was $1-$10,000.",
    "Ann Lee is a Port&shy;folio Manager.", "Ann Lee is responsible for the day-to-day management of the Fund.",
    "Dollar value range of shares held in the Fund: none.",
]


def _sentences_of_texts() -> list[str]:
    from etl.parse.people_audit import unquoted
    from etl.parse.prose import sentences
    return sorted({unquoted(s) for text in _texts() + HAND_WRITTEN + COUNTING
                   for _, s in sentences(" ".join(text.split()))} | set(COUNTING))


def test_a_sentence_the_first_test_refuses_gives_its_names_no_reason_to_count() -> None:
    """`people_audit._may_count` never says no where `_why_counts` gives a reason, nor
    `ownership_prose.may_be_statement` where `read_statement` reads a statement: every sentence
    of the fixtures, in upper case and title case too, and hand-written ones of the family."""
    from etl.parse.ownership_prose import may_be_statement, read_statement
    from etl.parse.people_audit import _may_count, _why_counts
    refused = counted = 0
    for sentence in _sentences_of_texts():
        for variant in (sentence, sentence.upper(), sentence.title()):
            assert may_be_statement(variant) or read_statement(variant) is None, variant[:200]
            for in_lead_in in (False, True):
                if _may_count(variant, in_lead_in):
                    counted += _why_counts(variant, in_lead_in) is not None
                else:
                    refused += 1
                    assert _why_counts(variant, in_lead_in) is None, variant[:200]
    assert refused > 1000 and counted > 100
    assert sum(bool(_why_counts(s, False)) for s in COUNTING) >= 8  # the cases are of the family


# the assembler's first tests, each patched to say "may" (module, name, the slow answer)
FIRST_TESTS = {
    "people_audit._may_count": ("etl.parse.people_audit", "_may_count", lambda sentence, in_lead_in: True),
    "ownership in prose: may_state_range": ("etl.parse.assemble", "may_state_range", lambda text: True),
    "accounts in prose: may_state_figures": ("etl.parse.prose_accounts", "may_state_figures", lambda text: True),
    "advisers: prose._may_introduce_adviser": ("etl.parse.prose", "_may_introduce_adviser", lambda text: True),
}


@pytest.mark.parametrize("first_test", sorted(FIRST_TESTS))
def test_the_assembler_reads_as_without_its_first_test(monkeypatch, first_test: str) -> None:
    """Every fixture reads as it does with the first test always saying may (the slow path)."""
    import importlib

    from etl.parse import PARSER_VERSION, memo
    from etl.parse.assemble import assemble

    module, name, slow_answer = FIRST_TESTS[first_test]
    read = 0
    for path, parts, offsets in _fixture_parts():
        fast = repr(assemble(parts, PARSER_VERSION, offsets=offsets))
        with monkeypatch.context() as patch:
            patch.setattr(importlib.import_module(module), name, slow_answer)
            memo.forget()
            slow = assemble(parts, PARSER_VERSION, offsets=offsets)
        assert fast == repr(slow), path.name
        read += len(slow.named_managers) + len(slow.accounts) + len(slow.ownership)
    assert read > 100


def test_every_reason_to_count_a_name_holds_one_of_the_stems() -> None:
    """`people_audit._COUNTING_STEMS`: each match of MANAGER_ROLE and of ownership_prose's
    _ABOUT_OWNERSHIP, lowered, holds one (every fixture sentence, upper case too)."""
    from etl.parse.ownership_prose import _ABOUT_OWNERSHIP
    from etl.parse.people_audit import _COUNTING_STEMS, MANAGER_ROLE
    found = 0
    for sentence in _sentences_of_texts() + ["JOINTLY AND PRIMARILY RESPONSIBLE", "Co-Managers", "HOLDINGS"]:
        for variant in (sentence, sentence.upper()):
            for pattern in (MANAGER_ROLE, _ABOUT_OWNERSHIP.pattern):
                for match in pattern.finditer(variant):
                    found += 1
                    assert any(stem in match.group(0).lower() for stem in _COUNTING_STEMS), match.group(0)
    assert found > 100


def test_an_adviser_is_introduced_only_in_a_text_with_a_parenthesis_and_a_quotation_mark() -> None:
    """`prose._may_introduce_adviser` never says no where _ADVISER finds an introduction: every
    fixture text, its paragraphs, upper case, and hand-written ones of the family."""
    from etl.parse.prose import _ADVISER, _may_introduce_adviser
    written = ['Acme Capital LLC ("Acme"), 1 Main Street, Springfield, is the investment adviser.',
               'ACME CAPITAL LLC (THE \u201cADVISER\u201d), 1 Main St., serves as sub-adviser.',
               'Acme\u00a0Capital (the\n"Manager"), 2 Elm Road, acts as the Advisor.',
               'Acme Capital (\u201cAcme\u201d) , 3 Oak Lane, is an adviser.']
    found = 0
    for text in _texts() + written:
        for variant in (text, text.upper(), " ".join(text.split())):
            if _ADVISER.search(variant):
                found += 1
                assert _may_introduce_adviser(variant), variant[:200]
    assert found >= 8


def test_a_fund_name_is_told_as_before_with_its_cheap_tests_first() -> None:
    """`names.looks_like_fund_name` asks its cheap tests before `names_a_topic`: the same answer
    as the order it had, for every line of the fixtures and hand-written headings."""
    from etl.parse.names import _FUND_NAME_WORD, looks_like_fund_name, looks_like_person, names_a_topic

    def slow(text: str) -> bool:
        words = text.split()
        if names_a_topic(text):
            return False
        return (0 < len(words) <= 12 and text[0].isupper() and not text.endswith((".", ":", ";"))
                and bool(_FUND_NAME_WORD.search(text)) and not looks_like_person(text)
                and sum(w[0].isupper() for w in words if w[0].isalpha()) >= len(words) * 0.6)

    lines = {line.strip() for text in _texts() for line in text.split("\n")}
    lines |= {"Acme Growth Fund", "ACME GROWTH FUND", "Fund Managers", "A Portfolio of Acme Trust", "", " ", "Fund."}
    named = 0
    for line in lines:
        assert looks_like_fund_name(line) is slow(line), line[:200]
        named += slow(line)
    assert named > 20


def test_a_cell_copied_through_its_constructor_is_the_cell_replace_makes() -> None:
    """`accounts_grid._copy` (what _expand and _split_bold_name make a stacked line's cell with)
    gives the Cell ``dataclasses.replace`` gives, every field, over every fixture table's cells."""
    from dataclasses import fields, replace

    from etl.parse.accounts_grid import _copy
    from etl.parse.document_parts import TablePart

    cells = [cell for _, parts, _ in _fixture_parts() for item in parts.items
             if isinstance(item, TablePart) and item.grid is not None for row in item.grid.rows for cell in row]
    assert len(cells) > 1000
    for cell in cells:
        for changes in ({"text": "x"}, {"text": "", "bold": ""}, {"text": "1", "is_copy": True, "bold": "", "footnotes": ()},
                        {"text": cell.text, "is_copy": False, "bold": "", "footnotes": cell.footnotes}):
            made, expected = _copy(cell, **changes), replace(cell, **changes)
            assert made == expected and [getattr(made, f.name) for f in fields(made)] == \
                [getattr(expected, f.name) for f in fields(expected)], cell


GLUED = ["Jane Roe, CFA3", "18(9)", "$6,178.5(2)", "$4,003.6*", "$2.5****", "Roe3\n", "Roe\u00a03", "Roe \u0663",
         "Roe\u2003(a)", "paragraph (a)(2)", "75 days after filing (b)", "Ann Lee1,2", "Ann Lee 1, 2", "x\u2020\u2021",
         "Bo Park (c) *", "Smith11", "Smith 11", "Smith\u00b9", "\u0663\u0664(1)", "(1)", "a" * 300 + "(1)", "A" * 300 + "1",
         "Chicago, IL 60606\n(312) 964-3505", "Total (in millions)", "Item 32. Principal underwriters."]


def test_a_glued_mark_searched_from_the_run_of_mark_characters_is_the_one_found_in_the_whole_text() -> None:
    """`accounts_grid._mark_tail`: _GLUED_MARK searched from there finds the match (its span) a
    search of the whole text finds, over every fixture text, line and cell, and hand-written marks
    (Unicode digits and spaces, a letter's look-behind, marks after prose)."""
    from etl.parse.accounts_grid import _GLUED_MARK, _mark_tail
    from etl.parse.document_parts import TablePart

    texts = set(_texts() + HAND_WRITTEN + GLUED)
    texts.update(line for text in list(texts) for line in text.split("\n"))
    texts.update(cell.text for _, parts, _ in _fixture_parts() for item in parts.items
                 if isinstance(item, TablePart) and item.grid is not None for row in item.grid.rows for cell in row)
    found = 0
    for text in texts:
        for variant in (text, text.strip(), text.strip().strip("\u201d\u201c\""), text[-200:]):
            expected = _GLUED_MARK.search(variant)
            got = _GLUED_MARK.search(variant, _mark_tail(variant))
            assert (got and got.span()) == (expected and expected.span()), variant[-200:]
            found += expected is not None
    assert found > 200


def test_the_words_that_end_no_sentence_are_the_abbreviations_and_one_letter() -> None:
    """`prose.sentences` asks one set (`_NOT_ENDINGS`) what it asked of _ABBREVIATIONS and of a
    fullmatch of ``[a-z]``: the same answer for every word of the fixtures, lowered, and every
    character up to U+0500."""
    from etl.parse.prose import _ABBREVIATIONS, _NOT_ENDINGS

    words = {w.lower().lstrip("(\"") for text in _texts() for w in text.split()} | {chr(c) for c in range(0x500)}
    words |= {w.upper() for w in _ABBREVIATIONS} | {"", "u.s", "u.s.", "ab"}
    for word in words:
        assert (word in _NOT_ENDINGS) is bool(word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word)), word


def test_the_firm_patterns_around_a_name_answer_as_their_searches() -> None:
    """people_audit._located_names matches _FIRM_AFTER (every alternative opens with "^") and
    searches _FIRM_BEFORE from five characters before the white space ending the text before
    a name (`_firm_before`): the answers of the searches of the whole texts, for the text
    before and after every space of every fixture sentence and hand-written cases."""
    from etl.parse.people_audit import _FIRM_AFTER, _FIRM_BEFORE, _firm_before
    from etl.parse.prose import sentences

    cases = ["40 Water Street and ", "each  ", "AN\u00a0", "every\n", "Ther ", "3\u2003", "its", "ITS \n", "xthe ",
             "the\u00a0\u00a0 ", ", LLC", " of Funds", " is a firm", " portfolio manager", "\u017fuch the  "]
    texts = {s for text in _texts() + HAND_WRITTEN + COUNTING for _, s in sentences(" ".join(text.split()))
             if len(s) < 300}
    pieces = set(cases)
    for text in texts:
        for at in (i for i, char in enumerate(text) if char == " "):
            pieces.update((text[:at + 1], text[:at], text[at:], text[at + 1:]))
    found = [0, 0]
    for piece in pieces:
        expected = _FIRM_BEFORE.search(piece) is not None
        assert _firm_before(piece) is expected, piece[-80:]
        assert (_FIRM_AFTER.match(piece) is None) is (_FIRM_AFTER.search(piece) is None), piece[:80]
        found[0] += expected
        found[1] += _FIRM_AFTER.match(piece) is not None
    assert min(found) > 50


def test_a_sentence_ending_with_messrs_is_found_from_its_last_characters() -> None:
    """`prose_accounts._ends_with_messrs` answers the search it guards over every fixture
    sentence and hand-written endings (a last line break, a glued word, spaces after)."""
    from etl.parse.prose import sentences
    from etl.parse.prose_accounts import _MESSRS_AT_END, _ends_with_messrs

    cases = ["Messrs.", "Messrs.\n", "and Messieurs.", "Mses.", "xMessrs.", "Messrs. ", "Messrs.\n\n", "MESSRS.",
             "Mr. Lee and Messrs.", "Messieurs.\n", "a Mses.\n", "Messrs", "(Messrs."]
    texts = cases + [s for text in _texts() + HAND_WRITTEN + COUNTING for _, s in sentences(text)]
    found = 0
    for text in texts:
        expected = _MESSRS_AT_END.search(text) is not None
        assert _ends_with_messrs(text) is expected, text[-80:]
        found += expected
    assert found >= 6


EXPLAINING = [
    "All references to Jane Roe are deleted. Bo Park manages the Fund.", "Jane Roe has retired; Bo Park stays.",
    "Cyrus Abernathy has replaced Jane Roe as a portfolio manager. He joined in 2004.",
    "Ann Lee joined the firm. Cyrus Abernathy has taken over from Jane Roe.", "Bo Park left the Adviser. Ann Lee ONLY.",
    "The SAI is supplemented solely with regard to Mr. Roe. Ann Lee and Bo Park manage the Fund.",
    "Information regarding Jane Roe is OMITTED. Jane Roe, CFA, Bo Park and Ann Lee alone.",
    "Ann Lee will step down. Jane\u00a0Roe will LEAVE the firm.", "Ann Lee is a manager. Bo Park manages it only for now.",
]


def test_the_explanations_asked_sentence_by_sentence_are_those_of_the_paragraphs() -> None:
    """people_audit._explanations asks its paragraph's first test (_MAY_EXPLAIN) of each sentence
    too: every REMOVED_*, SCOPE_* and _REMOVAL_VERB match holds one of its words, and the words
    of a sentence are its paragraph's; the names removed and in scope are those read without
    it, over every fixture's paragraphs and hand-written ones."""
    from etl.parse import people_audit
    from etl.parse.prose import Paragraph, sentences

    def slow(paragraphs):
        removed, scope = [], []
        for _, item in paragraphs:
            if not people_audit._MAY_EXPLAIN.search(item.text):
                continue
            for _, sentence in sentences(item.text):
                sentence = people_audit.unquoted(sentence)
                for before, group, after in people_audit._name_groups(sentence):
                    if people_audit._is_removal(sentence, before, after):
                        removed += group
                    elif people_audit._is_scope(before, after):
                        scope += group
        return removed, scope

    documents = [[item for item in parts.items if isinstance(item, Paragraph)] for _, parts, _ in _fixture_parts()]
    documents.append([Paragraph(n, n, (text,)) for n, text in enumerate(EXPLAINING, 1)])
    explained = 0
    for paragraphs in documents:
        numbered = list(enumerate(paragraphs))
        expected = slow(numbered)
        assert people_audit._explanations(numbered) == expected, paragraphs[0].text[:80] if paragraphs else ""
        explained += bool(expected[0] or expected[1])
    assert explained >= 2
