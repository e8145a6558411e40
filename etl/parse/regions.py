"""Where in a long document the portfolio-manager disclosures can be, found without parsing it.

A registration statement runs to megabytes, and its manager section is a few pages of it. A scan
of the raw text for the words that every part of a disclosure uses ("pooled", "accounts",
"manager", "beneficial", "compensation", ...) costs a few `str.find` calls; the parser then
builds its tree from those regions only. Each region is widened by a margin on both sides (for
the lead-ins, headings and notes the parser reads around a table), to whole tables and hidden
inline-XBRL headers (never cut in two), and the title block at the top (the cover) is always
kept. Everything else is replaced by its line breaks alone, so line numbers, and with them every
fact's provenance, stay those of the whole document.

The parse of the regions equals the parse of the whole document whenever everything the parser
reads lies within a margin of an anchor; `tests/test_regions.py` holds that on every fixture,
padded with filler. ``parse_document(..., whole=True)`` parses everything.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import islice

# Every part of a disclosure uses one of these (lower case, found with str.find): account
# tables ("Other Pooled Investment Vehicles", "Other Accounts"), ownership ("beneficially
# owned", "Dollar Range", "$10,001"), the section's headings ("Portfolio Managers"), its prose
# ("Compensation", "Conflicts of Interest").
ANCHORS = ("pooled", "accounts", "manager", "beneficial", "dollar", "10,001")
# a compensation or conflicts section's heading: the parser reads up to 20 paragraphs after it
SECTION_ANCHORS = ("compensation", "conflict")
# an adviser introduced as 'Name ("Short"), address, is the adviser': the '"),' of its short name
_SHORT_NAME_CLOSE = ("\"", "\u201d", "&quot;", "&#8221;", "&rdquo;", "&#x201d;")

MARGIN = 4_000  # characters kept on each side of an anchor
SECTION_MARGIN = 24_000  # characters kept after a section anchor
HEAD_MIN = 8_000  # the title block: at least this many characters ...
HEAD_BLOCKS = 60  # ... and at least this many closed elements (HTML) or paragraphs (text)
WHOLE_ABOVE = 0.6  # parse the whole document when the regions would cover more than this share


def disclosure_regions(text: str, *, is_html: bool) -> list[tuple[int, int]]:
    """The [start, end) character ranges to parse, sorted and disjoint.

    >>> text = "<p>Title</p>" + "<p>filler</p>" * 20_000 + "<p>Other Pooled Investment Vehicles</p>"
    >>> regions = disclosure_regions(text, is_html=True)
    >>> [(start, end - start) for start, end in regions][0]
    (0, 8007)
    >>> text[regions[-1][0]:regions[-1][1]].endswith("Vehicles</p>")
    True
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare character whose lower case is longer: no shortcuts
        return [(0, len(text))]
    hits = _anchor_hits(lowered)
    spans = [(0, _head_end(lowered, is_html))]
    spans += [(max(0, hit - MARGIN), min(len(text), hit + after)) for hit, after in hits]
    atoms = _atomic_spans(lowered) if is_html else _sgml_table_spans(lowered)
    regions = []
    for start, end in _merged(spans):
        start, end = _snapped(lowered, start, end, atoms, is_html)
        regions.append((start, end))
    return _merged(regions)


def focus(text: str, *, is_html: bool) -> str:
    """The text with everything outside the disclosure regions reduced to its line breaks; the
    text itself when the regions are most of it.

    >>> focus("a\\nb\\nc", is_html=False)
    'a\\nb\\nc'
    """
    regions = disclosure_regions(text, is_html=is_html)
    if sum(end - start for start, end in regions) > WHOLE_ABOVE * len(text):
        return text
    out, position = [], 0
    for start, end in regions:
        out.append("\n" * text.count("\n", position, start))
        out.append(text[start:end])
        position = end
    out.append("\n" * text.count("\n", position))
    return "".join(out)


