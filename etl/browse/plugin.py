"""The Datasette plugin pmdw registers in-process: every fact links to its provenance, and the
contract views facet by as-of year.

Provenance, cell by cell (on table pages and query results alike):
- ``accession_number`` (the first column of the views): a link to the filing's index page in
  the EDGAR archive (the CIK from the row, else from ``filings``) and, on the contract views,
  the raw text the figures were read from (looked up in the fact table behind the view), so the
  text sits at the left of the row, beside the figures, not 15 columns away;
- ``source_path``: the path and the line span when the row has one;
- ``raw_text`` (fact tables): the text as printed, line breaks kept;
- ``*_usd``: exact amounts with thousands separators.

And it answers any request but GET, HEAD and OPTIONS with 405 (read-only).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.plugins import pm
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args
from markupsafe import Markup

from etl.browse.metadata import DATABASE, YEAR_FACET

PLUGIN_NAME = "pmdw-provenance"
EDGAR_ARCHIVE = "https://www.sec.gov/Archives/edgar/data"
# as printed (a plain-text table keeps its columns), scrolling inside the cell when long or wide
RAW_TEXT_STYLE = ("white-space:pre;max-height:10em;max-width:30em;overflow:auto;margin:0.3em 0 0;"
                  "padding:0.3em;background:#f6f6ef;border-left:3px solid #bbb;font-size:0.85em")


def edgar_filing_url(cik, accession_number) -> str | None:
    """The filing's index page in the EDGAR archive, or None without a CIK or accession.

    >>> edgar_filing_url(1126087, "0000908737-06-000882")
    'https://www.sec.gov/Archives/edgar/data/1126087/000090873706000882/0000908737-06-000882-index.htm'
    >>> edgar_filing_url(None, "0000908737-06-000882") is None
    True
    """
    if cik in (None, "") or not accession_number:
        return None
    return f"{EDGAR_ARCHIVE}/{int(cik)}/{accession_number.replace('-', '')}/{accession_number}-index.htm"


def line_span(line_start, line_end) -> str:
    """How a fact's lines are shown.

    >>> line_span(85, 86), line_span(36, 36), line_span(None, None)
    ('lines 85-86', 'line 36', '')
    """
    if line_start is None:
        return ""
    if line_end in (None, line_start):
        return f"line {line_start}"
    return f"lines {line_start}-{line_end}"


def usd(value) -> str | None:
    """An amount of dollars with thousands separators, exactly as stored.

    >>> usd(15700000000), usd("87450000.50"), usd(None), usd("n/a")
    ('15,700,000,000', '87,450,000.50', None, None)
    """
    try:
        return f"{Decimal(str(value)):,}" if value is not None else None
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class FactSource:
    """The fact table behind a view, and the view's columns that single out a fact's row."""

    table: str
    keys: tuple[str, ...]


FACT_SOURCES = {
    "manager_accounts": FactSource("account_categories", ("category",)),
    "manager_ownership": FactSource("ownership_ranges", ("range_label",)),
}
ROW_KEYS = ("filing_id", "manager_id", "line_start", "line_end", "fund")


def raw_text_sql(source: FactSource) -> str:
    """The query for the raw text of one view row's fact."""
    extra = "".join(f" AND t.{key} = :{key}" for key in source.keys)
    return (f"SELECT t.raw_text FROM {source.table} t LEFT JOIN funds fu ON fu.id = t.fund_id "
            "WHERE t.filing_id = :filing_id AND t.manager_id = :manager_id "
            "AND t.line_start = :line_start AND t.line_end = :line_end "
            f"AND fu.name IS :fund{extra} LIMIT 1")


def _value(row, column: str):
    """A row's value by column name, None when the row has no such column."""
    try:
        return row[column]
    except (IndexError, KeyError):
        return None


def _has(row, columns) -> bool:
    keys = row.keys() if hasattr(row, "keys") else ()
    return all(column in keys for column in columns)


async def _cik_of(datasette, database: str, row, accession_number: str):
    if _has(row, ("cik",)):
        return _value(row, "cik")
    result = await datasette.get_database(database).execute(
        "SELECT cik FROM filings WHERE accession_number = :a AND cik IS NOT NULL LIMIT 1",
        {"a": accession_number})
    return result.rows[0][0] if result.rows else None


async def _raw_text(datasette, database: str, table: str | None, row) -> str | None:
    source = FACT_SOURCES.get(table or "")
    if source is None or not _has(row, ROW_KEYS + source.keys):
        return None
    params = {key: _value(row, key) for key in ROW_KEYS + source.keys}
    result = await datasette.get_database(database).execute(raw_text_sql(source), params)
    return result.rows[0][0] if result.rows else None


