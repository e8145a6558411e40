"""The disclosure's reach: how far from the facts it read the parser takes prose and names.

A registration statement holds one or a few portfolio-manager sections in megabytes of
prospectus. Words that a manager section uses stand everywhere else too: a "Dealer compensation"
heading in the prospectus, a trustee's biography that mentions "portfolio management
experience", a "Fund Accountants" heading in the service providers' list. Once a document has
given figures (other accounts or ownership rows), its compensation and conflicts prose, the
people it names as managers and the fund headings of its tables are read only within a reach of
those figures, measured in characters of the whole document: ``BEFORE`` before the first line of
a figure's rows and ``AFTER`` after the last. A document without figures is read everywhere, as
before: what it says is all there is.

Characters, not lines or paragraphs, because the region scan (`etl.parse.regions`) keeps text in
characters and must keep everything the whole-document parse reads: a reach in paragraphs would
count differently once the left-out text is gone; lines are kept but a page printed on one line
would make every reach the whole document.

>>> offsets = line_offsets("a\\nbb\\nccc\\n")
>>> offsets
[0, 2, 5, 9]
>>> scope = Scope([(2, 2)], offsets, before=1, after=3)
>>> [scope.holds(line) for line in (1, 2, 3, 4)]
[False, True, True, False]
>>> Scope([], offsets).holds(4)
True
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

BEFORE = 40_000  # characters before the first line of a run of figures
AFTER = 40_000  # characters after its last line
FUND_REACH = 40_000  # how far before a table a heading can name the table's fund

_NEWLINE = re.compile("\n")


def line_offsets(text: str) -> list[int]:
    """Where each line starts: ``offsets[n - 1]`` for line ``n`` (1-based); only ``"\\n"`` ends a
    line (a ``"\\r"`` is a character of its line). (Each match's end taken with the unbound
    ``re.Match.end``, not a generator: ~5% less on 15,000 lines; ``str.split`` and
    ``itertools.accumulate``, ``str.find`` in a loop or Aho-Corasick take longer. numpy finds the
    breaks of ASCII text in half the time, but its import costs a worker ~0.1 s and ~120 MB of
    address space, which a worker's cap counts: under tests/test_workers.py's 100 MiB it fails.)

    >>> line_offsets("a\\r\\nb\\rc\\n\\u00e9")
    [0, 3, 7]
    """
    return [0, *map(re.Match.end, _NEWLINE.finditer(text))]


class Scope:
    """The lines within reach of a document's figures; every line when it has none."""

    def __init__(self, spans: Iterable[tuple[int, int]], offsets: Sequence[int], *,
                 before: int = BEFORE, after: int = AFTER):
        self._offsets = offsets
        windows = sorted((max(0, self.start_of(first) - before), self.start_of(last + 1) + after)
                         for first, last in spans)
        merged: list[list[int]] = []
        for start, end in windows:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    @property
    def everywhere(self) -> bool:
        return not self._starts

    def start_of(self, line: int) -> int:
        """The character offset where 1-based ``line`` starts (a line past the last: one past
        the last line's start, which is as far as a reach is measured from)."""
        if line > len(self._offsets):
            return self._offsets[-1] + 1
        return self._offsets[max(line, 1) - 1]

    def holds(self, line: int) -> bool:
        """Whether ``line`` starts within reach of the figures (always, without figures)."""
        if not self._starts:
            return True
        at = self.start_of(line)
        index = bisect_right(self._starts, at) - 1
        return index >= 0 and at < self._ends[index]

    def distance(self, earlier: int, later: int) -> int:
        """Characters from the start of line ``earlier`` to the start of line ``later``."""
        return self.start_of(later) - self.start_of(earlier)
