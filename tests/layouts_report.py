"""How the current parser reads the layout variations of `tests.layouts`, option by option.

Run ``.venv/bin/python -m tests.layouts_report`` (add ``--examples`` for one rendering id and
its differences per failing class). Prints the totals (renderings, read back, flagged, silent,
known gaps), then one Markdown table per axis: for each option, how many of its renderings read
back, were flagged (wrong or missing figures, with a finding) or were silently wrong (no finding).
Re-run after a parser change and shrink KNOWN_GAPS in tests/test_layout_variations.py to match.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter

from tests.layouts import AXES, NONSENSE, Outcome, Rendering, all_renderings, read_back
from tests.test_layout_variations import known_gap

VERDICTS = ("read_back", "flagged", "silent")


def totals(outcomes: list[Outcome]) -> list[str]:
    counts = Counter(o.verdict for o in outcomes)
    known = sum(1 for o in outcomes if known_gap(o.rendering))
    unknown_silent = sum(1 for o in outcomes if o.verdict == "silent" and not known_gap(o.rendering))
    every = len(list(itertools.product(*AXES.values())))
    n = len(outcomes)
    wrong_loaded = sum(1 for o in outcomes if o.verdict == "flagged"
                       and any(not d.endswith(": missing") for d in o.differences))
    lines = [f"renderings: {n} (of {every} combinations; the rest make no sense, see NONSENSE)",
             *(f"{v:<10} {counts[v]:>5}  {counts[v] / n:6.1%}" for v in VERDICTS),
             f"  flagged with wrong values loaded (not only rows missing): {wrong_loaded}",
             f"known gaps (strict xfail): {known}; silent outside the known gaps: {unknown_silent}"]
    return lines


def per_option(outcomes: list[Outcome]) -> list[str]:
    lines = []
    for axis, options in AXES.items():
        lines += ["", f"| {axis} | renderings | read back | flagged | silent | read back % |",
                  "|---|---:|---:|---:|---:|---:|"]
        for option in options:
            mine = [o for o in outcomes if getattr(o.rendering, axis) == option]
            c = Counter(o.verdict for o in mine)
            share = f"{c['read_back'] / len(mine):.0%}" if mine else "-"
            lines.append(f"| {option} | {len(mine)} | {c['read_back']} | {c['flagged']} | "
                         f"{c['silent']} | {share} |")
    return lines


def failure_classes(outcomes: list[Outcome]) -> list[str]:
    """Renderings that fail, by (orientation, packing, name, verdict), with one example each."""
    classes: dict[tuple, list[Outcome]] = {}
    for o in outcomes:
        if o.verdict != "read_back":
            r = o.rendering
            classes.setdefault((r.fmt, r.orientation, r.packing, r.name, o.verdict), []).append(o)
    lines = ["", "failure classes (fmt, orientation, packing, name, verdict): count, one example"]
    for key, members in sorted(classes.items()):
        example = members[0]
        lines.append(f"  {' / '.join(key)}: {len(members)}  e.g. {example.rendering.id}")
        lines += [f"      - {d}" for d in example.differences[:3]]
        lines += [f"      ! {f[:140]}" for f in example.findings[:1]]
    return lines


def nonsense_counts() -> list[str]:
    every = list(itertools.starmap(Rendering, itertools.product(*AXES.values())))
    return ["", "combinations dropped as nonsense (a combination may fall under several rules):",
            *(f"  {sum(1 for r in every if rule(r)):>6}  {why}" for why, rule in NONSENSE)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", action="store_true", help="list failure classes with an example each")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    outcomes = [read_back(r) for r in all_renderings()]
    lines = totals(outcomes) + per_option(outcomes) + nonsense_counts()
    if args.examples:
        lines += failure_classes(outcomes)
    lines.append(f"\n({time.perf_counter() - started:.1f} s)")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
