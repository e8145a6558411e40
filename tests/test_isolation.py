"""A table or prose step that trips the parser costs that part only: the rest of the document
loads, and the failure is a finding ("table_not_read"), never a quarantine of the whole."""

from __future__ import annotations

from importlib import import_module

import pytest
from sqlalchemy import create_engine, text

from etl.parse import parse_document
from etl.pipeline import run_load
from etl.validate import check
from tests.conftest import TEST_DATA

UNREADABLE = TEST_DATA / "unreadable_table.htm"
assemble = import_module("etl.parse.assemble")  # the module, which etl.parse.assemble (the function) hides


def parsed():
    return parse_document(UNREADABLE.read_text(), is_html=True)


def managers_with_accounts(doc) -> set[str]:
    return {row.manager.full for row in doc.accounts}


@pytest.fixture
def villeneuve_table_raises(monkeypatch):
    """The accounts table that names Villeneuve raises, whatever the parser makes of it."""
    real = assemble.read_accounts_grid

    def read(grid, context):
        if "Villeneuve" in (context.manager or "") or any("Villeneuve" in c.flat for r in grid.rows for c in r):
            raise RuntimeError("invented failure")
        return real(grid, context)

    monkeypatch.setattr(assemble, "read_accounts_grid", read)


def test_a_table_that_raises_is_a_finding_and_the_other_tables_still_read(villeneuve_table_raises):
    doc = parsed()
    assert managers_with_accounts(doc) == {"Harriet Q. Pemberton"}
    assert len(doc.accounts) == 3
    failures = [(f.severity, f.message, f.span.line_start) for f in check(doc) if f.check_name == "table_not_read"]
    assert ("error", "table at line 16 could not be read: RuntimeError: invented failure", 16) in failures
    assert len(failures) <= 2  # and maybe the ownership table below (see the next tests)


def test_a_prose_step_that_raises_is_a_finding_too(monkeypatch):
    def fail(*args):
        raise KeyError("invented")

    monkeypatch.setattr(assemble, "with_prose_accounts", fail)
    doc = parsed()
    assert len(doc.accounts) == 6
    assert {row.perf_num_accounts for row in doc.accounts} == {None}  # the prose that said 0 went unread
    [failure] = [f for f in check(doc) if f.check_name == "prose_not_read"]
    assert failure.message == "other accounts stated in prose could not be read: KeyError: 'invented'"
    assert failure.severity == "error" and failure.span is None


def test_memory_errors_are_not_isolated(monkeypatch):
    def exhausted(grid, context):
        raise MemoryError

    monkeypatch.setattr(assemble, "read_accounts_grid", exhausted)
    with pytest.raises(MemoryError):
        parsed()


def test_check_marks_beside_spacer_columns_no_longer_quarantine_the_document():
    """A real trigger: marks "X" in the spacer columns between the range headers raised
    ValueError from parse_dollar_range. The ownership reader no longer raises on them; a mark
    that sits between two ranges is not read as either, and a finding says the section was
    not read."""
    doc = parsed()
    assert managers_with_accounts(doc) == {"Harriet Q. Pemberton", "Osgood R. Villeneuve"}
    findings = check(doc)
    assert not [f for f in findings if f.check_name == "table_not_read"]
    if not doc.ownership:
        assert [f.check_name for f in findings if f.check_name.startswith("ownership_")] == \
            ["ownership_section_not_read"]


def test_a_document_with_an_unreadable_table_loads_with_its_finding(tmp_path, villeneuve_table_raises):
    url = f"sqlite:///{tmp_path / 'warehouse.sqlite'}"
    summary = run_load([str(UNREADABLE)], database_url=url)
    assert summary.statuses["loaded"] == 1 and summary.statuses["quarantined"] == 0
    assert summary.documents_with_findings == 1
    engine = create_engine(url)
    with engine.connect() as connection:
        checks = connection.execute(text("SELECT check_name, line_start FROM data_quality_findings")).all()
        figures = connection.execute(text(
            "SELECT m.full_name, COUNT(*) FROM account_categories a JOIN managers m ON m.id = a.manager_id"
            " GROUP BY m.full_name")).all()
        quarantined = connection.execute(text("SELECT COUNT(*) FROM quarantined_documents")).scalar()
    engine.dispose()
    assert ("table_not_read", 16) in [tuple(c) for c in checks]
    assert [tuple(f) for f in figures] == [("Harriet Q. Pemberton", 3)]
    assert quarantined == 0


def test_documents_with_findings_counts_loaded_documents_not_findings(tmp_path, villeneuve_table_raises):
    clean = tmp_path / "clean.htm"
    clean.write_text(UNREADABLE.read_text().split("<p><b>Ownership of Fund Shares.")[0]
                     .replace("Osgood R. Villeneuve", "Ottilie R. Vance") + "</body></html>")
    url = f"sqlite:///{tmp_path / 'warehouse.sqlite'}"
    summary = run_load([str(UNREADABLE), str(clean)], database_url=url)
    assert summary.statuses["loaded"] == 2
    assert summary.findings >= 2  # the table that raised and the ownership table not read; none for the copy
    assert summary.documents_with_findings == 1
    assert summary.as_dict()["documents_with_findings"] == 1


def test_load_summary_names_the_documents_with_findings(tmp_path):
    from etl.cli.load_command import render_summary

    summary = run_load([str(UNREADABLE)], database_url=f"sqlite:///{tmp_path / 'warehouse.sqlite'}")
    assert f"data-quality findings: {summary.findings} in 1 loaded document(s)" in render_summary(summary)
