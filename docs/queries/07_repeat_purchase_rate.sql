-- Question: What share of our buyers buys again (repeat-purchase rate), month by month?
-- Buyers with 2 or more purchases / buyers with 1 or more, in the churn window (90 days by default)
-- ending at the end of each month.
SELECT year_month, window_end_date, churn_window_days AS window_days, buyers, repeat_buyers,
       repeat_purchase_rate_pct
FROM kpi_month
WHERE buyers > 0
ORDER BY year_month;
