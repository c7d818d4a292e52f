-- A DISTINCT aggregate beside plain ones becomes two aggregations: distinct rows first, then the counts.
SELECT ss_store_sk, count(DISTINCT ss_customer_sk), sum(ss_net_paid)
FROM store_sales
GROUP BY ss_store_sk
