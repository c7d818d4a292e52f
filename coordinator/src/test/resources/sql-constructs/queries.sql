-- Each query runs over the tables of tables.sql on Proteus and on DuckDB; the results must agree, row for row.
-- A line "-- name: X" starts query X. Every query orders its rows completely.

-- name: union all keeps duplicates
SELECT k FROM t WHERE k < 4 UNION ALL SELECT k FROM t WHERE k > 2 ORDER BY k

-- name: union removes duplicates and treats NULLs as equal
SELECT g FROM t UNION SELECT s FROM t ORDER BY 1

-- name: intersect with NULLs
SELECT g FROM t INTERSECT SELECT CASE WHEN k < 5 THEN g END FROM t ORDER BY 1

-- name: except with NULLs
SELECT s FROM t EXCEPT SELECT s FROM t WHERE k > 4 ORDER BY 1

-- name: union all of different types widens
SELECT k, d FROM t WHERE k < 3 UNION ALL SELECT w, CAST(w AS DECIMAL(10, 3)) FROM u ORDER BY 1, 2

-- name: rollup with grouping
SELECT g, s, sum(v) AS total, count(*) AS n, grouping(g) AS gg, grouping(g, s) AS gs
FROM t GROUP BY ROLLUP (g, s) ORDER BY g, s, gs

-- name: cube
SELECT g, s, count(v) AS n FROM t GROUP BY CUBE (g, s) ORDER BY g, s, grouping(g, s)

-- name: grouping sets with the empty set
SELECT g, s, max(k) AS m, grouping(g, s) AS gs FROM t GROUP BY GROUPING SETS ((g), (s), ()) ORDER BY gs, g, s

-- name: rollup key also aggregated
SELECT v, count(v) AS n, sum(v) AS total FROM t GROUP BY ROLLUP (v) ORDER BY v, grouping(v)

-- name: rollup over three keys with exact decimal averages and statistics
SELECT g, s, v, avg(d) AS a, sum(d) AS total, min(s) AS lo, count(*) AS n, stddev_samp(k) AS sd,
       grouping(g, s, v) AS gs
FROM t GROUP BY ROLLUP (g, s, v) ORDER BY gs, g, s, v

-- name: cube and grouping sets in one aggregation
SELECT g, s, count(*) AS n, sum(v) AS total, grouping(g) AS gg, grouping(s) AS gsx
FROM t GROUP BY GROUPING SETS ((g, s), (g), (s), (g, s)) ORDER BY gg, gsx, g, s, n

-- name: rollup then rank over its groups
SELECT g, s, total, rank() OVER (PARTITION BY g ORDER BY total DESC) AS r
FROM (SELECT g, s, sum(v) AS total FROM t GROUP BY ROLLUP (g, s)) x ORDER BY g, s, r

-- name: rollup over empty input keeps the grand total row
SELECT g, s, count(*) AS n, sum(v) AS total, avg(d) AS a, min(s) AS lo, stddev_samp(v) AS sd, grouping(g, s) AS gs
FROM t WHERE k > 100 GROUP BY ROLLUP (g, s) ORDER BY gs, g, s

-- name: grouping sets without the empty set over empty input give no rows
SELECT g, count(*) AS n FROM t WHERE k > 100 GROUP BY GROUPING SETS ((g), (s)) ORDER BY g

-- name: count distinct with other aggregates
SELECT g, count(DISTINCT s) AS ds, count(*) AS n, sum(v) AS total FROM t GROUP BY g ORDER BY g

-- name: several distinct aggregates without keys
SELECT count(DISTINCT g) AS dg, count(DISTINCT s) AS ds, count(DISTINCT v) AS dv, sum(DISTINCT v) AS sv FROM t

-- name: distinct aggregate in having
SELECT g FROM t GROUP BY g HAVING count(DISTINCT s) > 1 ORDER BY g

-- name: exists correlated
SELECT k FROM t WHERE EXISTS (SELECT 1 FROM t AS o WHERE o.g = t.g AND o.k <> t.k) ORDER BY k

-- name: not exists correlated
SELECT k FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.g = t.g) ORDER BY k

-- name: in sub-query
SELECT k FROM t WHERE g IN (SELECT g FROM u) ORDER BY k

-- name: not in sub-query containing NULL is never true
SELECT k FROM t WHERE v NOT IN (SELECT v FROM t WHERE k > 5) ORDER BY k

-- name: not in sub-query without NULLs
SELECT k FROM t WHERE v NOT IN (SELECT v FROM t WHERE v IS NOT NULL AND k > 3) ORDER BY k

