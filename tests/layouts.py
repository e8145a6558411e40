"""Layout variations: one set of facts rendered in many layouts, to read back or be flagged.

Issue 9 asks that a disclosure read the same whatever its layout: where the manager is named,
where the unit is printed, whether count and assets share a cell, spacer and "$" cells, the
markup the filing software wrote, HTML or plain text. This module renders FACTS (two managers,
three categories, counts, assets, performance-fee figures, zeros, an as-of date) along AXES, each
a tuple of options; a rendering is one option per axis. Combinations that make no sense (spacer
columns in prose, "$" cells beside packed cells) are dropped by the rules in NONSENSE, as data.

A rendering becomes a small SAI-like document: title block, "Portfolio Managers" heading, an
introduction naming the managers, a lead-in with the as-of date, then the disclosure laid out by
its orientation, then a compensation paragraph. Orientation builders produce a neutral model
(paragraphs and tables of cells); two writers turn it into EDGAR HTML (font tags, styled
divs/spans, inline-XBRL) or an EDGAR plain-text document with ``<TABLE>``/``<S>``/``<C>``.

Every name, fund and figure here is invented.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from tests.layouts_writers import Block, Cell, Para, Table, write_html, write_text

# --------------------------------------------------------------------------------------------
# The facts

AS_OF = dt.date(2024, 9, 30)
AS_OF_TEXT = "September 30, 2024"
TRUST = "Tamarack Ridge Funds Trust"
FUND = "Tamarack Ridge Balanced Income Fund"
ADVISER = "Tamarack Ridge Capital Management, LLC"
CATEGORIES = ("registered_investment_companies", "other_pooled_investment_vehicles",
              "other_accounts")


@dataclass(frozen=True)
class Manager:
    full: str
    family: str
    title: str  # "Ms." / "Mr.": how notes refer to the manager


@dataclass(frozen=True)
class Figures:
    num: int
    assets_m: Decimal  # millions of USD, one decimal: every unit prints it exactly
    perf_num: int
    perf_assets_m: Decimal

    @property
    def assets_usd(self) -> Decimal:
        return self.assets_m * 1_000_000

    @property
    def perf_assets_usd(self) -> Decimal:
        return self.perf_assets_m * 1_000_000


MANAGERS = (Manager("Helena V. Marsh", "Marsh", "Ms."), Manager("Desmond K. Aldana", "Aldana", "Mr."))
D = Decimal
FACTS: dict[tuple[str, str], Figures] = {
    ("Helena V. Marsh", "registered_investment_companies"): Figures(4, D("12345.6"), 0, D("0")),
    ("Helena V. Marsh", "other_pooled_investment_vehicles"): Figures(2, D("418.2"), 1, D("97.5")),
    ("Helena V. Marsh", "other_accounts"): Figures(11, D("1052.9"), 2, D("150.4")),
    ("Desmond K. Aldana", "registered_investment_companies"): Figures(3, D("876.0"), 0, D("0")),
    ("Desmond K. Aldana", "other_pooled_investment_vehicles"): Figures(0, D("0"), 0, D("0")),
    ("Desmond K. Aldana", "other_accounts"): Figures(7, D("2312.7"), 1, D("64.3")),
}

CATEGORY_LABEL = {"registered_investment_companies": "Registered Investment Companies",
                  "other_pooled_investment_vehicles": "Other Pooled Investment Vehicles",
                  "other_accounts": "Other Accounts"}
# typed stacked counts ("4 RICs" / "2 PIVs" / "11 Other Accounts"), singular and plural
CATEGORY_SHORT = {"registered_investment_companies": ("RIC", "RICs"),
                  "other_pooled_investment_vehicles": ("PIV", "PIVs"),
                  "other_accounts": ("Other Account", "Other Accounts")}
CATEGORY_PROSE = {"registered_investment_companies": ("registered investment company",
                                                      "registered investment companies"),
                  "other_pooled_investment_vehicles": ("other pooled investment vehicle",
                                                       "other pooled investment vehicles"),
                  "other_accounts": ("other account", "other accounts")}

# --------------------------------------------------------------------------------------------
# The axes

AXES: dict[str, tuple[str, ...]] = {
    "fmt": ("html", "text"),
    "orientation": ("managers_as_rows", "categories_as_rows", "transposed", "per_manager",
                    "key_value", "prose"),
    # where the unit is: in each cell (whole dollars, or "$1,052.9 million"), else amounts in
    # millions with one decimal and the unit in the column header, caption, note or lead-in
    "unit": ("unit_cell_dollars", "unit_cell_words", "unit_header", "unit_caption", "unit_note",
             "unit_lead_in"),
    "packing": ("separate", "packed", "stacked"),
    "name": ("name_own_column", "name_full_width_row", "name_header", "name_sentence_before",
             "name_surname_glued"),
    "spacers": ("no_spacers", "spacers"),
    "dollar": ("dollar_cells", "dollar_inline", "no_dollar"),
    "markup": ("font", "styled", "ixbrl", "sgml"),
}


class Rendering(NamedTuple):
    fmt: str
    orientation: str
    unit: str
    packing: str
    name: str
    spacers: str
    dollar: str
    markup: str

    @property
    def id(self) -> str:
        return "-".join(self)

    @property
    def options(self) -> frozenset[str]:
        return frozenset(self)

    @property
    def in_millions(self) -> bool:
        return self.unit not in ("unit_cell_dollars", "unit_cell_words")


TABLE_ORIENTATIONS = ("managers_as_rows", "categories_as_rows", "transposed", "per_manager", "key_value")
NAME_PLACES = {
    "managers_as_rows": ("name_own_column", "name_full_width_row", "name_surname_glued"),
    "categories_as_rows": ("name_own_column", "name_full_width_row", "name_surname_glued"),
    "transposed": ("name_header", "name_sentence_before", "name_full_width_row"),
    "per_manager": ("name_header", "name_sentence_before", "name_full_width_row"),
    "key_value": ("name_header", "name_sentence_before", "name_full_width_row"),
    "prose": ("name_sentence_before",),
}
PACKINGS = {
    "managers_as_rows": ("separate", "packed", "stacked"),
    "categories_as_rows": ("separate", "packed"),
    "transposed": ("separate", "packed"),
    "per_manager": ("separate", "packed"),
    "key_value": ("separate", "packed"),
    "prose": ("separate",),
}

# (why, predicate): a rendering matching any predicate is not rendered
NONSENSE: tuple[tuple[str, Callable[[Rendering], bool]], ...] = (
    ("SGML markup is the plain-text format's, and only its",
     lambda r: (r.fmt == "text") != (r.markup == "sgml")),
    ("spacer columns exist only in HTML tables",
     lambda r: r.spacers == "spacers" and (r.fmt == "text" or r.orientation == "prose")),
    ("each orientation names managers in its own places",
     lambda r: r.name not in NAME_PLACES[r.orientation]),
    ("each orientation packs figures in its own ways",
     lambda r: r.packing not in PACKINGS[r.orientation]),
    ("prose states each amount's unit in the sentence",
     lambda r: r.orientation == "prose" and r.in_millions),
    ("prose prints '$' before its amounts",
     lambda r: r.orientation == "prose" and r.dollar != "dollar_inline"),
    ("a '$' cell stands beside an amount cell of its own",
     lambda r: r.dollar == "dollar_cells" and (r.packing != "separate" or r.orientation == "key_value")),
)


def is_sensible(r: Rendering) -> bool:
    return not any(rule(r) for _, rule in NONSENSE)


def all_renderings() -> list[Rendering]:
    """Every sensible combination of the axes' options (the full product, filtered)."""
    return [r for r in itertools.starmap(Rendering, itertools.product(*AXES.values()))
            if is_sensible(r)]


