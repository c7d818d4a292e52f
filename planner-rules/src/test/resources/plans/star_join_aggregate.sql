SELECT d_year, i_brand_id, sum(ss_ext_sales_price) AS revenue
FROM store_sales, date_dim, item
WHERE ss_sold_date_sk = d_date_sk AND ss_item_sk = i_item_sk AND i_manufact_id = 128 AND d_moy = 11
GROUP BY d_year, i_brand_id
ORDER BY d_year, revenue DESC, i_brand_id
LIMIT 100
