"""Every layout variation of one set of facts reads back to the facts, or raises a finding.

The renderings come from `tests.layouts` (the full product of its axes, less the combinations
that make no sense). A rendering passes when the parser reads every account figure back exactly,
or when the document carries a warning or error finding (the document holds nothing but this one
disclosure, so any such finding concerns it); it fails when a figure is wrong or missing with no
finding: the worst defect there is.

Known gaps of the current parser are strict xfails, chosen by KNOWN_GAPS (predicates over axis
options, not lists of ids): when a parser change closes a gap its renderings start passing, the
strict xfail turns that into a failure, and the entry must be removed here. Re-measure with
``.venv/bin/python -m tests.layouts_report``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.layouts import AXES, NONSENSE, Rendering, all_renderings, read_back, render

Where = dict[str, frozenset[str]]  # axis -> options; a rendering matches when every axis does


def _matches(where: Where, r: Rendering) -> bool:
    return all(getattr(r, axis) in options for axis, options in where.items())


@dataclass(frozen=True)
class Gap:
    """A class of renderings the current parser gets silently wrong."""

    name: str  # short: pytest shows it as the xfail reason
    reason: str
    where: Where
    # where a louder failure (a finding) of another kind already flags the same renderings
    unless: tuple[Where, ...] = ()

    def covers(self, r: Rendering) -> bool:
        return _matches(self.where, r) and not any(_matches(u, r) for u in self.unless)


def _options(*names: str) -> frozenset[str]:
    return frozenset(names)


# None left: every rendering reads back or is flagged. A new gap goes here, with its reason.
KNOWN_GAPS: tuple[Gap, ...] = ()


def known_gap(r: Rendering) -> Gap | None:
    return next((gap for gap in KNOWN_GAPS if gap.covers(r)), None)


RENDERINGS = all_renderings()


def _param(r: Rendering):
    gap = known_gap(r)
    marks = [pytest.mark.xfail(strict=True, reason=f"known gap: {gap.name}")] if gap else []
    return pytest.param(r, id=r.id, marks=marks)


@pytest.mark.parametrize("rendering", [_param(r) for r in RENDERINGS])
def test_reads_back_or_flags(rendering: Rendering):
    outcome = read_back(rendering)
    assert outcome.verdict != "silent", "figures wrong or missing with no finding:\n  " + \
        "\n  ".join(outcome.differences)


def test_at_least_500_renderings():
    assert len(RENDERINGS) >= 500


def test_every_option_is_rendered():
    used = {option for r in RENDERINGS for option in r}
    assert used == {option for options in AXES.values() for option in options}


def test_every_nonsense_rule_removes_something():
    """A rule that removes nothing is stale: the axes changed under it."""
    from itertools import product, starmap

    every = list(starmap(Rendering, product(*AXES.values())))
    for why, rule in NONSENSE:
        assert any(rule(r) for r in every), why


def test_renderings_differ():
    """Each rendering is its own document: no two option tuples print the same text."""
    documents = {render(r) for r in RENDERINGS}
    assert len(documents) == len(RENDERINGS)


def test_every_known_gap_covers_renderings():
    for gap in KNOWN_GAPS:
        assert any(gap.covers(r) for r in RENDERINGS), gap.reason
