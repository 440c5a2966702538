-- Question: Which customers did we lose in the last quarter, most valuable first?
-- The last quarter is the last churn window (dw_meta.kpi_churn_window_days, 90 days by default)
-- ending on dw_meta.as_of_date: active in the window before it, no activity in it. Their number is
-- kpi_month.churned_customers of the latest month. Drop the LIMIT for the full list.
SELECT customer_id, full_name, email, marketing_consent, last_activity_date, days_since_last_activity,
       lifetime_revenue_cents, rfm_segment, nps_category
FROM v_churned_customers
ORDER BY lifetime_revenue_cents DESC, customer_id DESC
LIMIT 100;