def raw_text_html(text: str) -> Markup:
    return Markup('<pre class="pmdw-raw-text" style="{}">{}</pre>').format(RAW_TEXT_STYLE, text)


def accession_cell(datasette, database, table, row, accession_number):
    async def render():
        url = None
        if accession_number:
            url = edgar_filing_url(await _cik_of(datasette, database, row, accession_number),
                                   accession_number)
        raw = await _raw_text(datasette, database, table, row)
        if url is None and raw is None:
            return None
        html = (Markup('<a class="pmdw-edgar" href="{}" title="the filing on EDGAR">{}</a>').format(
                    url, accession_number) if url
                else Markup('<span class="pmdw-no-accession">{}</span>').format(
                    accession_number or "(no accession number)"))
        return html + raw_text_html(raw) if raw else html
    return render


def source_cell(row, source_path) -> Markup:
    html = Markup('<span class="pmdw-source">{}</span>').format(source_path)
    span = line_span(_value(row, "line_start"), _value(row, "line_end"))
    return html + Markup(' <span class="pmdw-lines">{}</span>').format(span) if span else html


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if database != DATABASE:
        return None
    if column == "accession_number":
        return accession_cell(datasette, database, table, row, value)
    if value in (None, ""):
        return None
    if column == "source_path":
        return source_cell(row, value)
    if column == "raw_text":
        return raw_text_html(value)
    if column.endswith("_usd"):
        amount = usd(value)
        return Markup('<span class="pmdw-usd">{}</span>').format(amount) if amount else None
    return None


class YearFacet(Facet):
    """Facet a date column (ISO text) by its year; choosing a year filters
    ``COLUMN__startswith=YYYY``."""

    type = YEAR_FACET

    def _year_sql(self, column: str) -> str:
        col = escape_sqlite(column)
        return (f"SELECT substr({col}, 1, 4) AS value, count(*) AS count FROM ({self.sql}) "
                f"WHERE {col} IS NOT NULL GROUP BY value ORDER BY value DESC "
                f"LIMIT {self.get_facet_size() + 1}")

    def _toggle_url(self, column: str, year: str, selected: bool) -> str:
        change = path_with_removed_args if selected else path_with_added_args
        return self.ds.absolute_url(self.request, change(self.request, {f"{column}__startswith": year}))

    async def _one(self, source_and_config) -> dict:
        config = source_and_config["config"]
        column = config.get("column") or config["simple"]
        rows = (await self.ds.execute(self.database, self._year_sql(column), self.params,
                                      truncate=False,
                                      custom_time_limit=self.ds.setting("facet_time_limit_ms"))).rows
        chosen = dict(self.get_querystring_pairs()).get(f"{column}__startswith")
        size = self.get_facet_size()
        results = [{"value": row["value"], "label": row["value"], "count": row["count"],
                    "selected": chosen == row["value"],
                    "toggle_url": self._toggle_url(column, row["value"], chosen == row["value"])}
                   for row in rows[:size]]
        return {"name": column, "type": self.type, "results": results,
                "hideable": source_and_config["source"] != "metadata", "truncated": len(rows) > size,
                "toggle_url": path_with_removed_args(self.request, {f"_facet_{self.type}": column})}

    async def facet_results(self):
        results, timed_out = [], []
        for config in self.get_configs():
            try:
                results.append(await self._one(config))
            except QueryInterrupted:
                timed_out.append(config["config"].get("column") or config["config"]["simple"])
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [YearFacet]


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def _method_not_allowed(send) -> None:
    await send({"type": "http.response.start", "status": 405,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"allow", b"GET, HEAD, OPTIONS")]})
    await send({"type": "http.response.body", "body": b"pmdw serve is read-only\n"})


@hookimpl
def asgi_wrapper(datasette):
    """On a read-only pmdw Datasette, any request but GET, HEAD or OPTIONS is answered 405
    before Datasette sees it: no form, canned query or API call can write."""
    if not getattr(datasette, "pmdw_read_only", False):
        return lambda app: app

    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope["method"].upper() not in READ_METHODS:
                await _method_not_allowed(send)
                return
            await app(scope, receive, send)
        return read_only
    return wrap


def register() -> None:
    """Register this module with Datasette's plugin manager, once per process."""
    if pm.get_plugin(PLUGIN_NAME) is None:
        pm.register(sys.modules[__name__], name=PLUGIN_NAME)
