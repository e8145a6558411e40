"""Whether a paragraph of running text states figures, asked of its raw HTML or text before any
tree is built: the region scan (`etl.parse.regions`) keeps the reach of a disclosure around the
places that do, and not around every prospectus sentence that happens to say "pooled" or
"beneficial owners".

The question is put to the parser's own readers (`prose_accounts.read_paragraph`'s
``is_accounts`` as `prose_accounts.states_accounts` answers it without reading the figures,
`ownership_prose.read_statement`), after their cheap first tests, on the paragraph's text with
its tags dropped and its entities decoded; so a paragraph counts exactly when the parser would
read figures in it.

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

from etl.parse.ownership_prose import read_statement
from etl.parse.prose import sentences
from etl.parse.prose_accounts import may_state_accounts, states_accounts

_TAG = re.compile(r"<[^>]*>")
_MAY_STATE_OWNERSHIP = re.compile(r"\bown|\bheld\b|\bhold", re.I)


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
    if may_state_accounts(text) and states_accounts(text):
        return True
    return bool(_MAY_STATE_OWNERSHIP.search(text)) and any(
        read_statement(sentence) is not None for _, sentence in sentences(text))
