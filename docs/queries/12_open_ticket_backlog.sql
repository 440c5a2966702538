-- Question: How big is the open support backlog, by category and priority, and how old is it?
-- Open = not closed (status open or reopened); age in whole days from the local opening date to
-- dw_meta.as_of_date.
SELECT coalesce(k.category, '(none)') AS category, t.priority, count(*) AS open_tickets,
       min(t.opened_at) AS oldest_opened_at,
       round(avg(julianday((SELECT value FROM dw_meta WHERE key = 'as_of_date')) - julianday(d.date)), 1) AS avg_age_days
FROM fact_support_ticket t
JOIN dim_date d ON d.date_key = t.opened_date_key
LEFT JOIN dim_ticket_category k ON k.category_key = t.category_key
WHERE t.closed_at IS NULL
GROUP BY k.category, t.priority
ORDER BY open_tickets DESC, category, t.priority NULLS FIRST;
