-- Managers who own none of the fund they run, in the latest ownership disclosure for each
-- manager and fund.
SELECT
    mo.manager,
    mo.adviser,
    mo.fund,
    mo.range_label,
    mo.as_of_date,
    mo.accession_number,
    mo.source_path
FROM manager_ownership mo
WHERE mo.range_high_usd = 0
  AND NOT EXISTS (
      SELECT 1
      FROM manager_ownership later
      WHERE later.manager_id = mo.manager_id
        AND later.fund IS NOT DISTINCT FROM mo.fund
        AND (later.as_of_date > mo.as_of_date
             OR (later.as_of_date = mo.as_of_date AND later.filing_id > mo.filing_id))
  )
ORDER BY mo.adviser, mo.manager, mo.fund;
