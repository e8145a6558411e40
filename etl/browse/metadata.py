"""Datasette's configuration for a warehouse, built in Python from the project's own sources:
table and column descriptions from the data dictionary (etl.dictionary), canned queries from the
analysts' SQL files (sql/, shipped as etl/sql) with titles and descriptions from their leading
comments, and facets on the contract views. Nothing here touches a database."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

DATABASE = "warehouse"  # the name (and URL path) of the warehouse in Datasette
YEAR_FACET = "year"     # a facet type of our own (etl.browse.plugin.YearFacet)

# Facets shown on the contract views without asking: who, which fund, what, and when.
FACETS = {
    "manager_accounts": ("adviser", "fund", "category", {YEAR_FACET: "as_of_date"}),
    "manager_ownership": ("adviser", "fund", "range_label", {YEAR_FACET: "as_of_date"}),
}
SORT_DESC = {"manager_accounts": "as_of_date", "manager_ownership": "as_of_date"}
HIDDEN = ("alembic_version",)


def leading_comment(sql: str) -> str:
    """The ``--`` lines that open a query file, as one paragraph.

    >>> leading_comment("-- Largest books:\\n-- ranked.\\nSELECT 1 -- not this\\n")
    'Largest books: ranked.'
    """
    lines = []
    for line in sql.splitlines():
        stripped = line.strip()
        if not stripped.startswith("--"):
            break
        lines.append(stripped[2:].strip())
    return " ".join(line for line in lines if line)


def title_and_description(comment: str, fallback: str) -> tuple[str, str]:
    """A query's title is its comment up to the first colon or full stop; the description is
    what follows a colon, else the whole comment. No comment: the file name, humanized.

    >>> title_and_description("Largest books of other accounts: ranked by assets.", "x")
    ('Largest books of other accounts', 'Ranked by assets.')
    >>> title_and_description("Managers who own none of the fund they run.", "x")
    ('Managers who own none of the fund they run', 'Managers who own none of the fund they run.')
    >>> title_and_description("", "load_health")
    ('Load health', '')
    """
    if not comment:
        return fallback.replace("_", " ").capitalize(), ""
    match = re.match(r"(?P<title>[^:.]+)(?P<stop>[:.])\s*(?P<rest>.*)", comment, re.DOTALL)
    if match is None:
        return comment, comment
    title, rest = match["title"].strip(), match["rest"].strip()
    if match["stop"] == ":" and rest:
        return title, rest[0].upper() + rest[1:]
    return title, comment


def query_body(sql: str) -> str:
    """The statement without its comment lines and trailing semicolon, as Datasette runs it.

    >>> query_body("-- about\\nSELECT 1;\\n")
    'SELECT 1'
    """
    kept = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return "\n".join(kept).strip().rstrip(";").strip()


def canned_queries(sql_dir: Path) -> dict[str, dict]:
    """Every ``*.sql`` in ``sql_dir`` as a canned query named after its file."""
    queries = {}
    for path in sorted(sql_dir.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        title, description = title_and_description(leading_comment(text), path.stem)
        queries[path.stem] = {"sql": query_body(text), "title": title, "description": description}
    return queries


def column_description(column) -> str:
    """The dictionary's meaning of a column, with its SQL type and unit.

    >>> from types import SimpleNamespace as C
    >>> column_description(C(description="Total assets.", type="NUMERIC(20, 2)", unit="USD"))
    'Total assets. [NUMERIC(20, 2), USD]'
    """
    kind = ", ".join(part for part in (column.type, column.unit) if part)
    return f"{column.description} [{kind}]" if kind else column.description


def table_metadata(entry) -> dict:
    """Datasette's metadata for one dictionary entry: description, columns, facets, sort."""
    metadata = {
        "description": entry.description,
        "columns": {column.name: column_description(column) for column in entry.columns},
    }
    if entry.name in FACETS:
        metadata["facets"] = list(FACETS[entry.name])
    if entry.name in SORT_DESC:
        metadata["sort_desc"] = SORT_DESC[entry.name]
    return metadata


def build_metadata(entries: Iterable, sql_dir: Path) -> dict:
    """The whole of Datasette's metadata for a warehouse served under ``DATABASE``."""
    tables = {entry.name: table_metadata(entry) for entry in entries}
    for name in HIDDEN:
        tables.setdefault(name, {})["hidden"] = True
    return {
        "title": "pmdw warehouse",
        "description": "Portfolio-manager disclosures read from SEC filings: other accounts "
                       "managed and fund ownership, each figure with the filing, lines and text "
                       "it was read from. Read-only.",
        "databases": {DATABASE: {"tables": tables, "queries": canned_queries(sql_dir)}},
    }