-- name: not in with NULL probe value
SELECT k, v NOT IN (SELECT w * 10 FROM u) AS outside FROM t ORDER BY k

-- name: scalar sub-query correlated
SELECT k, (SELECT max(v) FROM t AS o WHERE o.g = t.g) AS group_max FROM t ORDER BY k

-- name: scalar sub-query uncorrelated in a predicate
SELECT k FROM t WHERE v > (SELECT avg(v) FROM t) ORDER BY k

-- name: left join
SELECT t.k, u.w FROM t LEFT JOIN u ON t.g = u.g ORDER BY t.k, u.w

-- name: right join
SELECT t.k, u.w FROM t RIGHT JOIN u ON t.g = u.g ORDER BY u.w, t.k

-- name: full join
SELECT t.k, u.w FROM t FULL JOIN u ON t.g = u.g ORDER BY t.k, u.w

-- name: left join with a residual condition
SELECT t.k, u.w FROM t LEFT JOIN u ON t.g = u.g AND t.v > 20 ORDER BY t.k, u.w

-- name: shared join condition inside a disjunction
SELECT t.k, u.w FROM t, u WHERE (t.g = u.g AND t.v > 20) OR (t.g = u.g AND u.w = 2) ORDER BY t.k, u.w

-- name: date plus and minus integer days
SELECT k, DATE '2000-02-27' + k AS later, DATE '2000-03-01' - k AS earlier, k + DATE '2000-12-31' AS flipped
FROM t WHERE DATE '2000-02-27' + k > DATE '2000-02-29' ORDER BY k

-- name: string functions
SELECT k, concat(s, g) AS c, s || '-' || g AS piped, substr(s, 1, 1) AS first, upper(g) AS up, lower('AbC') AS low,
    length(s) AS len, trim('  p  ') AS trimmed
FROM t ORDER BY k

-- name: like and case
SELECT k, CASE WHEN s LIKE 'x%' THEN 'ex' WHEN s IS NULL THEN 'none' ELSE 'other' END AS kind FROM t ORDER BY k

-- name: statistics aggregates
SELECT g, stddev_samp(v) AS sd, stddev_pop(v) AS sdp, var_samp(v) AS vs, var_pop(v) AS vp, avg(d) AS ad
FROM t GROUP BY g ORDER BY g

-- name: exact decimal sums
SELECT g, sum(d) AS total, sum(d * 3) AS tripled, min(d) AS low, max(d) AS high FROM t GROUP BY g ORDER BY g

-- name: order by descending puts NULLs last
SELECT g, k FROM t ORDER BY g DESC, k

-- name: order by ascending puts NULLs last
SELECT s, k FROM t ORDER BY s, k

-- name: explicit nulls first
SELECT s, k FROM t ORDER BY s NULLS FIRST, k DESC

-- name: limit and offset
SELECT k FROM t ORDER BY k LIMIT 3 OFFSET 2

-- name: three-valued logic
SELECT k, v > 20 AND g = 'b' AS both_true, v > 20 OR g = 'b' AS either, NOT (v > 20) AS negated,
    v > 20 IS NOT TRUE AS not_true
FROM t ORDER BY k

-- name: common table expression used twice
WITH totals AS (SELECT g, sum(v) AS total FROM t GROUP BY g)
SELECT a.g, a.total, b.total AS again FROM totals AS a JOIN totals AS b ON a.g = b.g ORDER BY a.g

-- name: aggregate over empty input
SELECT count(*) AS n, sum(v) AS total, max(s) AS m FROM t WHERE k > 100

-- name: distinct rows
SELECT DISTINCT g, s FROM t ORDER BY g, s

-- name: common table expression used twice runs once and feeds both uses
WITH totals AS (SELECT g, sum(v) AS total, count(*) AS n FROM t GROUP BY g)
SELECT a.g, a.total, b.n FROM totals a JOIN totals b ON a.g = b.g ORDER BY a.g

-- name: common table expression used twice with different filters
WITH totals AS (SELECT g, sum(v) AS total FROM t GROUP BY g)
SELECT a.g, a.total, b.total AS other FROM totals a LEFT JOIN totals b ON a.g = b.g AND b.total > 40 ORDER BY a.g

-- name: in list of literals as a value keeps NULL for a NULL operand
SELECT k, s IN ('x', 'y', 'w') AS hit, g IN ('a', 'c') OR v = 30 AS either FROM t ORDER BY k

-- name: in list of literals over an expression in a filter
SELECT k FROM t WHERE substring(s, 1, 1) IN ('x', 'z') OR k = 6 ORDER BY k
