-- Grouping sets stay on one workflow aggregate; GROUPING() is one of its calls.
SELECT i_category, i_class, sum(i_current_price), grouping(i_category, i_class)
FROM item
GROUP BY ROLLUP (i_category, i_class)
