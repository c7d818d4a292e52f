-- Small tables for the SQL construct tests, as common table expressions (both Proteus and DuckDB run them).
-- t: NULLs in every column, a NULL group key, ties in v, decimals. u: a key set that overlaps t.g only partly.
WITH t(k, g, v, d, s) AS (VALUES
    (1, 'a', 10, 1.50, 'x'),
    (2, 'a', NULL, 2.25, 'y'),
    (3, 'b', 30, NULL, NULL),
    (4, NULL, 40, 4.00, 'x'),
    (5, 'b', 30, 5.75, 'z'),
    (6, 'c', NULL, NULL, 'y'),
    (7, 'a', 70, 0.10, 'x')),
u(g, w) AS (VALUES ('a', 1), ('c', 2), ('d', 3), (CAST(NULL AS VARCHAR), 4))