# --------------------------------------------------------------------------------------------
# The neutral model: paragraphs and tables of cells




def amount_text(usd_m: Decimal, r: Rendering) -> str:
    """An amount as the rendering prints it, without any "$" kept in a cell of its own."""
    if usd_m == 0:
        body = "0"
    elif r.unit == "unit_cell_dollars":
        body = f"{usd_m * 1_000_000:,.0f}"
    elif r.unit == "unit_cell_words":
        body = f"{usd_m:,.1f} million"
    else:
        body = f"{usd_m:,.1f}"
    return "$" + body if r.dollar == "dollar_inline" else body


def amount_cell(usd_m: Decimal, r: Rendering) -> Cell:
    return Cell(amount_text(usd_m, r), "amount", dollar=r.dollar == "dollar_cells")


def packed_text(num: int, usd_m: Decimal, r: Rendering) -> str:
    return f"{num} / {amount_text(usd_m, r)}"


UNIT_SUFFIX = " (in millions)"


def assets_title(r: Rendering, title: str = "Total Assets") -> str:
    return title + (UNIT_SUFFIX if r.unit == "unit_header" else "")


def name_text(manager: Manager, r: Rendering, index: int) -> str:
    return f"{manager.family}{index + 1}" if r.name == "name_surname_glued" else manager.full


