-- Question: How did each e-mail campaign perform (open rate, click-through, unsubscribes)?
-- Rates are over delivered messages (sent and not bounced); a click counts as an open.
SELECT campaign_id, campaign_name, first_sent_date, sent, delivered, opened, clicked, unsubscribed,
       open_rate_pct, click_rate_pct, click_to_open_pct
FROM v_campaign_performance
ORDER BY first_sent_date NULLS FIRST, campaign_id;
