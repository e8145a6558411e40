"""From the warehouse's numbers to the report's plots: each plot with its heading, a one-sentence
reading guide, the numbers behind it as a table, and what to say when there is nothing to draw."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from matplotlib.figure import Figure

from etl.report import figures
from etl.report.queries import RANGE_LABELS, ReportData
from models import CATEGORIES

MAX_FAMILIES = 25  # bars drawn; the others are folded into one bar (the table lists them all)
MAX_RUNS = 30  # load runs drawn and listed, the most recent
NOTHING_LOADED = "The warehouse holds no loaded filings yet: load some with `pmdw load PATH`, then run `pmdw report` again."


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Plot:
    plot_id: str  # the element id of the plot's <figure>, e.g. "plot-assets-by-category"
    heading: str
    guide: str  # one sentence: how to read the plot
    figure: Figure | None  # None: the empty state
    empty_message: str
    table: Table
    note: str = ""  # how the numbers were counted

    @property
    def table_id(self) -> str:
        return "numbers-" + self.plot_id.removeprefix("plot-")


def _year(year: int | None) -> str:
    return "undated" if year is None else str(year)


def _usd(value: float | None) -> str:
    return "" if value is None else figures.usd_short(value)


def _empty_or(nothing_loaded: bool, message: str) -> str:
    return NOTHING_LOADED if nothing_loaded else message


def assets_plot(data: ReportData) -> Plot:
    cells: dict[tuple[str, int | None], list] = defaultdict(list)
    for point in data.assets:
        cells[(point.category, point.year)].append(point.assets)
    rows, series = [], {c: {} for c in CATEGORIES}
    for (category, year), values in cells.items():
        positive = sorted(v for v in values if v is not None and v > 0)
        if year is not None and positive:
            series[category][year] = positive
        rows.append((figures.CATEGORY_LABELS[category], _year(year), str(len(values)),
                     str(sum(v is None for v in values)), str(sum(v == 0 for v in values)),
                     str(len(positive) if year is not None else 0),
                     _usd(positive[0] if positive else None),
                     _usd(statistics.median(positive) if positive else None),
                     _usd(positive[-1] if positive else None)))
    drawn = any(series.values())
    return Plot(
        plot_id="plot-assets-by-category",
        heading="Other accounts managed: total assets by category and as-of year",
        guide="Each dot is one manager's total assets in one category as of a date; the box spans the middle "
              "half of that year's managers with the median as a black line, the whiskers the smallest to the "
              "largest; the scale is logarithmic, so each gridline is ten times the one below.",
        figure=figures.assets_figure(series) if drawn else None,
        empty_message=_empty_or(not data.totals.filings,
                                "No other-accounts figure with a total above zero and an as-of date is loaded."),
        table=Table(("category", "as-of year", "disclosures", "assets NULL", "assets zero", "drawn",
                     "min", "median", "max"), tuple(rows)),
        note="One disclosure is one manager, category and as-of date (figures repeated for several funds or "
             "filings count once). Total assets include the performance-fee accounts, which are a part of "
             "them and are not added again. NULL assets (not disclosed or not read, each with a finding), "
             "zero assets (no such accounts; a log scale cannot draw them) and undated rows are counted in "
             "the table but not drawn. A box of more than "
             f"{figures.MAX_POINTS_PER_BOX} disclosures is drawn without its points.",
    )


def fees_plot(data: ReportData) -> Plot:
    by = {(c.year, c.category): c for c in data.fees}
    years = sorted({c.year for c in data.fees}, key=lambda y: (y is None, y or 0))
    columns = (*CATEGORIES, "*")
    lines = {c: {y: by[(y, c)].fee_managers for y in years if y is not None and (y, c) in by} for c in columns}
    rows = tuple((_year(y), *(_of(by.get((y, c))) for c in columns)) for y in years)
    return Plot(
        plot_id="plot-performance-fee-managers",
        heading="Managers with performance-fee accounts over time",
        guide="Each line counts the managers who report at least one account whose fee is based on performance, "
              "per as-of year; the thick line counts a manager once whatever the category.",
        figure=figures.fees_figure(lines) if any(lines["*"]) else None,
        empty_message=_empty_or(not data.totals.filings, "No other-accounts figure with an as-of date is loaded."),
        table=Table(("as-of year", *(figures.CATEGORY_LABELS[c] for c in columns)), rows),
        note="A manager counts when a row gives more than zero performance-fee accounts or assets; the table "
             "shows these managers of all managers reporting in that year and category. A year without any "
             "figures is a gap in the lines; undated rows are in the table only.",
    )


def _of(count) -> str:
    return "" if count is None else f"{count.fee_managers} of {count.managers}"


def ownership_plot(data: ReportData) -> Plot:
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(RANGE_LABELS))
    for row in data.ownership:
        counts[row.family][row.range_rank] += row.managers
    families = sorted(counts, key=lambda f: (-sum(counts[f]), f))
    ranks = [r for r in range(len(RANGE_LABELS)) if r < 7 or any(counts[f][r] for f in families)]
    drawn = families[:MAX_FAMILIES]
    if len(families) > MAX_FAMILIES:
        rest = families[MAX_FAMILIES:]
        label = f"{len(rest)} other families"
        counts[label] = [sum(counts[f][r] for f in rest) for r in range(len(RANGE_LABELS))]
        drawn.append(label)
    rows = tuple((f, *(str(counts[f][r]) for r in ranks), str(sum(counts[f]))) for f in families)
    return Plot(
        plot_id="plot-ownership-by-family",
        heading="Managers' ownership of fund shares by fund family",
        guide="Each bar is a fund family (the registrant that filed), split into the managers in each dollar "
              "range of the form, from None (lightest) up to over $1,000,000 (darkest).",
        figure=figures.ownership_figure(drawn, counts, ranks) if families else None,
        empty_message=_empty_or(not data.totals.filings, "No manager's ownership range is loaded."),
        table=Table(("fund family (registrant)", *(RANGE_LABELS[r] for r in ranks), "total"), rows),
        note="Fund family is the registrant (the trust or company that files) rather than the adviser: "
             "every filing with EDGAR metadata names its registrant, while the disclosure names the adviser "
             "rarely. Documents loaded without metadata are under '(registrant not known)'. Each manager "
             "counts once per family and range; ranges are placed by their upper bound.",
    )


def load_runs_plot(data: ReportData) -> Plot:
    runs = data.load_runs[-MAX_RUNS:]
    bars = [(str(r.id), (r.loaded, r.unchanged, r.without_disclosure, r.quarantined)) for r in runs]
    rows = tuple((str(r.id), r.started, r.outcome, str(r.seen), str(r.loaded), str(r.unchanged),
                  str(r.without_disclosure), str(r.quarantined), str(r.findings)) for r in runs)
    total = ("all runs", "", "", *(str(sum(getattr(r, a) for r in data.load_runs)) for a in
                                   ("seen", "loaded", "unchanged", "without_disclosure", "quarantined", "findings")))
    shown = f"the last {len(runs)} of {len(data.load_runs)} runs" if len(data.load_runs) > len(runs) else "every run"
    return Plot(
        plot_id="plot-load-runs",
        heading="Warehouse health: documents per load run",
        guide="Each bar is one run of `pmdw load` (or of the loads `pmdw sync` makes), split into the documents "
              "it loaded, found unchanged, found without a disclosure, and quarantined (red).",
        figure=figures.load_runs_figure(bars) if runs else None,
        empty_message="No load run is recorded: nothing has been loaded into this warehouse yet.",
        table=Table(("run", "started (UTC)", "outcome", "seen", "loaded", "unchanged", "without disclosure",
                     "quarantined", "findings"), (*rows, total) if runs else ()),
        note=f"The plot shows {shown}; the last line of the table adds up all runs. "
             f"{data.quarantined_now} document(s) are in quarantine now (quarantined_documents: a document "
             "leaves it when it later loads).",
    )


def findings_plot(data: ReportData) -> Plot:
    bars = [(f.check_name, f.severity, f.findings) for f in data.findings]
    rows = tuple((f.check_name, f.severity, str(f.findings), str(f.documents)) for f in data.findings)
    return Plot(
        plot_id="plot-findings-by-check",
        heading="Warehouse health: data-quality findings by check",
        guide="Each bar counts the findings of one check in the loaded documents, coloured by severity (red "
              "error, orange warning, grey info), the most frequent on top.",
        figure=figures.findings_figure(bars) if bars else None,
        empty_message=_empty_or(not data.totals.filings,
                                "No data-quality findings: every loaded document was read without one."),
        table=Table(("check", "severity", "findings", "documents"), rows),
        note="From data_quality_findings: findings belong to the loaded version of each document and go "
             "with it when it is replaced.",
    )


PLOTS = (assets_plot, fees_plot, ownership_plot, load_runs_plot, findings_plot)


def plots(data: ReportData) -> tuple[Plot, ...]:
    return tuple(build(data) for build in PLOTS)
