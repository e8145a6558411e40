"""Where in a long document the portfolio-manager disclosures can be, found without parsing it.

A registration statement runs to megabytes, and its manager section is a few pages of it. A scan
of the raw text (one pass for every word, below) finds four kinds of anchor:

- strong anchors, words a manager disclosure uses and a prospectus rarely does: its account
  categories ("pooled", "registered investment compan", "other accounts"), "accounts managed",
  its ownership words ("beneficial", "dollar range", "$10,001");
- local anchors, kept wherever they are but pulling nothing in: an ownership range's "over $" /
  "more than $", "dollar" and a trustees' table's "overseen" inside a table (anywhere in plain
  text), and a compensation or conflicts heading (a short run of text between tags or blank
  lines);
- paragraph anchors: "portfolio manag", kept anywhere, as a heading with its margin, in running
  text with its paragraph alone (a roster of managers is read from one paragraph);
- common words ("accounts", "manager", "compensation", "conflict"), which a prospectus uses on
  every page: kept only within NEAR characters of a strong anchor (all of them when the
  document has no strong anchor).
- an adviser's introduction ('Name ("Short"), address, is the adviser'), read from any
  paragraph: the '"),' of a short name, kept with its paragraph wherever it stands when the
  paragraph goes on to "adviser" before any parenthesis (`prose.may_introduce_adviser`); a
  prospectus's many other short names ('Rights of accumulation ("ROA"), which ...') are not.
- section headings ("Compensation", "Conflicts of Interest") and headings naming a fund, kept
  only within the reach of where figures may be (`etl.parse.scope`): the assembler reads prose,
  named managers and a table's fund heading only there, so a "Dealer compensation" heading
  pages away from the disclosure need not be kept.

Where figures may be is asked of the parser's own readers (`etl.parse.evidence`): a table that
holds an anchor is parsed alone and read as an other-accounts or manager ownership table; a
paragraph's raw text is read for account figures and ownership statements. Only around those
are the strong anchors, the common words and the reach kept; a prospectus's "pooled vehicles",
a trustees' table or a list of trusts that says "pooled" pulls nothing in. A document with
strong anchors and no such place keeps its reach around every anchor, as before.

Each hit is widened by a margin on both sides (for the lead-ins, headings and notes the parser
reads around a table), to whole paragraphs, whole tables and hidden inline-XBRL headers (never
cut in two), and the title block at the top (the cover) is always kept. Everything else is
replaced by its line breaks, so line numbers, and with them every fact's provenance, stay those
of the whole document; in HTML the left-out text also leaves neutral paragraphs behind, as many as
its blocks up to the parser's reach (60 paragraphs), so that no look-back ("the three paragraphs
before a table") crosses a gap to text the whole document would not have shown it. The tree
holds one marker per gap, which `with_gaps` turns into those paragraphs (`focused`).

How the anchors are found, measured on a real 2 MB 485BPOS (prospectus and SAI in one file;
lxml parses the whole of it in ~19 ms): each of the ~30 needles searched with `str.find` over
the lowered text costs 1-2 ms, ~40 ms in all, twice lxml. They are found instead in one pass of
an Aho-Corasick automaton (`ahocorasick-rs`, Rust, a DFA) over the lowered text's UTF-8 bytes
(`_scanned`, `NEEDLES`): pyahocorasick took 33 ms, the str version of ahocorasick-rs 15-30 ms
(it converts offsets), every overlapping match ~4 ms; the leftmost non-overlapping matches
(whose starts a prefilter finds in bulk) ~1.6 ms, ~0.9 ms as two scans (the needles that begin
with "<", ";" or a quote, which markup prints everywhere, apart: `_GROUPS`), and the few matches
hidden inside them are checked for at each (`_HIDDEN`), ~1.4 ms in all (`_find_needles`). Byte offsets are character offsets when
the text is ASCII (`str.isascii`, as EDGAR's HTML almost always is), else each less the UTF-8
continuation bytes before it (`_character_offsets`). The automaton cannot match regardless of
case, so the text is still lowered once (the logic reads the lowered text anyway). Each needle's
positions are those a `str.find` loop gives (each past the end of the one before), and a needle
left out of `NEEDLES` is still found, with `str.find`: the automaton changes only the speed.
`bench/regions_same.py` checks that the regions and the focused text equal those of the
revision before on every document, `tests/test_region_scan.py` the offsets on non-ASCII text.
Finding and the logic over what is found cost ~6 ms of the scan (parser 4.3.0, empty caches);
the rest is the evidence: ~7 ms for the tables (13 candidate tables asked, the others lying
within MARGIN after a place that gives figures; `etl.parse.raw_table`'s first test spares 11 of
them their parse, ~4.4 ms, and its shortcut the other way spares the other-accounts table's; the
list of exhibits, which names two categories and says "owned", was parsed, ~2 ms, until the
first test asked what its cells hold) and ~3 ms for
the ~26 paragraphs (a sentence naming a category without a count just before one is not read
for accounts, `prose_accounts.may_state_figures`, nor a paragraph without a range for ownership,
`ownership_prose.may_state_range`). After the scan come the tree of what is kept (~7 ms) and the
assembler (~18 ms). A first pass with another HTML parser
(selectolax) could not cut that cost, so none was added; only keeping less can.
`bench/equality.py` checks the result on the real documents.

The parse of the regions equals the parse of the whole document whenever everything the parser
reads lies within a margin of an anchor; `tests/test_regions.py` and
`tests/test_prospectus_padding.py` hold that on every fixture, padded with filler and with a
prospectus that uses the disclosure's words, and `bench/equality.py` on the real documents.
``parse_document(..., whole=True)`` parses everything.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from itertools import compress, islice, repeat
from typing import NamedTuple

import ahocorasick_rs

from etl.parse.document_parts import DocumentParts, TablePart
from etl.parse.evidence import gives_figures, table_gives_figures
from etl.parse.prose import Paragraph, may_introduce_adviser
from etl.parse.raw_table import certainly_a_grid
from etl.parse.scope import AFTER, BEFORE, FUND_REACH

# Words a manager disclosure uses and a prospectus rarely does (lower case, found with
# str.find): its account categories, its ownership of fund shares.
STRONG_ANCHORS = ("pooled", "registered investment compan", "other accounts", "accounts managed",
                  "commingled", "separate account", "other accts", "pivs",
                  "beneficial", "dollar range", "10,001")
# Kept wherever they are, pulling nothing in: a roster of managers ("portfolio management
# experience") and an ownership range are read wherever they stand.
LOCAL_ANCHORS = ("over $", "more than $", "in excess of $")
# Kept wherever they are, as a heading with its margin, in running text as its paragraph alone:
# a roster of managers ("has extensive portfolio management experience") is read from one
# paragraph.
PARAGRAPH_ANCHORS = ("portfolio manag",)
# Kept in an HTML table (anywhere in plain text), pulling nothing in: a dollar range column cut
# by tags, and a trustees' table ("Funds Overseen by Trustee", which the parser reads to leave
# it out with a note).
TABLE_ANCHORS = ("dollar", "overseen")
# A heading naming a fund: kept within reach before where figures may be.
FUND_HEADING_WORDS = ("fund", "portfolio")
FUND_HEADING_MARGIN = 600  # the headings above one that names a fund ("A Fund of ... Trust")
# Words every page of a prospectus uses: kept only within NEAR characters of a strong anchor.
ANCHORS = ("accounts", "manager")
NEAR = 10_000
SHORT_RUN = 120  # a heading's run of text is at most this long
# a compensation or conflicts section's heading (kept anywhere when it is a heading, else only
# near a strong anchor): the parser reads up to 20 paragraphs after it
SECTION_ANCHORS = ("compensation", "conflict")
# an adviser introduced as 'Name ("Short"), address, is the adviser': the '"),' of its short name
_SHORT_NAME_CLOSE = ("\"", "\u201d", "&quot;", "&#8221;", "&rdquo;", "&#x201d;")

MARGIN = 4_000  # characters kept on each side of an anchor
# an anchor this close after a place that gives figures is taken as one too, unasked: it lies in
# the margin kept around that place already (a wrong yes only keeps more)
EVIDENCE_NEARBY = MARGIN
TABLE_SURROUNDINGS = 1_500  # raw characters before and after a table asked whether it gives figures
SECTION_MARGIN = 24_000  # characters kept after a section anchor
PARAGRAPH_MARGIN = 500  # characters kept on each side of a paragraph anchor in running text
HEAD_MIN = 32_000  # the title block (a registration statement's facing page): at least this ...
HEAD_BLOCKS = 60  # ... many characters, and at least this many closed elements (HTML) or paragraphs (text)
WHOLE_ABOVE = 0.6  # parse the whole document when the regions would cover more than this share


def disclosure_regions(text: str, *, is_html: bool) -> list[tuple[int, int]]:
    """The [start, end) character ranges to parse, sorted and disjoint.

    >>> text = "<p>Title</p>" + "<p>filler</p>" * 20_000 + "<p>Other Pooled Investment Vehicles</p>"
    >>> regions = disclosure_regions(text, is_html=True)
    >>> [(start, end - start) for start, end in regions][0]
    (0, 32005)
    >>> text[regions[-1][0]:regions[-1][1]].endswith("Vehicles</p>")
    True
    """
    with _scanned(text) as lowered:
        return _regions(text, lowered, is_html)


def _regions(text: str, lowered: str | None, is_html: bool) -> list[tuple[int, int]]:
    if lowered is None:  # a rare character whose lower case is longer: no shortcuts
        return [(0, len(text))]
    atoms = _atomic_spans(lowered) if is_html else _sgml_table_spans(lowered)
    hits = _anchor_hits(text, lowered, atoms, _table_hits(lowered, atoms if is_html else None), is_html)
    spans = [(0, _head_end(lowered, is_html))]
    spans += [(max(0, hit - min(after, MARGIN)), min(len(text), hit + after)) for hit, after in hits]
    regions = []
    for start, end in _merged(spans):
        start, end = _snapped(lowered, start, end, atoms, is_html)
        regions.append((start, end))
    return _merged(regions)


def focus(text: str, *, is_html: bool) -> str:
    """The text with everything outside the disclosure regions reduced to its line breaks (and,
    in HTML, one marker paragraph per gap, see `focused`); the text itself when the regions are
    most of it.

    >>> focus("a\\nb\\nc", is_html=False)
    'a\\nb\\nc'
    """
    return focused(text, is_html=is_html)[0]


def focused(text: str, *, is_html: bool, offsets: Sequence[int] | None = None) -> tuple[str, str | None]:
    """The focused text and, for HTML with gaps, the tag of its gap markers (for `with_gaps`).
    ``offsets``, where the text's lines start (`etl.parse.scope.line_offsets`), if known, spare
    counting the line breaks of each gap.

    In HTML each gap leaves one marker paragraph, "<p>omitted text ... TAG61</p>", standing for
    as many neutral paragraphs as the text left out closed blocks, up to the parser's reach
    (GAP_PARAGRAPHS), so that no look-back crosses it: `with_gaps` puts them back once the tree
    is read, without the tree holding them (a real 485BPOS has a dozen gaps, 700 paragraphs).
    The tag is one the document does not hold, so no paragraph of its own is taken for one.
    """
    with _scanned(text) as lowered:
        regions = disclosure_regions(text, is_html=is_html)
        if lowered is None or sum(end - start for start, end in regions) > WHOLE_ABOVE * len(text):
            return text, None
        tag = _gap_tag(text, lowered) if is_html else None
        out, position = [], 0
        for start, end in [*regions, (len(text), len(text))]:
            out.append("\n" * _line_breaks(text, position, start, offsets))
            if is_html and position < start:
                out.insert(-1, _gap_marker(text, lowered, position, start, tag))
            out.append(text[start:end])
            position = end
    return "".join(out), tag


def _line_breaks(text: str, start: int, end: int, offsets: Sequence[int] | None) -> int:
    """How many line breaks text[start:end] holds, from the lines' starts when known.

    >>> text = "a\\nb\\n\\nc"
    >>> [_line_breaks(text, 1, 5, None), _line_breaks(text, 1, 5, [0, 2, 4, 5]), _line_breaks(text, 0, 1, [0, 2, 4, 5])]
    [3, 3, 0]
    """
    if offsets is None:
        return text.count("\n", start, end)
    return bisect_left(offsets, end + 1) - bisect_left(offsets, start + 1)


GAP_PARAGRAPHS = 61  # the parser looks back at most 60 paragraphs
GAP_TEXT = "omitted text omitted text omitted text omitted text omitted text."


_GAP_TAG = "pmdw-gap"


def _gap_tag(text: str, lowered: str) -> str:
    """A tag for gap markers that ``text`` does not hold (asked of the scan first: a text
    without the tag in lower case has none).

    >>> _gap_tag("a PMDW-gap b", "a pmdw-gap b"), _gap_tag("x", "x")
    ('pmdw-gap-:', 'pmdw-gap:')
    """
    tag = _GAP_TAG
    if next(_iter_find(lowered, tag), None) is not None:
        while tag.lower() in lowered:
            tag += "-"
    return tag + ":"


def with_gaps(parts: DocumentParts, tag: str | None) -> DocumentParts:
    """The parts with each gap marker (`focused`) as the neutral paragraphs it stands for: all
    on the marker's line, the last one as high as the marker (up to the next element's line),
    exactly as the tree gives that many "<p>omitted text ...</p>" written on one line. The
    paragraphs before the last are one object, whose text is worked out once.

    >>> marker = Paragraph(7, 9, (f"{GAP_TEXT} pmdw-gap:3",))
    >>> gaps = with_gaps(DocumentParts([marker], 9), "pmdw-gap:").items
    >>> [(p.line_start, p.line_end, p.text == GAP_TEXT) for p in gaps]
    [(7, 7, True), (7, 7, True), (7, 9, True)]
    """
    if tag is None:
        return parts
    prefix = f"{GAP_TEXT} {tag}"
    items: list[Paragraph | TablePart] = []
    for item in parts.items:
        count = _gap_count(item, prefix)
        if count:
            items += [Paragraph(item.line_start, item.line_start, (GAP_TEXT,))] * (count - 1)
            items.append(Paragraph(item.line_start, item.line_end, (GAP_TEXT,)))
        else:
            items.append(item)
    return DocumentParts(items=items, line_count=parts.line_count)


def _gap_count(item: Paragraph | TablePart, prefix: str) -> int:
    """How many paragraphs a gap marker stands for (0: not a marker)."""
    if not isinstance(item, Paragraph) or len(item.lines) != 1 or not item.lines[0].startswith(prefix):
        return 0
    count = item.lines[0][len(prefix):]
    return int(count) if count.isdigit() else 0


# the ends of blocks a gap counts, as printed in the text: in lower or upper case, not mixed
# ("</p" also begins "</pre", as it did when these were counted in the lowered text)
_GAP_BLOCK_END = re.compile(r"</(?:p|P|div|DIV)")


def _gap_marker(text: str, lowered: str, start: int, end: int, tag: str) -> str:
    """What stands for HTML text left out, before its line breaks: a marker of as many neutral
    paragraphs as it closed blocks, up to the parser's reach (`focused`). The marker stands where
    the text began, on the line of the last block kept, whose height (up to the next element's
    line) is then not stretched over the gap.

    >>> text = "<p>a</p>\\n<P>b</P><div>c</DIV><Div>d</Div>"
    >>> _gap_marker(text, text.lower(), 0, len(text), "pmdw-gap:")
    '<p>omitted text omitted text omitted text omitted text omitted text. pmdw-gap:3</p>'
    """
    count = _blocks_closed(text, start, end)
    return f"<p>{GAP_TEXT} {tag}{count}</p>" if count else ""


def _blocks_closed(text: str, start: int, end: int) -> int:
    """How many paragraphs and divisions the text closes within [start, end), in lower or upper
    case ("</p", "</DIV"; not "</Div"), counted up to GAP_PARAGRAPHS only: one search of the gap
    alone that stops once the count is reached (a gap is most of the document).

    >>> _blocks_closed("<p>a</p><P>b</Pre><Div>c</Div></DIV>" + "</p>" * 80, 0, 36), _blocks_closed("</p>" * 80, 0, 320)
    (3, 61)
    """
    return sum(1 for _ in islice(_GAP_BLOCK_END.finditer(text, start, end), GAP_PARAGRAPHS))


def _anchor_hits(text: str, lowered: str, atoms: list[tuple[int, int]], in_tables: list[tuple[int, int]],
                 is_html: bool) -> list[tuple[int, int]]:
    """Where anchors are, each with how far after it to keep.

    Figures are read in tables that hold anchors and in paragraphs whose sentences state them
    (`etl.parse.evidence`): around those, every strong anchor, the common words within NEAR,
    and the headings the assembler reads within reach of figures (`etl.parse.scope`) are kept.
    A strong anchor elsewhere (a prospectus's "pooled vehicles", "beneficial owners") is left
    out. A document with strong anchors but no such place keeps every strong anchor and reads
    its reach around all of them; one without strong anchors keeps every common word."""
    found: dict[str, list[int]] = {}
    strong = sorted(at for anchor in STRONG_ANCHORS for at in _positions(lowered, anchor, found))
    local = [at for anchor in LOCAL_ANCHORS for at in _positions(lowered, anchor, found)]
    roster = [at for anchor in PARAGRAPH_ANCHORS for at in _positions(lowered, anchor, found)]
    in_table = [at for at in roster if is_html and _in_atom(atoms, at)]  # a table's word, not a roster's
    paragraphs = [(at, MARGIN if _in_short_run(lowered, at) else PARAGRAPH_MARGIN)
                  for at in roster if not (is_html and _in_atom(atoms, at))]
    common = [(at, MARGIN) for anchor in ANCHORS for at in _positions(lowered, anchor, found)]
    sections = [at for anchor in SECTION_ANCHORS for at in _positions(lowered, anchor, found)]
    short_names = [(at, PARAGRAPH_MARGIN) for at in _adviser_introductions(text, lowered, found, atoms, is_html)]
    if not strong:
        return common + [(at, SECTION_MARGIN) for at in sections] + short_names + in_tables
    candidates = sorted(strong + local + [at for at, _ in in_tables] + in_table)
    evidence = _evidence(text, lowered, candidates, atoms, is_html)
    figures = evidence or sorted(candidates + [at for at, _ in paragraphs])
    near = evidence or strong
    hits = [(at, MARGIN) for at in candidates if not evidence or _in_reach(evidence, at)] + paragraphs
    hits += [(at, SECTION_MARGIN) for at in sections if _in_reach(figures, at) and _in_short_run(lowered, at)]
    hits += [(at, after) for at, after in common + [(at, SECTION_MARGIN) for at in sections] if _near(near, at, NEAR)]
    return hits + short_names + _fund_headings(lowered, figures)


def _evidence(text: str, lowered: str, candidates: list[int], atoms: list[tuple[int, int]],
              is_html: bool) -> list[int]:
    """The anchors that stand where the parser reads figures: in an HTML table that gives them
    (`etl.parse.evidence.table_gives_figures`, the table parsed alone), in any table of a text
    document, or in a paragraph that states them (`gives_figures`); each asked once.

    A table that looks like an other-accounts table is taken as giving figures unparsed (the
    shortcut, `raw_table.certainly_gives_figures`) while some place read in full gives them
    too: a wrong yes then only keeps more, the reach around one more place. When only the
    shortcut said yes, those tables are parsed after all and the places asked again (a wrong yes
    alone would stand for the reach of every anchor, which a document without evidence keeps).
    """
    asked: dict[int, bool | None] = {}  # a place's start -> its answer (None: yes, by the shortcut)
    out = _places(text, lowered, candidates, atoms, is_html, asked)
    if out and True not in asked.values():
        for start, answer in asked.items():
            if answer is None:
                asked[start] = _table_gives_figures(text, start, atoms[_atom_at(atoms, start)][1], shortcut=False)
        out = _places(text, lowered, candidates, atoms, is_html, asked)
    return out


def _places(text: str, lowered: str, candidates: list[int], atoms: list[tuple[int, int]],
            is_html: bool, asked: dict[int, bool | None]) -> list[int]:
    """`_evidence`'s anchors, asking each place not in ``asked`` yet and keeping its answer."""
    out: list[int] = []
    for at in candidates:
        if out and at - out[-1] <= EVIDENCE_NEARBY:
            out.append(at)  # beside figures: counted as figures without asking (keeps more, never less)
            continue
        index = _atom_at(atoms, at)
        if index >= 0:
            start, end = atoms[index]
            if start not in asked:
                asked[start] = not is_html or _table_gives_figures(text, start, end, shortcut=True)
        else:
            start, end = _paragraph_around(lowered, at, is_html)
            if start not in asked:
                asked[start] = gives_figures(text[start:end])
        if asked[start] is not False:
            out.append(at)
    return out


def _table_gives_figures(text: str, start: int, end: int, *, shortcut: bool) -> bool | None:
    return table_gives_figures(text[start:end], text[max(0, start - TABLE_SURROUNDINGS):start],
                               text[end:end + TABLE_SURROUNDINGS], shortcut=shortcut)


def _atom_at(atoms: list[tuple[int, int]], at: int) -> int:
    """The index of the atom (table, hidden header) holding position ``at``, or -1.

    >>> _atom_at([(0, 5), (10, 20)], 12), _atom_at([(0, 5), (10, 20)], 7)
    (1, -1)
    """
    index = bisect_right(atoms, (at, float("inf"))) - 1
    return index if index >= 0 and at < atoms[index][1] else -1


def _in_atom(atoms: list[tuple[int, int]], at: int) -> bool:
    return _atom_at(atoms, at) >= 0


def _paragraph_around(lowered: str, at: int, is_html: bool) -> tuple[int, int]:
    """The block (HTML) or blank-line paragraph (text) that holds position ``at``.

    >>> _paragraph_around("<p>a</p><p>bcd</p><p>e</p>", 11, True)
    (8, 18)
    >>> _paragraph_around("a\\n\\nbcd\\n\\ne", 4, False)
    (2, 7)
    """
    if is_html:
        found = _BLOCK_END.search(lowered, at)
        return _block_end_before(lowered, at), found.end() if found else len(lowered)
    start = lowered.rfind("\n\n", 0, at)
    end = lowered.find("\n\n", at)
    return (0 if start < 0 else start + 1), (len(lowered) if end < 0 else end + 1)


def _in_reach(figures: list[int], at: int) -> bool:
    """Whether ``at`` is within the reach of figures read near one of ``figures``
    (`etl.parse.scope`), with the margin the figures themselves may lie from it.

    >>> _in_reach([100_000], 60_000), _in_reach([100_000], 10_000)
    (True, False)
    """
    index = bisect_right(figures, at)
    return (index < len(figures) and figures[index] - at <= BEFORE + MARGIN) or \
        (index > 0 and at - figures[index - 1] <= AFTER + MARGIN)


def _fund_headings(lowered: str, figures: list[int]) -> list[tuple[int, int]]:
    """Headings that may name the fund of a table after them (`etl.parse.scope.FUND_REACH`):
    a short run with "fund" or "portfolio" within reach before where figures may be, kept with
    the few headings above it ("Acme Value Fund" over "A Fund of Acme Trust")."""
    reach = FUND_REACH + MARGIN
    windows = _merged([(max(0, at - reach), at) for at in figures])  # a heading starts in one
    return [(at, FUND_HEADING_MARGIN) for word in FUND_HEADING_WORDS for start, end in windows
            for at in _find_each(lowered, word, start, min(len(lowered), end - 1 + len(word)))
            if _in_short_run(lowered, at)]


# the ends of a short name's closing quote and its '),': '"),', '”),' and an entity's ';),'
_SHORT_NAME_ENDS = ("\"),", "\u201d),", ";),")
# what the parser never reads as text: comments, scripts, styles, hidden inline-XBRL headers, tags
_NOT_TEXT = re.compile(r"<!--.*?-->|<(script|style|ix:header)\b.*?</\1\s*>|<[^>]*>", re.DOTALL | re.IGNORECASE)


def _adviser_introductions(text: str, lowered: str, found: dict[str, list[int]], atoms: list[tuple[int, int]],
                           is_html: bool) -> list[int]:
    """Where an adviser may be introduced by its short name, 'Name ("Short"), address, is the
    adviser' (`prose.read_advisers`, which reads every paragraph of the document alone): the ")"
    of a short name whose paragraph goes on to "adviser" before any parenthesis
    (`prose.may_introduce_adviser`). Kept anywhere, with its paragraph only; the many short
    names of a prospectus ('Rights of accumulation ("ROA"), which ...') are not, nor those in
    an HTML table the parser certainly reads as a grid (`raw_table.certainly_a_grid`: its
    cells make no paragraph; a Part C's "Business of the Adviser" in a list of exhibits).

    >>> text = '<p>Quay Partners ("Quay"), 1 Pier Road, is the <i>adviser</i>.</p><p>A ("B"), c (d) adviser</p>'
    >>> with _scanned(text) as lowered:
    ...     _adviser_introductions(text, lowered, {}, [], True)
    [24]
    """
    out = []
    grids: dict[int, bool] = {}  # an atom's index -> whether it is a table certainly read as a grid
    for closing in _SHORT_NAME_ENDS:
        for at in _positions(lowered, closing, found):
            close = at + len(closing) - 2  # the short name's ")"
            if lowered.endswith(_SHORT_NAME_CLOSE, 0, close):
                _, end = _paragraph_around(lowered, close, is_html)
                after = html.unescape(_NOT_TEXT.sub("", text[close + 1:end])) if is_html else text[close + 1:end]
                if may_introduce_adviser(after) and not (is_html and _in_grid(text, atoms, close, grids)):
                    out.append(close)
    return sorted(out)


def _in_grid(text: str, atoms: list[tuple[int, int]], at: int, grids: dict[int, bool]) -> bool:
    """Whether ``at`` lies in a table the parser certainly reads as a grid (each asked once)."""
    index = _atom_at(atoms, at)
    if index < 0:
        return False
    if index not in grids:
        start, end = atoms[index]
        grids[index] = text.startswith("<", start) and certainly_a_grid(text[start:end])
    return grids[index]


def _positions(lowered: str, anchor: str, found: dict[str, list[int]]) -> list[int]:
    """Where ``anchor`` is in ``lowered`` (each needle searched once, kept in ``found``).

    >>> _positions("the other accounts; accounts managed", "other accounts", {})
    [4]
    """
    if anchor not in found:
        found[anchor] = list(_iter_find(lowered, anchor))
    return found[anchor]


def _table_hits(lowered: str, atoms: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """Where table anchors are inside a table (a table's words, not a sentence's); anywhere when
    ``atoms`` is None (plain text, whose tables are not all marked).

    >>> _table_hits("a dollar <table><td>dollar</td></table>", [(9, 39)])
    [(20, 4000)]
    """
    starts = [start for start, _ in atoms or ()]
    hits = []
    for anchor in TABLE_ANCHORS:
        for at in _iter_find(lowered, anchor):
            index = bisect_right(starts, at) - 1
            if atoms is None or (index >= 0 and at < atoms[index][1]):
                hits.append((at, MARGIN))
    return hits


def _in_short_run(lowered: str, at: int) -> bool:
    """Whether the words at ``at`` stand in a short run of text between tags or blank lines, as
    a heading does ("<b>Compensation</b>"), not inside running text.

    >>> _in_short_run("<p><b>Compensation</b></p>", 6), _in_short_run("<p>" + "x " * 80 + "compensation</p>", 163)
    (True, False)
    """
    start = max(lowered.rfind(">", max(0, at - SHORT_RUN), at), lowered.rfind("\n\n", max(0, at - SHORT_RUN), at))
    end = lowered.find("<", at, at + SHORT_RUN)
    blank = lowered.find("\n\n", at, at + SHORT_RUN)
    end = min(e for e in (end, blank, at + SHORT_RUN + 1) if e >= 0)
    return start >= 0 and end <= at + SHORT_RUN and end - start <= SHORT_RUN


def _near(positions: list[int], at: int, distance: int) -> bool:
    """Whether a sorted list holds a position within ``distance`` of ``at``.

    >>> _near([10, 500], 300, 150), _near([10, 500], 400, 150)
    (False, True)
    """
    index = bisect_right(positions, at)
    return (index < len(positions) and positions[index] - at <= distance) or \
        (index > 0 and at - positions[index - 1] <= distance)


def _head_end(lowered: str, is_html: bool) -> int:
    """Where the title block safely ends: past the cover's first paragraphs."""
    separator = "</" if is_html else "\n\n"
    at = -1
    for at in islice(_iter_find(lowered, separator), HEAD_BLOCKS):
        pass
    return min(len(lowered), max(HEAD_MIN, at + 1 if at >= 0 else len(lowered)))


def _iter_find(text: str, needle: str) -> Iterator[int]:
    """Every position of ``needle`` in ``text``, each past the end of the one before (as
    ``str.find`` from there finds them): from the scan of `_scanned` when ``text`` is the
    lowered text it scanned and the needle one of `NEEDLES`, else with ``str.find``, one at a
    time.

    >>> list(_iter_find("abcabc", "bc"))
    [1, 4]
    >>> with _scanned("10,0010,001 Fund") as lowered:
    ...     list(_iter_find(lowered, "10,001")), list(_iter_find(lowered, "fund"))
    ([0], [12])
    """
    scan = _SCAN.get()
    if scan is not None and scan.lowered is text and needle in scan.found:
        return iter(scan.found[needle])
    return _find_each(text, needle)


def _find_each(text: str, needle: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """Every position of ``needle`` within text[start:end], each past the end of the one before.

    >>> list(_find_each("fund a fund b fund", "fund", 1, 13))
    [7]
    """
    at = text.find(needle, start, end)
    while at >= 0:
        yield at
        at = text.find(needle, at + len(needle), end)


def _atomic_spans(lowered: str) -> list[tuple[int, int]]:
    """Outermost tables and inline-XBRL headers, which a region must hold whole or not at all.

    >>> _atomic_spans("<p>x</p><table><tr><td><table></table></td></tr></table><p>y</p>")
    [(8, 56)]
    """
    hidden = _balanced_spans(lowered, "<ix:header", "</ix:header")
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


# Every needle the scan looks for, found in one pass (`_scanned`); a needle not listed here is
# still found, with str.find.
_TAG_NEEDLES = ("<table", "</table", "<ix:header", "</ix:header", "<table>", "</table>")
NEEDLES = tuple(dict.fromkeys(STRONG_ANCHORS + LOCAL_ANCHORS + PARAGRAPH_ANCHORS + TABLE_ANCHORS
                              + ANCHORS + SECTION_ANCHORS + _SHORT_NAME_ENDS
                              + _TAG_NEEDLES + (_GAP_TAG,)))


class _Scan(NamedTuple):
    text: str
    lowered: str
    found: dict[str, list[int]]  # needle -> what `_iter_find` gives, in character offsets


_SCAN: ContextVar[_Scan | None] = ContextVar("regions_scan", default=None)


@contextmanager
def _scanned(text: str) -> Iterator[str | None]:
    """The lowered text (None when lowering changes its length); while inside, `_iter_find`
    answers for it from one pass over its UTF-8 bytes that found all `NEEDLES` (see the
    module's notes). Inside the scan of the same text, that scan is used again.

    >>> with _scanned("<p>The Fund\u2019s \u201cPooled\u201d fund</p>") as lowered:
    ...     list(_iter_find(lowered, "fund")) == list(_find_each(lowered, "fund")) == [7, 23]
    True
    """
    scan = _SCAN.get()
    if scan is not None and scan.text is text:
        yield scan.lowered
        return
    lowered = text.lower()
    if len(lowered) != len(text):
        yield None
        return
    token = _SCAN.set(_Scan(text, lowered, _find_needles(lowered)))
    try:
        yield lowered
    finally:
        _SCAN.reset(token)


# The needles in two automata, each scanning the text once: those that begin with a character
# markup prints everywhere ("<", ";", quotes: `_TAG_NEEDLES`, `_SHORT_NAME_ENDS`) make the
# automaton's prefilter stop at every tag, so the words alone and these alone, two scans, take
# ~0.9 ms on the real 485BPOS where one scan of all took ~1.6 ms. Each needle is in one group;
# what one scan reports and hides concerns only the needles of its own group.
_MARKUP_START = ("<", ";", "\"", "\u201d")
_GROUPS = tuple(group for group in (
    tuple(index for index, needle in enumerate(NEEDLES) if not needle.startswith(_MARKUP_START)),
    tuple(index for index, needle in enumerate(NEEDLES) if needle.startswith(_MARKUP_START))) if group)


@cache
def _automaton() -> tuple[tuple[ahocorasick_rs.BytesAhoCorasick, tuple[int, ...]], ...]:
    """An automaton for each of `_GROUPS`, with the indexes in `NEEDLES` of its needles."""
    return tuple((ahocorasick_rs.BytesAhoCorasick([NEEDLES[index].encode() for index in group],
                                                  matchkind=ahocorasick_rs.MatchKind.LeftmostFirst,
                                                  implementation=ahocorasick_rs.Implementation.DFA), group)
                 for group in _GROUPS)


def _hidden_inside(needles: Sequence[bytes]) -> list[tuple[int, int, int, bytes]]:
    """(X, Y, offset, Y's bytes) for every needle Y that can start ``offset`` bytes into a match
    of needle X (other than X itself at 0): the two agree where they overlap. A scan that
    reports only non-overlapping matches, the leftmost first, hides exactly such matches.

    >>> _hidden_inside([b"other accounts", b"accounts", b"sum"])
    [(0, 1, 6, b'accounts'), (0, 2, 13, b'sum'), (1, 2, 7, b'sum')]
    """
    return [(x, y, offset, inner) for x, outer in enumerate(needles) for offset in range(len(outer))
            for y, inner in enumerate(needles) if (x, offset) != (y, 0)
            and outer[offset:offset + len(inner)] == inner[:len(outer) - offset]]


# (X, Y, offset, Y's bytes) with X and Y indexes in `NEEDLES`, within each group
_HIDDEN = [(group[outer], group[inner], offset, needle) for group in _GROUPS
           for outer, inner, offset, needle in _hidden_inside([NEEDLES[index].encode() for index in group])]


def _find_needles(lowered: str) -> dict[str, list[int]]:
    """Each of `NEEDLES` -> its positions in ``lowered``, each past the end of the one before.

    Each automaton (`_automaton`, one per group of needles) reports non-overlapping matches of
    its needles, the leftmost first (a prefilter finds their starts in bulk: half the time of
    reporting every overlapping match). Every other match of a needle of the group starts inside
    a reported one of the group: had it started where no reported match lies, the scan, passing
    there, would have reported a match starting there or before. So the rest are found by
    checking, at each reported match of X, the few needles of its group that can start inside
    one (`_HIDDEN`); each needle's matches, sorted, are then those an overlapping scan reports."""
    data = lowered.encode("utf-8", "surrogatepass")
    reported: list[list[int]] = [[] for _ in NEEDLES]
    for automaton, group in _automaton():
        for index, start, _ in automaton.find_matches_as_indexes(data):
            reported[group[index]].append(start)
    starts = [list(found) for found in reported]
    for outer, inner, offset, needle in _HIDDEN:
        if reported[outer]:
            candidates = [at + offset for at in reported[outer]]
            starts[inner] += compress(candidates, map(data.startswith, repeat(needle), candidates))
    starts = [sorted(found) for found in starts]
    if not lowered.isascii():  # offsets in bytes are not offsets in characters
        starts = _character_offsets(data, starts)
    del data
    return {needle: _one_after_another(found, len(needle)) if needle in _OVERLAPPING else found
            for needle, found in zip(NEEDLES, starts)}


# 1 for a UTF-8 continuation byte (0b10xxxxxx), 0 for any other byte
_CONTINUATION = bytes(1 if 0x80 <= byte < 0xC0 else 0 for byte in range(256))


def _character_offsets(data: bytes, starts: list[list[int]]) -> list[list[int]]:
    """Byte offsets into UTF-8 ``data`` (each at the start of a character) as character offsets:
    each less the continuation bytes before it.

    >>> data = "a\u00e9\u2014\U0001f600b".encode()
    >>> _character_offsets(data, [[0, 1, 3, 6, 10]])
    [[0, 1, 2, 3, 4]]
    """
    continuation = data.translate(_CONTINUATION)
    offsets = sorted({at for found in starts for at in found})
    characters, skipped, previous = {}, 0, 0
    for at in offsets:
        skipped += continuation.count(1, previous, at)
        characters[at] = at - skipped
        previous = at
    return [[characters[at] for at in found] for found in starts]


def _overlaps_itself(needle: str) -> bool:
    """
    >>> _overlaps_itself("10,001"), _overlaps_itself("fund")
    (True, False)
    """
    return any(needle.startswith(needle[at:]) for at in range(1, len(needle)))


_OVERLAPPING = frozenset(needle for needle in NEEDLES if _overlaps_itself(needle))


def _one_after_another(positions: list[int], length: int) -> list[int]:
    """The positions a search from the end of each match finds (a needle like "10,001" can
    overlap itself).

    >>> _one_after_another([0, 5, 11], 6)
    [0, 11]
    """
    out: list[int] = []
    free = 0
    for at in positions:
        if at >= free:
            out.append(at)
            free = at + length
    return out
