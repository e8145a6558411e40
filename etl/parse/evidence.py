"""Whether a paragraph of running text or an HTML table gives figures, asked of its raw HTML or text before any
tree is built: the region scan (`etl.parse.regions`) keeps the reach of a disclosure around the
places that do, and not around every prospectus sentence that happens to say "pooled" or
"beneficial owners".

The question is put to the parser's own readers (`prose_accounts.read_paragraph`'s
``is_accounts`` as `prose_accounts.states_accounts` answers it without reading the figures,
`ownership_prose.read_statement`), after their cheap first tests (and two of its own, sound,
`may_state_figures` and `may_state_range`), on the paragraph's text with its tags dropped and its entities decoded;
so a paragraph counts exactly when the parser would read figures in it.

>>> gives_figures("<p>REITs are pooled vehicles that own real estate.</p>")
False
>>> gives_figures("<p>As of June 30, 2024, Ms. Ferrand managed 3 other pooled investment vehicles "
...               "with $1.2 billion in total assets.</p>")
True
>>> gives_figures("<p>Mr. Osei did not own any shares of the Fund.</p>")
True
"""

from __future__ import annotations

import html
import re

from etl.parse.accounts_grid import TableContext, read_accounts_grid
from etl.parse.document_parts import TablePart
from etl.parse.folding import AnyOf
from etl.parse.html_document import html_parts
from etl.parse.ownership_grid import legend_from, read_ownership_grid
from etl.parse.ownership_prose import _OWNS_NONE, may_state_ownership, read_statement
from etl.parse.prose import sentences
from etl.parse.prose_accounts import (
    COUNT_WORDS,
    _categories,
    _may_name_category_in,
    _sentences,
    may_state_accounts,
    states_accounts,
)
from etl.parse.raw_table import certainly_gives_figures, may_give_figures

_TAG = re.compile(r"<[^>]*>")


def paragraph_text(raw: str) -> str:
    """A paragraph's raw HTML (or text) as the parser's text: tags dropped, entities decoded,
    white space folded.

    >>> paragraph_text("<p>Ms.&nbsp;Ferrand <b>owns</b>\\n none.</p>")
    'Ms. Ferrand owns none.'
    """
    return " ".join(html.unescape(_TAG.sub(" ", raw)).split())


def gives_figures(raw: str) -> bool:
    """Whether the parser reads other accounts or ownership in this paragraph."""
    text = paragraph_text(raw)
    if may_state_accounts(text) and may_state_figures(text) and states_accounts(text):
        return True
    return may_state_ownership(text) and may_state_range(text) and any(
        read_statement(sentence) is not None for _, sentence in sentences(text))


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


# a figure's count that is no article, in words or figures (`prose_accounts`' count tokens are
# figures or `COUNT_WORDS`, "a single" ending in "single"; "a", "an" are the articles); an
# amount holds a figure too. Searched one alternative at a time (`AnyOf`).
_COUNT_WORDS = sorted({words.split()[-1] for words in COUNT_WORDS} - {"a", "an"})
_COUNT_OR_AMOUNT = AnyOf(re.compile("|".join([r"\d", *(rf"\b{word}\b" for word in _COUNT_WORDS)]), re.IGNORECASE))


def may_state_figures(text: str) -> bool:
    """A cheap first test before `prose_accounts.states_accounts`, sound: whether a sentence of
    the paragraph that names a category (the only ones `states_accounts` reads) holds a figure
    (`_COUNT_OR_AMOUNT`) and a count just before a category (`_may_count_before`).
    `states_accounts` says yes only for a sentence with a figure that has an amount (a money
    token: "$" and a figure, or a figure and "million") or a count that is no article ("a",
    "an", "single", "a single"), both tokens of that sentence: so a sentence without a figure
    or a count word never makes it say yes. The sentences are those it reads
    (`prose_accounts._sentences`).

    >>> may_state_figures("Brokers may use other accounts. Fees are paid monthly in 2024.")
    False
    >>> may_state_figures("Ms. Ferrand managed TWELVE other pooled investment vehicles.")
    True
    >>> may_state_figures("One of the limits: the Fund may not be marketed as a commodity pool.")
    False
    """
    return any(_COUNT_OR_AMOUNT.search(sentence) and _may_count_before(sentence)
               for _, sentence in _sentences(text) if _may_name_category_in(sentence))


# What may stand before a category that makes a figure (`prose_accounts._figure_at`): a count
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
    tokens are `prose_accounts._categories`' phrases; a figure's count is the token right before
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


# what a table reading that gives no rows is: a trustees' table, deferred compensation
_NOT_MANAGERS = ("trustee_ownership", "notional")


def table_gives_figures(table_html: str, before: str, after: str, *, shortcut: bool = False) -> bool | None:
    """Whether the parser may read rows, or find a problem, in an HTML table, asked of the table
    alone: it reads as an other-accounts table (whose rows, or "figures without a manager", do
    not depend on the manager its lead-in names), or as a manager ownership table with the raw
    text ``before`` and ``after`` it as its lead-in and legend; a table the parser cannot read
    (past a limit, or raising) counts too. A trustees' table, or one about neither, gives none.
    A cheap first test of the raw HTML (`raw_table.may_give_figures`, sound) spares the parse of
    most tables that give none. With ``shortcut``, a table it passes that looks like an
    other-accounts table (`raw_table.certainly_gives_figures`) is not parsed: the answer is then
    None, "yes, unread" (a wrong one only keeps more text, see `regions._evidence`).

    >>> table_gives_figures("<table><tr><td>Trustee</td><td>Dollar Range of Equity Securities</td></tr>"
    ...                     "<tr><td>Ines Marlow</td><td>Over $100,000</td></tr></table>", "", "")
    False
    >>> table_gives_figures("<table><tr><td>Portfolio Manager</td><td>Dollar Range of Fund Shares</td></tr>"
    ...                     "<tr><td>Ines Marlow</td><td>$100,001-$500,000</td></tr></table>", "", "")
    True
    """
    before = paragraph_text(before)
    if not may_give_figures(table_html, before):
        return False
    if shortcut and certainly_gives_figures(table_html):
        return None
    return table_reads_figures(table_html, before, paragraph_text(after))


def table_reads_figures(table_html: str, before: str, after: str) -> bool:
    """`table_gives_figures` without its first test, ``before`` and ``after`` as text."""
    try:
        return any(_gives_rows(item, before, after) for item in html_parts(table_html).items
                   if isinstance(item, TablePart))
    except Exception:  # noqa: BLE001 - the assembler reports a table that raises: keep it
        return True


def _gives_rows(item: TablePart, before: str, after: str) -> bool:
    if item.not_read:
        return True
    if item.grid is None:
        return False
    if read_accounts_grid(item.grid, TableContext(lines_are_stacks=True)) is not None:
        return True
    table_text = " ".join(c.flat for row in item.grid.rows for c in row)
    reading = read_ownership_grid(item.grid, legend_from(f"{before} {table_text} {after}"), before)
    return reading is not None and reading.kind not in _NOT_MANAGERS
