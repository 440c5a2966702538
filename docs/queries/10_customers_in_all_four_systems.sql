-- Question: Which customers did we find in all four systems (e-mail, support, branch, survey),
-- highest lifetime revenue first? bridge_customer_source lists their records in each system.
SELECT x.customer_id, c.full_name, c.email, x.source_records, x.lifetime_revenue_cents, x.tickets,
       x.survey_responses, x.emails_opened
FROM customer_360 x
JOIN dim_customer c ON c.customer_id = x.customer_id AND c.is_current = 1
WHERE x.source_systems = 4
ORDER BY x.lifetime_revenue_cents DESC, x.customer_id DESC
LIMIT 50;
