"""What a warehouse holds, independent of ids, run numbers and load times: two warehouses with
equal fingerprints hold the same facts."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from etl.evaluate import normalize_value

_QUERIES = {
    "accounts": """SELECT accession_number, document_date, registrant, fund, adviser, manager, category,
                          num_accounts, total_assets_usd, perf_num_accounts, perf_total_assets_usd,
                          as_of_date, source_path, line_start, line_end
                   FROM manager_accounts""",
    "ownership": """SELECT accession_number, fund, adviser, manager, range_low_usd, range_high_usd,
                           range_label, as_of_date, source_path, line_start
                    FROM manager_ownership""",
    "filings": "SELECT identity_key, content_sha256, parser_version, "
               "CASE WHEN has_disclosure THEN 'yes' ELSE 'no' END FROM filings",
    "findings": """SELECT f.identity_key, d.check_name, d.message
                   FROM data_quality_findings d JOIN filings f ON f.id = d.filing_id""",
    "managers": "SELECT full_name, name_key FROM managers",
    "advisers": "SELECT name FROM advisers",
    "funds": "SELECT name, series_id FROM funds",
    "share_classes": "SELECT f.name, c.class_id, c.name, c.ticker FROM share_classes c JOIN funds f ON f.id = c.fund_id",
    "registrants": "SELECT name, cik FROM registrants",
    "manager_disclosures": """SELECT f.identity_key, m.full_name, d.title FROM manager_disclosures d
                              JOIN filings f ON f.id = d.filing_id JOIN managers m ON m.id = d.manager_id""",
    "prose": """SELECT f.identity_key, t.kind, t.heading, length(t.body) FROM disclosure_texts t
                JOIN filings f ON f.id = t.filing_id""",
    "quarantine": "SELECT source_path, reason FROM quarantined_documents",
}


def fingerprint(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        result = {name: sorted(tuple(str(normalize_value(v)) for v in row) for row in connection.execute(text(sql)))
                  for name, sql in _QUERIES.items()}
    engine.dispose()
    return result
