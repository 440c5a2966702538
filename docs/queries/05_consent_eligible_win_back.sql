-- Question: Whom may we e-mail in a win-back campaign for customers at risk of churning?
-- Eligible = marketing consent, an e-mail address, never unsubscribed (v_consent_eligible);
-- at risk = customer_360.churn_risk. Most valuable first; drop the LIMIT for the full audience.
SELECT customer_id, salutation, title, first_name, last_name, email, rfm_segment,
       predicted_annual_value_cents, preferred_channel
FROM v_consent_eligible
WHERE churn_risk = 1
ORDER BY predicted_annual_value_cents DESC, lifetime_revenue_cents DESC, customer_id DESC
LIMIT 1000;