def finish_table(table: Table, r: Rendering) -> Table:
    """Adds the unit where the rendering puts it outside the cells, and the name footnotes."""
    if r.unit == "unit_caption":
        table.caption = "(Dollar amounts in millions)"
    if r.unit == "unit_note":
        table.notes.append("Total assets are in millions.")
    if r.name == "name_surname_glued" and table.body:
        table.notes += [f"{i + 1} {m.title} {m.family} has been a portfolio manager of the Fund "
                        f"since {2016 + 3 * i}." for i, m in enumerate(MANAGERS)]
    return table


# --------------------------------------------------------------------------------------------
# Orientations: each returns the blocks that follow the lead-in


def _managers_as_rows_head(r: Rendering) -> list[list[Cell]]:
    if r.packing == "stacked":
        return [[Cell("Portfolio Manager", bold=True), Cell("Number and Type of Accounts", bold=True),
                 Cell(assets_title(r), bold=True),
                 Cell("Number and Type of Accounts with Performance-Based Fees", bold=True),
                 Cell(assets_title(r, "Total Assets of Performance-Based Fee Accounts"), bold=True)]]
    per_category = 1 if r.packing == "packed" else 2
    groups = [Cell(""), Cell("All Accounts", span=3 * per_category, bold=True),
              Cell("Accounts with Performance-Based Advisory Fees", span=3 * per_category, bold=True)]
    categories = [Cell("")] + [Cell(CATEGORY_LABEL[c], span=per_category, bold=True)
                               for c in CATEGORIES * 2]
    if r.packing == "packed":
        measures = [Cell(f"Number of Accounts / {assets_title(r)}", bold=True)] * 6
    else:
        measures = [Cell("Number of Accounts", bold=True), Cell(assets_title(r), bold=True)] * 6
    return [groups, categories, [Cell("Portfolio Manager", bold=True)] + measures]


def _managers_as_rows_values(manager: Manager, r: Rendering) -> list[Cell]:
    figures = [FACTS[manager.full, c] for c in CATEGORIES]
    if r.packing == "stacked":
        def typed(n: int, c: str) -> str:
            return f"{n} {CATEGORY_SHORT[c][n != 1]}"
        return [Cell("\n".join(typed(f.num, c) for f, c in zip(figures, CATEGORIES)), "num"),
                Cell("\n".join(amount_text(f.assets_m, r) for f in figures), "amount"),
                Cell("\n".join(typed(f.perf_num, c) for f, c in zip(figures, CATEGORIES)), "num"),
                Cell("\n".join(amount_text(f.perf_assets_m, r) for f in figures), "amount")]
    if r.packing == "packed":
        return [Cell(packed_text(f.num, f.assets_m, r), "amount") for f in figures] + \
            [Cell(packed_text(f.perf_num, f.perf_assets_m, r), "amount") for f in figures]
    return [cell for f in figures for cell in (Cell(str(f.num), "num"), amount_cell(f.assets_m, r))] + \
        [cell for f in figures for cell in (Cell(str(f.perf_num), "num"), amount_cell(f.perf_assets_m, r))]


def managers_as_rows(r: Rendering) -> list[Block]:
    head = _managers_as_rows_head(r)
    width = sum(cell.span for cell in head[-1])
    body: list[list[Cell]] = []
    for index, manager in enumerate(MANAGERS):
        values = _managers_as_rows_values(manager, r)
        if r.name == "name_full_width_row":
            body.append([Cell(manager.full, span=width, bold=True)])
            body.append([Cell("")] + values)
        else:
            body.append([Cell(name_text(manager, r, index))] + values)
    return [finish_table(Table(head, body, blank_between_rows=r.packing == "stacked"), r)]


