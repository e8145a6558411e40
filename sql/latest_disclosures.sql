-- Each manager's latest disclosure of other accounts: the three categories side by side.
SELECT
    manager,
    adviser,
    fund,
    as_of_date,
    ric_num_accounts,
    ric_total_assets_usd,
    pooled_num_accounts,
    pooled_total_assets_usd,
    other_num_accounts,
    other_total_assets_usd,
    perf_num_accounts,
    perf_total_assets_usd,
    accession_number
FROM manager_latest_disclosure
ORDER BY adviser, manager;
