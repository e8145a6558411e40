-- Managers with performance-fee accounts in their latest disclosure, per category.
SELECT
    ma.manager,
    ma.adviser,
    ma.fund,
    ma.category,
    ma.perf_num_accounts,
    ma.perf_total_assets_usd,
    ma.num_accounts,
    ma.total_assets_usd,
    ma.as_of_date,
    ma.accession_number
FROM manager_accounts ma
JOIN manager_latest_disclosure latest
  ON latest.filing_id = ma.filing_id AND latest.manager_id = ma.manager_id
WHERE ma.perf_num_accounts > 0 OR ma.perf_total_assets_usd > 0
ORDER BY ma.perf_total_assets_usd DESC, ma.manager, ma.category;
