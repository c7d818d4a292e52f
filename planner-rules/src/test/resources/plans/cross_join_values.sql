SELECT r_reason_desc, v.x FROM reason, (VALUES (1), (2)) AS v(x) WHERE r_reason_sk < 3
