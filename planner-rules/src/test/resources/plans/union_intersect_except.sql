-- UNION becomes an aggregate over UNION ALL; INTERSECT and EXCEPT count the rows of each input per distinct row.
SELECT s_state FROM store
UNION
SELECT w_state FROM warehouse
INTERSECT
SELECT ca_state FROM customer_address
EXCEPT
SELECT cc_state FROM call_center
