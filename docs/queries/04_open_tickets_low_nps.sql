-- Question: Which customers with an open ticket gave us a low score? Call them first.
-- Low score = latest NPS 0-6 (detractor) or average CSAT below 4 (not satisfied), see
-- v_open_tickets_low_score. Open = not closed (status open or reopened). Detractors first, then
-- the least satisfied, then the oldest ticket.
SELECT ticket_id, opened_at, status, priority, category, customer_id, full_name, email, latest_nps,
       nps_category, avg_csat, lifetime_revenue_cents
FROM v_open_tickets_low_score
ORDER BY coalesce(latest_nps, 99), avg_csat NULLS FIRST, opened_at, ticket_id;
