SELECT i_item_id, i_current_price * 2 AS doubled
FROM item
WHERE i_category = 'Books' AND i_current_price BETWEEN 10 AND 20
