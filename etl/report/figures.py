"""The report's plots: matplotlib figures rendered to SVG text to inline in the page.

No pyplot and no display: figures are made with ``matplotlib.figure.Figure`` and written by the
SVG backend (PNG, for a look during development, by Agg). The SVG is deterministic: a fixed
hash salt per plot (so two plots in one page never share an element id), no date in the
metadata, text kept as text (``svg.fonttype = none``: small, searchable, selectable).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator

from etl.report.queries import RANGE_LABELS

CATEGORY_LABELS = {
    "registered_investment_companies": "Registered investment companies",
    "other_pooled_investment_vehicles": "Other pooled investment vehicles",
    "other_accounts": "Other accounts",
    "*": "Any category",
}
CATEGORY_COLORS = {
    "registered_investment_companies": "#1f77b4",
    "other_pooled_investment_vehicles": "#ff7f0e",
    "other_accounts": "#2ca02c",
    "*": "#444444",
}
# From "None" (light) up to "Over $1,000,000" (dark), and a grey for the odd open range.
RANGE_COLORS = ("#d9d9d9", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594", "#bcbd22")
SEVERITY_COLORS = {"error": "#d62728", "warning": "#ff7f0e", "info": "#7f7f7f"}
RUN_PARTS = (("loaded", "#2ca02c"), ("unchanged", "#9ecae1"), ("without disclosure", "#c7c7c7"),
             ("quarantined", "#d62728"))

# A box with more points than this is drawn without them: a point is an SVG element, and a
# large warehouse would otherwise make a page of megabytes.
MAX_POINTS_PER_BOX = 150

RC = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",  # written as "'DejaVu Sans', sans-serif": a fallback where it is missing
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
}


def usd_short(value: float) -> str:
    """A dollar amount the way an axis reads it.

    >>> [usd_short(v) for v in (0, 950, 12_500, 3_000_000, 15_700_000_000, 2.5e12)]
    ['$0', '$950', '$12.5K', '$3M', '$15.7B', '$2.5T']
    """
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= size:
            return f"${value / size:.3g}{suffix}"
    return f"${value:.0f}"


def plain(label: str) -> str:
    """A label drawn as printed: a pair of "$" would start matplotlib's math mode.

    >>> plain("$1-$10,000")
    '\\\\$1-\\\\$10,000'
    """
    return label.replace("$", r"\$")


def to_svg(figure: Figure, salt: str) -> str:
    """The figure as an <svg> element (no XML prolog, doctype, comment or RDF metadata) to inline in HTML."""
    buffer = io.StringIO()
    with matplotlib.rc_context({**RC, "svg.hashsalt": salt}):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg[svg.index("<svg"):], flags=re.DOTALL)  # RDF: no use inline
    return scoped_ids(svg.strip(), _initials(salt))


def _initials(name: str) -> str:
    """A short id prefix from a plot id (short: a scatter plot repeats it for every point).

    >>> _initials("plot-assets-by-category")
    'pabc'
    """
    return "".join(word[0] for word in name.split("-"))


def scoped_ids(svg: str, prefix: str) -> str:
    """Every element id of the SVG, and every reference to one, prefixed: matplotlib names its
    groups "figure_1", "axes_1" in every figure, and ids must be unique in the page.

    >>> scoped_ids('<g id="axes_1"><use xlink:href="#m1" clip-path="url(#p2)"/></g>', "plot-a")
    '<g id="plot-a-axes_1"><use xlink:href="#plot-a-m1" clip-path="url(#plot-a-p2)"/></g>'
    """
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)
    return re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)


def to_png(figure: Figure, path) -> None:
    """A PNG of the figure (Agg), to look at a plot during development."""
    figure.savefig(path, format="png", dpi=110, bbox_inches="tight")


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(RC):
        return Figure(figsize=(width, height), layout="constrained")


def assets_figure(series: dict[str, dict[int, list[float]]]) -> Figure:
    """Box plots with the points over them, one panel per category, as-of years across, log scale.

    ``series[category][year]`` holds the positive assets (dollars) of that category and year."""
    with matplotlib.rc_context(RC):
        figure = _figure(9.5, 2.6 * len(series) + 0.4)
        axes = figure.subplots(len(series), 1, sharex=True, squeeze=False)[:, 0]
        for ax, (category, by_year) in zip(axes, series.items()):
            _assets_panel(ax, category, by_year)
        axes[-1].set_xlabel("as-of year")
        axes[-1].xaxis.set_major_locator(MaxNLocator(integer=True))
    return figure


def _assets_panel(ax, category: str, by_year: dict[int, list[float]]) -> None:
    """Boxes (middle half, median) with whiskers from the smallest to the largest value, and the
    points themselves where a year has at most MAX_POINTS_PER_BOX of them."""
    color = CATEGORY_COLORS[category]
    years = sorted(by_year)
    if years:
        ax.boxplot([by_year[y] for y in years], positions=years, whis=(0, 100), widths=0.6, manage_ticks=False,
                   medianprops={"color": "black"}, boxprops={"color": color}, whiskerprops={"color": color},
                   capprops={"color": color})
    for year in years:
        points = by_year[year]
        if len(points) <= MAX_POINTS_PER_BOX:
            offsets = [year + 0.22 * (((i * 7) % 11) / 10 - 0.5) for i in range(len(points))]
            ax.scatter(offsets, points, s=9, color=color, alpha=0.55, linewidths=0, zorder=3)
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: usd_short(v)))
    ax.set_title(CATEGORY_LABELS[category], loc="left", fontsize=10)
    ax.set_ylabel("total assets")
    if not by_year:
        ax.text(0.5, 0.5, "no dated, positive total assets in this category", transform=ax.transAxes,
                ha="center", va="center", color="#666666")


def fees_figure(lines: dict[str, dict[int, int]]) -> Figure:
    """Managers with performance-fee accounts per as-of year: a line per category and one for any."""
    with matplotlib.rc_context(RC):
        figure = _figure(9.5, 4.2)
        ax = figure.subplots()
        for category, by_year in lines.items():
            years = list(range(min(by_year), max(by_year) + 1)) if by_year else []
            # a year with no figures at all is a gap in the line, not a line drawn across it
            ax.plot(years, [by_year.get(y, math.nan) for y in years], marker="o", markersize=4,
                    linewidth=2.6 if category == "*" else 1.4, color=CATEGORY_COLORS[category],
                    label=CATEGORY_LABELS[category])
        ax.set_xlabel("as-of year")
        ax.set_ylabel("managers with performance-fee accounts")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        top = max((v for by_year in lines.values() for v in by_year.values()), default=0)
        ax.set_ylim(-0.03 * top - 0.3, top * 1.06 + 0.5)  # room for the markers on zero and at the top
        ax.legend(frameon=False, loc="upper left")
    return figure


def ownership_figure(families: Sequence[str], counts: dict[str, list[int]], ranks: Sequence[int]) -> Figure:
    """Stacked horizontal bars: managers per dollar range (``counts[family][rank]``), one bar per family."""
    with matplotlib.rc_context(RC):
        figure = _figure(9.5, 1.2 + 0.32 * len(families))
        ax = figure.subplots()
        rows = list(range(len(families)))[::-1]  # the first family on top
        left = [0] * len(families)
        for rank in ranks:
            widths = [counts[f][rank] for f in families]
            ax.barh(rows, widths, left=left, color=RANGE_COLORS[rank], label=plain(RANGE_LABELS[rank]),
                    edgecolor="white", linewidth=0.5)
            left = [a + b for a, b in zip(left, widths)]
        ax.set_yticks(rows, [plain(f) for f in families])
        ax.set_xlabel("managers")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="y", visible=False)
        ax.legend(frameon=False, ncols=min(4, len(ranks)), loc="lower left", bbox_to_anchor=(0, 1.0),
                  fontsize=9)
    return figure


def load_runs_figure(runs: Sequence[tuple[str, Sequence[int]]]) -> Figure:
    """Stacked bars per load run (label, counts in RUN_PARTS order)."""
    with matplotlib.rc_context(RC):
        figure = _figure(9.5, 3.6)
        ax = figure.subplots()
        positions = list(range(len(runs)))
        bottom = [0] * len(runs)
        for index, (part, color) in enumerate(RUN_PARTS):
            heights = [counts[index] for _label, counts in runs]
            ax.bar(positions, heights, bottom=bottom, color=color, label=part, width=0.7)
            bottom = [a + b for a, b in zip(bottom, heights)]
        ax.set_xticks(positions, [label for label, _counts in runs], rotation=0 if len(runs) < 12 else 90)
        ax.set_xlim(-0.6, max(len(runs), 8) - 0.4)  # a bar or two keep a bar's width
        ax.set_xlabel("load run")
        ax.set_ylabel("documents")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="x", visible=False)
        ax.legend(frameon=False, ncols=4, loc="lower left", bbox_to_anchor=(0, 1.0))
    return figure


def findings_figure(bars: Sequence[tuple[str, str, int]]) -> Figure:
    """Horizontal bars: findings per check (check, severity, count), the most frequent on top."""
    with matplotlib.rc_context(RC):
        figure = _figure(9.5, 1.0 + 0.32 * len(bars))
        ax = figure.subplots()
        rows = list(range(len(bars)))[::-1]
        ax.barh(rows, [n for _c, _s, n in bars], color=[SEVERITY_COLORS.get(s, "#7f7f7f") for _c, s, _n in bars])
        ax.set_yticks(rows, [plain(f"{check} ({severity})") for check, severity, _n in bars])
        for row, (_c, _s, n) in zip(rows, bars):
            ax.annotate(str(n), (n, row), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
        ax.set_xlabel("findings")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="y", visible=False)
    return figure