def _category_row_values(figures: Figures, r: Rendering) -> list[Cell]:
    if r.packing == "packed":
        return [Cell(packed_text(figures.num, figures.assets_m, r), "amount"),
                Cell(packed_text(figures.perf_num, figures.perf_assets_m, r), "amount")]
    return [Cell(str(figures.num), "num"), amount_cell(figures.assets_m, r),
            Cell(str(figures.perf_num), "num"), amount_cell(figures.perf_assets_m, r)]


def _category_rows_head(r: Rendering, first: list[Cell]) -> list[list[Cell]]:
    """Two header rows over "Type of Account" and the all / performance-fee measure columns."""
    if r.packing == "packed":
        measures = [Cell(f"Number of Accounts / {assets_title(r)}", bold=True),
                    Cell(f"Number of Accounts with Performance-Based Fees / {assets_title(r)}", bold=True)]
        return [first + measures]
    groups = [Cell("")] * len(first) + [Cell("All Accounts", span=2, bold=True),
                                        Cell("Accounts with Performance-Based Advisory Fees", span=2, bold=True)]
    measures = [Cell("Number of Accounts", bold=True), Cell(assets_title(r), bold=True)] * 2
    return [groups, first + measures]


def categories_as_rows(r: Rendering) -> list[Block]:
    own_column = r.name != "name_full_width_row"
    first = ([Cell("Portfolio Manager", bold=True)] if own_column else []) + [Cell("Type of Account", bold=True)]
    head = _category_rows_head(r, first)
    width = sum(cell.span for cell in head[-1])
    body: list[list[Cell]] = []
    for index, manager in enumerate(MANAGERS):
        if not own_column:
            body.append([Cell(manager.full, span=width, bold=True)])
        for position, category in enumerate(CATEGORIES):
            name = [Cell(name_text(manager, r, index) if position == 0 else "")] if own_column else []
            body.append(name + [Cell(CATEGORY_LABEL[category])] +
                        _category_row_values(FACTS[manager.full, category], r))
    return [finish_table(Table(head, body), r)]


def _per_manager_intro(manager: Manager, r: Rendering) -> list[Block]:
    if r.name == "name_sentence_before":
        return [Para(f"The table below shows the other accounts for which {manager.full} had "
                     f"day-to-day management responsibility.")]
    return []


def _transposed_rows(manager: Manager, r: Rendering) -> list[list[Cell]]:
    figures = [FACTS[manager.full, c] for c in CATEGORIES]
    if r.packing == "packed":
        return [[Cell(f"Number of Accounts Managed / {assets_title(r, 'Assets Managed')}")] +
                [Cell(packed_text(f.num, f.assets_m, r), "amount") for f in figures],
                [Cell(f"Number of Accounts / {assets_title(r, 'Assets')} with Performance-Based "
                      f"Advisory Fees")] +
                [Cell(packed_text(f.perf_num, f.perf_assets_m, r), "amount") for f in figures]]
    return [[Cell("Number of Accounts Managed")] + [Cell(str(f.num), "num") for f in figures],
            [Cell(assets_title(r, "Assets Managed"))] + [amount_cell(f.assets_m, r) for f in figures],
            [Cell("Number of Accounts Managed with Performance-Based Advisory Fees")] +
            [Cell(str(f.perf_num), "num") for f in figures],
            [Cell(assets_title(r, "Assets Managed with Performance-Based Advisory Fees"))] +
            [amount_cell(f.perf_assets_m, r) for f in figures]]


def transposed(r: Rendering) -> list[Block]:
    """One table per manager, the categories as columns and the measures as rows."""
    blocks: list[Block] = []
    for manager in MANAGERS:
        corner = manager.full if r.name == "name_header" else ""
        head = [[Cell(corner, bold=True)] + [Cell(CATEGORY_LABEL[c], bold=True) for c in CATEGORIES]]
        body = _transposed_rows(manager, r)
        if r.name == "name_full_width_row":
            body.insert(0, [Cell(manager.full, span=4, bold=True)])
        blocks += _per_manager_intro(manager, r) + [finish_table(Table(head, body), r)]
    return blocks


