-- Question: How does customer satisfaction develop month by month (CSAT, NPS, effort)?
-- CSAT: survey answers and ticket ratings, average (1-5) and % satisfied (4 or 5); CES: 7 = very easy.
SELECT year_month, csat_responses, csat_avg, csat_satisfied_pct, nps_responses, nps, ces_responses, ces_avg
FROM kpi_month
ORDER BY year_month;
