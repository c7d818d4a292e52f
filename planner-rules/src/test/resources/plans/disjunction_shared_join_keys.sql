-- The equality repeated in every branch of the OR is pulled out and becomes the join key.
SELECT count(*)
FROM store_sales, customer_demographics
WHERE (ss_cdemo_sk = cd_demo_sk AND cd_marital_status = 'M' AND ss_sales_price BETWEEN 100 AND 150)
   OR (ss_cdemo_sk = cd_demo_sk AND cd_marital_status = 'S' AND ss_sales_price BETWEEN 50 AND 100)
