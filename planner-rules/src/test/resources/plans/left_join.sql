SELECT s_store_name, count(sr_ticket_number) AS return_count
FROM store LEFT JOIN store_returns ON s_store_sk = sr_store_sk
GROUP BY s_store_name
