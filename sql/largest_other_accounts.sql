-- Largest books of other accounts: each manager's latest disclosure, ranked by the assets of
-- other pooled vehicles and other accounts (what a manager runs besides registered funds).
SELECT
    manager,
    adviser,
    fund,
    as_of_date,
    pooled_num_accounts,
    pooled_total_assets_usd,
    other_num_accounts,
    other_total_assets_usd,
    COALESCE(pooled_total_assets_usd, 0) + COALESCE(other_total_assets_usd, 0)
        AS non_fund_assets_usd,
    total_assets_usd,
    accession_number
FROM manager_latest_disclosure
ORDER BY non_fund_assets_usd DESC, manager
LIMIT 50;
