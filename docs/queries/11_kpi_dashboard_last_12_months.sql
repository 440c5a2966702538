-- Question: How are our customer KPIs doing over the last 12 months?
-- One row per month: NPS, recommendation rate, CSAT, CES, churn, repeat purchase, e-mail, support.
SELECT year_month, active_customers, nps, recommendation_rate_pct, csat_avg, csat_satisfied_pct, ces_avg,
       churn_rate_pct, repeat_purchase_rate_pct, email_open_rate_pct, email_click_rate_pct,
       median_resolution_hours, revenue_cents
FROM kpi_month
ORDER BY year_month DESC
LIMIT 12;
