"""A registration statement of several MB, inside an EDGAR complete submission file, loads with
the right filing metadata, its managers' facts, and none of the trustees among the managers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, text

from etl.pipeline import run_load
from tests.synthetic import TRUSTEES, complete_submission, registration_statement


def test_several_mb_submission_loads_with_metadata_and_no_trustees(warehouse_url, tmp_path):
    statement = registration_statement(megabytes=4)
    assert len(statement) > 4_000_000
    path = tmp_path / "0001193125-24-123456.txt"
    path.write_text(complete_submission(statement))

    summary = run_load([str(path)], database_url=warehouse_url)

    # the registration statement loads; the cover letter has no disclosure; the graphic is skipped
    assert summary.exit_code == 0
    assert summary.statuses["loaded"] == 1 and summary.statuses["no_disclosure"] == 1
    engine = create_engine(warehouse_url)
    with engine.connect() as connection:
        filings = connection.execute(text(
            "SELECT accession_number, cik, form_type, filed_date, document_name, has_disclosure "
            "FROM filings ORDER BY document_name")).all()
        managers = {row[0] for row in connection.execute(text("SELECT full_name FROM managers"))}
        series = connection.execute(text("SELECT series_id, name FROM funds WHERE series_id IS NOT NULL")).all()
        accounts = connection.execute(text("SELECT COUNT(*) FROM account_categories")).scalar_one()
        classes = connection.execute(text(
            "SELECT f.series_id, c.class_id, c.name, c.ticker FROM share_classes c "
            "JOIN funds f ON f.id = c.fund_id")).all()
    engine.dispose()
    assert [f[4] for f in filings] == ["d123456d485bpos.htm", "filename2.htm"]
    for accession, cik, form_type, filed, _, _ in filings:
        assert (accession, cik, form_type) == ("0001193125-24-123456", 1099999, "485BPOS")
        assert str(filed) == str(dt.date(2024, 4, 15))
    assert managers == {"Theodora M. Kaplan", "Benedikt Arnason", "Lorenzo Whitby III"}
    assert not managers & set(TRUSTEES)
    assert accounts == 9
    assert series == [("S000012345", "Harborline Core Plus Bond Fund")]
    assert classes == [("S000012345", "C000033333", "Institutional Class", "HLCPX")]
