SELECT i_category, i_item_id,
       rank() OVER (PARTITION BY i_category ORDER BY i_current_price DESC) AS price_rank,
       sum(i_current_price) OVER (PARTITION BY i_category) AS category_total,
       lag(i_current_price, 2, 0) OVER (PARTITION BY i_category ORDER BY i_item_sk) AS earlier_price
FROM item
WHERE i_current_price > 10
