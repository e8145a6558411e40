"""``pmdw report``: one self-contained HTML page of plots over the warehouse.

    from etl.report import build_report, write_report
    html = build_report("sqlite:///pmdw.sqlite")          # the page as text
    write_report("sqlite:///pmdw.sqlite", Path("report.html"))  # or written whole to a file

The warehouse is read through a read-only engine (etl.db.create_readonly_engine), with plain SQL
over the contract views (manager_accounts, manager_ownership) and the bookkeeping tables
(load_runs, quarantined_documents, data_quality_findings). The same warehouse always gives the
same bytes: no clock, no random ids, rows sorted in Python.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from etl import db
from etl.report.page import page_html
from etl.report.queries import ReportData, read_report_data
from etl.report.sections import plots

__all__ = ["build_report", "read_report_data", "render_report", "write_report"]


def render_report(data: ReportData, source: str) -> str:
    """The page for numbers already read (``source`` names the warehouse on the page)."""
    return page_html(plots(data), data.totals, source)


def build_report(database_url: str | None = None) -> str:
    url = db.database_url(database_url)
    engine = db.create_readonly_engine(url)
    try:
        with engine.connect() as connection:
            data = read_report_data(connection)
    finally:
        engine.dispose()
    return render_report(data, make_url(url).render_as_string(hide_password=True))


def write_report(database_url: str | None, out: Path) -> int:
    """Writes the page to ``out`` whole or not at all (a temporary file renamed into place);
    returns its size in bytes. OSError when ``out`` cannot be written."""
    html = build_report(database_url).encode("utf-8")
    out = Path(out)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent or ".")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(html)
        os.chmod(temporary, 0o644)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(html)