def _anchor_hits(lowered: str) -> list[tuple[int, int]]:
    """Where anchors are, each with how far after it to keep."""
    hits = []
    for anchor in ANCHORS:
        hits += [(at, MARGIN) for at in _iter_find(lowered, anchor)]
    for anchor in SECTION_ANCHORS:
        hits += [(at, SECTION_MARGIN) for at in _iter_find(lowered, anchor)]
    hits += [(at, MARGIN) for at in _iter_find(lowered, "),") if lowered.endswith(_SHORT_NAME_CLOSE, 0, at)]
    return hits


def _head_end(lowered: str, is_html: bool) -> int:
    """Where the title block safely ends: past the cover's first paragraphs."""
    separator = "</" if is_html else "\n\n"
    at = -1
    for at in islice(_iter_find(lowered, separator), HEAD_BLOCKS):
        pass
    return min(len(lowered), max(HEAD_MIN, at + 1 if at >= 0 else len(lowered)))


def _iter_find(text: str, needle: str):
    """Every position of ``needle`` in ``text``, with str.find.

    >>> list(_iter_find("abcabc", "bc"))
    [1, 4]
    """
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + len(needle))


def _atomic_spans(lowered: str) -> list[tuple[int, int]]:
    """Outermost tables and inline-XBRL headers, which a region must hold whole or not at all.

    >>> _atomic_spans("<p>x</p><table><tr><td><table></table></td></tr></table><p>y</p>")
    [(8, 56)]
    """
    hidden = _balanced_spans(lowered, "<ix:header", "</ix:header") if "<ix:header" in lowered else []
    return _merged(_balanced_spans(lowered, "<table", "</table") + hidden)


def _sgml_table_spans(lowered: str) -> list[tuple[int, int]]:
    return _balanced_spans(lowered, "<table>", "</table>")


def _balanced_spans(lowered: str, opening: str, closing: str) -> list[tuple[int, int]]:
    """Outermost [open, close-tag end) spans; an element never closed runs to the end."""
    marks = sorted([(at, 1) for at in _iter_find(lowered, opening)]
                   + [(at, -1) for at in _iter_find(lowered, closing)])
    spans, depth, start = [], 0, 0
    for at, step in marks:
        if step == 1:
            if depth == 0:
                start = at
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                end = lowered.find(">", at)
                spans.append((start, len(lowered) if end < 0 else end + 1))
    if depth > 0:
        spans.append((start, len(lowered)))
    return spans


def _snapped(lowered: str, start: int, end: int, atoms: list[tuple[int, int]],
             is_html: bool) -> tuple[int, int]:
    """The range widened to whole paragraphs, then to whole atoms (tables, hidden headers)."""
    if is_html:  # a paragraph cut in two could read as a heading: cut after a block's end
        start = _block_end_before(lowered, start)
        found = _BLOCK_END.search(lowered, end)
        end = found.end() if found else len(lowered)
    else:  # at a blank line
        start = 0 if start == 0 else lowered.rfind("\n\n", 0, start) + 1
        blank = lowered.find("\n\n", end)
        end = len(lowered) if blank < 0 else blank + 1
    starts = [a for a, _ in atoms]
    at = bisect_right(starts, start) - 1
    if at >= 0 and atoms[at][1] > start:
        start = atoms[at][0]
    at = bisect_right(starts, end - 1) - 1
    if at >= 0 and atoms[at][1] > end:
        end = atoms[at][1]
    return start, end


_BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|li|table|center|blockquote|pre|dt|dd|address)\s*>")


def _block_end_before(lowered: str, position: int) -> int:
    """Just after the last closing tag of a block element before ``position`` (or 0).

    >>> _block_end_before("<p>a</p><p>bcd</p>", 12)
    8
    """
    at = position
    while at > 0:
        at = lowered.rfind("</", 0, at)
        if at < 0:
            return 0
        found = _BLOCK_END.match(lowered, at)
        if found and found.end() <= position:
            return found.end()
    return 0


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """
    >>> _merged([(5, 9), (0, 3), (2, 4), (9, 12)])
    [(0, 4), (5, 12)]
    """
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
