"""Whether a paragraph of running text or an HTML table gives figures, asked of its raw HTML or text before any
tree is built: the region scan (`etl.parse.regions`) keeps the reach of a disclosure around the
places that do, and not around every prospectus sentence that happens to say "pooled" or
"beneficial owners".

The question is put to the parser's own readers (`prose_accounts.read_paragraph`'s
``is_accounts`` as `prose_accounts.states_accounts` answers it without reading the figures,
`ownership_prose.read_statement`), after their cheap first tests (`prose_accounts.may_state_figures`,
`ownership_prose.may_state_range`, sound), on the paragraph's text with its tags dropped and its entities decoded;
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
from etl.parse.html_document import html_parts
from etl.parse.ownership_grid import legend_from, read_ownership_grid
from etl.parse.ownership_prose import may_state_ownership, may_state_range, read_statement
from etl.parse.prose import sentences
from etl.parse.prose_accounts import may_state_accounts, may_state_figures, states_accounts
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