def per_manager(r: Rendering) -> list[Block]:
    """One table per manager, the categories as rows; the manager named around the table."""
    blocks: list[Block] = []
    for manager in MANAGERS:
        first = f"Type of Accounts Managed by {manager.full}" if r.name == "name_header" else "Type of Account"
        head = _category_rows_head(r, [Cell(first, bold=True)])
        width = sum(cell.span for cell in head[-1])
        body = [[Cell(CATEGORY_LABEL[c])] + _category_row_values(FACTS[manager.full, c], r) for c in CATEGORIES]
        if r.name == "name_full_width_row":
            body.insert(0, [Cell(manager.full, span=width, bold=True)])
        blocks += _per_manager_intro(manager, r) + [finish_table(Table(head, body), r)]
    return blocks


def _key_value_rows(manager: Manager, r: Rendering) -> list[list[Cell]]:
    rows = []
    for category in CATEGORIES:
        f = FACTS[manager.full, category]
        plural = CATEGORY_PROSE[category][1]
        perf = " with performance-based advisory fees"
        if r.packing == "packed":
            rows.append([Cell(f"Number of {plural} managed / total assets"
                              f"{UNIT_SUFFIX if r.unit == 'unit_header' else ''}"),
                         Cell(packed_text(f.num, f.assets_m, r), "amount")])
            rows.append([Cell(f"Number of {plural} managed{perf} / total assets"
                              f"{UNIT_SUFFIX if r.unit == 'unit_header' else ''}"),
                         Cell(packed_text(f.perf_num, f.perf_assets_m, r), "amount")])
            continue
        unit = UNIT_SUFFIX if r.unit == "unit_header" else ""
        rows += [[Cell(f"Number of {plural} managed"), Cell(str(f.num), "num")],
                 [Cell(f"Total assets of {plural} managed{unit}"), amount_cell(f.assets_m, r)],
                 [Cell(f"Number of {plural} managed{perf}"), Cell(str(f.perf_num), "num")],
                 [Cell(f"Total assets of {plural} managed{perf}{unit}"), amount_cell(f.perf_assets_m, r)]]
    return rows


def key_value(r: Rendering) -> list[Block]:
    """Per manager, a two-column list of labelled figures."""
    blocks: list[Block] = []
    for manager in MANAGERS:
        head = [[Cell(manager.full, bold=True), Cell("")]] if r.name == "name_header" else []
        body = _key_value_rows(manager, r)
        if r.name == "name_full_width_row":
            body.insert(0, [Cell(manager.full, span=2, bold=True)])
        blocks += _per_manager_intro(manager, r) + [finish_table(Table(head, body), r)]
    return blocks


def _prose_clause(num: int, usd_m: Decimal, category: str, r: Rendering) -> str:
    noun = CATEGORY_PROSE[category][num != 1]
    return f"{num} {noun} with total assets of {amount_text(usd_m, r)}"


def _joined(clauses: list[str]) -> str:
    return ", ".join(clauses[:-1]) + " and " + clauses[-1]


def prose(r: Rendering) -> list[Block]:
    blocks: list[Block] = []
    for manager in MANAGERS:
        figures = [(FACTS[manager.full, c], c) for c in CATEGORIES]
        managed = _joined([_prose_clause(f.num, f.assets_m, c, r) for f, c in figures])
        perf = _joined([_prose_clause(f.perf_num, f.perf_assets_m, c, r) for f, c in figures])
        blocks.append(Para(f"{manager.full} managed {managed}. Of these accounts, {perf} pay an "
                           f"advisory fee that is based on the performance of the account."))
    return blocks


ORIENTATIONS: dict[str, Callable[[Rendering], list[Block]]] = {
    "managers_as_rows": managers_as_rows, "categories_as_rows": categories_as_rows,
    "transposed": transposed, "per_manager": per_manager, "key_value": key_value, "prose": prose,
}


