-- Question: Who are our 20 most valuable customers?
-- Value = predicted annual value (lifetime average order value x purchases in the last 365 days),
-- then historic value (lifetime revenue); see customer_360 in docs/data-dictionary.md.
SELECT x.customer_id, c.full_name, c.city, x.predicted_annual_value_cents, x.historic_value_cents,
       x.purchases_last_365d, x.average_order_value_cents, x.rfm_segment, x.preferred_channel
FROM customer_360 x
JOIN dim_customer c ON c.customer_id = x.customer_id AND c.is_current = 1
ORDER BY x.predicted_annual_value_cents DESC, x.lifetime_revenue_cents DESC, x.customer_id DESC
LIMIT 20;
