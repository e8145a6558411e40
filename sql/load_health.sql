-- What the loads left to look at: quarantined documents and data-quality findings, newest
-- first, with where in the source each finding points.
SELECT
    'quarantined' AS kind,
    q.source_path AS location,
    NULL AS check_name,
    q.reason AS message,
    q.attempts,
    q.quarantined_at AS noted_at
FROM quarantined_documents q
UNION ALL
SELECT
    'finding' AS kind,
    f.source_path || ':' || CAST(d.line_start AS VARCHAR(12)) AS location,
    d.check_name,
    d.message,
    NULL AS attempts,
    f.loaded_at AS noted_at
FROM data_quality_findings d
JOIN filings f ON f.id = d.filing_id
ORDER BY noted_at DESC, location;