def document_blocks(r: Rendering) -> tuple[list[Block], list[Block], list[Block]]:
    """(title block, the portfolio-manager section, what follows it)."""
    title = [Para(TRUST.upper(), bold=True, center=True), Para(FUND.upper(), bold=True, center=True),
             Para("STATEMENT OF ADDITIONAL INFORMATION", bold=True, center=True),
             Para("February 1, 2025", center=True)]
    intro = Para(f"{MANAGERS[0].full} and {MANAGERS[1].full} are jointly and primarily responsible "
                 f"for the day-to-day management of the Fund's portfolio. Each is employed by "
                 f"{ADVISER} (the \"Adviser\").")
    unit = " Total assets are shown in millions of dollars." if r.unit == "unit_lead_in" else ""
    if r.orientation == "prose":
        lead = Para(f"Other Accounts Managed. As of {AS_OF_TEXT}, the portfolio managers were "
                    f"also responsible for the day-to-day management of the accounts described "
                    f"below.{unit}")
    else:
        lead = Para(f"Other Accounts Managed. The following table provides information about the "
                    f"other accounts managed by each portfolio manager as of {AS_OF_TEXT}.{unit}")
    section = [Para("Portfolio Managers", bold=True), intro, lead, *ORIENTATIONS[r.orientation](r)]
    after = [Para("Compensation. Each portfolio manager receives a fixed salary and a discretionary "
                  "bonus that depends mainly on the three- and five-year pre-tax performance of the "
                  "accounts he or she manages relative to their benchmarks.")]
    return title, section, after


def render(r: Rendering) -> str:
    """The document for ``r``: HTML as EDGAR serves it, or an EDGAR plain-text document."""
    title, section, after = document_blocks(r)
    return write_html(r.markup, r.spacers == "spacers", title, section, after) if r.fmt == "html" else write_text(title, section, after)


def expected_rows() -> Iterator[tuple[Manager, str, Figures]]:
    for manager in MANAGERS:
        for category in CATEGORIES:
            yield manager, category, FACTS[manager.full, category]


# --------------------------------------------------------------------------------------------
# Reading back


@dataclass(frozen=True)
class Outcome:
    """What the parser made of a rendering: its differences from FACTS and its findings."""

    rendering: Rendering
    differences: tuple[str, ...]  # empty: every figure read back exactly
    findings: tuple[str, ...]  # warning and error findings, "check_name: message"

    @property
    def verdict(self) -> str:
        """"read_back", "flagged" (differs, with a finding) or "silent" (differs, no finding)."""
        if not self.differences:
            return "read_back"
        return "flagged" if self.findings else "silent"


ACCOUNT_FIELDS = ("num_accounts", "total_assets_usd", "perf_num_accounts", "perf_total_assets_usd",
                  "as_of_date")


def _wanted(figures: Figures) -> dict:
    return {"num_accounts": figures.num, "total_assets_usd": figures.assets_usd,
            "perf_num_accounts": figures.perf_num, "perf_total_assets_usd": figures.perf_assets_usd,
            "as_of_date": AS_OF}


def _same_manager(manager: Manager, extracted) -> bool:
    """Full name by its key, or the family name alone when that is all the document gave."""
    from etl.parse.names import parse_person_name

    if extracted.given:
        return extracted.key == parse_person_name(manager.full).key
    return extracted.family.lower() == manager.family.lower()


def differences(accounts) -> list[str]:
    """How the parsed account rows differ from FACTS (missing, wrong or unexpected rows)."""
    unmatched = list(accounts)
    out = []
    for manager, category, figures in expected_rows():
        row = next((a for a in unmatched if a.category.value == category
                    and _same_manager(manager, a.manager)), None)
        if row is None:
            out.append(f"{manager.family}/{category}: missing")
            continue
        unmatched.remove(row)
        for name, want in _wanted(figures).items():
            got = getattr(row, name)
            if got is None or want != got:
                out.append(f"{manager.family}/{category}: {name} {got} (want {want})")
    out += [f"unexpected row {a.manager.full}/{a.category.value}" for a in unmatched]
    return out


def read_back(r: Rendering) -> Outcome:
    from etl.parse import parse_document
    from etl.validate import check

    parsed = parse_document(render(r), is_html=r.fmt == "html")
    findings = tuple(f"{f.check_name}: {f.message}" for f in check(parsed)
                     if f.severity in ("warning", "error"))
    return Outcome(r, tuple(differences(parsed.accounts)), findings)
