-- Question: How many customers are in each RFM segment, what are they worth, how many may we e-mail?
-- Segment rules: dim_rfm_segment (docs/data-dictionary.md).
SELECT segment, description, customers, share_pct, lifetime_revenue_cents, predicted_annual_value_cents,
       emailable_customers
FROM v_rfm_segments
ORDER BY priority;
