"""How the region scan finds positions (etl.parse.regions): one pass of an automaton over the
UTF-8 bytes finds what one str.find scan per needle finds, in character offsets, whatever
characters the text holds; and the evidence readers' shortcut (`states_accounts`) answers what
`read_paragraph` answers, and its cheap first test (`prose_accounts.may_state_figures`) never says no
where it says yes. Own fixtures only."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from etl.parse.evidence import gives_figures, paragraph_text
from etl.parse.ownership_prose import may_state_range, read_statement
from etl.parse.prose import Paragraph, sentences
from etl.parse.prose_accounts import may_state_figures, read_paragraph, states_accounts
from etl.parse.regions import (
    GAP_PARAGRAPHS,
    NEEDLES,
    _blocks_closed,
    _character_offsets,
    _find_each,
    _find_needles,
    disclosure_regions,
    focus,
)

CORPUS = Path(__file__).parent / "corpus"

_SAMPLE = (
    "<p>Other Pooled Investment Vehicles &amp; Other Accounts&#8482;</p>"
    "<p>Ms.\u00a0Ferrand\u2019s \u201cbeneficial\u201d ownership \u2014 over $100,000 \u00ae; "
    "the Fund\u2019s Portfolio Manager \U0001F600 manages 10,0010,001 accounts</p>"
    "<table><tr><td>Dollar Range \u00e9\u00e8 \u4e2d\u6587</td><td>Over $1,000,000</td></tr></table>"
    "<p>Compensation \U0001F4C8\U0001F4C9 Conflicts of Interest (\u201cAcme\u201d), a fund</p>\n"
    "<DIV>Fund \u00bd</DIV></P></Div>"
)
_TEXTS = {
    "ascii": html.unescape(_SAMPLE).encode("ascii", "replace").decode(),
    "entities": _SAMPLE.encode("ascii", "xmlcharrefreplace").decode(),
    "non_ascii": _SAMPLE,
    "non_ascii_first": "\U0001F600\u00e9" + _SAMPLE,
    "only_non_ascii": "\u00e9\u2014\U0001F600" * 50,
    "lone_surrogate": "\udc80 pooled \udcff fund",
    "empty": "",
}


@pytest.mark.parametrize("name", sorted(_TEXTS))
def test_one_pass_finds_what_str_find_finds(name: str) -> None:
    text = _TEXTS[name].lower()
    found = _find_needles(text)
    for needle in NEEDLES:
        assert found[needle] == list(_find_each(text, needle)), needle


_OVERLAPS = [  # needles inside, across and at the start of others, one after another, in any case
    "other accounts managed other accts accounts managed",
    "portfolio manager portfolio managers portfolio manag portfolio management",
    "10,0010,00110,001 10,001,10,001",
    "</table></table><table><table ><ix:header></ix:header></table>",
    "separate accounts, separate account other accountsother accounts",
    "(\u201cacme\u201d), (&quot;b&quot;), (&#8221;), \"c\"),\"), over $over $ more than $in excess of $",
    "pmdw-gappmdw-gap- pmdw-ga pmdw-gap:1 commingledcommingled conflicts compensationcompensation",
    "dollar rangedollar range dollardollar beneficialbeneficial pooledpooled pivspivs overseenoverseen",
    "registered investment companregistered investment companies accountsaccounts managermanager",
    # needles of the two scans side by side and glued (`regions._GROUPS`)
    "<tablepooled</table>manager\"),accounts;),other accounts\u201d),<ix:header>10,001</ix:headerdollar",
]


@pytest.mark.parametrize("text", _OVERLAPS)
def test_matches_inside_other_matches_are_found(text: str) -> None:
    for lowered in (text.lower(), text.upper().lower(), "\u00e9" + text, text.replace(" ", "\u00a0")):
        found = _find_needles(lowered)
        for needle in NEEDLES:
            assert found[needle] == list(_find_each(lowered, needle)), (needle, lowered)


def test_one_pass_finds_what_str_find_finds_in_every_fixture() -> None:
    for path in sorted(CORPUS.glob("*.*")):
        if path.suffix in (".htm", ".txt"):
            lowered = path.read_text(encoding="utf-8", errors="replace").lower()
            found = _find_needles(lowered)
            for needle in NEEDLES:
                assert found[needle] == list(_find_each(lowered, needle)), (path.name, needle)


def test_the_sample_has_what_it_should_test() -> None:
    text = _TEXTS["non_ascii"].lower()
    found = _find_needles(text)
    assert not text.isascii() and any(ord(c) > 0xFFFF for c in text)
    for needle in ("pooled", "beneficial", "over $", "manager", "portfolio manag", "dollar", "<table",
                   "compensation", "\u201d),", "</table", "10,001"):
        assert found[needle], needle
    assert found["10,001"] == [text.find("10,001")]  # it overlaps itself: found once, as str.find does


def test_character_offsets_of_every_width() -> None:
    text = "a\u00e9b\u2014c\U0001F600d"  # 1-, 2-, 3- and 4-byte characters
    data = text.encode()
    byte_offsets = [len(text[:at].encode()) for at in range(len(text))]
    assert _character_offsets(data, [byte_offsets, byte_offsets[::2]]) == [list(range(len(text))),
                                                                          list(range(0, len(text), 2))]


def _long(text: str) -> str:
    """A document long enough for the scan to leave text out around ``text``."""
    filler = "<p>The prospectus describes the Fund\u2019s fees \u2014 and more.</p>\n" * 3_000
    return "<p>Title \u00ae</p>" + filler + text + filler + text.upper() + filler


@pytest.mark.parametrize("name", ["ascii", "entities", "non_ascii", "non_ascii_first"])
def test_regions_are_those_str_find_gives(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _long(_TEXTS[name])
    regions, focused = disclosure_regions(text, is_html=True), focus(text, is_html=True)
    assert len(regions) > 1 and len(focused) < len(text) / 2 and "Dollar Range" in focused
    monkeypatch.setattr("etl.parse.regions._find_needles", lambda lowered: {})  # every needle with str.find
    assert disclosure_regions(text, is_html=True) == regions
    assert focus(text, is_html=True) == focused


def _paragraphs(path: Path) -> list[str]:
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".txt":
        return [" ".join(part.split()) for part in re.split(r"\n\s*\n", raw)]
    return [paragraph_text(part) for part in re.split(r"</(?:p|div|td|li|h\d)\s*>", raw, flags=re.I)]


def test_states_accounts_answers_what_read_paragraph_answers() -> None:
    paragraphs = {text for path in sorted(CORPUS.glob("*.*")) if path.suffix in (".htm", ".txt")
                  for text in _paragraphs(path) if text}
    stating = 0
    for text in paragraphs:
        expected = read_paragraph(Paragraph(1, 1, (text,))).is_accounts
        assert states_accounts(text) == expected, text
        stating += expected
    assert stating > 10  # the fixtures hold paragraphs of both kinds


def test_the_first_test_of_figures_never_says_no_where_states_accounts_says_yes() -> None:
    paragraphs = {text for path in sorted(CORPUS.glob("*.*")) if path.suffix in (".htm", ".txt")
                  for text in _paragraphs(path) if text}
    spared = 0
    for text in paragraphs:
        may = may_state_figures(text)
        assert may or not states_accounts(text), text
        spared += not may
    assert spared > 100  # it is of use: most paragraphs of the fixtures have no figure by a category


# each states a manager's accounts, written as filings write them: the first test must say may
STATING = {
    "upper case": "<p>MS. FERRAND MANAGED THREE OTHER POOLED INVESTMENT VEHICLES.</p>",
    "a count word past ten": "<p>Ms. Ferrand managed twelve other accounts.</p>",
    "an article and an amount": "<p>Ms. Ferrand managed a pooled investment vehicle with $40 million in assets.</p>",
    "entities and non-breaking spaces": "<p>Ms.&nbsp;Ferrand managed&#160;4&nbsp;other&#xA0;accounts.</p>",
    "tags around words": "<p>Ms. Ferrand managed <b>five</b> other <i>pooled</i> vehicles.</p>",
    "line breaks inside phrases": "<p>Ms. Ferrand managed\nseven registered\r\ninvestment companies.</p>",
    "a figure in another sentence of Messrs.": "<p>Messrs. Oakes and Lyle managed 3 other accounts.</p>",
    "none": "<p>Ms. Ferrand managed no other accounts and none of her pooled vehicles pay fees.</p>",
    "filler words, hyphenated": "<p>Ms. Ferrand managed 4 sub-advised institutional other accounts.</p>",
    "a count word and its filler in upper case": "<p>MS. FERRAND MANAGED NO OTHER POOLED VEHICLES.</p>",
    "figures in a list": "<p>Ms. Ferrand managed 2 registered investment companies, 3 other pooled "
                         "vehicles and 4 other accounts.</p>",
    "an article, an amount after it": "<p>Ms. Ferrand managed an other account with assets of $3.1 billion.</p>",
    "a count in parentheses": "<p>Ms. Ferrand managed (3 other accounts).</p>",
}


@pytest.mark.parametrize("case", sorted(STATING))
def test_the_first_test_of_figures_says_may_where_states_accounts_says_yes(case: str) -> None:
    text = paragraph_text(STATING[case])
    assert states_accounts(text), "the case should state accounts"
    assert may_state_figures(text)


def test_a_paragraph_without_a_figure_by_a_category_gives_none() -> None:
    assert not gives_figures("<p>Brokers may keep other accounts. Fees are paid monthly since 2024.</p>")
    assert gives_figures("<p>Brokers keep accounts. Ms. Ferrand managed 3 other accounts.</p>")


def _blocks_closed_in_lowered_text(text: str, start: int, end: int) -> int:
    """The count as it was made: each end tag found in the lowered text, counted when printed in
    lower or upper case."""
    lowered, count = text.lower(), 0
    for tag, printed in (("</p", ("</p", "</P")), ("</div", ("</div", "</DIV"))):
        at = lowered.find(tag, start, end)
        while count < GAP_PARAGRAPHS and at >= 0:
            count += text.startswith(printed, at)
            at = lowered.find(tag, at + len(tag), end)
    return count


@pytest.mark.parametrize("text", [
    "<p>a</p><P>b</P><div>c</DIV><Div>d</Div><PRE>e</PRE><pre>f</pre></dIV></Pre>",
    "<P>x</P>\n" * 40 + "<DIV>y</DIV>" * 40, "</p " * 30 + "</div>" * 10 + "</p>" * 30,
    *[(CORPUS / name).read_text(encoding="utf-8") for name in ("h1-in-thousands.htm", "h3-inline-xbrl-wrapper.htm")],
])
def test_a_gap_counts_the_blocks_the_lowered_text_counted(text: str) -> None:
    for start in range(0, len(text), max(1, len(text) // 7)):
        for end in (start + 5, start + len(text) // 3, len(text)):
            assert _blocks_closed(text, start, end) == _blocks_closed_in_lowered_text(text, start, end)


def _states_ownership(text: str) -> bool:
    return any(read_statement(sentence) is not None for _, sentence in sentences(text))


def test_the_first_test_of_ranges_never_says_no_where_a_sentence_states_ownership() -> None:
    paragraphs = {text for path in sorted(CORPUS.glob("*.*")) if path.suffix in (".htm", ".txt")
                  for text in _paragraphs(path) if text}
    stating = spared = 0
    for text in paragraphs:
        may = may_state_range(text)
        stating += _states_ownership(text)
        assert may or not _states_ownership(text), text
        spared += not may
    assert stating > 10 and spared > 100  # both kinds, and it is of use


# each states a manager's ownership, written as filings write them: the first test must say may
OWNING = {
    "upper case none": "<p>MS. FERRAND OWNED NONE OF THE FUND'S SHARES.</p>",
    "did not own": "<p>Ms. Ferrand did not beneficially own any shares of the Fund.</p>",
    "neither nor": "<p>Neither Ms. Ferrand nor Mr. Osei owned shares of the Fund.</p>",
    "a range with entities": "<p>Ms.&nbsp;Ferrand owned shares worth $10,001&#8211;$50,000.</p>",
    "tags and a line break": "<p>Ms. Ferrand <b>owned</b>\nshares worth over $1,000,000.</p>",
    "held no shares": "<p>As a portfolio manager, Mr. Osei held no shares of the Fund.</p>",
    "a colon and none": "<p>Dollar range of Fund shares owned by Ms. Ferrand: none.</p>",
}


@pytest.mark.parametrize("case", sorted(OWNING))
def test_the_first_test_of_ranges_says_may_where_a_sentence_states_ownership(case: str) -> None:
    text = paragraph_text(OWNING[case])
    assert _states_ownership(text), "the case should state ownership"
    assert may_state_range(text)
