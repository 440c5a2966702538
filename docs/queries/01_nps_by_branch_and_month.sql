-- Question: What is the NPS (and CSAT) of each branch, month by month?
-- A survey answer counts for the branch where the respondent last bought at or before answering,
-- one answer per respondent and survey (agg_branch_month in docs/data-dictionary.md).
SELECT branch_id, branch_name, year_month, nps_responses, promoters, detractors, nps,
       csat_responses, csat_avg, csat_satisfied_pct
FROM v_nps_branch_month
WHERE nps_responses > 0
ORDER BY branch_id, year_month;
